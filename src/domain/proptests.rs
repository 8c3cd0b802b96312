//! Property tests of every parser of the domain: whatever text arrives (Unicode of every kind,
//! control and invisible characters, huge inputs), no parser panics, every accepted value prints
//! and parses back to itself, and text that shows nothing counts as missing.
//!
//! The normal test run tries [`QUICK_CASES`] cases per property; `scripts/fuzz.sh` sets
//! `PROPTEST_CASES` (100,000) and builds this module alone, optimised (the `fuzz/` crate).
//! Every property prints its name and how many cases it ran. A failure is shrunk to a minimal
//! input and kept in `proptest-regressions/domain.txt`, which is committed and tried first on
//! every later run.

use crate::domain::{
    collapse_line, is_bidi_control, is_default_ignorable, percent_decode, percent_encode,
    trim_text, ActivityStatus, Commitment, ContactEmail, CountryCode, Description, Field,
    FieldError, FilterProblem, ImportRecord, InitiativeType, IsoDate, LanguageCode, ListFilter,
    ModerationAction, ModerationStatus, NewInitiative, PersonName, PlaceName, SortOrder,
    Submission, SubmitForm, Summary, Title, UiLanguage, WebLink, MAX_QUERY_CHARS,
};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseResult, TestRunner};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};

/// Cases per property in the normal test run (the whole module stays well under 20 s in debug).
const QUICK_CASES: u32 = 256;

/// Where shrunk failures are kept: `proptest-regressions/domain.txt` at the root of the
/// repository, found from this crate's folder (the `fuzz/` crate lives one level down).
fn regressions_file() -> &'static str {
    let mut dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    while !dir.join("src/domain/proptests.rs").exists() && dir.pop() {}
    let path = dir.join("proptest-regressions/domain.txt");
    Box::leak(path.to_string_lossy().into_owned().into_boxed_str())
}

fn config() -> Config {
    let mut config = Config::default(); // reads PROPTEST_CASES and the other PROPTEST_ variables
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = QUICK_CASES;
    }
    config.failure_persistence = Some(Box::new(FileFailurePersistence::Direct(regressions_file())));
    config
}

thread_local! {
    /// Cases of the running property whose input the parser accepted (the runner runs the cases
    /// on the test's own thread).
    static ACCEPTED: Cell<u64> = const { Cell::new(0) };
}

/// Counts the current case as accepted by the parser under test.
fn accepted() {
    ACCEPTED.with(|a| a.set(a.get() + 1));
}

