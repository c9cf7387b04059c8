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
    let (per, fit) = shape(app, inner.height);
    let with_detail = per == 2;
    // Columns: label, need, bar, ratio, limit (the bar and the limit share what is left).
    let label_w = 14;
    let need_w = if w >= 100 { 20 } else { 15 };
    let ratio_w = 9;
    let rest = w.saturating_sub(1 + label_w + need_w + ratio_w + 2);
    let bar_w = (rest / 3).clamp(8, 40);
    let mut y = inner.y + 1;
    for (k, r) in rows.iter().take(fit).enumerate() {
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
        let room = pen.room();
        pen.text(&text::fit(&r.limit_text, room), theme.dim());
        y += 1;
        if with_detail {
            let detail = format!(
                "{} · {} · {} ({})",
                r.limit.spec().kind.word(),
                r.detail,
                r.source,
                r.status
            );
            let x = inner.x + 1 + label_w as u16;
            let room = w.saturating_sub(1 + label_w);
            text::put(
                buf,
                x,
                y,
                &text::fit(&detail, room),
                room,
                theme.dim(),
            );
            y += 1;
        }
    }
    let hidden = rows.len() - fit;
    if hidden > 0 && y < inner.bottom() {
        let more = format!(" … {hidden} more limits: a taller terminal or `eval` shows them");
        text::put(buf, inner.x, y, &more, w, theme.dim());
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

/// Lines per limit (two: its detail below it, when all of them fit so) and how many limits
/// show in a panel whose inside is `height` rows (the verdict takes the first). Rows that do
/// not fit are counted on the last line, never dropped silently.
fn shape(app: &App, height: u16) -> (usize, usize) {
    let l = &app.evaluation.limits;
    let n = l.order.len();
    let rows_room = usize::from(height).saturating_sub(1);
    let per = if n * 2 + l.not_weighed.len() <= rows_room {
        2
    } else {
        1
    };
    let fit = if n * per <= rows_room {
        n
    } else {
        rows_room.saturating_sub(1) / per
    };
    (per, fit)
}

/// The limit drawn at screen row `y` of the view in `area`.
pub fn topic_at(app: &App, area: Rect, y: u16) -> Option<crate::app::Topic> {
    let inner_y = area.y + 1;
    let (per, fit) = shape(app, area.height.saturating_sub(2));
    let k = usize::from(y.checked_sub(inner_y + 1)?) / per;
    let l = &app.evaluation.limits;
    (k < fit)
        .then(|| l.order.get(k).and_then(|&i| l.rows.get(i)))
        .flatten()
        .map(|r| crate::app::Topic::Limit(r.limit))
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
