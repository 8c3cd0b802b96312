#![cfg(feature = "ssr")]
//! Fresh databases for integration tests: a new SQLite file per test, and a new PostgreSQL
//! database per test when `TEST_DATABASE_URL` points at a server (created here, dropped after).

#![allow(dead_code)]

use icc_initiatives::server::store::db;
use sea_orm::{ConnectionTrait, DatabaseConnection};

pub struct TestDb {
    pub name: &'static str,
    pub conn: DatabaseConnection,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

impl TestDb {
    /// Another pool on the same database, as a second instance or the CLI would open.
    pub async fn another_connection(&self) -> DatabaseConnection {
        let url = match (&self.pg, &self._dir) {
            (Some((admin_url, db_name)), _) => {
                let base = admin_url
                    .rsplit_once('/')
                    .map_or(admin_url.as_str(), |(b, _)| b);
                format!("{base}/{db_name}")
            }
            (None, Some(dir)) => format!("sqlite://{}/test.db", dir.path().display()),
            (None, None) => unreachable!("a test database is SQLite or PostgreSQL"),
        };
        db::connect(&url).await.expect("a second connection")
    }

    pub async fn drop_pg(self) {
        if let Some((admin_url, db_name)) = &self.pg {
            let _ = self.conn.close_by_ref().await;
            if let Ok(admin) = db::connect(admin_url).await {
                let _ = admin
                    .execute_unprepared(&format!(
                        "DROP DATABASE IF EXISTS \"{db_name}\" WITH (FORCE)"
                    ))
                    .await;
            }
        }
    }
}

async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}/test.db", dir.path().display());
    let conn = db::connect(&url).await.expect("open sqlite");
    db::migrate(&conn).await.expect("migrations on sqlite");
    TestDb {
        name: "sqlite",
        conn,
        _dir: Some(dir),
        pg: None,
    }
}

async fn postgres(admin_url: &str) -> TestDb {
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let db_name = format!(
        "icc_test_{}_{}_{n}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0)
    );
    let admin = db::connect(admin_url)
        .await
        .expect("connect to TEST_DATABASE_URL");
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{db_name}\""))
        .await
        .expect("create test database");
    let _ = admin.close().await;
    let base = admin_url.rsplit_once('/').map_or(admin_url, |(b, _)| b);
    let url = format!("{base}/{db_name}");
    let conn = db::connect(&url).await.expect("connect to test database");
    db::migrate(&conn).await.expect("migrations on postgres");
    TestDb {
        name: "postgres",
        conn,
        _dir: None,
        pg: Some((admin_url.to_owned(), db_name)),
    }
}

/// SQLite always; PostgreSQL too when `TEST_DATABASE_URL` is set.
pub async fn fresh_databases() -> Vec<TestDb> {
    let mut dbs = vec![sqlite().await];
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => dbs.push(postgres(&url).await),
        _ => eprintln!("TEST_DATABASE_URL not set: PostgreSQL variant of this test skipped"),
    }
    dbs
}

pub const SAMPLE: &str = include_str!("../../src/server/sample-initiatives.json");
pub const FIXTURES: &str = include_str!("../../end2end/fixtures/test-initiatives.json");
/// Initiatives with versions of their text in other languages, of every source, outdated or
/// not (issue 17).
pub const TEXT_VERSIONS: &str = include_str!("../fixtures/text-versions.json");

/// The app's state on a fresh migrated SQLite file in `db_dir`, serving the files of
/// `site_root` (leptos's default when `None`).
pub async fn state_at(
    site_root: Option<&str>,
    db_dir: &std::path::Path,
) -> icc_initiatives::server::state::AppState {
    let conn = db::connect(&format!("sqlite://{}/h.db", db_dir.display()))
        .await
        .unwrap();
    db::migrate(&conn).await.unwrap();
    let mut options = leptos::prelude::LeptosOptions::builder()
        .output_name("icc-initiatives")
        .build();
    if let Some(root) = site_root {
        options.site_root = root.into();
    }
    icc_initiatives::server::state::AppState::new(
        options,
        conn,
        icc_initiatives::server::directory::Directory::default(),
        icc_initiatives::server::accounts::guard::GuardSettings::default(),
    )
}

/// Runs a test's future on the one runtime all the tests of this process share, one test at
/// a time.
///
/// Why not `#[tokio::test]` and the harness's parallel threads: two tests rendering through
/// their own routers at the same time now and then left a page that never finished (every
/// thread idle, the rendering future never woken; CI hung on it twice, in different tests).
/// Run one after another on one runtime, as a server has, 16 runs of `tests/http.rs` never
/// hung, against about one in eight before. These tests take seconds in all.
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    static RUNTIME: std::sync::LazyLock<tokio::runtime::Runtime> = std::sync::LazyLock::new(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("the tests' runtime")
    });
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    RUNTIME.block_on(future)
}
