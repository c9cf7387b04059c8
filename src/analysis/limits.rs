//! What a run would need, set against what exists: failures, power, chips, memory, the batch,
//! data, data movement and latency. Part of the evaluation (computed once per change), so the
//! Limits view, the results panel and `eval` show the same rows and the same binding limit.
//!
//! Each row is a need, a limit and their ratio. Every limit at or past its line binds, not only
//! the largest; the row with the largest ratio binds first. Limits are *hard* caps (past them
//! the run cannot happen as specified: power, chips, memory, data, the latency wall) or *soft*
//! (past them it loses useful compute: failures, the batch, data movement), and every surface
//! labels them so.

use crate::model::format as fmt;
use crate::model::solve::{Target, solve};
use crate::model::{Field, Inputs, Outputs, Recovery};
use crate::presets::limits::{LimitsData, PowerBasis};
use crate::presets::{Sourced, Status};
use serde::Serialize;
use std::cell::Cell;

/// One limit a training run can run into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Limit {
    Failures,
    Power,
    Chips,
    Memory,
    Batch,
    Data,
    DataMovement,
    Latency,
}

/// What passing a limit does to a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The run cannot happen as specified past it.
    Hard,
    /// The run loses useful compute past it.
    Soft,
}

impl Kind {
    pub fn word(self) -> &'static str {
        match self {
            Kind::Hard => "hard",
            Kind::Soft => "soft",
        }
    }
}

/// Static facts about a limit: its key, labels and what it means.
#[derive(Clone, Copy, Debug)]
pub struct LimitSpec {
    /// JSON key and CSV name.
    pub key: &'static str,
    /// Row label.
    pub label: &'static str,
    pub kind: Kind,
    /// Two sentences: the formula and what the limit is (help, README).
    pub about: &'static str,
}

impl Limit {
    pub const ALL: [Limit; 8] = [
        Limit::Failures,
        Limit::Power,
        Limit::Chips,
        Limit::Memory,
        Limit::Batch,
        Limit::Data,
        Limit::DataMovement,
        Limit::Latency,
    ];

    pub fn spec(self) -> LimitSpec {
        let s = |key, label, about| LimitSpec {
            key,
            label,
            kind: Kind::Hard,
            about,
        };
        let soft = |key, label, about| LimitSpec {
            kind: Kind::Soft,
            ..s(key, label, about)
        };
        match self {
            Limit::Failures => soft(
                "failures",
                "Failures",
                "The run fails every M = 10⁶ ÷ (failure rate × run GPUs) hours; synchronously, goodput is the exact renewal model's τ ÷ (M·e^{R/M}·(e^{(τ+δ)/M} − 1)) at the best checkpoint interval τ (Daly 2006; δ checkpoint write, R restart, which failures can interrupt), and e^{−R/M} when nothing rolls back (fault-tolerant or in-memory recovery). A soft limit: past it (goodput under 50 %) the run still trains, at the goodput's share; useful FLOP = training FLOP × goodput for an in-step MFU.",
            ),
            Limit::Power => s(
                "power",
                "Power",
                "The run's facility power (run GPUs × all-in watts × PUE) against the largest AI data-centre site by the end of that year (Epoch AI's Frontier Data Centers data), every site on the same basis: a site's IT figure times the PUE. A run above it must span several sites or wait for a bigger one.",
            ),
            Limit::Chips => s(
                "chips",
                "Chips",
                "The fleet in H100-equivalents against the world's installed AI accelerators at the end of the year (Epoch AI's chip sales estimates; past the last count, projected toward the stock of Epoch's 2030 report). Above 1 the fleet cannot exist yet; that year's shipments say how fast it could.",
            ),
            Limit::Memory => s(
                "memory",
                "Memory",
                "Training state = parameters × bytes per parameter (mixed-precision Adam, ZeRO paper; the row says the figure), activations extra; ⌈state ÷ GPU memory⌉ GPUs hold one copy of the model. Above 1 the run's GPUs cannot hold the model at all.",
            ),
            Limit::Batch => soft(
                "batch",
                "Batch",
                "Data-parallel replicas = run GPUs ÷ the GPUs one model copy needs; each needs at least one sequence of every optimizer step (batch ÷ sequence length). Above 1 the batch cannot keep the GPUs busy: a bigger batch, or a slower run.",
            ),
            Limit::Data => s(
                "data",
                "Data",
                "Training tokens (D = C ÷ (6 · active parameters), 20·N for a compute-optimal model) against Epoch AI's estimate of the effective stock of public human text in the scenario's year (the row says the figure, its range and year), which already counts a few epochs of repetition. Above 1 the run needs more repetition, synthetic or private data.",
            ),
            Limit::DataMovement => soft(
                "data_movement",
                "Data movement",
                "Training FLOP against the size at which data movement starts to lower utilization for a run of its length (Erdil & Schneider-Joseph, Epoch AI; the row says the figure). Past it MFU falls unless batches grow or models get fatter.",
            ),
            Limit::Latency => s(
                "latency",
                "Latency wall",
                "Training FLOP against the latency wall for a run of its length (same paper; the row says the figure): beyond it a run is impossible even at low utilization, because each step's minimum latency times the steps needed exceeds the run.",
            ),
        }
    }
}

