//! The submission form as typed (`SubmitForm`) and as checked (`Submission`). The browser runs
//! the same `TryFrom` as the server, field by field as a person leaves each field, so both give
//! the same specific errors; the server's answer is the authority.

use super::{
    is_blank, parse_types, sorted_unique, tidy_translations, trim_text, ActivityStatus, Commitment,
    ContactEmail, CountryCode, Description, FieldError, IsoDate, LanguageCode, NewInitiative,
    PersonName, PlaceName, Summary, Title, Translation, UiLanguage, VersionPart, VersionSource,
    WebLink,
};
use serde::{Deserialize, Serialize};

/// Every field of the form, in the order of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Field {
    City,
    Country,
    /// The language the title, summary and description are written in.
    TextLanguage,
    Title,
    Summary,
    Description,
    /// A part of the version in another language (optional, folded away in the form).
    Version(UiLanguage, VersionPart),
    Types,
    Commitments,
    Activity,
    StartDate,
    EndDate,
    Website,
    ContactEmail,
    Languages,
    SubmitterName,
    SubmitterEmail,
    SubmitterRole,
    Consent,
}

/// The form's steps; the last one (review) has no fields of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Step {
    City,
    Initiative,
    AboutYou,
    Review,
}

impl Step {
    pub const ALL: [Step; 4] = [Self::City, Self::Initiative, Self::AboutYou, Self::Review];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn from_index(i: usize) -> Self {
        Self::ALL[i.min(Self::ALL.len() - 1)]
    }

    pub fn fields(self) -> &'static [Field] {
        use Field as F;
        match self {
            Self::City => &[F::City, F::Country],
            Self::Initiative => &[
                F::TextLanguage,
                F::Title,
                F::Summary,
                F::Description,
                F::Version(UiLanguage::En, VersionPart::Title),
                F::Version(UiLanguage::En, VersionPart::Summary),
                F::Version(UiLanguage::En, VersionPart::Description),
                F::Version(UiLanguage::Fr, VersionPart::Title),
                F::Version(UiLanguage::Fr, VersionPart::Summary),
                F::Version(UiLanguage::Fr, VersionPart::Description),
                F::Version(UiLanguage::Uk, VersionPart::Title),
                F::Version(UiLanguage::Uk, VersionPart::Summary),
                F::Version(UiLanguage::Uk, VersionPart::Description),
                F::Types,
                F::Commitments,
                F::Activity,
                F::StartDate,
                F::EndDate,
                F::Website,
                F::ContactEmail,
                F::Languages,
            ],
            Self::AboutYou => &[
                F::SubmitterName,
                F::SubmitterEmail,
                F::SubmitterRole,
                F::Consent,
            ],
            Self::Review => &[],
        }
    }
}

impl Field {
    pub const ALL: [Field; 27] = [
        Self::City,
        Self::Country,
        Self::TextLanguage,
        Self::Title,
        Self::Summary,
        Self::Description,
        Self::Version(UiLanguage::En, VersionPart::Title),
        Self::Version(UiLanguage::En, VersionPart::Summary),
        Self::Version(UiLanguage::En, VersionPart::Description),
        Self::Version(UiLanguage::Fr, VersionPart::Title),
        Self::Version(UiLanguage::Fr, VersionPart::Summary),
        Self::Version(UiLanguage::Fr, VersionPart::Description),
        Self::Version(UiLanguage::Uk, VersionPart::Title),
        Self::Version(UiLanguage::Uk, VersionPart::Summary),
        Self::Version(UiLanguage::Uk, VersionPart::Description),
        Self::Types,
        Self::Commitments,
        Self::Activity,
        Self::StartDate,
        Self::EndDate,
        Self::Website,
        Self::ContactEmail,
        Self::Languages,
        Self::SubmitterName,
        Self::SubmitterEmail,
        Self::SubmitterRole,
        Self::Consent,
    ];

    /// Whether the field must be answered: its label says "required".
    pub const fn is_required(self) -> bool {
        matches!(
            self,
            Self::City
                | Self::Country
                | Self::TextLanguage
                | Self::Title
                | Self::Summary
                | Self::Types
                | Self::Activity
                | Self::SubmitterEmail
                | Self::Consent
        )
    }

