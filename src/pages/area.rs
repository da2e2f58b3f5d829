//! `/areas/<area>/`: the partners, visits and programs of one area.

use serde::Serialize;

use crate::values::Slug;

use super::cards::{PartnerSource, ProgramSource, VisitSource};
use super::context::{Common, Context, Term};
use super::{Card, LangPath, Source};

/// The template.
pub const TEMPLATE: &str = "area.html";

/// The path of an area's page.
pub fn path(area: &Slug) -> LangPath {
    LangPath::new(format!("areas/{area}/"))
}

/// What the page reads.
#[derive(Hash)]
pub struct Inputs<'a> {
    area: &'a Slug,
    partners: Vec<&'a PartnerSource<'a>>,
    visits: Vec<&'a VisitSource<'a>>,
    programs: Vec<&'a ProgramSource<'a>>,
}

/// What the page of the site's `index`-th area reads.
pub fn inputs(src: Source<'_>, index: usize) -> Inputs<'_> {
    let (area, f) = &src.site.areas[index];
    Inputs {
        area,
        partners: src.cards.partners(&f.partners),
        visits: src.cards.visits(&f.visits),
        programs: src.cards.programs(&f.programs),
    }
}

/// `area.html`: one area.
#[derive(Debug, Clone, Serialize)]
pub struct View {
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

/// The page's view.
pub fn view(i: &Inputs, cx: &Context) -> View {
    let area = cx.area(i.area);
    View {
        common: cx.common(area.title.clone(), &path(i.area), "", "areas"),
        area,
        partners: i.partners.iter().map(|p| p.card(cx)).collect(),
        visits: i.visits.iter().map(|v| v.card(cx)).collect(),
        programs: i.programs.iter().map(|g| g.card(cx)).collect(),
    }
}
