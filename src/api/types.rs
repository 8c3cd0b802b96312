//! What the server functions send to the pages: plain serialisable values, no database types.

use crate::domain::{
    ActivityStatus, Commitment, CountryCode, FilterProblem, InitiativeType, LanguageCode,
    ListFilter,
};
use serde::{Deserialize, Serialize};

/// Where an initiative's data came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    /// Sent by city staff through the form.
    Submitted,
    /// Loaded by `icc-initiatives import`.
    Imported,
    /// Demo content from public reports, labelled as such.
    Sample,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Imported => "imported",
            Self::Sample => "sample",
        }
    }

    pub fn parse(text: &str) -> Self {
        match text {
            "sample" => Self::Sample,
            "imported" => Self::Imported,
            _ => Self::Submitted,
        }
    }
}

/// One initiative as the list and the home page show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InitiativeCard {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub city: String,
    pub country: CountryCode,
    pub types: Vec<InitiativeType>,
    pub activity: ActivityStatus,
    pub origin: Origin,
    /// `YYYY-MM-DD`.
    pub published: String,
}

/// How many initiatives choosing `value` would give, with the other facets as they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCount<T> {
    pub value: T,
    pub count: u32,
    pub selected: bool,
}

/// One page of the public list with its facet counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListPage {
    pub filter: ListFilter,
    pub problems: Vec<FilterProblem>,
    pub items: Vec<InitiativeCard>,
    pub total: u32,
    pub pages: u32,
    pub countries: Vec<FacetCount<CountryCode>>,
    pub types: Vec<FacetCount<InitiativeType>>,
    pub commitments: Vec<FacetCount<Commitment>>,
}

/// Live totals of the published directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Totals {
    pub initiatives: u32,
    pub cities: u32,
    pub countries: u32,
    /// How many of them are sample content.
    pub samples: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HomeData {
    pub totals: Totals,
    pub latest: Vec<InitiativeCard>,
}

/// Every public field of one published initiative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InitiativeDetail {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub description: Option<String>,
    pub city: String,
    pub country: CountryCode,
    pub types: Vec<InitiativeType>,
    pub commitments: Vec<Commitment>,
    pub activity: ActivityStatus,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub website: Option<String>,
    pub contact_email: Option<String>,
    pub languages: Vec<LanguageCode>,
    pub source: Option<String>,
    pub origin: Origin,
    pub published: String,
    pub updated: String,
}
