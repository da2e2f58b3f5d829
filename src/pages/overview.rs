//! The figures made from the whole record, which the home and countries pages show: the
//! partner map and the charts.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use serde::Serialize;

use crate::content::model::Location;
use crate::values::{Country, Slug};

use super::Source;
use super::cards::Named;
use super::context::{Context, CountryCount, CountryView};
use super::figures::{self, ChartView};
use super::map::{self, MapView};

/// A partner placed on the map.
#[derive(Hash)]
struct Point<'a> {
    name: Named<'a>,
    at: Coordinates,
    country: Country,
}

/// Coordinates, hashed by their bits.
#[derive(Clone, Copy)]
struct Coordinates(Location);

impl Hash for Coordinates {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (self.0.lat.to_bits(), self.0.lon.to_bits()).hash(h);
    }
}

/// What the map and the charts are made from.
#[derive(Hash)]
pub struct Inputs<'a> {
    countries: Vec<CountryCount>,
    points: Vec<Point<'a>>,
    /// Dated visits per year, and how many have no date.
    years: BTreeMap<i32, usize>,
    undated: usize,
    /// Programs per kind: (the kind's place in the vocabulary, the kind, count), in order.
    program_kinds: Vec<(usize, &'a Slug, usize)>,
}

/// The country facet of a site: every country with its counts, by code.
pub fn country_counts(src: Source<'_>) -> Vec<CountryCount> {
    src.site
        .countries
        .iter()
        .map(|(c, f)| CountryCount {
            country: *c,
            partners: f.partners.len(),
            visits: f.visits.len(),
        })
        .collect()
}

/// What the figures read of the site.
pub fn inputs(src: Source<'_>) -> Inputs<'_> {
    let s = src.site;
    let names = src.cards;
    let points = s
        .partners_az
        .iter()
        .filter_map(|&id| {
            let p = &s.partners[id];
            Some(Point {
                name: *names.name(id)?,
                at: Coordinates(p.data.location?),
                country: p.data.country,
            })
        })
        .collect();
    let mut years = BTreeMap::new();
    let mut undated = 0;
    for v in &s.visits {
        match v.data.date {
            Some(d) => *years.entry(i32::from(d.year())).or_insert(0) += 1,
            None => undated += 1,
        }
    }
    let mut program_kinds: Vec<(usize, &Slug, usize)> = Vec::new();
    for g in &s.programs {
        let k = &g.data.kind;
        match program_kinds.iter_mut().find(|(_, slug, _)| *slug == k) {
            Some(e) => e.2 += 1,
            None => program_kinds.push((s.config.program_kinds.index(k.as_str()), k, 1)),
        }
    }
    program_kinds.sort();
    Inputs {
        countries: country_counts(src),
        points,
        years,
        undated,
        program_kinds,
    }
}

/// `page.figures`: charts made from the whole record; each is absent when it has no data.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    /// Partners per country, most first (the largest few, then the rest together).
    pub partners_by_country: Option<ChartView>,
    /// Dated visits per year, every year from the first to the last.
    pub visits_by_year: Option<ChartView>,
    /// Programs per kind, in vocabulary order.
    pub programs_by_kind: Option<ChartView>,
}

