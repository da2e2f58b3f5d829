//! Differential test of incremental rendering: long random sequences of edits to a small but
//! complete site (partners, visits, programs, uz/ru translations, a bundle with a logo, section
//! intros, the area vocabulary, site.yaml, theme and template overrides), each followed by the
//! update `serve` does, and after each one every output file compared byte for byte with a fresh
//! full build of the same folder. Some edits break the site on purpose: then both must fail with
//! the same diagnostics, and the edit that repairs it must bring the session back.
//!
//! The site is a pure function of a model ([`Model::files`]); an edit changes the model, and the
//! files whose bytes changed are written (or removed) and reported as changed, as a watcher
//! would. `HAMKOR_DIFF_EDITS` sets the number of edits (default 800, about a minute in the debug profile), `HAMKOR_DIFF_SEED` the
//! seed (printed on failure). The seed drives a small PRNG rather than proptest's shrinking: one
//! case is thousands of builds, so on failure the test instead looks for the shortest tail of
//! the edit sequence that still fails from a fresh session. `HAMKOR_DIFF_VERBOSE` prints each
//! edit and whether the site built; `HAMKOR_DIFF_KEEP` keeps the site's folder.
//!
//! The `dump` theme written here prints each page's whole view (`{{ page }}`), so any datum a
//! fingerprint misses shows, whether or not a real theme displays it; the edits also switch to
//! the test theme `min` and the built-in `default`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use hamkor::session::Session;
use hamkor::{Failure, Options};

/// xorshift64*: small, seeded, the same on every platform.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

const LANGS: &[&str] = &["uz", "ru"];
const COUNTRIES: &[&str] = &["KR", "IN", "SK", "RU", "DE", "UZ", "JP"];
const CITIES: &[&str] = &["Seoul", "Agra", "Košice", "Tashkent", "Kazan"];
const PARTNER_KINDS: &[&str] = &["university", "hospital", "company", "research-center"];
const PROGRAM_KINDS: &[&str] = &["training", "remote-lectures", "research", "exchange"];
const STATUSES: &[&str] = &["active", "prospective", "ended"];
const WORDS: &[&str] = &[
    "Apollo",
    "Yonsei",
    "Seoul",
    "clinic",
    "lectures",
    "Oncology",
    "Agra",
    "Košice",
    "joint",
    "Tashkent",
    "Kazan",
    "delegation",
    "Университет",
    "Klinika",
    "Ёнсе",
    "research",
    "Alpha",
    "Zeta",
    "Omega",
    "ärzte",
];
const THEMES: &[&str] = &["dump", "min", "default"];
/// Templates a site may override (in `templates/`), for any theme.
const OVERRIDABLE: &[&str] = &["partner.html", "partners.html", "visits.html", "area.html"];

#[derive(Clone, Debug, PartialEq)]
enum Para {
    Text(String),
    Heading(String),
    More,
    /// An `@/` link to an entry by section and slug, written with the entry's current file.
    Link(&'static str, String),
}

#[derive(Clone, Debug, PartialEq)]
struct Text {
    title: String,
    summary: Option<String>,
    body: Vec<Para>,
}

#[derive(Clone, Debug, PartialEq)]
struct Logo {
    name: String,
    /// `svg` or `png`.
    format: &'static str,
    size: u32,
    colour: u8,
}

#[derive(Clone, Debug, PartialEq)]
struct Partner {
    slug: String,
    bundle: bool,
    text: Text,
    kind: &'static str,
    country: &'static str,
    city: Option<&'static str>,
    status: Option<&'static str>,
    areas: Vec<String>,
    logo: Option<Logo>,
    location: Option<(i32, i32)>,
    draft: bool,
    /// A `slug:` of its own: the page's address differs from the file's name, so the pages
    /// that link to the file show another URL while their own text stays the same.
    url_slug: Option<String>,
    /// Agreements: type, signed, expires.
    agreements: Vec<(&'static str, String, Option<String>)>,
    tr: BTreeMap<&'static str, Text>,
}

#[derive(Clone, Debug, PartialEq)]
struct Visit {
    slug: String,
    text: Text,
    date: Option<String>,
    incoming: bool,
    country: Option<&'static str>,
    place: Option<&'static str>,
    partners: Vec<String>,
    areas: Vec<String>,
    tr: BTreeMap<&'static str, Text>,
}

#[derive(Clone, Debug, PartialEq)]
struct Program {
    slug: String,
    text: Text,
    kind: &'static str,
    start: Option<String>,
    participants: Option<u32>,
    partners: Vec<String>,
    areas: Vec<String>,
    tr: BTreeMap<&'static str, Text>,
}

#[derive(Clone, Debug, PartialEq)]
struct Area {
    slug: String,
    names: [String; 3],
}

#[derive(Clone, Debug, PartialEq)]
struct Model {
    title: String,
    languages: Vec<&'static str>,
    default_language: Option<&'static str>,
    page_size: u32,
    latest_visits: u32,
    search: bool,
    theme: &'static str,
    overrides: BTreeMap<&'static str, u32>,
    site_css: Option<u32>,
    areas: Vec<Area>,
    partners: Vec<Partner>,
    visits: Vec<Visit>,
    programs: Vec<Program>,
    /// Home, the three section intros and the about page, by file (without `.md`).
    pages: BTreeMap<&'static str, (Text, BTreeMap<&'static str, Text>)>,
    /// An extra published file under `content/` (a PDF beside the about page).
    attachment: Option<u32>,
    /// A deliberately broken file: path and bytes, written over the model's own.
    broken: Option<(String, String)>,
}

fn words(rng: &mut Rng, n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(rng.pick(WORDS));
    }
    out
}

fn text(rng: &mut Rng, title: &str) -> Text {
    Text {
        title: title.to_string(),
        summary: rng.chance(30).then(|| words(rng, 4)),
        body: vec![Para::Text(words(rng, 6))],
    }
}

fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).expect("a string")
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

