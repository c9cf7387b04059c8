//! The largest training run each hard constraint allows in a year, as a median and an 80 %
//! interval from a Monte Carlo over the inputs' ranges — the model of Epoch AI's "Can AI
//! scaling continue through 2030?" (Sevilla et al., 2024), moved off its one year.
//!
//! Every constraint is a supply turned into FLOP by the same run:
//! - power: facility watts × FLOP per joule of the year × utilization × run seconds, where
//!   FLOP per joule is the H100's at the run's precision over its all-in facility watts, grown
//!   by the energy-efficiency trend. `power` is the power one developer can spread over its
//!   AI data centres (or the largest campus, when larger); `power_campus` is one campus, shown
//!   beside it and never binding;
//! - chips: the installed H100-equivalents × the developer's share × the run's share × the
//!   H100's peak at the run's precision × utilization × run seconds;
//! - data: a stock of D effective tokens trains a compute-optimal model of C = 6·D²/k FLOP
//!   (k tokens per parameter);
//! - latency: the report's wall for its longest run, scaled by (run length ÷ that)^exponent.
//!
//! Hard caps decide feasibility and the binding one is the smallest median; soft thresholds
//! (data movement) lower utilization instead and are shown beside. Beside them, what the
//! largest feasible run (the binding median) would cost on the cluster basis in its year: the
//! H100-equivalents it needs at the H100's price, made cheaper by the price-performance trend
//! since the base year, times the cluster's overhead over the chips. The draws depend only on
//! the inputs, the sample count and the seed, so the same question gives the same answer, and
//! every year uses the same draws so years compare like with like.

use crate::model::uncertainty::Xoshiro256;
use crate::presets::feasibility::{self, FeasibilityData};
use crate::presets::limits::{self, LimitsData};
use crate::presets::{Catalog, Precision, Sourced, trends};
use serde::Serialize;

/// Samples per year: p10 and p90 of 4,000 draws move by about 2 % between seeds.
pub const SAMPLES: usize = 4_000;
/// Fixed seed, so output is a pure function of the inputs.
pub const SEED: u64 = 2030;

const SECONDS_PER_MONTH: f64 = 365.25 / 12.0 * 86_400.0;
/// z of the 90th percentile of a standard normal.
const Z90: f64 = 1.281_551_565_544_600_4;

/// A hard cap on the size of one training run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Constraint {
    Power,
    PowerCampus,
    Chips,
    Data,
    Latency,
}

impl Constraint {
    pub const ALL: [Constraint; 5] = [
        Constraint::Power,
        Constraint::PowerCampus,
        Constraint::Chips,
        Constraint::Data,
        Constraint::Latency,
    ];

    /// JSON key and CSV column stem.
    pub fn key(self) -> &'static str {
        match self {
            Constraint::Power => "power",
            Constraint::PowerCampus => "power_campus",
            Constraint::Chips => "chips",
            Constraint::Data => "data",
            Constraint::Latency => "latency",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Constraint::Power => "Power (distributed)",
            Constraint::PowerCampus => "Power (one campus)",
            Constraint::Chips => "Chips",
            Constraint::Data => "Data",
            Constraint::Latency => "Latency wall",
        }
    }

    /// Whether it can be the binding constraint: one campus cannot, because the headline
    /// power already allows a run over several sites.
    pub fn can_bind(self) -> bool {
        self != Constraint::PowerCampus
    }
}

/// What the user moved away from the data's distributions (each fixes the input for every
/// draw), and the run's precision.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Assumptions {
    /// The largest campus, facility GW, in every year.
    pub campus_gw: Option<f64>,
    /// The developer's share of AI power and of chips.
    pub lab_share: Option<f64>,
    /// The share of the developer's power and chips one run can use.
    pub training_share: Option<f64>,
    /// The run's length, months.
    pub run_months: Option<f64>,
}

/// The H100-equivalent the counts and the power basis are in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct H100 {
    /// Dense peak at the run's precision, FLOP/s.
    pub peak_flops: f64,
    /// Price in the base year, USD.
    pub price_usd: f64,
}

