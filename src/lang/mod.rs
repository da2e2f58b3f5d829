//! What hamkor knows of each language, one file per language: how dates are written, how
//! titles are sorted and grouped into letters, what the language calls itself, the titles of
//! the built-in vocabularies and the names of the countries ([`Language`]).
//!
//! A language is added with one file here (and its country names beside it, written by
//! `scripts/countries-data`), one line in [`LANGUAGES`], and its theme strings
//! (`themes/*/i18n/<lang>.yaml`). Languages without a file fall back to English where hamkor
//! needs words of its own.

pub mod en;
pub mod ru;
pub mod uz;

use std::collections::HashMap;
use std::sync::LazyLock;

/// A vocabulary's built-in terms: slug and title, in display order.
pub type Terms = &'static [(&'static str, &'static str)];

/// Everything hamkor knows of one language.
pub struct Language {
    /// The code used in `site.yaml` and file names (`uz`).
    pub code: &'static str,
    /// The language's name in the language itself.
    pub native_name: &'static str,
    /// A date of the given precision (`month` and `day` 0 when not given).
    pub date: fn(year: u16, month: u8, day: u8) -> String,
    /// Whether titles are sorted with accents and other scripts folded to Latin letters
    /// (Košice under K), rather than in their own scripts.
    pub folds_to_latin: bool,
    /// Letters written with two characters that sort after `z`, in order (Uzbek oʻ, gʻ, sh…).
    pub late_letters: &'static [&'static str],
    /// Titles of the built-in partner kinds.
    pub partner_kinds: Terms,
    /// Titles of the built-in program kinds.
    pub program_kinds: Terms,
    /// Titles of the built-in agreement types.
    pub agreement_types: Terms,
    /// Country names: `code<TAB>name` lines (ISO 3166-1 alpha-2), `#` lines are comments.
    pub countries: &'static str,
}

/// The languages hamkor has words for; the first is the fallback.
pub const LANGUAGES: &[&Language] = &[&en::LANGUAGE, &uz::LANGUAGE, &ru::LANGUAGE];

/// English month names, for dates and for messages.
pub const MONTHS_EN: [&str; 12] = en::MONTHS;

/// The language with this code, else English.
pub fn get(code: &str) -> &'static Language {
    LANGUAGES
        .iter()
        .find(|l| l.code == code)
        .copied()
        .unwrap_or(&en::LANGUAGE)
}

/// A date of the given precision (`month` and `day` 0 when not given) for readers in `lang`
/// (languages hamkor has no file for get English).
pub fn date(lang: &str, y: u16, m: u8, d: u8) -> String {
    (get(lang).date)(y, m, d)
}

/// A language's name in the language itself.
pub fn native_name(code: &str) -> String {
    if let Some(l) = LANGUAGES.iter().find(|l| l.code == code) {
        return l.native_name.into();
    }
    // Languages a site may be written in that hamkor has no file for yet.
    match code {
        "kk" => "Қазақша".into(),
        "ky" => "Кыргызча".into(),
        "tg" => "Тоҷикӣ".into(),
        "tr" => "Türkçe".into(),
        "de" => "Deutsch".into(),
        "fr" => "Français".into(),
        "ko" => "한국어".into(),
        other => other.to_uppercase(),
    }
}

/// A built-in vocabulary: each slug (in English's order) with its title in every language
/// that has one.
pub fn vocabulary(
    terms: fn(&Language) -> Terms,
) -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    terms(&en::LANGUAGE)
        .iter()
        .map(|(slug, _)| {
            let titles = LANGUAGES
                .iter()
                .filter_map(|l| {
                    terms(l)
                        .iter()
                        .find(|(s, _)| s == slug)
                        .map(|(_, t)| (l.code, *t))
                })
                .collect();
            (*slug, titles)
        })
        .collect()
}

/// Every language's country names, by code: `code → [(language, name)]`, English first.
pub static COUNTRY_NAMES: LazyLock<HashMap<&'static str, Vec<(&'static str, &'static str)>>> =
    LazyLock::new(|| {
        let mut names: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
        for l in LANGUAGES {
            for line in l.countries.lines().filter(|x| !x.starts_with('#')) {
                if let Some((code, name)) = line.split_once('\t') {
                    names.entry(code).or_default().push((l.code, name));
                }
            }
        }
        names
    });

