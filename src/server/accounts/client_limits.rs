//! The per-client budgets (submissions, failed sign-ins, unknown manage links), shared by every
//! instance when they share a PostgreSQL.
//!
//! Why: behind a load balancer each instance counting on its own would give a client one budget
//! per instance. On PostgreSQL the windows live in the table `client_limits`: one upsert per
//! counted event (these events are rare: a submission, a failed sign-in, a guessed link), so
//! every instance sees the same count. On SQLite (one instance) and for the public API's
//! per-minute budget (one count per API request: too frequent to send to the database) the
//! counters stay in the process's memory (`accounts::guard::RateLimiter`). When the database does not
//! answer, the memory counters stand in, so a limit still holds on each instance. Either way a
//! client is counted under a keyed hash of its network and the day (`guard::counted_as`), never
//! its address.

use crate::server::accounts::guard::{counted_as, GuardSettings, Limit, RateLimiter};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, FromQueryResult, Statement};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Every so many counted events, windows that ended more than a day ago are deleted.
const SWEEP_EVERY: u32 = 200;

/// How long a count may wait for the database before the memory counters stand in: a
/// submission while the database is away should get its clear 503 from the write (which
/// waits for the pool), not wait for the pool twice.
const DATABASE_WAIT: Duration = Duration::from_secs(1);

/// The budgets of this instance's clients: in memory, or shared through PostgreSQL.
#[derive(Clone)]
pub struct ClientLimits {
    local: RateLimiter,
    shared: Option<DatabaseConnection>,
    counted: Arc<AtomicU32>,
}

#[derive(FromQueryResult)]
struct Counted {
    count: i32,
    /// Seconds until the window ends.
    remaining: f64,
}

impl ClientLimits {
    /// Counters in `local`, and in `db` too when it is PostgreSQL.
    pub fn new(local: RateLimiter, db: &DatabaseConnection) -> Self {
        let shared = (db.get_database_backend() == DbBackend::Postgres).then(|| db.clone());
        Self {
            local,
            shared,
            counted: Arc::new(AtomicU32::new(0)),
        }
    }

    /// Whether the counts are shared with other instances.
    pub fn shared(&self) -> bool {
        self.shared.is_some()
    }

    /// The in-memory counters (the API's budget, and the stand-in when the database is away).
    pub fn local(&self) -> &RateLimiter {
        &self.local
    }

    fn database_for(&self, limit: Limit) -> Option<&DatabaseConnection> {
        self.shared.as_ref().filter(|_| limit != Limit::ApiRequest)
    }

    /// Counts one event, or tells how long until the client's budget is renewed.
    ///
    /// # Errors
    /// The time to wait, when the client has used up its budget for this window.
    pub async fn admit(
        &self,
        settings: &GuardSettings,
        limit: Limit,
        client: &str,
    ) -> Result<(), Duration> {
        let Some(db) = self.database_for(limit) else {
            return self.local.admit(settings, limit, client);
        };
        let (max, window) = settings.budget(limit);
        let counted = tokio::time::timeout(
            DATABASE_WAIT,
            count(db, limit, &counted_as(settings, client), max, window),
        )
        .await
        .unwrap_or_else(|_| Err(DbErr::Custom("no answer within a second".into())));
        match counted {
            Ok(counted) => {
                if self.counted.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == 0 {
                    sweep(db).await;
                }
                if u32::try_from(counted.count).unwrap_or(u32::MAX) > max {
                    Err(Duration::from_secs_f64(
                        counted.remaining.clamp(0.0, 86_400.0),
                    ))
                } else {
                    Ok(())
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "shared client limits unavailable; counting here");
                self.local.admit(settings, limit, client)
            }
        }
    }

    /// Counts one event; `false` when the client has used up its budget for this window.
    pub async fn allow(&self, settings: &GuardSettings, limit: Limit, client: &str) -> bool {
        self.admit(settings, limit, client).await.is_ok()
    }

    /// Whether the budget is used up, without counting.
    pub async fn exhausted(&self, settings: &GuardSettings, limit: Limit, client: &str) -> bool {
        let Some(db) = self.database_for(limit) else {
            return self.local.exhausted(settings, limit, client);
        };
        let (max, window) = settings.budget(limit);
        let statement = Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT count, 0::float8 AS remaining FROM client_limits \
             WHERE kind = $1 AND client = $2 \
               AND window_start > now() - make_interval(secs => $3)",
            [
                kind(limit).into(),
                counted_as(settings, client).into(),
                window.as_secs_f64().into(),
            ],
        );
        let found =
            tokio::time::timeout(DATABASE_WAIT, Counted::find_by_statement(statement).one(db))
                .await
                .unwrap_or_else(|_| Err(DbErr::Custom("no answer within a second".into())));
        match found {
            Ok(row) => row.is_some_and(|r| u32::try_from(r.count).unwrap_or(u32::MAX) >= max),
            Err(e) => {
                tracing::warn!(error = %e, "shared client limits unavailable; counting here");
                self.local.exhausted(settings, limit, client)
            }
        }
    }
}

/// The name of a limit in the table.
fn kind(limit: Limit) -> &'static str {
    match limit {
        Limit::Submission => "submission",
        Limit::ManageMiss => "manage-miss",
        Limit::SignInFailure => "sign-in-failure",
        Limit::ApiRequest => "api-request",
    }
}

/// One event in the client's current window (a new window when the last one ended), in one
/// statement: two instances counting at once both count. Past the budget the count stops at
/// `max + 1`.
async fn count(
    db: &DatabaseConnection,
    limit: Limit,
    client: &str,
    max: u32,
    window: Duration,
) -> Result<Counted, DbErr> {
    let statement = Statement::from_sql_and_values(
        DbBackend::Postgres,
        "INSERT INTO client_limits AS l (kind, client, window_start, count) \
         VALUES ($1, $2, now(), 1) \
         ON CONFLICT (kind, client) DO UPDATE SET \
           window_start = CASE WHEN l.window_start <= now() - make_interval(secs => $3) \
                               THEN now() ELSE l.window_start END, \
           count = CASE WHEN l.window_start <= now() - make_interval(secs => $3) \
                        THEN 1 ELSE LEAST(l.count + 1, $4) END \
         RETURNING count, \
           EXTRACT(EPOCH FROM window_start + make_interval(secs => $3) - now())::float8 \
             AS remaining",
        [
            kind(limit).into(),
            client.into(),
            window.as_secs_f64().into(),
            i32::try_from(max.saturating_add(1))
                .unwrap_or(i32::MAX)
                .into(),
        ],
    );
    Counted::find_by_statement(statement)
        .one(db)
        .await?
        .ok_or_else(|| DbErr::Custom("the client limit upsert returned no row".into()))
}

/// Deletes windows that ended long ago (the longest lasts an hour).
async fn sweep(db: &DatabaseConnection) {
    if let Err(e) = db
        .execute_unprepared(
            "DELETE FROM client_limits WHERE window_start < now() - interval '1 day'",
        )
        .await
    {
        tracing::warn!(error = %e, "sweeping old client limits failed");
    }
}
