//! Headless output of a scenario (`eval`) and of the catalog (`presets`): table, JSON, CSV and
//! Markdown. Pure string building, so the CLI tests and the library agree on every byte.

use crate::model::cost::Costs;
use crate::model::trend::{EPOCH_GROWTH_PER_YEAR, Trend, decimal_year};
use crate::model::uncertainty::{Bands, DEFAULT_SAMPLES, DEFAULT_SEED, monte_carlo};
use crate::model::{
    Field, Flop, FlopPerSec, Inputs, Outputs, compare, format as fmt, implied_utilization,
};
use crate::presets::{Catalog, Milestone, MilestoneKind, Precision, Scenario};
use serde::Serialize;
use serde_json::{Value, json};

/// Output formats of `eval` and `presets`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    Markdown,
}

/// One milestone compared with the scenario.
#[derive(Clone, Debug, Serialize)]
pub struct MilestoneRow {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    pub flop: f64,
    pub ratio: f64,
    pub days_to_match: f64,
}

/// Everything `eval` reports.
#[derive(Clone, Debug)]
pub struct Evaluation {
    pub name: String,
    pub title: String,
    pub accelerator: Option<String>,
    pub precision: Precision,
    pub inputs: Inputs,
    pub outputs: Outputs,
    /// Sorted by FLOP, ascending.
    pub milestones: Vec<MilestoneRow>,
    /// The input goal seek solved for, and its value.
    pub solved: Option<(Field, f64)>,
    pub costs: Costs,
    pub trend: Option<Value>,
    pub bands: Option<Bands>,
    pub fleets: Vec<FleetRow>,
    /// The scenario's fleet in H100-equivalents (dense BF16).
    pub h100_equivalents: f64,
}

/// A known fleet in H100-equivalents, next to the scenario's.
#[derive(Clone, Debug, Serialize)]
pub struct FleetRow {
    pub id: String,
    pub name: String,
    pub date: String,
    pub count: f64,
    pub h100_equivalents: Option<f64>,
    pub status: &'static str,
    pub source: String,
    /// Scenario fleet ÷ this fleet, in H100-equivalents.
    pub ratio: Option<f64>,
}

impl Evaluation {
    pub fn new(scenario: &Scenario, catalog: &Catalog) -> Evaluation {
        let inputs = scenario.inputs();
        let outputs = inputs.outputs();
        let mut milestones: Vec<MilestoneRow> = catalog
            .milestones
            .iter()
            .map(|m| {
                let c = compare(
                    outputs.total_flop,
                    outputs.sustained_flop_per_s,
                    Flop(m.flop.value),
                );
                MilestoneRow {
                    id: m.id.clone(),
                    name: m.name.clone(),
                    kind: kind_name(m.kind),
                    flop: m.flop.value,
                    ratio: c.ratio,
                    days_to_match: c.days_to_match,
                }
            })
            .collect();
        milestones.sort_by(|a, b| a.flop.total_cmp(&b.flop));
        let h100_eq = catalog.scenario_h100_equivalents(scenario);
        let fleets = catalog
            .fleets
            .iter()
            .map(|f| {
                let eq = catalog.fleet_h100_equivalents(f);
                FleetRow {
                    id: f.id.clone(),
                    name: f.name.clone(),
                    date: f.date.clone(),
                    count: f.count.value,
                    h100_equivalents: eq,
                    status: f.count.status.tag(),
                    source: f.count.source.clone(),
                    ratio: eq.map(|e| h100_eq / e),
                }
            })
            .collect();
        let costs = Costs::new(&inputs, &outputs);
        let bands = monte_carlo(&inputs, &scenario.ranges(), DEFAULT_SAMPLES, DEFAULT_SEED);
        let trend = catalog
            .frontier_trend()
            .map(|t| trend_json(&t, catalog, outputs.total_flop.0));
        Evaluation {
            solved: None,
            costs,
            trend,
            bands,
            fleets,
            h100_equivalents: h100_eq,
            name: scenario.name.clone(),
            title: scenario.title.clone(),
            accelerator: scenario.accelerator.clone(),
            precision: scenario.precision,
            inputs,
            outputs,
            milestones,
        }
    }

