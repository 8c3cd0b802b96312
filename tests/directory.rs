#![cfg(feature = "ssr")]
//! The services and the in-memory directory on the real migrations, on SQLite and PostgreSQL.

mod common;

use common::{fresh_databases, FIXTURES, SAMPLE, TEXT_VERSIONS};
use icc_initiatives::domain::{ListFilter, Origin, SortOrder};
use icc_initiatives::server::directory::text::{fold, search_terms};
use icc_initiatives::server::directory::{Directory, Snapshot};
use icc_initiatives::server::{store::initiatives, store::transfer};
use icc_initiatives::wire::types::{InitiativeDetail, ListPage};
use sea_orm::{DatabaseConnection, FromQueryResult, Statement};
use std::collections::BTreeMap;

async fn load(db: &DatabaseConnection, json: &str, origin: Origin) -> usize {
    let records = transfer::parse_records(json).expect("valid records");
    transfer::store_all(db, &records, origin, |_| ())
        .await
        .expect("stored")
}

fn list(snapshot: &Snapshot, query: &str) -> ListPage {
    let (filter, problems) = ListFilter::from_query(query);
    snapshot.list(filter, problems)
}

#[tokio::test]
async fn the_sample_data_imports_and_is_totalled() {
    for db in fresh_databases().await {
        assert_eq!(
            load(&db.conn, SAMPLE, Origin::Sample).await,
            15,
            "{}",
            db.name
        );
        let snapshot = Snapshot::load(&db.conn).await.unwrap();
        let totals = snapshot.totals();
        assert_eq!(totals.initiatives, 15, "{}", db.name);
        assert_eq!(totals.countries, 6, "{}", db.name);
        assert_eq!(totals.samples, 15, "{}", db.name);
        // Gdańsk has two initiatives, so there are fewer cities than initiatives.
        assert_eq!(totals.cities, 14, "{}", db.name);
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn an_import_with_one_bad_record_stores_nothing_and_names_the_record() {
    let bad = SAMPLE.replacen("\"country\": \"LV\"", "\"country\": \"XX\"", 1);
    assert_ne!(bad, SAMPLE, "the fixture edit must apply");
    let err = transfer::parse_records(&bad).unwrap_err().to_string();
    assert!(err.contains("record 2"), "{err}");
    assert!(err.contains("country"), "{err}");
    assert!(err.contains("XX"), "{err}");
    for db in fresh_databases().await {
        assert_eq!(initiatives::count_all(&db.conn).await.unwrap(), 0);
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn a_malformed_file_is_refused_with_the_reason() {
    let err = transfer::parse_records("{\"initiatives\": 3}")
        .unwrap_err()
        .to_string();
    assert!(err.contains("expected"), "{err}");
    let err = transfer::parse_records("{\"initiatives\": [{\"city\": 1}]}")
        .unwrap_err()
        .to_string();
    assert!(err.contains("record 0"), "{err}");
}

#[tokio::test]
async fn export_gives_back_what_was_imported() {
    for db in fresh_databases().await {
        load(&db.conn, SAMPLE, Origin::Sample).await;
        let exported = transfer::export_json(&db.conn).await.unwrap();
        let mut again = transfer::parse_records(&exported).unwrap();
        let original = transfer::parse_records(SAMPLE).unwrap();
        // The export adds the day the city last confirmed each one: its publication (issue 23).
        let today = chrono::Utc::now().date_naive().to_string();
        for i in &mut again {
            assert_eq!(
                i.confirmed_on.take().map(|d| d.to_string()),
                Some(today.clone()),
                "{}",
                db.name
            );
        }
        assert_eq!(again, original, "{}", db.name);
        db.drop_pg().await;
    }
}

/// Every version of an initiative's text — its language, title, summary, description, who
/// made it and whether it is out of date — goes out through the export, into a fresh
/// database through the import, and out again unchanged (issue 17). On SQLite and PostgreSQL.
#[tokio::test]
async fn every_version_goes_out_in_an_export_and_back_in_through_the_import() {
    use icc_initiatives::domain::{UiLanguage, VersionSource};
    let first = fresh_databases().await;
    let second = fresh_databases().await;
    for (from, to) in first.into_iter().zip(second) {
        load(&from.conn, TEXT_VERSIONS, Origin::Imported).await;
        let exported = transfer::export_json(&from.conn).await.unwrap();
        let file: serde_json::Value = serde_json::from_str(&exported).unwrap();
        let lyon = &file["initiatives"][0];
        assert_eq!(lyon["text_language"], "fr", "{}", from.name);
        assert_eq!(
            lyon["title"],
            "Cours de français pour les familles ukrainiennes"
        );
        assert_eq!(
            lyon["translations"]["uk"],
            serde_json::json!({
                "title": "Курси французької для українських родин",
                "summary": "Безкоштовні курси французької двічі на тиждень ввечері, з доглядом за дітьми.",
                "description": "Запис у мерії 3-го округу.",
                "source": "moderator",
                "outdated": true
            })
        );
        assert_eq!(
            lyon["translations"]["en"],
            serde_json::json!({
                "title": "French lessons for Ukrainian families",
                "summary": "Free French lessons two evenings a week, with childcare.",
                "source": "submitter",
                "outdated": false
            })
        );
        let lviv = &file["initiatives"][1];
        assert_eq!(lviv["text_language"], "uk");
        assert_eq!(lviv["translations"]["en"]["source"], "machine");
        assert_eq!(lviv["translations"]["fr"]["outdated"], true);
        // A record from before versions existed is English, with none.
        let gdansk = &file["initiatives"][2];
        assert_eq!(gdansk["city"], "Płock");
        assert_eq!(gdansk["text_language"], "en");
        assert!(gdansk.get("translations").is_none());

        load(&to.conn, &exported, Origin::Imported).await;
        let again = transfer::export_json(&to.conn).await.unwrap();
        assert_eq!(again, exported, "{}: export, import, export", from.name);

        // What the second database stores is what was exported, not only what it writes.
        let slug = Snapshot::load(&to.conn)
            .await
            .unwrap()
            .list(ListFilter::from_query("q=lyon").0, Vec::new())
            .items
            .remove(0)
            .slug;
        let stored = initiatives::published_by_slug(&to.conn, &slug)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.text_language, UiLanguage::Fr);
        let uk = stored
            .translations
            .iter()
            .find(|t| t.language == UiLanguage::Uk)
            .unwrap();
        assert_eq!(
            (uk.source, uk.outdated),
            (VersionSource::Moderator, true),
            "{}",
            to.name
        );
        from.drop_pg().await;
        to.drop_pg().await;
    }
}

#[tokio::test]
async fn filters_search_and_facet_counts_work_together() {
    for db in fresh_databases().await {
        load(&db.conn, SAMPLE, Origin::Sample).await;
        load(&db.conn, FIXTURES, Origin::Imported).await;
        let s = Snapshot::load(&db.conn).await.unwrap();

        let all = list(&s, "");
        assert_eq!(all.total, 45);
        assert_eq!(all.pages, 3);
        assert_eq!(all.items.len(), 20);

        let pl = list(&s, "country=PL");
        assert!(pl.items.iter().all(|c| c.country.as_str() == "PL"));
        // The country facet ignores the country filter itself: PL's count is the PL total.
        let pl_count = pl
            .countries
            .iter()
            .find(|f| f.value.as_str() == "PL")
            .unwrap();
        assert_eq!(pl_count.count, pl.total);
        assert!(pl_count.selected);

        let two = list(&s, "country=PL&country=DE");
        let de = list(&s, "country=DE").total;
        assert_eq!(two.total, pl.total + de, "countries are OR-ed");

        let housing_pl = list(&s, "country=PL&type=housing");
        let housing_count = pl
            .types
            .iter()
            .find(|f| f.value.slug() == "housing")
            .unwrap()
            .count;
        assert_eq!(
            housing_pl.total, housing_count,
            "a type's count predicts its result"
        );

        assert_eq!(list(&s, "q=krakow").items[0].city, "Kraków", "{}", db.name);
        assert_eq!(list(&s, "q=KRAKÓW").total, 1);
        assert_eq!(list(&s, "q=мовні").items[0].city, "Львів");
        assert_eq!(list(&s, "q=Мовні+КУРСИ").total, 1);
        assert_eq!(
            list(&s, "q=pologne").total,
            pl.total,
            "country names in French are searched"
        );

        let none = list(&s, "q=zzzzzz");
        assert_eq!(none.total, 0);
        assert!(none.items.is_empty());
        assert_eq!(none.pages, 1);

        let bad = list(&s, "country=XX&type=nope&page=-1&country=PL");
        assert_eq!(bad.total, pl.total);
        assert_eq!(bad.problems.len(), 3);

        let beyond = list(&s, "page=99");
        assert!(beyond.items.is_empty());
        assert_eq!(beyond.total, 45);

        let by_city = list(&s, "sort=city");
        assert_eq!(by_city.items[0].city, "Barcelona", "{}", db.name);

        // A city is compared folded, like the search: `krakow` is Kraków, `GDANSK` Gdańsk.
        let krakow = list(&s, "city=krakow");
        assert_eq!(krakow.total, 1, "{}", db.name);
        assert_eq!(krakow.items[0].city, "Kraków");
        assert_eq!(list(&s, "city=GDA%C5%83SK").total, 2, "{}", db.name);
        assert_eq!(list(&s, "city=gdansk").total, 2, "{}", db.name);
        assert_eq!(
            list(&s, "city=gdansk&city=Wroclaw").total,
            3,
            "cities are OR-ed"
        );
        assert_eq!(list(&s, "city=lviv").total, 0, "no transliteration");
        assert_eq!(list(&s, "city=%D0%BB%D1%8C%D0%B2%D1%96%D0%B2").total, 1);
        assert_eq!(list(&s, "city=krakow&country=DE").total, 0);
        assert_eq!(list(&s, "city=Nowhere").total, 0);
        assert_eq!(list(&s, "city=Krak").total, 0, "a whole name, not a part");
        // The facets count within the chosen cities.
        let gdansk = list(&s, "city=gdansk");
        let pl = gdansk.countries.iter().find(|f| f.value.as_str() == "PL");
        assert_eq!(pl.map(|f| f.count), Some(2));
        assert!(gdansk
            .countries
            .iter()
            .all(|f| f.value.as_str() == "PL" || f.count == 0));
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn pages_cover_every_result_once() {
    for db in fresh_databases().await {
        load(&db.conn, SAMPLE, Origin::Sample).await;
        load(&db.conn, FIXTURES, Origin::Imported).await;
        let s = Snapshot::load(&db.conn).await.unwrap();
        for sort in ["newest", "oldest", "city"] {
            let mut seen = Vec::new();
            for page in 1..=3 {
                seen.extend(
                    list(&s, &format!("sort={sort}&page={page}"))
                        .items
                        .into_iter()
                        .map(|c| c.slug),
                );
            }
            let mut unique = seen.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), 45, "{sort} on {}", db.name);
            assert_eq!(seen.len(), 45);
        }
        let newest = list(&s, "").items;
        let mut oldest = list(&s, "sort=oldest&page=3").items;
        oldest.reverse();
        assert_eq!(newest[0].slug, oldest[0].slug);
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn a_published_initiative_is_found_by_its_slug_and_others_are_not() {
    for db in fresh_databases().await {
        load(&db.conn, FIXTURES, Origin::Imported).await;
        let s = Snapshot::load(&db.conn).await.unwrap();
        let card = list(&s, "q=krakow").items.remove(0);
        assert_eq!(
            card.slug,
            "krakow-welcome-point-at-the-main-railway-station"
        );
        let detail = initiatives::published_by_slug(&db.conn, &card.slug)
            .await
            .unwrap()
            .map(|p| {
                let clock = s.clock();
                InitiativeDetail::of(p, clock.rule, clock.today)
            })
            .expect("found");
        assert_eq!(detail.languages.len(), 3);
        assert_eq!(detail.start_date.as_deref(), Some("2022-02-25"));
        assert_eq!(detail.end_date.as_deref(), Some("2022-06-30"));
        assert_eq!(
            detail.description.as_deref(),
            Some("A welcome point in the station hall was open around the clock.\n\nIt closed when arrivals slowed in the summer.")
        );
        assert!(initiatives::published_by_slug(&db.conn, "no-such-thing")
            .await
            .unwrap()
            .is_none());
        // Cyrillic titles get transliterated slugs, and a Latin search finds the Cyrillic
        // text by Ukraine's national transliteration (issue 17).
        let latin = list(&s, "q=lviv").items;
        let lviv = list(&s, "q=львів").items.remove(0);
        assert_eq!(
            latin.iter().map(|c| c.slug.as_str()).collect::<Vec<_>>(),
            [lviv.slug.as_str()],
            "a Latin query finds the Cyrillic text"
        );
        assert_eq!(
            lviv.slug,
            "lviv-movni-kursy-dlia-vnutrishno-peremishchenykh-osib"
        );
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn the_same_title_twice_gets_two_slugs() {
    for db in fresh_databases().await {
        load(&db.conn, SAMPLE, Origin::Sample).await;
        load(&db.conn, SAMPLE, Origin::Sample).await;
        let s = Snapshot::load(&db.conn).await.unwrap();
        let riga = list(&s, "q=riga+emergency").items;
        assert_eq!(riga.len(), 2);
        assert_ne!(riga[0].slug, riga[1].slug);
        db.drop_pg().await;
    }
}

#[tokio::test]
async fn the_directory_notices_writes_made_by_another_process() {
    for db in fresh_databases().await {
        let directory = Directory::load(&db.conn).await.unwrap();
        assert_eq!(directory.snapshot().totals().initiatives, 0);
        assert!(!directory.refresh_if_changed(&db.conn).await.unwrap());
        load(&db.conn, SAMPLE, Origin::Sample).await;
        assert!(directory.refresh_if_changed(&db.conn).await.unwrap());
        assert_eq!(directory.snapshot().totals().initiatives, 15);
        db.drop_pg().await;
    }
}

/// Another instance's publication reaches this instance through PostgreSQL's change notice,
/// well before its revision check (set to an hour here) would have run; unpublishing too.
#[tokio::test]
async fn on_postgresql_another_instances_writes_arrive_within_a_second() {
    use icc_initiatives::domain::ModerationStatus;
    use icc_initiatives::server::store::entities::initiative;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    for db in fresh_databases().await {
        if db.name != "postgres" {
            continue;
        }
        let here = Directory::load(&db.conn).await.unwrap();
        here.watch(db.conn.clone(), std::time::Duration::from_secs(3600));
        // The listener's first LISTEN: a change made before it would not be heard.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let elsewhere = db.another_connection().await;
        let arrives = |want: u32| {
            let here = here.clone();
            async move {
                let start = std::time::Instant::now();
                while here.snapshot().totals().initiatives != want {
                    assert!(
                        start.elapsed() < std::time::Duration::from_secs(1),
                        "{} initiatives after 1 s, not {want}",
                        here.snapshot().totals().initiatives
                    );
                    tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                }
                start.elapsed()
            }
        };
        load(&elsewhere, SAMPLE, Origin::Sample).await;
        let took = arrives(15).await;
        eprintln!("publication seen after {took:?}");
        initiative::Entity::update_many()
            .col_expr(
                initiative::Column::ModerationStatus,
                sea_orm::sea_query::Expr::value(ModerationStatus::Archived),
            )
            .filter(initiative::Column::Country.eq("PL"))
            .exec(&elsewhere)
            .await
            .unwrap();
        let polish = here.snapshot().selected_slugs(&ListFilter {
            countries: vec![icc_initiatives::domain::CountryCode::parse("PL").unwrap()],
            ..ListFilter::default()
        });
        assert!(!polish.is_empty(), "the sample has Polish initiatives");
        let left = here.snapshot().totals().initiatives - polish.len() as u32;
        let took = arrives(left).await;
        eprintln!("unpublishing seen after {took:?}");
        elsewhere.close().await.unwrap();
        db.drop_pg().await;
    }
}

/// Two instances on one PostgreSQL give a client one budget, not one each: the third
/// submission in the hour is refused by the other instance, with the time left in the window;
/// failed sign-ins counted by one lock the client out on the other. On SQLite the counters are
/// each process's own.
#[tokio::test]
async fn on_postgresql_instances_share_each_clients_budget() {
    use icc_initiatives::server::accounts::client_limits::ClientLimits;
    use icc_initiatives::server::accounts::guard::{GuardSettings, Limit, RateLimiter};
    let settings = GuardSettings {
        submissions_per_hour: 2,
        sign_in_failures: 3,
        ..GuardSettings::default()
    };
    for db in fresh_databases().await {
        let other_conn = db.another_connection().await;
        let one = ClientLimits::new(RateLimiter::new(1000), &db.conn);
        let two = ClientLimits::new(RateLimiter::new(1000), &other_conn);
        let shared = db.name == "postgres";
        assert_eq!(one.shared(), shared, "{}", db.name);
        let client = "203.0.113.7";
        assert!(one.allow(&settings, Limit::Submission, client).await);
        assert!(two.allow(&settings, Limit::Submission, client).await);
        let third = two.admit(&settings, Limit::Submission, client).await;
        if shared {
            let wait = third.expect_err("a third submission in the hour, on the other instance");
            assert!(
                wait > std::time::Duration::from_secs(3500)
                    && wait <= std::time::Duration::from_secs(3600),
                "{wait:?}"
            );
            // Another client has its own budget.
            assert!(
                one.allow(&settings, Limit::Submission, "198.51.100.1")
                    .await
            );
        } else {
            assert!(third.is_ok(), "on SQLite each process counts its own");
        }
        for _ in 0..3 {
            assert!(!two.exhausted(&settings, Limit::SignInFailure, client).await);
            one.allow(&settings, Limit::SignInFailure, client).await;
        }
        assert_eq!(
            two.exhausted(&settings, Limit::SignInFailure, client).await,
            shared,
            "{}",
            db.name
        );
        assert!(one.exhausted(&settings, Limit::SignInFailure, client).await);
        other_conn.close().await.unwrap();
        db.drop_pg().await;
    }
}

// ---- The in-memory results are the database's results -------------------------------------

#[derive(FromQueryResult)]
struct IdRow {
    slug: String,
}

#[derive(FromQueryResult)]
struct CountRow {
    value: String,
    n: i64,
}

struct SqlFilter<'a> {
    f: &'a ListFilter,
}

impl SqlFilter<'_> {
    fn conditions(&self, skip: &str) -> String {
        let f = self.f;
        let mut c = vec!["i.moderation_status = 'published'".to_owned()];
        if skip != "country" && !f.countries.is_empty() {
            let list: Vec<String> = f.countries.iter().map(|x| format!("'{x}'")).collect();
            c.push(format!("i.country IN ({})", list.join(",")));
        }
        if skip != "type" && !f.types.is_empty() {
            let list: Vec<String> = f.types.iter().map(|t| format!("'{}'", t.slug())).collect();
            c.push(format!(
                "EXISTS (SELECT 1 FROM initiative_types t WHERE t.initiative_id = i.id AND t.type_slug IN ({}))",
                list.join(",")
            ));
        }
        if skip != "commitment" && !f.commitments.is_empty() {
            let list: Vec<String> = f
                .commitments
                .iter()
                .map(|x| x.number().to_string())
                .collect();
            c.push(format!(
                "EXISTS (SELECT 1 FROM initiative_commitments m WHERE m.initiative_id = i.id AND m.commitment IN ({}))",
                list.join(",")
            ));
        }
        if !f.cities.is_empty() {
            // `city_sort` is the folded city; the names here hold no quote.
            let list: Vec<String> = f.cities.iter().map(|x| format!("'{}'", fold(x))).collect();
            c.push(format!("i.city_sort IN ({})", list.join(",")));
        }
        for term in search_terms(&f.q) {
            // Terms are letters and digits only.
            c.push(format!("i.search_text LIKE '%{term}%'"));
        }
        c.join(" AND ")
    }
}

async fn sql_counts(db: &DatabaseConnection, sql: String) -> BTreeMap<String, u32> {
    let backend = db.get_database_backend();
    CountRow::find_by_statement(Statement::from_string(backend, sql))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.value, r.n as u32))
        .collect()
}

async fn compare_with_sql(db: &DatabaseConnection, snapshot: &Snapshot, query: &str) {
    let (filter, _) = ListFilter::from_query(query);
    let page = snapshot.list(filter.clone(), vec![]);
    let sql = SqlFilter { f: &filter };
    let backend = db.get_database_backend();

    let order = match filter.sort {
        SortOrder::Newest => "i.published_at DESC, i.id DESC",
        SortOrder::Oldest => "i.published_at ASC, i.id ASC",
        SortOrder::City => "i.city_sort ASC, i.title ASC, i.id DESC",
    };
    let ids = IdRow::find_by_statement(Statement::from_string(
        backend,
        format!(
            "SELECT i.slug AS slug FROM initiatives i WHERE {} ORDER BY {order}",
            sql.conditions("")
        ),
    ))
    .all(db)
    .await
    .unwrap();
    assert_eq!(page.total as usize, ids.len(), "total for {query}");
    let skip = (filter.page as usize - 1) * 20;
    let expected: Vec<&str> = ids
        .iter()
        .skip(skip)
        .take(20)
        .map(|r| r.slug.as_str())
        .collect();
    let got: Vec<&str> = page.items.iter().map(|c| c.slug.as_str()).collect();
    if filter.sort == SortOrder::City && db.get_database_backend() != sea_orm::DbBackend::Sqlite {
        // PostgreSQL may collate titles differently; compare the sets.
        let (mut e, mut g) = (expected.clone(), got.clone());
        e.sort();
        g.sort();
        assert_eq!(g.len(), e.len(), "page size for {query}");
    } else {
        assert_eq!(got, expected, "items for {query}");
    }

    let countries = sql_counts(
        db,
        format!(
            "SELECT i.country AS value, COUNT(*) AS n FROM initiatives i WHERE {} GROUP BY i.country",
            sql.conditions("country")
        ),
    )
    .await;
    for f in &page.countries {
        assert_eq!(
            f.count,
            countries.get(f.value.as_str()).copied().unwrap_or(0),
            "country {} for {query}",
            f.value
        );
    }
    let types = sql_counts(
        db,
        format!(
            "SELECT t.type_slug AS value, COUNT(*) AS n FROM initiative_types t JOIN initiatives i ON i.id = t.initiative_id WHERE {} GROUP BY t.type_slug",
            sql.conditions("type")
        ),
    )
    .await;
    for f in &page.types {
        assert_eq!(
            f.count,
            types.get(f.value.slug()).copied().unwrap_or(0),
            "type {} for {query}",
            f.value.slug()
        );
    }
    let commitments = sql_counts(
        db,
        format!(
            "SELECT CAST(m.commitment AS TEXT) AS value, COUNT(*) AS n FROM initiative_commitments m JOIN initiatives i ON i.id = m.initiative_id WHERE {} GROUP BY m.commitment",
            sql.conditions("commitment")
        ),
    )
    .await;
    for f in &page.commitments {
        assert_eq!(
            f.count,
            commitments
                .get(&f.value.number().to_string())
                .copied()
                .unwrap_or(0),
            "commitment {} for {query}",
            f.value.number()
        );
    }
}

/// A deterministic mix of initiatives, so filters of every shape have something to find.
fn synthetic(n: usize) -> String {
    let countries = ["PL", "DE", "FR", "UA", "IT", "ES", "NO", "CA", "LT", "MD"];
    let types = [
        "reception",
        "housing",
        "humanitarian-aid",
        "education",
        "language",
        "employment",
        "health",
        "legal",
        "transport",
        "community",
        "anti-discrimination",
        "twinning",
        "funding",
        "advocacy",
    ];
    let words = [
        "help",
        "centre",
        "school",
        "Kraków",
        "мовні",
        "bus",
        "food",
        "jobs",
        "legal",
        "art",
    ];
    let mut seed: u64 = 42;
    let mut next = move |m: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % m
    };
    let mut records = Vec::new();
    for i in 0..n {
        let t1 = types[next(14)];
        let t2 = types[next(14)];
        let c1 = next(5) + 1;
        let c2 = next(5) + 1;
        let commitments = if next(4) == 0 { vec![] } else { vec![c1, c2] };
        records.push(serde_json::json!({
            // Some share a name with accents, so the city filter's folding is compared too.
            "city": if i % 9 == 0 { "Kraków".to_owned() } else { format!("City {}", next(40)) },
            "country": countries[next(countries.len())],
            "title": format!("Initiative {i} {} {}", words[next(10)], words[next(10)]),
            "summary": format!("A synthetic initiative about {} and {}.", words[next(10)], words[next(10)]),
            "types": if t1 == t2 { vec![t1] } else { vec![t1, t2] },
            "commitments": commitments,
            "status": "ongoing",
        }));
    }
    serde_json::json!({ "initiatives": records }).to_string()
}

#[tokio::test]
async fn in_memory_results_and_counts_equal_the_database_queries() {
    let data = synthetic(400);
    let queries = [
        "",
        "country=PL",
        "country=PL&country=DE",
        "type=housing",
        "type=housing&type=legal&country=UA",
        "commitment=2",
        "commitment=1&commitment=5&type=health",
        "q=krakow",
        "q=мовні&country=FR",
        "q=help+centre",
        "country=MD&type=funding&commitment=4",
        "page=2",
        "page=5&country=DE",
        "sort=oldest&type=education",
        "sort=oldest&page=3",
        "sort=city",
        "sort=city&page=4&commitment=3",
        "country=XX",
        "type=twinning&q=school&sort=city",
        "city=city+3",
        "city=CITY+3&city=City+17&country=PL",
        "city=krakow&type=housing",
        "city=Krak%C3%B3w&city=City+5&sort=city&q=help",
        "city=Nowhere",
    ];
    for db in fresh_databases().await {
        load(&db.conn, &data, Origin::Imported).await;
        let snapshot = Snapshot::load(&db.conn).await.unwrap();
        for q in queries {
            compare_with_sql(&db.conn, &snapshot, q).await;
        }
        db.drop_pg().await;
    }
}

/// Issue 20: a write applies its change to the directory (reading only the changed
/// initiatives) instead of reloading it; after a long run of mixed writes — publishing again,
/// unpublishing, editing the text, the city and the time, deleting — the directory gives what
/// a whole load of the database gives, for lists, searches, facets, figures and pages.
#[tokio::test]
async fn changes_applied_one_by_one_agree_with_a_whole_load() {
    use icc_initiatives::domain::ModerationStatus;
    use icc_initiatives::server::store::entities::initiative;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    for db in fresh_databases().await {
        load(&db.conn, SAMPLE, Origin::Sample).await;
        load(&db.conn, FIXTURES, Origin::Imported).await;
        load(&db.conn, TEXT_VERSIONS, Origin::Imported).await;
        let directory = Directory::load(&db.conn).await.unwrap();
        let ids: Vec<i32> = initiative::Entity::find()
            .select_only()
            .column(initiative::Column::Id)
            .into_tuple()
            .all(&db.conn)
            .await
            .unwrap();
        assert!(ids.len() > 20, "{}", db.name);
        // A small deterministic generator: the same run every time.
        let mut seed: u64 = 20;
        let mut next = |m: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) as usize) % m
        };
        let cities = ["Kraków", "Gdańsk", "Київ", "Lviv", "Riga"];
        let words = ["help", "kyiv", "shelter", "école", "допомога"];
        for step in 0..60 {
            let id = ids[next(ids.len())];
            let when = chrono::Utc::now() + chrono::Duration::seconds(step as i64);
            let row = initiative::Entity::update_many()
                .filter(initiative::Column::Id.eq(id))
                .col_expr(initiative::Column::UpdatedAt, Expr::value(when));
            match next(5) {
                0 => row.col_expr(
                    initiative::Column::ModerationStatus,
                    Expr::value(ModerationStatus::Archived),
                ),
                1 => row.col_expr(
                    initiative::Column::ModerationStatus,
                    Expr::value(ModerationStatus::Published),
                ),
                2 => {
                    let city = cities[next(cities.len())];
                    row.col_expr(initiative::Column::City, Expr::value(city))
                        .col_expr(initiative::Column::CitySort, Expr::value(fold(city)))
                }
                3 => {
                    let word = words[next(words.len())];
                    row.col_expr(
                        initiative::Column::Title,
                        Expr::value(format!("{word} {step}")),
                    )
                    .col_expr(
                        initiative::Column::SearchText,
                        Expr::value(format!("{} {step}", fold(word))),
                    )
                }
                _ => row.col_expr(initiative::Column::PublishedAt, Expr::value(when)),
            }
            .exec(&db.conn)
            .await
            .unwrap();
            directory.apply(&db.conn, &[id]).await.unwrap();
            if step % 15 == 14 {
                agree(&directory, &db.conn, db.name, step).await;
            }
        }
        // An erased initiative leaves the list too.
        let gone = ids[next(ids.len())];
        initiative::Entity::delete_many()
            .filter(initiative::Column::Id.eq(gone))
            .exec(&db.conn)
            .await
            .ok();
        directory.apply(&db.conn, &[gone]).await.unwrap();
        agree(&directory, &db.conn, db.name, 60).await;
        db.drop_pg().await;
    }
}

