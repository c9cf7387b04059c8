//! Parsing of numbers typed by people: `350000`, `3.5e5`, `350k`, `1.2M`, `$30k`, `40%`.
//!
//! Used by the CLI flags and the TUI's value entry, so both accept exactly the same forms and
//! refuse the same way. Only ASCII digits, one decimal point, an exponent, one multiplier suffix
//! and (for percentage fields) one `%` are accepted; `inf`, `NaN` and overflow are refused.

use super::field::Field;
use std::fmt;

/// Why a typed number was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum ParseError {
    Empty,
    /// Not a number in any accepted form.
    Malformed(String),
    /// A `%` on a field that is not a percentage.
    PercentNotAllowed(Field),
    /// Parsed, but outside the field's valid range.
    OutOfRange(super::field::RangeError),
    /// A plain number above 1 for a percentage field: probably meant as percent.
    LooksLikePercent(Field, f64),
    /// A fraction where only whole numbers make sense (half a GPU).
    NotWhole(Field, f64),
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Empty => write!(f, "enter a number, e.g. 350k, 3.5e5 or 40%"),
            ParseError::Malformed(s) => write!(
                f,
                "'{}' is not a number (try 350000, 3.5e5, 350k, 1.2M, 2.5G or 40%)",
                shorten(s)
            ),
            ParseError::PercentNotAllowed(field) => {
                write!(
                    f,
                    "{} is not a percentage; enter a plain number",
                    field.name()
                )
            }
            ParseError::OutOfRange(e) => write!(f, "{e}"),
            ParseError::NotWhole(field, v) => write!(
                f,
                "{} must be a whole number (got {})",
                field.name(),
                shorten(&v.to_string())
            ),
            ParseError::LooksLikePercent(field, v) => write!(
                f,
                "{} must be in {}: {v} would be {}% (type {v}% or {})",
                field.name(),
                field.range_text(),
                v * 100.0,
                v / 100.0
            ),
        }
    }
}

impl std::error::Error for ParseError {}

/// Keeps error messages short when someone pastes a novel.
fn shorten(s: &str) -> String {
    const MAX: usize = 24;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{head}…")
    }
}

/// A number as typed, before any field's range applies.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Typed {
    pub value: f64,
    /// Written with a trailing `%` (value already divided by 100).
    pub percent: bool,
}

/// Parses a quantity with an optional `$`, multiplier suffix (k, M, G/B, T, P) or `%`.
pub fn parse_quantity(input: &str) -> Result<Typed, ParseError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(ParseError::Empty);
    }
    let bad = || ParseError::Malformed(s.to_string());
    let mut body = s.strip_prefix('$').unwrap_or(s).trim();
    let mut multiplier = 1.0;
    let mut percent = false;
    if let Some(rest) = body.strip_suffix('%') {
        percent = true;
        multiplier = 0.01;
        body = rest.trim_end();
    } else if let Some(last) = body.chars().last() {
        let m = match last {
            'k' | 'K' => Some(1e3),
            'm' | 'M' => Some(1e6),
            'g' | 'G' | 'b' | 'B' => Some(1e9),
            't' | 'T' => Some(1e12),
            'p' | 'P' => Some(1e15),
            _ => None,
        };
        if let Some(m) = m {
            multiplier = m;
            body = body[..body.len() - last.len_utf8()].trim_end();
        }
    }
    // Thousands separators as people write them ("200,000", "$30,000"): only in groups of
    // three digits, so "1,5" (a decimal comma elsewhere) stays refused rather than misread.
    let body = if body.contains(',') {
        let int = body.split(['.', 'e', 'E']).next().unwrap_or("");
        let mut groups = int.split(',');
        let first = groups.next().unwrap_or("");
        let grouped = (1..=3).contains(&first.len())
            && first.chars().all(|c| c.is_ascii_digit())
            && groups.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
            && !body[int.len()..].contains(',');
        if !grouped {
            return Err(bad());
        }
        body.replace(',', "")
    } else {
        body.to_string()
    };
    let body: String = body.chars().filter(|&c| c != '_').collect();
    let valid_chars = body
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'));
    if body.is_empty() || !valid_chars || !body.chars().any(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let v: f64 = body.parse().map_err(|_| bad())?;
    let value = v * multiplier;
    if value.is_nan() {
        return Err(bad());
    }
    Ok(Typed {
        value: value + 0.0,
        percent,
    })
}