/// A median with the 10th and 90th percentiles.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Interval {
    pub median: f64,
    pub p10: f64,
    pub p90: f64,
}

/// One constraint's answer for a year.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConstraintRow {
    pub name: Constraint,
    pub median_flop: f64,
    pub p10_flop: f64,
    pub p90_flop: f64,
    /// The supply behind the FLOP, as medians with their units ("gw": 8.2).
    pub inputs: Vec<(&'static str, f64)>,
    /// Where the supply comes from.
    pub sources: Vec<String>,
}

impl ConstraintRow {
    pub fn interval(&self) -> Interval {
        Interval {
            median: self.median_flop,
            p10: self.p10_flop,
            p90: self.p90_flop,
        }
    }
}

/// A threshold past which the run still works, with less useful compute.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SoftRow {
    pub name: &'static str,
    pub flop: f64,
    pub effect: &'static str,
    pub source: String,
}

/// The largest feasible run of a year (the binding constraint's median) and what it would
/// cost on the cluster basis: chips, servers and networking bought for it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct LargestRun {
    pub flop: f64,
    /// The run's length it is costed for: the assumption, or the median of the drawn lengths.
    pub run_months: f64,
    /// H100-equivalents at the model's utilization that do `flop` in `run_months`.
    pub h100e: f64,
    /// Price of one H100-equivalent of throughput in the year: the base year's price over the
    /// price-performance growth since.
    pub usd_per_h100e: f64,
    /// The cluster's cost over the chips' (servers, networking) on Epoch AI's split for the
    /// H100's family.
    pub cluster_overhead: f64,
    /// `h100e × usd_per_h100e × cluster_overhead`.
    pub cluster_cost_usd: f64,
}

/// Every constraint in one year.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct YearFeasibility {
    pub year: u16,
    /// Past the anchor year every projected supply is extrapolated.
    pub extrapolated: bool,
    pub constraints: Vec<ConstraintRow>,
    /// The hard constraint with the smallest median.
    pub binding: Constraint,
    /// What the binding median would cost in the year on the cluster basis.
    pub largest_run: LargestRun,
    pub soft: Vec<SoftRow>,
    /// The assumption distributed power makes about links between sites.
    pub bandwidth: String,
}

impl YearFeasibility {
    pub fn row(&self, c: Constraint) -> &ConstraintRow {
        // Every year holds every constraint, built from `Constraint::ALL` below.
        &self.constraints[Constraint::ALL.iter().position(|&x| x == c).unwrap_or(0)]
    }
}

/// Draws a lognormal whose median is `s.value` and whose 10th/90th percentiles are `s.low` /
/// `s.high` (a missing end is one-sided), from a standard normal deviate `z`.
fn lognormal(s: &Sourced, z: f64) -> f64 {
    let end = if z < 0.0 { s.low } else { s.high };
    let spread = end.map_or(0.0, |e| (e / s.value).ln().abs() / Z90);
    s.value * (z * spread).exp()
}

/// Standard normal deviates for one draw, from Box–Muller pairs.
struct Normals<'a> {
    rng: &'a mut Xoshiro256,
    spare: Option<f64>,
}

impl Normals<'_> {
    fn next(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        let u1 = 1.0 - self.rng.next_f64();
        let u2 = self.rng.next_f64();
        let r = (-2.0 * u1.ln()).sqrt();
        let t = std::f64::consts::TAU * u2;
        self.spare = Some(r * t.sin());
        r * t.cos()
    }
}

/// One draw of every uncertain input.
struct Draw {
    run_months: f64,
    latency_months: f64,
    efficiency_ooms: f64,
    dc_capacity: f64,
    dc_growth: f64,
    non_ai_growth: f64,
    power_lab: f64,
    power_training: f64,
    campus_anchor_gw: f64,
    stock_anchor: f64,
    chips_lab: f64,
    chips_training: f64,
    tokens_anchor: f64,
    latency_flop: f64,
}

