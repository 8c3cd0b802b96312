//! Moderators: accounts with argon2id password hashes (computed on blocking threads, never on
//! the async workers) under the password policy of `server::password`, an optional second
//! factor (TOTP, `server::totp`), sign-in with lock-out after repeated failures (wrong passwords
//! and wrong codes alike), and server-side sessions whose cookie token is stored only as a hash.
//!
//! Sign-in takes the same path whatever is wrong: an unknown e-mail still costs one argon2id
//! verification and one code check, so timing does not tell which accounts exist or have a
//! second factor, and every failure gives the same answer.
//!
//! Two limits hold however many guesses arrive at once (issue 15):
//! - **The lock-out is counted before the hash.** Each attempt first claims one of the
//!   account's [`MAX_FAILURES`] tries in one conditional `UPDATE` of its row (refused while the
//!   account is locked; the claim that reaches the limit sets the lock), and only then is the
//!   password checked; a success gives the tries back. Reading the lock before the slow hash
//!   and counting after it let twelve parallel guesses all be checked. The count lives in the
//!   database row, so it holds for every instance sharing a PostgreSQL.
//! - **At most [`checks_at_once`] argon2id computations run at once in the process** (hashes,
//!   verifications and the unknown accounts' dummy verifications alike): each holds 19 MiB, so
//!   a burst of sign-ins could otherwise take the memory of the machine. A check that cannot
//!   start within [`CHECK_WAIT_SECONDS`] is answered [`AuthError::Busy`] (503 with
//!   `Retry-After`) instead of queueing without end.

use crate::domain::ContactEmail;
use crate::server::accounts::password::{self, PasswordProblem};
use crate::server::accounts::secrets::{hash_token, looks_like_token, new_token};
use crate::server::accounts::totp::{self, CodeCheck, Secret};
use crate::server::store::entities::{moderator, session};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::{Duration, Utc};
use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryTrait,
};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::LazyLock;
use tokio::sync::{Semaphore, SemaphorePermit};

/// How long a session lasts without signing in again.
pub const SESSION_HOURS: i64 = 12;
/// Failed sign-ins in a row that lock an account.
pub const MAX_FAILURES: i32 = 5;
/// How long a locked account stays locked.
pub const LOCK_MINUTES: i64 = 15;
/// Shortest password accepted for a moderator.
pub const MIN_PASSWORD_CHARS: usize = password::MIN_CHARS;
/// The name authenticator apps show beside the account.
pub const TOTP_ISSUER: &str = "ICC Solidarity Initiatives";

/// Password checks running at once, at most, whatever the number of cores: 4 × 19 MiB.
pub const MAX_CHECKS_AT_ONCE: usize = 4;
/// How long a password check waits for its turn before the answer is [`AuthError::Busy`].
pub const CHECK_WAIT_SECONDS: u64 = 5;

/// OWASP's minimum for argon2id: 19 MiB of memory, 2 passes, 1 lane.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Whether an account asks for a code from an authenticator app at sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondFactor {
    Off,
    On,
}

/// A signed-in moderator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moderator {
    pub id: i32,
    pub email: String,
    pub second_factor: SecondFactor,
}

/// A session just opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    /// The cookie's token (the database keeps only its hash).
    pub token: String,
    pub second_factor: SecondFactor,
}

/// The second factor of an account, as its own page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Enrolment {
    Off,
    /// A secret was made and waits for a code from it.
    Pending(Secret),
    On,
}

/// A moderator's own account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub email: String,
    pub enrolment: Enrolment,
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("wrong e-mail or password")]
    Invalid,
    #[error("too many failed attempts; the account is locked for a while")]
    Locked,
    #[error("{0}")]
    BadInput(String),
    #[error("{0}")]
    WeakPassword(PasswordProblem),
    /// A code that is not the current one of the account's (or the enrolment's) secret.
    #[error("wrong code")]
    WrongCode,
    /// A code that was already used.
    #[error("this code was already used; wait for the next one")]
    ReplayedCode,
    /// Confirming without having started an enrolment, or turning off what is not on.
    #[error("no second factor is being set up or turned on")]
    NoSecondFactor,
    /// Starting an enrolment while a second factor is on.
    #[error("a second factor is already on")]
    AlreadyOn,
    #[error("no such moderator")]
    UnknownAccount,
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error("password hashing failed: {0}")]
    Hashing(String),
    /// Every password check slot stayed taken for [`CHECK_WAIT_SECONDS`]: try again shortly.
    #[error("the server is busy checking other passwords; try again in a few seconds")]
    Busy,
}

