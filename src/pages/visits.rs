//! `/visits/`, `/visits/page/<n>/`: every visit, newest first, a page at a time.

use serde::Serialize;

use crate::content::model::{Page, Section};
use crate::site::Site;

use super::cards::{Shown, VisitSource};
use super::context::{Common, Context};
use super::{Card, LangPath, Source};

/// The template.
pub const TEMPLATE: &str = "visits.html";

/// The path of page `n` (from 1) of the list.
pub fn path(n: usize) -> LangPath {
    LangPath::new(if n <= 1 {
        "visits/".to_string()
    } else {
        format!("visits/page/{n}/")
    })
}

/// The address people and tools try for the first page, which redirects to it.
pub fn first_page_alias() -> LangPath {
    LangPath::new("visits/page/1/".into())
}

/// How many pages the list has.
pub fn pages(site: &Site) -> usize {
    site.visits_newest
        .len()
        .div_ceil(site.config.page_size)
        .max(1)
}

/// What one page of the list reads.
#[derive(Hash)]
pub struct Inputs<'a> {
    /// Later pages show no intro text, but their title and meta description come from the
    /// intro and its translations, so every page reads the whole intro.
    intro: Option<Shown<'a, Page>>,
    n: usize,
    pages: usize,
    total: usize,
    visits: Vec<&'a VisitSource<'a>>,
}

/// What page `n` reads of the site.
pub fn inputs(src: Source<'_>, n: usize) -> Inputs<'_> {
    let s = src.site;
    let size = s.config.page_size;
    let on_page: Vec<usize> = s
        .visits_newest
        .iter()
        .skip((n - 1) * size)
        .take(size)
        .copied()
        .collect();
    Inputs {
        intro: super::page::intro(src, Section::Visits),
        n,
        pages: pages(s),
        total: s.visits.len(),
        visits: src.cards.visits(&on_page),
    }
}

/// Pagination.
#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    /// This page's number, from 1.
    pub current: usize,
    /// Number of pages.
    pub total: usize,
    /// URL of the previous (newer) page.
    pub prev: Option<String>,
    /// URL of the next (older) page.
    pub next: Option<String>,
    /// Pages to offer: the first, the last and two on each side of the current one, with
    /// `gap` entries where numbers are left out. Short lists have every page.
    pub window: Vec<PagerLink>,
}

/// One entry of a pager window.
#[derive(Debug, Clone, Serialize)]
pub struct PagerLink {
    /// Page number (0 for a gap).
    pub number: usize,
    /// URL (empty for a gap).
    pub url: String,
    /// Whether it is the current page.
    pub current: bool,
    /// Whether this entry stands for left-out numbers ("…").
    pub gap: bool,
}

/// The page numbers a pager shows: first, last, and `current ± 2`, with gaps between.
pub fn pager_window(current: usize, total: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for n in 1..=total {
        let near = n + 2 >= current && n <= current + 2;
        if n == 1 || n == total || near {
            if out
                .last()
                .is_some_and(|&last: &usize| last != 0 && n > last + 1)
            {
                out.push(0);
            }
            out.push(n);
        }
    }
    out
}

/// `visits.html`: one page of the visits list.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// Title, URL, permalink, description, section.
    #[serde(flatten)]
    pub common: Common,
    /// HTML of `content/visits/_index.md`.
    pub content: String,
    /// Visits on this page, newest first, undated last.
    pub visits: Vec<Card>,
    /// Pagination.
    pub pager: Pager,
    /// Number of visits in all.
    pub total: usize,
}

/// The page's view.
pub fn view(i: &Inputs, cx: &Context) -> View {
    let n = i.n;
    let (mut title, content, description) =
        super::page::intro_text(i.intro.as_ref(), Section::Visits, cx);
    if n > 1 {
        title = format!("{title} ({} {n})", cx.t("page"));
    }
    let page_url = |k: usize| cx.href(&path(k));
    View {
        common: cx.common(title, &path(n), description, "visits"),
        content: if n == 1 { content } else { String::new() },
        visits: i.visits.iter().map(|v| v.card(cx)).collect(),
        pager: Pager {
            current: n,
            total: i.pages,
            prev: (n > 1).then(|| page_url(n - 1)),
            next: (n < i.pages).then(|| page_url(n + 1)),
            window: pager_window(n, i.pages)
                .into_iter()
                .map(|k| PagerLink {
                    number: k,
                    url: if k == 0 { String::new() } else { page_url(k) },
                    current: k == n,
                    gap: k == 0,
                })
                .collect(),
        },
        total: i.total,
    }
}

#[cfg(test)]
mod tests {
    use super::pager_window;

    #[test]
    fn pager_windows_keep_ends_and_neighbours() {
        assert_eq!(pager_window(1, 1), [1]);
        assert_eq!(pager_window(1, 4), [1, 2, 3, 4]);
        assert_eq!(pager_window(1, 10), [1, 2, 3, 0, 10]);
        assert_eq!(pager_window(6, 10), [1, 0, 4, 5, 6, 7, 8, 0, 10]);
        assert_eq!(pager_window(10, 10), [1, 0, 8, 9, 10]);
        assert_eq!(pager_window(4, 10), [1, 2, 3, 4, 5, 6, 0, 10]);
    }
}
