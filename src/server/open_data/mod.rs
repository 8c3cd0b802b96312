//! Open data: the published initiatives of any filtered view of the list, as a spreadsheet file
//! (`/initiatives.csv`) and in the import format (`/initiatives.json`, which `icc-initiatives
//! import` reads back); the Atom feed (`feed`) holds the same selection. All take exactly the
//! list page's parameters, read by the same parser (`ListFilter`), and hold every matching
//! initiative, not one page, each written from its public record (`domain::PublicRecord`, built
//! once per request in `export`).
//!
//! **The text's versions in the CSV file (issue 17).** A spreadsheet wants one row per
//! initiative and one value per cell, so the versions are columns, not a JSON blob in a cell
//! nor a row per version (which would repeat every other field and break counting and
//! filtering by row): `text_language` names the original's language, whose text stays in
//! `title`, `summary` and `description` as before; then, for English, French and Ukrainian in
//! that order, `title_XX`, `summary_XX`, `description_XX`, `translated_by_XX` and
//! `outdated_XX`, empty where there is no version — the original's language's too, so no text
//! is written twice and a cell in `title_fr` is always a translation, as in the JSON's
//! `translations` map. Who made a version is `translated_by_XX` (`submitter`, `moderator` or
//! `machine`), not `source_XX` as the JSON calls it: beside the file's `source` column (where
//! the information comes from, an address) a `source_fr` would read as the French source's
//! address. `outdated_XX` is `true` when the version was made from an earlier text of the
//! original, else `false`. The new columns come after the eighteen of before, in their old
//! places, so a sheet or script that reads a column by its position still finds it. A reader
//! who wants "the text in Ukrainian, whichever it is" takes `title_uk` where it is filled, else
//! `title` where `text_language` is `uk`. The CSV file is for reading; the import reads the
//! JSON file (docs/open-data.md).

pub mod feed;
pub mod sitemap;
pub mod statistics;
use crate::domain::{
    FieldValue, ImportRecord, ListFilter, PublicRecord, UiLanguage, RECORD_FIELDS,
};
use crate::server::accounts::guard::WebOrigin;
use crate::server::store::transfer::DataFile;

/// The record's fields added after the file's first eighteen columns were published: they are
/// written after those, so every earlier column keeps its position.
const AT_THE_END: [&str; 2] = ["text_language", "translations"];

/// The columns of the versions of the text: for each language, in [`UiLanguage::ALL`]'s
/// order, the parts of [`VERSION_PARTS`].
const VERSION_COLUMNS: [&str; 15] = [
    "title_en",
    "summary_en",
    "description_en",
    "translated_by_en",
    "outdated_en",
    "title_fr",
    "summary_fr",
    "description_fr",
    "translated_by_fr",
    "outdated_fr",
    "title_uk",
    "summary_uk",
    "description_uk",
    "translated_by_uk",
    "outdated_uk",
];

/// What a version's columns hold, in their order (their names' prefixes).
const VERSION_PARTS: [&str; 5] = [
    "title",
    "summary",
    "description",
    "translated_by",
    "outdated",
];

/// How many columns the file has: each field of the record one, but the versions, which
/// have [`VERSION_COLUMNS`].
pub const CSV_COLUMNS: usize = RECORD_FIELDS - 1 + VERSION_COLUMNS.len();

/// The header row: stable, in English, whatever the interface language — the public record's
/// field names, in its order, the fields of [`AT_THE_END`] last, the versions as
/// [`VERSION_COLUMNS`] (a unit test holds it to the record's fields).
pub const CSV_HEADER: [&str; CSV_COLUMNS] = [
    "url",
    "slug",
    "title",
    "summary",
    "description",
    "city",
    "country",
    "types",
    "commitments",
    "activity",
    "start_date",
    "end_date",
    "website",
    "contact_email",
    "languages",
    "source",
    "published",
    "updated",
    "confirmed_on",
    "freshness",
    "text_language",
    "title_en",
    "summary_en",
    "description_en",
    "translated_by_en",
    "outdated_en",
    "title_fr",
    "summary_fr",
    "description_fr",
    "translated_by_fr",
    "outdated_fr",
    "title_uk",
    "summary_uk",
    "description_uk",
    "translated_by_uk",
    "outdated_uk",
];

/// The characters that start a formula in a spreadsheet cell (and the tab and carriage return
/// that some programs skip before one).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];
/// Where a spreadsheet program may start a new cell: this file's comma, but also the `;` that
/// Excel uses in most of Europe and the tab of text imports.
const CELL_SEPARATORS: [char; 5] = [',', ';', '\t', '\n', '\r'];

