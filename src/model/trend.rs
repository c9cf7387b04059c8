//! The frontier trend: log10(training FLOP) against date, fitted by least squares.
//!
//! Frontier compute grows exponentially, so a straight line in log space is the standard model
//! (Epoch AI fits the same). The fit runs on years centred on their mean: raw years (≈ 2020)
//! squared are ≈ 4e6 next to an intercept column of ones, which costs digits for no reason.

use nalgebra::{DMatrix, DVector};
use serde::Serialize;

/// A fitted line `log10 FLOP = intercept + slope × year`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Trend {
    /// log10 FLOP per year.
    pub slope: f64,
    /// log10 FLOP at year 0 (the line's value at `year = 0`, far outside the data).
    pub intercept: f64,
    /// Coefficient of determination of the fit; 1 when every point lies on the line.
    pub r2: f64,
    /// Number of points fitted.
    pub n: usize,
    /// Earliest year in the data.
    pub first_year: f64,
    /// Latest year in the data.
    pub last_year: f64,
}

impl Trend {
    /// Least-squares line through `(decimal year, log10 FLOP)` points, solved by QR.
    ///
    /// `None` for fewer than 3 points (two always fit exactly, so R² would mean nothing),
    /// any non-finite value, or all years equal (no slope to find).
    pub fn fit(points: &[(f64, f64)]) -> Option<Trend> {
        let n = points.len();
        if n < 3
            || points
                .iter()
                .any(|&(x, y)| !x.is_finite() || !y.is_finite())
        {
            return None;
        }
        let nf = n as f64;
        let mean_x = points.iter().map(|p| p.0).sum::<f64>() / nf;
        let mean_y = points.iter().map(|p| p.1).sum::<f64>() / nf;
        let first_year = points.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
        let last_year = points.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
        if first_year == last_year {
            return None;
        }

        // Design matrix [1, year − mean] and right-hand side; solve R β = Qᵀ y.
        let a = DMatrix::from_fn(n, 2, |i, j| if j == 0 { 1.0 } else { points[i].0 - mean_x });
        let y = DVector::from_iterator(n, points.iter().map(|p| p.1));
        let qr = a.qr();
        let qty = qr.q().transpose() * &y;
        let beta = qr.r().solve_upper_triangular(&qty)?;
        let (b0, slope) = (beta[0], beta[1]);
        if !b0.is_finite() || !slope.is_finite() {
            return None;
        }

        let ss_tot: f64 = points.iter().map(|p| (p.1 - mean_y).powi(2)).sum();
        let ss_res: f64 = points
            .iter()
            .map(|p| (p.1 - (b0 + slope * (p.0 - mean_x))).powi(2))
            .sum();
        // All FLOP equal: the flat line explains everything there is to explain.
        let r2 = if ss_tot > 0.0 {
            1.0 - ss_res / ss_tot
        } else {
            1.0
        };
        Some(Trend {
            slope,
            intercept: b0 - slope * mean_x,
            r2,
            n,
            first_year,
            last_year,
        })
    }

    /// Growth factor per year: `10^slope`.
    pub fn growth_per_year(&self) -> f64 {
        10f64.powf(self.slope)
    }

    /// Months for frontier compute to double: `12 × log10(2) / slope`.
    ///
    /// Negative for a shrinking trend and infinite for a flat one.
    pub fn doubling_months(&self) -> f64 {
        12.0 * std::f64::consts::LOG10_2 / self.slope
    }

    /// The line's log10 FLOP at a decimal year.
    pub fn log10_flop_at(&self, year: f64) -> f64 {
        self.intercept + self.slope * year
    }

    /// The frontier-equivalent date of a run: the year the line reaches `log10_flop`.
    pub fn year_for(&self, log10_flop: f64) -> f64 {
        (log10_flop - self.intercept) / self.slope
    }

    /// Whether the fitted growth lies within a published range of × per year (inclusive), such
    /// as Epoch AI's 4–5× of `presets/trends.ron`.
    pub fn grows_within(&self, (low, high): (f64, f64)) -> bool {
        (low..=high).contains(&self.growth_per_year())
    }
}

/// The points that were among the `top` largest at their date, by index: fewer than `top`
/// other points dated no later carry more FLOP.
///
/// Epoch AI's frontier models are "models that were in the top 10 of training compute as of the
/// time of their release" (AI Models documentation, https://epoch.ai/data/ai-models-documentation);
/// a run released on the same day as a larger one is ranked below it. Quadratic in the number of
/// points, which is the catalog's few dozen runs.
pub fn running_top(points: &[(f64, f64)], top: usize) -> Vec<usize> {
    (0..points.len())
        .filter(|&i| {
            let (x, y) = points[i];
            let larger = points
                .iter()
                .enumerate()
                .filter(|&(j, &(xj, yj))| j != i && xj <= x && yj > y)
                .count();
            larger < top
        })
        .collect()
}