    /// The form control's `name` (and, for single controls, its `id`).
    pub fn name(self) -> &'static str {
        match self {
            Self::City => "city",
            Self::Country => "country",
            Self::TextLanguage => "text_language",
            Self::Version(language, part) => version_name(language, part),
            Self::Title => "title",
            Self::Summary => "summary",
            Self::Description => "description",
            Self::Types => "types",
            Self::Commitments => "commitments",
            Self::Activity => "activity",
            Self::StartDate => "start_date",
            Self::EndDate => "end_date",
            Self::Website => "website",
            Self::ContactEmail => "contact_email",
            Self::Languages => "languages",
            Self::SubmitterName => "submitter_name",
            Self::SubmitterEmail => "submitter_email",
            Self::SubmitterRole => "submitter_role",
            Self::Consent => "consent",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The id the error summary links to: the control itself, or the group's first box.
    pub fn anchor(self) -> String {
        match self {
            Self::Types | Self::Commitments | Self::Languages => format!("{}-group", self.name()),
            _ => self.name().to_owned(),
        }
    }

    pub fn step(self) -> Step {
        Step::ALL
            .into_iter()
            .find(|s| s.fields().contains(&self))
            .unwrap_or(Step::Review)
    }
}

/// The form control's name of a part of a version: `title_fr`, `summary_uk`…
const fn version_name(language: UiLanguage, part: VersionPart) -> &'static str {
    use UiLanguage::{En, Fr, Uk};
    use VersionPart::{Description, Summary, Title};
    match (language, part) {
        (En, Title) => "title_en",
        (En, Summary) => "summary_en",
        (En, Description) => "description_en",
        (Fr, Title) => "title_fr",
        (Fr, Summary) => "summary_fr",
        (Fr, Description) => "description_fr",
        (Uk, Title) => "title_uk",
        (Uk, Summary) => "summary_uk",
        (Uk, Description) => "description_uk",
    }
}

/// A field and why its value was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    pub field: Field,
    pub error: FieldError,
}

/// The form exactly as typed. Every field defaults to empty, so a form posted without
/// JavaScript (`application/x-www-form-urlencoded`) and a draft from the browser's storage both
/// deserialize even when fields are missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SubmitForm {
    pub city: String,
    pub country: String,
    /// The language of `title`, `summary` and `description`: `en`, `fr` or `uk`.
    pub text_language: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    /// The versions in the other languages, as typed (each empty when there is none; the
    /// one in `text_language` must stay empty).
    pub title_en: String,
    pub summary_en: String,
    pub description_en: String,
    pub title_fr: String,
    pub summary_fr: String,
    pub description_fr: String,
    pub title_uk: String,
    pub summary_uk: String,
    pub description_uk: String,
    pub types: Vec<String>,
    pub commitments: Vec<String>,
    pub activity: String,
    pub start_date: String,
    pub end_date: String,
    pub website: String,
    pub contact_email: String,
    pub languages: Vec<String>,
    pub submitter_name: String,
    pub submitter_email: String,
    pub submitter_role: String,
    /// `Some("yes")` when the consent box is ticked.
    pub consent: Option<String>,
    /// A field hidden from people; bots fill it in.
    pub leave_empty: String,
    /// When the form was shown, signed by the server (see `server::accounts::guard`).
    pub ticket: String,
}

/// Where one member of a [`SubmitForm`] is kept, by its name as posted (the form's `name`, the
/// JSON member). The browser reads the form's controls and writes and reads the form's JSON
/// through [`SubmitForm::MEMBERS`], one list instead of a copy of the names in each place.
#[derive(Clone, Copy)]
pub enum FormMember {
    /// One text.
    Text(
        fn(&SubmitForm) -> &String,
        fn(&mut SubmitForm) -> &mut String,
    ),
    /// The values of a group of boxes.
    List(
        fn(&SubmitForm) -> &Vec<String>,
        fn(&mut SubmitForm) -> &mut Vec<String>,
    ),
    /// The consent box: `Some("yes")` when ticked.
    Consent,
}

