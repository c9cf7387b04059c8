//! Goal seek: which value of one input reaches a target.
//!
//! Training FLOP, cost and power are products of inputs (`total_flop = gpus × share × peak ×
//! 1e12 × mfu × days × 86400`, `fleet_cost = gpus × price`), so those answers are one division.
//! Goodput is not a product: the restart that keeps it has a closed form and the other failure
//! inputs are found by bisection on the failure model alone; useful FLOP (with a maximum in
//! GPUs, found by golden-section search) and tokens a day are bisections too. Errors carry the raw answer so the UI can say *why* a target is out of
//! reach.

use super::compute::Inputs;
use super::field::Field;
use super::format;
use super::units::{Flop, SECONDS_PER_DAY, TERA, Usd};
use std::fmt;

/// What the solved input has to reach.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Target {
    /// Total training work of the run.
    Flop(Flop),
    /// Fleet purchase cost (GPUs × price).
    Budget(Usd),
    /// The run's facility power in MW (run GPUs × all-in watts × PUE): "the largest run
    /// within 1 GW".
    PowerMw(f64),
    /// A goodput to keep, a fraction: "the largest synchronous run that keeps 90 %", or how
    /// reliable, how quick to checkpoint or restart a run must be.
    Goodput(f64),
    /// Training the run gets done once failures are paid for (`goodput_flop`).
    UsefulFlop(Flop),
    /// Tokens the inference share serves a day (`tokens_per_day`): "how many GPUs serve 10¹⁵
    /// tokens a day?".
    TokensPerDay(f64),
}

impl Target {
    /// The word used in messages: "a FLOP target", "a budget target".
    fn word(self) -> &'static str {
        match self {
            Target::Flop(_) => "FLOP",
            Target::Budget(_) => "budget",
            Target::PowerMw(_) => "power",
            Target::Goodput(_) => "goodput",
            Target::UsefulFlop(_) => "useful FLOP",
            Target::TokensPerDay(_) => "tokens-a-day",
        }
    }
}

