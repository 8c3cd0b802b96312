//! Translated names for the domain's enums, so views never spell a label themselves.

use crate::domain::{
    ActivityStatus, Commitment, Field, FieldError, InitiativeType, MailKind, MailState,
    ModerationAction, ModerationStatus, UiLanguage, VersionPart, VersionSource,
};
use crate::i18n::*;
use crate::wire::types::HistoryAction;
use crate::wire::{AppError, RetryReason};

pub type I18n = leptos_i18n::I18nContext<Locale>;

/// The interface language now chosen.
pub fn ui_language(i18n: I18n) -> UiLanguage {
    match i18n.get_locale() {
        Locale::en => UiLanguage::En,
        Locale::fr => UiLanguage::Fr,
        Locale::uk => UiLanguage::Uk,
    }
}

pub fn type_label(i18n: I18n, t: InitiativeType) -> &'static str {
    type_name(i18n.get_locale(), t)
}

/// The `Locale` of a language, for texts written outside a page's i18n context (the embed).
pub fn locale_of(lang: UiLanguage) -> Locale {
    match lang {
        UiLanguage::En => Locale::en,
        UiLanguage::Fr => Locale::fr,
        UiLanguage::Uk => Locale::uk,
    }
}

/// A type's name in `locale` (pages use [`type_label`]).
pub fn type_name(locale: Locale, t: InitiativeType) -> &'static str {
    use InitiativeType as T;
    match t {
        T::Reception => td_string!(locale, types.reception),
        T::Housing => td_string!(locale, types.housing),
        T::HumanitarianAid => td_string!(locale, types.humanitarian_aid),
        T::Education => td_string!(locale, types.education),
        T::Language => td_string!(locale, types.language),
        T::Employment => td_string!(locale, types.employment),
        T::Health => td_string!(locale, types.health),
        T::Legal => td_string!(locale, types.legal),
        T::Transport => td_string!(locale, types.transport),
        T::Community => td_string!(locale, types.community),
        T::AntiDiscrimination => td_string!(locale, types.anti_discrimination),
        T::Twinning => td_string!(locale, types.twinning),
        T::Funding => td_string!(locale, types.funding),
        T::Advocacy => td_string!(locale, types.advocacy),
    }
}

/// A commitment's text in `locale` (pages use [`commitment_label`]).
pub fn commitment_name(locale: Locale, c: Commitment) -> &'static str {
    match c.number() {
        1 => td_string!(locale, commitments.c1),
        2 => td_string!(locale, commitments.c2),
        3 => td_string!(locale, commitments.c3),
        4 => td_string!(locale, commitments.c4),
        _ => td_string!(locale, commitments.c5),
    }
}

pub fn commitment_label(i18n: I18n, c: Commitment) -> &'static str {
    match c.number() {
        1 => t_string!(i18n, commitments.c1),
        2 => t_string!(i18n, commitments.c2),
        3 => t_string!(i18n, commitments.c3),
        4 => t_string!(i18n, commitments.c4),
        _ => t_string!(i18n, commitments.c5),
    }
}

pub fn activity_label(i18n: I18n, s: ActivityStatus) -> &'static str {
    match s {
        ActivityStatus::Planned => t_string!(i18n, activity.planned),
        ActivityStatus::Ongoing => t_string!(i18n, activity.ongoing),
        ActivityStatus::Completed => t_string!(i18n, activity.completed),
    }
}

pub fn status_label(i18n: I18n, s: ModerationStatus) -> &'static str {
    use ModerationStatus as S;
    match s {
        S::Pending => t_string!(i18n, status.pending),
        S::ChangesRequested => t_string!(i18n, status.changes_requested),
        S::Published => t_string!(i18n, status.published),
        S::Rejected => t_string!(i18n, status.rejected),
        S::Archived => t_string!(i18n, status.archived),
        S::Withdrawn => t_string!(i18n, status.withdrawn),
    }
}

/// Why an e-mail is sent, as the moderators' mail page names it.
pub fn mail_kind_label(i18n: I18n, k: MailKind) -> &'static str {
    match k {
        MailKind::Confirmation => t_string!(i18n, mail_kind.confirmation),
        MailKind::Published => t_string!(i18n, mail_kind.published),
        MailKind::ChangesRequested => t_string!(i18n, mail_kind.changes_requested),
        MailKind::Rejected => t_string!(i18n, mail_kind.rejected),
        MailKind::Digest => t_string!(i18n, mail_kind.digest),
        MailKind::RetentionNotice => t_string!(i18n, mail_kind.retention_notice),
        MailKind::Reminder => t_string!(i18n, mail_kind.reminder),
    }
}

pub fn mail_state_label(i18n: I18n, s: MailState) -> &'static str {
    match s {
        MailState::Queued => t_string!(i18n, mail_state.queued),
        MailState::Sent => t_string!(i18n, mail_state.sent),
        MailState::GivenUp => t_string!(i18n, mail_state.given_up),
    }
}