impl Model {
    fn initial() -> Model {
        let mut rng = Rng::new(7);
        let tr = |t: &str| BTreeMap::from([("ru", text(&mut Rng::new(3), t))]);
        let partner =
            |slug: &str, title: &str, kind, country, areas: &[&str], rng: &mut Rng| Partner {
                slug: slug.into(),
                bundle: false,
                text: text(rng, title),
                kind,
                country,
                city: None,
                status: None,
                areas: areas.iter().map(|s| s.to_string()).collect(),
                logo: None,
                location: None,
                draft: false,
                url_slug: None,
                agreements: Vec::new(),
                tr: BTreeMap::new(),
            };
        let mut partners = vec![
            partner(
                "yonsei-university",
                "Yonsei University",
                "university",
                "KR",
                &["oncology"],
                &mut rng,
            ),
            partner(
                "apollo-clinic-agra",
                "Apollo Clinic, Agra",
                "hospital",
                "IN",
                &["transplantology"],
                &mut rng,
            ),
            partner(
                "university-of-kosice",
                "University of Košice",
                "university",
                "SK",
                &[],
                &mut rng,
            ),
        ];
        partners[0].tr = tr("Университет Ёнсе");
        partners[0].city = Some("Seoul");
        partners[0].location = Some((37, 126));
        partners[1].bundle = true;
        partners[1].logo = Some(Logo {
            name: "logo.svg".into(),
            format: "svg",
            size: 10,
            colour: 7,
        });
        partners[1]
            .tr
            .insert("uz", text(&mut rng, "Apollo klinikasi"));
        let visit =
            |slug: &str, title: &str, date: Option<&str>, partners: &[&str], rng: &mut Rng| Visit {
                slug: slug.into(),
                text: text(rng, title),
                date: date.map(str::to_string),
                incoming: false,
                country: None,
                place: None,
                partners: partners.iter().map(|s| s.to_string()).collect(),
                areas: Vec::new(),
                tr: BTreeMap::new(),
            };
        let mut visits = vec![
            visit(
                "seoul-2023",
                "Delegation to Seoul",
                Some("2023-04-12"),
                &["yonsei-university"],
                &mut rng,
            ),
            visit(
                "agra-2024",
                "Visit to Agra",
                Some("2024-01"),
                &["apollo-clinic-agra"],
                &mut rng,
            ),
            visit(
                "kosice-undated",
                "Visit to Košice",
                None,
                &["university-of-kosice"],
                &mut rng,
            ),
        ];
        visits[0].tr = tr("Делегация в Сеул");
        visits[0].areas = vec!["oncology".into()];
        let programs = vec![Program {
            slug: "remote-lectures".into(),
            text: text(&mut rng, "Remote lectures"),
            kind: "remote-lectures",
            start: Some("2020".into()),
            participants: Some(30),
            partners: vec!["yonsei-university".into(), "university-of-kosice".into()],
            areas: vec!["medical-education".into()],
            tr: tr("Дистанционные лекции"),
        }];
        let mut pages = BTreeMap::new();
        for (file, title) in [
            ("_index", "Fixture cooperation"),
            ("partners/_index", "Our partners"),
            ("visits/_index", "Delegation visits"),
            ("programs/_index", "Joint programs"),
            ("about", "About"),
        ] {
            pages.insert(file, (text(&mut rng, title), BTreeMap::new()));
        }
        if let Some(p) = pages.get_mut("partners/_index") {
            p.1 = tr("Наши партнёры");
        }
        let area = |slug: &str, en: &str, uz: &str, ru: &str| Area {
            slug: slug.into(),
            names: [en.into(), uz.into(), ru.into()],
        };
        Model {
            title: "Fixture cooperation".into(),
            languages: vec!["en", "uz", "ru"],
            default_language: None,
            page_size: 2,
            latest_visits: 2,
            search: true,
            theme: "dump",
            overrides: BTreeMap::new(),
            site_css: None,
            areas: vec![
                area("oncology", "Oncology", "Onkologiya", "Онкология"),
                area(
                    "transplantology",
                    "Transplantology",
                    "Transplantologiya",
                    "Трансплантология",
                ),
                area(
                    "medical-education",
                    "Medical education",
                    "Tibbiy taʼlim",
                    "Медицинское образование",
                ),
            ],
            partners,
            visits,
            programs,
            pages,
            attachment: None,
            broken: None,
        }
    }

    /// The content path (under `content/`) of an entry, as `@/` links name it.
    fn content_path(&self, section: &str, slug: &str) -> Option<String> {
        match section {
            "partners" => self
                .partners
                .iter()
                .find(|p| p.slug == slug && !p.draft)
                .map(|p| partner_file(p).trim_start_matches("content/").to_string()),
            "visits" => self
                .visits
                .iter()
                .find(|v| v.slug == slug)
                .map(|_| format!("visits/{slug}.md")),
            _ => None,
        }
    }

    fn body(&self, body: &[Para]) -> String {
        let mut out = String::new();
        for p in body {
            match p {
                Para::Text(t) => writeln!(out, "{t}\n"),
                Para::Heading(h) => writeln!(out, "## {h}\n"),
                Para::More => writeln!(out, "<!-- more -->\n"),
                Para::Link(section, slug) => match self.content_path(section, slug) {
                    Some(path) => writeln!(out, "See [{slug}](@/{path}).\n"),
                    None => Ok(()),
                },
            }
            .expect("string");
        }
        out
    }

    fn translation(&self, t: &Text) -> String {
        let mut s = format!("---\ntitle: {}\n", yaml_str(&t.title));
        if let Some(sum) = &t.summary {
            writeln!(s, "summary: {}", yaml_str(sum)).expect("string");
        }
        s.push_str("---\n");
        s.push_str(&self.body(&t.body));
        s
    }

    fn entry(&self, front: &str, t: &Text) -> String {
        let mut s = format!("---\ntitle: {}\n", yaml_str(&t.title));
        if let Some(sum) = &t.summary {
            writeln!(s, "summary: {}", yaml_str(sum)).expect("string");
        }
        s.push_str(front);
        s.push_str("---\n");
        s.push_str(&self.body(&t.body));
        s
    }

    /// The slugs that name these partners (by file name) in `partners:` lists: their own
    /// `slug:` where they have one.
    fn partner_slugs(&self, names: &[String]) -> Vec<String> {
        names
            .iter()
            .map(|n| {
                self.partners
                    .iter()
                    .find(|p| &p.slug == n)
                    .and_then(|p| p.url_slug.clone())
                    .unwrap_or_else(|| n.clone())
            })
            .collect()
    }