/// Runs one property and prints how many cases it tried and how many inputs were accepted (so a
/// round trip that never runs would show); panics with the minimal failing input.
fn check<S: Strategy>(name: &str, strategy: S, test: impl Fn(S::Value) -> TestCaseResult)
where
    S::Value: std::fmt::Debug,
{
    let cases = AtomicU64::new(0);
    ACCEPTED.with(|a| a.set(0));
    let started = std::time::Instant::now();
    let mut runner = TestRunner::new(config());
    let result = runner.run(&strategy, |value| {
        cases.fetch_add(1, Ordering::Relaxed);
        test(value)
    });
    match result {
        Ok(()) => println!(
            "property {name}: {} cases ({} accepted), 0 failures, {:.1} s",
            cases.load(Ordering::Relaxed),
            ACCEPTED.with(Cell::get),
            started.elapsed().as_secs_f64()
        ),
        Err(e) => panic!("property {name} failed: {e}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Strategies: text as people (and robots) send it.

/// White space of many kinds, including line breaks and the control characters that are white
/// space (tab, NEL).
const SPACES: &[char] = &[
    ' ', ' ', '\t', '\n', '\r', '\u{0B}', '\u{0C}', '\u{85}', '\u{A0}', '\u{1680}', '\u{2000}',
    '\u{2009}', '\u{2028}', '\u{2029}', '\u{202F}', '\u{3000}',
];

/// Invisible characters: a sample of every range of Default_Ignorable_Code_Point.
const INVISIBLE: &[char] = &[
    '\u{AD}',
    '\u{34F}',
    '\u{61C}',
    '\u{115F}',
    '\u{1160}',
    '\u{17B4}',
    '\u{180B}',
    '\u{180E}',
    '\u{200B}',
    '\u{200C}',
    '\u{200D}',
    '\u{200E}',
    '\u{200F}',
    '\u{202A}',
    '\u{202C}',
    '\u{202E}',
    '\u{2060}',
    '\u{2066}',
    '\u{2069}',
    '\u{206F}',
    '\u{3164}',
    '\u{FE00}',
    '\u{FE0F}',
    '\u{FEFF}',
    '\u{FFA0}',
    '\u{FFF0}',
    '\u{1BCA0}',
    '\u{1D173}',
    '\u{E0001}',
    '\u{E0067}',
    '\u{E007F}',
    '\u{E0100}',
    '\u{E0FFF}',
];

/// Control characters that are not white space.
const CONTROLS: &[char] = &[
    '\0', '\u{1}', '\u{8}', '\u{1B}', '\u{7F}', '\u{80}', '\u{9F}',
];

/// Letters and marks of other scripts, emoji, look-alikes, and characters that change length when
/// upper- or lower-cased.
const UNICODE: &[char] = &[
    'ї',
    'Ї',
    'ґ',
    'ß',
    'é',
    'Ł',
    'ą',
    'ñ',
    'ø',
    'İ',
    'ı',
    'ſ',
    'K',
    'ﬁ',
    'ǅ',
    'ΐ',
    '中',
    '日',
    'ע',
    'ا',
    '😀',
    '🏴',
    '👩',
    '\u{301}',
    '\u{308}',
    '\u{FFFD}',
    '\u{10FFFF}',
    '\u{E000}',
    '\u{2800}',
    '\u{1F1FA}',
    '\u{1F1E6}',
    'ａ',
    '０',
    '．',
    '＠',
];

/// Punctuation that matters to addresses and query strings.
const PUNCTUATION: &[char] = &[
    '.', '/', ':', '@', '-', '_', '?', '#', '%', '+', '&', '=', '<', '>', '"', '\'', '\\', '[',
    ']', '~', ',', ';', '*',
];

fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => proptest::char::range('a', 'z'),
        1 => proptest::char::range('A', 'Z'),
        1 => proptest::char::range('0', '9'),
        2 => select(SPACES),
        2 => select(INVISIBLE),
        1 => select(CONTROLS),
        2 => select(PUNCTUATION),
        2 => select(UNICODE),
        1 => any::<char>(),
    ]
}

fn chars(max: usize) -> impl Strategy<Value = String> {
    vec(tricky_char(), 0..max).prop_map(String::from_iter)
}

/// Only white space and invisible characters: text that shows nothing.
fn blank() -> impl Strategy<Value = String> {
    vec(prop_oneof![select(SPACES), select(INVISIBLE)], 0..24).prop_map(String::from_iter)
}

/// Blank (or empty) text around a value, as pasted text often has.
fn padded(inner: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    (
        prop_oneof![3 => Just(String::new()), 1 => blank()],
        inner,
        prop_oneof![3 => Just(String::new()), 1 => blank()],
    )
        .prop_map(|(a, b, c)| format!("{a}{b}{c}"))
}

/// Words of several scripts with separators of every kind between them.
fn words(count: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    let word = prop_oneof![
        4 => "[a-zA-Z]{1,10}",
        2 => "[а-яіїєґА-Я]{1,10}",
        1 => "[0-9]{1,4}",
        1 => vec(tricky_char(), 1..6).prop_map(String::from_iter),
    ];
    let sep = prop_oneof![
        6 => Just(" ".to_owned()),
        1 => vec(select(SPACES), 1..4).prop_map(String::from_iter),
        1 => blank(),
        1 => Just("\n\n".to_owned()),
    ];
    vec((word, sep), count).prop_map(|parts| parts.into_iter().map(|(w, s)| w + &s).collect())
}

/// A short piece repeated up to `max_len` characters: huge inputs, cheaply.
fn huge(max_len: usize) -> impl Strategy<Value = String> {
    (chars(8), 0..max_len).prop_map(|(piece, n)| {
        if piece.is_empty() {
            "x".repeat(n)
        } else {
            piece.chars().cycle().take(n).collect()
        }
    })
}

/// Any text a field may receive: mostly plausible, sometimes garbage, blank or huge.
fn field_text(max_words: usize, max_len: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        5 => padded(words(0..max_words)),
        2 => chars(40),
        1 => blank(),
        1 => huge(max_len),
    ]
}

fn web_link_text() -> impl Strategy<Value = String> {
    let scheme = select(vec![
        "https://",
        "http://",
        "HTTPS://",
        "Http://",
        "ftp://",
        "",
        "https:/",
        "javascript:",
        "https://user:pw@",
        "https://@",
    ]);
    let label = prop_oneof![
        6 => "[a-z0-9]{1,10}",
        1 => "[a-z0-9-]{0,6}",
        1 => "[а-яї]{1,6}",
        1 => vec(tricky_char(), 0..4).prop_map(String::from_iter),
    ];
    let host = vec(label, 1..4).prop_map(|l| l.join("."));
    let port = select(vec!["", "", ":8080", ":", ":x"]);
    let rest = prop_oneof![
        3 => Just(String::new()),
        3 => "(/[a-zA-Z0-9._~%-]{0,8}){0,3}(\\?[a-z=&]{0,8})?(#[a-z]{0,4})?",
        2 => chars(12).prop_map(|t| format!("/{t}")),
        1 => (select(INVISIBLE), "[a-z]{0,4}").prop_map(|(c, t)| format!("/{c}{t}")),
    ];
    prop_oneof![
        6 => padded((scheme, host, port, rest).prop_map(|(s, h, p, r)| format!("{s}{h}{p}{r}"))),
        2 => chars(40),
        1 => blank(),
        1 => huge(700).prop_map(|h| format!("https://city.example/{h}")),
    ]
}