/// Why a target has no valid answer for the chosen input.
#[derive(Debug, Clone, PartialEq)]
pub enum SolveError {
    /// The target does not depend on this input (a budget target for Days).
    Unsupported { field: Field, target: &'static str },
    /// The answer is outside the field's valid range; `value` is the raw answer.
    OutOfRange { field: Field, value: f64 },
    /// No finite answer (zero price with a budget, zero FLOP target, …), with a plain reason.
    Impossible(String),
}

impl fmt::Display for SolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SolveError::Unsupported { field, target } => {
                let choices = match *target {
                    "budget" => "GPUs or price",
                    "power" => "GPUs or run share",
                    "goodput" => "GPUs, run share, failure rate, checkpoint or restart",
                    "useful FLOP" => "GPUs, days, MFU or peak TFLOP/s",
                    "tokens-a-day" => "GPUs",
                    _ => "GPUs, days, MFU, peak TFLOP/s or the year",
                };
                write!(
                    f,
                    "a {target} target solves for {choices}, not {}",
                    field.name()
                )
            }
            SolveError::OutOfRange { field, value } => out_of_range(f, *field, *value),
            SolveError::Impossible(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for SolveError {}

/// "MFU would be 230 %: above 100 %", "would need 1.23 B GPUs: above the maximum of 1 B".
fn out_of_range(f: &mut fmt::Formatter<'_>, field: Field, value: f64) -> fmt::Result {
    let spec = field.spec();
    if field == Field::Gpus && value < spec.min {
        // The answer is a fraction of a GPU: the smallest fleet already overshoots.
        return write!(
            f,
            "one GPU already exceeds the target: it alone reaches {} of it",
            format::ratio(1.0 / value)
        );
    }
    if field == Field::Gpus {
        write!(f, "would need {} GPUs", format::count(value))?;
    } else {
        write!(
            f,
            "{} would be {}",
            field.name(),
            format::field_value(field, value)
        )?;
    }
    // NaN compares false both ways and lands in the "below" branch, which never happens: NaN
    // answers are reported as Impossible before range checks.
    if value > spec.max {
        if spec.percent {
            write!(f, ": above {}", bound(field, spec.max))
        } else {
            write!(f, ": above the maximum of {}", bound(field, spec.max))
        }
    } else if spec.open_min {
        write!(f, ": must be above {}", bound(field, spec.min))
    } else {
        write!(f, ": below the minimum of {}", bound(field, spec.min))
    }
}

/// A range bound without the padding zeros of three-significant-digit output ("10 M", not
/// "10.0 M"): bounds are round numbers and read better bare.
fn bound(field: Field, v: f64) -> String {
    if field == Field::Days {
        // `format::days` would turn 3650 into "9.99 years" and 0 into "0 min".
        return format!("{} days", format::trim_zeros(&format::sig(v, 4)));
    }
    let s = format::field_value(field, v);
    // Trim the first number in the text, keeping prefix ("$") and unit.
    let Some(start) = s.find(|c: char| c.is_ascii_digit()) else {
        return s;
    };
    let len = s[start..]
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len() - start);
    let end = start + len;
    format!(
        "{}{}{}",
        &s[..start],
        format::trim_zeros(&s[start..end]),
        &s[end..]
    )
}

/// Every input goal seek can solve for, whichever the target (each target takes some of them;
/// the others are refused with the ones it takes). The explorer's `g` and `eval --solve` both
/// offer this list.
pub const SOLVABLE: [Field; 10] = [
    Field::Gpus,
    Field::Days,
    Field::Mfu,
    Field::Tflops,
    Field::Price,
    Field::Year,
    Field::Share,
    Field::FailureRate,
    Field::Checkpoint,
    Field::Restart,
];

/// The value of `field` that makes `inputs` reach `target`.
///
/// GPU counts are rounded up to a whole number so the target is met (for a budget: spent, to
/// within one GPU's price). Other answers are exact. The answer is checked against the field's
/// valid range, so applying it with [`Inputs::set`] always gives valid inputs.
pub fn solve(inputs: &Inputs, field: Field, target: Target) -> Result<f64, SolveError> {
    let raw = match target {
        Target::Flop(Flop(t)) => {
            positive(t, "the FLOP target")?;
            // t / (product of every other factor of total_flop).
            let per_second = TERA * SECONDS_PER_DAY;
            // The run uses `gpus × run_share` of the fleet; GPUs solves for the whole fleet.
            let i = inputs;
            // The peak of the year's card: the typed peak × the price-performance factor.
            let peak = i.projected_peak_tflops();
            let factor = i.rates.hardware_factor(i.years_ahead());
            let rest = match field {
                Field::Gpus => i.run_share * peak * i.mfu * i.days * per_second,
                Field::Days => i.run_gpus() * peak * i.mfu * per_second,
                Field::Mfu => i.run_gpus() * peak * i.days * per_second,
                Field::Tflops => i.run_gpus() * factor * i.mfu * i.days * per_second,
                // The run at the base year's card, grown 10^(pp·Δ): Δ = log10(t / that) / pp.
                Field::Year => {
                    let base = i.run_gpus() * i.peak_tflops * i.mfu * i.days * per_second;
                    let ratio =
                        divide(t, base, "the other inputs do no work (one of them is zero)")?;
                    let years = ratio.log10() / i.rates.price_performance_ooms;
                    return finish(field, i.base_year + years);
                }
                _ => return Err(unsupported(field, target)),
            };
            divide(t, rest, "the other inputs do no work (one of them is zero)")?
        }
        Target::PowerMw(p) => {
            positive(p, "the power")?;
            let i = inputs;
            // The year's card: the same watts the outputs report for the run.
            let per = i.projected_watts() * i.pue / 1e6;
            let rest = match field {
                // Power counts the run's GPUs: GPUs solves for the whole fleet.
                Field::Gpus => i.run_share * per,
                Field::Share => i.gpus * per,
                _ => return Err(unsupported(field, target)),
            };
            divide(p, rest, "the GPUs draw no power (watts are zero)")?
        }
        Target::Goodput(g) => {
            if !(g > 0.0 && g < 1.0) {
                return Err(SolveError::Impossible(
                    "a goodput target must be between 0 and 100 %".into(),
                ));
            }
            let keep = |x: f64| with(inputs, field, x).goodput().fraction;
            return match field {
                // The largest run that keeps the goodput: whole GPUs, rounded down.
                Field::Gpus => {
                    if keep(1.0) < g {
                        return Err(SolveError::Impossible(format!(
                            "even one GPU keeps only {}: the planned stops alone lose more",
                            format::percent(keep(1.0))
                        )));
                    }
                    let n = crossing(field, 1.0, field.spec().max, |x| keep(x) >= g);
                    finish(field, n.floor().max(1.0))
                }
                Field::Share | Field::FailureRate | Field::Checkpoint | Field::Restart => {
                    let spec = field.spec();
                    let lo = if spec.open_min {
                        spec.track_min
                    } else {
                        spec.min
                    };
                    if keep(lo) < g {
                        return Err(SolveError::Impossible(format!(
                            "even {} {} keeps only {}: the rest of the failure inputs lose more",
                            field.name(),
                            format::field_value(field, lo),
                            format::percent(keep(lo))
                        )));
                    }
                    let raw = if field == Field::Restart {
                        // The bisection's answer, in closed form: past the range, the range's
                        // end, as the bisection would stop there.
                        inputs.restart_keeping(g).min(spec.max)
                    } else {
                        crossing(field, lo, spec.max, |x| keep(x) >= g)
                    };
                    finish(field, raw)
                }
                _ => Err(unsupported(field, target)),
            };
        }
        Target::UsefulFlop(Flop(t)) => {
            positive(t, "the useful FLOP target")?;
            return solve_useful(inputs, field, t);
        }
        Target::TokensPerDay(t) => {
            positive(t, "the tokens-a-day target")?;
            return solve_tokens(inputs, field, t);
        }
        Target::Budget(Usd(b)) => {
            positive(b, "the budget")?;
            match field {
                Field::Gpus => divide(b, inputs.price_usd, "GPUs cost $0: any count fits")?,
                Field::Price => divide(b, inputs.gpus, "there are no GPUs to spend it on")?,
                _ => return Err(unsupported(field, target)),
            }
        }
    };
    finish(field, raw)
}

/// `inputs` with `field` set to `x`.
fn with(inputs: &Inputs, field: Field, x: f64) -> Inputs {
    let mut i = *inputs;
    i.set(field, x);
    i
}

/// Where `holds` turns from true to false (or false to true) between `lo` and `hi`, by
/// bisection (on the logarithm for a log-scaled field): `holds(lo) != holds(hi)` is assumed, the
/// answer is the last value on `lo`'s side to within 1e-14.
fn crossing(field: Field, lo: f64, hi: f64, holds: impl Fn(f64) -> bool) -> f64 {
    let log = field.spec().scale == super::field::Scale::Log && lo > 0.0;
    let (to, from) = (
        |x: f64, log: bool| if log { x.ln() } else { x },
        |y: f64, log: bool| if log { y.exp() } else { y },
    );
    let side = holds(lo);
    let (mut a, mut b) = (to(lo, log), to(hi, log));
    for _ in 0..200 {
        let mid = 0.5 * (a + b);
        if mid == a || mid == b {
            break;
        }
        if holds(from(mid, log)) == side {
            a = mid;
        } else {
            b = mid;
        }
    }
    from(a, log)
}

/// Goal seek for useful FLOP (training × goodput for an in-step MFU). More days, MFU or peak
/// only add useful work, so those answers are one bisection. More GPUs add FLOP and lose
/// goodput: useful FLOP has a maximum in GPUs, found by golden-section search; a target below
/// it gets the smallest fleet that reaches it, one above it is refused with the maximum named
/// and what would reach it.
fn solve_useful(inputs: &Inputs, field: Field, t: f64) -> Result<f64, SolveError> {
    let useful = |x: f64| with(inputs, field, x).outputs().goodput_flop.0;
    let spec = field.spec();
    match field {
        Field::Gpus => {
            let (n, most) = useful_peak(inputs);
            if most < t {
                return Err(SolveError::Impossible(format!(
                    "useful FLOP peaks at {} near {} GPUs ({}, {} recovery, goodput {}); {} needs {}",
                    format::flop(most),
                    format::count(n),
                    format::days(inputs.days),
                    inputs.recovery.key(),
                    format::percent(with(inputs, field, n).outputs().goodput),
                    format::flop(t),
                    match inputs.recovery {
                        super::failures::Recovery::Sync => {
                            "fault-tolerant recovery (--recovery fault-tolerant), more days or a faster restart"
                        }
                        _ => "more days, a faster restart or a lower failure rate",
                    }
                )));
            }
            if useful(1.0) >= t {
                return finish(field, 1.0);
            }
            let raw = crossing(field, 1.0, n, |x| useful(x) < t);
            // The smallest whole fleet that reaches the target.
            let mut whole = raw.ceil();
            while whole > 1.0 && useful(whole - 1.0) >= t {
                whole -= 1.0;
            }
            while useful(whole) < t && whole < n {
                whole += 1.0;
            }
            finish(field, whole)
        }
        Field::Days | Field::Mfu | Field::Tflops => {
            let lo = if spec.open_min {
                spec.track_min
            } else {
                spec.min
            };
            if useful(spec.max) < t {
                return Err(SolveError::OutOfRange {
                    field,
                    value: spec.max * t / useful(spec.max),
                });
            }
            if useful(lo) >= t {
                return Err(SolveError::OutOfRange {
                    field,
                    value: lo * t / useful(lo),
                });
            }
            let x = crossing(field, lo, spec.max, |x| useful(x) < t);
            // The first value past the crossing reaches the target.
            let mut v = x;
            for _ in 0..4 {
                if useful(v) >= t {
                    break;
                }
                v = f64::from_bits(v.to_bits() + 1);
            }
            finish(field, v)
        }
        _ => Err(SolveError::Unsupported {
            field,
            target: "useful FLOP",
        }),
    }
}

/// Goal seek for tokens served a day: the smallest fleet whose inference share serves them.
/// Tokens a day are the inference GPUs × a replica's tokens per GPU-second, and the replica's
/// model grows with the fleet when its size is compute-optimal (so the rate per GPU falls as
/// GPUs are added): one bisection on the GPU count, then the smallest whole count that serves
/// the target.
fn solve_tokens(inputs: &Inputs, field: Field, t: f64) -> Result<f64, SolveError> {
    if field != Field::Gpus {
        return Err(unsupported(field, Target::TokensPerDay(t)));
    }
    if inputs.share_inference <= 0.0 {
        return Err(SolveError::Impossible(
            "the fleet serves nothing: give it an inference share first (--share-inference)".into(),
        ));
    }
    let tokens = |x: f64| {
        with(inputs, field, x)
            .outputs()
            .tokens_per_day
            .unwrap_or(0.0)
    };
    let max = field.spec().max;
    let most = tokens(max);
    if most < t {
        return match with(inputs, field, max).outputs().serving {
            // A typed model serves in proportion to the GPUs: the answer past the range is one
            // division.
            Ok(_) if inputs.params.is_some() => Err(SolveError::OutOfRange {
                field,
                value: max * t / most,
            }),
            Ok(_) => Err(SolveError::Impossible(format!(
                "{} GPUs serve at most {} tokens a day: the compute-optimal model grows with the fleet, so its tokens a day grow only as the square root of the GPUs; give the model's parameters (--params) to hold it fixed",
                format::count(max),
                format::count(most)
            ))),
            Err(super::serving::Unserved::NoCard) => Err(SolveError::Impossible(
                "no roofline to serve with: the scenario names no card with a sourced memory and GPU-to-GPU bandwidth".into(),
            )),
            Err(super::serving::Unserved::DoesNotFit(_)) => Err(SolveError::Impossible(
                "the model and its KV cache do not fit a replica: fewer sequences (--serve-batch), a shorter context or more --replica-gpus".into(),
            )),
        };
    }
    if tokens(1.0) >= t {
        return finish(field, 1.0);
    }
    let raw = crossing(field, 1.0, max, |x| tokens(x) < t);
    // The smallest whole fleet that serves the target, a few steps either side of the crossing.
    let mut whole = raw.ceil();
    for _ in 0..64 {
        if whole > 1.0 && tokens(whole - 1.0) >= t {
            whole -= 1.0;
        } else {
            break;
        }
    }
    for _ in 0..64 {
        if tokens(whole) < t && whole < max {
            whole += 1.0;
        } else {
            break;
        }
    }
    finish(field, whole)
}

/// The fleet with the most useful FLOP and that FLOP: golden-section search on log GPUs over
/// the valid range (useful FLOP rises with GPUs until failures eat more than they add, then
/// falls; with a whole-run MFU it only rises).
pub fn useful_peak(inputs: &Inputs) -> (f64, f64) {
    let spec = Field::Gpus.spec();
    let useful = |ln: f64| with(inputs, Field::Gpus, ln.exp()).outputs().goodput_flop.0;
    let phi = 0.5 * (5f64.sqrt() - 1.0);
    let (mut a, mut b) = (spec.min.ln(), spec.max.ln());
    let (mut c, mut d) = (b - phi * (b - a), a + phi * (b - a));
    let (mut fc, mut fd) = (useful(c), useful(d));
    for _ in 0..120 {
        if fc < fd {
            a = c;
            (c, fc) = (d, fd);
            d = a + phi * (b - a);
            fd = useful(d);
        } else {
            b = d;
            (d, fd) = (c, fc);
            c = b - phi * (b - a);
            fc = useful(c);
        }
    }
    let n = (0.5 * (a + b)).exp().round().max(1.0);
    (n, with(inputs, Field::Gpus, n).outputs().goodput_flop.0)
}

/// Goal seek for a cost that is affine in `field` (`cost(x) = a·x + b`): every cost basis is.
/// GPUs, cluster, rent and both amortized costs are proportional to the GPU count (`b = 0`);
/// rent and the amortized costs are proportional to days; the purchase, cluster and amortized
/// costs are affine in price (energy is the part that does not move with it). So two
/// evaluations, at 0 and 1, give the line exactly and the answer is one division, like
/// [`solve`]'s. `cost_at(x)` is the cost with `field = x`, `None` when the basis cannot be
/// priced (no rent, no hardware life); `basis` names it in messages.
pub fn solve_affine(
    field: Field,
    budget: f64,
    basis: &str,
    cost_at: impl Fn(f64) -> Option<f64>,
) -> Result<f64, SolveError> {
    positive(budget, "the budget")?;
    let (Some(b), Some(one)) = (cost_at(0.0), cost_at(1.0)) else {
        return Err(SolveError::Impossible(format!(
            "the {basis} cost is not known for this scenario"
        )));
    };
    let a = one - b;
    if !(a.is_finite() && a > 0.0) {
        return Err(SolveError::Impossible(format!(
            "the {basis} cost does not grow with {}: no value of it spends the budget",
            field.name()
        )));
    }
    if budget <= b {
        return Err(SolveError::Impossible(format!(
            "the {basis} cost is already {} with {} at zero",
            format::usd(b),
            field.name()
        )));
    }
    finish(field, (budget - b) / a)
}

/// Rounds and range-checks a raw answer: GPU counts up to a whole number, other values snapped
/// onto their bounds when within rounding of them.
fn finish(field: Field, raw: f64) -> Result<f64, SolveError> {
    // Less than one GPU is no answer: rounding it up to one would report a fleet that misses
    // the target by overshooting it, as if it were met.
    if field == Field::Gpus && 1.0 - raw > 1e-12 {
        return Err(SolveError::OutOfRange { field, value: raw });
    }
    let value = if field == Field::Gpus {
        round_up(raw)
    } else {
        snap_to_bounds(field, raw)
    };
    field
        .check(value)
        .map_err(|_| SolveError::OutOfRange { field, value: raw })
}

fn unsupported(field: Field, target: Target) -> SolveError {
    SolveError::Unsupported {
        field,
        target: target.word(),
    }
}

/// Rejects zero, negative and non-finite targets: none has a meaningful answer.
fn positive(v: f64, what: &str) -> Result<(), SolveError> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err(SolveError::Impossible(format!(
            "{what} must be a positive number"
        )))
    }
}

