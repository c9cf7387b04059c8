//! Failures and goodput: how often a run of many GPUs is interrupted and what that costs.
//!
//! A job on `n` GPUs with `r` unexpected interruptions per million GPU-hours fails on average
//! every `M = 10⁶ / (r × n)` hours, at random (a Poisson process). What a failure costs depends
//! on how the run recovers ([`Recovery`]):
//!
//! - **Synchronous**: the whole job restarts from its last checkpoint. With work segments of
//!   `τ`, a write stall `δ` after each and a restart `R`, the expected wall time per unit of
//!   useful work is `M·e^{R/M}·(e^{(τ+δ)/M} − 1) / τ` (Daly, "A higher order estimate of the
//!   optimum checkpoint interval for restart dumps", FGCS 22(3), 2006, doi:10.1016/j.future.
//!   2004.11.016: the renewal equation for exponential failures, not its first-order
//!   expansion). Goodput is its inverse, at the `τ` that maximises it, found numerically.
//! - **Fault-tolerant** (FT-HSDP, Meta, arXiv 2602.00277): only the failed data-parallel replica
//!   restarts; every other replica stalls for `R` and nothing rolls back, so goodput is
//!   `e^{−R/M}`. The failed replica's lost step is one step of one replica out of many, and is
//!   left out.
//! - **In-memory** (Gemini, Wang et al., SOSP 2023; DeadPool, arXiv 2607.01646): the training
//!   state is copied to host memory every step, overlapping compute, and hot spares resume from
//!   it in `R`; at most one step rolls back, so goodput is `e^{−R/M}` too, with a shorter `R`.
//!
//! Two modelling choices, stated because they move the answer: a failure **can** strike during
//! a restart or stall (Daly's model; every run GPU is powered and exposed while it waits), which
//! costs the default 350 k-GPU run about ten points against a restart that cannot fail; and the
//! restart time is an input that does **not** grow with the job's size (Kokolis et al., arXiv
//! 2410.21680, report 5–20 minutes of restart overhead; FT-HSDP's 10 minutes is at about 100 k
//! GPUs). Planned interruptions (maintenance, upgrades) cost one restart each and lose no work:
//! the job checkpoints before it stops.
//!
//! Goodput never reaches 0 while work progresses; it only rounds to it when restarts take
//! hundreds of times the time between failures.

use serde::{Deserialize, Serialize};

/// How a run recovers from a failure.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::VariantArray,
    strum::EnumCount,
)]
pub enum Recovery {
    /// Global restart from the last checkpoint in storage.
    #[default]
    Sync,
    /// Fault-tolerant data parallelism: the failed replica restarts, the others stall briefly.
    FaultTolerant,
    /// Checkpoints in host memory every step and hot spares: seconds to resume.
    InMemory,
}

impl Recovery {
    /// Every mode, in the order the explorer cycles them (the order of the declaration).
    pub const ALL: [Recovery; <Recovery as strum::EnumCount>::COUNT] =
        super::all(<Recovery as strum::VariantArray>::VARIANTS);

    /// The word in flags, files and JSON: `sync`, `fault-tolerant`, `in-memory`.
    pub fn key(self) -> &'static str {
        match self {
            Recovery::Sync => "sync",
            Recovery::FaultTolerant => "fault-tolerant",
            Recovery::InMemory => "in-memory",
        }
    }

    /// The mode for a typed key.
    pub fn from_key(key: &str) -> Option<Recovery> {
        Recovery::ALL.into_iter().find(|r| r.key() == key)
    }

    /// The next mode, for the explorer's key that cycles them.
    pub fn next(self) -> Recovery {
        Recovery::ALL[(self as usize + 1) % Recovery::ALL.len()]
    }

    /// Whether a failure rolls the whole job back to its last checkpoint in storage (only then
    /// do the checkpoint write time and interval matter).
    pub fn rolls_back(self) -> bool {
        self == Recovery::Sync
    }

    /// What a failure costs in this mode, in a few words (help, README, the reason line).
    pub fn about(self) -> &'static str {
        match self {
            Recovery::Sync => {
                "every failure restarts the whole job from its last checkpoint in storage"
            }
            Recovery::FaultTolerant => {
                "a failure restarts one data-parallel replica; the others stall for the restart time and nothing rolls back (FT-HSDP)"
            }
            Recovery::InMemory => {
                "checkpoints in host memory every step and hot spares resume the job within the restart time (Gemini, DeadPool)"
            }
        }
    }
}

