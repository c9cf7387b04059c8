//! Time and allocation: projecting a scenario to another year with hardware and algorithmic
//! trends, and splitting the fleet's year between the final run, experiments and inference.
//!
//! Definitions (README "Year and trends", "Allocation and inference"), with `Δ = year − base
//! year`: FLOP/s per dollar × `10^(pp·Δ)` (price-performance, orders of magnitude a year); FLOP
//! per joule × `10^(ee·Δ)`; effective compute = physical × `2^(12·Δ / halving months)` (the
//! compute a base-year algorithm would need for the same result). The notional card of the
//! year keeps its price, so its peak grows by the price-performance factor and its watts by
//! that factor over the energy-efficiency factor. At `Δ = 0` every factor is exactly 1, so
//! the base year reproduces the scenario bit for bit. The numbers themselves live in
//! `presets/trends.ron` with their sources, which hands them to the model as [`Rates`].

use super::field::Field;
use super::units::DAYS_PER_YEAR;
use serde::Serialize;

/// Trend rates and the default split of a fleet's year.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Rates {
    /// Hardware price-performance, orders of magnitude of FLOP/s per dollar a year.
    pub price_performance_ooms: f64,
    /// Hardware energy efficiency, orders of magnitude of FLOP per joule a year.
    pub energy_efficiency_ooms: f64,
    /// Months in which algorithmic progress halves the compute a given result needs.
    pub algorithmic_halving_months: f64,
    /// The default split of a fleet's year: final run, experiments, inference (sums to 1).
    /// A share slider falls back to it when the other two shares are both zero.
    pub split: [f64; 3],
}

impl Rates {
    /// Round rates for hand-checked unit tests of the model (the product reads
    /// `presets/trends.ron`).
    #[cfg(test)]
    pub(crate) const EXAMPLE: Rates = Rates {
        price_performance_ooms: 0.14,
        // ×1.28 a year.
        energy_efficiency_ooms: 0.107_209_969_647_868_37,
        algorithmic_halving_months: 8.0,
        split: [0.48 / 6.98, 4.5 / 6.98, 2.0 / 6.98],
    };

    /// FLOP/s per dollar after `years`: `10^(pp·years)`.
    pub fn hardware_factor(&self, years: f64) -> f64 {
        growth(10.0, self.price_performance_ooms * years)
    }

    /// FLOP per joule after `years`: `10^(ee·years)`.
    pub fn energy_factor(&self, years: f64) -> f64 {
        growth(10.0, self.energy_efficiency_ooms * years)
    }

    /// Base-year-algorithm FLOP per physical FLOP after `years`: `2^(12·years / halving)`.
    pub fn algorithmic_factor(&self, years: f64) -> f64 {
        growth(2.0, 12.0 * years / self.algorithmic_halving_months)
    }

    /// Growth rate of what a fixed budget achieves, per year (natural log): hardware
    /// price-performance plus algorithmic progress.
    pub fn growth_rate(&self) -> f64 {
        self.price_performance_ooms * std::f64::consts::LN_10
            + 12.0 / self.algorithmic_halving_months * std::f64::consts::LN_2
    }

    /// The longest run worth starting now, in days: `1 / growth rate` years. A run that starts
    /// later on better hardware and algorithms and finishes at the same date does more
    /// effective work once the planned run is longer than this (Epoch AI, "The longest
    /// training run", 2022: maximise `e^(g·s)·(T − s)` over the start `s`, which gives
    /// `T − s = 1/g`).
    pub fn longest_useful_run_days(&self) -> f64 {
        DAYS_PER_YEAR / self.growth_rate()
    }
}

/// `base^exponent`, skipping the power at the base year: every output computes it several
/// times and the Monte Carlo calls the outputs thousands of times a keypress.
fn growth(base: f64, exponent: f64) -> f64 {
    if exponent == 0.0 {
        1.0
    } else {
        power(base, exponent)
    }
}

