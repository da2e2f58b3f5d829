//! The editor at `/admin/` in `hamkor serve`: its page, and Decap CMS's script and license
//! notices from inside the binary, gzip-encoded for browsers that accept it.

use crate::common;

use std::io::Read;

use common::TestSite;
use common::server::{Response, Server};

fn version() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/vendor/decap-cms/VERSION"
    ))
    .expect("VERSION")
    .trim()
    .to_string()
}

fn get_with(server: &Server, path: &str, headers: &str) -> Response {
    let req =
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}Connection: close\r\n\r\n");
    server
        .raw(req.as_bytes())
        .unwrap_or_else(|| panic!("no response to {path}"))
}

#[test]
fn the_editor_page_loads_the_script_and_config_beside_it() {
    let site = TestSite::fixture("basic");
    let server = Server::start(site.root(), &[]);
    server.wait_rebuilds(1);
    let r = server.get("/admin/");
    assert_eq!(
        (r.status, r.header("Content-Type")),
        (200, Some("text/html; charset=utf-8"))
    );
    let doc = scraper::Html::parse_document(&r.text());
    assert_eq!(
        common::texts(&doc, "title"),
        ["Fixture cooperation — editor"]
    );
    assert_eq!(common::attrs(&doc, "html", "lang"), ["en"]);
    assert_eq!(
        common::attrs(&doc, "meta[name=viewport]", "content"),
        ["width=device-width, initial-scale=1"]
    );
    // Relative addresses: the same page works under any base path.
    assert_eq!(
        common::attrs(&doc, "link[rel=cms-config-url]", "href"),
        ["config.yml"]
    );
    assert_eq!(
        common::attrs(&doc, "link[rel=cms-config-url]", "type"),
        ["text/yaml"]
    );
    let scripts = common::attrs(&doc, "script", "src");
    assert_eq!(scripts, [format!("decap-cms.js?v={}", version())]);
    assert_eq!(
        common::attrs(&doc, "link[rel=license]", "href"),
        ["decap-cms.js.LICENSE.txt"]
    );
    assert_eq!(common::texts(&doc, "noscript").len(), 1);
    // Nothing from another host.
    for src in scripts.iter().chain(&common::attrs(&doc, "link", "href")) {
        assert!(!src.contains("//"), "{src}");
    }
    assert_eq!(server.get("/admin/index.html").body, r.body);
    let bare = server.get("/admin");
    assert_eq!(
        (bare.status, bare.header("Location")),
        (301, Some("/admin/"))
    );
}

