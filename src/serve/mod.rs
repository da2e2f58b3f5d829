//! `hamkor serve`: the site built in memory, served over HTTP, rebuilt when files change, and
//! every open tab reloaded by itself.
//!
//! The build is the same [`Session`] `build` uses; the server only reads snapshots of its
//! output. A change re-reads the changed files and renders only the pages whose fingerprints
//! changed, then publishes a new snapshot and tells the tabs (Server-Sent Events) which pages
//! it rendered or removed, so that only the tabs showing one of them reload, or just to swap
//! stylesheets when only CSS changed. When the site has errors the last good snapshot stays
//! up and every tab shows the diagnostics in an overlay until a good save.
//!
//! The tabs of one browser share a single event stream (see `livereload.js`): a browser
//! opens only six HTTP/1.1 connections to a host, and a stream per tab would use them up.

// The server is a long-running command whose log is part of its interface.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod admin;
pub mod http;
mod save;
pub mod watch;

use std::collections::VecDeque;
use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use crate::cms;
use crate::render::{Bytes, Output};
use crate::run::{Failure, Options};
use crate::session::{Session, Update};
use http::Refusal;

/// How long the sources must stay unchanged before a rebuild starts: long enough to take an
/// editor's atomic save or a `git checkout` as one change, short enough not to be noticed.
const QUIET: Duration = Duration::from_millis(10);

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site root.
    pub root: PathBuf,
    /// Address to listen on.
    pub bind: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Publish drafts.
    pub drafts: bool,
    /// Open the site in a browser.
    pub open: bool,
}

/// The most pages an event names one by one; past that, nearly every tab's page changed
/// anyway, and every tab is told to reload rather than sent a list of thousands.
const MOST_PAGES: usize = 2000;

/// How many past events are kept for the connections that have not sent them yet.
const KEPT_EVENTS: usize = 64;

/// Where the editor is served.
const ADMIN: &str = "/admin/";

/// What tabs are told.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Event {
    /// These pages (URL paths) were rendered or removed: the tabs showing them reload. `None`:
    /// every tab reloads.
    Reload(Option<Vec<String>>),
    /// Only stylesheets changed: swap them.
    Css,
    /// The site has problems: show them (rendered diagnostics), and whether a last good
    /// version is being served underneath.
    Problems { texts: Vec<String>, last_good: bool },
    /// The problems are gone and no page changed: hide the overlay.
    Clear,
}

impl Event {
    fn sse(&self) -> String {
        match self {
            Event::Reload(Some(pages)) => {
                format!(
                    "event: reload\ndata: {{\"pages\":{}}}\n\n",
                    json_list(pages)
                )
            }
            Event::Reload(None) => "event: reload\ndata: {\"all\":true}\n\n".into(),
            Event::Css => "event: css\ndata: {}\n\n".into(),
            Event::Problems { texts, last_good } => format!(
                "event: problems\ndata: {{\"problems\":{},\"lastGood\":{last_good}}}\n\n",
                json_list(texts)
            ),
            Event::Clear => "event: clear\ndata: {}\n\n".into(),
        }
    }
}

/// The URL path of an output file below `base` (which begins and ends with `/`): a folder's
/// `index.html` is served at the folder's address, which is what a tab shows.
fn url_path(base: &str, file: &str) -> String {
    let path = match file.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => dir,
        _ => file,
    };
    format!("{base}{path}")
}

/// The reload event for an update: every page it rendered or removed.
fn reload_event(base: &str, update: &Update) -> Event {
    let count = update.rendered.len() + update.removed.len();
    if count > MOST_PAGES {
        return Event::Reload(None);
    }
    let mut pages: Vec<String> = update
        .rendered
        .iter()
        .chain(&update.removed)
        .map(|f| url_path(base, f))
        .collect();
    pages.sort();
    pages.dedup();
    Event::Reload(Some(pages))
}

/// What the server serves: the last good output and the current problems.
#[derive(Default)]
struct Snapshot {
    output: Arc<Output>,
    problems: Vec<String>,
    /// Whether `output` is a good build (false until the site first builds).
    built: bool,
    /// The site's title, for the editor's page.
    title: String,
}

