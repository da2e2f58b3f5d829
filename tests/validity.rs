//! Every HTML page of the bundled site, in every language, passes the W3C Nu HTML Checker
//! with no errors. Needs Java and the checker (`vnu.jar`, from the npm package `vnu-jar`):
//! `.ci/run` installs both and names the jar in `VNU_JAR`. Without them the test says why it
//! is skipped, except under CI, where it fails.

use std::path::PathBuf;
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

#[test]
fn every_page_of_the_bundled_site_is_valid_html() {
    let (Some(jar), true) = (vnu_jar(), java()) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "Java and vnu.jar are required under CI (VNU_JAR)"
        );
        eprintln!(
            "skipping: Java or vnu.jar is missing (apt-get install default-jre-headless; npm install vnu-jar; set VNU_JAR)"
        );
        return;
    };
    let out = tempfile::tempdir().expect("tempdir");
    let site = out.path().join("public");
    let built = Command::new(env!("CARGO_BIN_EXE_hamkor"))
        .args(["build", "--root", env!("CARGO_MANIFEST_DIR"), "--output"])
        .arg(&site)
        .output()
        .expect("run hamkor");
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let checked = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "text"])
        .arg(&site)
        .output()
        .expect("run the Nu checker");
    let report = String::from_utf8_lossy(&checked.stderr).into_owned()
        + &String::from_utf8_lossy(&checked.stdout);
    assert!(
        checked.status.success(),
        "the Nu HTML Checker found errors:\n{report}"
    );
}
