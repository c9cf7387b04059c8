//! Command line: the explorer (no subcommand) and the headless subcommands. This module parses
//! and dispatches; each subcommand's arguments and orchestration live in a module of its own,
//! scenario picking in [`crate::presets::pick`], and every table in [`crate::report`].
//!
//! Exit codes: 0 success, 2 invalid input (flags, presets, files), 1 anything else.

mod args;
pub mod cards;
pub mod cost;
pub mod eval;
pub mod feasible;
pub mod output_file;
mod scenarios;
pub mod serve;
pub mod sweep;

pub use args::{Cli, CliError, Command, PictureFormat};
pub use eval::eval_captured;
pub use sweep::sweep_captured;

use crate::analysis::evaluation::{Evaluation, Reference};
use crate::app::App;
use crate::model::format as fmt;
use crate::presets::pick::{self, InputFlags, Picked, SourceArgs, Start, merge};
use crate::presets::{Catalog, Scenario, user_preset_dir};
use crate::report::{CatalogFormat, Format, catalog_json, catalog_table};
use crate::tui::headless::{frame_buffer, frame_text, replay};
use clap::CommandFactory;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// The catalog with the user's presets; see [`pick::load_catalog`].
fn load_catalog(extra: &Option<PathBuf>, missing_ok: bool) -> Result<Catalog, CliError> {
    pick::load_catalog(extra, missing_ok).map_err(CliError::Invalid)
}

/// The scenario `source` names, its notes said on standard error.
fn pick_scenario(catalog: &Catalog, source: &SourceArgs) -> Result<Scenario, CliError> {
    let Picked { scenario, notes } =
        pick::pick_scenario(catalog, source).map_err(CliError::Invalid)?;
    say_notes(&notes);
    Ok(scenario)
}

/// What a headless command starts from (see [`pick::scenario_with_flags`]), its notes said on
/// standard error.
fn scenario_with_flags(
    presets: &Option<PathBuf>,
    source: &SourceArgs,
    flags: &InputFlags,
) -> Result<(Catalog, Scenario), CliError> {
    let Start {
        catalog,
        scenario,
        notes,
    } = pick::scenario_with_flags(presets, source, flags).map_err(CliError::Invalid)?;
    say_notes(&notes);
    Ok((catalog, scenario))
}

fn say_notes(notes: &[String]) {
    for n in notes {
        to_stderr(&format!("note: {n}\n"));
    }
}

pub(crate) fn warn_problems(catalog: &Catalog) {
    for p in &catalog.problems {
        to_stderr(&format!("warning: {}\n", fmt::visible(&p.to_string())));
    }
}

