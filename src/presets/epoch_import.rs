//! `presets import-epoch`: Epoch AI's notable-models CSV → a user milestones file.
//!
//! Epoch AI publishes its "Data on Notable AI Models" as CSV under CC-BY, updated far more often
//! than this program is released. The importer turns the rows with a training compute figure
//! into a `milestones-epoch.ron` user file (the loader reads files whose name starts with
//! `milestones` as milestone lists), each value carrying the dataset, the file's date and the
//! row's own link, so a user can refresh the runs without waiting for a release.
//!
//! What is imported, and why:
//! - **Status of the FLOP figure** (Epoch's figures are Epoch's estimates unless the developer
//!   published them): `Reported` when Epoch's `Training compute estimation method` includes
//!   `Reported` and its `Confidence` is `Confident`; `Estimate` for `Confident`, `Likely` and
//!   `Speculative` otherwise (the confidence word goes in the note, since the table shows one
//!   tag); `Unverified` for `Unknown` or an empty confidence. Every other column (parameters,
//!   chip count, hours, MFU) is `Unverified`: copied from Epoch's row, not checked here against
//!   the linked source.
//! - **Parameters** go to `total_params`: Epoch's `Parameters` is the total count, and for a
//!   mixture-of-experts model the active count (what `params` holds) is not in the data.
//! - **Tokens are not imported**: Epoch's `Training dataset size (datapoints)` counts words for
//!   language models, not tokens.
//! - **Hardware** becomes an accelerator id only when the row names one chip whose name matches
//!   a built-in card's name (ignoring case, spaces and a parenthesised remark); otherwise it is
//!   left out and named in the note.
//! - **Ids** are a slug of `Model` (`Llama 3.1-405B` → `llama-3.1-405b`). A row whose id or name
//!   is already a built-in milestone's id or name (compared like card names, so `PaLM (540B)` is
//!   the built-in `PaLM`) is skipped, not written as an override: the built-in
//!   entries are checked against primary sources, and an import must not replace them with a
//!   secondary copy. So is a row another preset file of the output directory already has (the
//!   user's own entry wins), and a later row repeating an earlier row's id.
//! - **Frontier**: a run is marked frontier, as in the built-in file, when its FLOP is at least a
//!   quarter of the largest run (built-in or imported) released up to its date.
//!
//! Malformed required values (FLOP, date, model name) skip the row; a malformed optional value
//! is left out and the row kept. Each is reported as "row N, column 'C': …", where row 1 is the
//! header as a spreadsheet shows it (the file line is added when a quoted newline moves it).
//! The file is written only if it loads back through the catalog loader with no problem, to a
//! temporary file renamed into place, never replacing an existing file unless asked.

use super::catalog::{Catalog, EMBEDDED_ACCELERATORS};
use super::parse::parse_accelerators;
use super::read::MAX_FILE_BYTES;
use super::schema::{Milestone, MilestoneKind, Precision, Sourced, Status};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The file written into the output directory. Its name starts with `milestones`, which is how
/// the loader knows it holds a milestone list.
pub const OUTPUT_FILE: &str = "milestones-epoch.ron";

/// The dataset named in every imported source.
pub const DATASET: &str = "Epoch AI, 'Data on Notable AI Models' (CC-BY)";

/// Where the dataset is published.
pub const DATASET_URL: &str = "https://epoch.ai/data/ai-models";

/// Default `--min-flop`: the scale the catalog is about.
pub const DEFAULT_MIN_FLOP: f64 = 1e23;

const MODEL: &str = "Model";
const ORGANIZATION: &str = "Organization";
const DATE: &str = "Publication date";
const LINK: &str = "Link";
const FLOP: &str = "Training compute (FLOP)";
const CONFIDENCE: &str = "Confidence";
const PARAMETERS: &str = "Parameters";
const FLOP_NOTES: &str = "Training compute notes";
const HOURS: &str = "Training time (hours)";
const HARDWARE: &str = "Training hardware";
const QUANTITY: &str = "Hardware quantity";
const MFU: &str = "Hardware utilization (MFU)";
const LOWER: &str = "Training compute lower bound";
const UPPER: &str = "Training compute upper bound";
const CHIP_HOURS: &str = "Training chip-hours";
const FORMAT: &str = "Numerical format";
const METHOD: &str = "Training compute estimation method";

/// Columns every row needs; a file without one of them is not Epoch's notable-models table.
pub const REQUIRED_COLUMNS: &[&str] = &[MODEL, ORGANIZATION, DATE, LINK, FLOP, CONFIDENCE];

/// Longest note kept from Epoch's free-text notes, in characters: they can run to pages, and a
/// preset file over 1 MiB would not load.
const MAX_NOTE_CHARS: usize = 400;

/// Row messages shown when nothing is imported; the rest are counted.
const MAX_MESSAGES_ON_FAILURE: usize = 50;

