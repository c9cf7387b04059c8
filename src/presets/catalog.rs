//! The catalog: embedded presets plus the user's own files, with the problems found on the way.
//!
//! Embedded data is compiled in with `include_str!`, so the binary works offline from any folder.
//! User files override embedded entries of the same id or name, in any case, with a notice; a
//! broken file is reported and skipped. Entries are placed through a map by lower-case id, so
//! start-up stays linear in the number of entries.

use super::epoch::{EpochCosts, parse_epoch_costs};
use super::feasibility::{EMBEDDED_FEASIBILITY, FeasibilityData, parse_feasibility};
use super::limits::{EMBEDDED_LIMITS, LimitsData, parse_limits};
use super::parse::{
    parse_accelerators, parse_fleets, parse_milestones, parse_scenario, parse_sources,
};
use super::problem::Problem;
use super::read::{MAX_FILE_BYTES, line_col};
use super::schema::{Abbreviation, Accelerator, Fleet, Milestone, Scenario};
use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// The card whose dense peak is the unit of "H100-equivalents" (its figures are the catalog's).
pub const H100_ID: &str = "h100-sxm";

/// The scenario opened when none is chosen.
pub const DEFAULT_SCENARIO: &str = "meta-2024";

pub use super::builtin_files::{
    EMBEDDED_ACCELERATORS, EMBEDDED_FLEETS, EMBEDDED_MILESTONES, EMBEDDED_SCENARIOS,
    EMBEDDED_SOURCES,
};

/// Whether `path` and `text` are the built-in `file`'s own: then what a scenario's inputs read
/// of that file (the cards' memory, the runs' shapes, the cluster split, the limits' defaults)
/// is taken from this parse instead of a second one. User files never are.
fn is_builtin((path, text): (&str, &str), file: (&str, &str)) -> bool {
    path == file.0 && super::embedded::is_builtin(path, text)
}

/// The built-in scenarios a catalog reads.
///
/// A headless command starts from one scenario, and reading the other built-in ones was a
/// tenth of the catalog's reading: it reads the one it was asked for (by file name, which is
/// the scenario's name, any case) and the default one, which scenario strings are written
/// against. Its `scenarios` then lists those only, so it is for a command that lists none.
#[derive(Clone, Copy, Debug)]
pub enum Scenarios<'a> {
    All,
    Named(&'a str),
}

impl Scenarios<'_> {
    fn reads(self, path: &str) -> bool {
        let stem = path
            .rsplit('/')
            .next()
            .and_then(|f| f.strip_suffix(".ron"))
            .unwrap_or(path);
        match self {
            Scenarios::All => true,
            Scenarios::Named(name) => {
                stem.eq_ignore_ascii_case(name) || stem.eq_ignore_ascii_case(DEFAULT_SCENARIO)
            }
        }
    }
}

/// Where a scenario came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Embedded,
    User(PathBuf),
}

/// A scenario and its origin.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioEntry {
    pub scenario: Scenario,
    pub origin: Origin,
}

/// Everything the explorer and `eval` can choose from.
///
/// Ids and scenario names are case-insensitive everywhere: `GPT-4` and `gpt-4` are one
/// milestone, and a user entry of either spelling replaces the built-in one.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    pub scenarios: Vec<ScenarioEntry>,
    pub accelerators: Vec<Accelerator>,
    pub milestones: Vec<Milestone>,
    pub fleets: Vec<Fleet>,
    // The three documents are boxed: each holds dozens of sourced numbers inline (kilobytes),
    // and a catalog moves by value from the loader to `eval` and the explorer, through frames
    // that would otherwise each keep a copy on the stack (its pages cost a fault apiece).
    /// Epoch AI's cost model and its per-run inputs (one document: a user file replaces it);
    /// see [`Catalog::epoch_costs`].
    epoch: Epoch,
    /// Sites, chips, data and the thresholds the Limits view weighs a run against (one
    /// document: a user file replaces it).
    pub limits: Option<Box<LimitsData>>,
    /// The feasibility model's inputs by year (one document: a user file replaces it).
    pub feasibility: Option<Box<FeasibilityData>>,
    /// Source abbreviations (`[EPOCH-DB]`) with their full references.
    pub sources: Vec<Abbreviation>,
    /// Files or entries that could not be used, in the order found.
    pub problems: Vec<Problem>,
    /// Things worth knowing that are not errors: a user entry replacing a built-in one.
    pub notices: Vec<Problem>,
    /// Scenario files that were refused, by the name they would have had (their file stem,
    /// lower-case) → index in `problems`, so `--preset NAME` can say why NAME is missing.
    refused: HashMap<String, usize>,
    /// Lower-case id → position and origin, so loading stays linear in the number of entries.
    index: Index,
}

