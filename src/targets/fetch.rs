//! The read-only requests of `targets init`: GET only, through the runner's [`HttpClient`].

use serde_json::Value;

use super::chatdash::ChatDashFacts;
use super::chatwoot::{AccountFacts, ChatwootFacts, choose_account, choose_other_account};
use super::error::Error;
use super::rocketchat::{RocketChatFacts, department_ids};
use crate::runner::{HttpClient, OutgoingRequest, Redactor};

/// A GET client for one vendor: base URL and auth headers.
pub(crate) struct Reader<'a> {
    /// The client.
    pub(crate) client: &'a HttpClient,
    /// The vendor's base URL (no trailing slash).
    pub(crate) base_url: &'a str,
    /// The auth headers.
    pub(crate) headers: Vec<(String, String)>,
    /// Masks the credentials in error messages.
    pub(crate) redactor: &'a Redactor,
}

/// What a GET returned: a JSON body, or a status other than 2xx.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Read {
    /// 200 with a JSON body.
    Json(Value),
    /// A status outside 2xx, with the start of the body.
    Refused {
        /// The status.
        status: u16,
        /// The first 200 characters of the body.
        body: String,
    },
}

impl Reader<'_> {
    /// `GET path`, expecting 200 with a JSON body.
    ///
    /// # Errors
    /// A transport failure, another status, or a body that is not JSON.
    pub(crate) async fn get(&self, path: &str) -> Result<Value, Error> {
        match self.read(path).await? {
            Read::Json(value) => Ok(value),
            Read::Refused { status, body } => Err(self.refusal(path, status, &body)),
        }
    }

    /// `GET path`: a JSON body on 200, or the status when it is outside 2xx.
    ///
    /// # Errors
    /// A transport failure, a 2xx other than 200, or a 200 body that is not JSON.
    pub(crate) async fn read(&self, path: &str) -> Result<Read, Error> {
        let request = OutgoingRequest {
            method: "GET".to_owned(),
            url: format!("{}{path}", self.base_url),
            headers: self.headers.clone(),
            body: None,
        };
        let (response, _) = self
            .client
            .send(&request)
            .await
            .map_err(|f| Error::server(format!("GET {path}: {}", f.message)))?;
        if response.status != 200 {
            let body: String = response.text().chars().take(200).collect();
            if (200..300).contains(&response.status) {
                return Err(self.refusal(path, response.status, &body));
            }
            return Ok(Read::Refused {
                status: response.status,
                body,
            });
        }
        serde_json::from_slice(&response.body)
            .map(Read::Json)
            .map_err(|e| Error::server(format!("GET {path}: the body is not JSON ({e})")))
    }

    /// The error for an unusable status (credentials masked).
    pub(crate) fn refusal(&self, path: &str, status: u16, body: &str) -> Error {
        Error::server(
            self.redactor
                .text(&format!("GET {path} answered {status}: {body}")),
        )
    }
}

/// Reads what the Chatwoot mapping needs: the profile, the account's teams, agents and team
/// members, and another administered account's teams and agents.
///
/// # Errors
/// A failed read, or no account to check.
pub(super) async fn chatwoot(
    reader: &Reader<'_>,
    account_id: Option<i64>,
) -> Result<ChatwootFacts, Error> {
    let profile = reader.get("/api/v1/profile").await?;
    let Some(id) = choose_account(&profile, account_id) else {
        return Err(Error::bad_input(
            "the administrator token's user administers no active account: pass --account-id",
        ));
    };
    let account = account(reader, id, true).await?;
    let other = match choose_other_account(&profile, id) {
        Some(other) => Some(self::account(reader, other, false).await?),
        None => None,
    };
    Ok(ChatwootFacts {
        profile,
        account,
        other,
    })
}

