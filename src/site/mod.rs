//! Step 3: cross-file checks and links, giving one immutable [`Site`].
//!
//! Here entries meet: visits and programs are linked to their partners (unknown slugs are
//! reported with the nearest known one), duplicate slugs, broken `@/` links, site paths and
//! `#fragments` are found, and everything the pages show is derived once, in Rust:
//! back-references newest first, the A–Z order, facets by country, kind and area. Templates
//! never sort or search.
//!
//! Fragments are checked here, against the heading ids of each page's Markdown body and the ids
//! the theme's templates write, rather than in the rendered pages: headings are part of an
//! entry's structure (see [`crate::content::model::EntryHashes::structure`]), so an edit that renames one links the
//! site again and every fragment is checked anew, in `serve` as in `build`.

mod doubts;
pub mod paths;

use std::collections::BTreeMap;

pub use doubts::{civil_from_days, days_from_civil, doubts, reference_day};

use std::path::{Path, PathBuf};

use crate::hash::{FastMap, FastSet};
use std::sync::Arc;

use crate::config::Config;
use crate::content::Content;
use crate::content::model::*;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::markdown::{InternalLink, Markdown};
use crate::values::{Country, Date, Slug};

/// Index of a partner in [`Site::partners`].
pub type PartnerId = usize;
/// Index of a visit in [`Site::visits`].
pub type VisitId = usize;
/// Index of a program in [`Site::programs`].
pub type ProgramId = usize;

/// Partners, visits and programs under one facet term (a country, a kind, an area).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facet {
    /// Partners, A–Z.
    pub partners: Vec<PartnerId>,
    /// Visits, newest first.
    pub visits: Vec<VisitId>,
    /// Programs, newest first.
    pub programs: Vec<ProgramId>,
}

/// Options that change which entries are published.
#[derive(Debug, Clone, Default)]
pub struct SiteOptions {
    /// Publish drafts too.
    pub drafts: bool,
    /// Files under `content/` (as `@/` links name them) that failed to parse. References to them
    /// are not reported again: their own error says what is wrong.
    pub unparsed: std::collections::HashSet<String>,
    /// The ids the theme's templates write, which a link's `#fragment` may name.
    pub template_ids: Arc<paths::TemplateIds>,
}

/// The whole site, checked and linked. Read-only from here on.
#[derive(Debug, Clone)]
pub struct Site {
    /// The configuration.
    pub config: Config,
    /// Published partners (source-path order; use [`Site::partners_az`] for display).
    pub partners: Vec<Arc<Entry<Partner>>>,
    /// Published visits.
    pub visits: Vec<Arc<Entry<Visit>>>,
    /// Published programs.
    pub programs: Vec<Arc<Entry<Program>>>,
    /// Plain pages.
    pub pages: Vec<Arc<Entry<Page>>>,
    /// The home page's text (`content/_index.md`).
    pub home: Option<Arc<Entry<Page>>>,
    /// Section intros (`content/<section>/_index.md`).
    pub intros: BTreeMap<Section, Arc<Entry<Page>>>,
    /// Files to copy: output path below the base → source path relative to the root.
    pub assets: BTreeMap<String, PathBuf>,
    /// Partners of each visit, in the order written.
    pub visit_partners: Vec<Vec<PartnerId>>,
    /// Partners of each program, in the order written.
    pub program_partners: Vec<Vec<PartnerId>>,
    /// Visits of each partner, newest first.
    pub partner_visits: Vec<Vec<VisitId>>,
    /// Programs of each partner, newest first.
    pub partner_programs: Vec<Vec<ProgramId>>,
    /// All partners A–Z.
    pub partners_az: Vec<PartnerId>,
    /// All visits newest first, undated last.
    pub visits_newest: Vec<VisitId>,
    /// All programs newest first, undated last.
    pub programs_newest: Vec<ProgramId>,
    /// Partners per country and visits held there.
    pub countries: BTreeMap<Country, Facet>,
    /// Partners per kind, in vocabulary order (only kinds in use).
    pub kinds: Vec<(Slug, Facet)>,
    /// Partners, visits and programs per area, in vocabulary order (only areas in use).
    pub areas: Vec<(Slug, Facet)>,
    /// URL (below the base) of every entry that an `@/` link points to, by its path under
    /// `content/`.
    pub content_urls: FastMap<String, String>,
    /// URL (below the base) of each bundle's page, by the bundle's `index.md` under `content/`:
    /// where its files are published, which relative addresses on its pages under a language
    /// (`/ru/partners/x/`) are given in front.
    pub bundle_urls: FastMap<String, String>,
    /// Translations of each entry, by the entry's path under `content/`.
    pub translations: FastMap<String, Vec<Arc<TranslationEntry>>>,
    /// The pages whose bodies link to site paths or relative addresses, which are checked once
    /// the routes are known (see [`crate::pages::links`]).
    pub path_links: Arc<[paths::Page]>,
}

