//! The bundled institute site, built with the default theme, has no serious or critical
//! accessibility violations according to axe-core, run in headless Chromium on the main kinds of
//! page, in English and Uzbek, at a desktop and a phone width, in the light and the dark scheme.
//!
//! Needs Chromium with chromedriver and axe-core (`axe.min.js`, from the npm package
//! `axe-core`): `.ci/run` installs them and names the script in `AXE_CORE_JS`; otherwise it is
//! looked for in `${XDG_CACHE_HOME:-$HOME/.cache}/hamkor-ci/node_modules/axe-core/axe.min.js`.
//! Without them the tests say why they are skipped, except under CI, where they fail.

use crate::common;

use std::path::PathBuf;

use common::browser::{self, Browser};
use common::static_server::StaticServer;
use serde_json::{Value, json};

/// Where axe-core's script is: `AXE_CORE_JS`, else the CI tools folder.
fn axe_core_js() -> Option<PathBuf> {
    let from_env = std::env::var_os("AXE_CORE_JS").map(PathBuf::from);
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .map(|c| c.join("hamkor-ci/node_modules/axe-core/axe.min.js"));
    [from_env, cache]
        .into_iter()
        .flatten()
        .find(|p| p.is_file())
}

/// Chromium, chromedriver and axe-core's source, or the reason to skip (a failure under CI).
fn require(test: &str) -> Option<(String, String, String)> {
    let (chromium, driver) = browser::require(test)?;
    let axe = common::require_tool(
        test,
        axe_core_js(),
        "axe-core (AXE_CORE_JS)",
        "npm install --prefix ~/.cache/hamkor-ci axe-core; or set AXE_CORE_JS to axe.min.js",
    )?;
    let source = std::fs::read_to_string(&axe).unwrap_or_else(|e| panic!("{}: {e}", axe.display()));
    Some((chromium, driver, source))
}

/// One violation of an axe rule, with the elements it was found on.
#[derive(Debug)]
struct Violation {
    id: String,
    impact: String,
    help: String,
    help_url: String,
    nodes: Vec<(String, String, String)>,
}

impl Violation {
    fn serious(&self) -> bool {
        matches!(self.impact.as_str(), "serious" | "critical")
    }

    /// The rule, its impact and help, then the first few elements: selector, markup, why.
    fn describe(&self) -> String {
        let mut text = format!(
            "  [{}] {}: {} ({} element{}) <{}>\n",
            self.impact,
            self.id,
            self.help,
            self.nodes.len(),
            if self.nodes.len() == 1 { "" } else { "s" },
            self.help_url
        );
        for (target, html, summary) in self.nodes.iter().take(5) {
            let html: String = html.chars().take(240).collect();
            text += &format!("      {target}\n        {html}\n");
            for why in summary.lines().take(3) {
                text += &format!("        {}\n", why.trim());
            }
        }
        if self.nodes.len() > 5 {
            text += &format!("      … and {} more\n", self.nodes.len() - 5);
        }
        text
    }
}

/// The color scheme the page is shown in.
#[derive(Clone, Copy, Debug)]
enum Scheme {
    Light,
    Dark,
}

/// What axe found on one page: rule violations, and the checks it could not decide (mostly
/// contrast over images or gradients), which a person should review.
struct Audit {
    violations: Vec<Violation>,
    review: Vec<Violation>,
}

/// A browser that can run axe on pages.
struct Auditor {
    browser: Browser,
    axe: String,
    view: std::cell::Cell<(u32, Scheme)>,
}

impl Auditor {
    fn start(chromium: &str, driver: &str, axe: String) -> Auditor {
        Auditor {
            browser: Browser::start(chromium, driver),
            axe,
            view: std::cell::Cell::new((0, Scheme::Light)),
        }
    }

