//! A plain page (`content/about.md` → `/about/`), and the section intros other pages show.

use serde::Serialize;

use crate::content::model::{Entry, Page, Section};
use crate::markdown::TocEntry;
use crate::yaml::Extra;

use super::cards::Shown;
use super::context::{Common, Context};
use super::{LangPath, Source};

/// The template.
pub const TEMPLATE: &str = "page.html";

/// The path of a plain page.
pub fn path(p: &Entry<Page>) -> LangPath {
    LangPath::new(p.data.path.clone())
}

/// What the page reads.
#[derive(Hash)]
pub struct Inputs<'a> {
    page: Shown<'a, Page>,
}

/// What the site's `index`-th plain page reads.
pub fn inputs(src: Source<'_>, index: usize) -> Inputs<'_> {
    Inputs {
        page: Shown::new(src.site, &src.site.pages[index], src.lang),
    }
}

/// A section's intro (`content/visits/_index.md`), as the section's index shows it.
pub fn intro(src: Source<'_>, section: Section) -> Option<Shown<'_, Page>> {
    src.site
        .intros
        .get(&section)
        .map(|p| Shown::new(src.site, p, src.lang))
}

/// The title, HTML and description of a section's index: its intro's, or the section's name.
pub fn intro_text(
    intro: Option<&Shown<'_, Page>>,
    section: Section,
    cx: &Context,
) -> (String, String, String) {
    match intro {
        Some(p) => (p.title(), p.text(cx).0, p.summary()),
        None => (
            cx.t(&format!("nav_{}", section.dir())),
            String::new(),
            String::new(),
        ),
    }
}

/// `page.html`: a plain page.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// Title, URL, permalink, description, section.
    #[serde(flatten)]
    pub common: Common,
    /// Body HTML.
    pub content: String,
    /// Table of contents.
    pub toc: Vec<TocEntry>,
    /// `extra:`.
    pub extra: Extra,
}

/// The page's view.
pub fn view(i: &Inputs, cx: &Context) -> View {
    let p = &i.page;
    let (content, toc, fallback) = p.text(cx);
    let mut common = cx.common(p.title(), &path(p.entry), p.summary(), "page");
    common.fallback = fallback;
    View {
        common,
        content,
        toc,
        extra: p.entry.meta.extra.clone(),
    }
}
