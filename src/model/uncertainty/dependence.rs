//! Which outputs read which inputs, and in which direction: what lets an output of one
//! uncertain input skip sampling, and what the sensitivity and missing-input checks ask.

use super::{Field, Output};

/// How an output moves when one input grows (all other inputs fixed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Dir {
    /// The output does not read the input.
    None,
    /// Non-decreasing.
    Up,
    /// Non-increasing.
    Down,
    /// Up and down in turn (effective FLOP grows with GPUs while goodput falls): never the
    /// monotone shortcut, always sampled.
    Mixed,
}

/// Whether `output` reads `field` at all (the dependence table below).
pub fn reads(output: Output, field: Field) -> bool {
    dependence(output, field) != Dir::None
}

/// How `output` depends on `field`, read off [`Inputs::outputs`]; a test checks the table
/// against the arithmetic. The shares of the fleet's year are linked (raising one rescales the
/// other two down), and the projected year raises the card's peak and, less, its watts
/// (price-performance outpaces energy efficiency at the published rates). Serving reads the run's
/// inputs through the compute-optimal model size when no parameter count is typed; where one
/// is typed the output does not move with them, which the bands handle (a listed input that
/// does not move an output gives it no width).
pub(super) fn dependence(output: Output, field: Field) -> Dir {
    use Field::*;
    // The run's share falls when either other share rises.
    let other_share = matches!(field, ShareExperiments | ShareInference);
    // Inputs of the intermediate quantities.
    let sustained = matches!(field, Gpus | Share | Tflops | Mfu | Year);
    let run_time = matches!(field, Gpus | Share | Days);
    let power = matches!(field, Gpus | Share | Watts | Pue | Year);
    let energy = power || field == Days;
    let energy_cost = energy || field == KwhPrice;
    // Training FLOP × goodput: more run GPUs add FLOP and lose goodput (a share that
    // takes GPUs from the run does the opposite).
    if output == Output::GoodputFlop && (matches!(field, Gpus | Share) || other_share) {
        return Dir::Mixed;
    }
    // Unless typed, a checkpoint's write time is the state of the model the run trains (its
    // parameters, compute-optimal from the run's FLOP when unset) over the storage bandwidth:
    // these inputs move it only when the checkpoint is not typed, and goodput with it.
    let checkpoint_state = matches!(
        field,
        StorageBandwidth | Params | Gpus | Share | Tflops | Mfu | Days | Year
    ) || other_share;
    let failure_outputs = matches!(
        output,
        Output::CheckpointWrite
            | Output::CheckpointInterval
            | Output::Goodput
            | Output::GoodputFlop
    );
    if failure_outputs
        && checkpoint_state
        && !matches!(
            (output, field),
            (
                Output::Goodput | Output::CheckpointInterval,
                Gpus | Share | ShareExperiments | ShareInference
            )
        )
    {
        return Dir::Mixed;
    }
    // Serving reads the model's size through the roofline (unless typed, it grows with the
    // run's FLOP): a larger model is slower per GPU, but it may move to a larger replica and to
    // another shape (the rule's KV heads jump with the head count), and the batch, context
    // and replica trade memory for steps; so these move the serving outputs either way.
    let serving_output = matches!(
        output,
        Output::TokensPerDay | Output::ServeRentCost | Output::ServeAmortizedCost
    );
    let model_size =
        matches!(field, Gpus | Share | Mfu | Days | Tflops | Year | Params) || other_share;
    let serving_input = matches!(
        field,
        ServeBatch | PromptTokens | GenerateTokens | ReplicaGpus
    );
    if serving_output && (model_size || serving_input) {
        return Dir::Mixed;
    }
    let down = match output {
        Output::AmortizedCost => field == AmortYears || other_share,
        Output::EpochAmortizedCost => other_share,
        Output::Sustained
        | Output::TotalFlop
        | Output::ChinchillaParams
        | Output::ChinchillaTokens
        | Output::EffectiveFlop
        | Output::GpuHours
        | Output::RentalCost => other_share,
        Output::Power | Output::Energy | Output::EnergyCost | Output::Co2 => other_share,
        Output::TokensPerDay => field == ActiveParams,
        Output::ServeRentCost => field == InferenceMfu,
        Output::ServeAmortizedCost => matches!(field, InferenceMfu | AmortYears),
        Output::InferencePower => matches!(field, Share | ShareExperiments),
        // Failures: the rate per GPU-hour times the run's GPUs sets the time between them;
        // a share that takes GPUs from the run makes them rarer.
        Output::JobMtbf | Output::CheckpointInterval => matches!(field, Gpus | Share | FailureRate),
        Output::Interruptions => other_share,
        Output::Goodput => matches!(
            field,
            Gpus | Share | FailureRate | PlannedRate | Checkpoint | Restart
        ),
        Output::GoodputFlop => matches!(field, FailureRate | PlannedRate | Checkpoint | Restart),
        _ => false,
    };
    if down {
        return Dir::Down;
    }
    let up = match output {
        // Every GPU, not the run's share.
        Output::FleetCost | Output::ClusterCost => matches!(field, Gpus | Price),
        Output::RentalCost => run_time || field == Rent,
        // cluster cost × share × days / (years × 365.25) + energy cost
        Output::AmortizedCost => matches!(field, Gpus | Price | Share | Days) || energy_cost,
        Output::EpochAmortizedCost => matches!(field, Gpus | Price | Share | Days) || energy_cost,
        Output::Sustained => sustained,
        // chinchilla params and tokens are √(total / 120) and 20 × that.
        Output::TotalFlop | Output::ChinchillaParams | Output::ChinchillaTokens => {
            sustained || field == Days
        }
        Output::EffectiveFlop => sustained || field == Days,
        Output::FleetFlopPerYear => matches!(field, Gpus | Tflops | Mfu | Year),
        Output::GpuHours => run_time,
        Output::Power => power,
        Output::FleetPower => matches!(field, Gpus | Watts | Pue | Year),
        Output::Energy => energy,
        Output::EnergyCost => energy_cost,
        Output::Co2 => energy || field == Co2,
        // Inference GPUs × a replica's tokens per GPU-second × 86,400: a higher compute roof
        // only speeds prefill and compute-bound decoding; more active parameters slow them.
        Output::TokensPerDay => field == InferenceMfu,
        Output::ServeRentCost => matches!(field, Rent | ActiveParams),
        Output::ServeAmortizedCost => {
            matches!(field, Price | Watts | Pue | KwhPrice | ActiveParams)
        }
        Output::InferencePower => matches!(field, Gpus | Watts | Pue | Year | ShareInference),
        Output::Interruptions => matches!(field, Gpus | Share | FailureRate),
        Output::JobMtbf | Output::Goodput => other_share,
        Output::CheckpointInterval => field == Checkpoint || other_share,
        Output::CheckpointWrite => field == Checkpoint,
        Output::GoodputFlop => sustained || field == Days,
    };
    if up { Dir::Up } else { Dir::None }
}