    /// Sets the viewport to `width` × `height` CSS pixels and the preferred color scheme.
    fn view(&self, width: u32, height: u32, scheme: Scheme) {
        self.browser.set_window_size(width, height);
        // The window's frame may take some of its width: grow it until the viewport fits.
        let inner = self.browser.eval("return window.innerWidth");
        if let Some(inner) = inner.as_u64().and_then(|i| u32::try_from(i).ok())
            && inner != width
        {
            self.browser
                .set_window_size(width + (width.saturating_sub(inner)), height);
        }
        let value = match scheme {
            Scheme::Light => "light",
            Scheme::Dark => "dark",
        };
        self.browser.cdp(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": value }] }),
        );
        self.view.set((width, scheme));
    }

    /// Opens `url`, checks it is shown as `view` asked, runs axe on it.
    fn audit(&self, url: &str) -> Audit {
        self.browser.open(url);
        // Auditing the 404 page in place of the page asked for would prove nothing.
        let status = self
            .browser
            .eval("return performance.getEntriesByType('navigation')[0].responseStatus");
        assert_eq!(status, 200, "{url} was not found");
        let (width, scheme) = self.view.get();
        let shown = self
            .browser
            .eval("return [window.innerWidth, matchMedia('(prefers-color-scheme: dark)').matches]");
        assert_eq!(
            shown,
            json!([width, matches!(scheme, Scheme::Dark)]),
            "{url} is not shown at {width} px in the {scheme:?} scheme ([width, dark])"
        );
        let loaded = self.browser.eval(&format!(
            "{}\n;return typeof window.axe === 'object' && typeof window.axe.run === 'function'",
            self.axe
        ));
        assert_eq!(loaded, true, "axe-core did not load into {url}");
        let result = self.browser.eval_async(
            "const done = arguments[arguments.length - 1];
             const rules = list => list.map(v => ({
               id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
               nodes: v.nodes.map(n => ({
                 target: JSON.stringify(n.target), html: n.html, summary: n.failureSummary || '' }))
             }));
             axe.run(document, { resultTypes: ['violations'] })
               .then(r => done({ violations: rules(r.violations), review: rules(r.incomplete) }))
               .catch(e => done({ error: String(e) }));",
        );
        let rules = |key: &str| -> Vec<Violation> {
            let list = result[key]
                .as_array()
                .unwrap_or_else(|| panic!("axe failed on {url}: {result}"));
            list.iter()
                .map(|v| {
                    let s = |x: &Value| x.as_str().unwrap_or_default().to_string();
                    Violation {
                        id: s(&v["id"]),
                        impact: s(&v["impact"]),
                        help: s(&v["help"]),
                        help_url: s(&v["helpUrl"]),
                        nodes: v["nodes"]
                            .as_array()
                            .map(|ns| {
                                ns.iter()
                                    .map(|n| (s(&n["target"]), s(&n["html"]), s(&n["summary"])))
                                    .collect()
                            })
                            .unwrap_or_default(),
                    }
                })
                .collect()
        };
        Audit {
            violations: rules("violations"),
            review: rules("review"),
        }
    }
}

/// The pages audited, in English and under the Uzbek language root.
const PAGES: [&str; 6] = [
    "/",
    "/partners/",
    "/partners/agreements/",
    "/partners/university-of-kosice/",
    "/partners/countries/kr/",
    "/visits/",
];

/// Viewport sizes: a desktop and a small phone.
const SIZES: [(u32, u32); 2] = [(1280, 900), (360, 800)];

