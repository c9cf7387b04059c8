//! The milestone ruler: known runs and thresholds on a log10 FLOP axis, with the scenario marked,
//! and the milestone table beside it. ratatui's Chart has no log axis, so positions are computed
//! here from log10 values and the decade labels are written by hand.

use super::text;
use super::theme::Theme;
use crate::analysis::evaluation::{Evaluation, MilestoneRow};
use crate::app::{App, pin_letter};
use crate::model::{Output, format as fmt};
use crate::presets::{Milestone, MilestoneKind, Status};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// "(est.)" for numbers that are not reported by the developer.
pub fn est(m: &Milestone) -> &'static str {
    match m.flop.status {
        Status::Reported | Status::Derived | Status::Vendor | Status::PriceList => "",
        _ => " (est.)",
    }
}

/// Decade bounds of the axis: the runs' span, widened to include the scenario.
fn axis_bounds(placed: &[MilestoneRow], total: f64) -> (i32, i32) {
    let logs = placed.iter().map(|p| p.log10);
    let (mut lo, mut hi): (f64, f64) = logs
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), l| {
            (lo.min(l), hi.max(l))
        });
    if !lo.is_finite() {
        lo = 22.0;
        hi = 27.0;
    }
    let s = if total > 0.0 && total.is_finite() {
        total.log10()
    } else {
        lo
    };
    let lo = lo.min(s).floor() as i32;
    let hi = (hi.max(s).ceil() as i32).clamp(lo + 1, lo + MAX_DECADES);
    (lo, hi)
}

/// Bytes of the longest decade label: "1e", a sign and ten digits.
const DECADE_LABEL: usize = 13;

/// "1e24", a decade's label, written into `buf`: the ruler labels every decade on every
/// frame, and a String for each was an allocation.
fn decade_label(d: i32, buf: &mut [u8; DECADE_LABEL]) -> &str {
    let mut at = buf.len();
    let mut n = d.unsigned_abs();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if d < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    at -= 2;
    buf[at..at + 2].copy_from_slice(b"1e");
    // ASCII throughout, so this never falls back.
    std::str::from_utf8(&buf[at..]).unwrap_or("")
}

fn column(area: Rect, lo: i32, hi: i32, log: f64) -> u16 {
    let t = ((log - lo as f64) / (hi - lo) as f64).clamp(0.0, 1.0);
    area.x + (t * (area.width.saturating_sub(1)) as f64).round() as u16
}

/// Places text at `x` (shifted left to fit) if the cells are free; marks them used.
fn place(
    buf: &mut Buffer,
    used: &mut [bool],
    area: Rect,
    x: u16,
    text: &str,
    style: Style,
) -> bool {
    let chars = text.chars().count();
    place_counted(buf, used, area, x, (text, chars), style)
}

/// [`place`] for text whose length in characters is known (a milestone's name).
fn place_counted(
    buf: &mut Buffer,
    used: &mut [bool],
    area: Rect,
    x: u16,
    (text, chars): (&str, usize),
    style: Style,
) -> bool {
    let Ok(w) = u16::try_from(chars) else {
        return false;
    };
    if w == 0 || w > area.width {
        return false;
    }
    // A name keeps a column free before the edge (a word touching it reads as cut); the
    // decade labels may end on it.
    let margin = u16::from(text.ends_with(char::is_alphabetic) && w < area.width);
    let start = x.min(area.right() - w - margin);
    let (a, b) = ((start - area.x) as usize, (start - area.x + w) as usize);
    let lo = a.saturating_sub(1);
    let hi = (b + 1).min(used.len());
    if used[lo..hi].iter().any(|&u| u) {
        return false;
    }
    used[a..b].iter_mut().for_each(|u| *u = true);
    text::put_str(buf, start, area.y, text, style);
    true
}

