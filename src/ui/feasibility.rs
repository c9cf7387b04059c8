//! The Feasibility view: years across, log FLOP up, one band per constraint (p10 to p90, its
//! letter at the median), the scenario's run and the known runs at their years, and the
//! constraint that binds each year below; under them, the chosen year's largest feasible run
//! and its cluster cost, the assumptions the view's keys fixed, and the bandwidth between sites
//! distributed power assumes. The years come worked out in the app state; this only places
//! them.

use super::text;
use super::theme::Theme;
use crate::analysis::feasibility::{Constraint, VIEW_YEARS, YearFeasibility};
use crate::app::{App, FeasibilityView};
use crate::model::format as fmt;
use crate::presets::{MilestoneKind, Precision};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// Rows below which the view is a table of a few years instead of a chart.
const CHART_MIN_ROWS: u16 = 10;

/// Rows from which the chart has room for all three detail lines (else only the cost).
const DETAIL_ROWS: u16 = 18;

/// The FLOP axis, decades of 10^x.
const DECADES: (f64, f64) = (24.0, 33.0);

/// Each constraint's letter in the bands and the legend.
fn letter(c: Constraint) -> &'static str {
    match c {
        Constraint::Power => "P",
        Constraint::PowerCampus => "c",
        Constraint::Chips => "C",
        Constraint::Data => "D",
        Constraint::Latency => "L",
    }
}

/// Each constraint's name in the legend.
fn short(c: Constraint) -> &'static str {
    match c {
        Constraint::PowerCampus => "campus",
        _ => c.key(),
    }
}