    /// The JSON object of `eval --format json`; numbers at full precision.
    pub fn to_json(&self) -> Value {
        let o = &self.outputs;
        json!({
            "scenario": {
                "name": self.name,
                "title": self.title,
                "accelerator": self.accelerator,
                "precision": self.precision.label(),
                "gpus": self.inputs.gpus,
                "price_usd": self.inputs.price_usd,
                "peak_tflops": self.inputs.peak_tflops,
                "mfu": self.inputs.mfu,
                "days": self.inputs.days,
                "run_share": self.inputs.run_share,
                "watts_per_gpu": self.inputs.watts_per_gpu,
                "pue": self.inputs.pue,
                "usd_per_kwh": self.inputs.usd_per_kwh,
                "kg_co2_per_kwh": self.inputs.kg_co2_per_kwh,
                "rent_usd_per_gpu_hour": self.inputs.rent_usd_per_gpu_hour,
                "amortization_years": self.inputs.amortization_years,
            },
            "fleet_cost_usd": o.fleet_cost_usd,
            "sustained_flop_per_s": o.sustained_flop_per_s,
            "total_flop": o.total_flop,
            "gpu_hours": o.gpu_hours,
            "power_mw": o.power_mw,
            "energy_mwh": o.energy_mwh,
            "energy_cost_usd": o.energy_cost_usd,
            "co2_tonnes": o.co2_tonnes,
            "rental_cost_usd": o.rental_cost_usd,
            "amortized_cost_usd": o.amortized_cost_usd,
            "chinchilla_params": o.chinchilla_params,
            "chinchilla_tokens": o.chinchilla_tokens,
            "fleet_flop_per_year": o.fleet_flop_per_year,
            "fleet_power_mw": o.fleet_power_mw,
            "milestones": self.milestones,
            "solved": self.solved.map(|(f, v)| json!({"input": f.spec().key, "value": v})),
            "costs": self.costs,
            "uncertainty": self.bands,
            "trend": self.trend,
            "h100_equivalents": self.h100_equivalents,
            "fleets": self.fleets,
        })
    }

    /// (key, value, unit, human text) for every output, in display order.
    fn output_rows(&self) -> Vec<(&'static str, Option<f64>, &'static str, String)> {
        let o = &self.outputs;
        let opt = |v: Option<crate::model::Usd>| v.map(|u| u.0);
        vec![
            (
                "fleet_cost_usd",
                Some(o.fleet_cost_usd.0),
                "USD",
                fmt::usd(o.fleet_cost_usd.0),
            ),
            (
                "sustained_flop_per_s",
                Some(o.sustained_flop_per_s.0),
                "FLOP/s",
                fmt::flop_per_s(o.sustained_flop_per_s.0),
            ),
            (
                "total_flop",
                Some(o.total_flop.0),
                "FLOP",
                fmt::flop(o.total_flop.0),
            ),
            (
                "gpu_hours",
                Some(o.gpu_hours),
                "GPU-h",
                format!("{} GPU-h", fmt::count(o.gpu_hours)),
            ),
            (
                "power_mw",
                Some(o.power_mw),
                "MW",
                fmt::si(o.power_mw * 1e6, "W"),
            ),
            (
                "energy_mwh",
                Some(o.energy_mwh),
                "MWh",
                fmt::si(o.energy_mwh * 1e6, "Wh"),
            ),
            (
                "energy_cost_usd",
                Some(o.energy_cost_usd.0),
                "USD",
                fmt::usd(o.energy_cost_usd.0),
            ),
            (
                "co2_tonnes",
                Some(o.co2_tonnes),
                "t CO2eq",
                format!("{} CO2eq", fmt::si(o.co2_tonnes, "t")),
            ),
            (
                "rental_cost_usd",
                opt(o.rental_cost_usd),
                "USD",
                opt(o.rental_cost_usd).map_or("— (no rental rate)".into(), fmt::usd),
            ),
            (
                "amortized_cost_usd",
                opt(o.amortized_cost_usd),
                "USD",
                opt(o.amortized_cost_usd).map_or("— (no hardware life)".into(), fmt::usd),
            ),
            (
                "chinchilla_params",
                Some(o.chinchilla_params),
                "params",
                format!("{} params", fmt::count(o.chinchilla_params)),
            ),
            (
                "chinchilla_tokens",
                Some(o.chinchilla_tokens),
                "tokens",
                format!("{} tokens", fmt::count(o.chinchilla_tokens)),
            ),
        ]
    }

    /// Long-format CSV: `kind,name,value,unit`, one row per input, output and milestone ratio.
    pub fn to_csv(&self) -> String {
        let mut s = String::from("kind,name,value,unit\n");
        for f in Field::ALL {
            if let Some(v) = self.inputs.get(f) {
                s.push_str(&format!("input,{},{},{}\n", f.spec().key, v, input_unit(f)));
            }
        }
        for (key, v, unit, _) in self.output_rows() {
            if let Some(v) = v {
                s.push_str(&format!("output,{key},{v},{unit}\n"));
            }
        }
        for m in &self.milestones {
            s.push_str(&format!("milestone_ratio,{},{},x\n", m.id, m.ratio));
            s.push_str(&format!(
                "milestone_days_to_match,{},{},days\n",
                m.id, m.days_to_match
            ));
        }
        s
    }

