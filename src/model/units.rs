//! Newtypes for the quantities that are easy to mix up.
//!
//! FLOP (an amount of work) and FLOP/s (a rate) differ by a factor of seconds that is easy to drop, and
//! dollars are easy to confuse with other plain numbers. Wrapping them keeps the compiler on our side.
//! They serialize as plain numbers so JSON output stays `"total_flop": 1.08e27`.

use serde::Serialize;

macro_rules! unit {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd, Serialize)]
        #[serde(transparent)]
        pub struct $name(pub f64);

        impl $name {
            /// The raw number in this unit.
            pub fn get(self) -> f64 {
                self.0
            }
        }
    };
}

unit!(
    /// An amount of floating-point work (not a rate).
    Flop
);
unit!(
    /// A rate of floating-point work per second.
    FlopPerSec
);
unit!(
    /// US dollars (nominal, as in the source).
    Usd
);

impl FlopPerSec {
    /// Work done at this rate over `seconds`.
    pub fn over_seconds(self, seconds: f64) -> Flop {
        Flop(self.0 * seconds)
    }
}

impl Flop {
    /// Seconds this much work takes at `rate`; `f64::INFINITY` when the rate is zero.
    pub fn seconds_at(self, rate: FlopPerSec) -> f64 {
        self.0 / rate.0
    }
}

/// Seconds per day.
pub const SECONDS_PER_DAY: f64 = 86_400.0;
/// Hours per day.
pub const HOURS_PER_DAY: f64 = 24.0;
/// Days per Julian year, the convention for amortization.
pub const DAYS_PER_YEAR: f64 = 365.25;
/// FLOP/s in one TFLOP/s.
pub const TERA: f64 = 1e12;
