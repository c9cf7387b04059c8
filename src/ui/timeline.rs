//! The timeline view: known runs by date and training FLOP (log scale), the fitted frontier
//! trend, the regulatory thresholds, and where this scenario falls on the trend.

use super::plot::{Anchor, Plot};
use super::theme::Theme;
use crate::analysis::evaluation::Evaluation;
use crate::app::App;
use crate::model::{Field, Output, format as fmt};
use crate::presets::MilestoneKind;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

/// "1.08e27 FLOP is the trend's 2026.9: a run this size stays above the trend for 1.8 years
/// after Grok-3 (2025.1)".
fn describe(e: &Evaluation) -> String {
    let Some(p) = &e.placement else {
        return "no trend: the catalog needs three frontier runs with dates".into();
    };
    let j = &e.projection;
    if let (true, Some(r)) = (j.moved(), j.frontier_ratio) {
        return format!(
            "in {}: {} is {} the trend's frontier (the trend's {:.1}); as of {} the same fleet \
             made {} FLOP",
            fmt::field_value(Field::Year, j.year),
            e.text(Output::TotalFlop),
            fmt::ratio(r),
            p.frontier_year,
            fmt::field_value(Field::Year, j.base_year),
            fmt::sig(j.base_year_flop, 3)
        );
    }
    let mut s = format!(
        "{} is the trend's {:.1}",
        e.text(Output::TotalFlop),
        p.frontier_year
    );
    if let (Some((name, year)), Some(lead)) = (&p.reference, p.lead_years()) {
        if lead >= 0.0 {
            s.push_str(&format!(
                ": a run this size stays above the trend for {} years after {name} ({year:.1})",
                fmt::sig(lead, 2)
            ));
        } else {
            s.push_str(&format!(
                ": the trend passed it {} years before {name} ({year:.1})",
                fmt::sig(-lead, 2)
            ));
        }
    }
    s
}

/// The timeline in words, for screens too low to plot it: where the scenario sits, the newest
/// frontier runs, and the thresholds.
fn summary(e: &Evaluation) -> Vec<Line<'static>> {
    let mut lines = vec![Line::raw(describe(e))];
    let mut frontier: Vec<_> = e
        .milestones
        .iter()
        .filter(|m| m.frontier && m.kind == MilestoneKind::Run)
        .filter_map(|m| Some((m.year?, m)))
        .collect();
    frontier.sort_by(|a, b| b.0.total_cmp(&a.0));
    let newest: Vec<String> = frontier
        .iter()
        .take(4)
        .map(|(y, m)| format!("{} ({y:.1}) {}", m.name, fmt::sci(m.flop, 3)))
        .collect();
    if !newest.is_empty() {
        lines.push(Line::raw(format!(
            "newest frontier runs: {}",
            newest.join(" · ")
        )));
    }
    let thresholds: Vec<String> = e
        .milestones
        .iter()
        .filter(|m| m.kind == MilestoneKind::Threshold)
        .map(|m| {
            format!(
                "{} {} ({})",
                m.name,
                fmt::sci(m.flop, 3),
                fmt::ratio(m.ratio)
            )
        })
        .collect();
    if !thresholds.is_empty() {
        lines.push(Line::raw(format!("thresholds: {}", thresholds.join(" · "))));
    }
    lines
}

/// What the marks mean, the scenario's first (its diamond sits where the trend reaches its FLOP,
/// which reads as a date it is not): whole items while they fit in `width`.
fn legend_line(e: &Evaluation, c: bool, width: usize, theme: &Theme) -> Line<'static> {
    let green = Style::new().fg(color(c, Color::Green));
    let j = &e.projection;
    let mut items: Vec<(&'static str, Style, String)> = Vec::new();
    if j.moved() {
        let year = fmt::field_value(Field::Year, j.year);
        let base = fmt::field_value(Field::Year, j.base_year);
        items.push(("◆", green, format!(" the scenario in {year}")));
        items.push(("◇", green, format!(" the same fleet in {base}")));
        items.push(("⠒⠒", green, " what the years add".into()));
    } else if let Some(p) = &e.placement {
        items.push((
            "◆",
            green,
            " scenario, at the year the trend reaches its FLOP".into(),
        ));
        if let Some((name, year)) = &p.reference {
            items.push((
                "⠒⠒",
                green,
                format!(" from {name} ({year:.1}) to that year"),
            ));
        }
    }
    items.push((
        "⠒⠒",
        Style::new().fg(color(c, Color::Cyan)),
        " trend fit".into(),
    ));
    items.push((
        "⠒⠒",
        Style::new().fg(color(c, Color::Magenta)),
        " thresholds".into(),
    ));
    items.push(("•", theme.value(), " frontier runs".into()));
    let mut spans = Vec::new();
    let mut used = 0;
    for (mark, style, words) in items {
        let w = mark.chars().count() + words.chars().count() + 2;
        if used + w > width {
            break;
        }
        spans.push(ratatui::text::Span::styled(format!(" {mark}"), style));
        spans.push(ratatui::text::Span::styled(
            format!("{words} "),
            theme.dim(),
        ));
        used += w;
    }
    Line::from(spans)
}

