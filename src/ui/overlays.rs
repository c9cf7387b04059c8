//! Overlays drawn over the main screen: help, preset picker, preset problems.

use super::layout::{Screen, popup_area};
use super::theme::Theme;
use crate::analysis::goal::HINT;
use crate::app::keys;
use crate::app::{App, Prompt, PromptKind};
use crate::model::{Output, format as fmt};
use crate::presets::{Catalog, Origin, Status};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

/// Terms the explorer uses, in a sentence each (the help's glossary).
const GLOSSARY: &[(&str, &str)] = &[
    (
        "MFU",
        "model FLOP utilization: the share of the hardware's dense peak a run turns into model FLOP",
    ),
    (
        "PUE",
        "power usage effectiveness: a data centre's total power ÷ the power of its IT equipment",
    ),
    (
        "run share",
        "the share of the fleet's GPUs that train this run; the rest run experiments or serve",
    ),
    (
        "H100-equivalent",
        "a fleet counted in H100 SXMs by dense BF16 FLOP/s (989 TFLOP/s each)",
    ),
    (
        "D = 20·N",
        "Chinchilla's compute-optimal rule: 20 training tokens per parameter; with C = 6·N·D, \
         N = √(C/120)",
    ),
    (
        "frontier year",
        "the date at which the catalog's fitted trend of frontier runs reaches this run's FLOP",
    ),
    (
        "cost bases",
        "buy GPUs (price × GPUs), buy the cluster (servers and network on Epoch AI's split \
         for the card's family), rent (GPU-hours × rate), amortized (cluster over its life + energy), Epoch \
         amortized (Epoch AI's method: optimal replacement rate + energy)",
    ),
    (
        "goodput",
        "the share of a run's wall-clock time that trains once failures, checkpoints and \
         restarts are paid for. Synchronously the exact renewal model (Daly 2006) at the best \
         checkpoint interval; e^(-restart ÷ time between failures) when nothing rolls back \
         (F: fault-tolerant, in-memory). Useful FLOP = training FLOP × goodput for an in-step \
         MFU; a whole-run MFU already paid for failures",
    ),
    (
        "binding limit",
        "every limit at or past its line (Tab Tab), largest need ÷ limit first: hard caps \
         (power, chips, memory, data, latency) stop the run, soft ones (failures under 50 % \
         goodput, batch, data movement) cost useful compute",
    ),
    (
        "5–95 % band",
        "the middle 90 % of each result as the inputs vary over their ranges (u sets one)",
    ),
];

