//! The published directory held in memory, so the list page filters, counts facets and pages
//! without recounting in SQL on every request. It is rebuilt from the database after every write
//! this instance makes; on PostgreSQL whenever the database announces a change to what is
//! published (`LISTEN icc_directory`, sent by a trigger at commit, whoever wrote), within
//! milliseconds; and, as a safety net on both databases, whenever a cheap revision check
//! (every few seconds) shows that another process changed the data. So every instance
//! converges on the database's content, and serves its last snapshot while the database is
//! away.

pub mod page_cache;
pub mod statistics;
pub mod text;
use crate::domain::{
    Commitment, ConfirmRule, CountryCode, FilterProblem, Freshness, InitiativeType, IsoDate,
    ListFilter, ModerationStatus, SortOrder, PAGE_SIZE,
};
use crate::server::directory::text::{fold, search_terms};
use crate::server::store::entities::initiative;
use crate::server::store::initiatives::relations;
use crate::wire::types::{
    CardVersion, FacetCount, HomeData, InitiativeCard, ListPage, Origin, SimilarInitiative, Totals,
};
use futures::StreamExt;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
};
use std::collections::HashSet;
use std::sync::{Arc, RwLock};

struct Entry {
    card: InitiativeCard,
    /// Its last change (the sitemap's day, the API's time).
    updated: chrono::DateTime<chrono::Utc>,
    types: u16,
    commitments: u8,
    /// Its search words (`store::initiatives::search_text`), as positions in
    /// `Snapshot::words`: every distinct word is kept once for the whole directory, so the
    /// three languages' text of 100,000 initiatives fits in memory (issue 17).
    search: Box<[u32]>,
    /// Position of its folded city name in `Snapshot::cities`.
    city: u32,
}

/// What a filter pass reads of one initiative, packed into 6 bytes so the pass over 10,000 of
/// them stays in the CPU cache (the cards are only touched for the page shown).
#[derive(Clone, Copy)]
struct Facets {
    /// Position of the country in `Snapshot::countries`.
    country: u16,
    types: u16,
    commitments: u8,
    /// Its `Freshness::bit` on the snapshot's day.
    freshness: u8,
}

