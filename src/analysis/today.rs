//! A known run at today's prices: its record as a scenario (what `eval --from-run RUN` builds on
//! the default scenario), costed on the bases that answer Epoch AI's three methods, so `cost
//! RUN` shows what the run would cost now beside what Epoch estimates it cost then.

use crate::analysis::evaluation::{Reference, basis_cost};
use crate::model::cost::CostBasis;
use crate::presets::{Catalog, DEFAULT_SCENARIO, Milestone};

/// The run's cost now on the basis matching each of Epoch's methods.
#[derive(Clone, Debug, PartialEq)]
pub struct Today {
    /// Renting the run's GPU-hours at the card's rent (Epoch: cloud rental).
    pub cloud: Option<f64>,
    /// Buying the cluster: chips, servers and network (Epoch: hardware acquisition).
    pub acquisition: Option<f64>,
    /// Epoch's amortized method on today's price, without depreciation before the run.
    pub amortized: Option<f64>,
    /// The card and its price and rent, in words.
    pub basis: String,
}

/// `m` at today's prices; the error says why the record cannot be priced.
pub fn run_today(catalog: &Catalog, m: &Milestone) -> Result<Today, String> {
    let base = catalog
        .scenario(DEFAULT_SCENARIO)
        .map(|e| e.scenario.clone())
        .ok_or("no default scenario")?;
    let s = crate::presets::from_run::scenario_from_run(m, catalog, &base)?;
    let reference = Reference::new(catalog);
    let cost = |basis| basis_cost(&s, &reference, basis);
    let rent = s
        .rent_usd_per_gpu_hour
        .as_ref()
        .map_or("no rent".to_string(), |r| {
            format!("{}/GPU-h", crate::model::format::usd(r.value))
        });
    Ok(Today {
        cloud: cost(CostBasis::Rent),
        acquisition: cost(CostBasis::Cluster),
        amortized: cost(CostBasis::EpochAmortized),
        basis: format!(
            "{} at {} a GPU and {rent} (eval --from-run {})",
            s.accelerator.as_deref().unwrap_or("custom card"),
            crate::model::format::usd(s.price_usd.value),
            m.id
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grok_3_today_is_its_from_run_scenarios_cost() {
        // The same numbers `eval --from-run grok-3` prints on the rent, cluster and Epoch
        // amortized bases: 100,000 H100 × 2,400 h = 240 M GPU-hours.
        let c = Catalog::embedded();
        let m = c.find_milestone("grok-3").expect("grok-3");
        let t = run_today(&c, m).expect("priced");
        let base = c.scenario(DEFAULT_SCENARIO).unwrap().scenario.clone();
        let s = crate::presets::from_run::scenario_from_run(m, &c, &base).unwrap();
        let o = s.inputs().outputs();
        let rent = s.rent_usd_per_gpu_hour.as_ref().unwrap().value;
        assert!((t.cloud.unwrap() / (o.gpu_hours * rent) - 1.0).abs() < 1e-12);
        let cluster = s.gpus.value * s.price_usd.value * s.inputs().cluster_overhead;
        assert!((t.acquisition.unwrap() / cluster - 1.0).abs() < 1e-12);
        assert!(
            t.amortized
                .is_some_and(|a| a > 0.0 && a < t.acquisition.unwrap())
        );
        assert!(t.basis.contains("--from-run grok-3"), "{}", t.basis);
    }
}
