//! The list's filters: a GET form that works without JavaScript (Apply button, full page load)
//! and, once hydrated, applies each change at once through the router, so the URL, results and
//! counts update without a page load. On phones it folds into a `<details>` panel.

use super::labels::{commitment_label, type_label, ui_language};
use crate::domain::{ListFilter, SortOrder, MAX_QUERY_CHARS};
use crate::i18n::*;
use crate::wire::types::{FacetCount, ListPage};
use crate::wire::AppError;
use leptos::prelude::*;

type Page = Resource<Result<ListPage, AppError>>;

fn count_in<T: PartialEq>(facets: &[FacetCount<T>], value: &T) -> u32 {
    facets
        .iter()
        .find(|f| &f.value == value)
        .map_or(0, |f| f.count)
}

/// One checkbox with its live count. Its element stays while the filters change, so keyboard
/// focus and the panel's state are kept.
#[component]
fn Choice(
    name: &'static str,
    value: String,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] checked: Signal<bool>,
    #[prop(into)] count: Signal<u32>,
) -> impl IntoView {
    let id = format!("f-{name}-{value}");
    view! {
        <li class:empty=move || count.get() == 0 && !checked.get()>
            <input
                type="checkbox"
                id=id.clone()
                name=name
                value=value
                checked=move || checked.get()
                prop:checked=move || checked.get()
            />
            <label for=id>
                {move || label.get()}
                " "
                <span class="count">"(" {move || count.get()} ")"</span>
            </label>
        </li>
    }
}