/// What the snapshot reads of one published initiative.
#[derive(FromQueryResult)]
struct CardRow {
    id: i32,
    slug: String,
    text_language: crate::domain::UiLanguage,
    text_version: i32,
    title: String,
    summary: String,
    city: String,
    city_sort: String,
    country: String,
    activity_status: crate::domain::ActivityStatus,
    end_date: Option<chrono::NaiveDate>,
    confirmed_on: Option<chrono::NaiveDate>,
    origin: Origin,
    search_text: String,
    created_at: chrono::DateTime<chrono::Utc>,
    updated_at: chrono::DateTime<chrono::Utc>,
    published_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// What a card shows of one version of an initiative's text.
#[derive(FromQueryResult)]
struct VersionRow {
    initiative_id: i32,
    language: crate::domain::UiLanguage,
    title: String,
    summary: String,
    /// A machine's version is labelled as such on the card.
    source: crate::domain::VersionSource,
    made_from: i32,
}

/// The title and summary of every version, by initiative: streamed, only the columns a card
/// needs (the descriptions stay in the database).
async fn card_versions(
    db: &DatabaseConnection,
) -> Result<std::collections::HashMap<i32, Vec<VersionRow>>, DbErr> {
    use crate::server::store::entities::initiative_translation as version;
    let mut rows = version::Entity::find()
        .select_only()
        .columns([
            version::Column::InitiativeId,
            version::Column::Language,
            version::Column::Title,
            version::Column::Summary,
            version::Column::Source,
            version::Column::MadeFrom,
        ])
        .into_model::<VersionRow>()
        .stream(db)
        .await?;
    let mut by_id: std::collections::HashMap<i32, Vec<VersionRow>> =
        std::collections::HashMap::new();
    while let Some(row) = rows.next().await {
        let row = row?;
        by_id.entry(row.initiative_id).or_default().push(row);
    }
    drop(rows);
    by_id
        .values_mut()
        .for_each(|v| v.sort_by_key(|t| t.language));
    Ok(by_id)
}

/// An immutable snapshot of the published initiatives, newest first.
#[derive(Default)]
pub struct Snapshot {
    entries: Vec<Entry>,
    /// `entries`' facets, same order.
    facets: Vec<Facets>,
    /// What the figures of `/statistics` read of each entry, same order (`statistics`).
    tallies: Vec<statistics::Tally>,
    /// How many distinct places (country and folded city) the tallies name.
    places: u32,
    /// Positions in `entries` ordered by city, then title.
    by_city: Vec<u32>,
    /// Positions in `entries` confirmed and running first, then due, unconfirmed and ended,
    /// each newest first: the list's default order (issue 23).
    by_freshness: Vec<u32>,
    /// The rule and the day the freshness of every entry was computed with: a new day makes
    /// a new snapshot (`Directory::refresh_if_changed`).
    clock: FreshnessClock,
    /// Countries with at least one published initiative, by code.
    countries: Vec<CountryCode>,
    /// The folded names of the cities with a published initiative (`krakow`), sorted.
    cities: Vec<String>,
    /// Every distinct search word of the published initiatives, once.
    words: Vec<Box<str>>,
    totals: Totals,
    revision: Revision,
    /// The latest change to any stored initiative when the snapshot was taken (publishing,
    /// editing and unpublishing all move it): what the API gives as `Last-Modified`.
    changed: Option<chrono::DateTime<chrono::Utc>>,
}

/// One initiative of a page of the public API's list: its card and what the card leaves out.
pub struct Listed {
    pub card: InitiativeCard,
    pub commitments: Vec<Commitment>,
    pub updated: chrono::DateTime<chrono::Utc>,
}

/// What changes whenever the stored initiatives change: (rows, latest update).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Revision(i64, Option<String>);

#[derive(FromQueryResult)]
struct RevisionRow {
    rows: i64,
    latest: Option<chrono::DateTime<chrono::Utc>>,
}

/// # Errors
/// When the database fails.
pub async fn revision(db: &DatabaseConnection) -> Result<Revision, DbErr> {
    use sea_orm::sea_query::{Expr, Func};
    let row = initiative::Entity::find()
        .filter(initiative::Column::ModerationStatus.eq(ModerationStatus::Published))
        .select_only()
        .column_as(
            Expr::from(Func::count(Expr::col(initiative::Column::Id))),
            "rows",
        )
        .column_as(
            Expr::from(Func::max(Expr::col(initiative::Column::UpdatedAt))),
            "latest",
        )
        .into_model::<RevisionRow>()
        .one(db)
        .await?;
    Ok(row.map_or_else(Revision::default, |r| {
        Revision(r.rows, r.latest.map(|d| d.to_rfc3339()))
    }))
}

#[derive(FromQueryResult)]
struct LastChangeRow {
    latest: Option<chrono::DateTime<chrono::Utc>>,
}

/// The latest `updated_at` of any initiative, published or not.
async fn last_change(
    db: &DatabaseConnection,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, DbErr> {
    use sea_orm::sea_query::{Expr, Func};
    let row = initiative::Entity::find()
        .select_only()
        .column_as(
            Expr::from(Func::max(Expr::col(initiative::Column::UpdatedAt))),
            "latest",
        )
        .into_model::<LastChangeRow>()
        .one(db)
        .await?;
    Ok(row.and_then(|r| r.latest))
}

/// A filter made ready for a pass over one snapshot.
struct Selection {
    /// Which positions of the snapshot's countries are chosen (all when none is); a chosen
    /// country without initiatives has no position and matches nothing.
    country_chosen: Vec<bool>,
    type_mask: u16,
    commitment_mask: u8,
    /// The chosen `Freshness::bit`s (none: all).
    freshness_mask: u8,
    /// For each search term, which of the snapshot's words contain it (a bit per word): an
    /// initiative matches a term when one of its words does, as a substring of its text did.
    terms: Vec<Vec<u64>>,
    /// When the filter names cities: which positions of the snapshot's cities are chosen
    /// (compared folded: `Krakow` = `Kraków`). A city only narrows the list, like the search:
    /// it is not a facet with counts.
    city_chosen: Option<Vec<bool>>,
}

/// The rule and the day an initiative's freshness is computed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FreshnessClock {
    pub rule: ConfirmRule,
    pub today: IsoDate,
}

impl Default for FreshnessClock {
    /// The default rule, today by the system's clock.
    fn default() -> Self {
        Self {
            rule: ConfirmRule::default(),
            today: today_by_system(),
        }
    }
}

/// Today in UTC by the system's clock.
pub fn today_by_system() -> IsoDate {
    as_iso(chrono::Utc::now().date_naive())
        .unwrap_or_else(|| IsoDate::from_ymd(2200, 12, 31).expect("a valid date"))
}

/// A stored date as the domain's (`None` outside 1900–2200).
pub fn as_iso(date: chrono::NaiveDate) -> Option<IsoDate> {
    use chrono::Datelike;
    IsoDate::from_ymd(
        u16::try_from(date.year()).ok()?,
        u8::try_from(date.month()).ok()?,
        u8::try_from(date.day()).ok()?,
    )
}

impl Selection {
    fn new(snapshot: &Snapshot, filter: &ListFilter) -> Self {
        let mut country_chosen = vec![filter.countries.is_empty(); snapshot.countries.len()];
        for c in &filter.countries {
            if let Ok(k) = snapshot.countries.binary_search(c) {
                country_chosen[k] = true;
            }
        }
        Self {
            country_chosen,
            type_mask: filter.types.iter().fold(0u16, |m, t| m | t.bit()),
            commitment_mask: filter.commitments.iter().fold(0u8, |m, c| m | c.bit()),
            freshness_mask: filter.freshness.iter().fold(0u8, |m, f| m | f.bit()),
            terms: search_terms(&filter.q)
                .iter()
                .map(|term| {
                    let mut bits = vec![0u64; snapshot.words.len().div_ceil(64)];
                    for (k, word) in snapshot.words.iter().enumerate() {
                        if word.contains(term.as_str()) {
                            bits[k / 64] |= 1 << (k % 64);
                        }
                    }
                    bits
                })
                .collect(),
            city_chosen: (!filter.cities.is_empty()).then(|| {
                let mut chosen = vec![false; snapshot.cities.len()];
                for city in &filter.cities {
                    if let Ok(k) = snapshot.cities.binary_search(&fold(city)) {
                        chosen[k] = true;
                    }
                }
                chosen
            }),
        }
    }