/// One limit weighed for the scenario.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LimitRow {
    /// Which limit: its key in JSON (`name`), apart from the cap (`limit`).
    #[serde(rename = "name")]
    pub limit: Limit,
    /// What the run needs, in `unit`.
    pub need: f64,
    /// What exists or is allowed, in `unit`.
    #[serde(rename = "limit")]
    pub cap: f64,
    /// `need ÷ limit`: at 1 the limit binds.
    pub ratio: f64,
    pub unit: &'static str,
    /// The need in words: "446 MW IT".
    pub need_text: String,
    /// The limit in words: "Anthropic-Amazon New Carlisle, 1,092 MW (2026)".
    pub limit_text: String,
    /// One more line: the context a reader needs to judge the row.
    pub detail: String,
    /// How sure the limit is, and where it comes from.
    pub status: &'static str,
    pub source: String,
}

impl LimitRow {
    /// The need meets or passes the limit.
    pub fn binds(&self) -> bool {
        self.ratio >= 1.0
    }

    /// How every surface leads with it: "binding" at or past the limit, "binds first" (as the
    /// run grows) below it.
    pub fn lead(&self) -> &'static str {
        if self.binds() {
            "binding"
        } else {
            "binds first"
        }
    }

    /// "failures ×1.00": the limit and its ratio, for a border.
    pub fn short(&self) -> String {
        [
            &self.limit.spec().label.to_lowercase(),
            " ",
            &fmt::ratio(self.ratio),
        ]
        .concat()
    }

    /// "failures (soft)": the limit and its kind.
    pub fn labelled(&self) -> String {
        let spec = self.limit.spec();
        [&spec.label.to_lowercase(), " (", spec.kind.word(), ")"].concat()
    }
}

/// Whether weighing writes each limit in words (its need, limit, detail and source, and the
/// verdict). Every report and every view that shows a limit's words asks for them; the
/// explorer's other screens read the numbers only (the ratios, which binds, the border mark),
/// and the words are nine-tenths of weighing, so a keypress there leaves them out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Words {
    #[default]
    Write,
    /// The text fields are left empty.
    Skip,
}

impl Words {
    /// `text()` when writing words, nothing when skipping them.
    fn say(self, text: impl FnOnce() -> String) -> String {
        match self {
            Words::Write => text(),
            Words::Skip => String::new(),
        }
    }
}

