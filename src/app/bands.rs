//! Bands worked out off the key path. The terminal loop hands the evaluation's awaited
//! [`BandJob`] to a worker thread, which posts the answer in the app's [`BandsInbox`];
//! [`Action::BandsReady`](super::Action::BandsReady) takes it into the evaluation, so the state
//! still changes only in [`App::update`](super::App::update) and a keypress never waits for
//! the Monte Carlo.

use crate::analysis::evaluation::BandJob;
use crate::model::uncertainty::Bands;
use std::sync::{Arc, Mutex, MutexGuard};

/// One job's bands, as the worker posts them.
type Answer = (BandJob, Option<Bands>);

/// Answers posted by a worker, oldest first, until the app takes them. Clones share it.
#[derive(Clone, Debug, Default)]
pub struct BandsInbox(Arc<Mutex<Vec<Answer>>>);

impl BandsInbox {
    /// Posts the bands of `job` (called by the worker).
    pub fn post(&self, job: BandJob, bands: Option<Bands>) {
        self.lock().push((job, bands));
    }

    /// Everything posted since the last take.
    pub(super) fn take(&self) -> Vec<Answer> {
        std::mem::take(&mut *self.lock())
    }

    /// The answers are plain values, whole once pushed: a panic elsewhere leaves them usable.
    fn lock(&self) -> MutexGuard<'_, Vec<Answer>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Action, App};
    use crate::model::Output;
    use crate::presets::{Catalog, DEFAULT_SCENARIO};

    fn app() -> App {
        let catalog = Catalog::embedded();
        let scenario = catalog
            .scenario(DEFAULT_SCENARIO)
            .expect("default scenario")
            .scenario
            .clone();
        App::new(catalog, scenario)
    }

    fn awaited(app: &App) -> BandJob {
        app.evaluation
            .waiting_bands()
            .expect("bands awaited")
            .clone()
    }

    #[test]
    fn bands_from_the_inbox_are_those_an_update_works_out() {
        let (mut now, mut later) = (app(), app());
        let inbox = BandsInbox::default();
        later.bands_inbox = Some(inbox.clone());
        assert!(now.evaluation.bands.is_some() && !later.evaluation.bands_pending());
        now.update(Action::Step(1));
        later.update(Action::Step(1));
        assert!(!now.evaluation.bands_pending());
        assert!(later.evaluation.bands_pending());
        // Meanwhile no band is given, and the outputs that will have one say so.
        assert_eq!(later.evaluation.band(Output::TotalFlop), None);
        assert!(later.evaluation.band_pending(Output::TotalFlop));
        assert!(!now.evaluation.band_pending(Output::TotalFlop));
        let first = awaited(&later);
        later.update(Action::Step(1));
        now.update(Action::Step(1));
        let second = awaited(&later);
        assert_ne!(first, second);
        // The answer for a scenario left behind is dropped; the awaited one is taken.
        inbox.post(first.clone(), first.run());
        later.update(Action::BandsReady);
        assert!(later.evaluation.bands_pending());
        inbox.post(second.clone(), second.run());
        later.update(Action::BandsReady);
        assert!(!later.evaluation.bands_pending());
        assert!(later.evaluation.bands.is_some());
        assert_eq!(later.evaluation.bands, now.evaluation.bands);
        assert_eq!(
            later.evaluation.band(Output::TotalFlop),
            now.evaluation.band(Output::TotalFlop)
        );
    }

    #[test]
    fn a_scenario_like_the_last_keeps_its_bands() {
        let mut a = app();
        a.bands_inbox = Some(BandsInbox::default());
        let bands = a.evaluation.bands.clone();
        a.update(Action::Step(1));
        assert!(a.evaluation.bands_pending());
        a.update(Action::Step(-1));
        assert!(!a.evaluation.bands_pending());
        assert_eq!(a.evaluation.bands, bands);
    }

    #[test]
    fn a_notice_outlives_the_bands_arriving() {
        let mut a = app();
        a.bands_inbox = Some(BandsInbox::default());
        a.update(Action::Step(1));
        a.update(Action::CycleCostBasis);
        let notice = a.notice.clone();
        assert!(notice.is_some() && a.evaluation.bands_pending());
        a.update(Action::BandsReady);
        assert_eq!(a.notice, notice);
    }
}
