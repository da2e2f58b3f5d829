//! What search engines and readers' tools get: a sitemap of every page, robots.txt, and a
//! canonical URL with Open Graph data on every page, all absolute under a sub-path base URL.

use crate::common;

use common::{TestSite, attrs};

const BASE: &str = "https://example.org/coop/";

fn built(theme_default: bool) -> TestSite {
    let site = TestSite::fixture("basic");
    if theme_default {
        site.edit("site.yaml", "theme: min", "theme: default");
    }
    site.build_ok_with(&["--base-url", BASE]);
    site
}

#[test]
fn the_sitemap_lists_every_page_as_an_absolute_url_that_exists() {
    let site = built(false);
    let text = std::fs::read_to_string(site.out().join("sitemap.xml")).expect("sitemap");
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let locs: Vec<&str> = root
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.contains(&"https://example.org/coop/partners/yonsei-university/"));
    assert!(locs.contains(&"https://example.org/coop/visits/page/2/"));
    assert!(!locs.iter().any(|l| l.contains("hidden-partner")
        || l.ends_with("404.html")
        || l.ends_with("visits/page/1/")));
    for loc in &locs {
        let rel = loc
            .strip_prefix(BASE)
            .unwrap_or_else(|| panic!("{loc} is not under {BASE}"));
        let file = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        };
        assert!(site.out().join(&file).is_file(), "{loc} has no file");
    }
    // Every HTML page except redirects and the 404 page is listed.
    let pages = common::snapshot(&site.out())
        .into_keys()
        .filter(|p| p.extension().is_some_and(|e| e == "html") && p.to_string_lossy() != "404.html")
        .filter(|p| {
            !std::fs::read_to_string(site.out().join(p))
                .unwrap_or_default()
                .contains("http-equiv=\"refresh\"")
        })
        .count();
    assert_eq!(locs.len(), pages);
}

#[test]
fn robots_txt_points_at_the_sitemap() {
    let site = built(false);
    let text = std::fs::read_to_string(site.out().join("robots.txt")).expect("robots");
    assert_eq!(
        text,
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/coop/sitemap.xml\n"
    );
}

#[test]
fn pages_have_a_canonical_url_and_open_graph_data() {
    let site = built(true);
    let page = site.html("partners/yonsei-university/index.html");
    assert_eq!(
        attrs(&page, "link[rel=canonical]", "href"),
        ["https://example.org/coop/partners/yonsei-university/"]
    );
    assert_eq!(
        attrs(&page, "meta[property='og:url']", "content"),
        ["https://example.org/coop/partners/yonsei-university/"]
    );
    assert_eq!(
        attrs(&page, "meta[property='og:title']", "content"),
        ["Yonsei University"]
    );
    assert_eq!(
        attrs(&page, "meta[name=description]", "content"),
        ["Yonsei faculty gave remote lectures."]
    );
    assert_eq!(
        attrs(&page, "link[rel=sitemap]", "href"),
        ["/coop/sitemap.xml"]
    );
}

const ATOM: &str = "http://www.w3.org/2005/Atom";

fn child_text<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<&'a str> {
    node.children()
        .find(|n| n.has_tag_name((ATOM, name)))
        .and_then(|n| n.text())
}

/// The `<entry>` elements of a feed, in order.
fn feed_entries<'a>(feed: roxmltree::Node<'a, 'a>) -> Vec<roxmltree::Node<'a, 'a>> {
    feed.children()
        .filter(|n| n.has_tag_name((ATOM, "entry")))
        .collect()
}

/// The titles of feed entries.
fn titles<'a>(entries: &[roxmltree::Node<'a, 'a>]) -> Vec<&'a str> {
    entries
        .iter()
        .filter_map(|e| child_text(*e, "title"))
        .collect()
}

#[test]
fn the_atom_feed_lists_dated_visits_newest_first_with_absolute_urls() {
    let site = built(false);
    let text = std::fs::read_to_string(site.out().join("feed.xml")).expect("feed");
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")));
    assert_eq!(child_text(feed, "id"), Some(BASE));
    assert_eq!(child_text(feed, "title"), Some("Fixture cooperation"));
    assert_eq!(child_text(feed, "updated"), Some("2024-01-01T00:00:00Z"));
    let self_link = feed
        .children()
        .find(|n| n.has_tag_name((ATOM, "link")) && n.attribute("rel") == Some("self"));
    assert_eq!(
        self_link.and_then(|n| n.attribute("href")),
        Some("https://example.org/coop/feed.xml")
    );
    assert!(feed.children().any(|n| n.has_tag_name((ATOM, "author"))));
    let entries = feed_entries(feed);
    let titles = titles(&entries);
    // The undated visit has nothing to be announced by outside a git history.
    assert_eq!(
        titles,
        [
            "Visit to Apollo Clinic, Agra",
            "Delegation to Seoul",
            "Yonsei guests at the institute"
        ]
    );
    for e in &entries {
        let id = child_text(*e, "id").expect("id");
        assert!(id.starts_with(BASE), "{id}");
        let href = e
            .children()
            .find(|n| n.has_tag_name((ATOM, "link")))
            .and_then(|n| n.attribute("href"));
        assert_eq!(href, Some(id));
        let updated = child_text(*e, "updated").expect("updated");
        assert!(updated.len() == 20 && updated.ends_with('Z'), "{updated}");
    }
    assert_eq!(
        child_text(entries[1], "published"),
        Some("2023-04-12T00:00:00Z")
    );
}

#[test]
fn in_a_git_repository_entries_are_updated_when_last_committed() {
    let site = TestSite::fixture("basic");
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(site.root())
            .args(["-c", "user.email=t@example.org", "-c", "user.name=t"])
            .args(args)
            .env("GIT_COMMITTER_DATE", "2025-03-04T05:06:07Z")
            .env("GIT_AUTHOR_DATE", "2025-03-04T05:06:07Z")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let test = "in_a_git_repository_entries_are_updated_when_last_committed";
    let initialised = git(&["init", "-q"]).then_some(());
    if common::require_tool(test, initialised, "git", "apt-get install git").is_none() {
        return;
    }
    assert!(git(&["add", "."]) && git(&["commit", "-qm", "record"]));
    site.build_ok();
    let text = std::fs::read_to_string(site.out().join("feed.xml")).expect("feed");
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let feed = doc.root_element();
    assert_eq!(child_text(feed, "updated"), Some("2025-03-04T05:06:07Z"));
    let entries = feed_entries(feed);
    let titles = titles(&entries);
    assert_eq!(
        titles.last(),
        Some(&"Visit to Košice"),
        "the undated visit is announced by its commit"
    );
    assert!(child_text(*entries.last().expect("entry"), "published").is_none());
}

#[test]
fn every_page_links_the_feed() {
    let site = built(true);
    let page = site.html("about/index.html");
    assert_eq!(
        attrs(
            &page,
            "link[rel=alternate][type='application/atom+xml']",
            "href"
        ),
        ["/coop/feed.xml"]
    );
}
