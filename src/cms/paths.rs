//! Where the files Decap asks for really are.
//!
//! Decap's i18n structure `multiple_files` names every locale's file `<path>.<locale>.md`, the
//! default language included, and a folder collection names each entry one way. hamkor names
//! the default language's file `x.md` and a translation `x.ru.md`, and an entry is one file
//! `content/partners/x.md` or a bundle `content/partners/x/index.md` with its images beside it.
//! So the editing API presents every file one way (the *virtual* path) and maps it to the real
//! one:
//!
//! | what                 | virtual (Decap)                          | real (hamkor)                                      |
//! | -------------------- | ---------------------------------------- | -------------------------------------------------- |
//! | partner, visit, program | `content/<section>/<stem>/index.<lang>.md` | `content/<section>/<stem>/index[.<lang>].md` if the bundle's `index.md` exists, else `content/<section>/<stem>[.<lang>].md` |
//! | plain page           | `content/<name>.<lang>.md`               | `content/<name>[.<lang>].md`                       |
//! | home text            | `content/_index.<lang>.md`               | `content/_index[.<lang>].md`                       |
//! | section intro        | `content/<section>/_index.<lang>.md`     | `content/<section>/_index[.<lang>].md`             |
//! | media                | `content/<section>/<stem>/<file>`        | the same                                           |
//!
//! `[.<lang>]` is absent for the default language. A virtual path without a language
//! (`content/_index.md`, as Decap lists a `files` collection's file) means the default
//! language. Names with a dot in them cannot be mapped (`content/partners/a.ru/index.en.md`
//! would be the Russian translation of `a`), nor can names starting with `_` other than
//! `_index`; both are refused.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::discover::{CONTENT_DIR, ignored};
use crate::content::model::Section;

/// The site as the editing API needs it.
#[derive(Debug, Clone)]
pub struct ApiSite {
    /// The site root folder (holding `site.yaml` and `content/`).
    pub root: PathBuf,
    /// The site's languages, the default first.
    pub languages: Vec<String>,
    /// The default language.
    pub default_language: String,
}

impl ApiSite {
    /// The root and languages of a loaded site.
    pub fn of(config: &Config) -> ApiSite {
        ApiSite {
            root: config.root.clone(),
            languages: config.languages.clone(),
            default_language: config.default_language.clone(),
        }
    }

    fn is_language(&self, code: &str) -> bool {
        self.languages.iter().any(|l| l == code)
    }
}

/// The entry a Markdown file belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A partner, visit or program: `content/<section>/<stem>`.
    Record {
        /// Its section.
        section: Section,
        /// Its file or folder name.
        stem: String,
    },
    /// A plain page at the top of `content/`.
    Page {
        /// Its file name without `.md`.
        name: String,
    },
    /// The home page's text, `content/_index.md`.
    Home,
    /// A section's intro, `content/<section>/_index.md`.
    Intro(Section),
}

/// One language's file of an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryFile {
    /// The entry.
    pub entry: Entry,
    /// The file's language.
    pub lang: String,
}

/// How a record's files are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `x.md`, `x.ru.md`.
    OneFile,
    /// `x/index.md`, `x/index.ru.md`, images beside them.
    Bundle,
}

/// What a virtual path names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Virtual {
    /// A Markdown file of an entry.
    File(EntryFile),
    /// Any other file: virtual and real path are the same.
    Media {
        /// The path, relative to the root.
        path: String,
        /// The record whose bundle folder holds it, if it is directly in one.
        bundle: Option<(Section, String)>,
    },
}

