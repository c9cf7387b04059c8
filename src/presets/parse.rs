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
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Problem::new(
            path,
            "file is empty (expected RON preset data)",
        ));
    }
    options().from_str(text).map_err(|e| {
        Problem::new(path, plain_reason(&e.code)).at(e.span.start.line, e.span.start.col)
    })
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
        _ => raw,
    }
}

/// Parses and validates one scenario.
pub fn parse_scenario(path: &str, text: &str) -> Result<Scenario, Problem> {
    let s: Scenario = parse_ron(path, text)?;
    validate_scenario(&s).map_err(|(key, msg)| locate(path, text, &s.name, key, msg))?;
    Ok(s)
}

/// Parses and validates a list of accelerators.
pub fn parse_accelerators(path: &str, text: &str) -> Result<Vec<Accelerator>, Problem> {
    let list: Vec<Accelerator> = parse_ron(path, text)?;
    for a in &list {
        validate_accelerator(a).map_err(|(key, msg)| locate(path, text, &a.id, key, msg))?;
    }
    Ok(list)
}

/// Parses and validates a list of milestones.
pub fn parse_milestones(path: &str, text: &str) -> Result<Vec<Milestone>, Problem> {
    let list: Vec<Milestone> = parse_ron(path, text)?;
    for m in &list {
        validate_milestone(m).map_err(|(key, msg)| locate(path, text, &m.id, key, msg))?;
    }
    Ok(list)
}

/// Parses and validates a list of fleets.
pub fn parse_fleets(path: &str, text: &str) -> Result<Vec<Fleet>, Problem> {
    let list: Vec<Fleet> = parse_ron(path, text)?;
    for f in &list {
        let ok = positive(&f.count) && f.count.value >= 1.0;
        if !ok {
            return Err(locate(
                path,
                text,
                &f.id,
                "count",
                format!("fleet '{}': count must be a finite number ≥ 1", f.id),
            ));
        }
        check_id(&f.id).map_err(|m| locate(path, text, &f.id, "id", m))?;
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

/// Attaches a line and column to a validation error: the first `key:` after the entry's name.
fn locate(path: &str, text: &str, anchor: &str, key: &str, message: String) -> Problem {
    let problem = Problem::new(path, message);
    let quoted = format!("\"{anchor}\"");
    let start = text.find(&quoted).unwrap_or(0);
    // The key may come before the name inside the entry; search from the entry's opening.
    let entry_start = text[..start].rfind('(').unwrap_or(0);
    let needle = format!("{key}:");
    let found = text[entry_start..]
        .find(&needle)
        .map(|i| entry_start + i)
        .or_else(|| text.find(&quoted));
    match found {
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
