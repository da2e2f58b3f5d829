//! Every URL the site produces.
//!
//! A [`Route`] names one output file and what it shows. Routes are derived from the
//! [`Site`] alone, so `build` and `serve` agree on the set of pages, and a URL produced twice
//! (a plain page named like a generated index, an alias over a real page) is an error. The
//! path of each page is made by the module of its kind.

use super::LangPath;
use crate::diagnostic::Diagnostic;
use crate::hash::{FastMap, FastSet};
use crate::site::{PartnerId, ProgramId, Site, VisitId};
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
    Agreements(super::agreements::Listing),
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
        matches!(self, RouteKind::SearchIndex | RouteKind::Calendar)
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
    let has_feed = !super::feed::entries(site).is_empty();
    // Every page exists in every language: the default at the root, the others under /<lang>/.
    for (lang, code) in site.config.languages.iter().enumerate() {
        let prefix = site.config.lang_prefix(code);
        let mut add = |path: LangPath, kind: RouteKind, problems: &mut Vec<Diagnostic>| {
            add_in(format!("{prefix}{}", path.as_str()), kind, lang, problems)
        };
        add(super::home::path(), RouteKind::Home, &mut problems);
        add(super::not_found::path(), RouteKind::NotFound, &mut problems);
        if site.config.search {
            add(super::search::path(), RouteKind::SearchIndex, &mut problems);
        }
        if has_feed {
            add(super::feed::path(), RouteKind::Feed, &mut problems);
        }
        add(super::partners::path(), RouteKind::Partners, &mut problems);
        add(
            super::countries::path(),
            RouteKind::Countries,
            &mut problems,
        );
        add(super::kinds::path(), RouteKind::Kinds, &mut problems);
        add(super::areas::path(), RouteKind::Areas, &mut problems);
        add(super::programs::path(), RouteKind::Programs, &mut problems);
        add(super::calendar::path(), RouteKind::Calendar, &mut problems);
        if super::agreements::has_agreements(site) {
            for l in super::agreements::Listing::all() {
                add(l.path(), RouteKind::Agreements(l), &mut problems);
            }
        }
        for n in 1..=super::visits::pages(site) {
            add(super::visits::path(n), RouteKind::Visits(n), &mut problems);
        }
        // People and tools try `/visits/page/1/`; send them to the first page.
        add(
            super::visits::first_page_alias(),
            RouteKind::Alias(format!("{prefix}{}", super::visits::path(1).as_str())),
            &mut problems,
        );
        for c in site.countries.keys() {
            add(
                super::country::path(*c),
                RouteKind::Country(*c),
                &mut problems,
            );
        }
        for (i, (slug, _)) in site.kinds.iter().enumerate() {
            add(super::kind::path(slug), RouteKind::Kind(i), &mut problems);
        }
        for (i, (slug, _)) in site.areas.iter().enumerate() {
            add(super::area::path(slug), RouteKind::Area(i), &mut problems);
        }
        for (i, p) in site.partners.iter().enumerate() {
            add(
                super::partner::path(&p.meta.slug),
                RouteKind::Partner(i),
                &mut problems,
            );
        }
        for (i, v) in site.visits.iter().enumerate() {
            add(
                super::visit::path(&v.meta.slug),
                RouteKind::Visit(i),
                &mut problems,
            );
        }
        for (i, p) in site.programs.iter().enumerate() {
            add(
                super::program::path(&p.meta.slug),
                RouteKind::Program(i),
                &mut problems,
            );
        }
        for (i, p) in site.pages.iter().enumerate() {
            add(super::page::path(p), RouteKind::Page(i), &mut problems);
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
                super::partner::path(&e.meta.slug),
            )
        })
        .chain(
            site.visits
                .iter()
                .map(|e| (&e.source, &e.meta.aliases, super::visit::path(&e.meta.slug))),
        )
        .chain(site.programs.iter().map(|e| {
            (
                &e.source,
                &e.meta.aliases,
                super::program::path(&e.meta.slug),
            )
        }))
        .chain(
            site.pages
                .iter()
                .map(|e| (&e.source, &e.meta.aliases, super::page::path(e))),
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
            out.push(Route::new(
                path,
                RouteKind::Alias(target.as_str().to_string()),
                0,
            ));
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
