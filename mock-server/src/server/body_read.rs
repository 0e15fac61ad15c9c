//! Reading a request body whole, up to a limit, without a buffer list: the usual body arrives
//! in one frame, which becomes the request's bytes as it is.

use bytes::{Bytes, BytesMut};
use http_body_util::BodyExt;
use hyper::body::Incoming;

/// The whole body, or `None` as soon as its data passes `limit` bytes (the rest is left
/// unread). Trailers are ignored. An error is the client going away mid-body.
pub(crate) async fn read_body(
    mut body: Incoming,
    limit: usize,
) -> Result<Option<Bytes>, hyper::Error> {
    let mut first = Bytes::new();
    let mut joined: Option<BytesMut> = None;
    let mut len = 0_usize;
    while let Some(frame) = body.frame().await {
        let Ok(data) = frame?.into_data() else {
            continue;
        };
        len += data.len();
        if len > limit {
            return Ok(None);
        }
        if first.is_empty() && joined.is_none() {
            first = data;
        } else {
            let joined = joined.get_or_insert_with(|| {
                let mut joined = BytesMut::with_capacity(len);
                joined.extend_from_slice(&first);
                joined
            });
            joined.extend_from_slice(&data);
        }
    }
    Ok(Some(joined.map_or(first, BytesMut::freeze)))
}