/// `text` with a `'` before every character that would start a formula in a cell, wherever a
/// spreadsheet program might start a cell: at the start, and after any separator it may split
/// on (with the spaces and quotes a cell may begin with), so that the file is text however it is
/// opened — as comma-separated, or split on `;` or tabs (issue 15).
fn guard_formulas(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    // Whether the next character could be the first of a cell (only spaces and quotes since).
    let mut cell_start = true;
    for c in text.chars() {
        if cell_start && FORMULA_STARTS.contains(&c) {
            out.push('\'');
        }
        out.push(c);
        cell_start = if CELL_SEPARATORS.contains(&c) {
            true
        } else {
            cell_start && (c == ' ' || c == '"')
        };
    }
    out
}

/// One CSV field (RFC 4180): quoted when it holds a separator (`,`, or the `;` and tab other
/// programs split on), a quote or a line break, with its quotes doubled. Text a spreadsheet
/// would take for a formula gets a leading `'` — at the field's start and after every
/// separator inside it (`guard_formulas`) — so it is shown as the text it is.
pub fn csv_field(text: &str) -> String {
    let guarded = guard_formulas(text);
    if guarded.contains([',', ';', '\t', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// One value of the record as its CSV cells (before quoting): one cell, codes and numbers
/// joined with `;`, an absent value empty, the last change as its day; the versions as the
/// five cells of each language of [`VERSION_COLUMNS`], empty where there is none.
fn cells(value: &FieldValue<'_>, out: &mut Vec<String>) {
    let cell = match value {
        FieldValue::Text(text) => (*text).to_owned(),
        FieldValue::Optional(text) => text.unwrap_or_default().to_owned(),
        FieldValue::Codes(codes) => codes.join(";"),
        FieldValue::Numbers(numbers) => numbers
            .iter()
            .map(u8::to_string)
            .collect::<Vec<_>>()
            .join(";"),
        FieldValue::Day(day) => day.map(|d| d.to_string()).unwrap_or_default(),
        FieldValue::Moment(at) => at.date().to_string(),
        FieldValue::Versions(versions) => {
            for language in UiLanguage::ALL {
                match versions.iter().find(|t| t.language == language) {
                    Some(t) => out.extend([
                        t.title.as_str().to_owned(),
                        t.summary.as_str().to_owned(),
                        t.description
                            .as_ref()
                            .map(|d| d.as_str().to_owned())
                            .unwrap_or_default(),
                        t.source.as_str().to_owned(),
                        t.outdated.to_string(),
                    ]),
                    None => out.extend(VERSION_PARTS.map(|_| String::new())),
                }
            }
            return;
        }
    };
    out.push(cell);
}

/// One initiative's row: its cells in the header's order (before quoting).
fn row(record: &PublicRecord) -> Vec<String> {
    let fields = record.fields();
    let mut out = Vec::with_capacity(CSV_COLUMNS);
    let (later, first): (Vec<_>, Vec<_>) = fields
        .iter()
        .partition(|(name, _)| AT_THE_END.contains(name));
    for (_, value) in first.into_iter().chain(later) {
        cells(value, &mut out);
    }
    out
}

/// The CSV file: a UTF-8 byte-order mark (so spreadsheet programs read accents and Cyrillic
/// right), the header row, then one row per initiative (every field of its public record, in
/// the header's order), lines ended by CRLF. Every cell, the versions' too, is guarded against
/// formulas (`csv_field`).
pub fn csv(records: &[PublicRecord]) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&CSV_HEADER.join(","));
    out.push_str("\r\n");
    for record in records {
        let fields: Vec<String> = row(record).iter().map(|c| csv_field(c)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The download's file name, saying what was filtered: `icc-initiatives-pl-housing-c2.csv`,
/// `icc-initiatives-pl-krakow.csv` (cities as slugs), `icc-initiatives-all.csv`; a search adds
/// `-search`.
pub fn file_name(filter: &ListFilter, extension: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(
        filter
            .countries
            .iter()
            .map(|c| c.as_str().to_ascii_lowercase()),
    );
    parts.extend(
        filter
            .cities
            .iter()
            .map(|c| crate::server::directory::text::slugify(c, 40)),
    );
    parts.extend(filter.types.iter().map(|t| t.slug().to_owned()));
    parts.extend(
        filter
            .commitments
            .iter()
            .map(|c| format!("c{}", c.number())),
    );
    if !filter.q.is_empty() {
        parts.push("search".to_owned());
    }
    if parts.is_empty() {
        parts.push("all".to_owned());
    }
    format!("icc-initiatives-{}.{extension}", parts.join("-"))
}

/// The JSON file: the import format (each record's `ImportRecord`), with the view's address,
/// its filter and the time it was made.
pub fn json(
    origin: &WebOrigin,
    filter: &ListFilter,
    records: &[PublicRecord],
    now: chrono::DateTime<chrono::Utc>,
) -> String {
    let query = filter.with_page(1).to_query();
    let view = if query.is_empty() {
        format!("{origin}/initiatives")
    } else {
        format!("{origin}/initiatives?{query}")
    };
    let file = DataFile {
        about: Some(
            "Initiatives published in the ICC Solidarity Initiatives directory: submitted by \
             member cities of the Intercultural Cities network and reviewed by its moderators."
                .to_owned(),
        ),
        source: Some(view),
        filter: Some(query),
        generated: Some(now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        initiatives: records.iter().map(ImportRecord::from).collect(),
    };
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::domain::{
        ActivityStatus, Commitment, CountryCode, Description, InitiativeType, IsoDate, Origin,
        PublishedInitiative, Summary, Title, Translation, UtcMinute, UtcSecond, VersionSource,
    };

    /// A record whose original is French, with a Ukrainian version made from an earlier text
    /// (`outdated`), written by `uk_title`'s moderator.
    pub(crate) fn french_record(uk_title: &str) -> PublicRecord {
        let day = |t: &str| IsoDate::parse(t).unwrap();
        PublicRecord::new(
            "https://initiatives.example",
            PublishedInitiative {
                slug: "lyon-cours-de-francais".into(),
                text_language: UiLanguage::Fr,
                translations: vec![Translation {
                    language: UiLanguage::Uk,
                    title: Title::parse(uk_title).unwrap(),
                    summary: Summary::parse("Безкоштовні курси французької для біженців.").unwrap(),
                    description: Some(Description::parse("Щосуботи, у мерії.").unwrap()),
                    source: VersionSource::Moderator,
                    outdated: true,
                }],
                title: "Cours de français".into(),
                summary: "Des cours gratuits pour les réfugiés.".into(),
                description: None,
                city: "Lyon".into(),
                country: CountryCode::parse("FR").unwrap(),
                types: vec![InitiativeType::Language],
                commitments: vec![Commitment::from_number(2).unwrap()],
                activity: ActivityStatus::Ongoing,
                start_date: Some(day("2022-03-01")),
                end_date: None,
                website: None,
                contact_email: None,
                languages: Vec::new(),
                source: None,
                origin: Origin::Imported,
                published: Some(day("2022-03-02")),
                confirmed_on: day("2022-03-02"),
                updated: UtcSecond::new(UtcMinute::new(day("2024-05-06"), 7, 8).unwrap(), 9)
                    .unwrap(),
            },
            crate::domain::ConfirmRule::default(),
            day("2024-05-06"),
        )
    }

    /// The cells of `record`'s row by column name.
    fn by_column(record: &PublicRecord) -> std::collections::HashMap<&'static str, String> {
        CSV_HEADER.into_iter().zip(row(record)).collect()
    }

    #[test]
    fn the_header_is_the_records_fields_with_the_new_ones_last_and_the_versions_as_columns() {
        let mut expected: Vec<String> = PublicRecord::NAMES
            .iter()
            .filter(|n| !AT_THE_END.contains(n))
            .map(|n| (*n).to_owned())
            .collect();
        for name in AT_THE_END {
            if name == "translations" {
                for language in UiLanguage::ALL {
                    expected
                        .extend(VERSION_PARTS.map(|part| format!("{part}_{}", language.as_str())));
                }
            } else {
                expected.push(name.to_owned());
            }
        }
        assert_eq!(CSV_HEADER.to_vec(), expected);
        assert_eq!(
            &CSV_HEADER[..18],
            &[
                "url",
                "slug",
                "title",
                "summary",
                "description",
                "city",
                "country",
                "types",
                "commitments",
                "activity",
                "start_date",
                "end_date",
                "website",
                "contact_email",
                "languages",
                "source",
                "published",
                "updated",
            ],
            "the columns of before keep their places"
        );
        let r = french_record("Курси французької");
        assert_eq!(row(&r).len(), CSV_HEADER.len());
    }

    #[test]
    fn a_version_fills_its_languages_columns_and_the_original_stays_in_title() {
        let cells = by_column(&french_record("Курси французької"));
        assert_eq!(cells["text_language"], "fr");
        assert_eq!(cells["title"], "Cours de français");
        assert_eq!(cells["summary"], "Des cours gratuits pour les réfugiés.");
        assert_eq!(cells["title_uk"], "Курси французької");
        assert_eq!(
            cells["summary_uk"],
            "Безкоштовні курси французької для біженців."
        );
        assert_eq!(cells["description_uk"], "Щосуботи, у мерії.");
        assert_eq!(cells["translated_by_uk"], "moderator");
        assert_eq!(cells["outdated_uk"], "true");
        for part in VERSION_PARTS {
            // No English version; the French one is the original, in `title`.
            assert_eq!(cells[format!("{part}_en").as_str()], "", "{part}_en");
            assert_eq!(cells[format!("{part}_fr").as_str()], "", "{part}_fr");
        }
    }

    #[test]
    fn a_versions_cells_are_guarded_against_formulas_and_read_back_in_their_columns() {
        let file = csv(&[french_record(
            "=HYPERLINK(\"http://evil.example\"; \"Курси\")",
        )]);
        let body = file.strip_prefix('\u{feff}').unwrap();
        let mut reader = ::csv::Reader::from_reader(body.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(header, CSV_HEADER);
        let read = reader.records().next().unwrap().unwrap();
        let title_uk = CSV_HEADER.iter().position(|c| *c == "title_uk").unwrap();
        assert_eq!(
            &read[title_uk],
            "'=HYPERLINK(\"http://evil.example\"; \"Курси\")"
        );
        for delimiter in [b',', b';', b'\t'] {
            for cell in cells(body.lines().nth(1).unwrap(), delimiter) {
                let start = cell.trim_start_matches([' ', '"']);
                assert!(!start.starts_with(FORMULA_STARTS), "{cell:?}");
            }
        }
    }

    #[test]
    fn a_field_that_looks_like_a_formula_is_kept_as_text() {
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("+33 1 23"), "'+33 1 23");
        assert_eq!(csv_field("-5"), "'-5");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("\tx"), "\"'\tx\"");
        assert_eq!(csv_field("plain"), "plain");
    }

    /// Reads `line` as a spreadsheet program would with `delimiter`, and returns its cells.
    fn cells(line: &str, delimiter: u8) -> Vec<String> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(line.as_bytes());
        reader
            .records()
            .flat_map(|r| r.unwrap().iter().map(str::to_owned).collect::<Vec<_>>())
            .collect()
    }

    #[test]
    fn no_cell_starts_a_formula_whether_the_file_is_split_on_commas_semicolons_or_tabs() {
        let hostile = [
            "Trams;=1+2;x",
            "Trams,=1+2",
            "a;+33 1 23",
            "a; -2+3",
            "a;\"=HYPERLINK(\"\"x\"\")\"",
            "a\t@SUM(A1)",
            "two\nlines\n=cmd",
            "=start; =again,@and",
            "https://x.example/a;=b",
            "plain; text, fine",
        ];
        let line: Vec<String> = hostile.iter().map(|t| csv_field(t)).collect();
        let line = line.join(",");
        for delimiter in [b',', b';', b'\t'] {
            for cell in cells(&line, delimiter) {
                let start = cell.trim_start_matches([' ', '"']);
                assert!(
                    !start.starts_with(FORMULA_STARTS),
                    "{:?}: cell {cell:?} of {line:?}",
                    delimiter as char
                );
            }
        }
        // Read as the comma-separated file it is, every field is one cell holding its text.
        let read = cells(&line, b',');
        assert_eq!(read.len(), hostile.len());
        assert_eq!(read[9], "plain; text, fine");
        assert_eq!(read[0], "Trams;'=1+2;x");
    }

    #[test]
    fn commas_quotes_and_line_breaks_are_quoted_as_rfc_4180_says() {
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("Київ"), "Київ");
    }

    #[test]
    fn the_file_name_says_what_was_filtered() {
        let (f, _) = ListFilter::from_query("country=PL&type=housing&commitment=2&q=kra");
        assert_eq!(
            file_name(&f, "csv"),
            "icc-initiatives-pl-housing-c2-search.csv"
        );
        let (all, _) = ListFilter::from_query("");
        assert_eq!(file_name(&all, "csv"), "icc-initiatives-all.csv");
        let (cities, _) = ListFilter::from_query(
            "country=PL&city=Krak%C3%B3w&city=%D0%9B%D1%8C%D0%B2%D1%96%D0%B2",
        );
        assert_eq!(
            file_name(&cities, "json"),
            "icc-initiatives-pl-krakow-lviv.json"
        );
    }
}
