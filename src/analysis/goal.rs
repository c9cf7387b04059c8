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

/// Every kind of target a goal takes, with an example each and the inputs it solves, in
/// words: the goal-seek prompt's help, kept beside the parser that reads them.
pub const HINT: &str = "a FLOP total (1e27; a bare number is FLOP), a multiple of a run \
     (10x llama-3.1-405b), a compute-optimal model size (10T params), a budget with $ ($5B, \
     on the cost basis shown: $ cycles it), a facility power (1GW: GPUs or run share), a \
     goodput to keep (90% goodput: GPUs, failure rate, checkpoint or restart), a FLOP goal \
     after failures (1e27 useful: GPUs, days, MFU or peak) or tokens served a day \
     (1e15 tokens/day: GPUs)";

/// The kinds of target a goal takes, as they are typed.
const KINDS: &str = "1e27 (FLOP), 10x llama-3.1-405b, 1e27 useful, $5B, 10T params, 1GW, 90% goodput or 1e15 tokens/day";

/// The smallest bare number read as a FLOP target, far below the smallest run in the catalog
/// (4e22 FLOP), so "100" or "0.4" typed for another kind is refused.
const MIN_FLOP_TARGET: f64 = 1e15;

/// A goal as either surface states it — typed after `g` in the explorer or given as `eval
/// --solve` flags — before it is resolved against the catalog. Both surfaces resolve it here,
/// so a goal is worded one way wherever it is asked.
#[derive(Clone, Debug, PartialEq)]
pub enum Goal {
    /// Training FLOP: `1e27`, `--target-flop 1e27`.
    Flop(f64),
    /// A multiple of a known run: `10x llama-3.1-405b`, `--target-ratio 10 --milestone …`.
    Ratio { times: f64, milestone: String },
    /// A model of `params` parameters on `tokens` (20 per parameter, compute-optimal, when
    /// `None`): `10T params`, `--target-params 10T [--tokens D]`.
    Params { params: f64, tokens: Option<f64> },
    /// A budget, on the cost basis in use: `$5B`, `--budget 5B [--basis …]`.
    Budget { usd: f64, basis: CostBasis },
    /// A goodput to keep: `90% goodput`, `--goodput 90%`.
    Goodput(f64),
    /// The run's facility power, MW: `1GW`, `--power 1GW`.
    PowerMw(f64),
    /// Tokens the inference share serves a day: `1e15 tokens/day`, `--target-tokens-per-day
    /// 1e15`.
    TokensPerDay(f64),
    /// A FLOP goal counted after failures: `1e27 useful`, `--useful`.
    Useful(Box<Goal>),
}