#[test]
fn the_script_is_gzip_encoded_only_when_the_browser_accepts_it() {
    let site = TestSite::fixture("basic");
    let server = Server::start(site.root(), &[]);
    server.wait_rebuilds(1);
    let vendored = common::vendored_decap_script();
    let path = format!("/admin/decap-cms.js?v={}", version());

    let gz = get_with(&server, &path, "Accept-Encoding: gzip, deflate, br\r\n");
    assert_eq!(gz.status, 200);
    assert_eq!(gz.header("Content-Encoding"), Some("gzip"));
    assert_eq!(
        gz.header("Content-Type"),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(gz.header("Vary"), Some("Accept-Encoding"));
    assert_eq!(
        gz.header("Cache-Control"),
        Some("public, max-age=31536000, immutable")
    );
    let mut inflated = Vec::new();
    flate2::read::GzDecoder::new(&gz.body[..])
        .read_to_end(&mut inflated)
        .expect("the body is gzip");
    assert!(
        inflated == vendored,
        "the inflated script differs from vendor/"
    );

    let plain = get_with(&server, &path, "");
    assert_eq!(plain.status, 200);
    assert_eq!(plain.header("Content-Encoding"), None);
    assert_eq!(plain.body.len(), vendored.len());
    assert!(
        plain.body == vendored,
        "the plain script differs from vendor/"
    );
    let refused = get_with(&server, &path, "Accept-Encoding: gzip;q=0, br\r\n");
    assert_eq!(refused.header("Content-Encoding"), None);
    assert_eq!(refused.body.len(), vendored.len());

    // A browser that has it asks again with its ETag and gets no body.
    let etag = gz.header("ETag").expect("ETag");
    let again = get_with(
        &server,
        "/admin/decap-cms.js",
        &format!("Accept-Encoding: gzip\r\nIf-None-Match: {etag}\r\n"),
    );
    assert_eq!((again.status, again.body.len()), (304, 0));
    assert_eq!(
        server.get("/admin/decap-cms.js").header("Cache-Control"),
        Some("no-cache")
    );
}

#[test]
fn the_license_notices_are_served_beside_the_script() {
    let site = TestSite::fixture("basic");
    let server = Server::start(site.root(), &[]);
    server.wait_rebuilds(1);
    // The script's first line names the file, relative to the script.
    let head = String::from_utf8_lossy(&common::vendored_decap_script()[..120]).into_owned();
    assert!(head.contains("see decap-cms.js.LICENSE.txt"), "{head}");
    let r = server.get("/admin/decap-cms.js.LICENSE.txt");
    assert_eq!(
        (r.status, r.header("Content-Type")),
        (200, Some("text/plain; charset=utf-8"))
    );
    let text = r.text();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/vendor/decap-cms/");
    for file in ["LICENSE", "decap-cms.js.LICENSE.txt"] {
        let notice = std::fs::read_to_string(format!("{dir}{file}")).expect(file);
        assert!(text.contains(&notice), "{file} is not in the notices");
    }
    // Other files under /admin/ are the site's, or not found.
    assert_eq!(server.get("/admin/1234.decap-cms.js").status, 404);
}

/// A POST to the editor's API as a browser page at `origin` would send it.
fn api_post(
    server: &Server,
    origin: Option<&str>,
    host: &str,
    body: &str,
) -> common::server::Response {
    let origin = origin
        .map(|o| format!("Origin: {o}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "POST /admin/api/v1 HTTP/1.1\r\nHost: {host}\r\n{origin}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    server.raw(request.as_bytes()).expect("an answer")
}

#[test]
fn the_api_answers_only_the_editor_page_of_this_server() {
    let site = TestSite::fixture("basic");
    let server = Server::start(site.root(), &[]);
    server.wait_rebuilds(1);
    let host = format!("127.0.0.1:{}", server.port);
    let own = format!("http://{host}");
    let list = r#"{"action":"entriesByFolder","params":{"branch":"main","folder":"content/partners","extension":"md","depth":2}}"#;

    let ok = api_post(&server, Some(&own), &host, list);
    assert_eq!(ok.status, 200, "{}", ok.text());
    let entries: serde_json::Value = serde_json::from_slice(&ok.body).expect("JSON");
    let paths: Vec<&str> = entries
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|e| e["file"]["path"].as_str())
        .collect();
    assert!(
        paths.contains(&"content/partners/yonsei-university/index.en.md"),
        "{paths:?}"
    );

    // Another site's page (CSRF), no Origin at all, and a foreign name for this machine
    // (DNS rebinding): refused before anything is read.
    for (origin, host_header) in [
        (Some("http://evil.example"), host.as_str()),
        (None, host.as_str()),
        (Some("http://attacker.example:80"), "attacker.example:80"),
    ] {
        let r = api_post(&server, origin, host_header, list);
        assert_eq!(r.status, 403, "{origin:?} {host_header}: {}", r.text());
        assert!(r.text().contains("error"), "{}", r.text());
    }
    // A path outside content/ is refused by the API itself.
    let outside =
        r#"{"action":"getEntry","params":{"branch":"main","path":"content/../site.yaml"}}"#;
    let r = api_post(&server, Some(&own), &host, outside);
    assert_eq!(r.status, 422, "{}", r.text());
    // A body past the limit is refused from its Content-Length, unread.
    let request = format!(
        "POST /admin/api/v1 HTTP/1.1\r\nHost: {host}\r\nOrigin: {own}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{{}}",
        64 * 1024 * 1024
    );
    let r = server.raw(request.as_bytes()).expect("an answer");
    assert_eq!(r.status, 413, "{}", r.text());
    // Only POST.
    assert_eq!(server.get("/admin/api/v1").status, 405);
}

/// Every action of the editor's API, over HTTP against `hamkor serve`, as Decap CMS sends it
/// (the shapes of decap-server's own tests), with what each does on disk and in the preview.
#[test]
fn every_action_of_the_api_answers_over_http() {
    let site = TestSite::fixture("basic");
    let server = Server::start(site.root(), &[]);
    server.wait_rebuilds(1);
    let host = format!("127.0.0.1:{}", server.port);
    let own = format!("http://{host}");
    let call = |action: &str, params: serde_json::Value| -> (u16, serde_json::Value) {
        let body = serde_json::json!({ "action": action, "params": params }).to_string();
        let r = api_post(&server, Some(&own), &host, &body);
        let value = serde_json::from_slice(&r.body)
            .unwrap_or_else(|_| panic!("{action}: not JSON: {}", r.text()));
        (r.status, value)
    };
    let b = "main";

    let (status, info) = call("info", serde_json::json!({ "branch": b }));
    assert_eq!(status, 200);
    assert_eq!(info["publish_modes"], serde_json::json!(["simple"]));
    assert_eq!(info["type"], "local_fs");

    let yonsei = "content/partners/yonsei-university/index.en.md";
    let (status, listed) = call(
        "entriesByFolder",
        serde_json::json!({ "branch": b, "folder": "content/partners", "extension": "md", "depth": 2 }),
    );
    assert_eq!(status, 200);
    assert!(
        listed
            .as_array()
            .is_some_and(|l| l.iter().any(|e| e["file"]["path"] == yonsei))
    );

    let (status, files) = call(
        "entriesByFiles",
        serde_json::json!({ "branch": b, "files": [{ "path": yonsei }] }),
    );
    assert_eq!(status, 200);
    let text = site.read("content/partners/yonsei-university.md");
    assert_eq!(files[0]["data"], text.as_str());

    let (status, entry) = call(
        "getEntry",
        serde_json::json!({ "branch": b, "path": yonsei }),
    );
    assert_eq!(status, 200);
    assert_eq!(entry["data"], text.as_str());
    assert_eq!(
        entry["file"]["id"].as_str().map(str::len),
        Some(64),
        "a sha256"
    );

    // An edit, saved through the checks and shown by the preview.
    let edited = text.replace(
        "title: Yonsei University",
        "title: Yonsei University Sinchon",
    );
    let (status, saved) = call(
        "persistEntry",
        serde_json::json!({
            "branch": b,
            "dataFiles": [{ "slug": "yonsei-university/index", "path": yonsei, "raw": edited }],
            "assets": [],
            "options": { "commitMessage": "Update", "useWorkflow": false, "status": "draft", "hasSubfolders": true },
        }),
    );
    assert_eq!(
        (status, &saved),
        (200, &serde_json::json!({ "message": "entry persisted" }))
    );
    // Only the edited line changes, and it keeps the file's style (a plain title stays plain).
    assert_eq!(site.read("content/partners/yonsei-university.md"), edited);
    server.wait_for("/partners/yonsei-university/", "Yonsei University Sinchon");

    let bundle = "content/partners/apollo-clinic-agra";
    let (status, media) = call(
        "getMedia",
        serde_json::json!({ "branch": b, "mediaFolder": bundle }),
    );
    assert_eq!(status, 200);
    let names: Vec<&str> = media
        .as_array()
        .map(|m| m.iter().filter_map(|f| f["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(names, ["logo.svg"], "only media, not the entry's Markdown");

    let (status, file) = call(
        "getMediaFile",
        serde_json::json!({ "branch": b, "path": format!("{bundle}/logo.svg") }),
    );
    assert_eq!(status, 200);
    assert_eq!(file["encoding"], "base64");
    assert_eq!(file["path"], format!("{bundle}/logo.svg"));

    let png = common::png(8, 8, |_, _| [200, 30, 30]);
    let encoded = base64_of(&png);
    let (status, uploaded) = call(
        "persistMedia",
        serde_json::json!({
            "branch": b,
            "asset": { "path": format!("{bundle}/photo.png"), "content": encoded, "encoding": "base64" },
            "options": { "commitMessage": "Upload" },
        }),
    );
    assert_eq!(status, 200, "{uploaded}");
    assert_eq!(uploaded["name"], "photo.png");
    assert_eq!(
        std::fs::read(site.root().join(bundle).join("photo.png")).ok(),
        Some(png)
    );

    let (status, _) = call(
        "deleteFile",
        serde_json::json!({ "branch": b, "path": format!("{bundle}/photo.png"), "options": { "commitMessage": "Delete" } }),
    );
    assert_eq!(status, 200);
    assert!(!site.root().join(bundle).join("photo.png").exists());

    // Deleting a partner that visits link is refused by the checks; nothing goes.
    let (status, refused) = call(
        "deleteFiles",
        serde_json::json!({ "branch": b, "paths": [yonsei], "options": { "commitMessage": "Delete" } }),
    );
    assert_eq!(status, 422, "{refused}");
    assert!(
        refused["error"]
            .as_str()
            .is_some_and(|e| e.contains("unknown partner 'yonsei-university'")),
        "{refused}"
    );
    assert!(
        site.root()
            .join("content/partners/yonsei-university.md")
            .is_file()
    );

    let (status, preview) = call(
        "getDeployPreview",
        serde_json::json!({ "branch": b, "collection": "partners", "slug": "yonsei-university/index" }),
    );
    assert_eq!((status, preview), (200, serde_json::Value::Null));
}

/// Standard base64, as a browser's `FileReader` gives it.
fn base64_of(bytes: &[u8]) -> String {
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, &b| (n << 8) | u32::from(b)) << (8 * (3 - chunk.len()));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}
