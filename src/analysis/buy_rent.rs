//! Buy or rent with one budget (`eval --buy-or-rent $1B`): what the budget buys on each basis,
//! in the run and over the hardware's life, and the break-even that decides between them.
//! Computation only; [`render`] formats it.
//!
//! Buying is answered on the cluster basis with its power: the budget pays for the chips, their
//! servers and network, and the electricity to run them over the hardware's life. Bare GPUs are
//! shown beside it, but a budget cannot train on chips alone. Without `--amortize-years` the life
//! is the one Epoch AI's amortized cost implies ([`Reference::epoch_hardware_life_years`]).
//!
//! [`render`]: crate::report::buy_rent::render

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
    /// Electricity the budget sets aside: on the cluster basis, the GPUs' power over the life.
    pub energy_usd: Option<f64>,
    /// Why a cell is empty, or what the row counts.
    pub note: Option<String>,
}

/// Where the hardware life comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LifeFrom {
    /// `--amortize-years` or the scenario's own `amortization_years`.
    Scenario,
    /// Epoch AI's replacement rate (the default).
    Epoch,
}

impl LifeFrom {
    /// Whose life it is, in a word or two.
    pub fn short(self) -> &'static str {
        match self {
            LifeFrom::Scenario => "the scenario's",
            LifeFrom::Epoch => "Epoch AI's",
        }
    }

    /// Where a life of `years` comes from, in words.
    pub fn text(self, years: f64) -> String {
        match self {
            LifeFrom::Scenario => "the scenario's (--amortize-years)".into(),
            // The life is 1 / (k ln 10): k read back from it rather than restated.
            LifeFrom::Epoch => format!(
                "Epoch AI's: 1 / ({} OOM/yr × ln 10), the replacement rate its amortized cost \
                 charges (Cottier et al., arXiv 2405.21015; presets/epoch_costs.ron)",
                fmt::sig(1.0 / (years * std::f64::consts::LN_10), 3)
            ),
        }
    }
}

/// The comparison, with the break-even that decides it.
#[derive(Clone, Debug)]
pub struct BuyOrRent {
    pub budget: f64,
    pub scenario: String,
    pub life_years: Option<f64>,
    pub life_from: Option<LifeFrom>,
    /// Electricity for one GPU-hour at the scenario's price, PUE and card power.
    pub energy_usd_per_gpu_hour: f64,
    pub rows: Vec<BasisRow>,
    /// Days of renting one GPU that cost what buying it with its cluster share and running it
    /// costs: `price × cluster overhead ÷ ((rent − energy) × 24)`. The bought GPU pays its own
    /// electricity each hour, a rented one's is in the rent.
    pub break_even_days: Option<f64>,
    pub decides: String,
}

