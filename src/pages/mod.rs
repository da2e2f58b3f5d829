//! Step 4: every page of the site, one module per kind of page.
//!
//! [`routes()`] lists every URL the site produces; [`links`] checks the links to them. Each
//! kind of page is one module here (`partner`, `country`, `visits`, `feed`…), holding
//! everything about it: the path of its pages, the **inputs** it reads, the view built from
//! them, and its template.
//!
//! # Why a page cannot show what its fingerprint misses
//!
//! `serve` renders again only the pages whose data changed, and knows which by a fingerprint
//! per page. Here the fingerprint *is* the hash of the page's inputs:
//!
//! - Each module's `Inputs` struct is built by its `inputs` function, the only code of the
//!   module that sees the [`Site`]. The view is built by `view(&Inputs, &Context)`: it gets
//!   the inputs and the [`Context`] (the config, the theme's strings and map), no `Site`. What
//!   it shows can only come from its inputs.
//! - `Inputs` derive `Hash`, so every field is in the fingerprint, and a field added to them
//!   is too, without further edits ([`Inputs::fingerprint`]).
//! - What inputs hold of entries hashes as that data. An entry shown with its text is a
//!   [`cards::Shown`], which hashes as everything the entry is made from. A card is a
//!   `cards::*Source`, which holds exactly what the card shows and hashes as it (see
//!   [`cards`]). Names of partners shown in links are [`cards::Named`], the same way.
//! - The [`Context`] holds what every page shares. Its hash is added to every fingerprint by
//!   the caller, which also renders every page again when the config or the templates change.
//!
//! A field read from the `Site` into an `Inputs` is therefore hashed by construction. The
//! differential test (`tests/differential.rs`) checks the whole of it against full builds.

pub mod cards;
pub mod context;
pub mod figures;
pub mod links;
pub mod map;
pub mod overview;
pub mod photos;
pub mod routes;

pub mod agreements;
pub mod alias;
pub mod area;
pub mod areas;
pub mod calendar;
pub mod countries;
pub mod country;
pub mod feed;
pub mod home;
pub mod kind;
pub mod kinds;
pub mod not_found;
pub mod page;
pub mod partner;
pub mod partners;
pub mod program;
pub mod programs;
pub mod robots;
pub mod search;
pub mod site_var;
pub mod sitemap;
pub mod visit;
pub mod visits;

use std::hash::Hash;

use serde::Serialize;

pub use context::Context;
pub use routes::{Route, RouteKind, routes};

use crate::site::Site;

/// A [`cards::PartnerCard`], [`cards::VisitCard`] or [`cards::ProgramCard`] as templates
/// receive it. Each card is built once per language and build, and shared by every page that
/// lists it.
pub type Card = tera::Value;

/// A page's URL below its language's root: `partners/x/`, `visits/page/2/`, `404.html`;
/// empty for the home page. Each kind of page makes the paths of its pages (its `path`
/// function); [`Context::href`] turns one into a URL with the base path and the language.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LangPath(String);

impl LangPath {
    /// A path, as the kind of page that owns it writes it.
    fn new(path: String) -> Self {
        LangPath(path)
    }

    /// The path as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same page at `#fragment`.
    pub fn with_fragment(&self, fragment: &str) -> LangPath {
        LangPath(format!("{}#{fragment}", self.0))
    }
}

/// A value for each partner, visit and program of a site, made on first use: pages render in
/// parallel, and many show the same entry.
pub struct PerEntry<T> {
    /// By [`crate::site::PartnerId`].
    pub partners: Vec<std::sync::OnceLock<T>>,
    /// By [`crate::site::VisitId`].
    pub visits: Vec<std::sync::OnceLock<T>>,
    /// By [`crate::site::ProgramId`].
    pub programs: Vec<std::sync::OnceLock<T>>,
}

impl<T> PerEntry<T> {
    /// Empty slots for so many partners, visits and programs.
    pub fn new((partners, visits, programs): (usize, usize, usize)) -> PerEntry<T> {
        let slots = |n: usize| (0..n).map(|_| std::sync::OnceLock::new()).collect();
        PerEntry {
            partners: slots(partners),
            visits: slots(visits),
            programs: slots(programs),
        }
    }