/// Newest first, undated last, then by title: the order of every dated list.
fn newest_first<'a>(items: impl Iterator<Item = (usize, Option<Date>, &'a str)>) -> Vec<usize> {
    let mut v: Vec<(usize, Option<Date>, &str)> = items.collect();
    v.sort_by(|a, b| match (a.1, b.1) {
        (Some(x), Some(y)) => y.cmp(&x).then_with(|| a.2.cmp(b.2)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.2.cmp(b.2),
    });
    v.into_iter().map(|x| x.0).collect()
}

/// URL below the base for a record.
pub fn record_url(section: Section, slug: &Slug) -> String {
    format!("{}/{}/", section.dir(), slug)
}

/// The entries that are published: all of them with `--drafts`, else those not drafts.
fn published<T>(entries: &[Arc<Entry<T>>], opts: &SiteOptions) -> Vec<Arc<Entry<T>>> {
    entries.iter().filter(|e| keep(e, opts)).cloned().collect()
}

fn keep<T>(e: &Entry<T>, opts: &SiteOptions) -> bool {
    opts.drafts || !e.meta.draft
}

/// Whether the entry's slug was written with `slug:` rather than taken from its file name.
fn explicit_slug<T>(e: &Entry<T>) -> bool {
    let file_slug = match &e.source.bundle {
        Some(dir) => dir.file_name().map(|n| n.to_string_lossy().into_owned()),
        None => e
            .source
            .path
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned()),
    };
    file_slug.as_deref() != Some(e.meta.slug.as_str())
}

fn duplicate_slugs<T>(entries: &[Arc<Entry<T>>], what: &str, problems: &mut Vec<Diagnostic>) {
    let mut seen: FastMap<&str, &Entry<T>> = FastMap::default();
    for e in entries.iter().map(|e| e.as_ref()) {
        let Some(&first) = seen.get(e.meta.slug.as_str()) else {
            seen.insert(e.meta.slug.as_str(), e);
            continue;
        };
        // Blame the entry that chose the slug with `slug:`, else the later file.
        let (blamed, other) = if explicit_slug(first) && !explicit_slug(e) {
            (first, e)
        } else {
            (e, first)
        };
        let message = format!(
            "duplicate {what} slug '{}': {} has it too",
            e.meta.slug,
            crate::diagnostic::display_path(&other.source.path)
        );
        let d = if explicit_slug(blamed) {
            let source = &blamed.source;
            source.error_at(source.keys.value("slug"), message)
        } else {
            Diagnostic::new(&blamed.source.path, None, message)
        };
        problems.push(d.help("give one of them a different `slug:` or file name"));
    }
}

