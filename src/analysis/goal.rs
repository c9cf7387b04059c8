//! Goal seek as the explorer asks it: a typed target, solved for the focused input, in words.

use crate::analysis::evaluation::{Reference, Solved, solve_on_basis};
use crate::model::cost::CostBasis;
use crate::model::format as fmt;
use crate::model::parse::parse_quantity;
use crate::model::solve::{SolveError, Target, solve};
use crate::model::{Field, Flop, Inputs, Usd};
use crate::presets::Catalog;
use crate::presets::Scenario;

/// What a budget goal is solved against: the scenario and the cost basis on screen.
pub struct Basis<'a> {
    pub scenario: &'a Scenario,
    pub reference: &'a Reference,
    pub basis: CostBasis,
}

/// The kinds of target a goal takes, as they are typed.
const KINDS: &str =
    "1e27 (FLOP), 10x llama-3.1-405b, 1e27 useful, $5B, 10T params, 1GW or 90% goodput";

/// The smallest bare number read as a FLOP target, far below the smallest run in the catalog
/// (4e22 FLOP), so "100" or "0.4" typed for another kind is refused.
const MIN_FLOP_TARGET: f64 = 1e15;

/// Parses a goal: `1e27` (FLOP), `10x llama-3.1-405b` (a multiple of a milestone), or `$5B`
/// (a budget for the GPUs); a FLOP goal followed by `useful` (`1e27 useful`, `10x gpt-4
/// useful`) counts the run's FLOP after failures. Returns the target and how to say it.
pub fn parse_target(text: &str, catalog: &Catalog) -> Result<(Target, String), String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(format!("type a target: {KINDS}"));
    }
    // ASCII lower-casing keeps byte offsets, so the word is cut from the text as typed.
    let lower = t.to_ascii_lowercase();
    let word = "useful".len();
    let body = if lower.ends_with("useful") {
        Some(&t[..t.len() - word])
    } else if lower.starts_with("useful") {
        Some(&t[word..])
    } else {
        None
    };
    if let Some(flop) = body {
        return match parse_target(flop, catalog)? {
            (Target::Flop(f), said) => Ok((Target::UsefulFlop(f), format!("{said} useful"))),
            _ => {
                Err("useful applies to a FLOP goal: 1e27 useful, 10x llama-3.1-405b useful".into())
            }
        };
    }
    if t.starts_with('$') || t.to_ascii_lowercase().ends_with("usd") {
        let body = t.trim_end_matches(|c: char| c.is_ascii_alphabetic() && "usdUSD".contains(c));
        let v = parse_quantity(body).map_err(|e| e.to_string())?.value;
        return if v > 0.0 && v.is_finite() {
            Ok((Target::Budget(Usd(v)), format!("a {} budget", fmt::usd(v))))
        } else {
            Err("a budget must be a positive amount".into())
        };
    }
    // "90% goodput", "goodput 0.9": the largest run (or the reliability) that keeps it.
    if let Some(num) = lower
        .strip_suffix("goodput")
        .or_else(|| lower.strip_prefix("goodput"))
    {
        let g = parse_fraction(num).map_err(|e| e.to_string())?;
        return if g > 0.0 && g < 1.0 {
            Ok((
                Target::Goodput(g),
                format!("a goodput of {}", fmt::percent(g)),
            ))
        } else {
            Err("a goodput target must be between 0 and 100 %".into())
        };
    }
    // "1GW", "500 MW": the run's facility power.
    if let Some(p) = parse_power(&lower) {
        let mw = p.map_err(|e| e.to_string())?;
        return if mw > 0.0 && mw.is_finite() {
            Ok((
                Target::PowerMw(mw),
                format!("{} of facility power", fmt::si(mw * 1e6, "W")),
            ))
        } else {
            Err("a power target must be positive".into())
        };
    }
    // "10T params": a compute-optimal model of that size (C = 6·N·D with D = 20·N).
    if let Some(num) = lower
        .strip_suffix("params")
        .or_else(|| lower.strip_suffix("parameters"))
    {
        let n = parse_quantity(num.trim()).map_err(|e| e.to_string())?.value;
        let flop = 6.0 * n * 20.0 * n;
        return if flop > 0.0 && flop.is_finite() {
            Ok((
                Target::Flop(Flop(flop)),
                format!(
                    "a compute-optimal {}-parameter model ({})",
                    fmt::count(n),
                    fmt::flop(flop)
                ),
            ))
        } else {
            Err("a model size must be a positive number of parameters".into())
        };
    }
    // "10x llama-3.1-405b", "10 × GPT-4", "0.5x palm"
    if let Some(pos) = t.find(['x', 'X', '×']) {
        let (num, rest) = t.split_at(pos);
        let name = rest.trim_start_matches(['x', 'X', '×']).trim();
        if !num.trim().is_empty() && !name.is_empty() {
            let k = parse_quantity(num).map_err(|e| e.to_string())?.value;
            let m = catalog.find_milestone(name).ok_or_else(|| {
                format!("no milestone '{name}' (try an id such as llama-3.1-405b or gpt-4)")
            })?;
            let flop = k * m.flop.value;
            return if flop > 0.0 && flop.is_finite() {
                Ok((
                    Target::Flop(Flop(flop)),
                    format!("{}× {} ({})", fmt::sig(k, 3), m.name, fmt::flop(flop)),
                ))
            } else {
                Err("the multiple must be positive".into())
            };
        }
    }
    let q = parse_quantity(t.trim_end_matches("FLOP").trim_end_matches("flop").trim())
        .map_err(|e| e.to_string())?;
    let v = q.value;
    // A bare number is a FLOP target: a percentage, or a count too small to be any run, is a
    // target of another kind typed without its word.
    if q.percent || (v > 0.0 && v < MIN_FLOP_TARGET) {
        return Err(format!(
            "'{t}' is not a FLOP target (a run is at least {}); a goal is one of: {KINDS}",
            fmt::flop(MIN_FLOP_TARGET)
        ));
    }
    if v > 0.0 && v.is_finite() {
        Ok((Target::Flop(Flop(v)), fmt::flop(v)))
    } else {
        Err("a FLOP target must be positive".into())
    }
}

