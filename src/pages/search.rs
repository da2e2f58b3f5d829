//! The static search index: one compact JSON file per language, which the theme's script
//! searches in the browser as the reader types.
//!
//! Each partner, visit and program is a document: what a result shows (kind, title, slug,
//! a line of context) and a *key* with its country, city and areas. The body text is indexed
//! by word: a sorted vocabulary and, per word, the documents containing it as differences
//! between successive document numbers in base 36. Words found in more than a fifth of all
//! documents tell documents apart too little to be worth their size and are left out. Text is
//! normalised the same way here and in the script: lower case, accents and the Uzbek
//! apostrophes removed, Cyrillic kept.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

use rayon::prelude::*;
use unicode_normalization::char::is_combining_mark;

use crate::content::model::{Partner, Program, Visit};
use crate::site::{PartnerId, ProgramId, VisitId};
use crate::values::Slug;

use super::cards::Shown;
use super::context::Context;
use super::{LangPath, Source};

/// The index's path.
pub fn path() -> LangPath {
    LangPath::new("search.json".into())
}

/// What the index reads: every partner, visit and program, whole, in the orders of their
/// lists.
#[derive(Hash)]
pub struct Inputs<'a> {
    partners: Vec<(PartnerId, Shown<'a, Partner>)>,
    visits: Vec<(VisitId, Shown<'a, Visit>)>,
    programs: Vec<(ProgramId, Shown<'a, Program>)>,
}

/// What the index reads of the site.
pub fn inputs(src: Source<'_>) -> Inputs<'_> {
    let s = src.site;
    Inputs {
        partners: s
            .partners_az
            .iter()
            .map(|&p| (p, Shown::new(s, &s.partners[p], src.lang)))
            .collect(),
        visits: s
            .visits_newest
            .iter()
            .map(|&v| (v, Shown::new(s, &s.visits[v], src.lang)))
            .collect(),
        programs: s
            .programs_newest
            .iter()
            .map(|&g| (g, Shown::new(s, &s.programs[g], src.lang)))
            .collect(),
    }
}

/// Builds normalised text: lower case, without accents or apostrophes, words separated by
/// single spaces. Only characters outside ASCII pay for Unicode decomposition.
struct Normalizer {
    out: String,
    space: bool,
}

impl Normalizer {
    fn new(capacity: usize) -> Self {
        Normalizer {
            out: String::with_capacity(capacity),
            space: true,
        }
    }

    fn push_letter(&mut self, c: char) {
        if c.is_alphanumeric() {
            self.out.push(c);
            self.space = false;
        } else if !self.space {
            self.out.push(' ');
            self.space = true;
        }
    }

    fn push(&mut self, c: char) {
        if c.is_ascii() {
            if c != '\'' && c != '`' {
                self.push_letter(c.to_ascii_lowercase());
            }
        } else if !matches!(c, 'ʻ' | 'ʼ' | '’' | '‘') {
            unicode_normalization::char::decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    for l in d.to_lowercase() {
                        self.push_letter(l);
                    }
                }
            });
        }
    }

    fn finish(mut self) -> String {
        if self.out.ends_with(' ') {
            self.out.pop();
        }
        self.out
    }
}

/// Lower case, without accents or apostrophes; words separated by single spaces.
pub fn normalize(text: &str) -> String {
    let mut n = Normalizer::new(text.len());
    text.chars().for_each(|c| n.push(c));
    n.finish()
}

fn normalize_body(body: &crate::markdown::Markdown) -> String {
    let mut n = Normalizer::new(1024);
    body.text_chars(|c| n.push(c));
    n.finish()
}

fn base36(mut n: usize, out: &mut String) {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buf = [0u8; 16];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = DIGITS[n % 36];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.extend(buf[i..].iter().map(|b| char::from(*b)));
}

/// One document: what a result shows, its key, and its body's distinct words.
struct Doc<'a> {
    title: String,
    slug: String,
    kind: char,
    context: String,
    key: String,
    /// The body, normalised: its words are indexed.
    text: Cow<'a, str>,
}

