//! Model invariants (proptest) and the number formatter over thirty decades (snapshot).

use agi_compute::model::{Field, Inputs, format as fmt};
use proptest::prelude::*;

/// A valid value for `field`, drawn over its whole range (log-uniform where it spans decades).
fn value(field: Field) -> BoxedStrategy<f64> {
    let s = field.spec();
    let lo = if s.open_min || s.min == 0.0 {
        s.track_min
    } else {
        s.min
    };
    match s.scale {
        agi_compute::model::Scale::Log => (lo.log10()..=s.max.log10())
            .prop_map(|e| 10f64.powf(e))
            .boxed(),
        agi_compute::model::Scale::Linear => (lo..=s.max).boxed(),
    }
    .prop_map(move |v| v.clamp(lo, s.max))
    .boxed()
}

fn inputs() -> impl Strategy<Value = Inputs> {
    (
        (
            value(Field::Gpus),
            value(Field::Price),
            value(Field::Tflops),
            value(Field::Mfu),
        ),
        (
            value(Field::Days),
            value(Field::Watts),
            value(Field::Pue),
            value(Field::KwhPrice),
        ),
        (
            value(Field::Co2),
            proptest::option::of(value(Field::Rent)),
            proptest::option::of(value(Field::AmortYears)),
        ),
        (
            value(Field::FailureRate),
            value(Field::Checkpoint),
            value(Field::Restart),
            value(Field::Batch),
        ),
    )
        .prop_map(
            |(
                (gpus, price, tflops, mfu),
                (days, watts, pue, kwh),
                (co2, rent, years),
                (failures, checkpoint, restart, batch),
            )| Inputs {
                gpus: gpus.round().max(1.0),
                price_usd: price,
                peak_tflops: tflops,
                mfu,
                days,
                run_share: 1.0,
                watts_per_gpu: watts,
                pue,
                usd_per_kwh: kwh,
                kg_co2_per_kwh: co2,
                rent_usd_per_gpu_hour: rent,
                amortization_years: years,
                failures_per_million_gpu_hours: failures,
                checkpoint_minutes: Some(checkpoint),
                storage_tb_per_s: 2.0,
                planned_per_million_gpu_hours: 0.0,
                recovery: agi_compute::model::Recovery::Sync,
                mfu_basis: agi_compute::model::MfuBasis::InStep,
                checkpoint_bytes_per_param: 14.0,
                restart_minutes: restart,
                batch_tokens: batch,
                base_year: 2024.0,
                year: 2024.0,
                share_experiments: 0.0,
                share_inference: 0.0,
                params: None,
                active_params: None,
                inference_utilization: 0.5,
                serve_batch: 64.0,
                prompt_tokens: 1020.0,
                generate_tokens: 129.0,
                replica_gpus: None,
                serving: agi_compute::presets::fleet_serving::fleet_serving(
                    Some("h100-sxm"),
                    agi_compute::presets::Precision::Bf16,
                ),
                rates: agi_compute::presets::trends::published().rates(),
                cluster_overhead: agi_compute::presets::epoch::builtin_split()
                    .cluster_overhead(None),
            },
        )
}

proptest! {
    #[test]
    fn every_output_is_finite_and_non_negative(i in inputs()) {
        prop_assert!(i.validate().is_ok(), "{:?}", i.validate());
        for x in i.outputs().numbers() {
            prop_assert!(x.is_finite() && x >= 0.0, "{x} from {i:?}");
        }
    }

    #[test]
    fn total_flop_grows_with_each_of_its_inputs(i in inputs(), k in 1.0001f64..10.0) {
        let base = i.outputs().total_flop.0;
        for f in [Field::Gpus, Field::Tflops, Field::Mfu, Field::Days] {
            let mut j = i;
            let v = j.get(f).unwrap_or(1.0);
            j.set(f, (v * k).min(f.spec().max));
            prop_assert!(j.outputs().total_flop.0 >= base, "{f:?}");
        }
        // Inputs that do not enter the FLOP total leave it alone.
        for f in [Field::Price, Field::Watts, Field::Pue, Field::KwhPrice, Field::Co2] {
            let mut j = i;
            let v = j.get(f).unwrap_or(1.0);
            j.set(f, (v * k).min(f.spec().max));
            prop_assert_eq!(j.outputs().total_flop.0, base);
        }
    }

    #[test]
    fn formatted_outputs_never_show_nan_inf_or_negative_zero(i in inputs()) {
        let o = i.outputs();
        let shown = [
            fmt::usd(o.fleet_cost_usd.0),
            fmt::flop_per_s(o.sustained_flop_per_s.0),
            fmt::flop(o.total_flop.0),
            fmt::count(o.gpu_hours),
            fmt::si(o.power_mw * 1e6, "W"),
            fmt::si(o.energy_mwh * 1e6, "Wh"),
            fmt::si(o.co2_tonnes, "t"),
            fmt::count(o.chinchilla_params),
            fmt::days(i.days),
            fmt::percent(i.mfu),
        ];
        for s in shown {
            prop_assert!(!s.contains("NaN") && !s.contains("inf") && !s.contains("-0") && s != fmt::NOT_A_NUMBER, "{s}");
        }
    }
}

/// The formatter over 1e0…1e30 for each kind of quantity, plus in-between values.
#[test]
fn formatter_over_thirty_decades() {
    let mut out = String::new();
    out.push_str(&format!(
        "{:>8} | {:>14} | {:>12} | {:>10} | {:>10} | {:>11}\n",
        "x", "FLOP", "USD", "watts", "count", "days"
    ));
    for e in 0..=30 {
        for m in [1.0, 2.5, 9.996] {
            let x = m * 10f64.powi(e);
            out.push_str(&format!(
                "{:>8} | {:>14} | {:>12} | {:>10} | {:>10} | {:>11}\n",
                format!("{m}e{e}"),
                fmt::flop(x),
                fmt::usd(x),
                fmt::si(x, "W"),
                fmt::count(x),
                fmt::days(x.min(1e6) / 1e3),
            ));
        }
    }
    insta::assert_snapshot!(out);
}
