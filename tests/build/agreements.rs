//! Agreements as a record: the agreements pages (every order and filter, read with an HTML
//! parser), documents linked with their size, the warning about agreements that expire soon,
//! and `calendar.ics` read back by a real iCalendar parser (PyPI `icalendar`).

use crate::common;

use std::process::Command;

use common::{Run, TestSite, attrs, require_tool, texts};

/// 240 KB of a file that starts as PDFs do.
fn pdf() -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.resize(240 * 1024, b' ');
    bytes
}

/// The basic fixture with the default theme in English and Russian, and four agreements, one
/// of each status as of the newest date the site knows (the visit of 2024-01, so 2024-01-31):
///
/// - Apollo Clinic: an agreement of 2022-05-01 ending 2024-05-01 (in 91 days: expiring), with
///   its PDF;
/// - Catholic University of Korea (ended): a contract of 2018-03 ending 2021-03 (expired);
/// - Yonsei University: the memorandum of 2019-04-12 with no end, and an agreement of
///   2020-01-10, renewed 2023-01-10, ending 2028-01-10 (in force).
fn site() -> TestSite {
    let site = TestSite::fixture("basic");
    site.edit("site.yaml", "theme: min\n", "languages: [en, ru]\n");
    site.edit(
        "content/partners/apollo-clinic-agra/index.md",
        "logo: logo.svg\n",
        "logo: logo.svg\nagreements:\n  - {type: agreement, signed: 2022-05-01, expires: 2024-05-01, document: agreement-2022.pdf}\n",
    );
    site.write(
        "content/partners/apollo-clinic-agra/agreement-2022.pdf",
        pdf(),
    );
    site.write(
        "content/partners/apollo-clinic-agra/index.ru.md",
        "---\ntitle: Клиника Аполло, Агра\n---\n",
    );
    site.edit(
        "content/partners/catholic-university-of-korea.md",
        "country: KR\n",
        "country: KR\nstatus: ended\nagreements:\n  - {type: contract, title: \"Exchange; lectures, 2018\", signed: 2018-03, expires: 2021-03}\n",
    );
    site.edit(
        "content/partners/yonsei-university.md",
        "signed: \"2019-04-12\"}\n",
        "signed: \"2019-04-12\"}\n  - {type: agreement, signed: 2020-01-10, renewed: 2023-01-10, expires: 2028-01-10}\n",
    );
    site
}

fn build(site: &TestSite) {
    let r = site.build_ok();
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
}

/// The rows of an agreements table: partner, type, signed, renewed, expires, status,
/// document, each cell's text.
fn rows(doc: &scraper::Html) -> Vec<Vec<String>> {
    let row = scraper::Selector::parse(".agreements-table tbody tr").expect("selector");
    let cell = scraper::Selector::parse("th, td").expect("selector");
    doc.select(&row)
        .map(|r| {
            r.select(&cell)
                .map(|c| {
                    let text: String = c.text().collect();
                    text.split_whitespace().collect::<Vec<_>>().join(" ")
                })
                .collect()
        })
        .collect()
}

fn column(rows: &[Vec<String>], i: usize) -> Vec<&str> {
    rows.iter().map(|r| r[i].as_str()).collect()
}

