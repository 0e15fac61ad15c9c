//! A [`wiremock::Respond`] that answers with one vendor's behaviour, so a wiremock user can
//! mount ChatDash, Rocket.Chat or Chatwoot on their own `wiremock::MockServer`
//! (feature `wiremock`).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! use rosterwire_mock::adapter::wiremock::VendorResponder;
//! use rosterwire_mock::{MockConfig, VendorName};
//! use wiremock::matchers::path_regex;
//! use wiremock::{Mock, MockServer};
//!
//! // Arrange: Chatwoot's behaviour over the seed world, on the user's own wiremock server.
//! let server = MockServer::start().await;
//! let chatwoot = VendorResponder::new(VendorName::Chatwoot, &MockConfig::new()).unwrap();
//! Mock::given(path_regex("^/api/v1/accounts/"))
//!     .respond_with(chatwoot.clone())
//!     .mount(&server)
//!     .await;
//!
//! // Act
//! let url = format!("{}/api/v1/accounts/1/teams/1/team_members", server.uri());
//! let answer = reqwest::get(&url).await.unwrap();
//!
//! // Assert: the same answer the engine gives for that request.
//! let expected = chatwoot.answer(&http::Method::GET, "/api/v1/accounts/1/teams/1/team_members");
//! assert_eq!(answer.status().as_u16(), expected.status.as_u16());
//! assert_eq!(answer.bytes().await.unwrap(), expected.body);
//! # }
//! ```

use std::sync::Arc;

use http::{HeaderMap, Method};
use wiremock::{Respond, ResponseTemplate};

use crate::engine::Engine;
use crate::error::Error;
use crate::exchange::{Request, Response, UNKNOWN_ROUTE, content_type};
use crate::fidelity::Provenance;
use crate::server::MockConfig;
use crate::vendor_name::VendorName;

/// One vendor's behaviour as a wiremock responder. Clones share the same state.
#[derive(Debug, Clone)]
pub struct VendorResponder {
    vendor: VendorName,
    engine: Arc<Engine>,
}

impl VendorResponder {
    /// Builds the vendor from the config's world, fidelity and options.
    ///
    /// # Errors
    /// [`crate::ErrorKind::InvalidWorld`].
    pub fn new(vendor: VendorName, config: &MockConfig) -> Result<Self, Error> {
        let engine = Engine::new(&config.world, config.fidelity, config.options)?;
        Ok(Self {
            vendor,
            engine: Arc::new(engine),
        })
    }

    /// The engine behind the responder (to inspect or replace the world).
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The answer to a body-less request without headers (handy in tests).
    pub fn answer(&self, method: &Method, path: &str) -> Response {
        let headers = HeaderMap::new();
        self.handle(&Request {
            method,
            path,
            query: None,
            headers: &headers,
            body: &[],
        })
    }

    /// Answers a request; paths outside this vendor get rosterwire's unknown-route 404.
    fn handle(&self, request: &Request<'_>) -> Response {
        if VendorName::for_path(request.path) == Some(self.vendor) {
            return self.engine.handle(request);
        }
        Response::fixed(
            UNKNOWN_ROUTE,
            http::StatusCode::NOT_FOUND,
            Some(content_type::JSON),
            r#"{"error":"rosterwire: this responder serves one vendor only"}"#,
            Provenance::Assumed,
        )
    }
}

impl Respond for VendorResponder {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        template(&self.handle(&engine_request(request)))
    }
}

/// A wiremock request as the engine sees it (borrowed, no copy).
pub fn engine_request(request: &wiremock::Request) -> Request<'_> {
    Request {
        method: &request.method,
        path: request.url.path(),
        query: request.url.query(),
        headers: &request.headers,
        body: &request.body,
    }
}

/// A vendor response as a wiremock template: status, the vendor's headers, exact content type
/// and body.
pub fn template(response: &Response) -> ResponseTemplate {
    let mut template = ResponseTemplate::new(response.status);
    for (name, value) in response.headers {
        template = template.insert_header(name.as_str(), *value);
    }
    match response.content_type {
        Some(content_type) => template.set_body_raw(response.body.to_vec(), content_type),
        None => template.set_body_bytes(response.body.to_vec()),
    }
}
