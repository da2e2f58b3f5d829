//! Incremental rebuilds: after any edit, updating a session gives exactly the output of a
//! fresh build, while rendering only the pages the edit affects.

use crate::common;

use std::collections::BTreeMap;
use std::path::PathBuf;

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

fn bytes(session: &Session) -> BTreeMap<String, Vec<u8>> {
    let built = session.last().expect("a build");
    built
        .output
        .files
        .iter()
        .map(|(k, v)| (k.clone(), v.read().expect("readable").into_owned()))
        .collect()
}

/// Applies `edit`, updates the session with `changed`, and checks the result against a fresh
/// build; returns the files the update rendered, sorted.
fn update(
    site: &TestSite,
    session: &mut Session,
    changed: &[&str],
    edit: impl FnOnce(&TestSite),
) -> Vec<String> {
    edit(site);
    let paths: Vec<PathBuf> = changed.iter().map(PathBuf::from).collect();
    let mut u = match session.update(&paths) {
        Ok(u) => u,
        Err(Failure::Content(ds)) => {
            panic!("{}", ds.iter().map(|d| d.render()).collect::<String>())
        }
        Err(Failure::Environment(m)) => panic!("{m}"),
    };
    let mut fresh = Session::open(&options(site));
    if let Err(Failure::Content(ds)) = fresh.build() {
        panic!(
            "fresh build failed: {}",
            ds.iter().map(|d| d.render()).collect::<String>()
        );
    }
    assert_eq!(
        bytes(session),
        bytes(&fresh),
        "incremental output differs from a full build"
    );
    u.rendered.sort();
    u.rendered
}

#[test]
fn editing_a_body_renders_only_that_page() {
    let site = TestSite::fixture("basic");
    let mut s = Session::open(&options(&site));
    s.build().unwrap_or_else(|_| panic!("build"));
    let rendered = update(
        &site,
        &mut s,
        &["content/partners/university-of-kosice.md"],
        |t| {
            t.edit(
                "content/partners/university-of-kosice.md",
                "Remote lectures from Slovakia.",
                "Remote lectures from Slovakia.\n\nA new paragraph.",
            );
        },
    );
    // the page, and the search index, which holds every page's words
    assert_eq!(
        rendered,
        ["partners/university-of-kosice/index.html", "search.json"]
    );
}

#[test]
fn editing_a_summary_renders_the_pages_that_list_it() {
    let site = TestSite::fixture("basic");
    let mut s = Session::open(&options(&site));
    s.build().unwrap_or_else(|_| panic!("build"));
    let rendered = update(
        &site,
        &mut s,
        &["content/partners/university-of-kosice.md"],
        |t| {
            t.edit(
                "content/partners/university-of-kosice.md",
                "Remote lectures from Slovakia.",
                "Lectures given remotely from Slovakia.",
            );
        },
    );
    assert_eq!(
        rendered,
        [
            "partners/countries/sk/index.html",
            "partners/index.html",
            "partners/kinds/university/index.html",
            "partners/university-of-kosice/index.html",
            "programs/remote-lectures/index.html",
            "search.json",
            "visits/kosice-undated/index.html",
        ]
    );
}

#[test]
fn renaming_a_partner_updates_every_page_that_names_it() {
    let site = TestSite::fixture("basic");
    let mut s = Session::open(&options(&site));
    s.build().unwrap_or_else(|_| panic!("build"));
    let rendered = update(
        &site,
        &mut s,
        &["content/partners/yonsei-university.md"],
        |t| {
            t.edit(
                "content/partners/yonsei-university.md",
                "title: Yonsei University",
                "title: Yonsei University, Seoul",
            );
        },
    );
    for page in [
        "partners/index.html",
        "visits/seoul-2023/index.html",
        "visits/index.html",
        "visits/page/2/index.html",
        "index.html",
        "areas/oncology/index.html",
    ] {
        assert!(
            rendered.contains(&page.to_string()),
            "{page} not rendered: {rendered:?}"
        );
    }
    assert!(!rendered.contains(&"partners/apollo-clinic-agra/index.html".to_string()));
}

