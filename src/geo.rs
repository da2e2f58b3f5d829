//! The world's countries as the built-in map data knows them: their shapes, projected once with
//! the Equal Earth projection (`themes/default/data/world.tsv`, see `scripts/world-data`), and
//! whether a point lies inside one. Checks use it to doubt coordinates outside a partner's
//! country; the map draws it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The Equal Earth projection (Šavrič, Patterson, Jenny 2018), scaled into the map's view box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    scale: f64,
    tx: f64,
    ty: f64,
    /// Width of the view box.
    pub width: f64,
    /// Height of the view box.
    pub height: f64,
}

impl Projection {
    /// Map coordinates of a point (degrees), y growing downwards as in SVG.
    pub fn project(&self, lat: f64, lon: f64) -> (f64, f64) {
        const A1: f64 = 1.340264;
        const A2: f64 = -0.081106;
        const A3: f64 = 0.000893;
        const A4: f64 = 0.003796;
        let m = 3f64.sqrt() / 2.0;
        let lambda = lon.to_radians();
        let l = (m * lat.to_radians().sin()).asin();
        let l2 = l * l;
        let l6 = l2 * l2 * l2;
        let x = lambda * l.cos() / (m * (A1 + 3.0 * A2 * l2 + l6 * (7.0 * A3 + 9.0 * A4 * l2)));
        let y = l * (A1 + A2 * l2 + l6 * (A3 + A4 * l2));
        (x * self.scale + self.tx, self.ty - y * self.scale)
    }
}

/// One country of the map data.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// Where a label or a dot goes: the centre of the country's largest part.
    pub x: f64,
    /// See `x`.
    pub y: f64,
    /// SVG path data; empty for countries too small to draw at this scale.
    pub path: String,
}

/// The map data of a theme.
#[derive(Debug, Clone, PartialEq)]
pub struct World {
    /// How coordinates become map positions.
    pub projection: Projection,
    /// Countries by ISO code.
    pub shapes: BTreeMap<String, Shape>,
    /// Land that is no ISO country (drawn, never linked).
    pub other_land: String,
}

impl World {
    /// Reads `world.tsv`: a `# projection` line, then `code, x, y, path` rows (`--` for land
    /// that is no country). Errors name the line.
    pub fn parse(text: &str) -> Result<World, String> {
        let mut projection = None;
        let mut shapes = BTreeMap::new();
        let mut other_land = String::new();
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            let fields: Vec<&str> = line.split('\t').collect();
            if fields[0] == "# projection" {
                let num = |k: usize| -> Result<f64, String> {
                    fields
                        .get(k)
                        .and_then(|v| v.trim().parse::<f64>().ok())
                        .filter(|v| v.is_finite())
                        .ok_or_else(|| format!("line {n}: field {} is not a number", k + 1))
                };
                if fields.get(1) != Some(&"equal-earth") {
                    return Err(format!(
                        "line {n}: only the equal-earth projection is supported"
                    ));
                }
                projection = Some(Projection {
                    scale: num(2)?,
                    tx: num(3)?,
                    ty: num(4)?,
                    width: num(5)?,
                    height: num(6)?,
                });
                continue;
            }
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let [code, x, y, path] = fields[..] else {
                return Err(format!(
                    "line {n}: expected 4 tab-separated fields (code, x, y, path), found {}",
                    fields.len()
                ));
            };
            if code == "--" {
                other_land.push_str(path);
                continue;
            }
            let coord = |v: &str| {
                v.parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| format!("line {n}: '{v}' is not a number"))
            };
            shapes.insert(
                code.to_string(),
                Shape {
                    x: coord(x)?,
                    y: coord(y)?,
                    path: path.to_string(),
                },
            );
        }
        let projection = projection.ok_or("no `# projection` line")?;
        Ok(World {
            projection,
            shapes,
            other_land,
        })
    }

    /// The map data of the built-in default theme.
    pub fn builtin() -> &'static World {
        static WORLD: OnceLock<World> = OnceLock::new();
        WORLD.get_or_init(|| {
            World::parse(include_str!("../themes/default/data/world.tsv"))
                .unwrap_or_else(|e| panic!("the built-in world.tsv is broken: {e}"))
        })
    }
}

