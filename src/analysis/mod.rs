//! Derivations from a scenario or a question and the catalog, between the presets and the
//! reports.

pub mod serving;