    /// Every file of the site, by path relative to the root.
    fn files(&self) -> BTreeMap<String, Vec<u8>> {
        let mut f: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        let mut site = format!(
            "title: {}\nbase_url: https://example.org/\ntheme: {}\npage_size: {}\nlatest_visits: {}\nsearch: {}\nareas: content/areas.yaml\nlanguages: [{}]\n",
            yaml_str(&self.title),
            self.theme,
            self.page_size,
            self.latest_visits,
            self.search,
            self.languages.join(", ")
        );
        if let Some(d) = self.default_language {
            writeln!(site, "default_language: {d}").expect("string");
        }
        f.insert("site.yaml".into(), site.into_bytes());
        let mut areas = String::new();
        for a in &self.areas {
            writeln!(
                areas,
                "{}: {{en: {}, uz: {}, ru: {}}}",
                a.slug,
                yaml_str(&a.names[0]),
                yaml_str(&a.names[1]),
                yaml_str(&a.names[2])
            )
            .expect("string");
        }
        f.insert("content/areas.yaml".into(), areas.into_bytes());
        for (name, variant) in &self.overrides {
            f.insert(
                format!("templates/{name}"),
                format!(
                    "<!DOCTYPE html><title>{{{{ page.title }}}}</title><p>override {variant}</p>{{{{ page | safe }}}}\n"
                )
                .into_bytes(),
            );
        }
        if let Some(v) = self.site_css {
            f.insert(
                "static/site.css".into(),
                format!("body {{ margin: {v}px }}\n").into_bytes(),
            );
        }
        let default = self.default_language.unwrap_or(self.languages[0]);
        let translations =
            |f: &mut BTreeMap<String, Vec<u8>>, stem: &str, tr: &BTreeMap<&str, Text>| {
                // Translations into the site's other languages only (the editor removes the
                // others when the languages change, and restores them after).
                for (lang, t) in tr
                    .iter()
                    .filter(|(l, _)| **l != default && self.languages.contains(l))
                {
                    f.insert(
                        format!("{stem}.{lang}.md"),
                        self.translation(t).into_bytes(),
                    );
                }
            };
        for p in &self.partners {
            let mut front = format!("kind: {}\ncountry: {}\n", p.kind, p.country);
            if let Some(c) = p.city {
                writeln!(front, "city: {c}").expect("string");
            }
            if let Some(s) = p.status {
                writeln!(front, "status: {s}").expect("string");
            }
            if !p.areas.is_empty() {
                writeln!(front, "areas: {}", list(&p.areas)).expect("string");
            }
            if let Some((lat, lon)) = p.location {
                writeln!(front, "location: {{lat: {lat}.5, lon: {lon}.25}}").expect("string");
            }
            if p.draft {
                front.push_str("draft: true\n");
            }
            if let Some(u) = &p.url_slug {
                writeln!(front, "slug: {u}").expect("string");
            }
            if !p.agreements.is_empty() {
                front.push_str("agreements:\n");
                for (kind, signed, expires) in &p.agreements {
                    write!(front, "  - {{type: {kind}, signed: \"{signed}\"").expect("string");
                    if let Some(e) = expires {
                        write!(front, ", expires: \"{e}\"").expect("string");
                    }
                    front.push_str("}\n");
                }
            }
            if let Some(l) = &p.logo {
                writeln!(front, "logo: {}", l.name).expect("string");
                let bytes = match l.format {
                    "svg" => format!(
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{0}\"><rect width=\"{0}\" height=\"{0}\" fill=\"#{1:02x}a7\"/></svg>\n",
                        l.size, l.colour
                    )
                    .into_bytes(),
                    _ => {
                        let c = l.colour;
                        common::png(l.size, l.size.div_ceil(2), |x, _| [c, x as u8, 9])
                    }
                };
                f.insert(format!("content/partners/{}/{}", p.slug, l.name), bytes);
            }
            let path = partner_file(p);
            f.insert(path.clone(), self.entry(&front, &p.text).into_bytes());
            translations(&mut f, path.trim_end_matches(".md"), &p.tr);
        }
        for v in &self.visits {
            let mut front = format!(
                "direction: {}\n",
                if v.incoming { "incoming" } else { "outgoing" }
            );
            if let Some(d) = &v.date {
                writeln!(front, "date: {}", yaml_str(d)).expect("string");
            }
            if let Some(c) = v.country {
                writeln!(front, "country: {c}").expect("string");
            }
            if let Some(p) = v.place {
                writeln!(front, "place: {p}").expect("string");
            }
            if !v.partners.is_empty() {
                writeln!(
                    front,
                    "partners: {}",
                    list(&self.partner_slugs(&v.partners))
                )
                .expect("string");
            }
            if !v.areas.is_empty() {
                writeln!(front, "areas: {}", list(&v.areas)).expect("string");
            }
            let stem = format!("content/visits/{}", v.slug);
            f.insert(
                format!("{stem}.md"),
                self.entry(&front, &v.text).into_bytes(),
            );
            translations(&mut f, &stem, &v.tr);
        }
        for g in &self.programs {
            let mut front = format!("kind: {}\n", g.kind);
            if let Some(s) = &g.start {
                writeln!(front, "start: {}", yaml_str(s)).expect("string");
            }
            if let Some(n) = g.participants {
                writeln!(front, "participants: {n}").expect("string");
            }
            if !g.partners.is_empty() {
                writeln!(
                    front,
                    "partners: {}",
                    list(&self.partner_slugs(&g.partners))
                )
                .expect("string");
            }
            if !g.areas.is_empty() {
                writeln!(front, "areas: {}", list(&g.areas)).expect("string");
            }
            let stem = format!("content/programs/{}", g.slug);
            f.insert(
                format!("{stem}.md"),
                self.entry(&front, &g.text).into_bytes(),
            );
            translations(&mut f, &stem, &g.tr);
        }
        for (file, (t, tr)) in &self.pages {
            let stem = format!("content/{file}");
            f.insert(format!("{stem}.md"), self.entry("", t).into_bytes());
            translations(&mut f, &stem, tr);
        }
        if let Some(n) = self.attachment {
            f.insert(
                "content/files/report.pdf".into(),
                format!("%PDF-1.4 report {n}\n").into_bytes(),
            );
        }
        if let Some((path, bytes)) = &self.broken {
            f.insert(path.clone(), bytes.clone().into_bytes());
        }
        f
    }
}

fn partner_file(p: &Partner) -> String {
    if p.bundle {
        format!("content/partners/{}/index.md", p.slug)
    } else {
        format!("content/partners/{}.md", p.slug)
    }
}

/// A theme whose every template prints the whole data the page is rendered from: any datum
/// of a view that its fingerprint misses shows up as a difference.
fn write_dump_theme(root: &Path) {
    let dir = root.join("themes/dump/templates");
    std::fs::create_dir_all(&dir).expect("mkdir");
    // One template for each kind of page a theme must have.
    for name in hamkor::render::theme::REQUIRED {
        std::fs::write(
            dir.join(name),
            "<!DOCTYPE html><title>{{ page.title }}</title>\n{{ page | safe }}\n",
        )
        .expect("write");
    }
}

