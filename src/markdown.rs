//! Markdown to HTML with pulldown-cmark, plus what templates and link checks need from it.
//!
//! Besides the HTML this records the headings (with unique `id`s, for anchors and a table of
//! contents), the summary (text before `<!-- more -->`, or the first paragraph), and every
//! internal link written `@/path/to/file.md#anchor`. Internal links cannot be resolved while a
//! single file is parsed (the target's slug lives in another file), so the HTML keeps a
//! splice point for each one and [`Markdown::html_with`] fills in the URLs at render time.

use std::collections::{HashMap, HashSet, VecDeque};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::diagnostic::Pos;
use crate::values::slugify;

mod html;

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

/// A link or image to a path of the site, written as a site path (`/partners/x/`) or relative
/// to the page (`photo.jpg`, `../visits/y/`), in Markdown or in raw HTML (`<a href>`,
/// `<img src>`, `srcset`…): checked against the site's pages and files when the site is linked.
/// Same-page anchors (`#history`) are recorded too, for their fragment to be checked; external
/// addresses and `@/` links are not.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PathLink {
    /// The destination as written (before the base path is added).
    pub dest: String,
    /// What it is, in an editor's words: `link` (to a page or a file), else what file it must
    /// lead to: `image` (`![…](…)`, `<img>`), `video`, `audio`, `file`.
    pub what: &'static str,
    /// Where the destination is written, in the file.
    pub pos: Pos,
    /// Characters of the destination, for the caret.
    pub width: usize,
}

/// Whether a link destination names a path of this site rather than another address: no
/// scheme (`https:`, `mailto:`, `tel:`…), not protocol-relative (`//host`), not only an anchor.
pub fn is_site_path(dest: &str) -> bool {
    if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") {
        return false;
    }
    // A scheme is letters, digits, `+`, `-` and `.` before a `:` that comes before any `/?#`.
    let head = dest.split(['/', '?', '#']).next().unwrap_or("");
    let has_scheme = head.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    !has_scheme
}

/// Whether an image written `dest` may be a photo of the entry's bundle, to be offered in
/// several sizes: a relative address of a JPEG, PNG or WebP file, inside the bundle's folder.
pub fn is_photo_path(dest: &str) -> bool {
    let ext = dest.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    is_site_path(dest)
        && !dest.starts_with('/')
        && !dest.contains(['?', '#', '%', '\\'])
        && !dest
            .split('/')
            .any(|s| s.is_empty() || s == ".." || s == ".")
        && matches!(ext.as_deref(), Some("jpg" | "jpeg" | "png" | "webp"))
}

/// An image of a body that may be a photo of the bundle (see [`is_photo_path`]): the page
/// shows it as a `<picture>` when it is one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BodyImage {
    /// Its address: `paths[path]`.
    pub path: usize,
    /// The alt text (the image's text in Markdown).
    pub alt: String,
    /// The title, or empty.
    pub title: String,
}

/// Whether a link destination is only a fragment of its page (`#history`).
pub fn is_fragment(dest: &str) -> bool {
    dest.len() > 1 && dest.starts_with('#')
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
    /// Byte positions in `html` where something is filled in at render time, in order.
    splices: Vec<(usize, Splice)>,
    /// Internal links in order of appearance.
    pub links: Vec<InternalLink>,
    /// Links and images to site paths, in order of appearance.
    pub paths: Vec<PathLink>,
    /// The images that may be photos of the bundle, in order of appearance.
    pub images: Vec<BodyImage>,
    /// The heading ids, for anchor checks.
    pub anchors: Vec<String>,
    /// Table of contents (nested).
    pub toc: Vec<TocEntry>,
    /// Plain-text summary: the text before `<!-- more -->`, or the first paragraph.
    pub summary: String,
}

const PLACEHOLDER: &str = "hamkor-internal-link:";

/// Marks a relative address, which may need the bundle's address in front (see
/// [`Markdown::html_with_files`]).
const RELATIVE: &str = "hamkor-relative-link:";

