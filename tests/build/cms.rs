//! The editor a published site gets with `cms:` in `site.yaml`: `/admin/` with Decap CMS's
//! page, script and license notices; and none without `cms:`.

use crate::common;

use std::io::Read;

use common::TestSite;

fn vendored(file: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/vendor/decap-cms/{file}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect(file)
}

#[test]
fn cms_in_site_yaml_publishes_the_editor_under_admin() {
    let site = TestSite::fixture("basic");
    site.edit(
        "site.yaml",
        "base_url: https://example.org/",
        "base_url: https://example.org/coop/\ncms:\n  repo: institute/cooperation\n  base_url: https://oauth.example.org",
    );
    site.build_ok();
    let doc = site.html("admin/index.html");
    assert_eq!(
        common::texts(&doc, "title"),
        ["Fixture cooperation — editor"]
    );
    assert_eq!(
        common::attrs(&doc, "link[rel=cms-config-url]", "href"),
        ["config.yml"]
    );
    // Decap waits while hamkor's GitHub backend registers, then starts.
    let src = common::attrs(&doc, "script", "src");
    assert_eq!(src.len(), 2, "{src:?}");
    assert!(src[0].starts_with("decap-cms.js?v="), "{src:?}");
    assert!(src[1].starts_with("hamkor-github.js?v="), "{src:?}");
    let inline = common::texts(&doc, "script:not([src])").join("");
    assert!(
        inline.contains("window.CMS_MANUAL_INIT = true;"),
        "{inline}"
    );
    let backend =
        std::fs::read_to_string(site.out().join("admin/hamkor-github.js")).expect("backend");
    assert!(backend.contains("CMS.registerBackend(\"hamkor-github\", HamkorGitHub);"));
    let config: serde_json::Value = serde_yaml::from_str(
        &std::fs::read_to_string(site.out().join("admin/config.yml")).expect("config.yml"),
    )
    .expect("config.yml is YAML");
    assert_eq!(config["backend"]["name"], "hamkor-github");
    assert_eq!(config["backend"]["repo"], "institute/cooperation");
    // The link back to the site carries the base path. A parser that runs scripts reads
    // `<noscript>` as text, which is HTML for one that does not.
    let noscript = common::texts(&doc, "noscript").join("");
    let inner = scraper::Html::parse_fragment(&noscript);
    assert_eq!(
        common::attrs(&inner, "a", "href"),
        ["/coop/", "decap-cms.js.LICENSE.txt"]
    );

    let mut script = Vec::new();
    flate2::read::GzDecoder::new(&vendored("decap-cms.js.gz")[..])
        .read_to_end(&mut script)
        .expect("gzip");
    let written = std::fs::read(site.out().join("admin/decap-cms.js")).expect("script");
    assert_eq!(written.len(), script.len());
    assert!(written == script, "the written script differs from vendor/");
    let notices = std::fs::read_to_string(site.out().join("admin/decap-cms.js.LICENSE.txt"))
        .expect("notices");
    for file in ["LICENSE", "decap-cms.js.LICENSE.txt"] {
        let text = String::from_utf8(vendored(file)).expect("text");
        assert!(notices.contains(&text), "{file} is not in the notices");
    }
}

#[test]
fn without_cms_nothing_is_written_under_admin() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    assert!(site.out().join("index.html").is_file());
    let admin: Vec<String> = common::contents(&site.out())
        .into_keys()
        .filter(|p| p.starts_with("admin/"))
        .collect();
    assert_eq!(admin, Vec::<String>::new());
}

#[test]
fn a_page_of_the_sites_own_at_admin_replaces_the_built_in_one() {
    let site = TestSite::fixture("basic");
    site.edit(
        "site.yaml",
        "base_url: https://example.org/",
        "base_url: https://example.org/\ncms: {repo: institute/cooperation}",
    );
    site.write(
        "static/admin/index.html",
        "<!doctype html><title>Ours</title>",
    );
    site.build_ok();
    assert_eq!(
        common::texts(&site.html("admin/index.html"), "title"),
        ["Ours"]
    );
    assert!(site.out().join("admin/decap-cms.js").is_file());
}
