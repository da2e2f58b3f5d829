//! The editing API, driven as Decap drives it: JSON bodies in, status and JSON out, files on
//! disk. The schema cases follow decap-server's own tests (`joi/index.spec.ts`,
//! `localFs/index.spec.ts`) one by one, with paths inside `content/`.

use std::collections::BTreeMap;
use std::sync::Mutex;

use super::*;

/// A saver that applies every change, and keeps them.
#[derive(Default)]
struct Applying {
    root: PathBuf,
    changes: Mutex<Vec<Change>>,
}

impl Saver for Applying {
    fn save(&self, change: &Change) -> Result<(), Refused> {
        self.changes.lock().unwrap().push(change.clone());
        apply(&self.root, change).map_err(|e| Refused {
            message: e.to_string(),
        })
    }
}

/// A saver that refuses everything, as `serve` does a change that breaks the site.
#[derive(Default)]
struct Refusing {
    asked: Mutex<usize>,
}

const REFUSAL: &str = "content/visits/v.md:4:3: error: unknown partner 'x'\n  = help: the partners are in content/partners/";

impl Saver for Refusing {
    fn save(&self, _: &Change) -> Result<(), Refused> {
        *self.asked.lock().unwrap() += 1;
        Err(Refused {
            message: REFUSAL.into(),
        })
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    site: ApiSite,
    saver: Applying,
}

fn fixture(files: &[(&str, &str)]) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("my-site");
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(root.join("site.yaml"), "title: T\n").unwrap();
    for (path, text) in files {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    Fixture {
        site: ApiSite {
            root: root.clone(),
            languages: vec!["en".into(), "ru".into(), "uz".into()],
            default_language: "en".into(),
        },
        saver: Applying {
            root,
            changes: Mutex::default(),
        },
        _dir: dir,
    }
}

impl Fixture {
    fn call(&self, body: Value) -> (u16, Value) {
        let (status, v) = answer(body.to_string().as_bytes(), &self.site, &self.saver);
        (status, slashed(v))
    }

    fn refused(&self, body: Value) -> (u16, Value, usize) {
        let saver = Refusing::default();
        let (status, v) = answer(body.to_string().as_bytes(), &self.site, &saver);
        let asked = *saver.asked.lock().unwrap();
        (status, v, asked)
    }

    /// Every file under the root and its bytes, named with `/` on every system.
    fn tree(&self) -> BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(&self.site.root)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(&self.site.root).unwrap();
                (
                    crate::diagnostic::slash_path(rel),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.site.root.join(rel)).unwrap()
    }

    fn changes(&self) -> Vec<Change> {
        self.saver.changes.lock().unwrap().clone()
    }
}

fn request(action: &str, params: Value) -> Value {
    json!({ "action": action, "params": params })
}

fn p(s: &str) -> PathBuf {
    PathBuf::from(s)
}

const B64_PNG: &str = "iVBORw0KGgo="; // The PNG signature.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";

// ---- decap-server's joi/index.spec.ts ------------------------------------------------------