/// Runs the command line; returns the process exit code.
pub fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        None => {
            let catalog = load_catalog(&cli.presets, true)?;
            let scenario = pick_scenario(&catalog, &cli.source)?;
            if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
                // Not a terminal (a pipe, CI): print the table instead of drawing a screen.
                warn_problems(&catalog);
                let e = Evaluation::new(&scenario, &catalog, &Reference::new(&catalog));
                print(&crate::report::render(&e, &catalog, Format::Table))?;
                return Ok(());
            }
            let mut app = App::new(catalog, scenario);
            app.color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            // Saves go where presets are read from: --presets DIR, else the config directory.
            app.save_dir = cli.presets.clone().or_else(user_preset_dir);
            crate::tui::run(app).map_err(|e| CliError::Failed(format!("terminal error: {e}")))
        }
        Some(Command::Eval(args)) => {
            let e = eval::eval_text(&cli.presets, &cli.source, &args)?;
            let printed = print_as(&e.text, e.format);
            // The process ends with the output: the system takes the memory back whole.
            std::mem::forget(e.memory);
            printed
        }
        Some(Command::Sweep(args)) => {
            let (catalog, scenario) = scenario_with_flags(
                &cli.presets,
                &merge(&cli.source, &args.source),
                &args.inputs,
            )?;
            warn_problems(&catalog);
            sweep::run_sweep(&args, &sweep::sweep_base(&scenario, &catalog, &args.inputs))
        }
        Some(Command::Presets {
            format,
            sources,
            since,
            action,
        }) => {
            if let Some(hash) = since {
                use crate::presets::changes::{EMBEDDED_CHANGES, parse_changes};
                let log = parse_changes(EMBEDDED_CHANGES.0, EMBEDDED_CHANGES.1)
                    .map_err(|p| CliError::Failed(p.to_string()))?;
                let after =
                    crate::presets::changes::since(&log, &hash).map_err(CliError::Invalid)?;
                let current = crate::presets::identity::catalog_hash();
                return match format {
                    CatalogFormat::Json => {
                        print_json(&crate::report::changes::json(&hash, after, &current))
                    }
                    CatalogFormat::Table => {
                        print(&crate::report::changes::table(&hash, after, &current))
                    }
                };
            }
            use crate::presets::epoch_import::{
                ImportError, ImportOptions, PresetsCommand, import_epoch,
            };
            if let Some(PresetsCommand::ImportEpoch(args)) = action {
                // Written where presets are read from: --out, else --presets, else the config
                // directory.
                let out_dir = args
                    .out
                    .or_else(|| cli.presets.clone())
                    .or_else(user_preset_dir)
                    .ok_or_else(|| {
                        CliError::Failed(
                            "no user preset directory (HOME is not set); give --out DIR".into(),
                        )
                    })?;
                let options = ImportOptions {
                    csv: args.csv,
                    min_flop: args.min_flop,
                    out_dir,
                    force: args.force,
                    dataset_date: args.dataset_date,
                };
                return match import_epoch(&options) {
                    Ok(report) => {
                        for m in &report.messages {
                            to_stderr(&format!("{}\n", fmt::sanitise(m, true)));
                        }
                        print(&report.summary())
                    }
                    Err(ImportError::BadInput(m)) => Err(CliError::Invalid(m)),
                    Err(ImportError::Write(m)) => Err(CliError::Failed(m)),
                };
            }
            let catalog = load_catalog(&cli.presets, false)?;
            let printed = match (format, sources) {
                (CatalogFormat::Json, false) => print_json(
                    &catalog_json(&catalog)
                        .map_err(|e| CliError::Failed(format!("cannot write the catalog: {e}")))?,
                ),
                (CatalogFormat::Json, true) => print_json(&format!(
                    "{:#}\n",
                    serde_json::json!({ "sources": catalog.sources })
                )),
                (CatalogFormat::Table, false) => print(&catalog_table(&catalog)),
                (CatalogFormat::Table, true) => print(&crate::report::sources_table(&catalog)),
            };
            // The process ends with the output and the system takes the catalog's memory back
            // whole, cheaper than freeing its thousands of values one by one.
            std::mem::forget(catalog);
            printed
        }
        Some(Command::Render {
            source,
            format,
            width,
            height,
            keys,
        }) => {
            let catalog = load_catalog(&cli.presets, false)?;
            let scenario = pick_scenario(&catalog, &merge(&cli.source, &source))?;
            let mut app = App::new(catalog, scenario);
            // Text has no colours to show; a picture keeps them.
            app.color = format != PictureFormat::Text;
            replay(&mut app, width, height, &keys).map_err(CliError::Invalid)?;
            match format {
                PictureFormat::Text => print(&frame_text(&app, width, height)),
                PictureFormat::Svg => {
                    write_out(&crate::ui::picture::svg(&frame_buffer(&app, width, height)))
                }
                PictureFormat::Html => write_out(&crate::ui::picture::html(&frame_buffer(
                    &app, width, height,
                ))),
            }
        }
        Some(Command::Completions { shell }) => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "agi-compute", &mut out);
            write_out(&String::from_utf8_lossy(&out))
        }
        Some(Command::Man) => {
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut out)
                .map_err(|e| CliError::Failed(format!("cannot render the man page: {e}")))?;
            write_out(&String::from_utf8_lossy(&out))
        }
        Some(Command::Cost(args)) => {
            let catalog = load_catalog(&cli.presets, false)?;
            warn_problems(&catalog);
            let text = crate::report::cost::cost_command(
                &catalog,
                args.run.as_deref(),
                args.vs_epoch,
                args.frontier,
                args.format,
            )
            .map_err(CliError::Invalid)?;
            print(&text)
        }
        Some(Command::Cards(args)) => {
            let (text, format) = cards::cards_text(&cli.presets, &cli.source, &args)?;
            print_as(&text, format)
        }
        Some(Command::Feasible(args)) => {
            let catalog = load_catalog(&cli.presets, false)?;
            warn_problems(&catalog);
            let (text, format) =
                crate::cli::feasible::feasible_text(&catalog, &args).map_err(CliError::Invalid)?;
            print_as(&text, format)
        }
        Some(Command::Help { command }) => {
            let mut cmd = Cli::command();
            for name in &command {
                cmd = cmd.find_subcommand(name).cloned().ok_or_else(|| {
                    CliError::Invalid(format!("help: no subcommand '{}'", fmt::quoted(name)))
                })?;
            }
            write_out(&cmd.render_long_help().to_string())
        }
        Some(Command::Serve(args)) => {
            let catalog = load_catalog(&cli.presets, false)?;
            warn_problems(&catalog);
            let text = crate::cli::serve::render(&catalog, &args).map_err(CliError::Invalid)?;
            print_as(&text, args.format)
        }
    }
}

