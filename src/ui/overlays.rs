//! Overlays drawn over the main screen: help, preset picker, preset problems.

use super::layout::{Screen, popup_area};
use super::theme::Theme;
use crate::app::{App, Prompt, PromptKind};
use crate::keys;
use crate::model::{Output, format as fmt};
use crate::presets::Origin;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

/// The help's rows: every key of the main screen from the key table, then the mouse.
fn help_rows() -> Vec<(String, &'static str)> {
    keys::GLOBAL
        .iter()
        .chain(keys::NORMAL)
        .map(|b| (b.label(), b.help))
        .chain([("mouse".to_string(), keys::MOUSE_HELP)])
        .collect()
}

fn frame(buf: &mut Buffer, area: Rect, title: &str, theme: &Theme) -> Rect {
    Clear.render(area, buf);
    let block = Block::bordered()
        .border_style(theme.accent())
        .title(Span::styled(title, theme.title()));
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

pub fn help(buf: &mut Buffer, area: Rect, theme: &Theme) {
    const KEY_W: usize = 16;
    let rows = help_rows();
    let rows = &rows[..];
    const NOTES: [&str; 3] = [
        "Training FLOP = GPUs × share × peak × MFU × days × 86400; compute-optimal N = √(C/120).",
        "The footer says where the focused input's number comes from and how sure it is.",
        "Esc or ? closes this help.",
    ];
    // As big as the content needs, within the screen; two columns when one does not fit.
    let widest = rows
        .iter()
        .map(|(_, w)| w.chars().count())
        .max()
        .unwrap_or(0)
        + KEY_W
        + 3;
    let w = area
        .width
        .saturating_sub(2)
        .min(widest.max(NOTES[0].chars().count() + 3) as u16);
    let one_column = rows.len() as u16 + 2 <= area.height.saturating_sub(2);
    let wanted = if one_column {
        rows.len() + 2 + NOTES.len() + 1
    } else {
        rows.len().div_ceil(2) + 2
    } as u16;
    let h = area.height.saturating_sub(2).min(wanted);
    let popup = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let inner = frame(buf, popup, " Help · keys ", theme);
    let columns = if one_column { 1 } else { 2 };
    let col_w = (inner.width / columns) as usize;
    let key_w = if one_column { KEY_W } else { 11.min(col_w / 2) };
    let per_column = rows.len().div_ceil(columns as usize);
    for (i, (k, what)) in rows.iter().enumerate() {
        let (col, row) = (i / per_column, i % per_column);
        if row as u16 >= inner.height {
            continue;
        }
        let x = inner.x + (col * col_w) as u16;
        let y = inner.y + row as u16;
        buf.set_stringn(
            x,
            y,
            format!(" {}", fmt::clip(k, key_w)),
            key_w + 1,
            theme.key(),
        );
        let room = col_w.saturating_sub(key_w + 2);
        buf.set_stringn(
            x + key_w as u16 + 2,
            y,
            fmt::clip(what, room),
            room,
            theme.text(),
        );
    }
    if one_column {
        for (j, note) in NOTES.iter().enumerate() {
            let y = inner.y + (rows.len() + 1 + j) as u16;
            if y < inner.bottom() {
                buf.set_stringn(
                    inner.x + 1,
                    y,
                    note,
                    inner.width.saturating_sub(1) as usize,
                    theme.dim(),
                );
            }
        }
    }
}

pub fn picker(
    buf: &mut Buffer,
    area: Rect,
    screen: &Screen,
    app: &App,
    selected: usize,
    theme: &Theme,
) {
    let popup = popup_area(area, 90, 80);
    let inner = frame(
        buf,
        popup,
        " Presets · ↑↓ choose · Enter load · Esc close ",
        theme,
    );
    let Some((list, first)) = screen.picker_list else {
        return;
    };
    for (row, (i, e)) in app
        .catalog
        .scenarios
        .iter()
        .enumerate()
        .skip(first)
        .take(list.height as usize)
        .enumerate()
    {
        let y = list.y + row as u16;
        let tag = match e.origin {
            Origin::Embedded => "",
            Origin::User(_) => " [user]",
        };
        let marker = if i == selected { "▸" } else { " " };
        let text = format!("{marker}{}{}", e.scenario.name, tag);
        let style = if i == selected {
            theme.focus()
        } else {
            theme.text()
        };
        buf.set_stringn(
            list.x,
            y,
            format!(
                "{:<w$}",
                fmt::clip(&text, list.width as usize),
                w = list.width as usize
            ),
            list.width as usize,
            style,
        );
    }
    let detail = Rect::new(
        list.right() + 1,
        inner.y,
        inner.right().saturating_sub(list.right() + 2),
        inner.height,
    );
    let Some(e) = app.catalog.scenarios.get(selected) else {
        Paragraph::new("No scenarios loaded.").render(detail, buf);
        return;
    };
    let s = &e.scenario;
    let i = s.inputs();
    let Some(o) = app.preset_outputs.get(selected) else {
        return;
    };
    let card = s
        .accelerator
        .as_deref()
        .and_then(|id| app.catalog.accelerator(id))
        .map_or("custom accelerator".to_string(), |a| a.name.clone());
    let mut lines = vec![
        Line::styled(s.title.clone(), theme.value()),
        Line::raw(s.description.clone()),
        Line::raw(""),
        Line::from(vec![
            Span::styled(format!("{} × {}", fmt::count(i.gpus), card), theme.text()),
            Span::styled(
                format!(
                    " · {} · {} · MFU {}",
                    s.precision.label(),
                    fmt::days(i.days),
                    fmt::percent(i.mfu)
                ),
                theme.dim(),
            ),
        ]),
        Line::from(vec![
            Span::styled(
                Output::TotalFlop.text(Output::TotalFlop.of(o)),
                theme.scenario(),
            ),
            Span::styled(
                format!(
                    " · fleet {} · {}",
                    Output::FleetCost.text(Output::FleetCost.of(o)),
                    Output::Power.text(Output::Power.of(o))
                ),
                theme.dim(),
            ),
        ]),
    ];
    if let Some(n) = &s.note {
        lines.push(Line::raw(""));
        lines.push(Line::styled(n.clone(), theme.dim()));
    }
    if !s.sources.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Sources", theme.title()));
        for src in &s.sources {
            lines.push(Line::styled(format!("· {src}"), theme.dim()));
        }
    }
    if let Origin::User(p) = &e.origin {
        lines.push(Line::raw(""));
        lines.push(Line::styled(format!("from {}", p.display()), theme.dim()));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(detail, buf);
}

pub fn problems(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let popup = popup_area(area, 90, 70);
    let inner = frame(buf, popup, " Preset problems · Esc dismiss ", theme);
    let n = app.catalog.problems.len();
    let mut lines = vec![];
    if n > 0 {
        lines.push(Line::styled(
            format!(
                "{n} preset file{} could not be used; everything else loaded.",
                if n == 1 { "" } else { "s" }
            ),
            theme.warning(),
        ));
        lines.push(Line::raw(""));
        for p in &app.catalog.problems {
            lines.push(Line::raw(format!("· {p}")));
        }
        lines.push(Line::raw(""));
    }
    if !app.catalog.notices.is_empty() {
        lines.push(Line::styled("Notices", theme.title()));
        for p in &app.catalog.notices {
            lines.push(Line::raw(format!("· {p}")));
        }
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(
        "Fix the files and restart; ! shows this list again.",
        theme.dim(),
    ));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

/// "Quit without saving?", with what would be lost.
pub fn confirm_quit(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let inner = prompt_frame(buf, area, " Quit without saving? ", theme);
    let changed: Vec<&str> = crate::model::Field::ALL
        .into_iter()
        .filter(|&f| app.field_modified(f))
        .map(|f| f.short_name())
        .collect();
    let what = if changed.is_empty() {
        "the card or precision".to_string()
    } else {
        changed.join(", ")
    };
    let lines = vec![
        Line::styled(
            format!("{} has unsaved changes: {what}.", app.scenario.title),
            theme.warning(),
        ),
        Line::from(vec![
            Span::styled("y", theme.key()),
            Span::styled(" quits without saving · ", theme.dim()),
            Span::styled("n", theme.key()),
            Span::styled(" stays (s saves)", theme.dim()),
        ]),
    ];
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

/// A small popup for a prompt, a third of the way down.
fn prompt_frame(buf: &mut Buffer, area: Rect, title: &str, theme: &Theme) -> Rect {
    let w = area.width.saturating_sub(4).min(96);
    let popup = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + area.height / 3,
        w,
        6.min(area.height),
    );
    frame(buf, popup, title, theme)
}

/// What a goal can be, and the one rule for numbers: bare is FLOP, `$` is dollars.
const GOAL_HINT: &str = "a FLOP total (1e27; a bare number is FLOP), a multiple of a run \
     (10x llama-3.1-405b) or a budget with $ ($5B: GPUs or price only)";

/// The goal-seek prompt: the target, and the answer in words or why there is none.
pub fn goal(buf: &mut Buffer, area: Rect, p: &Prompt, theme: &Theme) {
    let PromptKind::Goal { field, answer } = &p.kind else {
        return;
    };
    let title = format!(
        " Goal seek for {} · Enter solves, Enter again applies · Esc ",
        field.name()
    );
    let inner = prompt_frame(buf, area, &title, theme);
    let mut lines = vec![Line::from(vec![
        Span::styled("Target: ", theme.dim()),
        Span::styled(format!("{}▏", p.text), theme.accent()),
    ])];
    match (answer, &p.error) {
        (_, Some(e)) => lines.push(Line::styled(format!("✗ {e}"), theme.error())),
        (Some(a), None) if a.text == p.text => {
            lines.push(Line::styled(
                format!("{}: {}", a.solved.target, a.words),
                theme.scenario(),
            ));
            lines.push(Line::styled(
                "Enter applies it · keep typing to change the target",
                theme.dim(),
            ));
        }
        _ => lines.push(Line::styled(GOAL_HINT, theme.dim())),
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

/// The save prompt: a name, where it goes, and what went wrong if it did.
pub fn save(buf: &mut Buffer, area: Rect, app: &App, p: &Prompt, theme: &Theme) {
    let inner = prompt_frame(
        buf,
        area,
        " Save scenario · Enter save · Esc cancel ",
        theme,
    );
    let confirm = matches!(p.kind, PromptKind::Save { confirm: true });
    let label = if confirm { "Replace? (y/n) " } else { "Name: " };
    let mut lines = vec![Line::from(vec![
        Span::styled(label, theme.dim()),
        Span::styled(format!("{}▏", p.text), theme.accent()),
    ])];
    let dir = app
        .save_dir
        .as_ref()
        .map_or("(no preset directory)".to_string(), |d| {
            d.display().to_string()
        });
    if !confirm {
        lines.push(Line::styled(
            format!("→ {dir}/{}.ron", p.text.trim()),
            theme.dim(),
        ));
    }
    if let Some(e) = &p.error {
        lines.push(Line::styled(format!("✗ {e}"), theme.error()));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

/// One known run in detail: what it was, where each number comes from, and what it cost on
/// Epoch AI's methods. Everything comes from the catalog and the evaluation's row.
pub fn run_detail(buf: &mut Buffer, area: Rect, app: &App, i: usize, theme: &Theme) {
    let Some(row) = app.evaluation.milestones.get(i) else {
        return;
    };
    let Some(m) = app.catalog.milestones.get(row.index) else {
        return;
    };
    let popup = popup_area(area, 90, 80);
    let inner = frame(
        buf,
        popup,
        &format!(" {} · ↑↓ next run · Esc back ", m.name),
        theme,
    );
    let dim = theme.dim();
    let sourced = |label: &str, text: String, s: &crate::presets::Sourced| -> Vec<Line<'static>> {
        let mut v = vec![Line::from(vec![
            Span::styled(format!("{label:<15}"), dim),
            Span::styled(text, theme.value()),
            Span::styled(format!("  {}", s.status.tag()), dim),
        ])];
        v.push(Line::styled(format!("{:15}{}", "", s.source), dim));
        if let Some(n) = &s.note {
            v.push(Line::styled(format!("{:15}{n}", ""), dim));
        }
        v
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{} · {}", m.org, m.date), theme.value()),
            Span::styled(
                format!(
                    "   the scenario is {} of it; its run needs {} to match",
                    fmt::ratio(row.ratio),
                    fmt::days(row.days_to_match)
                ),
                theme.scenario(),
            ),
        ]),
        Line::raw(""),
    ];
    if let Some(c) = &row.epoch_cost {
        let year = app
            .catalog
            .epoch_costs
            .as_ref()
            .map_or(String::new(), |e| format!(" ({})", e.usd_year));
        lines.push(Line::styled(
            format!("Cost on Epoch AI's methods{year} · ours / Epoch's published"),
            theme.title(),
        ));
        for (label, ours, theirs) in [
            ("Cloud rental", c.cloud, c.epoch_published[0]),
            ("Acquisition", c.acquisition, c.epoch_published[1]),
            ("Amortized", c.amortized, c.epoch_published[2]),
        ] {
            let show = |v: Option<f64>| v.map_or(fmt::NOT_A_NUMBER.to_string(), fmt::usd);
            lines.push(Line::from(vec![
                Span::styled(format!("{label:<15}"), dim),
                Span::styled(format!("{:>9}", show(ours)), theme.value()),
                Span::styled(format!("  /  {}", show(theirs)), dim),
            ]));
        }
        lines.push(Line::raw(""));
    }
    lines.extend(sourced("Training FLOP", fmt::flop(m.flop.value), &m.flop));
    if let Some(p) = &m.params {
        lines.extend(sourced("Parameters", fmt::count(p.value), p));
    }
    if let Some(t) = &m.tokens {
        lines.extend(sourced("Tokens", fmt::count(t.value), t));
    }
    let card = m
        .accelerator
        .as_deref()
        .and_then(|id| app.catalog.accelerator(id))
        .map_or("hardware not in the catalog".to_string(), |a| {
            a.name.clone()
        });
    lines.push(Line::from(vec![
        Span::styled(format!("{:<15}", "Hardware"), dim),
        Span::styled(card, theme.value()),
    ]));
    if let Some(n) = &m.gpu_count {
        lines.extend(sourced("GPUs", fmt::count(n.value), n));
    }
    if let Some(h) = &m.gpu_hours {
        lines.extend(sourced("GPU-hours", fmt::count(h.value), h));
    }
    if let Some(d) = &m.days {
        lines.extend(sourced("Days", fmt::days(d.value), d));
    }
    if let Some(r) = &m.reported_mfu {
        lines.extend(sourced("MFU", fmt::percent(r.value), r));
    }
    if let Some(u) = crate::evaluation::milestone_implied_utilization(m, &app.catalog) {
        lines.push(Line::from(vec![
            Span::styled(format!("{:<15}", "Implied util."), dim),
            Span::styled(fmt::percent(u), theme.value()),
            Span::styled(
                "  FLOP ÷ (GPU-hours × 3600 × dense peak): a whole-run average",
                dim,
            ),
        ]));
    }
    if let Some(n) = &m.note {
        lines.push(Line::raw(""));
        lines.push(Line::styled(n.clone(), dim));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}