fn pick_entry_text<'a>(m: &'a mut Model, rng: &mut Rng) -> Option<(String, &'a mut Text)> {
    let n = m.partners.len() + m.visits.len() + m.programs.len() + m.pages.len();
    let mut i = rng.below(n);
    if i < m.partners.len() {
        let p = &mut m.partners[i];
        return Some((format!("partner {}", p.slug), &mut p.text));
    }
    i -= m.partners.len();
    if i < m.visits.len() {
        let v = &mut m.visits[i];
        return Some((format!("visit {}", v.slug), &mut v.text));
    }
    i -= m.visits.len();
    if i < m.programs.len() {
        let g = &mut m.programs[i];
        return Some((format!("program {}", g.slug), &mut g.text));
    }
    i -= m.programs.len();
    m.pages
        .iter_mut()
        .nth(i)
        .map(|(k, v)| (format!("page {k}"), &mut v.0))
}

fn pick_translations<'a>(
    m: &'a mut Model,
    rng: &mut Rng,
) -> Option<(String, &'a mut BTreeMap<&'static str, Text>, String)> {
    let n = m.partners.len() + m.visits.len() + m.programs.len() + m.pages.len();
    let mut i = rng.below(n);
    if i < m.partners.len() {
        let p = &mut m.partners[i];
        return Some((
            format!("partner {}", p.slug),
            &mut p.tr,
            p.text.title.clone(),
        ));
    }
    i -= m.partners.len();
    if i < m.visits.len() {
        let v = &mut m.visits[i];
        return Some((format!("visit {}", v.slug), &mut v.tr, v.text.title.clone()));
    }
    i -= m.visits.len();
    if i < m.programs.len() {
        let g = &mut m.programs[i];
        return Some((
            format!("program {}", g.slug),
            &mut g.tr,
            g.text.title.clone(),
        ));
    }
    i -= m.programs.len();
    m.pages
        .iter_mut()
        .nth(i)
        .map(|(k, v)| (format!("page {k}"), &mut v.1, v.0.title.clone()))
}

fn fresh_slug(m: &Model, base: &str, rng: &mut Rng) -> String {
    loop {
        let s = format!("{base}-{}", rng.below(1000));
        let taken = m.partners.iter().any(|p| p.slug == s)
            || m.visits.iter().any(|v| v.slug == s)
            || m.programs.iter().any(|g| g.slug == s);
        if !taken {
            return s;
        }
    }
}

fn some_areas(m: &Model, rng: &mut Rng) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in &m.areas {
        if rng.chance(30) {
            out.push(a.slug.clone());
        }
    }
    out
}

fn some_partners(m: &Model, rng: &mut Rng) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in &m.partners {
        if !p.draft && rng.chance(35) {
            out.push(p.slug.clone());
        }
    }
    out
}

fn date(rng: &mut Rng) -> Option<String> {
    match rng.below(4) {
        0 => None,
        1 => Some(format!("{}", 2015 + rng.below(10))),
        2 => Some(format!("{}-{:02}", 2015 + rng.below(10), 1 + rng.below(12))),
        _ => Some(format!(
            "{}-{:02}-{:02}",
            2015 + rng.below(10),
            1 + rng.below(12),
            1 + rng.below(28)
        )),
    }
}

