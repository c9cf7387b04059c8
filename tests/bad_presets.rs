//! The hostile preset corpus: every file of `tests/fixtures/bad-presets/` is refused
//! with one message that names the file, the line and column where the parser knows them, and a
//! plain-words reason. Loading carries on: the eight built-in scenarios are all still there, and
//! `eval --file` on the same file exits 2 with the same message.
//!
//! One test per file. Cases that git cannot hold (a file over 1 MiB, a directory named `x.ron`,
//! an unreadable file, a named pipe) are made at run time in a temporary directory.

use crate::common::TempDir;
use agi_compute::app::{App, Mode};
use agi_compute::presets::read::MAX_FILE_BYTES;
use agi_compute::presets::{Catalog, DEFAULT_SCENARIO, Origin, load_scenario_file};
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------- helpers

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad-presets")
}

fn valid_scenario_text() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("presets/scenarios/meta-2024.ron");
    fs::read_to_string(path).expect("read presets/scenarios/meta-2024.ron")
}

/// A valid scenario named `name` (meta-2024 renamed).
fn valid_scenario_named(name: &str) -> String {
    let text = valid_scenario_text();
    let renamed = text.replacen("name: \"meta-2024\"", &format!("name: \"{name}\""), 1);
    assert_ne!(
        renamed, text,
        "meta-2024.ron no longer has `name: \"meta-2024\"`"
    );
    renamed
}

/// List files are told apart by name, as the catalog does.
fn is_list_file(file: &str) -> bool {
    ["accelerators", "milestones", "fleets"]
        .iter()
        .any(|p| file.to_ascii_lowercase().starts_with(p))
}

/// All eight built-in scenarios are loaded, still from the built-in data.
fn assert_embedded_intact(catalog: &Catalog) {
    let embedded = Catalog::embedded();
    assert_eq!(embedded.scenarios.len(), 8, "the crate embeds 8 scenarios");
    assert!(embedded.problems.is_empty(), "{:?}", embedded.problems);
    for e in &embedded.scenarios {
        let got = catalog
            .scenario(&e.scenario.name)
            .unwrap_or_else(|| panic!("built-in scenario {} is missing", e.scenario.name));
        assert_eq!(
            got.origin,
            Origin::Embedded,
            "{} was replaced",
            e.scenario.name
        );
    }
    assert_eq!(catalog.accelerators, embedded.accelerators);
    assert_eq!(catalog.milestones, embedded.milestones);
    assert_eq!(catalog.fleets, embedded.fleets);
}

