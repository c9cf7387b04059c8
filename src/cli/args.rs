//! The command line's top level: the global flags, the subcommands and the exit-code error.

use crate::presets::pick::SourceArgs;
use crate::report::CatalogFormat;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

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
  agi-compute --scenario 'agi1:gb200;gpus=100k;days=120'",
    disable_help_subcommand = true
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

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Evaluate one scenario or several side by side, headless, and print the results.
    #[command(after_help = "Examples:
  agi-compute eval --preset deepseek-v3 --brief
  agi-compute eval --preset meta-2024 --preset deepseek-v3 --gpus 100k --format csv --wide
  agi-compute eval --solve gpus --target-ratio 10 --milestone llama-3.1-405b")]
    Eval(Box<super::eval::EvalArgs>),
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
    Sweep(Box<super::sweep::SweepArgs>),
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
    Cost(super::cost::CostArgs),
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
    Cards(Box<super::cards::CardsArgs>),
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
    /// Print the help of the program or of a subcommand (`help eval` is `eval --help`).
    #[command(after_help = "Examples:
  agi-compute help eval
  agi-compute help presets import-epoch")]
    Help {
        /// The subcommand, and its own subcommand if it has one.
        #[arg(value_name = "COMMAND")]
        command: Vec<String>,
    },
}

/// Formats of `render`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PictureFormat {
    Text,
    Svg,
    Html,
}

/// An error with the exit code it deserves.
#[derive(Debug)]
pub enum CliError {
    /// The user's input is wrong: exit 2.
    Invalid(String),
    /// Anything else: exit 1.
    Failed(String),
}
