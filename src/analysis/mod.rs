//! Derivations that read several preset files at once and answer one question each: the
//! largest feasible run by year, what one replica of a model serves.

pub mod feasibility;
pub mod serving;