/// Chooses the next edit and applies it to the model; returns its description.
fn edit(m: &mut Model, rng: &mut Rng) -> String {
    // A broken site is repaired most of the time (sometimes after more edits on top).
    if m.broken.is_some() && rng.chance(60) {
        let (path, _) = m.broken.take().expect("broken");
        return format!("repair {path}");
    }
    let roll = rng.below(100);
    match roll {
        0..=9 => {
            let t = words(rng, 2);
            match pick_entry_text(m, rng) {
                Some((who, text)) => {
                    text.title = t.clone();
                    format!("{who}: title {t:?}")
                }
                None => "nothing".into(),
            }
        }
        10..=15 => {
            let s = rng.chance(70).then(|| words(rng, 3));
            match pick_entry_text(m, rng) {
                Some((who, text)) => {
                    text.summary = s.clone();
                    format!("{who}: summary {s:?}")
                }
                None => "nothing".into(),
            }
        }
        16..=23 => {
            let para = match rng.below(5) {
                0 => Para::Heading(words(rng, 2)),
                1 => Para::More,
                2 => Para::Link(
                    "partners",
                    m.partners[rng.below(m.partners.len())].slug.clone(),
                ),
                3 if !m.visits.is_empty() => {
                    Para::Link("visits", m.visits[rng.below(m.visits.len())].slug.clone())
                }
                _ => Para::Text(words(rng, 5)),
            };
            let replace = rng.chance(30);
            match pick_entry_text(m, rng) {
                Some((who, text)) => {
                    if replace && text.body.len() > 1 {
                        text.body.remove(0);
                        format!("{who}: body loses its first paragraph")
                    } else {
                        let at = rng.below(text.body.len() + 1);
                        text.body.insert(at, para.clone());
                        format!("{who}: body gets {para:?} at {at}")
                    }
                }
                None => "nothing".into(),
            }
        }
        24..=33 if !m.partners.is_empty() => {
            let i = rng.below(m.partners.len());
            let areas = some_areas(m, rng);
            let p = &mut m.partners[i];
            let what = match rng.below(7) {
                0 => {
                    p.country = rng.pick(COUNTRIES);
                    format!("country {}", p.country)
                }
                1 => {
                    p.city = rng.chance(70).then(|| rng.pick(CITIES));
                    format!("city {:?}", p.city)
                }
                2 => {
                    p.status = rng.chance(70).then(|| rng.pick(STATUSES));
                    format!("status {:?}", p.status)
                }
                3 => {
                    p.kind = rng.pick(PARTNER_KINDS);
                    format!("kind {}", p.kind)
                }
                4 => {
                    p.areas = areas;
                    format!("areas {:?}", p.areas)
                }
                5 => {
                    p.location = rng
                        .chance(70)
                        .then(|| (rng.below(60) as i32, rng.below(130) as i32));
                    format!("location {:?}", p.location)
                }
                _ => {
                    p.draft = !p.draft && rng.chance(30);
                    format!("draft {}", p.draft)
                }
            };
            let slug = p.slug.clone();
            if p.draft {
                // Nothing published may name a draft partner.
                for v in &mut m.visits {
                    v.partners.retain(|s| *s != slug);
                }
                for g in &mut m.programs {
                    g.partners.retain(|s| *s != slug);
                }
            }
            format!("partner {slug}: {what}")
        }
        34..=39 if !m.visits.is_empty() => {
            let i = rng.below(m.visits.len());
            let partners = some_partners(m, rng);
            let areas = some_areas(m, rng);
            let v = &mut m.visits[i];
            let what = match rng.below(6) {
                0 => {
                    v.date = date(rng);
                    format!("date {:?}", v.date)
                }
                1 => {
                    v.partners = partners;
                    format!("partners {:?}", v.partners)
                }
                2 => {
                    v.areas = areas;
                    format!("areas {:?}", v.areas)
                }
                3 => {
                    v.country = rng.chance(70).then(|| rng.pick(COUNTRIES));
                    format!("country {:?}", v.country)
                }
                4 => {
                    v.place = rng.chance(70).then(|| rng.pick(CITIES));
                    format!("place {:?}", v.place)
                }
                _ => {
                    v.incoming = !v.incoming;
                    format!("incoming {}", v.incoming)
                }
            };
            format!("visit {}: {what}", v.slug)
        }
        40..=44 if !m.programs.is_empty() => {
            let i = rng.below(m.programs.len());
            let partners = some_partners(m, rng);
            let areas = some_areas(m, rng);
            let g = &mut m.programs[i];
            let what = match rng.below(5) {
                0 => {
                    g.kind = rng.pick(PROGRAM_KINDS);
                    format!("kind {}", g.kind)
                }
                1 => {
                    g.partners = partners;
                    format!("partners {:?}", g.partners)
                }
                2 => {
                    g.areas = areas;
                    format!("areas {:?}", g.areas)
                }
                3 => {
                    g.start = date(rng);
                    format!("start {:?}", g.start)
                }
                _ => {
                    g.participants = rng.chance(70).then(|| rng.below(100) as u32);
                    format!("participants {:?}", g.participants)
                }
            };
            format!("program {}: {what}", g.slug)
        }
        45..=51 if !m.partners.is_empty() => {
            // Logos: added (making the partner a bundle), removed, changed, renamed.
            let i = rng.below(m.partners.len());
            let p = &mut m.partners[i];
            let what = match (&mut p.logo, rng.below(4)) {
                (None, _) => {
                    p.bundle = true;
                    let format = if rng.chance(50) { "svg" } else { "png" };
                    p.logo = Some(Logo {
                        name: format!("logo.{format}"),
                        format,
                        size: 4 + rng.below(12) as u32,
                        colour: rng.below(256) as u8,
                    });
                    "logo added".to_string()
                }
                (Some(_), 0) => {
                    p.logo = None;
                    if rng.chance(50) {
                        p.bundle = false;
                    }
                    format!("logo removed, bundle {}", p.bundle)
                }
                (Some(l), 1) => {
                    l.colour = l.colour.wrapping_add(1);
                    "logo file's colour changed".to_string()
                }
                (Some(l), 2) => {
                    l.size = 4 + rng.below(12) as u32;
                    format!("logo file's size {}", l.size)
                }
                (Some(l), _) => {
                    l.name = format!("mark{}.{}", rng.below(3), l.format);
                    format!("logo renamed to {}", l.name)
                }
            };
            format!("partner {}: {what}", p.slug)
        }
        52..=59 => {
            let lang = rng.pick(LANGS);
            let t = words(rng, 2);
            let body = words(rng, 3);
            let remove = rng.chance(20);
            match pick_translations(m, rng) {
                Some((who, tr, title)) => match tr.get_mut(lang) {
                    Some(_) if remove => {
                        tr.remove(lang);
                        format!("{who}: {lang} translation removed")
                    }
                    Some(x) => {
                        if rng.chance(70) {
                            x.title = t.clone();
                            format!("{who}: {lang} title {t:?}")
                        } else if rng.chance(50) {
                            x.summary = Some(t.clone());
                            format!("{who}: {lang} summary {t:?}")
                        } else {
                            x.body = vec![Para::Text(body.clone())];
                            format!("{who}: {lang} body {body:?}")
                        }
                    }
                    None => {
                        tr.insert(
                            lang,
                            Text {
                                title: format!("{title} ({lang})"),
                                summary: None,
                                body: vec![Para::Text(body)],
                            },
                        );
                        format!("{who}: {lang} translation added")
                    }
                },
                None => "nothing".into(),
            }
        }
        60..=64 => {
            // A new file.
            match rng.below(4) {
                0 => {
                    let slug = fresh_slug(m, "partner", rng);
                    let areas = some_areas(m, rng);
                    let title = words(rng, 2);
                    m.partners.push(Partner {
                        slug: slug.clone(),
                        bundle: rng.chance(30),
                        text: text(rng, &title),
                        kind: rng.pick(PARTNER_KINDS),
                        country: rng.pick(COUNTRIES),
                        city: None,
                        status: None,
                        areas,
                        logo: None,
                        location: None,
                        draft: false,
                        url_slug: None,
                        agreements: Vec::new(),
                        tr: BTreeMap::new(),
                    });
                    format!("new partner {slug}")
                }
                1 => {
                    let slug = fresh_slug(m, "visit", rng);
                    let partners = some_partners(m, rng);
                    let title = words(rng, 2);
                    m.visits.push(Visit {
                        slug: slug.clone(),
                        text: text(rng, &title),
                        date: date(rng),
                        incoming: rng.chance(50),
                        country: None,
                        place: None,
                        partners,
                        areas: Vec::new(),
                        tr: BTreeMap::new(),
                    });
                    format!("new visit {slug}")
                }
                2 => {
                    let slug = fresh_slug(m, "program", rng);
                    let partners = some_partners(m, rng);
                    let title = words(rng, 2);
                    m.programs.push(Program {
                        slug: slug.clone(),
                        text: text(rng, &title),
                        kind: rng.pick(PROGRAM_KINDS),
                        start: date(rng),
                        participants: None,
                        partners,
                        areas: Vec::new(),
                        tr: BTreeMap::new(),
                    });
                    format!("new program {slug}")
                }
                _ => {
                    m.attachment = match m.attachment {
                        None => Some(1),
                        Some(n) if rng.chance(50) => Some(n + 1),
                        Some(_) => None,
                    };
                    format!("attachment {:?}", m.attachment)
                }
            }
        }
        65..=69 => {
            // A deleted file (with what names it, as an editor would remove it).
            match rng.below(3) {
                0 if m.partners.len() > 1 => {
                    let p = m.partners.remove(rng.below(m.partners.len()));
                    for v in &mut m.visits {
                        v.partners.retain(|s| *s != p.slug);
                    }
                    for g in &mut m.programs {
                        g.partners.retain(|s| *s != p.slug);
                    }
                    format!("partner {} deleted", p.slug)
                }
                1 if m.visits.len() > 1 => {
                    let v = m.visits.remove(rng.below(m.visits.len()));
                    format!("visit {} deleted", v.slug)
                }
                _ if m.programs.len() > 1 => {
                    let g = m.programs.remove(rng.below(m.programs.len()));
                    format!("program {} deleted", g.slug)
                }
                _ => "nothing".into(),
            }
        }
        70..=74 => {
            // A renamed file (its slug, and every list naming it, change with it).
            if rng.chance(50) {
                let i = rng.below(m.partners.len());
                let new = fresh_slug(m, "renamed", rng);
                let old = std::mem::replace(&mut m.partners[i].slug, new.clone());
                for v in &mut m.visits {
                    for s in &mut v.partners {
                        if *s == old {
                            *s = new.clone();
                        }
                    }
                }
                for g in &mut m.programs {
                    for s in &mut g.partners {
                        if *s == old {
                            *s = new.clone();
                        }
                    }
                }
                rename_links(m, "partners", &old, &new);
                format!("partner {old} renamed to {new}")
            } else if !m.visits.is_empty() {
                let i = rng.below(m.visits.len());
                let new = fresh_slug(m, "trip", rng);
                let old = std::mem::replace(&mut m.visits[i].slug, new.clone());
                rename_links(m, "visits", &old, &new);
                format!("visit {old} renamed to {new}")
            } else {
                "nothing".into()
            }
        }
        75..=79 => {
            // site.yaml
            match rng.below(6) {
                0 => {
                    m.title = words(rng, 2);
                    format!("site title {:?}", m.title)
                }
                1 => {
                    m.languages = rng
                        .pick(
                            &[
                                &["en", "uz", "ru"][..],
                                &["en", "ru"],
                                &["uz", "en", "ru"],
                                &["en", "uz", "ru"],
                            ][..],
                        )
                        .to_vec();
                    if m.default_language
                        .is_some_and(|d| !m.languages.contains(&d))
                    {
                        m.default_language = None;
                    }
                    format!("languages {:?}", m.languages)
                }
                2 => {
                    m.default_language = if rng.chance(50) {
                        None
                    } else {
                        Some(rng.pick(&m.languages))
                    };
                    format!("default language {:?}", m.default_language)
                }
                3 => {
                    m.page_size = 1 + rng.below(3) as u32;
                    format!("page size {}", m.page_size)
                }
                4 => {
                    m.latest_visits = 1 + rng.below(4) as u32;
                    format!("latest visits {}", m.latest_visits)
                }
                _ => {
                    m.search = !m.search;
                    format!("search {}", m.search)
                }
            }
        }
        80..=84 => {
            // The area vocabulary.
            match rng.below(3) {
                0 if !m.areas.is_empty() => {
                    let i = rng.below(m.areas.len());
                    let l = rng.below(3);
                    m.areas[i].names[l] = words(rng, 2);
                    format!(
                        "area {} name {l} {:?}",
                        m.areas[i].slug, m.areas[i].names[l]
                    )
                }
                1 if m.areas.len() > 1 => {
                    let a = m.areas.remove(rng.below(m.areas.len()));
                    for p in &mut m.partners {
                        p.areas.retain(|s| *s != a.slug);
                    }
                    for v in &mut m.visits {
                        v.areas.retain(|s| *s != a.slug);
                    }
                    for g in &mut m.programs {
                        g.areas.retain(|s| *s != a.slug);
                    }
                    format!("area {} removed", a.slug)
                }
                _ => {
                    let slug = format!("area-{}", rng.below(100));
                    if m.areas.iter().any(|a| a.slug == slug) {
                        return "nothing".into();
                    }
                    let n = words(rng, 1);
                    m.areas.push(Area {
                        slug: slug.clone(),
                        names: [n.clone(), format!("{n} uz"), format!("{n} ru")],
                    });
                    format!("area {slug} added")
                }
            }
        }
        85..=88 => {
            // Templates and the theme.
            match rng.below(4) {
                0 => {
                    m.theme = rng.pick(THEMES);
                    format!("theme {}", m.theme)
                }
                1 => {
                    m.site_css = m.site_css.map_or(Some(1), |v| Some(v + 1));
                    format!("site stylesheet {:?}", m.site_css)
                }
                _ => {
                    let name = rng.pick(OVERRIDABLE);
                    if m.overrides.contains_key(name) && rng.chance(50) {
                        m.overrides.remove(name);
                        format!("template override {name} removed")
                    } else {
                        let v = rng.below(1000) as u32;
                        m.overrides.insert(name, v);
                        format!("template override {name} variant {v}")
                    }
                }
            }
        }
        92..=94 => {
            // An agreement is signed, ends at another time, or is taken out.
            let n = m.partners.len();
            let p = &mut m.partners[rng.below(n)];
            let year = 2015 + rng.below(10);
            let signed = format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28));
            let expires = rng
                .chance(70)
                .then(|| format!("{}{}", year + 1 + rng.below(8), &signed[4..]));
            match rng.below(3) {
                0 if !p.agreements.is_empty() => {
                    p.agreements.remove(0);
                    format!("partner {}: first agreement taken out", p.slug)
                }
                1 if !p.agreements.is_empty() => {
                    let last = p.agreements.len() - 1;
                    // A new end for the agreement as it was signed: one before its signing
                    // would be an error no later edit of this kind repairs.
                    let own = p.agreements[last].1.clone();
                    let own_year: usize = own[..4].parse().unwrap_or(year);
                    let expires =
                        expires.map(|_| format!("{}{}", own_year + 1 + rng.below(8), &own[4..]));
                    p.agreements[last].2 = expires.clone();
                    format!("partner {}: last agreement ends {expires:?}", p.slug)
                }
                _ => {
                    let kind = rng.pick(&["memorandum", "agreement", "contract"]);
                    p.agreements.push((kind, signed.clone(), expires.clone()));
                    format!(
                        "partner {}: {kind} signed {signed}, ends {expires:?}",
                        p.slug
                    )
                }
            }
        }
        89..=91 => {
            // A partner's page moves to another address (`slug:`), or back to its file's name.
            let n = m.partners.len();
            let p = &mut m.partners[rng.below(n)];
            p.url_slug = match &p.url_slug {
                Some(_) if rng.chance(50) => None,
                _ => Some(format!("at-{}-{}", p.slug, rng.below(3))),
            };
            format!("partner {}: slug {:?}", p.slug, p.url_slug)
        }
        _ => break_site(m, rng),
    }
}

