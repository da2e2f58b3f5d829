//! Entry points for fuzzing: each takes arbitrary bytes and must return, without panicking,
//! in time about proportional to their length. The fuzz targets in `fuzz/` call them, and
//! `tests/diagnostics/fuzz_corpus.rs` replays every saved input through them in `cargo test`, so what
//! fuzzing found stays fixed. Compiled only with the `fuzzing` feature: the library hamkor
//! is built from has no use for them.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::config::Config;
use crate::content::model::{PageKind, Section};
use crate::content::parse::{self, Role};
use crate::markdown::{self, BodyOrigin};

/// A site folder made once per process, with a `site.yaml` of two languages, so that inputs
/// are parsed against a real configuration.
struct Scratch {
    root: PathBuf,
    config: Option<Config>,
}

const SITE_YAML: &str = "title: Fuzz\nbase_url: https://example.org/sub/\nlanguages: [en, ru]\nsearch: true\npage_size: 2\nareas: content/areas.yaml\n";

const AREAS_YAML: &str = "oncology: Oncology\ncardiology: {en: Cardiology, ru: Кардиология}\n";

/// Whether the fuzzing entry points have a site to work in (a replay test asserts it, so that
/// a broken setup cannot make every input a no-op).
pub fn ready() -> bool {
    scratch().config.is_some()
}

fn scratch() -> &'static Scratch {
    static SCRATCH: OnceLock<Scratch> = OnceLock::new();
    SCRATCH.get_or_init(|| {
        let base = if Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        // Folders of earlier runs whose process is gone (a process cannot remove its own on
        // exit from here).
        for e in std::fs::read_dir(&base).into_iter().flatten().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if let Some(pid) = name
                .strip_prefix("hamkor-fuzz-")
                .and_then(|p| p.parse::<u32>().ok())
                && crate::content::images::process_gone(pid)
            {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
        let root = base.join(format!("hamkor-fuzz-{}", std::process::id()));
        let _ = std::fs::create_dir_all(root.join("content"));
        let _ = std::fs::write(root.join("site.yaml"), SITE_YAML);
        let _ = std::fs::write(root.join("content/areas.yaml"), AREAS_YAML);
        let config = crate::config::load(&root, &Default::default()).ok();
        Scratch { root, config }
    })
}

/// Every role a Markdown file can have.
fn roles() -> Vec<(PathBuf, Role)> {
    let record = |section: Section, stem: &str| Role::Record {
        section,
        stem: stem.into(),
        bundle: None,
    };
    vec![
        (
            "content/partners/yonsei.md".into(),
            record(Section::Partners, "yonsei"),
        ),
        (
            "content/visits/seoul.md".into(),
            record(Section::Visits, "seoul"),
        ),
        (
            "content/programs/lectures.md".into(),
            record(Section::Programs, "lectures"),
        ),
        (
            "content/about.md".into(),
            Role::Page {
                kind: PageKind::Plain,
                path: "about/".into(),
            },
        ),
        (
            "content/_index.md".into(),
            Role::Page {
                kind: PageKind::Home,
                path: String::new(),
            },
        ),
        (
            "content/partners/yonsei.ru.md".into(),
            Role::Translation {
                lang: "ru".into(),
                original: "content/partners/yonsei.md".into(),
            },
        ),
    ]
}

/// Parses the bytes as each kind of file (front matter and body).
pub fn front_matter(data: &[u8]) {
    let Some(config) = &scratch().config else {
        return;
    };
    for (rel, role) in roles() {
        if let Err(broken) = parse::parse_file(config, &rel, data, &role) {
            for p in broken.problems {
                let _ = p.render();
            }
        }
    }
}

/// Renders the bytes (as text) as a Markdown body, resolving its internal links.
pub fn markdown(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let md = markdown::render(&text, BodyOrigin { line_offset: 3 }, "/sub/");
    let _ = md.html_with(|l| format!("/sub/{}/", l.target));
    let _ = md.is_blank();
    let mut n = 0usize;
    md.text_chars(|_| n += 1);
}

/// Paths a fuzzed file set can use: enough for links, references, translations and clashes.
const PATHS: &[&str] = &[
    "content/partners/yonsei.md",
    "content/partners/kosice.md",
    "content/partners/apollo/index.md",
    "content/partners/yonsei.ru.md",
    "content/visits/seoul.md",
    "content/visits/agra.md",
    "content/programs/lectures.md",
    "content/programs/lectures.ru.md",
    "content/_index.md",
    "content/about.md",
    "content/partners/_index.md",
    "content/areas.yaml",
    "site.yaml",
    "content/partners/Yonsei.md",
    "content/partners/apollo/logo.png",
    "content/partners/apollo/logo.svg",
];

/// Splits the bytes into files (`\0\0` between them; each file's first byte picks its path
/// from a fixed list) and builds the whole site from them, in memory.
pub fn site(data: &[u8]) {
    let dir = scratch().root.join("site");
    let _ = std::fs::remove_dir_all(&dir);
    if std::fs::create_dir_all(dir.join("content")).is_err() {
        return;
    }
    let mut wrote_config = false;
    for chunk in split_files(data).take(PATHS.len() * 2) {
        let Some((&pick, body)) = chunk.split_first() else {
            continue;
        };
        let rel = PATHS[usize::from(pick) % PATHS.len()];
        wrote_config |= rel == "site.yaml";
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = std::fs::write(path, body);
    }
    if !wrote_config {
        let _ = std::fs::write(dir.join("site.yaml"), SITE_YAML);
    }
    if !dir.join("content/areas.yaml").exists() {
        let _ = std::fs::write(dir.join("content/areas.yaml"), AREAS_YAML);
    }
    let opts = crate::run::Options {
        root: dir,
        base_url: None,
        drafts: false,
        deny_warnings: false,
    };
    match crate::generate(&opts) {
        Ok(_) => {}
        Err(crate::run::Failure::Content(problems)) => {
            for p in problems {
                let _ = p.render();
            }
        }
        Err(crate::run::Failure::Environment(_)) => {}
    }
}

fn split_files(data: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = Some(data);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.windows(2).position(|w| w == [0, 0]) {
            Some(i) => {
                rest = Some(&r[i + 2..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}
