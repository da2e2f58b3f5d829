//! A real browser watches a served page while its Markdown is edited, broken and fixed.

use crate::common;

use common::TestSite;
use common::browser::{self, Browser};
use common::server::Server;

#[test]
fn the_browser_follows_edits_and_shows_errors_in_an_overlay() {
    let Some((chromium, driver)) =
        browser::require("the_browser_follows_edits_and_shows_errors_in_an_overlay")
    else {
        return;
    };
    let site = TestSite::fixture("basic");
    let server = Server::start(site.root(), &[]);
    server.wait_rebuilds(1);
    let browser = Browser::start(&chromium, &driver);
    browser.open(&format!(
        "http://127.0.0.1:{}/partners/university-of-kosice/",
        server.port
    ));
    let text = browser.eval("return document.querySelector('main').innerText");
    assert!(
        text.as_str()
            .is_some_and(|t| t.contains("Remote lectures from Slovakia.")),
        "{text}"
    );
    // Wait until the page listens for changes before editing.
    browser.wait_live();

    site.edit(
        "content/partners/university-of-kosice.md",
        "Remote lectures from Slovakia.",
        "Remote lectures and seminars from Slovakia.",
    );
    browser.wait(
        "the edit",
        "return document.querySelector('main').innerText",
        |v| {
            v.as_str()
                .is_some_and(|t| t.contains("Remote lectures and seminars from Slovakia."))
        },
    );

    site.edit(
        "content/partners/university-of-kosice.md",
        "country: sk",
        "country: [sk",
    );
    let overlay = browser.wait(
        "the overlay",
        "const o = document.getElementById('hamkor-overlay'); return o ? o.innerText : null",
        |v| v.is_string(),
    );
    let overlay = overlay.as_str().unwrap_or_default().to_string();
    assert!(
        overlay.contains("content/partners/university-of-kosice.md:4:10: error: invalid YAML"),
        "{overlay}"
    );
    assert!(overlay.contains("4 | country: [sk"), "{overlay}");
    // the last good page is still underneath
    assert!(
        browser
            .eval("return document.querySelector('main').innerText")
            .as_str()
            .is_some_and(|t| t.contains("seminars"))
    );

    site.edit(
        "content/partners/university-of-kosice.md",
        "country: [sk",
        "country: sk",
    );
    browser.wait(
        "the overlay to go",
        "return document.getElementById('hamkor-overlay') === null",
        |v| v == true,
    );
}

#[test]
fn typing_a_partners_name_into_the_search_box_finds_its_page() {
    let Some((chromium, driver)) =
        browser::require("typing_a_partners_name_into_the_search_box_finds_its_page")
    else {
        return;
    };
    let site = TestSite::fixture("basic");
    site.edit("site.yaml", "theme: min", "theme: default");
    let server = Server::start(site.root(), &[]);
    server.wait_rebuilds(1);
    let browser = Browser::start(&chromium, &driver);
    browser.open(&format!("http://127.0.0.1:{}/visits/", server.port));
    browser.wait(
        "the search box",
        "return document.getElementById('site-search-input') !== null",
        |v| v == true,
    );
    browser.type_into("#site-search-input", "yonsei");
    let links = browser.wait(
        "search results",
        "return [...document.querySelectorAll('#site-search-results a')].map(a => a.getAttribute('href'))",
        |v| v.as_array().is_some_and(|a| !a.is_empty()),
    );
    assert_eq!(links[0], "/partners/yonsei-university/", "{links}");
    // words of the text find pages too: "Slovakia" is only in Košice's body
    browser.eval("const i = document.getElementById('site-search-input'); i.value = ''; i.dispatchEvent(new Event('input')); return true");
    browser.type_into("#site-search-input", "Slovakia");
    let links = browser.wait(
        "results for a word of the text",
        "return [...document.querySelectorAll('#site-search-results a')].map(a => a.getAttribute('href'))",
        |v| v.as_array().is_some_and(|a| a.iter().any(|h| h == "/partners/university-of-kosice/")),
    );
    assert!(links.as_array().is_some_and(|a| a.len() <= 2), "{links}");
}

/// The output file a served path stands for, as the server's log names it.
fn file_of(path: &str) -> String {
    let rel = path.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}

fn now_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// The pages the last rebuild rendered, from the server's log.
fn last_rendered(server: &Server, rebuilds: usize) -> Vec<String> {
    let line = server.wait_rebuilds(rebuilds)[rebuilds - 1].clone();
    line.split_once("page: ")
        .or_else(|| line.split_once("pages: "))
        .map(|(_, list)| list.split(' ').map(str::to_string).collect())
        .unwrap_or_default()
}