/// What a state means for the submitter.
pub fn status_text(i18n: I18n, s: ModerationStatus) -> &'static str {
    use ModerationStatus as S;
    match s {
        S::Pending => t_string!(i18n, status.pending_text),
        S::ChangesRequested => t_string!(i18n, status.changes_requested_text),
        S::Published => t_string!(i18n, status.published_text),
        S::Rejected => t_string!(i18n, status.rejected_text),
        S::Archived => t_string!(i18n, status.archived_text),
        S::Withdrawn => t_string!(i18n, status.withdrawn_text),
    }
}

/// An action as the history tells it ("published", "asked for changes").
pub fn history_label(i18n: I18n, a: HistoryAction) -> &'static str {
    use ModerationAction as A;
    match a {
        HistoryAction::Submitted => t_string!(i18n, action.submitted),
        HistoryAction::Took(A::Publish) => t_string!(i18n, action.publish),
        HistoryAction::Took(A::RequestChanges) => t_string!(i18n, action.request_changes),
        HistoryAction::Took(A::Reject) => t_string!(i18n, action.reject),
        HistoryAction::Took(A::Archive) => t_string!(i18n, action.archive),
        HistoryAction::Took(A::Withdraw) => t_string!(i18n, action.withdraw),
        HistoryAction::Took(A::Resubmit) => t_string!(i18n, action.resubmit),
        HistoryAction::Took(A::PublishChanges) => t_string!(i18n, action.publish_changes),
        HistoryAction::Took(A::DiscardChanges) => t_string!(i18n, action.discard_changes),
        HistoryAction::Took(A::Edit) => t_string!(i18n, action.edit),
        HistoryAction::Took(A::Confirm) => t_string!(i18n, action.confirm),
        HistoryAction::Took(A::End) => t_string!(i18n, action.end),
    }
}

/// The button that takes a moderator's action.
pub fn action_button(i18n: I18n, a: ModerationAction) -> &'static str {
    use ModerationAction as A;
    match a {
        A::Publish => t_string!(i18n, admin.do_publish),
        A::RequestChanges => t_string!(i18n, admin.do_request_changes),
        A::Reject => t_string!(i18n, admin.do_reject),
        A::Archive => t_string!(i18n, admin.do_archive),
        A::PublishChanges => t_string!(i18n, admin.do_publish_changes),
        A::DiscardChanges => t_string!(i18n, admin.do_discard_changes),
        A::Edit => t_string!(i18n, admin.do_edit),
        A::Withdraw => t_string!(i18n, manage.withdraw_button),
        A::Resubmit => t_string!(i18n, form.send_edit),
        A::Confirm => t_string!(i18n, manage.confirm_button),
        A::End => t_string!(i18n, manage.ended_button),
    }
}

pub fn field_label(i18n: I18n, f: Field) -> &'static str {
    use Field as F;
    match f {
        F::City => t_string!(i18n, form.city),
        F::Country => t_string!(i18n, form.country),
        F::TextLanguage => t_string!(i18n, form.text_language),
        F::Version(language, part) => version_label(i18n, language, part),
        F::Title => t_string!(i18n, form.title),
        F::Summary => t_string!(i18n, form.summary),
        F::Description => t_string!(i18n, form.description),
        F::Types => t_string!(i18n, form.types),
        F::Commitments => t_string!(i18n, form.commitments),
        F::Activity => t_string!(i18n, form.activity),
        F::StartDate => t_string!(i18n, form.start_date),
        F::EndDate => t_string!(i18n, form.end_date),
        F::Website => t_string!(i18n, form.website),
        F::ContactEmail => t_string!(i18n, form.contact_email),
        F::Languages => t_string!(i18n, form.languages),
        F::SubmitterName => t_string!(i18n, form.submitter_name),
        F::SubmitterEmail => t_string!(i18n, form.submitter_email),
        F::SubmitterRole => t_string!(i18n, form.submitter_role),
        F::Consent => t_string!(i18n, form.consent),
    }
}

/// The label of a part of the version in `language` ("Title in French").
pub fn version_label(i18n: I18n, language: UiLanguage, part: VersionPart) -> &'static str {
    use UiLanguage::{En, Fr, Uk};
    use VersionPart::{Description, Summary, Title};
    match (language, part) {
        (En, Title) => t_string!(i18n, form.title_en),
        (En, Summary) => t_string!(i18n, form.summary_en),
        (En, Description) => t_string!(i18n, form.description_en),
        (Fr, Title) => t_string!(i18n, form.title_fr),
        (Fr, Summary) => t_string!(i18n, form.summary_fr),
        (Fr, Description) => t_string!(i18n, form.description_fr),
        (Uk, Title) => t_string!(i18n, form.title_uk),
        (Uk, Summary) => t_string!(i18n, form.summary_uk),
        (Uk, Description) => t_string!(i18n, form.description_uk),
    }
}