/// A sort key that orders titles alphabetically regardless of case and diacritics.
pub fn collation_key(title: &str) -> String {
    let folded = deunicode::deunicode(title).to_lowercase();
    folded
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

/// A title's place in `lang`'s alphabetical order, and the letter it is listed under.
///
/// English folds accents and other scripts to Latin letters (Košice under K). Uzbek follows
/// its Latin alphabet: oʻ, gʻ, sh, ch and ng are letters of their own after z. Russian and
/// other languages keep their script: Cyrillic titles under Cyrillic letters, after Latin ones,
/// with ё sorted as е.
pub fn collate(lang: &str, title: &str) -> (Vec<u32>, String) {
    let start = title.trim_start_matches(|c: char| !c.is_alphanumeric());
    // Languages hamkor has no file for keep their script, like Russian.
    let language = LANGUAGES.iter().find(|l| l.code == lang);
    if language.is_some_and(|l| l.folds_to_latin) {
        let key = collation_key(start);
        let letter = key
            .chars()
            .next()
            .filter(char::is_ascii_alphabetic)
            .map_or("#".to_string(), |c| c.to_ascii_uppercase().to_string());
        return (key.chars().map(u32::from).collect(), letter);
    }
    let lower: String = start
        .chars()
        .map(|c| {
            if matches!(c, '\'' | '’' | '‘' | '`') {
                'ʻ'
            } else {
                c
            }
        })
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect();
    let mut key = Vec::with_capacity(lower.len());
    let mut letter = None;
    let mut rest = lower.as_str();
    while let Some(c) = rest.chars().next() {
        let late_letters = language.map_or(&[][..], |l| l.late_letters);
        let late = late_letters.iter().position(|l| rest.starts_with(l));
        let (value, len, shown) = match late {
            // After 'z' and before any other script.
            Some(i) => (u32::from('z') + 1 + i as u32, late_letters[i].len(), {
                let mut cs = late_letters[i].chars();
                cs.next()
                    .map(|f| f.to_uppercase().collect::<String>() + cs.as_str())
                    .unwrap_or_default()
            }),
            None => (u32::from(c), c.len_utf8(), c.to_uppercase().collect()),
        };
        if letter.is_none() {
            letter = Some(if c.is_alphabetic() {
                shown
            } else {
                "#".to_string()
            });
        }
        key.push(value);
        rest = &rest[len..];
    }
    (key, letter.unwrap_or_else(|| "#".to_string()))
}

#[cfg(test)]
mod vocabulary_tests {
    /// Every language names the same built-in terms, in the same order, as English does.
    #[test]
    fn every_language_titles_every_built_in_term() {
        let vocabularies: [fn(&super::Language) -> super::Terms; 3] = [
            |l| l.partner_kinds,
            |l| l.program_kinds,
            |l| l.agreement_types,
        ];
        for terms in vocabularies {
            let slugs = |l: &super::Language| terms(l).iter().map(|(s, _)| *s).collect::<Vec<_>>();
            for l in super::LANGUAGES {
                assert_eq!(slugs(l), slugs(&super::en::LANGUAGE), "{}", l.code);
            }
        }
        let types: Vec<&str> = super::en::LANGUAGE
            .agreement_types
            .iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(
            types,
            [
                "memorandum",
                "agreement",
                "contract",
                "letter-of-intent",
                "protocol"
            ]
        );
    }
}

#[cfg(test)]
mod collation_tests {
    fn order(lang: &str, titles: &[&str]) -> Vec<String> {
        let mut v: Vec<(Vec<u32>, String, String)> = titles
            .iter()
            .map(|t| {
                let (k, l) = super::collate(lang, t);
                (k, l, t.to_string())
            })
            .collect();
        v.sort();
        v.into_iter().map(|(_, l, t)| format!("{l}:{t}")).collect()
    }

    #[test]
    fn each_language_sorts_in_its_own_alphabet() {
        assert_eq!(
            order(
                "uz",
                &["Shifoxona", "Toshkent", "Oʻzbekiston", "Zomin", "Chorvoq"]
            ),
            [
                "T:Toshkent",
                "Z:Zomin",
                "Oʻ:Oʻzbekiston",
                "Sh:Shifoxona",
                "Ch:Chorvoq"
            ]
        );
        assert_eq!(
            order("ru", &["Ёнсе", "Университет", "Казань", "Apollo"]),
            ["A:Apollo", "Е:Ёнсе", "К:Казань", "У:Университет"]
        );
        assert_eq!(
            order("en", &["Košice", "Apollo", "ege"]),
            ["A:Apollo", "E:ege", "K:Košice"]
        );
    }
}
