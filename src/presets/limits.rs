//! The limits catalog (`presets/limits.ron`): what a run of a given size runs into — data
//! centre sites, the world's chips, the stock of text, data movement — and the defaults of the
//! failure, planned-stop, storage, restart and batch inputs, and what checkpoints and recovery
//! modes cost.
//!
//! One document like Epoch's cost data: a user `limits.ron` replaces the built-in one. Scenario
//! files that do not set the four inputs take the built-in defaults, so every older file loads.

use super::checks::{
    Bounds, Invalid, check_field, check_id, check_sourced, check_sourced_text, check_text,
};
use super::problem::Problem;
use super::read::{Entry, locate, needs_checks, parse_ron};
use super::sourced::Sourced;
use super::text::Text;
use crate::model::{Field, Recovery};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

pub const EMBEDDED_LIMITS: (&str, &str) = super::embedded::builtin("embedded:presets/limits.ron");

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsData {
    /// What a scenario's failure, checkpoint, restart and batch inputs are when its file is
    /// silent.
    pub defaults: InputDefaults,
    /// Bytes a checkpoint holds per parameter: weights and optimizer state, not gradients.
    pub checkpoint_bytes_per_param: Sourced,
    /// The restart of the recovery modes other than synchronous (whose restart is the
    /// default of the restart input).
    pub recovery_restart_minutes: RecoveryRestarts,
    /// Bytes of training state per parameter (weights, gradients, optimizer), activations
    /// excluded.
    pub bytes_per_param: Sourced,
    /// Tokens per sequence: with the batch, how many sequences one optimizer step has.
    pub sequence_tokens: Sourced,
    /// The stock of public human-written text, tokens.
    pub data_stock_tokens: Sourced,
    /// The year the stock is estimated for: other years grow or shrink it by the feasibility
    /// data's yearly growth of the stock. Without it the stock is the same in every year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_stock_year: Option<u16>,
    /// Training FLOP past which data movement starts to lower utilization.
    pub data_movement_flop: Sourced,
    /// Training FLOP past which a run is infeasible even at low utilization (the latency wall).
    pub latency_wall_flop: Sourced,
    /// The world's AI accelerators in H100-equivalents at dates, oldest first.
    pub chips: Vec<ChipStock>,
    /// The largest AI data-centre sites by power.
    pub sites: Vec<Site>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputDefaults {
    pub failures_per_million_gpu_hours: Sourced,
    pub planned_per_million_gpu_hours: Sourced,
    pub storage_tb_per_s: Sourced,
    pub restart_minutes: Sourced,
    pub batch_tokens: Sourced,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoveryRestarts {
    pub fault_tolerant: Sourced,
    pub in_memory: Sourced,
}

impl LimitsData {
    /// The sourced restart of a recovery mode.
    pub fn restart(&self, recovery: Recovery) -> &Sourced {
        match recovery {
            Recovery::Sync => &self.defaults.restart_minutes,
            Recovery::FaultTolerant => &self.recovery_restart_minutes.fault_tolerant,
            Recovery::InMemory => &self.recovery_restart_minutes.in_memory,
        }
    }
}

/// The installed base of AI accelerators at the end of one year, and that year's shipments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChipStock {
    /// The year whose end the stock is counted at.
    pub year: u16,
    pub installed_h100e: Sourced,
    /// Shipped during that year, when the series covers the year before too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipped_h100e: Option<Sourced>,
}

/// One AI data-centre site and the power it drew (or is planned to draw) at dates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub id: Text,
    pub name: Text,
    pub operator: Text,
    pub location: Text,
    /// The site's power by date, oldest first. The series need not grow: hardware is added,
    /// moved and retired.
    pub power: Vec<SitePower>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// What a power figure counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PowerBasis {
    /// The accelerators' servers and network, before cooling and power conversion.
    It,
    /// The whole facility: IT power × PUE.
    Facility,
}

impl PowerBasis {
    pub fn label(self) -> &'static str {
        match self {
            PowerBasis::It => "IT",
            PowerBasis::Facility => "facility",
        }
    }
}

