//! The published directory held in memory, so the list page filters, counts facets and pages
//! without recounting in SQL on every request. It is loaded whole at start; after every write
//! this instance makes, the changed initiatives are read again and applied to it (issue 20:
//! not every row); on PostgreSQL whenever the database announces a change to what is
//! published (`LISTEN icc_directory`, sent by a trigger at commit, whoever wrote, naming the
//! initiative), within milliseconds; and, as a safety net on both databases, it is loaded whole
//! again whenever a cheap revision check (every few seconds) shows that another process changed
//! the data. So every instance converges on the database's content, and serves its last
//! snapshot while the database is away.
//!
//! Each snapshot is immutable behind an `Arc`; a change makes a new one from the last (the
//! initiatives themselves are shared, not copied). Initiatives live in slots that keep their
//! number while the snapshot changes, so the text search index (`search`) stays valid: a
//! removed initiative leaves an empty slot, an added or edited one takes a new slot, tested
//! one by one until the index is built again.

pub mod page_cache;
mod search;
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
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

#[derive(Clone)]
struct Entry {
    /// The initiative's id in the database.
    id: i32,
    /// When it was first published: the newest-first order.
    published: chrono::DateTime<chrono::Utc>,
    /// Its city as sorted (`store::initiatives::city_sort`): the by-city order.
    city_sort: String,
    card: InitiativeCard,
    /// Its last change (the sitemap's day, the API's time).
    updated: chrono::DateTime<chrono::Utc>,
    types: u16,
    commitments: u8,
    /// Its search words (`store::initiatives::search_text`), as word ids of the snapshot's
    /// vocabulary (`Snapshot::word`): every distinct word is kept once for the whole
    /// directory, so the three languages' text of 100,000 initiatives fits in memory (issue 17).
    search: Box<[u32]>,
    /// Its folded city name's id in `Snapshot::cities`.
    city: u32,
}

/// What a filter pass reads of one slot, packed into 7 bytes so the pass over 10,000 of them
/// stays in the CPU cache (the cards are only touched for the page shown).
#[derive(Clone, Copy)]
struct Facets {
    /// The country's id in `Snapshot::countries`.
    country: u16,
    types: u16,
    commitments: u8,
    /// Its `Freshness::bit` on the snapshot's day.
    freshness: u8,
    /// Whether the slot holds an initiative (a removed one leaves its slot empty).
    alive: bool,
}

