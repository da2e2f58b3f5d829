//! Building fixture sites: what the pages show, asserted on parsed HTML.

use crate::common;

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use common::{TestSite, attrs, run_in, snapshot, texts};

#[test]
fn partner_pages_list_their_visits_and_programs_newest_first() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let yonsei = site.html("partners/yonsei-university/index.html");
    assert_eq!(
        texts(&yonsei, "#visits li"),
        ["Delegation to Seoul", "Yonsei guests at the institute"]
    );
    assert_eq!(texts(&yonsei, "#programs li"), ["Remote lectures"]);
    assert_eq!(
        attrs(&yonsei, "#visits a", "href"),
        ["/visits/seoul-2023/", "/visits/yonsei-guests-2021/"]
    );
    let kosice = site.html("partners/university-of-kosice/index.html");
    assert_eq!(texts(&kosice, "#visits li"), ["Visit to Košice"]);
    assert_eq!(texts(&kosice, "#facts #country"), ["Slovakia"]);
}

#[test]
fn partner_index_is_alphabetical_with_country_and_kind_facets() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let index = site.html("partners/index.html");
    assert_eq!(texts(&index, "h2"), ["A", "C", "U", "Y"]);
    assert_eq!(
        texts(&index, ".letter li"),
        [
            "Apollo Clinic, Agra",
            "Catholic University of Korea",
            "University of Košice",
            "Yonsei University"
        ]
    );
    assert_eq!(
        texts(&index, "#countries li a"),
        ["India", "Slovakia", "South Korea"]
    );
    assert_eq!(texts(&index, "#countries .count"), ["1", "1", "2"]);
    assert_eq!(
        texts(&index, "#kinds li a"),
        ["University", "Hospital or clinic"]
    );
    assert_eq!(texts(&index, "#kinds .count"), ["3", "1"]);
    assert_eq!(
        texts(&index, "#content p"),
        ["Universities and clinics we work with."]
    );
}

#[test]
fn country_kind_and_area_pages_show_their_entries() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let kr = site.html("partners/countries/kr/index.html");
    assert_eq!(
        texts(&kr, "#partners li"),
        ["Catholic University of Korea", "Yonsei University"]
    );
    assert_eq!(texts(&kr, "#visits li"), ["Delegation to Seoul"]);
    let countries = site.html("partners/countries/index.html");
    assert_eq!(texts(&countries, "#countries .visits"), ["1", "1", "1"]);
    let hospitals = site.html("partners/kinds/hospital/index.html");
    assert_eq!(texts(&hospitals, "#partners li"), ["Apollo Clinic, Agra"]);
    let onco = site.html("areas/oncology/index.html");
    assert_eq!(
        texts(&onco, "#partners li"),
        ["Catholic University of Korea", "Yonsei University"]
    );
    assert_eq!(texts(&onco, "#visits li"), ["Delegation to Seoul"]);
    let edu = site.html("areas/medical-education/index.html");
    assert_eq!(texts(&edu, "#programs li"), ["Remote lectures"]);
    let areas = site.html("areas/index.html");
    assert_eq!(
        texts(&areas, "#areas li"),
        ["Oncology", "Transplantology", "Medical education"]
    );
}

#[test]
fn visits_are_paginated_newest_first_with_undated_last() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let p1 = site.html("visits/index.html");
    assert_eq!(
        texts(&p1, "#visits li a"),
        ["Visit to Apollo Clinic, Agra", "Delegation to Seoul"]
    );
    assert_eq!(
        texts(&p1, "#visits time"),
        ["January 2024", "12 April 2023"]
    );
    assert_eq!(
        attrs(&p1, "#visits time", "datetime"),
        ["2024-01", "2023-04-12"]
    );
    assert_eq!(
        attrs(&p1, "#pager a[rel=next]", "href"),
        ["/visits/page/2/"]
    );
    assert!(attrs(&p1, "#pager a[rel=prev]", "href").is_empty());
    let p2 = site.html("visits/page/2/index.html");
    assert_eq!(
        texts(&p2, "#visits li a"),
        ["Yonsei guests at the institute", "Visit to Košice"]
    );
    assert_eq!(attrs(&p2, "#pager a[rel=prev]", "href"), ["/visits/"]);
    assert!(!site.out().join("visits/page/3").exists());
    let first = site.html("visits/page/1/index.html");
    assert_eq!(attrs(&first, "link[rel=canonical]", "href"), ["/visits/"]);
}

