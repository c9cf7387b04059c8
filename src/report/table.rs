//! The one table every report is written from: sections of rows of cells, each cell with the
//! text a reader sees, the number behind it and where that number comes from. A report builds
//! its sections once and the writers here turn them into aligned text, Markdown and CSV, so two
//! formats cannot show two different values (JSON is serde's, from the same analysis). The
//! one Markdown escaper and the one CSV cell rule ([`fmt::markdown_cell`], [`fmt::csv_cell`])
//! are applied here and nowhere else in the reports.

use crate::model::format::{self as fmt, csv_cell, markdown_cell};
use crate::presets::Text;
use std::borrow::Cow;

/// One cell: what a reader sees, the number behind it (what CSV writes in a numeric column)
/// and its source (what CSV writes in a column's source column).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cell {
    pub text: String,
    pub number: Option<f64>,
    /// Lent, as the catalog's sources are, rather than copied into every row.
    pub source: Option<Text>,
}

impl Cell {
    /// A cell of text alone.
    pub fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            ..Cell::default()
        }
    }

    /// A cell showing `text` for the number `x` (none: nothing to write in CSV).
    pub fn number(text: impl Into<String>, x: Option<f64>) -> Cell {
        Cell {
            text: text.into(),
            number: x,
            source: None,
        }
    }

    /// The same cell with its source.
    pub fn sourced(self, source: impl Into<Text>) -> Cell {
        Cell {
            source: Some(source.into()),
            ..self
        }
    }
}

/// A column: its heading, its CSV key (empty: not in CSV) and the formats that show it.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub label: String,
    pub key: String,
    /// CSV writes the cell's number, not its text.
    pub numeric: bool,
    /// CSV writes a `KEY_source` column after this one.
    pub sourced: bool,
    /// Aligned right in text and Markdown.
    pub right: bool,
    pub in_text: bool,
    pub in_markdown: bool,
}

impl Column {
    /// A column every format shows, not in CSV.
    pub fn new(label: impl Into<String>) -> Column {
        Column {
            label: label.into(),
            key: String::new(),
            numeric: false,
            sourced: false,
            right: false,
            in_text: true,
            in_markdown: true,
        }
    }

    /// A text column that CSV writes under `key`.
    pub fn keyed(label: impl Into<String>, key: impl Into<String>) -> Column {
        Column {
            key: key.into(),
            ..Column::new(label)
        }
    }

    /// A column that CSV writes as the cell's number under `key`.
    pub fn numeric(label: impl Into<String>, key: impl Into<String>) -> Column {
        Column {
            numeric: true,
            ..Column::keyed(label, key)
        }
    }

    /// A column only CSV writes.
    pub fn csv_only(key: impl Into<String>, numeric: bool) -> Column {
        Column {
            numeric,
            in_text: false,
            in_markdown: false,
            ..Column::keyed("", key)
        }
    }

    pub fn right(self) -> Column {
        Column {
            right: true,
            ..self
        }
    }

    /// With a `KEY_source` column in CSV.
    pub fn with_source(self) -> Column {
        Column {
            sourced: true,
            ..self
        }
    }

    /// Shown in Markdown and CSV, too long for the aligned text.
    pub fn not_in_text(self) -> Column {
        Column {
            in_text: false,
            ..self
        }
    }
}

/// A titled table with notes under it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Section {
    /// The name `--sections` picks it by.
    pub key: &'static str,
    pub title: String,
    pub columns: Vec<Column>,
    /// Whether the aligned text prints the column headings (Markdown always does).
    pub text_header: bool,
    /// Lines between the title and the table (a verdict).
    pub lead: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub notes: Vec<String>,
    /// The column that names a row, and the column a comparison of several scenarios shows.
    pub label_column: usize,
    pub main_column: usize,
}

impl Section {
    pub fn new(key: &'static str, title: impl Into<String>, columns: Vec<Column>) -> Section {
        Section {
            key,
            title: title.into(),
            columns,
            main_column: 1,
            ..Section::default()
        }
    }

    pub fn row(&mut self, cells: impl IntoIterator<Item = Cell>) {
        self.rows.push(cells.into_iter().collect());
    }

