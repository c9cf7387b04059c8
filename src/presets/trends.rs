//! Trend rates and allocation defaults as preset data (`presets/trends.ron`): the sourced
//! values behind the model's [`Rates`], the frontier growth the fitted trend is compared with,
//! and the Monte Carlo intervals of the trends.

use super::problem::Problem;
use super::read::parse_ron;
use super::sourced::Sourced;
use crate::model::projection::Rates;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// The whole file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trends {
    pub price_performance_ooms_per_year: Sourced,
    pub energy_efficiency_ooms_per_year: Sourced,
    pub algorithmic_halving_months: Sourced,
    pub split_final_run: Sourced,
    pub split_experiments: Sourced,
    pub split_inference: Sourced,
    /// How many runs count as the frontier at each date (Epoch AI's top 10 at release): the
    /// largest-runs fit beside the central one.
    pub frontier_top_runs: Sourced,
    /// Epoch AI's published growth of frontier training compute, × per year, as a range: what
    /// the fitted frontier trend is compared with.
    pub frontier_growth_per_year: Sourced,
    /// Publicly reported serving volumes, the ruler for tokens served per day.
    pub serving: Vec<Serving>,
    /// Where the wait-or-train rule comes from.
    pub longest_run_source: String,
}

/// A provider's reported serving volume.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Serving {
    pub name: String,
    /// When the figure applies, `YYYY-MM`.
    pub date: String,
    pub tokens_per_day: Sourced,
}

/// Built-in file: (path shown in messages, contents).
pub const EMBEDDED_TRENDS: (&str, &str) = super::embedded::builtin("embedded:presets/trends.ron");

/// Parses the trends file.
pub fn parse_trends(path: &str, text: &str) -> Result<Trends, Problem> {
    parse_ron(path, text)
}

/// The built-in file, parsed once. It is compiled in and a test parses it, so a broken one
/// cannot ship; the model's trend rates exist nowhere else.
pub fn published() -> &'static Trends {
    static TRENDS: LazyLock<Trends> = LazyLock::new(|| {
        parse_trends(EMBEDDED_TRENDS.0, EMBEDDED_TRENDS.1)
            .unwrap_or_else(|p| panic!("the built-in trends file is valid (a test checks): {p}"))
    });
    &TRENDS
}

impl Trends {
    /// The point values as the model's rates.
    pub fn rates(&self) -> Rates {
        Rates {
            price_performance_ooms: self.price_performance_ooms_per_year.value,
            energy_efficiency_ooms: self.energy_efficiency_ooms_per_year.value,
            algorithmic_halving_months: self.algorithmic_halving_months.value,
            split: [
                self.split_final_run.value,
                self.split_experiments.value,
                self.split_inference.value,
            ],
        }
    }

    /// Epoch AI's frontier growth range, × per year (low, high).
    pub fn frontier_growth_range(&self) -> (f64, f64) {
        let g = &self.frontier_growth_per_year;
        (g.low.unwrap_or(g.value), g.high.unwrap_or(g.value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_file_parses_to_a_split_that_sums_to_one() {
        let r = published().rates();
        assert_eq!(r.price_performance_ooms, 0.14);
        assert!((r.split.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert_eq!(published().frontier_growth_range(), (4.0, 5.0));
    }
}