/// Links the content into a site, with every cross-file problem found. With problems, the site
/// is still whole enough for its routes to be listed and its links to site paths checked (so
/// that one run reports those too), but not to be rendered: its hashes are left empty.
pub fn link(config: Config, content: &Content, opts: &SiteOptions) -> (Site, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let all_partner_slugs: FastMap<&str, bool> = content
        .partners
        .iter()
        .map(|p| (p.meta.slug.as_str(), p.meta.draft))
        .collect();
    let unparsed_partners: FastSet<&str> = opts
        .unparsed
        .iter()
        .filter_map(|p| p.strip_prefix("partners/"))
        .map(|p| p.trim_end_matches(".md").trim_end_matches("/index"))
        .collect();
    let partners = published(&content.partners, opts);
    let visits = published(&content.visits, opts);
    let programs = published(&content.programs, opts);
    let pages = published(&content.pages, opts);
    let assets = content.assets.clone();
    duplicate_slugs(&partners, "partner", &mut problems);
    duplicate_slugs(&visits, "visit", &mut problems);
    duplicate_slugs(&programs, "program", &mut problems);

    let partner_id: FastMap<&str, PartnerId> = partners
        .iter()
        .enumerate()
        .map(|(i, p)| (p.meta.slug.as_str(), i))
        .collect();
    let resolve =
        |refs: &[PartnerRef], source: &Source, problems: &mut Vec<Diagnostic>| -> Vec<PartnerId> {
            let mut ids = Vec::with_capacity(refs.len());
            for r in refs {
                match partner_id.get(r.slug.as_str()) {
                    Some(&id) => ids.push(id),
                    None if unparsed_partners.contains(r.slug.as_str()) => {}
                    None => {
                        let (message, help) = match all_partner_slugs.get(r.slug.as_str()) {
                            Some(true) => (
                                format!("partner '{}' is a draft and is not published", r.slug),
                                Some(
                                    "publish it (remove `draft: true`) or build with --drafts"
                                        .to_string(),
                                ),
                            ),
                            _ => (
                                format!("unknown partner '{}'", r.slug),
                                did_you_mean(&r.slug, partner_id.keys().copied()),
                            ),
                        };
                        let d = source
                            .error_at(source.keys.item("partners", r.index), message)
                            .maybe_help(help);
                        problems.push(d);
                    }
                }
            }
            ids
        };
    let visit_partners: Vec<Vec<PartnerId>> = visits
        .iter()
        .map(|v| resolve(&v.data.partners, &v.source, &mut problems))
        .collect();
    let program_partners: Vec<Vec<PartnerId>> = programs
        .iter()
        .map(|p| resolve(&p.data.partners, &p.source, &mut problems))
        .collect();

    // Pages: home, intros and plain pages.
    let mut home = None;
    let mut intros = BTreeMap::new();
    let mut plain = Vec::new();
    for p in pages {
        match p.data.kind {
            PageKind::Home => home = Some(p),
            PageKind::SectionIntro(s) => {
                intros.insert(s, p);
            }
            PageKind::Plain => plain.push(p),
        }
    }
    plain.sort_by(|a, b| {
        a.meta
            .weight
            .cmp(&b.meta.weight)
            .then_with(|| a.data.path.cmp(&b.data.path))
    });
    let mut page_paths: FastMap<&str, &Path> = FastMap::default();
    for p in &plain {
        if let Some(first) = page_paths.insert(p.data.path.as_str(), &p.source.path) {
            let message = format!(
                "two pages have the URL /{}: {} and this one",
                p.data.path,
                crate::diagnostic::display_path(first)
            );
            problems.push(p.source.error_at(p.source.keys.value("slug"), message));
        }
    }

    // Where each entry lives, for `@/` links and bundle assets. URLs are made only for the
    // entries something links to; most have no links pointing at them.
    let mut located: Vec<(&Source, Place<'_>, &Markdown)> =
        Vec::with_capacity(partners.len() + visits.len() + programs.len() + plain.len() + 4);
    located.extend(partners.iter().map(|e| {
        (
            &e.source,
            Place::Record(Section::Partners, &e.meta.slug),
            &e.body,
        )
    }));
    located.extend(visits.iter().map(|e| {
        (
            &e.source,
            Place::Record(Section::Visits, &e.meta.slug),
            &e.body,
        )
    }));
    located.extend(programs.iter().map(|e| {
        (
            &e.source,
            Place::Record(Section::Programs, &e.meta.slug),
            &e.body,
        )
    }));
    located.extend(
        plain
            .iter()
            .chain(home.iter())
            .chain(intros.values())
            .map(|e| (&e.source, Place::Page(&e.data.path), &e.body)),
    );
    let by_path: FastMap<&str, usize> = located
        .iter()
        .enumerate()
        .map(|(i, (s, _, _))| (s.content_path.as_str(), i))
        .collect();
    let mut content_urls: FastMap<String, String> = FastMap::default();
    let mut bundles: FastMap<PathBuf, String> = FastMap::default();
    let mut bundle_urls: FastMap<String, String> = FastMap::default();
    for (source, place, _) in &located {
        if let Some(b) = &source.bundle {
            bundles.insert(b.clone(), place.url());
            bundle_urls.insert(source.content_path.clone(), place.url());
        }
    }
    // Each `@/` link of a file (an entry or a translation) must lead to a published file and,
    // with `#anchor`, to one of its headings or a template's id; the URLs of the files linked to are kept.
    let mut resolve = |source: &Source, body: &Markdown, problems: &mut Vec<Diagnostic>| {
        for link in &body.links {
            if opts.unparsed.contains(&link.target) {
                continue;
            }
            let found = by_path
                .get(link.target.as_str())
                .or_else(|| other_form(&link.target).and_then(|t| by_path.get(t.as_str())));
            match found {
                Some(&i) => {
                    let (_, place, target_body) = &located[i];
                    content_urls
                        .entry(link.target.clone())
                        .or_insert_with(|| place.url());
                    let ids = (target_body.anchors.as_slice(), &*opts.template_ids);
                    if let Some(d) = check_anchor(link, source, ids) {
                        problems.push(d);
                    }
                }
                None => problems.push(broken_link(link, source, by_path.keys().copied())),
            }
        }
    };
    for (source, _, body) in &located {
        resolve(source, body, &mut problems);
    }
    // Pages with links to site paths, checked once every route is known (below).
    let mut with_paths: Vec<paths::Page> = located
        .iter()
        .filter(|(_, _, body)| !body.paths.is_empty())
        .map(|(source, place, body)| paths::Page {
            file: source.path.clone(),
            text: source.text.clone(),
            content_path: source.content_path.clone(),
            url: place.url(),
            bundle: source.bundle.is_some(),
            translation: false,
            files_at: None,
            links: body.paths.clone(),
        })
        .collect();
    // Translations: each must translate a file that is published, once per language.
    let mut translations: FastMap<String, Vec<Arc<TranslationEntry>>> = FastMap::default();
    let all_paths: FastSet<&str> = content.sources().map(|s| s.content_path.as_str()).collect();
    for t in &content.translations {
        let original = t.data.original.as_str();
        if by_path.contains_key(original) {
            let list = translations.entry(original.to_string()).or_default();
            list.push(t.clone());
            resolve(&t.source, &t.body, &mut problems);
            if !t.body.paths.is_empty()
                && let Some(&i) = by_path.get(original)
            {
                with_paths.push(paths::Page {
                    file: t.source.path.clone(),
                    text: t.source.text.clone(),
                    content_path: t.source.content_path.clone(),
                    url: format!("{}{}", config.lang_prefix(&t.data.lang), located[i].1.url()),
                    bundle: located[i].0.bundle.is_some(),
                    translation: true,
                    files_at: located[i].0.bundle.is_some().then(|| located[i].1.url()),
                    links: t.body.paths.clone(),
                });
            }
        } else if !all_paths.contains(original) && !opts.unparsed.contains(original) {
            problems.push(
                Diagnostic::new(
                    &t.source.path,
                    None,
                    format!(
                        "this translates {}, which does not exist",
                        crate::diagnostic::display_path(&t.data.original_file)
                    ),
                )
                .help("a translation lies beside its original: `x.md` and `x.ru.md`"),
            );
        }
    }
    drop(by_path);
    drop(located);

    // Assets: bundle files go beside their page; others keep their path.
    let mut asset_map = BTreeMap::new();
    for a in assets {
        let bundle_url = a
            .source
            .ancestors()
            .find_map(|dir| bundles.get(dir).map(|u| (dir, u)));
        let out = match bundle_url {
            Some((dir, url)) => {
                let inside =
                    crate::diagnostic::slash_path(a.source.strip_prefix(dir).unwrap_or(&a.source));
                format!("{url}{inside}")
            }
            None => {
                // Files inside a draft bundle that is not published stay out too.
                let in_record_dir = Section::ALL.iter().any(|s| {
                    a.content_path.starts_with(&format!("{}/", s.dir()))
                        && a.content_path.matches('/').count() >= 2
                });
                if in_record_dir {
                    continue;
                }
                a.content_path.clone()
            }
        };
        asset_map.insert(out, a.source);
    }

    // Orders and back-references.
    let mut partners_az: Vec<PartnerId> = (0..partners.len()).collect();
    partners_az.sort_by(|&a, &b| {
        partners[a]
            .meta
            .sort_key
            .cmp(&partners[b].meta.sort_key)
            .then_with(|| partners[a].meta.slug.cmp(&partners[b].meta.slug))
    });
    let visits_newest = newest_first(
        visits
            .iter()
            .enumerate()
            .map(|(i, v)| (i, v.data.date, v.meta.title.as_str())),
    );
    let programs_newest = newest_first(
        programs
            .iter()
            .enumerate()
            .map(|(i, p)| (i, p.data.start, p.meta.title.as_str())),
    );
    let mut partner_visits = vec![Vec::new(); partners.len()];
    for &v in &visits_newest {
        for &p in &visit_partners[v] {
            partner_visits[p].push(v);
        }
    }
    let mut partner_programs = vec![Vec::new(); partners.len()];
    for &g in &programs_newest {
        for &p in &program_partners[g] {
            partner_programs[p].push(g);
        }
    }

    // Facets.
    let mut countries: BTreeMap<Country, Facet> = BTreeMap::new();
    for &p in &partners_az {
        countries
            .entry(partners[p].data.country)
            .or_default()
            .partners
            .push(p);
    }
    for &v in &visits_newest {
        if let Some(c) = visits[v].data.country {
            countries.entry(c).or_default().visits.push(v);
        }
    }
    // Vocabulary positions by slug, to order facets as the vocabularies list their terms.
    let kind_index: FastMap<&str, usize> = config
        .partner_kinds
        .slugs()
        .enumerate()
        .map(|(i, s)| (s, i))
        .collect();
    let area_index: FastMap<&str, usize> = config
        .areas
        .slugs()
        .enumerate()
        .map(|(i, s)| (s, i))
        .collect();
    let mut kinds: BTreeMap<usize, (Slug, Facet)> = BTreeMap::new();
    for &p in &partners_az {
        let k = &partners[p].data.kind;
        kinds
            .entry(kind_index.get(k.as_str()).copied().unwrap_or(usize::MAX))
            .or_insert_with(|| (k.clone(), Facet::default()))
            .1
            .partners
            .push(p);
    }
    let mut areas: BTreeMap<usize, (Slug, Facet)> = BTreeMap::new();
    fn area<'m>(
        areas: &'m mut BTreeMap<usize, (Slug, Facet)>,
        index: &FastMap<&str, usize>,
        slug: &Slug,
    ) -> &'m mut Facet {
        let at = index.get(slug.as_str()).copied().unwrap_or(usize::MAX);
        &mut areas
            .entry(at)
            .or_insert_with(|| (slug.clone(), Facet::default()))
            .1
    }
    for &p in &partners_az {
        for a in &partners[p].data.areas {
            area(&mut areas, &area_index, a).partners.push(p);
        }
    }
    for &v in &visits_newest {
        for a in &visits[v].data.areas {
            area(&mut areas, &area_index, a).visits.push(v);
        }
    }
    for &g in &programs_newest {
        for a in &programs[g].data.areas {
            area(&mut areas, &area_index, a).programs.push(g);
        }
    }

    let site = Site {
        config,
        partners,
        visits,
        programs,
        pages: plain,
        home,
        intros,
        assets: asset_map,
        visit_partners,
        program_partners,
        partner_visits,
        partner_programs,
        partners_az,
        visits_newest,
        programs_newest,
        countries,
        kinds: kinds.into_values().collect(),
        areas: areas.into_values().collect(),
        content_urls,
        bundle_urls,
        translations,
        path_links: with_paths.into(),
    };
    (site, problems)
}

