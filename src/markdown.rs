//! Markdown to HTML with pulldown-cmark, plus what templates and link checks need from it.
//!
//! Besides the HTML this records the headings (with unique `id`s, for anchors and a table of
//! contents), the summary (text before `<!-- more -->`, or the first paragraph), and every
//! internal link written `@/path/to/file.md#anchor`. Internal links cannot be resolved while a
//! single file is parsed (the target's slug lives in another file), so the HTML keeps a
//! splice point for each one and [`Markdown::html_with`] fills in the URLs at render time.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::content::values::slugify;
use crate::diagnostic::Pos;

/// An internal link found in a Markdown body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InternalLink {
    /// The target file relative to `content/`, e.g. `partners/yonsei-university.md`.
    pub target: String,
    /// The anchor after `#`, if any.
    pub anchor: Option<String>,
    /// Where the link's destination is written, in the file.
    pub pos: Pos,
    /// Characters of the destination, for the caret.
    pub width: usize,
}

/// One heading, for anchors and the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
pub struct TocEntry {
    /// 1 to 6.
    pub level: u8,
    /// The heading's `id`.
    pub id: String,
    /// The heading's text.
    pub title: String,
    /// Headings nested under this one.
    pub children: Vec<TocEntry>,
}

/// A rendered Markdown body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Markdown {
    /// HTML with internal link destinations cut out (see `splices`).
    html: String,
    /// Byte positions in `html` where the URL of `links[i]` goes.
    splices: Vec<(usize, usize)>,
    /// Internal links in order of appearance.
    pub links: Vec<InternalLink>,
    /// The heading ids, for anchor checks.
    pub anchors: Vec<String>,
    /// Table of contents (nested).
    pub toc: Vec<TocEntry>,
    /// Plain-text summary: the text before `<!-- more -->`, or the first paragraph.
    pub summary: String,
}

const PLACEHOLDER: &str = "hamkor-internal-link:";

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Where a body sits in its file, to give links file positions.
#[derive(Debug, Clone, Copy)]
pub struct BodyOrigin {
    /// Lines before the body.
    pub line_offset: usize,
}

