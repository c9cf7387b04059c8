//! The results panel, and the A/B compare panel that replaces it while a scenario is pinned.

use super::text;
use super::theme::Theme;
use crate::app::App;
use crate::model::cost::{CostBasis, Costs};
use crate::model::uncertainty::Band;
use crate::model::{Field, Inputs, Outputs, format as fmt};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// One result row: label (long and short), value text, context text.
struct Row {
    label: String,
    short: &'static str,
    value: String,
    extra: String,
    /// The 5–95 % band, when inputs carry ranges; shown instead of `extra` where it fits.
    band: Option<String>,
}

fn row(label: impl Into<String>, short: &'static str, value: String, extra: String) -> Row {
    Row {
        label: label.into(),
        short,
        value,
        extra,
        band: None,
    }
}

impl Row {
    fn band(mut self, b: Option<&Band>, show: impl Fn(f64) -> String) -> Row {
        // A band that does not vary (an input without a range) says nothing: leave it out.
        self.band = b
            .filter(|b| (b.p95 - b.p5).abs() > 1e-9 * b.p50.abs())
            .map(|b| format!("{}–{}", show(b.p5), show(b.p95)));
        self
    }
}

/// The cost under `basis` with its explanation.
fn cost_text(basis: CostBasis, i: &Inputs, c: &Costs) -> (String, String) {
    let value = c.get(basis).map_or("—".into(), |u| fmt::usd(u.0));
    let extra = match (basis, c.get(basis)) {
        (CostBasis::Gpus, _) => format!("{} × {}", fmt::count(i.gpus), fmt::usd(i.price_usd)),
        (CostBasis::Cluster, _) => {
            format!("GPUs × {} servers+network", fmt::sig(c.cluster_overhead, 3))
        }
        (CostBasis::Rent, Some(_)) => format!(
            "GPU-h × {}",
            fmt::usd(i.rent_usd_per_gpu_hour.unwrap_or(0.0))
        ),
        (CostBasis::Rent, None) => "set Rent / GPU-h".into(),
        (CostBasis::Amortized, Some(_)) => "cluster over its life + energy".into(),
        (CostBasis::Amortized, None) => "set Hardware life".into(),
    };
    (value, extra)
}

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    match &app.pinned {
        Some(b) => compare(buf, area, app, &b.inputs(), theme),
        None => results(buf, area, app, theme),
    }
}