/// The model's inputs, gathered from the preset files.
pub struct Model<'a> {
    pub data: &'a FeasibilityData,
    pub limits: &'a LimitsData,
    /// Orders of magnitude of FLOP per joule a year (presets/trends.ron).
    pub efficiency: &'a Sourced,
    /// Orders of magnitude of FLOP/s per dollar a year (presets/trends.ron).
    pub price_performance: &'a Sourced,
    pub h100: H100,
}

/// The card the chip counts and the power basis are in (Epoch counts H100-equivalents).
pub const H100_ID: &str = "h100-sxm";

/// The years the explorer's Feasibility view spans.
pub const VIEW_YEARS: std::ops::RangeInclusive<u16> = 2024..=2035;

impl<'a> Model<'a> {
    /// The model on the catalog's feasibility inputs, sites and chips (the built-in ones when
    /// it has none), the published trends and the catalog's H100 at `precision`.
    pub fn of(catalog: &'a Catalog, precision: Precision) -> Result<Model<'a>, String> {
        let data = catalog
            .feasibility
            .as_deref()
            .or_else(|| feasibility::published())
            .ok_or("presets/feasibility.ron did not load")?;
        let t = trends::published();
        let card = catalog
            .accelerator(H100_ID)
            .ok_or_else(|| format!("the catalog has no '{H100_ID}', the H100-equivalent basis"))?;
        Ok(Model {
            data,
            limits: catalog
                .limits
                .as_deref()
                .unwrap_or_else(|| limits::builtin()),
            efficiency: &t.energy_efficiency_ooms_per_year,
            price_performance: &t.price_performance_ooms_per_year,
            h100: H100 {
                peak_flops: card.peak(precision).value * 1e12,
                price_usd: card.price_usd.as_ref().map_or(f64::NAN, |p| p.value),
            },
        })
    }
}

impl Model<'_> {
    fn draws(&self, a: &Assumptions, samples: usize, seed: u64) -> Vec<Draw> {
        let d = self.data;
        let mut rng = Xoshiro256::new(seed);
        (0..samples)
            .map(|_| {
                let u = rng.next_f64();
                let mut n = Normals {
                    rng: &mut rng,
                    spare: None,
                };
                let (lo, hi) = (
                    d.run_months.low.unwrap_or(d.run_months.value),
                    d.run_months.high.unwrap_or(d.run_months.value),
                );
                let drawn_months = lo * (hi / lo).powf(u);
                // Every input is drawn, set or not, so moving one assumption leaves the
                // draws of the others as they were.
                let mut z = || n.next();
                let efficiency_ooms = lognormal(self.efficiency, z());
                let dc_capacity = lognormal(&d.power.dc_capacity_gw, z());
                let dc_growth = lognormal(&d.power.dc_growth, z());
                let non_ai_growth = lognormal(&d.power.non_ai_growth, z());
                let power_lab = lognormal(&d.power.lab_share, z());
                let power_training = lognormal(&d.power.training_share, z());
                let campus = lognormal(&d.power.campus_gw, z());
                let stock_anchor = lognormal(&d.chips.stock_h100e, z());
                let chips_lab = lognormal(&d.chips.lab_share, z());
                let chips_training = lognormal(&d.chips.training_share, z());
                let tokens_anchor = lognormal(&d.data.effective_tokens, z());
                let latency_flop = lognormal(&d.latency.flop, z());
                Draw {
                    run_months: a.run_months.unwrap_or(drawn_months),
                    latency_months: a.run_months.unwrap_or(hi),
                    efficiency_ooms,
                    dc_capacity,
                    dc_growth,
                    non_ai_growth,
                    power_lab: a.lab_share.unwrap_or(power_lab),
                    power_training: a.training_share.unwrap_or(power_training),
                    campus_anchor_gw: a.campus_gw.unwrap_or(campus),
                    stock_anchor,
                    chips_lab: a.lab_share.unwrap_or(chips_lab),
                    chips_training: a.training_share.unwrap_or(chips_training),
                    tokens_anchor,
                    latency_flop,
                }
            })
            .collect()
    }

