//! What search engines and readers' tools get: a sitemap of every page, robots.txt, and a
//! canonical URL with Open Graph data on every page, all absolute under a sub-path base URL.

mod common;

use common::{TestSite, attrs};

const BASE: &str = "https://example.org/coop/";

fn built(theme_default: bool) -> TestSite {
    let site = TestSite::fixture("basic");
    if theme_default {
        site.edit("site.yaml", "theme: min", "theme: default");
    }
    let r = site.run(&["build", "--root", ".", "--base-url", BASE]);
    assert_eq!(r.code, 0, "{}", r.stderr);
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
