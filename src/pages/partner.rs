//! `/partners/<slug>/`: one partner, with its visits and programs.

use serde::Serialize;

use crate::content::model::Partner;
use crate::markdown::TocEntry;
use crate::site::PartnerId;
use crate::values::Slug;
use crate::yaml::Extra;

use super::cards::{ImageView, ProgramSource, Shown, VisitSource, logo_view};
use super::context::{Common, Context, CountryRef, DateView, Term, plain_term};
use super::{Card, LangPath, Source};

/// The template.
pub const TEMPLATE: &str = "partner.html";

/// The path of a partner's page.
pub fn path(slug: &Slug) -> LangPath {
    LangPath::new(format!("partners/{slug}/"))
}

/// What the page reads.
#[derive(Hash)]
pub struct Inputs<'a> {
    partner: Shown<'a, Partner>,
    visits: Vec<&'a VisitSource<'a>>,
    programs: Vec<&'a ProgramSource<'a>>,
}

/// What the page of partner `id` reads of the site.
pub fn inputs(src: Source<'_>, id: PartnerId) -> Inputs<'_> {
    let s = src.site;
    Inputs {
        partner: Shown::new(s, &s.partners[id], src.lang),
        visits: src.cards.visits(&s.partner_visits[id]),
        programs: src.cards.programs(&s.partner_programs[id]),
    }
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
    /// Last renewed.
    pub renewed: Option<DateView>,
    /// Expires.
    pub expires: Option<DateView>,
    /// The document (a PDF or image in the bundle), with its format and size.
    pub document: Option<super::agreements::DocumentView>,
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
pub struct View {
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

/// The page's view.
pub fn view(i: &Inputs, cx: &Context) -> View {
    let shown = &i.partner;
    let p = shown.entry;
    let c = cx.config;
    let (content, toc, fallback) = shown.text(cx);
    let mut common = cx.common(
        shown.title(),
        &path(&p.meta.slug),
        shown.summary(),
        "partners",
    );
    common.fallback = fallback;
    View {
        common,
        slug: p.meta.slug.to_string(),
        summary: shown.summary(),
        kind: cx.kind(&p.data.kind),
        country: cx.country_ref(p.data.country),
        city: p.data.city.clone(),
        website: p.data.website.clone(),
        since: cx.date(p.data.since),
        status: cx.string_term("status", p.data.status.as_str()),
        agreements: p
            .data
            .agreements
            .iter()
            .map(|a| AgreementView {
                kind: plain_term(
                    a.kind.as_str(),
                    c.agreement_types
                        .title(a.kind.as_str(), cx.lang, &c.default_language),
                ),
                title: a.title.clone(),
                signed: cx.date(a.signed),
                renewed: cx.date(a.renewed),
                expires: cx.date(a.expires),
                document: a
                    .document
                    .as_ref()
                    .map(|d| super::agreements::document_view(cx, &p.meta.slug, d)),
            })
            .collect(),
        areas: p.data.areas.iter().map(|a| cx.area(a)).collect(),
        location: p.data.location.map(|l| LocationView {
            lat: l.lat,
            lon: l.lon,
        }),
        photos: shown.gallery(&p.data.photos, cx),
        logo: p
            .data
            .logo
            .as_ref()
            .map(|l| logo_view(cx, &p.meta.slug, &l.file, &l.thumbnail)),
        content,
        toc,
        visits: i.visits.iter().map(|v| v.card(cx)).collect(),
        programs: i.programs.iter().map(|g| g.card(cx)).collect(),
        extra: p.meta.extra.clone(),
    }
}
