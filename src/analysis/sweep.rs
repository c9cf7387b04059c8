//! Sweeps: one to three inputs varied over grids, every row evaluated and streamed out.
//!
//! Rows are written as they are computed (nothing holds the grid's rows), each from the model's
//! lean path, [`Inputs::outputs`], and the [`Output`] table's keys: a sweep is the model, not
//! the explorer's whole evaluation with milestones and bands. Numbers are written in the
//! shortest form that parses back to the same float, as `eval --format json` writes them.

use crate::analysis::evaluation::Lean;
use crate::model::projection::{settle_given, share_index};
use crate::model::uncertainty::reads;
use crate::model::{Field, Inputs, Output, format as fmt};
use crate::presets::{Catalog, Scenario};
use std::io::{self, Write};

/// Grids larger than this are refused unless forced: ten million rows is about a gigabyte of
/// CSV with every output.
pub const MAX_ROWS: u64 = 10_000_000;

/// Values per axis at most: more than any plot wants, and the products stay in range.
pub const MAX_STEPS: u64 = 10_000_000;

/// What every row starts from: the scenario's inputs, its lean evaluation and the inputs it
/// lacks (a card without a sourced price: outputs that read them stay empty, as `eval` leaves
/// them null, unless an axis supplies the input).
#[derive(Clone, Debug)]
pub struct Base {
    pub inputs: Inputs,
    pub lean: Lean,
    pub missing: Vec<Field>,
    /// Shares of the fleet's year given as flags: a varied share is set together with them, as
    /// `eval` sets shares given together, so each row is the `eval` of its values.
    pub given_shares: [Option<f64>; 3],
}

impl Base {
    pub fn of(scenario: &Scenario, catalog: &Catalog) -> Base {
        Base {
            inputs: catalog.inputs(scenario),
            lean: Lean::new(&crate::analysis::evaluation::Reference::new(catalog)),
            missing: scenario.missing(),
            given_shares: [None; 3],
        }
    }

    /// The shares of one row: the flags' and the axes' together. `Err` when they cannot sum to
    /// 100 %.
    fn shares(&self, axes: &[Axis], values: &[f64]) -> Result<[f64; 3], String> {
        let mut given = self.given_shares;
        for (a, &v) in axes.iter().zip(values) {
            if let Some(i) = share_index(a.field) {
                given[i] = Some(v);
            }
        }
        settle_given(self.inputs.shares(), given, self.inputs.rates.split)
    }

    /// Checks that every row's shares can stand together (the largest values of the varied
    /// shares with the flags' never pass 100 %, and not all three are fixed), before any row
    /// is written.
    pub fn check_shares(&self, axes: &[Axis]) -> Result<(), String> {
        let varied: Vec<&Axis> = axes
            .iter()
            .filter(|a| share_index(a.field).is_some())
            .collect();
        if varied.is_empty() {
            return Ok(());
        }
        let fixed = self.given_shares.iter().flatten().count() + varied.len();
        if fixed == 3 {
            return Err(
                "the run, experiments and inference shares: vary or set at most two; the third \
                 takes the rest of the fleet"
                    .into(),
            );
        }
        let mut most = self.given_shares;
        for a in &varied {
            if let Some(i) = share_index(a.field) {
                most[i] = a.values().reduce(f64::max);
            }
        }
        if fixed == 2 {
            let sum: f64 = most.iter().flatten().sum();
            if sum > 1.0 + 1e-9 {
                return Err(format!(
                    "the shares given and varied reach {} of the fleet together; they must \
                     leave room for the third",
                    crate::model::format::percent(sum)
                ));
            }
        }
        Ok(())
    }
}

/// How an axis spaces its values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spacing {
    Linear,
    /// Equal ratios between neighbours.
    Log,
}

/// One varied input and its values, in order. The values are computed when read, not stored:
/// a grid is counted and refused from its axes before anything the size of the grid exists.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    pub field: Field,
    lo: f64,
    hi: f64,
    spacing: Spacing,
    steps: u64,
}

