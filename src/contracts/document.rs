//! One vendor document's operation → a [`DerivedOperation`]: the fence's operation found in
//! `paths`, keyword string booleans fixed (recorded), the server base path prefixed, parameters
//! and auth collected, request and response schemas converted with their examples folded in
//! (string booleans fixed against the schema, recorded), overlay facts merged and overlay
//! statuses added.

use std::collections::BTreeMap;
use std::path::Path;

use rosterwire_mock::Provenance;
use serde_json::{Map, Value, json};

use super::convert::{Conversion, OpenApiVersion, follow, to_json_schema};
use super::error::ContractError;
use super::extract::ExtractedDocument;
use super::index::{IndexEntry, Origin, StatusEntry};
use super::model::{DOCS_LABEL, DerivedOperation, RawExample};
use super::normalize::{Normalization, escape, fix_example_booleans, fix_keyword_booleans};
use super::overlay::{DocumentOverlay, Fact};
use super::reference::{envelope, overlay_status};

/// The state of deriving one vendor document's operation.
pub(crate) struct DocumentDerivation<'a> {
    vendor: &'a str,
    found: &'a ExtractedDocument,
    binding: &'a DocumentOverlay,
    overlay_path: &'a Path,
    root: Value,
    version: OpenApiVersion,
    fixes: Vec<Normalization>,
    examples: Vec<RawExample>,
}

/// The path and header parameters of an operation, each `{name, required, schema, source}`.
struct DeclaredParameters {
    path: Vec<Value>,
    header: Vec<Value>,
}

/// A converted schema plus how it was made.
struct Part {
    schema: Value,
    pointer: String,
    conversions: Vec<Conversion>,
    fixes: Vec<Normalization>,
    facts: Vec<Value>,
}

impl<'a> DocumentDerivation<'a> {
    pub(crate) fn new(
        vendor: &'a str,
        found: &'a ExtractedDocument,
        binding: &'a DocumentOverlay,
        overlay_path: &'a Path,
    ) -> Self {
        Self {
            vendor,
            found,
            binding,
            overlay_path,
            root: found.openapi.clone(),
            version: OpenApiVersion::of(&found.openapi),
            fixes: Vec::new(),
            examples: Vec::new(),
        }
    }

    fn document(&self) -> &str {
        &self.found.document
    }

    pub(crate) fn run(mut self) -> Result<DerivedOperation, ContractError> {
        let document = self.document().to_owned();
        fix_keyword_booleans(&document, &mut self.root, &mut self.fixes);
        let method = self.found.method.to_ascii_lowercase();
        let op_pointer = format!("/paths/{}/{method}", escape(&self.found.path));
        let operation = self.root.pointer(&op_pointer).cloned().ok_or_else(|| {
            ContractError::shape(
                &document,
                &op_pointer,
                "the fence's operation is not in `paths`",
            )
        })?;
        let full_path = self.full_path(&document)?;
        let (parameters, auth) = self.parameters(&operation, &op_pointer)?;
        let request = self.request(&operation, &op_pointer)?;
        let documented = self.responses(&operation, &op_pointer)?;

        let op_dir = format!("{}/{}", self.vendor, self.binding.operation);
        let mut responses = BTreeMap::new();
        let mut statuses = Vec::new();
        let source_of = |pointer: &str| json!({"document": format!("{DOCS_LABEL}/{document}"), "pointer": pointer});
        for (status, (description, part)) in &documented {
            let schema = part.as_ref().map(|part| {
                self.wrap(
                    &op_dir,
                    &format!("response {status}"),
                    &format!("response.{status}.schema.json"),
                    Provenance::Documented,
                    source_of(&part.pointer),
                    part,
                )
            });
            statuses.push(StatusEntry {
                status: *status,
                provenance: Provenance::Documented,
                description: description.clone(),
                schema: schema
                    .as_ref()
                    .map(|_| format!("{op_dir}/response.{status}.schema.json")),
                // The real server never sends it: only the documented profile does.
                profiles: self
                    .binding
                    .never_sent
                    .iter()
                    .any(|never| never.status == *status)
                    .then(|| vec![rosterwire_mock::Fidelity::Documented]),
            });
            if let Some(schema) = schema {
                responses.insert(*status, schema);
            }
        }
        for added in &self.binding.statuses {
            if documented.contains_key(&added.status) {
                return Err(ContractError::overlay(
                    self.overlay_path,
                    format!(
                        "{}: status {} is already documented",
                        self.binding.operation, added.status
                    ),
                ));
            }
            let (entry, schema) = overlay_status(self.vendor, &self.binding.operation, added);
            statuses.push(entry);
            if let Some(schema) = schema {
                responses.insert(added.status, schema);
            }
        }
        statuses.sort_by_key(|s| s.status);
        let request_file = request.as_ref().map(|part| {
            self.wrap(
                &op_dir,
                "request",
                "request.schema.json",
                Provenance::Documented,
                source_of(&part.pointer),
                part,
            )
        });
        let entry = IndexEntry {
            vendor: self.vendor.to_owned(),
            id: self.binding.operation.clone(),
            method: self.found.method.clone(),
            path: full_path,
            origin: Origin::VendorDocument,
            provenance: Provenance::Documented,
            source: format!("{DOCS_LABEL}/{document}#{op_pointer}"),
            auth: auth.clone(),
            parameters: format!("{op_dir}/parameters.json"),
            request: request_file
                .as_ref()
                .map(|_| format!("{op_dir}/request.schema.json")),
            statuses,
        };
        let parameters_file = json!({
            "title": format!("{} {}: parameters", self.vendor, self.binding.operation),
            "source": source_of(&op_pointer),
            "auth": auth,
            "path": parameters.path,
            "header": parameters.header,
            "normalizations": self.fixes.iter().filter(|f| f.rule != "example-string-boolean").collect::<Vec<_>>(),
        });
        Ok(DerivedOperation {
            entry,
            parameters: parameters_file,
            request: request_file,
            responses,
            document: Some(document),
            openapi: Some(self.root),
            normalizations: self.fixes,
            examples: self.examples,
            documented: documented
                .into_iter()
                .filter_map(|(status, (_, part))| part.map(|p| (status, p.schema)))
                .collect(),
            added_statuses: self.binding.statuses.clone(),
            observed_fields: self.binding.observed_fields.clone(),
            never_sent: self.binding.never_sent.clone(),
        })
    }

