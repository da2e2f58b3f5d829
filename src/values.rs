//! Checked value types used by the content model: slugs, dates at the precision they were
//! written, ISO country codes and configurable vocabularies.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::LazyLock;

use serde::Serialize;

/// A URL-safe identifier: lowercase ASCII letters, digits and single hyphens.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    /// Checks `s`; on failure returns a hint with a valid alternative.
    pub fn parse(s: &str) -> Result<Slug, String> {
        let ok = !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        if ok {
            Ok(Slug(s.to_string()))
        } else {
            let fixed = slugify(s);
            Err(if fixed.is_empty() {
                "use lowercase letters a-z, digits and hyphens".to_string()
            } else {
                format!("use lowercase letters a-z, digits and hyphens, e.g. '{fixed}'")
            })
        }
    }

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Makes a slug from any title, transliterating Cyrillic and Uzbek Latin to ASCII.
pub fn slugify(text: &str) -> String {
    // Uzbek oʻ/gʻ and the tutuq belgisi are letters' marks, not word breaks: drop them first.
    // Whitespace and control characters separate words; deunicode would drop the control
    // characters (a tab between two words) and join the words.
    let cleaned: String = text
        .chars()
        .filter(|c| {
            !matches!(
                c,
                'ʻ' | 'ʼ' | '\'' | '’' | '‘' | '`' | 'ʹ' | 'ь' | 'Ь' | 'ъ' | 'Ъ'
            )
        })
        .map(|c| {
            if c.is_whitespace() || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect();
    let ascii = deunicode::deunicode(&cleaned).to_ascii_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    let mut s = trimmed.to_string();
    if s.len() > 80 {
        s.truncate(80);
        s = s.trim_end_matches('-').to_string();
    }
    s
}

/// A calendar date known to the year, the month or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    /// 0 when only the year is known.
    month: u8,
    /// 0 when the day is not known.
    day: u8,
}

impl Date {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Result<Date, String> {
        let bad = || format!("'{s}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD");
        let parts: Vec<&str> = s.trim().split('-').collect();
        let num = |p: &str, len: usize| -> Option<u16> {
            if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().ok()
            } else {
                None
            }
        };
        let year = parts.first().and_then(|p| num(p, 4)).ok_or_else(bad)?;
        if year == 0 {
            return Err(bad());
        }
        let month = match parts.get(1) {
            None => 0,
            Some(p) => {
                let m = num(p, 2).ok_or_else(bad)?;
                if !(1..=12).contains(&m) {
                    return Err(format!("'{s}' has no month {m}: months are 01 to 12"));
                }
                m as u8
            }
        };
        let day = match parts.get(2) {
            None => 0,
            Some(p) => {
                let d = num(p, 2).ok_or_else(bad)?;
                let max = days_in_month(year, month as u16);
                if d == 0 || d > max {
                    return Err(format!(
                        "'{s}' is not a day of the calendar: {} {year} has {max} days",
                        crate::lang::MONTHS_EN[month as usize - 1]
                    ));
                }
                d as u8
            }
        };
        if parts.len() > 3 {
            return Err(bad());
        }
        Ok(Date { year, month, day })
    }

    /// The year.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The date in ISO form at its precision, valid as an HTML `datetime` attribute.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (0, _) => format!("{:04}", self.year),
            (m, 0) => format!("{:04}-{m:02}", self.year),
            (m, d) => format!("{:04}-{m:02}-{d:02}", self.year),
        }
    }

    /// The date for readers in `lang` (see [`crate::lang::date`]).
    pub fn display(&self, lang: &str) -> String {
        crate::lang::date(lang, self.year, self.month, self.day)
    }

    /// The latest day this date can stand for; used to compare dates of different precision.
    pub fn last_day(&self) -> (u16, u8, u8) {
        let m = if self.month == 0 { 12 } else { self.month };
        let d = if self.day == 0 {
            days_in_month(self.year, m as u16) as u8
        } else {
            self.day
        };
        (self.year, m, d)
    }

    /// The earliest day this date can stand for.
    pub fn first_day(&self) -> (u16, u8, u8) {
        (self.year, self.month.max(1), self.day.max(1))
    }
}

