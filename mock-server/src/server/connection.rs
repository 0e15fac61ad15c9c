//! What the server knows about one accepted connection: the peer (for the loopback-only
//! admin API) and a duplicate of its socket (to reset it under a `reset` fault).

use std::net::SocketAddr;
use std::time::Duration;

use socket2::{SockRef, Socket};
use tokio::net::TcpStream;

/// One accepted connection.
#[derive(Debug)]
pub(crate) struct Connection {
    pub(crate) peer: SocketAddr,
    /// A `dup` of the connection's socket, taken before hyper owns the stream (safe code:
    /// `SockRef` + `try_clone`). Dropped with the connection, so it never keeps it open.
    socket: Option<Socket>,
}

impl Connection {
    /// Describes a freshly accepted stream.
    pub(crate) fn new(stream: &TcpStream, peer: SocketAddr) -> Self {
        let socket = SockRef::from(stream).try_clone().ok();
        Self { peer, socket }
    }

    /// Arms a TCP reset: with a zero linger, closing the socket sends RST instead of FIN.
    /// The caller then fails the connection so hyper closes it.
    pub(crate) fn arm_reset(&self) {
        if let Some(socket) = &self.socket
            && let Err(error) = socket.set_linger(Some(Duration::ZERO))
        {
            tracing::debug!(%error, "cannot arm a TCP reset; the connection will close instead");
        }
    }
}
