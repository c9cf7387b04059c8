//! `agi-compute feasible`: the largest training run each hard constraint allows in a year or a
//! range of years, with its 80 % interval and the constraint that binds first (Epoch AI's
//! "Can AI scaling continue through 2030?" model, see [`crate::analysis::feasibility`]).

use crate::analysis::feasibility::{
    Assumptions, Constraint, H100_ID, Model, SAMPLES, SEED, YearFeasibility,
};
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
    let text = match args.format {
        Format::Json => json(&ys, single, &basis),
        Format::Csv => csv(&ys),
        Format::Markdown if single => year_markdown(&ys[0], &basis),
        Format::Markdown => years_markdown(&ys, &basis),
        Format::Table if single => year_table(&ys[0], &basis),
        Format::Table => years_table(&ys, &basis),
    };
    Ok((text, args.format))
}

/// "2.05e29 (6.3e28–9.1e29)".
fn band(y: &YearFeasibility, c: Constraint) -> String {
    let r = y.row(c);
    format!(
        "{} ({}–{})",
        fmt::sci(r.median_flop, 3),
        fmt::sci(r.p10_flop, 2),
        fmt::sci(r.p90_flop, 2)
    )
}

/// The supply behind a constraint, in words.
fn supply(y: &YearFeasibility, c: Constraint) -> String {
    let v = y.row(c).inputs.first().map_or(f64::NAN, |i| i.1);
    match c {
        Constraint::Power | Constraint::PowerCampus => fmt::si(v * 1e9, "W"),
        Constraint::Chips => format!("{} H100e", fmt::count(v)),
        Constraint::Data => format!("{} tokens", fmt::sci(v, 2)),
        Constraint::Latency => format!("{} months", fmt::sig(v, 2)),
    }
}

fn heading(y: &YearFeasibility) -> String {
    format!(
        "Largest training run each constraint allows in {}{}",
        y.year,
        if y.extrapolated {
            " (extrapolated past the report's 2030)"
        } else {
            ""
        }
    )
}

fn binding_line(y: &YearFeasibility) -> String {
    format!(
        "binding: {} — the hard cap with the smallest median (one campus is shown, never binds: distributed power already allows several sites)",
        y.binding.key()
    )
}

/// The largest feasible run's price on the cluster basis, in words.
fn cost_line(y: &YearFeasibility) -> String {
    let r = &y.largest_run;
    format!(
        "largest feasible run: {} FLOP (the {} median) = {} H100e for {} months at {} each in {} \
         (the H100's price falling with price-performance) ≈ {} on the cluster basis (chips × {} for \
         servers and networking)",
        fmt::sci(r.flop, 3),
        y.binding.key(),
        fmt::count(r.h100e),
        fmt::sig(r.run_months, 3),
        fmt::usd(r.usd_per_h100e),
        y.year,
        fmt::usd(r.cluster_cost_usd),
        fmt::sig(crate::model::cost::cluster_overhead(), 3)
    )
}

fn notes(y: &YearFeasibility) -> String {
    let mut s = cost_line(y);
    s.push('\n');
    for soft in &y.soft {
        s.push_str(&format!(
            "soft: {} from {} — {}\n",
            soft.name,
            fmt::flop(soft.flop),
            soft.effect
        ));
    }
    s.push_str(&format!("bandwidth: {}\n", y.bandwidth));
    s
}

fn year_table(y: &YearFeasibility, basis: &str) -> String {
    let mut s = format!("{}\n{basis}\n\n", heading(y));
    s.push_str(&format!(
        "  {:<21}{:<30}{}\n",
        "constraint", "FLOP median (p10–p90)", "supply (median)"
    ));
    for c in Constraint::ALL {
        s.push_str(&format!(
            "  {:<21}{:<30}{}\n",
            c.label(),
            band(y, c),
            supply(y, c)
        ));
    }
    s.push('\n');
    s.push_str(&binding_line(y));
    s.push('\n');
    s.push_str(&notes(y));
    s
}

fn year_markdown(y: &YearFeasibility, basis: &str) -> String {
    let mut s = format!("**{}** — {basis}\n\n", heading(y));
    s.push_str("| constraint | median FLOP | p10 | p90 | supply (median) |\n");
    s.push_str("|---|---:|---:|---:|---|\n");
    for c in Constraint::ALL {
        let r = y.row(c);
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            c.label(),
            fmt::sci(r.median_flop, 3),
            fmt::sci(r.p10_flop, 3),
            fmt::sci(r.p90_flop, 3),
            supply(y, c)
        ));
    }
    s.push_str(&format!("\n{}\n\n", binding_line(y)));
    for line in notes(y).lines() {
        s.push_str(&format!("- {line}\n"));
    }
    s
}

