//! Step 2a: find the site's content files and decide what each one is from where it lives.

use std::path::{Path, PathBuf};

use crate::content::model::{PageKind, Section};
use crate::content::parse::Role;
use crate::diagnostic::{Diagnostic, display_path};

/// The content folder's name in the site root.
pub const CONTENT_DIR: &str = "content";

/// A file found under `content/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A Markdown file to parse.
    Markdown {
        /// Path relative to the site root.
        path: PathBuf,
        /// What it is.
        role: Role,
    },
    /// Any other file, copied to the output.
    Asset {
        /// Path relative to the site root.
        path: PathBuf,
        /// Path relative to `content/` with `/` separators.
        content_path: String,
    },
}

fn section_of(name: &str) -> Option<Section> {
    Section::ALL.into_iter().find(|s| s.dir() == name)
}

/// Characters that Windows does not allow in file names.
const NOT_ON_WINDOWS: &[char] = &['\\', ':', '*', '?', '"', '<', '>', '|'];

/// The types of file `content/` publishes beside its pages, by lower-case extension: images,
/// PDF documents, audio and video, and data for scripts. Anything else is refused, so that a
/// file saved in a content folder by mistake (notes, a spreadsheet, an archive) never becomes
/// public. Keep docs/content.md in step.
pub const PUBLISHED_TYPES: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "ico", // images
    "pdf", // documents
    "mp4", "webm", "mp3", "ogg", // audio and video
    "csv", "json", // data
];

/// Other spellings of Markdown: such files are not read, and must not be published raw.
const MARKDOWN_LIKE: &[&str] = &[
    "markdown", "mkd", "mkdn", "mdown", "mdwn", "mdtext", "mdtxt",
];

/// Office documents: often drafts or internal papers, so their hint says how to publish one.
const OFFICE: &[&str] = &[
    "doc", "docx", "docm", "dot", "dotx", "xls", "xlsx", "xlsm", "ppt", "pptx", "pps", "ppsx",
    "odt", "ods", "odp", "odg", "rtf", "pages", "numbers", "key", "pub", "vsd", "vsdx",
];

/// Why a file that is not a `.md` file is not published, if it is not of a published type.
/// Each is an error rather than a warning: the file might be private, and with an error
/// nothing at all is written until someone decides where it belongs.
fn unpublished(name: &str, rel: &Path) -> Option<Diagnostic> {
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, ext.to_ascii_lowercase()),
        _ => (name, String::new()),
    };
    let ext = ext.as_str();
    if PUBLISHED_TYPES.contains(&ext) {
        return None;
    }
    let md_txt = name
        .len()
        .checked_sub(".md.txt".len())
        .filter(|&at| name.is_char_boundary(at) && name[at..].eq_ignore_ascii_case(".md.txt"));
    let d = if let Some(at) = md_txt {
        Diagnostic::new(
            rel,
            None,
            "this Markdown file ends in '.md.txt', so it is neither read nor published",
        )
        .help(format!(
            "rename it to '{}.md' (Windows hides the '.txt' unless Explorer shows file name extensions)",
            &name[..at]
        ))
    } else if MARKDOWN_LIKE.contains(&ext) {
        Diagnostic::new(
            rel,
            None,
            format!(
                "Markdown files must end in '.md': this '.{ext}' file is neither read nor published"
            ),
        )
        .help(format!("rename it to '{stem}.md'"))
    } else if OFFICE.contains(&ext) {
        Diagnostic::new(rel, None, "office documents in content/ are not published")
            .help("to publish it, save it as PDF beside its page and link that; else move it out of content/")
    } else {
        let what = if ext.is_empty() {
            "files without an extension".to_string()
        } else {
            format!("'.{ext}' files")
        };
        Diagnostic::new(rel, None, format!("{what} in content/ are not published")).help(
            "content/ publishes pages and their images, PDFs, audio, video, CSV and JSON files \
             (see docs/content.md): move this file out of content/",
        )
    };
    Some(d)
}