#[test]
fn home_page_counts_and_latest_visits() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let home = site.html("index.html");
    assert_eq!(texts(&home, "#counts dd"), ["4", "3", "4", "2"]);
    assert_eq!(
        texts(&home, "#latest li"),
        [
            "Visit to Apollo Clinic, Agra",
            "Delegation to Seoul",
            "Yonsei guests at the institute"
        ]
    );
    assert_eq!(
        attrs(&home, "#content a", "href"),
        ["/partners/yonsei-university/"]
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    assert!(!site.out().join("partners/hidden-partner").exists());
    assert!(!site.out().join("visits/hidden-visit").exists());
    site.build_ok_with(&["--drafts"]);
    assert!(
        site.out()
            .join("partners/hidden-partner/index.html")
            .exists()
    );
    let hidden = site.html("partners/hidden-partner/index.html");
    assert_eq!(texts(&hidden, "#visits li"), ["Draft visit"]);
}

#[test]
fn markdown_has_anchors_toc_and_resolved_internal_links() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let yonsei = site.html("partners/yonsei-university/index.html");
    assert_eq!(
        attrs(&yonsei, "#content h2", "id"),
        ["history", "history-1"]
    );
    assert_eq!(attrs(&yonsei, "#toc a", "href"), ["#history", "#history-1"]);
    assert_eq!(
        attrs(&yonsei, "#content a", "href"),
        ["/partners/university-of-kosice/"]
    );
    let about = site.html("about/index.html");
    assert_eq!(
        attrs(&about, "#content a", "href"),
        ["/partners/yonsei-university/#history", "/visits/"]
    );
}

#[test]
fn bundle_images_are_copied_beside_their_page() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let apollo = site.html("partners/apollo-clinic-agra/index.html");
    assert_eq!(
        attrs(&apollo, "#logo", "src"),
        ["/partners/apollo-clinic-agra/logo.svg"]
    );
    assert!(
        site.out()
            .join("partners/apollo-clinic-agra/logo.svg")
            .is_file()
    );
}

/// Every `href` and `src` in `dir` that points inside the site must name a file of the output
/// when served under `base_path`.
fn assert_links_resolve(dir: &std::path::Path, base_path: &str) -> usize {
    let mut checked = 0;
    for (file, (bytes, _)) in snapshot(dir) {
        if file.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&bytes));
        let sel = scraper::Selector::parse("[href], [src]").expect("selector");
        for el in doc.select(&sel) {
            let url = el
                .value()
                .attr("href")
                .or_else(|| el.value().attr("src"))
                .unwrap_or_default();
            if url.starts_with("http") || url.starts_with("mailto:") || url.starts_with('#') {
                continue;
            }
            assert!(
                url.starts_with(base_path),
                "{}: {url} is outside {base_path}",
                file.display()
            );
            let path = url[base_path.len()..].split('#').next().unwrap_or_default();
            let target = if path.is_empty() || path.ends_with('/') {
                dir.join(path).join("index.html")
            } else {
                dir.join(path)
            };
            assert!(
                target.is_file(),
                "{}: {url} does not resolve",
                file.display()
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn every_link_resolves_under_a_sub_path_base_url() {
    let site = TestSite::fixture("basic");
    site.build_ok_with(&["--base-url", "https://example.org/coop/"]);
    let checked = assert_links_resolve(&site.out(), "/coop/");
    assert!(checked > 100, "only {checked} links checked");
    let about = site.html("about/index.html");
    assert_eq!(
        attrs(&about, "#content a", "href"),
        ["/coop/partners/yonsei-university/#history", "/coop/visits/"]
    );
}

#[test]
fn the_default_theme_links_resolve_under_a_sub_path() {
    let site = TestSite::fixture("basic");
    site.edit("site.yaml", "theme: min", "theme: default");
    std::fs::remove_dir_all(site.root().join("themes")).expect("remove test theme");
    site.build_ok_with(&["--base-url", "https://example.org/coop/"]);
    assert!(assert_links_resolve(&site.out(), "/coop/") > 100);
}

#[test]
fn two_builds_are_byte_identical_and_keep_unchanged_files() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let first = site.snapshot();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let r = site.build_ok();
    assert_eq!(site.snapshot(), first, "bytes or mtimes changed");
    assert!(r.stdout.contains("(0 changed)"), "{}", r.stdout);
}

#[test]
fn stale_files_are_removed() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    assert!(site.out().join("visits/kosice-undated/index.html").exists());
    site.remove("content/visits/kosice-undated.md");
    std::fs::write(site.out().join("leftover.txt"), "x").expect("write");
    site.build_ok();
    assert!(!site.out().join("visits/kosice-undated").exists());
    assert!(!site.out().join("leftover.txt").exists());
    let names: Vec<String> = std::fs::read_dir(site.root())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.contains("hamkor-") && !n.ends_with(".hamkor-lock")),
        "temporary folders left: {names:?}"
    );
}