/// Writes a message to standard error, ignoring a failure: a full or closed standard error
/// must not stop the answer on standard output (nor turn into a panic).
fn to_stderr(s: &str) {
    let _ = std::io::stderr().lock().write_all(s.as_bytes());
}

/// Writes human-readable output, every terminal-driving character escaped (names and titles
/// come from files anyone can write).
fn print(s: &str) -> Result<(), CliError> {
    write_out(&fmt::sanitised(s, true))
}

/// Writes a report in `format`: JSON escaped as JSON, everything else as text.
fn print_as(s: &str, format: Format) -> Result<(), CliError> {
    match format {
        Format::Json => print_json(s),
        _ => print(s),
    }
}

/// Writes JSON, with the characters a terminal acts on that `serde_json` leaves raw escaped.
fn print_json(s: &str) -> Result<(), CliError> {
    write_out(&fmt::json_safe(s))
}

fn write_out(s: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::Failed(format!("cannot write output: {e}"))),
    }
}

/// The crash report: coloured only on a terminal, and written without panicking again when
/// standard error is full or closed (a panic in the panic hook aborts the process).
fn install_panic_report() {
    let colour = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let theme = if colour {
        color_eyre::config::Theme::dark()
    } else {
        color_eyre::config::Theme::new()
    };
    let (panic_hook, eyre_hook) = color_eyre::config::HookBuilder::default()
        .theme(theme)
        .into_hooks();
    let _ = eyre_hook.install();
    std::panic::set_hook(Box::new(move |info| {
        to_stderr(&format!("{}\n", panic_hook.panic_report(info)));
    }));
}

/// Entry point used by the binary.
pub fn main() -> ExitCode {
    install_panic_report();
    // The version names the catalog too (its newest date and a hash of the embedded data), so
    // two people comparing numbers can tell whether they used the same ones. Leaked once: clap
    // keeps a `&'static str`.
    let version: &'static str =
        Box::leak(crate::presets::identity::version_text().into_boxed_str());
    let parsed = <Cli as clap::CommandFactory>::command()
        .version(version)
        .try_get_matches()
        .and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        // --help and --version: their text is output, and failing to write it is an error
        // (`--help > /dev/full` must not exit 0).
        Err(e)
            if matches!(
                e.kind(),
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion
            ) =>
        {
            return match write_out(&e.render().to_string()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(CliError::Failed(m) | CliError::Invalid(m)) => {
                    to_stderr(&format!("error: {m}\n"));
                    ExitCode::from(1)
                }
            };
        }
        Err(e) => {
            // clap quotes the refused value whole: a 100 KB argument is clipped, line by line.
            let text = e.render().to_string();
            for line in text.lines() {
                to_stderr(&format!("{}\n", fmt::clip(line, 300)));
            }
            return ExitCode::from(2);
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Invalid(m)) => {
            to_stderr(&format!("error: {}\n", fmt::sanitise(&m, true)));
            ExitCode::from(2)
        }
        Err(CliError::Failed(m)) => {
            to_stderr(&format!("error: {}\n", fmt::sanitise(&m, true)));
            ExitCode::from(1)
        }
    }
}
