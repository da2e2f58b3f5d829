//! `/partners/`: every partner A–Z, with the country and kind facets.

use serde::Serialize;

use crate::content::model::{Page, Section};
use crate::values::Slug;

use super::cards::{PartnerSource, Shown};
use super::context::{Common, Context, CountryCount, CountryView, FacetTerm};
use super::{Card, LangPath, Source};

/// The template.
pub const TEMPLATE: &str = "partners.html";

/// The page's path.
pub fn path() -> LangPath {
    LangPath::new("partners/".into())
}

/// What the page reads.
#[derive(Hash)]
pub struct Inputs<'a> {
    intro: Option<Shown<'a, Page>>,
    partners: Vec<&'a PartnerSource<'a>>,
    countries: Vec<CountryCount>,
    kinds: Vec<(&'a Slug, usize)>,
}

/// What the page reads of the site.
pub fn inputs(src: Source<'_>) -> Inputs<'_> {
    Inputs {
        intro: super::page::intro(src, Section::Partners),
        partners: src.cards.partners(&src.site.partners_az),
        countries: super::overview::country_counts(src),
        kinds: super::kinds::counts(src),
    }
}

/// An A–Z group of partners.
#[derive(Debug, Clone, Serialize)]
pub struct LetterGroup {
    /// The letter.
    pub letter: String,
    /// An `id` usable as an anchor.
    pub id: String,
    /// Partners under it.
    pub partners: Vec<Card>,
}

/// `partners.html`: all partners A–Z with facets.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// Title, URL, permalink, description, section.
    #[serde(flatten)]
    pub common: Common,
    /// HTML of `content/partners/_index.md`.
    pub content: String,
    /// Groups by first letter.
    pub letters: Vec<LetterGroup>,
    /// Country facet, A–Z by name.
    pub countries: Vec<CountryView>,
    /// Kind facet, in vocabulary order.
    pub kinds: Vec<FacetTerm>,
    /// Number of partners.
    pub total: usize,
}

/// The page's view.
pub fn view(i: &Inputs, cx: &Context) -> View {
    let (title, content, description) =
        super::page::intro_text(i.intro.as_ref(), Section::Partners, cx);
    // A–Z in the page's language: by the title it shows, in that language's alphabet.
    let mut order: Vec<(Vec<u32>, String, &PartnerSource)> = i
        .partners
        .iter()
        .map(|p| {
            let (key, letter) = crate::lang::collate(cx.lang, p.title());
            (key, letter, *p)
        })
        .collect();
    order.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.2.slug().cmp(b.2.slug())));
    let mut letters: Vec<LetterGroup> = Vec::new();
    for (_, letter, p) in order {
        if letters.last().is_none_or(|g| g.letter != letter) {
            let id = if letter == "#" {
                "letter-other".to_string()
            } else {
                format!("letter-{}", letter.to_lowercase().replace('ʻ', ""))
            };
            letters.push(LetterGroup {
                letter: letter.clone(),
                id,
                partners: Vec::new(),
            });
        }
        if let Some(g) = letters.last_mut() {
            g.partners.push(p.card(cx));
        }
    }
    View {
        common: cx.common(title, &path(), description, "partners"),
        content,
        letters,
        countries: cx.countries_az(&i.countries),
        kinds: super::kinds::facets(&i.kinds, cx),
        total: i.partners.len(),
    }
}