/// Epoch AI's cost document of a catalog. The built-in one is read when first asked for: a
/// scenario's Epoch cost needs its constants alone ([`super::epoch::builtin_constants`]), and
/// only a run's cost or the `cost` command read the rest, two thirds of it the known runs'
/// inputs (reading it whole was a fifth of the catalog's reading). A user's is read with its
/// file, so its problems are found with the others.
#[derive(Clone, Debug, Default)]
enum Epoch {
    #[default]
    None,
    Builtin(OnceLock<Box<EpochCosts>>),
    User(Box<EpochCosts>),
}

/// Where an entry of the catalog came from, for duplicate and replacement messages.
#[derive(Clone, Debug)]
enum Source {
    Embedded,
    /// A user file: its path as shown, and its directory (duplicates are per directory).
    User {
        shown: Arc<str>,
        dir: Option<PathBuf>,
    },
}

#[derive(Clone, Debug)]
struct Slot {
    at: usize,
    from: Source,
}

#[derive(Clone, Debug, Default)]
struct Index {
    scenarios: HashMap<String, Slot>,
    accelerators: HashMap<String, Slot>,
    milestones: HashMap<String, Slot>,
    fleets: HashMap<String, Slot>,
    sources: HashMap<String, Slot>,
}

/// The kinds of list entries, for messages and for picking the right list and index.
trait Keyed {
    const WHAT: &'static str;
    fn key(&self) -> &str;
}

impl Keyed for Accelerator {
    const WHAT: &'static str = "accelerator";
    fn key(&self) -> &str {
        &self.id
    }
}

impl Keyed for Milestone {
    const WHAT: &'static str = "milestone";
    fn key(&self) -> &str {
        &self.id
    }
}

impl Keyed for Fleet {
    const WHAT: &'static str = "fleet";
    fn key(&self) -> &str {
        &self.id
    }
}

impl Keyed for Abbreviation {
    const WHAT: &'static str = "source abbreviation";
    fn key(&self) -> &str {
        &self.id
    }
}

/// How many duplicate ids of one file are reported one by one; the rest are counted.
const MAX_DUPLICATES_REPORTED: usize = 10;

/// Finds `key` (any case) through `index`, checking the slot against the list: the lists are
/// public, so if entries were added, removed or moved behind the index's back, fall back to a
/// scan.
fn lookup<'a, T>(
    list: &'a [T],
    index: &HashMap<String, Slot>,
    key: &str,
    id: impl Fn(&T) -> &str,
) -> Option<&'a T> {
    let scan = || list.iter().find(|x| id(x).eq_ignore_ascii_case(key));
    // Lowered on the stack when short, as every id is: the explorer looks its card up several
    // times a keypress, and a String for each was an allocation and a free.
    let mut short = [0u8; 64];
    let lowered: std::borrow::Cow<str> = match short.get_mut(..key.len()) {
        Some(buf) => {
            buf.copy_from_slice(key.as_bytes());
            buf.make_ascii_lowercase();
            // Lowering ASCII letters keeps UTF-8 valid, so this never falls back.
            std::str::from_utf8(buf).map_or_else(|_| key.to_ascii_lowercase().into(), Into::into)
        }
        None => key.to_ascii_lowercase().into(),
    };
    match index.get(&*lowered) {
        Some(slot) => list
            .get(slot.at)
            .filter(|x| id(x).eq_ignore_ascii_case(key))
            .or_else(scan),
        None if index.len() == list.len() => None,
        None => scan(),
    }
}

/// Rebuilds an index that no longer matches its list (entries added or removed from outside,
/// the lists being public).
fn reindex<T>(list: &[T], index: &mut HashMap<String, Slot>, id: impl Fn(&T) -> &str) {
    if index.len() == list.len() {
        return;
    }
    let old = std::mem::take(index);
    for (at, x) in list.iter().enumerate() {
        let key = id(x).to_ascii_lowercase();
        let from = old.get(&key).map_or(Source::Embedded, |s| s.from.clone());
        index.insert(key, Slot { at, from });
    }
}

/// What kind of data a user file holds, decided by its file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FileKind {
    Scenario,
    Accelerators,
    Milestones,
    Fleets,
    EpochCosts,
    Limits,
    Feasibility,
    Sources,
}

