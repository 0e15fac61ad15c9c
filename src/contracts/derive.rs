//! `contracts derive`: vendor documents + overlays → `contracts/`.
//!
//! For each overlay `documents` entry the vendor document's one OpenAPI operation is extracted,
//! normalized (recorded fixes), converted to JSON Schema 2020-12 and given the overlay's facts
//! and extra statuses. Overlay `operations` (read-back endpoints) are added as written. The
//! result is a set of files rendered byte-for-byte deterministically.

use std::collections::BTreeMap;
use std::path::Path;

use rosterwire_mock::Provenance;
use serde_json::{Map, Value, json};

use super::convert::{Conversion, OpenApiVersion, follow, to_json_schema};
use super::error::ContractError;
use super::extract::{ExtractedDocument, extract_openapi};
use super::index::{INDEX_FILE, Index, IndexEntry, Origin, StatusEntry};
use super::normalize::{Normalization, escape, fix_example_booleans, fix_keyword_booleans};
use super::overlay::{
    DocumentOverlay, Fact, NeverSent, ObservedField, Overlay, ReferenceOperation, StatusOverlay,
    load_overlay,
};

/// The base of every contract schema's `$id`.
pub const ID_BASE: &str = "https://rosterwire.invalid/contracts/";
/// Where the vendor documents are, relative to the project root.
pub const DOCS_LABEL: &str = "fixtures/vendor-docs";
const SCHEMA_DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// What derivation found in one vendor document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentReport {
    /// The document's file name.
    pub document: String,
    /// `vendor/operation` derived from it, or `None` ("no contract found").
    pub contract: Option<String>,
}

/// An example exactly as the document writes it, with the schema it illustrates.
#[derive(Debug, Clone)]
pub struct RawExample {
    /// The vendor document.
    pub document: String,
    /// A JSON pointer to the example in the document's OpenAPI.
    pub pointer: String,
    /// The example as written (string booleans not fixed).
    pub value: Value,
    /// The converted schema it should satisfy.
    pub schema: Value,
}

/// One operation, derived in memory.
#[derive(Debug, Clone)]
pub struct DerivedOperation {
    /// Its index entry.
    pub entry: IndexEntry,
    /// The content of `parameters.json`.
    pub parameters: Value,
    /// The content of `request.schema.json`.
    pub request: Option<Value>,
    /// The content of each `response.<status>.schema.json`.
    pub responses: BTreeMap<u16, Value>,
    /// The vendor document it comes from, if any.
    pub document: Option<String>,
    /// That document's OpenAPI, after the recorded fixes.
    pub openapi: Option<Value>,
    /// Every recorded fix of that document.
    pub normalizations: Vec<Normalization>,
    /// The document's examples as written.
    pub examples: Vec<RawExample>,
    /// The documented response schemas, converted but without overlay statuses.
    pub documented: BTreeMap<u16, Value>,
    /// Statuses the overlay adds to a document-derived operation.
    pub added_statuses: Vec<StatusOverlay>,
    /// Fields the real server sends that the document omits.
    pub observed_fields: Vec<ObservedField>,
    /// Documented statuses the real server never sends.
    pub never_sent: Vec<NeverSent>,
}

/// Everything `derive` produces.
#[derive(Debug, Clone)]
pub struct Derivation {
    /// Every operation, sorted by vendor then id.
    pub operations: Vec<DerivedOperation>,
    /// One report per vendor document, by file name.
    pub documents: Vec<DocumentReport>,
}

