//! Saving scenarios as RON: atomic, never overwriting unasked, never following planted links.
//!
//! The text is written to a fresh temporary file in the target directory (an unpredictable name
//! opened with O_EXCL, so a symlink planted there is never followed) and renamed into place, so
//! a crash or a full disk leaves either the old file or the new one, never half of one. The
//! rename refuses to replace anything unless the user confirmed the replacement: a second
//! instance saving the same name at the same moment gets "exists", not a silent win.

use super::parse::parse_scenario;
use super::read::MAX_FILE_BYTES;
use super::schema::Scenario;
use ron::ser::PrettyConfig;
use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Longest scenario name, in characters; names are file names, and the loader's ids share it.
pub const MAX_NAME_CHARS: usize = 64;

/// Why a save did not happen.
#[derive(Debug)]
pub enum SaveError {
    /// The target exists (or appeared while saving) and replacing it was not confirmed.
    Exists(PathBuf),
    /// The name cannot be a file name.
    BadName(String),
    /// Serializing failed (should not happen for valid scenarios).
    Format(String),
    /// The text would be refused by the loader at the next start (too big, or does not parse
    /// back), so it is not written.
    WouldNotLoad(String),
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
            SaveError::WouldNotLoad(m) => write!(f, "not saved: {m}"),
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

/// The file a scenario of this name is saved to. Names over the limit are refused, never cut.
pub fn path_for(dir: &Path, name: &str) -> Result<PathBuf, SaveError> {
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(SaveError::BadName(format!(
            "the name is {chars} characters long; names are limited to {MAX_NAME_CHARS} characters"
        )));
    }
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !name.starts_with('.')
        && !name.to_ascii_lowercase().starts_with("accelerators")
        && !name.to_ascii_lowercase().starts_with("milestones")
        && !name.to_ascii_lowercase().starts_with("fleets")
        && !name.to_ascii_lowercase().starts_with("sources");
    if !ok {
        return Err(SaveError::BadName(format!(
            "'{}' is not a usable name: use 1–{MAX_NAME_CHARS} letters, digits, '-', '_' or '.', not starting with '.', accelerators, milestones, fleets or sources",
            crate::model::format::clip(
                &name.escape_default().to_string(),
                crate::model::format::MAX_QUOTED
            )
        )));
    }
    Ok(dir.join(format!("{name}.ron")))
}

/// Whether anything at all sits at `path`, a dangling symlink included: a link to nowhere is
/// still a name the user (or someone else) put there, so replacing it needs a confirmation.
fn occupied(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// A save written to its temporary file and waiting to be renamed into place. Split from
/// [`save_scenario`] so a caller (and a test) can see what happens when the target appears
/// between the check and the rename; dropping it removes the temporary file.
pub struct PendingSave {
    temp: tempfile::NamedTempFile,
    target: PathBuf,
    overwrite: bool,
}

impl PendingSave {
    /// The final file name.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The temporary file holding the text.
    pub fn temp_path(&self) -> &Path {
        self.temp.path()
    }

    /// Renames the temporary file into place. Without `overwrite` the rename itself refuses an
    /// existing target (atomically: no window between a check and the rename).
    pub fn commit(self) -> Result<PathBuf, SaveError> {
        let PendingSave {
            temp,
            target,
            overwrite,
        } = self;
        let result = if overwrite {
            temp.persist(&target)
        } else {
            temp.persist_noclobber(&target)
        };
        // On failure the error owns the temporary file; dropping it removes the file.
        match result {
            Ok(_) => Ok(target),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
                Err(SaveError::Exists(target))
            }
            Err(e) => Err(SaveError::Io {
                path: target,
                error: e.error,
            }),
        }
    }
}

/// Checks and writes everything short of the rename: the name, the existing file, what the
/// loader would say about the text, then the temporary file (written and synced).
pub fn prepare_save(
    dir: &Path,
    scenario: &Scenario,
    overwrite: bool,
) -> Result<PendingSave, SaveError> {
    let target = path_for(dir, &scenario.name)?;
    if !overwrite && occupied(&target) {
        return Err(SaveError::Exists(target));
    }
    let text = to_ron(scenario)?;
    check_loadable(&target, &text)?;
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |error| SaveError::Io { path, error }
    };
    fs::create_dir_all(dir).map_err(io(dir))?;
    let prefix = format!(".{}.", scenario.name);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        // As `File::create` would: 0666 less the umask, so a saved preset reads like any other.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(dir).map_err(io(&target))?;
    temp.write_all(text.as_bytes())
        .and_then(|()| temp.as_file().sync_all())
        .map_err(io(&target))?;
    Ok(PendingSave {
        temp,
        target,
        overwrite,
    })
}

/// Never write a file the loader would refuse at the next start: the same size limit and the
/// same parser.
fn check_loadable(target: &Path, text: &str) -> Result<(), SaveError> {
    let bytes = text.len() as u64;
    if bytes > MAX_FILE_BYTES {
        return Err(SaveError::WouldNotLoad(format!(
            "the scenario would be a {bytes}-byte file, and preset files over 1 MiB \
             ({MAX_FILE_BYTES} bytes) are refused when loading; shorten its sources or notes"
        )));
    }
    parse_scenario(&target.display().to_string(), text)
        .map(|_| ())
        .map_err(|p| SaveError::WouldNotLoad(format!("it would not load back: {p}")))
}

/// Saves `scenario` as `dir/<name>.ron`. Refuses to replace an existing file (a dangling
/// symlink included) unless `overwrite`, also when the file appears while saving.
pub fn save_scenario(
    dir: &Path,
    scenario: &Scenario,
    overwrite: bool,
) -> Result<PathBuf, SaveError> {
    prepare_save(dir, scenario, overwrite)?.commit()
}