macro_rules! form_members {
    ($($text:ident),* ; lists $($list:ident),* ; $consent:ident) => {
        impl SubmitForm {
            /// Every member with its name, in the order serde has them.
            pub const MEMBERS: &'static [(&'static str, FormMember)] = &[
                $((stringify!($text), FormMember::Text(|f| &f.$text, |f| &mut f.$text)),)*
                $((stringify!($list), FormMember::List(|f| &f.$list, |f| &mut f.$list)),)*
                (stringify!($consent), FormMember::Consent),
            ];
        }

        /// Fails to compile when a member is added to `SubmitForm` but not to the list above.
        #[allow(dead_code)]
        fn every_member_is_listed(f: SubmitForm) {
            let SubmitForm { $($text: _,)* $($list: _,)* $consent: _ } = f;
        }
    };
}

form_members!(
    city, country, text_language, title, summary, description,
    title_en, summary_en, description_en, title_fr, summary_fr, description_fr,
    title_uk, summary_uk, description_uk,
    activity, start_date, end_date, website, contact_email,
    submitter_name, submitter_email, submitter_role, leave_empty, ticket;
    lists types, commitments, languages;
    consent
);

/// Who sent a submission: private, seen only by moderators. Only the e-mail address is needed
/// (the private link and the decisions are sent to it); name and role are optional, so nobody
/// has to give more than the review needs (issue 19).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Submitter {
    pub name: Option<PersonName>,
    pub email: ContactEmail,
    /// Role and organisation, e.g. "Refugee coordinator, City of Gdańsk".
    pub role: Option<PlaceName>,
}

impl Submitter {
    /// The name as stored and greeted ("" when not given).
    pub fn name_text(&self) -> &str {
        self.name.as_ref().map_or("", |n| n.as_str())
    }

    /// The role as stored ("" when not given).
    pub fn role_text(&self) -> &str {
        self.role.as_ref().map_or("", |r| r.as_str())
    }
}

/// A checked submission: the public initiative and its private submitter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    pub initiative: NewInitiative,
    pub submitter: Submitter,
}

fn optional<T>(
    text: &str,
    parse: impl Fn(&str) -> Result<T, FieldError>,
) -> Result<Option<T>, FieldError> {
    match trim_text(text) {
        "" => Ok(None),
        text => parse(text).map(Some),
    }
}

impl TryFrom<&SubmitForm> for Submission {
    type Error = Vec<FieldProblem>;

