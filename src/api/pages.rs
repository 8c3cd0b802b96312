//! What pages read to show, on the server: plain functions over the request's context, not
//! server functions — no browser calls them, so they open no HTTP endpoint (issue 16). Pages
//! are server components (islands mode): these never run in the browser, where they are
//! compiled only so the pages compile, and answer nothing.

use crate::wire::statistics::{PipelineView, Statistics};
use crate::wire::types::{
    AccountView, ApiEndpoint, ConfirmationsView, HomeData, InitiativeDetail, ListPage, MailView,
    ManageView, QueueView, ReviewView,
};
use crate::wire::{AppError, FormStart};
#[cfg(feature = "ssr")]
use leptos::prelude::*;

/// The endpoints of the public API for the `/api` page, read from the OpenAPI document the
/// server generates, with a real initiative's address to try.
pub fn api_reference() -> Vec<ApiEndpoint> {
    #[cfg(feature = "ssr")]
    {
        let state = use_context::<crate::server::state::AppState>();
        let snapshot = state.map(|s| s.directory.snapshot());
        let slug = snapshot
            .as_ref()
            .and_then(|s| s.pages().next().map(|(slug, _)| slug.to_owned()));
        crate::web::public_api::reference(slug.as_deref())
    }
    #[cfg(not(feature = "ssr"))]
    {
        Vec::new()
    }
}

#[cfg(feature = "ssr")]
use crate::server::accounts::auth::{self, AuthError, Enrolment};
#[cfg(feature = "ssr")]
use crate::server::state::AppState;
#[cfg(feature = "ssr")]
use crate::wire::types::SecondFactorView;

#[cfg(feature = "ssr")]
/// The account page's data for the signed-in moderator.
///
/// # Errors
/// `Unauthorized` without a session, `Unavailable`.
pub async fn account_view(state: &AppState) -> Result<AccountView, AppError> {
    let headers = use_context::<axum::http::request::Parts>()
        .map(|p| p.headers)
        .unwrap_or_default();
    let moderator = crate::server::accounts::session::session_moderator(state, &headers).await?;
    let account = auth::account(&state.db, moderator.id)
        .await
        .map_err(|e| match e {
            AuthError::UnknownAccount => AppError::Unauthorized,
            AuthError::Db(e) => AppError::from_db("loading an account", e),
            other => {
                tracing::error!(error = %other, "loading an account");
                AppError::Unavailable
            }
        })?;
    let second_factor = match account.enrolment {
        Enrolment::Off => SecondFactorView::Off,
        Enrolment::On => SecondFactorView::On,
        Enrolment::Pending(secret) => {
            let uri = crate::server::accounts::totp::otpauth_uri(
                &secret,
                auth::TOTP_ISSUER,
                &account.email,
            );
            let qr = crate::server::accounts::totp::qr_path(&uri).ok_or(AppError::Unavailable)?;
            SecondFactorView::Pending {
                secret: secret.grouped(),
                qr_path: qr.d,
                qr_size: qr.size,
            }
        }
    };
    Ok(AccountView {
        email: account.email,
        second_factor,
        required: state.guard.require_2fa,
        password_problem: use_context::<crate::wire::AccountReply>().map(|r| r.0),
    })
}

/// Totals and the latest initiatives for the home page.
#[cfg_attr(not(feature = "ssr"), allow(unused_variables))]
pub async fn load_home() -> Result<HomeData, AppError> {
    #[cfg(feature = "ssr")]
    {
        Ok(crate::api::context::state()?.directory.snapshot().home(6))
    }
    #[cfg(not(feature = "ssr"))]
    {
        Err(AppError::Unavailable)
    }
}

/// One page of the public list for a query string such as `country=PL&type=housing&page=2`.
/// Unusable parameters are ignored and reported in the answer.
#[cfg_attr(not(feature = "ssr"), allow(unused_variables))]
pub async fn list_initiatives(query: String) -> Result<ListPage, AppError> {
    #[cfg(feature = "ssr")]
    {
        let (filter, problems) = crate::domain::ListFilter::from_query(&query);
        Ok(crate::api::context::state()?
            .directory
            .snapshot()
            .list(filter, problems))
    }
    #[cfg(not(feature = "ssr"))]
    {
        Err(AppError::Unavailable)
    }
}

/// Every figure of `/statistics` for a query string of the list's filters (`country=PL&…`),
/// counted today (UTC). Unusable parameters are ignored and reported in the answer.
#[cfg_attr(not(feature = "ssr"), allow(unused_variables))]
pub async fn load_statistics(query: String) -> Result<Statistics, AppError> {
    #[cfg(feature = "ssr")]
    {
        let (filter, problems) = crate::domain::ListFilter::from_query(&query);
        Ok(crate::api::context::state()?
            .directory
            .snapshot()
            .statistics(filter, problems, chrono::Utc::now().date_naive()))
    }
    #[cfg(not(feature = "ssr"))]
    {
        Err(AppError::Unavailable)
    }
}

