//! Command line: the explorer (no subcommand), `eval`, `presets` and `render`.
//!
//! Exit codes: 0 success, 2 invalid input (flags, presets, files), 1 anything else.

pub mod feasible;
pub mod output_file;
pub mod serve;

use crate::analysis::evaluation::{Evaluation, Reference, Solved};
use crate::analysis::sweep::{Axis, SweepFormat};
use crate::app::App;
use crate::model::solve::{Target, solve};
use crate::model::{Field, Flop, MfuBasis, Output, Recovery, Usd, format as fmt};
use crate::presets::{
    Catalog, DEFAULT_SCENARIO, Precision, Scenario, Sourced, load_scenario_file, user_preset_dir,
};
use crate::report::{CatalogFormat, Format, catalog_json, catalog_table};
use crate::tui::headless::{frame_buffer, frame_text, replay};
use clap::{Arg, ArgMatches, Args, CommandFactory, Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "agi-compute",
    version,
    about = "What does a GPU fleet buy? Explore AGI-scale compute scenarios.",
    long_about = "Opens an interactive explorer on the default scenario (Meta's 350k H100, 2024). \
                  Subcommands run the same engine headless.",
    after_help = "Examples:
  agi-compute
  agi-compute --preset xai-colossus-100k
  agi-compute --scenario 'agi1:gb200;gpus=100k;days=120'"
)]
pub struct Cli {
    #[command(flatten)]
    pub source: SourceArgs,
    /// Extra directory of user presets (overrides the config directory and built-ins).
    #[arg(long, value_name = "DIR", global = true)]
    pub presets: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Which scenario to start from.
#[derive(Args, Debug, Default, Clone)]
pub struct SourceArgs {
    /// Scenario preset by name (see `agi-compute presets`).
    #[arg(long, value_name = "NAME", conflicts_with_all = ["file", "scenario"])]
    pub preset: Option<String>,
    /// Scenario RON file.
    #[arg(long, value_name = "PATH", conflicts_with = "scenario")]
    pub file: Option<PathBuf>,
    /// One-line scenario, as `eval --format json` prints it under scenario_string and the
    /// explorer's y key copies it (agi1:h100-sxm;gpus=100k;mfu=35%).
    #[arg(long, value_name = "STR")]
    pub scenario: Option<String>,
    /// Accelerator id from the catalog (h100-sxm, b200, …): its peak, price, all-in watts and
    /// rent replace the scenario's, as the `a` key does; what the card lacks is marked missing.
    #[arg(long, value_name = "ID")]
    pub accelerator: Option<String>,
    /// Use the card's dense FP8 peak instead of BF16.
    #[arg(long)]
    pub fp8: bool,
    /// A known run's record as the scenario (llama-65b): its card, GPU count, days or
    /// GPU-hours and MFU, and its paper's watts, PUE and grid carbon where it gives them;
    /// the rest stays the preset's.
    #[arg(long, value_name = "RUN")]
    pub from_run: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Evaluate a scenario headless and print the results.
    #[command(after_help = "Examples:
  agi-compute eval --preset deepseek-v3
  agi-compute eval --gpus 100k --mfu 35% --format json
  agi-compute eval --solve gpus --target-ratio 10 --milestone llama-3.1-405b")]
    Eval(Box<EvalArgs>),
    /// List scenarios, accelerators, milestones and fleets; import Epoch AI's data.
    #[command(after_help = "Examples:
  agi-compute presets
  agi-compute presets --format json
  agi-compute presets --sources")]
    Presets {
        #[arg(long, value_enum, default_value = "table")]
        format: CatalogFormat,
        /// List the source abbreviations ([EPOCH-DB], …) with their full references.
        #[arg(long)]
        sources: bool,
        /// What changed in the data since the data hash HASH (as `--version` printed it):
        /// each value old → new, why and on which source.
        #[arg(long, value_name = "HASH", conflicts_with = "sources")]
        since: Option<String>,
        #[command(subcommand)]
        action: Option<crate::presets::epoch_import::PresetsCommand>,
    },
    /// Vary one to three inputs over grids and stream every row: CSV, JSON Lines or Markdown.
    #[command(after_help = "Examples:
  agi-compute sweep --vary gpus=10k..1M:log:30 --outputs total_flop,power_mw
  agi-compute sweep --vary mfu=30%..50%:5 --vary days=30..120:4 --format markdown
  agi-compute sweep --scenario 'agi1:gb200' --vary gpus=10k..1M:log:1000 --out grid.csv")]
    Sweep(Box<SweepArgs>),
    /// Print the explorer's frame after replaying keys: text, SVG or HTML (docs, bug reports).
    #[command(after_help = "Examples:
  agi-compute render --width 80 --height 24
  agi-compute render --keys 'j j l l Tab'
  agi-compute render --format svg > explorer.svg")]
    Render {
        #[command(flatten)]
        source: SourceArgs,
        /// text: the characters; svg and html: with colours and bold, in a monospace grid.
        #[arg(long, value_enum, default_value = "text")]
        format: PictureFormat,
        #[arg(long, default_value_t = 120)]
        width: u16,
        #[arg(long, default_value_t = 40)]
        height: u16,
        /// Space-separated keys: j k l h [ ] H L Enter Esc Up Down S-Right … ; text after
        /// Enter is typed character by character.
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        keys: String,
    },
    /// Epoch AI's three training-cost estimates for a known run, beside Epoch's published ones.
    #[command(after_help = "Examples:
  agi-compute cost llama-3.1-405b
  agi-compute cost gpt-4 --format json
  agi-compute cost --vs-epoch --frontier")]
    Cost(CostArgs),
    /// Print a shell completion script, generated from the same definitions as the parser.
    #[command(after_help = "Examples:
  agi-compute completions bash > ~/.local/share/bash-completion/completions/agi-compute
  agi-compute completions zsh > ~/.zfunc/_agi-compute
  agi-compute completions fish > ~/.config/fish/completions/agi-compute.fish")]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), generated from the same definitions as the parser.
    #[command(after_help = "Examples:
  agi-compute man > agi-compute.1
  agi-compute man | man -l -")]
    Man,
    /// Every catalog card on the scenario or a FLOP target, cheapest first on one cost basis.
    #[command(after_help = "Examples:
  agi-compute cards
  agi-compute cards --target-flop 1e26 --basis rent
  agi-compute cards --target-flop 1e26 --solve days --gpus 10k --format csv")]
    Cards(Box<CardsArgs>),
    /// The largest training run power, chips, data and latency allow by year, with intervals.
    #[command(after_help = "Examples:
  agi-compute feasible --year 2030
  agi-compute feasible --years 2025..2035 --format csv
  agi-compute feasible --year 2030 --campus-gw 5 --lab-share 50% --run-months 6")]
    Feasible(crate::cli::feasible::FeasibleArgs),
    /// What one replica of a model serves on a card: decode, prefill, memory, cost per token.
    #[command(after_help = "Examples:
  agi-compute serve --params 65B --accelerator a100-80gb --gpus 8 --batch 16
  agi-compute serve --run llama-2-70b --accelerator h100-sxm --gpus 2 --batch 64 --fp8
  agi-compute serve --params 1T --accelerator h100-sxm --format json")]
    Serve(Box<crate::cli::serve::ServeArgs>),
}

/// Formats of `render`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PictureFormat {
    Text,
    Svg,
    Html,
}

