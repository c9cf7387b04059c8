//! Text → preset values: RON parsing with positions, then range validation.
//!
//! Parsing is separate from file access so tests and fuzzers can feed text directly.

use super::problem::Problem;
use super::schema::{Accelerator, Fleet, Milestone, Scenario, Sourced};
use crate::model::Field;
use ron::extensions::Extensions;
use serde::de::DeserializeOwned;

/// Largest preset file we read; larger ones are refused before reading.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Nesting depth limit for the RON parser, far above any real preset.
const RECURSION_LIMIT: usize = 64;

fn options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(RECURSION_LIMIT)
}

/// Parses RON text into `T`, reporting the parser's line and column.
pub fn parse_ron<T: DeserializeOwned>(path: &str, text: &str) -> Result<T, Problem> {
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
fn strip_bom(text: &str) -> &str {
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
fn skip_trivia(text: &str, from: usize) -> Option<usize> {
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

/// Parses and validates one scenario.
pub fn parse_scenario(path: &str, text: &str) -> Result<Scenario, Problem> {
    let text = strip_bom(text);
    let s: Scenario = parse_ron(path, text).map_err(|p| {
        // A list file given where a scenario is expected (`eval --file milestones.ron`): say so,
        // rather than the parser's "expected `(` for struct `Scenario`".
        if first_token_is_list(text) {
            Problem {
                message: "this file holds a list, but a scenario file holds one Scenario( … ); \
                          lists of accelerators, milestones or fleets go in a presets directory \
                          as accelerators.ron, milestones.ron or fleets.ron"
                    .into(),
                ..p
            }
        } else {
            p
        }
    })?;
    validate_scenario(&s).map_err(|(key, msg)| locate(path, text, Entry::Single, key, msg))?;
    Ok(s)
}

/// Whether the first token of `text`, past comments and `#![enable(…)]` attributes, opens a list.
fn first_token_is_list(text: &str) -> bool {
    let mut i = 0;
    loop {
        let Some(rest) = skip_trivia(text, i).and_then(|j| text.get(j..)) else {
            return false;
        };
        if rest.starts_with("#![") {
            match rest.find(']') {
                Some(end) => i = text.len() - rest.len() + end + 1,
                None => return false,
            }
        } else {
            return rest.starts_with('[');
        }
    }
}

/// Parses and validates a list of accelerators.
pub fn parse_accelerators(path: &str, text: &str) -> Result<Vec<Accelerator>, Problem> {
    let text = strip_bom(text);
    let list: Vec<Accelerator> = parse_ron(path, text)?;
    for (i, a) in list.iter().enumerate() {
        validate_accelerator(a)
            .map_err(|(key, msg)| locate(path, text, Entry::Nth(i), key, msg))?;
    }
    Ok(list)
}

/// Parses and validates a list of milestones.
pub fn parse_milestones(path: &str, text: &str) -> Result<Vec<Milestone>, Problem> {
    let text = strip_bom(text);
    let list: Vec<Milestone> = parse_ron(path, text)?;
    for (i, m) in list.iter().enumerate() {
        validate_milestone(m).map_err(|(key, msg)| locate(path, text, Entry::Nth(i), key, msg))?;
    }
    Ok(list)
}

/// Parses and validates a list of fleets.
pub fn parse_fleets(path: &str, text: &str) -> Result<Vec<Fleet>, Problem> {
    let text = strip_bom(text);
    let list: Vec<Fleet> = parse_ron(path, text)?;
    for (i, f) in list.iter().enumerate() {
        let ok = positive(&f.count) && f.count.value >= 1.0;
        if !ok {
            return Err(locate(
                path,
                text,
                Entry::Nth(i),
                "count",
                format!("fleet '{}': count must be a finite number ≥ 1", f.id),
            ));
        }
        check_id(&f.id).map_err(|m| locate(path, text, Entry::Nth(i), "id", m))?;
    }
    Ok(list)
}

type Invalid = (&'static str, String);

fn check_id(id: &str) -> Result<(), String> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "name '{}' must be 1–64 characters of letters, digits, '-', '_' or '.'",
            id.chars().take(64).collect::<String>()
        ))
    }
}