#[test]
fn requests_are_checked_as_decap_server_checks_them() {
    let f = fixture(&[]);
    let b = json!("master");
    let opts = json!({ "commitMessage": "commitMessage" });
    let cases: Vec<(Value, &str)> = vec![
        // "should fail on unsupported body"
        (json!({}), "\"action\" is required"),
        // "should fail on unsupported action"
        (
            json!({ "action": "unknown", "params": {} }),
            "\"action\" must be one of [info, entriesByFolder, entriesByFiles, getEntry, unpublishedEntries, unpublishedEntry, unpublishedEntryDataFile, unpublishedEntryMediaFile, deleteUnpublishedEntry, persistEntry, updateUnpublishedEntryStatus, publishUnpublishedEntry, getMedia, getMediaFile, persistMedia, deleteFile, deleteFiles, getDeployPreview]",
        ),
        // entriesByFolder
        (
            request("entriesByFolder", json!({ "branch": b })),
            "\"params.folder\" is required",
        ),
        (
            request(
                "entriesByFolder",
                json!({ "branch": b, "folder": "content" }),
            ),
            "\"params.extension\" is required",
        ),
        (
            request(
                "entriesByFolder",
                json!({ "branch": b, "folder": "content", "extension": "md" }),
            ),
            "\"params.depth\" is required",
        ),
        // entriesByFiles
        (
            request("entriesByFiles", json!({ "branch": b })),
            "\"params.files\" is required",
        ),
        (
            request("entriesByFiles", json!({ "branch": b, "files": {} })),
            "\"params.files\" must be an array",
        ),
        (
            request(
                "entriesByFiles",
                json!({ "branch": b, "files": [{ "id": "id" }] }),
            ),
            "\"params.files[0].path\" is required",
        ),
        // getEntry
        (
            request("getEntry", json!({ "branch": b })),
            "\"params.path\" is required",
        ),
        (
            request("getEntry", json!({ "branch": b, "path": 1 })),
            "\"params.path\" must be a string",
        ),
        // unpublishedEntries, unpublishedEntry
        (
            request("unpublishedEntries", json!({})),
            "\"params.branch\" is required",
        ),
        (
            request("unpublishedEntry", json!({})),
            "\"params.branch\" is required",
        ),
        // deleteUnpublishedEntry
        (
            request("deleteUnpublishedEntry", json!({ "branch": b })),
            "\"params.collection\" is required",
        ),
        (
            request(
                "deleteUnpublishedEntry",
                json!({ "branch": b, "collection": "c" }),
            ),
            "\"params.slug\" is required",
        ),
        (
            request(
                "deleteUnpublishedEntry",
                json!({ "branch": b, "collection": "c", "slug": 1 }),
            ),
            "\"params.slug\" must be a string",
        ),
        // persistEntry
        (
            request(
                "persistEntry",
                json!({ "branch": b, "assets": [], "options": { "commitMessage": "m", "useWorkflow": true, "status": "draft" } }),
            ),
            "\"params\" must contain at least one of [entry, dataFiles]",
        ),
        (
            request(
                "persistEntry",
                json!({ "branch": b, "entry": { "slug": "s", "path": "content/a.md", "raw": "content" } }),
            ),
            "\"params.assets\" is required",
        ),
        (
            request(
                "persistEntry",
                json!({ "branch": b, "entry": { "slug": "s", "path": "content/a.md", "raw": "content" }, "assets": [] }),
            ),
            "\"params.options\" is required",
        ),
        (
            request(
                "persistEntry",
                json!({ "branch": b, "entry": { "slug": "s", "path": "content/a.md", "raw": "content" }, "assets": [], "options": {} }),
            ),
            "\"params.options.commitMessage\" is required",
        ),
        (
            request(
                "persistEntry",
                json!({ "branch": b, "entry": { "slug": "s", "path": "content/a.md", "raw": "c" }, "dataFiles": [], "assets": [], "options": { "commitMessage": "m", "useWorkflow": true, "status": "draft" } }),
            ),
            "\"params\" contains a conflict between exclusive peers [entry, dataFiles]",
        ),
        // updateUnpublishedEntryStatus
        (
            request("updateUnpublishedEntryStatus", json!({ "branch": b })),
            "\"params.collection\" is required",
        ),
        (
            request(
                "updateUnpublishedEntryStatus",
                json!({ "branch": b, "collection": "c" }),
            ),
            "\"params.slug\" is required",
        ),
        (
            request(
                "updateUnpublishedEntryStatus",
                json!({ "branch": b, "collection": "c", "slug": "s" }),
            ),
            "\"params.newStatus\" is required",
        ),
        // publishUnpublishedEntry
        (
            request("publishUnpublishedEntry", json!({ "branch": b })),
            "\"params.collection\" is required",
        ),
        (
            request(
                "publishUnpublishedEntry",
                json!({ "branch": b, "collection": "c" }),
            ),
            "\"params.slug\" is required",
        ),
        // getMedia, getMediaFile
        (
            request("getMedia", json!({ "branch": b })),
            "\"params.mediaFolder\" is required",
        ),
        (
            request("getMediaFile", json!({ "branch": b })),
            "\"params.path\" is required",
        ),
        // persistMedia
        (
            request("persistMedia", json!({ "branch": b })),
            "\"params.asset\" is required",
        ),
        (
            request(
                "persistMedia",
                json!({ "branch": b, "asset": { "path": "content/partners/x/a.png" } }),
            ),
            "\"params.asset.content\" is required",
        ),
        // deleteFile, deleteFiles
        (
            request("deleteFile", json!({ "branch": b })),
            "\"params.path\" is required",
        ),
        (
            request("deleteFiles", json!({ "branch": b })),
            "\"params.paths\" is required",
        ),
        (
            request(
                "deleteFiles",
                json!({ "branch": b, "paths": [], "options": opts }),
            ),
            "\"params.paths\" must contain at least 1 items",
        ),
        // getDeployPreview
        (
            request("getDeployPreview", json!({ "branch": b })),
            "\"params.collection\" is required",
        ),
        (
            request(
                "getDeployPreview",
                json!({ "branch": b, "collection": "c" }),
            ),
            "\"params.slug\" is required",
        ),
        // joi: "should send error on invalid schema"
        (
            json!({ "action": "entriesByFolder" }),
            "\"params\" is required",
        ),
    ];
    for (body, error) in cases {
        assert_eq!(
            f.call(body.clone()),
            (422, json!({ "error": error })),
            "{body}"
        );
    }
    // unpublishedEntryDataFile and unpublishedEntryMediaFile
    for action in ["unpublishedEntryDataFile", "unpublishedEntryMediaFile"] {
        let mut params = json!({ "branch": b });
        for (key, value) in [
            ("collection", "c"),
            ("slug", "s"),
            ("id", "id"),
            ("path", "content/a.md"),
        ] {
            let (status, v) = f.call(request(action, params.clone()));
            assert_eq!(
                (status, v),
                (
                    422,
                    json!({ "error": format!("\"params.{key}\" is required") })
                )
            );
            params[key] = json!(value);
        }
        // Valid, and then not answered: there is no editorial workflow.
        assert_eq!(
            f.call(request(action, params)),
            (422, json!({ "error": format!("Unknown action {action}") }))
        );
    }
    assert!(f.changes().is_empty());
}

#[test]
fn valid_requests_pass_the_check() {
    let f = fixture(&[("content/a.md", "---\ntitle: A\n---\n")]);
    let b = json!("master");
    let opts = json!({ "commitMessage": "m" });
    let ok = [
        json!({ "action": "info" }),
        request(
            "entriesByFolder",
            json!({ "branch": b, "folder": "content", "extension": "md", "depth": 1 }),
        ),
        request(
            "entriesByFiles",
            json!({ "branch": b, "files": [{ "path": "content/a.md" }] }),
        ),
        request(
            "getEntry",
            json!({ "branch": b, "path": "content/a.en.md" }),
        ),
        request(
            "getMedia",
            json!({ "branch": b, "mediaFolder": "content/partners/x" }),
        ),
        request(
            "deleteFile",
            json!({ "branch": b, "path": "content/partners/x/a.png", "options": opts }),
        ),
        request(
            "deleteFiles",
            json!({ "branch": b, "paths": ["content/partners/x/a.png"], "options": opts }),
        ),
        request(
            "getDeployPreview",
            json!({ "branch": b, "collection": "c", "slug": "s" }),
        ),
    ];
    for body in ok {
        let (status, v) = f.call(body.clone());
        assert_eq!(status, 200, "{body}: {v}");
    }
    for action in ["unpublishedEntries", "unpublishedEntry"] {
        assert_eq!(
            f.call(request(action, json!({ "branch": b, "id": "id" }))),
            (422, json!({ "error": format!("Unknown action {action}") }))
        );
    }
}

