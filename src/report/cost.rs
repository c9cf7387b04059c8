//! Output of `cost`: Epoch AI's three training-cost estimates for a known run, ours beside
//! Epoch's published figures, as a table, JSON, CSV or Markdown. Formatting only: the numbers
//! come from [`EpochCosts::estimate`] (the engine in `model::epoch_cost`).

use crate::analysis::today::{Today, run_today};
use crate::model::epoch_cost::{Components, Estimate};
use crate::model::format::{self as fmt, csv_cell};
use crate::presets::epoch::{EpochCosts, EpochRun};
use crate::report::Format;
use crate::report::table::{Cell, Column, Report, Section};
use serde_json::{Map, Value, json};

/// One run's estimate with the names to show it under.
#[derive(Clone, Debug)]
pub struct RunCost<'a> {
    /// The catalog milestone's name (Epoch's name where the milestone is missing).
    pub name: String,
    pub run: &'a EpochRun,
    pub estimate: Estimate,
    /// The run at today's prices (`cost RUN` only).
    pub today: Option<Today>,
}

impl<'a> RunCost<'a> {
    /// Computes `run` with the data of `epoch`.
    pub fn new(epoch: &EpochCosts, name: String, run: &'a EpochRun) -> Result<Self, String> {
        Ok(RunCost {
            name,
            run,
            estimate: epoch.estimate(run)?,
            today: None,
        })
    }

    /// (method key, label, ours, Epoch's) for the three methods.
    fn methods(&self) -> [(&'static str, &'static str, Option<f64>, Option<f64>); 3] {
        let e = &self.estimate;
        let p = self.run.epoch_published;
        [
            (
                "cloud",
                "Cloud rental",
                e.cloud.as_ref().ok().map(|c| c.total),
                p.cloud,
            ),
            (
                "acquisition",
                "Hardware acquisition",
                e.acquisition.as_ref().ok().map(Components::total),
                p.acquisition,
            ),
            (
                "amortized",
                "Amortized capex + energy",
                e.amortized.as_ref().ok().map(|a| a.components.total()),
                p.amortized,
            ),
        ]
    }

    /// The run's cost at today's prices on the basis matching `method`.
    fn today(&self, method: &str) -> Option<f64> {
        let t = self.today.as_ref()?;
        match method {
            "cloud" => t.cloud,
            "acquisition" => t.acquisition,
            "amortized" => t.amortized,
            _ => None,
        }
    }

    /// Component rows per method: (method key, component key, label, USD).
    fn components(&self) -> Vec<(&'static str, &'static str, &'static str, f64)> {
        let mut rows = Vec::new();
        if let Ok(c) = &self.estimate.cloud {
            rows.push(("cloud", "rental", "chip-hours × price", c.total));
        }
        let split = |rows: &mut Vec<_>, method, c: &Components, energy: bool| {
            rows.push((method, "chips", "AI chips", c.chips));
            rows.push((method, "other_server", "other server parts", c.other_server));
            rows.push((
                method,
                "interconnect",
                "cluster interconnect",
                c.interconnect,
            ));
            if energy {
                rows.push((method, "energy", "energy", c.energy));
            }
        };
        if let Ok(c) = &self.estimate.acquisition {
            split(&mut rows, "acquisition", c, false);
        }
        if let Ok(a) = &self.estimate.amortized {
            split(&mut rows, "amortized", &a.components, true);
        }
        rows
    }

    /// Why a method has no estimate here.
    fn reason(&self, method: &str) -> Option<&'static str> {
        match method {
            "cloud" => self.estimate.cloud.as_ref().err().copied(),
            "acquisition" => self.estimate.acquisition.as_ref().err().copied(),
            _ => self.estimate.amortized.as_ref().err().copied(),
        }
    }
}

/// A whole number with thousands separators: `16,384`.
fn grouped(x: f64) -> String {
    let digits = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if x < 0.0 {
        out.insert(0, '-');
    }
    out
}

fn money(x: Option<f64>) -> String {
    x.map_or_else(|| "—".into(), fmt::usd)
}

fn ratio(ours: Option<f64>, theirs: Option<f64>) -> Option<f64> {
    Some(ours? / theirs?)
}

fn ratio_text(r: Option<f64>) -> String {
    r.map_or_else(|| "—".into(), |r| format!("{r:.4}"))
}

