//! Authentication and the account check, in Chatwoot's order (`chatwoot/chatwoot@e13e3c873aaf812262a638ad728197fcc72bf515`
//! `app/controllers/api/base_controller.rb`, then `app/controllers/api/v1/accounts/base_controller.rb`
//! with `app/controllers/concerns/ensure_current_account_helper.rb`):
//! sign-in → unknown token → bots → account missing → account suspended → not an account user.

use http::{HeaderMap, HeaderName, StatusCode};

use super::errors;
use super::routes::record_id;
use super::state::{Principal, State};
use super::world::{ChatwootAccountStatus, ChatwootRole};
use crate::exchange::{Operation, Response};
use crate::fidelity::Provenance;

/// The authenticated caller inside the path's account.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Caller {
    pub(crate) user_id: i64,
    pub(crate) account_id: i64,
    pub(crate) role: ChatwootRole,
}

/// The names Rack reads as `HTTP_API_ACCESS_TOKEN` (made once, not parsed per request).
static TOKEN_HEADERS: [HeaderName; 2] = [
    HeaderName::from_static("api_access_token"),
    HeaderName::from_static("api-access-token"),
];

/// The `api_access_token` header as Rack sees it (`HTTP_API_ACCESS_TOKEN`, so
/// `api-access-token` too; names are case-insensitive), or `None` when absent or blank
/// (Ruby `.present?`). `Authorization: Bearer` and `?api_access_token=` are not read.
///
/// One walk over the request's few headers, comparing names, instead of a hashed lookup per
/// name: the first present `api_access_token` value wins, else the first `api-access-token`
/// (the order of [`TOKEN_HEADERS`]; a name's values come in the order they were sent).
pub(crate) fn access_token(headers: &HeaderMap) -> Option<&[u8]> {
    let [underscore, dash] = &TOKEN_HEADERS;
    let mut dashed = None;
    for (name, value) in headers {
        let value = value.as_bytes();
        if value.trim_ascii().is_empty() {
            continue;
        }
        if name == underscore {
            return Some(value);
        }
        if dashed.is_none() && name == dash {
            dashed = Some(value);
        }
    }
    dashed
}

/// The lookup [`access_token`] replaces: each name's values in turn.
#[cfg(test)]
fn access_token_by_name(headers: &HeaderMap) -> Option<&[u8]> {
    TOKEN_HEADERS
        .iter()
        .flat_map(|name| headers.get_all(name))
        .map(|value| value.as_bytes())
        .find(|value| !value.trim_ascii().is_empty())
}

/// A user authenticated by token (steps 1–3, the whole `Api::BaseController` chain).
#[derive(Debug, Clone, Copy)]
pub(crate) struct TokenUser<'r> {
    pub(crate) user_id: i64,
    /// The token as sent.
    pub(crate) token: &'r str,
}

/// Runs steps 1–3 (no account check: `Api::V1::ProfilesController` has none) and returns the
/// token's user, or Chatwoot's answer. No modelled endpoint is in `BOT_ACCESSIBLE_ENDPOINTS`
/// (chatwoot/chatwoot `app/controllers/concerns/access_token_auth_helper.rb` @0110cab3fe05).
pub(crate) fn authenticate_user<'r>(
    state: &State,
    headers: &'r HeaderMap,
    operation: Operation,
) -> Result<TokenUser<'r>, Response> {
    let Some(token) = access_token(headers) else {
        return Err(errors::unauthorized(operation, errors::SIGN_IN));
    };
    let Some((token, principal)) = std::str::from_utf8(token)
        .ok()
        .and_then(|token| Some((token, state.principal(token)?)))
    else {
        return Err(errors::unauthorized(
            operation,
            errors::INVALID_ACCESS_TOKEN,
        ));
    };
    match principal {
        Principal::Bot => Err(errors::unauthorized(operation, errors::BOTS_REFUSED)),
        Principal::User(user_id) => Ok(TokenUser { user_id, token }),
    }
}

/// Runs steps 1–4 and returns the caller, or Chatwoot's answer.
pub(crate) fn authenticate(
    state: &State,
    headers: &HeaderMap,
    account_id: &str,
    operation: Operation,
) -> Result<Caller, Response> {
    let user_id = authenticate_user(state, headers, operation)?.user_id;
    let account = record_id(account_id)
        .and_then(|id| state.world.accounts.iter().find(|a| a.id == id))
        .ok_or_else(|| {
            errors::rendered(
                operation,
                StatusCode::NOT_FOUND,
                errors::RESOURCE_NOT_FOUND,
                Provenance::Observed,
            )
        })?;
    if account.status == ChatwootAccountStatus::Suspended {
        return Err(errors::unauthorized(operation, errors::ACCOUNT_SUSPENDED));
    }
    let member = state
        .account_user(account.id, user_id)
        .ok_or_else(|| errors::unauthorized(operation, errors::NOT_ACCOUNT_USER))?;
    Ok(Caller {
        user_id,
        account_id: account.id,
        role: member.role,
    })
}

#[cfg(test)]
mod tests {
    use http::HeaderValue;
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case::underscore("api_access_token", "t", Some("t"))]
    #[case::dash("api-access-token", "t", Some("t"))]
    #[case::mixed_case("Api-Access-Token", "t", Some("t"))]
    #[case::blank("api_access_token", "  ", None)]
    #[case::bearer("authorization", "Bearer t", None)]
    fn the_token_comes_only_from_the_api_access_token_header(
        #[case] name: &str,
        #[case] value: &str,
        #[case] expected: Option<&str>,
    ) {
        let mut headers = HeaderMap::new();
        headers.insert(
            http::HeaderName::from_bytes(name.as_bytes()).unwrap_or(http::header::ACCEPT),
            HeaderValue::from_str(value).unwrap_or(HeaderValue::from_static("x")),
        );
        assert_eq!(access_token(&headers), expected.map(str::as_bytes));
    }

    #[rstest]
    #[case::none(&[])]
    #[case::other_headers(&[("host", "x"), ("content-type", "application/json")])]
    #[case::underscore(&[("host", "x"), ("api_access_token", "a")])]
    #[case::dash(&[("api-access-token", "b")])]
    #[case::underscore_after_dash(&[("api-access-token", "b"), ("api_access_token", "a")])]
    #[case::blank_underscore(&[("api_access_token", " "), ("api-access-token", "b")])]
    #[case::repeated_underscore(&[("api_access_token", ""), ("api_access_token", "a2"), ("api_access_token", "a3")])]
    #[case::repeated_dash(&[("api-access-token", "b1"), ("host", "x"), ("api-access-token", "b2")])]
    #[case::all_blank(&[("api-access-token", " "), ("api_access_token", "\t")])]
    #[case::interleaved(&[("api-access-token", "b1"), ("api_access_token", " "), ("api-access-token", "b2"), ("api_access_token", "a")])]
    fn one_walk_finds_the_token_the_lookup_by_name_finds(#[case] sent: &[(&str, &str)]) {
        let mut headers = HeaderMap::new();
        for (name, value) in sent {
            headers.append(
                http::HeaderName::from_bytes(name.as_bytes()).unwrap_or(http::header::ACCEPT),
                HeaderValue::from_str(value).unwrap_or(HeaderValue::from_static("x")),
            );
        }
        assert_eq!(access_token(&headers), access_token_by_name(&headers));
    }
}
