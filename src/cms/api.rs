//! The editing API: Decap CMS's proxy-backend protocol, the one `decap-server` speaks for
//! `local_backend`, answered by hamkor itself.
//!
//! Every request is a JSON `POST` `{action, params}`. It is checked against the same shapes
//! decap-server's schema checks (422 `{error}` otherwise), with one difference: every path must
//! be inside `content/` ([`paths::check`]) and, with the links on its way followed, stay there
//! ([`paths::confined`]). Paths are virtual ([`paths`]): the answers name files as Decap's i18n
//! `multiple_files` structure expects, and reads and writes go to hamkor's real files.
//!
//! A save never writes itself: it becomes a [`Change`] of real files, which a [`Saver`] checks
//! and applies (or refuses, writing nothing). [`apply`] writes a change file by file
//! atomically, and undoes what it did if a step fails.

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde_json::{Map, Value, json};
use sha2::{Digest as _, Sha256};

use super::paths::{self, Entry, EntryFile, Layout, Virtual};
use super::write;
use crate::content::discover::{CONTENT_DIR, PUBLISHED_TYPES, ignored};
use crate::content::model::Section;
use crate::content::schema::Kind;
use crate::diagnostic::display_path;

pub use super::paths::ApiSite;

/// The largest request body to read. Decap sends an entry's text and every image added to it
/// in one `persistEntry`, each image base64-encoded (a third larger than the file); a phone
/// photo is 3 to 12 MB, so 32 MiB takes a save with two or three of them, and still bounds
/// what a stray client can make the server hold in memory.
pub const MAX_BODY: usize = 32 * 1024 * 1024;

/// The status of a save the [`Saver`] refused, with `{"error": message}`; Decap shows the
/// message of any answer that is not 2xx.
pub const REFUSED_STATUS: u16 = 422;

/// A change of real files, relative to the site root, in the order it is made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    /// Files moved first (a one-file entry becoming a bundle: `x.md` -> `x/index.md`).
    pub moves: Vec<(PathBuf, PathBuf)>,
    /// Then these files written (whole new bytes).
    pub writes: Vec<(PathBuf, Vec<u8>)>,
    /// Then these removed.
    pub removes: Vec<PathBuf>,
}

/// Why a [`Saver`] did not make a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// hamkor's diagnostics, rendered as plain text.
    pub message: String,
}

/// Checks a change and makes it, or refuses it having written nothing.
pub trait Saver: Sync {
    /// Makes `change`, or says why not.
    fn save(&self, change: &Change) -> Result<(), Refused>;
}

/// A failed request: its status and message.
struct Fail {
    status: u16,
    message: String,
}

fn refuse(message: impl Into<String>) -> Fail {
    Fail {
        status: 422,
        message: message.into(),
    }
}

fn io_fail(what: &Path, e: &io::Error) -> Fail {
    Fail {
        status: 500,
        message: format!(
            "cannot read {}: {}",
            display_path(what),
            crate::diagnostic::io_reason(e)
        ),
    }
}

/// The answer to one request body: the HTTP status and the JSON to send.
pub fn answer(body: &[u8], site: &ApiSite, saver: &dyn Saver) -> (u16, Value) {
    let request: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            return (
                422,
                json!({ "error": format!("the request is not JSON: {e}") }),
            );
        }
    };
    if let Err(message) = validate_request(&request) {
        return (422, json!({ "error": message }));
    }
    let action = request["action"].as_str().unwrap_or_default();
    let params = request.get("params").unwrap_or(&Value::Null);
    match act(action, params, site, saver) {
        Ok(v) => (200, v),
        Err(f) => (f.status, json!({ "error": f.message })),
    }
}