/// Checks a path as sent: relative, `/`-separated, inside `content/`, with no empty, `.`,
/// `..` or hidden segment, no backslash, drive letter or NUL. `folder` allows `content`
/// itself.
pub fn check(path: &str, folder: bool) -> Result<(), String> {
    if path.is_empty() {
        return Err("is empty".into());
    }
    if path.starts_with('/') {
        return Err(format!(
            "'{path}' is absolute; give it relative to the site folder"
        ));
    }
    if let Some(c) = path.chars().find(|c| matches!(c, '\\' | ':' | '\0')) {
        let shown = if c == '\0' {
            "NUL".to_string()
        } else {
            format!("'{c}'")
        };
        return Err(format!(
            "'{}' contains {shown}; paths are relative, with '/' between folders",
            path.escape_debug()
        ));
    }
    let mut segments = path.split('/');
    if segments.next() != Some(CONTENT_DIR) {
        return Err(format!("'{path}' is not inside {CONTENT_DIR}/"));
    }
    let mut any = false;
    for s in segments {
        any = true;
        if s.is_empty() {
            return Err(format!(
                "'{path}' has an empty segment ('//' or a '/' at the end)"
            ));
        }
        if s == "." || s == ".." {
            return Err(format!("'{path}' contains '{s}'"));
        }
        if s.starts_with('.') {
            return Err(format!("'{path}' names a hidden file or folder ('{s}')"));
        }
    }
    if !any && !folder {
        return Err(format!(
            "'{path}' is the {CONTENT_DIR} folder, not a file in it"
        ));
    }
    Ok(())
}

fn section_named(name: &str) -> Option<Section> {
    Section::ALL.into_iter().find(|s| s.dir() == name)
}

/// A file or folder name that maps one way: no dot, and no `_` at the start.
fn plain_name(name: &str) -> Result<(), String> {
    if name.contains('.') {
        return Err(format!(
            "the name '{name}' contains a dot; use letters, digits and hyphens"
        ));
    }
    if name.starts_with('_') {
        return Err(format!(
            "the name '{name}' starts with '_', which is kept for section intros"
        ));
    }
    Ok(())
}

/// `<base>.<lang>.md` or `<base>.md` (the default language) of a virtual file name.
fn split_virtual_name<'n>(
    site: &ApiSite,
    name: &'n str,
) -> Option<Result<(&'n str, String), String>> {
    let base = name.strip_suffix(".md")?;
    Some(match base.rsplit_once('.') {
        Some((stem, lang)) if site.is_language(lang) => Ok((stem, lang.to_string())),
        Some((_, lang)) => Err(format!(
            "'{name}': '{lang}' is not one of the site's languages ({})",
            site.languages.join(", ")
        )),
        None => Ok((base, site.default_language.clone())),
    })
}

/// What a checked virtual path (see [`check`]) names.
pub fn parse(site: &ApiSite, path: &str) -> Result<Virtual, String> {
    let segments: Vec<&str> = path.split('/').collect();
    let media = |bundle: Option<(Section, String)>| {
        Ok(Virtual::Media {
            path: path.to_string(),
            bundle,
        })
    };
    let file = |entry: Entry, lang: String| Ok(Virtual::File(EntryFile { entry, lang }));
    let Some(name) = segments.last().copied() else {
        return Err(format!("'{path}' names no file"));
    };
    let split = split_virtual_name(site, name);
    let nested = |what: &str| {
        Err(format!(
            "'{path}' is not a file the editor can change: {what}"
        ))
    };
    match (segments.len(), split) {
        (2, Some(split)) => {
            let (base, lang) = split?;
            if base == "_index" {
                return file(Entry::Home, lang);
            }
            plain_name(base)?;
            file(
                Entry::Page {
                    name: base.to_string(),
                },
                lang,
            )
        }
        (3, Some(split)) => {
            let (base, lang) = split?;
            match section_named(segments[1]) {
                Some(section) if base == "_index" => file(Entry::Intro(section), lang),
                Some(section) => nested(&format!(
                    "the entries of {CONTENT_DIR}/{}/ are edited as {CONTENT_DIR}/{}/<name>/index.<language>.md",
                    section.dir(),
                    section.dir()
                )),
                None => nested("pages in folders are edited as files"),
            }
        }
        (4, Some(split)) => {
            let (base, lang) = split?;
            match section_named(segments[1]) {
                Some(section) if base == "index" => {
                    plain_name(segments[2])?;
                    file(
                        Entry::Record {
                            section,
                            stem: segments[2].to_string(),
                        },
                        lang,
                    )
                }
                Some(_) => nested("a bundle's text is its index.<language>.md"),
                None => nested("pages in folders are edited as files"),
            }
        }
        (_, Some(_)) => nested("pages in folders are edited as files"),
        (4, None) => match section_named(segments[1]) {
            Some(section) => media(Some((section, segments[2].to_string()))),
            None => media(None),
        },
        (_, None) => media(None),
    }
}

