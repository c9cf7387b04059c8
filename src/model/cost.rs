//! Cost bases: what "the cost" of a scenario means depends on who is asking.
//!
//! Buying GPUs is not buying a cluster, and a lab renting for one run pays neither. Epoch AI's
//! cost model (Cottier et al. 2024) separates these; the explorer cycles through them.

use super::output::Output;

/// Server share of a cluster's hardware cost relative to the chips: Epoch's 1.54–1.69, midpoint.
pub const EPOCH_SERVER_FACTOR: (f64, f64) = (1.54, 1.69);
/// Interconnect as a share of the whole cluster's cost (Epoch: 19 %).
pub const EPOCH_INTERCONNECT_SHARE: f64 = 0.19;

/// Cluster capex per unit of GPU price: `server factor / (1 − interconnect share)`.
///
/// Derived from Epoch's cost split (Cottier et al., "The rising costs of training frontier AI
/// models", arXiv 2405.21015): with servers at 1.54–1.69× the chips and networking 19 % of the
/// cluster, cluster = chips × 1.615 / 0.81 ≈ 1.99× (range 1.90–2.09×).
pub fn cluster_overhead() -> f64 {
    let (lo, hi) = EPOCH_SERVER_FACTOR;
    (lo + hi) / 2.0 / (1.0 - EPOCH_INTERCONNECT_SHARE)
}

/// Which cost the explorer shows first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, strum::VariantArray, strum::EnumCount)]
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
    /// Epoch AI's amortized method: the optimal replacement rate of the server value.
    EpochAmortized,
}

impl CostBasis {
    pub fn next(self) -> CostBasis {
        CostBasis::ALL[(self as usize + 1) % CostBasis::ALL.len()]
    }

    /// Every basis, in the order `$` cycles through them (the order of the declaration).
    pub const ALL: [CostBasis; <CostBasis as strum::EnumCount>::COUNT] =
        super::all(<CostBasis as strum::VariantArray>::VARIANTS);

    /// The output that holds the cost on this basis (its label says which basis it is).
    pub fn output(self) -> Output {
        match self {
            CostBasis::Gpus => Output::FleetCost,
            CostBasis::Cluster => Output::ClusterCost,
            CostBasis::Rent => Output::RentalCost,
            CostBasis::Amortized => Output::AmortizedCost,
            CostBasis::EpochAmortized => Output::EpochAmortizedCost,
        }
    }

    pub fn label(self) -> &'static str {
        self.output().spec().label
    }

    /// The word after "cost basis:" and in lists of the other bases.
    pub fn word(self) -> &'static str {
        match self {
            CostBasis::Gpus => "GPUs",
            CostBasis::Cluster => "cluster",
            CostBasis::Rent => "rent",
            CostBasis::Amortized => "amortized",
            CostBasis::EpochAmortized => "Epoch amortized",
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
    fn basis_cycle_visits_every_basis() {
        let mut b = CostBasis::Gpus;
        let mut seen = vec![b];
        for _ in 1..CostBasis::ALL.len() {
            b = b.next();
            seen.push(b);
        }
        assert_eq!(b.next(), CostBasis::Gpus);
        assert_eq!(seen, CostBasis::ALL);
    }
}