/// Longest cell read, in bytes: Epoch's longest notes are a few kilobytes, and a cell of
/// megabytes would only be copied to be cut.
const MAX_CELL_BYTES: usize = 64 * 1024;

/// Subcommands of `presets`.
#[derive(clap::Subcommand, Debug)]
pub enum PresetsCommand {
    /// Import Epoch AI's notable-models CSV (CC-BY) as a user milestones file,
    /// milestones-epoch.ron.
    #[command(after_help = "Examples:
  agi-compute presets import-epoch 'All ML Systems - full view.csv'
  agi-compute presets import-epoch ai-models.csv --min-flop 1e24 --out ./presets
  agi-compute presets import-epoch ai-models.csv --dataset-date 2026-01-15 --force")]
    ImportEpoch(ImportEpochArgs),
}

/// `presets import-epoch FILE.csv [--min-flop 1e23] [--out DIR]`.
#[derive(clap::Args, Debug)]
pub struct ImportEpochArgs {
    /// Epoch's CSV, e.g. "All ML Systems - full view.csv" or the download of
    /// https://epoch.ai/data/ai-models.
    #[arg(value_name = "FILE.csv")]
    pub csv: PathBuf,
    /// Skip runs below this training compute, in FLOP.
    #[arg(long, value_name = "FLOP", default_value = "1e23", value_parser = min_flop)]
    pub min_flop: f64,
    /// Directory to write milestones-epoch.ron into [default: --presets DIR, else the user
    /// preset directory].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The dataset's date, YYYY-MM-DD, named in every source [default: the file's modification
    /// date].
    #[arg(long, value_name = "DATE")]
    pub dataset_date: Option<String>,
    /// Replace an existing milestones-epoch.ron.
    #[arg(long)]
    pub force: bool,
}

