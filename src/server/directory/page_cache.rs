//! The store of rendered public pages (`web::page_cache` decides what is kept and serves it):
//! dropped whole whenever the directory is rebuilt (every publish, import or other write), so no
//! page outlives the data it shows, and bounded in pages and bytes.

use axum::{
    body::Bytes,
    http::{HeaderMap, StatusCode},
};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// At most this many pages are kept; when full, the cache starts over.
pub const MAX_PAGES: usize = 2_000;
/// At most this many bytes of pages and keys are kept (a flood of distinct URLs asking for
/// uncompressed pages would otherwise hold `MAX_PAGES` × `MAX_PAGE_BYTES`); when full, the
/// cache starts over.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;
/// Larger responses are served but not kept.
pub const MAX_PAGE_BYTES: usize = 512 * 1024;

/// A rendered page as it is kept: its status, headers and (compressed) body.
#[derive(Clone)]
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

#[derive(Default)]
struct Pages {
    generation: u64,
    pages: HashMap<String, Page>,
    /// Bytes of the bodies and keys kept.
    bytes: usize,
}

/// The kept pages of the directory's current generation (shared by every request).
#[derive(Clone, Default)]
pub struct PageCache {
    inner: Arc<Mutex<Pages>>,
}

impl PageCache {
    /// The page kept under `key` for `generation`; a newer generation drops every page.
    pub fn get(&self, key: &str, generation: u64) -> Option<Page> {
        let mut pages = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if pages.generation != generation {
            pages.pages.clear();
            pages.bytes = 0;
            pages.generation = generation;
            return None;
        }
        pages.pages.get(key).cloned()
    }

    /// Keeps `page` under `key`, unless the directory has moved past `generation`.
    pub fn put(&self, key: String, generation: u64, page: Page) {
        let mut pages = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if pages.generation != generation {
            return;
        }
        if let Some(old) = pages.pages.remove(&key) {
            pages.bytes -= key.len() + old.body.len();
        }
        let size = key.len() + page.body.len();
        if pages.pages.len() >= MAX_PAGES || pages.bytes + size > MAX_BYTES {
            pages.pages.clear();
            pages.bytes = 0;
        }
        pages.bytes += size;
        pages.pages.insert(key, page);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &'static str) -> Page {
        Page {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from_static(text.as_bytes()),
        }
    }

    #[test]
    fn a_page_is_served_until_the_directory_changes() {
        let cache = PageCache::default();
        cache.put("k".into(), 0, page("old"));
        assert_eq!(cache.get("k", 0).unwrap().body, "old");
        assert!(
            cache.get("k", 1).is_none(),
            "a new generation drops every page"
        );
        cache.put("k".into(), 0, page("rendered before the change"));
        assert!(
            cache.get("k", 1).is_none(),
            "a page of an older generation is not kept"
        );
    }

    #[test]
    fn a_flood_of_large_pages_under_distinct_urls_stays_under_the_byte_cap() {
        let cache = PageCache::default();
        let body = Bytes::from(vec![b'x'; MAX_PAGE_BYTES]);
        let mut most = 0;
        for i in 0..1_000 {
            let big = Page {
                status: StatusCode::OK,
                headers: HeaderMap::new(),
                body: body.clone(),
            };
            cache.put(format!("/initiatives?q={i}"), 0, big);
            let pages = cache.inner.lock().unwrap();
            let counted: usize = pages
                .pages
                .iter()
                .map(|(k, p)| k.len() + p.body.len())
                .sum();
            assert_eq!(pages.bytes, counted);
            most = most.max(pages.bytes);
        }
        assert!(most <= MAX_BYTES, "{most} bytes kept");
        assert!(cache.get("/initiatives?q=999", 0).is_some());
        cache.put("/initiatives?q=999".into(), 0, page("again"));
        assert_eq!(cache.get("/initiatives?q=999", 0).unwrap().body, "again");
        let pages = cache.inner.lock().unwrap();
        let counted: usize = pages
            .pages
            .iter()
            .map(|(k, p)| k.len() + p.body.len())
            .sum();
        assert_eq!(pages.bytes, counted, "a replaced page is not counted twice");
    }
}
