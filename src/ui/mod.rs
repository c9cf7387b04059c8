//! Drawing: `&App` in, cells out. No state changes here, no clock, no environment, and no
//! results worked out: every number comes from `app.evaluation` (or the catalog) and is only
//! formatted here.
//!
//! Most text goes through [`text`], a fast path that stores plain cells directly and tells
//! ratatui's diff their width. Its one safety rule: wherever ratatui itself writes text that may
//! be wide (user preset names, titles), the cells it writes over must have that given width
//! cleared — `text::line`, `text::put` and `Pen` do so (`unforce`), and a test draws every
//! screen and overlay with wide names to check it. Draw new panels with plain ratatui widgets
//! or with these helpers; never write a cell by hand next to wide text.

mod compare;
mod explain;
mod feasibility;
pub mod layout;
mod limits;
mod overlays;
pub mod picture;
mod plot;
mod results;
pub(crate) mod ruler;
pub(crate) mod text;
mod theme;
mod timeline;

use crate::app::keys;
use crate::app::{App, Mode, Prompt, PromptKind, View, slider};
use crate::model::{Field, format as fmt};
use layout::{Screen, SliderRow, layout};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use theme::Theme;

/// Draws the whole screen for `app`.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    render(area, frame.buffer_mut(), app);
}

/// Renders into a buffer; used by [`draw`] and by tests and benchmarks.
pub fn render(area: Rect, buf: &mut Buffer, app: &App) {
    let theme = Theme::new(app.color);
    let screen = layout(area, app);
    if screen.too_small {
        too_small(area, buf, &theme);
        return;
    }
    title(buf, screen.title, app, &theme);
    inputs(buf, &screen, app, &theme);
    results::draw(buf, screen.results, app, &theme);
    let browsing = screen.ruler.height == 0;
    match app.view {
        _ if browsing => {
            if let Some(t) = screen.table {
                ruler::draw_table(buf, t, app, &theme);
            }
        }
        View::Ruler => {
            ruler::draw_ruler(buf, screen.ruler, app, &theme);
            if let Some(f) = screen.fleets {
                ruler::draw_fleets(buf, f, app, &theme);
            }
            if let Some(t) = screen.table {
                ruler::draw_table(buf, t, app, &theme);
            }
        }
        View::Timeline => {
            let lower = screen.table.map_or(screen.ruler, |t| screen.ruler.union(t));
            timeline::draw(buf, lower, app, &theme);
        }
        View::Limits => {
            let lower = screen.table.map_or(screen.ruler, |t| screen.ruler.union(t));
            limits::draw(buf, lower, app, &theme);
        }
        View::Feasibility => {
            let lower = screen.table.map_or(screen.ruler, |t| screen.ruler.union(t));
            feasibility::draw(buf, lower, app, &theme);
        }
    }
    footer(buf, screen.footer, app, &theme);
    match &app.mode {
        Mode::Help(scroll) => overlays::help(buf, area, app, *scroll, &theme),
        Mode::Notices(scroll) => overlays::notices(buf, area, app, *scroll, &theme),
        Mode::Explain(at) => explain::draw(buf, area, app, *at, &theme),
        Mode::Info(f) => overlays::info(buf, area, app, *f, &theme),
        Mode::Picker { selected }
        | Mode::Prompt(Prompt {
            kind: PromptKind::PickerFilter { selected, .. },
            ..
        }) => overlays::picker(buf, area, &screen, app, *selected, &theme),
        Mode::ConfirmDelete(i) => {
            overlays::picker(buf, area, &screen, app, *i, &theme);
            overlays::confirm_delete(buf, area, app, *i, &theme);
        }
        Mode::Problems => overlays::problems(buf, area, app, &theme),
        Mode::ConfirmQuit => overlays::confirm_quit(buf, area, app, &theme),
        Mode::ConfirmLoad(p) => overlays::confirm_load(buf, area, app, *p, &theme),
        Mode::RunDetail(i) => overlays::run_detail(buf, area, app, *i, &theme),
        Mode::Tornado => overlays::tornado(buf, area, app, &theme),
        Mode::Cards(top) => overlays::cards(buf, area, app, *top, &theme),
        Mode::Table => {}
        Mode::Prompt(p) => match p.kind {
            PromptKind::Save { .. } => overlays::save(buf, area, app, p, &theme),
            PromptKind::Goal { .. } => overlays::goal(buf, area, p, &theme),
            PromptKind::Rename(_) => overlays::save(buf, area, app, p, &theme),
            PromptKind::HelpSearch { .. } => overlays::help(buf, area, app, 0, &theme),
            PromptKind::Value(_)
            | PromptKind::Range(_)
            | PromptKind::Filter { .. }
            | PromptKind::PickerFilter { .. } => {}
        },
        Mode::Normal => {}
    }
}

