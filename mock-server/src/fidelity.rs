//! Fidelity profiles (what the mock imitates) and provenance labels (where a behaviour comes from).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::vendor_name::VendorName;

/// Which behaviour a vendor imitates.
///
/// `Documented` follows the vendor's documents (the contracts describe it); `Observed` follows
/// what the vendor's real server does where the documents are wrong or silent. Where the two
/// agree, one code path serves both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Fidelity {
    /// What the vendor's documents say.
    #[default]
    Documented,
    /// What the vendor's open-source server really does.
    Observed,
}

impl Fidelity {
    /// `documented` or `observed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Fidelity::Documented => "documented",
            Fidelity::Observed => "observed",
        }
    }
}

impl fmt::Display for Fidelity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Fidelity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "documented" => Ok(Fidelity::Documented),
            "observed" => Ok(Fidelity::Observed),
            other => Err(format!(
                "unknown fidelity `{other}`: expected `documented` or `observed`"
            )),
        }
    }
}

/// The fidelity of each vendor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FidelityProfile {
    /// ChatDash (documents only 200 and 500; everything else is `assumed` in both profiles).
    pub chatdash: Fidelity,
    /// Rocket.Chat.
    pub rocketchat: Fidelity,
    /// Chatwoot.
    pub chatwoot: Fidelity,
}

impl FidelityProfile {
    /// The same fidelity for every vendor.
    pub fn all(fidelity: Fidelity) -> Self {
        Self {
            chatdash: fidelity,
            rocketchat: fidelity,
            chatwoot: fidelity,
        }
    }

    /// The fidelity of one vendor.
    pub fn of(&self, vendor: VendorName) -> Fidelity {
        match vendor {
            VendorName::ChatDash => self.chatdash,
            VendorName::RocketChat => self.rocketchat,
            VendorName::Chatwoot => self.chatwoot,
        }
    }

    /// Sets the fidelity of one vendor.
    pub fn set(&mut self, vendor: VendorName, fidelity: Fidelity) {
        match vendor {
            VendorName::ChatDash => self.chatdash = fidelity,
            VendorName::RocketChat => self.rocketchat = fidelity,
            VendorName::Chatwoot => self.chatwoot = fidelity,
        }
    }

    /// Applies one `--fidelity` value: `observed` (all vendors) or `chatwoot=observed` (one).
    ///
    /// # Errors
    /// A message naming the bad vendor or fidelity.
    pub fn apply(&mut self, spec: &str) -> Result<(), String> {
        match spec.split_once('=') {
            None => {
                *self = Self::all(spec.parse()?);
                Ok(())
            }
            Some((vendor, fidelity)) => {
                self.set(vendor.parse()?, fidelity.parse()?);
                Ok(())
            }
        }
    }
}

/// Where a behaviour of the mock comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provenance {
    /// The vendor's documents say so.
    Documented,
    /// The vendor's real (open-source) server does this; cited by repository, commit and path
    /// (`docs/behaviours/<vendor>.md`).
    Observed,
    /// Neither documented nor observed: rosterwire's choice, to be confirmed.
    Assumed,
}

impl Provenance {
    /// `documented`, `observed` or `assumed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Provenance::Documented => "documented",
            Provenance::Observed => "observed",
            Provenance::Assumed => "assumed",
        }
    }
}

impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_fidelity_applies_to_every_vendor() {
        let mut profile = FidelityProfile::default();
        profile.apply("observed").unwrap();
        assert_eq!(profile, FidelityProfile::all(Fidelity::Observed));
    }

    #[test]
    fn a_vendor_fidelity_applies_to_that_vendor_only() {
        let mut profile = FidelityProfile::default();
        profile.apply("chatwoot=observed").unwrap();
        assert_eq!(profile.chatwoot, Fidelity::Observed);
        assert_eq!(profile.rocketchat, Fidelity::Documented);
        assert_eq!(profile.chatdash, Fidelity::Documented);
    }

    #[test]
    fn an_unknown_fidelity_is_refused_with_the_choices() {
        let err = FidelityProfile::default()
            .apply("chatwoot=real")
            .unwrap_err();
        assert_eq!(
            err,
            "unknown fidelity `real`: expected `documented` or `observed`"
        );
    }
}
