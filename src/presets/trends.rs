//! Trend rates and allocation defaults as preset data (`presets/trends.ron`): the sourced
//! values behind [`Rates::PUBLISHED`] and the Monte Carlo intervals of the trends.

use super::parse::parse_ron;
use super::problem::Problem;
use super::schema::Sourced;
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
pub const EMBEDDED_TRENDS: (&str, &str) = (
    "embedded:presets/trends.ron",
    include_str!("../../presets/trends.ron"),
);

/// Parses the trends file.
pub fn parse_trends(path: &str, text: &str) -> Result<Trends, Problem> {
    parse_ron(path, text)
}

/// The built-in file, parsed once; `None` only if the embedded file is broken (a test
/// parses it).
pub fn published() -> Option<&'static Trends> {
    static TRENDS: LazyLock<Option<Trends>> =
        LazyLock::new(|| parse_trends(EMBEDDED_TRENDS.0, EMBEDDED_TRENDS.1).ok());
    TRENDS.as_ref()
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_file_parses_and_matches_the_models_rates() {
        let t = published().expect("presets/trends.ron parses");
        let r = t.rates();
        let p = Rates::PUBLISHED;
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs();
        assert!(close(r.price_performance_ooms, p.price_performance_ooms));
        assert!(close(r.energy_efficiency_ooms, p.energy_efficiency_ooms));
        assert!(close(
            r.algorithmic_halving_months,
            p.algorithmic_halving_months
        ));
        for k in 0..3 {
            assert!(close(r.split[k], p.split[k]), "{k}");
        }
        assert!((r.split.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }
}