    /// Facility GW of the largest campus known by the end of `year`, and the last year with a
    /// known site.
    fn known_campus(&self, year: u16) -> (Option<f64>, u16) {
        let pue = self.data.pue.value;
        let last = self.limits.last_site_year().unwrap_or(self.data.base_year);
        let gw = self
            .limits
            .largest_site_facility(f64::from(year.min(last)), pue)
            .map(|(_, mw)| mw / 1e3);
        (gw, last)
    }

    /// Geometric interpolation from a known value at `from` to the anchor draw, extrapolated
    /// at the same rate past the anchor.
    fn toward_anchor(&self, known: f64, from: u16, anchor: f64, year: u16) -> f64 {
        let to = self.data.anchor_year;
        if year <= from || to <= from {
            return known;
        }
        let t = f64::from(year - from) / f64::from(to - from);
        known * (anchor / known).powf(t)
    }

    /// The installed H100-equivalents at the end of `year` for one draw.
    fn stock(&self, year: u16, anchor: f64) -> f64 {
        projected_stock(self.limits, self.data, year, anchor)
    }

    /// Every constraint in each year of `years`, from the same draws.
    pub fn years(
        &self,
        years: std::ops::RangeInclusive<u16>,
        a: &Assumptions,
        samples: usize,
        seed: u64,
    ) -> Vec<YearFeasibility> {
        let draws = self.draws(a, samples.max(1), seed);
        years.map(|y| self.year(y, a, &draws)).collect()
    }

    fn year(&self, year: u16, a: &Assumptions, draws: &[Draw]) -> YearFeasibility {
        let d = self.data;
        let util = d.utilization.value;
        let from_base = f64::from(year) - f64::from(d.base_year);
        let h100_joules = self.h100.peak_flops / d.facility_watts_per_h100.value;
        let ai_base = d.power.ai_capacity_gw.value;
        let (known_campus, last_site) = self.known_campus(year);
        let chinchilla = 6.0 / d.tokens_per_param.value;
        let n = draws.len();
        let mut cols: [Vec<f64>; 5] = Default::default();
        let mut supply: [Vec<f64>; 5] = Default::default();
        for c in cols.iter_mut().chain(supply.iter_mut()) {
            c.reserve(n);
        }
        for w in draws {
            let seconds = w.run_months * SECONDS_PER_MONTH;
            let flop_per_joule = h100_joules * 10f64.powf(w.efficiency_ooms * from_base);
            let run_flop_per_watt = flop_per_joule * util * seconds;
            // Distributed: AI capacity = all data centres minus the non-AI part, each grown
            // from the base year (the report's 40 GW → 90 GW minus 37 GW → 60 GW).
            let k = from_base.max(0.0);
            let ai_gw = (w.dc_capacity * (1.0 + w.dc_growth).powf(k)
                - (w.dc_capacity - ai_base) * (1.0 + w.non_ai_growth).powf(k))
            .max(ai_base);
            let distributed_gw = ai_gw * w.power_lab * w.power_training;
            let campus_gw = match (a.campus_gw, known_campus) {
                (Some(g), _) => g,
                (None, Some(k)) => self
                    .toward_anchor(k, last_site, w.campus_anchor_gw, year)
                    .max(k),
                (None, None) => w.campus_anchor_gw,
            };
            let campus = campus_gw * 1e9 * run_flop_per_watt;
            let distributed = distributed_gw * 1e9 * run_flop_per_watt;
            let stock = self.stock(year, w.stock_anchor);
            let run_h100e = stock * w.chips_lab * w.chips_training;
            let tokens = w.tokens_anchor
                * (1.0 + d.data.growth.value).powf(f64::from(year) - f64::from(d.anchor_year));
            let latency = w.latency_flop
                * (w.latency_months / d.latency.reference_months.value)
                    .powf(d.latency.duration_exponent.value);
            let flops = [
                distributed.max(campus),
                campus,
                run_h100e * self.h100.peak_flops * util * seconds,
                chinchilla * tokens * tokens,
                latency,
            ];
            let supplies = [
                distributed_gw.max(campus_gw),
                campus_gw,
                run_h100e,
                tokens,
                w.latency_months,
            ];
            for i in 0..5 {
                cols[i].push(flops[i]);
                supply[i].push(supplies[i]);
            }
        }
        let src = |s: &Sourced| s.source.to_string();
        let constraints: Vec<ConstraintRow> = Constraint::ALL
            .iter()
            .zip(cols.iter_mut().zip(supply.iter_mut()))
            .map(|(&c, (f, s))| {
                let band = interval(f);
                let s = interval(s).median;
                let (inputs, sources) = match c {
                    Constraint::Power => (
                        vec![("gw", s)],
                        vec![
                            src(&d.power.dc_capacity_gw),
                            src(&d.power.dc_growth),
                            src(&d.power.lab_share),
                            src(&d.power.training_share),
                            src(&d.facility_watts_per_h100),
                            src(self.efficiency),
                        ],
                    ),
                    Constraint::PowerCampus => (
                        vec![("gw", s)],
                        vec![
                            "sites by year: presets/limits.ron".into(),
                            src(&d.power.campus_gw),
                            src(&d.facility_watts_per_h100),
                        ],
                    ),
                    Constraint::Chips => (
                        vec![("run_h100e", s)],
                        vec![
                            "installed chips by year: presets/limits.ron".into(),
                            src(&d.chips.stock_h100e),
                            src(&d.chips.lab_share),
                            src(&d.chips.training_share),
                        ],
                    ),
                    Constraint::Data => (
                        vec![("tokens", s)],
                        vec![src(&d.data.effective_tokens), src(&d.tokens_per_param)],
                    ),
                    Constraint::Latency => (
                        vec![("run_months", s)],
                        vec![src(&d.latency.flop), src(&d.latency.duration_exponent)],
                    ),
                };
                ConstraintRow {
                    name: c,
                    median_flop: band.median,
                    p10_flop: band.p10,
                    p90_flop: band.p90,
                    inputs,
                    sources,
                }
            })
            .collect();
        let binding = constraints
            .iter()
            .filter(|r| r.name.can_bind())
            .min_by(|a, b| a.median_flop.total_cmp(&b.median_flop))
            .map_or(Constraint::Power, |r| r.name);
        let largest_run = self.largest_run(
            year,
            constraints
                .iter()
                .find(|r| r.name == binding)
                .map_or(f64::NAN, |r| r.median_flop),
            a,
        );
        let dm = &self.limits.data_movement_flop;
        YearFeasibility {
            year,
            extrapolated: year > d.anchor_year,
            constraints,
            binding,
            largest_run,
            soft: vec![SoftRow {
                name: "data_movement",
                flop: dm.value,
                effect: "utilization starts to fall past it (for a three-month run on today's hardware); not a cap",
                source: dm.source.to_string(),
            }],
            bandwidth: d.power.bandwidth.clone(),
        }
    }
}

