//! Bytes → text → every preset parser. Besides "no panic, no hang, no stack overflow":
//! - a problem names the file and, when it has a position, one inside the text;
//! - whatever is accepted passes validation and survives a save → load round trip unchanged.
#![no_main]

use agi_compute::model::Field;
use agi_compute::presets::Problem;
use agi_compute::presets::parse::{parse_accelerators, parse_fleets, parse_milestones, parse_scenario, validate_scenario};
use agi_compute::presets::read::line_col;
use agi_compute::presets::save::to_ron;
use libfuzzer_sys::fuzz_target;

const PATH: &str = "fuzz.ron";

fn check_problem(text: &str, p: &Problem) {
    assert_eq!(p.path, PATH);
    assert!(!p.message.is_empty());
    if let (Some(line), Some(col)) = (p.line, p.col) {
        // Positions count from 1 and stay inside the text (one past the end at most).
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let lines: Vec<&str> = text.split('\n').collect();
        assert!(
            line >= 1 && line <= lines.len(),
            "line {line} of {}: {p}",
            lines.len()
        );
        let len = lines[line - 1].chars().count();
        assert!(
            col >= 1 && col <= len + 1,
            "col {col} of {len} on line {line}: {p}"
        );
    }
    let _ = p.to_string();
}

fuzz_target!(|data: &[u8]| {
    // The loader refuses non-UTF-8 with the position of the first bad byte: same computation.
    let text = match std::str::from_utf8(data) {
        Ok(t) => t,
        Err(e) => {
            let valid = std::str::from_utf8(&data[..e.valid_up_to()]).expect("valid prefix");
            let (line, col) = line_col(valid, valid.len());
            assert!(line >= 1 && col >= 1);
            return;
        }
    };
    match parse_scenario(PATH, text) {
        Ok(s) => {
            assert!(validate_scenario(&s).is_ok());
            for f in Field::ALL {
                if let Some(v) = s.sourced(f) {
                    assert!(f.accepts(v.value), "{f:?} = {}", v.value);
                }
            }
            assert!(s.inputs().validate().is_ok());
            // What the explorer would save loads back as the same scenario.
            let saved = to_ron(&s).expect("serialize an accepted scenario");
            match parse_scenario(PATH, &saved) {
                Ok(again) => assert_eq!(again, s, "round trip changed the scenario:\n{saved}"),
                Err(p) => panic!("saved text does not load: {p}\n{saved}"),
            }
        }
        Err(p) => check_problem(text, &p),
    }
    if let Err(p) = parse_accelerators(PATH, text) {
        check_problem(text, &p);
    }
    if let Err(p) = parse_milestones(PATH, text) {
        check_problem(text, &p);
    }
    if let Err(p) = parse_fleets(PATH, text) {
        check_problem(text, &p);
    }
});
