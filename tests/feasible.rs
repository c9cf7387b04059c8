//! `agi-compute feasible`: Epoch AI's "Can AI scaling continue through 2030?" (Sevilla et al.,
//! 20 Aug 2024, https://epoch.ai/blog/can-ai-scaling-continue-through-2030) reproduced from the
//! built binary, every format, the flags and the exit codes.

use crate::common::TempDir;
use crate::support::binary::{run, stderr, stdout};
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let o = run(args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("valid JSON")
}

fn constraint<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["constraints"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["name"] == name))
        .unwrap_or_else(|| panic!("{name} in {v}"))
}

fn median(v: &Value, name: &str) -> f64 {
    constraint(v, name)["median_flop"].as_f64().unwrap()
}

/// The report's Figure 1: the largest run each constraint allows by 2030, median and 80 %
/// interval — power 2e29 (2e28–2e30), chip production 9e29 (1e29–5e30), data 2e30
/// (6e28–2e32), the latency wall 3e31 (3e30–1e32); "The constraint likely to bind first is
/// power, followed by the capacity to manufacture enough chips."
#[test]
fn feasible_2030_reproduces_epochs_figure_1() {
    let v = json(&["feasible", "--year", "2030", "--format", "json"]);
    assert_eq!(v["year"], 2030);
    for (name, published, low, high) in [
        ("power", 2e29, 2e28, 2e30),
        ("chips", 9e29, 1e29, 5e30),
        ("data", 2e30, 6e28, 2e32),
        ("latency", 3e31, 3e30, 1e32),
    ] {
        let c = constraint(&v, name);
        let m = c["median_flop"].as_f64().unwrap();
        assert!(
            (published / 3.0..=published * 3.0).contains(&m),
            "{name}: {m:e} vs {published:e}"
        );
        let (p10, p90) = (
            c["p10_flop"].as_f64().unwrap(),
            c["p90_flop"].as_f64().unwrap(),
        );
        assert!(p10 < high && p90 > low, "{name}: {p10:e}–{p90:e}");
        assert!(!c["sources"].as_array().unwrap().is_empty());
        assert!(c["inputs"].is_object());
    }
    assert_eq!(v["binding"], "power");
    assert!(median(&v, "power_campus") < median(&v, "power"));
}

