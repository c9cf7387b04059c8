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
