//! `hamkor init`: a new, complete site in an empty folder.
//!
//! The files it writes live in the repository as real files under `src/init/site/` and are
//! built into the binary. They are written in English, with `<name>.uz.md` and `<name>.ru.md`
//! beside each Markdown file in the other languages the built-in theme speaks; a few are
//! filled in on the way:
//!
//! - `site.yaml` gets the title and languages (`@@TITLE@@`, `@@LANGUAGES@@`);
//! - each Markdown file is written in the site's default language, and as a translation
//!   (title, summary, outcomes and text only) into every other language of the site, so a new
//!   site in several languages has no page without its translation; `@@FILE@@` becomes the path
//!   of the file written, so each page can say which file to edit;
//! - the example partner, visit and program take the comments `hamkor new` writes
//!   ([`crate::new::filled`]), so an editor sees every key they may use;
//! - the area vocabulary keeps the titles of the site's languages only;
//! - the two workflows get the hamkor version that wrote the site and one shared step,
//!   `src/init/install-hamkor.yml`, which downloads that release and checks its checksum.
//!
//! Nothing is written unless the folder is empty or missing, and no file is ever overwritten.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::content::model::Section;

static SITE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/init/site");

/// The step both workflows install hamkor with, so the two cannot drift apart.
const INSTALL_HAMKOR: &str = include_str!("install-hamkor.yml");

/// The language the files under `src/init/site/` are written in, without a language suffix.
const SOURCE_LANGUAGE: &str = "en";

/// The site's title when `--title` is not given, per language.
const DEFAULT_TITLES: &[(&str, &str)] = &[
    ("en", "International Cooperation"),
    ("uz", "Xalqaro hamkorlik"),
    ("ru", "Международное сотрудничество"),
];

/// The keys a translation may give; everything else comes from the original.
const PROSE_KEYS: &[&str] = &["title", "summary", "outcomes"];

/// Reads `--languages`: codes separated by commas, the default first. Each must be a language
/// the built-in theme speaks, as a site in another language would show its interface in
/// English; a code named twice counts once, as in `site.yaml`.
pub fn parse_languages(list: &str) -> Result<Vec<String>, String> {
    let known = crate::render::theme::builtin_languages();
    let mut languages: Vec<String> = Vec::new();
    for code in list.split(',').map(str::trim) {
        if code.is_empty() {
            continue;
        }
        if !known.iter().any(|k| k == code) {
            return Err(format!(
                "unknown language '{code}' in --languages; hamkor knows {}",
                known.join(", ")
            ));
        }
        if !languages.iter().any(|l| l == code) {
            languages.push(code.to_string());
        }
    }
    if languages.is_empty() {
        return Err(format!(
            "--languages names no language; give codes such as {}",
            known.join(",")
        ));
    }
    Ok(languages)
}

/// Writes a new site into `dir` (created if missing), titled `title` (a default per
/// language if `None`), in `languages` (the default first, as [`parse_languages`] returns
/// them). Returns the files written, relative to `dir`, in the order written.
///
/// Refuses a `dir` that exists and is not an empty folder, before writing anything.
pub fn create(
    dir: &Path,
    title: Option<&str>,
    languages: &[String],
) -> Result<Vec<PathBuf>, String> {
    let files = plan(title, languages)?;
    let shown = shown_name(dir);
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(format!(
                    "{shown} is not empty; hamkor init writes a new site into an empty folder"
                ));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(_) if dir.exists() && !dir.is_dir() => {
            return Err(format!(
                "{shown} is a file; hamkor init writes a new site into an empty folder"
            ));
        }
        Err(e) => return Err(format!("cannot read {shown}: {e}")),
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {shown}: {e}"))?;
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        // A file that appeared since the folder was found empty is kept.
        crate::new::write_new(&path, &text)?;
        written.push(rel);
    }
    Ok(written)
}

/// The folder as messages name it: the current folder by its full path, as `.` says little.
fn shown_name(dir: &Path) -> String {
    if (dir.as_os_str().is_empty() || dir == Path::new("."))
        && let Ok(cwd) = std::env::current_dir()
    {
        return cwd.display().to_string();
    }
    dir.display().to_string()
}