/// The milestone under a click on the ruler drawn in `area` (its names row or its axis): the
/// one whose tick is nearest the column, within a cell. Uses the geometry `draw_ruler` draws.
pub fn milestone_at(app: &App, area: Rect, col: u16, row: u16) -> Option<usize> {
    let inner = Rect::new(
        area.x + 1,
        area.y + 1,
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    );
    if inner.width < 10 || inner.height == 0 || !inner.contains((col, row).into()) {
        return None;
    }
    // The names row sits above the axis where there are four rows or more.
    let axis_y = inner.y + u16::from(inner.height >= 4);
    if row > axis_y {
        return None;
    }
    let e = &app.evaluation;
    let (lo, hi) = axis_bounds(&e.milestones, e.outputs.total_flop.0);
    let axis = Rect::new(inner.x, axis_y, inner.width, 1);
    e.milestones
        .iter()
        .enumerate()
        .map(|(i, m)| (i, column(axis, lo, hi, m.log10).abs_diff(col)))
        .filter(|&(_, d)| d <= 1)
        .min_by_key(|&(_, d)| d)
        .map(|(i, _)| i)
}

/// Draws the ruler block.
pub fn draw_ruler(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let e = &app.evaluation;
    let all = &e.milestones[..];
    let inner = text::bordered(
        buf,
        area,
        " Milestones · training FLOP, log scale ",
        theme.title(),
        theme.border(),
    );
    if inner.width < 10 || inner.height == 0 {
        return;
    }
    let total = e.outputs.total_flop.0;
    let (lo, hi) = axis_bounds(all, total);
    // Lines, most important first; drawn top to bottom in screen order.
    let h = inner.height;
    let want_names = h >= 4;
    let want_decades = h >= 3;
    let want_detail = h >= 5;
    let mut y = inner.y;
    let mut row = |n: bool| {
        if n {
            let r = Rect::new(inner.x, y, inner.width, 1);
            y += 1;
            Some(r)
        } else {
            None
        }
    };
    let names = row(want_names);
    let axis = row(true).unwrap_or(inner);
    let decades = row(want_decades);
    // Only inside the box: a one-row ruler has no room for it below the axis.
    let summary = row(h >= 2);
    let detail = row(want_detail);

    // Axis line with decade ticks.
    text::fill(buf, axis.x, axis.y, axis.width, '─', theme.dim());
    let per_decade = axis.width as f64 / (hi - lo) as f64;
    let label_every = if per_decade >= 6.0 {
        1
    } else if per_decade >= 3.0 {
        2
    } else {
        5
    };
    let mut decade_used = vec![false; inner.width as usize];
    for d in lo..=hi {
        let x = column(axis, lo, hi, d as f64);
        text::fill(buf, x, axis.y, 1, '┼', theme.dim());
        if let Some(r) = decades
            && (d - lo) % label_every == 0
        {
            let mut label = [0; DECADE_LABEL];
            let text = decade_label(d, &mut label);
            let w = text.len() as u16;
            let start = x.saturating_sub(w / 2).max(r.x);
            place(buf, &mut decade_used, r, start, text, theme.dim());
        }
    }
    // Ticks: runs, then thresholds, then the scenario on top. Each milestone's column is
    // worked out once, for its tick and its name; a tick is one character, written as one
    // (no text to measure or cut).
    let columns: Vec<u16> = all.iter().map(|p| column(axis, lo, hi, p.log10)).collect();
    for (p, &x) in all.iter().zip(&columns) {
        match p.kind {
            MilestoneKind::Run => text::fill(buf, x, axis.y, 1, '•', theme.text()),
            MilestoneKind::Threshold => text::fill(buf, x, axis.y, 1, '┃', theme.threshold()),
        };
    }
    let sx = if total > 0.0 && total.is_finite() {
        Some(column(axis, lo, hi, total.log10()))
    } else {
        None
    };
    // The 5–95 % band of the scenario's FLOP, under its marker.
    if let Some(b) = e.band(Output::TotalFlop)
        && b.p5 > 0.0
        && b.p95.is_finite()
    {
        let (x0, x1) = (
            column(axis, lo, hi, b.p5.log10()),
            column(axis, lo, hi, b.p95.log10()),
        );
        text::fill(
            buf,
            x0,
            axis.y,
            (x1 + 1).saturating_sub(x0),
            '═',
            theme.scenario(),
        );
    }
    // The pinned scenarios of a comparison, under A's marker if they coincide.
    let pins: Vec<(u16, String)> = app
        .lineup
        .iter()
        .flat_map(|l| l.columns.iter().skip(1))
        .enumerate()
        .filter_map(|(i, p)| {
            let c = p.evaluation.outputs.total_flop.0;
            (c > 0.0 && c.is_finite()).then(|| {
                (
                    column(axis, lo, hi, c.log10()),
                    format!("▽ {}", pin_letter(i)),
                )
            })
        })
        .collect();
    for (x, _) in &pins {
        text::fill(buf, *x, axis.y, 1, '◇', theme.accent());
    }
    if let Some(x) = sx {
        text::fill(buf, x, axis.y, 1, '◆', theme.scenario());
    }

    // Names above the ticks, by priority, without overlaps.
    if let Some(r) = names {
        let mut used = vec![false; r.width as usize];
        if let Some(x) = sx {
            let label = if !app.pinned.is_empty() {
                "▼ A"
            } else {
                "▼ scenario"
            };
            place(buf, &mut used, r, x, label, theme.scenario());
        }
        for (x, label) in &pins {
            place(buf, &mut used, r, *x, label, theme.accent());
        }
        // By priority: the neighbours, thresholds, frontier runs (newest first), then the rest
        // (largest first). Each is tried once, where its tick is.
        let n = all.len();
        let thresholds = (0..n).filter(|&i| all[i].kind == MilestoneKind::Threshold);
        let frontier = (0..n).rev().filter(|&i| all[i].frontier);
        let order = e
            .below
            .into_iter()
            .chain(e.above)
            .chain(thresholds)
            .chain(frontier)
            .chain((0..n).rev());
        let mut tried = vec![false; n];
        for i in order {
            if std::mem::replace(&mut tried[i], true) {
                continue;
            }
            let p = &all[i];
            let style = if p.kind == MilestoneKind::Threshold {
                theme.threshold()
            } else {
                theme.text()
            };
            place_counted(
                buf,
                &mut used,
                r,
                columns[i],
                (&p.name, p.name_chars),
                style,
            );
        }
    }

    if let Some(r) = summary {
        text::line(buf, r, summary_line(app, theme));
    }
    if let Some(r) = detail {
        let mut spans = vec![Span::styled("thresholds  ", theme.dim())];
        for p in all.iter().filter(|p| p.kind == MilestoneKind::Threshold) {
            spans.push(Span::styled(fmt::ratio(p.ratio), theme.value()));
            spans.push(Span::styled(
                [" ", &p.name, "   "].concat(),
                theme.threshold(),
            ));
        }
        text::line(buf, r, Line::from(spans));
    }
}

