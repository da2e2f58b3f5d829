//! `hamkor serve` on a free port: updates after edits of every kind, one rebuild per burst,
//! only affected pages rendered, safe paths, limits, content types, errors shown and cleared.

use crate::common;

use std::io::Write;
use std::time::{Duration, Instant};

use common::TestSite;
use common::server::Server;

fn serve(site: &TestSite) -> Server {
    let server = Server::start(site.root(), &[]);
    server.wait_rebuilds(1);
    server
}

#[test]
fn an_edit_shows_up_and_only_the_edited_page_is_rendered() {
    let site = TestSite::fixture("basic");
    let server = serve(&site);
    assert!(
        server
            .get("/partners/university-of-kosice/")
            .text()
            .contains("Remote lectures from Slovakia.")
    );
    add_to_kosice(&site, &server, "A brand new paragraph.");
}

/// Adds a paragraph to Košice's text, waits until its page shows it, and asserts that the
/// rebuild rendered that page alone.
fn add_to_kosice(site: &TestSite, server: &Server, paragraph: &str) {
    site.edit(
        "content/partners/university-of-kosice.md",
        "Remote lectures from Slovakia.",
        &format!("Remote lectures from Slovakia.\n\n{paragraph}"),
    );
    server.wait_for("/partners/university-of-kosice/", paragraph);
    let rebuilds = server.wait_rebuilds(2);
    assert!(
        rebuilds[1].ends_with("rendered 1 page: partners/university-of-kosice/index.html"),
        "{}",
        rebuilds[1]
    );
}

#[test]
fn a_new_summary_updates_the_index_and_back_references() {
    let site = TestSite::fixture("basic");
    let server = serve(&site);
    site.edit(
        "content/partners/yonsei-university.md",
        "title: Yonsei University",
        "title: Yonsei University (Seoul)",
    );
    server.wait_for("/partners/", "Yonsei University (Seoul)");
    assert!(
        server
            .get("/visits/seoul-2023/")
            .text()
            .contains("Yonsei University (Seoul)")
    );
    assert!(
        server
            .get("/areas/oncology/")
            .text()
            .contains("Yonsei University (Seoul)")
    );
}

#[test]
fn atomic_saves_deletions_renames_and_new_folders() {
    let site = TestSite::fixture("basic");
    let server = serve(&site);
    // Atomic save: write a temporary file beside it, then rename over the original.
    let text = site
        .read("content/visits/seoul-2023.md")
        .replace("The delegation visited Yonsei.", "Saved atomically.");
    site.write("content/visits/.seoul-2023.md.tmp", &text);
    std::fs::rename(
        site.root().join("content/visits/.seoul-2023.md.tmp"),
        site.root().join("content/visits/seoul-2023.md"),
    )
    .expect("rename");
    server.wait_for("/visits/seoul-2023/", "Saved atomically.");
    // Delete.
    site.remove("content/visits/kosice-undated.md");
    server.wait_status("/visits/kosice-undated/", 404);
    assert!(
        !server
            .get("/partners/university-of-kosice/")
            .text()
            .contains("Visit to Košice")
    );
    // Rename.
    std::fs::rename(
        site.root().join("content/visits/agra-2024.md"),
        site.root().join("content/visits/agra-visit.md"),
    )
    .expect("rename");
    server.wait_status("/visits/agra-visit/", 200);
    assert_eq!(server.get("/visits/agra-2024/").status, 404);
    // A new folder with a bundle inside.
    std::fs::create_dir_all(site.root().join("content/visits/new-bundle")).expect("mkdir");
    site.write(
        "content/visits/new-bundle/index.md",
        "---\ntitle: Bundled visit\ndirection: incoming\n---\nIn a folder.\n",
    );
    site.write(
        "content/visits/new-bundle/photo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    server.wait_for("/visits/new-bundle/", "In a folder.");
    server.wait_status("/visits/new-bundle/photo.svg", 200);
}

#[test]
fn a_burst_of_a_hundred_changes_is_one_rebuild() {
    let site = TestSite::fixture("basic");
    let server = serve(&site);
    let before = server.rebuilds().len();
    for i in 0..100 {
        site.write(
            &format!("content/visits/burst-{i:03}.md"),
            format!("---\ntitle: Burst visit {i}\ndirection: incoming\npartners: [yonsei-university]\n---\nBurst.\n"),
        );
    }
    server.wait_for("/visits/burst-099/", "Burst visit 99");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        server.rebuilds().len(),
        before + 1,
        "{:?}",
        server.rebuilds()
    );
    assert!(
        server
            .get("/partners/yonsei-university/")
            .text()
            .contains("Burst visit 0")
    );
}

