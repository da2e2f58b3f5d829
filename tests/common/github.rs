//! An in-memory fake of the part of GitHub's REST API that Decap CMS's GitHub backend calls
//! when the editorial workflow is off: the user and the repository's permissions, tree
//! listings (`{branch}:{folder}`), blobs, the commits that touched a path, and a save as
//! GitHub's Git data API makes it (blobs, a tree on a base, a commit, a moved branch).
//! A browser test points Decap's `backend.api_root` at [`FakeGitHub::url`] and then reads
//! what was published with [`FakeGitHub::files`] and [`FakeGitHub::commits`].
//!
//! The model is git's, simplified: blobs are keyed by git's own blob SHA-1 (so the ids Decap
//! sees are the ones a real repository would give), trees are whole `path -> blob` maps with
//! made-up ids, commits point to a tree and their parents, and one ref, `heads/main`.

use base64::Engine as _;
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

/// How a commit changed one path, relative to its parent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Added(Vec<u8>),
    Deleted,
    Modified(Vec<u8>),
}

/// A commit of the branch after the first: its message and what it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeCommit {
    pub message: String,
    pub changes: BTreeMap<String, Change>,
}

/// The fake API on a free loopback port, on threads of its own; stopped when dropped.
pub struct FakeGitHub {
    server: Arc<tiny_http::Server>,
    port: u16,
    state: Arc<Mutex<State>>,
}

/// The name of the one branch.
const BRANCH: &str = "main";
/// Requests bodies above this size are refused; a test never sends one.
const MAX_BODY: u64 = 64 << 20;

struct Commit {
    tree: String,
    parents: Vec<String>,
    message: String,
    author: Person,
    committer: Person,
}

#[derive(Clone)]
struct Person {
    name: String,
    email: String,
    date: String,
}

struct State {
    owner: String,
    name: String,
    blobs: HashMap<String, Vec<u8>>,
    trees: HashMap<String, BTreeMap<String, String>>,
    commits: HashMap<String, Commit>,
    head: String,
    log: Vec<String>,
    /// Makes every commit's id distinct, even two with the same tree, parents and message.
    counter: u64,
    base: String,
}

/// An answer: status and JSON body.
type Answer = (u16, serde_json::Value);

fn error(status: u16, message: &str) -> Answer {
    (status, serde_json::json!({ "message": message }))
}

fn not_found() -> Answer {
    error(404, "Not Found")
}

impl FakeGitHub {
    /// Serves repository `owner/name`, branch `main`, whose first commit holds every file
    /// under `root` (paths relative to it, with `/`).
    pub fn start(root: &Path, repo: &str) -> FakeGitHub {
        let (owner, name) = repo.split_once('/').expect("repo is owner/name");
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind"));
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let mut state = State {
            owner: owner.to_string(),
            name: name.to_string(),
            blobs: HashMap::new(),
            trees: HashMap::new(),
            commits: HashMap::new(),
            head: String::new(),
            log: Vec::new(),
            counter: 0,
            base: format!("http://127.0.0.1:{port}"),
        };
        let mut files = BTreeMap::new();
        for (path, bytes) in super::contents(root) {
            files.insert(path, state.add_blob(bytes));
        }
        let tree = state.add_tree(files);
        let first = state.add_commit(tree, Vec::new(), "Initial commit".to_string(), None);
        state.head = first;
        let state = Arc::new(Mutex::new(state));
        let (accepting, shared) = (server.clone(), state.clone());
        std::thread::spawn(move || {
            for request in accepting.incoming_requests() {
                let shared = shared.clone();
                std::thread::spawn(move || handle(request, &shared));
            }
        });
        FakeGitHub {
            server,
            port,
            state,
        }
    }