fn kind_of(path: &Path) -> FileKind {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if stem.starts_with("epoch_costs") {
        FileKind::EpochCosts
    } else if stem.starts_with("limits") {
        FileKind::Limits
    } else if stem.starts_with("feasibility") {
        FileKind::Feasibility
    } else if stem.starts_with("accelerators") {
        FileKind::Accelerators
    } else if stem.starts_with("milestones") {
        FileKind::Milestones
    } else if stem.starts_with("fleets") {
        FileKind::Fleets
    } else if stem.starts_with("sources") {
        FileKind::Sources
    } else {
        FileKind::Scenario
    }
}

impl Catalog {
    /// Only the built-in presets.
    pub fn embedded() -> Catalog {
        Catalog::embedded_with(Scenarios::All)
    }

    /// The built-in catalog with the built-in scenarios `which` names.
    fn embedded_with(which: Scenarios) -> Catalog {
        let mut c = Catalog::default();
        c.add_text(
            FileKind::Accelerators,
            EMBEDDED_ACCELERATORS.0,
            EMBEDDED_ACCELERATORS.1,
            Origin::Embedded,
        );
        c.add_text(
            FileKind::Milestones,
            EMBEDDED_MILESTONES.0,
            EMBEDDED_MILESTONES.1,
            Origin::Embedded,
        );
        c.add_text(
            FileKind::Fleets,
            EMBEDDED_FLEETS.0,
            EMBEDDED_FLEETS.1,
            Origin::Embedded,
        );
        c.add_text(
            FileKind::Sources,
            EMBEDDED_SOURCES.0,
            EMBEDDED_SOURCES.1,
            Origin::Embedded,
        );
        // The Epoch document is read when first asked for (see `Epoch`); a scenario's inputs
        // take its cluster split from the file's head (`epoch::builtin_split`).
        c.epoch = Epoch::Builtin(OnceLock::new());
        // Before the scenarios: checking a scenario reads its inputs, which take the limits'
        // defaults from this file's parse here rather than their own.
        let (path, text) = EMBEDDED_LIMITS;
        c.add_text(FileKind::Limits, path, text, Origin::Embedded);
        for (path, text) in EMBEDDED_SCENARIOS {
            if which.reads(path) {
                c.add_text(FileKind::Scenario, path, text, Origin::Embedded);
            }
        }
        let (path, text) = EMBEDDED_FEASIBILITY;
        c.add_text(FileKind::Feasibility, path, text, Origin::Embedded);
        c
    }

    /// The built-in scenario named `name` (any case), parsed from its embedded file alone: what
    /// comes back when a user copy that replaced it is deleted or renamed.
    pub fn builtin_scenario(name: &str) -> Option<ScenarioEntry> {
        EMBEDDED_SCENARIOS.iter().find_map(|(path, text)| {
            let stem = path.rsplit('/').next()?.strip_suffix(".ron")?;
            if !stem.eq_ignore_ascii_case(name) {
                return None;
            }
            let scenario = super::parse::parse_scenario(path, text).ok()?;
            Some(ScenarioEntry {
                scenario,
                origin: Origin::Embedded,
            })
        })
    }

    /// Built-in presets, then each user directory in order (later ones override earlier ones).
    pub fn load(user_dirs: &[PathBuf]) -> Catalog {
        Catalog::load_with(user_dirs, Scenarios::All)
    }

    /// [`Catalog::load`] with only the built-in scenarios `which` names (every user file is
    /// read as ever).
    pub fn load_with(user_dirs: &[PathBuf], which: Scenarios) -> Catalog {
        let mut c = Catalog::embedded_with(which);
        for dir in user_dirs {
            c.add_dir(dir);
        }
        c
    }