    /// The human table (the default format).
    pub fn to_table(&self) -> String {
        let mut s = format!("{} ({})\n", self.title, self.name);
        let card = self.accelerator.as_deref().unwrap_or("custom");
        s.push_str(&format!(
            "  {card} · {} dense\n\nInputs\n",
            self.precision.label()
        ));
        for f in Field::ALL {
            if let Some(v) = self.inputs.get(f) {
                s.push_str(&format!("  {:<16}{}\n", f.name(), fmt::field_value(f, v)));
            }
        }
        s.push_str("\nResults\n");
        for (key, _, _, text) in self.output_rows() {
            s.push_str(&format!("  {:<22}{}\n", label(key), text));
        }
        s.push_str("\nMilestones (training FLOP)\n");
        for m in self.milestones.iter().rev() {
            let mark = if m.kind == "threshold" {
                " (threshold)"
            } else {
                ""
            };
            s.push_str(&format!(
                "  {:>8} {:<46}{:>9} FLOP   matched in {}\n",
                fmt::ratio(m.ratio),
                format!("{}{mark}", m.name),
                fmt::sci(m.flop, 3),
                fmt::days(m.days_to_match)
            ));
        }
        s
    }

    /// A Markdown table of inputs and results, then milestones.
    pub fn to_markdown(&self) -> String {
        let mut s = format!("### {}\n\n| Quantity | Value |\n|---|---|\n", self.title);
        for f in Field::ALL {
            if let Some(v) = self.inputs.get(f) {
                s.push_str(&format!("| {} | {} |\n", f.name(), fmt::field_value(f, v)));
            }
        }
        for (key, _, _, text) in self.output_rows() {
            s.push_str(&format!("| {} | {} |\n", label(key), text));
        }
        s.push_str(
            "\n| Milestone | FLOP | Scenario ÷ milestone | Days to match |\n|---|---|---|---|\n",
        );
        for m in self.milestones.iter().rev() {
            s.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                m.name,
                fmt::sci(m.flop, 3),
                fmt::ratio(m.ratio),
                fmt::days(m.days_to_match)
            ));
        }
        s
    }

    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Table => self.to_table(),
            Format::Json => format!("{:#}\n", self.to_json()),
            Format::Csv => self.to_csv(),
            Format::Markdown => self.to_markdown(),
        }
    }
}

/// The trend object of `eval --format json`.
fn trend_json(t: &Trend, catalog: &Catalog, total_flop: f64) -> Value {
    let year = (total_flop > 0.0).then(|| t.year_for(total_flop.log10()));
    let reference = catalog
        .newest_frontier()
        .and_then(|m| Some((m.name.clone(), decimal_year(&m.date)?)));
    json!({
        "slope_log10_flop_per_year": t.slope,
        "intercept": t.intercept,
        "growth_per_year": t.growth_per_year(),
        "doubling_months": t.doubling_months(),
        "r2": t.r2,
        "runs": t.n,
        "first_year": t.first_year,
        "last_year": t.last_year,
        "epoch_growth_per_year": [EPOCH_GROWTH_PER_YEAR.0, EPOCH_GROWTH_PER_YEAR.1],
        "within_epoch_range": t.within_epoch_range(),
        "scenario_frontier_year": year,
        "reference_run": reference.as_ref().map(|(n, y)| json!({"name": n, "year": y})),
        "years_above_trend_after_reference": match (year, &reference) {
            (Some(y), Some((_, r))) => Some(y - r),
            _ => None,
        },
    })
}

fn kind_name(k: MilestoneKind) -> &'static str {
    match k {
        MilestoneKind::Run => "run",
        MilestoneKind::Threshold => "threshold",
    }
}

fn label(key: &str) -> &'static str {
    match key {
        "fleet_cost_usd" => "Fleet cost",
        "sustained_flop_per_s" => "Sustained",
        "total_flop" => "Training compute",
        "gpu_hours" => "GPU-hours",
        "power_mw" => "Power",
        "energy_mwh" => "Energy",
        "energy_cost_usd" => "Energy cost",
        "co2_tonnes" => "Emissions",
        "rental_cost_usd" => "Rental cost",
        "amortized_cost_usd" => "Amortized run cost",
        "chinchilla_params" => "Compute-optimal N",
        "chinchilla_tokens" => "Compute-optimal D",
        _ => "",
    }
}

