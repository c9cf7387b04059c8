//! Failures against the published figures: Llama 3.1 405B's effective training time and FLOP,
//! FT-HSDP's synchronous and fault-tolerant effective training time at 100 k GPUs, the default
//! fleet's goodput and its reason, and useful FLOP as a goal-seek target.

use crate::support::binary::bin;
use agi_compute::analysis::evaluation::{Evaluation, Reference};
use agi_compute::analysis::limits::{Kind, Limit};
use agi_compute::model::{MfuBasis, Output, Recovery};
use agi_compute::presets::{Catalog, DEFAULT_SCENARIO};
use serde_json::Value;

fn evaluate(name: &str) -> Evaluation {
    let c = Catalog::embedded();
    let s = c.scenario(name).expect("preset").scenario.clone();
    Evaluation::new(&s, &c, &Reference::new(&c))
}

fn eval_json(args: &[&str]) -> Value {
    let out = bin()
        .arg("eval")
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

fn num(v: &Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number in the JSON"))
}

#[test]
fn llama_405b_keeps_metas_90_percent_and_trains_metas_flop_after_failures() {
    // Llama 3 Herd paper (arXiv 2407.21783) §3.3.4: "higher than 90% effective training time"
    // over a 54-day snapshot with 419 unexpected interruptions on 16,384 H100; its checkpoint
    // is 405 B parameters × 14 B of weights and optimizer state at the 2 TB/s of §3.3.1
    // (5.67 TB, 2.8 s). The preset trains at Table 4's in-step 41 %, so 3.8e25 FLOP (Meta's
    // figure) must come out after failures, not before them.
    let e = evaluate("llama-3.1-405b");
    assert_eq!(e.inputs.mfu_basis, MfuBasis::InStep);
    let g = e.value(Output::Goodput).unwrap();
    assert!((0.88..=0.95).contains(&g), "goodput {g}");
    let write = e.value(Output::CheckpointWrite).unwrap() * 60.0;
    assert!((write - 405e9 * 14.0 / 2e12).abs() < 1e-9, "{write} s");
    let useful = e.value(Output::GoodputFlop).unwrap() / 3.8e25;
    assert!(
        (0.92..=1.12).contains(&useful),
        "useful ÷ 3.8e25 = {useful}"
    );
}

#[test]
fn ft_hsdp_at_100k_gpus_matches_both_published_recovery_modes() {
    // Meta, "Training LLMs with Fault Tolerant HSDP on 100,000 GPUs" (arXiv 2602.00277),
    // abstract: effective training time 44 % synchronous (10-min recovery stall) and 80 % with
    // FT-HSDP (3-min stall) at O(100K) GPUs. Goal seek finds the failure rate at which the
    // synchronous run keeps 44 %; the fault-tolerant mode at that rate must give 80 ± 8 %.
    let sync = eval_json(&[
        "--gpus",
        "100000",
        "--solve",
        "failure-rate",
        "--goodput",
        "44%",
    ]);
    let rate = num(&sync["solved"], "value");
    assert!((num(&sync, "goodput") - 0.44).abs() < 1e-6);
    // About 38 per million GPU-hours: above Kokolis et al.'s 12.2–33.9 on Meta's A100 research
    // clusters (arXiv 2410.21680) and about twice Llama 3's 19.7, so the paper's O(100K) fleet
    // failed more often per GPU than either, or restarted more slowly than 10 minutes.
    assert!((33.9..45.0).contains(&rate), "rate {rate}");
    let rate = rate.to_string();
    let ft = eval_json(&[
        "--gpus",
        "100000",
        "--failure-rate",
        &rate,
        "--recovery",
        "fault-tolerant",
    ]);
    let g = num(&ft, "goodput");
    assert!((0.72..=0.88).contains(&g), "fault-tolerant goodput {g}");
    assert_eq!(ft["recovery"]["mode"], "fault-tolerant");
    assert_eq!(num(&ft["inputs"]["restart_minutes"], "value"), 3.0);
}

#[test]
fn the_default_fleet_keeps_a_fifth_synchronously_half_or_more_fault_tolerant_and_says_why() {
    // 350 k H100 at 19.7 per million GPU-hours fail every 8.7 min against a 10-min restart:
    // the first-order model said 0; the exact one about a fifth.
    let e = evaluate(DEFAULT_SCENARIO);
    let g = e.value(Output::Goodput).unwrap();
    assert!((0.15..0.35).contains(&g), "synchronous goodput {g}");
    let c = Catalog::embedded();
    let mut s = c.scenario(DEFAULT_SCENARIO).unwrap().scenario.clone();
    s.set_recovery(Recovery::FaultTolerant);
    let ft = Evaluation::new(&s, &c, &Reference::new(&c));
    assert!(ft.value(Output::Goodput).unwrap() >= 0.5);
    // Failures bind, as a soft limit, beside power (hard), and the line says what would help.
    let past: Vec<_> = e.limits.past_rows().collect();
    let failures = past
        .iter()
        .find(|r| r.limit == Limit::Failures)
        .expect("failures bind");
    assert_eq!(failures.limit.spec().kind, Kind::Soft);
    assert_eq!(Limit::Power.spec().kind, Kind::Hard);
    assert!(past.iter().any(|r| r.limit == Limit::Power));
    assert!(
        failures
            .detail
            .contains("fault-tolerant recovery would keep"),
        "{}",
        failures.detail
    );
    assert!(
        e.limits.verdict.contains("failures (soft)"),
        "{}",
        e.limits.verdict
    );
    // The main screen gives the reason beside goodput, at 120×40 and at 80×24.
    for (w, h, reason) in [
        ("120", "40", "8.7 min/fail, 10 min"),
        ("80", "24", "fail/8.7m, R 10m"),
    ] {
        let out = bin()
            .args(["render", "--width", w, "--height", h])
            .output()
            .expect("runs");
        let frame = String::from_utf8_lossy(&out.stdout);
        let line = frame
            .lines()
            .find(|l| l.contains("Goodput"))
            .unwrap_or_else(|| panic!("no goodput row at {w}×{h}:\n{frame}"));
        assert!(line.contains(reason), "{w}×{h}: {line}");
    }
}

#[test]
fn useful_flop_is_a_goal_seek_target_with_a_synchronous_maximum() {
    let v = eval_json(&["--solve", "gpus", "--target-flop", "1e26", "--useful"]);
    let useful = num(&v, "goodput_flop");
    assert!((useful / 1e26 - 1.0).abs() < 0.01, "{useful}");
    // 10× Llama 3.1 405B (3.8e26) is above what a synchronous 90-day run of H100 can do at
    // these failure rates: refused, with the maximum named and what would reach it.
    let out = bin()
        .args([
            "eval",
            "--solve",
            "gpus",
            "--target-ratio",
            "10",
            "--milestone",
            "llama-3.1-405b",
            "--useful",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("useful FLOP peaks at 2."), "{err}");
    assert!(err.contains("--recovery fault-tolerant"), "{err}");
    // Fault-tolerant recovery reaches it.
    let v = eval_json(&[
        "--solve",
        "gpus",
        "--target-ratio",
        "10",
        "--milestone",
        "llama-3.1-405b",
        "--useful",
        "--recovery",
        "fault-tolerant",
    ]);
    assert!(num(&v, "goodput_flop") >= 3.8e26);
}

#[test]
fn json_carries_the_recovery_the_checkpoint_write_and_the_mfu_basis_with_sources() {
    let v = eval_json(&["--preset", "llama-3.1-405b"]);
    for k in ["goodput", "goodput_flop", "checkpoint_write_minutes"] {
        assert!(v[k].is_number(), "{k}");
    }
    assert_eq!(v["recovery"]["mode"], "sync");
    assert!(
        v["recovery"]["source"]
            .as_str()
            .unwrap()
            .contains("2602.00277")
    );
    assert_eq!(v["mfu_basis"]["basis"], "in-step");
    assert!(
        v["inputs"]["storage_tb_per_s"]["source"]
            .as_str()
            .unwrap()
            .contains("2407.21783")
    );
    assert!(v["inputs"]["planned_per_million_gpu_hours"]["value"].is_number());
    let d = eval_json(&["--preset", "deepseek-v3"]);
    assert_eq!(d["mfu_basis"]["basis"], "whole-run");
    // A whole-run MFU already paid for failures: useful FLOP is the training FLOP.
    assert_eq!(num(&d, "goodput_flop"), num(&d, "total_flop"));
}

#[test]
fn every_preset_and_known_run_keeps_a_goodput_in_range_and_says_its_mfu_basis() {
    // Goodput is a share of the run's time that never reaches 0 while work progresses; useful
    // FLOP never exceeds the training FLOP, and equals it for a whole-run MFU. A known run's
    // MFU is in-step when the record reports one and whole-run when it is implied by FLOP ÷
    // GPU-hours.
    let c = Catalog::embedded();
    let base = c.scenario(DEFAULT_SCENARIO).unwrap().scenario.clone();
    let mut scenarios: Vec<_> = c.scenarios.iter().map(|e| e.scenario.clone()).collect();
    let mut runs = 0;
    for m in &c.milestones {
        if let Ok(s) = agi_compute::presets::from_run::scenario_from_run(m, &c, &base) {
            let want = if m.reported_mfu.is_some() {
                MfuBasis::InStep
            } else {
                MfuBasis::WholeRun
            };
            assert_eq!(s.mfu_basis, want, "{}", m.id);
            scenarios.push(s);
            runs += 1;
        }
    }
    assert!(runs >= 10, "{runs} known runs make scenarios");
    for s in &scenarios {
        for recovery in Recovery::ALL {
            let mut s = s.clone();
            s.set_recovery(recovery);
            let o = s.inputs().outputs();
            assert!(
                o.goodput > 0.0 && o.goodput <= 1.0,
                "{} {recovery:?}: {}",
                s.name,
                o.goodput
            );
            assert!(o.goodput_flop.0 <= o.total_flop.0, "{}", s.name);
            if s.mfu_basis == MfuBasis::WholeRun {
                assert_eq!(o.goodput_flop.0, o.total_flop.0, "{}", s.name);
            }
        }
    }
}