/// Every limit, and the one that binds first.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Limits {
    pub rows: Vec<LimitRow>,
    /// Index into `rows` of the largest ratio.
    #[serde(skip)]
    pub binding: Option<usize>,
    /// Indices into `rows` from the largest ratio down: the order the Limits view lists them.
    #[serde(skip)]
    pub order: Vec<usize>,
    /// Indices into `rows` of every limit at or past its line, largest ratio first.
    #[serde(skip)]
    pub past: Vec<usize>,
    /// The one line every surface shows: "binding: power — …".
    #[serde(rename = "binding")]
    pub verdict: String,
    /// Limits that cannot be weighed for this scenario, and why ("memory: no card memory").
    pub not_weighed: Vec<String>,
    /// Whether the rows and the verdict carry their words.
    #[serde(skip)]
    pub words: Words,
}

impl Limits {
    /// The row that binds first.
    pub fn binding_row(&self) -> Option<&LimitRow> {
        self.rows.get(self.binding?)
    }

    /// Where row `at` stands, in words: "binding" at or past its line, "binds first" for the
    /// row that would bind first as the run grows when none is past its line, and "within the
    /// limit" for any other (a row's own [`LimitRow::lead`] says "binds first" of every row
    /// below its line, which is right only of the leading one).
    pub fn standing(&self, at: usize) -> &'static str {
        match self.rows.get(at) {
            Some(r) if r.binds() => "binding",
            Some(_) if self.binding == Some(at) => "binds first",
            _ => "within the limit",
        }
    }

    /// Every row at or past its line, largest ratio first.
    pub fn past_rows(&self) -> impl Iterator<Item = &LimitRow> {
        self.past.iter().filter_map(|&i| self.rows.get(i))
    }

    /// The border mark: "binding: power ×2.47 · failures ×1.58 soft", or "binds first: …"
    /// when no limit is past its line.
    pub fn mark(&self) -> Option<String> {
        if self.past.is_empty() {
            let r = self.binding_row()?;
            return Some([r.lead(), ": ", &r.short()].concat());
        }
        let each: Vec<String> = self
            .past_rows()
            .map(|r| match r.limit.spec().kind {
                Kind::Hard => r.short(),
                Kind::Soft => r.short() + " soft",
            })
            .collect();
        Some(["binding: ", &each.join(" · ")].concat())
    }
}

/// What the limits read beyond the inputs and outputs.
pub struct Context<'a> {
    pub data: &'a LimitsData,
    /// The feasibility model's inputs: the chip stock's projection past the last count.
    pub feasibility: Option<&'a crate::presets::feasibility::FeasibilityData>,
    /// The scenario's year (the newest sites and chip counts when `None`).
    pub year: Option<f64>,
    /// Memory of one accelerator, GB, when the scenario's card is known.
    pub memory_gb: Option<f64>,
    /// The fleet in H100-equivalents (of the year's card, when the year moved).
    pub h100_equivalents: f64,
    /// Parameters and training tokens of the model the run trains.
    pub params: f64,
    pub tokens: f64,
    /// The share of rated server power drawn on average during training, from Epoch AI's cost
    /// inputs when they are loaded.
    pub average_draw: Option<f64>,
}

/// Goodput below which failures pass their line: the run spends more time recovering than
/// training.
const GOODPUT_THRESHOLD: f64 = 0.5;

