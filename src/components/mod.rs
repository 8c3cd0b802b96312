//! Reusable view pieces shared by the pages.

pub mod card;
pub mod chart;
pub mod embed_code;
pub mod filter_panel;
pub mod form_text;
pub mod freshness;
pub mod history;
pub mod labels;
pub mod language;
pub mod layout;
pub mod page_title;
pub mod pagination;
pub mod preview;
pub mod raw_text;
pub mod versions;
