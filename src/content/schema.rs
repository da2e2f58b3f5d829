//! The front matter of each kind of file, as data: every key, what it holds, whether it is
//! required, and whether a translation gives it again.
//!
//! This table is the one description of the model that the rest of hamkor reads: the parser
//! accepts exactly these keys (and proves it: [`Keys`] is what `Fields::finish` is given),
//! `hamkor new` writes them in this order, and the editing forms of `/admin/` are generated
//! from it. What each key means is not written here but taken from the reference,
//! `docs/content.md` ([`hint`]), so the forms' hints and the docs cannot disagree; a test
//! holds the docs' tables and this one to the same keys and the same required flags.

use std::collections::HashMap;
use std::sync::OnceLock;

/// A kind of file under `content/`, for what its front matter takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `content/partners/<slug>.md`.
    Partner,
    /// `content/visits/<slug>.md`.
    Visit,
    /// `content/programs/<slug>.md`.
    Program,
    /// Any other page, the home text or a section intro (`_index.md`): the common keys only.
    Page,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 4] = [Kind::Partner, Kind::Visit, Kind::Program, Kind::Page];

    /// The keys of this kind's front matter, common keys first, in the order files are
    /// written in.
    pub fn keys(self) -> &'static [Key] {
        match self {
            Kind::Partner => PARTNER,
            Kind::Visit => VISIT,
            Kind::Program => PROGRAM,
            Kind::Page => COMMON,
        }
    }

    /// The key named `name`.
    pub fn key(self, name: &str) -> Option<&'static Key> {
        self.keys().iter().find(|k| k.name == name)
    }

    /// The names of the keys, for `Fields::finish`.
    pub fn names(self) -> Keys {
        Keys(self.keys().iter().map(|k| k.name).collect())
    }

    /// The heading of this kind's table in `docs/content.md`.
    fn docs_heading(self) -> &'static str {
        match self {
            Kind::Partner => "### Partners",
            Kind::Visit => "### Visits",
            Kind::Program => "### Programs",
            Kind::Page => "### Every file",
        }
    }
}

/// Key names, as the parser's list of what a mapping accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys(pub Vec<&'static str>);

/// A vocabulary a key's value is taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Vocab {
    /// `partner_kinds` in `site.yaml` (or the built-in list).
    PartnerKind,
    /// `program_kinds`.
    ProgramKind,
    /// `agreement_types`.
    AgreementType,
    /// A partner's `status`: `active`, `prospective`, `ended`.
    Status,
    /// A visit's `direction`: `outgoing`, `incoming`.
    Direction,
}

/// What a key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Value {
    /// One line of text.
    Line,
    /// Prose of a sentence or two.
    Prose,
    /// A URL segment.
    Slug,
    /// `true` or `false`.
    Bool,
    /// A whole number.
    Integer,
    /// A day, a month or a year (`2024-05-12`, `2024-05`, `2024`).
    Date,
    /// A full web address.
    Url,
    /// A slug from a vocabulary.
    Term(Vocab),
    /// An ISO 3166-1 alpha-2 country code.
    Country,
    /// Area slugs from the area vocabulary.
    Areas,
    /// Partner slugs: file names in `content/partners/`.
    Partners,
    /// A list of lines.
    Lines,
    /// A list of site paths.
    Paths,
    /// A list of mappings, each with these keys.
    Records(&'static [Key]),
    /// A mapping with these keys.
    Record(&'static [Key]),
    /// A number with a fraction (a latitude or longitude).
    Decimal,
    /// An image file in the entry's bundle folder.
    Image,
    /// A PDF or image file in the entry's bundle folder.
    Document,
    /// Free-form data handed to templates.
    Free,
}

/// One front-matter key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    /// Its name in the file.
    pub name: &'static str,
    /// What it holds.
    pub value: Value,
    /// Whether a file must give it.
    pub required: bool,
    /// Whether a translation (`x.ru.md`) gives it in its own language.
    pub translated: bool,
}

const fn key(name: &'static str, value: Value) -> Key {
    Key {
        name,
        value,
        required: false,
        translated: false,
    }
}

const fn required(name: &'static str, value: Value) -> Key {
    Key {
        name,
        value,
        required: true,
        translated: false,
    }
}

