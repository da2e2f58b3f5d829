//! Step 4a: every URL the site produces.
//!
//! A [`Route`] names one output file and what it shows. Routes are derived from the
//! [`Site`] alone, so `build` and `serve` agree on the set of pages, and a URL produced twice
//! (a plain page named like a generated index, an alias over a real page) is an error.

pub mod links;

use crate::content::model::Section;
use crate::diagnostic::Diagnostic;
use crate::hash::{FastMap, FastSet};
use crate::site::{PartnerId, ProgramId, Site, VisitId, record_url};
use crate::values::Country;

/// What a route shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RouteKind {
    /// `/`
    Home,
    /// `/partners/`: A–Z with facets.
    Partners,
    /// `/partners/<slug>/`
    Partner(PartnerId),
    /// `/partners/countries/`
    Countries,
    /// `/partners/countries/<cc>/`
    Country(Country),
    /// `/partners/kinds/`
    Kinds,
    /// `/partners/kinds/<kind>/`; index into [`Site::kinds`].
    Kind(usize),
    /// `/areas/`
    Areas,
    /// `/areas/<area>/`; index into [`Site::areas`].
    Area(usize),
    /// `/visits/` and `/visits/page/<n>/`; 1-based page number.
    Visits(usize),
    /// `/visits/<slug>/`
    Visit(VisitId),
    /// `/programs/`
    Programs,
    /// `/programs/<slug>/`
    Program(ProgramId),
    /// A plain page; index into [`Site::pages`].
    Page(usize),
    /// `/404.html`
    NotFound,
    /// A redirect from an old URL to `target` (below the base).
    Alias(String),
    /// `/sitemap.xml`: every page, for search engines.
    Sitemap,
    /// `/robots.txt`, pointing at the sitemap.
    Robots,
    /// `/feed.xml`: an Atom feed of the latest visits.
    Feed,
    /// `/search.json`: the index the theme's search script reads.
    SearchIndex,
    /// `/partners/agreements/…`: every agreement, in one order or of one status.
    Agreements(crate::render::agreements::Listing),
    /// `/calendar.ics`: visits and agreement expiries as iCalendar events.
    Calendar,
}

/// One output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// URL below the base path: empty for the home page, `partners/x/`, `404.html`.
    pub path: String,
    /// The output file below the output folder: `partners/x/index.html`.
    pub file: String,
    /// What it shows.
    pub kind: RouteKind,
    /// Its language, as an index into the config's languages (0, the default, is at the root;
    /// the others under `/<lang>/`).
    pub lang: usize,
}

impl RouteKind {
    /// Whether serve may render this file after the pages an edit affects: it gathers every
    /// entry (the search index), so it is slow to make and no page being looked at shows it.
    pub fn can_wait(&self) -> bool {
        matches!(self, RouteKind::SearchIndex)
    }
}

impl Route {
    /// A route at `path` (the language prefix included) in language `lang`.
    pub fn new(path: String, kind: RouteKind, lang: usize) -> Route {
        let file = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.clone()
        };
        Route {
            path,
            file,
            kind,
            lang,
        }
    }
}

/// The URL of page `n` of the visits list, below the base.
pub fn visits_page_path(n: usize) -> String {
    if n <= 1 {
        "visits/".to_string()
    } else {
        format!("visits/page/{n}/")
    }
}

/// How many pages the visits list has.
pub fn visits_pages(site: &Site) -> usize {
    site.visits_newest
        .len()
        .div_ceil(site.config.page_size)
        .max(1)
}

/// How many visits the feed carries.
pub const FEED_SIZE: usize = 50;

/// The visits the feed announces: the newest ones that have a date to announce them by (their
/// own, or when their file was last committed), at most [`FEED_SIZE`].
pub fn feed_entries(site: &Site) -> Vec<VisitId> {
    site.visits_newest
        .iter()
        .copied()
        .filter(|&v| {
            site.visits[v].data.date.is_some() || site.visits[v].source.committed.is_some()
        })
        .take(FEED_SIZE)
        .collect()
}

