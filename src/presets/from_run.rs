//! A known run as a scenario (`--from-run`): the milestone's own record (card, GPU count, days
//! or GPU-hours, MFU) in place of a preset's assumptions, so a published run's energy, carbon
//! or cost is one command. What the record lacks (PUE, electricity, carbon, hardware life)
//! comes from a base scenario, and the description says so.

use super::{Accelerator, Catalog, Milestone, Scenario, Sourced, Status};
use crate::model::format as fmt;
use crate::model::{Flop, FlopPerSec, MfuBasis, implied_utilization};

/// How close the scenario's FLOP must come to the run's to count as reproducing it.
pub const REPRODUCE_TOLERANCE: f64 = 0.05;

/// Builds the scenario of run `m` on top of `base`. Errors say what the record lacks.
pub fn scenario_from_run(
    m: &Milestone,
    catalog: &Catalog,
    base: &Scenario,
) -> Result<Scenario, String> {
    let card: &Accelerator = m
        .accelerator
        .as_deref()
        .and_then(|id| catalog.accelerator(id))
        .ok_or_else(|| {
            format!(
                "{}: the record names no accelerator of the catalog, so there is no peak to use",
                m.name
            )
        })?;
    let mut s = base.clone();
    s.precision = m.precision;
    s.run_share = super::schema::whole_fleet();
    s.share_experiments = super::schema::no_share();
    s.share_inference = super::schema::no_share();
    // The run's own year and model: its date, and its parameters (total and, for a mixture of
    // experts, active).
    s.year = None;
    if let Some(y) = crate::model::trend::decimal_year(&m.date)
        .map(f64::floor)
        .filter(|&y| crate::model::Field::Year.accepts(y))
    {
        s.base_year = Sourced {
            value: y,
            status: Status::Reported,
            source: format!("{}'s release date in the catalog, {}", m.name, m.date).into(),
            low: None,
            high: None,
            note: None,
        };
    }
    (s.params, s.active_params) = match (&m.total_params, &m.params) {
        (Some(total), active) => (Some(total.clone()), active.clone()),
        (None, p) => (p.clone(), None),
    };
    s.use_card(card);
    let derived = |value: f64, source: String, note: String| Sourced {
        value,
        status: Status::Derived,
        source: source.into(),
        low: None,
        high: None,
        note: Some(note.into()),
    };
    // GPU-hours are the run's total work as published; days × GPUs × 24 rounds a duration
    // ("approximately 21 days"), so GPU-hours win where both are given.
    let (gpus, days) = match (&m.gpu_count, &m.gpu_hours, &m.days) {
        (Some(n), Some(h), _) => {
            let days = h.value / n.value / 24.0;
            let d = derived(
                days,
                format!(
                    "GPU-hours ÷ GPUs ÷ 24 from {}'s record: {}",
                    m.name, h.source
                ),
                format!(
                    "{} GPU-h / {} GPUs / 24 = {} days",
                    fmt::count(h.value),
                    fmt::count(n.value),
                    fmt::sig(days, 4)
                ),
            );
            (n.clone(), d)
        }
        (Some(n), None, Some(d)) => (n.clone(), d.clone()),
        (None, Some(h), Some(d)) => {
            // Whole GPUs, as every count a scenario holds (`parse::whole`).
            let exact = h.value / d.value / 24.0;
            let n = exact.round().max(1.0);
            let g = derived(
                n,
                format!(
                    "GPU-hours ÷ days ÷ 24 from {}'s record: {}",
                    m.name, h.source
                ),
                format!(
                    "{} GPU-h / {} days / 24 = {} GPUs, rounded to whole GPUs",
                    fmt::count(h.value),
                    fmt::sig(d.value, 4),
                    fmt::sig(exact, 6)
                ),
            );
            (g, d.clone())
        }
        // No duration but a GPU count and an MFU: the days the run's FLOP takes at them.
        (Some(n), None, None) if m.reported_mfu.is_some() => {
            let mfu = m.reported_mfu.as_ref().map_or(f64::NAN, |r| r.value);
            let days = m.flop.value / (n.value * s.peak_tflops.value * 1e12 * mfu * 86_400.0);
            let d = derived(
                days,
                format!(
                    "implied by {}'s FLOP at its GPU count and reported MFU (the record has no duration)",
                    m.name
                ),
                format!(
                    "{} FLOP / ({} GPUs × {} TFLOP/s × {} × 86,400) = {} days",
                    fmt::sci(m.flop.value, 3),
                    fmt::count(n.value),
                    fmt::sig(s.peak_tflops.value, 4),
                    fmt::percent(mfu),
                    fmt::sig(days, 4)
                ),
            );
            (n.clone(), d)
        }
        _ => {
            return Err(format!(
                "{}: the record needs two of GPU count, GPU-hours and days (or a GPU count and a \
                 reported MFU) to make a scenario",
                m.name
            ));
        }
    };
    s.gpus = gpus;
    s.days = days;
    // The developer's own energy account, where the record has one, replaces the card's
    // all-in watts and the base preset's PUE and grid: the run then reads as its paper does.
    let own: Vec<&str> = [
        (&m.watts_per_gpu, &mut s.watts_per_gpu, "watts per GPU"),
        (&m.pue, &mut s.pue, "PUE"),
        (&m.kg_co2_per_kwh, &mut s.kg_co2_per_kwh, "grid carbon"),
    ]
    .into_iter()
    .filter_map(|(record, input, what)| {
        record.as_ref().map(|r| {
            *input = r.clone();
            what
        })
    })
    .collect();
    let gpu_hours = s.gpus.value * s.days.value * 24.0;
    let peak = s.peak_tflops.value * 1e12;
    let implied = implied_utilization(Flop(m.flop.value), gpu_hours, FlopPerSec(peak));
    s.mfu = match &m.reported_mfu {
        Some(r) => r.clone(),
        None => derived(
            implied,
            format!(
                "implied utilization (no reported MFU): {}'s FLOP ÷ (GPU-hours × peak)",
                m.name
            ),
            format!(
                "{} FLOP / ({} GPU-h × 3600 × {} TFLOP/s) = {}",
                fmt::sci(m.flop.value, 3),
                fmt::count(gpu_hours),
                fmt::sig(s.peak_tflops.value, 4),
                fmt::percent(implied)
            ),
        ),
    };
    // A reported MFU is a paper's in-step figure; an implied one is FLOP ÷ GPU-hours, which
    // already paid for the run's failures.
    s.mfu_basis = if m.reported_mfu.is_some() {
        MfuBasis::InStep
    } else {
        MfuBasis::WholeRun
    };
    if !(s.mfu.value > 0.0 && s.mfu.value <= 1.0) {
        return Err(format!(
            "{}: the implied utilization is {}, outside (0, 100 %]: the record's FLOP and GPU-hours disagree",
            m.name,
            fmt::percent(s.mfu.value)
        ));
    }
    let flop = s.inputs().outputs().total_flop.0;
    let off = flop / m.flop.value - 1.0;
    // Rounding noise of a derived input is no difference worth a digit.
    let off_text = if off.abs() < 5e-4 {
        "±0 %".to_string()
    } else {
        format!("{}{}", if off > 0.0 { "+" } else { "" }, fmt::percent(off))
    };
    let check = if off.abs() <= REPRODUCE_TOLERANCE {
        format!(
            "reproduces its {} FLOP ({} within 5 %: {off_text})",
            fmt::sci(m.flop.value, 3),
            fmt::sci(flop, 3),
        )
    } else {
        format!(
            "gives {} FLOP against the run's {} ({off_text}): the reported MFU {} is not the \
             whole run's utilization, which the run's FLOP and GPU-hours put at {}",
            fmt::sci(flop, 3),
            fmt::sci(m.flop.value, 3),
            fmt::percent(s.mfu.value),
            fmt::percent(implied)
        )
    };
    let mfu_word = if m.reported_mfu.is_some() {
        "reported MFU"
    } else {
        "implied utilization"
    };
    s.name = format!("run-{}", m.id);
    s.title = format!(
        "{} — as run ({} × {})",
        m.name,
        fmt::count(s.gpus.value),
        card.name
    );
    let power = if own.is_empty() {
        format!(
            "Power is the card's all-in watts per GPU; PUE, electricity, grid carbon and \
             hardware life are {}'s (the record has none)",
            base.name
        )
    } else {
        format!(
            "The run's own energy account gives its {} ({} W per GPU, PUE {}, {} kg CO2 per \
             kWh); what it lacks is {}'s",
            own.join(", "),
            fmt::sig(s.watts_per_gpu.value, 3),
            fmt::sig(s.pue.value, 3),
            fmt::sig(s.kg_co2_per_kwh.value, 3),
            base.name
        )
    };
    s.description = format!(
        "{}'s record: {}, {} GPUs, {}, {mfu_word} {}; {check}. {power}.",
        m.name,
        card.name,
        fmt::count(s.gpus.value),
        fmt::days(s.days.value),
        fmt::percent(s.mfu.value),
    );
    s.note = m.note.as_deref().map(String::from);
    // The run's own references, not the base preset's (whose inputs it keeps are named).
    let mut sources: Vec<String> = Vec::new();
    for f in [
        Some(&m.flop),
        m.gpu_count.as_ref(),
        m.gpu_hours.as_ref(),
        m.days.as_ref(),
        m.reported_mfu.as_ref(),
        m.watts_per_gpu.as_ref(),
        m.pue.as_ref(),
        m.kg_co2_per_kwh.as_ref(),
    ]
    .into_iter()
    .flatten()
    {
        if !sources.iter().any(|s| f.source == *s) {
            sources.push(f.source.to_string());
        }
    }
    sources.push(format!(
        "{}: the '{}' preset's sources",
        if own.is_empty() {
            "PUE, electricity, grid carbon and hardware life"
        } else {
            "What the run's energy account lacks (electricity price, hardware life…)"
        },
        base.name
    ));
    s.sources = sources;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets::DEFAULT_SCENARIO;

    fn base(c: &Catalog) -> Scenario {
        c.scenario(DEFAULT_SCENARIO)
            .expect("default")
            .scenario
            .clone()
    }

    /// Every known run that makes a scenario makes one the loader takes back: whole GPUs.
    #[test]
    fn every_run_gives_a_scenario_with_whole_gpus() {
        let c = Catalog::embedded();
        let mut built = 0;
        for m in &c.milestones {
            let Ok(s) = scenario_from_run(m, &c, &base(&c)) else {
                continue;
            };
            built += 1;
            assert_eq!(s.gpus.value.fract(), 0.0, "{}: {}", m.id, s.gpus.value);
            crate::presets::parse::validate_scenario(&s)
                .map_err(|e| e.1)
                .expect(&m.id);
        }
        assert!(built > 10, "{built}");
    }

    #[test]
    fn gpus_derived_from_gpu_hours_are_rounded_and_say_so() {
        let c = Catalog::embedded();
        let mut m = c.milestone("llama-65b").expect("LLaMA-65B").clone();
        m.gpu_count = None;
        m.gpu_hours = Some(Sourced::user_set(1000.0));
        m.days = Some(Sourced::user_set(3.0));
        let s = scenario_from_run(&m, &c, &base(&c)).expect("builds");
        // 1,000 GPU-h / 3 days / 24 = 13.89 GPUs.
        assert_eq!(s.gpus.value, 14.0);
        assert!(
            s.gpus
                .note
                .as_deref()
                .is_some_and(|n| n.contains("13.8889") && n.contains("rounded to whole GPUs")),
            "{:?}",
            s.gpus.note
        );
    }
}
