//! Everything derived from a scenario, computed once per change.
//!
//! The explorer's panels, `eval` in every format and `render` read an [`Evaluation`] and work
//! nothing out of their own, so no two surfaces can disagree: the outputs, the cost on every
//! basis, the milestone ratios and days-to-match, the fleets in H100-equivalents, the place on
//! the frontier trend, the uncertainty bands and a goal-seek answer all live here.

use crate::analysis::limits::{Context, Limits, Words, weigh};
use crate::model::cost::CostBasis;
use crate::model::epoch_cost;
use crate::model::format as fmt;
use crate::model::solve::{SolveError, Target, solve, solve_affine};
use crate::model::trend::{Trend, decimal_year};
use crate::model::uncertainty::{
    Band, Bands, DEFAULT_SAMPLES, DEFAULT_SEED, InputRange, Rate, RateRange,
    monte_carlo_with_rates, reads,
};
use crate::model::{
    Field, Flop, FlopPerSec, Inputs, Output, Outputs, Usd, compare, implied_utilization,
};
use crate::presets::{
    Catalog, Milestone, MilestoneKind, Precision, Scenario, Sourced, Status, Text,
};
use serde::Serialize;
use std::sync::Arc;

/// The run every summary names beside the scenario's neighbours: the best-documented frontier
/// run (reported FLOP, GPU count and GPU-hours).
pub const ANCHOR: &str = "llama-3.1-405b";

/// One milestone placed against the scenario.
#[derive(Clone, Debug, Serialize)]
pub struct MilestoneRow {
    /// Position in the catalog's milestone list.
    #[serde(skip)]
    pub index: usize,
    // The catalog's own text, lent for a built-in run: a start places every run without
    // copying its id and name. A keypress updates the rows in place, copying no text.
    pub id: Text,
    pub name: Text,
    /// The name's length in characters, counted once: the ruler tries every name for a place
    /// on every frame, by this length.
    #[serde(skip)]
    pub name_chars: usize,
    #[serde(serialize_with = "kind_name")]
    pub kind: MilestoneKind,
    pub flop: f64,
    /// log10 of `flop`: its place on the log axes.
    #[serde(skip)]
    pub log10: f64,
    /// Release date as a decimal year, when the date parses.
    #[serde(skip)]
    pub year: Option<f64>,
    #[serde(skip)]
    pub frontier: bool,
    /// Scenario ÷ milestone.
    pub ratio: f64,
    /// Days the scenario's run needs to do the milestone's work.
    pub days_to_match: f64,
}

/// What the run `id` cost on Epoch AI's three methods, where Epoch costs it. Worked out where
/// it is shown (a run's detail, JSON), not for every run of every evaluation: the table and
/// the explorer's other screens never show it, and it is a tenth of `eval`'s start-up.
pub fn run_costs(catalog: &Catalog, id: &str) -> Option<RunCosts> {
    let epoch = catalog.epoch_costs()?;
    let run = epoch.run(id)?;
    let e = epoch.estimate(run).ok()?;
    let p = &run.epoch_published;
    Some(RunCosts {
        cloud: e.cloud.as_ref().ok().map(|c| c.total),
        acquisition: e.acquisition.as_ref().ok().map(|c| c.total()),
        amortized: e.amortized.as_ref().ok().map(|a| a.components.total()),
        epoch_published: [p.cloud, p.acquisition, p.amortized],
    })
}

/// A known run's cost on Epoch AI's three methods: ours from Epoch's inputs, and Epoch's
/// published figure beside each (USD of the year the catalog states).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RunCosts {
    pub cloud: Option<f64>,
    pub acquisition: Option<f64>,
    pub amortized: Option<f64>,
    pub epoch_published: [Option<f64>; 3],
}

fn kind_name<S: serde::Serializer>(k: &MilestoneKind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(match k {
        MilestoneKind::Run => "run",
        MilestoneKind::Threshold => "threshold",
    })
}

/// A known fleet in H100-equivalents, next to the scenario's.
#[derive(Clone, Debug, Serialize)]
pub struct FleetRow {
    pub id: Text,
    pub name: Text,
    pub date: Text,
    pub count: f64,
    pub h100_equivalents: Option<f64>,
    pub status: &'static str,
    pub source: Text,
    /// Scenario fleet ÷ this fleet, in H100-equivalents.
    pub ratio: Option<f64>,
}

/// A provider's reported serving volume beside the scenario's inference share.
#[derive(Clone, Debug, Serialize)]
pub struct ServingRow {
    pub name: Arc<str>,
    pub date: Arc<str>,
    pub tokens_per_day: f64,
    pub status: &'static str,
    pub source: Arc<str>,
    /// Scenario tokens per day ÷ this volume.
    pub ratio: f64,
}

/// Where the scenario sits on the fitted frontier trend.
#[derive(Clone, Debug, PartialEq)]
pub struct Placement {
    /// The date at which the trend reaches the scenario's FLOP.
    pub frontier_year: f64,
    /// The newest frontier run in the catalog and its date, the reference point.
    pub reference: Option<(String, f64)>,
}

impl Placement {
    /// Years the scenario's size stays above the trend after the reference run.
    pub fn lead_years(&self) -> Option<f64> {
        self.reference
            .as_ref()
            .map(|(_, year)| self.frontier_year - year)
    }
}

