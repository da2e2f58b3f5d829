//! The fake GitHub API that the Decap CMS browser tests save through (tests/common/github.rs):
//! driven here over plain HTTP the way Decap's GitHub backend drives it, so that a failing
//! browser test can be told apart from a fake that answers wrongly.

use crate::common::github::{Change, FakeCommit, FakeGitHub};
use base64::Engine as _;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

const REPO: &str = "/repos/institute/site";
const A: &str = "---\ntitle: A\n---\n";

/// One request on a connection of its own; `None` sends no `Authorization`.
fn call(
    fake: &FakeGitHub,
    method: &str,
    path: &str,
    body: Option<&Value>,
    token: Option<&str>,
) -> (u16, String, Value) {
    let port = fake.url().rsplit(':').next().unwrap_or("").to_string();
    let mut stream = TcpStream::connect(format!("127.0.0.1:{port}")).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let body = body.map(Value::to_string).unwrap_or_default();
    let auth = token.map_or(String::new(), |t| format!("Authorization: {t}\r\n"));
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{auth}\
         Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("send");
    let mut data = Vec::new();
    let _ = stream.read_to_end(&mut data);
    let text = String::from_utf8_lossy(&data).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head:?}"));
    let json = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(body).unwrap_or_else(|e| panic!("{method} {path}: {e}: {body:?}"))
    };
    (status, head.to_string(), json)
}

fn get(fake: &FakeGitHub, path: &str) -> Value {
    let (status, _, json) = call(fake, "GET", path, None, Some("token secret"));
    assert_eq!(status, 200, "GET {path}: {json}; log: {:?}", fake.log());
    json
}

fn send(fake: &FakeGitHub, method: &str, path: &str, body: Value) -> (u16, Value) {
    let (status, _, json) = call(fake, method, path, Some(&body), Some("Bearer secret"));
    (status, json)
}