// ---- decap-server's localFs/index.spec.ts, and traversal in every parameter -----------------

/// Each request with a path in it, built around the path `x`, and the label of its parameter.
fn with_path(x: &str) -> Vec<(Value, &'static str)> {
    let b = "master";
    let opts = json!({ "commitMessage": "m" });
    let persist_opts = json!({ "commitMessage": "m", "useWorkflow": false, "status": "draft" });
    let good = "content/partners/x/index.en.md";
    vec![
        (
            request("getEntry", json!({ "branch": b, "path": x })),
            "params.path",
        ),
        (
            request(
                "entriesByFolder",
                json!({ "branch": b, "folder": x, "extension": "md", "depth": 2 }),
            ),
            "params.folder",
        ),
        (
            request("getMedia", json!({ "branch": b, "mediaFolder": x })),
            "params.mediaFolder",
        ),
        (
            request(
                "entriesByFiles",
                json!({ "branch": b, "files": [{ "path": x }] }),
            ),
            "params.files[0].path",
        ),
        (
            request("getMediaFile", json!({ "branch": b, "path": x })),
            "params.path",
        ),
        (
            request(
                "persistEntry",
                json!({ "branch": b, "dataFiles": [{ "slug": "x", "path": x, "raw": "---\ntitle: X\n---\n" }], "assets": [], "options": persist_opts }),
            ),
            "params.dataFiles[0].path",
        ),
        (
            request(
                "persistEntry",
                json!({ "branch": b, "entry": { "slug": "x", "path": x, "raw": "---\ntitle: X\n---\n" }, "assets": [], "options": persist_opts }),
            ),
            "params.entry.path",
        ),
        (
            request(
                "persistEntry",
                json!({ "branch": b, "dataFiles": [{ "slug": "x", "path": good, "raw": "---\ntitle: X\n---\n", "newPath": x }], "assets": [], "options": persist_opts }),
            ),
            "params.dataFiles[0].newPath",
        ),
        (
            request(
                "persistEntry",
                json!({ "branch": b, "dataFiles": [{ "slug": "x", "path": good, "raw": "---\ntitle: X\n---\n" }], "assets": [{ "path": x, "content": B64_PNG, "encoding": "base64" }], "options": persist_opts }),
            ),
            "params.assets[0].path",
        ),
        (
            request(
                "persistMedia",
                json!({ "branch": b, "asset": { "path": x, "content": B64_PNG, "encoding": "base64" }, "options": opts }),
            ),
            "params.asset.path",
        ),
        (
            request(
                "deleteFile",
                json!({ "branch": b, "path": x, "options": opts }),
            ),
            "params.path",
        ),
        (
            request(
                "deleteFiles",
                json!({ "branch": b, "paths": ["content/a.png", x], "options": opts }),
            ),
            "params.paths[1]",
        ),
    ]
}

#[test]
fn a_path_out_of_content_is_refused_in_every_parameter() {
    let f = fixture(&[("content/partners/x.md", "---\ntitle: X\n---\n")]);
    let before = f.tree();
    let bad = [
        ("../", "'../' is not inside content/"),
        (
            "content/../site.yaml",
            "'content/../site.yaml' contains '..'",
        ),
        ("content/./x.md", "'content/./x.md' contains '.'"),
        (
            "/etc/passwd",
            "'/etc/passwd' is absolute; give it relative to the site folder",
        ),
        (
            "C:\\Windows\\win.ini",
            "'C:\\\\Windows\\\\win.ini' contains ':'; paths are relative, with '/' between folders",
        ),
        (
            "C:/Windows/win.ini",
            "'C:/Windows/win.ini' contains ':'; paths are relative, with '/' between folders",
        ),
        (
            "content\\..\\site.yaml",
            "'content\\\\..\\\\site.yaml' contains '\\'; paths are relative, with '/' between folders",
        ),
        (
            "content/x\0.md",
            "'content/x\\0.md' contains NUL; paths are relative, with '/' between folders",
        ),
        (
            "content//x.md",
            "'content//x.md' has an empty segment ('//' or a '/' at the end)",
        ),
        (
            "content/.git/config",
            "'content/.git/config' names a hidden file or folder ('.git')",
        ),
        ("site.yaml", "'site.yaml' is not inside content/"),
        ("", ""),
    ];
    for (path, reason) in bad {
        for (body, label) in with_path(path) {
            let (status, v, asked) = f.refused(body.clone());
            let error = if path.is_empty() {
                format!("\"{label}\" is not allowed to be empty")
            } else {
                format!("\"{label}\" must be a path inside content/: {reason}")
            };
            assert_eq!((status, v), (422, json!({ "error": error })), "{body}");
            assert_eq!(asked, 0);
        }
    }
    // "should not throw on valid path": the same requests with good paths are answered.
    let (status, _) = f.call(request(
        "getEntry",
        json!({ "branch": "m", "path": "content/partners/x/index.en.md" }),
    ));
    assert_eq!(status, 200);
    let (status, _) = f.call(request(
        "getMedia",
        json!({ "branch": "m", "mediaFolder": "content/partners/x" }),
    ));
    assert_eq!(status, 200);
    assert_eq!(f.tree(), before);
}

