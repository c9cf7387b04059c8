//! The inputs of the feasibility model (`presets/feasibility.ron`): what power, chips, data and
//! latency allow a single training run by year, with the distributions the Monte Carlo draws
//! from. Past years' sites and chips stay in `limits.ron`; this file holds the projection to
//! the anchor year (Epoch AI's 2030 report) and the shares one developer and one run can hold.
//! One document, like `limits.ron`: a user's `feasibility*.ron` in the preset directory replaces
//! the built-in one once it passes the same checks.

use super::checks::{Bounds, Invalid, check_sourced, check_sourced_text, check_text};
use super::problem::Problem;
use super::read::{Entry, locate, needs_checks, parse_ron};
use super::sourced::Sourced;
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
pub const EMBEDDED_FEASIBILITY: (&str, &str) =
    super::embedded::builtin("embedded:presets/feasibility.ron");

/// Parses and checks the feasibility file.
pub fn parse_feasibility(path: &str, text: &str) -> Result<FeasibilityData, Problem> {
    let d: FeasibilityData = parse_ron(path, text)?;
    if needs_checks(path, text) {
        validate(&d).map_err(|(key, msg)| locate(path, text, Entry::Single, key, msg))?;
    }
    Ok(d)
}

const SHARE: Bounds = Bounds::positive(1.0, "(a fraction)");
const GROWTH: Bounds = Bounds::positive(10.0, "(a yearly growth: 0.15 = 15 %)");
const MONTHS: Bounds = Bounds::at_least(0.01, 1200.0, "months");
const WATTS: Bounds = Bounds::at_least(1.0, 1e6, "W");
const PUE: Bounds = Bounds::at_least(1.0, 10.0, "");
const GW: Bounds = Bounds::at_least(1e-6, 1e6, "GW");
const COUNT: Bounds = Bounds::at_least(1.0, 1e15, "");
const TOKENS: Bounds = Bounds::at_least(1.0, 1e20, "tokens");
const FLOP: Bounds = Bounds::at_least(1.0, 1e45, "FLOP");
const EXPONENT: Bounds = Bounds::positive(10.0, "");

/// Every input in range, each a median inside its 10th–90th percentile range (the Monte Carlo
/// draws through them), the run's length a range to draw from, and the years in order. The
/// key returned is the top-level field the problem is in, for the line number.
fn validate(d: &FeasibilityData) -> Result<(), Invalid> {
    let who = "feasibility";
    let years = 2000..=2100;
    if !years.contains(&d.base_year) || !years.contains(&d.anchor_year) {
        return Err((
            "base_year",
            format!(
                "{who}: base_year and anchor_year must be years from 2000 to 2100 (got {} and {})",
                d.base_year, d.anchor_year
            ),
        ));
    }
    if d.base_year >= d.anchor_year {
        return Err((
            "anchor_year",
            format!(
                "{who}: anchor_year ({}) must come after base_year ({})",
                d.anchor_year, d.base_year
            ),
        ));
    }
    let (p, c, t, l) = (&d.power, &d.chips, &d.data, &d.latency);
    let inputs: [(&'static str, &'static str, &Sourced, Bounds); 20] = [
        ("run_months", "run_months", &d.run_months, MONTHS),
        ("utilization", "utilization", &d.utilization, SHARE),
        (
            "facility_watts_per_h100",
            "facility_watts_per_h100",
            &d.facility_watts_per_h100,
            WATTS,
        ),
        ("pue", "pue", &d.pue, PUE),
        (
            "tokens_per_param",
            "tokens_per_param",
            &d.tokens_per_param,
            COUNT,
        ),
        ("power", "power.dc_capacity_gw", &p.dc_capacity_gw, GW),
        ("power", "power.dc_growth", &p.dc_growth, GROWTH),
        ("power", "power.ai_capacity_gw", &p.ai_capacity_gw, GW),
        ("power", "power.non_ai_growth", &p.non_ai_growth, GROWTH),
        ("power", "power.lab_share", &p.lab_share, SHARE),
        ("power", "power.training_share", &p.training_share, SHARE),
        ("power", "power.campus_gw", &p.campus_gw, GW),
        ("chips", "chips.stock_h100e", &c.stock_h100e, COUNT),
        ("chips", "chips.lab_share", &c.lab_share, SHARE),
        ("chips", "chips.training_share", &c.training_share, SHARE),
        ("data", "data.effective_tokens", &t.effective_tokens, TOKENS),
        ("data", "data.growth", &t.growth, GROWTH),
        ("latency", "latency.flop", &l.flop, FLOP),
        (
            "latency",
            "latency.reference_months",
            &l.reference_months,
            MONTHS,
        ),
        (
            "latency",
            "latency.duration_exponent",
            &l.duration_exponent,
            EXPONENT,
        ),
    ];
    for (key, name, s, bounds) in inputs {
        let relabel = |(_, m): Invalid| (key, m);
        check_sourced(who, key, s, bounds).map_err(|(_, m)| {
            (
                key,
                m.replacen(&format!("{who}: {key}"), &format!("{who}: {name}"), 1),
            )
        })?;
        check_sourced_text(who, key, s).map_err(relabel)?;
        let outside = s.low.is_some_and(|lo| lo > s.value) || s.high.is_some_and(|hi| hi < s.value);
        if outside {
            return Err((
                key,
                format!(
                    "{who}: {name} is {}, outside its range {} .. {} (the value is the median, \
                     low and high the 10th and 90th percentiles)",
                    s.value,
                    s.low.map_or("-".into(), |v| v.to_string()),
                    s.high.map_or("-".into(), |v| v.to_string()),
                ),
            ));
        }
    }
    if d.run_months.low.is_none() || d.run_months.high.is_none() {
        return Err((
            "run_months",
            format!("{who}: run_months needs low and high: the run's length is drawn between them"),
        ));
    }
    check_text(who, "power", &p.bandwidth, true).map_err(|(_, m)| ("power", m))?;
    Ok(())
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
