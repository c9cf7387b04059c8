//! The compare panel: the app's [`Lineup`] drawn in the results panel's place, A and the pins
//! a column each. A panel too narrow for every pin shows as many as fit whole and says in its
//! title that `b` shows the others; nothing is cut: labels shorten, the inputs that differ wrap
//! or end in a count, and the rows that do not fit are counted on the border.

use super::text;
use super::theme::Theme;
use crate::analysis::evaluation::Evaluation;
use crate::analysis::lineup::{Lineup, Row};
use crate::app::App;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Output rows kept before the inputs that differ get a second line: the cost, the run, what
/// failures leave of it and what it draws, down to energy.
const FIRST_ROWS: usize = 8;

/// Where each column of numbers ends, worked out from the texts it must hold.
struct Plan {
    /// The columns shown: 0 is A, then the pins shown, in letter order.
    shown: Vec<usize>,
    /// Long labels ("Training run") or short ones ("Run").
    long: bool,
    /// Numbers with their unit words ("3.29e24 FLOP") or, where that does not fit, without.
    units: bool,
    /// Spaces before the labels.
    indent: usize,
    /// The right edge of each shown column, from the panel's inner left.
    ends: Vec<usize>,
    /// With one pin, the right edges of A/B and A−B where they fit.
    ratio_end: Option<usize>,
    delta_end: Option<usize>,
}

fn label(r: &Row, long: bool) -> &'static str {
    let spec = r.output.spec();
    if long { spec.label } else { spec.short }
}

/// Column `c`'s value in row `r`: with its unit word when `units` ("1.08e27 FLOP", "756 M
/// GPU-h"), the number alone otherwise; "—" where the scenario lacks the output (the reason is
/// the output's to explain, with `e`).
fn value(r: &Row, c: usize, units: bool) -> String {
    match r.values[c] {
        Some(v) if units => r.output.text(Some(v)),
        v => r.output.number(v),
    }
}

/// The widths a plan weighs, measured once a frame: the layouts it tries (units or not, long
/// labels or short, with A/B and A−B or not) read the same texts many times over.
struct Widths {
    /// `values[units][row][column]`: each row's value in each column, without and with units.
    values: [Vec<Vec<usize>>; 2],
    /// `labels[long][row]`: each row's short and long label.
    labels: [Vec<usize>; 2],
    /// The widest A/B, its header included.
    ratio: usize,
    /// The widest A−B, its header included, without and with units.
    delta: [usize; 2],
}

impl Widths {
    fn of(rows: &[Row], columns: usize) -> Widths {
        let widest = |texts: &dyn Fn(&Row) -> String, header: &str| {
            rows.iter()
                .map(|r| text::width(&texts(r)))
                .max()
                .unwrap_or(0)
                .max(text::width(header))
        };
        Widths {
            values: [false, true].map(|units| {
                rows.iter()
                    .map(|r| {
                        (0..columns)
                            .map(|c| text::width(&value(r, c, units)))
                            .collect()
                    })
                    .collect()
            }),
            labels: [false, true]
                .map(|long| rows.iter().map(|r| text::width(label(r, long))).collect()),
            ratio: widest(&Row::ratio_text, "A/B"),
            delta: [false, true].map(|units| widest(&|r: &Row| r.delta_text(units), "A−B")),
        }
    }
}

/// The right edges of `shown` columns, packed as tight as right-aligned numbers allow (a short
/// label may reach under a wide column's left end), and the total width.
fn ends(
    widths: &Widths,
    shown: &[usize],
    (long, units): (bool, bool),
    indent: usize,
    gap: usize,
) -> (Vec<usize>, usize) {
    let values = &widths.values[usize::from(units)];
    let labels = &widths.labels[usize::from(long)];
    let mut ends = Vec::with_capacity(shown.len());
    let mut end = indent;
    for (k, &c) in shown.iter().enumerate() {
        let widest = values
            .iter()
            .zip(labels)
            .map(|(row, &label)| if k == 0 { label + 1 + row[c] } else { row[c] })
            .max()
            .unwrap_or(0)
            .max(1);
        end = if k == 0 {
            indent + widest
        } else {
            end + gap + widest
        };
        ends.push(end);
    }
    (ends, end)
}

