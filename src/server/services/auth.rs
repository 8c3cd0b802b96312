//! Moderators: accounts with argon2id password hashes (computed on blocking threads, never on
//! the async workers), sign-in with lock-out after repeated failures, and server-side sessions
//! whose cookie token is stored only as a hash.

use crate::domain::ContactEmail;
use crate::server::entities::{moderator, session};
use crate::server::secrets::{hash_token, looks_like_token, new_token};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
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
pub const MIN_PASSWORD_CHARS: usize = 12;

/// OWASP's minimum for argon2id: 19 MiB of memory, 2 passes, 1 lane.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A signed-in moderator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moderator {
    pub id: i32,
    pub email: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("wrong e-mail or password")]
    Invalid,
    #[error("too many failed attempts; the account is locked for a while")]
    Locked,
    #[error("{0}")]
    BadInput(String),
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

/// Creates a moderator, or sets a new password for an existing one. Returns whether the account
/// is new.
///
/// # Errors
/// When the e-mail is not an address, the password is shorter than 12 characters, or the
/// database fails.
pub async fn create_moderator(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
) -> Result<bool, AuthError> {
    let email = ContactEmail::parse(email)
        .map_err(|e| AuthError::BadInput(format!("e-mail: {e}")))?
        .as_str()
        .to_lowercase();
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AuthError::BadInput(format!(
            "the password must have at least {MIN_PASSWORD_CHARS} characters"
        )));
    }
    let hash = hash_password(password.to_owned()).await?;
    let existing = moderator::Entity::find()
        .filter(moderator::Column::Email.eq(&email))
        .one(db)
        .await?;
    match existing {
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
            })
            .exec(db)
            .await?;
            Ok(true)
        }
    }
}

/// Checks the password and opens a session; returns the cookie's token. After
/// [`MAX_FAILURES`] failures in a row the account is locked for [`LOCK_MINUTES`], whatever
/// password is tried.
///
/// # Errors
/// `Invalid` for an unknown e-mail or a wrong password (the same answer for both), `Locked`.
pub async fn sign_in(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
) -> Result<String, AuthError> {
    let email = email.trim().to_lowercase();
    let found = if email.len() > 254 {
        None
    } else {
        moderator::Entity::find()
            .filter(moderator::Column::Email.eq(&email))
            .one(db)
            .await?
    };
    let Some(m) = found else {
        // Spend the same time as a real check, so timing does not tell which e-mails exist.
        dummy_verify(password.to_owned()).await;
        return Err(AuthError::Invalid);
    };
    let now = Utc::now();
    if m.locked_until.is_some_and(|until| until > now) {
        return Err(AuthError::Locked);
    }
    if !verify_password(password.to_owned(), m.password_hash.clone()).await {
        let failures = m.failed_attempts + 1;
        let lock = failures >= MAX_FAILURES;
        moderator::Entity::update_many()
            .col_expr(
                moderator::Column::FailedAttempts,
                Expr::value(if lock { 0 } else { failures }),
            )
            .col_expr(
                moderator::Column::LockedUntil,
                Expr::value(lock.then(|| now + Duration::minutes(LOCK_MINUTES))),
            )
            .filter(moderator::Column::Id.eq(m.id))
            .exec(db)
            .await?;
        return Err(if lock {
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
    Ok(token)
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