/// The largest scroll of the help on a screen of `area`: the input layer keeps the wheel and
/// the keys from scrolling past its end.
pub fn help_max_scroll(area: Rect, app: &App) -> u16 {
    overlays::help_max_scroll(area, app)
}

/// What a click at (`col`, `row`) on the main screen opens an explanation of: a result row, or a
/// limit row of the Limits view.
pub fn topic_at(app: &App, screen: &Screen, col: u16, row: u16) -> Option<crate::app::Topic> {
    let at = ratatui::layout::Position::new(col, row);
    if screen.results.contains(at) {
        return results::topic_at(app, screen.results, row);
    }
    let lower = screen.table.map_or(screen.ruler, |t| screen.ruler.union(t));
    if app.view == View::Limits && lower.contains(at) {
        return limits::topic_at(app, lower, row);
    }
    None
}

/// A prompt's text with the cursor (▏) where it is, scrolled so the cursor stays within
/// `room` columns: long input scrolls inside its box.
pub(crate) fn prompt_text(p: &Prompt, room: usize) -> String {
    let chars: Vec<char> = p.text.chars().collect();
    let room = room.max(2);
    // Room for the text and the cursor mark.
    let start = (p.cursor + 1).saturating_sub(room);
    let end = (start + room - 1).min(chars.len());
    let mut out: String = chars[start..p.cursor.min(end).max(start)].iter().collect();
    out.push('▏');
    out.extend(&chars[p.cursor.clamp(start, end)..end]);
    out
}

fn too_small(area: Rect, buf: &mut Buffer, theme: &Theme) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let lines = vec![
        Line::styled("agi-compute needs a bigger terminal", theme.warning()),
        Line::raw(format!(
            "at least {}×{}; this one is {}×{}",
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT,
            area.width,
            area.height
        )),
        Line::styled("q quits", theme.dim()),
    ];
    let h = (lines.len() as u16).min(area.height);
    let y = area.y + (area.height - h) / 2;
    Paragraph::new(lines)
        .centered()
        .wrap(Wrap { trim: true })
        .render(
            Rect::new(area.x, y, area.width, area.height - (y - area.y)),
            buf,
        );
}

fn title(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let mut left = vec![
        Span::styled(" agi-compute", theme.title()),
        Span::styled(" · ", theme.dim()),
        Span::styled(app.scenario.title.clone(), theme.value()),
    ];
    // The user's own copy of a preset says so, beside the title it kept.
    if let Some(crate::presets::ScenarioEntry {
        origin: crate::presets::Origin::User(_),
        ..
    }) = app.catalog.scenario(&app.loaded.name)
    {
        left.push(Span::styled(" [yours]", theme.dim()));
    }
    if app.modified() {
        left.push(Span::styled(" (modified)", theme.modified()));
    }
    let left = Line::from(left);
    let left_w = left.width() as u16;
    text::line(buf, area, left);
    let card = app
        .accelerator()
        .map(|a| a.name.clone())
        .unwrap_or_else(|| "custom accelerator".into());
    let p = &app.evaluation.projection;
    let right = if p.year == p.base_year {
        format!("{} · {} dense ", card, app.evaluation.peak_label)
    } else {
        format!(
            "{} projected to {:.0} · {} dense ",
            card, p.year, app.evaluation.peak_label
        )
    };
    let w = right.chars().count() as u16;
    if left_w + w + 2 <= area.width {
        text::put_str(buf, area.right() - w, area.y, &right, theme.dim());
    }
}

fn inputs(buf: &mut Buffer, screen: &Screen, app: &App, theme: &Theme) {
    text::bordered(
        buf,
        screen.inputs,
        " Inputs ",
        theme.title(),
        theme.border(),
    );
    let values = app.inputs();
    for r in &screen.rows {
        slider_row(buf, r, app, values.get(r.field), theme);
    }
    // Say how many inputs are scrolled out of view, on the border they are beyond.
    let (above, below) = screen.inputs_hidden;
    let area = screen.inputs;
    for (n, arrow, y) in [(above, '↑', area.y), (below, '↓', area.bottom() - 1)] {
        if n > 0 {
            let mark = format!(" {arrow} {n} more ");
            let w = mark.chars().count() as u16;
            if w + 12 < area.width {
                text::put_str(buf, area.right() - w - 1, y, &mark, theme.dim());
            }
        }
    }
}

/// The year's card's value of `f` (peak or watts) and the year, while the scenario is projected
/// away from its base year.
fn year_card_value(app: &App, f: Field) -> Option<(f64, f64)> {
    let p = &app.evaluation.projection;
    if p.year == p.base_year {
        return None;
    }
    match f {
        Field::Tflops => Some((p.peak_tflops, p.year)),
        Field::Watts => Some((p.watts, p.year)),
        _ => None,
    }
}

