//! `/programs/<slug>/`: one joint program, with its partners.

use serde::Serialize;

use crate::content::model::Program;
use crate::markdown::TocEntry;
use crate::site::ProgramId;
use crate::values::Slug;
use crate::yaml::Extra;

use super::cards::{PartnerSource, Shown};
use super::context::{Common, Context, DateView, Term};
use super::{Card, LangPath, Source};

/// The template.
pub const TEMPLATE: &str = "program.html";

/// The path of a program's page.
pub fn path(slug: &Slug) -> LangPath {
    LangPath::new(format!("programs/{slug}/"))
}

/// What the page reads.
#[derive(Hash)]
pub struct Inputs<'a> {
    program: Shown<'a, Program>,
    partners: Vec<&'a PartnerSource<'a>>,
}

/// What the page of program `id` reads of the site.
pub fn inputs(src: Source<'_>, id: ProgramId) -> Inputs<'_> {
    let s = src.site;
    Inputs {
        program: Shown::new(s, &s.programs[id], src.lang),
        partners: src.cards.partners(&s.program_partners[id]),
    }
}

/// `program.html`: one program.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// Title, URL, permalink, description, section.
    #[serde(flatten)]
    pub common: Common,
    /// Summary (plain text; empty when the page has none).
    pub summary: String,
    /// Kind.
    pub kind: Term,
    /// Partners.
    pub partners: Vec<Card>,
    /// Start.
    pub start: Option<DateView>,
    /// End.
    pub end: Option<DateView>,
    /// Participants.
    pub participants: Option<u64>,
    /// Areas.
    pub areas: Vec<Term>,
    /// Body HTML.
    pub content: String,
    /// Table of contents.
    pub toc: Vec<TocEntry>,
    /// `extra:`.
    pub extra: Extra,
}

/// The page's view.
pub fn view(i: &Inputs, cx: &Context) -> View {
    let shown = &i.program;
    let g = shown.entry;
    let (content, toc, fallback) = shown.text(cx);
    let mut common = cx.common(
        shown.title(),
        &path(&g.meta.slug),
        shown.summary(),
        "programs",
    );
    common.fallback = fallback;
    View {
        common,
        summary: shown.summary(),
        kind: cx.program_kind(&g.data.kind),
        partners: i.partners.iter().map(|p| p.card(cx)).collect(),
        start: cx.date(g.data.start),
        end: cx.date(g.data.end),
        participants: g.data.participants,
        areas: g.data.areas.iter().map(|a| cx.area(a)).collect(),
        content,
        toc,
        extra: g.meta.extra.clone(),
    }
}