#[test]
fn the_agreements_page_lists_every_agreement_by_end_date_with_its_status() {
    let site = site();
    build(&site);
    let page = site.html("partners/agreements/index.html");
    let rows = rows(&page);
    assert_eq!(
        rows,
        [
            [
                "Catholic University of Korea",
                "Contract Exchange; lectures, 2018",
                "March 2018",
                "—not stated",
                "March 2021",
                "Expired",
                "—not stated",
            ],
            [
                "Apollo Clinic, Agra",
                "Agreement",
                "1 May 2022",
                "—not stated",
                "1 May 2024",
                "Expiring",
                "Document, Apollo Clinic, Agra: PDF, 240 KB",
            ],
            [
                "Yonsei University",
                "Agreement",
                "10 January 2020",
                "10 January 2023",
                "10 January 2028",
                "In force",
                "—not stated",
            ],
            [
                "Yonsei University",
                "Memorandum of understanding Memorandum of understanding",
                "12 April 2019",
                "—not stated",
                "—not stated",
                "No end date",
                "—not stated",
            ],
        ]
    );
    assert_eq!(attrs(&page, ".as-of time", "datetime"), ["2024-01-31"]);
    assert_eq!(
        attrs(&page, ".agreements-table tbody th a", "href"),
        [
            "/partners/catholic-university-of-korea/",
            "/partners/apollo-clinic-agra/",
            "/partners/yonsei-university/",
            "/partners/yonsei-university/",
        ]
    );
    // The document is linked where it is published, and is there.
    assert_eq!(
        attrs(&page, ".agreements-table td a", "href"),
        ["/partners/apollo-clinic-agra/agreement-2022.pdf"]
    );
    assert_eq!(
        std::fs::read(
            site.out()
                .join("partners/apollo-clinic-agra/agreement-2022.pdf")
        )
        .expect("published"),
        pdf()
    );
    // Filters with counts, the current one marked; the order the page has marked too.
    assert_eq!(
        texts(&page, ".agreement-filters a")
            .iter()
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>(),
        [
            "All Agreements: 4",
            "In force Agreements: 1",
            "Expiring Agreements: 1",
            "Expired Agreements: 1",
            "No end date Agreements: 1",
        ]
    );
    assert_eq!(
        texts(&page, ".agreement-filters a[aria-current=page]")[0],
        "All Agreements: 4"
    );
    assert_eq!(
        texts(&page, ".agreement-sorts a[aria-current=page]"),
        ["By end date"]
    );
    assert_eq!(
        attrs(&page, ".agreements-table th[aria-sort]", "aria-sort"),
        ["ascending"]
    );
    assert_eq!(texts(&page, ".agreements-table th[aria-sort]"), ["Expires"]);
}

#[test]
fn other_orders_and_each_status_are_pages_of_their_own() {
    let site = site();
    build(&site);
    let by_partner = rows(&site.html("partners/agreements/by-partner/index.html"));
    assert_eq!(
        column(&by_partner, 0),
        [
            "Apollo Clinic, Agra",
            "Catholic University of Korea",
            "Yonsei University",
            "Yonsei University"
        ]
    );
    // A partner's agreements in the order written.
    assert_eq!(
        column(&by_partner, 2)[2..],
        ["12 April 2019", "10 January 2020"]
    );
    let by_signed = rows(&site.html("partners/agreements/by-signed/index.html"));
    assert_eq!(
        column(&by_signed, 2),
        [
            "1 May 2022",
            "10 January 2020",
            "12 April 2019",
            "March 2018"
        ]
    );
    for (status, partner, title) in [
        ("in-force", "Yonsei University", "Agreements: In force"),
        ("expiring", "Apollo Clinic, Agra", "Agreements: Expiring"),
        (
            "expired",
            "Catholic University of Korea",
            "Agreements: Expired",
        ),
        (
            "no-end-date",
            "Yonsei University",
            "Agreements: No end date",
        ),
    ] {
        let page = site.html(&format!("partners/agreements/{status}/index.html"));
        let rows = rows(&page);
        assert_eq!(column(&rows, 0), [partner], "{status}");
        assert_eq!(texts(&page, "h1"), [title]);
        let current = texts(&page, ".agreement-filters a[aria-current=page]");
        assert_eq!(current.len(), 1, "{status}");
        assert!(
            current[0].starts_with(&title[12..]),
            "{status}: {current:?}"
        );
        // A filtered page has no order links: its rows are by end date.
        assert!(texts(&page, ".agreement-sorts a").is_empty());
    }
    // In Russian: the partner's translated title and the words of the theme.
    let ru = site.html("ru/partners/agreements/expiring/index.html");
    assert_eq!(column(&rows(&ru), 0), ["Клиника Аполло, Агра"]);
    assert_eq!(column(&rows(&ru), 5), ["Истекает"]);
    assert_eq!(
        attrs(&ru, ".agreements-table th a", "href"),
        ["/ru/partners/apollo-clinic-agra/"]
    );
    assert!(column(&rows(&ru), 6)[0].ends_with("PDF, 240 КБ"));
    // Every page is in the sitemap, in both languages.
    let sitemap = std::fs::read_to_string(site.out().join("sitemap.xml")).expect("sitemap");
    for path in [
        "partners/agreements/",
        "partners/agreements/by-partner/",
        "partners/agreements/by-signed/",
        "partners/agreements/in-force/",
        "partners/agreements/expiring/",
        "partners/agreements/expired/",
        "partners/agreements/no-end-date/",
    ] {
        for lang in ["", "ru/"] {
            let url = format!("<loc>https://example.org/{lang}{path}</loc>");
            assert!(sitemap.contains(&url), "{url} not in the sitemap");
        }
    }
}

