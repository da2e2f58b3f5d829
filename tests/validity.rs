//! Every HTML page of the bundled site, in every language, passes the W3C Nu HTML Checker
//! with no errors. Needs Java and the checker (`vnu.jar`, from the npm package `vnu-jar`):
//! `.ci/run` installs both and names the jar in `VNU_JAR`. Without them the test says why it
//! is skipped, except under CI, where it fails.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn vnu_jar() -> Option<PathBuf> {
    let from_env = std::env::var_os("VNU_JAR").map(PathBuf::from);
    let candidates = [
        from_env,
        Some(PathBuf::from("node_modules/vnu-jar/build/dist/vnu.jar")),
    ];
    candidates.into_iter().flatten().find(|p| p.is_file())
}

fn java() -> bool {
    Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The checker's jar, or `None` after saying why the test is skipped (failing under CI).
fn checker() -> Option<PathBuf> {
    let found = vnu_jar().filter(|_| java());
    common::require_tool(
        "validity",
        found,
        "Java with the Nu HTML Checker (VNU_JAR)",
        "apt-get install default-jre-headless; npm install vnu-jar; set VNU_JAR",
    )
}

/// Checks every HTML file under `site`; fails with the checker's report.
fn assert_valid(jar: &Path, site: &Path) {
    let checked = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .args(["--errors-only", "--skip-non-html", "--format", "text"])
        .arg(site)
        .output()
        .expect("run the Nu checker");
    let report = String::from_utf8_lossy(&checked.stderr).into_owned()
        + &String::from_utf8_lossy(&checked.stdout);
    assert!(
        checked.status.success(),
        "the Nu HTML Checker found errors:\n{report}"
    );
}

#[test]
fn every_page_of_the_bundled_site_is_valid_html() {
    let Some(jar) = checker() else { return };
    let out = tempfile::tempdir().expect("tempdir");
    let site = out.path().join("public");
    common::build_bundled_site(&site, &[]);
    assert_valid(&jar, &site);
}

/// What the bundled site lacks (coordinates, dated visits, logos, several pages of visits)
/// shows in the fixture: its map points, time line, thumbnails and pager are valid too.
#[test]
fn map_points_figures_and_logos_are_valid_html() {
    let Some(jar) = checker() else { return };
    let site = common::TestSite::fixture("basic");
    site.edit("site.yaml", "theme: min", "theme: default");
    common::locate_partners(&site);
    site.build_ok();
    assert_valid(&jar, &site.out());
}
