//! [`TeeBody`]: passes every frame of a body through unchanged and keeps a copy of its first
//! `cap` bytes; tells once how the body ended (complete, failed, or dropped unfinished).
//!
//! The proxy wraps both directions in it: the request body on its way to the upstream (kept for
//! the journal) and the upstream's answer on its way to the client (kept for validation and
//! the journal). Whatever the size, memory stays at `cap` per body.

use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};

/// A boxed error, as hyper and reqwest take them.
pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The bytes kept of a body.
#[derive(Debug, Default, Clone)]
pub(crate) struct Kept {
    /// The first bytes, at most the cap.
    pub(crate) bytes: Vec<u8>,
    /// Every byte that went through.
    pub(crate) total: u64,
}

impl Kept {
    /// Whether bytes went through that were not kept.
    pub(crate) fn cut(&self) -> bool {
        self.total > self.bytes.len() as u64
    }
}

/// How a body ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum End {
    /// Every frame went through.
    Complete,
    /// The source failed (the upstream reset or timed out mid-body): what it said.
    Failed(String),
    /// The body was dropped before its end (the client went away).
    Dropped,
}

/// What is called once when the body ends.
pub(crate) type OnEnd = Box<dyn FnOnce(End) + Send + Sync>;

/// A body that keeps what passes through.
pub(crate) struct TeeBody<B: Body> {
    inner: B,
    cap: usize,
    kept: Arc<Mutex<Kept>>,
    on_end: Option<OnEnd>,
}

impl<B: Body> std::fmt::Debug for TeeBody<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TeeBody").field("cap", &self.cap).finish()
    }
}

impl<B: Body> TeeBody<B> {
    /// Wraps `inner`, keeping its first `cap` bytes in `kept`.
    pub(crate) fn new(inner: B, cap: usize, kept: Arc<Mutex<Kept>>) -> Self {
        Self {
            inner,
            cap,
            kept,
            on_end: None,
        }
    }

    /// Calls `on_end` once, when the body ends or is dropped.
    pub(crate) fn on_end(mut self, on_end: OnEnd) -> Self {
        self.on_end = Some(on_end);
        self
    }

    fn keep(&self, data: &Bytes) {
        let mut kept = match self.kept.lock() {
            Ok(kept) => kept,
            Err(poisoned) => poisoned.into_inner(),
        };
        let room = self.cap.saturating_sub(kept.bytes.len());
        let take = room.min(data.len());
        if let Some(part) = data.get(..take) {
            kept.bytes.extend_from_slice(part);
        }
        kept.total += data.len() as u64;
    }

    fn end(&mut self, end: End) {
        if let Some(on_end) = self.on_end.take() {
            on_end(end);
        }
    }
}

impl<B> Body for TeeBody<B>
where
    B: Body<Data = Bytes> + Unpin,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    this.keep(data);
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(error))) => {
                let error: BoxError = error.into();
                this.end(End::Failed(error_chain(&*error)));
                Poll::Ready(Some(Err(error)))
            }
            Poll::Ready(None) => {
                this.end(End::Complete);
                Poll::Ready(None)
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

impl<B: Body> Drop for TeeBody<B> {
    /// A body whose source says it is over (an empty body hyper never polled, or one whose
    /// `Content-Length` was all read) is complete; any other is dropped unfinished.
    fn drop(&mut self) {
        if self.on_end.is_some() {
            let end = if self.inner.is_end_stream() {
                End::Complete
            } else {
                End::Dropped
            };
            self.end(end);
        }
    }
}

/// An error and its sources on one line, repeated texts once.
pub(crate) fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut chain: Vec<String> = Vec::new();
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        let text = e.to_string();
        if !chain.iter().any(|c| c.contains(&text)) {
            chain.push(text);
        }
        source = e.source();
    }
    chain.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::{BodyExt, Full};

    #[tokio::test]
    async fn every_byte_passes_and_only_the_cap_is_kept() {
        let kept = Arc::new(Mutex::new(Kept::default()));
        let ended = Arc::new(Mutex::new(None));
        let seen = Arc::clone(&ended);
        let body = TeeBody::new(
            Full::new(Bytes::from_static(b"0123456789")),
            4,
            Arc::clone(&kept),
        )
        .on_end(Box::new(move |end| *seen.lock().unwrap() = Some(end)));
        let all = body.collect().await.unwrap().to_bytes();
        assert_eq!(&all[..], b"0123456789");
        let kept = kept.lock().unwrap().clone();
        assert_eq!(
            (kept.bytes.as_slice(), kept.total, kept.cut()),
            (&b"0123"[..], 10, true)
        );
        assert_eq!(*ended.lock().unwrap(), Some(End::Complete));
    }

    #[test]
    fn a_body_dropped_before_its_end_says_so_once() {
        let kept = Arc::new(Mutex::new(Kept::default()));
        let ended = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&ended);
        let body = TeeBody::new(Full::new(Bytes::from_static(b"x")), 4, kept)
            .on_end(Box::new(move |end| seen.lock().unwrap().push(end)));
        drop(body);
        assert_eq!(*ended.lock().unwrap(), vec![End::Dropped]);
    }
}
