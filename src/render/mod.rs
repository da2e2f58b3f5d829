//! Step 4b: routes become bytes, in parallel.
//!
//! Each route builds its view ([`views`]) and renders one template with it. Templates were
//! compiled once ([`theme`]); the `site` and `t` variables are built once per language and
//! shared by every page (Tera values are reference-counted, so a page does not copy them).
//! Template errors are collected like content errors: each distinct error once, with the
//! template's file, line and column.

mod built;
pub mod figures;
pub mod map;
pub mod photos;
pub mod search;
pub mod theme;
pub mod views;

pub use built::{Bytes, Output, Sink, SinkError};

use std::collections::{BTreeMap, HashSet};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::hash::FastMap;
use crate::routes::{Route, RouteKind};
use crate::site::Site;
use theme::{Theme, template_error};
use views::Views;

/// The template a route is rendered with.
pub fn template_of(kind: &RouteKind) -> &'static str {
    match kind {
        RouteKind::Home => "index.html",
        RouteKind::Partners => "partners.html",
        RouteKind::Partner(_) => "partner.html",
        RouteKind::Countries => "countries.html",
        RouteKind::Country(_) => "country.html",
        RouteKind::Kinds => "kinds.html",
        RouteKind::Kind(_) => "kind.html",
        RouteKind::Areas => "areas.html",
        RouteKind::Area(_) => "area.html",
        RouteKind::Visits(_) => "visits.html",
        RouteKind::Visit(_) => "visit.html",
        RouteKind::Programs => "programs.html",
        RouteKind::Program(_) => "program.html",
        RouteKind::Page(_) => "page.html",
        RouteKind::NotFound => "404.html",
        RouteKind::Alias(_)
        | RouteKind::Sitemap
        | RouteKind::Robots
        | RouteKind::Feed
        | RouteKind::SearchIndex => "",
    }
}

/// A redirect page for an alias: works without JavaScript and tells search engines where the
/// page lives now.
pub fn redirect_page(url: &str) -> String {
    let url = escape_attr(url);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting…</title>\n\
         <link rel=\"canonical\" href=\"{url}\">\n<meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n\
         <p>This page has moved to <a href=\"{url}\">{url}</a>.</p>\n</body>\n</html>\n"
    )
}

/// `/sitemap.xml` (sitemaps.org protocol): the absolute URL of every page, in a stable order.
pub fn sitemap(site: &Site) -> String {
    // The protocol wants URLs percent-encoded; a base path may be written in any script.
    let base = format!(
        "{}{}",
        site.config.base_url.origin,
        crate::url::encode_path(&site.config.base_url.path)
    );
    let languages = &site.config.languages;
    let prefixes: Vec<String> = languages
        .iter()
        .map(|l| site.config.lang_prefix(l))
        .collect();
    let pages = crate::routes::sitemap_pages(site);
    // (URL below the base, the page below its language's root)
    let mut urls: Vec<(String, &str)> = prefixes
        .iter()
        .flat_map(|p| pages.iter().map(move |u| (format!("{p}{u}"), u.as_str())))
        .collect();
    urls.sort();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for (u, below) in urls {
        out.push_str(&format!(
            "<url><loc>{}</loc>",
            escape_attr(&format!("{base}{u}"))
        ));
        // Each page's versions in the site's languages.
        if languages.len() > 1 {
            for (l, prefix) in languages.iter().zip(&prefixes) {
                let href = format!("{base}{prefix}{below}");
                out.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    escape_attr(l),
                    escape_attr(&href)
                ));
            }
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// Seconds since 1970 at the start of a date's first day.
fn date_seconds(d: crate::values::Date) -> i64 {
    let (y, m, day) = d.first_day();
    let month = time::Month::try_from(m).unwrap_or(time::Month::January);
    time::Date::from_calendar_date(i32::from(y), month, day)
        .map(|d| d.midnight().assume_utc().unix_timestamp())
        .unwrap_or(0)
}

/// An RFC 3339 timestamp in UTC.
fn rfc3339(seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string())
}