/// A positive, finite `--min-flop`, in the human number forms.
fn min_flop(s: &str) -> Result<f64, String> {
    match crate::model::parse::parse_quantity(s) {
        Ok(t) if t.value > 0.0 && t.value.is_finite() => Ok(t.value),
        Ok(_) => Err("must be a positive, finite number of FLOP".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// What `import-epoch` was asked to do.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    pub csv: PathBuf,
    /// Rows below this training compute are skipped.
    pub min_flop: f64,
    pub out_dir: PathBuf,
    /// Replace an existing output file.
    pub force: bool,
    /// The dataset's date, `YYYY-MM-DD`; the CSV file's modification date when absent.
    pub dataset_date: Option<String>,
}

/// Why nothing was written.
#[derive(Debug)]
pub enum ImportError {
    /// The CSV cannot be read or is not Epoch's table (exit 2).
    BadInput(String),
    /// The output could not be written, or would not load (exit 1).
    Write(String),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::BadInput(m) | ImportError::Write(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for ImportError {}

/// Why a row was skipped; one summary line each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SkipReason {
    NoCompute,
    BelowMinimum,
    Malformed,
    BuiltIn,
    /// In another preset file of the output directory.
    InDirectory,
    Duplicate,
}

/// What an import did: the file, the counts, and the messages to show.
#[derive(Clone, Debug, Default)]
pub struct ImportReport {
    pub written: PathBuf,
    pub imported: usize,
    /// The dataset date used, and how it was found.
    pub dataset_date: String,
    pub date_from: &'static str,
    /// One message per malformed, duplicate or partly dropped row, in file order.
    pub messages: Vec<String>,
    /// Skipped rows by reason.
    pub skipped: Vec<(SkipReason, usize)>,
    /// Names of the rows skipped because the catalog already has them.
    pub built_in: Vec<String>,
    /// Names of the rows skipped because another file of the output directory has them.
    pub in_directory: Vec<String>,
    pub min_flop: f64,
}

impl ImportReport {
    /// The closing summary: what was written, then a line per skip reason.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "Wrote {} milestone{} to {}\n  from {DATASET}, {DATASET_URL}, dated {} ({})\n",
            self.imported,
            if self.imported == 1 { "" } else { "s" },
            self.written.display(),
            self.dataset_date,
            self.date_from
        );
        s.push_str(&self.skipped_lines());
        s
    }

    /// A line for the skipped rows, then one per reason.
    fn skipped_lines(&self) -> String {
        let mut s = String::new();
        let total: usize = self.skipped.iter().map(|(_, n)| n).sum();
        if total > 0 {
            s.push_str(&format!("Skipped {total} row{}:\n", plural(total)));
        }
        for &(reason, n) in &self.skipped {
            let line = match reason {
                SkipReason::NoCompute => format!("{n} without training compute"),
                SkipReason::BelowMinimum => format!(
                    "{n} below {} FLOP (--min-flop)",
                    crate::model::format::sci(self.min_flop, 3)
                ),
                SkipReason::Malformed => format!("{n} malformed (see the row messages)"),
                SkipReason::BuiltIn => format!(
                    "{n} already in the built-in catalog, which is kept (its values are checked \
                     against primary sources): {}",
                    some_names(&self.built_in)
                ),
                SkipReason::InDirectory => format!(
                    "{n} already in another preset file of {}, which is kept: {}",
                    self.written
                        .parent()
                        .map_or(String::new(), |d| d.display().to_string()),
                    some_names(&self.in_directory)
                ),
                SkipReason::Duplicate => format!("{n} repeating an earlier row's model id"),
            };
            s.push_str(&format!("  {line}\n"));
        }
        s
    }
}

/// The first dozen names, and how many more.
fn some_names(names: &[String]) -> String {
    let shown: Vec<&str> = names.iter().take(12).map(String::as_str).collect();
    let more = names.len().saturating_sub(shown.len());
    let mut s = shown.join(", ");
    if more > 0 {
        s.push_str(&format!(" and {more} more"));
    }
    s
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Imports `opts.csv` and writes `opts.out_dir/milestones-epoch.ron`.
pub fn import_epoch(opts: &ImportOptions) -> Result<ImportReport, ImportError> {
    let shown = opts.csv.display().to_string();
    let file = fs::File::open(&opts.csv)
        .map_err(|e| ImportError::BadInput(format!("cannot read {shown}: {e}")))?;
    let meta = file
        .metadata()
        .map_err(|e| ImportError::BadInput(format!("cannot read {shown}: {e}")))?;
    if meta.is_dir() {
        return Err(ImportError::BadInput(format!(
            "{shown} is a directory, expected Epoch's CSV file"
        )));
    }
    let (dataset_date, date_from) = match &opts.dataset_date {
        Some(d) => {
            check_date(d).map_err(|e| ImportError::BadInput(format!("--dataset-date: {e}")))?;
            (d.clone(), "as given by --dataset-date")
        }
        None => {
            let modified = meta.modified().map_err(|e| {
                ImportError::BadInput(format!(
                    "{shown}: the file has no modification date ({e}); give --dataset-date"
                ))
            })?;
            (utc_date(modified), "the file's modification date")
        }
    };
    let file_name = opts
        .csv
        .file_name()
        .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    let provenance = format!("{DATASET}, file '{file_name}' dated {dataset_date}");

    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(std::io::BufReader::new(file));
    let headers = reader
        .byte_headers()
        .map_err(|e| ImportError::BadInput(format!("cannot read {shown}: {e}")))?
        .clone();
    let columns = Columns::new(&headers);
    let missing: Vec<String> = REQUIRED_COLUMNS
        .iter()
        .filter(|c| !columns.index.contains_key(**c))
        .map(|c| format!("'{c}'"))
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::BadInput(format!(
            "{shown}: missing required column{} {} (the header of Epoch's notable-models CSV \
             names them; is this that file?)",
            plural(missing.len()),
            missing.join(", ")
        )));
    }

    let target = opts.out_dir.join(OUTPUT_FILE);
    let keys = |c: &Catalog| -> HashSet<String> {
        c.milestones
            .iter()
            .flat_map(|m| [loose(&m.id), loose(&m.name)])
            .filter(|k| !k.is_empty())
            .collect()
    };
    let built_in_keys = keys(&Catalog::embedded());
    let neighbours = neighbours(&opts.out_dir, &target);
    let neighbour_keys = keys(&neighbours);
    let cards = card_names();

    let mut report = ImportReport {
        dataset_date,
        date_from,
        min_flop: opts.min_flop,
        ..ImportReport::default()
    };
    let mut skipped: HashMap<SkipReason, usize> = HashMap::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut imported: Vec<Milestone> = Vec::new();
    // A lower bound of the output's size: the texts every entry writes.
    let mut least_bytes = 0usize;
    for record in reader.byte_records() {
        let record =
            record.map_err(|e| ImportError::BadInput(format!("cannot read {shown}: {e}")))?;
        let (row, line) = record
            .position()
            .map_or((0, 0), |p| (p.record() as usize + 1, p.line() as usize));
        let at = if line == row || line == 0 {
            format!("row {row}")
        } else {
            format!("row {row} (line {line})")
        };
        let mut r = Row {
            record: &record,
            columns: &columns,
            at: &at,
            messages: &mut report.messages,
        };
        let outcome = r.milestone(&provenance, opts.min_flop, &cards);
        let m = match outcome {
            Ok(m) => m,
            Err(reason) => {
                *skipped.entry(reason).or_default() += 1;
                continue;
            }
        };
        if built_in_keys.contains(&loose(&m.id)) || built_in_keys.contains(&loose(&m.name)) {
            *skipped.entry(SkipReason::BuiltIn).or_default() += 1;
            report.built_in.push(m.name.into());
            continue;
        }
        if neighbour_keys.contains(&loose(&m.id)) || neighbour_keys.contains(&loose(&m.name)) {
            *skipped.entry(SkipReason::InDirectory).or_default() += 1;
            report.in_directory.push(m.name.into());
            continue;
        }
        if let Some(first) = seen.get(&m.id.to_ascii_lowercase()) {
            report.messages.push(format!(
                "{at}, column '{MODEL}': '{}' has the id '{}' of row {first} (ids ignore case); \
                 the first is kept, this row skipped",
                m.name, m.id
            ));
            *skipped.entry(SkipReason::Duplicate).or_default() += 1;
            continue;
        }
        seen.insert(m.id.to_ascii_lowercase(), row);
        // Refused as soon as the rows alone are over the size the loader takes, not after
        // a million rows are read, marked and written out.
        least_bytes += m.id.len() + m.name.len() + m.org.len() + m.flop.source.len();
        if least_bytes as u64 > MAX_FILE_BYTES {
            return Err(too_big(&format!("over {MAX_FILE_BYTES}")));
        }
        imported.push(m);
    }
    report.skipped = skipped.into_iter().collect();
    report.skipped.sort();
    if imported.is_empty() {
        // Why, row by row: an unterminated quote or a non-UTF-8 cell is otherwise invisible.
        let mut m = format!("{shown}: no row to import; nothing written\n");
        m.push_str(&report.skipped_lines());
        for line in report.messages.iter().take(MAX_MESSAGES_ON_FAILURE) {
            m.push_str(&format!("  {line}\n"));
        }
        let more = report
            .messages
            .len()
            .saturating_sub(MAX_MESSAGES_ON_FAILURE);
        if more > 0 {
            m.push_str(&format!("  and {more} more row message{}\n", plural(more)));
        }
        return Err(ImportError::BadInput(m.trim_end().to_string()));
    }
    mark_frontier(&mut imported, &neighbours);
    report.imported = imported.len();

    let text = to_ron(&imported, &file_name, &report)?;
    check_loads(neighbours, &target, &text)?;
    report.written = write_new(&opts.out_dir, &target, &text, opts.force)?;
    Ok(report)
}