#[test]
fn site_templates_override_the_theme_one_file_at_a_time() {
    let site = TestSite::fixture("basic");
    site.write("templates/404.html", "{% extends \"base.html\" %}{% block main %}<p id=\"custom\">Custom 404</p>{% endblock main %}");
    site.write("static/min.css", "body{color:red}");
    site.build_ok();
    assert_eq!(texts(&site.html("404.html"), "#custom"), ["Custom 404"]);
    assert_eq!(
        std::fs::read_to_string(site.out().join("min.css")).expect("css"),
        "body{color:red}"
    );
    // the other templates still come from the theme
    assert_eq!(
        texts(&site.html("partners/index.html"), "h1"),
        ["Our partners"]
    );
}

#[test]
fn check_reports_success_without_writing() {
    let site = TestSite::fixture("basic");
    let r = site.run(&["check", "--root", "."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("no problems"), "{}", r.stdout);
    assert!(!site.out().exists());
}

/// A folder holding a site at `site/`, with its own home, cache and temporary folders, so
/// that a run writing anywhere in them (beside the site, in a cache in the home folder, in
/// a temporary file) shows in [`Sandbox::listing`].
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().expect("tempdir");
        for d in ["site", "home/.cache", "tmp"] {
            std::fs::create_dir_all(dir.path().join(d)).expect("mkdir");
        }
        Sandbox { dir }
    }

    fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let p = self.site().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }

    fn run(&self, args: &[&str]) -> common::Run {
        let home = self.dir.path().join("home");
        common::Run::of(
            std::process::Command::new(env!("CARGO_BIN_EXE_hamkor"))
                .args(args)
                .current_dir(self.site())
                .env("HOME", &home)
                .env("USERPROFILE", &home)
                .env("XDG_CACHE_HOME", home.join(".cache"))
                .env("TMPDIR", self.dir.path().join("tmp"))
                .env("TMP", self.dir.path().join("tmp"))
                .env("TEMP", self.dir.path().join("tmp"))
                .env_remove("GITHUB_STEP_SUMMARY"),
        )
    }

    /// Every file and folder in the sandbox: its kind, its bytes' hash and its modification
    /// time. A folder's time changes when an entry is added or removed in it, so a file
    /// written and removed again shows too.
    fn listing(&self) -> BTreeMap<PathBuf, (bool, u64, SystemTime)> {
        walkdir::WalkDir::new(self.dir.path())
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.expect("readable"))
            .map(|e| {
                let meta = e.metadata().expect("metadata");
                let hash = if meta.is_file() {
                    let mut h = std::hash::DefaultHasher::new();
                    std::fs::read(e.path()).expect("read").hash(&mut h);
                    h.finish()
                } else {
                    0
                };
                (
                    e.path()
                        .strip_prefix(self.dir.path())
                        .expect("inside")
                        .to_path_buf(),
                    (meta.is_dir(), hash, meta.modified().expect("mtime")),
                )
            })
            .collect()
    }

    /// Runs `hamkor check` and fails the test if it wrote, created or removed anything.
    fn check_writes_nothing(&self, args: &[&str]) -> common::Run {
        let before = self.listing();
        // File systems with coarse times would hide a write made in the same tick.
        std::thread::sleep(std::time::Duration::from_millis(20));
        let r = self.run(&[&["check", "--root", "."], args].concat());
        let after = self.listing();
        let changed: std::collections::BTreeSet<_> = before
            .keys()
            .chain(after.keys())
            .filter(|k| before.get(*k) != after.get(*k))
            .collect();
        assert!(
            changed.is_empty(),
            "check changed {changed:?}\nstdout: {}\nstderr: {}",
            r.stdout,
            r.stderr
        );
        r
    }
}