fn colour(c: Constraint, theme: &Theme) -> Style {
    match c {
        Constraint::Power => theme.warning(),
        Constraint::PowerCampus => theme.dim(),
        Constraint::Chips => theme.accent(),
        Constraint::Data => theme.value(),
        Constraint::Latency => theme.threshold(),
    }
}

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let precision = |f: &FeasibilityView| match f.precision {
        Precision::Fp8 => "FP8",
        Precision::Bf16 => "BF16",
    };
    let title = if area.width >= 100 {
        " Feasibility · largest run each constraint allows, FLOP · band p10–p90, letter at the median · Tab: ruler ".to_string()
    } else {
        // The chart's legend names the run it assumes; the narrow layout has only its title.
        let run = app.feasibility.as_ref().map_or(String::new(), |f| {
            format!(
                "· {} {}-month runs ",
                precision(f),
                fmt::sig(f.run_months, 2)
            )
        });
        format!(" Feasibility · largest run, FLOP {run}")
    };
    let inner = text::bordered(buf, area, &title, theme.title(), theme.border());
    if inner.height == 0 || inner.width < 40 {
        return;
    }
    let Some(f) = &app.feasibility else {
        text::put(
            buf,
            inner.x + 1,
            inner.y,
            "no feasibility data (the catalog lacks the H100 or the data did not load)",
            inner.width as usize - 2,
            theme.warning(),
        );
        return;
    };
    let w = inner.width as usize;
    if inner.height < CHART_MIN_ROWS {
        compact(buf, inner, app, f, theme);
        return;
    }
    // Legend on the first line, then the plot, the years, and the binding constraint a year.
    let mut legend = format!(
        "{} run of {} months (the scenario's) · ",
        precision(f),
        fmt::sig(f.run_months, 2)
    );
    for c in Constraint::ALL {
        legend.push_str(&format!("{} {}  ", letter(c), short(c)));
    }
    legend.push_str("◆ this run  • known runs · binding below");
    text::put(
        buf,
        inner.x + 1,
        inner.y,
        &text::fit(&legend, w - 2),
        w - 2,
        theme.dim(),
    );
    let label_w: u16 = 5;
    let detail: Vec<String> = if inner.height >= DETAIL_ROWS {
        details(app, f)
    } else {
        details(app, f).into_iter().take(1).collect()
    };
    let plot = Rect::new(
        inner.x + label_w,
        inner.y + 1,
        inner.width - label_w,
        inner.height - 3 - detail.len() as u16,
    );
    let chosen = app.feasibility_knobs.year(app.evaluation.inputs.year);
    let n_years = f.years.len().max(1) as u16;
    let col_w = plot.width / n_years;
    if col_w < 3 {
        return;
    }
    let rows = plot.height as f64;
    // Row of a FLOP value, the top row for the axis' top; `None` off the axis. A band is
    // clamped to the axis instead.
    let at = |t: f64| plot.y + ((1.0 - t) * (rows - 1.0)).round() as u16;
    let t_of = |flop: f64| (flop.log10() - DECADES.0) / (DECADES.1 - DECADES.0);
    let row = |flop: f64| -> Option<u16> {
        let t = t_of(flop);
        (t.is_finite() && (0.0..=1.0).contains(&t)).then(|| at(t))
    };
    let clamped = |flop: f64| at(t_of(flop).clamp(0.0, 1.0));
    // Decade labels on the left.
    let mut d = DECADES.0 as i32;
    while f64::from(d) <= DECADES.1 {
        if let Some(y) = row(10f64.powi(d)) {
            text::put(
                buf,
                inner.x,
                y,
                &format!("1e{d}"),
                label_w as usize,
                theme.dim(),
            );
        }
        d += 1;
    }
    // The constraints that fit side by side in a year's column.
    let shown: Vec<Constraint> = Constraint::ALL
        .iter()
        .copied()
        .filter(|&c| col_w > 5 || c != Constraint::PowerCampus)
        .collect();
    for (k, y) in f.years.iter().enumerate() {
        let x0 = plot.x + k as u16 * col_w;
        for (j, &c) in shown.iter().enumerate() {
            let x = x0 + j as u16;
            if x >= x0 + col_w - 1 {
                break;
            }
            let r = y.row(c);
            let style = colour(c, theme);
            for yy in clamped(r.p90_flop)..=clamped(r.p10_flop) {
                text::put(buf, x, yy, "│", 1, style);
            }
            if let Some(m) = row(r.median_flop) {
                text::put(buf, x, m, letter(c), 1, style);
            }
        }
        // Year below (the one described below marked), binding constraint below that.
        let label = format!(
            "{}'{}{}",
            if y.year == chosen { "▸" } else { "" },
            y.year % 100,
            if y.extrapolated { "*" } else { "" }
        );
        let style = if y.year == chosen {
            theme.scenario()
        } else {
            theme.text()
        };
        text::put(buf, x0, plot.bottom(), &label, col_w as usize, style);
        text::put(
            buf,
            x0,
            plot.bottom() + 1,
            &text::fit(y.binding.key(), col_w as usize - 1),
            col_w as usize - 1,
            colour(y.binding, theme),
        );
    }
    // Known runs and the scenario at their years, at the right edge of the year's column.
    let column = |year: f64| -> Option<u16> {
        let first = f64::from(*VIEW_YEARS.start());
        let k = (year.floor() - first) as i64;
        (0..i64::from(n_years))
            .contains(&k)
            .then(|| plot.x + k as u16 * col_w + col_w - 1)
    };
    for m in &app.catalog.milestones {
        if m.kind != MilestoneKind::Run {
            continue;
        }
        let year = m.date.get(..4).and_then(|y| y.parse::<f64>().ok());
        if let (Some(x), Some(y)) = (year.and_then(column), row(m.flop.value)) {
            text::put(buf, x, y, "•", 1, theme.dim());
        }
    }
    let e = &app.evaluation;
    if let (Some(x), Some(y)) = (column(e.inputs.year), row(e.outputs.total_flop.0)) {
        text::put(buf, x, y, "◆", 1, theme.scenario());
    }
    for (k, line) in detail.iter().enumerate() {
        text::put(
            buf,
            inner.x + 1,
            plot.bottom() + 2 + k as u16,
            &text::fit(line, w - 2),
            w - 2,
            if k == 0 { theme.text() } else { theme.dim() },
        );
    }
}