/// "×28.3 Llama 3.1 405B · ×0.22 GPT-4.5 (est.) · matches GPT-4.5 in 393 days".
pub fn summary_line<'a>(app: &App, theme: &Theme) -> Line<'a> {
    let e = &app.evaluation;
    let (below, above) = (e.milestone(e.below), e.milestone(e.above));
    let mut spans: Vec<Span> = Vec::new();
    let sep = || Span::styled(" · ", Style::new());
    let ratio = |spans: &mut Vec<Span<'a>>, p: &MilestoneRow, style: Style| {
        if !spans.is_empty() {
            spans.push(sep());
        }
        spans.push(Span::styled(fmt::ratio(p.ratio), style));
        spans.push(Span::raw(
            [" ", &p.name, est(&app.catalog.milestones[p.index])].concat(),
        ));
    };
    // The anchor run is always a reference, listed next to the run on its side of the scenario
    // so the first ratios read in order.
    let anchor = e
        .milestone(e.anchor)
        .filter(|_| e.anchor != e.below && e.anchor != e.above);
    if below.is_none() && above.is_some() {
        spans.push(Span::styled("below every known run", theme.dim()));
    }
    if let Some(b) = below {
        ratio(&mut spans, b, theme.scenario());
    }
    if let Some(p) = anchor.filter(|p| p.ratio >= 1.0) {
        ratio(&mut spans, p, theme.scenario());
    }
    if let Some(a) = above {
        ratio(&mut spans, a, theme.value());
    }
    if let Some(p) = anchor.filter(|p| p.ratio < 1.0) {
        ratio(&mut spans, p, theme.value());
    }
    match (above, below) {
        (Some(a), _) => {
            spans.push(sep());
            spans.push(Span::raw(
                ["matches ", &a.name, " in ", &fmt::days(a.days_to_match)].concat(),
            ));
        }
        (None, Some(b)) => {
            spans.push(sep());
            spans.push(Span::raw(
                [
                    "above every known run; matches ",
                    &b.name,
                    " in ",
                    &fmt::days(b.days_to_match),
                ]
                .concat(),
            ));
        }
        (None, None) => {}
    }
    Line::from(spans)
}