fn slider_row(buf: &mut Buffer, r: &SliderRow, app: &App, value: Option<f64>, theme: &Theme) {
    let focused = app.focus == r.field;
    let marker = if focused { "▸ " } else { "  " };
    let label_style = if focused { theme.focus() } else { theme.text() };
    let wide = r.label.width >= layout::LABEL_WIDTH;
    // While the scenario is projected to another year, the card's peak and watts are shown as
    // the year's card has them (what every result uses), their labels marked with the year.
    let year_value = year_card_value(app, r.field);
    // Borrowed unless the year is in it: a frame draws every row's name.
    let name: std::borrow::Cow<str> = match (year_value, wide) {
        (Some((_, year)), true) => format!("{} in {year:.0}", r.field.short_name()).into(),
        (Some((_, year)), false) => {
            format!("{}'{:02.0}", r.field.short_name(), year % 100.0).into()
        }
        (None, true) => r.field.name().into(),
        (None, false) => r.field.short_name().into(),
    };
    let name = &*name;
    text::Pen::new(buf, r.label)
        .text(marker, label_style)
        .text(name, label_style)
        .pad(label_style);
    if let Mode::Prompt(
        p @ Prompt {
            kind: PromptKind::Value(field) | PromptKind::Range(field),
            error,
            ..
        },
    ) = &app.mode
        && *field == r.field
    {
        let w = (r.value.width + 1 + r.track.width) as usize;
        let shown = format!("[{}]", prompt_text(p, w.saturating_sub(2)));
        let style = if error.is_some() {
            theme.error()
        } else if p.fresh {
            // The pre-filled value is selected: typing replaces it.
            theme.focus()
        } else {
            theme.accent()
        };
        text::put(buf, r.value.x, r.value.y, &shown, w, style);
        return;
    }
    let modified = app.field_modified(r.field);
    let style = match (value, modified) {
        (None, _) => theme.dim(),
        (_, true) => theme.modified().patch(theme.value()),
        _ => theme.value(),
    };
    let mut pen = text::Pen::new(buf, r.value);
    let missing = app.evaluation.missing.contains(&r.field);
    match value {
        // No sourced value for this card: the placeholder number is not shown.
        Some(_) if missing => {
            pen.text("not sourced", theme.error());
            if r.track.width as usize >= "Enter sets it".len() {
                text::put_str(buf, r.track.x, r.track.y, "Enter sets it", theme.dim());
            }
            return;
        }
        Some(v) => {
            // The track stays on the input the slider edits (the base year's card).
            let v = year_value.map_or(v, |(y, _)| y);
            pen.text(&fmt::field_value(r.field, v), style);
            // A star marks inputs that differ from the loaded preset, also without colour.
            if modified {
                pen.text("*", style);
            }
        }
        None => {
            pen.text("not set", style);
        }
    }
    if r.track.width < 3 {
        return;
    }
    let Some(v) = value else {
        let hint = "Enter sets it";
        if r.track.width as usize >= hint.len() {
            text::put_str(buf, r.track.x, r.track.y, hint, theme.dim());
        }
        return;
    };
    let t = slider::to_t(r.field, v);
    let cells = r.track.width;
    let head = ((t * f64::from(cells - 1)).round() as u16).min(cells - 1);
    let (x, y) = (r.track.x, r.track.y);
    let head_style = if focused {
        theme.accent()
    } else {
        theme.track_fill()
    };
    text::fill(buf, x, y, head, '━', theme.track_fill());
    text::fill(buf, x + head, y, 1, '●', head_style);
    text::fill(
        buf,
        x + head + 1,
        y,
        cells - head - 1,
        '─',
        theme.track_rest(),
    );
}

