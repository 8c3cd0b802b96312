//! Serving connections with time limits and a bound on how many are open.
//!
//! Why a module of its own: `axum::serve` sets no timer. A client that sends its request's head
//! or body a byte at a time, or opens a connection and sends nothing, kept that connection (a
//! task, a socket, a file descriptor) open for as long as it liked, and a few thousand such
//! clients took every file descriptor the process may open — the old "slowloris" attack, which
//! nginx in front would stop but the app alone did not. This accept loop is what `main.rs`
//! serves with, and what `tests/slow_clients.rs` starts on 127.0.0.1 with tiny limits:
//!
//! - **the head** (request line and headers) must arrive within [`Limits::header_timeout`] of
//!   the connection being accepted or of the previous answer on it (hyper's HTTP/1
//!   `header_read_timeout`); otherwise the connection is closed without an answer. The same
//!   timer closes **idle keep-alive connections**;
//! - **the body** must arrive in full within [`Limits::body_timeout`] of the head; otherwise
//!   the answer is 408 and the connection is closed;
//! - **the answer** must begin within [`Limits::request_timeout`] of the head (the body's
//!   arrival included); otherwise the request is dropped and the answer is 503. An answer that
//!   has begun is not cut: a large export streams for as long as the client reads it;
//! - at most [`Limits::max_connections`] connections are **served at once**. Past the bound no
//!   connection is accepted: new ones wait in the system's queue of the listening socket (its
//!   backlog) until a served one closes — they are not refused, and since every served
//!   connection ends within the limits above unless it is busy with a real request, a flood of
//!   slow clients delays others by at most about the header timeout.
//!
//! Stopping is as with `axum::serve`'s graceful shutdown: when `stop` resolves, no connection is
//! accepted any more, every request under way is answered, idle connections are closed, and
//! [`serve`] returns once every connection has ended. Only HTTP/1 is served, as before (axum's
//! `http2` feature was never on; browsers speak HTTP/2 only over TLS, which a proxy ends).

use axum::{
    body::{Body, Bytes},
    extract::{ConnectInfo, Request, State},
    http::{header, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    Router,
};
use hyper::body::{Body as _, Frame, SizeHint};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tower::ServiceExt as _;

pub use crate::server::settings::Limits;

/// How often at most the log says that every connection is in use.
const FULL_WARNING_EVERY: Duration = Duration::from_secs(60);

/// Serves `app` on `listener` within `limits` until `stop` resolves, then lets the requests
/// under way finish and returns when every connection has ended. Handlers see the client's
/// address as `ConnectInfo<SocketAddr>`, as with `into_make_service_with_connect_info`.
///
/// Errors accepting a connection (too many open files, …) are logged and retried after a
/// second, as `axum::serve` does; nothing here ends the loop but `stop`.
pub async fn serve<F>(listener: TcpListener, app: Router, limits: Limits, stop: F)
where
    F: Future<Output = ()> + Send + 'static,
{
    let app = with_time_limits(app, limits);
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    // `true` once stopping: every connection watches it.
    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::spawn(async move {
        stop.await;
        let _ = stop_tx.send(true);
    });
    // Every connection holds a receiver: the sender's `closed()` is "all have ended".
    let (ended_tx, ended_rx) = watch::channel(());
    let mut stopping = stop_rx.clone();
    let mut warned_full: Option<Instant> = None;
    loop {
        if slots.available_permits() == 0
            && warned_full.is_none_or(|t| t.elapsed() > FULL_WARNING_EVERY)
        {
            warned_full = Some(Instant::now());
            tracing::warn!(
                max_connections = limits.max_connections,
                "every connection is in use: new ones wait until one closes \
                 (ICC_MAX_CONNECTIONS)"
            );
        }
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break, // never closed
            },
            _ = stopping.wait_for(|s| *s) => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = accept(&listener) => accepted,
            _ = stopping.wait_for(|s| *s) => break,
        };
        tokio::spawn(connection(
            stream,
            peer,
            app.clone(),
            limits.header_timeout,
            slot,
            stop_rx.clone(),
            ended_rx.clone(),
        ));
    }
    drop(ended_rx);
    drop(listener);
    tracing::debug!(
        connections = ended_tx.receiver_count(),
        "not accepting connections any more; waiting for the open ones to end"
    );
    ended_tx.closed().await;
}

