//! Every kind of input error: the exact diagnostic (file:line:col, excerpt, hint), exit code 1,
//! and the previous output left exactly as it was.

use crate::common;

use common::TestSite;

/// Builds the fixture, applies `change`, builds again and checks the failure.
fn fails_with(change: impl FnOnce(&TestSite), expected: &str) {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let before = site.snapshot();
    change(&site);
    let r = site.build();
    assert_eq!(r.code, 1, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert_eq!(r.stderr, expected);
    assert_eq!(site.snapshot(), before, "the previous output was touched");
    // `check` finds the same problems and writes nothing either.
    let c = site.run(&["check", "--root", "."]);
    assert_eq!((c.code, c.stderr.as_str()), (1, expected));
    assert_eq!(site.snapshot(), before);
}

#[test]
fn yaml_syntax_error_points_at_the_unclosed_bracket() {
    fails_with(
        |s| {
            s.edit(
                "content/partners/university-of-kosice.md",
                "title: University of Košice",
                "title: [University of Košice",
            )
        },
        "content/partners/university-of-kosice.md:2:8: error: invalid YAML: the list that starts here is not closed\n\
         2 | title: [University of Košice\n  |        ^\n  \
         = help: if this is text, put it in quotes: `title: \"[University of Košice\"`; a list ends with `]`\n\
         error: 1 problem found; nothing was written\n",
    );
}

#[test]
fn unterminated_front_matter() {
    fails_with(
        |s| {
            s.write(
                "content/partners/new.md",
                "---\ntitle: New\nkind: university\n\nSome text.\n",
            )
        },
        "content/partners/new.md:1:1: error: the front matter is not closed: add a `---` line after the last key\n\
         1 | ---\n  | ^^^\n  = help: start the file with a line `---`, then `title: …` and other keys, then a closing `---`\n\
         error: 1 problem found; nothing was written\n",
    );
}

#[test]
fn missing_required_key_points_where_it_belongs() {
    fails_with(
        |s| {
            s.edit(
                "content/visits/kosice-undated.md",
                "direction: outgoing\n",
                "",
            )
        },
        "content/visits/kosice-undated.md:5:1: error: missing required key 'direction'\n\
         5 | ---\n  | ^^^\n  = help: add `direction: …` to the front matter\nerror: 1 problem found; nothing was written\n",
    );
}

#[test]
fn unknown_key_suggests_the_nearest_known_key() {
    fails_with(
        |s| {
            s.edit(
                "content/partners/yonsei-university.md",
                "city: Seoul",
                "ciyt: Seoul",
            )
        },
        "content/partners/yonsei-university.md:5:1: error: unknown key 'ciyt'\n\
         5 | ciyt: Seoul\n  | ^^^^\n  = help: did you mean 'city'?\nerror: 1 problem found; nothing was written\n",
    );
}

#[test]
fn wrong_type() {
    fails_with(
        |s| {
            s.edit(
                "content/programs/remote-lectures.md",
                "participants: 30",
                "participants: thirty",
            )
        },
        "content/programs/remote-lectures.md:8:15: error: invalid 'participants': expected a whole number, found string \"thirty\"\n\
         8 | participants: thirty\n  |               ^^^^^^\nerror: 1 problem found; nothing was written\n",
    );
}

#[test]
fn invalid_date() {
    fails_with(
        |s| {
            s.edit(
                "content/visits/seoul-2023.md",
                "date: 2023-04-12",
                "date: 2023-02-30",
            )
        },
        "content/visits/seoul-2023.md:3:7: error: invalid date in 'date': '2023-02-30' is not a day of the calendar: February 2023 has 28 days\n\
         3 | date: 2023-02-30\n  |       ^^^^^^^^^^\nerror: 1 problem found; nothing was written\n",
    );
}

#[test]
fn invalid_date_inside_a_list_item() {
    fails_with(
        |s| {
            s.edit(
                "content/partners/yonsei-university.md",
                "signed: \"2019-04-12\"",
                "signed: \"12.04.2019\"",
            )
        },
        "content/partners/yonsei-university.md:10:70: error: invalid date in 'agreements[0].signed': '12.04.2019' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD\n\
         10 |   - {type: memorandum, title: \"Memorandum of understanding\", signed: \"12.04.2019\"}\n   |                                                                      ^^^^^^^^^^^^\n\
         error: 1 problem found; nothing was written\n",
    );
}

#[test]
fn unknown_country_code() {
    fails_with(
        |s| {
            s.edit(
                "content/partners/university-of-kosice.md",
                "country: sk",
                "country: Slovakia",
            )
        },
        "content/partners/university-of-kosice.md:4:10: error: unknown country code 'Slovakia'\n\
         4 | country: Slovakia\n  |          ^^^^^^^^\n  = help: use the two-letter ISO code: 'SK' for Slovakia\n\
         error: 1 problem found; nothing was written\n",
    );
}

#[test]
fn unknown_kind_suggests_the_nearest() {
    fails_with(
        |s| {
            s.edit(
                "content/partners/catholic-university-of-korea.md",
                "kind: university",
                "kind: univercity",
            )
        },
        "content/partners/catholic-university-of-korea.md:3:7: error: unknown partner kind 'univercity'\n\
         3 | kind: univercity\n  |       ^^^^^^^^^^\n  = help: did you mean 'university'?\nerror: 1 problem found; nothing was written\n",
    );
}

#[test]
fn unknown_area_suggests_the_nearest() {
    fails_with(
        |s| {
            s.edit(
                "content/programs/transplantation.md",
                "areas: [transplantology]",
                "areas: [transplantation]",
            )
        },
        "content/programs/transplantation.md:5:9: error: unknown area 'transplantation'\n\
         5 | areas: [transplantation]\n  |         ^^^^^^^^^^^^^^^\n  = help: did you mean 'transplantology'?\n\
         error: 1 problem found; nothing was written\n",
    );
}

#[test]
fn unknown_partner_suggests_the_nearest_slug() {
    fails_with(
        |s| {
            s.edit(
                "content/visits/seoul-2023.md",
                "partners: [yonsei-university,",
                "partners: [yonsei-univ,",
            )
        },
        "content/visits/seoul-2023.md:8:12: error: unknown partner 'yonsei-univ'\n\
         8 | partners: [yonsei-univ, catholic-university-of-korea]\n  |            ^^^^^^^^^^^\n  = help: did you mean 'yonsei-university'?\n\
         error: 1 problem found; nothing was written\n",
    );
}

#[test]
fn a_draft_partner_cannot_be_referenced_by_a_published_visit() {
    fails_with(
        |s| {
            s.edit(
                "content/visits/agra-2024.md",
                "partners: [apollo-clinic-agra]",
                "partners: [apollo-clinic-agra, hidden-partner]",
            )
        },
        "content/visits/agra-2024.md:7:32: error: partner 'hidden-partner' is a draft and is not published\n\
         7 | partners: [apollo-clinic-agra, hidden-partner]\n  |                                ^^^^^^^^^^^^^^\n\
         \x20 = help: publish it (remove `draft: true`) or build with --drafts\nerror: 1 problem found; nothing was written\n",
    );
}

#[test]
fn duplicate_slug_blames_the_file_that_chose_it() {
    fails_with(
        |s| {
            s.write(
                "content/partners/yonsei-copy.md",
                "---\ntitle: Copy\nslug: yonsei-university\nkind: university\ncountry: KR\n---\n",
            )
        },
        "content/partners/yonsei-copy.md:3:7: error: duplicate partner slug 'yonsei-university': content/partners/yonsei-university.md has it too\n\
         3 | slug: yonsei-university\n  |       ^^^^^^^^^^^^^^^^^\n  = help: give one of them a different `slug:` or file name\n\
         error: 1 problem found; nothing was written\n",
    );
}

#[test]
fn end_before_start() {
    fails_with(
        |s| {
            s.edit(
                "content/programs/remote-lectures.md",
                "end: 2022-06",
                "end: 2019-06",
            )
        },
        "content/programs/remote-lectures.md:6:6: error: 'end' (2019-06) is before 'start' (2020)\n\
         6 | end: 2019-06\n  |      ^^^^^^^\nerror: 1 problem found; nothing was written\n",
    );
}

#[test]
fn broken_internal_link() {
    fails_with(
        |s| {
            s.edit(
                "content/_index.md",
                "@/partners/yonsei-university.md",
                "@/partners/yonsei.md",
            )
        },
        "content/_index.md:4:47: error: broken internal link: no page '@/partners/yonsei.md'\n\
         4 | Welcome to the **fixture** site. See [Yonsei](@/partners/yonsei.md).\n  |                                               ^^^^^^^^^^^^^^^^^^^^\n\
         \x20 = help: did you mean '@/partners/yonsei-university.md'?\nerror: 1 problem found; nothing was written\n",
    );
}

#[test]
fn broken_anchor() {
    fails_with(
        |s| s.edit("content/about.md", "#history", "#histroy"),
        "content/about.md:7:31: error: broken anchor: '@/partners/yonsei-university.md' has no heading '#histroy'\n\
         7 | Read about [Yonsei's history](@/partners/yonsei-university.md#histroy) and the [visits](/visits/).\n\
         \x20 |                               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n  = help: did you mean 'history'?\n\
         error: 1 problem found; nothing was written\n",
    );
}

#[test]
fn file_that_is_not_utf8() {
    fails_with(
        |s| {
            s.write(
                "content/partners/cafe.md",
                b"---\ntitle: Caf\xe9\nkind: university\ncountry: FR\n---\n",
            )
        },
        "content/partners/cafe.md:2:11: error: the file is not valid UTF-8 text\n  = help: save the file with UTF-8 encoding\n\
         error: 1 problem found; nothing was written\n",
    );
}

#[test]
fn template_error_names_the_template_and_line() {
    fails_with(
        |s| {
            s.write("templates/visit.html", "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ page.organiser }}</p>\n{% endblock main %}\n")
        },
        "templates/visit.html:3:12: error: template error: Field `organiser` is not defined. Available fields: areas, content, country, date, delegation, description, direction, end_date, extra, fallback, lang, outcomes, partners, permalink, place, section, summary, title, toc, translations, url\n\
         3 | <p>{{ page.organiser }}</p>\n  |            ^^^^^^^^^\nerror: 1 problem found; nothing was written\n",
    );
}

#[test]
fn template_syntax_error() {
    fails_with(
        |s| {
            s.write("templates/visit.html", "{% extends \"base.html\" %}\n{% block main %}\n{% if %}x{% endif %}\n{% endblock main %}\n")
        },
        "templates/visit.html:3:7: error: template syntax error: Found `%}` but expected one of: integer, float, string, bool, ident, `-`, `not`, `<`, `{`, `[` or `(`\n\
         3 | {% if %}x{% endif %}\n  |       ^^\nerror: 1 problem found; nothing was written\n",
    );
}

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
fn config_errors_are_positioned_too() {
    fails_with(
        |s| s.edit("site.yaml", "theme: min", "theme: min\ntheem: x"),
        "site.yaml:5:1: error: unknown key 'theem'\n5 | theem: x\n  | ^^^^^\n  = help: did you mean 'theme'?\n\
         error: 1 problem found; nothing was written\n",
    );
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