impl Model<'_> {
    /// What a run of `flop` would cost in `year` on the cluster basis, for the assumed run
    /// length (the median of the drawn lengths when none is set).
    pub fn largest_run(&self, year: u16, flop: f64, a: &Assumptions) -> LargestRun {
        let d = self.data;
        let run_months = a.run_months.unwrap_or(d.run_months.value);
        let seconds = run_months * SECONDS_PER_MONTH;
        let h100e = flop / (self.h100.peak_flops * d.utilization.value * seconds);
        let from_base = f64::from(year) - f64::from(d.base_year);
        let usd_per_h100e =
            self.h100.price_usd / 10f64.powf(self.price_performance.value * from_base);
        let cluster_overhead =
            crate::presets::epoch::builtin_split().cluster_overhead(Some(H100_ID));
        LargestRun {
            flop,
            run_months,
            h100e,
            usd_per_h100e,
            cluster_overhead,
            cluster_cost_usd: h100e * usd_per_h100e * cluster_overhead,
        }
    }
}

/// The installed H100-equivalents at the end of `year`: the counted stock up to its last
/// year, then geometrically toward `anchor` in the anchor year and on at the same rate.
pub fn projected_stock(limits: &LimitsData, data: &FeasibilityData, year: u16, anchor: f64) -> f64 {
    let last = limits.chips.iter().max_by_key(|c| c.year);
    match (limits.chips_by(Some(f64::from(year))), last) {
        (Some(c), Some(l)) if year <= l.year => c.installed_h100e.value,
        (_, Some(l)) => {
            let (from, to) = (l.year, data.anchor_year);
            let known = l.installed_h100e.value;
            if to <= from {
                return known;
            }
            let t = f64::from(year - from) / f64::from(to - from);
            known * (anchor / known).powf(t)
        }
        _ => anchor,
    }
}