/// Header name → column index (the first of a repeated name).
struct Columns {
    index: HashMap<String, usize>,
    count: usize,
}

impl Columns {
    fn new(headers: &csv::ByteRecord) -> Columns {
        let mut index = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            let h = h.strip_prefix(b"\xef\xbb\xbf").unwrap_or(h);
            let name = String::from_utf8_lossy(h).trim().to_string();
            index.entry(name).or_insert(i);
        }
        Columns {
            index,
            count: headers.len(),
        }
    }
}

/// One data row being read, with where it is for messages.
struct Row<'a> {
    record: &'a csv::ByteRecord,
    columns: &'a Columns,
    at: &'a str,
    messages: &'a mut Vec<String>,
}

impl Row<'_> {
    /// The text of a column, `None` when the column is absent or the cell empty.
    fn text(&mut self, column: &str) -> Result<Option<String>, String> {
        let Some(bytes) = self
            .columns
            .index
            .get(column)
            .and_then(|&i| self.record.get(i))
        else {
            return Ok(None);
        };
        if bytes.len() > MAX_CELL_BYTES {
            return Err(format!(
                "{}, column '{column}': {} bytes, over the {MAX_CELL_BYTES} a cell may have",
                self.at,
                bytes.len()
            ));
        }
        let text = std::str::from_utf8(bytes)
            .map_err(|_| format!("{}, column '{column}': not UTF-8 text", self.at))?;
        let text = text.trim();
        Ok((!text.is_empty()).then(|| text.to_string()))
    }

    /// A number of a column: `None` when empty, an error message when not a finite number in
    /// `(0, max]`.
    fn number(&mut self, column: &str, max: f64, what: &str) -> Result<Option<f64>, String> {
        let Some(text) = self.text(column)? else {
            return Ok(None);
        };
        let shown = crate::model::format::quoted(&text);
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() && v > 0.0 && v <= max => Ok(Some(round_noise(v))),
            Ok(v) if v.is_finite() => Err(format!(
                "{}, column '{column}': '{shown}' is not {what} in (0, {}]",
                self.at,
                if max < 1e6 {
                    format!("{max}")
                } else {
                    format!("{max:e}")
                }
            )),
            _ => Err(format!(
                "{}, column '{column}': '{shown}' is not a number",
                self.at
            )),
        }
    }

    /// An optional number: a bad one is reported and left out, the row kept.
    fn optional(&mut self, column: &str, max: f64, what: &str) -> Option<f64> {
        match self.number(column, max, what) {
            Ok(v) => v,
            Err(m) => {
                self.messages.push(format!("{m}; left out"));
                None
            }
        }
    }

    fn optional_text(&mut self, column: &str) -> Option<String> {
        match self.text(column) {
            Ok(v) => v,
            Err(m) => {
                self.messages.push(format!("{m}; left out"));
                None
            }
        }
    }

    /// The row as a milestone, or why it is skipped (a message already pushed for malformed).
    fn milestone(
        &mut self,
        provenance: &str,
        min_flop: f64,
        cards: &[(String, String)],
    ) -> Result<Milestone, SkipReason> {
        if self.record.len() != self.columns.count {
            self.messages.push(format!(
                "{}: {} fields where the header has {}; skipped",
                self.at,
                self.record.len(),
                self.columns.count
            ));
            return Err(SkipReason::Malformed);
        }
        let malformed = |messages: &mut Vec<String>, m: String| {
            messages.push(format!("{m}; row skipped"));
            SkipReason::Malformed
        };
        let flop = match self.number(FLOP, 1e40, "a FLOP count") {
            Ok(Some(v)) => v,
            Ok(None) => return Err(SkipReason::NoCompute),
            Err(m) => return Err(malformed(self.messages, m)),
        };
        if flop < min_flop {
            return Err(SkipReason::BelowMinimum);
        }
        let name = match self.text(MODEL) {
            Ok(Some(n)) => one_line(&n),
            Ok(None) => {
                let m = format!("{}, column '{MODEL}': empty", self.at);
                return Err(malformed(self.messages, m));
            }
            Err(m) => return Err(malformed(self.messages, m)),
        };
        let id = slug(&name);
        if id.is_empty() {
            let m = format!(
                "{}, column '{MODEL}': '{}' gives no usable id (letters or digits of ASCII needed)",
                self.at,
                crate::model::format::quoted(&name)
            );
            return Err(malformed(self.messages, m));
        }
        let date = match self.text(DATE) {
            Ok(Some(d)) => match check_date(&d) {
                Ok(()) => d,
                Err(e) => {
                    let m = format!("{}, column '{DATE}': {e}", self.at);
                    return Err(malformed(self.messages, m));
                }
            },
            Ok(None) => {
                let m = format!("{}, column '{DATE}': empty", self.at);
                return Err(malformed(self.messages, m));
            }
            Err(m) => return Err(malformed(self.messages, m)),
        };
        let org = self
            .optional_text(ORGANIZATION)
            .map_or_else(|| "unknown".to_string(), |o| one_line(&o));
        let links = self
            .optional_text(LINK)
            .map(|l| {
                l.split(['\n', '\r', ' ', ','])
                    .map(str::trim)
                    .filter(|u| !u.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .filter(|l| !l.is_empty());
        let source = |column: &str| {
            let link = links.as_deref().map_or_else(
                || format!("the row has no link; dataset: {DATASET_URL}"),
                |l| format!("the row's link: {l}"),
            );
            one_line(&format!("{provenance}, column '{column}'; {link}"))
        };
        let confidence = self.optional_text(CONFIDENCE).unwrap_or_default();
        let method = self.optional_text(METHOD).unwrap_or_default();
        let status = flop_status(&confidence, &method);

        let mut flop_note = format!(
            "Epoch's confidence: {}; estimation method: {}.",
            if confidence.is_empty() {
                "none given"
            } else {
                confidence.as_str()
            },
            if method.is_empty() {
                "not given"
            } else {
                method.as_str()
            }
        );
        if let Some(n) = self.optional_text(FLOP_NOTES) {
            flop_note.push_str(" Epoch's notes: ");
            flop_note.push_str(&crate::model::format::clip(&multi_line(&n), MAX_NOTE_CHARS));
        }
        let (mut low, mut high) = (
            self.optional(LOWER, 1e40, "a FLOP count"),
            self.optional(UPPER, 1e40, "a FLOP count"),
        );
        if low.is_some_and(|l| l > flop) || high.is_some_and(|h| h < flop) {
            self.messages.push(format!(
                "{}, columns '{LOWER}' and '{UPPER}': the range does not contain the training \
                 compute {}; range left out",
                self.at,
                crate::model::format::sci(flop, 3)
            ));
            (low, high) = (None, None);
        }
        let unverified = |value: f64, column: &str| Sourced {
            value,
            status: Status::Unverified,
            source: source(column).into(),
            low: None,
            high: None,
            note: None,
        };
        let params = self.optional(PARAMETERS, 1e16, "a parameter count");
        let gpu_count = self.optional(QUANTITY, 1e9, "a chip count").filter(|&v| {
            // Whole chips, as every GPU count the catalog loads.
            let whole = crate::model::parse::whole(crate::model::Field::Gpus, v);
            if let Err(e) = &whole {
                self.messages
                    .push(format!("{}, column '{QUANTITY}': {e}; left out", self.at));
            }
            whole.is_ok()
        });
        let hours = self.optional(HOURS, 3650.0 * 24.0, "a duration in hours");
        let chip_hours = self.optional(CHIP_HOURS, 1e13, "a chip-hour count");
        let mfu = self.optional(MFU, 1.0, "a fraction");
        let hardware = self.optional_text(HARDWARE).map(|h| one_line(&h));
        let accelerator = hardware.as_deref().and_then(|h| card_for(h, cards));
        let precision = match self.optional_text(FORMAT) {
            Some(f) if f.to_ascii_uppercase().contains("FP8") => Precision::Fp8,
            _ => Precision::Bf16,
        };
        let mut note = String::from("Imported from Epoch AI's notable-models data.");
        if let (Some(h), None) = (&hardware, &accelerator) {
            note.push_str(&format!(
                " Training hardware: {h} (not matched to a catalog card)."
            ));
        }
        Ok(Milestone {
            id: id.into(),
            name: name.clone().into(),
            org: org.into(),
            date: date.into(),
            kind: MilestoneKind::Run,
            flop: Sourced {
                value: flop,
                status,
                source: source(FLOP).into(),
                low,
                high,
                note: Some(flop_note.into()),
            },
            params: None,
            total_params: params.map(|v| Sourced {
                note: Some(
                    "Epoch's 'Parameters' is the total count; for a mixture-of-experts model the \
                     active count is not in the data"
                        .into(),
                ),
                ..unverified(v, PARAMETERS)
            }),
            shape: None,
            tokens: None,
            accelerator: accelerator.map(Into::into),
            gpu_count: gpu_count.map(|v| unverified(v, QUANTITY)),
            gpu_hours: chip_hours.map(|v| unverified(v, CHIP_HOURS)),
            days: hours.map(|h| Sourced {
                note: Some(format!("{h} hours / 24").into()),
                ..unverified(round_noise(h / 24.0), HOURS)
            }),
            reported_mfu: mfu.map(|v| unverified(v, MFU)),
            precision,
            frontier: false,
            note: Some(note.into()),
            // Epoch's data carries no per-run energy account.
            watts_per_gpu: None,
            pue: None,
            kg_co2_per_kwh: None,
        })
    }
}

/// The status of Epoch's FLOP figure (see the module documentation for why).
pub fn flop_status(confidence: &str, method: &str) -> Status {
    let reported = method
        .split(',')
        .any(|m| m.trim().eq_ignore_ascii_case("Reported"));
    match confidence.trim().to_ascii_lowercase().as_str() {
        "confident" if reported => Status::Reported,
        "confident" | "likely" | "speculative" => Status::Estimate,
        _ => Status::Unverified,
    }
}

/// An id from a model name: ASCII letters and digits lower-cased, '.' kept, every other run of
/// characters one '-', at most 64 characters.
pub fn slug(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') {
            s.push('-');
        }
    }
    let s = s.trim_matches(|c| c == '-' || c == '.');
    let mut s: String = s.chars().take(64).collect();
    while s.ends_with('-') || s.ends_with('.') {
        s.pop();
    }
    s
}