#[test]
fn partner_pages_link_documents_with_format_and_size_and_show_renewals() {
    let site = site();
    build(&site);
    let apollo = site.html("partners/apollo-clinic-agra/index.html");
    assert_eq!(
        attrs(&apollo, ".agreements td a", "href"),
        ["/partners/apollo-clinic-agra/agreement-2022.pdf"]
    );
    assert_eq!(
        texts(&apollo, ".agreements td a"),
        ["Document: PDF, 240 KB"]
    );
    assert_eq!(
        attrs(&apollo, ".agreements td a", "type"),
        ["application/pdf"]
    );
    // Under another language the document is still the one file beside the default page.
    let ru = site.html("ru/partners/apollo-clinic-agra/index.html");
    assert_eq!(
        attrs(&ru, ".agreements td a", "href"),
        ["/partners/apollo-clinic-agra/agreement-2022.pdf"]
    );
    let yonsei = site.html("partners/yonsei-university/index.html");
    assert!(texts(&yonsei, ".agreements th[scope=col]").contains(&"Renewed".to_string()));
    assert!(texts(&yonsei, ".agreements td").contains(&"10 January 2023".to_string()));
    // The partners page and the footer lead to the agreements.
    let partners = site.html("partners/index.html");
    assert!(
        attrs(&partners, "a", "href").contains(&"/partners/agreements/".to_string()),
        "no link to the agreements page"
    );
}

#[test]
fn a_site_without_agreements_has_no_agreements_pages() {
    let site = TestSite::fixture("basic");
    site.edit(
        "content/partners/yonsei-university.md",
        "agreements:\n  - {type: memorandum, title: \"Memorandum of understanding\", signed: \"2019-04-12\"}\n",
        "",
    );
    site.build_ok();
    assert!(!site.out().join("partners/agreements").exists());
    let sitemap = std::fs::read_to_string(site.out().join("sitemap.xml")).expect("sitemap");
    assert!(!sitemap.contains("agreements"));
}

/// `hamkor check` of `site` with `today` as today (`None`: the clock's day).
fn check(site: &TestSite, today: Option<&str>, more: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hamkor"));
    command
        .args(["check", "--root", "."])
        .args(more)
        .current_dir(site.root());
    match today {
        Some(day) => command.env("HAMKOR_TODAY", day),
        None => command.env_remove("HAMKOR_TODAY"),
    };
    Run::of(&mut command)
}

