//! Headless output of an evaluation (`eval`) and of the catalog (`presets`): table, JSON, CSV
//! and Markdown. Formatting only: every number comes from an [`Evaluation`] (or, for the
//! catalog, from the evaluation module's helpers), and every output is written with its
//! [`Output`] spec's formatter, the same one the explorer uses.

pub mod buy_rent;
pub mod cards;
mod catalog;
pub mod changes;
pub mod cost;
pub mod feasible;
pub mod lineup;
pub mod serve;

pub mod table;

use crate::analysis::evaluation::{Evaluation, MilestoneRow};
use crate::model::{Field, Output, format as fmt};
use crate::presets::{Catalog, MilestoneKind};
use serde_json::{Map, Value, json};
use table::{Cell, Column, Report, Section};

pub use catalog::{catalog_json, catalog_table, sources_table};

/// Output formats of `eval`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    Markdown,
}

/// Output formats of `presets`: the catalog is nested data, so a table or JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CatalogFormat {
    Table,
    Json,
}

/// `eval` in one format.
pub fn render(e: &Evaluation, catalog: &Catalog, format: Format) -> String {
    match format {
        Format::Table | Format::Markdown => eval_report(e, catalog, Depth::Full).render(format),
        Format::Json => format!("{:#}\n", to_json(e, catalog)),
        Format::Csv => to_csv(e),
    }
}

/// The JSON object of `eval --format json`; numbers at full precision. Outputs sit at the top
/// level under their keys, their bands under `uncertainty`.
pub fn to_json(e: &Evaluation, catalog: &Catalog) -> Value {
    let mut scenario = Map::new();
    scenario.insert("name".into(), json!(e.name));
    scenario.insert("title".into(), json!(e.title));
    scenario.insert("accelerator".into(), json!(e.accelerator));
    scenario.insert("precision".into(), json!(e.precision.label()));
    scenario.insert("peak_precision".into(), json!(e.peak_label));
    for f in Field::ALL {
        // An input without a sourced value is null, not its placeholder.
        let v = e.inputs.get(f).filter(|_| !e.missing.contains(&f));
        scenario.insert(f.spec().key.into(), json!(v));
    }
    let mut v = Map::new();
    v.insert("scenario".into(), Value::Object(scenario));
    if let Some(line) = &e.scenario_string {
        v.insert("scenario_string".into(), json!(line));
    }
    v.insert("description".into(), json!(e.description));
    v.insert("inputs".into(), inputs_json(e));
    for o in Output::ALL {
        v.insert(o.spec().key.into(), json!(e.value(o)));
    }
    v.insert("recovery".into(), recovery_json(e));
    v.insert("mfu_basis".into(), mfu_basis_json(e));
    v.insert("cluster_overhead".into(), json!(e.inputs.cluster_overhead));
    v.insert("milestones".into(), milestones_json(e, catalog));
    v.insert(
        "solved".into(),
        e.solved.as_ref().map_or(
            Value::Null,
            |s| json!({"input": s.field.spec().key, "value": s.value, "target": s.target}),
        ),
    );
    v.insert("uncertainty".into(), json!(e.bands));
    v.insert("trend".into(), trend_json(e));
    v.insert("projection".into(), json!(e.projection));
    v.insert("inference".into(), inference_json(e));
    v.insert("h100_equivalents".into(), json!(e.h100_equivalents));
    v.insert("fleets".into(), json!(e.fleets));
    v.insert("limits".into(), limits_json(e));
    v.insert("catalog".into(), catalog_identity());
    Value::Object(v)
}

/// Each milestone compared, with its FLOP's status and published bounds, and whether the
/// scenario's FLOP lies within them (the ratio's side of 1 is then uncertain).
fn milestones_json(e: &Evaluation, catalog: &Catalog) -> Value {
    let rows = e.milestones.iter().map(|m| {
        let mut v = json!(m);
        if let (Value::Object(o), Some(c)) = (&mut v, catalog.milestones.get(m.index)) {
            if let Some(costs) = crate::analysis::evaluation::run_costs(catalog, &m.id) {
                o.insert("epoch_cost_usd".into(), json!(costs));
            }
            let f = &c.flop;
            let scenario = m.ratio * m.flop;
            o.insert("flop_status".into(), json!(f.status.tag()));
            o.insert("flop_low".into(), json!(f.low));
            o.insert("flop_high".into(), json!(f.high));
            o.insert(
                "within_bounds".into(),
                json!(
                    f.low
                        .zip(f.high)
                        .map(|(lo, hi)| lo <= scenario && scenario <= hi)
                ),
            );
        }
        v
    });
    Value::Array(rows.collect())
}

