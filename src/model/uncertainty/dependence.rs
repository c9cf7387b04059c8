//! Which outputs read which inputs, and in which direction: what lets an output of one
//! uncertain input skip sampling, and what the sensitivity and missing-input checks ask.

pub(super) use super::direction::Dir;
use super::{Field, Output};

/// Whether `output` reads `field` at all (the dependence table below).
pub fn reads(output: Output, field: Field) -> bool {
    dependence(output, field) != Dir::None
}

/// How `output` depends on `field`: the generated table of `dependence_table.rs`, which a test
/// derives from the arithmetic itself (every input of thousands of random scenarios doubled, a
/// year moved by one) and keeps equal to the file. After changing a formula, an output or an
/// input, `UPDATE_DEPENDENCE=1 cargo test --lib dependence` rewrites the file.
pub(super) fn dependence(output: Output, field: Field) -> Dir {
    super::dependence_table::TABLE
        .iter()
        .find(|(o, _)| *o == output)
        .and_then(|(_, row)| row.iter().find(|(f, _)| *f == field))
        .map_or(Dir::None, |&(_, d)| d)
}

#[cfg(test)]
mod tests {
    use super::super::Xoshiro256;
    use super::super::columns;
    use super::*;
    use crate::model::field::Scale;
    use crate::model::{Inputs, MfuBasis, Recovery};

    /// Where the generated table lives, from the crate root.
    const FILE: &str = "src/model/uncertainty/dependence_table.rs";
    /// How many random scenarios probe the arithmetic.
    const PROBES: usize = 30_000;
    /// Outputs that jump in steps: the serving roofline picks a whole number of GPUs per replica
    /// and a model shape, so a larger input can land on a worse configuration. Sampling finds
    /// such reversals only now and then, so every input that moves these is mixed.
    const STEPWISE: [Output; 3] = [
        Output::TokensPerDay,
        Output::ServeRentCost,
        Output::ServeAmortizedCost,
    ];

    /// Every output of `i`, with the Epoch amortized cost the evaluation adds (it needs the
    /// catalog's constants; here Epoch's published ones).
    fn with_epoch(i: &Inputs) -> [f64; Output::COUNT] {
        let mut o = i.outputs();
        let c = crate::model::epoch_cost::Constants::published();
        o.epoch_amortized_cost_usd = Some(crate::model::Usd(
            crate::model::epoch_cost::scenario_amortized(
                o.gpu_hours,
                i.price_usd * i.cluster_overhead,
                o.energy_cost_usd.0,
                &c,
            ),
        ));
        columns(&o)
    }

    /// A value of `f` drawn over its whole valid range (log-uniform on a log scale).
    fn draw(f: Field, rng: &mut Xoshiro256) -> f64 {
        let s = f.spec();
        let u = rng.next_f64();
        match s.scale {
            Scale::Log => {
                let lo = s.min.max(s.track_min).max(1e-9);
                (lo.ln() + u * (s.max.ln() - lo.ln())).exp()
            }
            Scale::Linear => {
                let lo = if s.open_min {
                    s.min + 1e-3 * (s.max - s.min)
                } else {
                    s.min
                };
                lo + u * (s.max - lo)
            }
        }
    }

    /// A random valid scenario: every input over its range, optional inputs unset half the
    /// time, the shares summing to 1, each recovery and MFU basis.
    fn random_inputs(rng: &mut Xoshiro256) -> Option<Inputs> {
        let mut i = Inputs::example();
        for f in Field::ALL {
            i.set(f, draw(f, rng));
        }
        let w = [0.05 + rng.next_f64(), rng.next_f64(), rng.next_f64()];
        let sum: f64 = w.iter().sum();
        i.set_shares(w.map(|x| x / sum));
        if rng.next_f64() < 0.5 {
            i.params = None;
        }
        match (i.params, rng.next_f64() < 0.5) {
            (Some(p), true) => i.active_params = Some(p * rng.next_f64().max(0.01)),
            _ => i.active_params = None,
        }
        if rng.next_f64() < 0.5 {
            i.checkpoint_minutes = None;
        }
        i.recovery = Recovery::ALL[(rng.next_u64() % Recovery::ALL.len() as u64) as usize];
        i.mfu_basis = if rng.next_f64() < 0.5 {
            MfuBasis::InStep
        } else {
            MfuBasis::WholeRun
        };
        i.validate().is_ok().then_some(i)
    }

