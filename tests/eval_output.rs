//! `eval`'s outputs from its one set of sections: table and Markdown agree, several scenarios
//! in one table, CSV, JSON list and Markdown, `--brief`'s short answer and picked sections.

use serde_json::Value;

use crate::support::binary::{run, stderr, stdout};

fn ok(args: &[&str]) -> String {
    let o = run(args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

/// The line of `text` that starts (after its indent or `| `) with `label`.
fn line_of<'a>(text: &'a str, label: &str) -> &'a str {
    text.lines()
        .find(|l| l.trim_start_matches([' ', '|']).starts_with(label))
        .unwrap_or_else(|| panic!("no {label:?} line in:\n{text}"))
}

#[test]
fn a_card_without_a_sourced_price_says_so_in_every_format() {
    let args = ["eval", "--accelerator", "tpu-v7"];
    let table = ok(&args);
    let md = ok(&[&args[..], &["--format", "markdown"]].concat());
    let v: Value = serde_json::from_str(&ok(&[&args[..], &["--format", "json"]].concat())).unwrap();
    assert!(v["scenario"]["price"].is_null(), "{}", v["scenario"]);
    for text in [&table, &md] {
        let line = line_of(text, "Price / GPU");
        assert!(line.contains("not sourced"), "{line}");
        // The H100's placeholder price must not show through.
        assert!(!line.contains("$27.5 k"), "{line}");
    }
}

#[test]
fn several_scenarios_make_one_wide_csv_whose_rows_match_single_evals() {
    let scenarios = [
        ["--preset", "meta-2024"],
        ["--preset", "xai-colossus-200k"],
        ["--from-run", "llama-3.1-405b"],
    ];
    let mut args = vec!["eval"];
    for s in &scenarios {
        args.extend(s);
    }
    args.extend(["--format", "csv", "--wide"]);
    let sheet = ok(&args);
    let mut r = csv::Reader::from_reader(sheet.as_bytes());
    let header = r.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 3, "{sheet}");
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    assert_eq!(&rows[0][col("scenario")], "meta-2024");
    assert_eq!(&rows[1][col("scenario")], "xai-colossus-200k");
    assert_eq!(&rows[2][col("scenario")], "llama-3.1-405b");
    assert!(rows[0][col("gpus_source")].contains("Zuckerberg"));
    for (row, s) in rows.iter().zip(&scenarios) {
        assert!(row[col("scenario_string")].starts_with("agi1:"), "{row:?}");
        let single = ok(&["eval", s[0], s[1], "--format", "csv", "--wide"]);
        let mut one = csv::Reader::from_reader(single.as_bytes());
        assert_eq!(one.headers().unwrap(), &header);
        let alone = one.records().next().unwrap().unwrap();
        for (i, h) in header.iter().enumerate() {
            if h != "scenario" {
                assert_eq!(&row[i], &alone[i], "{s:?} column {h}");
            }
        }
    }
}

#[test]
fn several_scenarios_are_a_json_list_and_a_column_each() {
    let two = ["eval", "--preset", "meta-2024", "--preset", "deepseek-v3"];
    let v: Value = serde_json::from_str(&ok(&[&two[..], &["--format", "json"]].concat())).unwrap();
    let list = v.as_array().expect("a JSON list");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["scenario"]["name"], "meta-2024");
    assert_eq!(list[1]["scenario"]["name"], "deepseek-v3");
    let single: Value = serde_json::from_str(&ok(&[
        "eval",
        "--preset",
        "deepseek-v3",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(list[1]["total_flop"], single["total_flop"]);
    let table = ok(&two);
    let gpus = line_of(&table, "GPUs ");
    assert!(
        gpus.contains("350 k") && gpus.contains("2.05 k"),
        "{gpus}\n{table}"
    );
    let md = ok(&[&two[..], &["--format", "markdown"]].concat());
    // A column a scenario, lettered as the explorer's comparison letters them; with two,
    // A/B and A−B as with one pin.
    assert!(
        md.contains("| Result | A meta-2024 | B deepseek-v3 | A/B | A−B |"),
        "{md}"
    );
    assert!(md.contains("\ninputs A≠B: card, GPUs"), "{md}");
    let long = ok(&[&two[..], &["--format", "csv"]].concat());
    assert!(long.starts_with("scenario,kind,name,value,unit,status,source\n"));
    assert!(long.contains("\ndeepseek-v3,input,gpus,2048,"), "{long}");
    // One scenario answers sensitivity and buy-or-rent.
    let o = run(&[&two[..], &["--buy-or-rent", "1B"]].concat());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn brief_is_short_and_names_the_binding_limit_and_the_nearest_runs() {
    let t = ok(&["eval", "--brief"]);
    assert!(t.lines().count() <= 40, "{} lines:\n{t}", t.lines().count());
    assert!(t.contains("binding: power"), "{t}");
    assert!(t.contains("Nearest known runs"), "{t}");
    assert!(t.contains("Grok-3"), "{t}");
    assert!(t.contains("Wait or train"), "{t}");
    assert!(!t.contains("Milestones (training FLOP)"), "{t}");
}

#[test]
fn sections_picks_parts_and_refuses_an_unknown_one() {
    let t = ok(&["eval", "--sections", "results,limits"]);
    assert!(t.contains("\nResults\n") && t.contains("\nLimits ("), "{t}");
    assert!(
        !t.contains("\nInputs\n") && !t.contains("Milestones"),
        "{t}"
    );
    let o = run(&["eval", "--sections", "results,nonsense"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("milestones"), "{}", stderr(&o));
    assert_eq!(
        run(&["eval", "--brief", "--format", "json"]).status.code(),
        Some(2)
    );
}

#[test]
fn milestones_carry_their_status_and_bounds() {
    let v: Value = serde_json::from_str(&ok(&["eval", "--format", "json"])).unwrap();
    let grok = v["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "grok-3")
        .expect("Grok-3 compared");
    assert!(grok["flop_low"].as_f64().is_some() && grok["flop_high"].as_f64().is_some());
    // The default scenario's 1.08e27 FLOP lies inside Grok-3's published bounds.
    assert_eq!(grok["within_bounds"], true);
    let t = ok(&["eval"]);
    let line = line_of(&t, "×2.32  Grok-3");
    assert!(line.contains("within the run's bounds"), "{line}");
}

#[test]
fn help_of_help_and_of_a_subcommand() {
    let o = run(&["help", "--help"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t = ok(&["help", "eval"]);
    assert!(t.contains("--brief") && t.contains("--sections"), "{t}");
    assert_eq!(run(&["help", "nonsense"]).status.code(), Some(2));
}
