//! Which ranged input matters most to an output, from the same draws as the bands.

use super::Output;
use super::dependence::reads;
use super::draws::Draws;
use super::{Field, InputRange, Inputs};

/// Each ranged input's share of `output`'s variance under the Monte Carlo draws, among the
/// inputs the output reads: its Spearman rank correlation with the output, squared and
/// normalised to sum to 1 (the question a tornado asks, answered by the samples the bands come
/// from). Empty when nothing varies or the output is not one `Inputs::outputs` computes.
pub fn rank_shares(
    inputs: &Inputs,
    ranges: &[InputRange],
    output: Output,
    samples: usize,
    seed: u64,
) -> Vec<(Field, f64)> {
    if ranges.is_empty() || samples < 3 {
        return Vec::new();
    }
    let draws = Draws::new(ranges, &[], samples, seed);
    // Each range's column of values, and the output at every sample.
    let mut xs: Vec<Vec<f64>> = vec![Vec::with_capacity(samples); ranges.len()];
    let mut ys = Vec::with_capacity(samples);
    let mut rows = draws.rows();
    for _ in 0..samples {
        let values = rows.next();
        for (x, &v) in xs.iter_mut().zip(values) {
            x.push(v);
        }
        let mut sample = *inputs;
        draws.set(&mut sample, values);
        ys.push(output.of(&sample.outputs()).unwrap_or(f64::NAN));
    }
    if ys.iter().any(|y| !y.is_finite()) {
        return Vec::new();
    }
    let ranks = |v: &[f64]| -> Vec<f64> {
        let mut order: Vec<usize> = (0..v.len()).collect();
        order.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
        let mut r = vec![0.0; v.len()];
        for (rank, &i) in order.iter().enumerate() {
            r[i] = rank as f64;
        }
        r
    };
    let corr = |a: &[f64], b: &[f64]| -> f64 {
        let n = a.len() as f64;
        let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
        let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
        for (x, y) in a.iter().zip(b) {
            sab += (x - ma) * (y - mb);
            saa += (x - ma) * (x - ma);
            sbb += (y - mb) * (y - mb);
        }
        if saa == 0.0 || sbb == 0.0 {
            0.0
        } else {
            sab / (saa * sbb).sqrt()
        }
    };
    let ry = ranks(&ys);
    // Only inputs the output reads: the others correlate by sampling noise alone.
    let rho2: Vec<(Field, f64)> = ranges
        .iter()
        .enumerate()
        .filter(|(_, r)| reads(output, r.field))
        .map(|(j, r)| {
            let rx = ranks(&xs[j]);
            (r.field, corr(&rx, &ry).powi(2))
        })
        .collect();
    let total: f64 = rho2.iter().map(|(_, v)| v).sum();
    if total <= 0.0 {
        return Vec::new();
    }
    rho2.into_iter().map(|(f, v)| (f, v / total)).collect()
}
