//! Cost bases: what "the cost" of a scenario means depends on who is asking.
//!
//! Buying GPUs is not buying a cluster, and a lab renting for one run pays neither. Epoch AI's
//! cost model (Cottier et al. 2024) separates these; the explorer cycles through them.

use super::output::Output;

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
