//! `hamkor new`: a commented front-matter skeleton for a new partner, visit or program.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::content::model::Section;
use crate::content::values::slugify;

/// Writes a skeleton for `section` titled `title` under `root`; returns the file's path.
/// Refuses to overwrite an existing file.
pub fn create(root: &Path, section: Section, title: &str) -> Result<PathBuf, String> {
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
    let text = skeleton(section, title);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                format!("{} already exists; not overwriting it", path.display())
            }
            _ => format!("cannot create {}: {e}", path.display()),
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
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
    optional(
        "areas",
        "[oncology]",
        Some("slugs from the area vocabulary"),
    ),
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
    optional("partners", "[partner-slug]", None),
    optional("delegation", "[\"Name Surname\"]", None),
    optional("outcomes", "[\"Memorandum of understanding signed\"]", None),
    optional("areas", "[oncology]", None),
];

const PROGRAM: &[Field] = &[
    required(
        "One of: joint-education, academic-mobility, remote-lectures, training, research, exchange",
        "kind",
        "joint-education",
    ),
    optional("partners", "[partner-slug]", None),
    optional("start", "2024-09", DATE),
    optional("end", "2025-06", None),
    optional("participants", "20", None),
    optional("areas", "[oncology]", None),
];

/// The skeleton text for a new entry.
pub fn skeleton(section: Section, title: &str) -> String {
    let body = match section {
        Section::Partners => "What the cooperation is about.\n",
        Section::Visits => "What happened during the visit.\n",
        Section::Programs => "What the program offers and to whom.\n",
    };
    filled(section, &quote(title), &[], body)
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
            let pad = if width < 22 { 22 - width } else { 1 };
            lines.push_str(&format!("{}# {note}", " ".repeat(pad)));
        }
        for line in lines.split('\n') {
            out.push_str(&format!("{prefix}{line}\n"));
        }
    }
    for (key, value) in values {
        if key != &"title" && !fields.iter().any(|f| f.key == *key) {
            out.push_str(&format!("{key}: {value}\n"));
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
             # One of: university, research-center, hospital, foundation, company, government, association\n\
             kind: university\n\
             # Two-letter ISO 3166-1 code, e.g. KR, IN, RU, DE\n\
             country: XX\n\
             # city: \"\"\n\
             # website: \"https://\"\n\
             # since: 2024-05        # YYYY, YYYY-MM or YYYY-MM-DD\n\
             # status: active        # active, prospective or ended\n\
             # areas: [oncology]     # slugs from the area vocabulary\n\
             # agreements:\n\
             #   - {type: memorandum, title: \"Memorandum of understanding\", signed: 2024-05-12}\n\
             # location: {lat: 37.56, lon: 126.94}\n\
             # summary: \"One sentence shown in lists.\"\n\
             ---\n\nWhat the cooperation is about.\n"
        );
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
             partners: [example-university]\n\
             # delegation: [\"Name Surname\"]\n\
             # outcomes: [\"Memorandum of understanding signed\"]\n\
             # areas: [oncology]\n\
             summary: \"Short.\"\n\
             ---\n\nBody.\n"
        );
    }
}