/// Every file of the new site, by path relative to its folder, with its text.
pub fn plan(title: Option<&str>, languages: &[String]) -> Result<Vec<(PathBuf, String)>, String> {
    let Some(default) = languages.first() else {
        return Err("a site needs at least one language".into());
    };
    if title.is_some_and(|t| t.trim().is_empty()) {
        return Err("--title is empty; give the site a name".into());
    }
    let mut sources = BTreeMap::new();
    collect(&SITE, &mut sources)?;
    let known = crate::render::theme::builtin_languages();
    let is_translation = |rel: &str| {
        rel.strip_suffix(".md")
            .and_then(|stem| stem.rsplit_once('.'))
            .is_some_and(|(_, lang)| known.iter().any(|k| k == lang))
    };

    let mut out = Vec::new();
    for (rel, text) in &sources {
        if is_translation(rel) {
            continue;
        }
        match rel.as_str() {
            "site.yaml" => out.push((
                rel.clone(),
                text.replace("@@TITLE@@", &site_title(title, languages))
                    .replace("@@LANGUAGES@@", &format!("[{}]", languages.join(", "))),
            )),
            "content/areas.yaml" => out.push((rel.clone(), areas(text, languages)?)),
            _ if rel.starts_with(".github/workflows/") => {
                out.push((rel.clone(), workflow(text)));
            }
            _ if rel.starts_with("content/") && rel.ends_with(".md") => {
                let base = rel.trim_end_matches(".md");
                let source = Source::parse(rel, text)?;
                let in_language = |lang: &str| -> Result<Option<Source>, String> {
                    if lang == SOURCE_LANGUAGE {
                        return Ok(Some(source.clone()));
                    }
                    let name = format!("{base}.{lang}.md");
                    sources
                        .get(&name)
                        .map(|t| Source::parse(&name, t))
                        .transpose()
                };
                let original = match in_language(default)? {
                    Some(t) => source.with_prose_of(&t),
                    None => source.clone(),
                };
                out.push((rel.clone(), original.render(rel, section_of(rel))));
                for lang in &languages[1..] {
                    if let Some(t) = in_language(lang)? {
                        let name = format!("{base}.{lang}.md");
                        let text = t.prose_only().render(&name, None);
                        out.push((name, text));
                    }
                }
            }
            _ => out.push((rel.clone(), text.clone())),
        }
    }
    Ok(out
        .into_iter()
        .map(|(rel, t)| (PathBuf::from(rel), t))
        .collect())
}

/// Every file of `dir`, by its path with `/` separators.
fn collect(dir: &'static Dir<'static>, out: &mut BTreeMap<String, String>) -> Result<(), String> {
    for file in dir.files() {
        let rel = file.path().to_string_lossy().replace('\\', "/");
        let text = file
            .contents_utf8()
            .ok_or_else(|| format!("internal error: the built-in {rel} is not UTF-8"))?;
        out.insert(rel, text.to_string());
    }
    for sub in dir.dirs() {
        collect(sub, out)?;
    }
    Ok(())
}

