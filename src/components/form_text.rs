//! The submission form's texts (`islands::form_text::FormText`) from the locales, in the
//! interface language of the request. The island gets them as a prop, so it needs no
//! translation tables in the browser.

use crate::components::labels::{
    activity_label, app_error_text, commitment_label, field_label, type_label, ui_language, I18n,
};
use crate::domain::{
    ActivityStatus, Commitment, CountryCode, Field, InitiativeType, ModerationStatus,
    TransitionError, UiLanguage,
};
use crate::i18n::*;
use crate::islands::form_text::{
    AppErrorText, ButtonText, ChoiceLabels, ConfirmationText, DraftText, ErrorText, FormText,
    HintText, PageText, PreviewText, ProblemText, ReviewText, SimilarText, StepText, STEP_COUNTS,
};
use crate::wire::{AppError, RetryReason};
use leptos::prelude::untrack;

/// The form's texts now. A snapshot: it does not follow a later change of language. Built once
/// per language (the translations are compiled in, so they never change while the server runs).
pub fn form_text(i18n: I18n) -> FormText {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static BUILT: OnceLock<Mutex<HashMap<crate::domain::UiLanguage, FormText>>> = OnceLock::new();
    let lang = untrack(|| ui_language(i18n));
    let built = BUILT.get_or_init(Default::default);
    let mut text = match built.lock().ok().and_then(|b| b.get(&lang).cloned()) {
        Some(text) => text,
        None => {
            let text = untrack(|| build(i18n));
            if let Ok(mut b) = built.lock() {
                b.insert(lang, text.clone());
            }
            text
        }
    };
    // Per page, not per language: whether this page's address names its language.
    text.address_language = crate::components::language::address_language()
        .map(|l| l.as_str().to_owned())
        .unwrap_or_default();
    text
}

/// The preview's texts now, with the type, commitment and activity labels.
pub fn preview_text(i18n: I18n) -> PreviewText {
    untrack(|| build_preview(i18n))
}

fn s(text: &str) -> String {
    text.to_owned()
}

fn build_preview(i18n: I18n) -> PreviewText {
    PreviewText {
        status: s(t_string!(i18n, detail.status)),
        types: s(t_string!(i18n, detail.types)),
        commitments: s(t_string!(i18n, detail.commitments)),
        started: s(t_string!(i18n, detail.started)),
        ended: s(t_string!(i18n, detail.ended)),
        website: s(t_string!(i18n, detail.website)),
        contact: s(t_string!(i18n, detail.contact)),
        languages: s(t_string!(i18n, detail.languages)),
        text_language: s(t_string!(i18n, form.text_language)),
        versions: UiLanguage::ALL.map(|l| {
            s(match l {
                UiLanguage::En => t_string!(i18n, form.version_en),
                UiLanguage::Fr => t_string!(i18n, form.version_fr),
                UiLanguage::Uk => t_string!(i18n, form.version_uk),
            })
        }),
        labels: ChoiceLabels {
            types: InitiativeType::ALL.map(|t| s(type_label(i18n, t))),
            commitments: Commitment::ALL.map(|c| s(commitment_label(i18n, c))),
            activity: ActivityStatus::ALL.map(|a| s(activity_label(i18n, a))),
        },
    }
}

