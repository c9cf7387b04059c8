//! Saving scenarios as RON: atomic, never overwriting unasked.
//!
//! The file is written to a temporary file in the target directory and renamed into place, so a
//! crash or a full disk leaves either the old file or the new one, never half of one.

use super::parse::parse_scenario;
use super::schema::Scenario;
use ron::ser::PrettyConfig;
use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a save did not happen.
#[derive(Debug)]
pub enum SaveError {
    /// The target exists and overwriting was not confirmed.
    Exists(PathBuf),
    /// The name cannot be a file name.
    BadName(String),
    /// Serializing failed (should not happen for valid scenarios).
    Format(String),
    /// The file system refused (read-only, full, permissions…).
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::Exists(p) => write!(f, "{} already exists", p.display()),
            SaveError::BadName(m) => write!(f, "{m}"),
            SaveError::Format(m) => write!(f, "could not write RON: {m}"),
            SaveError::Io { path, error } => write!(f, "cannot save {}: {error}", path.display()),
        }
    }
}

impl std::error::Error for SaveError {}

/// Serializes a scenario as pretty RON with a header comment.
pub fn to_ron(scenario: &Scenario) -> Result<String, SaveError> {
    // Strings as written (`Meta's`, not `Meta\'s`; raw strings where a quote or backslash needs
    // it) and optional values bare (`low: 25000.0`), as in the built-in presets; the loader reads
    // them with the same default extension.
    let config = PrettyConfig::new()
        .struct_names(true)
        .depth_limit(3)
        .escape_strings(false);
    let body = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .to_string_pretty(scenario, config)
        .map_err(|e| SaveError::Format(e.to_string()))?;
    Ok(format!(
        "// agi-compute scenario. Every value keeps its source and status; edited values say UserSet.\n{body}\n"
    ))
}

/// The file a scenario of this name is saved to.
pub fn path_for(dir: &Path, name: &str) -> Result<PathBuf, SaveError> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !name.starts_with('.')
        && !name.to_ascii_lowercase().starts_with("accelerators")
        && !name.to_ascii_lowercase().starts_with("milestones")
        && !name.to_ascii_lowercase().starts_with("fleets");
    if !ok {
        return Err(SaveError::BadName(format!(
            "'{name}' is not a usable name: use 1–64 letters, digits, '-', '_' or '.', not starting with '.', accelerators, milestones or fleets"
        )));
    }
    Ok(dir.join(format!("{name}.ron")))
}

/// Saves `scenario` as `dir/<name>.ron`. Refuses to replace an existing file unless `overwrite`.
pub fn save_scenario(
    dir: &Path,
    scenario: &Scenario,
    overwrite: bool,
) -> Result<PathBuf, SaveError> {
    let target = path_for(dir, &scenario.name)?;
    if !overwrite && target.exists() {
        return Err(SaveError::Exists(target));
    }
    let text = to_ron(scenario)?;
    // What we write must load back: never leave a file the loader would refuse.
    parse_scenario(&target.display().to_string(), &text)
        .map_err(|p| SaveError::Format(p.to_string()))?;
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |error| SaveError::Io { path, error }
    };
    fs::create_dir_all(dir).map_err(io(dir))?;
    let tmp = dir.join(format!(".{}.ron.tmp-{}", scenario.name, std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()
    };
    if let Err(e) = write() {
        let _ = fs::remove_file(&tmp);
        return Err(SaveError::Io {
            path: target,
            error: e,
        });
    }
    if !overwrite && target.exists() {
        let _ = fs::remove_file(&tmp);
        return Err(SaveError::Exists(target));
    }
    fs::rename(&tmp, &target).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        SaveError::Io {
            path: target.clone(),
            error: e,
        }
    })?;
    Ok(target)
}