/// The closed rings of SVG path data made of `M x,y`, relative `l dx,dy …` and `z`, the only
/// commands `world.tsv` uses; anything else ends the reading.
fn rings(path: &str) -> Vec<Vec<(f64, f64)>> {
    let mut rings: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut ring: Vec<(f64, f64)> = Vec::new();
    let mut numbers: Vec<f64> = Vec::new();
    let mut command = ' ';
    let bytes = path.as_bytes();
    let mut i = 0;
    let flush = |command: char, numbers: &mut Vec<f64>, ring: &mut Vec<(f64, f64)>| {
        for pair in numbers.chunks_exact(2) {
            let (x, y) = (pair[0], pair[1]);
            match (command, ring.last().copied()) {
                ('l', Some((px, py))) => ring.push((px + x, py + y)),
                _ => ring.push((x, y)),
            }
        }
        numbers.clear();
    };
    while i < bytes.len() {
        let c = bytes[i] as char;
        if c == 'M' || c == 'l' || c == 'z' {
            flush(command, &mut numbers, &mut ring);
            if c != 'l' && ring.len() > 2 {
                rings.push(std::mem::take(&mut ring));
            } else if c == 'M' {
                ring.clear();
            }
            command = c;
            i += 1;
        } else if c == '-' || c == '.' || c.is_ascii_digit() {
            let start = i;
            i += 1;
            let mut dot = c == '.';
            while i < bytes.len() {
                let d = bytes[i] as char;
                if d.is_ascii_digit() || (d == '.' && !dot) {
                    dot |= d == '.';
                    i += 1;
                } else {
                    break;
                }
            }
            match path[start..i].parse::<f64>() {
                Ok(v) => numbers.push(v),
                Err(_) => break,
            }
        } else if c == ',' || c == ' ' {
            i += 1;
        } else {
            break;
        }
    }
    flush(command, &mut numbers, &mut ring);
    if ring.len() > 2 {
        rings.push(ring);
    }
    rings
}

/// Whether `(x, y)` is inside `rings` (even-odd rule), or within `tolerance` of an edge.
fn inside(rings: &[Vec<(f64, f64)>], x: f64, y: f64, tolerance: f64) -> bool {
    let mut odd = false;
    let mut nearest = f64::INFINITY;
    for ring in rings {
        for (i, &(x1, y1)) in ring.iter().enumerate() {
            let (x2, y2) = ring[(i + 1) % ring.len()];
            if (y1 > y) != (y2 > y) && x < x1 + (y - y1) * (x2 - x1) / (y2 - y1) {
                odd = !odd;
            }
            let (dx, dy) = (x2 - x1, y2 - y1);
            let len = dx * dx + dy * dy;
            let t = if len > 0.0 {
                (((x - x1) * dx + (y - y1) * dy) / len).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let (cx, cy) = (x1 + t * dx - x, y1 + t * dy - y);
            nearest = nearest.min((cx * cx + cy * cy).sqrt());
        }
    }
    odd || nearest <= tolerance
}

impl World {
    /// Whether a point lies in (or near) the country `code`; `None` when the map data has no
    /// shape for it (too small to draw at this scale), so nothing can be said.
    ///
    /// The shapes are coarse (1:110m), so a coastal city can fall just outside its country:
    /// points within `tolerance` map units of the border count as inside.
    pub fn contains(&self, code: &str, lat: f64, lon: f64, tolerance: f64) -> Option<bool> {
        let shape = self.shapes.get(code)?;
        let rings = rings(&shape.path);
        if rings.is_empty() {
            return None;
        }
        let (x, y) = self.projection.project(lat, lon);
        Some(inside(&rings, x, y, tolerance))
    }

    /// The country whose shape holds the point, if any.
    pub fn country_at(&self, lat: f64, lon: f64) -> Option<&str> {
        let (x, y) = self.projection.project(lat, lon);
        self.shapes
            .iter()
            .find(|(_, s)| inside(&rings(&s.path), x, y, 0.0))
            .map(|(code, _)| code.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitals_lie_in_their_countries() {
        let world = World::builtin();
        assert_eq!(world.contains("KR", 37.56, 126.94, 3.0), Some(true));
        assert_eq!(world.contains("UZ", 41.31, 69.28, 3.0), Some(true));
        assert_eq!(world.contains("KR", 41.31, 69.28, 3.0), Some(false));
        assert_eq!(world.country_at(41.31, 69.28), Some("UZ"));
    }

    #[test]
    fn projection_matches_the_map_data() {
        let w = World::builtin();
        // Tashkent lies inside Uzbekistan's label area, east of its centre.
        let (x, y) = w.projection.project(41.31, 69.24);
        let uz = &w.shapes["UZ"];
        assert!(
            (x - uz.x).abs() < 25.0 && (y - uz.y).abs() < 25.0,
            "{x},{y} vs {uz:?}"
        );
        let (x0, _) = w.projection.project(0.0, -180.0);
        let (x1, _) = w.projection.project(0.0, 180.0);
        assert!(x0.abs() < 0.5 && (x1 - w.projection.width).abs() < 0.5);
    }

    #[test]
    fn broken_map_data_names_the_line() {
        assert_eq!(
            World::parse("# projection\tequal-earth\t1\t2\t3\t4\t5\nUZ\t1\tx\tM0,0Z\n"),
            Err("line 2: 'x' is not a number".to_string())
        );
        assert_eq!(
            World::parse("UZ\t1\t2\n"),
            Err("line 1: expected 4 tab-separated fields (code, x, y, path), found 3".into())
        );
    }
}
