//! Links and images written as site paths (`/partners/x/`) or relative to their page
//! (`photo.jpg`, `../visits/y/`): each must lead to a page or file the site publishes.
//!
//! What "relative" means is what the browser does with it: a relative link leads from the
//! page's address, which always ends in `/` (`/partners/x/`). A bundle's files are published
//! at that address, so in `partners/x/index.md`, `photo.jpg` is `partners/x/photo.jpg` beside
//! it. A page that is not a bundle (`content/about.md`, at `/about/`) has no files of its own:
//! its relative links lead below `/about/`. A translation's page is under its language
//! (`/ru/partners/x/`), where the bundle's files are not; still, it uses them as the original
//! does (`photo.jpg`): a relative address that leads to a file of the bundle from the bundle's
//! address is accepted, and given that address (with the base path) in front when the page is
//! rendered (see `Markdown::html_with_files`). Other relative links of a translation, to pages,
//! lead from its own address and so stay in its language.
//!
//! Links are checked against an in-memory set of every route and published file: no file is
//! looked at, so checking is linear in the number of links.

use std::path::PathBuf;
use std::sync::Arc;

use super::at_position;
use crate::diagnostic::{Diagnostic, did_you_mean, suggest_path};
use crate::hash::{FastMap, FastSet};
use crate::markdown::PathLink;

/// Where `dest`, written in the page at `page_url` (below the base, `""` or ending in `/`),
/// leads below the base, with its query and anchor cut off and its `%` escapes decoded; `None`
/// if it climbs above the site root.
pub fn resolve(dest: &str, page_url: &str) -> Option<String> {
    let path = dest.split(['?', '#']).next().unwrap_or("");
    let path = percent_decode(path);
    let (start, rel) = match path.strip_prefix('/') {
        Some(rest) => ("", rest),
        None => (page_url, path.as_str()),
    };
    let mut segments: Vec<&str> = start.split('/').filter(|s| !s.is_empty()).collect();
    let mut folder = rel.is_empty();
    for seg in rel.split('/') {
        folder = matches!(seg, "" | "." | "..");
        match seg {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            s => segments.push(s),
        }
    }
    let mut out = segments.join("/");
    if folder && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// `%20` and other escapes decoded (invalid ones kept as written), as servers read paths.
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                let (h, l) = (hex(h).unwrap_or(0), hex(l).unwrap_or(0));
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// The ids a theme's templates write (`id="facts"`, `id="year-{{ year }}"`): a fragment may
/// name one of them on any page. An id made with template code matches any fragment that
/// starts and ends as its written parts do (`year-2023`). An id that is template code only
/// (`id="{{ g.id }}"`) could be anything: it makes fragments of generated pages (lists,
/// facets) unchecked, while those of pages with a Markdown body are still checked.
#[derive(Debug, Clone, Default)]
pub struct TemplateIds {
    exact: FastSet<String>,
    patterns: Vec<(String, String)>,
    /// Whether some id is template code only.
    any: bool,
}

impl TemplateIds {
    /// The ids written in `templates` (their source text).
    pub fn of<'t>(templates: impl Iterator<Item = &'t str>) -> TemplateIds {
        let mut ids = TemplateIds::default();
        for text in templates {
            let mut rest = text;
            while let Some(at) = rest.find("id=") {
                let before = rest[..at].chars().next_back();
                let after = &rest[at + 3..];
                rest = after;
                let Some(quote) = after.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
                    continue;
                };
                if !before.is_some_and(char::is_whitespace) {
                    continue;
                }
                let Some(end) = after[1..].find(quote) else {
                    continue;
                };
                let value = &after[1..1 + end];
                match value.find("{{").or_else(|| value.find("{%")) {
                    None => {
                        ids.exact.insert(value.to_string());
                    }
                    Some(open) => {
                        let close = value.rfind("}}").max(value.rfind("%}"));
                        let tail = close.map_or("", |c| &value[c + 2..]);
                        if open == 0 && tail.is_empty() {
                            ids.any = true;
                        } else {
                            ids.patterns
                                .push((value[..open].to_string(), tail.to_string()));
                        }
                    }
                }
            }
        }
        ids
    }

    /// Whether some template writes the id `id`.
    pub fn has(&self, id: &str) -> bool {
        self.exact.contains(id)
            || self.patterns.iter().any(|(start, end)| {
                id.len() > start.len() + end.len()
                    && id.starts_with(start.as_str())
                    && id.ends_with(end.as_str())
            })
    }

    /// The ids written in full, for a "did you mean".
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.exact.iter().map(String::as_str)
    }
}

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

/// One page's links to check.
pub struct Page {
    /// The file they are written in, relative to the root.
    pub file: PathBuf,
    /// That file's text, for the line a diagnostic shows.
    pub text: Arc<str>,
    /// The file relative to `content/`.
    pub content_path: String,
    /// The page's address below the base (`partners/x/`, `ru/about/`).
    pub url: String,
    /// Whether the page is a bundle (its folder holds its files).
    pub bundle: bool,
    /// Whether it is a translation (its address is under its language).
    pub translation: bool,
    /// For a translation of a bundle, the bundle's address (`partners/x/`), where its relative
    /// addresses of the bundle's files lead.
    pub files_at: Option<String>,
    /// Its links to site paths.
    pub links: Vec<PathLink>,
}

/// A diagnostic for each link of `page` that leads nowhere.
pub fn check(page: &Page, targets: &Targets<'_>) -> Vec<Diagnostic> {
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
        None if targets.template_ids.any => return None,
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

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn relative_links_lead_from_the_page_address() {
        let page = "partners/apollo/";
        assert_eq!(
            resolve("photo.jpg", page).as_deref(),
            Some("partners/apollo/photo.jpg")
        );
        assert_eq!(
            resolve("./docs/a.pdf#page=2", page).as_deref(),
            Some("partners/apollo/docs/a.pdf")
        );
        assert_eq!(
            resolve("../yonsei/", page).as_deref(),
            Some("partners/yonsei/")
        );
        assert_eq!(
            resolve("../yonsei", page).as_deref(),
            Some("partners/yonsei")
        );
        assert_eq!(resolve("..", page).as_deref(), Some("partners/"));
        assert_eq!(resolve("../../", page).as_deref(), Some(""));
        assert_eq!(resolve("../../../x/", page), None);
        assert_eq!(
            resolve("?lang=ru", page).as_deref(),
            Some("partners/apollo/")
        );
        assert_eq!(resolve("photo.jpg", "").as_deref(), Some("photo.jpg"));
    }

    #[test]
    fn site_paths_lead_from_the_site_root() {
        let page = "ru/about/";
        assert_eq!(resolve("/", page).as_deref(), Some(""));
        assert_eq!(resolve("/partners/x", page).as_deref(), Some("partners/x"));
        assert_eq!(
            resolve("/partners/?kind=u", page).as_deref(),
            Some("partners/")
        );
        assert_eq!(resolve("/a/../b/", page).as_deref(), Some("b/"));
        assert_eq!(resolve("/../b/", page), None);
        assert_eq!(
            resolve("/p/Apollo%20logo.png", page).as_deref(),
            Some("p/Apollo logo.png")
        );
        assert_eq!(resolve("/p/100%", page).as_deref(), Some("p/100%"));
        assert_eq!(resolve("/p/%D0%BA", page).as_deref(), Some("p/к"));
    }
}
