//! Epoch AI's training-cost model as preset data (`presets/epoch_costs.ron`): the method's
//! constants, chips, prices and indices, and the per-run inputs of the catalog runs Epoch costs,
//! with Epoch's published figures beside them.
//!
//! The file is one document, not a list: a user file named `epoch_costs*.ron` replaces the
//! built-in one whole (with a notice), so a changed constant cannot silently mix with old runs.

use super::problem::Problem;
use super::read::{Entry, locate, needs_checks, parse_ron};
use super::sourced::Sourced;
use super::text::Text;
use crate::model::epoch_cost::{self as ec, Day};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The whole file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EpochCosts {
    /// The dollars every figure is in, as said to the user ("December 2024 USD").
    pub usd_year: Text,
    /// The price-index month costs are adjusted to, `YYYY-MM`.
    pub target_month: Text,
    /// Where the published figures come from.
    pub published_source: Text,
    /// Epoch's other published vintage of per-model costs, shown beside the one reproduced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_vintage: Option<OtherVintage>,
    pub constants: EpochConstants,
    pub families: Vec<ChipFamily>,
    pub chips: Vec<EpochChip>,
    pub electricity: Vec<ElectricityYear>,
    pub commitments: Vec<VendorDiscounts>,
    pub price_index: Vec<IndexMonth>,
    pub runs: Vec<EpochRun>,
}

/// A second table of Epoch's costs that the method here does not reproduce: it has one cost per
/// model and says neither its method nor its dollar year, so its basis is inferred and said to
/// be. Users quote both tables; showing the other beside ours says which one a number is from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OtherVintage {
    /// File, repository, commit and date.
    pub source: Text,
    /// What its one cost column most likely is, and why that is inferred, not stated.
    pub basis: Text,
}

/// The method's constants (see [`ec::Constants`] for what each means).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EpochConstants {
    pub interconnect_fraction: Sourced,
    pub median_utilization: Sourced,
    pub price_performance_ooms_per_year: Sourced,
    pub hours_per_year: Sourced,
    pub days_per_year: Sourced,
    pub median_training_hours: Sourced,
    pub publication_lag_days: Sourced,
    pub release_to_acquisition_days: Sourced,
    pub pue_hyperscaler: Sourced,
    pub pue_other: Sourced,
    pub tdp_fraction_gpu: Sourced,
    pub tdp_fraction_tpu: Sourced,
    /// Lower-case fragments of organisation names that get the hyperscaler PUE.
    pub hyperscalers: Vec<String>,
}

/// Server cost and power per chip family.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChipFamily {
    pub name: Text,
    pub server_cost_overhead: Sourced,
    pub server_power_multiplier: Sourced,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChipKind {
    Gpu,
    Tpu,
}

/// A chip under Epoch's name for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EpochChip {
    pub name: Text,
    pub kind: ChipKind,
    pub family: Text,
    pub peak_flops: Sourced,
    pub tdp_watts: Sourced,
    pub release: Text,
    pub purchase_price: Sourced,
    pub price_includes_server: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_date: Option<Text>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElectricityYear {
    pub year: i64,
    pub usd_per_kwh: Sourced,
}

/// Committed-use discounts off on-demand.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VendorDiscounts {
    pub vendor: Text,
    pub one_year: Sourced,
    pub three_year: Sourced,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexMonth {
    pub month: Text,
    pub value: Sourced,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Commitment {
    OnDemand,
    OneYear,
    ThreeYear,
}

impl Commitment {
    pub fn label(self) -> &'static str {
        match self {
            Commitment::OnDemand => "on-demand",
            Commitment::OneYear => "1-year commitment",
            Commitment::ThreeYear => "3-year commitment",
        }
    }
}

/// The cloud price row Epoch's lookup picked for a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudRow {
    pub vendor: Text,
    pub commitment: Commitment,
    pub date: Text,
    pub usd_per_chip_hour: Sourced,
}

/// Epoch's published figures for a run (target-month USD); `None` where Epoch publishes none.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Published {
    #[serde(default)]
    pub cloud: Option<f64>,
    #[serde(default)]
    pub acquisition: Option<f64>,
    #[serde(default)]
    pub amortized: Option<f64>,
}

