//! Personal data's vocabulary (issue 19), shared by the privacy notice (which states the
//! periods) and the server (which applies them): how long each kind of personal data is kept,
//! and which version of the notice is in force. The periods are settings the secretariat
//! decides (`server::privacy::retention::RetentionSettings`); the defaults are the documented
//! ones (docs/privacy.md).

/// How long each kind of personal data is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RetentionPeriods {
    /// A published (or archived) initiative's submitter — name, e-mail, role, private link —
    /// this many months after the initiative's last update; the initiative stays.
    pub identity_months: u32,
    /// The submitter is told this many days before their details are removed (when e-mail is
    /// on); an update through the private link starts the period again.
    pub notice_days: u32,
    /// A rejected or withdrawn submission, this many days after its last change: deleted.
    pub rejected_days: u32,
    /// A submission sent back for changes and never answered, this many months after the
    /// request: deleted.
    pub changes_requested_months: u32,
    /// A sent (or given-up) e-mail — recipient, subject and body — this many days: deleted.
    pub sent_mail_days: u32,
}

impl Default for RetentionPeriods {
    /// The documented defaults: 24 months (notice 30 days before), 90 days, 6 months, 30 days.
    fn default() -> Self {
        Self {
            identity_months: 24,
            notice_days: 30,
            rejected_days: 90,
            changes_requested_months: 6,
            sent_mail_days: 30,
        }
    }
}

/// The privacy notice in force: its version and the day it took effect (shown on `/privacy`).
pub const PRIVACY_NOTICE_VERSION: &str = "1.0";
/// `YYYY-MM-DD`.
pub const PRIVACY_NOTICE_DATE: &str = "2026-12-07";
