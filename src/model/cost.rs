//! Cost bases: what "the cost" of a scenario means depends on who is asking.
//!
//! Buying GPUs is not buying a cluster, and a lab renting for one run pays neither. Epoch AI's
//! cost model (Cottier et al. 2024) separates these; the explorer cycles through them.

use super::compute::{Inputs, Outputs};
use super::units::{DAYS_PER_YEAR, Usd};

/// Server share of a cluster's hardware cost relative to the chips: Epoch's 1.54–1.69, midpoint.
pub const EPOCH_SERVER_FACTOR: (f64, f64) = (1.54, 1.69);
/// Interconnect as a share of the whole cluster's cost (Epoch: 19 %).
pub const EPOCH_INTERCONNECT_SHARE: f64 = 0.19;

/// Cluster capex per unit of GPU price: `server factor / (1 − interconnect share)`.
///
/// Derived from Epoch's cost split (facts.md D5): with servers at 1.54–1.69× the chips and
/// networking 19 % of the cluster, cluster = chips × 1.615 / 0.81 ≈ 1.99× (range 1.90–2.09×).
pub fn cluster_overhead() -> f64 {
    let (lo, hi) = EPOCH_SERVER_FACTOR;
    (lo + hi) / 2.0 / (1.0 - EPOCH_INTERCONNECT_SHARE)
}

/// Which cost the explorer shows first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CostBasis {
    /// GPUs only: `gpus × price` (the press's "$10.5 B").
    #[default]
    Gpus,
    /// GPUs plus servers and networking, Epoch's split.
    Cluster,
    /// Renting the run's GPU-hours.
    Rent,
    /// The run's share of cluster capex over the hardware life, plus energy.
    Amortized,
}

impl CostBasis {
    pub fn next(self) -> CostBasis {
        match self {
            CostBasis::Gpus => CostBasis::Cluster,
            CostBasis::Cluster => CostBasis::Rent,
            CostBasis::Rent => CostBasis::Amortized,
            CostBasis::Amortized => CostBasis::Gpus,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CostBasis::Gpus => "Buy: GPUs",
            CostBasis::Cluster => "Buy: cluster",
            CostBasis::Rent => "Rent",
            CostBasis::Amortized => "Amortized run",
        }
    }
}

/// Every cost basis at once, for `eval` and the compare panel.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Costs {
    pub gpus_usd: Usd,
    pub cluster_usd: Usd,
    pub cluster_overhead: f64,
    /// GPU-hours × rate, when a rate is set.
    pub rent_usd: Option<Usd>,
    /// Cluster capex × share × days / (365.25 × life) + energy, when a life is set.
    pub amortized_cluster_usd: Option<Usd>,
}

impl Costs {
    pub fn new(i: &Inputs, o: &Outputs) -> Costs {
        let overhead = cluster_overhead();
        let cluster = o.fleet_cost_usd.0 * overhead;
        Costs {
            gpus_usd: o.fleet_cost_usd,
            cluster_usd: Usd(cluster),
            cluster_overhead: overhead,
            rent_usd: o.rental_cost_usd,
            amortized_cluster_usd: i.amortization_years.map(|y| {
                Usd(cluster * i.run_share * i.days / (DAYS_PER_YEAR * y) + o.energy_cost_usd.0)
            }),
        }
    }

    /// The cost under one basis; `None` when that basis needs an input that is not set.
    pub fn get(&self, basis: CostBasis) -> Option<Usd> {
        match basis {
            CostBasis::Gpus => Some(self.gpus_usd),
            CostBasis::Cluster => Some(self.cluster_usd),
            CostBasis::Rent => self.rent_usd,
            CostBasis::Amortized => self.amortized_cluster_usd,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overhead_follows_epochs_split() {
        // (1.54 + 1.69) / 2 = 1.615; / 0.81 = 1.99383
        assert!((cluster_overhead() - 1.993_827).abs() < 1e-6);
    }

    #[test]
    fn basis_cycle_visits_all_four() {
        let mut b = CostBasis::Gpus;
        let mut seen = vec![b];
        for _ in 0..3 {
            b = b.next();
            seen.push(b);
        }
        assert_eq!(b.next(), CostBasis::Gpus);
        seen.dedup();
        assert_eq!(seen.len(), 4);
    }
}