    /// The section in CSV: a header of the keyed columns, then a line per row.
    pub fn csv(&self) -> String {
        let keyed: Vec<(usize, &Column)> = self
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.key.is_empty())
            .collect();
        let mut head = Vec::new();
        for (_, c) in &keyed {
            head.push(csv_cell(&c.key));
            if c.sourced {
                head.push(csv_cell(&format!("{}_source", c.key)));
            }
        }
        let mut s = head.join(",") + "\n";
        for row in &self.rows {
            let mut cells = Vec::new();
            for &(i, c) in &keyed {
                let cell = row.get(i);
                cells.push(match cell {
                    Some(x) if c.numeric => x.number.map_or(String::new(), fmt::csv_number),
                    Some(x) => csv_cell(&x.text),
                    None => String::new(),
                });
                if c.sourced {
                    cells.push(csv_cell(
                        cell.and_then(|x| x.source.as_deref()).unwrap_or(""),
                    ));
                }
            }
            s.push_str(&cells.join(","));
            s.push('\n');
        }
        s
    }

    /// The rows (and the heading when `text_header`) as aligned text, indented two spaces,
    /// onto `out`.
    fn write_text(&self, out: &mut String) {
        let shown: Vec<usize> = (0..self.columns.len())
            .filter(|&i| self.columns[i].in_text)
            .collect();
        let mut lines: Vec<Vec<&str>> = Vec::with_capacity(self.rows.len() + 1);
        if self.text_header {
            lines.push(
                shown
                    .iter()
                    .map(|&i| self.columns[i].label.as_str())
                    .collect(),
            );
        }
        for row in &self.rows {
            lines.push(
                shown
                    .iter()
                    .map(|&i| row.get(i).map_or("", |c| c.text.as_str()))
                    .collect(),
            );
        }
        let right: Vec<bool> = shown.iter().map(|&i| self.columns[i].right).collect();
        write_aligned(out, &lines, &right);
    }

    fn markdown(&self) -> String {
        let shown: Vec<usize> = (0..self.columns.len())
            .filter(|&i| self.columns[i].in_markdown)
            .collect();
        let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
        let mut s = line(
            shown
                .iter()
                .map(|&i| markdown_cell(&self.columns[i].label))
                .collect(),
        );
        s.push_str(&format!(
            "|{}|\n",
            shown
                .iter()
                .map(|&i| if self.columns[i].right { "---:" } else { "---" })
                .collect::<Vec<_>>()
                .join("|")
        ));
        for row in &self.rows {
            s.push_str(&line(
                shown
                    .iter()
                    .map(|&i| row.get(i).map_or(String::new(), |c| markdown_cell(&c.text)))
                    .collect(),
            ));
        }
        s
    }
}

/// A whole report: a title, lines under it, and its sections.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    pub title: String,
    pub lead: Vec<String>,
    pub sections: Vec<Section>,
}

impl Report {
    /// Aligned text: the title, the lead indented, each section under its title.
    pub fn text(&self) -> String {
        let mut s = String::new();
        if !self.title.is_empty() {
            s.push_str(&self.title);
            s.push('\n');
        }
        let indented = |s: &mut String, l: &str| {
            s.push_str("  ");
            s.push_str(l);
            s.push('\n');
        };
        for l in &self.lead {
            indented(&mut s, l);
        }
        for sec in &self.sections {
            if !s.is_empty() {
                s.push('\n');
            }
            if !sec.title.is_empty() {
                s.push_str(&sec.title);
                s.push('\n');
            }
            for l in &sec.lead {
                indented(&mut s, l);
            }
            sec.write_text(&mut s);
            if !sec.notes.is_empty() && !sec.rows.is_empty() {
                s.push('\n');
            }
            for n in &sec.notes {
                indented(&mut s, n);
            }
        }
        s
    }