/// The frontier drawn through the largest runs, as Epoch AI counts frontier models: the runs
/// among the `top` largest of the catalog at their release. The central fit ([`Evaluation::trend`])
/// runs through every frontier-flagged run instead; the two answer "until when is this run
/// frontier-scale?" differently, and every output names the fit it uses.
#[derive(Clone, Debug, PartialEq)]
pub struct LargestRuns {
    /// How many runs count as the frontier at each date (`presets/trends.ron`).
    pub top: usize,
    pub trend: Trend,
    /// The runs fitted, by name, in catalog order.
    pub runs: Vec<Arc<str>>,
    /// The year this fit reaches the scenario's FLOP: from then on the scenario is below it.
    pub falls_below: Option<f64>,
}

/// The scenario at its year: the trend factors since the base year, the notional card, the
/// run against the frontier trend of that year, and the wait-or-train rule.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Projection {
    pub base_year: f64,
    pub year: f64,
    pub years_ahead: f64,
    /// FLOP/s per dollar since the base year.
    pub hardware_factor: f64,
    /// FLOP per joule since the base year.
    pub energy_factor: f64,
    /// Base-year-algorithm FLOP per physical FLOP.
    pub algorithmic_factor: f64,
    /// The notional card of the year: peak TFLOP/s and all-in watts.
    pub peak_tflops: f64,
    pub watts: f64,
    pub physical_flop: f64,
    pub effective_flop: f64,
    /// The run ÷ the frontier trend's FLOP at the year, when there is a trend.
    pub frontier_ratio: Option<f64>,
    /// The run's physical FLOP at the base year (where the timeline marks the scenario as it
    /// was, when the year moved).
    pub base_year_flop: f64,
    /// The longest run worth starting now at the trend rates, days.
    pub longest_useful_run_days: f64,
    /// The run is longer than that: starting later on better hardware and algorithms would
    /// finish sooner.
    pub wait_would_finish_sooner: bool,
}

impl Projection {
    fn new(inputs: &Inputs, outputs: &Outputs, trend: Option<&Trend>) -> Projection {
        let r = inputs.rates;
        let y = inputs.years_ahead();
        let base = Inputs {
            year: inputs.base_year,
            ..*inputs
        };
        let longest = r.longest_useful_run_days();
        Projection {
            base_year: inputs.base_year,
            year: inputs.year,
            years_ahead: y,
            hardware_factor: r.hardware_factor(y),
            energy_factor: r.energy_factor(y),
            algorithmic_factor: r.algorithmic_factor(y),
            peak_tflops: inputs.projected_peak_tflops(),
            watts: inputs.projected_watts(),
            physical_flop: outputs.total_flop.0,
            effective_flop: outputs.effective_flop.0,
            frontier_ratio: trend
                .map(|t| outputs.total_flop.0 / 10f64.powf(t.log10_flop_at(inputs.year))),
            base_year_flop: base.total_flop().0,
            longest_useful_run_days: longest,
            wait_would_finish_sooner: inputs.days > longest,
        }
    }

    /// Whether the year differs from the base year.
    pub fn moved(&self) -> bool {
        self.years_ahead != 0.0
    }
}

/// A goal-seek answer: the input solved, its value and the target in words.
#[derive(Clone, Debug, PartialEq)]
pub struct Solved {
    pub field: Field,
    pub value: f64,
    /// "1.00e27 FLOP", "10× Llama 3.1 405B (3.80e26 FLOP)", "a $5.00 B budget".
    pub target: String,
}

/// Everything derived from one scenario.
#[derive(Clone, Debug)]
pub struct Evaluation {
    pub name: String,
    pub title: String,
    pub accelerator: Option<String>,
    pub precision: Precision,
    /// What the peak really is: "BF16", "FP8", or "FP16" for a card without BF16.
    pub peak_label: &'static str,
    pub inputs: Inputs,
    pub outputs: Outputs,
    /// Inputs without a sourced value: the outputs that read them are absent.
    pub missing: Vec<Field>,
    /// Epoch's optimal replacement rate per year and average power draw, when the catalog has
    /// the method's constants (what the "Epoch amortized" basis pays).
    pub epoch_rates: Option<(f64, f64)>,
    /// 5–95 % bands, when inputs carry ranges. While [`Evaluation::bands_pending`], the bands
    /// of an earlier scenario (kept so the panels keep their shape; [`Evaluation::band`] gives
    /// none of them).
    pub bands: Option<Bands>,
    /// What `bands` were worked out from: a scenario with the same job keeps them.
    bands_job: Option<BandJob>,
    /// The job whose bands are awaited, when an update left them to be worked out elsewhere
    /// ([`Evaluation::update_leaving_bands`]).
    waiting: Option<BandJob>,
    /// Every milestone, sorted by FLOP ascending.
    pub milestones: Vec<MilestoneRow>,
    /// The largest run at or below the scenario and the smallest above it (indices into
    /// `milestones`).
    pub below: Option<usize>,
    pub above: Option<usize>,
    /// The [`ANCHOR`] run (index into `milestones`).
    pub anchor: Option<usize>,
    pub fleets: Vec<FleetRow>,
    /// The scenario's fleet in H100-equivalents (dense BF16).
    pub h100_equivalents: f64,
    /// The known fleet nearest the scenario's on a log scale (index into `fleets`).
    pub nearest_fleet: Option<usize>,
    /// The central fit: least squares through every frontier-flagged run.
    pub trend: Option<Trend>,
    /// Epoch AI's published frontier growth, × per year (low, high), that the fits are
    /// compared with.
    pub epoch_growth: (f64, f64),
    /// The runs the central fit goes through, by name.
    pub central_runs: Vec<Arc<str>>,
    /// The frontier of the largest runs, with the year the scenario falls below it.
    pub largest_runs: Option<LargestRuns>,
    pub placement: Option<Placement>,
    /// The scenario at its year against its base year and the trend.
    pub projection: Projection,
    /// Reported serving volumes, largest first, with the scenario's tokens per day over each.
    pub serving: Vec<ServingRow>,
    /// The serving volume nearest the scenario's on a log scale (index into `serving`), when
    /// the scenario serves anything.
    pub nearest_serving: Option<usize>,
    pub solved: Option<Solved>,
    /// The one-line form of the scenario, when the caller asked for it (`eval` does; the
    /// explorer writes it only when the user copies it).
    pub scenario_string: Option<String>,
    /// The scenario's one line on what it is (for a known run: what it reproduces).
    pub description: String,
    /// Each input's value with its status and source, in [`Field::ALL`] order (unset optional
    /// inputs absent): the provenance every format prints.
    pub sourced: Vec<(Field, Sourced)>,
    /// What the run would need against what exists, and the limit that binds first.
    pub limits: Limits,
    /// Where the recovery mode's figures come from (its restart's source).
    pub recovery_source: String,
}

