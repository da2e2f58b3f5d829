//! The checked content model: one typed value per Markdown file.
//!
//! These types are what the rest of the pipeline reads. They are built only by
//! [`crate::content::parse`], after every key was checked, so a `Partner` always has a known
//! kind and a valid country, and dates are real dates.

use crate::hash::hash_of;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Pos};
use crate::markdown::Markdown;
use crate::values::{Country, Date, Slug};
use crate::yaml::{Extra, KeyPos, Located};

/// Keys every entry accepts.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// Title shown on the page and in lists.
    pub title: String,
    /// The title folded for alphabetical order (computed once, when the file is parsed).
    pub sort_key: String,
    /// URL segment; defaults to the file (or bundle folder) name.
    pub slug: Slug,
    /// Summary for lists and meta tags; defaults to the body's summary.
    pub summary: Option<String>,
    /// Left out of the site unless building with `--drafts`.
    pub draft: bool,
    /// Orders plain pages in menus (lower first).
    pub weight: i64,
    /// Old URLs that redirect here.
    pub aliases: Vec<String>,
    /// Free-form data for templates.
    pub extra: Extra,
}

/// Where an entry came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// The file, relative to the site root (`content/partners/x.md`).
    pub path: PathBuf,
    /// The file relative to `content/`, with `/` separators, as `@/` links name it.
    pub content_path: String,
    /// Lines before the YAML block (the opening `---`), to locate keys on the error path.
    pub yaml_line_offset: usize,
    /// The bundle folder relative to the root, when the entry is `<slug>/index.md`.
    pub bundle: Option<PathBuf>,
    /// A hash of the file's bytes, for change detection.
    pub hash: u64,
    /// When the file was last committed (seconds since 1970), if the site is in git.
    pub committed: Option<i64>,
    /// What is probably wrong in the file but did not stop it from being read.
    pub warnings: Vec<crate::diagnostic::Diagnostic>,
    /// The file's text as parsed (byte order mark dropped, line ends `\n`): problems found
    /// after parsing quote their line from it, and the file is not read again.
    pub text: Arc<str>,
    /// Where the front matter's keys that later checks point at were written (see
    /// [`crate::content::parse::LATER_KEYS`]).
    pub keys: KeyPos,
}

impl Source {
    /// A diagnostic at a key, value or list item of the front matter that [`Source::keys`]
    /// located, or at the front matter's first line if it was not written.
    pub fn error_at(&self, found: Option<Located>, message: impl Into<String>) -> Diagnostic {
        crate::yaml::error_at_located(
            &self.path,
            &self.text,
            self.yaml_line_offset,
            found,
            message,
        )
    }

    /// A diagnostic at `pos` of the file, underlining `width` characters of its line.
    pub fn error_at_pos(&self, pos: Pos, width: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(&self.path, Some(pos), message).excerpt(&self.text, width)
    }
}

/// Fingerprints of an entry, computed once when it is parsed, so that linking a site of
/// thousands of entries only compares numbers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct EntryHashes {
    /// Everything the entry holds: the file's bytes, its slug, and what was read of other
    /// files for it (a logo's thumbnail, its photos). Only when the file was last committed is
    /// not in it: that is known later, and pages that show it hash it themselves.
    pub page: u64,
    /// Everything linking reads of the entry to build the site's orders, facets and links
    /// (slug, sort key, dates, kind, country, areas, partners, anchors, link targets…). When an
    /// edit leaves it unchanged, the site's structure is unchanged too.
    pub structure: u64,
}

/// What linking and other files read of an entry, for its fingerprints.
pub trait Linked {
    /// Hash of the kind-specific data linking reads.
    fn structure(&self) -> u64;
    /// Hash of what was read of files other than the entry's own for it.
    fn read_elsewhere(&self) -> u64 {
        0
    }
}

impl Linked for Entry<Partner> {
    fn structure(&self) -> u64 {
        // Whether the site has agreements pages depends on whether any partner has one.
        hash_of((
            &self.data.kind,
            self.data.country,
            &self.data.areas,
            self.data.agreements.is_empty(),
        ))
    }
    fn read_elsewhere(&self) -> u64 {
        // A new logo changes its thumbnail; a new scan of a document the size its link shows.
        let documents: Vec<_> = self.data.agreements.iter().map(|a| &a.document).collect();
        hash_of((&self.data.logo, documents))
    }
}

impl Linked for Entry<Visit> {
    fn structure(&self) -> u64 {
        let d = &self.data;
        let partners: Vec<&str> = d.partners.iter().map(|r| r.slug.as_str()).collect();
        hash_of((d.date, d.country, &d.areas, partners))
    }
}

impl Linked for Entry<Program> {
    fn structure(&self) -> u64 {
        let d = &self.data;
        let partners: Vec<&str> = d.partners.iter().map(|r| r.slug.as_str()).collect();
        hash_of((d.start, &d.kind, &d.areas, partners))
    }
}

