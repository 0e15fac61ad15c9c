//! How a [`crate::MockServer`] is configured.

use crate::admin::AdminConfig;
use crate::fault::FaultSpec;
use crate::fidelity::FidelityProfile;
use crate::journal::DEFAULT_JOURNAL_SIZE;
use crate::platforms::VendorOptions;
use crate::world::World;

/// The default request body limit: 1 MiB.
pub const DEFAULT_MAX_BODY: usize = 1024 * 1024;

/// Configuration of a mock server. Build it with [`MockConfig::new`] and the `with_*` setters.
///
/// ```
/// use rosterwire_mock::{Fidelity, FidelityProfile, MockConfig, World};
///
/// let config = MockConfig::new()
///     .with_world(World::seed())
///     .with_fidelity(FidelityProfile::all(Fidelity::Observed))
///     .with_max_body(64 * 1024);
/// assert_eq!(config.max_body(), 64 * 1024);
/// ```
#[derive(Debug, Clone)]
pub struct MockConfig {
    pub(crate) world: World,
    pub(crate) fidelity: FidelityProfile,
    pub(crate) options: VendorOptions,
    pub(crate) max_body: usize,
    pub(crate) journal_size: usize,
    pub(crate) admin: AdminConfig,
    pub(crate) faults: Vec<FaultSpec>,
    pub(crate) reserve_journal_memory: bool,
    pub(crate) render_journal_ahead: bool,
}

impl Default for MockConfig {
    fn default() -> Self {
        Self::new()
    }
}

impl MockConfig {
    /// The seed world, `documented` fidelity for every vendor, a 1 MiB body limit, a journal
    /// of 1000 entries, the admin API on for loopback clients without a token, no faults.
    pub fn new() -> Self {
        Self {
            world: World::seed(),
            fidelity: FidelityProfile::default(),
            options: VendorOptions::default(),
            max_body: DEFAULT_MAX_BODY,
            journal_size: DEFAULT_JOURNAL_SIZE,
            admin: AdminConfig::default(),
            faults: Vec::new(),
            reserve_journal_memory: false,
            render_journal_ahead: false,
        }
    }

    /// Reserves and touches, shortly after start and in the background, the memory the
    /// journal's listing is written into (2 KiB per entry, 2 MiB for the default journal), so
    /// that the first `GET /__admin/requests` does not pay for first-touching fresh memory
    /// (a page fault per 4 KiB; tens of microseconds each in some VMs). `rosterwire serve`
    /// turns it on; off by default (tests start many short-lived servers).
    #[must_use]
    pub fn with_journal_memory_reserved(mut self, reserve: bool) -> Self {
        self.reserve_journal_memory = reserve;
        self
    }

    /// Renders the journal's new entries into their listing text once requests pause (100 ms
    /// without one), on a blocking thread, so that a `GET /__admin/requests` after a burst
    /// sends kept text instead of redacting and rendering up to a whole journal. A read within
    /// the pause renders what is new itself, as without this. Nothing runs while no request
    /// comes. `rosterwire serve` turns it on; off by default.
    #[must_use]
    pub fn with_journal_rendered_ahead(mut self, render: bool) -> Self {
        self.render_journal_ahead = render;
        self
    }

    /// How many requests the journal keeps (newest win); 0 turns it off. Default 1000.
    #[must_use]
    pub fn with_journal_size(mut self, entries: usize) -> Self {
        self.journal_size = entries;
        self
    }

    /// Who may use the HTTP admin API under `/__admin`. Default: loopback clients, no token.
    #[must_use]
    pub fn with_admin(mut self, admin: AdminConfig) -> Self {
        self.admin = admin;
        self
    }

    /// A fault registered at start (and cleared by reset, like any other).
    #[must_use]
    pub fn with_fault(mut self, fault: FaultSpec) -> Self {
        self.faults.push(fault);
        self
    }

    /// The world to start from (and to go back to on reset). Default: [`World::seed`].
    #[must_use]
    pub fn with_world(mut self, world: World) -> Self {
        self.world = world;
        self
    }

    /// The fidelity of each vendor. Default: `documented` for all.
    #[must_use]
    pub fn with_fidelity(mut self, fidelity: FidelityProfile) -> Self {
        self.fidelity = fidelity;
        self
    }

    /// Vendor-specific options. Default: [`VendorOptions::default`].
    #[must_use]
    pub fn with_vendor_options(mut self, options: VendorOptions) -> Self {
        self.options = options;
        self
    }

    /// The largest request body accepted, in bytes. Default 1 MiB.
    #[must_use]
    pub fn with_max_body(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// The world the server starts from.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// The fidelity of each vendor.
    pub fn fidelity(&self) -> FidelityProfile {
        self.fidelity
    }

    /// The request body limit in bytes.
    pub fn max_body(&self) -> usize {
        self.max_body
    }

    /// How many requests the journal keeps.
    pub fn journal_size(&self) -> usize {
        self.journal_size
    }
}