/// The pages the sitemap lists, below a language's root: every page people can land on, not
/// redirects, the 404 page, or files that are not pages. Each is in every language.
pub fn sitemap_pages(site: &Site) -> Vec<String> {
    let fixed = [
        "",
        "partners/",
        "partners/countries/",
        "partners/kinds/",
        "areas/",
        "programs/",
    ]
    .map(String::from);
    let pages = (1..=visits_pages(site)).map(visits_page_path);
    let countries = site
        .countries
        .keys()
        .map(|c| format!("partners/countries/{}/", c.url_code()));
    let kinds = site
        .kinds
        .iter()
        .map(|(k, _)| format!("partners/kinds/{k}/"));
    let areas = site.areas.iter().map(|(a, _)| format!("areas/{a}/"));
    let partners = site
        .partners
        .iter()
        .map(|e| record_url(Section::Partners, &e.meta.slug));
    let visits = site
        .visits
        .iter()
        .map(|e| record_url(Section::Visits, &e.meta.slug));
    let programs = site
        .programs
        .iter()
        .map(|e| record_url(Section::Programs, &e.meta.slug));
    let plain = site.pages.iter().map(|e| e.data.path.clone());
    let agreements = crate::render::agreements::has_agreements(site)
        .then(|| crate::render::agreements::Listing::all().map(|l| l.path()))
        .into_iter()
        .flatten();
    fixed
        .into_iter()
        .chain(pages)
        .chain(countries)
        .chain(kinds)
        .chain(areas)
        .chain(partners)
        .chain(visits)
        .chain(programs)
        .chain(plain)
        .chain(agreements)
        .collect()
}