/// The same entry named as the other of its two possible files: `partners/x.md` for
/// `partners/x/index.md` and the other way round. An entry that gets its first image becomes
/// a bundle, and the links that name its file must not break because of that.
fn other_form(target: &str) -> Option<String> {
    match target.strip_suffix("/index.md") {
        Some(dir) if !dir.is_empty() => Some(format!("{dir}.md")),
        _ => target
            .strip_suffix(".md")
            .filter(|stem| {
                !stem.ends_with("/index") && *stem != "index" && !stem.ends_with("_index")
            })
            .map(|stem| format!("{stem}/index.md")),
    }
}

/// Where an entry's page is.
enum Place<'a> {
    Record(Section, &'a Slug),
    Page(&'a str),
}

impl Place<'_> {
    fn url(&self) -> String {
        match self {
            Place::Record(section, slug) => record_url(*section, slug),
            Place::Page(path) => path.to_string(),
        }
    }
}

/// A diagnostic at an internal link.
fn at_link(link: &InternalLink, source: &Source, message: String) -> Diagnostic {
    source.error_at_pos(link.pos, link.width, message)
}

/// A diagnostic at `pos` of `file`, whose text is `text`.
pub fn at_position(
    pos: crate::diagnostic::Pos,
    width: usize,
    file: &Path,
    text: &str,
    message: String,
) -> Diagnostic {
    Diagnostic::new(file, Some(pos), message).excerpt(text, width)
}

