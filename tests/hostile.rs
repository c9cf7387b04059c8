//! Hostile input, round three: what an attacker found on the newer surfaces (sweeps, one-line
//! scenarios, SVG/HTML, the Epoch importer, CSV writers, standard error), each kept refused or
//! harmless. Files that reproduce the cases are in `tests/fixtures/hostile/`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use crate::common::TempDir;
use crate::support::binary::{bin, run, stderr, stdout};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(name)
}

/// Hidden temporary files left in `dir`.
fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .expect("read dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

const SMALL: [&str; 5] = ["sweep", "--vary", "gpus=1..10:3", "--outputs", "power_mw"];

fn sweep_to(path: &Path) -> std::process::Output {
    let out = path.to_str().expect("UTF-8 path");
    run(&[&SMALL[..], &["--out", out]].concat())
}

#[cfg(unix)]
#[test]
fn sweep_out_writes_into_a_fifo_and_leaves_it_a_fifo() {
    use std::os::unix::fs::FileTypeExt;
    let dir = TempDir::new("sweep-fifo");
    let fifo = dir.path().join("rows");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid C string and a mode.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo).expect("read the FIFO"))
    };
    let o = sweep_to(&fifo);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let got = reader.join().expect("reader");
    assert!(got.starts_with("gpus,power_mw\n1.0,"), "{got}");
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(leftovers(dir.path()).is_empty());
}

#[cfg(unix)]
#[test]
fn sweep_out_writes_into_a_character_device() {
    use std::os::unix::fs::FileTypeExt;
    let o = sweep_to(Path::new("/dev/null"));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let m = fs::symlink_metadata("/dev/null").unwrap();
    assert!(m.file_type().is_char_device());
}

#[cfg(unix)]
#[test]
fn sweep_out_keeps_the_mode_and_the_hard_links_of_a_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("sweep-mode");
    let file = dir.path().join("grid.csv");
    for mode in [0o644, 0o664, 0o600] {
        fs::write(&file, "old\n").unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(mode)).unwrap();
        let o = sweep_to(&file);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let m = fs::metadata(&file).unwrap();
        assert_eq!(m.permissions().mode() & 0o7777, mode);
        assert!(fs::read_to_string(&file).unwrap().starts_with("gpus,"));
    }
    let other = dir.path().join("link.csv");
    fs::write(&file, "old\n").unwrap();
    fs::hard_link(&file, &other).unwrap();
    let o = sweep_to(&file);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(fs::read_to_string(&other).unwrap().starts_with("gpus,"));
    // A symbolic link is followed: the file it names gets the rows, the link stays a link.
    let link = dir.path().join("sym.csv");
    let target = dir.path().join("target.csv");
    fs::write(&target, "old\n").unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let o = sweep_to(&link);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(fs::read_to_string(&target).unwrap().starts_with("gpus,"));
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
}

