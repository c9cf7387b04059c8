//! One-line scenarios: `agi1:h100-sxm;gpus=350k;price=27.5k;mfu=40%;days=90`.
//!
//! A scenario short enough to paste into a chat or an issue. The head names the format version
//! and the card (`-` for none, `@fp8` for the FP8 peak); the base is the default scenario with
//! that card applied, exactly as the explorer's card key applies it. Then come the scenario's
//! base year (`base=2025`, the year its inputs describe) when it is not the base's, its recovery
//! mode and MFU basis when they differ, and every input that differs from the base, in
//! [`Field::ALL`] order, under its flag name. An unchanged value keeps the base's range and a
//! changed one has none, unless brackets after the value say otherwise
//! (`price=27.5k[25k..39083]`, `[..89]` for a high end alone, `[]` for none). Every number is
//! written in the shortest form that parses back to the same bits (an SI suffix or a percentage
//! only when exact), so a scenario's evaluation, bands included, survives the trip through its
//! string. Sources and notes do not travel: a value equal to the base's keeps the base's source,
//! any other reads as set by the user.

use crate::model::parse::parse_quantity;
use crate::model::{Field, MfuBasis, Recovery};
use crate::presets::{Catalog, DEFAULT_SCENARIO, Precision, Scenario, Sourced, Status};
use std::fmt;

/// The version this build writes and reads.
pub const VERSION: &str = "agi1";

/// Longest string accepted: a full scenario is under 200 characters.
pub const MAX_CHARS: usize = 2048;

/// Why a scenario string was refused; the message names the first bad part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringError(pub String);

impl fmt::Display for StringError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "scenario string: {}", self.0)
    }
}

impl std::error::Error for StringError {}

/// The key of the base year: the year the inputs describe, apart from `year`, the year the
/// scenario is projected to (a string without it keeps the default scenario's base year).
const BASE_YEAR: &str = "base";

/// The name a field has in strings: its flag without dashes (`gpus`, `kwh-price`).
pub fn field_name(f: Field) -> &'static str {
    f.spec().flag.trim_start_matches("--")
}

/// The field named `name` in a string (its flag name, or its RON key).
pub fn field_named(name: &str) -> Option<Field> {
    Field::ALL
        .into_iter()
        .find(|&f| field_name(f) == name || f.spec().key == name)
}

/// The scenario a string's values are relative to: the default scenario, on `card` if any.
fn base(catalog: &Catalog, card: Option<&str>, precision: Precision) -> Result<Scenario, String> {
    let mut s = match catalog.scenario(DEFAULT_SCENARIO) {
        Some(e) => e.scenario.clone(),
        None => Catalog::embedded()
            .scenario(DEFAULT_SCENARIO)
            .map(|e| e.scenario.clone())
            .ok_or_else(|| format!("the default scenario '{DEFAULT_SCENARIO}' is missing"))?,
    };
    s.precision = precision;
    match card {
        Some(id) => {
            let c = catalog.accelerator(id).ok_or_else(|| {
                let known: Vec<&str> = catalog.accelerators.iter().map(|a| a.id.as_str()).collect();
                format!(
                    "unknown accelerator '{}'; expected one of {} or - for none",
                    crate::model::format::quoted(id),
                    known.join(", ")
                )
            })?;
            s.use_card(c);
        }
        None => s.accelerator = None,
    }
    Ok(s)
}