fn input_unit(f: Field) -> &'static str {
    match f {
        Field::Gpus => "GPUs",
        Field::Price => "USD",
        Field::Tflops => "TFLOP/s",
        Field::Mfu => "fraction",
        Field::Days => "days",
        Field::Share => "fraction",
        Field::Watts => "W",
        Field::Pue => "ratio",
        Field::KwhPrice => "USD/kWh",
        Field::Co2 => "kg CO2eq/kWh",
        Field::Rent => "USD/GPU-h",
        Field::AmortYears => "years",
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

/// `presets --format json`: the whole catalog, with implied utilization per milestone.
pub fn catalog_json(catalog: &Catalog) -> Value {
    let scenarios: Vec<Value> = catalog
        .scenarios
        .iter()
        .map(|e| {
            let mut v = serde_json::to_value(&e.scenario).unwrap_or(Value::Null);
            if let (Value::Object(map), crate::presets::Origin::User(p)) = (&mut v, &e.origin) {
                map.insert("origin".into(), json!(p.display().to_string()));
            }
            v
        })
        .collect();
    let milestones: Vec<Value> = catalog
        .milestones
        .iter()
        .map(|m| {
            let mut v = serde_json::to_value(m).unwrap_or(Value::Null);
            if let Value::Object(map) = &mut v {
                map.insert(
                    "implied_utilization".into(),
                    json!(milestone_implied_utilization(m, catalog)),
                );
            }
            v
        })
        .collect();
    json!({
        "scenarios": scenarios,
        "accelerators": catalog.accelerators,
        "milestones": milestones,
        "fleets": catalog.fleets,
        "problems": catalog.problems.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
    })
}

/// `presets` as a human table.
pub fn catalog_table(catalog: &Catalog) -> String {
    let mut s = String::from("Scenarios\n");
    for e in &catalog.scenarios {
        let o = e.scenario.inputs().outputs();
        let user = matches!(e.origin, crate::presets::Origin::User(_));
        s.push_str(&format!(
            "  {:<20}{:>12}  {}{}\n",
            e.scenario.name,
            fmt::sci(o.total_flop.0, 3),
            e.scenario.title,
            if user { "  [user]" } else { "" }
        ));
    }
    s.push_str("\nAccelerators (dense TFLOP/s)\n");
    s.push_str(&format!(
        "  {:<12}{:<34}{:>8}{:>8}{:>8}{:>8}{:>11}{:>9}\n",
        "id", "name", "BF16", "FP8", "TDP W", "GB", "price", "$/h"
    ));
    for a in &catalog.accelerators {
        s.push_str(&format!(
            "  {:<12}{:<34}{:>8}{:>8}{:>8}{:>8}{:>11}{:>9}\n",
            a.id,
            crate::ui::ruler::clip(&a.name, 33),
            fmt::sig(a.bf16_tflops.value, 4),
            a.fp8_tflops
                .as_ref()
                .map_or("—".into(), |v| fmt::sig(v.value, 4)),
            a.tdp_watts
                .as_ref()
                .map_or("—".into(), |v| fmt::sig(v.value, 4)),
            fmt::sig(a.memory_gb.value, 3),
            a.price_usd
                .as_ref()
                .map_or("—".into(), |v| fmt::usd(v.value)),
            a.rent_usd_per_hour
                .as_ref()
                .map_or("—".into(), |v| fmt::usd(v.value)),
        ));
    }
    s.push_str("\nMilestones\n");
    s.push_str(&format!(
        "  {:<28}{:<12}{:>10}  {:<11}{:>11}  {:>9}  {}\n",
        "name", "date", "FLOP", "status", "GPU-hours", "implied", "reported MFU"
    ));
    let mut ms: Vec<&Milestone> = catalog.milestones.iter().collect();
    ms.sort_by(|a, b| a.flop.value.total_cmp(&b.flop.value));
    for m in ms {
        let implied = milestone_implied_utilization(m, catalog).map_or("—".into(), fmt::percent);
        let reported = m
            .reported_mfu
            .as_ref()
            .map_or("—".into(), |r| match (r.low, r.high) {
                (Some(lo), Some(hi)) => format!(
                    "{}–{}",
                    fmt::percent(lo).trim_end_matches(" %"),
                    fmt::percent(hi)
                ),
                _ => fmt::percent(r.value),
            });
        s.push_str(&format!(
            "  {:<28}{:<12}{:>10}  {:<11}{:>11}  {:>9}  {}\n",
            crate::ui::ruler::clip(&m.name, 27),
            m.date,
            fmt::sci(m.flop.value, 3),
            m.flop.status.tag(),
            m.gpu_hours
                .as_ref()
                .map_or("—".into(), |h| fmt::count(h.value)),
            implied,
            reported
        ));
    }
    if !catalog.fleets.is_empty() {
        s.push_str("\nFleets\n");
        for f in &catalog.fleets {
            s.push_str(&format!(
                "  {:<30}{:>10}  {:<11}{}\n",
                crate::ui::ruler::clip(&f.name, 29),
                fmt::count(f.count.value),
                f.count.status.tag(),
                f.date
            ));
        }
    }
    if !catalog.problems.is_empty() {
        s.push_str("\nProblems\n");
        for p in &catalog.problems {
            s.push_str(&format!("  {p}\n"));
        }
    }
    s
}