/// Marks where an image that may be a photo of the bundle goes.
const PICTURE: &str = "hamkor-picture:";

/// What goes at a splice point of the HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Splice {
    /// The URL of `links[i]`.
    Link(usize),
    /// Possibly a prefix for the relative address `paths[i]`.
    Relative(usize),
    /// The whole element of `images[i]`.
    Picture(usize),
}

/// Ends the summary.
const MORE: &str = "<!-- more -->";

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Where a body sits in its file, to give links file positions.
#[derive(Debug, Clone, Copy, Default)]
pub struct BodyOrigin {
    /// Lines before the body.
    pub line_offset: usize,
}

/// Renders `text`; root-relative links (`/partners/x/`) get `base_path` in front.
pub fn render(text: &str, origin: BodyOrigin, base_path: &str) -> Markdown {
    let mut out = Markdown::default();
    let mut pass = Pass {
        events: Parser::new_ext(text, options()).into_offset_iter(),
        text,
        origin,
        base_path,
        out: &mut out,
        used_ids: HashSet::new(),
        next_suffix: Default::default(),
        flat_toc: Vec::new(),
        heading: VecDeque::new(),
        pending: VecDeque::new(),
        summary: Summary::new(text),
    };
    // The events stream straight into the HTML writer: holding them all (over a hundred bytes
    // each) made a deeply nested body cost far more memory than its text.
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, pass.by_ref());
    let Pass {
        flat_toc, summary, ..
    } = pass;
    out.toc = nest(flat_toc);
    out.summary = summary.finish();
    // Cut the placeholders out, remembering where each URL goes.
    let mut clean = String::with_capacity(html.len());
    let mut rest = html.as_str();
    let marks = [PLACEHOLDER, RELATIVE, PICTURE];
    while let Some((at, mark)) = marks
        .iter()
        .filter_map(|m| rest.find(m).map(|at| (at, *m)))
        .min()
    {
        clean.push_str(&rest[..at]);
        let after = &rest[at + mark.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let n = after[..digits].parse::<usize>().ok();
        let mut used = digits;
        let splice = match (mark, n) {
            (PLACEHOLDER, Some(n)) if n < out.links.len() => Some(Splice::Link(n)),
            (PICTURE, Some(n)) if n < out.images.len() && after[digits..].starts_with(':') => {
                used += 1;
                Some(Splice::Picture(n))
            }
            (_, Some(n)) if n < out.paths.len() && after[digits..].starts_with(':') => {
                used += 1;
                Some(Splice::Relative(n))
            }
            _ => None,
        };
        match splice {
            Some(s) => out.splices.push((clean.len(), s)),
            None => {
                clean.push_str(mark);
                used = 0;
            }
        }
        rest = &after[used..];
    }
    clean.push_str(rest);
    out.html = clean;
    out
}

/// One pass over a body's events: gives headings unique ids, records internal links and the
/// summary, and hands each event on to the HTML writer.
struct Pass<'a, 'o> {
    events: pulldown_cmark::OffsetIter<'a>,
    text: &'a str,
    origin: BodyOrigin,
    base_path: &'a str,
    out: &'o mut Markdown,
    used_ids: HashSet<String>,
    /// The next suffix to try for each base id, so that a thousand headings of the same text
    /// do not each count up from 1 (which made long pages quadratic).
    next_suffix: HashMap<String, usize>,
    flat_toc: Vec<TocEntry>,
    /// The rest of a heading, held back until its text (and so its id) is known.
    heading: VecDeque<Event<'a>>,
    /// The rest of an HTML block, read ahead to see its tags whole.
    pending: VecDeque<Event<'a>>,
    summary: Summary,
}