/// Draws the milestone table: the runs and thresholds the table lists (in its order, after its
/// filter), the scenario's row among them when sorted by FLOP. While browsing (`t`) the selected
/// row is highlighted and kept in view; otherwise the window is centred on the scenario.
pub fn draw_table(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let e: &Evaluation = &app.evaluation;
    let t = &app.table;
    let browsing = matches!(
        app.mode,
        crate::app::Mode::Table | crate::app::Mode::RunDetail(_)
    ) || matches!(&app.mode, crate::app::Mode::Prompt(p)
        if matches!(p.kind, crate::app::PromptKind::Filter { .. }));
    let mut title = format!(
        " Known runs vs this scenario · {} of {} · by {} ",
        t.rows.len(),
        e.milestones.len(),
        t.sort.label()
    );
    if !t.filter.is_empty() {
        title.push_str(&format!("· filter “{}” ", t.filter));
    }
    if !browsing {
        title.push_str("· t browses ");
    }
    let inner = text::bordered(
        buf,
        area,
        &text::fit(&title, area.width.saturating_sub(4) as usize),
        theme.title(),
        if browsing {
            theme.accent()
        } else {
            theme.border()
        },
    );
    if inner.height < 2 || inner.width < 20 {
        return;
    }
    let o = &e.outputs;
    let wide = inner.width >= 100;
    // Names take what the other columns leave, up to the longest name (with the
    // selection and threshold marks and a gap), so a wide screen shows every name whole.
    // Over every run, not the filtered ones, so columns stay put while a filter is typed.
    let longest = app
        .catalog
        .milestones
        .iter()
        .map(|m| text::width(&m.name))
        .max()
        .unwrap_or(0);
    let most = u16::try_from(longest + 4).unwrap_or(u16::MAX).max(26);
    let name_w: u16 = if wide {
        inner.width.saturating_sub(86).clamp(26, most)
    } else {
        // Without the date and hardware columns, names take the rest of the row.
        inner.width.saturating_sub(38).clamp(22, most.max(22))
    };
    let date_w: u16 = if wide { 12 } else { 0 };
    let needs_w = if wide { 16 } else { 14 };
    let header = if wide {
        format!(
            "{:<nw$}{:<12}{:>9}  {:>10}  {:>16}  {}",
            "Run",
            "Date",
            "FLOP",
            "Scenario",
            "Scenario needs",
            "Hardware · status",
            nw = name_w as usize
        )
    } else {
        format!(
            "{:<nw$}{:>9}  {:>10}  {:>14}",
            "Run",
            "FLOP",
            "Scenario",
            "needs",
            nw = name_w as usize
        )
    };
    text::Pen::new(buf, inner).text(&header, theme.dim());
    enum Row<'a> {
        Run(usize, &'a MilestoneRow),
        Scenario,
    }
    let mut rows: Vec<Row> = Vec::with_capacity(t.rows.len() + 1);
    let with_scenario = t.sort == crate::app::RunSort::Flop && t.filter.is_empty();
    let mut inserted = !with_scenario;
    for (pos, &i) in t.rows.iter().enumerate() {
        let p = &e.milestones[i];
        if !inserted && p.flop <= o.total_flop.0 {
            rows.push(Row::Scenario);
            inserted = true;
        }
        rows.push(Row::Run(pos, p));
    }
    if !inserted {
        rows.push(Row::Scenario);
    }
    let visible = (inner.height - 1) as usize;
    let at = if browsing {
        rows.iter()
            .position(|r| matches!(r, Row::Run(pos, _) if *pos == t.selected))
            .unwrap_or(0)
    } else {
        rows.iter()
            .position(|r| matches!(r, Row::Scenario))
            .unwrap_or(0)
    };
    let first = at
        .saturating_sub(visible / 2)
        .min(rows.len().saturating_sub(visible));
    if rows.is_empty() || t.rows.is_empty() {
        text::put(
            buf,
            inner.x,
            inner.y + 1,
            " no run matches the filter · / edits it",
            inner.width as usize,
            theme.dim(),
        );
    }
    for (k, r) in rows.iter().skip(first).take(visible).enumerate() {
        let y = inner.y + 1 + k as u16;
        let mut pen = text::Pen::new(buf, Rect::new(inner.x, y, inner.width, 1));
        match r {
            Row::Scenario => {
                let style = theme.scenario();
                pen.text("◆ this scenario", style)
                    .pad_to(name_w + date_w, style)
                    .right(&Output::TotalFlop.number(Some(o.total_flop.0)), 9, style)
                    .text("  ", style)
                    .right("×1", 10, style)
                    .text("  ", style)
                    .right(&fmt::days(e.inputs.days), needs_w, style);
                if wide {
                    pen.text("  ", style).text(&app.scenario.title, style);
                }
            }
            Row::Run(pos, p) => {
                let m = &app.catalog.milestones[p.index];
                let selected = browsing && *pos == t.selected;
                let style = if selected {
                    theme.focus()
                } else if m.kind == MilestoneKind::Threshold {
                    theme.threshold()
                } else if p.ratio >= 1.0 {
                    theme.dim()
                } else {
                    theme.text()
                };
                let mark = if m.kind == MilestoneKind::Threshold {
                    " ┃"
                } else {
                    ""
                };
                // The selected row is marked, also without colour.
                let mut name_room = usize::from(name_w) - 1;
                if selected {
                    pen.text("▸", style);
                    name_room -= 1;
                }
                // The threshold's mark survives a cut name: it is what marks the row without
                // colour, as the same mark does on the ruler.
                let room = name_room.saturating_sub(mark.chars().count());
                pen.text(&text::fit(&m.name, room), style).text(mark, style);
                pen.pad_to(name_w, style);
                if wide {
                    pen.text(&m.date, style).pad_to(name_w + date_w, style);
                }
                pen.right(&fmt::sci(m.flop.value, 3), 9, style)
                    .text("  ", style)
                    .right(&fmt::ratio(p.ratio), 10, style)
                    .text("  ", style)
                    .right(&fmt::days(p.days_to_match), needs_w, style);
                if wide {
                    pen.text("  ", style);
                    match (&m.accelerator, &m.gpu_count) {
                        (Some(a), Some(n)) => {
                            pen.text(&fmt::count(n.value), style)
                                .text(" × ", style)
                                .text(a, style)
                                .text(" · ", style);
                        }
                        (Some(a), None) => {
                            pen.text(a, style).text(" · ", style);
                        }
                        _ => {}
                    }
                    pen.text(m.flop.status.tag(), style);
                }
                if selected {
                    pen.pad(style);
                }
            }
        }
    }
}

