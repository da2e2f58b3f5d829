//! Links and images written as site paths (`/partners/x/`) or relative to their page
//! (`photo.jpg`, `../visits/y/`): each must lead to a page or file the site publishes, so
//! they are checked here, once every route is known.
//!
//! What "relative" means is what the browser does with it (see [`crate::url::resolve`]): a
//! relative link leads from the page's address, which always ends in `/` (`/partners/x/`). A
//! bundle's files are published at that address, so in `partners/x/index.md`, `photo.jpg` is
//! `partners/x/photo.jpg` beside it. A page that is not a bundle (`content/about.md`, at
//! `/about/`) has no files of its own: its relative links lead below `/about/`. A
//! translation's page is under its language (`/ru/partners/x/`), where the bundle's files are
//! not; still, it uses them as the original does (`photo.jpg`): a relative address that leads
//! to a file of the bundle from the bundle's address is accepted, and given that address (with
//! the base path) in front when the page is rendered (see `Markdown::html_with_files`). Other
//! relative links of a translation, to pages, lead from its own address and so stay in its
//! language.
//!
//! Links are checked against an in-memory set of every route and published file: no file is
//! looked at, so checking is linear in the number of links.

use super::Route;
use crate::content::model::{Section, Source};
use crate::diagnostic::{Diagnostic, did_you_mean, suggest_path};
use crate::hash::{FastMap, FastSet};
use crate::markdown::{Markdown, PathLink};
use crate::site::paths::{Page, TemplateIds};
use crate::site::{Site, at_position, record_url};
use crate::url::{percent_decode, resolve};

/// Everything a link may lead to, below the base: route paths (`partners/x/`), their files
/// (`partners/x/index.html`), and every published file.
pub struct Targets<'a> {
    /// Route paths and files, assets and theme files.
    pub known: FastSet<&'a str>,
    /// What a hint may name: route paths and published files (not `index.html` files).
    pub candidates: Vec<&'a str>,
    /// The base path without its slashes (`coop`), to spot it written into a link.
    pub base: String,
    /// The files of bundles (`partners/x/photo.jpg`), which a translation's relative addresses
    /// may lead to.
    pub files: FastSet<&'a str>,
    /// Route paths (`partners/x/`, `ru/partners/x/`): pages, whose fragments are checked.
    pub routes: FastSet<&'a str>,
    /// The heading ids of each page that shows a Markdown body, by its route path.
    pub headings: FastMap<String, &'a [String]>,
    /// The ids the theme writes.
    pub template_ids: &'a TemplateIds,
}

impl Targets<'_> {
    fn has(&self, path: &str) -> bool {
        // `/partners/x` is redirected to `/partners/x/` by every static server.
        self.known.contains(path)
            || (!path.ends_with('/') && self.known.contains(format!("{path}/").as_str()))
    }
}

/// A diagnostic for each link of `page` that leads nowhere.
fn check_page(page: &Page, targets: &Targets<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for link in &page.links {
        let relative = !link.dest.starts_with('/');
        let what = link.what;
        let noun = if what == "link" {
            "page or file"
        } else {
            "file"
        };
        let Some(mut path) = resolve(&link.dest, &page.url) else {
            let message = format!("broken {what}: '{}' leads outside the site", link.dest);
            out.push(at_position(
                link.pos, link.width, &page.file, &page.text, message,
            ));
            continue;
        };
        if targets.has(&path) {
            out.extend(check_fragment(page, link, &path, targets));
            continue;
        }
        // A translation uses its bundle's files as the original does (the page is given their
        // address when it is rendered); a page it links to is the one in its language.
        if let Some(files) = page.files_at.as_deref().filter(|_| relative)
            && let Some(file) = resolve(&link.dest, files)
        {
            if targets.files.contains(file.as_str()) {
                continue;
            }
            if what != "link" || file.rsplit('/').next().is_some_and(|n| n.contains('.')) {
                path = file;
            }
        }
        let message = if relative {
            format!(
                "broken {what}: '{}' leads to '/{path}', and the site has no {noun} there",
                link.dest
            )
        } else {
            format!("broken {what}: the site has no {noun} '/{path}'")
        };
        let help = hint(page, link, &path, targets);
        out.push(
            at_position(link.pos, link.width, &page.file, &page.text, message).maybe_help(help),
        );
    }
    out
}

/// The fragment of `dest` (`#history`), decoded; `None` if it has none.
fn fragment(dest: &str) -> Option<String> {
    let (_, frag) = dest.split_once('#')?;
    (!frag.is_empty()).then(|| percent_decode(frag))
}

/// A diagnostic if `link`, which leads to `path`, names a fragment that page lacks. Fragments
/// of files (`report.pdf#page=2`) are the viewer's business and not checked.
fn check_fragment(
    page: &Page,
    link: &PathLink,
    path: &str,
    targets: &Targets<'_>,
) -> Option<Diagnostic> {
    let frag = fragment(&link.dest)?;
    let route = {
        let p = path.strip_suffix("index.html").unwrap_or(path);
        if p.is_empty() || p.ends_with('/') {
            p.to_string()
        } else {
            format!("{p}/")
        }
    };
    if !targets.routes.contains(route.as_str()) {
        return None;
    }
    let headings: &[String] = match targets.headings.get(&route) {
        Some(h) => h,
        None if targets.template_ids.any() => return None,
        None => &[],
    };
    if headings.contains(&frag) || targets.template_ids.has(&frag) {
        return None;
    }
    let message = if link.dest.starts_with('#') {
        format!("broken anchor: this page has no heading or id '#{frag}'")
    } else {
        format!("broken anchor: the page '/{route}' has no heading or id '#{frag}'")
    };
    let names = headings
        .iter()
        .map(String::as_str)
        .chain(targets.template_ids.names());
    let help = did_you_mean(&frag, names).or_else(|| {
        (!headings.is_empty()).then(|| format!("its headings are: {}", headings.join(", ")))
    });
    Some(at_position(link.pos, link.width, &page.file, &page.text, message).maybe_help(help))
}