#[cfg(unix)]
#[test]
fn an_interrupted_sweep_leaves_no_temporary_file() {
    use std::os::unix::process::ExitStatusExt;
    for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        let dir = TempDir::new("sweep-signal");
        let out = dir.path().join("grid.csv");
        let mut child = bin()
            .args([
                "sweep",
                "--vary",
                "gpus=1..1M:1000",
                "--vary",
                "days=1..100:10000",
                "--out",
                out.to_str().unwrap(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        // The signal is sent once the hidden file is there (the sweep is ten million rows: it
        // is still being written).
        while leftovers(dir.path()).is_empty() {
            assert!(child.try_wait().unwrap().is_none(), "the sweep ended early");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let pid = i32::try_from(child.id()).unwrap();
        // SAFETY: signalling our own child.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
        let status = child.wait().unwrap();
        assert_eq!(status.signal(), Some(signal), "{status:?}");
        assert!(
            leftovers(dir.path()).is_empty(),
            "{:?}",
            leftovers(dir.path())
        );
        assert!(!out.exists());
    }
}

#[test]
fn repeated_outputs_are_refused_without_a_panic() {
    let many = vec!["power_mw"; 1000].join(",");
    for outputs in [many.as_str(), "power_mw,power_mw"] {
        for format in ["csv", "jsonl", "markdown"] {
            let o = run(&[
                "sweep",
                "--vary",
                "gpus=1..40:40",
                "--outputs",
                outputs,
                "--format",
                format,
            ]);
            assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
            assert!(
                stderr(&o).contains("power_mw is named twice"),
                "{}",
                stderr(&o)
            );
            assert!(!stderr(&o).contains('\x1b'), "{}", stderr(&o));
        }
    }
}

#[test]
fn grids_are_counted_before_they_are_built() {
    // Three ten-million-step axes: refused at once with the exact count (1e21 rows).
    let o = run(&[
        "sweep",
        "--vary",
        "gpus=1..10M:10000000",
        "--vary",
        "days=1..100:10000000",
        "--vary",
        "mfu=1%..50%:10000000",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("the grid has 1000000000000000000000 rows"),
        "{}",
        stderr(&o)
    );
    // Thirty of them: refused for the axis count, nothing built.
    let mut args = vec!["sweep".to_string()];
    for _ in 0..30 {
        args.extend(["--vary".into(), "gpus=1..10M:10000000".into()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = run(&args);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("at most three inputs (got 30)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn rounded_gpu_counts_that_repeat_are_noted() {
    let o = run(&["sweep", "--vary", "gpus=1..3:5", "--outputs", "power_mw"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("2 of its 5 values equal the one before"),
        "{}",
        stderr(&o)
    );
    let o = run(&["sweep", "--vary", "gpus=1..5:5", "--outputs", "power_mw"]);
    assert!(!stderr(&o).contains("note:"), "{}", stderr(&o));
}

/// Standard error on `/dev/full`: every write to it fails.
#[cfg(target_os = "linux")]
fn with_full_stderr(args: &[&str]) -> std::process::Output {
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    bin()
        .args(args)
        .stderr(Stdio::from(full))
        .output()
        .expect("binary runs")
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_standard_error_does_not_stop_the_answer() {
    // A note (the card lacks a sourced price), then the answer.
    let o = with_full_stderr(&["eval", "--accelerator", "b200"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("b200"), "{}", stdout(&o));
    // A sweep's note, then its rows.
    let o = with_full_stderr(&["sweep", "--vary", "gpus=1..3:5", "--outputs", "power_mw"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o).lines().count(), 6, "{}", stdout(&o));
    // A refusal: its exit code still says so.
    let o = with_full_stderr(&["eval", "--scenario", "agi1:nope"]);
    assert_eq!(o.status.code(), Some(2));
    // Preset warnings.
    let dir = TempDir::new("full-stderr");
    fs::write(dir.path().join("broken.ron"), "(").unwrap();
    let o = with_full_stderr(&[
        "--presets",
        dir.path().to_str().unwrap(),
        "sweep",
        "--vary",
        "gpus=1..2:2",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o).lines().count(), 3, "{}", stdout(&o));
}

fn import(csv: &Path, out: &Path) -> std::process::Output {
    run(&[
        "presets",
        "import-epoch",
        csv.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--dataset-date",
        "2026-01-01",
    ])
}

#[test]
fn a_failed_import_says_why_row_by_row() {
    for (file, why) in [
        (
            "epoch-non-utf8.csv",
            "row 2, column 'Model': not UTF-8 text; row skipped",
        ),
        (
            "epoch-unterminated.csv",
            "row 2: 1 fields where the header has 7; skipped",
        ),
    ] {
        let dir = TempDir::new("import-fail");
        let o = import(&fixture(file), dir.path());
        assert_eq!(o.status.code(), Some(2), "{file}: {}", stderr(&o));
        let e = stderr(&o);
        assert!(e.contains("no row to import"), "{file}: {e}");
        assert!(e.contains("1 malformed"), "{file}: {e}");
        assert!(e.contains(why), "{file}: {e}");
    }
}

#[test]
fn an_import_too_big_to_load_is_refused_while_reading() {
    let dir = TempDir::new("import-big");
    let csv = dir.path().join("many.csv");
    let mut text = String::from(
        "Model,Organization,Publication date,Link,Training compute (FLOP),Confidence,Parameters\n",
    );
    for i in 0..20_000 {
        text.push_str(&format!(
            "Run {i},Org,2024-01-01,https://example.org/{i},1e25,Likely,1e9\n"
        ));
    }
    fs::write(&csv, text).unwrap();
    let o = import(&csv, &dir.path().join("out"));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("the file would be over 1048576 bytes"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("out/milestones-epoch.ron").exists());
}

#[test]
fn a_huge_cell_is_left_out_not_copied() {
    let dir = TempDir::new("import-cell");
    let csv = dir.path().join("cell.csv");
    let note = "n".repeat(1 << 20);
    fs::write(
        &csv,
        format!(
            "Model,Organization,Publication date,Link,Training compute (FLOP),Confidence,\
             Training compute notes\nBig,Org,2024-01-01,https://example.org,1e25,Likely,{note}\n"
        ),
    )
    .unwrap();
    let o = import(&csv, dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("column 'Training compute notes': 1048576 bytes, over the 65536"),
        "{}",
        stderr(&o)
    );
}

/// Every cell of a CSV text: none a spreadsheet would run as a formula (text starting with
/// `=`, `+`, `-` or `@`); a cell starting with `-` is a number. Returns the cells.
fn no_formula_cells(text: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut cells = Vec::new();
    for record in reader.records() {
        for cell in record.expect("valid CSV").iter() {
            let formula = cell.starts_with(['=', '+', '@', '\t', '\r'])
                || (cell.starts_with('-') && cell.parse::<f64>().is_err());
            assert!(!formula, "formula cell {cell:?} in\n{text}");
            assert!(
                !matches!(cell, "inf" | "-inf" | "NaN"),
                "{cell:?} in\n{text}"
            );
            cells.push(cell.to_string());
        }
    }
    cells
}

#[test]
fn csv_writers_neutralise_formulas_and_keep_numbers() {
    let file = fixture("formula-title.ron");
    let file = file.to_str().unwrap();
    let runs = fixture("formula-run");
    let runs = runs.to_str().unwrap();
    let commands: [&[&str]; 6] = [
        &["eval", "--file", file, "--format", "csv"],
        &["eval", "--file", file, "--format", "csv", "--wide"],
        &["cards", "--file", file, "--format", "csv"],
        &["--presets", runs, "cost", "--vs-epoch", "--format", "csv"],
        &[
            "--presets",
            runs,
            "cost",
            "llama-3.1-405b",
            "--format",
            "csv",
        ],
        &[
            "eval",
            "--file",
            file,
            "--format",
            "csv",
            "--amortize-years",
            "5e-324",
        ],
    ];
    for args in commands {
        let o = run(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        let cells = no_formula_cells(&stdout(&o));
        // The neutralised texts are kept, after an apostrophe.
        let has = |c: &str| cells.iter().any(|x| x.starts_with(c));
        match args[0] {
            "eval" if args.contains(&"--wide") => assert!(has("'=HYPERLINK(")),
            "eval" => {
                assert!(has("'+cmd|"));
                assert!(has("'-20 % then 40%"));
                assert!(has("'@SUM(A1)"));
            }
            "--presets" if args.contains(&"--vs-epoch") => assert!(has("'-2+3+cmd|")),
            _ => {}
        }
        // Numbers stay numbers: some cell is a plain number.
        assert!(cells.iter().any(|c| c.parse::<f64>().is_ok()), "{args:?}");
    }
}

#[test]
fn scenario_strings_refuse_control_characters() {
    for s in [
        "agi1:h100-sxm;gpus=1k\u{b};days=30",
        "agi1:h100-sxm;gpus=1k\r;days=30",
        "agi1:h100-sxm;gpus=1k\u{85};days=30",
        "agi1:h100-sxm;gpus=1k\n;days=30",
    ] {
        let o = run(&["eval", "--scenario", s]);
        assert_eq!(o.status.code(), Some(2), "{s:?}: {}", stdout(&o));
        assert!(
            stderr(&o).contains("the control character U+"),
            "{}",
            stderr(&o)
        );
    }
}

#[test]
fn svg_and_html_never_hold_characters_xml_refuses() {
    let file = fixture("title-noncharacters.ron");
    for format in ["svg", "html"] {
        let o = run(&[
            "render",
            "--file",
            file.to_str().unwrap(),
            "--format",
            format,
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let text = stdout(&o);
        assert!(!text.contains(['\u{fffe}', '\u{ffff}']), "{format}");
        assert!(
            text.contains("Meta \u{fffd}\u{fffd} noncharacters"),
            "{format}"
        );
        if format == "svg" {
            roxmltree::Document::parse(&text).expect("well-formed XML");
        }
    }
}

/// The words a table, JSON or CSV must never print for a number.
fn no_inf_or_nan(text: &str) -> Result<(), String> {
    for token in text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '.')) {
        if matches!(token, "inf" | "-inf" | "NaN" | "Infinity") {
            return Err(format!("shows {token:?}"));
        }
    }
    Ok(())
}

#[test]
fn huge_answers_and_refusals_are_a_few_digits() {
    for args in [
        &["eval", "--solve", "mfu", "--target-flop", "1e300"][..],
        &[
            "eval",
            "--solve",
            "mfu",
            "--target-ratio",
            "1e300",
            "--milestone",
            "gpt-4",
        ],
        &["eval", "--solve", "gpus", "--target-params", "1e300"],
        &["eval", "--mfu", "1e308"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let e = stderr(&o);
        assert!(
            !e.chars()
                .collect::<Vec<_>>()
                .windows(20)
                .any(|w| w.iter().all(char::is_ascii_digit)),
            "{args:?}: {e}"
        );
        no_inf_or_nan(&e).unwrap_or_else(|m| panic!("{args:?}: {m}: {e}"));
    }
}

#[test]
fn tiny_inputs_print_no_infinity_in_any_format() {
    for flag in ["--amortize-years", "--mfu", "--share"] {
        for format in ["table", "csv", "markdown", "json"] {
            let o = run(&["eval", flag, "5e-324", "--format", format]);
            assert_eq!(o.status.code(), Some(0), "{flag} {format}: {}", stderr(&o));
            no_inf_or_nan(&stdout(&o)).unwrap_or_else(|m| panic!("{flag} {format}: {m}"));
        }
    }
}

#[test]
fn data_files_with_tiny_values_are_refused() {
    let limits = fixture("tiny-limits");
    let prices = fixture("tiny-price-index");
    let cases: [(&Path, &[&str], &str); 2] = [
        (
            &limits,
            &["eval"],
            "data_stock_tokens must be a finite number in [1, 1e17] tokens (got 5e-324)",
        ),
        (
            &prices,
            &["cost", "--vs-epoch"],
            "value must be a finite number in [1e-6, 1e6] (got 5e-324)",
        ),
    ];
    for (dir, command, warning) in cases {
        for format in ["table", "csv", "markdown", "json"] {
            let args = [
                &["--presets", dir.to_str().unwrap()][..],
                command,
                &["--format", format],
            ]
            .concat();
            let o = run(&args);
            assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
            assert!(stderr(&o).contains(warning), "{args:?}: {}", stderr(&o));
            no_inf_or_nan(&stdout(&o)).unwrap_or_else(|m| panic!("{args:?}: {m}"));
        }
    }
}

#[test]
fn small_refusals_say_what_is_wrong() {
    // A 100 KB id comes back clipped.
    let long = "x".repeat(100_000);
    for args in [
        &["eval", "--accelerator", &long][..],
        &["eval", "--preset", &long],
        &["eval", "--from-run", &long],
        &[
            "eval",
            "--solve",
            "gpus",
            "--target-ratio",
            "2",
            "--milestone",
            &long,
        ],
        &["cost", &long],
        &["sweep", "--vary", &format!("{long}=1..2:2")],
        &["sweep", "--vary", "gpus=1..2:2", "--outputs", &long],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{:?}", &args[..2]);
        assert!(
            stderr(&o).len() < 2_000,
            "{:?}: {} bytes",
            &args[..2],
            stderr(&o).len()
        );
    }
    // A negative target is a value to refuse, not an unknown flag.
    let o = run(&["eval", "--solve", "gpus", "--target-flop", "-1e25"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("'-1e25' for '--target-flop <FLOP>': must be a positive number"),
        "{}",
        stderr(&o)
    );
    let o = run(&["eval", "--gpus", "-5"]);
    assert!(
        stderr(&o).contains("GPUs must be in [1, 1000000000] (got -5)"),
        "{}",
        stderr(&o)
    );
    // More active parameters than parameters.
    let o = run(&["eval", "--params", "1e9", "--active-params", "1e12"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is above --params"), "{}", stderr(&o));
    // A tiny duration keeps the cards' columns apart.
    let o = run(&["cards", "--days", "5e-324"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let row = stdout(&o)
        .lines()
        .find(|l| l.trim_start().starts_with("h100-sxm"))
        .expect("an h100-sxm row")
        .to_string();
    assert!(row.contains(" k  7.1e-321 min"), "{row}");
}

#[test]
fn the_picker_keeps_one_small_row_per_run_across_openings() {
    use agi_compute::app::{Action, App, Mode};
    use agi_compute::presets::{Catalog, DEFAULT_SCENARIO, MilestoneKind};
    let mut catalog = Catalog::embedded();
    // A large user catalog: twenty thousand more runs, each a copy of a run with a record.
    let template = catalog
        .milestones
        .iter()
        .find(|m| m.id == "llama-3.1-405b")
        .expect("a run with a record")
        .clone();
    assert_eq!(template.kind, MilestoneKind::Run);
    for k in 0..20_000 {
        let mut m = template.clone();
        m.id = format!("copy-{k}").into();
        m.name = format!("Copy {k}").into();
        catalog.milestones.push(m);
    }
    let scenario = catalog.scenario(DEFAULT_SCENARIO).unwrap().scenario.clone();
    let mut app = App::new(catalog, scenario);
    app.update(Action::OpenPicker);
    assert!(app.picker.runs.len() > 20_000, "{}", app.picker.runs.len());
    let built = app.picker.runs.as_ptr();
    app.update(Action::Back);
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.mode);
    app.update(Action::OpenPicker);
    assert_eq!(app.picker.runs.as_ptr(), built, "the rows were built again");
    // The detail pane shows the selected run, worked out for it alone.
    let presets = app.catalog.scenarios.len();
    let last = presets + app.picker.runs.len() - 1;
    app.update(Action::PickerSelect(last));
    let preview = app
        .picker
        .preview
        .as_ref()
        .expect("a preview of the selected run");
    assert_eq!(app.catalog.milestones[preview.milestone].id, "copy-19999");
    app.update(Action::PickerChoose);
    assert!(
        app.scenario.description.contains("Copy 19999")
            || app.scenario.title.contains("Copy 19999"),
        "{} / {}",
        app.scenario.title,
        app.scenario.description
    );
}

#[test]
fn sweep_captured_answers_or_refuses_as_the_command_does() {
    use agi_compute::cli::sweep_captured;
    let args = |s: &[&str]| s.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    let text = sweep_captured(
        &args(&[
            "--vary",
            "gpus=1..3:3",
            "--outputs",
            "power_mw",
            "--format",
            "jsonl",
        ]),
        100,
    )
    .expect("a sweep");
    assert_eq!(text.lines().count(), 3);
    let e = sweep_captured(
        &args(&["--vary", "gpus=1..3:3", "--outputs", "power_mw,power_mw"]),
        100,
    );
    assert!(e.unwrap_err().contains("named twice"));
    let e = sweep_captured(&args(&["--vary", "gpus=1..1k:1000"]), 100);
    assert!(e.unwrap_err().contains("over the 100 captured"));
    let e = sweep_captured(&args(&["--vary", "gpus=1..2:2", "--out", "x.csv"]), 100);
    assert!(e.unwrap_err().contains("--out"));
}

#[test]
fn a_long_name_keeps_the_save_reason_in_view() {
    use agi_compute::app::App;
    use agi_compute::presets::{Catalog, DEFAULT_SCENARIO};
    use agi_compute::tui::headless::render_text;
    let catalog = Catalog::embedded();
    let scenario = catalog.scenario(DEFAULT_SCENARIO).unwrap().scenario.clone();
    let mut app = App::new(catalog, scenario);
    let dir = TempDir::new("save-long-name");
    app.save_dir = Some(dir.path().to_path_buf());
    // 300 typed; the prompt keeps 256 of them.
    let keys = format!("s C-u {} Enter", "n".repeat(300));
    let frame = render_text(&mut app, 100, 30, &keys).unwrap();
    assert!(
        frame.contains("✗ the name is 256 characters long; names are limited to 64"),
        "{frame}"
    );
    assert!(
        fs::read_dir(dir.path()).unwrap().next().is_none(),
        "nothing saved"
    );
}

/// One whole-GPU rule: a half GPU is refused the same way by a flag, a scenario string and a
/// preset file (the loader), and a known run's derived count is whole (unit-tested in
/// `presets::from_run`).
#[test]
fn half_gpus_are_refused_on_every_surface() {
    let said = "GPUs must be a whole number (got 1.5)";
    for args in [
        &["eval", "--gpus", "1.5"][..],
        &["eval", "--scenario", "agi1:h100-sxm;gpus=1.5"],
        &["eval", "--scenario", "agi1:h100-sxm;gpus=2k[1.5..3k]"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stdout(&o));
        assert!(
            stderr(&o).contains("whole number"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    let file = fixture("half-gpus.ron");
    let o = run(&["eval", "--file", file.to_str().expect("UTF-8")]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains(said), "{}", stderr(&o));
    let dir = TempDir::new("half-gpus");
    fs::copy(&file, dir.path().join("half-gpus.ron")).expect("copy");
    let d = dir.path().to_str().expect("UTF-8");
    let o = run(&["--presets", d, "eval", "--preset", "half-gpus"]);
    assert_ne!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stderr(&o).contains(said), "{}", stderr(&o));
    // A whole count written with rounding noise is that count.
    let o = run(&[
        "eval",
        "--scenario",
        "agi1:h100-sxm;gpus=16384.0000000001",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}
