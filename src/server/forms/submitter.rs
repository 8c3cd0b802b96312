//! The submitter's posts without JavaScript: a new submission, an edit through the manage link,
//! withdrawing it.

use super::body::{manage_token, posted, read_form, read_version};
use super::render::{render, render_refused, see_other};
use super::{accept_submission, apply_update, site_origin};
use crate::domain::SubmitForm;
use crate::server::services::submissions::{self, ServiceError};
use crate::server::state::AppState;
use crate::wire::FormReply;
use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};

/// `POST /submit` without JavaScript.
pub async fn post_submit(
    State(state): State<AppState>,
    request: axum::extract::Request,
) -> Response {
    let (client, headers, body) = match posted(&state, request).await {
        Ok(parts) => parts,
        Err(response) => return response,
    };
    let form = match read_form::<SubmitForm>(&body) {
        Ok(form) => form,
        Err(response) => return response,
    };
    let origin = site_origin(&state, &headers);
    let language = crate::server::refusal::language(&headers);
    match accept_submission(&state, &client, &origin, language, &form).await {
        Ok(accepted) => {
            let reply = FormReply {
                accepted: Some(accepted),
                ..Default::default()
            };
            render(&state, "/submit", &headers, reply, StatusCode::OK).await
        }
        Err(error) => render_refused(&state, "/submit", &headers, form, error).await,
    }
}

/// `POST /manage/{token}`: the submitter's edit without JavaScript.
pub async fn post_manage_edit(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let read = manage_token(token)
        .and_then(|token| Ok((token, read_form::<SubmitForm>(&body)?, read_version(&body)?)));
    let (token, form, version) = match read {
        Ok(read) => read,
        Err(response) => return response,
    };
    let path = format!("/manage/{token}");
    match apply_update(&state, &token, version, &form).await {
        Ok(_) => see_other(&format!("{path}?done=sent")),
        Err(error) => render_refused(&state, &path, &headers, form, error).await,
    }
}

/// `POST /manage/{token}/withdraw`.
pub async fn post_withdraw(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (token, version) = match manage_token(token).and_then(|t| Ok((t, read_version(&body)?))) {
        Ok(read) => read,
        Err(response) => return response,
    };
    let path = format!("/manage/{token}");
    match submissions::withdraw(&state.db, &token, version).await {
        Ok(_) => {
            state.published_changed().await;
            see_other(&format!("{path}?done=withdrawn"))
        }
        Err(ServiceError::NotFound) => {
            render(
                &state,
                &path,
                &headers,
                FormReply::default(),
                StatusCode::NOT_FOUND,
            )
            .await
        }
        Err(ServiceError::Conflict) => see_other(&format!("{path}?problem=conflict")),
        Err(ServiceError::Transition(_)) => see_other(&format!("{path}?problem=not-allowed")),
        Err(e) => {
            tracing::error!(error = %e, "withdrawing a submission");
            see_other(&format!("{path}?problem=unavailable"))
        }
    }
}