impl Goal {
    /// The solver's target and the goal in words ("10× Llama 3.1 405B (3.80e26 FLOP)").
    pub fn resolve(&self, catalog: &Catalog) -> Result<(Target, String), String> {
        let finite = |flop: f64, what: &str| {
            if !flop.is_finite() {
                Err(format!(
                    "{what} overflows: the target must be a finite FLOP count"
                ))
            } else if flop > 0.0 {
                Ok(flop)
            } else {
                Err(format!("{what}: a FLOP target must be positive"))
            }
        };
        match self {
            Goal::Flop(f) => Ok((Target::Flop(Flop(finite(*f, "a FLOP target")?)), fmt::flop(*f))),
            Goal::Ratio { times, milestone } => {
                let m = catalog.find_milestone(milestone).ok_or_else(|| {
                    format!(
                        "no milestone '{}' (try an id such as llama-3.1-405b or gpt-4; see `agi-compute presets`)",
                        fmt::quoted(milestone)
                    )
                })?;
                let flop = finite(times * m.flop.value, &format!("{}× {}", fmt::sig(*times, 3), m.name))?;
                Ok((
                    Target::Flop(Flop(flop)),
                    format!("{}× {} ({})", fmt::sig(*times, 3), m.name, fmt::flop(flop)),
                ))
            }
            Goal::Params { params, tokens } => {
                // Chinchilla: C = 6·N·D, compute-optimal at D = 20·N tokens.
                let (d, on) = match tokens {
                    Some(d) => (*d, format!("{} tokens", fmt::sig(*d, 3))),
                    None => (20.0 * params, "20 tokens per parameter".to_string()),
                };
                let flop = finite(
                    6.0 * params * d,
                    &format!("a {}-parameter model", fmt::count(*params)),
                )?;
                Ok((
                    Target::Flop(Flop(flop)),
                    format!(
                        "a {}-parameter model on {on} ({})",
                        fmt::count(*params),
                        fmt::flop(flop)
                    ),
                ))
            }
            Goal::Budget { usd, basis } => {
                if !(*usd > 0.0 && usd.is_finite()) {
                    return Err("a budget must be a positive amount".into());
                }
                let on = match basis {
                    CostBasis::Gpus => String::new(),
                    b => format!(" on the {} basis", b.word()),
                };
                Ok((Target::Budget(Usd(*usd)), format!("a {} budget{on}", fmt::usd(*usd))))
            }
            Goal::Goodput(g) => {
                if !(*g > 0.0 && *g < 1.0) {
                    return Err("a goodput target must be between 0 and 100 %".into());
                }
                Ok((Target::Goodput(*g), format!("a goodput of {}", fmt::percent(*g))))
            }
            Goal::PowerMw(mw) => {
                if !(*mw > 0.0 && mw.is_finite()) {
                    return Err("a power target must be positive".into());
                }
                Ok((
                    Target::PowerMw(*mw),
                    format!("{} of facility power", fmt::si(mw * 1e6, "W")),
                ))
            }
            Goal::TokensPerDay(t) => {
                if !(*t > 0.0 && t.is_finite()) {
                    return Err("a tokens-a-day target must be positive".into());
                }
                Ok((
                    Target::TokensPerDay(*t),
                    format!("{} tokens served a day", fmt::count(*t)),
                ))
            }
            Goal::Useful(g) => match g.resolve(catalog)? {
                (Target::Flop(f), said) => Ok((Target::UsefulFlop(f), format!("{said} useful"))),
                _ => Err(
                    "useful applies to a FLOP goal: 1e27 useful, 10x llama-3.1-405b useful, 10T params useful"
                        .into(),
                ),
            },
        }
    }
}

/// Parses a goal as typed in the explorer (see [`KINDS`]); `basis` is the cost basis on screen,
/// which a budget is spent on.
pub fn parse_goal(text: &str, basis: CostBasis) -> Result<Goal, String> {
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
        return Ok(Goal::Useful(Box::new(parse_goal(flop, basis)?)));
    }
    if t.starts_with('$') || lower.ends_with("usd") {
        let body = t.trim_end_matches(|c: char| c.is_ascii_alphabetic() && "usdUSD".contains(c));
        let usd = parse_quantity(body).map_err(|e| e.to_string())?.value;
        return Ok(Goal::Budget { usd, basis });
    }
    // "90% goodput", "goodput 0.9": the largest run (or the reliability) that keeps it.
    if let Some(num) = lower
        .strip_suffix("goodput")
        .or_else(|| lower.strip_prefix("goodput"))
    {
        return Ok(Goal::Goodput(
            parse_fraction(num).map_err(|e| e.to_string())?,
        ));
    }
    // "1GW", "500 MW": the run's facility power.
    if let Some(p) = parse_power(&lower) {
        return Ok(Goal::PowerMw(p.map_err(|e| e.to_string())?));
    }
    // "1e15 tokens/day", "1e15 tokens a day": what the inference share serves.
    if let Some(num) = ["tokens/day", "tokens a day", "tokens per day"]
        .into_iter()
        .find_map(|unit| lower.strip_suffix(unit))
    {
        let t = parse_quantity(num.trim()).map_err(|e| e.to_string())?.value;
        return Ok(Goal::TokensPerDay(t));
    }
    // "10T params": a compute-optimal model of that size.
    if let Some(num) = lower
        .strip_suffix("params")
        .or_else(|| lower.strip_suffix("parameters"))
    {
        let params = parse_quantity(num.trim()).map_err(|e| e.to_string())?.value;
        return Ok(Goal::Params {
            params,
            tokens: None,
        });
    }
    // "10x llama-3.1-405b", "10 × GPT-4", "0.5x palm"
    if let Some(pos) = t.find(['x', 'X', '×']) {
        let (num, rest) = t.split_at(pos);
        let name = rest.trim_start_matches(['x', 'X', '×']).trim();
        if !num.trim().is_empty() && !name.is_empty() {
            let times = parse_quantity(num).map_err(|e| e.to_string())?.value;
            return Ok(Goal::Ratio {
                times,
                milestone: name.to_string(),
            });
        }
    }
    let q = parse_quantity(t.trim_end_matches("FLOP").trim_end_matches("flop").trim())
        .map_err(|e| e.to_string())?;
    // A bare number is a FLOP target: a percentage, or a count too small to be any run, is a
    // target of another kind typed without its word.
    if q.percent || (q.value > 0.0 && q.value < MIN_FLOP_TARGET) {
        return Err(format!(
            "'{t}' is not a FLOP target (a run is at least {}); a goal is one of: {KINDS}",
            fmt::flop(MIN_FLOP_TARGET)
        ));
    }
    Ok(Goal::Flop(q.value))
}

