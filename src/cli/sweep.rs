//! `agi-compute sweep`: a grid of scenarios over up to three inputs, streamed as CSV or JSONL.

use super::{Cli, CliError, Command, scenario_with_flags, to_stderr};
use crate::analysis::sweep::{Axis, SweepFormat};
use crate::model::format as fmt;
use crate::presets::pick::{InputFlags, SourceArgs, merge};
use crate::presets::{Catalog, Scenario};
use clap::{Args, Parser};
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct SweepArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub inputs: InputFlags,
    /// A grid: INPUT=LOW..HIGH:STEPS (linear) or INPUT=LOW..HIGH:log:STEPS; one to three
    /// (the last varies fastest).
    #[arg(long, value_name = "GRID", required = true, value_parser = Axis::parse)]
    pub vary: Vec<Axis>,
    /// Outputs to write, by JSON key (total_flop,power_mw); all when absent.
    #[arg(long, value_name = "KEYS", value_delimiter = ',')]
    pub outputs: Vec<String>,
    #[arg(long, value_enum, default_value = "csv")]
    pub format: SweepFormat,
    /// Write to FILE instead of standard output: a finished file or none (a FIFO or a device
    /// is written into, a hard-linked file in place).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Allow grids over the row limit (10 M rows).
    #[arg(long)]
    pub force: bool,
}

/// What `sweep` prints for `args` (the arguments after `sweep`), or the message it refuses
/// them with. For the fuzzer: `--out` is refused (nothing is written to a file) and so is a
/// grid over `max_rows` rows.
pub fn sweep_captured(args: &[String], max_rows: u64) -> Result<String, String> {
    let argv = ["agi-compute".to_string(), "sweep".to_string()]
        .into_iter()
        .chain(args.iter().cloned());
    let cli = Cli::try_parse_from(argv).map_err(|e| e.to_string())?;
    let message = |e: CliError| match e {
        CliError::Invalid(m) | CliError::Failed(m) => m,
    };
    let Some(Command::Sweep(a)) = &cli.command else {
        return Err("not a sweep command".into());
    };
    if a.out.is_some() {
        return Err("--out: not written when captured".into());
    }
    let outputs = sweep_outputs(a.as_ref()).map_err(message)?;
    let rows = crate::analysis::sweep::row_count(&a.vary);
    if rows > u128::from(max_rows) {
        return Err(format!("{rows} rows: over the {max_rows} captured"));
    }
    let (catalog, scenario) =
        scenario_with_flags(&cli.presets, &merge(&cli.source, &a.source), &a.inputs)
            .map_err(message)?;
    let base = sweep_base(&scenario, &catalog, &a.inputs);
    base.check_shares(&a.vary)
        .map_err(|m| format!("--vary: {m}"))?;
    let mut out = Vec::new();
    crate::analysis::sweep::write(&base, &a.vary, &outputs, a.format, &mut out, &mut |_| {})
        .map_err(|e| e.to_string())?;
    String::from_utf8(out).map_err(|e| e.to_string())
}

/// What every row of a sweep starts from: the scenario with its flags, and the shares the flags
/// give (a varied share is set together with them, as `eval` sets shares given together).
pub(super) fn sweep_base(
    scenario: &Scenario,
    catalog: &Catalog,
    flags: &InputFlags,
) -> crate::analysis::sweep::Base {
    let mut base = crate::analysis::sweep::Base::of(scenario, catalog);
    for &(f, v) in &flags.values {
        if let Some(i) = crate::model::projection::share_index(f) {
            base.given_shares[i] = Some(v);
        }
    }
    base
}