#[test]
fn ten_tabs_load_and_only_the_tabs_whose_page_changed_reload() {
    let Some((chromium, driver)) =
        browser::require("ten_tabs_load_and_only_the_tabs_whose_page_changed_reload")
    else {
        return;
    };
    let site = TestSite::fixture("basic");
    // A page long enough to scroll, which the edit below does not touch.
    let long: String = (0..120)
        .map(|i| format!("Paragraph {i} of a long page about the office.\n\n"))
        .collect();
    site.write(
        "content/about.md",
        format!("---\ntitle: About\nsummary: About the office.\n---\n{long}"),
    );
    let server = Server::start(site.root(), &[]);
    server.wait_rebuilds(1);
    let browser = Browser::start(&chromium, &driver);
    // A tab that cannot get a connection hangs; fail in seconds rather than minutes.
    browser.set_page_load_timeout(15_000);
    let base = format!("http://127.0.0.1:{}", server.port);
    let pages = [
        "/",
        "/partners/",
        "/partners/university-of-kosice/",
        "/partners/yonsei-university/",
        "/visits/",
        "/visits/kosice-undated/",
        "/about/",
        "/programs/",
        "/areas/oncology/",
        // Not there yet: a tab an editor opened before writing the page.
        "/visits/new-visit/",
    ];
    let mut tabs = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let handle = browser.tab(i);
        let opened = browser.try_open(&format!("{base}{page}"));
        assert!(
            opened.is_ok(),
            "tab {} ({page}) did not load: {opened:?}",
            i + 1
        );
        let text = browser.eval("return document.body.innerText");
        let expected = if page.contains("new-visit") {
            "Not found."
        } else {
            ""
        };
        assert!(
            text.as_str()
                .is_some_and(|t| !t.is_empty() && t.contains(expected)),
            "tab {} ({page}): {text}",
            i + 1
        );
        browser.wait(
            &format!("tab {} ({page}) to listen for changes", i + 1),
            "return window.__hamkorLive === true",
            |v| v == true,
        );
        // Survives only as long as the page is not reloaded.
        browser.eval(&format!("window.__tabMarker = {i}; return true"));
        tabs.push(handle);
    }
    // All ten still answer, the first ones too.
    for (handle, page) in tabs.iter().zip(pages) {
        browser.switch_to(handle);
        assert_eq!(
            browser.eval("return document.readyState"),
            "complete",
            "{page}"
        );
    }
    let about = pages.iter().position(|p| *p == "/about/").unwrap_or(0);
    browser.switch_to(&tabs[about]);
    let scrolled = browser.eval("window.scrollTo(0, 700); return window.scrollY");
    assert!(scrolled.as_f64().is_some_and(|y| y > 500.0), "{scrolled}");

    let saved = now_ms();
    site.edit(
        "content/partners/university-of-kosice.md",
        "title: University of Košice",
        "title: Technical University of Košice",
    );
    let rendered = last_rendered(&server, 2);
    for must in [
        "partners/index.html",
        "partners/university-of-kosice/index.html",
    ] {
        assert!(rendered.iter().any(|f| f == must), "{must}: {rendered:?}");
    }
    assert!(!rendered.iter().any(|f| f == "about/index.html"));
    let mut latencies = Vec::new();
    for (i, (handle, page)) in tabs.iter().zip(pages).enumerate() {
        browser.switch_to(handle);
        if rendered.contains(&file_of(page)) {
            browser.wait(
                &format!("{page} to reload"),
                "return window.__tabMarker === undefined && document.readyState === 'complete'",
                |v| v == true,
            );
            // Some pages are rendered again for what they share with the partner (a count,
            // a list of countries); those that name it show the new name.
            if [
                "/partners/",
                "/partners/university-of-kosice/",
                "/visits/kosice-undated/",
            ]
            .contains(&page)
            {
                let text = browser.eval("return document.body.innerText");
                assert!(
                    text.as_str()
                        .is_some_and(|t| t.contains("Technical University of Košice")),
                    "{page}: {text}"
                );
            }
            let shown = browser.eval("return performance.timeOrigin + performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd");
            latencies.push((page, shown.as_f64().unwrap_or(0.0) - saved));
        } else {
            // Give a wrong reload the time to happen.
            std::thread::sleep(std::time::Duration::from_millis(300));
            assert_eq!(
                browser.eval("return window.__tabMarker"),
                i,
                "{page} was reloaded though its page did not change"
            );
        }
    }
    eprintln!(
        "from save to the page shown, with {} tabs open: {latencies:?}",
        pages.len()
    );
    browser.switch_to(&tabs[about]);
    assert_eq!(browser.eval("return window.scrollY"), scrolled);

    // The tab that showed "not found" shows the page once it exists.
    let new_visit = pages.len() - 1;
    site.write(
        "content/visits/new-visit.md",
        "---\ntitle: A visit written later\ndirection: incoming\n---\nJust written.\n",
    );
    browser.switch_to(&tabs[new_visit]);
    browser.wait(
        "the page that was missing",
        "return document.body.innerText",
        |v| v.as_str().is_some_and(|t| t.contains("Just written.")),
    );
    // A deleted page's tab says so.
    let kosice_visit = pages
        .iter()
        .position(|p| *p == "/visits/kosice-undated/")
        .unwrap_or(0);
    site.remove("content/visits/kosice-undated.md");
    browser.switch_to(&tabs[kosice_visit]);
    browser.wait(
        "the deleted page's tab to say it is gone",
        "return document.body.innerText",
        |v| v.as_str().is_some_and(|t| t.contains("Not found.")),
    );
    browser.switch_to(&tabs[about]);
    assert_eq!(browser.eval("return window.__tabMarker"), about);
}