/// The chosen year's largest feasible run on the cluster basis; the assumptions with the keys
/// that move them; the bandwidth distributed power assumes.
fn details(app: &App, f: &FeasibilityView) -> Vec<String> {
    let k = &app.feasibility_knobs;
    let year = k.year(app.evaluation.inputs.year);
    let mut lines = Vec::with_capacity(3);
    match f.years.iter().find(|y| y.year == year) {
        Some(y) => lines.push(cost(y)),
        None => lines.push(format!("{year}: outside the view's years")),
    }
    let mut knobs = String::new();
    for (i, (knob, value)) in k.knobs().enumerate() {
        if i > 0 {
            knobs.push_str(" · ");
        }
        let shown = match (knob, value) {
            (_, None) => "Epoch's".to_string(),
            (crate::app::feasibility::Knob::CampusGw, Some(v)) => fmt::si(v * 1e9, "W"),
            (_, Some(v)) => fmt::percent(v),
        };
        let mark = if knob == k.knob { "▸" } else { "" };
        knobs.push_str(&format!("{mark}{} {shown}", knob.label()));
    }
    knobs.push_str(&format!(
        " · run {} mo (Days) · </> year  v pick  -/+ move  x reset",
        fmt::sig(f.run_months, 2)
    ));
    lines.push(knobs);
    if let Some(y) = f.years.first() {
        lines.push(format!("bandwidth: {}", y.bandwidth));
    }
    lines
}

/// "▸ 2030: largest run 2.73e29 FLOP (power) = 30.9 M H100e × 3.0 mo at $3.97 k = $245 B on
/// the cluster basis".
fn cost(y: &YearFeasibility) -> String {
    let r = &y.largest_run;
    format!(
        "▸ {}: largest run {} FLOP ({}) = {} H100e × {} mo at {} = {} on the cluster basis",
        y.year,
        fmt::sci(r.flop, 3),
        y.binding.key(),
        fmt::count(r.h100e),
        fmt::sig(r.run_months, 2),
        fmt::usd(r.usd_per_h100e),
        fmt::usd(r.cluster_cost_usd)
    )
}

/// A short screen: the median of each hard constraint in the scenario's year, 2030 and the
/// last year, and the one that binds.
fn compact(buf: &mut Buffer, inner: Rect, app: &App, f: &FeasibilityView, theme: &Theme) {
    let w = inner.width as usize - 2;
    let cols = [
        Constraint::Power,
        Constraint::Chips,
        Constraint::Data,
        Constraint::Latency,
    ];
    let mut head = format!("{:<6}", "year");
    for c in cols {
        head.push_str(&format!("{:<9}", c.key()));
    }
    head.push_str(&format!("{:<8}cluster cost", "binds"));
    text::put(
        buf,
        inner.x + 1,
        inner.y,
        &text::fit(&head, w),
        w,
        theme.dim(),
    );
    let last = *VIEW_YEARS.end();
    let chosen = app.feasibility_knobs.year(app.evaluation.inputs.year);
    let mut years: Vec<u16> = vec![chosen, 2030, last];
    years.dedup();
    for (k, year) in years.iter().enumerate() {
        let y = inner.y + 1 + k as u16;
        if y >= inner.bottom() {
            break;
        }
        let Some(row) = f.years.iter().find(|r| r.year == *year) else {
            continue;
        };
        let mut line = format!(
            "{:<6}",
            format!("{}{}", if *year == chosen { "▸" } else { "" }, year)
        );
        for c in cols {
            line.push_str(&format!("{:<9}", fmt::sci(row.row(c).median_flop, 2)));
        }
        line.push_str(&format!(
            "{:<8}{}",
            row.binding.key(),
            fmt::usd(row.largest_run.cluster_cost_usd)
        ));
        text::put(buf, inner.x + 1, y, &text::fit(&line, w), w, theme.text());
    }
    let y = inner.y + 1 + years.len() as u16;
    if let (true, Some(first)) = (y < inner.bottom(), f.years.first()) {
        let line = format!("bandwidth: {}", first.bandwidth);
        text::put(buf, inner.x + 1, y, &text::fit(&line, w), w, theme.dim());
    }
}
