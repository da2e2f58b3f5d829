//! Step 5: pages become bytes, in parallel.
//!
//! Each route's inputs are gathered ([`crate::pages`]), hashed into its fingerprint, and,
//! when that changed, made into a view and rendered with one template. Templates were
//! compiled once ([`theme`]); the `site` and `t` variables are built once per language and
//! shared by every page (Tera values are reference-counted, so a page does not copy them).
//! Template errors are collected like content errors: each distinct error once, with the
//! template's file, line and column.

mod built;
pub mod theme;

pub use built::{Bytes, Output, Sink, SinkError};

use std::collections::{BTreeMap, HashSet};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::hash::FastMap;
use crate::pages::{self, Context, Inputs, Made, PerEntry, Route, cards};
use crate::site::Site;
use theme::{Theme, template_error};

/// Renders one page to bytes.
fn render_page(
    theme: &Theme,
    shared: &Shared,
    cx: &Context,
    inputs: &Inputs,
) -> Result<Vec<u8>, tera::Error> {
    match inputs.make(cx) {
        Made::File(bytes) => Ok(bytes),
        Made::Page(template, page) => {
            let mut ctx = tera::Context::new();
            ctx.insert_value("site", shared.site.clone());
            ctx.insert_value("t", shared.t.clone());
            ctx.insert_value("page", page);
            let mut buf = Vec::with_capacity(16 * 1024);
            theme.tera.render_to(template, &ctx, &mut buf)?;
            Ok(buf)
        }
    }
}

/// Values shared by every page of one language.
pub struct Shared {
    /// The language.
    pub lang: String,
    /// The `site` variable.
    pub site: tera::Value,
    /// The `t` variable.
    pub t: tera::Value,
    strings: BTreeMap<String, String>,
}

impl Shared {
    /// Builds the shared values for `lang`.
    pub fn new(site: &Site, theme: &Theme, lang: &str) -> Shared {
        let mut strings = theme
            .strings
            .get(&site.config.default_language)
            .cloned()
            .unwrap_or_default();
        if let Some(own) = theme.strings.get(lang) {
            strings.extend(own.clone());
        }
        let bodies = PerEntry::new((0, 0, 0));
        let cx = Context::new(
            &site.config,
            lang,
            &strings,
            world(theme),
            (0, 0, 0),
            &bodies,
        );
        let site_value = tera::Value::from_serializable(&pages::site_var::view(
            &pages::site_var::inputs(site, lang),
            &cx,
        ));
        let t = tera::Value::from_serializable(&strings);
        Shared {
            lang: lang.to_string(),
            site: site_value,
            t,
            strings,
        }
    }
}

/// The map's shapes: the theme's, else the built-in ones.
fn world(theme: &Theme) -> &crate::geo::World {
    theme
        .world
        .as_ref()
        .unwrap_or_else(|| crate::geo::World::builtin())
}

/// The previous build, whose pages are reused where their fingerprints did not change.
pub struct Previous<'a> {
    /// The previous routes.
    pub routes: &'a [Route],
    /// Fingerprint of each previous route, in the same order.
    pub fingerprints: &'a [u64],
    /// The previous output.
    pub output: &'a Output,
    /// Whether the routes are the very same as the previous build's (then the previous output
    /// is patched instead of rebuilt).
    pub same_routes: bool,
}

/// Why rendering failed.
#[derive(Debug)]
pub enum RenderError {
    /// Templates failed on some pages.
    Content(Vec<Diagnostic>),
    /// A page could not be written to the staging folder.
    Write(SinkError),
}

enum PageError {
    Template(tera::Error),
    Write(SinkError),
}

/// What [`render`] produced.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The whole output: pages, static files and assets.
    pub output: Output,
    /// Fingerprint of each route, in the order of the routes.
    pub fingerprints: Vec<u64>,
    /// Page files rendered this time (the others were reused from the previous build).
    pub rendered: Vec<String>,
    /// Whether whole-site files (the search index) were left as they were, to be rendered
    /// by the next render (see `defer` of [`render`]).
    pub deferred: bool,
}