/// A name compared loosely: lower case, without a parenthesised remark, letters and digits only
/// ("NVIDIA A100 SXM4 40 GB" = "NVIDIA A100 SXM4 40GB", "PaLM (540B)" = "PaLM").
fn loose(name: &str) -> String {
    let mut depth = 0usize;
    let mut s = String::new();
    for c in name.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 && c.is_alphanumeric() => s.extend(c.to_lowercase()),
            _ => {}
        }
    }
    s
}

/// The built-in cards as (loose name, id).
fn card_names() -> Vec<(String, String)> {
    parse_accelerators(EMBEDDED_ACCELERATORS.0, EMBEDDED_ACCELERATORS.1)
        .map(|list| {
            list.into_iter()
                .map(|a| (loose(&a.name), a.id.into()))
                .collect()
        })
        .unwrap_or_default()
}

/// The card id for Epoch's `Training hardware`, when it names one chip a built-in card matches.
fn card_for(hardware: &str, cards: &[(String, String)]) -> Option<String> {
    if hardware.contains(',') {
        return None;
    }
    let wanted = loose(hardware);
    cards
        .iter()
        .find(|(name, _)| *name == wanted)
        .map(|(_, id)| id.clone())
}

/// `YYYY-MM-DD` with a real month and day.
fn check_date(d: &str) -> Result<(), String> {
    let bad = || {
        format!(
            "'{}' is not a date (YYYY-MM-DD)",
            crate::model::format::quoted(d)
        )
    };
    let parts: Vec<&str> = d.split('-').collect();
    let [y, m, day] = parts.as_slice() else {
        return Err(bad());
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(day, 2)) {
        return Err(bad());
    }
    let (y, m, day): (i64, u32, u32) = match (y.parse(), m.parse(), day.parse()) {
        (Ok(y), Ok(m), Ok(d)) => (y, m, d),
        _ => return Err(bad()),
    };
    if !(1..=12).contains(&m) || day == 0 || day > days_in_month(y, m) {
        return Err(bad());
    }
    Ok(())
}

