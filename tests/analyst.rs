//! The analyst tools through the library and the built binary: one-line scenarios.

use agi_compute::model::Field;
use agi_compute::presets::save::to_ron;
use agi_compute::presets::scenario_string::{decode, encode};
use agi_compute::presets::{Catalog, DEFAULT_SCENARIO, Precision, Scenario, Sourced};
use proptest::prelude::*;
use serde_json::Value;
use std::sync::LazyLock;

static CATALOG: LazyLock<Catalog> = LazyLock::new(Catalog::embedded);

use crate::support::binary::{run, stderr, stdout};

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
        // Counts are whole on every surface (half a GPU is refused).
        Some(x) if f.counts() && f.accepts(x.round()) => Some(Some(x.round())),
        Some(x) if !f.accepts(x) || f.counts() => None,
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
                Some(Some(x)) => s.set_input(f, Sourced::user_set(x)),
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
    // A string beside a preset is a second scenario, side by side.
    let o = run(&["eval", "--scenario", "agi1:-", "--preset", "meta-2024"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("2 scenarios side by side"));
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

const GRID: [&str; 6] = [
    "--vary",
    "gpus=1k..1M:log:7",
    "--vary",
    "mfu=30%..50%:3",
    "--vary",
    "days=30..90:2",
];

#[test]
fn sweep_csv_reads_back_as_eval_says() {
    let o = run(&[&["sweep", "--preset", "meta-2024"][..], &GRID].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "no progress bar in a pipe");
    let mut r = csv::Reader::from_reader(&o.stdout[..]);
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(&header[..4], ["gpus", "mfu", "days", "fleet_cost_usd"]);
    assert_eq!(header.len(), 3 + agi_compute::model::Output::COUNT);
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
    assert_eq!(rows.len(), 7 * 3 * 2);
    for row in rows.iter().step_by(9) {
        let v = json(&[
            "eval",
            "--preset",
            "meta-2024",
            "--gpus",
            &row[0],
            "--mfu",
            &row[1],
            "--days",
            &row[2],
            "--format",
            "json",
        ]);
        for (key, cell) in header.iter().zip(row.iter()).skip(3) {
            let want = v[key.as_str()].as_f64();
            let got = (!cell.is_empty()).then(|| cell.parse::<f64>().expect("number"));
            assert_eq!(got, want, "{key} at {row:?}");
        }
    }
}

#[test]
fn sweep_jsonl_and_markdown() {
    let o = run(&[
        "sweep",
        "--scenario",
        "agi1:h100-sxm;rent=none",
        "--vary",
        "gpus=1k..2k:2",
        "--outputs",
        "total_flop,rental_cost_usd",
        "--format",
        "jsonl",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON object per line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["gpus"], 2000.0);
    assert!(lines[1]["total_flop"].is_f64());
    assert!(lines[1]["rental_cost_usd"].is_null());
    let o = run(&[
        "sweep",
        "--vary",
        "gpus=1k..2k:2",
        "--outputs",
        "fleet_cost_usd",
        "--format",
        "markdown",
    ]);
    assert_eq!(
        stdout(&o),
        "| GPUs | Buy: GPUs |\n|---:|---:|\n| 1.00 k | $27.5 M |\n| 2.00 k | $55.0 M |\n"
    );
}

#[test]
fn sweep_refusals_exit_2() {
    for (args, want) in [
        (
            &[
                "--vary",
                "gpus=1..10M:log:100000",
                "--vary",
                "days=1..100:1000",
            ][..],
            "the grid has 100000000 rows, over the limit of 10000000 (--force writes it anyway)",
        ),
        (
            &["--vary", "gpus=1..2:2", "--outputs", "flop"],
            "--outputs: no output 'flop'",
        ),
        (
            &["--vary", "gpus=1..2:2", "--vary", "gpus=3..4:2"],
            "gpus is varied twice",
        ),
        (&["--vary", "gpus=1..2"], "expected INPUT=LOW..HIGH:STEPS"),
        (&["--vary", "mfu=10%..200%:3"], "MFU must be in (0, 100%]"),
    ] {
        let o = run(&[&["sweep"][..], args].concat());
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(want), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn sweep_out_writes_the_whole_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("grid.csv");
    let p = path.to_str().expect("utf-8 path");
    let o = run(&[
        "sweep",
        "--vary",
        "days=10..20:11",
        "--outputs",
        "gpu_hours",
        "--out",
        p,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    let text = std::fs::read_to_string(&path).expect("written");
    assert_eq!(text.lines().count(), 12);
    let o = run(&[
        "sweep",
        "--vary",
        "days=10..20:2",
        "--out",
        "/nonexistent-dir/x.csv",
    ]);
    assert_eq!(o.status.code(), Some(1));
}

/// The default frame as the `render --format svg|html` command draws it.
fn picture(width: u16, height: u16, svg: bool) -> String {
    let c = Catalog::embedded();
    let s = c
        .scenario(DEFAULT_SCENARIO)
        .expect("default")
        .scenario
        .clone();
    let app = agi_compute::app::App::new(c, s);
    let buf = agi_compute::tui::headless::frame_buffer(&app, width, height);
    if svg {
        agi_compute::ui::picture::svg(&buf)
    } else {
        agi_compute::ui::picture::html(&buf)
    }
}

#[test]
fn render_svg_is_well_formed_and_the_same_frame() {
    let o = run(&[
        "render", "--format", "svg", "--width", "80", "--height", "24",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let svg = stdout(&o);
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let text: String = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    assert!(text.contains("Meta 2024"), "{text}");
    assert!(svg.contains("font-weight:bold"), "bold survives");
    assert!(svg.contains("fill:#11a8cd"), "colours survive");
    assert_eq!(svg, picture(80, 24, true));
    insta::assert_snapshot!("render_svg_80x24", svg);
}

#[test]
fn render_html_is_a_pre_with_spans() {
    let o = run(&[
        "render", "--format", "html", "--width", "80", "--height", "24",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = stdout(&o);
    assert!(
        html.contains("<pre") && html.contains("<span style=\"color:#11a8cd;font-weight:bold;\">")
    );
    assert_eq!(html, picture(80, 24, false));
    insta::assert_snapshot!("render_html_80x24", html);
}

/// The README's frame of the year and allocation is what `render` draws with the keys on its
/// first line.
#[test]
fn year_frame_is_fresh() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/year-2028-120x40.txt");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    let (first, frame) = committed.split_once('\n').unwrap_or_default();
    let keys = first
        .split_once("--keys \"")
        .and_then(|(_, k)| k.strip_suffix('"'))
        .unwrap_or_default();
    let o = run(&["render", "--width", "120", "--height", "40", "--keys", keys]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o) == frame,
        "assets/year-2028-120x40.txt is stale; regenerate it with the command on its first line"
    );
}

#[test]
fn readme_picture_is_fresh() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/explorer-120x40.svg");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == picture(120, 40, true),
        "assets/explorer-120x40.svg is stale; regenerate it with\n  \
         cargo run -- render --format svg > assets/explorer-120x40.svg"
    );
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let o = run(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}: {}", stderr(&o));
        let text = stdout(&o);
        for word in ["eval", "sweep", "render"] {
            assert!(text.contains(word), "{shell} completion lacks {word}");
        }
    }
    assert!(stdout(&run(&["completions", "bash"])).contains("--scenario"));
    let o = run(&["man"]);
    assert_eq!(o.status.code(), Some(0));
    let man = stdout(&o);
    assert!(man.contains(".TH agi-compute 1"), "{man}");
    assert!(man.contains("sweep"), "{man}");
    assert_eq!(run(&["completions", "tcsh"]).status.code(), Some(2));
}

/// Splits an example as a shell would (single quotes only), up to a redirection or pipe.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut word, mut quoted, mut any) = (String::new(), false, false);
    for c in line.chars() {
        match c {
            '\'' => (quoted, any) = (!quoted, true),
            ' ' if !quoted => {
                if any {
                    out.push(std::mem::take(&mut word));
                }
                any = false;
            }
            '>' | '|' if !quoted => break,
            c => (word, any) = (word + &c.to_string(), true),
        }
    }
    if any {
        out.push(word);
    }
    out
}

#[test]
fn every_help_ends_with_examples_that_parse() {
    use clap::{CommandFactory, Parser};
    let cmd = agi_compute::cli::Cli::command();
    let mut helps = vec![(cmd.get_name().to_string(), cmd.clone())];
    for c in cmd.get_subcommands() {
        helps.push((c.get_name().to_string(), c.clone()));
        for n in c.get_subcommands() {
            helps.push((format!("{} {}", c.get_name(), n.get_name()), n.clone()));
        }
    }
    for (name, c) in helps {
        let after = c
            .get_after_help()
            .map(|h| h.to_string())
            .unwrap_or_default();
        let examples: Vec<&str> = after
            .lines()
            .skip_while(|l| *l != "Examples:")
            .skip(1)
            .collect();
        assert!(
            (2..=3).contains(&examples.len()),
            "{name}: two or three examples, got {examples:?}"
        );
        for e in examples {
            let argv = words(e.trim());
            assert_eq!(argv[0], "agi-compute", "{e}");
            if let Err(err) = agi_compute::cli::Cli::try_parse_from(&argv) {
                panic!("{name}: example {e:?} does not parse: {err}");
            }
        }
        let argv: Vec<&str> = name.split(' ').chain(["--help"]).collect();
        let help = run(&argv);
        if name != "agi-compute" {
            assert!(
                stdout(&help)
                    .trim_end()
                    .ends_with(after.lines().last().unwrap_or("")),
                "{name} --help does not end with its examples"
            );
        }
    }
}

#[test]
fn y_shows_the_string_in_the_notice() {
    for (w, h) in [("80", "24"), ("120", "40")] {
        let o = run(&["render", "--keys", "l y", "--width", w, "--height", h]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        insta::assert_snapshot!(format!("copy_scenario_{w}x{h}"), stdout(&o));
    }
}

/// A budget goal in the explorer buys what the screen shows: on the rent basis (`$ $`), `g $1B`
/// gives `eval --budget 1B --basis rent`'s answer, and says the basis.
#[test]
fn explorer_budget_goal_follows_the_cost_basis() {
    let frame = stdout(&run(&["render", "--keys", "$ $ g $1B Enter"]));
    let v = json(&[
        "eval", "--solve", "gpus", "--budget", "1B", "--basis", "rent", "--format", "json",
    ]);
    let gpus = v["solved"]["value"].as_f64().unwrap();
    let said = format!(
        "a $1.00 B budget on the rent basis: needs {} ",
        agi_compute::model::format::count(gpus)
    );
    assert!(frame.contains(&said), "{said:?} not in\n{frame}");
}