/// Every key of every mode, from the key tables (the one of `from`, the mode the help was
/// opened in, first), then the mouse, the limits and the glossary, laid out for `width`
/// columns: a meaning too long for one line continues under itself, not under the key. With a
/// `filter`, only the entries that hold it (any case), under their headings.
fn help_lines(
    theme: &Theme,
    width: u16,
    from: &crate::app::Mode,
    filter: &str,
) -> Vec<Line<'static>> {
    let needle = filter.to_lowercase();
    let hit = |texts: &[&str]| {
        needle.is_empty() || texts.iter().any(|t| t.to_lowercase().contains(&needle))
    };
    // Tables are constants (each use its own copy): one is known by its words.
    let first = keys::table(from);
    let is_first = |t: &[keys::Binding]| {
        t.len() == first.len() && t.iter().zip(first).all(|(a, b)| a.help == b.help)
    };
    let sections = keys::SECTIONS
        .iter()
        .filter(|(_, t)| is_first(t))
        .chain(keys::SECTIONS.iter().filter(|(_, t)| !is_first(t)));
    let mut lines = Vec::new();
    // A heading, then its entries: only when one of them shows.
    let section =
        |lines: &mut Vec<Line<'static>>, title: &str, entries: Vec<Vec<Line<'static>>>| {
            if entries.is_empty() {
                return;
            }
            lines.push(Line::styled(title.to_string(), theme.title()));
            lines.extend(entries.into_iter().flatten());
            lines.push(Line::raw(""));
        };
    for (title, table) in sections {
        let entries = table
            .iter()
            .filter(|b| hit(&[&b.label(), b.help, title]))
            .map(|b| {
                let key = Span::styled(format!(" {:<14} ", b.label()), theme.key());
                hanging(key, b.help, theme.text(), width)
            })
            .collect();
        section(&mut lines, title, entries);
    }
    let mouse = Span::styled(format!(" {:<14} ", "mouse"), theme.key());
    let entries = hit(&["mouse", keys::MOUSE_HELP])
        .then(|| hanging(mouse, keys::MOUSE_HELP, theme.text(), width))
        .into_iter()
        .collect();
    section(&mut lines, "Mouse", entries);
    let entries = crate::analysis::limits::Limit::ALL
        .iter()
        .map(|l| l.spec())
        .filter(|spec| hit(&[spec.label, spec.about]))
        .map(|spec| {
            let term = Span::styled(format!(" {:<15} ", spec.label), theme.value());
            hanging(term, spec.about, theme.dim(), width)
        })
        .collect();
    section(
        &mut lines,
        "Limits (Tab Tab): need ÷ limit, the largest binds first",
        entries,
    );
    // Every status the data uses, from the type, so a new one cannot be left out.
    let statuses = <Status as strum::VariantArray>::VARIANTS
        .iter()
        .map(|s| s.glossed())
        .collect::<Vec<_>>()
        .join(", ");
    let entries = GLOSSARY
        .iter()
        .copied()
        .chain([("statuses", statuses.as_str())])
        .filter(|(term, meaning)| hit(&[term, meaning]))
        .map(|(term, meaning)| {
            let term = Span::styled(format!(" {term:<15} "), theme.value());
            hanging(term, meaning, theme.dim(), width)
        })
        .collect();
    section(&mut lines, "Glossary", entries);
    if needle.is_empty() {
        let last = Span::raw("");
        lines.extend(hanging(
            last,
            "Training FLOP = GPUs × share × peak × MFU × days × 86400. The footer says where the \
             focused input's number comes from; i explains it, e explains every result.",
            theme.dim(),
            width,
        ));
    } else if lines.is_empty() {
        lines.push(Line::styled(
            format!("No key or term holds \"{filter}\": / searches again, Esc shows all."),
            theme.warning(),
        ));
    }
    lines
}

