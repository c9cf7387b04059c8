//! The explanation overlay (`e`, or a click on a result or limit row): every result, limit and
//! feasibility band listed on the left, the chosen one whole on the right: its value and band
//! (or why it has none), the reason beside it, its formula, the inputs it reads with their
//! sources. Panels cut their rows to fit the screen; here nothing is cut.

use super::layout::popup_area;
use super::text;
use super::theme::Theme;
use crate::app::{App, Topic};
use crate::model::uncertainty::reads;
use crate::model::{Field, Output, format as fmt};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

/// The name a topic has in the list.
fn name(t: Topic) -> &'static str {
    match t {
        Topic::Output(o) => o.spec().label,
        Topic::Limit(l) => l.spec().label,
        Topic::Band(c) => c.label(),
    }
}

/// What the list calls each part.
fn part(t: Topic) -> &'static str {
    match t {
        Topic::Output(_) => "Results",
        Topic::Limit(_) => "Limits",
        Topic::Band(_) => "Feasibility",
    }
}

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, at: usize, theme: &Theme) {
    let topics = app.topics();
    let Some(&topic) = topics.get(at) else {
        return;
    };
    let popup = popup_area(area, 96, 86);
    Clear.render(popup, buf);
    let title = format!(
        " {} · {} of {} · ↑↓ another · Esc ",
        name(topic),
        at + 1,
        topics.len()
    );
    let inner = text::bordered(buf, popup, &title, theme.title(), theme.accent());
    if inner.width < 30 || inner.height < 3 {
        return;
    }
    // The list: the part each topic belongs to, as a heading where it starts; scrolled to keep
    // the chosen one in view.
    let list_w = (inner.width / 3).clamp(16, 26);
    let mut rows: Vec<(Option<usize>, String)> = Vec::new();
    for (i, &t) in topics.iter().enumerate() {
        if i == 0 || part(topics[i - 1]) != part(t) {
            rows.push((None, part(t).to_string()));
        }
        rows.push((Some(i), name(t).to_string()));
    }
    let h = usize::from(inner.height);
    let pos = rows.iter().position(|(i, _)| *i == Some(at)).unwrap_or(0);
    let first = (pos + 1).saturating_sub(h);
    for (k, (i, label)) in rows.iter().skip(first).take(h).enumerate() {
        let y = inner.y + k as u16;
        let row = Rect::new(inner.x, y, list_w, 1);
        match i {
            None => {
                text::Pen::new(buf, row).text(label, theme.title());
            }
            Some(i) if *i == at => {
                text::Pen::new(buf, row)
                    .text("▸", theme.focus())
                    .text(label, theme.focus())
                    .pad(theme.focus());
            }
            Some(_) => {
                text::Pen::new(buf, row)
                    .text(" ", theme.text())
                    .text(label, theme.text());
            }
        }
    }
    let detail = Rect::new(
        inner.x + list_w + 1,
        inner.y,
        inner.width.saturating_sub(list_w + 2),
        inner.height,
    );
    let lines = match topic {
        Topic::Output(o) => output_lines(app, o, theme),
        Topic::Limit(l) => limit_lines(app, l, theme),
        Topic::Band(c) => band_lines(app, c, theme),
    };
    let p = Paragraph::new(lines).wrap(Wrap { trim: false });
    let total = p.line_count(detail.width);
    p.render(detail, buf);
    let below = total.saturating_sub(usize::from(detail.height));
    if below > 0 && popup.width > 40 {
        let mark = format!(" ↓ {below} more lines: a taller terminal shows them ");
        text::put(
            buf,
            detail.x,
            popup.bottom() - 1,
            &mark,
            usize::from(detail.width),
            theme.dim(),
        );
    }
}

/// "Label    text", the label in a column of its own.
fn row(label: &str, text: String, theme: &Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{label:<10}"), theme.dim()),
        Span::styled(text, theme.value()),
    ])
}