    /// Checks every field and reports every problem at once, in the order of the form.
    fn try_from(f: &SubmitForm) -> Result<Self, Self::Error> {
        let mut problems = Vec::new();
        macro_rules! check {
            ($field:expr, $result:expr) => {
                match $result {
                    Ok(v) => Some(v),
                    Err(error) => {
                        problems.push(FieldProblem {
                            field: $field,
                            error,
                        });
                        None
                    }
                }
            };
        }
        let city = check!(Field::City, PlaceName::parse(&f.city));
        let country = check!(
            Field::Country,
            if is_blank(&f.country) {
                Err(FieldError::Required)
            } else {
                CountryCode::parse(&f.country)
            }
        );
        let text_language = check!(
            Field::TextLanguage,
            if is_blank(&f.text_language) {
                Err(FieldError::Required)
            } else {
                UiLanguage::from_code(&f.text_language).ok_or_else(|| {
                    FieldError::UnknownTextLanguage(super::echo(&f.text_language, 20))
                })
            }
        );
        let title = check!(Field::Title, Title::parse(&f.title));
        let summary = check!(Field::Summary, Summary::parse(&f.summary));
        let description = check!(
            Field::Description,
            optional(&f.description, Description::parse)
        );
        let mut translations = Vec::new();
        for language in UiLanguage::ALL {
            let [title, summary, description] = f.version(language);
            if text_language == Some(language) {
                // Text typed for the original's own language would be dropped: say so.
                for (part, text) in VersionPart::ALL
                    .into_iter()
                    .zip([title, summary, description])
                {
                    if !is_blank(text) {
                        problems.push(FieldProblem {
                            field: Field::Version(language, part),
                            error: FieldError::VersionInOriginalLanguage,
                        });
                    }
                }
                continue;
            }
            match Translation::parse(
                language,
                title,
                summary,
                description,
                VersionSource::Submitter,
            ) {
                Ok(Some(t)) => translations.push(t),
                Ok(None) => {}
                Err(parts) => {
                    problems.extend(parts.into_iter().map(|(part, error)| FieldProblem {
                        field: Field::Version(language, part),
                        error,
                    }))
                }
            }
        }
        let types = check!(Field::Types, parse_types(&f.types));
        let commitments = check!(
            Field::Commitments,
            f.commitments
                .iter()
                .map(|c| Commitment::parse(c))
                .collect::<Result<Vec<_>, _>>()
        );
        let activity = check!(
            Field::Activity,
            if is_blank(&f.activity) {
                Err(FieldError::Required)
            } else {
                ActivityStatus::parse(&f.activity)
            }
        );
        let start_date = check!(Field::StartDate, optional(&f.start_date, IsoDate::parse));
        let end_date = check!(Field::EndDate, optional(&f.end_date, IsoDate::parse));
        if let (Some(Some(start)), Some(Some(end))) = (start_date, end_date) {
            if end < start {
                problems.push(FieldProblem {
                    field: Field::EndDate,
                    error: FieldError::EndBeforeStart,
                });
            }
        }
        let website = check!(Field::Website, optional(&f.website, WebLink::parse));
        let contact_email = check!(
            Field::ContactEmail,
            optional(&f.contact_email, ContactEmail::parse)
        );
        let languages = check!(
            Field::Languages,
            f.languages
                .iter()
                .map(|l| LanguageCode::parse(l))
                .collect::<Result<Vec<_>, _>>()
        );
        let name = check!(
            Field::SubmitterName,
            optional(&f.submitter_name, PersonName::parse)
        );
        let email = check!(
            Field::SubmitterEmail,
            ContactEmail::parse(&f.submitter_email)
        );
        let role = check!(
            Field::SubmitterRole,
            optional(&f.submitter_role, PlaceName::parse)
        );
        if f.consent.as_deref().map_or(true, is_blank) {
            problems.push(FieldProblem {
                field: Field::Consent,
                error: FieldError::ConsentMissing,
            });
        }
        super::sort_short_by_key(&mut problems, |p| p.field);
        let all = (|| {
            let text_language = text_language?;
            Some(Submission {
                initiative: NewInitiative {
                    text_language,
                    translations: tidy_translations(text_language, translations),
                    title: title?,
                    summary: summary?,
                    description: description?,
                    city: city?,
                    country: country?,
                    types: types?,
                    commitments: sorted_unique(commitments?),
                    activity: activity?,
                    start_date: start_date?,
                    end_date: end_date?,
                    website: website?,
                    contact_email: contact_email?,
                    languages: sorted_unique(languages?),
                    source: None,
                    confirmed_on: None,
                },
                submitter: Submitter {
                    name: name?,
                    email: email?,
                    role: role?,
                },
            })
        })();
        match all {
            Some(s) if problems.is_empty() => Ok(s),
            _ => Err(problems),
        }
    }
}

impl SubmitForm {
    /// The problems of the given fields only: what the browser shows as a person leaves a field
    /// or presses Next.
    pub fn problems_in(&self, fields: &[Field]) -> Vec<FieldProblem> {
        match Submission::try_from(self) {
            Ok(_) => Vec::new(),
            Err(all) => all
                .into_iter()
                .filter(|p| fields.contains(&p.field))
                .collect(),
        }
    }

    /// Only the public part, checked: what a moderator edits (the submitter's fields are not
    /// theirs to change, and imported initiatives have none).
    ///
    /// # Errors
    /// The problems of the initiative's fields.
    pub fn initiative(&self) -> Result<NewInitiative, Vec<FieldProblem>> {
        let with_placeholder_submitter = SubmitForm {
            submitter_name: "-".into(),
            submitter_email: "moderator@icc.example".into(),
            submitter_role: "-".into(),
            consent: Some("yes".into()),
            ..self.clone()
        };
        Submission::try_from(&with_placeholder_submitter).map(|s| s.initiative)
    }

    /// The typed title, summary and description of the version in `language`.
    pub fn version(&self, language: UiLanguage) -> [&str; 3] {
        match language {
            UiLanguage::En => [&self.title_en, &self.summary_en, &self.description_en],
            UiLanguage::Fr => [&self.title_fr, &self.summary_fr, &self.description_fr],
            UiLanguage::Uk => [&self.title_uk, &self.summary_uk, &self.description_uk],
        }
    }