fn results(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let inner = text::bordered(buf, area, " Results ", theme.title(), theme.border());
    let i = app.inputs();
    let o = app.outputs();
    let costs = Costs::new(&i, &o);
    let (cost, cost_extra) = cost_text(app.cost_basis, &i, &costs);
    let others: Vec<String> = [
        CostBasis::Gpus,
        CostBasis::Cluster,
        CostBasis::Rent,
        CostBasis::Amortized,
    ]
    .into_iter()
    .filter(|&b| b != app.cost_basis && costs.get(b).is_some())
    .map(|b| {
        let short = match b {
            CostBasis::Gpus => "GPUs",
            CostBasis::Cluster => "cluster",
            CostBasis::Rent => "rent",
            CostBasis::Amortized => "amortized",
        };
        format!(
            "{short} {}",
            costs.get(b).map_or("—".into(), |u| fmt::usd(u.0))
        )
    })
    .collect();
    let run_share_of_year = o.total_flop.0 / o.fleet_flop_per_year.0;
    let bands = app.bands.as_ref();
    let cost_band = bands.and_then(|b| match app.cost_basis {
        CostBasis::Gpus => Some(b.fleet_cost_usd),
        CostBasis::Cluster => Some(Band {
            p5: b.fleet_cost_usd.p5 * costs.cluster_overhead,
            p50: b.fleet_cost_usd.p50 * costs.cluster_overhead,
            p95: b.fleet_cost_usd.p95 * costs.cluster_overhead,
        }),
        CostBasis::Rent => b.rental_cost_usd,
        CostBasis::Amortized => None,
    });
    let sci = |x| fmt::sci(x, 3);
    let wide = inner.width >= 44;
    let label_w = if wide { 17 } else { 10 };
    let value_room = (inner.width as usize).saturating_sub(label_w + 1);
    let mut rows = vec![
        row(app.cost_basis.label(), "Cost", cost, cost_extra).band(cost_band.as_ref(), fmt::usd),
        row(
            "Sustained",
            "Sustained",
            fmt::flop_per_s(o.sustained_flop_per_s.0),
            String::new(),
        )
        .band(bands.map(|b| &b.sustained_flop_per_s), sci),
        row(
            "Training run",
            "Run",
            fmt::flop(o.total_flop.0),
            format!("in {}", fmt::days(i.days)),
        )
        .band(bands.map(|b| &b.total_flop), sci),
        row(
            "Fleet per year",
            "Fleet/yr",
            fmt::flop(o.fleet_flop_per_year.0),
            format!("run = {} of it", fmt::percent(run_share_of_year)),
        ),
        row(
            "GPU-hours",
            "GPU-hours",
            fmt::count(o.gpu_hours),
            String::new(),
        )
        .band(bands.map(|b| &b.gpu_hours), fmt::count),
        row(
            "Power",
            "Power",
            fmt::si(o.power_mw * 1e6, "W"),
            format!("fleet {} of 1 GW", fmt::percent(o.fleet_power_mw / 1000.0)),
        )
        .band(bands.map(|b| &b.power_mw), |x| fmt::si(x * 1e6, "W")),
        row(
            "Energy",
            "Energy",
            fmt::si(o.energy_mwh * 1e6, "Wh"),
            fmt::usd(o.energy_cost_usd.0),
        )
        .band(bands.map(|b| &b.energy_mwh), |x| fmt::si(x * 1e6, "Wh")),
        row(
            "Emissions",
            "CO2",
            fmt::si(o.co2_tonnes, "t"),
            "CO2eq".into(),
        )
        .band(bands.map(|b| &b.co2_tonnes), |x| fmt::si(x, "t")),
        row(
            "Other costs",
            "Other",
            fit_list(&others, value_room),
            String::new(),
        ),
        row(
            "Compute-optimal",
            "Optimal",
            format!("{} params", fmt::count(o.chinchilla_params)),
            String::new(),
        )
        .band(bands.map(|b| &b.chinchilla_params), fmt::count),
        row(
            "",
            "",
            format!("{} tokens", fmt::count(o.chinchilla_tokens)),
            "D = 20·N".into(),
        ),
    ];
    if let Some(b) = bands {
        let fields: Vec<&str> = app
            .scenario
            .ranges()
            .iter()
            .map(|r| r.field.short_name())
            .collect();
        rows.push(row(
            "Bands 5–95 %",
            "Bands",
            if fields.join(", ").chars().count() + 5 <= value_room {
                format!("from {}", fields.join(", "))
            } else {
                format!("from {} ranges", fields.len())
            },
            format!("{} samples · u edits", fmt::count(b.samples as f64)),
        ));
    }
    for (k, r) in rows.into_iter().enumerate() {
        if k as u16 >= inner.height {
            break;
        }
        let label = if wide { r.label.as_str() } else { r.short };
        let room = (inner.width as usize).saturating_sub(label_w + 1 + r.value.chars().count() + 2);
        let mut pen = text::Pen::new(buf, Rect::new(inner.x, inner.y + k as u16, inner.width, 1));
        pen.text(" ", theme.dim())
            .text(label, theme.dim())
            .pad_to(1 + label_w as u16, theme.dim());
        pen.text(
            &r.value,
            if k == 0 {
                theme.accent()
            } else {
                theme.value()
            },
        );
        // Context is shown whole or not at all: a cut "$30." misleads. A band wins over context.
        match (&r.band, r.extra.is_empty()) {
            (Some(b), _) if b.chars().count() + 2 <= room => {
                pen.text("  ", theme.scenario()).text(b, theme.scenario());
            }
            (_, false) if r.extra.chars().count() <= room => {
                pen.text("  ", theme.dim()).text(&r.extra, theme.dim());
            }
            _ => {}
        }
    }
}

/// As many items as fit in `room` columns, joined with " · ".
fn fit_list(items: &[String], room: usize) -> String {
    let mut out = String::new();
    for item in items {
        let extra = if out.is_empty() { 0 } else { 3 };
        if out.chars().count() + extra + item.chars().count() > room {
            break;
        }
        if !out.is_empty() {
            out.push_str(" · ");
        }
        out.push_str(item);
    }
    out
}