/// The partner slug a relation field saved: Decap names an entry by its path without the
/// locale, `<slug>/index` for the one-bundle form every entry is shown in ([`virtual_path`]).
pub fn partner_slug(value: &str) -> &str {
    value.strip_suffix("/index").unwrap_or(value)
}

/// Writes `partners:` lists as the relation field names partners, `<slug>/index`, for a file
/// shown to the editor; the inverse of [`partner_slug`], which the writer applies on save.
pub fn shown_partners(text: &str) -> String {
    let Ok(split) = crate::content::parse::split(text) else {
        return text.to_string();
    };
    let Ok(mut map) = crate::yaml::parse_mapping(split.yaml) else {
        return text.to_string();
    };
    let Some(serde_yaml::Value::Sequence(items)) = map.get_mut("partners") else {
        return text.to_string();
    };
    for item in items.iter_mut() {
        if let serde_yaml::Value::String(s) = item {
            *s = format!("{s}/index");
        }
    }
    let Ok(yaml) = crate::yaml::to_string(&map) else {
        return text.to_string();
    };
    // Only the front matter is replaced: the body goes back to the editor byte for byte.
    let start = split.yaml.as_ptr() as usize - text.as_ptr() as usize;
    let end = start + split.yaml.len();
    format!("{}{yaml}{}", &text[..start], &text[end..])
}

/// The virtual path of an entry's file in `lang`.
pub fn virtual_path(file: &EntryFile) -> String {
    let lang = &file.lang;
    match &file.entry {
        Entry::Record { section, stem } => {
            format!("{CONTENT_DIR}/{}/{stem}/index.{lang}.md", section.dir())
        }
        Entry::Page { name } => format!("{CONTENT_DIR}/{name}.{lang}.md"),
        Entry::Home => format!("{CONTENT_DIR}/_index.{lang}.md"),
        Entry::Intro(section) => format!("{CONTENT_DIR}/{}/_index.{lang}.md", section.dir()),
    }
}

/// The real path, relative to the root, of an entry's file laid out as `layout` (which only
/// records have a choice of).
pub fn real_path(site: &ApiSite, file: &EntryFile, layout: Layout) -> PathBuf {
    let suffix = if file.lang == site.default_language {
        ".md".to_string()
    } else {
        format!(".{}.md", file.lang)
    };
    let content = Path::new(CONTENT_DIR);
    match &file.entry {
        Entry::Record { section, stem } => match layout {
            Layout::Bundle => content
                .join(section.dir())
                .join(stem)
                .join(format!("index{suffix}")),
            Layout::OneFile => content.join(section.dir()).join(format!("{stem}{suffix}")),
        },
        Entry::Page { name } => content.join(format!("{name}{suffix}")),
        Entry::Home => content.join(format!("_index{suffix}")),
        Entry::Intro(section) => content.join(section.dir()).join(format!("_index{suffix}")),
    }
}

/// A record's bundle folder, relative to the root.
pub fn bundle_dir(section: Section, stem: &str) -> PathBuf {
    Path::new(CONTENT_DIR).join(section.dir()).join(stem)
}

/// How a record is laid out on disk now: a bundle if its folder holds `index.md`.
pub fn layout_of(site: &ApiSite, entry: &Entry) -> Layout {
    match entry {
        Entry::Record { section, stem } => {
            if site
                .root
                .join(bundle_dir(*section, stem))
                .join("index.md")
                .is_file()
            {
                Layout::Bundle
            } else {
                Layout::OneFile
            }
        }
        _ => Layout::OneFile,
    }
}

/// The real path of an entry's file as the entry is laid out now.
pub fn real(site: &ApiSite, file: &EntryFile) -> PathBuf {
    real_path(site, file, layout_of(site, &file.entry))
}

