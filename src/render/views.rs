//! The data each template receives, built in Rust from the [`Site`].
//!
//! Every template gets three variables: `site` (the same for every page, see [`SiteView`]),
//! `t` (the theme's UI strings for the page's language) and `page`, one of the `*View` structs
//! below, chosen by the template. Views are small: a template gets what its page shows, already
//! sorted and grouped, never the whole site. Optional values are present as `none` so
//! templates can test them with `{% if page.city %}`. Fields documented here are the theme
//! API; `docs/templates.md` lists them per template.

use std::sync::OnceLock;

use serde::Serialize;

use crate::content::model::{Entry, Partner, Program, Section, TranslationEntry, Visit};
use crate::markdown::{Markdown, TocEntry};
use crate::routes::{visits_page_path, visits_pages};
use crate::site::{Facet, PartnerId, ProgramId, Site, VisitId};
use crate::values::{Country, Date, Slug};
use crate::yaml::Extra;

use super::figures::{self, ChartView};
use super::map::{self, MapView};
use crate::geo::World;

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

/// A partner in a list.
#[derive(Debug, Clone, Serialize)]
pub struct PartnerCard {
    /// Name.
    pub title: String,
    /// Slug.
    pub slug: String,
    /// Page URL.
    pub url: String,
    /// One-paragraph summary (plain text).
    pub summary: String,
    /// Kind.
    pub kind: Term,
    /// Country.
    pub country: CountryRef,
    /// City.
    pub city: Option<String>,
    /// `active`, `prospective` or `ended`, with its title.
    pub status: Term,
    /// Logo thumbnail.
    pub logo: Option<ImageView>,
}

/// A visit in a list.
#[derive(Debug, Clone, Serialize)]
pub struct VisitCard {
    /// Title.
    pub title: String,
    /// Page URL.
    pub url: String,
    /// Summary (plain text).
    pub summary: String,
    /// First day.
    pub date: Option<DateView>,
    /// Last day.
    pub end_date: Option<DateView>,
    /// `outgoing` or `incoming`, with its title.
    pub direction: Term,
    /// Place.
    pub place: Option<String>,
    /// Country of the visit.
    pub country: Option<CountryRef>,
    /// Partners involved.
    pub partners: Vec<Link>,
}

/// A program in a list.
#[derive(Debug, Clone, Serialize)]
pub struct ProgramCard {
    /// Title.
    pub title: String,
    /// Page URL.
    pub url: String,
    /// Summary (plain text).
    pub summary: String,
    /// Kind.
    pub kind: Term,
    /// Start.
    pub start: Option<DateView>,
    /// End.
    pub end: Option<DateView>,
    /// Participants.
    pub participants: Option<u64>,
    /// Partners involved.
    pub partners: Vec<Link>,
}

/// Site-wide values, the same on every page: the `site` variable.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// Site title.
    pub title: String,
    /// Site description.
    pub description: Option<String>,
    /// Full base URL, ending with `/`.
    pub base_url: String,
    /// Base path, ending with `/`: prefix for theme assets, `{{ site.base_path }}style.css`.
    pub base_path: String,
    /// Language of the pages (`en`).
    pub lang: String,
    /// Main navigation: sections, then top-level plain pages by weight.
    pub nav: Vec<NavItem>,
    /// URLs of the index pages.
    pub urls: SiteUrls,
    /// `extra:` from site.yaml.
    pub extra: Extra,
}

/// URLs of the pages every site has (base path included).
#[derive(Debug, Clone, Serialize)]
pub struct SiteUrls {
    /// `/`
    pub home: String,
    /// `/partners/`
    pub partners: String,
    /// `/partners/countries/`
    pub countries: String,
    /// `/partners/kinds/`
    pub kinds: String,
    /// `/areas/`
    pub areas: String,
    /// `/visits/`
    pub visits: String,
    /// `/programs/`
    pub programs: String,
    /// `/sitemap.xml`
    pub sitemap: String,
    /// `/feed.xml`, when the site has visits to announce (none if no visit has a date).
    pub feed: Option<String>,
    /// `/search.json`, the index the theme's search script reads (none unless the site has
    /// `search: true`).
    pub search: Option<String>,
}

/// One main navigation entry.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    /// Text.
    pub title: String,
    /// URL.
    pub url: String,
    /// Which section it is (`partners`, `visits`, `programs`, `areas`, or `page`), to mark the
    /// current one against `page.section`.
    pub section: String,
}

/// Totals shown on the home page.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Counts {
    /// Published partners.
    pub partners: usize,
    /// Countries with at least one partner.
    pub countries: usize,
    /// Published visits.
    pub visits: usize,
    /// Published programs.
    pub programs: usize,
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

/// `index.html`: the home page.
#[derive(Debug, Clone, Serialize)]
pub struct HomeView {
    /// Title, URL, permalink, description, section.
    #[serde(flatten)]
    pub common: Common,
    /// HTML of `content/_index.md`.
    pub content: String,
    /// Totals.
    pub counts: Counts,
    /// Latest visits.
    pub latest_visits: Vec<Card>,
    /// Countries with the most partners, most first (ties A–Z).
    pub top_countries: Vec<CountryView>,
    /// Partner kinds with counts.
    pub kinds: Vec<FacetTerm>,
    /// The partner map (absent when no partner has a country the map can place).
    pub map: Option<MapView>,
    /// Charts of the cooperation.
    pub figures: Figures,
}

/// `page.figures`: charts made from the whole record; each is absent when it has no data.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    /// Partners per country, most first (the largest few, then the rest together).
    pub partners_by_country: Option<ChartView>,
    /// Dated visits per year, every year from the first to the last.
    pub visits_by_year: Option<ChartView>,
    /// Programs per kind, in vocabulary order.
    pub programs_by_kind: Option<ChartView>,
}

/// An A–Z group of partners.
#[derive(Debug, Clone, Serialize)]
pub struct LetterGroup {
    /// The letter.
    pub letter: String,
    /// An `id` usable as an anchor.
    pub id: String,
    /// Partners under it.
    pub partners: Vec<Card>,
}