/// `{mode, about, restart_minutes, source}`: how the run recovers and where that comes from.
fn recovery_json(e: &Evaluation) -> Value {
    let r = e.inputs.recovery;
    json!({
        "mode": r.key(),
        "about": r.about(),
        "restart_minutes": e.inputs.restart_minutes,
        "source": e.recovery_source,
    })
}

/// `{basis, goodput_applies, source}`: what the MFU counts, with the MFU's own source.
fn mfu_basis_json(e: &Evaluation) -> Value {
    let b = e.inputs.mfu_basis;
    let source = e
        .sourced
        .iter()
        .find(|(f, _)| *f == Field::Mfu)
        .map(|(_, s)| s.source.as_str());
    json!({
        "basis": b.key(),
        "goodput_applies": b == crate::model::MfuBasis::InStep,
        "source": source,
    })
}

/// `{binding, binding_limit, rows: [{limit, need, limit, ratio, unit, …}], not_weighed}`.
fn limits_json(e: &Evaluation) -> Value {
    let l = &e.limits;
    json!({
        "binding": l.verdict,
        "binding_limit": l.binding_row().map(|r| r.limit.spec().key),
        "past": l.past_rows().map(|r| json!({"limit": r.limit.spec().key, "kind": r.limit.spec().kind.word(), "ratio": r.ratio})).collect::<Vec<_>>(),
        "rows": l.rows,
        "not_weighed": l.not_weighed,
    })
}

/// Each input with its provenance: `{gpus: {value, status, source, low?, high?, note?}}`. A
/// value without a source is null, as in `scenario`.
fn inputs_json(e: &Evaluation) -> Value {
    let mut m = Map::new();
    for (f, src) in &e.sourced {
        let mut o = Map::new();
        let missing = e.missing.contains(f);
        o.insert("value".into(), json!((!missing).then_some(src.value)));
        o.insert("status".into(), json!(src.status.tag()));
        o.insert("source".into(), json!(src.source));
        for (k, x) in [("low", src.low), ("high", src.high)] {
            if let Some(x) = x {
                o.insert(k.into(), json!(x));
            }
        }
        if let Some(n) = &src.note {
            o.insert("note".into(), json!(n));
        }
        m.insert(f.spec().key.into(), Value::Object(o));
    }
    Value::Object(m)
}

/// The provenance of one input: its status and source.
fn provenance(e: &Evaluation, f: Field) -> Option<&crate::presets::Sourced> {
    e.sourced.iter().find(|(g, _)| *g == f).map(|(_, s)| s)
}

/// The embedded catalog's newest date and data hash, as `--version` prints them.
pub(crate) fn catalog_identity() -> Value {
    use crate::presets::identity::{catalog_date, catalog_hash};
    json!({"date": catalog_date(), "data_hash": catalog_hash()})
}

/// The inference object of `eval --format json`: the model served and what the inference
/// share of the fleet serves with it.
fn inference_json(e: &Evaluation) -> Value {
    let m = e.inputs.trained_model();
    let i = &e.inputs;
    let replica = e.outputs.serving.as_ref().ok();
    let shape = replica.map(|r| {
        let s = &r.workload.shape;
        json!({"layers": s.layers, "d_model": s.d_model, "heads": s.heads, "kv_heads": s.kv_heads})
    });
    json!({
        "params": m.params,
        "active_params": m.active_params,
        "params_typed": m.params_typed,
        "utilization": i.inference_utilization,
        "gpus": i.gpus * i.share_inference,
        "serve_batch": i.serve_batch,
        "prompt_tokens": i.prompt_tokens,
        "generate_tokens": i.generate_tokens,
        "replica_gpus": replica.map(|r| r.workload.gpus),
        "shape": shape,
        "bytes_per_value": i.serving.bytes_per_value,
        "bandwidth_efficiency": i.serving.bandwidth_efficiency,
        "decode_tokens_per_s_per_gpu": replica.map(|r| r.decode_tokens_per_s_per_gpu()),
        "decode_bound": replica.map(|r| r.served.decode_bound.word()),
        "per_token_latency_s": replica.map(|r| r.served.decode_step_s),
        "time_to_first_token_s": replica.map(|r| r.served.prefill_s),
        "tokens_per_s_per_gpu": replica.map(|r| r.tokens_per_s_per_gpu()),
        "tokens_per_day": e.value(Output::TokensPerDay),
        "serving": crate::analysis::serving::fleet_words(i, &e.outputs),
        "known_serving": e.serving,
    })
}

