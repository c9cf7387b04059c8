//! `agi-compute feasible`: the largest training run each hard constraint allows in a year or a
//! range of years, with its 80 % interval and the constraint that binds first (Epoch AI's
//! "Can AI scaling continue through 2030?" model, see [`crate::analysis::feasibility`]).

use crate::analysis::feasibility::{Assumptions, H100_ID, Model, SAMPLES, SEED};
use crate::model::format as fmt;
use crate::presets::{Catalog, Precision};
use crate::report::Format;
use clap::Args;

/// `feasible --year Y | --years A..B [assumptions] [--format F]`.
#[derive(Args, Debug)]
pub struct FeasibleArgs {
    /// The year of the run (default 2030, the report's year).
    #[arg(long, value_parser = clap::value_parser!(u16).range(2000..=2100), conflicts_with = "years")]
    pub year: Option<u16>,
    /// A range of years, both ends included: 2025..2035.
    #[arg(long, value_parser = years, value_name = "A..B")]
    pub years: Option<(u16, u16)>,
    /// The largest single campus in every year, facility GW (default: the sites by year, then
    /// Epoch's 1–5 GW for 2030).
    #[arg(long, value_name = "GW", value_parser = positive)]
    pub campus_gw: Option<f64>,
    /// One developer's share of AI power and of chips (0.25 or 25%; default: Epoch's
    /// 20–50 % of power, 10–40 % of chips).
    #[arg(long, value_parser = share)]
    pub lab_share: Option<f64>,
    /// The share of that developer's power and chips one run uses (default 80 %).
    #[arg(long, value_parser = share)]
    pub training_share: Option<f64>,
    /// The run's length in months (default: Epoch's 2 to 9 months; the latency wall at the
    /// longest).
    #[arg(long, value_name = "MONTHS", value_parser = positive)]
    pub run_months: Option<f64>,
    /// The run's precision: FP8 as the report assumes for 2030, or BF16 (half the
    /// throughput of an H100-equivalent, and half the FLOP per joule).
    #[arg(long, value_enum, default_value = "fp8")]
    pub precision: PrecisionArg,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PrecisionArg {
    Fp8,
    Bf16,
}

fn years(s: &str) -> Result<(u16, u16), String> {
    let (a, b) = s
        .split_once("..")
        .ok_or_else(|| format!("'{s}' is not a range of years like 2025..2035"))?;
    let year = |t: &str| {
        t.trim()
            .parse::<u16>()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .ok_or_else(|| format!("'{t}' is not a year between 2000 and 2100"))
    };
    let (a, b) = (year(a)?, year(b)?);
    if a > b {
        return Err(format!("the range {a}..{b} runs backwards"));
    }
    Ok((a, b))
}

fn positive(s: &str) -> Result<f64, String> {
    match crate::model::parse::parse_quantity(s) {
        Ok(t) if t.value > 0.0 && t.value.is_finite() && !t.percent => Ok(t.value),
        Ok(_) => Err("must be a positive number".into()),
        Err(e) => Err(e.to_string()),
    }
}

fn share(s: &str) -> Result<f64, String> {
    match crate::model::parse::parse_quantity(s) {
        Ok(t) if t.value > 0.0 && t.value <= 1.0 => Ok(t.value),
        Ok(_) => Err("must be a share above 0 and at most 1 (0.25 or 25%)".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// The command's output and its format, or what is wrong with the input.
pub fn feasible_text(catalog: &Catalog, args: &FeasibleArgs) -> Result<(String, Format), String> {
    let precision = match args.precision {
        PrecisionArg::Fp8 => Precision::Fp8,
        PrecisionArg::Bf16 => Precision::Bf16,
    };
    let model = Model::of(catalog, precision)?;
    let data = model.data;
    let card = catalog
        .accelerator(H100_ID)
        .ok_or_else(|| format!("the catalog has no '{H100_ID}'"))?;
    let a = Assumptions {
        campus_gw: args.campus_gw,
        lab_share: args.lab_share,
        training_share: args.training_share,
        run_months: args.run_months,
    };
    let (from, to) = args.years.unwrap_or_else(|| {
        let y = args.year.unwrap_or(data.anchor_year);
        (y, y)
    });
    let ys = model.years(from..=to, &a, SAMPLES, SEED);
    let basis = format!(
        "{} H100-equivalents ({} TFLOP/s dense), run {}, {} draws, seed {}",
        card.peak_label(precision),
        fmt::sig(card.peak(precision).value, 4),
        args.run_months
            .map_or("2–9 months".to_string(), |m| format!(
                "{} months",
                fmt::sig(m, 3)
            )),
        SAMPLES,
        SEED
    );
    let single = args.years.is_none();
    Ok((
        crate::report::feasible::render(&ys, single, &basis, args.format),
        args.format,
    ))
}