/// Parses and resolves a typed goal: the target and how to say it.
pub fn parse_target(
    text: &str,
    basis: CostBasis,
    catalog: &Catalog,
) -> Result<(Target, String), String> {
    parse_goal(text, basis)?.resolve(catalog)
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
    let (target, said) = parse_target(text, on.basis, catalog)?;
    let i = &catalog.inputs(on.scenario);
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
        assert!(
            matches!(parse_target("1e27", CostBasis::Gpus, &c), Ok((Target::Flop(Flop(x)), _)) if x == 1e27)
        );
        let (t, said) = parse_target("10x llama-3.1-405b", CostBasis::Gpus, &c).unwrap();
        assert_eq!(t, Target::Flop(Flop(3.8e26)));
        assert!(said.contains("Llama 3.1 405B"), "{said}");
        assert!(
            matches!(parse_target("$5B", CostBasis::Gpus, &c), Ok((Target::Budget(Usd(x)), _)) if x == 5e9)
        );
        assert!(
            parse_target("10x nothing", CostBasis::Gpus, &c)
                .unwrap_err()
                .contains("no milestone")
        );
        assert!(parse_target("", CostBasis::Gpus, &c).is_err());
        assert!(parse_target("-5", CostBasis::Gpus, &c).is_err());
        assert!(
            matches!(parse_target("1GW", CostBasis::Gpus, &c), Ok((Target::PowerMw(p), _)) if p == 1000.0)
        );
        assert!(
            matches!(parse_target("90% goodput", CostBasis::Gpus, &c), Ok((Target::Goodput(g), _)) if (g - 0.9).abs() < 1e-12)
        );
        assert!(parse_target("120% goodput", CostBasis::Gpus, &c).is_err());
        // A percentage or a tiny count is a target of another kind, not 1 FLOP: refused with
        // the kinds a goal takes.
        for wrong in ["100%", "40 %", "0.4", "350000"] {
            let e = parse_target(wrong, CostBasis::Gpus, &c).unwrap_err();
            assert!(
                e.contains("not a FLOP target") && e.contains("goodput"),
                "{wrong}: {e}"
            );
        }
        let (t, said) = parse_target("10x llama-3.1-405b useful", CostBasis::Gpus, &c).unwrap();
        assert_eq!(t, Target::UsefulFlop(Flop(3.8e26)));
        assert!(said.ends_with("useful"), "{said}");
        assert!(
            matches!(parse_target("useful 1e26", CostBasis::Gpus, &c), Ok((Target::UsefulFlop(Flop(x)), _)) if x == 1e26)
        );
        assert!(parse_target("$5B useful", CostBasis::Gpus, &c).is_err());
        assert!(
            matches!(parse_target("500 MW", CostBasis::Gpus, &c), Ok((Target::PowerMw(p), _)) if p == 500.0)
        );
        // 10T params, compute-optimal: 6 × 1e13 × 2e14 = 1.2e28 FLOP.
        let (t, said) = parse_target("10T params", CostBasis::Gpus, &c).unwrap();
        assert_eq!(t, Target::Flop(Flop(1.2e28)));
        assert!(
            said.contains("10.0 T-parameter model on 20 tokens per parameter"),
            "{said}"
        );
        for typed in [
            "1e15 tokens/day",
            "1e15 tokens a day",
            "1000T tokens per day",
        ] {
            let (t, said) = parse_target(typed, CostBasis::Gpus, &c).unwrap();
            assert_eq!(t, Target::TokensPerDay(1e15), "{typed}");
            assert!(said.ends_with("tokens served a day"), "{said}");
        }
        assert!(parse_target("0 tokens/day", CostBasis::Gpus, &c).is_err());
    }
}