/// Derives every contract from `docs_dir` and the overlays in `contracts_dir/overlays`.
///
/// # Errors
/// An unreadable or malformed document or overlay, or an overlay that does not match a document.
pub fn derive(docs_dir: &Path, contracts_dir: &Path) -> Result<Derivation, ContractError> {
    let mut extracted = BTreeMap::new();
    let mut documents = Vec::new();
    for name in list_files(docs_dir, ".txt")? {
        let path = docs_dir.join(&name);
        let text = std::fs::read_to_string(&path).map_err(|e| ContractError::io(&path, e))?;
        if let Some(found) = extract_openapi(&name, &text)? {
            extracted.insert(name.clone(), found);
        }
        documents.push(DocumentReport {
            document: name,
            contract: None,
        });
    }
    let overlays_dir = contracts_dir.join("overlays");
    let mut operations = Vec::new();
    for name in list_files(&overlays_dir, ".yaml")? {
        let path = overlays_dir.join(&name);
        let overlay = load_overlay(&path)?;
        if name.trim_end_matches(".yaml") != overlay.vendor {
            return Err(ContractError::overlay(
                &path,
                "the file name must be `<vendor>.yaml`",
            ));
        }
        derive_overlay(&path, &overlay, &extracted, &mut documents, &mut operations)?;
    }
    operations.sort_by(|a, b| (&a.entry.vendor, &a.entry.id).cmp(&(&b.entry.vendor, &b.entry.id)));
    for pair in operations.windows(2) {
        if pair[0].entry.vendor == pair[1].entry.vendor && pair[0].entry.id == pair[1].entry.id {
            return Err(ContractError::overlay(
                &overlays_dir,
                format!(
                    "operation {}/{} is defined twice",
                    pair[0].entry.vendor, pair[0].entry.id
                ),
            ));
        }
    }
    Ok(Derivation {
        operations,
        documents,
    })
}

fn derive_overlay(
    path: &Path,
    overlay: &Overlay,
    extracted: &BTreeMap<String, ExtractedDocument>,
    documents: &mut [DocumentReport],
    operations: &mut Vec<DerivedOperation>,
) -> Result<(), ContractError> {
    for binding in &overlay.documents {
        let found = extracted.get(&binding.document).ok_or_else(|| {
            ContractError::overlay(
                path,
                format!("{}: no contract found in that document", binding.document),
            )
        })?;
        operations.push(DocumentDerivation::new(&overlay.vendor, found, binding, path).run()?);
        if let Some(report) = documents
            .iter_mut()
            .find(|d| d.document == binding.document)
        {
            report.contract = Some(format!("{}/{}", overlay.vendor, binding.operation));
        }
    }
    for operation in &overlay.operations {
        operations.push(reference_operation(&overlay.vendor, operation)?);
    }
    Ok(())
}

