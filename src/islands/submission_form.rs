//! The submission form, used to submit (`/submit`), to edit through the manage link, and by
//! moderators to correct content. Server-rendered it is one long form that posts without
//! JavaScript; hydrated it becomes a guided form in steps with Back/Next, checks each field with
//! the domain's parsers as a person leaves it, keeps a draft in the browser and sends through a
//! server function. Either way the server checks everything again and every typed value comes
//! back with the errors.
//!
//! It is an island with no props: what it starts from ([`FormSetup`]: the mode, the ticket and
//! any reply, the values, every text in the page's language) is built on the server, written
//! once into the page as JSON in the `data-setup` attribute of an inert `<template>`, and read
//! there by the island in the browser with `wire::json` — leptos's props would be read with
//! serde_json, which the browser's wasm does not carry (see `wire::json`). On the server the
//! island gets the same value as context from [`SubmissionForm`].
//!
//! The steps are shown by CSS (`form.submission[data-current]` and `.step[data-step]`, only
//! when `<html>` has the class `js`), so the server's page and the hydrated one are the
//! same HTML, starting at the same step.
//!
//! The text's language is asked before the title; versions in the other two languages are
//! folded away under it (a `<details>`, open when one has text or a problem). The version in
//! the language chosen for the text is not offered: the styles hide its fieldset while its
//! radio button is checked (`:has()`, so the same without JavaScript), unless it has a
//! problem — text typed there is refused by the domain, never dropped, and stays in sight.

use crate::components::raw_text::textarea_content;
use crate::domain::{
    sort_short_by_key, ActivityStatus, Commitment, Field, FieldProblem, InitiativeType,
    LanguageCode, Step, Submission, SubmitForm, UiLanguage, VersionPart,
};
use crate::islands::form_dom;
use crate::islands::form_text::{ConfirmationText, FormText};
use crate::islands::preview::InitiativePreview;
use crate::islands::steps::{step_id, step_name, Steps};
use crate::wire::json::{FromJson, Json};
use crate::wire::types::{Accepted, SimilarInitiative};
use crate::wire::{AppError, FormStart};
use leptos::either::Either;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the form is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FormMode {
    /// A new submission.
    New,
    /// The submitter edits through the manage link.
    Manage { token: String, version: i32 },
    /// A moderator corrects the public content (no "about you" step).
    Moderate { id: i32, version: i32 },
}

impl FormMode {
    fn action(&self) -> String {
        match self {
            Self::New => "/submit".to_owned(),
            Self::Manage { token, .. } => format!("/manage/{token}"),
            Self::Moderate { id, .. } => format!("/admin/initiatives/{id}/edit"),
        }
    }

    fn version(&self) -> Option<i32> {
        match self {
            Self::New => None,
            Self::Manage { version, .. } | Self::Moderate { version, .. } => Some(*version),
        }
    }

    fn steps(&self) -> &'static [Step] {
        match self {
            Self::Moderate { .. } => &[Step::City, Step::Initiative, Step::Review],
            _ => &Step::ALL,
        }
    }

    /// The problems that stop sending: moderators do not edit the submitter's fields.
    fn check(&self, form: &SubmitForm) -> Vec<FieldProblem> {
        match self {
            Self::Moderate { .. } => form.initiative().err().unwrap_or_default(),
            _ => Submission::try_from(form).err().unwrap_or_default(),
        }
    }
}

/// How a typed-in field is typed in.
#[derive(Clone, Copy)]
enum Control {
    /// A one-line `<input>` of this `type`, with its `autocomplete` token.
    Line {
        kind: &'static str,
        autocomplete: Option<&'static str>,
    },
    /// A `<textarea>` of this many rows.
    Lines(u8),
}

impl Control {
    const fn line(kind: &'static str, autocomplete: Option<&'static str>) -> Self {
        Self::Line { kind, autocomplete }
    }
}

/// The form's texts, for views and handlers alike (a `Copy` handle). In the browser the island
/// lives as long as the page, so its texts are kept for the page's life and read directly: a
/// `StoredValue` instantiates its arena lookup and lock for each closure that reads it, about
/// 10 KB of wasm for the twenty-odd places that read a text. On the server, where an island is
/// rendered for each request and nothing of it may outlive the request, they are a
/// `StoredValue`.
#[derive(Clone, Copy)]
struct Texts {
    #[cfg(feature = "ssr")]
    stored: StoredValue<FormText>,
    #[cfg(not(feature = "ssr"))]
    text: &'static FormText,
}

impl Texts {
    fn new(text: FormText) -> Self {
        Self {
            #[cfg(feature = "ssr")]
            stored: StoredValue::new(text),
            #[cfg(not(feature = "ssr"))]
            text: Box::leak(Box::new(text)),
        }
    }

    fn with_value<R>(self, read: impl FnOnce(&FormText) -> R) -> R {
        #[cfg(feature = "ssr")]
        let value = self.stored.with_value(read);
        #[cfg(not(feature = "ssr"))]
        let value = read(self.text);
        value
    }
}

