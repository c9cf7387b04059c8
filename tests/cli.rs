//! The built binary: `eval` output in every format, `presets`, `render`, and exit codes.

use serde_json::Value;
use std::path::PathBuf;

use crate::support::binary::{bin, run, stderr, stdout};

fn json(args: &[&str]) -> Value {
    let o = run(args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("valid JSON")
}

fn num(v: &Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number in {v}"))
}

fn close(a: f64, b: f64) -> bool {
    ((a - b) / b).abs() < 1e-12
}

#[test]
fn eval_json_for_the_default_scenario() {
    let v = json(&["eval", "--preset", "meta-2024", "--format", "json"]);
    for key in [
        "scenario",
        "fleet_cost_usd",
        "sustained_flop_per_s",
        "total_flop",
        "gpu_hours",
        "power_mw",
        "energy_mwh",
        "energy_cost_usd",
        "co2_tonnes",
        "chinchilla_params",
        "chinchilla_tokens",
        "milestones",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["scenario"]["gpus"], 350_000.0);
    // The central estimate of the analysts' $25,000–30,000.
    assert_eq!(v["scenario"]["price_usd"], 27_500.0);
    assert_eq!(num(&v, "fleet_cost_usd"), 350_000.0 * 27_500.0);
    // 350,000 × 989e12 × 0.4 × 90 × 86,400 at full precision.
    assert!(close(
        num(&v, "total_flop"),
        350_000.0 * 989e12 * 0.4 * 90.0 * 86_400.0
    ));
    assert_eq!(num(&v, "gpu_hours"), 756e6);
    // 350,000 × 1453 W (Epoch's IT power per H100) × PUE 1.1
    assert!(close(num(&v, "power_mw"), 559.405));
    let ms = v["milestones"].as_array().unwrap();
    assert!(ms.len() >= 20);
    let llama = ms
        .iter()
        .find(|m| m["name"] == "Llama 3.1 405B")
        .expect("Llama 3.1 405B");
    assert!(close(num(llama, "ratio"), num(&v, "total_flop") / 3.8e25));
    assert!(close(
        num(llama, "days_to_match"),
        3.8e25 / num(&v, "sustained_flop_per_s") / 86_400.0
    ));
    for m in ms {
        for k in ["name", "flop", "ratio", "days_to_match"] {
            assert!(m.get(k).is_some(), "milestone without {k}");
        }
    }
}

#[test]
fn default_scenario_is_used_without_a_preset_and_flags_override() {
    let base = json(&["eval", "--format", "json"]);
    assert_eq!(base["scenario"]["name"], "meta-2024");
    let v = json(&[
        "eval", "--gpus", "16k", "--mfu", "38%", "--days", "3.5e1", "--price", "$25k", "--format",
        "json",
    ]);
    assert_eq!(v["scenario"]["gpus"], 16_000.0);
    assert_eq!(v["scenario"]["mfu"], 0.38);
    assert_eq!(v["scenario"]["days"], 35.0);
    assert_eq!(num(&v, "fleet_cost_usd"), 16_000.0 * 25_000.0);
    let v = json(&[
        "eval",
        "--gpus",
        "1.2M",
        "--tflops",
        "2.5k",
        "--rent",
        "2",
        "--amortize-years",
        "4",
        "--format",
        "json",
    ]);
    assert_eq!(v["scenario"]["gpus"], 1_200_000.0);
    assert_eq!(v["scenario"]["peak_tflops"], 2500.0);
    assert_eq!(num(&v, "rental_cost_usd"), 1_200_000.0 * 90.0 * 24.0 * 2.0);
    // Amortized on the cluster basis: the cluster's capex over its life, plus energy.
    let cluster = num(&v, "cluster_cost_usd");
    assert!(close(
        cluster,
        1_200_000.0 * 27_500.0 * num(&v, "cluster_overhead")
    ));
    let amort = cluster * 90.0 / (365.25 * 4.0) + num(&v, "energy_cost_usd");
    assert!(close(num(&v, "amortized_cost_usd"), amort));
}

#[test]
fn eval_table_reads_like_the_brief() {
    let o = run(&["eval"]);
    assert_eq!(o.status.code(), Some(0));
    let t = stdout(&o);
    for s in [
        "1.08e27 FLOP",
        "$9.63 B",
        "559 MW",
        "×28.3  Llama 3.1 405B",
        "756 M GPU-h",
        "Meta 2024",
    ] {
        assert!(t.contains(s), "table lacks {s:?}:\n{t}");
    }
}

#[test]
fn eval_csv_and_markdown() {
    let o = run(&["eval", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0));
    let csv = stdout(&o);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("kind,name,value,unit,status,source"));
    assert!(csv.contains("\ninput,gpus,350000,GPUs,reported,\"Mark Zuckerberg"));
    assert!(csv.contains("\noutput,fleet_cost_usd,9625000000,USD,,\n"));
    assert!(csv.contains("\nband_p5,total_flop,"));
    assert!(csv.contains("\nmilestone_ratio,llama-3.1-405b,"));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    for row in reader.records() {
        let row = row.expect("valid CSV");
        assert_eq!(row.len(), 6, "every row has 6 columns: {row:?}");
    }
    let md = stdout(&run(&["eval", "--format", "markdown"]));
    assert!(md.contains("| Buy: GPUs | $9.63 B |"), "{md}");
}