/// What the evaluation needs of the catalog that no scenario changes, worked out once per
/// catalog: milestones sorted and placed on the axes, fleets in H100-equivalents, the fitted
/// trend, the newest frontier run and Epoch's method constants. The explorer keeps it, so a
/// keypress re-evaluates only what the scenario changes.
#[derive(Clone, Debug)]
pub struct Reference {
    /// Every milestone sorted by FLOP, its ratio and days not yet known (NaN).
    milestones: Vec<MilestoneRow>,
    /// Every fleet, its ratio not yet known.
    fleets: Vec<FleetRow>,
    anchor: Option<usize>,
    trend: Option<Trend>,
    central_runs: Vec<Arc<str>>,
    largest_runs: Option<LargestRuns>,
    newest: Option<(String, f64)>,
    /// Epoch AI's amortized method's constants, as the scenario's basis needs them.
    epoch: Option<epoch_cost::Constants>,
    /// Reported serving volumes from `presets/trends.ron`, largest first, ratios not known.
    serving: Vec<ServingRow>,
}

impl Reference {
    /// The hardware life Epoch AI's amortized cost implies: its optimal replacement rate
    /// charges `k · ln 10` of the hardware's value a year (Cottier et al., arXiv 2405.21015),
    /// as a straight line over `1 / (k · ln 10)` years does: 3.10 years at k = 0.14 OOM/yr.
    /// `None` without Epoch's constants.
    pub fn epoch_hardware_life_years(&self) -> Option<f64> {
        let rate =
            epoch_cost::replacement_rate(self.epoch.as_ref()?.price_performance_ooms_per_year);
        (rate > 0.0).then(|| 1.0 / rate)
    }

    pub fn new(catalog: &Catalog) -> Reference {
        let mut milestones: Vec<MilestoneRow> = catalog
            .milestones
            .iter()
            .enumerate()
            .map(|(index, m)| MilestoneRow {
                index,
                id: m.id.clone(),
                name: m.name.clone(),
                name_chars: m.name.chars().count(),
                kind: m.kind,
                flop: m.flop.value,
                log10: m.flop.value.log10(),
                year: decimal_year(&m.date),
                frontier: m.frontier,
                ratio: f64::NAN,
                days_to_match: f64::NAN,
            })
            .collect();
        milestones.sort_by(|a, b| a.flop.total_cmp(&b.flop));
        let fleets = catalog
            .fleets
            .iter()
            .map(|f| FleetRow {
                id: f.id.clone(),
                name: f.name.clone(),
                date: f.date.clone(),
                count: f.count.value,
                h100_equivalents: catalog.fleet_h100_equivalents(f),
                status: f.count.status.tag(),
                source: f.count.source.clone(),
                ratio: None,
            })
            .collect();
        let epoch = catalog.epoch_constants();
        Reference {
            anchor: milestones.iter().position(|m| &*m.id == ANCHOR),
            milestones,
            fleets,
            trend: catalog.frontier_trend(),
            central_runs: catalog
                .frontier_run_names()
                .into_iter()
                .map(Arc::from)
                .collect(),
            largest_runs: largest_runs(catalog),
            newest: catalog
                .newest_frontier()
                .and_then(|m| Some((m.name.to_string(), decimal_year(&m.date)?))),
            epoch,
            serving: serving_rows(),
        }
    }
}

/// Epoch's frontier in `catalog`, with as many runs at each date as `presets/trends.ron` counts
/// (`None` without the file, for a count that is not a whole number of at least one, or with
/// fewer than three such runs).
fn largest_runs(catalog: &Catalog) -> Option<LargestRuns> {
    let top = crate::presets::trends::published().frontier_top_runs.value;
    if !(top >= 1.0 && top.fract() == 0.0) {
        return None;
    }
    let top = top as usize;
    let runs = catalog.largest_runs(top);
    let points: Vec<(f64, f64)> = runs
        .iter()
        .map(|(m, y)| (*y, m.flop.value.log10()))
        .collect();
    Some(LargestRuns {
        top,
        trend: Trend::fit(&points)?,
        runs: runs
            .iter()
            .map(|(m, _)| Arc::from(m.name.as_str()))
            .collect(),
        falls_below: None,
    })
}

