//! `/programs/`: every joint program, newest first and grouped by kind.

use serde::Serialize;

use crate::content::model::{Page, Section};

use super::cards::{ProgramSource, Shown};
use super::context::{Common, Context, Term};
use super::{Card, LangPath, Source};

/// The template.
pub const TEMPLATE: &str = "programs.html";

/// The page's path.
pub fn path() -> LangPath {
    LangPath::new("programs/".into())
}

/// What the page reads.
#[derive(Hash)]
pub struct Inputs<'a> {
    intro: Option<Shown<'a, Page>>,
    programs: Vec<&'a ProgramSource<'a>>,
}

/// What the page reads of the site.
pub fn inputs(src: Source<'_>) -> Inputs<'_> {
    Inputs {
        intro: super::page::intro(src, Section::Programs),
        programs: src.cards.programs(&src.site.programs_newest),
    }
}

/// Programs of one kind.
#[derive(Debug, Clone, Serialize)]
pub struct ProgramGroup {
    /// The kind (its `url` is none: program kinds have no pages).
    pub kind: Term,
    /// Its programs, newest first.
    pub programs: Vec<Card>,
}

/// `programs.html`: all programs.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// Title, URL, permalink, description, section.
    #[serde(flatten)]
    pub common: Common,
    /// HTML of `content/programs/_index.md`.
    pub content: String,
    /// All programs, newest first, undated last.
    pub programs: Vec<Card>,
    /// The same programs grouped by kind, in vocabulary order.
    pub kinds: Vec<ProgramGroup>,
}

/// The page's view.
pub fn view(i: &Inputs, cx: &Context) -> View {
    let (title, content, description) =
        super::page::intro_text(i.intro.as_ref(), Section::Programs, cx);
    let mut order: Vec<&ProgramSource> = i.programs.clone();
    order.sort_by_key(|g| cx.config.program_kinds.index(g.kind().as_str()));
    let mut kinds: Vec<ProgramGroup> = Vec::new();
    for g in order {
        let kind = g.kind();
        if kinds.last().is_none_or(|k| k.kind.slug != kind.as_str()) {
            kinds.push(ProgramGroup {
                kind: cx.program_kind(kind),
                programs: Vec::new(),
            });
        }
        if let Some(k) = kinds.last_mut() {
            k.programs.push(g.card(cx));
        }
    }
    View {
        common: cx.common(title, &path(), description, "programs"),
        content,
        programs: i.programs.iter().map(|g| g.card(cx)).collect(),
        kinds,
    }
}
