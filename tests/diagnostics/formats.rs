//! `--format github` and `--format json`: the exact lines CI and editors read on stdout, the
//! job summary GitHub gets when there are more problems than it annotates, and what stays on
//! stderr.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::{Run, TestSite};

/// Edits of the fixture that each break it; the second one breaks two things, so these are
/// eleven problems in eight files. The last one puts a newline into a message: YAML's `\n`
/// in a quoted value is a real line break, and hamkor quotes the value it did not know.
const EDITS: &[(&str, &str, &str)] = &[
    ("content/about.md", "#history", "#histroy"),
    (
        "content/partners/university-of-kosice.md",
        "country: sk",
        "country: Slovakia\nweb|sit: x",
    ),
    (
        "content/programs/remote-lectures.md",
        "end: 2022-06",
        "end: 2019-06",
    ),
    (
        "content/programs/remote-lectures.md",
        "participants: 30",
        "participants: thirty",
    ),
    (
        "content/visits/seoul-2023.md",
        "partners: [yonsei-university,",
        "partners: [yonsei-univ,",
    ),
    (
        "content/visits/seoul-2023.md",
        "date: 2023-04-12",
        "date: 2023-02-30",
    ),
    (
        "content/partners/yonsei-university.md",
        "city: Seoul",
        "ciyt: Seoul",
    ),
    (
        "content/programs/transplantation.md",
        "areas: [transplantology]",
        "areas: [transplantation]",
    ),
    (
        "content/visits/kosice-undated.md",
        "direction: outgoing\n",
        "",
    ),
    (
        "content/partners/catholic-university-of-korea.md",
        "kind: university",
        "kind: \"univer\\nsity\"",
    ),
];

/// The fixture with every edit and two more broken files: thirteen problems, one of them
/// (the missing parent template) without a position.
fn broken_site() -> TestSite {
    let site = TestSite::fixture("basic");
    for (rel, from, to) in EDITS {
        site.edit(rel, from, to);
    }
    site.write(
        "content/partners/cafe.md",
        b"---\ntitle: Caf\xe9\nkind: university\ncountry: FR\n---\n",
    );
    site.write("templates/visit.html", "{% extends \"nope.html\" %}\n");
    site
}

/// Runs hamkor in `site`, with `$GITHUB_STEP_SUMMARY` naming `summary` or unset (so that
/// running these tests inside GitHub Actions cannot touch the real job summary).
fn hamkor(site: &TestSite, args: &[&str], summary: Option<&Path>) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hamkor"));
    command
        .args(args)
        .current_dir(site.root())
        .env_remove("GITHUB_STEP_SUMMARY");
    if let Some(path) = summary {
        command.env("GITHUB_STEP_SUMMARY", path);
    }
    let out = command.output().expect("run hamkor");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        // Paths for people are the system's; those on stdout, for machines, always use `/`.
        stderr: common::slashed(String::from_utf8_lossy(&out.stderr).into_owned()),
    }
}

const GITHUB: &str = "\
::error file=content/about.md,line=7,col=31,endColumn=69,title=hamkor::broken anchor: '@/partners/yonsei-university.md' has no heading '#histroy'%0Ahelp: did you mean 'history'?
::error file=content/partners/cafe.md,line=2,col=11,endColumn=11,title=hamkor::the file is not valid UTF-8 text%0Ahelp: save the file with UTF-8 encoding
::error file=content/partners/catholic-university-of-korea.md,line=3,col=7,endColumn=19,title=hamkor::unknown partner kind 'univer%0Asity'%0Ahelp: did you mean 'university'?
::error file=content/partners/university-of-kosice.md,line=4,col=10,endColumn=17,title=hamkor::unknown country code 'Slovakia'%0Ahelp: use the two-letter ISO code: 'SK' for Slovakia
::error file=content/partners/university-of-kosice.md,line=5,col=1,endColumn=7,title=hamkor::unknown key 'web|sit'%0Ahelp: did you mean 'website'?
::error file=content/partners/yonsei-university.md,line=5,col=1,endColumn=4,title=hamkor::unknown key 'ciyt'%0Ahelp: did you mean 'city'?
::error file=content/programs/remote-lectures.md,line=6,col=6,endColumn=12,title=hamkor::'end' (2019-06) is before 'start' (2020)
::error file=content/programs/remote-lectures.md,line=8,col=15,endColumn=20,title=hamkor::invalid 'participants': expected a whole number, found string \"thirty\"
::error file=content/programs/transplantation.md,line=5,col=9,endColumn=23,title=hamkor::unknown area 'transplantation'%0Ahelp: did you mean 'transplantology'?
::error file=content/visits/kosice-undated.md,line=5,col=1,endColumn=3,title=hamkor::missing required key 'direction'%0Ahelp: add `direction: …` to the front matter
::error file=content/visits/seoul-2023.md,line=3,col=7,endColumn=16,title=hamkor::invalid date in 'date': '2023-02-30' is not a day of the calendar: February 2023 has 28 days
::error file=content/visits/seoul-2023.md,line=8,col=12,endColumn=22,title=hamkor::unknown partner 'yonsei-univ'%0Ahelp: did you mean 'yonsei-university'?
::error file=templates/visit.html,title=hamkor::template extends 'nope.html', which does not exist
";