/// `partners.html`: all partners A–Z with facets.
#[derive(Debug, Clone, Serialize)]
pub struct PartnersView {
    /// Title, URL, permalink, description, section.
    #[serde(flatten)]
    pub common: Common,
    /// HTML of `content/partners/_index.md`.
    pub content: String,
    /// Groups by first letter.
    pub letters: Vec<LetterGroup>,
    /// Country facet, A–Z by name.
    pub countries: Vec<CountryView>,
    /// Kind facet, in vocabulary order.
    pub kinds: Vec<FacetTerm>,
    /// Number of partners.
    pub total: usize,
}

/// One agreement on a partner page.
#[derive(Debug, Clone, Serialize)]
pub struct AgreementView {
    /// Type.
    #[serde(rename = "type")]
    pub kind: Term,
    /// Title.
    pub title: Option<String>,
    /// Signed.
    pub signed: Option<DateView>,
    /// Expires.
    pub expires: Option<DateView>,
}

/// An image with the size it is displayed at.
#[derive(Debug, Clone, Serialize)]
pub struct ImageView {
    /// URL of the thumbnail (base path included).
    pub url: String,
    /// Displayed width, CSS pixels.
    pub width: u32,
    /// Displayed height, CSS pixels.
    pub height: u32,
    /// URL of the full-size original.
    pub original: String,
}

/// Coordinates.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct LocationView {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// `partner.html`: one partner.
#[derive(Debug, Clone, Serialize)]
pub struct PartnerView {
    /// Title, URL, permalink, description, section.
    #[serde(flatten)]
    pub common: Common,
    /// Slug.
    pub slug: String,
    /// Summary (plain text; empty when the page has none).
    pub summary: String,
    /// Kind.
    pub kind: Term,
    /// Country.
    pub country: CountryRef,
    /// City.
    pub city: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// Start of the cooperation.
    pub since: Option<DateView>,
    /// Status.
    pub status: Term,
    /// Agreements, in the order written.
    pub agreements: Vec<AgreementView>,
    /// Areas.
    pub areas: Vec<Term>,
    /// Coordinates.
    pub location: Option<LocationView>,
    /// Logo thumbnail.
    pub logo: Option<ImageView>,
    /// The gallery (`photos:`), in the order written.
    pub photos: Vec<super::photos::PhotoView>,
    /// Body HTML.
    pub content: String,
    /// Table of contents of the body.
    pub toc: Vec<TocEntry>,
    /// Visits with this partner, newest first.
    pub visits: Vec<Card>,
    /// Programs with this partner, newest first.
    pub programs: Vec<Card>,
    /// `extra:` from the front matter.
    pub extra: Extra,
}

/// `countries.html`: countries with counts.
#[derive(Debug, Clone, Serialize)]
pub struct CountriesView {
    /// Title, URL, permalink, description, section.
    #[serde(flatten)]
    pub common: Common,
    /// Countries A–Z by name.
    pub countries: Vec<CountryView>,
    /// The partner map.
    pub map: Option<MapView>,
    /// Partners per country.
    pub chart: Option<ChartView>,
}

/// `country.html`: one country.
#[derive(Debug, Clone, Serialize)]
pub struct CountryPageView {
    /// Title, URL, permalink, description, section.
    #[serde(flatten)]
    pub common: Common,
    /// The country.
    pub country: CountryView,
    /// Partners there, A–Z.
    pub partners: Vec<Card>,
    /// Visits held there, newest first.
    pub visits: Vec<Card>,
}

/// `kinds.html`: partner kinds with counts.
#[derive(Debug, Clone, Serialize)]
pub struct KindsView {
    /// Title, URL, permalink, description, section.
    #[serde(flatten)]
    pub common: Common,
    /// Kinds in vocabulary order.
    pub kinds: Vec<FacetTerm>,
}

/// `kind.html`: partners of one kind.
#[derive(Debug, Clone, Serialize)]
pub struct KindView {
    /// Title, URL, permalink, description, section.
    #[serde(flatten)]
    pub common: Common,
    /// The kind.
    pub kind: FacetTerm,
    /// Partners, A–Z.
    pub partners: Vec<Card>,
}

/// An area with its counts.
#[derive(Debug, Clone, Serialize)]
pub struct AreaSummary {
    /// The area.
    pub area: Term,
    /// Partners in it.
    pub partners: usize,
    /// Visits in it.
    pub visits: usize,
    /// Programs in it.
    pub programs: usize,
}

/// `areas.html`: all areas.
#[derive(Debug, Clone, Serialize)]
pub struct AreasView {
    /// Title, URL, permalink, description, section.
    #[serde(flatten)]
    pub common: Common,
    /// Areas in vocabulary order.
    pub areas: Vec<AreaSummary>,
}

/// `area.html`: one area.
#[derive(Debug, Clone, Serialize)]
pub struct AreaView {
    /// Title, URL, permalink, description, section.
    #[serde(flatten)]
    pub common: Common,
    /// The area.
    pub area: Term,
    /// Partners, A–Z.
    pub partners: Vec<Card>,
    /// Visits, newest first.
    pub visits: Vec<Card>,
    /// Programs, newest first.
    pub programs: Vec<Card>,
}

/// Pagination.
#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    /// This page's number, from 1.
    pub current: usize,
    /// Number of pages.
    pub total: usize,
    /// URL of the previous (newer) page.
    pub prev: Option<String>,
    /// URL of the next (older) page.
    pub next: Option<String>,
    /// Pages to offer: the first, the last and two on each side of the current one, with
    /// `gap` entries where numbers are left out. Short lists have every page.
    pub window: Vec<PagerLink>,
}

/// One entry of a pager window.
#[derive(Debug, Clone, Serialize)]
pub struct PagerLink {
    /// Page number (0 for a gap).
    pub number: usize,
    /// URL (empty for a gap).
    pub url: String,
    /// Whether it is the current page.
    pub current: bool,
    /// Whether this entry stands for left-out numbers ("…").
    pub gap: bool,
}

/// The page numbers a pager shows: first, last, and `current ± 2`, with gaps between.
pub fn pager_window(current: usize, total: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for n in 1..=total {
        let near = n + 2 >= current && n <= current + 2;
        if n == 1 || n == total || near {
            if out
                .last()
                .is_some_and(|&last: &usize| last != 0 && n > last + 1)
            {
                out.push(0);
            }
            out.push(n);
        }
    }
    out
}

