//! `/areas/`: the areas of cooperation with their counts.

use serde::Serialize;

use crate::values::Slug;

use super::context::{Common, Context, Term};
use super::{LangPath, Source};

/// The template.
pub const TEMPLATE: &str = "areas.html";

/// The page's path.
pub fn path() -> LangPath {
    LangPath::new("areas/".into())
}

/// What the page reads: each area in use with its partners, visits and programs.
#[derive(Hash)]
pub struct Inputs<'a> {
    areas: Vec<(&'a Slug, usize, usize, usize)>,
}

/// What the page reads of the site.
pub fn inputs(src: Source<'_>) -> Inputs<'_> {
    Inputs {
        areas: src
            .site
            .areas
            .iter()
            .map(|(a, f)| (a, f.partners.len(), f.visits.len(), f.programs.len()))
            .collect(),
    }
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
pub struct View {
    /// Title, URL, permalink, description, section.
    #[serde(flatten)]
    pub common: Common,
    /// Areas in vocabulary order.
    pub areas: Vec<AreaSummary>,
}

/// The page's view.
pub fn view(i: &Inputs, cx: &Context) -> View {
    View {
        common: cx.common(cx.t("areas_title"), &path(), "", "areas"),
        areas: i
            .areas
            .iter()
            .map(|(a, partners, visits, programs)| AreaSummary {
                area: cx.area(a),
                partners: *partners,
                visits: *visits,
                programs: *programs,
            })
            .collect(),
    }
}
