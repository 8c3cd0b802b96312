//! Moderators: accounts with argon2id password hashes (computed on blocking threads, never on
//! the async workers) under the password policy of `server::password`, an optional second
//! factor (TOTP, `server::totp`), sign-in with lock-out after repeated failures (wrong passwords
//! and wrong codes alike), and server-side sessions whose cookie token is stored only as a hash.
//!
//! Sign-in takes the same path whatever is wrong: an unknown e-mail still costs one argon2id
//! verification and one code check, so timing does not tell which accounts exist or have a
//! second factor, and every failure gives the same answer.

use crate::domain::ContactEmail;
use crate::server::entities::{moderator, session};
use crate::server::password::{self, PasswordProblem};
use crate::server::secrets::{hash_token, looks_like_token, new_token};
use crate::server::totp::{self, CodeCheck, Secret};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::{Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
};

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
}

async fn hash_password(password: String) -> Result<String, AuthError> {
    tokio::task::spawn_blocking(move || {
        let mut salt_bytes = [0u8; 16];
        getrandom::fill(&mut salt_bytes).map_err(|e| AuthError::Hashing(e.to_string()))?;
        let salt =
            SaltString::encode_b64(&salt_bytes).map_err(|e| AuthError::Hashing(e.to_string()))?;
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AuthError::Hashing(e.to_string()))
    })
    .await
    .map_err(|e| AuthError::Hashing(e.to_string()))?
}

async fn verify_password(password: String, phc: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&phc)
            .map(|parsed| {
                argon2()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A secret that belongs to no account, checked when there is no real one so that every
/// sign-in does the same work.
fn dummy_secret() -> &'static Secret {
    static DUMMY: std::sync::OnceLock<Secret> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| Secret::generate().expect("the operating system's random source failed"))
}

/// Verifies against a hash of a random password made once: as slow as a real check.
async fn dummy_verify(password: String) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let _ = tokio::task::spawn_blocking(move || {
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
    .await;
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
/// policy (too short, too long, or guessable, with zxcvbn's reasons), or when the database
/// fails.
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
        .filter(moderator::Column::Id.eq(m.id))
        .exec(db)
        .await?;
    end_sessions(db, m.id, None).await?;
    Ok(())
}

/// Counts a failed attempt (atomically, so parallel guesses all count); at [`MAX_FAILURES`]
/// the account is locked for [`LOCK_MINUTES`]. Returns whether it is now locked.
async fn record_failure(db: &DatabaseConnection, id: i32) -> Result<bool, DbErr> {
    moderator::Entity::update_many()
        .col_expr(
            moderator::Column::FailedAttempts,
            Expr::col(moderator::Column::FailedAttempts).add(1),
        )
        .filter(moderator::Column::Id.eq(id))
        .exec(db)
        .await?;
    let failures = moderator::Entity::find_by_id(id)
        .one(db)
        .await?
        .map_or(0, |m| m.failed_attempts);
    if failures < MAX_FAILURES {
        return Ok(false);
    }
    moderator::Entity::update_many()
        .col_expr(moderator::Column::FailedAttempts, Expr::value(0))
        .col_expr(
            moderator::Column::LockedUntil,
            Expr::value(Some(Utc::now() + Duration::minutes(LOCK_MINUTES))),
        )
        .filter(moderator::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(true)
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
/// (the same answer and the same work for all), `Locked`.
pub async fn sign_in(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
    code: &str,
) -> Result<SignedIn, AuthError> {
    let email = email.trim().to_lowercase();
    let now = Utc::now();
    let Some(m) = find_by_email(db, &email).await? else {
        // Spend the same time as a real check, so timing does not tell which e-mails exist.
        dummy_verify(password.to_owned()).await;
        let _ = totp::check(dummy_secret(), code, now.timestamp(), None);
        return Err(AuthError::Invalid);
    };
    if m.locked_until.is_some_and(|until| until > now) {
        return Err(AuthError::Locked);
    }
    let password_ok = verify_password(password.to_owned(), m.password_hash.clone()).await;
    let code_ok = match check_code(&m, code, now) {
        None => true,
        // The step is claimed only with the right password: guessing codes burns none.
        Some(CodeCheck::Accepted(step)) => password_ok && claim_step(db, m.id, step).await?,
        Some(CodeCheck::Replayed | CodeCheck::Wrong | CodeCheck::Malformed) => false,
    };
    if !(password_ok && code_ok) {
        return Err(if record_failure(db, m.id).await? {
            AuthError::Locked
        } else {
            AuthError::Invalid
        });
    }
    moderator::Entity::update_many()
        .col_expr(moderator::Column::FailedAttempts, Expr::value(0))
        .filter(moderator::Column::Id.eq(m.id))
        .exec(db)
        .await?;
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
/// `NoSecondFactor` when it is not on, `WrongCode`, `ReplayedCode`, `Locked`,
/// `UnknownAccount`, or when the database fails.
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
    let now = Utc::now();
    if m.locked_until.is_some_and(|until| until > now) {
        return Err(AuthError::Locked);
    }
    let checked = check_code(&m, code, now);
    let claimed = match checked {
        Some(CodeCheck::Accepted(step)) => claim_step(db, m.id, step).await?,
        _ => false,
    };
    match checked {
        None => return Err(AuthError::NoSecondFactor),
        Some(CodeCheck::Accepted(_)) if claimed => {}
        Some(CodeCheck::Accepted(_) | CodeCheck::Replayed) => {
            record_failure(db, m.id).await?;
            return Err(AuthError::ReplayedCode);
        }
        Some(CodeCheck::Wrong | CodeCheck::Malformed) => {
            return Err(if record_failure(db, m.id).await? {
                AuthError::Locked
            } else {
                AuthError::WrongCode
            });
        }
    }
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
        .filter(moderator::Column::Id.eq(m.id))
        .exec(db)
        .await?;
    end_sessions(db, m.id, keep).await?;
    Ok(())
}

/// Changes a signed-in moderator's password: the current one is asked again, the new one must
/// pass the policy. The moderator's other sessions end.
///
/// # Errors
/// `Invalid` for a wrong current password (counted towards the lock-out), `Locked`,
/// `WeakPassword`, `UnknownAccount`, or when the database fails.
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
    if m.locked_until.is_some_and(|until| until > Utc::now()) {
        return Err(AuthError::Locked);
    }
    password::check(new, &m.email).map_err(AuthError::WeakPassword)?;
    if !verify_password(current.to_owned(), m.password_hash.clone()).await {
        return Err(if record_failure(db, m.id).await? {
            AuthError::Locked
        } else {
            AuthError::Invalid
        });
    }
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