/// The string for `scenario`, relative to `catalog`'s default scenario and cards.
pub fn encode(scenario: &Scenario, catalog: &Catalog) -> String {
    // A card the catalog does not know cannot be a base: write every value against no card.
    let card = scenario
        .accelerator
        .as_deref()
        .filter(|id| catalog.accelerator(id).is_some());
    let precision = scenario.precision;
    let mut out = String::from(VERSION);
    out.push(':');
    out.push_str(card.unwrap_or("-"));
    if precision == Precision::Fp8 {
        out.push_str("@fp8");
    }
    let Ok(base) = base(catalog, card, precision) else {
        return out;
    };
    if scenario.base_year.value.to_bits() != base.base_year.value.to_bits() {
        out.push_str(&format!(
            ";{BASE_YEAR}={}",
            number(Field::Year, scenario.base_year.value)
        ));
    }
    // The two choices that are not numbers, before the inputs (a recovery mode sets the
    // restart a later `restart=` overrides).
    if scenario.recovery != base.recovery {
        out.push_str(";recovery=");
        out.push_str(scenario.recovery.key());
    }
    if scenario.mfu_basis != base.mfu_basis {
        out.push_str(";mfu-basis=");
        out.push_str(scenario.mfu_basis.key());
    }
    let missing = |s: &Scenario, f| s.sourced(f).is_some_and(|x| x.status == Status::Missing);
    let range = |s: &Scenario, f| {
        s.sourced(f).map_or((None, None), |x| {
            (x.low.map(f64::to_bits), x.high.map(f64::to_bits))
        })
    };
    // The projected year, only where it is set apart from the base year.
    if let Some(y) = scenario
        .year
        .as_ref()
        .filter(|y| y.value.to_bits() != scenario.base_year.value.to_bits())
    {
        out.push_str(&format!(
            ";{}={}",
            field_name(Field::Year),
            number(Field::Year, y.value)
        ));
    }
    for f in Field::ALL.into_iter().filter(|&f| f != Field::Year) {
        let (mine, theirs) = (
            scenario.sourced(f).map(|x| x.value),
            base.sourced(f).map(|x| x.value),
        );
        // A value the card lacks is written once it is known, even if it equals the placeholder.
        let supplied = missing(&base, f) && !missing(scenario, f);
        let same_value = mine.map(f64::to_bits) == theirs.map(f64::to_bits) && !supplied;
        // The range a reader assumes: the base's for an unchanged value, none for another.
        let assumed = if same_value {
            range(&base, f)
        } else {
            (None, None)
        };
        let same_range = range(scenario, f) == assumed;
        if same_value && same_range {
            continue;
        }
        out.push(';');
        out.push_str(field_name(f));
        out.push('=');
        match mine {
            Some(v) => out.push_str(&number(f, v)),
            None => out.push_str("none"),
        }
        if let Some(x) = scenario.sourced(f).filter(|_| !same_range) {
            out.push('[');
            if let Some(low) = x.low {
                out.push_str(&number(f, low));
            }
            if x.low.is_some() || x.high.is_some() {
                out.push_str("..");
            }
            if let Some(high) = x.high {
                out.push_str(&number(f, high));
            }
            out.push(']');
        }
    }
    out
}