/// Checks every input against the same ranges the sliders and CLI use.
pub fn validate_scenario(s: &Scenario) -> Result<(), Invalid> {
    check_id(&s.name).map_err(|m| ("name", m))?;
    for f in Field::ALL {
        if let Some(v) = s.sourced(f) {
            f.check(v.value)
                .map_err(|e| (f.spec().key, format!("scenario '{}': {e}", s.name)))?;
            for bound in [v.low, v.high].into_iter().flatten() {
                f.check(bound)
                    .map_err(|e| (f.spec().key, format!("scenario '{}': range of {e}", s.name)))?;
            }
            if let (Some(lo), Some(hi)) = (v.low, v.high)
                && lo > hi
            {
                return Err((
                    f.spec().key,
                    format!("scenario '{}': {} low is above high", s.name, f.name()),
                ));
            }
            // A range says how uncertain the value is: it must contain it, or the value's own
            // band would exclude it.
            if let (Some(lo), Some(hi)) = (v.low, v.high)
                && !(lo..=hi).contains(&v.value)
            {
                return Err((
                    f.spec().key,
                    format!(
                        "scenario '{}': {} is {}, outside its range {} .. {} (the value is the \
                         central estimate; the range must contain it)",
                        s.name,
                        f.name(),
                        crate::model::format::field_value(f, v.value),
                        crate::model::format::field_value(f, lo),
                        crate::model::format::field_value(f, hi)
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn positive(s: &Sourced) -> bool {
    s.value.is_finite() && s.value > 0.0
}

fn non_negative(s: &Sourced) -> bool {
    s.value.is_finite() && s.value >= 0.0
}

fn validate_accelerator(a: &Accelerator) -> Result<(), Invalid> {
    check_id(&a.id).map_err(|m| ("id", m))?;
    let who = |what: &str| format!("accelerator '{}': {what} must be a finite number > 0", a.id);
    let tflops_ok = |s: &Sourced| positive(s) && Field::Tflops.accepts(s.value);
    if !tflops_ok(&a.bf16_tflops) {
        return Err(("bf16_tflops", who("bf16_tflops (in [1, 100000])")));
    }
    if a.fp8_tflops.as_ref().is_some_and(|s| !tflops_ok(s)) {
        return Err(("fp8_tflops", who("fp8_tflops (in [1, 100000])")));
    }
    if a.tdp_watts.as_ref().is_some_and(|s| !positive(s)) {
        return Err(("tdp_watts", who("tdp_watts")));
    }
    if !positive(&a.memory_gb) {
        return Err(("memory_gb", who("memory_gb")));
    }
    if a.price_usd
        .as_ref()
        .is_some_and(|s| !Field::Price.accepts(s.value))
    {
        return Err((
            "price_usd",
            format!(
                "accelerator '{}': price_usd must be in {}",
                a.id,
                Field::Price.range_text()
            ),
        ));
    }
    if a.rent_usd_per_hour
        .as_ref()
        .is_some_and(|s| !Field::Rent.accepts(s.value))
    {
        return Err((
            "rent_usd_per_hour",
            format!(
                "accelerator '{}': rent_usd_per_hour must be in {}",
                a.id,
                Field::Rent.range_text()
            ),
        ));
    }
    if a.server_watts_per_gpu
        .as_ref()
        .is_some_and(|s| !Field::Watts.accepts(s.value))
    {
        return Err((
            "server_watts_per_gpu",
            format!(
                "accelerator '{}': server_watts_per_gpu must be in {}",
                a.id,
                Field::Watts.range_text()
            ),
        ));
    }
    Ok(())
}

fn validate_milestone(m: &Milestone) -> Result<(), Invalid> {
    check_id(&m.id).map_err(|e| ("id", e))?;
    if !positive(&m.flop) {
        return Err((
            "flop",
            format!("milestone '{}': flop must be a finite number > 0", m.id),
        ));
    }
    let optional = [
        ("params", &m.params),
        ("total_params", &m.total_params),
        ("tokens", &m.tokens),
        ("gpu_count", &m.gpu_count),
        ("gpu_hours", &m.gpu_hours),
        ("days", &m.days),
    ];
    for (key, v) in optional {
        if v.as_ref().is_some_and(|s| !positive(s)) {
            return Err((
                key,
                format!("milestone '{}': {key} must be a finite number > 0", m.id),
            ));
        }
    }
    if let Some(mfu) = &m.reported_mfu
        && !(non_negative(mfu) && mfu.value <= 1.0)
    {
        return Err((
            "reported_mfu",
            format!(
                "milestone '{}': reported_mfu must be a fraction in (0, 1]",
                m.id
            ),
        ));
    }
    Ok(())
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

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}
