//! What every page of one language is built with besides its inputs: the config, the theme's
//! strings and map, and the values several pages share in one build.
//!
//! A [`Context`] holds no [`crate::site::Site`]: what a page shows of the content comes from its
//! inputs alone. What it does hold (the config, the theme) is the same for every page of a
//! build, and a change to it renders every page again.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Serialize;

use crate::config::Config;
use crate::geo::World;
use crate::values::{Country, Date, Slug};

use super::figures::ChartView;
use super::map::MapView;
use super::{Card, LangPath, PerEntry};

/// Search engines show about this many characters of a description.
const DESCRIPTION_CHARS: usize = 200;

/// Builds views for one language.
pub struct Context<'a> {
    /// The site's settings.
    pub config: &'a Config,
    /// The language.
    pub lang: &'a str,
    /// `""` for the default language, `ru/` for the others.
    prefix: String,
    strings: &'a BTreeMap<String, String>,
    /// The map's shapes.
    pub world: &'a World,
    /// Each entry's card as templates receive it, made on first use (pages render in
    /// parallel, and many list the same entry).
    pub(super) cards: PerEntry<Card>,
    /// The partner map, made on first use.
    pub(super) map: OnceLock<Option<MapView>>,
    /// The chart of partners by country, made on first use.
    pub(super) partners_by_country: OnceLock<Option<ChartView>>,
    /// The entries' bodies as the search index reads them, shared by every language.
    pub(super) bodies: &'a PerEntry<String>,
}

/// A link: title and URL.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Text to show.
    pub title: String,
    /// URL (base path included).
    pub url: String,
}

/// A date at the precision it was written.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// ISO form for `<time datetime>`: `2023`, `2023-04` or `2023-04-12`.
    pub iso: String,
    /// Human form in the page's language: `12 April 2023`.
    pub display: String,
    /// The year, for grouping.
    pub year: u16,
}

/// A vocabulary term (kind, area, agreement type, status, direction…), with its page if it
/// has one.
#[derive(Debug, Clone, Serialize)]
pub struct Term {
    /// Slug.
    pub slug: String,
    /// Title in the page's language.
    pub title: String,
    /// URL of the term's page, if there is one.
    pub url: Option<String>,
}

/// A term in a facet list, with how many partners it has.
#[derive(Debug, Clone, Serialize)]
pub struct FacetTerm {
    /// Slug.
    pub slug: String,
    /// Title in the page's language.
    pub title: String,
    /// URL of the term's page.
    pub url: String,
    /// Number of partners of this kind.
    pub count: usize,
}

/// A country as shown on cards and entry pages.
#[derive(Debug, Clone, Serialize)]
pub struct CountryRef {
    /// ISO code, `KR`.
    pub code: String,
    /// Name in the page's language.
    pub name: String,
    /// URL of the country's page (base path included).
    pub url: String,
}

/// A country in facet lists, with counts.
#[derive(Debug, Clone, Serialize)]
pub struct CountryView {
    /// ISO code, `KR`.
    pub code: String,
    /// Name in the page's language.
    pub name: String,
    /// URL of the country's page (base path included).
    pub url: String,
    /// Partners in the country.
    pub partners: usize,
    /// Visits held there.
    pub visits: usize,
}

/// Fields every page view has.
#[derive(Debug, Clone, Serialize)]
pub struct Common {
    /// Page title.
    pub title: String,
    /// Page URL (base path included).
    pub url: String,
    /// Absolute URL, for canonical links and sharing.
    pub permalink: String,
    /// Meta description (plain text): the page's summary, else the site description.
    pub description: String,
    /// The navigation section the page belongs to (`home`, `partners`, `visits`, `programs`,
    /// `areas`, `page`, or `error` for the 404 page).
    pub section: &'static str,
    /// The page's language code (`en`).
    pub lang: String,
    /// The same page in every language of the site, the current one included, for a language
    /// switcher and `<link rel="alternate" hreflang>`.
    pub translations: Vec<Alternate>,
    /// Whether the page's text is shown in the default language because it has not been
    /// translated into this one (the theme shows a notice).
    pub fallback: bool,
}

/// The same page in one language.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    /// Language code, for `hreflang` and `lang`.
    pub lang: String,
    /// The language's name in that language (`Oʻzbekcha`, `Русский`).
    pub name: String,
    /// URL (base path included).
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// Whether it is the page being shown.
    pub current: bool,
}

/// A country with how many partners and visits it has: what facet lists show of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CountryCount {
    /// The country.
    pub country: Country,
    /// Its partners.
    pub partners: usize,
    /// Visits held there.
    pub visits: usize,
}

impl<'a> Context<'a> {
    /// The context of `lang`; `strings` are the theme's UI strings in that language.
    pub fn new(
        config: &'a Config,
        lang: &'a str,
        strings: &'a BTreeMap<String, String>,
        world: &'a World,
        counts: (usize, usize, usize),
        bodies: &'a PerEntry<String>,
    ) -> Self {
        Context {
            config,
            lang,
            prefix: config.lang_prefix(lang),
            strings,
            world,
            cards: PerEntry::new(counts),
            map: OnceLock::new(),
            partners_by_country: OnceLock::new(),
            bodies,
        }
    }

    /// Whether the page's language is the site's default.
    pub fn is_default(&self) -> bool {
        self.lang == self.config.default_language
    }