/// `visits.html`: one page of the visits list.
#[derive(Debug, Clone, Serialize)]
pub struct VisitsView {
    /// Title, URL, permalink, description, section.
    #[serde(flatten)]
    pub common: Common,
    /// HTML of `content/visits/_index.md`.
    pub content: String,
    /// Visits on this page, newest first, undated last.
    pub visits: Vec<Card>,
    /// Pagination.
    pub pager: Pager,
    /// Number of visits in all.
    pub total: usize,
}

/// `visit.html`: one visit.
#[derive(Debug, Clone, Serialize)]
pub struct VisitView {
    /// Title, URL, permalink, description, section.
    #[serde(flatten)]
    pub common: Common,
    /// Summary (plain text; empty when the page has none).
    pub summary: String,
    /// First day.
    pub date: Option<DateView>,
    /// Last day.
    pub end_date: Option<DateView>,
    /// Direction.
    pub direction: Term,
    /// Place.
    pub place: Option<String>,
    /// Country.
    pub country: Option<CountryRef>,
    /// Partners.
    pub partners: Vec<Card>,
    /// Delegation members.
    pub delegation: Vec<String>,
    /// Outcomes.
    pub outcomes: Vec<String>,
    /// Areas.
    pub areas: Vec<Term>,
    /// The gallery (`photos:`), in the order written.
    pub photos: Vec<super::photos::PhotoView>,
    /// Body HTML.
    pub content: String,
    /// Table of contents.
    pub toc: Vec<TocEntry>,
    /// `extra:`.
    pub extra: Extra,
}

/// Programs of one kind.
#[derive(Debug, Clone, Serialize)]
pub struct ProgramGroup {
    /// The kind (its `url` is none: program kinds have no pages).
    pub kind: Term,
    /// Its programs, newest first.
    pub programs: Vec<Card>,
}

/// `programs.html`: all programs.
#[derive(Debug, Clone, Serialize)]
pub struct ProgramsView {
    /// Title, URL, permalink, description, section.
    #[serde(flatten)]
    pub common: Common,
    /// HTML of `content/programs/_index.md`.
    pub content: String,
    /// All programs, newest first, undated last.
    pub programs: Vec<Card>,
    /// The same programs grouped by kind, in vocabulary order.
    pub kinds: Vec<ProgramGroup>,
}

/// `program.html`: one program.
#[derive(Debug, Clone, Serialize)]
pub struct ProgramView {
    /// Title, URL, permalink, description, section.
    #[serde(flatten)]
    pub common: Common,
    /// Summary (plain text; empty when the page has none).
    pub summary: String,
    /// Kind.
    pub kind: Term,
    /// Partners.
    pub partners: Vec<Card>,
    /// Start.
    pub start: Option<DateView>,
    /// End.
    pub end: Option<DateView>,
    /// Participants.
    pub participants: Option<u64>,
    /// Areas.
    pub areas: Vec<Term>,
    /// Body HTML.
    pub content: String,
    /// Table of contents.
    pub toc: Vec<TocEntry>,
    /// `extra:`.
    pub extra: Extra,
}

/// `page.html`: a plain page.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    /// Title, URL, permalink, description, section.
    #[serde(flatten)]
    pub common: Common,
    /// Body HTML.
    pub content: String,
    /// Table of contents.
    pub toc: Vec<TocEntry>,
    /// `extra:`.
    pub extra: Extra,
}

/// `404.html`.
#[derive(Debug, Clone, Serialize)]
pub struct NotFoundView {
    /// Title, URL, permalink, description, section.
    #[serde(flatten)]
    pub common: Common,
}

/// A [`PartnerCard`], [`VisitCard`] or [`ProgramCard`] as templates receive it. Each card is
/// built once per build and shared by every page that lists it.
pub type Card = tera::Value;

/// What several pages of one language show alike in one build, each made on first use
/// (pages render in parallel): the cards, and the map and chart of the home and countries
/// pages.
pub struct Cards {
    cards: super::PerEntry<Card>,
    map: OnceLock<Option<MapView>>,
    partners_by_country: OnceLock<Option<ChartView>>,
}

impl Cards {
    /// Empty slots for every entry of `site`.
    pub fn new(site: &Site) -> Cards {
        Cards {
            cards: super::PerEntry::new(site),
            map: OnceLock::new(),
            partners_by_country: OnceLock::new(),
        }
    }
}

/// Search engines show about this many characters of a description.
const DESCRIPTION_CHARS: usize = 200;

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

/// Builds views for one language of a site.
pub struct Views<'a> {
    site: &'a Site,
    lang: &'a str,
    /// `""` for the default language, `ru/` for the others.
    prefix: String,
    strings: &'a dyn Fn(&str) -> String,
    cards: Option<&'a Cards>,
    world: &'a World,
}

impl<'a> Views<'a> {
    /// Views of `site` in `lang`; `strings` looks up the theme's UI strings.
    /// Views of `site` in `lang`; `strings` looks up the theme's UI strings; `cards`, if
    /// given, shares cards between pages.
    pub fn new(
        site: &'a Site,
        lang: &'a str,
        strings: &'a dyn Fn(&str) -> String,
        cards: Option<&'a Cards>,
    ) -> Self {
        let prefix = site.config.lang_prefix(lang);
        Views {
            site,
            lang,
            prefix,
            strings,
            cards,
            world: World::builtin(),
        }
    }

    /// Uses `world` for the partner map instead of the built-in map data.
    pub fn with_world(mut self, world: &'a World) -> Self {
        self.world = world;
        self
    }

    /// Partner countries as the map and the charts count them, most partners first, ties A–Z.
    fn countries_by_partners(&self) -> Vec<CountryView> {
        let mut all: Vec<CountryView> = self
            .site
            .countries
            .iter()
            .filter(|(_, f)| !f.partners.is_empty())
            .map(|(c, _)| self.country(*c))
            .collect();
        all.sort_by(|a, b| {
            b.partners.cmp(&a.partners).then_with(|| {
                crate::lang::collation_key(&a.name).cmp(&crate::lang::collation_key(&b.name))
            })
        });
        all
    }

    /// The partner map.
    pub fn map(&self) -> Option<MapView> {
        self.shared(self.cards.map(|c| &c.map), || self.make_map())
    }