const SUMMARY: &str = "\
### hamkor: 13 problems found

| Where | Problem | Help |
| --- | --- | --- |
| content/about.md:7:31 | broken anchor: '@/partners/yonsei-university.md' has no heading '#histroy' | did you mean 'history'? |
| content/partners/cafe.md:2:11 | the file is not valid UTF-8 text | save the file with UTF-8 encoding |
| content/partners/catholic-university-of-korea.md:3:7 | unknown partner kind 'univer<br>sity' | did you mean 'university'? |
| content/partners/university-of-kosice.md:4:10 | unknown country code 'Slovakia' | use the two-letter ISO code: 'SK' for Slovakia |
| content/partners/university-of-kosice.md:5:1 | unknown key 'web\\|sit' | did you mean 'website'? |
| content/partners/yonsei-university.md:5:1 | unknown key 'ciyt' | did you mean 'city'? |
| content/programs/remote-lectures.md:6:6 | 'end' (2019-06) is before 'start' (2020) |  |
| content/programs/remote-lectures.md:8:15 | invalid 'participants': expected a whole number, found string \"thirty\" |  |
| content/programs/transplantation.md:5:9 | unknown area 'transplantation' | did you mean 'transplantology'? |
| content/visits/kosice-undated.md:5:1 | missing required key 'direction' | add \\`direction: …\\` to the front matter |
| content/visits/seoul-2023.md:3:7 | invalid date in 'date': '2023-02-30' is not a day of the calendar: February 2023 has 28 days |  |
| content/visits/seoul-2023.md:8:12 | unknown partner 'yonsei-univ' | did you mean 'yonsei-university'? |
| templates/visit.html | template extends 'nope.html', which does not exist |  |

";

const JSON: &str = r#"{"file":"content/about.md","line":7,"column":31,"end_line":7,"end_column":70,"severity":"error","message":"broken anchor: '@/partners/yonsei-university.md' has no heading '#histroy'","help":"did you mean 'history'?"}
{"file":"content/partners/cafe.md","line":2,"column":11,"end_line":2,"end_column":12,"severity":"error","message":"the file is not valid UTF-8 text","help":"save the file with UTF-8 encoding"}
{"file":"content/partners/catholic-university-of-korea.md","line":3,"column":7,"end_line":3,"end_column":20,"severity":"error","message":"unknown partner kind 'univer\nsity'","help":"did you mean 'university'?"}
{"file":"content/partners/university-of-kosice.md","line":4,"column":10,"end_line":4,"end_column":18,"severity":"error","message":"unknown country code 'Slovakia'","help":"use the two-letter ISO code: 'SK' for Slovakia"}
{"file":"content/partners/university-of-kosice.md","line":5,"column":1,"end_line":5,"end_column":8,"severity":"error","message":"unknown key 'web|sit'","help":"did you mean 'website'?"}
{"file":"content/partners/yonsei-university.md","line":5,"column":1,"end_line":5,"end_column":5,"severity":"error","message":"unknown key 'ciyt'","help":"did you mean 'city'?"}
{"file":"content/programs/remote-lectures.md","line":6,"column":6,"end_line":6,"end_column":13,"severity":"error","message":"'end' (2019-06) is before 'start' (2020)","help":null}
{"file":"content/programs/remote-lectures.md","line":8,"column":15,"end_line":8,"end_column":21,"severity":"error","message":"invalid 'participants': expected a whole number, found string \"thirty\"","help":null}
{"file":"content/programs/transplantation.md","line":5,"column":9,"end_line":5,"end_column":24,"severity":"error","message":"unknown area 'transplantation'","help":"did you mean 'transplantology'?"}
{"file":"content/visits/kosice-undated.md","line":5,"column":1,"end_line":5,"end_column":4,"severity":"error","message":"missing required key 'direction'","help":"add `direction: …` to the front matter"}
{"file":"content/visits/seoul-2023.md","line":3,"column":7,"end_line":3,"end_column":17,"severity":"error","message":"invalid date in 'date': '2023-02-30' is not a day of the calendar: February 2023 has 28 days","help":null}
{"file":"content/visits/seoul-2023.md","line":8,"column":12,"end_line":8,"end_column":23,"severity":"error","message":"unknown partner 'yonsei-univ'","help":"did you mean 'yonsei-university'?"}
{"file":"templates/visit.html","line":null,"column":null,"end_line":null,"end_column":null,"severity":"error","message":"template extends 'nope.html', which does not exist","help":null}
"#;

