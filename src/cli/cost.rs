//! `agi-compute cost`: a known run's cost on Epoch AI's basis, or the whole table against Epoch's.

use crate::report::Format;
use clap::Args;

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
