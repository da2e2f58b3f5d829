//! The `site` variable: what every page of a language shows alike (title, navigation, the
//! URLs of the index pages). Its value is part of every page's fingerprint.

use serde::Serialize;

use crate::yaml::Extra;

use super::context::Context;
use super::page;
use crate::site::Site;

/// What the `site` variable reads: the top-level plain pages (in the navigation) and
/// whether there is a feed.
pub struct Inputs<'a> {
    nav_pages: Vec<super::cards::Shown<'a, crate::content::model::Page>>,
    feed: bool,
    agreements: bool,
}

/// What the `site` variable reads of the site, in `lang`.
pub fn inputs<'a>(s: &'a Site, lang: &str) -> Inputs<'a> {
    Inputs {
        nav_pages: s
            .pages
            .iter()
            .filter(|p| !p.data.path.trim_end_matches('/').contains('/'))
            .map(|p| super::cards::Shown::new(s, p, lang))
            .collect(),
        feed: !super::feed::entries(s).is_empty(),
        agreements: super::agreements::has_agreements(s),
    }
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
    /// `/partners/agreements/`, when some partner has an agreement.
    pub agreements: Option<String>,
    /// `/calendar.ics`: visits and agreement expiries for calendar programs.
    pub calendar: String,
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

/// The `site` variable.
pub fn view(i: &Inputs, cx: &Context) -> SiteView {
    let c = cx.config;
    let item = |key: &str, path: super::LangPath, section: &str| NavItem {
        title: cx.t(key),
        url: cx.href(&path),
        section: section.into(),
    };
    let mut nav = vec![
        item("nav_partners", super::partners::path(), "partners"),
        item("nav_visits", super::visits::path(1), "visits"),
        item("nav_programs", super::programs::path(), "programs"),
        item("nav_areas", super::areas::path(), "areas"),
    ];
    for p in &i.nav_pages {
        nav.push(NavItem {
            title: p.title(),
            url: cx.href(&page::path(p.entry)),
            section: "page".into(),
        });
    }
    SiteView {
        title: c.title_in(cx.lang).to_string(),
        description: c.description_in(cx.lang).map(str::to_string),
        base_url: c.base_url.full(),
        base_path: c.base_url.path.clone(),
        lang: cx.lang.to_string(),
        nav,
        urls: SiteUrls {
            home: cx.href(&super::home::path()),
            partners: cx.href(&super::partners::path()),
            countries: cx.href(&super::countries::path()),
            kinds: cx.href(&super::kinds::path()),
            areas: cx.href(&super::areas::path()),
            visits: cx.href(&super::visits::path(1)),
            programs: cx.href(&super::programs::path()),
            // One sitemap for all languages, at the root.
            sitemap: cx.below_base("sitemap.xml"),
            feed: i.feed.then(|| cx.href(&super::feed::path())),
            search: c.search.then(|| cx.href(&super::search::path())),
            agreements: i
                .agreements
                .then(|| cx.href(&super::agreements::Listing::ByExpiry.path())),
            calendar: cx.href(&super::calendar::path()),
        },
        extra: c.extra.clone(),
    }
}