/// The fixture site with a PNG logo large enough to need a thumbnail, and a JPEG one.
fn sandbox_with_logos() -> Sandbox {
    let sandbox = Sandbox::new();
    common::copy_dir(&common::fixtures().join("basic"), &sandbox.site());
    common::copy_dir(
        &common::fixtures().join("theme-min"),
        &sandbox.site().join("themes/min"),
    );
    sandbox.write(
        "content/partners/seoul-clinic/index.md",
        "---\ntitle: Seoul Clinic\nkind: hospital\ncountry: KR\nlogo: logo.png\n---\nA clinic.\n",
    );
    sandbox.write(
        "content/partners/seoul-clinic/logo.png",
        common::png(640, 320, |x, _| [(x % 256) as u8, 40, 90]),
    );
    let mut jpeg = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_fn(500, 400, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 7])
    })
    .write_to(&mut jpeg, image::ImageFormat::Jpeg)
    .expect("encode");
    sandbox.write(
        "content/partners/busan-foundation/index.md",
        "---\ntitle: Busan Foundation\nkind: foundation\ncountry: KR\nlogo: logo.jpg\n---\nA foundation.\n",
    );
    sandbox.write(
        "content/partners/busan-foundation/logo.jpg",
        jpeg.into_inner(),
    );
    sandbox
}

