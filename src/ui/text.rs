//! Writing text into the buffer, quickly.
//!
//! ratatui's `Buffer::set_stringn` and `Paragraph` split every string into grapheme clusters and
//! measure each one: correct for any text, and most of the cost of drawing a frame here. Nearly
//! everything this program writes is plain: printable ASCII and a few symbols (box drawing,
//! arrows, `·`, `×`, `–`) that are each one grapheme of width 1. For such text these functions
//! store constant cells, with exactly what the ratatui call they stand for shows (tests compare
//! them cell for cell) plus the cell's width for the diff; any other text goes through ratatui
//! itself. [`Pen`] writes rows and leaves out padding that would not show.

use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, Cell, CellDiffOption};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

/// The plain characters beyond printable ASCII and Latin-1: the symbols this program draws
/// with, sorted by code point so a binary search finds them.
const SYMBOLS: [char; 37] = [
    'Σ', 'β', '–', '—', '•', '…', '←', '↑', '→', '↓', '↔', '⇧', '−', '√', '∞', '≈', '≠', '≤', '≥',
    '⌈', '⌉', '─', '━', '│', '┃', '┌', '┐', '└', '┘', '┼', '═', '▏', '▸', '▼', '◆', '●', '✗',
];

/// A plain character is one grapheme cluster of width 1 wherever it stands, next to any other
/// such character: printable ASCII, Latin-1 symbols and letters, and [`SYMBOLS`]. All have
/// Grapheme_Cluster_Break=Other, so a string of them breaks between every two characters
/// (UAX #29, GB999).
fn plain_char(c: char) -> bool {
    match c {
        ' '..='~' => true,
        '\u{ad}' => false,
        '\u{a1}'..='\u{ff}' => true,
        _ => SYMBOLS.binary_search(&c).is_ok(),
    }
}

/// Whether every character of `s` is [`plain_char`].
fn plain(s: &str) -> bool {
    s.is_ascii() && s.bytes().all(|b| (b' '..=b'~').contains(&b)) || s.chars().all(plain_char)
}

/// Columns `s` takes on screen.
pub fn width(s: &str) -> usize {
    if plain(s) {
        s.chars().count()
    } else {
        Span::raw(s).width()
    }
}

/// The one rule for text that does not fit in `room` columns: cut after the last whole word
/// that leaves a column for "…", and end with "…" — never a fragment that reads as a word of
/// its own ("reporti", "×10."). A first word longer than the room is cut inside it, still
/// with "…". Text that fits comes back as it is. Every cut the explorer draws goes through
/// here: `put`, `Pen`, `line` and `bordered` apply it, and overlays that pre-format columns
/// call it for each.
pub fn fit(s: &str, room: usize) -> std::borrow::Cow<'_, str> {
    if width(s) <= room {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(cut(s, room))
}

/// `s` cut by [`fit`]'s rule to end in "…" within `room` columns, even where it would fit: for
/// text followed by more that does not.
pub fn cut(s: &str, room: usize) -> String {
    if room == 0 {
        return String::new();
    }
    // The longest prefix of at most room − 1 columns, as byte offsets of its character ends.
    let keep = room - 1;
    let mut used = 0;
    let mut end = 0;
    let mut word_end = None;
    let mut prev: Option<char> = None;
    for (i, c) in s.char_indices() {
        let w = if plain_char(c) {
            1
        } else {
            width(&s[i..i + c.len_utf8()])
        };
        // A word ends before a space, and after a dash, slash or separator.
        if c.is_whitespace()
            || prev.is_some_and(|p| matches!(p, '-' | '/' | '–' | '—' | ',' | ';' | '·'))
        {
            word_end = Some(end);
        }
        if used + w > keep {
            break;
        }
        used += w;
        end = i + c.len_utf8();
        prev = Some(c);
    }
    // The character after the prefix decides whether the prefix ends a word.
    let next = s[end..].chars().next();
    if next.is_some_and(char::is_whitespace) {
        word_end = Some(end);
    }
    let cut = match word_end {
        Some(w) if w > 0 => w,
        _ => end,
    };
    // No dangling separator before the ellipsis: "matches …" not "matches · …".
    let head = s[..cut]
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '·' | ',' | ';' | ':'));
    let head = if head.is_empty() { &s[..end] } else { head };
    format!("{head}…")
}

