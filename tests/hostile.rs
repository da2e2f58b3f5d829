//! Hostile input: huge and deeply nested files are built (or refused with a diagnostic) without
//! a panic, a hang or time that grows faster than the input. Each shape is built at two sizes;
//! the larger, four times the smaller, must take less than ten times as long (quadratic would
//! be sixteen), counting only the time over a build of a trivial file, with sizes at which
//! that time is measurable.
//!
//! Time here is the processor time the build used (user and system, all threads), the best of
//! three builds: unlike the time on the wall it does not grow when other work shares the
//! machine.

// Process time of child processes comes from getrusage, which Windows does not have.
#![cfg(unix)]

mod common;

use std::time::Duration;

use common::TestSite;
use nix::sys::resource::{UsageWho, getrusage};

const PARTNER: &str = "content/partners/university-of-kosice.md";

struct Outcome {
    code: i32,
    stderr: String,
    took: Duration,
}

/// Children's processor time is counted for the whole test process, so builds run one at a
/// time for each to be told apart.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn children_cpu_time() -> Duration {
    let usage = getrusage(UsageWho::RUSAGE_CHILDREN).expect("getrusage");
    let micros = |t: nix::sys::time::TimeVal| {
        Duration::from_secs(t.tv_sec() as u64) + Duration::from_micros(t.tv_usec() as u64)
    };
    micros(usage.user_time()) + micros(usage.system_time())
}

fn build_with(front: &str, body: &str) -> (TestSite, Outcome) {
    let site = TestSite::fixture("basic");
    site.write(
        PARTNER,
        format!("---\n{front}kind: university\ncountry: SK\n---\n{body}"),
    );
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let before = children_cpu_time();
    let r = site.run(&["build", "--root", "."]);
    let took = children_cpu_time().saturating_sub(before);
    drop(_turn);
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

/// The build of `front` and `body` three times: the site of the last and the least time.
fn best_of_three(name: &str, front: &str, body: &str) -> (TestSite, Duration) {
    let mut least = Duration::MAX;
    let mut last = None;
    for _ in 0..3 {
        let (site, out) = build_with(front, body);
        assert_eq!(out.code, 0, "{name}: {}", out.stderr);
        least = least.min(out.took);
        last = Some(site);
    }
    (last.expect("three builds"), least)
}

/// Builds the shape `make(n)` at `n` and `4n`; both must succeed; the second in time roughly
/// proportional.
fn scales(name: &str, n: usize, make: impl Fn(usize) -> (String, String)) -> TestSite {
    // What any build costs (starting the process, the rest of the site), to compare only the
    // work the input adds: a floor alone would let a quadratic shape pass at small sizes.
    let (_, base) = best_of_three("base", "title: Base\n", "Text.\n");
    let (front, body) = make(n);
    let (_, small) = best_of_three(&format!("{name} at {n}"), &front, &body);
    let (front, body) = make(4 * n);
    let (site, large) = best_of_three(&format!("{name} at {}", 4 * n), &front, &body);
    eprintln!(
        "{name}: base {base:?}, {n} → {small:?}, {} → {large:?}",
        4 * n
    );
    let work = |t: Duration| t.saturating_sub(base);
    assert!(
        work(small) > Duration::from_millis(40),
        "{name}: {n} is too small to measure ({:?} over the base build)",
        work(small)
    );
    assert!(
        work(large) < work(small) * 10,
        "{name}: {small:?} at {n} but {large:?} at {}: worse than linear",
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
    scales("nested quotes", 400_000, |n| {
        (
            "title: Quotes\n".into(),
            format!("{} deep\n", ">".repeat(n)),
        )
    });
    // `- - - x` opens one list inside another per `- `: depth grows with the input, not with
    // its square as indented lines would.
    scales("nested lists", 200_000, |n| {
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