/// The serving volumes of `presets/trends.ron`, largest first.
fn serving_rows() -> Vec<ServingRow> {
    let mut rows: Vec<ServingRow> = crate::presets::trends::published()
        .serving
        .iter()
        .map(|s| ServingRow {
            name: s.name.as_str().into(),
            date: s.date.as_str().into(),
            tokens_per_day: s.tokens_per_day.value,
            status: s.tokens_per_day.status.tag(),
            source: s.tokens_per_day.source.as_str().into(),
            ratio: f64::NAN,
        })
        .collect();
    rows.sort_by(|a, b| b.tokens_per_day.total_cmp(&a.tokens_per_day));
    rows
}

impl Evaluation {
    /// Evaluates `scenario` against `catalog`, whose unchanging part is `reference`
    /// ([`Reference::new`] of the same catalog).
    pub fn new(scenario: &Scenario, catalog: &Catalog, reference: &Reference) -> Evaluation {
        let inputs = catalog.inputs(scenario);
        let mut e = Evaluation {
            name: String::new(),
            title: String::new(),
            accelerator: None,
            precision: scenario.precision,
            peak_label: "",
            inputs,
            outputs: inputs.outputs(),
            missing: Vec::new(),
            epoch_rates: None,
            bands: None,
            bands_job: None,
            waiting: None,
            milestones: reference.milestones.clone(),
            below: None,
            above: None,
            anchor: reference.anchor,
            fleets: reference.fleets.clone(),
            h100_equivalents: 0.0,
            nearest_fleet: None,
            trend: reference.trend,
            epoch_growth: crate::presets::trends::published().frontier_growth_range(),
            central_runs: reference.central_runs.clone(),
            largest_runs: None,
            placement: None,
            projection: Projection::new(&inputs, &inputs.outputs(), None),
            serving: reference.serving.clone(),
            nearest_serving: None,
            solved: None,
            scenario_string: None,
            description: String::new(),
            sourced: Vec::new(),
            limits: Limits::default(),
            recovery_source: String::new(),
        };
        e.update(scenario, catalog, reference, Words::Write);
        e
    }

    /// Re-evaluates for a changed `scenario` in place, keeping the rows' shared text and every
    /// allocation: what a keypress costs. The result is the same as [`Evaluation::new`]'s (which
    /// is this on fresh rows) when `words` is [`Words::Write`]; with [`Words::Skip`] the limits
    /// carry their numbers only ([`Evaluation::say_limits`] adds the words). `solved` is
    /// cleared.
    pub fn update(
        &mut self,
        scenario: &Scenario,
        catalog: &Catalog,
        reference: &Reference,
        words: Words,
    ) {
        self.update_leaving_bands(scenario, catalog, reference, words);
        self.settle_bands();
    }

    /// Weighs the limits again in words when the last update left them out: for a view that
    /// shows them, opened on a scenario evaluated without. The same rows as an update in words.
    pub fn say_limits(&mut self, scenario: &Scenario, catalog: &Catalog, reference: &Reference) {
        if self.limits.words == Words::Skip {
            self.limits = limits_of(
                scenario,
                catalog,
                reference,
                (&self.inputs, &self.outputs, self.h100_equivalents),
                Words::Write,
            );
        }
    }

