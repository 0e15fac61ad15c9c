//! The standalone server: hyper 1 over tokio, HTTP/1.1 and HTTP/2, graceful shutdown.
//!
//! `config.rs` holds the settings, `service.rs` the per-request path, `shared.rs` what every
//! connection shares, `connection.rs` what is kept per connection, `header_values.rs` the usual
//! response header values made at compile time, `journal_ahead.rs` the journal's listing work
//! done off the request path; this file owns the listener, the accept loop and the
//! [`MockServer`] handle. The response body is `crate::body`.

mod body_read;
mod config;
mod connection;
mod header_values;
mod journal_ahead;
mod protocol;
mod service;
mod shared;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hyper::service::service_fn;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

pub use config::{DEFAULT_MAX_BODY, MockConfig};
use connection::Connection;
use shared::Shared;

use crate::control::Control;
use crate::engine::Engine;
use crate::error::{Error, ErrorKind};
use crate::fault::{Fault, FaultSpec};
use crate::journal::{Journal, JournalEntry, RequestFilter};
use crate::verify::{RequestPattern, Times, Verification};
use crate::world::World;

/// How long shutdown waits for in-flight requests before closing their connections.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// A running mock of all three vendors on one port.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use rosterwire_mock::{MockConfig, MockServer};
///
/// // Arrange
/// let server = MockServer::start(MockConfig::new()).await.unwrap();
/// // Act
/// let uri = server.uri();
/// // Assert
/// assert!(uri.starts_with("http://127.0.0.1:"));
/// server.shutdown().await;
/// # }
/// ```
#[derive(Debug)]
#[must_use = "the server stops when its handle is dropped"]
pub struct MockServer {
    address: SocketAddr,
    shared: Arc<Shared>,
    stop: CancellationToken,
    accept_loop: Option<JoinHandle<()>>,
}

impl MockServer {
    /// Starts a server on `127.0.0.1` and a free port.
    ///
    /// # Errors
    /// [`ErrorKind::Bind`] when no port can be bound; [`ErrorKind::InvalidWorld`] for a bad world.
    pub async fn start(config: MockConfig) -> Result<MockServer, Error> {
        let address = "127.0.0.1:0";
        let listener = TcpListener::bind(address).await.map_err(|source| {
            Error::new(ErrorKind::Bind {
                address: address.to_owned(),
                source,
            })
        })?;
        MockServer::start_on(listener, config)
    }

    /// Starts a server on a listener the caller bound (a fixed port, another interface).
    ///
    /// # Errors
    /// [`ErrorKind::Bind`] when the listener has no local address; [`ErrorKind::InvalidWorld`].
    pub fn start_on(listener: TcpListener, config: MockConfig) -> Result<MockServer, Error> {
        let address = listener.local_addr().map_err(|source| {
            Error::new(ErrorKind::Bind {
                address: "listener".to_owned(),
                source,
            })
        })?;
        let engine = Engine::new(&config.world, config.fidelity, config.options)?;
        let control = Control::new(engine, config.world, config.journal_size, &config.faults)?;
        let shared = Arc::new(Shared {
            control,
            max_body: config.max_body,
            admin: config.admin,
        });
        let stop = CancellationToken::new();
        let journal: fn(&Shared) -> &Journal = |shared| &shared.control.journal;
        if config.reserve_journal_memory && shared.control.journal.is_on() {
            tokio::spawn(journal_ahead::reserve_memory(
                Arc::clone(&shared),
                journal,
                stop.clone(),
            ));
        }
        if config.render_journal_ahead && shared.control.journal.is_on() {
            tokio::spawn(journal_ahead::render_when_idle(
                Arc::clone(&shared),
                journal,
                stop.clone(),
            ));
        }
        let accept_loop = tokio::spawn(accept_loop(listener, Arc::clone(&shared), stop.clone()));
        Ok(MockServer {
            address,
            shared,
            stop,
            accept_loop: Some(accept_loop),
        })
    }

    /// The server's origin, e.g. `http://127.0.0.1:4010`.
    pub fn uri(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The bound address.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The engine behind the server (for in-process inspection).
    pub fn engine(&self) -> &Engine {
        &self.shared.control.engine
    }

    /// The current state of every vendor, secrets included (`GET /__admin/world` hides them).
    pub fn world(&self) -> World {
        self.shared.control.world()
    }

    /// Loads a world: replaces the state and the world that [`MockServer::reset`] goes back to
    /// (`PUT /__admin/world`).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidWorld`]; nothing changes then.
    pub fn set_world(&self, world: World) -> Result<(), Error> {
        self.shared.control.set_world(world)
    }

    /// Goes back to the loaded world and clears the journal and every fault
    /// (`POST /__admin/reset`).
    pub fn reset(&self) {
        self.shared.control.reset();
    }

    /// The journal, oldest first, redacted (`GET /__admin/requests`).
    pub fn requests(&self, filter: &RequestFilter) -> Vec<JournalEntry> {
        self.shared.control.requests(filter)
    }

    /// Empties the journal (`DELETE /__admin/requests`).
    pub fn clear_requests(&self) {
        self.shared.control.clear_requests();
    }

    /// Counts the journal entries matching `pattern` (`POST /__admin/verify`). A count that
    /// does not hold is an `Ok` with `ok: false` and the closest near misses.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidFault`] for a bad path pattern; [`ErrorKind::JournalOff`].
    pub fn verify(&self, pattern: &RequestPattern, times: Times) -> Result<Verification, Error> {
        self.shared.control.verify(pattern, times)
    }

    /// Registers a fault (`POST /__admin/faults`).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidFault`] naming the bad field.
    pub fn inject(&self, fault: FaultSpec) -> Result<Fault, Error> {
        self.shared.control.inject(fault)
    }

    /// The registered faults (`GET /__admin/faults`).
    pub fn faults(&self) -> Vec<Fault> {
        self.shared.control.faults.list()
    }

    /// Removes one fault; `false` when there is none with that id
    /// (`DELETE /__admin/faults/{id}`).
    pub fn remove_fault(&self, id: u64) -> bool {
        self.shared.control.faults.remove(id)
    }

    /// Removes every fault (`DELETE /__admin/faults`).
    pub fn clear_faults(&self) {
        self.shared.control.faults.clear();
    }

    /// Stops accepting, lets in-flight requests finish (up to 5 s), then returns.
    pub async fn shutdown(mut self) {
        self.stop.cancel();
        if let Some(handle) = self.accept_loop.take() {
            let _ = handle.await;
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

/// Accepts connections until `stop` fires, then drains them gracefully.
async fn accept_loop(listener: TcpListener, shared: Arc<Shared>, stop: CancellationToken) {
    // Every connection's task, so that shutdown can wait for them to drain.
    let connections = TaskTracker::new();
    loop {
        let (stream, peer) = tokio::select! {
            () = stop.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(error) => {
                    // Out of file descriptors and the like: back off instead of spinning.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let shared = Arc::clone(&shared);
        let connection = Arc::new(Connection::new(&stream, peer));
        let service = service_fn(move |request| {
            service::serve(Arc::clone(&shared), Arc::clone(&connection), request)
        });
        connections.spawn(protocol::serve_connection(stream, service, stop.clone()));
    }
    drop(listener);
    connections.close();
    if tokio::time::timeout(SHUTDOWN_GRACE, connections.wait())
        .await
        .is_err()
    {
        tracing::warn!("shutdown grace period over; closing remaining connections");
    }
}
