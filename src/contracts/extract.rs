//! Finds the OpenAPI document inside a vendor page: a fenced block whose info string is
//! `<yaml|json> … <METHOD> <path>`. Pages without one (rendered text, GitBook tables) give
//! `None` ("no contract found"), which is not a failure.

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use serde_json::Value;

use super::error::{ContractError, ContractErrorKind};

/// The OpenAPI document found in a vendor page.
#[derive(Debug, Clone)]
pub(crate) struct ExtractedDocument {
    /// The vendor document's file name, e.g. `003_c51b8cda4cd23625.txt`.
    pub document: String,
    /// The HTTP method named by the fence, upper-case.
    pub method: String,
    /// The path named by the fence, as the document writes it.
    pub path: String,
    /// The parsed OpenAPI document.
    pub openapi: Value,
}

/// Extracts the first fenced OpenAPI block of `text`.
///
/// # Errors
/// A fenced block that announces an operation but does not parse.
pub(crate) fn extract_openapi(
    document: &str,
    text: &str,
) -> Result<Option<ExtractedDocument>, ContractError> {
    let mut current: Option<(String, String, String, String)> = None;
    for event in Parser::new(text) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                current = parse_info(&info).map(|(l, m, p)| (l, m, p, String::new()));
            }
            Event::Text(chunk) => {
                if let Some((_, _, _, body)) = current.as_mut() {
                    body.push_str(&chunk);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((language, method, path, body)) = current.take() {
                    let openapi = parse_block(document, &language, &body)?;
                    if openapi.get("openapi").is_some() {
                        return Ok(Some(ExtractedDocument {
                            document: document.to_owned(),
                            method,
                            path,
                            openapi,
                        }));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(None)
}

/// `yaml https://… patch /api/…` → (`yaml`, `PATCH`, `/api/…`).
fn parse_info(info: &str) -> Option<(String, String, String)> {
    let tokens: Vec<&str> = info.split_whitespace().collect();
    let language = tokens.first()?.to_ascii_lowercase();
    if tokens.len() < 3 || !matches!(language.as_str(), "yaml" | "yml" | "json") {
        return None;
    }
    let method = tokens[tokens.len() - 2].to_ascii_uppercase();
    let path = tokens[tokens.len() - 1];
    let is_method = matches!(
        method.as_str(),
        "GET" | "PUT" | "POST" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS"
    );
    (is_method && path.starts_with('/')).then(|| (language, method, path.to_owned()))
}

fn parse_block(document: &str, language: &str, body: &str) -> Result<Value, ContractError> {
    let syntax = |message: String| {
        ContractError::new(ContractErrorKind::DocumentSyntax {
            document: document.to_owned(),
            message,
        })
    };
    if language == "json" {
        serde_json::from_str(body).map_err(|e| syntax(e.to_string()))
    } else {
        parse_yaml(body).map_err(|e| syntax(e.to_string()))
    }
}

/// Parses YAML 1.2 (strict booleans: `yes`/`no` stay strings) into JSON.
///
/// # Errors
/// The parser's own error (its message names the line and column).
pub(crate) fn parse_yaml(text: &str) -> Result<Value, serde_saphyr::Error> {
    let options = serde_saphyr::options! { strict_booleans: true };
    serde_saphyr::from_str_with_options(text, options)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::yaml_with_spec_url(
        "yaml https://x/swagger.json patch /api/teams/{id}",
        Some(("yaml", "PATCH", "/api/teams/{id}"))
    )]
    #[case::json_upper_case_method("json POST /api/x", Some(("json", "POST", "/api/x")))]
    #[case::plain_json_example("json", None)]
    #[case::shell_block("powershell", None)]
    #[case::no_method("yaml /x", None)]
    fn the_fence_info_names_language_method_and_path(
        #[case] info: &str,
        #[case] expected: Option<(&str, &str, &str)>,
    ) {
        let parsed = parse_info(info);
        let parsed = parsed
            .as_ref()
            .map(|(l, m, p)| (l.as_str(), m.as_str(), p.as_str()));
        assert_eq!(parsed, expected);
    }

    #[test]
    fn a_four_backtick_yaml_block_is_extracted() {
        let text = "# T\n\n````yaml put /a\nopenapi: 3.0.1\npaths: {}\n````\n";
        let found = extract_openapi("d.txt", text).unwrap().unwrap();
        assert_eq!(found.method, "PUT");
        assert_eq!(found.openapi["openapi"], "3.0.1");
    }

    #[test]
    fn a_page_with_only_example_blocks_has_no_contract() {
        let text = "```json\n{\"success\": true}\n```\n```powershell\ncurl x\n```\n";
        assert!(extract_openapi("d.txt", text).unwrap().is_none());
    }

    #[test]
    fn strict_booleans_keep_yes_as_a_string() {
        assert_eq!(parse_yaml("a: yes\nb: true").unwrap()["a"], "yes");
    }

    #[test]
    fn a_broken_block_is_a_syntax_error() {
        let text = "````yaml put /a\nopenapi: [\n````\n";
        let error = extract_openapi("d.txt", text).unwrap_err();
        assert_eq!(error.code(), "document-syntax");
    }
}
