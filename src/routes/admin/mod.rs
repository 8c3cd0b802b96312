//! The moderators' pages (`/admin…`). Every page loads its data through a server function that
//! checks the session itself; without one the page shows only a way to sign in (status 401).

pub mod edit;
pub mod queue;
pub mod review;
pub mod sign_in;

use crate::i18n::*;
use leptos::prelude::*;

/// Who is signed in, the way back to the queue, and signing out.
#[component]
pub fn AdminBar(moderator: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="admin-bar">
            <a href="/admin">{t!(i18n, admin.queue)}</a>
            <span>{t!(i18n, admin.signed_in_as, email = move || moderator.clone())}</span>
            <form method="post" action="/admin/sign-out">
                <button type="submit" class="button small">{t!(i18n, admin.sign_out)}</button>
            </form>
        </div>
    }
}