/// What went into the estimate, in one paragraph of lines.
fn input_lines(epoch: &EpochCosts, rc: &RunCost) -> Vec<String> {
    let r = rc.run;
    let e = &rc.estimate;
    let mut lines = Vec::new();
    let mut hw = r.hardware.to_string();
    if r.hardware_imputed {
        hw.push_str(" (imputed by Epoch)");
    }
    if let Some(n) = &r.chip_count {
        hw.push_str(&format!(" × {}", grouped(n.value)));
    }
    lines.push(format!("Hardware: {hw}"));
    let mut time = Vec::new();
    if let Some(h) = &r.training_hours {
        time.push(format!("{} h of training", fmt::sig(h.value, 4)));
    }
    if let Ok(a) = &e.amortized {
        time.push(format!(
            "{} chip-hours ({})",
            fmt::count(a.chip_hours),
            a.chip_hours_from.label()
        ));
    }
    if let Some(u) = &r.utilization {
        time.push(format!("utilization {}", fmt::percent(u.value)));
    }
    if !time.is_empty() {
        lines.push(format!("Compute: {}", time.join(", ")));
    }
    let pue = epoch.constants();
    let hyperscaler = epoch.is_hyperscaler(&r.organization);
    lines.push(format!(
        "Organisation: {} (PUE {})",
        r.organization,
        if hyperscaler {
            pue.pue_hyperscaler
        } else {
            pue.pue_other
        }
    ));
    let value = e
        .amortized
        .as_ref()
        .map(|a| {
            format!(
                ", server value then {} per chip",
                fmt::usd(a.value_per_chip)
            )
        })
        .unwrap_or_default();
    lines.push(format!(
        "Dates: published {}, training from {}, hardware bought {}{value}",
        r.publication,
        e.training_start.text(),
        e.hardware_acquired.text(),
    ));
    if let (Some(row), Ok(c)) = (&r.cloud, &e.cloud) {
        lines.push(format!(
            "Cloud price: {}/chip-hour, {} {}, priced {}",
            fmt::usd(c.usd_per_chip_hour),
            row.vendor,
            row.commitment.label(),
            row.date
        ));
    }
    lines.push(format!(
        "Dollars: {} (producer price index × {})",
        epoch.usd_year,
        fmt::sig(e.inflation, 4)
    ));
    lines
}

fn num_or_empty(x: Option<f64>) -> String {
    x.map(fmt::csv_number).unwrap_or_default()
}

/// `cost RUN` in the chosen format.
pub fn render_run(epoch: &EpochCosts, rc: &RunCost, format: Format) -> String {
    if format == Format::Json {
        return format!("{:#}\n", run_json(epoch, rc));
    }
    let mut s = Section::new(
        "methods",
        "",
        vec![
            Column::csv_only("run", false),
            Column::csv_only("method", false),
            Column::csv_only("component", false),
            Column::new("Method"),
            Column::numeric("Ours", "usd").right(),
            Column::numeric("Epoch", "epoch_published_usd").right(),
            Column::numeric("Ours/Epoch", "ours_over_epoch").right(),
            Column::csv_only("usd_year", false),
        ],
    );
    let today = rc.today.is_some();
    if today {
        s.columns
            .push(Column::numeric("Today", "today_usd").right());
    }
    s.text_header = true;
    let parts = rc.components();
    for (key, label, ours, theirs) in rc.methods() {
        let r = ratio(ours, theirs);
        s.row([
            Cell::new(rc.run.milestone.clone()),
            Cell::new(key),
            Cell::new("total"),
            Cell::new(label),
            Cell::number(money(ours), ours),
            Cell::number(money(theirs), theirs),
            Cell::number(ratio_text(r), r),
            Cell::new(epoch.usd_year.clone()),
        ]);
        if today {
            let t = rc.today(key);
            if let Some(row) = s.rows.last_mut() {
                row.push(Cell::number(money(t), t));
            }
        }
        for (_, part, text, usd) in parts.iter().filter(|p| p.0 == key) {
            s.row([
                Cell::new(rc.run.milestone.clone()),
                Cell::new(key),
                Cell::new(*part),
                Cell::new(format!("  {text}")),
                Cell::number(fmt::usd(*usd), Some(*usd)),
                Cell::default(),
                Cell::default(),
                Cell::new(epoch.usd_year.clone()),
            ]);
            if today && let Some(row) = s.rows.last_mut() {
                row.push(Cell::default());
            }
        }
        if let Some(why) = rc.reason(key) {
            s.notes.push(format!("{label}: not computed: {why}"));
        }
    }
    if format == Format::Csv {
        return s.csv();
    }
    s.notes
        .push(format!("Epoch's figures: {}", epoch.published_source));
    s.notes.extend(today_line(rc));
    s.notes.extend(other_vintage_line(epoch, rc));
    Report {
        title: format!(
            "{} — Epoch AI's training-cost methods, in {}",
            rc.name, epoch.usd_year
        ),
        lead: input_lines(epoch, rc),
        sections: vec![s],
    }
    .render(format)
}