fn rename_links(m: &mut Model, section: &'static str, old: &str, new: &str) {
    let fix = |t: &mut Text| {
        for p in &mut t.body {
            if let Para::Link(s, slug) = p
                && *s == section
                && slug == old
            {
                *slug = new.to_string();
            }
        }
    };
    for p in &mut m.partners {
        fix(&mut p.text);
        p.tr.values_mut().for_each(fix);
    }
    for v in &mut m.visits {
        fix(&mut v.text);
        v.tr.values_mut().for_each(fix);
    }
    for g in &mut m.programs {
        fix(&mut g.text);
        g.tr.values_mut().for_each(fix);
    }
    for (t, tr) in m.pages.values_mut() {
        fix(t);
        tr.values_mut().for_each(fix);
    }
}

/// Writes one invalid file over the model's: the site fails until it is repaired.
fn break_site(m: &mut Model, rng: &mut Rng) -> String {
    let files = m.files();
    let partner = &m.partners[rng.below(m.partners.len())];
    let path = partner_file(partner);
    let own = String::from_utf8_lossy(&files[&path]).into_owned();
    let (path, bytes) = match rng.below(9) {
        0 => (path, own.replacen("kind: ", "kind: spaceship-", 1)),
        1 => (
            path,
            own.replacen("---\ntitle:", "---\ntitle: [unclosed", 1),
        ),
        2 => (
            path,
            own.replacen("---\n", "---\nareas: [no-such-area]\n", 1),
        ),
        3 => match m.visits.first() {
            Some(v) => {
                let p = format!("content/visits/{}.md", v.slug);
                let own = String::from_utf8_lossy(&files[&p]).into_owned();
                (
                    p,
                    own.replacen("---\n", "---\npartners: [no-such-partner]\n", 1),
                )
            }
            None => (path, own.replacen("country: ", "country: ZZ", 1)),
        },
        4 => (
            "site.yaml".to_string(),
            String::from_utf8_lossy(&files["site.yaml"]).replacen("page_size: ", "page_size: -", 1),
        ),
        5 => (
            "content/areas.yaml".to_string(),
            String::from_utf8_lossy(&files["content/areas.yaml"]).into_owned() + "broken: {en: [\n",
        ),
        6 => (
            "templates/partner.html".to_string(),
            "{% if page.title %}unclosed\n".to_string(),
        ),
        7 => (
            "content/partners/notes.docx".to_string(),
            "not a published type".to_string(),
        ),
        _ => (path, own.replacen("---\n", "---\nlogo: missing.png\n", 1)),
    };
    m.broken = Some((path.clone(), bytes));
    format!("broken: {path}")
}