async fn account(reader: &Reader<'_>, id: i64, with_members: bool) -> Result<AccountFacts, Error> {
    let teams = reader.get(&format!("/api/v1/accounts/{id}/teams")).await?;
    let agents = reader.get(&format!("/api/v1/accounts/{id}/agents")).await?;
    let mut members = std::collections::BTreeMap::new();
    if with_members {
        let ids: Vec<i64> = teams
            .as_array()
            .map(|t| t.iter().filter_map(|t| t.get("id")?.as_i64()).collect())
            .unwrap_or_default();
        for team in ids {
            let list = reader
                .get(&format!("/api/v1/accounts/{id}/teams/{team}/team_members"))
                .await?;
            members.insert(team, list);
        }
    }
    Ok(AccountFacts {
        id,
        teams,
        agents,
        members,
    })
}

/// Reads the departments, their agents, the livechat agents and the users.
///
/// # Errors
/// A failed read.
pub(super) async fn rocketchat(
    reader: &Reader<'_>,
    admin_user_id: String,
    user_ids: std::collections::BTreeMap<String, String>,
) -> Result<RocketChatFacts, Error> {
    let departments = reader.get("/api/v1/livechat/department?count=100").await?;
    let mut department_agents = std::collections::BTreeMap::new();
    for id in department_ids(&departments) {
        let agents = reader
            .get(&format!(
                "/api/v1/livechat/department/{id}/agents?count=100"
            ))
            .await?;
        department_agents.insert(id, agents);
    }
    let agents = reader.get("/api/v1/livechat/users/agent?count=100").await?;
    // Only `pat_id` comes from the users list: a refusal (permission) leaves it unavailable.
    let users = reader.get("/api/v1/users.list?count=100").await;
    Ok(RocketChatFacts {
        admin_user_id,
        user_ids,
        departments,
        department_agents,
        agents,
        users,
    })
}

/// Reads the agents and the clients. A client list the server does not have or refuses
/// (any status outside 2xx but 401 and 403) is left out, with the reason: the mapping then
/// takes the clients from the agents' `clientId`s.
///
/// # Errors
/// A failed read of the agents; a transport failure, 401 or 403 on the clients.
pub(super) async fn chatdash(reader: &Reader<'_>) -> Result<ChatDashFacts, Error> {
    const CLIENTS: &str = "/v1/public/clients";
    let agents = reader.get("/v1/public/agents").await?;
    let clients = clients_or_reason(CLIENTS, reader.read(CLIENTS).await?)
        .map_err(|(status, body)| reader.refusal(CLIENTS, status, &body))?;
    Ok(ChatDashFacts { agents, clients })
}

/// The client list, the reason it is missing, or (as `Err`) a credential refusal (401/403).
fn clients_or_reason(path: &str, read: Read) -> Result<Result<Value, Error>, (u16, String)> {
    match read {
        Read::Json(value) => Ok(Ok(value)),
        Read::Refused {
            status: status @ (401 | 403),
            body,
        } => Err((status, body)),
        Read::Refused { status, .. } => {
            Ok(Err(Error::server(format!("GET {path} answered {status}"))))
        }
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;
    use serde_json::json;

    use super::*;

    fn refused(status: u16) -> Read {
        Read::Refused {
            status,
            body: "x".to_owned(),
        }
    }

    #[rstest]
    #[case::listed(Read::Json(json!([])), Ok(Ok(json!([]))))]
    #[case::not_found(refused(404), Ok(Err(Error::server("GET /c answered 404"))))]
    #[case::method_not_allowed(refused(405), Ok(Err(Error::server("GET /c answered 405"))))]
    #[case::server_error(refused(500), Ok(Err(Error::server("GET /c answered 500"))))]
    #[case::redirect(refused(302), Ok(Err(Error::server("GET /c answered 302"))))]
    #[case::bad_key(refused(401), Err((401, "x".to_owned())))]
    #[case::forbidden(refused(403), Err((403, "x".to_owned())))]
    fn a_missing_client_list_is_a_reason_but_a_credential_refusal_is_an_error(
        #[case] read: Read,
        #[case] outcome: Result<Result<Value, Error>, (u16, String)>,
    ) {
        assert_eq!(clients_or_reason("/c", read), outcome);
    }
}