/// The site's title as YAML: `--title` for every language, or the default title per language.
fn site_title(title: Option<&str>, languages: &[String]) -> String {
    if let Some(title) = title {
        return quote(title);
    }
    let titles: Vec<String> = languages
        .iter()
        .filter_map(|lang| {
            DEFAULT_TITLES
                .iter()
                .find(|(l, _)| l == lang)
                .map(|(l, t)| format!("{l}: {}", quote(t)))
        })
        .collect();
    match titles.as_slice() {
        [one] => one
            .split_once(": ")
            .map_or_else(String::new, |(_, t)| t.to_string()),
        _ => format!("{{{}}}", titles.join(", ")),
    }
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The area vocabulary with the titles of `languages` only; its leading comment stays.
fn areas(text: &str, languages: &[String]) -> Result<String, String> {
    let vocabulary: serde_yaml::Mapping = serde_yaml::from_str(text)
        .map_err(|e| format!("internal error: the built-in area vocabulary: {e}"))?;
    let mut out: String = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    for (slug, titles) in &vocabulary {
        let (Some(slug), Some(titles)) = (slug.as_str(), titles.as_mapping()) else {
            return Err("internal error: the built-in area vocabulary is not slug → titles".into());
        };
        let titles: Vec<String> = languages
            .iter()
            .filter_map(|lang| {
                titles
                    .get(lang.as_str())
                    .and_then(serde_yaml::Value::as_str)
                    .map(|t| format!("{lang}: {}", quote(t)))
            })
            .collect();
        out.push_str(&format!("{slug}: {{{}}}\n", titles.join(", ")));
    }
    Ok(out)
}

/// A workflow with the shared install step and the version of this hamkor filled in.
fn workflow(text: &str) -> String {
    let install = INSTALL_HAMKOR.replace("@@REPOSITORY@@", env!("CARGO_PKG_REPOSITORY"));
    text.replace("@@INSTALL_HAMKOR@@\n", &install)
        .replace("@@HAMKOR_VERSION@@", env!("CARGO_PKG_VERSION"))
}

/// The section whose entries live in the folder of `rel`, for partner, visit and program files
/// (not their section intros).
fn section_of(rel: &str) -> Option<Section> {
    let (folder, name) = rel.strip_prefix("content/")?.split_once('/')?;
    if name.starts_with('_') || name.contains('/') {
        return None;
    }
    Section::ALL.into_iter().find(|s| s.dir() == folder)
}

/// A Markdown file of `src/init/site/`: its front matter as written, key by key, and its text.
#[derive(Clone)]
struct Source {
    /// Top-level keys with their values as YAML text (a value on the lines below starts with
    /// a line break).
    fields: Vec<(String, String)>,
    body: String,
}

impl Source {
    fn parse(rel: &str, text: &str) -> Result<Source, String> {
        let bad = || format!("internal error: the built-in {rel} has no front matter");
        let rest = text.strip_prefix("---\n").ok_or_else(bad)?;
        let (front, body) = rest.split_once("\n---\n").ok_or_else(bad)?;
        let mut fields: Vec<(String, String)> = Vec::new();
        for line in front.lines() {
            if line.starts_with(' ') {
                // A continuation of the key above, such as an item of a block list.
                if let Some((_, value)) = fields.last_mut() {
                    value.push('\n');
                    value.push_str(line);
                }
            } else if let Some((key, value)) = line.split_once(':') {
                fields.push((key.to_string(), value.trim_start().to_string()));
            }
        }
        Ok(Source {
            fields,
            body: body.to_string(),
        })
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// This file in the language of `translation`: its prose replaced by the translation's.
    fn with_prose_of(&self, translation: &Source) -> Source {
        let mut fields = self.fields.clone();
        for key in PROSE_KEYS {
            if let Some(value) = translation.get(key) {
                match fields.iter_mut().find(|(k, _)| k == key) {
                    Some((_, v)) => *v = value.to_string(),
                    None => fields.push((key.to_string(), value.to_string())),
                }
            }
        }
        Source {
            fields,
            body: translation.body.clone(),
        }
    }

    /// Only what a translation may give.
    fn prose_only(&self) -> Source {
        Source {
            fields: self
                .fields
                .iter()
                .filter(|(k, _)| PROSE_KEYS.contains(&k.as_str()))
                .cloned()
                .collect(),
            body: self.body.clone(),
        }
    }

    /// The file's text at `rel`; an entry of `section` gets the comments of `hamkor new`.
    fn render(&self, rel: &str, section: Option<Section>) -> String {
        let text = match section {
            Some(section) => {
                let values: Vec<(&str, &str)> = self
                    .fields
                    .iter()
                    .filter(|(k, _)| k != "title")
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                crate::new::filled(
                    section,
                    self.get("title").unwrap_or("\"\""),
                    &values,
                    &self.body,
                )
            }
            None => {
                let mut out = String::from("---\n");
                for (key, value) in &self.fields {
                    let gap = if value.starts_with('\n') { "" } else { " " };
                    out.push_str(&format!("{key}:{gap}{value}\n"));
                }
                out.push_str("---\n");
                out.push_str(&self.body);
                out
            }
        };
        text.replace(
            "@@FILE@@",
            &format!("content/{}", rel.trim_start_matches("content/")),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn every_placeholder_is_filled_in() {
        for languages in [langs(&["en"]), langs(&["uz", "en", "ru"])] {
            for (rel, text) in plan(Some("T"), &languages).unwrap() {
                assert!(!text.contains("@@"), "{}:\n{text}", rel.display());
            }
        }
    }

    #[test]
    fn a_site_in_uzbek_first_has_its_originals_in_uzbek_and_english_as_a_translation() {
        let files: BTreeMap<PathBuf, String> = plan(None, &langs(&["uz", "en"]))
            .unwrap()
            .into_iter()
            .collect();
        let partner = &files[Path::new("content/partners/example-university.md")];
        assert!(
            partner.starts_with("---\ntitle: Namuna universiteti\n"),
            "{partner}"
        );
        assert!(partner.contains("\ncountry: DE\n"), "{partner}");
        let english = &files[Path::new("content/partners/example-university.en.md")];
        assert!(
            english.starts_with("---\ntitle: Example University\nsummary: "),
            "{english}"
        );
        assert!(!english.contains("country"), "{english}");
        assert!(!files.contains_key(Path::new("content/partners/example-university.ru.md")));
        assert!(
            files[Path::new("site.yaml")].contains(
                "title: {uz: \"Xalqaro hamkorlik\", en: \"International Cooperation\"}\n"
            )
        );
        assert!(
            files[Path::new("content/areas.yaml")]
                .contains("\neducation: {uz: \"Taʼlim\", en: \"Education\"}\n")
        );
    }

    #[test]
    fn languages_are_known_codes_each_counted_once() {
        assert_eq!(parse_languages("en, ru,en").unwrap(), ["en", "ru"]);
        assert_eq!(
            parse_languages("en,xx").unwrap_err(),
            "unknown language 'xx' in --languages; hamkor knows en, ru, uz"
        );
        assert!(parse_languages(" , ").is_err());
    }
}