fn broken_link<'a>(
    link: &InternalLink,
    source: &Source,
    known: impl Iterator<Item = &'a str>,
) -> Diagnostic {
    let help = crate::diagnostic::suggest_path(&link.target, known)
        .map(|s| format!("did you mean '@/{s}'?"))
        .or_else(|| {
            Some(
                "internal links name a file under content/, e.g. `@/partners/yonsei-university.md`"
                    .into(),
            )
        });
    at_link(
        link,
        source,
        format!("broken internal link: no page '@/{}'", link.target),
    )
    .maybe_help(help)
}

fn check_anchor(
    link: &InternalLink,
    source: &Source,
    (known, template_ids): (&[String], &paths::TemplateIds),
) -> Option<Diagnostic> {
    let anchor = link.anchor.as_ref()?;
    if known.iter().any(|a| a == anchor) || template_ids.has(anchor) {
        return None;
    }
    let names = known.iter().map(String::as_str);
    let help = did_you_mean(anchor, names.chain(template_ids.names())).or_else(|| {
        Some(if known.is_empty() {
            "that page has no headings".to_string()
        } else {
            format!("its headings are: {}", known.join(", "))
        })
    });
    Some(
        at_link(
            link,
            source,
            format!(
                "broken anchor: '@/{}' has no heading '#{anchor}'",
                link.target
            ),
        )
        .maybe_help(help),
    )
}