/// A share as typed: `90%` or `0.9`.
pub fn parse_fraction(text: &str) -> Result<f64, crate::model::parse::ParseError> {
    parse_quantity(text.trim()).map(|q| q.value)
}

/// A power as typed, in MW: `1GW`, `500 MW`, `2.5gw`, `300kw`; `None` when `text` (lower
/// case) does not end in a power unit.
pub fn parse_power(text: &str) -> Option<Result<f64, crate::model::parse::ParseError>> {
    let t = text.trim();
    let (num, mw) = [("gw", 1e3), ("mw", 1.0), ("kw", 1e-3)]
        .into_iter()
        .find_map(|(unit, mw)| Some((t.strip_suffix(unit)?, mw)))?;
    Some(parse_quantity(num.trim()).map(|q| q.value * mw))
}

/// The answer in words: "needs 325 k NVIDIA H100 for 90 days".
pub fn describe(field: Field, value: f64, i: &Inputs, card: &str) -> String {
    match field {
        Field::Gpus => format!(
            "needs {} {card} for {}",
            fmt::count(value),
            fmt::days(i.days)
        ),
        Field::Days => format!(
            "needs {} on {} {card}",
            fmt::days(value),
            fmt::count(i.gpus)
        ),
        Field::Mfu => format!("needs MFU {}", fmt::percent(value)),
        Field::Tflops => format!(
            "needs {} TFLOP/s per GPU ({} today's {})",
            fmt::sig(value, 3),
            fmt::ratio(value / i.peak_tflops),
            i.peak_tflops
        ),
        Field::Price => format!("the price must be {} per GPU", fmt::usd(value)),
        Field::Year => format!(
            "reached in {} on the trend's cards ({} FLOP per dollar vs {})",
            fmt::field_value(Field::Year, value),
            fmt::ratio(i.rates.hardware_factor(value - i.base_year)),
            fmt::field_value(Field::Year, i.base_year)
        ),
        f => format!("needs {} = {}", f.name(), fmt::field_value(f, value)),
    }
}

