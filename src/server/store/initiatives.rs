//! Writing and reading initiatives.

use crate::domain::{
    Commitment, CountryCode, Description, InitiativeType, IsoDate, LanguageCode, ModerationStatus,
    NewInitiative, Origin, PublishedInitiative, Summary, Title, Translation, UiLanguage, UtcMinute,
    UtcSecond, VersionSource,
};
use crate::server::directory::text::{fold, search_words, slugify};
use crate::server::store::entities::{
    initiative, initiative_commitment, initiative_translation, initiative_type,
};
use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use sea_orm::sea_query::IntoColumnRef;
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
};
use std::collections::HashMap;

pub(crate) fn to_naive(date: IsoDate) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(date.year().into(), date.month().into(), date.day().into())
}

/// A stored date as the domain's; an error outside the years the domain accepts (1900–2200).
pub(crate) fn from_naive(date: NaiveDate) -> Result<IsoDate, DbErr> {
    u16::try_from(date.year())
        .ok()
        .zip(u8::try_from(date.month()).ok())
        .zip(u8::try_from(date.day()).ok())
        .and_then(|((y, m), d)| IsoDate::from_ymd(y, m, d))
        .ok_or_else(|| DbErr::Custom(format!("the date {date} is outside 1900–2200")))
}

/// The day of a stored time.
pub(crate) fn day(at: DateTime<Utc>) -> Result<IsoDate, DbErr> {
    from_naive(at.date_naive())
}

/// A stored time to the second (UTC).
pub(crate) fn second(at: DateTime<Utc>) -> Result<UtcSecond, DbErr> {
    let minute = minute(at)?;
    u8::try_from(at.second())
        .ok()
        .and_then(|s| UtcSecond::new(minute, s))
        .ok_or_else(|| DbErr::Custom(format!("the time {at} has no valid second")))
}

/// A stored time to the minute (UTC).
pub(crate) fn minute(at: DateTime<Utc>) -> Result<UtcMinute, DbErr> {
    let date = day(at)?;
    u8::try_from(at.hour())
        .ok()
        .zip(u8::try_from(at.minute()).ok())
        .and_then(|(h, m)| UtcMinute::new(date, h, m))
        .ok_or_else(|| DbErr::Custom(format!("the time {at} has no valid minute")))
}

/// The rules `search_text` is made by; rows made by older rules (`search_version` below it)
/// are made again at start ([`refresh_search_text`]). 2: every version of the text, each word
/// once, with the Latin transliteration of Ukrainian.
pub const SEARCH_RULES: i32 = 2;

/// The text an initiative is searched by: the words of every version of its text, its city and
/// its country's names in the three languages, folded, each once, with the Latin spelling of
/// Ukrainian words (`directory::text::search_words`).
pub fn search_text(i: &NewInitiative) -> String {
    let versions = i.translations.iter().flat_map(|t| {
        [
            t.title.as_str(),
            t.summary.as_str(),
            t.description.as_ref().map_or("", |d| d.as_str()),
        ]
    });
    search_text_of(
        [
            i.title.as_str(),
            i.summary.as_str(),
            i.description.as_ref().map_or("", |d| d.as_str()),
        ]
        .into_iter()
        .chain(versions),
        i.city.as_str(),
        i.country,
    )
}

fn search_text_of<'a>(
    texts: impl Iterator<Item = &'a str>,
    city: &'a str,
    country: CountryCode,
) -> String {
    search_words(texts.chain([
        city,
        country.name(UiLanguage::En),
        country.name(UiLanguage::Fr),
        country.name(UiLanguage::Uk),
    ]))
}

/// Makes `search_text` again for every row made by older rules, a few hundred rows at a time;
/// run at start, after the migrations. Safe on several instances at once: each writes the
/// same text. Returns how many rows were made again.
///
/// # Errors
/// When the database fails.
pub async fn refresh_search_text<C: ConnectionTrait>(db: &C) -> Result<usize, DbErr> {
    let mut done = 0;
    loop {
        let rows = initiative::Entity::find()
            .filter(initiative::Column::SearchVersion.lt(SEARCH_RULES))
            .order_by_asc(initiative::Column::Id)
            .limit(BATCH as u64)
            .all(db)
            .await?;
        if rows.is_empty() {
            return Ok(done);
        }
        let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
        let mut versions = translations_of(db, Some(&ids)).await?;
        for row in rows {
            let own = versions.remove(&row.id).unwrap_or_default();
            let texts = [
                row.title.as_str(),
                row.summary.as_str(),
                row.description.as_deref().unwrap_or(""),
            ];
            let other = own.iter().flat_map(|t| {
                [
                    t.title.as_str(),
                    t.summary.as_str(),
                    t.description.as_deref().unwrap_or(""),
                ]
            });
            let Ok(country) = CountryCode::parse(&row.country) else {
                continue;
            };
            let text = search_text_of(texts.into_iter().chain(other), &row.city, country);
            initiative::Entity::update_many()
                .col_expr(initiative::Column::SearchText, text.into())
                .col_expr(initiative::Column::SearchVersion, SEARCH_RULES.into())
                .filter(initiative::Column::Id.eq(row.id))
                .exec(db)
                .await?;
            done += 1;
        }
    }
}