/// Reads a string back into a scenario. Values equal to the base keep the base's sources and
/// ranges; the others are marked as set by the user.
pub fn decode(text: &str, catalog: &Catalog) -> Result<Scenario, StringError> {
    let err = |m: String| StringError(m);
    let text = text.trim();
    if text.chars().count() > MAX_CHARS {
        return Err(err(format!("longer than {MAX_CHARS} characters")));
    }
    // Refused as the loader refuses them in preset text: the description quotes the string,
    // and a scenario that cannot be saved must not be accepted.
    if let Some((at, c)) = text
        .chars()
        .enumerate()
        .find(|&(_, c)| c.is_control() || crate::model::format::is_bidi_control(c))
    {
        return Err(err(format!(
            "the control character U+{:04X} at character {} (escape sequences, line breaks, \
             tabs and bidirectional overrides are not allowed)",
            u32::from(c),
            at + 1
        )));
    }
    let Some((version, rest)) = text.split_once(':') else {
        return Err(err(format!(
            "expected {VERSION}:CARD;field=value;… (e.g. {VERSION}:h100-sxm;gpus=350k)"
        )));
    };
    if version != VERSION {
        let shown = crate::model::format::quoted(version);
        return Err(err(
            if version.starts_with("agi") && version[3..].chars().all(|c| c.is_ascii_digit()) {
                format!("version '{shown}' is not known: this agi-compute reads {VERSION}")
            } else {
                format!("expected the version {VERSION}: at the start, found '{shown}'")
            },
        ));
    }
    let mut parts = rest.split(';').map(str::trim);
    let head = parts.next().unwrap_or("");
    let (card, precision) = match head.split_once('@') {
        Some((c, "fp8")) => (c, Precision::Fp8),
        Some((c, "bf16")) => (c, Precision::Bf16),
        Some((_, p)) => {
            return Err(err(format!(
                "precision '{}' after @: expected fp8 or bf16",
                crate::model::format::quoted(p)
            )));
        }
        None => (head, Precision::Bf16),
    };
    if card.is_empty() {
        return Err(err(format!(
            "expected an accelerator id or - after {VERSION}: (e.g. {VERSION}:h100-sxm)"
        )));
    }
    let card = (card != "-").then_some(card);
    let mut s = base(catalog, card, precision).map_err(err)?;
    let mut seen = Vec::new();
    let mut seen_base = false;
    // Shares named together are set together, after the rest.
    let mut shares: [Option<Sourced>; 3] = Default::default();
    for part in parts.filter(|p| !p.is_empty()) {
        let shown = crate::model::format::quoted(part);
        let Some((name, value)) = part.split_once('=') else {
            return Err(err(format!("'{shown}': expected field=value")));
        };
        let (name, value) = (name.trim(), value.trim());
        if name == BASE_YEAR {
            if seen_base {
                return Err(err(format!("{BASE_YEAR} is given twice")));
            }
            seen_base = true;
            let v = value_for(Field::Year, value).map_err(|m| err(format!("{BASE_YEAR}: {m}")))?;
            if v.to_bits() != s.base_year.value.to_bits() {
                s.base_year = Sourced {
                    source: "the base year of a one-line scenario".into(),
                    ..Sourced::user_set(v)
                };
            }
            continue;
        }
        match name {
            "recovery" => {
                let r = Recovery::from_key(value).ok_or_else(|| {
                    err(format!(
                        "recovery '{}': expected sync, fault-tolerant or in-memory",
                        crate::presets::checks::visible(value)
                    ))
                })?;
                s.set_recovery(r);
                continue;
            }
            "mfu-basis" => {
                s.mfu_basis = [MfuBasis::InStep, MfuBasis::WholeRun]
                    .into_iter()
                    .find(|b| b.key() == value)
                    .ok_or_else(|| {
                        err(format!(
                            "mfu-basis '{}': expected in-step or whole-run",
                            crate::presets::checks::visible(value)
                        ))
                    })?;
                continue;
            }
            _ => {}
        }
        let field = field_named(name).ok_or_else(|| {
            let mut names: Vec<&str> = Field::ALL.into_iter().map(field_name).collect();
            names.push(BASE_YEAR);
            err(format!(
                "'{}' is not an input; expected one of {}",
                crate::model::format::quoted(name),
                names.join(", ")
            ))
        })?;
        if seen.contains(&field) {
            return Err(err(format!("{} is given twice", field_name(field))));
        }
        seen.push(field);
        let (value, range) =
            split_range(value).map_err(|m| err(format!("{}: {m}", field_name(field))))?;
        if value == "none" {
            if range.is_some() {
                return Err(err(format!("{}: none takes no range", field_name(field))));
            }
            match field {
                Field::Rent => s.rent_usd_per_gpu_hour = None,
                Field::AmortYears => s.amortization_years = None,
                Field::Checkpoint => s.checkpoint_minutes = None,
                _ => {
                    return Err(err(format!(
                        "{}: expected a number; only rent, amortize-years and checkpoint can be none",
                        field_name(field)
                    )));
                }
            }
            continue;
        }
        let v = value_for(field, value).map_err(|m| err(format!("{}: {m}", field_name(field))))?;
        let range = match range {
            Some((low, high)) => {
                let bound = |t: Option<&str>| {
                    t.map(|t| value_for(field, t))
                        .transpose()
                        .map_err(|m| err(format!("{}: range: {m}", field_name(field))))
                };
                let (low, high) = (bound(low)?, bound(high)?);
                if let (Some(l), Some(h)) = (low, high)
                    && l > h
                {
                    return Err(err(format!(
                        "{}: the range's low end is above its high end",
                        field_name(field)
                    )));
                }
                Some((low, high))
            }
            None => None,
        };
        let current = s.sourced(field).cloned();
        // Bit for bit, as `encode` compares: a value a rounding away from the base's (typed or
        // computed) is the user's, or the string would not give back what it was written from.
        let same = current
            .as_ref()
            .is_some_and(|c| c.status != Status::Missing && c.value.to_bits() == v.to_bits());
        // No range written: an unchanged value keeps the base's, a changed one has none.
        let value = match (same, range, current) {
            (true, None, Some(cur)) => cur,
            (_, range, _) => {
                let (low, high) = range.unwrap_or_default();
                Sourced {
                    low,
                    high,
                    ..Sourced::user_set(v)
                }
            }
        };
        if let Some(i) = crate::model::projection::share_index(field) {
            shares[i] = Some(value);
        } else {
            *s.sourced_mut(field) = value;
        }
    }
    s.set_shares(shares).map_err(err)?;
    s.name = "shared".into();
    s.title = "Shared scenario".into();
    s.description = format!("From the one-line scenario {text}");
    s.note = None;
    Ok(s)
}

