//! The Limits pins: goodput of the Llama 3.1 405B run, the memory floor of a 405 B model, the
//! data ratio of Meta's fleet, and the limits in `eval`'s JSON.

use agi_compute::analysis::evaluation::{Evaluation, Reference};
use agi_compute::analysis::limits::{Context, Limit, Words, weigh};
use agi_compute::model::Output;
use agi_compute::presets::limits::builtin;
use agi_compute::presets::{Catalog, DEFAULT_SCENARIO};
use agi_compute::report::{Format, render};

fn evaluate(name: &str) -> Evaluation {
    let c = Catalog::embedded();
    let s = c.scenario(name).expect("preset").scenario.clone();
    Evaluation::new(&s, &c, &Reference::new(&c))
}

fn row(e: &Evaluation, l: Limit) -> &agi_compute::analysis::limits::LimitRow {
    e.limits.rows.iter().find(|r| r.limit == l).expect("row")
}

#[test]
fn llama_405b_keeps_88_to_95_percent_goodput() {
    // Meta reports "higher than 90% effective training time" for this run; the default failure
    // rate is calibrated on its 419 unexpected interruptions in 54 days.
    let g = evaluate("llama-3.1-405b").value(Output::Goodput).unwrap();
    assert!((0.88..=0.95).contains(&g), "goodput {g}");
}

#[test]
fn a_405b_model_needs_81_cards_of_80_gb_at_16_bytes_a_parameter() {
    // 405e9 × 16 B = 6.48 TB; ÷ 80 GB (decimal, as the card is sold) = 81.0, rounded up to
    // whole GPUs.
    let e = evaluate("llama-3.1-405b");
    let cx = Context {
        data: builtin(),
        feasibility: None,
        year: None,
        memory_gb: Some(80.0),
        h100_equivalents: e.h100_equivalents,
        params: 405e9,
        tokens: 15.6e12,
        average_draw: None,
    };
    let l = weigh(&e.inputs, &e.outputs, &cx, Words::Write);
    let m = l.rows.iter().find(|r| r.limit == Limit::Memory).unwrap();
    assert_eq!(m.need, 81.0);
    assert_eq!(m.ratio, 81.0 / e.inputs.run_gpus());
    // One more byte a parameter than fits: 82.
    let cx = Context {
        params: 405e9 + 5e6,
        ..cx
    };
    let l = weigh(&e.inputs, &e.outputs, &cx, Words::Write);
    assert_eq!(
        l.rows
            .iter()
            .find(|r| r.limit == Limit::Memory)
            .unwrap()
            .need,
        82.0
    );
}

#[test]
fn meta_2024_needs_a_fifth_of_the_public_text() {
    let e = evaluate(DEFAULT_SCENARIO);
    let d = row(&e, Limit::Data);
    let tokens = e.value(Output::ChinchillaTokens).unwrap();
    // D = C / (6·N) is 20·N for the compute-optimal model, to rounding.
    assert!(
        (d.need / tokens - 1.0).abs() < 1e-12,
        "{} vs {tokens}",
        d.need
    );
    assert_eq!(d.cap, 3e14);
    assert_eq!(d.ratio, d.need / 3e14);
    assert!((0.19..0.21).contains(&d.ratio), "{}", d.ratio);
}

#[test]
fn the_default_fleet_says_it_needs_fault_tolerant_training() {
    let e = evaluate(DEFAULT_SCENARIO);
    let g = e.value(Output::Goodput).unwrap();
    assert!(g < 0.5);
    let f = row(&e, Limit::Failures);
    assert!(f.detail.contains("fault-tolerant"));
    // The lost share against the half the line allows.
    assert!((f.ratio - (1.0 - g) / 0.5).abs() < 1e-12, "{}", f.ratio);
    assert!(f.binds());
}

