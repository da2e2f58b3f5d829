//! A change checked before it is made (`Session::change`): the answer a build would give, with
//! the disk and the session left as they were when it is refused, and, when it is accepted,
//! the session a build of the changed disk would give.

use crate::common;

use std::path::PathBuf;
use std::sync::Arc;

use common::TestSite;
use hamkor::content::Overlay;
use hamkor::session::{ChangeError, Session, Update};
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

/// A `write` for changes the check must refuse.
fn never() -> Result<(), String> {
    panic!("a change the check refuses was written")
}

fn problems(result: Result<Update, ChangeError<String>>) -> Vec<String> {
    match result {
        Ok(_) => Vec::new(),
        Err(ChangeError::Write(e)) => vec![format!("write: {e}")],
        Err(ChangeError::Refused(Failure::Content(ds))) => ds
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
        Err(ChangeError::Refused(Failure::Environment(m))) => vec![m],
    }
}

#[test]
fn a_change_is_checked_without_touching_disk_or_session() {
    let site = TestSite::fixture("basic");
    let mut s = session(&site);
    let before = common::snapshot(site.root());
    let output_before = s.last().map(|b| b.output.clone());
    let rel = "content/partners/yonsei-university.md";
    let text = site.read(rel);

    // A slip in the edited file itself.
    let broken = text.replace("kind: university", "kind: univercity");
    assert_eq!(
        problems(s.change(&overlay(&[(rel, Some(&broken))]), &[], never)),
        ["content/partners/yonsei-university.md:3:7: error: unknown partner kind 'univercity'"]
    );
    // A change that breaks another file: visits link this partner by its slug.
    let moved = text.replacen("---\n", "---\nslug: yonsei\n", 1);
    let found = problems(s.change(&overlay(&[(rel, Some(&moved))]), &[], never));
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("content/visits/seoul-2023.md:")
                && p.contains("unknown partner 'yonsei-university'")),
        "{found:#?}"
    );
    // Removing a partner that visits link.
    let found = problems(s.change(&overlay(&[(rel, None)]), &[], never));
    assert!(
        found
            .iter()
            .any(|p| p.contains("unknown partner 'yonsei-university'")),
        "{found:#?}"
    );
    // Outside content/ nothing is read from the overlay, so nothing there can be checked.
    assert_eq!(
        problems(s.change(&overlay(&[("site.yaml", Some("title: X\n"))]), &[], never)),
        ["only files under content/ can be changed from the editor"]
    );
    // A new file with a slip.
    let new = "content/visits/new-visit.md";
    assert_eq!(
        problems(s.change(
            &overlay(&[(new, Some("---\ntitle: New\ndirection: sideways\n---\n"))]),
            &[],
            never
        )),
        ["content/visits/new-visit.md:3:12: error: unknown direction 'sideways'"]
    );
    // Good changes pass, an edit and a new file: then `write` is called, and when it fails the
    // session stays as it was.
    let good = text.replace("gave remote lectures", "gave remote lectures in surgery");
    let full = || Err("the disk is full".to_string());
    assert_eq!(
        problems(s.change(&overlay(&[(rel, Some(&good))]), &[], full)),
        ["write: the disk is full"]
    );
    let visit = "---\ntitle: New\ndirection: incoming\npartners: [yonsei-university]\n---\n";
    assert_eq!(
        problems(s.change(&overlay(&[(new, Some(visit))]), &[], full)),
        ["write: the disk is full"]
    );
    assert_eq!(common::snapshot(site.root()), before, "the disk changed");
    assert!(
        s.last().map(|b| b.output.clone()) == output_before,
        "the session changed"
    );

    // Written, the change is the session's: its pages are those a build of the disk makes.
    let written = s.change(
        &overlay(&[(rel, Some(&good)), (new, Some(visit))]),
        &[],
        || {
            site.write(rel, &good);
            site.write(new, visit);
            Ok::<(), String>(())
        },
    );
    let update = match written {
        Ok(u) => u,
        Err(e) => panic!("{:?}", problems(Err(e))),
    };
    for page in [
        "partners/yonsei-university/index.html",
        "visits/new-visit/index.html",
    ] {
        assert!(
            update.rendered.iter().any(|p| p == page),
            "{page} was not rendered: {:?}",
            update.rendered
        );
    }
    let fresh = session(&site);
    let (changed, built) = (s.last().map(|b| &b.output), fresh.last().map(|b| &b.output));
    assert!(
        changed.is_some() && changed == built,
        "the session differs from a build"
    );
    let page = changed
        .and_then(|o| o.files.get("partners/yonsei-university/index.html"))
        .and_then(|b| b.read().ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    assert!(page.contains("remote lectures in surgery"), "{page}");
}