#[test]
fn presets_listing_shows_implied_utilization_next_to_reported_mfu() {
    let o = run(&["presets"]);
    assert_eq!(o.status.code(), Some(0));
    let t = stdout(&o);
    let line = t
        .lines()
        .find(|l| l.contains("Llama 3.1 405B") && l.contains("2024-07-23"))
        .expect("Llama 3.1 405B milestone row");
    assert!(
        line.contains("34.6 %") && line.contains("38–43 %"),
        "{line}"
    );
    let v = json(&["presets", "--format", "json"]);
    assert!(v["accelerators"].as_array().unwrap().len() >= 12);
    assert!(v["milestones"].as_array().unwrap().len() >= 20);
    assert_eq!(v["scenarios"].as_array().unwrap().len(), 8);
    let m = v["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "llama-3.1-405b")
        .unwrap();
    assert!((num(m, "implied_utilization") - 0.346).abs() < 0.001);
}

#[test]
fn invalid_input_exits_2_with_the_valid_range() {
    let o = run(&["eval", "--mfu", "1.5"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("MFU must be in (0, 100%]"),
        "{}",
        stderr(&o)
    );
    for (args, needle) in [
        (
            vec!["eval", "--gpus", "0"],
            "GPUs must be in [1, 1000000000]",
        ),
        (vec!["eval", "--gpus", "12kk"], "not a number"),
        (vec!["eval", "--days", "inf"], "not a number"),
        (vec!["eval", "--pue", "0.9"], "PUE must be in [1, 3]"),
        (vec!["eval", "--preset", "nope"], "no scenario named 'nope'"),
        (
            vec!["eval", "--file", "/nonexistent/x.ron"],
            "/nonexistent/x.ron: cannot read file: no such file",
        ),
        (
            vec!["eval", "--presets", "/nonexistent-dir"],
            "/nonexistent-dir: does not exist",
        ),
        (
            vec!["eval", "--presets", "/etc/hostname"],
            "not a directory",
        ),
        (vec!["eval", "--format", "xml"], "invalid value 'xml'"),
        (vec!["presets", "--format", "csv"], "invalid value 'csv'"),
        (vec!["render", "--keys", "Bogus"], "unknown key 'Bogus'"),
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn malformed_preset_file_is_reported_with_line_and_column() {
    let dir = std::env::temp_dir().join(format!("agi-compute-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path: PathBuf = dir.join("broken.ron");
    let good = include_str!("../presets/scenarios/meta-2024.ron");
    // Break the value on the GPU line: a string where a number belongs.
    let (line_no, _) = good
        .lines()
        .enumerate()
        .find(|(_, l)| l.trim_start().starts_with("gpus:"))
        .unwrap();
    let broken: String = good
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == line_no {
                l.replacen("value: 350000.0", "value: \"many\"", 1)
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(broken, good);
    std::fs::write(&path, &broken).unwrap();
    let o = run(&["eval", "--file", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let expected = format!("{}:{}:", path.display(), line_no + 1);
    assert!(
        stderr(&o).contains(&expected),
        "want {expected} in {}",
        stderr(&o)
    );
    // The same file in a preset directory is reported and everything else still loads.
    let o = run(&["--presets", dir.to_str().unwrap(), "presets"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains(&expected));
    assert!(stdout(&o).contains("meta-2024"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn user_preset_overrides_the_embedded_one() {
    let dir = std::env::temp_dir().join(format!("agi-compute-user-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = include_str!("../presets/scenarios/meta-2024.ron").replacen(
        "value: 350000.0",
        "value: 1000.0",
        1,
    );
    std::fs::write(dir.join("my-meta.ron"), text).unwrap();
    let v = json(&[
        "--presets",
        dir.to_str().unwrap(),
        "eval",
        "--preset",
        "meta-2024",
        "--format",
        "json",
    ]);
    assert_eq!(v["scenario"]["gpus"], 1000.0);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn render_prints_the_frame_after_keys() {
    let o = run(&[
        "render",
        "--width",
        "80",
        "--height",
        "24",
        "--keys",
        "j j j l l l",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t = stdout(&o);
    assert_eq!(t.lines().count(), 24);
    assert!(t.contains("43 %"), "{t}");
    assert!(t.contains("(modified)"));
}

#[test]
fn bare_command_without_a_terminal_prints_the_table() {
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("×28.3  Llama 3.1 405B"));
}

#[test]
fn write_failure_exits_1() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // not on this platform
    };
    let o = bin().arg("eval").stdout(full).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("cannot write output"));
}

#[test]
fn eval_solve_gpus_for_a_multiple_of_a_milestone() {
    let v = json(&[
        "eval",
        "--solve",
        "gpus",
        "--target-ratio",
        "10",
        "--milestone",
        "llama-3.1-405b",
        "--format",
        "json",
    ]);
    // 10 × 3.8e25 / (989e12 × 0.4 × 90 × 86,400) = 123,529.3 → 123,530 GPUs (rounded up).
    assert_eq!(v["solved"]["input"], "gpus");
    assert_eq!(v["solved"]["value"], 123_530.0);
    assert_eq!(v["scenario"]["gpus"], 123_530.0);
    assert!(num(&v, "total_flop") >= 3.8e26);
    let days = json(&[
        "eval",
        "--solve",
        "days",
        "--target-flop",
        "1e27",
        "--format",
        "json",
    ]);
    assert!(close(num(&days, "total_flop"), 1e27));
    let price = json(&[
        "eval", "--solve", "price", "--budget", "$7B", "--format", "json",
    ]);
    assert_eq!(price["solved"]["value"], 20_000.0);
    // Without --solve there is nothing solved.
    assert!(json(&["eval", "--format", "json"])["solved"].is_null());
}

#[test]
fn eval_solve_refuses_impossible_or_incomplete_goals() {
    // Each refusal exits 2; where the reason matters, stderr says it.
    let cases: &[(&[&str], &str)] = &[
        (
            &["eval", "--solve", "mfu", "--target-flop", "1e28"],
            "--solve mfu: 1.00e28 FLOP: MFU would be 372 %: above 100 %",
        ),
        (
            &["eval", "--solve", "days", "--budget", "5e9"],
            "a budget target solves for GPUs or price",
        ),
        (&["eval", "--solve", "gpus"], ""),
        (&["eval", "--solve", "gpus", "--target-ratio", "2"], ""),
        (
            &[
                "eval",
                "--solve",
                "gpus",
                "--target-ratio",
                "2",
                "--milestone",
                "nope",
            ],
            "no milestone 'nope'",
        ),
    ];
    for (args, reason) in cases {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(reason), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn eval_json_has_trend_costs_bands_and_fleets() {
    let v = json(&["eval", "--format", "json"]);
    let t = &v["trend"];
    let growth = num(t, "growth_per_year");
    assert!(close(
        growth,
        10f64.powf(num(t, "slope_log10_flop_per_year"))
    ));
    assert!(close(
        num(t, "doubling_months"),
        12.0 * 2f64.log10() / num(t, "slope_log10_flop_per_year")
    ));
    assert!(num(t, "r2") > 0.0 && num(t, "r2") <= 1.0);
    assert!(t["runs"].as_u64().unwrap() >= 10);
    assert_eq!(t["epoch_growth_per_year"], serde_json::json!([4.0, 5.0]));
    let year = num(t, "scenario_frontier_year");
    assert!((2024.0..2030.0).contains(&year), "{year}");
    let fleet = num(&v, "fleet_cost_usd");
    // Epoch AI's H100-family server overhead 1.64 over 1 − 19 % interconnect.
    assert!(close(num(&v, "cluster_cost_usd"), fleet * 1.64 / 0.81));
    let band = &v["uncertainty"]["total_flop"];
    assert!(num(band, "p5") <= num(band, "p50") && num(band, "p50") <= num(band, "p95"));
    assert_eq!(num(&v, "h100_equivalents"), 350_000.0);
    let fleets = v["fleets"].as_array().unwrap();
    let meta = fleets
        .iter()
        .find(|f| f["id"] == "meta-h100-2024")
        .expect("Meta's 350k");
    assert_eq!(num(meta, "ratio"), 1.0);
}

#[test]
fn run_share_splits_the_run_from_the_fleet() {
    let v = json(&["eval", "--share", "25%", "--format", "json"]);
    let whole = json(&["eval", "--format", "json"]);
    assert!(close(
        num(&v, "total_flop"),
        num(&whole, "total_flop") / 4.0
    ));
    assert_eq!(num(&v, "fleet_cost_usd"), num(&whole, "fleet_cost_usd"));
    assert!(close(
        num(&v, "fleet_flop_per_year"),
        num(&whole, "fleet_flop_per_year")
    ));
}

/// One year forward at the published rates: the same fleet cost buys ×10^0.14 the FLOP, and
/// effective compute adds 2^(12/8) on top; at the base year the projection changes nothing.
#[test]
fn year_projects_the_fleet_with_the_trend_rates() {
    let now = json(&["eval", "--format", "json"]);
    let next = json(&["eval", "--year", "2025", "--format", "json"]);
    assert_eq!(num(&next, "fleet_cost_usd"), num(&now, "fleet_cost_usd"));
    assert!(close(
        num(&next, "total_flop") / num(&now, "total_flop"),
        10f64.powf(0.14)
    ));
    let p = &next["projection"];
    assert_eq!(num(p, "base_year"), 2024.0);
    assert!(close(num(p, "hardware_factor"), 10f64.powf(0.14)));
    assert!(close(num(p, "algorithmic_factor"), 2f64.powf(1.5)));
    assert!(close(
        num(&next, "effective_flop"),
        num(&next, "total_flop") * 2f64.powf(1.5)
    ));
    assert_eq!(num(&now, "effective_flop"), num(&now, "total_flop"));
    assert_eq!(num(&now["projection"], "hardware_factor"), 1.0);
    // The frontier trend at the year is in the projection.
    assert!(num(p, "frontier_ratio") > 0.0);
    // Away from the base year the bands draw the trend intervals too: the run's band widens,
    // the purchase's (no trend in it) stays as it was.
    let width = |v: &Value, k: &str| {
        let b = &v["uncertainty"][k];
        num(b, "p95") / num(b, "p5")
    };
    assert!(width(&next, "total_flop") > width(&now, "total_flop"));
    assert_eq!(
        width(&next, "fleet_cost_usd"),
        width(&now, "fleet_cost_usd")
    );
}

/// Goal seek for the year: which year's cards let $10 B of GPUs reach 1e28 FLOP in 90 days.
#[test]
fn goal_seek_finds_the_year() {
    let v = json(&[
        "eval",
        "--gpus",
        "363636",
        "--solve",
        "year",
        "--target-flop",
        "1e28",
        "--format",
        "json",
    ]);
    assert_eq!(v["solved"]["input"], "year");
    let y = num(&v["solved"], "value");
    assert!((2030.0..2032.0).contains(&y), "{y}");
    assert!(((num(&v, "total_flop") - 1e28) / 1e28).abs() < 1e-9);
}

/// A known run keeps its own year and model: DeepSeek-V3 is 2024 with 671 B parameters, 37 B
/// active.
#[test]
fn from_run_sets_the_year_and_the_model() {
    let v = json(&["eval", "--from-run", "deepseek-v3", "--format", "json"]);
    assert_eq!(num(&v["projection"], "base_year"), 2024.0);
    assert_eq!(num(&v["inference"], "params"), 671e9);
    assert_eq!(num(&v["inference"], "active_params"), 37e9);
}

/// Shares given together keep their values; one alone rescales the others; shares that cannot
/// sum to 100 % are refused with exit 2.
#[test]
fn shares_of_the_fleet_sum_to_one_hundred_percent() {
    let v = json(&[
        "eval",
        "--share",
        "10%",
        "--share-inference",
        "30%",
        "--params",
        "400B",
        "--active-params",
        "100B",
        "--format",
        "json",
    ]);
    let sc = &v["scenario"];
    assert!(close(num(sc, "share_experiments"), 0.6));
    let i = &v["inference"];
    assert_eq!(num(i, "active_params"), 100e9);
    assert!(i["params_typed"].as_bool().unwrap());
    // 105,000 serving H100s; 400 B is within 10 % of Llama 3.1 405B, so its shape (126 layers
    // × 16,384, 8 KV heads, one a GPU over 11). Replicas of 11 hold 800 GB of BF16 weights and
    // the cache of 64 sequences of 1,149 tokens; each request is a prefill of 4.63 s and 129
    // decode steps of 39.6 ms (35.5 ms reading at 3,350 GB/s × 65 %, 4.15 ms all-reduce):
    // 686.35 tokens per GPU-second × 105,000 × 86,400 (worked out apart from the program).
    assert!(close(num(&v, "tokens_per_day"), 6.226_559_104_702_5e12));
    assert_eq!(num(i, "replica_gpus"), 11.0);
    assert_eq!(i["decode_bound"].as_str(), Some("memory"));
    let o = run(&[
        "eval",
        "--share",
        "50%",
        "--share-experiments",
        "40%",
        "--share-inference",
        "30%",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("sum to 100 %"), "{}", stderr(&o));
}

/// A scenario file from before the allocation (only a run share) still loads: the rest of the
/// fleet is split between experiments and inference in the default split's proportions.
#[test]
fn an_old_file_with_only_a_run_share_loads() {
    let dir = std::env::temp_dir().join(format!("agi-compute-share-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = include_str!("../presets/scenarios/meta-2024.ron").replacen(
        "    watts_per_gpu:",
        "    run_share: (value: 0.25, status: Assumption, source: \"a quarter\"),\n    watts_per_gpu:",
        1,
    );
    let path = dir.join("old.ron");
    std::fs::write(&path, text).unwrap();
    let v = json(&["eval", "--file", path.to_str().unwrap(), "--format", "json"]);
    let sc = &v["scenario"];
    let (e, i) = (num(sc, "share_experiments"), num(sc, "share_inference"));
    assert!(close(e + i, 0.75));
    assert!(close(e / i, 4.5 / 2.0));
    std::fs::remove_dir_all(&dir).ok();
}

/// One answer per question: the amortized cost is the cluster's on every surface, and the
/// explorer's panel shows the same text as `eval`.
#[test]
fn amortized_cost_is_one_basis_everywhere() {
    let v = json(&["eval", "--amortize-years", "4", "--format", "json"]);
    let text = agi_compute::model::Output::AmortizedCost.text(Some(num(&v, "amortized_cost_usd")));
    let table = stdout(&run(&["eval", "--amortize-years", "4"]));
    assert!(
        table.contains(&format!("Amortized cluster  {text}")),
        "{table}"
    );
    let frame = stdout(&run(&[
        "render",
        "--keys",
        "j j j j j j j j j j j Enter 4 Enter $ $ $",
        "--width",
        "120",
        "--height",
        "40",
    ]));
    assert!(
        frame.contains(&format!("Amortized cluster {text}")),
        "{text} not in\n{frame}"
    );
}

/// Goals below what one GPU does are refused like goals above the range, in every form.
#[test]
fn goals_below_one_gpu_are_refused() {
    for args in [
        &["eval", "--solve", "gpus", "--budget", "1"][..],
        &["eval", "--solve", "gpus", "--budget", "10k"],
        &["eval", "--solve", "gpus", "--target-flop", "1e10"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stdout(&o));
        assert!(
            stderr(&o).contains("one GPU already exceeds the target"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    // In the explorer: a bare 5B is no FLOP target (5e9 FLOP is no run: the kind was left
    // out), $5B a budget.
    let frame = stdout(&run(&["render", "--keys", "g 5B Enter"]));
    assert!(frame.contains("not a FLOP target"), "{frame}");
    let frame = stdout(&run(&["render", "--keys", "g 1e16 Enter"]));
    assert!(
        frame.contains("one GPU already exceeds the target"),
        "{frame}"
    );
    let frame = stdout(&run(&["render", "--keys", "g $ 1 Enter"]));
    assert!(
        frame.contains("one GPU already exceeds the target"),
        "{frame}"
    );
}

/// Target flags mean nothing without --solve: refused, not ignored.
#[test]
fn target_flags_need_solve() {
    for args in [
        &["eval", "--target-flop", "1e27"][..],
        &["eval", "--budget", "5B"],
        &["eval", "--target-ratio", "2", "--milestone", "gpt-4"],
        &["eval", "--milestone", "gpt-4"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stdout(&o));
    }
    let o = run(&[
        "eval",
        "--solve",
        "gpus",
        "--target-ratio",
        "1e308",
        "--milestone",
        "gpt-4",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("overflows"), "{}", stderr(&o));
}

/// Messages name inputs as users type them, and numbers with the one formatter.
#[test]
fn solve_messages_use_user_facing_names_and_formats() {
    let o = run(&["eval", "--solve", "price", "--budget", "1e15"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("--solve price:") && !e.contains("price_usd"),
        "{e}"
    );
    assert!(e.contains("$1.00e15") && !e.contains(" P "), "{e}");
    let o = run(&["eval", "--solve", "mfu", "--target-flop", "4.2e29"]);
    assert!(
        stderr(&o).contains("MFU would be 15600 %"),
        "{}",
        stderr(&o)
    );
}

/// `presets --help` lists only the formats `presets` writes.
#[test]
fn presets_help_lists_what_works() {
    let help = stdout(&run(&["presets", "--help"]));
    assert!(help.contains("table") && help.contains("json"), "{help}");
    assert!(
        !help.contains("csv") && !help.contains("markdown"),
        "{help}"
    );
}

/// Reported MFU is shown as reported only when the developer or vendor published it.
#[test]
fn estimated_mfu_is_labelled_as_an_estimate() {
    let t = stdout(&run(&["presets"]));
    let gpt4 = t
        .lines()
        .find(|l| l.contains("GPT-4 ") && l.contains("2023"))
        .expect("GPT-4 row");
    assert!(gpt4.contains("(est.)"), "{gpt4}");
}

/// Every band of every built-in preset contains its point value, in the JSON every tool reads,
/// where every ranged input the output reads lies inside its range. (A value at one end of its
/// range, as a PUE of 1.10 that could be as high as 1.58, is the edge of what the band samples,
/// and the 5–95 % band may lie beside it: the explorer then says "value below band".)
#[test]
fn every_band_contains_its_point_for_every_preset() {
    use agi_compute::model::uncertainty::reads;
    use agi_compute::model::{Field, Output};
    let list = json(&["presets", "--format", "json"]);
    let mut checked = 0;
    for s in list["scenarios"].as_array().unwrap() {
        let name = s["name"].as_str().unwrap();
        let v = json(&["eval", "--preset", name, "--format", "json"]);
        let Some(bands) = v["uncertainty"].as_object() else {
            continue;
        };
        // The inputs whose value sits at an end of their range.
        let at_an_end: Vec<Field> = Field::ALL
            .into_iter()
            .filter(|f| {
                let x = &v["inputs"][f.spec().key];
                let (value, low, high) =
                    (x["value"].as_f64(), x["low"].as_f64(), x["high"].as_f64());
                (low.is_some() || high.is_some())
                    && (low.is_none_or(|l| Some(l) >= value)
                        || high.is_none_or(|h| Some(h) <= value))
            })
            .collect();
        for (key, b) in bands {
            let Some(o) = Output::from_key(key) else {
                continue;
            };
            if at_an_end.iter().any(|&f| reads(o, f)) {
                continue;
            }
            let x = num(&v, key);
            let (lo, hi) = (num(b, "p5"), num(b, "p95"));
            assert!(
                x >= lo * (1.0 - 1e-12) && x <= hi * (1.0 + 1e-12),
                "{name}: {key} = {x} outside its band {lo}..{hi}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} bands checked");
}

/// `render --keys` types text after Enter, as its help says.
#[test]
fn render_keys_type_text() {
    let frame = stdout(&run(&["render", "--keys", "Enter 100 Enter"]));
    assert!(frame.contains("100*"), "{frame}");
}

/// A preset value outside its own range is refused with the reason (the band would exclude it).
#[test]
fn a_preset_value_outside_its_range_is_refused() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("range-outside");
    std::fs::create_dir_all(&dir).unwrap();
    let text = stdout(&run(&["presets", "--format", "json"]));
    let v: Value = serde_json::from_str(&text).unwrap();
    assert!(v["scenarios"].is_array());
    let meta = include_str!("../presets/scenarios/meta-2024.ron");
    let bad = meta.replacen(
        "gpus: (value: 350000.0",
        "gpus: (value: 350000.0, low: 1000.0, high: 2000.0",
        1,
    );
    assert_ne!(bad, meta, "the fixture edit applies");
    let file = dir.join("outside.ron");
    std::fs::write(&file, bad).unwrap();
    let o = run(&["eval", "--file", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("outside its range"), "{}", stderr(&o));
}

/// The fuzzer's entry point runs `eval` as the binary does and returns what it would print.
#[test]
fn eval_captured_matches_the_binary() {
    let args: Vec<String> = ["--gpus", "16k", "--format", "csv"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let text = agi_compute::cli::eval_captured(&args).expect("valid arguments");
    assert_eq!(
        text,
        stdout(&run(&["eval", "--gpus", "16k", "--format", "csv"]))
    );
    let bad = agi_compute::cli::eval_captured(&["--gpus".to_string(), "0".to_string()]);
    assert!(bad.unwrap_err().contains("GPUs must be in"));
}

/// A huge answer is written in scientific notation, never as hundreds of digits.
#[test]
fn huge_answers_read_in_scientific_notation() {
    let o = run(&["eval", "--solve", "tflops", "--target-flop", "1e300"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("9.19e275 TFLOP/s") && e.len() < 300, "{e}");
}

/// The explorer accepts a `--presets DIR` that does not exist yet (saving creates it); the
/// headless commands say it does not exist.
#[test]
fn a_missing_presets_dir_is_created_by_saving_not_refused_by_the_explorer() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("not-yet-presets");
    let _ = std::fs::remove_dir_all(&dir);
    // Without a terminal the explorer prints its table: it started.
    let o = run(&["--presets", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s = agi_compute::presets::Catalog::embedded()
        .scenario("meta-2024")
        .unwrap()
        .scenario
        .clone();
    agi_compute::presets::save::save_scenario(&dir, &s, false).expect("saving creates the folder");
    assert!(dir.join("meta-2024.ron").exists());
    std::fs::remove_dir_all(&dir).ok();
}

/// `eval --sensitivity OUTPUT` in every format: each input's low and high, the output at each
/// and the swing, largest first; an unknown output is refused with the list.
#[test]
fn eval_sensitivity_in_every_format() {
    let v = {
        let o = run(&["eval", "--sensitivity", "total_flop", "--format", "json"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        serde_json::from_slice::<Value>(&o.stdout).unwrap()
    };
    let swings = v["swings"].as_array().unwrap();
    let first = &swings[0];
    // ±20 % of GPUs moves FLOP ±20 %: the swing is 40 % of the value.
    let gpus = swings.iter().find(|s| s["input"] == "gpus").unwrap();
    assert!((num(gpus, "swing") / num(&v, "value") - 0.4).abs() < 1e-6);
    assert!(num(first, "swing") >= num(&swings[swings.len() - 1], "swing"));
    assert!(v["variance_shares"]["mfu"].as_f64().unwrap() > 0.99);
    let csv = stdout(&run(&[
        "eval",
        "--sensitivity",
        "power_mw",
        "--format",
        "csv",
    ]));
    assert!(
        csv.starts_with("output,input,low,high,from_range,output_at_low,output_at_high,swing\n")
    );
    let table = stdout(&run(&["eval", "--sensitivity", "fleet_cost_usd"]));
    assert!(
        table.contains("Sensitivity of Buy: GPUs") && table.contains("Price / GPU"),
        "{table}"
    );
    let md = stdout(&run(&[
        "eval",
        "--sensitivity",
        "co2_tonnes",
        "--format",
        "markdown",
    ]));
    assert!(md.contains("| Input | Low → high |"), "{md}");
    let o = run(&["eval", "--sensitivity", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("total_flop"), "{}", stderr(&o));
}
