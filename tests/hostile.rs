//! Hostile input: huge and deeply nested files are built (or refused with a diagnostic) without
//! a panic, a hang or time that grows faster than the input. Each shape is built at two sizes;
//! the larger, four times the smaller, must take less than ten times as long (quadratic would
//! be sixteen), counting only the time over a build of a trivial file, with sizes at which
//! that time is measurable.

mod common;

use std::time::{Duration, Instant};

use common::TestSite;

const PARTNER: &str = "content/partners/university-of-kosice.md";

struct Outcome {
    code: i32,
    stderr: String,
    took: Duration,
}

fn build_with(front: &str, body: &str) -> (TestSite, Outcome) {
    let site = TestSite::fixture("basic");
    site.write(
        PARTNER,
        format!("---\n{front}kind: university\ncountry: SK\n---\n{body}"),
    );
    let started = Instant::now();
    let r = site.run(&["build", "--root", "."]);
    let took = started.elapsed();
    assert!(
        !r.stderr.contains("panicked") && r.code != 101,
        "hamkor panicked:\n{}",
        r.stderr
    );
    (
        site,
        Outcome {
            code: r.code,
            stderr: r.stderr,
            took,
        },
    )
}

/// Timings are compared, so the tests of this file measure one at a time.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Builds the shape `make(n)` at `n` and `4n`; both must succeed; the second in time roughly
/// proportional.
fn scales(name: &str, n: usize, make: impl Fn(usize) -> (String, String)) -> TestSite {
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // What any build costs (starting the process, the rest of the site), to compare only the
    // work the input adds: a floor alone would let a quadratic shape pass at small sizes.
    let (_, base) = build_with("title: Base\n", "Text.\n");
    let (front, body) = make(n);
    let (_, small) = build_with(&front, &body);
    assert_eq!(small.code, 0, "{name} at {n}: {}", small.stderr);
    let (front, body) = make(4 * n);
    let (site, large) = build_with(&front, &body);
    assert_eq!(large.code, 0, "{name} at {}: {}", 4 * n, large.stderr);
    eprintln!(
        "{name}: base {:?}, {n} → {:?}, {} → {:?}",
        base.took,
        small.took,
        4 * n,
        large.took
    );
    let work = |t: Duration| t.saturating_sub(base.took);
    assert!(
        work(small.took) > Duration::from_millis(80),
        "{name}: {n} is too small to measure ({:?} over the base build)",
        work(small.took)
    );
    assert!(
        work(large.took) < work(small.took) * 10,
        "{name}: {:?} at {n} but {:?} at {}: worse than linear",
        small.took,
        large.took,
        4 * n
    );
    site
}

#[test]
fn a_ten_megabyte_markdown_file() {
    let para = "Remote lectures with *emphasis*, a [link](https://example.org/) and `code`; more words follow here.\n\n";
    let site = scales("markdown", 2_500_000 / para.len(), |n| {
        ("title: Big\n".into(), para.repeat(n))
    });
    let page = site.read("public/partners/university-of-kosice/index.html");
    assert!(page.len() > 10_000_000, "{}", page.len());
}

#[test]
fn a_hundred_thousand_list_items() {
    scales("list items", 25_000, |n| {
        let body: String = (0..n).map(|i| format!("- item {i}\n")).collect();
        ("title: Many items\n".into(), body)
    });
}

#[test]
fn deeply_nested_quotes_and_lists() {
    scales("nested quotes", 200_000, |n| {
        (
            "title: Quotes\n".into(),
            format!("{} deep\n", ">".repeat(n)),
        )
    });
    // `- - - x` opens one list inside another per `- `: depth grows with the input, not with
    // its square as indented lines would.
    scales("nested lists", 80_000, |n| {
        ("title: Lists\n".into(), format!("{}deep\n", "- ".repeat(n)))
    });
}

#[test]
fn thousands_of_headings_with_the_same_text() {
    let site = scales("same headings", 20_000, |n| {
        (
            "title: Headings\n".into(),
            "## History\n\nText.\n\n".repeat(n),
        )
    });
    let page = site.read("public/partners/university-of-kosice/index.html");
    assert!(page.contains(r#"id="history-19999""#));
}

#[test]
fn a_megabyte_title() {
    let title = "Partner ".repeat(131_072);
    let (site, out) = build_with(&format!("title: \"{title}\"\n"), "Body.\n");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let page = site.read("public/partners/university-of-kosice/index.html");
    assert!(page.contains(title.trim()));
}

#[test]
fn a_yaml_bomb_of_aliases_is_refused_at_once() {
    // Nine levels of nine references: 387 million strings if expanded.
    let mut front = String::from(
        "extra:\n  a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..9 {
        let p = i - 1;
        front.push_str(&format!(
            "  a{i}: &a{i} [*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p}]\n"
        ));
    }
    let (_, out) = build_with(&format!("title: Bomb\n{front}"), "Body.\n");
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.took < Duration::from_secs(20), "{:?}", out.took);
    assert!(
        out.stderr.starts_with(&format!("{PARTNER}:")),
        "{}",
        out.stderr
    );
}

#[test]
fn yaml_nested_a_hundred_thousand_deep_is_refused() {
    let front = format!("title: Deep\nextra: {}\n", "[".repeat(100_000));
    let (_, out) = build_with(&front, "Body.\n");
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.starts_with(&format!("{PARTNER}:")),
        "{}",
        out.stderr
    );
}
