//! A real browser watches a served page while its Markdown is edited, broken and fixed.

mod common;

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
    browser.wait("the live-reload connection", "return typeof EventSource === 'function' && performance.getEntriesByType('resource').some(e => e.name.includes('/__hamkor/livereload.js'))", |v| v == true);
    std::thread::sleep(std::time::Duration::from_millis(300));

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