/// What the failure model reads of a run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Failures {
    /// GPUs of the run (all of them fail at the same rate).
    pub gpus: f64,
    /// Unexpected interruptions per million GPU-hours.
    pub unexpected_per_million_gpu_hours: f64,
    /// Planned interruptions per million GPU-hours.
    pub planned_per_million_gpu_hours: f64,
    /// Minutes training stalls to write one checkpoint.
    pub checkpoint_minutes: f64,
    /// Minutes from an interruption until training runs again (the stall, in fault-tolerant
    /// mode).
    pub restart_minutes: f64,
    pub recovery: Recovery,
}

/// What failures do to one run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Goodput {
    /// Mean time between unexpected job interruptions, hours; `None` with no failures.
    pub mtbf_hours: Option<f64>,
    /// Unexpected interruptions per day of the run.
    pub interruptions_per_day: f64,
    /// The best checkpoint interval, minutes (0 when a checkpoint is free); `None` with no
    /// failures or when a failure rolls nothing back.
    pub interval_minutes: Option<f64>,
    /// Share of wall-clock time that trains, in (0, 1] (it rounds to 0 only when restarts
    /// take hundreds of failure intervals).
    pub fraction: f64,
}

/// Unexpected and planned interruptions of the whole job per minute.
fn per_minute(f: &Failures) -> (f64, f64) {
    let per_minute = |rate: f64| rate * f.gpus / 1e6 / 60.0;
    (
        per_minute(f.unexpected_per_million_gpu_hours),
        per_minute(f.planned_per_million_gpu_hours),
    )
}

/// The restart, minutes, at which the run keeps a goodput of `goal` (infinite when any restart
/// keeps it; the run at no restart must keep it). The restart enters [`goodput`] only as
/// `e^{−R/M} / (1 + p·R)` (the best interval depends on the write time alone), so with
/// `A` the goodput at no restart, `u = R/M` and `q = p·M` the answer solves
/// `h(u) = u + ln(1 + q·u) − ln(A/goal) = 0`: `u = ln(A/goal)` with no planned stops, else
/// Newton's method from `u = 0`. `h` rises and is concave, so every step lands short of the
/// root and the steps only grow towards it: a goal seek of one goodput and a few logarithms
/// instead of sixty goodputs.
pub fn restart_keeping(f: &Failures, goal: f64) -> f64 {
    let (unexpected, planned) = per_minute(f);
    let none = goodput(&Failures {
        restart_minutes: 0.0,
        ..*f
    });
    let lost = (none.fraction / goal).ln();
    if unexpected <= 0.0 {
        // 1 / (1 + p·R) = goal / A.
        return if planned > 0.0 {
            (none.fraction / goal - 1.0) / planned
        } else {
            f64::INFINITY
        };
    }
    let m = 1.0 / unexpected;
    let q = planned * m;
    let mut u = 0.0;
    for _ in 0..100 {
        let h = u + (q * u).ln_1p() - lost;
        let step = -h / (1.0 + q / (1.0 + q * u));
        if step > 1e-16 * u {
            u += step;
        } else {
            break;
        }
    }
    u * m
}