/// Where the first caret of the overlay's first excerpt is, and the character of the source
/// line above it at the same column: their boxes, the character, and the line's length.
const CARET_AND_CHARACTER: &str = r#"
const block = document.querySelector('#hamkor-overlay .hamkor-problem');
if (!block) return null;
const nodes = [];
const walk = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
let all = '';
while (walk.nextNode()) { nodes.push([walk.currentNode, all.length]); all += walk.currentNode.data; }
const at = (offset) => {
  for (let i = nodes.length - 1; i >= 0; i--) {
    if (nodes[i][1] <= offset) return [nodes[i][0], offset - nodes[i][1]];
  }
};
const box = (offset) => {
  const [node, local] = at(offset);
  const r = document.createRange();
  r.setStart(node, local);
  r.setEnd(node, local + 1);
  const b = r.getClientRects()[0];
  return {left: b.left, right: b.right, top: b.top};
};
const lines = all.split('\n');
let start = 0, source = -1;
for (let i = 0; i < lines.length; i++) {
  if (/^\s*\d+ \| /.test(lines[i])) { source = i; break; }
  start += lines[i].length + 1;
}
if (source < 0) return null;
const col = lines[source + 1].indexOf('^');
const caret = box(start + lines[source].length + 1 + col);
const ch = box(start + col);
return {caret, ch, char: lines[source].slice(col, col + 19), length: lines[source].length,
        width: block.clientWidth};
"#;

