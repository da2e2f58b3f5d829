//! `/visits/<slug>/`: one delegation visit, with its partners.

use serde::Serialize;

use crate::content::model::Visit;
use crate::markdown::TocEntry;
use crate::site::VisitId;
use crate::values::Slug;
use crate::yaml::Extra;

use super::cards::{PartnerSource, Shown, VisitSource};
use super::context::{Common, Context, CountryRef, DateView, Term};
use super::{Card, LangPath, Source};

/// The template.
pub const TEMPLATE: &str = "visit.html";

/// The path of a visit's page.
pub fn path(slug: &Slug) -> LangPath {
    LangPath::new(format!("visits/{slug}/"))
}

/// What the page reads.
#[derive(Hash)]
pub struct Inputs<'a> {
    visit: Shown<'a, Visit>,
    card: &'a VisitSource<'a>,
    partners: Vec<&'a PartnerSource<'a>>,
}

/// What the page of visit `id` reads of the site.
pub fn inputs(src: Source<'_>, id: VisitId) -> Inputs<'_> {
    let s = src.site;
    Inputs {
        visit: Shown::new(s, &s.visits[id], src.lang),
        card: &src.cards.visits[id],
        partners: src.cards.partners(&s.visit_partners[id]),
    }
}

/// `visit.html`: one visit.
#[derive(Debug, Clone, Serialize)]
pub struct View {
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

/// The page's view.
pub fn view(i: &Inputs, cx: &Context) -> View {
    let shown = &i.visit;
    let v = shown.entry;
    let card = i.card.view(cx);
    let (content, toc, fallback) = shown.text(cx);
    let mut common = cx.common(
        shown.title(),
        &path(&v.meta.slug),
        shown.summary(),
        "visits",
    );
    common.fallback = fallback;
    View {
        common,
        summary: shown.summary(),
        date: card.date,
        end_date: card.end_date,
        direction: card.direction,
        place: card.place,
        country: card.country,
        partners: i.partners.iter().map(|p| p.card(cx)).collect(),
        delegation: v.data.delegation.clone(),
        outcomes: shown
            .translation
            .and_then(|t| t.data.outcomes.clone())
            .unwrap_or_else(|| v.data.outcomes.clone()),
        areas: v.data.areas.iter().map(|a| cx.area(a)).collect(),
        photos: shown.gallery(&v.data.photos, cx),
        content,
        toc,
        extra: v.meta.extra.clone(),
    }
}