fn email_text() -> impl Strategy<Value = String> {
    let local = prop_oneof![
        5 => "[a-z0-9._+-]{1,12}",
        1 => "[а-яї]{1,6}",
        1 => vec(tricky_char(), 0..5).prop_map(String::from_iter),
    ];
    let domain = prop_oneof![
        5 => "[a-z0-9-]{1,8}(\\.[a-z]{1,6}){1,2}",
        1 => "[a-z.]{0,8}",
        1 => vec(tricky_char(), 0..8).prop_map(String::from_iter),
    ];
    let at = select(vec!["@", "@", "@", "@@", "", "＠"]);
    prop_oneof![
        6 => padded((local, at, domain).prop_map(|(l, a, d)| format!("{l}{a}{d}"))),
        2 => chars(30),
        1 => blank(),
        1 => huge(300).prop_map(|h| format!("a@{h}.example")),
    ]
}

fn date_text() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => padded(
            (1890u32..2210, 0u32..14, 0u32..33)
                .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
        ),
        1 => "[0-9]{0,5}-[0-9]{0,3}-[0-9]{0,3}",
        1 => "[0-9+-]{0,12}",
        1 => chars(12),
    ]
}

/// A name from `names`, written as people may: case changed, blank around it.
fn spelled(names: Vec<String>) -> impl Strategy<Value = String> {
    padded(
        (select(names), any::<u8>()).prop_map(|(n, how)| match how % 3 {
            0 => n,
            1 => n.to_uppercase(),
            _ => n.to_lowercase(),
        }),
    )
}

/// A name from `names` as people may write it, or garbage.
fn name_text(names: Vec<String>) -> impl Strategy<Value = String> {
    prop_oneof![
        6 => spelled(names),
        1 => chars(6),
        1 => blank(),
        1 => huge(200),
    ]
}

fn country_names() -> Vec<String> {
    CountryCode::all().map(|c| c.as_str().to_owned()).collect()
}
fn type_names() -> Vec<String> {
    InitiativeType::ALL
        .iter()
        .map(|t| t.slug().to_owned())
        .collect()
}
fn language_names() -> Vec<String> {
    LanguageCode::all().map(|l| l.as_str().to_owned()).collect()
}
fn activity_names() -> Vec<String> {
    ActivityStatus::ALL
        .iter()
        .map(|a| a.as_str().to_owned())
        .collect()
}
fn country_text() -> impl Strategy<Value = String> {
    name_text(country_names())
}
fn type_text() -> impl Strategy<Value = String> {
    name_text(type_names())
}
fn commitment_text() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => padded((0u32..8).prop_map(|n| n.to_string())),
        1 => "[+-]?[0-9]{1,4}",
        1 => chars(4),
    ]
}
fn language_text() -> impl Strategy<Value = String> {
    name_text(language_names())
}
fn activity_text() -> impl Strategy<Value = String> {
    name_text(activity_names())
}

