//! Options that only one vendor understands, and what each vendor is built with.

use serde::{Deserialize, Serialize};

use crate::fidelity::Fidelity;

/// Options that only one vendor understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VendorOptions {
    /// Which generation of Rocket.Chat's body validation (and so which 400 messages) to imitate.
    pub rocketchat_validation: RocketChatValidation,
}

/// Which generation of Rocket.Chat's body validation to imitate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RocketChatValidation {
    /// Generation A, Meteor `check` (`Match error: …` messages). The default.
    #[default]
    Meteor,
    /// Generation B, ajv (`… [invalid-params]` messages).
    Ajv,
}

/// What a vendor is built with.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Settings {
    pub(crate) fidelity: Fidelity,
    pub(crate) options: VendorOptions,
}
