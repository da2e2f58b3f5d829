//! The Windows build, run under wine: it must write the same site as the Linux build, byte
//! for byte, report the same problems (paths aside), and serve edits.
//!
//! `HAMKOR_WINDOWS_EXE` names the `hamkor.exe` to run, with the `bcryptprimitives.dll` shim
//! beside it (`scripts/windows-exe` builds both and prints the path). Without it, or without
//! `wine`, the tests say why they are skipped; under CI they fail instead.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Once;

use common::TestSite;
use common::server::Server;

/// The Windows binary and a command that runs it under wine, or `None` after saying why not.
fn windows(test: &str) -> Option<PathBuf> {
    let exe = std::env::var_os("HAMKOR_WINDOWS_EXE")
        .map(PathBuf::from)
        .filter(|p| p.is_file());
    let has_wine = Command::new("wine").arg("--version").output().is_ok();
    let found = exe.filter(|_| has_wine);
    let exe = common::require_tool(
        test,
        found,
        "the Windows build run by wine",
        "apt-get install wine64 gcc-mingw-w64-x86-64; rustup target add x86_64-pc-windows-gnu; \
         export HAMKOR_WINDOWS_EXE=$(scripts/windows-exe)",
    )?;
    // A fresh wine prefix takes many seconds to set up: once, before anything is timed.
    static PREFIX: Once = Once::new();
    PREFIX.call_once(|| {
        let out = wine(&exe).arg("--version").output().expect("run wine");
        assert!(
            out.status.success(),
            "hamkor.exe --version under wine failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    });
    Some(exe)
}

/// `exe` under wine, with the shim preferred to wine's own DLL and no installer dialogs.
fn wine(exe: &Path) -> Command {
    let mut c = Command::new("wine");
    c.arg(exe)
        .env("WINEDEBUG", "-all")
        .env("WINEDLLOVERRIDES", "bcryptprimitives=n,b;mscoree=;mshtml=");
    c
}

fn run(mut command: Command, dir: &Path, args: &[&str]) -> common::Run {
    common::Run::of(command.args(args).current_dir(dir))
}

fn linux() -> Command {
    Command::new(env!("CARGO_BIN_EXE_hamkor"))
}

/// A copy of the repository's own site (`site.yaml`, `content/`, `themes/`) in `dir`, with
/// the lines of every file hamkor reads (Markdown, YAML, templates, map data) ending in
/// `newline`. Static files are published byte for byte as they are.
fn bundled_site(dir: &Path, newline: &str) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(dir).expect("mkdir");
    std::fs::copy(repo.join("site.yaml"), dir.join("site.yaml")).expect("copy");
    for part in ["content", "themes"] {
        common::copy_dir(&repo.join(part), &dir.join(part));
    }
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.expect("walk");
        let path = entry.path();
        let text_file = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("md" | "yaml" | "html" | "tsv")
        );
        if entry.file_type().is_file() && text_file {
            let text = std::fs::read_to_string(path).expect("read");
            std::fs::write(path, text.replace("\r\n", "\n").replace('\n', newline)).expect("write");
        }
    }
}

#[test]
fn the_windows_build_writes_the_bundled_site_byte_for_byte_like_linux() {
    let Some(exe) = windows("the_windows_build_writes_the_bundled_site_byte_for_byte_like_linux")
    else {
        return;
    };
    // Copies of the site outside the repository: under wine, a Windows program cannot start
    // the system's (Linux) git with pipes, so neither build reads the history that dates the
    // feeds; everything else is the bundled site.
    let tmp = tempfile::tempdir().expect("tempdir");
    let lf = tmp.path().join("lf");
    let crlf = tmp.path().join("crlf");
    bundled_site(&lf, "\n");
    bundled_site(&crlf, "\r\n");
    let on_linux = run(linux(), &lf, &["build", "--output", "linux"]);
    assert_eq!(on_linux.code, 0, "{}", on_linux.stderr);
    let linux_files = common::contents(&lf.join("linux"));
    assert!(linux_files.len() > 200, "{} files", linux_files.len());
    let on_windows = run(wine(&exe), &lf, &["build", "--output", "windows"]);
    assert_eq!(on_windows.code, 0, "{}", on_windows.stderr);
    assert_same_tree(&linux_files, &common::contents(&lf.join("windows")));
    // As git with `core.autocrlf` checks the files out on Windows.
    let from_crlf = run(wine(&exe), &crlf, &["build"]);
    assert_eq!(from_crlf.code, 0, "{}", from_crlf.stderr);
    assert_same_tree(&linux_files, &common::contents(&crlf.join("public")));
}