/// Weighs the scenario against every limit, in words or not.
pub fn weigh(inputs: &Inputs, outputs: &Outputs, cx: &Context, words: Words) -> Limits {
    let d = cx.data;
    let mut rows = Vec::with_capacity(Limit::ALL.len());
    let mut not_weighed = Vec::new();
    let source = |s: &Sourced| (s.status.tag(), words.say(|| s.source.to_string()));
    let run_gpus = inputs.run_gpus();

    // Failures: the lost share against the half the threshold allows.
    let lost = 1.0 - outputs.goodput;
    let detail = words.say(|| {
        let mut detail = failure_reason(inputs, outputs);
        if let Some(h) = outputs
            .checkpoint_interval_minutes
            .filter(|_| outputs.job_mtbf_hours.is_some())
        {
            detail.extend([
                "; checkpoint every ",
                &fmt::days(h / 1440.0),
                " (",
                &fmt::days(outputs.checkpoint_write_minutes / 1440.0),
                " each)",
            ]);
        }
        if outputs.goodput < GOODPUT_THRESHOLD {
            detail.extend([
                "; under ",
                &fmt::percent(GOODPUT_THRESHOLD),
                ": ",
                &what_would_change(inputs, d),
            ]);
        }
        detail
    });
    let (status, src) = (
        Status::Derived.tag(),
        words.say(|| "this scenario's failure, planned-stop, checkpoint, storage and restart inputs and its recovery mode (their sources are in the inputs list); Daly, 'A higher order estimate of the optimum checkpoint interval for restart dumps', FGCS 22(3), 2006, doi:10.1016/j.future.2004.11.016".to_string()),
    );
    rows.push(LimitRow {
        limit: Limit::Failures,
        need: lost,
        cap: 1.0 - GOODPUT_THRESHOLD,
        ratio: lost / (1.0 - GOODPUT_THRESHOLD),
        unit: "fraction",
        need_text: words.say(|| ["loses ", &fmt::percent(lost)].concat()),
        limit_text: words.say(|| {
            [
                "goodput ",
                &fmt::percent(outputs.goodput),
                " (line: ",
                &fmt::percent(GOODPUT_THRESHOLD),
                ")",
            ]
            .concat()
        }),
        detail,
        status,
        source: src,
    });

    // Power: facility power against the largest site of the year on the same basis (a site's
    // IT figure times the scenario's PUE), with the year's watts as the outputs have them.
    let facility_mw = outputs.power_mw;
    match d.largest_site(cx.year, inputs.pue) {
        Some((site, figure)) => {
            let (status, source) = source(&figure.mw);
            let cap = figure.facility_mw(inputs.pue);
            rows.push(LimitRow {
                limit: Limit::Power,
                need: facility_mw,
                cap,
                ratio: facility_mw / cap,
                unit: "MW",
                need_text: words.say(|| fmt::si(facility_mw * 1e6, "W") + " facility"),
                limit_text: words.say(|| {
                    let as_stated = match figure.basis {
                        PowerBasis::Facility => String::new(),
                        PowerBasis::It => [
                            " (",
                            &fmt::si(figure.mw.value * 1e6, "W"),
                            " IT × PUE ",
                            &fmt::sig(inputs.pue, 3),
                            ")",
                        ]
                        .concat(),
                    };
                    [
                        &site.name,
                        ", ",
                        &fmt::si(cap * 1e6, "W"),
                        " facility",
                        &as_stated,
                        " (",
                        &figure.date,
                        ")",
                    ]
                    .concat()
                }),
                detail: words.say(|| {
                    let mut d = [
                        "IT ",
                        &fmt::si(facility_mw / inputs.pue * 1e6, "W"),
                        " before PUE ",
                        &fmt::sig(inputs.pue, 3),
                    ]
                    .concat();
                    if let Some(f) = cx.average_draw {
                        // Epoch's share of the rating a GPU server draws in training, applied
                        // to the facility figure above, so it says which power it is.
                        d.extend([
                            "; average facility draw about ",
                            &fmt::si(outputs.power_mw * f * 1e6, "W"),
                            " (",
                            &fmt::sig(f, 2),
                            " of rated, Epoch AI's cost model)",
                        ]);
                    }
                    d
                }),
                status,
                source,
            });
        }
        None => not_weighed.push("power: no site in the catalog by this year".to_string()),
    }

    // Chips: the whole fleet against the world's installed base.
    if let Some(c) = d.chips_by(cx.year) {
        let (status, source) = source(&c.installed_h100e);
        let stock = c.installed_h100e.value;
        // Past the last count, the stock of the year projected toward the feasibility data's
        // anchor (Epoch's 2030 median).
        let year = cx.year.map(|y| y.floor() as u16);
        let projected = match (year, cx.feasibility) {
            (Some(y), Some(f)) if y > c.year => Some((
                y,
                crate::analysis::feasibility::projected_stock(d, f, y, f.chips.stock_h100e.value),
                &f.chips.stock_h100e,
                f.anchor_year,
            )),
            _ => None,
        };
        let row = match projected {
            Some((y, p, anchor, anchor_year)) => LimitRow {
                limit: Limit::Chips,
                need: cx.h100_equivalents,
                cap: p,
                ratio: cx.h100_equivalents / p,
                unit: "H100e",
                need_text: words.say(|| format!("{} H100e", fmt::count(cx.h100_equivalents))),
                limit_text: words
                    .say(|| format!("{} H100e worldwide, end of {y} (projected)", fmt::count(p))),
                detail: words.say(|| {
                    format!(
                        "{} counted at the end of {}, then geometrically to {} at the end of {}{}",
                        fmt::count(stock),
                        c.year,
                        fmt::count(anchor.value),
                        anchor_year,
                        if y > anchor_year {
                            ", extrapolated past it"
                        } else {
                            ""
                        },
                    )
                }),
                status: Status::Derived.tag(),
                source: words.say(|| anchor.source.to_string()),
            },
            None => LimitRow {
                limit: Limit::Chips,
                need: cx.h100_equivalents,
                cap: stock,
                ratio: cx.h100_equivalents / stock,
                unit: "H100e",
                need_text: words.say(|| format!("{} H100e", fmt::count(cx.h100_equivalents))),
                limit_text: words
                    .say(|| format!("{} H100e worldwide, end of {}", fmt::count(stock), c.year)),
                detail: words.say(|| {
                    let shipped = c.shipped_h100e.as_ref().map_or(String::new(), |s| {
                        format!(
                            "; {} shipped in {} (×{} of it)",
                            fmt::count(s.value),
                            c.year,
                            fmt::sig(cx.h100_equivalents / s.value, 3)
                        )
                    });
                    format!("the world's AI chips from sales estimates, no retirements{shipped}")
                }),
                status,
                source,
            },
        };
        rows.push(row);
    }

    // Memory and the batch, for the model the run trains.
    let state_bytes = cx.params * d.bytes_per_param.value;
    match cx.memory_gb.filter(|&m| m > 0.0) {
        Some(mem) => {
            let per_copy = (state_bytes / (mem * 1e9)).ceil().max(1.0);
            let (status, source) = source(&d.bytes_per_param);
            rows.push(LimitRow {
                limit: Limit::Memory,
                need: per_copy,
                cap: run_gpus,
                ratio: per_copy / run_gpus,
                unit: "GPUs",
                need_text: words.say(|| fmt::count(per_copy) + " GPUs"),
                limit_text: words.say(|| fmt::count(run_gpus) + " run GPUs"),
                detail: words.say(|| {
                    [
                        &fmt::count(cx.params),
                        " params × ",
                        &fmt::sig(d.bytes_per_param.value, 2),
                        " B = ",
                        &fmt::si(state_bytes, "B"),
                        " of training state on ",
                        fmt::trim_zeros(&fmt::sig(mem, 3)),
                        " GB cards, activations extra",
                    ]
                    .concat()
                }),
                status,
                source,
            });
            let replicas = (run_gpus / per_copy).floor().max(1.0);
            let sequences = (inputs.batch_tokens / d.sequence_tokens.value).max(1.0);
            let steps = cx.tokens / inputs.batch_tokens;
            let detail = words.say(|| {
                let mut detail = [
                    &fmt::count(sequences),
                    " sequences of ",
                    &fmt::count(d.sequence_tokens.value),
                    " tokens a step; ",
                    &fmt::count(steps),
                    " steps",
                ]
                .concat();
                if replicas > sequences {
                    detail.extend([
                        "; the batch keeps at most ",
                        &fmt::count(sequences * per_copy),
                        " GPUs busy",
                    ]);
                }
                detail
            });
            rows.push(LimitRow {
                limit: Limit::Batch,
                need: replicas,
                cap: sequences,
                ratio: replicas / sequences,
                unit: "replicas",
                need_text: words.say(|| fmt::count(replicas) + " replicas"),
                limit_text: words.say(|| fmt::count(sequences) + " sequences a step"),
                detail,
                status: Status::Derived.tag(),
                source: words.say(|| {
                    [
                        "this scenario's batch input; sequence length: ",
                        &d.sequence_tokens.source,
                    ]
                    .concat()
                }),
            });
        }
        None => not_weighed.push(
            "memory and batch: the scenario has no catalog card, so no GPU memory".to_string(),
        ),
    }

    // Data: the stock of the scenario's year, grown (or shrunk) from the year it is estimated
    // for at the feasibility data's yearly growth of the stock.
    let (mut status, mut source_text) = source(&d.data_stock_tokens);
    let mut stock = d.data_stock_tokens.value;
    let stock_detail = || {
        range_detail(
            &d.data_stock_tokens,
            "stock",
            " tokens (90 % CI)",
            "; above 1 the run repeats data beyond what the stock allows for",
        )
    };
    // The stock moved to the scenario's year: the year, and the estimate's year, its growth
    // and the years between when they differ.
    let mut moved = None;
    if let (Some(from), Some(year), Some(f)) = (d.data_stock_year, cx.year, cx.feasibility) {
        let g = &f.data.growth;
        let years = year.floor() - f64::from(from);
        stock *= (1.0 + g.value).powf(years);
        let grown = (years != 0.0).then_some((from, g, years));
        if let Some((_, g, _)) = grown {
            status = Status::Derived.tag();
            source_text = words.say(|| format!("{source_text}; growth: {}", g.source));
        }
        moved = Some((year.floor(), grown));
    }
    let limit_text = words.say(|| match moved {
        Some((year, _)) => format!("{} tokens of public text, {year}", fmt::count(stock)),
        None => fmt::count(stock) + " tokens of public text",
    });
    let detail = words.say(|| match moved {
        Some((year, Some((from, g, years)))) => format!(
            "{} in {from}, {} {} a year to {year}; {from} {}",
            fmt::count(d.data_stock_tokens.value),
            if years > 0.0 { "grown" } else { "taken back" },
            fmt::percent(g.value),
            stock_detail(),
        ),
        _ => stock_detail(),
    });
    rows.push(LimitRow {
        limit: Limit::Data,
        need: cx.tokens,
        cap: stock,
        ratio: cx.tokens / stock,
        unit: "tokens",
        need_text: words.say(|| fmt::count(cx.tokens) + " tokens"),
        limit_text,
        detail,
        status,
        source: source_text,
    });

    // Data movement and latency.
    let flop = outputs.total_flop.0;
    for (limit, s, what) in [
        (
            Limit::DataMovement,
            &d.data_movement_flop,
            "; past it utilization falls (three-month run, baseline assumptions)",
        ),
        (
            Limit::Latency,
            &d.latency_wall_flop,
            "; past it impossible even at low utilization (three-month run)",
        ),
    ] {
        let (status, source) = source(s);
        rows.push(LimitRow {
            limit,
            need: flop,
            cap: s.value,
            ratio: flop / s.value,
            unit: "FLOP",
            need_text: words.say(|| fmt::sci(flop, 3) + " FLOP"),
            limit_text: words.say(|| fmt::sci(s.value, 2) + " FLOP"),
            detail: words.say(|| range_detail(s, "threshold", " FLOP", what)),
            status,
            source,
        });
    }

    let mut order: Vec<usize> = (0..rows.len()).collect();
    // Largest ratio first; a non-finite ratio (no such limit) last.
    let key = |i: &usize| {
        let r = rows[*i].ratio;
        if r.is_finite() { r } else { f64::NEG_INFINITY }
    };
    order.sort_by(|a, b| key(b).total_cmp(&key(a)));
    let binding = order
        .first()
        .copied()
        .filter(|&i| rows[i].ratio.is_finite());
    let past: Vec<usize> = order.iter().copied().filter(|&i| rows[i].binds()).collect();
    let verdict = words.say(|| {
        let mut verdict =
            binding.map_or_else(|| "no limit weighed".to_string(), |i| verdict(&rows[i]));
        for &i in past.iter().skip(1) {
            verdict.extend([
                "; also ",
                &rows[i].labelled(),
                " ",
                &fmt::ratio(rows[i].ratio),
            ]);
        }
        verdict
    });
    Limits {
        rows,
        binding,
        order,
        past,
        verdict,
        not_weighed,
        words,
    }
}

