//! Both HTTP versions the server speaks on one port: HTTP/1.1, and HTTP/2 over cleartext with
//! prior knowledge (h2c), chosen per connection from its first bytes. Each vendor's mutating
//! request gets the same status, `Content-Type` and body bytes either way.

#![allow(clippy::unwrap_used)]

use http::Version;
use rosterwire_mock::{MockConfig, MockServer};
use rstest::rstest;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// (method, path, credential header, value, body) of each vendor's mutating endpoint.
const REQUESTS: [(&str, &str, &str, &str, &str); 3] = [
    (
        "POST",
        "/api/v1/livechat/department/BiqbQav59HD2LzXEY/agents",
        "x-auth-token",
        "rc-admin-token-9f2c1e7b4d",
        r#"{"upsert":[{"agentId":"6529401b024dde05d3f1cd87","username":"agent.ana"}],"remove":[]}"#,
    ),
    (
        "PATCH",
        "/api/v1/accounts/1/teams/1/team_members",
        "api_access_token",
        "cw-acme-admin-token",
        r#"{"user_ids":[3,4,5]}"#,
    ),
    (
        "PUT",
        "/v1/public/agents/assign",
        "authorization",
        "cd-agency-key-7f3a9b",
        r#"{"agentIds":["65a1b2c3d4e5f6a7b8c9d0e1"],"clientId":"64b7f0c2a1e4d5f6a7b8c9d0"}"#,
    ),
];

async fn send(
    client: &reqwest::Client,
    server: &MockServer,
    index: usize,
) -> (Version, u16, Option<String>, bytes::Bytes) {
    let (method, path, header, value, body) = REQUESTS[index];
    let response = client
        .request(method.parse().unwrap(), format!("{}{path}", server.uri()))
        .header(header, value)
        .header("x-user-id", "adminKq3Lw8ZpR2xT")
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    (
        response.version(),
        response.status().as_u16(),
        content_type,
        response.bytes().await.unwrap(),
    )
}

#[rstest]
#[case::rocketchat(0)]
#[case::chatwoot(1)]
#[case::chatdash(2)]
#[tokio::test]
async fn h2c_with_prior_knowledge_gets_the_same_answer_as_http1(#[case] index: usize) {
    // Arrange
    let server = MockServer::start(MockConfig::new()).await.unwrap();
    let http1 = reqwest::Client::builder().http1_only().build().unwrap();
    let h2c = reqwest::Client::builder()
        .http2_prior_knowledge()
        .build()
        .unwrap();
    // Act
    let over_http1 = send(&http1, &server, index).await;
    let over_h2c = send(&h2c, &server, index).await;
    // Assert
    assert_eq!(over_http1.0, Version::HTTP_11);
    assert_eq!(over_h2c.0, Version::HTTP_2);
    assert_eq!(over_http1.1, 200);
    assert_eq!(
        (over_h2c.1, over_h2c.2, over_h2c.3),
        (over_http1.1, over_http1.2, over_http1.3)
    );
    server.shutdown().await;
}

#[tokio::test]
async fn a_request_line_sent_byte_by_byte_is_answered_over_http1() {
    // Arrange: a client whose first bytes look like the start of the HTTP/2 preface ("P").
    let server = MockServer::start(MockConfig::new()).await.unwrap();
    let mut stream = tokio::net::TcpStream::connect(server.address())
        .await
        .unwrap();
    stream.set_nodelay(true).unwrap();
    let request = "PUT /v1/public/agents/assign HTTP/1.1\r\nHost: x\r\nAuthorization: cd-agency-key-7f3a9b\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
    // Act
    for byte in request.as_bytes() {
        stream.write_all(&[*byte]).await.unwrap();
        stream.flush().await.unwrap();
        tokio::task::yield_now().await;
    }
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    // Assert
    assert!(answer.starts_with("HTTP/1.1 "), "{answer}");
    server.shutdown().await;
}