/// Whether `directory` shows what a whole load of `conn` shows.
async fn agree(directory: &Directory, conn: &DatabaseConnection, name: &str, step: usize) {
    let queries = [
        "",
        "country=PL",
        "q=help",
        "q=kyiv",
        "q=a+e",
        "type=housing&sort=city",
        "city=Gdansk",
        "sort=oldest&page=2",
        "commitment=2&country=UA&country=DE",
    ];
    let here = directory.snapshot();
    let whole = Snapshot::load(conn).await.unwrap();
    assert_eq!(here.totals(), whole.totals(), "{name}, step {step}");
    assert_eq!(
        here.pages().collect::<Vec<_>>(),
        whole.pages().collect::<Vec<_>>(),
        "{name}, step {step}"
    );
    assert_eq!(here.home(6), whole.home(6), "{name}, step {step}");
    let today = chrono::Utc::now().date_naive();
    for query in queries {
        let (filter, _) = ListFilter::from_query(query);
        assert_eq!(
            list(&here, query),
            list(&whole, query),
            "{name}, step {step}, {query}"
        );
        assert_eq!(
            here.statistics(filter.clone(), Vec::new(), today),
            whole.statistics(filter, Vec::new(), today),
            "{name}, step {step}, {query}"
        );
    }
    // Nothing left for the safety net (the revision check) to reload.
    assert!(
        !directory.refresh_if_changed(conn).await.unwrap(),
        "{name}, step {step}: the revision differs"
    );
}
