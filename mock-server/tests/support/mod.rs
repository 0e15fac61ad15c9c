//! Helpers shared by the crate tests that drive a running mock over HTTP. Each test crate
//! uses part of them.

#![allow(dead_code)]

use rosterwire_mock::{MockConfig, MockServer};

/// A running mock and its origin (`http://127.0.0.1:PORT`).
pub(crate) struct Running {
    /// The server; it stops when dropped.
    pub(crate) server: MockServer,
    /// The server's origin.
    pub(crate) origin: String,
}

impl Running {
    /// Starts a mock with `config` on a free port.
    pub(crate) async fn start(config: MockConfig) -> Running {
        let server = MockServer::start(config).await.expect("the mock starts");
        let origin = server.uri();
        Running { server, origin }
    }
}

/// An HTTP client with a generous timeout (a hung server fails the test instead of hanging it).
pub(crate) fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .expect("client")
}

/// Calls the admin API: `(status, JSON body)`.
pub(crate) async fn admin(
    origin: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let mut request = client().request(method, format!("{origin}/__admin{path}"));
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("the admin API answers");
    let status = response.status().as_u16();
    let text = response.text().await.expect("a body");
    let value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"));
    (status, value)
}

/// Sends `request` (raw HTTP/1.1 text) over a fresh TCP connection and reads until the peer
/// closes or 10 s pass: the bytes received, or the I/O error that ended the read. The blocking
/// socket runs on tokio's blocking pool, so the in-process server keeps running meanwhile.
pub(crate) async fn raw_exchange(origin: &str, request: &str) -> (Vec<u8>, Option<std::io::Error>) {
    let (origin, request) = (origin.to_owned(), request.to_owned());
    tokio::task::spawn_blocking(move || blocking_exchange(&origin, &request))
        .await
        .expect("the exchange thread ends")
}

fn blocking_exchange(origin: &str, request: &str) -> (Vec<u8>, Option<std::io::Error>) {
    use std::io::{Read, Write};
    let address = origin.strip_prefix("http://").expect("http origin");
    let mut stream = std::net::TcpStream::connect(address).expect("connects");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .expect("timeout");
    stream.write_all(request.as_bytes()).expect("sends");
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return (received, None),
            Ok(n) => received.extend_from_slice(&buffer[..n]),
            Err(error) => return (received, Some(error)),
        }
    }
}

/// A raw GET with `Connection: close` and extra header lines (each ending in `\r\n`).
pub(crate) fn raw_get(path: &str, extra_headers: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{extra_headers}\r\n")
}