/// The events sent so far: the number of the last one, and the last [`KEPT_EVENTS`] of them,
/// so that a connection that was busy writing while several were published sends them all.
struct Events {
    seq: u64,
    recent: VecDeque<(u64, Event)>,
}

/// The site in memory, and whether the tabs were last shown problems. Held by whoever
/// changes the site: the rebuild loop after files changed, or a save from the editor, which
/// is checked against it and published before the loop sees the files it wrote.
struct Live {
    session: Session,
    had_problems: bool,
}

/// State shared by the rebuild loop and the HTTP threads.
struct State {
    root: PathBuf,
    /// The address the server listens on.
    bind: IpAddr,
    live: Mutex<Live>,
    snapshot: Mutex<Arc<Snapshot>>,
    events: Mutex<Events>,
    changed: Condvar,
    threads: AtomicUsize,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Every critical section only swaps a value; a panic elsewhere cannot leave it half-done.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl State {
    fn snapshot(&self) -> Arc<Snapshot> {
        lock(&self.snapshot).clone()
    }

    fn publish(&self, snapshot: Snapshot, event: Option<Event>) {
        *lock(&self.snapshot) = Arc::new(snapshot);
        if let Some(e) = event {
            let mut ev = lock(&self.events);
            ev.seq += 1;
            let seq = ev.seq;
            ev.recent.push_back((seq, e));
            while ev.recent.len() > KEPT_EVENTS {
                ev.recent.pop_front();
            }
            self.changed.notify_all();
        }
    }
}

fn json_list(items: &[String]) -> String {
    let mut out = String::from("[");
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        crate::escape::push_json_str(&mut out, s);
    }
    out.push(']');
    out
}

fn describe(update: &Update) -> String {
    const SHOWN: usize = 50;
    let mut pages = update.rendered.clone();
    pages.sort();
    let list = if pages.len() <= SHOWN {
        pages.join(" ")
    } else {
        format!("{} …", pages[..SHOWN].join(" "))
    };
    format!(
        "rebuilt in {:.1} ms: rendered {} page{}{}{}",
        update.elapsed.as_secs_f64() * 1000.0,
        pages.len(),
        if pages.len() == 1 { "" } else { "s" },
        if pages.is_empty() { "" } else { ": " },
        list
    )
}

/// Publishes the outcome of a build: a new snapshot and the event for the tabs.
fn publish(
    state: &State,
    session: &Session,
    result: Result<Update, Failure>,
    had_problems: bool,
) -> bool {
    let output = session.last().map(|b| b.output.clone()).unwrap_or_default();
    let built = session.last().is_some();
    let title = site_title(session);
    match result {
        Ok(update) => {
            println!("{}", describe(&update));
            let _ = std::io::stdout().flush();
            let base = session.config().map_or("/", |c| c.base_url.path.as_str());
            // Warnings go to the log and to the overlay like errors; their text says which.
            let warnings = session.last().map(|b| b.warnings.as_slice()).unwrap_or(&[]);
            let _ = write!(
                std::io::stderr().lock(),
                "{}",
                crate::report::warnings(crate::report::Format::Human, warnings)
            );
            let texts: Vec<String> = warnings.iter().map(|d| d.render()).collect();
            let event = if !update.rendered.is_empty() || !update.removed.is_empty() {
                Some(reload_event(base, &update))
            } else if update.static_only {
                Some(Event::Css)
            } else if !texts.is_empty() {
                Some(Event::Problems {
                    texts: texts.clone(),
                    last_good: true,
                })
            } else if had_problems {
                Some(Event::Clear)
            } else {
                None
            };
            let has_warnings = !texts.is_empty();
            state.publish(
                Snapshot {
                    output,
                    problems: texts,
                    built,
                    title,
                },
                event,
            );
            // After the tabs are told: the cache only spares the next run some encoding.
            session.store_thumbnails();
            has_warnings
        }
        Err(failure) => {
            let texts: Vec<String> = match &failure {
                Failure::Content(ds) => ds.iter().map(|d| d.render()).collect(),
                Failure::Environment(m) => vec![format!("error: {m}\n")],
            };
            let mut err = std::io::stderr().lock();
            for t in &texts {
                let _ = write!(err, "{t}");
            }
            if let Failure::Content(ds) = &failure {
                let n = ds.len();
                // Before the first good build there is nothing to fall back on: every page
                // answers 503 until a save fixes the site.
                let serving = if built {
                    "still serving the last good version"
                } else {
                    "there is no last good version yet: pages answer 503 until the site builds"
                };
                let _ = writeln!(
                    err,
                    "error: {n} problem{} found; {serving}",
                    if n == 1 { "" } else { "s" }
                );
            }
            let event = Event::Problems {
                texts: texts.clone(),
                last_good: built,
            };
            state.publish(
                Snapshot {
                    output,
                    problems: texts,
                    built,
                    title,
                },
                Some(event),
            );
            true
        }
    }
}

