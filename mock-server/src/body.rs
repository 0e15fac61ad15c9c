//! The response body: the whole body at once (the fast path, no boxing), a body already cut
//! into frames (the journal listing, sent from the text its records keep), or a faulty one —
//! cut short, or sent slowly; and the hyper response type that carries it.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::time::{Instant, Sleep};

/// The hyper response type of the mock.
pub(crate) type HyperResponse = hyper::Response<MockBody>;

/// A response body.
#[derive(Debug)]
pub(crate) enum MockBody {
    /// The whole body in one frame (`None` once sent, or when empty).
    Full(Option<Bytes>),
    /// The body as frames, sent in order; its length is known, so it goes out with a
    /// `Content-Length` like a whole one.
    Frames(Box<FramesBody>),
    /// Part of the body, then (once it has had time to leave) an error that makes hyper
    /// close the connection.
    Truncated(Box<TruncatedBody>),
    /// The body a few bytes at a time.
    Slow(Box<SlowBody>),
}

/// How long a truncated body waits after its part before failing, so hyper flushes the
/// part instead of discarding it with the connection.
const FLUSH_PAUSE: Duration = Duration::from_millis(50);

/// State of a body sent as frames.
#[derive(Debug)]
pub(crate) struct FramesBody {
    frames: VecDeque<Bytes>,
    /// The bytes not sent yet.
    remaining: u64,
}

/// State of a truncated body.
#[derive(Debug)]
pub(crate) struct TruncatedBody {
    part: Option<Bytes>,
    pause: Pin<Box<Sleep>>,
}

/// State of a slow body.
#[derive(Debug)]
pub(crate) struct SlowBody {
    rest: Bytes,
    chunk: usize,
    interval: Duration,
    pause: Pin<Box<Sleep>>,
    paused: bool,
}

impl MockBody {
    /// The whole body.
    pub(crate) fn full(bytes: Bytes) -> Self {
        MockBody::Full(Some(bytes).filter(|b| !b.is_empty()))
    }

    /// The body made of `frames`, in order (empty ones are skipped).
    pub(crate) fn frames(frames: Vec<Bytes>) -> Self {
        let frames: VecDeque<Bytes> = frames.into_iter().filter(|f| !f.is_empty()).collect();
        let remaining = frames.iter().map(|f| f.len() as u64).sum();
        MockBody::Frames(Box::new(FramesBody { frames, remaining }))
    }

    /// `part`, then the connection closes.
    pub(crate) fn truncated(part: Bytes) -> Self {
        MockBody::Truncated(Box::new(TruncatedBody {
            part: Some(part).filter(|b| !b.is_empty()),
            pause: Box::pin(tokio::time::sleep(FLUSH_PAUSE)),
        }))
    }

    /// `chunk` bytes every `interval` (the first chunk at once).
    pub(crate) fn slow(bytes: Bytes, chunk: usize, interval: Duration) -> Self {
        MockBody::Slow(Box::new(SlowBody {
            rest: bytes,
            chunk: chunk.max(1),
            interval,
            pause: Box::pin(tokio::time::sleep(Duration::ZERO)),
            paused: false,
        }))
    }
}

impl Body for MockBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        match self.get_mut() {
            MockBody::Full(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            MockBody::Frames(body) => {
                let frame = body.frames.pop_front();
                if let Some(frame) = &frame {
                    body.remaining -= frame.len() as u64;
                }
                Poll::Ready(frame.map(|f| Ok(Frame::data(f))))
            }
            MockBody::Truncated(truncated) => {
                if let Some(part) = truncated.part.take() {
                    let deadline = Instant::now() + FLUSH_PAUSE;
                    truncated.pause.as_mut().reset(deadline);
                    return Poll::Ready(Some(Ok(Frame::data(part))));
                }
                ready!(truncated.pause.as_mut().poll(cx));
                Poll::Ready(Some(Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionAborted,
                    "rosterwire fault: body truncated",
                ))))
            }
            MockBody::Slow(slow) => {
                if slow.rest.is_empty() {
                    return Poll::Ready(None);
                }
                if slow.paused {
                    ready!(slow.pause.as_mut().poll(cx));
                }
                let n = slow.chunk.min(slow.rest.len());
                let chunk = slow.rest.split_to(n);
                let deadline = Instant::now() + slow.interval;
                slow.pause.as_mut().reset(deadline);
                slow.paused = true;
                Poll::Ready(Some(Ok(Frame::data(chunk))))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            MockBody::Full(bytes) => bytes.is_none(),
            MockBody::Frames(body) => body.frames.is_empty(),
            MockBody::Truncated(_) => false,
            MockBody::Slow(slow) => slow.rest.is_empty(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            MockBody::Full(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            MockBody::Frames(body) => SizeHint::with_exact(body.remaining),
            MockBody::Slow(slow) => SizeHint::with_exact(slow.rest.len() as u64),
            MockBody::Truncated(_) => SizeHint::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use http_body_util::BodyExt;

    use super::*;

    #[tokio::test]
    async fn a_full_body_is_one_frame() {
        let body = MockBody::full(Bytes::from_static(b"{}"));
        assert_eq!(body.collect().await.unwrap().to_bytes(), "{}");
    }

    #[tokio::test]
    async fn a_framed_body_arrives_whole_in_its_frames() {
        let frames = [&b"{\"a\":"[..], b"", b"[1,2]", b"}"]
            .map(Bytes::from_static)
            .to_vec();
        let mut body = MockBody::frames(frames);
        assert_eq!(body.size_hint().exact(), Some(11));
        let mut chunks = Vec::new();
        while let Some(frame) = body.frame().await {
            chunks.push(frame.unwrap().into_data().unwrap());
            assert_eq!(
                body.size_hint().exact(),
                Some(11 - chunks.iter().map(Bytes::len).sum::<usize>() as u64)
            );
        }
        assert_eq!(chunks, ["{\"a\":", "[1,2]", "}"]);
        assert!(body.is_end_stream());
    }

    #[tokio::test]
    async fn a_slow_body_arrives_whole_in_chunks() {
        let mut body = MockBody::slow(Bytes::from_static(b"abcde"), 2, Duration::from_millis(1));
        let mut chunks = Vec::new();
        while let Some(frame) = body.frame().await {
            chunks.push(frame.unwrap().into_data().unwrap());
        }
        assert_eq!(chunks, ["ab", "cd", "e"]);
    }

    #[tokio::test]
    async fn a_truncated_body_ends_in_an_error() {
        let mut body = MockBody::truncated(Bytes::from_static(b"{\"a\""));
        assert!(body.frame().await.unwrap().is_ok());
        assert!(body.frame().await.unwrap().is_err());
    }
}
