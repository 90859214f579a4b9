//! Response compression (gzip or brotli, as `Accept-Encoding` asks), skipped for bodies too
//! small to gain from it.
//!
//! actix's `Compress` compresses whatever has no `Content-Encoding` yet; [`keep_small_plain`]
//! (inside it) marks small bodies `identity`, which `Compress` leaves alone, and
//! [`after_compression`] (outside it) takes the marker off again before the answer leaves.
//! A compressed answer is another representation, so it gets another strong `ETag`: the
//! coding is added to the tag (`"1a2b...-gzip"`), and [`without_coding`] takes it off again
//! where a tag sent back is compared.
//!
//! Answers kept by the response cache are compressed here instead, once a coding, with
//! [`encode`]: compressing the same page again for every request would cost more than
//! answering it (a category page with brotli: 500 a second instead of 40,000).

use std::io::Write;

use actix_web::HttpRequest;
use actix_web::body::{BodySize, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, AcceptEncoding, ContentEncoding, Encoding, Header, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web::Bytes;

/// Bodies smaller than this are sent as they are: compressing them saves too little.
pub const MIN_COMPRESSED_BYTES: u64 = 1024;

const IDENTITY: &str = "identity";

/// A content coding the server compresses kept answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Brotli,
    Gzip,
}

impl Coding {
    pub const ALL: [Self; 2] = [Self::Brotli, Self::Gzip];

    /// Its name in `Content-Encoding`.
    pub fn header_value(self) -> HeaderValue {
        match self {
            Self::Brotli => HeaderValue::from_static("br"),
            Self::Gzip => HeaderValue::from_static("gzip"),
        }
    }

    /// The coding `request`'s `Accept-Encoding` prefers among brotli, gzip and none, as actix's
    /// own compression negotiates it; `None` for no coding.
    pub fn negotiate(request: &HttpRequest) -> Option<Self> {
        let accepted = AcceptEncoding::parse(request).ok()?;
        let supported = [Encoding::brotli(), Encoding::gzip(), Encoding::identity()];
        match accepted.negotiate(supported.iter())? {
            Encoding::Known(ContentEncoding::Brotli) => Some(Self::Brotli),
            Encoding::Known(ContentEncoding::Gzip) => Some(Self::Gzip),
            _ => None,
        }
    }
}

/// `bytes` compressed with `coding`, harder than on the fly would afford: it is done once.
pub fn encode(coding: Coding, bytes: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(bytes.len() / 3);
    // Writing into memory does not fail.
    match coding {
        Coding::Brotli => {
            let mut writer = brotli::CompressorWriter::new(&mut out, 32 * 1024, 6, 22);
            let _ = writer.write_all(bytes);
        }
        Coding::Gzip => {
            let mut writer = flate2::write::GzEncoder::new(&mut out, flate2::Compression::default());
            let _ = writer.write_all(bytes);
            let _ = writer.finish();
        }
    }
    Bytes::from(out)
}

/// Marks a small body as not to be compressed.
pub async fn keep_small_plain(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut response = next.call(request).await?;
    if let BodySize::Sized(size) = response.response().body().size()
        && size < MIN_COMPRESSED_BYTES
        && !response.headers().contains_key(header::CONTENT_ENCODING)
    {
        response
            .headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static(IDENTITY));
    }
    Ok(response)
}

/// Takes off the marker of [`keep_small_plain`] (`identity` is not sent as a content coding),
/// and adds the coding of a compressed answer to its `ETag`.
pub async fn after_compression(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut response = next.call(request).await?;
    let coding = response
        .headers()
        .get(header::CONTENT_ENCODING)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let headers = response.headers_mut();
    match coding.as_deref() {
        None => {}
        Some(IDENTITY) => {
            headers.remove(header::CONTENT_ENCODING);
        }
        Some(coding) => {
            let tagged = headers
                .get(header::ETAG)
                .and_then(|value| value.to_str().ok())
                .and_then(|tag| tag.strip_suffix('"'))
                .map(|open| format!("{open}-{coding}\""));
            if let Some(value) = tagged.and_then(|tag| HeaderValue::from_str(&tag).ok()) {
                headers.insert(header::ETAG, value);
            }
        }
    }
    Ok(response)
}

/// The tag as it was before [`after_compression`] added a coding to it.
pub fn without_coding(tag: &str) -> String {
    for coding in ["-gzip\"", "-br\"", "-zstd\"", "-deflate\""] {
        if let Some(open) = tag.strip_suffix(coding) {
            return format!("{open}\"");
        }
    }
    tag.to_owned()
}