#[test]
fn paths_outside_the_site_are_never_served() {
    let site = TestSite::fixture("basic");
    std::fs::create_dir_all(site.root().join("static")).expect("mkdir");
    let secret = tempfile::NamedTempFile::new().expect("temp");
    std::fs::write(secret.path(), "TOP-SECRET").expect("write");
    // Windows allows symbolic links only to administrators and developer mode.
    #[cfg(unix)]
    std::os::unix::fs::symlink(secret.path(), site.root().join("static/leak.txt"))
        .expect("symlink");
    std::fs::write(site.root().join("site-secret.txt"), "TOP-SECRET").expect("write");
    let server = serve(&site);
    for path in [
        "/../site-secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/site-secret.txt",
        "/%2E%2E%2Fsite-secret.txt",
        "/..%2fsite-secret.txt",
        "/%252e%252e/site-secret.txt",
        "/..\\site-secret.txt",
        "/%5c..%5csite-secret.txt",
        "/static/../../site-secret.txt",
        "/leak.txt",
        "/site.yaml",
        "/content/about.md",
    ] {
        let r = server.get(path);
        assert!(r.status == 404 || r.status == 400, "{path}: {}", r.status);
        assert!(
            !r.text().contains("TOP-SECRET") && !r.text().contains("root:"),
            "{path} leaked"
        );
    }
}

#[test]
fn oversized_requests_get_4xx_and_the_server_keeps_answering() {
    let site = TestSite::fixture("basic");
    let server = serve(&site);
    let long_url = format!("/{}", "a".repeat(100 * 1024));
    assert_eq!(server.get(&long_url).status, 414);
    let big_header = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
        "b".repeat(1024 * 1024)
    );
    let r = server.raw(big_header.as_bytes());
    assert!(
        r.as_ref().is_none_or(|r| (400..500).contains(&r.status)),
        "{:?}",
        r.map(|r| r.status)
    );
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn content_types_head_directories_and_not_found() {
    let site = TestSite::fixture("basic");
    for (name, bytes) in [
        ("a.css", &b"body{}"[..]),
        ("a.js", b"1"),
        ("a.svg", b"<svg/>"),
        ("a.png", b"png"),
        ("a.jpg", b"jpg"),
        ("a.webp", b"webp"),
        ("a.avif", b"avif"),
        ("a.woff2", b"woff2"),
        ("a.json", b"{}"),
        ("a.xml", b"<a/>"),
        ("a.txt", b"t"),
    ] {
        site.write(&format!("static/{name}"), bytes);
    }
    let server = serve(&site);
    for (path, ty) in [
        ("/", "text/html; charset=utf-8"),
        ("/a.css", "text/css; charset=utf-8"),
        ("/a.js", "text/javascript; charset=utf-8"),
        ("/a.svg", "image/svg+xml"),
        ("/a.png", "image/png"),
        ("/a.jpg", "image/jpeg"),
        ("/a.webp", "image/webp"),
        ("/a.avif", "image/avif"),
        ("/a.woff2", "font/woff2"),
        ("/a.json", "application/json"),
        ("/a.xml", "application/xml; charset=utf-8"),
        ("/a.txt", "text/plain; charset=utf-8"),
    ] {
        let r = server.get(path);
        assert_eq!(
            (r.status, r.header("Content-Type")),
            (200, Some(ty)),
            "{path}"
        );
    }
    let head = server.request("HEAD", "/partners/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert!(head.header("Content-Length").is_some_and(|l| l != "0"));
    let dir = server.get("/partners");
    assert_eq!(
        (dir.status, dir.header("Location")),
        (301, Some("/partners/"))
    );
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("Not found."),
        "the theme's 404 page"
    );
    assert!(missing.text().contains("/__hamkor/livereload.js"));
    assert_eq!(server.request("POST", "/").status, 405);
}