pub fn buy_or_rent(scenario: &Scenario, reference: &Reference, budget: f64) -> BuyOrRent {
    let (life, life_from) = match &scenario.amortization_years {
        Some(y) => (Some(y.value), Some(LifeFrom::Scenario)),
        None => match reference.epoch_hardware_life_years() {
            Some(y) => (Some(y), Some(LifeFrom::Epoch)),
            None => (None, None),
        },
    };
    // Every basis is priced with the same life, the amortized one included.
    let mut scenario = scenario.clone();
    if let (None, Some(y)) = (&scenario.amortization_years, life) {
        scenario.amortization_years = Some(Sourced {
            value: y,
            status: Status::Derived,
            source: LifeFrom::Epoch.text(y).into(),
            low: None,
            high: None,
            note: None,
        });
    }
    let scenario = &scenario;
    let energy = scenario.inputs().energy_usd_per_gpu_hour();
    let life_hours = life.map(|y| y * DAYS_PER_YEAR * HOURS_PER_DAY);
    let run_flop = |s: &Scenario| s.inputs().outputs().total_flop.0;
    let rows = CostBasis::ALL
        .iter()
        .map(|&basis| {
            // The cluster is bought with the power to run it over its life.
            let powered = basis == CostBasis::Cluster;
            let energy_per_gpu = life_hours.filter(|_| powered).map(|h| energy * h);
            let answer = solve_affine(Field::Gpus, budget, basis.word(), |x| {
                let mut s = scenario.clone();
                *s.sourced_mut(Field::Gpus) = Sourced::user_set(x);
                Some(basis_cost(&s, reference, basis)? + x * energy_per_gpu.unwrap_or(0.0))
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
                    let note = match (basis, life) {
                        (CostBasis::Gpus, _) => Some(
                            "chips alone: no servers, network or power (the cluster row is the \
                             buy answer)"
                                .to_string(),
                        ),
                        (CostBasis::Cluster, Some(y)) => Some(format!(
                            "the buy answer: chips, servers, network and {} of power over {} \
                             years",
                            fmt::usd(g * energy_per_gpu.unwrap_or(0.0)),
                            fmt::sig(y, 3)
                        )),
                        (CostBasis::Cluster, None) => {
                            Some("no hardware life: give --amortize-years".to_string())
                        }
                        _ => None,
                    };
                    BasisRow {
                        basis,
                        gpus: Some(g),
                        run_flop: Some(run),
                        life_flop,
                        energy_usd: energy_per_gpu.map(|e| g * e),
                        note,
                    }
                }
                Err(e) => BasisRow {
                    basis,
                    gpus: None,
                    run_flop: None,
                    life_flop: None,
                    energy_usd: None,
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
    let k = scenario.inputs().cluster_overhead;
    let break_even_days = match (rent, price) {
        (Some(r), Some(p)) if r.value > energy => {
            Some(p.value * k / ((r.value - energy) * HOURS_PER_DAY))
        }
        _ => None,
    };
    let power_text = format!(
        "{}/GPU-h of power at {}/kWh",
        fmt::usd(energy),
        fmt::usd(scenario.usd_per_kwh.value)
    );
    let decides = match (break_even_days, rent) {
        (Some(d), Some(r)) => {
            let tier = crate::analysis::cards::tier(&r.source);
            let life_text = match (life, life_from) {
                (Some(y), Some(from)) => {
                    let share = d / (y * DAYS_PER_YEAR);
                    let verdict = if share < 1.0 {
                        format!(
                            "buying wins if the cluster trains more than {} of it",
                            fmt::percent(share)
                        )
                    } else {
                        "that is longer than the life: renting wins".to_string()
                    };
                    format!(
                        "over a {}-year life ({}), {verdict}",
                        fmt::sig(y, 3),
                        from.short()
                    )
                }
                _ => "set a hardware life (--amortize-years) to weigh it".into(),
            };
            format!(
                "a GPU bought with its cluster share ({}) and run at {power_text} costs what \
                 renting it for {} does (at {}/GPU-h{}); {life_text}. The rent, the price, the \
                 electricity and the hardware life decide it.",
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
        (None, Some(r)) if price.is_some() => format!(
            "renting at {}/GPU-h costs no more than running a bought GPU ({power_text}): \
             renting wins",
            fmt::usd(r.value)
        ),
        _ => "no break-even: the scenario lacks a sourced rent or price".into(),
    };
    BuyOrRent {
        budget,
        scenario: scenario.title.clone(),
        life_years: life,
        life_from,
        energy_usd_per_gpu_hour: energy,
        rows,
        break_even_days,
        decides,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets::Catalog;

    /// The default scenario with a hand-checkable card: $30 k, $2/GPU-h, 700 W, PUE 1.1,
    /// $0.08/kWh, no hardware life of its own.
    fn setup() -> (Scenario, Reference) {
        let c = Catalog::embedded();
        let mut s = c
            .scenario(crate::presets::DEFAULT_SCENARIO)
            .map(|e| e.scenario.clone())
            .expect("default scenario");
        for (f, v) in [
            (Field::Price, 30_000.0),
            (Field::Rent, 2.0),
            (Field::Watts, 700.0),
            (Field::Pue, 1.1),
            (Field::KwhPrice, 0.08),
        ] {
            *s.sourced_mut(f) = Sourced::user_set(v);
        }
        s.amortization_years = None;
        assert_eq!(s.inputs().years_ahead(), 0.0);
        (s, Reference::new(&c))
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * b.abs()
    }

    #[test]
    fn without_a_life_epochs_applies_and_power_enters_the_break_even() {
        let (s, r) = setup();
        let b = buy_or_rent(&s, &r, 1e9);
        // Epoch's life: 1 / (0.14 × ln 10) = 1 / 0.3223619 = 3.1021034 years.
        assert_eq!(b.life_from, Some(LifeFrom::Epoch));
        assert!(close(b.life_years.unwrap(), 3.102_103_442_166_084));
        // Power: 700 W × 1.1 / 1000 × $0.08 = $0.0616 per GPU-hour.
        assert!(close(b.energy_usd_per_gpu_hour, 0.0616));
        // Break-even: $30 k × 1.64 / 0.81 = $60,740.74 of cluster per GPU (Epoch AI's H100
        // family); renting saves $2 − $0.0616 = $1.9384 an hour over running it → 31,335.5 h =
        // 1,305.65 days.
        assert!(close(b.break_even_days.unwrap(), 1_305.645_995_424_507));
        // 1,305.6 days is longer than 3.10 × 365.25 = 1,133.0: renting wins.
        assert!(b.decides.contains("renting wins"), "{}", b.decides);
        assert!(b.decides.contains("Epoch AI's"), "{}", b.decides);
    }

    #[test]
    fn the_buy_answer_is_the_cluster_with_its_power_over_the_life() {
        let (s, r) = setup();
        let b = buy_or_rent(&s, &r, 1e9);
        let cluster = b
            .rows
            .iter()
            .find(|row| row.basis == CostBasis::Cluster)
            .unwrap();
        // Per GPU: $60,740.74 of cluster + $0.0616 × 3.1021 years × 8,766 h = $1,675.09 of power
        // = $62,415.83; $1 B buys 16,021.6 → 16,022 GPUs, whose power is $26,838,311.
        assert_eq!(cluster.gpus, Some(16_022.0));
        assert!(close(cluster.energy_usd.unwrap(), 26_838_311.021_828_45));
        assert!(
            cluster
                .note
                .as_deref()
                .unwrap()
                .starts_with("the buy answer")
        );
        // Bare chips buy more GPUs, and say they are not the answer.
        let chips = b
            .rows
            .iter()
            .find(|row| row.basis == CostBasis::Gpus)
            .unwrap();
        assert_eq!(chips.gpus, Some((1e9_f64 / 30_000.0).ceil()));
        assert_eq!(chips.energy_usd, None);
        assert!(
            chips
                .note
                .as_deref()
                .unwrap()
                .contains("no servers, network or power")
        );
        // The amortized basis is priced with the same life rather than left empty.
        let amortized = b
            .rows
            .iter()
            .find(|row| row.basis == CostBasis::Amortized)
            .unwrap();
        assert!(amortized.gpus.is_some(), "{:?}", amortized.note);
    }

    #[test]
    fn a_given_life_wins_over_epochs() {
        let (mut s, r) = setup();
        *s.sourced_mut(Field::AmortYears) = Sourced::user_set(4.0);
        let b = buy_or_rent(&s, &r, 1e9);
        assert_eq!(b.life_from, Some(LifeFrom::Scenario));
        assert_eq!(b.life_years, Some(4.0));
        // 1,305.65 days of 4 × 365.25 = 1,461 → 89.4 %.
        assert!(b.decides.contains("more than 89.4 %"), "{}", b.decides);
    }

    #[test]
    fn a_rent_below_the_power_bill_has_no_break_even() {
        let (mut s, r) = setup();
        *s.sourced_mut(Field::Rent) = Sourced::user_set(0.05);
        let b = buy_or_rent(&s, &r, 1e9);
        assert_eq!(b.break_even_days, None);
        assert!(b.decides.contains("renting wins"), "{}", b.decides);
    }
}