struct Runner {
    root: PathBuf,
    on_disk: BTreeMap<String, Vec<u8>>,
}

impl Runner {
    /// Writes the model's files; returns the paths a watcher would report.
    fn sync(&mut self, m: &Model, rng: &mut Rng) -> Vec<PathBuf> {
        let files = m.files();
        let mut changed: BTreeSet<String> = BTreeSet::new();
        for (path, bytes) in &files {
            if self.on_disk.get(path) != Some(bytes) {
                let abs = self.root.join(path);
                let parent = abs.parent().expect("parent");
                if !parent.is_dir() {
                    std::fs::create_dir_all(parent).expect("mkdir");
                    // A new folder: a watcher may report only the folder.
                    if rng.chance(50) {
                        changed.insert(rel_dir(&self.root, parent));
                    }
                }
                std::fs::write(&abs, bytes).expect("write");
                changed.insert(path.clone());
            }
        }
        for path in self.on_disk.keys() {
            if !files.contains_key(path) {
                let abs = self.root.join(path);
                std::fs::remove_file(&abs).expect("remove");
                changed.insert(path.clone());
                let parent = abs.parent().expect("parent");
                if std::fs::read_dir(parent).is_ok_and(|mut d| d.next().is_none()) {
                    std::fs::remove_dir(parent).expect("rmdir");
                    changed.insert(rel_dir(&self.root, parent));
                }
            }
        }
        self.on_disk = files;
        changed.into_iter().map(PathBuf::from).collect()
    }
}

