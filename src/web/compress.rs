//! Brotli for rendered pages, in one pass over the whole page.
//!
//! Pages are rendered whole before they are sent (`SsrMode::Async`), and the page cache keeps
//! them whole, so compressing them as a stream gains nothing. A streaming encoder is set up for
//! input of any length, though: brotli's default 4 MB window and tables sized for it, allocated
//! and cleared for every page. Told the page's length up front, brotli sizes its window and
//! tables to the page. Other answers (server functions, files without a precompressed copy)
//! keep tower-http's streaming compression, which leaves an answer compressed here alone.

use axum::{
    body::{to_bytes, Body},
    extract::Request,
    http::{header, HeaderMap, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// Brotli's quality for pages. Measured on list-page misses (docs/performance.md): in one pass,
/// quality 2 served 2,830 req/s with 3.9 KB pages, quality 1 2,650 req/s with 5.6 KB pages, and
/// quality 4 about 2,100 req/s — as did quality 4 as a stream, the way it was before.
pub const PAGE_QUALITY: i32 = 2;
/// Pages larger than this are left to the streaming compression.
const MAX_PAGE: usize = 4 * 1024 * 1024;

/// `data` compressed with brotli at `quality`, with a window no larger than the data needs.
///
/// # Errors
/// Never in practice: the output is written to memory.
pub fn compress_brotli(data: &[u8], quality: i32) -> std::io::Result<Vec<u8>> {
    let params = ::brotli::enc::BrotliEncoderParams {
        quality,
        // The smallest window holding the whole page (brotli allows 10 to 24 bits).
        lgwin: (usize::BITS - data.len().max(1).leading_zeros()).clamp(10, 22) as i32,
        size_hint: data.len(),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(data.len() / 4 + 64);
    ::brotli::BrotliCompress(&mut &data[..], &mut out, &params)?;
    Ok(out)
}

fn is_page(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"))
        && !headers.contains_key(header::CONTENT_ENCODING)
}

/// Compresses HTML answers with brotli in one pass, for clients that accept it.
pub async fn compress_pages(request: Request, next: Next) -> Response {
    // The coding decided at the door (`reader`), which the page cache keys on.
    let brotli_ok = crate::web::reader::Encoding::accepted(request.headers())
        == crate::web::reader::Encoding::Brotli;
    let response = next.run(request).await;
    if !brotli_ok || !is_page(response.headers()) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let page = match to_bytes(body, MAX_PAGE).await {
        Ok(page) => page,
        Err(e) => {
            tracing::error!("a page could not be read to compress it: {e}");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let compressed = match compress_brotli(&page, PAGE_QUALITY) {
        Ok(c) => c,
        Err(e) => {
            tracing::error!("a page could not be compressed: {e}");
            return Response::from_parts(parts, Body::from(page));
        }
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    parts
        .headers
        .insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
    parts
        .headers
        .append(header::VARY, HeaderValue::from_static("accept-encoding"));
    Response::from_parts(parts, Body::from(compressed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_compressed_page_decompresses_to_the_same_bytes() {
        let page = "<p>Пункт прийому — accueil à la gare</p>".repeat(2_000);
        for data in [page.as_bytes(), b"", b"x"] {
            let packed = compress_brotli(data, PAGE_QUALITY).unwrap();
            let mut back = Vec::new();
            ::brotli::BrotliDecompress(&mut &packed[..], &mut back).unwrap();
            assert_eq!(back, data);
        }
        assert!(
            compress_brotli(page.as_bytes(), PAGE_QUALITY)
                .unwrap()
                .len()
                < page.len() / 20
        );
    }
}