    /// As [`Evaluation::update`], but the bands of a scenario unlike the last are left waiting
    /// ([`Evaluation::waiting_bands`]) for [`Evaluation::take_bands`]: everything else is
    /// current at once, and the Monte Carlo can run where nobody waits for it.
    pub fn update_leaving_bands(
        &mut self,
        scenario: &Scenario,
        catalog: &Catalog,
        reference: &Reference,
        words: Words,
    ) {
        let inputs = catalog.inputs(scenario);
        let outputs = Lean::new(reference).outputs(&inputs);
        for m in &mut self.milestones {
            let c = compare(
                outputs.total_flop,
                outputs.sustained_flop_per_s,
                Flop(m.flop),
            );
            (m.ratio, m.days_to_match) = (c.ratio, c.days_to_match);
        }
        let runs = || {
            self.milestones
                .iter()
                .enumerate()
                .filter(|(_, m)| m.kind == MilestoneKind::Run)
        };
        self.below = runs().rfind(|(_, m)| m.ratio >= 1.0).map(|(i, _)| i);
        self.above = runs().find(|(_, m)| m.ratio < 1.0).map(|(i, _)| i);
        let h100_equivalents =
            catalog.scenario_h100_equivalents(scenario, inputs.projected_peak_tflops());
        for f in &mut self.fleets {
            f.ratio = f
                .h100_equivalents
                .filter(|&e| e > 0.0)
                .map(|e| h100_equivalents / e);
        }
        self.nearest_fleet = self
            .fleets
            .iter()
            .enumerate()
            .filter_map(|(i, f)| Some((i, f.ratio?.log10().abs())))
            .filter(|(_, d)| d.is_finite())
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i);
        self.h100_equivalents = h100_equivalents;
        self.limits = limits_of(
            scenario,
            catalog,
            reference,
            (&inputs, &outputs, h100_equivalents),
            words,
        );
        let card = scenario
            .accelerator
            .as_deref()
            .and_then(|id| catalog.accelerator(id));
        self.recovery_source.clear();
        if let Some(d) = &catalog.limits {
            self.recovery_source
                .push_str(&d.restart(inputs.recovery).source);
        }
        self.placement = reference.trend.and_then(|t| {
            let c = outputs.total_flop.0;
            (c > 0.0 && c.is_finite()).then(|| Placement {
                frontier_year: t.year_for(c.log10()),
                reference: reference.newest.clone(),
            })
        });
        self.trend = reference.trend;
        self.largest_runs = reference.largest_runs.clone().map(|mut l| {
            let c = outputs.total_flop.0;
            l.falls_below = (c > 0.0 && c.is_finite()).then(|| l.trend.year_for(c.log10()));
            l
        });
        self.projection = Projection::new(&inputs, &outputs, reference.trend.as_ref());
        for r in &mut self.serving {
            r.ratio = outputs
                .tokens_per_day
                .map_or(f64::NAN, |t| t / r.tokens_per_day);
        }
        self.nearest_serving = self
            .serving
            .iter()
            .enumerate()
            .filter(|(_, r)| r.ratio > 0.0 && r.ratio.is_finite())
            .min_by(|a, b| a.1.ratio.log10().abs().total_cmp(&b.1.ratio.log10().abs()))
            .map(|(i, _)| i);
        self.anchor = reference.anchor;
        self.name.clone_from(&scenario.name);
        self.title.clone_from(&scenario.title);
        self.accelerator.clone_from(&scenario.accelerator);
        self.precision = scenario.precision;
        self.peak_label = card.map_or(scenario.precision.label(), |a| {
            a.peak_label(scenario.precision)
        });
        let job = BandJob {
            inputs,
            ranges: scenario.ranges(),
            rates: trend_ranges(&inputs),
        };
        if self.bands_job.as_ref() == Some(&job) {
            self.waiting = None;
        } else if job.is_empty() {
            // Nothing to sample: no bands, at no cost.
            self.waiting = None;
            self.bands = None;
            self.bands_job = Some(job);
        } else if self.waiting.as_ref() != Some(&job) {
            self.waiting = Some(job);
        }
        self.inputs = inputs;
        self.outputs = outputs;
        self.missing.clear();
        self.missing.extend(scenario.missing());
        self.epoch_rates = reference.epoch.as_ref().map(|c| {
            (
                epoch_cost::replacement_rate(c.price_performance_ooms_per_year),
                c.tdp_fraction_gpu,
            )
        });
        self.solved = None;
        self.scenario_string = None;
        self.description.clone_from(&scenario.description);
        // Copied into the kept values: their sources and notes keep their buffers, where
        // fresh clones cost two dozen allocations (and frees) on every keypress.
        let mut kept = 0;
        for (f, s) in Field::ALL
            .iter()
            .filter_map(|&f| Some((f, scenario.sourced(f)?)))
        {
            match self.sourced.get_mut(kept) {
                Some((field, mine)) => {
                    *field = f;
                    mine.clone_from(s);
                }
                None => self.sourced.push((f, s.clone())),
            }
            kept += 1;
        }
        self.sourced.truncate(kept);
    }

    /// One output's value; `None` when an input it needs is unset or has no sourced value.
    pub fn value(&self, o: Output) -> Option<f64> {
        if self.missing_input(o).is_some() {
            return None;
        }
        o.of(&self.outputs)
    }

    /// The first input without a sourced value that `o` reads.
    pub fn missing_input(&self, o: Output) -> Option<Field> {
        first_missing(&self.missing, o)
    }

    /// One output as every surface prints it.
    pub fn text(&self, o: Output) -> String {
        output_text(&self.missing, o, self.value(o))
    }

    /// The 5–95 % band of one output, when inputs carry ranges and the output is present (and
    /// the bands are not [pending](Evaluation::bands_pending)).
    pub fn band(&self, o: Output) -> Option<Band> {
        self.value(o)?;
        if self.waiting.is_some() {
            return None;
        }
        self.bands.as_ref()?.get(o)
    }

    /// The job whose bands this evaluation waits for, if it does.
    pub fn waiting_bands(&self) -> Option<&BandJob> {
        self.waiting.as_ref()
    }

    /// Whether the bands are still being worked out.
    pub fn bands_pending(&self) -> bool {
        self.waiting.is_some()
    }

    /// Whether `o` will have a band once the pending bands arrive: it is present and reads a
    /// ranged input (or the year, when trend rates are drawn). What a panel marks meanwhile.
    pub fn band_pending(&self, o: Output) -> bool {
        self.waiting.as_ref().is_some_and(|job| {
            self.value(o).is_some()
                && (job.ranges.iter().any(|r| reads(o, r.field))
                    || (!job.rates.is_empty() && reads(o, Field::Year)))
        })
    }

    /// Takes the bands worked out for `job`; bands of a job no longer awaited are dropped.
    pub fn take_bands(&mut self, job: &BandJob, bands: Option<Bands>) {
        if self.waiting.as_ref() == Some(job) {
            self.bands = bands;
            self.bands_job = self.waiting.take();
        }
    }

    /// Works out the awaited bands here and now, if any are awaited.
    pub fn settle_bands(&mut self) {
        if let Some(job) = self.waiting.take() {
            self.bands = job.run();
            self.bands_job = Some(job);
        }
    }

    /// The band as text, "$8.83–$10.4 B", when it has any width.
    pub fn band_text(&self, o: Output) -> Option<String> {
        let b = self.band(o).filter(Band::varies)?;
        Some(o.range_text(b.p5, b.p95))
    }

    /// "below" or "above" when the point value lies outside its own 5–95 % band (a preset
    /// value at the end of its range, or a skewed range): surfaces must say so in words.
    pub fn outside_band(&self, o: Output) -> Option<&'static str> {
        let (b, v) = (self.band(o).filter(Band::varies)?, self.value(o)?);
        if b.contains(v) {
            None
        } else if v < b.p5 {
            Some("below")
        } else {
            Some("above")
        }
    }

    /// The cost on one basis.
    pub fn cost(&self, basis: CostBasis) -> Option<f64> {
        self.value(basis.output())
    }

    /// The run's share of what the whole fleet computes in a year.
    pub fn run_share_of_year(&self) -> f64 {
        self.outputs.total_flop.0 / self.outputs.fleet_flop_per_year.0
    }

    /// Why goodput is what it is, longest wording first: "a failure every 8.7 min, 10 min
    /// restart (sync)" down to "8.7 min/fail, 10 min"; the results panel shows the longest that
    /// fits, so the reason is on screen at every size.
    pub fn goodput_reasons(&self) -> Vec<String> {
        let long = crate::analysis::limits::failure_reason(&self.inputs, &self.outputs);
        let Some(h) = self.outputs.job_mtbf_hours else {
            return vec![long, "no failures".into()];
        };
        let (every, restart) = (
            fmt::days(h / 24.0),
            fmt::days(self.inputs.restart_minutes / 1440.0),
        );
        // "8.7m", "3.1h", "2.0d": for the narrowest panel.
        let short = |minutes: f64| {
            let (v, unit) = if minutes < 60.0 {
                (minutes, "m")
            } else if minutes < 1440.0 {
                (minutes / 60.0, "h")
            } else {
                (minutes / 1440.0, "d")
            };
            [fmt::trim_zeros(&fmt::sig(v, 2)), unit].concat()
        };
        vec![
            long,
            ["a failure every ", &every, ", ", &restart, " restart"].concat(),
            ["fails every ", &every, ", ", &restart].concat(),
            [&every, "/fail, ", &restart].concat(),
            [
                "fail/",
                &short(h * 60.0),
                ", R ",
                &short(self.inputs.restart_minutes),
            ]
            .concat(),
        ]
    }

    /// What the useful FLOP counts, in a few words: an in-step MFU pays for failures, a
    /// whole-run one already did.
    pub fn useful_basis(&self) -> &'static str {
        match self.inputs.mfu_basis {
            crate::model::MfuBasis::InStep => "in-step MFU",
            crate::model::MfuBasis::WholeRun => "whole-run MFU",
        }
    }

    /// The milestone row at `i` of [`Evaluation::milestones`].
    pub fn milestone(&self, i: Option<usize>) -> Option<&MilestoneRow> {
        self.milestones.get(i?)
    }
}

