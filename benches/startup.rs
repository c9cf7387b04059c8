//! Start-up of the whole binary, exec to exit (plain output, no timing crate): `--version`,
//! `eval` and `presets --format json`, run in turn so load on the machine falls on all alike.
//!
//! `cargo bench --bench startup` prints the median and fastest of each and their ratio to
//! `--version`. `BEFORE=/path/to/an/older/agi-compute` runs that binary's three commands in the
//! same rounds (in turn, the order reversed every other round), for before/after figures from
//! one run. `NOW=/path/to/agi-compute` times that binary as "now" instead of the one `cargo
//! bench` builds (which carries the benchmark features), so two plain release builds can be set
//! side by side. `RUNS=N` sets the rounds (default 200).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const COMMANDS: [&[&str]; 3] = [&["--version"], &["eval"], &["presets", "--format", "json"]];

fn main() {
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(200);
    let now = std::env::var("NOW").unwrap_or_else(|_| env!("CARGO_BIN_EXE_agi-compute").into());
    let mut binaries = vec![("now", now)];
    if let Some(before) = std::env::var_os("BEFORE") {
        binaries.insert(0, ("before", before.to_string_lossy().into_owned()));
    }
    let cases: Vec<(&str, &str, &[&str])> = binaries
        .iter()
        .flat_map(|(label, bin)| COMMANDS.map(|args| (*label, bin.as_str(), args)))
        .collect();
    let mut times: Vec<Vec<Duration>> =
        (0..cases.len()).map(|_| Vec::with_capacity(runs)).collect();
    for round in 0..runs {
        // Every other round runs the cases in the reverse order, so neither binary always
        // starts on caches the other left warm.
        let mut order: Vec<usize> = (0..cases.len()).collect();
        if round % 2 == 1 {
            order.reverse();
        }
        for k in order {
            let ((_, bin, args), t) = (&cases[k], &mut times[k]);
            let start = Instant::now();
            let status = Command::new(bin)
                .args(*args)
                // No user presets: the built-in catalog only, the same for every binary.
                .env(
                    "XDG_CONFIG_HOME",
                    std::env::temp_dir().join("agi-compute-bench-none"),
                )
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("run the binary");
            t.push(start.elapsed());
            assert!(status.success(), "{bin} {args:?} failed");
        }
    }
    println!("{runs} rounds, each command once a round, in turn (reversed every other round)");
    println!(
        "{:<7} {:<24} {:>10} {:>10} {:>12}",
        "binary", "command", "median", "fastest", "× --version"
    );
    for (c, chunk) in cases
        .chunks(COMMANDS.len())
        .zip(times.chunks_mut(COMMANDS.len()))
    {
        for t in chunk.iter_mut() {
            t.sort();
        }
        let version = chunk[0][runs / 2];
        for ((label, _, args), t) in c.iter().zip(chunk.iter()) {
            let median = t[runs / 2];
            println!(
                "{label:<7} {:<24} {:>8.2}ms {:>8.2}ms {:>11.2}×",
                args.join(" "),
                median.as_secs_f64() * 1e3,
                t[0].as_secs_f64() * 1e3,
                median.as_secs_f64() / version.as_secs_f64()
            );
        }
    }
}
