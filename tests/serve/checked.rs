//! A change checked before it is made (`Session::try_change`): the answer a build would give,
//! with the disk and the session left as they were.

use crate::common;

use std::path::PathBuf;
use std::sync::Arc;

use common::TestSite;
use hamkor::content::Overlay;
use hamkor::session::Session;
use hamkor::{Failure, Options};

fn session(site: &TestSite) -> Session {
    let mut s = Session::open(&Options {
        root: site.root().to_path_buf(),
        base_url: None,
        drafts: false,
        deny_warnings: false,
    });
    if let Err(Failure::Content(ds)) = s.build() {
        panic!("{}", ds.iter().map(|d| d.render()).collect::<String>());
    }
    s
}

fn overlay(files: &[(&str, Option<&str>)]) -> Overlay {
    files
        .iter()
        .map(|(p, t)| (PathBuf::from(p), t.map(|t| Arc::from(t.as_bytes()))))
        .collect()
}

fn problems(result: Result<(), Failure>) -> Vec<String> {
    match result {
        Ok(()) => Vec::new(),
        Err(Failure::Content(ds)) => ds
            .iter()
            .filter(|d| d.is_error())
            .map(|d| {
                common::slashed(d.render())
                    .lines()
                    .next()
                    .unwrap_or("")
                    .to_string()
            })
            .collect(),
        Err(Failure::Environment(m)) => vec![m],
    }
}

#[test]
fn a_change_is_checked_without_touching_disk_or_session() {
    let site = TestSite::fixture("basic");
    let s = session(&site);
    let before = common::snapshot(site.root());
    let pages_before = s.last().map(|b| b.output.files.len());
    let rel = "content/partners/yonsei-university.md";
    let text = site.read(rel);

    // A slip in the edited file itself.
    let broken = text.replace("kind: university", "kind: univercity");
    assert_eq!(
        problems(s.try_change(&overlay(&[(rel, Some(&broken))]), &[])),
        ["content/partners/yonsei-university.md:3:7: error: unknown partner kind 'univercity'"]
    );
    // A change that breaks another file: visits link this partner by its slug.
    let moved = text.replacen("---\n", "---\nslug: yonsei\n", 1);
    let found = problems(s.try_change(&overlay(&[(rel, Some(&moved))]), &[]));
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("content/visits/seoul-2023.md:")
                && p.contains("unknown partner 'yonsei-university'")),
        "{found:#?}"
    );
    // Removing a partner that visits link.
    let found = problems(s.try_change(&overlay(&[(rel, None)]), &[]));
    assert!(
        found
            .iter()
            .any(|p| p.contains("unknown partner 'yonsei-university'")),
        "{found:#?}"
    );
    // A new file with a slip.
    let new = "content/visits/new-visit.md";
    assert_eq!(
        problems(s.try_change(
            &overlay(&[(new, Some("---\ntitle: New\ndirection: sideways\n---\n"))]),
            &[]
        )),
        ["content/visits/new-visit.md:3:12: error: unknown direction 'sideways'"]
    );
    // Good changes pass: an edit, and a new file.
    let good = text.replace("city: Seoul", "city: Seoul, Sinchon");
    assert_eq!(
        problems(s.try_change(&overlay(&[(rel, Some(&good))]), &[])),
        Vec::<String>::new()
    );
    assert_eq!(
        problems(s.try_change(
            &overlay(&[(
                new,
                Some("---\ntitle: New\ndirection: incoming\npartners: [yonsei-university]\n---\n")
            )]),
            &[]
        )),
        Vec::<String>::new()
    );
    assert_eq!(common::snapshot(site.root()), before, "the disk changed");
    assert_eq!(s.last().map(|b| b.output.files.len()), pages_before);
}
