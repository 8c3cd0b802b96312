//! Open data: the published initiatives of any filtered view of the list, as a spreadsheet file
//! (`/initiatives.csv`) and in the import format (`/initiatives.json`, which `icc-initiatives
//! import` reads back); the Atom feed (`feed`) holds the same selection. All take exactly the list page's parameters, read by the same parser
//! (`ListFilter`), and hold every matching initiative, not one page, each written from its
//! public record (`domain::PublicRecord`, built once per request in `export`).

pub mod feed;
pub mod sitemap;
use crate::domain::{FieldValue, ImportRecord, ListFilter, PublicRecord, RECORD_FIELDS};
use crate::server::accounts::guard::WebOrigin;
use crate::server::store::transfer::DataFile;

/// The header row: stable, in English, whatever the interface language — the public record's
/// field names, in its order.
pub const CSV_HEADER: [&str; RECORD_FIELDS] = PublicRecord::NAMES;

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

/// One value of the record as a CSV cell (before quoting): codes and numbers joined with `;`,
/// an absent value empty, the last change as its day.
fn cell(value: &FieldValue<'_>) -> String {
    match value {
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
        versions @ FieldValue::Versions(_) => serde_json::to_string(versions).unwrap_or_default(),
    }
}

/// The CSV file: a UTF-8 byte-order mark (so spreadsheet programs read accents and Cyrillic
/// right), the header row, then one row per initiative (every field of its public record, in
/// the header's order), lines ended by CRLF.
pub fn csv(records: &[PublicRecord]) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&CSV_HEADER.join(","));
    out.push_str("\r\n");
    for record in records {
        let fields: Vec<String> = record
            .fields()
            .iter()
            .map(|(_, value)| csv_field(&cell(value)))
            .collect();
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
