//! The input errors a bad-input case (`tests/bad-input/`) cannot express: every problem of
//! several files reported in one run when there is no previous output, and the environment
//! errors (exit code 2) whose messages carry the operating system's words or a temporary path.
//! Every other input mistake is a case folder there, with its exact diagnostic.

use crate::common;

use common::TestSite;

#[test]
fn every_problem_is_reported_in_one_run_sorted_by_file() {
    let site = TestSite::fixture("basic");
    site.edit(
        "content/visits/seoul-2023.md",
        "partners: [yonsei-university,",
        "partners: [yonsei-univ,",
    );
    site.edit(
        "content/partners/university-of-kosice.md",
        "country: sk",
        "country: Slovakia\nwebsit: x",
    );
    site.edit(
        "content/programs/remote-lectures.md",
        "end: 2022-06",
        "end: 2019-06",
    );
    site.edit("content/about.md", "#history", "#histroy");
    let r = site.build();
    assert_eq!(r.code, 1);
    let headlines: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .collect();
    assert_eq!(
        headlines,
        [
            "content/about.md:7:31: error: broken anchor: '@/partners/yonsei-university.md' has no heading '#histroy'",
            "content/partners/university-of-kosice.md:4:10: error: unknown country code 'Slovakia'",
            "content/partners/university-of-kosice.md:5:1: error: unknown key 'websit'",
            "content/programs/remote-lectures.md:6:6: error: 'end' (2019-06) is before 'start' (2020)",
            "content/visits/seoul-2023.md:8:12: error: unknown partner 'yonsei-univ'",
        ]
    );
    assert!(!site.out().exists());
}

#[test]
fn a_missing_site_root_is_an_environment_error() {
    let site = TestSite::fixture("basic");
    let r = site.run(&["build", "--root", "no-such-folder"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("error: cannot read no-such-folder/site.yaml: "),
        "{}",
        r.stderr
    );
    let r = site.run(&["build", "--no-such-flag"]);
    assert_eq!(r.code, 2);
}

#[test]
fn the_output_may_not_replace_the_sources() {
    let site = TestSite::fixture("basic");
    for out in [".", "content", "content/public", ".."] {
        let r = site.run(&["build", "--root", ".", "--output", out]);
        assert_eq!(r.code, 2, "{out}: {}", r.stderr);
        assert!(
            r.stderr
                .starts_with("error: refusing to write the site to "),
            "{}",
            r.stderr
        );
    }
    assert!(
        site.root()
            .join("content/partners/yonsei-university.md")
            .is_file()
    );
}
