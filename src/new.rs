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

/// The skeleton text for a new entry.
pub fn skeleton(section: Section, title: &str) -> String {
    let title = quote(title);
    match section {
        Section::Partners => format!(
            "---\ntitle: {title}\n\
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
             #   - {{type: memorandum, title: \"Memorandum of understanding\", signed: 2024-05-12}}\n\
             # location: {{lat: 37.56, lon: 126.94}}\n\
             # summary: \"One sentence shown in lists.\"\n\
             ---\n\nWhat the cooperation is about.\n"
        ),
        Section::Visits => format!(
            "---\ntitle: {title}\n\
             # outgoing: our delegation abroad; incoming: guests at the institute\n\
             direction: outgoing\n\
             # date: 2024-05-12      # YYYY, YYYY-MM or YYYY-MM-DD; leave out if unknown\n\
             # end_date: 2024-05-15\n\
             # place: \"\"\n\
             # country: XX\n\
             # partners: [partner-slug]\n\
             # delegation: [\"Name Surname\"]\n\
             # outcomes: [\"Memorandum of understanding signed\"]\n\
             # areas: [oncology]\n\
             ---\n\nWhat happened during the visit.\n"
        ),
        Section::Programs => format!(
            "---\ntitle: {title}\n\
             # One of: joint-education, academic-mobility, remote-lectures, training, research, exchange\n\
             kind: joint-education\n\
             # partners: [partner-slug]\n\
             # start: 2024-09        # YYYY, YYYY-MM or YYYY-MM-DD\n\
             # end: 2025-06\n\
             # participants: 20\n\
             # areas: [oncology]\n\
             ---\n\nWhat the program offers and to whom.\n"
        ),
    }
}