    /// Adds every `*.ron` file of `dir` (not recursive). A missing directory is not a problem
    /// for the default config location, so callers decide whether to pass it.
    pub fn add_dir(&mut self, dir: &Path) {
        let entries = match fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                self.problems.push(Problem::new(
                    dir.display().to_string(),
                    format!("cannot read preset directory: {e}"),
                ));
                return;
            }
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("ron")))
            .collect();
        // Sorted so the outcome (and which duplicate wins) does not depend on the file system.
        paths.sort();
        for p in paths {
            self.add_file(&p);
        }
    }

    /// Adds one user file; problems are recorded, not returned.
    pub fn add_file(&mut self, path: &Path) {
        let kind = kind_of(path);
        match read_preset_file(path) {
            Ok(text) => self.add_text(
                kind,
                &path.display().to_string(),
                &text,
                Origin::User(path.to_path_buf()),
            ),
            Err(p) => {
                if kind == FileKind::Scenario {
                    self.remember_refused(path, None);
                }
                self.problems.push(p);
            }
        }
    }

    /// Adds text as if it were the user file `path` (its kind decided by the name, as for files
    /// on disk): lets a writer check, through the loader itself, that a file it is about to
    /// write will load with no problem.
    pub fn add_user_text(&mut self, path: &Path, text: &str) {
        self.add_text(
            kind_of(path),
            &path.display().to_string(),
            text,
            Origin::User(path.to_path_buf()),
        );
    }

    /// Remembers the names a refused scenario file was meant to have, pointing at the problem
    /// just about to be pushed: its file stem (saves name files so) and, where the text parses
    /// that far, its `name:`.
    fn remember_refused(&mut self, path: &Path, text: Option<&str>) {
        let at = self.problems.len();
        if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
            self.refused.insert(stem.to_ascii_lowercase(), at);
        }
        if let Some(name) = text.and_then(super::parse::scenario_name_of) {
            self.refused.insert(name.to_ascii_lowercase(), at);
        }
    }

    /// The problem of the refused scenario file that would have been called `name` (any case),
    /// when no scenario of that name was loaded: why `--preset NAME` finds nothing.
    pub fn refused_scenario(&self, name: &str) -> Option<&Problem> {
        if self.scenario(name).is_some() {
            return None;
        }
        self.refused
            .get(&name.to_ascii_lowercase())
            .and_then(|&i| self.problems.get(i))
    }

    fn add_text(&mut self, kind: FileKind, path: &str, text: &str, origin: Origin) {
        let user_file = match &origin {
            Origin::User(p) => Some(p.clone()),
            Origin::Embedded => None,
        };
        let from = match &origin {
            Origin::Embedded => Source::Embedded,
            Origin::User(p) => Source::User {
                shown: Arc::from(path),
                dir: p.parent().map(Path::to_path_buf),
            },
        };
        let result = match kind {
            FileKind::Scenario => {
                parse_scenario(path, text).map(|s| self.put_scenario(path, text, s, origin))
            }
            FileKind::Accelerators => parse_accelerators(path, text).and_then(|list| {
                if is_builtin((path, text), EMBEDDED_ACCELERATORS) {
                    super::fleet_serving::note_accelerators(&list);
                }
                let mut place = Placing::new(self, path, text, from);
                reindex(
                    &place.catalog.accelerators,
                    &mut place.catalog.index.accelerators,
                    |a| &a.id,
                );
                place.all(list, |c| (&mut c.accelerators, &mut c.index.accelerators))
            }),
            FileKind::Milestones => parse_milestones(path, text).and_then(|list| {
                if is_builtin((path, text), EMBEDDED_MILESTONES) {
                    super::fleet_serving::note_milestones(&list);
                }
                let mut place = Placing::new(self, path, text, from);
                reindex(
                    &place.catalog.milestones,
                    &mut place.catalog.index.milestones,
                    |m| &m.id,
                );
                place.all(list, |c| (&mut c.milestones, &mut c.index.milestones))
            }),
            FileKind::Fleets => parse_fleets(path, text).and_then(|list| {
                let mut place = Placing::new(self, path, text, from);
                reindex(
                    &place.catalog.fleets,
                    &mut place.catalog.index.fleets,
                    |f| &f.id,
                );
                place.all(list, |c| (&mut c.fleets, &mut c.index.fleets))
            }),
            FileKind::EpochCosts => parse_epoch_costs(path, text).map(|e| {
                if !matches!(self.epoch, Epoch::None) && origin != Origin::Embedded {
                    self.notices.push(Problem::new(
                        path,
                        "replaces the Epoch cost data loaded before it (built-in or an earlier file)",
                    ));
                }
                self.epoch = Epoch::User(Box::new(e));
            }),
            FileKind::Limits => parse_limits(path, text).map(|l| {
                if is_builtin((path, text), EMBEDDED_LIMITS) {
                    super::limits::note_builtin(&l);
                }
                if self.limits.is_some() && origin != Origin::Embedded {
                    self.notices.push(Problem::new(
                        path,
                        "replaces the limits data loaded before it (built-in or an earlier file)",
                    ));
                }
                self.limits = Some(Box::new(l));
            }),
            FileKind::Feasibility => parse_feasibility(path, text).map(|f| {
                if self.feasibility.is_some() && origin != Origin::Embedded {
                    self.notices.push(Problem::new(
                        path,
                        "replaces the feasibility data loaded before it (built-in or an earlier file)",
                    ));
                }
                self.feasibility = Some(Box::new(f));
            }),
            FileKind::Sources => parse_sources(path, text).and_then(|list| {
                let mut place = Placing::new(self, path, text, from);
                reindex(
                    &place.catalog.sources,
                    &mut place.catalog.index.sources,
                    |a| &a.id,
                );
                place.all(list, |c| (&mut c.sources, &mut c.index.sources))
            }),
        };
        if let Err(p) = result {
            if kind == FileKind::Scenario
                && let Some(file) = user_file
            {
                self.remember_refused(&file, Some(text));
            }
            self.problems.push(p);
        }
    }

    fn put_scenario(&mut self, path: &str, text: &str, scenario: Scenario, origin: Origin) {
        reindex(&self.scenarios, &mut self.index.scenarios, |e| {
            &e.scenario.name
        });
        let key = scenario.name.to_ascii_lowercase();
        let existing = self
            .index
            .scenarios
            .get(&key)
            .map(|slot| slot.at)
            .filter(|&i| i < self.scenarios.len());
        let from = match &origin {
            Origin::Embedded => Source::Embedded,
            Origin::User(p) => Source::User {
                shown: Arc::from(path),
                dir: p.parent().map(Path::to_path_buf),
            },
        };
        match existing {
            // Two files in one directory with one name: keep the first, say which.
            Some(i) if same_dir(&self.scenarios[i].origin, &origin) => {
                let first = match &self.scenarios[i].origin {
                    Origin::User(p) => p.display().to_string(),
                    Origin::Embedded => "the built-in presets".into(),
                };
                // Pointed at the file's `name:`, where the clash is.
                self.problems.push(super::read::locate(
                    path,
                    text,
                    super::read::Entry::Single,
                    "name",
                    format!(
                        "duplicate scenario name '{}' (already loaded from {first}); this file is skipped",
                        scenario.name
                    ),
                ));
            }
            // A later directory overrides an earlier one, and any user file a built-in scenario.
            Some(i) => {
                if self.scenarios[i].origin == Origin::Embedded && origin != Origin::Embedded {
                    self.notices.push(super::read::locate(
                        path,
                        text,
                        super::read::Entry::Single,
                        "name",
                        format!(
                            "scenario '{}' replaces the built-in scenario '{}'",
                            scenario.name, self.scenarios[i].scenario.name
                        ),
                    ));
                }
                self.scenarios[i] = ScenarioEntry { scenario, origin };
                self.index.scenarios.insert(key, Slot { at: i, from });
            }
            None => {
                self.index.scenarios.insert(
                    key,
                    Slot {
                        at: self.scenarios.len(),
                        from,
                    },
                );
                self.scenarios.push(ScenarioEntry { scenario, origin });
            }
        }
    }

    /// Adds a scenario saved in the explorer, replacing one of the same name (any case).
    /// Rebuilds the scenario index after the list was edited in place (a user preset deleted,
    /// renamed, or a built-in put back).
    pub fn reindex_scenarios(&mut self) {
        self.index.scenarios.clear();
        for (at, e) in self.scenarios.iter().enumerate() {
            let from = match &e.origin {
                Origin::Embedded => Source::Embedded,
                Origin::User(p) => Source::User {
                    shown: Arc::from(p.display().to_string()),
                    dir: p.parent().map(Path::to_path_buf),
                },
            };
            self.index
                .scenarios
                .insert(e.scenario.name.to_ascii_lowercase(), Slot { at, from });
        }
    }

    pub fn put_saved_scenario(&mut self, entry: ScenarioEntry) {
        reindex(&self.scenarios, &mut self.index.scenarios, |e| {
            &e.scenario.name
        });
        let key = entry.scenario.name.to_ascii_lowercase();
        let from = match &entry.origin {
            Origin::Embedded => Source::Embedded,
            Origin::User(p) => Source::User {
                shown: Arc::from(p.display().to_string()),
                dir: p.parent().map(Path::to_path_buf),
            },
        };
        match self.index.scenarios.get(&key).map(|s| s.at) {
            Some(i) if i < self.scenarios.len() => {
                self.scenarios[i] = entry;
                self.index.scenarios.insert(key, Slot { at: i, from });
            }
            _ => {
                self.index.scenarios.insert(
                    key,
                    Slot {
                        at: self.scenarios.len(),
                        from,
                    },
                );
                self.scenarios.push(entry);
            }
        }
    }

    /// Epoch AI's cost model and its per-run inputs, when the catalog has them.
    pub fn epoch_costs(&self) -> Option<&EpochCosts> {
        match &self.epoch {
            Epoch::None => None,
            Epoch::Builtin(e) => Some(e.get_or_init(|| Box::new(super::epoch::builtin()))),
            Epoch::User(e) => Some(e),
        }
    }

    /// The constants of Epoch AI's cost model as the engine takes them, without reading the
    /// built-in document whole.
    pub fn epoch_constants(&self) -> Option<crate::model::epoch_cost::Constants> {
        match &self.epoch {
            Epoch::None => None,
            Epoch::Builtin(e) => Some(
                e.get()
                    .map_or_else(super::epoch::builtin_constants, |e| e.constants()),
            ),
            Epoch::User(e) => Some(e.constants()),
        }
    }

    pub fn scenario(&self, name: &str) -> Option<&ScenarioEntry> {
        lookup(&self.scenarios, &self.index.scenarios, name, |e| {
            &e.scenario.name
        })
    }

    pub fn accelerator(&self, id: &str) -> Option<&Accelerator> {
        lookup(&self.accelerators, &self.index.accelerators, id, |a| &a.id)
    }

    pub fn milestone(&self, id: &str) -> Option<&Milestone> {
        lookup(&self.milestones, &self.index.milestones, id, |m| &m.id)
    }

    pub fn fleet(&self, id: &str) -> Option<&Fleet> {
        lookup(&self.fleets, &self.index.fleets, id, |f| &f.id)
    }

    /// A source abbreviation by its id, without the brackets (`EPOCH-DB`), any case.
    pub fn abbreviation(&self, id: &str) -> Option<&Abbreviation> {
        lookup(&self.sources, &self.index.sources, id, |a| &a.id)
    }

    /// A milestone by id or by display name, as people type them ("gpt-4", "Llama 3.1 405B").
    pub fn find_milestone(&self, id_or_name: &str) -> Option<&Milestone> {
        self.milestone(id_or_name).or_else(|| {
            self.milestones
                .iter()
                .find(|m| m.name.eq_ignore_ascii_case(id_or_name))
        })
    }

    /// The frontier runs as (decimal year, log10 FLOP), for the trend fit and the timeline.
    pub fn frontier_points(&self) -> Vec<(f64, f64)> {
        self.milestones
            .iter()
            .filter(|m| m.frontier && m.kind == super::MilestoneKind::Run)
            .filter_map(|m| {
                Some((
                    crate::model::trend::decimal_year(&m.date)?,
                    m.flop.value.log10(),
                ))
            })
            .collect()
    }

    /// The least-squares frontier trend over the frontier runs.
    pub fn frontier_trend(&self) -> Option<crate::model::trend::Trend> {
        crate::model::trend::Trend::fit(&self.frontier_points())
    }

    /// The names of the runs [`Catalog::frontier_trend`] fits, in catalog order.
    pub fn frontier_run_names(&self) -> Vec<&str> {
        self.milestones
            .iter()
            .filter(|m| m.frontier && m.kind == super::MilestoneKind::Run)
            .filter(|m| crate::model::trend::decimal_year(&m.date).is_some())
            .map(|m| m.name.as_str())
            .collect()
    }

    /// Epoch AI's frontier in this catalog: every dated run that was among the `top` largest
    /// runs of the catalog at its release, as (run, decimal year), in catalog order.
    pub fn largest_runs(&self, top: usize) -> Vec<(&Milestone, f64)> {
        let runs: Vec<(&Milestone, f64)> = self
            .milestones
            .iter()
            .filter(|m| m.kind == super::MilestoneKind::Run)
            .filter_map(|m| Some((m, crate::model::trend::decimal_year(&m.date)?)))
            .collect();
        let points: Vec<(f64, f64)> = runs.iter().map(|(m, y)| (*y, m.flop.value)).collect();
        crate::model::trend::running_top(&points, top)
            .into_iter()
            .map(|i| runs[i])
            .collect()
    }

    /// The newest frontier run, the reference for "how far ahead of the trend".
    pub fn newest_frontier(&self) -> Option<&Milestone> {
        self.milestones
            .iter()
            .filter(|m| m.frontier && m.kind == super::MilestoneKind::Run)
            .map(|m| {
                let year = crate::model::trend::decimal_year(&m.date).unwrap_or(f64::MIN);
                (year, m)
            })
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, m)| m)
    }

    /// A fleet in H100-equivalents: its count when already counted so, else count × the card's
    /// dense BF16 peak / the H100's. `None` when the card is unknown.
    pub fn fleet_h100_equivalents(&self, f: &Fleet) -> Option<f64> {
        if f.h100_equivalents {
            return Some(f.count.value);
        }
        let card = self.accelerator(f.accelerator.as_deref()?)?;
        let h100 = self.accelerator(H100_ID)?;
        Some(f.count.value * card.bf16_tflops.value / h100.bf16_tflops.value)
    }

    /// A scenario's GPUs in H100-equivalents: `peak_tflops`, the dense peak the run actually
    /// uses (its card's at its precision or a typed one, projected to its year), over the
    /// H100's at the same precision.
    pub fn scenario_h100_equivalents(&self, s: &Scenario, peak_tflops: f64) -> f64 {
        // Without the H100 in the catalog the GPUs count as they are.
        let h100 = self
            .accelerator(H100_ID)
            .map_or(peak_tflops, |a| a.peak(s.precision).value);
        s.gpus.value * peak_tflops / h100
    }

    /// Scenario names, for "did you mean" style messages.
    pub fn scenario_names(&self) -> Vec<&str> {
        self.scenarios
            .iter()
            .map(|e| e.scenario.name.as_str())
            .collect()
    }
}

