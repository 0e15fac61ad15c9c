//! How a [`crate::MockServer`] is configured.

use crate::fidelity::FidelityProfile;
use crate::vendor::VendorOptions;
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
}

impl Default for MockConfig {
    fn default() -> Self {
        Self::new()
    }
}

impl MockConfig {
    /// The seed world, `documented` fidelity for every vendor, a 1 MiB body limit.
    pub fn new() -> Self {
        Self {
            world: World::seed(),
            fidelity: FidelityProfile::default(),
            options: VendorOptions::default(),
            max_body: DEFAULT_MAX_BODY,
        }
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
}