/// All routes of the site, sorted by path; an error for each URL claimed twice.
pub fn routes(site: &Site) -> Result<Vec<Route>, Vec<Diagnostic>> {
    let mut out: Vec<Route> =
        Vec::with_capacity(site.partners.len() + site.visits.len() + site.programs.len() + 64);
    let mut index: FastMap<String, usize> = FastMap::default();
    let mut problems = Vec::new();
    let mut add_in =
        |path: String, kind: RouteKind, lang: usize, problems: &mut Vec<Diagnostic>| {
            if let Some(&i) = index.get(&path) {
                problems.push(conflict(site, &path, &out[i].kind, &kind));
                return;
            }
            index.insert(path.clone(), out.len());
            out.push(Route::new(path, kind, lang));
        };
    add_in("sitemap.xml".into(), RouteKind::Sitemap, 0, &mut problems);
    add_in("robots.txt".into(), RouteKind::Robots, 0, &mut problems);
    let has_feed = !feed_entries(site).is_empty();
    // Every page exists in every language: the default at the root, the others under /<lang>/.
    for (lang, code) in site.config.languages.iter().enumerate() {
        let prefix = site.config.lang_prefix(code);
        let mut add = |path: String, kind: RouteKind, problems: &mut Vec<Diagnostic>| {
            add_in(format!("{prefix}{path}"), kind, lang, problems)
        };
        add(String::new(), RouteKind::Home, &mut problems);
        add("404.html".into(), RouteKind::NotFound, &mut problems);
        if site.config.search {
            add("search.json".into(), RouteKind::SearchIndex, &mut problems);
        }
        if has_feed {
            add("feed.xml".into(), RouteKind::Feed, &mut problems);
        }
        add("partners/".into(), RouteKind::Partners, &mut problems);
        add(
            "partners/countries/".into(),
            RouteKind::Countries,
            &mut problems,
        );
        add("partners/kinds/".into(), RouteKind::Kinds, &mut problems);
        add("areas/".into(), RouteKind::Areas, &mut problems);
        add("programs/".into(), RouteKind::Programs, &mut problems);
        add("calendar.ics".into(), RouteKind::Calendar, &mut problems);
        if crate::render::agreements::has_agreements(site) {
            for l in crate::render::agreements::Listing::all() {
                add(l.path(), RouteKind::Agreements(l), &mut problems);
            }
        }
        for n in 1..=visits_pages(site) {
            add(visits_page_path(n), RouteKind::Visits(n), &mut problems);
        }
        // People and tools try `/visits/page/1/`; send them to the first page.
        add(
            "visits/page/1/".into(),
            RouteKind::Alias(format!("{prefix}visits/")),
            &mut problems,
        );
        for c in site.countries.keys() {
            add(
                format!("partners/countries/{}/", c.url_code()),
                RouteKind::Country(*c),
                &mut problems,
            );
        }
        for (i, (slug, _)) in site.kinds.iter().enumerate() {
            add(
                format!("partners/kinds/{slug}/"),
                RouteKind::Kind(i),
                &mut problems,
            );
        }
        for (i, (slug, _)) in site.areas.iter().enumerate() {
            add(format!("areas/{slug}/"), RouteKind::Area(i), &mut problems);
        }
        for (i, p) in site.partners.iter().enumerate() {
            add(
                record_url(Section::Partners, &p.meta.slug),
                RouteKind::Partner(i),
                &mut problems,
            );
        }
        for (i, v) in site.visits.iter().enumerate() {
            add(
                record_url(Section::Visits, &v.meta.slug),
                RouteKind::Visit(i),
                &mut problems,
            );
        }
        for (i, p) in site.programs.iter().enumerate() {
            add(
                record_url(Section::Programs, &p.meta.slug),
                RouteKind::Program(i),
                &mut problems,
            );
        }
        for (i, p) in site.pages.iter().enumerate() {
            add(p.data.path.clone(), RouteKind::Page(i), &mut problems);
        }
    }
    // Aliases last: they may only take URLs nothing else uses.
    let targets = site
        .partners
        .iter()
        .map(|e| {
            (
                &e.source,
                &e.meta.aliases,
                record_url(Section::Partners, &e.meta.slug),
            )
        })
        .chain(site.visits.iter().map(|e| {
            (
                &e.source,
                &e.meta.aliases,
                record_url(Section::Visits, &e.meta.slug),
            )
        }))
        .chain(site.programs.iter().map(|e| {
            (
                &e.source,
                &e.meta.aliases,
                record_url(Section::Programs, &e.meta.slug),
            )
        }))
        .chain(
            site.pages
                .iter()
                .map(|e| (&e.source, &e.meta.aliases, e.data.path.clone())),
        );
    // Which file claimed each alias first.
    let mut claimed: FastMap<String, &std::path::Path> = FastMap::default();
    for (source, list, target) in targets {
        for (i, a) in list.iter().enumerate() {
            let mut path = a.trim_start_matches('/').to_string();
            if !path.is_empty() && !path.ends_with('/') && !path.ends_with(".html") {
                path.push('/');
            }
            let at = |message: String| source.error_at(source.keys.item("aliases", i), message);
            if let Some(first) = claimed.get(&path) {
                problems.push(
                    at(format!(
                        "duplicate alias '/{path}': {} has it too",
                        crate::diagnostic::display_path(first)
                    ))
                    .help(
                        "an old address can redirect to only one page: remove it from one of them",
                    ),
                );
                continue;
            }
            if let Some(&j) = index.get(&path) {
                let owner = match source_of(site, &out[j].kind) {
                    Some(p) => crate::diagnostic::display_path(&p),
                    None => "a page hamkor generates".to_string(),
                };
                problems.push(
                    at(format!("alias '/{path}' is the address of {owner}"))
                        .help("remove the alias: a redirect there would replace that page"),
                );
                continue;
            }
            claimed.insert(path.clone(), &source.path);
            index.insert(path.clone(), out.len());
            out.push(Route::new(path, RouteKind::Alias(target.clone()), 0));
        }
    }
    let files: FastSet<&str> = out.iter().map(|r| r.file.as_str()).collect();
    for path in site.assets.keys() {
        if files.contains(path.as_str()) {
            problems.push(Diagnostic::new(
                site.assets[path].clone(),
                None,
                format!("this file would overwrite the page /{path}"),
            ));
        }
    }
    if problems.is_empty() {
        out.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    } else {
        Err(problems)
    }
}

