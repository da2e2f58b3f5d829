//! The bundled institute site builds with the real default theme, and its pages say what the
//! content says.

use crate::common;

use std::path::Path;

use common::{attrs, texts};

fn build_institute() -> (tempfile::TempDir, std::path::PathBuf) {
    let out = tempfile::tempdir().expect("tempdir");
    let dest = out.path().join("public");
    common::build_bundled_site(&dest, &["--base-url", "https://example.org/coop/"]);
    (out, dest)
}

fn html(dir: &Path, rel: &str) -> scraper::Html {
    scraper::Html::parse_document(
        &std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}")),
    )
}

#[test]
fn every_kind_of_page_is_written() {
    let (_tmp, out) = build_institute();
    for page in [
        "index.html",
        "404.html",
        "about/index.html",
        "partners/index.html",
        "partners/yonsei-university/index.html",
        "partners/countries/index.html",
        "partners/countries/in/index.html",
        "partners/kinds/index.html",
        "partners/kinds/university/index.html",
        "areas/index.html",
        "areas/traditional-medicine/index.html",
        "visits/index.html",
        "visits/apollo-clinic-agra-visit/index.html",
        "programs/index.html",
        "programs/remote-lectures-and-practical-training/index.html",
        "style.css",
    ] {
        assert!(out.join(page).is_file(), "{page} missing");
    }
}

#[test]
fn partner_pages_show_the_programs_that_name_them() {
    let (_tmp, out) = build_institute();
    let yonsei = html(&out, "partners/yonsei-university/index.html");
    assert_eq!(texts(&yonsei, "h1"), ["Yonsei University"]);
    let links = attrs(&yonsei, "main a", "href");
    assert!(
        links.contains(&"/coop/programs/remote-lectures-and-practical-training/".to_string()),
        "{links:?}"
    );
    // The program's list of partners names Yonsei as the page shown, not as a link to itself.
    assert!(
        !links.contains(&"/coop/partners/yonsei-university/".to_string()),
        "{links:?}"
    );
    assert_eq!(
        texts(&yonsei, ".card-program [aria-current=page]"),
        ["Yonsei University"]
    );
    let india = html(&out, "partners/countries/in/index.html");
    let names = texts(&india, "main h3, main h2");
    assert!(
        names.iter().any(|n| n.contains("Apollo Clinic")),
        "{names:?}"
    );
}

#[test]
fn the_repository_site_checks_clean() {
    let r = std::process::Command::new(env!("CARGO_BIN_EXE_hamkor"))
        .args(["check", "--root", env!("CARGO_MANIFEST_DIR")])
        .output()
        .expect("run hamkor");
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
}

#[test]
fn every_entry_of_the_bundled_site_is_translated() {
    let r = common::run_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["check", "--translations"],
    );
    // No file lacks a translation: nothing at all is printed.
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (0, "", ""),
        "{}",
        r.stdout
    );
}

/// Every `.html` file under `dir`, as paths relative to it.
fn html_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = e.expect("directory entry").path();
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|x| x == "html") {
                found.push(path.strip_prefix(dir).expect("under dir").to_path_buf());
            }
        }
    }
    found.sort();
    found
}

#[test]
fn no_uzbek_or_russian_page_shows_the_untranslated_notice() {
    let (_tmp, out) = build_institute();
    for lang in ["uz", "ru"] {
        let pages = html_files(&out.join(lang));
        assert!(pages.len() > 50, "{lang}: only {} pages", pages.len());
        let marked: Vec<String> = pages
            .iter()
            .filter(|rel| {
                let doc = html(&out.join(lang), &rel.to_string_lossy());
                !texts(&doc, ".fallback-notice").is_empty()
            })
            .map(|rel| rel.display().to_string())
            .collect();
        assert!(marked.is_empty(), "{lang}: {marked:?}");
    }
}

/// The partners of the bundled content and, for each, whether its front matter names a city
/// and a location.
fn partners_with_city_and_location() -> Vec<(String, bool, bool)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/partners");
    let mut partners = Vec::new();
    for e in std::fs::read_dir(&dir).expect("content/partners") {
        let mut path = e.expect("directory entry").path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let Some(mut name) = name else { continue };
        // A bundle: the partner is the folder's index.md.
        if path.is_dir() {
            path = path.join("index.md");
            name.push_str(".md");
        }
        let Some(slug) = name.strip_suffix(".md") else {
            continue;
        };
        if slug.starts_with('_') || slug.contains('.') || !path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("partner file");
        let front = text.split("\n---").next().unwrap_or("");
        let has = |key: &str| front.lines().any(|l| l.starts_with(key));
        partners.push((slug.to_string(), has("city:"), has("location:")));
    }
    partners.sort();
    partners
}

#[test]
fn the_map_of_the_bundled_site_shows_every_partner_with_a_location() {
    let partners = partners_with_city_and_location();
    let without: Vec<&str> = partners
        .iter()
        .filter(|(_, city, location)| *city && !*location)
        .map(|(slug, _, _)| slug.as_str())
        .collect();
    assert!(without.is_empty(), "a city but no location: {without:?}");
    let located = partners.iter().filter(|(_, _, l)| *l).count();
    let (_tmp, out) = build_institute();
    for page in [
        "index.html",
        "partners/countries/index.html",
        "uz/index.html",
        "ru/index.html",
    ] {
        let doc = html(&out, page);
        let sel = scraper::Selector::parse("svg.map-svg a.map-point").expect("selector");
        let points: Vec<_> = doc.select(&sel).collect();
        assert!(!points.is_empty(), "{page}: no points on the map");
        // Partners close together share one point, whose label begins "<Partners>: <n>, ".
        let shown: usize = points
            .iter()
            .map(|a| {
                let label = a.value().attr("aria-label").unwrap_or("");
                if a.value().classes().any(|c| c == "map-point-many") {
                    label
                        .split_once(": ")
                        .and_then(|(_, rest)| rest.split(',').next())
                        .and_then(|n| n.parse().ok())
                        .unwrap_or_else(|| panic!("{page}: no count in {label:?}"))
                } else {
                    1
                }
            })
            .sum();
        assert_eq!(shown, located, "{page}");
    }
}
