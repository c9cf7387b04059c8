//! An analyst's questions in one command: cards by id, known runs as scenarios, goal seek on
//! every cost basis and on model size, the card ranking, provenance in every format, the wide
//! CSV and the catalog's identity in `--version`. Expected values are worked out by hand in the
//! comments.

use serde_json::Value;

use crate::support::binary::{run, stderr, stdout};

fn ok(args: &[&str]) -> String {
    let o = run(args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&ok(args)).expect("valid JSON")
}

fn num(v: &Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number in {v}"))
}

fn near(a: f64, b: f64, rel: f64) -> bool {
    ((a - b) / b).abs() < rel
}

#[test]
fn accelerator_flag_sets_the_card_as_the_a_key_does() {
    let v = json(&["eval", "--accelerator", "a100-80gb", "--format", "json"]);
    let s = &v["scenario"];
    assert_eq!(s["accelerator"], "a100-80gb");
    // The catalog's A100 80GB: 312 TFLOP/s dense BF16, $17,500, 926 W of IT power, $1.89/h.
    assert_eq!(s["peak_tflops"], 312.0);
    assert_eq!(s["price_usd"], 17_500.0);
    assert_eq!(s["watts_per_gpu"], 926.0);
    assert_eq!(s["rent_usd_per_gpu_hour"], 1.89);
    // 350,000 × 312e12 × 0.4 × 90 × 86,400
    assert!(near(
        num(&v, "total_flop"),
        350_000.0 * 312e12 * 0.4 * 90.0 * 86_400.0,
        1e-12
    ));
}

