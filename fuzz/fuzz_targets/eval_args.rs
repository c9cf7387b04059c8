//! The whole `eval` argument list: arbitrary flags and values in, no panic out; an answer is
//! valid output with no terminal-driving characters, and JSON parses with every number finite.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    // Arguments are separated by NUL bytes (as in /proc/PID/cmdline): any other byte,
    // spaces included, stays inside an argument.
    let args: Vec<String> = s.split('\0').map(str::to_string).collect();
    // Reading preset files from the fuzzer's paths is not the point here.
    if args.iter().any(|a| a.starts_with("--file") || a.starts_with("--presets")) {
        return;
    }
    match agi_compute::cli::eval_captured(&args) {
        Ok(text) => {
            assert!(
                !text.chars().any(|c| (c.is_control() && c != '\n')),
                "raw control character in {text:?}"
            );
            if args.iter().any(|a| a == "json") {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
                    for key in ["total_flop", "fleet_cost_usd", "power_mw"] {
                        if let Some(x) = v[key].as_f64() {
                            assert!(x.is_finite() && x >= 0.0, "{key} = {x}");
                        }
                    }
                }
            }
        }
        Err(message) => assert!(!message.is_empty()),
    }
});