    /// The API root, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The files of the branch head, by path.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        let state = self.lock();
        state.files_of(&state.head)
    }

    /// The commits of the branch after the first, oldest first, following first parents.
    pub fn commits(&self) -> Vec<FakeCommit> {
        let state = self.lock();
        let mut out = Vec::new();
        let mut at = state.head.clone();
        while let Some(commit) = state.commits.get(&at) {
            let Some(parent) = commit.parents.first() else {
                break;
            };
            let (before, after) = (state.files_of(parent), state.files_of(&at));
            let mut changes = BTreeMap::new();
            for (path, bytes) in &after {
                match before.get(path) {
                    None => {
                        changes.insert(path.clone(), Change::Added(bytes.clone()));
                    }
                    Some(old) if old != bytes => {
                        changes.insert(path.clone(), Change::Modified(bytes.clone()));
                    }
                    Some(_) => {}
                }
            }
            for path in before.keys().filter(|p| !after.contains_key(*p)) {
                changes.insert(path.clone(), Change::Deleted);
            }
            out.push(FakeCommit {
                message: commit.message.clone(),
                changes,
            });
            at = parent.clone();
        }
        out.reverse();
        out
    }

    /// Every request seen, `METHOD path?query`.
    pub fn log(&self) -> Vec<String> {
        self.lock().log.clone()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for FakeGitHub {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

fn header(name: &str, value: &str) -> Option<tiny_http::Header> {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn handle(mut request: tiny_http::Request, state: &Mutex<State>) {
    let method = request.method().as_str().to_ascii_uppercase();
    let url = request.url().to_string();
    let preflight = method == "OPTIONS";
    let authorized = request.headers().iter().any(|h| {
        h.field.equiv("Authorization") && {
            let value = h.value.as_str();
            ["token ", "Bearer "]
                .iter()
                .any(|k| value.strip_prefix(k).is_some_and(|t| !t.trim().is_empty()))
        }
    });
    let mut body = Vec::new();
    let read = request
        .as_reader()
        .take(MAX_BODY + 1)
        .read_to_end(&mut body);
    let answer = {
        let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
        state.log.push(format!("{method} {url}"));
        if preflight {
            None
        } else if !authorized {
            Some(error(401, "Requires authentication"))
        } else if read.is_err() || body.len() as u64 > MAX_BODY {
            Some(error(400, "Problems reading the request body"))
        } else {
            Some(state.answer(&method, &url, &body))
        }
    };
    let mut headers = vec![
        header("Access-Control-Allow-Origin", "*"),
        header("Access-Control-Expose-Headers", "ETag, Link, Location"),
    ];
    let (status, text) = match answer {
        None => {
            headers.extend([
                header(
                    "Access-Control-Allow-Methods",
                    "GET, POST, PATCH, PUT, DELETE, OPTIONS",
                ),
                header(
                    "Access-Control-Allow-Headers",
                    "Authorization, Content-Type, Cache-Control, If-None-Match",
                ),
                header("Access-Control-Max-Age", "600"),
            ]);
            (204, String::new())
        }
        Some((status, json)) => {
            headers.push(header("Content-Type", "application/json; charset=utf-8"));
            (status, json.to_string())
        }
    };
    let len = text.len();
    let response = tiny_http::Response::new(
        tiny_http::StatusCode(status),
        headers.into_iter().flatten().collect(),
        text.as_bytes(),
        Some(len),
        None,
    );
    let _ = request.respond(response);
}

/// `%XX` sequences decoded; `None` when they do not make UTF-8 or are cut short.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A path a tree may hold: segments that are neither empty, `.` nor `..`.
fn valid_path(path: &str) -> bool {
    !path.is_empty()
        && path
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != "..")
}

impl State {
    fn add_blob(&mut self, bytes: Vec<u8>) -> String {
        let mut data = format!("blob {}\0", bytes.len()).into_bytes();
        data.extend_from_slice(&bytes);
        let sha = hex(&sha1(&data));
        self.blobs.insert(sha.clone(), bytes);
        sha
    }

    /// The id of a tree is a hash of its listing, so equal trees share one.
    fn add_tree(&mut self, files: BTreeMap<String, String>) -> String {
        let mut listing = Vec::new();
        for (path, sha) in &files {
            listing.extend_from_slice(format!("{path}\0{sha}\n").as_bytes());
        }
        let sha = hex(&sha1(&[b"tree\n".as_slice(), &listing].concat()));
        self.trees.insert(sha.clone(), files);
        sha
    }

    fn add_commit(
        &mut self,
        tree: String,
        parents: Vec<String>,
        message: String,
        author: Option<Person>,
    ) -> String {
        self.counter += 1;
        let date = now();
        let author = author.unwrap_or(Person {
            name: "Fake Editor".to_string(),
            email: "editor@example.org".to_string(),
            date: date.clone(),
        });
        let committer = Person {
            name: "GitHub".to_string(),
            email: "noreply@github.com".to_string(),
            date,
        };
        let text = format!(
            "commit {}\ntree {tree}\nparents {}\n{message}",
            self.counter,
            parents.join(" ")
        );
        let sha = hex(&sha1(text.as_bytes()));
        self.commits.insert(
            sha.clone(),
            Commit {
                tree,
                parents,
                message,
                author,
                committer,
            },
        );
        sha
    }

    fn files_of(&self, commit: &str) -> BTreeMap<String, Vec<u8>> {
        let Some(tree) = self
            .commits
            .get(commit)
            .and_then(|c| self.trees.get(&c.tree))
        else {
            return BTreeMap::new();
        };
        tree.iter()
            .filter_map(|(path, sha)| Some((path.clone(), self.blobs.get(sha)?.clone())))
            .collect()
    }

    /// The commit a name stands for: the branch, `heads/main`, `refs/heads/main`, or a sha.
    fn commit_of(&self, name: &str) -> Option<String> {
        let name = name.strip_prefix("refs/").unwrap_or(name);
        let name = name.strip_prefix("heads/").unwrap_or(name);
        if name == BRANCH {
            return Some(self.head.clone());
        }
        self.commits.contains_key(name).then(|| name.to_string())
    }

    /// The tree a name stands for: a commit's (see [`State::commit_of`]) or a tree's id.
    fn tree_of(&self, name: &str) -> Option<String> {
        match self.commit_of(name) {
            Some(commit) => self.commits.get(&commit).map(|c| c.tree.clone()),
            None => self.trees.contains_key(name).then(|| name.to_string()),
        }
    }

    fn repo_url(&self) -> String {
        format!("{}/repos/{}/{}", self.base, self.owner, self.name)
    }

    fn answer(&mut self, method: &str, url: &str, body: &[u8]) -> Answer {
        let (path, query) = url.split_once('?').unwrap_or((url, ""));
        let mut params = HashMap::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            match (percent_decode(k), percent_decode(v)) {
                (Some(k), Some(v)) => params.insert(k, v),
                _ => return error(400, "Malformed query"),
            };
        }
        if method == "GET" && path == "/user" {
            return (200, self.user());
        }
        let Some(rest) = path.strip_prefix("/repos/") else {
            return not_found();
        };
        let mut parts = rest.splitn(3, '/');
        let (owner, name) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        if !owner.eq_ignore_ascii_case(&self.owner) || !name.eq_ignore_ascii_case(&self.name) {
            return not_found();
        }
        let Some(rest) = percent_decode(parts.next().unwrap_or("")) else {
            return error(400, "Malformed path");
        };
        let json = || serde_json::from_slice::<serde_json::Value>(body).ok();
        match (method, rest.as_str()) {
            ("GET", "") => (200, self.repository()),
            ("GET", "commits") => self.history(&params),
            ("GET", r) if r.starts_with("branches/") => self.branch(&r["branches/".len()..]),
            ("GET", r) if r.starts_with("git/trees/") => {
                let recursive = params.get("recursive").is_some_and(|v| !v.is_empty());
                self.list_tree(&r["git/trees/".len()..], recursive)
            }
            ("GET", r) if r.starts_with("git/blobs/") => self.blob(&r["git/blobs/".len()..]),
            ("GET", r) if r.starts_with("git/refs/") => self.get_ref(&r["git/refs/".len()..]),
            ("POST", "git/blobs") => match json() {
                Some(j) => self.create_blob(&j),
                None => error(400, "Problems parsing JSON"),
            },
            ("POST", "git/trees") => match json() {
                Some(j) => self.create_tree(&j),
                None => error(400, "Problems parsing JSON"),
            },
            ("POST", "git/commits") => match json() {
                Some(j) => self.create_commit(&j),
                None => error(400, "Problems parsing JSON"),
            },
            ("PATCH", r) if r.starts_with("git/refs/") => match json() {
                Some(j) => self.patch_ref(&r["git/refs/".len()..], &j),
                None => error(400, "Problems parsing JSON"),
            },
            _ => not_found(),
        }
    }

    fn user(&self) -> serde_json::Value {
        serde_json::json!({
            "login": "fake-editor",
            "id": 1,
            "type": "User",
            "name": "Fake Editor",
            "email": "editor@example.org",
            // A data address, so the page never reaches for the network to draw it.
            "avatar_url": "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7",
            "html_url": "https://github.com/fake-editor",
        })
    }

    fn repository(&self) -> serde_json::Value {
        serde_json::json!({
            "id": 1,
            "name": self.name,
            "full_name": format!("{}/{}", self.owner, self.name),
            "owner": { "login": self.owner, "id": 2, "type": "Organization" },
            "private": false,
            "fork": false,
            "default_branch": BRANCH,
            "url": self.repo_url(),
            "permissions": { "admin": true, "maintain": true, "push": true, "triage": true, "pull": true },
        })
    }

    fn commit_json(&self, sha: &str) -> serde_json::Value {
        let repo = self.repo_url();
        let Some(c) = self.commits.get(sha) else {
            return serde_json::Value::Null;
        };
        let person =
            |p: &Person| serde_json::json!({ "name": p.name, "email": p.email, "date": p.date });
        serde_json::json!({
            "sha": sha,
            "node_id": format!("C_{sha}"),
            "url": format!("{repo}/git/commits/{sha}"),
            "author": person(&c.author),
            "committer": person(&c.committer),
            "message": c.message,
            "tree": { "sha": c.tree, "url": format!("{repo}/git/trees/{}", c.tree) },
            "parents": c.parents.iter().map(|p| serde_json::json!({
                "sha": p, "url": format!("{repo}/git/commits/{p}"),
            })).collect::<Vec<_>>(),
        })
    }

    /// The REST form of a commit (`GET /commits`, a branch's `commit`): the git commit inside.
    fn rest_commit_json(&self, sha: &str) -> serde_json::Value {
        let repo = self.repo_url();
        let mut git = self.commit_json(sha);
        let parents = git["parents"].clone();
        if let Some(g) = git.as_object_mut() {
            g.remove("sha");
            g.remove("node_id");
            g.remove("parents");
        }
        serde_json::json!({
            "sha": sha,
            "node_id": format!("C_{sha}"),
            "url": format!("{repo}/commits/{sha}"),
            "commit": git,
            "author": { "login": "fake-editor", "id": 1 },
            "committer": { "login": "web-flow", "id": 3 },
            "parents": parents,
        })
    }

    fn branch(&self, name: &str) -> Answer {
        if name != BRANCH {
            return error(404, "Branch not found");
        }
        (
            200,
            serde_json::json!({
                "name": BRANCH,
                "commit": self.rest_commit_json(&self.head),
                "protected": false,
            }),
        )
    }

    /// Newest first, the commits reachable by first parents from `sha` (the branch by
    /// default) that changed `path` (any, without one).
    fn history(&self, params: &HashMap<String, String>) -> Answer {
        let start = params.get("sha").map_or(BRANCH, String::as_str);
        let Some(mut at) = self.commit_of(start) else {
            return error(404, "No commit found for SHA");
        };
        let path = params.get("path").map(|p| p.trim_matches('/'));
        let blob_at = |commit: &str, path: &str| {
            self.commits
                .get(commit)
                .and_then(|c| self.trees.get(&c.tree))
                .and_then(|t| t.get(path).cloned())
        };
        let mut out = Vec::new();
        while let Some(commit) = self.commits.get(&at) {
            let parent = commit.parents.first();
            let touched = match path {
                None => true,
                Some(p) => blob_at(&at, p) != parent.and_then(|parent| blob_at(parent, p)),
            };
            if touched {
                out.push(self.rest_commit_json(&at));
            }
            match parent {
                Some(p) => at = p.clone(),
                None => break,
            }
        }
        (200, serde_json::Value::Array(out))
    }

    /// `{commit-or-tree}` or `{commit-or-tree}:{folder}`: the folder's entries relative to it,
    /// its direct children unless `recursive`.
    fn list_tree(&mut self, spec: &str, recursive: bool) -> Answer {
        let (name, folder) = spec.split_once(':').unwrap_or((spec, ""));
        let folder = folder.trim_matches('/');
        let Some(tree) = self.tree_of(name) else {
            return not_found();
        };
        let Some(files) = self.trees.get(&tree) else {
            return not_found();
        };
        let prefix = if folder.is_empty() {
            String::new()
        } else {
            format!("{folder}/")
        };
        let inside: BTreeMap<String, String> = files
            .iter()
            .filter_map(|(p, s)| Some((p.strip_prefix(&prefix)?.to_string(), s.clone())))
            .collect();
        if !folder.is_empty() && inside.is_empty() {
            return not_found();
        }
        // Each folder's own listing, so its entry can carry the id that lists it.
        let mut folders: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for (path, sha) in &inside {
            let segments: Vec<&str> = path.split('/').collect();
            for depth in 1..segments.len() {
                let dir = segments[..depth].join("/");
                folders
                    .entry(dir)
                    .or_default()
                    .insert(segments[depth..].join("/"), sha.clone());
            }
        }
        let repo = self.repo_url();
        let mut entries: Vec<(String, serde_json::Value)> = Vec::new();
        for (dir, listing) in folders {
            if !recursive && dir.contains('/') {
                continue;
            }
            let sha = self.add_tree(listing);
            entries.push((
                dir.clone(),
                serde_json::json!({
                    "path": dir, "mode": "040000", "type": "tree", "sha": sha,
                    "url": format!("{repo}/git/trees/{sha}"),
                }),
            ));
        }
        for (path, sha) in &inside {
            if !recursive && path.contains('/') {
                continue;
            }
            let size = self.blobs.get(sha).map_or(0, Vec::len);
            entries.push((
                path.clone(),
                serde_json::json!({
                    "path": path, "mode": "100644", "type": "blob", "sha": sha, "size": size,
                    "url": format!("{repo}/git/blobs/{sha}"),
                }),
            ));
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let sha = if folder.is_empty() {
            tree
        } else {
            self.add_tree(inside)
        };
        (
            200,
            serde_json::json!({
                "sha": sha,
                "url": format!("{repo}/git/trees/{sha}"),
                "tree": entries.into_iter().map(|(_, e)| e).collect::<Vec<_>>(),
                "truncated": false,
            }),
        )
    }

    fn blob(&self, sha: &str) -> Answer {
        let Some(bytes) = self.blobs.get(sha) else {
            return not_found();
        };
        let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
        // GitHub breaks the base64 into lines of 60 characters, each ended by a newline.
        let mut content = String::with_capacity(encoded.len() + encoded.len() / 60 + 1);
        for line in encoded.as_bytes().chunks(60) {
            content.push_str(&String::from_utf8_lossy(line));
            content.push('\n');
        }
        (
            200,
            serde_json::json!({
                "sha": sha,
                "node_id": format!("B_{sha}"),
                "size": bytes.len(),
                "url": format!("{}/git/blobs/{sha}", self.repo_url()),
                "content": content,
                "encoding": "base64",
            }),
        )
    }

    fn create_blob(&mut self, body: &serde_json::Value) -> Answer {
        let Some(content) = body["content"].as_str() else {
            return error(422, "Invalid request: content is missing");
        };
        let bytes = match body["encoding"].as_str().unwrap_or("utf-8") {
            "utf-8" | "utf8" => content.as_bytes().to_vec(),
            "base64" => {
                let compact: String = content.chars().filter(|c| !c.is_whitespace()).collect();
                match base64::engine::general_purpose::STANDARD.decode(compact) {
                    Ok(bytes) => bytes,
                    Err(_) => return error(422, "Invalid request: content is not base64"),
                }
            }
            _ => return error(422, "Invalid request: unknown encoding"),
        };
        let sha = self.add_blob(bytes);
        let url = format!("{}/git/blobs/{sha}", self.repo_url());
        (201, serde_json::json!({ "sha": sha, "url": url }))
    }

    fn create_tree(&mut self, body: &serde_json::Value) -> Answer {
        let mut files = match body.get("base_tree").and_then(|b| b.as_str()) {
            None => BTreeMap::new(),
            Some(base) => match self.tree_of(base).and_then(|t| self.trees.get(&t)) {
                Some(files) => files.clone(),
                None => return error(422, "Invalid request: base_tree is not a valid tree oid"),
            },
        };
        let Some(entries) = body["tree"].as_array() else {
            return error(422, "Invalid request: tree is missing");
        };
        for entry in entries {
            let Some(path) = entry["path"].as_str().filter(|p| valid_path(p)) else {
                return error(422, "Invalid request: a tree entry has no valid path");
            };
            if entry["type"].as_str().unwrap_or("blob") != "blob" {
                return error(422, "Invalid request: only blob entries are supported");
            }
            match (&entry["sha"], entry["content"].as_str()) {
                (serde_json::Value::Null, Some(text)) => {
                    let sha = self.add_blob(text.as_bytes().to_vec());
                    files.insert(path.to_string(), sha);
                }
                (serde_json::Value::Null, None) => {
                    // A null sha removes the path, or everything under it if it is a folder.
                    let below = format!("{path}/");
                    files.retain(|p, _| p != path && !p.starts_with(&below));
                }
                (serde_json::Value::String(sha), _) if self.blobs.contains_key(sha) => {
                    files.insert(path.to_string(), sha.clone());
                }
                _ => {
                    return error(
                        422,
                        &format!("Invalid request: tree.sha of {path} is not a blob"),
                    );
                }
            }
        }
        let sha = self.add_tree(files);
        let (_, listing) = self.list_tree(&sha, true);
        (201, listing)
    }

    fn create_commit(&mut self, body: &serde_json::Value) -> Answer {
        let Some(tree) = body["tree"]
            .as_str()
            .filter(|t| self.trees.contains_key(*t))
        else {
            return error(422, "Invalid request: tree is not a valid tree");
        };
        let Some(message) = body["message"].as_str() else {
            return error(422, "Invalid request: message is missing");
        };
        let mut parents = Vec::new();
        for parent in body["parents"].as_array().into_iter().flatten() {
            match parent.as_str().filter(|p| self.commits.contains_key(*p)) {
                Some(p) => parents.push(p.to_string()),
                None => return error(422, "Invalid request: a parent is not a commit"),
            }
        }
        let author = body["author"].as_object().map(|a| Person {
            name: a
                .get("name")
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string(),
            email: a
                .get("email")
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string(),
            date: a
                .get("date")
                .and_then(|v| v.as_str())
                .map_or_else(now, str::to_string),
        });
        let sha = self.add_commit(tree.to_string(), parents, message.to_string(), author);
        (201, self.commit_json(&sha))
    }

    fn ref_json(&self) -> serde_json::Value {
        let repo = self.repo_url();
        serde_json::json!({
            "ref": format!("refs/heads/{BRANCH}"),
            "node_id": "REF_main",
            "url": format!("{repo}/git/refs/heads/{BRANCH}"),
            "object": {
                "sha": self.head, "type": "commit",
                "url": format!("{repo}/git/commits/{}", self.head),
            },
        })
    }

    fn get_ref(&self, name: &str) -> Answer {
        if name == format!("heads/{BRANCH}") {
            (200, self.ref_json())
        } else {
            not_found()
        }
    }

    /// Moves the branch; without `force`, only forward (the new commit descends from the head).
    fn patch_ref(&mut self, name: &str, body: &serde_json::Value) -> Answer {
        if name != format!("heads/{BRANCH}") {
            return error(422, "Reference does not exist");
        }
        let Some(sha) = body["sha"]
            .as_str()
            .filter(|s| self.commits.contains_key(*s))
        else {
            return error(422, "Object does not exist");
        };
        let force = body["force"].as_bool().unwrap_or(false);
        let mut descends = false;
        let mut queue = vec![sha.to_string()];
        while let Some(at) = queue.pop() {
            if at == self.head {
                descends = true;
                break;
            }
            if let Some(c) = self.commits.get(&at) {
                queue.extend(c.parents.iter().cloned());
            }
        }
        if !descends && !force {
            return error(422, "Update is not a fast forward");
        }
        self.head = sha.to_string();
        (200, self.ref_json())
    }
}

/// Now, as GitHub writes dates: `2025-01-15T10:00:00Z`.
fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = ((secs / 86_400) as i64, secs % 86_400);
    let (year, month, day) = hamkor::site::civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-1 (FIPS 180-4), for git's blob ids.
fn sha1(data: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
    let mut message = data.to_vec();
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&((data.len() as u64).wrapping_mul(8)).to_be_bytes());
    for block in message.chunks_exact(64) {
        let mut w = [0u32; 80];
        for (i, word) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, word) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A827999),
                20..=39 => (b ^ c ^ d, 0x6ED9EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1BBCDC),
                _ => (b ^ c ^ d, 0xCA62C1D6),
            };
            let t = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(*word);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 20];
    for (chunk, word) in out.chunks_exact_mut(4).zip(h) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}