    fn make_map(&self) -> Option<MapView> {
        let s = self.site;
        let countries: Vec<map::CountryInput> = self
            .countries_az()
            .into_iter()
            .filter(|c| c.partners > 0)
            .map(|c| map::CountryInput {
                code: c.code,
                name: c.name,
                url: c.url,
                partners: c.partners,
            })
            .collect();
        if countries.is_empty() {
            return None;
        }
        let points = s
            .partners_az
            .iter()
            .filter_map(|&id| {
                let p = &s.partners[id];
                let l = p.data.location?;
                let c = p.data.country;
                Some(map::PointInput {
                    lat: l.lat,
                    lon: l.lon,
                    name: self.title(p),
                    url: self.url(&crate::site::record_url(Section::Partners, &p.meta.slug)),
                    country: (
                        c.code().to_string(),
                        self.url(&format!("partners/countries/{}/", c.url_code())),
                    ),
                })
            })
            .collect();
        Some(map::map_view(
            self.world,
            countries,
            points,
            &self.url("partners/countries/"),
        ))
    }

    fn figure_words(&self, id: &str, label: &str, value: &str, note: String) -> figures::Words {
        figures::Words {
            id: id.to_string(),
            caption: (self.strings)(&format!("figure_{id}")),
            note,
            label_heading: (self.strings)(label),
            value_heading: (self.strings)(value),
        }
    }

    /// Partners per country: the largest countries, the rest as one bar.
    fn partners_by_country(&self) -> Option<ChartView> {
        self.shared(self.cards.map(|c| &c.partners_by_country), || {
            self.make_partners_by_country()
        })
    }

    fn make_partners_by_country(&self) -> Option<ChartView> {
        const SHOWN: usize = 12;
        let all = self.countries_by_partners();
        if all.is_empty() {
            return None;
        }
        let rest: Vec<&CountryView> = all.iter().skip(SHOWN + 1).collect();
        let mut items: Vec<figures::Item> = all
            .iter()
            .take(if rest.is_empty() { SHOWN + 1 } else { SHOWN })
            .map(|c| figures::Item {
                label: c.name.clone(),
                value: c.partners,
                url: Some(c.url.clone()),
            })
            .collect();
        if !rest.is_empty() {
            let others = all.len() - SHOWN;
            items.push(figures::Item {
                label: (self.strings)("figure_other_countries").replace("{n}", &others.to_string()),
                value: all.iter().skip(SHOWN).map(|c| c.partners).sum(),
                url: Some(self.url("partners/countries/")),
            });
        }
        Some(figures::bars(
            self.figure_words(
                "partners_by_country",
                "label_country",
                "label_partners",
                String::new(),
            ),
            items,
        ))
    }

    /// Figures for the home page.
    pub fn figures(&self) -> Figures {
        let s = self.site;
        let mut years = std::collections::BTreeMap::new();
        let mut undated = 0;
        for v in &s.visits {
            match v.data.date {
                Some(d) => *years.entry(i32::from(d.year())).or_insert(0) += 1,
                None => undated += 1,
            }
        }
        let visits_by_year = (!years.is_empty()).then(|| {
            let note = if undated > 0 {
                (self.strings)("figure_undated_visits").replace("{n}", &undated.to_string())
            } else {
                String::new()
            };
            figures::columns(
                self.figure_words("visits_by_year", "label_year", "label_visits", note),
                figures::years(&years),
            )
        });
        let mut kinds: Vec<(usize, &Slug, usize)> = Vec::new();
        for g in &s.programs {
            let k = &g.data.kind;
            match kinds.iter_mut().find(|(_, slug, _)| *slug == k) {
                Some(e) => e.2 += 1,
                None => kinds.push((s.config.program_kinds.index(k.as_str()), k, 1)),
            }
        }
        kinds.sort();
        let programs_by_kind = (!kinds.is_empty()).then(|| {
            let items = kinds
                .iter()
                .map(|(_, k, n)| figures::Item {
                    label: self.program_kind(k).title,
                    value: *n,
                    url: Some(self.url(&format!("programs/#kind-{}", k.as_str()))),
                })
                .collect();
            figures::bars(
                self.figure_words(
                    "programs_by_kind",
                    "label_kind",
                    "label_programs",
                    String::new(),
                ),
                items,
            )
        });
        Figures {
            partners_by_country: self.partners_by_country(),
            visits_by_year,
            programs_by_kind,
        }
    }

    fn shared<T: Clone>(&self, slot: Option<&OnceLock<T>>, make: impl FnOnce() -> T) -> T {
        match slot {
            Some(s) => s.get_or_init(make).clone(),
            None => make(),
        }
    }

    fn logo(&self, id: PartnerId) -> Option<ImageView> {
        let p = &self.site.partners[id];
        let l = p.data.logo.as_ref()?;
        // Images are files of the bundle, published once at its default-language address.
        let dir = crate::site::record_url(Section::Partners, &p.meta.slug);
        let at = |name: &str| {
            self.site
                .path(&format!("{dir}{}", crate::url::encode_path(name)))
        };
        Some(ImageView {
            url: at(&l.thumbnail.name),
            width: l.thumbnail.width,
            height: l.thumbnail.height,
            original: at(&l.file),
        })
    }

    /// The cards of several partners, in the order given.
    fn partner_cards(&self, ids: &[PartnerId]) -> Vec<Card> {
        ids.iter().map(|&p| self.partner_card_value(p)).collect()
    }

    /// The cards of several visits, in the order given.
    fn visit_cards(&self, ids: &[VisitId]) -> Vec<Card> {
        ids.iter().map(|&v| self.visit_card_value(v)).collect()
    }

    /// The cards of several programs, in the order given.
    fn program_cards(&self, ids: &[ProgramId]) -> Vec<Card> {
        ids.iter().map(|&g| self.program_card_value(g)).collect()
    }

    /// A partner's card as templates receive it.
    pub fn partner_card_value(&self, id: PartnerId) -> Card {
        let slot = self.cards.and_then(|c| c.cards.partners.get(id));
        self.shared(slot, || {
            tera::Value::from_serializable(&self.partner_card(id))
        })
    }

    /// A visit's card as templates receive it.
    pub fn visit_card_value(&self, id: VisitId) -> Card {
        let slot = self.cards.and_then(|c| c.cards.visits.get(id));
        self.shared(slot, || {
            tera::Value::from_serializable(&self.visit_card(id))
        })
    }