/// The trend object of `eval --format json`.
fn trend_json(e: &Evaluation) -> Value {
    let Some(t) = &e.trend else {
        return Value::Null;
    };
    let p = e.placement.as_ref();
    let reference = p.and_then(|p| p.reference.as_ref());
    let largest_runs = e.largest_runs.as_ref().map(|l| {
        json!({
            "fit": format!("the runs among the {} largest at their release (Epoch AI's frontier models)", l.top),
            "top": l.top,
            "slope_log10_flop_per_year": l.trend.slope,
            "intercept": l.trend.intercept,
            "growth_per_year": l.trend.growth_per_year(),
            "doubling_months": l.trend.doubling_months(),
            "r2": l.trend.r2,
            "runs": l.trend.n,
            "run_names": l.runs,
            "first_year": l.trend.first_year,
            "last_year": l.trend.last_year,
            "within_epoch_range": l.trend.grows_within(e.epoch_growth),
            "scenario_falls_below_year": l.falls_below,
        })
    });
    json!({
        "fit": "central: least squares through every frontier-flagged run",
        "slope_log10_flop_per_year": t.slope,
        "intercept": t.intercept,
        "growth_per_year": t.growth_per_year(),
        "doubling_months": t.doubling_months(),
        "r2": t.r2,
        "runs": t.n,
        "run_names": e.central_runs,
        "first_year": t.first_year,
        "last_year": t.last_year,
        "epoch_growth_per_year": [e.epoch_growth.0, e.epoch_growth.1],
        "within_epoch_range": t.grows_within(e.epoch_growth),
        "scenario_frontier_year": p.map(|p| p.frontier_year),
        "reference_run": reference.map(|(n, y)| json!({"name": n, "year": y})),
        "years_above_trend_after_reference": p.and_then(|p| p.lead_years()),
        "largest_runs": largest_runs,
    })
}

/// "Solved: GPUs = 124 k (for 1.00e27 FLOP)".
fn solved_line(e: &Evaluation) -> Option<String> {
    let s = e.solved.as_ref()?;
    Some(format!(
        "Solved: {} = {} (for {})",
        s.field.name(),
        fmt::field_value(s.field, s.value),
        s.target
    ))
}

/// The band column of one output: "1.06e27–1.47e27 FLOP", with a warning when the value lies
/// outside it.
fn band_cell(e: &Evaluation, o: Output) -> String {
    match (e.band_text(o), e.outside_band(o)) {
        (Some(b), Some(side)) => format!("{b} (value {side} its 5–95 % band)"),
        (Some(b), None) => b,
        (None, _) => String::new(),
    }
}

