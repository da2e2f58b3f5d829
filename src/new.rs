//! `hamkor new`: a commented front-matter skeleton for a new partner, visit or program.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::content::model::Section;
use crate::values::slugify;

/// What [`create`] wrote.
#[derive(Debug)]
pub struct Created {
    /// The new file.
    pub path: PathBuf,
    /// Doubts about it, for the editor: another entry or translation with the same title.
    pub warnings: Vec<String>,
}

/// The site folder for `hamkor new` run in `start` without `--root`: the nearest folder,
/// `start` or above it, that holds `site.yaml` (editors run it from `content/partners/` too).
pub fn find_root(start: &Path) -> Option<&Path> {
    start.ancestors().find(|d| d.join(CONFIG_FILE).is_file())
}

/// Writes a skeleton for `section` titled `title` under `root`; returns the file's path.
/// Refuses to overwrite an existing file, and to write outside a site (no `site.yaml` in
/// `root`), where the file would be lost to every build.
pub fn create(root: &Path, section: Section, title: &str) -> Result<Created, String> {
    if !root.join(CONFIG_FILE).is_file() {
        return Err(format!(
            "no {CONFIG_FILE} in {}: `hamkor new` adds to a site; give the site's folder with --root, or start a site with `hamkor init`",
            shown_dir(root)
        ));
    }
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(format!(
            "cannot make a file name from the title '{title}': use some letters or digits"
        ));
    }
    let dir = root.join("content").join(section.dir());
    let path = dir.join(format!("{slug}.md"));
    let bundle = dir.join(&slug).join("index.md");
    if bundle.exists() {
        return Err(format!("{} already exists", bundle.display()));
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let warnings = same_titles(root, &dir, title);
    let text = skeleton(section, title);
    write_new(&path, &text)?;
    Ok(Created { path, warnings })
}

/// Writes `text` to a file that must not exist yet: one that does (even one that appeared a
/// moment ago) is kept as it is, and named in the error.
pub fn write_new(path: &Path, text: &str) -> Result<(), String> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                format!("{} already exists; not overwriting it", path.display())
            }
            _ => format!("cannot create {}: {e}", path.display()),
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

const CONFIG_FILE: &str = "site.yaml";

fn shown_dir(dir: &Path) -> String {
    if dir == Path::new(".") || dir.as_os_str().is_empty() {
        "this folder".to_string()
    } else {
        dir.display().to_string()
    }
}

/// The files of the section (entries, bundles and their translations) whose title is `title`,
/// ignoring case: a second file for one partner splits its visits and programs between two
/// pages, which the editor most likely did not mean.
fn same_titles(root: &Path, dir: &Path, title: &str) -> Vec<String> {
    let wanted = title.trim().to_lowercase();
    let mut files: Vec<PathBuf> = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if let Ok(inner) = std::fs::read_dir(&path) {
                files.extend(inner.flatten().map(|e| e.path()).filter(|p| is_index(p)));
            }
        } else if file_name(&path).is_some_and(|n| n.ends_with(".md") && !n.starts_with('_')) {
            files.push(path);
        }
    }
    files.sort();
    files
        .into_iter()
        .filter(|p| {
            std::fs::read_to_string(p)
                .ok()
                .and_then(|text| front_title(&text))
                .is_some_and(|t| t.trim().to_lowercase() == wanted)
        })
        .map(|p| {
            format!(
                "{} already has the title '{title}' (ignoring case): if it is the same {}, edit that file instead",
                crate::diagnostic::display_path(p.strip_prefix(root).unwrap_or(&p)),
                entry_word(dir)
            )
        })
        .collect()
}

/// `index.md` or `index.ru.md`: a bundle's page, or its translation.
fn is_index(path: &Path) -> bool {
    file_name(path).is_some_and(|n| n.starts_with("index.") && n.ends_with(".md"))
}

fn file_name(path: &Path) -> Option<&str> {
    path.file_name().and_then(|n| n.to_str())
}

fn entry_word(dir: &Path) -> &'static str {
    match dir.file_name().and_then(|n| n.to_str()) {
        Some("partners") => "partner",
        Some("visits") => "visit",
        _ => "program",
    }
}

