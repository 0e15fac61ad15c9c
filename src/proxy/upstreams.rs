//! The upstreams: one base URL per vendor, and optionally one for every other vendor.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use super::VendorName;
use super::error::ProxyError;

/// Where each vendor's requests go.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Upstreams {
    /// A vendor's own upstream (origin and any prefix, no trailing `/`).
    by_vendor: BTreeMap<VendorName, String>,
    /// The upstream of every other request, vendors without their own included.
    #[serde(skip_serializing_if = "Option::is_none")]
    default: Option<String>,
}

impl Upstreams {
    /// Parses `--upstream` values: `VENDOR=URL` or one bare `URL`.
    ///
    /// # Errors
    /// No value, an unknown vendor, a URL that is not http(s), or a vendor given twice.
    pub(crate) fn parse(specs: &[String]) -> Result<Upstreams, ProxyError> {
        let mut upstreams = Upstreams::default();
        if specs.is_empty() {
            return Err(ProxyError::bad_input(
                "give --upstream URL, --upstream VENDOR=URL (per vendor) or --targets FILE --target NAME",
            ));
        }
        for spec in specs {
            let (vendor, url) = split_spec(spec)?;
            let parsed = url::Url::parse(url).map_err(|e| {
                ProxyError::bad_input(format!("--upstream {spec}: `{url}` is not a URL ({e})"))
            })?;
            if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
                return Err(ProxyError::bad_input(format!(
                    "--upstream {spec}: the URL must be http:// or https:// with a host"
                )));
            }
            if !parsed.username().is_empty() || parsed.password().is_some() {
                return Err(ProxyError::bad_input(format!(
                    "--upstream {}: the URL must carry no credentials (the proxy forwards the client's own headers)",
                    parsed.host_str().unwrap_or_default()
                )));
            }
            if parsed.query().is_some() || parsed.fragment().is_some() {
                return Err(ProxyError::bad_input(format!(
                    "--upstream {spec}: the URL must have no query or fragment (request paths are appended to it)"
                )));
            }
            let base = url.trim_end_matches('/').to_owned();
            let slot = match vendor {
                Some(vendor) => upstreams.by_vendor.entry(vendor).or_default(),
                None => upstreams.default.get_or_insert_with(String::new),
            };
            if !slot.is_empty() {
                let who = vendor.map_or_else(|| "every vendor".to_owned(), |v| v.to_string());
                return Err(ProxyError::bad_input(format!(
                    "--upstream {spec}: a second upstream for {who}"
                )));
            }
            *slot = base;
        }
        Ok(upstreams)
    }

    /// The base URL that serves `vendor` (`None`: a path no vendor serves).
    pub(crate) fn base_for(&self, vendor: Option<VendorName>) -> Option<&str> {
        vendor
            .and_then(|v| self.by_vendor.get(&v))
            .or(self.default.as_ref())
            .map(String::as_str)
    }

    /// The upstream URL of a request: the base URL, then the path and query as received.
    pub(crate) fn url_for(
        &self,
        vendor: Option<VendorName>,
        path_and_query: &str,
    ) -> Option<String> {
        self.base_for(vendor)
            .map(|base| format!("{base}{path_and_query}"))
    }

    /// Each vendor and its upstream, in the banner's order.
    pub(crate) fn lines(&self) -> Vec<(VendorName, Option<&str>)> {
        VendorName::ALL
            .into_iter()
            .map(|v| (v, self.base_for(Some(v))))
            .collect()
    }
}

impl fmt::Display for Upstreams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .lines()
            .into_iter()
            .map(|(v, url)| format!("{v}={}", url.unwrap_or("-")))
            .collect();
        f.write_str(&parts.join(" "))
    }
}

/// `VENDOR=URL` or `URL`.
fn split_spec(spec: &str) -> Result<(Option<VendorName>, &str), ProxyError> {
    match spec.split_once('=') {
        Some((vendor, url)) if !vendor.contains(':') && !vendor.contains('/') => {
            let vendor = vendor
                .parse::<VendorName>()
                .map_err(|e| ProxyError::bad_input(format!("--upstream {spec}: {e}")))?;
            Ok((Some(vendor), url))
        }
        _ => Ok((None, spec)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn parse(specs: &[&str]) -> Result<Upstreams, ProxyError> {
        Upstreams::parse(&specs.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn a_vendor_upstream_wins_over_the_default_one() {
        let u = parse(&["http://all:1/", "chatwoot=https://cw.example.com/prefix/"]).unwrap();
        assert_eq!(
            u.url_for(Some(VendorName::Chatwoot), "/api/v1/profile?x=1")
                .as_deref(),
            Some("https://cw.example.com/prefix/api/v1/profile?x=1")
        );
        assert_eq!(
            u.url_for(Some(VendorName::ChatDash), "/v1/public/agents")
                .as_deref(),
            Some("http://all:1/v1/public/agents")
        );
        assert_eq!(
            u.url_for(None, "/nope").as_deref(),
            Some("http://all:1/nope")
        );
    }

    #[test]
    fn without_a_default_other_vendors_have_no_upstream() {
        let u = parse(&["rocketchat=http://rc:3000"]).unwrap();
        assert_eq!(u.base_for(Some(VendorName::Chatwoot)), None);
        assert_eq!(u.base_for(None), None);
    }

    #[rstest]
    #[case::unknown_vendor(&["slack=http://x"], "unknown vendor `slack`")]
    #[case::not_a_url(&["chatwoot=nope"], "is not a URL")]
    #[case::not_http(&["ftp://x"], "http:// or https://")]
    #[case::twice(&["chatwoot=http://a", "chatwoot=http://b"], "a second upstream for chatwoot")]
    #[case::two_defaults(&["http://a", "http://b"], "a second upstream for every vendor")]
    #[case::query(&["http://a/?x=1"], "no query")]
    #[case::credentials(&["chatwoot=https://u:pw@a"], "no credentials")]
    fn bad_upstreams_are_refused_with_the_reason(#[case] specs: &[&str], #[case] expected: &str) {
        let error = parse(specs).unwrap_err();
        assert!(error.to_string().contains(expected), "{error}");
    }
}
