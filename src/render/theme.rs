//! Templates and static files: the theme's, overridden file by file by the site's own.
//!
//! A theme is `themes/<name>/` with `templates/*.html` (Tera), `static/` (copied to the output
//! root) and `i18n/<lang>.yaml` (UI strings, the `t` variable). The default theme is also built
//! into the binary, so any folder of content builds without copying a theme. A site's own
//! `templates/` and `static/` replace theme files of the same name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Pos};
use crate::yaml;

static BUILTIN_DEFAULT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Templates every theme must have, one per kind of page.
pub const REQUIRED: &[&str] = &[
    "index.html",
    "partners.html",
    "partner.html",
    "countries.html",
    "country.html",
    "kinds.html",
    "kind.html",
    "areas.html",
    "area.html",
    "visits.html",
    "visit.html",
    "programs.html",
    "program.html",
    "page.html",
    "404.html",
    "agreements.html",
];

/// Where a static file's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaticSource {
    /// A file on disk (absolute path).
    File(PathBuf),
    /// A file of the built-in theme.
    Builtin(&'static [u8]),
}

/// Template name → (file shown in diagnostics, template text).
pub type Sources = BTreeMap<String, (PathBuf, String)>;

/// A loaded theme: compiled templates, static files and UI strings.
pub struct Theme {
    /// Compiled templates.
    pub tera: tera::Tera,
    /// Output path → source of each static file.
    pub statics: BTreeMap<String, StaticSource>,
    /// UI strings per language.
    pub strings: BTreeMap<String, BTreeMap<String, String>>,
    /// Template name → the file it came from (relative to the site root) and its text, for
    /// diagnostics.
    pub sources: Sources,
    /// The theme's own map data (`data/world.tsv`), if it has one; otherwise the default
    /// theme's.
    pub world: Option<crate::geo::World>,
    /// The ids the templates write, which a link's `#fragment` may name: read once, when the
    /// theme is loaded, not at every relink.
    pub template_ids: std::sync::Arc<crate::site::paths::TemplateIds>,
}

/// The map data a theme folder carries, if any.
fn own_world(
    theme_dir: &Path,
    rel_theme: &Path,
) -> Result<Option<crate::geo::World>, Box<Diagnostic>> {
    let path = theme_dir.join("data/world.tsv");
    if !path.is_file() {
        return Ok(None);
    }
    let shown = rel_theme.join("data/world.tsv");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Diagnostic::new(&shown, None, format!("cannot read: {e}")))?;
    crate::geo::World::parse(&text).map(Some).map_err(|e| {
        Box::new(Diagnostic::new(
            &shown,
            None,
            format!("the map data is broken: {e}"),
        ))
    })
}

struct TemplateFile {
    name: String,
    shown: PathBuf,
    text: String,
}

fn read_dir_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file() {
            let name = entry.file_name().to_string_lossy();
            if name.starts_with('.') || name.ends_with('~') {
                continue;
            }
            if let Ok(rel) = entry.path().strip_prefix(dir) {
                out.push((
                    crate::diagnostic::slash_path(rel),
                    entry.path().to_path_buf(),
                ));
            }
        }
    }
    out
}

