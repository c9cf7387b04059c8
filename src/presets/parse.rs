//! Text → preset values: RON parsing with positions, then range validation.
//!
//! Parsing is separate from file access so tests and fuzzers can feed text directly.

use super::problem::Problem;
use super::schema::{Abbreviation, Accelerator, Fleet, Milestone, Scenario, Sourced};
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
    // A built-in file is read from its JSON form, several times faster; should that ever fail,
    // the RON below reads it and says why.
    if let Some(value) =
        super::embedded::json_for(path, text).and_then(|json| serde_json::from_str(json).ok())
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
    let mut s: Scenario = parse_ron(path, text).map_err(|p| {
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
    s.settle_shares();
    validate_scenario(&s).map_err(|(key, msg)| locate(path, text, Entry::Single, key, msg))?;
    Ok(s)
}

/// The `name:` of a scenario file that was refused, where the text parses that far (a value
/// out of range, say): the `--preset NAME` the file was meant to answer.
pub fn scenario_name_of(text: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    #[serde(rename = "Scenario")]
    struct NameOnly {
        name: String,
    }
    options()
        .from_str::<NameOnly>(strip_bom(text))
        .ok()
        .map(|n| n.name)
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
        validate_fleet(f).map_err(|(key, msg)| locate(path, text, Entry::Nth(i), key, msg))?;
    }
    Ok(list)
}

/// Parses and validates a list of source abbreviations.
pub fn parse_sources(path: &str, text: &str) -> Result<Vec<Abbreviation>, Problem> {
    let text = strip_bom(text);
    let list: Vec<Abbreviation> = parse_ron(path, text)?;
    for (i, a) in list.iter().enumerate() {
        validate_abbreviation(a)
            .map_err(|(key, msg)| locate(path, text, Entry::Nth(i), key, msg))?;
    }
    Ok(list)
}

pub(crate) type Invalid = (&'static str, String);

pub(crate) fn check_id(id: &str) -> Result<(), String> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        let chars = id.chars().count();
        let long = if chars > 64 {
            format!(" (it has {chars})")
        } else {
            String::new()
        };
        Err(format!(
            "name '{}{}' must be 1–64 characters of letters, digits, '-', '_' or '.'{long}",
            visible(&id.chars().take(64).collect::<String>()),
            if chars > 64 { "…" } else { "" }
        ))
    }
}

pub use crate::model::format::visible;

/// Bidirectional marks, embeddings, overrides and isolates: they reorder how text reads.
fn is_bidi_control(c: char) -> bool {
    crate::model::format::is_bidi_control(c)
}