#[component]
pub fn FilterPanel(filter: Memo<ListFilter>, page: Page) -> impl IntoView {
    let i18n = use_i18n();
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let open = RwSignal::new(false);
    let navigate = leptos_router::hooks::use_navigate();

    // Reads the form as the browser would submit it and navigates there without a page load.
    let apply = move |close: bool| {
        #[cfg(feature = "hydrate")]
        if let Some(form) = form_ref.get() {
            let query = web_sys::FormData::new_with_form(&form)
                .and_then(|data| web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data))
                .map(|params| String::from(params.to_string()))
                .unwrap_or_default();
            let canonical = ListFilter::from_query(&query).0.to_query();
            let url = if canonical.is_empty() {
                "/initiatives".to_owned()
            } else {
                format!("/initiatives?{canonical}")
            };
            navigate(
                &url,
                leptos_router::NavigateOptions {
                    scroll: false,
                    ..Default::default()
                },
            );
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&navigate, form_ref);
        if close {
            open.set(false);
        }
    };

    // The countries that have initiatives, by their name in the interface language.
    let countries = move || {
        let lang = ui_language(i18n);
        let mut codes: Vec<crate::domain::CountryCode> = page.with(|p| match p {
            Some(Ok(p)) => p.countries.iter().map(|f| f.value).collect(),
            _ => Vec::new(),
        });
        codes.sort_by_key(|c| c.name(lang));
        codes.into_iter().map(|c| c.to_string()).collect::<Vec<_>>()
    };

    view! {
        <details
            class="filters"
            prop:open=move || open.get()
            on:toggle=move |ev| {
                let now_open = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
                if now_open != open.get_untracked() {
                    open.set(now_open);
                }
            }
        >
            <summary>
                {t!(i18n, list.filters)}
                {move || {
                    let n = filter.with(ListFilter::active_count);
                    (n > 0).then(|| format!(" ({n})"))
                }}
            </summary>
            <form
                method="get"
                action="/initiatives"
                // The URL is the state: the browser must not restore stale ticks on Back.
                autocomplete="off"
                node_ref=form_ref
                on:submit={
                    let apply = apply.clone();
                    move |ev| {
                        ev.prevent_default();
                        apply(true);
                    }
                }
                on:change=move |ev| {
                    // Typing in the search box applies on Enter or Apply, not on every change.
                    let from_search = event_target::<web_sys::HtmlElement>(&ev).id() == "q";
                    if !from_search {
                        apply(false);
                    }
                }
            >
                <div class="field">
                    <label for="q">{t!(i18n, list.search)}</label>
                    <input
                        id="q"
                        name="q"
                        type="search"
                        maxlength=MAX_QUERY_CHARS
                        aria-describedby="q-hint"
                        value=move || filter.with(|f| f.q.clone())
                        prop:value=move || filter.with(|f| f.q.clone())
                    />
                    <p id="q-hint" class="hint">{t!(i18n, list.search_hint)}</p>
                </div>
                <fieldset>
                    <legend>{t!(i18n, list.country)}</legend>
                    <ul class="choices">
                        <For each=countries key=|code| code.clone() let:code>
                            {
                                let value = crate::domain::CountryCode::parse(&code).ok();
                                view! {
                                    <Choice
                                        name="country"
                                        value=code.clone()
                                        label=Signal::derive(move || {
                                            value
                                                .map(|c| c.name(ui_language(i18n)).to_owned())
                                                .unwrap_or_default()
                                        })
                                        checked=Signal::derive(move || {
                                            filter.with(|f| value.is_some_and(|v| f.countries.contains(&v)))
                                        })
                                        count=Signal::derive(move || {
                                            page.with(|p| match (p, value) {
                                                (Some(Ok(p)), Some(v)) => count_in(&p.countries, &v),
                                                _ => 0,
                                            })
                                        })
                                    />
                                }
                            }
                        </For>
                    </ul>
                </fieldset>
                <fieldset>
                    <legend>{t!(i18n, list.type_label)}</legend>
                    <ul class="choices">
                        {crate::domain::InitiativeType::ALL
                            .into_iter()
                            .map(|t| {
                                view! {
                                    <Choice
                                        name="type"
                                        value=t.slug().to_owned()
                                        label=Signal::derive(move || type_label(i18n, t).to_owned())
                                        checked=Signal::derive(move || filter.with(|f| f.types.contains(&t)))
                                        count=Signal::derive(move || {
                                            page.with(|p| match p {
                                                Some(Ok(p)) => count_in(&p.types, &t),
                                                _ => 0,
                                            })
                                        })
                                    />
                                }
                            })
                            .collect_view()}
                    </ul>
                </fieldset>
                <fieldset>
                    <legend>{t!(i18n, list.commitment)}</legend>
                    <ul class="choices">
                        {crate::domain::Commitment::ALL
                            .into_iter()
                            .map(|c| {
                                view! {
                                    <Choice
                                        name="commitment"
                                        value=c.number().to_string()
                                        label=Signal::derive(move || {
                                            format!("{}. {}", c.number(), commitment_label(i18n, c))
                                        })
                                        checked=Signal::derive(move || {
                                            filter.with(|f| f.commitments.contains(&c))
                                        })
                                        count=Signal::derive(move || {
                                            page.with(|p| match p {
                                                Some(Ok(p)) => count_in(&p.commitments, &c),
                                                _ => 0,
                                            })
                                        })
                                    />
                                }
                            })
                            .collect_view()}
                    </ul>
                </fieldset>
                <div class="field">
                    <label for="sort">{t!(i18n, list.sort)}</label>
                    <select
                        id="sort"
                        name="sort"
                        prop:value=move || filter.with(|f| f.sort.as_str())
                    >
                        {SortOrder::ALL
                            .into_iter()
                            .map(|s| {
                                view! {
                                    <option
                                        value=s.as_str()
                                        selected=move || filter.with(|f| f.sort == s)
                                    >
                                        {move || match s {
                                            SortOrder::Newest => t_string!(i18n, list.sort_newest),
                                            SortOrder::Oldest => t_string!(i18n, list.sort_oldest),
                                            SortOrder::City => t_string!(i18n, list.sort_city),
                                        }}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="actions">
                    <button type="submit" class="primary">{t!(i18n, list.apply)}</button>
                    <a href="/initiatives" class="button" on:click=move |_| open.set(false)>
                        {t!(i18n, list.clear)}
                    </a>
                </div>
            </form>
        </details>
    }
}
