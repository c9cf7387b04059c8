//! Pure scenario math, units, number formatting and parsing. No I/O, no terminal.

pub mod compute;
pub mod cost;
pub mod epoch_cost;
pub mod failures;
pub mod field;
pub mod format;
pub mod output;
pub mod parse;
pub mod projection;
pub mod serving;
pub mod solve;
pub mod trend;
pub mod uncertainty;
pub mod units;

pub use compute::{
    Comparison, Inputs, MfuBasis, Outputs, TrainedModel, compare, implied_utilization,
};
pub use failures::Recovery;
pub use field::{Field, RangeError, Scale};
pub use output::Output;
pub use units::{Flop, FlopPerSec, Usd};

/// The variants of an enum as an array, in declaration order: strum lists them as a slice, and
/// arrays are what `map` and tables sized by the count need. A variant added to the enum is in
/// every list at once.
pub const fn all<T: Copy, const N: usize>(variants: &[T]) -> [T; N] {
    assert!(variants.len() == N);
    let mut a = [variants[0]; N];
    let mut i = 1;
    while i < N {
        a[i] = variants[i];
        i += 1;
    }
    a
}
