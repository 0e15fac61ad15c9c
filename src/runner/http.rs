//! The HTTP executor: one reqwest client per run, a per-target rate limit, a timeout per
//! request, and retry with exponential back-off on 429.

use std::borrow::Cow;
use std::time::{Duration, Instant};

use bytes::Bytes;
use tokio::sync::Mutex;

use super::result::{Failure, FailureKind};

/// How requests are sent. Build with [`HttpOptions::default`] and adjust the fields.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// The time allowed for one request, connection included. Default 10 seconds.
    pub timeout: Duration,
    /// At most this many requests per second to the target; `None` is unlimited. Default none.
    pub rate_limit: Option<f64>,
    /// How many times to retry after a 429. Default 3.
    pub max_retries: u32,
    /// The first back-off after a 429 (doubled each time, capped at 10 s; `Retry-After` wins
    /// when it is shorter than the cap). Default 200 ms.
    pub backoff: Duration,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            timeout: Duration::from_secs(10),
            rate_limit: None,
            max_retries: 3,
            backoff: Duration::from_millis(200),
        }
    }
}

/// The longest back-off.
const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// A response as the runner judges it.
#[derive(Debug, Clone)]
pub(crate) struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Header names (lower-case) and values, in arrival order.
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body: Bytes,
}

impl HttpResponse {
    /// The first value of header `name` (case-insensitive).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as text (lossy UTF-8).
    pub(crate) fn text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
}

/// One request, fully resolved.
#[derive(Debug, Clone)]
pub(crate) struct OutgoingRequest {
    /// The method.
    pub method: String,
    /// The absolute URL.
    pub url: String,
    /// Headers to send.
    pub headers: Vec<(String, String)>,
    /// The body and its content type.
    pub body: Option<(Bytes, &'static str)>,
}

/// The executor shared by every scenario of a run.
#[derive(Debug)]
pub(crate) struct HttpClient {
    client: reqwest::Client,
    options: HttpOptions,
    next_slot: Mutex<Instant>,
}

impl HttpClient {
    /// A client with `options`.
    ///
    /// # Errors
    /// When the TLS backend cannot be initialised.
    pub(crate) fn new(options: HttpOptions) -> Result<HttpClient, reqwest::Error> {
        let client = reqwest::Client::builder()
            .timeout(options.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(HttpClient {
            client,
            options,
            next_slot: Mutex::new(Instant::now()),
        })
    }

    /// Sends `request`, retrying on 429; returns the response and the number of retries.
    ///
    /// # Errors
    /// A [`Failure`] of kind timeout, unreachable or transport.
    pub(crate) async fn send(
        &self,
        request: &OutgoingRequest,
    ) -> Result<(HttpResponse, u32), Failure> {
        let mut retries = 0;
        let mut backoff = self.options.backoff;
        loop {
            self.wait_for_slot().await;
            let response = self.send_once(request).await?;
            if response.status != 429 || retries >= self.options.max_retries {
                return Ok((response, retries));
            }
            let wait = retry_after(&response).map_or(backoff, |d| d.min(MAX_BACKOFF));
            tokio::time::sleep(wait).await;
            backoff = (backoff * 2).min(MAX_BACKOFF);
            retries += 1;
        }
    }

    async fn send_once(&self, request: &OutgoingRequest) -> Result<HttpResponse, Failure> {
        let method = reqwest::Method::from_bytes(request.method.as_bytes()).map_err(|_| {
            Failure::new(
                FailureKind::Transport,
                format!("`{}` is not an HTTP method", request.method),
            )
        })?;
        let mut builder = self.client.request(method, &request.url);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        if let Some((body, content_type)) = &request.body {
            let has_type = request
                .headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("content-type"));
            if !has_type {
                builder = builder.header("content-type", *content_type);
            }
            builder = builder.body(body.clone());
        }
        let response = builder
            .send()
            .await
            .map_err(|e| transport_failure(&e, self.options.timeout))?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = response
            .bytes()
            .await
            .map_err(|e| transport_failure(&e, self.options.timeout))?;
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }

    /// Waits until the rate limit allows another request.
    async fn wait_for_slot(&self) {
        let Some(per_second) = self.options.rate_limit.filter(|r| *r > 0.0) else {
            return;
        };
        let interval = Duration::from_secs_f64(1.0 / per_second);
        let start = {
            let mut next = self.next_slot.lock().await;
            let now = Instant::now();
            let start = (*next).max(now);
            *next = start + interval;
            start
        };
        tokio::time::sleep_until(start.into()).await;
    }
}

/// `Retry-After` in seconds, when present and numeric.
fn retry_after(response: &HttpResponse) -> Option<Duration> {
    let seconds: f64 = response.header("retry-after")?.trim().parse().ok()?;
    (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds))
}

/// Names a transport error precisely: timeout, unreachable, or the broken connection's cause.
fn transport_failure(error: &reqwest::Error, timeout: Duration) -> Failure {
    let mut chain = Vec::new();
    let mut source: Option<&dyn std::error::Error> = Some(error);
    while let Some(e) = source {
        let text = e.to_string();
        if chain.last() != Some(&text) {
            chain.push(text);
        }
        source = e.source();
    }
    let detail = chain.join(": ");
    if error.is_timeout() {
        Failure::new(
            FailureKind::Timeout,
            format!("no response within {} ms", timeout.as_millis()),
        )
    } else if error.is_connect() {
        Failure::new(
            FailureKind::Unreachable,
            format!("cannot connect: {detail}"),
        )
    } else {
        Failure::new(
            FailureKind::Transport,
            format!("the connection broke: {detail}"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_rate_limit_spaces_requests_out() {
        let client = HttpClient::new(HttpOptions {
            rate_limit: Some(20.0),
            ..HttpOptions::default()
        })
        .unwrap();
        let start = Instant::now();
        for _ in 0..4 {
            client.wait_for_slot().await;
        }
        assert!(
            start.elapsed() >= Duration::from_millis(140),
            "{:?}",
            start.elapsed()
        );
    }
}