    /// A program's card as templates receive it.
    pub fn program_card_value(&self, id: ProgramId) -> Card {
        let slot = self.cards.and_then(|c| c.cards.programs.get(id));
        self.shared(slot, || {
            tera::Value::from_serializable(&self.program_card(id))
        })
    }

    fn url(&self, below_base: &str) -> String {
        format!(
            "{}{}{below_base}",
            self.site.config.base_url.path, self.prefix
        )
    }

    /// The URL of the page language's root (base path included), ending with `/`.
    pub fn language_root(&self) -> String {
        self.url("")
    }

    /// The URL (base path included) of the file `name` of the bundle whose `index.md` is at
    /// `content_path`: files are published once, at the bundle's default-language address.
    fn bundle_file_url(&self, content_path: &str, name: &str) -> String {
        let dir = self
            .site
            .bundle_urls
            .get(content_path)
            .map_or("", String::as_str);
        self.site
            .path(&format!("{dir}{}", crate::url::encode_path(name)))
    }

    /// The gallery of the entry at `content_path`.
    fn gallery(
        &self,
        photos: &[crate::content::model::GalleryPhoto],
        content_path: &str,
    ) -> Vec<super::photos::PhotoView> {
        super::photos::gallery(photos, &|name| self.bundle_file_url(content_path, name))
    }

    /// The HTML of `body`, shown on the page of the entry at `content_path`, whose bundle's
    /// photos are `images`.
    fn html(
        &self,
        body: &Markdown,
        content_path: &str,
        images: &[std::sync::Arc<crate::content::images::Photo>],
    ) -> String {
        // Under a language, a bundle's page is not beside its files: relative addresses of
        // those files get the bundle's address in front. Which addresses those are is read
        // from the address alone (it leads inside the bundle's folder), never from the files
        // the bundle has: the page's fingerprint covers its text, not the bundle's file list.
        // (A file that is not there is an error of the check, so no page shows it.)
        let bundle = if self.prefix.is_empty() {
            None
        } else {
            self.site.bundle_urls.get(content_path)
        };
        let prefix_of = |p: &crate::markdown::PathLink| {
            let bundle = bundle?;
            let file = crate::url::resolve(&p.dest, bundle)?;
            (file.len() > bundle.len() && file.starts_with(bundle.as_str()))
                .then(|| self.site.path(bundle))
        };
        let url_of = |name: &str| self.bundle_file_url(content_path, name);
        let picture_of = |image: &crate::markdown::BodyImage, nth: usize| {
            let dest = &body.paths.get(image.path)?.dest;
            let photo = images.iter().find(|p| &p.file == dest)?;
            Some(super::photos::body_picture(
                photo,
                &image.alt,
                &image.title,
                nth == 0,
                &url_of,
            ))
        };
        body.html_with_pictures(
            |l| {
                let target = self
                    .site
                    .content_urls
                    .get(&l.target)
                    .map(String::as_str)
                    .unwrap_or("");
                match &l.anchor {
                    Some(a) => format!("{}#{a}", self.url(target)),
                    None => self.url(target),
                }
            },
            prefix_of,
            picture_of,
        )
    }

    fn alternates(&self, below_base: &str) -> Vec<Alternate> {
        let c = &self.site.config;
        c.languages
            .iter()
            .map(|l| {
                let prefix = c.lang_prefix(l);
                Alternate {
                    lang: l.clone(),
                    name: crate::lang::native_name(l),
                    url: format!("{}{prefix}{below_base}", c.base_url.path),
                    permalink: format!("{}{prefix}{below_base}", c.base_url.full()),
                    current: l == self.lang,
                }
            })
            .collect()
    }

    /// The entry's translation into the page's language, if it has one.
    fn translation<T>(&self, e: &Entry<T>) -> Option<&TranslationEntry> {
        if self.lang == self.site.config.default_language {
            return None;
        }
        self.site.translation(&e.source.content_path, self.lang)
    }

    /// The entry's title in the page's language.
    fn title<T>(&self, e: &Entry<T>) -> String {
        self.translation(e)
            .and_then(|t| t.data.title.clone())
            .unwrap_or_else(|| e.meta.title.clone())
    }

    /// The entry's summary in the page's language.
    fn summary<T>(&self, e: &Entry<T>) -> String {
        self.translation(e)
            .and_then(TranslationEntry::summary)
            .unwrap_or_else(|| e.summary())
            .to_string()
    }

    /// The entry's text in the page's language (HTML, table of contents), and whether it is
    /// the default language's because there is no translation of it.
    fn text<T>(&self, e: &Entry<T>) -> (String, Vec<TocEntry>, bool) {
        match self.translation(e).filter(|t| !t.body.is_blank()) {
            Some(t) => (
                self.html(&t.body, &e.source.content_path, &e.images),
                t.body.toc.clone(),
                false,
            ),
            None => (
                self.html(&e.body, &e.source.content_path, &e.images),
                e.body.toc.clone(),
                self.lang != self.site.config.default_language && !e.body.is_blank(),
            ),
        }
    }

    /// Marks a page whose text is shown in the default language.
    fn text_page(&self, mut common: Common, fallback: bool) -> Common {
        common.fallback = fallback;
        common
    }

    fn common(
        &self,
        title: impl Into<String>,
        url: &str,
        description: impl Into<String>,
        section: &'static str,
    ) -> Common {
        let description = description.into();
        let description = if description.is_empty() {
            self.site
                .config
                .description_in(self.lang)
                .unwrap_or_default()
                .to_string()
        } else {
            shorten(&description, DESCRIPTION_CHARS)
        };
        Common {
            title: title.into(),
            url: self.url(url),
            permalink: format!("{}{}{url}", self.site.config.base_url.full(), self.prefix),
            description,
            section,
            lang: self.lang.to_string(),
            translations: self.alternates(url),
            fallback: false,
        }
    }

