//! `/partners/kinds/`: the partner kinds with their counts.

use serde::Serialize;

use crate::values::Slug;

use super::context::{Common, Context, FacetTerm};
use super::{LangPath, Source};

/// The template.
pub const TEMPLATE: &str = "kinds.html";

/// The page's path.
pub fn path() -> LangPath {
    LangPath::new("partners/kinds/".into())
}

/// Each partner kind in use with its number of partners, in vocabulary order: the kind facet.
pub fn counts(src: Source<'_>) -> Vec<(&Slug, usize)> {
    src.site
        .kinds
        .iter()
        .map(|(k, f)| (k, f.partners.len()))
        .collect()
}

/// The kind facet as lists show it.
pub fn facets(counts: &[(&Slug, usize)], cx: &Context) -> Vec<FacetTerm> {
    counts.iter().map(|(k, n)| cx.kind_facet(k, *n)).collect()
}

/// What the page reads.
#[derive(Hash)]
pub struct Inputs<'a> {
    kinds: Vec<(&'a Slug, usize)>,
}

/// What the page reads of the site.
pub fn inputs(src: Source<'_>) -> Inputs<'_> {
    Inputs { kinds: counts(src) }
}

/// `kinds.html`: partner kinds with counts.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// Title, URL, permalink, description, section.
    #[serde(flatten)]
    pub common: Common,
    /// Kinds in vocabulary order.
    pub kinds: Vec<FacetTerm>,
}

/// The page's view.
pub fn view(i: &Inputs, cx: &Context) -> View {
    View {
        common: cx.common(cx.t("kinds_title"), &path(), "", "partners"),
        kinds: facets(&i.kinds, cx),
    }
}
