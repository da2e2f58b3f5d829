//! Problems found after parsing (by linking, by the routes, by the site's doubts) point at the
//! positions recorded when each file was read: a session whose Markdown files are deleted once
//! it has read them reports exactly what it reports with the files in place, line shown and
//! caret included.

use crate::common;

use common::TestSite;
use hamkor::session::Session;
use hamkor::{Failure, Options};

fn options(site: &TestSite) -> Options {
    Options {
        root: site.root().to_path_buf(),
        base_url: None,
        drafts: false,
        deny_warnings: false,
    }
}

/// The errors of a failed build, or the warnings of a successful one, rendered.
fn problems(session: &mut Session) -> Vec<String> {
    let shown = match session.build() {
        Err(Failure::Content(ds)) => ds,
        Err(Failure::Environment(m)) => panic!("{m}"),
        Ok(_) => session.last().expect("a build").warnings.clone(),
    };
    // Paths in `/` form, as the expected texts write them on every system.
    shown.iter().map(|d| common::slashed(d.render())).collect()
}

fn markdown_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("listing").flatten() {
        let path = entry.path();
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// Builds the fixture with `change` applied, then again from a session whose Markdown files
/// are deleted after it read them; both must report the same. Returns what they report.
fn reported_without_the_files(change: impl Fn(&TestSite)) -> Vec<String> {
    let site = TestSite::fixture("basic");
    change(&site);
    let with_files = problems(&mut Session::open(&options(&site)));
    let mut session = Session::open(&options(&site));
    let mut files = Vec::new();
    markdown_files(&site.root().join("content"), &mut files);
    assert!(!files.is_empty());
    for f in files {
        std::fs::remove_file(f).expect("remove");
    }
    let without = problems(&mut session);
    assert_eq!(
        without, with_files,
        "reported otherwise once the files are gone"
    );
    with_files
}

#[test]
fn linking_problems_need_no_file_read_again() {
    let found = reported_without_the_files(|s| {
        s.write(
            "content/visits/2024-05-seoul.md",
            "---\ntitle: Seoul again\ndirection: outgoing\npartners:\n  - yonsei-university\n  - yonsei-univercity\n---\n\
             See [Košice](@/partners/kosice.md),\n[its history](@/partners/yonsei-university.md#histroy).\n",
        );
        s.write(
            "content/partners/yonsei-again.md",
            "---\ntitle: Yonsei again\nkind: university\ncountry: KR\nslug: yonsei-university\n---\n",
        );
        s.write(
            "content/info.md",
            "---\ntitle: Info\nweight: 2\nslug:  about\n---\n",
        );
    });
    assert_eq!(
        found,
        [
            "content/info.md:4:8: error: two pages have the URL /about/: content/about.md and this one\n\
             4 | slug:  about\n  |        ^^^^^\n",
            "content/partners/yonsei-again.md:5:7: error: duplicate partner slug 'yonsei-university': content/partners/yonsei-university.md has it too\n\
             5 | slug: yonsei-university\n  |       ^^^^^^^^^^^^^^^^^\n  \
             = help: give one of them a different `slug:` or file name\n",
            "content/visits/2024-05-seoul.md:6:5: error: unknown partner 'yonsei-univercity'\n\
             6 |   - yonsei-univercity\n  |     ^^^^^^^^^^^^^^^^^\n  \
             = help: did you mean 'yonsei-university'?\n",
            "content/visits/2024-05-seoul.md:8:14: error: broken internal link: no page '@/partners/kosice.md'\n\
             8 | See [Košice](@/partners/kosice.md),\n  |              ^^^^^^^^^^^^^^^^^^^^\n  \
             = help: did you mean '@/visits/kosice-undated.md'?\n",
            "content/visits/2024-05-seoul.md:9:15: error: broken anchor: '@/partners/yonsei-university.md' has no heading '#histroy'\n\
             9 | [its history](@/partners/yonsei-university.md#histroy).\n  |               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n  \
             = help: did you mean 'history'?\n",
        ]
    );
}

#[test]
fn site_path_problems_need_no_file_read_again() {
    let found = reported_without_the_files(|s| {
        s.edit(
            "content/about.md",
            "and the [visits](/visits/).",
            "and the [visits](/visits/).\nAll [partners](/partner/).",
        );
    });
    assert_eq!(
        found,
        [
            "content/about.md:8:16: error: broken link: the site has no page or file '/partner/'\n\
          8 | All [partners](/partner/).\n  |                ^^^^^^^^^\n  \
          = help: did you mean '/partners/'?\n"
        ]
    );
}

#[test]
fn alias_problems_need_no_file_read_again() {
    let found = reported_without_the_files(|s| {
        s.edit(
            "content/partners/yonsei-university.md",
            "city: Seoul\n",
            "city: Seoul\naliases:\n  - /old/yonsei/\n  - /visits/\n",
        );
        s.edit(
            "content/about.md",
            "title: About\n",
            "title: About\naliases: [\"/old/yonsei/\"]\n",
        );
    });
    assert_eq!(
        found,
        [
            "content/about.md:3:11: error: duplicate alias '/old/yonsei/': content/partners/yonsei-university.md has it too\n\
             3 | aliases: [\"/old/yonsei/\"]\n  |           ^^^^^^^^^^^^^^\n  \
             = help: an old address can redirect to only one page: remove it from one of them\n",
            "content/partners/yonsei-university.md:8:5: error: alias '/visits/' is the address of a page hamkor generates\n\
             8 |   - /visits/\n  |     ^^^^^^^^\n  \
             = help: remove the alias: a redirect there would replace that page\n",
        ]
    );
}

#[test]
fn warnings_about_the_linked_site_need_no_file_read_again() {
    let found = reported_without_the_files(|s| {
        s.write(
            "content/partners/seoul-national-university.md",
            "---\ntitle: Seoul National University\nkind: university\ncountry: KR\n\
             agreements:\n  - {type: memorandum, signed: 2015-04-12, expires: 2020-04-12}\n\
             status: active\n---\nText.\n",
        );
    });
    assert_eq!(
        found,
        [
            "content/partners/seoul-national-university.md:7:1: warning: the partner is active, but every agreement has expired (the last in 2020-04-12; the newest date in the site is 2024-01-31)\n\
         7 | status: active\n  | ^^^^^^\n  \
         = help: set `status: ended`, or add the agreement that renewed the cooperation\n"
        ]
    );
}
