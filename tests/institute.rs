//! The bundled institute site builds with the real default theme, and its pages say what the
//! content says.

mod common;

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
