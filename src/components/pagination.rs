//! Previous / numbered / next page links that keep every other filter.

use crate::components::language::keep_language;
use crate::domain::ListFilter;
use crate::i18n::*;
use leptos::prelude::*;

fn href(filter: &ListFilter, page: u32) -> String {
    let query = filter.with_page(page).to_query();
    keep_language(&if query.is_empty() {
        "/initiatives".to_owned()
    } else {
        format!("/initiatives?{query}")
    })
}

/// The page numbers to show: first, last, and two either side of the current one.
fn window(current: u32, pages: u32) -> Vec<Option<u32>> {
    let mut out = Vec::new();
    let mut last = 0;
    for p in 1..=pages {
        if p == 1 || p == pages || p.abs_diff(current) <= 2 {
            if p > last + 1 {
                out.push(None);
            }
            out.push(Some(p));
            last = p;
        }
    }
    out
}

#[component]
pub fn Pagination(filter: ListFilter, pages: u32) -> impl IntoView {
    let i18n = use_i18n();
    let current = filter.page;
    if pages <= 1 {
        return None;
    }
    let prev = (current > 1).then(|| href(&filter, current.min(pages + 1) - 1));
    let next = (current < pages).then(|| href(&filter, current + 1));
    let numbers = window(current, pages)
        .into_iter()
        .map(|p| match p {
            Some(p) if p == current => view! {
                <li><a href=href(&filter, p) aria-current="page">{p}</a></li>
            }
            .into_any(),
            Some(p) => view! { <li><a href=href(&filter, p)>{p}</a></li> }.into_any(),
            None => view! { <li class="gap" aria-hidden="true">"…"</li> }.into_any(),
        })
        .collect_view();
    Some(view! {
        <nav class="pagination" aria-label=move || t_string!(i18n, list.pagination)>
            <p class="page-of">
                {t!(i18n, list.page_of, page = move || current.min(pages), pages = move || pages)}
            </p>
            <ul>
                {prev.map(|h| view! { <li><a href=h rel="prev">"← " {t!(i18n, list.previous)}</a></li> })}
                {numbers}
                {next.map(|h| view! { <li><a href=h rel="next">{t!(i18n, list.next)} " →"</a></li> })}
            </ul>
        </nav>
    })
}

#[cfg(test)]
mod tests {
    use super::window;

    #[test]
    fn a_long_range_is_shortened_around_the_current_page() {
        assert_eq!(
            window(10, 20),
            vec![
                Some(1),
                None,
                Some(8),
                Some(9),
                Some(10),
                Some(11),
                Some(12),
                None,
                Some(20)
            ]
        );
    }

    #[test]
    fn a_short_range_shows_every_page() {
        assert_eq!(window(1, 3), vec![Some(1), Some(2), Some(3)]);
    }
}
