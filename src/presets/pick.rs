//! Picking the scenario a command starts from: a preset, a file, a one-line string or a known
//! run's record, then a card and its FP8 peak, then the input flags, then every input checked
//! against its range. The explorer and every headless command start here, so they agree on
//! what a set of flags means.

use crate::model::{Field, MfuBasis, Recovery, format as fmt};
use crate::presets::{
    Catalog, DEFAULT_SCENARIO, Precision, Scenario, Scenarios, Sourced, load_scenario_file,
    user_preset_dir,
};
use clap::{Arg, ArgMatches, Args};
use std::path::PathBuf;

/// A picked scenario and what the user should hear about it ("b200: no sourced rent").
pub struct Picked {
    pub scenario: Scenario,
    pub notes: Vec<String>,
}

/// What a headless command starts from: the catalog, the scenario with its flags, and the
/// notes [`Picked`] carries.
pub struct Start {
    pub catalog: Catalog,
    pub scenario: Scenario,
    pub notes: Vec<String>,
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

/// One flag per input, built from the [`Field`] table (its `flag`, `help` and range): adding
/// an input adds its flag, with the same range check as typed entry and presets.
#[derive(Clone, Debug, Default)]
pub struct InputFlags {
    pub values: Vec<(Field, f64)>,
    /// `--recovery`: how the run recovers from failures.
    pub recovery: Option<Recovery>,
    /// `--mfu-basis`: what the MFU counts.
    pub mfu_basis: Option<MfuBasis>,
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
pub fn field_parser(
    field: Field,
) -> impl Fn(&str) -> Result<f64, String> + Clone + Send + Sync + 'static {
    move |s: &str| crate::model::parse::parse_for(field, s).map_err(|e| e.to_string())
}

/// The user directories to read, in override order: config dir, then `--presets`.
pub fn user_dirs(extra: &Option<PathBuf>) -> Vec<PathBuf> {
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
pub fn load_catalog(extra: &Option<PathBuf>, missing_ok: bool) -> Result<Catalog, String> {
    load_catalog_with(extra, missing_ok, Scenarios::All)
}

/// [`load_catalog`] with only the built-in scenarios `which` names.
fn load_catalog_with(
    extra: &Option<PathBuf>,
    missing_ok: bool,
    which: Scenarios,
) -> Result<Catalog, String> {
    if let Some(d) = extra {
        if !d.exists() && !missing_ok {
            return Err(format!(
                "--presets {}: does not exist (the explorer creates it when you save)",
                d.display()
            ));
        }
        if d.exists() && !d.is_dir() {
            return Err(format!("--presets {}: not a directory", d.display()));
        }
    }
    let dirs: Vec<PathBuf> = user_dirs(extra)
        .into_iter()
        .filter(|d| d.is_dir())
        .collect();
    Ok(Catalog::load_with(&dirs, which))
}

/// The scenario named by `--preset`/`--file` (or the default), then `--from-run`,
/// `--accelerator` and `--fp8` applied in that order: a run's record, then another card for it.
pub fn pick_scenario(catalog: &Catalog, source: &SourceArgs) -> Result<Picked, String> {
    let mut notes = Vec::new();
    let mut s = base_scenario(catalog, source)?;
    if let Some(run) = &source.from_run {
        let m = catalog.find_milestone(run).ok_or_else(|| {
            format!(
                "--from-run: no run '{}'; runs with a card, GPU count and duration: {}",
                fmt::quoted(run),
                runs_with_records(catalog, &s).join(", ")
            )
        })?;
        s = crate::presets::from_run::scenario_from_run(m, catalog, &s)
            .map_err(|e| format!("--from-run: {e}"))?;
    }
    if let Some(id) = &source.accelerator {
        let card = catalog.accelerator(id).ok_or_else(|| {
            format!(
                "--accelerator: no card '{}'; valid ids: {}",
                fmt::quoted(id),
                accelerator_ids(catalog)
            )
        })?;
        let before = s.accelerator.clone();
        for lack in s.use_card(card) {
            notes.push(format!("{}: {lack}", card.id));
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
            .ok_or_else(|| "--fp8 needs a card: give --accelerator ID".to_string())?;
        if card.fp8_tflops.is_none() {
            let with: Vec<&str> = catalog
                .accelerators
                .iter()
                .filter(|a| a.fp8_tflops.is_some())
                .map(|a| a.id.as_str())
                .collect();
            return Err(format!(
                "--fp8: {} has no dense FP8 peak; cards with one: {}",
                card.id,
                with.join(", ")
            ));
        }
        if s.precision != Precision::Fp8 {
            mark_modified(&mut s, "FP8");
        }
        s.precision = Precision::Fp8;
        s.peak_tflops = card.peak(Precision::Fp8).clone();
    }
    Ok(Picked { scenario: s, notes })
}

/// Says in the title that the scenario is no longer its preset ("Meta 2024 — 350k H100 ·
/// modified: card b200, GPUs"), so a preset's title never stands over other numbers.
pub fn mark_modified(s: &mut Scenario, what: &str) {
    const MARK: &str = " · modified: ";
    if s.title.contains(MARK) {
        s.title = format!("{}, {what}", s.title);
    } else {
        s.title = format!("{}{MARK}{what}", s.title);
    }
}

/// The catalog's card ids, for messages.
pub fn accelerator_ids(catalog: &Catalog) -> String {
    catalog
        .accelerators
        .iter()
        .map(|a| a.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The runs whose record makes a scenario, for the message of an unknown `--from-run`.
pub fn runs_with_records(catalog: &Catalog, base: &Scenario) -> Vec<String> {
    catalog
        .milestones
        .iter()
        .filter(|m| crate::presets::from_run::scenario_from_run(m, catalog, base).is_ok())
        .map(|m| m.id.to_string())
        .collect()
}

/// The scenario named by `--preset`/`--file`, or the default.
pub fn base_scenario(catalog: &Catalog, source: &SourceArgs) -> Result<Scenario, String> {
    if let Some(path) = &source.file {
        return load_scenario_file(path).map_err(|p| p.to_string());
    }
    if let Some(line) = &source.scenario {
        return crate::presets::scenario_string::decode(line, catalog).map_err(|e| e.to_string());
    }
    let name = source.preset.as_deref().unwrap_or(DEFAULT_SCENARIO);
    if let Some(e) = catalog.scenario(name) {
        return Ok(e.scenario.clone());
    }
    // The file that would have been this preset was refused: its problem says why, where
    // "no scenario named" would send the user looking for a typo.
    if let Some(problem) = catalog.refused_scenario(name) {
        return Err(problem.to_string());
    }
    Err(format!(
        "no scenario named '{}'; available: {}",
        fmt::quoted(name),
        catalog.scenario_names().join(", ")
    ))
}

/// The catalog and the scenario a headless command starts from: `source`'s scenario with the
/// input flags applied and every input checked against its range.
pub fn scenario_with_flags(
    presets: &Option<PathBuf>,
    source: &SourceArgs,
    flags: &InputFlags,
) -> Result<Start, String> {
    // The built-in scenario asked for alone (with the default); a name none of them has is
    // answered from the whole catalog, whose message lists every name.
    let name = match source {
        SourceArgs {
            file: None,
            scenario: None,
            preset,
            ..
        } => preset.as_deref(),
        _ => None,
    };
    let mut catalog = load_catalog_with(
        presets,
        false,
        Scenarios::Named(name.unwrap_or(DEFAULT_SCENARIO)),
    )?;
    if let Some(name) = name
        && catalog.scenario(name).is_none()
    {
        catalog = load_catalog(presets, false)?;
    }
    let Picked {
        mut scenario,
        notes,
    } = pick_scenario(&catalog, source)?;
    apply_overrides(&mut scenario, flags)?;
    let inputs = scenario.inputs();
    inputs.validate().map_err(|e| e.to_string())?;
    // The model caps active parameters at the total; a flag asking for more is a typo to say,
    // not to hide.
    let given = |f: Field| flags.values.iter().any(|&(g, _)| g == f);
    if let (Some(active), Some(total)) = (inputs.active_params, inputs.params)
        && active > total
        && (given(Field::ActiveParams) || given(Field::Params))
    {
        return Err(format!(
            "--active-params {} is above --params {}: the active parameters are part of the total",
            fmt::count(active),
            fmt::count(total)
        ));
    }
    Ok(Start {
        catalog,
        scenario,
        notes,
    })
}

/// Applies `eval` flag overrides, marking them as set by the user. Share flags given together
/// keep their values and only the shares not given are rescaled (an error when they cannot
/// sum to 100 %).
pub fn apply_overrides(s: &mut Scenario, flags: &InputFlags) -> Result<(), String> {
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
            source: format!("{} on the command line", field.spec().flag).into(),
            ..Sourced::user_set(v)
        };
        match crate::model::projection::share_index(field) {
            Some(i) => shares[i] = Some(value),
            None => s.set_input(field, value),
        }
    }
    s.set_shares(shares)
}

/// Subcommand source flags win over the top-level ones.
pub fn merge(top: &SourceArgs, sub: &SourceArgs) -> SourceArgs {
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
