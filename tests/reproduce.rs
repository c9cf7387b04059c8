//! Shared scenarios reproduce: a one-line string gives the evaluation of the scenario it was
//! written from, for every output and every band, whatever the scenario: every built-in preset,
//! every known run that loads as a scenario, and random scenarios across years.

use agi_compute::analysis::evaluation::{Evaluation, Reference};
use agi_compute::model::Field;
use agi_compute::presets::from_run::scenario_from_run;
use agi_compute::presets::scenario_string::{decode, encode};
use agi_compute::presets::{Catalog, DEFAULT_SCENARIO, Precision, Scenario, Sourced};
use agi_compute::report::to_json;
use proptest::prelude::*;
use serde_json::Value;
use std::sync::LazyLock;

use crate::support::binary;

static CATALOG: LazyLock<Catalog> = LazyLock::new(Catalog::embedded);

/// Everything the evaluation says, less what names the scenario (its title, description and
/// sources do not travel in a string).
fn results(s: &Scenario) -> Value {
    let e = Evaluation::new(s, &CATALOG, &Reference::new(&CATALOG));
    let mut v = to_json(&e, &CATALOG);
    if let Some(m) = v.as_object_mut() {
        for k in ["scenario", "scenario_string", "description", "inputs"] {
            m.remove(k);
        }
    }
    without_sources(&mut v);
    v
}

/// Drops every `source` key: sources do not travel in a string (the numbers do).
fn without_sources(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.remove("source");
            m.values_mut().for_each(without_sources);
        }
        Value::Array(a) => a.iter_mut().for_each(without_sources),
        _ => {}
    }
}

/// The string of `s`, and that the string gives back `s`'s every output and band.
fn reproduces(s: &Scenario, what: &str) -> Result<(), String> {
    let line = encode(s, &CATALOG);
    let back = decode(&line, &CATALOG).map_err(|e| format!("{what}: {line}: {e}"))?;
    let (want, got) = (results(s), results(&back));
    if want == got {
        return Ok(());
    }
    let (Some(w), Some(g)) = (want.as_object(), got.as_object()) else {
        return Err(format!("{what}: not a JSON object"));
    };
    let differ: Vec<String> = w
        .iter()
        .filter(|(k, v)| g.get(*k) != Some(*v))
        .map(|(k, v)| format!("{k}: {v} ≠ {}", g.get(k).unwrap_or(&Value::Null)))
        .collect();
    Err(format!("{what}: {line}\n  {}", differ.join("\n  ")))
}

#[test]
fn every_preset_reproduces_from_its_string() {
    assert!(CATALOG.scenarios.len() >= 8, "the built-in presets load");
    for e in &CATALOG.scenarios {
        reproduces(&e.scenario, &e.scenario.name).unwrap_or_else(|m| panic!("{m}"));
    }
}

#[test]
fn every_known_run_reproduces_from_its_string() {
    let base = &CATALOG
        .scenario(DEFAULT_SCENARIO)
        .expect("default scenario")
        .scenario;
    let mut loaded = 0;
    for m in &CATALOG.milestones {
        let Ok(s) = scenario_from_run(m, &CATALOG, base) else {
            continue;
        };
        loaded += 1;
        reproduces(&s, &m.name).unwrap_or_else(|e| panic!("{e}"));
    }
    assert!(loaded >= 13, "only {loaded} known runs load as scenarios");
}

