//! Every text the submission form shows, in the interface language of the page: the server
//! builds them from the locales (`components::form_text`) and hands them to the island as a
//! prop, so the browser needs no translation tables. Numbers and typed values go into the error
//! templates here; plurals are chosen on the server, once for each count that can occur
//! (Ukrainian has several plural forms).
//!
//! On the wire [`FormText`] (and [`PreviewText`]) is one flat JSON array of strings, in the
//! order the structs below declare their fields: the browser then deserialises a single
//! `Vec<String>` instead of one serde struct visitor per text struct, which would cost several
//! KB of wasm each. The lists of labels have one text for each value of the domain's `ALL`
//! array, in its order; the countries are the one list of variable length, written as their
//! number followed by code and name for each.

use crate::domain::{
    ActivityStatus, Commitment, Field, FieldError, InitiativeType, Step, UiLanguage, VersionPart,
};
use crate::wire::json::{FromJson, Json};
use crate::wire::{AppError, RetryReason};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;

/// The strings of the wire, read in order. Reading never stops early: a missing string reads
/// as empty and marks the list as short, checked once at the end (an early return at each of
/// the 150 texts would drop what was read so far, a cleanup path for each: KB of wasm).
struct Wire {
    it: std::vec::IntoIter<String>,
    short: bool,
}

impl Wire {
    fn new(texts: Vec<String>) -> Self {
        Self {
            it: texts.into_iter(),
            short: false,
        }
    }

    // A call for each of the 150 texts, not the iterator's code inlined in each.
    #[inline(never)]
    fn next(&mut self) -> String {
        self.it.next().unwrap_or_else(|| {
            self.short = true;
            String::new()
        })
    }

    /// What was read, if the strings were neither too few nor too many.
    fn finish<T>(self, value: T) -> Result<T, WireError> {
        match (self.short, self.it.len()) {
            (false, 0) => Ok(value),
            (true, _) => Err(WireError::TooFew),
            (false, extra) => Err(WireError::TooMany(extra)),
        }
    }
}

/// Why a list of strings is not the texts.
#[derive(Debug, PartialEq, Eq)]
enum WireError {
    /// Too few strings, or the countries' count is not a number.
    TooFew,
    TooMany(usize),
}

/// A value that goes onto the wire as a run of strings, and back.
trait Flat: Sized {
    fn write<'a>(&'a self, out: &mut Vec<Cow<'a, str>>);
    fn read(wire: &mut Wire) -> Self;
}

impl Flat for String {
    fn write<'a>(&'a self, out: &mut Vec<Cow<'a, str>>) {
        out.push(Cow::Borrowed(self));
    }

    fn read(wire: &mut Wire) -> Self {
        wire.next()
    }
}

/// A fixed list: its length is known on both sides.
impl<const N: usize> Flat for [String; N] {
    fn write<'a>(&'a self, out: &mut Vec<Cow<'a, str>>) {
        out.extend(self.iter().map(|s| Cow::Borrowed(s.as_str())));
    }

    fn read(wire: &mut Wire) -> Self {
        std::array::from_fn(|_| wire.next())
    }
}

/// The countries as (code, name): their number, then code and name for each.
impl Flat for Vec<(String, String)> {
    fn write<'a>(&'a self, out: &mut Vec<Cow<'a, str>>) {
        out.push(Cow::Owned(self.len().to_string()));
        for (code, name) in self {
            out.push(Cow::Borrowed(code));
            out.push(Cow::Borrowed(name));
        }
    }

    fn read(wire: &mut Wire) -> Self {
        let Ok(n) = wire.next().parse::<usize>() else {
            wire.short = true;
            return Vec::new();
        };
        // Never more pairs than strings are left (a wrong count must not allocate wildly).
        let n = n.min(wire.it.len() / 2 + 1);
        (0..n).map(|_| (wire.next(), wire.next())).collect()
    }
}

fn to_wire<T: Flat, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let mut out = Vec::new();
    value.write(&mut out);
    out.serialize(serializer)
}

/// `what` names the type in the error messages.
fn from_wire<'de, T: Flat, D: Deserializer<'de>>(
    deserializer: D,
    what: &str,
) -> Result<T, D::Error> {
    let texts = Vec::<String>::deserialize(deserializer)?;
    let given = texts.len();
    let mut wire = Wire::new(texts);
    let value = T::read(&mut wire);
    wire.finish(value).map_err(|e| match e {
        WireError::TooFew => D::Error::custom(format_args!(
            "{what}: {given} texts are too few (or the countries' count is wrong)"
        )),
        WireError::TooMany(extra) => {
            D::Error::custom(format_args!("{what}: {given} texts, {extra} too many"))
        }
    })
}

