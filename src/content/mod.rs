//! Step 2: content files become typed entries.
//!
//! [`discover`] finds the files, [`parse`] turns each into a checked entry (in parallel), and
//! [`Files::load`] collects them into [`Content`]. Every file-local problem is reported here; problems
//! between files are the next step's ([`crate::site`]).

pub mod discover;
pub mod history;
pub mod images;
pub mod model;
pub mod parse;
pub mod schema;
pub mod strip;

use std::collections::{BTreeMap, HashSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use discover::Found;
use model::{Asset, Entry, Page, Partner, Program, TranslationEntry, Visit};
use parse::Parsed;

/// Every entry of the site, each list sorted by source path. Entries are shared (`Arc`), so a
/// changed file replaces one entry and the rest are reused, not copied.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Partners.
    pub partners: Vec<Arc<Entry<Partner>>>,
    /// Visits.
    pub visits: Vec<Arc<Entry<Visit>>>,
    /// Programs.
    pub programs: Vec<Arc<Entry<Program>>>,
    /// Plain pages, the home text and section intros.
    pub pages: Vec<Arc<Entry<Page>>>,
    /// Translations of any of the above.
    pub translations: Vec<Arc<TranslationEntry>>,
    /// Files copied as they are.
    pub assets: Vec<Asset>,
}

impl Content {
    /// Where every entry comes from, drafts included (translations aside).
    pub fn sources(&self) -> impl Iterator<Item = &model::Source> {
        let partners = self.partners.iter().map(|e| &e.source);
        let visits = self.visits.iter().map(|e| &e.source);
        let programs = self.programs.iter().map(|e| &e.source);
        let pages = self.pages.iter().map(|e| &e.source);
        partners.chain(visits).chain(programs).chain(pages)
    }
}

/// Markdown files as a change would leave them, read instead of the disk: their new bytes, or
/// `None` for a file the change removes. It lets a save be checked before anything is written.
pub type Overlay = BTreeMap<PathBuf, Option<Arc<[u8]>>>;

/// Reads and parses one Markdown file.
pub fn read_and_parse(
    config: &Config,
    rel: &Path,
    role: &parse::Role,
) -> Result<Parsed, parse::Broken> {
    read_and_parse_with(config, rel, role, None)
}

fn read_and_parse_with(
    config: &Config,
    rel: &Path,
    role: &parse::Role,
    overlay: Option<&Overlay>,
) -> Result<Parsed, parse::Broken> {
    if let Some(Some(bytes)) = overlay.and_then(|o| o.get(rel)) {
        return parse::parse_file(config, rel, bytes, role);
    }
    let bytes = std::fs::read(config.root.join(rel)).map_err(|e| {
        vec![Diagnostic::new(
            rel,
            None,
            format!("cannot read the file: {}", crate::diagnostic::io_reason(&e)),
        )]
    })?;
    parse::parse_file(config, rel, &bytes, role)
}

/// What the content folder holds, assembled for linking.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The entries that parsed.
    pub content: Content,
    /// Every file-local problem.
    pub problems: Vec<Diagnostic>,
    /// Files (relative to `content/`) that failed to parse.
    pub unparsed: HashSet<String>,
}

/// A Markdown file with problems, and its entry as far as it could be read.
#[derive(Debug, Clone)]
struct Failed {
    problems: Vec<Diagnostic>,
    partial: Option<AnyEntry>,
}

/// One file under `content/` and what became of it.
#[derive(Debug, Clone)]
enum FileState {
    /// A Markdown file, parsed (entries shared with every `Content` assembled from it).
    Markdown(Result<AnyEntry, Failed>),
    /// A file copied as it is.
    Asset(String),
}

/// What [`Files::refresh`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Refreshed {
    /// Markdown and asset files read again.
    pub changed: Vec<PathBuf>,
    /// Whether the change can alter the site's structure: files appeared or went away, a file
    /// failed or stopped failing to parse, or linking reads something different from an edited
    /// file (see [`crate::content::model::EntryHashes::structure`]).
    pub structural: bool,
}

