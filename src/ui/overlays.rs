//! Overlays drawn over the main screen: help, preset picker, preset problems.

use super::layout::{Screen, popup_area};
use super::ruler::clip;
use super::theme::Theme;
use crate::app::{App, Prompt, PromptKind};
use crate::model::format as fmt;
use crate::presets::Origin;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

/// Every key, grouped. The help overlay and the README's key table come from this list.
pub const KEYS: &[(&str, &str)] = &[
    ("↑ ↓  k j", "select an input"),
    (
        "← →  h l",
        "step the value (log inputs ×10^(1/20), linear one point)",
    ),
    ("⇧← ⇧→  H L", "coarse step (five steps)"),
    (
        "[  ]",
        "one decade down / up (linear inputs: a tenth of the range)",
    ),
    ("Home  End", "minimum / maximum"),
    ("Enter  =", "type an exact value: 350k, 3.5e5, 1.2M, 40%"),
    (
        "a  A",
        "next / previous accelerator (sets peak, price, watts)",
    ),
    ("f", "toggle BF16 / FP8 dense peak"),
    ("p", "preset picker"),
    ("r  R", "reset the input / the whole scenario"),
    (
        "g",
        "goal seek: solve the focused input for 1e27, 10x llama-3.1-405b or $5B",
    ),
    (
        "u",
        "uncertainty range of the focused input (25k .. 30k) for 5–95 % bands",
    ),
    (
        "$",
        "cost basis: GPUs, cluster (Epoch overhead), rent, amortized",
    ),
    (
        "c",
        "pin the scenario as B and compare A with it (c again unpins)",
    ),
    ("s", "save the scenario as a user preset"),
    (
        "Tab",
        "switch the lower view: milestone ruler ↔ frontier timeline",
    ),
    ("!", "show preset problems"),
    (
        "mouse",
        "click or drag a track; wheel steps; click a label to select",
    ),
    ("?", "this help"),
    ("q  Esc  Ctrl-C", "quit (Esc closes overlays first)"),
];

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
    let popup = popup_area(area, 84, 84);
    let inner = frame(buf, popup, " Help · keys ", theme);
    let key_w = 17;
    let mut lines: Vec<Line> = KEYS
        .iter()
        .map(|(k, what)| {
            Line::from(vec![
                Span::styled(format!(" {k:<key_w$}"), theme.key()),
                Span::raw(*what),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        " Results: training FLOP = GPUs × peak × MFU × days × 86400; compute-optimal N = √(C/120).",
        theme.dim(),
    ));
    lines.push(Line::styled(
        " The footer shows where the focused input's number comes from and how sure it is.",
        theme.dim(),
    ));
    lines.push(Line::styled(" Esc or ? closes this help.", theme.dim()));
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
                clip(&text, list.width as usize),
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
    let o = i.outputs();
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
            Span::styled(fmt::flop(o.total_flop.0), theme.scenario()),
            Span::styled(
                format!(
                    " · fleet {} · {}",
                    fmt::usd(o.fleet_cost_usd.0),
                    fmt::si(o.power_mw * 1e6, "W")
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
    let mut lines = vec![
        Line::styled(
            format!(
                "{n} preset file{} could not be used; everything else loaded.",
                if n == 1 { "" } else { "s" }
            ),
            theme.warning(),
        ),
        Line::raw(""),
    ];
    for p in &app.catalog.problems {
        lines.push(Line::raw(format!("· {p}")));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Fix the files and restart; ! shows this list again.",
        theme.dim(),
    ));
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

/// The goal-seek prompt: the target, and the answer in words or why there is none.
pub fn goal(buf: &mut Buffer, area: Rect, app: &App, p: &Prompt, theme: &Theme) {
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
        (Some((text, v)), None) if *text == p.text => {
            let card = app.accelerator().map_or("GPUs".to_string(), |a| a.name.clone());
            let said = crate::app::goal::parse_target(text, &app.catalog).map(|(_, s)| s).unwrap_or_default();
            lines.push(Line::styled(
                format!("{said}: {}", crate::app::goal::describe(*field, *v, &app.inputs(), &card)),
                theme.scenario(),
            ));
            lines.push(Line::styled("Enter applies it · keep typing to change the target", theme.dim()));
        }
        _ => lines.push(Line::styled(
            "a FLOP total (1e27), a multiple of a run (10x llama-3.1-405b, 0.5x gpt-4.5) or a budget ($5B, GPUs or price only)",
            theme.dim(),
        )),
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
