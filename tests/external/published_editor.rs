//! The editor a published site gets with `cms:` in `site.yaml`, in headless Chromium, saving
//! to a GitHub repository (a fake of GitHub's API, `common::github`, holding the bundled
//! site): it lists the entries as the repository holds them (`x.md`, `x.ru.md`), edits a
//! translation, makes a partner, and uploads a logo, which moves a one-file partner into a
//! bundle by renames git follows. After each save, `hamkor check` passes on the repository.

use crate::common;

use std::path::Path;

use common::browser::Browser;
use common::decap;
use common::github::{Change, FakeGitHub};
use common::static_server::StaticServer;

const REPO: &str = "institute/cooperation";

/// The bundled site's sources, as the repository holds them.
fn sources() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(here.join("site.yaml"), dir.path().join("site.yaml")).expect("site.yaml");
    common::copy_dir(&here.join("content"), &dir.path().join("content"));
    dir
}

/// `hamkor check` on the repository's files as they are now.
fn check_passes(github: &FakeGitHub) {
    let dir = tempfile::tempdir().expect("tempdir");
    for (path, bytes) in github.files() {
        let file = dir.path().join(&path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).expect("folder");
        }
        std::fs::write(&file, bytes).expect("file");
    }
    let run = common::run_in(dir.path(), &["check"]);
    assert_eq!(run.code, 0, "hamkor check failed:\n{}", run.stderr);
}

fn text(github: &FakeGitHub, path: &str) -> String {
    let files = github.files();
    let bytes = files
        .get(path)
        .unwrap_or_else(|| panic!("{path} is not in the repository"));
    String::from_utf8_lossy(bytes).into_owned()
}

/// The paths the newest commits changed, oldest first, with how.
fn changes(github: &FakeGitHub, newest: usize) -> Vec<(String, Vec<(String, &'static str)>)> {
    let commits = github.commits();
    commits[commits.len().saturating_sub(newest)..]
        .iter()
        .map(|c| {
            let paths = c
                .changes
                .iter()
                .map(|(p, how)| {
                    let how = match how {
                        Change::Added(_) => "added",
                        Change::Deleted => "deleted",
                        Change::Modified(_) => "modified",
                    };
                    (p.clone(), how)
                })
                .collect();
            (c.message.clone(), paths)
        })
        .collect()
}

#[test]
fn the_published_editor_saves_to_github_in_hamkors_layout() {
    let Some((chromium, driver)) = common::browser::require("published editor") else {
        return;
    };
    let sources = sources();
    let github = FakeGitHub::start(sources.path(), REPO);
    let before = github.files();

    // The site as CI builds it, its editor pointed at the repository.
    let site = tempfile::tempdir().expect("tempdir");
    common::copy_dir(sources.path(), site.path());
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).expect("site.yaml");
    std::fs::write(
        site.path().join("site.yaml"),
        format!(
            "{yaml}\ncms:\n  repo: {REPO}\n  api_root: {}\n",
            github.url()
        ),
    )
    .expect("site.yaml");
    let out = site.path().join("public");
    common::build_site(
        site.path(),
        &[std::ffi::OsStr::new("--output"), out.as_os_str()],
    );
    let server = StaticServer::start(&out);
    let admin = server.url("/admin/");
    let b = Browser::start(&chromium, &driver);
    b.set_window_size(1280, 1000);
    // Signed in already, as the OAuth window leaves an editor (set on another page of the
    // site: the editor reads it when it starts).
    b.open(&server.url("/"));
    b.eval(
        "localStorage.setItem('decap-cms-user', JSON.stringify({token: 'editor-token', backendName: 'hamkor-github'})); return true",
    );

    // 1. The partners as the repository holds them: one entry each, by its title.
    decap::open_collection(&b, &admin, "partners");
    let listed = decap::entries(&b);
    let log = github.log().join("\n");
    assert!(
        listed.contains(&(
            "ACN Group of Institutions".to_string(),
            "acn-group-of-institutions/index".to_string()
        )),
        "{listed:?}\n{log}"
    );
    assert!(
        listed.iter().all(|(_, slug)| slug.ends_with("/index")),
        "{listed:?}"
    );

    // 2. A translation: the Russian file changes, and only the entry's files.
    let stem = "acn-group-of-institutions";
    decap::open_entry(&b, "partners", &format!("{stem}/index"));
    assert_eq!(decap::field_value(&b, "Title"), "ACN Group of Institutions");
    decap::fill_text(&b, "ru:Title", "Группа институтов ACN");
    decap::publish(&b);
    decap::wait_saved(&b).unwrap_or_else(|e| panic!("{e}\n{}", github.log().join("\n")));
    let ru = text(&github, &format!("content/partners/{stem}.ru.md"));
    assert!(ru.contains("title: Группа институтов ACN"), "{ru}");
    let saved = changes(&github, 1);
    for (path, _) in &saved[0].1 {
        assert!(
            path.starts_with(&format!("content/partners/{stem}.")),
            "the save changed {path}: {saved:?}"
        );
    }
    check_passes(&github);

    // 3. A logo: first a commit of renames alone, then the save.
    let logo = crate::editor::png_logo(sources.path().parent().unwrap_or(sources.path()));
    let files_before = github.files();
    decap::open_collection(&b, &admin, "partners");
    decap::open_entry(&b, "partners", &format!("{stem}/index"));
    decap::upload_image(&b, "Logo", &logo);
    decap::publish(&b);
    decap::wait_saved(&b).unwrap_or_else(|e| panic!("{e}\n{}", github.log().join("\n")));
    let commits = github.commits();
    let [.., moved, saved] = &commits[..] else {
        panic!("fewer than two commits: {:?}", changes(&github, 2));
    };
    for lang in ["", ".ru", ".uz"] {
        let from = format!("content/partners/{stem}{lang}.md");
        let to = format!("content/partners/{stem}/index{lang}.md");
        assert_eq!(moved.changes.get(&from), Some(&Change::Deleted), "{from}");
        assert_eq!(
            moved.changes.get(&to),
            files_before
                .get(&from)
                .map(|b| Change::Added(b.clone()))
                .as_ref(),
            "{to} is not {from} unchanged"
        );
    }
    assert_eq!(moved.changes.len(), 6, "{:?}", changes(&github, 2));
    assert!(
        matches!(
            saved
                .changes
                .get(&format!("content/partners/{stem}/logo.png")),
            Some(Change::Added(_))
        ),
        "{:?}",
        changes(&github, 1)
    );
    let index = text(&github, &format!("content/partners/{stem}/index.md"));
    assert!(index.contains("logo: logo.png"), "{index}");
    check_passes(&github);

    // 4. A new partner, kept as one file.
    decap::open_collection(&b, &admin, "partners");
    crate::editor::fill_example_partner(&b);
    decap::publish(&b);
    decap::wait_saved(&b).unwrap_or_else(|e| panic!("{e}\n{}", github.log().join("\n")));
    let new = text(&github, "content/partners/example-medical-university.md");
    assert!(new.contains("country: DE"), "{new}");
    check_passes(&github);

    // Nothing but those entries changed.
    let after = github.files();
    let changed: Vec<&String> = after
        .keys()
        .chain(before.keys())
        .filter(|p| after.get(*p) != before.get(*p))
        .collect();
    for path in changed {
        assert!(
            path.starts_with(&format!("content/partners/{stem}"))
                || path.starts_with("content/partners/example-medical-university"),
            "{path} changed"
        );
    }
}
