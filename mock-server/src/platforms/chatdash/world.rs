//! ChatDash's part of the world: agency API keys, clients and agents, in ChatDash's own
//! camelCase shapes (`GET /clients` and `GET /agents` in ChatDash's API reference,
//! docs.chat-dash.com/api-reference/agents/pages/get-agents; `docs/behaviours/chatdash.md`).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::platforms::vendor::VendorWorld;

/// ChatDash's part of the world (the `"chatdash"` key of a world document).
///
/// ```
/// use rosterwire_mock::World;
///
/// let world = World::seed();
/// assert_eq!(world.chatdash.agency_api_keys, ["cd-agency-key-7f3a9b"]);
/// assert_eq!(world.chatdash.agents.len(), 4);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChatDashWorld {
    /// The agency API keys accepted in the `Authorization` header.
    #[serde(default)]
    pub agency_api_keys: Vec<String>,
    /// The agency's clients.
    #[serde(default)]
    pub clients: Vec<ChatDashClient>,
    /// The agency's agents, in `GET /agents` order and shape.
    #[serde(default)]
    pub agents: Vec<ChatDashAgent>,
}

/// A ChatDash client (`GET /clients`, the `{_id, name, language, isSaasClient}` version).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChatDashClient {
    /// The client id.
    #[serde(rename = "_id")]
    pub id: String,
    /// The client's name.
    pub name: String,
    /// The client's language. Default `en` (as documented).
    #[serde(default = "default_language")]
    pub language: String,
    /// Whether the client is a SaaS client. Default `false` (as documented).
    #[serde(default)]
    pub is_saas_client: bool,
}

/// A ChatDash agent, exactly as `GET /agents` returns it (field order = key order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChatDashAgent {
    /// The agent id.
    #[serde(rename = "_id")]
    pub id: String,
    /// The client the agent is assigned to, or `null` (at most one: assignment is exclusive).
    #[serde(default)]
    pub client_id: Option<String>,
    /// The agent's name.
    pub name: String,
    /// The bot platform behind the agent.
    pub platform: ChatDashPlatform,
    /// The agent's id on its platform.
    pub api_id: String,
    /// The platform API key: a secret.
    pub api_key: String,
    /// Further platform credentials: secrets.
    pub platform_credentials: PlatformCredentials,
    /// Configuration flags.
    #[serde(default)]
    pub agent_config: AgentConfig,
}

/// The ten platforms ChatDash documents for an agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChatDashPlatform {
    /// `voiceflow`
    Voiceflow,
    /// `openai`
    OpenAi,
    /// `botpress`
    Botpress,
    /// `vectorshift`
    VectorShift,
    /// `flowise`
    Flowise,
    /// `vapi`
    Vapi,
    /// `retell`
    Retell,
    /// `elevenlabs`
    ElevenLabs,
    /// `n8n`
    N8n,
    /// `custom`
    Custom,
}

/// An agent's `platformCredentials` (secrets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlatformCredentials {
    /// The bot id on the platform.
    pub bot_id: String,
    /// The workspace id on the platform.
    pub workspace_id: String,
}

/// An agent's `agentConfig` flags (each `false` when left out of a world).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AgentConfig {
    /// `usingExternalWidget`
    #[serde(default)]
    pub using_external_widget: bool,
    /// `useImportWebhook`
    #[serde(default)]
    pub use_import_webhook: bool,
    /// `isTemplate`
    #[serde(default)]
    pub is_template: bool,
    /// `isSaas`
    #[serde(default)]
    pub is_saas: bool,
}

fn default_language() -> String {
    "en".to_owned()
}

impl VendorWorld for ChatDashWorld {
    fn check(&self) -> Result<(), Error> {
        for (i, key) in self.agency_api_keys.iter().enumerate() {
            if key.is_empty() || !key.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(Error::invalid_world(
                    format!("/agencyApiKeys/{i}"),
                    "an agency API key must be non-empty visible ASCII without spaces",
                ));
            }
        }
        let mut clients = HashSet::new();
        for (i, client) in self.clients.iter().enumerate() {
            check_id(&client.id, &format!("/clients/{i}/_id"))?;
            if !clients.insert(client.id.as_str()) {
                return Err(Error::invalid_world(
                    format!("/clients/{i}/_id"),
                    format!("duplicate client id `{}`", client.id),
                ));
            }
        }
        let mut agents = HashSet::new();
        for (i, agent) in self.agents.iter().enumerate() {
            check_id(&agent.id, &format!("/agents/{i}/_id"))?;
            if !agents.insert(agent.id.as_str()) {
                return Err(Error::invalid_world(
                    format!("/agents/{i}/_id"),
                    format!("duplicate agent id `{}`", agent.id),
                ));
            }
            if let Some(client) = &agent.client_id
                && !clients.contains(client.as_str())
            {
                return Err(Error::invalid_world(
                    format!("/agents/{i}/clientId"),
                    format!("unknown client `{client}`"),
                ));
            }
        }
        Ok(())
    }

    fn secrets(&self) -> Vec<String> {
        let mut secrets = self.agency_api_keys.clone();
        for agent in &self.agents {
            secrets.push(agent.api_key.clone());
            secrets.push(agent.platform_credentials.bot_id.clone());
            secrets.push(agent.platform_credentials.workspace_id.clone());
        }
        secrets.retain(|s| !s.is_empty());
        secrets
    }
}

