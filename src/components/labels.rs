//! Translated names for the domain's enums, so views never spell a label themselves.

use crate::domain::{ActivityStatus, Commitment, InitiativeType, UiLanguage};
use crate::i18n::*;

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
    use InitiativeType as T;
    match t {
        T::Reception => t_string!(i18n, types.reception),
        T::Housing => t_string!(i18n, types.housing),
        T::HumanitarianAid => t_string!(i18n, types.humanitarian_aid),
        T::Education => t_string!(i18n, types.education),
        T::Language => t_string!(i18n, types.language),
        T::Employment => t_string!(i18n, types.employment),
        T::Health => t_string!(i18n, types.health),
        T::Legal => t_string!(i18n, types.legal),
        T::Transport => t_string!(i18n, types.transport),
        T::Community => t_string!(i18n, types.community),
        T::AntiDiscrimination => t_string!(i18n, types.anti_discrimination),
        T::Twinning => t_string!(i18n, types.twinning),
        T::Funding => t_string!(i18n, types.funding),
        T::Advocacy => t_string!(i18n, types.advocacy),
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