/// A site's power at a date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SitePower {
    /// `YYYY-MM-DD`, or `YYYY` for a figure known only by its year.
    pub date: Text,
    pub basis: PowerBasis,
    pub mw: Sourced,
}

impl SitePower {
    /// The calendar year of the date.
    pub fn year(&self) -> Option<u16> {
        self.date.get(..4)?.parse().ok()
    }

    /// Facility MW: IT figures times `pue`.
    pub fn facility_mw(&self, pue: f64) -> f64 {
        match self.basis {
            PowerBasis::It => self.mw.value * pue,
            PowerBasis::Facility => self.mw.value,
        }
    }
}

impl LimitsData {
    /// The site in year Y is its largest figure dated by the end of Y (a figure reached in
    /// July counts for the whole year; a later, smaller figure does not undo it). The largest
    /// site is the one with the most facility power, IT figures counted at `pue`; `year`
    /// `None` takes every figure. Returns the site and the figure.
    pub fn largest_site(&self, year: Option<f64>, pue: f64) -> Option<(&Site, &SitePower)> {
        self.sites
            .iter()
            .flat_map(|s| s.power.iter().map(move |p| (s, p)))
            .filter(|(_, p)| {
                year.is_none_or(|y| p.year().is_some_and(|py| f64::from(py) <= y.floor()))
            })
            .max_by(|a, b| a.1.facility_mw(pue).total_cmp(&b.1.facility_mw(pue)))
    }

    /// Facility MW of the largest site by the end of `year` (see [`Self::largest_site`]).
    pub fn largest_site_facility(&self, year: f64, pue: f64) -> Option<(&Site, f64)> {
        self.largest_site(Some(year), pue)
            .map(|(s, p)| (s, p.facility_mw(pue)))
    }

    /// The year of the newest site figure.
    pub fn last_site_year(&self) -> Option<u16> {
        self.sites
            .iter()
            .flat_map(|s| s.power.iter().filter_map(SitePower::year))
            .max()
    }

    /// The chip count at the end of the latest year not after `year` (the latest of all when
    /// `year` is `None`), falling back to the oldest when `year` is before every count.
    pub fn chips_by(&self, year: Option<f64>) -> Option<&ChipStock> {
        let by = |c: &&ChipStock| year.is_none_or(|y| f64::from(c.year) <= y.floor());
        self.chips
            .iter()
            .filter(by)
            .max_by_key(|c| c.year)
            .or_else(|| self.chips.iter().min_by_key(|c| c.year))
    }
}

/// Parses and validates a limits file.
pub fn parse_limits(path: &str, text: &str) -> Result<LimitsData, Problem> {
    let l: LimitsData = parse_ron(path, text)?;
    if needs_checks(path, text) {
        validate(&l).map_err(|(key, msg)| locate(path, text, Entry::Single, key, msg))?;
    }
    Ok(l)
}

/// The built-in limits, worked out once: a copy of the catalog's when it read the built-in file
/// first ([`note_builtin`]), else parsed here.
static BUILTIN: OnceLock<LimitsData> = OnceLock::new();

/// The built-in limits (scenario files that omit an input read its default here).
pub fn builtin() -> &'static LimitsData {
    BUILTIN.get_or_init(|| {
        parse_limits(EMBEDDED_LIMITS.0, EMBEDDED_LIMITS.1)
            .unwrap_or_else(|p| panic!("the built-in limits file is valid (a test checks): {p}"))
    })
}

/// Keeps the catalog's parse of the built-in file as [`builtin`], so it is not parsed again.
pub(super) fn note_builtin(l: &LimitsData) {
    BUILTIN.get_or_init(|| l.clone());
}

/// Serde defaults of the scenario inputs the limits file provides.
pub mod default {
    use super::{Sourced, builtin};