fn output_lines(app: &App, o: Output, theme: &Theme) -> Vec<Line<'static>> {
    let e = &app.evaluation;
    let spec = o.spec();
    let mut lines = vec![row("Value", e.text(o), theme)];
    // The band, or why there is none.
    let band = match (e.band(o), &e.bands) {
        _ if e.bands_pending() => "being worked out…".into(),
        (Some(b), _) if b.varies() => {
            let mut t = format!("5–95 % {}", o.range_text(b.p5, b.p95));
            if let Some(side) = e.outside_band(o) {
                t.push_str(&format!(" (the value lies {side} it)"));
            }
            t
        }
        _ if !app.band_gone(o).is_empty() => format!(
            "none: {}: a value set by hand or brought by a card has no range (u gives it one)",
            crate::app::dropped_text(&app.band_gone(o))
        ),
        (_, None) => "none: no input has a range (u gives the focused one a range)".into(),
        (_, Some(_)) => {
            let ranged: Vec<&str> = app
                .scenario
                .ranges()
                .iter()
                .map(|r| r.field.short_name())
                .collect();
            format!(
                "none: no input with a range ({}) moves it",
                ranged.join(", ")
            )
        }
    };
    lines.push(row("Band", band, theme));
    if let Some(f) = e.missing_input(o) {
        lines.push(row(
            "Missing",
            format!(
                "{} has no sourced value for this card: Enter sets it",
                f.name()
            ),
            theme,
        ));
    } else if e.value(o).is_none()
        && let Some(why) = spec.absent
    {
        lines.push(row("Absent", why.to_string(), theme));
    }
    let why = match o {
        Output::Goodput | Output::GoodputFlop => e.goodput_reasons().into_iter().next(),
        Output::TokensPerDay | Output::ServeRentCost | Output::ServeAmortizedCost => {
            Some(crate::analysis::serving::fleet_words(&e.inputs, &e.outputs))
        }
        _ => Some(super::results::context(o, e)).filter(|c| !c.is_empty()),
    };
    if let Some(w) = why {
        lines.push(row("Why", w, theme));
    }
    lines.push(row("Formula", crate::app::formula(o).to_string(), theme));
    lines.push(Line::raw(""));
    lines.push(Line::styled("Inputs it reads", theme.title()));
    for f in Field::ALL.into_iter().filter(|&f| reads(o, f)) {
        lines.extend(input_lines(app, f, theme));
    }
    lines
}

/// One input: its value, status and full source.
fn input_lines(app: &App, f: Field, theme: &Theme) -> Vec<Line<'static>> {
    let value = app
        .inputs()
        .get(f)
        .map_or("not set".to_string(), |v| fmt::field_value(f, v));
    let mut head = vec![
        Span::styled(format!("{:<15}", f.name()), theme.text()),
        Span::styled(value, theme.value()),
    ];
    let mut out = Vec::new();
    match app.scenario.sourced(f) {
        Some(s) => {
            head.push(Span::styled(format!("  {}", s.status.tag()), theme.dim()));
            out.push(Line::from(head));
            out.push(Line::styled(format!("  {}", s.source), theme.dim()));
        }
        None => out.push(Line::from(head)),
    }
    out
}

fn limit_lines(app: &App, l: crate::analysis::limits::Limit, theme: &Theme) -> Vec<Line<'static>> {
    let limits = &app.evaluation.limits;
    let Some((at, r)) = limits.rows.iter().enumerate().find(|(_, r)| r.limit == l) else {
        return vec![Line::raw("not weighed for this scenario")];
    };
    let spec = l.spec();
    vec![
        row(
            "Need",
            format!("{} = {} of the limit", r.need_text, fmt::ratio(r.ratio)),
            theme,
        ),
        row("Limit", r.limit_text.clone(), theme),
        row(
            "Verdict",
            format!("{} · {}", limits.standing(at), spec.kind.word()),
            theme,
        ),
        row("Detail", r.detail.clone(), theme),
        row("Formula", spec.about.to_string(), theme),
        row("Status", r.status.to_string(), theme),
        row("Source", r.source.clone(), theme),
    ]
}

fn band_lines(
    app: &App,
    c: crate::analysis::feasibility::Constraint,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let Some(y) = app.feasibility_year() else {
        return vec![Line::raw("the Feasibility view (Tab) works the bands out")];
    };
    let r = y.row(c);
    let mut lines = vec![
        row(
            "Year",
            format!(
                "{}{}",
                y.year,
                if y.extrapolated {
                    " (supply extrapolated past the anchor year)"
                } else {
                    ""
                }
            ),
            theme,
        ),
        row(
            "Largest",
            format!(
                "{} median, 10–90 % {}",
                fmt::flop(r.median_flop),
                fmt::range(&fmt::flop(r.p10_flop), &fmt::flop(r.p90_flop))
            ),
            theme,
        ),
        row(
            "Binding",
            if y.binding == c {
                "yes: the smallest median of the hard constraints".to_string()
            } else {
                format!("no: {} binds this year", y.binding.label())
            },
            theme,
        ),
        row(
            "Run",
            format!(
                "{} months at {} (the scenario's)",
                fmt::sig(app.feasibility.as_ref().map_or(0.0, |f| f.run_months), 3),
                app.scenario.precision.label()
            ),
            theme,
        ),
        Line::raw(""),
        Line::styled("Supply behind it (medians)", theme.title()),
    ];
    for (name, v) in &r.inputs {
        lines.push(Line::styled(
            format!("{name:<15}{}", fmt::sig(*v, 3)),
            theme.text(),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Sources", theme.title()));
    for s in &r.sources {
        lines.push(Line::styled(format!("· {s}"), theme.dim()));
    }
    lines
}
