//! The scenario's outputs as an enumeration, with one spec row each: JSON key, labels, unit and
//! formatter.
//!
//! The results panel, every `eval` format and the uncertainty bands walk this table, so an output
//! is described once and every surface shows it with the same formatter. Adding an output is a
//! variant here, its row in [`Output::spec`], its field and formula in
//! [`Outputs`](super::compute::Outputs), and its arm in [`Output::of`]; the compiler points at
//! each of them (and at the uncertainty module's dependence table).

use super::compute::Outputs;
use super::format as fmt;

/// One output of a scenario.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, strum::VariantArray, strum::EnumCount,
)]
pub enum Output {
    /// Buying the fleet's GPUs: `gpus × price`.
    FleetCost,
    /// Buying the cluster: GPUs plus servers and networking.
    ClusterCost,
    /// Renting the run's GPU-hours.
    RentalCost,
    /// The run's share of the cluster's capex over the hardware life, plus energy.
    AmortizedCost,
    /// Epoch AI's amortized method applied to the scenario (optimal replacement rate).
    EpochAmortizedCost,
    Sustained,
    TotalFlop,
    FleetFlopPerYear,
    GpuHours,
    Power,
    FleetPower,
    Energy,
    EnergyCost,
    Co2,
    ChinchillaParams,
    ChinchillaTokens,
    /// The run in base-year-algorithm FLOP (algorithmic progress since the base year).
    EffectiveFlop,
    /// Tokens the inference share serves a day.
    TokensPerDay,
    /// Serving cost per million tokens at the rental rate.
    ServeRentCost,
    /// Serving cost per million tokens on the amortized basis.
    ServeAmortizedCost,
    /// Power of the inference share.
    InferencePower,
    /// Mean time between the run's interruptions.
    JobMtbf,
    Interruptions,
    /// The best checkpoint interval (exact model).
    CheckpointInterval,
    /// Minutes one checkpoint stalls training.
    CheckpointWrite,
    /// Share of the run's time that trains once failures are paid for.
    Goodput,
    /// Training FLOP × goodput: what the run gets done once failures are paid for.
    GoodputFlop,
}

/// Static facts about an output.
#[derive(Clone, Copy, Debug)]
pub struct OutputSpec {
    /// The JSON key and CSV name: `total_flop`.
    pub key: &'static str,
    /// Label in tables and the results panel.
    pub label: &'static str,
    /// A label of at most 9 characters for narrow screens.
    pub short: &'static str,
    /// Unit of the raw number in JSON and CSV.
    pub unit: &'static str,
    /// The one formatter every human surface uses for this output: the number with its
    /// magnitude and unit ("1.08e27", "$10.5 B", "491 MW")…
    pub format: fn(f64) -> String,
    /// …and the unit word that follows it in full text (" FLOP", " GPU-h"); narrow columns
    /// whose header names the unit leave it out.
    pub suffix: &'static str,
    /// Why the output can be absent (an optional input is unset); `None` if it is always there.
    pub absent: Option<&'static str>,
}

impl Outputs {
    /// Every output that is present, as a plain number: what checks of "finite and
    /// non-negative" walk over.
    pub fn numbers(&self) -> impl Iterator<Item = f64> + '_ {
        Output::ALL.into_iter().filter_map(|o| o.of(self))
    }
}

impl Output {
    /// Every output, in the order tables list them (the order of the declaration).
    pub const ALL: [Output; Output::COUNT] = super::all(<Output as strum::VariantArray>::VARIANTS);

    /// How many outputs there are (the length of arrays indexed by [`Output::index`]).
    pub const COUNT: usize = <Output as strum::EnumCount>::COUNT;