/// `<base>[.<lang>].md` of a real file name: the language is absent for the default one and
/// must be another site language otherwise.
fn split_real_name<'n>(site: &ApiSite, name: &'n str) -> Option<(&'n str, String)> {
    let base = name.strip_suffix(".md")?;
    match base.rsplit_once('.') {
        Some((stem, lang)) if lang != site.default_language && site.is_language(lang) => {
            Some((stem, lang.to_string()))
        }
        Some(_) => None,
        None => Some((base, site.default_language.clone())),
    }
}

/// The entry file a real path (relative to the root, `/`-separated) holds, and the layout it
/// implies; `None` for a file that no virtual path maps to.
pub fn from_real(site: &ApiSite, rel: &str) -> Option<(EntryFile, Layout)> {
    let segments: Vec<&str> = rel.split('/').collect();
    if segments.first() != Some(&CONTENT_DIR) {
        return None;
    }
    let name = segments.last()?;
    let (base, lang) = split_real_name(site, name)?;
    let one = |entry: Entry| {
        Some((
            EntryFile {
                entry,
                lang: lang.clone(),
            },
            Layout::OneFile,
        ))
    };
    match segments.len() {
        2 if base == "_index" => one(Entry::Home),
        2 => {
            plain_name(base).ok()?;
            one(Entry::Page {
                name: base.to_string(),
            })
        }
        3 => {
            let section = section_named(segments[1])?;
            if base == "_index" {
                return one(Entry::Intro(section));
            }
            plain_name(base).ok()?;
            one(Entry::Record {
                section,
                stem: base.to_string(),
            })
        }
        4 if base == "index" => {
            let section = section_named(segments[1])?;
            plain_name(segments[2]).ok()?;
            Some((
                EntryFile {
                    entry: Entry::Record {
                        section,
                        stem: segments[2].to_string(),
                    },
                    lang,
                },
                Layout::Bundle,
            ))
        }
        _ => None,
    }
}

/// The names in a folder, sorted, without the files tools leave behind; nothing if it cannot
/// be read (a missing folder lists nothing, as in decap-server).
fn names(dir: &Path) -> Vec<(String, bool)> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<(String, bool)> = read
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            if ignored(&name) {
                return None;
            }
            // Follows links, as the build does; where they lead is checked by the caller.
            let is_dir = e.path().is_dir();
            Some((name, is_dir))
        })
        .collect();
    names.sort();
    names
}

/// The virtual paths of the entry files that exist below `folder` (a checked virtual folder),
/// at most `depth` segments below it, ending in `extension`: one per existing real file, so a
/// missing translation is not listed. Section intros and the home text are not listed: they
/// are a `files` collection's, named one by one.
pub fn list(site: &ApiSite, folder: &str, extension: &str, depth: usize) -> Vec<String> {
    let mut real: Vec<String> = Vec::new();
    let wanted = |rel: &str| {
        rel.starts_with(folder)
            && rel.as_bytes().get(folder.len()) == Some(&b'/')
            && rel[folder.len()..].matches('/').count() <= depth
    };
    let content = site.root.join(CONTENT_DIR);
    if folder == CONTENT_DIR {
        for (name, is_dir) in names(&content) {
            if !is_dir && name.ends_with(".md") && !name.starts_with("_index") {
                real.push(format!("{CONTENT_DIR}/{name}"));
            }
        }
    }
    for section in Section::ALL {
        let dir = section.dir();
        let own = format!("{CONTENT_DIR}/{dir}");
        let in_scope = folder == CONTENT_DIR
            || folder == own
            || folder
                .strip_prefix(&own)
                .is_some_and(|r| r.starts_with('/'));
        if !in_scope {
            continue;
        }
        for (name, is_dir) in names(&content.join(dir)) {
            if is_dir {
                let bundle = content.join(dir).join(&name);
                if !bundle.join("index.md").is_file() {
                    continue;
                }
                for (file, sub) in names(&bundle) {
                    if !sub && file.ends_with(".md") {
                        real.push(format!("{CONTENT_DIR}/{dir}/{name}/{file}"));
                    }
                }
            } else if name.ends_with(".md") && !name.starts_with("_index") {
                real.push(format!("{CONTENT_DIR}/{dir}/{name}"));
            }
        }
    }
    let confinement = Confinement::new(site);
    let mut listed: Vec<String> = real
        .iter()
        .filter_map(|rel| {
            let (file, layout) = from_real(site, rel)?;
            // Only files their virtual path maps back to: `x.md` beside a bundle `x/` is
            // not reachable, nor `x/index.ru.md` in a folder without `index.md`.
            (layout_of(site, &file.entry) == layout && confinement.check(Path::new(rel)).is_ok())
                .then_some(file)
        })
        .map(|file| virtual_path(&file))
        .filter(|v| wanted(v) && v.ends_with(extension))
        .collect();
    listed.sort();
    listed.dedup();
    listed
}