/// Declares structs of texts, each field once: the struct, and how it goes onto the wire and
/// back (its fields in the order written).
macro_rules! texts {
    ($(
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$field_meta:meta])* pub $field:ident: $ty:ty, )*
        }
    )*) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name {
            $( $(#[$field_meta])* pub $field: $ty, )*
        }

        impl Flat for $name {
            fn write<'a>(&'a self, out: &mut Vec<Cow<'a, str>>) {
                $( Flat::write(&self.$field, out); )*
            }

            fn read(wire: &mut Wire) -> Self {
                Self { $( $field: Flat::read(wire), )* }
            }
        }
    )*};
}

/// The (n, total) of each "Step n of total" in [`StepText::counts`]: forms of 3 and 4 steps.
pub const STEP_COUNTS: [(usize, usize); 7] =
    [(1, 3), (2, 3), (3, 3), (1, 4), (2, 4), (3, 4), (4, 4)];

texts! {
    /// The form's texts. Built by `crate::components::form_text::form_text` on the server.
    pub struct FormText {
        /// The `/submit` page around a new submission: heading, intro, note on required fields.
        pub page: PageText,
        pub steps: StepText,
        pub buttons: ButtonText,
        /// The label of each field of [`Field::ALL`], in its order (the consent box's label is
        /// its field label).
        pub fields: [String; Field::ALL.len()],
        pub hints: HintText,
        /// "required", after the label of a required field.
        pub required: String,
        /// The empty first choice of the country list.
        pub choose_country: String,
        /// The countries as (code, name), sorted by name in the interface language.
        pub countries: Vec<(String, String)>,
        /// The note that the "about you" answers stay private.
        pub private_note: String,
        /// The link beside it to the privacy notice (`/privacy`).
        pub privacy_link: String,
        /// The folded-away part with the versions in the other languages: its summary line
        /// and the hint under it (each version's legend is the preview's).
        pub versions: String,
        pub versions_hint: String,
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
        /// The page's address language (`uk` from `?lang=uk`), which the form's action and links
        /// keep so the reader stays in it; empty when the address names none.
        pub address_language: String,
    }

    pub struct PageText {
        pub title: String,
        pub intro: String,
        pub required_note: String,
    }

    pub struct StepText {
        pub city: String,
        pub initiative: String,
        pub about: String,
        pub review: String,
        /// The name of the progress navigation.
        pub progress: String,
        /// "Step n of total" for each (n, total) of [`STEP_COUNTS`], in its order.
        pub counts: [String; STEP_COUNTS.len()],
    }

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

    pub struct HintText {
        pub city: String,
        pub text_language: String,
        /// The title's, summary's and description's hints are their versions' hints too.
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

    pub struct ProblemText {
        /// The heading of the error summary (and the hidden prefix of each field's error).
        pub title: String,
        /// "N answers need attention:" for N = 1, 2, … (index N - 1), one for each field.
        pub counts: [String; Field::ALL.len()],
    }

    /// The field errors, with the placeholders `{min}`, `{max}`, `{actual}` and `{value}`.
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
        pub unknown_text_language: String,
        pub unknown_version_source: String,
        pub version_in_original_language: String,
    }

    /// The errors of a whole form (not tied to a field).
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

    pub struct SimilarText {
        pub title: String,
        pub text: String,
        pub opens_new_tab: String,
    }

    pub struct DraftText {
        pub restored: String,
        pub discard: String,
        pub note: String,
    }

    pub struct ReviewText {
        pub intro: String,
        /// Shown without JavaScript, where the review step is the end of one long form.
        pub nojs: String,
        pub private: String,
        pub invalid: String,
    }

    /// The texts of an initiative's preview (`islands::preview::InitiativePreview`).
    pub struct PreviewText {
        pub status: String,
        pub types: String,
        pub commitments: String,
        pub started: String,
        pub ended: String,
        pub website: String,
        pub contact: String,
        pub languages: String,
        /// "Language of the text", before the original's language.
        pub text_language: String,
        /// The heading of the version in each language of `UiLanguage::ALL`, in its order
        /// ("French version").
        pub versions: [String; UiLanguage::ALL.len()],
        pub labels: ChoiceLabels,
    }

    /// The names of the choices, one for each value of the domain's `ALL`, in its order.
    pub struct ChoiceLabels {
        pub types: [String; InitiativeType::ALL.len()],
        pub commitments: [String; Commitment::ALL.len()],
        pub activity: [String; ActivityStatus::ALL.len()],
    }

    /// After a new submission was stored.
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
}