#[test]
fn percent_escapes_are_names_not_dots() {
    // JSON does not decode `%2e%2e`: it is a folder of that name inside content/, and the
    // site.yaml above content/ is not what is read.
    let f = fixture(&[]);
    let (status, v) = f.call(request(
        "getMediaFile",
        json!({ "branch": "m", "path": "content/%2e%2e/site.yaml" }),
    ));
    assert_eq!(
        (status, v),
        (
            404,
            json!({ "error": "content/%2e%2e/site.yaml does not exist" })
        )
    );
}

#[cfg(unix)]
#[test]
fn links_out_of_content_are_refused() {
    let f = fixture(&[("content/partners/inside.md", "---\ntitle: In\n---\n")]);
    let outside = f.site.root.parent().unwrap().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("index.md"), "---\ntitle: Secret\n---\n").unwrap();
    std::fs::write(outside.join("secret.png"), PNG).unwrap();
    let content = f.site.root.join("content");
    std::os::unix::fs::symlink(&outside, content.join("partners/evil")).unwrap();
    std::os::unix::fs::symlink(outside.join("index.md"), content.join("about.md")).unwrap();
    let before = f.tree();
    let opts = json!({ "commitMessage": "m" });
    let cases = [
        (
            request(
                "getEntry",
                json!({ "branch": "m", "path": "content/partners/evil/index.en.md" }),
            ),
            "\"params.path\" must be a path inside content/: 'content/partners/evil/index.md' leads out of content/ through a link",
        ),
        (
            request(
                "getEntry",
                json!({ "branch": "m", "path": "content/about.en.md" }),
            ),
            "\"params.path\" must be a path inside content/: 'content/about.md' leads out of content/ through a link",
        ),
        (
            request(
                "getMedia",
                json!({ "branch": "m", "mediaFolder": "content/partners/evil" }),
            ),
            "\"params.mediaFolder\" must be a path inside content/: 'content/partners/evil' leads out of content/ through a link",
        ),
        (
            request(
                "persistMedia",
                json!({ "branch": "m", "asset": { "path": "content/partners/evil/new.png", "content": B64_PNG, "encoding": "base64" }, "options": opts }),
            ),
            "\"params.asset.path\" must be a path inside content/: 'content/partners/evil/new.png' leads out of content/ through a link",
        ),
        (
            request(
                "deleteFile",
                json!({ "branch": "m", "path": "content/partners/evil/secret.png", "options": opts }),
            ),
            "\"params.path\" must be a path inside content/: 'content/partners/evil/secret.png' leads out of content/ through a link",
        ),
    ];
    for (body, error) in cases {
        let (status, v, asked) = f.refused(body.clone());
        assert_eq!((status, v), (422, json!({ "error": error })), "{body}");
        assert_eq!(asked, 0);
    }
    // Listing skips what leads out.
    let (_, v) = f.call(request(
        "entriesByFolder",
        json!({ "branch": "m", "folder": "content", "extension": "md", "depth": 3 }),
    ));
    let listed: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["file"]["path"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ["content/partners/inside/index.en.md"]);
    assert_eq!(f.tree(), before);
}

// ---- Reading ----------------------------------------------------------------------------