#[test]
fn power_compares_facility_power_with_the_largest_site_of_the_year() {
    // In its base year, 2024, Meta's fleet as one run needs 2.7 times the largest site then
    // (xAI's Colossus 1 at 181 MW facility power, Epoch AI's timeline): power binds.
    let e = evaluate(DEFAULT_SCENARIO);
    let p = row(&e, Limit::Power);
    let facility = e.inputs.run_gpus() * e.inputs.watts_per_gpu * e.inputs.pue / 1e6;
    assert!((p.need - facility).abs() < 1e-9);
    assert_eq!(p.cap, 181.0);
    assert!(p.limit_text.contains("Colossus 1") && p.limit_text.contains("2024-09-02"));
    assert!(
        e.limits.verdict.starts_with("binding: power"),
        "{}",
        e.limits.verdict
    );
    let c = Catalog::embedded();
    let at = |year: f64| {
        let mut s = c.scenario(DEFAULT_SCENARIO).unwrap().scenario.clone();
        s.set_input(
            agi_compute::model::Field::Year,
            agi_compute::presets::Sourced::user_set(year),
        );
        Evaluation::new(&s, &c, &Reference::new(&c))
    };
    // 2025: Colossus 1 reached 442 MW on 22 Jul 2025 (the xAI preset's cluster).
    assert_eq!(row(&at(2025.0), Limit::Power).cap, 442.0);
    // 2026: the largest on one basis. New Carlisle's 1,092 MW is IT power, × PUE 1.1 =
    // 1,201 MW facility; Colossus 2's 1,494 MW (May 2026) is facility power and larger.
    let later = at(2026.0);
    let p = row(&later, Limit::Power);
    assert_eq!(p.cap, 1494.0);
    assert!(p.limit_text.contains("Colossus 2"), "{}", p.limit_text);
    // The need is the run's power with the year's watts.
    let power = later.value(agi_compute::model::Output::Power).unwrap();
    assert!((p.need - power).abs() < 1e-9);
}

#[test]
fn eval_json_carries_every_limit_and_the_binding_one() {
    let e = evaluate(DEFAULT_SCENARIO);
    let c = Catalog::embedded();
    let v: serde_json::Value = serde_json::from_str(&render(&e, &c, Format::Json)).unwrap();
    let l = &v["limits"];
    assert_eq!(l["binding_limit"], "power");
    let rows = l["rows"].as_array().unwrap();
    assert_eq!(rows.len(), Limit::ALL.len());
    for r in rows {
        for k in ["limit", "need", "ratio", "unit", "source", "status"] {
            assert!(!r[k].is_null(), "{k} in {r}");
        }
    }
    let table = render(&e, &c, Format::Table);
    assert!(table.contains("Limits (need, need ÷ limit, limit)"));
    assert!(render(&e, &c, Format::Markdown).contains("| Limit | Need |"));
}