/// Splits `27.5k[25k..30k]` into the value and its range's ends (`[]` for none, `[..30k]` for a
/// high end alone).
type Range<'a> = (Option<&'a str>, Option<&'a str>);

fn split_range(text: &str) -> Result<(&str, Option<Range<'_>>), String> {
    let Some((value, rest)) = text.split_once('[') else {
        return Ok((text, None));
    };
    let inner = rest
        .strip_suffix(']')
        .ok_or_else(|| "expected value[low..high]".to_string())?;
    fn end(t: &str) -> Option<&str> {
        Some(t.trim()).filter(|t| !t.is_empty())
    }
    let range = match inner.split_once("..") {
        Some((low, high)) => (end(low), end(high)),
        None if inner.trim().is_empty() => (None, None),
        None => return Err("expected value[low..high]".to_string()),
    };
    Ok((value.trim(), Some(range)))
}

/// A value as a string writes it, checked against the field's range and the whole-count rule
/// but not rounded (the string must give back the exact number it was written from).
fn value_for(field: Field, text: &str) -> Result<f64, String> {
    let t = parse_quantity(text).map_err(|e| e.to_string())?;
    if t.percent && !field.spec().percent {
        return Err(format!(
            "expected a plain number ({} is no percentage)",
            field.name()
        ));
    }
    crate::model::parse::whole(field, t.value).map_err(|e| e.to_string())?;
    field.check(t.value).map_err(|e| e.to_string())
}