impl<'a> Iterator for Pass<'a, '_> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(e) = self.heading.pop_front() {
            return Some(e);
        }
        let mut first = self.next_event()?;
        if let Event::Start(Tag::Heading { level, id, .. }) = &mut first {
            let mut title = String::new();
            while let Some(e) = self.next_event() {
                if let Event::Text(t) | Event::Code(t) = &e {
                    title.push_str(t);
                }
                let end = matches!(e, Event::End(TagEnd::Heading(_)));
                self.heading.push_back(e);
                if end {
                    break;
                }
            }
            let unique = self.unique_id(id.as_deref(), &title);
            *id = Some(CowStr::from(unique.clone()));
            self.out.anchors.push(unique.clone());
            self.flat_toc.push(TocEntry {
                level: level_number(*level),
                id: unique,
                title: title.trim().to_string(),
                children: Vec::new(),
            });
        }
        Some(first)
    }
}

impl<'a> Pass<'a, '_> {
    /// The next event with its links rewritten, after the summary has seen it.
    fn next_event(&mut self) -> Option<Event<'a>> {
        if let Some(e) = self.pending.pop_front() {
            return Some(e);
        }
        let (mut event, range) = self.events.next()?;
        self.summary.see(&event);
        let (dest, what) = match &mut event {
            // `<someone@example.org>`: an address without its `mailto:`.
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                ..
            }) => return Some(event),
            Event::Start(Tag::Link { dest_url, .. }) => (dest_url, "link"),
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) if is_photo_path(dest_url) => {
                let (pos, width) = locate_dest(self.text, range, dest_url, self.origin);
                let path = self.out.paths.len();
                self.out.paths.push(PathLink {
                    dest: dest_url.to_string(),
                    what: "image",
                    pos,
                    width,
                });
                let title = title.to_string();
                // The alt text is the image's text, up to its end.
                let mut alt = String::new();
                let mut depth = 0;
                for (e, _) in self.events.by_ref() {
                    self.summary.see(&e);
                    match &e {
                        Event::Start(Tag::Image { .. }) => depth += 1,
                        Event::End(TagEnd::Image) if depth == 0 => break,
                        Event::End(TagEnd::Image) => depth -= 1,
                        Event::Text(t) | Event::Code(t) => alt.push_str(t),
                        Event::SoftBreak | Event::HardBreak => alt.push(' '),
                        _ => {}
                    }
                }
                let n = self.out.images.len();
                self.out.images.push(BodyImage { path, alt, title });
                return Some(Event::InlineHtml(CowStr::from(format!("{PICTURE}{n}:"))));
            }
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, "image"),
            Event::InlineHtml(h) => {
                // An inline tag is one event; its text is the source's unless it spans lines
                // of a block quote, where the `>` are left out.
                let start = range.start;
                let same = self.text.get(range) == Some(&**h);
                let at = |k: usize| same.then_some(start + k);
                if let Some(new) = self.html(h, start, at) {
                    *h = CowStr::from(new);
                }
                return Some(event);
            }
            Event::Start(Tag::HtmlBlock) => {
                self.html_block();
                return Some(event);
            }
            _ => return Some(event),
        };
        if let Some(rest) = dest.strip_prefix("@/") {
            let (target, anchor) = match rest.split_once('#') {
                Some((t, a)) => (t.to_string(), Some(a.to_string())),
                None => (rest.to_string(), None),
            };
            let (pos, width) = locate_dest(self.text, range, dest, self.origin);
            *dest = CowStr::from(format!("{PLACEHOLDER}{}", self.out.links.len()));
            self.out.links.push(InternalLink {
                target,
                anchor,
                pos,
                width,
            });
        } else if is_site_path(dest) || is_fragment(dest) {
            let (pos, width) = locate_dest(self.text, range, dest, self.origin);
            let n = self.out.paths.len();
            self.out.paths.push(PathLink {
                dest: dest.to_string(),
                what,
                pos,
                width,
            });
            if dest.starts_with('/') && self.base_path != "/" {
                *dest = CowStr::from(format!("{}{}", self.base_path.trim_end_matches('/'), dest));
            } else if self.marks_relative(dest) {
                *dest = CowStr::from(format!("{RELATIVE}{n}:{dest}"));
            }
        }
        Some(event)
    }

    /// Whether `dest` is a relative address that may need the bundle's address in front: on
    /// a page under a language (`/ru/partners/x/`), a bundle's files are not beside the page.
    fn marks_relative(&self, dest: &str) -> bool {
        !dest.starts_with(['/', '?', '#'])
    }

    /// Reads the rest of an HTML block (an event per line) and checks its tags whole; the
    /// block is handed on as one event.
    fn html_block(&mut self) {
        let mut joined = String::new();
        // Where each line starts in `joined`, and in the source if it is the source's text.
        let mut lines: Vec<(usize, Option<usize>)> = Vec::new();
        let mut end = None;
        let mut near = None;
        for (e, range) in self.events.by_ref() {
            self.summary.see(&e);
            match e {
                Event::Html(h) => {
                    near.get_or_insert(range.start);
                    let source = (self.text.get(range.clone()) == Some(&*h)).then_some(range.start);
                    lines.push((joined.len(), source));
                    joined.push_str(&h);
                }
                other => {
                    end = Some(other);
                    break;
                }
            }
        }
        let at = |k: usize| {
            let i = lines
                .partition_point(|&(from, _)| from <= k)
                .checked_sub(1)?;
            let (from, source) = lines[i];
            source.map(|s| s + k - from)
        };
        let html = self.html(&joined, near.unwrap_or(0), at).unwrap_or(joined);
        self.pending.push_back(Event::Html(CowStr::from(html)));
        self.pending.extend(end);
    }

    /// Records the addresses of an HTML fragment that starts at byte `near` of the body, and
    /// whose byte `k` is at `source(k)` where that is known; the fragment rewritten if some
    /// address needs the base path, an internal link's URL or a mark.
    fn html(
        &mut self,
        html: &str,
        near: usize,
        source: impl Fn(usize) -> Option<usize>,
    ) -> Option<String> {
        if !html.contains('=') {
            return None;
        }
        let mut out = String::new();
        let mut last = 0;
        for a in html::addresses(html) {
            let raw = &html[a.span.clone()];
            let at = source(a.span.start)
                .or_else(|| Some(near + self.text.get(near..)?.find(raw)?))
                .unwrap_or(near);
            let pos = Pos::of_offset(self.text, at);
            let pos = Pos {
                line: pos.line + self.origin.line_offset,
                col: pos.col,
            };
            let width = raw.chars().count();
            let insert = if let Some(rest) = a.value.strip_prefix("@/") {
                let (target, anchor) = match rest.split_once('#') {
                    Some((t, a)) => (t.to_string(), Some(a.to_string())),
                    None => (rest.to_string(), None),
                };
                let n = self.out.links.len();
                self.out.links.push(InternalLink {
                    target,
                    anchor,
                    pos,
                    width,
                });
                // The whole address is replaced by the link's URL.
                out.push_str(&html[last..a.span.start]);
                out.push_str(&format!("{PLACEHOLDER}{n}"));
                last = a.span.end;
                continue;
            } else if is_site_path(&a.value) || is_fragment(&a.value) {
                let n = self.out.paths.len();
                let insert = if a.value.starts_with('/') && self.base_path != "/" {
                    Some(self.base_path.trim_end_matches('/').to_string())
                } else if self.marks_relative(&a.value) {
                    Some(format!("{RELATIVE}{n}:"))
                } else {
                    None
                };
                self.out.paths.push(PathLink {
                    dest: a.value,
                    what: a.what,
                    pos,
                    width,
                });
                insert
            } else {
                None
            };
            if let Some(insert) = insert {
                out.push_str(&html[last..a.span.start]);
                out.push_str(&insert);
                last = a.span.start;
            }
        }
        if last == 0 {
            return None;
        }
        out.push_str(&html[last..]);
        Some(out)
    }

    /// The id `{#explicit}` or one made from the heading's text, unique within the page.
    fn unique_id(&mut self, explicit: Option<&str>, title: &str) -> String {
        let base = match explicit {
            Some(id) => id.to_string(),
            None => match slugify(title) {
                s if s.is_empty() => "section".to_string(),
                s => s,
            },
        };
        let mut unique = base.clone();
        let n = self.next_suffix.entry(base.clone()).or_insert(1);
        while !self.used_ids.insert(unique.clone()) {
            unique = format!("{base}-{n}");
            *n += 1;
        }
        unique
    }
}