/// Runs the real binary with an empty config directory, so no developer presets leak in.
/// Kills it and fails after `timeout`.
fn run_cli<S: AsRef<OsStr>>(args: &[S], timeout: Duration) -> Output {
    let config = TempDir::new("xdg");
    let mut child = Command::new(env!("CARGO_BIN_EXE_agi-compute"))
        .args(args)
        .env("XDG_CONFIG_HOME", config.path())
        .env("HOME", config.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start agi-compute");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait for agi-compute").is_some() {
            return child.wait_with_output().expect("collect output");
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let out = child.wait_with_output().expect("collect output");
            panic!(
                "agi-compute {:?} still running after {timeout:?}; stderr: {}",
                args.iter()
                    .map(|a| a.as_ref().to_owned())
                    .collect::<Vec<_>>(),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

const CLI_TIMEOUT: Duration = Duration::from_secs(30);

/// `eval --file path`: exit status 2 and exactly `error: <message>` on stderr, nothing on stdout.
fn assert_eval_refuses(path: &Path, message: &str) {
    let out = run_cli(
        &[OsStr::new("eval"), OsStr::new("--file"), path.as_os_str()],
        CLI_TIMEOUT,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(2),
        "eval --file {}: {stderr}",
        path.display()
    );
    assert_eq!(stderr, format!("error: {message}\n"));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// `eval --file path`: exit status 0 (stderr shown if not); returns the output.
fn assert_eval_accepts(path: &Path) -> Output {
    let out = run_cli(
        &[OsStr::new("eval"), OsStr::new("--file"), path.as_os_str()],
        CLI_TIMEOUT,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "eval --file {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Loads `dir` as the only user directory and returns the one problem found.
fn one_problem(dir: &Path) -> (Catalog, String) {
    let catalog = Catalog::load(&[dir.to_path_buf()]);
    assert_embedded_intact(&catalog);
    assert_eq!(
        catalog.problems.len(),
        1,
        "expected exactly one problem, got {:#?}",
        catalog.problems
    );
    let text = catalog.problems[0].to_string();
    (catalog, text)
}

/// The check behind every committed file: alone in a user directory it gives one problem at
/// `pos` (line, column; `None` where the parser has no position) whose text has `reason`, and
/// `eval --file` refuses it with exit status 2 and the same `path:line:col:`.
fn check_bad_file(file: &str, pos: Option<(usize, usize)>, reason: &str) {
    let dir = TempDir::new(file);
    let path = dir.path().join(file);
    fs::copy(corpus().join(file), &path).expect("copy fixture");
    let shown = path.display().to_string();

    // (a) The catalog loads everything else and reports this file once.
    let (catalog, text) = one_problem(dir.path());
    assert_eq!(
        catalog.scenarios.len(),
        8,
        "the bad file must not add a scenario"
    );
    let problem = &catalog.problems[0];
    assert_eq!(problem.path, shown);
    let prefix = match pos {
        Some((line, col)) => format!("{shown}:{line}:{col}: "),
        None => format!("{shown}: "),
    };
    assert!(
        text.starts_with(&prefix),
        "expected {prefix:?}…, got {text:?}"
    );
    assert_eq!(
        (problem.line, problem.col),
        (pos.map(|p| p.0), pos.map(|p| p.1))
    );
    assert!(
        text.contains(reason),
        "expected the reason {reason:?} in {text:?}"
    );

    // (b) `eval --file` refuses it with the same message. List files are parsed as a scenario
    // there (that is what `--file` takes), so their message is the scenario parser's: it still
    // names the file and the line where the list starts.
    if is_list_file(file) {
        let scenario_problem = load_scenario_file(&path).expect_err("a list is not a scenario");
        let message = scenario_problem.to_string();
        let body = fs::read_to_string(&path).expect("read");
        let list_start = body
            .lines()
            .position(|l| l.starts_with('[') || l.starts_with("Accelerator("))
            .expect("where the list starts");
        assert!(
            message.starts_with(&format!("{shown}:{}:1: ", list_start + 1)),
            "{message}"
        );
        assert!(message.contains("Scenario"), "{message}");
        // A list says what it is and where it belongs.
        if body
            .lines()
            .nth(list_start)
            .is_some_and(|l| l.starts_with('['))
        {
            assert!(message.contains("this file holds a list"), "{message}");
        }
        assert_eval_refuses(&path, &message);
    } else {
        assert_eq!(load_scenario_file(&path).expect_err("refused"), *problem);
        assert_eval_refuses(&path, &text);
    }
}

macro_rules! bad_files {
    ($($test:ident: $file:literal at $pos:expr, $reason:literal;)*) => {
        $(
            #[test]
            fn $test() {
                check_bad_file($file, $pos, $reason);
            }
        )*
        /// Every committed file with its own test, for the completeness check.
        const LISTED: &[&str] = &[$($file),*];
    };
}

fn at(line: usize, col: usize) -> Option<(usize, usize)> {
    Some((line, col))
}

const NOWHERE: Option<(usize, usize)> = None;

// ---------------------------------------------------------------- the corpus, one test per file
//
// Line 2 of each file (or its README entry) says what is wrong with it. Positions are 1-based,
// columns in characters, and point at the token to fix.

bad_files! {
    // Syntax and structure.
    truncated: "truncated.ron" at at(11, 88), "ends too early";
    truncated_in_string: "truncated-in-string.ron" at at(9, 60), "end of string";
    unclosed_block_comment: "unclosed-block-comment.ron" at at(12, 5), "never closed";
    trailing_characters: "trailing-characters.ron" at at(24, 1), "after the end of the preset data";
    trailing_after_comment: "trailing-after-comment.ron" at at(25, 1), "after the end of the preset data";
    missing_comma: "missing-comma.ron" at at(10, 5), "Expected comma";
    wrong_struct_name: "wrong-struct-name.ron" at at(3, 1), "Expected struct `Scenario` but found `Accelerator`";
    list_instead_of_scenario: "list-instead-of-scenario.ron" at at(3, 1), "this file holds a list, but a scenario file holds one Scenario";
    nul_byte: "nul-byte.ron" at at(12, 1), "Expected identifier";
    deep_nesting: "deep-nesting.ron" at at(18, 15), "Expected string";
    empty: "empty.ron" at NOWHERE, "file is empty";
    whitespace_only: "whitespace-only.ron" at NOWHERE, "file is empty";
    only_comments: "only-comments.ron" at NOWHERE, "only comments";
    // Wrong types.
    wrong_type_gpus_string: "wrong-type-gpus-string.ron" at at(8, 11), "for struct `Sourced`";
    wrong_type_value_string: "wrong-type-value-string.ron" at at(8, 19), "Expected float";
    wrong_type_name_number: "wrong-type-name-number.ron" at at(4, 11), "Expected string";
    wrong_type_status: "wrong-type-status.ron" at at(9, 41), "`Rumoured` in enum `Status`";
    wrong_type_sources_string: "wrong-type-sources-string.ron" at at(18, 14), "Expected opening `[`";
    wrong_type_precision: "wrong-type-precision.ron" at at(7, 16), "`Fp4` in enum `Precision`";
    duplicate_field: "duplicate-field.ron" at at(12, 5), "duplicate field named `gpus`";
    // Unknown and missing fields.
    unknown_field: "unknown-field.ron" at at(7, 5), "unknown field";
    unknown_field_in_sourced: "unknown-field-in-sourced.ron" at at(8, 29), "unknown field";
    missing_field_gpus: "missing-field-gpus.ron" at at(23, 1), "required field is missing";
    missing_field_source: "missing-field-source.ron" at at(11, 63), "required field is missing";
    // Values out of range or not finite.
    inf_days: "inf-days.ron" at at(12, 5), "Days must be in (0, 3650] (got inf)";
    nan_mfu: "nan-mfu.ron" at at(11, 5), "MFU must be in (0, 100%] (got NaN)";
    negative_infinity_watts: "negative-infinity-watts.ron" at at(13, 5), "must be in (0, 10000] (got -inf)";
    overflow_1e400: "overflow-1e400.ron" at at(8, 5), "GPUs must be in [1, 1000000000] (got inf)";
    negative_price: "negative-price.ron" at at(9, 5), "must be in [0, 1000000] (got -30000)";
    zero_gpus: "zero-gpus.ron" at at(8, 5), "GPUs must be in [1, 1000000000] (got 0)";
    mfu_1_5: "mfu-1.5.ron" at at(11, 5), "MFU must be in (0, 100%] (got 150%)";
    pue_below_one: "pue-below-one.ron" at at(14, 5), "PUE must be in [1, 3] (got 0.5)";
    amortization_zero: "amortization-zero.ron" at at(17, 5), "must be in (0, 20] (got 0)";
    range_low_above_high: "range-low-above-high.ron" at at(11, 5), "low is above high";
    range_out_of_bounds: "range-out-of-bounds.ron" at at(9, 5), "range of Price / GPU must be in";
    bad_name: "bad-name.ron" at at(4, 5), "must be 1–64 characters";
    key_text_in_string: "key-text-in-string.ron" at at(11, 5), "MFU must be in";
    key_text_in_comment: "key-text-in-comment.ron" at at(11, 5), "MFU must be in";
    // Encodings and line endings.
    bom_then_error: "bom-then-error.ron" at at(11, 5), "MFU must be in";
    bom_then_syntax_error: "bom-then-syntax-error.ron" at at(7, 5), "unknown field";
    bom_one_line: "bom-one-line.ron" at at(1, 236), "MFU must be in";
    crlf_unknown_field: "crlf-unknown-field.ron" at at(7, 5), "unknown field";
    crlf_mfu_1_5: "crlf-mfu-1.5.ron" at at(11, 5), "MFU must be in";
    unicode_before_error: "unicode-before-error.ron" at at(5, 37), "unknown field";
    unicode_whitespace: "unicode-whitespace.ron" at at(11, 6), "MFU must be in";
    non_utf8: "non-utf8.ron" at at(5, 25), "not UTF-8 text (invalid byte at offset 230)";
    utf16: "utf16.ron" at at(1, 1), "not UTF-8 text (invalid byte at offset 0)";
    // List files, recognised by their names.
    accelerators_zero_tflops: "accelerators-zero-tflops.ron" at at(8, 9), "bf16_tflops must be a finite number in [1, 100000] (got 0)";
    accelerators_unknown_field: "accelerators-unknown-field.ron" at at(8, 9), "unknown field";
    accelerators_not_a_list: "accelerators-not-a-list.ron" at at(3, 1), "Expected opening `[`";
    milestones_mfu_1_5: "milestones-mfu-1.5.ron" at at(10, 9), "reported_mfu must be a finite number in (0, 1] (a fraction, not a percentage) (got 1.5)";
    milestones_missing_flop: "milestones-missing-flop.ron" at at(11, 5), "required field is missing";
    milestones_second_entry_bad: "milestones-second-entry-bad.ron" at at(17, 9), "flop must be a finite number in (0, 1e40] FLOP";
    milestones_params_after_total_params: "milestones-params-after-total-params.ron" at at(11, 9), "params must be a finite number in (0, 1e16] parameters (got -1)";
    fleets_zero_count: "fleets-zero-count.ron" at at(10, 9), "count must be a finite number in [1, 1e9] accelerators (got 0)";
    fleets_bad_id: "fleets-bad-id.ron" at at(5, 9), "must be 1–64 characters";
    fleets_id_equals_accelerator: "fleets-id-equals-accelerator.ron" at at(18, 9), "fleet 'h100-sxm': count must be";
    fleets_with_extension_attribute: "fleets-with-extension-attribute.ron" at at(19, 9), "fleet 'xai-h100-copy': count must be";
    // Hostile values: sizes that overflow what is derived from them, text that drives a
    // terminal or forges rows, ids that differ only in case.
    fleets_count_max_f64: "fleets-count-max-f64.ron" at at(10, 9), "count must be a finite number in [1, 1e9] accelerators (got 1.7976931348623157e308)";
    fleets_count_2e305: "fleets-count-2e305.ron" at at(10, 9), "count must be a finite number in [1, 1e9] accelerators (got 2e305)";
    fleets_count_nan: "fleets-count-nan.ron" at at(10, 9), "count must be a finite number in [1, 1e9] accelerators (got NaN)";
    fleets_count_high_range: "fleets-count-high-range.ron" at at(10, 9), "count high must be a finite number in [1, 1e9] accelerators (got 1e12)";
    fleets_name_osc_title: "fleets-name-osc-title.ron" at at(6, 9), "name contains the control character U+001B at character 1";
    fleets_date_newline: "fleets-date-newline.ron" at at(8, 9), "date contains the control character U+000A at character 8";
    fleets_case_duplicate: "fleets-case-duplicate.ron" at at(13, 9), "duplicate fleet id 'META-H100-COPY' (the same as 'Meta-H100-Copy' on line 5; ids ignore case); this file is skipped";
    milestones_flop_1e41: "milestones-flop-1e41.ron" at at(9, 9), "flop must be a finite number in (0, 1e40] FLOP (got 1e41)";
    milestones_flop_max_f64: "milestones-flop-max-f64.ron" at at(9, 9), "flop must be a finite number in (0, 1e40] FLOP (got 1.7976931348623157e308)";
    milestones_name_bidi: "milestones-name-bidi.ron" at at(6, 9), "name contains the control character U+202E at character 7";
    milestones_org_osc52: "milestones-org-osc52.ron" at at(7, 9), "org contains the control character U+001B at character 1";
    milestones_id_newline: "milestones-id-newline.ron" at at(5, 9), "name 'llama-3.1\\u{a}405b-copy' must be 1–64 characters";
    milestones_gpu_count_1e300: "milestones-gpu-count-1e300.ron" at at(10, 9), "gpu_count must be a finite number in (0, 1e9] accelerators (got 1e300)";
    milestones_days_nan: "milestones-days-nan.ron" at at(10, 9), "days must be a finite number in (0, 3650] days (got NaN)";
    milestones_mfu_low_zero: "milestones-mfu-low-zero.ron" at at(10, 9), "reported_mfu low must be a finite number in (0, 1]";
    milestones_case_duplicate: "milestones-case-duplicate.ron" at at(13, 9), "duplicate milestone id 'MY-RUN' (the same as 'My-Run' on line 5; ids ignore case); this file is skipped";
    accelerators_tflops_1e308: "accelerators-tflops-1e308.ron" at at(8, 9), "bf16_tflops must be a finite number in [1, 100000] (got 1e308)";
    accelerators_memory_inf: "accelerators-memory-inf.ron" at at(9, 9), "memory_gb must be a finite number in (0, 1e6] GB (got inf)";
    accelerators_tdp_1e9: "accelerators-tdp-1e9.ron" at at(9, 9), "tdp_watts must be a finite number in (0, 100000] W (got 1e9)";
    accelerators_vendor_8bit_csi: "accelerators-vendor-8bit-csi.ron" at at(7, 9), "vendor contains the control character U+009B at character 3";
    title_escape_clear_screen: "title-escape-clear-screen.ron" at at(5, 5), "title contains the control character U+001B at character 10";
    title_newline_fake_row: "title-newline-fake-row.ron" at at(5, 5), "title contains the control character U+000A at character 10";
    description_carriage_return: "description-carriage-return.ron" at at(6, 5), "description contains the control character U+000D at character 9";
    name_bidi_override: "name-bidi-override.ron" at at(4, 5), "name 'meta\\u{202e}4202' must be 1–64 characters";
    name_80_characters: "name-80-characters.ron" at at(4, 5), "must be 1–64 characters of letters, digits, '-', '_' or '.' (it has 80)";
    source_nul: "source-nul.ron" at at(8, 5), "gpus contains the control character U+0000 at character 11";
}

// ---------------------------------------------------------------- the corpus as a whole

fn committed_files() -> Vec<String> {
    let mut files: Vec<String> = fs::read_dir(corpus())
        .expect("read corpus")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "ron"))
        .map(|p| p.file_name().expect("name").to_string_lossy().into_owned())
        .collect();
    files.sort();
    files
}

#[test]
fn every_committed_file_has_its_own_test() {
    let mut listed: Vec<String> = LISTED.iter().map(|s| s.to_string()).collect();
    listed.sort();
    let before = listed.len();
    listed.dedup();
    assert_eq!(listed.len(), before, "a file is listed twice");
    assert_eq!(
        committed_files(),
        listed,
        "tests/fixtures/bad-presets and the bad_files! list differ"
    );
    assert!(listed.len() >= 30, "the issue asks for at least 30 files");
}

#[test]
fn whole_corpus_at_once_gives_one_problem_per_file_and_the_app_starts() {
    // The committed files plus the run-time ones that need no special privileges.
    let dir = TempDir::new("whole");
    let mut expected = Vec::new();
    for f in committed_files() {
        fs::copy(corpus().join(&f), dir.path().join(&f)).expect("copy");
        expected.push(dir.path().join(&f));
    }
    write_over_limit(&dir.path().join("over-1mib.ron"));
    expected.push(dir.path().join("over-1mib.ron"));
    fs::create_dir(dir.path().join("a-directory.ron")).expect("mkdir");
    expected.push(dir.path().join("a-directory.ron"));
    expected.sort();

    let catalog = Catalog::load(&[dir.path().to_path_buf()]);
    assert_embedded_intact(&catalog);
    assert_eq!(catalog.scenarios.len(), 8);
    let paths: Vec<PathBuf> = catalog
        .problems
        .iter()
        .map(|p| PathBuf::from(&p.path))
        .collect();
    // One problem per file, in file-name order (the loader sorts).
    assert_eq!(paths, expected, "{:#?}", catalog.problems);

    let scenario = catalog
        .scenario(DEFAULT_SCENARIO)
        .expect("default scenario")
        .scenario
        .clone();
    let app = App::new(catalog, scenario);
    assert_eq!(
        app.mode,
        Mode::Problems,
        "the app opens on the problems panel"
    );
    assert!(app.running);
    assert_eq!(app.catalog.problems.len(), expected.len());
}

// ---------------------------------------------------------------- run-time cases

/// Writes a valid scenario padded with comment lines to `MAX_FILE_BYTES + extra` bytes.
fn write_padded(path: &Path, name: &str, extra: i64) {
    let mut text = valid_scenario_named(name);
    let target = (MAX_FILE_BYTES as i64 + extra) as usize;
    let line = format!("// padding {}\n", "x".repeat(100));
    while text.len() + line.len() <= target {
        text.push_str(&line);
    }
    let rest = target - text.len();
    assert!(rest >= 3 || rest == 0);
    if rest > 0 {
        text.push_str(&format!("//{}", "y".repeat(rest - 3)));
        text.push('\n');
    }
    assert_eq!(text.len(), target);
    fs::write(path, text).expect("write padded file");
}

fn write_over_limit(path: &Path) {
    write_padded(path, "over-1mib", 1);
}

/// A file one byte over 1 MiB is refused before it is read (not committed: generated here).
#[test]
fn over_1_mib() {
    let dir = TempDir::new("big");
    let path = dir.path().join("over-1mib.ron");
    write_over_limit(&path);
    let (_, text) = one_problem(dir.path());
    let shown = path.display().to_string();
    assert_eq!(
        text,
        format!(
            "{shown}: file is 1048577 bytes; preset files over 1 MiB (1048576 bytes) are refused"
        )
    );
    assert_eval_refuses(&path, &text);
}

/// The limit is inclusive: a valid file of exactly 1 MiB loads.
#[test]
fn exactly_1_mib_loads() {
    let dir = TempDir::new("1mib");
    let path = dir.path().join("padded.ron");
    write_padded(&path, "padded-1mib", 0);
    let catalog = Catalog::load(&[dir.path().to_path_buf()]);
    assert!(catalog.problems.is_empty(), "{:?}", catalog.problems);
    assert_eq!(
        catalog.scenario("padded-1mib").expect("loaded").origin,
        Origin::User(path.clone())
    );
    assert_eval_accepts(&path);
}

/// A directory where a file is expected (git keeps no empty directories: made here).
#[test]
fn directory_named_ron() {
    let dir = TempDir::new("dir");
    let path = dir.path().join("x.ron");
    fs::create_dir(&path).expect("mkdir x.ron");
    let (_, text) = one_problem(dir.path());
    assert_eq!(
        text,
        format!("{}: is a directory, expected a .ron file", path.display())
    );
    assert_eval_refuses(&path, &text);
}

/// An unreadable file (mode 000). Root (CI runs as root) reads it anyway: the permission bits do
/// not stop it. So the test first probes whether the read really fails. If it does, the file
/// must be reported as "permission denied"; if it does not, the file is valid and must load
/// like any other (no pretend failure).
#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("unreadable");
    let path = dir.path().join("unreadable.ron");
    fs::write(&path, valid_scenario_named("unreadable")).expect("write");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).expect("chmod 000");
    let permissions_enforced = fs::read(&path).is_err();

    let catalog = Catalog::load(&[dir.path().to_path_buf()]);
    assert_embedded_intact(&catalog);
    if permissions_enforced {
        assert_eq!(catalog.problems.len(), 1, "{:?}", catalog.problems);
        let text = catalog.problems[0].to_string();
        assert_eq!(
            text,
            format!("{}: cannot read file: permission denied", path.display())
        );
        assert!(catalog.scenario("unreadable").is_none());
        assert_eval_refuses(&path, &text);
    } else {
        // Running as root (or with CAP_DAC_OVERRIDE): the read succeeds, so the file loads.
        assert!(catalog.problems.is_empty(), "{:?}", catalog.problems);
        assert_eq!(
            catalog.scenario("unreadable").expect("loaded").origin,
            Origin::User(path.clone())
        );
        assert_eval_accepts(&path);
    }
    let _ = fs::set_permissions(&path, fs::Permissions::from_mode(0o644));
}

/// A named pipe called `x.ron` must be refused, not opened: opening a pipe blocks until someone
/// writes to it, which would hang the start-up forever (a link to /dev/zero would never end).
#[test]
fn named_pipe_is_refused_without_blocking() {
    let dir = TempDir::new("fifo");
    let path = dir.path().join("pipe.ron");
    let made = Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("run mkfifo");
    assert!(made.success(), "mkfifo failed");

    let load_dir = dir.path().to_path_buf();
    let (tx, rx) = std::sync::mpsc::channel();
    let loader = std::thread::spawn(move || {
        let _ = tx.send(Catalog::load(&[load_dir]));
    });
    let catalog = match rx.recv_timeout(Duration::from_secs(10)) {
        Ok(c) => c,
        Err(_) => {
            // Unblock the loader (opening the writing end lets its open() return) and fail.
            drop(fs::OpenOptions::new().write(true).open(&path));
            let _ = loader.join();
            panic!("Catalog::load blocked on a named pipe in the preset directory");
        }
    };
    let _ = loader.join();
    assert_embedded_intact(&catalog);
    assert_eq!(catalog.problems.len(), 1, "{:?}", catalog.problems);
    let text = catalog.problems[0].to_string();
    assert!(text.starts_with(&format!("{}: ", path.display())), "{text}");
    assert!(text.contains("not a regular file"), "{text}");
    assert_eval_refuses(&path, &text);
}

/// Two valid files of one directory with one scenario name: the first (in file-name order)
/// wins, the second is reported at its `name:`. Neither is broken on its own, so `eval --file`
/// takes either.
#[test]
fn duplicate_names_in_one_directory() {
    let dup = corpus().join("duplicate-names");
    let first = dup.join("first.ron");
    let second = dup.join("second.ron");
    let mut files: Vec<_> = fs::read_dir(&dup)
        .expect("read")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert_eq!(files, vec![first.clone(), second.clone()]);

    let (catalog, text) = one_problem(&dup);
    assert_eq!(
        text,
        format!(
            "{}:4:5: duplicate scenario name 'duplicate-name' (already loaded from {}); this file is skipped",
            second.display(),
            first.display()
        )
    );
    assert_eq!(
        catalog
            .scenario("duplicate-name")
            .expect("first wins")
            .origin,
        Origin::User(first.clone())
    );
    assert_eq!(catalog.scenarios.len(), 9);

    // The CLI warns about the duplicate and still evaluates the scenario.
    let out = run_cli(
        &[
            OsStr::new("--presets"),
            dup.as_os_str(),
            OsStr::new("eval"),
            OsStr::new("--preset"),
            OsStr::new("duplicate-name"),
        ],
        CLI_TIMEOUT,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains(&format!("warning: {text}")), "{stderr}");
    for f in [&first, &second] {
        assert_eval_accepts(f);
    }
}

/// The counterpart of the BOM files above: a BOM before a valid file is harmless.
#[test]
fn bom_before_a_valid_file_loads() {
    let dir = TempDir::new("bom-valid");
    let path = dir.path().join("meta-2024.ron");
    fs::write(&path, format!("\u{feff}{}", valid_scenario_text())).expect("write");
    let catalog = Catalog::load(&[dir.path().to_path_buf()]);
    assert!(catalog.problems.is_empty(), "{:?}", catalog.problems);
    let entry = catalog.scenario("meta-2024").expect("loaded");
    assert_eq!(entry.origin, Origin::User(path.clone()));
    let embedded = Catalog::embedded();
    assert_eq!(
        entry.scenario,
        embedded.scenario("meta-2024").expect("built in").scenario
    );
    assert_eq!(load_scenario_file(&path).expect("loads"), entry.scenario);

    // `eval --file` on it prints what `eval --preset meta-2024` prints.
    let from_file = assert_eval_accepts(&path);
    let built_in = run_cli(&["eval", "--preset", "meta-2024"], CLI_TIMEOUT);
    assert_eq!(from_file.stdout, built_in.stdout);
}

// ---------------------------------------------------------------- refused presets by name

/// A user preset refused at load (here one whose values are out of range): `eval` and `render
/// --preset NAME` print that file's problem, in any case of the name, not "no scenario named".
#[test]
fn a_refused_preset_named_on_the_command_line_says_why() {
    let dir = TempDir::new("refused-by-name");
    let path = dir.path().join("mine.ron");
    let text = valid_scenario_named("mine").replacen("mfu: (value: 0.4", "mfu: (value: 1.5", 1);
    assert!(
        text.contains("mfu: (value: 1.5"),
        "meta-2024.ron's mfu is no longer 0.4"
    );
    fs::write(&path, &text).expect("write");
    let catalog = Catalog::load(&[dir.path().to_path_buf()]);
    assert_eq!(catalog.problems.len(), 1, "{:?}", catalog.problems);
    let problem = catalog.problems[0].to_string();
    // Reported at the refused value's line, column 5 (where `mfu:` starts).
    let line = text
        .lines()
        .position(|l| l.contains("mfu: (value: 1.5"))
        .expect("mfu line")
        + 1;
    assert!(
        problem.starts_with(&format!("{}:{line}:5: ", path.display())),
        "{problem}"
    );
    assert_eq!(
        catalog.refused_scenario("MINE").map(|p| p.to_string()),
        Some(problem.clone())
    );

    // The file's own `name:` finds it too, whatever the file is called.
    let other = TempDir::new("refused-by-inner-name");
    let inner = other.path().join("not-the-name.ron");
    fs::copy(&path, &inner).expect("copy");
    let by_inner = Catalog::load(&[other.path().to_path_buf()]);
    assert_eq!(
        by_inner.refused_scenario("Mine").map(|p| p.path.clone()),
        Some(inner.display().to_string())
    );

    for (command, name) in [("eval", "mine"), ("render", "MINE")] {
        let out = run_cli(
            &[
                OsStr::new("--presets"),
                dir.path().as_os_str(),
                OsStr::new(command),
                OsStr::new("--preset"),
                OsStr::new(name),
            ],
            CLI_TIMEOUT,
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{command}: {stderr}");
        assert_eq!(stderr, format!("error: {problem}\n"), "{command}");
        assert!(!stderr.contains("no scenario named"), "{stderr}");
    }
    // A name no file was refused for still lists what there is.
    let out = run_cli(
        &[
            OsStr::new("--presets"),
            dir.path().as_os_str(),
            OsStr::new("eval"),
            OsStr::new("--preset"),
            OsStr::new("nothing-like-it"),
        ],
        CLI_TIMEOUT,
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("no scenario named 'nothing-like-it'"));
}

// ---------------------------------------------------------------- a pipe swapped in

/// A named pipe among the presets does not block start-up of the real binary: `presets`
/// returns (exit 0) and lists the pipe among the problems.
#[test]
fn a_named_pipe_does_not_block_the_presets_command() {
    let dir = TempDir::new("fifo-cli");
    let path = dir.path().join("milestones-pipe.ron");
    let made = Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("run mkfifo");
    assert!(made.success(), "mkfifo failed");
    let out = run_cli(
        &[
            OsStr::new("--presets"),
            dir.path().as_os_str(),
            OsStr::new("presets"),
        ],
        Duration::from_secs(20),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(&format!(
            "{}: is not a regular file (a pipe, socket or device)",
            path.display()
        )),
        "{stdout}"
    );
}

// ---------------------------------------------------------------- ids ignore case

/// A user scenario and a user milestone with a built-in's id in other case replace the
/// built-in (no second entry beside it), each with a notice at the id, not a problem.
#[test]
fn a_user_entry_in_other_case_replaces_the_built_in_with_a_notice() {
    let dir = TempDir::new("case");
    let scenario_path = dir.path().join("META-2024.ron");
    let meta_text = valid_scenario_named("META-2024");
    let name_line = meta_text
        .lines()
        .position(|l| l.trim_start().starts_with("name:"))
        .expect("name line")
        + 1;
    fs::write(&scenario_path, &meta_text).expect("write");
    let milestones_path = dir.path().join("milestones.ron");
    fs::write(
        &milestones_path,
        "[\n    (\n        id: \"LLAMA-3.1-405B\",\n        name: \"Llama 3.1 405B, recounted\",\n        \
         org: \"Meta\",\n        date: \"2024-07-23\",\n        \
         flop: (value: 4.0e25, status: Estimate, source: \"my own count\"),\n    ),\n]\n",
    )
    .expect("write");

    let embedded = Catalog::embedded();
    let catalog = Catalog::load(&[dir.path().to_path_buf()]);
    assert!(catalog.problems.is_empty(), "{:?}", catalog.problems);
    assert_eq!(catalog.scenarios.len(), embedded.scenarios.len());
    assert_eq!(catalog.milestones.len(), embedded.milestones.len());
    let s = catalog.scenario("meta-2024").expect("found in any case");
    assert_eq!(s.origin, Origin::User(scenario_path.clone()));
    assert_eq!(s.scenario.name, "META-2024");
    let m = catalog
        .milestone("llama-3.1-405b")
        .expect("found in any case");
    assert_eq!(m.flop.value, 4.0e25);
    assert_eq!(catalog.find_milestone("Llama 3.1 405B, recounted"), Some(m));

    let notices: Vec<String> = catalog.notices.iter().map(|n| n.to_string()).collect();
    assert_eq!(
        notices,
        [
            format!(
                "{}:{name_line}:5: scenario 'META-2024' replaces the built-in scenario 'meta-2024'",
                scenario_path.display()
            ),
            format!(
                "{}:3:9: milestone 'LLAMA-3.1-405B' replaces the built-in milestone 'llama-3.1-405b'",
                milestones_path.display()
            ),
        ]
    );
}

/// One milestone id in two files of one directory (in other case): the first file (in name
/// order) keeps it, the second entry is reported at its id and skipped, the rest of that file
/// loads.
#[test]
fn duplicate_milestone_ids_across_files_are_reported() {
    let dir = TempDir::new("dup-milestones");
    let entry = |id: &str, flop: &str| {
        format!(
            "    (id: \"{id}\", name: \"{id}\", org: \"Me\", date: \"2025\", \
             flop: (value: {flop}, status: Estimate, source: \"mine\")),\n"
        )
    };
    let a = dir.path().join("milestones-a.ron");
    let b = dir.path().join("milestones-b.ron");
    fs::write(&a, format!("[\n{}]\n", entry("my-run", "1e25"))).expect("write");
    fs::write(
        &b,
        format!(
            "[\n{}{}]\n",
            entry("other-run", "2e25"),
            entry("MY-RUN", "3e25")
        ),
    )
    .expect("write");
    let catalog = Catalog::load(&[dir.path().to_path_buf()]);
    let problems: Vec<String> = catalog.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        problems,
        [format!(
            "{}:3:6: duplicate milestone id 'MY-RUN' (already loaded from {}; ids ignore case); this entry is skipped",
            b.display(),
            a.display()
        )]
    );
    assert_eq!(catalog.milestone("my-run").expect("kept").flop.value, 1e25);
    assert_eq!(
        catalog.milestone("OTHER-RUN").expect("loaded").flop.value,
        2e25
    );
}

// ---------------------------------------------------------------- linear start-up

/// Writes `n` generated milestones into `dir`, 1,000 per file (about 150 KB each).
fn write_generated_milestones(dir: &Path, n: usize) {
    use std::fmt::Write as _;
    for (k, from) in (0..n).step_by(1_000).enumerate() {
        let mut s = String::from("[\n");
        for i in from..(from + 1_000).min(n) {
            let _ = writeln!(
                s,
                "    (id: \"gen-run-{i:06}\", name: \"Generated run {i}\", org: \"Gen\", \
                 date: \"2020-01-01\", flop: (value: 1e24, status: Estimate, source: \"generated\")),"
            );
        }
        s.push_str("]\n");
        fs::write(dir.join(format!("milestones-{k:04}.ron")), s).expect("write generated");
    }
}

/// 100,000 milestones across 100 files load, every one findable, in time that grows linearly
/// (quadratic placement took minutes for this many). The bound is loose for a debug build on a
/// busy machine; `cargo bench --bench load` has the release figure.
#[test]
fn a_hundred_thousand_milestones_load_in_linear_time() {
    let dir = TempDir::new("many");
    write_generated_milestones(dir.path(), 100_000);
    let start = Instant::now();
    let catalog = Catalog::load(&[dir.path().to_path_buf()]);
    let took = start.elapsed();
    assert!(
        catalog.problems.is_empty(),
        "{:?}",
        catalog.problems.first()
    );
    let embedded = Catalog::embedded().milestones.len();
    assert_eq!(catalog.milestones.len(), embedded + 100_000);
    assert!(catalog.milestone("GEN-RUN-099999").is_some());
    assert!(
        took < Duration::from_secs(20),
        "100k milestones took {took:?} to load"
    );
    eprintln!("100k milestones loaded in {took:?} (debug build)");
}
