//! `hamkor init`: the site it writes builds at once with no problems on the built-in theme,
//! in one language or several; it tells the editor what to edit; bad arguments and folders
//! that are not empty are refused before anything is written. Also the `--version` line.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Run, attrs, texts};

fn hamkor(dir: &Path, args: &[&str]) -> Run {
    common::run_in(dir, args)
}

/// Runs `hamkor init site <args>` in a new temporary folder; returns the folder and the site.
fn init(args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let r = hamkor(tmp.path(), &[&["init", "site"], args].concat());
    assert_eq!(r.code, 0, "init failed:\n{}", r.stderr);
    assert_eq!(r.stderr, "");
    let site = tmp.path().join("site");
    (tmp, site)
}

/// Builds the site and checks it, failing unless both find no problem at all, and no page
/// lacks its translation.
fn build_clean(site: &Path) {
    let built = hamkor(site, &["build"]);
    assert_eq!(built.code, 0, "build failed:\n{}", built.stderr);
    assert_eq!(built.stderr, "");
    let checked = hamkor(site, &["check"]);
    assert_eq!(checked.code, 0, "check failed:\n{}", checked.stderr);
    assert_eq!(checked.stderr, "");
    assert!(
        checked
            .stdout
            .starts_with("checked 1 partners, 1 visits, 1 programs and ")
            && checked.stdout.lines().count() == 1,
        "{}",
        checked.stdout
    );
    // Every file of a new site is in every language it was made with.
    let translations = hamkor(site, &["check", "--translations"]);
    assert_eq!(
        (
            translations.code,
            translations.stdout.as_str(),
            translations.stderr.as_str()
        ),
        (0, "", ""),
    );
}