/// The state of deriving one vendor document's operation.
struct DocumentDerivation<'a> {
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
    fn new(
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

    fn run(mut self) -> Result<DerivedOperation, ContractError> {
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
                document: document.clone(),
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

/// A schema file: `$schema`, `$id`, `title`, `x-rosterwire` (provenance and source), then the schema.
fn envelope(
    op_dir: &str,
    file: &str,
    title: &str,
    meta: Map<String, Value>,
    schema: &Value,
) -> Value {
    let mut out = Map::new();
    out.insert("$schema".to_owned(), json!(SCHEMA_DIALECT));
    out.insert("$id".to_owned(), json!(format!("{ID_BASE}{op_dir}/{file}")));
    out.insert("title".to_owned(), json!(title));
    out.insert("x-rosterwire".to_owned(), Value::Object(meta));
    for (key, value) in schema.as_object().into_iter().flatten() {
        if !matches!(key.as_str(), "$schema" | "$id" | "title") {
            out.insert(key.clone(), value.clone());
        }
    }
    Value::Object(out)
}

fn overlay_status(
    vendor: &str,
    operation: &str,
    added: &StatusOverlay,
) -> (StatusEntry, Option<Value>) {
    let op_dir = format!("{vendor}/{operation}");
    let file = format!("response.{}.schema.json", added.status);
    let schema = added.schema.as_ref().map(|schema| {
        let mut meta = Map::new();
        meta.insert("provenance".to_owned(), json!(added.provenance));
        meta.insert("source".to_owned(), json!({"reference": added.source}));
        envelope(
            &op_dir,
            &file,
            &format!("{vendor} {operation}: response {}", added.status),
            meta,
            schema,
        )
    });
    let entry = StatusEntry {
        status: added.status,
        provenance: added.provenance,
        description: added.description.clone(),
        schema: schema.as_ref().map(|_| format!("{op_dir}/{file}")),
    };
    (entry, schema)
}

fn reference_operation(
    vendor: &str,
    operation: &ReferenceOperation,
) -> Result<DerivedOperation, ContractError> {
    let op_dir = format!("{vendor}/{}", operation.id);
    let mut responses = BTreeMap::new();
    let mut statuses = Vec::new();
    for added in &operation.responses {
        let (entry, schema) = overlay_status(vendor, &operation.id, added);
        statuses.push(entry);
        if let Some(schema) = schema {
            responses.insert(added.status, schema);
        }
    }
    statuses.sort_by_key(|s| s.status);
    let request = operation.request.as_ref().map(|schema| {
        let mut meta = Map::new();
        meta.insert("provenance".to_owned(), json!(operation.provenance));
        meta.insert("source".to_owned(), json!({"reference": operation.source}));
        envelope(
            &op_dir,
            "request.schema.json",
            &format!("{vendor} {}: request", operation.id),
            meta,
            schema,
        )
    });
    let path_params: Vec<Value> = template_names(&operation.path)
        .into_iter()
        .map(|name| {
            let schema = operation
                .path_parameters
                .get(name)
                .cloned()
                .unwrap_or_else(|| json!({"type": "string"}));
            json!({"name": name, "required": true, "schema": schema, "source": operation.source})
        })
        .collect();
    let header_params: Vec<Value> = operation.auth["names"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|name| json!({"name": name, "required": true, "schema": {"type": "string"}, "source": operation.source}))
        .collect();
    let entry = IndexEntry {
        vendor: vendor.to_owned(),
        id: operation.id.clone(),
        method: operation.method.to_ascii_uppercase(),
        path: operation.path.clone(),
        origin: Origin::Reference,
        provenance: operation.provenance,
        source: operation.source.clone(),
        auth: operation.auth.clone(),
        parameters: format!("{op_dir}/parameters.json"),
        request: request
            .as_ref()
            .map(|_| format!("{op_dir}/request.schema.json")),
        statuses,
    };
    let parameters = json!({
        "title": format!("{vendor} {}: parameters", operation.id),
        "source": {"reference": operation.source},
        "auth": operation.auth,
        "path": path_params,
        "header": header_params,
        "normalizations": [],
    });
    Ok(DerivedOperation {
        entry,
        parameters,
        request,
        responses,
        document: None,
        openapi: None,
        normalizations: Vec::new(),
        examples: Vec::new(),
        documented: BTreeMap::new(),
        added_statuses: Vec::new(),
        observed_fields: Vec::new(),
        never_sent: Vec::new(),
    })
}

/// `/a/{x}/b/{y}` → `["x", "y"]`.
pub(crate) fn template_names(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .collect()
}

impl Derivation {
    /// The index of every operation.
    pub fn index(&self) -> Index {
        Index {
            description: "Every operation rosterwire has a contract for. Generated by `rosterwire contracts derive`; do not edit.".to_owned(),
            operations: self.operations.iter().map(|o| o.entry.clone()).collect(),
        }
    }

    /// Every generated file (path relative to the contracts directory → content).
    pub fn files(&self) -> BTreeMap<String, String> {
        let mut files = BTreeMap::new();
        files.insert(INDEX_FILE.to_owned(), render(&json!(self.index())));
        for operation in &self.operations {
            let dir = format!("{}/{}", operation.entry.vendor, operation.entry.id);
            files.insert(
                operation.entry.parameters.clone(),
                render(&operation.parameters),
            );
            if let Some(request) = &operation.request {
                files.insert(format!("{dir}/request.schema.json"), render(request));
            }
            for (status, schema) in &operation.responses {
                files.insert(
                    format!("{dir}/response.{status}.schema.json"),
                    render(schema),
                );
            }
        }
        files
    }
}

/// 2-space pretty JSON with a trailing newline.
pub fn render(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

fn list_files(dir: &Path, suffix: &str) -> Result<Vec<String>, ContractError> {
    let entries = std::fs::read_dir(dir).map_err(|e| ContractError::io(dir, e))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| ContractError::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(suffix) {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn derived() -> Derivation {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        derive(&root.join("fixtures/vendor-docs"), &root.join("contracts")).unwrap()
    }

    fn operation<'a>(derivation: &'a Derivation, vendor: &str, id: &str) -> &'a DerivedOperation {
        derivation
            .operations
            .iter()
            .find(|o| o.entry.vendor == vendor && o.entry.id == id)
            .unwrap()
    }

    #[test]
    fn the_prose_pages_give_no_contract_and_the_openapi_pages_one_each() {
        let reports: Vec<(String, Option<String>)> = derived()
            .documents
            .into_iter()
            .map(|d| (d.document, d.contract))
            .collect();
        assert_eq!(
            reports,
            vec![
                (
                    "000_e3bda07a8e530ff9.txt".to_owned(),
                    Some("chatdash/assign-agents".to_owned())
                ),
                ("001_e857b2ad21adaad3.txt".to_owned(), None),
                ("002_95bc54d6468f1b77.txt".to_owned(), None),
                (
                    "003_c51b8cda4cd23625.txt".to_owned(),
                    Some("chatwoot/update-team-members".to_owned())
                ),
                (
                    "004_d1a8fad9cfb0cc57.txt".to_owned(),
                    Some("rocketchat/update-department-agents".to_owned())
                ),
            ]
        );
    }

    #[test]
    fn chatdash_paths_get_the_server_base_path() {
        let derivation = derived();
        let assign = operation(&derivation, "chatdash", "assign-agents");
        assert_eq!(assign.entry.path, "/v1/public/agents/assign");
        assert!(
            assign
                .normalizations
                .iter()
                .any(|n| n.rule == "server-base-path")
        );
        assert_eq!(assign.entry.auth["names"], json!(["Authorization"]));
    }

    #[test]
    fn chatwoot_statuses_carry_their_provenance() {
        let derivation = derived();
        let update = operation(&derivation, "chatwoot", "update-team-members");
        let statuses: Vec<(u16, Provenance)> = update
            .entry
            .statuses
            .iter()
            .map(|s| (s.status, s.provenance))
            .collect();
        assert_eq!(
            statuses,
            vec![
                (200, Provenance::Documented),
                (401, Provenance::Observed),
                (403, Provenance::Documented),
                (404, Provenance::Documented),
                (422, Provenance::Documented),
                (500, Provenance::Observed),
            ]
        );
        assert_eq!(update.entry.auth["names"], json!(["api_access_token"]));
    }

    #[test]
    fn rocket_chat_string_booleans_are_fixed_and_recorded() {
        let derivation = derived();
        let update = operation(&derivation, "rocketchat", "update-department-agents");
        let rules: Vec<&str> = update.normalizations.iter().map(|n| n.rule).collect();
        assert_eq!(rules.iter().filter(|r| **r == "string-boolean").count(), 3);
        assert_eq!(
            rules
                .iter()
                .filter(|r| **r == "example-string-boolean")
                .count(),
            3
        );
        assert_eq!(
            update.responses[&200]["examples"],
            json!([{"success": true}])
        );
    }

    #[test]
    fn doc_002_adds_count_and_order_to_upsert_items() {
        let derivation = derived();
        let update = operation(&derivation, "rocketchat", "update-department-agents");
        let items =
            &update.request.as_ref().unwrap()["properties"]["upsert"]["items"]["properties"];
        assert_eq!(items["count"]["type"], "integer");
        assert_eq!(items["order"]["type"], "integer");
    }

    #[test]
    fn two_derivations_render_the_same_bytes() {
        assert_eq!(derived().files(), derived().files());
    }

    #[test]
    fn template_names_are_the_braced_segments() {
        assert_eq!(template_names("/a/{x}/b/{y}"), vec!["x", "y"]);
    }
}
