//! RON text → values, with the line and column of what is wrong: the parser's own errors
//! reworded, and a validation error pointed at the key it is about.

use super::problem::Problem;
use ron::extensions::Extensions;
use serde::de::DeserializeOwned;

/// Largest preset file we read; larger ones are refused before reading.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Nesting depth limit for the RON parser, far above any real preset.
const RECURSION_LIMIT: usize = 64;

pub(super) fn options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(RECURSION_LIMIT)
}

/// Whether values read from `path` need checking: those of every file but the built-in ones,
/// given as their exact text. The built-in files are fixed when the binary is built, and the test
/// `every_builtin_file_passes_every_check` reads each under another name, through every check
/// and cross-reference a user file gets; so a start does not check them again (1.5 M
/// instructions a start). User files keep every check and every message.
pub(crate) fn needs_checks(path: &str, text: &str) -> bool {
    !super::embedded::is_builtin(path, text)
}

/// Parses RON text into `T`, reporting the parser's line and column.
pub fn parse_ron<T: DeserializeOwned>(path: &str, text: &str) -> Result<T, Problem> {
    // A built-in file is read from its compact form, many times faster; should that ever fail,
    // the RON below reads it and says why.
    if let Some(value) = super::embedded::compact_for(path, text)
        .and_then(|(values, strings)| super::compact::read(values, strings).ok())
    {
        return Ok(value);
    }
    let text = strip_bom(text);
    if text.trim().is_empty() {
        return Err(Problem::new(
            path,
            "file is empty (expected RON preset data)",
        ));
    }
    if skip_trivia(text, 0) == Some(text.len()) {
        return Err(Problem::new(
            path,
            "file has only comments: no preset data in it",
        ));
    }
    options().from_str(text).map_err(|e| {
        let (line, col) = error_position(text, &e);
        Problem::new(path, plain_reason(&e.code)).at(line, col)
    })
}

/// The text without a UTF-8 byte order mark, so columns on line 1 match what editors show.
pub(super) fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Where to point for a parser error. The parser reports some errors at the end of the token
/// before them (so a stray `)` on line 24 shows as line 23); those move to the next token. An
/// unclosed block comment is shown where it opens, not where the file ends.
fn error_position(text: &str, e: &ron::error::SpannedError) -> (usize, usize) {
    let start = (e.span.start.line, e.span.start.col);
    match e.code {
        ron::Error::Eof => start,
        ron::Error::UnclosedBlockComment => match walk(text, |_, _, _| true) {
            Walk::UnclosedComment(open) => line_col(text, open),
            _ => start,
        },
        _ => {
            let (Some(from), Some(to)) =
                (offset_of(text, e.span.start), offset_of(text, e.span.end))
            else {
                return start;
            };
            match skip_trivia(text, from) {
                Some(next) if next > from && next <= to => line_col(text, next),
                _ => start,
            }
        }
    }
}

/// Byte offset of a 1-based line and column (in characters), if the text has it.
fn offset_of(text: &str, pos: ron::error::Position) -> Option<usize> {
    let mut line_start = 0;
    for _ in 1..pos.line {
        line_start += text[line_start..].find('\n')? + 1;
    }
    let line = &text[line_start..];
    let mut chars = line
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(line.len()));
    chars.nth(pos.col.checked_sub(1)?).map(|i| line_start + i)
}

/// The offset of the first character at or after `from` that is not whitespace or a comment;
/// `None` if a block comment there is never closed.
pub(super) fn skip_trivia(text: &str, from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        let rest = &text[i..];
        let trimmed = rest.trim_start();
        i += rest.len() - trimmed.len();
        if trimmed.starts_with("//") {
            i += trimmed.find('\n').unwrap_or(trimmed.len());
        } else if trimmed.starts_with("/*") {
            i += block_comment_len(trimmed)?;
        } else {
            return Some(i);
        }
    }
}

/// Length of the (nested) block comment at the start of `s`, or `None` if it is not closed.
fn block_comment_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let (mut i, mut level) = (2, 1);
    while level > 0 {
        match b.get(i..i + 2)? {
            b"/*" => (level, i) = (level + 1, i + 2),
            b"*/" => (level, i) = (level - 1, i + 2),
            _ => i += 1,
        }
    }
    Some(i)
}

/// How a walk over RON text ended.
enum Walk {
    /// The callback asked to stop, or the text ended cleanly.
    Done,
    /// A block comment opened at this offset is never closed.
    UnclosedComment(usize),
}