fn act(action: &str, params: &Value, site: &ApiSite, saver: &dyn Saver) -> Result<Value, Fail> {
    match action {
        "info" => Ok(info(site)),
        "entriesByFolder" => {
            let folder = str_of(params, "folder");
            paths::confined(site, Path::new(folder))
                .map_err(|e| path_refused("params.folder", &e))?;
            let depth = params["depth"].as_f64().unwrap_or(0.0).max(0.0) as usize;
            let listed = paths::list(site, folder, str_of(params, "extension"), depth);
            let confinement = paths::Confinement::new(site);
            listed
                .iter()
                .map(|v| read_entry(site, &confinement, "params.folder", v, None))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        "entriesByFiles" => {
            let confinement = paths::Confinement::new(site);
            params["files"]
                .as_array()
                .into_iter()
                .flatten()
                .enumerate()
                .map(|(i, f)| {
                    read_entry(
                        site,
                        &confinement,
                        &format!("params.files[{i}].path"),
                        str_of(f, "path"),
                        f.get("label"),
                    )
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        "getEntry" => read_entry(
            site,
            &paths::Confinement::new(site),
            "params.path",
            str_of(params, "path"),
            None,
        ),
        "persistEntry" => persist_entry(site, params, saver),
        "getMedia" => get_media(site, str_of(params, "mediaFolder")),
        "getMediaFile" => {
            let path = str_of(params, "path");
            let rel = media_path(site, "params.path", path)?.0;
            match std::fs::read(site.root.join(&rel)) {
                Ok(bytes) => Ok(media_object(path, &bytes)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Err(Fail {
                    status: 404,
                    message: format!("{path} does not exist"),
                }),
                Err(e) => Err(io_fail(&rel, &e)),
            }
        }
        "persistMedia" => persist_media(site, &params["asset"], saver),
        "deleteFile" => {
            let path = str_of(params, "path");
            delete(site, &[("params.path".to_string(), path)], saver)?;
            Ok(json!({ "message": format!("deleted file {path}") }))
        }
        "deleteFiles" => {
            let paths: Vec<(String, &str)> = params["paths"]
                .as_array()
                .into_iter()
                .flatten()
                .enumerate()
                .map(|(i, p)| (format!("params.paths[{i}]"), p.as_str().unwrap_or_default()))
                .collect();
            delete(site, &paths, saver)?;
            let all: Vec<&str> = paths.iter().map(|(_, p)| *p).collect();
            Ok(json!({ "message": format!("deleted files {}", all.join(", ")) }))
        }
        "getDeployPreview" => Ok(Value::Null),
        // The editorial workflow's actions, which decap-server's schema knows but its
        // local file system answers so too: a site edited in place publishes on save.
        other => Err(refuse(format!("Unknown action {other}"))),
    }
}

fn str_of<'v>(v: &'v Value, key: &str) -> &'v str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn path_refused(label: &str, reason: &str) -> Fail {
    refuse(format!(
        "\"{label}\" must be a path inside {CONTENT_DIR}/: {reason}"
    ))
}

fn info(site: &ApiSite) -> Value {
    let root = dunce::canonicalize(&site.root).unwrap_or_else(|_| site.root.clone());
    let repo = root.file_name().map_or_else(
        || root.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    json!({ "repo": repo, "publish_modes": ["simple"], "type": "local_fs" })
}

fn sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Refuses `rel` (a real path) unless it stays inside `content/`.
fn guard(site: &ApiSite, label: &str, rel: &Path) -> Result<(), Fail> {
    paths::confined(site, rel).map_err(|e| path_refused(label, &e))
}

/// The entry file a checked virtual path names.
fn entry_file(site: &ApiSite, label: &str, path: &str) -> Result<EntryFile, Fail> {
    match paths::parse(site, path).map_err(|e| path_refused(label, &e))? {
        Virtual::File(f) => Ok(f),
        Virtual::Media { .. } => Err(refuse(format!(
            "\"{label}\" must name an entry's Markdown file: '{path}' is not one"
        ))),
    }
}

/// One entry file as decap-server answers it: `{data, file: {path, label, id}}`, with `data`
/// and `id` null for a file that does not exist (Decap asks for every language's file).
fn read_entry(
    site: &ApiSite,
    confinement: &paths::Confinement<'_>,
    label: &str,
    path: &str,
    shown_label: Option<&Value>,
) -> Result<Value, Fail> {
    let file = entry_file(site, label, path)?;
    let rel = paths::real(site, &file);
    confinement
        .check(&rel)
        .map_err(|e| path_refused(label, &e))?;
    let links_partners = matches!(
        file.entry,
        Entry::Record {
            section: Section::Visits | Section::Programs,
            ..
        }
    );
    let (data, id) = match std::fs::read(site.root.join(&rel)) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let text = if links_partners {
                paths::shown_partners(&text)
            } else {
                text
            };
            (Value::String(text), Value::String(sha256(&bytes)))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => (Value::Null, Value::Null),
        Err(e) => return Err(io_fail(&rel, &e)),
    };
    let mut f = Map::new();
    f.insert("path".into(), Value::String(path.to_string()));
    if let Some(l) = shown_label {
        f.insert("label".into(), l.clone());
    }
    f.insert("id".into(), id);
    Ok(json!({ "data": data, "file": f }))
}

/// decap-server's media file: `{id, content, encoding, path, name}`.
fn media_object(path: &str, bytes: &[u8]) -> Value {
    let name = path.rsplit('/').next().unwrap_or(path);
    json!({
        "id": sha256(bytes),
        "content": base64::engine::general_purpose::STANDARD.encode(bytes),
        "encoding": "base64",
        "path": path,
        "name": name,
    })
}

/// A checked virtual path that names a media file: its real path and bundle.
fn media_path(
    site: &ApiSite,
    label: &str,
    path: &str,
) -> Result<(PathBuf, Option<(Section, String)>), Fail> {
    match paths::parse(site, path).map_err(|e| path_refused(label, &e))? {
        Virtual::Media { path, bundle } => {
            let rel = PathBuf::from(&path);
            guard(site, label, &rel)?;
            Ok((rel, bundle))
        }
        Virtual::File(_) => Err(refuse(format!(
            "\"{label}\" must name a media file: '{path}' is an entry's text"
        ))),
    }
}

fn get_media(site: &ApiSite, folder: &str) -> Result<Value, Fail> {
    let rel = Path::new(folder);
    guard(site, "params.mediaFolder", rel)?;
    let dir = site.root.join(rel);
    let Ok(read) = std::fs::read_dir(&dir) else {
        return Ok(json!([]));
    };
    let mut names: Vec<String> = read
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| !ignored(n) && !n.ends_with(".md"))
        .collect();
    names.sort();
    let mut files = Vec::new();
    for name in names {
        let path = format!("{folder}/{name}");
        let file = rel.join(&name);
        if !site.root.join(&file).is_file() || paths::confined(site, &file).is_err() {
            continue;
        }
        let bytes = std::fs::read(site.root.join(&file)).map_err(|e| io_fail(&file, &e))?;
        files.push(media_object(&path, &bytes));
    }
    Ok(Value::Array(files))
}

/// Refuses media that would not be published, or would be read as an entry's text.
fn media_name(label: &str, name: &str) -> Result<(), Fail> {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if PUBLISHED_TYPES.contains(&ext.as_str()) {
        return Ok(());
    }
    Err(refuse(format!(
        "\"{label}\": '{name}' cannot go beside an entry: only images, PDF, audio, video, CSV and JSON files are published ({})",
        PUBLISHED_TYPES.join(", ")
    )))
}

fn decode(label: &str, content: &str) -> Result<Vec<u8>, Fail> {
    base64::engine::general_purpose::STANDARD
        .decode(content)
        .map_err(|e| refuse(format!("\"{label}\" is not valid base64: {e}")))
}

fn kind_of(entry: &Entry) -> Kind {
    match entry {
        Entry::Record { section, .. } => match section {
            Section::Partners => Kind::Partner,
            Section::Visits => Kind::Visit,
            Section::Programs => Kind::Program,
        },
        _ => Kind::Page,
    }
}

fn exists(site: &ApiSite, rel: &Path) -> bool {
    std::fs::symlink_metadata(site.root.join(rel)).is_ok()
}

/// The real files of `entry` that exist, in every language, laid out as `layout`.
fn existing_files(site: &ApiSite, entry: &Entry, layout: Layout) -> Vec<(String, PathBuf)> {
    site.languages
        .iter()
        .map(|lang| {
            let f = EntryFile {
                entry: entry.clone(),
                lang: lang.clone(),
            };
            (lang.clone(), paths::real_path(site, &f, layout))
        })
        .filter(|(_, rel)| exists(site, rel))
        .collect()
}

/// Moves every file of `from` (its texts, and its bundle's other files) to where they belong
/// as `to` laid out as `to_layout`: a rename, or a one-file entry becoming a bundle. Plain
/// renames, so that git sees renames.
fn relocate(
    site: &ApiSite,
    from: &Entry,
    from_layout: Layout,
    to: &Entry,
    to_layout: Layout,
    change: &mut Change,
) -> Result<(), Fail> {
    if from != to {
        for layout in [Layout::OneFile, Layout::Bundle] {
            if let Some((_, rel)) = existing_files(site, to, layout).first() {
                return Err(refuse(format!(
                    "cannot rename to {}: {} already exists",
                    paths::virtual_path(&EntryFile {
                        entry: to.clone(),
                        lang: site.default_language.clone()
                    }),
                    display_path(rel)
                )));
            }
        }
    }
    let mut moves = Vec::new();
    for (lang, old) in existing_files(site, from, from_layout) {
        let f = EntryFile {
            entry: to.clone(),
            lang,
        };
        moves.push((old, paths::real_path(site, &f, to_layout)));
    }
    if let (
        Layout::Bundle,
        Entry::Record { section, stem },
        Entry::Record {
            section: to_section,
            stem: to_stem,
        },
    ) = (from_layout, from, to)
    {
        let old_dir = paths::bundle_dir(*section, stem);
        let new_dir = paths::bundle_dir(*to_section, to_stem);
        for file in paths::bundle_files(site, *section, stem) {
            if moves.iter().any(|(m, _)| *m == file) {
                continue;
            }
            if let Ok(inside) = file.strip_prefix(&old_dir) {
                moves.push((file.clone(), new_dir.join(inside)));
            }
        }
    }
    for (old, new) in &moves {
        guard(site, "params.path", old)?;
        guard(site, "params.newPath", new)?;
        if exists(site, new) {
            return Err(refuse(format!(
                "cannot move {} to {}: that file exists",
                display_path(old),
                display_path(new)
            )));
        }
    }
    change.moves.extend(moves);
    Ok(())
}

/// Whether a translation Decap sent has a title: Decap sends a file for every language that
/// has any data (a field copied from the default language is enough), and one without a
/// title is a language nobody has translated the entry into yet. A file whose front matter
/// cannot be read is written, for the check to say what is wrong with it.
fn has_title(raw: &str) -> bool {
    // Decap sends a locale nobody wrote in as a blank file.
    if raw.trim().is_empty() {
        return false;
    }
    let text = raw.replace("\r\n", "\n");
    let Ok(split) = crate::content::parse::split(&text) else {
        return true;
    };
    match crate::yaml::parse_mapping(split.yaml) {
        Ok(m) => match m.get("title") {
            None | Some(serde_yaml::Value::Null) => false,
            Some(serde_yaml::Value::String(s)) => !s.trim().is_empty(),
            Some(_) => true,
        },
        Err(_) => true,
    }
}

fn save(saver: &dyn Saver, change: &Change) -> Result<(), Fail> {
    saver.save(change).map_err(|r| Fail {
        status: REFUSED_STATUS,
        message: r.message,
    })
}

fn persist_entry(site: &ApiSite, params: &Value, saver: &dyn Saver) -> Result<Value, Fail> {
    let sent: Vec<(String, &Value)> = match params.get("dataFiles").and_then(Value::as_array) {
        Some(files) => files
            .iter()
            .enumerate()
            .map(|(i, f)| (format!("params.dataFiles[{i}]"), f))
            .collect(),
        None => params
            .get("entry")
            .map(|e| ("params.entry".to_string(), e))
            .into_iter()
            .collect(),
    };
    let mut files: Vec<(EntryFile, &str, Option<EntryFile>)> = Vec::new();
    for (label, f) in &sent {
        let file = entry_file(site, &format!("{label}.path"), str_of(f, "path"))?;
        let new = match f.get("newPath").and_then(Value::as_str) {
            Some(p) => Some(entry_file(site, &format!("{label}.newPath"), p)?),
            None => None,
        };
        if let Some(n) = &new
            && n.lang != file.lang
        {
            return Err(refuse(format!(
                "\"{label}.newPath\" is in '{}', its path in '{}'",
                n.lang, file.lang
            )));
        }
        if files.iter().any(|(g, _, _)| g.lang == file.lang) {
            return Err(refuse(format!(
                "\"{label}.path\": a second file in '{}' for the same entry",
                file.lang
            )));
        }
        files.push((file, str_of(f, "raw"), new));
    }
    let Some((first, _, first_new)) = files.first() else {
        return Err(refuse("\"params.dataFiles\" has no file to save"));
    };
    let entry = first.entry.clone();
    let target = first_new
        .as_ref()
        .map_or(entry.clone(), |n| n.entry.clone());
    for ((f, _, new), (label, _)) in files.iter().zip(&sent) {
        if f.entry != entry {
            return Err(refuse(format!(
                "\"{label}.path\" names another entry than the first file: one save changes one entry"
            )));
        }
        if new.as_ref().map(|n| &n.entry) != first_new.as_ref().map(|n| &n.entry) {
            return Err(refuse(format!(
                "\"{label}.newPath\": every file of a renamed entry must move to the same new name"
            )));
        }
    }
    let renamable = matches!(
        (&entry, &target),
        (Entry::Record { section: a, .. }, Entry::Record { section: b, .. }) if a == b
    ) || matches!((&entry, &target), (Entry::Page { .. }, Entry::Page { .. }));
    if entry != target && !renamable {
        return Err(refuse(
            "\"params.dataFiles[0].newPath\": an entry can be renamed within its own folder only",
        ));
    }
    let old_layout = paths::layout_of(site, &entry);
    let mut assets: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for (i, a) in params["assets"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let label = format!("params.assets[{i}].path");
        let path = str_of(a, "path");
        let (_, bundle) = media_path(site, &label, path)?;
        let in_bundle = bundle.and_then(|(section, stem)| {
            let owner = Entry::Record { section, stem };
            (owner == entry || owner == target).then_some(())
        });
        let (Some(()), Some(name)) = (in_bundle, path.rsplit('/').next()) else {
            return Err(refuse(match &target {
                Entry::Record { section, stem } => format!(
                    "\"{label}\": '{path}' is not in the entry's folder {}/",
                    display_path(&paths::bundle_dir(*section, stem))
                ),
                _ => format!(
                    "\"{label}\": pages, intros and the home text have no folder for images; add them to a partner, visit or program"
                ),
            }));
        };
        media_name(&label, name)?;
        let bytes = decode(&format!("params.assets[{i}].content"), str_of(a, "content"))?;
        if let Entry::Record { section, stem } = &target {
            assets.push((paths::bundle_dir(*section, stem).join(name), bytes));
        }
    }
    let new_layout = if old_layout == Layout::Bundle || !assets.is_empty() {
        Layout::Bundle
    } else {
        Layout::OneFile
    };
    let mut change = Change::default();
    if target != entry || new_layout != old_layout {
        relocate(site, &entry, old_layout, &target, new_layout, &mut change)?;
    }
    let kind = kind_of(&entry);
    for ((file, raw, _), (label, _)) in files.iter().zip(&sent) {
        let translation = file.lang != site.default_language;
        if translation && !has_title(raw) {
            continue;
        }
        let old = paths::real_path(site, file, old_layout);
        guard(site, &format!("{label}.path"), &old)?;
        let existing = match std::fs::read(site.root.join(&old)) {
            Ok(bytes) => Some(String::from_utf8(bytes).map_err(|_| {
                refuse(format!(
                    "{} is not UTF-8 text: open it in an editor and save it as UTF-8",
                    display_path(&old)
                ))
            })?),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(io_fail(&old, &e)),
        };
        let text = write::file_text(kind, translation, existing.as_deref(), raw).map_err(refuse)?;
        let new = paths::real_path(
            site,
            &EntryFile {
                entry: target.clone(),
                lang: file.lang.clone(),
            },
            new_layout,
        );
        guard(site, &format!("{label}.path"), &new)?;
        change.writes.push((new, text.into_bytes()));
    }
    for (rel, bytes) in assets {
        guard(site, "params.assets", &rel)?;
        change.writes.push((rel, bytes));
    }
    save(saver, &change)?;
    Ok(json!({ "message": "entry persisted" }))
}

fn persist_media(site: &ApiSite, asset: &Value, saver: &dyn Saver) -> Result<Value, Fail> {
    let path = str_of(asset, "path");
    let label = "params.asset.path";
    let (rel, bundle) = media_path(site, label, path)?;
    let Some((section, stem)) = bundle else {
        return Err(refuse(format!(
            "\"{label}\": '{path}' is not in an entry's folder; media go beside a partner, visit or program ({CONTENT_DIR}/<section>/<name>/<file>)"
        )));
    };
    media_name(label, path.rsplit('/').next().unwrap_or(path))?;
    let bytes = decode("params.asset.content", str_of(asset, "content"))?;
    let entry = Entry::Record {
        section,
        stem: stem.clone(),
    };
    let layout = paths::layout_of(site, &entry);
    let mut change = Change::default();
    if layout == Layout::OneFile {
        if existing_files(site, &entry, Layout::OneFile).is_empty() {
            return Err(refuse(format!(
                "\"{label}\": there is no entry {}/{stem} to put '{path}' beside; save the entry first",
                section.dir()
            )));
        }
        relocate(site, &entry, layout, &entry, Layout::Bundle, &mut change)?;
    }
    change.writes.push((rel, bytes.clone()));
    save(saver, &change)?;
    Ok(media_object(path, &bytes))
}

fn delete(site: &ApiSite, sent: &[(String, &str)], saver: &dyn Saver) -> Result<(), Fail> {
    let mut removes: Vec<PathBuf> = Vec::new();
    let mut bundles: Vec<(Section, String)> = Vec::new();
    for (label, path) in sent {
        let rel = match paths::parse(site, path).map_err(|e| path_refused(label, &e))? {
            Virtual::File(f) => {
                if let Entry::Record { section, stem } = &f.entry
                    && paths::layout_of(site, &f.entry) == Layout::Bundle
                {
                    bundles.push((*section, stem.clone()));
                }
                paths::real(site, &f)
            }
            Virtual::Media { path, .. } => PathBuf::from(path),
        };
        guard(site, label, &rel)?;
        let full = site.root.join(&rel);
        // A missing file is not an error: Decap deletes an entry by naming every
        // language's file, as decap-server skips those that do not exist.
        let Ok(meta) = std::fs::symlink_metadata(&full) else {
            continue;
        };
        if meta.is_dir() {
            return Err(refuse(format!("\"{label}\": '{path}' is a folder")));
        }
        if !removes.contains(&rel) {
            removes.push(rel);
        }
    }
    // An entry's images go with its last text, rather than being left published with no
    // page that shows them.
    for (section, stem) in bundles {
        let files = paths::bundle_files(site, section, &stem);
        let text_left = files
            .iter()
            .any(|f| f.extension().is_some_and(|e| e == "md") && !removes.contains(f));
        if !text_left {
            for f in files {
                if !removes.contains(&f) {
                    removes.push(f);
                }
            }
        }
    }
    if removes.is_empty() {
        return Ok(());
    }
    save(
        saver,
        &Change {
            removes,
            ..Change::default()
        },
    )
}

// ---- The request's shape, as decap-server's schema (joi) checks it --------------------

#[derive(Clone, Copy)]
enum Rule {
    Any,
    Str,
    Num,
    Bool,
    /// A file's path (see [`paths::check`]).
    Path,
    /// A folder's path: `content` itself too.
    Folder,
    /// The one encoding decap-server takes.
    Base64,
    Obj(&'static [Field]),
    Arr(&'static Rule, usize),
}

struct Field {
    name: &'static str,
    rule: Rule,
    required: bool,
}

const fn req(name: &'static str, rule: Rule) -> Field {
    Field {
        name,
        rule,
        required: true,
    }
}

const fn opt(name: &'static str, rule: Rule) -> Field {
    Field {
        name,
        rule,
        required: false,
    }
}

const BRANCH: Field = req("branch", Rule::Str);
const DATA_FILE: Rule = Rule::Obj(&[
    req("slug", Rule::Str),
    req("path", Rule::Path),
    req("raw", Rule::Str),
    opt("newPath", Rule::Path),
]);
const ASSET: Rule = Rule::Obj(&[
    req("path", Rule::Path),
    req("content", Rule::Str),
    req("encoding", Rule::Base64),
]);
const FILE_ITEM: Rule = Rule::Obj(&[req("path", Rule::Path), opt("label", Rule::Str)]);
const PERSIST_OPTIONS: Rule = Rule::Obj(&[
    opt("collectionName", Rule::Str),
    req("commitMessage", Rule::Str),
    req("useWorkflow", Rule::Bool),
    req("status", Rule::Str),
]);
const COMMIT: Rule = Rule::Obj(&[req("commitMessage", Rule::Str)]);

/// The actions decap-server's schema accepts, in its order (which its message lists).
const ACTIONS: &[&str] = &[
    "info",
    "entriesByFolder",
    "entriesByFiles",
    "getEntry",
    "unpublishedEntries",
    "unpublishedEntry",
    "unpublishedEntryDataFile",
    "unpublishedEntryMediaFile",
    "deleteUnpublishedEntry",
    "persistEntry",
    "updateUnpublishedEntryStatus",
    "publishUnpublishedEntry",
    "getMedia",
    "getMediaFile",
    "persistMedia",
    "deleteFile",
    "deleteFiles",
    "getDeployPreview",
];

fn params_rule(action: &str) -> Rule {
    const COLLECTION_SLUG: &[Field] =
        &[BRANCH, req("collection", Rule::Str), req("slug", Rule::Str)];
    match action {
        "info" => Rule::Any,
        "entriesByFolder" => {
            const {
                Rule::Obj(&[
                    BRANCH,
                    req("folder", Rule::Folder),
                    req("extension", Rule::Str),
                    req("depth", Rule::Num),
                ])
            }
        }
        "entriesByFiles" => const { Rule::Obj(&[BRANCH, req("files", Rule::Arr(&FILE_ITEM, 0))]) },
        "getEntry" | "getMediaFile" => const { Rule::Obj(&[BRANCH, req("path", Rule::Path)]) },
        "unpublishedEntries" => const { Rule::Obj(&[BRANCH]) },
        "unpublishedEntry" => {
            const {
                Rule::Obj(&[
                    BRANCH,
                    opt("id", Rule::Str),
                    opt("collection", Rule::Str),
                    opt("slug", Rule::Str),
                    opt("cmsLabelPrefix", Rule::Str),
                ])
            }
        }
        "unpublishedEntryDataFile" | "unpublishedEntryMediaFile" => {
            const {
                Rule::Obj(&[
                    BRANCH,
                    req("collection", Rule::Str),
                    req("slug", Rule::Str),
                    req("id", Rule::Str),
                    req("path", Rule::Path),
                ])
            }
        }
        "persistEntry" => {
            const {
                Rule::Obj(&[
                    BRANCH,
                    opt("cmsLabelPrefix", Rule::Str),
                    opt("entry", DATA_FILE),
                    opt("dataFiles", Rule::Arr(&DATA_FILE, 0)),
                    req("assets", Rule::Arr(&ASSET, 0)),
                    req("options", PERSIST_OPTIONS),
                ])
            }
        }
        "updateUnpublishedEntryStatus" => {
            const {
                Rule::Obj(&[
                    BRANCH,
                    req("collection", Rule::Str),
                    req("slug", Rule::Str),
                    req("newStatus", Rule::Str),
                    opt("cmsLabelPrefix", Rule::Str),
                ])
            }
        }
        "getMedia" => const { Rule::Obj(&[BRANCH, req("mediaFolder", Rule::Folder)]) },
        "persistMedia" => {
            const { Rule::Obj(&[BRANCH, req("asset", ASSET), req("options", COMMIT)]) }
        }
        "deleteFile" => {
            const { Rule::Obj(&[BRANCH, req("path", Rule::Path), req("options", COMMIT)]) }
        }
        "deleteFiles" => {
            const {
                Rule::Obj(&[
                    BRANCH,
                    req("paths", Rule::Arr(&Rule::Path, 1)),
                    req("options", COMMIT),
                ])
            }
        }
        // deleteUnpublishedEntry, publishUnpublishedEntry, getDeployPreview.
        _ => const { Rule::Obj(COLLECTION_SLUG) },
    }
}

/// Checks a request as decap-server's schema does, with its messages (the first problem
/// only, as joi stops at the first); unknown keys are allowed, as there.
fn validate_request(request: &Value) -> Result<(), String> {
    if !request.is_object() {
        return Err("\"value\" must be of type object".into());
    }
    let action = match request.get("action") {
        None => return Err("\"action\" is required".into()),
        Some(a) => a
            .as_str()
            .filter(|a| ACTIONS.contains(a))
            .ok_or_else(|| format!("\"action\" must be one of [{}]", ACTIONS.join(", ")))?,
    };
    match request.get("params") {
        None if action == "info" => Ok(()),
        // decap-server lets entriesByFiles through without params, and then fails on them.
        None => Err("\"params\" is required".into()),
        Some(p) => validate(p, params_rule(action), "params"),
    }?;
    if action == "persistEntry" {
        let p = &request["params"];
        match (p.get("entry").is_some(), p.get("dataFiles").is_some()) {
            (false, false) => {
                return Err("\"params\" must contain at least one of [entry, dataFiles]".into());
            }
            (true, true) => {
                return Err(
                    "\"params\" contains a conflict between exclusive peers [entry, dataFiles]"
                        .into(),
                );
            }
            _ => {}
        }
    }
    Ok(())
}

fn validate(value: &Value, rule: Rule, label: &str) -> Result<(), String> {
    let string = |v: &Value| match v {
        Value::String(s) if s.is_empty() => Err(format!("\"{label}\" is not allowed to be empty")),
        Value::String(s) => Ok(s.clone()),
        _ => Err(format!("\"{label}\" must be a string")),
    };
    match rule {
        Rule::Any => Ok(()),
        Rule::Str => string(value).map(drop),
        Rule::Num if value.is_number() => Ok(()),
        Rule::Num => Err(format!("\"{label}\" must be a number")),
        Rule::Bool if value.is_boolean() => Ok(()),
        Rule::Bool => Err(format!("\"{label}\" must be a boolean")),
        Rule::Path | Rule::Folder => {
            let s = string(value)?;
            paths::check(&s, matches!(rule, Rule::Folder))
                .map_err(|e| format!("\"{label}\" must be a path inside {CONTENT_DIR}/: {e}"))
        }
        Rule::Base64 if value.as_str() == Some("base64") => Ok(()),
        Rule::Base64 => Err(format!("\"{label}\" must be [base64]")),
        Rule::Obj(fields) => {
            let Some(map) = value.as_object() else {
                return Err(format!("\"{label}\" must be of type object"));
            };
            for f in fields {
                let key = format!("{label}.{}", f.name);
                match map.get(f.name) {
                    None if f.required => return Err(format!("\"{key}\" is required")),
                    None => {}
                    Some(v) => validate(v, f.rule, &key)?,
                }
            }
            Ok(())
        }
        Rule::Arr(item, min) => {
            let Some(items) = value.as_array() else {
                return Err(format!("\"{label}\" must be an array"));
            };
            for (i, v) in items.iter().enumerate() {
                validate(v, *item, &format!("{label}[{i}]"))?;
            }
            if items.len() < min {
                return Err(format!("\"{label}\" must contain at least {min} items"));
            }
            Ok(())
        }
    }
}

// ---- Who may ask ------------------------------------------------------------------------

/// Whether a request's `Origin` header is the `http://` origin of its `Host` header: a page
/// of the preview itself, not another site open in the same browser. A request without
/// `Origin` is refused: browsers send it with every `POST` made by `fetch`, same-origin ones
/// included, so its absence means a client other than Decap (which may send
/// `Origin: http://<host>` itself) or a very old browser. `Origin: null` (a sandboxed
/// frame, a file) is refused too.
///
/// This does not stop DNS rebinding (a hostile name resolved to 127.0.0.1 sends a matching
/// pair): check [`loopback_host`] as well.
pub fn same_origin(origin: Option<&str>, host: Option<&str>) -> bool {
    let (Some(origin), Some(host)) = (origin, host) else {
        return false;
    };
    let host = host.trim();
    !host.is_empty()
        && origin
            .strip_prefix("http://")
            .is_some_and(|o| o.eq_ignore_ascii_case(host))
}

/// Whether a `Host` header names this machine by a loopback name or address
/// (`localhost`, `127.0.0.1` and the rest of 127/8, `[::1]`), with any port: what the
/// preview is reached by, and never a name an attacker's DNS controls.
pub fn loopback_host(host: Option<&str>) -> bool {
    let Some(host) = host.map(str::trim) else {
        return false;
    };
    let name = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((addr, port)) if port.is_empty() || valid_port(port) => {
                return addr
                    .parse::<std::net::Ipv6Addr>()
                    .is_ok_and(|a| a.is_loopback());
            }
            _ => return false,
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if valid_port(port) => name,
            Some(_) => return false,
            None => host,
        }
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|a| a.is_loopback())
}

fn valid_port(port: &str) -> bool {
    port.strip_prefix(':')
        .unwrap_or(port)
        .parse::<u16>()
        .is_ok()
}

// ---- Making a change ----------------------------------------------------------------------

/// Makes `change` under `root`: the moves (creating folders), then each write atomically (a
/// temporary file in the same folder, synced, renamed over the old one), then the removals.
/// If a step fails, what was done is undone where it can be, and the error says what was
/// and was not done.
pub fn apply(root: &Path, change: &Change) -> io::Result<()> {
    let mut journal = Journal {
        root,
        moved: Vec::new(),
        written: Vec::new(),
        set_aside: Vec::new(),
    };
    if let Err((what, e)) = journal.run(change) {
        let undone = journal.undo();
        return Err(io::Error::new(
            e.kind(),
            format!("{what}: {}; {undone}", crate::diagnostic::io_reason(&e)),
        ));
    }
    journal.finish(change)
}

/// What [`apply`] did so far, to undo it.
struct Journal<'r> {
    root: &'r Path,
    moved: Vec<(PathBuf, PathBuf)>,
    /// Each written file and its bytes before (None: it did not exist).
    written: Vec<(PathBuf, Option<Vec<u8>>)>,
    /// Each removed file and where it waits, renamed, until the change is complete.
    set_aside: Vec<(PathBuf, PathBuf)>,
}

type Step = (String, io::Error);

fn step(what: String) -> impl FnOnce(io::Error) -> Step {
    move |e| (what, e)
}

impl Journal<'_> {
    fn run(&mut self, change: &Change) -> Result<(), Step> {
        for (from, to) in &change.moves {
            let what = || format!("cannot move {} to {}", display_path(from), display_path(to));
            let target = self.root.join(to);
            if std::fs::symlink_metadata(&target).is_ok() {
                return Err((
                    what(),
                    io::Error::new(io::ErrorKind::AlreadyExists, "the target exists"),
                ));
            }
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir).map_err(step(what()))?;
            }
            std::fs::rename(self.root.join(from), &target).map_err(step(what()))?;
            self.moved.push((from.clone(), to.clone()));
        }
        for (path, bytes) in &change.writes {
            let what = || format!("cannot write {}", display_path(path));
            let full = self.root.join(path);
            let before = match std::fs::read(&full) {
                Ok(b) => Some(b),
                Err(e) if e.kind() == io::ErrorKind::NotFound => None,
                Err(e) => return Err((what(), e)),
            };
            if let Some(dir) = full.parent() {
                std::fs::create_dir_all(dir).map_err(step(what()))?;
            }
            write_atomic(&full, bytes).map_err(step(what()))?;
            self.written.push((path.clone(), before));
        }
        for path in &change.removes {
            let what = || format!("cannot remove {}", display_path(path));
            let full = self.root.join(path);
            if std::fs::symlink_metadata(&full).is_err() {
                continue;
            }
            let aside = temp_beside(&full);
            std::fs::rename(&full, &aside).map_err(step(what()))?;
            self.set_aside.push((path.clone(), aside));
        }
        Ok(())
    }

    /// Undoes what was done, newest first; says what could not be undone.
    fn undo(&mut self) -> String {
        let mut left = Vec::new();
        let mut made: Vec<PathBuf> = self.moved.iter().map(|(_, to)| to.clone()).collect();
        made.extend(
            self.written
                .iter()
                .filter(|(_, before)| before.is_none())
                .map(|(p, _)| p.clone()),
        );
        for (path, aside) in self.set_aside.drain(..).rev() {
            if std::fs::rename(&aside, self.root.join(&path)).is_err() {
                left.push(format!(
                    "{} is left as {}",
                    display_path(&path),
                    aside.display()
                ));
            }
        }
        for (path, before) in self.written.drain(..).rev() {
            let full = self.root.join(&path);
            let undone = match &before {
                Some(bytes) => write_atomic(&full, bytes),
                None => std::fs::remove_file(&full),
            };
            if undone.is_err() {
                left.push(format!("{} keeps its new text", display_path(&path)));
            }
        }
        for (from, to) in self.moved.drain(..).rev() {
            if std::fs::rename(self.root.join(&to), self.root.join(&from)).is_err() {
                left.push(format!(
                    "{} is still moved to {}",
                    display_path(&from),
                    display_path(&to)
                ));
            }
        }
        // The folders the change made for what it moved or wrote.
        for path in &made {
            prune(self.root, path);
        }
        if left.is_empty() {
            "nothing was changed".to_string()
        } else {
            format!("the change was undone except: {}", left.join("; "))
        }
    }

    /// Deletes the removed files, and the folders the change left empty.
    fn finish(&mut self, change: &Change) -> io::Result<()> {
        let mut left = Vec::new();
        for (path, aside) in self.set_aside.drain(..) {
            if std::fs::remove_file(&aside).is_err() {
                left.push(format!("{} (as {})", display_path(&path), aside.display()));
            }
        }
        let emptied = change
            .moves
            .iter()
            .map(|(from, _)| from)
            .chain(&change.removes);
        for path in emptied {
            prune(self.root, path);
        }
        if left.is_empty() {
            Ok(())
        } else {
            Err(io::Error::other(format!(
                "the change was made, but these removed files could not be deleted: {}",
                left.join(", ")
            )))
        }
    }
}

/// Removes the folders above `path` that are empty, up to `content/<section>/<name>/`:
/// never `content/` or a section's own folder.
fn prune(root: &Path, path: &Path) {
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d.components().count() < 3 || std::fs::remove_dir(root.join(d)).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// A new name beside `path`, hidden from the build (it skips names starting with `.`).
fn temp_beside(path: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let n = COUNT.fetch_add(1, Ordering::Relaxed);
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.hamkor-{}-{n}", std::process::id()))
}

fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temp = temp_beside(path);
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests;