/// "binding: power — 1.60 GW IT is ×1.47 Anthropic-Amazon New Carlisle, 1.09 GW (2026)";
/// below 1, "binds first: …".
fn verdict(r: &LimitRow) -> String {
    let lead = r.lead();
    if r.limit == Limit::Failures {
        // "loses 79 % is ×1.58 of 50 %" says it twice; the goodput and its reason say it once.
        let why = r.detail.split(';').next().unwrap_or_default();
        return [
            lead,
            ": ",
            &r.labelled(),
            " — goodput ",
            &fmt::percent(1.0 - r.need),
            ", ",
            why,
        ]
        .concat();
    }
    [
        lead,
        ": ",
        &r.labelled(),
        " — ",
        &r.need_text,
        " is ",
        &fmt::ratio(r.ratio),
        " of ",
        &r.limit_text,
    ]
    .concat()
}

/// Why goodput is what it is, in a few words: "a failure every 8.7 min, 10 min restart (sync)".
pub fn failure_reason(inputs: &Inputs, outputs: &Outputs) -> String {
    let Some(h) = outputs.job_mtbf_hours else {
        return "no failures at this rate".into();
    };
    let restart = fmt::days(inputs.restart_minutes / 1440.0);
    let cost = match inputs.recovery {
        Recovery::Sync => " restart (",
        Recovery::FaultTolerant => " stall (",
        Recovery::InMemory => " resume (",
    };
    let mut why = [
        "a failure every ",
        &fmt::days(h / 24.0),
        ", ",
        &restart,
        cost,
        inputs.recovery.key(),
        ")",
    ]
    .concat();
    // The exact model only reaches 0 when it underflows: say so rather than print "0 %".
    if outputs.goodput <= f64::MIN_POSITIVE {
        why.push_str(": restarts almost never finish between failures, nothing trains");
    }
    why
}

