//! The checks every preset file shares: names, text free of control characters, and values (with
//! their low and high) inside ranges that keep everything derived from them finite.

use super::sourced::Sourced;
use crate::model::Field;

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
pub(super) const FLEET_COUNT: Bounds = Bounds {
    min: 1.0,
    open_min: false,
    max: 1e9,
    unit: "accelerators",
};
/// Training compute: today's largest runs are ~1e27 FLOP; 1e40 is far past any plan.
pub(crate) const FLOP: Bounds = Bounds::positive(1e40, "FLOP");
/// Parameters (active or total): ~1e12 today.
pub(super) const PARAMS: Bounds = Bounds::positive(1e16, "parameters");
/// Training tokens: ~1e13 today.
pub(crate) const TOKENS: Bounds = Bounds::positive(1e17, "tokens");
pub(super) const GPU_COUNT: Bounds = Bounds::positive(1e9, "accelerators");
pub(super) const GPU_HOURS: Bounds = Bounds::positive(1e13, "GPU-hours");
/// Ten years, as the scenario's days input.
pub(super) const RUN_DAYS: Bounds = Bounds::positive(3650.0, "days");
pub(super) const MFU: Bounds = Bounds::positive(1.0, "(a fraction, not a percentage)");
pub(super) const MEMORY_GB: Bounds = Bounds::positive(1e6, "GB");
pub(super) const BANDWIDTH_GBS: Bounds = Bounds::positive(1e6, "GB/s");
pub(super) const TDP_WATTS: Bounds = Bounds::positive(1e5, "W");

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