// Values that pass (or nearly pass) their parser, so whole forms and records are often accepted
// and their round trips tested, not only their errors.
fn plausible_link() -> impl Strategy<Value = String> {
    padded(
        (
            select(vec!["https://", "http://", "HTTPS://"]),
            vec("[a-z0-9]{1,10}", 2..4),
            "(/[a-zA-Z0-9._~%-]{0,8}){0,3}",
        )
            .prop_map(|(s, host, path)| format!("{s}{}{path}", host.join("."))),
    )
}
fn plausible_email() -> impl Strategy<Value = String> {
    padded("[a-z0-9._+-]{1,12}@[a-z0-9-]{1,8}\\.[a-z]{2,6}")
}
fn plausible_date() -> impl Strategy<Value = String> {
    padded(
        (1900u32..=2200, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
    )
}
fn plausible_commitment() -> impl Strategy<Value = String> {
    padded((1u8..=5).prop_map(|n| n.to_string()))
}

// ---------------------------------------------------------------------------------------------
// Properties of the field parsers.

/// A value shown back in an error message has nothing invisible or controlling, and is short.
fn assert_safe_echo(shown: &str, max: usize) -> TestCaseResult {
    prop_assert!(
        shown.chars().count() <= max + 1,
        "echo too long: {:?}",
        shown
    );
    prop_assert!(
        !shown
            .chars()
            .any(|c| c.is_control() || is_default_ignorable(c)),
        "echo {:?} hides or reorders text",
        shown
    );
    Ok(())
}

/// The echoed value of an error, and its length limit.
fn echoed(e: &FieldError) -> Option<(&str, usize)> {
    match e {
        FieldError::InvalidDate(v)
        | FieldError::UnknownCountry(v)
        | FieldError::UnknownCommitment(v)
        | FieldError::UnknownLanguage(v) => Some((v, 20)),
        FieldError::UnknownType(v) | FieldError::UnknownActivityStatus(v) => Some((v, 40)),
        _ => None,
    }
}

/// Whatever the error, it can be shown: its message builds and its echo is safe.
fn assert_showable(e: &FieldError) -> TestCaseResult {
    let _ = e.to_string();
    if let Some((shown, max)) = echoed(e) {
        assert_safe_echo(shown, max)?;
    }
    Ok(())
}

/// What every accepted text field must look like.
fn assert_clean_text(kept: &str, min: usize, max: usize, multiline: bool) -> TestCaseResult {
    prop_assert_eq!(trim_text(kept), kept, "not trimmed");
    prop_assert!(!kept.is_empty());
    let visible = kept.chars().filter(|c| !is_default_ignorable(*c)).count();
    prop_assert!(
        visible >= min,
        "{} visible characters, minimum {}",
        visible,
        min
    );
    prop_assert!(kept.chars().count() <= max);
    for c in kept.chars() {
        let allowed_break = multiline && c == '\n';
        prop_assert!(!c.is_control() || allowed_break, "control {:?} kept", c);
        prop_assert!(
            c == ' ' || allowed_break || !c.is_whitespace(),
            "space {:?} kept",
            c
        );
    }
    prop_assert!(!kept.contains("  "));
    Ok(())
}

/// One property set for a text field type: no panic, round trip, clean result, blank is Required.
macro_rules! text_field_properties {
    ($test:ident, $ty:ident, $multiline:expr, $words:expr, $huge:expr) => {
        #[test]
        fn $test() {
            check(stringify!($ty), field_text($words, $huge), |text| {
                match $ty::parse(&text) {
                    Ok(v) => {
                        accepted();
                        assert_clean_text(v.as_str(), $ty::MIN, $ty::MAX, $multiline)?;
                        prop_assert_eq!($ty::parse(v.as_str()), Ok(v.clone()));
                    }
                    Err(e) => {
                        let _ = e.to_string();
                        if trim_text(&text).is_empty() {
                            prop_assert_eq!(e, FieldError::Required);
                        }
                    }
                }
                Ok(())
            });
            check(concat!(stringify!($ty), " (blank)"), blank(), |text| {
                prop_assert_eq!($ty::parse(&text), Err(FieldError::Required));
                Ok(())
            });
        }
    };
}

text_field_properties!(proptest_title, Title, false, 30, 400);
text_field_properties!(proptest_summary, Summary, false, 80, 1_000);
text_field_properties!(proptest_description, Description, true, 200, 12_000);
text_field_properties!(proptest_place_name, PlaceName, false, 25, 300);
text_field_properties!(proptest_person_name, PersonName, false, 25, 300);

#[test]
fn proptest_web_link() {
    check("WebLink", web_link_text(), |text| {
        match WebLink::parse(&text) {
            Ok(link) => {
                accepted();
                let s = link.as_str();
                prop_assert_eq!(trim_text(s), s);
                let lower = s.to_ascii_lowercase();
                prop_assert!(lower.starts_with("http://") || lower.starts_with("https://"));
                prop_assert!(s.chars().count() <= WebLink::MAX);
                prop_assert!(!s
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control() || is_default_ignorable(c)));
                prop_assert_eq!(WebLink::parse(s), Ok(link.clone()));
            }
            Err(e) => {
                let _ = e.to_string();
                let kept = trim_text(&text);
                if kept.is_empty() {
                    prop_assert_eq!(e, FieldError::Required);
                } else if kept.chars().count() <= WebLink::MAX && kept.chars().any(is_bidi_control)
                {
                    prop_assert_eq!(e, FieldError::DirectionControls);
                }
            }
        }
        Ok(())
    });
    check("WebLink (blank)", blank(), |text| {
        prop_assert_eq!(WebLink::parse(&text), Err(FieldError::Required));
        Ok(())
    });
}

#[test]
fn proptest_contact_email() {
    check("ContactEmail", email_text(), |text| {
        match ContactEmail::parse(&text) {
            Ok(email) => {
                accepted();
                let s = email.as_str();
                prop_assert_eq!(trim_text(s), s);
                prop_assert_eq!(s.matches('@').count(), 1);
                prop_assert!(s.chars().count() <= ContactEmail::MAX);
                prop_assert!(!s
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control() || is_default_ignorable(c)));
                prop_assert_eq!(ContactEmail::parse(s), Ok(email.clone()));
            }
            Err(e) => {
                let _ = e.to_string();
                let kept = trim_text(&text);
                if kept.is_empty() {
                    prop_assert_eq!(e, FieldError::Required);
                } else if kept.chars().count() <= ContactEmail::MAX
                    && kept.chars().any(is_bidi_control)
                {
                    prop_assert_eq!(e, FieldError::DirectionControls);
                }
            }
        }
        Ok(())
    });
    check("ContactEmail (blank)", blank(), |text| {
        prop_assert_eq!(ContactEmail::parse(&text), Err(FieldError::Required));
        Ok(())
    });
}

