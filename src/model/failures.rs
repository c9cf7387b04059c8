//! Failures and goodput: how often a run of many GPUs is interrupted and what that costs.
//!
//! A job on `n` GPUs with `r` unexpected interruptions per million GPU-hours fails on average
//! every `M = 10⁶ / (r × n)` hours. Checkpointing every `τ` costs `δ/τ` of the time (δ = write
//! time); each failure costs the restart `R` plus, on average, `τ/2` of redone work. Young's
//! first-order optimum is `τ = √(2·δ·M)` (Young 1974; Daly 2006 refines it for `δ` close to
//! `M`), which makes the lost share `√(2·δ/M) + R/M`. Goodput is what remains: the share of the
//! run's wall-clock time that moves training forward. The approximation holds while `δ` and `R`
//! are small next to `M`; past that goodput is 0 and the run needs fault-tolerant training.

/// What failures do to one run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Goodput {
    /// Mean time between job interruptions, hours; `None` with no failures.
    pub mtbf_hours: Option<f64>,
    /// Interruptions per day of the run.
    pub interruptions_per_day: f64,
    /// Young's optimal checkpoint interval, minutes (0 when a checkpoint is free); `None`
    /// with no failures.
    pub interval_minutes: Option<f64>,
    /// Share of wall-clock time that trains, in [0, 1].
    pub fraction: f64,
}

/// The goodput of a run on `gpus` GPUs at `per_million_gpu_hours` interruptions, `checkpoint`
/// minutes per checkpoint and `restart` minutes per interruption.
pub fn goodput(gpus: f64, per_million_gpu_hours: f64, checkpoint: f64, restart: f64) -> Goodput {
    let per_hour = per_million_gpu_hours * gpus / 1e6;
    if per_hour <= 0.0 {
        return Goodput {
            mtbf_hours: None,
            interruptions_per_day: 0.0,
            interval_minutes: None,
            fraction: 1.0,
        };
    }
    let mtbf_minutes = 60.0 / per_hour;
    let interval = (2.0 * checkpoint * mtbf_minutes).sqrt();
    let lost = (2.0 * checkpoint / mtbf_minutes).sqrt() + restart / mtbf_minutes;
    Goodput {
        mtbf_hours: Some(mtbf_minutes / 60.0),
        interruptions_per_day: per_hour * 24.0,
        interval_minutes: Some(interval),
        fraction: (1.0 - lost).clamp(0.0, 1.0),
    }
}

/// The interruption rate, per minute, at which a run keeps `goodput` with `checkpoint` and
/// `restart` minutes: the inverse of [`goodput`]. With `x` failures a minute the lost share is
/// `√(2·δ·x) + R·x`, a quadratic in `√x`. `None` when failures cost nothing (δ = R = 0).
pub fn rate_for_goodput(goodput: f64, checkpoint: f64, restart: f64) -> Option<f64> {
    let lost = 1.0 - goodput;
    let b = (2.0 * checkpoint).sqrt();
    let root = if restart > 0.0 {
        (-b + (b * b + 4.0 * restart * lost).sqrt()) / (2.0 * restart)
    } else if b > 0.0 {
        lost / b
    } else {
        return None;
    };
    Some(root * root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rate_for_a_goodput_inverts_goodput() {
        for (g, d, r) in [
            (0.9, 0.55, 10.0),
            (0.5, 1.0, 0.0),
            (0.99, 0.0, 3.0),
            (0.7, 5.0, 20.0),
        ] {
            let x = rate_for_goodput(g, d, r).unwrap();
            // x per minute on 1e6 GPUs is x × 60 interruptions per million GPU-hours.
            let back = goodput(1e6, x * 60.0, d, r).fraction;
            assert!((back - g).abs() < 1e-12, "{g} {d} {r}: {back}");
        }
        assert_eq!(rate_for_goodput(0.9, 0.0, 0.0), None);
    }

    #[test]
    fn by_hand() {
        // 10 per M GPU-h on 10,000 GPUs: 0.1 per hour, M = 600 min. δ = 3 min: τ = √3600 = 60
        // min, lost √(6/600) = 0.1 plus R/M = 6/600 = 0.01.
        let g = goodput(10_000.0, 10.0, 3.0, 6.0);
        assert!((g.mtbf_hours.unwrap() - 10.0).abs() < 1e-12);
        assert!((g.interruptions_per_day - 2.4).abs() < 1e-12);
        assert!((g.interval_minutes.unwrap() - 60.0).abs() < 1e-9);
        assert!((g.fraction - 0.89).abs() < 1e-12);
    }

    #[test]
    fn no_failures_lose_nothing_and_huge_runs_stall() {
        assert_eq!(goodput(1e6, 0.0, 5.0, 10.0).fraction, 1.0);
        assert_eq!(goodput(1e7, 1000.0, 5.0, 30.0).fraction, 0.0);
    }

    #[test]
    fn more_gpus_never_raise_goodput() {
        let mut last = 1.0;
        for n in [1.0, 1e2, 1e4, 1e5, 1e6, 1e7] {
            let g = goodput(n, 20.0, 1.0, 10.0).fraction;
            assert!(g <= last && (0.0..=1.0).contains(&g));
            last = g;
        }
    }
}
