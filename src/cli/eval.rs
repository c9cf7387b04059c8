//! `agi-compute eval`: one scenario headless — its results, a goal solved, its sensitivity or
//! the buy-or-rent comparison — in every report format.

use super::scenarios::Scenarios;
use super::{Cli, CliError, Command, scenario_with_flags, warn_problems};
use crate::analysis::evaluation::{Evaluation, Reference, Solved};
use crate::analysis::goal::Goal;
use crate::analysis::lineup::Lineup;
use crate::model::cost::CostBasis;
use crate::model::solve::{SOLVABLE, Target, solve};
use crate::model::{Field, Output, Usd, format as fmt};
use crate::presets::pick::{InputFlags, SourceArgs, mark_modified};
use crate::presets::{Catalog, Sourced};
use crate::report::Format;
use crate::report::table::{Report, side_by_side};
use crate::report::{Depth, eval_report, lineup};
use clap::{Args, Parser};
use std::any::Any;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct EvalArgs {
    #[command(flatten)]
    pub scenarios: Scenarios,
    #[command(flatten)]
    pub inputs: InputFlags,
    /// Which input matters most for this output (its JSON key: total_flop, fleet_cost_usd,
    /// power_mw, …): each input moved across its range, or ±20 %, ranked by the swing.
    #[arg(long, value_name = "OUTPUT", value_parser = output_key, conflicts_with = "solve")]
    pub sensitivity: Option<Output>,
    /// Goal seek: solve this input so the run reaches the target.
    #[arg(long, value_name = "INPUT", requires = "target", value_parser = solvable())]
    pub solve: Option<Field>,
    /// Target training compute in FLOP (1e27), with --solve.
    #[arg(long, allow_negative_numbers = true, value_name = "FLOP", group = "target", requires = "solve", value_parser = positive)]
    pub target_flop: Option<f64>,
    /// Target as a multiple of a milestone (with --milestone and --solve).
    #[arg(
        long,
        allow_negative_numbers = true,
        value_name = "R",
        group = "target",
        requires_all = ["milestone", "solve"],
        value_parser = positive
    )]
    pub target_ratio: Option<f64>,
    /// Milestone id or name for --target-ratio (llama-3.1-405b).
    #[arg(long, value_name = "NAME", requires = "target_ratio")]
    pub milestone: Option<String>,
    /// Target cost in USD ($5B; always dollars), with --solve: on --basis (default: the GPUs'
    /// purchase price).
    #[arg(long, allow_negative_numbers = true, value_name = "USD", group = "target", requires = "solve", value_parser = positive)]
    pub budget: Option<f64>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// The cost --budget buys: gpus (purchase), cluster, rent, amortized or epoch-amortized.
    #[arg(long, value_enum, value_name = "BASIS", requires = "budget")]
    pub basis: Option<BasisArg>,
    /// Target: a compute-optimal model of this many parameters (10T): C = 6·N·D with D = 20·N
    /// tokens, or D = --tokens.
    #[arg(long, allow_negative_numbers = true, value_name = "N", group = "target", requires = "solve", value_parser = positive)]
    pub target_params: Option<f64>,
    /// Target: the run's facility power (1GW, 500MW): the largest run within it, with
    /// --solve gpus (or share).
    #[arg(long, allow_negative_numbers = true, value_name = "POWER", group = "target", requires = "solve", value_parser = power)]
    pub power: Option<f64>,
    /// Target: a goodput to keep (90% or 0.9), with --solve gpus (the largest synchronous
    /// run), failure-rate, checkpoint or restart.
    #[arg(long, allow_negative_numbers = true, value_name = "SHARE", group = "target", requires = "solve", value_parser = goodput)]
    pub goodput: Option<f64>,
    /// Target: tokens the inference share serves a day (1e15), with --solve gpus: the
    /// smallest fleet that serves them at the serving batch and context.
    #[arg(long, allow_negative_numbers = true, value_name = "TOKENS", group = "target", requires = "solve", value_parser = positive)]
    pub target_tokens_per_day: Option<f64>,
    /// With a FLOP target (--target-flop, --target-ratio, --target-params): the run's useful
    /// FLOP (after failures) must reach it, not its training FLOP.
    #[arg(long)]
    pub useful: bool,
    /// Training tokens for --target-params, instead of the compute-optimal 20 per parameter.
    #[arg(long, allow_negative_numbers = true, value_name = "D", requires = "target_params", value_parser = positive)]
    pub tokens: Option<f64>,
    /// With --format csv: one row per scenario (name, every input, every output, its band)
    /// under a header that is the same for every scenario.
    #[arg(long)]
    pub wide: bool,
    /// With --wide: the rows alone, for appending to a sheet.
    #[arg(long, requires = "wide")]
    pub no_header: bool,
    /// The short answer: the headline results, the year's verdicts, the binding limit and the
    /// nearest known runs above and below (table or Markdown).
    #[arg(long)]
    pub brief: bool,
    /// Only these sections of the table or Markdown, in their usual order: inputs, results,
    /// trends, serving, limits, milestones, sources (with --brief: results, trends, limits,
    /// runs).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub sections: Vec<String>,
    /// Buy or rent with this budget ($1B): the GPUs and FLOP it buys on every cost basis, in
    /// the run and over the hardware life, and the break-even that decides it.
    #[arg(long, allow_negative_numbers = true, value_name = "USD", conflicts_with_all = ["solve", "wide"], value_parser = positive)]
    pub buy_or_rent: Option<f64>,
}