#[test]
fn check_writes_nothing_with_or_without_a_thumbnail_cache() {
    let sandbox = sandbox_with_logos();
    let cache = sandbox.site().join(".hamkor-cache/thumbnails");
    // No cache yet: check makes the thumbnails in memory and leaves no cache behind.
    let r = sandbox.check_writes_nothing(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("no problems"), "{}", r.stdout);
    assert!(!sandbox.site().join(".hamkor-cache").exists());

    // A build fills the cache; a check afterwards leaves it as it is, even the leftover of a
    // build that was killed while writing to it (a cleanup that only building does).
    let r = sandbox.run(&["build", "--root", "."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let cached = std::fs::read_dir(&cache).expect("cache").count();
    assert_eq!(cached, 2, "one thumbnail per logo that needs one");
    std::fs::write(cache.join(".4000000000.0.tmp"), "half").expect("write");
    let r = sandbox.check_writes_nothing(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = sandbox.check_writes_nothing(&["--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    // A cache holding only some of the thumbnails is not completed by check either.
    let first = std::fs::read_dir(&cache)
        .expect("cache")
        .flatten()
        .map(|e| e.path())
        .find(|p| !p.to_string_lossy().ends_with(".tmp"))
        .expect("a thumbnail");
    std::fs::remove_file(first).expect("remove");
    let r = sandbox.check_writes_nothing(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn check_writes_nothing_when_it_finds_warnings_or_errors() {
    let sandbox = sandbox_with_logos();
    sandbox.write(
        "content/partners/yonsei-university.md",
        std::fs::read_to_string(sandbox.site().join("content/partners/yonsei-university.md"))
            .expect("read")
            .replacen(
                "city: Seoul",
                "city: Seoul\nlocation: {lat: 41.31, lon: 69.28}",
                1,
            ),
    );
    let r = sandbox.check_writes_nothing(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("1 warning"), "{}", r.stdout);
    let r = sandbox.check_writes_nothing(&["--deny-warnings"]);
    assert_eq!(r.code, 1, "{}", r.stderr);

    // A PNG whose header reads but whose pixels do not: only decoding it finds that, and
    // check does, in memory, with or without a cache that a build filled.
    let r = sandbox.run(&["build", "--root", "."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let cache = sandbox.site().join(".hamkor-cache");
    for with_cache in [true, false] {
        assert_eq!(cache.exists(), with_cache);
        let mut png = common::png(640, 320, |x, y| [(x % 256) as u8, (y % 256) as u8, 1]);
        png.truncate(200);
        sandbox.write("content/partners/seoul-clinic/logo.png", &png);
        let r = sandbox.check_writes_nothing(&[]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(
            r.stderr.starts_with(
                "content/partners/seoul-clinic/index.md:5:7: error: logo 'logo.png' is a damaged PNG file: it cannot be read as an image\n"
            ),
            "{}",
            r.stderr
        );
        if with_cache {
            std::fs::remove_dir_all(&cache).expect("remove");
        }
    }
}

#[test]
fn check_writes_nothing_on_the_bundled_site() {
    let sandbox = Sandbox::new();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(repo.join("site.yaml"), sandbox.site().join("site.yaml")).expect("copy");
    for d in ["content", "themes"] {
        common::copy_dir(&repo.join(d), &sandbox.site().join(d));
    }
    let r = sandbox.check_writes_nothing(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("checked "), "{}", r.stdout);
}

#[test]
fn crlf_line_endings_and_a_bom_are_accepted() {
    let site = TestSite::fixture("basic");
    let text = site
        .read("content/partners/university-of-kosice.md")
        .replace('\n', "\r\n");
    site.write(
        "content/partners/university-of-kosice.md",
        format!("\u{feff}{text}"),
    );
    site.build_ok();
    assert_eq!(
        texts(&site.html("partners/university-of-kosice/index.html"), "h1"),
        ["University of Košice"]
    );
}

#[test]
fn aliases_write_redirect_pages() {
    let site = TestSite::fixture("basic");
    site.edit(
        "content/partners/university-of-kosice.md",
        "status: active",
        "status: active\naliases: [/partners/kosice/]",
    );
    site.build_ok();
    let redirect = site.html("partners/kosice/index.html");
    assert_eq!(
        attrs(&redirect, "link[rel=canonical]", "href"),
        ["/partners/university-of-kosice/"]
    );
    assert_eq!(
        attrs(&redirect, "meta[http-equiv=refresh]", "content"),
        ["0; url=/partners/university-of-kosice/"]
    );
}

#[test]
fn new_writes_a_skeleton_with_a_transliterated_slug_and_refuses_to_overwrite() {
    let site = TestSite::fixture("basic");
    let r = site.run(&[
        "new",
        "partner",
        "Казанский федеральный университет",
        "--root",
        ".",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = site.read("content/partners/kazanskii-federalnyi-universitet.md");
    assert!(
        text.starts_with("---\ntitle: \"Казанский федеральный университет\"\n"),
        "{text}"
    );
    let again = site.run(&[
        "new",
        "partner",
        "Казанский федеральный университет",
        "--root",
        ".",
    ]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    let r = site.run(&["new", "visit", "Oʻzbekiston delegatsiyasi", "--root", "."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        site.root()
            .join("content/visits/ozbekiston-delegatsiyasi.md")
            .is_file()
    );
}

#[test]
fn new_refuses_outside_a_site_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let r = run_in(
        dir.path(),
        &["new", "partner", "Chungbuk National University"],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "error: no site.yaml in this folder or any folder above it: `hamkor new` adds to a site; \
         run it inside the site's folder, give the folder with --root, or start a site with `hamkor init`\n"
    );
    assert_eq!(r.stdout, "");
    let r = run_in(
        dir.path(),
        &[
            "new",
            "partner",
            "Chungbuk National University",
            "--root",
            ".",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "error: no site.yaml in this folder: `hamkor new` adds to a site; give the site's folder \
         with --root, or start a site with `hamkor init`\n"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("list").count(),
        0,
        "something was written outside a site"
    );
}

#[test]
fn new_run_inside_the_content_folder_writes_into_the_site() {
    let site = TestSite::fixture("basic");
    // As the system names the folder (no `\\?\` on Windows).
    let root = dunce::canonicalize(site.root()).expect("canonical root");
    let r = run_in(
        &root.join("content/partners"),
        &["new", "partner", "Chungbuk National University"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let path = root.join("content/partners/chungbuk-national-university.md");
    assert_eq!(
        r.stdout,
        common::slashed(format!(
            "created {}\n",
            hamkor::diagnostic::display_path(&path)
        ))
    );
    assert!(path.is_file());
    assert!(!root.join("content/partners/content").exists());
    // From a folder further down, and for another section.
    std::fs::create_dir_all(root.join("content/visits/photos")).expect("mkdir");
    let r = run_in(
        &root.join("content/visits/photos"),
        &["new", "visit", "Guests from Chungbuk"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        root.join("content/visits/guests-from-chungbuk.md")
            .is_file()
    );
}

#[test]
fn new_says_where_slugs_country_codes_and_areas_come_from() {
    let site = TestSite::fixture("basic");
    let r = site.run(&["new", "partner", "Chungbuk National University"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = site.read("content/partners/chungbuk-national-university.md");
    for line in [
        "# The file name is the partner's slug, `chungbuk-national-university`: its page is partners/chungbuk-national-university/ and other\n",
        "# Two-letter ISO 3166-1 code, e.g. KR, IN, RU, DE\n",
        "# areas: [oncology]     # slugs from content/areas.yaml\n",
    ] {
        assert!(text.contains(line), "{line:?} missing from\n{text}");
    }
    let r = site.run(&["new", "visit", "Guests from Chungbuk"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = site.read("content/visits/guests-from-chungbuk.md");
    assert!(
        text.contains(
            "# partners: [partner-slug]  # file names in content/partners/, without .md\n"
        ),
        "{text}"
    );
}

#[test]
fn new_warns_when_the_title_is_already_an_entry_or_a_translation() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/partners/university-of-kosice.ru.md",
        "---\ntitle: Университет Кошице\n---\nТекст.\n",
    );
    site.write(
        "content/partners/apollo-clinic-agra/index.uz.md",
        "---\ntitle: Apollo klinikasi\n---\nMatn.\n",
    );
    // The title of an entry, in other capitals (the file name differs: "of" is left out).
    let r = site.run(&["new", "partner", "UNIVERSITY OF KOŠICE", "--root", "."]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let r = site.run(&["new", "partner", "University Košice", "--root", "."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    // A translation's title.
    let r = site.run(&["new", "partner", "университет КОШИЦЕ", "--root", "."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "warning: content/partners/university-of-kosice.ru.md already has the title 'университет КОШИЦЕ' \
         (ignoring case): if it is the same partner, edit that file instead\n"
    );
    assert!(
        site.root()
            .join("content/partners/universitet-koshitse.md")
            .is_file()
    );
    // A bundle's translation.
    let r = site.run(&["new", "partner", "Apollo Klinikasi", "--root", "."]);
    assert_eq!(
        r.stderr,
        "warning: content/partners/apollo-clinic-agra/index.uz.md already has the title 'Apollo Klinikasi' \
         (ignoring case): if it is the same partner, edit that file instead\n"
    );
    // An entry of the same section, under a new file name; another section's titles do not count.
    let r = site.run(&["new", "visit", "delegation to seoul", "--root", "."]);
    assert!(
        r.stderr
            .contains("content/visits/seoul-2023.md already has the title"),
        "{}",
        r.stderr
    );
    let r = site.run(&["new", "program", "Delegation to Seoul", "--root", "."]);
    assert_eq!(r.stderr, "");
}

#[test]
fn a_malformed_base_url_is_a_usage_error() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let before = site.snapshot();
    for (url, why) in [
        (
            "example.org",
            "base URL 'example.org' must be absolute: write it with https://, e.g. https://example.org",
        ),
        (
            "https://",
            "base URL 'https://' has no host: write the site's address, e.g. https://example.org/",
        ),
        (
            "ftp://x",
            "base URL 'ftp://x' must start with https:// or http://, not ftp://",
        ),
    ] {
        let r = site.run(&["build", "--root", ".", "--base-url", url]);
        assert_eq!(r.code, 2, "{url}: {}", r.stderr);
        assert_eq!(
            r.stderr,
            format!(
                "error: invalid value '{url}' for '--base-url <BASE_URL>': {why}\n\nFor more information, try '--help'.\n"
            ),
            "{url}"
        );
    }
    assert_eq!(site.snapshot(), before, "the previous site was touched");
}

/// On Windows a folder cannot be renamed while a program has a file in it open: the build says
/// so and keeps the previous site. (Wine renames such a folder all the same, so there this
/// runs only on Windows itself.)
#[cfg(windows)]
#[test]
fn an_output_folder_held_open_is_reported_and_kept() {
    use std::os::windows::fs::OpenOptionsExt;
    if std::env::var_os("WINEPREFIX").is_some() {
        eprintln!("skipping: wine does not keep a folder with an open file from being renamed");
        return;
    }
    let site = TestSite::fixture("basic");
    site.build_ok();
    let before = site.snapshot();
    // Opened as an editor or a viewer would hold it: shared with nobody.
    let held = std::fs::OpenOptions::new()
        .read(true)
        .share_mode(0)
        .open(site.out().join("index.html"))
        .expect("open");
    site.edit(
        "content/partners/university-of-kosice.md",
        "Remote lectures",
        "Lectures",
    );
    let r = site.build();
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("cannot replace this folder: another program has it or a file in it open"),
        "{}",
        r.stderr
    );
    drop(held);
    assert_eq!(site.snapshot(), before, "the previous site was touched");
    site.build_ok();
}