impl Axis {
    /// `steps` values from `lo` to `hi`, both ends included exactly. GPU counts are rounded
    /// to whole GPUs, as typed counts are.
    pub fn new(
        field: Field,
        lo: f64,
        hi: f64,
        spacing: Spacing,
        steps: u64,
    ) -> Result<Axis, String> {
        let name = crate::presets::scenario_string::field_name(field);
        if steps == 0 || steps > MAX_STEPS {
            return Err(format!(
                "{name}: the step count must be 1 to {MAX_STEPS} (got {steps})"
            ));
        }
        if spacing == Spacing::Log && (lo <= 0.0 || hi <= 0.0) {
            return Err(format!(
                "{name}: a log axis needs ends above 0 (use a linear axis from 0)"
            ));
        }
        let axis = Axis {
            field,
            lo,
            hi,
            spacing,
            steps,
        };
        // Every value lies between the two ends (see `value`), and every field's valid range
        // is an interval: checking the ends checks them all.
        for v in [axis.value(0), axis.value(steps - 1)] {
            field.check(v).map_err(|e| format!("{name}: {e}"))?;
        }
        Ok(axis)
    }

    /// How many values the axis has (at least one).
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// The `i`-th value (`i` below `len`), kept between the ends against rounding.
    pub fn value(&self, i: u64) -> f64 {
        let n = self.steps - 1;
        let (lo, hi) = (self.lo, self.hi);
        let v = if i == 0 {
            lo
        } else if i >= n {
            hi
        } else {
            let t = i as f64 / n as f64;
            let v = match self.spacing {
                Spacing::Linear => lo + (hi - lo) * t,
                Spacing::Log => (lo.ln() + (hi.ln() - lo.ln()) * t).exp(),
            };
            v.clamp(lo.min(hi), lo.max(hi))
        };
        if self.field == Field::Gpus {
            v.round()
        } else {
            v
        }
    }

    /// The values in order.
    pub fn values(&self) -> impl Iterator<Item = f64> + '_ {
        (0..self.steps).map(|i| self.value(i))
    }

    /// How many values equal the one before (GPU counts rounded to whole GPUs repeat when the
    /// steps are finer than one GPU).
    pub fn repeats(&self) -> u64 {
        let mut before = None;
        let mut n = 0;
        for v in self.values() {
            n += u64::from(before == Some(v));
            before = Some(v);
        }
        n
    }

    /// Parses `gpus=10k..1M:log:30` or `mfu=30%..50%:5` (linear; `:lin:` may be written).
    pub fn parse(text: &str) -> Result<Axis, String> {
        let usage = "expected INPUT=LOW..HIGH:STEPS or INPUT=LOW..HIGH:log:STEPS \
                     (gpus=10k..1M:log:30, mfu=30%..50%:5)";
        let shown = fmt::quoted(text);
        let (name, rest) = text
            .split_once('=')
            .ok_or_else(|| format!("'{shown}': {usage}"))?;
        let field = crate::presets::scenario_string::field_named(name.trim()).ok_or_else(|| {
            let names: Vec<&str> = Field::ALL
                .into_iter()
                .map(crate::presets::scenario_string::field_name)
                .collect();
            format!(
                "'{}' is not an input; expected one of {}",
                fmt::quoted(name.trim()),
                names.join(", ")
            )
        })?;
        let fname = crate::presets::scenario_string::field_name(field);
        let parts: Vec<&str> = rest.split(':').map(str::trim).collect();
        let (range, spacing, steps) = match parts.as_slice() {
            [r, s] => (*r, Spacing::Linear, *s),
            [r, "log", s] => (*r, Spacing::Log, *s),
            [r, "lin", s] => (*r, Spacing::Linear, *s),
            [_, other, _] => {
                return Err(format!(
                    "{fname}: spacing '{}': expected log or lin",
                    fmt::quoted(other)
                ));
            }
            _ => return Err(format!("'{shown}': {usage}")),
        };
        let (lo, hi) = range.split_once("..").ok_or_else(|| {
            format!(
                "{fname}: range '{}': expected LOW..HIGH",
                fmt::quoted(range)
            )
        })?;
        let value =
            |s: &str| crate::model::parse::parse_for(field, s).map_err(|e| format!("{fname}: {e}"));
        let (lo, hi) = (value(lo)?, value(hi)?);
        let steps: u64 = steps.parse().map_err(|_| {
            format!(
                "{fname}: steps '{}': expected a whole number of values, e.g. 30",
                fmt::quoted(steps)
            )
        })?;
        Axis::new(field, lo, hi, spacing, steps)
    }
}

/// Rows of a grid, counted from the axes alone (saturating: at most three axes of at most
/// `MAX_STEPS` values stay far below the limit).
pub fn row_count(axes: &[Axis]) -> u128 {
    axes.iter()
        .fold(1u128, |n, a| n.saturating_mul(u128::from(a.steps())))
}