/// `base^exponent` out of line. Inlined, the power is a pure intrinsic that the compiler may
/// compute before the test and throw away at the base year: in the bands' samples it did, one
/// power per sample (about 50 instructions) that the test was there to skip.
#[inline(never)]
fn power(base: f64, exponent: f64) -> f64 {
    base.powf(exponent)
}

/// Which of the three uses a share field sets: 0 = the final run, 1 = experiments,
/// 2 = inference.
pub fn share_index(f: Field) -> Option<usize> {
    match f {
        Field::Share => Some(0),
        Field::ShareExperiments => Some(1),
        Field::ShareInference => Some(2),
        _ => None,
    }
}

/// The share field at `i` (the inverse of [`share_index`]).
pub const SHARE_FIELDS: [Field; 3] = [Field::Share, Field::ShareExperiments, Field::ShareInference];

/// Sets share `i` to `v` and rebalances the others so the three sum to 1: the rest (`1 − v`
/// minus the `locked` shares) goes to the unlocked others in proportion to their current
/// values, or to `fallback`'s proportions when they are all zero. `None` when the locked
/// shares leave no room (they and `v` exceed 1) or nothing is left to take up the rest.
pub fn rebalance(
    shares: [f64; 3],
    i: usize,
    v: f64,
    locked: [bool; 3],
    fallback: [f64; 3],
) -> Option<[f64; 3]> {
    let others: Vec<usize> = (0..3).filter(|&j| j != i && !locked[j]).collect();
    let fixed: f64 = (0..3)
        .filter(|&j| j != i && locked[j])
        .map(|j| shares[j])
        .sum();
    let rest = 1.0 - v - fixed;
    if rest < -1e-9 {
        return None;
    }
    let rest = rest.max(0.0);
    let mut out = shares;
    out[i] = v;
    if others.is_empty() {
        return (rest <= 1e-9).then_some(out);
    }
    let weight = |w: [f64; 3]| others.iter().map(|&j| w[j]).sum::<f64>();
    let basis = if weight(shares) > 0.0 {
        shares
    } else if weight(fallback) > 0.0 {
        fallback
    } else {
        [1.0; 3]
    };
    let total = weight(basis);
    for &j in &others {
        out[j] = rest * basis[j] / total;
    }
    // A share above its field's maximum (experiments or inference at 99 %, so the run keeps a
    // part) passes the excess to the other rescaled share.
    for &j in &others {
        let max = SHARE_FIELDS[j].spec().max;
        if out[j] > max {
            let excess = out[j] - max;
            out[j] = max;
            let k = others.iter().copied().find(|&k| k != j)?;
            out[k] += excess;
        }
    }
    Some(out)
}

