//! The catalog: embedded presets plus the user's own files, with the problems found on the way.
//!
//! Embedded data is compiled in with `include_str!`, so the binary works offline from any folder.
//! User files override embedded entries of the same name; a broken file is reported and skipped.

use super::parse::{
    MAX_FILE_BYTES, line_col, parse_accelerators, parse_fleets, parse_milestones, parse_scenario,
};
use super::problem::Problem;
use super::schema::{Accelerator, Fleet, Milestone, Scenario};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Dense BF16 peak of the H100 SXM (facts.md B1), the unit of "H100-equivalents".
pub const H100_BF16_TFLOPS: f64 = 989.0;

/// The scenario opened when none is chosen.
pub const DEFAULT_SCENARIO: &str = "meta-2024";

/// Built-in preset files: (path shown in messages, contents).
pub const EMBEDDED_ACCELERATORS: (&str, &str) = (
    "embedded:presets/accelerators.ron",
    include_str!("../../presets/accelerators.ron"),
);
pub const EMBEDDED_MILESTONES: (&str, &str) = (
    "embedded:presets/milestones.ron",
    include_str!("../../presets/milestones.ron"),
);
pub const EMBEDDED_FLEETS: (&str, &str) = (
    "embedded:presets/fleets.ron",
    include_str!("../../presets/fleets.ron"),
);

macro_rules! scenarios {
    ($($name:literal),* $(,)?) => {
        &[$((concat!("embedded:presets/scenarios/", $name, ".ron"),
            include_str!(concat!("../../presets/scenarios/", $name, ".ron")))),*]
    };
}

/// Built-in scenario files. A test checks this list against the `presets/scenarios` folder.
pub const EMBEDDED_SCENARIOS: &[(&str, &str)] = scenarios![
    "meta-2024",
    "meta-2024-600k",
    "llama-3.1-405b",
    "xai-colossus-100k",
    "xai-colossus-200k",
    "gpt-4-class-a100",
    "deepseek-v3",
    "blackwell-1gw",
];

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
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    pub scenarios: Vec<ScenarioEntry>,
    pub accelerators: Vec<Accelerator>,
    pub milestones: Vec<Milestone>,
    pub fleets: Vec<Fleet>,
    /// Files or entries that could not be used, in the order found.
    pub problems: Vec<Problem>,
}

/// What kind of data a user file holds, decided by its file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FileKind {
    Scenario,
    Accelerators,
    Milestones,
    Fleets,
}

fn kind_of(path: &Path) -> FileKind {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if stem.starts_with("accelerators") {
        FileKind::Accelerators
    } else if stem.starts_with("milestones") {
        FileKind::Milestones
    } else if stem.starts_with("fleets") {
        FileKind::Fleets
    } else {
        FileKind::Scenario
    }
}

impl Catalog {
    /// Only the built-in presets.
    pub fn embedded() -> Catalog {
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
        for (path, text) in EMBEDDED_SCENARIOS {
            c.add_text(FileKind::Scenario, path, text, Origin::Embedded);
        }
        c
    }

    /// Built-in presets, then each user directory in order (later ones override earlier ones).
    pub fn load(user_dirs: &[PathBuf]) -> Catalog {
        let mut c = Catalog::embedded();
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
        match read_preset_file(path) {
            Ok(text) => self.add_text(
                kind_of(path),
                &path.display().to_string(),
                &text,
                Origin::User(path.to_path_buf()),
            ),
            Err(p) => self.problems.push(p),
        }
    }

    fn add_text(&mut self, kind: FileKind, path: &str, text: &str, origin: Origin) {
        let result = match kind {
            FileKind::Scenario => {
                parse_scenario(path, text).map(|s| self.put_scenario(path, text, s, origin))
            }
            FileKind::Accelerators => parse_accelerators(path, text).map(|list| {
                for a in list {
                    upsert(&mut self.accelerators, a, |a| &a.id);
                }
            }),
            FileKind::Milestones => parse_milestones(path, text).map(|list| {
                for m in list {
                    upsert(&mut self.milestones, m, |m| &m.id);
                }
            }),
            FileKind::Fleets => parse_fleets(path, text).map(|list| {
                for f in list {
                    upsert(&mut self.fleets, f, |f| &f.id);
                }
            }),
        };
        if let Err(p) = result {
            self.problems.push(p);
        }
    }

    fn put_scenario(&mut self, path: &str, text: &str, scenario: Scenario, origin: Origin) {
        let existing = self
            .scenarios
            .iter()
            .position(|e| e.scenario.name == scenario.name);
        match existing {
            // Two files in one directory with one name: keep the first, say which.
            Some(i) if same_dir(&self.scenarios[i].origin, &origin) => {
                let first = match &self.scenarios[i].origin {
                    Origin::User(p) => p.display().to_string(),
                    Origin::Embedded => "the built-in presets".into(),
                };
                // Pointed at the file's `name:`, where the clash is.
                self.problems.push(super::parse::locate(
                    path,
                    text,
                    super::parse::Entry::Single,
                    "name",
                    format!(
                        "duplicate scenario name '{}' (already loaded from {first}); this file is skipped",
                        scenario.name
                    ),
                ));
            }
            // A later directory overrides an earlier one, and any user file a built-in scenario.
            Some(i) => self.scenarios[i] = ScenarioEntry { scenario, origin },
            None => self.scenarios.push(ScenarioEntry { scenario, origin }),
        }
    }

    pub fn scenario(&self, name: &str) -> Option<&ScenarioEntry> {
        self.scenarios
            .iter()
            .find(|e| e.scenario.name.eq_ignore_ascii_case(name))
    }

    pub fn accelerator(&self, id: &str) -> Option<&Accelerator> {
        self.accelerators
            .iter()
            .find(|a| a.id.eq_ignore_ascii_case(id))
    }

    pub fn milestone(&self, id: &str) -> Option<&Milestone> {
        self.milestones
            .iter()
            .find(|m| m.id.eq_ignore_ascii_case(id))
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
        Some(f.count.value * card.bf16_tflops.value / H100_BF16_TFLOPS)
    }

    /// A scenario's GPUs in H100-equivalents by dense BF16 FLOP/s.
    pub fn scenario_h100_equivalents(&self, s: &Scenario) -> f64 {
        let bf16 = s
            .accelerator
            .as_deref()
            .and_then(|id| self.accelerator(id))
            .map_or(s.peak_tflops.value, |a| a.bf16_tflops.value);
        s.gpus.value * bf16 / H100_BF16_TFLOPS
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

/// Replaces the entry with the same key, or appends.
fn upsert<T>(list: &mut Vec<T>, item: T, key: impl Fn(&T) -> &String) {
    match list.iter().position(|x| key(x) == key(&item)) {
        Some(i) => list[i] = item,
        None => list.push(item),
    }
}

/// Reads a preset file with the checks a hand-edited file needs: size, type, UTF-8.
pub fn read_preset_file(path: &Path) -> Result<String, Problem> {
    let shown = path.display().to_string();
    let meta = fs::metadata(path)
        .map_err(|e| Problem::new(&shown, format!("cannot read file: {}", io_reason(&e))))?;
    if meta.is_dir() {
        return Err(Problem::new(&shown, "is a directory, expected a .ron file"));
    }
    // A pipe would block the start-up forever and a device (a link to /dev/zero) never ends.
    if !meta.is_file() {
        return Err(Problem::new(
            &shown,
            "is not a regular file (a pipe, socket or device), expected a .ron file",
        ));
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
    fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| Problem::new(&shown, format!("cannot read file: {}", io_reason(&e))))?;
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