fn build(i18n: I18n) -> FormText {
    let lang = ui_language(i18n);
    let mut countries: Vec<CountryCode> = CountryCode::all().collect();
    countries.sort_by_key(|c| c.name(lang));
    let app_error = |e: AppError| app_error_text(i18n, &e);
    let retry = |reason| AppError::Retry {
        reason,
        ticket: String::new(),
    };
    FormText {
        page: PageText {
            title: s(t_string!(i18n, submit.title)),
            intro: s(t_string!(i18n, submit.intro)),
            required_note: s(t_string!(i18n, submit.required_note)),
        },
        steps: StepText {
            city: s(t_string!(i18n, form.step_city)),
            initiative: s(t_string!(i18n, form.step_initiative)),
            about: s(t_string!(i18n, form.step_about)),
            review: s(t_string!(i18n, form.step_review)),
            progress: s(t_string!(i18n, form.progress)),
            counts: STEP_COUNTS
                .map(|(n, total)| t_string!(i18n, form.step_of, n = n, total = total)),
        },
        buttons: ButtonText {
            next: s(t_string!(i18n, form.next)),
            back: s(t_string!(i18n, form.back)),
            send: s(t_string!(i18n, form.send)),
            send_edit: s(t_string!(i18n, form.send_edit)),
            save_edit: s(t_string!(i18n, form.save_edit)),
            sending: s(t_string!(i18n, form.sending)),
        },
        fields: Field::ALL.map(|f| s(field_label(i18n, f))),
        hints: HintText {
            city: s(t_string!(i18n, form.city_hint)),
            text_language: s(t_string!(i18n, form.text_language_hint)),
            title: s(t_string!(i18n, form.title_hint)),
            summary: s(t_string!(i18n, form.summary_hint)),
            description: s(t_string!(i18n, form.description_hint)),
            types: s(t_string!(i18n, form.types_hint)),
            commitments: s(t_string!(i18n, form.commitments_hint)),
            date: s(t_string!(i18n, form.date_hint)),
            website: s(t_string!(i18n, form.website_hint)),
            contact_email: s(t_string!(i18n, form.contact_email_hint)),
            languages: s(t_string!(i18n, form.languages_hint)),
            submitter_email: s(t_string!(i18n, form.submitter_email_hint)),
            submitter_role: s(t_string!(i18n, form.submitter_role_hint)),
        },
        required: s(t_string!(i18n, form.required)),
        choose_country: s(t_string!(i18n, form.choose_country)),
        countries: countries
            .into_iter()
            .map(|c| (s(c.as_str()), s(c.name(lang))))
            .collect(),
        private_note: s(t_string!(i18n, form.private_note)),
        privacy_link: s(t_string!(i18n, form.privacy_link)),
        versions: s(t_string!(i18n, form.versions)),
        versions_hint: s(t_string!(i18n, form.versions_hint)),
        leave_empty: s(t_string!(i18n, form.leave_empty)),
        problems: ProblemText {
            title: s(t_string!(i18n, form.problem_title)),
            counts: std::array::from_fn(|i| t_string!(i18n, form.problems, count = i + 1)),
        },
        errors: ErrorText {
            required: s(t_string!(i18n, errors.required)),
            too_short: t_string!(i18n, errors.too_short, min = "{min}"),
            too_long: t_string!(i18n, errors.too_long, max = "{max}", actual = "{actual}"),
            control: s(t_string!(i18n, errors.control)),
            not_http: s(t_string!(i18n, errors.not_http)),
            invalid_link: s(t_string!(i18n, errors.invalid_link)),
            invalid_email: s(t_string!(i18n, errors.invalid_email)),
            direction_controls: s(t_string!(i18n, errors.direction_controls)),
            invisible: s(t_string!(i18n, errors.invisible)),
            invalid_date: t_string!(i18n, errors.invalid_date, value = "{value}"),
            end_before_start: s(t_string!(i18n, errors.end_before_start)),
            unknown_country: t_string!(i18n, errors.unknown_country, value = "{value}"),
            unknown_type: t_string!(i18n, errors.unknown_type, value = "{value}"),
            no_type: s(t_string!(i18n, errors.no_type)),
            too_many_types: t_string!(i18n, errors.too_many_types, max = "{max}"),
            unknown_commitment: t_string!(i18n, errors.unknown_commitment, value = "{value}"),
            unknown_language: t_string!(i18n, errors.unknown_language, value = "{value}"),
            unknown_activity: s(t_string!(i18n, errors.unknown_activity)),
            consent: s(t_string!(i18n, errors.consent)),
            unknown_text_language: t_string!(i18n, errors.unknown_text_language, value = "{value}"),
            unknown_version_source: t_string!(
                i18n,
                errors.unknown_version_source,
                value = "{value}"
            ),
            version_in_original_language: s(t_string!(i18n, errors.version_in_original_language)),
        },
        // The same texts as the pages show, through the same mapping.
        app_errors: AppErrorText {
            too_quick: app_error(retry(RetryReason::TooQuick)),
            expired: app_error(retry(RetryReason::Expired)),
            automated: app_error(AppError::Automated),
            too_many: app_error(AppError::TooManyRequests),
            conflict: app_error(AppError::Conflict),
            not_allowed: app_error(AppError::NotAllowed(TransitionError::NotAllowed(
                ModerationStatus::Pending,
            ))),
            unauthorized: app_error(AppError::Unauthorized),
            second_factor_required: app_error(AppError::SecondFactorRequired),
            not_found: app_error(AppError::NotFound),
            too_large: app_error(AppError::TooLarge),
            cross_site: app_error(AppError::CrossSite),
            bad_request: app_error(AppError::Request(String::new())),
            unavailable: app_error(AppError::Unavailable),
        },
        similar: SimilarText {
            title: s(t_string!(i18n, form.similar_title)),
            text: s(t_string!(i18n, form.similar_text)),
            opens_new_tab: s(t_string!(i18n, form.opens_new_tab)),
        },
        draft: DraftText {
            restored: s(t_string!(i18n, form.draft_restored)),
            discard: s(t_string!(i18n, form.draft_discard)),
            note: s(t_string!(i18n, form.draft_note)),
        },
        review: ReviewText {
            intro: s(t_string!(i18n, form.review_intro)),
            nojs: s(t_string!(i18n, form.review_nojs)),
            private: s(t_string!(i18n, form.review_private)),
            invalid: s(t_string!(i18n, form.review_invalid)),
        },
        preview: build_preview(i18n),
        confirmation: ConfirmationText {
            thanks_title: s(t_string!(i18n, submit.thanks_title)),
            thanks_text: t_string!(i18n, submit.thanks_text, title = "{title}"),
            keep_link: s(t_string!(i18n, submit.keep_link)),
            keep_link_text: s(t_string!(i18n, submit.keep_link_text)),
            link_label: s(t_string!(i18n, submit.link_label)),
            copy: s(t_string!(i18n, submit.copy)),
            copied: s(t_string!(i18n, submit.copied)),
            open_page: s(t_string!(i18n, submit.open_page)),
            another: s(t_string!(i18n, submit.another)),
        },
        address_language: String::new(),
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::components::labels::error_text;
    use crate::domain::{Field, FieldError, FieldProblem, SubmitForm};
    use crate::islands::submission_form::{FormMode, SubmissionForm};
    use crate::wire::types::Accepted;
    use crate::wire::{AppError, FormReply, FormStart};
    use leptos::prelude::*;
    use leptos_i18n::context::{init_i18n_context_with_options, I18nContextOptions};

    /// leptos_i18n's context starts an effect, which needs leptos's executor: leptos_axum sets
    /// it (tokio's) as it lists the routes. The tasks only need a runtime to be queued on.
    fn runtime() -> &'static tokio::runtime::Runtime {
        static RUNTIME: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
        RUNTIME.get_or_init(|| {
            let _ = leptos_axum::generate_route_list(|| ());
            tokio::runtime::Builder::new_current_thread()
                .build()
                .expect("a runtime")
        })
    }

    /// Runs `f` with the translations of `locale`, outside any request.
    fn with_locale<T>(locale: Locale, f: impl FnOnce(I18n) -> T) -> T {
        let _runtime = runtime().enter();
        Owner::new().with(|| {
            let i18n = init_i18n_context_with_options::<Locale>(I18nContextOptions {
                enable_cookie: false,
                ..Default::default()
            });
            i18n.set_locale(locale);
            f(i18n)
        })
    }

    fn samples() -> Vec<FieldError> {
        use FieldError as E;
        vec![
            E::Required,
            E::TooShort { min: 3 },
            E::TooLong {
                max: 150,
                actual: 1234,
            },
            E::InvalidDate("2022-13-45".into()),
            E::UnknownCountry("{max}".into()),
            E::UnknownType("flying".into()),
            E::TooManyTypes { max: 3 },
            E::UnknownCommitment("9".into()),
            E::UnknownLanguage("xx".into()),
            E::UnknownActivityStatus("later".into()),
            E::ConsentMissing,
        ]
    }

    #[test]
    fn filled_templates_read_as_the_pages_error_texts() {
        for locale in [Locale::en, Locale::fr, Locale::uk] {
            with_locale(locale, |i18n| {
                let text = form_text(i18n);
                for e in samples() {
                    assert_eq!(text.error(&e), error_text(i18n, &e), "{locale:?} {e:?}");
                }
            });
        }
    }

    #[test]
    fn form_errors_read_as_the_pages_texts() {
        with_locale(Locale::fr, |i18n| {
            let text = form_text(i18n);
            for e in [
                AppError::Retry {
                    reason: RetryReason::Expired,
                    ticket: "t".into(),
                },
                AppError::TooManyRequests,
                AppError::Conflict,
                AppError::CrossSite,
                AppError::Unavailable,
            ] {
                assert_eq!(text.app_error(&e), app_error_text(i18n, &e), "{e:?}");
            }
        });
    }

    #[test]
    fn ukrainian_problem_counts_have_their_own_plural_forms() {
        with_locale(Locale::uk, |i18n| {
            let text = form_text(i18n);
            assert_eq!(text.problems.counts.len(), Field::ALL.len());
            assert_eq!(text.problems(1), "1 відповідь потребує уваги:");
            assert_eq!(text.problems(3), "3 відповіді потребують уваги:");
            assert_eq!(text.problems(5), "5 відповідей потребують уваги:");
            assert_eq!(text.problems(11), "11 відповідей потребують уваги:");
        });
    }

    #[test]
    fn step_counts_cover_forms_of_three_and_four_steps() {
        with_locale(Locale::en, |i18n| {
            let text = form_text(i18n);
            assert_eq!(text.steps.count(3, 3), "Step 3 of 3");
            assert_eq!(text.steps.count(1, 4), "Step 1 of 4");
            assert_eq!(text.steps.count(4, 4), "Step 4 of 4");
        });
    }

    #[test]
    fn thanks_text_has_one_place_for_the_title() {
        with_locale(Locale::en, |i18n| {
            let text = form_text(i18n);
            let (before, after) = text.confirmation.thanks_parts();
            assert_eq!(before, "“");
            assert!(after.starts_with("” is stored"), "{after}");
        });
    }

    #[test]
    fn countries_are_sorted_by_their_name_in_the_interface_language() {
        with_locale(Locale::fr, |i18n| {
            let text = form_text(i18n);
            assert_eq!(text.countries.len(), CountryCode::all().count());
            assert!(text.countries.windows(2).all(|w| w[0].1 <= w[1].1));
            assert_eq!(text.country_name("DE"), "Allemagne");
        });
    }

    #[test]
    fn a_form_text_from_each_locale_survives_a_json_round_trip() {
        for locale in [Locale::en, Locale::fr, Locale::uk] {
            with_locale(locale, |i18n| {
                let text = form_text(i18n);
                let json = serde_json::to_string(&text).expect("serialises");
                let back: FormText = serde_json::from_str(&json).expect("deserialises");
                assert_eq!(back, text, "{locale:?}");
                let preview = preview_text(i18n);
                let json = serde_json::to_string(&preview).expect("serialises");
                let back: PreviewText = serde_json::from_str(&json).expect("deserialises");
                assert_eq!(back, preview, "{locale:?}");
            });
        }
    }

    #[test]
    fn a_truncated_text_list_is_refused_with_an_error() {
        with_locale(Locale::uk, |i18n| {
            let wire = serde_json::to_value(form_text(i18n)).expect("serialises");
            let full: Vec<String> = serde_json::from_value(wire).expect("a list of strings");
            // Inside the countries too: an even cut there would still read as pairs.
            let countries = full
                .iter()
                .position(|t| t == "UA")
                .expect("Ukraine is listed");
            for keep in [0, 1, countries, countries + 1, full.len() - 1] {
                let cut = serde_json::to_string(&full[..keep]).expect("serialises");
                let err = serde_json::from_str::<FormText>(&cut).expect_err("refused");
                assert!(err.to_string().starts_with("FormText: "), "{keep}: {err}");
            }
            let json = serde_json::to_string(&full[1..]).expect("serialises");
            assert!(
                serde_json::from_str::<FormText>(&json).is_err(),
                "one text short"
            );
        });
    }

    #[test]
    fn every_choice_has_a_label() {
        with_locale(Locale::en, |i18n| {
            let text = form_text(i18n);
            assert!(Field::ALL.into_iter().all(|f| !text.field(f).is_empty()));
            assert!(InitiativeType::ALL
                .into_iter()
                .all(|t| !text.type_label(t).is_empty()));
            assert!(Commitment::ALL
                .into_iter()
                .all(|c| !text.commitment_label(c).is_empty()));
            assert!(ActivityStatus::ALL
                .into_iter()
                .all(|a| !text.activity_label(a).is_empty()));
        });
    }

    /// The island's setup as the server writes it into the page (serde) reads back in the
    /// browser (`wire::json`) as it was, in each language and mode, with a reply in it.
    #[test]
    fn the_setup_in_the_page_reads_back_as_the_server_wrote_it() {
        use crate::islands::submission_form::FormSetup;
        use crate::wire::json::FromJson;
        for locale in [Locale::en, Locale::fr, Locale::uk] {
            let text = with_locale(locale, form_text);
            for mode in [
                FormMode::New,
                FormMode::Manage {
                    token: "tok".into(),
                    version: 3,
                },
                FormMode::Moderate { id: 9, version: 1 },
            ] {
                let setup = FormSetup {
                    mode,
                    start: FormStart {
                        ticket: "t.1".into(),
                        reply: FormReply {
                            form: Some(SubmitForm {
                                title: "«Допомога» \"x\"".into(),
                                ..SubmitForm::default()
                            }),
                            error: Some(AppError::Invalid(vec![FieldProblem {
                                field: Field::Title,
                                error: FieldError::TooShort { min: 3 },
                            }])),
                            accepted: None,
                        },
                    },
                    initial: SubmitForm::default(),
                    text: text.clone(),
                };
                let json = serde_json::to_string(&setup).unwrap();
                assert_eq!(FormSetup::from_json_text(&json), Some(setup));
            }
        }
    }

    /// The island's server HTML for a new submission with this start, in English.
    fn render(mode: FormMode, start: FormStart) -> String {
        render_from(mode, start, SubmitForm::default())
    }

    /// The island's server HTML starting from `initial`, in English.
    fn render_from(mode: FormMode, start: FormStart, initial: SubmitForm) -> String {
        with_locale(Locale::en, |i18n| {
            let text = form_text(i18n);
            view! { <SubmissionForm mode start initial text/> }
                .to_html()
                // Debug builds (`--cfg erase_components`) mark text nodes for hydration.
                .replace("<!>", "")
        })
    }

    /// The start tag of the element with this attribute (`id="title"`).
    fn tag<'a>(html: &'a str, attribute: &str) -> &'a str {
        let at = html
            .find(attribute)
            .unwrap_or_else(|| panic!("{attribute} in {html}"));
        let start = html[..at].rfind('<').expect("a tag opens before it");
        let end = at + html[at..].find('>').expect("and closes after it");
        &html[start..=end]
    }

    #[test]
    fn a_new_form_starts_on_its_first_step_under_the_pages_heading() {
        let html = render(FormMode::New, FormStart::default());
        assert!(html.contains("<h1>Submit an initiative</h1>"), "{html}");
        assert!(html.contains(r#"data-current="city""#));
        for step in ["city", "initiative", "about", "review"] {
            assert!(html.contains(&format!(r#"data-step="{step}""#)), "{step}");
        }
        assert!(html.contains("Step 1 of 4"));
        assert!(html.contains(r#"class="nojs-only""#));
        let hidden = [" hidden>", " hidden ", " hidden="];
        assert!(
            !hidden.iter().any(|h| html.contains(h)),
            "steps are hidden by the styles only"
        );
    }

    #[test]
    fn a_form_posted_with_problems_starts_on_the_first_step_with_one() {
        let start = FormStart {
            reply: FormReply {
                error: Some(AppError::Invalid(vec![FieldProblem {
                    field: Field::Title,
                    error: FieldError::TooShort { min: 3 },
                }])),
                ..FormReply::default()
            },
            ..FormStart::default()
        };
        let html = render(FormMode::New, start);
        assert!(html.contains(r#"data-current="initiative""#), "{html}");
        assert!(html.contains("1 answer needs attention:"));
        assert!(html.contains("This is too short: at least 3 characters, please"));
    }

    #[test]
    fn a_stored_submission_starts_with_the_confirmation_instead_of_the_form() {
        let start = FormStart {
            reply: FormReply {
                accepted: Some(Accepted {
                    manage_path: "/manage/abc".into(),
                    manage_url: "https://icc.example/manage/abc".into(),
                    title: "Free <b>transport</b>".into(),
                }),
                ..FormReply::default()
            },
            ..FormStart::default()
        };
        let html = render(FormMode::New, start);
        assert!(html.contains(r#"id="confirmation""#), "{html}");
        assert!(html.contains("<bdi>Free &lt;b&gt;transport&lt;/b&gt;</bdi>"));
        assert!(!html.contains("<form"));
        assert!(!html.contains("<h1>Submit an initiative</h1>"));
    }

    #[test]
    fn the_texts_language_comes_before_the_title_preselected_and_named_in_itself() {
        let initial = SubmitForm {
            text_language: "uk".into(),
            ..SubmitForm::default()
        };
        let html = render_from(FormMode::New, FormStart::default(), initial);
        assert!(
            html.find(r#"name="text_language""#) < html.find(r#"id="title""#),
            "asked before the title"
        );
        assert!(html.contains("Language of the text"));
        for (code, name) in [("en", "English"), ("fr", "Français"), ("uk", "Українська")]
        {
            assert!(
                html.contains(&format!(
                    r#"<label for="text_language-{code}" lang="{code}">{name}</label>"#
                )),
                "{code}: {html}"
            );
            let radio = tag(&html, &format!(r#"id="text_language-{code}""#));
            assert!(radio.contains(r#"type="radio""#), "{radio}");
            assert_eq!(radio.contains("checked"), code == "uk", "{radio}");
        }
    }

    #[test]
    fn versions_are_folded_away_each_typed_in_its_own_language_with_the_originals_hints() {
        let html = render(FormMode::New, FormStart::default());
        let details = tag(&html, r#"class="versions""#);
        assert!(!details.contains("open"), "closed while empty: {details}");
        assert!(html.contains("Versions in other languages (optional)"));
        assert!(
            html.find(r#"id="description""#) < html.find(r#"class="versions""#)
                && html.find(r#"class="versions""#) < html.find(r#"id="types-group""#),
            "after the description, before the types"
        );
        for (code, language) in [("en", "English"), ("fr", "French"), ("uk", "Ukrainian")] {
            let fieldset = tag(&html, &format!(r#"data-language="{code}""#));
            assert!(!fieldset.contains("kept"), "{fieldset}");
            for part in ["title", "summary", "description"] {
                let control = tag(&html, &format!(r#"id="{part}_{code}""#));
                assert!(control.contains(&format!(r#"lang="{code}""#)), "{control}");
                assert!(!control.contains("aria-invalid"), "{control}");
            }
            assert!(html.contains(&format!("{language} version</legend>")));
            assert!(html.contains(&format!("Title in {language}</label>")));
            assert!(html.contains(&format!(r#"id="title_{code}-hint""#)));
        }
        // The same hint as the original's title: its limits.
        assert_eq!(
            html.matches(r#"class="hint">3 to 150 characters"#).count(),
            4
        );
    }

    #[test]
    fn a_refused_version_opens_the_versions_keeps_every_value_and_links_the_field() {
        use crate::domain::{UiLanguage, VersionPart};
        let form = SubmitForm {
            text_language: "uk".into(),
            title: "Безкоштовний транспорт".into(),
            title_fr: "Transports gratuits".into(),
            title_en: "Free <trams>".into(),
            summary_en: "Refugees ride the trams free of charge.".into(),
            description_en: "First.\n\nSecond & last.".into(),
            ..SubmitForm::default()
        };
        let problem = FieldProblem {
            field: Field::Version(UiLanguage::Fr, VersionPart::Summary),
            error: FieldError::Required,
        };
        let start = FormStart {
            reply: FormReply {
                form: Some(form),
                error: Some(AppError::Invalid(vec![problem])),
                accepted: None,
            },
            ..FormStart::default()
        };
        let html = render(FormMode::New, start);
        assert!(html.contains(r#"data-current="initiative""#), "{html}");
        assert!(tag(&html, r#"class="versions""#).contains("open"));
        assert!(html.contains(r##"href="#summary_fr""##));
        assert!(html.contains("Summary in French: This field is required"));
        assert!(tag(&html, r#"id="summary_fr""#).contains(r#"aria-invalid="true""#));
        assert!(tag(&html, r#"data-language="fr""#).contains("kept"));
        assert!(!tag(&html, r#"data-language="en""#).contains("kept"));
        assert!(tag(&html, r#"id="title_fr""#).contains(r#"value="Transports gratuits""#));
        assert!(tag(&html, r#"id="title_en""#).contains(r#"value="Free &lt;trams&gt;""#));
        assert!(html.contains("Refugees ride the trams free of charge.</textarea>"));
        assert!(html.contains("First.\n\nSecond &amp; last.</textarea>"));
        assert!(tag(&html, r#"id="title""#).contains("Безкоштовний транспорт"));
        assert!(tag(&html, r#"id="text_language-uk""#).contains("checked"));
    }

    #[test]
    fn a_stored_version_opens_the_versions_of_the_manage_form() {
        let initial = SubmitForm {
            text_language: "en".into(),
            title_uk: "Безкоштовний транспорт".into(),
            summary_uk: "Біженці їздять безкоштовно.".into(),
            ..SubmitForm::default()
        };
        let mode = FormMode::Manage {
            token: "t".into(),
            version: 3,
        };
        let html = render_from(mode, FormStart::default(), initial);
        assert!(tag(&html, r#"class="versions""#).contains("open"));
        assert!(tag(&html, r#"id="title_uk""#).contains("Безкоштовний транспорт"));
        assert!(tag(&html, r#"id="text_language-en""#).contains("checked"));
    }

    #[test]
    fn the_preview_shows_each_version_in_its_own_language() {
        use crate::domain::Submission;
        use crate::islands::preview::InitiativePreview;
        let form = SubmitForm {
            city: "Gdańsk".into(),
            country: "PL".into(),
            text_language: "uk".into(),
            title: "Безкоштовний транспорт".into(),
            summary: "Біженці з України їздять міським транспортом безкоштовно.".into(),
            title_fr: "Transports gratuits".into(),
            summary_fr: "Les réfugiés voyagent gratuitement en ville.".into(),
            description_fr: "Bus.\n\nTrams.".into(),
            types: vec!["transport".into()],
            activity: "ongoing".into(),
            submitter_name: "Anna".into(),
            submitter_email: "anna@gdansk.example".into(),
            submitter_role: "Coordinator".into(),
            consent: Some("yes".into()),
            ..SubmitForm::default()
        };
        let initiative = Submission::try_from(&form).expect("valid").initiative;
        let html = with_locale(Locale::en, |i18n| {
            let text = preview_text(i18n);
            view! { <InitiativePreview initiative text country="Poland".to_owned()/> }
                .to_html()
                .replace("<!>", "")
        });
        assert!(
            html.contains(r#"<h3 lang="uk" dir="auto">Безкоштовний транспорт</h3>"#),
            "{html}"
        );
        assert!(html.contains(r#"<dt>Language of the text</dt><dd lang="uk">Українська</dd>"#));
        assert!(html.contains("<h4>French version</h4>"));
        assert!(
            html.contains(r#"<p lang="fr" dir="auto"><strong>Transports gratuits</strong></p>"#)
        );
        assert!(html.contains(r#"<p lang="fr" dir="auto">Trams.</p>"#));
        assert!(
            !html.contains("English version"),
            "no English version was typed"
        );
    }

    #[test]
    fn a_moderators_form_has_three_steps_and_no_page_heading() {
        let html = render(
            FormMode::Moderate { id: 7, version: 2 },
            FormStart::default(),
        );
        assert!(!html.contains("<h1"), "{html}");
        assert!(html.contains("Step 1 of 3"));
        assert!(!html.contains(r#"data-step="about""#));
    }
}