/// `(path, type)` of each entry of a tree listing.
fn entries(listing: &Value) -> Vec<(String, String)> {
    listing["tree"]
        .as_array()
        .expect("tree")
        .iter()
        .map(|e| {
            let field = |k: &str| e[k].as_str().unwrap_or("").to_string();
            (field("path"), field("type"))
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn start() -> (tempfile::TempDir, FakeGitHub) {
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |rel: &str, text: &str| {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write("content/partners/a.md", A);
    write("content/partners/a.ru.md", "---\ntitle: А\n---\n");
    write("content/partners/b/index.md", "b body\n");
    let fake = FakeGitHub::start(dir.path(), "institute/site");
    (dir, fake)
}

#[test]
fn github_fake_lists_trees_and_reads_blobs_as_decap_asks() {
    let (_dir, fake) = start();
    // listFiles asks for `{branch}:{folder}` with the slashes as they are, getFileSha with
    // the folder URL-encoded; both name the same folder.
    let direct = pairs(&[("a.md", "blob"), ("a.ru.md", "blob"), ("b", "tree")]);
    let listing = get(&fake, &format!("{REPO}/git/trees/main:content/partners"));
    assert_eq!(entries(&listing), direct);
    let encoded = get(&fake, &format!("{REPO}/git/trees/main:content%2Fpartners"));
    assert_eq!(entries(&encoded), direct);
    let recursive = get(
        &fake,
        &format!("{REPO}/git/trees/main:content/partners?recursive=1"),
    );
    assert_eq!(
        entries(&recursive),
        pairs(&[
            ("a.md", "blob"),
            ("a.ru.md", "blob"),
            ("b", "tree"),
            ("b/index.md", "blob"),
        ])
    );
    // A folder's entry carries the id that lists it.
    let b = listing["tree"][2]["sha"].as_str().expect("sha of b");
    let inside = get(&fake, &format!("{REPO}/git/trees/{b}"));
    assert_eq!(entries(&inside), pairs(&[("index.md", "blob")]));

    // Blob ids are git's own (`git hash-object`), sizes are the bytes'.
    let a = &listing["tree"][0];
    assert_eq!(a["sha"], "ccb556f1c0ef0234bb8b28ec2079b734836eb2cd");
    assert_eq!(a["size"], A.len());
    assert_eq!(
        inside["tree"][0]["sha"],
        "61334e44a3a4c7368aa5382b326e00939d119680"
    );
    let blob = get(
        &fake,
        &format!("{REPO}/git/blobs/{}", a["sha"].as_str().expect("sha")),
    );
    assert_eq!(blob["encoding"], "base64");
    let content: String = blob["content"]
        .as_str()
        .expect("content")
        .split('\n')
        .collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(content)
        .expect("base64");
    assert_eq!(String::from_utf8(bytes).expect("utf-8"), A);

    // A folder that is not there is a 404, which listFiles takes for an empty folder.
    let (status, _, json) = call(
        &fake,
        "GET",
        &format!("{REPO}/git/trees/main:content/visits"),
        None,
        Some("token secret"),
    );
    assert_eq!((status, json), (404, json!({"message": "Not Found"})));

    // The login: the user, then the repository's permissions.
    assert_eq!(get(&fake, "/user")["login"], "fake-editor");
    assert_eq!(get(&fake, REPO)["permissions"]["push"], true);
    assert_eq!(
        get(&fake, &format!("{REPO}/git/refs/heads/main"))["object"]["sha"],
        get(&fake, &format!("{REPO}/branches/main"))["commit"]["sha"]
    );
}

#[test]
fn github_fake_publishes_a_save_made_as_decap_makes_it() {
    let (_dir, fake) = start();
    let base64 = |text: &str| base64::engine::general_purpose::STANDARD.encode(text);
    // persistFiles: upload every file as a blob, then build a tree on the branch's commit.
    let (status, added) = send(
        &fake,
        "POST",
        &format!("{REPO}/git/blobs"),
        json!({"content": base64("---\ntitle: C\n---\n"), "encoding": "base64"}),
    );
    assert_eq!(status, 201, "{added}");
    let (_, changed) = send(
        &fake,
        "POST",
        &format!("{REPO}/git/blobs"),
        json!({"content": base64("---\ntitle: A2\n---\n"), "encoding": "base64"}),
    );
    let branch = get(&fake, &format!("{REPO}/branches/main"));
    let parent = branch["commit"]["sha"]
        .as_str()
        .expect("commit sha")
        .to_string();
    let (status, tree) = send(
        &fake,
        "POST",
        &format!("{REPO}/git/trees"),
        json!({"base_tree": parent, "tree": [
            {"path": "content/partners/c.md", "mode": "100644", "type": "blob", "sha": added["sha"]},
            {"path": "content/partners/a.md", "mode": "100644", "type": "blob", "sha": changed["sha"]},
            {"path": "content/partners/a.ru.md", "mode": "100644", "type": "blob", "sha": null},
        ]}),
    );
    assert_eq!(status, 201, "{tree}");
    let (status, commit) = send(
        &fake,
        "POST",
        &format!("{REPO}/git/commits"),
        json!({"message": "Update Partners “a”", "tree": tree["sha"], "parents": [parent]}),
    );
    assert_eq!(status, 201, "{commit}");
    assert_eq!(commit["tree"]["sha"], tree["sha"]);
    let sha = commit["sha"].as_str().expect("commit sha").to_string();
    // Until the branch moves, nothing is published.
    assert!(fake.commits().is_empty());
    let (status, moved) = send(
        &fake,
        "PATCH",
        &format!("{REPO}/git/refs/heads/main"),
        json!({"sha": sha, "force": false}),
    );
    assert_eq!((status, &moved["object"]["sha"]), (200, &json!(sha)));

    let files: BTreeMap<String, String> = fake
        .files()
        .into_iter()
        .map(|(p, b)| (p, String::from_utf8(b).expect("utf-8")))
        .collect();
    let expected: BTreeMap<String, String> = [
        ("content/partners/a.md", "---\ntitle: A2\n---\n"),
        ("content/partners/b/index.md", "b body\n"),
        ("content/partners/c.md", "---\ntitle: C\n---\n"),
    ]
    .into_iter()
    .map(|(p, t)| (p.to_string(), t.to_string()))
    .collect();
    assert_eq!(files, expected);
    assert_eq!(
        fake.commits(),
        vec![FakeCommit {
            message: "Update Partners “a”".to_string(),
            changes: [
                (
                    "content/partners/a.md".to_string(),
                    Change::Modified(b"---\ntitle: A2\n---\n".to_vec())
                ),
                ("content/partners/a.ru.md".to_string(), Change::Deleted),
                (
                    "content/partners/c.md".to_string(),
                    Change::Added(b"---\ntitle: C\n---\n".to_vec())
                ),
            ]
            .into_iter()
            .collect(),
        }]
    );

    // readFileMetadata: the newest commit that touched the path comes first.
    let messages = |path: &str| -> Vec<String> {
        let list = get(&fake, &format!("{REPO}/commits?path={path}&sha=main"));
        list.as_array()
            .expect("list")
            .iter()
            .map(|c| c["commit"]["message"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(
        messages("content%2Fpartners%2Fa.md"),
        ["Update Partners “a”", "Initial commit"]
    );
    assert_eq!(
        messages("content%2Fpartners%2Fb%2Findex.md"),
        ["Initial commit"]
    );
    assert!(messages("content%2Fpartners%2Fz.md").is_empty());
    let newest = get(
        &fake,
        &format!("{REPO}/commits?path=content%2Fpartners%2Fc.md&sha=main"),
    );
    assert_eq!(newest[0]["commit"]["author"]["name"], "Fake Editor");

    // Moving the branch back is not a fast forward, and is refused without force.
    let (status, json) = send(
        &fake,
        "PATCH",
        &format!("{REPO}/git/refs/heads/main"),
        json!({"sha": parent, "force": false}),
    );
    assert_eq!(status, 422, "{json}");
    assert_eq!(fake.commits().len(), 1);
}

#[test]
fn github_fake_answers_preflights_and_wants_a_token() {
    let (_dir, fake) = start();
    let (status, head, _) = call(&fake, "OPTIONS", "/user", None, None);
    assert_eq!(status, 204);
    for line in [
        "Access-Control-Allow-Origin: *",
        "Access-Control-Allow-Methods: GET, POST, PATCH, PUT, DELETE, OPTIONS",
        "Access-Control-Allow-Headers: Authorization, Content-Type, Cache-Control, If-None-Match",
    ] {
        assert!(head.lines().any(|l| l == line), "{line} missing in {head}");
    }
    let (status, head, json) = call(&fake, "GET", "/user", None, None);
    assert_eq!(status, 401, "{json}");
    assert!(
        head.lines().any(|l| l == "Access-Control-Allow-Origin: *"),
        "{head}"
    );
    let (status, _, _) = call(&fake, "GET", "/user", None, Some("token "));
    assert_eq!(status, 401);
    let (status, _, json) = call(&fake, "GET", "/repos/other/site", None, Some("token x"));
    assert_eq!((status, json), (404, json!({"message": "Not Found"})));
    let (status, _, _) = call(
        &fake,
        "POST",
        &format!("{REPO}/git/trees"),
        None,
        Some("token x"),
    );
    assert_eq!(status, 400);
    assert_eq!(
        fake.log(),
        [
            "OPTIONS /user",
            "GET /user",
            "GET /user",
            "GET /repos/other/site",
            "POST /repos/institute/site/git/trees",
        ]
    );
}