/// The files in a bundle folder, recursively, relative to the root; nothing if it is missing.
pub fn bundle_files(site: &ApiSite, section: Section, stem: &str) -> Vec<PathBuf> {
    let dir = bundle_dir(section, stem);
    let full = site.root.join(&dir);
    if !full.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(&full)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| {
            e.path()
                .strip_prefix(&site.root)
                .ok()
                .map(Path::to_path_buf)
        })
        .collect()
}

/// Whether the real path (relative to the root) stays inside the root's `content/` folder
/// once the links on its way are followed: the deepest part of it that exists must resolve
/// there. Refused with the reason otherwise.
pub fn confined(site: &ApiSite, rel: &Path) -> Result<(), String> {
    Confinement::new(site).check(rel)
}

/// [`confined`] for many paths: each folder is resolved once, and a file that is not a link
/// is where its folder is (listing 10 000 entries resolves a few folders, not 20 000 paths).
pub struct Confinement<'s> {
    site: &'s ApiSite,
    content: Result<PathBuf, String>,
    folders: std::cell::RefCell<std::collections::HashMap<PathBuf, Result<bool, ()>>>,
}

impl<'s> Confinement<'s> {
    /// Resolves the site's `content/` folder.
    pub fn new(site: &'s ApiSite) -> Confinement<'s> {
        let content = dunce::canonicalize(site.root.join(CONTENT_DIR))
            .map_err(|e| format!("the site has no readable {CONTENT_DIR}/ folder: {e}"));
        Confinement {
            site,
            content,
            folders: Default::default(),
        }
    }

    /// Whether `path` (which exists) resolves inside `content/`; `Err` for a broken link.
    fn resolves_inside(&self, content: &Path, path: &Path, cache: bool) -> Result<bool, ()> {
        if cache && let Some(known) = self.folders.borrow().get(path) {
            return *known;
        }
        let inside = dunce::canonicalize(path)
            .map(|r| r.starts_with(content))
            .map_err(drop);
        if cache {
            self.folders.borrow_mut().insert(path.to_path_buf(), inside);
        }
        inside
    }

    /// See [`confined`].
    pub fn check(&self, rel: &Path) -> Result<(), String> {
        let content = self.content.as_ref().map_err(Clone::clone)?;
        let shown = crate::diagnostic::display_path(rel);
        let full = self.site.root.join(rel);
        let mut at: &Path = &full;
        loop {
            if let Ok(meta) = std::fs::symlink_metadata(at) {
                let inside = match at.parent() {
                    Some(folder) if meta.is_file() => self.resolves_inside(content, folder, true),
                    _ if meta.is_dir() => self.resolves_inside(content, at, true),
                    _ => self.resolves_inside(content, at, false),
                };
                return match inside {
                    Ok(true) => Ok(()),
                    Ok(false) => Err(format!(
                        "'{shown}' leads out of {CONTENT_DIR}/ through a link"
                    )),
                    Err(()) => Err(format!("'{shown}' leads through a broken link")),
                };
            }
            match at.parent() {
                Some(p) => at = p,
                None => return Err(format!("'{shown}' is not inside the site")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> ApiSite {
        ApiSite {
            root: PathBuf::from("/nonexistent-site"),
            languages: vec!["en".into(), "ru".into(), "uz".into()],
            default_language: "en".into(),
        }
    }

    fn file(entry: Entry, lang: &str) -> EntryFile {
        EntryFile {
            entry,
            lang: lang.into(),
        }
    }

    fn record(stem: &str) -> Entry {
        Entry::Record {
            section: Section::Partners,
            stem: stem.into(),
        }
    }

    fn real_str(f: &EntryFile, layout: Layout) -> String {
        crate::diagnostic::slash_path(&real_path(&site(), f, layout))
    }

    #[test]
    fn records_map_to_one_file_or_bundle_in_both_directions() {
        let s = site();
        let cases = [
            ("en", Layout::OneFile, "content/partners/yonsei.md"),
            ("ru", Layout::OneFile, "content/partners/yonsei.ru.md"),
            ("en", Layout::Bundle, "content/partners/yonsei/index.md"),
            ("uz", Layout::Bundle, "content/partners/yonsei/index.uz.md"),
        ];
        for (lang, layout, rel) in cases {
            let v = format!("content/partners/yonsei/index.{lang}.md");
            let parsed = parse(&s, &v).unwrap();
            let f = file(record("yonsei"), lang);
            assert_eq!(parsed, Virtual::File(f.clone()), "{v}");
            assert_eq!(real_str(&f, layout), rel);
            assert_eq!(from_real(&s, rel), Some((f.clone(), layout)), "{rel}");
            assert_eq!(virtual_path(&f), v);
        }
        let visit = file(
            Entry::Record {
                section: Section::Visits,
                stem: "2024-seoul".into(),
            },
            "ru",
        );
        assert_eq!(
            real_str(&visit, Layout::OneFile),
            "content/visits/2024-seoul.ru.md"
        );
        assert_eq!(
            virtual_path(&visit),
            "content/visits/2024-seoul/index.ru.md"
        );
    }

    #[test]
    fn pages_intros_and_home_map_in_both_directions() {
        let s = site();
        let cases = [
            (
                "content/about.en.md",
                Entry::Page {
                    name: "about".into(),
                },
                "en",
                "content/about.md",
            ),
            (
                "content/about.ru.md",
                Entry::Page {
                    name: "about".into(),
                },
                "ru",
                "content/about.ru.md",
            ),
            (
                "content/_index.en.md",
                Entry::Home,
                "en",
                "content/_index.md",
            ),
            (
                "content/_index.uz.md",
                Entry::Home,
                "uz",
                "content/_index.uz.md",
            ),
            (
                "content/programs/_index.en.md",
                Entry::Intro(Section::Programs),
                "en",
                "content/programs/_index.md",
            ),
            (
                "content/visits/_index.ru.md",
                Entry::Intro(Section::Visits),
                "ru",
                "content/visits/_index.ru.md",
            ),
        ];
        for (v, entry, lang, rel) in cases {
            let f = file(entry, lang);
            assert_eq!(parse(&s, v).unwrap(), Virtual::File(f.clone()), "{v}");
            assert_eq!(virtual_path(&f), v);
            assert_eq!(real_str(&f, Layout::OneFile), rel);
            assert_eq!(from_real(&s, rel), Some((f, Layout::OneFile)), "{rel}");
        }
    }

    #[test]
    fn a_path_without_language_is_the_default_language() {
        let s = site();
        assert_eq!(
            parse(&s, "content/_index.md").unwrap(),
            Virtual::File(file(Entry::Home, "en"))
        );
        assert_eq!(
            parse(&s, "content/partners/x/index.md").unwrap(),
            Virtual::File(file(record("x"), "en"))
        );
    }

    #[test]
    fn names_that_would_map_two_ways_are_refused() {
        let s = site();
        for (v, part) in [
            ("content/partners/a.ru/index.en.md", "contains a dot"),
            ("content/partners/_x/index.en.md", "starts with '_'"),
            (
                "content/partners/x/index.fr.md",
                "'fr' is not one of the site's languages",
            ),
            (
                "content/partners/x.en.md",
                "are edited as content/partners/<name>/index",
            ),
            ("content/partners/x/other.en.md", "index.<language>.md"),
            ("content/about/team.en.md", "pages in folders"),
            ("content/a.b.md", "'b' is not one of"),
        ] {
            let e = parse(&s, v).unwrap_err();
            assert!(e.contains(part), "{v}: {e}");
        }
        // Real files no virtual path reaches.
        for rel in [
            "content/partners/x.en.md",
            "content/partners/x/other.md",
            "content/partners/x/y/index.md",
            "site.yaml",
            "content/a.b.c.md",
        ] {
            assert_eq!(from_real(&s, rel), None, "{rel}");
        }
    }

    #[test]
    fn media_keep_their_path_and_know_their_bundle() {
        let s = site();
        assert_eq!(
            parse(&s, "content/partners/x/logo.png").unwrap(),
            Virtual::Media {
                path: "content/partners/x/logo.png".into(),
                bundle: Some((Section::Partners, "x".into()))
            }
        );
        assert_eq!(
            parse(&s, "content/files/report.pdf").unwrap(),
            Virtual::Media {
                path: "content/files/report.pdf".into(),
                bundle: None
            }
        );
    }

    #[test]
    fn paths_are_checked_before_anything_else() {
        let ok = [
            "content/partners/x/index.en.md",
            "content/a.md",
            "content/x/y/z.png",
        ];
        for p in ok {
            assert_eq!(check(p, false), Ok(()), "{p}");
        }
        assert_eq!(check("content", true), Ok(()));
        let bad = [
            ("", "is empty"),
            ("../", "not inside content/"),
            ("content/../site.yaml", "contains '..'"),
            ("content/./a.md", "contains '.'"),
            ("/etc/passwd", "absolute"),
            ("C:\\Windows", "contains ':'"),
            ("content/a\\b.md", "contains '\\'"),
            ("C:/Windows", "contains ':'"),
            ("content\\..\\site.yaml", "contains '\\'"),
            ("content/a\0.md", "contains NUL"),
            ("content//a.md", "empty segment"),
            ("content/partners/", "empty segment"),
            ("content/.git/config", "hidden"),
            ("site.yaml", "not inside content/"),
            ("contents/a.md", "not inside content/"),
            ("content", "not a file in it"),
            ("content/%2e%2e/site.yaml", ""),
        ];
        for (p, part) in bad {
            if part.is_empty() {
                // JSON does not decode `%2e`: it is a folder named `%2e%2e`, inside content/.
                assert_eq!(check(p, false), Ok(()));
                continue;
            }
            let e = check(p, false).unwrap_err();
            assert!(e.contains(part), "{p}: {e}");
        }
    }

    #[test]
    fn listing_gives_the_virtual_path_of_each_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let files = [
            "content/_index.md",
            "content/_index.ru.md",
            "content/about.md",
            "content/about.ru.md",
            "content/.hidden.md",
            "content/partners/_index.md",
            "content/partners/one.md",
            "content/partners/one.uz.md",
            "content/partners/two/index.md",
            "content/partners/two/index.ru.md",
            "content/partners/two/logo.png",
            // Not reachable: a folder without index.md, and a file beside a bundle.
            "content/partners/three/index.ru.md",
            "content/partners/two.md",
            "content/partners/two.uz.md",
            "content/visits/v.md",
        ];
        for f in files {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "---\ntitle: T\n---\n").unwrap();
        }
        let s = ApiSite {
            root: root.to_path_buf(),
            ..site()
        };
        assert_eq!(
            list(&s, "content/partners", "md", 2),
            [
                "content/partners/one/index.en.md",
                "content/partners/one/index.uz.md",
                "content/partners/two/index.en.md",
                "content/partners/two/index.ru.md",
            ]
        );
        assert_eq!(list(&s, "content/partners", "md", 1), Vec::<String>::new());
        assert_eq!(
            list(&s, "content", "md", 1),
            ["content/about.en.md", "content/about.ru.md"]
        );
        assert_eq!(
            list(&s, "content/visits", "md", 2),
            ["content/visits/v/index.en.md"]
        );
        assert_eq!(list(&s, "content/visits", "json", 2), Vec::<String>::new());
        assert_eq!(list(&s, "content/nothing", "md", 2), Vec::<String>::new());
        assert_eq!(list(&s, "content/partners/two", "md", 1).len(), 2);
    }
}
