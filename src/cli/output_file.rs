//! Writing a long output to a path the user named (`sweep --out`), as a plain write would and
//! without leaving a half-written file behind.
//!
//! - A regular file, or a path where nothing is yet: the output goes to a hidden temporary file
//!   in the same directory, renamed over the path only when complete, so the path holds the old
//!   file or the whole new one, never a part. The new file gets the mode (and, where allowed,
//!   the owner) a plain write gives: the old file's, or 0666 less the umask for a new one. A
//!   symbolic link is followed: the file it names is replaced, the link kept.
//! - A FIFO, a terminal, a device, or a dangling link: written straight into, as a shell
//!   redirection would. Renaming a regular file over them would replace the device node or
//!   leave the FIFO's reader waiting for ever.
//! - A regular file with other hard links: also written in place (truncated first), since a
//!   rename would leave the other names on the old contents. An interrupted run leaves it part
//!   written; that is the price of keeping the links. So is a file in a folder where no
//!   temporary file can be made.
//!
//! An interrupt, terminate or hang-up signal during a temporary-file write stops the write at
//! the next block, removes the temporary file and then ends the process by that signal as it
//! would have without the handler. A `SIGKILL` or a crash can still leave the hidden file
//! (`.tmpXXXXXX` next to the output).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Where the output goes.
enum Sink {
    /// Written straight into.
    InPlace(File),
    /// A temporary file renamed to `path` when complete.
    Replace {
        temp: tempfile::NamedTempFile,
        path: PathBuf,
    },
}

/// An output being written to a named path; `finish` ends it.
pub struct OutputFile {
    sink: Sink,
    #[cfg(unix)]
    signals: Signals,
}

impl OutputFile {
    /// Opens `path` for writing as described in the module documentation.
    pub fn create(path: &Path) -> io::Result<OutputFile> {
        // The file to replace (a symbolic link's target) and the metadata to keep, or the file
        // to write into.
        let replace: (PathBuf, Option<fs::Metadata>) = match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => return Err(io::Error::other("is a directory")),
            Ok(meta) if !meta.is_file() => {
                return Ok(OutputFile::in_place(
                    OpenOptions::new().write(true).open(path)?,
                ));
            }
            Ok(meta) if hard_links(&meta) > 1 => {
                return Ok(OutputFile::in_place(
                    OpenOptions::new().write(true).truncate(true).open(path)?,
                ));
            }
            Ok(meta) => (fs::canonicalize(path)?, Some(meta)),
            // A dangling symbolic link: a plain write creates the file it names.
            Err(e) if e.kind() == io::ErrorKind::NotFound && fs::symlink_metadata(path).is_ok() => {
                return Ok(OutputFile::in_place(File::create(path)?));
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => (path.to_path_buf(), None),
            Err(e) => return Err(e),
        };
        // Watching before the temporary file exists: a signal between the two would leave it.
        #[cfg(unix)]
        let signals = Signals::watch()?;
        let (path, meta) = replace;
        let temp = match temp_beside(&path) {
            Ok(t) => t,
            // A file one may write in a folder one may not: written in place, as a plain write
            // would be.
            Err(e) if e.kind() == io::ErrorKind::PermissionDenied && meta.is_some() => {
                return Ok(OutputFile::in_place(
                    OpenOptions::new().write(true).truncate(true).open(&path)?,
                ));
            }
            Err(e) => return Err(e),
        };
        if let Some(meta) = meta {
            keep_mode_and_owner(temp.as_file(), &meta);
        }
        Ok(OutputFile {
            sink: Sink::Replace { temp, path },
            #[cfg(unix)]
            signals,
        })
    }

    fn in_place(file: File) -> OutputFile {
        OutputFile {
            sink: Sink::InPlace(file),
            #[cfg(unix)]
            signals: Signals::none(),
        }
    }

    /// Ends the output after the write's `result`: a complete temporary file takes the path;
    /// after a failure it is removed. After a caught signal the process then ends by it.
    pub fn finish<T>(self, result: io::Result<T>) -> io::Result<T> {
        let OutputFile {
            sink,
            #[cfg(unix)]
            signals,
        } = self;
        // A signal after the last write still means the output is not wanted.
        #[cfg(unix)]
        let result = match signals.caught() {
            Some(sig) => result.and(Err(io::Error::other(format!("stopped by signal {sig}")))),
            None => result,
        };
        let result = match (sink, result) {
            (Sink::Replace { temp, path }, Ok(v)) => {
                temp.persist(&path).map(|_| v).map_err(|e| e.error)
            }
            (Sink::InPlace(mut f), Ok(v)) => f.flush().map(|()| v),
            // Dropping the temporary file removes it.
            (_, Err(e)) => Err(e),
        };
        #[cfg(unix)]
        signals.end();
        result
    }
}

impl Write for OutputFile {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        #[cfg(unix)]
        if let Some(sig) = self.signals.caught() {
            return Err(io::Error::other(format!("stopped by signal {sig}")));
        }
        match &mut self.sink {
            Sink::InPlace(f) => f.write(bytes),
            Sink::Replace { temp, .. } => temp.write(bytes),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.sink {
            Sink::InPlace(f) => f.flush(),
            Sink::Replace { temp, .. } => temp.flush(),
        }
    }
}

/// A hidden temporary file in `path`'s directory, created as a plain write creates a file
/// (0666 less the umask).
fn temp_beside(path: &Path) -> io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

#[cfg(unix)]
fn hard_links(meta: &fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(meta)
}

#[cfg(not(unix))]
fn hard_links(_: &fs::Metadata) -> u64 {
    1
}

/// Gives the replacement the replaced file's mode and, where the user may, its owner and group
/// (as writing into the old file would have kept them). Failing to is not an error: the output
/// is still right.
#[cfg(unix)]
fn keep_mode_and_owner(file: &File, meta: &fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
    let _ = file.set_permissions(meta.permissions());
}

#[cfg(not(unix))]
fn keep_mode_and_owner(file: &File, meta: &fs::Metadata) {
    let _ = file.set_permissions(meta.permissions());
}

/// The interrupt, terminate and hang-up signals caught while a temporary file exists.
#[cfg(unix)]
struct Signals {
    caught: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    ids: Vec<signal_hook::SigId>,
}

#[cfg(unix)]
impl Signals {
    const WATCHED: [i32; 3] = [
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
    ];

    fn none() -> Signals {
        Signals {
            caught: Default::default(),
            ids: Vec::new(),
        }
    }

    fn watch() -> io::Result<Signals> {
        let mut s = Signals::none();
        for sig in Self::WATCHED {
            let value = usize::try_from(sig).unwrap_or(usize::MAX);
            s.ids.push(signal_hook::flag::register_usize(
                sig,
                std::sync::Arc::clone(&s.caught),
                value,
            )?);
        }
        Ok(s)
    }

    fn caught(&self) -> Option<i32> {
        match self.caught.load(std::sync::atomic::Ordering::SeqCst) {
            0 => None,
            n => i32::try_from(n).ok(),
        }
    }

    /// Stops watching; if a signal came, ends the process by it as its default action would.
    fn end(self) {
        let caught = self.caught();
        drop(self);
        if let Some(sig) = caught {
            let _ = signal_hook::low_level::emulate_default_handler(sig);
        }
    }
}

/// Signals are no longer caught once the output is done with, however it ends.
#[cfg(unix)]
impl Drop for Signals {
    fn drop(&mut self) {
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}
