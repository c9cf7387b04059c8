//! `presets --sources` (the source abbreviations) and `presets import-epoch` (Epoch AI's CSV to
//! a user milestones file), through the built binary.

use agi_compute::presets::{Catalog, Precision, Status};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::binary::{stderr, stdout};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/epoch");

/// A fresh directory of this test's own under the target's temporary directory.
fn fresh_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("sources-and-import")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The binary with its own empty configuration directory, so the developer's presets (and the
/// default output directory) stay out of the tests.
fn bin(config: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_agi-compute"));
    c.env("XDG_CONFIG_HOME", config).env("HOME", config);
    c
}

fn run(config: &Path, args: &[&str]) -> Output {
    bin(config).args(args).output().expect("binary runs")
}

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn presets_sources_lists_every_abbreviation_with_its_reference() {
    let config = fresh_dir("sources-config");
    let o = run(&config, &["presets", "--sources"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let catalog = Catalog::embedded();
    assert!(catalog.sources.len() >= 5);
    for a in &catalog.sources {
        assert!(
            out.contains(&format!("[{}]", a.id)),
            "{} missing:\n{out}",
            a.id
        );
    }
    assert!(out.contains("263c40a159307e917213d1dc433c617e47d55bfe"));
    assert!(
        catalog.abbreviation("epoch-db").is_some(),
        "ids ignore case"
    );

    let o = run(&config, &["presets", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let sources = v["sources"].as_array().expect("sources in presets JSON");
    assert!(sources.iter().any(|s| {
        s["id"] == "EPOCH-DB"
            && s["reference"]
                .as_str()
                .is_some_and(|r| r.contains("https://"))
    }));

    let o = run(&config, &["presets", "--sources", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["sources"].as_array().map(Vec::len),
        Some(catalog.sources.len())
    );
}

#[test]
fn user_sources_files_add_abbreviations_and_a_broken_one_is_reported() {
    let config = fresh_dir("user-sources-config");
    let dir = fresh_dir("user-sources");
    std::fs::write(
        dir.join("sources-mine.ron"),
        "[\n    Abbreviation(id: \"MY-DB\", reference: \"My lab, 'Runs we know', 2026, https://example.org/runs\"),\n]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("sources-typo.ron"),
        "[\n    Abbreviation(\n        id: \"BAD\",\n        refrence: \"x\",\n    ),\n]\n",
    )
    .unwrap();
    let o = run(
        &config,
        &["--presets", dir.to_str().unwrap(), "presets", "--sources"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("[MY-DB]") && out.contains("https://example.org/runs"));
    assert!(out.contains("[EPOCH-DB]"), "built-in ones still listed");
    assert!(!out.contains("[BAD]"));
    let typo = dir.join("sources-typo.ron").display().to_string();
    assert!(
        out.contains(&format!("{typo}:4:9:")),
        "broken file reported as path:line:col:\n{out}"
    );
}

#[test]
fn import_epoch_writes_a_file_that_loads_and_reports_every_skipped_row() {
    let config = fresh_dir("import-config");
    let out_dir = fresh_dir("import-out");
    let o = run(
        &config,
        &[
            "presets",
            "import-epoch",
            &fixture("notable-models.csv"),
            "--out",
            out_dir.to_str().unwrap(),
            "--dataset-date",
            "2026-04-01",
        ],
    );
    let (out, err) = (stdout(&o), stderr(&o));
    assert_eq!(o.status.code(), Some(0), "{out}\n{err}");

    // One message per malformed row, with row number and column.
    assert!(
        err.contains("column 'Training compute (FLOP)': 'abc' is not a number"),
        "{err}"
    );
    let row_of = |needle: &str| {
        err.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no message with {needle}:\n{err}"))
            .to_string()
    };
    // Row 4 of the spreadsheet starts on line 6: the first row's link and note span lines.
    assert!(row_of("'abc'").starts_with("row 4 (line 6),"), "{err}");
    assert!(
        row_of("'2024-13-45'").contains("column 'Publication date': '2024-13-45' is not a date"),
        "{err}"
    );
    assert!(
        row_of("'72.0'")
            .contains("column 'Hardware utilization (MFU)': '72.0' is not a fraction in (0, 1]"),
        "{err}"
    );
    assert!(
        row_of("'many'").contains("column 'Hardware quantity'"),
        "{err}"
    );
    assert!(row_of("example run alpha").contains("of row 2"), "{err}");
    assert!(
        row_of("fields where the header has 18").starts_with("row 11"),
        "{err}"
    );

    // A summary line per reason, with counts.
    assert!(out.contains("Wrote 3 milestones"), "{out}");
    assert!(
        out.contains("dated 2026-04-01 (as given by --dataset-date)"),
        "{out}"
    );
    assert!(out.contains("Skipped 7 rows"), "{out}");
    assert!(out.contains("1 without training compute"), "{out}");
    assert!(out.contains("1 below 1.00e23 FLOP"), "{out}");
    assert!(out.contains("3 malformed"), "{out}");
    assert!(
        out.contains("1 already in the built-in catalog") && out.contains("GPT-4"),
        "{out}"
    );
    assert!(
        out.contains("1 repeating an earlier row's model id"),
        "{out}"
    );

    // Only the finished file: no temporary file left behind.
    assert_eq!(files_in(&out_dir), ["milestones-epoch.ron"]);

    // It loads through the catalog loader with no problem and no notice.
    let c = Catalog::load(std::slice::from_ref(&out_dir));
    assert!(c.problems.is_empty(), "{:#?}", c.problems);
    assert!(c.notices.is_empty(), "{:#?}", c.notices);

    let alpha = c.milestone("example-run-alpha").expect("imported");
    assert_eq!(alpha.name, "Example Run Alpha");
    assert_eq!(alpha.org, "Example Lab,Other Lab");
    assert_eq!(alpha.date, "2025-03-01");
    assert_eq!(alpha.flop.value, 2.0e25);
    // Confident and reported by the developer, per Epoch.
    assert_eq!(alpha.flop.status, Status::Reported);
    assert_eq!(
        (alpha.flop.low, alpha.flop.high),
        (Some(1.5e25), Some(3.0e25))
    );
    for needle in [
        "Data on Notable AI Models",
        "notable-models.csv",
        "2026-04-01",
        "https://example.org/alpha https://arxiv.org/abs/2501.00001",
    ] {
        assert!(alpha.flop.source.contains(needle), "{}", alpha.flop.source);
    }
    let note = alpha.flop.note.as_deref().unwrap_or("");
    assert!(
        note.contains("\"quoted\" by the developer, with a comma"),
        "{note}"
    );
    assert!(note.contains('\n'), "the note keeps its line break: {note}");
    // Epoch's dataset size counts words: never imported as tokens.
    assert!(alpha.tokens.is_none());
    assert!(alpha.params.is_none());
    assert_eq!(alpha.total_params.as_ref().map(|p| p.value), Some(400e9));
    assert_eq!(alpha.accelerator.as_deref(), Some("h100-sxm"));
    assert_eq!(alpha.precision, Precision::Fp8);
    assert_eq!(alpha.gpu_count.as_ref().map(|g| g.value), Some(16000.0));
    assert_eq!(alpha.days.as_ref().map(|d| d.value), Some(90.0));
    assert_eq!(
        alpha.gpu_hours.as_ref().map(|g| g.value),
        Some(34_560_000.0)
    );
    let mfu = alpha.reported_mfu.as_ref().expect("MFU");
    assert_eq!((mfu.value, mfu.status), (0.38, Status::Unverified));
    // Grok 3 (February 2025) is more than four times larger: not a frontier run.
    assert!(!alpha.frontier);

    let beta = c.milestone("example-run-beta").expect("imported");
    // Spreadsheet noise in the eleventh digit is dropped.
    assert_eq!(beta.flop.value, 5e24);
    assert_eq!(beta.flop.status, Status::Estimate);
    // "NVIDIA A100" names no one catalog card; the percentage MFU is left out.
    assert!(beta.accelerator.is_none() && beta.reported_mfu.is_none());

    let gamma = c.milestone("example-run-gamma").expect("imported");
    assert_eq!(gamma.flop.status, Status::Unverified);
    assert!(
        gamma
            .flop
            .source
            .contains("https://epoch.ai/data/ai-models")
    );
    assert_eq!(gamma.accelerator.as_deref(), Some("tpu-v4"));
    assert!(gamma.gpu_count.is_none());

    // The built-in GPT-4 is kept as it was.
    assert_eq!(c.milestone("gpt-4"), Catalog::embedded().milestone("gpt-4"));
    for skipped in [
        "broken-compute",
        "no-compute-model",
        "bad-date-model",
        "small-model",
    ] {
        assert!(c.milestone(skipped).is_none(), "{skipped}");
    }
}

#[test]
fn import_epoch_reads_epochs_real_header_into_the_user_preset_directory() {
    let config = fresh_dir("real-config");
    let o = run(
        &config,
        &["presets", "import-epoch", &fixture("real-rows.csv")],
    );
    let (out, err) = (stdout(&o), stderr(&o));
    assert_eq!(o.status.code(), Some(0), "{out}\n{err}");
    assert!(out.contains("(the file's modification date)"), "{out}");
    assert!(out.contains("1 without training compute"), "{out}");
    assert!(
        out.contains("already in the built-in catalog") && out.contains("GPT-4"),
        "{out}"
    );
    let dir = config.join("agi-compute").join("presets");
    assert_eq!(files_in(&dir), ["milestones-epoch.ron"]);
    let c = Catalog::load(std::slice::from_ref(&dir));
    assert!(
        c.problems.is_empty() && c.notices.is_empty(),
        "{:#?}",
        c.problems
    );
    let phi = c.milestone("phi-4-reasoning").expect("imported");
    assert_eq!(phi.flop.value, 9.3368077e23);
    assert_eq!(phi.accelerator.as_deref(), Some("h100-sxm"));
    assert!(phi.flop.source.contains("https://arxiv.org/abs/2504.21318"));
    // And the program itself reads it from the config directory.
    let o = run(&config, &["presets"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("Phi-4-Reasoning"));
    assert!(!stdout(&o).contains("Problems"), "{}", stdout(&o));
}

#[test]
fn import_epoch_refuses_a_file_without_the_required_columns() {
    let config = fresh_dir("missing-config");
    let out_dir = fresh_dir("missing-out");
    let o = run(
        &config,
        &[
            "presets",
            "import-epoch",
            &fixture("missing-columns.csv"),
            "--out",
            out_dir.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("missing required columns 'Training compute (FLOP)', 'Confidence'"),
        "{err}"
    );
    assert!(files_in(&out_dir).is_empty(), "nothing written");

    // An unreadable file is bad input too.
    let o = run(
        &config,
        &[
            "presets",
            "import-epoch",
            &fixture("no-such-file.csv"),
            "--out",
            out_dir.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("cannot read"), "{}", stderr(&o));
}

#[test]
fn import_epoch_never_replaces_an_existing_file_unless_forced() {
    let config = fresh_dir("exists-config");
    let out_dir = fresh_dir("exists-out");
    let target = out_dir.join("milestones-epoch.ron");
    let mine = "// my own runs\n[]\n";
    std::fs::write(&target, mine).unwrap();
    let args = [
        "presets",
        "import-epoch",
        &fixture("notable-models.csv"),
        "--out",
        out_dir.to_str().unwrap(),
    ];
    let o = run(&config, &args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), mine);
    assert_eq!(files_in(&out_dir), ["milestones-epoch.ron"]);

    let mut forced = args.to_vec();
    forced.push("--force");
    let o = run(&config, &forced);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(text.contains("example-run-alpha"));
    assert_eq!(files_in(&out_dir), ["milestones-epoch.ron"]);
}

#[test]
fn import_epoch_keeps_the_users_own_entries_of_the_directory() {
    let config = fresh_dir("neighbour-config");
    let out_dir = fresh_dir("neighbour-out");
    let mine = "[\n    Milestone(\n        id: \"example-run-beta\",\n        name: \"My Beta\",\n        org: \"Me\",\n        date: \"2024-07-15\",\n        flop: (value: 6e24, status: Reported, source: \"my notes, https://example.org/mine\"),\n    ),\n]\n";
    std::fs::write(out_dir.join("milestones.ron"), mine).unwrap();
    let o = run(
        &config,
        &[
            "presets",
            "import-epoch",
            &fixture("notable-models.csv"),
            "--out",
            out_dir.to_str().unwrap(),
        ],
    );
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(out.contains("Wrote 2 milestones"), "{out}");
    assert!(
        out.contains("1 already in another preset file of") && out.contains("Example Run Beta"),
        "{out}"
    );
    let c = Catalog::load(std::slice::from_ref(&out_dir));
    assert!(
        c.problems.is_empty() && c.notices.is_empty(),
        "{:#?}",
        c.problems
    );
    assert_eq!(
        c.milestone("example-run-beta").map(|m| m.flop.value),
        Some(6e24)
    );
    assert!(c.milestone("example-run-alpha").is_some());
}