/// Output formats of `sweep`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SweepFormat {
    Csv,
    /// One JSON object per line.
    Jsonl,
    /// A Markdown table, numbers as the explorer shows them.
    Markdown,
}

/// Writes every row of the grid over `base` to `out`, the last axis varying fastest; calls
/// `progress` with the rows written so far every few thousand rows. Returns the row count.
pub fn write<W: Write>(
    base: &Base,
    axes: &[Axis],
    outputs: &[Output],
    format: SweepFormat,
    out: W,
    progress: &mut dyn FnMut(u64),
) -> io::Result<u64> {
    let shown: Vec<bool> = outputs
        .iter()
        .map(|&o| {
            !base
                .missing
                .iter()
                .any(|&f| reads(o, f) && axes.iter().all(|a| a.field != f))
        })
        .collect();
    let value = |i: usize, o: &crate::model::Outputs| outputs[i].of(o).filter(|_| shown[i]);
    match format {
        SweepFormat::Csv | SweepFormat::Jsonl => {
            let json = format == SweepFormat::Jsonl;
            let keys: Vec<&str> = axes
                .iter()
                .map(|a| a.field.spec().key)
                .chain(outputs.iter().map(|o| o.spec().key))
                .collect();
            // JSON Lines: `{"key":` before each value (`,"key":` after the first).
            let prefixes: Vec<String> = keys
                .iter()
                .enumerate()
                .map(|(i, k)| format!("{}\"{k}\":", if i == 0 { "{" } else { "," }))
                .collect();
            // The most a row can take: each cell's key (JSON) or comma, its text, the end.
            let row_bytes = prefixes.iter().map(|p| p.len() + TEXT + 1).sum::<usize>() + 2;
            let mut buf = Out::new(out, row_bytes);
            if !json {
                // Keys are plain identifiers and cells plain numbers: nothing ever needs quoting.
                buf.write_all(keys.join(",").as_bytes())?;
                buf.write_all(b"\n")?;
            }
            let mut texts = Texts::new(keys.len());
            let n = each_row(base, axes, progress, |row, o| {
                let values = row
                    .iter()
                    .map(|&v| Some(v))
                    .chain((0..outputs.len()).map(|k| value(k, o)));
                for (i, v) in values.enumerate() {
                    if json {
                        buf.write_all(prefixes[i].as_bytes())?;
                        if !texts.push(i, v, &mut buf) {
                            buf.write_all(b"null")?;
                        }
                    } else {
                        if i > 0 {
                            buf.byte(b',');
                        }
                        texts.push(i, v, &mut buf);
                    }
                }
                buf.write_all(if json { b"}\n" } else { b"\n" })?;
                buf.end_row()
            })?;
            buf.flush()?;
            Ok(n)
        }
        SweepFormat::Markdown => {
            let mut w = io::BufWriter::with_capacity(1 << 16, out);
            let mut header = String::from("|");
            let mut rule = String::from("|");
            for a in axes {
                header.push_str(&format!(" {} |", a.field.name()));
                rule.push_str("---:|");
            }
            for o in outputs {
                header.push_str(&format!(" {} |", o.spec().label));
                rule.push_str("---:|");
            }
            writeln!(w, "{header}\n{rule}")?;
            let n = each_row(base, axes, progress, |row, o| {
                let mut line = String::from("|");
                for (a, &v) in axes.iter().zip(row) {
                    line.push_str(&format!(" {} |", fmt::field_value(a.field, v)));
                }
                for (k, out) in outputs.iter().enumerate() {
                    line.push_str(&format!(" {} |", out.text(value(k, o))));
                }
                writeln!(w, "{line}")
            })?;
            w.flush()?;
            Ok(n)
        }
    }
}

/// Bytes gathered before a write to the output.
const FLUSH_AT: usize = 1 << 16;

/// Longest number text kept: the longest f64 text is 24 bytes (-2.2250738585072014e-308).
const TEXT: usize = 32;

/// The output buffer: a fixed array and a position, so a cell's text is copied as a fixed
/// `TEXT` bytes (two vector moves) rather than through `memmove` for a few bytes. It has room
/// after `FLUSH_AT` for the longest row and a whole `TEXT` copied at its end, however many
/// columns there are.
struct Out<W: Write> {
    out: W,
    buf: Box<[u8]>,
    pos: usize,
}

impl<W: Write> Out<W> {
    fn new(out: W, row_bytes: usize) -> Out<W> {
        Out {
            out,
            buf: vec![0; FLUSH_AT + row_bytes + TEXT].into_boxed_slice(),
            pos: 0,
        }
    }

