//! The names of the three vendors and their base paths (which vendor serves a path is
//! decided with the vendors' own routers, in `platforms/paths.rs`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// One of the vendors rosterwire imitates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VendorName {
    /// ChatDash, `PUT /v1/public/agents/assign`.
    #[serde(rename = "chatdash")]
    ChatDash,
    /// Rocket.Chat, `POST /api/v1/livechat/department/{_id}/agents`.
    #[serde(rename = "rocketchat")]
    RocketChat,
    /// Chatwoot, `PATCH /api/v1/accounts/{account_id}/teams/{team_id}/team_members`.
    Chatwoot,
}

impl VendorName {
    /// Every vendor, in a fixed order.
    pub const ALL: [VendorName; 3] = [
        VendorName::ChatDash,
        VendorName::RocketChat,
        VendorName::Chatwoot,
    ];

    /// `chatdash`, `rocketchat` or `chatwoot`.
    pub fn as_str(self) -> &'static str {
        match self {
            VendorName::ChatDash => "chatdash",
            VendorName::RocketChat => "rocketchat",
            VendorName::Chatwoot => "chatwoot",
        }
    }

    /// The path prefix under which this vendor is served (the vendor's own base path).
    pub fn base_path(self) -> &'static str {
        match self {
            VendorName::ChatDash => "/v1/public",
            VendorName::RocketChat => "/api/v1/livechat",
            VendorName::Chatwoot => "/api/v1/accounts",
        }
    }

    /// The base URL a client of this vendor uses against a server at `origin`.
    ///
    /// Rocket.Chat and Chatwoot clients take the server origin (they add `/api/v1/...`
    /// themselves); ChatDash clients take the origin plus `/v1/public`.
    pub fn client_base_url(self, origin: &str) -> String {
        match self {
            VendorName::ChatDash => format!("{origin}/v1/public"),
            VendorName::RocketChat | VendorName::Chatwoot => origin.to_owned(),
        }
    }
}

impl fmt::Display for VendorName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for VendorName {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "chatdash" => Ok(VendorName::ChatDash),
            "rocketchat" => Ok(VendorName::RocketChat),
            "chatwoot" => Ok(VendorName::Chatwoot),
            other => Err(format!(
                "unknown vendor `{other}`: expected `chatdash`, `rocketchat` or `chatwoot`"
            )),
        }
    }
}