    /// Empty slots for every entry of `site`.
    pub fn of(site: &Site) -> PerEntry<T> {
        PerEntry::new((site.partners.len(), site.visits.len(), site.programs.len()))
    }
}

/// What a page is made into.
pub enum Made {
    /// A template and the `page` variable it is rendered with.
    Page(&'static str, tera::Value),
    /// The file's bytes, made without a template.
    File(Vec<u8>),
}

fn page<V: Serialize>(template: &'static str, view: &V) -> Made {
    Made::Page(template, tera::Value::from_serializable(view))
}

/// Every template a theme must have: one for each kind of page made with one.
pub const TEMPLATES: &[&str] = &[
    home::TEMPLATE,
    partners::TEMPLATE,
    partner::TEMPLATE,
    countries::TEMPLATE,
    country::TEMPLATE,
    kinds::TEMPLATE,
    kind::TEMPLATE,
    areas::TEMPLATE,
    area::TEMPLATE,
    visits::TEMPLATE,
    visit::TEMPLATE,
    programs::TEMPLATE,
    program::TEMPLATE,
    page::TEMPLATE,
    not_found::TEMPLATE,
    agreements::TEMPLATE,
];

/// What one page reads, by kind.
#[derive(Hash)]
pub enum Inputs<'a> {
    /// `/`
    Home(home::Inputs<'a>),
    /// `/partners/`
    Partners(partners::Inputs<'a>),
    /// `/partners/<slug>/`
    Partner(partner::Inputs<'a>),
    /// `/partners/countries/`
    Countries(countries::Inputs<'a>),
    /// `/partners/countries/<cc>/`
    Country(country::Inputs<'a>),
    /// `/partners/kinds/`
    Kinds(kinds::Inputs<'a>),
    /// `/partners/kinds/<kind>/`
    Kind(kind::Inputs<'a>),
    /// `/areas/`
    Areas(areas::Inputs<'a>),
    /// `/areas/<area>/`
    Area(area::Inputs<'a>),
    /// `/visits/`, `/visits/page/<n>/`
    Visits(visits::Inputs<'a>),
    /// `/visits/<slug>/`
    Visit(visit::Inputs<'a>),
    /// `/programs/`
    Programs(programs::Inputs<'a>),
    /// `/programs/<slug>/`
    Program(program::Inputs<'a>),
    /// A plain page.
    Page(page::Inputs<'a>),
    /// `/404.html`
    NotFound(not_found::Inputs),
    /// A redirect.
    Alias(alias::Inputs<'a>),
    /// `/sitemap.xml`
    Sitemap(sitemap::Inputs<'a>),
    /// `/robots.txt`
    Robots(robots::Inputs),
    /// `/feed.xml`
    Feed(feed::Inputs<'a>),
    /// `/search.json`
    SearchIndex(search::Inputs<'a>),
    /// `/partners/agreements/…`
    Agreements(agreements::Inputs<'a>),
    /// `/calendar.ics`
    Calendar(calendar::Inputs<'a>),
}

/// Everything of a site in one language that pages are made from: the site, and its entries'
/// names and card sources in that language.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    /// The site.
    pub site: &'a Site,
    /// The cards' sources in the language.
    pub cards: &'a cards::Sources<'a>,
    /// The language.
    pub lang: &'a str,
}

impl<'a> Inputs<'a> {
    /// What the page of `route` reads; `src` is in the route's language.
    pub fn of(src: Source<'a>, route: &'a Route) -> Inputs<'a> {
        match &route.kind {
            RouteKind::Home => Inputs::Home(home::inputs(src)),
            RouteKind::Partners => Inputs::Partners(partners::inputs(src)),
            RouteKind::Partner(p) => Inputs::Partner(partner::inputs(src, *p)),
            RouteKind::Countries => Inputs::Countries(countries::inputs(src)),
            RouteKind::Country(c) => Inputs::Country(country::inputs(src, *c)),
            RouteKind::Kinds => Inputs::Kinds(kinds::inputs(src)),
            RouteKind::Kind(i) => Inputs::Kind(kind::inputs(src, *i)),
            RouteKind::Areas => Inputs::Areas(areas::inputs(src)),
            RouteKind::Area(i) => Inputs::Area(area::inputs(src, *i)),
            RouteKind::Visits(n) => Inputs::Visits(visits::inputs(src, *n)),
            RouteKind::Visit(v) => Inputs::Visit(visit::inputs(src, *v)),
            RouteKind::Programs => Inputs::Programs(programs::inputs(src)),
            RouteKind::Program(g) => Inputs::Program(program::inputs(src, *g)),
            RouteKind::Page(i) => Inputs::Page(page::inputs(src, *i)),
            RouteKind::NotFound => Inputs::NotFound(not_found::Inputs),
            RouteKind::Alias(target) => Inputs::Alias(alias::inputs(target)),
            RouteKind::Sitemap => Inputs::Sitemap(sitemap::inputs(src)),
            RouteKind::Robots => Inputs::Robots(robots::Inputs),
            RouteKind::Feed => Inputs::Feed(feed::inputs(src)),
            RouteKind::SearchIndex => Inputs::SearchIndex(search::inputs(src)),
            RouteKind::Agreements(l) => Inputs::Agreements(agreements::inputs(src, *l)),
            RouteKind::Calendar => Inputs::Calendar(calendar::inputs(src)),
        }
    }

    /// The fingerprint of the page: the hash of what it reads. Two builds give a page the same
    /// fingerprint exactly when its inputs are the same, so (with the same [`Context`]) an
    /// unchanged fingerprint means unchanged bytes.
    pub fn fingerprint(&self) -> u64 {
        crate::hash::hash_of(self)
    }

    /// The page's view and template, or its bytes.
    pub fn make(&self, cx: &Context) -> Made {
        match self {
            Inputs::Home(i) => page(home::TEMPLATE, &home::view(i, cx)),
            Inputs::Partners(i) => page(partners::TEMPLATE, &partners::view(i, cx)),
            Inputs::Partner(i) => page(partner::TEMPLATE, &partner::view(i, cx)),
            Inputs::Countries(i) => page(countries::TEMPLATE, &countries::view(i, cx)),
            Inputs::Country(i) => page(country::TEMPLATE, &country::view(i, cx)),
            Inputs::Kinds(i) => page(kinds::TEMPLATE, &kinds::view(i, cx)),
            Inputs::Kind(i) => page(kind::TEMPLATE, &kind::view(i, cx)),
            Inputs::Areas(i) => page(areas::TEMPLATE, &areas::view(i, cx)),
            Inputs::Area(i) => page(area::TEMPLATE, &area::view(i, cx)),
            Inputs::Visits(i) => page(visits::TEMPLATE, &visits::view(i, cx)),
            Inputs::Visit(i) => page(visit::TEMPLATE, &visit::view(i, cx)),
            Inputs::Programs(i) => page(programs::TEMPLATE, &programs::view(i, cx)),
            Inputs::Program(i) => page(program::TEMPLATE, &program::view(i, cx)),
            Inputs::Page(i) => page(page::TEMPLATE, &page::view(i, cx)),
            Inputs::NotFound(i) => page(not_found::TEMPLATE, &not_found::view(i, cx)),
            Inputs::Alias(i) => Made::File(alias::file(i, cx).into_bytes()),
            Inputs::Sitemap(i) => Made::File(sitemap::file(i, cx).into_bytes()),
            Inputs::Robots(i) => Made::File(robots::file(i, cx).into_bytes()),
            Inputs::Feed(i) => Made::File(feed::file(i, cx).into_bytes()),
            Inputs::SearchIndex(i) => Made::File(search::file(i, cx).into_bytes()),
            Inputs::Agreements(i) => page(agreements::TEMPLATE, &agreements::view(i, cx)),
            Inputs::Calendar(i) => Made::File(calendar::file(i, cx).into_bytes()),
        }
    }
}
