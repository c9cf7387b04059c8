//! Slider arithmetic: value ↔ track position, steps and snapping.
//!
//! Inputs that span decades use a log track, so one press is about the same *ratio* anywhere on
//! it (twenty readable values a decade, about ×1.12 apart); MFU and PUE use a linear track.

use crate::model::field::{Field, Scale, Snap};
use crate::model::format::round_sig;

/// Fine steps per decade on a log track (one press ≈ ×1.122).
pub const STEPS_PER_DECADE: f64 = 20.0;
/// Fine steps in one coarse step.
pub const COARSE: f64 = 5.0;

fn bounds(field: Field) -> (f64, f64) {
    let s = field.spec();
    (s.track_min, s.max)
}

/// Track position in [0, 1] of a value (clamped; values below the track sit at 0).
pub fn to_t(field: Field, v: f64) -> f64 {
    let (lo, hi) = bounds(field);
    if !v.is_finite() || v <= lo {
        return 0.0;
    }
    let t = match field.spec().scale {
        Scale::Log => (v.log10() - lo.log10()) / (hi.log10() - lo.log10()),
        Scale::Linear => (v - lo) / (hi - lo),
    };
    t.clamp(0.0, 1.0)
}

/// The exact (unsnapped) value at track position `t`.
pub fn from_t_exact(field: Field, t: f64) -> f64 {
    let (lo, hi) = bounds(field);
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let v = match field.spec().scale {
        Scale::Log => 10f64.powf(lo.log10() + t * (hi.log10() - lo.log10())),
        Scale::Linear => lo + t * (hi - lo),
    };
    v.clamp(lo, hi)
}

/// The readable value at track position `t` (what a click on the track sets).
pub fn from_t(field: Field, t: f64) -> f64 {
    legal(field, snap(field, from_t_exact(field, t)))
}

/// Rounds to the field's readable step.
pub fn snap(field: Field, v: f64) -> f64 {
    if !v.is_finite() || v == 0.0 {
        return v;
    }
    match field.spec().snap {
        Snap::Sig(d) => round_sig(v, d),
        Snap::Integer(d) => round_sig(v, d).round().max(1.0),
        Snap::Step(s) => ((v / s).round() * s * 1e9).round() / 1e9,
    }
}

/// Clamps into the track, then nudges inside the valid range (MFU 0 is not valid).
fn legal(field: Field, v: f64) -> f64 {
    let (lo, hi) = bounds(field);
    let v = v.clamp(lo, hi);
    if field.accepts(v) {
        v
    } else {
        lo.max(field.spec().snap_unit())
    }
}

/// The grid of a log track: twenty readable values per decade, close to equal ratios
/// (×10^(1/20) ≈ 1.12 apart), in hundredths so every point is computed exactly.
const NICE: [u32; 20] = [
    100, 110, 125, 140, 160, 180, 200, 220, 250, 280, 300, 350, 400, 450, 500, 550, 600, 700, 800,
    900,
];

/// Grid point `k` of a log track: `NICE[k mod 20] × 10^(k div 20) / 100`, whole for integer
/// fields.
fn log_point(field: Field, k: i32) -> f64 {
    let n = f64::from(NICE[k.rem_euclid(20) as usize]);
    let e = k.div_euclid(20) - 2;
    let v = if e >= 0 {
        n * 10f64.powi(e)
    } else {
        n / 10f64.powi(-e)
    };
    match field.spec().snap {
        Snap::Integer(_) => v.round().max(1.0),
        _ => v,
    }
}

/// Grid point `k` of a linear track: `k` readable steps.
fn linear_point(field: Field, k: i64) -> f64 {
    ((k as f64 * field.spec().snap_unit()) * 1e9).round() / 1e9
}

/// The nearest grid point strictly above (`up`) or below `v`, if there is one.
fn neighbour(field: Field, v: f64, up: bool) -> Option<f64> {
    let above = |g: f64| g > v * (1.0 + 1e-12) + 1e-300;
    let below = |g: f64| g < v * (1.0 - 1e-12);
    match field.spec().scale {
        Scale::Log => {
            let k0 = (v.log10() * STEPS_PER_DECADE).floor() as i32;
            // Integer fields repeat points at small values: search a little further.
            if up {
                (k0 - 1..k0 + 60)
                    .map(|k| log_point(field, k))
                    .find(|&g| above(g))
            } else {
                (k0 - 60..k0 + 2)
                    .rev()
                    .map(|k| log_point(field, k))
                    .find(|&g| below(g))
            }
        }
        Scale::Linear => {
            let i = v / field.spec().snap_unit();
            let k = if up {
                (i + 1e-9).floor() as i64 + 1
            } else {
                (i - 1e-9).ceil() as i64 - 1
            };
            Some(linear_point(field, k))
        }
    }
}