#[test]
fn the_overlay_says_when_nothing_is_underneath_keeps_carets_in_place_and_can_be_dismissed() {
    let Some((chromium, driver)) = browser::require(
        "the_overlay_says_when_nothing_is_underneath_keeps_carets_in_place_and_can_be_dismissed",
    ) else {
        return;
    };
    let site = TestSite::fixture("basic");
    site.edit(
        "content/partners/university-of-kosice.md",
        "country: sk",
        "country: [sk",
    );
    let server = Server::start(site.root(), &[]);
    server.wait_log("error: 1 problem found;");
    let browser = Browser::start(&chromium, &driver);
    browser.set_window_size(480, 800);
    browser.open(&format!(
        "http://127.0.0.1:{}/partners/university-of-kosice/",
        server.port
    ));
    let overlay = browser.wait(
        "the overlay of a site that never built",
        "const o = document.getElementById('hamkor-overlay'); return o ? o.innerText : null",
        |v| v.is_string(),
    );
    let overlay = overlay.as_str().unwrap_or_default();
    assert!(overlay.contains("no last good version"), "{overlay}");
    assert!(
        !overlay.contains("showing the last good version"),
        "{overlay}"
    );
    // The fix loads the page that could not be built.
    site.edit(
        "content/partners/university-of-kosice.md",
        "country: [sk",
        "country: sk",
    );
    browser.wait(
        "the page, once the site builds",
        "return document.getElementById('hamkor-overlay') === null && !!document.querySelector('main') && document.querySelector('main').innerText",
        |v| {
            v.as_str()
                .is_some_and(|t| t.contains("Remote lectures from Slovakia."))
        },
    );
    browser.wait_live();

    // A mistake far along a long line, in a window too narrow for it.
    let long = "partners: [university-of-kosice, yonsei-university, catholic-university-of-korea, apollo-clinic-agra, nonexistent-partner]";
    site.edit(
        "content/visits/kosice-undated.md",
        "partners: [university-of-kosice]",
        long,
    );
    browser.wait(
        "the overlay",
        "const o = document.getElementById('hamkor-overlay'); return o ? o.innerText : null",
        |v| {
            v.as_str()
                .is_some_and(|t| t.contains("nonexistent-partner"))
        },
    );
    let overlay = browser.eval("return document.getElementById('hamkor-overlay').innerText");
    assert!(
        overlay
            .as_str()
            .is_some_and(|t| t.contains("showing the last good version underneath")),
        "{overlay}"
    );
    let found = browser.eval(CARET_AND_CHARACTER);
    assert_eq!(found["char"], "nonexistent-partner", "{found}");
    let (length, width) = (
        found["length"].as_f64().unwrap_or(0.0),
        found["width"].as_f64().unwrap_or(0.0),
    );
    assert!(
        length * 7.0 > width,
        "the line must be too long to fit: {found}"
    );
    let (caret, ch) = (&found["caret"], &found["ch"]);
    let x = |v: &serde_json::Value, k: &str| v[k].as_f64().unwrap_or(f64::NAN);
    assert!(
        x(caret, "left") >= x(ch, "left") - 0.5 && x(caret, "right") <= x(ch, "right") + 0.5,
        "the caret is not under its character: {found}"
    );
    assert!(x(caret, "top") > x(ch, "top"), "{found}");

    // The close button hides the overlay until the next event...
    browser.click("#hamkor-overlay .hamkor-close");
    assert_eq!(
        browser.eval("return document.getElementById('hamkor-overlay') === null"),
        true
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(
        browser.eval("return document.getElementById('hamkor-overlay') === null"),
        true
    );
    // ...which shows it again; Escape hides it too.
    site.edit(
        "content/visits/kosice-undated.md",
        "nonexistent-partner",
        "another-missing-partner",
    );
    browser.wait(
        "the overlay again",
        "const o = document.getElementById('hamkor-overlay'); return o ? o.innerText : null",
        |v| {
            v.as_str()
                .is_some_and(|t| t.contains("another-missing-partner"))
        },
    );
    browser.press_key("\u{E00C}");
    assert_eq!(
        browser.eval("return document.getElementById('hamkor-overlay') === null"),
        true
    );
    // The fix keeps it away.
    site.edit(
        "content/visits/kosice-undated.md",
        long.replace("nonexistent-partner", "another-missing-partner")
            .as_str(),
        "partners: [university-of-kosice]",
    );
    server.wait_rebuilds(2);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(
        browser.eval("return document.getElementById('hamkor-overlay') === null"),
        true
    );
}

#[test]
fn without_shared_workers_one_tab_relays_for_the_others_and_another_takes_over() {
    let Some((chromium, driver)) = browser::require(
        "without_shared_workers_one_tab_relays_for_the_others_and_another_takes_over",
    ) else {
        return;
    };
    let site = TestSite::fixture("basic");
    let server = Server::start(site.root(), &[]);
    server.wait_rebuilds(1);
    let browser = Browser::start(&chromium, &driver);
    browser.set_page_load_timeout(15_000);
    let base = format!("http://127.0.0.1:{}", server.port);
    // Eight tabs: more than a stream per tab could serve. The first one leads.
    let pages = [
        "/partners/university-of-kosice/",
        "/",
        "/about/",
        "/visits/",
        "/programs/",
        "/partners/yonsei-university/",
        "/areas/oncology/",
        "/partners/",
    ];
    let mut tabs = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let handle = browser.tab(i);
        // As in a browser without SharedWorker (Chrome on Android).
        browser.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            serde_json::json!({ "source": "delete window.SharedWorker;" }),
        );
        let opened = browser.try_open(&format!("{base}{page}"));
        assert!(opened.is_ok(), "tab {} ({page}): {opened:?}", i + 1);
        browser.wait(
            &format!("tab {} ({page}) to listen", i + 1),
            "return window.SharedWorker === undefined && window.__hamkorLive === true",
            |v| v == true,
        );
        browser.eval(&format!("window.__tabMarker = {i}; return true"));
        tabs.push(handle);
    }
    let partners = pages.len() - 1;
    let edit = |from: &str, to: &str| {
        site.edit("content/partners/university-of-kosice.md", from, to);
    };
    edit("title: University of Košice", "title: Košice University");
    browser.switch_to(&tabs[partners]);
    browser.wait("the partner list", "return document.body.innerText", |v| {
        v.as_str().is_some_and(|t| t.contains("Košice University"))
    });
    browser.switch_to(&tabs[2]);
    assert_eq!(
        browser.eval("return window.__tabMarker"),
        2,
        "/about/ reloaded"
    );
    // The leader reloaded with its page and queued again behind the others; close the tab
    // that leads now (whichever it is, closing all but the list does it) and edit again.
    for handle in &tabs[..partners] {
        browser.switch_to(handle);
        browser.close_tab();
    }
    browser.switch_to(&tabs[partners]);
    edit(
        "title: Košice University",
        "title: University of Košice, Slovakia",
    );
    browser.wait(
        "the list, from a new leader",
        "return document.body.innerText",
        |v| {
            v.as_str()
                .is_some_and(|t| t.contains("University of Košice, Slovakia"))
        },
    );
}