/// The columns after the scenarios' that a plan with one pin asks for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Extras {
    /// A/B and A−B.
    Both,
    /// A/B.
    Ratio,
    Neither,
}

/// The most pins that fit whole beside the labels and A (at least one), ending at `from`.
fn plan(l: &Lineup, from: usize, widths: &Widths, width: usize, force: bool) -> Option<Plan> {
    let pins = l.columns.len() - 1;
    // The pin at `from` and those pinned before it (before B, round to the last).
    let window = |k: usize| {
        let mut w: Vec<usize> = (0..k).map(|j| 1 + (from + pins - j) % pins).collect();
        w.sort_unstable();
        std::iter::once(0).chain(w).collect::<Vec<usize>>()
    };
    // Two spaces between numbers where they fit (a number holds a space: "$8.58 B"), then
    // shorter labels, then one space.
    let tries = [
        (true, 1, 2),
        (false, 1, 2),
        (true, 1, 1),
        (false, 1, 1),
        (false, 0, 1),
    ];
    // What each pass asks beyond the columns, best first. A number reads only with its unit
    // ("165" interruptions of what?), so the unit words go before anything but A/B: with one
    // pin, units and A/B before A/B and A−B without units.
    let passes: &[(bool, Extras)] = if pins == 1 {
        &[
            (true, Extras::Both),
            (true, Extras::Ratio),
            (false, Extras::Both),
            (false, Extras::Ratio),
            (false, Extras::Neither),
        ]
    } else {
        &[(true, Extras::Neither), (false, Extras::Neither)]
    };
    for k in (1..=pins).rev() {
        let shown = window(k);
        for &(units, wanted) in passes {
            for (n, &(long, indent, gap)) in tries.iter().enumerate() {
                let (ends, total) = ends(widths, &shown, (long, units), indent, gap);
                // Forced, the narrowest try with one pin is drawn whatever its width.
                let last = n + 1 == tries.len() && wanted == Extras::Neither && !units;
                if total > width && !(force && k == 1 && last) {
                    continue;
                }
                let mut plan = Plan {
                    shown: shown.clone(),
                    long,
                    units,
                    indent,
                    ends,
                    ratio_end: None,
                    delta_end: None,
                };
                if pins == 1 {
                    // A/B and A−B where both fit, closer together if need be, else A/B alone.
                    let (ratio, delta) = (widths.ratio, widths.delta[usize::from(units)]);
                    let both = [gap, 1]
                        .into_iter()
                        .map(|g| (total + g + ratio, total + g + ratio + g + delta))
                        .find(|&(_, d)| d <= width);
                    match both {
                        Some((r, d)) => {
                            plan.ratio_end = Some(r);
                            plan.delta_end = Some(d);
                        }
                        None => {
                            plan.ratio_end = Some(total + gap + ratio).filter(|&r| r <= width);
                        }
                    }
                }
                let has = match wanted {
                    Extras::Both => plan.delta_end.is_some(),
                    Extras::Ratio => plan.ratio_end.is_some(),
                    Extras::Neither => true,
                };
                if has {
                    return Some(plan);
                }
            }
        }
    }
    None
}

/// `prefix` then `items` joined by ", ", wrapped at item boundaries to `width` columns over at
/// most `lines` lines; what does not fit is counted at the end ("+3 more").
fn wrapped(prefix: &str, items: &[&str], width: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = prefix.to_string();
    for (i, item) in items.iter().enumerate() {
        let rest = items[i..].join(", ");
        let last_line = out.len() + 1 >= lines;
        if text::width(&line) + 1 + text::width(&rest) <= width {
            line.push(' ');
            line.push_str(&rest);
            out.push(line);
            return out;
        }
        // On the last line allowed, room stays for the count of the items after this one.
        let count = format!(" +{} more", items.len() - i - 1);
        let reserve = if last_line { text::width(&count) } else { 0 };
        if text::width(&line) + 1 + text::width(item) + 1 + reserve <= width {
            line.push(' ');
            line.push_str(item);
            line.push(',');
            continue;
        }
        if last_line {
            let n = items.len() - i;
            out.push(if i == 0 {
                format!("{line} {n} inputs")
            } else {
                format!("{} +{n} more", line.trim_end_matches(','))
            });
            return out;
        }
        out.push(line);
        line = format!("  {item},");
    }
    out.push(line.trim_end_matches(',').to_string());
    out
}