/// Both origins are files of the same directory (or both built in).
fn same_dir(a: &Origin, b: &Origin) -> bool {
    match (a, b) {
        (Origin::Embedded, Origin::Embedded) => true,
        (Origin::User(a), Origin::User(b)) => a.parent() == b.parent(),
        _ => false,
    }
}

/// Places the entries of one list file into the catalog: each through the index by lower-case
/// id (constant time, so start-up is linear in the number of entries), a duplicate id within
/// the file refusing the file, a duplicate of another file of the same directory skipping the
/// entry, a user entry of a built-in id replacing it with a notice.
struct Placing<'a> {
    catalog: &'a mut Catalog,
    path: &'a str,
    text: &'a str,
    from: Source,
    /// Line and column of each entry's `id:`, computed once when a message needs one.
    positions: Option<Vec<(usize, usize)>>,
}

impl<'a> Placing<'a> {
    fn new(catalog: &'a mut Catalog, path: &'a str, text: &'a str, from: Source) -> Self {
        Placing {
            catalog,
            path,
            // Columns on line 1 as editors show them, as the parser reports them.
            text: text.strip_prefix('\u{feff}').unwrap_or(text),
            from,
            positions: None,
        }
    }

    /// A message about entry `n`, at its `id:`.
    fn at(&mut self, n: usize, message: String) -> Problem {
        let positions = self
            .positions
            .get_or_insert_with(|| super::read::entry_key_positions(self.text, "id"));
        let problem = Problem::new(self.path, message);
        match positions.get(n) {
            Some(&(line, col)) => problem.at(line, col),
            None => problem,
        }
    }