fn days_in_month(y: i64, m: u32) -> u32 {
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A time as its UTC calendar date (the civil-from-days algorithm, no date library needed).
fn utc_date(t: std::time::SystemTime) -> String {
    let secs = match t.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => d.as_secs() as i64,
        Err(e) => -(e.duration().as_secs() as i64),
    };
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Epoch's export carries spreadsheet noise in the eleventh digit (`5.0000000001e+25`): ten
/// significant digits keep every real digit and drop the noise.
fn round_noise(v: f64) -> f64 {
    format!("{v:.9e}").parse().unwrap_or(v)
}

/// Text for a single-line field: whitespace runs as one space, control and bidirectional
/// characters dropped (the loader refuses them).
fn one_line(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|&c| !c.is_control() && !crate::model::format::is_bidi_control(c))
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text for a note: line breaks kept (as `\n`), other control and bidirectional characters
/// dropped.
fn multi_line(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|&c| {
            (c == '\n' || c == '\t' || !c.is_control()) && !crate::model::format::is_bidi_control(c)
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Marks the frontier runs with the built-in file's rule: at least a quarter of the largest run
/// released up to the same date, the catalog's runs included. The runs are sorted by date once
/// and the largest so far kept for each, so a million rows take a sort, not a million scans.
fn mark_frontier(imported: &mut [Milestone], builtin: &Catalog) {
    use crate::model::trend::decimal_year;
    let mut runs: Vec<(f64, f64)> = builtin
        .milestones
        .iter()
        .filter(|m| m.kind == MilestoneKind::Run)
        .chain(imported.iter())
        .filter_map(|m| Some((decimal_year(&m.date)?, m.flop.value)))
        .collect();
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    // The largest run up to and including each date.
    let mut largest = 0.0f64;
    let largest_so_far: Vec<f64> = runs
        .iter()
        .map(|&(_, f)| {
            largest = largest.max(f);
            largest
        })
        .collect();
    for m in imported.iter_mut() {
        let Some(year) = decimal_year(&m.date) else {
            continue;
        };
        let upto = runs.partition_point(|&(y, _)| y <= year);
        let largest = upto
            .checked_sub(1)
            .map_or(m.flop.value, |i| largest_so_far[i].max(m.flop.value));
        m.frontier = m.flop.value >= largest / 4.0;
    }
}

/// The milestones as RON in the built-in file's layout, with a header saying where they come
/// from.
fn to_ron(
    list: &[Milestone],
    file_name: &str,
    report: &ImportReport,
) -> Result<String, ImportError> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .depth_limit(2)
        .escape_strings(false);
    let body = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .to_string_pretty(list, config)
        .map_err(|e| ImportError::Write(format!("could not write RON: {e}")))?;
    let file_name = one_line(file_name).replace("*/", "* /");
    Ok(format!(
        "// Training runs imported by `agi-compute presets import-epoch` from {DATASET},\n\
         // {DATASET_URL}, file '{file_name}' dated {} ({}).\n\
         // FLOP status: Reported where Epoch says the developer reported it (Confident), Estimate\n\
         // for Epoch's own estimates, Unverified where Epoch gives no confidence; every other value\n\
         // is Unverified (copied from Epoch's row). Parameters are totals; tokens are not imported\n\
         // (Epoch's dataset size counts words). Re-running the import replaces this file with --force.\n\
         {body}\n",
        report.dataset_date, report.date_from
    ))
}

/// The catalog the written file joins: the built-in presets and the other preset files of the
/// output directory (not the file being replaced). A user's own entries there are kept: the
/// loader reads files in name order, and `milestones-epoch.ron` would otherwise win over
/// `milestones.ron`.
fn neighbours(dir: &Path, target: &Path) -> Catalog {
    let mut c = Catalog::embedded();
    if let Ok(entries) = fs::read_dir(dir) {
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().is_some_and(|x| x.eq_ignore_ascii_case("ron"))
                    && p.file_name() != target.file_name()
            })
            .collect();
        paths.sort();
        for p in paths {
            c.add_file(&p);
        }
    }
    c
}