fn color(theme_color: bool, c: Color) -> Color {
    if theme_color { c } else { Color::Reset }
}

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let e = &app.evaluation;
    let title = match e.trend {
        Some(t) => format!(
            " Frontier timeline · fit {}×/yr (doubling {} months), R² {:.2}, {} runs · Epoch: {}–{}×/yr · Tab: limits ",
            fmt::sig(t.growth_per_year(), 2),
            fmt::sig(t.doubling_months(), 2),
            t.r2,
            t.n,
            e.epoch_growth.0,
            e.epoch_growth.1
        ),
        None => " Frontier timeline · Tab: limits ".into(),
    };
    let inner = super::text::bordered(buf, area, &title, theme.title(), theme.border());
    if inner.width < 20 || inner.height < 8 {
        // Too low for a readable plot (80×24): the same facts in words.
        if inner.height > 0 {
            Paragraph::new(summary(e))
                .wrap(ratatui::widgets::Wrap { trim: true })
                .render(inner, buf);
        }
        return;
    }
    // Bottom line: where the scenario is; then the year labels; the chart above; y labels left.
    let info = Rect::new(inner.x, inner.bottom() - 1, inner.width, 1);
    let place = &e.placement;
    super::text::line(buf, info, Line::styled(describe(e), theme.scenario()));
    // A legend row above the years where the plot keeps ten rows: what each mark means.
    let legend = inner.height >= 14;
    let below = if legend { 3 } else { 2 };
    if legend {
        let row = Rect::new(inner.x, inner.bottom() - 2, inner.width, 1);
        super::text::line(
            buf,
            row,
            legend_line(e, app.color, row.width as usize, theme),
        );
    }
    let years_row = Rect::new(inner.x + 5, inner.bottom() - below, inner.width - 5, 1);
    let plot = Rect::new(inner.x + 5, inner.y, inner.width - 5, inner.height - below);

    let runs: Vec<(f64, f64, &str, bool)> = e
        .milestones
        .iter()
        .filter(|m| m.kind == MilestoneKind::Run)
        .filter_map(|m| Some((m.year?, m.log10, &*m.name, m.frontier)))
        .collect();
    let total = e.outputs.total_flop.0;
    let s_log = if total > 0.0 && total.is_finite() {
        Some(total.log10())
    } else {
        None
    };
    let (mut x0, mut x1): (f64, f64) = runs
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), r| {
            (a.min(r.0), b.max(r.0))
        });
    let (mut y0, mut y1): (f64, f64) = runs
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), r| {
            (a.min(r.1), b.max(r.1))
        });
    if !x0.is_finite() {
        (x0, x1, y0, y1) = (2020.0, 2026.0, 22.0, 27.0);
    }
    if let (Some(p), Some(l)) = (place, s_log) {
        // Keep the scenario in view unless it lies absurdly far off the data.
        x1 = x1.max(p.frontier_year.min(x1 + 10.0));
        x0 = x0.min(p.frontier_year.max(x0 - 10.0));
        y0 = y0.min(l);
        y1 = y1.max(l);
    }
    // A projected scenario is drawn at its year, beside where it sat at its base year.
    let moved = e.projection.moved() && s_log.is_some();
    let base_log = e.projection.base_year_flop.log10();
    if moved && base_log.is_finite() {
        for x in [e.projection.year, e.projection.base_year] {
            (x0, x1) = (x0.min(x), x1.max(x));
        }
        (y0, y1) = (y0.min(base_log), y1.max(base_log));
    }
    let (x0, x1) = (x0.floor() - 0.3, x1.ceil() + 0.3);
    let (y0, y1) = (y0.floor(), y1.ceil().max(y0.floor() + 1.0));
    let c = app.color;
    let trend = e.trend;
    let thresholds: Vec<(f64, &str)> = e
        .milestones
        .iter()
        .filter(|m| m.kind == MilestoneKind::Threshold)
        .map(|m| (m.log10, &*m.name))
        .collect();
    let mut chart = Plot::new(plot, [x0, x1], [y0, y1]);
    // The trend first: the run labels keep off it.
    if let Some(t) = trend {
        chart.line(
            (x0, t.log10_flop_at(x0)),
            (x1, t.log10_flop_at(x1)),
            color(c, Color::Cyan),
        );
        chart.protect();
    }
    for (y, _) in &thresholds {
        chart.line((x0, *y), (x1, *y), color(c, Color::Magenta));
    }
    let others: Vec<(f64, f64)> = runs.iter().filter(|r| !r.3).map(|r| (r.0, r.1)).collect();
    chart.points(&others, color(c, Color::DarkGray));
    let frontier: Vec<(f64, f64)> = runs.iter().filter(|r| r.3).map(|r| (r.0, r.1)).collect();
    chart.points(&frontier, color(c, Color::Reset));
    chart.layer();
    // Labels that never cover each other, the most important first: the scenario, the
    // thresholds (one label for those at one level), then the frontier runs, newest first.
    if let (true, Some(l)) = (moved, s_log) {
        let green = Style::new().fg(color(c, Color::Green));
        let j = &e.projection;
        chart.line((j.base_year, base_log), (j.year, l), color(c, Color::Green));
        chart.print_clear(
            j.year,
            l,
            Line::styled(
                format!("◆ scenario in {}", fmt::field_value(Field::Year, j.year)),
                green,
            ),
        );
        chart.print_clear(
            j.base_year,
            base_log,
            Line::styled(
                format!("◇ as of {}", fmt::field_value(Field::Year, j.base_year)),
                green,
            ),
        );
    } else if let (Some(p), Some(l)) = (place, s_log) {
        if let Some((_, ry)) = &p.reference {
            chart.line((*ry, l), (p.frontier_year, l), color(c, Color::Green));
        }
        chart.print_clear(
            p.frontier_year.clamp(x0, x1),
            l,
            Line::styled("◆ scenario", Style::new().fg(color(c, Color::Green))),
        );
    }
    if plot.height >= 6 {
        let mut levels: Vec<(f64, Vec<&str>)> = Vec::new();
        for (y, name) in &thresholds {
            match levels.iter_mut().find(|(ly, _)| (ly - y).abs() < 1e-9) {
                Some((_, names)) => names.push(name),
                None => levels.push((*y, vec![name])),
            }
        }
        // Every name where it stays clear of the trend, else the first and a count.
        let magenta = Style::new().fg(color(c, Color::Magenta));
        for (y, names) in levels {
            let mut options = vec![(Anchor::Start, Line::styled(names.join(" · "), magenta))];
            if names.len() > 1 {
                let first = format!("{} +{}", names[0], names.len() - 1);
                options.push((Anchor::Start, Line::styled(first, magenta)));
            }
            chart.print_beside_lines(x0, y, options);
        }
    }
    if plot.height >= 10 {
        let mut frontier: Vec<&(f64, f64, &str, bool)> = runs.iter().filter(|r| r.3).collect();
        frontier.sort_by(|a, b| b.0.total_cmp(&a.0));
        // Right of the run, else left of it: never over the trend line.
        for r in frontier {
            chart.print_beside_lines(
                r.0,
                r.1,
                vec![
                    (Anchor::Start, Line::raw(format!("•{}", r.2))),
                    (Anchor::End, Line::raw(format!("{}•", r.2))),
                ],
            );
        }
    }
    chart.render(buf);
    // Axis labels: decades on the left, years along the bottom.
    let rows = plot.height.max(1) as f64;
    for d in (y0 as i32)..=(y1 as i32) {
        let t = (d as f64 - y0) / (y1 - y0);
        let y = plot.bottom() as f64 - 1.0 - t * (rows - 1.0);
        let y = y.round() as u16;
        if y >= plot.y && y < plot.bottom() {
            super::text::put_str(buf, inner.x, y, &format!("1e{d}"), theme.dim());
        }
    }
    let span = (x1 - x0).max(1.0);
    let step = if span / years_row.width as f64 * 6.0 > 1.0 {
        ((span * 6.0 / years_row.width as f64).ceil()) as i32
    } else {
        1
    };
    let mut year = x0.ceil() as i32;
    while (year as f64) <= x1 {
        let t = (year as f64 - x0) / span;
        let x = years_row.x + (t * (years_row.width - 1) as f64).round() as u16;
        if x + 4 <= years_row.right() {
            super::text::put_str(buf, x, years_row.y, &year.to_string(), theme.dim());
        }
        year += step.max(1);
    }
}