/// The review pipeline in figures. Moderators only.
pub async fn load_pipeline() -> Result<PipelineView, AppError> {
    #[cfg(feature = "ssr")]
    {
        let state = crate::api::context::state()?;
        let moderator = crate::api::context::moderator(&state)
            .await
            .map_err(AppError::respond)?;
        let p = crate::server::store::pipeline::pipeline(&state.db)
            .await
            .map_err(|e| AppError::from_db("loading the review pipeline", e).respond())?;
        Ok(PipelineView {
            moderator: moderator.email,
            waiting: p.waiting,
            edits_waiting: p.edits_waiting,
            sent_back: p.sent_back,
            months: p.months,
        })
    }
    #[cfg(not(feature = "ssr"))]
    {
        Err(AppError::Unavailable)
    }
}

/// This site's origin (`https://solidarity.example`) for code other sites paste (the list's
/// embed code): `ICC_PUBLIC_ORIGIN`, else the request's host; `None` when it names none.
#[cfg_attr(not(feature = "ssr"), allow(unused_variables))]
pub async fn site_origin() -> Result<Option<String>, AppError> {
    #[cfg(feature = "ssr")]
    {
        let state = crate::api::context::state()?;
        let headers = use_context::<axum::http::request::Parts>()
            .map(|p| p.headers)
            .unwrap_or_default();
        Ok(
            crate::server::accounts::guard::site_origin(&state.guard, &headers)
                .map(|o| o.to_string()),
        )
    }
    #[cfg(not(feature = "ssr"))]
    {
        Err(AppError::Unavailable)
    }
}

/// Every public field of a published initiative; `NotFound` for anything else.
#[cfg_attr(not(feature = "ssr"), allow(unused_variables))]
pub async fn load_initiative(slug: String) -> Result<InitiativeDetail, AppError> {
    #[cfg(feature = "ssr")]
    {
        if slug.len() > 200 {
            return Err(AppError::NotFound);
        }
        let state = crate::api::context::state()?;
        let clock = state.directory.clock();
        crate::server::store::initiatives::published_by_slug(&state.db, &slug)
            .await
            .map_err(|e| AppError::from_db("loading an initiative", e))?
            .map(|p| InitiativeDetail::of(p, clock.rule, clock.today))
            .ok_or(AppError::NotFound)
    }
    #[cfg(not(feature = "ssr"))]
    {
        Err(AppError::Unavailable)
    }
}

/// A fresh ticket for a form and, when this page answers a form posted without JavaScript,
/// what the post gave.
#[cfg_attr(not(feature = "ssr"), allow(unused_variables))]
pub async fn start_form() -> Result<FormStart, AppError> {
    #[cfg(feature = "ssr")]
    {
        Ok(FormStart {
            ticket: crate::api::context::state()?.guard.ticket(),
            reply: use_context::<crate::wire::PostedReply>()
                .map(|p| p.0)
                .unwrap_or_default(),
        })
    }
    #[cfg(not(feature = "ssr"))]
    {
        Err(AppError::Unavailable)
    }
}

/// The submitter's page behind a manage link. Unknown links count towards a per-client limit.
#[cfg_attr(not(feature = "ssr"), allow(unused_variables))]
pub async fn load_manage(token: String) -> Result<ManageView, AppError> {
    #[cfg(feature = "ssr")]
    {
        // The page rendered as the answer to a post that already found the link unknown.
        if let Some(crate::wire::ManageAnswer(error)) = use_context::<crate::wire::ManageAnswer>() {
            return Err(error.respond());
        }
        let state = crate::api::context::state()?;
        let client = crate::api::context::client().await;
        crate::server::use_cases::manage_view(&state, &client, &token)
            .await
            .map_err(AppError::respond)
    }
    #[cfg(not(feature = "ssr"))]
    {
        Err(AppError::Unavailable)
    }
}

/// The moderation queue for a query such as `state=pending&country=PL`. Moderators only.
#[cfg_attr(not(feature = "ssr"), allow(unused_variables))]
pub async fn load_queue(query: String) -> Result<QueueView, AppError> {
    #[cfg(feature = "ssr")]
    {
        let state = crate::api::context::state()?;
        let moderator = crate::api::context::moderator(&state)
            .await
            .map_err(AppError::respond)?;
        crate::server::use_cases::queue(&state, &moderator, &query)
            .await
            .map_err(AppError::respond)
    }
    #[cfg(not(feature = "ssr"))]
    {
        Err(AppError::Unavailable)
    }
}

