//! The W3C Nu HTML Checker (`vnu.jar`, from the npm package `vnu-jar`, run with Java):
//! `.ci/run` installs both and names the jar in `VNU_JAR`.

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

/// The checker's jar, or `None` after saying why `test` is skipped (failing under CI).
pub fn checker(test: &str) -> Option<PathBuf> {
    let found = vnu_jar().filter(|_| java());
    super::require_tool(
        test,
        found,
        "Java with the Nu HTML Checker (VNU_JAR)",
        "apt-get install default-jre-headless; npm install vnu-jar; set VNU_JAR",
    )
}

/// Checks every HTML file under `site`; fails with the checker's report.
pub fn assert_valid(jar: &Path, site: &Path) {
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