/// One line per published file that lacks a translation into some of the site's languages:
/// `content/partners/x.md: not translated into uz, ru`.
pub fn missing_translations(site: &Site) -> Vec<String> {
    let others = &site.config.languages[1.min(site.config.languages.len())..];
    let mut sources: Vec<&Source> = site
        .partners
        .iter()
        .map(|e| &e.source)
        .chain(site.visits.iter().map(|e| &e.source))
        .chain(site.programs.iter().map(|e| &e.source))
        .chain(site.pages.iter().map(|e| &e.source))
        .chain(site.home.iter().map(|e| &e.source))
        .chain(site.intros.values().map(|e| &e.source))
        .collect();
    sources.sort_by(|a, b| a.path.cmp(&b.path));
    let mut out = Vec::new();
    for source in sources {
        let have = site.translations.get(&source.content_path);
        let missing: Vec<&str> = others
            .iter()
            .filter(|l| !have.is_some_and(|list| list.iter().any(|t| &t.data.lang == *l)))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            out.push(format!(
                "{}: not translated into {}",
                crate::diagnostic::display_path(&source.path),
                missing.join(", ")
            ));
        }
    }
    out
}

fn replace_in<T>(list: &mut [Arc<Entry<T>>], new: &Arc<Entry<T>>) -> bool {
    // Entries are kept in the order of their paths' bytes, as they were read.
    match list.binary_search_by(|e| e.source.path.as_os_str().cmp(new.source.path.as_os_str())) {
        Ok(i) => {
            list[i] = new.clone();
            true
        }
        Err(_) => false,
    }
}

