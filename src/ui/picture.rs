//! The explorer's frame as a picture for reports and READMEs: SVG and HTML.
//!
//! Both read the same `Buffer` the terminal would show (from `TestBackend`), cell by cell with
//! its colours and bold, dim, italic, underline and reverse, so a picture cannot drift from the
//! screen. Colours the terminal would choose itself (its default foreground and background, the
//! sixteen named colours) get a dark theme's values here.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use std::fmt::Write;

/// The default background and foreground of the picture (a dark terminal).
const BACKGROUND: &str = "#1e1e1e";
const FOREGROUND: &str = "#d4d4d4";
/// Cell size in pixels at a 14 px monospace font.
const CELL_W: f64 = 8.4;
const CELL_H: u32 = 18;
const FONT: &str = "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace";

/// The look of one cell: colours resolved, reverse applied.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Look {
    fg: Option<(u8, u8, u8)>,
    bg: Option<(u8, u8, u8)>,
    bold: bool,
    dim: bool,
    italic: bool,
    underline: bool,
}

impl Look {
    fn of(cell: &ratatui::buffer::Cell) -> Look {
        let m = cell.modifier;
        let (mut fg, mut bg) = (rgb(cell.fg), rgb(cell.bg));
        if m.contains(Modifier::REVERSED) {
            let parse = |s: &str| {
                let n = u32::from_str_radix(&s[1..], 16).unwrap_or(0);
                Some(((n >> 16) as u8, (n >> 8) as u8, n as u8))
            };
            let f = fg.or_else(|| parse(FOREGROUND));
            fg = bg.or_else(|| parse(BACKGROUND));
            bg = f;
        }
        Look {
            fg,
            bg,
            bold: m.contains(Modifier::BOLD),
            dim: m.contains(Modifier::DIM),
            italic: m.contains(Modifier::ITALIC),
            underline: m.contains(Modifier::UNDERLINED),
        }
    }

    /// CSS declarations for text in this look (`fill` for SVG, `color` for HTML).
    fn css(&self, colour: &str, background: bool) -> String {
        let mut s = String::new();
        if let Some(c) = self.fg {
            let _ = write!(s, "{colour}:{};", hex(c));
        }
        if background && let Some(c) = self.bg {
            let _ = write!(s, "background:{};", hex(c));
        }
        if self.bold {
            s.push_str("font-weight:bold;");
        }
        if self.dim {
            s.push_str("opacity:0.6;");
        }
        if self.italic {
            s.push_str("font-style:italic;");
        }
        if self.underline {
            s.push_str("text-decoration:underline;");
        }
        s
    }
}

/// A colour as RGB; `None` for the terminal's default.
fn rgb(c: Color) -> Option<(u8, u8, u8)> {
    // The sixteen named colours: VS Code's dark terminal palette.
    const NAMED: [(u8, u8, u8); 16] = [
        (0x00, 0x00, 0x00),
        (0xcd, 0x31, 0x31),
        (0x0d, 0xbc, 0x79),
        (0xe5, 0xe5, 0x10),
        (0x24, 0x72, 0xc8),
        (0xbc, 0x3f, 0xbc),
        (0x11, 0xa8, 0xcd),
        (0xe5, 0xe5, 0xe5),
        (0x76, 0x76, 0x76),
        (0xf1, 0x4c, 0x4c),
        (0x23, 0xd1, 0x8b),
        (0xf5, 0xf5, 0x43),
        (0x3b, 0x8e, 0xea),
        (0xd6, 0x70, 0xd6),
        (0x29, 0xb8, 0xdb),
        (0xff, 0xff, 0xff),
    ];
    let index = |i: u8| -> (u8, u8, u8) {
        match i {
            0..=15 => NAMED[i as usize],
            16..=231 => {
                let i = i - 16;
                let level = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
                (level(i / 36), level(i / 6 % 6), level(i % 6))
            }
            _ => {
                let v = 8 + 10 * (i - 232);
                (v, v, v)
            }
        }
    };
    Some(match c {
        Color::Reset => return None,
        Color::Black => index(0),
        Color::Red => index(1),
        Color::Green => index(2),
        Color::Yellow => index(3),
        Color::Blue => index(4),
        Color::Magenta => index(5),
        Color::Cyan => index(6),
        Color::Gray => index(7),
        Color::DarkGray => index(8),
        Color::LightRed => index(9),
        Color::LightGreen => index(10),
        Color::LightYellow => index(11),
        Color::LightBlue => index(12),
        Color::LightMagenta => index(13),
        Color::LightCyan => index(14),
        Color::White => index(15),
        Color::Rgb(r, g, b) => (r, g, b),
        Color::Indexed(i) => index(i),
    })
}

fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Text safe inside XML and HTML elements and attributes.
fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Control characters are not allowed in XML 1.0; the screen never holds them.
            c if c.is_control() => out.push(' '),
            // Nor are U+FFFE and U+FFFF (a title can hold them); the other noncharacters are
            // discouraged. They show as the replacement character.
            c if is_noncharacter(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
}

/// Unicode's noncharacters: U+FDD0 to U+FDEF and the last two code points of every plane.
fn is_noncharacter(c: char) -> bool {
    let n = u32::from(c);
    (0xfdd0..=0xfdef).contains(&n) || n & 0xfffe == 0xfffe
}

