//! `GET /clients` and `GET /clients/{clientId}`: the agency's clients, in the documented
//! `{_id, name, language, isSaasClient}` shape (docs.chat-dash.com API reference, "Get Clients",
//! the first of its two published versions). That the list is a top-level array, and the 404
//! for an unknown id, are assumed (item 4 in `assumed.rs`).

use crate::exchange::{Operation, Response};
use crate::platforms::chatdash::assumed::Rejection;
use crate::platforms::chatdash::bodies;
use crate::platforms::chatdash::state::State;

/// Every client, in world order (serialized under the caller's lock, never cloned).
pub(crate) fn list(state: &State, operation: Operation) -> Response {
    bodies::documented_json(operation, &state.world.clients)
}

/// One client, or the assumed 404 "Client not found".
pub(crate) fn get(state: &State, operation: Operation, id: &str) -> Result<Response, Rejection> {
    let client = state.client(id).ok_or(Rejection::ClientNotFound)?;
    Ok(bodies::documented_json(operation, client))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::platforms::chatdash::world::{ChatDashClient, ChatDashWorld};
    use crate::vendor_name::VendorName;

    fn client(id: &str, name: &str) -> ChatDashClient {
        ChatDashClient {
            id: id.into(),
            name: name.into(),
            language: "en".into(),
            is_saas_client: false,
        }
    }

    #[test]
    fn clients_are_listed_in_world_order_and_looked_up_by_id() {
        let state = State::new(ChatDashWorld {
            agency_api_keys: vec!["k".into()],
            clients: vec![client("c2", "Second"), client("c1", "First")],
            agents: Vec::new(),
        });
        let op = Operation::new(VendorName::ChatDash, "list-clients");
        assert_eq!(
            list(&state, op).body_text(),
            r#"[{"_id":"c2","name":"Second","language":"en","isSaasClient":false},{"_id":"c1","name":"First","language":"en","isSaasClient":false}]"#
        );
        let op = Operation::new(VendorName::ChatDash, "get-client");
        assert_eq!(
            get(&state, op, "c1").unwrap().body_text(),
            r#"{"_id":"c1","name":"First","language":"en","isSaasClient":false}"#
        );
        assert_eq!(
            get(&state, op, "c3").unwrap_err(),
            Rejection::ClientNotFound
        );
    }
}