#[cfg(test)]
mod tests {
    use super::super::columns;
    use super::*;
    use crate::model::Inputs;

    fn h100() -> Inputs {
        Inputs {
            gpus: 10_000.0,
            days: 100.0,
            ..Inputs::example()
        }
    }

    #[test]
    fn dependence_table_matches_the_arithmetic() {
        // Doubling one input moves exactly the outputs the table says, in its direction. The
        // Epoch amortized cost is set by the evaluation (it needs the catalog's constants):
        // here it is computed the same way with Epoch's published constants.
        let with_epoch = |i: &Inputs| {
            let mut o = i.outputs();
            let c = crate::model::epoch_cost::Constants::published();
            o.epoch_amortized_cost_usd = Some(crate::model::Usd(
                crate::model::epoch_cost::scenario_amortized(
                    o.gpu_hours,
                    i.price_usd,
                    1.64,
                    o.energy_cost_usd.0,
                    &c,
                ),
            ));
            columns(&o)
        };
        // Every share above zero, so raising one moves the other two; the parameter counts
        // are moved from typed values (unset, they follow the run's FLOP).
        let i = Inputs {
            run_share: 0.5,
            share_experiments: 0.3,
            share_inference: 0.2,
            replica_gpus: Some(16.0),
            ..h100()
        };
        let typed = Inputs {
            params: Some(4e11),
            active_params: Some(1e11),
            ..i
        };
        for f in Field::ALL {
            let base = match f {
                Field::Params => Inputs {
                    active_params: None,
                    ..typed
                },
                Field::ActiveParams => typed,
                _ => i,
            };
            let before = with_epoch(&base);
            let mut j = base;
            match (f, base.get(f)) {
                (Field::Year, Some(y)) => j.set(f, y + 1.0),
                (_, Some(v)) => j.set(f, v * 2.0),
                (_, None) => unreachable!("{f:?} is set in the test inputs"),
            }
            let after = with_epoch(&j);
            for (k, &output) in Output::ALL.iter().enumerate() {
                // An output that vanishes (serving costs once nothing serves) has no direction.
                if after[k].is_nan() {
                    continue;
                }
                let moved = if after[k] > before[k] {
                    Dir::Up
                } else if after[k] < before[k] {
                    Dir::Down
                } else {
                    Dir::None
                };
                let table = dependence(output, f);
                // A mixed input may move the output either way (or not at all) at one point.
                if table != Dir::Mixed {
                    assert_eq!(table, moved, "{output:?}, {f:?}");
                }
            }
        }
    }
}