    /// Markdown: the title as a heading, the lead as paragraphs, each section as a table
    /// under its title.
    pub fn markdown(&self) -> String {
        let mut s = String::new();
        if !self.title.is_empty() {
            s.push_str(&format!("### {}\n\n", markdown_cell(&self.title)));
        }
        for l in &self.lead {
            s.push_str(&format!("{}\n\n", markdown_cell(l)));
        }
        for (i, sec) in self.sections.iter().enumerate() {
            if i > 0 {
                s.push('\n');
            }
            if !sec.title.is_empty() {
                s.push_str(&format!("**{}**\n\n", markdown_cell(&sec.title)));
            }
            for l in &sec.lead {
                s.push_str(&format!("{}\n\n", markdown_cell(l)));
            }
            s.push_str(&sec.markdown());
            for n in &sec.notes {
                s.push_str(&format!("\n{}\n", markdown_cell(n)));
            }
        }
        s
    }

    /// The report as aligned text or Markdown (the formats a table serves; CSV is per
    /// section and JSON is serde's).
    pub fn render(&self, format: super::Format) -> String {
        match format {
            super::Format::Markdown => self.markdown(),
            _ => self.text(),
        }
    }

    /// Keeps the sections `keys` names, in the report's order; an unknown key is an error that
    /// lists the known ones.
    pub fn keep(&mut self, keys: &[String]) -> Result<(), String> {
        let known: Vec<&str> = self.sections.iter().map(|s| s.key).collect();
        if let Some(bad) = keys.iter().find(|k| !known.contains(&k.as_str())) {
            return Err(format!(
                "--sections: no section '{}'; sections: {}",
                fmt::quoted(bad),
                known.join(", ")
            ));
        }
        self.sections.retain(|s| keys.iter().any(|k| k == s.key));
        Ok(())
    }
}

/// Several reports of the same kind side by side: each section's rows by their label, a column
/// per report with the cell that report's section shows first (its `main_column`).
pub fn side_by_side(title: String, named: &[(String, Report)]) -> Report {
    let mut out = Report {
        title,
        lead: named
            .iter()
            .map(|(n, r)| format!("{n}: {}", r.title))
            .collect(),
        sections: Vec::new(),
    };
    let Some((_, first)) = named.first() else {
        return out;
    };
    for proto in &first.sections {
        let label = proto
            .columns
            .get(proto.label_column)
            .map_or(String::new(), |c| c.label.clone());
        let right = proto
            .columns
            .get(proto.main_column)
            .is_some_and(|c| c.right);
        let mut columns = vec![Column::keyed(label, "name")];
        columns.extend(named.iter().map(|(n, _)| Column {
            right,
            ..Column::keyed(n.clone(), n.clone())
        }));
        let mut sec = Section {
            text_header: true,
            label_column: 0,
            ..Section::new(proto.key, proto.title.clone(), columns)
        };
        // Each scenario's verdicts and notes, under its name.
        for (n, r) in named {
            for s in r.sections.iter().filter(|s| s.key == proto.key) {
                sec.lead.extend(s.lead.iter().map(|l| format!("{n}: {l}")));
                sec.notes
                    .extend(s.notes.iter().map(|l| format!("{n}: {l}")));
            }
        }
        let mut labels: Vec<String> = Vec::new();
        for (_, r) in named {
            for s in r.sections.iter().filter(|s| s.key == proto.key) {
                for row in &s.rows {
                    let l = row.get(s.label_column).map_or("", |c| c.text.as_str());
                    if !l.is_empty() && !labels.iter().any(|x| x == l) {
                        labels.push(l.to_string());
                    }
                }
            }
        }
        for l in labels {
            let mut cells = vec![Cell::new(l.clone())];
            for (_, r) in named {
                let cell = r
                    .sections
                    .iter()
                    .filter(|s| s.key == proto.key)
                    .flat_map(|s| s.rows.iter().map(move |row| (s, row)))
                    .find(|(s, row)| row.get(s.label_column).is_some_and(|c| c.text == l))
                    .and_then(|(s, row)| row.get(s.main_column).cloned());
                cells.push(cell.unwrap_or_default());
            }
            sec.rows.push(cells);
        }
        out.sections.push(sec);
    }
    out
}