/// What the snapshot reads of one initiative.
#[derive(FromQueryResult)]
struct CardRow {
    id: i32,
    slug: String,
    moderation_status: ModerationStatus,
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

/// The title and summary of every version (of the initiatives `ids`, or all), by initiative:
/// streamed, only the columns a card needs (the descriptions stay in the database).
async fn card_versions(
    db: &DatabaseConnection,
    ids: Option<&[i32]>,
) -> Result<HashMap<i32, Vec<VersionRow>>, DbErr> {
    use crate::server::store::entities::initiative_translation as version;
    let mut query = version::Entity::find();
    if let Some(ids) = ids {
        query = query.filter(version::Column::InitiativeId.is_in(ids.iter().copied()));
    }
    let mut rows = query
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
    let mut by_id: HashMap<i32, Vec<VersionRow>> = HashMap::new();
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

/// Reads the initiatives `ids` (or every published one) in three queries, one row at a time,
/// and gives each published one to `each` as an entry whose words `intern` numbered; for `ids`,
/// also the latest change among them (published or not).
async fn read_entries(
    db: &DatabaseConnection,
    ids: Option<&[i32]>,
    clock: FreshnessClock,
    mut intern: impl FnMut(&str) -> u32,
    mut each: impl FnMut(Entry),
) -> Result<Option<chrono::DateTime<chrono::Utc>>, DbErr> {
    let (mut types, mut commitments) = relations(db, ids).await?;
    let mut versions = card_versions(db, ids).await?;
    let mut query = initiative::Entity::find();
    query = match ids {
        Some(ids) => query.filter(initiative::Column::Id.is_in(ids.iter().copied())),
        None => query.filter(initiative::Column::ModerationStatus.eq(ModerationStatus::Published)),
    };
    // Only the columns a card and the filters need, one row at a time: collecting every
    // row whole first cost some 400 MB at 100,000 initiatives on SQLite, whose rows are
    // allocated by its connection threads and not reused once they are idle.
    let mut rows = query
        .select_only()
        .columns([
            initiative::Column::Id,
            initiative::Column::Slug,
            initiative::Column::ModerationStatus,
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
    let mut latest = None;
    while let Some(row) = rows.next().await {
        let row = row?;
        latest = latest.max(Some(row.updated_at));
        if row.moderation_status != ModerationStatus::Published {
            continue;
        }
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
        each(Entry {
            id: row.id,
            published,
            city_sort: row.city_sort,
            updated: row.updated_at,
            types: types.iter().fold(0, |m, t| m | t.bit()),
            commitments: commitments.iter().fold(0, |m, c| m | c.bit()),
            search: row
                .search_text
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(&mut intern)
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
        });
    }
    Ok(latest)
}

/// Newest first; equal times by id, newest first.
fn newest_first(a: &Entry, b: &Entry) -> std::cmp::Ordering {
    b.published.cmp(&a.published).then(b.id.cmp(&a.id))
}

/// By city, then title; equal ones by id, newest first.
fn by_city(a: &Entry, b: &Entry) -> std::cmp::Ordering {
    a.city_sort
        .cmp(&b.city_sort)
        .then_with(|| a.card.title.cmp(&b.card.title))
        .then(b.id.cmp(&a.id))
}

/// An immutable snapshot of the published initiatives.
#[derive(Default, Clone)]
pub struct Snapshot {
    /// The initiatives by slot; a removed one leaves `None`.
    entries: Vec<Option<Arc<Entry>>>,
    /// `entries`' facets, by slot.
    facets: Vec<Facets>,
    /// What the figures of `/statistics` read of each slot (`statistics`).
    tallies: Vec<statistics::Tally>,
    /// How many place ids (country and folded city) the tallies use, and which.
    places: u32,
    place_ids: HashMap<(u16, u32), u32>,
    /// How many initiatives each place id has.
    place_live: Vec<u32>,
    /// The slots, newest first.
    newest: Vec<u32>,
    /// The slots by city, then title.
    by_city: Vec<u32>,
    /// The slots confirmed and running first, then due, unconfirmed and ended, each newest
    /// first: the list's default order (issue 23), made from `newest` after every change.
    by_freshness: Vec<u32>,
    /// The rule and the day the freshness of every entry was computed with: a new day makes
    /// a new snapshot (`Directory::refresh_if_changed`).
    clock: FreshnessClock,
    /// The slot of each initiative, by id.
    slots: HashMap<i32, u32>,
    /// The countries met so far, by id (`Facets::country`), and how many initiatives each has.
    countries: Vec<CountryCode>,
    country_live: Vec<u32>,
    /// The folded city names met so far (`krakow`), by id (`Entry::city`).
    cities: Vec<Box<str>>,
    city_ids: HashMap<Box<str>, u32>,
    /// The search index of the slots `0..index.slots()` and the first words.
    index: Arc<search::Index>,
    /// Words met since the index was built (ids from `index.words()` on).
    added_words: Vec<Box<str>>,
    added_word_ids: HashMap<Box<str>, u32>,
    totals: Totals,
    revision: Revision,
    /// Published rows the snapshot leaves out (an unreadable country): part of the revision.
    unlisted: i64,
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

/// How a selection finds the initiatives a search names.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Lookup {
    /// Through the search index.
    Index,
    /// By testing every initiative's words, as the list did before the index: the reference
    /// the index is compared with.
    #[cfg(test)]
    Scan,
}

/// A filter made ready for a pass over one snapshot.
struct Selection {
    /// Which country ids of the snapshot are chosen (all when none is); a chosen country
    /// without initiatives has no id and matches nothing.
    country_chosen: Vec<bool>,
    type_mask: u16,
    commitment_mask: u8,
    /// The chosen `Freshness::bit`s (none: all).
    freshness_mask: u8,
    /// For each search term, which of the snapshot's words contain it (a bit per word id): an
    /// initiative matches a term when one of its words does, as a substring of its text did.
    terms: Vec<Vec<u64>>,
    /// When there are search terms and the index was used: the slots holding every term,
    /// ascending (only these are tested).
    candidates: Option<Vec<u32>>,
    /// When the filter names cities: which city ids of the snapshot are chosen (compared
    /// folded: `Krakow` = `Kraków`). A city only narrows the list, like the search: it is not
    /// a facet with counts.
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

fn has_bit(bits: &[u64], k: u32) -> bool {
    bits[k as usize / 64] & (1 << (k % 64)) != 0
}

impl Selection {
    fn new(snapshot: &Snapshot, filter: &ListFilter) -> Self {
        Self::with(snapshot, filter, Lookup::Index)
    }

    fn with(snapshot: &Snapshot, filter: &ListFilter, lookup: Lookup) -> Self {
        let mut country_chosen = vec![filter.countries.is_empty(); snapshot.countries.len()];
        for c in &filter.countries {
            if let Some(k) = snapshot.countries.iter().position(|x| x == c) {
                country_chosen[k] = true;
            }
        }
        let words = snapshot.index.words() + snapshot.added_words.len();
        let mut postings_of_terms = Vec::new();
        let terms = search_terms(&filter.q)
            .iter()
            .map(|term| {
                let mut bits = vec![0u64; words.div_ceil(64)];
                let mut set = |k: usize| bits[k / 64] |= 1 << (k % 64);
                match lookup {
                    Lookup::Index => {
                        let found = snapshot.index.containing(term);
                        for &k in &found {
                            set(k as usize);
                        }
                        postings_of_terms.push(found);
                    }
                    #[cfg(test)]
                    Lookup::Scan => {
                        for k in 0..snapshot.index.words() {
                            if snapshot.index.word(k as u32).contains(term.as_str()) {
                                set(k);
                            }
                        }
                    }
                }
                for (k, word) in snapshot.added_words.iter().enumerate() {
                    if word.contains(term.as_str()) {
                        set(snapshot.index.words() + k);
                    }
                }
                bits
            })
            .collect::<Vec<_>>();
        let mut selection = Self {
            country_chosen,
            type_mask: filter.types.iter().fold(0u16, |m, t| m | t.bit()),
            commitment_mask: filter.commitments.iter().fold(0u8, |m, c| m | c.bit()),
            freshness_mask: filter.freshness.iter().fold(0u8, |m, f| m | f.bit()),
            terms,
            candidates: None,
            city_chosen: (!filter.cities.is_empty()).then(|| {
                let mut chosen = vec![false; snapshot.cities.len()];
                for city in &filter.cities {
                    if let Some(&k) = snapshot.city_ids.get(fold(city).as_str()) {
                        chosen[k as usize] = true;
                    }
                }
                chosen
            }),
        };
        // The term with the fewest postings names the candidates; the other terms are tested
        // on those only.
        if let Some((first, found)) =
            postings_of_terms
                .iter()
                .enumerate()
                .min_by_key(|(_, found)| {
                    found
                        .iter()
                        .map(|&w| snapshot.index.postings(w).len())
                        .sum::<usize>()
                })
        {
            let slots = snapshot.facets.len();
            let mut hit = vec![0u64; slots.div_ceil(64)];
            for &w in found {
                for &s in snapshot.index.postings(w) {
                    hit[s as usize / 64] |= 1 << (s % 64);
                }
            }
            for s in snapshot.index.slots() as usize..slots {
                if snapshot.holds(s, &selection.terms[first]) {
                    hit[s / 64] |= 1 << (s % 64);
                }
            }
            let mut candidates = Vec::new();
            for (k, &bits) in hit.iter().enumerate() {
                let mut bits = bits;
                while bits != 0 {
                    let s = k * 64 + bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    if snapshot.facets[s].alive
                        && selection
                            .terms
                            .iter()
                            .enumerate()
                            .all(|(t, term)| t == first || snapshot.holds(s, term))
                    {
                        candidates.push(s as u32);
                    }
                }
            }
            selection.candidates = Some(candidates);
        }
        selection
    }

    /// The slots holding an initiative the search selects, ascending.
    fn slots<'a>(&'a self, snapshot: &'a Snapshot) -> impl Iterator<Item = usize> + 'a {
        let (listed, all) = match &self.candidates {
            Some(c) => (Some(c.iter().map(|&s| s as usize)), None),
            None => (
                None,
                Some((0..snapshot.facets.len()).filter(move |&i| {
                    snapshot.facets[i].alive && self.terms.iter().all(|t| snapshot.holds(i, t))
                })),
            ),
        };
        listed
            .into_iter()
            .flatten()
            .chain(all.into_iter().flatten())
    }

    /// For slot `i` (one of `slots`): `None` when its city leaves it out, else whether its
    /// country, its types, its commitments and its freshness are among the chosen ones (each
    /// facet's count ignores its own choice).
    #[inline]
    fn test(&self, snapshot: &Snapshot, i: usize) -> Option<(bool, bool, bool, bool)> {
        if let Some(chosen) = &self.city_chosen {
            match &snapshot.entries[i] {
                Some(e) if chosen.get(e.city as usize).copied().unwrap_or(false) => {}
                _ => return None,
            }
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

    /// Whether slot `i` is selected by every part of the filter.
    fn selects(&self, snapshot: &Snapshot, i: usize) -> bool {
        self.test(snapshot, i) == Some((true, true, true, true))
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
        let mut vocabulary: HashMap<Box<str>, u32> = HashMap::new();
        let mut entries: Vec<Entry> = Vec::new();
        read_entries(
            db,
            None,
            clock,
            |w| {
                let next = u32::try_from(vocabulary.len()).unwrap_or(u32::MAX);
                *vocabulary.entry(w.into()).or_insert(next)
            },
            |e| entries.push(e),
        )
        .await?;
        let mut words: Vec<Box<str>> = vec![Box::from(""); vocabulary.len()];
        for (word, k) in vocabulary {
            words[k as usize] = word;
        }
        let mut snapshot = Self::assemble(entries, words);
        snapshot.clock = clock;
        snapshot.unlisted = revision.0 - i64::from(snapshot.totals.initiatives);
        snapshot.revision = revision;
        snapshot.changed = changed;
        Ok(snapshot)
    }

    /// A snapshot of `entries`, whose search words are ids of `words`, with its index built.
    fn assemble(mut entries: Vec<Entry>, words: Vec<Box<str>>) -> Self {
        entries.sort_by(newest_first);
        let mut snapshot = Self::default();
        for e in entries {
            snapshot.add(e);
        }
        snapshot.newest = (0..snapshot.entries.len() as u32).collect();
        snapshot.by_city = snapshot.newest.clone();
        let entries = &snapshot.entries;
        snapshot.by_city.sort_by(
            |&a, &b| match (&entries[a as usize], &entries[b as usize]) {
                (Some(a), Some(b)) => by_city(a, b),
                _ => std::cmp::Ordering::Equal,
            },
        );
        snapshot.build_index(words);
        snapshot.recount();
        snapshot
    }

    /// Indexes every slot's words, `words` being the whole vocabulary by id.
    fn build_index(&mut self, words: Vec<Box<str>>) {
        self.index = Arc::new(search::Index::build(
            words.iter().map(|w| &**w),
            self.entries
                .iter()
                .enumerate()
                .filter_map(|(s, e)| Some((s as u32, &*e.as_ref()?.search))),
            self.entries.len() as u32,
        ));
        self.added_words = Vec::new();
        self.added_word_ids = HashMap::new();
    }

    /// Word `id`'s text.
    fn word(&self, id: u32) -> &str {
        let first = self.index.words() as u32;
        if id < first {
            self.index.word(id)
        } else {
            self.added_words
                .get((id - first) as usize)
                .map_or("", |w| &**w)
        }
    }

    /// The id of `word`, numbering it when it is new.
    fn word_id(&mut self, word: &str) -> u32 {
        if let Some(id) = self.index.find(word) {
            return id;
        }
        if let Some(&id) = self.added_word_ids.get(word) {
            return id;
        }
        let id = u32::try_from(self.index.words() + self.added_words.len()).unwrap_or(u32::MAX);
        self.added_words.push(word.into());
        self.added_word_ids.insert(word.into(), id);
        id
    }

    /// Whether slot `i`'s words include one of `term`'s (a bit per word id).
    fn holds(&self, i: usize, term: &[u64]) -> bool {
        self.entries[i]
            .as_ref()
            .is_some_and(|e| e.search.iter().any(|&w| has_bit(term, w)))
    }

    /// Puts `e` in a new slot (not yet in the orders) and counts it.
    fn add(&mut self, mut e: Entry) -> u32 {
        let city = fold(e.card.city.trim());
        e.city = match self.city_ids.get(city.as_str()) {
            Some(&k) => k,
            None => {
                let k = self.cities.len() as u32;
                self.cities.push(city.as_str().into());
                self.city_ids.insert(city.into(), k);
                k
            }
        };
        let country = match self.countries.iter().position(|&c| c == e.card.country) {
            Some(k) => k,
            None => {
                self.countries.push(e.card.country);
                self.country_live.push(0);
                self.countries.len() - 1
            }
        };
        self.country_live[country] += 1;
        let facets = Facets {
            country: u16::try_from(country).unwrap_or(u16::MAX),
            types: e.types,
            commitments: e.commitments,
            freshness: e.card.freshness.bit(),
            alive: true,
        };
        let next = self.places;
        let place = *self
            .place_ids
            .entry((facets.country, e.city))
            .or_insert(next);
        if place == next {
            self.places += 1;
            self.place_live.push(0);
        }
        self.place_live[place as usize] += 1;
        self.tallies.push(statistics::tally(&e, place));
        self.facets.push(facets);
        let slot = self.entries.len() as u32;
        self.slots.insert(e.id, slot);
        self.entries.push(Some(Arc::new(e)));
        slot
    }

    /// Takes initiative `id` out, when it is in.
    fn remove(&mut self, id: i32) {
        let Some(slot) = self.slots.remove(&id) else {
            return;
        };
        let s = slot as usize;
        let Some(e) = self.entries[s].clone() else {
            return;
        };
        self.facets[s].alive = false;
        if let Some(n) = self
            .country_live
            .get_mut(usize::from(self.facets[s].country))
        {
            *n -= 1;
        }
        if let Some(n) = self.place_live.get_mut(self.tallies[s].place() as usize) {
            *n -= 1;
        }
        let entries = &self.entries;
        let at = self
            .newest
            .partition_point(|&k| match &entries[k as usize] {
                Some(other) => newest_first(other, &e).is_lt(),
                None => true,
            });
        if self.newest.get(at) == Some(&slot) {
            self.newest.remove(at);
        } else {
            self.newest.retain(|&k| k != slot);
        }
        let at = self
            .by_city
            .partition_point(|&k| match &entries[k as usize] {
                Some(other) => by_city(other, &e).is_lt(),
                None => true,
            });
        if self.by_city.get(at) == Some(&slot) {
            self.by_city.remove(at);
        } else {
            self.by_city.retain(|&k| k != slot);
        }
        self.entries[s] = None;
    }

    /// Adds `e` in a new slot and in both orders.
    fn insert(&mut self, e: Entry) {
        let slot = self.add(e);
        let entries = &self.entries;
        let Some(e) = &entries[slot as usize] else {
            return;
        };
        let before =
            |k: u32, order: fn(&Entry, &Entry) -> std::cmp::Ordering| match &entries[k as usize] {
                Some(other) => order(other, e).is_lt(),
                None => true,
            };
        let at = self.newest.partition_point(|&k| before(k, newest_first));
        self.newest.insert(at, slot);
        let at = self.by_city.partition_point(|&k| before(k, by_city));
        self.by_city.insert(at, slot);
    }

    /// The totals and the freshness order after a change.
    fn recount(&mut self) {
        // Newest first within each state: one stable pass per state over `newest`.
        let mut by_freshness = Vec::with_capacity(self.newest.len());
        for rank in Freshness::ALL.map(Freshness::rank) {
            by_freshness.extend(self.newest.iter().copied().filter(|&k| {
                self.entries[k as usize]
                    .as_ref()
                    .is_some_and(|e| e.card.freshness.rank() == rank)
            }));
        }
        self.by_freshness = by_freshness;
        self.totals = Totals {
            initiatives: self.newest.len() as u32,
            cities: self.place_live.iter().filter(|&&n| n > 0).count() as u32,
            countries: self.country_live.iter().filter(|&&n| n > 0).count() as u32,
            samples: self
                .live()
                .filter(|e| e.card.origin == Origin::Sample)
                .count() as u32,
        };
    }

    /// The initiatives, newest first.
    fn live(&self) -> impl Iterator<Item = &Entry> {
        self.newest
            .iter()
            .filter_map(|&k| self.entries[k as usize].as_deref())
    }

    /// This snapshot with the initiatives `ids` replaced by `fresh` (their current state; an
    /// initiative of `ids` not in `fresh` is no longer published), whose words are ids
    /// numbered by [`Snapshot::word_id`] of this snapshot.
    fn changed_by(
        self,
        ids: &[i32],
        fresh: Vec<Entry>,
        latest: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Self {
        let mut next = self;
        for &id in ids {
            next.remove(id);
        }
        for e in fresh {
            next.remove(e.id);
            next.insert(e);
        }
        next.recount();
        next.changed = next.changed.max(latest);
        next.revision = Revision(
            i64::from(next.totals.initiatives) + next.unlisted,
            next.live().map(|e| e.updated).max().map(|d| d.to_rfc3339()),
        );
        // Slots emptied or not yet indexed slow every search a little: past a few, the
        // snapshot is laid out again and its index rebuilt (from memory, not the database).
        let empty = next.entries.len() - next.newest.len();
        let unindexed = next.entries.len() - next.index.slots() as usize;
        if empty + unindexed > (next.newest.len() / 8).max(1024) {
            next = next.compacted();
        }
        next
    }

    /// The same initiatives in slots newest first, with a fresh index (words keep their ids).
    fn compacted(&self) -> Self {
        let words: Vec<Box<str>> = (0..(self.index.words() + self.added_words.len()) as u32)
            .map(|k| Box::from(self.word(k)))
            .collect();
        let entries: Vec<Entry> = self.live().cloned().collect();
        let mut next = Self::assemble(entries, words);
        next.clock = self.clock;
        next.unlisted = self.unlisted;
        next.revision = self.revision.clone();
        next.changed = self.changed;
        next
    }

    /// About how many bytes of memory the snapshot holds (its vectors and strings).
    pub fn heap_bytes(&self) -> usize {
        let strings = |e: &Entry| {
            std::mem::size_of::<Entry>()
                + e.search.len() * 4
                + e.city_sort.capacity()
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
        self.entries.capacity() * 8
            + self.live().map(strings).sum::<usize>()
            + self.facets.capacity() * std::mem::size_of::<Facets>()
            + self.tallies.capacity() * std::mem::size_of::<statistics::Tally>()
            + (self.newest.capacity() + self.by_city.capacity() + self.by_freshness.capacity()) * 4
            + self.slots.capacity() * 8
            + self.cities.iter().map(|c| 2 * c.len() + 40).sum::<usize>()
            + self.index.heap_bytes()
            + self
                .added_words
                .iter()
                .map(|w| 2 * w.len() + 40)
                .sum::<usize>()
    }

    /// The latest change to any stored initiative when the snapshot was taken.
    pub fn changed(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.changed
    }

    /// Which slots `selection` selects (by slot).
    fn matching(&self, selection: &Selection) -> Vec<bool> {
        let mut matching = vec![false; self.entries.len()];
        for i in selection.slots(self) {
            if selection.selects(self, i) {
                matching[i] = true;
            }
        }
        matching
    }

    /// The total the filter selects and its page `page` of `per_page` initiatives (the public
    /// API's list; the list page shows `PAGE_SIZE` per page through [`Snapshot::list`]).
    pub fn page_of(&self, filter: &ListFilter, page: u32, per_page: usize) -> (usize, Vec<Listed>) {
        self.page_since(filter, None, page, per_page)
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
        let mut matching = self.matching(&Selection::new(self, filter));
        if let Some(since) = since {
            for (i, m) in matching.iter_mut().enumerate() {
                *m = *m && self.entries[i].as_ref().is_some_and(|e| e.updated >= since);
            }
        }
        let total = matching.iter().filter(|&&m| m).count();
        let skip = (page.saturating_sub(1) as usize).saturating_mul(per_page);
        let items = self
            .in_order(filter.sort)
            .filter(|&i| matching[i])
            .skip(skip)
            .take(per_page)
            .filter_map(|i| {
                let e = self.entries[i].as_ref()?;
                Some(Listed {
                    card: e.card.clone(),
                    commitments: Commitment::ALL
                        .into_iter()
                        .filter(|c| e.commitments & c.bit() != 0)
                        .collect(),
                    updated: e.updated,
                })
            })
            .collect();
        (total, items)
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
        let Some(&city) = self.city_ids.get(city.as_str()) else {
            return Vec::new();
        };
        let mut scored: Vec<(usize, &InitiativeCard)> = self
            .live()
            .filter(|e| e.card.country == country && e.city == city)
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

    /// The slots in `sort` order.
    fn in_order(&self, sort: SortOrder) -> Box<dyn Iterator<Item = usize> + '_> {
        match sort {
            SortOrder::Newest => Box::new(self.by_freshness.iter().map(|&i| i as usize)),
            SortOrder::Oldest => Box::new(self.newest.iter().rev().map(|&i| i as usize)),
            SortOrder::City => Box::new(self.by_city.iter().map(|&i| i as usize)),
        }
    }

    /// The slugs of every initiative the filter selects (all of them, not one page), in its
    /// order: what the open-data exports hold.
    pub fn selected_slugs(&self, filter: &ListFilter) -> Vec<String> {
        let matching = self.matching(&Selection::new(self, filter));
        self.in_order(filter.sort)
            .filter(|&i| matching[i])
            .filter_map(|i| Some(self.entries[i].as_ref()?.card.slug.clone()))
            .collect()
    }

    /// Every published initiative's slug and the day it last changed, newest first.
    pub fn pages(&self) -> impl Iterator<Item = (&str, chrono::NaiveDate)> {
        self.live()
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
            latest: self.live().take(latest).map(|e| e.card.clone()).collect(),
        }
    }

    /// Filters, counts and pages in one pass over the snapshot.
    pub fn list(&self, filter: ListFilter, problems: Vec<FilterProblem>) -> ListPage {
        let selection = Selection::new(self, &filter);
        self.list_selected(&selection, filter, problems)
    }

    fn list_selected(
        &self,
        selection: &Selection,
        filter: ListFilter,
        problems: Vec<FilterProblem>,
    ) -> ListPage {
        let mut country_counts = vec![0u32; self.countries.len()];
        let mut type_counts = [0u32; InitiativeType::ALL.len()];
        let mut commitment_counts = [0u32; 5];
        let mut freshness_counts = [0u32; Freshness::ALL.len()];
        let mut matching = vec![false; self.entries.len()];
        let mut total = 0u32;

        for i in selection.slots(self) {
            let Some((by_country, by_type, by_commitment, by_freshness)) = selection.test(self, i)
            else {
                continue;
            };
            let e = &self.facets[i];
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
            .filter_map(|i| Some(self.entries[i].as_ref()?.card.clone()))
            .collect();

        // The countries with an initiative; a chosen country without any still shows, so it
        // can be unchosen.
        let mut countries: Vec<FacetCount<CountryCode>> = self
            .countries
            .iter()
            .zip(country_counts)
            .zip(&self.country_live)
            .filter(|(_, &live)| live > 0)
            .map(|((&value, count), _)| FacetCount {
                value,
                count,
                selected: filter.countries.contains(&value),
            })
            .collect();
        for &c in &filter.countries {
            if !countries.iter().any(|f| f.value == c) {
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
        let fresh = Snapshot::load_on(db, self.clock()).await?;
        self.replace(fresh);
        Ok(())
    }

    /// Applies the current state of the initiatives `ids` (published, edited, no longer
    /// published or erased) to the snapshot, reading only their rows. One change (or rebuild)
    /// at a time, each reading the rows as they are then, so an older state never replaces a
    /// newer one.
    ///
    /// # Errors
    /// When the database fails; the previous snapshot stays.
    pub async fn apply(&self, db: &DatabaseConnection, ids: &[i32]) -> Result<(), DbErr> {
        if ids.is_empty() {
            return Ok(());
        }
        let _turn = self.rebuilding.lock().await;
        let current = self.snapshot();
        let clock = self.clock();
        if clock != current.clock {
            // A new day (or rule) changes every initiative's freshness: all are read again.
            drop(current);
            self.replace(Snapshot::load_on(db, clock).await?);
            return Ok(());
        }
        // Words are numbered on a copy first (the current snapshot stays untouched), then
        // the same numbering goes into the next snapshot.
        let mut numbering = Snapshot {
            index: current.index.clone(),
            added_words: current.added_words.clone(),
            added_word_ids: current.added_word_ids.clone(),
            ..Snapshot::default()
        };
        let mut fresh = Vec::new();
        let latest = read_entries(
            db,
            Some(ids),
            clock,
            |w| numbering.word_id(w),
            |e| fresh.push(e),
        )
        .await?;
        let mut next = Snapshot {
            added_words: numbering.added_words,
            added_word_ids: numbering.added_word_ids,
            ..(*current).clone()
        };
        drop(current);
        next = next.changed_by(ids, fresh, latest);
        self.replace(next);
        Ok(())
    }

    fn replace(&self, next: Snapshot) {
        let next = Arc::new(next);
        match self.current.write() {
            Ok(mut guard) => *guard = next,
            Err(poisoned) => *poisoned.into_inner() = next,
        }
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }

    /// Applies a change to the initiatives `ids`, or reloads everything when that fails (the
    /// next revision check tries again when this fails too).
    pub async fn apply_logged(&self, db: &DatabaseConnection, ids: &[i32]) {
        if let Err(e) = self.apply(db, ids).await {
            tracing::warn!(error = %e, "applying a change to the directory failed; reloading it");
            self.refresh_logged(db).await;
        }
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

    /// Applies every `NOTIFY icc_directory` (several notices that arrived during one change
    /// are applied together). After a lost connection it reconnects, once a second while the
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
                        Ok(Some(first)) => {
                            // A notice names the initiative that changed (an empty one:
                            // everything, after a `TRUNCATE`); those that arrived meanwhile
                            // are applied together.
                            let mut ids = Vec::new();
                            let mut everything = false;
                            for notice in std::iter::once(first)
                                .chain(std::iter::from_fn(|| listener.next_buffered()))
                            {
                                match notice.payload().parse::<i32>() {
                                    Ok(id) => ids.push(id),
                                    Err(_) => everything = true,
                                }
                            }
                            if everything {
                                directory.refresh_logged(&db).await;
                            } else {
                                ids.sort_unstable();
                                ids.dedup();
                                directory.apply_logged(&db, &ids).await;
                            }
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

#[cfg(test)]
mod tests {
    //! The index against the scan, and changes applied one by one against a snapshot built
    //! whole, on random directories, filters and writes.
    use super::*;
    use crate::domain::{ActivityStatus, UiLanguage};
    use proptest::prelude::*;

    const COUNTRIES: [&str; 4] = ["PL", "DE", "UA", "FR"];
    const CITIES: [&str; 5] = ["Kraków", "Krakow", "Lviv", "Łódź", "Київ"];
    /// Letters the words and search terms are made of: few, so terms often match inside words.
    const LETTERS: [char; 6] = ['a', 'b', 'k', 'и', 'ї', '1'];

    /// One initiative as a test writes it.
    #[derive(Debug, Clone)]
    struct Row {
        id: i32,
        day: u32,
        city: usize,
        country: usize,
        types: u16,
        commitments: u8,
        words: Vec<String>,
        title: u8,
        sample: bool,
        freshness: usize,
    }

    fn word() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(LETTERS.to_vec()), 1..5)
            .prop_map(|l| l.into_iter().collect())
    }

    fn row(id: i32) -> impl Strategy<Value = Row> {
        (
            0u32..20,
            0..CITIES.len(),
            0..COUNTRIES.len(),
            1u16..(1 << 14),
            0u8..32,
            prop::collection::vec(word(), 0..6),
            0u8..4,
            any::<bool>(),
            0..Freshness::ALL.len(),
        )
            .prop_map(
                move |(day, city, country, types, commitments, words, title, sample, freshness)| {
                    Row {
                        id,
                        day,
                        city,
                        country,
                        types,
                        commitments,
                        words,
                        title,
                        sample,
                        freshness,
                    }
                },
            )
    }

    fn rows() -> impl Strategy<Value = Vec<Row>> {
        (0usize..50).prop_flat_map(|n| (0..n).map(|k| row(k as i32 + 1)).collect::<Vec<_>>())
    }

    fn filter() -> impl Strategy<Value = ListFilter> {
        (
            prop::collection::vec(prop::sample::select(COUNTRIES.to_vec()), 0..3),
            prop::collection::vec(prop::sample::select(CITIES.to_vec()), 0..2),
            prop::collection::vec(0usize..14, 0..3),
            prop::collection::vec(0usize..5, 0..2),
            prop::collection::vec(word(), 0..3),
            0usize..3,
            1u32..4,
            prop::collection::vec(0..Freshness::ALL.len(), 0..2),
        )
            .prop_map(
                |(countries, cities, types, commitments, terms, sort, page, freshness)| {
                    let mut countries: Vec<CountryCode> = countries
                        .into_iter()
                        .filter_map(|c| CountryCode::parse(c).ok())
                        .collect();
                    countries.sort();
                    countries.dedup();
                    ListFilter {
                        countries,
                        cities: cities.into_iter().map(str::to_owned).collect(),
                        types: types.into_iter().map(|k| InitiativeType::ALL[k]).collect(),
                        commitments: commitments
                            .into_iter()
                            .map(|k| Commitment::ALL[k])
                            .collect(),
                        q: terms.join(" "),
                        sort: SortOrder::ALL[sort],
                        page,
                        freshness: {
                            let mut f: Vec<Freshness> =
                                freshness.into_iter().map(|k| Freshness::ALL[k]).collect();
                            f.sort();
                            f.dedup();
                            f
                        },
                    }
                },
            )
    }

    fn entry(row: &Row, intern: &mut impl FnMut(&str) -> u32) -> Entry {
        let published = chrono::DateTime::<chrono::Utc>::from_timestamp(
            1_700_000_000 + i64::from(row.day) * 86_400,
            0,
        )
        .unwrap_or_default();
        let types: Vec<InitiativeType> = InitiativeType::ALL
            .into_iter()
            .filter(|t| row.types & t.bit() != 0)
            .collect();
        let mut seen = std::collections::HashSet::new();
        Entry {
            id: row.id,
            published,
            city_sort: fold(CITIES[row.city]),
            updated: published,
            types: row.types,
            commitments: row.commitments,
            search: row
                .words
                .iter()
                .filter(|w| seen.insert(w.as_str()))
                .map(|w| intern(w))
                .collect(),
            city: 0,
            card: InitiativeCard {
                slug: format!("initiative-{}", row.id),
                text_language: UiLanguage::En,
                translations: Vec::new(),
                title: format!("Title {}", row.title),
                summary: String::new(),
                city: CITIES[row.city].to_owned(),
                country: CountryCode::parse(COUNTRIES[row.country]).unwrap(),
                types,
                activity: ActivityStatus::Ongoing,
                origin: if row.sample {
                    Origin::Sample
                } else {
                    Origin::Imported
                },
                published: published.date_naive().to_string(),
                confirmed_on: published.date_naive().to_string(),
                freshness: Freshness::ALL[row.freshness],
                ended_on: None,
            },
        }
    }

    /// A snapshot built whole from `rows`, as a load does.
    fn whole(rows: &[Row]) -> Snapshot {
        let mut vocabulary: HashMap<Box<str>, u32> = HashMap::new();
        let mut intern = |w: &str| {
            let next = vocabulary.len() as u32;
            *vocabulary.entry(w.into()).or_insert(next)
        };
        let entries: Vec<Entry> = rows.iter().map(|r| entry(r, &mut intern)).collect();
        let mut words: Vec<Box<str>> = vec![Box::from(""); vocabulary.len()];
        for (word, k) in vocabulary {
            words[k as usize] = word;
        }
        let mut snapshot = Snapshot::assemble(entries, words);
        snapshot.revision = Revision(
            i64::from(snapshot.totals.initiatives),
            snapshot
                .live()
                .map(|e| e.updated)
                .max()
                .map(|d| d.to_rfc3339()),
        );
        snapshot
    }

    /// Everything a reader can see of a snapshot for `filter`.
    fn seen(s: &Snapshot, filter: &ListFilter) -> impl PartialEq + std::fmt::Debug {
        let listed = s.page_of(filter, filter.page, 7);
        (
            s.list(filter.clone(), Vec::new()),
            s.statistics(
                filter.clone(),
                Vec::new(),
                chrono::NaiveDate::from_ymd_opt(2023, 12, 1).unwrap_or_default(),
            ),
            listed.0,
            listed.1.into_iter().map(|l| l.card).collect::<Vec<_>>(),
            s.selected_slugs(filter),
            s.totals(),
            s.home(3),
            s.pages()
                .map(|(a, b)| (a.to_owned(), b))
                .collect::<Vec<_>>(),
            s.similar("PL", "krakow", "title", 5),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn the_index_finds_what_the_scan_finds(rows in rows(), filters in prop::collection::vec(filter(), 1..6)) {
            let snapshot = whole(&rows);
            for filter in filters {
                let indexed = Selection::with(&snapshot, &filter, Lookup::Index);
                let scanned = Selection::with(&snapshot, &filter, Lookup::Scan);
                prop_assert_eq!(
                    snapshot.list_selected(&indexed, filter.clone(), Vec::new()),
                    snapshot.list_selected(&scanned, filter.clone(), Vec::new()),
                    "{:?}", filter
                );
            }
        }

        #[test]
        fn changes_applied_one_by_one_give_what_a_whole_load_gives(
            rows in rows(),
            writes in prop::collection::vec((0i32..60, any::<bool>(), row(0), any::<bool>()), 1..25),
            filters in prop::collection::vec(filter(), 1..4),
        ) {
            let mut stored: Vec<Row> = rows.clone();
            let mut snapshot = whole(&rows);
            for (id, keep, mut fresh, compact) in writes {
                // A write: initiative `id` is published (again, maybe edited) or leaves the list.
                stored.retain(|r| r.id != id + 1);
                fresh.id = id + 1;
                let mut applied = Vec::new();
                if keep {
                    stored.push(fresh.clone());
                    let mut numbering = Snapshot {
                        index: snapshot.index.clone(),
                        added_words: snapshot.added_words.clone(),
                        added_word_ids: snapshot.added_word_ids.clone(),
                        ..Snapshot::default()
                    };
                    applied.push(entry(&fresh, &mut |w| numbering.word_id(w)));
                    snapshot.added_words = numbering.added_words;
                    snapshot.added_word_ids = numbering.added_word_ids;
                }
                snapshot = snapshot.changed_by(&[id + 1], applied, None);
                if compact {
                    snapshot = snapshot.compacted();
                }
            }
            let reloaded = whole(&stored);
            prop_assert_eq!(&snapshot.revision, &reloaded.revision);
            for filter in filters.iter().chain([&ListFilter::default()]) {
                prop_assert_eq!(seen(&snapshot, filter), seen(&reloaded, filter), "{:?}", filter);
                let scanned = Selection::with(&snapshot, filter, Lookup::Scan);
                prop_assert_eq!(
                    snapshot.list(filter.clone(), Vec::new()),
                    snapshot.list_selected(&scanned, filter.clone(), Vec::new())
                );
            }
        }
    }

    #[test]
    fn a_search_term_matches_inside_words_in_every_language_version() {
        let rows = [Row {
            id: 1,
            day: 0,
            city: 4,
            country: 2,
            types: 1,
            commitments: 0,
            words: ["допомога", "dopomoha", "kharkiv", "help"]
                .map(String::from)
                .to_vec(),
            title: 0,
            sample: false,
            freshness: 0,
        }];
        let snapshot = whole(&rows);
        for q in ["arkiv", "допом", "help kharkiv", "dopo"] {
            let filter = ListFilter {
                q: q.into(),
                ..ListFilter::default()
            };
            assert_eq!(snapshot.list(filter, Vec::new()).total, 1, "{q}");
        }
        let filter = ListFilter {
            q: "help refugee".into(),
            ..ListFilter::default()
        };
        assert_eq!(snapshot.list(filter, Vec::new()).total, 0);
    }
}