/// A cost basis as typed after `--basis`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BasisArg {
    /// The GPUs' purchase price.
    #[value(alias = "buy")]
    Gpus,
    /// GPUs, servers and networking.
    Cluster,
    /// The run's GPU-hours at the rent per GPU-hour.
    Rent,
    /// The run's share of the cluster over the hardware life, plus energy.
    Amortized,
    /// Epoch AI's amortized method.
    EpochAmortized,
}

impl BasisArg {
    pub fn basis(self) -> crate::model::cost::CostBasis {
        use crate::model::cost::CostBasis;
        match self {
            BasisArg::Gpus => CostBasis::Gpus,
            BasisArg::Cluster => CostBasis::Cluster,
            BasisArg::Rent => CostBasis::Rent,
            BasisArg::Amortized => CostBasis::Amortized,
            BasisArg::EpochAmortized => CostBasis::EpochAmortized,
        }
    }
}

/// The inputs goal seek can solve for, by their flag names (`gpus`, `failure-rate`): the list
/// the explorer's `g` offers too.
fn solvable() -> impl clap::builder::TypedValueParser<Value = Field> {
    use clap::builder::TypedValueParser;
    let name = |f: Field| f.spec().flag.trim_start_matches("--");
    clap::builder::PossibleValuesParser::new(SOLVABLE.map(name)).map(move |typed| {
        // The parser accepts only these names, so one matches.
        SOLVABLE
            .into_iter()
            .find(|&f| name(f) == typed)
            .unwrap_or(SOLVABLE[0])
    })
}

/// An output by its JSON key, as `--sensitivity` takes it.
fn output_key(s: &str) -> Result<Output, String> {
    Output::from_key(s.trim()).ok_or_else(|| {
        let keys: Vec<&str> = Output::ALL.iter().map(|o| o.spec().key).collect();
        format!("'{s}' is not an output; one of: {}", keys.join(", "))
    })
}

