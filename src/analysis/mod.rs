//! Derivations that read several preset files at once and answer one question each.

pub mod feasibility;