    /// Position in [`Output::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn spec(self) -> OutputSpec {
        let s = |key, label, short, unit, format| OutputSpec {
            key,
            label,
            short,
            unit,
            format,
            suffix: "",
            absent: None,
        };
        let count = fmt::count;
        let sci = |x| fmt::sci(x, 3);
        match self {
            Output::FleetCost => s("fleet_cost_usd", "Buy: GPUs", "Buy GPUs", "USD", fmt::usd),
            Output::ClusterCost => s(
                "cluster_cost_usd",
                "Buy: cluster",
                "Cluster",
                "USD",
                fmt::usd,
            ),
            Output::RentalCost => OutputSpec {
                absent: Some("no rental rate"),
                ..s("rental_cost_usd", "Rent", "Rent", "USD", fmt::usd)
            },
            Output::AmortizedCost => OutputSpec {
                absent: Some("no hardware life"),
                ..s(
                    "amortized_cost_usd",
                    "Amortized cluster",
                    "Amortized",
                    "USD",
                    fmt::usd,
                )
            },
            Output::EpochAmortizedCost => OutputSpec {
                absent: Some("no Epoch cost constants"),
                ..s(
                    "epoch_amortized_cost_usd",
                    "Epoch amortized",
                    "Ep. amort",
                    "USD",
                    fmt::usd,
                )
            },
            Output::Sustained => OutputSpec {
                suffix: " FLOP/s",
                ..s(
                    "sustained_flop_per_s",
                    "Sustained",
                    "Sustained",
                    "FLOP/s",
                    sci,
                )
            },
            Output::TotalFlop => OutputSpec {
                suffix: " FLOP",
                ..s("total_flop", "Training run", "Run", "FLOP", sci)
            },
            Output::FleetFlopPerYear => OutputSpec {
                suffix: " FLOP",
                ..s(
                    "fleet_flop_per_year",
                    "Fleet per year",
                    "Fleet/yr",
                    "FLOP",
                    sci,
                )
            },
            Output::GpuHours => OutputSpec {
                suffix: " GPU-h",
                ..s("gpu_hours", "GPU-hours", "GPU-hours", "GPU-h", count)
            },
            Output::Power => s("power_mw", "Power", "Power", "MW", |x| {
                fmt::si(x * 1e6, "W")
            }),
            Output::FleetPower => s("fleet_power_mw", "Fleet power", "Fleet pwr", "MW", |x| {
                fmt::si(x * 1e6, "W")
            }),
            Output::Energy => s("energy_mwh", "Energy", "Energy", "MWh", |x| {
                fmt::si(x * 1e6, "Wh")
            }),
            Output::EnergyCost => s(
                "energy_cost_usd",
                "Energy cost",
                "Energy $",
                "USD",
                fmt::usd,
            ),
            Output::Co2 => OutputSpec {
                suffix: " CO2eq",
                ..s("co2_tonnes", "Emissions", "CO2", "t CO2eq", |x| {
                    fmt::si(x, "t")
                })
            },
            Output::ChinchillaParams => OutputSpec {
                suffix: " params",
                ..s(
                    "chinchilla_params",
                    "Compute-optimal",
                    "Optimal",
                    "params",
                    count,
                )
            },
            Output::ChinchillaTokens => OutputSpec {
                suffix: " tokens",
                ..s(
                    "chinchilla_tokens",
                    "Optimal tokens",
                    "Tokens",
                    "tokens",
                    count,
                )
            },
            Output::EffectiveFlop => OutputSpec {
                suffix: " FLOP",
                ..s("effective_flop", "Effective run", "Effective", "FLOP", sci)
            },
            Output::TokensPerDay => OutputSpec {
                absent: Some("no card with a sourced memory bandwidth, or the model does not fit"),
                suffix: " tokens/day",
                ..s(
                    "tokens_per_day",
                    "Served per day",
                    "Tokens/d",
                    "tokens/day",
                    count,
                )
            },
            Output::ServeRentCost => OutputSpec {
                absent: Some("no rental rate or no inference share"),
                suffix: " /M tok",
                ..s(
                    "serve_rent_usd_per_mtok",
                    "Serve (rent)",
                    "Srv rent",
                    "USD/Mtok",
                    fmt::usd,
                )
            },
            Output::ServeAmortizedCost => OutputSpec {
                absent: Some("no hardware life or no inference share"),
                suffix: " /M tok",
                ..s(
                    "serve_amortized_usd_per_mtok",
                    "Serve (amortized)",
                    "Srv amort",
                    "USD/Mtok",
                    fmt::usd,
                )
            },
            Output::InferencePower => s(
                "inference_power_mw",
                "Serving power",
                "Srv power",
                "MW",
                |x| fmt::si(x * 1e6, "W"),
            ),
            Output::JobMtbf => OutputSpec {
                absent: Some("no failures"),
                ..s("job_mtbf_hours", "Job MTBF", "MTBF", "hours", |h| {
                    fmt::days(h / 24.0)
                })
            },
            Output::Interruptions => OutputSpec {
                suffix: " a day",
                ..s(
                    "interruptions_per_day",
                    "Interruptions",
                    "Failures",
                    "per day",
                    |x| fmt::sig(x, 3),
                )
            },
            Output::CheckpointInterval => OutputSpec {
                absent: Some("no failures, or none rolls back"),
                ..s(
                    "checkpoint_interval_minutes",
                    "Checkpoint every",
                    "Ckpt int.",
                    "minutes",
                    |m| fmt::days(m / 1440.0),
                )
            },
            Output::CheckpointWrite => s(
                "checkpoint_write_minutes",
                "Checkpoint write",
                "Ckpt wrt",
                "minutes",
                |m| fmt::days(m / 1440.0),
            ),
            Output::Goodput => s("goodput", "Goodput", "Goodput", "fraction", fmt::percent),
            Output::GoodputFlop => OutputSpec {
                suffix: " FLOP",
                ..s("goodput_flop", "After failures", "Useful", "FLOP", sci)
            },
        }
    }

    /// Whether this output reads the fleet's serving replica (the roofline): what the bands
    /// ask before working out a replica for every sample.
    pub fn reads_replica(self) -> bool {
        matches!(
            self,
            Output::TokensPerDay | Output::ServeRentCost | Output::ServeAmortizedCost
        )
    }

    /// Whether this output measures the fleet's serving share alone (what its GPUs serve, cost
    /// and draw), so that a fleet with no inference share has none of it: every sample of such
    /// a fleet gives the same value, which the bands take without sampling.
    pub fn of_serving_share(self) -> bool {
        self.reads_replica() || self == Output::InferencePower
    }

    /// This output's value in `o`; `None` when an optional input it needs is unset.
    pub fn of(self, o: &Outputs) -> Option<f64> {
        Some(match self {
            Output::FleetCost => o.fleet_cost_usd.0,
            Output::ClusterCost => o.cluster_cost_usd.0,
            Output::RentalCost => return o.rental_cost_usd.map(|u| u.0),
            Output::AmortizedCost => return o.amortized_cost_usd.map(|u| u.0),
            Output::EpochAmortizedCost => return o.epoch_amortized_cost_usd.map(|u| u.0),
            Output::Sustained => o.sustained_flop_per_s.0,
            Output::TotalFlop => o.total_flop.0,
            Output::FleetFlopPerYear => o.fleet_flop_per_year.0,
            Output::GpuHours => o.gpu_hours,
            Output::Power => o.power_mw,
            Output::FleetPower => o.fleet_power_mw,
            Output::Energy => o.energy_mwh,
            Output::EnergyCost => o.energy_cost_usd.0,
            Output::Co2 => o.co2_tonnes,
            Output::ChinchillaParams => o.chinchilla_params,
            Output::ChinchillaTokens => o.chinchilla_tokens,
            Output::EffectiveFlop => o.effective_flop.0,
            Output::TokensPerDay => return o.tokens_per_day,
            Output::ServeRentCost => return o.serve_rent_usd_per_mtok.map(|u| u.0),
            Output::ServeAmortizedCost => return o.serve_amortized_usd_per_mtok.map(|u| u.0),
            Output::InferencePower => o.inference_power_mw,
            Output::JobMtbf => return o.job_mtbf_hours,
            Output::Interruptions => o.interruptions_per_day,
            Output::CheckpointInterval => return o.checkpoint_interval_minutes,
            Output::CheckpointWrite => o.checkpoint_write_minutes,
            Output::Goodput => o.goodput,
            Output::GoodputFlop => o.goodput_flop.0,
        })
    }

    /// The value as every surface prints it: the formatter's text and unit word, or "— (why)"
    /// when absent.
    pub fn text(self, v: Option<f64>) -> String {
        let spec = self.spec();
        match v {
            Some(x) => {
                let mut t = (spec.format)(x);
                if t != fmt::NOT_A_NUMBER {
                    t.push_str(spec.suffix);
                }
                t
            }
            None => format!(
                "{} ({})",
                fmt::NOT_A_NUMBER,
                spec.absent.unwrap_or("not computed")
            ),
        }
    }

    /// The number alone, without the unit word, for columns whose header names the unit.
    pub fn number(self, v: Option<f64>) -> String {
        v.map_or(fmt::NOT_A_NUMBER.to_string(), self.spec().format)
    }

    /// A 5–95 % range in the same formatter: "1.06e27–1.47e27 FLOP", "$8.83–$10.4 B".
    pub fn range_text(self, low: f64, high: f64) -> String {
        let spec = self.spec();
        let mut t = fmt::range(&(spec.format)(low), &(spec.format)(high));
        t.push_str(spec.suffix);
        t
    }

    /// The output with this JSON key.
    pub fn from_key(key: &str) -> Option<Output> {
        Output::ALL.into_iter().find(|o| o.spec().key == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_order_and_keys_are_unique() {
        for (i, o) in Output::ALL.iter().enumerate() {
            assert_eq!(o.index(), i, "{o:?}");
            assert_eq!(Output::from_key(o.spec().key), Some(*o));
            assert!(o.spec().short.chars().count() <= 9, "{o:?}");
        }
    }

    #[test]
    fn optional_outputs_follow_their_inputs() {
        let mut i = crate::model::Inputs::example();
        i.rent_usd_per_gpu_hour = None;
        i.amortization_years = None;
        i.failures_per_million_gpu_hours = 0.0;
        i.serving.card = None;
        let o = i.outputs();
        for out in Output::ALL {
            assert_eq!(out.of(&o).is_none(), out.spec().absent.is_some(), "{out:?}");
        }
        assert_eq!(
            Output::RentalCost.text(None),
            "— (no rental rate)".to_string()
        );
    }
}