impl Site {
    /// The site with some entries replaced by new versions whose structure is unchanged (see
    /// [`EntryHashes::structure`]): orders, facets and links stay as they are, and only the
    /// fingerprints are computed again. `None` if an entry is not in the site (a draft, say);
    /// then the caller links from scratch.
    pub fn replaced(&self, entries: &[crate::content::AnyEntry]) -> Option<Site> {
        use crate::content::AnyEntry;
        let mut site = self.clone();
        for e in entries {
            let found = match e {
                // Translations are few; link them again with everything else.
                AnyEntry::Translation(_) => false,
                AnyEntry::Partner(p) => replace_in(&mut site.partners, p),
                AnyEntry::Visit(v) => replace_in(&mut site.visits, v),
                AnyEntry::Program(g) => replace_in(&mut site.programs, g),
                AnyEntry::Page(p) => match p.data.kind {
                    // Plain pages are ordered by weight, not path; there are few of them.
                    PageKind::Plain => match site
                        .pages
                        .iter()
                        .position(|e| e.source.path == p.source.path)
                    {
                        Some(i) => {
                            site.pages[i] = p.clone();
                            true
                        }
                        None => false,
                    },
                    PageKind::Home => site.home.replace(p.clone()).is_some(),
                    PageKind::SectionIntro(s) => site.intros.insert(s, p.clone()).is_some(),
                },
            };
            if !found {
                return None;
            }
        }
        Some(site)
    }

    /// The translation into `lang` of the entry at `content_path` (under `content/`), if any.
    pub fn translation(&self, content_path: &str, lang: &str) -> Option<&TranslationEntry> {
        let list = self.translations.get(content_path)?;
        list.iter()
            .find(|t| t.data.lang == lang)
            .map(|t| t.as_ref())
    }

    /// The absolute path (base path included) of a URL below the base.
    pub fn path(&self, below_base: &str) -> String {
        format!("{}{}", self.config.base_url.path, below_base)
    }

    /// The URL an internal link points to (base path included).
    pub fn link_url(&self, link: &InternalLink) -> String {
        let url = self
            .content_urls
            .get(&link.target)
            .map(String::as_str)
            .unwrap_or("");
        match &link.anchor {
            Some(a) => format!("{}{url}#{a}", self.config.base_url.path),
            None => self.path(url),
        }
    }
}
