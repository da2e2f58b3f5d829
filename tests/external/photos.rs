//! Photos in a real browser: what a 360 px phone loads for a visit with six phone photos
//! (4000 × 3000 JPEGs of about 4 MB each), measured by Chromium's resource timing; and the
//! gallery used with the keyboard alone. Needs Chromium with chromedriver (see
//! tests/common/browser.rs).

use crate::common;

use common::browser::{self, Browser};
use common::static_server::StaticServer;
use serde_json::{Value, json};

/// What a phone may load for the page as it opens: the page, its style sheet, scripts and
/// the photos in and near view.
const BUDGET: u64 = 600 * 1024;

#[test]
fn a_visit_with_six_phone_photos_sends_a_360_px_phone_under_600_kb() {
    let Some((chromium, driver)) = browser::require("photo weight") else {
        return;
    };
    let site = common::TestSite::fixture("basic");
    site.edit("site.yaml", "theme: min", "theme: default");
    common::photos::write_visit(site.root(), "photo-visit");
    site.build_ok();
    let server = StaticServer::start(&site.out());
    let browser = Browser::start(&chromium, &driver);
    // A phone of 360 × 800 CSS pixels at three device pixels each, as many are.
    browser.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 360, "height": 800, "deviceScaleFactor": 3, "mobile": true }),
    );
    browser.open(&server.url("/visits/photo-visit/"));
    // Lazy photos near the view start loading after the load event: wait until nothing new
    // has loaded for a second.
    let entries = browser.eval_async(
        "const done = arguments[arguments.length - 1];
         let seen = -1, still = 0;
         const tick = () => {
           const list = performance.getEntriesByType('resource');
           const busy = list.some(e => e.responseEnd === 0);
           if (list.length === seen && !busy) still += 1; else { seen = list.length; still = 0; }
           if (still >= 10 || performance.now() > 20000) {
             const nav = performance.getEntriesByType('navigation')[0];
             done([[nav.name, nav.transferSize, nav.encodedBodySize]].concat(
               list.map(e => [e.name, e.transferSize, e.encodedBodySize])));
           } else setTimeout(tick, 100);
         };
         if (document.readyState === 'complete') tick();
         else addEventListener('load', tick);",
    );
    let entries = entries.as_array().expect("resource entries").clone();
    let size = |e: &Value| {
        // A same-origin response always has its transfer size; the body size is the floor.
        let t = e[1].as_u64().unwrap_or(0);
        t.max(e[2].as_u64().unwrap_or(0))
    };
    let total: u64 = entries.iter().map(size).sum();
    let listing: String = entries
        .iter()
        .map(|e| format!("  {:>9} {}\n", size(e), e[0].as_str().unwrap_or("")))
        .collect();
    eprintln!("a 360 px phone loaded {total} bytes for the visit with six photos:\n{listing}");
    let photos: Vec<&str> = entries
        .iter()
        .filter_map(|e| e[0].as_str())
        .filter(|u| u.contains("/visits/photo-visit/photo-"))
        .collect();
    assert!(
        !photos.is_empty(),
        "no photo was loaded, so nothing was measured:\n{listing}"
    );
    assert!(
        photos.iter().all(|u| u.ends_with(".webp")),
        "Chromium takes WebP:\n{listing}"
    );
    assert!(
        total < BUDGET,
        "the page sent {total} bytes, over {BUDGET}:\n{listing}"
    );
}

#[test]
fn the_gallery_opens_and_closes_with_the_keyboard() {
    let Some((chromium, driver)) = browser::require("photo gallery keyboard") else {
        return;
    };
    let site = common::TestSite::fixture("basic");
    site.edit("site.yaml", "theme: min", "theme: default");
    common::photos::write_small_visit(site.root(), "photo-visit");
    site.build_ok();
    let server = StaticServer::start(&site.out());
    let browser = Browser::start(&chromium, &driver);
    browser.set_window_size(1280, 900);
    browser.open(&server.url("/visits/photo-visit/"));
    let state = "const open = [...document.querySelectorAll('.lightbox')]
          .filter(b => getComputedStyle(b).display !== 'none').map(b => b.id);
        const a = document.activeElement;
        return [location.hash, open, a.className, a.getAttribute('href')];";
    assert_eq!(
        browser.eval(state)[1],
        json!([]),
        "no photo is open at first"
    );
    // Focus the second photo's link as Tab would, and follow it with Enter.
    browser.eval("document.querySelectorAll('.gallery-link')[1].focus()");
    browser.press_key("\u{E007}");
    // The script moves focus a moment after the address changes, once the browser has moved
    // its own focus point: wait for both, or fail with the last state seen.
    let open = browser.wait("the photo to open, with focus in it", state, |v| {
        v[0] == "#photo-2" && v[2] == "lightbox-close"
    });
    assert_eq!(open[1], json!(["photo-2"]), "{open}");
    browser.press_key("\u{E014}"); // Arrow right: the next photo.
    let next = browser.wait("the next photo", state, |v| v[0] == "#photo-3");
    assert_eq!(next[1], json!(["photo-3"]), "{next}");
    browser.press_key("\u{E00C}"); // Escape closes it.
    let closed = browser.wait(
        "the photo to close, with focus back on its link",
        state,
        |v| v[0] == "#gallery" && v[3] == "#photo-3",
    );
    assert_eq!(closed[1], json!([]), "{closed}");
    // Without JavaScript the larger view is shown by its address alone.
    browser.cdp(
        "Emulation.setScriptExecutionDisabled",
        json!({ "value": true }),
    );
    browser.open(&server.url("/visits/photo-visit/#photo-4"));
    let shown = browser.cdp(
        "Runtime.evaluate",
        json!({ "expression": "getComputedStyle(document.getElementById('photo-4')).display" }),
    );
    assert_eq!(shown["result"]["value"], "flex", "{shown}");
}
