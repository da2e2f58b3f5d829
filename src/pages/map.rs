//! The partner map: a world map drawn as inline SVG at build time.
//!
//! Country shapes are theme data (`data/world.tsv`, Natural Earth projected once with the
//! Equal Earth projection, see `scripts/world-data`); partners' coordinates are projected here
//! with the same projection, so points and shapes agree. Nothing is fetched: the page carries
//! the whole map.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::geo::World;

/// A partner country on the map.
#[derive(Debug, Clone, Serialize)]
pub struct MapCountry {
    /// ISO code.
    pub code: String,
    /// Name in the page's language.
    pub name: String,
    /// URL of the country's page.
    pub url: String,
    /// Number of partners there.
    pub partners: usize,
    /// Shade class, 1 (fewest partners) to the number of legend steps.
    pub level: usize,
    /// SVG path data of the country, empty when it is drawn as a dot.
    pub path: String,
    /// Label position (and the dot's centre).
    pub x: f64,
    /// See `x`.
    pub y: f64,
    /// Too small to draw as a shape at this scale: drawn as a dot at `x`, `y`.
    pub dot: bool,
}

/// Partners at (nearly) the same spot of the map.
#[derive(Debug, Clone, Serialize)]
pub struct MapPoint {
    /// Position.
    pub x: f64,
    /// See `x`.
    pub y: f64,
    /// Number of partners here.
    pub count: usize,
    /// Their names, joined (the first few, then "…").
    pub label: String,
    /// The partner's page; for several partners their country's page, or the page of all
    /// countries when they are in different countries.
    pub url: String,
}

/// One step of the shading legend.
#[derive(Debug, Clone, Serialize)]
pub struct LegendStep {
    /// Shade class.
    pub level: usize,
    /// Fewest partners in the class.
    pub from: usize,
    /// Most partners in the class.
    pub to: usize,
    /// `3`, or `4–10`.
    pub label: String,
}

/// `page.map`: what a template needs to draw the partner map.
#[derive(Debug, Clone, Serialize)]
pub struct MapView {
    /// Width of the view box.
    pub width: f64,
    /// Height of the view box.
    pub height: f64,
    /// `0 0 width height`.
    pub view_box: String,
    /// Path data of all land without partners, as one path.
    pub land: String,
    /// Partner countries, in the order given (A–Z by name).
    pub countries: Vec<MapCountry>,
    /// Partners with coordinates, grouped where they would overlap.
    pub points: Vec<MapPoint>,
    /// Shade classes.
    pub legend: Vec<LegendStep>,
    /// Partner countries the map has no shape or position for (listed, not drawn).
    pub unplaced: Vec<String>,
}

/// A country going onto the map.
#[derive(Debug, Clone)]
pub struct CountryInput {
    /// ISO code.
    pub code: String,
    /// Name in the page's language.
    pub name: String,
    /// URL of its page.
    pub url: String,
    /// Number of partners there (countries with none are not passed).
    pub partners: usize,
}

/// A partner with coordinates going onto the map.
#[derive(Debug, Clone)]
pub struct PointInput {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Name in the page's language.
    pub name: String,
    /// URL of its page.
    pub url: String,
    /// Its country's ISO code and page, for grouping.
    pub country: (String, String),
}

/// Shade classes for counts 1..=max: one per count up to 5, otherwise five classes growing
/// geometrically, so that one country with many partners does not wash out the rest.
pub fn legend(max: usize) -> Vec<LegendStep> {
    let mut steps = Vec::new();
    if max == 0 {
        return steps;
    }
    let classes = max.min(5);
    let mut from = 1;
    for i in 1..=classes {
        let edge = if max <= 5 {
            i
        } else {
            (max as f64).powf(i as f64 / classes as f64).round() as usize
        };
        let to = if i == classes {
            max
        } else {
            edge.max(from).min(max)
        };
        steps.push(LegendStep {
            level: steps.len() + 1,
            from,
            to,
            label: if from == to {
                from.to_string()
            } else {
                format!("{from}–{to}")
            },
        });
        if to >= max {
            break;
        }
        from = to + 1;
    }
    steps
}

/// Size of the grid, in map units, within which partners of one country become one point,
/// for up to [`FEW_POINTS`] partners; with more, cells grow so that the map stays a picture
/// (and a page of reasonable weight) rather than thousands of overlapping dots.
const CELL: f64 = 4.0;
/// See [`CELL`].
const FEW_POINTS: f64 = 400.0;

fn cell_size(points: usize) -> f64 {
    CELL * (points as f64 / FEW_POINTS).sqrt().max(1.0)
}