fn years_table(ys: &[YearFeasibility], basis: &str) -> String {
    let mut s =
        format!("Largest training run each constraint allows, FLOP median (p10–p90)\n{basis}\n\n");
    s.push_str(&format!("{:<6}", "year"));
    for c in Constraint::ALL {
        s.push_str(&format!("{:<27}", c.key()));
    }
    s.push_str("binding       cluster cost\n");
    for y in ys {
        s.push_str(&format!(
            "{:<6}",
            format!("{}{}", y.year, if y.extrapolated { "*" } else { "" })
        ));
        for c in Constraint::ALL {
            s.push_str(&format!("{:<27}", band(y, c)));
        }
        s.push_str(&format!(
            "{:<14}{}\n",
            y.binding.key(),
            fmt::usd(y.largest_run.cluster_cost_usd)
        ));
    }
    if ys.iter().any(|y| y.extrapolated) {
        s.push_str("* extrapolated past the report's 2030\n");
    }
    s.push_str(
        "cluster cost: the largest feasible run (the binding median) on H100-equivalents of its \
         year, chips, servers and networking\n",
    );
    if let Some(y) = ys.first() {
        s.push('\n');
        s.push_str(&notes(y));
    }
    s
}

fn years_markdown(ys: &[YearFeasibility], basis: &str) -> String {
    let mut s = format!(
        "Largest training run each constraint allows, FLOP median (p10–p90) — {basis}\n\n| year |"
    );
    for c in Constraint::ALL {
        s.push_str(&format!(" {} |", c.key()));
    }
    s.push_str(" binding | largest run, cluster cost |\n|---|");
    for _ in Constraint::ALL {
        s.push_str("---|");
    }
    s.push_str("---|---:|\n");
    for y in ys {
        s.push_str(&format!(
            "| {}{} |",
            y.year,
            if y.extrapolated {
                " (extrapolated)"
            } else {
                ""
            }
        ));
        for c in Constraint::ALL {
            s.push_str(&format!(" {} |", band(y, c)));
        }
        s.push_str(&format!(
            " {} | {} |\n",
            y.binding.key(),
            fmt::usd(y.largest_run.cluster_cost_usd)
        ));
    }
    s
}

fn csv(ys: &[YearFeasibility]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["year".to_string()];
    for c in Constraint::ALL {
        for q in ["median_flop", "p10_flop", "p90_flop"] {
            header.push(format!("{}_{q}", c.key()));
        }
    }
    header.extend([
        "largest_run_h100e".into(),
        "largest_run_cluster_cost_usd".into(),
        "binding".into(),
        "extrapolated".into(),
    ]);
    // Writing to a Vec cannot fail.
    let _ = w.write_record(&header);
    for y in ys {
        let mut row = vec![y.year.to_string()];
        for c in Constraint::ALL {
            let r = y.row(c);
            for v in [r.median_flop, r.p10_flop, r.p90_flop] {
                row.push(format!("{v:e}"));
            }
        }
        let r = &y.largest_run;
        row.extend([
            format!("{:e}", r.h100e),
            format!("{:e}", r.cluster_cost_usd),
            y.binding.key().to_string(),
            y.extrapolated.to_string(),
        ]);
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn json(ys: &[YearFeasibility], single: bool, basis: &str) -> String {
    let value = |y: &YearFeasibility| {
        let mut v = serde_json::to_value(y).unwrap_or_default();
        if let Some(o) = v.as_object_mut() {
            o.insert("basis".into(), basis.into());
            if let Some(cs) = o.get_mut("constraints").and_then(|c| c.as_array_mut()) {
                for c in cs {
                    // Inputs as an object: {"gw": 8.2}.
                    if let Some(inputs) = c.get("inputs").and_then(|i| i.as_array()).cloned() {
                        let map: serde_json::Map<String, serde_json::Value> = inputs
                            .iter()
                            .filter_map(|p| {
                                Some((p.get(0)?.as_str()?.to_string(), p.get(1)?.clone()))
                            })
                            .collect();
                        c["inputs"] = map.into();
                    }
                }
            }
        }
        v
    };
    let out = if single {
        ys.first().map(value).unwrap_or_default()
    } else {
        serde_json::Value::Array(ys.iter().map(value).collect())
    };
    format!("{out:#}\n")
}
