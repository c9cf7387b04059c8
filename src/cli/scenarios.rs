//! The scenarios `eval` compares, in the order the command line gives them: every `--preset`,
//! `--file`, `--scenario` and `--from-run` names one. One base with one `--from-run` keeps its
//! single meaning (that run's record on that base); `--accelerator` and `--fp8` apply to all.

use crate::presets::pick::{SourceArgs, merge};
use clap::{Arg, ArgAction, ArgMatches, Args};
use std::path::PathBuf;

/// One scenario as named on the command line.
#[derive(Clone, Debug, PartialEq)]
pub enum Pick {
    Preset(String),
    File(PathBuf),
    Scenario(String),
    FromRun(String),
}

impl Pick {
    /// How the scenario was named: what the `scenario` column and the table's heading show.
    pub fn label(&self) -> String {
        match self {
            Pick::Preset(s) | Pick::Scenario(s) | Pick::FromRun(s) => s.clone(),
            Pick::File(p) => p.display().to_string(),
        }
    }

    fn source(&self) -> SourceArgs {
        let mut s = SourceArgs::default();
        match self {
            Pick::Preset(n) => s.preset = Some(n.clone()),
            Pick::File(p) => s.file = Some(p.clone()),
            Pick::Scenario(l) => s.scenario = Some(l.clone()),
            Pick::FromRun(r) => s.from_run = Some(r.clone()),
        }
        s
    }
}

/// `--preset`, `--file`, `--scenario`, `--from-run` (each repeatable) and the card flags.
#[derive(Clone, Debug, Default)]
pub struct Scenarios {
    pub picks: Vec<Pick>,
    pub accelerator: Option<String>,
    pub fp8: bool,
}

/// (argument id, flag, value name, help) of the repeatable scenario flags.
const PICKS: [(&str, &str, &str, &str); 4] = [
    (
        "preset",
        "preset",
        "NAME",
        "Scenario preset by name (see `agi-compute presets`); repeat to compare several",
    ),
    ("file", "file", "PATH", "Scenario RON file; repeatable"),
    (
        "scenario",
        "scenario",
        "STR",
        "One-line scenario, as `eval --format json` prints it under scenario_string (agi1:h100-sxm;gpus=100k;mfu=35%); repeatable",
    ),
    (
        "from_run",
        "from-run",
        "RUN",
        "A known run's record as the scenario (llama-65b); with one other scenario flag, that run on it; repeatable",
    ),
];

impl clap::FromArgMatches for Scenarios {
    fn from_arg_matches(m: &ArgMatches) -> Result<Self, clap::Error> {
        let mut picks: Vec<(usize, Pick)> = Vec::new();
        for (id, ..) in PICKS {
            let (Some(values), Some(at)) = (m.get_raw(id), m.indices_of(id)) else {
                continue;
            };
            for (v, i) in values.zip(at) {
                let v = v.to_string_lossy().into_owned();
                picks.push((
                    i,
                    match id {
                        "preset" => Pick::Preset(v),
                        "file" => Pick::File(PathBuf::from(v)),
                        "scenario" => Pick::Scenario(v),
                        _ => Pick::FromRun(v),
                    },
                ));
            }
        }
        picks.sort_by_key(|(i, _)| *i);
        Ok(Scenarios {
            picks: picks.into_iter().map(|(_, p)| p).collect(),
            accelerator: m.get_one::<String>("accelerator").cloned(),
            fp8: m.get_flag("fp8"),
        })
    }

    fn update_from_arg_matches(&mut self, m: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

impl Args for Scenarios {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        PICKS
            .iter()
            .fold(cmd, |cmd, &(id, long, value, help)| {
                cmd.arg(
                    Arg::new(id)
                        .long(long)
                        .value_name(value)
                        .help(help)
                        .action(ArgAction::Append),
                )
            })
            .arg(
                Arg::new("accelerator")
                    .long("accelerator")
                    .value_name("ID")
                    .help("Accelerator id from the catalog (h100-sxm, b200, …) for every scenario: its peak, price, all-in watts and rent replace the scenario's; what the card lacks is marked missing"),
            )
            .arg(
                Arg::new("fp8")
                    .long("fp8")
                    .action(ArgAction::SetTrue)
                    .help("Use the card's dense FP8 peak instead of BF16"),
            )
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

impl Scenarios {
    /// Each scenario's label (none: the single scenario's own name) and what picks it, the
    /// top-level flags filling in what the subcommand leaves out.
    pub fn sources(&self, top: &SourceArgs) -> Vec<(Option<String>, SourceArgs)> {
        let card = SourceArgs {
            accelerator: self.accelerator.clone(),
            fp8: self.fp8,
            ..SourceArgs::default()
        };
        let runs = self
            .picks
            .iter()
            .filter(|p| matches!(p, Pick::FromRun(_)))
            .count();
        let single = self.picks.len() <= 1 || (self.picks.len() == 2 && runs == 1);
        if single {
            let mut sub = card;
            for p in &self.picks {
                let s = p.source();
                sub.preset = sub.preset.or(s.preset);
                sub.file = sub.file.or(s.file);
                sub.scenario = sub.scenario.or(s.scenario);
                sub.from_run = sub.from_run.or(s.from_run);
            }
            return vec![(None, merge(top, &sub))];
        }
        self.picks
            .iter()
            .map(|p| {
                let sub = SourceArgs {
                    accelerator: card.accelerator.clone(),
                    fp8: card.fp8,
                    ..p.source()
                };
                (Some(p.label()), merge(top, &sub))
            })
            .collect()
    }
}
