//! The built-in side of a comparison: the world the mock is loaded with (pulled from the target
//! in-process, or a pulled world file and the credentials map beside it), and the target the
//! scenarios run on there — the target's own ids, with each credential replaced by the
//! generated one that stands for it in that world.

use std::collections::BTreeMap;
use std::path::Path;

use rosterwire_mock::{VendorName, World};

use crate::runner::{HttpOptions, Target};
use crate::world_pull::{Source, default_map_path, env_names, parse_map, pull};

/// What a credential the world has no generated value for becomes on the mock (it answers
/// 401, and the comparison shows it).
pub(crate) const UNMAPPED: &str = "rosterwire-unmapped-credential";

/// Why the mock's side could not be prepared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PrepareErrorKind {
    /// A world or map file that cannot be read or used (exit 2).
    BadInput,
    /// The target could not be read to pull its world (exit 3).
    Unreachable,
}

/// An error of [`prepare`]: its kind and one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub(crate) struct PrepareError {
    /// The kind.
    pub(crate) kind: PrepareErrorKind,
    /// What went wrong.
    pub(crate) message: String,
}

fn bad(message: String) -> PrepareError {
    PrepareError {
        kind: PrepareErrorKind::BadInput,
        message,
    }
}

/// The world and the generated credentials.
#[derive(Debug)]
pub(crate) struct MockSide {
    /// The world to load.
    pub(crate) world: World,
    /// `(vendor, credential variable)` → the generated value in `world`.
    pub(crate) generated: BTreeMap<(VendorName, String), String>,
    /// Where the world came from, for the reports.
    pub(crate) source: String,
}

/// Loads `world` (and its credentials map), or pulls the target's world in-process.
///
/// # Errors
/// A world or map that cannot be read, or a pull that failed; one line.
pub(crate) async fn prepare(
    target: &Target,
    targets_file: Option<&Path>,
    world: Option<&Path>,
    http: HttpOptions,
) -> Result<MockSide, PrepareError> {
    if let Some(path) = world {
        let loaded = World::from_file(path).map_err(|e| bad(format!("--compare-world: {e}")))?;
        let map_path = default_map_path(path);
        let text = std::fs::read_to_string(&map_path).map_err(|e| {
            bad(format!(
                "--compare-world: cannot read the credentials map {} ({e}); `world pull` writes it beside the world",
                map_path.display()
            ))
        })?;
        let generated =
            parse_map(&text).map_err(|e| bad(format!("{}: {e}", map_path.display())))?;
        return Ok(MockSide {
            world: loaded,
            generated,
            source: path.display().to_string(),
        });
    }
    let names = targets_file
        .map(|f| env_names(f, &target.name))
        .unwrap_or_default();
    let pulled = pull(target, &names, http).await.map_err(|e| PrepareError {
        kind: match e.kind {
            crate::targets::ErrorKind::Server => PrepareErrorKind::Unreachable,
            _ => PrepareErrorKind::BadInput,
        },
        message: format!("cannot pull the target's world for --compare: {e}"),
    })?;
    let world = World::from_json(pulled.world_text().as_bytes()).map_err(|e| {
        bad(format!(
            "the target's data does not make a valid world: {e}"
        ))
    })?;
    let generated = pulled
        .credentials
        .list()
        .iter()
        .filter(|c| c.source != Source::Returned)
        .map(|c| ((c.vendor, c.name.clone()), c.generated.clone()))
        .collect();
    Ok(MockSide {
        world,
        generated,
        source: "pulled from the target".to_owned(),
    })
}

/// The target on the mock at `origin`: the same ids, the generated credentials.
pub(crate) fn mock_target(
    target: &Target,
    generated: &BTreeMap<(VendorName, String), String>,
    origin: &str,
) -> Target {
    let mut mock = target.clone();
    mock.name = "builtin".to_owned();
    for (vendor, v) in &mut mock.vendors {
        v.base_url = Some(origin.trim_end_matches('/').to_owned());
        for (name, value) in &mut v.secrets {
            *value = generated
                .get(&(*vendor, name.clone()))
                .cloned()
                .unwrap_or_else(|| UNMAPPED.to_owned());
        }
    }
    mock
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mock_target_keeps_ids_and_swaps_credentials() {
        let text = r#"
[targets.staging.chatwoot]
base_url = "https://cw.example.com"
vars = { account_id = 7 }
secrets = { admin_token = "real", agent_token = "real2" }
"#;
        let target =
            crate::runner::parse_target(text, Path::new("t.toml"), "staging", &|_| None).unwrap();
        let generated = BTreeMap::from([(
            (VendorName::Chatwoot, "admin_token".to_owned()),
            "gen".to_owned(),
        )]);
        let mock = mock_target(&target, &generated, "http://127.0.0.1:9");
        let cw = &mock.vendors[&VendorName::Chatwoot];
        assert_eq!(cw.base_url.as_deref(), Some("http://127.0.0.1:9"));
        assert_eq!(cw.vars["account_id"], 7);
        assert_eq!(cw.secrets["admin_token"], "gen");
        assert_eq!(cw.secrets["agent_token"], UNMAPPED);
    }
}
