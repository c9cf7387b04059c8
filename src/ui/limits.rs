//! The Limits view: one row per limit, the run's need against the limit on a log bar, the
//! binding one first and highlighted, and the verdict on top. Rows come from the evaluation in
//! the order it ranks them; nothing is computed here.

use super::text;
use super::theme::Theme;
use crate::analysis::limits::LimitRow;
use crate::app::App;
use crate::model::format as fmt;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// The bar spans need ÷ limit from 10⁻⁴ to 10²: the limit (×1) sits two decades from the right.
const BAR_DECADES: (f64, f64) = (-4.0, 2.0);

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let l = &app.evaluation.limits;
    let title = if area.width >= 100 {
        " Limits · what this run needs against what exists · log bar to ×100, ┃ = the limit · Tab: feasibility "
    } else {
        " Limits · need against what exists · ┃ = the limit "
    };
    let inner = text::bordered(buf, area, title, theme.title(), theme.border());
    if inner.height == 0 || inner.width < 20 {
        return;
    }
    let w = inner.width as usize;
    let verdict_style = if l.binding_row().is_some_and(|r| r.binds()) {
        theme.warning()
    } else {
        theme.accent()
    };
    text::put(
        buf,
        inner.x + 1,
        inner.y,
        &text::fit(&l.verdict, w - 2),
        w - 2,
        verdict_style,
    );
    let rows: Vec<&LimitRow> = l.order.iter().filter_map(|&i| l.rows.get(i)).collect();
    let plan = plan(app, inner);
    // Columns: label, need, bar, ratio, limit (the bar and the limit share what is left).
    let label_w = LABEL_W;
    let need_w = if w >= 100 { 20 } else { 15 };
    let ratio_w = 9;
    let rest = w.saturating_sub(1 + label_w + need_w + ratio_w + 2);
    let bar_w = (rest / 3).clamp(8, 40);
    let mut y = inner.y + 1;
    let fit = plan.len();
    for (k, (r, detail)) in rows.iter().zip(&plan).enumerate() {
        let binding = k == 0;
        let style = match (binding, r.binds()) {
            (true, true) => theme.warning(),
            (true, false) => theme.accent(),
            _ => theme.text(),
        };
        let mut pen = text::Pen::new(buf, Rect::new(inner.x, y, inner.width, 1));
        pen.text(if binding { "▸" } else { " " }, style)
            .text(r.limit.spec().label, style)
            .pad_to(1 + label_w as u16, theme.dim())
            .text(&text::fit(&r.need_text, need_w - 1), theme.value())
            .pad_to((1 + label_w + need_w) as u16, theme.dim());
        bar(&mut pen, r.ratio, bar_w, theme);
        pen.right(&fmt::ratio(r.ratio), ratio_w as u16, style)
            .text("  ", theme.dim());
        let room = pen.room().saturating_sub(1);
        pen.text(&text::fit(&r.limit_text, room), theme.dim());
        y += 1;
        let x = inner.x + 1 + label_w as u16;
        let room = w.saturating_sub(2 + label_w);
        for line in detail {
            text::put(buf, x, y, line, room, theme.dim());
            y += 1;
        }
    }
    // Limits that do not fit are counted on the bottom border.
    let hidden = rows.len() - fit;
    if hidden > 0 {
        let more = format!(" ↓ {hidden} more limits: e lists them all ");
        text::put(buf, area.x + 2, area.bottom() - 1, &more, w, theme.dim());
    } else {
        for n in &l.not_weighed {
            if y >= inner.bottom() {
                break;
            }
            text::put(
                buf,
                inner.x + 1,
                y,
                &text::fit(&format!("not weighed: {n}"), w - 2),
                w - 2,
                theme.dim(),
            );
            y += 1;
        }
    }
}

/// Columns of a limit's label.
const LABEL_W: usize = 14;

/// A limit's detail in words: its kind, the context, the source.
fn detail(r: &LimitRow) -> String {
    format!(
        "{} · {} · {} ({})",
        r.limit.spec().kind.word(),
        r.detail,
        r.source,
        r.status
    )
}