/// Pads columns to their widest cell, two spaces apart, each line indented two spaces, onto
/// `out`. A row's last non-empty cell, left-aligned, does not widen its column (a long source
/// or detail runs on), and trailing spaces are cut.
fn write_aligned(out: &mut String, lines: &[Vec<&str>], right: &[bool]) {
    let right = |i: usize| right.get(i).copied().unwrap_or(false);
    let last = |l: &[&str]| l.iter().rposition(|c| !c.is_empty()).unwrap_or(0);
    // A long text cell with more columns after it (several scenarios' explanations side by
    // side) wraps at words within WRAP columns, on lines of its own under the row, rather than
    // push every column after it off the screen. Most rows have no cell to wrap and are lent
    // as they are.
    let wraps = |i: usize, c: &str, end: usize| {
        i < end && !right(i) && c.len() > WRAP && c.chars().count() > WRAP
    };
    let mut wrapped: Vec<Cow<'_, [&str]>> = Vec::with_capacity(lines.len());
    for l in lines {
        let end = last(l);
        if !l.iter().enumerate().any(|(i, c)| wraps(i, c, end)) {
            wrapped.push(Cow::Borrowed(l));
            continue;
        }
        let mut pieces: Vec<Vec<&str>> = l
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i < end && !right(i) {
                    wrap(c, WRAP)
                } else {
                    vec![*c]
                }
            })
            .collect();
        // A row that wraps wraps its last cell too, so the scenarios side by side read alike.
        if pieces.iter().any(|p| p.len() > 1)
            && !right(end)
            && let Some(c) = l.get(end)
        {
            pieces[end] = wrap(c, WRAP);
        }
        let height = pieces.iter().map(Vec::len).max().unwrap_or(1);
        for k in 0..height {
            wrapped.push(Cow::Owned(
                pieces
                    .iter()
                    .map(|p| p.get(k).copied().unwrap_or(""))
                    .collect(),
            ));
        }
    }
    // Each line's last shown cell, and every cell's width in characters, counted once, line
    // after line in `counts`: the last cell is counted only when it is right-aligned (a left
    // one is never padded).
    let ends: Vec<usize> = wrapped.iter().map(|l| last(l)).collect();
    let n = wrapped.iter().map(|l| l.len()).max().unwrap_or(0);
    let mut widths = vec![0; n];
    let mut counts: Vec<usize> = Vec::with_capacity(ends.iter().map(|e| e + 1).sum());
    for (l, &end) in wrapped.iter().zip(&ends) {
        for (i, c) in l.iter().enumerate().take(end + 1) {
            let k = if i < end || right(i) {
                c.chars().count()
            } else {
                0
            };
            widths[i] = widths[i].max(k);
            counts.push(k);
        }
    }
    let mut counts = counts.into_iter();
    for (l, &end) in wrapped.iter().zip(&ends) {
        let start = out.len();
        out.push_str("  ");
        for (i, cell) in l.iter().enumerate().take(end + 1) {
            if i > 0 {
                out.push_str("  ");
            }
            let pad = widths[i].saturating_sub(counts.next().unwrap_or(0));
            if right(i) {
                push_spaces(out, pad);
                out.push_str(cell);
            } else {
                out.push_str(cell);
                push_spaces(out, pad);
            }
        }
        let kept = out[start..].trim_end().len();
        out.truncate(start + kept);
        out.push('\n');
    }
}

/// `n` spaces onto `line`, a run at a time rather than a character at a time.
fn push_spaces(line: &mut String, mut n: usize) {
    const SPACES: &str = "                                ";
    while n > 0 {
        let k = n.min(SPACES.len());
        line.push_str(&SPACES[..k]);
        n -= k;
    }
}

/// The widest a text cell with more columns after it is drawn before it wraps.
const WRAP: usize = 64;