/// Long-format CSV: `kind,name,value,unit,status,source`, one row per input, output, band end
/// and milestone ratio. Inputs carry their status and source; other rows leave both empty
/// (outputs are arithmetic on the inputs, milestones carry theirs in `presets`).
pub fn to_csv(e: &Evaluation) -> String {
    use crate::model::format::{csv_cell, csv_number as num};
    let mut s = String::from("kind,name,value,unit,status,source\n");
    for f in Field::ALL {
        if let Some(v) = e.inputs.get(f) {
            let (status, source) =
                provenance(e, f).map_or(("", ""), |p| (p.status.tag(), p.source.as_str()));
            // A placeholder is no value: the cell is empty and the status says "missing".
            let value = if e.missing.contains(&f) {
                String::new()
            } else {
                num(v)
            };
            s.push_str(&format!(
                "input,{},{value},{},{},{}\n",
                f.spec().key,
                csv_cell(f.spec().unit),
                csv_cell(status),
                csv_cell(source)
            ));
        }
    }
    for o in Output::ALL {
        let spec = o.spec();
        if let Some(v) = e.value(o) {
            let unit = csv_cell(spec.unit);
            s.push_str(&format!("output,{},{},{unit},,\n", spec.key, num(v)));
        }
        if let Some(b) = e.band(o) {
            let unit = csv_cell(spec.unit);
            s.push_str(&format!("band_p5,{},{},{unit},,\n", spec.key, num(b.p5)));
            s.push_str(&format!("band_p95,{},{},{unit},,\n", spec.key, num(b.p95)));
        }
    }
    if let Some(sol) = &e.solved {
        let spec = sol.field.spec();
        s.push_str(&format!(
            "solved,{},{},{},user-set,{}\n",
            spec.key,
            num(sol.value),
            csv_cell(spec.unit),
            csv_cell(&format!("goal seek for {}", sol.target))
        ));
    }
    let p = &e.projection;
    for (key, v, unit) in [
        ("base_year", p.base_year, "year"),
        ("years_ahead", p.years_ahead, "years"),
        ("hardware_factor", p.hardware_factor, "x"),
        ("energy_factor", p.energy_factor, "x"),
        ("algorithmic_factor", p.algorithmic_factor, "x"),
        ("longest_useful_run_days", p.longest_useful_run_days, "days"),
        (
            "wait_would_finish_sooner",
            f64::from(u8::from(p.wait_would_finish_sooner)),
            "0/1",
        ),
    ]
    .into_iter()
    .chain(p.frontier_ratio.map(|r| ("frontier_ratio", r, "x")))
    .chain(
        e.placement
            .as_ref()
            .map(|p| ("falls_below_central_fit", p.frontier_year, "year")),
    )
    .chain(
        e.largest_runs
            .as_ref()
            .and_then(|l| Some(("falls_below_largest_runs", l.falls_below?, "year"))),
    ) {
        s.push_str(&format!("projection,{key},{},{unit},,\n", num(v)));
    }
    for r in &e.limits.rows {
        let key = r.limit.spec().key;
        let unit = csv_cell(r.unit);
        s.push_str(&format!("limit_need,{key},{},{unit},,\n", num(r.need)));
        s.push_str(&format!(
            "limit,{key},{},{unit},{},{}\n",
            num(r.cap),
            csv_cell(r.status),
            csv_cell(&r.source)
        ));
        s.push_str(&format!("limit_ratio,{key},{},x,,\n", num(r.ratio)));
    }
    for m in &e.milestones {
        let id = csv_cell(&m.id);
        s.push_str(&format!("milestone_ratio,{id},{},x,,\n", num(m.ratio)));
        s.push_str(&format!(
            "milestone_days_to_match,{id},{},days,,\n",
            num(m.days_to_match)
        ));
    }
    s
}

/// Several scenarios in the long CSV: each row of [`to_csv`] after the scenario's name as the
/// command line gave it, under one header.
pub fn csv_long_many(named: &[(&str, &Evaluation)]) -> String {
    let mut s = String::new();
    for (i, (label, e)) in named.iter().enumerate() {
        let csv = to_csv(e);
        let mut lines = csv.lines();
        let head = lines.next().unwrap_or_default();
        if i == 0 {
            s.push_str(&format!("scenario,{head}\n"));
        }
        for line in lines {
            s.push_str(&format!("{},{line}\n", fmt::csv_cell(label)));
        }
    }
    s
}

