#![cfg(feature = "ssr")]
//! Pages rendered at the same time over real sockets, in a process of their own.
//!
//! Why a file of its own: leptos renders on whichever tokio runtime polls it, and in a test
//! process each test has its own runtime. After other tests' runtimes had ended, this test's
//! pages at times never finished (all threads idle, a rendering future never woken: about one
//! run in three in `tests/http.rs`, never in 23 runs alone). A server has one runtime for its
//! whole life, so this is an artefact of sharing a process with other tests; here the test is
//! alone, and a hang still fails within two minutes instead of holding up the whole run.

mod common;

use icc_initiatives::web::http::router;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One HTTP/1.0 exchange (no chunked framing): the head and the body as text.
async fn fetch(addr: std::net::SocketAddr, path: &str) -> (String, String) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.0\r\nHost: {addr}\r\nAccept: text/html\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).await.unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (head.to_ascii_lowercase(), body.to_owned())
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
        .map(str::trim)
}

/// Browsers ask for the icon while other pages are being rendered: neither may take the
/// other's headers. Every page must carry the policy of the nonce on its own scripts. And
/// no rendering leaves a task behind that panics once its page is gone (leptos_i18n's own
/// provider did, now and then: a disposed signal read by its cookie effect).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_carries_the_policy_of_its_own_nonce_while_files_are_served_beside_it() {
    tokio::time::timeout(
        std::time::Duration::from_secs(120),
        pages_at_the_same_time(),
    )
    .await
    .expect("600 pages did not all finish within two minutes");
}

async fn pages_at_the_same_time() {
    static PANICS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        report(info);
    }));
    let dir = tempfile::tempdir().unwrap();
    let state = common::state_at(
        Some(concat!(env!("CARGO_MANIFEST_DIR"), "/public")),
        dir.path(),
    )
    .await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router(state);
    // The server's own accept loop with its default limits, as `main.rs` serves.
    tokio::spawn(icc_initiatives::web::serve::serve(
        listener,
        app,
        icc_initiatives::web::serve::Limits::default(),
        std::future::pending(),
    ));

    let paths = [
        "/",
        "/initiatives?q=a",
        "/declaration",
        "/submit",
        "/favicon.svg",
        "/robots.txt",
        "/no-such-page",
        "/initiatives?type=health",
    ];
    let mut tasks = tokio::task::JoinSet::new();
    let mut wrong = Vec::new();
    for i in 0..600 {
        let path = paths[i % paths.len()].replace("q=a", &format!("q=a{i}"));
        tasks.spawn(async move { (path.clone(), fetch(addr, &path).await) });
        while tasks.len() >= 24 {
            wrong.extend(check(tasks.join_next().await.unwrap().unwrap()));
        }
    }
    while let Some(done) = tasks.join_next().await {
        wrong.extend(check(done.unwrap()));
    }
    assert!(
        wrong.is_empty(),
        "{} of 600 answers wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    // Background tasks of the last pages get their turn.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        PANICS.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "a task panicked while or after pages were rendered (see the output above)"
    );
}

/// What is wrong with one answer, if anything.
fn check((path, (head, body)): (String, (String, String))) -> Option<String> {
    let status = head.lines().next().unwrap_or_default().to_owned();
    let policy = header(&head, "content-security-policy");
    if path.ends_with(".svg") || path.ends_with(".txt") {
        if !status.ends_with("200 ok") {
            return Some(format!("{path}: {status}"));
        }
        return policy.map(|p| format!("{path} took a page's policy: {p}"));
    }
    let expected = if path == "/no-such-page" {
        "404"
    } else {
        "200"
    };
    if !status.contains(expected) {
        return Some(format!("{path}: {status}, not {expected}"));
    }
    let Some(policy) = policy else {
        return Some(format!("{path} ({status}) has no policy"));
    };
    let Some(nonce) = body
        .split("nonce=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
    else {
        return Some(format!("{path} ({status}) has no script with a nonce"));
    };
    (!policy.contains(&format!("'nonce-{}'", nonce.to_ascii_lowercase())))
        .then(|| format!("{path} ({status}): the policy {policy} is not for the nonce {nonce}"))
}
