//! Presets: the RON format, embedded data, user files, validation and saving.

mod builtin_files;
pub mod catalog;
pub mod changes;
pub mod checks;
mod compact;
mod embedded;
pub mod epoch;
pub mod epoch_import;
pub mod feasibility;
pub mod fleet_serving;
pub mod from_run;
pub mod identity;
mod inputs;
pub mod limits;
pub mod parse;
pub mod pick;
pub mod problem;
pub mod read;
pub mod save;
pub mod scenario_string;
pub mod schema;
pub mod serving;
pub mod sourced;
pub mod text;
pub mod trends;

pub use catalog::{
    Catalog, DEFAULT_SCENARIO, Origin, ScenarioEntry, Scenarios, load_scenario_file,
    user_preset_dir,
};
pub use problem::Problem;
pub use schema::{
    Abbreviation, Accelerator, Fleet, Milestone, MilestoneKind, Precision, RentTier, Scenario,
    Shape, Sourced, Status,
};
pub use text::Text;