/// `eval --format csv --wide`: a row per scenario under the same columns for every scenario
/// (an unset input or absent output leaves its cell empty), so rows append into one sheet:
/// the scenario as the command line named it, the line that rebuilds it, every input with its
/// source, every output with its 5–95 % band, each limit's ratio and the goal-seek answer.
pub fn csv_wide(named: &[(&str, &Evaluation)]) -> Section {
    use crate::analysis::limits::Limit;
    let mut columns: Vec<Column> = [
        "scenario",
        "scenario_string",
        "name",
        "title",
        "accelerator",
        "peak_precision",
    ]
    .map(|k| Column::keyed(k, k))
    .to_vec();
    columns.extend(Field::ALL.map(|f| Column::numeric("", f.spec().key).with_source()));
    for o in Output::ALL {
        let k = o.spec().key;
        columns.extend(
            [k.to_string(), format!("{k}_p5"), format!("{k}_p95")].map(|k| Column::numeric("", k)),
        );
    }
    columns
        .extend(Limit::ALL.map(|l| Column::numeric("", format!("limit_{}_ratio", l.spec().key))));
    columns.push(Column::keyed("", "binding_limit"));
    columns.push(Column::keyed("", "solved_input"));
    columns.push(Column::numeric("", "solved_value"));
    columns.push(Column::keyed("", "solved_target"));
    let mut s = Section::new("wide", "", columns);
    for (scenario, e) in named {
        let mut row: Vec<Cell> = [
            *scenario,
            e.scenario_string.as_deref().unwrap_or(""),
            &e.name,
            &e.title,
            e.accelerator.as_deref().unwrap_or(""),
            e.peak_label,
        ]
        .map(Cell::new)
        .to_vec();
        for f in Field::ALL {
            let v = e.inputs.get(f).filter(|_| !e.missing.contains(&f));
            let source = provenance(e, f).map_or("", |p| p.source.as_str());
            row.push(Cell::number("", v).sourced(source));
        }
        for o in Output::ALL {
            let band = e.band(o);
            row.extend(
                [e.value(o), band.map(|b| b.p5), band.map(|b| b.p95)].map(|v| Cell::number("", v)),
            );
        }
        let l = &e.limits;
        row.extend(Limit::ALL.map(|limit| {
            Cell::number(
                "",
                l.rows.iter().find(|r| r.limit == limit).map(|r| r.ratio),
            )
        }));
        row.push(Cell::new(
            l.binding_row().map_or("", |r| r.limit.spec().key),
        ));
        let sol = e.solved.as_ref();
        row.push(Cell::new(sol.map_or("", |s| s.field.spec().key)));
        row.push(Cell::number("", sol.map(|s| s.value)));
        row.push(Cell::new(sol.map_or("", |s| s.target.as_str())));
        s.rows.push(row);
    }
    s
}

