//! The editor at `/admin/` of `hamkor serve` in headless Chromium: it starts without loading
//! anything from another host, and, driven as an editor would drive it, makes a partner and a
//! visit by filling forms, edits a translation, uploads a logo, and sees a save that would
//! break the site refused. After each save the file on disk is checked
//! against what `hamkor new` writes with those values, `hamkor check` against the site, and
//! the preview against the change.

use crate::common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::TestSite;
use common::browser::Browser;
use common::decap;
use common::server::Server;
use hamkor::content::model::Section;
use serde_json::Value;

/// The bundled site, copied, as a git repository with one commit.
pub(crate) fn bundled_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(here.join("site.yaml"), dir.path().join("site.yaml")).expect("site.yaml");
    common::copy_dir(&here.join("content"), &dir.path().join("content"));
    if here.join("themes").is_dir() {
        common::copy_dir(&here.join("themes"), &dir.path().join("themes"));
    }
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "bundled site"]);
    dir
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Editor",
            "-c",
            "user.email=editor@example.org",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn check_passes(root: &Path) {
    let run = common::run_in(root, &["check"]);
    assert_eq!(run.code, 0, "hamkor check failed:\n{}", run.stderr);
}

/// Waits until the preview's page at `path` holds `needle`; returns how long that took.
fn preview_shows(server: &Server, path: &str, needle: &str) -> Duration {
    server.wait_for(path, needle)
}

pub(crate) fn png_logo(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("logo.png");
    std::fs::write(
        &path,
        common::png(64, 64, |x, y| [(x * 4) as u8, (y * 4) as u8, 128]),
    )
    .expect("logo");
    path
}

/// A new partner's form filled as both editor tests fill it: the title, kind University,
/// Germany chosen by name, and the areas Oncology and Surgery.
pub(crate) fn fill_example_partner(b: &Browser) {
    decap::new_entry(b, "partners");
    decap::fill_text(b, "Title", "Example Medical University");
    decap::pick_select(b, "Kind", "University");
    decap::pick_select(b, "Country", "Germany");
    decap::pick_many(b, "Areas", &["Oncology", "Surgery"]);
}