/// The lines that say which inputs each shown pin changes against A, in at most `lines`
/// lines each.
fn differs(l: &Lineup, shown: &[usize], width: usize, lines: usize) -> Vec<Vec<String>> {
    shown
        .iter()
        .skip(1)
        .map(|&c| {
            let text = format!("inputs {}", l.differs_text(c));
            let words = l.differs_words(c);
            if text::width(&text) <= width {
                vec![text]
            } else if words.is_empty() {
                // "inputs A = B" without the hint to move a slider.
                vec![format!("inputs {}", l.differs_head(c))]
            } else {
                let head = format!("inputs {}:", l.differs_head(c));
                wrapped(&head, &words, width, lines.max(1))
            }
        })
        .collect()
}

/// A and the pinned scenarios side by side from the app's lineup; with one pin, A/B and A−B
/// too where they fit.
pub fn draw(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let Some(l) = &app.lineup else {
        return;
    };
    let pins = l.columns.len().saturating_sub(1);
    if pins == 0 {
        return;
    }
    let inner_w = usize::from(area.width.saturating_sub(2));
    let inner_h = usize::from(area.height.saturating_sub(2));
    // The rows that could show: what is left under the header and one line of inputs.
    let most = inner_h.saturating_sub(2).min(l.rows.len());
    // A column kept clear of the right border where the numbers allow.
    let (from, rows) = (app.compare_from % pins, &l.rows[..most.max(1)]);
    let widths = Widths::of(rows, l.columns.len());
    let Some(plan) = plan(l, from, &widths, inner_w.saturating_sub(1), false)
        .or_else(|| plan(l, from, &widths, inner_w, false))
        .or_else(|| plan(l, from, &widths, inner_w, true))
    else {
        return;
    };
    let k = plan.shown.len() - 1;
    // Under the header: the first rows of outputs (the run, what failures leave of it, what
    // it draws), then each shown pin's inputs that differ, whole where the rows allow, else in
    // two lines or one; the rest of the outputs fill what is left.
    let avail = inner_h.saturating_sub(1);
    let room = avail.saturating_sub(FIRST_ROWS.min(l.rows.len())).max(k);
    let text_w = inner_w.saturating_sub(plan.indent);
    let diff_lines = [avail, 2, 1]
        .into_iter()
        .map(|lines| differs(l, &plan.shown, text_w, lines))
        .find(|d| d.iter().map(Vec::len).sum::<usize>() <= room)
        .unwrap_or_else(|| differs(l, &plan.shown, text_w, 1));
    let used = diff_lines.iter().map(Vec::len).sum::<usize>();
    let n_rows = avail.saturating_sub(used).min(l.rows.len());
    let hidden = l.rows.len() - n_rows;

    let title = title(l, &plan, pins, usize::from(area.width.saturating_sub(4)));
    let inner = text::bordered(buf, area, &title, theme.title(), theme.accent());
    border_marks(buf, area, l, &plan, hidden, theme);

    let col = |x: usize| inner.x + x as u16;
    let mut y = inner.y;
    let right = |buf: &mut Buffer, end: usize, y: u16, s: &str, style| {
        let w = text::width(s);
        text::put(buf, col(end.saturating_sub(w)), y, s, w, style);
    };
    if y < inner.bottom() {
        for (&c, &end) in plan.shown.iter().zip(&plan.ends) {
            right(buf, end, y, &l.columns[c].letter, theme.dim());
        }
        if let Some(end) = plan.ratio_end {
            right(buf, end, y, "A/B", theme.dim());
        }
        if let Some(end) = plan.delta_end {
            right(buf, end, y, "A−B", theme.dim());
        }
        y += 1;
    }
    for r in &l.rows[..n_rows] {
        if y >= inner.bottom() {
            break;
        }
        let style = if r.same { theme.dim() } else { theme.value() };
        let name = label(r, plan.long);
        let first = plan.ends[0];
        let a = value(r, 0, plan.units);
        let room = first.saturating_sub(plan.indent + text::width(&a) + 1);
        text::put(buf, col(plan.indent), y, name, room, style);
        for (&c, &end) in plan.shown.iter().zip(&plan.ends) {
            right(buf, end, y, &value(r, c, plan.units), style);
        }
        if let Some(end) = plan.ratio_end {
            right(buf, end, y, &r.ratio_text(), style);
        }
        if let Some(end) = plan.delta_end {
            right(buf, end, y, &r.delta_text(plan.units), style);
        }
        y += 1;
    }
    for line in diff_lines.iter().flatten() {
        if y >= inner.bottom() {
            break;
        }
        text::put(buf, col(plan.indent), y, line, text_w, theme.modified());
        y += 1;
    }
}