/// Sends each vendor's mutating request over HTTP/1.1 with a chunked body cut in `pieces`, one
/// chunk per piece (each written and flushed on its own, so the server reads several body
/// frames), stopping after `sent` pieces (the whole body when `sent == pieces`), and returns the
/// status line and the body of the answer.
async fn send_chunked(
    server: &MockServer,
    index: usize,
    pieces: usize,
    sent: usize,
) -> (String, String) {
    let (method, path, header, value, body) = REQUESTS[index];
    let mut stream = tokio::net::TcpStream::connect(server.address())
        .await
        .unwrap();
    stream.set_nodelay(true).unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: x\r\n{header}: {value}\r\nx-user-id: adminKq3Lw8ZpR2xT\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let size = body.len().div_ceil(pieces);
    for piece in body.as_bytes().chunks(size).take(sent) {
        let chunk = [format!("{:x}\r\n", piece.len()).as_bytes(), piece, b"\r\n"].concat();
        stream.write_all(&chunk).await.unwrap();
        stream.flush().await.unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    if sent >= pieces {
        stream.write_all(b"0\r\n\r\n").await.unwrap();
    }
    let mut answer = String::new();
    // Bounded, so that a server still waiting for the rest of the body fails the test instead
    // of hanging it (not a timing assertion: a correct server answers at once).
    tokio::time::timeout(
        std::time::Duration::from_secs(30),
        stream.read_to_string(&mut answer),
    )
    .await
    .expect("the server answered without waiting for the rest of the body")
    .unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    (head.lines().next().unwrap().to_owned(), body.to_owned())
}

#[rstest]
#[case::rocketchat(0)]
#[case::chatwoot(1)]
#[case::chatdash(2)]
#[tokio::test]
async fn a_body_in_several_chunks_is_read_whole(#[case] index: usize) {
    // Arrange
    let server = MockServer::start(MockConfig::new()).await.unwrap();
    let (_, status, _, expected) = send(&reqwest::Client::new(), &server, index).await;
    // Act
    let (status_line, body) = send_chunked(&server, index, 3, 3).await;
    // Assert
    assert_eq!(status_line, format!("HTTP/1.1 {status} OK"));
    assert_eq!(body.as_bytes(), &expected[..]);
    server.shutdown().await;
}

#[rstest]
#[case::rocketchat(0)]
#[case::chatwoot(1)]
#[case::chatdash(2)]
#[tokio::test]
async fn a_chunked_body_over_the_limit_is_413(#[case] index: usize) {
    // Arrange: a limit that the second of three chunks passes.
    let limit = REQUESTS[index].4.len() / 2;
    let server = MockServer::start(MockConfig::new().with_max_body(limit))
        .await
        .unwrap();
    // Act: the answer comes before the rest of the body is sent.
    let (status_line, _) = send_chunked(&server, index, 3, 2).await;
    // Assert
    assert_eq!(status_line, "HTTP/1.1 413 Payload Too Large");
    server.shutdown().await;
}

#[rstest]
#[case::http1(false)]
#[case::h2c(true)]
#[tokio::test]
async fn shutdown_answers_the_request_in_flight_then_stops(#[case] h2c: bool) {
    // Arrange: a request held back 300 ms by a delay fault, sent before shutdown starts.
    let server = MockServer::start(MockConfig::new()).await.unwrap();
    let address = server.address();
    let client = if h2c {
        reqwest::Client::builder()
            .http2_prior_knowledge()
            .build()
            .unwrap()
    } else {
        reqwest::Client::new()
    };
    let url = format!("{}/v1/public/agents", server.uri());
    let in_flight = tokio::spawn({
        let client = client.clone();
        let url = url.clone();
        async move {
            client
                .get(url)
                .header("authorization", "cd-agency-key-7f3a9b")
                .header("x-rosterwire-fault", "delay=300")
                .send()
                .await
        }
    });
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    // Act
    server.shutdown().await;
    // Assert: the request in flight got its whole answer; nothing listens any more.
    let response = in_flight.await.unwrap().unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.text().await.unwrap().starts_with('['));
    assert!(tokio::net::TcpStream::connect(address).await.is_err());
}