/// `cards [--target-flop C] [--basis B] [input flags]`.
#[derive(Args, Debug)]
pub struct CardsArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// The scenario's other inputs (--days 90, --mfu 35%): the same on every card.
    #[command(flatten)]
    pub inputs: InputFlags,
    /// Reach this training compute on every card (1e26), solving --solve.
    #[arg(long, allow_negative_numbers = true, value_name = "FLOP", value_parser = positive)]
    pub target_flop: Option<f64>,
    /// With --target-flop: the GPUs needed in the scenario's days, or the days its GPUs need.
    #[arg(long, value_enum, default_value = "gpus", requires = "target_flop")]
    pub solve: CardSolve,
    /// The cost each card is ranked by.
    #[arg(long, value_enum, default_value = "gpus")]
    pub basis: BasisArg,
    /// With --basis rent: rank only rents of this market (the others are listed unranked).
    #[arg(long, value_enum)]
    pub tier: Option<TierArg>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// A rent market for `cards --tier`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TierArg {
    Neocloud,
    HyperscalerOnDemand,
    HyperscalerCommitted,
}

impl TierArg {
    fn tier(self) -> crate::presets::RentTier {
        use crate::presets::RentTier;
        match self {
            TierArg::Neocloud => RentTier::Neocloud,
            TierArg::HyperscalerOnDemand => RentTier::HyperscalerOnDemand,
            TierArg::HyperscalerCommitted => RentTier::HyperscalerCommitted,
        }
    }
}

/// What `cards --target-flop` solves for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CardSolve {
    Gpus,
    Days,
}

