//! `/`: the home page, with totals, the latest visits, the map and the charts.

use serde::Serialize;

use crate::content::model::Page;
use crate::values::Slug;

use super::cards::{Shown, VisitSource};
use super::context::{Common, Context, CountryView, FacetTerm};
use super::map::MapView;
use super::overview::{self, Figures};
use super::{Card, LangPath, Source};

/// The template.
pub const TEMPLATE: &str = "index.html";

/// The home page's path.
pub fn path() -> LangPath {
    LangPath::new(String::new())
}

/// Totals shown on the home page.
#[derive(Debug, Clone, Copy, Serialize, Hash)]
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

/// What the home page reads.
#[derive(Hash)]
pub struct Inputs<'a> {
    home: Option<Shown<'a, Page>>,
    counts: Counts,
    latest: Vec<&'a VisitSource<'a>>,
    kinds: Vec<(&'a Slug, usize)>,
    overview: overview::Inputs<'a>,
}

/// What the home page reads of the site.
pub fn inputs(src: Source<'_>) -> Inputs<'_> {
    let s = src.site;
    let latest: Vec<usize> = s
        .visits_newest
        .iter()
        .take(s.config.latest_visits)
        .copied()
        .collect();
    Inputs {
        home: s.home.as_ref().map(|h| Shown::new(s, h, src.lang)),
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
        latest: src.cards.visits(&latest),
        kinds: super::kinds::counts(src),
        overview: overview::inputs(src),
    }
}

/// `index.html`: the home page.
#[derive(Debug, Clone, Serialize)]
pub struct View {
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

/// The home page's view.
pub fn view(i: &Inputs, cx: &Context) -> View {
    let (title, content, description, fallback) = match &i.home {
        Some(h) => {
            let (html, _, fallback) = h.text(cx);
            (h.title(), html, h.summary(), fallback)
        }
        None => (
            cx.config.title_in(cx.lang).to_string(),
            String::new(),
            String::new(),
            false,
        ),
    };
    let mut top = i.overview.countries_by_partners(cx);
    top.truncate(10);
    let mut common = cx.common(title, &path(), description, "home");
    common.fallback = fallback;
    View {
        common,
        content,
        counts: i.counts,
        latest_visits: i.latest.iter().map(|v| v.card(cx)).collect(),
        top_countries: top,
        kinds: super::kinds::facets(&i.kinds, cx),
        map: i.overview.map(cx),
        figures: i.overview.figures(cx),
    }
}