#[test]
fn dates_partners_additions_and_removals_match_a_full_build() {
    let site = TestSite::fixture("basic");
    let mut s = Session::open(&options(&site));
    s.build().unwrap_or_else(|_| panic!("build"));
    update(&site, &mut s, &["content/visits/kosice-undated.md"], |t| {
        t.edit(
            "content/visits/kosice-undated.md",
            "direction: outgoing",
            "direction: outgoing\ndate: 2025-02",
        );
    });
    update(&site, &mut s, &["content/visits/seoul-2023.md"], |t| {
        t.edit(
            "content/visits/seoul-2023.md",
            "partners: [yonsei-university, catholic-university-of-korea]",
            "partners: [catholic-university-of-korea]",
        );
    });
    update(&site, &mut s, &["content/partners/new-partner.md"], |t| {
        t.write("content/partners/new-partner.md", "---\ntitle: Kazan Federal University\nkind: university\ncountry: RU\nareas: [oncology]\n---\nNew.\n");
    });
    update(
        &site,
        &mut s,
        &["content/programs/transplantation.md"],
        |t| t.remove("content/programs/transplantation.md"),
    );
    update(&site, &mut s, &["content/about.md"], |t| {
        t.edit("content/about.md", "title: About", "title: About us")
    });
    update(
        &site,
        &mut s,
        &[
            "content/visits/agra-2024.md",
            "content/visits/agra-visit.md",
        ],
        |t| {
            std::fs::rename(
                t.root().join("content/visits/agra-2024.md"),
                t.root().join("content/visits/agra-visit.md"),
            )
            .expect("rename");
        },
    );
    // A bundle folder renamed as a whole, keeping its slug.
    update(
        &site,
        &mut s,
        &["content/partners/apollo-clinic-agra/index.md"],
        |t| {
            t.edit(
                "content/partners/apollo-clinic-agra/index.md",
                "kind: hospital",
                "kind: hospital\nslug: apollo-clinic-agra",
            );
        },
    );
    update(
        &site,
        &mut s,
        &[
            "content/partners/apollo-clinic-agra",
            "content/partners/apollo-agra",
        ],
        |t| {
            std::fs::rename(
                t.root().join("content/partners/apollo-clinic-agra"),
                t.root().join("content/partners/apollo-agra"),
            )
            .expect("rename");
        },
    );
    // A new folder with files inside, reported as the folder only.
    update(&site, &mut s, &["content/visits/new-bundle"], |t| {
        t.write(
            "content/visits/new-bundle/index.md",
            "---\ntitle: New bundle visit\ndirection: incoming\n---\nText.\n",
        );
        t.write(
            "content/visits/new-bundle/photo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        );
    });
}

#[test]
fn template_and_config_changes_render_everything_again() {
    let site = TestSite::fixture("basic");
    let mut s = Session::open(&options(&site));
    s.build().unwrap_or_else(|_| panic!("build"));
    let all = s.last().map_or(0, |b| b.routes.len());
    let rendered = update(&site, &mut s, &["themes/min/templates/base.html"], |t| {
        t.edit(
            "themes/min/templates/base.html",
            "<main>",
            "<main class=\"x\">",
        );
    });
    assert_eq!(rendered.len(), all);
    let rendered = update(&site, &mut s, &["site.yaml"], |t| {
        t.edit("site.yaml", "page_size: 2", "page_size: 1")
    });
    assert_eq!(
        rendered.len(),
        all + 2,
        "two more visits pages, and every page rendered"
    );
}

#[test]
fn a_broken_edit_fails_and_the_next_good_one_recovers() {
    let site = TestSite::fixture("basic");
    let mut s = Session::open(&options(&site));
    s.build().unwrap_or_else(|_| panic!("build"));
    site.edit(
        "content/visits/seoul-2023.md",
        "direction: outgoing",
        "direction: sideways",
    );
    let err = s.update(&[PathBuf::from("content/visits/seoul-2023.md")]);
    assert!(matches!(err, Err(Failure::Content(ref ds)) if ds.len() == 1));
    assert!(s.last().is_some(), "the last good build is kept");
    let rendered = update(&site, &mut s, &["content/visits/seoul-2023.md"], |t| {
        t.edit(
            "content/visits/seoul-2023.md",
            "direction: sideways",
            "direction: incoming",
        );
    });
    assert!(rendered.contains(&"visits/seoul-2023/index.html".to_string()));
}

#[test]
fn a_fragment_broken_by_an_edit_of_the_page_it_names_is_reported() {
    let site = TestSite::fixture("basic");
    site.edit(
        "content/about.md",
        "and the [visits](/visits/).",
        "and the [visits](/visits/); its [history](/partners/yonsei-university/#history).",
    );
    let mut s = Session::open(&options(&site));
    s.build().unwrap_or_else(|_| panic!("build"));
    // The heading the link names is renamed: only the partner's file changed.
    site.edit(
        "content/partners/yonsei-university.md",
        "## History\n\nCooperation",
        "## Origins\n\nCooperation",
    );
    site.edit(
        "content/partners/yonsei-university.md",
        "## History\n\nA second",
        "## Origins\n\nA second",
    );
    let err = s.update(&[PathBuf::from("content/partners/yonsei-university.md")]);
    let Err(Failure::Content(ds)) = err else {
        panic!("the broken fragment is not reported");
    };
    let shown = common::slashed(ds.iter().map(|d| d.render()).collect());
    assert!(
        shown.contains("content/about.md:7:")
            && shown.contains(
                "broken anchor: the page '/partners/yonsei-university/' has no heading or id '#history'"
            )
            && shown.contains("its headings are: origins, origins-1"),
        "{shown}"
    );
    // The `@/` link of about.md to the same heading is reported too.
    assert!(shown.contains("no heading '#history'"), "{shown}");
    update(&site, &mut s, &["content/about.md"], |t| {
        t.edit("content/about.md", "/#history", "/#origins");
        t.edit("content/about.md", "md#history", "md#origins");
    });
}

#[test]
fn later_visits_pages_follow_the_intro_they_take_their_title_and_description_from() {
    // Later pages show no intro text, but take their meta description from its first
    // paragraph and, in other languages, their title from its translation.
    let site = TestSite::fixture("basic");
    site.edit("site.yaml", "theme: min", "theme: min\nlanguages: [en, ru]");
    site.write(
        "templates/visits.html",
        "<title>{{ page.title }}</title><meta name=\"description\" content=\"{{ page.description }}\">\n",
    );
    site.write(
        "content/visits/_index.ru.md",
        "---\ntitle: Визиты\n---\nВизиты.\n",
    );
    let mut s = Session::open(&options(&site));
    s.build().unwrap_or_else(|_| panic!("build"));
    let rendered = update(&site, &mut s, &["content/visits/_index.md"], |t| {
        t.edit(
            "content/visits/_index.md",
            "Visits in both directions.",
            "Delegations in both directions.",
        );
    });
    assert!(
        rendered.contains(&"visits/page/2/index.html".to_string()),
        "{rendered:?}"
    );
    let rendered = update(&site, &mut s, &["content/visits/_index.ru.md"], |t| {
        t.edit(
            "content/visits/_index.ru.md",
            "title: Визиты",
            "title: Делегации",
        );
    });
    assert!(
        rendered.contains(&"ru/visits/page/2/index.html".to_string()),
        "{rendered:?}"
    );
}