    /// The `site` variable.
    pub fn site(&self) -> SiteView {
        let s = self.site;
        let t = self.strings;
        let mut nav = vec![
            NavItem {
                title: t("nav_partners"),
                url: self.url("partners/"),
                section: "partners".into(),
            },
            NavItem {
                title: t("nav_visits"),
                url: self.url("visits/"),
                section: "visits".into(),
            },
            NavItem {
                title: t("nav_programs"),
                url: self.url("programs/"),
                section: "programs".into(),
            },
            NavItem {
                title: t("nav_areas"),
                url: self.url("areas/"),
                section: "areas".into(),
            },
        ];
        for p in &s.pages {
            if !p.data.path.trim_end_matches('/').contains('/') {
                nav.push(NavItem {
                    title: self.title(p),
                    url: self.url(&p.data.path),
                    section: "page".into(),
                });
            }
        }
        SiteView {
            title: s.config.title_in(self.lang).to_string(),
            description: s.config.description_in(self.lang).map(str::to_string),
            base_url: s.config.base_url.full(),
            base_path: s.config.base_url.path.clone(),
            lang: self.lang.to_string(),
            nav,
            urls: SiteUrls {
                home: self.url(""),
                partners: self.url("partners/"),
                countries: self.url("partners/countries/"),
                kinds: self.url("partners/kinds/"),
                areas: self.url("areas/"),
                visits: self.url("visits/"),
                programs: self.url("programs/"),
                // One sitemap for all languages, at the root.
                sitemap: s.path("sitemap.xml"),
                feed: (!crate::routes::feed_entries(s).is_empty()).then(|| self.url("feed.xml")),
                search: s.config.search.then(|| self.url("search.json")),
            },
            extra: s.config.extra.clone(),
        }
    }

    fn date(&self, d: Option<Date>) -> Option<DateView> {
        d.map(|d| DateView {
            iso: d.iso(),
            display: d.display(self.lang),
            year: d.year(),
        })
    }

    fn country(&self, c: Country) -> CountryView {
        let facet = self.site.countries.get(&c);
        CountryView {
            code: c.code().to_string(),
            name: c.name(self.lang).to_string(),
            url: self.url(&format!("partners/countries/{}/", c.url_code())),
            partners: facet.map_or(0, |f| f.partners.len()),
            visits: facet.map_or(0, |f| f.visits.len()),
        }
    }

    fn country_ref(&self, c: Country) -> CountryRef {
        CountryRef {
            code: c.code().to_string(),
            name: c.name(self.lang).to_string(),
            url: self.url(&format!("partners/countries/{}/", c.url_code())),
        }
    }

    fn kind_title(&self, slug: &Slug) -> String {
        let c = &self.site.config;
        c.partner_kinds
            .title(slug.as_str(), self.lang, &c.default_language)
    }

    fn kind(&self, slug: &Slug) -> Term {
        Term {
            slug: slug.to_string(),
            title: self.kind_title(slug),
            url: Some(self.url(&format!("partners/kinds/{slug}/"))),
        }
    }

    fn kind_facet(&self, slug: &Slug, count: usize) -> FacetTerm {
        FacetTerm {
            slug: slug.to_string(),
            title: self.kind_title(slug),
            url: self.url(&format!("partners/kinds/{slug}/")),
            count,
        }
    }

    fn kind_facets(&self) -> Vec<FacetTerm> {
        self.site
            .kinds
            .iter()
            .map(|(k, f)| self.kind_facet(k, f.partners.len()))
            .collect()
    }

    fn area(&self, slug: &Slug) -> Term {
        let c = &self.site.config;
        Term {
            slug: slug.to_string(),
            title: c.areas.title(slug.as_str(), self.lang, &c.default_language),
            url: Some(self.url(&format!("areas/{slug}/"))),
        }
    }

    fn plain_term(&self, slug: &str, title: String) -> Term {
        Term {
            slug: slug.to_string(),
            title,
            url: None,
        }
    }

    fn partner_link(&self, id: PartnerId) -> Link {
        let p = &self.site.partners[id];
        Link {
            title: self.title(p),
            url: self.url(&crate::site::record_url(Section::Partners, &p.meta.slug)),
        }
    }

    /// A partner in a list.
    pub fn partner_card(&self, id: PartnerId) -> PartnerCard {
        let p: &Entry<Partner> = &self.site.partners[id];
        PartnerCard {
            title: self.title(p),
            slug: p.meta.slug.to_string(),
            url: self.url(&crate::site::record_url(Section::Partners, &p.meta.slug)),
            summary: self.summary(p),
            kind: self.kind(&p.data.kind),
            country: self.country_ref(p.data.country),
            city: p.data.city.clone(),
            status: self.plain_term(
                p.data.status.as_str(),
                (self.strings)(&format!("status_{}", p.data.status.as_str())),
            ),
            logo: self.logo(id),
        }
    }

    /// A visit in a list.
    pub fn visit_card(&self, id: VisitId) -> VisitCard {
        let v: &Entry<Visit> = &self.site.visits[id];
        VisitCard {
            title: self.title(v),
            url: self.url(&crate::site::record_url(Section::Visits, &v.meta.slug)),
            summary: self.summary(v),
            date: self.date(v.data.date),
            end_date: self.date(v.data.end_date),
            direction: self.plain_term(
                v.data.direction.as_str(),
                (self.strings)(&format!("direction_{}", v.data.direction.as_str())),
            ),
            place: v.data.place.clone(),
            country: v.data.country.map(|c| self.country_ref(c)),
            partners: self.site.visit_partners[id]
                .iter()
                .map(|&p| self.partner_link(p))
                .collect(),
        }
    }

    /// A program in a list.
    pub fn program_card(&self, id: ProgramId) -> ProgramCard {
        let g: &Entry<Program> = &self.site.programs[id];
        ProgramCard {
            title: self.title(g),
            url: self.url(&crate::site::record_url(Section::Programs, &g.meta.slug)),
            summary: self.summary(g),
            kind: self.program_kind(&g.data.kind),
            start: self.date(g.data.start),
            end: self.date(g.data.end),
            participants: g.data.participants,
            partners: self.site.program_partners[id]
                .iter()
                .map(|&p| self.partner_link(p))
                .collect(),
        }
    }

    fn program_kind(&self, slug: &Slug) -> Term {
        let c = &self.site.config;
        self.plain_term(
            slug.as_str(),
            c.program_kinds
                .title(slug.as_str(), self.lang, &c.default_language),
        )
    }

    fn intro(&self, section: Section) -> (String, String, String) {
        match self.site.intros.get(&section) {
            Some(p) => (self.title(p), self.text(p).0, self.summary(p)),
            None => (
                (self.strings)(&format!("nav_{}", section.dir())),
                String::new(),
                String::new(),
            ),
        }
    }