/// One run's inputs, as in Epoch's data at the commit the table was made from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EpochRun {
    /// Milestone id in `milestones.ron`.
    pub milestone: Text,
    /// The run's name in Epoch's data.
    pub epoch_name: Text,
    pub organization: Text,
    pub publication: Text,
    /// Chip name, one of `chips`.
    pub hardware: Text,
    /// True where Epoch's database has no hardware and Epoch's imputation chose it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hardware_imputed: bool,
    pub flop: Sourced,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chip_count: Option<Sourced>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training_hours: Option<Sourced>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chip_hours: Option<Sourced>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utilization: Option<Sourced>,
    /// Training start fixed by hand in Epoch's code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training_start: Option<Text>,
    /// Training end fixed by hand in Epoch's code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training_end: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud: Option<CloudRow>,
    pub epoch_published: Published,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    /// The run's cost in [`EpochCosts::other_vintage`], where that table has the run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_vintage_usd: Option<f64>,
}

/// Built-in file: (path shown in messages, contents).
pub const EMBEDDED_EPOCH_COSTS: (&str, &str) =
    super::embedded::builtin("embedded:presets/epoch_costs.ron");

/// Epoch AI's split of a cluster's hardware cost, as the cluster and amortized bases need it:
/// what a card's cluster costs per dollar of the card, `server overhead ÷ (1 − interconnect
/// fraction)`, with the server overhead of the card's family (Epoch gives the A100 and V100
/// families their own and every other chip the average, filed under the H100 family).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClusterSplit {
    pub interconnect_fraction: f64,
    /// Server overhead of the A100 family, the V100 family and every other chip.
    pub server_overheads: [f64; 3],
}

impl ClusterSplit {
    /// The server cost per chip ÷ the chip's price for the card `accelerator` (a catalog id;
    /// none = a card of no named family).
    pub fn server_overhead(&self, accelerator: Option<&str>) -> f64 {
        let card = accelerator.unwrap_or("").to_ascii_lowercase();
        if card.starts_with("a100") {
            self.server_overheads[0]
        } else if card.starts_with("v100") {
            self.server_overheads[1]
        } else {
            self.server_overheads[2]
        }
    }

    /// Cluster capex per dollar of chips for the card `accelerator`.
    pub fn cluster_overhead(&self, accelerator: Option<&str>) -> f64 {
        self.server_overhead(accelerator) / (1.0 - self.interconnect_fraction)
    }
}

/// What a scenario reads of the built-in `presets/epoch_costs.ron`: the constants and the
/// chip families, read once and on their own (the rest of the file is the known runs' costs,
/// which only a run's cost reads).
#[derive(Deserialize)]
struct Head {
    constants: EpochConstants,
    families: Vec<ChipFamily>,
}

static HEAD: OnceLock<(ec::Constants, ClusterSplit)> = OnceLock::new();

fn builtin_head() -> &'static (ec::Constants, ClusterSplit) {
    HEAD.get_or_init(|| {
        let head: Head =
            parse_ron(EMBEDDED_EPOCH_COSTS.0, EMBEDDED_EPOCH_COSTS.1).unwrap_or_else(|p| {
                panic!("the built-in Epoch cost file is valid (a test checks): {p}")
            });
        (
            head.constants.engine(),
            split_of(&head.constants, &head.families),
        )
    })
}

/// The split of the built-in `presets/epoch_costs.ron` (a scenario's inputs need it).
pub fn builtin_split() -> ClusterSplit {
    builtin_head().1
}

/// The constants of the built-in `presets/epoch_costs.ron`, as the engine takes them.
pub fn builtin_constants() -> ec::Constants {
    builtin_head().0.clone()
}

/// The built-in `presets/epoch_costs.ron` whole. The catalog reads it when first asked for.
pub fn builtin() -> EpochCosts {
    parse_epoch_costs(EMBEDDED_EPOCH_COSTS.0, EMBEDDED_EPOCH_COSTS.1)
        .unwrap_or_else(|p| panic!("the built-in Epoch cost file is valid (a test checks): {p}"))
}

fn split_of(constants: &EpochConstants, families: &[ChipFamily]) -> ClusterSplit {
    let overhead = |name: &str| {
        families
            .iter()
            .find(|f| f.name == name)
            .map_or(f64::NAN, |f| f.server_cost_overhead.value)
    };
    ClusterSplit {
        interconnect_fraction: constants.interconnect_fraction.value,
        server_overheads: [overhead("A100"), overhead("V100"), overhead("H100")],
    }
}