/// `num / den`, or `Impossible(why)` when that is not a finite number.
fn divide(num: f64, den: f64, why: &str) -> Result<f64, SolveError> {
    let q = num / den;
    if q.is_finite() && den > 0.0 {
        Ok(q)
    } else {
        Err(SolveError::Impossible(why.to_string()))
    }
}

/// A closed bound when the answer is within rounding noise of it: a target made at exactly
/// 100 % MFU must not come back as 100.00000000000001 % and be rejected.
fn snap_to_bounds(field: Field, x: f64) -> f64 {
    let spec = field.spec();
    let near = |b: f64| (x - b).abs() <= 1e-13 * b.abs();
    if near(spec.max) {
        spec.max
    } else if !spec.open_min && near(spec.min) {
        spec.min
    } else {
        x
    }
}

/// Smallest whole count that reaches the target. An answer within rounding noise of a whole
/// number is that number: 1e27 / x computing as 325078.00000000006 must not ask for one more GPU.
fn round_up(x: f64) -> f64 {
    let nearest = x.round();
    if (x - nearest).abs() <= 1e-12 * x.abs() {
        nearest
    } else {
        x.ceil()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// An H100 fleet: 989 TFLOP/s dense BF16, 40 % MFU, 90 days, $30 k each.
    fn h100() -> Inputs {
        Inputs::example()
    }

    fn close(a: f64, b: f64, rel: f64) -> bool {
        ((a - b) / b).abs() <= rel
    }

    /// The output a target constrains.
    fn reached(i: &Inputs, target: Target) -> f64 {
        let o = i.outputs();
        match target {
            Target::Flop(_) => o.total_flop.0,
            Target::Budget(_) => o.fleet_cost_usd.0,
            Target::PowerMw(_) => o.power_mw,
            Target::Goodput(_) => o.goodput,
            Target::UsefulFlop(_) => o.goodput_flop.0,
            Target::TokensPerDay(_) => o.tokens_per_day.unwrap_or(0.0),
        }
    }

    fn goal(target: Target) -> f64 {
        match target {
            Target::Flop(f) => f.0,
            Target::Budget(u) => u.0,
            Target::PowerMw(p) => p,
            Target::Goodput(g) => g,
            Target::UsefulFlop(f) => f.0,
            Target::TokensPerDay(t) => t,
        }
    }

    /// Solve, apply, recompute: the target is hit exactly, or for GPUs met by the smallest count.
    fn round_trip(i: &Inputs, field: Field, target: Target) {
        let v = solve(i, field, target).unwrap_or_else(|e| panic!("{field:?}: {e}"));
        let mut applied = *i;
        applied.set(field, v);
        assert!(applied.validate().is_ok(), "{field:?} = {v}");
        let got = reached(&applied, target);
        let want = goal(target);
        if field == Field::Gpus {
            assert_eq!(v, v.round(), "whole GPUs");
            assert!(got >= want * (1.0 - 1e-12), "{got} < {want}");
            // Minimal: one GPU fewer misses the target (unless one GPU already overshoots).
            if v > 1.0 {
                let mut fewer = applied;
                fewer.gpus = v - 1.0;
                assert!(reached(&fewer, target) < want, "{v} GPUs is not the fewest");
            }
        } else {
            assert!(close(got, want, 1e-12), "{field:?}: {got} vs {want}");
        }
    }

    #[test]
    fn flop_target_round_trips_for_every_supported_input() {
        let i = h100();
        let t = Target::Flop(Flop(1e27));
        for field in [Field::Gpus, Field::Days, Field::Mfu, Field::Tflops] {
            round_trip(&i, field, t);
        }
    }

    #[test]
    fn budget_target_round_trips_for_gpus_and_price() {
        let i = h100();
        // $10 B / $30 k = 333,333.3 → 333,334 GPUs; $10 B / 350 k GPUs = $28,571.43.
        let t = Target::Budget(Usd(10e9));
        round_trip(&i, Field::Gpus, t);
        round_trip(&i, Field::Price, t);
        assert_eq!(solve(&i, Field::Gpus, t), Ok(333_334.0));
        assert!(close(
            solve(&i, Field::Price, t).unwrap(),
            1e10 / 3.5e5,
            1e-15
        ));
    }

    #[test]
    fn hand_example_1e27_in_90_days_on_h100() {
        // One H100 at 40 % for 90 days: 989e12 × 0.4 × 90 × 86400
        //   = 3.956e14 FLOP/s × 7.776e6 s = 3.0761856e21 FLOP.
        // 1e27 / 3.0761856e21 = 325,077.91… → 325,078 GPUs (rounded up: 325,077 falls short).
        let n = solve(&h100(), Field::Gpus, Target::Flop(Flop(1e27))).unwrap();
        assert_eq!(n, 325_078.0);
        // Days at the 350 k fleet: 1e27 / (350e3 × 3.956e14 × 86400) = 1e27 / 1.19629440e25
        //   = 83.5913… days.
        let d = solve(&h100(), Field::Days, Target::Flop(Flop(1e27))).unwrap();
        assert!(close(d, 1e27 / 1.196_294_4e25, 1e-12), "{d}");
        assert!(close(d, 83.5913, 1e-5), "{d}");
    }

    #[test]
    fn exact_whole_answers_do_not_ask_for_an_extra_gpu() {
        // 945,217 GPUs × 2250 TFLOP/s × 40 % × 90 days: the target computed forward, divided
        // back by the per-GPU work, lands at 945217.0000000001 (found by search), which a plain
        // ceil would turn into 945,218.
        let fleet = Inputs {
            gpus: 945_217.0,
            peak_tflops: 2250.0,
            ..h100()
        };
        let target = Target::Flop(fleet.outputs().total_flop);
        let n = solve(&Inputs { gpus: 1.0, ..fleet }, Field::Gpus, target).unwrap();
        assert_eq!(n, 945_217.0);
        // Budget: $300 k at $30 k = exactly 10.
        let n = solve(&h100(), Field::Gpus, Target::Budget(Usd(300e3))).unwrap();
        assert_eq!(n, 10.0);
        assert_eq!(round_up(945_217.000_000_000_1), 945_217.0);
        assert_eq!(round_up(945_217.000_01), 945_218.0);
    }

    #[test]
    fn a_run_share_needs_a_bigger_fleet() {
        // Only a quarter of the fleet trains the run. 2e26 FLOP needs 2e26 / 3.0761856e21
        // = 65,015.58 run GPUs (per-GPU work from the hand example), so a fleet of
        // 4 × 65,015.58 = 260,062.33 → 260,063 GPUs.
        let i = Inputs {
            run_share: 0.25,
            ..h100()
        };
        let t = Target::Flop(Flop(2e26));
        assert_eq!(solve(&i, Field::Gpus, t), Ok(260_063.0));
        for field in [Field::Gpus, Field::Days, Field::Mfu, Field::Tflops] {
            round_trip(&i, field, t);
        }
        // The budget buys the whole fleet, share or not.
        assert_eq!(solve(&i, Field::Gpus, Target::Budget(Usd(300e3))), Ok(10.0));
    }

    #[test]
    fn a_target_below_one_gpu_is_refused_with_the_overshoot() {
        // One H100 at 40 % for 90 days: 989e12 × 0.4 × 7.776e6 = 3.0762e21 FLOP.
        let one = 989e12 * 0.4 * 90.0 * 86_400.0;
        let e = solve(&h100(), Field::Gpus, Target::Flop(Flop(one / 4.0))).unwrap_err();
        assert_eq!(
            e.to_string(),
            "one GPU already exceeds the target: it alone reaches ×4.00 of it"
        );
        // A $1 budget at $30 k a GPU.
        let e = solve(&h100(), Field::Gpus, Target::Budget(Usd(1.0))).unwrap_err();
        assert!(e.to_string().contains("×30.0 k"), "{e}");
        // Exactly one GPU's worth is an answer.
        assert_eq!(
            solve(&h100(), Field::Gpus, Target::Flop(Flop(one))).unwrap(),
            1.0
        );
    }

    #[test]
    fn mfu_above_100_percent_is_out_of_range_with_a_readable_message() {
        // 350 k H100 × 989e12 × 90 × 86400 = 2.6915…e27 FLOP at 100 %; a 6.19e27 target needs
        // 6.19e27 / 2.69166e27 = 2.2997 → "230 %".
        let full = 350e3 * 989e12 * 90.0 * 86400.0;
        let e = solve(&h100(), Field::Mfu, Target::Flop(Flop(2.3 * full))).unwrap_err();
        match e {
            SolveError::OutOfRange { field, value } => {
                assert_eq!(field, Field::Mfu);
                assert!(close(value, 2.3, 1e-12), "{value}");
            }
            ref other => panic!("{other:?}"),
        }
        assert_eq!(e.to_string(), "MFU would be 230 %: above 100 %");
    }

    #[test]
    fn too_many_gpus_is_out_of_range() {
        // Per GPU 3.0761856e21 (see the hand example); 1.23 G GPUs' worth is 3.7837e30.
        let t = Target::Flop(Flop(1.23e9 * 3.076_185_6e21));
        let e = solve(&h100(), Field::Gpus, t).unwrap_err();
        let SolveError::OutOfRange { field, value } = e else {
            panic!("{e:?}")
        };
        assert_eq!(field, Field::Gpus);
        assert!(close(value, 1.23e9, 1e-12), "{value}");
        assert_eq!(
            e.to_string(),
            "would need 1.23 B GPUs: above the maximum of 1 B"
        );
    }

    #[test]
    fn other_ranges_are_checked_too() {
        // Days: 350 k H100 do 1.1963e25 FLOP a day; 1e29 needs 8,359 days > 3650.
        let e = solve(&h100(), Field::Days, Target::Flop(Flop(1e29))).unwrap_err();
        assert!(matches!(
            e,
            SolveError::OutOfRange {
                field: Field::Days,
                ..
            }
        ));
        assert_eq!(
            e.to_string(),
            "Days would be 22.9 years: above the maximum of 3650 days"
        );
        // Peak: 1e20 FLOP in 90 days on 350 k at 40 % needs 1e20 / (350e3 × 1e12 × 0.4 × 7.776e6)
        //   = 9.19e-5 TFLOP/s < 1.
        let e = solve(&h100(), Field::Tflops, Target::Flop(Flop(1e20))).unwrap_err();
        assert!(
            matches!(e, SolveError::OutOfRange { field: Field::Tflops, value } if value < 1e-4)
        );
        assert!(
            e.to_string().ends_with(": below the minimum of 1 TFLOP/s"),
            "{e}"
        );
        // Price: $1 T over 350 k GPUs = $2.86 M each > $1 M.
        let e = solve(&h100(), Field::Price, Target::Budget(Usd(1e12))).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Price / GPU would be $2.86 M: above the maximum of $1 M"
        );
    }

    #[test]
    fn a_goodput_target_solves_the_largest_run_and_the_reliability_it_needs() {
        let mut i = h100();
        i.failures_per_million_gpu_hours = 19.7;
        i.checkpoint_minutes = Some(0.55);
        i.restart_minutes = 10.0;
        let n = solve(&i, Field::Gpus, Target::Goodput(0.9)).unwrap();
        let keep = |gpus: f64| {
            let mut j = i;
            j.gpus = gpus;
            j.outputs().goodput
        };
        // The largest whole fleet that keeps 90 %: one more GPU loses it.
        assert!(keep(n) >= 0.9 && keep(n + 1.0) < 0.9, "{n}");
        for f in [Field::FailureRate, Field::Checkpoint, Field::Restart] {
            let mut j = i;
            j.gpus = 10_000.0;
            let v = solve(&j, f, Target::Goodput(0.9)).unwrap();
            j.set(f, v);
            assert!((j.outputs().goodput - 0.9).abs() < 1e-9, "{f:?}");
        }
        assert!(solve(&i, Field::Days, Target::Goodput(0.9)).is_err());
        assert!(solve(&i, Field::Gpus, Target::Goodput(1.2)).is_err());
    }

    /// The restart that keeps a goodput, in closed form, is the bisection's answer (the seek it
    /// replaced) on 20,000 random runs: every recovery mode, with and without planned stops and
    /// failures, goals the run at no restart cannot keep (refused alike) and ones any restart
    /// keeps (the range's end).
    #[test]
    fn the_restart_goal_seek_is_the_bisections_answer() {
        use crate::model::failures::Recovery;
        use crate::model::uncertainty::Xoshiro256;
        let mut rng = Xoshiro256::new(7);
        let mut pow10 = |lo: f64, hi: f64| 10f64.powf(lo + (hi - lo) * rng.next_f64());
        let bisect = |i: &Inputs, g: f64| {
            let keep = |x: f64| with(i, Field::Restart, x).goodput().fraction;
            if keep(0.0) < g {
                return None;
            }
            let max = Field::Restart.spec().max;
            Some(finish(
                Field::Restart,
                crossing(Field::Restart, 0.0, max, |x| keep(x) >= g),
            ))
        };
        let mut answered = 0;
        for n in 0..20_000u64 {
            let mut i = h100();
            i.gpus = pow10(0.0, 7.0).round();
            i.run_share = if n % 2 == 0 { 1.0 } else { pow10(-2.0, 0.0) };
            i.failures_per_million_gpu_hours = if n % 7 == 0 { 0.0 } else { pow10(-2.0, 2.5) };
            i.planned_per_million_gpu_hours = if n % 3 == 0 { 0.0 } else { pow10(-2.0, 2.0) };
            i.checkpoint_minutes = (n % 5 != 0).then(|| pow10(-3.0, 2.0));
            i.restart_minutes = pow10(-1.0, 3.0);
            i.recovery = Recovery::ALL[(n % 3) as usize];
            let g = 0.05 + 0.94 * pow10(-3.0, 0.0);
            let got = solve(&i, Field::Restart, Target::Goodput(g));
            let Some(want) = bisect(&i, g) else {
                assert!(matches!(got, Err(SolveError::Impossible(_))), "{i:?} {g}");
                continue;
            };
            match (got, want) {
                (Ok(a), Ok(b)) => {
                    answered += 1;
                    assert!((a - b).abs() <= 1e-9 * b.max(1.0), "{i:?} {g}: {a} vs {b}");
                }
                (got, want) => assert_eq!(got, want, "{i:?} {g}"),
            }
        }
        // Most draws have an answer: the comparison is not vacuous.
        assert!(answered > 10_000, "{answered}");
    }

    #[test]
    fn a_power_target_solves_the_largest_fleet_within_it() {
        // 1 GW at 700 W × PUE 1.1 = 770 W a GPU: 1e9 / 770 = 1,298,701.3 → 1,298,702 GPUs.
        let i = h100();
        let n = solve(&i, Field::Gpus, Target::PowerMw(1000.0)).unwrap();
        assert_eq!(n, 1_298_702.0);
        round_trip(&i, Field::Gpus, Target::PowerMw(123.0));
        let e = solve(&i, Field::Days, Target::PowerMw(1.0)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "a power target solves for GPUs or run share, not Days"
        );
    }

    #[test]
    fn a_power_target_in_a_later_year_uses_that_years_watts() {
        // The 2030 card draws ×1.57 the base year's watts, so 1 GW holds that many fewer, and
        // the solved fleet draws exactly the target.
        let i = Inputs {
            year: 2030.0,
            ..h100()
        };
        let n = solve(&i, Field::Gpus, Target::PowerMw(1000.0)).unwrap();
        let base = solve(&h100(), Field::Gpus, Target::PowerMw(1000.0)).unwrap();
        assert!((base / n - i.projected_watts() / i.watts_per_gpu).abs() < 1e-5);
        let j = Inputs { gpus: n, ..i };
        assert!((j.outputs().power_mw - 1000.0).abs() < 1e-2);
    }

    #[test]
    fn unsupported_pairs_name_the_alternatives() {
        let i = h100();
        let budget = Target::Budget(Usd(1e9));
        for field in Field::ALL {
            if !matches!(field, Field::Gpus | Field::Price) {
                let e = solve(&i, field, budget).unwrap_err();
                assert_eq!(
                    e,
                    SolveError::Unsupported {
                        field,
                        target: "budget"
                    }
                );
            }
        }
        let e = solve(&i, Field::Days, budget).unwrap_err();
        assert_eq!(
            e.to_string(),
            "a budget target solves for GPUs or price, not Days"
        );
        let flop = Target::Flop(Flop(1e27));
        for field in Field::ALL {
            if !matches!(
                field,
                Field::Gpus | Field::Days | Field::Mfu | Field::Tflops | Field::Year
            ) {
                assert!(matches!(
                    solve(&i, field, flop),
                    Err(SolveError::Unsupported { target: "FLOP", .. })
                ));
            }
        }
        let e = solve(&i, Field::Price, flop).unwrap_err();
        assert_eq!(
            e.to_string(),
            "a FLOP target solves for GPUs, days, MFU, peak TFLOP/s or the year, not Price / GPU"
        );
    }

    #[test]
    fn the_year_that_reaches_a_flop_target() {
        // One year of price-performance (×1.38) is what a target 1.38× the base run needs.
        let i = h100();
        let t = i.outputs().total_flop.0 * 10f64.powf(0.14);
        let y = solve(&i, Field::Year, Target::Flop(Flop(t))).unwrap();
        assert!((y - 2025.0).abs() < 1e-9, "{y}");
        // Applied, it hits the target.
        let mut j = i;
        j.set(Field::Year, y);
        assert!(close(j.outputs().total_flop.0, t, 1e-9));
        // From a moved year the other answers use the year's card.
        let days = solve(&j, Field::Days, Target::Flop(Flop(2.0 * t))).unwrap();
        assert!(close(days, 180.0, 1e-9), "{days}");
    }

    #[test]
    fn impossible_targets_say_why() {
        let i = h100();
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            let e = solve(&i, Field::Gpus, Target::Flop(Flop(bad))).unwrap_err();
            assert_eq!(
                e,
                SolveError::Impossible("the FLOP target must be a positive number".into())
            );
            let e = solve(&i, Field::Gpus, Target::Budget(Usd(bad))).unwrap_err();
            assert_eq!(e.to_string(), "the budget must be a positive number");
        }
        let free = Inputs {
            price_usd: 0.0,
            ..i
        };
        let e = solve(&free, Field::Gpus, Target::Budget(Usd(1e9))).unwrap_err();
        assert_eq!(e.to_string(), "GPUs cost $0: any count fits");
        // Invalid inputs (zero MFU) give no finite answer rather than an infinite one.
        let idle = Inputs { mfu: 0.0, ..i };
        let e = solve(&idle, Field::Days, Target::Flop(Flop(1e27))).unwrap_err();
        assert!(matches!(e, SolveError::Impossible(_)));
    }

    #[test]
    fn bounds_read_as_round_numbers() {
        assert_eq!(bound(Field::Gpus, 1e7), "10 M");
        assert_eq!(bound(Field::Price, 1e6), "$1 M");
        assert_eq!(bound(Field::Mfu, 1.0), "100 %");
        assert_eq!(bound(Field::Days, 0.0), "0 days");
        assert_eq!(bound(Field::Tflops, 1e5), "100000 TFLOP/s");
    }

    /// A field the FLOP target can solve for, with a valid band to draw the true answer from.
    fn flop_field() -> impl Strategy<Value = (Field, f64, f64)> {
        prop_oneof![
            Just((Field::Gpus, 1.0, 1e6)),
            Just((Field::Days, 0.1, 3000.0)),
            Just((Field::Mfu, 0.01, 1.0)),
            Just((Field::Tflops, 1.0, 1e5)),
        ]
    }

    fn valid_inputs() -> impl Strategy<Value = Inputs> {
        (
            1.0..1e6f64,
            0.0..1e6f64,
            1.0..1e5f64,
            0.01..=1.0f64,
            0.1..3650.0f64,
            prop_oneof![Just(1.0), 0.01..=1.0f64],
        )
            .prop_map(
                |(gpus, price_usd, peak_tflops, mfu, days, run_share)| Inputs {
                    gpus: gpus.round(),
                    price_usd,
                    peak_tflops,
                    mfu,
                    days,
                    run_share,
                    ..h100()
                },
            )
    }

    proptest! {
        /// The target is made from a known valid answer (so it is feasible), then solved from
        /// unrelated inputs: applying the answer hits the target.
        #[test]
        fn flop_solve_apply_recompute_hits_the_target(
            i in valid_inputs(),
            (field, lo, hi) in flop_field(),
            u in 0.0..=1.0f64,
            whole in any::<bool>(),
        ) {
            let mut truth = lo * (hi / lo).powf(u);
            // Whole GPU counts probe the rounding: the answer must be that count, not one more.
            if field == Field::Gpus && whole {
                truth = truth.round();
            }
            let mut t = i;
            t.set(field, truth);
            let target = Target::Flop(t.outputs().total_flop);
            round_trip(&i, field, target);
            if field == Field::Gpus && whole {
                prop_assert_eq!(solve(&i, field, target), Ok(truth));
            }
        }

        #[test]
        fn budget_solve_apply_recompute_hits_the_target(
            i in valid_inputs(),
            gpus_field in any::<bool>(),
            truth_gpus in 1.0..1e6f64,
            truth_price in 1.0..1e6f64,
        ) {
            let mut i = i;
            i.price_usd = i.price_usd.max(1.0);
            let (field, target) = if gpus_field {
                (Field::Gpus, Usd(truth_gpus * i.price_usd))
            } else {
                (Field::Price, Usd(i.gpus * truth_price))
            };
            round_trip(&i, field, Target::Budget(target));
        }
    }

    #[test]
    fn the_gpus_that_serve_a_quadrillion_tokens_a_day_by_hand() {
        // The example fleet serving a typed 400 B model (100 B active) from 30 % of its GPUs
        // at batch 64: 364.581 tokens per GPU-second (see `tokens_per_day_by_hand`), so 1e15
        // tokens a day need 1e15 ÷ (0.3 × 364.581 × 86,400) = 105,820,829.002 GPUs: 105,820,830.
        let mut i = Inputs {
            params: Some(400e9),
            active_params: Some(100e9),
            ..h100()
        };
        i.set(Field::ShareInference, 0.3);
        let target = Target::TokensPerDay(1e15);
        let n = solve(&i, Field::Gpus, target).unwrap();
        assert_eq!(n, 105_820_830.0);
        assert!(reached(&with(&i, Field::Gpus, n), target) >= 1e15);
        assert!(reached(&with(&i, Field::Gpus, n - 1.0), target) < 1e15);
        // Other inputs are refused with the one it takes; a fleet that serves nothing, with why.
        let e = solve(&i, Field::Days, target).unwrap_err();
        assert_eq!(
            e.to_string(),
            "a tokens-a-day target solves for GPUs, not Days"
        );
        let e = solve(&h100(), Field::Gpus, target).unwrap_err();
        assert!(e.to_string().contains("inference share"), "{e}");
        // Compute-optimal, the model grows with the fleet: past reach within the GPUs' range.
        let mut grows = h100();
        grows.set(Field::ShareInference, 0.3);
        let e = solve(&grows, Field::Gpus, Target::TokensPerDay(1e18)).unwrap_err();
        assert!(e.to_string().contains("--params"), "{e}");
    }
}