    /// The directions the arithmetic shows: each input of [`PROBES`] random scenarios doubled
    /// (the year moved by one), every output compared before and after. An input that moved an
    /// output both ways is mixed, as is every input of a [`STEPWISE`] output.
    fn derived() -> Vec<(Output, Vec<(Field, Dir)>)> {
        let mut up = [[false; Field::ALL.len()]; Output::COUNT];
        let mut down = [[false; Field::ALL.len()]; Output::COUNT];
        let mut rng = Xoshiro256::new(2026);
        let mut probes = 0;
        while probes < PROBES {
            let Some(i) = random_inputs(&mut rng) else {
                continue;
            };
            probes += 1;
            let before = with_epoch(&i);
            for (n, f) in Field::ALL.into_iter().enumerate() {
                let Some(v) = i.get(f) else {
                    continue;
                };
                let mut j = i;
                j.set(f, if f == Field::Year { v + 1.0 } else { v * 2.0 });
                if j.validate().is_err() {
                    continue;
                }
                let after = with_epoch(&j);
                for k in 0..Output::COUNT {
                    let (a, b) = (before[k], after[k]);
                    // An output that vanishes (serving costs once nothing serves) has no
                    // direction; rounding in the rescaled shares is no dependence.
                    if !(a.is_finite() && b.is_finite())
                        || (b - a).abs() <= 1e-9 * a.abs().max(b.abs())
                    {
                        continue;
                    }
                    if b > a {
                        up[k][n] = true;
                    } else {
                        down[k][n] = true;
                    }
                }
            }
        }
        Output::ALL
            .into_iter()
            .enumerate()
            .map(|(k, o)| {
                let row = Field::ALL
                    .into_iter()
                    .enumerate()
                    .filter_map(|(n, f)| match (up[k][n], down[k][n]) {
                        (false, false) => None,
                        _ if STEPWISE.contains(&o) => Some((f, Dir::Mixed)),
                        (true, false) => Some((f, Dir::Up)),
                        (false, true) => Some((f, Dir::Down)),
                        (true, true) => Some((f, Dir::Mixed)),
                    })
                    .collect();
                (o, row)
            })
            .collect()
    }

    /// The table as Rust source.
    fn source(table: &[(Output, Vec<(Field, Dir)>)]) -> String {
        let mut s = String::from(
            "//! Which outputs read which inputs, and in which direction: generated from the \
             arithmetic\n//! by `UPDATE_DEPENDENCE=1 cargo test --lib dependence` \
             (see `dependence.rs`); do not edit.\n\n\
             use super::direction::Dir;\n\
             use super::{Field, Output};\n\n\
             /// Each output with the inputs that move it; an input not listed does not.\n\
             #[rustfmt::skip]\n\
             pub(super) const TABLE: &[(Output, &[(Field, Dir)])] = &[\n",
        );
        for (o, row) in table {
            let cells: Vec<String> = row
                .iter()
                .map(|(f, d)| format!("(Field::{f:?}, Dir::{d:?})"))
                .collect();
            s.push_str(&format!("    (Output::{o:?}, &[{}]),\n", cells.join(", ")));
        }
        s.push_str("];\n");
        s
    }

    #[test]
    fn dependence_table_is_what_the_arithmetic_does() {
        let table = derived();
        let want = source(&table);
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(FILE);
        if std::env::var_os("UPDATE_DEPENDENCE").is_some() {
            std::fs::write(&path, &want).expect("write the dependence table");
        }
        let differences: Vec<String> = table
            .iter()
            .flat_map(|(o, row)| {
                Field::ALL.into_iter().filter_map(move |f| {
                    let derived = row.iter().find(|(g, _)| *g == f).map_or(Dir::None, |r| r.1);
                    let kept = dependence(*o, f);
                    (derived != kept)
                        .then(|| format!("{o:?} / {f:?}: file {kept:?}, arithmetic {derived:?}"))
                })
            })
            .collect();
        assert!(
            differences.is_empty(),
            "{FILE} is out of date (UPDATE_DEPENDENCE=1 cargo test --lib dependence rewrites it):\n{}",
            differences.join("\n")
        );
    }

    #[test]
    fn known_dependences_by_hand() {
        use Field::*;
        // Fleet cost = GPUs × price, every GPU whatever the share.
        assert_eq!(dependence(Output::FleetCost, Gpus), Dir::Up);
        assert_eq!(dependence(Output::FleetCost, Price), Dir::Up);
        assert_eq!(dependence(Output::FleetCost, Share), Dir::None);
        assert_eq!(dependence(Output::FleetCost, Mfu), Dir::None);
        // More days, more energy; a higher PUE, more power; CO2 reads the grid's intensity.
        assert_eq!(dependence(Output::Energy, Days), Dir::Up);
        assert_eq!(dependence(Output::Power, Pue), Dir::Up);
        assert_eq!(dependence(Output::Co2, Co2), Dir::Up);
        assert_eq!(dependence(Output::Power, Co2), Dir::None);
        // A longer hardware life makes each run's share of it cheaper.
        assert_eq!(dependence(Output::AmortizedCost, AmortYears), Dir::Down);
        // Failures: more of them, less goodput; a bigger run adds FLOP and loses goodput.
        assert_eq!(dependence(Output::Goodput, FailureRate), Dir::Down);
        assert_eq!(dependence(Output::GoodputFlop, Gpus), Dir::Mixed);
        assert!(reads(Output::TotalFlop, Mfu) && !reads(Output::TotalFlop, Price));
    }
}