impl Inputs<'_> {
    /// Partner countries as the map and the charts count them, most partners first, ties A–Z.
    pub fn countries_by_partners(&self, cx: &Context) -> Vec<CountryView> {
        let mut all: Vec<CountryView> = self
            .countries
            .iter()
            .filter(|c| c.partners > 0)
            .map(|c| cx.country(c))
            .collect();
        all.sort_by(|a, b| {
            b.partners.cmp(&a.partners).then_with(|| {
                crate::lang::collation_key(&a.name).cmp(&crate::lang::collation_key(&b.name))
            })
        });
        all
    }

    /// Every country with a partner or a visit, A–Z in the page's language.
    pub fn countries_az(&self, cx: &Context) -> Vec<CountryView> {
        cx.countries_az(&self.countries)
    }

    /// The partner map (made once per language and build).
    pub fn map(&self, cx: &Context) -> Option<MapView> {
        cx.map.get_or_init(|| self.make_map(cx)).clone()
    }

    fn make_map(&self, cx: &Context) -> Option<MapView> {
        let countries: Vec<map::CountryInput> = self
            .countries_az(cx)
            .into_iter()
            .filter(|c| c.partners > 0)
            .map(|c| map::CountryInput {
                code: c.code,
                name: c.name,
                url: c.url,
                partners: c.partners,
            })
            .collect();
        if countries.is_empty() {
            return None;
        }
        let points = self
            .points
            .iter()
            .map(|p| {
                let link = p.name.link(cx);
                map::PointInput {
                    lat: p.at.0.lat,
                    lon: p.at.0.lon,
                    name: link.title,
                    url: link.url,
                    country: (
                        p.country.code().to_string(),
                        cx.href(&super::country::path(p.country)),
                    ),
                }
            })
            .collect();
        Some(map::map_view(
            cx.world,
            countries,
            points,
            &cx.href(&super::countries::path()),
        ))
    }

    fn words(
        &self,
        cx: &Context,
        id: &str,
        label: &str,
        value: &str,
        note: String,
    ) -> figures::Words {
        figures::Words {
            id: id.to_string(),
            caption: cx.t(&format!("figure_{id}")),
            note,
            label_heading: cx.t(label),
            value_heading: cx.t(value),
        }
    }

    /// Partners per country: the largest countries, the rest as one bar (made once per
    /// language and build).
    pub fn partners_by_country(&self, cx: &Context) -> Option<ChartView> {
        cx.partners_by_country
            .get_or_init(|| self.make_partners_by_country(cx))
            .clone()
    }

    fn make_partners_by_country(&self, cx: &Context) -> Option<ChartView> {
        const SHOWN: usize = 12;
        let all = self.countries_by_partners(cx);
        if all.is_empty() {
            return None;
        }
        let rest: Vec<&CountryView> = all.iter().skip(SHOWN + 1).collect();
        let mut items: Vec<figures::Item> = all
            .iter()
            .take(if rest.is_empty() { SHOWN + 1 } else { SHOWN })
            .map(|c| figures::Item {
                label: c.name.clone(),
                value: c.partners,
                url: Some(c.url.clone()),
            })
            .collect();
        if !rest.is_empty() {
            let others = all.len() - SHOWN;
            items.push(figures::Item {
                label: cx
                    .t("figure_other_countries")
                    .replace("{n}", &others.to_string()),
                value: all.iter().skip(SHOWN).map(|c| c.partners).sum(),
                url: Some(cx.href(&super::countries::path())),
            });
        }
        Some(figures::bars(
            self.words(
                cx,
                "partners_by_country",
                "label_country",
                "label_partners",
                String::new(),
            ),
            items,
        ))
    }

    /// The charts of the home page.
    pub fn figures(&self, cx: &Context) -> Figures {
        let visits_by_year = (!self.years.is_empty()).then(|| {
            let note = if self.undated > 0 {
                cx.t("figure_undated_visits")
                    .replace("{n}", &self.undated.to_string())
            } else {
                String::new()
            };
            figures::columns(
                self.words(cx, "visits_by_year", "label_year", "label_visits", note),
                figures::years(&self.years),
            )
        });
        let programs_by_kind = (!self.program_kinds.is_empty()).then(|| {
            let items = self
                .program_kinds
                .iter()
                .map(|(_, k, n)| figures::Item {
                    label: cx.program_kind(k).title,
                    value: *n,
                    url: Some(cx.href(
                        &super::programs::path().with_fragment(&format!("kind-{}", k.as_str())),
                    )),
                })
                .collect();
            figures::bars(
                self.words(
                    cx,
                    "programs_by_kind",
                    "label_kind",
                    "label_programs",
                    String::new(),
                ),
                items,
            )
        });
        Figures {
            partners_by_country: self.partners_by_country(cx),
            visits_by_year,
            programs_by_kind,
        }
    }
}