/// `/feed.xml`: an Atom feed (RFC 4287) of the latest visits, newest first. An entry is
/// `updated` when its file was last committed (else on the visit's date) and `published` on
/// the visit's date.
pub fn feed(site: &Site, lang: &str) -> String {
    let base = format!(
        "{}{}",
        site.config.base_url.full(),
        site.config.lang_prefix(lang)
    );
    let entries: Vec<(usize, i64)> = crate::routes::feed_entries(site)
        .into_iter()
        .map(|v| {
            let e = &site.visits[v];
            let updated = e
                .source
                .committed
                .or(e.data.date.map(date_seconds))
                .unwrap_or(0);
            (v, updated)
        })
        .collect();
    let updated = entries.iter().map(|(_, t)| *t).max().unwrap_or(0);
    let title = escape_attr(site.config.title_in(lang));
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n\
         <id>{base}</id>\n<title>{title}</title>\n<updated>{updated}</updated>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{base}feed.xml\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{base}\"/>\n<author><name>{title}</name></author>\n\
         <generator>hamkor</generator>\n",
        lang = escape_attr(lang),
        base = escape_attr(&base),
        updated = rfc3339(updated),
    );
    if let Some(d) = site.config.description_in(lang) {
        out.push_str(&format!("<subtitle>{}</subtitle>\n", escape_attr(d)));
    }
    for (v, updated) in entries {
        let e = &site.visits[v];
        let tr = site.translation(&e.source.content_path, lang);
        let title = tr
            .and_then(|t| t.data.title.as_deref())
            .unwrap_or(&e.meta.title);
        let summary = tr.and_then(|t| t.summary()).unwrap_or_else(|| e.summary());
        let url = escape_attr(&format!(
            "{base}{}",
            crate::site::record_url(crate::content::model::Section::Visits, &e.meta.slug)
        ));
        out.push_str(&format!(
            "<entry>\n<id>{url}</id>\n<title>{}</title>\n<updated>{}</updated>\n",
            escape_attr(title),
            rfc3339(updated)
        ));
        if let Some(d) = e.data.date {
            out.push_str(&format!(
                "<published>{}</published>\n",
                rfc3339(date_seconds(d))
            ));
        }
        out.push_str(&format!(
            "<link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n"
        ));
        if !summary.is_empty() {
            out.push_str(&format!("<summary>{}</summary>\n", escape_attr(summary)));
        }
        out.push_str("</entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// `/robots.txt`: everything may be crawled; the sitemap is named. (Crawlers read robots.txt
/// only at the host's root, so under a sub-path it serves whoever copies it there.)
pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        site.config.base_url.full()
    )
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
    /// Empty slots for every entry of `site`.
    pub fn new(site: &Site) -> PerEntry<T> {
        let slots = |n: usize| (0..n).map(|_| std::sync::OnceLock::new()).collect();
        PerEntry {
            partners: slots(site.partners.len()),
            visits: slots(site.visits.len()),
            programs: slots(site.programs.len()),
        }
    }
}

