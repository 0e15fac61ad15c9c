//! [`Contracts`]: `contracts/` loaded once, every validator compiled once (JSON Schema 2020-12,
//! an in-memory registry, no network), and lookup by vendor + id or by method + concrete path.

use std::path::{Path, PathBuf};

use jsonschema::{Draft, Registry, Validator};
use serde_json::Value;

use super::error::{ContractError, ContractErrorKind};
use super::index::{INDEX_FILE, Index, IndexEntry};
use super::validate::{OperationContract, StatusContract};

/// Every operation contract, compiled.
#[derive(Debug)]
pub struct Contracts {
    operations: Vec<OperationContract>,
}

impl Contracts {
    /// Loads `dir/index.json` and every schema it names, and compiles them.
    ///
    /// # Errors
    /// A missing or malformed file, or a schema that is not valid JSON Schema 2020-12.
    pub fn load(dir: &Path) -> Result<Contracts, ContractError> {
        let index_path = dir.join(INDEX_FILE);
        let index: Index = serde_json::from_value(read_json(&index_path)?)
            .map_err(|e| ContractError::contract(&index_path, e.to_string()))?;
        let mut schemas = Vec::new();
        for entry in &index.operations {
            let files = entry
                .request
                .iter()
                .chain(entry.statuses.iter().filter_map(|s| s.schema.as_ref()));
            for file in files {
                let path = dir.join(file);
                let schema = read_json(&path)?;
                check_meta(&path, &schema)?;
                schemas.push((path, schema));
            }
        }
        let registry = build_registry(&index_path, &schemas)?;
        let operations = index
            .operations
            .iter()
            .map(|entry| compile(dir, entry, &schemas, &registry))
            .collect::<Result<_, _>>()?;
        Ok(Contracts { operations })
    }

    /// Every operation, sorted by vendor then id.
    pub fn operations(&self) -> &[OperationContract] {
        &self.operations
    }

    /// The operation with this vendor and id.
    pub fn get(&self, vendor: &str, operation_id: &str) -> Option<&OperationContract> {
        self.operations
            .iter()
            .find(|o| o.vendor == vendor && o.id == operation_id)
    }

    /// Finds the operation whose method and path template match a concrete request path
    /// (a query string is ignored). Where several templates match, the one with the most
    /// literal segments wins.
    pub fn find(&self, method: &str, path: &str) -> Option<&OperationContract> {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        self.operations
            .iter()
            .filter(|o| o.method.eq_ignore_ascii_case(method))
            .filter_map(|o| template_match(&o.path, path).map(|literals| (literals, o)))
            .max_by_key(|(literals, _)| *literals)
            .map(|(_, o)| o)
    }
}

/// The number of literal segments if `path` matches `template`, else `None`.
fn template_match(template: &str, path: &str) -> Option<usize> {
    let wanted: Vec<&str> = template.trim_end_matches('/').split('/').collect();
    let got: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    if wanted.len() != got.len() {
        return None;
    }
    let mut literals = 0;
    for (w, g) in wanted.iter().zip(&got) {
        if w.starts_with('{') && w.ends_with('}') {
            if g.is_empty() {
                return None;
            }
        } else if w == g {
            literals += 1;
        } else {
            return None;
        }
    }
    Some(literals)
}

fn read_json(path: &Path) -> Result<Value, ContractError> {
    let text = crate::builtin::read_to_string(path).map_err(|e| ContractError::io(path, e))?;
    serde_json::from_str(&text).map_err(|e| ContractError::contract(path, e.to_string()))
}

/// Refuses a schema that is not valid under the 2020-12 meta-schema.
pub(crate) fn check_meta(path: &Path, schema: &Value) -> Result<(), ContractError> {
    jsonschema::draft202012::meta::validate(schema).map_err(|e| {
        ContractError::new(ContractErrorKind::Schema {
            path: path.to_owned(),
            message: format!("{e} at {}", e.instance_path().as_str()),
        })
    })
}

/// Every schema, under its `$id`, so one contract may `$ref` another without the network.
fn build_registry(
    index_path: &Path,
    schemas: &[(PathBuf, Value)],
) -> Result<Registry<'static>, ContractError> {
    let mut resources = Vec::new();
    for (path, schema) in schemas {
        let id = schema
            .get("$id")
            .and_then(Value::as_str)
            .ok_or_else(|| ContractError::contract(path, "the schema has no `$id`"))?;
        resources.push((id.to_owned(), schema.clone()));
    }
    let mut builder = Registry::new().draft(Draft::Draft202012);
    for (id, schema) in resources {
        builder = builder
            .add(id.as_str(), schema)
            .map_err(|e| ContractError::contract(index_path, e.to_string()))?;
    }
    builder
        .prepare()
        .map_err(|e| ContractError::contract(index_path, e.to_string()))
}