#[test]
fn warnings_show_in_the_overlay_over_the_page_that_was_built() {
    let Some((chromium, driver)) =
        browser::require("warnings_show_in_the_overlay_over_the_page_that_was_built")
    else {
        return;
    };
    let site = TestSite::fixture("basic");
    let file = "content/partners/university-of-kosice.md";
    site.edit(
        file,
        "title: University of Košice",
        "title: “University of Košice”",
    );
    let server = Server::start(site.root(), &[]);
    server.wait_log("warning: 1 warning found");
    let browser = Browser::start(&chromium, &driver);
    browser.open(&format!(
        "http://127.0.0.1:{}/partners/university-of-kosice/",
        server.port
    ));
    // A tab opened on a site with a warning shows it, over the page that was built anyway.
    let overlay = browser.wait(
        "the overlay of a site built with a warning",
        "const o = document.getElementById('hamkor-overlay'); return o ? o.innerText : null",
        |v| v.is_string(),
    );
    let overlay = overlay.as_str().unwrap_or_default().to_string();
    let expected = format!(
        "{file}:2:8: warning: 'title' is in typographic quotes “…”, which YAML keeps: the page will show them"
    );
    assert!(overlay.contains(&expected), "{overlay}");
    assert!(
        overlay.contains("2 | title: “University of Košice”"),
        "{overlay}"
    );
    assert!(
        overlay.contains("The site has 1 warning; it was built"),
        "{overlay}"
    );
    assert!(!overlay.contains("last good version"), "{overlay}");
    assert_eq!(
        browser.eval("return document.getElementById('hamkor-overlay').getAttribute('aria-label')"),
        "Build warnings"
    );
    let main = browser.eval("return document.querySelector('main').textContent");
    assert!(
        main.as_str()
            .is_some_and(|t| t.contains("“University of Košice”")),
        "the page underneath is the one built with the warning: {main}"
    );
    browser.wait_live();

    // Fixing it reloads the page without the overlay.
    site.edit(
        file,
        "title: “University of Košice”",
        "title: University of Košice",
    );
    browser.wait(
        "the fixed page",
        "return document.getElementById('hamkor-overlay') === null && document.querySelector('h1').innerText",
        |v| v == "University of Košice",
    );

    // A warning made while the tab is open: the page is rebuilt and the overlay names it.
    browser.wait_live();
    site.edit(
        file,
        "country: sk\nstatus: active\n---\nRemote lectures from Slovakia.",
        "country: sk\ncity: „Košice“\nstatus: active\n---\nRemote lectures and seminars from Slovakia.",
    );
    let overlay = browser.wait(
        "the overlay of the new warning",
        "const o = document.getElementById('hamkor-overlay'); return o ? o.innerText : null",
        |v| v.as_str().is_some_and(|t| t.contains("'city'")),
    );
    let overlay = overlay.as_str().unwrap_or_default();
    assert!(
        overlay.contains(&format!(
            "{file}:5:7: warning: 'city' is in typographic quotes „…“"
        )),
        "{overlay}"
    );
    assert!(
        overlay.contains("The site has 1 warning; it was built"),
        "{overlay}"
    );
    assert!(
        browser
            .eval("return document.querySelector('main').textContent")
            .as_str()
            .is_some_and(|t| t.contains("Remote lectures and seminars from Slovakia.")),
        "the page underneath was rebuilt with the edit"
    );
}