/// An id must be non-empty and a single path segment that needs no percent-encoding: agent ids
/// are matched against the raw (undecoded) URL path.
fn check_id(id: &str, pointer: &str) -> Result<(), Error> {
    let usable = |b: u8| b.is_ascii_graphic() && !b"/?#%".contains(&b);
    if id.is_empty() || !id.bytes().all(usable) {
        return Err(Error::invalid_world(
            pointer,
            format!("id `{id}` must be non-empty and usable as a URL path segment"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use rstest::rstest;

    use super::*;
    use crate::error::ErrorKind;

    fn seed() -> ChatDashWorld {
        crate::seed::section("chatdash")
    }

    fn pointer_of(error: &Error) -> String {
        match error.kind() {
            ErrorKind::InvalidWorld { pointer, .. } => pointer.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_seed_section_checks() {
        seed().check().unwrap();
    }

    #[rstest]
    #[case::unknown_client_id(|w: &mut ChatDashWorld| w.agents[2].client_id = Some("nope".into()), "/agents/2/clientId", "unknown client `nope`")]
    #[case::duplicate_agent_id(|w: &mut ChatDashWorld| w.agents[3].id = w.agents[0].id.clone(), "/agents/3/_id", "duplicate agent id `65a1b2c3d4e5f6a7b8c9d0e1`")]
    #[case::duplicate_client_id(|w: &mut ChatDashWorld| w.clients[1].id = w.clients[0].id.clone(), "/clients/1/_id", "duplicate client id `64b7f0c2a1e4d5f6a7b8c9d0`")]
    #[case::empty_agent_id(|w: &mut ChatDashWorld| w.agents[1].id = String::new(), "/agents/1/_id", "id `` must be non-empty and usable as a URL path segment")]
    #[case::agent_id_with_a_slash(|w: &mut ChatDashWorld| w.agents[1].id = "a/b".into(), "/agents/1/_id", "id `a/b` must be non-empty and usable as a URL path segment")]
    #[case::client_id_with_a_space(|w: &mut ChatDashWorld| w.clients[0].id = "a b".into(), "/clients/0/_id", "id `a b` must be non-empty and usable as a URL path segment")]
    #[case::non_ascii_agent_id(|w: &mut ChatDashWorld| w.agents[0].id = "agent-ä".into(), "/agents/0/_id", "id `agent-ä` must be non-empty and usable as a URL path segment")]
    #[case::empty_agency_key(|w: &mut ChatDashWorld| w.agency_api_keys.push(String::new()), "/agencyApiKeys/1", "an agency API key must be non-empty visible ASCII without spaces")]
    #[case::agency_key_with_a_space(|w: &mut ChatDashWorld| w.agency_api_keys[0] = "a b".into(), "/agencyApiKeys/0", "an agency API key must be non-empty visible ASCII without spaces")]
    fn a_faulty_section_is_refused_with_a_pointer_into_it(
        #[case] spoil: fn(&mut ChatDashWorld),
        #[case] pointer: &str,
        #[case] message: &str,
    ) {
        let mut world = seed();
        spoil(&mut world);
        let error = world.check().unwrap_err();
        assert_eq!(pointer_of(&error), pointer);
        assert!(error.to_string().ends_with(message), "{error}");
    }

    #[test]
    fn every_platform_spelling_is_the_documented_one() {
        let all = [
            ChatDashPlatform::Voiceflow,
            ChatDashPlatform::OpenAi,
            ChatDashPlatform::Botpress,
            ChatDashPlatform::VectorShift,
            ChatDashPlatform::Flowise,
            ChatDashPlatform::Vapi,
            ChatDashPlatform::Retell,
            ChatDashPlatform::ElevenLabs,
            ChatDashPlatform::N8n,
            ChatDashPlatform::Custom,
        ];
        let text = serde_json::to_string(&all).unwrap();
        assert_eq!(
            text,
            r#"["voiceflow","openai","botpress","vectorshift","flowise","vapi","retell","elevenlabs","n8n","custom"]"#
        );
    }

    #[test]
    fn secrets_are_the_agency_keys_and_every_agent_key_and_credential() {
        let world = seed();
        let secrets = world.secrets();
        assert!(secrets.contains(&"cd-agency-key-7f3a9b".to_owned()));
        for agent in &world.agents {
            assert!(secrets.contains(&agent.api_key));
            assert!(secrets.contains(&agent.platform_credentials.bot_id));
            assert!(secrets.contains(&agent.platform_credentials.workspace_id));
        }
        assert_eq!(secrets.len(), 1 + 3 * world.agents.len());
    }

    #[test]
    fn left_out_optional_fields_take_the_documented_defaults() {
        let world: ChatDashWorld = serde_json::from_str(
            r#"{"clients":[{"_id":"c","name":"C"}],
                "agents":[{"_id":"a","name":"A","platform":"n8n","apiId":"i","apiKey":"k",
                           "platformCredentials":{"botId":"b","workspaceId":"w"}}]}"#,
        )
        .unwrap();
        assert_eq!(world.clients[0].language, "en");
        assert!(!world.clients[0].is_saas_client);
        assert_eq!(world.agents[0].client_id, None);
        assert_eq!(world.agents[0].agent_config, AgentConfig::default());
    }
}