    /// For entry `i`: `None` when the search leaves it out, else whether its country, its
    /// types, its commitments and its freshness are among the chosen ones (each facet's
    /// count ignores its own choice).
    #[inline]
    fn test(&self, snapshot: &Snapshot, i: usize) -> Option<(bool, bool, bool, bool)> {
        if let Some(chosen) = &self.city_chosen {
            if !chosen[snapshot.entries[i].city as usize] {
                return None;
            }
        }
        if !self.terms.is_empty()
            && !self.terms.iter().all(|bits| {
                snapshot.entries[i]
                    .search
                    .iter()
                    .any(|&w| bits[w as usize / 64] & (1 << (w % 64)) != 0)
            })
        {
            return None;
        }
        let e = &snapshot.facets[i];
        Some((
            self.country_chosen
                .get(usize::from(e.country))
                .copied()
                .unwrap_or(false),
            self.type_mask == 0 || e.types & self.type_mask != 0,
            self.commitment_mask == 0 || e.commitments & self.commitment_mask != 0,
            self.freshness_mask == 0 || e.freshness & self.freshness_mask != 0,
        ))
    }
}

impl Snapshot {
    /// Reads every published initiative in three queries.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn load(db: &DatabaseConnection) -> Result<Self, DbErr> {
        Self::load_on(db, FreshnessClock::default()).await
    }