/// The shares when those in `given` are set together (command-line flags, a scenario string, a
/// sweep's row): one alone rescales the other two as [`rebalance`] does, two leave the third the
/// remainder, three must sum to 1. `Err` says why the given shares cannot stand together.
pub fn settle_given(
    shares: [f64; 3],
    given: [Option<f64>; 3],
    fallback: [f64; 3],
) -> Result<[f64; 3], String> {
    let count = given.iter().flatten().count();
    let sum: f64 = given.iter().flatten().sum();
    let too_much = || {
        format!(
            "the run, experiments and inference shares must sum to 100 % (the given ones sum \
             to {})",
            crate::model::format::percent(sum)
        )
    };
    match count {
        0 => Ok(shares),
        3 if (sum - 1.0).abs() <= 1e-6 => Ok(given.map(|v| v.unwrap_or(0.0))),
        3 => Err(too_much()),
        _ => {
            let mut start = shares;
            for (j, v) in given.iter().enumerate() {
                if let Some(v) = v {
                    start[j] = *v;
                }
            }
            let i = given.iter().position(Option::is_some).unwrap_or(0);
            let locked = [0, 1, 2].map(|j| j != i && given[j].is_some());
            let mut out = rebalance(start, i, start[i], locked, fallback).ok_or_else(too_much)?;
            // Rounding of the given shares is not a share of the fleet.
            for (j, v) in out.iter_mut().enumerate() {
                if given[j].is_none() && v.abs() < 1e-12 {
                    *v = 0.0;
                }
            }
            Ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const R: Rates = Rates::EXAMPLE;

    #[test]
    fn the_base_year_changes_nothing() {
        assert_eq!(R.hardware_factor(0.0), 1.0);
        assert_eq!(R.energy_factor(0.0), 1.0);
        assert_eq!(R.algorithmic_factor(0.0), 1.0);
    }

    #[test]
    fn one_year_forward_is_the_sourced_factor() {
        // 0.14 orders of magnitude a year: ×1.380 FLOP/s per dollar.
        assert!((R.hardware_factor(1.0) - 1.380_384_264_602_885).abs() < 1e-12);
        // Epoch's 2030 report: peak FLOP/s per watt of ML GPUs ×1.28 a year (2010–2024).
        assert!((R.energy_factor(1.0) - 1.28).abs() < 1e-12);
        // Ho et al.: halving every 8 months, 2^(12/8) = 2.83× a year.
        assert!((R.algorithmic_factor(1.0) - 2f64.powf(1.5)).abs() < 1e-12);
    }

    #[test]
    fn epochs_fifteen_months_follow_from_their_rates() {
        // "The longest training run" (2022) used hardware ×1.38/yr (0.14 OOM) and algorithms
        // ×1.7/yr: 1 / (ln 1.38 + ln 1.7) = 1.17 years ≈ 14 months.
        let r = Rates {
            algorithmic_halving_months: 12.0 * 2f64.ln() / 1.7f64.ln(),
            ..R
        };
        let months = r.longest_useful_run_days() / DAYS_PER_YEAR * 12.0;
        assert!((13.5..15.0).contains(&months), "{months}");
        // At 8-month halving the limit is about 9 months (Epoch's 2025 update says ~9).
        let months = R.longest_useful_run_days() / DAYS_PER_YEAR * 12.0;
        assert!((8.0..9.5).contains(&months), "{months}");
    }

    #[test]
    fn the_published_split_sums_to_one() {
        assert!((R.split.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn shares_always_sum_to_one() {
        let cases = [
            ([1.0, 0.0, 0.0], 0, 0.25),
            ([0.1, 0.6, 0.3], 2, 0.5),
            ([0.1, 0.6, 0.3], 1, 0.0),
            ([0.2, 0.0, 0.8], 0, 1.0),
            ([0.07, 0.64, 0.29], 1, 0.9),
        ];
        for (shares, i, v) in cases {
            let out = rebalance(shares, i, v, [false; 3], R.split).unwrap();
            assert!((out.iter().sum::<f64>() - 1.0).abs() < 1e-12, "{out:?}");
            assert_eq!(out[i], v);
            assert!(out.iter().all(|&s| s >= 0.0));
        }
        // From the whole fleet, a 25 % run leaves 75 % split as the sourced default.
        let out = rebalance([1.0, 0.0, 0.0], 0, 0.25, [false; 3], R.split).unwrap();
        let ratio = out[1] / out[2];
        assert!((ratio - 4.5 / 2.0).abs() < 1e-12);
    }

    #[test]
    fn a_rescaled_share_stays_within_its_field() {
        // Inference to zero would scale experiments to 99.9 %: capped at 99 %, the run takes
        // the rest.
        let out = rebalance([0.001, 0.99, 0.009], 2, 0.0, [false; 3], R.split).unwrap();
        assert_eq!(out[1], 0.99);
        assert!((out.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(out[0] > 0.0);
    }

    #[test]
    fn locked_shares_stay_and_overfull_ones_are_refused() {
        let out = rebalance([0.5, 0.3, 0.2], 2, 0.4, [true, false, false], R.split).unwrap();
        assert_eq!(out, [0.5, 1.0 - 0.4 - 0.5, 0.4]);
        assert!(rebalance([0.7, 0.1, 0.2], 2, 0.4, [true, false, false], R.split).is_none());
        assert!(rebalance([0.5, 0.3, 0.2], 2, 0.4, [true, true, false], R.split).is_none());
    }
}