/// A scenario from a preset or a known run, with some inputs moved, ranges dropped or set,
/// and a year of its own.
fn scenario() -> impl Strategy<Value = Scenario> {
    let base = CATALOG
        .scenario(DEFAULT_SCENARIO)
        .expect("default")
        .scenario
        .clone();
    let mut starts: Vec<Scenario> = CATALOG
        .scenarios
        .iter()
        .map(|e| e.scenario.clone())
        .collect();
    starts.extend(
        CATALOG
            .milestones
            .iter()
            .filter_map(|m| scenario_from_run(m, &CATALOG, &base).ok()),
    );
    let fields = Field::ALL.len();
    let moves = proptest::collection::vec((0..fields, 0.0..=1.0f64, 0u8..4), 0..5);
    (
        0..starts.len(),
        moves,
        proptest::option::of(2015u32..=2040),
        any::<bool>(),
    )
        .prop_map(move |(i, moves, year, fp8)| {
            let mut s = starts[i].clone();
            // FP8 only on a card that has an FP8 peak (the explorer and strings fall back to
            // BF16 on one that has none).
            let card = s
                .accelerator
                .as_deref()
                .and_then(|id| CATALOG.accelerator(id))
                .filter(|c| c.fp8_tflops.is_some());
            if let (true, Some(card)) = (fp8 && s.precision == Precision::Bf16, card) {
                s.precision = Precision::Fp8;
                s.use_card(card);
            }
            for (f, t, how) in moves {
                let f = Field::ALL[f];
                if f == Field::Year {
                    continue;
                }
                let spec = f.spec();
                let (lo, hi) = (spec.track_min.max(spec.min), spec.max);
                let v = lo + t * (hi - lo);
                let v = match spec.snap {
                    agi_compute::model::field::Snap::Integer(_) => v.round(),
                    _ => v,
                };
                if !f.accepts(v) {
                    continue;
                }
                // Counts are whole on every surface, their ranges too.
                let fit = |x: f64| if f.counts() { x.round() } else { x };
                match how {
                    // A new value with no range.
                    0 => s.set_input(f, Sourced::user_set(v)),
                    // A new value with a range around it.
                    1 => s.set_input(
                        f,
                        Sourced {
                            low: Some(fit(lo.max(v * 0.8))),
                            high: Some(fit(hi.min(v * 1.2))),
                            ..Sourced::user_set(v)
                        },
                    ),
                    // The same value with its range dropped.
                    2 => {
                        if let Some(x) = s.sourced(f).cloned() {
                            s.set_input(
                                f,
                                Sourced {
                                    low: None,
                                    high: None,
                                    ..x
                                },
                            );
                        }
                    }
                    // The same value with only a high end.
                    _ => {
                        if let Some(x) = s.sourced(f).cloned()
                            && f.accepts(fit(x.value * 1.1))
                        {
                            let high = Some(fit(x.value * 1.1));
                            s.set_input(
                                f,
                                Sourced {
                                    low: None,
                                    high,
                                    ..x
                                },
                            );
                        }
                    }
                }
            }
            if let Some(y) = year {
                s.set_input(Field::Year, Sourced::user_set(f64::from(y)));
            }
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    /// Any scenario, at any year, reproduces every output and band from its string.
    #[test]
    fn random_scenarios_reproduce_from_their_strings(s in scenario()) {
        if s.inputs().validate().is_ok() {
            reproduces(&s, "random").map_err(TestCaseError::fail)?;
        }
    }
}

/// Every preset and known run, with each ranged input alone keeping its range: some output that
/// reads the input has a band of some width (a PUE of 1.10 up to 1.58 widens power and energy).
#[test]
fn every_ranged_input_moves_its_outputs_bands() {
    use agi_compute::model::Output;
    use agi_compute::model::uncertainty::reads;
    let base = &CATALOG
        .scenario(DEFAULT_SCENARIO)
        .expect("default scenario")
        .scenario;
    let mut scenarios: Vec<Scenario> = CATALOG
        .scenarios
        .iter()
        .map(|e| e.scenario.clone())
        .collect();
    scenarios.extend(
        CATALOG
            .milestones
            .iter()
            .filter_map(|m| scenario_from_run(m, &CATALOG, base).ok()),
    );
    let mut checked = 0;
    for s in &scenarios {
        for r in s.ranges() {
            // An input no output reads (the batch feeds a limit) has no band to move; nor has
            // one only serving reads (the serving MFU) in a fleet that serves nothing.
            let serving = [
                Output::TokensPerDay,
                Output::ServeRentCost,
                Output::ServeAmortizedCost,
            ];
            let serves = s.share_inference.value > 0.0;
            if !Output::ALL
                .into_iter()
                .any(|o| reads(o, r.field) && (serves || !serving.contains(&o)))
            {
                continue;
            }
            let mut alone = s.clone();
            for f in Field::ALL.into_iter().filter(|&f| f != r.field) {
                if let Some(x) = alone.sourced(f).cloned() {
                    alone.set_input(
                        f,
                        Sourced {
                            low: None,
                            high: None,
                            ..x
                        },
                    );
                }
            }
            let e = Evaluation::new(&alone, &CATALOG, &Reference::new(&CATALOG));
            let bands = e.bands.as_ref().unwrap_or_else(|| {
                panic!("{}: {:?} is ranged but there are no bands", s.name, r.field)
            });
            let moved: Vec<Output> = Output::ALL
                .into_iter()
                .filter(|&o| reads(o, r.field) && bands.get(o).is_some_and(|b| b.varies()))
                .collect();
            assert!(
                !moved.is_empty(),
                "{}: the range of {:?} ({}..{}) moves no band",
                s.name,
                r.field,
                r.low,
                r.high
            );
            checked += 1;
        }
    }
    // PUE 1.10–1.58 on meta-2024 moves power and energy.
    let meta = CATALOG.scenario("meta-2024").expect("meta-2024");
    let e = Evaluation::new(&meta.scenario, &CATALOG, &Reference::new(&CATALOG));
    let bands = e.bands.as_ref().expect("meta-2024 has bands");
    for o in [
        Output::Power,
        Output::Energy,
        Output::EnergyCost,
        Output::Co2,
    ] {
        assert!(
            bands.get(o).is_some_and(|b| b.varies()),
            "{o:?} has no band"
        );
    }
    assert!(checked >= 20, "only {checked} ranged inputs checked");
}

/// Each row of `sweep` is the `eval` of its values: for every input that can be varied (from the
/// input spec, so inputs added later are covered), alone and with a share set by flag.
#[test]
fn sweep_rows_equal_eval_for_every_input() {
    use agi_compute::model::Output;
    use agi_compute::presets::scenario_string::{field_name, number};
    let json = |args: &[&str]| -> Vec<Value> {
        let o = binary::run(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", binary::stderr(&o));
        let text = binary::stdout(&o);
        match serde_json::from_str(&text) {
            Ok(v) => vec![v],
            Err(_) => text
                .lines()
                .map(|l| serde_json::from_str(l).expect("JSON line"))
                .collect(),
        }
    };
    let mut compared = 0;
    for (flags, f) in [&[][..], &["--share", "60%"][..]]
        .into_iter()
        .flat_map(|flags| Field::ALL.into_iter().map(move |f| (flags, f)))
    {
        // The projected year's own axis is the year; the same share twice is refused.
        if flags.contains(&"--share") && f == Field::Share {
            continue;
        }
        let spec = f.spec();
        let (lo, hi) = (spec.track_min.max(spec.min), spec.max);
        let (a, b) = match f {
            Field::Share | Field::ShareExperiments | Field::ShareInference => (0.1, 0.3),
            Field::Year => (2024.0, 2030.0),
            _ => {
                let mid = (lo * hi).sqrt().max(lo);
                (mid, (mid * 2.0).min(hi))
            }
        };
        let (a, b) = match spec.snap {
            agi_compute::model::field::Snap::Integer(_) => (a.round(), b.round()),
            _ => (a, b),
        };
        if !(f.accepts(a) && f.accepts(b) && a < b) {
            continue;
        }
        let grid = format!("{}={}..{}:2", field_name(f), number(f, a), number(f, b));
        let mut args = vec!["sweep", "--vary", &grid, "--format", "jsonl"];
        args.extend_from_slice(flags);
        let rows = json(&args);
        assert_eq!(rows.len(), 2, "{grid}");
        for row in rows {
            let v = row[field_name(f).replace('-', "_")]
                .as_f64()
                .or_else(|| row[spec.key].as_f64())
                .unwrap_or_else(|| panic!("{grid}: row without its value: {row}"));
            let value = number(f, v);
            let mut eval_args = vec!["eval", spec.flag, &value, "--format", "json"];
            eval_args.extend_from_slice(flags);
            let e = &json(&eval_args)[0];
            for o in Output::ALL {
                let key = o.spec().key;
                let (r, x) = (&row[key], &e[key]);
                let same = match (r.as_f64(), x.as_f64()) {
                    (Some(r), Some(x)) => r == x || (r - x).abs() <= 1e-12 * r.abs().max(x.abs()),
                    _ => r == x,
                };
                assert!(
                    same,
                    "{grid} {flags:?} at {value}: {key} sweep {r} ≠ eval {x}"
                );
                compared += 1;
            }
        }
    }
    assert!(compared > 500, "only {compared} values compared");
}

/// JSON limit rows name their limit apart from the cap: a reader can tell the rows apart.
#[test]
fn json_limit_rows_have_names() {
    let o = binary::run(&["eval", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", binary::stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let rows = v["limits"]["rows"].as_array().expect("limit rows");
    let names: Vec<&str> = rows.iter().filter_map(|r| r["name"].as_str()).collect();
    assert_eq!(names.len(), rows.len(), "a row without a name");
    for want in ["failures", "power", "chips", "memory", "data", "latency"] {
        assert!(names.contains(&want), "no {want} row in {names:?}");
    }
    let power = rows.iter().find(|r| r["name"] == "power").expect("power");
    assert!(power["limit"].as_f64().is_some_and(|c| c > 0.0), "{power}");
    assert!(power["need"].as_f64().is_some_and(|c| c > 0.0), "{power}");
}

/// The JSON says how its bands were drawn: the seed, the sample count and that ranged inputs
/// are drawn independently; and the same scenario gives the same bands on a second run.
#[test]
fn bands_say_their_seed_and_repeat() {
    let once = binary::run(&["eval", "--format", "json"]);
    let again = binary::run(&["eval", "--format", "json"]);
    assert_eq!(once.status.code(), Some(0), "{}", binary::stderr(&once));
    let (a, b): (Value, Value) = (
        serde_json::from_slice(&once.stdout).expect("JSON"),
        serde_json::from_slice(&again.stdout).expect("JSON"),
    );
    let u = &a["uncertainty"];
    assert!(u["seed"].as_u64().is_some(), "{u}");
    assert!(u["samples"].as_u64().is_some_and(|n| n >= 1000), "{u}");
    assert!(
        u["draws"]
            .as_str()
            .is_some_and(|d| d.contains("independently")),
        "{u}"
    );
    assert!(u["total_flop"]["p5"].as_f64().is_some(), "{u}");
    assert_eq!(a["uncertainty"], b["uncertainty"]);
}
