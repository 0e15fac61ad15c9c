//! Path patterns shared by faults and verification: a template (`{param}` is one segment,
//! `*` is anything, slashes included) or a raw regular expression.

use regex::Regex;

use crate::error::Error;

/// A compiled path pattern.
#[derive(Debug, Clone)]
pub(crate) struct PathPattern {
    regex: Regex,
}

impl PathPattern {
    /// Compiles a template such as `/api/v1/accounts/{account_id}/teams/*/team_members` or
    /// `*/team_members`.
    pub(crate) fn template(template: &str) -> Result<Self, Error> {
        let mut source = String::with_capacity(template.len() + 8);
        source.push('^');
        let mut rest = template;
        while let Some(i) = rest.find(['{', '*']) {
            source.push_str(&regex::escape(&rest[..i]));
            if rest[i..].starts_with('*') {
                source.push_str(".*");
                rest = &rest[i + 1..];
            } else {
                let close = rest[i..].find('}').ok_or_else(|| {
                    Error::invalid_value(format!("unclosed `{{` in path template `{template}`"))
                })?;
                source.push_str("[^/]+");
                rest = &rest[i + close + 1..];
            }
        }
        source.push_str(&regex::escape(rest));
        source.push('$');
        Self::compile(&source)
    }

    /// Compiles a regular expression (unanchored unless it anchors itself).
    pub(crate) fn regex(source: &str) -> Result<Self, Error> {
        Self::compile(source)
    }

    fn compile(source: &str) -> Result<Self, Error> {
        Regex::new(source)
            .map(|regex| Self { regex })
            .map_err(|e| Error::invalid_value(format!("invalid path pattern: {e}")))
    }

    /// Whether `path` matches.
    pub(crate) fn matches(&self, path: &str) -> bool {
        self.regex.is_match(path)
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case::glob_suffix("*/team_members", "/api/v1/accounts/1/teams/2/team_members", true)]
    #[case::glob_does_not_match_other_suffix("*/team_members", "/api/v1/accounts/1/teams/2", false)]
    #[case::param_is_one_segment("/api/v1/accounts/{a}/teams", "/api/v1/accounts/1/teams", true)]
    #[case::param_never_spans_slashes(
        "/api/v1/accounts/{a}/teams",
        "/api/v1/accounts/1/2/teams",
        false
    )]
    #[case::literal_is_exact("/v1/public/agents", "/v1/public/agents/x", false)]
    #[case::dots_are_literal("/a.b", "/aXb", false)]
    fn templates_match_whole_paths(#[case] template: &str, #[case] path: &str, #[case] hit: bool) {
        assert_eq!(PathPattern::template(template).unwrap().matches(path), hit);
    }

    #[test]
    fn an_unclosed_brace_is_refused() {
        let err = PathPattern::template("/a/{b").unwrap_err();
        assert!(err.to_string().contains("unclosed"), "{err}");
    }

    #[test]
    fn a_regex_matches_as_written() {
        let pattern = PathPattern::regex(r"^/api/v1/livechat/department/\w+/agents$").unwrap();
        assert!(pattern.matches("/api/v1/livechat/department/BiqbQav59HD2LzXEY/agents"));
        assert!(!pattern.matches("/api/v1/livechat/department/x"));
    }
}