/// A parsed entry of any kind, shared.
#[derive(Debug, Clone)]
pub enum AnyEntry {
    /// A partner.
    Partner(Arc<Entry<Partner>>),
    /// A visit.
    Visit(Arc<Entry<Visit>>),
    /// A program.
    Program(Arc<Entry<Program>>),
    /// A plain page, the home text or a section intro.
    Page(Arc<Entry<Page>>),
    /// A translation.
    Translation(Arc<TranslationEntry>),
}

impl From<Parsed> for AnyEntry {
    fn from(p: Parsed) -> Self {
        match p {
            Parsed::Partner(e) => AnyEntry::Partner(Arc::new(e)),
            Parsed::Visit(e) => AnyEntry::Visit(Arc::new(e)),
            Parsed::Program(e) => AnyEntry::Program(Arc::new(e)),
            Parsed::Page(e) => AnyEntry::Page(Arc::new(e)),
            Parsed::Translation(e) => AnyEntry::Translation(Arc::new(e)),
        }
    }
}

impl AnyEntry {
    fn hashes(&self) -> model::EntryHashes {
        match self {
            AnyEntry::Partner(e) => e.hashes,
            AnyEntry::Visit(e) => e.hashes,
            AnyEntry::Program(e) => e.hashes,
            AnyEntry::Page(e) => e.hashes,
            // Translations only carry prose; linking reads their links and anchors.
            AnyEntry::Translation(e) => model::EntryHashes {
                page: e.source.hash,
                structure: e.source.hash,
            },
        }
    }

    /// Where the entry comes from.
    pub fn source(&self) -> &model::Source {
        match self {
            AnyEntry::Partner(e) => &e.source,
            AnyEntry::Visit(e) => &e.source,
            AnyEntry::Program(e) => &e.source,
            AnyEntry::Page(e) => &e.source,
            AnyEntry::Translation(e) => &e.source,
        }
    }

    /// Whether both are the same kind of entry with the same structure hash.
    fn same_structure(&self, other: &AnyEntry) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
            && self.hashes().structure == other.hashes().structure
    }
}

/// Every content file by path (relative to the site root), kept between builds so that a
/// change re-reads only the files it concerns.
#[derive(Debug, Default, Clone)]
pub struct Files {
    /// Keyed by the path's bytes: ordered like `ls`, and cheap to compare (ordering `PathBuf`s
    /// parses their components on every comparison, which shows with 100 000 files).
    files: BTreeMap<OsString, FileState>,
    /// Problems found while walking (unreadable folders, symlink loops, misplaced files).
    walk_problems: Vec<Diagnostic>,
    /// When each file was last committed.
    history: crate::hash::FastMap<String, i64>,
}

fn state_of(
    config: &Config,
    history: &crate::hash::FastMap<String, i64>,
    found: &Found,
) -> (OsString, FileState) {
    state_of_with(config, history, found, None)
}

fn state_of_with(
    config: &Config,
    history: &crate::hash::FastMap<String, i64>,
    found: &Found,
    overlay: Option<&Overlay>,
) -> (OsString, FileState) {
    match found {
        Found::Markdown { path, role } => {
            let committed = history
                .get(crate::diagnostic::slash_path(path).as_str())
                .copied();
            let parsed = read_and_parse_with(config, path, role, overlay)
                .map(|mut p| {
                    p.source_mut().committed = committed;
                    AnyEntry::from(p)
                })
                .map_err(|b| Failed {
                    problems: b.problems,
                    partial: b.partial.map(|p| AnyEntry::from(*p)),
                });
            (path.clone().into_os_string(), FileState::Markdown(parsed))
        }
        Found::Asset { path, content_path } => (
            path.clone().into_os_string(),
            FileState::Asset(content_path.clone()),
        ),
    }
}

impl Files {
    /// Finds and parses every content file.
    pub fn load(config: &Config) -> Files {
        let ((found, walk_problems), history) = rayon::join(
            || discover::discover(&config.root, &config.languages),
            || history::last_commits(&config.root),
        );
        let files = found
            .par_iter()
            .map(|f| state_of(config, &history, f))
            .collect();
        Files {
            files,
            walk_problems,
            history,
        }
    }