#[test]
fn proptest_iso_date() {
    check("IsoDate", date_text(), |text| {
        match IsoDate::parse(&text) {
            Ok(date) => {
                accepted();
                let printed = date.to_string();
                prop_assert_eq!(printed.len(), 10);
                prop_assert_eq!(IsoDate::parse(&printed), Ok(date));
                prop_assert_eq!(
                    IsoDate::from_ymd(date.year(), date.month(), date.day()),
                    Some(date)
                );
            }
            Err(e) => {
                prop_assert!(matches!(e, FieldError::InvalidDate(_)));
                assert_showable(&e)?;
            }
        }
        Ok(())
    });
    check(
        "IsoDate::from_ymd",
        (
            prop_oneof![any::<u16>(), 1890u16..2210],
            prop_oneof![any::<u8>(), 0u8..14],
            prop_oneof![any::<u8>(), 0u8..33],
        ),
        |(y, m, d)| {
            if let Some(date) = IsoDate::from_ymd(y, m, d) {
                accepted();
                prop_assert_eq!(IsoDate::parse(&date.to_string()), Ok(date));
                prop_assert_eq!((date.year(), date.month(), date.day()), (y, m, d));
            }
            Ok(())
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Properties of the code lists.

#[test]
fn proptest_country_code() {
    check("CountryCode", country_text(), |text| {
        match CountryCode::parse(&text) {
            Ok(code) => {
                accepted();
                prop_assert_eq!(code.as_str().len(), 2);
                prop_assert_eq!(CountryCode::parse(code.as_str()), Ok(code));
                prop_assert_eq!(code.as_str(), trim_text(&text).to_ascii_uppercase());
                for lang in [UiLanguage::En, UiLanguage::Fr, UiLanguage::Uk] {
                    prop_assert!(!code.name(lang).is_empty());
                }
                let json =
                    serde_json::to_string(&code).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(serde_json::from_str::<CountryCode>(&json).ok(), Some(code));
            }
            Err(e) => {
                prop_assert!(matches!(e, FieldError::UnknownCountry(_)));
                assert_showable(&e)?;
            }
        }
        Ok(())
    });
}

#[test]
fn proptest_initiative_type() {
    check("InitiativeType", type_text(), |text| {
        match InitiativeType::parse(&text) {
            Ok(t) => {
                accepted();
                prop_assert_eq!(InitiativeType::parse(t.slug()), Ok(t));
                prop_assert!(t.slug().eq_ignore_ascii_case(trim_text(&text)));
                prop_assert_eq!(t.bit().count_ones(), 1);
            }
            Err(e) => {
                prop_assert!(matches!(e, FieldError::UnknownType(_)));
                assert_showable(&e)?;
            }
        }
        Ok(())
    });
}

#[test]
fn proptest_commitment() {
    check("Commitment", commitment_text(), |text| {
        match Commitment::parse(&text) {
            Ok(c) => {
                accepted();
                prop_assert!((1..=5).contains(&c.number()));
                prop_assert_eq!(Commitment::parse(&c.number().to_string()), Ok(c));
                prop_assert_eq!(Commitment::from_number(c.number()), Ok(c));
            }
            Err(e) => {
                prop_assert!(matches!(e, FieldError::UnknownCommitment(_)));
                assert_showable(&e)?;
            }
        }
        Ok(())
    });
    check("Commitment::from_number", any::<u8>(), |n| {
        if let Ok(c) = Commitment::from_number(n) {
            accepted();
            prop_assert_eq!(c.number(), n);
        }
        prop_assert_eq!(Commitment::from_number(n).is_ok(), (1..=5).contains(&n));
        Ok(())
    });
}

#[test]
fn proptest_language_code() {
    check("LanguageCode", language_text(), |text| {
        match LanguageCode::parse(&text) {
            Ok(l) => {
                accepted();
                prop_assert_eq!(LanguageCode::parse(l.as_str()), Ok(l));
                prop_assert_eq!(l.as_str(), trim_text(&text).to_ascii_lowercase());
                prop_assert!(!l.endonym().is_empty());
            }
            Err(e) => {
                prop_assert!(matches!(e, FieldError::UnknownLanguage(_)));
                assert_showable(&e)?;
            }
        }
        Ok(())
    });
}

#[test]
fn proptest_activity_status_and_moderation_names() {
    check("ActivityStatus", activity_text(), |text| {
        match ActivityStatus::parse(&text) {
            Ok(a) => {
                accepted();
                prop_assert_eq!(ActivityStatus::parse(a.as_str()), Ok(a));
            }
            Err(e) => {
                prop_assert!(matches!(e, FieldError::UnknownActivityStatus(_)));
                assert_showable(&e)?;
            }
        }
        Ok(())
    });
    let moderation_names: Vec<String> = ModerationAction::ALL
        .iter()
        .map(|a| a.as_str().to_owned())
        .chain(ModerationStatus::ALL.iter().map(|s| s.as_str().to_owned()))
        .chain(SortOrder::ALL.iter().map(|s| s.as_str().to_owned()))
        .collect();
    check(
        "ModerationAction, ModerationStatus, SortOrder",
        name_text(moderation_names),
        |text| {
            if let Ok(a) = ModerationAction::parse(&text) {
                accepted();
                prop_assert_eq!(ModerationAction::parse(a.as_str()), Ok(a));
            }
            if let Ok(s) = ModerationStatus::parse(&text) {
                prop_assert_eq!(ModerationStatus::parse(s.as_str()), Ok(s));
            }
            if let Some(s) = SortOrder::parse(&text) {
                prop_assert_eq!(SortOrder::parse(s.as_str()), Some(s));
            }
            Ok(())
        },
    );
}

// ---------------------------------------------------------------------------------------------
// The list filter's query string.

fn query_value() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => country_text(),
        2 => type_text(),
        1 => commitment_text(),
        1 => name_text(SortOrder::ALL.iter().map(|s| s.as_str().to_owned()).collect()),
        1 => padded("[+-]?[0-9]{1,12}"),
        3 => field_text(10, 600),
    ]
}

/// A raw query string: known and unknown keys, values encoded, half-encoded or not at all.
fn query_string() -> impl Strategy<Value = String> {
    let key = select(vec![
        "country",
        "city",
        "type",
        "commitment",
        "q",
        "sort",
        "page",
        "other",
        "",
        "Q",
        "q%20",
    ]);
    let pair = (key, query_value(), any::<u8>()).prop_map(|(k, v, how)| match how % 4 {
        0 => format!("{k}={v}"),
        1 | 2 => format!("{k}={}", percent_encode(&v)),
        _ => k.to_owned(),
    });
    prop_oneof![
        6 => (select(vec!["", "?"]), vec(pair, 0..8))
            .prop_map(|(q, pairs)| format!("{q}{}", pairs.join("&"))),
        1 => chars(80),
        1 => "(%[0-9A-Fa-f+-]{0,2}|[a-z=&+]){0,40}",
    ]
}

/// A filter as the app builds it: canonical search text, sorted lists, a page in range.
fn canonical_filter() -> impl Strategy<Value = ListFilter> {
    let countries = vec(select(CountryCode::all().collect::<Vec<_>>()), 0..4);
    // Cities as the parser keeps them: cleaned like a submitted city name (text that is not one
    // becomes a fixed name rather than a rejected case, so long runs never run out of cases).
    let cities = vec(
        field_text(6, 150).prop_map(|t| {
            PlaceName::parse(&t).map_or_else(|_| "Kraków".to_owned(), PlaceName::into_inner)
        }),
        0..3,
    );
    let types = vec(select(InitiativeType::ALL.to_vec()), 0..4);
    let commitments = vec(select(Commitment::ALL.to_vec()), 0..4);
    let q = field_text(40, 400).prop_map(|t| {
        collapse_line(
            &collapse_line(&t)
                .chars()
                .take(MAX_QUERY_CHARS)
                .collect::<String>(),
        )
    });
    let sort = select(SortOrder::ALL.to_vec());
    let page = prop_oneof![3 => Just(1u32), 1 => 1u32..=100_000];
    let freshness = vec(select(crate::domain::Freshness::ALL.to_vec()), 0..3);
    (
        (countries, cities, types, commitments),
        freshness,
        q,
        sort,
        page,
    )
        .prop_map(
            |(
                (mut countries, mut cities, mut types, mut commitments),
                mut freshness,
                q,
                sort,
                page,
            )| {
                freshness.sort();
                freshness.dedup();
                countries.sort();
                countries.dedup();
                cities.sort();
                cities.dedup();
                types.sort();
                types.dedup();
                commitments.sort();
                commitments.dedup();
                ListFilter {
                    countries,
                    cities,
                    types,
                    commitments,
                    freshness,
                    q,
                    sort,
                    page,
                }
            },
        )
}

#[test]
fn proptest_list_filter() {
    check("ListFilter::from_query", query_string(), |query| {
        let (f, problems) = ListFilter::from_query(&query);
        if problems.is_empty() {
            accepted();
        }
        prop_assert!((1..=100_000).contains(&f.page));
        prop_assert!(f.q.chars().count() <= MAX_QUERY_CHARS);
        prop_assert_eq!(collapse_line(&f.q), f.q.clone(), "search text not clean");
        prop_assert!(f.countries.windows(2).all(|w| w[0] < w[1]));
        prop_assert!(f.cities.windows(2).all(|w| w[0] < w[1]));
        for city in &f.cities {
            prop_assert_eq!(
                PlaceName::parse(city).map(PlaceName::into_inner),
                Ok(city.clone())
            );
        }
        prop_assert!(f.types.windows(2).all(|w| w[0] < w[1]));
        prop_assert!(f.commitments.windows(2).all(|w| w[0] < w[1]));
        for p in &problems {
            if let FilterProblem::UnknownCountry(v)
            | FilterProblem::BadCity(v)
            | FilterProblem::UnknownType(v)
            | FilterProblem::UnknownCommitment(v)
            | FilterProblem::UnknownFreshness(v)
            | FilterProblem::UnknownSort(v)
            | FilterProblem::BadPage(v) = p
            {
                assert_safe_echo(v, 40)?;
            }
        }
        // The canonical URL gives back the same filter, with nothing to report.
        let url = f.to_query();
        prop_assert_eq!(ListFilter::from_query(&url), (f.clone(), vec![]));
        prop_assert_eq!(
            ListFilter::from_query(&format!("?{url}")).0.to_query(),
            url.clone()
        );
        prop_assert!(url
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.~%+=&".contains(&b)));
        Ok(())
    });
    check("ListFilter::to_query", canonical_filter(), |f| {
        accepted(); // built canonical: every case must be accepted back unchanged
        prop_assert_eq!(ListFilter::from_query(&f.to_query()), (f.clone(), vec![]));
        let json = serde_json::to_string(&f).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(serde_json::from_str::<ListFilter>(&json).ok(), Some(f));
        Ok(())
    });
    check(
        "percent_encode/percent_decode",
        prop_oneof![chars(60), field_text(10, 300)],
        |text| {
            accepted();
            prop_assert_eq!(percent_decode(&percent_encode(&text)), text.clone());
            let _ = percent_decode(&text);
            Ok(())
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Whole forms and records.

fn optional_text(s: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    prop_oneof![2 => Just(String::new()), 1 => blank(), 4 => s]
}

/// The parts of a form: place, texts, lists, details, submitter.
type FormParts = (
    (String, String),
    (String, String, String),
    (Vec<String>, Vec<String>, Vec<String>),
    (String, String, String, String, String),
    (String, String, String, Option<String>, String),
);

/// Any form: every field anything at all.
fn any_form_parts() -> BoxedStrategy<FormParts> {
    let place = (field_text(4, 200), country_text());
    let about = (
        field_text(12, 300),
        field_text(40, 800),
        optional_text(field_text(120, 12_000)),
    );
    let lists = (
        vec(type_text(), 0..5),
        vec(commitment_text(), 0..6),
        vec(language_text(), 0..5),
    );
    let details = (
        activity_text(),
        optional_text(date_text()),
        optional_text(date_text()),
        optional_text(web_link_text()),
        optional_text(email_text()),
    );
    let submitter = (
        field_text(4, 200),
        email_text(),
        field_text(8, 200),
        prop_oneof![
            4 => Just(Some("yes".to_owned())),
            1 => Just(None),
            1 => blank().prop_map(Some),
            1 => chars(5).prop_map(Some),
        ],
        optional_text(chars(8)),
    );
    (place, about, lists, details, submitter).boxed()
}

/// A form as a person fills it in: mostly right, in messy ways.
fn plausible_form_parts() -> BoxedStrategy<FormParts> {
    let place = (padded(words(1..4)), spelled(country_names()));
    let about = (
        padded(words(1..12)),
        padded(words(3..40)),
        optional_text(words(0..120)),
    );
    let lists = (
        vec(spelled(type_names()), 1..4),
        vec(plausible_commitment(), 0..4),
        vec(spelled(language_names()), 0..4),
    );
    let details = (
        spelled(activity_names()),
        optional_text(plausible_date()),
        optional_text(plausible_date()),
        optional_text(plausible_link()),
        optional_text(plausible_email()),
    );
    let submitter = (
        padded(words(1..4)),
        plausible_email(),
        padded(words(1..8)),
        Just(Some("yes".to_owned())),
        Just(String::new()),
    );
    (place, about, lists, details, submitter).boxed()
}

fn submit_form() -> impl Strategy<Value = SubmitForm> {
    prop_oneof![1 => any_form_parts(), 3 => plausible_form_parts()].prop_map(
        |(
            (city, country),
            (title, summary, description),
            (types, commitments, languages),
            (activity, start_date, end_date, website, contact_email),
            (submitter_name, submitter_email, submitter_role, consent, leave_empty),
        )| SubmitForm {
            city,
            country,
            text_language: "en".to_owned(),
            title,
            summary,
            description,
            types,
            commitments,
            activity,
            start_date,
            end_date,
            website,
            contact_email,
            languages,
            submitter_name,
            submitter_email,
            submitter_role,
            consent,
            leave_empty,
            ticket: String::new(),
            ..SubmitForm::default()
        },
    )
}

#[test]
fn proptest_submission() {
    check("SubmitForm -> Submission", submit_form(), |form| {
        match Submission::try_from(&form) {
            Ok(s) => {
                accepted();
                // What is stored fills the form back, and that form gives the same submission.
                let again = SubmitForm::from_submission(&s);
                prop_assert_eq!(Submission::try_from(&again), Ok(s.clone()));
                prop_assert_eq!(form.initiative(), Ok(s.initiative.clone()));
                let json =
                    serde_json::to_string(&s).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(serde_json::from_str::<Submission>(&json).ok(), Some(s));
                prop_assert!(form.problems_in(&Field::ALL).is_empty());
            }
            Err(problems) => {
                prop_assert!(!problems.is_empty());
                for p in &problems {
                    assert_showable(&p.error)?;
                }
                prop_assert!(problems.windows(2).all(|w| w[0].field < w[1].field));
                prop_assert_eq!(form.problems_in(&Field::ALL), problems.clone());
                let blank_required = [
                    (Field::City, &form.city),
                    (Field::Country, &form.country),
                    (Field::Title, &form.title),
                    (Field::Summary, &form.summary),
                    (Field::Activity, &form.activity),
                    (Field::SubmitterEmail, &form.submitter_email),
                ];
                for (field, value) in blank_required {
                    if trim_text(value).is_empty() {
                        prop_assert!(
                            problems
                                .iter()
                                .any(|p| p.field == field && p.error == FieldError::Required),
                            "{:?} blank but not Required",
                            field
                        );
                    }
                }
                for (field, value) in [
                    (Field::Description, &form.description),
                    (Field::StartDate, &form.start_date),
                    (Field::EndDate, &form.end_date),
                    (Field::Website, &form.website),
                    (Field::ContactEmail, &form.contact_email),
                ] {
                    if trim_text(value).is_empty() {
                        prop_assert!(!problems.iter().any(|p| p.field == field));
                    }
                }
            }
        }
        Ok(())
    });
}

fn maybe(s: impl Strategy<Value = String>) -> impl Strategy<Value = Option<String>> {
    prop_oneof![2 => Just(None), 1 => blank().prop_map(Some), 4 => s.prop_map(Some)]
}

/// The parts of a record: head, lists, tail.
type RecordParts = (
    (String, String, String, String, Option<String>),
    (Vec<String>, Vec<u8>, Option<Vec<String>>),
    (
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    ),
);

fn any_record_parts() -> BoxedStrategy<RecordParts> {
    let head = (
        field_text(4, 200),
        country_text(),
        field_text(12, 300),
        field_text(40, 800),
        maybe(field_text(120, 12_000)),
    );
    let lists = (
        vec(type_text(), 0..5),
        vec(prop_oneof![4 => 1u8..=5, 1 => any::<u8>()], 0..6),
        prop_oneof![1 => Just(None), 3 => vec(language_text(), 0..5).prop_map(Some)],
    );
    let tail = (
        activity_text(),
        maybe(date_text()),
        maybe(date_text()),
        maybe(web_link_text()),
        maybe(email_text()),
        maybe(web_link_text()),
    );
    (head, lists, tail).boxed()
}

fn plausible_record_parts() -> BoxedStrategy<RecordParts> {
    let head = (
        padded(words(1..4)),
        spelled(country_names()),
        padded(words(1..12)),
        padded(words(3..40)),
        maybe(words(0..120)),
    );
    let lists = (
        vec(spelled(type_names()), 1..4),
        vec(1u8..=5, 0..4),
        prop_oneof![1 => Just(None), 3 => vec(spelled(language_names()), 0..4).prop_map(Some)],
    );
    let tail = (
        spelled(activity_names()),
        maybe(plausible_date()),
        maybe(plausible_date()),
        maybe(plausible_link()),
        maybe(plausible_email()),
        maybe(plausible_link()),
    );
    (head, lists, tail).boxed()
}

fn import_record() -> impl Strategy<Value = ImportRecord> {
    prop_oneof![1 => any_record_parts(), 3 => plausible_record_parts()].prop_map(
        |(
            (city, country, title, summary, description),
            (types, commitments, languages),
            (status, start_date, end_date, website, contact_email, source),
        )| ImportRecord {
            city,
            country,
            text_language: None,
            translations: Default::default(),
            title,
            summary,
            description,
            types,
            commitments,
            status,
            start_date,
            end_date,
            website,
            contact_email,
            languages,
            source,
            confirmed_on: None,
            freshness: None,
        },
    )
}

#[test]
fn proptest_import_record() {
    check("ImportRecord -> NewInitiative", import_record(), |record| {
        match NewInitiative::try_from(record.clone()) {
            Ok(i) => {
                accepted();
                let exported = ImportRecord::from(&i);
                prop_assert_eq!(NewInitiative::try_from(exported.clone()), Ok(i.clone()));
                let json = serde_json::to_string(&exported)
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                let read: Option<ImportRecord> = serde_json::from_str(&json).ok();
                prop_assert_eq!(read, Some(exported));
                prop_assert!(i.types.len() <= InitiativeType::MAX_PER_INITIATIVE);
                if let Some(description) = &record.description {
                    prop_assert_eq!(trim_text(description).is_empty(), i.description.is_none());
                }
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for e in &errors {
                    let _ = e.to_string();
                    assert_showable(&e.error)?;
                }
                for (field, value) in [
                    ("city", &record.city),
                    ("title", &record.title),
                    ("summary", &record.summary),
                ] {
                    if trim_text(value).is_empty() {
                        prop_assert!(errors
                            .iter()
                            .any(|e| e.field == field && e.error == FieldError::Required));
                    }
                }
            }
        }
        Ok(())
    });
}

#[test]
fn proptest_invisible_only_text_is_missing_everywhere() {
    check("blank text in every parser", blank(), |text| {
        prop_assert_eq!(Title::parse(&text), Err(FieldError::Required));
        prop_assert_eq!(Summary::parse(&text), Err(FieldError::Required));
        prop_assert_eq!(Description::parse(&text), Err(FieldError::Required));
        prop_assert_eq!(PlaceName::parse(&text), Err(FieldError::Required));
        prop_assert_eq!(PersonName::parse(&text), Err(FieldError::Required));
        prop_assert_eq!(WebLink::parse(&text), Err(FieldError::Required));
        prop_assert_eq!(ContactEmail::parse(&text), Err(FieldError::Required));
        let form = SubmitForm {
            city: text.clone(),
            country: text.clone(),
            text_language: text.clone(),
            title: text.clone(),
            summary: text.clone(),
            activity: text.clone(),
            submitter_name: text.clone(),
            submitter_email: text.clone(),
            submitter_role: text.clone(),
            website: text.clone(),
            description: text.clone(),
            ..SubmitForm::default()
        };
        let required: Vec<Field> = Submission::try_from(&form)
            .err()
            .unwrap_or_default()
            .into_iter()
            .filter(|p| p.error == FieldError::Required)
            .map(|p| p.field)
            .collect();
        prop_assert_eq!(
            required,
            vec![
                Field::City,
                Field::Country,
                Field::TextLanguage,
                Field::Title,
                Field::Summary,
                Field::Activity,
                Field::SubmitterEmail,
            ]
        );
        let (f, problems) = ListFilter::from_query(&format!(
            "q={0}&country={0}&city={0}&type={0}&page={0}",
            percent_encode(&text)
        ));
        prop_assert_eq!(f, ListFilter::from_query("").0);
        prop_assert!(problems.is_empty());
        Ok(())
    });
}