/// A month `YYYY-MM` as (year, month).
/// `YYYY-MM` as [`Day::parse`] reads the month's first day, without writing that text: every
/// price-index lookup reads the months of the index, and the catalog's runs look up hundreds.
fn parse_month(text: &str) -> Option<(i64, u32)> {
    // Nearly every month is written `DDDD-DD`: read those digit by digit (an index lookup
    // reads every month of the index until it finds its own).
    if let [y0, y1, y2, y3, b'-', m0, m1] = *text.as_bytes()
        && [y0, y1, y2, y3, m0, m1].iter().all(u8::is_ascii_digit)
    {
        let y = [y0, y1, y2, y3]
            .iter()
            .fold(0, |y, &d| y * 10 + i64::from(d - b'0'));
        let m = u32::from(m0 - b'0') * 10 + u32::from(m1 - b'0');
        return (1..=12).contains(&m).then_some((y, m));
    }
    let (y, m) = text.split_once('-')?;
    if m.contains('-') || y.len() != 4 || m.len() != 2 {
        return None;
    }
    let (y, m): (i64, u32) = (y.parse().ok()?, m.parse().ok()?);
    (1..=12).contains(&m).then_some((y, m))
}

fn date(text: &str) -> Result<Day, String> {
    Day::parse(text).ok_or_else(|| format!("'{text}' is not a date YYYY-MM-DD"))
}

impl EpochConstants {
    /// The constants as the engine takes them.
    pub fn engine(&self) -> ec::Constants {
        ec::Constants {
            interconnect_fraction: self.interconnect_fraction.value,
            median_utilization: self.median_utilization.value,
            price_performance_ooms_per_year: self.price_performance_ooms_per_year.value,
            hours_per_year: self.hours_per_year.value,
            days_per_year: self.days_per_year.value,
            median_training_hours: self.median_training_hours.value,
            publication_lag_days: self.publication_lag_days.value.round() as i64,
            release_to_acquisition_days: self.release_to_acquisition_days.value.round() as i64,
            pue_hyperscaler: self.pue_hyperscaler.value,
            pue_other: self.pue_other.value,
            tdp_fraction_gpu: self.tdp_fraction_gpu.value,
            tdp_fraction_tpu: self.tdp_fraction_tpu.value,
        }
    }
}

impl EpochCosts {
    /// The run of milestone id, Epoch name or milestone name `name` (any case).
    pub fn run(&self, name: &str) -> Option<&EpochRun> {
        self.runs.iter().find(|r| {
            r.milestone.eq_ignore_ascii_case(name) || r.epoch_name.eq_ignore_ascii_case(name)
        })
    }

    pub fn chip(&self, name: &str) -> Option<&EpochChip> {
        self.chips.iter().find(|c| c.name == name)
    }

    fn family(&self, name: &str) -> Option<&ChipFamily> {
        self.families.iter().find(|f| f.name == name)
    }

    fn index(&self, month: (i64, u32)) -> Option<f64> {
        // Every run looks two months up: first as the file writes them, `YYYY-MM`, byte for
        // byte, then (for another spelling the checks accept) by reading each month.
        let (y, m) = month;
        let written = (0..=9999).contains(&y).then(|| {
            let d = |v: i64| b'0' + (v % 10) as u8;
            let m = i64::from(m);
            [
                d(y / 1000),
                d(y / 100),
                d(y / 10),
                d(y),
                b'-',
                d(m / 10),
                d(m),
            ]
        });
        self.price_index
            .iter()
            .find(|e| written.is_some_and(|w| e.month.as_bytes() == w))
            .or_else(|| {
                self.price_index
                    .iter()
                    .find(|e| parse_month(&e.month) == Some(month))
            })
            .map(|e| e.value.value)
    }

    fn discount(&self, vendor: &str, c: Commitment) -> Option<f64> {
        let v = self.commitments.iter().find(|v| v.vendor == vendor)?;
        Some(match c {
            Commitment::OnDemand => 0.0,
            Commitment::OneYear => v.one_year.value,
            Commitment::ThreeYear => v.three_year.value,
        })
    }

    /// The constants as the engine takes them.
    pub fn constants(&self) -> ec::Constants {
        self.constants.engine()
    }