#[test]
fn an_agreement_expiring_soon_is_a_warning_that_deny_warnings_fails_on() {
    let site = site();
    let warning = "content/partners/apollo-clinic-agra/index.md:8:52: warning: the agreement with Apollo Clinic, Agra (Agreement) expires on 2024-05-01 (in 61 days)
8 |   - {type: agreement, signed: 2022-05-01, expires: 2024-05-01, document: agreement-2022.pdf}
  |                                                    ^^^^^^^^^^
  = help: once it is renewed, write the new end as `expires:` and the day as `renewed:`; `expiring_within_days:` in site.yaml sets how early this warns (180 days)
";
    let r = check(&site, Some("2024-03-01"), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, format!("{warning}warning: 1 warning found\n"));
    let denied = check(&site, Some("2024-03-01"), &["--deny-warnings"]);
    assert_eq!(denied.code, 1);
    assert_eq!(
        denied.stderr,
        format!(
            "{warning}error: 1 warning found, and --deny-warnings fails on warnings; nothing was written\n"
        )
    );
    // The day it ends still warns; the day after, the agreement has expired and says nothing.
    let last = check(&site, Some("2024-05-01"), &[]);
    assert!(
        last.stderr.contains("expires on 2024-05-01 (today)"),
        "{}",
        last.stderr
    );
    assert_eq!(check(&site, Some("2024-05-02"), &[]).stderr, "");
    // 0 turns the warning off.
    site.edit(
        "site.yaml",
        "search: true\n",
        "search: true\nexpiring_within_days: 0\n",
    );
    assert_eq!(check(&site, Some("2024-03-01"), &[]).stderr, "");
}

#[test]
fn without_hamkor_today_the_warning_counts_from_the_clock() {
    let site = TestSite::fixture("basic");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    // The UTC day of a time, as hamkor counts days (no `date` program on Windows).
    let date = |secs: u64| {
        let days = i64::try_from(secs / 86_400).expect("days");
        let (y, m, d) = hamkor::site::civil_from_days(days);
        format!("{y:04}-{m:02}-{d:02}")
    };
    assert_eq!(date(0), "1970-01-01");
    assert_eq!(date(951_782_400), "2000-02-29");
    let soon = date(now + 10 * 86_400);
    site.edit(
        "content/partners/yonsei-university.md",
        "signed: \"2019-04-12\"}",
        &format!("signed: \"2019-04-12\", expires: \"{soon}\"}}"),
    );
    let r = check(&site, None, &[]);
    // Ten days, or nine when the day turned between the two readings of the clock.
    assert!(
        r.stderr
            .contains(&format!("expires on {soon} (in 10 days)"))
            || r.stderr.contains(&format!("expires on {soon} (in 9 days)")),
        "{}",
        r.stderr
    );
    let bad = check(&site, Some("next week"), &[]);
    assert!(
        bad.stderr.starts_with("HAMKOR_TODAY: warning: HAMKOR_TODAY='next week' is not a day: today's date is used instead\n  = help: write it as YYYY-MM-DD"),
        "{}",
        bad.stderr
    );
}

fn icalendar(test: &str) -> Option<()> {
    let found = Command::new("python3")
        .args(["-c", "import icalendar"])
        .output()
        .is_ok_and(|o| o.status.success())
        .then_some(());
    require_tool(
        test,
        found,
        "python3 with icalendar",
        "pip install icalendar",
    )
}

/// Every event of a calendar file, as `uid|start|end|summary|url|description|location` lines.
const DUMP: &str = r#"
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
assert cal["VERSION"] == "2.0", cal["VERSION"]
assert cal["PRODID"]
for e in cal.walk("VEVENT"):
    assert e.get("DTSTAMP") is not None, e["UID"]
    start, end = e.decoded("DTSTART"), e.decoded("DTEND")
    print("|".join(str(x) for x in [e["UID"], start.isoformat(), end.isoformat(), e["SUMMARY"], e["URL"], e.get("DESCRIPTION", ""), e.get("LOCATION", "")]))
"#;