/// What the Today column is: the run's record at the catalog's prices now.
fn today_line(rc: &RunCost) -> Option<String> {
    let t = rc.today.as_ref()?;
    Some(format!(
        "Today: the run's record at the catalog's current card price and rent, in nominal dollars, \
         {}; cloud rental = the rent basis, acquisition = the cluster basis, amortized = Epoch's \
         method on today's price with no depreciation before the run",
        t.basis
    ))
}

/// Epoch's other table beside the one reproduced, with its inferred basis said as such.
fn other_vintage_line(epoch: &EpochCosts, rc: &RunCost) -> Option<String> {
    let v = epoch.other_vintage.as_ref()?;
    let usd = rc.run.other_vintage_usd?;
    Some(format!(
        "Epoch's other vintage: {} in {} (not reproduced here; basis {})",
        fmt::usd(usd),
        v.source,
        v.basis
    ))
}

/// The JSON of one run: `cloud_usd`, `acquisition_usd`, `amortized_usd` (null where not
/// computed), the same under `epoch_published`, `usd_year`, components and inputs.
pub fn run_json(epoch: &EpochCosts, rc: &RunCost) -> Value {
    let r = rc.run;
    let e = &rc.estimate;
    let mut top = Map::new();
    top.insert("run".into(), json!(r.milestone));
    top.insert("name".into(), json!(rc.name));
    top.insert("epoch_name".into(), json!(r.epoch_name));
    top.insert("usd_year".into(), json!(epoch.usd_year));
    let mut published = Map::new();
    let mut ratios = Map::new();
    let mut missing = Map::new();
    for (key, _, ours, theirs) in rc.methods() {
        top.insert(format!("{key}_usd"), json!(ours));
        published.insert(format!("{key}_usd"), json!(theirs));
        ratios.insert(key.into(), json!(ratio(ours, theirs)));
        if let Some(why) = rc.reason(key) {
            missing.insert(key.into(), json!(why));
        }
    }
    top.insert("epoch_published".into(), Value::Object(published));
    if let Some(t) = &rc.today {
        top.insert(
            "today".into(),
            json!({
                "cloud_usd": t.cloud,
                "acquisition_usd": t.acquisition,
                "amortized_usd": t.amortized,
                "basis": today_line(rc),
            }),
        );
    }
    top.insert("ours_over_epoch".into(), Value::Object(ratios));
    if !missing.is_empty() {
        top.insert("not_computed".into(), Value::Object(missing));
    }
    let mut components = Map::new();
    for (method, part, _, usd) in rc.components() {
        let entry = components
            .entry(method)
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(m) = entry {
            m.insert(format!("{part}_usd"), json!(usd));
        }
    }
    top.insert("components".into(), Value::Object(components));
    let value = |s: &Option<crate::presets::Sourced>| s.as_ref().map(|s| s.value);
    let mut inputs = json!({
        "hardware": r.hardware,
        "hardware_imputed": r.hardware_imputed,
        "chip_count": value(&r.chip_count),
        "training_hours": value(&r.training_hours),
        "utilization": value(&r.utilization),
        "organization": r.organization,
        "hyperscaler": epoch.is_hyperscaler(&r.organization),
        "publication": r.publication,
        "training_start": e.training_start.text(),
        "hardware_acquired": e.hardware_acquired.text(),
        "price_index_factor": e.inflation,
    });
    if let (Value::Object(m), Ok(a)) = (&mut inputs, &e.amortized) {
        m.insert("chip_hours".into(), json!(a.chip_hours));
        m.insert("chip_hours_from".into(), json!(a.chip_hours_from.label()));
        m.insert("server_value_per_chip_usd".into(), json!(a.value_per_chip));
    }
    if let (Value::Object(m), Some(row), Ok(c)) = (&mut inputs, &r.cloud, &e.cloud) {
        m.insert(
            "cloud".into(),
            json!({
                "vendor": row.vendor,
                "commitment": row.commitment.label(),
                "price_date": row.date,
                "usd_per_chip_hour": c.usd_per_chip_hour,
                "chip_hours": c.chip_hours,
            }),
        );
    }
    top.insert("inputs".into(), inputs);
    top.insert("epoch_source".into(), json!(epoch.published_source));
    if let (Some(v), Some(usd)) = (&epoch.other_vintage, r.other_vintage_usd) {
        top.insert(
            "epoch_other_vintage".into(),
            json!({ "usd": usd, "source": v.source, "basis": v.basis }),
        );
    }
    Value::Object(top)
}

