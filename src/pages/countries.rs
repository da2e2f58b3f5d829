//! `/partners/countries/`: the countries with their counts, the map and the chart.

use serde::Serialize;

use super::context::{Common, Context, CountryView};
use super::figures::ChartView;
use super::map::MapView;
use super::overview;
use super::{LangPath, Source};

/// The template.
pub const TEMPLATE: &str = "countries.html";

/// The page's path.
pub fn path() -> LangPath {
    LangPath::new("partners/countries/".into())
}

/// What the page reads.
#[derive(Hash)]
pub struct Inputs<'a> {
    overview: overview::Inputs<'a>,
}

/// What the page reads of the site.
pub fn inputs(src: Source<'_>) -> Inputs<'_> {
    Inputs {
        overview: overview::inputs(src),
    }
}

/// `countries.html`: countries with counts.
#[derive(Debug, Clone, Serialize)]
pub struct View {
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

/// The page's view.
pub fn view(i: &Inputs, cx: &Context) -> View {
    View {
        common: cx.common(cx.t("countries_title"), &path(), "", "partners"),
        countries: i.overview.countries_az(cx),
        map: i.overview.map(cx),
        chart: i.overview.partners_by_country(cx),
    }
}
