//! `/partners/countries/<cc>/`: the partners in one country and the visits held there.

use serde::Serialize;

use crate::values::Country;

use super::cards::{PartnerSource, VisitSource};
use super::context::{Common, Context, CountryCount, CountryView};
use super::{Card, LangPath, Source};

/// The template.
pub const TEMPLATE: &str = "country.html";

/// The path of a country's page.
pub fn path(country: Country) -> LangPath {
    LangPath::new(format!("partners/countries/{}/", country.url_code()))
}

/// What the page reads.
#[derive(Hash)]
pub struct Inputs<'a> {
    country: CountryCount,
    partners: Vec<&'a PartnerSource<'a>>,
    visits: Vec<&'a VisitSource<'a>>,
}

/// What the page of `country` reads of the site.
pub fn inputs(src: Source<'_>, country: Country) -> Inputs<'_> {
    let facet = src.site.countries.get(&country);
    let ids = |list: fn(&crate::site::Facet) -> &[usize]| facet.map_or(&[][..], list);
    let partners = src.cards.partners(ids(|f| &f.partners));
    let visits = src.cards.visits(ids(|f| &f.visits));
    Inputs {
        country: CountryCount {
            country,
            partners: partners.len(),
            visits: visits.len(),
        },
        partners,
        visits,
    }
}

/// `country.html`: one country.
#[derive(Debug, Clone, Serialize)]
pub struct View {
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

/// The page's view.
pub fn view(i: &Inputs, cx: &Context) -> View {
    let country = cx.country(&i.country);
    View {
        common: cx.common(
            country.name.clone(),
            &path(i.country.country),
            "",
            "partners",
        ),
        country,
        partners: i.partners.iter().map(|p| p.card(cx)).collect(),
        visits: i.visits.iter().map(|v| v.card(cx)).collect(),
    }
}
