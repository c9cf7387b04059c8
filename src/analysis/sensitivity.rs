//! Which assumption matters most: each input's swing of one output when it moves across its
//! range (or ±20 % where it has none), ranked — a tornado — and the Monte Carlo's view of the
//! same question, each ranged input's share of the output's variance.

use crate::analysis::evaluation::{Lean, Reference};
use crate::model::uncertainty::{DEFAULT_SEED, rank_shares};
use crate::model::{Field, Output};
use crate::presets::{Catalog, Scenario, Status};
use serde::Serialize;

/// How far an input without a range is moved, either way (a fraction of its value).
pub const SPREAD: f64 = 0.2;

/// Samples for the variance shares (fewer than the bands': a ranking, not a percentile).
const SHARE_SAMPLES: usize = 4_000;

/// One input moved from `low` to `high`, and the output at each end.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Swing {
    #[serde(serialize_with = "field_key")]
    pub input: Field,
    pub low: f64,
    pub high: f64,
    /// Whether the ends are the input's own range (else ±20 % of its value).
    pub from_range: bool,
    pub output_at_low: f64,
    pub output_at_high: f64,
    pub swing: f64,
}

fn field_key<S: serde::Serializer>(f: &Field, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(f.spec().key)
}

/// The tornado of one output.
#[derive(Clone, Debug, PartialEq)]
pub struct Sensitivity {
    pub output: Output,
    /// The output at the scenario's own inputs.
    pub value: f64,
    /// Inputs with a sourced range first, then the ±20 % what-ifs, each largest swing first;
    /// inputs the output does not read are left out.
    pub swings: Vec<Swing>,
    /// Ranged inputs' shares of the output's variance in the Monte Carlo (sum 1), largest
    /// first; empty without ranges.
    pub shares: Vec<(Field, f64)>,
}

/// The ends an input is moved to: its range, or ±20 % of its value within its valid range.
fn ends(scenario: &Scenario, f: Field) -> Option<(f64, f64, bool)> {
    let s = scenario.sourced(f)?;
    if s.status == Status::Missing {
        return None;
    }
    // A sourced range (one end stated runs from the value, as in the bands).
    if s.low.or(s.high).is_some() {
        let (lo, hi) = (s.low.unwrap_or(s.value), s.high.unwrap_or(s.value));
        return (lo < hi).then_some((lo, hi, true));
    }
    // The year is a choice, not an uncertain measurement: 20 % of 2024 is four centuries. It
    // joins the tornado only with a range of its own.
    if f == Field::Year {
        return None;
    }
    let spec = f.spec();
    let clamp = |v: f64| {
        let v = v.min(spec.max).max(spec.min);
        if f == Field::Gpus {
            v.round().max(1.0)
        } else {
            v
        }
    };
    let (lo, hi) = (
        clamp(s.value * (1.0 - SPREAD)),
        clamp(s.value * (1.0 + SPREAD)),
    );
    (f.accepts(lo) && f.accepts(hi) && lo < hi).then_some((lo, hi, false))
}

/// The tornado of `output` for `scenario`; `None` when the output is absent.
pub fn sensitivity(
    scenario: &Scenario,
    catalog: &Catalog,
    reference: &Reference,
    output: Output,
) -> Option<Sensitivity> {
    let lean = Lean::new(reference);
    let inputs = catalog.inputs(scenario);
    if scenario
        .missing()
        .iter()
        .any(|&f| crate::model::uncertainty::reads(output, f))
    {
        return None;
    }
    let value = output.of(&lean.outputs(&inputs))?;
    let mut swings: Vec<Swing> = Field::ALL
        .iter()
        .filter_map(|&f| {
            let (low, high, from_range) = ends(scenario, f)?;
            let at = |v: f64| {
                let mut i = inputs;
                i.set(f, v);
                output.of(&lean.outputs(&i))
            };
            let (a, b) = (at(low)?, at(high)?);
            let swing = (b - a).abs();
            (swing > 1e-12 * value.abs()).then_some(Swing {
                input: f,
                low,
                high,
                from_range,
                output_at_low: a,
                output_at_high: b,
                swing,
            })
        })
        .collect();
    // What the sources say could happen ranks before what-ifs: an arbitrary ±20 % on an input
    // with no range is a scale for comparison, not evidence.
    swings.sort_by(|a, b| {
        b.from_range
            .cmp(&a.from_range)
            .then(b.swing.total_cmp(&a.swing))
    });
    let mut shares = rank_shares(
        &inputs,
        &scenario.ranges(),
        output,
        SHARE_SAMPLES,
        DEFAULT_SEED,
    );
    shares.sort_by(|a, b| b.1.total_cmp(&a.1));
    Some(Sensitivity {
        output,
        value,
        swings,
        shares,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets::Catalog;

    #[test]
    fn flop_swings_by_hand() {
        let c = Catalog::embedded();
        let s = c.scenario("meta-2024").unwrap().scenario.clone();
        let r = Reference::new(&c);
        let t = sensitivity(&s, &c, &r, Output::TotalFlop).unwrap();
        // FLOP is linear in GPUs, peak, MFU and days: ±20 % of each moves it ±20 %; MFU has
        // the preset's range 30–43 %, so it swings most: (0.43 − 0.30) / 0.40 = 32.5 % of C.
        let mfu = t.swings.iter().find(|w| w.input == Field::Mfu).unwrap();
        assert!(mfu.from_range);
        assert!((mfu.swing / t.value - (mfu.high - mfu.low) / 0.4).abs() < 1e-9);
        let gpus = t.swings.iter().find(|w| w.input == Field::Gpus).unwrap();
        assert!(!gpus.from_range);
        assert!(
            (gpus.swing / t.value - 0.4).abs() < 1e-6,
            "{}",
            gpus.swing / t.value
        );
        // Sourced ranges first (MFU's), then the what-ifs, each largest swing first.
        assert_eq!(t.swings.first().map(|w| w.input), Some(Field::Mfu));
        let split = t.swings.iter().take_while(|w| w.from_range).count();
        assert!(t.swings[split..].iter().all(|w| !w.from_range));
        for group in [&t.swings[..split], &t.swings[split..]] {
            assert!(group.windows(2).all(|w| w[0].swing >= w[1].swing));
        }
        // FLOP does not read the price: no row for it.
        assert!(t.swings.iter().all(|w| w.input != Field::Price));
        // Of the ranged inputs only MFU moves FLOP: all of its variance.
        assert_eq!(t.shares.first().map(|s| s.0), Some(Field::Mfu));
        // (The others carry only sampling noise.)
        assert!(t.shares[0].1 > 0.99, "{:?}", t.shares);
    }
}