fn days_in_month(year: u16, month: u16) -> u16 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        _ => 28,
    }
}

/// A date as written in YAML: unquoted years are numbers, everything else text.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(untagged)]
pub enum RawDate {
    /// `date: 2023`
    Year(u64),
    /// `date: 2023-04-12` or `date: "2023-04"`
    Text(String),
}

impl RawDate {
    /// Checks the date.
    pub fn check(&self) -> Result<Date, String> {
        match self {
            RawDate::Year(y) => Date::parse(&y.to_string()),
            RawDate::Text(s) => Date::parse(s),
        }
    }
}

/// The country table: every code with its names, English first (see [`crate::lang`]).
static COUNTRIES: &LazyLock<HashMap<&'static str, Vec<(&'static str, &'static str)>>> =
    &crate::lang::COUNTRY_NAMES;

/// A country's name in `lang`, else in English.
fn name_in(names: &[(&'static str, &'static str)], lang: &str) -> &'static str {
    names
        .iter()
        .find(|(l, _)| *l == lang)
        .or(names.first())
        .map_or("", |(_, n)| n)
}

/// An ISO 3166-1 alpha-2 country code known to the country table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Country([u8; 2]);

impl Country {
    /// Checks a code (any letter case); on failure returns a hint.
    pub fn parse(s: &str) -> Result<Country, Option<String>> {
        let upper = s.trim().to_ascii_uppercase();
        if upper.len() == 2 && COUNTRIES.contains_key(upper.as_str()) {
            let b = upper.as_bytes();
            return Ok(Country([b[0], b[1]]));
        }
        // Codes in common use that ISO 3166-1 spells differently.
        let usual = match upper.as_str() {
            "UK" => Some("GB"),
            "EL" => Some("GR"),
            _ => None,
        };
        if let Some(code) = usual
            && let Some(n) = COUNTRIES.get(code)
        {
            return Err(Some(format!(
                "use the two-letter ISO code: '{code}' for {}",
                name_in(n, "en")
            )));
        }
        // Editors often write the name instead of the code.
        let lower = s.trim().to_lowercase();
        let by_name = COUNTRIES
            .iter()
            .find(|(_, n)| n.iter().any(|(_, name)| name.to_lowercase() == lower));
        if let Some((code, n)) = by_name {
            return Err(Some(format!(
                "use the two-letter ISO code: '{code}' for {}",
                name_in(n, "en")
            )));
        }
        Err(Some(
            "use a two-letter ISO 3166-1 code such as 'KR' or 'IN'".into(),
        ))
    }

    /// The code, e.g. `KR`.
    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// The lowercase code used in URLs, e.g. `kr`.
    pub fn url_code(&self) -> String {
        self.code().to_ascii_lowercase()
    }

    /// The country's name in `lang` (languages without country names get English).
    pub fn name(&self, lang: &str) -> &'static str {
        COUNTRIES.get(self.code()).map_or("", |n| name_in(n, lang))
    }
}

/// Titles of one vocabulary term, per language.
pub type Titles = BTreeMap<String, String>;

/// An ordered, configurable vocabulary (partner kinds, program kinds, areas…).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Vocabulary {
    terms: Vec<(Slug, Titles)>,
}

impl Vocabulary {
    /// A vocabulary from `(slug, titles)` pairs, in display order.
    pub fn new(terms: Vec<(Slug, Titles)>) -> Self {
        Vocabulary { terms }
    }

    /// A built-in vocabulary, with its titles in each language (see
    /// [`crate::lang::vocabulary`]).
    pub fn builtin(terms: fn(&crate::lang::Language) -> crate::lang::Terms) -> Self {
        let terms = crate::lang::vocabulary(terms)
            .into_iter()
            .map(|(slug, titles)| {
                let titles = titles
                    .into_iter()
                    .map(|(l, t)| (l.to_string(), t.to_string()))
                    .collect();
                (Slug(slug.to_string()), titles)
            })
            .collect();
        Vocabulary { terms }
    }