/// A language's name in the interface language ("French", "Français", "Французька"), for the
/// moderators' pages (the language switcher names each language in itself instead).
pub fn language_name(i18n: I18n, language: UiLanguage) -> &'static str {
    match language {
        UiLanguage::En => t_string!(i18n, admin.lang_en),
        UiLanguage::Fr => t_string!(i18n, admin.lang_fr),
        UiLanguage::Uk => t_string!(i18n, admin.lang_uk),
    }
}

/// Who wrote a version of an initiative's text, as the review page says it.
pub fn version_source_label(i18n: I18n, source: VersionSource) -> &'static str {
    match source {
        VersionSource::Original => t_string!(i18n, admin.source_original),
        VersionSource::Submitter => t_string!(i18n, admin.source_submitter),
        VersionSource::Moderator => t_string!(i18n, admin.source_moderator),
        VersionSource::Machine => t_string!(i18n, admin.source_machine),
    }
}

/// A field error in the interface language (the domain's `Display` is the English original).
pub fn error_text(i18n: I18n, e: &FieldError) -> String {
    use FieldError as E;
    match e {
        E::Required => t_string!(i18n, errors.required).to_owned(),
        E::TooShort { min } => t_string!(i18n, errors.too_short, min = *min).to_string(),
        E::TooLong { max, actual } => {
            t_string!(i18n, errors.too_long, max = *max, actual = *actual).to_string()
        }
        E::ControlCharacters => t_string!(i18n, errors.control).to_owned(),
        E::NotHttp => t_string!(i18n, errors.not_http).to_owned(),
        E::InvalidLink => t_string!(i18n, errors.invalid_link).to_owned(),
        E::InvalidEmail => t_string!(i18n, errors.invalid_email).to_owned(),
        E::DirectionControls => t_string!(i18n, errors.direction_controls).to_owned(),
        E::InvisibleCharacters => t_string!(i18n, errors.invisible).to_owned(),
        E::InvalidDate(v) => t_string!(i18n, errors.invalid_date, value = v.clone()).to_string(),
        E::EndBeforeStart => t_string!(i18n, errors.end_before_start).to_owned(),
        E::UnknownCountry(v) => {
            t_string!(i18n, errors.unknown_country, value = v.clone()).to_string()
        }
        E::UnknownType(v) => t_string!(i18n, errors.unknown_type, value = v.clone()).to_string(),
        E::NoType => t_string!(i18n, errors.no_type).to_owned(),
        E::TooManyTypes { max } => t_string!(i18n, errors.too_many_types, max = *max).to_string(),
        E::UnknownCommitment(v) => {
            t_string!(i18n, errors.unknown_commitment, value = v.clone()).to_string()
        }
        E::UnknownLanguage(v) => {
            t_string!(i18n, errors.unknown_language, value = v.clone()).to_string()
        }
        E::UnknownActivityStatus(_) => t_string!(i18n, errors.unknown_activity).to_owned(),
        E::ConsentMissing => t_string!(i18n, errors.consent).to_owned(),
        E::UnknownTextLanguage(v) => {
            t_string!(i18n, errors.unknown_text_language, value = v.clone()).to_string()
        }
        E::UnknownVersionSource(v) => {
            t_string!(i18n, errors.unknown_version_source, value = v.clone()).to_string()
        }
        E::VersionInOriginalLanguage => {
            t_string!(i18n, errors.version_in_original_language).to_owned()
        }
    }
}

/// A form-level error (not tied to one field) in the interface language.
pub fn app_error_text(i18n: I18n, e: &AppError) -> String {
    match e {
        AppError::Retry {
            reason: RetryReason::TooQuick,
            ..
        } => t_string!(i18n, errors.too_quick).to_owned(),
        AppError::Retry {
            reason: RetryReason::Expired,
            ..
        } => t_string!(i18n, errors.expired).to_owned(),
        AppError::Automated => t_string!(i18n, errors.automated).to_owned(),
        AppError::TooManyRequests => t_string!(i18n, errors.too_many).to_owned(),
        AppError::Conflict => t_string!(i18n, errors.conflict).to_owned(),
        AppError::NotAllowed(_) => t_string!(i18n, errors.not_allowed).to_owned(),
        AppError::Unauthorized => t_string!(i18n, errors.unauthorized).to_owned(),
        AppError::SecondFactorRequired => {
            t_string!(i18n, admin.second_factor_required_text).to_owned()
        }
        AppError::NotFound => t_string!(i18n, not_found.text).to_owned(),
        AppError::TooLarge => t_string!(i18n, errors.too_large).to_owned(),
        AppError::CrossSite => t_string!(i18n, errors.cross_site).to_owned(),
        AppError::Request(_) => t_string!(i18n, errors.bad_request).to_owned(),
        AppError::Invalid(_) | AppError::Unavailable => {
            t_string!(i18n, errors.unavailable).to_owned()
        }
    }
}
