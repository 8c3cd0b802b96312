//! "Embed this list": under the list's results, a disclosure with the `<iframe>` code that shows
//! the current view on another site (`/embed/initiatives`, `web::embed`), a Copy button and
//! a preview. The code is plain selectable text in a read-only `<textarea>`; `enhance.js` makes
//! the button copy it (the button shows only with JavaScript: `.js-only`) and says so in a live
//! region. The preview is a lazy `<iframe>`, which browsers load only once the disclosure is
//! open.

use super::labels::ui_language;
use super::raw_text::textarea_content;
use crate::domain::{ListFilter, PAGE_SIZE};
use crate::i18n::*;
use crate::wire::embed_address;
use leptos::prelude::*;

/// Text for a double-quoted attribute of the code (the code is shown as text, then pasted as
/// HTML into another site's page).
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The `<iframe>` code for the embed at `address` (path and query) of the site at `origin`.
pub fn embed_code(origin: &str, address: &str, title: &str) -> String {
    format!(
        "<iframe src=\"{}{}\" title=\"{}\" width=\"100%\" height=\"640\" loading=\"lazy\"></iframe>",
        attribute(origin),
        attribute(address),
        attribute(title)
    )
}

/// The disclosure for the view `filter` of the site at `origin`, in the page's language (the
/// embed's too).
#[component]
pub fn EmbedCode(origin: String, filter: ListFilter) -> impl IntoView {
    let i18n = use_i18n();
    let address = embed_address(&filter, ui_language(i18n));
    let title = t_string!(i18n, embed.frame_title);
    let code = embed_code(&origin, &address, title);
    // `loading` is not among tachys's typed attributes of `<iframe>`.
    let preview = view! { <iframe class="embed-preview" src=address title=title></iframe> }
        .attr("loading", "lazy");
    view! {
        <details class="embed">
            <summary>{t!(i18n, list.embed)}</summary>
            <p>{t!(i18n, list.embed_intro, n = move || PAGE_SIZE)}</p>
            <label for="embed-code">{t!(i18n, list.embed_code)}</label>
            <textarea
                id="embed-code"
                readonly
                rows="4"
                spellcheck="false"
                inner_html=textarea_content(&code)
            ></textarea>
            <p class="copy-line">
                <button
                    type="button"
                    class="button js-only"
                    data-copy="embed-code"
                    data-status="embed-copy-status"
                >
                    {t!(i18n, list.embed_copy)}
                </button>
                <span
                    id="embed-copy-status"
                    role="status"
                    data-copied=t_string!(i18n, list.embed_copied)
                    data-failed=t_string!(i18n, list.embed_copy_failed)
                ></span>
            </p>
            <h3>{t!(i18n, list.embed_preview)}</h3>
            {preview}
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_names_the_embed_on_the_sites_origin_with_its_filters_as_html() {
        let (filter, _) = ListFilter::from_query("country=PL&city=Krak%C3%B3w&type=housing&page=3");
        let address = embed_address(&filter, crate::domain::UiLanguage::Fr);
        assert_eq!(
            address,
            "/embed/initiatives?country=PL&city=Krak%C3%B3w&type=housing&lang=fr"
        );
        assert_eq!(
            embed_code(
                "https://solidarity.example",
                &address,
                "Initiatives \"<ICC>\""
            ),
            "<iframe src=\"https://solidarity.example/embed/initiatives?country=PL&amp;\
             city=Krak%C3%B3w&amp;type=housing&amp;lang=fr\" title=\"Initiatives &quot;&lt;ICC&gt;\
             &quot;\" width=\"100%\" height=\"640\" loading=\"lazy\"></iframe>"
        );
    }
}