    pub fn failure_rate() -> Sourced {
        builtin().defaults.failures_per_million_gpu_hours.clone()
    }
    pub fn planned_rate() -> Sourced {
        builtin().defaults.planned_per_million_gpu_hours.clone()
    }
    pub fn storage() -> Sourced {
        builtin().defaults.storage_tb_per_s.clone()
    }
    pub fn restart() -> Sourced {
        builtin().defaults.restart_minutes.clone()
    }
    pub fn batch() -> Sourced {
        builtin().defaults.batch_tokens.clone()
    }

    pub fn is_failure_rate(s: &Sourced) -> bool {
        *s == builtin().defaults.failures_per_million_gpu_hours
    }
    pub fn is_planned_rate(s: &Sourced) -> bool {
        *s == builtin().defaults.planned_per_million_gpu_hours
    }
    pub fn is_storage(s: &Sourced) -> bool {
        *s == builtin().defaults.storage_tb_per_s
    }
    pub fn is_restart(s: &Sourced) -> bool {
        *s == builtin().defaults.restart_minutes
    }
    pub fn is_batch(s: &Sourced) -> bool {
        *s == builtin().defaults.batch_tokens
    }
}

// Each cap divides a need, so each has a smallest value that keeps the ratio finite (a cap of
// 5e-324 made every ratio infinite): a thousandth of a byte, a watt, a thousandth of an H100,
// one token, one FLOP.
const BYTES: Bounds = Bounds::at_least(1e-3, 1e3, "bytes per parameter");
const MEGAWATTS: Bounds = Bounds::at_least(1e-6, 1e6, "MW");
const H100E: Bounds = Bounds::at_least(1e-3, 1e12, "H100-equivalents");
const CAP_TOKENS: Bounds = Bounds::at_least(1.0, 1e17, "tokens");
const CAP_FLOP: Bounds = Bounds::at_least(1.0, 1e40, "FLOP");