/// The summary: the text before `<!-- more -->` if the body has one, else the first paragraph.
struct Summary {
    first_paragraph: String,
    paragraph: Progress,
    /// The text so far, while a marker may still come.
    before_more: Option<String>,
    more_found: bool,
}

#[derive(PartialEq)]
enum Progress {
    Waiting,
    Collecting,
    Done,
}

impl Summary {
    fn new(body: &str) -> Summary {
        // Marker events are slices of the body, so a body without the marker cannot have one,
        // and its summary need not hold all the text in case one turns up.
        Summary {
            first_paragraph: String::new(),
            paragraph: Progress::Waiting,
            before_more: body.contains(MORE).then(String::new),
            more_found: false,
        }
    }

    fn see(&mut self, e: &Event<'_>) {
        if let Some(before) = self.before_more.as_mut().filter(|_| !self.more_found) {
            match e {
                Event::Html(h) | Event::InlineHtml(h) if h.contains(MORE) => self.more_found = true,
                e => push_text(before, e),
            }
        }
        match self.paragraph {
            Progress::Waiting if matches!(e, Event::Start(Tag::Paragraph)) => {
                self.paragraph = Progress::Collecting;
            }
            Progress::Collecting if matches!(e, Event::End(TagEnd::Paragraph)) => {
                self.paragraph = Progress::Done;
            }
            Progress::Collecting => push_text(&mut self.first_paragraph, e),
            _ => {}
        }
    }

