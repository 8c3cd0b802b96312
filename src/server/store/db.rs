//! Connecting to the database: embedded SQLite by default, PostgreSQL when `DATABASE_URL` says so.
//!
//! An acknowledged write must survive a crash of the process and of the machine: SQLite runs in
//! WAL mode with `synchronous=FULL`, so every commit waits until the log is on disk (with
//! `NORMAL` a commit is safe from a process crash but the last ones may be lost with the
//! machine's power). PostgreSQL is durable at commit with its defaults.

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr, SqlxSqliteConnector};
use std::str::FromStr;
use std::time::Duration;

/// Opens a pool. SQLite files (and their folder) are created when missing and run in WAL mode
/// with `synchronous=FULL`, a busy timeout and foreign keys on; PostgreSQL URLs go to sea-orm as they are.
///
/// # Errors
/// When the URL is malformed or the database does not answer.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    if url.starts_with("sqlite:") {
        let path = url
            .trim_start_matches("sqlite://")
            .trim_start_matches("sqlite:")
            .split('?')
            .next()
            .unwrap_or_default();
        if let Some(dir) = std::path::Path::new(path).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", dir.display())))?;
            }
        }
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| DbErr::Custom(format!("bad SQLite URL: {e}")))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .min_connections(1)
            .connect_with(options)
            .await
            .map_err(|e| DbErr::Custom(format!("cannot open SQLite database: {e}")))?;
        Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
    } else {
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .max_connections(16)
            .connect_timeout(Duration::from_secs(5))
            .acquire_timeout(Duration::from_secs(5))
            .sqlx_logging(false);
        Database::connect(options).await
    }
}

/// Applies every pending migration, then makes again the search text of rows made by older
/// search rules (which the migrations cannot: the rules are the server's code).
///
/// # Errors
/// When a migration fails.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await?;
    let refreshed = crate::server::store::initiatives::refresh_search_text(db).await?;
    if refreshed > 0 {
        tracing::info!(
            rows = refreshed,
            "search text made again by the current rules"
        );
    }
    Ok(())
}
