//! The world: every vendor's users, tokens, permissions, groups and memberships in one JSON
//! document (format: `fixtures/worlds/README.md`). The same model seeds the server, is
//! returned and replaced by the admin API, and is what tests inspect.

mod shape;
mod unredact;

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, ErrorKind};
use crate::platforms::{ChatDashWorld, ChatwootWorld, RocketChatWorld, VendorWorld};
use crate::seed::SEED;

/// The state of all three vendors.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct World {
    /// Optional description of the world, kept as is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// ChatDash: agency API keys, clients and agents.
    #[serde(default)]
    pub chatdash: ChatDashWorld,
    /// Rocket.Chat: users with tokens and roles, role permissions, departments and their agents.
    #[serde(default)]
    pub rocketchat: RocketChatWorld,
    /// Chatwoot: accounts, users with tokens, account users (roles), teams and team members.
    #[serde(default)]
    pub chatwoot: ChatwootWorld,
}

impl World {
    /// The built-in seed world (the same document as `fixtures/worlds/default.json`).
    ///
    /// # Panics
    /// Never at run time: the seed is checked by this crate's tests.
    #[allow(clippy::expect_used)]
    pub fn seed() -> World {
        World::from_json(SEED.as_bytes()).expect("the built-in seed world is valid")
    }

