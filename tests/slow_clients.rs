#![cfg(feature = "ssr")]
//! Slow clients over real sockets, against the server's own accept loop (`server::serve`, what
//! `main.rs` serves with) started on 127.0.0.1 with limits of a second or less: a head or a body
//! sent a byte at a time, an idle keep-alive connection, a handler that does not answer, more
//! connections than the bound, and a stop while a request is under way.
//!
//! A file of its own (its own process), like `tests/concurrent.rs`: these tests wait on real
//! time, and every wait is bounded, so a server that never times anyone out fails them within
//! seconds instead of hanging the run.

mod common;

use axum::{extract::ConnectInfo, routing::get, Router};
use icc_initiatives::web::serve::{serve, Limits};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Limits short enough for tests; each test shortens the one it is about.
fn limits() -> Limits {
    Limits {
        header_timeout: Duration::from_secs(30),
        body_timeout: Duration::from_secs(30),
        request_timeout: Duration::from_secs(30),
        max_connections: 64,
    }
}

/// A running server: its address, the switch that stops it, and its task.
struct Running {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
    _dir: Option<tempfile::TempDir>,
}

/// Starts `serve` with `app` on a free port.
async fn start(app: Router, limits: Limits) -> Running {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(serve(listener, app, limits, async move {
        let _ = stopped.await;
    }));
    Running {
        addr,
        stop: Some(stop),
        task,
        _dir: None,
    }
}

/// Starts `serve` with the site's own router, on a fresh database.
async fn start_site(limits: Limits) -> Running {
    let dir = tempfile::tempdir().unwrap();
    let state = common::state_at(None, dir.path()).await;
    let mut running = start(icc_initiatives::web::http::router(state), limits).await;
    running._dir = Some(dir);
    running
}

/// A tiny router for what the site has no route for: a handler that takes its time, and one
/// that shows the client's address.
fn test_router() -> Router {
    Router::new()
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_millis(600)).await;
                "finally"
            }),
        )
        .route(
            "/never",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(3600)).await;
                "too late"
            }),
        )
        .route(
            "/peer",
            get(|ConnectInfo(peer): ConnectInfo<SocketAddr>| async move { peer.to_string() }),
        )
}

/// Runs a test on the shared runtime, failing it after `seconds`.
fn run<F: std::future::Future<Output = ()>>(seconds: u64, test: F) {
    common::block_on(async {
        tokio::time::timeout(Duration::from_secs(seconds), test)
            .await
            .unwrap_or_else(|_| panic!("the test did not finish within {seconds} s"));
    });
}

/// Reads one answer (head and `Content-Length` body) from a kept-alive connection.
async fn read_answer(stream: &mut TcpStream) -> (String, String) {
    let mut bytes = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut buf).await.unwrap();
        assert!(n > 0, "the connection closed before an answer: {bytes:?}");
        bytes.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&bytes[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map_or(0, |v| v.trim().parse().unwrap());
    while bytes.len() < head_end + length {
        let n = stream.read(&mut buf).await.unwrap();
        assert!(n > 0, "the connection closed inside an answer");
        bytes.extend_from_slice(&buf[..n]);
    }
    let body = String::from_utf8_lossy(&bytes[head_end..head_end + length]).into_owned();
    (head, body)
}