/// What the view shows of each limit it has room for, in its order: the detail lines under
/// it. The view's inside is `inner`; the verdict takes its first row. Limits past their line
/// (the reason for a surprising result) get their detail first, then the others, each as
/// much of it as the rows left allow, cut at a word with "…" where they run out. Limits that
/// do not fit are counted on the bottom border, never dropped silently.
fn plan(app: &App, inner: Rect) -> Vec<Vec<String>> {
    let l = &app.evaluation.limits;
    let rows: Vec<&LimitRow> = l.order.iter().filter_map(|&i| l.rows.get(i)).collect();
    let room = usize::from(inner.height).saturating_sub(1);
    let width = usize::from(inner.width).saturating_sub(2 + LABEL_W);
    let n = rows.len();
    let past = rows.iter().filter(|r| r.binds()).count().max(1).min(n);
    // As many limits as fit, each past its line keeping a row for its detail.
    let mut shown = n.min(room);
    while shown > 0 {
        if shown + past.min(shown) <= room || shown <= past {
            break;
        }
        shown -= 1;
    }
    let not_weighed = if shown == n { l.not_weighed.len() } else { 0 };
    let mut left = room.saturating_sub(shown + not_weighed);
    let mut details: Vec<Vec<String>> = vec![Vec::new(); shown];
    let wrapped: Vec<Vec<String>> = rows[..shown]
        .iter()
        .map(|r| text::wrap(&detail(r), width))
        .collect();
    let order: Vec<usize> = (0..shown)
        .filter(|&k| rows[k].binds() || k == 0)
        .chain((0..shown).filter(|&k| !(rows[k].binds() || k == 0)))
        .collect();
    // A line each first (in that order), then the rest of each detail while rows are left.
    let mut counts = vec![0; shown];
    for full in [false, true] {
        for &k in &order {
            let want = if full { wrapped[k].len() } else { 1 };
            let take = want.saturating_sub(counts[k]).min(left);
            counts[k] += take;
            left -= take;
        }
    }
    for k in 0..shown {
        let all = &wrapped[k];
        let take = counts[k];
        let mut lines = all[..take].to_vec();
        if take < all.len()
            && let Some(last) = lines.last_mut()
        {
            // The rest of the detail does not fit: its last line says so.
            *last = text::fit(&format!("{last} {}", all[take]), width).into_owned();
            if !last.ends_with('…') {
                last.push('…');
            }
        }
        details[k] = lines;
    }
    details
}

/// The limit drawn at screen row `y` of the view in `area`.
pub fn topic_at(app: &App, area: Rect, y: u16) -> Option<crate::app::Topic> {
    let inner = Rect::new(
        area.x + 1,
        area.y + 1,
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    );
    let l = &app.evaluation.limits;
    let mut at = inner.y + 1;
    for (k, detail) in plan(app, inner).iter().enumerate() {
        let next = at + 1 + detail.len() as u16;
        if (at..next).contains(&y) {
            let r = l.order.get(k).and_then(|&i| l.rows.get(i))?;
            return Some(crate::app::Topic::Limit(r.limit));
        }
        at = next;
    }
    None
}

/// A log bar of `ratio` in `width` cells, with the limit's position (×1) marked.
fn bar(pen: &mut text::Pen, ratio: f64, width: usize, theme: &Theme) {
    let (lo, hi) = BAR_DECADES;
    let at = |x: f64| {
        let t = ((x.log10() - lo) / (hi - lo)).clamp(0.0, 1.0);
        (t * (width - 1) as f64).round() as usize
    };
    let limit = at(1.0);
    let filled = if ratio > 0.0 && ratio.is_finite() {
        at(ratio) + 1
    } else {
        0
    };
    let over = ratio >= 1.0;
    for i in 0..width {
        let (c, style) = if i == limit {
            ('┃', theme.threshold())
        } else if i < filled {
            (
                '━',
                if over && i > limit {
                    theme.warning()
                } else {
                    theme.track_fill()
                },
            )
        } else {
            ('─', theme.track_rest())
        };
        let mut s = [0u8; 4];
        pen.text(c.encode_utf8(&mut s), style);
    }
    pen.text(" ", theme.dim());
}