/// `cost --vs-epoch`: every run, ours beside Epoch's, with the ratio.
pub fn render_vs_epoch(epoch: &EpochCosts, all: &[RunCost], format: Format) -> String {
    match format {
        Format::Json => {
            let runs: Vec<Value> = all.iter().map(|rc| run_json(epoch, rc)).collect();
            format!(
                "{:#}\n",
                json!({ "usd_year": epoch.usd_year, "epoch_source": epoch.published_source, "runs": runs })
            )
        }
        Format::Csv => {
            let mut out =
                String::from("run,name,method,usd,epoch_published_usd,ours_over_epoch,usd_year\n");
            for rc in all {
                for (key, _, ours, theirs) in rc.methods() {
                    out.push_str(&format!(
                        "{},{},{key},{},{},{},{}\n",
                        csv_cell(&rc.run.milestone),
                        csv_cell(&rc.name),
                        num_or_empty(ours),
                        num_or_empty(theirs),
                        num_or_empty(ratio(ours, theirs)),
                        csv_cell(&epoch.usd_year)
                    ));
                }
            }
            out
        }
        Format::Table | Format::Markdown => {
            let mut columns = vec![Column::new("Run")];
            for method in ["Cloud", "Acquisition", "Amortized"] {
                columns.extend([
                    Column::new(method).right(),
                    Column::new("Epoch").right(),
                    Column::new("×").right(),
                ]);
            }
            let mut s = Section::new("runs", "", columns);
            s.text_header = true;
            for rc in all {
                let mut row = vec![Cell::new(rc.name.clone())];
                for (_, _, ours, theirs) in rc.methods() {
                    row.push(Cell::number(money(ours), ours));
                    row.push(Cell::number(money(theirs), theirs));
                    let r = ratio(ours, theirs);
                    row.push(Cell::number(ratio_text(r), r));
                }
                s.rows.push(row);
            }
            s.notes
                .push(format!("Epoch's figures: {}", epoch.published_source));
            Report {
                title: format!(
                    "Ours vs Epoch AI's published training costs, {} (× = ours / Epoch)",
                    epoch.usd_year
                ),
                lead: Vec::new(),
                sections: vec![s],
            }
            .render(format)
        }
    }
}

/// What `cost` prints: one run (by milestone id or name, or Epoch's name; any case) or, with
/// `vs_epoch`, every run Epoch costs (only the catalog's frontier runs with `frontier`). The
/// error is the user's: an unknown run, or one Epoch's table does not cost.
pub fn cost_command(
    catalog: &crate::presets::Catalog,
    run: Option<&str>,
    vs_epoch: bool,
    frontier: bool,
    format: Format,
) -> Result<String, String> {
    let epoch = catalog.epoch_costs().ok_or("no Epoch cost data loaded")?;
    let name_of = |r: &EpochRun| {
        catalog
            .milestone(&r.milestone)
            .map_or_else(|| r.epoch_name.to_string(), |m| m.name.to_string())
    };
    if vs_epoch {
        let mut all = Vec::new();
        for r in &epoch.runs {
            let is_frontier = catalog.milestone(&r.milestone).is_some_and(|m| m.frontier);
            if frontier && !is_frontier {
                continue;
            }
            all.push(
                RunCost::new(epoch, name_of(r), r).map_err(|e| format!("{}: {e}", r.milestone))?,
            );
        }
        all.sort_by(|a, b| a.run.publication.cmp(&b.run.publication));
        return Ok(render_vs_epoch(epoch, &all, format));
    }
    let wanted = run.ok_or("name a run, or use --vs-epoch")?;
    let milestone = catalog.find_milestone(wanted);
    let found = milestone
        .and_then(|m| epoch.run(&m.id))
        .or_else(|| epoch.run(wanted));
    let Some(r) = found else {
        let ids: Vec<&str> = epoch.runs.iter().map(|r| r.milestone.as_str()).collect();
        let what = match milestone {
            Some(m) => format!("Epoch's published table does not cost {}", m.name),
            None => format!("no run '{}'", fmt::quoted(wanted)),
        };
        return Err(format!("{what}; runs with Epoch costs: {}", ids.join(", ")));
    };
    let mut rc = RunCost::new(epoch, name_of(r), r).map_err(|e| format!("{}: {e}", r.milestone))?;
    rc.today = catalog
        .milestone(&r.milestone)
        .and_then(|m| run_today(catalog, m).ok());
    Ok(render_run(epoch, &rc, format))
}