#[test]
fn editors_make_and_change_entries_through_the_forms() {
    let Some((chromium, driver)) = common::browser::require("editor forms") else {
        return;
    };
    let site = bundled_site();
    let root = site.path();
    let server = Server::start(root, &[]);
    let base = format!("http://127.0.0.1:{}", server.port);
    let admin = format!("{base}/admin/");
    let b = Browser::start(&chromium, &driver);
    b.set_window_size(1280, 1000);

    // 1. A new partner: country chosen by name, kind, two areas, an agreement.
    decap::open_collection(&b, &admin, "partners");
    fill_example_partner(&b);
    let item = decap::add_list_item(&b, "Agreements");
    decap::pick_select(
        &b,
        &format!("Agreements > {item} > Type"),
        "Memorandum of understanding",
    );
    decap::fill_text(
        &b,
        &format!("Agreements > {item} > Title"),
        "Memorandum of understanding",
    );
    decap::fill_text(&b, &format!("Agreements > {item} > Signed"), "2024-05-12");
    decap::fill_text(&b, "Text", "Joint work in oncology.");
    let saved = Instant::now();
    decap::publish(&b);
    decap::wait_saved(&b).expect("the new partner saves");
    let rel = "content/partners/example-medical-university.md";
    assert_eq!(
        read(root, rel),
        hamkor::new::filled(
            Section::Partners,
            "\"Example Medical University\"",
            &[
                ("kind", "university"),
                ("country", "DE"),
                ("areas", "[oncology, surgery]"),
                (
                    "agreements",
                    "\n  - {type: memorandum, title: \"Memorandum of understanding\", signed: 2024-05-12}"
                ),
            ],
            "Joint work in oncology.\n"
        )
    );
    let took = preview_shows(
        &server,
        "/partners/example-medical-university/",
        "Example Medical University",
    );
    eprintln!(
        "save to preview (new partner): {:?} after Publish, {:?} in all",
        took,
        saved.elapsed()
    );
    preview_shows(&server, "/partners/", "Example Medical University");
    check_passes(root);

    // 2. A visit that links it through the relation picker.
    decap::open_collection(&b, &admin, "visits");
    decap::new_entry(&b, "visits");
    decap::fill_text(&b, "Title", "Example delegation");
    decap::pick_select(&b, "Direction", "Incoming delegation");
    decap::pick_relation(&b, "Partners", "Example Med", "Example Medical University");
    decap::fill_text(&b, "Date", "2024-06-03");
    decap::publish(&b);
    decap::wait_saved(&b).expect("the visit saves");
    assert_eq!(
        read(root, "content/visits/example-delegation.md"),
        hamkor::new::filled(
            Section::Visits,
            "\"Example delegation\"",
            &[
                ("direction", "incoming"),
                ("date", "2024-06-03"),
                ("partners", "[example-medical-university]"),
            ],
            ""
        )
    );
    preview_shows(
        &server,
        "/visits/example-delegation/",
        "Example Medical University",
    );
    preview_shows(
        &server,
        "/partners/example-medical-university/",
        "Example delegation",
    );
    check_passes(root);

    // 3. The Russian translation of an existing partner.
    let stem = "acn-group-of-institutions";
    let ru = format!("content/partners/{stem}.ru.md");
    let before = read(root, &ru);
    decap::open_collection(&b, &admin, "partners");
    decap::open_entry(&b, "partners", &format!("{stem}/index"));
    decap::fill_text(&b, "ru:Title", "Группа институтов ACN");
    decap::publish(&b);
    decap::wait_saved(&b).expect("the translation saves");
    assert_eq!(
        read(root, &ru),
        before.replacen(
            "title: \"ACN Group of Institutions\"",
            "title: \"Группа институтов ACN\"",
            1
        )
    );
    preview_shows(
        &server,
        &format!("/ru/partners/{stem}/"),
        "Группа институтов ACN",
    );
    check_passes(root);

    // 4. A logo: the one-file partner becomes a bundle, by renames git follows.
    let logo = png_logo(site.path().parent().unwrap_or(site.path()));
    let original = read(root, &format!("content/partners/{stem}.md"));
    decap::open_collection(&b, &admin, "partners");
    decap::open_entry(&b, "partners", &format!("{stem}/index"));
    decap::upload_image(&b, "Logo", &logo);
    decap::publish(&b);
    decap::wait_saved(&b).expect("the logo saves");
    let bundle = format!("content/partners/{stem}/index.md");
    assert_eq!(
        read(root, &bundle),
        original.replacen(
            "areas: [pharmacology, medical-education]\n",
            "areas: [pharmacology, medical-education]\nlogo: logo.png\n",
            1
        )
    );
    assert!(
        root.join(format!("content/partners/{stem}/index.ru.md"))
            .is_file()
    );
    assert!(
        root.join(format!("content/partners/{stem}/index.uz.md"))
            .is_file()
    );
    assert!(!root.join(format!("content/partners/{stem}.md")).exists());
    git(root, &["add", "-A"]);
    let status = git(root, &["status", "--porcelain"]);
    for lang in ["", ".ru", ".uz"] {
        let line = format!(
            "R  content/partners/{stem}{lang}.md -> content/partners/{stem}/index{lang}.md"
        );
        assert!(status.contains(&line), "{line} not in\n{status}");
    }
    preview_shows(&server, &format!("/partners/{stem}/"), "logo");
    check_passes(root);

    // 5. A save that would break the site: a slug another partner has.
    let files_before = common::snapshot(&root.join("content"));
    decap::open_collection(&b, &admin, "partners");
    decap::new_entry(&b, "partners");
    decap::fill_text(&b, "Title", "Another University");
    decap::fill_text(&b, "Slug", "example-medical-university");
    decap::pick_select(&b, "Kind", "University");
    decap::pick_select(&b, "Country", "Germany");
    decap::publish(&b);
    let refused = decap::wait_saved(&b).expect_err("a slug two files share is refused");
    assert!(
        refused.contains("example-medical-university"),
        "the editor is not shown hamkor's diagnostic: {refused}"
    );
    assert_eq!(
        decap::field_value(&b, "Title"),
        "Another University",
        "the form lost the input"
    );
    assert_eq!(
        common::snapshot(&root.join("content")),
        files_before,
        "a refused save changed files"
    );
}