    fn byte(&mut self, b: u8) {
        self.buf[self.pos] = b;
        self.pos += 1;
    }

    /// Appends `text`'s `len` bytes (the rest of the array is copied too, and overwritten by
    /// what follows).
    fn text(&mut self, text: &[u8; TEXT], len: usize) {
        self.buf[self.pos..self.pos + TEXT].copy_from_slice(text);
        self.pos += len;
    }

    /// Writes what is gathered once it is enough for one write.
    fn end_row(&mut self) -> io::Result<()> {
        if self.pos >= FLUSH_AT {
            self.flush_buf()?;
        }
        Ok(())
    }

    fn flush_buf(&mut self) -> io::Result<()> {
        self.out.write_all(&self.buf[..self.pos])?;
        self.pos = 0;
        Ok(())
    }
}

impl<W: Write> Write for Out<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.pos + bytes.len() > self.buf.len() - TEXT {
            self.flush_buf()?;
        }
        if bytes.len() > self.buf.len() - TEXT {
            return self.out.write(bytes);
        }
        self.buf[self.pos..self.pos + bytes.len()].copy_from_slice(bytes);
        self.pos += bytes.len();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.flush_buf()?;
        self.out.flush()
    }
}

/// Each column's last value and its text. A value equal to the row before's (the varied inputs
/// of slower axes, and every output that does not depend on the fastest one) is copied, not
/// formatted again: formatting floats is most of a sweep's time.
struct Texts {
    num: zmij::Buffer,
    cols: Vec<Cached>,
}

#[derive(Clone, Copy)]
struct Cached {
    /// The value's bits; `ABSENT` for no value, `None` before the first row.
    key: Option<u64>,
    len: usize,
    text: [u8; TEXT],
}

/// The key of an absent or non-finite value (a NaN pattern: no finite value has these bits).
const ABSENT: u64 = u64::MAX;

impl Texts {
    fn new(columns: usize) -> Texts {
        let empty = Cached {
            key: None,
            len: 0,
            text: [0; TEXT],
        };
        Texts {
            num: zmij::Buffer::new(),
            cols: vec![empty; columns],
        }
    }

    /// Appends column `i`'s text for `v` (the shortest exact form; nothing for an absent or
    /// non-finite value) and says whether it wrote anything.
    fn push<W: Write>(&mut self, i: usize, v: Option<f64>, out: &mut Out<W>) -> bool {
        let key = match v {
            Some(x) if x.is_finite() => x.to_bits(),
            _ => ABSENT,
        };
        let c = &mut self.cols[i];
        if c.key != Some(key) {
            let text = match v {
                Some(x) if key != ABSENT => self.num.format_finite(x).as_bytes(),
                _ => b"",
            };
            c.len = text.len().min(TEXT);
            c.text[..c.len].copy_from_slice(&text[..c.len]);
            c.key = Some(key);
        }
        out.text(&c.text, c.len);
        c.len > 0
    }
}