/// The confirmations due and overdue (issue 23), per country and by initiative. Moderators
/// only.
pub async fn load_confirmations() -> Result<ConfirmationsView, AppError> {
    #[cfg(feature = "ssr")]
    {
        use crate::server::reminders::Recipient;
        use crate::wire::types::{CountryDueView, ReminderTo, WaitingItem};
        let state = crate::api::context::state()?;
        crate::api::context::moderator(&state)
            .await
            .map_err(AppError::respond)?;
        let clock = state.directory.clock();
        let (counts, items) = crate::server::reminders::waiting(&state.db, clock.rule, clock.today)
            .await
            .map_err(|e| AppError::from_db("loading the confirmations due", e).respond())?;
        Ok(ConfirmationsView {
            counts: counts
                .into_iter()
                .map(|c| CountryDueView {
                    country: c.country,
                    due: c.due,
                    overdue: c.overdue,
                })
                .collect(),
            items: items
                .into_iter()
                .map(|w| WaitingItem {
                    id: w.id,
                    version: w.version,
                    slug: w.slug,
                    title: w.title,
                    city: w.city,
                    country: w.country,
                    freshness: w.freshness,
                    confirmed_on: w.confirmed_on.to_string(),
                    reminders: w.reminders,
                    to: match w.to {
                        Recipient::Submitter => ReminderTo::Submitter,
                        Recipient::Contact => ReminderTo::Contact,
                        Recipient::Moderators => ReminderTo::Moderators,
                    },
                })
                .collect(),
            mail_on: state.mail.from_address().is_some(),
        })
    }
    #[cfg(not(feature = "ssr"))]
    {
        Err(AppError::Unavailable)
    }
}

/// One item for review. Moderators only.
#[cfg_attr(not(feature = "ssr"), allow(unused_variables))]
pub async fn load_review(id: i32) -> Result<ReviewView, AppError> {
    #[cfg(feature = "ssr")]
    {
        let state = crate::api::context::state()?;
        let moderator = crate::api::context::moderator(&state)
            .await
            .map_err(AppError::respond)?;
        crate::server::store::submissions::review(&state.db, id)
            .await
            .map_err(|e| AppError::from_db("loading an item for review", e).respond())?
            .map(|item| ReviewView::new(moderator.email, item))
            .ok_or_else(|| AppError::NotFound.respond())
    }
    #[cfg(not(feature = "ssr"))]
    {
        Err(AppError::Unavailable)
    }
}

/// The e-mail queue: messages queued, sent and given up (never their text). Moderators only.
#[cfg_attr(not(feature = "ssr"), allow(unused_variables))]
pub async fn load_mail() -> Result<MailView, AppError> {
    #[cfg(feature = "ssr")]
    {
        use crate::server::mail::queue as mail;
        let state = crate::api::context::state()?;
        let moderator = crate::api::context::moderator(&state)
            .await
            .map_err(AppError::respond)?;
        let overview = mail::overview(&state.db)
            .await
            .map_err(|e| AppError::from_db("loading the mail queue", e).respond())?;
        Ok(MailView::new(
            moderator.email,
            state.mail.from_address().map(str::to_owned),
            mail::MAX_ATTEMPTS,
            i64::from(state.retention.sent_mail_days),
            overview,
        ))
    }
    #[cfg(not(feature = "ssr"))]
    {
        Err(AppError::Unavailable)
    }
}

/// The signed-in moderator's own account: e-mail and second factor (with the secret and its QR
/// code while it is being set up). Open to a moderator who still has to turn the second factor
/// on when the site requires one.
#[cfg_attr(not(feature = "ssr"), allow(unused_variables))]
pub async fn load_account() -> Result<AccountView, AppError> {
    #[cfg(feature = "ssr")]
    {
        let state = crate::api::context::state()?;
        account_view(&state).await.map_err(AppError::respond)
    }
    #[cfg(not(feature = "ssr"))]
    {
        Err(AppError::Unavailable)
    }
}

/// The retention periods the server applies, for the privacy notice.
pub async fn load_retention() -> Result<crate::domain::RetentionPeriods, AppError> {
    #[cfg(feature = "ssr")]
    {
        Ok(crate::api::context::state()?.retention)
    }
    #[cfg(not(feature = "ssr"))]
    {
        Err(AppError::Unavailable)
    }
}

/// The moderators' privacy page: the answer to their post when the page is rendered for one,
/// and the latest entries of the audit trail. Moderators only.
pub async fn load_privacy_admin() -> Result<crate::wire::types::PrivacyAdminView, AppError> {
    #[cfg(feature = "ssr")]
    {
        use crate::server::store::entities::privacy_log;
        use crate::wire::types::{PrivacyAdminView, PrivacyLogView};
        use sea_orm::{EntityTrait, QueryOrder, QuerySelect};
        let state = crate::api::context::state()?;
        let moderator = crate::api::context::moderator(&state)
            .await
            .map_err(AppError::respond)?;
        let log = privacy_log::Entity::find()
            .order_by_desc(privacy_log::Column::Id)
            .limit(20)
            .all(&state.db)
            .await
            .map_err(|e| AppError::from_db("loading the privacy log", e).respond())?
            .into_iter()
            .map(|e| PrivacyLogView {
                at: e.at.format("%Y-%m-%d %H:%M UTC").to_string(),
                actor: e.actor,
                moderator: e.moderator_email,
                action: e.action,
                records: e.records,
                detail: e.detail,
            })
            .collect();
        let reply = use_context::<crate::wire::PrivacyReply>();
        Ok(PrivacyAdminView {
            moderator: moderator.email,
            email: reply.as_ref().map(|r| r.email.clone()).unwrap_or_default(),
            outcome: reply.map(|r| r.outcome),
            log,
        })
    }
    #[cfg(not(feature = "ssr"))]
    {
        Err(AppError::Unavailable)
    }
}