/// `head` then `text` word-wrapped to `width`, continuation lines indented to where `text`
/// starts (a word longer than the room left is broken by the paragraph's own wrap).
fn hanging(head: Span<'static>, text: &str, style: Style, width: u16) -> Vec<Line<'static>> {
    let indent = head.width();
    let room = usize::from(width).saturating_sub(indent).max(1);
    let mut rows = Vec::new();
    let mut row = String::new();
    for word in text.split_whitespace() {
        let used = Span::raw(row.as_str()).width();
        if used > 0 && used + 1 + Span::raw(word).width() > room {
            rows.push(std::mem::take(&mut row));
        } else if used > 0 {
            row.push(' ');
        }
        row.push_str(word);
    }
    rows.push(row);
    let mut head = Some(head);
    rows.into_iter()
        .map(|row| {
            let lead = head.take().unwrap_or_else(|| Span::raw(" ".repeat(indent)));
            Line::from(vec![lead, Span::styled(row, style)])
        })
        .collect()
}

fn frame(buf: &mut Buffer, area: Rect, title: &str, theme: &Theme) -> Rect {
    Clear.render(area, buf);
    let inner = super::text::bordered(buf, area, title, theme.title(), theme.accent());
    // A column kept free before the right border: a word never touches it unless it was cut.
    Rect {
        width: inner.width.saturating_sub(1),
        ..inner
    }
}

/// The help: every key of every mode and a glossary, wrapped to the width and scrolled; the
/// search (`/`) on its first line while there is one.
pub fn help(buf: &mut Buffer, area: Rect, app: &App, scroll: u16, theme: &Theme) {
    // All of the screen above the footer (which shows the help's keys), at most 110 wide: no
    // margin for the screen below to show through on small terminals.
    let w = area.width.min(110);
    let h = area.height.saturating_sub(2);
    let popup = Rect::new(area.x + (area.width - w) / 2, area.y, w, h);
    let inner = frame(
        buf,
        popup,
        " Help · ↑↓ PgUp PgDn End scroll · / search · Esc closes ",
        theme,
    );
    let typing = match &app.mode {
        crate::app::Mode::Prompt(p) if matches!(p.kind, PromptKind::HelpSearch { .. }) => Some(p),
        _ => None,
    };
    let body = if typing.is_some() || !app.help_filter.is_empty() {
        let search = match typing {
            Some(p) => super::prompt_text(p, inner.width.saturating_sub(4) as usize),
            None => app.help_filter.clone(),
        };
        super::text::Pen::new(buf, inner)
            .text("/ ", theme.key())
            .text(&search, theme.accent());
        Rect::new(
            inner.x,
            inner.y + 1,
            inner.width,
            inner.height.saturating_sub(1),
        )
    } else {
        inner
    };
    let p = Paragraph::new(help_lines(
        theme,
        body.width,
        app.help_from(),
        &app.help_filter,
    ))
    .wrap(Wrap { trim: false });
    // Stop where the last line shows at the bottom.
    let total = p.line_count(body.width) as u16;
    let top = scroll.min(total.saturating_sub(body.height));
    p.scroll((top, 0)).render(body, buf);
    let below = total.saturating_sub(top + body.height);
    if below > 0 && popup.width > 30 {
        let s = if below == 1 { "" } else { "s" };
        let mark = format!(" ↓ {below} more line{s} · PgDn, End ");
        super::text::put_str(buf, popup.x + 2, popup.bottom() - 1, &mark, theme.dim());
    }
}

/// The largest scroll the help has on a screen of `area` (its last line at the bottom).
pub fn help_max_scroll(area: Rect, app: &App) -> u16 {
    let theme = Theme::new(false);
    let w = area.width.min(110).saturating_sub(3);
    let h = area.height.saturating_sub(4);
    let searching = !app.help_filter.is_empty();
    let h = if searching { h.saturating_sub(1) } else { h };
    let p = Paragraph::new(help_lines(&theme, w, app.help_from(), &app.help_filter))
        .wrap(Wrap { trim: false });
    (p.line_count(w) as u16).saturating_sub(h)
}

/// The notices log: every message of the session, newest first, each whole.
pub fn notices(buf: &mut Buffer, area: Rect, app: &App, scroll: u16, theme: &Theme) {
    let popup = popup_area(area, 90, 80);
    let inner = frame(
        buf,
        popup,
        &format!(
            " Notices · {} · newest first · Esc closes ",
            app.notices.len()
        ),
        theme,
    );
    let mut lines = Vec::new();
    for n in app.notices.iter().rev().skip(usize::from(scroll)) {
        let style = if n.warning {
            theme.warning()
        } else {
            theme.text()
        };
        lines.extend(hanging(
            Span::styled("· ", theme.dim()),
            &n.text,
            style,
            inner.width,
        ));
    }
    Paragraph::new(lines).render(inner, buf);
}

/// What the focused input means, its value's full source, status, range and note.
pub fn info(buf: &mut Buffer, area: Rect, app: &App, field: crate::model::Field, theme: &Theme) {
    let popup = popup_area(area, 80, 70);
    let spec = field.spec();
    let inner = frame(
        buf,
        popup,
        &format!(" {} · i or Esc closes ", spec.label),
        theme,
    );
    let dim = theme.dim();
    let row = |label: &str, text: String, style| {
        Line::from(vec![
            Span::styled(format!("{label:<12}"), dim),
            Span::styled(text, style),
        ])
    };
    let mut lines = vec![
        Line::styled(spec.about.to_string(), theme.text()),
        Line::raw(""),
    ];
    let value = app.inputs().get(field);
    let missing = app.evaluation.missing.contains(&field);
    lines.push(row(
        "Value",
        match value {
            Some(_) if missing => "not sourced for this card".to_string(),
            Some(v) => fmt::field_value(field, v),
            None => "not set".to_string(),
        },
        theme.value(),
    ));
    if let Some(s) = app.scenario.sourced(field) {
        lines.push(row("Status", s.status.tag().to_string(), theme.text()));
        lines.push(row("Source", s.source.to_string(), theme.text()));
        if let (Some(lo), Some(hi)) = (s.low, s.high) {
            lines.push(row(
                "Range",
                format!(
                    "{} – {} (the 5–95 % bands sample it)",
                    fmt::field_value(field, lo),
                    fmt::field_value(field, hi)
                ),
                theme.text(),
            ));
        }
        if let Some(n) = &s.note {
            lines.push(row("Note", n.to_string(), dim));
        }
        if s.status == crate::presets::Status::UserSet
            && let Some(was) = app.loaded.sourced(field)
        {
            lines.push(row(
                "Preset",
                format!(
                    "{} ({}: {})",
                    fmt::field_value(field, was.value),
                    was.status.tag(),
                    was.source
                ),
                dim,
            ));
        }
    }
    lines.push(row(
        "Valid",
        format!("{} · e.g. {}", field.range_text(), spec.forms),
        dim,
    ));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
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
        " Presets and known runs · ↑↓ choose · Enter load · / search · Esc close ",
        theme,
    );
    let Some((list, first)) = screen.picker_list else {
        return;
    };
    // The search line: what is typed (with the cursor while typing) and how many match.
    let searching = match &app.mode {
        crate::app::Mode::Prompt(p) if matches!(p.kind, PromptKind::PickerFilter { .. }) => {
            Some(super::prompt_text(p, 30))
        }
        _ => None,
    };
    let search = match (&searching, app.picker.filter.is_empty()) {
        (Some(t), _) => format!(" / {t}"),
        (None, true) => format!(
            " {} presets, {} runs · / searches",
            app.catalog.scenarios.len(),
            app.picker.runs.len()
        ),
        (None, false) => format!(" / {}", app.picker.filter),
    };
    let matches = format!(
        "  {} of {}",
        app.picker.rows.len(),
        app.catalog.scenarios.len() + app.picker.runs.len()
    );
    super::text::Pen::new(buf, Rect::new(inner.x, inner.y, list.width, 1))
        .text(
            &super::text::fit(&search, list.width as usize),
            theme.accent(),
        )
        .text(
            if app.picker.filter.is_empty() && searching.is_none() {
                ""
            } else {
                &matches
            },
            theme.dim(),
        );
    let presets = app.catalog.scenarios.len();
    for (row, &i) in app
        .picker
        .rows
        .iter()
        .skip(first)
        .take(list.height as usize)
        .enumerate()
    {
        let y = list.y + row as u16;
        let text = match app.catalog.scenarios.get(i) {
            Some(e) => {
                let tag = match e.origin {
                    Origin::Embedded => "",
                    Origin::User(_) => " [user]",
                };
                format!("{}{tag}", e.scenario.name)
            }
            None => match app.picker.runs.get(i - presets) {
                Some(&m) => format!("run: {}", app.catalog.milestones[m].id),
                None => continue,
            },
        };
        let marker = if i == selected { "▸" } else { " " };
        let text = format!("{marker}{text}");
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
                super::text::fit(&text, list.width as usize),
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
    if !app.picker.rows.contains(&selected) {
        Paragraph::new("No preset or run matches the search.").render(detail, buf);
        return;
    }
    // A preset, or a known run's record as a scenario.
    let (s, o, origin) = match app.catalog.scenarios.get(selected) {
        Some(e) => match app.preset_outputs.get(selected) {
            Some(o) => (&e.scenario, o, Some(&e.origin)),
            None => return,
        },
        None => match &app.picker.preview {
            Some(r) => (&r.scenario, &r.outputs, None),
            None => return,
        },
    };
    let i = s.inputs();
    let card = s
        .accelerator
        .as_deref()
        .and_then(|id| app.catalog.accelerator(id))
        .map_or("custom accelerator".to_string(), |a| a.name.to_string());
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
            Span::styled(o.text(Output::TotalFlop), theme.scenario()),
            Span::styled(
                format!(
                    " · fleet {} · {}",
                    o.text(Output::FleetCost),
                    o.text(Output::Power)
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
    if origin.is_none() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "a known run's record as a scenario (as L in the known runs): Enter loads it",
            theme.dim(),
        ));
    }
    if let Some(Origin::User(p)) = origin {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("your preset, from {} · d deletes · n renames", p.display()),
            theme.dim(),
        ));
    }
    // PgUp/PgDn scroll the pane, to its end at most.
    let p = Paragraph::new(lines).wrap(Wrap { trim: true });
    let total = p.line_count(detail.width) as u16;
    let top = app.picker.scroll.min(total.saturating_sub(detail.height));
    p.scroll((top, 0)).render(detail, buf);
}