impl Serialize for FormText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        to_wire(self, serializer)
    }
}

impl<'de> Deserialize<'de> for FormText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        from_wire(deserializer, "FormText")
    }
}

/// The browser reads the same flat array with `wire::json` (no serde_json in its wasm).
impl FromJson for FormText {
    fn from_json(value: Json) -> Option<Self> {
        let mut wire = Wire::new(Vec::<String>::from_json(value)?);
        let text = Self::read(&mut wire);
        wire.finish(text).ok()
    }
}

impl Serialize for PreviewText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        to_wire(self, serializer)
    }
}

impl<'de> Deserialize<'de> for PreviewText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        from_wire(deserializer, "PreviewText")
    }
}

impl HintText {
    /// The hint under a field's label, for the fields that have one.
    pub fn of(&self, field: Field) -> Option<&str> {
        use Field as F;
        Some(match field {
            F::City => &self.city,
            F::TextLanguage => &self.text_language,
            F::Title | F::Version(_, VersionPart::Title) => &self.title,
            F::Summary | F::Version(_, VersionPart::Summary) => &self.summary,
            F::Description | F::Version(_, VersionPart::Description) => &self.description,
            F::Types => &self.types,
            F::Commitments => &self.commitments,
            F::StartDate | F::EndDate => &self.date,
            F::Website => &self.website,
            F::ContactEmail => &self.contact_email,
            F::Languages => &self.languages,
            F::SubmitterEmail => &self.submitter_email,
            F::SubmitterRole => &self.submitter_role,
            F::Country | F::Activity | F::SubmitterName | F::Consent => return None,
        })
    }
}

impl ConfirmationText {
    /// The thanks text before and after the title.
    pub fn thanks_parts(&self) -> (&str, &str) {
        self.thanks_text
            .split_once("{title}")
            .unwrap_or((self.thanks_text.as_str(), ""))
    }
}

/// The text of `key`, from texts in the order of `keys`.
fn label<'a, K: PartialEq, const N: usize>(
    keys: &[K; N],
    texts: &'a [String; N],
    key: K,
) -> &'a str {
    keys.iter()
        .position(|k| *k == key)
        .map_or("", |i| texts[i].as_str())
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
        label(&InitiativeType::ALL, &self.types, t)
    }

    pub fn commitment_label(&self, c: Commitment) -> &str {
        label(&Commitment::ALL, &self.commitments, c)
    }

    pub fn activity_label(&self, a: ActivityStatus) -> &str {
        label(&ActivityStatus::ALL, &self.activity, a)
    }
}

impl PreviewText {
    /// The heading of the version in `language`.
    pub fn version(&self, language: UiLanguage) -> &str {
        label(&UiLanguage::ALL, &self.versions, language)
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
        label(&STEP_COUNTS, &self.counts, (n, total))
    }
}

impl FormText {
    /// `href` (a path of this site) with the page's address language, if it has one.
    pub fn keep_language(&self, href: &str) -> String {
        match crate::domain::UiLanguage::from_code(&self.address_language) {
            Some(language) => crate::domain::with_language(href, Some(language)),
            None => href.to_owned(),
        }
    }

