//! Slider arithmetic: value ↔ track position, steps and snapping.
//!
//! Inputs that span decades use a log track, so one press is the same *ratio* anywhere on it
//! (×10^(1/20)); MFU and PUE use a linear track. Stepped values snap to readable numbers.

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

/// The value after `steps` fine steps (negative = down). Always moves at least one readable
/// increment unless already at the end of the track.
pub fn step(field: Field, v: f64, steps: f64) -> f64 {
    let spec = field.spec();
    let (lo, hi) = bounds(field);
    let v = if v.is_finite() { v.clamp(lo, hi) } else { lo };
    let raw = match spec.scale {
        Scale::Log => v * 10f64.powf(steps / STEPS_PER_DECADE),
        Scale::Linear => v + steps * spec.snap_unit(),
    };
    let mut next = snap(field, raw).clamp(lo, hi);
    if next == v && steps != 0.0 {
        // Snapping swallowed the step (small integers, coarse digits): move one unit.
        let unit = match spec.snap {
            Snap::Integer(_) => 1.0,
            Snap::Sig(d) => 10f64.powi(v.abs().log10().floor() as i32 - d as i32 + 1),
            Snap::Step(s) => s,
        };
        next = (v + unit * steps.signum()).clamp(lo, hi);
    }
    legal(field, next)
}

/// One decade up or down on a log track; a tenth of the range on a linear one.
pub fn decade(field: Field, v: f64, dir: f64) -> f64 {
    match field.spec().scale {
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
        assert_eq!(to_t(Field::Gpus, 1e7), 1.0);
        assert!((to_t(Field::Gpus, 10f64.powf(3.5)) - 0.5).abs() < 1e-12);
        assert_eq!(from_t(Field::Gpus, 0.5), 3200.0); // 3162 snapped to 2 digits
    }

    #[test]
    fn one_step_is_a_twentieth_of_a_decade() {
        assert_eq!(step(Field::Gpus, 350_000.0, 1.0), 390_000.0);
        assert_eq!(step(Field::Gpus, 390_000.0, -1.0), 350_000.0);
        assert_eq!(decade(Field::Gpus, 350_000.0, 1.0), 3_500_000.0);
        assert_eq!(step(Field::Gpus, 1.0, 1.0), 2.0);
        assert_eq!(step(Field::Gpus, 1.0, -1.0), 1.0);
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