/// The refusal of an output over the size the loader takes.
fn too_big(bytes: &str) -> ImportError {
    ImportError::Write(format!(
        "not written: the file would be {bytes} bytes, and preset files over 1 MiB are refused \
         when loading; raise --min-flop to import fewer rows"
    ))
}

/// Refuses text the loader would not take without a new problem: too big, unparsable, or
/// clashing with an entry of the catalog it joins.
fn check_loads(mut c: Catalog, target: &Path, text: &str) -> Result<(), ImportError> {
    let bytes = text.len() as u64;
    if bytes > MAX_FILE_BYTES {
        return Err(too_big(&bytes.to_string()));
    }
    let (problems, notices) = (c.problems.len(), c.notices.len());
    c.add_user_text(target, text);
    if let Some(p) = c.problems.get(problems).or_else(|| c.notices.get(notices)) {
        return Err(ImportError::Write(format!(
            "not written: it would not load cleanly: {p}"
        )));
    }
    Ok(())
}

/// Writes `text` to `target` through a temporary file in the same directory, renamed into place
/// only when complete; without `force` the rename itself refuses an existing file.
fn write_new(dir: &Path, target: &Path, text: &str, force: bool) -> Result<PathBuf, ImportError> {
    let exists = || {
        ImportError::Write(format!(
            "{} already exists; not replaced (use --force to replace it)",
            target.display()
        ))
    };
    if !force && fs::symlink_metadata(target).is_ok() {
        return Err(exists());
    }
    let io =
        |e: std::io::Error| ImportError::Write(format!("cannot write {}: {e}", target.display()));
    fs::create_dir_all(dir).map_err(io)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".milestones-epoch.").suffix(".tmp");
    #[cfg(unix)]
    {
        // As `File::create` would: 0666 less the umask, like any other preset file.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(dir).map_err(io)?;
    temp.write_all(text.as_bytes())
        .and_then(|()| temp.as_file().sync_all())
        .map_err(io)?;
    let result = if force {
        temp.persist(target)
    } else {
        temp.persist_noclobber(target)
    };
    match result {
        Ok(_) => Ok(target.to_path_buf()),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Err(exists()),
        Err(e) => Err(io(e.error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_the_catalog_ids() {
        assert_eq!(slug("Llama 3.1-405B"), "llama-3.1-405b");
        assert_eq!(slug("GPT-4o (May 2024)"), "gpt-4o-may-2024");
        assert_eq!(slug("  ..Qwen3-235B-A22B.. "), "qwen3-235b-a22b");
        assert_eq!(slug("文心"), "");
    }

    #[test]
    fn card_names_match_loosely_and_only_one_chip() {
        let cards = card_names();
        assert_eq!(
            card_for("NVIDIA H100 SXM5 80GB", &cards).as_deref(),
            Some("h100-sxm")
        );
        assert_eq!(
            card_for("NVIDIA A100 SXM4 40 GB", &cards).as_deref(),
            Some("a100-40gb")
        );
        assert_eq!(
            card_for("NVIDIA H800 SXM5", &cards).as_deref(),
            Some("h800")
        );
        assert_eq!(card_for("NVIDIA A100", &cards), None);
        assert_eq!(card_for("Google TPU v4,Google TPU v3", &cards), None);
    }

    #[test]
    fn frontier_marking_follows_the_rule_run_by_run() {
        let catalog = Catalog::embedded();
        let runs: Vec<&Milestone> = catalog
            .milestones
            .iter()
            .filter(|m| m.kind == MilestoneKind::Run)
            .collect();
        // Copies of the catalog's runs with shuffled dates and scaled FLOP, some on the same
        // day as a catalog run, some before every one.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut imported: Vec<Milestone> = (0..500)
            .map(|i| {
                let mut m = runs[i % runs.len()].clone();
                m.date = runs[next() as usize % runs.len()].date.clone();
                if i % 50 == 0 {
                    m.date = "1990-01-01".into();
                }
                m.flop.value *= [0.1, 0.3, 1.0, 3.0, 30.0][next() as usize % 5];
                m.frontier = false;
                m
            })
            .collect();
        mark_frontier(&mut imported, &catalog);
        use crate::model::trend::decimal_year;
        for m in &imported {
            let year = decimal_year(&m.date).unwrap();
            let largest = runs
                .iter()
                .copied()
                .chain(imported.iter())
                .filter(|r| decimal_year(&r.date).is_some_and(|y| y <= year))
                .map(|r| r.flop.value)
                .fold(m.flop.value, f64::max);
            assert_eq!(
                m.frontier,
                m.flop.value >= largest / 4.0,
                "{} {}",
                m.id,
                m.date
            );
        }
        assert!(imported.iter().any(|m| m.frontier));
        assert!(imported.iter().any(|m| !m.frontier));
    }

    #[test]
    fn dates_and_statuses() {
        assert!(check_date("2024-02-29").is_ok());
        assert!(check_date("2023-02-29").is_err());
        assert!(check_date("2024-13-01").is_err());
        assert!(check_date("March 2024").is_err());
        assert_eq!(utc_date(std::time::UNIX_EPOCH), "1970-01-01");
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_775_001_600);
        assert_eq!(utc_date(t), "2026-04-01");
        assert_eq!(
            flop_status("Confident", "Reported,Hardware"),
            Status::Reported
        );
        assert_eq!(flop_status("Likely", "Reported"), Status::Estimate);
        assert_eq!(flop_status("Speculative", "Hardware"), Status::Estimate);
        assert_eq!(flop_status("Unknown", ""), Status::Unverified);
        assert_eq!(round_noise(5.0000000001e25), 5e25);
    }
}