fn source_of(site: &Site, kind: &RouteKind) -> Option<std::path::PathBuf> {
    match kind {
        RouteKind::Partner(i) => Some(site.partners[*i].source.path.clone()),
        RouteKind::Visit(i) => Some(site.visits[*i].source.path.clone()),
        RouteKind::Program(i) => Some(site.programs[*i].source.path.clone()),
        RouteKind::Page(i) => Some(site.pages[*i].source.path.clone()),
        _ => None,
    }
}

/// Two pages at one address (aliases are checked where they are added).
fn conflict(site: &Site, path: &str, first: &RouteKind, second: &RouteKind) -> Diagnostic {
    let owner = match source_of(site, first) {
        Some(p) => crate::diagnostic::display_path(&p),
        None => "a page hamkor generates".to_string(),
    };
    let file = source_of(site, second)
        .or_else(|| source_of(site, first))
        .unwrap_or_else(|| "content".into());
    Diagnostic::new(
        file,
        None,
        format!("this page would be written at /{path}, which is already {owner}"),
    )
    .help("choose another file name or `slug:`")
}

/// A fingerprint of everything the page at `route` shows, apart from what every page shares
/// (the `site` and `t` variables, the config and the templates, which the caller adds).
///
/// Two builds give a route the same fingerprint exactly when its view has the same data, so
/// an unchanged fingerprint means the page's bytes are unchanged and need no rendering. Each
/// arm lists what the matching view in [`crate::render::views`] reads: cards of listed
/// entries, whole pages of the entry shown, counts of facets.
pub fn fingerprint(site: &Site, route: &Route) -> u64 {
    use std::hash::{Hash, Hasher};
    let h = &mut crate::hash::hasher();
    let x = &site.hashes;
    route.kind.hash(h);
    route.lang.hash(h);
    let partners = |ids: &[PartnerId], h: &mut crate::hash::Hasher| {
        ids.len().hash(h);
        for &p in ids {
            x.partner_card[p].hash(h);
        }
    };
    let visits = |ids: &[VisitId], h: &mut crate::hash::Hasher| {
        ids.len().hash(h);
        for &v in ids {
            x.visit_card[v].hash(h);
        }
    };
    let programs = |ids: &[ProgramId], h: &mut crate::hash::Hasher| {
        ids.len().hash(h);
        for &g in ids {
            x.program_card[g].hash(h);
        }
    };
    let country_counts = |h: &mut crate::hash::Hasher| {
        for (c, f) in &site.countries {
            (c, f.partners.len(), f.visits.len()).hash(h);
        }
    };
    let kind_counts = |h: &mut crate::hash::Hasher| {
        for (k, f) in &site.kinds {
            (k, f.partners.len()).hash(h);
        }
    };
    let intro = |s: Section, h: &mut crate::hash::Hasher| x.intros.get(&s).hash(h);
    match &route.kind {
        RouteKind::Home => {
            x.home.hash(h);
            (site.partners.len(), site.visits.len(), site.programs.len()).hash(h);
            let latest: Vec<VisitId> = site
                .visits_newest
                .iter()
                .take(site.config.latest_visits)
                .copied()
                .collect();
            visits(&latest, h);
            country_counts(h);
            kind_counts(h);
            x.figures.hash(h);
        }
        RouteKind::Partners => {
            intro(Section::Partners, h);
            partners(&site.partners_az, h);
            country_counts(h);
            kind_counts(h);
        }
        RouteKind::Partner(p) => {
            x.partner_page[*p].hash(h);
            x.partner_card[*p].hash(h);
            visits(&site.partner_visits[*p], h);
            programs(&site.partner_programs[*p], h);
        }
        RouteKind::Countries => {
            country_counts(h);
            x.figures.hash(h);
        }
        RouteKind::Country(c) => {
            if let Some(f) = site.countries.get(c) {
                partners(&f.partners, h);
                visits(&f.visits, h);
            }
        }
        RouteKind::Kinds => kind_counts(h),
        RouteKind::Kind(i) => {
            site.kinds[*i].0.hash(h);
            partners(&site.kinds[*i].1.partners, h);
        }
        RouteKind::Areas => {
            for (a, f) in &site.areas {
                (a, f.partners.len(), f.visits.len(), f.programs.len()).hash(h);
            }
        }
        RouteKind::Area(i) => {
            let (a, f) = &site.areas[*i];
            a.hash(h);
            partners(&f.partners, h);
            visits(&f.visits, h);
            programs(&f.programs, h);
        }
        RouteKind::Visits(n) => {
            // Later pages show no intro text, but their title and meta description come
            // from the intro and its translations (the description from its summary or first
            // paragraph), so every page hashes the whole intro.
            intro(Section::Visits, h);
            let size = site.config.page_size;
            (visits_pages(site), site.visits.len()).hash(h);
            let on_page: Vec<VisitId> = site
                .visits_newest
                .iter()
                .skip((n - 1) * size)
                .take(size)
                .copied()
                .collect();
            visits(&on_page, h);
        }
        RouteKind::Visit(v) => {
            x.visit_page[*v].hash(h);
            x.visit_card[*v].hash(h);
            partners(&site.visit_partners[*v], h);
        }
        RouteKind::Programs => {
            intro(Section::Programs, h);
            programs(&site.programs_newest, h);
        }
        RouteKind::Program(g) => {
            x.program_page[*g].hash(h);
            x.program_card[*g].hash(h);
            partners(&site.program_partners[*g], h);
        }
        RouteKind::Page(i) => x.page_page[*i].hash(h),
        RouteKind::NotFound | RouteKind::Robots => {}
        RouteKind::Alias(target) => target.hash(h),
        // The index holds every entry's card and words.
        RouteKind::SearchIndex => {
            (
                &x.partner_card,
                &x.partner_page,
                &x.visit_card,
                &x.visit_page,
            )
                .hash(h);
            (
                &x.program_card,
                &x.program_page,
                &site.partners_az,
                &site.visits_newest,
                &site.programs_newest,
            )
                .hash(h);
        }
        // Every partner with agreements: its title in each language and its file (the
        // agreements), its card (document sizes); and the day statuses are counted from.
        RouteKind::Agreements(_) => {
            crate::render::agreements::as_of(site).hash(h);
            site.config.expiring_within_days.hash(h);
            for &p in &site.partners_az {
                if !site.partners[p].data.agreements.is_empty() {
                    (p, x.partner_page[p], x.partner_card[p]).hash(h);
                }
            }
        }
        // Every dated visit's card and commit time, every agreement's partner, and the day
        // the stamps fall back on.
        RouteKind::Calendar => {
            crate::render::agreements::as_of(site).hash(h);
            for (v, e) in site.visits.iter().enumerate() {
                (x.visit_card[v], e.source.committed).hash(h);
            }
            for (p, e) in site.partners.iter().enumerate() {
                if !e.data.agreements.is_empty() {
                    (p, x.partner_page[p], e.source.committed).hash(h);
                }
            }
        }
        RouteKind::Feed => {
            for v in feed_entries(site) {
                (x.visit_card[v], site.visits[v].source.committed).hash(h);
            }
        }
        // The sitemap lists every page: it changes when pages come or go, which the entries'
        // names and the facets tell without building the URLs.
        RouteKind::Sitemap => {
            for e in &site.partners {
                e.hashes.name.hash(h);
            }
            for e in &site.visits {
                e.hashes.name.hash(h);
            }
            for e in &site.programs {
                e.hashes.name.hash(h);
            }
            for e in &site.pages {
                e.data.path.hash(h);
            }
            (
                site.countries.keys().collect::<Vec<_>>(),
                crate::render::agreements::has_agreements(site),
                &site.kinds.len(),
                &site.areas.len(),
                visits_pages(site),
            )
                .hash(h);
            for (k, _) in &site.kinds {
                k.hash(h);
            }
            for (a, _) in &site.areas {
                a.hash(h);
            }
        }
    }
    h.finish()
}