/// The goodput of a run.
pub fn goodput(f: &Failures) -> Goodput {
    let (unexpected, planned) = per_minute(f);
    // Planned stops cost one restart each, without lost work.
    let planned_share = 1.0 / (1.0 + planned * f.restart_minutes);
    if unexpected <= 0.0 {
        return Goodput {
            mtbf_hours: None,
            interruptions_per_day: 0.0,
            interval_minutes: None,
            fraction: planned_share,
        };
    }
    let m = 1.0 / unexpected;
    let r = f.restart_minutes / m;
    let (fraction, interval) = if f.recovery.rolls_back() {
        let d = f.checkpoint_minutes / m;
        let x = best_interval(d);
        // x / (e^{x+d} − 1), which at the optimum is 1 − x ((1 − x)·e^{x+d} = 1 there): that
        // form needs no exponential and keeps its digits while x is at most a half; past it
        // the quotient does.
        let work = if x <= 0.5 {
            1.0 - x
        } else {
            x / (x + d).exp_m1()
        };
        (work * (-r).exp(), Some(x * m))
    } else {
        ((-r).exp(), None)
    };
    Goodput {
        mtbf_hours: Some(m / 60.0),
        interruptions_per_day: unexpected * 1440.0,
        interval_minutes: interval,
        fraction: fraction * planned_share,
    }
}