    /// Reads every published initiative, their freshness computed with `clock`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn load_on(db: &DatabaseConnection, clock: FreshnessClock) -> Result<Self, DbErr> {
        let revision = revision(db).await?;
        let changed = last_change(db).await?;
        let (mut types, mut commitments) = relations(db, None).await?;
        let mut versions = card_versions(db).await?;
        // Only the columns a card and the filters need, one row at a time: collecting every
        // row whole first cost some 400 MB at 100,000 initiatives on SQLite, whose rows are
        // allocated by its connection threads and not reused once they are idle.
        let mut rows = initiative::Entity::find()
            .filter(initiative::Column::ModerationStatus.eq(ModerationStatus::Published))
            .select_only()
            .columns([
                initiative::Column::Id,
                initiative::Column::Slug,
                initiative::Column::TextLanguage,
                initiative::Column::TextVersion,
                initiative::Column::Title,
                initiative::Column::Summary,
                initiative::Column::City,
                initiative::Column::CitySort,
                initiative::Column::Country,
                initiative::Column::ActivityStatus,
                initiative::Column::EndDate,
                initiative::Column::ConfirmedOn,
                initiative::Column::Origin,
                initiative::Column::SearchText,
                initiative::Column::CreatedAt,
                initiative::Column::UpdatedAt,
                initiative::Column::PublishedAt,
            ])
            .into_model::<CardRow>()
            .stream(db)
            .await?;
        let mut entries: Vec<(chrono::DateTime<chrono::Utc>, i32, String, Entry)> = Vec::new();
        let mut vocabulary: std::collections::HashMap<Box<str>, u32> =
            std::collections::HashMap::new();
        while let Some(row) = rows.next().await {
            let row = row?;
            let Ok(country) = CountryCode::parse(&row.country) else {
                continue;
            };
            let types = types.remove(&row.id).unwrap_or_default();
            let commitments = commitments.remove(&row.id).unwrap_or_default();
            let published = row.published_at.unwrap_or(row.created_at);
            // Rows published before confirmations were kept count from their publication.
            let confirmed_on = row
                .confirmed_on
                .and_then(as_iso)
                .or_else(|| as_iso(published.date_naive()))
                .unwrap_or(clock.today);
            let freshness = clock
                .rule
                .freshness(confirmed_on, row.activity_status, clock.today);
            let translations = versions
                .remove(&row.id)
                .unwrap_or_default()
                .into_iter()
                .map(|v| CardVersion {
                    language: v.language,
                    title: v.title,
                    summary: v.summary,
                    source: v.source,
                    outdated: v.made_from < row.text_version,
                })
                .collect();
            let entry = Entry {
                updated: row.updated_at,
                types: types.iter().fold(0, |m, t| m | t.bit()),
                commitments: commitments.iter().fold(0, |m, c| m | c.bit()),
                search: row
                    .search_text
                    .split(' ')
                    .filter(|w| !w.is_empty())
                    .map(|w| {
                        let next = u32::try_from(vocabulary.len()).unwrap_or(u32::MAX);
                        *vocabulary.entry(w.into()).or_insert(next)
                    })
                    .collect(),
                city: 0,
                card: InitiativeCard {
                    slug: row.slug,
                    text_language: row.text_language,
                    translations,
                    title: row.title,
                    summary: row.summary,
                    city: row.city,
                    country,
                    types,
                    activity: row.activity_status,
                    origin: row.origin,
                    published: published.date_naive().to_string(),
                    confirmed_on: confirmed_on.to_string(),
                    freshness,
                    ended_on: row.end_date.map(|d| d.to_string()),
                },
            };
            entries.push((published, row.id, row.city_sort, entry));
        }
        drop(rows);
        entries.shrink_to_fit();
        // Newest first; equal times by id, newest first.
        entries.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
        let mut by_city: Vec<u32> = (0..entries.len() as u32).collect();
        by_city.sort_by(|&a, &b| {
            let (a, b) = (&entries[a as usize], &entries[b as usize]);
            a.2.cmp(&b.2)
                .then_with(|| a.3.card.title.cmp(&b.3.card.title))
                .then(b.1.cmp(&a.1))
        });
        let mut entries: Vec<Entry> = entries.into_iter().map(|e| e.3).collect();
        let mut by_freshness: Vec<u32> = (0..entries.len() as u32).collect();
        // Stable: newest first within each state.
        by_freshness.sort_by_key(|&i| entries[i as usize].card.freshness.rank());
        let folded: Vec<String> = entries.iter().map(|e| fold(e.card.city.trim())).collect();
        let mut cities = folded.clone();
        cities.sort();
        cities.dedup();
        for (e, city) in entries.iter_mut().zip(&folded) {
            e.city = cities.binary_search(city).map_or(0, |k| k as u32);
        }
        let mut countries: Vec<CountryCode> = entries.iter().map(|e| e.card.country).collect();
        countries.sort();
        countries.dedup();
        let facets: Vec<Facets> = entries
            .iter()
            .map(|e| Facets {
                country: countries
                    .binary_search(&e.card.country)
                    .map_or(u16::MAX, |i| i as u16),
                types: e.types,
                commitments: e.commitments,
                freshness: e.card.freshness.bit(),
            })
            .collect();
        let (tallies, place_count) = statistics::tallies(&entries, &facets);
        let places: HashSet<(CountryCode, &str)> = entries
            .iter()
            .zip(&folded)
            .map(|(e, city)| (e.card.country, city.as_str()))
            .collect();
        let totals = Totals {
            initiatives: entries.len() as u32,
            cities: places.len() as u32,
            countries: countries.len() as u32,
            samples: entries
                .iter()
                .filter(|e| e.card.origin == Origin::Sample)
                .count() as u32,
        };
        let mut words: Vec<Box<str>> = vec![Box::from(""); vocabulary.len()];
        for (word, k) in vocabulary {
            words[k as usize] = word;
        }
        Ok(Self {
            words,
            entries,
            facets,
            tallies,
            places: place_count,
            by_city,
            by_freshness,
            clock,
            countries,
            cities,
            totals,
            revision,
            changed,
        })
    }

    /// About how many bytes of memory the snapshot holds (its vectors and strings).
    pub fn heap_bytes(&self) -> usize {
        let strings = |e: &Entry| {
            e.search.len() * 4
                + e.card.slug.capacity()
                + e.card.title.capacity()
                + e.card.summary.capacity()
                + e.card.city.capacity()
                + e.card.published.capacity()
                + e.card.types.capacity() * std::mem::size_of::<InitiativeType>()
                + e.card.translations.capacity() * std::mem::size_of::<CardVersion>()
                + e.card
                    .translations
                    .iter()
                    .map(|v| v.title.capacity() + v.summary.capacity())
                    .sum::<usize>()
        };
        self.entries.capacity() * std::mem::size_of::<Entry>()
            + self.entries.iter().map(strings).sum::<usize>()
            + self.facets.capacity() * std::mem::size_of::<Facets>()
            + self.tallies.capacity() * std::mem::size_of::<statistics::Tally>()
            + self.by_city.capacity() * 4
            + self.by_freshness.capacity() * 4
            + self.cities.iter().map(|c| c.capacity() + 24).sum::<usize>()
            + self.words.iter().map(|w| w.len() + 16).sum::<usize>()
    }

    /// The latest change to any stored initiative when the snapshot was taken.
    pub fn changed(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.changed
    }

    /// The total the filter selects and its page `page` of `per_page` initiatives (the public
    /// API's list; the list page shows `PAGE_SIZE` per page through [`Snapshot::list`]).
    pub fn page_of(&self, filter: &ListFilter, page: u32, per_page: usize) -> (usize, Vec<Listed>) {
        let selection = Selection::new(self, filter);
        let matching: Vec<usize> = self
            .in_order(filter.sort)
            .filter(|&i| selection.test(self, i) == Some((true, true, true, true)))
            .collect();
        let skip = (page.saturating_sub(1) as usize).saturating_mul(per_page);
        let items = matching
            .iter()
            .skip(skip)
            .take(per_page)
            .map(|&i| {
                let e = &self.entries[i];
                Listed {
                    card: e.card.clone(),
                    commitments: Commitment::ALL
                        .into_iter()
                        .filter(|c| e.commitments & c.bit() != 0)
                        .collect(),
                    updated: e.updated,
                }
            })
            .collect();
        (matching.len(), items)
    }

    /// As [`Snapshot::page_of`], of the initiatives that also changed at or after `since`
    /// (HSDS's `modified_after`); only the page's cards are copied.
    pub fn page_since(
        &self,
        filter: &ListFilter,
        since: Option<chrono::DateTime<chrono::Utc>>,
        page: u32,
        per_page: usize,
    ) -> (usize, Vec<Listed>) {
        let selection = Selection::new(self, filter);
        let matching: Vec<usize> = self
            .in_order(filter.sort)
            .filter(|&i| since.is_none_or(|t| self.entries[i].updated >= t))
            .filter(|&i| selection.test(self, i) == Some((true, true, true, true)))
            .collect();
        let skip = (page.saturating_sub(1) as usize).saturating_mul(per_page);
        let items = matching
            .iter()
            .skip(skip)
            .take(per_page)
            .map(|&i| {
                let e = &self.entries[i];
                Listed {
                    card: e.card.clone(),
                    commitments: Commitment::ALL
                        .into_iter()
                        .filter(|c| e.commitments & c.bit() != 0)
                        .collect(),
                    updated: e.updated,
                }
            })
            .collect();
        (matching.len(), items)
    }

    /// Published initiatives of the same city (folded: `Krakow` = `Kraków`) whose titles share
    /// words of three letters or more with `title`, most shared words first.
    pub fn similar(
        &self,
        country: &str,
        city: &str,
        title: &str,
        max: usize,
    ) -> Vec<SimilarInitiative> {
        let Ok(country) = CountryCode::parse(country) else {
            return Vec::new();
        };
        let city = fold(city.trim());
        let words: Vec<String> = search_terms(title)
            .into_iter()
            .filter(|w| w.chars().count() >= 3)
            .collect();
        if city.is_empty() || words.is_empty() {
            return Vec::new();
        }
        let mut scored: Vec<(usize, &InitiativeCard)> = self
            .entries
            .iter()
            .filter(|e| e.card.country == country && self.cities[e.city as usize] == city)
            .filter_map(|e| {
                let t = fold(&e.card.title);
                let n = words.iter().filter(|w| t.contains(w.as_str())).count();
                (n > 0).then_some((n, &e.card))
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0));
        scored
            .into_iter()
            .take(max)
            .map(|(_, c)| SimilarInitiative {
                slug: c.slug.clone(),
                title: c.title.clone(),
                city: c.city.clone(),
            })
            .collect()
    }

    /// The positions of the entries in `sort` order.
    fn in_order(&self, sort: SortOrder) -> Box<dyn Iterator<Item = usize> + '_> {
        match sort {
            SortOrder::Newest => Box::new(self.by_freshness.iter().map(|&i| i as usize)),
            SortOrder::Oldest => Box::new((0..self.entries.len()).rev()),
            SortOrder::City => Box::new(self.by_city.iter().map(|&i| i as usize)),
        }
    }

    /// The slugs of every initiative the filter selects (all of them, not one page), in its
    /// order: what the open-data exports hold.
    pub fn selected_slugs(&self, filter: &ListFilter) -> Vec<String> {
        let selection = Selection::new(self, filter);
        self.in_order(filter.sort)
            .filter(|&i| selection.test(self, i) == Some((true, true, true, true)))
            .map(|i| self.entries[i].card.slug.clone())
            .collect()
    }

    /// Every published initiative's slug and the day it last changed, newest first.
    pub fn pages(&self) -> impl Iterator<Item = (&str, chrono::NaiveDate)> {
        self.entries
            .iter()
            .map(|e| (e.card.slug.as_str(), e.updated.date_naive()))
    }

    /// The rule and day the snapshot's freshness was computed with.
    pub fn clock(&self) -> FreshnessClock {
        self.clock
    }

    pub fn totals(&self) -> Totals {
        self.totals
    }

    pub fn home(&self, latest: usize) -> HomeData {
        HomeData {
            totals: self.totals,
            latest: self
                .entries
                .iter()
                .take(latest)
                .map(|e| e.card.clone())
                .collect(),
        }
    }

    /// Filters, counts and pages in one pass over the snapshot.
    pub fn list(&self, filter: ListFilter, problems: Vec<FilterProblem>) -> ListPage {
        let selection = Selection::new(self, &filter);
        let mut country_counts = vec![0u32; self.countries.len()];
        let mut type_counts = [0u32; InitiativeType::ALL.len()];
        let mut commitment_counts = [0u32; 5];
        let mut freshness_counts = [0u32; Freshness::ALL.len()];
        let mut matching = vec![false; self.entries.len()];
        let mut total = 0u32;

        for (i, e) in self.facets.iter().enumerate() {
            let Some((by_country, by_type, by_commitment, by_freshness)) = selection.test(self, i)
            else {
                continue;
            };
            let country = usize::from(e.country);
            if by_country && by_type && by_commitment {
                freshness_counts[e.freshness.trailing_zeros() as usize & 3] += 1;
            }
            let (by_type, by_commitment) = (by_type && by_freshness, by_commitment && by_freshness);
            if by_type && by_commitment {
                if let Some(count) = country_counts.get_mut(country) {
                    *count += 1;
                }
            }
            if by_country && by_commitment {
                let mut bits = e.types;
                while bits != 0 {
                    type_counts[bits.trailing_zeros() as usize] += 1;
                    bits &= bits - 1;
                }
            }
            if by_country && by_type {
                let mut bits = e.commitments;
                while bits != 0 {
                    commitment_counts[bits.trailing_zeros() as usize] += 1;
                    bits &= bits - 1;
                }
            }
            if by_country && by_type && by_commitment {
                matching[i] = true;
                total += 1;
            }
        }

        let pages = (total as usize).div_ceil(PAGE_SIZE).max(1) as u32;
        let skip = (filter.page.saturating_sub(1) as usize) * PAGE_SIZE;
        let items = self
            .in_order(filter.sort)
            .filter(|&i| matching[i])
            .skip(skip)
            .take(PAGE_SIZE)
            .map(|i| self.entries[i].card.clone())
            .collect();

        let mut countries = facet(
            self.countries.iter().copied(),
            country_counts,
            &filter.countries,
        );
        // A chosen country without any initiative still shows, so it can be unchosen.
        for &c in &filter.countries {
            if self.countries.binary_search(&c).is_err() {
                countries.push(FacetCount {
                    value: c,
                    count: 0,
                    selected: true,
                });
            }
        }
        countries.sort_by_key(|f| f.value);
        let types = facet(InitiativeType::ALL, type_counts, &filter.types);
        let commitments = facet(Commitment::ALL, commitment_counts, &filter.commitments);
        let freshness = facet(Freshness::ALL, freshness_counts, &filter.freshness);
        ListPage {
            filter,
            problems,
            items,
            total,
            pages,
            countries,
            types,
            commitments,
            freshness,
        }
    }
}