/// What the bands of one scenario are worked out from: its inputs, their ranges and the trend
/// intervals drawn. The bands are a pure function of it (the design is seeded), so equal jobs
/// share their bands, and a job can be handed to another thread and its answer taken back.
#[derive(Clone, Debug, PartialEq)]
pub struct BandJob {
    inputs: Inputs,
    ranges: Vec<InputRange>,
    rates: Vec<RateRange>,
}

impl BandJob {
    /// The bands: [`DEFAULT_SAMPLES`] points at [`DEFAULT_SEED`].
    pub fn run(&self) -> Option<Bands> {
        monte_carlo_with_rates(
            &self.inputs,
            &self.ranges,
            &self.rates,
            DEFAULT_SAMPLES,
            DEFAULT_SEED,
        )
    }

    /// Whether nothing is uncertain (no bands to work out).
    fn is_empty(&self) -> bool {
        self.ranges.is_empty() && self.rates.is_empty()
    }
}

/// The trend intervals the bands draw: none at the base year (the scenario's own numbers carry
/// no trend), price-performance and algorithmic progress from `presets/trends.ron` elsewhere.
fn trend_ranges(inputs: &Inputs) -> Vec<RateRange> {
    let t = crate::presets::trends::published();
    if inputs.years_ahead() == 0.0 {
        return Vec::new();
    }
    [
        (Rate::PricePerformance, &t.price_performance_ooms_per_year),
        (Rate::AlgorithmicHalving, &t.algorithmic_halving_months),
    ]
    .into_iter()
    .filter_map(|(rate, s)| match (s.low, s.high) {
        (Some(low), Some(high)) if low < high => Some(RateRange { rate, low, high }),
        _ => None,
    })
    .collect()
}

