//! `agi-compute cards`: every card of the catalog on one goal, ranked by cost.

use super::eval::{BasisArg, positive};
use super::{CliError, scenario_with_flags, warn_problems};
use crate::analysis::evaluation::Reference;
use crate::model::{Field, format as fmt};
use crate::presets::pick::{InputFlags, SourceArgs, merge};
use crate::report::Format;
use clap::Args;
use std::path::PathBuf;

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

/// `cards`' output, not yet printed.
pub(super) fn cards_text(
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