fn rel_dir(root: &Path, dir: &Path) -> String {
    dir.strip_prefix(root)
        .expect("inside")
        .iter()
        .map(|c| c.to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn options(root: &Path) -> Options {
    Options {
        root: root.to_path_buf(),
        // serve gives its own address
        base_url: Some("http://127.0.0.1:1111/".into()),
        drafts: false,
        deny_warnings: false,
    }
}

type Outcome = Result<(BTreeMap<String, Vec<u8>>, Vec<String>), Vec<String>>;

fn outcome(session: &Session, result: &Result<hamkor::session::Update, Failure>) -> Outcome {
    match result {
        Ok(_) => {
            let built = session.last().expect("a build");
            let files = built
                .output
                .files
                .iter()
                .map(|(k, v)| (k.clone(), v.read().expect("readable").into_owned()))
                .collect();
            let warnings = built.warnings.iter().map(|d| d.render()).collect();
            Ok((files, warnings))
        }
        Err(Failure::Content(ds)) => Err(ds.iter().map(|d| d.render()).collect()),
        Err(Failure::Environment(e)) => Err(vec![e.clone()]),
    }
}

fn fresh_build(root: &Path) -> Outcome {
    let mut s = Session::open(&options(root));
    let r = s.build();
    outcome(&s, &r)
}

/// Where two outputs differ first, for the failure message; `None` when they are the same.
/// `skip` names files allowed to differ (deferred whole-site files).
fn difference(got: &Outcome, want: &Outcome, skip: impl Fn(&str) -> bool) -> Option<String> {
    match (got, want) {
        (Ok((g, gw)), Ok((w, ww))) => {
            let gk: BTreeSet<&String> = g.keys().filter(|k| !skip(k)).collect();
            let wk: BTreeSet<&String> = w.keys().filter(|k| !skip(k)).collect();
            if gk != wk {
                return Some(format!(
                    "the sets of files differ: only in the session {:?}, only in the full build {:?}",
                    gk.difference(&wk).collect::<Vec<_>>(),
                    wk.difference(&gk).collect::<Vec<_>>()
                ));
            }
            for k in gk {
                if g[k] != w[k] {
                    return Some(first_line_difference(k, &g[k], &w[k]));
                }
            }
            (gw != ww)
                .then(|| format!("the warnings differ:\n  session: {gw:?}\n  full build: {ww:?}"))
        }
        (Err(g), Err(w)) => {
            (g != w).then(|| format!("the errors differ:\n  session: {g:?}\n  full build: {w:?}"))
        }
        (Ok(_), Err(w)) => Some(format!("the session built, the full build failed: {w:?}")),
        (Err(g), Ok(_)) => Some(format!("the session failed, the full build built: {g:?}")),
    }
}

fn first_line_difference(file: &str, got: &[u8], want: &[u8]) -> String {
    let g = String::from_utf8_lossy(got);
    let w = String::from_utf8_lossy(want);
    for (n, (gl, wl)) in g.lines().zip(w.lines()).enumerate() {
        if gl != wl {
            // The first differing character, with some context (a dumped view is one line).
            let at = gl
                .char_indices()
                .zip(wl.chars())
                .find(|((_, a), b)| a != b)
                .map_or(gl.len().min(wl.len()), |((i, _), _)| i);
            let from = at.saturating_sub(120);
            let cut = |s: &str| -> String {
                let start = (from..=s.len().min(from))
                    .find(|&i| s.is_char_boundary(i))
                    .unwrap_or(0);
                s[start..].chars().take(300).collect()
            };
            return format!(
                "{file} differs at line {}:\n  session:    …{}\n  full build: …{}",
                n + 1,
                cut(gl),
                cut(wl)
            );
        }
    }
    format!(
        "{file} differs in length: {} lines in the session, {} in the full build",
        g.lines().count(),
        w.lines().count()
    )
}

/// The whole-site files `serve` renders right after the pages (`RouteKind::can_wait`).
fn is_deferred(file: &str) -> bool {
    ["search.json", "calendar.ics"]
        .iter()
        .any(|name| file == *name || file.ends_with(&format!("/{name}")))
}

/// What [`play`] did.
struct Played {
    log: Vec<String>,
    failure: Option<(usize, String)>,
    compared: usize,
    failed_builds: usize,
    repairs: usize,
}

/// Plays `count` edits from `seed`: returns the edit log and, on a mismatch, the step and the
/// difference. With `from`, the session is opened only after that many edits (to find the
/// shortest failing tail).
fn play(seed: u64, count: usize, from: usize) -> Played {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().to_path_buf();
    common::copy_dir(
        &common::fixtures().join("theme-min"),
        &root.join("themes/min"),
    );
    write_dump_theme(&root);
    let mut runner = Runner {
        root: root.clone(),
        on_disk: BTreeMap::new(),
    };
    let mut rng = Rng::new(seed);
    let mut model = Model::initial();
    runner.sync(&model, &mut rng);
    let mut log = Vec::new();
    let mut session: Option<Session> = None;
    let mut played = Played {
        log: Vec::new(),
        failure: None,
        compared: 0,
        failed_builds: 0,
        repairs: 0,
    };
    let mut last_failed = false;
    for step in 0..=count {
        let paths = if step == 0 {
            Vec::new()
        } else {
            let what = edit(&mut model, &mut rng);
            let paths = runner.sync(&model, &mut rng);
            log.push(format!(
                "{step}: {what} [{}]",
                paths
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            paths
        };
        if step < from {
            continue;
        }
        let (result, before_catch_up) = match &mut session {
            None => {
                let mut s = Session::open(&options(&root));
                s.defer_whole_site_files(true);
                let r = s.build();
                session = Some(s);
                (r, None)
            }
            Some(s) => {
                // What serve does with a batch of changed paths.
                let r = s.update(&paths);
                let deferred = r.as_ref().is_ok_and(|u| u.deferred);
                let before = deferred.then(|| outcome(s, &r));
                let r = if deferred { s.catch_up() } else { r };
                (r, before)
            }
        };
        let s = session.as_ref().expect("a session");
        let got = outcome(s, &result);
        let t0 = Instant::now();
        let want = fresh_build(&root);
        let fresh_ms = t0.elapsed().as_millis();
        if let Some(before) = &before_catch_up
            && let Some(d) = difference(before, &want, is_deferred)
        {
            played.failure = Some((step, format!("before catch_up: {d}")));
            break;
        }
        if let Some(d) = difference(&got, &want, |_| false) {
            played.failure = Some((step, d));
            break;
        }
        if std::env::var_os("HAMKOR_DIFF_VERBOSE").is_some() {
            let what = match &want {
                Ok((files, _)) => format!("ok, {} files", files.len()),
                Err(e) => format!(
                    "fails: {}",
                    e.first().map_or("", |l| l.lines().next().unwrap_or(""))
                ),
            };
            eprintln!(
                "{fresh_ms} ms {} {} -> {what}",
                model.theme,
                log.last().map_or("build", String::as_str)
            );
        }
        if count >= 5000 && step % 1000 == 0 && step > 0 {
            eprintln!("differential: {step} edits, all matching");
        }
        if want.is_ok() {
            played.compared += 1;
            if last_failed {
                played.repairs += 1;
            }
        } else {
            played.failed_builds += 1;
        }
        last_failed = want.is_err();
    }
    played.log = log;
    if std::env::var_os("HAMKOR_DIFF_KEEP").is_some() {
        eprintln!("site kept in {}", dir.keep().display());
    }
    played
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

#[test]
fn every_update_gives_the_bytes_of_a_full_build() {
    let count = env_number("HAMKOR_DIFF_EDITS").unwrap_or(800) as usize;
    let seed = env_number("HAMKOR_DIFF_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
    });
    let started = Instant::now();
    let played = play(seed, count, 0);
    let secs = started.elapsed().as_secs_f64();
    if let Some((step, difference)) = &played.failure {
        // The shortest tail that fails from a fresh session, for a readable report.
        let mut from = *step;
        let mut tail = difference.clone();
        for back in [0, 1, 2, 3, 5, 8, 13, 21, 34, 55] {
            let start = step.saturating_sub(back);
            let again = play(seed, *step, start);
            if let Some((_, d)) = again.failure {
                from = start;
                tail = d;
                break;
            }
        }
        let shown = played.log.len().min(40);
        panic!(
            "incremental output differs from a full build after edit {step} \
             (HAMKOR_DIFF_SEED={seed} HAMKOR_DIFF_EDITS={step}):\n{difference}\n\n\
             fails from a fresh session opened before edit {}: {tail}\n\n\
             the last {shown} edits:\n{}",
            from + 1,
            played.log[played.log.len() - shown..].join("\n")
        );
    }
    eprintln!(
        "differential: seed {seed}: {count} edits in {secs:.1} s ({:.0} edits/s), {} compared \
         after a successful build, {} failed builds (same errors), {} repairs",
        count as f64 / secs,
        played.compared,
        played.failed_builds,
        played.repairs
    );
    assert!(
        played.repairs > 0 || count < 100,
        "no broken edit was followed by a repair"
    );
    assert!(
        played.compared * 2 > count,
        "most edits should leave a site that builds: {} of {count}",
        played.compared
    );
}