fn compile(
    dir: &Path,
    entry: &IndexEntry,
    schemas: &[(PathBuf, Value)],
    registry: &Registry,
) -> Result<OperationContract, ContractError> {
    let validator = |file: &String| -> Result<Validator, ContractError> {
        let path = dir.join(file);
        let schema = schemas
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, s)| s)
            .ok_or_else(|| ContractError::contract(&path, "not loaded"))?;
        jsonschema::options()
            .with_draft(Draft::Draft202012)
            .with_registry(registry)
            .offline()
            .build(schema)
            .map_err(|e| {
                ContractError::new(ContractErrorKind::Schema {
                    path: path.clone(),
                    message: e.to_string(),
                })
            })
    };
    let request = entry.request.as_ref().map(&validator).transpose()?;
    let statuses = entry
        .statuses
        .iter()
        .map(|s| {
            Ok(StatusContract {
                status: s.status,
                provenance: s.provenance,
                profiles: s.profiles.clone(),
                validator: s.schema.as_ref().map(&validator).transpose()?,
            })
        })
        .collect::<Result<_, ContractError>>()?;
    Ok(OperationContract {
        vendor: entry.vendor.clone(),
        id: entry.id.clone(),
        method: entry.method.clone(),
        path: entry.path.clone(),
        origin: entry.origin,
        provenance: entry.provenance,
        auth: entry.auth.clone(),
        request,
        statuses,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::same_literals("/a/b", "/a/b", Some(3))]
    #[case::a_parameter("/a/{id}/c", "/a/x1/c", Some(3))]
    #[case::an_empty_parameter("/a/{id}", "/a/", None)]
    #[case::a_longer_path("/a/{id}", "/a/x/y", None)]
    #[case::another_literal("/a/b", "/a/c", None)]
    fn a_template_matches_a_concrete_path(
        #[case] template: &str,
        #[case] path: &str,
        #[case] expected: Option<usize>,
    ) {
        assert_eq!(template_match(template, path), expected);
    }

    fn committed() -> Contracts {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("contracts");
        Contracts::load(&dir).unwrap()
    }

    #[rstest]
    #[case::chatdash_assign("PUT", "/v1/public/agents/assign", Some(("chatdash", "assign-agents")))]
    #[case::chatdash_one_agent("GET", "/v1/public/agents/65a1b2c3d4e5f6a7b8c9d0e1", Some(("chatdash", "get-agent")))]
    #[case::chatdash_unassign("PUT", "/v1/public/agents/65a1b2c3d4e5f6a7b8c9d0e1/unassign", Some(("chatdash", "unassign-agent")))]
    #[case::rocketchat_post("POST", "/api/v1/livechat/department/BiqbQav59HD2LzXEY/agents", Some(("rocketchat", "update-department-agents")))]
    #[case::rocketchat_get_with_query("get", "/api/v1/livechat/department/BiqbQav59HD2LzXEY/agents?count=5", Some(("rocketchat", "list-department-agents")))]
    #[case::rocketchat_department("GET", "/api/v1/livechat/department/BiqbQav59HD2LzXEY", Some(("rocketchat", "get-department")))]
    #[case::chatwoot_patch("PATCH", "/api/v1/accounts/1/teams/1/team_members", Some(("chatwoot", "update-team-members")))]
    #[case::chatwoot_delete("DELETE", "/api/v1/accounts/1/teams/1/team_members", Some(("chatwoot", "remove-team-members")))]
    #[case::chatwoot_team("GET", "/api/v1/accounts/1/teams/2", Some(("chatwoot", "get-team")))]
    #[case::chatwoot_has_no_put("PUT", "/api/v1/accounts/1/teams/1/team_members", None)]
    #[case::unknown_route("GET", "/nope", None)]
    fn find_maps_a_concrete_request_to_its_operation(
        #[case] method: &str,
        #[case] path: &str,
        #[case] expected: Option<(&str, &str)>,
    ) {
        let contracts = committed();
        let found = contracts
            .find(method, path)
            .map(|o| (o.vendor.as_str(), o.id.as_str()));
        assert_eq!(found, expected);
    }

    #[test]
    fn every_operation_of_the_index_is_loaded_and_can_be_got() {
        let contracts = committed();
        assert_eq!(contracts.operations().len(), 12);
        let update = contracts.get("chatwoot", "update-team-members").unwrap();
        assert_eq!(update.method, "PATCH");
        assert!(contracts.get("chatwoot", "nope").is_none());
    }

    #[test]
    fn a_schema_that_is_not_2020_12_is_refused_at_load() {
        let dir = tempfile::tempdir().unwrap();
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("contracts");
        std::fs::copy(source.join(INDEX_FILE), dir.path().join(INDEX_FILE)).unwrap();
        let index: Index =
            serde_json::from_value(read_json(&dir.path().join(INDEX_FILE)).unwrap()).unwrap();
        for entry in &index.operations {
            for file in entry
                .request
                .iter()
                .chain(entry.statuses.iter().filter_map(|s| s.schema.as_ref()))
            {
                let target = dir.path().join(file);
                std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                std::fs::copy(source.join(file), &target).unwrap();
            }
        }
        let broken = dir
            .path()
            .join("chatwoot/get-team/response.200.schema.json");
        std::fs::write(&broken, r#"{"$id": "https://x.invalid/a", "type": 5}"#).unwrap();
        let error = Contracts::load(dir.path()).unwrap_err();
        assert_eq!(error.code(), "schema");
        assert!(error.to_string().contains("get-team"), "{error}");
    }
}