/// How many argon2id computations may run at once in this process: the number of cores, at
/// least 1 and at most [`MAX_CHECKS_AT_ONCE`] (2 on a two-core machine).
pub fn checks_at_once() -> usize {
    std::thread::available_parallelism()
        .map_or(2, std::num::NonZeroUsize::get)
        .clamp(1, MAX_CHECKS_AT_ONCE)
}

/// Password checks this process has run, and the most that ever ran at once: what the tests
/// read to see the bound hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckCounts {
    /// argon2id hashes and verifications started (dummy ones included).
    pub started: u64,
    /// The most that were running at the same moment.
    pub peak: usize,
}

/// The counts of this process's password checks so far.
pub fn check_counts() -> CheckCounts {
    CHECKS.counts()
}

/// The turns of the password checks: a semaphore of [`checks_at_once`] permits, and counters.
struct CheckGate {
    permits: Semaphore,
    wait: std::time::Duration,
    running: AtomicUsize,
    peak: AtomicUsize,
    started: AtomicU64,
}

static CHECKS: LazyLock<CheckGate> = LazyLock::new(|| {
    CheckGate::new(
        checks_at_once(),
        std::time::Duration::from_secs(CHECK_WAIT_SECONDS),
    )
});

/// A password check's turn: while it is held, one of the gate's permits is taken.
struct Turn {
    gate: &'static CheckGate,
    permit: SemaphorePermit<'static>,
}

/// Counts a check as running until it is dropped, inside the blocking task: a request given
/// up meanwhile does not free the turn of work that still runs.
struct Running {
    gate: &'static CheckGate,
    _permit: SemaphorePermit<'static>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.gate.running.fetch_sub(1, Ordering::SeqCst);
    }
}

impl CheckGate {
    fn new(permits: usize, wait: std::time::Duration) -> Self {
        Self {
            permits: Semaphore::new(permits),
            wait,
            running: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
            started: AtomicU64::new(0),
        }
    }

    fn counts(&self) -> CheckCounts {
        CheckCounts {
            started: self.started.load(Ordering::SeqCst),
            peak: self.peak.load(Ordering::SeqCst),
        }
    }

    /// Waits for a free permit, at most the gate's wait.
    async fn turn(&'static self) -> Result<Turn, AuthError> {
        match tokio::time::timeout(self.wait, self.permits.acquire()).await {
            Ok(Ok(permit)) => Ok(Turn { gate: self, permit }),
            // The semaphore is never closed; a timeout is a busy server.
            Ok(Err(_)) | Err(_) => Err(AuthError::Busy),
        }
    }
}

impl Turn {
    /// Runs `work` (an argon2id computation) on a blocking thread, holding the turn until it
    /// ends.
    async fn check<T: Send + 'static>(
        self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AuthError> {
        let gate = self.gate;
        gate.started.fetch_add(1, Ordering::SeqCst);
        let now = gate.running.fetch_add(1, Ordering::SeqCst) + 1;
        gate.peak.fetch_max(now, Ordering::SeqCst);
        let running = Running {
            gate,
            _permit: self.permit,
        };
        tokio::task::spawn_blocking(move || {
            let _running = running;
            work()
        })
        .await
        .map_err(|e| AuthError::Hashing(e.to_string()))
    }
}

async fn hash_password(password: String) -> Result<String, AuthError> {
    CHECKS
        .turn()
        .await?
        .check(move || {
            let mut salt_bytes = [0u8; 16];
            getrandom::fill(&mut salt_bytes).map_err(|e| AuthError::Hashing(e.to_string()))?;
            let salt = SaltString::encode_b64(&salt_bytes)
                .map_err(|e| AuthError::Hashing(e.to_string()))?;
            argon2()
                .hash_password(password.as_bytes(), &salt)
                .map(|h| h.to_string())
                .map_err(|e| AuthError::Hashing(e.to_string()))
        })
        .await?
}