/// Renders `text`; root-relative links (`/partners/x/`) get `base_path` in front.
pub fn render(text: &str, origin: BodyOrigin, base_path: &str) -> Markdown {
    let mut events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(text, options())
        .into_offset_iter()
        .collect();
    let mut out = Markdown::default();
    let mut used_ids: HashSet<String> = HashSet::new();
    // The next suffix to try for each base id, so that a thousand headings of the same text
    // do not each count up from 1 (which made long pages quadratic).
    let mut next_suffix: std::collections::HashMap<String, usize> = Default::default();
    let mut flat_toc: Vec<TocEntry> = Vec::new();

    // Headings: ids from `{#id}` or from the text, unique within the page.
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 {
            let level = *level;
            let explicit = id.as_ref().map(|s| s.to_string());
            let mut j = i + 1;
            let mut title = String::new();
            while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j].0 {
                    title.push_str(t);
                }
                j += 1;
            }
            let base = explicit.unwrap_or_else(|| {
                let s = slugify(&title);
                if s.is_empty() {
                    "section".to_string()
                } else {
                    s
                }
            });
            let mut unique = base.clone();
            let n = next_suffix.entry(base.clone()).or_insert(1);
            while !used_ids.insert(unique.clone()) {
                unique = format!("{base}-{n}");
                *n += 1;
            }
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
                *id = Some(CowStr::from(unique.clone()));
            }
            out.anchors.push(unique.clone());
            flat_toc.push(TocEntry {
                level: level_number(level),
                id: unique,
                title: title.trim().to_string(),
                children: Vec::new(),
            });
            i = j;
        }
        i += 1;
    }
    out.toc = nest(flat_toc);

    // Summary: text before `<!-- more -->`, else the first paragraph.
    let more = events.iter().position(|(e, _)| match e {
        Event::Html(h) | Event::InlineHtml(h) => h.contains("<!-- more -->"),
        _ => false,
    });
    let summary_range = match more {
        Some(end) => 0..end,
        None => {
            let start = events
                .iter()
                .position(|(e, _)| matches!(e, Event::Start(Tag::Paragraph)))
                .unwrap_or(events.len());
            let end = events[start..]
                .iter()
                .position(|(e, _)| matches!(e, Event::End(TagEnd::Paragraph)))
                .map_or(events.len(), |k| start + k);
            start..end
        }
    };
    let mut summary = String::new();
    for (e, _) in &events[summary_range] {
        match e {
            Event::Text(t) | Event::Code(t) => summary.push_str(t),
            Event::SoftBreak | Event::HardBreak => summary.push(' '),
            Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Heading(_))
            | Event::End(TagEnd::Item) => summary.push(' '),
            _ => {}
        }
    }
    out.summary = summary.split_whitespace().collect::<Vec<_>>().join(" ");

    // Links: internal ones become placeholders, root-relative ones get the base path.
    for (event, range) in events.iter_mut() {
        let dest = match event {
            Event::Start(Tag::Link { dest_url, .. }) => dest_url,
            Event::Start(Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        if let Some(rest) = dest.strip_prefix("@/") {
            let (target, anchor) = match rest.split_once('#') {
                Some((t, a)) => (t.to_string(), Some(a.to_string())),
                None => (rest.to_string(), None),
            };
            let (pos, width) = locate_dest(text, range.clone(), dest, origin);
            *dest = CowStr::from(format!("{PLACEHOLDER}{}", out.links.len()));
            out.links.push(InternalLink {
                target,
                anchor,
                pos,
                width,
            });
        } else if dest.starts_with('/') && !dest.starts_with("//") && base_path != "/" {
            *dest = CowStr::from(format!("{}{}", base_path.trim_end_matches('/'), dest));
        }
    }

    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
    // Cut the placeholders out, remembering where each URL goes.
    let mut clean = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(at) = rest.find(PLACEHOLDER) {
        clean.push_str(&rest[..at]);
        let after = &rest[at + PLACEHOLDER.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        match after[..digits].parse::<usize>() {
            Ok(n) if n < out.links.len() => out.splices.push((clean.len(), n)),
            _ => clean.push_str(PLACEHOLDER),
        }
        rest = &after[digits..];
    }
    clean.push_str(rest);
    out.html = clean;
    out
}

fn locate_dest(text: &str, range: Range<usize>, dest: &str, origin: BodyOrigin) -> (Pos, usize) {
    let span = &text[range.clone()];
    let at = span
        .find(dest as &str)
        .map_or(range.start, |k| range.start + k);
    let pos = Pos::of_offset(text, at);
    (
        Pos {
            line: pos.line + origin.line_offset,
            col: pos.col,
        },
        dest.chars().count(),
    )
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn nest(flat: Vec<TocEntry>) -> Vec<TocEntry> {
    fn push(into: &mut Vec<TocEntry>, entry: TocEntry) {
        if let Some(last) = into.last_mut()
            && entry.level > last.level
        {
            push(&mut last.children, entry);
            return;
        }
        into.push(entry);
    }
    let mut out = Vec::new();
    for e in flat {
        push(&mut out, e);
    }
    out
}

impl Markdown {
    /// Calls `f` with every character of the body's text, and a space for each tag or
    /// character reference (for the search index, without building the text first).
    pub fn text_chars(&self, mut f: impl FnMut(char)) {
        let (mut in_tag, mut in_ref) = (false, false);
        for c in self.html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => {
                    in_tag = false;
                    f(' ');
                }
                '&' if !in_tag => in_ref = true,
                ';' if in_ref => {
                    in_ref = false;
                    f(' ');
                }
                c if !in_tag && !in_ref => f(c),
                _ => {}
            }
        }
    }

    /// Whether there is no text.
    pub fn is_blank(&self) -> bool {
        self.html.trim().is_empty()
    }

    /// The HTML with internal links filled in by `url_of(link)`.
    pub fn html_with(&self, mut url_of: impl FnMut(&InternalLink) -> String) -> String {
        if self.splices.is_empty() {
            return self.html.clone();
        }
        let mut out = String::with_capacity(self.html.len() + 64 * self.splices.len());
        let mut last = 0;
        for &(at, link) in &self.splices {
            out.push_str(&self.html[last..at]);
            let url = url_of(&self.links[link]);
            out.push_str(&pulldown_cmark_escape_href(&url));
            last = at;
        }
        out.push_str(&self.html[last..]);
        out
    }
}

fn pulldown_cmark_escape_href(url: &str) -> String {
    let mut s = String::with_capacity(url.len());
    // URLs built by the site are plain ASCII paths; escape only what HTML attributes need.
    for c in url.chars() {
        match c {
            '"' => s.push_str("%22"),
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("%3C"),
            '>' => s.push_str("%3E"),
            c => s.push(c),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(text: &str) -> Markdown {
        render(text, BodyOrigin { line_offset: 0 }, "/coop/")
    }

    #[test]
    fn headings_get_unique_ids_and_nest_in_the_toc() {
        let m = md("# Intro\n\n## Areas\n\n## Areas\n\n# Next {#custom}\n");
        assert_eq!(m.anchors, ["intro", "areas", "areas-1", "custom"]);
        assert_eq!(m.toc.len(), 2);
        assert_eq!(m.toc[0].children.len(), 2);
        assert!(
            m.html_with(|_| String::new())
                .contains("<h2 id=\"areas-1\">")
        );
    }

    #[test]
    fn summary_is_the_first_paragraph_or_text_before_more() {
        assert_eq!(md("# T\n\nFirst *para*.\n\nSecond.").summary, "First para.");
        assert_eq!(
            md("One.\n\nTwo.\n\n<!-- more -->\n\nThree.").summary,
            "One. Two."
        );
    }

    #[test]
    fn internal_links_are_recorded_and_spliced() {
        let m = md("Intro\n\nSee [Yonsei](@/partners/yonsei.md#history) and [x](/about/).");
        assert_eq!(m.links.len(), 1);
        assert_eq!(m.links[0].target, "partners/yonsei.md");
        assert_eq!(m.links[0].anchor.as_deref(), Some("history"));
        assert_eq!(m.links[0].pos, Pos { line: 3, col: 14 });
        let html = m.html_with(|_| "/coop/partners/yonsei/#history".into());
        assert!(
            html.contains("href=\"/coop/partners/yonsei/#history\""),
            "{html}"
        );
        assert!(html.contains("href=\"/coop/about/\""), "{html}");
    }

    #[test]
    fn extensions_are_on() {
        let html = md("| a |\n|---|\n| b |\n\n~~x~~ - [x] \"q\"\n\nNote[^1]\n\n[^1]: foot")
            .html_with(|_| String::new());
        for needle in ["<table>", "<del>", "“q”", "footnote"] {
            assert!(html.contains(needle), "{needle} in {html}");
        }
    }
}
