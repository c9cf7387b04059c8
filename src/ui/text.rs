//! Writing text into the buffer, quickly.
//!
//! ratatui's `Buffer::set_stringn` and `Paragraph` split every string into grapheme clusters and
//! measure each one: correct for any text, and most of the cost of drawing a frame here. Nearly
//! everything this program writes is plain: printable ASCII and a few symbols (box drawing,
//! arrows, `·`, `×`, `–`) that are each one grapheme of width 1. For such text these functions
//! write cell by cell, with exactly the result of the ratatui call they stand for (tests compare
//! them cell for cell); any other text goes through ratatui itself.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::border;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

/// A character that is one grapheme cluster of width 1 wherever it stands, next to any other
/// such character: printable ASCII, Latin-1 symbols and letters, and the symbols this program
/// draws with. All have Grapheme_Cluster_Break=Other, so a string of them breaks between every
/// two characters (UAX #29, GB999).
fn plain_char(c: char) -> bool {
    matches!(c, ' '..='~')
        || (matches!(c, '\u{a1}'..='\u{ff}') && c != '\u{ad}')
        || matches!(
            c,
            'Σ' | 'β'
                | '–'
                | '—'
                | '•'
                | '…'
                | '←'
                | '↑'
                | '→'
                | '↓'
                | '↔'
                | '⇧'
                | '−'
                | '√'
                | '∞'
                | '≈'
                | '≠'
                | '≥'
                | '≤'
                | '⌈'
                | '⌉'
                | '─'
                | '━'
                | '┃'
                | '┼'
                | '═'
                | '▏'
                | '▸'
                | '▼'
                | '◆'
                | '●'
                | '✗'
        )
}

/// Whether every character of `s` is [`plain_char`].
fn plain(s: &str) -> bool {
    s.is_ascii() && s.bytes().all(|b| (b' '..=b'~').contains(&b)) || s.chars().all(plain_char)
}

/// Writes the plain string `s` from `x` on, at most `room` cells; returns the next column.
/// `room` never reaches past the end of row `y` (callers clip it), so the cells are one slice.
fn write_plain(buf: &mut Buffer, x: u16, y: u16, s: &str, room: u16, style: Style) -> u16 {
    if room == 0 || s.is_empty() {
        return x;
    }
    let start = buf.index_of(x, y);
    let cells = &mut buf.content[start..start + room as usize];
    let mut n = 0;
    for ((i, c), cell) in s.char_indices().zip(cells) {
        let symbol = &s[i..i + c.len_utf8()];
        // The same symbol need not be rebuilt (a cleared cell reads, and compares, as " ").
        if cell.symbol() != symbol {
            cell.set_symbol(symbol);
        }
        cell.set_style(style);
        n += 1;
    }
    x + n
}

/// `buf.set_stringn(x, y, s, max_width, style)`.
pub fn put(buf: &mut Buffer, x: u16, y: u16, s: &str, max_width: usize, style: Style) -> u16 {
    if !plain(s) {
        return buf.set_stringn(x, y, s, max_width, style).0;
    }
    let max_width = max_width.try_into().unwrap_or(u16::MAX);
    let room = buf.area.right().saturating_sub(x).min(max_width);
    write_plain(buf, x, y, s, room, style)
}

/// `buf.set_string(x, y, s, style)`.
pub fn put_str(buf: &mut Buffer, x: u16, y: u16, s: &str, style: Style) -> u16 {
    put(buf, x, y, s, usize::MAX, style)
}

/// `Paragraph::new(line).render(area, buf)` for a one-line paragraph: no wrapping, no block,
/// left-aligned, written on the first row of `area`.
pub fn line(buf: &mut Buffer, area: Rect, line: Line) {
    let area = area.intersection(buf.area);
    let simple = line.alignment.is_none() && line.spans.iter().all(|s| plain(&s.content));
    if !simple {
        Paragraph::new(line).render(area, buf);
        return;
    }
    if area.is_empty() {
        return;
    }
    // The paragraph's style (the default) patched with the line's and then each span's.
    let base = Style::default().patch(line.style);
    let (mut x, mut room) = (area.x, area.width);
    for span in &line.spans {
        let next = write_plain(buf, x, area.y, &span.content, room, base.patch(span.style));
        room -= next - x;
        x = next;
        if room == 0 {
            break;
        }
    }
}