/// Calls `row` with the varied values and the outputs of each grid point, in order.
fn each_row(
    base: &Base,
    axes: &[Axis],
    progress: &mut dyn FnMut(u64),
    mut row: impl FnMut(&[f64], &crate::model::Outputs) -> io::Result<()>,
) -> io::Result<u64> {
    const REPORT_EVERY: u64 = 1 << 16;
    let total = u64::try_from(row_count(axes)).unwrap_or(u64::MAX);
    let mut index = vec![0u64; axes.len()];
    let mut values: Vec<f64> = axes.iter().map(|a| a.value(0)).collect();
    let mut inputs = base.inputs;
    let varies_shares = axes.iter().any(|a| share_index(a.field).is_some());
    let set = |inputs: &mut Inputs, f: Field, v: f64| {
        if share_index(f).is_none() {
            inputs.set(f, v);
        }
    };
    for (a, &v) in axes.iter().zip(&values) {
        set(&mut inputs, a.field, v);
    }
    let mut n = 0u64;
    loop {
        if varies_shares {
            let shares = base
                .shares(axes, &values)
                .map_err(|m| io::Error::new(io::ErrorKind::InvalidInput, m))?;
            inputs.set_shares(shares);
        }
        row(&values, &base.lean.outputs(&inputs))?;
        n += 1;
        if n.is_multiple_of(REPORT_EVERY) {
            progress(n);
        }
        if n >= total {
            break;
        }
        // Odometer: the last axis turns fastest.
        for k in (0..axes.len()).rev() {
            index[k] += 1;
            if index[k] < axes[k].steps() {
                values[k] = axes[k].value(index[k]);
                set(&mut inputs, axes[k].field, values[k]);
                break;
            }
            index[k] = 0;
            values[k] = axes[k].value(0);
            set(&mut inputs, axes[k].field, values[k]);
        }
    }
    progress(n);
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_parse_with_both_ends_exact() {
        let a = Axis::parse("gpus=10k..1M:log:3").unwrap();
        assert_eq!(a.field, Field::Gpus);
        assert_eq!(
            a.values().collect::<Vec<_>>(),
            vec![10_000.0, 100_000.0, 1_000_000.0]
        );
        let m = Axis::parse("mfu=30%..50%:5").unwrap();
        assert_eq!(m.steps(), 5);
        assert_eq!(m.value(0), 0.3);
        assert_eq!(m.value(4), 0.5);
        assert!((m.value(2) - 0.4).abs() < 1e-15);
    }

    #[test]
    fn bad_axes_say_what_was_expected() {
        let e = |s: &str| Axis::parse(s).unwrap_err();
        assert!(e("gpus").contains("expected INPUT=LOW..HIGH:STEPS"));
        assert!(e("foo=1..2:3").contains("'foo' is not an input"));
        assert!(e("gpus=1..2:cubic:3").contains("expected log or lin"));
        assert!(e("gpus=1-2:3").contains("expected LOW..HIGH"));
        assert!(e("gpus=1..2:x").contains("steps 'x'"));
        assert!(e("gpus=1..2:0").contains("1 to 10000000"));
        assert!(e("price=0..1k:log:3").contains("a log axis needs ends above 0"));
        assert!(e("mfu=30%..150%:3").contains("MFU must be in"));
    }

    #[test]
    fn rows_survive_many_buffer_flushes() {
        let c = Catalog::embedded();
        let base = Base::of(
            &c.scenario(crate::presets::DEFAULT_SCENARIO)
                .unwrap()
                .scenario,
            &c,
        );
        let axes = [
            Axis::parse("gpus=1..1M:log:97").unwrap(),
            Axis::parse("days=1..100:log:53").unwrap(),
        ];
        for format in [SweepFormat::Csv, SweepFormat::Jsonl] {
            let mut out = Vec::new();
            let n = write(&base, &axes, &Output::ALL, format, &mut out, &mut |_| {}).unwrap();
            assert_eq!(n, 97 * 53);
            let text = String::from_utf8(out).unwrap();
            assert!(text.len() > 4 * FLUSH_AT, "{}", text.len());
            let rows: Vec<&str> = text
                .lines()
                .skip(usize::from(format == SweepFormat::Csv))
                .collect();
            assert_eq!(rows.len(), 97 * 53);
            for (k, row) in rows.iter().enumerate() {
                let (g, d) = (axes[0].value(k as u64 / 53), axes[1].value(k as u64 % 53));
                let mut inputs = base.inputs;
                inputs.set(Field::Gpus, g);
                inputs.set(Field::Days, d);
                let want = base.lean.outputs(&inputs).total_flop.0;
                let got: f64 = match format {
                    SweepFormat::Csv => row.split(',').nth(2 + 6).unwrap().parse().unwrap(),
                    _ => {
                        let v: serde_json::Value = serde_json::from_str(row).unwrap();
                        v["total_flop"].as_f64().unwrap()
                    }
                };
                assert_eq!(got.to_bits(), want.to_bits(), "row {k}: {row}");
            }
        }
    }

    #[test]
    fn rows_stream_in_odometer_order() {
        let c = Catalog::embedded();
        let base = Base::of(
            &c.scenario(crate::presets::DEFAULT_SCENARIO)
                .unwrap()
                .scenario,
            &c,
        );
        let axes = [
            Axis::parse("gpus=1k..2k:2").unwrap(),
            Axis::parse("days=10..30:3").unwrap(),
        ];
        let mut out = Vec::new();
        let n = write(
            &base,
            &axes,
            &[Output::GpuHours],
            SweepFormat::Csv,
            &mut out,
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(n, 6);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "gpus,days,gpu_hours\n1000.0,10.0,240000.0\n1000.0,20.0,480000.0\n1000.0,30.0,720000.0\n\
             2000.0,10.0,480000.0\n2000.0,20.0,960000.0\n2000.0,30.0,1440000.0\n"
        );
    }
}