/// What would lift goodput back over the line: another recovery mode, the largest synchronous
/// group that keeps the line, or a faster restart.
fn what_would_change(inputs: &Inputs, d: &LimitsData) -> String {
    let in_mode = |r: Recovery| {
        let mut i = *inputs;
        i.recovery = r;
        i.restart_minutes = d.restart(r).value;
        i.goodput().fraction
    };
    let mut ways = Vec::new();
    for r in [Recovery::FaultTolerant, Recovery::InMemory] {
        if r != inputs.recovery {
            ways.push([r.key(), " recovery would keep ", &fmt::percent(in_mode(r))].concat());
        }
    }
    if let Some(n) = largest_group(inputs) {
        ways.push(
            [
                "a ",
                inputs.recovery.key(),
                " group of at most ",
                &fmt::count(n * inputs.run_share),
                " GPUs keeps ",
                &fmt::percent(GOODPUT_THRESHOLD),
            ]
            .concat(),
        );
    }
    if let Ok(r) = solve(inputs, Field::Restart, Target::Goodput(GOODPUT_THRESHOLD)) {
        ways.push(["so would a ", &fmt::days(r / 1440.0), " restart"].concat());
    }
    ways.join(", ")
}

/// The most GPUs a synchronous group can have and keep the goodput line, `None` when not even
/// one does. The answer (a goal seek of some sixty goodputs) does not depend on the scenario's
/// own GPUs, so the last one is kept, per thread, for the next scenario that differs only in
/// them: a step of the GPUs slider on a screen that shows the limits in words (the Limits
/// view; elsewhere a keypress does not weigh words, so does not ask) then costs no seek, about
/// 28 k instructions of a 120×40 step.
fn largest_group(inputs: &Inputs) -> Option<f64> {
    thread_local! {
        static LAST: Cell<Option<(Inputs, Option<f64>)>> = const { Cell::new(None) };
    }
    let mut key = *inputs;
    key.set(Field::Gpus, 1.0);
    LAST.with(|last| match last.get() {
        Some((k, n)) if k == key => n,
        _ => {
            let n = solve(&key, Field::Gpus, Target::Goodput(GOODPUT_THRESHOLD)).ok();
            last.set(Some((key, n)));
            n
        }
    })
}