/// Pairs each option with its count and whether it is chosen.
fn facet<T: Copy + PartialEq>(
    values: impl IntoIterator<Item = T>,
    counts: impl IntoIterator<Item = u32>,
    chosen: &[T],
) -> Vec<FacetCount<T>> {
    values
        .into_iter()
        .zip(counts)
        .map(|(value, count)| FacetCount {
            value,
            count,
            selected: chosen.contains(&value),
        })
        .collect()
}

/// The PostgreSQL channel on which the database announces changes to what is published (the
/// trigger of migration `m20261130_000006_several_instances`).
pub const CHANGES_CHANNEL: &str = "icc_directory";

/// The current snapshot, shared by all requests of this instance.
#[derive(Clone, Default)]
pub struct Directory {
    current: Arc<RwLock<Arc<Snapshot>>>,
    /// One rebuild at a time, so a slower, older one never replaces a newer snapshot.
    rebuilding: Arc<tokio::sync::Mutex<()>>,
    /// Counts rebuilds, so caches of pages built from a snapshot know when they are stale.
    generation: Arc<std::sync::atomic::AtomicU64>,
    /// The confirmation rule, and a day set by tests instead of the system's clock.
    clock: Arc<RwLock<(ConfirmRule, Option<IsoDate>)>>,
}