/// A "did you mean" that names a page or file that exists, or what relative links mean.
fn hint(page: &Page, link: &PathLink, path: &str, targets: &Targets<'_>) -> Option<String> {
    let relative = !link.dest.starts_with('/');
    let base = format!("{}/", targets.base);
    if !relative
        && !targets.base.is_empty()
        && let Some(rest) = path.strip_prefix(&base)
        && targets.has(rest)
    {
        return Some(format!(
            "links are written from the site root, without the base path /{base}: '/{rest}'"
        ));
    }
    // Written as if it led from the Markdown file's folder: say where that file is published.
    if relative && (!page.bundle || page.translation) && page.files_at.is_none() {
        let folder = match page.content_path.rsplit_once('/') {
            Some((dir, _)) => format!("{dir}/"),
            None => String::new(),
        };
        if let Some(there) = resolve(&link.dest, &folder).filter(|p| targets.has(p)) {
            let why = if page.translation {
                format!("a translation's page is at /{}", page.url)
            } else {
                format!(
                    "relative links lead from the page's address, /{}, and this page is not a bundle",
                    page.url
                )
            };
            return Some(format!("{why}: link the file as '/{there}'"));
        }
    }
    if let Some(near) = suggest_path(path, targets.candidates.iter().copied()) {
        let here = page.files_at.as_deref().unwrap_or(&page.url);
        let shown = match near.strip_prefix(here) {
            Some(inside) if relative && !inside.is_empty() => inside.to_string(),
            _ => format!("/{near}"),
        };
        return Some(format!("did you mean '{shown}'?"));
    }
    None
}

/// A diagnostic for each link to a site path or relative address, in any body of `site`, that
/// leads to no route of `routes` and no published file: the site's assets, the theme's
/// `statics` (below the base), the logo thumbnails and the photos' files.
pub fn check(
    site: &Site,
    routes: &[Route],
    statics: &[String],
    template_ids: &TemplateIds,
) -> Vec<Diagnostic> {
    let pages = &site.path_links;
    let mut problems = Vec::new();
    if pages.is_empty() {
        return problems;
    }
    // The headings each page shows: in a language with a (non-empty) translation, the
    // translation's; else the original's, which the page shows instead.
    let mut headings: FastMap<String, &[String]> = FastMap::default();
    if pages
        .iter()
        .any(|p| p.links.iter().any(|l| l.dest.contains('#')))
    {
        let mut bodies: Vec<(String, &Source, &Markdown)> = Vec::new();
        for e in &site.partners {
            bodies.push((
                record_url(Section::Partners, &e.meta.slug),
                &e.source,
                &e.body,
            ));
        }
        for e in &site.visits {
            bodies.push((
                record_url(Section::Visits, &e.meta.slug),
                &e.source,
                &e.body,
            ));
        }
        for e in &site.programs {
            bodies.push((
                record_url(Section::Programs, &e.meta.slug),
                &e.source,
                &e.body,
            ));
        }
        for e in site
            .pages
            .iter()
            .chain(&site.home)
            .chain(site.intros.values())
        {
            bodies.push((e.data.path.clone(), &e.source, &e.body));
        }
        for (url, source, body) in bodies {
            for lang in &site.config.languages {
                let shown = site
                    .translation(&source.content_path, lang)
                    .filter(|t| lang != &site.config.default_language && !t.body.is_blank())
                    .map_or(body, |t| &t.body);
                let key = format!("{}{url}", site.config.lang_prefix(lang));
                headings.insert(key, &shown.anchors);
            }
        }
    }
    let thumbnails: Vec<String> = site
        .partners
        .iter()
        .filter_map(|p| {
            let logo = p.data.logo.as_ref()?;
            logo.thumbnail.bytes.as_ref()?;
            Some(format!(
                "{}{}",
                record_url(Section::Partners, &p.meta.slug),
                logo.thumbnail.name
            ))
        })
        .collect();
    let photos: Vec<String> = site
        .partners
        .iter()
        .map(|e| (&e.source, &e.images))
        .chain(site.visits.iter().map(|e| (&e.source, &e.images)))
        .chain(site.programs.iter().map(|e| (&e.source, &e.images)))
        .filter_map(|(source, images)| Some((site.bundle_urls.get(&source.content_path)?, images)))
        .flat_map(|(dir, images)| {
            images
                .iter()
                .flat_map(|p| &p.renditions)
                .map(move |r| format!("{dir}{}", r.name))
        })
        .collect();
    let files = site
        .assets
        .keys()
        .chain(statics)
        .chain(&thumbnails)
        .chain(&photos)
        .map(String::as_str);
    let mut known: FastSet<&str> = FastSet::default();
    let mut candidates = Vec::with_capacity(routes.len() + site.assets.len());
    for r in routes {
        known.insert(&r.path);
        known.insert(&r.file);
        candidates.push(r.path.as_str());
    }
    for f in files {
        known.insert(f);
        candidates.push(f);
    }
    let targets = Targets {
        known,
        routes: routes.iter().map(|r| r.path.as_str()).collect(),
        headings,
        template_ids,
        files: site.assets.keys().map(String::as_str).collect(),
        candidates,
        base: site.config.base_url.path.trim_matches('/').to_string(),
    };
    for page in pages.iter() {
        problems.extend(check_page(page, &targets));
    }
    problems
}