/// `Block::bordered().border_style(border).title(Span::styled(title, title_style))` rendered
/// into `area`; returns the block's inner area. Plain borders, one left-aligned title.
pub fn bordered(
    buf: &mut Buffer,
    area: Rect,
    title: &str,
    title_style: Style,
    border: Style,
) -> Rect {
    let inner = Block::bordered().inner(area);
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return inner;
    }
    // The sides, then the corners over them, in the order `Block` draws them (it matters only
    // for areas one cell wide or high).
    let (left, top) = (area.left(), area.top());
    let (right, bottom) = (area.right() - 1, area.bottom() - 1);
    let set = border::PLAIN;
    let mut cell = |x: u16, y: u16, symbol: &str| {
        buf[(x, y)].set_symbol(symbol).set_style(border);
    };
    for y in top..=bottom {
        cell(left, y, set.vertical_left);
    }
    for x in left..=right {
        cell(x, top, set.horizontal_top);
    }
    for y in top..=bottom {
        cell(right, y, set.vertical_right);
    }
    for x in left..=right {
        cell(x, bottom, set.horizontal_bottom);
    }
    cell(right, bottom, set.bottom_right);
    cell(right, top, set.top_right);
    cell(left, bottom, set.bottom_left);
    cell(left, top, set.top_left);
    // The title on the top border, between the corners.
    let room = area.width.saturating_sub(2);
    if room == 0 || title.is_empty() {
        return inner;
    }
    if plain(title) {
        write_plain(buf, left + 1, top, title, room, title_style);
    } else {
        let line = Line::from(Span::styled(title, title_style));
        let width = (line.width().min(u16::MAX as usize) as u16).min(room);
        line.render(Rect::new(left + 1, top, width, 1), buf);
    }
    inner
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Modifier};
    use ratatui::text::Span;

    const SAMPLES: &[&str] = &[
        "",
        "plain ascii",
        " ▸ GPUs      350 k*  ━━━━━●─────",
        "$10.5 B · ×28.3 · 1e25–1e26 … ≈ ≠ ≥ ≤ − √ ∞ ⌈x⌉ ← ↑ → ↓ ↔ ⇧ Σ β",
        "═┃┼▏▼◆● ✗ – — • « » ° ± ² · × ÷ é ü ß",
        // Not plain: wide, combining, control and zero-width characters take ratatui's path.
        "wide 日本 text",
        "e\u{301} combining",
        "tab\tand\nnewline",
        "zero\u{200b}width",
        "emoji 🚀 here",
        "soft\u{ad}hyphen",
    ];

    fn styles() -> [Style; 3] {
        [
            Style::new(),
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Style::new()
                .bg(Color::Red)
                .remove_modifier(Modifier::BOLD)
                .add_modifier(Modifier::DIM),
        ]
    }

    /// A buffer that already holds styled text, so style patching shows.
    fn canvas() -> Buffer {
        let area = Rect::new(2, 1, 30, 3);
        let mut b = Buffer::empty(area);
        for y in area.top()..area.bottom() {
            b.set_string(
                area.x,
                y,
                "x".repeat(30),
                Style::new().fg(Color::Green).add_modifier(Modifier::ITALIC),
            );
        }
        b
    }

    #[test]
    fn plain_chars_are_single_width_one_graphemes() {
        // Every allowed character, alone and between others, lands one per cell.
        let all: String = (0..=0x2800u32)
            .filter_map(char::from_u32)
            .filter(|&c| plain_char(c))
            .collect();
        for chunk in all.chars().collect::<Vec<_>>().chunks(20) {
            let s: String = chunk.iter().collect();
            let mut a = Buffer::empty(Rect::new(0, 0, 40, 1));
            let mut b = a.clone();
            a.set_stringn(0, 0, &s, 40, Style::new());
            write_plain(&mut b, 0, 0, &s, 40, Style::new());
            assert_eq!(a, b, "{s:?}");
        }
    }

    #[test]
    fn put_matches_set_stringn() {
        for s in SAMPLES {
            for style in styles() {
                for (x, max) in [
                    (2, 100),
                    (5, 7),
                    (20, 100),
                    (31, 5),
                    (2, 0),
                    (10, usize::MAX),
                ] {
                    let mut a = canvas();
                    let mut b = canvas();
                    let ra = a.set_stringn(x, 2, s, max, style).0;
                    let rb = put(&mut b, x, 2, s, max, style);
                    assert_eq!(a, b, "{s:?} at {x} max {max}");
                    assert_eq!(ra, rb, "{s:?} at {x} max {max}");
                }
            }
        }
    }

    #[test]
    fn bordered_matches_block() {
        let titles = [
            " Inputs ",
            "",
            " Fleets · H100-equivalents · ×2.5 ",
            " wide 日本 ",
            "x",
        ];
        for title in titles {
            for style in styles() {
                for area in [
                    Rect::new(2, 1, 30, 3),
                    Rect::new(3, 1, 12, 2),
                    Rect::new(4, 2, 1, 1),
                    Rect::new(4, 1, 1, 3),
                    Rect::new(4, 1, 3, 1),
                    Rect::new(5, 1, 2, 2),
                    Rect::new(25, 2, 20, 5),
                    Rect::new(2, 1, 0, 3),
                ] {
                    let mut a = canvas();
                    let mut b = canvas();
                    let block = Block::bordered()
                        .border_style(Style::new().fg(Color::DarkGray))
                        .title(Span::styled(title, style));
                    let inner = block.inner(area);
                    block.render(area, &mut a);
                    let got =
                        bordered(&mut b, area, title, style, Style::new().fg(Color::DarkGray));
                    assert_eq!(a, b, "{title:?} in {area:?}");
                    assert_eq!(inner, got);
                }
            }
        }
    }

    #[test]
    fn line_matches_a_one_line_paragraph() {
        for (i, s) in SAMPLES.iter().enumerate() {
            let t = SAMPLES[(i + 3) % SAMPLES.len()];
            for style in styles() {
                let lines = [
                    Line::from(vec![Span::styled(*s, style), Span::raw(t)]),
                    Line::styled(*s, style),
                    Line::from(vec![
                        Span::raw(" "),
                        Span::styled(t, Style::new().fg(Color::Yellow)),
                        Span::styled(*s, style),
                    ])
                    .style(Style::new().add_modifier(Modifier::UNDERLINED)),
                    Line::from(*s).centered(),
                ];
                for l in lines {
                    for area in [
                        Rect::new(2, 1, 30, 1),
                        Rect::new(5, 2, 8, 2),
                        Rect::new(0, 0, 60, 1),
                        Rect::new(40, 1, 5, 1),
                        Rect::new(3, 3, 0, 1),
                    ] {
                        let mut a = canvas();
                        let mut b = canvas();
                        Paragraph::new(l.clone()).render(area, &mut a);
                        line(&mut b, area, l.clone());
                        assert_eq!(a, b, "{l:?} in {area:?}");
                    }
                }
            }
        }
    }
}