/// Checks every input against the same ranges the sliders and CLI use.
pub fn validate_scenario(s: &Scenario) -> Result<(), Invalid> {
    check_id(&s.name).map_err(|m| ("name", m))?;
    let who = format!("scenario '{}'", s.name);
    check_text(&who, "title", &s.title, false)?;
    check_text(&who, "description", &s.description, true)?;
    if let Some(a) = &s.accelerator {
        check_text(&who, "accelerator", a, false)?;
    }
    if let Some(n) = &s.note {
        check_text(&who, "note", n, true)?;
    }
    for source in &s.sources {
        check_text(&who, "sources", source, true)?;
    }
    for f in Field::ALL {
        if let Some(v) = s.sourced(f) {
            f.check(v.value)
                .map_err(|e| (f.spec().key, format!("scenario '{}': {e}", s.name)))?;
            crate::model::parse::whole(f, v.value)
                .map_err(|e| (f.spec().key, format!("scenario '{}': {e}", s.name)))?;
            for bound in [v.low, v.high].into_iter().flatten() {
                f.check(bound)
                    .map_err(|e| (f.spec().key, format!("scenario '{}': range of {e}", s.name)))?;
                crate::model::parse::whole(f, bound)
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
            check_sourced_text(&who, f.spec().key, v)?;
        }
    }
    Field::Year.check(s.base_year.value).map_err(|e| {
        (
            "base_year",
            format!("scenario '{}': base year: {e}", s.name),
        )
    })?;
    check_sourced_text(&who, "base_year", &s.base_year)?;
    if !s.inputs().shares_sum_to_one() {
        let [r, e, i] = s.inputs().shares().map(crate::model::format::percent);
        return Err((
            "run_share",
            format!(
                "scenario '{}': the run ({r}), experiments ({e}) and inference ({i}) shares \
                 must sum to 100 %",
                s.name
            ),
        ));
    }
    Ok(())
}

/// A range a preset value must lie in, chosen so that every quantity derived from it stays
/// finite and readable (a fleet of 1e9 cards at 1e5 TFLOP/s is still an ordinary f64), and
/// quoted in the message so the user knows what is accepted.
#[derive(Clone, Copy)]
pub(crate) struct Bounds {
    min: f64,
    /// `min` itself is not valid (a FLOP count of 0).
    open_min: bool,
    max: f64,
    unit: &'static str,
}

impl Bounds {
    pub(crate) const fn positive(max: f64, unit: &'static str) -> Bounds {
        Bounds {
            min: 0.0,
            open_min: true,
            max,
            unit,
        }
    }

    /// From `min` (included) to `max`: a quantity whose smallest sensible value keeps the
    /// ratios and quotients computed from it finite.
    pub(crate) const fn at_least(min: f64, max: f64, unit: &'static str) -> Bounds {
        Bounds {
            min,
            open_min: false,
            max,
            unit,
        }
    }

    fn accepts(self, v: f64) -> bool {
        v.is_finite()
            && v <= self.max
            && if self.open_min {
                v > self.min
            } else {
                v >= self.min
            }
    }

    fn text(self) -> String {
        let unit = if self.unit.is_empty() {
            String::new()
        } else {
            format!(" {}", self.unit)
        };
        let open = if self.open_min { "(" } else { "[" };
        format!("in {open}{}, {}]{unit}", number(self.min), number(self.max))
    }
}

/// A number as a person would write it in a preset: plain up to a million, else 1e9 style.
fn number(v: f64) -> String {
    if v.is_finite() && v != 0.0 && !(1e-3..1e6).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// Fleet size: the largest fleets are ~1e6 cards; 1e9 leaves room and keeps sums finite.
const FLEET_COUNT: Bounds = Bounds {
    min: 1.0,
    open_min: false,
    max: 1e9,
    unit: "accelerators",
};
/// Training compute: today's largest runs are ~1e27 FLOP; 1e40 is far past any plan.
pub(crate) const FLOP: Bounds = Bounds::positive(1e40, "FLOP");
/// Parameters (active or total): ~1e12 today.
const PARAMS: Bounds = Bounds::positive(1e16, "parameters");
/// Training tokens: ~1e13 today.
pub(crate) const TOKENS: Bounds = Bounds::positive(1e17, "tokens");
const GPU_COUNT: Bounds = Bounds::positive(1e9, "accelerators");
const GPU_HOURS: Bounds = Bounds::positive(1e13, "GPU-hours");
/// Ten years, as the scenario's days input.
const RUN_DAYS: Bounds = Bounds::positive(3650.0, "days");
const MFU: Bounds = Bounds::positive(1.0, "(a fraction, not a percentage)");
const MEMORY_GB: Bounds = Bounds::positive(1e6, "GB");
const BANDWIDTH_GBS: Bounds = Bounds::positive(1e6, "GB/s");
const TDP_WATTS: Bounds = Bounds::positive(1e5, "W");

/// Checks a sourced value and its low/high against `bounds`; `who` names the entry.
pub(crate) fn check_sourced(
    who: &str,
    key: &'static str,
    s: &Sourced,
    bounds: Bounds,
) -> Result<(), Invalid> {
    let bad = |what: &str, v: f64| {
        (
            key,
            format!(
                "{who}: {key}{what} must be a finite number {} (got {})",
                bounds.text(),
                number(v)
            ),
        )
    };
    if !bounds.accepts(s.value) {
        return Err(bad("", s.value));
    }
    if let Some(lo) = s.low
        && !bounds.accepts(lo)
    {
        return Err(bad(" low", lo));
    }
    if let Some(hi) = s.high
        && !bounds.accepts(hi)
    {
        return Err(bad(" high", hi));
    }
    if let (Some(lo), Some(hi)) = (s.low, s.high)
        && lo > hi
    {
        return Err((key, format!("{who}: {key} low is above high")));
    }
    Ok(())
}

/// Checks a sourced value against a scenario field's range (the sliders' and CLI's).
pub(crate) fn check_field(
    who: &str,
    key: &'static str,
    s: &Sourced,
    field: Field,
) -> Result<(), Invalid> {
    let spec = field.spec();
    let bounds = Bounds {
        min: spec.min,
        open_min: spec.open_min,
        max: spec.max,
        unit: "",
    };
    check_sourced(who, key, s, bounds).map_err(|(k, m)| {
        (
            k,
            m.replace(&bounds.text(), &format!("in {}", field.range_text())),
        )
    })
}

/// Characters that must not appear in text shown on a terminal or in a table: C0 and C1
/// controls (escape sequences, carriage returns that overwrite, a NUL) and the bidirectional
/// overrides and isolates that make text read differently from how it is stored. Single-line
/// fields (names, titles, dates) refuse newlines and tabs too.
pub(crate) fn check_text(
    who: &str,
    key: &'static str,
    text: &str,
    multi_line: bool,
) -> Result<(), Invalid> {
    // One pass over the bytes settles clean text, which is nearly all (every start checks the
    // whole catalog's text); the characters are counted only to say where a bad one is.
    let allowed: &[u8] = if multi_line { b"\n\t" } else { b"" };
    if crate::model::format::next_control(text, 0, allowed).is_none() {
        return Ok(());
    }
    let bad = text.chars().enumerate().find(|&(_, c)| {
        let allowed_space = multi_line && matches!(c, '\n' | '\t');
        (c.is_control() && !allowed_space) || is_bidi_control(c)
    });
    match bad {
        None => Ok(()),
        Some((at, c)) => Err((
            key,
            format!(
                "{who}: {key} contains the control character U+{:04X} at character {} \
                 ({} are not allowed in preset text)",
                c as u32,
                at + 1,
                if multi_line {
                    "escape sequences and bidirectional overrides"
                } else {
                    "escape sequences, line breaks, tabs and bidirectional overrides"
                }
            ),
        )),
    }
}

pub(crate) fn check_sourced_text(who: &str, key: &'static str, s: &Sourced) -> Result<(), Invalid> {
    check_text(who, key, &s.source, true)?;
    if let Some(n) = &s.note {
        check_text(who, key, n, true)?;
    }
    Ok(())
}

fn validate_accelerator(a: &Accelerator) -> Result<(), Invalid> {
    check_id(&a.id).map_err(|m| ("id", m))?;
    let who = format!("accelerator '{}'", a.id);
    check_text(&who, "name", &a.name, false)?;
    check_text(&who, "vendor", &a.vendor, false)?;
    if let Some(n) = &a.note {
        check_text(&who, "note", n, true)?;
    }
    check_field(&who, "bf16_tflops", &a.bf16_tflops, Field::Tflops)?;
    check_sourced_text(&who, "bf16_tflops", &a.bf16_tflops)?;
    check_sourced(&who, "memory_gb", &a.memory_gb, MEMORY_GB)?;
    check_sourced_text(&who, "memory_gb", &a.memory_gb)?;
    let optional = [
        (
            "hbm_bandwidth_gbs",
            &a.hbm_bandwidth_gbs,
            None,
            BANDWIDTH_GBS,
        ),
        ("interconnect_gbs", &a.interconnect_gbs, None, BANDWIDTH_GBS),
        ("fp8_tflops", &a.fp8_tflops, Some(Field::Tflops), TDP_WATTS),
        ("tdp_watts", &a.tdp_watts, None, TDP_WATTS),
        ("price_usd", &a.price_usd, Some(Field::Price), TDP_WATTS),
        (
            "rent_usd_per_hour",
            &a.rent_usd_per_hour,
            Some(Field::Rent),
            TDP_WATTS,
        ),
        (
            "server_watts_per_gpu",
            &a.server_watts_per_gpu,
            Some(Field::Watts),
            TDP_WATTS,
        ),
    ];
    for (key, v, field, bounds) in optional {
        if let Some(v) = v {
            match field {
                Some(f) => check_field(&who, key, v, f)?,
                None => check_sourced(&who, key, v, bounds)?,
            }
            check_sourced_text(&who, key, v)?;
        }
    }
    // A rent without its market compares a hyperscaler's price with a neocloud's.
    match (&a.rent_usd_per_hour, a.rent_tier) {
        (Some(_), None) => {
            return Err((
                "rent_tier",
                format!(
                    "{who}: rent_usd_per_hour needs rent_tier (HyperscalerOnDemand, \
                     HyperscalerCommitted or Neocloud)"
                ),
            ));
        }
        (None, Some(_)) => {
            return Err((
                "rent_tier",
                format!("{who}: rent_tier without rent_usd_per_hour"),
            ));
        }
        _ => {}
    }
    Ok(())
}

fn validate_milestone(m: &Milestone) -> Result<(), Invalid> {
    check_id(&m.id).map_err(|e| ("id", e))?;
    let who = format!("milestone '{}'", m.id);
    check_text(&who, "name", &m.name, false)?;
    check_text(&who, "org", &m.org, false)?;
    check_text(&who, "date", &m.date, false)?;
    if let Some(a) = &m.accelerator {
        check_text(&who, "accelerator", a, false)?;
    }
    if let Some(n) = &m.note {
        check_text(&who, "note", n, true)?;
    }
    check_sourced(&who, "flop", &m.flop, FLOP)?;
    check_sourced_text(&who, "flop", &m.flop)?;
    let optional = [
        ("params", &m.params, PARAMS),
        ("total_params", &m.total_params, PARAMS),
        ("tokens", &m.tokens, TOKENS),
        ("gpu_count", &m.gpu_count, GPU_COUNT),
        ("gpu_hours", &m.gpu_hours, GPU_HOURS),
        ("days", &m.days, RUN_DAYS),
        ("reported_mfu", &m.reported_mfu, MFU),
    ];
    for (key, v, bounds) in optional {
        if let Some(v) = v {
            check_sourced(&who, key, v, bounds)?;
            check_sourced_text(&who, key, v)?;
        }
    }
    // A run's GPU count becomes a scenario's (`L`, --from-run): whole, as every count.
    if let Some(n) = &m.gpu_count {
        for v in [Some(n.value), n.low, n.high].into_iter().flatten() {
            crate::model::parse::whole(Field::Gpus, v)
                .map_err(|e| ("gpu_count", format!("{who}: gpu_count: {e}")))?;
        }
    }
    // The run's own power basis is a scenario input once loaded: the inputs' own limits.
    let basis = [
        ("watts_per_gpu", &m.watts_per_gpu, Field::Watts),
        ("pue", &m.pue, Field::Pue),
        ("kg_co2_per_kwh", &m.kg_co2_per_kwh, Field::Co2),
    ];
    for (key, v, field) in basis {
        if let Some(v) = v {
            check_field(&who, key, v, field)?;
            check_sourced_text(&who, key, v)?;
        }
    }
    if let Some(s) = &m.shape {
        check_shape(&who, s)?;
    }
    Ok(())
}

/// A shape the serving model can use: whole heads of a whole width, KV heads grouping them.
fn check_shape(who: &str, s: &super::schema::Shape) -> Result<(), Invalid> {
    check_text(who, "shape", &s.source, true)?;
    let ok = s.layers > 0
        && s.heads > 0
        && s.kv_heads > 0
        && s.d_model.is_multiple_of(s.heads)
        && s.d_model >= s.heads
        && s.heads.is_multiple_of(s.kv_heads);
    if ok {
        Ok(())
    } else {
        Err((
            "shape",
            format!(
                "{who}: shape needs layers, heads and kv_heads above 0, d_model a multiple of \
                 heads and heads a multiple of kv_heads (got {} layers, d_model {}, {} heads, \
                 {} KV heads)",
                s.layers, s.d_model, s.heads, s.kv_heads
            ),
        ))
    }
}

/// An abbreviation is only useful with a reference a stranger can follow: refuse an empty one.
fn validate_abbreviation(a: &Abbreviation) -> Result<(), Invalid> {
    check_id(&a.id).map_err(|m| ("id", m))?;
    let who = format!("abbreviation '{}'", a.id);
    check_text(&who, "reference", &a.reference, true)?;
    if a.reference.trim().is_empty() {
        return Err(("reference", format!("{who}: reference is empty")));
    }
    Ok(())
}

fn validate_fleet(f: &Fleet) -> Result<(), Invalid> {
    check_id(&f.id).map_err(|m| ("id", m))?;
    let who = format!("fleet '{}'", f.id);
    check_text(&who, "name", &f.name, false)?;
    check_text(&who, "org", &f.org, false)?;
    check_text(&who, "date", &f.date, false)?;
    if let Some(a) = &f.accelerator {
        check_text(&who, "accelerator", a, false)?;
    }
    if let Some(n) = &f.note {
        check_text(&who, "note", n, true)?;
    }
    check_sourced(&who, "count", &f.count, FLEET_COUNT)?;
    check_sourced_text(&who, "count", &f.count)
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