/// Appends `s` as a JSON string, quotes included.
pub fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = std::fmt::Write::write_fmt(out, format_args!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Escapes text for an HTML attribute or element.
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Renders one route to bytes.
pub fn render_route(
    site: &Site,
    theme: &Theme,
    shared: &Shared,
    cards: &views::Cards,
    bodies: &search::Bodies,
    route: &Route,
) -> Result<Vec<u8>, tera::Error> {
    let strings = |key: &str| shared.string(key);
    let mut v = Views::new(site, &shared.lang, &strings, Some(cards));
    if let Some(world) = &theme.world {
        v = v.with_world(world);
    }
    let mut ctx = tera::Context::new();
    ctx.insert_value("site", shared.site.clone());
    ctx.insert_value("t", shared.t.clone());
    match &route.kind {
        RouteKind::Home => ctx.insert("page", &v.home()),
        RouteKind::Partners => ctx.insert("page", &v.partners()),
        RouteKind::Partner(i) => ctx.insert("page", &v.partner(*i)),
        RouteKind::Countries => ctx.insert("page", &v.countries()),
        RouteKind::Country(c) => ctx.insert("page", &v.country_page(*c)),
        RouteKind::Kinds => ctx.insert("page", &v.kinds()),
        RouteKind::Kind(i) => ctx.insert("page", &v.kind_page(*i)),
        RouteKind::Areas => ctx.insert("page", &v.areas()),
        RouteKind::Area(i) => ctx.insert("page", &v.area_page(*i)),
        RouteKind::Visits(n) => ctx.insert("page", &v.visits(*n)),
        RouteKind::Visit(i) => ctx.insert("page", &v.visit(*i)),
        RouteKind::Programs => ctx.insert("page", &v.programs()),
        RouteKind::Program(i) => ctx.insert("page", &v.program(*i)),
        RouteKind::Page(i) => ctx.insert("page", &v.page(*i)),
        RouteKind::NotFound => ctx.insert("page", &v.not_found()),
        RouteKind::Alias(target) => return Ok(redirect_page(&site.path(target)).into_bytes()),
        RouteKind::Sitemap => return Ok(sitemap(site).into_bytes()),
        RouteKind::Robots => return Ok(robots(site).into_bytes()),
        RouteKind::Feed => return Ok(feed(site, &shared.lang).into_bytes()),
        RouteKind::SearchIndex => {
            return Ok(search::index(site, &shared.lang, &v.language_root(), bodies).into_bytes());
        }
    }
    let mut buf = Vec::with_capacity(16 * 1024);
    theme
        .tera
        .render_to(template_of(&route.kind), &ctx, &mut buf)?;
    Ok(buf)
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
        let lookup = |key: &str| strings.get(key).cloned().unwrap_or_else(|| key.to_string());
        let v = Views::new(site, lang, &lookup, None);
        let site_value = tera::Value::from_serializable(&v.site());
        let t = tera::Value::from_serializable(&strings);
        Shared {
            lang: lang.to_string(),
            site: site_value,
            t,
            strings,
        }
    }

    /// A UI string, or its key when the theme lacks it.
    pub fn string(&self, key: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }
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
/// [`crate::routes::fingerprint`], plus everything pages share and `generation`, which the
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
    let cards: Vec<views::Cards> = shared.iter().map(|_| views::Cards::new(site)).collect();
    let bodies = search::Bodies::new(site);
    // Fingerprint every route, in parallel; render only those whose fingerprint changed.
    // (fingerprint, keep the previous bytes, deferred)
    let fingerprinted: Vec<(u64, bool, bool)> = routes
        .par_iter()
        .enumerate()
        .map(|(i, r)| {
            let mut h = crate::hash::hasher();
            shared_hash.hash(&mut h);
            crate::routes::fingerprint(site, r).hash(&mut h);
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
                return (old, true, true);
            }
            (fp, before == Some(fp), false)
        })
        .collect();
    let deferred = fingerprinted.iter().any(|(_, _, deferred)| *deferred);
    // With a staging folder, pages go to disk as soon as they are rendered instead of being
    // held in memory (a build); otherwise they are kept (serve).
    type Page = (String, Result<Option<Bytes>, PageError>);
    let fresh: Vec<Page> = routes
        .par_iter()
        .zip(fingerprinted.par_iter())
        .filter(|(_, (_, keep, _))| !keep)
        .map(|(r, _)| {
            let result = render_route(site, theme, &shared[r.lang], &cards[r.lang], &bodies, r)
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
        fingerprints: fingerprinted.iter().map(|(fp, _, _)| *fp).collect(),
        ..Rendered::default()
    };
    match &previous {
        // Same routes: the previous pages with the re-rendered ones swapped in.
        Some(p) if p.same_routes => out.output = p.output.clone(),
        _ => {
            let kept = previous.as_ref().map(|p| p.output);
            for (r, (_, keep, _)) in routes.iter().zip(&fingerprinted) {
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
    for (path, source) in &site.assets {
        out.output
            .files
            .entry(path.clone())
            .or_insert_with(|| Bytes::File(site.config.root.join(source)));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_strings_read_back_as_written() {
        let text = "say \"hi\"\\ then\nnew line\ttab\r\u{1} and Košice";
        let mut out = String::new();
        super::push_json_str(&mut out, text);
        assert_eq!(
            serde_json::from_str::<String>(&out).ok().as_deref(),
            Some(text)
        );
        assert!(!out.contains('\n'));
    }
}