const fn translated(name: &'static str, value: Value, required: bool) -> Key {
    Key {
        name,
        value,
        required,
        translated: true,
    }
}

macro_rules! with_common {
    ($($k:expr),* $(,)?) => {
        &[
            translated("title", Value::Line, true),
            key("slug", Value::Slug),
            translated("summary", Value::Prose, false),
            $($k,)*
            key("draft", Value::Bool),
            key("weight", Value::Integer),
            key("aliases", Value::Paths),
            key("extra", Value::Free),
        ]
    };
}

const COMMON: &[Key] = with_common!();

/// The keys of one entry of `agreements:`.
pub const AGREEMENT: &[Key] = &[
    required("type", Value::Term(Vocab::AgreementType)),
    key("title", Value::Line),
    key("signed", Value::Date),
    key("renewed", Value::Date),
    key("expires", Value::Date),
    key("document", Value::Document),
];

/// The keys of `location:`.
pub const LOCATION: &[Key] = &[
    required("lat", Value::Decimal),
    required("lon", Value::Decimal),
];

/// The keys of one entry of `photos:`.
pub const PHOTO: &[Key] = &[required("file", Value::Image), required("alt", Value::Line)];

const PARTNER: &[Key] = with_common!(
    required("kind", Value::Term(Vocab::PartnerKind)),
    required("country", Value::Country),
    key("city", Value::Line),
    key("website", Value::Url),
    key("since", Value::Date),
    key("status", Value::Term(Vocab::Status)),
    key("areas", Value::Areas),
    key("agreements", Value::Records(AGREEMENT)),
    key("location", Value::Record(LOCATION)),
    key("logo", Value::Image),
    key("photos", Value::Records(PHOTO)),
);

const VISIT: &[Key] = with_common!(
    required("direction", Value::Term(Vocab::Direction)),
    key("date", Value::Date),
    key("end_date", Value::Date),
    key("place", Value::Line),
    key("country", Value::Country),
    key("partners", Value::Partners),
    key("delegation", Value::Lines),
    translated("outcomes", Value::Lines, false),
    key("areas", Value::Areas),
    key("photos", Value::Records(PHOTO)),
);

const PROGRAM: &[Key] = with_common!(
    required("kind", Value::Term(Vocab::ProgramKind)),
    key("partners", Value::Partners),
    key("start", Value::Date),
    key("end", Value::Date),
    key("participants", Value::Integer),
    key("areas", Value::Areas),
);

/// The keys a translation of a file of `kind` gives.
pub fn translated_keys(kind: Kind) -> Keys {
    Keys(
        kind.keys()
            .iter()
            .filter(|k| k.translated)
            .map(|k| k.name)
            .collect(),
    )
}

/// The names of `keys`, for `Fields::finish`.
pub fn names(keys: &[Key]) -> Vec<&'static str> {
    keys.iter().map(|k| k.name).collect()
}

/// The names of the keys of every kind of file whose `translated` flag is `translated`, each
/// once, in the order the kinds list them.
fn names_by_translation(translated: bool) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for kind in Kind::ALL {
        for k in kind.keys().iter().filter(|k| k.translated == translated) {
            if !out.contains(&k.name) {
                out.push(k.name);
            }
        }
    }
    out
}

/// The keys a translation of any kind of file may give.
pub fn translatable_names() -> Vec<&'static str> {
    names_by_translation(true)
}

/// Every key any kind of file takes that a translation does not give: what a translation
/// saying it is told comes from the original.
pub fn untranslated_names() -> Vec<&'static str> {
    names_by_translation(false)
}

/// The reference the hints are taken from.
const DOCS: &str = include_str!("../../docs/content.md");

/// A row of one of the reference's key tables.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DocRow {
    required: bool,
    meaning: String,
}