/// `cost RUN` or `cost --vs-epoch`.
#[derive(Args, Debug)]
pub struct CostArgs {
    /// Milestone id or name, any case (llama-3.1-405b, "GPT-4").
    #[arg(
        value_name = "RUN",
        required_unless_present = "vs_epoch",
        conflicts_with = "vs_epoch"
    )]
    pub run: Option<String>,
    /// Every run Epoch costs, ours beside Epoch's with the ratio ours/Epoch.
    #[arg(long)]
    pub vs_epoch: bool,
    /// With --vs-epoch: only the catalog's frontier runs.
    #[arg(long, requires = "vs_epoch")]
    pub frontier: bool,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub inputs: InputFlags,
    /// Which input matters most for this output (its JSON key: total_flop, fleet_cost_usd,
    /// power_mw, …): each input moved across its range, or ±20 %, ranked by the swing.
    #[arg(long, value_name = "OUTPUT", value_parser = output_key, conflicts_with = "solve")]
    pub sensitivity: Option<Output>,
    /// Goal seek: solve this input so the run reaches the target.
    #[arg(long, value_enum, value_name = "INPUT", requires = "target")]
    pub solve: Option<SolveFor>,
    /// Target training compute in FLOP (1e27), with --solve.
    #[arg(long, allow_negative_numbers = true, value_name = "FLOP", group = "target", requires = "solve", value_parser = positive)]
    pub target_flop: Option<f64>,
    /// Target as a multiple of a milestone (with --milestone and --solve).
    #[arg(
        long,
        allow_negative_numbers = true,
        value_name = "R",
        group = "target",
        requires_all = ["milestone", "solve"],
        value_parser = positive
    )]
    pub target_ratio: Option<f64>,
    /// Milestone id or name for --target-ratio (llama-3.1-405b).
    #[arg(long, value_name = "NAME", requires = "target_ratio")]
    pub milestone: Option<String>,
    /// Target cost in USD ($5B; always dollars), with --solve: on --basis (default: the GPUs'
    /// purchase price).
    #[arg(long, allow_negative_numbers = true, value_name = "USD", group = "target", requires = "solve", value_parser = positive)]
    pub budget: Option<f64>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// The cost --budget buys: gpus (purchase), cluster, rent, amortized or epoch-amortized.
    #[arg(long, value_enum, value_name = "BASIS", requires = "budget")]
    pub basis: Option<BasisArg>,
    /// Target: a compute-optimal model of this many parameters (10T): C = 6·N·D with D = 20·N
    /// tokens, or D = --tokens.
    #[arg(long, allow_negative_numbers = true, value_name = "N", group = "target", requires = "solve", value_parser = positive)]
    pub target_params: Option<f64>,
    /// Target: the run's facility power (1GW, 500MW): the largest run within it, with
    /// --solve gpus (or share).
    #[arg(long, allow_negative_numbers = true, value_name = "POWER", group = "target", requires = "solve", value_parser = power)]
    pub power: Option<f64>,
    /// Target: a goodput to keep (90% or 0.9), with --solve gpus (the largest synchronous
    /// run), failure-rate, checkpoint or restart.
    #[arg(long, allow_negative_numbers = true, value_name = "SHARE", group = "target", requires = "solve", value_parser = goodput)]
    pub goodput: Option<f64>,
    /// With a FLOP target (--target-flop, --target-ratio, --target-params): the run's useful
    /// FLOP (after failures) must reach it, not its training FLOP.
    #[arg(long)]
    pub useful: bool,
    /// Training tokens for --target-params, instead of the compute-optimal 20 per parameter.
    #[arg(long, allow_negative_numbers = true, value_name = "D", requires = "target_params", value_parser = positive)]
    pub tokens: Option<f64>,
    /// With --format csv: one row per scenario (name, every input, every output, its band)
    /// under a header that is the same for every scenario.
    #[arg(long)]
    pub wide: bool,
    /// With --wide: the row alone, for appending to a sheet.
    #[arg(long, requires = "wide")]
    pub no_header: bool,
    /// Buy or rent with this budget ($1B): the GPUs and FLOP it buys on every cost basis, in
    /// the run and over the hardware life, and the break-even that decides it.
    #[arg(long, allow_negative_numbers = true, value_name = "USD", conflicts_with_all = ["solve", "wide"], value_parser = positive)]
    pub buy_or_rent: Option<f64>,
}

/// A cost basis as typed after `--basis`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BasisArg {
    /// The GPUs' purchase price.
    #[value(alias = "buy")]
    Gpus,
    /// GPUs, servers and networking.
    Cluster,
    /// The run's GPU-hours at the rent per GPU-hour.
    Rent,
    /// The run's share of the cluster over the hardware life, plus energy.
    Amortized,
    /// Epoch AI's amortized method.
    EpochAmortized,
}

impl BasisArg {
    pub fn basis(self) -> crate::model::cost::CostBasis {
        use crate::model::cost::CostBasis;
        match self {
            BasisArg::Gpus => CostBasis::Gpus,
            BasisArg::Cluster => CostBasis::Cluster,
            BasisArg::Rent => CostBasis::Rent,
            BasisArg::Amortized => CostBasis::Amortized,
            BasisArg::EpochAmortized => CostBasis::EpochAmortized,
        }
    }
}

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

/// The inputs goal seek can solve for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SolveFor {
    Gpus,
    Days,
    Mfu,
    Tflops,
    Price,
    /// The year whose cards reach a FLOP target (the trend's price-performance).
    Year,
    /// The failure rate, checkpoint or restart time that keeps a --goodput.
    FailureRate,
    Checkpoint,
    Restart,
}

impl SolveFor {
    /// The name as typed after `--solve`, for messages.
    fn name(self) -> &'static str {
        match self {
            SolveFor::Gpus => "gpus",
            SolveFor::Days => "days",
            SolveFor::Mfu => "mfu",
            SolveFor::Tflops => "tflops",
            SolveFor::Price => "price",
            SolveFor::Year => "year",
            SolveFor::FailureRate => "failure-rate",
            SolveFor::Checkpoint => "checkpoint",
            SolveFor::Restart => "restart",
        }
    }

    fn field(self) -> Field {
        match self {
            SolveFor::Gpus => Field::Gpus,
            SolveFor::Days => Field::Days,
            SolveFor::Mfu => Field::Mfu,
            SolveFor::Tflops => Field::Tflops,
            SolveFor::Price => Field::Price,
            SolveFor::Year => Field::Year,
            SolveFor::FailureRate => Field::FailureRate,
            SolveFor::Checkpoint => Field::Checkpoint,
            SolveFor::Restart => Field::Restart,
        }
    }
}