/// Runs of cells with one look on row `y`: (first column, width in cells, look, text).
fn runs(buf: &Buffer, y: u16) -> Vec<(u16, u16, Look, String)> {
    let area = buf.area;
    let mut out: Vec<(u16, u16, Look, String)> = Vec::new();
    let mut x = area.left();
    while x < area.right() {
        let cell = &buf[(x, y)];
        let look = Look::of(cell);
        let sym = if cell.symbol().is_empty() {
            " "
        } else {
            cell.symbol()
        };
        // A wide character spans the cells after it, which hold nothing of their own.
        let width = (ratatui::text::Span::raw(sym).width() as u16).max(1);
        match out.last_mut() {
            Some((_, w, l, t)) if *l == look => {
                *w += width;
                t.push_str(sym);
            }
            _ => out.push((x, width, look, sym.to_string())),
        }
        x += width;
    }
    out
}

/// The frame as an SVG image: one rectangle per run of background colour, one `<text>` per run
/// of text in one look, placed on the cell grid.
pub fn svg(buf: &Buffer) -> String {
    let (w, h) = (buf.area.width, buf.area.height);
    let (pw, ph) = (f64::from(w) * CELL_W, u32::from(h) * CELL_H);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{pw:.0}\" height=\"{ph}\" \
         viewBox=\"0 0 {pw:.1} {ph}\" font-family=\"{FONT}\" font-size=\"14\">"
    );
    let _ = writeln!(
        s,
        "<rect width=\"100%\" height=\"100%\" fill=\"{BACKGROUND}\"/>\n<g fill=\"{FOREGROUND}\" \
         xml:space=\"preserve\">"
    );
    for y in 0..h {
        let row = runs(buf, buf.area.top() + y);
        let top = u32::from(y) * CELL_H;
        for (x, width, look, _) in &row {
            if let Some(bg) = look.bg {
                let _ = writeln!(
                    s,
                    "<rect x=\"{:.1}\" y=\"{top}\" width=\"{:.1}\" height=\"{CELL_H}\" fill=\"{}\"/>",
                    f64::from(x - buf.area.left()) * CELL_W,
                    f64::from(*width) * CELL_W,
                    hex(bg)
                );
            }
        }
        for (x, width, look, text) in &row {
            if text.trim().is_empty() && !look.underline {
                continue;
            }
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{}\" textLength=\"{:.1}\" lengthAdjust=\"spacingAndGlyphs\"",
                f64::from(x - buf.area.left()) * CELL_W,
                top + 13,
                f64::from(*width) * CELL_W
            );
            let css = look.css("fill", false);
            if !css.is_empty() {
                let _ = write!(s, " style=\"{css}\"");
            }
            s.push('>');
            escape(text, &mut s);
            s.push_str("</text>\n");
        }
    }
    s.push_str("</g>\n</svg>\n");
    s
}

/// The frame as a standalone HTML page: a `<pre>` with one `<span>` per run of one look.
pub fn html(buf: &Buffer) -> String {
    let mut s = String::from("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(
        s,
        "<title>agi-compute</title>\n</head>\n<body style=\"margin:0;background:{BACKGROUND}\">\n\
         <pre style=\"margin:0;padding:8px;background:{BACKGROUND};color:{FOREGROUND};\
         font-family:{FONT};font-size:14px;line-height:{CELL_H}px\">"
    );
    for y in 0..buf.area.height {
        for (_, _, look, text) in runs(buf, buf.area.top() + y) {
            let css = look.css("color", true);
            if css.is_empty() {
                escape(&text, &mut s);
            } else {
                let _ = write!(s, "<span style=\"{css}\">");
                escape(&text, &mut s);
                s.push_str("</span>");
            }
        }
        s.push('\n');
    }
    s.push_str("</pre>\n</body>\n</html>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    #[test]
    fn styles_become_runs_and_markup_is_escaped() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 8, 1));
        buf.set_string(0, 0, "a<b", Style::new().fg(Color::Cyan));
        buf.set_string(3, 0, "&", Style::new().add_modifier(Modifier::REVERSED));
        let h = html(&buf);
        assert!(
            h.contains("<span style=\"color:#11a8cd;\">a&lt;b</span>"),
            "{h}"
        );
        assert!(
            h.contains("<span style=\"color:#1e1e1e;background:#d4d4d4;\">&amp;</span>"),
            "{h}"
        );
        let s = svg(&buf);
        assert!(s.contains(">a&lt;b</text>"), "{s}");
        assert!(s.contains("fill=\"#d4d4d4\"/>"), "{s}");
    }

    #[test]
    fn characters_xml_refuses_never_reach_the_picture() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 8, 1));
        buf.set_string(0, 0, "a\u{ffff}b\u{fffe}\u{fdd0}\u{10ffff}", Style::new());
        for text in [svg(&buf), html(&buf)] {
            assert!(
                text.contains("a\u{fffd}b\u{fffd}\u{fffd}\u{fffd}"),
                "{text}"
            );
        }
        assert!(roxmltree::Document::parse(&svg(&buf)).is_ok());
    }

    #[test]
    fn the_256_colour_cube() {
        assert_eq!(rgb(Color::Indexed(196)), Some((255, 0, 0)));
        assert_eq!(rgb(Color::Indexed(244)), Some((128, 128, 128)));
        assert_eq!(rgb(Color::Reset), None);
    }
}