    /// `/`
    pub fn home(&self) -> HomeView {
        let s = self.site;
        let (title, content, description, fallback) = match &s.home {
            Some(h) => {
                let (html, _, fallback) = self.text(h);
                (self.title(h), html, self.summary(h), fallback)
            }
            None => (
                s.config.title_in(self.lang).to_string(),
                String::new(),
                String::new(),
                false,
            ),
        };
        let mut top = self.countries_by_partners();
        top.truncate(10);
        HomeView {
            common: self.text_page(self.common(title, "", description, "home"), fallback),
            content,
            counts: Counts {
                partners: s.partners.len(),
                countries: s
                    .countries
                    .values()
                    .filter(|f| !f.partners.is_empty())
                    .count(),
                visits: s.visits.len(),
                programs: s.programs.len(),
            },
            latest_visits: s
                .visits_newest
                .iter()
                .take(s.config.latest_visits)
                .map(|&v| self.visit_card_value(v))
                .collect(),
            top_countries: top,
            kinds: self.kind_facets(),
            map: self.map(),
            figures: self.figures(),
        }
    }

    fn countries_az(&self) -> Vec<CountryView> {
        let mut all: Vec<CountryView> = self
            .site
            .countries
            .keys()
            .map(|c| self.country(*c))
            .collect();
        all.sort_by(|a, b| {
            crate::lang::collation_key(&a.name).cmp(&crate::lang::collation_key(&b.name))
        });
        all
    }