/// Solves a typed goal for `field`: the answer, or why there is none. `missing` are inputs
/// without a sourced value: a goal that needs one is refused rather than solved on a placeholder.
pub fn seek(
    text: &str,
    field: Field,
    on: Basis,
    catalog: &Catalog,
    missing: &[Field],
) -> Result<Solved, String> {
    let (target, mut said) = parse_target(text, catalog)?;
    let i = &on.scenario.inputs();
    if matches!(target, Target::Budget(_))
        && missing.contains(&Field::Price)
        && field != Field::Price
    {
        return Err(format!(
            "{said}: {} has no sourced value for this card: type one first (Enter)",
            Field::Price.name()
        ));
    }
    let answer = match target {
        // A budget buys what the screen shows: the cost on the chosen basis.
        Target::Budget(Usd(b)) if on.basis != CostBasis::Gpus => {
            said.push_str(&format!(" on the {} basis", on.basis.word()));
            solve_on_basis(on.scenario, on.reference, field, b, on.basis)
        }
        _ => solve(i, field, target),
    };
    match answer {
        Ok(value) => Ok(Solved {
            field,
            value,
            target: said,
        }),
        Err(e @ SolveError::OutOfRange { .. }) => Err(format!("{said}: {e}")),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse() {
        let c = Catalog::embedded();
        assert!(matches!(parse_target("1e27", &c), Ok((Target::Flop(Flop(x)), _)) if x == 1e27));
        let (t, said) = parse_target("10x llama-3.1-405b", &c).unwrap();
        assert_eq!(t, Target::Flop(Flop(3.8e26)));
        assert!(said.contains("Llama 3.1 405B"), "{said}");
        assert!(matches!(parse_target("$5B", &c), Ok((Target::Budget(Usd(x)), _)) if x == 5e9));
        assert!(
            parse_target("10x nothing", &c)
                .unwrap_err()
                .contains("no milestone")
        );
        assert!(parse_target("", &c).is_err());
        assert!(parse_target("-5", &c).is_err());
        assert!(matches!(parse_target("1GW", &c), Ok((Target::PowerMw(p), _)) if p == 1000.0));
        assert!(
            matches!(parse_target("90% goodput", &c), Ok((Target::Goodput(g), _)) if (g - 0.9).abs() < 1e-12)
        );
        assert!(parse_target("120% goodput", &c).is_err());
        // A percentage or a tiny count is a target of another kind, not 1 FLOP: refused with
        // the kinds a goal takes.
        for wrong in ["100%", "40 %", "0.4", "350000"] {
            let e = parse_target(wrong, &c).unwrap_err();
            assert!(
                e.contains("not a FLOP target") && e.contains("goodput"),
                "{wrong}: {e}"
            );
        }
        let (t, said) = parse_target("10x llama-3.1-405b useful", &c).unwrap();
        assert_eq!(t, Target::UsefulFlop(Flop(3.8e26)));
        assert!(said.ends_with("useful"), "{said}");
        assert!(
            matches!(parse_target("useful 1e26", &c), Ok((Target::UsefulFlop(Flop(x)), _)) if x == 1e26)
        );
        assert!(parse_target("$5B useful", &c).is_err());
        assert!(matches!(parse_target("500 MW", &c), Ok((Target::PowerMw(p), _)) if p == 500.0));
        // 10T params, compute-optimal: 6 × 1e13 × 2e14 = 1.2e28 FLOP.
        let (t, said) = parse_target("10T params", &c).unwrap();
        assert_eq!(t, Target::Flop(Flop(1.2e28)));
        assert!(said.contains("10.0 T-parameter"), "{said}");
    }
}