    /// A UI string, or its key when the theme lacks it.
    pub fn t(&self, key: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// The URL of a page of this language, base path included.
    pub fn href(&self, path: &LangPath) -> String {
        format!(
            "{}{}{}",
            self.config.base_url.path,
            self.prefix,
            path.as_str()
        )
    }

    /// The absolute URL of a page of this language.
    pub fn permalink(&self, path: &LangPath) -> String {
        format!(
            "{}{}{}",
            self.config.base_url.full(),
            self.prefix,
            path.as_str()
        )
    }

    /// The URL (base path included) of a URL below the base, such as a link's target or a
    /// bundle's folder, which is the same in every language.
    pub fn below_base(&self, below_base: &str) -> String {
        format!("{}{below_base}", self.config.base_url.path)
    }

    /// The fields every page has.
    pub fn common(
        &self,
        title: impl Into<String>,
        path: &LangPath,
        description: impl Into<String>,
        section: &'static str,
    ) -> Common {
        let description = description.into();
        let description = if description.is_empty() {
            self.config
                .description_in(self.lang)
                .unwrap_or_default()
                .to_string()
        } else {
            shorten(&description, DESCRIPTION_CHARS)
        };
        Common {
            title: title.into(),
            url: self.href(path),
            permalink: self.permalink(path),
            description,
            section,
            lang: self.lang.to_string(),
            translations: self.alternates(path),
            fallback: false,
        }
    }

    fn alternates(&self, path: &LangPath) -> Vec<Alternate> {
        let c = self.config;
        c.languages
            .iter()
            .map(|l| {
                let prefix = c.lang_prefix(l);
                Alternate {
                    lang: l.clone(),
                    name: crate::lang::native_name(l),
                    url: format!("{}{prefix}{}", c.base_url.path, path.as_str()),
                    permalink: format!("{}{prefix}{}", c.base_url.full(), path.as_str()),
                    current: l == self.lang,
                }
            })
            .collect()
    }

    /// A date in the page's language.
    pub fn date(&self, d: Option<Date>) -> Option<DateView> {
        d.map(|d| DateView {
            iso: d.iso(),
            display: d.display(self.lang),
            year: d.year(),
        })
    }

    /// A country with its counts.
    pub fn country(&self, c: &CountryCount) -> CountryView {
        CountryView {
            code: c.country.code().to_string(),
            name: c.country.name(self.lang).to_string(),
            url: self.href(&super::country::path(c.country)),
            partners: c.partners,
            visits: c.visits,
        }
    }

    /// Countries A–Z by their names in the page's language.
    pub fn countries_az(&self, counts: &[CountryCount]) -> Vec<CountryView> {
        let mut all: Vec<CountryView> = counts.iter().map(|c| self.country(c)).collect();
        all.sort_by_cached_key(|c| crate::lang::collation_key(&c.name));
        all
    }

    /// A country on a card or an entry's page.
    pub fn country_ref(&self, c: Country) -> CountryRef {
        CountryRef {
            code: c.code().to_string(),
            name: c.name(self.lang).to_string(),
            url: self.href(&super::country::path(c)),
        }
    }

    fn kind_title(&self, slug: &Slug) -> String {
        let c = self.config;
        c.partner_kinds
            .title(slug.as_str(), self.lang, &c.default_language)
    }

    /// A partner kind, with its page.
    pub fn kind(&self, slug: &Slug) -> Term {
        Term {
            slug: slug.to_string(),
            title: self.kind_title(slug),
            url: Some(self.href(&super::kind::path(slug))),
        }
    }

    /// A partner kind with how many partners it has.
    pub fn kind_facet(&self, slug: &Slug, count: usize) -> FacetTerm {
        FacetTerm {
            slug: slug.to_string(),
            title: self.kind_title(slug),
            url: self.href(&super::kind::path(slug)),
            count,
        }
    }

    /// An area of cooperation, with its page.
    pub fn area(&self, slug: &Slug) -> Term {
        let c = self.config;
        Term {
            slug: slug.to_string(),
            title: c.areas.title(slug.as_str(), self.lang, &c.default_language),
            url: Some(self.href(&super::area::path(slug))),
        }
    }

    /// A program kind (program kinds have no pages).
    pub fn program_kind(&self, slug: &Slug) -> Term {
        let c = self.config;
        plain_term(
            slug.as_str(),
            c.program_kinds
                .title(slug.as_str(), self.lang, &c.default_language),
        )
    }

    /// A term whose title is the theme's string `<group>_<slug>` (statuses, directions).
    pub fn string_term(&self, group: &str, slug: &str) -> Term {
        plain_term(slug, self.t(&format!("{group}_{slug}")))
    }
}

/// A term without a page.
pub fn plain_term(slug: &str, title: String) -> Term {
    Term {
        slug: slug.to_string(),
        title,
        url: None,
    }
}

/// `text` cut at a word boundary to at most `max` characters, with an ellipsis if cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at_word = cut
        .rfind(char::is_whitespace)
        .map_or(cut.as_str(), |i| &cut[..i]);
    format!(
        "{}…",
        at_word.trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace())
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn descriptions_are_cut_at_a_word() {
        assert_eq!(super::shorten("short", 10), "short");
        assert_eq!(
            super::shorten("Remote lectures from Slovakia, weekly.", 24),
            "Remote lectures from…"
        );
    }
}