#[test]
fn fp8_uses_the_cards_fp8_peak_and_is_refused_without_one() {
    let v = json(&[
        "eval",
        "--accelerator",
        "h100-sxm",
        "--fp8",
        "--format",
        "json",
    ]);
    assert_eq!(v["scenario"]["peak_tflops"], 1979.0);
    assert_eq!(v["scenario"]["precision"], "FP8");
    let o = run(&["eval", "--accelerator", "a100-80gb", "--fp8"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no dense FP8 peak"), "{}", stderr(&o));
}

#[test]
fn a_card_without_a_price_is_missing_not_the_previous_cards() {
    let v = json(&["eval", "--accelerator", "gaudi3", "--format", "json"]);
    // The catalog's Gaudi 3 has no sourced rent: the output is null, not the H100's $2.99/h.
    assert!(v["rental_cost_usd"].is_null(), "{}", v["rental_cost_usd"]);
    assert!(v["scenario"]["rent_usd_per_gpu_hour"].is_null());
}

#[test]
fn unknown_accelerator_exits_2_naming_the_valid_ids() {
    let o = run(&["eval", "--accelerator", "h1000"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("h1000") && e.contains("h100-sxm") && e.contains("mi300x"),
        "{e}"
    );
}

#[test]
fn render_takes_the_card_flags() {
    let t = ok(&[
        "render",
        "--accelerator",
        "a100-80gb",
        "--width",
        "120",
        "--height",
        "40",
    ]);
    assert!(t.contains("A100"), "{t}");
}

#[test]
fn llama_65b_energy_and_carbon_from_its_record() {
    // LLaMA paper Table 15 counts 400 W per GPU (the A100's TDP, not the server's share),
    // PUE 1.1 and 0.385 kg/kWh: 1,022,362 GPU-h × 0.4 kW × 1.1 = 449.8 MWh; × 0.385 = 173 t.
    let v = json(&[
        "eval",
        "--from-run",
        "llama-65b",
        "--watts",
        "400",
        "--format",
        "json",
    ]);
    let s = &v["scenario"];
    assert_eq!(s["accelerator"], "a100-80gb");
    assert_eq!(s["gpus"], 2048.0);
    // 1,022,362 / 2048 / 24 days
    assert!(near(
        s["days"].as_f64().unwrap(),
        1_022_362.0 / 2048.0 / 24.0,
        1e-12
    ));
    assert_eq!(s["mfu"], 0.476);
    assert_eq!(s["pue"], 1.1);
    assert_eq!(s["kg_co2_per_kwh"], 0.385);
    assert!(near(num(&v, "gpu_hours"), 1_022_362.0, 1e-9));
    assert!(
        near(num(&v, "energy_mwh"), 449.8, 1e-3),
        "{}",
        v["energy_mwh"]
    );
    assert!(
        near(num(&v, "co2_tonnes"), 173.2, 1e-3),
        "{}",
        v["co2_tonnes"]
    );
    // FLOP: 1,022,362 × 3600 × 312e12 × 0.476 = 5.466e23, within 5 % of the run's 5.5e23.
    assert!(near(num(&v, "total_flop"), 5.5e23, 0.05));
    let d = v["description"].as_str().unwrap();
    assert!(
        d.contains("reproduces") && d.contains("reported MFU"),
        "{d}"
    );
    assert_eq!(v["inputs"]["mfu"]["status"], "derived");
}

#[test]
fn a_run_without_reported_mfu_uses_its_implied_utilization_and_says_so() {
    // GPT-3: V100s with a GPU count and GPU-hours but no reported MFU, so utilization is the
    // run's FLOP ÷ (GPU-hours × 3600 × peak), which reproduces its FLOP exactly.
    let v = json(&["eval", "--from-run", "gpt-3", "--format", "json"]);
    let src = v["inputs"]["mfu"]["source"].as_str().unwrap();
    assert!(src.contains("implied utilization"), "{src}");
    let catalog = json(&["presets", "--format", "json"]);
    let m = catalog["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "gpt-3")
        .unwrap();
    assert!(near(num(&v, "total_flop"), num(&m["flop"], "value"), 1e-9));
}

#[test]
fn a_run_whose_record_is_short_is_refused_with_the_reason() {
    // Inflection-2: a card and a GPU count, but neither a duration nor an MFU.
    let o = run(&["eval", "--from-run", "inflection-2"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("GPU count"), "{}", stderr(&o));
    let o = run(&["eval", "--from-run", "no-such-run"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("llama-65b"), "{}", stderr(&o));
}

#[test]
fn every_format_carries_each_inputs_status_and_source() {
    let t = ok(&["eval", "--gpus", "100k"]);
    let tail = t.split("\nSources").nth(1).expect("a Sources section");
    assert!(tail.contains("--gpus on the command line"), "{tail}");
    assert!(tail.contains("Raymond James"), "{tail}");
    let md = ok(&["eval", "--format", "markdown"]);
    assert!(md.contains("| Input | Value | Status | Source |"), "{md}");
    assert!(
        md.contains("| GPUs | 350 k | reported | Mark Zuckerberg"),
        "{md}"
    );
    let v = json(&["eval", "--format", "json"]);
    assert_eq!(v["inputs"]["gpus"]["value"], 350_000.0);
    assert_eq!(v["inputs"]["gpus"]["status"], "reported");
    assert_eq!(v["inputs"]["price_usd"]["low"], 25_000.0);
    let csv = ok(&["eval", "--format", "csv"]);
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let mfu = rows
        .iter()
        .find(|r| &r[0] == "input" && &r[1] == "mfu")
        .unwrap();
    assert_eq!(&mfu[4], "assumption");
    assert!(mfu[5].contains("Llama 3 Herd"));
}

fn solved(args: &[&str]) -> Value {
    let v = json(args);
    v["solved"].clone()
}

#[test]
fn budget_on_the_rent_basis_buys_gpu_hours() {
    // $1B / ($2.99/GPU-h × 90 days × 24 h) = 154,837.1 → 154,838 GPUs.
    let s = solved(&[
        "eval", "--solve", "gpus", "--budget", "1B", "--basis", "rent", "--format", "json",
    ]);
    assert_eq!(s["value"], 154_838.0);
    assert!(s["target"].as_str().unwrap().contains("rent basis"), "{s}");
    // Days instead: $1B / ($2.99 × 350,000 × 24) = 39.81 days.
    let s = solved(&[
        "eval", "--solve", "days", "--budget", "1B", "--basis", "rent", "--format", "json",
    ]);
    assert!(near(
        s["value"].as_f64().unwrap(),
        1e9 / (2.99 * 350_000.0 * 24.0),
        1e-9
    ));
}

#[test]
fn budget_on_the_cluster_and_amortized_bases() {
    let k: f64 = 1.64 / 0.81;
    // Cluster: $10B / ($27,500 × 2.0247) = 179,600.2 → 179,601 (Epoch AI's H100-family split).
    let s = solved(&[
        "eval", "--solve", "gpus", "--budget", "10B", "--basis", "cluster", "--format", "json",
    ]);
    assert_eq!(s["value"], (10e9 / (27_500.0 * k)).ceil());
    // Amortized over 4 years: per GPU, $27,500 × k × 90 / (365.25 × 4) of the cluster plus
    // 1,453 W × 1.1 × 24 h × 90 d × $0.0806/kWh of energy = $3,377.6 + $278.2.
    let per_gpu: f64 = 27_500.0 * k * 90.0 / (365.25 * 4.0) + 1.453 * 1.1 * 24.0 * 90.0 * 0.0806;
    let s = solved(&[
        "eval",
        "--solve",
        "gpus",
        "--budget",
        "1B",
        "--basis",
        "amortized",
        "--amortize-years",
        "4",
        "--format",
        "json",
    ]);
    assert_eq!(s["value"], (1e9 / per_gpu).ceil());
    // Without a hardware life the amortized basis has no answer, and says what it lacks.
    let o = run(&[
        "eval",
        "--solve",
        "gpus",
        "--budget",
        "1B",
        "--basis",
        "amortized",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--amortize-years"), "{}", stderr(&o));
}

#[test]
fn budget_on_the_epoch_basis_spends_exactly_the_budget() {
    let v = json(&[
        "eval",
        "--solve",
        "gpus",
        "--budget",
        "1B",
        "--basis",
        "epoch-amortized",
        "--format",
        "json",
    ]);
    // Rounded up to whole GPUs: within one GPU's share of the budget.
    let cost = num(&v, "epoch_amortized_cost_usd");
    let gpus = v["solved"]["value"].as_f64().unwrap();
    assert!(
        cost >= 1e9 && cost - 1e9 < cost / gpus,
        "{cost} for {gpus} GPUs"
    );
}

#[test]
fn target_params_is_a_compute_optimal_flop_target() {
    // 10T parameters on 200T tokens: 6 × 1e13 × 2e14 = 1.2e28 FLOP;
    // GPUs = 1.2e28 / (989e12 × 0.4 × 90 × 86,400) = 3,901,004.6 → 3,901,005.
    let v = json(&[
        "eval",
        "--solve",
        "gpus",
        "--target-params",
        "10T",
        "--format",
        "json",
    ]);
    assert_eq!(
        v["solved"]["value"],
        (1.2e28_f64 / (989e12 * 0.4 * 90.0 * 86_400.0)).ceil()
    );
    assert!(near(num(&v, "total_flop"), 1.2e28, 1e-6));
    // With the tokens given: 6 × 1e13 × 1e14 = 6e27.
    let v = json(&[
        "eval",
        "--solve",
        "days",
        "--target-params",
        "10T",
        "--tokens",
        "100T",
        "--format",
        "json",
    ]);
    assert!(near(num(&v, "total_flop"), 6e27, 1e-9));
}

#[test]
fn the_solved_input_is_named_in_every_format() {
    let args = [
        "eval", "--solve", "gpus", "--budget", "1B", "--basis", "rent",
    ];
    let t = ok(&args);
    assert!(
        t.contains("Solved: GPUs = 155 k (for a $1.00 B budget on the rent basis)"),
        "{t}"
    );
    let md = ok(&[&args[..], &["--format", "markdown"]].concat());
    assert!(md.contains("Solved: GPUs = 155 k"), "{md}");
    let csv = ok(&[&args[..], &["--format", "csv"]].concat());
    assert!(csv.contains("\nsolved,gpus,154838,GPUs,user-set,"), "{csv}");
}

fn card<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["cards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no card {id}"))
}

#[test]
fn cards_rank_every_card_for_a_flop_target_on_rent() {
    let v = json(&[
        "cards",
        "--target-flop",
        "1e26",
        "--basis",
        "rent",
        "--format",
        "json",
    ]);
    let cards = v["cards"].as_array().unwrap();
    let catalog = json(&["presets", "--format", "json"]);
    assert_eq!(
        cards.len(),
        catalog["accelerators"].as_array().unwrap().len()
    );
    // H100 SXM: 1e26 / (989e12 × 0.4 × 90 × 86,400) = 32,507.8 → 32,508 GPUs, rented for
    // 32,508 × 90 × 24 h × $2.99.
    let h100 = card(&v, "h100-sxm");
    assert_eq!(h100["gpus"], 32_508.0);
    assert!(near(num(h100, "cost_usd"), 32_508.0 * 2160.0 * 2.99, 1e-12));
    assert_eq!(h100["price"]["tier"], "neocloud on-demand");
    assert_eq!(h100["price"]["status"], "price list");
    // Gaudi 3 has no sourced rent: no cost and no price, never another card's.
    let gaudi3 = card(&v, "gaudi3");
    assert!(
        gaudi3["cost_usd"].is_null() && gaudi3["price"].is_null(),
        "{gaudi3}"
    );
    assert!(gaudi3["note"].as_str().unwrap().contains("no sourced rent"));
    // Cheapest first, then the cards without a cost.
    let costs: Vec<Option<f64>> = cards.iter().map(|c| c["cost_usd"].as_f64()).collect();
    let priced = costs.iter().take_while(|c| c.is_some()).count();
    assert!(costs[priced..].iter().all(Option::is_none));
    assert!(costs[..priced].windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn cards_on_the_scenario_buy_basis_and_every_format() {
    let v = json(&["cards", "--basis", "buy", "--format", "json"]);
    // The scenario's 350,000 GPUs on each card at its own price: H100 $27,500 each.
    assert_eq!(num(card(&v, "h100-sxm"), "cost_usd"), 350_000.0 * 27_500.0);
    assert_eq!(card(&v, "h100-sxm")["gpus"], 350_000.0);
    let t = ok(&["cards", "--target-flop", "1e26", "--basis", "rent"]);
    assert!(t.contains("h100-sxm") && t.contains("not sourced"), "{t}");
    let md = ok(&["cards", "--format", "markdown"]);
    assert!(md.contains("| Card | Peak |"), "{md}");
    let csv = ok(&["cards", "--days", "30", "--format", "csv"]);
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(&r.headers().unwrap()[0], "id");
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), v["cards"].as_array().unwrap().len());
    assert!(rows.iter().all(|r| &r[4] == "30"));
}

#[test]
fn wide_csv_is_one_row_per_scenario_under_a_stable_header() {
    let a = ok(&["eval", "--format", "csv", "--wide"]);
    let b = ok(&[
        "eval",
        "--preset",
        "deepseek-v3",
        "--format",
        "csv",
        "--wide",
        "--no-header",
    ]);
    let c = ok(&[
        "eval",
        "--accelerator",
        "b200",
        "--solve",
        "gpus",
        "--target-flop",
        "1e27",
        "--format",
        "csv",
        "--wide",
    ]);
    assert_eq!(a.lines().count(), 2);
    assert_eq!(b.lines().count(), 1);
    // The same header whatever the scenario: rows from different runs append into one sheet.
    assert_eq!(a.lines().next(), c.lines().next());
    let sheet = format!("{a}{b}");
    let mut r = csv::Reader::from_reader(sheet.as_bytes());
    let header = r.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(&rows[0][col("name")], "meta-2024");
    assert_eq!(&rows[1][col("name")], "deepseek-v3");
    assert_eq!(&rows[0][col("gpus")], "350000");
    assert_eq!(&rows[0][col("fleet_cost_usd")], "9625000000");
    assert!(!rows[0][col("total_flop_p5")].is_empty());
    assert!(!rows[0][col("total_flop_p95")].is_empty());
    let c_row = c.lines().nth(1).unwrap();
    assert!(c_row.contains(",gpus,"), "{c_row}");
    // Wide is a CSV layout only.
    assert_eq!(run(&["eval", "--wide"]).status.code(), Some(2));
}

#[test]
fn version_names_the_catalog_date_and_data_hash_that_json_carries() {
    let v = ok(&["--version"]);
    let j = json(&["eval", "--format", "json"]);
    let date = j["catalog"]["date"].as_str().unwrap();
    let hash = j["catalog"]["data_hash"].as_str().unwrap();
    assert_eq!(hash.len(), 16);
    assert!(
        v.contains(&format!("catalog {date}, data {hash}")),
        "{v} vs {date} {hash}"
    );
    // Deterministic across runs, and the same in the catalog listing.
    assert_eq!(ok(&["--version"]), v);
    let p = json(&["presets", "--format", "json"]);
    assert_eq!(p["catalog"]["data_hash"], hash);
}

#[test]
fn the_explorer_command_line_takes_the_card_and_run_flags() {
    // Without a terminal the explorer prints its scenario's table: the flags shaped it.
    let t = ok(&[
        "--from-run",
        "llama-65b",
        "--accelerator",
        "h100-sxm",
        "--fp8",
    ]);
    assert!(t.contains("h100-sxm · FP8 dense"), "{t}");
    assert!(t.contains("LLaMA 65B"), "{t}");
    // The H100 SXM's dense FP8 peak, 1,979 TFLOP/s, at three significant digits.
    assert!(
        t.lines()
            .any(|l| l.trim_start().starts_with("Peak / GPU") && l.ends_with(" 1980 TFLOP/s")),
        "{t}"
    );
}

#[test]
fn the_title_says_when_the_scenario_is_no_longer_its_preset() {
    let t = ok(&[
        "eval",
        "--accelerator",
        "b200",
        "--gpus",
        "100k",
        "--days",
        "60",
    ]);
    assert!(
        t.starts_with("Meta 2024 — 350k H100 · modified: card b200, GPUs, Days (meta-2024)"),
        "{t}"
    );
    let t = ok(&["eval", "--solve", "gpus", "--target-flop", "1e27"]);
    assert!(
        t.starts_with("Meta 2024 — 350k H100 · modified: GPUs solved"),
        "{t}"
    );
    // The preset's own card is no modification.
    assert!(
        ok(&["eval", "--accelerator", "h100-sxm"]).starts_with("Meta 2024 — 350k H100 (meta-2024)")
    );
    let v = json(&[
        "eval",
        "--solve",
        "gpus",
        "--target-flop",
        "1e27",
        "--format",
        "json",
    ]);
    assert!(
        v["inputs"]["gpus"]["source"]
            .as_str()
            .unwrap()
            .starts_with("goal seek for")
    );
}

#[test]
fn buy_or_rent_side_by_side_with_the_break_even_named() {
    let v = json(&[
        "eval",
        "--buy-or-rent",
        "1B",
        "--amortize-years",
        "5",
        "--format",
        "json",
    ]);
    let bases = v["bases"].as_array().unwrap();
    let row = |w: &str| bases.iter().find(|b| b["basis"] == w).unwrap();
    // Buy: $1B / $27,500 = 36,363.6 → 36,364 GPUs; they train the run and then the rest of a
    // 5-year life: × 5 × 365.25 / 90 of the run's FLOP.
    let buy = row("GPUs");
    assert_eq!(buy["gpus"], 36_364.0);
    let run_flop = 36_364.0 * 989e12 * 0.4 * 90.0 * 86_400.0;
    assert!(near(num(buy, "run_flop"), run_flop, 1e-12));
    assert!(near(
        num(buy, "life_flop"),
        run_flop * 5.0 * 365.25 / 90.0,
        1e-12
    ));
    // Rent: $1B / ($2.99 × 90 × 24) → 154,838 GPUs, spent in the run.
    let rent = row("rent");
    assert_eq!(rent["gpus"], 154_838.0);
    assert_eq!(rent["life_flop"], rent["run_flop"]);
    // Break-even: the bought GPU pays its own power, 1,453 W × 1.1 × $0.0806/kWh = $0.1288/h,
    // so $27,500 × 2.0247 / (($2.99 − $0.1288) × 24) = 810.8 days of renting, 44.4 % of 5 years.
    let k: f64 = 1.64 / 0.81;
    let energy = 1_453.0 * 1.1 / 1000.0 * 0.0806;
    assert!(near(num(&v, "energy_usd_per_gpu_hour"), energy, 1e-12));
    assert!(near(
        num(&v, "break_even_days"),
        27_500.0 * k / ((2.99 - energy) * 24.0),
        1e-12
    ));
    let d = v["decides"].as_str().unwrap();
    assert!(d.contains("2.22 years") && d.contains("44.4 %"), "{d}");
    // Without --amortize-years the life is Epoch's, 1 / (0.14 × ln 10) = 3.10 years, and the
    // buy answer is the powered cluster.
    let t = ok(&["eval", "--buy-or-rent", "1B"]);
    assert!(
        t.contains("Decides it:")
            && t.contains("Hardware life: 3.10 years, Epoch AI's")
            && t.contains("the buy answer: chips, servers, network and"),
        "{t}"
    );
    assert_eq!(
        run(&[
            "eval",
            "--buy-or-rent",
            "1B",
            "--solve",
            "gpus",
            "--target-flop",
            "1e26"
        ])
        .status
        .code(),
        Some(2)
    );
}

#[test]
fn a_run_that_misses_its_flop_by_more_than_5_percent_says_why() {
    // Llama 3.1 405B: the paper's 38–43 % steady-state MFU over the whole 30.84 M GPU-hours
    // overshoots its 3.8e25 FLOP; the whole run averaged 3.8e25 / (30.84e6 × 3600 × 989e12),
    // about 34.6 %.
    let v = json(&["eval", "--from-run", "llama-3.1-405b", "--format", "json"]);
    let d = v["description"].as_str().unwrap();
    assert!(
        d.contains("is not the whole run's utilization") && d.contains("34.6 %"),
        "{d}"
    );
    // OPT-175B has no duration: its days are what its FLOP takes at its GPU count and MFU,
    // so its FLOP is reproduced by construction, and the source says so.
    let v = json(&["eval", "--from-run", "opt-175b", "--format", "json"]);
    assert!(
        v["inputs"]["days"]["source"]
            .as_str()
            .unwrap()
            .contains("no duration")
    );
    assert!(v["description"].as_str().unwrap().contains("±0 %"));
}

/// "When does this run stop being frontier-scale?" Two fits, each named, each with its runs,
/// slope and year; the table, the long CSV and the JSON give the same years.
#[test]
fn the_year_a_run_falls_below_each_frontier_fit() {
    let v = json(&["eval", "--format", "json"]);
    let t = &v["trend"];
    let l = &t["largest_runs"];
    assert!(t["fit"].as_str().unwrap().starts_with("central"));
    assert!(l["fit"].as_str().unwrap().contains("10 largest"));
    for fit in [t, l] {
        assert_eq!(
            fit["runs"].as_u64().unwrap() as usize,
            fit["run_names"].as_array().unwrap().len()
        );
        assert!(num(fit, "slope_log10_flop_per_year") > 0.0);
    }
    let central = num(t, "scenario_frontier_year");
    let largest = num(l, "scenario_falls_below_year");
    // Each year is where its own line reaches the scenario's FLOP.
    let c = num(&v, "total_flop").log10();
    for (fit, year) in [(t, central), (l, largest)] {
        let at = num(fit, "intercept") + num(fit, "slope_log10_flop_per_year") * year;
        assert!((at - c).abs() < 1e-9, "{at} vs {c}");
    }
    let csv = ok(&["eval", "--format", "csv"]);
    let row = |key: &str| -> f64 {
        let line = csv
            .lines()
            .find(|l| l.starts_with(&format!("projection,{key},")))
            .unwrap_or_else(|| panic!("{key} in {csv}"));
        line.split(',').nth(2).unwrap().parse().unwrap()
    };
    assert!(near(row("falls_below_central_fit"), central, 1e-12));
    assert!(near(row("falls_below_largest_runs"), largest, 1e-12));
    let table = ok(&["eval"]);
    let line = table
        .lines()
        .find(|l| l.trim_start().starts_with("Falls below"))
        .expect("a Falls below row");
    assert!(
        line.contains(&format!("{central:.1} on the central fit"))
            && line.contains(&format!("{largest:.1} on the largest runs")),
        "{line}"
    );
}
