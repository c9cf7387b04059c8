//! Derivations that read several preset files at once and answer one question each: the
//! largest feasible run by year, what one replica of a model serves, a known run at today's
//! prices.

pub mod buy_rent;
pub mod cards;
pub mod evaluation;
pub mod feasibility;
pub mod goal;
pub mod limits;
pub mod lineup;
pub mod sensitivity;
pub mod serving;
pub mod sweep;
pub mod today;
