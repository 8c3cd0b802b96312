//! Every text the submission form shows, in the interface language of the page, as one plain
//! serde value: the server builds it from the locales (`components::form_text`) and hands it to
//! the island as a prop, so the browser needs no translation tables. Numbers and typed values
//! go into the error templates here; plurals are chosen on the server, once for each count that
//! can occur (Ukrainian has several plural forms).

use crate::domain::{ActivityStatus, Commitment, Field, FieldError, InitiativeType, Step};
use crate::wire::{AppError, RetryReason};
use serde::{Deserialize, Serialize};

/// The form's texts. Built by `crate::components::form_text::form_text` on the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormText {
    /// The `/submit` page around a new submission: heading, intro, note on required fields.
    pub page: PageText,
    pub steps: StepText,
    pub buttons: ButtonText,
    /// The label of each field (the consent box's label is its field label).
    pub fields: Vec<(Field, String)>,
    pub hints: HintText,
    /// "required", after the label of a required field.
    pub required: String,
    /// The empty first choice of the country list.
    pub choose_country: String,
    /// The countries as (code, name), sorted by name in the interface language.
    pub countries: Vec<(String, String)>,
    /// The note that the "about you" answers stay private.
    pub private_note: String,
    /// The label of the field people must leave empty.
    pub leave_empty: String,
    pub problems: ProblemText,
    pub errors: ErrorText,
    pub app_errors: AppErrorText,
    pub similar: SimilarText,
    pub draft: DraftText,
    pub review: ReviewText,
    /// What the review step's preview shows, with the type, commitment and activity labels.
    pub preview: PreviewText,
    pub confirmation: ConfirmationText,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageText {
    pub title: String,
    pub intro: String,
    pub required_note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepText {
    pub city: String,
    pub initiative: String,
    pub about: String,
    pub review: String,
    /// The name of the progress navigation.
    pub progress: String,
    /// "Step n of total" as (n, total, text), for each position in a form of 3 or 4 steps.
    pub counts: Vec<(usize, usize, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ButtonText {
    pub next: String,
    pub back: String,
    /// Sends a new submission.
    pub send: String,
    /// Sends a submitter's edit.
    pub send_edit: String,
    /// Saves a moderator's correction.
    pub save_edit: String,
    pub sending: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HintText {
    pub city: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub types: String,
    pub commitments: String,
    /// For both dates.
    pub date: String,
    pub website: String,
    pub contact_email: String,
    pub languages: String,
    pub submitter_email: String,
    pub submitter_role: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProblemText {
    /// The heading of the error summary (and the hidden prefix of each field's error).
    pub title: String,
    /// "N answers need attention:" for N = 1, 2, … (index N - 1), one for each field.
    pub counts: Vec<String>,
}

/// The field errors, with the placeholders `{min}`, `{max}`, `{actual}` and `{value}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorText {
    pub required: String,
    pub too_short: String,
    pub too_long: String,
    pub control: String,
    pub not_http: String,
    pub invalid_link: String,
    pub invalid_email: String,
    pub direction_controls: String,
    pub invisible: String,
    pub invalid_date: String,
    pub end_before_start: String,
    pub unknown_country: String,
    pub unknown_type: String,
    pub no_type: String,
    pub too_many_types: String,
    pub unknown_commitment: String,
    pub unknown_language: String,
    pub unknown_activity: String,
    pub consent: String,
}

/// The errors of a whole form (not tied to a field).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppErrorText {
    pub too_quick: String,
    pub expired: String,
    pub automated: String,
    pub too_many: String,
    pub conflict: String,
    pub not_allowed: String,
    pub unauthorized: String,
    pub second_factor_required: String,
    pub not_found: String,
    pub too_large: String,
    pub cross_site: String,
    pub bad_request: String,
    pub unavailable: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimilarText {
    pub title: String,
    pub text: String,
    pub opens_new_tab: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftText {
    pub restored: String,
    pub discard: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewText {
    pub intro: String,
    /// Shown without JavaScript, where the review step is the end of one long form.
    pub nojs: String,
    pub private: String,
    pub invalid: String,
}

/// The texts of an initiative's preview (`islands::preview::InitiativePreview`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviewText {
    pub status: String,
    pub types: String,
    pub commitments: String,
    pub started: String,
    pub ended: String,
    pub website: String,
    pub contact: String,
    pub languages: String,
    pub labels: ChoiceLabels,
}

/// The names of the choices: initiative types, commitments, activity statuses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChoiceLabels {
    pub types: Vec<(InitiativeType, String)>,
    pub commitments: Vec<(Commitment, String)>,
    pub activity: Vec<(ActivityStatus, String)>,
}

/// After a new submission was stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfirmationText {
    pub thanks_title: String,
    /// With the placeholder `{title}`, shown isolated (`<bdi>`): see [`Self::thanks_parts`].
    pub thanks_text: String,
    pub keep_link: String,
    pub keep_link_text: String,
    pub link_label: String,
    pub copy: String,
    pub copied: String,
    pub open_page: String,
    pub another: String,
}

impl ConfirmationText {
    /// The thanks text before and after the title.
    pub fn thanks_parts(&self) -> (&str, &str) {
        self.thanks_text
            .split_once("{title}")
            .unwrap_or((self.thanks_text.as_str(), ""))
    }
}

fn label<K: PartialEq>(list: &[(K, String)], key: K) -> &str {
    list.iter()
        .find(|(k, _)| *k == key)
        .map_or("", |(_, text)| text.as_str())
}

/// `template` with each `{name}` of `values` replaced, in one pass: a value is never searched
/// for placeholders itself (a typed value may contain `{max}`).
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let found = values.iter().find_map(|(name, value)| {
            tail.strip_prefix('{')
                .and_then(|t| t.strip_prefix(name))
                .and_then(|t| t.strip_prefix('}'))
                .map(|after| (value, after))
        });
        match found {
            Some((value, after)) => {
                out.push_str(value);
                rest = after;
            }
            None => {
                out.push('{');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

impl ChoiceLabels {
    pub fn type_label(&self, t: InitiativeType) -> &str {
        label(&self.types, t)
    }

    pub fn commitment_label(&self, c: Commitment) -> &str {
        label(&self.commitments, c)
    }

    pub fn activity_label(&self, a: ActivityStatus) -> &str {
        label(&self.activity, a)
    }
}

impl StepText {
    pub fn name(&self, step: Step) -> &str {
        match step {
            Step::City => &self.city,
            Step::Initiative => &self.initiative,
            Step::AboutYou => &self.about,
            Step::Review => &self.review,
        }
    }

    /// "Step n of total".
    pub fn count(&self, n: usize, total: usize) -> &str {
        self.counts
            .iter()
            .find(|(a, b, _)| *a == n && *b == total)
            .map_or("", |(.., text)| text.as_str())
    }
}

impl FormText {
    pub fn field(&self, f: Field) -> &str {
        label(&self.fields, f)
    }

    pub fn type_label(&self, t: InitiativeType) -> &str {
        self.preview.labels.type_label(t)
    }

    pub fn commitment_label(&self, c: Commitment) -> &str {
        self.preview.labels.commitment_label(c)
    }

    pub fn activity_label(&self, a: ActivityStatus) -> &str {
        self.preview.labels.activity_label(a)
    }

    /// A country's name in the interface language (the code itself if it is not listed).
    pub fn country_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.countries
            .iter()
            .find(|(c, _)| c == code)
            .map_or(code, |(_, name)| name.as_str())
    }

    /// "N answers need attention:".
    pub fn problems(&self, n: usize) -> String {
        let counts = &self.problems.counts;
        match n.checked_sub(1).and_then(|i| counts.get(i)) {
            Some(text) => text.clone(),
            // More problems than fields never happen; keep the last form, with the number.
            None => counts
                .last()
                .map(|text| text.replace(&counts.len().to_string(), &n.to_string()))
                .unwrap_or_default(),
        }
    }

    /// A field error in the interface language.
    pub fn error(&self, e: &FieldError) -> String {
        use FieldError as E;
        let t = &self.errors;
        match e {
            E::Required => t.required.clone(),
            E::TooShort { min } => fill(&t.too_short, &[("min", &min.to_string())]),
            E::TooLong { max, actual } => fill(
                &t.too_long,
                &[("max", &max.to_string()), ("actual", &actual.to_string())],
            ),
            E::ControlCharacters => t.control.clone(),
            E::NotHttp => t.not_http.clone(),
            E::InvalidLink => t.invalid_link.clone(),
            E::InvalidEmail => t.invalid_email.clone(),
            E::DirectionControls => t.direction_controls.clone(),
            E::InvisibleCharacters => t.invisible.clone(),
            E::InvalidDate(v) => fill(&t.invalid_date, &[("value", v)]),
            E::EndBeforeStart => t.end_before_start.clone(),
            E::UnknownCountry(v) => fill(&t.unknown_country, &[("value", v)]),
            E::UnknownType(v) => fill(&t.unknown_type, &[("value", v)]),
            E::NoType => t.no_type.clone(),
            E::TooManyTypes { max } => fill(&t.too_many_types, &[("max", &max.to_string())]),
            E::UnknownCommitment(v) => fill(&t.unknown_commitment, &[("value", v)]),
            E::UnknownLanguage(v) => fill(&t.unknown_language, &[("value", v)]),
            E::UnknownActivityStatus(_) => t.unknown_activity.clone(),
            E::ConsentMissing => t.consent.clone(),
        }
    }

    /// A form-level error in the interface language (as `components::labels::app_error_text`).
    pub fn app_error(&self, e: &AppError) -> String {
        let t = &self.app_errors;
        match e {
            AppError::Retry {
                reason: RetryReason::TooQuick,
                ..
            } => t.too_quick.clone(),
            AppError::Retry {
                reason: RetryReason::Expired,
                ..
            } => t.expired.clone(),
            AppError::Automated => t.automated.clone(),
            AppError::TooManyRequests => t.too_many.clone(),
            AppError::Conflict => t.conflict.clone(),
            AppError::NotAllowed(_) => t.not_allowed.clone(),
            AppError::Unauthorized => t.unauthorized.clone(),
            AppError::SecondFactorRequired => t.second_factor_required.clone(),
            AppError::NotFound => t.not_found.clone(),
            AppError::TooLarge => t.too_large.clone(),
            AppError::CrossSite => t.cross_site.clone(),
            AppError::Request(_) => t.bad_request.clone(),
            AppError::Invalid(_) | AppError::Unavailable => t.unavailable.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors() -> ErrorText {
        let s = |text: &str| text.to_owned();
        ErrorText {
            required: s("required"),
            too_short: s("at least {min} characters"),
            too_long: s("at most {max} characters (it has {actual})"),
            control: s("control"),
            not_http: s("not http"),
            invalid_link: s("invalid link"),
            invalid_email: s("invalid email"),
            direction_controls: s("direction"),
            invisible: s("invisible"),
            invalid_date: s("“{value}” is not a date"),
            end_before_start: s("end before start"),
            unknown_country: s("“{value}” is not a country"),
            unknown_type: s("“{value}” is not a type"),
            no_type: s("no type"),
            too_many_types: s("at most {max} types"),
            unknown_commitment: s("“{value}” is not a commitment"),
            unknown_language: s("“{value}” is not a language"),
            unknown_activity: s("unknown activity"),
            consent: s("consent"),
        }
    }

    fn text() -> FormText {
        let s = |text: &str| text.to_owned();
        FormText {
            page: PageText {
                title: s("Submit"),
                intro: s("intro"),
                required_note: s("note"),
            },
            steps: StepText {
                city: s("The city"),
                initiative: s("The initiative"),
                about: s("About you"),
                review: s("Review"),
                progress: s("Progress"),
                counts: vec![(1, 3, s("Step 1 of 3")), (2, 4, s("Step 2 of 4"))],
            },
            buttons: ButtonText {
                next: s("Next"),
                back: s("Back"),
                send: s("Send"),
                send_edit: s("Send the changes"),
                save_edit: s("Save"),
                sending: s("Sending"),
            },
            fields: vec![(Field::City, s("City")), (Field::Title, s("Title"))],
            hints: HintText {
                city: s(""),
                title: s(""),
                summary: s(""),
                description: s(""),
                types: s(""),
                commitments: s(""),
                date: s(""),
                website: s(""),
                contact_email: s(""),
                languages: s(""),
                submitter_email: s(""),
                submitter_role: s(""),
            },
            required: s("required"),
            choose_country: s("Choose"),
            countries: vec![(s("DE"), s("Allemagne")), (s("PL"), s("Pologne"))],
            private_note: s(""),
            leave_empty: s(""),
            problems: ProblemText {
                title: s("There is a problem"),
                counts: vec![
                    s("1 відповідь потребує уваги:"),
                    s("2 відповіді потребують уваги:"),
                    s("5 відповідей потребують уваги:"),
                ],
            },
            errors: errors(),
            app_errors: AppErrorText {
                too_quick: s("too quick"),
                expired: s("expired"),
                automated: s("automated"),
                too_many: s("too many"),
                conflict: s("conflict"),
                not_allowed: s("not allowed"),
                unauthorized: s("unauthorized"),
                second_factor_required: s("second factor"),
                not_found: s("not found"),
                too_large: s("too large"),
                cross_site: s("cross site"),
                bad_request: s("bad request"),
                unavailable: s("unavailable"),
            },
            similar: SimilarText {
                title: s(""),
                text: s(""),
                opens_new_tab: s(""),
            },
            draft: DraftText {
                restored: s(""),
                discard: s(""),
                note: s(""),
            },
            review: ReviewText {
                intro: s(""),
                nojs: s(""),
                private: s(""),
                invalid: s(""),
            },
            preview: PreviewText {
                status: s("Status"),
                types: s("Types"),
                commitments: s("Commitments"),
                started: s("Started"),
                ended: s("Ended"),
                website: s("Website"),
                contact: s("Contact"),
                languages: s("Languages"),
                labels: ChoiceLabels {
                    types: vec![(InitiativeType::Housing, s("Logement"))],
                    commitments: vec![(Commitment::ALL[0], s("First"))],
                    activity: vec![(ActivityStatus::Ongoing, s("En cours"))],
                },
            },
            confirmation: ConfirmationText {
                thanks_title: s("Thanks"),
                thanks_text: s("“{title}” is stored."),
                keep_link: s(""),
                keep_link_text: s(""),
                link_label: s(""),
                copy: s(""),
                copied: s(""),
                open_page: s(""),
                another: s(""),
            },
        }
    }

    #[test]
    fn too_short_error_names_the_minimum() {
        assert_eq!(
            text().error(&FieldError::TooShort { min: 3 }),
            "at least 3 characters"
        );
    }

    #[test]
    fn too_long_error_names_both_numbers() {
        assert_eq!(
            text().error(&FieldError::TooLong {
                max: 150,
                actual: 162
            }),
            "at most 150 characters (it has 162)"
        );
    }

    #[test]
    fn too_many_types_error_names_the_maximum() {
        assert_eq!(
            text().error(&FieldError::TooManyTypes { max: 3 }),
            "at most 3 types"
        );
    }

    #[test]
    fn unknown_value_errors_quote_the_value() {
        let t = text();
        assert_eq!(
            t.error(&FieldError::InvalidDate("2022-13-01".into())),
            "“2022-13-01” is not a date"
        );
        assert_eq!(
            t.error(&FieldError::UnknownCountry("XX".into())),
            "“XX” is not a country"
        );
        assert_eq!(
            t.error(&FieldError::UnknownLanguage("zz".into())),
            "“zz” is not a language"
        );
    }

    #[test]
    fn a_typed_value_is_never_filled_in_itself() {
        assert_eq!(
            text().error(&FieldError::UnknownType("{value}{max}".into())),
            "“{value}{max}” is not a type"
        );
    }

    #[test]
    fn braces_that_are_no_placeholder_stay() {
        assert_eq!(
            fill("{a} {b} {", &[("b", "x")]),
            "{a} x {",
            "only the named placeholders change"
        );
    }

    #[test]
    fn errors_without_placeholders_are_the_text_as_is() {
        assert_eq!(text().error(&FieldError::Required), "required");
        assert_eq!(text().error(&FieldError::ConsentMissing), "consent");
    }

    #[test]
    fn form_errors_follow_their_kind() {
        let t = text();
        let retry = |reason| AppError::Retry {
            reason,
            ticket: String::new(),
        };
        assert_eq!(t.app_error(&retry(RetryReason::TooQuick)), "too quick");
        assert_eq!(t.app_error(&retry(RetryReason::Expired)), "expired");
        assert_eq!(t.app_error(&AppError::Invalid(Vec::new())), "unavailable");
        assert_eq!(t.app_error(&AppError::Request("x".into())), "bad request");
    }

    #[test]
    fn problem_counts_are_the_server_plurals() {
        let t = text();
        assert_eq!(t.problems(2), "2 відповіді потребують уваги:");
        assert_eq!(t.problems(3), "5 відповідей потребують уваги:");
    }

    #[test]
    fn more_problems_than_counted_keep_the_last_form_with_the_number() {
        let mut t = text();
        t.problems.counts = vec!["1 answer".into(), "2 answers".into(), "3 answers".into()];
        assert_eq!(t.problems(4), "4 answers");
    }

    #[test]
    fn labels_are_found_by_their_key() {
        let t = text();
        assert_eq!(t.field(Field::Title), "Title");
        assert_eq!(t.field(Field::Consent), "");
        assert_eq!(t.type_label(InitiativeType::Housing), "Logement");
        assert_eq!(t.commitment_label(Commitment::ALL[0]), "First");
        assert_eq!(t.activity_label(ActivityStatus::Ongoing), "En cours");
        assert_eq!(t.country_name("PL"), "Pologne");
        assert_eq!(t.country_name("XX"), "XX");
        assert_eq!(t.steps.count(2, 4), "Step 2 of 4");
        assert_eq!(t.steps.name(Step::AboutYou), "About you");
    }

    #[test]
    fn thanks_text_splits_around_the_title() {
        assert_eq!(text().confirmation.thanks_parts(), ("“", "” is stored."));
    }

    #[test]
    fn form_text_survives_a_round_trip_through_json() {
        let t = text();
        let json = serde_json::to_string(&t).expect("serialises");
        let back: FormText = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(back, t);
    }
}