/// "Delete your preset?", naming the file and what comes back.
pub fn confirm_delete(buf: &mut Buffer, area: Rect, app: &App, i: usize, theme: &Theme) {
    let Some(e) = app.catalog.scenarios.get(i) else {
        return;
    };
    let inner = prompt_frame(buf, area, " Delete your preset? ", theme);
    let path = match &e.origin {
        Origin::User(p) => p.display().to_string(),
        Origin::Embedded => String::new(),
    };
    let builtin = Catalog::builtin_scenario(&e.scenario.name).is_some();
    let lines = vec![
        Line::styled(format!("{path} will be deleted."), theme.warning()),
        Line::styled(
            if builtin {
                "The built-in preset of the same name comes back."
            } else {
                "There is no built-in preset of that name."
            },
            theme.dim(),
        ),
        Line::from(vec![
            Span::styled("y", theme.key()),
            Span::styled(" deletes · ", theme.dim()),
            Span::styled("n", theme.key()),
            Span::styled(" keeps it", theme.dim()),
        ]),
    ];
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
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
/// The edits that would be lost, in words.
fn unsaved(app: &App) -> String {
    let changed: Vec<&str> = crate::model::Field::ALL
        .into_iter()
        .filter(|&f| app.field_modified(f))
        .map(|f| f.short_name())
        .collect();
    if changed.is_empty() {
        "the card or precision".to_string()
    } else {
        changed.join(", ")
    }
}

/// "Load … over unsaved changes?": `p` or `L` while the scenario has edits.
pub fn confirm_load(
    buf: &mut Buffer,
    area: Rect,
    app: &App,
    pending: crate::app::Pending,
    theme: &Theme,
) {
    let what = match pending {
        crate::app::Pending::Picker(i) => app
            .catalog
            .scenarios
            .get(i)
            .map(|e| e.scenario.title.clone())
            .or_else(|| {
                app.picker
                    .runs
                    .get(i.saturating_sub(app.catalog.scenarios.len()))
                    .and_then(|&m| app.catalog.milestones.get(m))
                    .map(|m| format!("the run {}", m.name))
            }),
        crate::app::Pending::Run(i) => app
            .evaluation
            .milestones
            .get(i)
            .and_then(|r| app.catalog.milestones.get(r.index))
            .map(|m| m.name.to_string()),
    }
    .unwrap_or_default();
    let inner = prompt_frame(buf, area, " Load over unsaved changes? ", theme);
    let lines = vec![
        Line::styled(
            format!(
                "{} has unsaved changes: {}.",
                app.scenario.title,
                unsaved(app)
            ),
            theme.warning(),
        ),
        Line::from(vec![
            Span::styled("y", theme.key()),
            Span::styled(format!(" loads {what} (z undoes it) · "), theme.dim()),
            Span::styled("n", theme.key()),
            Span::styled(" keeps the changes (s saves)", theme.dim()),
        ]),
    ];
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

pub fn confirm_quit(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let inner = prompt_frame(buf, area, " Quit without saving? ", theme);
    let what = unsaved(app);
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
    prompt_frame_lines(buf, area, title, 4, theme)
}

/// A prompt's popup with room for `lines` inside where the screen has it (at least four), a
/// third of the way down or higher to fit.
fn prompt_frame_lines(
    buf: &mut Buffer,
    area: Rect,
    title: &str,
    lines: u16,
    theme: &Theme,
) -> Rect {
    let w = area.width.saturating_sub(4).min(96);
    let h = (lines.max(4) + 2).min(area.height);
    let top = (area.height / 3).min(area.height - h);
    let popup = Rect::new(area.x + (area.width - w) / 2, area.y + top, w, h);
    frame(buf, popup, title, theme)
}

/// The goal-seek prompt: the target, and the answer in words or why there is none.
pub fn goal(buf: &mut Buffer, area: Rect, p: &Prompt, theme: &Theme) {
    let PromptKind::Goal { field, answer } = &p.kind else {
        return;
    };
    let title = format!(
        " Goal seek for {} · Enter solves, Enter again applies · Esc ",
        field.name()
    );
    // Tall enough for the help's every line where the screen allows; a cut keeps an ellipsis.
    // The popup's inside: its width less the borders and the column `frame` keeps free.
    let width = area.width.saturating_sub(4).min(96).saturating_sub(3) as usize;
    let hint = super::text::wrap(HINT, width);
    let answered = p.error.is_some() || answer.as_ref().is_some_and(|a| a.text == p.text);
    let tall = if answered { 0 } else { 1 + hint.len() as u16 };
    let inner = prompt_frame_lines(buf, area, &title, tall, theme);
    let mut lines = vec![Line::from(vec![
        Span::styled("Target: ", theme.dim()),
        Span::styled(
            super::prompt_text(p, inner.width.saturating_sub(9) as usize),
            theme.accent(),
        ),
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
        _ => {
            let room = usize::from(inner.height).saturating_sub(1);
            let shown = hint.len().min(room);
            for (k, l) in hint.iter().take(shown).enumerate() {
                let l = if k + 1 == shown && shown < hint.len() {
                    super::text::cut(l, width)
                } else {
                    l.clone()
                };
                lines.push(Line::styled(l, theme.dim()));
            }
        }
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

/// The save prompt: a name, where it goes, and what went wrong if it did.
pub fn save(buf: &mut Buffer, area: Rect, app: &App, p: &Prompt, theme: &Theme) {
    let title = if matches!(p.kind, PromptKind::Rename(_)) {
        " Rename your preset · Enter rename · Esc cancel "
    } else {
        " Save scenario · Enter save · Esc cancel "
    };
    let inner = prompt_frame(buf, area, title, theme);
    let confirm = matches!(p.kind, PromptKind::Save { confirm: true });
    let label = if confirm { "Replace? (y/n) " } else { "Name: " };
    let mut lines = vec![Line::from(vec![
        Span::styled(label, theme.dim()),
        Span::styled(
            super::prompt_text(p, inner.width.saturating_sub(16) as usize),
            theme.accent(),
        ),
    ])];
    let dir = app
        .save_dir
        .as_ref()
        .map_or("(no preset directory)".to_string(), |d| {
            d.display().to_string()
        });
    // The reason comes first, right under the name, and the path takes one line: a long name
    // must not push the reason out of the box.
    if let Some(e) = &p.error {
        lines.push(Line::styled(format!("✗ {e}"), theme.error()));
    }
    // The name is checked as it is typed: a name the save would refuse shows why, not a path.
    let refused = match (&app.save_dir, &p.error) {
        (Some(d), None) => crate::presets::save::path_for(d, p.text.trim()).err(),
        _ => None,
    };
    if let Some(e) = refused {
        lines.push(Line::styled(format!("✗ {e}"), theme.error()));
    } else if !confirm {
        lines.push(Line::styled(
            super::text::fit(
                &format!("→ {dir}/{}.ron", p.text.trim()),
                inner.width as usize,
            )
            .into_owned(),
            theme.dim(),
        ));
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
    if let Some(c) = app.run_costs.get(row.index).copied().flatten() {
        let year = app
            .catalog
            .epoch_costs()
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
            a.name.to_string()
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
    if let Some(u) = crate::analysis::evaluation::milestone_implied_utilization(m, &app.catalog) {
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
        lines.push(Line::styled(n.to_string(), dim));
    }
    let text = Paragraph::new(lines).wrap(Wrap { trim: false });
    // Rows the wrapped text takes, to stop the scroll at its end and say when some are below.
    let total = text.line_count(inner.width);
    let scroll = app
        .table
        .detail_scroll
        .min(total.saturating_sub(usize::from(inner.height)) as u16);
    text.scroll((scroll, 0)).render(inner, buf);
    let below = total.saturating_sub(usize::from(scroll) + usize::from(inner.height));
    if below > 0 && popup.width > 24 {
        let mark = format!(" ↓ {below} more lines · PgDn ");
        super::text::put_str(buf, popup.x + 2, popup.bottom() - 1, &mark, theme.dim());
    }
}

/// The tornado: each input's swing of one output, bars left and right of the scenario's value,
/// the ends of each input beside its bar; the Monte Carlo's variance shares below.
pub fn tornado(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let Some(t) = &app.tornado else {
        return;
    };
    let o = t.output;
    let popup = popup_area(area, 94, 80);
    let inner = frame(
        buf,
        popup,
        &format!(
            " What matters for {} ({}) · ←→ another output · Esc ",
            o.spec().label,
            o.text(Some(t.value))
        ),
        theme,
    );
    if inner.height < 3 || inner.width < 40 {
        return;
    }
    let name_w = 14usize;
    let end_w = ((inner.width as usize).saturating_sub(name_w + 3) / 4).min(22);
    let bar_w = (inner.width as usize).saturating_sub(name_w + 2 * end_w + 3);
    let half = bar_w / 2;
    let widest = t
        .swings
        .iter()
        .flat_map(|w| {
            [
                (w.output_at_low - t.value).abs(),
                (w.output_at_high - t.value).abs(),
            ]
        })
        .fold(0.0f64, f64::max);
    let cells = |d: f64| -> usize {
        if widest > 0.0 {
            ((d.abs() / widest) * half as f64).round() as usize
        } else {
            0
        }
    };
    let mut y = inner.y;
    let header = format!(
        " {:<name_w$}{:>end_w$} {:^bar_w$} {:<end_w$}",
        "input", "low end", "output: lower ← │ → higher", "high end"
    );
    super::text::put(buf, inner.x, y, &header, inner.width as usize, theme.dim());
    y += 1;
    for w in &t.swings {
        if y >= inner.bottom().saturating_sub(1) {
            break;
        }
        // The end that lowers the output goes left.
        let (down_end, down_out, up_end, up_out) = if w.output_at_low <= w.output_at_high {
            (w.low, w.output_at_low, w.high, w.output_at_high)
        } else {
            (w.high, w.output_at_high, w.low, w.output_at_low)
        };
        let left = cells(down_out - t.value).min(half);
        let right = cells(up_out - t.value).min(half);
        // The output at each end of the bar: beside its tip where the blank side has room,
        // else over the bar's outer end.
        let mut bar: Vec<char> = std::iter::repeat_n(' ', half - left)
            .chain(std::iter::repeat_n('█', left))
            .chain(['│'])
            .chain(std::iter::repeat_n('█', right))
            .chain(std::iter::repeat_n(' ', half - right))
            .collect();
        let down: Vec<char> = format!("{} ", o.number(Some(down_out))).chars().collect();
        let up: Vec<char> = format!(" {}", o.number(Some(up_out))).chars().collect();
        if down.len() <= half {
            let at = (half - left).saturating_sub(down.len());
            bar[at..at + down.len()].copy_from_slice(&down);
        }
        if up.len() <= half {
            let at = (half + 1 + right).min(bar.len() - up.len());
            bar[at..at + up.len()].copy_from_slice(&up);
        }
        let bar: String = bar.into_iter().collect();
        let end = |v: f64| super::text::fit(&fmt::field_value(w.input, v), end_w).into_owned();
        let mark = if w.from_range { "" } else { "±" };
        let label = super::text::fit(&format!("{}{mark}", w.input.name()), name_w - 1).into_owned();
        let line = Line::from(vec![
            Span::styled(format!(" {label:<name_w$}"), theme.text()),
            Span::styled(format!("{:>end_w$} ", end(down_end)), theme.dim()),
            Span::styled(bar, theme.accent()),
            Span::styled(format!(" {:<end_w$}", end(up_end)), theme.dim()),
        ]);
        super::text::line(buf, Rect::new(inner.x, y, inner.width, 1), line);
        y += 1;
    }
    let foot = if t.shares.is_empty() {
        "± marks inputs without a range, moved 20 % either way; u gives an input a range"
            .to_string()
    } else {
        let shares: Vec<String> = t
            .shares
            .iter()
            .filter(|(_, v)| *v >= 0.005)
            .map(|(f, v)| format!("{} {}", f.short_name(), fmt::percent(*v)))
            .collect();
        format!(
            "Monte Carlo variance shares: {} · ± = no range, moved 20 %",
            shares.join(", ")
        )
    };
    super::text::put(
        buf,
        inner.x,
        inner.bottom() - 1,
        &format!(" {foot}"),
        inner.width as usize,
        theme.dim(),
    );
}

/// Every card on this run (`C`): the GPUs each needs for the run's FLOP in its days, the cost
/// on the basis shown, the power and the price the cost rests on, cheapest first. The same
/// rows and words as `agi-compute cards --target-flop`.
pub fn cards(buf: &mut Buffer, area: Rect, app: &App, top: u16, theme: &Theme) {
    let Some(c) = &app.cards else {
        return;
    };
    let popup = popup_area(area, 96, 84);
    let title = format!(
        " Every card on {} in {} · cost: {} · Enter uses one · $ basis · Esc ",
        fmt::flop(c.flop),
        fmt::days(c.days),
        c.basis.word()
    );
    let inner = frame(buf, popup, &title, theme);
    if inner.height < 3 || inner.width < 40 {
        return;
    }
    let w = inner.width as usize;
    let wide = w >= 100;
    let header = if wide {
        format!(
            " {:<26}{:>5} {:>9}{:>10}{:>10}{:>10}  {}",
            "card", "peak", "TFLOP/s", "GPUs", "cost", "power", "price (status)"
        )
    } else {
        format!(
            " {:<16}{:>9}{:>9}{:>9}  {}",
            "card", "GPUs", "cost", "power", "price"
        )
    };
    super::text::put(buf, inner.x, inner.y, &header, w, theme.dim());
    let room = inner.height as usize - 2;
    // The selected row stays in view.
    let selected = usize::from(top);
    let first = (selected + 1).saturating_sub(room.max(1));
    for (k, r) in c.rows.iter().skip(first).take(room).enumerate() {
        let line = if wide {
            format!(
                " {:<26}{:>5} {:>9}{:>10}{:>10}{:>10}  {}{}",
                super::text::fit(&r.name, 25),
                r.peak_label,
                r.peak_text(),
                fmt::count(r.gpus),
                r.cost_text(),
                r.power_text(),
                r.price_text(),
                r.note.as_ref().map_or(String::new(), |n| format!(" · {n}"))
            )
        } else {
            format!(
                " {:<16}{:>9}{:>9}{:>9}  {}",
                super::text::fit(&r.id, 15),
                fmt::count(r.gpus),
                r.cost_text(),
                r.power_text(),
                r.price_text()
            )
        };
        let style = if first + k == selected {
            theme.focus()
        } else if r.cost.is_some() {
            theme.text()
        } else {
            theme.dim()
        };
        let line = if first + k == selected {
            format!("▸{}", &line[1..])
        } else {
            line
        };
        let y = inner.y + 1 + k as u16;
        super::text::put(buf, inner.x, y, &super::text::fit(&line, w), w, style);
    }
    let below = c.rows.len().saturating_sub(first + room);
    let note = if below > 0 {
        format!(" ↓ {below} more · a card without a sourced price has no cost")
    } else {
        " a card without a sourced price has no cost, never another card's".to_string()
    };
    super::text::put(buf, inner.x, inner.bottom() - 1, &note, w, theme.dim());
}
