//! The direction an output moves in when one input grows: the dependence table's cells.

/// How an output moves when one input grows (all other inputs fixed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Dir {
    /// The output does not read the input.
    None,
    /// Non-decreasing.
    Up,
    /// Non-increasing.
    Down,
    /// Up and down in turn (effective FLOP grows with GPUs while goodput falls): never the
    /// monotone shortcut, always sampled.
    Mixed,
}