fn builtin_files(sub: &str) -> Vec<(String, &'static [u8])> {
    let mut out = Vec::new();
    fn walk(d: &'static Dir<'static>, prefix: &str, out: &mut Vec<(String, &'static [u8])>) {
        for f in d.files() {
            if let Ok(rel) = f.path().strip_prefix(prefix) {
                out.push((rel.to_string_lossy().replace('\\', "/"), f.contents()));
            }
        }
        for sub in d.dirs() {
            walk(sub, prefix, out);
        }
    }
    if let Some(d) = BUILTIN_DEFAULT.get_dir(sub) {
        walk(d, sub, &mut out);
    }
    out.sort();
    out
}

/// The languages the built-in default theme has UI strings for (`i18n/<lang>.yaml`), sorted.
pub fn builtin_languages() -> Vec<String> {
    builtin_files("i18n")
        .into_iter()
        .filter_map(|(name, _)| name.strip_suffix(".yaml").map(str::to_string))
        .collect()
}

/// Loads the theme named by the config, with the site's overrides.
pub fn load(config: &Config) -> Result<Theme, Vec<Diagnostic>> {
    let root = &config.root;
    let theme_dir = root.join("themes").join(&config.theme);
    let rel_theme = PathBuf::from("themes").join(&config.theme);
    let on_disk = theme_dir.is_dir();
    if !on_disk && config.theme != "default" {
        let present: Vec<String> = std::fs::read_dir(root.join("themes"))
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        let text = std::fs::read_to_string(root.join("site.yaml")).unwrap_or_default();
        return Err(vec![
            Diagnostic::new(
                "site.yaml",
                crate::config::locate_key(&text, "theme"),
                format!(
                    "theme '{}' not found: there is no folder themes/{}/",
                    config.theme, config.theme
                ),
            )
            .excerpt(&text, config.theme.chars().count())
            .help(
                crate::diagnostic::did_you_mean(&config.theme, present.iter().map(String::as_str))
                    .unwrap_or_else(|| "remove `theme:` to use the built-in default theme".into()),
            ),
        ]);
    }
    let mut templates: BTreeMap<String, TemplateFile> = BTreeMap::new();
    let mut statics: BTreeMap<String, StaticSource> = BTreeMap::new();
    let mut strings_src: Vec<(String, PathBuf, String)> = Vec::new();
    let mut problems = Vec::new();
    let mut add_template =
        |name: String, shown: PathBuf, bytes: &[u8], problems: &mut Vec<Diagnostic>| {
            match String::from_utf8(bytes.to_vec()) {
                Ok(mut text) => {
                    // A Windows checkout of the theme (git's `core.autocrlf`) must render the
                    // same pages as any other.
                    if text.contains('\r') {
                        text = text.replace("\r\n", "\n");
                    }
                    templates.insert(name.clone(), TemplateFile { name, shown, text });
                }
                Err(_) => problems.push(Diagnostic::new(
                    shown,
                    None,
                    "the template is not valid UTF-8 text",
                )),
            }
        };
    let world = if on_disk {
        own_world(&theme_dir, &rel_theme).unwrap_or_else(|d| {
            problems.push(*d);
            None
        })
    } else {
        None
    };
    if on_disk {
        for (name, path) in read_dir_files(&theme_dir.join("templates")) {
            match std::fs::read(&path) {
                Ok(b) => add_template(
                    name.clone(),
                    rel_theme.join("templates").join(&name),
                    &b,
                    &mut problems,
                ),
                Err(e) => problems.push(Diagnostic::new(
                    rel_theme.join("templates").join(&name),
                    None,
                    format!("cannot read: {e}"),
                )),
            }
        }
        for (name, path) in read_dir_files(&theme_dir.join("static")) {
            statics.insert(name, StaticSource::File(path));
        }
        for (name, path) in read_dir_files(&theme_dir.join("i18n")) {
            if let Some(lang) = name.strip_suffix(".yaml") {
                match std::fs::read_to_string(&path) {
                    Ok(t) => {
                        strings_src.push((lang.to_string(), rel_theme.join("i18n").join(&name), t))
                    }
                    Err(e) => problems.push(Diagnostic::new(
                        rel_theme.join("i18n").join(&name),
                        None,
                        format!("cannot read: {e}"),
                    )),
                }
            }
        }
    } else {
        for (name, bytes) in builtin_files("templates") {
            add_template(
                name.clone(),
                rel_theme.join("templates").join(&name),
                bytes,
                &mut problems,
            );
        }
        for (name, bytes) in builtin_files("static") {
            statics.insert(name, StaticSource::Builtin(bytes));
        }
        for (name, bytes) in builtin_files("i18n") {
            if let (Some(lang), Ok(t)) = (name.strip_suffix(".yaml"), std::str::from_utf8(bytes)) {
                strings_src.push((
                    lang.to_string(),
                    rel_theme.join("i18n").join(&name),
                    t.to_string(),
                ));
            }
        }
    }
    // The site's own files win.
    for (name, path) in read_dir_files(&root.join("templates")) {
        match std::fs::read(&path) {
            Ok(b) => add_template(
                name.clone(),
                PathBuf::from("templates").join(&name),
                &b,
                &mut problems,
            ),
            Err(e) => problems.push(Diagnostic::new(
                PathBuf::from("templates").join(&name),
                None,
                format!("cannot read: {e}"),
            )),
        }
    }
    for (name, path) in read_dir_files(&root.join("static")) {
        statics.insert(name, StaticSource::File(path));
    }

    let mut strings = BTreeMap::new();
    for (lang, shown, text) in strings_src {
        match yaml::parse::<BTreeMap<String, String>>(&text) {
            Ok(map) => {
                strings.insert(lang, map);
            }
            Err(e) => problems.push(Diagnostic::new(
                shown,
                Some(e.pos),
                format!("invalid UI strings: {}", e.message),
            )),
        }
    }

    for name in REQUIRED {
        if !templates.contains_key(*name) {
            problems.push(
                Diagnostic::new(
                    rel_theme.join("templates").join(name),
                    None,
                    format!("the theme has no template '{name}'"),
                )
                .help("add it to the theme or to the site's templates/ folder"),
            );
        }
    }

    let sources: Sources = templates
        .values()
        .map(|t| (t.name.clone(), (t.shown.clone(), t.text.clone())))
        .collect();
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    if let Err(e) = tera.add_raw_templates(
        templates
            .values()
            .map(|t| (t.name.as_str(), t.text.as_str())),
    ) {
        problems.push(template_error(&e, &sources));
        // Find every other syntax error too, one template at a time.
        for t in templates.values() {
            let mut probe = tera::Tera::new();
            if let Err(e) = probe.add_raw_template(&t.name, &t.text)
                && matches!(e.kind(), tera::ErrorKind::SyntaxError(_))
            {
                problems.push(template_error(&e, &sources));
            }
        }
    }
    if problems.is_empty() {
        let template_ids = std::sync::Arc::new(crate::site::paths::TemplateIds::of(
            sources.values().map(|(_, text)| text.as_str()),
        ));
        Ok(Theme {
            tera,
            statics,
            strings,
            sources,
            world,
            template_ids,
        })
    } else {
        Err(problems)
    }
}

/// Turns a Tera error into a diagnostic at the template file, line and column.
pub fn template_error(e: &tera::Error, sources: &Sources) -> Diagnostic {
    let shown = |name: &str| {
        sources
            .get(name)
            .map_or_else(|| PathBuf::from(name), |(p, _)| p.clone())
    };
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let span = r.span();
            let pos = Pos {
                line: span.start_line,
                col: span.start_col + 1,
            };
            let width = if span.end_line == span.start_line {
                span.end_col.saturating_sub(span.start_col)
            } else {
                1
            };
            let file = shown(r.filename());
            let kind = if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            let d = Diagnostic::new(file, Some(pos), format!("{kind}: {}", r.message()));
            match sources.get(r.filename()) {
                Some((_, text)) => d.excerpt(text, width),
                None => d,
            }
        }
        tera::ErrorKind::MissingParent { current, parent } => Diagnostic::new(
            shown(current),
            None,
            format!("template extends '{parent}', which does not exist"),
        ),
        tera::ErrorKind::TemplateNotFound(name) => {
            Diagnostic::new(shown(name), None, format!("template '{name}' not found"))
        }
        other => Diagnostic::new("templates", None, format!("template error: {other}")),
    }
}