    /// The seed world's JSON text, byte for byte.
    pub fn seed_json() -> &'static str {
        SEED
    }

    /// Parses and checks a world document.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidWorld`] with the JSON pointer of the first faulty value.
    pub fn from_json(bytes: &[u8]) -> Result<World, Error> {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let world: World = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let pointer = path_to_pointer(&e.path().to_string());
            Error::invalid_world(pointer, e.inner().to_string())
        })?;
        de.end()
            .map_err(|e| Error::invalid_world("", e.to_string()))?;
        let document: Value =
            serde_json::from_slice(bytes).map_err(|e| Error::invalid_world("", e.to_string()))?;
        let model =
            serde_json::to_value(&world).map_err(|e| Error::invalid_world("", e.to_string()))?;
        shape::objects_where_the_format_says_so(&document, &model)?;
        world.check()?;
        Ok(world)
    }

    /// Parses and checks a world document in which `[REDACTED]` (as `GET /__admin/world`
    /// shows secrets) means "keep the secret `current` has for the same object".
    ///
    /// # Errors
    /// [`ErrorKind::InvalidWorld`] with a JSON pointer: an invalid world, or a redacted secret
    /// that matches nothing in `current`.
    pub fn from_json_keeping_secrets(bytes: &[u8], current: &World) -> Result<World, Error> {
        let Ok(mut document) = serde_json::from_slice::<Value>(bytes) else {
            // Not JSON: the plain parser names the fault.
            return World::from_json(bytes);
        };
        let current_value =
            serde_json::to_value(current).map_err(|e| Error::invalid_world("", e.to_string()))?;
        let redactor = crate::redact::Redactor::new(current.secrets());
        unredact::restore_redacted(&mut document, &current_value, &redactor)?;
        let bytes =
            serde_json::to_vec(&document).map_err(|e| Error::invalid_world("", e.to_string()))?;
        World::from_json(&bytes)
    }

    /// Reads, parses and checks a world file.
    ///
    /// # Errors
    /// [`ErrorKind::ReadWorld`] or [`ErrorKind::InvalidWorld`].
    pub fn from_file(path: &Path) -> Result<World, Error> {
        let bytes = std::fs::read(path).map_err(|source| {
            Error::new(ErrorKind::ReadWorld {
                path: path.to_owned(),
                source,
            })
        })?;
        World::from_json(&bytes)
    }

    /// Checks references and uniqueness in every vendor section.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidWorld`] with a pointer from the document root.
    pub fn check(&self) -> Result<(), Error> {
        self.chatdash
            .check()
            .map_err(|e| e.at_pointer_prefix("/chatdash"))?;
        self.rocketchat
            .check()
            .map_err(|e| e.at_pointer_prefix("/rocketchat"))?;
        self.chatwoot
            .check()
            .map_err(|e| e.at_pointer_prefix("/chatwoot"))?;
        Ok(())
    }

    /// Every secret in the world (tokens, API keys, credentials), for redaction.
    pub fn secrets(&self) -> Vec<String> {
        let mut all = self.chatdash.secrets();
        all.extend(self.rocketchat.secrets());
        all.extend(self.chatwoot.secrets());
        all.retain(|s| !s.is_empty());
        all.sort();
        all.dedup();
        all
    }

    /// The world as pretty JSON (two-space indent, keys in model order), ending with a newline.
    pub fn to_json_pretty(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// Turns serde_path_to_error's `a.b[3].c` into the JSON pointer `/a/b/3/c`.
pub(crate) fn path_to_pointer(path: &str) -> String {
    if path == "." {
        return String::new();
    }
    let mut pointer = String::new();
    for part in path.split('.') {
        let (key, indexes) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            pointer.push('/');
            pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
        }
        for index in indexes.split(['[', ']']).filter(|s| !s.is_empty()) {
            pointer.push('/');
            pointer.push_str(index);
        }
    }
    pointer
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_world_loads_and_checks() {
        let world = World::seed();
        world.check().unwrap();
    }

    #[test]
    fn the_seed_world_round_trips_through_json() {
        let world = World::seed();
        let again = World::from_json(world.to_json_pretty().as_bytes()).unwrap();
        assert_eq!(
            serde_json::to_value(&world).unwrap(),
            serde_json::to_value(&again).unwrap()
        );
    }

    #[test]
    fn serde_paths_become_json_pointers() {
        assert_eq!(
            path_to_pointer("chatwoot.teams[3].id"),
            "/chatwoot/teams/3/id"
        );
        assert_eq!(path_to_pointer("a[0][1]"), "/a/0/1");
        assert_eq!(path_to_pointer("."), "");
    }

    #[test]
    fn an_unknown_top_level_key_is_refused_with_its_pointer() {
        let err = World::from_json(br#"{"slack": {}}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field `slack`"), "{err}");
    }

    #[rstest::rstest]
    #[case::top_level_array("[]", "")]
    #[case::vendor_array(r#"{"chatdash": []}"#, "/chatdash")]
    #[case::nested_array(r#"{"chatdash": {"agents": [[]]}}"#, "/chatdash/agents/0")]
    fn an_array_where_the_format_says_object_is_refused(
        #[case] document: &str,
        #[case] expected: &str,
    ) {
        let err = World::from_json(document.as_bytes()).unwrap_err();
        match err.kind() {
            ErrorKind::InvalidWorld { pointer, .. } => assert_eq!(pointer, expected, "{err}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_redacted_seed_world_loads_back_with_its_secrets() {
        let seed = World::seed();
        let redacted = crate::redact::Redactor::new(seed.secrets())
            .value(&serde_json::to_value(&seed).unwrap());
        let text = serde_json::to_vec(&redacted).unwrap();
        assert!(World::from_json(&text).is_err());
        let again = World::from_json_keeping_secrets(&text, &seed).unwrap();
        assert_eq!(
            serde_json::to_value(&again).unwrap(),
            serde_json::to_value(&seed).unwrap()
        );
    }

    #[test]
    fn a_wrong_type_names_the_pointer() {
        let err = World::from_json(br#"{"description": 5}"#).unwrap_err();
        match err.kind() {
            ErrorKind::InvalidWorld { pointer, .. } => assert_eq!(pointer, "/description"),
            other => panic!("{other:?}"),
        }
    }

    fn pointer_of(error: &Error) -> String {
        match error.kind() {
            ErrorKind::InvalidWorld { pointer, .. } => pointer.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_undocumented_platform_is_refused_with_its_pointer_from_the_root() {
        let text = World::seed_json().replacen("\"voiceflow\"", "\"dialogflow\"", 1);
        let error = World::from_json(text.as_bytes()).unwrap_err();
        assert_eq!(pointer_of(&error), "/chatdash/agents/0/platform");
        assert!(
            error.to_string().contains("unknown variant `dialogflow`"),
            "{error}"
        );
    }

    #[test]
    fn an_unknown_chatdash_agent_key_is_refused() {
        let text = World::seed_json().replacen("\"apiId\"", "\"apiID\"", 1);
        let error = World::from_json(text.as_bytes()).unwrap_err();
        assert!(
            error.to_string().contains("unknown field `apiID`"),
            "{error}"
        );
    }

    #[test]
    fn an_unknown_chatwoot_key_is_refused() {
        let err = World::from_json(br#"{"chatwoot": {"inboxes": []}}"#).unwrap_err();
        assert_eq!(pointer_of(&err), "/chatwoot/inboxes");
        assert!(err.to_string().contains("unknown field `inboxes`"), "{err}");
    }
}
