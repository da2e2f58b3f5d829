//! What linking gathers for the check of links to site paths, which waits for the routes
//! ([`crate::pages::links`]): each page's links, and the ids the theme's templates write.

use std::path::PathBuf;
use std::sync::Arc;

use crate::hash::FastSet;
use crate::markdown::PathLink;

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

    /// Whether some id is template code only, so that any fragment may name it.
    pub fn any(&self) -> bool {
        self.any
    }

    /// The ids written in full, for a "did you mean".
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.exact.iter().map(String::as_str)
    }
}

/// One page's links to check.
#[derive(Debug, Clone)]
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
