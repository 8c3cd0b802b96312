//! The moderators' privacy page's post (`POST /admin/privacy`, works without JavaScript): find a
//! person's submissions by their e-mail address, export them as JSON, or erase them
//! (`server::privacy::rights`). The address travels in the posted body only — never in an
//! address, which servers and proxies log — and the answer is the page rendered for the post
//! (`PrivacyReply`), or the export as a download.

use crate::domain::ContactEmail;
use crate::server::accounts::session::moderator_from;
use crate::server::privacy::rights::{self, EraseError};
use crate::server::state::AppState;
use crate::web::forms::{posted, read_form, render_with, see_other, unauthorized_page};
use crate::wire::types::{PersonRecordView, PrivacyOutcome};
use crate::wire::{AppError, PageProblem, PrivacyReply};
use axum::{
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};

const PAGE: &str = "/admin/privacy";

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct PrivacyForm {
    email: String,
    /// `find`, `export` or `erase`.
    action: String,
    /// `yes` when the moderator ticked the erasure's confirmation.
    confirm: String,
}

/// What a moderator asks of the privacy page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asked {
    Find,
    Export,
    Erase,
}

impl Asked {
    fn parse(text: &str) -> Option<Self> {
        match text {
            "find" => Some(Self::Find),
            "export" => Some(Self::Export),
            "erase" => Some(Self::Erase),
            _ => None,
        }
    }
}

/// `POST /admin/privacy`.
pub async fn post_privacy(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
) -> Response {
    let (_client, headers, body) = match posted(&state, request).await {
        Ok(parts) => parts,
        Err(response) => return response,
    };
    let moderator = match moderator_from(&state, &headers).await {
        Ok(m) => m,
        Err(AppError::Unauthorized) => return unauthorized_page(),
        Err(AppError::SecondFactorRequired) => {
            return see_other(&format!(
                "/admin/account?{}",
                PageProblem::SecondFactorRequired.as_query()
            ))
        }
        Err(_) => return see_other(&format!("{PAGE}?{}", PageProblem::Unavailable.as_query())),
    };
    let form = match read_form::<PrivacyForm>(&body) {
        Ok(form) => form,
        Err(response) => return response,
    };
    let Some(asked) = Asked::parse(&form.action) else {
        return crate::web::refusal::page(
            StatusCode::BAD_REQUEST,
            &AppError::Request("the action must be find, export or erase".into()),
        );
    };
    let email_typed = form.email.trim().to_owned();
    let Ok(email) = ContactEmail::parse(&form.email) else {
        return answer(
            &state,
            &headers,
            email_typed.clone(),
            PrivacyOutcome::NotAnAddress,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let now = chrono::Utc::now();
    let unavailable = || see_other(&format!("{PAGE}?{}", PageProblem::Unavailable.as_query()));
    match asked {
        Asked::Find => match rights::find(&state.db, &email).await {
            Ok(found) => {
                let found = found
                    .into_iter()
                    .map(|f| PersonRecordView {
                        id: f.id,
                        title: f.title,
                        city: f.city,
                        status: f.status,
                    })
                    .collect();
                answer(
                    &state,
                    &headers,
                    email_typed.clone(),
                    PrivacyOutcome::Found(found),
                    StatusCode::OK,
                )
                .await
            }
            Err(e) => {
                tracing::error!(error = %e, "finding a person's submissions");
                unavailable()
            }
        },
        Asked::Export => match rights::export(&state.db, &email, &moderator.email, now).await {
            Ok(export) => {
                let json = serde_json::to_string_pretty(&export).unwrap_or_default();
                (
                    StatusCode::OK,
                    [
                        (header::CONTENT_TYPE, "application/json; charset=utf-8"),
                        (
                            header::CONTENT_DISPOSITION,
                            "attachment; filename=\"personal-data.json\"",
                        ),
                        (header::CACHE_CONTROL, "no-store"),
                    ],
                    json,
                )
                    .into_response()
            }
            Err(e) => {
                tracing::error!(error = %e, "exporting a person's submissions");
                unavailable()
            }
        },
        Asked::Erase if form.confirm != "yes" => {
            answer(
                &state,
                &headers,
                email_typed.clone(),
                PrivacyOutcome::ConfirmationMissing,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Asked::Erase => {
            match rights::erase_by_email(&state.db, &email, &moderator.email, now).await {
                Ok(erased) => {
                    if erased.kept_public > 0 {
                        state.everything_changed().await;
                    }
                    answer(
                        &state,
                        &headers,
                        email_typed.clone(),
                        PrivacyOutcome::Erased {
                            kept_public: erased.kept_public,
                            deleted: erased.deleted,
                        },
                        StatusCode::OK,
                    )
                    .await
                }
                Err(EraseError::Conflict | EraseError::NotFound) => {
                    answer(
                        &state,
                        &headers,
                        email_typed.clone(),
                        PrivacyOutcome::Conflict,
                        StatusCode::CONFLICT,
                    )
                    .await
                }
                Err(EraseError::Db(e)) => {
                    tracing::error!(error = %e, "erasing a person's submissions");
                    unavailable()
                }
            }
        }
    }
}

/// The privacy page rendered as the answer to a post, with what was found or done.
async fn answer(
    state: &AppState,
    headers: &crate::web::forms::PostHeaders,
    email: String,
    outcome: PrivacyOutcome,
    status: StatusCode,
) -> Response {
    render_with(
        state,
        PAGE,
        headers,
        PrivacyReply { email, outcome },
        status,
    )
    .await
}
