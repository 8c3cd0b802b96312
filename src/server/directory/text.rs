//! Text folding for search and sorting, and slugs for URLs. Server-only: the Unicode tables
//! stay out of the browser bundle.

use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// Lower case without accents, so `Kraków` and `krakow` meet, and Cyrillic folds the same way
/// (`Мовні` and `мовні`, `ї` and `і`). Letters that do not decompose are mapped by hand.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'ł' | 'Ł' => out.push('l'),
            'ø' | 'Ø' => out.push('o'),
            'đ' | 'Đ' => out.push('d'),
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ı' => out.push('i'),
            'ʼ' | '’' | '\'' => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The folded words of a search text; an initiative matches when it contains every one.
pub fn search_terms(q: &str) -> Vec<String> {
    fold(q)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Ukrainian words written in Latin letters by the national transliteration table (Cabinet of
/// Ministers of Ukraine, resolution 55 of 27 January 2010): `Харків` → `kharkiv`, `Київ` →
/// `kyiv`, `Запоріжжя` → `zaporizhzhia`, `Ялта` → `yalta`, `Згурівка` → `zghurivka`. Word-
/// initial `є ї й ю я` are `ye yi y yu ya`; `зг` is `zgh`; the soft sign and apostrophes are
/// dropped. Lower case; anything that is not Cyrillic is left out, so the result holds only
/// the transliterated words (what search adds beside the folded text, so that a Latin query
/// finds Cyrillic text).
pub fn latin(text: &str) -> String {
    let mut out = String::new();
    for word in text
        .nfc()
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split(|c: char| !(is_cyrillic(c) || is_apostrophe(c)))
    {
        let letters: Vec<char> = word.chars().filter(|c| !is_apostrophe(*c)).collect();
        if letters.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        for (k, &c) in letters.iter().enumerate() {
            let initial = k == 0;
            let piece = match c {
                'є' if initial => "ye",
                'ї' if initial => "yi",
                'й' if initial => "y",
                'ю' if initial => "yu",
                'я' if initial => "ya",
                'г' if k > 0 && letters[k - 1] == 'з' => "gh",
                c => transliterate(c).unwrap_or(""),
            };
            out.push_str(piece);
        }
    }
    out
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '`')
}

/// The words an initiative is found by, each once: every text folded (`fold`), plus the Latin
/// transliteration of every Ukrainian word (`latin`). A search term matches when it is part of
/// one word, so keeping each word once (the three languages' versions repeat names and places)
/// finds the same initiatives in less memory.
pub fn search_words<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    let mut seen = std::collections::HashSet::new();
    let mut out = String::new();
    let mut add = |word: &str| {
        if !word.is_empty() && seen.insert(word.to_owned()) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    };
    for text in texts {
        for word in fold(text).split(|c: char| !c.is_alphanumeric()) {
            add(word);
        }
        for word in latin(text).split(' ') {
            add(word);
        }
    }
    out
}

fn transliterate(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "h",
        'ґ' => "g",
        'д' => "d",
        'е' => "e",
        'є' => "ie",
        'ж' => "zh",
        'з' => "z",
        'и' => "y",
        'і' => "i",
        'ї' => "i",
        'й' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ю' => "iu",
        'я' => "ia",
        'ы' => "y",
        'э' => "e",
        'ё' => "io",
        'ъ' => "",
        'ь' => "",
        _ => return None,
    })
}

/// A URL slug: ASCII letters and digits separated by single hyphens, Ukrainian transliterated,
/// at most `max` bytes, never empty.
pub fn slugify(text: &str, max: usize) -> String {
    let mut out = String::new();
    // Compose first so `й` stays one letter for the transliteration table.
    for c in text.nfc().flat_map(char::to_lowercase) {
        let piece: String = if let Some(t) = transliterate(c) {
            t.to_owned()
        } else if c.is_ascii_alphanumeric() {
            c.to_string()
        } else {
            let f = fold(&c.to_string());
            if !f.is_empty() && f.chars().all(|c| c.is_ascii_alphanumeric()) {
                f
            } else {
                "-".to_owned()
            }
        };
        out.push_str(&piece);
    }
    let mut slug = String::new();
    for part in out.split('-').filter(|p| !p.is_empty()) {
        if slug.len() + part.len() + 1 > max {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(part);
    }
    if slug.is_empty() {
        "initiative".to_owned()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_and_case_fold_away() {
        assert_eq!(fold("Kraków"), "krakow");
        assert_eq!(fold("CĒSIS Łódź"), "cesis lodz");
        assert_eq!(fold("Nürnberg Straße"), "nurnberg strasse");
    }

    #[test]
    fn cyrillic_folds_to_lower_case_without_diacritics() {
        assert_eq!(fold("Мовні КУРСИ"), "мовні курси");
        assert_eq!(fold("Їжа"), fold("іжа"));
    }

    #[test]
    fn search_terms_split_on_punctuation() {
        assert_eq!(
            search_terms("  Kraków, help-desk "),
            ["krakow", "help", "desk"]
        );
        assert!(search_terms("  !!! ").is_empty());
    }

    #[test]
    fn ukrainian_place_names_follow_the_national_transliteration_table() {
        assert_eq!(latin("Харків"), "kharkiv");
        assert_eq!(latin("Київ"), "kyiv");
        assert_eq!(latin("Запоріжжя"), "zaporizhzhia");
        assert_eq!(latin("Львів, Одеса і Чернігів"), "lviv odesa i chernihiv");
        assert_eq!(
            latin("Ялта Єнакієве Їжакевич Йосипівка Юрій"),
            "yalta yenakiieve yizhakevych yosypivka yurii"
        );
        assert_eq!(latin("Згурівка Розгон"), "zghurivka rozghon");
        assert_eq!(
            latin("Знам’янка Гаврилівка Щербухи"),
            "znamianka havrylivka shcherbukhy"
        );
        assert_eq!(latin("Kraków only"), "");
    }

    #[test]
    fn search_words_hold_each_word_once_with_the_latin_spelling() {
        let words = search_words(["Допомога в Харкові", "Help in Kharkiv", "Допомога"]);
        assert_eq!(
            words,
            "допомога в харкові dopomoha v kharkovi help in kharkiv"
        );
        for term in ["kharkiv", "харков", "dopomoh", "help"] {
            assert!(words.contains(term), "{term}");
        }
    }

    #[test]
    fn slugs_are_ascii_and_hyphenated() {
        assert_eq!(
            slugify("Gdańsk: Free public transport!", 80),
            "gdansk-free-public-transport"
        );
        assert_eq!(slugify("Київ — мовні курси", 80), "kyiv-movni-kursy");
        assert_eq!(slugify("!!!", 80), "initiative");
        assert!(slugify(&"word ".repeat(50), 30).len() <= 30);
    }
}