#[test]
fn eval_solves_the_largest_run_within_a_power() {
    let out = crate::support::binary::bin()
        .args([
            "eval", "--solve", "gpus", "--power", "1GW", "--format", "json",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let power = v["power_mw"].as_f64().unwrap();
    // Rounded up to a whole GPU: at most one GPU's power above the target.
    assert!((1000.0..1000.01).contains(&power), "{power}");
    let bad = crate::support::binary::bin()
        .args(["eval", "--solve", "gpus", "--power", "1G"])
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("needs a unit"));
}

#[test]
fn goal_seek_keeps_a_goodput_in_the_explorer_and_headless() {
    let out = crate::support::binary::bin()
        .args([
            "eval",
            "--solve",
            "gpus",
            "--goodput",
            "90%",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let gpus = v["solved"]["value"].as_f64().unwrap();
    assert!(v["goodput"].as_f64().unwrap() >= 0.9);
    // Meta's 16,384-GPU Llama 3 run keeps more than 90 % (the paper's "higher than 90%"), so
    // the largest run that does is larger; the default fleet's compute-optimal model checkpoints
    // more state than Llama 3.1 405B's, so not by much.
    assert!((16_384.0..30_000.0).contains(&gpus), "{gpus}");
    let frame = crate::support::binary::bin()
        .args(["render", "--keys", "g 9 0 % Space g o o d p u t Enter"])
        .output()
        .expect("runs");
    let frame = String::from_utf8_lossy(&frame.stdout);
    let said = format!(
        "a goodput of 90 %: needs {} ",
        agi_compute::model::format::count(gpus)
    );
    assert!(frame.contains(&said), "{said:?} not in\n{frame}");
    let bad = crate::support::binary::bin()
        .args(["eval", "--solve", "gpus", "--goodput", "120%"])
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn chips_past_the_last_count_follow_the_projection_to_2030() {
    // Epoch AI's chip sales estimates count 19.7 M H100e at the end of 2025; the 2030 report's
    // stock (2e30-4e31 FLOP a year of H100-equivalents, presets/feasibility.ron) is the anchor.
    let c = Catalog::embedded();
    let at = |year: f64| {
        let mut s = c.scenario(DEFAULT_SCENARIO).unwrap().scenario.clone();
        s.set_input(
            agi_compute::model::Field::Year,
            agi_compute::presets::Sourced::user_set(year),
        );
        row(&Evaluation::new(&s, &c, &Reference::new(&c)), Limit::Chips).clone()
    };
    assert_eq!(at(2025.0).cap, 19.7e6);
    let anchor = agi_compute::presets::feasibility::published()
        .unwrap()
        .chips
        .stock_h100e
        .value;
    let y2030 = at(2030.0);
    assert!((y2030.cap / anchor - 1.0).abs() < 1e-12);
    assert!(y2030.limit_text.contains("projected"));
    let y2027 = at(2027.0).cap;
    assert!(19.7e6 < y2027 && y2027 < anchor);
}

/// The data limit is the stock of the scenario's year: Villalobos et al.'s 300 T tokens of 2024
/// (arXiv 2211.04325v2) grown 7 % a year (Sevilla et al. 2024, footnote 78), which gives their
/// Figure 1's "around 4e14 tokens" in 2028 within 5 %.
#[test]
fn the_data_stock_follows_the_scenarios_year() {
    let e = evaluate(DEFAULT_SCENARIO);
    let cap = |year: Option<f64>| {
        let cx = Context {
            data: builtin(),
            feasibility: agi_compute::presets::feasibility::published(),
            year,
            memory_gb: Some(80.0),
            h100_equivalents: e.h100_equivalents,
            params: 1e12,
            tokens: 1e14,
            average_draw: None,
        };
        let l = weigh(&e.inputs, &e.outputs, &cx, Words::Write);
        let r = l.rows.iter().find(|r| r.limit == Limit::Data).unwrap();
        (r.cap, r.limit_text.clone(), r.status)
    };
    assert_eq!(cap(Some(2024.0)).0, 3e14);
    assert_eq!(cap(None).0, 3e14);
    let (c2030, text, status) = cap(Some(2030.0));
    assert!(
        (c2030 / (3e14 * 1.07f64.powi(6)) - 1.0).abs() < 1e-12,
        "{c2030}"
    );
    assert!(text.ends_with(", 2030"), "{text}");
    assert_eq!(status, "derived");
    let c2028 = cap(Some(2028.5)).0;
    assert!((c2028 / 4e14 - 1.0).abs() < 0.05, "{c2028}");
    assert!(cap(Some(2020.0)).0 < 3e14);
    // Through the evaluation too: eval --year moves it.
    let c = Catalog::embedded();
    let mut s = c.scenario(DEFAULT_SCENARIO).unwrap().scenario.clone();
    s.year = Some(agi_compute::presets::Sourced::user_set(2030.0));
    let later = Evaluation::new(&s, &c, &Reference::new(&c));
    assert_eq!(row(&later, Limit::Data).cap, c2030);
}