/// Whether `password` matches the hash `phc`, checked in `turn`.
async fn verify_password(turn: Turn, password: String, phc: String) -> Result<bool, AuthError> {
    turn.check(move || {
        PasswordHash::new(&phc)
            .map(|parsed| {
                argon2()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
}

/// A secret that belongs to no account, checked when there is no real one so that every
/// sign-in does the same work.
fn dummy_secret() -> &'static Secret {
    static DUMMY: std::sync::OnceLock<Secret> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| Secret::generate().expect("the operating system's random source failed"))
}

/// Verifies against a hash of a random password made once: as slow as a real check, and
/// taking a turn like one.
async fn dummy_verify(password: String) -> Result<(), AuthError> {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    CHECKS
        .turn()
        .await?
        .check(move || {
            let phc = DUMMY.get_or_init(|| {
                let mut salt_bytes = [0u8; 16];
                let _ = getrandom::fill(&mut salt_bytes);
                SaltString::encode_b64(&salt_bytes)
                    .ok()
                    .and_then(|salt| {
                        argon2()
                            .hash_password(new_token().as_bytes(), &salt)
                            .ok()
                            .map(|h| h.to_string())
                    })
                    .unwrap_or_default()
            });
            if let Ok(parsed) = PasswordHash::new(phc) {
                let _ = argon2().verify_password(password.as_bytes(), &parsed);
            }
        })
        .await
}

fn normalize_email(email: &str) -> Result<String, AuthError> {
    Ok(ContactEmail::parse(email)
        .map_err(|e| AuthError::BadInput(format!("e-mail: {e}")))?
        .as_str()
        .to_lowercase())
}

async fn find_by_email(
    db: &DatabaseConnection,
    email: &str,
) -> Result<Option<moderator::Model>, DbErr> {
    if email.len() > 254 {
        return Ok(None);
    }
    moderator::Entity::find()
        .filter(moderator::Column::Email.eq(email))
        .one(db)
        .await
}

/// Removes an account's second factor (on or being set up), lifts its lock-out and ends its
/// sessions but `keep`: the command line's `--reset-2fa` and a moderator's own "turn off".
async fn clear_second_factor(
    db: &DatabaseConnection,
    id: i32,
    keep: Option<&str>,
) -> Result<(), DbErr> {
    moderator::Entity::update_many()
        .col_expr(
            moderator::Column::TotpSecret,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            moderator::Column::TotpPending,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            moderator::Column::TotpLastStep,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(moderator::Column::FailedAttempts, Expr::value(0))
        .col_expr(
            moderator::Column::LockedUntil,
            Expr::value(Option::<chrono::DateTime<Utc>>::None),
        )
        .filter(moderator::Column::Id.eq(id))
        .exec(db)
        .await?;
    end_sessions(db, id, keep).await
}

async fn end_sessions(
    db: &DatabaseConnection,
    moderator_id: i32,
    keep: Option<&str>,
) -> Result<(), DbErr> {
    let mut delete =
        session::Entity::delete_many().filter(session::Column::ModeratorId.eq(moderator_id));
    if let Some(token) = keep {
        delete = delete.filter(session::Column::TokenHash.ne(hash_token(token)));
    }
    delete.exec(db).await?;
    Ok(())
}

/// Creates a moderator, or sets a new password for an existing one (which lifts a lock-out and
/// ends the account's sessions). Returns whether the account is new.
///
/// # Errors
/// `BadInput` when the e-mail is not an address, `WeakPassword` when the password fails the
/// policy (too short, too long, or guessable, with zxcvbn's reasons), `Busy` when the hash
/// could not start in time, or when the database fails.
pub async fn create_moderator(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
) -> Result<bool, AuthError> {
    let email = normalize_email(email)?;
    password::check(password, &email).map_err(AuthError::WeakPassword)?;
    let hash = hash_password(password.to_owned()).await?;
    match find_by_email(db, &email).await? {
        Some(m) => {
            moderator::Entity::update_many()
                .col_expr(moderator::Column::PasswordHash, Expr::value(hash))
                .col_expr(moderator::Column::FailedAttempts, Expr::value(0))
                .col_expr(
                    moderator::Column::LockedUntil,
                    Expr::value(Option::<chrono::DateTime<Utc>>::None),
                )
                .filter(moderator::Column::Id.eq(m.id))
                .exec(db)
                .await?;
            end_sessions(db, m.id, None).await?;
            Ok(false)
        }
        None => {
            moderator::Entity::insert(moderator::ActiveModel {
                id: NotSet,
                email: Set(email),
                password_hash: Set(hash),
                failed_attempts: Set(0),
                locked_until: Set(None),
                created_at: Set(Utc::now()),
                totp_secret: Set(None),
                totp_pending: Set(None),
                totp_last_step: Set(None),
            })
            .exec(db)
            .await?;
            Ok(true)
        }
    }
}

/// Removes an account's second factor (a lost phone), ends its sessions and lifts a
/// lock-out: the command line's `create-moderator --reset-2fa`.
///
/// # Errors
/// `UnknownAccount`, `BadInput` for a malformed e-mail, or when the database fails.
pub async fn remove_second_factor(db: &DatabaseConnection, email: &str) -> Result<(), AuthError> {
    let email = normalize_email(email)?;
    let m = find_by_email(db, &email)
        .await?
        .ok_or(AuthError::UnknownAccount)?;
    clear_second_factor(db, m.id, None).await?;
    Ok(())
}

/// An attempt at an account's password or code, claimed before it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attempt {
    /// The n-th try since the last success; when it fails at [`MAX_FAILURES`] the account is
    /// locked (the lock is set by the claim itself).
    Claimed(i32),
    /// The account is locked: nothing is checked.
    Locked,
}

impl Attempt {
    /// The answer to this attempt failing: `Locked` when it was the last try, else `otherwise`.
    fn failed(self, otherwise: AuthError) -> AuthError {
        match self {
            Self::Claimed(n) if n < MAX_FAILURES => otherwise,
            _ => AuthError::Locked,
        }
    }
}

/// Claims one try of the account before anything is checked, in one conditional update of its
/// row: refused while it is locked or while [`MAX_FAILURES`] tries are counted; the try that
/// reaches the limit locks it for [`LOCK_MINUTES`] (a success lifts it, [`reset_tries`]); a
/// lock that has ended starts the count again. Parallel guesses each claim their own try, on
/// SQLite as on PostgreSQL (where instances share the row), so no more than the tries left
/// are ever checked.
async fn claim_attempt(db: &DatabaseConnection, id: i32) -> Result<Attempt, DbErr> {
    use moderator::Column::{FailedAttempts, Id, LockedUntil};
    let now = Utc::now();
    // The row is claimable only when unlocked or its lock has ended, so a lock still set here
    // has ended: the count starts again.
    let tries: Expr = Expr::case(LockedUntil.is_not_null(), 1)
        .finally(Expr::col(FailedAttempts).add(1))
        .into();
    let lock: Expr = Expr::case(
        tries.clone().gte(MAX_FAILURES),
        Expr::value(Some(now + Duration::minutes(LOCK_MINUTES))),
    )
    .finally(Expr::value(Option::<chrono::DateTime<Utc>>::None))
    .into();
    let mut claim = moderator::Entity::update_many()
        .col_expr(FailedAttempts, tries)
        .col_expr(LockedUntil, lock)
        .filter(Id.eq(id))
        .filter(
            Condition::any()
                .add(LockedUntil.is_null().and(FailedAttempts.lt(MAX_FAILURES)))
                .add(LockedUntil.lte(now)),
        )
        .into_query();
    claim.returning_col(FailedAttempts);
    match db.query_one(&claim).await? {
        Some(row) => Ok(Attempt::Claimed(row.try_get::<i32>("", "failed_attempts")?)),
        None => Ok(Attempt::Locked),
    }
}

/// Gives an account its tries back after a success (and lifts the lock the last try set).
async fn reset_tries(db: &DatabaseConnection, id: i32) -> Result<(), DbErr> {
    moderator::Entity::update_many()
        .col_expr(moderator::Column::FailedAttempts, Expr::value(0))
        .col_expr(
            moderator::Column::LockedUntil,
            Expr::value(Option::<chrono::DateTime<Utc>>::None),
        )
        .filter(moderator::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Marks a time step as used, unless it (or a later one) already was: one conditional update,
/// so two sign-ins racing with the same code cannot both win.
async fn claim_step(db: &DatabaseConnection, id: i32, step: i64) -> Result<bool, DbErr> {
    let result = moderator::Entity::update_many()
        .col_expr(moderator::Column::TotpLastStep, Expr::value(Some(step)))
        .filter(moderator::Column::Id.eq(id))
        .filter(
            moderator::Column::TotpLastStep
                .is_null()
                .or(moderator::Column::TotpLastStep.lt(step)),
        )
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The code check of an account: `None` without a second factor.
fn check_code(m: &moderator::Model, code: &str, now: chrono::DateTime<Utc>) -> Option<CodeCheck> {
    match m.totp_secret.as_deref() {
        Some(stored) => Some(match Secret::from_base32(stored) {
            Some(secret) => totp::check(&secret, code, now.timestamp(), m.totp_last_step),
            // A damaged secret lets no one in.
            None => CodeCheck::Wrong,
        }),
        None => {
            let _ = totp::check(dummy_secret(), code, now.timestamp(), None);
            None
        }
    }
}

fn second_factor_of(m: &moderator::Model) -> SecondFactor {
    if m.totp_secret.is_some() {
        SecondFactor::On
    } else {
        SecondFactor::Off
    }
}

/// Checks the password — and the code from the authenticator app when the account has a
/// second factor — and opens a session. After [`MAX_FAILURES`] failures in a row (wrong
/// passwords and wrong or replayed codes alike) the account is locked for [`LOCK_MINUTES`],
/// whatever is tried. Accounts without a second factor ignore `code`.
///
/// # Errors
/// `Invalid` for an unknown e-mail, a wrong password, or a missing, wrong or already used code
/// (the same answer and the same work for all), `Locked` (also for the try that reaches the
/// limit), `Busy` when no password check could start in time, or when the database fails.
pub async fn sign_in(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
    code: &str,
) -> Result<SignedIn, AuthError> {
    let email = email.trim().to_lowercase();
    let Some(m) = find_by_email(db, &email).await? else {
        // Spend the same time as a real check, so timing does not tell which e-mails exist.
        dummy_verify(password.to_owned()).await?;
        let _ = totp::check(dummy_secret(), code, Utc::now().timestamp(), None);
        return Err(AuthError::Invalid);
    };
    // The turn first: a busy server refuses before a try is counted.
    let turn = CHECKS.turn().await?;
    let attempt = claim_attempt(db, m.id).await?;
    if attempt == Attempt::Locked {
        return Err(AuthError::Locked);
    }
    let password_ok = verify_password(turn, password.to_owned(), m.password_hash.clone()).await?;
    let now = Utc::now();
    let code_ok = match check_code(&m, code, now) {
        None => true,
        // The step is claimed only with the right password: guessing codes burns none.
        Some(CodeCheck::Accepted(step)) => password_ok && claim_step(db, m.id, step).await?,
        Some(CodeCheck::Replayed | CodeCheck::Wrong | CodeCheck::Malformed) => false,
    };
    if !(password_ok && code_ok) {
        return Err(attempt.failed(AuthError::Invalid));
    }
    reset_tries(db, m.id).await?;
    let token = new_token();
    session::Entity::insert(session::ActiveModel {
        token_hash: Set(hash_token(&token)),
        moderator_id: Set(m.id),
        created_at: Set(now),
        expires_at: Set(now + Duration::hours(SESSION_HOURS)),
    })
    .exec(db)
    .await?;
    // Expired sessions are of no use to anyone.
    session::Entity::delete_many()
        .filter(session::Column::ExpiresAt.lt(now))
        .exec(db)
        .await?;
    Ok(SignedIn {
        token,
        second_factor: second_factor_of(&m),
    })
}

/// A moderator's own account: e-mail and the state of the second factor.
///
/// # Errors
/// `UnknownAccount`, or when the database fails.
pub async fn account(db: &DatabaseConnection, moderator_id: i32) -> Result<Account, AuthError> {
    let m = moderator::Entity::find_by_id(moderator_id)
        .one(db)
        .await?
        .ok_or(AuthError::UnknownAccount)?;
    let enrolment = match (
        &m.totp_secret,
        m.totp_pending.as_deref().and_then(Secret::from_base32),
    ) {
        (Some(_), _) => Enrolment::On,
        (None, Some(secret)) => Enrolment::Pending(secret),
        (None, None) => Enrolment::Off,
    };
    Ok(Account {
        email: m.email,
        enrolment,
    })
}

/// Starts setting up a second factor: a new secret, kept apart until a code from it is
/// confirmed (starting again replaces it).
///
/// # Errors
/// `AlreadyOn`, `UnknownAccount`, `Hashing` when the OS gives no random bytes, or when the
/// database fails.
pub async fn start_second_factor(
    db: &DatabaseConnection,
    moderator_id: i32,
) -> Result<Secret, AuthError> {
    let m = moderator::Entity::find_by_id(moderator_id)
        .one(db)
        .await?
        .ok_or(AuthError::UnknownAccount)?;
    if m.totp_secret.is_some() {
        return Err(AuthError::AlreadyOn);
    }
    let secret = Secret::generate().map_err(|e| AuthError::Hashing(e.to_string()))?;
    moderator::Entity::update_many()
        .col_expr(
            moderator::Column::TotpPending,
            Expr::value(Some(secret.to_base32())),
        )
        .filter(moderator::Column::Id.eq(m.id))
        .filter(moderator::Column::TotpSecret.is_null())
        .exec(db)
        .await?;
    Ok(secret)
}

/// Turns the second factor on with a code from the secret being set up; the moderator's
/// other sessions end (`keep` is the current session's token).
///
/// # Errors
/// `NoSecondFactor` when no setup was started, `WrongCode`, `UnknownAccount`, or when the
/// database fails.
pub async fn confirm_second_factor(
    db: &DatabaseConnection,
    moderator_id: i32,
    code: &str,
    keep: Option<&str>,
) -> Result<(), AuthError> {
    let m = moderator::Entity::find_by_id(moderator_id)
        .one(db)
        .await?
        .ok_or(AuthError::UnknownAccount)?;
    let Some(pending) = m.totp_pending.clone().filter(|_| m.totp_secret.is_none()) else {
        return Err(AuthError::NoSecondFactor);
    };
    let secret = Secret::from_base32(&pending).ok_or(AuthError::NoSecondFactor)?;
    let CodeCheck::Accepted(step) = totp::check(&secret, code, Utc::now().timestamp(), None) else {
        return Err(AuthError::WrongCode);
    };
    let result = moderator::Entity::update_many()
        .col_expr(
            moderator::Column::TotpSecret,
            Expr::value(Some(pending.clone())),
        )
        .col_expr(
            moderator::Column::TotpPending,
            Expr::value(Option::<String>::None),
        )
        .col_expr(moderator::Column::TotpLastStep, Expr::value(Some(step)))
        .filter(moderator::Column::Id.eq(m.id))
        // Unless another tab started over meanwhile.
        .filter(moderator::Column::TotpPending.eq(pending))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Err(AuthError::NoSecondFactor);
    }
    end_sessions(db, m.id, keep).await?;
    Ok(())
}

/// Turns the second factor off with a current code; a wrong code counts towards the lock-out
/// like a wrong sign-in. The moderator's other sessions end.
///
/// # Errors
/// `NoSecondFactor` when it is not on, `WrongCode`, `ReplayedCode`, `Locked` (also for the
/// try that reaches the limit), `UnknownAccount`, or when the database fails.
pub async fn turn_off_second_factor(
    db: &DatabaseConnection,
    moderator_id: i32,
    code: &str,
    keep: Option<&str>,
) -> Result<(), AuthError> {
    let m = moderator::Entity::find_by_id(moderator_id)
        .one(db)
        .await?
        .ok_or(AuthError::UnknownAccount)?;
    if m.totp_secret.is_none() {
        return Err(AuthError::NoSecondFactor);
    }
    let attempt = claim_attempt(db, m.id).await?;
    if attempt == Attempt::Locked {
        return Err(AuthError::Locked);
    }
    let checked = check_code(&m, code, Utc::now());
    let claimed = match checked {
        Some(CodeCheck::Accepted(step)) => claim_step(db, m.id, step).await?,
        _ => false,
    };
    match checked {
        None => return Err(AuthError::NoSecondFactor),
        Some(CodeCheck::Accepted(_)) if claimed => {}
        Some(CodeCheck::Accepted(_) | CodeCheck::Replayed) => {
            return Err(AuthError::ReplayedCode);
        }
        Some(CodeCheck::Wrong | CodeCheck::Malformed) => {
            return Err(attempt.failed(AuthError::WrongCode));
        }
    }
    clear_second_factor(db, m.id, keep).await?;
    Ok(())
}

/// Changes a signed-in moderator's password: the current one is asked again, the new one must
/// pass the policy. The moderator's other sessions end.
///
/// # Errors
/// `Invalid` for a wrong current password (counted towards the lock-out), `Locked`,
/// `WeakPassword`, `Busy` when no password check could start in time, `UnknownAccount`, or
/// when the database fails.
pub async fn change_password(
    db: &DatabaseConnection,
    moderator_id: i32,
    current: &str,
    new: &str,
    keep: Option<&str>,
) -> Result<(), AuthError> {
    let m = moderator::Entity::find_by_id(moderator_id)
        .one(db)
        .await?
        .ok_or(AuthError::UnknownAccount)?;
    // A new password the policy refuses is no guess at the current one: not counted.
    password::check(new, &m.email).map_err(AuthError::WeakPassword)?;
    let turn = CHECKS.turn().await?;
    let attempt = claim_attempt(db, m.id).await?;
    if attempt == Attempt::Locked {
        return Err(AuthError::Locked);
    }
    if !verify_password(turn, current.to_owned(), m.password_hash.clone()).await? {
        return Err(attempt.failed(AuthError::Invalid));
    }
    reset_tries(db, m.id).await?;
    let hash = hash_password(new.to_owned()).await?;
    moderator::Entity::update_many()
        .col_expr(moderator::Column::PasswordHash, Expr::value(hash))
        .col_expr(moderator::Column::FailedAttempts, Expr::value(0))
        .filter(moderator::Column::Id.eq(m.id))
        .exec(db)
        .await?;
    end_sessions(db, m.id, keep).await?;
    Ok(())
}

/// The moderator a session token belongs to, while the session lasts.
///
/// # Errors
/// When the database fails.
pub async fn moderator_for(
    db: &DatabaseConnection,
    token: &str,
) -> Result<Option<Moderator>, DbErr> {
    if !looks_like_token(token) {
        return Ok(None);
    }
    let Some(s) = session::Entity::find_by_id(hash_token(token))
        .one(db)
        .await?
        .filter(|s| s.expires_at > Utc::now())
    else {
        return Ok(None);
    };
    Ok(moderator::Entity::find_by_id(s.moderator_id)
        .one(db)
        .await?
        .map(|m| Moderator {
            id: m.id,
            second_factor: second_factor_of(&m),
            email: m.email,
        }))
}

/// Ends a session.
///
/// # Errors
/// When the database fails.
pub async fn sign_out(db: &DatabaseConnection, token: &str) -> Result<(), DbErr> {
    if looks_like_token(token) {
        session::Entity::delete_by_id(hash_token(token))
            .exec(db)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate(permits: usize, wait_ms: u64) -> &'static CheckGate {
        Box::leak(Box::new(CheckGate::new(
            permits,
            std::time::Duration::from_millis(wait_ms),
        )))
    }

    #[tokio::test]
    async fn a_check_that_cannot_start_in_time_is_busy_and_counts_nothing() {
        let gate = gate(1, 50);
        let held = gate.turn().await.unwrap();
        assert!(matches!(gate.turn().await, Err(AuthError::Busy)));
        assert_eq!(gate.counts().started, 0);
        drop(held);
        assert_eq!(gate.turn().await.unwrap().check(|| 7).await.unwrap(), 7);
        assert_eq!(
            gate.counts(),
            CheckCounts {
                started: 1,
                peak: 1
            }
        );
    }

    #[tokio::test]
    async fn a_turn_is_held_until_its_work_ends_even_when_the_request_is_given_up() {
        let gate = gate(1, 50);
        let (started, release) = (
            std::sync::Arc::new(std::sync::Barrier::new(2)),
            std::sync::Arc::new(std::sync::Barrier::new(2)),
        );
        let (s, r) = (started.clone(), release.clone());
        let turn = gate.turn().await.unwrap();
        let abandoned = tokio::spawn(turn.check(move || {
            s.wait();
            r.wait();
        }));
        tokio::task::spawn_blocking(move || started.wait())
            .await
            .unwrap();
        abandoned.abort();
        // The work still runs: its turn is not free.
        assert!(matches!(gate.turn().await, Err(AuthError::Busy)));
        tokio::task::spawn_blocking(move || release.wait())
            .await
            .unwrap();
        let mut free = None;
        for _ in 0..50 {
            if let Ok(turn) = gate.turn().await {
                free = Some(turn);
                break;
            }
        }
        assert!(free.is_some(), "the turn came back once the work ended");
    }

    #[test]
    fn the_bound_is_the_number_of_cores_between_one_and_four() {
        let n = checks_at_once();
        assert!((1..=MAX_CHECKS_AT_ONCE).contains(&n), "{n}");
    }
}