/// Median and 10th/90th percentiles (nearest rank) of `v`, which it reorders.
fn interval(v: &mut [f64]) -> Interval {
    if v.is_empty() {
        return Interval {
            median: f64::NAN,
            p10: f64::NAN,
            p90: f64::NAN,
        };
    }
    v.sort_unstable_by(f64::total_cmp);
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    Interval {
        median: at(0.5),
        p10: at(0.1),
        p90: at(0.9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> Model<'static> {
        let t = trends::published();
        Model {
            data: feasibility::published().expect("feasibility parses"),
            limits: limits::builtin(),
            efficiency: &t.energy_efficiency_ooms_per_year,
            price_performance: &t.price_performance_ooms_per_year,
            h100: H100 {
                peak_flops: 1.979e15,
                price_usd: 27_500.0,
            },
        }
    }

    fn year(y: u16, a: &Assumptions) -> YearFeasibility {
        model().years(y..=y, a, SAMPLES, SEED).remove(0)
    }

    /// Epoch AI, "Can AI scaling continue through 2030?" (Sevilla et al., Aug 2024), Figure 1:
    /// medians and 80 % intervals of the largest 2030 run each constraint allows — power 2e29
    /// (2e28–2e30), chips 9e29 (1e29–5e30), data 2e30 (6e28–2e32), latency 3e31 (3e30–1e32);
    /// power binds first.
    #[test]
    fn reproduces_epochs_2030_table() {
        let y = year(2030, &Assumptions::default());
        let published = [
            (Constraint::Power, 2e29, 2e28, 2e30),
            (Constraint::Chips, 9e29, 1e29, 5e30),
            (Constraint::Data, 2e30, 6e28, 2e32),
            (Constraint::Latency, 3e31, 3e30, 1e32),
        ];
        for (c, median, p10, p90) in published {
            let r = y.row(c);
            let ratio = r.median_flop / median;
            assert!((1.0 / 3.0..=3.0).contains(&ratio), "{c:?} {r:?}");
            assert!(r.p10_flop < p90 && r.p90_flop > p10, "{c:?} {r:?}");
        }
        assert_eq!(y.binding, Constraint::Power);
        // Single campus: 1–5 GW for 1e28–3e29 FLOP (the report, "Modeling energy bottlenecks").
        let campus = y.row(Constraint::PowerCampus);
        assert!(
            campus.p10_flop < 3e29 && campus.p90_flop > 1e28,
            "{campus:?}"
        );
    }

    #[test]
    fn power_and_chips_grow_with_the_year() {
        let a = Assumptions::default();
        let ys = model().years(2026..=2035, &a, SAMPLES, SEED);
        for c in [Constraint::Power, Constraint::Chips] {
            let at = |y: u16| ys[usize::from(y - 2026)].row(c).median_flop;
            assert!(at(2026) < at(2030) && at(2030) < at(2035), "{c:?}");
        }
        assert!(ys.iter().all(|y| y.extrapolated == (y.year > 2030)));
    }

    /// Grok 3 was trained on xAI's Colossus 1 with about 4.6e26 FLOP (Epoch AI's estimate in
    /// presets/milestones.ron), so 2025's power must allow at least that.
    #[test]
    fn power_in_2025_allows_grok_3() {
        let y = year(2025, &Assumptions::default());
        assert!(y.row(Constraint::Power).median_flop >= 4.6e26);
        assert!(y.row(Constraint::PowerCampus).median_flop >= 4.6e26);
    }

    #[test]
    fn the_limits_scale_as_the_model_says() {
        let base = Assumptions {
            campus_gw: Some(2.0),
            run_months: Some(4.0),
            lab_share: Some(0.2),
            ..Assumptions::default()
        };
        let at = |a: Assumptions, c: Constraint| year(2030, &a).row(c).median_flop;
        let close = |a: f64, b: f64| ((a / b) - 1.0).abs() < 1e-9;
        let campus = at(base, Constraint::PowerCampus);
        let double_campus = Assumptions {
            campus_gw: Some(4.0),
            ..base
        };
        assert!(close(
            at(double_campus, Constraint::PowerCampus),
            2.0 * campus
        ));
        let longer = Assumptions {
            run_months: Some(8.0),
            ..base
        };
        for c in [Constraint::Power, Constraint::Chips] {
            assert!(close(at(longer, c), 2.0 * at(base, c)), "{c:?}");
        }
        // The latency wall moves with the square of the run's length.
        assert!(close(
            at(longer, Constraint::Latency),
            4.0 * at(base, Constraint::Latency)
        ));
        let half = Assumptions {
            lab_share: Some(0.1),
            ..base
        };
        assert!(close(
            at(half, Constraint::Chips),
            0.5 * at(base, Constraint::Chips)
        ));
    }

    #[test]
    fn the_answer_is_a_pure_function_of_the_inputs() {
        let a = Assumptions::default();
        assert_eq!(year(2028, &a), year(2028, &a));
        // One year alone equals the same year inside a range (the same draws).
        let range = model().years(2027..=2029, &a, SAMPLES, SEED);
        assert_eq!(range[1], year(2028, &a));
    }

    #[test]
    fn bf16_halves_power_and_chips() {
        let fp8 = year(2030, &Assumptions::default());
        let m = Model {
            h100: H100 {
                peak_flops: 0.5 * 1.979e15,
                price_usd: 27_500.0,
            },
            ..model()
        };
        let bf16 = m.years(2030..=2030, &Assumptions::default(), SAMPLES, SEED);
        for c in [Constraint::Power, Constraint::Chips] {
            let r = bf16[0].row(c).median_flop / fp8.row(c).median_flop;
            assert!((r - 0.5).abs() < 1e-9, "{c:?} {r}");
        }
    }

    /// The largest 2030 run on the cluster basis, by hand: the power median over an FP8
    /// H100-equivalent at 40 % for a 6-month run, at $27,500 ÷ 10^(0.14 × 6) a card, times the
    /// cluster overhead of the H100's family (1.64 / 0.81).
    #[test]
    fn the_largest_run_is_costed_on_the_cluster_basis_of_its_year() {
        let a = Assumptions {
            run_months: Some(6.0),
            ..Assumptions::default()
        };
        let y = year(2030, &a);
        let flop = y.row(y.binding).median_flop;
        let r = y.largest_run;
        assert_eq!(r.flop, flop);
        let h100e = flop / (1.979e15 * 0.4 * 6.0 * 365.25 / 12.0 * 86_400.0);
        let usd = 27_500.0 / 10f64.powf(0.14 * 6.0);
        // Epoch AI's H100-family server overhead 1.64 over 1 − 19 % interconnect.
        let cost = h100e * usd * 1.64 / 0.81;
        assert!((r.h100e / h100e - 1.0).abs() < 1e-12, "{r:?}");
        assert!((r.usd_per_h100e / usd - 1.0).abs() < 1e-12, "{r:?}");
        assert!((r.cluster_cost_usd / cost - 1.0).abs() < 1e-9, "{r:?}");
        // The same FLOP a year later costs less by the price-performance trend.
        let m = model();
        let later = m.largest_run(2031, flop, &a);
        assert!((r.cluster_cost_usd / later.cluster_cost_usd - 10f64.powf(0.14)).abs() < 1e-9);
    }

    #[test]
    fn a_one_sided_range_never_goes_past_its_value() {
        let s = Sourced {
            low: None,
            high: Some(2.0),
            ..Sourced::user_set(1.0)
        };
        assert_eq!(lognormal(&s, -3.0), 1.0);
        assert!((lognormal(&s, Z90) - 2.0).abs() < 1e-12);
    }
}
