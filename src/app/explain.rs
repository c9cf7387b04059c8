//! What `e` (or a click on a row) opens: every result, limit and feasibility band of the live
//! scenario as a list of topics, each shown whole with its formula, the inputs it reads and
//! their sources. The panels cut their rows to fit; this is where each is read in full.

use super::{App, Mode, Output, View};
use crate::analysis::feasibility::Constraint;
use crate::analysis::limits::Limit;

/// One thing the explanation can be about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    Output(Output),
    Limit(Limit),
    /// A constraint's band in the Feasibility view, in the year nearest the scenario's.
    Band(Constraint),
}

/// The results panel's outputs, in its order: they lead the list.
const PANEL_FIRST: [Output; 9] = [
    Output::TotalFlop,
    Output::GoodputFlop,
    Output::Goodput,
    Output::EffectiveFlop,
    Output::GpuHours,
    Output::Power,
    Output::Energy,
    Output::Co2,
    Output::ChinchillaParams,
];

/// How `o` is worked out, in one line of arithmetic and words (what `model::compute` does).
pub fn formula(o: Output) -> &'static str {
    match o {
        Output::FleetCost => "GPUs × price per GPU",
        Output::ClusterCost => {
            "GPUs × price × the cluster overhead (servers and network, Epoch AI's split of a cluster's cost)"
        }
        Output::RentalCost => "GPU-hours × rent per GPU-hour",
        Output::AmortizedCost => {
            "cluster cost × run share × days ÷ (365.25 × hardware life in years) + the run's energy cost"
        }
        Output::EpochAmortizedCost => {
            "Epoch AI's method: the servers' value × the optimal replacement rate over the run's time, plus energy"
        }
        Output::Sustained => {
            "GPUs × run share × dense peak × 10¹² × MFU (the peak of the scenario's year)"
        }
        Output::TotalFlop => "sustained FLOP/s × days × 86,400 s",
        Output::FleetFlopPerYear => "GPUs × dense peak × 10¹² × MFU × 365.25 days × 86,400 s",
        Output::GpuHours => "GPUs × run share × days × 24",
        Output::Power => "GPUs × run share × watts per GPU × PUE",
        Output::FleetPower => "GPUs × watts per GPU × PUE (the whole fleet)",
        Output::Energy => "power × days × 24 h",
        Output::EnergyCost => "energy × power price",
        Output::Co2 => "energy × grid carbon intensity",
        Output::ChinchillaParams => {
            "N = √(training FLOP ÷ 120): Chinchilla's 20 tokens per parameter with C = 6·N·D"
        }
        Output::ChinchillaTokens => "D = 20 × N tokens",
        Output::EffectiveFlop => {
            "training FLOP × the algorithmic progress since the base year (the projected year's factor)"
        }
        Output::TokensPerDay => {
            "GPUs × inference share × a serving replica's tokens per GPU-second × 86,400 s. The replica (the trained model, on the fewest GPUs that hold its weights and KV cache, or the typed replica GPUs) prefills each prompt at the compute roof, then decodes: a step takes max(weights and KV cache read ÷ (memory bandwidth × its achieved fraction), 2 × active parameters FLOP per sequence ÷ (peak × serving MFU)) + the tensor-parallel all-reduces"
        }
        Output::ServeRentCost => {
            "rent per GPU-hour ÷ a serving replica's tokens per GPU-hour (the roofline) × 10⁶"
        }
        Output::ServeAmortizedCost => {
            "(price × cluster overhead ÷ hardware life in hours + energy per GPU-hour) ÷ a serving replica's tokens per GPU-hour (the roofline) × 10⁶"
        }
        Output::InferencePower => "GPUs × inference share × watts per GPU × PUE",
        Output::JobMtbf => {
            "10⁶ ÷ ((unexpected + planned interruptions per 10⁶ GPU-hours) × run GPUs) hours"
        }
        Output::Interruptions => "24 ÷ the job's mean time between failures in hours",
        Output::CheckpointInterval => {
            "the interval that maximises goodput (Daly 2006), solved from the write time and the MTBF"
        }
        Output::CheckpointWrite => {
            "typed, or the parameters × checkpoint bytes per parameter ÷ the storage bandwidth"
        }
        Output::Goodput => {
            "synchronous recovery: Daly's renewal model at the best checkpoint interval; fault-tolerant or in-memory: e^(−restart ÷ MTBF)"
        }
        Output::GoodputFlop => {
            "training FLOP × goodput for an in-step MFU; a whole-run MFU already paid for failures"
        }
    }
}

impl App {
    /// Everything `e` can explain for the live scenario, in the order it lists them: the
    /// results panel's outputs (the cost on the basis shown first), every other output, the
    /// limits from the one that binds first, then the Feasibility view's bands once it has
    /// been shown.
    pub fn topics(&self) -> Vec<Topic> {
        let cost = self.cost_basis.output();
        let mut outputs = vec![cost];
        outputs.extend(PANEL_FIRST.iter().copied().filter(|&o| o != cost));
        let rest: Vec<Output> = Output::ALL
            .into_iter()
            .filter(|o| !outputs.contains(o))
            .collect();
        outputs.extend(rest);
        let l = &self.evaluation.limits;
        let limits = l
            .order
            .iter()
            .filter_map(|&i| l.rows.get(i))
            .map(|r| Topic::Limit(r.limit));
        let bands = self
            .feasibility
            .as_ref()
            .map_or(&[][..], |_| &Constraint::ALL[..])
            .iter()
            .map(|&c| Topic::Band(c));
        outputs
            .into_iter()
            .map(Topic::Output)
            .chain(limits)
            .chain(bands)
            .collect()
    }

    /// The year of the Feasibility view nearest the scenario's, for its bands.
    pub fn feasibility_year(&self) -> Option<&crate::analysis::feasibility::YearFeasibility> {
        let year = self.evaluation.projection.year;
        self.feasibility.as_ref()?.years.iter().min_by(|a, b| {
            (f64::from(a.year) - year)
                .abs()
                .total_cmp(&(f64::from(b.year) - year).abs())
        })
    }

    /// Opens the explanation at `topic`, or at the first topic of the lower view shown.
    pub(super) fn open_explain(&mut self, topic: Option<Topic>) {
        let topics = self.topics();
        let first_of = |view: View| {
            topics.iter().position(|t| {
                matches!(
                    (view, t),
                    (View::Limits, Topic::Limit(_)) | (View::Feasibility, Topic::Band(_))
                )
            })
        };
        let at = match topic {
            Some(t) => topics.iter().position(|&x| x == t),
            None => first_of(self.view),
        };
        self.mode = Mode::Explain(at.unwrap_or(0));
    }
}