fn site_title(session: &Session) -> String {
    session
        .config()
        .map(|c| c.title_in(&c.default_language).to_string())
        .unwrap_or_default()
}

/// Runs the preview server until the process is stopped.
pub fn serve(opts: &ServeOptions) -> Result<(), Failure> {
    let listen_error = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            Failure::Environment(format!(
                "port {} on {} is already in use: stop the other server or choose another port with --port (--port 0 picks a free one)",
                opts.port, opts.bind
            ))
        } else {
            Failure::Environment(format!("cannot listen on {}:{}: {e}", opts.bind, opts.port))
        }
    };
    let listener = std::net::TcpListener::bind((opts.bind, opts.port)).map_err(listen_error)?;
    // The server writes a response's headers and body separately; without TCP_NODELAY the
    // last small packet waits for the browser's delayed acknowledgement (40 ms on Linux) on
    // every request after a connection's first. Accepted connections inherit the option.
    let _ = rustix::net::sockopt::set_tcp_nodelay(&listener, true);
    let server = tiny_http::Server::from_listener(listener, None).map_err(|e| {
        Failure::Environment(format!("cannot listen on {}:{}: {e}", opts.bind, opts.port))
    })?;
    let port = server.server_addr().to_ip().map_or(opts.port, |a| a.port());
    let host = if opts.bind.is_unspecified() {
        "127.0.0.1".to_string()
    } else if opts.bind.is_ipv6() {
        format!("[{}]", opts.bind)
    } else {
        opts.bind.to_string()
    };
    let base_url = format!("http://{host}:{port}/");

    // Not `canonicalize`: on Windows it gives `\\?\C:\...`, which editors should never see.
    let root = dunce::canonicalize(&opts.root)
        .map_err(|e| Failure::Environment(format!("cannot open {}: {e}", opts.root.display())))?;
    let build_opts = Options {
        root: root.clone(),
        base_url: Some(base_url.clone()),
        drafts: opts.drafts,
        deny_warnings: false,
    };
    // Watching starts before the files are read, so that no edit falls between the two.
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = watch::SiteWatcher::start(&root, tx)
        .map_err(|e| Failure::Environment(format!("cannot watch {}: {e}", root.display())))?;

    let mut session = Session::open(&build_opts);
    session.defer_whole_site_files(true);
    let state = Arc::new(State {
        root: root.clone(),
        bind: opts.bind,
        live: Mutex::new(Live {
            session,
            had_problems: false,
        }),
        snapshot: Mutex::new(Arc::new(Snapshot::default())),
        events: Mutex::new(Events {
            seq: 0,
            recent: VecDeque::new(),
        }),
        changed: Condvar::new(),
        threads: AtomicUsize::new(0),
    });

    {
        let mut live = lock(&state.live);
        let result = live.session.build();
        live.had_problems = publish(&state, &live.session, result, false);
    }

    let server = Arc::new(server);
    for _ in 0..4 {
        let server = server.clone();
        let state = state.clone();
        std::thread::spawn(move || accept(&server, &state));
    }
    println!(
        "serving {} at {base_url} (press Ctrl+C to stop)",
        root.display()
    );
    let _ = std::io::stdout().flush();
    if opts.open {
        open_browser(&base_url);
    }

    while let Some(paths) = watch::next_batch(&rx, QUIET, Duration::from_secs(1)) {
        if paths.iter().any(|p| p.components().count() == 1) {
            watcher.watch_folders();
        }
        let mut live = lock(&state.live);
        let Live {
            session,
            had_problems,
        } = &mut *live;
        let result = session.update(&paths);
        let deferred = result.as_ref().is_ok_and(|u| u.deferred);
        *had_problems = publish(&state, session, result, *had_problems);
        // The pages are out; now the files built from the whole site, published quietly.
        if deferred && session.catch_up().is_ok() {
            let output = session.last().map(|b| b.output.clone()).unwrap_or_default();
            let problems = session
                .last()
                .map(|b| b.warnings.iter().map(|d| d.render()).collect())
                .unwrap_or_default();
            // No tab shows a whole-site file (the search index) with the reload script in it,
            // so none is told; the next request gets the new version.
            state.publish(
                Snapshot {
                    output,
                    problems,
                    built: true,
                    title: site_title(session),
                },
                None,
            );
        }
    }
    Ok(())
}

