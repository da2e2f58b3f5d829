//! The agreements table in Chromium: clicking a column heading sorts the rows in place (the
//! theme's agreements.js), and the page prints on A4.

use crate::common;

use common::TestSite;
use common::browser::{self, Browser};
use common::static_server::StaticServer;
use serde_json::json;

/// The basic fixture with the default theme and agreements of three partners.
fn site() -> TestSite {
    let site = TestSite::fixture("basic");
    site.edit("site.yaml", "theme: min", "theme: default");
    site.edit(
        "content/partners/apollo-clinic-agra/index.md",
        "logo: logo.svg\n",
        "logo: logo.svg\nagreements:\n  - {type: agreement, signed: 2022-05-01, expires: 2024-05-01}\n",
    );
    site.edit(
        "content/partners/catholic-university-of-korea.md",
        "country: KR\n",
        "country: KR\nstatus: ended\nagreements:\n  - {type: contract, signed: 2018-03, expires: 2021-03}\n",
    );
    site.build_ok();
    site
}

const PARTNERS: &str = "return [...document.querySelectorAll('.agreements-table tbody th')].map(th => th.textContent.trim())";

#[test]
fn clicking_a_column_heading_sorts_the_agreements_in_place() {
    let Some((chromium, driver)) =
        browser::require("clicking_a_column_heading_sorts_the_agreements_in_place")
    else {
        return;
    };
    let site = site();
    let server = StaticServer::start(&site.out());
    let browser = Browser::start(&chromium, &driver);
    browser.open(&server.url("/partners/agreements/"));
    browser.wait(
        "the sort buttons",
        "return document.querySelectorAll('.agreements-table thead button').length",
        |v| v == 7,
    );
    // As built: by end date, the memorandum without one last.
    assert_eq!(
        browser.eval(PARTNERS),
        json!([
            "Catholic University of Korea",
            "Apollo Clinic, Agra",
            "Yonsei University"
        ])
    );
    // Partner, A–Z; then Z–A.
    browser.click(".agreements-table thead th:nth-child(1) button");
    assert_eq!(
        browser.eval(PARTNERS),
        json!([
            "Apollo Clinic, Agra",
            "Catholic University of Korea",
            "Yonsei University"
        ])
    );
    browser.click(".agreements-table thead th:nth-child(1) button");
    assert_eq!(
        browser.eval(PARTNERS),
        json!([
            "Yonsei University",
            "Catholic University of Korea",
            "Apollo Clinic, Agra"
        ])
    );
    assert_eq!(
        browser.eval("return [...document.querySelectorAll('.agreements-table th[aria-sort]')].map(th => th.getAttribute('aria-sort') + ' ' + th.textContent.trim())"),
        json!(["descending Partner"])
    );
    // Signed, oldest first.
    browser.click(".agreements-table thead th:nth-child(3) button");
    assert_eq!(
        browser.eval(PARTNERS),
        json!([
            "Catholic University of Korea",
            "Yonsei University",
            "Apollo Clinic, Agra"
        ])
    );
    // Expires, latest first: an agreement without an end stays last either way.
    browser.click(".agreements-table thead th:nth-child(5) button");
    browser.click(".agreements-table thead th:nth-child(5) button");
    assert_eq!(
        browser.eval(PARTNERS),
        json!([
            "Apollo Clinic, Agra",
            "Catholic University of Korea",
            "Yonsei University"
        ])
    );
}

#[test]
fn the_agreements_page_prints_on_a4() {
    let Some((chromium, driver)) = browser::require("the_agreements_page_prints_on_a4") else {
        return;
    };
    let site = site();
    let server = StaticServer::start(&site.out());
    let browser = Browser::start(&chromium, &driver);
    browser.open(&server.url("/partners/agreements/"));
    let printed = browser.cdp(
        "Page.printToPDF",
        json!({ "preferCSSPageSize": true, "printBackground": true }),
    );
    let data = printed["data"].as_str().expect("a PDF");
    let pdf = base64_decode(data);
    let text = String::from_utf8_lossy(&pdf);
    // A4 is 210 × 297 mm, 595.3 × 841.9 points (Chromium rounds it to whole CSS pixels);
    // its default paper, Letter, would be 612 × 792.
    let boxes: Vec<Vec<f64>> = text
        .split("/MediaBox [")
        .skip(1)
        .map(|rest| {
            rest.split(']')
                .next()
                .unwrap_or("")
                .split_whitespace()
                .filter_map(|n| n.parse().ok())
                .collect()
        })
        .collect();
    assert!(!boxes.is_empty(), "no page in the PDF");
    for b in &boxes {
        assert!(
            b.len() == 4 && (b[2] - 595.3).abs() < 2.0 && (b[3] - 841.9).abs() < 2.0,
            "a page is not A4: {b:?}"
        );
    }
    // The filters and orders are links for the screen only.
    browser.cdp("Emulation.setEmulatedMedia", json!({ "media": "print" }));
    assert_eq!(
        browser.eval("return [...document.querySelectorAll('.agreement-filters, .agreement-sorts')].map(n => getComputedStyle(n).display)"),
        json!(["none", "none"])
    );
    assert_eq!(
        browser.eval(
            "return getComputedStyle(document.querySelector('.agreements-table thead')).display"
        ),
        json!("table-header-group")
    );
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            _ => 63,
        }
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.as_bytes().chunks(4) {
        let real: Vec<u8> = chunk.iter().copied().filter(|&c| c != b'=').collect();
        let n = real
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &c)| n | (value(c) << (18 - 6 * i)));
        for i in 0..real.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    out
}
