//! Running the built binary in tests, with the developer's own presets kept out.

use std::process::{Command, Output};

/// The binary, with `XDG_CONFIG_HOME` and `HOME` pointing at an empty folder.
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_agi-compute"));
    let empty = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("empty-config");
    std::fs::create_dir_all(&empty).expect("temp dir");
    c.env("XDG_CONFIG_HOME", &empty).env("HOME", &empty);
    c
}

pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