/// The reference's rows, by kind and key name (a row naming two keys, `date`, `end_date`,
/// counts for both).
fn doc_rows() -> &'static HashMap<(Kind, &'static str), DocRow> {
    static ROWS: OnceLock<HashMap<(Kind, &'static str), DocRow>> = OnceLock::new();
    ROWS.get_or_init(|| parse_docs(DOCS))
}

fn parse_docs(docs: &'static str) -> HashMap<(Kind, &'static str), DocRow> {
    let mut out = HashMap::new();
    let mut kind = None;
    for line in docs.lines() {
        if line.starts_with('#') {
            kind = Kind::ALL
                .into_iter()
                .find(|k| line.starts_with(k.docs_heading()));
            continue;
        }
        let Some(kind) = kind else { continue };
        let Some(row) = line.strip_prefix('|') else {
            continue;
        };
        let mut cells = row.splitn(3, '|');
        let (Some(names), Some(req), Some(meaning)) = (cells.next(), cells.next(), cells.next())
        else {
            continue;
        };
        let req = req.trim();
        let meaning = meaning.trim().trim_end_matches('|').trim();
        for name in names.split(',') {
            let name = name.trim();
            if let Some(name) = name.strip_prefix('`').and_then(|n| n.strip_suffix('`')) {
                out.insert(
                    (kind, name),
                    DocRow {
                        required: req == "yes",
                        meaning: plain_links(meaning),
                    },
                );
            }
        }
    }
    out
}

/// The text of Markdown links in `s` without their targets: the reference's links lead to
/// its own sections, which mean nothing in a form.
fn plain_links(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        match after.find("](").and_then(|close| {
            let end = after[close..].find(')')?;
            Some((close, close + end))
        }) {
            Some((close, end)) => {
                out.push_str(&rest[..open]);
                out.push_str(&after[..close]);
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// What `key` of a `kind` file means, in the words of `docs/content.md` (Markdown). A
/// common key's hint is found under "Every file".
pub fn hint(kind: Kind, key: &str) -> Option<&'static str> {
    let rows = doc_rows();
    let name = kind.key(key)?.name;
    rows.get(&(kind, name))
        .or_else(|| rows.get(&(Kind::Page, name)))
        .map(|r| r.meaning.as_str())
        .filter(|m| !m.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_describes_every_key_and_no_other() {
        let rows = doc_rows();
        let mut problems = Vec::new();
        for kind in Kind::ALL {
            let own: Vec<&Key> = match kind {
                Kind::Page => COMMON.iter().collect(),
                _ => kind
                    .keys()
                    .iter()
                    .filter(|k| !COMMON.iter().any(|c| c.name == k.name))
                    .collect(),
            };
            for k in &own {
                match rows.get(&(kind, k.name)) {
                    None => problems.push(format!("{kind:?}.{}: not in docs/content.md", k.name)),
                    Some(row) if row.required != k.required => problems.push(format!(
                        "{kind:?}.{}: required {} here, {} in the docs",
                        k.name, k.required, row.required
                    )),
                    Some(_) => {}
                }
            }
            for (k, name) in rows.keys().filter(|(k, _)| *k == kind) {
                if !own.iter().any(|o| o.name == *name) {
                    problems.push(format!("{k:?}.{name}: in the docs but not in the model"));
                }
            }
        }
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn hints_come_from_the_reference() {
        assert_eq!(
            hint(Kind::Visit, "end_date"),
            Some("first and last day; leave out when the archive does not say")
        );
        assert_eq!(
            hint(Kind::Partner, "title"),
            Some("shown on the page and in lists")
        );
        assert_eq!(
            hint(Kind::Partner, "photos"),
            Some(
                "a gallery: list of `{file: photo-1.jpg, alt: \"…\"}`, files in the bundle folder (see Photos)"
            )
        );
        assert_eq!(hint(Kind::Partner, "city"), None);
    }

    #[test]
    fn links_lose_their_targets() {
        assert_eq!(plain_links("see [Photos](#photos), [x"), "see Photos, [x");
    }

    #[test]
    fn translations_give_title_summary_and_outcomes() {
        assert_eq!(
            translated_keys(Kind::Visit).0,
            ["title", "summary", "outcomes"]
        );
        assert_eq!(translated_keys(Kind::Partner).0, ["title", "summary"]);
        assert_eq!(translatable_names(), ["title", "summary", "outcomes"]);
        assert!(!untranslated_names().contains(&"title"));
        assert!(untranslated_names().contains(&"participants"));
    }
}