/// Equal trees, or a failure naming the first files that differ.
fn assert_same_tree(
    expected: &std::collections::BTreeMap<String, Vec<u8>>,
    actual: &std::collections::BTreeMap<String, Vec<u8>>,
) {
    let missing: Vec<_> = expected
        .keys()
        .filter(|k| !actual.contains_key(*k))
        .collect();
    let extra: Vec<_> = actual
        .keys()
        .filter(|k| !expected.contains_key(*k))
        .collect();
    let differ: Vec<_> = expected
        .iter()
        .filter(|(k, v)| actual.get(*k).is_some_and(|a| a != *v))
        .map(|(k, _)| k)
        .collect();
    let first_difference = differ.first().map(|k| {
        let (a, b) = (
            String::from_utf8_lossy(&expected[*k]),
            String::from_utf8_lossy(&actual[*k]),
        );
        let at = a.lines().zip(b.lines()).position(|(x, y)| x != y);
        at.map(|i| {
            (
                a.lines().nth(i).unwrap_or("").to_string(),
                b.lines().nth(i).unwrap_or("").to_string(),
            )
        })
    });
    assert!(
        missing.is_empty() && extra.is_empty() && differ.is_empty(),
        "missing {missing:?}, extra {extra:?}, different {:?}; first different line: {first_difference:?}",
        &differ[..differ.len().min(10)]
    );
}

#[test]
fn the_windows_build_reports_a_broken_site_like_linux() {
    let Some(exe) = windows("the_windows_build_reports_a_broken_site_like_linux") else {
        return;
    };
    let site = TestSite::fixture("basic");
    site.edit(
        "content/visits/seoul-2023.md",
        "yonsei-university",
        "yonsei-univ",
    );
    site.edit(
        "content/partners/university-of-kosice.md",
        "country: sk",
        "country: xx",
    );
    // Found by a Windows disk, which ignores capitals, but not by the web server.
    site.edit(
        "content/partners/apollo-clinic-agra/index.md",
        "logo: logo.svg",
        "logo: Logo.SVG",
    );
    site.write(
        "content/programs/broken.md",
        "---\r\ntitle: Broken\r\nkind: training\r\npartners: [nobody]\r\nstart: 2023-13-01\r\n---\r\n",
    );
    let expected = run(linux(), site.root(), &["check"]);
    assert_eq!(expected.code, 1, "{}", expected.stderr);
    assert!(expected.stderr.contains("content/visits/seoul-2023.md:"));
    assert!(
        expected
            .stderr
            .contains("logo 'Logo.SVG' is named 'logo.svg'"),
        "{}",
        expected.stderr
    );
    let actual = run(wine(&exe), site.root(), &["check"]);
    assert_eq!(actual.code, 1, "{}", actual.stderr);
    // Paths as Windows writes them, and otherwise the same words.
    assert!(
        actual.stderr.contains(r"content\visits\seoul-2023.md:"),
        "{}",
        actual.stderr
    );
    assert_eq!(actual.stderr.replace('\\', "/"), expected.stderr);
    assert!(actual.stdout.is_empty() && expected.stdout.is_empty());
    // The same from `build`, which writes nothing.
    let built = run(wine(&exe), site.root(), &["build"]);
    assert_eq!(built.code, 1);
    assert_eq!(built.stderr, actual.stderr);
    assert!(!site.out().exists());
}

#[test]
fn the_windows_build_serves_an_edit() {
    let Some(exe) = windows("the_windows_build_serves_an_edit") else {
        return;
    };
    let site = TestSite::fixture("basic");
    let mut command = wine(&exe);
    command
        .args(["serve", "--port", "0", "--root", "."])
        .current_dir(site.root());
    let server = Server::spawn(command);
    let page = "/partners/university-of-kosice/";
    assert_eq!(server.get(page).status, 200);
    assert!(!server.get(page).text().contains("Edited under Windows"));
    site.edit(
        "content/partners/university-of-kosice.md",
        "\n---\n",
        "\n---\nEdited under Windows.\n\n",
    );
    server.wait_for(page, "Edited under Windows");
    // The folder it serves, as Windows names it: a drive letter, no `\\?\`.
    let serving = server.wait_log("serving ");
    assert!(
        serving.starts_with(r"serving Z:\") && !serving.contains(r"\\?\"),
        "{serving}"
    );
}