/// `s` word-wrapped to lines of at most `room` columns (a word longer than a line is cut by
/// [`fit`]'s rule).
pub fn wrap(s: &str, room: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    // The line's width, kept as words are added (words are separated by a space, so widths
    // add): measuring the whole line again for each word made long text quadratic, and the
    // Limits view wraps a paragraph for each limit on every frame.
    let mut line_w = 0;
    for word in s.split_whitespace() {
        let word_w = width(word);
        if !line.is_empty() && line_w + 1 + word_w > room {
            lines.push(std::mem::take(&mut line));
            line_w = 0;
        }
        if !line.is_empty() {
            line.push(' ');
            line_w += 1;
        }
        line.push_str(word);
        line_w += word_w;
        if line_w > room {
            line = fit(&line, room).into_owned();
            line_w = width(&line);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `line` as [`line`] writes it in `room` columns: whole where it fits, else [`cut_line`].
/// (`line` measures each span once, for the fit and the plain path together.)
#[cfg(test)]
pub fn fit_line(line: Line<'_>, room: usize) -> Line<'_> {
    let total: usize = line.spans.iter().map(|s| width(&s.content)).sum();
    if total <= room {
        return line;
    }
    cut_line(line, room)
}

/// `line`, known not to fit in `room` columns, cut by [`fit`]'s rule: the span that overflows
/// is cut at a word and ends in "…", the spans after it are left out (trailing blanks are not
/// an overflow).
fn cut_line(line: Line<'_>, room: usize) -> Line<'_> {
    let Line {
        mut spans,
        style,
        alignment,
    } = line;
    // Padding at the end is not text: it may go before anything is cut.
    while let Some(last) = spans.last_mut() {
        let kept = last.content.trim_end().len();
        if kept == 0 {
            spans.pop();
            continue;
        }
        if kept < last.content.len() {
            last.content = last.content[..kept].to_string().into();
        }
        break;
    }
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    let mut used = 0;
    let n = spans.len();
    for (k, span) in spans.into_iter().enumerate() {
        let w = width(&span.content);
        if used + w <= room {
            used += w;
            out.push(span);
            continue;
        }
        // What is cut is this span's, unless it starts at the very end: then the last one
        // shown gives up a column for the ellipsis.
        let left = room - used;
        if left == 0 {
            if let Some(last) = out.last_mut() {
                let lw = width(&last.content);
                last.content = cut(&last.content, lw).into();
            }
        } else {
            let rest_blank = span.content.trim().is_empty();
            if !rest_blank || k + 1 < n {
                let text = cut(&span.content, left);
                out.push(Span::styled(text, span.style));
            }
        }
        break;
    }
    Line {
        spans: out,
        style,
        alignment,
    }
}

/// `cell` with its width given: ratatui's diff then need not look the symbol up in the Unicode
/// tables, for every cell of every frame (a third of the diff's time for box drawing).
const fn forced(mut cell: Cell) -> Cell {
    cell.diff_option = CellDiffOption::ForcedWidth(NonZeroU16::MIN);
    cell
}

/// Defines [`set_plain`]: one arm per plain character, each storing a constant cell.
///
/// Storing a constant is a jump and three 16-byte stores. Building the symbol at run time, by
/// `Cell::set_symbol` or by cloning a prebuilt cell, goes through a stack copy of the
/// `CompactString` that stalls on store forwarding, and that was the largest single cost of a
/// frame (BENCHMARKS.md, "Why 2× is out of reach"). The space keeps no width, so it still
/// equals a cleared cell and padding costs nothing on the wire.
macro_rules! plain_cells {
    ($($c:literal $s:literal)*) => {
        /// `cell.set_symbol(c).set_style(style)` for a plain character `c`, with its width
        /// given; false (and `cell` untouched) for any other character.
        #[inline]
        fn set_plain(cell: &mut Cell, c: char, style: Style) -> bool {
            match c {
                ' ' => {
                    const C: Cell = Cell::new(" ");
                    write_kept(cell, C, style);
                }
                $($c => {
                    const C: Cell = forced(Cell::new($s));
                    write_kept(cell, C, style);
                })*
                _ => return false,
            }
            true
        }
    };
}

// Generated from `plain_index`'s ranges and SYMBOLS; `every_plain_char_has_an_arm` checks it.
plain_cells! {
    '!' "!" '"' "\"" '#' "#" '$' "$" '%' "%" '&' "&" '\'' "'"
    '(' "(" ')' ")" '*' "*" '+' "+" ',' "," '-' "-" '.' "." '/' "/"
    '0' "0" '1' "1" '2' "2" '3' "3" '4' "4" '5' "5" '6' "6" '7' "7"
    '8' "8" '9' "9" ':' ":" ';' ";" '<' "<" '=' "=" '>' ">" '?' "?"
    '@' "@" 'A' "A" 'B' "B" 'C' "C" 'D' "D" 'E' "E" 'F' "F" 'G' "G"
    'H' "H" 'I' "I" 'J' "J" 'K' "K" 'L' "L" 'M' "M" 'N' "N" 'O' "O"
    'P' "P" 'Q' "Q" 'R' "R" 'S' "S" 'T' "T" 'U' "U" 'V' "V" 'W' "W"
    'X' "X" 'Y' "Y" 'Z' "Z" '[' "[" '\\' "\\" ']' "]" '^' "^" '_' "_"
    '`' "`" 'a' "a" 'b' "b" 'c' "c" 'd' "d" 'e' "e" 'f' "f" 'g' "g"
    'h' "h" 'i' "i" 'j' "j" 'k' "k" 'l' "l" 'm' "m" 'n' "n" 'o' "o"
    'p' "p" 'q' "q" 'r' "r" 's' "s" 't' "t" 'u' "u" 'v' "v" 'w' "w"
    'x' "x" 'y' "y" 'z' "z" '{' "{" '|' "|" '}' "}" '~' "~" '¡' "¡"
    '¢' "¢" '£' "£" '¤' "¤" '¥' "¥" '¦' "¦" '§' "§" '¨' "¨" '©' "©"
    'ª' "ª" '«' "«" '¬' "¬" '®' "®" '¯' "¯" '°' "°" '±' "±" '²' "²"
    '³' "³" '´' "´" 'µ' "µ" '¶' "¶" '·' "·" '¸' "¸" '¹' "¹" 'º' "º"
    '»' "»" '¼' "¼" '½' "½" '¾' "¾" '¿' "¿" 'À' "À" 'Á' "Á" 'Â' "Â"
    'Ã' "Ã" 'Ä' "Ä" 'Å' "Å" 'Æ' "Æ" 'Ç' "Ç" 'È' "È" 'É' "É" 'Ê' "Ê"
    'Ë' "Ë" 'Ì' "Ì" 'Í' "Í" 'Î' "Î" 'Ï' "Ï" 'Ð' "Ð" 'Ñ' "Ñ" 'Ò' "Ò"
    'Ó' "Ó" 'Ô' "Ô" 'Õ' "Õ" 'Ö' "Ö" '×' "×" 'Ø' "Ø" 'Ù' "Ù" 'Ú' "Ú"
    'Û' "Û" 'Ü' "Ü" 'Ý' "Ý" 'Þ' "Þ" 'ß' "ß" 'à' "à" 'á' "á" 'â' "â"
    'ã' "ã" 'ä' "ä" 'å' "å" 'æ' "æ" 'ç' "ç" 'è' "è" 'é' "é" 'ê' "ê"
    'ë' "ë" 'ì' "ì" 'í' "í" 'î' "î" 'ï' "ï" 'ð' "ð" 'ñ' "ñ" 'ò' "ò"
    'ó' "ó" 'ô' "ô" 'õ' "õ" 'ö' "ö" '÷' "÷" 'ø' "ø" 'ù' "ù" 'ú' "ú"
    'û' "û" 'ü' "ü" 'ý' "ý" 'þ' "þ" 'ÿ' "ÿ" 'Σ' "Σ" 'β' "β" '–' "–"
    '—' "—" '•' "•" '…' "…" '←' "←" '↑' "↑" '→' "→" '↓' "↓" '↔' "↔"
    '⇧' "⇧" '−' "−" '√' "√" '∞' "∞" '≈' "≈" '≠' "≠" '≤' "≤" '≥' "≥"
    '⌈' "⌈" '⌉' "⌉" '─' "─" '━' "━" '│' "│" '┃' "┃" '┌' "┌" '┐' "┐"
    '└' "└" '┘' "┘" '┼' "┼" '═' "═" '▏' "▏" '▸' "▸" '▼' "▼" '◆' "◆"
    '●' "●" '✗' "✗"
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
    if s.is_ascii() {
        for (b, cell) in s.bytes().zip(cells) {
            if !set_plain(cell, char::from(b), style) {
                break;
            }
            n += 1;
        }
    } else {
        for (c, cell) in s.chars().zip(cells) {
            if !set_plain(cell, c, style) {
                break;
            }
            n += 1;
        }
    }
    x + n
}

/// After ratatui itself wrote cells `x0..x1` of row `y`: any of them may now hold a wide
/// symbol, so none may keep a forced width from a plain write earlier in the frame.
fn unforce(buf: &mut Buffer, x0: u16, x1: u16, y: u16) {
    for x in x0..x1.min(buf.area.right()) {
        if let Some(cell) = buf.cell_mut((x, y)) {
            cell.set_diff_option(CellDiffOption::None);
        }
    }
}

/// Writes a plain character's constant cell `symbol` as `set_symbol` would: the cell keeps its
/// colours, modifiers and skip flag, then takes `style`. The one writer of plain cells, for
/// [`set_plain`] and the runs of [`fill_cells`]; inlined where `symbol` is a constant, so the
/// symbol is stored as immediates.
#[inline(always)]
fn write_kept(cell: &mut Cell, symbol: Cell, style: Style) {
    let (fg, bg, underline, modifier) = (cell.fg, cell.bg, cell.underline_color, cell.modifier);
    #[allow(deprecated)] // `skip` is kept as it was, as `set_symbol` keeps it.
    let skip = cell.skip;
    *cell = symbol;
    cell.fg = fg;
    cell.bg = bg;
    cell.underline_color = underline;
    cell.modifier = modifier;
    #[allow(deprecated)]
    {
        cell.skip = skip;
    }
    cell.set_style(style);
}

/// `set_plain(cell, c, style)` on `cells[0]`, `cells[step]`, `cells[2 × step]`, …; false (and
/// nothing written) if `c` is not plain. The characters of rules, tracks and borders, most of
/// the cells a frame writes this way, are looked up once for the run rather than once a cell
/// (a search among the plain characters, for box drawing); any other goes cell by cell.
fn fill_cells(cells: &mut [Cell], step: usize, c: char, style: Style) -> bool {
    macro_rules! run {
        ($symbol:expr) => {{
            const C: Cell = $symbol;
            for cell in cells.iter_mut().step_by(step) {
                write_kept(cell, C, style);
            }
            true
        }};
    }
    match c {
        ' ' => run!(Cell::new(" ")),
        '─' => run!(forced(Cell::new("─"))),
        '━' => run!(forced(Cell::new("━"))),
        '│' => run!(forced(Cell::new("│"))),
        '═' => run!(forced(Cell::new("═"))),
        _ => {
            for cell in cells.iter_mut().step_by(step) {
                // `c` is the same for every cell: only the first can refuse it.
                if !set_plain(cell, c, style) {
                    return false;
                }
            }
            true
        }
    }
}

/// Writes `n` copies of the plain character `c` from `x` on along row `y`, clipped to the
/// buffer: `buf.set_string(x, y, c.repeat(n), style)` without building the string. Rules,
/// tracks and borders are most of the cells of a frame.
pub fn fill(buf: &mut Buffer, x: u16, y: u16, n: u16, c: char, style: Style) {
    let area = buf.area;
    if y < area.top() || y >= area.bottom() || x < area.left() || x >= area.right() {
        return;
    }
    let n = n.min(area.right() - x);
    if n == 0 {
        return;
    }
    let start = buf.index_of(x, y);
    if !fill_cells(&mut buf.content[start..start + n as usize], 1, c, style) {
        // A run of one character is not text: ratatui writes what fits, no ellipsis.
        let end = buf
            .set_stringn(x, y, c.to_string().repeat(n.into()), usize::MAX, style)
            .0;
        unforce(buf, x, end, y);
    }
}

/// [`fill`] down column `x` from row `y`: `n` cells, clipped to the buffer (the character
/// looked up once for the column, as along a row).
pub fn fill_down(buf: &mut Buffer, x: u16, y: u16, n: u16, c: char, style: Style) {
    let area = buf.area;
    let bottom = area.bottom().min(y.saturating_add(n));
    let y = y.max(area.top());
    if x < area.left() || x >= area.right() || y >= bottom {
        return;
    }
    let start = buf.index_of(x, y);
    let width = usize::from(area.width);
    let end = start + usize::from(bottom - y - 1) * width + 1;
    if !fill_cells(&mut buf.content[start..end], width, c, style) {
        for row in y..bottom {
            fill(buf, x, row, 1, c, style);
        }
    }
}

/// `buf.set_stringn(x, y, s, max_width, style)`.
pub fn put(buf: &mut Buffer, x: u16, y: u16, s: &str, max_width: usize, style: Style) -> u16 {
    let room = usize::from(buf.area.right().saturating_sub(x)).min(max_width);
    let s = &*fit(s, room);
    if !plain(s) {
        let end = buf.set_stringn(x, y, s, max_width, style).0;
        unforce(buf, x, end, y);
        return end;
    }
    let max_width = max_width.try_into().unwrap_or(u16::MAX);
    let room = buf.area.right().saturating_sub(x).min(max_width);
    write_plain(buf, x, y, s, room, style)
}

/// `buf.set_string(x, y, s, style)`.
pub fn put_str(buf: &mut Buffer, x: u16, y: u16, s: &str, style: Style) -> u16 {
    put(buf, x, y, s, usize::MAX, style)
}

/// Modifiers that show on a blank cell: padding in such a style must be written.
const VISIBLE_ON_BLANK: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::SLOW_BLINK)
    .union(Modifier::RAPID_BLINK)
    .union(Modifier::CROSSED_OUT);

/// Writes one row left to right, never past the end of its area: a `Line` of spans without
/// building one. Padding that would not show (spaces without a background or a visible
/// modifier) is skipped, not written: the buffer of a frame starts blank, and every skipped
/// cell is one less to write and, in the diff, one more equal to the last frame.
pub struct Pen<'b> {
    buf: &'b mut Buffer,
    start: u16,
    x: u16,
    y: u16,
    end: u16,
}

impl<'b> Pen<'b> {
    /// A pen at the start of the first row of `area` (clipped to the buffer).
    pub fn new(buf: &'b mut Buffer, area: Rect) -> Pen<'b> {
        let a = area.intersection(buf.area);
        // Nothing is written through a pen whose row is outside the buffer.
        let end = if a.is_empty() { a.x } else { a.right() };
        Pen {
            buf,
            start: a.x,
            x: a.x,
            y: a.y,
            end,
        }
    }

    /// The column the pen has reached, counted from the row's start.
    pub fn column(&self) -> usize {
        usize::from(self.x - self.start)
    }

    /// Cells left before the end of the row.
    pub fn room(&self) -> usize {
        usize::from(self.end.saturating_sub(self.x))
    }

    /// Writes `s` (cut at the end of the row).
    pub fn text(&mut self, s: &str, style: Style) -> &mut Self {
        if self.x < self.end {
            self.x = put(self.buf, self.x, self.y, s, self.room(), style);
        }
        self
    }

    /// Moves on to column `col` of the row (counted from its start), padding in `style`: the
    /// spaces are written only if they would show. Does nothing if the pen is already there
    /// or past it.
    pub fn pad_to(&mut self, col: u16, style: Style) -> &mut Self {
        let to = self.start.saturating_add(col).min(self.end);
        if to > self.x {
            let shows = style.bg.is_some_and(|c| c != Color::Reset)
                || style.add_modifier.intersects(VISIBLE_ON_BLANK);
            if shows {
                fill(self.buf, self.x, self.y, to - self.x, ' ', style);
            }
            self.x = to;
        }
        self
    }

    /// Writes `s` right-aligned in the next `width` cells, as `format!("{s:>width$}")` would
    /// (text longer than `width` is written whole).
    pub fn right(&mut self, s: &str, width: u16, style: Style) -> &mut Self {
        let len = s.chars().count().min(usize::from(width)) as u16;
        let col = self.x - self.start;
        self.pad_to(col.saturating_add(width - len), style)
            .text(s, style)
    }

    /// [`Pen::pad_to`] the end of the row.
    pub fn pad(&mut self, style: Style) -> &mut Self {
        self.pad_to(self.end - self.start, style)
    }
}

/// `Paragraph::new(line).render(area, buf)` for a one-line paragraph: no wrapping, no block,
/// left-aligned, written on the first row of `area`.
pub fn line(buf: &mut Buffer, area: Rect, line: Line) {
    let area = area.intersection(buf.area);
    // One look at each span tells both whether the line fits and whether it is plain: a
    // line that fits is then written without reading its text again.
    let (mut total, mut all_plain) = (0, true);
    for span in &line.spans {
        let s: &str = &span.content;
        if plain(s) {
            total += s.chars().count();
        } else {
            total += Span::raw(s).width();
            all_plain = false;
        }
    }
    let room = usize::from(area.width);
    let (line, all_plain) = if total <= room {
        (line, all_plain)
    } else {
        let cut = cut_line(line, room);
        let all_plain = cut.spans.iter().all(|s| plain(&s.content));
        (cut, all_plain)
    };
    let simple = line.alignment.is_none() && all_plain;
    if !simple {
        Paragraph::new(line).render(area, buf);
        if area.height > 0 {
            unforce(buf, area.x, area.right(), area.y);
        }
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
    let (w, h) = (area.width, area.height);
    fill_down(buf, left, top, h, '│', border);
    fill(buf, left, top, w, '─', border);
    fill_down(buf, right, top, h, '│', border);
    fill(buf, left, bottom, w, '─', border);
    fill(buf, right, bottom, 1, '┘', border);
    fill(buf, right, top, 1, '┐', border);
    fill(buf, left, bottom, 1, '└', border);
    fill(buf, left, top, 1, '┌', border);
    // The title on the top border, between the corners.
    let room = area.width.saturating_sub(2);
    if room == 0 || title.is_empty() {
        return inner;
    }
    let title = &*fit(title, usize::from(room));
    if plain(title) {
        write_plain(buf, left + 1, top, title, room, title_style);
    } else {
        let line = Line::from(Span::styled(title, title_style));
        let width = (line.width().min(u16::MAX as usize) as u16).min(room);
        line.render(Rect::new(left + 1, top, width, 1), buf);
        unforce(buf, left + 1, left + 1 + width, top);
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

    /// `b` shows what `a` shows, cell for cell (symbol, colours, modifiers), and any width `b`
    /// forces on a cell is that symbol's real width. (The option itself differs on purpose:
    /// ratatui's own writes leave it unset.)
    #[track_caller]
    fn assert_same(a: &Buffer, b: &Buffer, what: impl std::fmt::Display) {
        assert_eq!(a.area, b.area, "{what}");
        for (i, (ca, cb)) in a.content.iter().zip(&b.content).enumerate() {
            let mut cb_plain = cb.clone();
            cb_plain.set_diff_option(ca.diff_option);
            assert_eq!(ca, &cb_plain, "{what}: cell {:?}", a.pos_of(i));
            if let CellDiffOption::ForcedWidth(w) = cb.diff_option {
                assert_eq!(
                    usize::from(w.get()),
                    Span::raw(cb.symbol()).width(),
                    "{what}: forced width of {:?}",
                    cb.symbol()
                );
            }
        }
    }

    #[test]
    fn text_is_cut_after_a_whole_word_with_an_ellipsis() {
        assert_eq!(
            fit("matches Gemini 1.0 Ultra", 100),
            "matches Gemini 1.0 Ultra"
        );
        assert_eq!(
            fit("matches Gemini 1.0 Ultra", 24),
            "matches Gemini 1.0 Ultra"
        );
        assert_eq!(fit("matches Gemini 1.0 Ultra", 23), "matches Gemini 1.0…");
        assert_eq!(fit("matches Gemini 1.0 Ultra", 10), "matches…");
        // A separator before the cut goes with it.
        assert_eq!(fit("×2.32 Grok-3 · ×28.3 Llama", 15), "×2.32 Grok-3…");
        // A number is a word: "×10." never shows.
        assert_eq!(fit("threshold   ×10.8 US EO", 16), "threshold…");
        // One word longer than the room is cut inside it, still with the ellipsis.
        assert_eq!(fit("https://example.org/a/b", 10), "https://…");
        assert_eq!(fit("Supercalifragilistic", 6), "Super…");
        assert_eq!(fit("anything", 1), "…");
        assert_eq!(fit("anything", 0), "");
        // Wide characters count as two columns.
        assert_eq!(fit("日本 語 text", 6), "日本…");
        assert_eq!(
            wrap("a failure every 8.7 min, 10 min restart", 16),
            ["a failure every", "8.7 min, 10 min", "restart"]
        );
    }

    /// Wrapping keeps each line's width as it goes; it gives what measuring every line again
    /// gives, for text with wide characters, long words and runs of blanks.
    #[test]
    fn wrapping_by_kept_widths_matches_measuring_each_line() {
        fn measured(s: &str, room: usize) -> Vec<String> {
            let mut lines: Vec<String> = Vec::new();
            let mut line = String::new();
            for word in s.split_whitespace() {
                let need = width(&line) + usize::from(!line.is_empty()) + width(word);
                if !line.is_empty() && need > room {
                    lines.push(std::mem::take(&mut line));
                }
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                if width(&line) > room {
                    line = fit(&line, room).into_owned();
                }
            }
            if !line.is_empty() {
                lines.push(line);
            }
            lines
        }
        let words = [
            "a",
            "failure",
            "every",
            "8.7",
            "min,",
            "日本語",
            "×10.8",
            "https://example.org/a/b",
            "Supercalifragilisticexpialidocious",
            "—",
            "·",
            "é",
            "  ",
            "\t",
            "CO2eq",
        ];
        let mut state = 7u64;
        for _ in 0..3_000 {
            let mut text = String::new();
            for _ in 0..(state % 40) {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                text.push_str(words[(state >> 33) as usize % words.len()]);
                text.push(if state & 4 == 0 { ' ' } else { '\n' });
            }
            let room = (state >> 20) as usize % 50;
            assert_eq!(
                wrap(&text, room),
                measured(&text, room),
                "{text:?} in {room}"
            );
        }
    }

    #[test]
    fn a_line_is_cut_at_a_word_of_the_span_that_overflows() {
        let l = Line::from(vec![
            Span::raw(" GPUs "),
            Span::raw("reported · Mark Zuckerberg"),
        ]);
        let cut = fit_line(l, 20);
        let text: String = cut.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, " GPUs reported…");
        // A span that ends exactly at the edge gives a column to the ellipsis.
        let l = Line::from(vec![Span::raw("0123456789"), Span::raw(" more")]);
        let text: String = fit_line(l, 10)
            .spans
            .iter()
            .map(|s| s.content.as_ref())
            .collect();
        assert_eq!(text, "012345678…");
    }

    #[test]
    fn symbols_are_sorted_and_every_plain_char_has_an_arm() {
        assert!(SYMBOLS.windows(2).all(|w| w[0] < w[1]));
        let mut count = 0;
        for c in (0..=0x2800u32).filter_map(char::from_u32) {
            let mut cell = Cell::EMPTY;
            let written = set_plain(&mut cell, c, Style::new());
            assert_eq!(written, plain_char(c), "{c:?}");
            if written {
                assert_eq!(cell.symbol(), c.to_string());
                count += 1;
            } else {
                assert_eq!(cell, Cell::EMPTY);
            }
        }
        assert_eq!(count, 95 + 94 + SYMBOLS.len());
    }

    #[test]
    fn forced_widths_survive_ratatui_writing_wide_text_over_plain_text() {
        let mut b = Buffer::empty(Rect::new(0, 0, 20, 2));
        put(&mut b, 0, 0, "────────────", 20, Style::new());
        put(&mut b, 2, 0, "日本", 20, Style::new());
        line(&mut b, Rect::new(0, 1, 20, 1), Line::from("━━━━━━━━"));
        line(&mut b, Rect::new(0, 1, 20, 1), Line::from("x 日本 y"));
        for cell in &b.content {
            if let CellDiffOption::ForcedWidth(w) = cell.diff_option {
                assert_eq!(usize::from(w.get()), Span::raw(cell.symbol()).width());
            }
        }
    }

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
            assert_same(&a, &b, format_args!("{s:?}"));
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
                    // `put` cuts by the one rule: ratatui's write of the cut text.
                    let room = usize::from(a.area.right().saturating_sub(x)).min(max);
                    let ra = a.set_stringn(x, 2, fit(s, room), max, style).0;
                    let rb = put(&mut b, x, 2, s, max, style);
                    assert_same(&a, &b, format_args!("{s:?} at {x} max {max}"));
                    assert_eq!(ra, rb, "{s:?} at {x} max {max}");
                }
            }
        }
    }

    #[test]
    fn fill_matches_set_string_of_the_repeated_char() {
        for c in ['─', '━', 'x', ' ', '●', '日', '\u{301}'] {
            for style in styles() {
                for (x, y, n) in [
                    (2, 1, 5),
                    (20, 2, 30),
                    (31, 3, 4),
                    (2, 4, 3),
                    (0, 1, 3),
                    (5, 2, 0),
                ] {
                    let mut a = canvas();
                    let mut b = canvas();
                    if a.area.contains((x, y).into()) {
                        a.set_string(x, y, c.to_string().repeat(n as usize), style);
                    }
                    fill(&mut b, x, y, n, c, style);
                    assert_same(&a, &b, format_args!("{c:?} ×{n} at {x},{y}"));
                }
                let mut a = canvas();
                let mut b = canvas();
                for y in 1..4 {
                    a.set_string(3, y, c.to_string(), style);
                }
                fill_down(&mut b, 3, 1, 9, c, style);
                assert_same(&a, &b, format_args!("{c:?} down"));
            }
        }
    }

    /// A run over cells unlike each other in colour and modifiers (a rule drawn across a
    /// highlighted word, a border over a styled cell) patches each cell's own style, as
    /// ratatui does: `fill` copies its first cell only onto cells alike.
    #[test]
    fn fill_over_cells_of_mixed_styles_matches_set_string() {
        let area = Rect::new(0, 0, 12, 6);
        let mixed = || {
            let mut b = Buffer::empty(area);
            let looks = [
                Style::new().fg(Color::Green),
                Style::new()
                    .bg(Color::Blue)
                    .add_modifier(Modifier::REVERSED),
                Style::new(),
            ];
            for y in 0..6 {
                for x in 0..12 {
                    b.set_string(x, y, "y", looks[usize::from(x * 7 + y * 3) % 3]);
                }
            }
            b
        };
        for c in ['─', '│', 'x', ' ', '日'] {
            for style in styles() {
                let (mut a, mut b) = (mixed(), mixed());
                a.set_string(1, 2, c.to_string().repeat(9), style);
                fill(&mut b, 1, 2, 9, c, style);
                assert_same(&a, &b, format_args!("{c:?} along"));
                let (mut a, mut b) = (mixed(), mixed());
                for y in 0..6 {
                    a.set_string(4, y, c.to_string(), style);
                }
                fill_down(&mut b, 4, 0, 9, c, style);
                assert_same(&a, &b, format_args!("{c:?} down"));
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
                    // The title is cut to what shows of the border.
                    let room = usize::from(area.intersection(a.area).width.saturating_sub(2));
                    let block = Block::bordered()
                        .border_style(Style::new().fg(Color::DarkGray))
                        .title(Span::styled(fit(title, room), style));
                    let inner = block.inner(area);
                    block.render(area, &mut a);
                    let got =
                        bordered(&mut b, area, title, style, Style::new().fg(Color::DarkGray));
                    assert_same(&a, &b, format_args!("{title:?} in {area:?}"));
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
                        let room = usize::from(area.intersection(a.area).width);
                        Paragraph::new(fit_line(l.clone(), room)).render(area, &mut a);
                        line(&mut b, area, l.clone());
                        assert_same(&a, &b, format_args!("{l:?} in {area:?}"));
                    }
                }
            }
        }
    }
}