    fn finish(self) -> String {
        let text = match self.before_more {
            Some(before) if self.more_found => before,
            // The marker only in code, say: not a real marker.
            _ => self.first_paragraph,
        };
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// Adds what `e` contributes to a plain-text summary.
fn push_text(to: &mut String, e: &Event<'_>) {
    match e {
        Event::Text(t) | Event::Code(t) => to.push_str(t),
        Event::SoftBreak
        | Event::HardBreak
        | Event::End(TagEnd::Paragraph)
        | Event::End(TagEnd::Heading(_))
        | Event::End(TagEnd::Item) => to.push(' '),
        _ => {}
    }
}

fn locate_dest(text: &str, range: Range<usize>, dest: &str, origin: BodyOrigin) -> (Pos, usize) {
    let span = &text[range.clone()];
    // A reference link (`[x][ref]`) has its destination in the definition (`[ref]: /x/`),
    // outside the link's span: its first mention in the body is that definition.
    let at = span
        .find(dest as &str)
        .map(|k| range.start + k)
        .or_else(|| text.find(dest as &str).filter(|_| !dest.is_empty()))
        .unwrap_or(range.start);
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
    pub fn html_with(&self, url_of: impl FnMut(&InternalLink) -> String) -> String {
        self.html_with_files(url_of, |_| None)
    }

    /// The HTML with internal links filled in by `url_of(link)`, and the prefix
    /// `prefix_of(path)`, if any, put in front of each relative address: on a page under a
    /// language, the bundle's address for an address that leads to one of its files.
    pub fn html_with_files(
        &self,
        url_of: impl FnMut(&InternalLink) -> String,
        prefix_of: impl FnMut(&PathLink) -> Option<String>,
    ) -> String {
        self.html_with_pictures(url_of, prefix_of, |_, _| None)
    }

    /// Like [`Markdown::html_with_files`], with `picture_of(image, nth)` giving the HTML of
    /// each image that may be a photo of the bundle (`nth` counts them from 0); where it gives
    /// none, the image is an `<img>` as Markdown writes it.
    pub fn html_with_pictures(
        &self,
        mut url_of: impl FnMut(&InternalLink) -> String,
        mut prefix_of: impl FnMut(&PathLink) -> Option<String>,
        mut picture_of: impl FnMut(&BodyImage, usize) -> Option<String>,
    ) -> String {
        if self.splices.is_empty() {
            return self.html.clone();
        }
        let mut out = String::with_capacity(self.html.len() + 64 * self.splices.len());
        let mut last = 0;
        for &(at, splice) in &self.splices {
            out.push_str(&self.html[last..at]);
            let url = match splice {
                Splice::Link(n) => Some(url_of(&self.links[n])),
                Splice::Relative(n) => prefix_of(&self.paths[n]),
                Splice::Picture(n) => {
                    let image = &self.images[n];
                    let html = picture_of(image, n).unwrap_or_else(|| {
                        let path = &self.paths[image.path];
                        let src = format!("{}{}", prefix_of(path).unwrap_or_default(), path.dest);
                        plain_img(&src, &image.alt, &image.title)
                    });
                    out.push_str(&html);
                    last = at;
                    continue;
                }
            };
            if let Some(url) = url {
                out.push_str(&pulldown_cmark_escape_href(&url));
            }
            last = at;
        }
        out.push_str(&self.html[last..]);
        out
    }
}

/// An `<img>` as pulldown-cmark writes it.
fn plain_img(src: &str, alt: &str, title: &str) -> String {
    let mut out = String::with_capacity(src.len() + alt.len() + 24);
    let events = [
        Event::Start(Tag::Image {
            link_type: LinkType::Inline,
            dest_url: CowStr::from(src),
            title: CowStr::from(title),
            id: CowStr::from(""),
        }),
        Event::Text(CowStr::from(alt)),
        Event::End(TagEnd::Image),
    ];
    pulldown_cmark::html::push_html(&mut out, events.into_iter());
    out
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
        render(text, BodyOrigin::default(), "/coop/")
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
        // A marker shown as code is not one.
        assert_eq!(md("Intro.\n\n    <!-- more -->\n\nLast.").summary, "Intro.");
    }

    #[test]
    fn links_inside_headings_are_recorded_and_the_heading_keeps_its_text() {
        let m = md("## See [Yonsei](@/partners/yonsei.md) now\n\n## See Yonsei now\n");
        assert_eq!(m.anchors, ["see-yonsei-now", "see-yonsei-now-1"]);
        assert_eq!(m.links.len(), 1);
        assert_eq!(m.toc[0].title, "See Yonsei now");
        let html = m.html_with(|_| "/coop/partners/yonsei/".into());
        assert!(
            html.starts_with(
                "<h2 id=\"see-yonsei-now\">See <a href=\"/coop/partners/yonsei/\">Yonsei</a> now</h2>"
            ),
            "{html}"
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
    fn site_paths_are_recorded_and_other_addresses_are_not() {
        let m = md(
            "[a](/partners/x/) ![b](photo.jpg) [c](../v/) [d](https://x.org/) \
             [e](mailto:a@b.org) [f](tel:+1) [g](//cdn.org/x) [h](#top) <a@b.org> [i](@/x.md) \
             [j](a:b/c) [k](docs/a:b.pdf) [l](?q=1)",
        );
        let dests: Vec<(&str, &str)> = m.paths.iter().map(|p| (p.dest.as_str(), p.what)).collect();
        assert_eq!(
            dests,
            [
                ("/partners/x/", "link"),
                ("photo.jpg", "image"),
                ("../v/", "link"),
                ("#top", "link"),
                ("docs/a:b.pdf", "link"),
                ("?q=1", "link")
            ]
        );
        assert_eq!(m.paths[1].pos, Pos { line: 1, col: 24 });
        assert_eq!(m.paths[1].width, 9);
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