fn open_browser(url: &str) {
    let mut opener = if cfg!(windows) {
        // `start` is built into the command interpreter; its first quoted argument is a
        // window title. The address holds no character that `cmd` would interpret.
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    if opener.arg(url).spawn().is_err() {
        eprintln!("note: could not open a browser; visit {url}");
    }
}

/// Takes requests and answers each on a thread of its own, so a slow client never holds up
/// others; past a limit of busy threads, requests get 503.
fn accept(server: &tiny_http::Server, state: &Arc<State>) {
    const MAX_THREADS: usize = 512;
    for request in server.incoming_requests() {
        if state.threads.fetch_add(1, Ordering::SeqCst) >= MAX_THREADS {
            state.threads.fetch_sub(1, Ordering::SeqCst);
            let _ = request.respond(tiny_http::Response::empty(503));
            continue;
        }
        let for_thread = state.clone();
        let spawned = std::thread::Builder::new().spawn(move || {
            handle(request, &for_thread);
            for_thread.threads.fetch_sub(1, Ordering::SeqCst);
        });
        if spawned.is_err() {
            // The request went with the failed closure; the client sees the connection close.
            state.threads.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

fn header(name: &str, value: &str) -> Option<tiny_http::Header> {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn respond(request: tiny_http::Request, status: u16, content_type: &str, body: &[u8]) {
    let head = request.method() == &tiny_http::Method::Head;
    let response = tiny_http::Response::new(
        tiny_http::StatusCode(status),
        [
            header("Content-Type", content_type),
            header("Cache-Control", "no-store"),
        ]
        .into_iter()
        .flatten()
        .collect(),
        if head { &[][..] } else { body },
        Some(body.len()),
        None,
    );
    let _ = request.respond(response);
}

fn status_page(status: u16, text: &str) -> Vec<u8> {
    http::inject_status(
        format!("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{status}</title></head><body><p>{text}</p></body></html>")
            .as_bytes(),
        status,
    )
}

fn handle(request: tiny_http::Request, state: &State) {
    let url = request.url().to_string();
    if url.len() > http::MAX_URL {
        return respond(request, 414, "text/plain; charset=utf-8", b"URI too long\n");
    }
    let header_bytes: usize = request
        .headers()
        .iter()
        .map(|h| h.field.as_str().as_str().len() + h.value.as_str().len() + 4)
        .sum();
    if header_bytes > http::MAX_HEADERS {
        return respond(
            request,
            431,
            "text/plain; charset=utf-8",
            b"Request header fields too large\n",
        );
    }
    // The editor's configuration and API, before the GET-only rule of the site's pages.
    let Some(request) = admin::handle(request, state, url.split(['?', '#']).next().unwrap_or(""))
    else {
        return;
    };
    if !matches!(
        request.method(),
        tiny_http::Method::Get | tiny_http::Method::Head
    ) {
        return respond(
            request,
            405,
            "text/plain; charset=utf-8",
            b"Method not allowed\n",
        );
    }
    let path = url.split(['?', '#']).next().unwrap_or("");
    if path == http::EVENTS_PATH {
        // Where a stream takes up: a browser reconnecting says which event it saw last
        // (`Last-Event-ID`), and so does a tab that takes over the stream from a tab that
        // closed (`?after=`), so that an event sent between the two streams is not lost.
        let after = url
            .split_once('?')
            .and_then(|(_, q)| q.split('&').find_map(|kv| kv.strip_prefix("after=")))
            .map(str::to_string)
            .or_else(|| {
                request
                    .headers()
                    .iter()
                    .find(|h| h.field.equiv("Last-Event-ID"))
                    .map(|h| h.value.as_str().to_string())
            })
            .and_then(|v| v.trim().parse::<u64>().ok());
        return events(request, state, after);
    }
    if path == http::SCRIPT_PATH || path == http::WORKER_PATH {
        return respond(
            request,
            200,
            "text/javascript; charset=utf-8",
            http::SCRIPT.as_bytes(),
        );
    }
    let snapshot = state.snapshot();
    // The editor, at `/admin/` (the preview's base path is always `/`).
    if path == ADMIN.trim_end_matches('/') {
        return redirect(request, ADMIN);
    }
    if let Some(file) = path.strip_prefix(ADMIN) {
        let query = url.split_once('?').map_or("", |(_, q)| q);
        let query = query.split('#').next().unwrap_or("");
        let header = |name: &'static str| {
            request
                .headers()
                .iter()
                .find(|h| h.field.equiv(name))
                .map(|h| h.value.as_str())
        };
        let asked = cms::assets::Request {
            query,
            accept_encoding: header("Accept-Encoding"),
            if_none_match: header("If-None-Match"),
        };
        match cms::assets::answer(file, &asked, "/", &snapshot.title) {
            Some(Ok(answer)) => return respond_answer(request, answer),
            Some(Err(e)) => {
                return respond(request, 500, "text/plain; charset=utf-8", e.as_bytes());
            }
            // `config.yml` and the API come here, before the site's own files.
            None => {}
        }
    }
    let rel = match http::resolve(&url) {
        Ok(r) => r,
        Err(Refusal::BadRequest) => {
            return respond(
                request,
                400,
                "text/html; charset=utf-8",
                &status_page(400, "Bad request"),
            );
        }
        Err(Refusal::Outside) => return not_found(request, &snapshot),
    };
    if snapshot.output.files.is_empty() {
        let page = status_page(
            503,
            "The site has problems and has not been built yet, so there is no last good version to show; they are listed in the terminal, and this page loads once they are fixed.",
        );
        return respond(request, 503, "text/html; charset=utf-8", &page);
    }
    let key = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.clone()
    };
    match snapshot.output.files.get(&key) {
        Some(bytes) => serve_file(request, state, &key, bytes, 200),
        None if !rel.is_empty()
            && !rel.ends_with('/')
            && snapshot
                .output
                .files
                .contains_key(&format!("{rel}/index.html")) =>
        {
            redirect(request, &format!("{}/", path));
        }
        None => not_found(request, &snapshot),
    }
}

fn redirect(request: tiny_http::Request, location: &str) {
    let mut response = tiny_http::Response::empty(301);
    if let Some(h) = header("Location", location) {
        response.add_header(h);
    }
    let _ = request.respond(response);
}

/// Sends one of the editor's files with the headers its answer gives.
fn respond_answer(request: tiny_http::Request, answer: cms::assets::Answer) {
    let head = request.method() == &tiny_http::Method::Head || answer.status == 304;
    let headers = std::iter::once(header("Content-Type", answer.content_type))
        .chain(answer.headers.iter().map(|(k, v)| header(k, v)))
        .flatten()
        .collect();
    let response = tiny_http::Response::new(
        tiny_http::StatusCode(answer.status),
        headers,
        if head { &[][..] } else { &answer.body[..] },
        Some(if answer.status == 304 {
            0
        } else {
            answer.body.len()
        }),
        None,
    )
    // The length is known: sent as Content-Length rather than in chunks, as tiny_http does
    // past 32 KB.
    .with_chunked_threshold(usize::MAX);
    let _ = request.respond(response);
}

fn not_found(request: tiny_http::Request, snapshot: &Snapshot) {
    match snapshot
        .output
        .files
        .get("404.html")
        .and_then(|b| b.read().ok())
    {
        Some(bytes) => respond(
            request,
            404,
            "text/html; charset=utf-8",
            &http::inject_status(&bytes, 404),
        ),
        None => respond(
            request,
            404,
            "text/html; charset=utf-8",
            &status_page(404, "Not found"),
        ),
    }
}

/// Whether `path` (a source file behind a static file or asset) really is inside the site, even
/// after following symbolic links.
fn inside(root: &Path, path: &Path) -> bool {
    dunce::canonicalize(path).is_ok_and(|p| p.starts_with(root))
}

fn serve_file(request: tiny_http::Request, state: &State, key: &str, bytes: &Bytes, status: u16) {
    if let Bytes::File(p) = bytes
        && !inside(&state.root, p)
    {
        return respond(request, 404, "text/plain; charset=utf-8", b"Not found\n");
    }
    let Ok(data) = bytes.read() else {
        return respond(request, 404, "text/plain; charset=utf-8", b"Not found\n");
    };
    let content_type = http::content_type(key);
    if content_type.starts_with("text/html") {
        respond(
            request,
            status,
            content_type,
            &http::inject_status(&data, status),
        );
    } else {
        respond(request, status, content_type, &data);
    }
}

/// Streams events to one browser (all its tabs share the stream) until it goes away, starting
/// after event number `after` when it is given and still known (or with a reload of every tab
/// when events after it are no longer kept), else with the next event.
fn events(request: tiny_http::Request, state: &State, after: Option<u64>) {
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|_| writer.flush())
        .is_err()
    {
        return;
    }
    // A browser that connects while the site has problems sees them at once.
    let snapshot = state.snapshot();
    let mut seen = {
        let current = lock(&state.events).seq;
        after.filter(|&n| n <= current).unwrap_or(current)
    };
    if !snapshot.problems.is_empty() {
        let event = Event::Problems {
            texts: snapshot.problems.clone(),
            last_good: snapshot.built,
        };
        if writer
            .write_all(event.sse().as_bytes())
            .and_then(|_| writer.flush())
            .is_err()
        {
            return;
        }
    }
    drop(snapshot);
    loop {
        let pending = {
            let guard = lock(&state.events);
            let (guard, _) = state
                .changed
                .wait_timeout_while(guard, Duration::from_secs(15), |e| e.seq == seen)
                .unwrap_or_else(|e| e.into_inner());
            let missed = guard
                .recent
                .front()
                .is_some_and(|(first, _)| *first > seen + 1);
            let pending: Vec<(u64, Event)> = if missed {
                // Events this connection never sent are gone: whichever pages they named,
                // every tab is told to reload.
                vec![(guard.seq, Event::Reload(None))]
            } else {
                guard
                    .recent
                    .iter()
                    .filter(|(n, _)| *n > seen)
                    .cloned()
                    .collect()
            };
            seen = guard.seq;
            pending
        };
        let text = if pending.is_empty() {
            ": keep-alive\n\n".to_string()
        } else {
            // Each event carries its number, which the browser sends back if it reconnects.
            pending
                .iter()
                .map(|(n, e)| format!("id: {n}\n{}", e.sse()))
                .collect()
        };
        if writer
            .write_all(text.as_bytes())
            .and_then(|_| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_named_by_the_address_a_tab_shows() {
        assert_eq!(url_path("/", "index.html"), "/");
        assert_eq!(url_path("/", "partners/x/index.html"), "/partners/x/");
        assert_eq!(url_path("/coop/", "ru/index.html"), "/coop/ru/");
        assert_eq!(url_path("/", "404.html"), "/404.html");
        assert_eq!(url_path("/", "search.json"), "/search.json");
        assert_eq!(url_path("/", "notindex.html"), "/notindex.html");
    }

    #[test]
    fn a_reload_names_rendered_and_removed_pages() {
        let update = Update {
            rendered: vec!["partners/index.html".into(), "index.html".into()],
            removed: vec!["visits/gone/index.html".into()],
            ..Update::default()
        };
        assert_eq!(
            reload_event("/", &update).sse(),
            "event: reload\ndata: {\"pages\":[\"/\",\"/partners/\",\"/visits/gone/\"]}\n\n"
        );
        let many = Update {
            rendered: (0..=MOST_PAGES)
                .map(|i| format!("p{i}/index.html"))
                .collect(),
            ..Update::default()
        };
        assert_eq!(reload_event("/", &many), Event::Reload(None));
    }
}