fn footer(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let info = Rect::new(area.x, area.y, area.width, 1);
    let hint_row = Rect::new(area.x, area.y + 1, area.width, 1);
    let line = match (&app.mode, &app.notice) {
        (
            Mode::Prompt(Prompt {
                kind: PromptKind::Value(_) | PromptKind::Range(_),
                error: Some(e),
                ..
            }),
            _,
        ) => Line::from(vec![
            Span::styled(format!(" ✗ {e}"), theme.error()),
            Span::styled("  · Esc cancels", theme.dim()),
        ]),
        (
            Mode::Prompt(Prompt {
                kind: PromptKind::Value(field),
                ..
            }),
            _,
        ) => Line::from(vec![
            Span::styled(format!(" {} ", field.name()), theme.accent()),
            Span::styled(
                format!(
                    "valid {} · e.g. {} · Enter applies, Esc cancels",
                    field.range_text(),
                    field.spec().forms
                ),
                theme.dim(),
            ),
        ]),
        (
            Mode::Prompt(Prompt {
                kind: PromptKind::Range(field),
                ..
            }),
            _,
        ) => Line::from(vec![
            Span::styled(format!(" {} range ", field.name()), theme.accent()),
            Span::styled(
                format!(
                    "low .. high (e.g. {}) for the 5–95 % band · empty clears it",
                    crate::app::range_example(app.inputs().get(*field), *field)
                ),
                theme.dim(),
            ),
        ]),
        (
            Mode::Prompt(
                p @ Prompt {
                    kind: PromptKind::Filter { .. },
                    ..
                },
            ),
            _,
        ) => Line::from(vec![
            Span::styled(" Filter known runs: ", theme.accent()),
            Span::styled(prompt_text(p, 40), theme.value()),
            Span::styled(
                "  name, organisation or hardware · Enter keeps it · Esc restores",
                theme.dim(),
            ),
        ]),
        (_, Some(n)) => Line::styled(
            format!(" {}", n.text),
            if n.warning {
                theme.warning()
            } else {
                theme.accent()
            },
        ),
        _ => source_line(app, theme),
    };
    // A source longer than the screen ends in "…" at a word (i shows it whole).
    text::line(buf, info, line);
    // Hints from the key table of the current mode: ranked ones while they fit, then the
    // ones always shown.
    let hints = keys::footer(&app.mode);
    let last = &hints.last;
    let width = |k: &str, w: &str| k.chars().count() + w.chars().count() + 3;
    let reserved: usize = last.iter().map(|(k, w)| width(k, w)).sum();
    let mut pen = text::Pen::new(buf, hint_row);
    pen.text(" ", Style::new());
    let mut used = 1;
    let push = |pen: &mut text::Pen, k: &str, what: &str| {
        pen.text(k, theme.key())
            .text(" ", theme.dim())
            .text(what, theme.dim())
            .text("  ", theme.dim());
    };
    for (k, what, view) in &hints.ranked {
        // Tab names the view it goes to.
        let what = if *view {
            app.view.cycle(1).name()
        } else {
            what
        };
        let w = width(k, what);
        if used + w + reserved > area.width as usize {
            break;
        }
        used += w;
        push(&mut pen, k, what);
    }
    for (k, what) in last {
        used += width(k, what);
        push(&mut pen, k, what);
    }
    let problems = app.catalog.problems.len();
    if problems > 0 {
        let text = format!(
            "! {problems} preset problem{}",
            if problems == 1 { "" } else { "s" }
        );
        if used + text.len() < area.width as usize {
            pen.text(&text, theme.warning());
        }
    }
}

/// "GPUs · reported · Zuckerberg post, 18 Jan 2024" for the focused input.
fn source_line<'a>(app: &App, theme: &Theme) -> Line<'a> {
    let f = app.focus;
    match app.scenario.sourced(f) {
        Some(s) if s.status == crate::presets::Status::UserSet => {
            let mut spans = vec![
                Span::styled(format!(" {} ", f.name()), theme.accent()),
                Span::styled("user-set ", theme.modified()),
            ];
            match app.loaded.sourced(f) {
                Some(was) => spans.push(Span::styled(
                    format!(
                        "· preset: {} ({} · {}) · r resets",
                        fmt::field_value(f, was.value),
                        was.status.tag(),
                        was.source
                    ),
                    theme.dim(),
                )),
                None => spans.push(Span::styled(
                    "· not set in the preset · r clears",
                    theme.dim(),
                )),
            }
            Line::from(spans)
        }
        Some(s) => {
            let mut spans = vec![
                Span::styled(format!(" {} ", f.name()), theme.accent()),
                Span::styled(
                    format!("{} ", s.status.tag()),
                    status_style(s.status, theme),
                ),
                Span::styled(format!("· {}", s.source), theme.dim()),
            ];
            if let (Some(lo), Some(hi)) = (s.low, s.high) {
                spans.push(Span::styled(
                    format!(
                        " · range {}–{}",
                        fmt::field_value(f, lo),
                        fmt::field_value(f, hi)
                    ),
                    theme.dim(),
                ));
            }
            Line::from(spans)
        }
        None => Line::from(vec![
            Span::styled(format!(" {} ", f.name()), theme.accent()),
            Span::styled(unset_hint(f), theme.dim()),
        ]),
    }
}

fn unset_hint(f: Field) -> &'static str {
    match f {
        Field::Rent => "not set in this preset · Enter types a $/GPU-hour rate for the rental cost",
        Field::AmortYears => {
            "not set in this preset · Enter types a hardware life in years for the amortized cost"
        }
        _ => "not set",
    }
}

fn status_style(s: crate::presets::Status, theme: &Theme) -> ratatui::style::Style {
    use crate::presets::Status::*;
    match s {
        Reported | Vendor | PriceList | Derived => theme.text(),
        UserSet => theme.modified(),
        Missing => theme.error(),
        Estimate | Secondary | Unverified | Assumption => theme.warning(),
    }
}