impl Linked for Entry<Page> {
    fn structure(&self) -> u64 {
        // Plain pages' titles are in every page's navigation.
        hash_of((&self.meta.title, &self.data.path, self.data.kind))
    }
}

impl<T> Entry<T>
where
    Entry<T>: Linked,
{
    /// Computes the entry's fingerprints (done once, by the parser).
    pub fn with_hashes(mut self) -> Self {
        self.hashes = EntryHashes {
            // A photo is part of the page: replacing its file changes the page (its sizes).
            page: hash_of((
                self.source.hash,
                &self.meta.slug,
                self.read_elsewhere(),
                self.images.iter().map(|p| p.key).collect::<Vec<_>>(),
            )),
            structure: hash_of((
                self.structure(),
                (
                    &self.meta.slug,
                    &self.meta.sort_key,
                    self.meta.draft,
                    self.meta.weight,
                    &self.meta.aliases,
                ),
                (&self.source.bundle, &self.body.anchors),
                self.body
                    .links
                    .iter()
                    .map(|l| (&l.target, &l.anchor))
                    .collect::<Vec<_>>(),
                // Site paths are checked when linking, so a changed one must link again.
                self.body.paths.iter().map(|l| &l.dest).collect::<Vec<_>>(),
            )),
        };
        self
    }
}

/// Hashes of what later steps show of an entry, each computed by the one function that also
/// builds what it hashes (see `crate::pages::cards`), on first use, and kept with the entry for
/// as long as the entry lives: an unchanged file is parsed once and keeps its entry, so its
/// hashes are not computed again on the next build of `serve`.
///
/// The slots hold derived data: a copy of an entry starts without them, and two entries that
/// differ only in them are equal.
#[derive(Default)]
pub struct Memo {
    /// What a list shows of the entry (its card).
    pub card: std::sync::OnceLock<u64>,
    /// What a link to the entry shows (its name).
    pub name: std::sync::OnceLock<u64>,
    /// A partner's agreements, as the agreements pages and the calendar show them.
    pub agreements: std::sync::OnceLock<u64>,
}

impl Clone for Memo {
    fn clone(&self) -> Self {
        Memo::default()
    }
}

impl PartialEq for Memo {
    fn eq(&self, _: &Memo) -> bool {
        true
    }
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}

/// A parsed file of any kind: the common part plus the kind-specific data.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<T> {
    /// Fingerprints of the entry's own data.
    pub hashes: EntryHashes,
    /// Hashes of what pages show of it, made on first use.
    pub memo: Memo,
    /// Origin of the entry.
    pub source: Source,
    /// Common keys.
    pub meta: Meta,
    /// The body.
    pub body: Markdown,
    /// Kind-specific keys.
    pub data: T,
    /// The photos of the entry's bundle that its page shows (its gallery and the images of its
    /// body), each once: published beside the page.
    pub images: Vec<Arc<crate::content::images::Photo>>,
}

impl<T> Entry<T> {
    /// The summary to show: the front matter's, else the body's.
    pub fn summary(&self) -> &str {
        self.meta.summary.as_deref().unwrap_or(&self.body.summary)
    }
}

/// A translation of an entry's prose into another language.
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    /// The language.
    pub lang: String,
    /// The translated file, relative to `content/` (`partners/yonsei-university.md`).
    pub original: String,
    /// The translated file, relative to the site root.
    pub original_file: PathBuf,
    /// Title in this language.
    pub title: Option<String>,
    /// Summary in this language.
    pub summary: Option<String>,
    /// A visit's outcomes in this language.
    pub outcomes: Option<Vec<String>>,
}

/// A translation file: where it came from, its text and its prose.
#[derive(Debug, Clone, PartialEq)]
pub struct TranslationEntry {
    /// Origin of the file.
    pub source: Source,
    /// Hashes of what pages show of it, made on first use.
    pub memo: Memo,
    /// The translated text (empty when only the title or summary is translated).
    pub body: Markdown,
    /// The translated prose.
    pub data: Translation,
}

impl TranslationEntry {
    /// The summary to show: the front matter's, else the translated body's, else none.
    pub fn summary(&self) -> Option<&str> {
        self.data
            .summary
            .as_deref()
            .or((!self.body.summary.is_empty()).then_some(self.body.summary.as_str()))
    }
}

/// The state of a partnership.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Cooperation is ongoing.
    Active,
    /// Cooperation is being prepared.
    Prospective,
    /// Cooperation has ended.
    Ended,
}

impl Status {
    /// The status as written in front matter.
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Prospective => "prospective",
            Status::Ended => "ended",
        }
    }
}

/// A signed document between the institute and a partner.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Agreement {
    /// Type slug from the agreement vocabulary.
    pub kind: Slug,
    /// Title of the document.
    pub title: Option<String>,
    /// When it was signed.
    pub signed: Option<Date>,
    /// When it was last renewed (on or after `signed`, on or before `expires`).
    pub renewed: Option<Date>,
    /// When it expires.
    pub expires: Option<Date>,
    /// The scanned copy or the signed file, in the partner's bundle folder.
    pub document: Option<Document>,
}