#[test]
fn the_reload_script_is_served_but_never_written_by_build() {
    let site = TestSite::fixture("basic");
    let server = serve(&site);
    assert!(
        server
            .get("/")
            .text()
            .contains("<script src=\"/__hamkor/livereload.js\" defer></script></body>")
    );
    assert!(
        server
            .get("/__hamkor/livereload.js")
            .text()
            .contains("EventSource")
    );
    let worker = server.get("/__hamkor/livereload-worker.js");
    assert_eq!(
        worker.header("Content-Type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(worker.text().contains("SharedWorker"));
    site.build_ok();
    let built = std::fs::read_to_string(site.out().join("index.html")).expect("index");
    assert!(!built.contains("__hamkor"));
    let any_file_names_it = common::contents(&site.out()).iter().any(|(name, bytes)| {
        name.contains("__hamkor") || String::from_utf8_lossy(bytes).contains("__hamkor")
    });
    assert!(!any_file_names_it);
}

/// Reads Server-Sent Events until one contains `needle`.
fn events_until(port: u16, needle: &str, during: impl FnOnce()) -> String {
    events_at_until(port, "/__hamkor/events", needle, during)
}

/// The event stream at `path` (with its query), read until `needle` appears.
fn events_at_until(port: u16, path: &str, needle: &str, during: impl FnOnce()) -> String {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())
        .expect("write");
    stream
        .set_read_timeout(Some(Duration::from_millis(200)))
        .expect("timeout");
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    // Wait for the stream's headers before changing anything.
    let started = Instant::now();
    while !seen.contains("\r\n\r\n") && started.elapsed() < Duration::from_secs(5) {
        if let Ok(n) = std::io::Read::read(&mut stream, &mut buf) {
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    }
    during();
    let started = Instant::now();
    while !seen.contains(needle) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no {needle:?} in {seen}"
        );
        if let Ok(n) = std::io::Read::read(&mut stream, &mut buf) {
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    }
    common::slashed(seen)
}

#[test]
fn a_stream_that_takes_over_gets_the_events_sent_since_the_last_one_seen() {
    // The tab that leads the others' stream closes; another opens one, and an edit saved in
    // between must still reach it: it asks for the events after the last one it saw.
    let site = TestSite::fixture("basic");
    let server = serve(&site);
    let edit = |from: &str, to: &str| {
        site.edit("content/partners/university-of-kosice.md", from, to);
        server.wait_for("/partners/university-of-kosice/", to);
    };
    let first = events_until(server.port, "event: reload", || {
        edit(
            "Remote lectures from Slovakia.",
            "Remote lectures, first edit.",
        );
    });
    // The number of the event that edit sent.
    let id = |text: &str| -> u64 {
        text.lines()
            .filter_map(|l| l.strip_prefix("id: "))
            .filter_map(|n| n.parse().ok())
            .next_back()
            .unwrap_or_else(|| panic!("no event number in {text}"))
    };
    let seen = id(&first);
    edit(
        "Remote lectures, first edit.",
        "Remote lectures, second edit.",
    );
    let next = format!("id: {}\n", seen + 1);
    let resumed = events_at_until(
        server.port,
        &format!("/__hamkor/events?after={seen}"),
        &next,
        || {},
    );
    assert!(
        resumed.contains(&format!("{next}event: reload\ndata: {{\"pages\":["))
            && resumed.contains("/partners/university-of-kosice/"),
        "{resumed}"
    );
    assert!(!resumed.contains(&format!("id: {seen}\n")), "{resumed}");
}

#[test]
fn errors_are_sent_to_tabs_and_the_last_good_site_stays_up() {
    let site = TestSite::fixture("basic");
    let server = serve(&site);
    let seen = events_until(server.port, "event: problems", || {
        site.edit(
            "content/visits/seoul-2023.md",
            "direction: outgoing",
            "direction: [outgoing",
        );
    });
    assert!(
        seen.contains("content/visits/seoul-2023.md:5:12: error: invalid YAML"),
        "{seen}"
    );
    assert_eq!(
        server.get("/visits/seoul-2023/").status,
        200,
        "the last good page is still served"
    );
    server.wait_log("content/visits/seoul-2023.md:5:12: error:");
    let seen = events_until(server.port, "event: clear", || {
        site.edit(
            "content/visits/seoul-2023.md",
            "direction: [outgoing",
            "direction: outgoing",
        );
    });
    assert!(seen.contains("event: clear") || seen.contains("event: reload"));
    // a fix that changes the page reloads instead
    events_until(server.port, "event: reload", || {
        site.edit(
            "content/visits/seoul-2023.md",
            "The delegation visited Yonsei.",
            "The delegation visited Yonsei and Seoul.",
        );
    });
}

#[test]
fn a_stylesheet_change_swaps_css_without_a_reload() {
    let site = TestSite::fixture("basic");
    let server = serve(&site);
    let seen = events_until(server.port, "event: css", || {
        site.write("themes/min/static/min.css", "body{color:teal}")
    });
    assert!(!seen.contains("event: reload"), "{seen}");
    assert_eq!(server.get("/min.css").text(), "body{color:teal}");
}

#[test]
fn idle_connections_do_not_block_new_requests() {
    let site = TestSite::fixture("basic");
    let server = serve(&site);
    let mut idle = Vec::new();
    for i in 0..200 {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
        // half of them send half a request and stall
        if i % 2 == 0 {
            let _ = s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n");
        }
        idle.push(s);
    }
    for _ in 0..20 {
        let _sse = std::net::TcpStream::connect(("127.0.0.1", server.port)).and_then(|mut s| {
            s.write_all(b"GET /__hamkor/events HTTP/1.1\r\n\r\n")
                .map(|_| s)
        });
    }
    // A server whose workers all wait on idle connections answers late or never; a busy machine
    // running the other tests beside this one has taken just over a second.
    let started = Instant::now();
    assert_eq!(server.get("/partners/").status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_burst_of_new_connections_is_answered_at_once() {
    // A browser opens several connections to a host at once (Chromium six) and keeps them
    // open. Every one must be answered, none left waiting for another connection to close:
    // the server's threads are claimed one a connection, and a burst must not be queued behind
    // threads already taken.
    let site = TestSite::fixture("basic");
    let server = serve(&site);
    let port = server.port;
    for round in 0..3 {
        // Each burst outnumbers the threads the last one left waiting, so that every round,
        // not the first alone, can find connections queued behind claimed threads.
        let burst = 16 * (round + 1);
        let start = std::sync::Arc::new(std::sync::Barrier::new(burst));
        let clients: Vec<_> = (0..burst)
            .map(|_| {
                let start = start.clone();
                std::thread::spawn(move || {
                    start.wait();
                    let mut s = std::net::TcpStream::connect(("127.0.0.1", port))?;
                    s.set_read_timeout(Some(Duration::from_secs(10)))?;
                    s.write_all(b"GET /partners/ HTTP/1.1\r\nHost: x\r\n\r\n")?;
                    let mut status = [0u8; 12];
                    std::io::Read::read_exact(&mut s, &mut status)?;
                    Ok::<_, std::io::Error>((status, s))
                })
            })
            .collect();
        let answers: Vec<_> = clients
            .into_iter()
            .map(|c| c.join().expect("client thread"))
            .collect();
        let unanswered = answers
            .iter()
            .filter(|a| !matches!(a, Ok((status, _)) if status == b"HTTP/1.1 200"))
            .count();
        assert_eq!(
            unanswered, 0,
            "round {round}: {unanswered} of {burst} new connections got no answer in 10 s"
        );
        // Closed, their threads wait for the next, larger burst.
        drop(answers);
    }
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port().to_string();
    let site = TestSite::fixture("basic");
    let r = site.run(&["serve", "--root", ".", "--port", &port]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "error: port {port} on 127.0.0.1 is already in use: stop the other server or choose another port with --port (--port 0 picks a free one)\n"
        )
    );
}

#[test]
fn building_into_the_output_or_touching_git_does_not_rebuild() {
    let site = TestSite::fixture("basic");
    std::fs::create_dir_all(site.root().join(".git")).expect("mkdir");
    let server = serve(&site);
    site.build_ok();
    site.write(".git/index", "x");
    site.write("notes.txt", "not part of the site");
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(server.rebuilds().len(), 1, "{:?}", server.rebuilds());
}

#[test]
fn a_template_error_is_shown_and_a_fix_recovers() {
    let site = TestSite::fixture("basic");
    let server = serve(&site);
    let seen = events_until(server.port, "event: problems", || {
        site.edit(
            "themes/min/templates/partner.html",
            "{{ page.kind.title }}",
            "{{ page.kind.nonexistent }}",
        );
    });
    assert!(
        seen.contains("themes/min/templates/partner.html:2:"),
        "{seen}"
    );
    assert_eq!(server.get("/partners/university-of-kosice/").status, 200);
    events_until(server.port, "event: reload", || {
        site.edit(
            "themes/min/templates/partner.html",
            "{{ page.kind.nonexistent }}",
            "<b>{{ page.kind.title }}</b>",
        );
    });
    server.wait_for("/partners/university-of-kosice/", "<b>University</b>");
}

#[test]
fn the_search_index_follows_edits_after_the_pages() {
    let site = TestSite::fixture("basic");
    let server = serve(&site);
    let before = server.get("/search.json");
    assert_eq!(before.status, 200);
    let before = before.text();
    assert!(before.contains("slovakia") && !before.contains("zanzibarword"));
    add_to_kosice(&site, &server, "A Zanzibarword appears.");
    server.wait_for("/search.json", "zanzibarword");
}

#[test]
fn a_changed_or_removed_logo_image_updates_its_partner() {
    let site = TestSite::fixture("basic");
    let server = serve(&site);
    let page = "/partners/apollo-clinic-agra/";
    assert!(
        server
            .get(page)
            .text()
            .contains(r#"width="96" height="96""#)
    );
    // Only the image changes, not the Markdown that names it.
    site.write(
        "content/partners/apollo-clinic-agra/logo.svg",
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 10"><rect width="40" height="10" fill="#0a7"/></svg>"##,
    );
    server.wait_for(page, r#"width="96" height="24""#);
    let seen = events_until(server.port, "event: problems", || {
        site.remove("content/partners/apollo-clinic-agra/logo.svg");
    });
    assert!(
        seen.contains(
            "content/partners/apollo-clinic-agra/index.md:6:7: error: logo 'logo.svg' is not a file in the bundle folder"
        ),
        "{seen}"
    );
}

#[test]
fn requests_on_a_kept_alive_connection_do_not_stall() {
    // Without TCP_NODELAY each response after the first on a connection waits ~40 ms for the
    // client's delayed acknowledgement: twenty requests would take 0.8 s instead of a few ms.
    // A request on a connection of its own never waits so; it is the yardstick, so that a
    // slow machine (or wine) slows both alike.
    let site = TestSite::fixture("basic");
    let server = serve(&site);
    let request = b"GET /partners/ HTTP/1.1\r\nHost: x\r\n\r\n";
    let connect = || {
        let stream = std::net::TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .expect("timeout");
        stream
    };
    let median = |mut took: Vec<Duration>| {
        took.sort();
        took[took.len() / 2]
    };
    let kept = {
        let stream = connect();
        let mut reader = std::io::BufReader::new(stream.try_clone().expect("clone"));
        let mut writer = stream;
        let mut took = Vec::new();
        for _ in 0..20 {
            let started = Instant::now();
            writer.write_all(request).expect("write");
            read_response(&mut reader);
            took.push(started.elapsed());
        }
        took
    };
    let fresh = {
        let mut took = Vec::new();
        for _ in 0..20 {
            let started = Instant::now();
            let stream = connect();
            let mut reader = std::io::BufReader::new(stream.try_clone().expect("clone"));
            let mut writer = stream;
            writer.write_all(request).expect("write");
            read_response(&mut reader);
            took.push(started.elapsed());
        }
        took
    };
    // The median, so that a moment of a busy machine does not count: a stalled connection
    // makes nearly every request wait the whole delay.
    let (kept_median, fresh_median) = (median(kept.clone()), median(fresh.clone()));
    assert!(
        kept_median < fresh_median + Duration::from_millis(25),
        "a request on a kept-alive connection should take no longer than one on a new \
         connection, not the ~40 ms more of a delayed acknowledgement: \
         kept alive {kept:?}, new {fresh:?}"
    );
}

/// Reads one whole response: headers, then Content-Length bytes.
fn read_response(reader: &mut impl std::io::BufRead) {
    let mut head = String::new();
    let mut length = None;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("read head");
        if let Some(v) = line.to_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse::<usize>().ok();
        }
        head.push_str(&line);
        if line == "\r\n" || line.is_empty() {
            break;
        }
    }
    let length = length.unwrap_or_else(|| panic!("no content-length in {head}"));
    let mut body = vec![0u8; length];
    std::io::Read::read_exact(reader, &mut body).expect("read body");
}

/// The pages named by the last `event: reload` in `seen`.
fn reloaded_pages(seen: &str) -> Vec<String> {
    let data = seen
        .split("event: reload\ndata: ")
        .last()
        .and_then(|rest| rest.lines().next())
        .unwrap_or_default();
    let value: serde_json::Value = serde_json::from_str(data).unwrap_or_default();
    let mut pages: Vec<String> = value["pages"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| p.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    pages.sort();
    pages
}

#[test]
fn a_reload_names_the_pages_the_rebuild_rendered_or_removed() {
    let site = TestSite::fixture("basic");
    let server = serve(&site);
    let seen = events_until(server.port, "event: reload", || {
        site.edit(
            "content/partners/university-of-kosice.md",
            "title: University of Košice",
            "title: Technical University of Košice",
        );
    });
    let pages = reloaded_pages(&seen);
    let rebuild = server.wait_rebuilds(2)[1].clone();
    let (_, files) = rebuild.split_once("pages: ").expect("a list of pages");
    let mut expected: Vec<String> = files
        .split(' ')
        .map(|f| format!("/{}", f.strip_suffix("index.html").unwrap_or(f)))
        .collect();
    expected.sort();
    assert_eq!(pages, expected, "{seen}");
    for page in ["/partners/", "/partners/university-of-kosice/"] {
        assert!(pages.iter().any(|p| p == page), "{page}: {pages:?}");
    }
    assert!(!pages.iter().any(|p| p == "/about/"), "{pages:?}");
    // A deleted page is named too, so that its tab shows it is gone.
    let seen = events_until(server.port, "event: reload", || {
        site.remove("content/visits/kosice-undated.md");
    });
    let pages = reloaded_pages(&seen);
    assert!(
        pages.iter().any(|p| p == "/visits/kosice-undated/"),
        "{pages:?}"
    );
    assert!(!pages.iter().any(|p| p == "/about/"), "{pages:?}");
}

#[test]
fn a_site_broken_at_start_up_has_no_last_good_version_to_serve() {
    let site = TestSite::fixture("basic");
    site.edit(
        "content/partners/university-of-kosice.md",
        "country: sk",
        "country: [sk",
    );
    let server = Server::start(site.root(), &[]);
    let line = server.wait_log("error: 1 problem found;");
    assert_eq!(
        line,
        "error: 1 problem found; there is no last good version yet: pages answer 503 until the site builds"
    );
    let page = server.get("/partners/");
    assert_eq!(page.status, 503);
    assert!(
        page.text().contains("no last good version"),
        "{}",
        page.text()
    );
    assert!(
        page.text().contains("data-status=\"503\""),
        "{}",
        page.text()
    );
    // A tab that connects now is told there is nothing underneath; the fix reloads it.
    let seen = events_until(server.port, "event: reload", || {
        site.edit(
            "content/partners/university-of-kosice.md",
            "country: [sk",
            "country: sk",
        );
    });
    assert!(seen.contains("\"lastGood\":false"), "{seen}");
    assert!(
        seen.contains("university-of-kosice.md:4:10: error: invalid YAML"),
        "{seen}"
    );
    assert!(
        reloaded_pages(&seen).iter().any(|p| p == "/partners/"),
        "{seen}"
    );
    server.wait_status("/partners/", 200);
    // Broken again: now there is a good version to fall back on.
    let seen = events_until(server.port, "event: problems", || {
        site.edit(
            "content/partners/university-of-kosice.md",
            "country: sk",
            "country: [sk",
        );
    });
    assert!(seen.contains("\"lastGood\":true"), "{seen}");
    let line = server.wait_log("error: 1 problem found; still");
    assert_eq!(
        line,
        "error: 1 problem found; still serving the last good version"
    );
    assert!(
        !server
            .log()
            .iter()
            .skip_while(|l| !l.starts_with("rebuilt"))
            .any(|l| l.contains("no last good version")),
        "{:?}",
        server.log()
    );
    assert_eq!(server.get("/partners/").status, 200);
}

#[test]
fn warnings_reach_the_log_and_the_tabs_and_the_site_is_still_updated() {
    let site = TestSite::fixture("basic");
    let server = serve(&site);
    site.edit(
        "content/partners/yonsei-university.md",
        "city: Seoul",
        "city: Seoul\nlocation: {lat: 41.31, lon: 69.28}",
    );
    server.wait_log("content/partners/yonsei-university.md:6:11: warning: the location");
    server.wait_log("warning: 1 warning found");
    // A tab that connects now is shown the warning at once.
    let seen = events_until(server.port, "event: problems", || {});
    assert!(seen.contains(": warning: the location"), "{seen}");
    assert!(
        server
            .get("/partners/yonsei-university/")
            .text()
            .contains("Yonsei")
    );
}

#[test]
fn a_replaced_photo_updates_its_page_and_files() {
    let site = TestSite::fixture("basic");
    site.edit("site.yaml", "theme: min", "theme: default");
    common::photos::write_small_visit(site.root(), "photo-visit");
    let server = serve(&site);
    let page = "/visits/photo-visit/";
    assert!(
        server
            .get(page)
            .text()
            .contains(r#"width="720" height="540""#)
    );
    let before = server.get("/visits/photo-visit/photo-3.720.jpg");
    assert_eq!(before.status, 200);
    // Only the photo changes, not the Markdown that names it: now it is taller than wide.
    let tall = common::png(600, 800, |x, y| [(x / 3) as u8, (y / 4) as u8, 90]);
    let img = image::load_from_memory(&tall).expect("png").to_rgb8();
    let mut jpeg = std::io::Cursor::new(Vec::new());
    img.write_to(&mut jpeg, image::ImageFormat::Jpeg)
        .expect("jpeg");
    site.write("content/visits/photo-visit/photo-3.jpg", jpeg.into_inner());
    // The copies now go up to the photo's own width, 600 pixels.
    server.wait_for(page, "photo-3.600.jpg 600w");
    let after = server.get("/visits/photo-visit/photo-3.360.jpg");
    let size = image::load_from_memory(&after.body)
        .expect("jpeg")
        .to_rgb8();
    assert_eq!(size.dimensions(), (360, 480));
}