/// The limits of `scenario` at its evaluated inputs, outputs and H100-equivalents, in words or
/// not.
fn limits_of(
    scenario: &Scenario,
    catalog: &Catalog,
    reference: &Reference,
    (inputs, outputs, h100_equivalents): (&Inputs, &Outputs, f64),
    words: Words,
) -> Limits {
    let Some(data) = &catalog.limits else {
        return Limits {
            verdict: "no limits data loaded".into(),
            ..Limits::default()
        };
    };
    // The model the run trains: its total parameters fill the memory, its active ones set the
    // tokens the run's FLOP buys (C = 6 · N_active · D; 20 per parameter when compute-optimal).
    let model = inputs.trained_model();
    let card = scenario
        .accelerator
        .as_deref()
        .and_then(|id| catalog.accelerator(id));
    weigh(
        inputs,
        outputs,
        &Context {
            data,
            feasibility: catalog
                .feasibility
                .as_deref()
                .or_else(|| crate::presets::feasibility::published()),
            year: Some(inputs.year),
            memory_gb: card.map(|a| a.memory_gb.value),
            h100_equivalents,
            params: model.params,
            tokens: outputs.total_flop.0 / (6.0 * model.active_params),
            average_draw: reference.epoch.as_ref().map(|c| c.tdp_fraction_gpu),
        },
        words,
    )
}

/// The cost of `scenario` on one basis without the rest of the evaluation (no bands, no
/// milestones): goal seek on a basis evaluates it twice per answer. `None` where the basis
/// cannot be priced (no rent, no hardware life) or an input it reads has no sourced value.
pub fn basis_cost(scenario: &Scenario, reference: &Reference, basis: CostBasis) -> Option<f64> {
    let inputs = scenario.inputs();
    let outputs = Lean::new(reference).outputs(&inputs);
    if scenario
        .missing()
        .into_iter()
        .any(|f| reads(basis.output(), f))
    {
        return None;
    }
    basis.output().of(&outputs)
}

/// The input a cost basis needs that the scenario does not have: a sourced rent for the rent
/// basis, a hardware life for the amortized one.
pub fn basis_lacks(scenario: &Scenario, basis: CostBasis) -> Option<Field> {
    match basis {
        CostBasis::Rent => scenario
            .sourced(Field::Rent)
            .is_none_or(|r| r.status == Status::Missing)
            .then_some(Field::Rent),
        CostBasis::Amortized => scenario
            .amortization_years
            .is_none()
            .then_some(Field::AmortYears),
        _ => None,
    }
}

/// Goal seek for a budget on one cost basis: the value of `field` at which the scenario costs
/// `budget` on `basis` (the GPUs' purchase price is [`solve`]'s division; every other basis is
/// affine in the inputs that can buy it, [`solve_affine`]). The explorer's `g $1B` and `eval
/// --budget --basis` both come here, so they give the same answer.
pub fn solve_on_basis(
    scenario: &Scenario,
    reference: &Reference,
    field: Field,
    budget: f64,
    basis: CostBasis,
) -> Result<f64, SolveError> {
    if basis == CostBasis::Gpus {
        return solve(&scenario.inputs(), field, Target::Budget(Usd(budget)));
    }
    // Say which input the basis lacks, where "not known" would leave the user guessing.
    if let Some(f) = basis_lacks(scenario, basis) {
        return Err(SolveError::Impossible(format!(
            "the {} basis needs {}: set it first",
            basis.word(),
            f.name()
        )));
    }
    solve_affine(field, budget, basis.word(), |x| {
        let mut s = scenario.clone();
        s.set_input(field, Sourced::user_set(x));
        basis_cost(&s, reference, basis)
    })
}

/// The outputs of any inputs: the model's [`Inputs::outputs`] plus Epoch AI's amortized cost
/// (the run's chip-hours, the card's cluster value per chip, the energy at Epoch's average
/// draw), with Epoch's constants read once. The evaluation starts from it; a sweep calls it for
/// every row, without the milestones, fleets and bands.
#[derive(Clone, Debug)]
pub struct Lean {
    /// Epoch's constants, when the catalog has them.
    epoch: Option<epoch_cost::Constants>,
}

impl Lean {
    pub fn new(reference: &Reference) -> Lean {
        Lean {
            epoch: reference.epoch.clone(),
        }
    }

    pub fn outputs(&self, inputs: &Inputs) -> Outputs {
        let mut o = inputs.outputs();
        o.epoch_amortized_cost_usd = self.epoch.as_ref().map(|c| {
            Usd(epoch_cost::scenario_amortized(
                o.gpu_hours,
                inputs.price_usd * inputs.cluster_overhead,
                o.energy_cost_usd.0,
                c,
            ))
        });
        o
    }
}

/// Whole-run utilization of a published run, when its GPU-hours and card are known.
pub fn milestone_implied_utilization(m: &Milestone, catalog: &Catalog) -> Option<f64> {
    let hours = m.gpu_hours.as_ref()?.value;
    let card = catalog.accelerator(m.accelerator.as_deref()?)?;
    let peak = card.peak(m.precision).value * 1e12;
    let u = implied_utilization(Flop(m.flop.value), hours, FlopPerSec(peak));
    u.is_finite().then_some(u)
}

/// A scenario's outputs under the evaluation's missing-input rule, without the rest of an
/// evaluation: for lists that show a few outputs of many scenarios (the preset picker, the
/// `presets` listing), which must say "—" where `eval` does.
#[derive(Clone, Debug, PartialEq)]
pub struct Glance {
    pub outputs: Outputs,
    missing: Vec<Field>,
}

impl Glance {
    pub fn of(scenario: &Scenario, catalog: &Catalog) -> Glance {
        Glance {
            outputs: catalog.inputs(scenario).outputs(),
            missing: scenario.missing(),
        }
    }

    /// One output's value; `None` when an input it needs has no sourced value.
    pub fn value(&self, o: Output) -> Option<f64> {
        match first_missing(&self.missing, o) {
            Some(_) => None,
            None => o.of(&self.outputs),
        }
    }