#[test]
fn entries_are_read_through_their_virtual_paths() {
    let f = fixture(&[
        ("content/partners/one.md", "abc"),
        ("content/partners/one.ru.md", "---\ntitle: Один\n---\n"),
        ("content/partners/two/index.md", "---\ntitle: Two\n---\n"),
        ("content/partners/two/logo.png", "png"),
        ("content/_index.md", "---\ntitle: Home\n---\n"),
    ]);
    let (status, v) = f.call(request(
        "entriesByFolder",
        json!({ "branch": "master", "folder": "content/partners", "extension": "md", "depth": 2 }),
    ));
    assert_eq!(status, 200);
    assert_eq!(
        v,
        json!([
            // The SHA-256 test vector of "abc".
            { "data": "abc", "file": { "path": "content/partners/one/index.en.md", "id": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" } },
            { "data": "---\ntitle: Один\n---\n", "file": { "path": "content/partners/one/index.ru.md", "id": sha256("---\ntitle: Один\n---\n".as_bytes()) } },
            { "data": "---\ntitle: Two\n---\n", "file": { "path": "content/partners/two/index.en.md", "id": sha256(b"---\ntitle: Two\n---\n") } },
        ])
    );
    // A files collection asks for every language's file; a missing one has no data.
    let (status, v) = f.call(request(
        "entriesByFiles",
        json!({ "branch": "master", "files": [
            { "path": "content/_index.en.md", "label": "Home" },
            { "path": "content/_index.ru.md", "label": "Home" },
            { "path": "content/_index.md" },
        ] }),
    ));
    assert_eq!(status, 200);
    let id = sha256(b"---\ntitle: Home\n---\n");
    assert_eq!(
        v,
        json!([
            { "data": "---\ntitle: Home\n---\n", "file": { "path": "content/_index.en.md", "label": "Home", "id": id } },
            { "data": null, "file": { "path": "content/_index.ru.md", "label": "Home", "id": null } },
            { "data": "---\ntitle: Home\n---\n", "file": { "path": "content/_index.md", "id": id } },
        ])
    );
    let (_, v) = f.call(request(
        "getEntry",
        json!({ "branch": "master", "path": "content/partners/two/index.en.md" }),
    ));
    assert_eq!(v["data"], "---\ntitle: Two\n---\n");
    let (_, v) = f.call(request(
        "getMedia",
        json!({ "branch": "master", "mediaFolder": "content/partners/two" }),
    ));
    assert_eq!(
        v,
        json!([{ "id": sha256(b"png"), "content": "cG5n", "encoding": "base64", "path": "content/partners/two/logo.png", "name": "logo.png" }])
    );
    let (_, v) = f.call(request(
        "getMediaFile",
        json!({ "branch": "master", "path": "content/partners/two/logo.png" }),
    ));
    assert_eq!(v["content"], "cG5n");
}

#[test]
fn info_not_json_and_deploy_preview() {
    let f = fixture(&[]);
    assert_eq!(
        f.call(json!({ "action": "info" })),
        (
            200,
            json!({ "repo": "my-site", "publish_modes": ["simple"], "type": "local_fs" })
        )
    );
    let (status, v) = answer(b"action=info", &f.site, &f.saver);
    assert_eq!(status, 422);
    assert_eq!(
        v["error"],
        "the request is not JSON: expected value at line 1 column 1"
    );
    assert_eq!(
        answer(b"[1]", &f.site, &f.saver),
        (422, json!({ "error": "\"value\" must be of type object" }))
    );
    assert_eq!(
        f.call(request(
            "getDeployPreview",
            json!({ "branch": "m", "collection": "c", "slug": "s" })
        )),
        (200, Value::Null)
    );
}

/// An answer with the paths in its messages written with `/`, as on Unix: messages name
/// files the way the system does (`content\\x.md` on Windows).
fn slashed(v: Value) -> Value {
    match v {
        Value::String(s) if cfg!(windows) => Value::String(s.replace('\\', "/")),
        Value::Object(m) => Value::Object(m.into_iter().map(|(k, v)| (k, slashed(v))).collect()),
        other => other,
    }
}

// ---- Saving -------------------------------------------------------------------------------

fn persist(files: Value, assets: Value) -> Value {
    request(
        "persistEntry",
        json!({
            "branch": "master",
            "dataFiles": files,
            "assets": assets,
            "options": { "collectionName": "partners", "commitMessage": "Create", "useWorkflow": false, "status": "draft", "hasSubfolders": true },
        }),
    )
}

const EN: &str = "---\ntitle: Yonsei\n---\n\nText.\n";

/// What the writer makes of `raw` (the API's part is where it goes, not how it reads).
fn written(kind: Kind, translation: bool, existing: Option<&str>, raw: &str) -> String {
    crate::cms::write::file_text(kind, translation, existing, raw).expect("the writer takes it")
}
const RU: &str = "---\ntitle: Йонсе\n---\n\nТекст.\n";
const UNTRANSLATED: &str = "---\ncountry: KR\n---\n";

#[test]
fn an_i18n_save_writes_each_language_to_its_real_file() {
    let f = fixture(&[]);
    let (status, v) = f.call(persist(
        json!([
            { "slug": "yonsei", "path": "content/partners/yonsei/index.en.md", "raw": EN },
            { "slug": "yonsei", "path": "content/partners/yonsei/index.ru.md", "raw": RU },
            { "slug": "yonsei", "path": "content/partners/yonsei/index.uz.md", "raw": UNTRANSLATED },
        ]),
        json!([]),
    ));
    assert_eq!((status, v), (200, json!({ "message": "entry persisted" })));
    assert_eq!(
        f.changes(),
        [Change {
            writes: vec![
                (
                    p("content/partners/yonsei.md"),
                    written(Kind::Partner, false, None, EN).into()
                ),
                (
                    p("content/partners/yonsei.ru.md"),
                    written(Kind::Partner, true, None, RU).into()
                ),
            ],
            ..Change::default()
        }]
    );
    assert_eq!(
        f.read("content/partners/yonsei.md"),
        written(Kind::Partner, false, None, EN)
    );
    assert_eq!(
        f.read("content/partners/yonsei.ru.md"),
        written(Kind::Partner, true, None, RU)
    );
    assert!(!f.site.root.join("content/partners/yonsei.uz.md").exists());
    // Without i18n, Decap sends `entry`.
    let (status, _) = f.call(request(
        "persistEntry",
        json!({ "branch": "m", "entry": { "slug": "about", "path": "content/about.md", "raw": EN }, "assets": [], "options": { "commitMessage": "m", "useWorkflow": false, "status": "draft" } }),
    ));
    assert_eq!(status, 200);
    assert_eq!(
        f.read("content/about.md"),
        written(Kind::Page, false, None, EN)
    );
}

#[test]
fn media_turn_a_one_file_entry_into_a_bundle_keeping_its_translations() {
    let f = fixture(&[
        ("content/partners/yonsei.md", "---\ntitle: Old\n---\n"),
        ("content/partners/yonsei.ru.md", RU),
        (
            "content/partners/yonsei.uz.md",
            "---\ntitle: Yonsei uz\n---\n",
        ),
    ]);
    let (status, v) = f.call(persist(
        json!([
            { "slug": "yonsei", "path": "content/partners/yonsei/index.en.md", "raw": EN },
            { "slug": "yonsei", "path": "content/partners/yonsei/index.ru.md", "raw": RU },
        ]),
        json!([{ "path": "content/partners/yonsei/logo.png", "content": B64_PNG, "encoding": "base64" }]),
    ));
    assert_eq!((status, v), (200, json!({ "message": "entry persisted" })));
    assert_eq!(
        f.changes(),
        [Change {
            moves: vec![
                (
                    p("content/partners/yonsei.md"),
                    p("content/partners/yonsei/index.md")
                ),
                (
                    p("content/partners/yonsei.ru.md"),
                    p("content/partners/yonsei/index.ru.md")
                ),
                (
                    p("content/partners/yonsei.uz.md"),
                    p("content/partners/yonsei/index.uz.md")
                ),
            ],
            writes: vec![
                (
                    p("content/partners/yonsei/index.md"),
                    written(Kind::Partner, false, Some("---\ntitle: Old\n---\n"), EN).into()
                ),
                (
                    p("content/partners/yonsei/index.ru.md"),
                    written(Kind::Partner, true, Some(RU), RU).into()
                ),
                (p("content/partners/yonsei/logo.png"), PNG.into()),
            ],
            removes: vec![],
        }]
    );
    let tree: Vec<String> = f.tree().into_keys().collect();
    assert_eq!(
        tree,
        [
            "content/partners/yonsei/index.md",
            "content/partners/yonsei/index.ru.md",
            "content/partners/yonsei/index.uz.md",
            "content/partners/yonsei/logo.png",
            "site.yaml",
        ]
    );
    // Read back through the same virtual paths.
    let (_, v) = f.call(request(
        "getEntry",
        json!({ "branch": "m", "path": "content/partners/yonsei/index.uz.md" }),
    ));
    assert_eq!(v["data"], "---\ntitle: Yonsei uz\n---\n");
}

#[test]
fn a_refused_save_writes_nothing_and_says_why() {
    let f = fixture(&[
        ("content/partners/yonsei.md", "---\ntitle: Old\n---\n"),
        ("content/partners/yonsei.ru.md", RU),
    ]);
    let before = f.tree();
    let opts = json!({ "commitMessage": "m" });
    let bodies = [
        persist(
            json!([{ "slug": "yonsei", "path": "content/partners/yonsei/index.en.md", "raw": EN }]),
            json!([{ "path": "content/partners/yonsei/logo.png", "content": B64_PNG, "encoding": "base64" }]),
        ),
        request(
            "persistMedia",
            json!({ "branch": "m", "asset": { "path": "content/partners/yonsei/a.png", "content": B64_PNG, "encoding": "base64" }, "options": opts }),
        ),
        request(
            "deleteFiles",
            json!({ "branch": "m", "paths": ["content/partners/yonsei/index.en.md", "content/partners/yonsei/index.ru.md"], "options": opts }),
        ),
    ];
    for body in bodies {
        let (status, v, asked) = f.refused(body.clone());
        assert_eq!(
            (status, v, asked),
            (REFUSED_STATUS, json!({ "error": REFUSAL }), 1),
            "{body}"
        );
        assert_eq!(f.tree(), before);
    }
}

#[test]
fn a_new_path_renames_every_file_of_a_bundle() {
    let f = fixture(&[
        ("content/partners/old/index.md", "---\ntitle: Old\n---\n"),
        ("content/partners/old/index.ru.md", RU),
        ("content/partners/old/logo.png", "png"),
        ("content/partners/old/docs/mou.pdf", "pdf"),
    ]);
    let (status, v) = f.call(persist(
        json!([
            { "slug": "new", "path": "content/partners/old/index.en.md", "newPath": "content/partners/new/index.en.md", "raw": EN },
            { "slug": "new", "path": "content/partners/old/index.ru.md", "newPath": "content/partners/new/index.ru.md", "raw": RU },
        ]),
        json!([]),
    ));
    assert_eq!((status, v), (200, json!({ "message": "entry persisted" })));
    let tree: Vec<String> = f.tree().into_keys().collect();
    assert_eq!(
        tree,
        [
            "content/partners/new/docs/mou.pdf",
            "content/partners/new/index.md",
            "content/partners/new/index.ru.md",
            "content/partners/new/logo.png",
            "site.yaml",
        ]
    );
    assert_eq!(
        f.read("content/partners/new/index.md"),
        written(Kind::Partner, false, Some("---\ntitle: Old\n---\n"), EN)
    );
    assert!(!f.site.root.join("content/partners/old").exists());
    // A one-file entry and its translation, renamed.
    let f = fixture(&[("content/visits/a.md", EN), ("content/visits/a.ru.md", RU)]);
    let (status, _) = f.call(persist(
        json!([{ "slug": "b", "path": "content/visits/a/index.en.md", "newPath": "content/visits/b/index.en.md", "raw": EN }]),
        json!([]),
    ));
    assert_eq!(status, 200);
    assert_eq!(
        f.changes(),
        [Change {
            moves: vec![
                (p("content/visits/a.md"), p("content/visits/b.md")),
                (p("content/visits/a.ru.md"), p("content/visits/b.ru.md")),
            ],
            writes: vec![(p("content/visits/b.md"), EN.into())],
            removes: vec![],
        }]
    );
    // Only some files renamed, or into another section: refused.
    for (files, error) in [
        (
            json!([
                { "slug": "b", "path": "content/visits/b/index.en.md", "newPath": "content/visits/c/index.en.md", "raw": EN },
                { "slug": "b", "path": "content/visits/b/index.ru.md", "raw": RU },
            ]),
            "\"params.dataFiles[1].newPath\": every file of a renamed entry must move to the same new name",
        ),
        (
            json!([{ "slug": "b", "path": "content/visits/b/index.en.md", "newPath": "content/partners/b/index.en.md", "raw": EN }]),
            "\"params.dataFiles[0].newPath\": an entry can be renamed within its own folder only",
        ),
    ] {
        assert_eq!(
            f.call(persist(files, json!([]))),
            (422, json!({ "error": error }))
        );
    }
    // Onto an entry that exists: refused.
    let f = fixture(&[
        ("content/partners/a.md", EN),
        ("content/partners/b/index.md", EN),
    ]);
    let (status, v) = f.call(persist(
        json!([{ "slug": "b", "path": "content/partners/a/index.en.md", "newPath": "content/partners/b/index.en.md", "raw": EN }]),
        json!([]),
    ));
    assert_eq!(
        (status, v),
        (
            422,
            json!({ "error": "cannot rename to content/partners/b/index.en.md: content/partners/b/index.md already exists" })
        )
    );
}

#[test]
fn one_save_is_one_entry_and_media_go_in_its_bundle() {
    let f = fixture(&[("content/partners/a.md", EN), ("content/about.md", EN)]);
    let cases = [
        (
            persist(
                json!([
                    { "slug": "a", "path": "content/partners/a/index.en.md", "raw": EN },
                    { "slug": "b", "path": "content/partners/b/index.ru.md", "raw": RU },
                ]),
                json!([]),
            ),
            "\"params.dataFiles[1].path\" names another entry than the first file: one save changes one entry",
        ),
        (
            persist(
                json!([{ "slug": "a", "path": "content/partners/a/index.en.md", "raw": EN }]),
                json!([{ "path": "content/partners/b/logo.png", "content": B64_PNG, "encoding": "base64" }]),
            ),
            "\"params.assets[0].path\": 'content/partners/b/logo.png' is not in the entry's folder content/partners/a/",
        ),
        (
            persist(
                json!([{ "slug": "a", "path": "content/partners/a/index.en.md", "raw": EN }]),
                json!([{ "path": "content/partners/a/index.md", "content": B64_PNG, "encoding": "base64" }]),
            ),
            "\"params.assets[0].path\" must name a media file: 'content/partners/a/index.md' is an entry's text",
        ),
        (
            persist(
                json!([{ "slug": "a", "path": "content/partners/a/index.en.md", "raw": EN }]),
                json!([{ "path": "content/partners/a/run.exe", "content": B64_PNG, "encoding": "base64" }]),
            ),
            "\"params.assets[0].path\": 'run.exe' cannot go beside an entry: only images, PDF, audio, video, CSV and JSON files are published (png, jpg, jpeg, gif, webp, avif, svg, ico, pdf, mp4, webm, mp3, ogg, csv, json)",
        ),
        (
            persist(
                json!([{ "slug": "about", "path": "content/about.en.md", "raw": EN }]),
                json!([{ "path": "content/logo.png", "content": B64_PNG, "encoding": "base64" }]),
            ),
            "\"params.assets[0].path\": pages, intros and the home text have no folder for images; add them to a partner, visit or program",
        ),
        (
            persist(
                json!([{ "slug": "a", "path": "content/partners/a/index.en.md", "raw": EN }]),
                json!([{ "path": "content/partners/a/logo.png", "content": "not base64!", "encoding": "base64" }]),
            ),
            "\"params.assets[0].content\" is not valid base64: Invalid symbol 32, offset 3.",
        ),
    ];
    let before = f.tree();
    for (body, error) in cases {
        assert_eq!(
            f.call(body.clone()),
            (422, json!({ "error": error })),
            "{body}"
        );
    }
    assert_eq!(f.tree(), before);
    assert!(f.changes().is_empty());
}

#[test]
fn persisted_media_go_into_the_bundle() {
    let f = fixture(&[("content/visits/v.md", EN), ("content/visits/v.ru.md", RU)]);
    let opts = json!({ "commitMessage": "m" });
    let (status, v) = f.call(request(
        "persistMedia",
        json!({ "branch": "m", "asset": { "path": "content/visits/v/photo.png", "content": B64_PNG, "encoding": "base64" }, "options": opts }),
    ));
    assert_eq!(status, 200);
    assert_eq!(
        v,
        json!({ "id": sha256(PNG), "content": B64_PNG, "encoding": "base64", "path": "content/visits/v/photo.png", "name": "photo.png" })
    );
    let tree: Vec<String> = f.tree().into_keys().collect();
    assert_eq!(
        tree,
        [
            "content/visits/v/index.md",
            "content/visits/v/index.ru.md",
            "content/visits/v/photo.png",
            "site.yaml"
        ]
    );
    // Beside no entry.
    let (status, v) = f.call(request(
        "persistMedia",
        json!({ "branch": "m", "asset": { "path": "content/visits/none/photo.png", "content": B64_PNG, "encoding": "base64" }, "options": opts }),
    ));
    assert_eq!(
        (status, v),
        (
            422,
            json!({ "error": "\"params.asset.path\": there is no entry visits/none to put 'content/visits/none/photo.png' beside; save the entry first" })
        )
    );
}

#[test]
fn deleting_an_entry_removes_its_files_and_its_bundle() {
    let f = fixture(&[
        ("content/partners/a/index.md", EN),
        ("content/partners/a/index.ru.md", RU),
        ("content/partners/a/logo.png", "png"),
        ("content/partners/b/index.md", EN),
        ("content/partners/b/logo.png", "png"),
        ("content/partners/c.md", EN),
    ]);
    let opts = json!({ "commitMessage": "m" });
    // Decap names every language's file; uz does not exist.
    let paths = json!([
        "content/partners/a/index.en.md",
        "content/partners/a/index.ru.md",
        "content/partners/a/index.uz.md"
    ]);
    let (status, v) = f.call(request(
        "deleteFiles",
        json!({ "branch": "m", "paths": paths, "options": opts }),
    ));
    assert_eq!(
        (status, v),
        (
            200,
            json!({ "message": "deleted files content/partners/a/index.en.md, content/partners/a/index.ru.md, content/partners/a/index.uz.md" })
        )
    );
    assert_eq!(
        f.changes(),
        [Change {
            removes: vec![
                p("content/partners/a/index.md"),
                p("content/partners/a/index.ru.md"),
                p("content/partners/a/logo.png"),
            ],
            ..Change::default()
        }]
    );
    assert!(!f.site.root.join("content/partners/a").exists());
    // One image of a bundle: the rest stays.
    let (status, v) = f.call(request(
        "deleteFile",
        json!({ "branch": "m", "path": "content/partners/b/logo.png", "options": opts }),
    ));
    assert_eq!(
        (status, v),
        (
            200,
            json!({ "message": "deleted file content/partners/b/logo.png" })
        )
    );
    assert!(f.site.root.join("content/partners/b/index.md").exists());
    let (status, _) = f.call(request(
        "deleteFiles",
        json!({ "branch": "m", "paths": ["content/partners/c/index.en.md"], "options": opts }),
    ));
    assert_eq!(status, 200);
    let tree: Vec<String> = f.tree().into_keys().collect();
    assert_eq!(tree, ["content/partners/b/index.md", "site.yaml"]);
}

// ---- apply ------------------------------------------------------------------------------

#[test]
fn apply_undoes_a_change_that_fails_part_way() {
    let f = fixture(&[
        ("content/partners/x.md", "old"),
        ("content/partners/y.md", "y"),
        // A file where the second write needs a folder.
        ("content/partners/blocked", "a file"),
    ]);
    let before = f.tree();
    let change = Change {
        moves: vec![(p("content/partners/x.md"), p("content/partners/x/index.md"))],
        writes: vec![
            (p("content/partners/x/index.md"), b"new".to_vec()),
            (p("content/partners/y.md"), b"new y".to_vec()),
            (p("content/partners/blocked/index.md"), b"z".to_vec()),
        ],
        removes: vec![],
    };
    let e = apply(&f.site.root, &change).unwrap_err();
    let e = e.to_string().replace('\\', "/");
    assert!(
        e.starts_with("cannot write content/partners/blocked/index.md: "),
        "{e}"
    );
    assert!(e.ends_with("; nothing was changed"), "{e}");
    assert_eq!(f.tree(), before);
    assert!(!f.site.root.join("content/partners/x").exists());
}

#[test]
fn apply_moves_writes_and_removes_leaving_no_temporary_file() {
    let f = fixture(&[
        ("content/partners/x.md", "old"),
        ("content/partners/gone.md", "g"),
    ]);
    let change = Change {
        moves: vec![(p("content/partners/x.md"), p("content/partners/x/index.md"))],
        writes: vec![(p("content/partners/x/index.md"), b"new".to_vec())],
        removes: vec![
            p("content/partners/gone.md"),
            p("content/partners/never.md"),
        ],
    };
    apply(&f.site.root, &change).unwrap();
    let tree: Vec<(String, Vec<u8>)> = f.tree().into_iter().collect();
    assert_eq!(
        tree,
        [
            ("content/partners/x/index.md".to_string(), b"new".to_vec()),
            ("site.yaml".to_string(), b"title: T\n".to_vec()),
        ]
    );
    // A move onto a file that exists is refused before anything happens.
    let f = fixture(&[("content/a.md", "a"), ("content/b.md", "b")]);
    let e = apply(
        &f.site.root,
        &Change {
            moves: vec![(p("content/a.md"), p("content/b.md"))],
            ..Change::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        e.to_string().replace('\\', "/"),
        "cannot move content/a.md to content/b.md: the target exists; nothing was changed"
    );
}

// ---- Who may ask --------------------------------------------------------------------------

#[test]
fn only_the_preview_itself_may_post() {
    assert!(same_origin(
        Some("http://localhost:1111"),
        Some("localhost:1111")
    ));
    assert!(same_origin(
        Some("http://127.0.0.1:1111"),
        Some("127.0.0.1:1111")
    ));
    assert!(same_origin(Some("http://[::1]:8080"), Some("[::1]:8080")));
    for (origin, host) in [
        (None, Some("localhost:1111")),
        (Some("null"), Some("localhost:1111")),
        (Some("http://evil.example"), Some("localhost:1111")),
        (Some("http://localhost:2222"), Some("localhost:1111")),
        (Some("https://localhost:1111"), Some("localhost:1111")),
        (Some("http://localhost:1111/"), Some("localhost:1111")),
        (
            Some("http://localhost:1111.evil.example"),
            Some("localhost:1111"),
        ),
        (Some("http://localhost:1111"), None),
        (Some("http://"), Some("")),
    ] {
        assert!(!same_origin(origin, host), "{origin:?} {host:?}");
    }
    for host in [
        "localhost:1111",
        "LOCALHOST",
        "127.0.0.1:80",
        "127.1.2.3:1",
        "[::1]:1111",
        "[::1]",
    ] {
        assert!(loopback_host(Some(host)), "{host}");
    }
    for host in [
        "evil.example:1111",
        "localhost.evil.example",
        "10.0.0.1:1111",
        "[::2]:1",
        "localhost:notaport",
        "",
    ] {
        assert!(!loopback_host(Some(host)), "{host}");
    }
    assert!(!loopback_host(None));
}