const THIRTEEN: &str = "error: 13 problems found; nothing was written\n";

#[test]
fn github_format_annotates_every_problem_and_summarises_them_for_the_job() {
    let site = broken_site();
    let summary = site.root().join("step-summary.md");
    for command in ["check", "build"] {
        // An earlier step's section stays: the summary is appended to.
        std::fs::write(&summary, "earlier step\n").expect("write summary");
        let r = hamkor(
            &site,
            &[command, "--root", ".", "--format", "github"],
            Some(&summary),
        );
        assert_eq!(r.code, 1, "{command}: {}", r.stderr);
        assert_eq!(r.stdout, GITHUB, "{command}");
        assert_eq!(r.stderr, THIRTEEN, "{command}");
        assert_eq!(
            std::fs::read_to_string(&summary).expect("read summary"),
            format!("earlier step\n{SUMMARY}"),
            "{command}"
        );
    }
    assert!(!site.out().exists());
}

#[test]
fn json_format_prints_one_object_per_problem_and_line() {
    let site = broken_site();
    for command in ["check", "build"] {
        let r = hamkor(&site, &[command, "--root", ".", "--format", "json"], None);
        assert_eq!(r.code, 1, "{command}: {}", r.stderr);
        assert_eq!(r.stdout, JSON, "{command}");
        assert_eq!(r.stderr, THIRTEEN, "{command}");
    }
    let r = hamkor(&site, &["check", "--format", "json"], None);
    let records: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}")))
        .collect();
    assert_eq!(records.len(), 13);
    // The escaped newline comes back as a real one.
    assert_eq!(
        records[2]["message"],
        serde_json::json!("unknown partner kind 'univer\nsity'")
    );
    assert!(!site.out().exists());
}

#[test]
fn no_job_summary_for_ten_problems_or_fewer() {
    let site = TestSite::fixture("basic");
    // All but the last edit: exactly ten problems, as many as GitHub annotates.
    for (rel, from, to) in &EDITS[..EDITS.len() - 1] {
        site.edit(rel, from, to);
    }
    let summary = site.root().join("step-summary.md");
    let r = hamkor(
        &site,
        &["check", "--format", "github"],
        Some(summary.as_path()),
    );
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout.lines().count(), 10, "{}", r.stdout);
    assert_eq!(r.stderr, "error: 10 problems found; nothing was written\n");
    assert!(!summary.exists(), "the job summary was written");
}

#[test]
fn human_format_is_the_default_and_keeps_stdout_empty() {
    let site = broken_site();
    for command in ["check", "build"] {
        let default = hamkor(&site, &[command], None);
        let human = hamkor(&site, &[command, "--format", "human"], None);
        assert_eq!(default.code, 1);
        assert_eq!((human.code, &human.stdout), (1, &String::new()));
        assert_eq!(human.stderr, default.stderr);
        assert!(default.stderr.ends_with(THIRTEEN));
        assert!(
            default.stderr.starts_with(
                "content/about.md:7:31: error: broken anchor: '@/partners/yonsei-university.md' has no heading '#histroy'\n7 | "
            ),
            "{}",
            default.stderr
        );
    }
}

#[test]
fn machine_formats_say_everything_else_on_stderr() {
    let site = TestSite::fixture("basic");
    for format in ["github", "json"] {
        let r = hamkor(&site, &["check", "--format", format], None);
        assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{format}");
        assert!(
            r.stderr.contains(": no problems\n"),
            "{format}: {}",
            r.stderr
        );
        // A site in one language lacks no translation: the list is empty, and replaces the
        // summary.
        let r = hamkor(
            &site,
            &["check", "--translations", "--format", format],
            None,
        );
        assert_eq!(
            (r.code, r.stdout.as_str(), r.stderr.as_str()),
            (0, "", ""),
            "{format}"
        );
        let r = hamkor(&site, &["build", "--format", format], None);
        assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{format}");
        assert!(r.stderr.starts_with("built "), "{format}: {}", r.stderr);
    }
    // Without --format, both summaries stay on stdout.
    let r = hamkor(&site, &["check"], None);
    assert!(r.stdout.contains(": no problems\n"), "{}", r.stdout);
}

#[test]
fn environment_errors_stay_plain_text_in_every_format() {
    let site = TestSite::fixture("basic");
    for format in ["human", "github", "json"] {
        let r = hamkor(
            &site,
            &["check", "--root", "no-such-folder", "--format", format],
            None,
        );
        assert_eq!((r.code, r.stdout.as_str()), (2, ""), "{format}");
        assert!(
            r.stderr
                .starts_with("error: cannot read no-such-folder/site.yaml: "),
            "{format}: {}",
            r.stderr
        );
    }
    let r = hamkor(&site, &["check", "--format", "xml"], None);
    assert_eq!(r.code, 2, "{}", r.stderr);
}