/// A date as a decimal year, at the middle of the period it names.
///
/// `"2024-07-23"` → 2024 + (day of year − 1 + 0.5) / days in year; `"2024-07"` → the middle of
/// July; `"2024"` → 2024.5. Milestone dates are known to different precisions, and the middle
/// of the period is the unbiased guess. Anything else (other separators, impossible dates such
/// as 2023-02-29, surrounding spaces) is `None`.
pub fn decimal_year(date: &str) -> Option<f64> {
    // The three forms by their length and dashes, read byte by byte: a start places every run
    // of the catalog by its date, and splitting the text on '-' cost ten times as much.
    let b = date.as_bytes();
    let (year, month, day) = match b.len() {
        4 => (number(b)?, None, None),
        7 if b[4] == b'-' => (number(&b[..4])?, Some(number(&b[5..])?), None),
        10 if b[4] == b'-' && b[7] == b'-' => (
            number(&b[..4])?,
            Some(number(&b[5..7])?),
            Some(number(&b[8..])?),
        ),
        _ => return None,
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_year = if leap { 366.0 } else { 365.0 };
    let month_lengths = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    // Days elapsed before the period starts, and the period's length in days.
    let (start, len) = match (month, day) {
        (None, _) => (0, days_in_year as u32),
        (Some(m), d) => {
            if !(1..=12).contains(&m) {
                return None;
            }
            let before: u32 = month_lengths[..m as usize - 1].iter().sum();
            let in_month = month_lengths[m as usize - 1];
            match d {
                None => (before, in_month),
                Some(d) if (1..=in_month).contains(&d) => (before + d - 1, 1),
                Some(_) => return None,
            }
        }
    };
    Some(year as f64 + (start as f64 + len as f64 / 2.0) / days_in_year)
}

/// The decimal number `digits` writes, when every byte is an ASCII digit (four at most, so it
/// cannot overflow).
fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |n, &d| {
        d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A range of × per year to test against (Epoch AI's 4–5×).
    const EPOCH: (f64, f64) = (4.0, 5.0);

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn fit_matches_a_hand_computed_regression() {
        // Points (2018, 22), (2020, 23), (2021, 24), (2025, 26).
        // mean x = 8084 / 4 = 2021, mean y = 95 / 4 = 23.75.
        // Centred x' = −3, −1, 0, 4; y' = −1.75, −0.75, 0.25, 2.25.
        // Normal equations in centred form are diagonal:
        //   [4 0; 0 Σx'²] [b0; b1] = [Σy; Σx'y'],  Σx'² = 9 + 1 + 0 + 16 = 26,
        //   Σx'y' = 5.25 + 0.75 + 0 + 9 = 15  →  b1 = 15/26 = 0.576923…, b0 = 23.75.
        // Intercept at year 0: 23.75 − (15/26) × 2021 = 23.75 − 30315/26 = −1142.2115384…
        // Syy = 3.0625 + 0.5625 + 0.0625 + 5.0625 = 8.75;
        // R² = (Σx'y')² / (Σx'² · Syy) = 225 / (26 × 8.75) = 225 / 227.5 = 90/91 = 0.989010…
        let t = Trend::fit(&[
            (2018.0, 22.0),
            (2020.0, 23.0),
            (2021.0, 24.0),
            (2025.0, 26.0),
        ])
        .unwrap();
        assert!(close(t.slope, 15.0 / 26.0, 1e-12), "{}", t.slope);
        assert!(
            close(t.intercept, 23.75 - 30315.0 / 26.0, 1e-9),
            "{}",
            t.intercept
        );
        assert!(close(t.r2, 90.0 / 91.0, 1e-12), "{}", t.r2);
        assert_eq!((t.n, t.first_year, t.last_year), (4, 2018.0, 2025.0));
        // The line passes through the means.
        assert!(close(t.log10_flop_at(2021.0), 23.75, 1e-9));
    }

    #[test]
    fn symmetric_regression_by_hand() {
        // (2020, 23), (2021, 24), (2022, 24.5), (2023, 25.5): x' = ±1.5, ±0.5, mean y = 24.25.
        // Σx'² = 5, Σx'y' = 1.875 + 0.125 + 0.125 + 1.875 = 4 → slope 0.8.
        // Residuals −0.05, 0.15, −0.15, 0.05 → SSres = 0.05; SStot = 3.25 → R² = 64/65.
        let t = Trend::fit(&[
            (2020.0, 23.0),
            (2021.0, 24.0),
            (2022.0, 24.5),
            (2023.0, 25.5),
        ])
        .unwrap();
        assert!(close(t.slope, 0.8, 1e-12));
        assert!(close(t.intercept, 24.25 - 0.8 * 2021.5, 1e-9));
        assert!(close(t.r2, 64.0 / 65.0, 1e-12));
    }

    #[test]
    fn exact_line_has_r2_one() {
        // log10 FLOP = 24 + 0.6 (year − 2020), unevenly spaced.
        let pts: Vec<_> = [2012.3, 2015.0, 2019.9, 2024.6]
            .iter()
            .map(|&x| (x, 24.0 + 0.6 * (x - 2020.0)))
            .collect();
        let t = Trend::fit(&pts).unwrap();
        assert!(close(t.slope, 0.6, 1e-12));
        assert!(close(t.r2, 1.0, 1e-12));
        assert!(close(t.log10_flop_at(2020.0), 24.0, 1e-9));
        assert!(close(t.year_for(24.0), 2020.0, 1e-9));
        assert!(close(t.year_for(t.log10_flop_at(2031.25)), 2031.25, 1e-9));
    }

    #[test]
    fn flat_data_fits_with_zero_slope() {
        // QR leaves rounding noise of order 1e-15 in the slope; no trend, R² defined as 1.
        let t = Trend::fit(&[(2020.0, 25.0), (2021.0, 25.0), (2022.0, 25.0)]).unwrap();
        assert!(t.slope.abs() < 1e-12, "{}", t.slope);
        assert_eq!(t.r2, 1.0);
        assert!(close(t.growth_per_year(), 1.0, 1e-12));
        assert!(t.doubling_months().abs() > 1e12);
        let exact = Trend { slope: 0.0, ..t };
        assert!(exact.doubling_months().is_infinite());
    }

    #[test]
    fn growth_and_doubling_on_known_slopes() {
        // slope log10(4): growth 4×/yr; doubling 12 × log10 2 / (2 log10 2) = 6 months.
        let t = Trend {
            slope: 4f64.log10(),
            intercept: 0.0,
            r2: 1.0,
            n: 3,
            first_year: 2010.0,
            last_year: 2024.0,
        };
        assert!(close(t.growth_per_year(), 4.0, 1e-12));
        assert!(close(t.doubling_months(), 6.0, 1e-12));
        assert!(t.grows_within(EPOCH));
        // slope log10 2: 2×/yr, doubling 12 months — outside Epoch's range.
        let slow = Trend {
            slope: std::f64::consts::LOG10_2,
            ..t
        };
        assert!(close(slow.growth_per_year(), 2.0, 1e-12));
        assert!(close(slow.doubling_months(), 12.0, 1e-12));
        assert!(!slow.grows_within(EPOCH));
        let mid = Trend {
            slope: 4.5f64.log10(),
            ..t
        };
        assert!(mid.grows_within(EPOCH));
        let fast = Trend {
            slope: 6f64.log10(),
            ..t
        };
        assert!(!fast.grows_within(EPOCH));
    }

    #[test]
    fn degenerate_inputs_give_none() {
        assert_eq!(Trend::fit(&[]), None);
        assert_eq!(Trend::fit(&[(2020.0, 24.0), (2021.0, 25.0)]), None);
        assert_eq!(
            Trend::fit(&[(2020.0, 24.0), (2020.0, 25.0), (2020.0, 26.0)]),
            None
        );
        assert_eq!(
            Trend::fit(&[(2020.0, 24.0), (2021.0, f64::NAN), (2022.0, 26.0)]),
            None
        );
        assert_eq!(
            Trend::fit(&[(2020.0, 24.0), (f64::INFINITY, 25.0), (2022.0, 26.0)]),
            None
        );
    }

    #[test]
    fn running_top_keeps_the_runs_among_the_largest_at_their_date() {
        // By hand, top 2: (2020, 23) has none before it → in; (2021, 24) → in; (2021, 22):
        // 23 and 24 are larger and no later → out; (2022, 23.5): only 24 is larger → in;
        // (2023, 25) → in; (2023, 24.5): 25 (same day) is larger, 24 is not → in;
        // (2024, 23.9): 24, 25 and 24.5 are larger → out.
        let pts = [
            (2020.0, 23.0),
            (2021.0, 24.0),
            (2021.0, 22.0),
            (2022.0, 23.5),
            (2023.0, 25.0),
            (2023.0, 24.5),
            (2024.0, 23.9),
        ];
        assert_eq!(running_top(&pts, 2), vec![0, 1, 3, 4, 5]);
        // Top 1: the record holders only ((2022, 23.5) is below 24, (2023, 24.5) below 25).
        assert_eq!(running_top(&pts, 1), vec![0, 1, 4]);
        // A run counts the larger runs dated after it not at all: top 7 keeps everything.
        assert_eq!(running_top(&pts, 7).len(), 7);
        assert!(running_top(&pts, 0).is_empty());
        assert!(running_top(&[], 10).is_empty());
    }

    #[test]
    fn decimal_year_handles_leap_and_common_years() {
        // 2024 is a leap year: Jan–Jun = 31+29+31+30+31+30 = 182 days; 23 July is day 205;
        // 2024 + (205 − 1 + 0.5) / 366 = 2024 + 204.5/366 = 2024.558743…
        assert!(close(
            decimal_year("2024-07-23").unwrap(),
            2024.0 + 204.5 / 366.0,
            1e-12
        ));
        // 2023: 1 March is day 31 + 28 + 1 = 60 → 2023 + 59.5/365 = 2023.163013…
        assert!(close(
            decimal_year("2023-03-01").unwrap(),
            2023.0 + 59.5 / 365.0,
            1e-12
        ));
        // 2024: 1 March is day 31 + 29 + 1 = 61 → 2024 + 60.5/366.
        assert!(close(
            decimal_year("2024-03-01").unwrap(),
            2024.0 + 60.5 / 366.0,
            1e-12
        ));
        // 1 Jan and 31 Dec sit half a day inside the year.
        assert!(close(
            decimal_year("2023-01-01").unwrap(),
            2023.0 + 0.5 / 365.0,
            1e-12
        ));
        assert!(close(
            decimal_year("2024-12-31").unwrap(),
            2024.0 + 365.5 / 366.0,
            1e-12
        ));
        // 2000 is a leap year (÷400), 1900 is not (÷100).
        assert!(decimal_year("2000-02-29").is_some());
        assert_eq!(decimal_year("1900-02-29"), None);
        assert_eq!(decimal_year("2023-02-29"), None);
    }

    #[test]
    fn decimal_year_month_and_year_precision() {
        // July 2024: starts after 182 days, 31 days long → 2024 + (182 + 15.5)/366.
        assert!(close(
            decimal_year("2024-07").unwrap(),
            2024.0 + 197.5 / 366.0,
            1e-12
        ));
        // February 2023: 31 + 14 = 45 → 2023 + 45/365.
        assert!(close(
            decimal_year("2023-02").unwrap(),
            2023.0 + 45.0 / 365.0,
            1e-12
        ));
        assert_eq!(decimal_year("2024"), Some(2024.5));
        assert_eq!(decimal_year("2023"), Some(2023.5));
    }

    #[test]
    fn decimal_year_rejects_everything_else() {
        for bad in [
            "",
            "24",
            "2024-7-23",
            "2024-13",
            "2024-00-10",
            "2024-07-00",
            "2024-04-31",
            "2024/07/23",
            " 2024",
            "2024-07-23-01",
            "2024-07-",
            "20245",
            "+024",
            "2024-0a",
        ] {
            assert_eq!(decimal_year(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn reading_the_bytes_accepts_exactly_what_splitting_on_dashes_did() {
        // The reading before this one: split on '-', four digits, then two, then two.
        let split = |date: &str| -> Option<(u32, Option<u32>, Option<u32>)> {
            let number = |s: &str, n: usize| {
                (s.len() == n && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
            };
            let mut parts = date.split('-');
            let year = number(parts.next()?, 4)?;
            let month = match parts.next() {
                Some(m) => Some(number(m, 2)?),
                None => None,
            };
            let day = match parts.next() {
                Some(d) => Some(number(d, 2)?),
                None => None,
            };
            parts.next().is_none().then_some((year, month, day))
        };
        // Every text of up to ten characters over digits, a dash and a letter, the forms'
        // lengths in full and the others sampled.
        let alphabet = ['1', '2', '0', '-', 'x'];
        for len in 0..=10usize {
            let all = alphabet.len().pow(len as u32);
            for mut k in (0..all).step_by(if len <= 7 { 1 } else { 7 }) {
                let text: String = (0..len)
                    .map(|_| {
                        let c = alphabet[k % alphabet.len()];
                        k /= alphabet.len();
                        c
                    })
                    .collect();
                match split(&text) {
                    // Splitting took only the forms written out in full, as the bytes do.
                    Some((y, m, d)) => {
                        let form = match (m, d) {
                            (None, _) => format!("{y:04}"),
                            (Some(m), None) => format!("{y:04}-{m:02}"),
                            (Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
                        };
                        assert_eq!(form, text);
                    }
                    None => assert_eq!(decimal_year(&text), None, "{text:?}"),
                }
            }
        }
    }
}