    /// The server URL's path (ChatDash's `/v1/public`) + the document's path template.
    fn full_path(&mut self, document: &str) -> Result<String, ContractError> {
        let server = self
            .root
            .pointer("/servers/0/url")
            .and_then(Value::as_str)
            .unwrap_or("/");
        let base = url::Url::parse(server)
            .map(|u| u.path().trim_end_matches('/').to_owned())
            .map_err(|e| ContractError::shape(document, "/servers/0/url", e.to_string()))?;
        let full = format!("{base}{}", self.found.path);
        if !base.is_empty() {
            self.fixes.push(Normalization {
                document: document.to_owned(),
                pointer: "/servers/0/url".to_owned(),
                rule: "server-base-path",
                change: format!(
                    "the server URL's path `{base}` was prefixed: `{}` became `{full}`",
                    self.found.path
                ),
            });
        }
        Ok(full)
    }

    /// (path parameters, header parameters), and the auth scheme.
    fn parameters(
        &mut self,
        operation: &Value,
        op_pointer: &str,
    ) -> Result<(DeclaredParameters, Value), ContractError> {
        let document = self.document().to_owned();
        let path_item_pointer = op_pointer
            .rsplit_once('/')
            .map(|(p, _)| p)
            .unwrap_or_default()
            .to_owned();
        let mut declared = Vec::new();
        for (list, base) in [
            (
                self.root
                    .pointer(&format!("{path_item_pointer}/parameters"))
                    .cloned(),
                format!("{path_item_pointer}/parameters"),
            ),
            (
                operation.get("parameters").cloned(),
                format!("{op_pointer}/parameters"),
            ),
        ] {
            for (index, parameter) in list
                .and_then(|l| l.as_array().cloned())
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                let pointer = format!("{base}/{index}");
                let (resolved, resolved_pointer) =
                    match parameter.get("$ref").and_then(Value::as_str) {
                        Some(reference) => (
                            follow(&document, &self.root, reference)?.clone(),
                            reference.trim_start_matches('#').to_owned(),
                        ),
                        None => (parameter.clone(), pointer),
                    };
                declared.push((resolved, resolved_pointer));
            }
        }
        let (mut path_params, mut header_params) = (Vec::new(), Vec::new());
        for (parameter, pointer) in &declared {
            let name = parameter
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let mut conversions = Vec::new();
            let schema = match parameter.get("schema") {
                Some(schema) => to_json_schema(
                    &document,
                    &self.root,
                    schema,
                    self.version,
                    &mut conversions,
                )?,
                None => json!({}),
            };
            let entry = json!({
                "name": name,
                "required": parameter.get("required").and_then(Value::as_bool).unwrap_or(false),
                "schema": schema,
                "source": pointer,
            });
            match parameter.get("in").and_then(Value::as_str) {
                Some("path") => path_params.push(entry),
                Some("header") => header_params.push(entry),
                _ => {}
            }
        }
        let auth = self.auth(operation, op_pointer, &header_params)?;
        Ok((
            DeclaredParameters {
                path: path_params,
                header: header_params,
            },
            auth,
        ))
    }

    fn auth(
        &mut self,
        operation: &Value,
        op_pointer: &str,
        headers: &[Value],
    ) -> Result<Value, ContractError> {
        let document = self.document().to_owned();
        let requirement = operation
            .get("security")
            .or_else(|| self.root.get("security"))
            .and_then(Value::as_array)
            .and_then(|list| list.first())
            .and_then(Value::as_object)
            .and_then(|req| req.keys().next().cloned());
        if let Some(name) = requirement {
            let pointer = format!("/components/securitySchemes/{}", escape(&name));
            let scheme = self.root.pointer(&pointer).ok_or_else(|| {
                ContractError::shape(&document, &pointer, "an undefined security scheme")
            })?;
            return Ok(json!({
                "scheme": scheme.get("type").cloned().unwrap_or(Value::Null),
                "in": scheme.get("in").cloned().unwrap_or(Value::Null),
                "names": [scheme.get("name").cloned().unwrap_or(Value::Null)],
                "declared_as": format!("security scheme `{name}`"),
            }));
        }
        let names: Vec<&str> = headers.iter().filter_map(|h| h["name"].as_str()).collect();
        if names.is_empty() {
            return Err(ContractError::shape(
                &document,
                op_pointer,
                "no security scheme and no header parameter to authenticate with",
            ));
        }
        self.fixes.push(Normalization {
            document: document.clone(),
            pointer: format!("{op_pointer}/parameters"),
            rule: "auth-from-header-parameters",
            change: format!(
                "no security scheme is declared; the required header parameter(s) {} were recorded as the auth scheme",
                names.join(", ")
            ),
        });
        Ok(
            json!({"scheme": "apiKey", "in": "header", "names": names, "declared_as": "header parameters"}),
        )
    }

    fn request(
        &mut self,
        operation: &Value,
        op_pointer: &str,
    ) -> Result<Option<Part>, ContractError> {
        let document = self.document().to_owned();
        let Some(mut body) = operation.get("requestBody").cloned() else {
            return Ok(None);
        };
        let mut pointer = format!("{op_pointer}/requestBody");
        let reference = body.get("$ref").and_then(Value::as_str).map(str::to_owned);
        if let Some(reference) = &reference {
            body = follow(&document, &self.root, reference)?.clone();
            reference.trim_start_matches('#').clone_into(&mut pointer);
        }
        let mut part = self.media_part(&body, &pointer)?;
        if let Some(part) = part.as_mut() {
            if let Some(reference) = &reference {
                part.conversions.insert(0, followed(reference));
            }
            self.apply_facts("request", part)?;
        }
        Ok(part)
    }

    fn responses(
        &mut self,
        operation: &Value,
        op_pointer: &str,
    ) -> Result<BTreeMap<u16, (String, Option<Part>)>, ContractError> {
        let document = self.document().to_owned();
        let mut out = BTreeMap::new();
        let responses = operation
            .get("responses")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        for (key, response) in responses {
            let base = format!("{op_pointer}/responses/{}", escape(&key));
            let status: u16 = key.parse().map_err(|_| {
                ContractError::shape(&document, &base, "only numeric statuses are supported")
            })?;
            let reference = response
                .get("$ref")
                .and_then(Value::as_str)
                .map(str::to_owned);
            let (response, pointer) = match &reference {
                Some(reference) => (
                    follow(&document, &self.root, reference)?.clone(),
                    reference.trim_start_matches('#').to_owned(),
                ),
                None => (response.clone(), base),
            };
            let description = response
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            let mut part = self.media_part(&response, &pointer)?;
            if let Some(part) = part.as_mut() {
                if let Some(reference) = &reference {
                    part.conversions.insert(0, followed(reference));
                }
                self.apply_facts(&format!("response.{status}"), part)?;
            }
            out.insert(status, (description, part));
        }
        Ok(out)
    }

    /// The `application/json` schema of a request body or response, with its examples folded in.
    fn media_part(&mut self, holder: &Value, pointer: &str) -> Result<Option<Part>, ContractError> {
        let document = self.document().to_owned();
        let media_pointer = format!("{pointer}/content/application~1json");
        let Some(media) = holder.pointer("/content/application~1json") else {
            return Ok(None);
        };
        let Some(schema) = media.get("schema") else {
            return Ok(None);
        };
        let mut conversions = Vec::new();
        let mut converted = to_json_schema(
            &document,
            &self.root,
            schema,
            self.version,
            &mut conversions,
        )?;
        let mut fixes = Vec::new();
        let mut folded = Vec::new();
        let mut named: Vec<(String, Value)> = Vec::new();
        if let Some(example) = media.get("example") {
            named.push((format!("{media_pointer}/example"), example.clone()));
        }
        for (name, example) in media
            .get("examples")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if let Some(value) = example.get("value") {
                named.push((
                    format!("{media_pointer}/examples/{}/value", escape(name)),
                    value.clone(),
                ));
            }
        }
        for (example_pointer, raw) in named {
            self.examples.push(RawExample {
                pointer: example_pointer.clone(),
                value: raw.clone(),
                schema: converted.clone(),
            });
            let mut value = raw;
            fix_example_booleans(
                &document,
                &converted,
                &mut value,
                &example_pointer,
                &mut fixes,
            );
            conversions.push(Conversion {
                at: String::new(),
                change: format!("media-type example {example_pointer} → examples"),
            });
            folded.push(value);
        }
        if !folded.is_empty()
            && let Value::Object(map) = &mut converted
        {
            map.insert("examples".to_owned(), Value::Array(folded));
        }
        self.fixes.extend(fixes.iter().cloned());
        Ok(Some(Part {
            schema: converted,
            pointer: format!("{media_pointer}/schema"),
            conversions,
            fixes,
            facts: Vec::new(),
        }))
    }

    fn apply_facts(&self, target: &str, part: &mut Part) -> Result<(), ContractError> {
        for fact in self.binding.facts.iter().filter(|f| f.target == target) {
            merge_fact(self.overlay_path, fact, &mut part.schema)?;
            part.facts.push(json!({
                "source": fact.source,
                "section": fact.section,
                "pointer": fact.pointer,
                "added": fact.merge.keys().collect::<Vec<_>>(),
            }));
        }
        Ok(())
    }

    fn wrap(
        &self,
        op_dir: &str,
        what: &str,
        file: &str,
        provenance: Provenance,
        source: Value,
        part: &Part,
    ) -> Value {
        let mut meta = Map::new();
        meta.insert("provenance".to_owned(), json!(provenance));
        meta.insert("source".to_owned(), source);
        meta.insert("normalizations".to_owned(), json!(part.fixes));
        meta.insert("conversions".to_owned(), json!(part.conversions));
        if !part.facts.is_empty() {
            meta.insert("facts".to_owned(), json!(part.facts));
        }
        envelope(
            op_dir,
            file,
            &format!("{} {}: {what}", self.vendor, self.binding.operation),
            meta,
            &part.schema,
        )
    }
}

/// The record of following a response- or request-body-level `$ref` (not a schema `$ref`).
fn followed(reference: &str) -> Conversion {
    Conversion {
        at: String::new(),
        change: format!("followed {reference} (a response or request body, not a schema)"),
    }
}

fn merge_fact(overlay_path: &Path, fact: &Fact, schema: &mut Value) -> Result<(), ContractError> {
    let target = schema
        .pointer_mut(&fact.pointer)
        .and_then(Value::as_object_mut)
        .ok_or_else(|| {
            ContractError::overlay(
                overlay_path,
                format!(
                    "fact from {}: {} is not an object in {}",
                    fact.source, fact.pointer, fact.target
                ),
            )
        })?;
    for (key, value) in &fact.merge {
        if target.contains_key(key) {
            return Err(ContractError::overlay(
                overlay_path,
                format!(
                    "fact from {}: `{key}` already exists at {}",
                    fact.source, fact.pointer
                ),
            ));
        }
        target.insert(key.clone(), value.clone());
    }
    Ok(())
}