    /// Brings the files at `paths` (relative to the root) up to date: changed files are parsed
    /// again, deleted ones dropped, new folders walked.
    pub fn refresh(&mut self, config: &Config, paths: &[PathBuf]) -> Refreshed {
        self.refresh_with(config, paths, None)
    }

    /// [`Files::refresh`], with the Markdown files in `overlay` read from it instead of the
    /// disk (each of them must be among `paths`).
    pub fn refresh_with(
        &mut self,
        config: &Config,
        paths: &[PathBuf],
        overlay: Option<&Overlay>,
    ) -> Refreshed {
        let content = Path::new(discover::CONTENT_DIR);
        let mut rewalk = !self.walk_problems.is_empty();
        let mut removed = false;
        let mut parse: Vec<Found> = Vec::new();
        for rel in paths.iter().filter(|p| p.starts_with(content)) {
            match overlay.and_then(|o| o.get(rel)) {
                Some(Some(_)) => {
                    match classify_path(rel, &config.languages) {
                        Ok(Some(f)) => parse.push(f),
                        Ok(None) => {}
                        // A misplaced new file: the walk that would find it reads the disk.
                        Err(d) => self.walk_problems.push(*d),
                    }
                    continue;
                }
                Some(None) => {
                    removed |= self.files.remove(rel.as_os_str()).is_some();
                    continue;
                }
                None => {}
            }
            let abs = config.root.join(rel);
            match std::fs::symlink_metadata(&abs) {
                Ok(m) if m.is_dir() || m.file_type().is_symlink() => rewalk = true,
                Ok(_) => match classify_path(rel, &config.languages) {
                    Ok(Some(f)) => parse.push(f),
                    Ok(None) => {
                        removed |= self.files.remove(rel.as_os_str()).is_some();
                    }
                    Err(_) => rewalk = true,
                },
                Err(_) => {
                    // Gone: the file, or a whole folder of files.
                    let before = self.files.len();
                    self.files.retain(|p, _| !Path::new(p).starts_with(rel));
                    if before == self.files.len() {
                        rewalk |= !is_ignored_name(rel);
                    } else {
                        removed = true;
                    }
                }
            }
        }
        if rewalk {
            let (found, problems) = discover::discover(&config.root, &config.languages);
            self.walk_problems = problems;
            let known: HashSet<&std::ffi::OsStr> = found
                .iter()
                .map(|f| match f {
                    Found::Markdown { path, .. } | Found::Asset { path, .. } => path.as_os_str(),
                })
                .collect();
            // What the overlay adds is not on the disk the walk read.
            self.files.retain(|p, _| {
                known.contains(p.as_os_str())
                    || overlay.is_some_and(|o| matches!(o.get(Path::new(p)), Some(Some(_))))
            });
            for f in found {
                let path = match &f {
                    Found::Markdown { path, .. } | Found::Asset { path, .. } => path,
                };
                if !self.files.contains_key(path.as_os_str()) {
                    parse.push(f);
                }
            }
        }
        // A partner's file reads its logo: a changed or removed image in a bundle folder
        // means parsing the bundle's Markdown again.
        let mut touched_dirs: Vec<&Path> = paths
            .iter()
            .filter(|p| p.starts_with(content) && !is_markdown(p))
            .filter_map(|p| p.parent())
            .collect();
        touched_dirs.sort();
        touched_dirs.dedup();
        if !touched_dirs.is_empty() {
            let mut again: Vec<PathBuf> = self
                .files
                .iter()
                .filter(|(p, state)| {
                    matches!(state, FileState::Markdown(_))
                        && Path::new(p)
                            .parent()
                            .is_some_and(|d| touched_dirs.binary_search(&d).is_ok())
                })
                .map(|(p, _)| PathBuf::from(p))
                .filter(|p| !paths.contains(p))
                .collect();
            again.sort();
            for rel in again {
                if let Ok(Some(f)) = classify_path(&rel, &config.languages) {
                    parse.push(f);
                }
            }
        }
        let states: Vec<(OsString, FileState)> = parse
            .par_iter()
            .map(|f| state_of_with(config, &self.history, f, overlay))
            .collect();
        let mut structural = rewalk || removed;
        let mut changed = Vec::with_capacity(states.len());
        for (path, state) in states {
            let same_shape = match (self.files.get(&path), &state) {
                (Some(FileState::Markdown(Ok(old))), FileState::Markdown(Ok(new))) => {
                    old.same_structure(new)
                }
                _ => false,
            };
            structural |= !same_shape;
            changed.push(PathBuf::from(&path));
            self.files.insert(path, state);
        }
        Refreshed {
            changed,
            structural,
        }
    }