/// The checkpoint interval, as a multiple of the mean time between failures, that maximises
/// `x / (e^{x+d} − 1)` for a write time of `d` failure intervals: the root of
/// `g(x) = (1 − x)·e^{x} − e^{−d}` in (0, 1). `g` falls and is concave there, with
/// `g′ = −x·e^x` and `g″ = −(1 + x)·e^x`, so Halley's method converges cubically, each step one
/// `expm1` (every Monte Carlo band sample asks, so the exponentials are the cost). It starts
/// from the root's series: `x = 1 + W₀(−e^{−1−d})`, and the principal Lambert W has a series in
/// `p = √(2·(1 − e^{−d}))` at its branch point (Corless, Gonnet, Hare, Jeffrey & Knuth, "On the
/// Lambert W function", Adv. Comput. Math. 5, 1996, eq. 4.22), which converges for every `d`
/// (`p < √2`); eight terms leave under 1e-6 of `x` up to `d` = 0.05 (the default 350 k-GPU
/// run's is 0.04), so one step finishes, and a step or two more beyond. The bracket keeps
/// each step inside (0, 1).
fn best_interval(d: f64) -> f64 {
    if d <= 0.0 {
        return 0.0;
    }
    // e^{−d} − 1, once: g written with exp_m1, so a tiny d keeps its digits.
    let c = (-d).exp_m1();
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    // p = √(2·(1 − e^{−d})); x ≈ p − p²/3 + 11p³/72 − 43p⁴/540 + … (Horner's form).
    let p = (-2.0 * c).sqrt();
    let series = p
        * (1.0
            + p * (-1.0 / 3.0
                + p * (11.0 / 72.0
                    + p * (-43.0 / 540.0
                        + p * (769.0 / 17280.0
                            + p * (-221.0 / 8505.0
                                + p * (680_863.0 / 43_545_600.0 + p * (-1963.0 / 204_120.0))))))));
    let mut x = if series > 0.0 && series < 1.0 {
        series
    } else {
        0.5
    };
    for _ in 0..60 {
        let em1 = x.exp_m1();
        // (1 − x)·e^x − e^{−d} = (1 − x)·(e^x − 1) − x − (e^{−d} − 1).
        let gx = (1.0 - x) * em1 - x - c;
        if gx > 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        // Halley: x − 2·g·g′ / (2·g′² − g·g″), the common e^x cancelled.
        let step = 2.0 * gx * x / (2.0 * x * x * (1.0 + em1) + gx * (1.0 + x));
        let next = x + step;
        // A step that leaves the bracket halves it instead.
        if !(next > lo && next < hi) {
            x = 0.5 * (lo + hi);
        } else if step.abs() <= 1e-6 * x {
            // The step is the error to third order: after one this small, what is left of
            // it is below rounding (about 1e-18 of x).
            return next;
        } else {
            x = next;
        }
        if hi - lo <= f64::EPSILON * hi {
            return x;
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::uncertainty::Xoshiro256;

    fn sync(gpus: f64, rate: f64, checkpoint: f64, restart: f64) -> Failures {
        Failures {
            gpus,
            unexpected_per_million_gpu_hours: rate,
            planned_per_million_gpu_hours: 0.0,
            checkpoint_minutes: checkpoint,
            restart_minutes: restart,
            recovery: Recovery::Sync,
        }
    }

    #[test]
    fn by_hand() {
        // 10 per M GPU-h on 10,000 GPUs: 0.1 per hour, M = 600 min; δ = 6 min, d = 0.01.
        // (1 − x)e^x = e^{−0.01} at x = 0.134835 (check: 0.865165 × 1.144351 = 0.990050 =
        // e^{−0.01}); τ = 80.9 min. The goodput is x / (e^{x+d} − 1) × e^{−R/M}
        // = 0.134835 / 0.155849 × 0.990050 = 0.85656.
        let g = goodput(&sync(10_000.0, 10.0, 6.0, 6.0));
        assert!((g.mtbf_hours.unwrap() - 10.0).abs() < 1e-12);
        assert!((g.interruptions_per_day - 2.4).abs() < 1e-12);
        let tau = g.interval_minutes.unwrap();
        assert!((tau / 600.0 - 0.134835).abs() < 1e-5, "{tau}");
        assert!((g.fraction - 0.85656).abs() < 1e-4, "{}", g.fraction);
    }

    /// Newton's root is bisection's across write times, from a billionth of the failure
    /// interval to forty of them.
    #[test]
    fn the_best_interval_matches_bisection() {
        // The same g in its cancellation-free form: (1 − x)·(e^x − 1) − x − (e^{−d} − 1).
        let bisect = |d: f64| {
            let (mut lo, mut hi) = (0.0f64, 1.0f64);
            for _ in 0..200 {
                let mid = 0.5 * (lo + hi);
                if (1.0 - mid) * mid.exp_m1() - mid - (-d).exp_m1() > 0.0 {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            0.5 * (lo + hi)
        };
        for d in [
            1e-9, 1e-6, 1e-4, 1e-3, 0.01, 0.07, 0.3, 1.0, 1.9, 2.5, 10.0, 40.0,
        ] {
            let (x, want) = (best_interval(d), bisect(d));
            assert!(
                (x - want).abs() <= 1e-9 * want.max(1e-6),
                "{d}: {x} vs {want}"
            );
        }
    }

    /// The Newton iteration the failure model used before Halley's (two exponentials per step
    /// and a third for the constant), kept as the reference the faster root must equal.
    fn newton_interval(d: f64) -> f64 {
        if d <= 0.0 {
            return 0.0;
        }
        let g = |x: f64| (1.0 - x) * x.exp_m1() - x - (-d).exp_m1();
        let (mut lo, mut hi) = (0.0f64, 1.0f64);
        let daly = (2.0 * d).sqrt() * (1.0 + (d / 2.0).sqrt() / 3.0 + d / 18.0) - d;
        let mut x = if d < 2.0 && daly > 0.0 && daly < 1.0 {
            daly
        } else {
            0.5
        };
        for _ in 0..60 {
            let gx = g(x);
            if gx > 0.0 {
                lo = x;
            } else {
                hi = x;
            }
            let next = x + gx / (x * x.exp());
            let next = if next > lo && next < hi {
                next
            } else {
                0.5 * (lo + hi)
            };
            if (next - x).abs() <= 1e-15 * x || hi - lo <= f64::EPSILON * hi {
                return next;
            }
            x = next;
        }
        x
    }

    /// Halley's root, and the goodput it gives, equal the Newton iteration's within 1e-9
    /// relative on 100,000 random runs: write times from 1e-12 to 100 failure intervals,
    /// restarts from none to ten intervals, every recovery mode.
    #[test]
    fn the_best_interval_equals_the_newton_iteration_it_replaced() {
        let mut rng = Xoshiro256::new(31);
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs();
        for _ in 0..100_000 {
            let d = 10f64.powf(-12.0 + 14.0 * rng.next_f64());
            let (x, want) = (best_interval(d), newton_interval(d));
            assert!(close(x, want), "{d}: {x} vs {want}");
            // The goodput of a run whose write time and restart are those multiples of the
            // failure interval (M = 10⁶ / (rate × GPUs) hours, in minutes).
            let f = Failures {
                recovery: Recovery::ALL[(rng.next_u64() % 3) as usize],
                ..sync(1e4, 10.0, d * 600.0, 6000.0 * rng.next_f64())
            };
            let g = goodput(&f);
            let m = 600.0;
            let r = f.restart_minutes / m;
            let want = if f.recovery.rolls_back() {
                want / (want + d).exp_m1() * (-r).exp()
            } else {
                (-r).exp()
            };
            assert!(close(g.fraction, want), "{d}: {} vs {want}", g.fraction);
        }
    }

    #[test]
    fn the_best_interval_is_a_maximum_and_near_young_when_checkpoints_are_cheap() {
        for d in [1e-6, 1e-3, 0.05, 0.5, 3.0] {
            let x = best_interval(d);
            let f = |x: f64| x / (x + d).exp_m1();
            assert!(f(x) >= f(x * 1.01) && f(x) >= f(x * 0.99), "{d}");
        }
        // δ = 0.01 min against M = 1,000 min: Young's √(2δM) = 4.47 min; the exact optimum is
        // shorter by about a third of √(2δ/M) = 0.45 %, within 1 %.
        let g = goodput(&sync(1e6, 0.06, 0.01, 0.0));
        let young = (2.0f64 * 0.01 * 1000.0).sqrt();
        assert!((g.interval_minutes.unwrap() / young - 1.0).abs() < 1e-2);
    }

    #[test]
    fn no_failures_lose_only_planned_stops_and_huge_runs_never_reach_zero() {
        assert_eq!(goodput(&sync(1e6, 0.0, 5.0, 10.0)).fraction, 1.0);
        // 10 planned stops per million GPU-hours on 6,000 GPUs: one an hour (60 min), 6 min
        // each: 1 / (1 + 6/60).
        let mut f = sync(6_000.0, 0.0, 5.0, 6.0);
        f.planned_per_million_gpu_hours = 1e6 / 6_000.0;
        assert!((goodput(&f).fraction - 1.0 / 1.1).abs() < 1e-12);
        // The default 350 k-GPU run at 19.7 per million GPU-hours fails every 8.70 min; with a
        // 10-min restart Young's first-order loss √(2δ/M) + R/M = 0.28 + 1.15 is over 1 and said
        // 0. The exact model: x = 0.2575 for d = 0.35/8.70, goodput 0.2575 / (e^{0.2977} − 1)
        // × e^{−1.149} = 0.2353 (and 0.3455 if restarts could not fail: × (1 + R/M)⁻¹ instead).
        let g = goodput(&sync(350e3, 19.7, 0.35, 10.0)).fraction;
        assert!((g - 0.2353).abs() < 5e-4, "{g}");
    }

    #[test]
    fn more_gpus_never_raise_goodput_in_any_mode() {
        for recovery in Recovery::ALL {
            let mut last = 1.0;
            for n in [1.0, 1e2, 1e4, 1e5, 1e6, 1e7] {
                let f = Failures {
                    recovery,
                    ..sync(n, 20.0, 1.0, 10.0)
                };
                let g = goodput(&f).fraction;
                assert!(g <= last && g > 0.0 && g <= 1.0, "{recovery:?} {n}: {g}");
                last = g;
            }
        }
    }

    #[test]
    fn the_keys_round_trip_and_cycle() {
        for r in Recovery::ALL {
            assert_eq!(Recovery::from_key(r.key()), Some(r));
            assert_eq!(r.next().next().next(), r);
        }
    }

    /// One run simulated event by event: failures at random at the job's rate, checkpoints
    /// every `τ`, restarts that failures can interrupt. Returns useful time ÷ wall time.
    fn simulate(f: &Failures, interval: Option<f64>, work: f64, seed: u64) -> f64 {
        let m = 60e6 / (f.unexpected_per_million_gpu_hours * f.gpus);
        let mut rng = Xoshiro256::new(seed);
        let mut next_failure = |now: f64| now - m * (1.0 - rng.next_f64()).ln();
        let (mut now, mut done) = (0.0f64, 0.0f64);
        let mut fail = next_failure(0.0);
        let r = f.restart_minutes;
        while done < work {
            // The next stretch of work: a checkpointed segment, or all that is left.
            let (segment, stall) = match interval {
                Some(tau) => (tau.min(work - done), f.checkpoint_minutes),
                None => (work - done, 0.0),
            };
            if fail >= now + segment + stall {
                now += segment + stall;
                done += segment;
                continue;
            }
            // Nothing rolls back without an interval; otherwise the segment is lost.
            if interval.is_none() {
                done += fail - now;
            }
            now = fail;
            fail = next_failure(now);
            // The restart, begun again whenever a failure strikes during it.
            while fail < now + r {
                now = fail;
                fail = next_failure(now);
            }
            now += r;
        }
        work / now
    }

    #[test]
    fn a_discrete_event_simulation_agrees_with_the_closed_form_within_two_points() {
        // The three recovery modes at 16 k, 100 k and 350 k GPUs, at the Llama 3 failure rate
        // (19.7 per million GPU-hours), with the restart each mode's source gives (10, 3 and 1
        // min) and a 0.35-min checkpoint. 20,000 mean failure intervals of work each: the
        // simulated share's standard error is well under a point.
        for gpus in [16_384.0, 100e3, 350e3] {
            for (recovery, restart) in [
                (Recovery::Sync, 10.0),
                (Recovery::FaultTolerant, 3.0),
                (Recovery::InMemory, 1.0),
            ] {
                let f = Failures {
                    recovery,
                    ..sync(gpus, 19.7, 0.35, restart)
                };
                let g = goodput(&f);
                let m = g.mtbf_hours.unwrap() * 60.0;
                let sim = simulate(&f, g.interval_minutes, 20_000.0 * m, 7);
                assert!(
                    (sim - g.fraction).abs() < 0.02,
                    "{recovery:?} at {gpus}: simulated {sim:.4}, closed form {:.4}",
                    g.fraction
                );
            }
        }
    }

    #[test]
    fn the_restart_that_keeps_a_goodput_by_hand() {
        // Synchronous, as in `by_hand`: M = 600 min, d = 0.01, and at no restart the run keeps
        // x / (e^{x+d} − 1) = 0.134835 / 0.155849 = 0.865165. Keeping 80 % allows
        // R = 600 × ln(0.865165 / 0.8) = 46.985 min.
        let f = sync(10_000.0, 10.0, 6.0, 6.0);
        let r = restart_keeping(&f, 0.8);
        assert!((r - 46.985).abs() < 1e-3, "{r}");
        let kept = goodput(&Failures {
            restart_minutes: r,
            ..f
        });
        assert!((kept.fraction - 0.8).abs() < 1e-12, "{}", kept.fraction);
        // Fault-tolerant with as many planned stops as failures (p = 1/600 a minute, q = 1):
        // u + ln(1 + u) = ln(1 / 0.9) = 0.1053605 at u = 0.0533679, R = 32.0208 min; without the
        // planned stops, R = 600 × 0.1053605 = 63.2163 min.
        let ft = Failures {
            planned_per_million_gpu_hours: 10.0,
            recovery: Recovery::FaultTolerant,
            ..f
        };
        assert!((restart_keeping(&ft, 0.9) - 32.0208).abs() < 1e-4);
        let ft = Failures {
            planned_per_million_gpu_hours: 0.0,
            ..ft
        };
        assert!((restart_keeping(&ft, 0.9) - 63.2163).abs() < 1e-4);
        // Planned stops alone: 1 / (1 + R / 600) = 0.9 at R = 66.667 min; none at all, any.
        let planned = Failures {
            unexpected_per_million_gpu_hours: 0.0,
            planned_per_million_gpu_hours: 10.0,
            ..f
        };
        assert!((restart_keeping(&planned, 0.9) - 600.0 / 9.0).abs() < 1e-9);
        let none = Failures {
            planned_per_million_gpu_hours: 0.0,
            ..planned
        };
        assert_eq!(restart_keeping(&none, 0.9), f64::INFINITY);
    }
}
