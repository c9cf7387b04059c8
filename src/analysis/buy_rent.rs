//! Buy or rent with one budget (`eval --buy-or-rent $1B`): what the budget buys on each basis,
//! in the run and over the hardware's life, and the break-even that decides between them.
//! Computation only; [`render`] formats it.

use crate::analysis::evaluation::{Reference, basis_cost};
use crate::model::Field;
use crate::model::cost::CostBasis;
use crate::model::format as fmt;
use crate::model::solve::solve_affine;
use crate::model::units::{DAYS_PER_YEAR, HOURS_PER_DAY};
use crate::presets::{Scenario, Sourced, Status};

/// What one budget buys on one basis.
#[derive(Clone, Debug)]
pub struct BasisRow {
    pub basis: CostBasis,
    /// GPUs the budget pays for in the run (whole GPUs, rounded up as goal seek does).
    pub gpus: Option<f64>,
    pub run_flop: Option<f64>,
    /// FLOP over the hardware life: bought GPUs keep training after the run; a rent budget is
    /// spent in the run, so it is the run's FLOP.
    pub life_flop: Option<f64>,
    /// Why a cell is empty.
    pub note: Option<String>,
}

/// The comparison, with the break-even that decides it.
#[derive(Clone, Debug)]
pub struct BuyOrRent {
    pub budget: f64,
    pub scenario: String,
    pub life_years: Option<f64>,
    pub rows: Vec<BasisRow>,
    /// Days of renting one GPU that cost what buying it with its cluster share costs:
    /// `price × cluster overhead ÷ (rent × 24)`.
    pub break_even_days: Option<f64>,
    pub decides: String,
}

pub fn buy_or_rent(scenario: &Scenario, reference: &Reference, budget: f64) -> BuyOrRent {
    let life = scenario.amortization_years.as_ref().map(|s| s.value);
    let run_flop = |s: &Scenario| s.inputs().outputs().total_flop.0;
    let rows = CostBasis::ALL
        .iter()
        .map(|&basis| {
            let answer = solve_affine(Field::Gpus, budget, basis.word(), |x| {
                let mut s = scenario.clone();
                *s.sourced_mut(Field::Gpus) = Sourced::user_set(x);
                basis_cost(&s, reference, basis)
            });
            match answer {
                Ok(g) => {
                    let mut s = scenario.clone();
                    s.gpus.value = g;
                    let run = run_flop(&s);
                    let days = s.days.value;
                    let owned = matches!(basis, CostBasis::Gpus | CostBasis::Cluster);
                    let life_flop = if owned {
                        life.map(|y| run * y * DAYS_PER_YEAR / days)
                    } else {
                        Some(run)
                    };
                    BasisRow {
                        basis,
                        gpus: Some(g),
                        run_flop: Some(run),
                        life_flop,
                        note: (owned && life.is_none())
                            .then(|| "no hardware life: give --amortize-years".to_string()),
                    }
                }
                Err(e) => BasisRow {
                    basis,
                    gpus: None,
                    run_flop: None,
                    life_flop: None,
                    note: Some(e.to_string()),
                },
            }
        })
        .collect();
    let rent = scenario
        .rent_usd_per_gpu_hour
        .as_ref()
        .filter(|r| r.status != Status::Missing);
    let price = Some(&scenario.price_usd).filter(|p| p.status != Status::Missing);
    let k = crate::model::cost::cluster_overhead();
    let break_even_days = match (rent, price) {
        (Some(r), Some(p)) if r.value > 0.0 => Some(p.value * k / (r.value * HOURS_PER_DAY)),
        _ => None,
    };
    let decides = match (break_even_days, rent) {
        (Some(d), Some(r)) => {
            let tier = crate::analysis::cards::tier(&r.source);
            let life_text = match life {
                Some(y) if y * DAYS_PER_YEAR > d => format!(
                    "within a {}-year life buying wins if the cluster trains more than {} of it",
                    fmt::sig(y, 3),
                    fmt::percent(d / (y * DAYS_PER_YEAR))
                ),
                Some(y) => format!(
                    "a {}-year life is shorter than that: renting wins",
                    fmt::sig(y, 3)
                ),
                None => "set a hardware life (--amortize-years) to weigh it".into(),
            };
            format!(
                "a GPU bought with its cluster share ({}) costs what renting it for {} does (at \
                 {}/GPU-h{}); {life_text}. The rent, the price and the hardware life decide it.",
                fmt::usd(scenario.price_usd.value * k),
                fmt::days(d),
                fmt::usd(r.value),
                if tier.is_empty() {
                    String::new()
                } else {
                    format!(", {tier}")
                },
            )
        }
        _ => "no break-even: the scenario lacks a sourced rent or price".into(),
    };
    BuyOrRent {
        budget,
        scenario: scenario.title.clone(),
        life_years: life,
        rows,
        break_even_days,
        decides,
    }
}