/// An output by its JSON key, as `--sensitivity` takes it.
fn output_key(s: &str) -> Result<Output, String> {
    Output::from_key(s.trim()).ok_or_else(|| {
        let keys: Vec<&str> = Output::ALL.iter().map(|o| o.spec().key).collect();
        format!("'{s}' is not an output; one of: {}", keys.join(", "))
    })
}

/// A positive number in any of the human forms.
/// A goodput, strictly between 0 and 100 %: `90%` or `0.9`.
fn goodput(s: &str) -> Result<f64, String> {
    match crate::analysis::goal::parse_fraction(s) {
        Ok(g) if g > 0.0 && g < 1.0 => Ok(g),
        Ok(_) => Err("must be between 0 and 100 % (90% or 0.9)".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// A power with its unit, in MW: `1GW`, `500MW`, `300 kW`.
fn power(s: &str) -> Result<f64, String> {
    match crate::analysis::goal::parse_power(&s.to_ascii_lowercase()) {
        Some(Ok(mw)) if mw > 0.0 && mw.is_finite() => Ok(mw),
        Some(Ok(_)) => Err("must be a positive power".into()),
        Some(Err(e)) => Err(e.to_string()),
        None => Err(format!("'{s}' needs a unit: 1GW, 500MW or 300kW")),
    }
}

fn positive(s: &str) -> Result<f64, String> {
    match crate::model::parse::parse_quantity(s) {
        Ok(t) if t.value > 0.0 && t.value.is_finite() => Ok(t.value),
        Ok(t) if t.value.is_infinite() => Err(format!(
            "'{s}' is too large: it overflows a 64-bit float (at most about 1.8e308)"
        )),
        Ok(_) => Err("must be a positive number".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// One flag per input, built from the [`Field`] table (its `flag`, `help` and range): adding
/// an input adds its flag, with the same range check as typed entry and presets.
#[derive(Clone, Debug, Default)]
pub struct InputFlags {
    values: Vec<(Field, f64)>,
    /// `--recovery`: how the run recovers from failures.
    recovery: Option<Recovery>,
    /// `--mfu-basis`: what the MFU counts.
    mfu_basis: Option<MfuBasis>,
}

impl clap::FromArgMatches for InputFlags {
    fn from_arg_matches(m: &ArgMatches) -> Result<Self, clap::Error> {
        let values = Field::ALL
            .iter()
            .filter_map(|&f| Some((f, *m.get_one::<f64>(f.spec().key)?)))
            .collect();
        Ok(InputFlags {
            values,
            recovery: m.get_one::<Recovery>("recovery").copied(),
            mfu_basis: m.get_one::<MfuBasis>("mfu_basis").copied(),
        })
    }

    fn update_from_arg_matches(&mut self, m: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

impl Args for InputFlags {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        let recovery = |s: &str| {
            Recovery::from_key(s).ok_or_else(|| {
                let keys: Vec<&str> = Recovery::ALL.iter().map(|r| r.key()).collect();
                format!("one of {}", keys.join(", "))
            })
        };
        let basis = |s: &str| match s {
            "in-step" => Ok(MfuBasis::InStep),
            "whole-run" => Ok(MfuBasis::WholeRun),
            _ => Err("in-step or whole-run".to_string()),
        };
        Field::ALL
            .iter()
            .fold(cmd, |cmd, &f| {
                let s = f.spec();
                cmd.arg(
                    Arg::new(s.key)
                        .long(s.flag.trim_start_matches("--"))
                        .value_name(s.unit)
                        .help(s.help)
                        .value_parser(field_parser(f))
                        // "-1e25" is a value to refuse with the range, not an unknown flag.
                        .allow_negative_numbers(true),
                )
            })
            .arg(
                Arg::new("recovery")
                    .long("recovery")
                    .value_name("MODE")
                    .help("How the run recovers from failures: sync (global restart from the last checkpoint), fault-tolerant (FT-HSDP: the others stall, nothing rolls back) or in-memory (host-memory checkpoints, hot spares); sets the mode's restart unless --restart is given")
                    .value_parser(clap::builder::ValueParser::new(recovery)),
            )
            .arg(
                Arg::new("mfu_basis")
                    .long("mfu-basis")
                    .value_name("BASIS")
                    .help("What the MFU counts: in-step (a paper's per-stage figure; goodput applies) or whole-run (FLOP ÷ GPU-hours, failures already inside)")
                    .value_parser(clap::builder::ValueParser::new(basis)),
            )
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

/// A clap value parser that accepts the human number forms and checks the field's range.
fn field_parser(
    field: Field,
) -> impl Fn(&str) -> Result<f64, String> + Clone + Send + Sync + 'static {
    move |s: &str| crate::model::parse::parse_for(field, s).map_err(|e| e.to_string())
}

/// An error with the exit code it deserves.
#[derive(Debug)]
pub enum CliError {
    /// The user's input is wrong: exit 2.
    Invalid(String),
    /// Anything else: exit 1.
    Failed(String),
}

/// The user directories to read, in override order: config dir, then `--presets`.
fn user_dirs(extra: &Option<PathBuf>) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(d) = user_preset_dir()
        && d.is_dir()
    {
        dirs.push(d);
    }
    if let Some(d) = extra {
        dirs.push(d.clone());
    }
    dirs
}

/// Loads the catalog; an explicit `--presets` that cannot be read is an input error. The
/// explorer passes `missing_ok`: saving there creates the directory.
fn load_catalog(extra: &Option<PathBuf>, missing_ok: bool) -> Result<Catalog, CliError> {
    if let Some(d) = extra {
        if !d.exists() && !missing_ok {
            return Err(CliError::Invalid(format!(
                "--presets {}: does not exist (the explorer creates it when you save)",
                d.display()
            )));
        }
        if d.exists() && !d.is_dir() {
            return Err(CliError::Invalid(format!(
                "--presets {}: not a directory",
                d.display()
            )));
        }
    }
    let dirs: Vec<PathBuf> = user_dirs(extra)
        .into_iter()
        .filter(|d| d.is_dir())
        .collect();
    Ok(Catalog::load(&dirs))
}

/// The scenario named by `--preset`/`--file` (or the default), then `--from-run`,
/// `--accelerator` and `--fp8` applied in that order: a run's record, then another card for it.
fn pick_scenario(catalog: &Catalog, source: &SourceArgs) -> Result<Scenario, CliError> {
    let mut s = base_scenario(catalog, source)?;
    if let Some(run) = &source.from_run {
        let m = catalog.find_milestone(run).ok_or_else(|| {
            CliError::Invalid(format!(
                "--from-run: no run '{}'; runs with a card, GPU count and duration: {}",
                fmt::quoted(run),
                runs_with_records(catalog, &s).join(", ")
            ))
        })?;
        s = crate::presets::from_run::scenario_from_run(m, catalog, &s)
            .map_err(|e| CliError::Invalid(format!("--from-run: {e}")))?;
    }
    if let Some(id) = &source.accelerator {
        let card = catalog.accelerator(id).ok_or_else(|| {
            CliError::Invalid(format!(
                "--accelerator: no card '{}'; valid ids: {}",
                fmt::quoted(id),
                accelerator_ids(catalog)
            ))
        })?;
        let before = s.accelerator.clone();
        for lack in s.use_card(card) {
            to_stderr(&format!("note: {}: {lack}\n", card.id));
        }
        if before.as_deref() != Some(card.id.as_str()) {
            mark_modified(&mut s, &format!("card {}", card.id));
        }
    }
    if source.fp8 {
        let card = s
            .accelerator
            .as_deref()
            .and_then(|id| catalog.accelerator(id))
            .ok_or_else(|| CliError::Invalid("--fp8 needs a card: give --accelerator ID".into()))?;
        if card.fp8_tflops.is_none() {
            let with: Vec<&str> = catalog
                .accelerators
                .iter()
                .filter(|a| a.fp8_tflops.is_some())
                .map(|a| a.id.as_str())
                .collect();
            return Err(CliError::Invalid(format!(
                "--fp8: {} has no dense FP8 peak; cards with one: {}",
                card.id,
                with.join(", ")
            )));
        }
        if s.precision != Precision::Fp8 {
            mark_modified(&mut s, "FP8");
        }
        s.precision = Precision::Fp8;
        s.peak_tflops = card.peak(Precision::Fp8).clone();
    }
    Ok(s)
}

/// Says in the title that the scenario is no longer its preset ("Meta 2024 — 350k H100 ·
/// modified: card b200, GPUs"), so a preset's title never stands over other numbers.
fn mark_modified(s: &mut Scenario, what: &str) {
    const MARK: &str = " · modified: ";
    if s.title.contains(MARK) {
        s.title = format!("{}, {what}", s.title);
    } else {
        s.title = format!("{}{MARK}{what}", s.title);
    }
}

/// The catalog's card ids, for messages.
fn accelerator_ids(catalog: &Catalog) -> String {
    catalog
        .accelerators
        .iter()
        .map(|a| a.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The runs whose record makes a scenario, for the message of an unknown `--from-run`.
fn runs_with_records(catalog: &Catalog, base: &Scenario) -> Vec<String> {
    catalog
        .milestones
        .iter()
        .filter(|m| crate::presets::from_run::scenario_from_run(m, catalog, base).is_ok())
        .map(|m| m.id.clone())
        .collect()
}

/// The scenario named by `--preset`/`--file`, or the default.
fn base_scenario(catalog: &Catalog, source: &SourceArgs) -> Result<Scenario, CliError> {
    if let Some(path) = &source.file {
        return load_scenario_file(path).map_err(|p| CliError::Invalid(p.to_string()));
    }
    if let Some(line) = &source.scenario {
        return crate::presets::scenario_string::decode(line, catalog)
            .map_err(|e| CliError::Invalid(e.to_string()));
    }
    let name = source.preset.as_deref().unwrap_or(DEFAULT_SCENARIO);
    if let Some(e) = catalog.scenario(name) {
        return Ok(e.scenario.clone());
    }
    // The file that would have been this preset was refused: its problem says why, where
    // "no scenario named" would send the user looking for a typo.
    if let Some(problem) = catalog.refused_scenario(name) {
        return Err(CliError::Invalid(problem.to_string()));
    }
    Err(CliError::Invalid(format!(
        "no scenario named '{}'; available: {}",
        fmt::quoted(name),
        catalog.scenario_names().join(", ")
    )))
}

/// The catalog and the scenario a headless command starts from: `source`'s scenario with the
/// input flags applied and every input checked against its range.
fn scenario_with_flags(
    presets: &Option<PathBuf>,
    source: &SourceArgs,
    flags: &InputFlags,
) -> Result<(Catalog, Scenario), CliError> {
    let catalog = load_catalog(presets, false)?;
    let mut scenario = pick_scenario(&catalog, source)?;
    apply_overrides(&mut scenario, flags).map_err(CliError::Invalid)?;
    let inputs = scenario.inputs();
    inputs
        .validate()
        .map_err(|e| CliError::Invalid(e.to_string()))?;
    // The model caps active parameters at the total; a flag asking for more is a typo to say,
    // not to hide.
    let given = |f: Field| flags.values.iter().any(|&(g, _)| g == f);
    if let (Some(active), Some(total)) = (inputs.active_params, inputs.params)
        && active > total
        && (given(Field::ActiveParams) || given(Field::Params))
    {
        return Err(CliError::Invalid(format!(
            "--active-params {} is above --params {}: the active parameters are part of the total",
            fmt::count(active),
            fmt::count(total)
        )));
    }
    Ok((catalog, scenario))
}

/// Applies `eval` flag overrides, marking them as set by the user. Share flags given together
/// keep their values and only the shares not given are rescaled (an error when they cannot
/// sum to 100 %).
fn apply_overrides(s: &mut Scenario, flags: &InputFlags) -> Result<(), String> {
    // A flag that restates the scenario's own value keeps its source and range.
    let changed: Vec<(Field, f64)> = flags
        .values
        .iter()
        .copied()
        .filter(|&(f, v)| !s.restates(f, v))
        .collect();
    let mut names: Vec<&str> = changed.iter().map(|(f, _)| f.name()).collect();
    // The mode first: its restart is the default a --restart flag then overrides.
    if let Some(r) = flags.recovery.filter(|&r| r != s.recovery) {
        s.set_recovery(r);
        names.push("recovery");
    }
    if let Some(b) = flags.mfu_basis.filter(|&b| b != s.mfu_basis) {
        s.mfu_basis = b;
        names.push("MFU basis");
    }
    if !names.is_empty() {
        mark_modified(s, &names.join(", "));
    }
    let mut shares: [Option<Sourced>; 3] = Default::default();
    for &(field, v) in &changed {
        // The source names the flag, so a reader of the provenance knows where it came from.
        let value = Sourced {
            source: format!("{} on the command line", field.spec().flag),
            ..Sourced::user_set(v)
        };
        match crate::model::projection::share_index(field) {
            Some(i) => shares[i] = Some(value),
            None => s.set_input(field, value),
        }
    }
    s.set_shares(shares)
}

fn warn_problems(catalog: &Catalog) {
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
                print(&crate::report::render(&e, Format::Table))?;
                return Ok(());
            }
            let mut app = App::new(catalog, scenario);
            app.color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            // Saves go where presets are read from: --presets DIR, else the config directory.
            app.save_dir = cli.presets.clone().or_else(user_preset_dir);
            crate::tui::run(app).map_err(|e| CliError::Failed(format!("terminal error: {e}")))
        }
        Some(Command::Eval(args)) => {
            let (text, format) = eval_text(&cli.presets, &cli.source, &args)?;
            print_as(&text, format)
        }
        Some(Command::Sweep(args)) => {
            let (catalog, scenario) = scenario_with_flags(
                &cli.presets,
                &merge(&cli.source, &args.source),
                &args.inputs,
            )?;
            warn_problems(&catalog);
            run_sweep(&args, &sweep_base(&scenario, &catalog, &args.inputs))
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
            match (format, sources) {
                (CatalogFormat::Json, false) => {
                    print_json(&format!("{:#}\n", catalog_json(&catalog)))
                }
                (CatalogFormat::Json, true) => print_json(&format!(
                    "{:#}\n",
                    serde_json::json!({ "sources": catalog.sources })
                )),
                (CatalogFormat::Table, false) => print(&catalog_table(&catalog)),
                (CatalogFormat::Table, true) => print(&crate::report::sources_table(&catalog)),
            }
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
            let (text, format) = cards_text(&cli.presets, &cli.source, &args)?;
            print_as(&text, format)
        }
        Some(Command::Feasible(args)) => {
            let catalog = load_catalog(&cli.presets, false)?;
            warn_problems(&catalog);
            let (text, format) =
                crate::cli::feasible::feasible_text(&catalog, &args).map_err(CliError::Invalid)?;
            print_as(&text, format)
        }
        Some(Command::Serve(args)) => {
            let catalog = load_catalog(&cli.presets, false)?;
            warn_problems(&catalog);
            let text = crate::cli::serve::render(&catalog, &args).map_err(CliError::Invalid)?;
            print_as(&text, args.format)
        }
    }
}

/// `cards`' output, not yet printed.
fn cards_text(
    presets: &Option<PathBuf>,
    top: &SourceArgs,
    args: &CardsArgs,
) -> Result<(String, Format), CliError> {
    use crate::analysis::cards::{CardGoal, rank_cards};
    let (catalog, scenario) =
        scenario_with_flags(presets, &merge(top, &args.source), &args.inputs)?;
    warn_problems(&catalog);
    let basis = args.basis.basis();
    if args.tier.is_some() && basis != crate::model::cost::CostBasis::Rent {
        return Err(CliError::Invalid(
            "--tier ranks rents: use it with --basis rent".into(),
        ));
    }
    let tier = args.tier.map(TierArg::tier);
    let (goal, said) = match args.target_flop {
        Some(t) => {
            let (field, how) = match args.solve {
                CardSolve::Gpus => (
                    Field::Gpus,
                    format!("in {}", fmt::days(scenario.days.value)),
                ),
                CardSolve::Days => (
                    Field::Days,
                    format!("on {} GPUs", fmt::count(scenario.gpus.value)),
                ),
            };
            (
                CardGoal::Flop {
                    target: t,
                    solve: field,
                },
                format!(
                    "{} {how} at {} MFU",
                    fmt::flop(t),
                    fmt::percent(scenario.mfu.value)
                ),
            )
        }
        None => (
            CardGoal::Scenario,
            format!(
                "{} GPUs for {} at {} MFU",
                fmt::count(scenario.gpus.value),
                fmt::days(scenario.days.value),
                fmt::percent(scenario.mfu.value)
            ),
        ),
    };
    let rows = rank_cards(
        &scenario,
        &catalog,
        &Reference::new(&catalog),
        basis,
        goal,
        tier,
    );
    let q = crate::report::cards::CardsQuestion {
        scenario: scenario.name.clone(),
        goal: match tier {
            Some(t) => format!("{said}, {} rents only", t.words()),
            None => said,
        },
        basis: basis.word(),
    };
    Ok((
        crate::report::cards::render(&q, &rows, args.format),
        args.format,
    ))
}

/// `eval`'s output, not yet printed (preset warnings go to stderr).
fn eval_text(
    presets: &Option<PathBuf>,
    top: &SourceArgs,
    args: &EvalArgs,
) -> Result<(String, Format), CliError> {
    if args.wide && args.format != Format::Csv {
        return Err(CliError::Invalid(
            "--wide is a CSV layout: give --format csv".into(),
        ));
    }
    let (catalog, mut scenario) =
        scenario_with_flags(presets, &merge(top, &args.source), &args.inputs)?;
    if let Some(output) = args.sensitivity {
        warn_problems(&catalog);
        let t =
            crate::analysis::sensitivity::sensitivity(&scenario, &Reference::new(&catalog), output)
                .ok_or_else(|| {
                    CliError::Invalid(format!(
                        "--sensitivity {}: the output is not computed for this scenario ({})",
                        output.spec().key,
                        output
                            .spec()
                            .absent
                            .unwrap_or("an input it reads has no sourced value")
                    ))
                })?;
        return Ok((crate::report::sensitivity(&t, args.format), args.format));
    }
    if let Some(budget) = args.buy_or_rent {
        warn_problems(&catalog);
        let b =
            crate::analysis::buy_rent::buy_or_rent(&scenario, &Reference::new(&catalog), budget);
        return Ok((
            crate::analysis::buy_rent::render(&b, args.format),
            args.format,
        ));
    }
    let solved = match args.solve {
        Some(which) => {
            let field = which.field();
            let (target, said) = goal_target(args, &catalog)?;
            let basis = args.basis.map(BasisArg::basis);
            let value = match (target, basis) {
                (Target::Budget(Usd(b)), Some(basis))
                    if basis != crate::model::cost::CostBasis::Gpus =>
                {
                    // Say which input the basis lacks, and the flag that sets it.
                    if let Some(f) = crate::analysis::evaluation::basis_lacks(&scenario, basis) {
                        return Err(CliError::Invalid(format!(
                            "--basis {}: the scenario has no {} ({})",
                            basis.word(),
                            f.name(),
                            f.spec().flag
                        )));
                    }
                    crate::analysis::evaluation::solve_on_basis(
                        &scenario,
                        &Reference::new(&catalog),
                        field,
                        b,
                        basis,
                    )
                }
                _ => solve(&scenario.inputs(), field, target),
            }
            .map_err(|e| CliError::Invalid(format!("--solve {}: {said}: {e}", which.name())))?;
            scenario.set_input(
                field,
                Sourced {
                    source: format!("goal seek for {said}"),
                    ..Sourced::user_set(value)
                },
            );
            mark_modified(&mut scenario, &format!("{} solved", field.name()));
            Some(Solved {
                field,
                value,
                target: said,
            })
        }
        None => None,
    };
    warn_problems(&catalog);
    let mut eval = Evaluation::new(&scenario, &catalog, &Reference::new(&catalog));
    eval.solved = solved;
    eval.scenario_string = Some(crate::presets::scenario_string::encode(&scenario, &catalog));
    if args.wide {
        return Ok((
            crate::report::to_csv_wide(&eval, !args.no_header),
            args.format,
        ));
    }
    Ok((crate::report::render(&eval, args.format), args.format))
}

/// `agi-compute eval ARGS…` as the binary would run it, with its output returned instead of
/// printed: the whole argument list in, the text (or the error message) out. For the fuzzer.
pub fn eval_captured(args: &[String]) -> Result<String, String> {
    let argv = ["agi-compute".to_string(), "eval".to_string()]
        .into_iter()
        .chain(args.iter().cloned());
    let cli = Cli::try_parse_from(argv).map_err(|e| e.to_string())?;
    match &cli.command {
        Some(Command::Eval(a)) => match eval_text(&cli.presets, &cli.source, a) {
            Ok((text, Format::Json)) => Ok(fmt::json_safe(&text)),
            Ok((text, _)) => Ok(fmt::sanitise(&text, true)),
            Err(CliError::Invalid(m) | CliError::Failed(m)) => Err(m),
        },
        _ => Err("not an eval command".into()),
    }
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
    let outputs = sweep_outputs(a).map_err(message)?;
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
fn sweep_base(
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
fn run_sweep(args: &SweepArgs, base: &crate::analysis::sweep::Base) -> Result<(), CliError> {
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

/// Writes a message to standard error, ignoring a failure: a full or closed standard error
/// must not stop the answer on standard output (nor turn into a panic).
fn to_stderr(s: &str) {
    let _ = std::io::stderr().lock().write_all(s.as_bytes());
}

/// The goal of `eval --solve`, and how to say it.
fn goal_target(args: &EvalArgs, catalog: &Catalog) -> Result<(Target, String), CliError> {
    let (target, said) = training_goal(args, catalog)?;
    match target {
        Target::Flop(f) if args.useful => Ok((Target::UsefulFlop(f), format!("{said} useful"))),
        _ if args.useful => Err(CliError::Invalid(
            "--useful applies to a FLOP target: --target-flop, --target-ratio or --target-params"
                .into(),
        )),
        _ => Ok((target, said)),
    }
}

/// The goal as typed, its FLOP counted before failures.
fn training_goal(args: &EvalArgs, catalog: &Catalog) -> Result<(Target, String), CliError> {
    if let Some(f) = args.target_flop {
        return Ok((Target::Flop(Flop(f)), fmt::flop(f)));
    }
    if let Some(b) = args.budget {
        let on = match args.basis.map(BasisArg::basis) {
            Some(basis) if basis != crate::model::cost::CostBasis::Gpus => {
                format!(" on the {} basis", basis.word())
            }
            _ => String::new(),
        };
        return Ok((
            Target::Budget(Usd(b)),
            format!("a {} budget{on}", fmt::usd(b)),
        ));
    }
    if let Some(g) = args.goodput {
        return Ok((
            Target::Goodput(g),
            format!("a goodput of {}", fmt::percent(g)),
        ));
    }
    if let Some(mw) = args.power {
        return Ok((
            Target::PowerMw(mw),
            format!("{} of facility power", fmt::si(mw * 1e6, "W")),
        ));
    }
    if let Some(n) = args.target_params {
        // Chinchilla: C = 6·N·D, compute-optimal at D = 20·N tokens.
        let (d, how) = match args.tokens {
            Some(d) => (d, format!("{} tokens", fmt::sig(d, 3))),
            None => (20.0 * n, "20 tokens per parameter".to_string()),
        };
        let flop = 6.0 * n * d;
        if !flop.is_finite() {
            return Err(CliError::Invalid(format!(
                "--target-params {}: 6·N·D overflows: the target must be a finite FLOP count",
                fmt::sig(n, 3)
            )));
        }
        return Ok((
            Target::Flop(Flop(flop)),
            format!(
                "a {}-parameter model on {how} ({})",
                fmt::count(n),
                fmt::flop(flop)
            ),
        ));
    }
    if let (Some(r), Some(name)) = (args.target_ratio, &args.milestone) {
        let m = catalog.find_milestone(name).ok_or_else(|| {
            CliError::Invalid(format!(
                "--milestone: no milestone '{}' (see `agi-compute presets`)",
                fmt::quoted(name)
            ))
        })?;
        let flop = r * m.flop.value;
        if !flop.is_finite() {
            return Err(CliError::Invalid(format!(
                "--target-ratio {} × {} overflows: the target must be a finite FLOP count",
                fmt::sig(r, 3),
                m.name
            )));
        }
        return Ok((
            Target::Flop(Flop(flop)),
            format!("{}× {} ({})", fmt::sig(r, 3), m.name, fmt::flop(flop)),
        ));
    }
    Err(CliError::Invalid(
        "--solve needs --target-flop, --target-ratio with --milestone, --target-params, --power, --goodput or --budget"
            .into(),
    ))
}

/// Subcommand source flags win over the top-level ones.
fn merge(top: &SourceArgs, sub: &SourceArgs) -> SourceArgs {
    let mut m = if sub.preset.is_some() || sub.file.is_some() || sub.scenario.is_some() {
        sub.clone()
    } else {
        SourceArgs {
            preset: top.preset.clone(),
            file: top.file.clone(),
            scenario: top.scenario.clone(),
            ..sub.clone()
        }
    };
    m.accelerator = sub.accelerator.clone().or_else(|| top.accelerator.clone());
    m.fp8 = sub.fp8 || top.fp8;
    m.from_run = sub.from_run.clone().or_else(|| top.from_run.clone());
    m
}

/// Writes human-readable output, every terminal-driving character escaped (names and titles
/// come from files anyone can write).
fn print(s: &str) -> Result<(), CliError> {
    write_out(&fmt::sanitise(s, true))
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
