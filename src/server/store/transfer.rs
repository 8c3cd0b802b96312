//! Import and export of the open-data file format (`sample-initiatives.json`).

use crate::domain::{ImportRecord, NewInitiative, Origin, PublicRecord, RecordError};
use crate::server::store::initiatives::{export_published, insert_published};
use sea_orm::{DatabaseConnection, DbErr, TransactionTrait};
use serde::{Deserialize, Serialize};

/// The file: a note about the data and the records; an export of a filtered view also says
/// which view (its address and filter) and when it was made.
#[derive(Debug, Serialize, Deserialize)]
pub struct DataFile<R> {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    /// The public address of the view the records come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The list's filter, as its query string (empty: every published initiative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    /// When the file was made (RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<String>,
    pub initiatives: Vec<R>,
}

/// What went wrong with one record: its position (from 0), its title when readable, the problems.
#[derive(Debug)]
pub struct BadRecord {
    pub index: usize,
    pub title: Option<String>,
    pub problems: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read the file: {0}")]
    Read(String),
    #[error("the file is not valid JSON in the expected shape: {0}")]
    Shape(String),
    #[error("{} of the records are invalid; nothing was imported:\n{}", .0.len(), describe(.0))]
    Invalid(Vec<BadRecord>),
    #[error("the database refused the import; nothing was imported: {0}")]
    Database(#[from] DbErr),
}

fn describe(bad: &[BadRecord]) -> String {
    bad.iter()
        .map(|b| {
            let title = b
                .title
                .as_deref()
                .map(|t| format!(" “{t}”"))
                .unwrap_or_default();
            b.problems
                .iter()
                .map(|p| format!("  record {}{title}: {p}", b.index))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Checks every record of a JSON document with the domain parsers.
///
/// # Errors
/// When the document is not JSON of the expected shape, or any record is invalid (all of them
/// are reported, with index, field and reason).
pub fn parse_records(json: &str) -> Result<Vec<NewInitiative>, ImportError> {
    let file: DataFile<serde_json::Value> =
        serde_json::from_str(json).map_err(|e| ImportError::Shape(e.to_string()))?;
    let mut good = Vec::with_capacity(file.initiatives.len());
    let mut bad = Vec::new();
    for (index, value) in file.initiatives.into_iter().enumerate() {
        let title = value
            .get("title")
            .and_then(|t| t.as_str())
            .map(|t| t.chars().take(60).collect());
        match serde_json::from_value::<ImportRecord>(value) {
            Err(e) => bad.push(BadRecord {
                index,
                title,
                problems: vec![e.to_string()],
            }),
            Ok(record) => match NewInitiative::try_from(record) {
                Ok(i) => good.push(i),
                Err(errors) => bad.push(BadRecord {
                    index,
                    title,
                    problems: errors.iter().map(RecordError::to_string).collect(),
                }),
            },
        }
    }
    if bad.is_empty() {
        Ok(good)
    } else {
        Err(ImportError::Invalid(bad))
    }
}

/// Stores checked initiatives as published, all or nothing, in one transaction, in batches.
/// `progress` gets the number stored so far, after each batch.
///
/// # Errors
/// When the database refuses a row; then nothing is stored.
pub async fn store_all(
    db: &DatabaseConnection,
    initiatives: &[NewInitiative],
    origin: Origin,
    mut progress: impl FnMut(usize),
) -> Result<usize, ImportError> {
    let txn = db.begin().await?;
    insert_published(&txn, initiatives, origin, chrono::Utc::now(), &mut progress).await?;
    txn.commit().await?;
    Ok(initiatives.len())
}

/// The published initiatives as a JSON document in the import format: each one's public
/// record as `ImportRecord` (no site is known here; the format holds no address).
///
/// # Errors
/// When the database fails, or a row holds a country or date the domain refuses.
pub async fn export_json(db: &DatabaseConnection) -> Result<String, DbErr> {
    let file = DataFile {
        about: Some(
            "Initiatives published in the ICC Solidarity Initiatives directory.".to_owned(),
        ),
        source: None,
        filter: None,
        generated: None,
        initiatives: export_published(db)
            .await?
            .into_iter()
            .map(|i| {
                // The import format holds `confirmed_on`, not the freshness derived from it.
                let today = i.confirmed_on;
                ImportRecord::from(&PublicRecord::new(
                    "",
                    i,
                    crate::domain::ConfirmRule::default(),
                    today,
                ))
            })
            .collect(),
    };
    serde_json::to_string_pretty(&file).map_err(|e| DbErr::Custom(e.to_string()))
}
