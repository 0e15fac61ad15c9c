//! `AgentsController#index` (chatwoot/chatwoot `app/controllers/api/v1/accounts/agents_controller.rb`
//! @002806411144): every user of the account, administrators included, as
//! `Current.account.users.order_by_full_name` (`order('lower(name) ASC')`, chatwoot/chatwoot
//! `app/models/user.rb` @01997e5c5ece), rendered with the agent partial
//! (`agents/index.json.jbuilder` @4e8c645c1f1e). `UserPolicy#index?` is true, so agents may list.

use super::agents_body::agents_body;
use super::auth::Caller;
use super::profile::Profile;
use super::routes::Action;
use super::state::State;
use crate::exchange::{Response, content_type};

/// `index`: the account's users by lower-cased name. Postgres breaks ties in no stated order
/// and sorts by its collation; the mock compares lower-cased text, then ids (assumed).
pub(crate) fn list(state: &State, profile: Profile, caller: Caller) -> Response {
    let mut users: Vec<(String, i64)> = state
        .account_user_ids(caller.account_id)
        .filter_map(|id| Some((state.user(id)?.name.to_lowercase(), id)))
        .collect();
    users.sort();
    let body = agents_body(
        state,
        profile,
        caller.account_id,
        users.into_iter().map(|(_, id)| id),
    );
    let operation = Action::ListAgents.operation();
    Response {
        status: http::StatusCode::OK,
        content_type: Some(content_type::JSON_UTF8),
        headers: &[],
        body,
        provenance: profile.success(operation),
        operation,
    }
}
