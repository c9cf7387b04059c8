//! The `agi-compute` binary: everything lives in the library; this only hands over.

fn main() -> std::process::ExitCode {
    agi_compute::cli::main()
}