/// Lays out the map. `countries_url` is where a point of partners in several countries leads.
pub fn map_view(
    world: &World,
    countries: Vec<CountryInput>,
    points: Vec<PointInput>,
    countries_url: &str,
) -> MapView {
    let p = &world.projection;
    let max = countries.iter().map(|c| c.partners).max().unwrap_or(0);
    let steps = legend(max);
    let level = |n: usize| {
        steps
            .iter()
            .find(|s| n >= s.from && n <= s.to)
            .map_or(0, |s| s.level)
    };
    let shaded: std::collections::HashSet<&str> =
        countries.iter().map(|c| c.code.as_str()).collect();
    let mut land = world.other_land.clone();
    for (code, shape) in &world.shapes {
        if !shaded.contains(code.as_str()) {
            land.push_str(&shape.path);
        }
    }
    let mut unplaced = Vec::new();
    let mut placed = Vec::new();
    for c in countries {
        match world.shapes.get(&c.code) {
            Some(shape) => placed.push(MapCountry {
                level: level(c.partners),
                path: shape.path.clone(),
                x: shape.x,
                y: shape.y,
                dot: shape.path.is_empty(),
                code: c.code,
                name: c.name,
                url: c.url,
                partners: c.partners,
            }),
            None => unplaced.push(c.name),
        }
    }
    // Group by grid cell, keeping the order of first appearance.
    let mut groups: Vec<(f64, f64, Vec<PointInput>)> = Vec::new();
    let mut index: BTreeMap<(i64, i64), usize> = BTreeMap::new();
    let cell = cell_size(points.len());
    for pt in points {
        let (x, y) = p.project(pt.lat, pt.lon);
        if !(0.0..=p.width).contains(&x) || !(0.0..=p.height).contains(&y) {
            continue;
        }
        let key = ((x / cell).floor() as i64, (y / cell).floor() as i64);
        match index.get(&key) {
            Some(&i) => groups[i].2.push(pt),
            None => {
                index.insert(key, groups.len());
                groups.push((x, y, vec![pt]));
            }
        }
    }
    let round = |v: f64| (v * 10.0).round() / 10.0;
    let points = groups
        .into_iter()
        .map(|(x, y, members)| {
            let url = if members.len() == 1 {
                members[0].url.clone()
            } else if members.iter().all(|m| m.country.0 == members[0].country.0) {
                members[0].country.1.clone()
            } else {
                countries_url.to_string()
            };
            let mut names: Vec<&str> = members.iter().take(5).map(|m| m.name.as_str()).collect();
            if members.len() > 5 {
                names.push("…");
            }
            MapPoint {
                x: round(x),
                y: round(y),
                count: members.len(),
                label: names.join(", "),
                url,
            }
        })
        .collect();
    MapView {
        width: p.width,
        height: p.height,
        view_box: format!("0 0 {} {}", p.width, p.height),
        land,
        countries: placed,
        points,
        legend: steps,
        unplaced,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legend_classes_cover_every_count_once() {
        for max in 1..400 {
            let steps = legend(max);
            assert!(steps.len() <= 5, "{max}: {steps:?}");
            assert_eq!(steps[0].from, 1);
            assert_eq!(steps.last().map(|s| s.to), Some(max), "{max}: {steps:?}");
            for w in steps.windows(2) {
                assert_eq!(w[0].to + 1, w[1].from, "{max}: {steps:?}");
            }
        }
        let labels: Vec<String> = legend(100).into_iter().map(|s| s.label).collect();
        assert_eq!(labels, ["1–3", "4–6", "7–16", "17–40", "41–100"]);
        assert_eq!(legend(3).len(), 3);
    }

    #[test]
    fn many_points_share_bigger_cells() {
        assert_eq!(cell_size(10), CELL);
        assert_eq!(cell_size(400), CELL);
        assert_eq!(cell_size(10_000), 5.0 * CELL);
        let w = World::builtin();
        let country = |c: &str| CountryInput {
            code: c.into(),
            name: c.into(),
            url: format!("/{c}/"),
            partners: 1,
        };
        // 10,000 partners spread over Europe become at most a grid's worth of points.
        let points = (0..10_000)
            .map(|i| PointInput {
                lat: 40.0 + f64::from(i % 100) * 0.2,
                lon: f64::from(i / 100) * 0.3,
                name: format!("p{i}"),
                url: format!("/p{i}/"),
                country: ("DE".into(), "/de/".into()),
            })
            .collect();
        let m = map_view(w, vec![country("DE")], points, "/countries/");
        assert!(m.points.len() < 400, "{}", m.points.len());
        assert_eq!(m.points.iter().map(|p| p.count).sum::<usize>(), 10_000);
    }
}