/// The year the scenario falls below each frontier fit, the fit named with its runs and slope.
fn falls_below(e: &Evaluation) -> Option<String> {
    let fit = |runs: String, growth: f64, year: Option<f64>| {
        let when = year.map_or(fmt::NOT_A_NUMBER.to_string(), |y| format!("{y:.1}"));
        format!("{when} on {runs}, {}×/yr)", fmt::sig(growth, 3))
    };
    let mut parts = Vec::new();
    if let Some(t) = &e.trend {
        parts.push(fit(
            format!("the central fit ({} frontier-flagged runs", t.n),
            t.growth_per_year(),
            e.placement.as_ref().map(|p| p.frontier_year),
        ));
    }
    if let Some(l) = &e.largest_runs {
        parts.push(fit(
            format!(
                "the largest runs ({} in the top {} at release",
                l.trend.n, l.top
            ),
            l.trend.growth_per_year(),
            l.falls_below,
        ));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The year, the trends since the base year, the trend's frontier, the wait-or-train rule
/// and the model served, as (label, text) rows for the table and Markdown.
fn projection_rows(e: &Evaluation) -> Vec<(&'static str, String)> {
    let p = &e.projection;
    let year = |y: f64| fmt::field_value(Field::Year, y);
    let m = e.inputs.trained_model();
    let mut rows = vec![
        (
            "Year",
            format!(
                "{} (base year {}, {} years on)",
                year(p.year),
                year(p.base_year),
                fmt::trim_zeros(&fmt::sig(p.years_ahead, 3))
            ),
        ),
        (
            "Hardware",
            format!(
                "{} FLOP/s per dollar, {} FLOP per joule (card: {} TFLOP/s, {})",
                fmt::ratio(p.hardware_factor),
                fmt::ratio(p.energy_factor),
                fmt::sig(p.peak_tflops, 3),
                fmt::field_value(Field::Watts, p.watts)
            ),
        ),
        (
            "Algorithms",
            format!(
                "{} effective FLOP per physical FLOP",
                fmt::ratio(p.algorithmic_factor)
            ),
        ),
    ];
    if let Some(r) = p.frontier_ratio {
        rows.push((
            "Against trend",
            format!(
                "{} the central fit's frontier in {}",
                fmt::ratio(r),
                year(p.year)
            ),
        ));
    }
    if let Some(text) = falls_below(e) {
        rows.push(("Falls below", text));
    }
    let longest = fmt::days(p.longest_useful_run_days);
    rows.push((
        "Wait or train",
        if p.wait_would_finish_sooner {
            format!("wait: a run over {longest} loses to a later start on the trends")
        } else {
            format!("train: runs up to {longest} beat a later start on the trends")
        },
    ));
    rows.push((
        "Model served",
        format!(
            "{} params ({}), {} active",
            fmt::count(m.params),
            if m.params_typed {
                "typed"
            } else {
                "compute-optimal"
            },
            fmt::count(m.active_params)
        ),
    ));
    rows.push((
        "Serving",
        crate::analysis::serving::fleet_words(&e.inputs, &e.outputs),
    ));
    rows
}

/// Which of `eval`'s sections to build: all of them, or the short answer of `--brief`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Depth {
    Full,
    Brief,
}

/// The outputs `--brief` shows: what the run costs, does and draws.
const HEADLINE: [Output; 8] = [
    Output::FleetCost,
    Output::ClusterCost,
    Output::RentalCost,
    Output::TotalFlop,
    Output::GpuHours,
    Output::Power,
    Output::Goodput,
    Output::GoodputFlop,
];

/// The rows of "Year and trends" that `--brief` keeps: the year and its verdicts.
const BRIEF_TRENDS: [&str; 3] = ["Year", "Against trend", "Wait or train"];

/// `eval`'s sections, built once for the table and the Markdown: the title and card, then
/// inputs, results, year and trends, serving, limits, milestones and sources (or, brief: the
/// headline results, the year's verdicts, the binding limit and the nearest runs).
pub fn eval_report(e: &Evaluation, catalog: &Catalog, depth: Depth) -> Report {
    let brief = depth == Depth::Brief;
    let card = e.accelerator.as_deref().unwrap_or("custom");
    let mut lead = vec![format!("{card} · {} dense", e.peak_label)];
    if !e.description.is_empty() && !brief {
        lead.push(e.description.clone());
    }
    lead.extend(solved_line(e));
    let mut sections = Vec::new();
    if !brief {
        let mut inputs = Section::new(
            "inputs",
            "Inputs",
            vec![Column::new("Input"), Column::new("Value")],
        );
        for f in Field::ALL {
            if let Some(v) = e.inputs.get(f) {
                inputs.row([Cell::new(f.name()), input_cell(e, f, v)]);
            }
        }
        sections.push(inputs);
    }
    let mut results = Section::new(
        "results",
        "Results",
        vec![
            Column::new("Result"),
            Column::new("Value"),
            Column::new("5–95 % band"),
        ],
    );
    results.text_header = e.bands.is_some();
    for o in Output::ALL {
        if !brief || HEADLINE.contains(&o) {
            results.row([
                Cell::new(o.spec().label),
                Cell::number(e.text(o), e.value(o)),
                Cell::new(band_cell(e, o)),
            ]);
        }
    }
    sections.push(results);
    let mut trends = Section::new(
        "trends",
        "Year and trends (presets/trends.ron)",
        vec![Column::new("Year and trends"), Column::new("")],
    );
    for (label, text) in projection_rows(e) {
        if !brief || BRIEF_TRENDS.contains(&label) {
            trends.row([Cell::new(label), Cell::new(text)]);
        }
    }
    sections.push(trends);
    if !brief {
        let mut serving = Section::new(
            "serving",
            "Known serving volumes (tokens a day; scenario ÷ each)",
            vec![
                Column::new("Scenario ÷ it").right(),
                Column::new("Known serving"),
                Column::new("Tokens a day").right(),
                Column::new("Status"),
                Column::new("Source"),
            ],
        );
        serving.label_column = 1;
        serving.main_column = 0;
        serving.text_header = true;
        for r in &e.serving {
            serving.row([
                Cell::number(fmt::ratio(r.ratio), Some(r.ratio)),
                Cell::new(format!("{} ({})", r.name, r.date)),
                Cell::number(fmt::count(r.tokens_per_day), Some(r.tokens_per_day)),
                Cell::new(r.status),
                Cell::new(r.source.to_string()),
            ]);
        }
        sections.push(serving);
    }
    sections.push(limits_section(e, brief));
    if brief {
        let mut runs = milestone_section("runs", "Nearest known runs (above, then below)");
        for (i, side) in [(e.above, "above"), (e.below, "below")] {
            match i.and_then(|i| e.milestones.get(i)) {
                Some(m) => runs.rows.push(milestone_row(catalog, m)),
                None => runs.notes.push(format!("no known run {side} the scenario")),
            }
        }
        sections.push(runs);
    } else {
        let mut ms = milestone_section("milestones", "Milestones (training FLOP)");
        for m in e.milestones.iter().rev() {
            ms.rows.push(milestone_row(catalog, m));
        }
        sections.push(ms);
        let mut sources = Section::new(
            "sources",
            "Sources (each input: value, status, source)",
            vec![
                Column::new("Input"),
                Column::new("Value"),
                Column::new("Status"),
                Column::new("Source"),
            ],
        );
        sources.main_column = 3;
        sources.text_header = true;
        for (f, p) in &e.sourced {
            if let Some(v) = e.inputs.get(*f) {
                sources.row([
                    Cell::new(f.name()),
                    input_cell(e, *f, v),
                    Cell::new(p.status.tag()),
                    Cell::new(p.source.clone()),
                ]);
            }
        }
        sections.push(sources);
    }
    Report {
        title: format!("{} ({})", e.title, e.name),
        lead,
        sections,
    }
}

/// An input as the tables show it: its value with its source, or "not sourced" for a
/// placeholder (whose number is no value).
fn input_cell(e: &Evaluation, f: Field, v: f64) -> Cell {
    let cell = if e.missing.contains(&f) {
        Cell::new("not sourced")
    } else {
        Cell::number(fmt::field_value(f, v), Some(v))
    };
    match provenance(e, f) {
        Some(p) => cell.sourced(p.source.clone()),
        None => cell,
    }
}

/// The limits: the verdict, then each limit's need, need ÷ limit, limit and why (or only the
/// binding one, brief).
fn limits_section(e: &Evaluation, brief: bool) -> Section {
    let mut s = Section::new(
        "limits",
        "Limits (need, need ÷ limit, limit)",
        vec![
            Column::new("Limit"),
            Column::new("Need"),
            Column::new("Need ÷ limit").right(),
            Column::new("Limit"),
            Column::new("Kind"),
            Column::new("Detail"),
            Column::new("Source").not_in_text(),
        ],
    );
    s.main_column = 2;
    s.text_header = true;
    s.lead.push(e.limits.verdict.clone());
    let binding = e.limits.binding_row();
    for r in &e.limits.rows {
        if brief && binding.is_none_or(|b| b.limit != r.limit) {
            continue;
        }
        s.row([
            Cell::new(r.limit.spec().label),
            Cell::number(r.need_text.clone(), Some(r.need)),
            Cell::number(fmt::ratio(r.ratio), Some(r.ratio)),
            Cell::number(r.limit_text.clone(), Some(r.cap)).sourced(r.source.clone()),
            Cell::new(r.limit.spec().kind.word()),
            Cell::new(r.detail.clone()),
            Cell::new(format!("{} ({})", r.source, r.status)),
        ]);
    }
    if !brief {
        s.notes = e
            .limits
            .not_weighed
            .iter()
            .map(|n| format!("not weighed: {n}"))
            .collect();
    }
    s
}

/// The milestone table's columns: the scenario over the run, the run, its FLOP with status
/// and published bounds, the days to match it, and whether the ratio is inside the bounds.
fn milestone_section(key: &'static str, title: &str) -> Section {
    let mut s = Section::new(
        key,
        title,
        vec![
            Column::new("Scenario ÷ it").right(),
            Column::new("Milestone"),
            Column::new("FLOP").right(),
            Column::new("Status"),
            Column::new("Bounds"),
            Column::new("Days to match"),
            Column::new("Note"),
        ],
    );
    s.label_column = 1;
    s.main_column = 0;
    s.text_header = true;
    s
}

/// One milestone row. A run whose published FLOP has bounds around the scenario's own FLOP is
/// marked: the ratio's side of 1 is then inside the run's uncertainty.
fn milestone_row(catalog: &Catalog, m: &MilestoneRow) -> Vec<Cell> {
    let flop = catalog.milestones.get(m.index).map(|c| &c.flop);
    let mark = if m.kind == MilestoneKind::Threshold {
        " (threshold)"
    } else {
        ""
    };
    let bounds = flop.and_then(|f| Some((f.low?, f.high?)));
    let scenario = m.ratio * m.flop;
    let inside = bounds.is_some_and(|(lo, hi)| lo <= scenario && scenario <= hi);
    vec![
        Cell::number(fmt::ratio(m.ratio), Some(m.ratio)),
        Cell::new(format!("{}{mark}", m.name)),
        match flop {
            Some(f) => Cell::number(fmt::sci(m.flop, 3), Some(m.flop)).sourced(f.source.clone()),
            None => Cell::number(fmt::sci(m.flop, 3), Some(m.flop)),
        },
        Cell::new(flop.map_or("", |f| f.status.tag())),
        Cell::new(bounds.map_or(String::new(), |(lo, hi)| {
            format!("{}–{}", fmt::sci(lo, 2), fmt::sci(hi, 2))
        })),
        Cell::number(fmt::days(m.days_to_match), Some(m.days_to_match)),
        Cell::new(if inside {
            "the scenario lies within the run's bounds"
        } else {
            ""
        }),
    ]
}

/// `eval --sensitivity OUTPUT`: the tornado in one format.
pub fn sensitivity(t: &crate::analysis::sensitivity::Sensitivity, format: Format) -> String {
    use crate::analysis::sensitivity::SPREAD;
    let o = t.output;
    let spec = o.spec();
    if format == Format::Json {
        let swings: Vec<Value> = t
            .swings
            .iter()
            .map(|w| {
                json!({
                    "input": w.input.spec().key,
                    "low": w.low,
                    "high": w.high,
                    "from_range": w.from_range,
                    "output_at_low": w.output_at_low,
                    "output_at_high": w.output_at_high,
                    "swing": w.swing,
                })
            })
            .collect();
        let shares: Map<String, Value> = t
            .shares
            .iter()
            .map(|(f, v)| (f.spec().key.to_string(), json!(v)))
            .collect();
        return format!(
            "{:#}\n",
            json!({
                "output": spec.key,
                "value": t.value,
                "spread_without_range": SPREAD,
                "swings": swings,
                "variance_shares": shares,
            })
        );
    }
    let mut s = Section::new(
        "sensitivity",
        "",
        vec![
            Column::csv_only("output", false),
            Column::new("Input"),
            Column::csv_only("input", false),
            Column::csv_only("low", true),
            Column::csv_only("high", true),
            Column::csv_only("from_range", false),
            Column::new("Low → high"),
            Column::csv_only("output_at_low", true),
            Column::csv_only("output_at_high", true),
            Column::new("Output at low → at high"),
            Column::numeric("Swing", "swing"),
        ],
    );
    for w in &t.swings {
        let how = if w.from_range {
            "its range".to_string()
        } else {
            format!("±{}", fmt::percent(SPREAD))
        };
        let input = |v: f64| Cell::number(fmt::field_value(w.input, v), Some(v));
        let output = |v: f64| Cell::number(o.text(Some(v)), Some(v));
        s.row([
            Cell::new(spec.key),
            Cell::new(w.input.name()),
            Cell::new(w.input.spec().key),
            input(w.low),
            input(w.high),
            Cell::new(w.from_range.to_string()),
            Cell::new(format!(
                "{} → {} ({how})",
                fmt::field_value(w.input, w.low),
                fmt::field_value(w.input, w.high)
            )),
            output(w.output_at_low),
            output(w.output_at_high),
            Cell::new(format!(
                "{} → {}",
                o.text(Some(w.output_at_low)),
                o.text(Some(w.output_at_high))
            )),
            output(w.swing),
        ]);
    }
    if !t.shares.is_empty() {
        let shares: Vec<String> = t
            .shares
            .iter()
            .map(|(f, v)| format!("{} {}", f.name(), fmt::percent(*v)))
            .collect();
        s.notes.push(format!(
            "Monte Carlo: share of the variance (rank correlation²) among the ranged inputs: {}",
            shares.join(", ")
        ));
    }
    let report = Report {
        title: format!(
            "Sensitivity of {} ({}): each input moved across its range, or {} of its value where \
             it has none; inputs with a sourced range first, then the what-ifs, each largest \
             swing first",
            spec.label,
            o.text(Some(t.value)),
            fmt::percent(SPREAD)
        ),
        lead: Vec::new(),
        sections: vec![s],
    };
    match format {
        Format::Csv => report.sections[0].csv(),
        Format::Markdown => report.markdown(),
        _ => report.text(),
    }
}
