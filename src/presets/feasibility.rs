//! The inputs of the feasibility model (`presets/feasibility.ron`): what power, chips, data and
//! latency allow a single training run by year, with the distributions the Monte Carlo draws
//! from. Past years' sites and chips stay in `limits.ron`; this file holds the projection to
//! the anchor year (Epoch AI's 2030 report) and the shares one developer and one run can hold.

use super::parse::parse_ron;
use super::problem::Problem;
use super::schema::Sourced;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// The whole file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeasibilityData {
    /// The year whose capacities the growth rates start from (the report's "today").
    pub base_year: u16,
    /// The year the projections are anchored at (the report's 2030).
    pub anchor_year: u16,
    /// Length of the run, months; drawn log-uniform between low and high.
    pub run_months: Sourced,
    /// Hardware FLOP utilization of the run.
    pub utilization: Sourced,
    /// Facility watts per H100 in the base year, all overheads included.
    pub facility_watts_per_h100: Sourced,
    /// Facility ÷ IT power, for sites whose figure is IT power.
    pub pue: Sourced,
    /// Compute-optimal training tokens per parameter.
    pub tokens_per_param: Sourced,
    pub power: PowerInputs,
    pub chips: ChipInputs,
    pub data: DataInputs,
    pub latency: LatencyInputs,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PowerInputs {
    /// Data-centre capacity of all uses in the base year, GW.
    pub dc_capacity_gw: Sourced,
    /// Yearly growth of all data-centre capacity (0.15 = 15 %).
    pub dc_growth: Sourced,
    /// The AI part of that capacity in the base year, GW.
    pub ai_capacity_gw: Sourced,
    /// Yearly growth of the non-AI part.
    pub non_ai_growth: Sourced,
    /// Share of AI capacity the largest developer holds.
    pub lab_share: Sourced,
    /// Share of the developer's capacity one training run can use.
    pub training_share: Sourced,
    /// The largest single campus in the anchor year, facility GW.
    pub campus_gw: Sourced,
    /// What distributed power assumes about the links between sites.
    pub bandwidth: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChipInputs {
    /// Installed accelerators in the anchor year, 8-bit H100-equivalents.
    pub stock_h100e: Sourced,
    /// Share of the stock the largest developer holds.
    pub lab_share: Sourced,
    /// Share of the developer's chips one training run can use.
    pub training_share: Sourced,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataInputs {
    /// Effective training tokens in the anchor year (all modalities, quality and epochs
    /// counted).
    pub effective_tokens: Sourced,
    /// Yearly growth of the stock.
    pub growth: Sourced,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LatencyInputs {
    /// The largest run the latency wall allows for a run of `reference_months`, FLOP.
    pub flop: Sourced,
    pub reference_months: Sourced,
    /// The wall scales as (run length ÷ reference)^exponent.
    pub duration_exponent: Sourced,
}

/// Built-in file: (path shown in messages, contents).
pub const EMBEDDED_FEASIBILITY: (&str, &str) = (
    "embedded:presets/feasibility.ron",
    include_str!("../../presets/feasibility.ron"),
);

/// Parses the feasibility file.
pub fn parse_feasibility(path: &str, text: &str) -> Result<FeasibilityData, Problem> {
    parse_ron(path, text)
}

/// The built-in file, parsed once; `None` only if the embedded file is broken (a test parses
/// it).
pub fn published() -> Option<&'static FeasibilityData> {
    static DATA: LazyLock<Option<FeasibilityData>> =
        LazyLock::new(|| parse_feasibility(EMBEDDED_FEASIBILITY.0, EMBEDDED_FEASIBILITY.1).ok());
    DATA.as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_file_parses_with_ordered_ranges() {
        let d = parse_feasibility(EMBEDDED_FEASIBILITY.0, EMBEDDED_FEASIBILITY.1).unwrap();
        assert!(d.base_year < d.anchor_year);
        let all = [
            &d.run_months,
            &d.utilization,
            &d.facility_watts_per_h100,
            &d.pue,
            &d.tokens_per_param,
            &d.power.dc_capacity_gw,
            &d.power.dc_growth,
            &d.power.ai_capacity_gw,
            &d.power.non_ai_growth,
            &d.power.lab_share,
            &d.power.training_share,
            &d.power.campus_gw,
            &d.chips.stock_h100e,
            &d.chips.lab_share,
            &d.chips.training_share,
            &d.data.effective_tokens,
            &d.data.growth,
            &d.latency.flop,
            &d.latency.reference_months,
            &d.latency.duration_exponent,
        ];
        for s in all {
            assert!(s.value > 0.0 && !s.source.is_empty(), "{s:?}");
            assert!(s.low.is_none_or(|l| l > 0.0 && l <= s.value), "{s:?}");
            assert!(s.high.is_none_or(|h| h >= s.value), "{s:?}");
        }
    }
}