fn events(path: &std::path::Path) -> Vec<String> {
    let out = Command::new("python3")
        .args(["-c", DUMP])
        .arg(path)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn calendar_ics_has_every_visit_and_agreement_end_with_stable_uids() {
    let Some(()) = icalendar("calendar_ics_has_every_visit_and_agreement_end_with_stable_uids")
    else {
        return;
    };
    let site = site();
    // A visit whose title and place need escaping, and whose summary folds.
    site.write(
        "content/visits/tashkent-2024.md",
        "---\ntitle: \"Forum; Tashkent, 2024\"\ndate: 2024-01-30\nend_date: 2024-01-31\ndirection: outgoing\nplace: \"Tashkent, Yunusobod\"\ncountry: UZ\nsummary: \"A long summary of the forum that goes on past seventy-five octets, with Uzbek and Russian words: Toshkent, Ташкент.\"\n---\nText.\n",
    );
    build(&site);
    let ics = site.out().join("calendar.ics");
    let bytes = std::fs::read(&ics).expect("calendar.ics");
    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
    // RFC 5545: CRLF line ends, lines of at most 75 octets.
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let summary = "A long summary of the forum that goes on past seventy-five octets, with Uzbek and Russian words: Toshkent, Ташкент.";
    assert_eq!(
        events(&ics),
        [
            format!("visit-tashkent-2024@example.org|2024-01-30|2024-02-01|Forum; Tashkent, 2024|https://example.org/visits/tashkent-2024/|{summary}|Tashkent, Yunusobod, Uzbekistan"),
            // Known to the month: the whole month.
            "visit-agra-2024@example.org|2024-01-01|2024-02-01|Visit to Apollo Clinic, Agra|https://example.org/visits/agra-2024/|Medical tourism and training.|Agra, India".to_string(),
            // The end day is included: DTEND is the day after.
            "visit-seoul-2023@example.org|2023-04-12|2023-04-16|Delegation to Seoul|https://example.org/visits/seoul-2023/|The delegation visited Yonsei.|Seoul, South Korea".to_string(),
            "agreement-apollo-clinic-agra-agreement-2022-05-01@example.org|2024-05-01|2024-05-02|Apollo Clinic, Agra: Agreement ends|https://example.org/partners/apollo-clinic-agra/||".to_string(),
            // Known to the month: its last day.
            "agreement-catholic-university-of-korea-contract-2018-03@example.org|2021-03-31|2021-04-01|Catholic University of Korea: Contract ends|https://example.org/partners/catholic-university-of-korea/|Exchange; lectures, 2018|".to_string(),
            "agreement-yonsei-university-agreement-2020-01-10@example.org|2028-01-10|2028-01-11|Yonsei University: Agreement ends|https://example.org/partners/yonsei-university/||".to_string(),
        ]
    );
    // The Russian feed: the same events in Russian.
    let ru = events(&site.out().join("ru/calendar.ics"));
    assert_eq!(ru.len(), 6);
    assert!(ru[3].starts_with("agreement-apollo-clinic-agra-agreement-2022-05-01@example.org|2024-05-01|2024-05-02|Клиника Аполло, Агра: Соглашение — окончание срока|https://example.org/ru/partners/apollo-clinic-agra/"), "{}", ru[3]);
    // A second build gives the same bytes; a new agreement adds an event and changes no UID.
    build(&site);
    assert_eq!(std::fs::read(&ics).expect("calendar.ics"), bytes);
    let uids = |events: &[String]| -> Vec<String> {
        events
            .iter()
            .map(|e| e.split('|').next().unwrap_or("").to_string())
            .collect()
    };
    let before = uids(&events(&ics));
    site.edit(
        "content/partners/yonsei-university.md",
        "agreements:\n",
        "agreements:\n  - {type: protocol, signed: 2023-06-01, expires: 2026-06-01}\n",
    );
    build(&site);
    let after = uids(&events(&ics));
    assert_eq!(after.len(), 7);
    for uid in &before {
        assert!(after.contains(uid), "{uid} changed");
    }
    assert!(
        after.contains(&"agreement-yonsei-university-protocol-2023-06-01@example.org".to_string())
    );
    // Pages announce the feed.
    let visits = site.html("visits/index.html");
    assert_eq!(
        attrs(&visits, "link[rel=alternate][type='text/calendar']", "href"),
        ["/calendar.ics"]
    );
    assert_eq!(
        attrs(&visits, ".calendar-link a", "href"),
        ["/calendar.ics"]
    );
}