    /// True where Epoch's rule gives `organization` the hyperscaler PUE.
    pub fn is_hyperscaler(&self, organization: &str) -> bool {
        let org = organization.to_lowercase();
        self.constants
            .hyperscalers
            .iter()
            .any(|h| org.contains(h.as_str()))
    }

    /// A run's and its chip's inputs as the engine takes them, or what is missing.
    pub fn inputs(&self, run: &EpochRun) -> Result<(ec::Run, ec::Chip), String> {
        let chip = self
            .chip(&run.hardware)
            .ok_or_else(|| format!("hardware '{}' is not in chips", run.hardware))?;
        let family = self
            .family(&chip.family)
            .ok_or_else(|| format!("family '{}' is not in families", chip.family))?;
        let publication = date(&run.publication)?;
        let (year, month) = publication.year_month();
        let usd_per_kwh = self
            .electricity
            .iter()
            .find(|e| e.year == year)
            .map(|e| e.usd_per_kwh.value)
            .ok_or_else(|| format!("no electricity price for {year}"))?;
        let price_index_publication = self
            .index((year, month))
            .ok_or_else(|| format!("no price index for {year}-{month:02}"))?;
        let target = parse_month(&self.target_month)
            .ok_or_else(|| format!("target_month '{}' is not YYYY-MM", self.target_month))?;
        let price_index_target = self
            .index(target)
            .ok_or_else(|| format!("no price index for {}", self.target_month))?;
        let cloud = match &run.cloud {
            None => None,
            Some(row) => {
                let missing = || format!("no commitment discounts for '{}'", row.vendor);
                Some(ec::CloudPrice {
                    usd_per_chip_hour: row.usd_per_chip_hour.value,
                    row_discount: self
                        .discount(&row.vendor, row.commitment)
                        .ok_or_else(missing)?,
                    wanted_discount: self
                        .discount(&row.vendor, Commitment::ThreeYear)
                        .ok_or_else(missing)?,
                })
            }
        };
        let opt_date = |d: &Option<Text>| d.as_deref().map(date).transpose();
        let value = |s: &Option<Sourced>| s.as_ref().map(|s| s.value);
        let r = ec::Run {
            publication,
            flop: run.flop.value,
            chip_count: value(&run.chip_count),
            training_hours: value(&run.training_hours),
            chip_hours: value(&run.chip_hours),
            utilization: value(&run.utilization),
            hyperscaler: self.is_hyperscaler(&run.organization),
            training_start: opt_date(&run.training_start)?,
            training_end: opt_date(&run.training_end)?,
            cloud,
            usd_per_kwh,
            price_index_publication,
            price_index_target,
        };
        let c = ec::Chip {
            kind: match chip.kind {
                ChipKind::Gpu => ec::ChipKind::Gpu,
                ChipKind::Tpu => ec::ChipKind::Tpu,
            },
            peak_flops: chip.peak_flops.value,
            tdp_watts: chip.tdp_watts.value,
            release: date(&chip.release)?,
            server_cost_overhead: family.server_cost_overhead.value,
            server_power_multiplier: family.server_power_multiplier.value,
            purchase_price: chip.purchase_price.value,
            price_includes_server: chip.price_includes_server,
            price_date: opt_date(&chip.price_date)?,
        };
        Ok((r, c))
    }

    /// Epoch's three estimates for `run`.
    pub fn estimate(&self, run: &EpochRun) -> Result<ec::Estimate, String> {
        let (r, c) = self.inputs(run)?;
        Ok(ec::estimate(&r, &c, &self.constants()))
    }
}

/// Parses and validates the file: every number finite and in its range, every reference
/// (chip, family, electricity year, index month, vendor) present, run ids unique.
pub fn parse_epoch_costs(path: &str, text: &str) -> Result<EpochCosts, Problem> {
    let e: EpochCosts = parse_ron(path, text)?;
    if needs_checks(path, text) {
        validate(&e).map_err(|(key, msg)| locate(path, text, Entry::Single, key, msg))?;
    }
    Ok(e)
}

