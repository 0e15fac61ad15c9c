//! The control plane: reset, world, journal, verification and faults, as one implementation
//! behind both the HTTP admin API (`/__admin`) and the [`crate::MockServer`] methods.

use std::sync::{Arc, RwLock};

use bytes::Bytes;

use crate::engine::Engine;
use crate::error::{Error, ErrorKind};
use crate::fault::{Fault, FaultSpec, Faults};
use crate::journal::{Journal, JournalEntry, RequestFilter};
use crate::redact::Redactor;
use crate::verify::{RequestPattern, Times, Verification};
use crate::world::World;

/// The state behind the admin operations.
#[derive(Debug)]
pub(crate) struct Control {
    pub(crate) engine: Engine,
    /// The world `reset` goes back to: the one started with, or the last one loaded.
    loaded: RwLock<World>,
    pub(crate) journal: Journal,
    pub(crate) faults: Faults,
    /// Built from the loaded world's secrets; replaced when a world is loaded.
    redactor: RwLock<Arc<Redactor>>,
}

impl Control {
    /// Builds the engine from `world` and registers the start-up faults.
    pub(crate) fn new(
        engine: Engine,
        world: World,
        journal_size: usize,
        faults: &[FaultSpec],
    ) -> Result<Self, Error> {
        let registry = Faults::default();
        for spec in faults {
            registry.add(spec.clone())?;
        }
        Ok(Self {
            engine,
            redactor: RwLock::new(Arc::new(Redactor::new(world.secrets()))),
            loaded: RwLock::new(world),
            journal: Journal::new(journal_size),
            faults: registry,
        })
    }

    /// Runs `f` with the current redactor, without taking a count on it (the request path's
    /// journal keeps a count only when the world changed since the record it refills).
    pub(crate) fn with_redactor<T>(&self, f: impl FnOnce(&Arc<Redactor>) -> T) -> T {
        match self.redactor.read() {
            Ok(r) => f(&r),
            Err(poisoned) => f(&poisoned.into_inner()),
        }
    }

    /// The redactor for the journal and the logs.
    pub(crate) fn redactor(&self) -> Arc<Redactor> {
        match self.redactor.read() {
            Ok(r) => Arc::clone(&r),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Back to the loaded world; clears the journal and every fault.
    pub(crate) fn reset(&self) {
        let world = match self.loaded.read() {
            Ok(world) => world.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        // The loaded world was valid when it was stored, so this cannot fail; keep the state
        // if it somehow does.
        if let Err(error) = self.engine.set_world(&world) {
            tracing::error!(%error, "reset failed; state kept");
        }
        self.journal.clear();
        self.faults.clear();
    }

    /// Loads a world (it becomes what `reset` goes back to). Atomic.
    pub(crate) fn set_world(&self, world: World) -> Result<(), Error> {
        self.engine.set_world(&world)?;
        let redactor = Arc::new(Redactor::new(world.secrets()));
        match self.redactor.write() {
            Ok(mut r) => *r = redactor,
            Err(poisoned) => *poisoned.into_inner() = redactor,
        }
        match self.loaded.write() {
            Ok(mut loaded) => *loaded = world,
            Err(poisoned) => *poisoned.into_inner() = world,
        }
        Ok(())
    }

    /// The current state, secrets included (for Rust callers only).
    pub(crate) fn world(&self) -> World {
        self.engine.world()
    }

    /// The current state as JSON with every secret of the current and loaded worlds hidden
    /// (what `GET /__admin/world` shows).
    pub(crate) fn world_redacted(&self) -> serde_json::Value {
        let world = self.engine.world();
        let mut secrets = world.secrets();
        if let Ok(loaded) = self.loaded.read() {
            secrets.extend(loaded.secrets());
        }
        let value = serde_json::to_value(&world).unwrap_or_default();
        Redactor::new(secrets).value(&value)
    }

    /// The journal, oldest first, filtered.
    pub(crate) fn requests(&self, filter: &RequestFilter) -> Vec<JournalEntry> {
        let mut entries = self.journal.entries();
        entries.retain(|e| filter.accepts(e));
        entries
    }

    /// The body of `GET /__admin/requests`: the entries `filter` accepts, oldest first.
    pub(crate) fn requests_listing(&self, filter: &RequestFilter) -> Vec<Bytes> {
        self.journal.listing(filter)
    }

    /// Empties the journal.
    pub(crate) fn clear_requests(&self) {
        self.journal.clear();
    }

    /// Counts the journal entries matching `pattern` against `times`.
    pub(crate) fn verify(
        &self,
        pattern: &RequestPattern,
        times: Times,
    ) -> Result<Verification, Error> {
        if !self.journal.is_on() {
            return Err(Error::new(ErrorKind::JournalOff));
        }
        let compiled = pattern.compile().map_err(|(field, message)| {
            Error::new(ErrorKind::InvalidFault {
                pointer: format!("/match/{field}"),
                message: message.to_string(),
            })
        })?;
        Ok(crate::verify::verify(
            &compiled,
            times,
            &self.journal.entries(),
        ))
    }

    /// Registers a fault.
    pub(crate) fn inject(&self, spec: FaultSpec) -> Result<Fault, Error> {
        Ok(self.faults.add(spec)?)
    }
}
