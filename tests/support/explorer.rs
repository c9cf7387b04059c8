//! The explorer as it opens, for the tests that drive it headless.

use agi_compute::app::App;
use agi_compute::presets::{Catalog, DEFAULT_SCENARIO};

/// The default scenario in a fresh explorer, colours off (frames compare as text); the
/// built-in catalog must load without a problem.
pub fn app() -> App {
    let catalog = Catalog::embedded();
    assert!(catalog.problems.is_empty(), "{:?}", catalog.problems);
    let scenario = catalog
        .scenario(DEFAULT_SCENARIO)
        .expect("default scenario")
        .scenario
        .clone();
    let mut app = App::new(catalog, scenario);
    app.color = false;
    app
}