/// What the columns are: their titles where they fit, else their letters; a panel showing
/// some of the pins says `b` shows the others.
fn title(l: &Lineup, plan: &Plan, pins: usize, room: usize) -> String {
    let shown = &plan.shown[1..];
    let letters: Vec<&str> = shown
        .iter()
        .map(|&c| l.columns[c].letter.as_str())
        .collect();
    let named = shown
        .iter()
        .map(|&c| format!("{}: {}", l.columns[c].letter, l.columns[c].label))
        .collect::<Vec<_>>()
        .join(" · ");
    let candidates = if shown.len() == pins {
        let span = if pins == 1 {
            "A, B".to_string()
        } else {
            format!("A–{}", letters[letters.len() - 1])
        };
        vec![
            format!(" Compare · A live vs {named} · X unpins "),
            format!(" A vs {named} "),
            format!(" Compare {span} · X unpins "),
            format!(" {span} "),
        ]
    } else {
        let others: Vec<&str> = l.columns[1..]
            .iter()
            .enumerate()
            .filter(|(i, _)| !shown.contains(&(i + 1)))
            .map(|(_, c)| c.letter.as_str())
            .collect();
        let others = others.join(", ");
        let letters = letters.join(", ");
        vec![
            format!(" Compare · A live vs {named} · b shows {others} · X unpins "),
            format!(" A vs {named} · b shows {others} "),
            format!(" A vs {letters} · b shows {others} "),
            format!(" A vs {letters} · b: {others} "),
            format!(" A vs {letters} · b "),
        ]
    };
    let last = candidates[candidates.len() - 1].clone();
    candidates
        .into_iter()
        .find(|t| text::width(t) <= room)
        .unwrap_or_else(|| text::fit(&last, room).into_owned())
}

/// On the lower border: each shown side's binding limit, led as every surface leads it ("A
/// binding: failures ×1.00 · B binds first: power ×0.62"), and the rows left out where they
/// fit beside it.
fn border_marks(
    buf: &mut Buffer,
    area: Rect,
    l: &Lineup,
    plan: &Plan,
    hidden: usize,
    theme: &Theme,
) {
    if area.height < 2 {
        return;
    }
    let y = area.bottom() - 1;
    let more = match hidden {
        0 => String::new(),
        1 => " +1 row ".into(),
        n => format!(" +{n} rows "),
    };
    let room = usize::from(area.width.saturating_sub(4));
    let side = |e: &Evaluation| {
        e.limits
            .binding_row()
            .map(|r| format!("{}: {}", r.lead(), r.short()))
    };
    let sides: Option<Vec<String>> = plan
        .shown
        .iter()
        .map(|&c| side(&l.columns[c].evaluation).map(|t| format!("{} {t}", l.columns[c].letter)))
        .collect();
    let mut left = 0;
    if let Some(sides) = sides {
        // As many sides as fit whole, A first; "…" says more follow.
        let mut mark = String::new();
        for (i, side) in sides.iter().enumerate() {
            let next = if i == 0 {
                format!(" {side}")
            } else {
                format!("{mark} · {side}")
            };
            let tail = if i + 1 < sides.len() { 4 } else { 1 };
            if text::width(&next) + tail > room {
                if i > 0 {
                    mark.push_str(" · … ");
                }
                break;
            }
            mark = next;
            if i + 1 == sides.len() {
                mark.push(' ');
            }
        }
        if !mark.trim().is_empty() {
            text::put_str(buf, area.x + 2, y, &mark, theme.dim());
            left = text::width(&mark);
        }
    }
    let w = text::width(&more);
    if w > 0 && left + w < room {
        text::put_str(buf, area.right() - 2 - w as u16, y, &more, theme.dim());
    }
}