#[test]
fn in_chromium_the_editor_starts_and_loads_nothing_from_another_host() {
    let test = "in_chromium_the_editor_starts_and_loads_nothing_from_another_host";
    let Some((chromium, driver)) = common::browser::require(test) else {
        return;
    };
    let site = TestSite::fixture("basic");
    let server = Server::start(site.root(), &[]);
    server.wait_rebuilds(1);
    let browser = Browser::start(&chromium, &driver);
    let origin = format!("http://127.0.0.1:{}", server.port);
    browser.open(&format!("{origin}/admin/"));
    browser.wait(
        "Decap CMS to start",
        "return typeof window.CMS === 'object' && typeof window.CMS.registerWidget === 'function'",
        |v| v == &Value::Bool(true),
    );
    // Started, it reads its configuration from the address the page names and offers to
    // sign in to hamkor's own backend (no account: the button goes straight in).
    browser.wait(
        "Decap CMS to read config.yml",
        "return document.body.innerText",
        |v| v.as_str().is_some_and(|t| t.contains("Login")),
    );
    let resources = browser.eval(
        "return performance.getEntriesByType('resource') \
           .map(e => [e.name, e.encodedBodySize, e.decodedBodySize])",
    );
    let resources = resources.as_array().cloned().unwrap_or_default();
    let names: Vec<&str> = resources.iter().filter_map(|r| r[0].as_str()).collect();
    for name in &names {
        assert!(
            name.starts_with(&format!("{origin}/")),
            "{name} is from another host: {names:?}"
        );
    }
    // Every element that can load something points at this server too.
    let elsewhere = browser.eval(
        "return [...document.querySelectorAll('[src], link[href]')] \
           .map(e => e.src || e.href).filter(u => !u.startsWith(location.origin + '/'))",
    );
    assert_eq!(elsewhere, serde_json::json!([]));
    // The browser got the script compressed: fewer bytes on the wire than it ran.
    let script = resources
        .iter()
        .find(|r| {
            r[0].as_str()
                .is_some_and(|n| n.contains("/admin/decap-cms.js"))
        })
        .unwrap_or_else(|| panic!("no script among {names:?}"));
    let (wire, decoded) = (
        script[1].as_u64().unwrap_or(0),
        script[2].as_u64().unwrap_or(0),
    );
    assert_eq!(decoded as usize, common::vendored_decap_script().len());
    assert!(
        wire > 0 && wire < decoded / 2,
        "{wire} bytes on the wire for {decoded}"
    );
}

/// Editors also open the form on a phone. At 360 CSS pixels, nothing an editor may need to
/// read or press lies beyond the screen's edges, in the toolbar (the entry's status, Publish,
/// Delete) or in the form. With `HAMKOR_SCREENSHOTS` set to a folder, the test also writes the
/// partner form there at 1280 and 360 px, for looking at.
#[test]
fn at_phone_width_the_form_fits_the_screen() {
    let Some((chromium, driver)) = common::browser::require("editor at phone width") else {
        return;
    };
    let site = bundled_site();
    let server = Server::start(site.path(), &[]);
    let admin = format!("http://127.0.0.1:{}/admin/", server.port);
    let b = Browser::start(&chromium, &driver);
    let shots = std::env::var_os("HAMKOR_SCREENSHOTS").map(std::path::PathBuf::from);
    // Every visible control and text of the toolbar and the form, with its box, that does
    // not fit between the screen's edges.
    let outside = "const w = document.documentElement.clientWidth;
        const seen = [...document.querySelectorAll(
            '[class*=ToolbarContainer] *, .Pane1 label, .Pane1 button, .Pane1 input, .Pane1 textarea, .Pane1 [role=button]')]
          .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'
            && (e.children.length === 0 || /^(BUTTON|INPUT|TEXTAREA|LABEL)$/.test(e.tagName)
                || e.getAttribute('role') === 'button'));
        return seen.map(e => [e.tagName, (e.innerText || e.value || e.className).toString().trim().slice(0, 40),
                              e.getBoundingClientRect()])
          .filter(([, , r]) => r.width > 0 && (r.left < -0.5 || r.right > w + 0.5))
          .map(([t, s, r]) => `${t} \"${s}\" at ${Math.round(r.left)}..${Math.round(r.right)} of ${w}`);";
    for (width, height) in [(1280, 1000), (360, 780)] {
        b.set_window_size(width, height);
        decap::open_collection(&b, &admin, "partners");
        decap::open_entry(
            &b,
            "partners",
            "mesca-foundation-national-eye-institute/index",
        );
        if let Some(dir) = &shots {
            let shot = |name: &str| {
                let path = dir.join(format!("partner-{width}{name}.png"));
                std::fs::write(&path, b.screenshot())
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            };
            shot("");
            // Further down the form: the agreements, the location and the logo.
            b.eval(
                "for (const e of document.querySelectorAll('*')) \
                   if (/(auto|scroll)/.test(getComputedStyle(e).overflowY) && e.scrollHeight > e.clientHeight + 10) \
                     e.scrollTop += e.clientHeight * 0.9; return true",
            );
            shot("-lower");
        }
        if width == 360 {
            assert_eq!(
                b.eval(outside),
                serde_json::json!([]),
                "at {width} px, these lie beyond the screen's edges"
            );
        }
    }
}
