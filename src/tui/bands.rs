//! The worker thread that works out the explorer's bands off the key path: the loop sends it
//! the job the evaluation waits for, it posts the bands in the app's inbox, and the loop, which
//! wakes every [`POLL`] while bands are awaited, hands them over with
//! [`Action::BandsReady`](crate::app::Action::BandsReady). A held key queues jobs faster than they run: only the newest is
//! worked out.

use crate::analysis::evaluation::BandJob;
use crate::app::{App, BandsInbox};
use std::sync::mpsc::{Sender, channel};
use std::time::Duration;

/// How often the loop looks for bands while it waits for them: well under a frame at 60 Hz,
/// and the bands of the default scenario take about as long.
pub const POLL: Duration = Duration::from_millis(2);

/// The loop's end of the worker.
pub struct Worker {
    jobs: Sender<BandJob>,
    /// The last job sent, so a redraw does not send it again.
    sent: Option<BandJob>,
}

impl Worker {
    /// Starts the worker and gives `app` its inbox. `None` (the app then works its bands out
    /// on every update, as headless) when no thread can be started.
    pub fn start(app: &mut App) -> Option<Worker> {
        let (jobs, queue) = channel::<BandJob>();
        let inbox = BandsInbox::default();
        let post = inbox.clone();
        std::thread::Builder::new()
            .name("bands".into())
            .spawn(move || {
                while let Ok(mut job) = queue.recv() {
                    while let Ok(newer) = queue.try_recv() {
                        job = newer;
                    }
                    let bands = job.run();
                    post.post(job, bands);
                }
            })
            .ok()?;
        app.bands_inbox = Some(inbox);
        Some(Worker { jobs, sent: None })
    }

    /// Sends the job the app waits for, unless it was sent already. Whether bands are awaited.
    pub fn send_wanted(&mut self, app: &App) -> bool {
        let Some(job) = app.evaluation.waiting_bands() else {
            return false;
        };
        if self.sent.as_ref() != Some(job) && self.jobs.send(job.clone()).is_ok() {
            self.sent = Some(job.clone());
        }
        true
    }
}