    /// The term's slug, checked against the vocabulary.
    pub fn get(&self, slug: &str) -> Option<&Slug> {
        self.terms
            .iter()
            .find(|(s, _)| s.as_str() == slug)
            .map(|(s, _)| s)
    }

    /// The position of a term, for ordering terms as the vocabulary lists them.
    pub fn index(&self, slug: &str) -> usize {
        self.terms
            .iter()
            .position(|(s, _)| s.as_str() == slug)
            .unwrap_or(usize::MAX)
    }

    /// The term's title in `lang`, falling back to `fallback`, then to English, then to the slug.
    pub fn title(&self, slug: &str, lang: &str, fallback: &str) -> String {
        let titles = self
            .terms
            .iter()
            .find(|(s, _)| s.as_str() == slug)
            .map(|(_, t)| t);
        titles
            .and_then(|t| {
                t.get(lang)
                    .or_else(|| t.get(fallback))
                    .or_else(|| t.get("en"))
                    .or_else(|| t.values().next())
            })
            .cloned()
            .unwrap_or_else(|| humanize_slug(slug))
    }

    /// All slugs in order.
    pub fn slugs(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().map(|(s, _)| s.as_str())
    }

    /// A "did you mean" hint for an unknown term, or the list of terms.
    pub fn hint(&self, name: &str) -> String {
        crate::diagnostic::did_you_mean(name, self.slugs())
            .unwrap_or_else(|| format!("known: {}", self.slugs().collect::<Vec<_>>().join(", ")))
    }
}

/// `letter-of-intent` → `Letter of intent`.
pub fn humanize_slug(slug: &str) -> String {
    let text = slug.replace('-', " ");
    let mut c = text.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_keep_their_precision() {
        assert_eq!(Date::parse("2023").unwrap().display("en"), "2023");
        assert_eq!(Date::parse("2023-04").unwrap().display("en"), "April 2023");
        assert_eq!(
            Date::parse("2023-04-12").unwrap().display("en"),
            "12 April 2023"
        );
        assert_eq!(
            Date::parse("2023-04-12").unwrap().display("uz"),
            "2023-yil 12-aprel"
        );
        assert_eq!(
            Date::parse("2023-04-12").unwrap().display("ru"),
            "12 апреля 2023 г."
        );
        assert_eq!(Date::parse("2023-04").unwrap().iso(), "2023-04");
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(Date::parse("2023-02-29").is_err());
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2023-13").is_err());
        assert!(Date::parse("23-01-01").is_err());
        assert!(Date::parse("2023/01/01").is_err());
        assert!(Date::parse("2023-1-1").is_err());
    }

    #[test]
    fn slugs_transliterate_uzbek_and_russian() {
        assert_eq!(
            slugify("Oʻzbekiston tibbiyot akademiyasi"),
            "ozbekiston-tibbiyot-akademiyasi"
        );
        assert_eq!(
            slugify("Казанский федеральный университет"),
            "kazanskii-federalnyi-universitet"
        );
        assert_eq!(
            slugify("Dr. D.Y. Patil Vidyapeeth, Pune"),
            "dr-d-y-patil-vidyapeeth-pune"
        );
        assert!(Slug::parse("Yonsei").is_err());
        assert!(Slug::parse("yonsei-university").is_ok());
    }

    #[test]
    fn countries_are_iso_codes_with_names() {
        let kr = Country::parse("KR").unwrap();
        assert_eq!(kr.name("en"), "South Korea");
        assert_eq!(Country::parse("kr").unwrap(), kr);
        assert_eq!(
            Country::parse("Korea").unwrap_err(),
            Some("use a two-letter ISO 3166-1 code such as 'KR' or 'IN'".into())
        );
        assert_eq!(
            Country::parse("India").unwrap_err(),
            Some("use the two-letter ISO code: 'IN' for India".into())
        );
    }
}