/// Renders the routes and adds static files and assets: the whole output in memory.
///
/// With a previous build, a page whose fingerprint (its route's data, see
/// [`crate::pages::Inputs::fingerprint`], plus everything pages share and `generation`, which the
/// caller changes when the config or templates change) is the same as before keeps its bytes;
/// only the others are rendered. `build` and `serve` both come through here. With `defer`,
/// files built from the whole site (the search index) that would need rendering keep their
/// previous version for now: `serve` publishes the pages first and renders those right after.
pub fn render(
    site: &Site,
    theme: &Theme,
    routes: &[Route],
    previous: Option<Previous<'_>>,
    generation: u64,
    sink: Option<&dyn Sink>,
    defer: bool,
) -> Result<Rendered, RenderError> {
    use std::hash::{Hash, Hasher};
    // What every page of a language shares, and the cards, once per language.
    let shared: Vec<Shared> = site
        .config
        .languages
        .iter()
        .map(|l| Shared::new(site, theme, l))
        .collect();
    let shared_hash = {
        let mut h = crate::hash::hasher();
        generation.hash(&mut h);
        for sh in &shared {
            sh.site.to_string().hash(&mut h);
            sh.t.to_string().hash(&mut h);
        }
        h.finish()
    };
    // The previous fingerprints by file, unless the routes are the same (then by position).
    let by_file: Option<FastMap<&str, u64>> =
        previous.as_ref().filter(|p| !p.same_routes).map(|p| {
            p.routes
                .iter()
                .map(|r| r.file.as_str())
                .zip(p.fingerprints.iter().copied())
                .collect()
        });
    // Each language's partner names and card sources, then its context.
    let names: Vec<Vec<cards::Named>> = shared
        .par_iter()
        .map(|sh| cards::names(site, &sh.lang))
        .collect();
    let sources: Vec<cards::Sources> = shared
        .par_iter()
        .zip(&names)
        .map(|(sh, names)| cards::Sources::new(site, &sh.lang, names))
        .collect();
    let bodies = PerEntry::of(site);
    let counts = (site.partners.len(), site.visits.len(), site.programs.len());
    let contexts: Vec<Context> = shared
        .iter()
        .map(|sh| {
            Context::new(
                &site.config,
                &sh.lang,
                &sh.strings,
                world(theme),
                counts,
                &bodies,
            )
        })
        .collect();
    // Gather and fingerprint every route's inputs, in parallel; render only those whose
    // fingerprint changed. (inputs, fingerprint, keep the previous bytes, deferred)
    let fingerprinted: Vec<(Inputs, u64, bool, bool)> = routes
        .par_iter()
        .enumerate()
        .map(|(i, r)| {
            let src = pages::Source {
                site,
                cards: &sources[r.lang],
                lang: &shared[r.lang].lang,
            };
            let inputs = Inputs::of(src, r);
            let mut h = crate::hash::hasher();
            shared_hash.hash(&mut h);
            (&r.path, r.lang).hash(&mut h);
            inputs.fingerprint().hash(&mut h);
            let fp = h.finish();
            let before = match (&previous, &by_file) {
                (Some(p), None) => p.fingerprints.get(i).copied(),
                (_, Some(map)) => map.get(r.file.as_str()).copied(),
                (None, None) => None,
            };
            // Deferred: keep the old bytes and fingerprint, so that the next render does it.
            if defer
                && r.kind.can_wait()
                && let Some(old) = before.filter(|&old| old != fp)
            {
                return (inputs, old, true, true);
            }
            (inputs, fp, before == Some(fp), false)
        })
        .collect();
    let deferred = fingerprinted.iter().any(|(_, _, _, deferred)| *deferred);
    // With a staging folder, pages go to disk as soon as they are rendered instead of being
    // held in memory (a build); otherwise they are kept (serve).
    type Page = (String, Result<Option<Bytes>, PageError>);
    let fresh: Vec<Page> = routes
        .par_iter()
        .zip(fingerprinted.par_iter())
        .filter(|(_, (_, _, keep, _))| !keep)
        .map(|(r, (inputs, _, _, _))| {
            let result = render_page(theme, &shared[r.lang], &contexts[r.lang], inputs)
                .map_err(PageError::Template)
                .and_then(|bytes| match sink {
                    Some(st) => st
                        .put(&r.file, &bytes)
                        .map(|_| None)
                        .map_err(PageError::Write),
                    None => Ok(Some(Bytes::Owned(bytes.into()))),
                });
            (r.file.clone(), result)
        })
        .collect();
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    let mut pages = Vec::with_capacity(fresh.len());
    let mut rendered = Vec::with_capacity(fresh.len());
    for (file, result) in fresh {
        match result {
            Ok(bytes) => {
                rendered.push(file.clone());
                if let Some(b) = bytes {
                    pages.push((file, b));
                }
            }
            Err(PageError::Template(e)) => {
                let d = template_error(&e, &theme.sources);
                if seen.insert(d.headline()) {
                    problems.push(d);
                }
            }
            Err(PageError::Write(e)) => return Err(RenderError::Write(e)),
        }
    }
    if !problems.is_empty() {
        return Err(RenderError::Content(problems));
    }
    let mut out = Rendered {
        deferred,
        rendered,
        fingerprints: fingerprinted.iter().map(|(_, fp, _, _)| *fp).collect(),
        ..Rendered::default()
    };
    match &previous {
        // Same routes: the previous pages with the re-rendered ones swapped in.
        Some(p) if p.same_routes => out.output = p.output.clone(),
        _ => {
            let kept = previous.as_ref().map(|p| p.output);
            for (r, (_, _, keep, _)) in routes.iter().zip(&fingerprinted) {
                if let (true, Some(b)) = (*keep, kept.and_then(|o| o.files.get(&r.file))) {
                    out.output.files.insert(r.file.clone(), b.clone());
                }
            }
        }
    }
    for (file, bytes) in pages {
        out.output.files.insert(file, bytes);
    }
    for (path, source) in &theme.statics {
        let bytes = match source {
            theme::StaticSource::File(p) => Bytes::File(p.clone()),
            theme::StaticSource::Builtin(b) => Bytes::Static(b),
        };
        out.output.files.entry(path.clone()).or_insert(bytes);
    }
    // Thumbnails were made (or found in the cache) when their partners were parsed.
    for p in &site.partners {
        let Some(logo) = &p.data.logo else { continue };
        if let Some(bytes) = &logo.thumbnail.bytes {
            let dir =
                crate::site::record_url(crate::content::model::Section::Partners, &p.meta.slug);
            out.output
                .files
                .entry(format!("{dir}{}", logo.thumbnail.name))
                .or_insert_with(|| Bytes::Owned(bytes.clone()));
        }
    }
    // Photos too: their renditions, and the full-size copy in place of the original, which
    // may carry the camera's metadata (GPS positions).
    let entries = site
        .partners
        .iter()
        .map(|e| (&e.source, &e.images))
        .chain(site.visits.iter().map(|e| (&e.source, &e.images)))
        .chain(site.programs.iter().map(|e| (&e.source, &e.images)));
    for (source, images) in entries {
        let Some(dir) = site.bundle_urls.get(&source.content_path) else {
            continue;
        };
        for r in images.iter().flat_map(|p| &p.renditions) {
            let bytes = match &r.bytes {
                crate::content::images::Stored::Memory(b) => Bytes::Owned(b.clone()),
                crate::content::images::Stored::Cache(p)
                | crate::content::images::Stored::Pending(p) => Bytes::File(p.clone()),
            };
            out.output.files.insert(format!("{dir}{}", r.name), bytes);
        }
    }
    // Files published as they are lose their camera metadata first (see `content::strip`).
    let published: Vec<_> = {
        site.assets
            .par_iter()
            .filter(|(path, _)| !out.output.files.contains_key(*path))
            .map(|(path, source)| {
                let file = site.config.root.join(source);
                let name = crate::diagnostic::slash_path(
                    source
                        .strip_prefix(crate::content::discover::CONTENT_DIR)
                        .unwrap_or(source),
                );
                (
                    path,
                    source,
                    crate::content::strip::publish(&file, &name),
                    file,
                )
            })
            .collect()
    };
    let mut refused = Vec::new();
    for (path, source, outcome, file) in published {
        let bytes = match outcome {
            Ok(crate::content::strip::Published::AsIs) => Bytes::File(file),
            Ok(crate::content::strip::Published::Stripped(b)) => Bytes::Owned(b),
            Err(e) => {
                refused.push(Diagnostic::new(source.clone(), None, e.message).help(e.help));
                continue;
            }
        };
        out.output.files.insert(path.clone(), bytes);
    }
    if !refused.is_empty() {
        return Err(RenderError::Content(refused));
    }
    Ok(out)
}
