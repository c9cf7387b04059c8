//! The whole `sweep` argument list: arbitrary grids, outputs, formats and input flags in, no
//! panic out (repeated outputs once panicked on a fixed buffer); an answer has one line per
//! row (and a header), every JSON line parses, and nothing raw reaches a terminal.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// Grids larger than this are refused before they run: the fuzzer wants many short runs.
const MAX_ROWS: u64 = 2_000;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    // Arguments are separated by NUL bytes, as in eval_args.
    let args: Vec<String> = s.split('\0').map(str::to_string).collect();
    // Reading preset files from the fuzzer's paths is not the point here.
    if args.iter().any(|a| a.starts_with("--file") || a.starts_with("--presets")) {
        return;
    }
    match agi_compute::cli::sweep_captured(&args, MAX_ROWS) {
        Ok(text) => {
            assert!(
                !text.chars().any(|c| c.is_control() && c != '\n'),
                "raw control character in {text:?}"
            );
            let lines: Vec<&str> = text.lines().collect();
            assert!(!lines.is_empty());
            // The format as clap read it: the value after `--format`, or after `--format=`.
            let format = args
                .iter()
                .enumerate()
                .find_map(|(i, a)| match a.strip_prefix("--format") {
                    Some("") => args.get(i + 1).map(String::as_str),
                    Some(v) => v.strip_prefix('='),
                    None => None,
                })
                .unwrap_or("csv");
            if format == "jsonl" {
                for line in &lines {
                    let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
                    assert!(v.is_object(), "{line}");
                }
            } else if format == "csv" {
                // CSV: every row has the header's number of cells.
                let cells = lines[0].split(',').count();
                assert!(lines.iter().all(|l| l.split(',').count() == cells), "{text}");
            }
        }
        Err(message) => assert!(!message.is_empty()),
    }
});