    fn all<T: Keyed>(
        &mut self,
        list: Vec<T>,
        pick: impl Fn(&mut Catalog) -> (&mut Vec<T>, &mut HashMap<String, Slot>),
    ) -> Result<(), Problem> {
        // Each id lowered once, for the check within the file and then as its key in the
        // index: lowering it for each look-up was three allocations an entry.
        let keys: Vec<String> = list.iter().map(|x| x.key().to_ascii_lowercase()).collect();
        // Within the file first: a file that names one id twice is refused whole, like a file
        // with a duplicate field.
        let mut seen: HashMap<&str, usize> = HashMap::with_capacity(list.len());
        for (n, (x, key)) in list.iter().zip(&keys).enumerate() {
            if let Some(&first) = seen.get(key.as_str()) {
                let first_id = list.get(first).map_or("", |f| f.key()).to_string();
                let line = self
                    .at(first, String::new())
                    .line
                    .map_or(String::new(), |l| format!(" on line {l}"));
                return Err(self.at(
                    n,
                    format!(
                        "duplicate {} id '{}' (the same as '{first_id}'{line}; ids ignore case); this file is skipped",
                        T::WHAT,
                        x.key()
                    ),
                ));
            }
            seen.insert(key, n);
        }
        drop(seen);
        let (items, index) = pick(self.catalog);
        if items.is_empty() {
            // The first file of its kind (the built-in one, at every start): every entry is
            // new, and the file's list becomes the catalog's as it is. Moving its entries one by
            // one wrote them all again (a milestone is 1.3 KB) into fresh pages.
            index.reserve(list.len());
            for (at, key) in keys.into_iter().enumerate() {
                let from = self.from.clone();
                index.insert(key, Slot { at, from });
            }
            *items = list;
            return Ok(());
        }
        // Room for them all at once: growing the list entry by entry moved every entry
        // before it again.
        items.reserve(list.len());
        index.reserve(list.len());
        let mut skipped = 0usize;
        for (n, (x, key)) in list.into_iter().zip(keys).enumerate() {
            let (items, index) = pick(self.catalog);
            let existing = index
                .get(&key)
                .filter(|slot| slot.at < items.len())
                .cloned();
            match existing {
                None => {
                    index.insert(
                        key,
                        Slot {
                            at: items.len(),
                            from: self.from.clone(),
                        },
                    );
                    items.push(x);
                }
                Some(Slot {
                    from: Source::User { shown, dir },
                    ..
                }) if matches!(&self.from, Source::User { dir: d, .. } if *d == dir) => {
                    // Another file of this directory has it: keep the first, say which.
                    skipped += 1;
                    if skipped <= MAX_DUPLICATES_REPORTED {
                        let p = self.at(
                            n,
                            format!(
                                "duplicate {} id '{}' (already loaded from {shown}; ids ignore case); this entry is skipped",
                                T::WHAT,
                                x.key()
                            ),
                        );
                        self.catalog.problems.push(p);
                    }
                }
                Some(slot) => {
                    let (items, index) = pick(self.catalog);
                    let replaced = items
                        .get(slot.at)
                        .map(|old| old.key().to_string())
                        .unwrap_or_default();
                    let new_id = x.key().to_string();
                    items[slot.at] = x;
                    index.insert(
                        key,
                        Slot {
                            at: slot.at,
                            from: self.from.clone(),
                        },
                    );
                    if matches!(slot.from, Source::Embedded)
                        && matches!(self.from, Source::User { .. })
                    {
                        let notice = self.at(
                            n,
                            format!(
                                "{} '{new_id}' replaces the built-in {} '{replaced}'",
                                T::WHAT,
                                T::WHAT
                            ),
                        );
                        self.catalog.notices.push(notice);
                    }
                }
            }
        }
        if skipped > MAX_DUPLICATES_REPORTED {
            self.catalog.problems.push(Problem::new(
                self.path,
                format!(
                    "{} more duplicate {} ids in this file were skipped",
                    skipped - MAX_DUPLICATES_REPORTED,
                    T::WHAT
                ),
            ));
        }
        Ok(())
    }
}