/// `s` in pieces of at most `room` characters, cut at spaces (a word longer than `room` is a
/// piece of its own).
fn wrap(s: &str, room: usize) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = s;
    while rest.chars().count() > room {
        // The byte where character `room` starts: a space there ends a full piece.
        let limit = rest.char_indices().nth(room).map_or(rest.len(), |(i, _)| i);
        let cut = if rest[limit..].starts_with(' ') {
            Some(limit)
        } else {
            rest[..limit].rfind(' ').filter(|&i| i > 0)
        }
        .or_else(|| rest.find(' '));
        let Some(cut) = cut else { break };
        pieces.push(rest[..cut].trim_end());
        rest = rest[cut..].trim_start();
    }
    pieces.push(rest);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aligned(lines: &[Vec<&str>], right: &[bool]) -> String {
        let mut out = String::new();
        write_aligned(&mut out, lines, right);
        out
    }

    #[test]
    fn long_cells_before_others_wrap_at_words() {
        assert_eq!(wrap("a bc def", 4), ["a bc", "def"]);
        assert_eq!(wrap("short", 64), ["short"]);
        assert_eq!(wrap("abcdefgh ij", 4), ["abcdefgh", "ij"]);
        // Characters, not bytes: a multi-byte character at the limit is not cut.
        assert_eq!(wrap("ab × cd", 4), ["ab ×", "cd"]);
        assert_eq!(wrap("ab ××× cd", 4), ["ab", "×××", "cd"]);
        let long = "word ".repeat(20);
        let text = aligned(&[vec!["Row", long.trim_end(), "B"]], &[false, false, false]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(
            lines
                .iter()
                .all(|l| l.chars().count() <= 2 + 3 + 2 + WRAP + 2 + 1)
        );
        assert!(lines[0].ends_with(" B"), "{text}");
        assert_eq!(text.matches("word").count(), 20, "nothing is lost");
        // The last cell wraps too when the row does.
        let text = aligned(
            &[vec!["Row", long.trim_end(), long.trim_end()]],
            &[false; 3],
        );
        assert!(
            text.lines()
                .all(|l| l.chars().count() <= 2 + 3 + 2 + WRAP + 2 + WRAP)
        );
        assert_eq!(text.matches("word").count(), 40, "nothing is lost");
    }

    fn sample() -> Section {
        let mut s = Section::new(
            "things",
            "Things",
            vec![
                Column::keyed("Name", "name"),
                Column::numeric("Size", "size").right().with_source(),
                Column::keyed("Note", "note"),
            ],
        );
        s.row([
            Cell::new("a|b"),
            Cell::number("1.5 k", Some(1500.0)).sourced("=cmd"),
            Cell::new("<i>"),
        ]);
        s.row([
            Cell::new("long name"),
            Cell::number("—", None),
            Cell::new(""),
        ]);
        s
    }

    #[test]
    fn text_aligns_columns_and_lets_the_last_cell_run_on() {
        let r = Report {
            title: "T".into(),
            lead: vec!["lead".into()],
            sections: vec![Section {
                text_header: true,
                ..sample()
            }],
        };
        assert_eq!(
            r.text(),
            "T\n  lead\n\nThings\n  Name        Size  Note\n  a|b        1.5 k  <i>\n  long name      —\n"
        );
    }

    #[test]
    fn markdown_escapes_every_cell_once() {
        let md = sample().markdown();
        assert_eq!(
            md,
            "| Name | Size | Note |\n|---|---:|---|\n| a\\|b | 1.5 k | &lt;i&gt; |\n| long name | — |  |\n"
        );
    }

    #[test]
    fn csv_writes_numbers_sources_and_inert_text() {
        assert_eq!(
            sample().csv(),
            "name,size,size_source,note\na|b,1500,'=cmd,<i>\nlong name,,,\n"
        );
    }

    #[test]
    fn side_by_side_matches_rows_by_label() {
        let mut a = Section::new("s", "S", vec![Column::new("Q"), Column::new("V")]);
        a.row([Cell::new("x"), Cell::new("1")]);
        let mut b = a.clone();
        b.rows.clear();
        b.row([Cell::new("y"), Cell::new("2")]);
        b.row([Cell::new("x"), Cell::new("3")]);
        let rep = |s: Section| Report {
            title: "t".into(),
            lead: vec![],
            sections: vec![s],
        };
        let both = side_by_side("two".into(), &[("a".into(), rep(a)), ("b".into(), rep(b))]);
        let s = &both.sections[0];
        assert_eq!(s.rows.len(), 2);
        assert_eq!(s.rows[0][1].text, "1");
        assert_eq!(s.rows[0][2].text, "3");
        assert_eq!(s.rows[1][1].text, "");
        assert_eq!(s.rows[1][2].text, "2");
    }
}