fn validate(l: &LimitsData) -> Result<(), Invalid> {
    let who = "limits";
    if let Some(y) = l.data_stock_year.filter(|y| !(2000..=2100).contains(y)) {
        return Err((
            "data_stock_year",
            format!("{who}: data_stock_year must be a year from 2000 to 2100 (got {y})"),
        ));
    }
    let d = &l.defaults;
    for (key, s, field) in [
        (
            "failures_per_million_gpu_hours",
            &d.failures_per_million_gpu_hours,
            Field::FailureRate,
        ),
        (
            "planned_per_million_gpu_hours",
            &d.planned_per_million_gpu_hours,
            Field::PlannedRate,
        ),
        (
            "storage_tb_per_s",
            &d.storage_tb_per_s,
            Field::StorageBandwidth,
        ),
        ("restart_minutes", &d.restart_minutes, Field::Restart),
        (
            "fault_tolerant",
            &l.recovery_restart_minutes.fault_tolerant,
            Field::Restart,
        ),
        (
            "in_memory",
            &l.recovery_restart_minutes.in_memory,
            Field::Restart,
        ),
        ("batch_tokens", &d.batch_tokens, Field::Batch),
    ] {
        check_field(who, key, s, field)?;
        check_sourced_text(who, key, s)?;
    }
    for (key, s, bounds) in [
        ("bytes_per_param", &l.bytes_per_param, BYTES),
        (
            "checkpoint_bytes_per_param",
            &l.checkpoint_bytes_per_param,
            BYTES,
        ),
        ("sequence_tokens", &l.sequence_tokens, CAP_TOKENS),
        ("data_stock_tokens", &l.data_stock_tokens, CAP_TOKENS),
        ("data_movement_flop", &l.data_movement_flop, CAP_FLOP),
        ("latency_wall_flop", &l.latency_wall_flop, CAP_FLOP),
    ] {
        check_sourced(who, key, s, bounds)?;
        check_sourced_text(who, key, s)?;
    }
    for c in &l.chips {
        let who = format!("chips of {}", c.year);
        check_sourced(&who, "installed_h100e", &c.installed_h100e, H100E)?;
        check_sourced_text(&who, "installed_h100e", &c.installed_h100e)?;
        if let Some(s) = &c.shipped_h100e {
            check_sourced(&who, "shipped_h100e", s, H100E)?;
            check_sourced_text(&who, "shipped_h100e", s)?;
        }
    }
    for s in &l.sites {
        check_id(&s.id).map_err(|m| ("id", m))?;
        let who = format!("site '{}'", s.id);
        for (key, text) in [
            ("name", &s.name),
            ("operator", &s.operator),
            ("location", &s.location),
        ] {
            check_text(&who, key, text, false)?;
        }
        if let Some(n) = &s.note {
            check_text(&who, "note", n, true)?;
        }
        if s.power.is_empty() {
            return Err(("power", format!("{who} has no power figure")));
        }
        for p in &s.power {
            let valid_date = p.year().is_some()
                && matches!(p.date.len(), 4 | 10)
                && p.date.chars().all(|c| c.is_ascii_digit() || c == '-');
            if !valid_date {
                return Err((
                    "date",
                    format!("{who}: date '{}' is not YYYY or YYYY-MM-DD", p.date),
                ));
            }
            check_sourced(&who, "mw", &p.mw, MEGAWATTS)?;
            check_sourced_text(&who, "mw", &p.mw)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_file_loads_and_its_defaults_are_valid_inputs() {
        let l = builtin();
        assert!(!l.sites.is_empty() && !l.chips.is_empty());
        assert!(Field::FailureRate.accepts(l.defaults.failures_per_million_gpu_hours.value));
    }

    #[test]
    fn the_site_of_a_year_is_its_largest_figure_by_the_end_of_that_year() {
        let l = builtin();
        let pue = 1.2;
        let max = l
            .sites
            .iter()
            .flat_map(|s| s.power.iter().map(|p| p.facility_mw(pue)))
            .fold(0.0, f64::max);
        let all = l.largest_site(None, pue).map(|(_, p)| p.facility_mw(pue));
        assert_eq!(all, Some(max));
        // Epoch AI's xAI timeline ([EPOCH-DC]): Colossus 1 drew 181 MW (facility) from
        // 2 Sep 2024, 361 MW from 17 Feb 2025 and 442 MW from 22 Jul 2025; the series then
        // dips to 348 MW, which does not undo the year's 442 MW.
        let at = |y: f64| {
            l.largest_site(Some(y), pue)
                .map(|(s, p)| (s.id.as_str(), p.mw.value))
        };
        assert_eq!(at(2024.0), Some(("xai-colossus-1", 181.0)));
        assert_eq!(at(2025.0), Some(("xai-colossus-1", 442.0)));
        let first = l
            .sites
            .iter()
            .flat_map(|s| s.power.iter().filter_map(SitePower::year))
            .min();
        let first = f64::from(first.unwrap_or(0));
        assert!(l.largest_site(Some(first - 1.0), pue).is_none());
    }

    #[test]
    fn every_site_figure_says_whether_it_is_it_or_facility_power() {
        // Colossus 1's 181 MW for 100,000 H100 is 1,810 W each, above the DGX H100's 1,275 W
        // server maximum per GPU: a facility figure.
        let l = builtin();
        let c1 = l.sites.iter().find(|s| s.id == "xai-colossus-1").unwrap();
        let p = c1.power.iter().find(|p| p.date == "2024-09-02").unwrap();
        assert_eq!((p.basis, p.mw.value), (PowerBasis::Facility, 181.0));
        let hub = l
            .sites
            .iter()
            .find(|s| s.id == "anthropic-amazon-new-carlisle")
            .unwrap();
        assert!(hub.power.iter().all(|p| p.basis == PowerBasis::It));
    }

    #[test]
    fn a_bad_value_is_named_with_its_line() {
        let text = EMBEDDED_LIMITS.1.replacen(
            "bytes_per_param: (value: 16.0",
            "bytes_per_param: (value: -1.0",
            1,
        );
        assert_ne!(text, EMBEDDED_LIMITS.1, "the test edits the file");
        let p = parse_limits("limits.ron", &text).unwrap_err().to_string();
        assert!(
            p.contains("bytes_per_param") && p.contains("limits.ron:"),
            "{p}"
        );
    }
}