/// The shortest text that parses back to exactly `v`: `350k`, `27.5k`, `40%`, `1.5e-7`.
pub fn number(field: Field, v: f64) -> String {
    let scales: &[(&str, f64)] = if field.spec().percent {
        &[("%", 100.0), ("", 1.0)]
    } else {
        &[
            ("", 1.0),
            ("k", 1e-3),
            ("M", 1e-6),
            ("G", 1e-9),
            ("T", 1e-12),
        ]
    };
    let exact = |s: &str| parse_quantity(s).is_ok_and(|t| t.value.to_bits() == v.to_bits());
    // Exponent forms cost a little extra ("100k" reads better than "1e5"); a suffix wins a tie
    // ("27.5k" over "27500", "40%" over "0.4").
    let cost = |s: &str| {
        let suffixed = s.ends_with(|c: char| c.is_ascii_alphabetic() || c == '%');
        2 * s.len() + if s.contains('e') { 4 } else { 0 } - usize::from(suffixed)
    };
    let mut best = format!("{v}");
    for &(suffix, scale) in scales {
        let x = v * scale;
        for digits in 1..=17 {
            let Ok(y) = format!("{:.*e}", digits - 1, x).parse::<f64>() else {
                continue;
            };
            for body in [format!("{y}"), format!("{y:e}")] {
                let s = format!("{body}{suffix}");
                if cost(&s) < cost(&best) && exact(&s) {
                    best = s;
                }
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_exact() {
        assert_eq!(number(Field::Gpus, 350_000.0), "350k");
        assert_eq!(number(Field::Price, 27_500.0), "27.5k");
        assert_eq!(number(Field::Mfu, 0.4), "40%");
        assert_eq!(number(Field::Days, 90.0), "90");
        assert_eq!(number(Field::Gpus, 1e7), "10M");
        assert_eq!(number(Field::KwhPrice, 0.083), "0.083");
        let odd = 0.1 + 0.2;
        assert_eq!(
            parse_quantity(&number(Field::Mfu, odd)).map(|t| t.value.to_bits()),
            Ok(odd.to_bits())
        );
    }

    /// A value one rounding away from the base's is written (encode compares bits) and must
    /// be read back as written, not snapped onto the base's: 0.0000197M is 19.700000000000003,
    /// the V100's failure rate is 19.7.
    #[test]
    fn a_value_an_ulp_from_the_base_comes_back_exactly() {
        let c = Catalog::embedded();
        let mut s = base(&c, Some("v100"), Precision::Bf16).expect("v100");
        let near = f64::from_bits(s.failures_per_million_gpu_hours.value.to_bits() + 1);
        s.set_input(Field::FailureRate, Sourced::user_set(near));
        let line = encode(&s, &c);
        assert!(line.contains("failure-rate="), "{line}");
        let back = decode(&line, &c).expect("decodes");
        assert_eq!(
            back.failures_per_million_gpu_hours.value.to_bits(),
            near.to_bits(),
            "{line}"
        );
    }

    #[test]
    fn the_default_scenario_is_its_card() {
        let c = Catalog::embedded();
        let s = c.scenario(DEFAULT_SCENARIO).map(|e| e.scenario.clone());
        let s = s.expect("default scenario");
        let line = encode(&s, &c);
        let back = decode(&line, &c).expect("decodes");
        assert_eq!(back.inputs(), s.inputs(), "{line}");
    }

    #[test]
    fn the_recovery_mode_and_mfu_basis_travel_with_the_string() {
        let c = Catalog::embedded();
        let mut s = c.scenario(DEFAULT_SCENARIO).unwrap().scenario.clone();
        s.set_recovery(Recovery::InMemory);
        s.mfu_basis = MfuBasis::WholeRun;
        *s.sourced_mut(Field::Checkpoint) = Sourced::user_set(1.5);
        let line = encode(&s, &c);
        assert!(
            line.contains(";recovery=in-memory;mfu-basis=whole-run;"),
            "{line}"
        );
        let back = decode(&line, &c).expect("decodes");
        assert_eq!(back.inputs(), s.inputs(), "{line}");
        assert!(decode("agi1:-;recovery=later", &c).is_err());
        let unset = decode("agi1:-;checkpoint=none", &c).expect("decodes");
        assert_eq!(unset.checkpoint_minutes, None);
    }

    #[test]
    fn refusals_name_the_bad_part() {
        let c = Catalog::embedded();
        let e = |t: &str| decode(t, &c).map(|_| ()).unwrap_err().to_string();
        assert!(e("agi2:h100-sxm").contains("version 'agi2' is not known"));
        assert!(e("gpus=1").contains("expected agi1:"));
        assert!(e("agi1:nope").contains("unknown accelerator 'nope'"));
        assert!(e("agi1:-;gpus=0").contains("gpus: GPUs must be in [1, 1000000000]"));
        assert!(e("agi1:-;mfu=4x").contains("mfu: '4x' is not a number"));
        assert!(e("agi1:-;foo=1").contains("'foo' is not an input"));
        assert!(e("agi1:-;days").contains("'days': expected field=value"));
        assert!(e("agi1:-;days=1;days=2").contains("days is given twice"));
        assert!(e("agi1:-;gpus=none").contains("gpus: expected a number"));
        assert!(e("agi1:-;price=5%").contains("price: expected a plain number"));
        assert!(e("agi1:h100-sxm;gpus=1.5").contains("gpus: GPUs must be a whole number"));
        for bad in [
            "gpus=1k\u{b};days=30",
            "gpus=1k\r;days=30",
            "gpus=1\u{85}k",
            "gpus=1k\n;days=30",
        ] {
            let m = e(&format!("agi1:h100-sxm;{bad}"));
            assert!(m.contains("the control character U+"), "{bad:?}: {m}");
        }
        assert!(decode("agi1:h100-sxm;gpus=1k;days=30\n", &c).is_ok());
    }
}
