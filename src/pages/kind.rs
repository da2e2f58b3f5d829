//! `/partners/kinds/<kind>/`: the partners of one kind.

use serde::Serialize;

use crate::values::Slug;

use super::cards::PartnerSource;
use super::context::{Common, Context, FacetTerm};
use super::{Card, LangPath, Source};

/// The template.
pub const TEMPLATE: &str = "kind.html";

/// The path of a kind's page.
pub fn path(kind: &Slug) -> LangPath {
    LangPath::new(format!("partners/kinds/{kind}/"))
}

/// What the page reads.
#[derive(Hash)]
pub struct Inputs<'a> {
    kind: &'a Slug,
    partners: Vec<&'a PartnerSource<'a>>,
}

/// What the page of the site's `index`-th kind reads.
pub fn inputs(src: Source<'_>, index: usize) -> Inputs<'_> {
    let (kind, facet) = &src.site.kinds[index];
    Inputs {
        kind,
        partners: src.cards.partners(&facet.partners),
    }
}

/// `kind.html`: partners of one kind.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// Title, URL, permalink, description, section.
    #[serde(flatten)]
    pub common: Common,
    /// The kind.
    pub kind: FacetTerm,
    /// Partners, A–Z.
    pub partners: Vec<Card>,
}

/// The page's view.
pub fn view(i: &Inputs, cx: &Context) -> View {
    let kind = cx.kind_facet(i.kind, i.partners.len());
    View {
        common: cx.common(kind.title.clone(), &path(i.kind), "", "partners"),
        kind,
        partners: i.partners.iter().map(|p| p.card(cx)).collect(),
    }
}
