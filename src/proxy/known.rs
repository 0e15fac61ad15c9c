//! The real servers' known departures from the vendor documents' schemas: the overlays'
//! `observed_fields` (`contracts/overlays/<vendor>.yaml`, each citing the vendor's source),
//! e.g. Chatwoot's agents carry `provider` and say `availability_status: "online"` where
//! document 003 allows only `available`/`busy`/`offline`.
//!
//! A violation one of them explains is drift in the documented profile (the document says
//! otherwise) but not in the observed profile (that is what the real server does).

use std::path::Path;

use serde_json::Value;

use super::VendorName;
use crate::contracts::overlay::load_overlay;
use crate::contracts::{ContractError, Violation};
use crate::runner::ContractViolation;

/// Every known departure.
#[derive(Debug, Default)]
pub(crate) struct KnownDepartures {
    departures: Vec<Departure>,
}

/// One field or value the real server sends that the document's schema refuses.
#[derive(Debug)]
struct Departure {
    vendor: String,
    operation: String,
    status: u16,
    /// The body path of the object holding the field; `*` is any array index.
    object: Vec<String>,
    field: String,
    /// The value the schema's `enum` lacks; `None`: the field itself is undocumented.
    value: Option<Value>,
    source: String,
}

impl KnownDepartures {
    /// Reads the overlays under `contracts_dir/overlays` (a vendor without one has none).
    ///
    /// # Errors
    /// An overlay that cannot be read or parsed.
    pub(crate) fn load(contracts_dir: &Path) -> Result<KnownDepartures, ContractError> {
        let mut departures = Vec::new();
        for vendor in VendorName::ALL {
            let path = contracts_dir
                .join("overlays")
                .join(format!("{}.yaml", vendor.as_str()));
            let overlay = match load_overlay(&path) {
                Ok(overlay) => overlay,
                Err(error) if error.code() == "io" => continue,
                Err(error) => return Err(error),
            };
            for document in &overlay.documents {
                for field in &document.observed_fields {
                    let status = field
                        .target
                        .strip_prefix("response.")
                        .and_then(|s| s.parse().ok());
                    let (Some(status), Some(object)) = (status, body_path(&field.pointer)) else {
                        continue;
                    };
                    departures.push(Departure {
                        vendor: overlay.vendor.clone(),
                        operation: document.operation.clone(),
                        status,
                        object,
                        field: field.field.clone(),
                        value: field.value.clone(),
                        source: field.source.clone(),
                    });
                }
            }
        }
        Ok(KnownDepartures { departures })
    }

    /// The source of the departure that explains `violation` of a `status` answer of
    /// `vendor`/`operation` with `body`, if one does.
    pub(crate) fn explain(
        &self,
        vendor: &str,
        operation: &str,
        status: u16,
        violation: &Violation,
        body: &Value,
    ) -> Option<&str> {
        let here: Vec<&Departure> = self
            .departures
            .iter()
            .filter(|d| d.vendor == vendor && d.operation == operation && d.status == status)
            .collect();
        let instance: Vec<&str> = segments(&violation.instance_path);
        if violation.schema_path.ends_with("/additionalProperties") {
            let fields = crate::runner::undocumented_fields(&ContractViolation {
                instance_path: violation.instance_path.clone(),
                schema_path: violation.schema_path.clone(),
                message: violation.message.clone(),
            });
            let explained: Option<Vec<&Departure>> = fields
                .iter()
                .map(|f| {
                    here.iter().copied().find(|d| {
                        d.value.is_none() && d.field == *f && matches(&d.object, &instance)
                    })
                })
                .collect();
            return explained
                .filter(|found| !found.is_empty())
                .and_then(|found| found.first().map(|d| d.source.as_str()));
        }
        let (object, field) = instance.split_last().map(|(f, o)| (o, *f))?;
        let value = body.pointer(&violation.instance_path)?;
        here.iter()
            .find(|d| {
                d.field == field
                    && d.value.as_ref() == Some(value)
                    && matches(&d.object, object)
                    && violation
                        .schema_path
                        .ends_with(&format!("/properties/{field}/enum"))
            })
            .map(|d| d.source.as_str())
    }
}

/// The body path a schema pointer describes (`/items` → `*`, `/properties/x` → `x`), or
/// `None` for a pointer through other keywords.
fn body_path(schema_pointer: &str) -> Option<Vec<String>> {
    let parts = segments(schema_pointer);
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(part) = parts.get(i) {
        match *part {
            "items" => out.push("*".to_owned()),
            "properties" => {
                out.push(parts.get(i + 1)?.replace("~1", "/").replace("~0", "~"));
                i += 1;
            }
            _ => return None,
        }
        i += 1;
    }
    Some(out)
}

fn segments(pointer: &str) -> Vec<&str> {
    pointer.split('/').skip(1).collect()
}

fn matches(pattern: &[String], instance: &[&str]) -> bool {
    pattern.len() == instance.len()
        && pattern
            .iter()
            .zip(instance)
            .all(|(p, i)| (p == "*" && i.bytes().all(|b| b.is_ascii_digit())) || p == i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn known() -> KnownDepartures {
        KnownDepartures::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("contracts")).unwrap()
    }

    fn violation(instance: &str, schema: &str, message: &str) -> Violation {
        Violation {
            instance_path: instance.into(),
            schema_path: schema.into(),
            message: message.into(),
        }
    }

    #[test]
    fn chatwoots_online_status_is_explained_by_its_source_and_other_values_are_not() {
        let known = known();
        let body =
            json!([{"id": 3}, {"availability_status": "online"}, {"availability_status": "away"}]);
        let enum_path = "/items/properties/availability_status/enum";
        let online = violation(
            "/1/availability_status",
            enum_path,
            "\"online\" is not one of",
        );
        let source = known
            .explain("chatwoot", "update-team-members", 200, &online, &body)
            .unwrap();
        assert!(source.contains("availability_statusable.rb"), "{source}");
        let away = violation(
            "/2/availability_status",
            enum_path,
            "\"away\" is not one of",
        );
        assert!(
            known
                .explain("chatwoot", "update-team-members", 200, &away, &body)
                .is_none()
        );
        assert!(
            known
                .explain("chatwoot", "update-team-members", 404, &online, &body)
                .is_none()
        );
    }

    #[test]
    fn a_schema_pointer_becomes_a_body_path() {
        assert_eq!(body_path("/items"), Some(vec!["*".to_owned()]));
        assert_eq!(
            body_path("/properties/agents/items"),
            Some(vec!["agents".to_owned(), "*".to_owned()])
        );
        assert_eq!(body_path("/oneOf/0"), None);
        assert_eq!(body_path(""), Some(vec![]));
    }
}