/// Reads until the server closes the connection (end or reset): what it sent meanwhile.
async fn read_until_closed(stream: &mut tokio::net::tcp::OwnedReadHalf) -> String {
    let mut bytes = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => bytes.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Writes `bytes` one at a time, `pause` apart, until done or the server closes.
fn trickle(
    mut writer: tokio::net::tcp::OwnedWriteHalf,
    bytes: Vec<u8>,
    pause: Duration,
) -> tokio::task::JoinHandle<usize> {
    tokio::spawn(async move {
        for (sent, byte) in bytes.iter().enumerate() {
            if writer.write_all(&[*byte]).await.is_err() {
                return sent;
            }
            tokio::time::sleep(pause).await;
        }
        bytes.len()
    })
}

fn get_request(addr: SocketAddr, path: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n")
}

#[test]
fn a_normal_request_is_answered_and_handlers_see_the_clients_address() {
    run(60, async {
        let site = start_site(limits()).await;
        let mut stream = TcpStream::connect(site.addr).await.unwrap();
        stream
            .write_all(get_request(site.addr, "/healthz").as_bytes())
            .await
            .unwrap();
        let (head, _) = read_answer(&mut stream).await;
        assert!(head.starts_with("http/1.1 200"), "{head}");
        // The same connection serves the next request (keep-alive): a rendered page, streamed
        // (chunked), read to the end as the connection then closes.
        let request = format!(
            "GET /declaration HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            site.addr
        );
        stream.write_all(request.as_bytes()).await.unwrap();
        let (mut reader, _writer) = stream.into_split();
        let answer = read_until_closed(&mut reader).await;
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(answer.contains("</html>"), "{answer}");

        let app = start(test_router(), limits()).await;
        let mut stream = TcpStream::connect(app.addr).await.unwrap();
        let mine = stream.local_addr().unwrap();
        stream
            .write_all(get_request(app.addr, "/peer").as_bytes())
            .await
            .unwrap();
        let (head, body) = read_answer(&mut stream).await;
        assert!(head.starts_with("http/1.1 200"), "{head}");
        assert_eq!(body, mine.to_string());
    });
}

#[test]
fn a_client_that_sends_its_head_a_byte_at_a_time_is_disconnected_after_the_header_timeout() {
    run(30, async {
        let timeout = Duration::from_millis(800);
        let site = start_site(Limits {
            header_timeout: timeout,
            ..limits()
        })
        .await;
        let stream = TcpStream::connect(site.addr).await.unwrap();
        let started = Instant::now();
        let (mut reader, writer) = stream.into_split();
        // 300 bytes, one every 50 ms: 15 s for the whole head.
        let head = format!(
            "GET / HTTP/1.1\r\nHost: {}\r\nX-Padding: {}\r\n\r\n",
            site.addr,
            "a".repeat(250)
        );
        let writer = trickle(writer, head.into_bytes(), Duration::from_millis(50));
        let answer = tokio::time::timeout(Duration::from_secs(10), read_until_closed(&mut reader))
            .await
            .expect("the connection was still open 10 s later");
        let after = started.elapsed();
        assert!(
            after >= timeout && after < timeout + Duration::from_secs(2),
            "closed after {after:?}, the header timeout is {timeout:?}"
        );
        assert!(answer.is_empty(), "answered: {answer}");
        writer.abort();
    });
}

#[test]
fn a_connection_that_sends_nothing_or_stays_idle_after_an_answer_is_closed_after_the_header_timeout(
) {
    run(30, async {
        let timeout = Duration::from_millis(800);
        let app = start(
            test_router(),
            Limits {
                header_timeout: timeout,
                ..limits()
            },
        )
        .await;
        // Nothing at all.
        let (mut reader, _writer) = TcpStream::connect(app.addr).await.unwrap().into_split();
        let started = Instant::now();
        tokio::time::timeout(Duration::from_secs(10), read_until_closed(&mut reader))
            .await
            .expect("a silent connection was still open 10 s later");
        assert!(started.elapsed() < timeout + Duration::from_secs(2));
        // One answer, then silence on a kept-alive connection.
        let mut stream = TcpStream::connect(app.addr).await.unwrap();
        stream
            .write_all(get_request(app.addr, "/peer").as_bytes())
            .await
            .unwrap();
        let (head, _) = read_answer(&mut stream).await;
        assert!(head.starts_with("http/1.1 200"), "{head}");
        assert!(!head.contains("connection: close"), "{head}");
        let started = Instant::now();
        let (mut reader, _writer) = stream.into_split();
        tokio::time::timeout(Duration::from_secs(10), read_until_closed(&mut reader))
            .await
            .expect("an idle keep-alive connection was still open 10 s later");
        assert!(started.elapsed() < timeout + Duration::from_secs(2));
    });
}

#[test]
fn a_client_that_sends_its_body_slowly_gets_408_after_the_body_timeout() {
    run(30, async {
        let timeout = Duration::from_millis(800);
        let site = start_site(Limits {
            body_timeout: timeout,
            ..limits()
        })
        .await;
        let stream = TcpStream::connect(site.addr).await.unwrap();
        let (mut reader, mut writer) = stream.into_split();
        // A form post the site reads (same site: the cross-site check lets it through), whose
        // 200-byte body comes one byte every 50 ms: 10 s for the whole body.
        let body = format!("lang=uk&back=%2F{}", "x".repeat(184));
        let head = format!(
            "POST /language HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
            body.len(),
            addr = site.addr,
        );
        let started = Instant::now();
        writer.write_all(head.as_bytes()).await.unwrap();
        let writer = trickle(writer, body.into_bytes(), Duration::from_millis(50));
        let answer = tokio::time::timeout(Duration::from_secs(10), read_until_closed(&mut reader))
            .await
            .expect("no answer and the connection was still open 10 s later");
        let after = started.elapsed();
        assert!(
            answer.starts_with("HTTP/1.1 408"),
            "after {after:?}: {answer}"
        );
        assert!(answer.contains("did not arrive within 0.8 s"), "{answer}");
        assert!(
            after >= timeout && after < timeout + Duration::from_secs(2),
            "answered after {after:?}, the body timeout is {timeout:?}"
        );
        writer.abort();
    });
}

#[test]
fn a_body_that_arrives_in_time_is_read_as_usual() {
    run(30, async {
        let site = start_site(Limits {
            body_timeout: Duration::from_secs(2),
            ..limits()
        })
        .await;
        let mut stream = TcpStream::connect(site.addr).await.unwrap();
        let body = "lang=uk&back=%2Fdeclaration";
        let head = format!(
            "POST /language HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
            body.len(),
            addr = site.addr,
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        // Slowly, but within the limit.
        for chunk in body.as_bytes().chunks(8) {
            tokio::time::sleep(Duration::from_millis(100)).await;
            stream.write_all(chunk).await.unwrap();
        }
        let (head, _) = read_answer(&mut stream).await;
        assert!(head.starts_with("http/1.1 303"), "{head}");
        assert!(head.contains("location: /declaration"), "{head}");
    });
}

#[test]
fn a_request_not_answered_within_the_request_timeout_gets_503() {
    run(30, async {
        let timeout = Duration::from_millis(500);
        let app = start(
            test_router(),
            Limits {
                request_timeout: timeout,
                ..limits()
            },
        )
        .await;
        let mut stream = TcpStream::connect(app.addr).await.unwrap();
        let started = Instant::now();
        stream
            .write_all(get_request(app.addr, "/never").as_bytes())
            .await
            .unwrap();
        let (head, body) = read_answer(&mut stream).await;
        let after = started.elapsed();
        assert!(head.starts_with("http/1.1 503"), "{head}");
        assert!(body.contains("within 0.5 s"), "{body}");
        assert!(after < timeout + Duration::from_secs(2), "{after:?}");
        // A quicker handler on the same connection is answered as usual.
        stream
            .write_all(get_request(app.addr, "/peer").as_bytes())
            .await
            .unwrap();
        let (head, _) = read_answer(&mut stream).await;
        assert!(head.starts_with("http/1.1 200"), "{head}");
    });
}

#[test]
fn connections_past_the_bound_are_not_served_until_one_closes() {
    run(30, async {
        let app = start(
            test_router(),
            Limits {
                max_connections: 2,
                ..limits()
            },
        )
        .await;
        // Two kept-alive connections, each answered once: both slots are taken.
        let mut held = Vec::new();
        for _ in 0..2 {
            let mut stream = TcpStream::connect(app.addr).await.unwrap();
            stream
                .write_all(get_request(app.addr, "/peer").as_bytes())
                .await
                .unwrap();
            let (head, _) = read_answer(&mut stream).await;
            assert!(head.starts_with("http/1.1 200"), "{head}");
            held.push(stream);
        }
        // A third one connects (the system queues it) but is not served.
        let mut third = TcpStream::connect(app.addr).await.unwrap();
        third
            .write_all(get_request(app.addr, "/peer").as_bytes())
            .await
            .unwrap();
        let waited =
            tokio::time::timeout(Duration::from_millis(800), read_answer(&mut third)).await;
        assert!(waited.is_err(), "a third connection was served: {waited:?}");
        // One of the two closes: the third is served.
        drop(held.pop());
        let started = Instant::now();
        let (head, _) = tokio::time::timeout(Duration::from_secs(3), read_answer(&mut third))
            .await
            .expect("the third connection was not served after one closed");
        assert!(head.starts_with("http/1.1 200"), "{head}");
        assert!(started.elapsed() < Duration::from_secs(1));
        // The one still held is served as before.
        let mut first = held.pop().unwrap();
        first
            .write_all(get_request(app.addr, "/peer").as_bytes())
            .await
            .unwrap();
        let (head, _) = read_answer(&mut first).await;
        assert!(head.starts_with("http/1.1 200"), "{head}");
    });
}

#[test]
fn stopping_answers_the_request_under_way_then_ends_every_connection_and_returns() {
    run(30, async {
        let mut app = start(test_router(), limits()).await;
        let mut busy = TcpStream::connect(app.addr).await.unwrap();
        let (mut idle, _idle_writer) = TcpStream::connect(app.addr).await.unwrap().into_split();
        busy.write_all(get_request(app.addr, "/slow").as_bytes())
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(200)).await;
        let _ = app.stop.take().unwrap().send(());
        let (head, body) = read_answer(&mut busy).await;
        assert!(head.starts_with("http/1.1 200"), "{head}");
        assert_eq!(body, "finally");
        tokio::time::timeout(Duration::from_secs(5), read_until_closed(&mut idle))
            .await
            .expect("an idle connection was left open after the stop");
        tokio::time::timeout(Duration::from_secs(5), &mut app.task)
            .await
            .expect("serve did not return after the stop")
            .unwrap();
        assert!(
            TcpStream::connect(app.addr).await.is_err(),
            "still accepting connections after the stop"
        );
    });
}