/// Reads a preset file with the checks a hand-edited file needs: size, type, UTF-8.
///
/// The file is opened first (non-blocking, so a named pipe cannot hold the start-up) and the
/// type checked on the opened file: a name swapped for a pipe between a check and the open
/// cannot slip through.
pub fn read_preset_file(path: &Path) -> Result<String, Problem> {
    let shown = path.display().to_string();
    let cannot =
        |e: &std::io::Error| Problem::new(&shown, format!("cannot read file: {}", io_reason(e)));
    let file = open_nonblocking(path).map_err(|e| {
        // Sockets cannot be opened at all (ENXIO): say what they are rather than the errno.
        match fs::metadata(path) {
            Ok(m) if !m.is_file() && !m.is_dir() => not_regular(&shown),
            _ => cannot(&e),
        }
    })?;
    let meta = file.metadata().map_err(|e| cannot(&e))?;
    if meta.is_dir() {
        return Err(Problem::new(&shown, "is a directory, expected a .ron file"));
    }
    // A pipe would block the start-up forever and a device (a link to /dev/zero) never ends.
    if !meta.is_file() {
        return Err(not_regular(&shown));
    }
    let too_big = |len: u64| {
        Problem::new(
            &shown,
            format!(
                "file is {len} bytes; preset files over 1 MiB ({MAX_FILE_BYTES} bytes) are refused"
            ),
        )
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(meta.len()));
    }
    // Read at most one byte past the limit, in case the file grew since it was measured.
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot(&e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let (line, col) = line_col(&text, text.len());
        Problem::new(
            &shown,
            format!("not UTF-8 text (invalid byte at offset {valid})"),
        )
        .at(line, col)
    })
}

fn not_regular(shown: &str) -> Problem {
    Problem::new(
        shown,
        "is not a regular file (a pipe, socket or device), expected a .ron file",
    )
}

/// Opens for reading without waiting for a writer: `O_NONBLOCK` makes opening a named pipe
/// return at once (and does nothing to reads of a regular file).
fn open_nonblocking(path: &Path) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Reads and validates a single scenario file, for `--file`.
pub fn load_scenario_file(path: &Path) -> Result<Scenario, Problem> {
    let text = read_preset_file(path)?;
    parse_scenario(&path.display().to_string(), &text)
}

/// The platform's user preset directory: `$XDG_CONFIG_HOME/agi-compute/presets` or
/// `~/.config/agi-compute/presets` on Linux, the usual places elsewhere.
pub fn user_preset_dir() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let base = if cfg!(target_os = "windows") {
        env("APPDATA")
    } else if cfg!(target_os = "macos") {
        env("HOME").map(|h| h.join("Library/Application Support"))
    } else {
        env("XDG_CONFIG_HOME").or_else(|| env("HOME").map(|h| h.join(".config")))
    }?;
    Some(base.join("agi-compute").join("presets"))
}