#[test]
fn the_years_csv_has_one_row_a_year() {
    let o = run(&["feasible", "--years", "2025..2035", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 12, "{text}");
    assert!(lines[0].starts_with("year,power_median_flop,power_p10_flop,power_p90_flop"));
    assert!(lines[0].ends_with("binding,extrapolated"));
    assert!(lines[1].starts_with("2025,") && lines[11].starts_with("2035,"));
}

#[test]
fn power_and_chips_grow_from_2026_to_2035() {
    let v = json(&["feasible", "--years", "2026..2035", "--format", "json"]);
    let ys = v.as_array().unwrap();
    let at = |y: usize, c: &str| median(&ys[y - 2026], c);
    for c in ["power", "chips"] {
        assert!(
            at(2026, c) < at(2030, c) && at(2030, c) < at(2035, c),
            "{c}"
        );
    }
}

/// Grok 3 (about 4.6e26 FLOP, Epoch AI's estimate) was trained on xAI's Colossus 1, which
/// Epoch's timeline has at 442 MW in July 2025.
#[test]
fn power_in_2025_allows_grok_3() {
    let v = json(&["feasible", "--year", "2025", "--format", "json"]);
    assert!(median(&v, "power") >= 4.6e26);
    assert_eq!(constraint(&v, "power_campus")["inputs"]["gw"], 0.442);
}

#[test]
fn the_flags_move_the_limits_as_the_model_says() {
    let base = [
        "feasible",
        "--year",
        "2030",
        "--format",
        "json",
        "--run-months",
        "4",
    ];
    let with = |extra: &[&str]| json(&[&base[..], extra].concat());
    let b = with(&["--campus-gw", "2", "--lab-share", "20%"]);
    let campus = with(&["--campus-gw", "4", "--lab-share", "20%"]);
    let r = median(&campus, "power_campus") / median(&b, "power_campus");
    assert!((r - 2.0).abs() < 1e-9, "{r}");
    let half = with(&["--campus-gw", "2", "--lab-share", "10%"]);
    let r = median(&half, "chips") / median(&b, "chips");
    assert!((r - 0.5).abs() < 1e-9, "{r}");
    let long = json(&[
        "feasible",
        "--year",
        "2030",
        "--format",
        "json",
        "--run-months",
        "8",
        "--campus-gw",
        "2",
        "--lab-share",
        "20%",
    ]);
    for c in ["power", "chips"] {
        let r = median(&long, c) / median(&b, c);
        assert!((r - 2.0).abs() < 1e-9, "{c}: {r}");
    }
    let bf16 = with(&[
        "--campus-gw",
        "2",
        "--lab-share",
        "20%",
        "--precision",
        "bf16",
    ]);
    // The H100's dense BF16 over its dense FP8 peak: 989 / 1,979 TFLOP/s.
    let r = median(&bf16, "chips") / median(&b, "chips");
    assert!((r - 989.0 / 1979.0).abs() < 1e-9, "{r}");
}

#[test]
fn the_table_and_markdown_name_the_binding_constraint() {
    let o = run(&["feasible"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t = stdout(&o);
    assert!(t.contains("in 2030") && t.contains("binding: power"), "{t}");
    assert!(t.contains("soft: data_movement") && t.contains("bandwidth:"));
    let o = run(&["feasible", "--years", "2029..2031", "--format", "markdown"]);
    let t = stdout(&o);
    assert!(t.contains("| 2031 (extrapolated) |"), "{t}");
}

#[test]
fn bad_input_exits_2() {
    for args in [
        &["feasible", "--years", "2035..2025"][..],
        &["feasible", "--lab-share", "150%"],
        &["feasible", "--run-months", "-3"],
        &["feasible", "--year", "2030", "--years", "2025..2030"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn the_gpu_input_reaches_epochs_chip_limited_fleet() {
    // Epoch's chip-limited 2030 run uses about 100 M H100-equivalents (20-400 M): the GPU
    // input takes 50 M, and h100_equivalents follows the peak actually used and the year.
    let v = json(&["eval", "--gpus", "50M", "--format", "json"]);
    let base = v["h100_equivalents"].as_f64().unwrap();
    assert!((base - 50e6).abs() < 1.0, "{base}");
    let typed = json(&[
        "eval", "--gpus", "50M", "--tflops", "1978", "--format", "json",
    ]);
    let r = typed["h100_equivalents"].as_f64().unwrap() / base;
    assert!((r - 2.0).abs() < 1e-9, "{r}");
    let later = json(&[
        "eval", "--gpus", "50M", "--year", "2025", "--format", "json",
    ]);
    // One year of price-performance: 10^0.14 = ×1.380 the peak for the same price.
    let r = later["h100_equivalents"].as_f64().unwrap() / base;
    assert!((r - 10f64.powf(0.14)).abs() < 1e-9, "{r}");
    let o = run(&["eval", "--gpus", "2G"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

/// `eval --solve gpus --power 1GW --year 2030` used to answer with base-year watts (713 k GPUs
/// drawing 607 MW): the solved fleet now draws the gigawatt with the year's card.
#[test]
fn the_power_solver_uses_the_years_watts() {
    let v = json(&[
        "eval", "--solve", "gpus", "--power", "1GW", "--year", "2030", "--format", "json",
    ]);
    let mw = v["power_mw"].as_f64().unwrap();
    assert!((mw - 1000.0).abs() < 0.01, "{mw}");
}

/// Beside the table: the largest feasible run's cluster cost in its year and the bandwidth
/// distributed power assumes, in every format that has room for them.
#[test]
fn the_largest_run_is_costed_and_the_bandwidth_assumption_named() {
    let v = json(&["feasible", "--year", "2030", "--format", "json"]);
    let r = &v["largest_run"];
    let flop = r["flop"].as_f64().unwrap();
    assert_eq!(flop, median(&v, v["binding"].as_str().unwrap()));
    let (h100e, each, cost) = (
        r["h100e"].as_f64().unwrap(),
        r["usd_per_h100e"].as_f64().unwrap(),
        r["cluster_cost_usd"].as_f64().unwrap(),
    );
    // Cluster = chips × 1.64 / 0.81: Epoch AI's H100-family server overhead over 1 − 19 %
    // interconnect (training-cost-trends at 263c40a, cost_analysis_standalone.py).
    assert!((cost / (h100e * each) - 1.64 / 0.81).abs() < 1e-9, "{r}");
    assert_eq!(r["cluster_overhead"].as_f64(), Some(1.64 / 0.81));
    // The H100's $27,500 of January 2024, cheaper by 0.14 OOMs a year for six years.
    assert!((each - 27_500.0 / 10f64.powf(0.84)).abs() < 1e-6, "{r}");
    assert!(v["bandwidth"].as_str().unwrap().contains("Pbps"));
    let table = stdout(&run(&["feasible", "--year", "2030"]));
    assert!(table.contains("on the cluster basis"), "{table}");
    assert!(
        table.contains("bandwidth: Distributed power assumes"),
        "{table}"
    );
    let later = json(&["feasible", "--year", "2031", "--format", "json"]);
    assert!(later["largest_run"]["usd_per_h100e"].as_f64().unwrap() < each);
    let csv = stdout(&run(&[
        "feasible",
        "--years",
        "2029..2030",
        "--format",
        "csv",
    ]));
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .contains("largest_run_cluster_cost_usd"),
        "{csv}"
    );
}

/// The built-in feasibility file with `edit` applied, in a preset directory of its own.
fn user_file(tag: &str, edit: impl Fn(&str) -> String) -> TempDir {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/presets/feasibility.ron"
    ))
    .expect("built-in file");
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit changes the file");
    let dir = TempDir::new(tag);
    std::fs::write(dir.path().join("feasibility.ron"), edited).expect("write");
    dir
}

/// A user's feasibility.ron replaces the built-in one: one developer's share of the chips
/// doubled (median and range) doubles the chip limit.
#[test]
fn a_users_feasibility_file_replaces_the_builtin_one() {
    let dir = user_file("feasibility-user", |t| {
        t.replace(
            "lab_share: (value: 0.2, status: Estimate,",
            "lab_share: (value: 0.4, status: Estimate,",
        )
        .replace(
            "low: 0.1, high: 0.4, note: \"value: the geometric middle",
            "low: 0.2, high: 0.8, note: \"value: the geometric middle",
        )
    });
    let d = dir.path().to_str().expect("UTF-8");
    let o = run(&[
        "--presets",
        d,
        "feasible",
        "--year",
        "2030",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    let user: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let builtin = json(&["feasible", "--year", "2030", "--format", "json"]);
    let r = median(&user, "chips") / median(&builtin, "chips");
    assert!((r - 2.0).abs() < 1e-9, "{r}");
    assert_eq!(median(&user, "power"), median(&builtin, "power"));
}

/// A refused file says where and why, and the built-in one stays in use.
#[test]
fn a_bad_feasibility_file_is_refused_with_its_line_and_reason() {
    let builtin = stdout(&run(&["feasible", "--year", "2030", "--format", "json"]));
    for (tag, from, to, said) in [
        (
            "feasibility-share",
            "lab_share: (value: 0.33,",
            "lab_share: (value: 1.5,",
            "feasibility: power.lab_share must be a finite number in (0, 1]",
        ),
        (
            "feasibility-outside",
            "stock_h100e: (value: 3.6e8,",
            "stock_h100e: (value: 3.6e9,",
            "feasibility: chips.stock_h100e is 3600000000, outside its range",
        ),
        (
            "feasibility-years",
            "anchor_year: 2030,",
            "anchor_year: 2020,",
            "anchor_year (2020) must come after base_year (2024)",
        ),
        (
            "feasibility-field",
            "base_year: 2024,",
            "base_year: 2024, extra: 1,",
            "extra",
        ),
    ] {
        let dir = user_file(tag, |t| t.replacen(from, to, 1));
        let d = dir.path().to_str().expect("UTF-8");
        let o = run(&[
            "--presets",
            d,
            "feasible",
            "--year",
            "2030",
            "--format",
            "json",
        ]);
        assert_eq!(o.status.code(), Some(0), "{tag}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains("feasibility.ron:") && err.contains(said),
            "{tag}: {err}"
        );
        assert_eq!(stdout(&o), builtin, "{tag}");
    }
}