/// The languages column: ISO 639-1 codes joined by commas.
pub(crate) fn language_list(i: &NewInitiative) -> String {
    i.languages
        .iter()
        .map(|l| l.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The one place an initiative's content becomes its row: the public content columns (and the
/// search text made from them), every other column left unset. Imports and submissions insert
/// it with their own bookkeeping columns; edits write it over an existing row.
pub(crate) fn content_columns(i: &NewInitiative) -> initiative::ActiveModel {
    initiative::ActiveModel {
        text_language: Set(i.text_language),
        title: Set(i.title.as_str().to_owned()),
        summary: Set(i.summary.as_str().to_owned()),
        description: Set(i.description.as_ref().map(|d| d.as_str().to_owned())),
        city: Set(i.city.as_str().to_owned()),
        city_sort: Set(fold(i.city.as_str())),
        country: Set(i.country.as_str().to_owned()),
        activity_status: Set(i.activity),
        start_date: Set(i.start_date.and_then(to_naive)),
        end_date: Set(i.end_date.and_then(to_naive)),
        website: Set(i.website.as_ref().map(|w| w.as_str().to_owned())),
        contact_email: Set(i.contact_email.as_ref().map(|e| e.as_str().to_owned())),
        languages: Set(language_list(i)),
        search_text: Set(search_text(i)),
        search_version: Set(SEARCH_RULES),
        ..Default::default()
    }
}

/// The stored versions of the given initiatives (all when `None`), by initiative, in one query.
///
/// # Errors
/// When the database fails.
pub async fn translations_of<C: ConnectionTrait>(
    db: &C,
    ids: Option<&[i32]>,
) -> Result<HashMap<i32, Vec<initiative_translation::Model>>, DbErr> {
    let mut query = initiative_translation::Entity::find();
    if let Some(ids) = ids {
        query =
            query.filter(initiative_translation::Column::InitiativeId.is_in(ids.iter().copied()));
    }
    let mut by_id: HashMap<i32, Vec<initiative_translation::Model>> = HashMap::new();
    for row in query.all(db).await? {
        by_id.entry(row.initiative_id).or_default().push(row);
    }
    by_id
        .values_mut()
        .for_each(|v| v.sort_by_key(|t| t.language));
    Ok(by_id)
}

/// Stored versions as the domain's, with whether each was made from an older text of the
/// original (`text_version`). Rows the parsers now refuse are left out (and logged).
pub(crate) fn translations_from(
    rows: Vec<initiative_translation::Model>,
    text_version: i32,
) -> Vec<Translation> {
    rows.into_iter()
        .filter_map(|row| {
            let parsed = (|| {
                Some(Translation {
                    language: row.language,
                    title: Title::parse(&row.title).ok()?,
                    summary: Summary::parse(&row.summary).ok()?,
                    description: match row.description.as_deref() {
                        None => None,
                        Some(d) => Some(Description::parse(d).ok()?),
                    },
                    source: row.source,
                    outdated: row.made_from < text_version,
                })
            })();
            if parsed.is_none() {
                tracing::error!(
                    initiative = row.initiative_id,
                    language = row.language.as_str(),
                    "a stored version of an initiative's text no longer parses; left out"
                );
            }
            parsed
        })
        .collect()
}

/// The rows of an initiative's versions as first stored (an import or a submission): each
/// made from the original's first text, or from none when the record says it was out of date.
pub(crate) fn new_translation_rows(
    id: i32,
    i: &NewInitiative,
    now: DateTime<Utc>,
) -> Vec<initiative_translation::ActiveModel> {
    i.translations
        .iter()
        .map(|t| translation_row(id, t, t.source, if t.outdated { 0 } else { 1 }, now))
        .collect()
}

fn translation_row(
    id: i32,
    t: &Translation,
    source: VersionSource,
    made_from: i32,
    now: DateTime<Utc>,
) -> initiative_translation::ActiveModel {
    initiative_translation::ActiveModel {
        initiative_id: Set(id),
        language: Set(t.language),
        title: Set(t.title.as_str().to_owned()),
        summary: Set(t.summary.as_str().to_owned()),
        description: Set(t.description.as_ref().map(|d| d.as_str().to_owned())),
        source: Set(source),
        made_from: Set(made_from),
        updated_at: Set(now),
    }
}

/// Writes the versions of initiative `row` after its content became `i` (the row's lock is
/// held), and returns its new `text_version`: moved on when the original's text or language
/// changed. A version whose text did not change keeps who wrote it and what it was made from
/// (so it becomes possibly out of date when the original changed); a new or changed version is
/// `author`'s, made from the original as it is now; a version no longer given is removed.
///
/// # Errors
/// When the database fails.
pub(crate) async fn write_translations<C: ConnectionTrait>(
    db: &C,
    row: &initiative::Model,
    i: &NewInitiative,
    author: VersionSource,
    now: DateTime<Utc>,
) -> Result<i32, DbErr> {
    let original_changed = row.text_language != i.text_language
        || row.title != i.title.as_str()
        || row.summary != i.summary.as_str()
        || row.description.as_deref() != i.description.as_ref().map(|d| d.as_str());
    let text_version = row.text_version + i32::from(original_changed);
    let stored = translations_of(db, Some(&[row.id]))
        .await?
        .remove(&row.id)
        .unwrap_or_default();
    initiative_translation::Entity::delete_many()
        .filter(initiative_translation::Column::InitiativeId.eq(row.id))
        .exec(db)
        .await?;
    let rows: Vec<_> = i
        .translations
        .iter()
        .map(|t| {
            let kept = stored.iter().find(|s| {
                s.language == t.language
                    && s.title == t.title.as_str()
                    && s.summary == t.summary.as_str()
                    && s.description.as_deref() == t.description.as_ref().map(|d| d.as_str())
            });
            match kept {
                Some(s) => initiative_translation::ActiveModel {
                    initiative_id: Set(row.id),
                    language: Set(s.language),
                    title: Set(s.title.clone()),
                    summary: Set(s.summary.clone()),
                    description: Set(s.description.clone()),
                    source: Set(s.source),
                    made_from: Set(s.made_from),
                    updated_at: Set(s.updated_at),
                },
                None => translation_row(row.id, t, author, text_version, now),
            }
        })
        .collect();
    if !rows.is_empty() {
        initiative_translation::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await?;
    }
    if original_changed {
        initiative::Entity::update_many()
            .col_expr(initiative::Column::TextVersion, text_version.into())
            .filter(initiative::Column::Id.eq(row.id))
            .exec(db)
            .await?;
    }
    Ok(text_version)
}

/// A free slug for `base` (itself, else `base-2`, `base-3`…) for one initiative being
/// published: one query for the slugs that start with it.
///
/// # Errors
/// When the database fails.
pub(crate) async fn free_slug<C: ConnectionTrait>(db: &C, base: &str) -> Result<String, DbErr> {
    let mut slugs =
        SlugBook::load_where(db, Some(initiative::Column::Slug.starts_with(base))).await?;
    Ok(slugs.claim(base))
}

/// The slugs already taken, read once, so that a batch of new initiatives gets free slugs
/// without a query per initiative; `free_slug` numbers one slug by the same rule.
pub(crate) struct SlugBook {
    taken: std::collections::HashSet<String>,
    /// Per base, the suffix to try first (`base-2`, `base-3`…): a thousand identical titles
    /// cost a thousand lookups, not half a million.
    next: HashMap<String, u32>,
}

impl SlugBook {
    /// Every slug stored now.
    ///
    /// # Errors
    /// When the database fails.
    pub(crate) async fn load<C: ConnectionTrait>(db: &C) -> Result<Self, DbErr> {
        Self::load_where(db, None).await
    }

    /// The stored slugs that meet `condition` (all of them for `None`).
    async fn load_where<C: ConnectionTrait>(
        db: &C,
        condition: Option<sea_orm::sea_query::Expr>,
    ) -> Result<Self, DbErr> {
        let mut query = initiative::Entity::find()
            .select_only()
            .column(initiative::Column::Slug);
        if let Some(condition) = condition {
            query = query.filter(condition);
        }
        let taken: Vec<String> = query.into_tuple().all(db).await?;
        Ok(Self {
            taken: taken.into_iter().collect(),
            next: HashMap::new(),
        })
    }

    /// A free slug for `base` (itself, else `base-2`, `base-3`…), now taken.
    pub(crate) fn claim(&mut self, base: &str) -> String {
        let slug = if self.taken.contains(base) {
            let from = self.next.get(base).copied().unwrap_or(2);
            let (n, slug) = (from..)
                .map(|n| (n, format!("{base}-{n}")))
                .find(|(_, candidate)| !self.taken.contains(candidate))
                .unwrap_or_else(|| (from, base.to_owned()));
            self.next.insert(base.to_owned(), n + 1);
            slug
        } else {
            base.to_owned()
        };
        self.taken.insert(slug.clone());
        slug
    }
}

/// The base of an initiative's slug: its city and title.
pub(crate) fn slug_base(city: &str, title: &str) -> String {
    slugify(&format!("{city} {title}"), 90)
}

/// How many initiatives one `INSERT` carries: about 25 values each stays well under SQLite's
/// 32,766 and PostgreSQL's 65,535 parameters per statement.
const BATCH: usize = 500;

/// Stores checked initiatives as published, in batches of a few hundred rows per statement
/// and without a query per initiative, so the time grows with the number of initiatives, not
/// with its square. Call it inside a transaction to store all or nothing. `progress` gets the
/// number stored so far after each batch.
///
/// # Errors
/// When the database refuses a row.
pub async fn insert_published<C: ConnectionTrait>(
    db: &C,
    initiatives: &[NewInitiative],
    origin: Origin,
    published_at: DateTime<Utc>,
    mut progress: impl FnMut(usize),
) -> Result<(), DbErr> {
    let mut slugs = SlugBook::load(db).await?;
    let now = Utc::now();
    let mut done = 0;
    for batch in initiatives.chunks(BATCH) {
        let batch_slugs: Vec<String> = batch
            .iter()
            .map(|new| slugs.claim(&slug_base(new.city.as_str(), new.title.as_str())))
            .collect();
        let mut insert =
            initiative::Entity::insert_many(batch.iter().zip(&batch_slugs).map(|(new, slug)| {
                initiative::ActiveModel {
                    id: NotSet,
                    slug: Set(slug.clone()),
                    source_url: Set(new.source.as_ref().map(|s| s.as_str().to_owned())),
                    origin: Set(origin),
                    submitter_name: Set(None),
                    submitter_email: Set(None),
                    submitter_role: Set(None),
                    consent_at: Set(None),
                    moderation_status: Set(ModerationStatus::Published),
                    moderator_note: Set(None),
                    manage_token_hash: Set(None),
                    version: Set(1),
                    created_at: Set(now),
                    updated_at: Set(now),
                    published_at: Set(Some(published_at)),
                    revision: Set(None),
                    revision_at: Set(None),
                    submitter_language: Set(None),
                    text_version: Set(1),
                    // An import says when the city last confirmed it, else its publication.
                    confirmed_on: Set(Some(
                        new.confirmed_on
                            .and_then(to_naive)
                            .unwrap_or_else(|| published_at.date_naive()),
                    )),
                    ..content_columns(new)
                }
            }))
            .into_query();
        // The new rows' ids come back with their (unique) slugs from the insert itself: a
        // lookup afterwards would scan, as PostgreSQL plans it on the table's size when the
        // transaction began.
        insert.returning(sea_orm::sea_query::ReturningClause::Columns(vec![
            initiative::Column::Slug.into_column_ref(),
            initiative::Column::Id.into_column_ref(),
        ]));
        let ids: HashMap<String, i32> = db
            .query_all(&insert)
            .await?
            .iter()
            .map(|row| {
                Ok((
                    row.try_get::<String>("", "slug")?,
                    row.try_get::<i32>("", "id")?,
                ))
            })
            .collect::<Result<_, DbErr>>()?;
        let id_of = |slug: &String| {
            ids.get(slug)
                .copied()
                .ok_or_else(|| DbErr::Custom(format!("the row of {slug} was not stored")))
        };
        let mut types = Vec::new();
        let mut commitments = Vec::new();
        let mut translations = Vec::new();
        for (new, slug) in batch.iter().zip(&batch_slugs) {
            let id = id_of(slug)?;
            translations.extend(new_translation_rows(id, new, now));
            types.extend(new.types.iter().map(|t| initiative_type::ActiveModel {
                initiative_id: Set(id),
                type_slug: Set(t.slug().to_owned()),
            }));
            commitments.extend(new.commitments.iter().map(|c| {
                initiative_commitment::ActiveModel {
                    initiative_id: Set(id),
                    commitment: Set(i16::from(c.number())),
                }
            }));
        }
        // Two columns a row: a few thousand rows per statement stay under the limits.
        for chunk in types.chunks(BATCH * 8) {
            initiative_type::Entity::insert_many(chunk.iter().cloned())
                .exec_without_returning(db)
                .await?;
        }
        for chunk in commitments.chunks(BATCH * 8) {
            initiative_commitment::Entity::insert_many(chunk.iter().cloned())
                .exec_without_returning(db)
                .await?;
        }
        // Eight columns a row.
        for chunk in translations.chunks(BATCH * 2) {
            initiative_translation::Entity::insert_many(chunk.iter().cloned())
                .exec_without_returning(db)
                .await?;
        }
        done += batch.len();
        progress(done);
    }
    Ok(())
}

/// Types and commitments of the given initiatives, in two queries whatever their number.
///
/// # Errors
/// When the database fails.
pub async fn relations<C: ConnectionTrait>(
    db: &C,
    ids: Option<&[i32]>,
) -> Result<
    (
        HashMap<i32, Vec<InitiativeType>>,
        HashMap<i32, Vec<Commitment>>,
    ),
    DbErr,
> {
    let mut types_q = initiative_type::Entity::find();
    let mut commitments_q = initiative_commitment::Entity::find();
    if let Some(ids) = ids {
        types_q = types_q.filter(initiative_type::Column::InitiativeId.is_in(ids.iter().copied()));
        commitments_q = commitments_q
            .filter(initiative_commitment::Column::InitiativeId.is_in(ids.iter().copied()));
    }
    let mut types: HashMap<i32, Vec<InitiativeType>> = HashMap::new();
    for row in types_q.all(db).await? {
        if let Ok(t) = InitiativeType::parse(&row.type_slug) {
            types.entry(row.initiative_id).or_default().push(t);
        }
    }
    let mut commitments: HashMap<i32, Vec<Commitment>> = HashMap::new();
    for row in commitments_q.all(db).await? {
        if let Ok(c) = u8::try_from(row.commitment)
            .map_err(|_| ())
            .and_then(|n| Commitment::from_number(n).map_err(|_| ()))
        {
            commitments.entry(row.initiative_id).or_default().push(c);
        }
    }
    types.values_mut().for_each(|v| v.sort());
    commitments.values_mut().for_each(|v| v.sort());
    Ok((types, commitments))
}

pub(crate) fn languages(text: &str) -> Vec<LanguageCode> {
    text.split(',')
        .filter_map(|l| LanguageCode::parse(l).ok())
        .collect()
}

/// One published initiative with every public field, or `None`.
///
/// # Errors
/// When the database fails, or the row holds a country or date the domain refuses.
pub async fn published_by_slug<C: ConnectionTrait>(
    db: &C,
    slug: &str,
) -> Result<Option<PublishedInitiative>, DbErr> {
    let Some(row) = initiative::Entity::find()
        .filter(initiative::Column::Slug.eq(slug))
        .filter(initiative::Column::ModerationStatus.eq(ModerationStatus::Published))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let (mut types, mut commitments) = relations(db, Some(&[row.id])).await?;
    let types = types.remove(&row.id).unwrap_or_default();
    let commitments = commitments.remove(&row.id).unwrap_or_default();
    let versions = translations_of(db, Some(&[row.id]))
        .await?
        .remove(&row.id)
        .unwrap_or_default();
    published_of(row, types, commitments, versions).map(Some)
}

/// A published row with its types and commitments, as the domain's value.
fn published_of(
    row: initiative::Model,
    types: Vec<InitiativeType>,
    commitments: Vec<Commitment>,
    versions: Vec<initiative_translation::Model>,
) -> Result<PublishedInitiative, DbErr> {
    Ok(PublishedInitiative {
        text_language: row.text_language,
        translations: translations_from(versions, row.text_version),
        country: CountryCode::parse(&row.country)
            .map_err(|e| DbErr::Custom(format!("initiative {}: {e}", row.id)))?,
        activity: row.activity_status,
        types,
        commitments,
        start_date: row.start_date.map(from_naive).transpose()?,
        end_date: row.end_date.map(from_naive).transpose()?,
        languages: languages(&row.languages),
        origin: row.origin,
        published: row.published_at.map(day).transpose()?,
        updated: second(row.updated_at)?,
        confirmed_on: match row.confirmed_on {
            Some(d) => from_naive(d)?,
            None => day(row.published_at.unwrap_or(row.created_at))?,
        },
        slug: row.slug,
        title: row.title,
        summary: row.summary,
        description: row.description,
        city: row.city,
        website: row.website,
        contact_email: row.contact_email,
        source: row.source_url,
    })
}

/// The published initiatives with these slugs, in the order of `slugs` (slugs that are not, or
/// no longer, published are left out): what an export of a filtered list holds.
///
/// # Errors
/// When the database fails, or a row holds a country or date the domain refuses.
pub async fn published_by_slugs<C: ConnectionTrait>(
    db: &C,
    slugs: &[String],
) -> Result<Vec<PublishedInitiative>, DbErr> {
    if slugs.is_empty() {
        return Ok(Vec::new());
    }
    // Every published row in one query (an `IN` list of thousands of slugs would reach the
    // databases' parameter limits), kept in the order asked.
    let rows = initiative::Entity::find()
        .filter(initiative::Column::ModerationStatus.eq(ModerationStatus::Published))
        .all(db)
        .await?;
    let (mut types, mut commitments) = relations(db, None).await?;
    let mut versions = translations_of(db, None).await?;
    let mut by_slug: HashMap<String, initiative::Model> =
        rows.into_iter().map(|r| (r.slug.clone(), r)).collect();
    slugs
        .iter()
        .filter_map(|slug| by_slug.remove(slug))
        .map(|row| {
            let t = types.remove(&row.id).unwrap_or_default();
            let c = commitments.remove(&row.id).unwrap_or_default();
            let v = versions.remove(&row.id).unwrap_or_default();
            published_of(row, t, c, v)
        })
        .collect()
}

/// Every published initiative with every public field, oldest first: what the command line's
/// export writes.
///
/// # Errors
/// When the database fails, or a row holds a country or date the domain refuses.
pub async fn export_published<C: ConnectionTrait>(
    db: &C,
) -> Result<Vec<PublishedInitiative>, DbErr> {
    let rows = initiative::Entity::find()
        .filter(initiative::Column::ModerationStatus.eq(ModerationStatus::Published))
        .order_by_asc(initiative::Column::PublishedAt)
        .order_by_asc(initiative::Column::Id)
        .all(db)
        .await?;
    let (mut types, mut commitments) = relations(db, None).await?;
    let mut versions = translations_of(db, None).await?;
    rows.into_iter()
        .map(|row| {
            let t = types.remove(&row.id).unwrap_or_default();
            let c = commitments.remove(&row.id).unwrap_or_default();
            let v = versions.remove(&row.id).unwrap_or_default();
            published_of(row, t, c, v)
        })
        .collect()
}

/// How many initiatives are stored, in any state (the sample data loads only into an empty
/// database).
///
/// # Errors
/// When the database fails.
pub async fn count_all<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
    initiative::Entity::find().count(db).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book(taken: &[&str]) -> SlugBook {
        SlugBook {
            taken: taken.iter().map(|s| (*s).to_owned()).collect(),
            next: HashMap::new(),
        }
    }

    #[test]
    fn a_free_base_is_its_own_slug_and_is_then_taken() {
        let mut slugs = book(&["lviv-shelter-2"]);
        assert_eq!(slugs.claim("lviv-shelter"), "lviv-shelter");
        assert_eq!(slugs.claim("lviv-shelter"), "lviv-shelter-3");
        assert_eq!(slugs.claim("lviv-shelter"), "lviv-shelter-4");
    }

    #[test]
    fn taken_slugs_are_numbered_from_two_skipping_the_stored_ones() {
        let mut slugs = book(&["gdansk-trams", "gdansk-trams-2", "gdansk-trams-4"]);
        assert_eq!(slugs.claim("gdansk-trams"), "gdansk-trams-3");
        assert_eq!(slugs.claim("gdansk-trams"), "gdansk-trams-5");
        assert_eq!(slugs.claim("gdansk"), "gdansk");
    }

    #[test]
    fn ten_thousand_identical_titles_get_distinct_slugs_quickly() {
        let mut slugs = book(&[]);
        let all: std::collections::HashSet<String> =
            (0..10_000).map(|_| slugs.claim("city-help")).collect();
        assert_eq!(all.len(), 10_000);
        assert!(all.contains("city-help") && all.contains("city-help-10000"));
    }
}