/// Parses a value for `field` and checks its range; `%` only where the field is a percentage.
pub fn parse_for(field: Field, input: &str) -> Result<f64, ParseError> {
    let t = parse_quantity(input)?;
    if t.percent && !field.spec().percent {
        return Err(ParseError::PercentNotAllowed(field));
    }
    let v = t.value;
    if field.spec().percent && !t.percent && v > 1.0 && v <= 100.0 {
        return Err(ParseError::LooksLikePercent(field, v));
    }
    let v = whole(field, v)?;
    field.check(v).map_err(ParseError::OutOfRange)
}

/// The one whole-count rule of every surface that takes a count (GPUs; the fields whose spec
/// snaps to integers): flags, the prompt, scenario strings and preset files. A value within
/// rounding noise of a whole number ("1.1k", a count written as 16384.000000001) is that
/// number, which comes back; anything else (half a GPU) is refused rather than rounded, so a
/// typed count never changes silently. Counts the program derives (a run's GPU-hours ÷ days)
/// are rounded before they reach a scenario.
pub fn whole(field: Field, v: f64) -> Result<f64, ParseError> {
    if !field.counts() || !v.is_finite() {
        return Ok(v);
    }
    let r = v.round();
    if (v - r).abs() > 1e-9 * r.abs().max(1.0) {
        return Err(ParseError::NotWhole(field, v));
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Option<f64> {
        parse_quantity(s).ok().map(|t| t.value)
    }

    #[test]
    fn accepted_forms() {
        assert_eq!(q("350000"), Some(350_000.0));
        assert_eq!(q("3.5e5"), Some(350_000.0));
        assert_eq!(q("350k"), Some(350_000.0));
        assert_eq!(q("1.2M"), Some(1_200_000.0));
        assert_eq!(q("2.5G"), Some(2.5e9));
        assert_eq!(q("$30k"), Some(30_000.0));
        assert_eq!(q(" 100_000 "), Some(100_000.0));
        assert_eq!(q("40%"), Some(0.4));
        assert_eq!(q("200,000"), Some(200_000.0));
        assert_eq!(q("$30,000"), Some(30_000.0));
        assert_eq!(q("1,234,567.5"), Some(1_234_567.5));
    }

    #[test]
    fn refused_forms() {
        for s in [
            "",
            "  ",
            "inf",
            "NaN",
            "∞",
            "12kk",
            "50%%",
            "--5",
            "k",
            "%",
            "1e",
            "0x10",
            "1,5",
            "1,0000",
            ",000",
            "1,000.5,0",
        ] {
            assert!(parse_quantity(s).is_err(), "{s:?} should be refused");
        }
    }

    #[test]
    fn field_ranges_apply() {
        assert_eq!(parse_for(Field::Mfu, "40%"), Ok(0.4));
        assert_eq!(parse_for(Field::Mfu, "0.4"), Ok(0.4));
        let e = parse_for(Field::Mfu, "1.5").unwrap_err();
        assert!(e.to_string().starts_with("MFU must be in (0, 100%]"), "{e}");
        let e = parse_for(Field::Mfu, "40").unwrap_err();
        assert_eq!(
            e.to_string(),
            "MFU must be in (0, 100%]: 40 would be 4000% (type 40% or 0.4)"
        );
        assert!(
            parse_for(Field::Mfu, "150%")
                .unwrap_err()
                .to_string()
                .contains("got 150%")
        );
        assert!(matches!(
            parse_for(Field::Gpus, "40%"),
            Err(ParseError::PercentNotAllowed(_))
        ));
        assert!(parse_for(Field::Gpus, "1e999").is_err());
        assert!(parse_for(Field::Gpus, "0").is_err());
        assert_eq!(parse_for(Field::Gpus, "350k"), Ok(350_000.0));
        assert_eq!(parse_for(Field::Gpus, "1.1k"), Ok(1_100.0));
        assert_eq!(
            parse_for(Field::Gpus, "0.5").unwrap_err().to_string(),
            "GPUs must be a whole number (got 0.5)"
        );
    }
}