    /// `/partners/`
    pub fn partners(&self) -> PartnersView {
        let s = self.site;
        let (title, content, description) = self.intro(Section::Partners);
        // A–Z in the page's language: by the title it shows, in that language's alphabet.
        let mut order: Vec<(Vec<u32>, String, PartnerId)> = s
            .partners_az
            .iter()
            .map(|&id| {
                let (key, letter) = crate::lang::collate(self.lang, &self.title(&s.partners[id]));
                (key, letter, id)
            })
            .collect();
        order.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| s.partners[a.2].meta.slug.cmp(&s.partners[b.2].meta.slug))
        });
        let mut letters: Vec<LetterGroup> = Vec::new();
        for (_, letter, id) in order {
            if letters.last().is_none_or(|g| g.letter != letter) {
                let id_attr = if letter == "#" {
                    "letter-other".to_string()
                } else {
                    format!("letter-{}", letter.to_lowercase().replace('ʻ', ""))
                };
                letters.push(LetterGroup {
                    letter: letter.clone(),
                    id: id_attr,
                    partners: Vec::new(),
                });
            }
            if let Some(g) = letters.last_mut() {
                g.partners.push(self.partner_card_value(id));
            }
        }
        PartnersView {
            common: self.common(title, "partners/", description, "partners"),
            content,
            letters,
            countries: self.countries_az(),
            kinds: self.kind_facets(),
            total: s.partners.len(),
        }
    }

    /// `/partners/<slug>/`
    pub fn partner(&self, id: PartnerId) -> PartnerView {
        let s = self.site;
        let p = &s.partners[id];
        let c = &s.config;
        let url = crate::site::record_url(Section::Partners, &p.meta.slug);
        let (content, toc, fallback) = self.text(p);
        PartnerView {
            common: self.text_page(
                self.common(self.title(p), &url, self.summary(p), "partners"),
                fallback,
            ),
            slug: p.meta.slug.to_string(),
            summary: self.summary(p),
            kind: self.kind(&p.data.kind),
            country: self.country_ref(p.data.country),
            city: p.data.city.clone(),
            website: p.data.website.clone(),
            since: self.date(p.data.since),
            status: self.plain_term(
                p.data.status.as_str(),
                (self.strings)(&format!("status_{}", p.data.status.as_str())),
            ),
            agreements: p
                .data
                .agreements
                .iter()
                .map(|a| AgreementView {
                    kind: self.plain_term(
                        a.kind.as_str(),
                        c.agreement_types
                            .title(a.kind.as_str(), self.lang, &c.default_language),
                    ),
                    title: a.title.clone(),
                    signed: self.date(a.signed),
                    expires: self.date(a.expires),
                })
                .collect(),
            areas: p.data.areas.iter().map(|a| self.area(a)).collect(),
            location: p.data.location.map(|l| LocationView {
                lat: l.lat,
                lon: l.lon,
            }),
            logo: self.logo(id),
            photos: self.gallery(&p.data.photos, &p.source.content_path),
            content,
            toc,
            visits: self.visit_cards(&s.partner_visits[id]),
            programs: self.program_cards(&s.partner_programs[id]),
            extra: p.meta.extra.clone(),
        }
    }

    /// `/partners/countries/`
    pub fn countries(&self) -> CountriesView {
        CountriesView {
            common: self.common(
                (self.strings)("countries_title"),
                "partners/countries/",
                "",
                "partners",
            ),
            countries: self.countries_az(),
            map: self.map(),
            chart: self.partners_by_country(),
        }
    }

    /// `/partners/countries/<cc>/`
    pub fn country_page(&self, c: Country) -> CountryPageView {
        let view = self.country(c);
        let empty = Facet::default();
        let facet = self.site.countries.get(&c).unwrap_or(&empty);
        CountryPageView {
            common: self.common(
                view.name.clone(),
                &format!("partners/countries/{}/", c.url_code()),
                "",
                "partners",
            ),
            country: view,
            partners: self.partner_cards(&facet.partners),
            visits: self.visit_cards(&facet.visits),
        }
    }

    /// `/partners/kinds/`
    pub fn kinds(&self) -> KindsView {
        KindsView {
            common: self.common(
                (self.strings)("kinds_title"),
                "partners/kinds/",
                "",
                "partners",
            ),
            kinds: self.kind_facets(),
        }
    }

    /// `/partners/kinds/<kind>/`
    pub fn kind_page(&self, index: usize) -> KindView {
        let (slug, facet) = &self.site.kinds[index];
        let kind = self.kind_facet(slug, facet.partners.len());
        KindView {
            common: self.common(
                kind.title.clone(),
                &format!("partners/kinds/{slug}/"),
                "",
                "partners",
            ),
            kind,
            partners: self.partner_cards(&facet.partners),
        }
    }

    /// `/areas/`
    pub fn areas(&self) -> AreasView {
        AreasView {
            common: self.common((self.strings)("areas_title"), "areas/", "", "areas"),
            areas: self
                .site
                .areas
                .iter()
                .map(|(a, f)| AreaSummary {
                    area: self.area(a),
                    partners: f.partners.len(),
                    visits: f.visits.len(),
                    programs: f.programs.len(),
                })
                .collect(),
        }
    }

    /// `/areas/<area>/`
    pub fn area_page(&self, index: usize) -> AreaView {
        let (slug, facet) = &self.site.areas[index];
        let area = self.area(slug);
        AreaView {
            common: self.common(area.title.clone(), &format!("areas/{slug}/"), "", "areas"),
            area,
            partners: self.partner_cards(&facet.partners),
            visits: self.visit_cards(&facet.visits),
            programs: self.program_cards(&facet.programs),
        }
    }

    /// `/visits/` page `n`.
    pub fn visits(&self, n: usize) -> VisitsView {
        let s = self.site;
        let size = s.config.page_size;
        let total = visits_pages(s);
        let (mut title, content, description) = self.intro(Section::Visits);
        if n > 1 {
            title = format!("{title} ({} {n})", (self.strings)("page"));
        }
        let page_url = |k: usize| self.url(&visits_page_path(k));
        VisitsView {
            common: self.common(title, &visits_page_path(n), description, "visits"),
            content: if n == 1 { content } else { String::new() },
            visits: s
                .visits_newest
                .iter()
                .skip((n - 1) * size)
                .take(size)
                .map(|&v| self.visit_card_value(v))
                .collect(),
            pager: Pager {
                current: n,
                total,
                prev: (n > 1).then(|| page_url(n - 1)),
                next: (n < total).then(|| page_url(n + 1)),
                window: pager_window(n, total)
                    .into_iter()
                    .map(|k| PagerLink {
                        number: k,
                        url: if k == 0 { String::new() } else { page_url(k) },
                        current: k == n,
                        gap: k == 0,
                    })
                    .collect(),
            },
            total: s.visits.len(),
        }
    }

    /// `/visits/<slug>/`
    pub fn visit(&self, id: VisitId) -> VisitView {
        let s = self.site;
        let v = &s.visits[id];
        let card = self.visit_card(id);
        let (content, toc, fallback) = self.text(v);
        VisitView {
            common: self.text_page(
                self.common(
                    self.title(v),
                    &crate::site::record_url(Section::Visits, &v.meta.slug),
                    self.summary(v),
                    "visits",
                ),
                fallback,
            ),
            summary: self.summary(v),
            date: card.date,
            end_date: card.end_date,
            direction: card.direction,
            place: card.place,
            country: card.country,
            partners: self.partner_cards(&s.visit_partners[id]),
            delegation: v.data.delegation.clone(),
            outcomes: self
                .translation(v)
                .and_then(|t| t.data.outcomes.clone())
                .unwrap_or_else(|| v.data.outcomes.clone()),
            areas: v.data.areas.iter().map(|a| self.area(a)).collect(),
            photos: self.gallery(&v.data.photos, &v.source.content_path),
            content,
            toc,
            extra: v.meta.extra.clone(),
        }
    }

    /// `/programs/`
    pub fn programs(&self) -> ProgramsView {
        let s = self.site;
        let (title, content, description) = self.intro(Section::Programs);
        let mut kinds: Vec<ProgramGroup> = Vec::new();
        let mut order: Vec<ProgramId> = s.programs_newest.clone();
        order.sort_by_key(|&g| {
            s.config
                .program_kinds
                .index(s.programs[g].data.kind.as_str())
        });
        for g in order {
            let kind = &s.programs[g].data.kind;
            if kinds.last().is_none_or(|k| k.kind.slug != kind.as_str()) {
                kinds.push(ProgramGroup {
                    kind: self.program_kind(kind),
                    programs: Vec::new(),
                });
            }
            if let Some(k) = kinds.last_mut() {
                k.programs.push(self.program_card_value(g));
            }
        }
        ProgramsView {
            common: self.common(title, "programs/", description, "programs"),
            content,
            programs: self.program_cards(&s.programs_newest),
            kinds,
        }
    }

    /// `/programs/<slug>/`
    pub fn program(&self, id: ProgramId) -> ProgramView {
        let s = self.site;
        let g = &s.programs[id];
        let (content, toc, fallback) = self.text(g);
        ProgramView {
            common: self.text_page(
                self.common(
                    self.title(g),
                    &crate::site::record_url(Section::Programs, &g.meta.slug),
                    self.summary(g),
                    "programs",
                ),
                fallback,
            ),
            summary: self.summary(g),
            kind: self.program_kind(&g.data.kind),
            partners: self.partner_cards(&s.program_partners[id]),
            start: self.date(g.data.start),
            end: self.date(g.data.end),
            participants: g.data.participants,
            areas: g.data.areas.iter().map(|a| self.area(a)).collect(),
            content,
            toc,
            extra: g.meta.extra.clone(),
        }
    }

    /// A plain page.
    pub fn page(&self, index: usize) -> PageView {
        let p = &self.site.pages[index];
        let (content, toc, fallback) = self.text(p);
        PageView {
            common: self.text_page(
                self.common(self.title(p), &p.data.path, self.summary(p), "page"),
                fallback,
            ),
            content,
            toc,
            extra: p.meta.extra.clone(),
        }
    }

    /// `/404.html`
    pub fn not_found(&self) -> NotFoundView {
        NotFoundView {
            common: self.common((self.strings)("not_found_title"), "404.html", "", "error"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::pager_window;

    #[test]
    fn descriptions_are_cut_at_a_word() {
        assert_eq!(super::shorten("short", 10), "short");
        assert_eq!(
            super::shorten("Remote lectures from Slovakia, weekly.", 24),
            "Remote lectures from…"
        );
    }

    #[test]
    fn pager_windows_keep_ends_and_neighbours() {
        assert_eq!(pager_window(1, 1), [1]);
        assert_eq!(pager_window(1, 4), [1, 2, 3, 4]);
        assert_eq!(pager_window(1, 10), [1, 2, 3, 0, 10]);
        assert_eq!(pager_window(6, 10), [1, 0, 4, 5, 6, 7, 8, 0, 10]);
        assert_eq!(pager_window(10, 10), [1, 0, 8, 9, 10]);
        assert_eq!(pager_window(4, 10), [1, 2, 3, 4, 5, 6, 0, 10]);
    }
}