/// A set of the form's fields (the ones a person has typed in or changed): one bit for each
/// field of [`Field::ALL`]. A `HashSet` would bring its hashing and table code into the wasm.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FieldSet(u32);

impl FieldSet {
    fn bit(field: Field) -> u32 {
        let i = Field::ALL.iter().position(|f| *f == field).unwrap_or(0);
        1 << i
    }

    pub fn insert(&mut self, field: Field) {
        self.0 |= Self::bit(field);
    }

    pub fn contains(self, field: Field) -> bool {
        self.0 & Self::bit(field) != 0
    }
}

// Every field has its own bit.
const _: () = assert!(Field::ALL.len() <= 32);

/// One box or radio button of a group.
struct Choice {
    value: String,
    label: String,
    /// The language of the label, when it is not the interface's (language endonyms).
    lang: Option<&'static str>,
}

/// Whether any version in another language has text: its `<details>` then starts open.
pub fn has_version_text(form: &SubmitForm) -> bool {
    UiLanguage::ALL
        .into_iter()
        .any(|l| form.version(l).iter().any(|t| !t.trim().is_empty()))
}

/// Whether `problems` has one about a version (in `language`, when given).
pub fn version_problem(problems: &[FieldProblem], language: Option<UiLanguage>) -> bool {
    problems.iter().any(|p| match p.field {
        Field::Version(l, _) => language.map_or(true, |x| x == l),
        _ => false,
    })
}

/// What the form starts from, built on the server (see the module's documentation).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormSetup {
    pub mode: FormMode,
    pub start: FormStart,
    pub initial: SubmitForm,
    pub text: FormText,
}

/// The id of the element whose `data-setup` holds the form's setup.
const SETUP_ID: &str = "submission-setup";

