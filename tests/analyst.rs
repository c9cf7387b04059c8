//! The analyst tools through the library and the built binary: one-line scenarios.

use agi_compute::model::Field;
use agi_compute::presets::save::to_ron;
use agi_compute::presets::{Catalog, DEFAULT_SCENARIO, Precision, Scenario, Sourced};
use agi_compute::scenario_string::{decode, encode};
use proptest::prelude::*;
use serde_json::Value;
use std::process::{Command, Output};
use std::sync::LazyLock;

static CATALOG: LazyLock<Catalog> = LazyLock::new(Catalog::embedded);

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_agi-compute"));
    // Keep the developer's own presets out of the tests.
    let empty = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("empty-config");
    std::fs::create_dir_all(&empty).expect("temp dir");
    c.env("XDG_CONFIG_HOME", &empty).env("HOME", &empty);
    c
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(args: &[&str]) -> Value {
    let o = run(args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("valid JSON")
}

fn bits(s: &Scenario) -> Vec<Option<u64>> {
    let i = s.inputs();
    Field::ALL
        .iter()
        .map(|&f| i.get(f).map(f64::to_bits))
        .collect()
}

/// A value for `f`: the base's (None), a round number, or any float in the valid range.
fn value(f: Field) -> impl Strategy<Value = Option<Option<f64>>> {
    let s = f.spec();
    let (lo, hi) = (s.track_min.max(s.min), s.max);
    let optional = matches!(f, Field::Rent | Field::AmortYears);
    let any = (0.0..=1.0f64).prop_map(move |t| lo + t * (hi - lo));
    let log = (0.0..=1.0f64).prop_map(move |t| {
        let l = lo.max(1e-3);
        (l.ln() + t * (hi.ln() - l.ln())).exp()
    });
    let round = (1u32..1000, -3i32..7).prop_map(|(m, e)| f64::from(m) * 10f64.powi(e));
    prop_oneof![
        Just(None),
        any.prop_map(Some),
        log.prop_map(Some),
        round.prop_map(Some),
    ]
    .prop_map(move |v| match v {
        Some(x) if !f.accepts(x) => None,
        Some(x) => Some(Some(x)),
        None if optional => Some(None),
        None => None,
    })
}

fn scenario() -> impl Strategy<Value = Scenario> {
    let n = CATALOG.accelerators.len();
    let values: Vec<_> = Field::ALL.iter().map(|&f| value(f)).collect();
    (0..=n, any::<bool>(), values).prop_map(|(card, fp8, values)| {
        let mut s = CATALOG
            .scenario(DEFAULT_SCENARIO)
            .expect("default")
            .scenario
            .clone();
        s.precision = if fp8 { Precision::Fp8 } else { Precision::Bf16 };
        match CATALOG.accelerators.get(card) {
            Some(c) => {
                s.use_card(c);
            }
            None => s.accelerator = None,
        }
        for (&f, v) in Field::ALL.iter().zip(values) {
            match v {
                None => {}
                Some(Some(x)) => *s.sourced_mut(f) = Sourced::user_set(x),
                Some(None) if f == Field::Rent => s.rent_usd_per_gpu_hour = None,
                Some(None) => s.amortization_years = None,
            }
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// RON → string → scenario → RON gives back every input bit for bit, the card and the
    /// precision.
    #[test]
    fn strings_round_trip_with_ron(s in scenario()) {
        let ron = to_ron(&s).expect("serializes");
        let from_ron = agi_compute::presets::parse::parse_scenario("s.ron", &ron).expect("parses");
        let line = encode(&from_ron, &CATALOG);
        let back = decode(&line, &CATALOG).map_err(|e| TestCaseError::fail(format!("{line}: {e}")))?;
        prop_assert_eq!(bits(&back), bits(&s), "{}", line);
        prop_assert_eq!(&back.accelerator, &s.accelerator, "{}", line);
        prop_assert_eq!(back.precision, s.precision, "{}", line);
        let again = agi_compute::presets::parse::parse_scenario("b.ron", &to_ron(&back).expect("ron"))
            .expect("parses");
        prop_assert_eq!(bits(&again), bits(&s), "{}", line);
        prop_assert_eq!(encode(&again, &CATALOG), line);
    }
}

#[test]
fn eval_json_carries_the_string_and_the_string_gives_the_same_scenario() {
    let v = json(&[
        "eval",
        "--preset",
        "meta-2024",
        "--gpus",
        "100k",
        "--mfu",
        "35%",
        "--format",
        "json",
    ]);
    let line = v["scenario_string"].as_str().expect("scenario_string");
    assert_eq!(line, "agi1:h100-sxm;gpus=100k;mfu=35%");
    let w = json(&["eval", "--scenario", line, "--format", "json"]);
    assert_eq!(w["scenario_string"], v["scenario_string"]);
    assert_eq!(w["total_flop"], v["total_flop"]);
    assert_eq!(w["scenario"]["gpus"], v["scenario"]["gpus"]);
}

#[test]
fn flags_apply_on_top_of_a_string() {
    let v = json(&[
        "eval",
        "--scenario",
        "agi1:h100-sxm;gpus=100k",
        "--days",
        "30",
        "--format",
        "json",
    ]);
    assert_eq!(v["scenario"]["gpus"], 100_000.0);
    assert_eq!(v["scenario"]["days"], 30.0);
    assert_eq!(v["scenario_string"], "agi1:h100-sxm;gpus=100k;days=30");
}

#[test]
fn bad_strings_exit_2_naming_the_field() {
    for (s, want) in [
        (
            "agi9:h100-sxm",
            "version 'agi9' is not known: this agi-compute reads agi1",
        ),
        ("agi1:h100-sxm;gpus=12q", "gpus: '12q' is not a number"),
        (
            "agi1:h100-sxm;mfu=150%",
            "mfu: MFU must be in (0, 100%] (got 150%)",
        ),
        ("agi1:b300;gpus=1", "unknown accelerator 'b300'"),
    ] {
        let o = run(&["eval", "--scenario", s]);
        assert_eq!(o.status.code(), Some(2), "{s}");
        assert!(stderr(&o).contains(want), "{s}: {}", stderr(&o));
    }
    let o = run(&["eval", "--scenario", "agi1:-", "--preset", "meta-2024"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn render_takes_a_string() {
    let o = run(&[
        "render",
        "--scenario",
        "agi1:h100-sxm;gpus=100k",
        "--width",
        "120",
        "--height",
        "40",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("Shared scenario"), "{}", stdout(&o));
}

#[test]
fn y_copies_the_string_and_shows_it() {
    let c = Catalog::embedded();
    let s = c
        .scenario(DEFAULT_SCENARIO)
        .expect("default")
        .scenario
        .clone();
    let mut app = agi_compute::app::App::new(c, s);
    app.update(agi_compute::app::Action::Step(1));
    app.update(agi_compute::app::Action::CopyScenario);
    let line = app.clipboard.clone().expect("something to copy");
    assert!(line.starts_with("agi1:h100-sxm;gpus="), "{line}");
    let notice = app.notice.as_ref().expect("notice");
    assert!(notice.text.contains(&line), "{}", notice.text);
}