/// An agreement's document: a PDF or an image beside the partner's `index.md`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Document {
    /// Path relative to the bundle folder, as written.
    pub file: String,
    /// Its size in bytes, read when the partner is parsed, for the link's label.
    pub bytes: u64,
    /// What it is, for the link's label: `PDF`, `JPEG`, `PNG`…
    pub format: &'static str,
}

/// Geographic coordinates.
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// Latitude, -90 to 90.
    pub lat: f64,
    /// Longitude, -180 to 180.
    pub lon: f64,
}

/// A partner institution.
#[derive(Debug, Clone, PartialEq)]
pub struct Partner {
    /// Kind slug from the partner-kind vocabulary.
    pub kind: Slug,
    /// Country.
    pub country: Country,
    /// City.
    pub city: Option<String>,
    /// Website URL.
    pub website: Option<String>,
    /// Start of the cooperation.
    pub since: Option<Date>,
    /// State of the cooperation.
    pub status: Status,
    /// Signed documents.
    pub agreements: Vec<Agreement>,
    /// Area slugs.
    pub areas: Vec<Slug>,
    /// Coordinates.
    pub location: Option<Location>,
    /// Logo: the image in the bundle folder, and its thumbnail.
    pub logo: Option<Logo>,
    /// The gallery: `photos:`, in the order written.
    pub photos: Vec<GalleryPhoto>,
}

/// A photo of a gallery (`photos:` of a visit or partner).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GalleryPhoto {
    /// What the photo shows, for readers who cannot see it.
    pub alt: String,
    /// The photo's published files (shared with [`Entry::images`]).
    pub photo: Arc<crate::content::images::Photo>,
}

/// A partner's logo.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Logo {
    /// Path relative to the bundle folder, as written.
    pub file: String,
    /// What pages show.
    pub thumbnail: crate::content::images::Thumbnail,
}

/// A reference to a partner from another file, remembered with its list index for errors.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerRef {
    /// The slug as written.
    pub slug: String,
    /// Index in the `partners:` list.
    pub index: usize,
}

/// Who travelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// The institute's delegation abroad.
    Outgoing,
    /// Guests at the institute.
    Incoming,
}

impl Direction {
    /// The direction as written in front matter.
    pub fn as_str(&self) -> &'static str {
        match self {
            Direction::Outgoing => "outgoing",
            Direction::Incoming => "incoming",
        }
    }
}

/// A delegation visit.
#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    /// First day (archives are incomplete, so optional).
    pub date: Option<Date>,
    /// Last day.
    pub end_date: Option<Date>,
    /// Outgoing or incoming.
    pub direction: Direction,
    /// Place (city, venue).
    pub place: Option<String>,
    /// Country where the visit took place.
    pub country: Option<Country>,
    /// Partners involved.
    pub partners: Vec<PartnerRef>,
    /// Members of the delegation.
    pub delegation: Vec<String>,
    /// Results.
    pub outcomes: Vec<String>,
    /// Area slugs.
    pub areas: Vec<Slug>,
    /// The gallery: `photos:`, in the order written.
    pub photos: Vec<GalleryPhoto>,
}

/// A joint program.
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    /// Kind slug from the program-kind vocabulary.
    pub kind: Slug,
    /// Partners involved.
    pub partners: Vec<PartnerRef>,
    /// Start.
    pub start: Option<Date>,
    /// End.
    pub end: Option<Date>,
    /// Area slugs.
    pub areas: Vec<Slug>,
    /// Number of participants.
    pub participants: Option<u64>,
}

/// What a plain page or section intro is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageKind {
    /// `content/_index.md`: the home page's text.
    Home,
    /// `content/<section>/_index.md` for partners, visits or programs: that index's intro.
    SectionIntro(Section),
    /// Any other Markdown file: a page of its own.
    Plain,
}

/// The three record sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    /// `content/partners/`
    Partners,
    /// `content/visits/`
    Visits,
    /// `content/programs/`
    Programs,
}

impl Section {
    /// The folder name, which is also the URL segment.
    pub fn dir(&self) -> &'static str {
        match self {
            Section::Partners => "partners",
            Section::Visits => "visits",
            Section::Programs => "programs",
        }
    }

    /// All sections.
    pub const ALL: [Section; 3] = [Section::Partners, Section::Visits, Section::Programs];
}

/// A plain page or section intro.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// What it is.
    pub kind: PageKind,
    /// URL path below the base, e.g. `about/` (empty for the home page).
    pub path: String,
}

/// A file copied into the output unchanged (images in bundles, for example).
#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    /// Source file relative to the site root.
    pub source: PathBuf,
    /// Output path relative to `content/`, with `/` separators, before slug rewriting.
    pub content_path: String,
}