/// "stock 1.0e14–1.0e15 tokens (90 % CI)" plus `tail`, when the value carries a range.
fn range_detail(s: &Sourced, what: &str, unit: &str, tail: &str) -> String {
    let f = |x: f64| fmt::sci(x, 2);
    match (s.low, s.high) {
        (Some(lo), Some(hi)) => [what, " ", &f(lo), "–", &f(hi), unit, tail].concat(),
        (Some(lo), None) => [what, " from ", &f(lo), unit, tail].concat(),
        (None, Some(hi)) => [what, " up to ", &f(hi), unit, tail].concat(),
        (None, None) => tail.trim_start_matches("; ").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets::{Catalog, DEFAULT_SCENARIO};

    /// The kept answer is the goal seek's: for the scenario itself, for one differing only in
    /// GPUs (the answer kept), and for one differing in the restart (a new seek), each checked
    /// against a seek of its own.
    #[test]
    fn the_largest_group_kept_is_the_seeks_answer() {
        let c = Catalog::embedded();
        let s = &c.scenario(DEFAULT_SCENARIO).expect("default").scenario;
        let seek = |i: &Inputs| solve(i, Field::Gpus, Target::Goodput(GOODPUT_THRESHOLD)).ok();
        let mut i = s.inputs();
        let first = largest_group(&i);
        assert!(first.is_some_and(|n| n >= 1.0), "{first:?}");
        assert_eq!(first, seek(&i));
        i.set(Field::Gpus, i.gpus * 3.0);
        assert_eq!(largest_group(&i), first);
        assert_eq!(largest_group(&i), seek(&i));
        i.set(Field::Restart, i.restart_minutes * 4.0);
        let slower = largest_group(&i);
        assert_eq!(slower, seek(&i));
        assert!(slower < first, "{slower:?} against {first:?}");
    }

    /// Every built-in scenario, as it is and shrunk to 1,000 GPUs (where no limit is past its
    /// line): each row's standing says "binding" exactly at or past its line, "binds first" of
    /// the leading row alone and only while none is past, "within the limit" otherwise.
    #[test]
    fn each_row_stands_as_its_ratio_and_the_lead_say() {
        use crate::analysis::evaluation::{Evaluation, Reference};
        let c = Catalog::embedded();
        let reference = Reference::new(&c);
        let mut cases = 0;
        let mut none_past = 0;
        for entry in &c.scenarios {
            for small in [false, true] {
                let mut s = entry.scenario.clone();
                if small {
                    s.set_input(Field::Gpus, crate::presets::Sourced::user_set(1_000.0));
                }
                let limits = Evaluation::new(&s, &c, &reference).limits;
                let past = limits.rows.iter().any(LimitRow::binds);
                none_past += usize::from(!past);
                for (at, r) in limits.rows.iter().enumerate() {
                    let want = if r.binds() {
                        "binding"
                    } else if !past && limits.binding == Some(at) {
                        "binds first"
                    } else {
                        "within the limit"
                    };
                    assert_eq!(limits.standing(at), want, "{} {:?}", s.name, r.limit);
                    cases += 1;
                }
                let first =
                    (0..limits.rows.len()).filter(|&at| limits.standing(at) == "binds first");
                assert_eq!(first.count(), usize::from(!past), "{}", s.name);
            }
        }
        assert!(cases >= 2 * c.scenarios.len() * 6, "{cases}");
        assert!(
            none_past >= 1,
            "no scenario left every limit below its line"
        );
    }
}