type Invalid = (&'static str, String);

fn check(key: &'static str, who: &str, s: &Sourced, lo: f64, hi: f64) -> Result<(), Invalid> {
    if lo == 0.0 {
        // A positive quantity is at most twelve decades below its largest value: prices,
        // indices and powers divide one another, and a 5e-324 price index made every cost
        // infinite.
        return at_least(key, who, s, hi * 1e-12, hi);
    }
    if s.value.is_finite() && s.value > lo && s.value <= hi {
        Ok(())
    } else {
        Err((
            key,
            format!(
                "{who}: {key} must be a finite number in ({lo}, {hi}] (got {})",
                s.value
            ),
        ))
    }
}

/// A value in `[min, max]`.
fn at_least(key: &'static str, who: &str, s: &Sourced, min: f64, max: f64) -> Result<(), Invalid> {
    if s.value.is_finite() && s.value >= min && s.value <= max {
        Ok(())
    } else {
        Err((
            key,
            format!(
                "{who}: {key} must be a finite number in [{min:e}, {max:e}] (got {:e})",
                s.value
            ),
        ))
    }
}

fn validate(e: &EpochCosts) -> Result<(), Invalid> {
    let c = &e.constants;
    for (key, s, hi) in [
        ("interconnect_fraction", &c.interconnect_fraction, 0.99),
        ("median_utilization", &c.median_utilization, 1.0),
        (
            "price_performance_ooms_per_year",
            &c.price_performance_ooms_per_year,
            10.0,
        ),
        ("hours_per_year", &c.hours_per_year, 9000.0),
        ("days_per_year", &c.days_per_year, 367.0),
        ("median_training_hours", &c.median_training_hours, 1e5),
        ("publication_lag_days", &c.publication_lag_days, 3650.0),
        (
            "release_to_acquisition_days",
            &c.release_to_acquisition_days,
            3650.0,
        ),
        ("pue_hyperscaler", &c.pue_hyperscaler, 10.0),
        ("pue_other", &c.pue_other, 10.0),
        ("tdp_fraction_gpu", &c.tdp_fraction_gpu, 1.0),
        ("tdp_fraction_tpu", &c.tdp_fraction_tpu, 1.0),
    ] {
        check(key, "constants", s, 0.0, hi)?;
    }
    if parse_month(&e.target_month).is_none() {
        return Err((
            "target_month",
            format!("target_month '{}' is not YYYY-MM", e.target_month),
        ));
    }
    for f in &e.families {
        check(
            "server_cost_overhead",
            &f.name,
            &f.server_cost_overhead,
            0.0,
            10.0,
        )?;
        check(
            "server_power_multiplier",
            &f.name,
            &f.server_power_multiplier,
            0.0,
            10.0,
        )?;
    }
    for y in &e.electricity {
        check(
            "usd_per_kwh",
            &y.year.to_string(),
            &y.usd_per_kwh,
            0.0,
            10.0,
        )?;
    }
    for v in &e.commitments {
        check("one_year", &v.vendor, &v.one_year, -1.0, 0.99)?;
        check("three_year", &v.vendor, &v.three_year, -1.0, 0.99)?;
    }
    for m in &e.price_index {
        if parse_month(&m.month).is_none() {
            return Err((
                "month",
                format!("price_index: '{}' is not YYYY-MM", m.month),
            ));
        }
        check("value", &m.month, &m.value, 0.0, 1e6)?;
    }
    for chip in &e.chips {
        let who = &chip.name;
        check("peak_flops", who, &chip.peak_flops, 0.0, 1e18)?;
        check("tdp_watts", who, &chip.tdp_watts, 0.0, 1e5)?;
        check("purchase_price", who, &chip.purchase_price, 0.0, 1e8)?;
        date(&chip.release).map_err(|m| ("release", format!("{who}: release {m}")))?;
        if let Some(d) = &chip.price_date {
            date(d).map_err(|m| ("price_date", format!("{who}: price_date {m}")))?;
        }
    }
    let mut seen = std::collections::HashSet::new();
    for run in &e.runs {
        let who = &run.milestone;
        if !seen.insert(run.milestone.to_ascii_lowercase()) {
            return Err(("milestone", format!("run '{who}' appears twice")));
        }
        // Runs span many decades; a FLOP count only multiplies, so one FLOP is a safe floor.
        at_least("flop", who, &run.flop, 1.0, 1e40)?;
        for (key, s, hi) in [
            ("chip_count", &run.chip_count, 1e9),
            ("training_hours", &run.training_hours, 1e6),
            ("chip_hours", &run.chip_hours, 1e13),
            ("utilization", &run.utilization, 1.0),
        ] {
            if let Some(s) = s {
                check(key, who, s, 0.0, hi)?;
            }
        }
        if let Some(row) = &run.cloud {
            check("usd_per_chip_hour", who, &row.usd_per_chip_hour, 0.0, 1e4)?;
            date(&row.date).map_err(|m| ("cloud", format!("{who}: cloud date {m}")))?;
        }
        for v in [
            run.epoch_published.cloud,
            run.epoch_published.acquisition,
            run.epoch_published.amortized,
        ]
        .into_iter()
        .flatten()
        {
            if !(v.is_finite() && v > 0.0) {
                return Err((
                    "epoch_published",
                    format!("{who}: published figures must be positive (got {v})"),
                ));
            }
        }
        e.inputs(run)
            .map_err(|m| ("runs", format!("run '{who}': {m}")))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cluster_split_follows_epochs_families() {
        // Epoch AI, training-cost-trends at 263c40a, cost_analysis_standalone.py:
        // get_server_cost_overhead (A100 1.66, V100 1.69, any other chip 1.64) and
        // CLUSTER_INTERCONNECT_COST_FRACTION 0.19; cluster = chips × overhead ÷ 0.81.
        let s = builtin_split();
        assert_eq!(s.cluster_overhead(Some("h100-sxm")), 1.64 / 0.81);
        assert_eq!(s.cluster_overhead(Some("a100-80gb")), 1.66 / 0.81);
        assert_eq!(s.cluster_overhead(Some("v100")), 1.69 / 0.81);
        assert_eq!(s.cluster_overhead(Some("b200")), 1.64 / 0.81);
        assert_eq!(s.cluster_overhead(None), 1.64 / 0.81);
        // The whole file reads to the same split.
        let whole = parse_epoch_costs(EMBEDDED_EPOCH_COSTS.0, EMBEDDED_EPOCH_COSTS.1)
            .expect("the embedded file parses");
        assert_eq!(split_of(&whole.constants, &whole.families), s);
    }

    fn embedded() -> EpochCosts {
        parse_epoch_costs(EMBEDDED_EPOCH_COSTS.0, EMBEDDED_EPOCH_COSTS.1).expect("embedded file")
    }

    #[test]
    fn a_month_reads_as_the_date_of_its_first_day() {
        for text in [
            "2024-05",
            "2024-12",
            "2024-13",
            "2024-00",
            "2024-5",
            "24-05",
            "2024-05-01",
            "+024-05",
            "2024-+5",
            "-024-05",
            "2024",
            "",
            "abcd-ef",
            "2024-05-",
        ] {
            assert_eq!(
                parse_month(text),
                Day::parse(&format!("{text}-01")).map(Day::year_month),
                "{text}"
            );
        }
    }

    #[test]
    fn embedded_file_parses_and_every_run_computes() {
        let e = embedded();
        assert!(e.runs.len() >= 20);
        for r in &e.runs {
            assert!(e.estimate(r).is_ok(), "{}", r.milestone);
        }
    }

    #[test]
    fn runs_are_found_by_id_or_epoch_name_any_case() {
        let e = embedded();
        assert_eq!(e.run("GPT-4").map(|r| r.milestone.as_str()), Some("gpt-4"));
        assert_eq!(
            e.run("llama 3.1-405b").map(|r| r.milestone.as_str()),
            Some("llama-3.1-405b")
        );
        assert!(e.run("nope").is_none());
    }

    #[test]
    fn hyperscalers_by_organisation_fragment() {
        let e = embedded();
        assert!(e.is_hyperscaler("Meta AI"));
        assert!(e.is_hyperscaler("Microsoft,NVIDIA"));
        assert!(!e.is_hyperscaler("xAI"));
        assert!(!e.is_hyperscaler("Hugging Face,BigScience"));
    }

    #[test]
    fn broken_references_are_refused_with_a_position() {
        let text = EMBEDDED_EPOCH_COSTS
            .1
            .replacen("hardware: \"NVIDIA", "hardware: \"NOVIDIA", 1);
        let p = parse_epoch_costs("x.ron", &text).expect_err("unknown chip");
        assert!(p.to_string().contains("is not in chips"), "{p}");
        let text = EMBEDDED_EPOCH_COSTS.1.replacen(
            "median_utilization: (value: 0.375",
            "median_utilization: (value: 37.5",
            1,
        );
        let p = parse_epoch_costs("x.ron", &text).expect_err("a percentage");
        assert!(p.to_string().contains("median_utilization"), "{p}");
    }
}