/// A and B side by side with the ratio and difference of every output.
fn compare(buf: &mut Buffer, area: Rect, app: &App, b: &Inputs, theme: &Theme) {
    let inner = text::bordered(
        buf,
        area,
        " Compare · A live vs B pinned · c unpins ",
        theme.title(),
        theme.accent(),
    );
    let a = app.inputs();
    let (oa, ob) = (a.outputs(), b.outputs());
    let (ca, cb) = (Costs::new(&a, &oa), Costs::new(b, &ob));
    type Pick = fn(&Outputs, &Costs) -> Option<f64>;
    type Show = fn(f64) -> String;
    let metrics: [(&str, Pick, Show); 9] = [
        (app.cost_basis.label(), |_, c| Some(c.gpus_usd.0), fmt::usd),
        ("Run FLOP", |o, _| Some(o.total_flop.0), |x| fmt::sci(x, 3)),
        (
            "FLOP/s",
            |o, _| Some(o.sustained_flop_per_s.0),
            |x| fmt::sci(x, 3),
        ),
        ("GPU-hours", |o, _| Some(o.gpu_hours), fmt::count),
        ("Power", |o, _| Some(o.power_mw * 1e6), |x| fmt::si(x, "W")),
        (
            "Energy",
            |o, _| Some(o.energy_mwh * 1e6),
            |x| fmt::si(x, "Wh"),
        ),
        ("CO2", |o, _| Some(o.co2_tonnes), |x| fmt::si(x, "t")),
        ("Rent", |_, c| c.rent_usd.map(|u| u.0), fmt::usd),
        ("Optimal N", |o, _| Some(o.chinchilla_params), fmt::count),
    ];
    let wide = inner.width >= 48;
    let (lw, vw, rw) = if wide { (12, 9, 7) } else { (8, 8, 6) };
    let header = if wide {
        format!(
            " {:<lw$} {:>vw$} {:>vw$} {:>rw$} {:>vw$}",
            "", "A", "B", "A/B", "A−B"
        )
    } else {
        format!(" {:<lw$} {:>vw$} {:>vw$} {:>rw$}", "", "A", "B", "A/B")
    };
    text::Pen::new(buf, inner).text(&header, theme.dim());
    for (k, (label, pick, show)) in metrics.iter().enumerate() {
        let y = inner.y + 1 + k as u16;
        if y >= inner.bottom() {
            return;
        }
        // The cost row follows the chosen basis.
        let (va, vb) = if k == 0 {
            (
                ca.get(app.cost_basis).map(|u| u.0),
                cb.get(app.cost_basis).map(|u| u.0),
            )
        } else {
            (pick(&oa, &ca), pick(&ob, &cb))
        };
        let text = |v: Option<f64>| v.map_or("—".to_string(), show);
        let ratio = match (va, vb) {
            (Some(x), Some(y)) if y > 0.0 => fmt::ratio(x / y),
            _ => "—".into(),
        };
        let delta = match (va, vb) {
            (Some(x), Some(y)) => {
                let d = x - y;
                if d == 0.0 {
                    "0".into()
                } else if d > 0.0 {
                    format!("+{}", show(d))
                } else {
                    format!("−{}", show(-d))
                }
            }
            _ => "—".into(),
        };
        let same = va == vb;
        let style = if same { theme.dim() } else { theme.value() };
        let label = if k == 0 && !wide { "Cost" } else { label };
        let line = if wide {
            format!(
                " {:<lw$} {:>vw$} {:>vw$} {:>rw$} {:>vw$}",
                super::ruler::clip(label, lw),
                text(va),
                text(vb),
                ratio,
                delta
            )
        } else {
            format!(
                " {:<lw$} {:>vw$} {:>vw$} {:>rw$}",
                super::ruler::clip(label, lw),
                text(va),
                text(vb),
                ratio
            )
        };
        text::put(buf, inner.x, y, &line, inner.width as usize, style);
    }
    let y = inner.y + 1 + metrics.len() as u16;
    if y < inner.bottom() {
        let differ: Vec<&str> = Field::ALL
            .iter()
            .filter(|&&f| a.get(f) != b.get(f))
            .map(|f| f.short_name())
            .collect();
        let text = if differ.is_empty() {
            " inputs: A = B (change a slider)".to_string()
        } else {
            format!(" inputs A≠B: {}", differ.join(", "))
        };
        text::put(
            buf,
            inner.x,
            y,
            &text,
            inner.width as usize,
            theme.modified(),
        );
    }
}
