//! The built-in catalog, for the tests that read it.

use agi_compute::presets::Catalog;

/// The embedded catalog; it must load without a problem.
pub fn catalog() -> Catalog {
    let c = Catalog::embedded();
    assert!(c.problems.is_empty(), "{:#?}", c.problems);
    c
}