/// Most decades a ruler spans (finite `f64`s span about 600; a readable axis far fewer).
const MAX_DECADES: i32 = 40;

/// The second ruler: who holds the compute. Known fleets in H100-equivalents (dense BF16) on a
/// log axis, with this scenario's fleet marked.
pub fn draw_fleets(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let e = &app.evaluation;
    let mine = e.h100_equivalents;
    let fleets: Vec<(f64, &str)> = e
        .fleets
        .iter()
        .filter_map(|f| Some((f.h100_equivalents?, &*f.name)))
        .filter(|(n, _)| *n > 0.0)
        .collect();
    let title = match e.nearest_fleet.map(|i| &e.fleets[i]) {
        Some(f) => format!(
            " Fleets · H100-equivalents · this one, {}, is {} {} ",
            fmt::count(mine),
            f.ratio.map_or(fmt::NOT_A_NUMBER.to_string(), fmt::ratio),
            f.name
        ),
        None => format!(
            " Fleets · H100-equivalents · this one: {} ",
            fmt::count(mine)
        ),
    };
    let inner = text::bordered(
        buf,
        area,
        &text::fit(&title, area.width.saturating_sub(4) as usize),
        theme.title(),
        theme.border(),
    );
    if inner.width < 10 || inner.height < 2 {
        return;
    }
    let logs = fleets
        .iter()
        .map(|(n, _)| n.log10())
        .chain([mine.log10()])
        .filter(|l| l.is_finite());
    let (lo, hi) = logs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), l| {
        (a.min(l), b.max(l))
    });
    if !lo.is_finite() {
        return;
    }
    // The decade loop below is bounded by the data: cap it so no input can make it long.
    let lo = lo.floor() as i32;
    let hi = (hi.ceil() as i32).clamp(lo + 1, lo + MAX_DECADES);
    let names = Rect::new(inner.x, inner.y, inner.width, 1);
    let axis = Rect::new(inner.x, inner.y + 1, inner.width, 1);
    text::fill(buf, axis.x, axis.y, axis.width, '─', theme.dim());
    let mut used_labels = vec![false; inner.width as usize];
    let labels = (inner.height >= 3).then(|| Rect::new(inner.x, inner.y + 2, inner.width, 1));
    for d in lo..=hi {
        let x = column(axis, lo, hi, d as f64);
        text::fill(buf, x, axis.y, 1, '┼', theme.dim());
        if let Some(r) = labels {
            let text = match d {
                0 => "1".to_string(),
                1 => "10".into(),
                2 => "100".into(),
                3 => "1k".into(),
                4 => "10k".into(),
                5 => "100k".into(),
                6 => "1M".into(),
                7 => "10M".into(),
                8 => "100M".into(),
                d if d < 0 => format!("{}", 10f64.powi(d)),
                d => format!("1e{d}"),
            };
            let w = text.chars().count() as u16;
            place(
                buf,
                &mut used_labels,
                r,
                x.saturating_sub(w / 2).max(r.x),
                &text,
                theme.dim(),
            );
        }
    }
    for (n, _) in &fleets {
        text::put_str(
            buf,
            column(axis, lo, hi, n.log10()),
            axis.y,
            "•",
            theme.text(),
        );
    }
    let sx = column(axis, lo, hi, mine.log10());
    text::fill(buf, sx, axis.y, 1, '◆', theme.scenario());
    let mut used = vec![false; names.width as usize];
    place(buf, &mut used, names, sx, "▼ this fleet", theme.scenario());
    let mut order: Vec<&(f64, &str)> = fleets.iter().collect();
    order.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (n, name) in order {
        let short = name.split([',', '(']).next().unwrap_or(name).trim();
        place(
            buf,
            &mut used,
            names,
            column(axis, lo, hi, n.log10()),
            short,
            theme.text(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decade_labels_read_as_formatted() {
        let mut buf = [0; DECADE_LABEL];
        for d in (-40..=60).chain([i32::MIN, i32::MAX, -1_000_000, 1_000_000]) {
            assert_eq!(decade_label(d, &mut buf), format!("1e{d}"), "{d}");
        }
    }
}
