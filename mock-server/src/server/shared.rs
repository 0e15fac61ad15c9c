//! What every connection of one server shares.

use crate::admin::AdminConfig;
use crate::control::Control;

/// What every connection shares.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) control: Control,
    pub(crate) max_body: usize,
    pub(crate) admin: AdminConfig,
}
