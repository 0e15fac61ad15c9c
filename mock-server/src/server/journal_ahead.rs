//! Work for the journal's listing done ahead of a read, off the request path: reserving its
//! memory once start-up is over, and rendering new entries once requests pause, so that a
//! `GET /__admin/requests` after a burst of requests only sends text already kept.

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::journal::Journal;

/// How long after start the journal's listing memory is reserved: after the first requests,
/// so that start-up does not wait for it.
const RESERVE_AFTER: Duration = Duration::from_millis(250);

/// How long no entry may be recorded before the new entries are rendered: a pause, not a gap
/// between two requests of a burst.
pub(super) const QUIET: Duration = Duration::from_millis(100);

/// Reserves the journal's listing memory on a blocking thread, once start-up is over.
pub(super) async fn reserve_memory<T: Send + Sync + 'static>(
    owner: Arc<T>,
    journal: fn(&T) -> &Journal,
    stop: CancellationToken,
) {
    tokio::select! {
        () = stop.cancelled() => {}
        () = tokio::time::sleep(RESERVE_AFTER) => {
            let reserved = tokio::task::spawn_blocking(move || {
                journal(&owner).reserve_listing_memory();
            });
            let _ = reserved.await;
        }
    }
}

/// Until `stop`: waits for an entry, then for [`QUIET`] without one, then renders the new
/// entries on a blocking thread (a read arriving meanwhile is answered as usual). Nothing
/// runs while no request comes.
pub(super) async fn render_when_idle<T: Send + Sync + 'static>(
    owner: Arc<T>,
    journal: fn(&T) -> &Journal,
    stop: CancellationToken,
) {
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            () = journal(&owner).recorded() => {}
        }
        loop {
            let seq = journal(&owner).next_seq();
            tokio::select! {
                () = stop.cancelled() => return,
                () = tokio::time::sleep(QUIET) => {}
            }
            if journal(&owner).next_seq() == seq {
                break;
            }
        }
        let owner = Arc::clone(&owner);
        let rendered = tokio::task::spawn_blocking(move || journal(&owner).render_ahead());
        let _ = rendered.await;
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use bytes::Bytes;
    use http::{HeaderMap, Method};
    use tokio::task::JoinHandle;
    use tokio_util::sync::CancellationToken;

    use super::{QUIET, render_when_idle};
    use crate::exchange::Request;
    use crate::journal::{Journal, Outcome};
    use crate::redact::Redactor;

    fn record(journal: &Journal) {
        let headers = HeaderMap::new();
        let request = Request {
            method: &Method::POST,
            path: "/v1/public/agents/assign",
            query: None,
            headers: &headers,
            body: br#"{"agentIds":["a"],"clientId":"c"}"#,
        };
        let outcome = Outcome {
            vendor: None,
            operation: "assign-agents",
            status: Some(200),
            response_body: Some(&Bytes::from_static(b"{}")),
            latency: Duration::ZERO,
            fault: None,
        };
        journal.record(&Arc::new(Redactor::default()), &request, outcome);
    }

    /// Lets the render's blocking thread finish (time is paused: sleeping advances it at once).
    async fn settle(journal: &Journal) -> usize {
        for _ in 0..200 {
            if journal.unkept() == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        journal.unkept()
    }

    /// A 10-entry journal and its render task, with the token that stops it.
    fn start() -> (Arc<Journal>, CancellationToken, JoinHandle<()>) {
        let journal = Arc::new(Journal::new(10));
        let stop = CancellationToken::new();
        let task = tokio::spawn(render_when_idle(
            Arc::clone(&journal),
            |journal| journal,
            stop.clone(),
        ));
        (journal, stop, task)
    }

    #[tokio::test(start_paused = true)]
    async fn new_entries_are_rendered_once_requests_pause() {
        let (journal, stop, task) = start();
        // A burst: an entry every half QUIET keeps the render away.
        for _ in 0..6 {
            record(&journal);
            tokio::time::sleep(QUIET / 2).await;
        }
        assert_eq!(journal.unkept(), 6);
        // The pause: rendered.
        tokio::time::sleep(QUIET * 2).await;
        assert_eq!(settle(&journal).await, 0);
        // More entries later: rendered again, and only after their own pause.
        record(&journal);
        record(&journal);
        tokio::time::sleep(QUIET / 2).await;
        assert_eq!(journal.unkept(), 2);
        tokio::time::sleep(QUIET * 2).await;
        assert_eq!(settle(&journal).await, 0);
        stop.cancel();
        task.await.expect("the task stops");
    }

    #[tokio::test(start_paused = true)]
    async fn nothing_is_rendered_without_a_pause_and_the_task_stops() {
        let (journal, stop, task) = start();
        for _ in 0..20 {
            record(&journal);
            tokio::time::sleep(QUIET / 4).await;
        }
        assert_eq!(journal.unkept(), 10);
        stop.cancel();
        task.await.expect("the task stops");
        tokio::time::sleep(QUIET * 3).await;
        assert_eq!(journal.unkept(), 10);
    }
}