/// The `title:` of a file's front matter, if it has one that reads.
fn front_title(text: &str) -> Option<String> {
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n");
    let parts = crate::content::parse::split(&text).ok()?;
    let map = crate::yaml::parse_mapping(parts.yaml).ok()?;
    map.get("title")?.as_str().map(str::to_string)
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// One front-matter key of a skeleton: written with a placeholder value (commented out when
/// the key is optional), so editors see every key they may use and what it takes.
struct Field {
    /// A comment line above the key.
    above: Option<&'static str>,
    key: &'static str,
    /// The placeholder value; may span lines (a YAML list).
    value: &'static str,
    /// A comment after the value, on the same line.
    note: Option<&'static str>,
    /// Whether the key may be left out (then it is written commented out).
    optional: bool,
}

const fn required(above: &'static str, key: &'static str, value: &'static str) -> Field {
    Field {
        above: Some(above),
        key,
        value,
        note: None,
        optional: false,
    }
}

const fn optional(key: &'static str, value: &'static str, note: Option<&'static str>) -> Field {
    Field {
        above: None,
        key,
        value,
        note,
        optional: true,
    }
}

const DATE: Option<&str> = Some("YYYY, YYYY-MM or YYYY-MM-DD");
const AREAS: Option<&str> = Some("slugs from content/areas.yaml");
const PARTNERS: Option<&str> = Some("file names in content/partners/, without .md");

const PARTNER: &[Field] = &[
    required(
        "One of: university, research-center, hospital, foundation, company, government, association",
        "kind",
        "university",
    ),
    required(
        "Two-letter ISO 3166-1 code, e.g. KR, IN, RU, DE",
        "country",
        "XX",
    ),
    optional("city", "\"\"", None),
    optional("website", "\"https://\"", None),
    optional("since", "2024-05", DATE),
    optional("status", "active", Some("active, prospective or ended")),
    optional("areas", "[oncology]", AREAS),
    optional(
        "agreements",
        "\n  - {type: memorandum, title: \"Memorandum of understanding\", signed: 2024-05-12}",
        None,
    ),
    optional("location", "{lat: 37.56, lon: 126.94}", None),
    optional("summary", "\"One sentence shown in lists.\"", None),
];

const VISIT: &[Field] = &[
    required(
        "outgoing: our delegation abroad; incoming: guests at the institute",
        "direction",
        "outgoing",
    ),
    optional(
        "date",
        "2024-05-12",
        Some("YYYY, YYYY-MM or YYYY-MM-DD; leave out if unknown"),
    ),
    optional("end_date", "2024-05-15", None),
    optional("place", "\"\"", None),
    optional("country", "XX", None),
    optional("partners", "[partner-slug]", PARTNERS),
    optional("delegation", "[\"Name Surname\"]", None),
    optional("outcomes", "[\"Memorandum of understanding signed\"]", None),
    optional("areas", "[oncology]", AREAS),
];

const PROGRAM: &[Field] = &[
    required(
        "One of: joint-education, academic-mobility, remote-lectures, training, research, exchange",
        "kind",
        "joint-education",
    ),
    optional("partners", "[partner-slug]", PARTNERS),
    optional("start", "2024-09", DATE),
    optional("end", "2025-06", None),
    optional("participants", "20", None),
    optional("areas", "[oncology]", AREAS),
];

/// The skeleton text for a new entry.
pub fn skeleton(section: Section, title: &str) -> String {
    let body = match section {
        Section::Partners => "What the cooperation is about.\n",
        Section::Visits => "What happened during the visit.\n",
        Section::Programs => "What the program offers and to whom.\n",
    };
    let slug = slugify(title);
    let (what, dir) = match section {
        Section::Partners => ("partner", "partners"),
        Section::Visits => ("visit", "visits"),
        Section::Programs => ("program", "programs"),
    };
    let text = filled(section, &quote(title), &[], body);
    // Where the slug comes from is the one thing the keys below cannot say.
    let note = format!(
        "# The file name is the {what}'s slug, `{slug}`: its page is {dir}/{slug}/ and other\n\
         # files name it `{slug}`. Rename the file to change it.\n"
    );
    match text
        .split_once('\n')
        .and_then(|(_, rest)| rest.split_once('\n'))
    {
        Some((title_line, rest)) => format!("---\n{title_line}\n{note}{rest}"),
        None => text,
    }
}

/// A skeleton with some keys given: each `(key, value)` replaces that key's placeholder (and
/// is no longer commented out), keeping the comments that say what the key takes. Keys the
/// skeleton does not have come after its own, in the order given. `title` and the values are
/// written as they are, so they must already be YAML.
pub fn filled(section: Section, title: &str, values: &[(&str, &str)], body: &str) -> String {
    let fields = match section {
        Section::Partners => PARTNER,
        Section::Visits => VISIT,
        Section::Programs => PROGRAM,
    };
    let value_of = |key: &str| values.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
    let mut out = format!("---\ntitle: {title}\n");
    for field in fields {
        if let Some(above) = field.above {
            out.push_str(&format!("# {above}\n"));
        }
        let (value, commented) = match value_of(field.key) {
            Some(v) => (v, false),
            None => (field.value, field.optional),
        };
        let prefix = if commented { "# " } else { "" };
        // A value on the lines below (a list) leaves nothing after the colon.
        let gap = if value.starts_with('\n') { "" } else { " " };
        let mut lines = format!("{}:{gap}{value}", field.key);
        if let Some(note) = field.note {
            // Notes line up a little to the right of most values.
            let width = lines.chars().count();
            let pad = if width < 22 { 22 - width } else { 2 };
            lines.push_str(&format!("{}# {note}", " ".repeat(pad)));
        }
        for line in lines.split('\n') {
            out.push_str(&format!("{prefix}{line}\n"));
        }
    }
    for (key, value) in values {
        if key != &"title" && !fields.iter().any(|f| f.key == *key) {
            let gap = if value.starts_with('\n') { "" } else { " " };
            out.push_str(&format!("{key}:{gap}{value}\n"));
        }
    }
    out.push_str("---\n\n");
    out.push_str(body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partner_skeleton_lists_every_key_with_what_it_takes() {
        assert_eq!(
            skeleton(Section::Partners, "Yonsei \"University\""),
            "---\ntitle: \"Yonsei \\\"University\\\"\"\n\
             # The file name is the partner's slug, `yonsei-university`: its page is partners/yonsei-university/ and other\n\
             # files name it `yonsei-university`. Rename the file to change it.\n\
             # One of: university, research-center, hospital, foundation, company, government, association\n\
             kind: university\n\
             # Two-letter ISO 3166-1 code, e.g. KR, IN, RU, DE\n\
             country: XX\n\
             # city: \"\"\n\
             # website: \"https://\"\n\
             # since: 2024-05        # YYYY, YYYY-MM or YYYY-MM-DD\n\
             # status: active        # active, prospective or ended\n\
             # areas: [oncology]     # slugs from content/areas.yaml\n\
             # agreements:\n\
             #   - {type: memorandum, title: \"Memorandum of understanding\", signed: 2024-05-12}\n\
             # location: {lat: 37.56, lon: 126.94}\n\
             # summary: \"One sentence shown in lists.\"\n\
             ---\n\nWhat the cooperation is about.\n"
        );
    }

    #[test]
    fn keys_beyond_the_skeleton_take_lists_on_the_lines_below() {
        let text = filled(
            Section::Programs,
            "P",
            &[("kind", "training"), ("aliases", "\n  - /old/")],
            "",
        );
        assert!(text.ends_with("# areas: [oncology]     # slugs from content/areas.yaml\naliases:\n  - /old/\n---\n\n"), "{text}");
    }

    #[test]
    fn given_values_replace_placeholders_and_keep_the_comments() {
        let text = filled(
            Section::Visits,
            "Example visit",
            &[
                ("date", "2024-05-12"),
                ("partners", "[example-university]"),
                ("summary", "\"Short.\""),
            ],
            "Body.\n",
        );
        assert_eq!(
            text,
            "---\ntitle: Example visit\n\
             # outgoing: our delegation abroad; incoming: guests at the institute\n\
             direction: outgoing\n\
             date: 2024-05-12      # YYYY, YYYY-MM or YYYY-MM-DD; leave out if unknown\n\
             # end_date: 2024-05-15\n\
             # place: \"\"\n\
             # country: XX\n\
             partners: [example-university]  # file names in content/partners/, without .md\n\
             # delegation: [\"Name Surname\"]\n\
             # outcomes: [\"Memorandum of understanding signed\"]\n\
             # areas: [oncology]     # slugs from content/areas.yaml\n\
             summary: \"Short.\"\n\
             ---\n\nBody.\n"
        );
    }
}