fn html(site: &Path, rel: &str) -> scraper::Html {
    let text = std::fs::read_to_string(site.join("public").join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"));
    scraper::Html::parse_document(&text)
}

#[test]
fn a_new_site_builds_with_no_problems_and_says_what_to_edit() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let r = hamkor(tmp.path(), &["init", "my-site"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("created my-site/site.yaml\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("\nNext steps:\n  cd my-site\n  hamkor serve"),
        "{}",
        r.stdout
    );
    let site = tmp.path().join("my-site");
    for rel in [
        "site.yaml",
        ".gitignore",
        "content/_index.md",
        "content/areas.yaml",
        "content/partners/_index.md",
        "content/partners/example-university.md",
        "content/visits/example-visit.md",
        "content/programs/example-program.md",
        ".github/workflows/check.yml",
        ".github/workflows/publish.yml",
    ] {
        assert!(site.join(rel).is_file(), "{rel} was not written");
    }
    // One language: no translations.
    assert!(!site.join("content/_index.ru.md").exists());
    let gitignore = std::fs::read_to_string(site.join(".gitignore")).expect("read");
    assert!(
        gitignore.contains("\npublic/\n.hamkor-cache/\n"),
        "{gitignore}"
    );
    let partner_file =
        std::fs::read_to_string(site.join("content/partners/example-university.md")).expect("read");
    assert!(
        partner_file.contains("# Two-letter ISO 3166-1 code, e.g. KR, IN, RU, DE\ncountry: DE\n"),
        "the example keeps the comments of `hamkor new`:\n{partner_file}"
    );

    build_clean(&site);

    let home = html(&site, "index.html");
    let text = texts(&home, "main").join(" ");
    assert!(text.contains("content/_index.md"), "{text}");
    assert!(text.contains("How to edit this site"), "{text}");
    assert_eq!(texts(&home, "head > title"), ["International Cooperation"]);

    let partner = html(&site, "partners/example-university/index.html");
    assert_eq!(texts(&partner, "h1"), ["Example University"]);
    let links = attrs(&partner, "main a", "href");
    assert!(
        links.iter().any(|l| l == "/visits/example-visit/"),
        "{links:?}"
    );
    assert!(
        links.iter().any(|l| l == "/programs/example-program/"),
        "{links:?}"
    );
    let body = texts(&partner, "main").join(" ");
    assert!(
        body.contains("Edit content/partners/example-university.md"),
        "{body}"
    );
    let visit = html(&site, "visits/example-visit/index.html");
    let links = attrs(&visit, "main a", "href");
    assert!(
        links.iter().any(|l| l == "/partners/example-university/"),
        "{links:?}"
    );

    if let Some(jar) = common::vnu::checker("init") {
        common::vnu::assert_valid(&jar, &site.join("public"));
    }
}

/// The commands the site's workflows run succeed on the new site, quietly.
#[test]
fn the_workflow_commands_pass_on_a_new_site() {
    let (_tmp, site) = init(&[]);
    for (workflow, command) in [
        ("check.yml", "run: hamkor check --format github\n"),
        (
            "publish.yml",
            "run: hamkor build --format github --base-url \"$BASE_URL/\"\n",
        ),
    ] {
        let text =
            std::fs::read_to_string(site.join(".github/workflows").join(workflow)).expect("read");
        assert!(text.contains(command), "{workflow}:\n{text}");
    }
    let checked = hamkor(&site, &["check", "--format", "github"]);
    assert_eq!(checked.code, 0, "{}", checked.stderr);
    assert!(!checked.stdout.contains("::error"), "{}", checked.stdout);
    let built = hamkor(
        &site,
        &[
            "build",
            "--format",
            "github",
            "--base-url",
            "https://owner.github.io/site/",
        ],
    );
    assert_eq!(built.code, 0, "{}", built.stderr);
    let home = html(&site, "index.html");
    assert!(
        attrs(&home, "link[rel=stylesheet]", "href")
            .iter()
            .all(|h| h.starts_with("/site/")),
        "published under the Pages sub-path"
    );
}

#[test]
fn a_site_in_three_languages_has_every_page_translated() {
    let (_tmp, site) = init(&["--languages", "en,uz,ru"]);
    for rel in [
        "content/_index.uz.md",
        "content/_index.ru.md",
        "content/partners/example-university.ru.md",
        "content/visits/example-visit.uz.md",
        "content/programs/_index.ru.md",
    ] {
        assert!(site.join(rel).is_file(), "{rel} was not written");
    }
    build_clean(&site);
    let partner = html(&site, "ru/partners/example-university/index.html");
    assert_eq!(texts(&partner, "h1"), ["Университет-пример"]);
    let home = html(&site, "uz/index.html");
    assert_eq!(texts(&home, "head > title"), ["Xalqaro hamkorlik"]);
    assert!(
        texts(&home, "main")
            .join(" ")
            .contains("content/_index.uz.md"),
        "the Uzbek home page names its own file"
    );
    if let Some(jar) = common::vnu::checker("init") {
        common::vnu::assert_valid(&jar, &site.join("public"));
    }
}

#[test]
fn a_site_in_russian_first_has_its_originals_in_russian() {
    let (_tmp, site) = init(&[
        "--languages",
        "ru,en",
        "--title",
        "Институт \"Пример\": сотрудничество",
    ]);
    build_clean(&site);
    let yaml = std::fs::read_to_string(site.join("site.yaml")).expect("read");
    assert!(yaml.contains("\nlanguages: [ru, en]\n"), "{yaml}");
    let home = html(&site, "index.html");
    assert_eq!(
        texts(&home, "head > title"),
        ["Институт \"Пример\": сотрудничество"]
    );
    assert_eq!(
        texts(&html(&site, "partners/example-university/index.html"), "h1"),
        ["Университет-пример"]
    );
    assert_eq!(
        texts(
            &html(&site, "en/partners/example-university/index.html"),
            "h1"
        ),
        ["Example University"]
    );
}

#[test]
fn the_title_is_the_one_given() {
    let (_tmp, site) = init(&["--title", "Cooperation of the Example Institute"]);
    build_clean(&site);
    assert_eq!(
        texts(&html(&site, "index.html"), "head > title"),
        ["Cooperation of the Example Institute"]
    );
}

#[test]
fn an_unknown_language_is_refused_and_nothing_is_written() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let r = hamkor(tmp.path(), &["init", "site", "--languages", "en,xx"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: unknown language 'xx' in --languages; hamkor knows en, ru, uz\n"
    );
    assert_eq!(r.stdout, "");
    assert!(!tmp.path().join("site").exists());
}

#[test]
fn a_folder_that_is_not_empty_is_refused_and_left_alone() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let site = tmp.path().join("site");
    std::fs::create_dir(&site).expect("mkdir");
    std::fs::write(site.join("notes.txt"), "mine").expect("write");
    let r = hamkor(tmp.path(), &["init", "site"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: site is not empty; hamkor init writes a new site into an empty folder\n"
    );
    assert_eq!(r.stdout, "");
    let left = common::contents(&site);
    assert_eq!(left.keys().collect::<Vec<_>>(), ["notes.txt"]);
    assert_eq!(left["notes.txt"], b"mine");

    // The current folder is named by its full path, `.` would say little.
    let r = hamkor(&site, &["init"]);
    assert_eq!(r.code, 2);
    let here = dunce::canonicalize(&site).expect("canonical");
    assert_eq!(
        r.stderr,
        format!(
            "error: {} is not empty; hamkor init writes a new site into an empty folder\n",
            here.display()
        )
    );
    assert_eq!(common::contents(&site).len(), 1);
}

#[test]
fn an_empty_current_folder_gets_the_site() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let r = hamkor(tmp.path(), &["init"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("  cd "), "{}", r.stdout);
    build_clean(tmp.path());
}

/// `hamkor 0.1.0`, and from a git checkout `hamkor 0.1.0 (8483f65 2026-11-30)`: the commit
/// it was built from and that commit's date.
#[test]
fn the_version_names_the_commit_it_was_built_from() {
    let r = hamkor(Path::new(env!("CARGO_MANIFEST_DIR")), &["--version"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let line = r.stdout.strip_suffix('\n').expect("one line");
    let version = concat!("hamkor ", env!("CARGO_PKG_VERSION"));
    let head = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let Some(head) = head else {
        // Without git here (a Windows build tested under wine was built where git ran), the
        // version, and a commit only if the build had one.
        assert!(
            line == version || line.starts_with(&format!("{version} (")),
            "{line}"
        );
        return;
    };
    let (hash, date) = line
        .strip_prefix(version)
        .and_then(|rest| rest.strip_prefix(" ("))
        .and_then(|rest| rest.strip_suffix(')'))
        .and_then(|rest| rest.split_once(' '))
        .unwrap_or_else(|| panic!("not `{version} (<commit> <date>)`: {line}"));
    assert!(
        hash.len() >= 7 && head.starts_with(hash),
        "{hash} is not HEAD ({head})"
    );
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let parts: Vec<&str> = date.split('-').collect();
    assert!(
        parts.len() == 3 && parts.iter().all(|p| digits(p)) && parts[0].len() == 4,
        "not a date: {date}"
    );
}