/// Checks a sweep's grid and outputs, then streams it to stdout or to `--out` (see
/// `output_file` for how a path is written).
pub(super) fn run_sweep(
    args: &SweepArgs,
    base: &crate::analysis::sweep::Base,
) -> Result<(), CliError> {
    let outputs = sweep_outputs(args)?;
    base.check_shares(&args.vary)
        .map_err(|m| CliError::Invalid(format!("--vary: {m}")))?;
    let rows = crate::analysis::sweep::row_count(&args.vary);
    // A bar only for a person watching: never in pipes or logs, never for short sweeps, and
    // not over rows going to the same screen.
    let rows_on_screen = args.out.is_none() && std::io::stdout().is_terminal();
    let show = std::io::stderr().is_terminal() && !rows_on_screen && rows >= 1 << 18;
    let mut progress = |n: u64| {
        if show {
            to_stderr(&format!(
                "\rsweep: {:>3} % ({n} of {rows} rows)",
                u128::from(n).saturating_mul(100) / rows.max(1)
            ));
        }
    };
    let failed = |e: std::io::Error| CliError::Failed(format!("cannot write the sweep: {e}"));
    let result = match &args.out {
        None => {
            let out = std::io::stdout().lock();
            match crate::analysis::sweep::write(
                base,
                &args.vary,
                &outputs,
                args.format,
                out,
                &mut progress,
            ) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                r => r.map(|_| ()).map_err(failed),
            }
        }
        Some(path) => {
            let mut file = crate::cli::output_file::OutputFile::create(path)
                .map_err(|e| CliError::Failed(format!("--out {}: {e}", path.display())))?;
            let written = crate::analysis::sweep::write(
                base,
                &args.vary,
                &outputs,
                args.format,
                &mut file,
                &mut progress,
            );
            file.finish(written)
                .map(|_| ())
                .map_err(|e| CliError::Failed(format!("--out {}: {e}", path.display())))
        }
    };
    if show {
        to_stderr("\r\x1b[K");
    }
    result
}

/// A sweep's outputs, checked with its grid before anything is built: at most three axes, each
/// input and output named once, the rows counted from the axes within the limit. Notes what
/// rounding to whole GPUs repeats.
fn sweep_outputs(args: &SweepArgs) -> Result<Vec<crate::model::Output>, CliError> {
    use crate::model::Output;
    let invalid = |m: String| CliError::Invalid(m);
    if args.vary.len() > 3 {
        return Err(invalid(format!(
            "--vary: at most three inputs (got {})",
            args.vary.len()
        )));
    }
    for (i, a) in args.vary.iter().enumerate() {
        if args.vary[..i].iter().any(|b| b.field == a.field) {
            return Err(invalid(format!(
                "--vary: {} is varied twice",
                crate::presets::scenario_string::field_name(a.field)
            )));
        }
    }
    let mut outputs = Vec::new();
    for k in &args.outputs {
        let o = Output::from_key(k.trim()).ok_or_else(|| {
            let keys: Vec<&str> = Output::ALL.iter().map(|o| o.spec().key).collect();
            invalid(format!(
                "--outputs: no output '{}'; expected some of {}",
                fmt::quoted(k),
                keys.join(", ")
            ))
        })?;
        if outputs.contains(&o) {
            return Err(invalid(format!(
                "--outputs: {} is named twice (each output is one column)",
                o.spec().key
            )));
        }
        outputs.push(o);
    }
    if outputs.is_empty() {
        outputs = Output::ALL.to_vec();
    }
    let rows = crate::analysis::sweep::row_count(&args.vary);
    if rows > u128::from(crate::analysis::sweep::MAX_ROWS) && !args.force {
        return Err(invalid(format!(
            "the grid has {rows} rows, over the limit of {} (--force writes it anyway)",
            crate::analysis::sweep::MAX_ROWS
        )));
    }
    for a in &args.vary {
        let repeats = a.repeats();
        if repeats > 0 {
            to_stderr(&format!(
                "note: --vary {}: {repeats} of its {} values equal the one before (GPU counts \
                 are rounded to whole GPUs), so their rows repeat\n",
                crate::presets::scenario_string::field_name(a.field),
                a.steps()
            ));
        }
    }
    Ok(outputs)
}