    pub fn field(&self, f: Field) -> &str {
        label(&Field::ALL, &self.fields, f)
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
            E::UnknownTextLanguage(v) => fill(&t.unknown_text_language, &[("value", v)]),
            E::UnknownVersionSource(v) => fill(&t.unknown_version_source, &[("value", v)]),
            E::VersionInOriginalLanguage => t.version_in_original_language.clone(),
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
            unknown_text_language: s("{value}?"),
            unknown_version_source: s("{value}?"),
            version_in_original_language: s("same"),
        }
    }

    /// The texts of `keys`, from `known` (the others empty).
    fn labels<K: PartialEq + Copy, const N: usize>(
        keys: [K; N],
        known: &[(K, &str)],
    ) -> [String; N] {
        keys.map(|key| {
            known
                .iter()
                .find(|(k, _)| *k == key)
                .map_or_else(String::new, |(_, text)| (*text).to_owned())
        })
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
                counts: labels(
                    STEP_COUNTS,
                    &[((1, 3), "Step 1 of 3"), ((2, 4), "Step 2 of 4")],
                ),
            },
            buttons: ButtonText {
                next: s("Next"),
                back: s("Back"),
                send: s("Send"),
                send_edit: s("Send the changes"),
                save_edit: s("Save"),
                sending: s("Sending"),
            },
            fields: labels(
                Field::ALL,
                &[(Field::City, "City"), (Field::Title, "Title")],
            ),
            hints: HintText {
                city: s(""),
                text_language: s("The language of the text below."),
                title: s("3 to 150 characters."),
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
            privacy_link: s("Privacy notice"),
            versions: s("Versions in other languages"),
            versions_hint: s(""),
            leave_empty: s(""),
            problems: ProblemText {
                title: s("There is a problem"),
                counts: labels(
                    std::array::from_fn(|i| i + 1),
                    &[
                        (1, "1 відповідь потребує уваги:"),
                        (2, "2 відповіді потребують уваги:"),
                        (5, "5 відповідей потребують уваги:"),
                    ],
                ),
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
                text_language: s("Language of the text"),
                versions: labels(UiLanguage::ALL, &[(UiLanguage::Fr, "French version")]),
                labels: ChoiceLabels {
                    types: labels(
                        InitiativeType::ALL,
                        &[(InitiativeType::Housing, "Logement")],
                    ),
                    commitments: labels(Commitment::ALL, &[(Commitment::ALL[0], "First")]),
                    activity: labels(
                        ActivityStatus::ALL,
                        &[(ActivityStatus::Ongoing, "En cours")],
                    ),
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
            address_language: String::new(),
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
        assert_eq!(t.problems(5), "5 відповідей потребують уваги:");
    }

    #[test]
    fn more_problems_than_counted_keep_the_last_form_with_the_number() {
        let mut t = text();
        t.problems.counts = std::array::from_fn(|i| format!("{} answers", i + 1));
        assert_eq!(t.problems(18), "18 answers");
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
    fn a_versions_parts_have_the_hints_of_the_originals_parts() {
        let t = text();
        let title_fr = Field::Version(UiLanguage::Fr, VersionPart::Title);
        assert_eq!(t.hints.of(title_fr), t.hints.of(Field::Title));
        assert_eq!(t.hints.of(title_fr), Some("3 to 150 characters."));
        assert_eq!(
            t.hints.of(Field::TextLanguage),
            Some("The language of the text below.")
        );
        assert_eq!(t.preview.version(UiLanguage::Fr), "French version");
        assert_eq!(t.preview.version(UiLanguage::Uk), "");
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

    #[test]
    fn form_text_crosses_the_wire_as_one_flat_list_of_strings() {
        let json = serde_json::to_value(text()).expect("serialises");
        let list = json.as_array().expect("an array");
        assert!(list.iter().all(|v| v.is_string()), "{json}");
        // The countries: their number, then code and name for each.
        let at = list
            .iter()
            .position(|v| v == "Choose")
            .expect("choose_country")
            + 1;
        assert_eq!(list[at..at + 5], ["2", "DE", "Allemagne", "PL", "Pologne"]);
    }

    #[test]
    fn preview_text_survives_a_round_trip_through_json() {
        let t = text().preview;
        let json = serde_json::to_string(&t).expect("serialises");
        assert_eq!(
            serde_json::from_str::<PreviewText>(&json).expect("deserialises"),
            t
        );
    }

    #[test]
    fn a_truncated_or_padded_list_is_refused_with_an_error() {
        let full: Vec<String> =
            serde_json::from_value(serde_json::to_value(text()).expect("serialises"))
                .expect("strings");
        for keep in [0, 1, full.len() / 2, full.len() - 2, full.len() - 1] {
            let err = serde_json::from_value::<FormText>(full[..keep].into())
                .expect_err("too few texts are refused");
            assert!(err.to_string().contains("too few"), "{keep}: {err}");
        }
        let mut padded = full.clone();
        padded.push("more".into());
        let err = serde_json::from_value::<FormText>(padded.into()).expect_err("too many");
        assert!(err.to_string().contains("1 too many"), "{err}");
        assert!(serde_json::from_str::<FormText>("{}").is_err());
        assert!(serde_json::from_value::<FormText>(full.into()).is_ok());
    }
}