impl Directory {
    /// # Errors
    /// When the database fails.
    pub async fn load(db: &DatabaseConnection) -> Result<Self, DbErr> {
        let directory = Self::default();
        directory.refresh(db).await?;
        let snapshot = directory.snapshot();
        tracing::info!(
            initiatives = snapshot.totals.initiatives,
            megabytes = snapshot.heap_bytes() / 1_000_000,
            "directory loaded"
        );
        Ok(directory)
    }

    /// The same directory computing freshness with `rule` (the settings'); call before the
    /// first `refresh`.
    pub fn with_rule(self, rule: ConfirmRule) -> Self {
        match self.clock.write() {
            Ok(mut guard) => guard.0 = rule,
            Err(poisoned) => poisoned.into_inner().0 = rule,
        }
        self
    }

    /// Tests set the day (`None`: the system's clock again); the next refresh uses it.
    pub fn set_today(&self, today: Option<IsoDate>) {
        match self.clock.write() {
            Ok(mut guard) => guard.1 = today,
            Err(poisoned) => poisoned.into_inner().1 = today,
        }
    }

    /// The rule and today's date as this directory computes freshness now.
    pub fn clock(&self) -> FreshnessClock {
        let (rule, fixed) = match self.clock.read() {
            Ok(guard) => *guard,
            Err(poisoned) => *poisoned.into_inner(),
        };
        FreshnessClock {
            rule,
            today: fixed.unwrap_or_else(today_by_system),
        }
    }

