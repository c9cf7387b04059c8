//! The explorer as it opens, for the tests that drive it headless.

use agi_compute::app::App;
use agi_compute::presets::DEFAULT_SCENARIO;

/// The default scenario in a fresh explorer, colours off (frames compare as text); the
/// built-in catalog must load without a problem.
pub fn app() -> App {
    let catalog = super::catalog::catalog();
    let scenario = catalog
        .scenario(DEFAULT_SCENARIO)
        .expect("default scenario")
        .scenario
        .clone();
    let mut app = App::new(catalog, scenario);
    app.color = false;
    app
}