impl FromJson for FormMode {
    fn from_json(value: Json) -> Option<Self> {
        match value {
            Json::String(s) if s == "New" => Some(FormMode::New),
            Json::Object(mut members) if members.len() == 1 => {
                let (name, mut v) = members.pop()?;
                let version = i32::from_json(v.take("version")?)?;
                match name.as_str() {
                    "Manage" => Some(FormMode::Manage {
                        token: String::from_json(v.take("token")?)?,
                        version,
                    }),
                    "Moderate" => Some(FormMode::Moderate {
                        id: i32::from_json(v.take("id")?)?,
                        version,
                    }),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

impl FromJson for FormSetup {
    fn from_json(mut value: Json) -> Option<Self> {
        Some(FormSetup {
            mode: FormMode::from_json(value.take("mode")?)?,
            start: FormStart::from_json(value.take("start")?)?,
            initial: SubmitForm::from_json(value.take("initial")?)?,
            text: FormText::from_json(value.take("text")?)?,
        })
    }
}

impl FormSetup {
    /// The setup the island starts from: on the server the context [`SubmissionForm`] gives,
    /// in the browser the page's `data-setup`.
    fn current() -> Self {
        #[cfg(feature = "ssr")]
        let setup = use_context::<FormSetup>();
        #[cfg(not(feature = "ssr"))]
        let setup = document()
            .get_element_by_id(SETUP_ID)
            .and_then(|e| e.get_attribute("data-setup"))
            .and_then(|json| FormSetup::from_json_text(&json));
        // Without it the island cannot hydrate; the server's form then works as without
        // JavaScript (leptos does the same when an island's props do not read).
        setup.expect("the submission form's setup is in the page")
    }
}

/// The form. `initial` holds the values to start from (a stored submission, or, for a new
/// one, an empty form with the text's language preselected); what a post without JavaScript
/// sent comes in `start`. For a new submission it also shows the page's heading and
/// introduction, and replaces them with the confirmation once the submission is stored.
/// Server-only: it writes the setup into the page and renders the island with it.
#[component]
pub fn SubmissionForm(
    mode: FormMode,
    start: FormStart,
    initial: SubmitForm,
    text: FormText,
) -> impl IntoView {
    let setup = FormSetup {
        mode,
        start,
        initial,
        text,
    };
    #[cfg(feature = "ssr")]
    let json = serde_json::to_string(&setup).unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let json = String::new();
    provide_context(setup);
    view! {
        <template id=SETUP_ID data-setup=json></template>
        <FormIsland/>
    }
}

/// The form in the browser (see [`SubmissionForm`]).
#[island]
fn FormIsland() -> impl IntoView {
    let FormSetup {
        mode,
        start,
        initial,
        text,
    } = FormSetup::current();
    let posted_problems = match &start.reply.error {
        Some(AppError::Invalid(p)) => p.clone(),
        _ => Vec::new(),
    };
    let posted_banner = start
        .reply
        .error
        .clone()
        .filter(|e| !matches!(e, AppError::Invalid(_)));
    // A new form as it starts: "start again" goes back to it, and a draft kept before the
    // text's language was asked gets its language.
    let fresh = StoredValue::new(initial.clone());
    let initial = start.reply.form.clone().unwrap_or(initial);
    let came_back = start.reply.form.is_some();
    let versions_open = has_version_text(&initial) || version_problem(&posted_problems, None);
    let is_new = mode == FormMode::New;
    // The same on the server and in the browser: the first step with a problem, else the first.
    let steps = Steps::new(mode.steps(), &posted_problems);

    let form_ref = NodeRef::<leptos::html::Form>::new();
    let versions_ref = NodeRef::<leptos::html::Details>::new();
    let open_versions = move || {
        if let Some(d) = versions_ref.get_untracked() {
            d.set_open(true);
        }
    };
    let problems = RwSignal::new(posted_problems);
    let banner = RwSignal::new(posted_banner);
    let ticket = RwSignal::new(start.ticket.clone());
    let sending = RwSignal::new(false);
    let restored = RwSignal::new(false);
    let review = RwSignal::new(None::<SubmitForm>);
    let similar = RwSignal::new(Vec::<SimilarInitiative>::new());
    let accepted = RwSignal::new(start.reply.accepted.clone());
    let stored_at_start = start.reply.accepted.is_some();
    // The page's heading, introduction and form, taken out once a submission is stored.
    let body_ref = NodeRef::<leptos::html::Div>::new();
    let touched = StoredValue::new(FieldSet::default());
    let similar_ask = StoredValue::new(0u32);
    // A lookup is under way: its list will appear under the title and move what follows.
    let similar_pending = RwSignal::new(false);
    let page = text.page.clone();
    let confirmation = text.confirmation.clone();
    let text = Texts::new(text);
    // One text, for views built once and for closures alike.
    let tr = move |pick: fn(&FormText) -> &str| text.with_value(|t| pick(t).to_owned());
    let label = move |field: Field| text.with_value(|t| t.field(field).to_owned());

    // Hydrated: restore a draft, and tell the page (and its tests) that the form now works.
    Effect::new(move |_| {
        if is_new && !came_back {
            if let (Some(mut draft), Some(el)) = (
                form_dom::load_draft(form_dom::DRAFT_KEY),
                form_ref.get_untracked(),
            ) {
                if draft.text_language.trim().is_empty() {
                    draft.text_language = fresh.with_value(|f| f.text_language.clone());
                }
                form_dom::write_form(&el, &draft);
                if has_version_text(&draft) {
                    open_versions();
                }
                restored.set(true);
            }
        }
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });

    let read = move || form_ref.get_untracked().map(|el| form_dom::read_form(&el));

    // A new problem in a version opens the folded versions, so it is never out of sight.
    Effect::new(move |before: Option<usize>| {
        let now = problems.with(|p| {
            p.iter()
                .filter(|x| matches!(x.field, Field::Version(..)))
                .count()
        });
        if now > before.unwrap_or(0) {
            open_versions();
        }
        now
    });

    let show_problems = move |found: Vec<FieldProblem>| {
        steps.show_problem(&found);
        problems.set(found);
        form_dom::focus_later("form-problems".to_owned());
    };

    // Checks one field (and the end date with the start date) as the person leaves it.
    let check_fields = move |fields: Vec<Field>| {
        let Some(form) = read() else { return };
        let found = form.problems_in(&fields);
        problems.update(|p| {
            p.retain(|x| !fields.contains(&x.field));
            p.extend(found);
            sort_short_by_key(p, |x| x.field);
        });
    };
    let fields_to_check = move |name: &str| -> Vec<Field> {
        let Some(field) = Field::from_name(name) else {
            return Vec::new();
        };
        let mut fields = vec![field];
        if field == Field::StartDate && touched.with_value(|t| t.contains(Field::EndDate)) {
            fields.push(Field::EndDate);
        }
        fields
    };

    let ask_similar = move || {
        let Some(form) = read() else { return };
        let n = similar_ask.get_value() + 1;
        similar_ask.set_value(n);
        similar_pending.set(true);
        set_timeout(
            move || {
                if similar_ask.get_value() != n {
                    return;
                }
                leptos::task::spawn_local(async move {
                    let found = crate::api::similar_initiatives(
                        form.country.clone(),
                        form.city.clone(),
                        form.title.clone(),
                    )
                    .await
                    .unwrap_or_default();
                    if similar_ask.get_value() == n {
                        similar.set(found);
                        similar_pending.set(false);
                    }
                });
            },
            std::time::Duration::from_millis(350),
        );
    };

    let on_input = move |ev: leptos::ev::Event| {
        let Some(name) = form_dom::control_name(&ev) else {
            return;
        };
        if let Some(field) = Field::from_name(&name) {
            touched.update_value(|t| t.insert(field));
            // A field already marked wrong is checked again at each key, so the error goes
            // as soon as it is fixed.
            if problems.with_untracked(|p| p.iter().any(|x| x.field == field)) {
                check_fields(fields_to_check(&name));
            }
            if is_new && matches!(field, Field::Title | Field::City | Field::Country) {
                ask_similar();
            }
        }
        if is_new {
            if let Some(form) = read() {
                form_dom::save_draft(form_dom::DRAFT_KEY, &form);
            }
        }
    };
    let on_leave = move |ev: leptos::ev::FocusEvent| {
        let Some(name) = form_dom::control_name(&ev) else {
            return;
        };
        let Some(field) = Field::from_name(&name) else {
            return;
        };
        // Groups of boxes are checked on change; text fields once something was typed.
        if touched.with_value(|t| t.contains(field))
            && !matches!(field, Field::Types | Field::Commitments | Field::Languages)
        {
            check_fields(fields_to_check(&name));
        }
    };
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(name) = form_dom::control_name(&ev) {
            if let Some(field) = Field::from_name(&name) {
                touched.update_value(|t| t.insert(field));
                if matches!(
                    field,
                    Field::Types
                        | Field::Commitments
                        | Field::Languages
                        | Field::Activity
                        | Field::Consent
                        | Field::Country
                ) {
                    check_fields(vec![field]);
                }
                // Another language for the text: the versions already marked are checked
                // again (one in the old language may now be fine, or the reverse).
                if field == Field::TextLanguage {
                    let mut fields = vec![field];
                    problems.with_untracked(|p| {
                        fields.extend(
                            p.iter()
                                .map(|x| x.field)
                                .filter(|f| matches!(f, Field::Version(..))),
                        )
                    });
                    check_fields(fields);
                }
            }
        }
    };

    let go = move |to: Step| {
        if to == Step::Review {
            review.set(read());
        }
        steps.show(to);
        form_dom::focus_later(step_id(to).to_owned());
    };
    let next = {
        move || {
            let current = steps.current_untracked();
            let Some(form) = read() else { return };
            let found = form.problems_in(current.fields());
            if !found.is_empty() {
                problems.update(|p| {
                    p.retain(|x| !current.fields().contains(&x.field));
                    p.extend(found);
                    sort_short_by_key(p, |x| x.field);
                });
                form_dom::focus_later("form-problems".to_owned());
                return;
            }
            problems.update(|p| p.retain(|x| !current.fields().contains(&x.field)));
            if let Some(to) = steps.next() {
                go(to);
            }
        }
    };
    let back = move || {
        if let Some(to) = steps.previous() {
            go(to);
        }
    };

    // Attached once hydrated; before that the browser posts the form itself.
    let on_submit = {
        let mode = mode.clone();
        let next = next.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if steps.current_untracked() != Step::Review {
                // Enter in a field moves on, as Next does.
                next();
                return;
            }
            if sending.get_untracked() {
                return;
            }
            let Some(form) = read() else { return };
            let found = mode.check(&form);
            if !found.is_empty() {
                show_problems(found);
                return;
            }
            problems.set(Vec::new());
            banner.set(None);
            sending.set(true);
            let mode = mode.clone();
            leptos::task::spawn_local(async move {
                let result: Result<Option<Accepted>, AppError> = match &mode {
                    FormMode::New => crate::api::submit_initiative(form).await.map(Some),
                    FormMode::Manage { token, version } => {
                        crate::api::update_submission(token.clone(), *version, form)
                            .await
                            .map(|_| None)
                    }
                    FormMode::Moderate { id, version } => {
                        crate::api::moderator_edit(*id, *version, form)
                            .await
                            .map(|_| None)
                    }
                };
                sending.set(false);
                match result {
                    Ok(Some(done)) => {
                        form_dom::clear_draft(form_dom::DRAFT_KEY);
                        accepted.set(Some(done));
                        if let Some(body) = body_ref.get_untracked() {
                            body.remove();
                        }
                        form_dom::focus_later("confirmation".to_owned());
                    }
                    Ok(None) => {
                        let to = match &mode {
                            FormMode::Manage { token, .. } => format!("/manage/{token}?done=sent"),
                            FormMode::Moderate { id, .. } => {
                                format!("/admin/initiatives/{id}?done=edit")
                            }
                            FormMode::New => "/".to_owned(),
                        };
                        let _ = window().location().assign(&to);
                    }
                    Err(AppError::Invalid(found)) => show_problems(found),
                    Err(e) => {
                        if let AppError::Retry { ticket: fresh, .. } = &e {
                            ticket.set(fresh.clone());
                        }
                        banner.set(Some(e));
                        form_dom::focus_later("form-problems".to_owned());
                    }
                }
            });
        }
    };

    // ---- views ----

    let problem_of = move |field: Field| {
        move || {
            problems.with(|p| {
                p.iter()
                    .find(|x| x.field == field)
                    .map(|x| text.with_value(|t| t.error(&x.error)))
            })
        }
    };
    let error_line = move |field: Field| {
        let error = problem_of(field);
        view! {
            {move || {
                error()
                    .map(|e| {
                        view! {
                            <p class="field-error" id=format!("{}-error", field.name())>
                                <span class="visually-hidden">{tr(|t| &t.problems.title)} ": "</span>
                                {e}
                            </p>
                        }
                    })
            }}
        }
    };
    let described = move |field: Field, hint: bool| {
        move || {
            let mut ids = Vec::new();
            if hint {
                ids.push(format!("{}-hint", field.name()));
            }
            if problems.with(|p| p.iter().any(|x| x.field == field)) {
                ids.push(format!("{}-error", field.name()));
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move |field: Field| {
        move || {
            problems
                .with(|p| p.iter().any(|x| x.field == field))
                .then_some("true")
        }
    };

    let summary = move || {
        let list = problems.get();
        let other = banner.get();
        if list.is_empty() && other.is_none() {
            return None;
        }
        Some(view! {
            <div class="error-summary" id="form-problems" tabindex="-1" role="alert">
                <h2>{tr(|t| &t.problems.title)}</h2>
                {other.map(|e| view! { <p>{text.with_value(|t| t.app_error(&e))}</p> })}
                {(!list.is_empty()).then(|| {
                    let count = list.len();
                    view! {
                        <p>{text.with_value(|t| t.problems(count))}</p>
                        <ul>
                            {list
                                .iter()
                                .map(|p| {
                                    let field = p.field;
                                    let error = text.with_value(|t| t.error(&p.error));
                                    view! {
                                        <li>
                                            <a
                                                href=format!("#{}", field.anchor())
                                                on:click=move |ev| {
                                                    ev.prevent_default();
                                                    if matches!(field, Field::Version(..)) {
                                                        open_versions();
                                                    }
                                                    steps.show(field.step());
                                                    form_dom::focus_later(field.anchor());
                                                }
                                            >
                                                {label(field)}
                                                ": "
                                                {error}
                                            </a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
            </div>
        })
    };

    let progress = {
        let items = steps
            .all()
            .iter()
            .map(|&s| {
                view! {
                    <li
                        class:current=move || steps.current() == s
                        aria-current=move || (steps.current() == s).then_some("step")
                    >
                        {text.with_value(|t| t.steps.name(s).to_owned())}
                    </li>
                }
            })
            .collect_view();
        view! {
            <nav class="progress" aria-label=tr(|t| &t.steps.progress)>
                <p class="progress-count">
                    {move || {
                        let (n, total) = steps.progress();
                        text.with_value(|t| t.steps.count(n, total).to_owned())
                    }}
                </p>
                <ol>{items}</ol>
            </nav>
        }
    };

    // Back and Next: always in the page, hidden by the styles without JavaScript.
    let nav_buttons = {
        move |at: Step| {
            let next = next.clone();
            let first = steps.is_first(at);
            view! {
                <div class="step-nav">
                    {(!first).then(|| view! {
                        <button type="button" class="button" on:click=move |_| back()>
                            "← " {tr(|t| &t.buttons.back)}
                        </button>
                    })}
                    {(at != Step::Review).then(|| view! {
                        <button type="button" class="button primary" on:click=move |_| next()>
                            {tr(|t| &t.buttons.next)} " →"
                        </button>
                    })}
                </div>
            }
        }
    };

    let required_mark =
        move || view! { <span class="required">" (" {tr(|t| &t.required)} ")"</span> };

    // One typed-in field: label (with "required"), hint, error and control, alike for all.
    let typed = {
        let initial = initial.clone();
        move |field: Field, control: Control| {
            let name = field.name();
            let hint = text.with_value(|t| t.hints.of(field).map(str::to_owned));
            let has_hint = hint.is_some();
            let value = initial.value(field);
            // A version is typed in its own language (spelling, voice input, screen readers).
            let lang = match field {
                Field::Version(l, _) => Some(l.as_str()),
                _ => None,
            };
            let control = match control {
                Control::Line { kind, autocomplete } => Either::Left(view! {
                    <input type=kind id=name name=name autocomplete=autocomplete lang=lang
                        inputmode=(kind == "url").then_some("url")
                        min=(kind == "date").then_some("1900-01-01")
                        max=(kind == "date").then_some("2200-12-31")
                        value=value
                        aria-describedby=described(field, has_hint)
                        aria-invalid=invalid(field)/>
                }),
                Control::Lines(rows) => Either::Right(view! {
                    <textarea id=name name=name rows=rows lang=lang
                        aria-describedby=described(field, has_hint)
                        aria-invalid=invalid(field)
                        inner_html=textarea_content(&value)></textarea>
                }),
            };
            view! {
                <div class="field">
                    <label for=name>{label(field)} {field.is_required().then(required_mark)}</label>
                    {hint.map(|h| view! { <p class="hint" id=format!("{name}-hint")>{h}</p> })}
                    {error_line(field)}
                    {control}
                </div>
            }
        }
    };

    // One group of boxes (or radio buttons, for the one-answer activity): legend, hint, error
    // and the choices, alike for all.
    let choices = {
        let initial = initial.clone();
        move |field: Field, layout: &'static str, list: Vec<Choice>| {
            let name = field.name();
            let radio = matches!(field, Field::Activity | Field::TextLanguage);
            let kind = if radio { "radio" } else { "checkbox" };
            let hint = text.with_value(|t| t.hints.of(field).map(str::to_owned));
            let has_hint = hint.is_some();
            let items = list
                .into_iter()
                .map(|c| {
                    let id = format!("{name}-{}", c.value);
                    let checked = if radio {
                        initial.value(field).trim().eq_ignore_ascii_case(&c.value)
                    } else {
                        initial.has(field, &c.value)
                    };
                    view! {
                        <div class="choice">
                            <input type=kind id=id.clone() name=name value=c.value checked=checked/>
                            <label for=id lang=c.lang>{c.label}</label>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="field choices" id=field.anchor() tabindex="-1"
                    aria-describedby=described(field, has_hint)>
                    <legend>{label(field)} {field.is_required().then(required_mark)}</legend>
                    {hint.map(|h| view! { <p class="hint" id=format!("{name}-hint")>{h}</p> })}
                    {error_line(field)}
                    <div class=layout>{items}</div>
                </fieldset>
            }
        }
    };

    let countries = text.with_value(|t| t.countries.clone());
    let chosen_country = initial.country.trim().to_ascii_uppercase();

    let submit_label = match mode {
        FormMode::New => tr(|t| &t.buttons.send),
        FormMode::Manage { .. } => tr(|t| &t.buttons.send_edit),
        FormMode::Moderate { .. } => tr(|t| &t.buttons.save_edit),
    };
    let has_about = steps.has(Step::AboutYou);
    let review_view = {
        let mode = mode.clone();
        move || {
            let form = review.get()?;
            Some(match form.initiative() {
                Ok(i) => {
                    let about = (!matches!(mode, FormMode::Moderate { .. })).then(|| {
                        view! {
                            <section class="private-box" aria-labelledby="review-private-h">
                                <h3 id="review-private-h">{tr(|t| &t.review.private)}</h3>
                                <p>
                                    <bdi>{form.submitter_name.clone()}</bdi> " · " <bdi>{form.submitter_email.clone()}</bdi>
                                    " · " <bdi>{form.submitter_role.clone()}</bdi>
                                </p>
                            </section>
                        }
                    });
                    let (preview, country) = text.with_value(|t| {
                        (
                            t.preview.clone(),
                            t.country_name(i.country.as_str()).to_owned(),
                        )
                    });
                    Either::Left(view! {
                        <div>
                            <p>{tr(|t| &t.review.intro)}</p>
                            <InitiativePreview initiative=i text=preview country/>
                            {about}
                        </div>
                    })
                }
                Err(_) => {
                    Either::Right(view! { <p class="notice">{tr(|t| &t.review.invalid)}</p> })
                }
            })
        }
    };

    let form = view! {
        <form
            class="submission"
            data-current=move || step_name(steps.current())
            method="post"
            action=text.with_value(|t| t.keep_language(&mode.action()))
            novalidate
            node_ref=form_ref
            on:submit=on_submit
            on:input=on_input
            on:change=on_change
            on:focusout=on_leave
        >
            {summary}
            {move || restored.get().then(|| view! {
                <div class="notice" role="status">
                    <p>{tr(|t| &t.draft.restored)}</p>
                    <button
                        type="button"
                        class="button"
                        on:click=move |_| {
                            form_dom::clear_draft(form_dom::DRAFT_KEY);
                            if let Some(el) = form_ref.get_untracked() {
                                fresh.with_value(|f| form_dom::write_form(&el, f));
                            }
                            restored.set(false);
                            problems.set(Vec::new());
                        }
                    >
                        {tr(|t| &t.draft.discard)}
                    </button>
                </div>
            })}
            {progress}
            <input type="hidden" name="ticket" value=start.ticket.clone() prop:value=move || ticket.get()/>
            {mode.version().map(|v| view! { <input type="hidden" name="version" value=v.to_string()/> })}
            <div class="hp" aria-hidden="true">
                <label for="leave_empty">{tr(|t| &t.leave_empty)}</label>
                <input type="text" id="leave_empty" name="leave_empty" tabindex="-1" autocomplete="off" value=""/>
            </div>

            <fieldset class="step" data-step=step_name(Step::City)>
                <legend><h2 id=step_id(Step::City) tabindex="-1">{tr(|t| &t.steps.city)}</h2></legend>
                {typed(Field::City, Control::line("text", Some("address-level2")))}
                <div class="field">
                    <label for="country">{label(Field::Country)} {required_mark()}</label>
                    {error_line(Field::Country)}
                    <select id="country" name="country" autocomplete="country"
                        aria-describedby=described(Field::Country, false)
                        aria-invalid=invalid(Field::Country)>
                        <option value="" selected=chosen_country.is_empty()>{tr(|t| &t.choose_country)}</option>
                        {countries
                            .into_iter()
                            .map(|(code, name)| {
                                let selected = code == chosen_country;
                                view! { <option value=code selected=selected>{name}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                {nav_buttons(Step::City)}
            </fieldset>

            <fieldset class="step" data-step=step_name(Step::Initiative)>
                <legend><h2 id=step_id(Step::Initiative) tabindex="-1">{tr(|t| &t.steps.initiative)}</h2></legend>
                {choices(Field::TextLanguage, "choice-grid languages", UiLanguage::ALL.into_iter().map(|l| Choice {
                    value: l.as_str().to_owned(),
                    label: LanguageCode::parse(l.as_str()).map_or("", LanguageCode::endonym).to_owned(),
                    lang: Some(l.as_str()),
                }).collect())}
                {typed(Field::Title, Control::line("text", Some("off")))}
                <div aria-live="polite"
                    aria-busy=move || if similar_pending.get() { "true" } else { "false" }>
                    {move || {
                        let list = similar.get();
                        (!list.is_empty()).then(|| view! {
                            <div class="similar">
                                <h3>{tr(|t| &t.similar.title)}</h3>
                                <p>{tr(|t| &t.similar.text)}</p>
                                <ul>
                                    {list.into_iter().map(|s| view! {
                                        <li>
                                            <a href=text.with_value(|t| t.keep_language(&format!("/initiatives/{}", s.slug))) target="_blank" rel="noopener">
                                                <bdi>{s.title}</bdi> " "
                                                <span class="visually-hidden">{tr(|t| &t.similar.opens_new_tab)}</span>
                                            </a>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            </div>
                        })
                    }}
                </div>
                {typed(Field::Summary, Control::Lines(3))}
                {typed(Field::Description, Control::Lines(8))}
                <details class="versions" open=versions_open node_ref=versions_ref>
                    <summary>{tr(|t| &t.versions)}</summary>
                    <p class="hint">{tr(|t| &t.versions_hint)}</p>
                    {UiLanguage::ALL.into_iter().map(|language| view! {
                        <fieldset class="version" data-language=language.as_str()
                            class:kept=move || problems.with(|p| version_problem(p, Some(language)))>
                            <legend>{text.with_value(|t| t.preview.version(language).to_owned())}</legend>
                            {typed(Field::Version(language, VersionPart::Title), Control::line("text", Some("off")))}
                            {typed(Field::Version(language, VersionPart::Summary), Control::Lines(3))}
                            {typed(Field::Version(language, VersionPart::Description), Control::Lines(8))}
                        </fieldset>
                    }).collect_view()}
                </details>
                {choices(Field::Types, "choice-grid", InitiativeType::ALL.into_iter().map(|t| Choice {
                    value: t.slug().to_owned(),
                    label: text.with_value(|x| x.type_label(t).to_owned()),
                    lang: None,
                }).collect())}
                {choices(Field::Commitments, "choice-list", Commitment::ALL.into_iter().map(|c| Choice {
                    value: c.number().to_string(),
                    label: text.with_value(|t| format!("{}. {}", c.number(), t.commitment_label(c))),
                    lang: None,
                }).collect())}
                {choices(Field::Activity, "choice-list", ActivityStatus::ALL.into_iter().map(|a| Choice {
                    value: a.as_str().to_owned(),
                    label: text.with_value(|t| t.activity_label(a).to_owned()),
                    lang: None,
                }).collect())}
                <div class="field-pair">
                    {typed(Field::StartDate, Control::line("date", None))}
                    {typed(Field::EndDate, Control::line("date", None))}
                </div>
                {typed(Field::Website, Control::line("url", Some("url")))}
                {typed(Field::ContactEmail, Control::line("email", Some("off")))}
                {choices(Field::Languages, "choice-grid languages", LanguageCode::all().map(|l| Choice {
                    value: l.as_str().to_owned(),
                    label: l.endonym().to_owned(),
                    lang: Some(l.as_str()),
                }).collect())}
                {nav_buttons(Step::Initiative)}
            </fieldset>

            {has_about.then(|| view! {
                <fieldset class="step" data-step=step_name(Step::AboutYou)>
                    <legend><h2 id=step_id(Step::AboutYou) tabindex="-1">{tr(|t| &t.steps.about)}</h2></legend>
                    <p class="hint">
                        {tr(|t| &t.private_note)} " "
                        <a href=text.with_value(|t| t.keep_language("/privacy")) target="_blank">{tr(|t| &t.privacy_link)}</a>
                    </p>
                    {typed(Field::SubmitterName, Control::line("text", Some("name")))}
                    {typed(Field::SubmitterEmail, Control::line("email", Some("email")))}
                    {typed(Field::SubmitterRole, Control::line("text", Some("organization-title")))}
                    <div class="field choice consent">
                        {error_line(Field::Consent)}
                        <input type="checkbox" id="consent" name="consent" value="yes"
                            checked=initial.consent.is_some()
                            aria-describedby=described(Field::Consent, false)
                            aria-invalid=invalid(Field::Consent)/>
                        <label for="consent">{label(Field::Consent)} {required_mark()}</label>
                    </div>
                    {nav_buttons(Step::AboutYou)}
                </fieldset>
            })}

            <section class="step" data-step=step_name(Step::Review) aria-labelledby=step_id(Step::Review)>
                <h2 id=step_id(Step::Review) tabindex="-1">{tr(|t| &t.steps.review)}</h2>
                <p class="nojs-only">{tr(|t| &t.review.nojs)}</p>
                {review_view}
                {is_new.then(|| view! { <p class="hint">{tr(|t| &t.draft.note)}</p> })}
                <div class="step-nav">
                    {nav_buttons(Step::Review)}
                    <button type="submit" class="button primary" disabled=move || sending.get()>
                        {move || if sending.get() { tr(|t| &t.buttons.sending) } else { submit_label.clone() }}
                    </button>
                </div>
            </section>
        </form>
    };
    // The form is never inside a reactive closure: a view there must be able to rebuild
    // itself, and the rebuilding code of the whole form (every element, attribute and list of
    // it) would come into the wasm without ever running. It is rendered once; the
    // confirmation, when a new submission is stored, is put in before it and the form taken
    // out of the page (`body_ref`). Nor is it type-erased (`into_any()`): that carries every
    // rendering method of its whole tree (async hydration included) into the wasm.
    let keep = text.with_value(|t| (t.keep_language("/submit"), t.address_language.clone()));
    // Stored by a post without JavaScript: the server's page is the confirmation alone.
    let body = (!stored_at_start).then(|| {
        view! {
            <div node_ref=body_ref>
                {is_new.then(|| view! {
                    <h1>{page.title.clone()}</h1>
                    <p>{page.intro.clone()}</p>
                    <p class="hint">{page.required_note.clone()}</p>
                })}
                {form}
            </div>
        }
    });
    view! {
        {move || accepted.get().map(|done| view! {
            <Confirmation accepted=done text=confirmation.clone() keep=keep.clone()/>
        })}
        {body}
    }
}

/// The submission was stored: the private link, once, with a copy button. `keep`: the
/// "another" link's address and the page's address language (`FormText::keep_language`).
#[component]
fn Confirmation(
    accepted: Accepted,
    text: ConfirmationText,
    keep: (String, String),
) -> impl IntoView {
    let (another, language) = keep;
    let manage_path = match crate::domain::UiLanguage::from_code(&language) {
        Some(l) => crate::domain::with_language(&accepted.manage_path, Some(l)),
        None => accepted.manage_path.clone(),
    };
    let copied = RwSignal::new(false);
    let url = accepted.manage_url.clone();
    let copy = move |_| {
        let url = url.clone();
        let navigator = window().navigator();
        let clipboard = navigator.clipboard();
        let promise = clipboard.write_text(&url);
        leptos::task::spawn_local(async move {
            if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
                copied.set(true);
            } else if let Some(input) = document().get_element_by_id("manage-link").and_then(|e| {
                use leptos::wasm_bindgen::JsCast;
                e.dyn_into::<leptos::web_sys::HtmlInputElement>().ok()
            }) {
                // Without clipboard access the link is selected for copying by hand.
                input.select();
            }
        });
    };
    let (before, after) = text.thanks_parts();
    let (before, after) = (before.to_owned(), after.to_owned());
    let copied_text = text.copied.clone();
    view! {
        <div class="confirmation">
            <h1 id="confirmation" tabindex="-1">{text.thanks_title.clone()}</h1>
            <p>{before} <bdi>{accepted.title.clone()}</bdi> {after}</p>
            <section class="keep-link" aria-labelledby="keep-h">
                <h2 id="keep-h">{text.keep_link.clone()}</h2>
                <p>{text.keep_link_text.clone()}</p>
                <label for="manage-link">{text.link_label.clone()}</label>
                <div class="copy-row">
                    <input
                        type="text"
                        id="manage-link"
                        readonly
                        value=accepted.manage_url.clone()
                        on:focus=move |ev| {
                            event_target::<leptos::web_sys::HtmlInputElement>(&ev).select();
                        }
                    />
                    <button type="button" class="button primary" on:click=copy>
                        {text.copy.clone()}
                    </button>
                </div>
                <p role="status" class="copied">
                    {move || copied.get().then(|| copied_text.clone())}
                </p>
                <p>
                    <a href=manage_path class="button">{text.open_page.clone()}</a>
                </p>
            </section>
            <p>
                <a href=another rel="external">{text.another.clone()}</a>
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_set_holds_each_field_apart_from_the_others() {
        for field in Field::ALL {
            let mut set = FieldSet::default();
            assert!(!set.contains(field));
            set.insert(field);
            assert!(set.contains(field), "{field:?}");
            let others: Vec<_> = Field::ALL
                .into_iter()
                .filter(|f| set.contains(*f))
                .collect();
            assert_eq!(others, [field], "only {field:?} is in the set");
        }
    }
}