    /// One output as every surface prints it.
    pub fn text(&self, o: Output) -> String {
        output_text(&self.missing, o, self.value(o))
    }
}

/// The first input without a sourced value that `o` reads: the one rule that hides an output.
fn first_missing(missing: &[Field], o: Output) -> Option<Field> {
    missing.iter().copied().find(|&f| reads(o, f))
}

/// An output in words, or "— (no sourced price)" when an input it reads is missing.
fn output_text(missing: &[Field], o: Output, value: Option<f64>) -> String {
    match first_missing(missing, o) {
        Some(f) => format!("{} (no sourced {})", fmt::NOT_A_NUMBER, f.name()),
        None => o.text(value),
    }
}

/// Every preset scenario of the catalog at a glance, in catalog order (for the preset
/// picker's preview and the `presets` listing).
pub fn preset_outputs(catalog: &Catalog) -> Vec<Glance> {
    catalog
        .scenarios
        .iter()
        .map(|e| Glance::of(&e.scenario, catalog))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> Evaluation {
        let c = Catalog::embedded();
        let s = c
            .scenario(crate::presets::DEFAULT_SCENARIO)
            .map(|e| e.scenario.clone())
            .unwrap();
        Evaluation::new(&s, &c, &Reference::new(&c))
    }

    #[test]
    fn the_largest_runs_grow_as_epochs_frontier_models_do() {
        // Epoch AI, 'Training compute of frontier AI models grows by 4-5x per year' (May 2024,
        // https://epoch.ai/blog/training-compute-of-frontier-ai-models-grows-by-4-5x-per-year):
        // the running top 10 of models by compute grows consistently with the 4-5x/year figure.
        // The catalog's own top 10 at release gives 4.34x/yr over 37 runs.
        let e = meta();
        let l = e
            .largest_runs
            .as_ref()
            .expect("the catalog has a largest-runs frontier");
        let g = l.trend.growth_per_year();
        assert!((4.0..=5.0).contains(&g), "{g}");
        assert!(l.trend.grows_within(e.epoch_growth));
        assert_eq!(l.trend.n, l.runs.len());
        // The central fit is a different line through different runs.
        let t = e.trend.expect("central fit");
        assert_eq!(t.n, e.central_runs.len());
        assert_ne!(t.slope, l.trend.slope);
        // Each fit's year is where its line reaches the scenario's FLOP.
        let c = e.outputs.total_flop.0.log10();
        let y = l.falls_below.expect("the scenario has FLOP");
        assert!((l.trend.log10_flop_at(y) - c).abs() < 1e-9);
        let p = e.placement.expect("placement");
        assert!((t.log10_flop_at(p.frontier_year) - c).abs() < 1e-9);
    }

    #[test]
    fn every_largest_run_was_in_the_top_at_its_release_and_no_other_was() {
        let c = Catalog::embedded();
        let top = crate::presets::trends::published().frontier_top_runs.value as usize;
        let l = largest_runs(&c).expect("a fit");
        assert_eq!(l.top, top);
        let dated: Vec<(&Milestone, f64)> = c
            .milestones
            .iter()
            .filter(|m| m.kind == MilestoneKind::Run)
            .filter_map(|m| Some((m, decimal_year(&m.date)?)))
            .collect();
        assert!(dated.len() > l.runs.len());
        for (m, y) in &dated {
            let larger = dated
                .iter()
                .filter(|(o, oy)| o.id != m.id && oy <= y && o.flop.value > m.flop.value)
                .count();
            let fitted = l.runs.iter().any(|r| **r == *m.name);
            assert_eq!(fitted, larger < top, "{} has {larger} larger runs", m.id);
        }
    }

    #[test]
    fn neighbours_bracket_the_scenario() {
        let e = meta();
        let total = e.outputs.total_flop.0;
        if let Some(b) = e.milestone(e.below) {
            assert!(b.flop <= total && b.kind == MilestoneKind::Run);
        }
        if let Some(a) = e.milestone(e.above) {
            assert!(a.flop > total && a.kind == MilestoneKind::Run);
        }
        assert_eq!(e.milestone(e.anchor).map(|m| &*m.id), Some(ANCHOR));
        assert!(e.milestones.windows(2).all(|w| w[0].flop <= w[1].flop));
    }

    #[test]
    fn the_cost_bases_are_the_outputs() {
        let e = meta();
        for b in CostBasis::ALL {
            assert_eq!(e.cost(b), e.value(b.output()));
        }
        let cluster = e.value(Output::ClusterCost).unwrap();
        let gpus = e.value(Output::FleetCost).unwrap();
        // An H100 fleet: Epoch AI's H100-family server overhead 1.64 over 1 − 19 % interconnect.
        assert!((cluster / gpus - 1.64 / 0.81).abs() < 1e-12);
        assert_eq!(e.inputs.cluster_overhead, cluster / gpus);
    }

    #[test]
    fn a_band_that_excludes_its_point_is_said() {
        let mut e = meta();
        let v = e.value(Output::FleetCost).unwrap();
        let mut bands = e.bands.clone().unwrap();
        bands.set(
            Output::FleetCost,
            Band {
                p5: v * 1.1,
                p50: v * 1.2,
                p95: v * 1.3,
            },
        );
        e.bands = Some(bands);
        assert_eq!(e.outside_band(Output::FleetCost), Some("below"));
    }
}