/// Calls `code(offset, byte, depth)` for every byte of RON code, that is outside strings,
/// characters and comments; `depth` is the number of brackets open before it. Stops when the
/// callback returns false. A light lexer for pointing at keys, not a validator: it never fails.
fn walk(text: &str, mut code: impl FnMut(usize, u8, usize) -> bool) -> Walk {
    let b = text.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let (mut i, mut depth) = (0, 0usize);
    while i < b.len() {
        let c = b[i];
        match c {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i += text[i..].find('\n').unwrap_or(text.len() - i);
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => match block_comment_len(&text[i..]) {
                Some(n) => {
                    i += n;
                    continue;
                }
                None => return Walk::UnclosedComment(i),
            },
            b'#' if depth == 0 && b.get(i + 1) == Some(&b'!') => {
                // An extension attribute, #![enable(…)]: not part of the data.
                i += text[i..].find(']').map_or(b.len() - i, |k| k + 1);
                continue;
            }
            b'"' | b'\'' => {
                // A string or a character: skip to the matching unescaped quote.
                let mut j = i + 1;
                while j < b.len() && b[j] != c {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                i = j + 1;
                continue;
            }
            b'r' if (i == 0
                || !ident(b[i - 1])
                || (b[i - 1] == b'b' && (i < 2 || !ident(b[i - 2]))))
                && matches!(b.get(i + 1), Some(b'"' | b'#')) =>
            {
                // A raw string r"…" or r#"…"#: ends at a quote followed by as many hashes.
                let hashes = b[i + 1..].iter().take_while(|&&h| h == b'#').count();
                if b.get(i + 1 + hashes) == Some(&b'"') {
                    let close: String = std::iter::once('"')
                        .chain(std::iter::repeat_n('#', hashes))
                        .collect();
                    let body = i + 2 + hashes;
                    i = text[body..]
                        .find(&close)
                        .map_or(b.len(), |k| body + k + close.len());
                    continue;
                }
            }
            _ => {}
        }
        if !code(i, c, depth) {
            return Walk::Done;
        }
        match c {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    Walk::Done
}

/// Rewords the parser's messages where they are cryptic.
fn plain_reason(code: &ron::Error) -> String {
    let raw = code.to_string();
    match code {
        ron::Error::Eof => "file ends too early: a bracket or parenthesis is not closed".into(),
        ron::Error::NoSuchStructField { .. } => {
            format!("{raw} (unknown field: check the spelling against the preset format)")
        }
        ron::Error::MissingStructField { .. } => format!("{raw} (required field is missing)"),
        ron::Error::ExceededRecursionLimit => {
            format!("nesting deeper than {RECURSION_LIMIT} levels")
        }
        ron::Error::TrailingCharacters => {
            "extra text after the end of the preset data (one value per file)".into()
        }
        ron::Error::UnclosedBlockComment => {
            "a /* block comment starts here and is never closed".into()
        }
        _ => raw,
    }
}

/// Which value of a file a validation error is about.
#[derive(Clone, Copy)]
pub(crate) enum Entry {
    /// The file's one top-level value (a scenario).
    Single,
    /// The n-th element (0-based) of the file's top-level list.
    Nth(usize),
}

/// Attaches a line and column to a validation error: the `key:` of that entry, found as RON
/// code (not inside a string or comment, not as the end of a longer name), else the entry itself.
pub(crate) fn locate(path: &str, text: &str, entry: Entry, key: &str, message: String) -> Problem {
    let problem = Problem::new(path, message);
    let (outer, wanted) = match entry {
        Entry::Single => (0, 0),
        Entry::Nth(n) => (1, n),
    };
    let b = text.as_bytes();
    let is_ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let (mut seen, mut entry_at, mut key_at) = (0, None, None);
    walk(text, |i, c, depth| {
        match entry_at {
            None if c == b'(' && depth == outer => {
                if seen == wanted {
                    entry_at = Some(i);
                }
                seen += 1;
            }
            Some(_) if c == b')' && depth == outer + 1 => return false,
            // Byte comparisons: `i` may be inside a multi-byte character (U+2028 is whitespace
            // to RON); a match of the ASCII key starts and ends on character boundaries.
            Some(_)
                if depth == outer + 1
                    && b[i..].starts_with(key.as_bytes())
                    && (i == 0 || !is_ident(b[i - 1]))
                    && text[i + key.len()..].trim_start().starts_with(':') =>
            {
                key_at = Some(i);
                return false;
            }
            _ => {}
        }
        true
    });
    match key_at.or(entry_at) {
        Some(offset) => {
            let (line, col) = line_col(text, offset);
            problem.at(line, col)
        }
        None => problem,
    }
}

/// Line and column of every top-level list entry's `key:` (or of the entry itself where it has
/// none), in one pass over the text: messages about many entries of a big file stay linear.
pub(crate) fn entry_key_positions(text: &str, key: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let is_ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut offsets: Vec<usize> = Vec::new();
    let mut found = true;
    walk(text, |i, c, depth| {
        if c == b'(' && depth == 1 {
            offsets.push(i);
            found = false;
        } else if !found
            && depth == 2
            && b[i..].starts_with(key.as_bytes())
            && (i == 0 || !is_ident(b[i - 1]))
            && text[i + key.len()..].trim_start().starts_with(':')
            && let Some(last) = offsets.last_mut()
        {
            *last = i;
            found = true;
        }
        true
    });
    // Offsets only grow: convert them all in one walk over the text.
    let (mut line, mut col, mut pos) = (1, 1, 0);
    offsets
        .into_iter()
        .map(|offset| {
            let offset = offset.clamp(pos, text.len());
            for ch in text.get(pos..offset).unwrap_or("").chars() {
                if ch == '\n' {
                    line += 1;
                    col = 1;
                } else {
                    col += 1;
                }
            }
            pos = offset;
            (line, col)
        })
        .collect()
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}