/// A positive number in any of the human forms.
/// A goodput, strictly between 0 and 100 %: `90%` or `0.9`.
fn goodput(s: &str) -> Result<f64, String> {
    match crate::analysis::goal::parse_fraction(s) {
        Ok(g) if g > 0.0 && g < 1.0 => Ok(g),
        Ok(_) => Err("must be between 0 and 100 % (90% or 0.9)".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// A power with its unit, in MW: `1GW`, `500MW`, `300 kW`.
fn power(s: &str) -> Result<f64, String> {
    match crate::analysis::goal::parse_power(&s.to_ascii_lowercase()) {
        Some(Ok(mw)) if mw > 0.0 && mw.is_finite() => Ok(mw),
        Some(Ok(_)) => Err("must be a positive power".into()),
        Some(Err(e)) => Err(e.to_string()),
        None => Err(format!("'{s}' needs a unit: 1GW, 500MW or 300kW")),
    }
}

pub(super) fn positive(s: &str) -> Result<f64, String> {
    match crate::model::parse::parse_quantity(s) {
        Ok(t) if t.value > 0.0 && t.value.is_finite() => Ok(t.value),
        Ok(t) if t.value.is_infinite() => Err(format!(
            "'{s}' is too large: it overflows a 64-bit float (at most about 1.8e308)"
        )),
        Ok(_) => Err("must be a positive number".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// `eval`'s output, not yet printed, with what it was worked out from.
pub(super) struct Evaluated {
    pub text: String,
    pub format: Format,
    /// The catalogs, evaluations and report behind `text`, handed back rather than dropped:
    /// the binary ends with the output and leaves them to the system, which takes the memory
    /// back whole (freeing the catalog's thousands of values one by one cost a fifth as much
    /// as reading them); a caller that runs on (the tests, the fuzzer) drops them.
    pub memory: Vec<Box<dyn Any>>,
}

impl Evaluated {
    fn new(text: String, format: Format) -> Evaluated {
        Evaluated {
            text,
            format,
            memory: Vec::new(),
        }
    }
}

/// `eval`'s output, not yet printed (preset warnings go to stderr): one scenario, or several
/// side by side (a column each in the table and Markdown, a row each in the wide CSV, a list in
/// JSON).
pub(super) fn eval_text(
    presets: &Option<PathBuf>,
    top: &SourceArgs,
    args: &EvalArgs,
) -> Result<Evaluated, CliError> {
    if args.wide && args.format != Format::Csv {
        return Err(CliError::Invalid(
            "--wide is a CSV layout: give --format csv".into(),
        ));
    }
    let picking = args.brief || !args.sections.is_empty();
    if picking && !matches!(args.format, Format::Table | Format::Markdown) {
        return Err(CliError::Invalid(
            "--brief and --sections pick parts of the table or the Markdown: give --format table or markdown"
                .into(),
        ));
    }
    let sources = args.scenarios.sources(top);
    if sources.len() > 1 && (args.sensitivity.is_some() || args.buy_or_rent.is_some()) {
        return Err(CliError::Invalid(
            "--sensitivity and --buy-or-rent answer for one scenario: give one".into(),
        ));
    }
    let mut evals = Vec::new();
    for (label, source) in &sources {
        let (catalog, scenario) = scenario_with_flags(presets, source, &args.inputs)?;
        if let Some(output) = args.sensitivity {
            warn_problems(&catalog);
            let t = crate::analysis::sensitivity::sensitivity(
                &scenario,
                &catalog,
                &Reference::new(&catalog),
                output,
            )
            .ok_or_else(|| {
                CliError::Invalid(format!(
                    "--sensitivity {}: the output is not computed for this scenario ({})",
                    output.spec().key,
                    output
                        .spec()
                        .absent
                        .unwrap_or("an input it reads has no sourced value")
                ))
            })?;
            return Ok(Evaluated::new(
                crate::report::sensitivity(&t, args.format),
                args.format,
            ));
        }
        if let Some(budget) = args.buy_or_rent {
            warn_problems(&catalog);
            let b = crate::analysis::buy_rent::buy_or_rent(
                &scenario,
                &Reference::new(&catalog),
                budget,
            );
            return Ok(Evaluated::new(
                crate::report::buy_rent::render(&b, args.format),
                args.format,
            ));
        }
        let eval = evaluate(args, &catalog, scenario)?;
        if evals.is_empty() {
            warn_problems(&catalog);
        }
        let label = label.clone().unwrap_or_else(|| eval.name.clone());
        evals.push((label, eval, catalog));
    }
    let depth = if args.brief {
        Depth::Brief
    } else {
        Depth::Full
    };
    let report_of = |e: &Evaluation, c: &Catalog| -> Result<Report, CliError> {
        let mut r = eval_report(e, c, depth);
        if !args.sections.is_empty() {
            r.keep(&args.sections).map_err(CliError::Invalid)?;
        }
        Ok(r)
    };
    if let [(label, e, c)] = evals.as_slice() {
        let mut report = None;
        let text = match args.format {
            Format::Csv if args.wide => wide_rows(args, &[(label.as_str(), e)]),
            Format::Table | Format::Markdown => report.insert(report_of(e, c)?).render(args.format),
            Format::Json => format!("{:#}\n", crate::report::to_json(e, c)),
            Format::Csv => crate::report::to_csv(e),
        };
        let mut memory: Vec<Box<dyn Any>> = vec![Box::new(evals)];
        memory.extend(report.map(|r| Box::new(r) as Box<dyn Any>));
        return Ok(Evaluated {
            text,
            format: args.format,
            memory,
        });
    }
    // Several scenarios: one lineup, as the explorer's comparison builds it, that every
    // format reads.
    let basis = args.basis.map_or(CostBasis::Gpus, BasisArg::basis);
    let (named, catalogs): (Vec<(String, Evaluation)>, Vec<Catalog>) =
        evals.into_iter().map(|(l, e, c)| ((l, e), c)).unzip();
    let lineup = Lineup::new(basis, named);
    let columns = || lineup.columns.iter().zip(&catalogs);
    let text = match args.format {
        Format::Csv if args.wide => wide_rows(
            args,
            &lineup
                .columns
                .iter()
                .map(|c| (c.label.as_str(), &c.evaluation))
                .collect::<Vec<_>>(),
        ),
        Format::Json => format!(
            "{:#}\n",
            serde_json::Value::Array(
                columns()
                    .enumerate()
                    .map(|(i, (col, c))| {
                        let mut v = crate::report::to_json(&col.evaluation, c);
                        let differs: Vec<&str> = i
                            .checked_sub(1)
                            .and_then(|i| lineup.differences.get(i))
                            .map_or(Vec::new(), |d| d.iter().map(|x| x.key()).collect());
                        v["compare"] = serde_json::json!({
                            "column": col.letter,
                            "inputs_differ_from_a": differs,
                        });
                        v
                    })
                    .collect()
            )
        ),
        Format::Csv => crate::report::csv_long_many(
            &lineup
                .columns
                .iter()
                .map(|c| (c.label.as_str(), &c.evaluation))
                .collect::<Vec<_>>(),
        ),
        Format::Table | Format::Markdown => {
            let named = columns()
                .map(|(col, c)| Ok((lineup::heading(col), report_of(&col.evaluation, c)?)))
                .collect::<Result<Vec<_>, CliError>>()?;
            let mut r = side_by_side(format!("{} scenarios side by side", named.len()), &named);
            // The results as the compare panel lists them.
            for s in r.sections.iter_mut().filter(|s| s.key == "results") {
                *s = lineup::results(&lineup, args.brief);
            }
            r.render(args.format)
        }
    };
    Ok(Evaluated {
        text,
        format: args.format,
        memory: vec![Box::new(catalogs)],
    })
}

/// The wide CSV of `named`, without its header under `--no-header`.
fn wide_rows(args: &EvalArgs, named: &[(&str, &Evaluation)]) -> String {
    let sheet = crate::report::csv_wide(named).csv();
    let skip = if args.no_header {
        sheet.find('\n').map_or(0, |i| i + 1)
    } else {
        0
    };
    sheet[skip..].to_string()
}

/// One scenario evaluated: its goal solved first when `--solve` asks, its one-line string set.
fn evaluate(
    args: &EvalArgs,
    catalog: &Catalog,
    mut scenario: crate::presets::Scenario,
) -> Result<Evaluation, CliError> {
    let solved = match args.solve {
        Some(field) => {
            let (target, said) = goal(args)?
                .resolve(catalog)
                .map_err(|e| CliError::Invalid(format!("--solve: {e}")))?;
            let basis = args.basis.map(BasisArg::basis);
            let value = match (target, basis) {
                (Target::Budget(Usd(b)), Some(basis))
                    if basis != crate::model::cost::CostBasis::Gpus =>
                {
                    // Say which input the basis lacks, and the flag that sets it.
                    if let Some(f) = crate::analysis::evaluation::basis_lacks(&scenario, basis) {
                        return Err(CliError::Invalid(format!(
                            "--basis {}: the scenario has no {} ({})",
                            basis.word(),
                            f.name(),
                            f.spec().flag
                        )));
                    }
                    crate::analysis::evaluation::solve_on_basis(
                        &scenario,
                        &Reference::new(catalog),
                        field,
                        b,
                        basis,
                    )
                }
                _ => solve(&catalog.inputs(&scenario), field, target),
            }
            .map_err(|e| {
                CliError::Invalid(format!(
                    "--solve {}: {said}: {e}",
                    field.spec().flag.trim_start_matches("--")
                ))
            })?;
            scenario.set_input(
                field,
                Sourced {
                    source: format!("goal seek for {said}").into(),
                    ..Sourced::user_set(value)
                },
            );
            mark_modified(&mut scenario, &format!("{} solved", field.name()));
            Some(Solved {
                field,
                value,
                target: said,
            })
        }
        None => None,
    };
    let mut eval = Evaluation::new(&scenario, catalog, &Reference::new(catalog));
    eval.solved = solved;
    eval.scenario_string = Some(crate::presets::scenario_string::encode(&scenario, catalog));
    Ok(eval)
}

/// `agi-compute eval ARGS…` as the binary would run it, with its output returned instead of
/// printed: the whole argument list in, the text (or the error message) out. For the fuzzer.
pub fn eval_captured(args: &[String]) -> Result<String, String> {
    let argv = ["agi-compute".to_string(), "eval".to_string()]
        .into_iter()
        .chain(args.iter().cloned());
    let cli = Cli::try_parse_from(argv).map_err(|e| e.to_string())?;
    match &cli.command {
        Some(Command::Eval(a)) => match eval_text(&cli.presets, &cli.source, a.as_ref()) {
            Ok(e) if e.format == Format::Json => Ok(fmt::json_safe(&e.text).into_owned()),
            Ok(e) => Ok(fmt::sanitise(&e.text, true)),
            Err(CliError::Invalid(m) | CliError::Failed(m)) => Err(m),
        },
        _ => Err("not an eval command".into()),
    }
}

/// The goal of `eval --solve` as the flags state it (clap lets exactly one target through).
fn goal(args: &EvalArgs) -> Result<Goal, CliError> {
    let goal = if let Some(f) = args.target_flop {
        Goal::Flop(f)
    } else if let Some(usd) = args.budget {
        let basis = args.basis.map_or(CostBasis::Gpus, BasisArg::basis);
        Goal::Budget { usd, basis }
    } else if let Some(g) = args.goodput {
        Goal::Goodput(g)
    } else if let Some(mw) = args.power {
        Goal::PowerMw(mw)
    } else if let Some(t) = args.target_tokens_per_day {
        Goal::TokensPerDay(t)
    } else if let Some(params) = args.target_params {
        Goal::Params {
            params,
            tokens: args.tokens,
        }
    } else if let (Some(times), Some(milestone)) = (args.target_ratio, &args.milestone) {
        Goal::Ratio {
            times,
            milestone: milestone.clone(),
        }
    } else {
        return Err(CliError::Invalid(
            "--solve needs --target-flop, --target-ratio with --milestone, --target-params, --power, --goodput, --target-tokens-per-day or --budget"
                .into(),
        ));
    };
    Ok(if args.useful {
        Goal::Useful(Box::new(goal))
    } else {
        goal
    })
}