    /// The typed part of the version in `language`, to change.
    pub fn version_part_mut(&mut self, language: UiLanguage, part: VersionPart) -> &mut String {
        use UiLanguage::{En, Fr, Uk};
        use VersionPart::{Description, Summary, Title};
        match (language, part) {
            (En, Title) => &mut self.title_en,
            (En, Summary) => &mut self.summary_en,
            (En, Description) => &mut self.description_en,
            (Fr, Title) => &mut self.title_fr,
            (Fr, Summary) => &mut self.summary_fr,
            (Fr, Description) => &mut self.description_fr,
            (Uk, Title) => &mut self.title_uk,
            (Uk, Summary) => &mut self.summary_uk,
            (Uk, Description) => &mut self.description_uk,
        }
    }

    /// The form filled in with a stored submission, for editing it.
    pub fn from_submission(s: &Submission) -> Self {
        let i = &s.initiative;
        let mut form = Self::from_submission_without_versions(s);
        for t in &i.translations {
            *form.version_part_mut(t.language, VersionPart::Title) = t.title.as_str().to_owned();
            *form.version_part_mut(t.language, VersionPart::Summary) =
                t.summary.as_str().to_owned();
            *form.version_part_mut(t.language, VersionPart::Description) = t
                .description
                .as_ref()
                .map(|d| d.as_str().to_owned())
                .unwrap_or_default();
        }
        form
    }

    fn from_submission_without_versions(s: &Submission) -> Self {
        let i = &s.initiative;
        Self {
            text_language: i.text_language.as_str().to_owned(),
            city: i.city.as_str().to_owned(),
            country: i.country.as_str().to_owned(),
            title: i.title.as_str().to_owned(),
            summary: i.summary.as_str().to_owned(),
            description: i
                .description
                .as_ref()
                .map(|d| d.as_str().to_owned())
                .unwrap_or_default(),
            types: i.types.iter().map(|t| t.slug().to_owned()).collect(),
            commitments: i
                .commitments
                .iter()
                .map(|c| c.number().to_string())
                .collect(),
            activity: i.activity.as_str().to_owned(),
            start_date: i.start_date.map(|d| d.to_string()).unwrap_or_default(),
            end_date: i.end_date.map(|d| d.to_string()).unwrap_or_default(),
            website: i
                .website
                .as_ref()
                .map(|w| w.as_str().to_owned())
                .unwrap_or_default(),
            contact_email: i
                .contact_email
                .as_ref()
                .map(|e| e.as_str().to_owned())
                .unwrap_or_default(),
            languages: i.languages.iter().map(|l| l.as_str().to_owned()).collect(),
            submitter_name: s.submitter.name_text().to_owned(),
            submitter_email: s.submitter.email.as_str().to_owned(),
            submitter_role: s.submitter.role_text().to_owned(),
            consent: Some("yes".to_owned()),
            leave_empty: String::new(),
            ticket: String::new(),
            ..Self::default()
        }
    }

    /// The value of a one-value field as typed (lists give their values joined by commas).
    pub fn value(&self, field: Field) -> String {
        use Field as F;
        match field {
            F::City => self.city.clone(),
            F::Country => self.country.clone(),
            F::TextLanguage => self.text_language.clone(),
            F::Version(language, part) => self.version(language)[part as usize].to_owned(),
            F::Title => self.title.clone(),
            F::Summary => self.summary.clone(),
            F::Description => self.description.clone(),
            F::Types => self.types.join(","),
            F::Commitments => self.commitments.join(","),
            F::Activity => self.activity.clone(),
            F::StartDate => self.start_date.clone(),
            F::EndDate => self.end_date.clone(),
            F::Website => self.website.clone(),
            F::ContactEmail => self.contact_email.clone(),
            F::Languages => self.languages.join(","),
            F::SubmitterName => self.submitter_name.clone(),
            F::SubmitterEmail => self.submitter_email.clone(),
            F::SubmitterRole => self.submitter_role.clone(),
            F::Consent => self.consent.clone().unwrap_or_default(),
        }
    }

    /// Whether a list field holds `value`.
    pub fn has(&self, field: Field, value: &str) -> bool {
        let list = match field {
            Field::Types => &self.types,
            Field::Commitments => &self.commitments,
            Field::Languages => &self.languages,
            _ => return false,
        };
        list.iter().any(|v| v == value)
    }
}