#[test]
fn the_bundled_site_has_no_serious_accessibility_violations() {
    let test = "the_bundled_site_has_no_serious_accessibility_violations";
    let Some((chromium, driver, axe)) = require(test) else {
        return;
    };
    let out = tempfile::tempdir().expect("tempdir");
    let public = out.path().join("public");
    common::build_bundled_site(&public, &[]);
    let pages: Vec<String> = ["", "/uz"]
        .iter()
        .flat_map(|lang| PAGES.iter().map(move |p| format!("{lang}{p}")))
        .collect();
    for page in &pages {
        assert!(
            public
                .join(page.trim_start_matches('/'))
                .join("index.html")
                .is_file(),
            "the bundled site has no page {page}"
        );
    }
    let server = StaticServer::start(&public);
    let auditor = Auditor::start(&chromium, &driver, axe);

    let mut report = String::new();
    let mut review = String::new();
    let mut serious = 0;
    for scheme in [Scheme::Light, Scheme::Dark] {
        for (width, height) in SIZES {
            auditor.view(width, height, scheme);
            for page in &pages {
                let audit = auditor.audit(&server.url(page));
                let at = format!("{page} at {width} px, {scheme:?} scheme:\n");
                if !audit.violations.is_empty() {
                    report += &at;
                    for v in &audit.violations {
                        serious += usize::from(v.serious());
                        report += &v.describe();
                    }
                }
                if !audit.review.is_empty() {
                    review += &at;
                    for v in &audit.review {
                        review += &v.describe();
                    }
                }
            }
        }
    }
    if !review.is_empty() {
        eprintln!("axe could not decide these checks; review them by eye:\n{review}");
    }
    assert!(
        serious == 0,
        "axe found {serious} serious or critical violations:\n{report}"
    );
    if report.is_empty() {
        eprintln!(
            "axe found no violations on {} pages at {} sizes in 2 schemes",
            pages.len(),
            SIZES.len()
        );
    } else {
        eprintln!("axe found these minor or moderate violations:\n{report}");
    }
}

/// Guards the harness itself: on a page with known faults, axe runs and reports them.
#[test]
fn axe_reports_an_image_without_alt_and_an_unlabelled_input() {
    let test = "axe_reports_an_image_without_alt_and_an_unlabelled_input";
    let Some((chromium, driver, axe)) = require(test) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("index.html"),
        r#"<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Broken on purpose</title></head>
<body>
<main>
<h1>Broken on purpose</h1>
<img src="/photo.png" id="no-alt">
<form><input type="text" id="no-label"></form>
</main>
</body>
</html>
"#,
    )
    .expect("write page");
    std::fs::write(dir.path().join("404.html"), "not found").expect("write 404");
    let server = StaticServer::start(dir.path());
    let auditor = Auditor::start(&chromium, &driver, axe);
    auditor.view(1280, 900, Scheme::Light);
    let violations = auditor.audit(&server.url("/")).violations;
    let report: String = violations.iter().map(Violation::describe).collect();
    for (id, target) in [("image-alt", "#no-alt"), ("label", "#no-label")] {
        let found = violations.iter().find(|v| v.id == id);
        let found = found.unwrap_or_else(|| panic!("axe did not report {id}:\n{report}"));
        assert!(found.serious(), "{id} is not serious:\n{report}");
        assert!(
            found.nodes.iter().any(|(t, _, _)| t.contains(target)),
            "{id} does not name {target}:\n{report}"
        );
    }
}

/// A visit's photo gallery, closed and with a photo open, at both sizes in both schemes: no
/// violations at all.
#[test]
fn a_photo_gallery_has_no_accessibility_violations_closed_or_open() {
    let test = "a_photo_gallery_has_no_accessibility_violations_closed_or_open";
    let Some((chromium, driver, axe)) = require(test) else {
        return;
    };
    let site = common::TestSite::fixture("basic");
    site.edit("site.yaml", "theme: min", "theme: default");
    common::photos::write_small_visit(site.root(), "photo-visit");
    site.build_ok();
    let server = StaticServer::start(&site.out());
    let auditor = Auditor::start(&chromium, &driver, axe);
    let mut report = String::new();
    for scheme in [Scheme::Light, Scheme::Dark] {
        for (width, height) in SIZES {
            auditor.view(width, height, scheme);
            for page in ["/visits/photo-visit/", "/visits/photo-visit/#photo-2"] {
                let audit = auditor.audit(&server.url(page));
                for v in &audit.violations {
                    report += &format!("{page} at {width} px, {scheme:?} scheme:\n");
                    report += &v.describe();
                }
            }
        }
    }
    assert!(report.is_empty(), "axe found violations:\n{report}");
}