/// The value after `steps` fine steps (negative = down) on the field's fixed grid, so a step
/// and its reverse return to the value; from a value off the grid (typed, or from a preset),
/// the first step lands on the neighbouring grid point. Stops at the ends of the track.
pub fn step(field: Field, v: f64, steps: f64) -> f64 {
    let (lo, hi) = bounds(field);
    let mut x = if v.is_finite() { v.clamp(lo, hi) } else { lo };
    let up = steps > 0.0;
    for _ in 0..(steps.abs().round() as u32).min(1000) {
        match neighbour(field, x, up) {
            Some(g) if (lo..=hi).contains(&g) => x = g,
            _ => {
                x = if up { hi } else { lo };
                break;
            }
        }
    }
    legal(field, x)
}

/// One decade up or down on a log track (exactly ×10: a typed 2.05 k goes to 20.5 k, not to
/// the grid's 20 k); a tenth of the range on a linear one.
pub fn decade(field: Field, v: f64, dir: f64) -> f64 {
    match field.spec().scale {
        Scale::Log if v.is_finite() && v > 0.0 => legal(field, v * 10f64.powf(dir)),
        Scale::Log => step(field, v, dir * STEPS_PER_DECADE),
        Scale::Linear => {
            let (lo, hi) = bounds(field);
            let tenth = (hi - lo) / 10.0 / field.spec().snap_unit();
            step(field, v, dir * tenth.round())
        }
    }
}

/// Ends of the track.
pub fn min(field: Field) -> f64 {
    legal(field, bounds(field).0)
}

pub fn max(field: Field) -> f64 {
    bounds(field).1
}

impl crate::model::field::FieldSpec {
    /// The smallest readable increment on a linear track.
    pub fn snap_unit(&self) -> f64 {
        match self.snap {
            Snap::Step(s) => s,
            Snap::Integer(_) => 1.0,
            Snap::Sig(_) => (self.max - self.track_min) / 100.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_track_ends_and_middle() {
        assert_eq!(to_t(Field::Gpus, 1.0), 0.0);
        assert_eq!(to_t(Field::Gpus, 1e9), 1.0);
        assert!((to_t(Field::Gpus, 10f64.powf(4.5)) - 0.5).abs() < 1e-12);
        assert_eq!(from_t(Field::Gpus, 0.5), 32000.0); // 31,623 snapped to 2 digits
    }

    #[test]
    fn one_step_is_a_twentieth_of_a_decade() {
        assert_eq!(step(Field::Gpus, 350_000.0, 1.0), 400_000.0);
        assert_eq!(step(Field::Gpus, 400_000.0, -1.0), 350_000.0);
        assert_eq!(decade(Field::Gpus, 350_000.0, 1.0), 3_500_000.0);
        assert_eq!(step(Field::Gpus, 1.0, 1.0), 2.0);
        assert_eq!(step(Field::Gpus, 1.0, -1.0), 1.0);
    }

    #[test]
    fn steps_are_reversible_on_a_fixed_grid() {
        // Days used to go 90 → 100 → 110 → 98 → 87.
        assert_eq!(step(Field::Days, 90.0, 1.0), 100.0);
        assert_eq!(step(Field::Days, 100.0, 1.0), 110.0);
        assert_eq!(step(Field::Days, 110.0, -1.0), 100.0);
        assert_eq!(step(Field::Days, 100.0, -1.0), 90.0);
        // Off the grid, the first step goes to the neighbouring point.
        assert_eq!(step(Field::Price, 27_500.0, 1.0), 28_000.0);
        assert_eq!(step(Field::Price, 27_500.0, -1.0), 25_000.0);
        assert_eq!(step(Field::Tflops, 989.0, 1.0), 1000.0);
        for f in Field::ALL {
            let mut v = min(f);
            while v < max(f) {
                let up = step(f, v, 1.0);
                assert!(up > v, "{f:?} stuck at {v}");
                assert_eq!(step(f, up, -1.0), v.max(min(f)), "{f:?}: {v} → {up} → back");
                v = up;
            }
        }
    }

    #[test]
    fn linear_steps_are_exact_points() {
        assert_eq!(step(Field::Mfu, 0.4, 1.0), 0.41);
        assert_eq!(step(Field::Mfu, 0.4, 3.0), 0.43);
        assert_eq!(step(Field::Mfu, 0.01, -1.0), 0.01);
        assert_eq!(step(Field::Mfu, 1.0, 1.0), 1.0);
        assert_eq!(decade(Field::Mfu, 0.4, 1.0), 0.5);
        assert_eq!(step(Field::Pue, 1.1, 1.0), 1.11);
    }

    #[test]
    fn mfu_minimum_is_valid() {
        assert!(Field::Mfu.accepts(min(Field::Mfu)));
        assert!(Field::Days.accepts(min(Field::Days)));
    }
}