/// Which public fields differ between the published version and a revision: what a moderator
/// reviews before publishing an edit.
pub fn changed_fields(published: &NewInitiative, revision: &NewInitiative) -> Vec<Field> {
    let mut changed = Vec::new();
    let mut differs = |field, a: bool| {
        if a {
            changed.push(field);
        }
    };
    differs(Field::City, published.city != revision.city);
    differs(Field::Country, published.country != revision.country);
    differs(
        Field::TextLanguage,
        published.text_language != revision.text_language,
    );
    differs(Field::Title, published.title != revision.title);
    differs(Field::Summary, published.summary != revision.summary);
    differs(
        Field::Description,
        published.description != revision.description,
    );
    for language in UiLanguage::ALL {
        let version = |i: &NewInitiative| {
            i.translations
                .iter()
                .find(|t| t.language == language)
                .map(|t| (t.title.clone(), t.summary.clone(), t.description.clone()))
        };
        let (a, b) = (version(published), version(revision));
        // A part a version does not have reads as empty, as the form shows it: adding a
        // version without a description changes its title and summary only.
        let part = |v: &Option<(Title, Summary, Option<Description>)>, p: VersionPart| {
            v.as_ref()
                .map(|(t, s, d)| match p {
                    VersionPart::Title => t.as_str().to_owned(),
                    VersionPart::Summary => s.as_str().to_owned(),
                    VersionPart::Description => d
                        .as_ref()
                        .map(|d| d.as_str().to_owned())
                        .unwrap_or_default(),
                })
                .unwrap_or_default()
        };
        for p in VersionPart::ALL {
            differs(Field::Version(language, p), part(&a, p) != part(&b, p));
        }
    }
    differs(Field::Types, published.types != revision.types);
    differs(
        Field::Commitments,
        published.commitments != revision.commitments,
    );
    differs(Field::Activity, published.activity != revision.activity);
    differs(
        Field::StartDate,
        published.start_date != revision.start_date,
    );
    differs(Field::EndDate, published.end_date != revision.end_date);
    differs(Field::Website, published.website != revision.website);
    differs(
        Field::ContactEmail,
        published.contact_email != revision.contact_email,
    );
    differs(Field::Languages, published.languages != revision.languages);
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn valid_form() -> SubmitForm {
        SubmitForm {
            city: "Gdańsk".into(),
            country: "PL".into(),
            text_language: "en".into(),
            title: "Free public transport".into(),
            summary: "Refugees ride the city's buses and trams free of charge.".into(),
            types: vec!["transport".into()],
            commitments: vec!["2".into()],
            activity: "ongoing".into(),
            submitter_name: "Anna Nowak".into(),
            submitter_email: "anna@gdansk.example".into(),
            submitter_role: "Refugee coordinator, City of Gdańsk".into(),
            consent: Some("yes".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_form_becomes_a_submission() {
        let s = Submission::try_from(&valid_form()).unwrap();
        assert_eq!(s.initiative.country.as_str(), "PL");
        assert_eq!(s.submitter.name_text(), "Anna Nowak");
        assert!(s.initiative.website.is_none());
    }

    #[test]
    fn name_and_role_may_be_left_out_and_the_e_mail_may_not() {
        let form = SubmitForm {
            submitter_name: " ".into(),
            submitter_role: String::new(),
            ..valid_form()
        };
        let s = Submission::try_from(&form).unwrap();
        assert_eq!((s.submitter.name, s.submitter.role), (None, None));
        let no_email = SubmitForm {
            submitter_email: String::new(),
            ..form
        };
        let problems = Submission::try_from(&no_email).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, Field::SubmitterEmail);
        assert!(!Field::SubmitterName.is_required() && !Field::SubmitterRole.is_required());
    }

    #[test]
    fn an_empty_form_names_every_required_field_in_form_order() {
        let problems = Submission::try_from(&SubmitForm::default()).unwrap_err();
        let fields: Vec<Field> = problems.iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            [
                Field::City,
                Field::Country,
                Field::TextLanguage,
                Field::Title,
                Field::Summary,
                Field::Types,
                Field::Activity,
                Field::SubmitterEmail,
                Field::Consent
            ]
        );
        assert_eq!(problems[5].error, FieldError::NoType);
        assert_eq!(problems[8].error, FieldError::ConsentMissing);
    }

    #[test]
    fn a_field_is_marked_required_exactly_when_leaving_it_empty_is_a_problem() {
        let problems = Submission::try_from(&SubmitForm::default()).unwrap_err();
        for field in Field::ALL {
            assert_eq!(
                field.is_required(),
                problems.iter().any(|p| p.field == field),
                "{field:?}"
            );
        }
    }

    #[test]
    fn a_website_that_is_not_http_gets_the_specific_message() {
        let form = SubmitForm {
            website: "www.gdansk.pl".into(),
            ..valid_form()
        };
        let problems = form.problems_in(&[Field::Website]);
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].error.to_string(),
            "The website must start with http:// or https://"
        );
    }

    #[test]
    fn an_end_date_before_the_start_is_reported_on_the_end_date() {
        let form = SubmitForm {
            start_date: "2022-05-01".into(),
            end_date: "2022-04-30".into(),
            ..valid_form()
        };
        assert_eq!(
            form.problems_in(&Step::Initiative.fields().to_vec()),
            [FieldProblem {
                field: Field::EndDate,
                error: FieldError::EndBeforeStart
            }]
        );
    }

    #[test]
    fn a_country_or_type_outside_the_lists_is_refused() {
        let form = SubmitForm {
            country: "XX".into(),
            types: vec!["cooking".into()],
            ..valid_form()
        };
        let fields: Vec<Field> = Submission::try_from(&form)
            .unwrap_err()
            .iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(fields, [Field::Country, Field::Types]);
    }

    #[test]
    fn problems_of_one_step_leave_the_other_steps_alone() {
        let form = SubmitForm {
            city: "Gdańsk".into(),
            country: "PL".into(),
            ..Default::default()
        };
        assert!(form.problems_in(Step::City.fields()).is_empty());
        assert!(!form.problems_in(Step::AboutYou.fields()).is_empty());
    }

    #[test]
    fn a_stored_submission_fills_the_form_back_exactly() {
        let s = Submission::try_from(&valid_form()).unwrap();
        let again = Submission::try_from(&SubmitForm::from_submission(&s)).unwrap();
        assert_eq!(s, again);
    }

    #[test]
    fn the_public_part_is_checked_without_the_submitter() {
        let form = SubmitForm {
            submitter_name: String::new(),
            consent: None,
            ..valid_form()
        };
        assert!(form.initiative().is_ok());
        let bad = SubmitForm {
            title: String::new(),
            ..form
        };
        assert_eq!(bad.initiative().unwrap_err()[0].field, Field::Title);
    }

    #[test]
    fn required_fields_filled_with_invisible_characters_are_missing() {
        let blank = "\u{200B}\u{FEFF} \u{3164}";
        let form = SubmitForm {
            city: blank.into(),
            country: blank.into(),
            title: blank.into(),
            summary: blank.into(),
            activity: blank.into(),
            submitter_name: blank.into(),
            submitter_email: blank.into(),
            submitter_role: blank.into(),
            consent: Some(blank.into()),
            website: blank.into(),
            start_date: blank.into(),
            ..valid_form()
        };
        let problems = Submission::try_from(&form).unwrap_err();
        let required: Vec<Field> = problems
            .iter()
            .filter(|p| p.error == FieldError::Required)
            .map(|p| p.field)
            .collect();
        assert_eq!(
            required,
            [
                Field::City,
                Field::Country,
                Field::Title,
                Field::Summary,
                Field::Activity,
                Field::SubmitterEmail
            ]
        );
        assert_eq!(problems.last().unwrap().error, FieldError::ConsentMissing);
        // Optional fields made of invisible characters are simply empty.
        assert!(!problems
            .iter()
            .any(|p| p.field == Field::Website || p.field == Field::StartDate));
    }

    #[test]
    fn every_field_belongs_to_a_step_and_has_a_unique_name() {
        for f in Field::ALL {
            assert_ne!(f.step(), Step::Review, "{f:?}");
            assert_eq!(Field::from_name(f.name()), Some(f));
        }
    }

    #[test]
    fn changed_fields_lists_only_what_differs() {
        let a = Submission::try_from(&valid_form()).unwrap().initiative;
        let b = Submission::try_from(&SubmitForm {
            title: "Free trams".into(),
            website: "https://gdansk.example".into(),
            ..valid_form()
        })
        .unwrap()
        .initiative;
        assert_eq!(changed_fields(&a, &b), [Field::Title, Field::Website]);
    }

    #[test]
    fn a_version_added_without_a_description_changes_its_title_and_summary_only() {
        let a = Submission::try_from(&valid_form()).unwrap().initiative;
        let b = Submission::try_from(&SubmitForm {
            title_uk: "Безкоштовний транспорт".into(),
            summary_uk: "Біженці їздять безкоштовно.".into(),
            ..valid_form()
        })
        .unwrap()
        .initiative;
        let uk = |part| Field::Version(UiLanguage::Uk, part);
        assert_eq!(
            changed_fields(&a, &b),
            [uk(VersionPart::Title), uk(VersionPart::Summary)]
        );
        assert_eq!(
            changed_fields(&b, &a),
            changed_fields(&a, &b),
            "and removing it"
        );
    }

    #[test]
    fn the_text_language_is_required_and_must_be_one_of_the_three() {
        for (typed, error) in [
            ("", FieldError::Required),
            ("de", FieldError::UnknownTextLanguage("de".into())),
        ] {
            let form = SubmitForm {
                text_language: typed.into(),
                ..valid_form()
            };
            let problems = Submission::try_from(&form).unwrap_err();
            assert_eq!(problems[0].field, Field::TextLanguage);
            assert_eq!(problems[0].error, error);
        }
    }

    #[test]
    fn versions_in_the_other_languages_are_checked_and_kept() {
        let form = SubmitForm {
            text_language: "uk".into(),
            title_fr: "Transports gratuits".into(),
            summary_fr: "Les réfugiés voyagent gratuitement.".into(),
            title_en: "Free trams".into(),
            ..valid_form()
        };
        let problems = Submission::try_from(&form).unwrap_err();
        assert_eq!(
            problems,
            [FieldProblem {
                field: Field::Version(UiLanguage::En, VersionPart::Summary),
                error: FieldError::Required,
            }]
        );
        let form = SubmitForm {
            summary_en: "Refugees ride free.".into(),
            ..form
        };
        let s = Submission::try_from(&form).unwrap();
        let languages: Vec<_> = s
            .initiative
            .translations
            .iter()
            .map(|t| t.language)
            .collect();
        assert_eq!(languages, [UiLanguage::En, UiLanguage::Fr]);
        assert_eq!(s.initiative.text_language, UiLanguage::Uk);
        assert!(s
            .initiative
            .translations
            .iter()
            .all(|t| t.source == VersionSource::Submitter));
        assert_eq!(
            SubmitForm::from_submission(&s).title_fr,
            "Transports gratuits"
        );
    }

    #[test]
    fn text_typed_as_a_version_in_the_texts_own_language_is_not_dropped_silently() {
        let form = SubmitForm {
            text_language: "en".into(),
            title_en: "Another title".into(),
            ..valid_form()
        };
        let problems = Submission::try_from(&form).unwrap_err();
        assert_eq!(
            problems[0].field,
            Field::Version(UiLanguage::En, VersionPart::Title)
        );
        assert_eq!(problems[0].error, FieldError::VersionInOriginalLanguage);
    }

    #[test]
    fn a_version_added_or_removed_changes_only_the_parts_it_has() {
        let without = Submission::try_from(&valid_form()).unwrap().initiative;
        let with = Submission::try_from(&SubmitForm {
            title_uk: "Безкоштовний транспорт".into(),
            summary_uk: "Біженці їздять міським транспортом безкоштовно.".into(),
            ..valid_form()
        })
        .unwrap()
        .initiative;
        let parts = [
            Field::Version(UiLanguage::Uk, VersionPart::Title),
            Field::Version(UiLanguage::Uk, VersionPart::Summary),
        ];
        assert_eq!(changed_fields(&without, &with), parts);
        assert_eq!(changed_fields(&with, &without), parts);
    }

    #[test]
    fn every_fields_name_is_found_again() {
        for field in Field::ALL {
            assert_eq!(
                Field::from_name(field.name()),
                Some(field),
                "{}",
                field.name()
            );
        }
    }
}