    /// Changes every time the published data may have changed.
    pub fn generation(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::Acquire)
    }

    pub fn snapshot(&self) -> Arc<Snapshot> {
        match self.current.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Rebuilds the snapshot from the database. Call after every write to initiatives.
    ///
    /// # Errors
    /// When the database fails; the previous snapshot stays.
    pub async fn refresh(&self, db: &DatabaseConnection) -> Result<(), DbErr> {
        let _turn = self.rebuilding.lock().await;
        let fresh = Arc::new(Snapshot::load_on(db, self.clock()).await?);
        match self.current.write() {
            Ok(mut guard) => *guard = fresh,
            Err(poisoned) => *poisoned.into_inner() = fresh,
        }
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
        Ok(())
    }

    /// Rebuilds only when another process changed the data since the snapshot was taken.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn refresh_if_changed(&self, db: &DatabaseConnection) -> Result<bool, DbErr> {
        let snapshot = self.snapshot();
        // A new day may change freshness without any write.
        if revision(db).await? == snapshot.revision && self.clock() == snapshot.clock {
            return Ok(false);
        }
        self.refresh(db).await?;
        Ok(true)
    }

    /// Keeps this instance in step with writes made elsewhere (the CLI, other instances): on
    /// PostgreSQL by listening for the database's change notices, and on both databases by
    /// checking the revision `every` so often.
    pub fn watch(&self, db: DatabaseConnection, every: std::time::Duration) {
        if db.get_database_backend() == sea_orm::DbBackend::Postgres {
            self.listen(db.clone());
        }
        let directory = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            loop {
                tick.tick().await;
                if let Err(e) = directory.refresh_if_changed(&db).await {
                    tracing::warn!(error = %e, "directory refresh failed");
                }
            }
        });
    }

    /// Rebuilds on every `NOTIFY icc_directory` (several notices that arrived during one
    /// rebuild make one more). After a lost connection it reconnects, once a second while the
    /// database is away, and rebuilds once listening again: notices are not kept for absent
    /// listeners.
    fn listen(&self, db: DatabaseConnection) {
        use sea_orm::sqlx::postgres::PgListener;
        let directory = self.clone();
        tokio::spawn(async move {
            let pause = std::time::Duration::from_secs(1);
            let mut listening_before = false;
            loop {
                let pool = db.get_postgres_connection_pool();
                // The server is stopping: nothing left to keep in step.
                if pool.is_closed() {
                    return;
                }
                let mut listener = match PgListener::connect_with(pool).await {
                    Ok(listener) => listener,
                    Err(e) => {
                        tracing::debug!(error = %e, "cannot listen for changes yet");
                        tokio::time::sleep(pause).await;
                        continue;
                    }
                };
                if let Err(e) = listener.listen(CHANGES_CHANNEL).await {
                    tracing::warn!(error = %e, "LISTEN {CHANGES_CHANNEL} failed");
                    tokio::time::sleep(pause).await;
                    continue;
                }
                if listening_before {
                    tracing::info!("listening for directory changes again");
                    directory.refresh_logged(&db).await;
                }
                listening_before = true;
                loop {
                    match listener.try_recv().await {
                        Ok(Some(_)) => {
                            while listener.next_buffered().is_some() {}
                            directory.refresh_logged(&db).await;
                        }
                        // The connection was lost: whatever changed meanwhile was not heard.
                        Ok(None) => directory.refresh_logged(&db).await,
                        Err(_) if pool.is_closed() => return,
                        Err(e) => {
                            tracing::warn!(error = %e, "listening for directory changes stopped");
                            tokio::time::sleep(pause).await;
                            break;
                        }
                    }
                }
            }
        });
    }

    async fn refresh_logged(&self, db: &DatabaseConnection) {
        if let Err(e) = self.refresh(db).await {
            tracing::warn!(error = %e, "directory refresh after a change notice failed");
        }
    }
}