/// Files editors, tools and systems leave behind that are never content.
pub fn ignored(name: &str) -> bool {
    name.eq_ignore_ascii_case("Thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
        || name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
}

/// Classifies a path relative to `content/`, split into its components.
pub fn classify(
    parts: &[&str],
    rel: &Path,
    languages: &[String],
) -> Result<Option<Found>, Box<Diagnostic>> {
    let Some((name, dirs)) = parts.split_last() else {
        return Ok(None);
    };
    let is_md = name.ends_with(".md");
    // `x.MD` or `x.Md` would otherwise be published as a raw file, front matter and all.
    if !is_md
        && let Some((stem, ext)) = name.rsplit_once('.')
        && ext.eq_ignore_ascii_case("md")
    {
        return Err(Box::new(
            Diagnostic::new(rel, None, "Markdown files must end in '.md' (lowercase)")
                .help(format!("rename it to '{stem}.md'")),
        ));
    }
    // `yonsei-university.ru.md` translates `yonsei-university.md` into Russian.
    if let Some((stem, code)) = name.strip_suffix(".md").and_then(|n| n.rsplit_once('.')) {
        let looks_like_language =
            (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase());
        if looks_like_language {
            let original = rel.with_file_name(format!("{stem}.md"));
            return match languages.iter().position(|l| l == code) {
                Some(i) if i > 0 => Ok(Some(Found::Markdown {
                    path: rel.to_path_buf(),
                    role: Role::Translation {
                        lang: code.to_string(),
                        original,
                    },
                })),
                Some(_) => Err(Box::new(
                    Diagnostic::new(
                        rel,
                        None,
                        format!(
                            "'{code}' is the default language: its text belongs in {}",
                            crate::diagnostic::display_path(&original)
                        ),
                    )
                    .help("merge the two files"),
                )),
                None => Err(Box::new(
                    Diagnostic::new(
                        rel,
                        None,
                        format!(
                            "a translation into '{code}', which is not one of the site's languages"
                        ),
                    )
                    .help(format!(
                        "add '{code}' to `languages:` in site.yaml ({})",
                        languages.join(", ")
                    )),
                )),
            };
        }
    }
    let content_path = parts.join("/");
    let path = rel.to_path_buf();
    let asset = || {
        if let Some(d) = unpublished(name, rel) {
            return Err(Box::new(d));
        }
        Ok(Some(Found::Asset {
            path: rel.to_path_buf(),
            content_path: content_path.clone(),
        }))
    };
    let record = |section: Section, stem: &str, bundle: Option<PathBuf>| {
        Ok(Some(Found::Markdown {
            path: path.clone(),
            role: Role::Record {
                section,
                stem: stem.to_string(),
                bundle,
            },
        }))
    };
    let section = dirs.first().and_then(|d| section_of(d));
    match (section, dirs.len()) {
        (Some(s), 1) if *name == "_index.md" => Ok(Some(Found::Markdown {
            path,
            role: Role::Page { kind: PageKind::SectionIntro(s), path: format!("{}/", s.dir()) },
        })),
        (Some(s), 1) if is_md => record(s, name.trim_end_matches(".md"), None),
        (Some(_), 1) => asset(),
        (Some(s), 2) if *name == "index.md" => {
            let bundle = rel.parent().map(Path::to_path_buf);
            record(s, dirs[1], bundle)
        }
        (Some(s), _) if is_md => Err(Box::new(Diagnostic::new(rel, None, format!("unexpected Markdown file in '{}/'", s.dir())).help(format!(
            "each {} is `{}/<slug>.md` or a bundle folder `{}/<slug>/index.md` with its images beside it",
            &s.dir()[..s.dir().len() - 1],
            s.dir(),
            s.dir()
        )))),
        (Some(_), _) => asset(),
        (None, _) if is_md => {
            let stem = name.trim_end_matches(".md");
            let mut segments: Vec<&str> = dirs.to_vec();
            let kind = if dirs.is_empty() && stem == "_index" { PageKind::Home } else { PageKind::Plain };
            if stem != "_index" && stem != "index" {
                segments.push(stem);
            }
            let url = segments.iter().map(|s| format!("{s}/")).collect::<String>();
            Ok(Some(Found::Markdown { path, role: Role::Page { kind, path: url } }))
        }
        (None, _) if name.ends_with(".yaml") || name.ends_with(".yml") => Ok(None),
        (None, _) => asset(),
    }
}

/// Walks `content/` in a stable order. Problems (unreadable folders, symlink loops, misplaced
/// files) are returned beside what was found, so every problem is reported in one run.
pub fn discover(root: &Path, languages: &[String]) -> (Vec<Found>, Vec<Diagnostic>) {
    let dir = root.join(CONTENT_DIR);
    let mut found = Vec::new();
    let mut problems = Vec::new();
    if !dir.is_dir() {
        return (found, problems);
    }
    let walker = walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let at = e
                    .path()
                    .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf())
                    .unwrap_or_else(|| PathBuf::from(CONTENT_DIR));
                let full = root.join(&at);
                let dangling = std::fs::symlink_metadata(&full)
                    .is_ok_and(|m| m.file_type().is_symlink())
                    && e.io_error()
                        .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound);
                let d = if e.loop_ancestor().is_some() {
                    Diagnostic::new(
                        at,
                        None,
                        "symbolic link loop: this folder links back to one of its parents",
                    )
                    .help("remove the link")
                } else if dangling {
                    let target = std::fs::read_link(&full)
                        .map(|t| display_path(&t))
                        .unwrap_or_default();
                    Diagnostic::new(
                        at,
                        None,
                        format!("broken symbolic link: '{target}' does not exist"),
                    )
                    .help("remove the link, or restore the file it points to")
                } else {
                    let reason = e
                        .io_error()
                        .map_or_else(|| e.to_string(), crate::diagnostic::io_reason);
                    let d = Diagnostic::new(at, None, format!("cannot read: {reason}"));
                    if reason.contains("symbolic link") {
                        d.help("remove the link, or point it at a file")
                    } else {
                        d
                    }
                };
                problems.push(d);
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let Ok(inside) = entry.path().strip_prefix(&dir) else {
            continue;
        };
        let names: Vec<String> = inside
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if names.iter().any(|n| n.contains('\u{fffd}')) {
            problems.push(
                Diagnostic::new(rel, None, "the file name is not valid UTF-8")
                    .help("rename the file"),
            );
            continue;
        }
        // Such a file cannot be checked out on Windows, and a `\\` in a URL is read as `/`
        // by some browsers and servers and not by others.
        if let Some(c) = names
            .iter()
            .flat_map(|n| n.chars())
            .find(|c| NOT_ON_WINDOWS.contains(c))
        {
            problems.push(
                Diagnostic::new(
                    rel,
                    None,
                    format!(
                        "the file name contains '{c}', which Windows does not allow in file names"
                    ),
                )
                .help("rename the file; use letters, digits and hyphens"),
            );
            continue;
        }
        let parts: Vec<&str> = names.iter().map(String::as_str).collect();
        match classify(&parts, rel, languages) {
            Ok(Some(f)) => found.push(f),
            Ok(None) => {}
            Err(d) => problems.push(*d),
        }
    }
    // `Logo.svg` and `logo.svg` (or `Yonsei/` and `yonsei/`) are two here but one on the
    // disks of Windows and macOS, where sites are edited and copied: one would silently
    // replace the other.
    let mut by_lower: std::collections::HashMap<String, &Path> = Default::default();
    for f in &found {
        let (Found::Asset { path, .. } | Found::Markdown { path, .. }) = f;
        let lower = display_path(path).to_lowercase();
        match by_lower.get(&lower) {
            Some(first) => problems.push(
                Diagnostic::new(
                    path.clone(),
                    None,
                    format!(
                        "the file name differs from {} only in capitals: on Windows and macOS they are one file",
                        display_path(first)
                    ),
                )
                .help("rename or remove one of them"),
            ),
            None => {
                by_lower.insert(lower, path);
            }
        }
    }
    (found, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(parts: &[&str]) -> Option<Role> {
        match classify(parts, Path::new("content/x"), &["en".to_string()]).ok()?? {
            Found::Markdown { role, .. } => Some(role),
            Found::Asset { .. } => None,
        }
    }

    #[test]
    fn files_are_classified_by_place() {
        assert_eq!(
            role(&["partners", "yonsei.md"]),
            Some(Role::Record {
                section: Section::Partners,
                stem: "yonsei".into(),
                bundle: None
            })
        );
        assert!(matches!(
            role(&["visits", "v", "index.md"]),
            Some(Role::Record {
                section: Section::Visits,
                bundle: Some(_),
                ..
            })
        ));
        assert_eq!(
            role(&["_index.md"]),
            Some(Role::Page {
                kind: PageKind::Home,
                path: String::new()
            })
        );
        assert_eq!(
            role(&["about.md"]),
            Some(Role::Page {
                kind: PageKind::Plain,
                path: "about/".into()
            })
        );
        assert_eq!(
            role(&["help", "index.md"]),
            Some(Role::Page {
                kind: PageKind::Plain,
                path: "help/".into()
            })
        );
        assert_eq!(
            role(&["programs", "_index.md"]),
            Some(Role::Page {
                kind: PageKind::SectionIntro(Section::Programs),
                path: "programs/".into()
            })
        );
        assert!(
            classify(
                &["partners", "a", "b.md"],
                Path::new("content/partners/a/b.md"),
                &[]
            )
            .is_err()
        );
        assert!(
            classify(&["areas.yaml"], Path::new("content/areas.yaml"), &[])
                .unwrap()
                .is_none()
        );
        assert!(ignored(".#x.md") && ignored("x.md~") && !ignored("x.md"));
        assert!(ignored("Thumbs.db"));
    }

    #[test]
    fn only_web_types_are_published() {
        let classify_file = |parts: &[&str]| classify(parts, Path::new("content/x"), &[]);
        for ok in [
            &["partners", "a", "photo.JPG"][..],
            &["partners", "a", "docs", "report.pdf"],
            &["visits", "v", "clip.webm"],
            &["logo.svg"],
            &["data", "figures.csv"],
        ] {
            assert!(
                matches!(classify_file(ok), Ok(Some(Found::Asset { .. }))),
                "{ok:?}"
            );
        }
        for refused in [
            &["partners", "x.markdown"][..],
            &["contacts.md.txt"],
            &["partners", "a", "notes.docx"],
            &["budget.XLSX"],
            &["partners", "a", "photos.zip"],
            &["partners", "README"],
            &["partners", "notes.txt"],
            &["page.html"],
        ] {
            assert!(classify_file(refused).is_err(), "{refused:?}");
        }
    }
}