/// The next connection. Errors that concern one connection only (reset before it was
/// accepted) are skipped; others (out of file descriptors) are logged and retried after a
/// second instead of spinning.
async fn accept(listener: &TcpListener) -> (TcpStream, SocketAddr) {
    loop {
        match listener.accept().await {
            Ok(accepted) => return accepted,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::ConnectionRefused
                        | std::io::ErrorKind::ConnectionAborted
                        | std::io::ErrorKind::ConnectionReset
                ) => {}
            Err(e) => {
                tracing::error!(error = %e, "cannot accept a connection; trying again in 1 s");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

/// Serves one connection until it ends; `_slot` and `_ended` are held until then.
async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    app: Router,
    header_timeout: Duration,
    _slot: OwnedSemaphorePermit,
    mut stopping: watch::Receiver<bool>,
    _ended: watch::Receiver<()>,
) {
    let service = hyper::service::service_fn(move |mut request: hyper::Request<_>| {
        request.extensions_mut().insert(ConnectInfo(peer));
        app.clone().oneshot(request)
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    let conn = builder
        .serve_connection(TokioIo::new(stream), service)
        .with_upgrades();
    tokio::pin!(conn);
    let mut asked_to_stop = false;
    loop {
        tokio::select! {
            result = conn.as_mut() => {
                match result {
                    // Never the client's address: the app's logs hold none (issue 19).
                    Err(e) if e.is_timeout() => tracing::debug!(
                        "closed a connection whose request head did not arrive within {} s",
                        header_timeout.as_secs_f32()
                    ),
                    Err(e) => tracing::debug!(error = %e, "a connection ended with an error"),
                    Ok(()) => {}
                }
                break;
            }
            _ = stopping.wait_for(|s| *s), if !asked_to_stop => {
                // The request under way (if any) is answered; then the connection closes.
                asked_to_stop = true;
                conn.as_mut().graceful_shutdown();
            }
        }
    }
}

/// `app` with the body and request limits around it (the head's limit is hyper's).
fn with_time_limits(app: Router, limits: Limits) -> Router {
    app.layer(axum::middleware::from_fn_with_state(
        limits.body_timeout,
        body_deadline,
    ))
    .layer(axum::middleware::from_fn_with_state(
        limits.request_timeout,
        request_deadline,
    ))
}

/// A short answer of the server itself (outside the router: no page, no policy): plain text,
/// or under the public API (`api`) an RFC 9457 problem with CORS, as its every answer is.
fn plain(status: StatusCode, text: String, close: bool, api: bool) -> Response {
    let mut response = if api {
        let problem = serde_json::json!({
            "type": "about:blank",
            "title": status.canonical_reason().unwrap_or("Error"),
            "status": status.as_u16(),
            "detail": text.trim_end(),
        });
        let mut r = (status, problem.to_string()).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        r.headers_mut().insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        r
    } else {
        let mut r = (status, text).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        r
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if close {
        headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// Whole seconds for messages (the settings are whole seconds; tests use fractions).
fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f32())
    }
}

/// The first segment of a path: paths may hold a manage token, which is never logged.
fn section(request: &Request) -> String {
    request
        .uri()
        .path()
        .split('/')
        .nth(1)
        .unwrap_or_default()
        .chars()
        .take(40)
        .collect()
}

/// Whether a request is for the public API, whose answers are all problems with CORS.
fn is_api(request: &Request) -> bool {
    let path = request.uri().path();
    path == "/api/v1" || path.starts_with("/api/v1/")
}

/// 408 when the body has not arrived in full within `limit` of the head. Whatever read the
/// body got an error and answered; that answer is replaced, and the connection closed (what is
/// left of the body is not waited for).
async fn body_deadline(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    if request.body().is_end_stream() {
        return next.run(request).await;
    }
    let late = Arc::new(AtomicBool::new(false));
    let section = section(&request);
    let api = is_api(&request);
    let request = request.map(|body| {
        Body::new(DeadlineBody {
            inner: body,
            deadline: Box::pin(tokio::time::sleep(limit)),
            late: late.clone(),
            limit,
        })
    });
    let response = next.run(request).await;
    if !late.load(Ordering::Acquire) {
        return response;
    }
    tracing::info!(
        section,
        "answered 408: a request body did not arrive within {}",
        seconds(limit)
    );
    plain(
        StatusCode::REQUEST_TIMEOUT,
        format!(
            "408 Request Timeout: the request's body did not arrive within {} of its head; \
             nothing was done. Please send it again.\n",
            seconds(limit)
        ),
        true,
        api,
    )
}

/// A request body that fails once its deadline has passed before its end arrived.
struct DeadlineBody {
    inner: Body,
    deadline: Pin<Box<tokio::time::Sleep>>,
    late: Arc<AtomicBool>,
    limit: Duration,
}

impl hyper::body::Body for DeadlineBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        if let Poll::Ready(frame) = Pin::new(&mut this.inner).poll_frame(cx) {
            return Poll::Ready(frame);
        }
        if this.deadline.as_mut().poll(cx).is_ready() {
            this.late.store(true, Ordering::Release);
            return Poll::Ready(Some(Err(axum::Error::new(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                format!("the body did not arrive within {}", seconds(this.limit)),
            )))));
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// 503 when the answer has not begun within `limit` of the head; the request's work is
/// dropped (a database transaction under way rolls back).
async fn request_deadline(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let section = section(&request);
    let api = is_api(&request);
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(
                %method,
                section,
                "answered 503: a request was not answered within {} (ICC_REQUEST_TIMEOUT_SECONDS)",
                seconds(limit)
            );
            plain(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "503 Service Unavailable: the server could not answer this request within \
                     {}. Please try again later.\n",
                    seconds(limit)
                ),
                false,
                api,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_limits_are_the_documented_ones() {
        let limits = Limits::default();
        assert_eq!(limits.header_timeout, Duration::from_secs(10));
        assert_eq!(limits.body_timeout, Duration::from_secs(30));
        assert_eq!(limits.request_timeout, Duration::from_secs(60));
        assert_eq!(limits.max_connections, 512);
    }

    #[test]
    fn durations_in_messages_are_whole_seconds_unless_shorter() {
        assert_eq!(seconds(Duration::from_secs(30)), "30 s");
        assert_eq!(seconds(Duration::from_millis(300)), "0.3 s");
    }
}
