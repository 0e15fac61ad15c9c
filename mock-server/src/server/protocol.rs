//! Which HTTP a connection speaks, decided once per connection so that no request pays for
//! it: HTTP/1.1 through hyper's `http1` server, or HTTP/2 over cleartext with prior knowledge
//! (h2c, RFC 9113 §3.3) when the client opens with the HTTP/2 connection preface.
//!
//! hyper-util's `auto` builder makes the same choice but keeps a rewind buffer around the
//! stream for the connection's whole life; here the first bytes are only peeked at (they stay
//! in the socket for hyper to read), then the stream goes to hyper untouched.

use std::pin::{Pin, pin};
use std::time::Duration;

use hyper::body::Incoming;
use hyper::server::conn::{http1, http2};
use hyper::service::HttpService;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::net::TcpStream;
use tokio_util::sync::CancellationToken;

use crate::body::MockBody;

/// The HTTP/2 connection preface (RFC 9113 §3.4).
const H2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// How long to wait before peeking again at a preface that has only partly arrived.
const PARTIAL_PREFACE_PAUSE: Duration = Duration::from_millis(1);

/// The protocol of one connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Protocol {
    Http1,
    Http2,
}

/// Serves one accepted connection until it ends: the protocol is decided first (a connection
/// that sends nothing before `stop` is simply closed); once `stop` fires, the connection
/// finishes the request in flight and closes.
pub(crate) async fn serve_connection<S>(stream: TcpStream, service: S, stop: CancellationToken)
where
    S: HttpService<Incoming, ResBody = MockBody> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let protocol = tokio::select! {
        () = stop.cancelled() => return,
        protocol = sniff(&stream) => protocol,
    };
    let io = TokioIo::new(stream);
    let result = match protocol {
        Protocol::Http1 => {
            let connection = http1::Builder::new().serve_connection(io, service);
            until_drained(connection, &stop, |c| c.graceful_shutdown()).await
        }
        Protocol::Http2 => {
            let connection =
                http2::Builder::new(TokioExecutor::new()).serve_connection(io, service);
            until_drained(connection, &stop, |c| c.graceful_shutdown()).await
        }
    };
    if let Err(error) = result {
        tracing::debug!(%error, "connection ended with an error");
    }
}

/// Runs `connection` to its end; once `stop` fires, asks it to shut down gracefully (answer
/// what is in flight, take nothing new) and waits for that. The connection is polled first,
/// so a request costs one extra check of `stop`, not a channel poll.
async fn until_drained<C: Future>(
    connection: C,
    stop: &CancellationToken,
    graceful_shutdown: fn(Pin<&mut C>),
) -> C::Output {
    let mut connection = pin!(connection);
    tokio::select! {
        biased;
        output = connection.as_mut() => return output,
        () = stop.cancelled() => {}
    }
    graceful_shutdown(connection.as_mut());
    connection.await
}

/// Peeks at the first bytes until they decide: the whole HTTP/2 preface, or anything else
/// (HTTP/1.x; also an empty or failed read, which hyper's HTTP/1 server then ends).
async fn sniff(stream: &TcpStream) -> Protocol {
    let mut first = [0_u8; H2_PREFACE.len()];
    loop {
        let n = match stream.peek(&mut first).await {
            Ok(n) => n,
            Err(_) => return Protocol::Http1,
        };
        match decide(first.get(..n).unwrap_or_default()) {
            Some(protocol) => return protocol,
            None => tokio::time::sleep(PARTIAL_PREFACE_PAUSE).await,
        }
    }
}

/// The protocol the first bytes `seen` decide, or `None` while they are a proper prefix of the
/// HTTP/2 preface (more must arrive).
fn decide(seen: &[u8]) -> Option<Protocol> {
    if seen.starts_with(H2_PREFACE) {
        return Some(Protocol::Http2);
    }
    if seen.is_empty() || !H2_PREFACE.starts_with(seen) {
        return Some(Protocol::Http1);
    }
    None
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case::http1_request(
        b"PATCH /api/v1/accounts/1/teams/1/team_members HTTP/1.1\r\n",
        Some(Protocol::Http1)
    )]
    #[case::closed_at_once(b"", Some(Protocol::Http1))]
    #[case::post_shares_the_first_letter(b"POST / HTTP/1.1\r\n", Some(Protocol::Http1))]
    #[case::partial_preface(b"PRI * HTTP/2", None)]
    #[case::whole_preface(H2_PREFACE, Some(Protocol::Http2))]
    #[case::preface_then_a_frame(
        b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00",
        Some(Protocol::Http2)
    )]
    #[case::almost_the_preface(b"PRI * HTTP/1.1\r\n", Some(Protocol::Http1))]
    fn the_first_bytes_decide_the_protocol(
        #[case] seen: &[u8],
        #[case] expected: Option<Protocol>,
    ) {
        assert_eq!(decide(seen), expected);
    }
}