    /// Every warning of the files: found while walking, or while reading a file (whether it
    /// parsed or failed).
    pub fn warnings(&self) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = self
            .walk_problems
            .iter()
            .filter(|d| !d.is_error())
            .cloned()
            .collect();
        for state in self.files.values() {
            match state {
                FileState::Markdown(Ok(entry)) => {
                    out.extend(entry.source().warnings.iter().cloned())
                }
                FileState::Markdown(Err(failed)) => {
                    out.extend(failed.problems.iter().filter(|d| !d.is_error()).cloned());
                }
                FileState::Asset(_) => {}
            }
        }
        out
    }

    /// When a content file was last committed (seconds since 1970), if the site is in git.
    pub fn newest_commit(&self) -> Option<i64> {
        self.history.values().copied().max()
    }

    /// The parsed entry of a Markdown file, if it parsed.
    pub fn entry(&self, path: &Path) -> Option<AnyEntry> {
        match self.files.get(path.as_os_str())? {
            FileState::Markdown(Ok(e)) => Some(e.clone()),
            _ => None,
        }
    }

    /// The entries, problems and failed files, ready for linking.
    pub fn assemble(&self) -> Loaded {
        let mut content = Content::default();
        let mut problems = self.walk_problems.clone();
        let mut unparsed = HashSet::new();
        let push = |entry: &AnyEntry, content: &mut Content| match entry {
            AnyEntry::Partner(e) => content.partners.push(e.clone()),
            AnyEntry::Visit(e) => content.visits.push(e.clone()),
            AnyEntry::Program(e) => content.programs.push(e.clone()),
            AnyEntry::Page(e) => content.pages.push(e.clone()),
            AnyEntry::Translation(e) => content.translations.push(e.clone()),
        };
        for (path, state) in &self.files {
            match state {
                FileState::Markdown(Ok(entry)) => {
                    problems.extend(entry.source().warnings.iter().cloned());
                    push(entry, &mut content);
                }
                FileState::Markdown(Err(failed)) => {
                    problems.extend(failed.problems.iter().cloned());
                    match &failed.partial {
                        // Linked with the rest, to report problems between files too.
                        Some(entry) => push(entry, &mut content),
                        None => {
                            let path = Path::new(path);
                            let inside = path.strip_prefix(discover::CONTENT_DIR).unwrap_or(path);
                            unparsed.insert(crate::diagnostic::slash_path(inside));
                        }
                    }
                }
                FileState::Asset(content_path) => content.assets.push(Asset {
                    source: PathBuf::from(path),
                    content_path: content_path.clone(),
                }),
            }
        }
        Loaded {
            content,
            problems,
            unparsed,
        }
    }
}

fn is_ignored_name(rel: &Path) -> bool {
    rel.components()
        .any(|c| discover::ignored(&c.as_os_str().to_string_lossy()))
}

fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "md")
}

fn classify_path(rel: &Path, languages: &[String]) -> Result<Option<Found>, Box<Diagnostic>> {
    if is_ignored_name(rel) {
        return Ok(None);
    }
    let inside = rel.strip_prefix(discover::CONTENT_DIR).unwrap_or(rel);
    let names: Vec<String> = inside
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let parts: Vec<&str> = names.iter().map(String::as_str).collect();
    discover::classify(&parts, rel, languages)
}