/// The index, as JSON; paths are below the language's root. The entries' bodies are
/// normalised once, in the context's `bodies`, and shared by the indexes of every language:
/// most entries have no translation, so their words are the same in each.
pub fn file(i: &Inputs, cx: &Context) -> String {
    let config = cx.config;
    let lang = cx.lang;
    let bodies = cx.bodies;
    let base = cx.href(&super::home::path());
    let areas = |list: &[crate::values::Slug]| -> String {
        list.iter()
            .map(|a| {
                config
                    .areas
                    .title(a.as_str(), lang, &config.default_language)
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    // One document: `facts` (country, city or place, kind) and areas make its key.
    let doc = |(title, text), slug: &Slug, kind, context, facts: &str, areas: String| Doc {
        key: normalize(&format!("{facts} {areas}")),
        text,
        title,
        slug: slug.to_string(),
        kind,
        context,
    };
    let partners = i.partners.par_iter().map(|(p, shown)| {
        let e = shown.entry;
        let country = e.data.country.name(lang);
        let city = e.data.city.as_deref().unwrap_or("");
        doc(
            prose(shown, &bodies.partners[*p]),
            &e.meta.slug,
            'p',
            dot_joined(&[country, city]),
            &format!("{country} {city}"),
            areas(&e.data.areas),
        )
    });
    let visits = i.visits.par_iter().map(|(v, shown)| {
        let e = shown.entry;
        let country = e.data.country.map_or("", |c| c.name(lang));
        let place = e.data.place.as_deref().unwrap_or("");
        let date = e.data.date.map(|d| d.display(lang)).unwrap_or_default();
        doc(
            prose(shown, &bodies.visits[*v]),
            &e.meta.slug,
            'v',
            dot_joined(&[&date, place, country]),
            &format!("{country} {place}"),
            areas(&e.data.areas),
        )
    });
    let programs = i.programs.par_iter().map(|(g, shown)| {
        let e = shown.entry;
        let kind = config
            .program_kinds
            .title(e.data.kind.as_str(), lang, &config.default_language);
        doc(
            prose(shown, &bodies.programs[*g]),
            &e.meta.slug,
            'g',
            kind.clone(),
            &kind,
            areas(&e.data.areas),
        )
    });
    let mut docs: Vec<Doc> = partners.collect();
    docs.par_extend(visits);
    docs.par_extend(programs);

    // Each document's distinct words (of three letters or more), in parallel; then postings.
    let words: Vec<Vec<&str>> = docs
        .par_iter()
        .map(|d| {
            let mut seen: crate::hash::FastSet<&str> = crate::hash::FastSet::default();
            d.text
                .split(' ')
                .filter(|w| w.len() >= 3 && seen.insert(w))
                .collect()
        })
        .collect();
    let mut by_word: crate::hash::FastMap<&str, Vec<usize>> = crate::hash::FastMap::default();
    for (i, list) in words.iter().enumerate() {
        for w in list {
            by_word.entry(w).or_default().push(i);
        }
    }
    let limit = (docs.len() / 5).max(2);
    let postings: BTreeMap<&str, Vec<usize>> = by_word
        .into_iter()
        .filter(|(_, ids)| ids.len() <= limit)
        .collect();

    let mut out = String::with_capacity(96 * docs.len());
    out.push_str("{\"base\":");
    crate::escape::push_json_str(&mut out, &base);
    out.push_str(",\"docs\":[");
    for (i, d) in docs.iter().enumerate() {
        out.push_str(if i > 0 { ",[" } else { "[" });
        let _ = write!(out, "\"{}\",", d.kind);
        crate::escape::push_json_str(&mut out, &d.title);
        out.push(',');
        crate::escape::push_json_str(&mut out, &d.slug);
        out.push(',');
        crate::escape::push_json_str(&mut out, &d.context);
        out.push(',');
        crate::escape::push_json_str(&mut out, &d.key);
        out.push(']');
    }
    out.push_str("],\"words\":[");
    for (i, w) in postings.keys().enumerate() {
        if i > 0 {
            out.push(',');
        }
        crate::escape::push_json_str(&mut out, w);
    }
    out.push_str("],\"postings\":[");
    for (i, ids) in postings.values().enumerate() {
        out.push_str(if i > 0 { ",\"" } else { "\"" });
        let mut last = 0;
        for (j, &id) in ids.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            base36(id - last, &mut out);
            last = id;
        }
        out.push('"');
    }
    out.push_str("]}\n");
    out
}

/// An entry's title and normalised text in the page's language: its translation's where it
/// has them, else its own (normalised once, in `body`, for every language).
fn prose<'a, T>(shown: &Shown<'_, T>, body: &'a OnceLock<String>) -> (String, Cow<'a, str>) {
    let text = match shown.translation.filter(|t| !t.body.is_blank()) {
        Some(t) => Cow::Owned(normalize_body(&t.body)),
        None => Cow::Borrowed(
            body.get_or_init(|| normalize_body(&shown.entry.body))
                .as_str(),
        ),
    };
    (shown.title(), text)
}

/// The parts that are not empty, joined by ` · `.
fn dot_joined(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_like_the_script() {
        assert_eq!(
            normalize("Košice, Oʻzbekiston — Москва!"),
            "kosice ozbekiston москва"
        );
        assert_eq!(normalize("  Dr. D.Y. Patil's  "), "dr d y patils");
    }

    #[test]
    fn numbers_in_base_36() {
        let mut s = String::new();
        for n in [0, 35, 36] {
            base36(n, &mut s);
            s.push(' ');
        }
        assert_eq!(s, "0 z 10 ");
    }
}
