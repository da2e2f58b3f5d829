//! `hamkor report`: the same period's tables as a spreadsheet (read back with openpyxl), as CSV
//! (read with the `csv` crate) and as an HTML page (parsed), all agreeing with the fixture
//! `tests/fixtures/report`, whose visits, agreements and programs fall in and around 2024Q1
//! with dates of every precision.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::{Run, TestSite, require_tool, texts};

/// The Visits table of 2024Q1: newest first as on the site's visits page, a visit dated
/// `2024-03` and one dated `2024` both in, one across the turn of the year in, April out.
const VISITS: [(&str, &str, &str, &str); 4] = [
    (
        "2024-03",
        "Guests from India and Slovakia",
        "incoming",
        "Apollo Clinic; University of Košice",
    ),
    (
        "2024-02-12",
        "Delegation to Seoul",
        "outgoing",
        "Yonsei University",
    ),
    (
        "2024",
        "Summer school in Košice",
        "outgoing",
        "University of Košice",
    ),
    (
        "2023-12-30",
        "New-year guests from Seoul",
        "incoming",
        "Yonsei University",
    ),
];

/// The Totals table of 2024Q1.
const TOTALS: [(&str, u64); 8] = [
    ("Visits", 4),
    ("Incoming visits", 2),
    ("Outgoing visits", 2),
    ("Agreements signed", 2),
    ("Agreements expiring", 1),
    ("Active programs", 2),
    ("Partners involved", 3),
    ("Partner countries", 3),
];

/// The Countries table of 2024Q1: visits held there, partners of there involved.
const COUNTRIES: [(&str, u64, u64); 4] = [
    ("India", 0, 1),
    ("Slovakia", 1, 1),
    ("South Korea", 1, 1),
    ("Uzbekistan", 2, 0),
];

fn site() -> TestSite {
    TestSite::fixture("report")
}

fn report(site: &TestSite, args: &[&str]) -> Run {
    site.run(&[&["report", "--root", "."], args].concat())
}

/// A run that must succeed.
fn report_ok(site: &TestSite, args: &[&str]) -> Run {
    let r = report(site, args);
    assert_eq!(r.code, 0, "report failed:\n{}", r.stderr);
    r
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("CSV record").iter().map(str::to_string).collect())
        .collect()
}

fn openpyxl(test: &str) -> Option<()> {
    let found = Command::new("python3")
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success())
        .then_some(());
    require_tool(test, found, "python3 with openpyxl", "pip install openpyxl")
}

/// Every sheet of the workbook as JSON: its name, frozen cell, filter range and rows, each
/// cell as [type, value, number format].
const DUMP: &str = r#"
import json, sys, datetime, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
out = []
for ws in book.worksheets:
    rows = []
    for row in ws.iter_rows():
        cells = []
        for c in row:
            v = c.value
            if v is None:
                cells.append(None)
            elif isinstance(v, datetime.datetime):
                cells.append(["date", v.date().isoformat(), c.number_format])
            elif isinstance(v, bool):
                cells.append(["bool", v, c.number_format])
            elif isinstance(v, int):
                cells.append(["int", v, c.number_format])
            elif isinstance(v, float):
                cells.append(["float", v, c.number_format])
            else:
                cells.append(["str", str(v), c.number_format])
        rows.append(cells)
    out.append({"name": ws.title, "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref,
                "rows": rows, "link": [c.hyperlink.target for c in ws["J"][1:] if c.hyperlink] if ws.max_column >= 10 else []})
print(json.dumps(out))
"#;

fn cell<'a>(v: &'a serde_json::Value, kind: &str) -> &'a serde_json::Value {
    assert_eq!(v[0], kind, "cell {v}");
    &v[1]
}

#[test]
fn the_spreadsheet_has_a_sheet_per_table_with_typed_cells() {
    let Some(()) = openpyxl("the_spreadsheet_has_a_sheet_per_table_with_typed_cells") else {
        return;
    };
    let site = site();
    let r = report_ok(
        &site,
        &[
            "--quarter",
            "2024Q1",
            "--format",
            "xlsx",
            "--output",
            "q1.xlsx",
        ],
    );
    assert_eq!(r.stdout, "");
    assert_eq!(r.stderr, "wrote the report of 2024Q1 to q1.xlsx\n");
    let dumped = Command::new("python3")
        .args(["-c", DUMP])
        .arg(site.root().join("q1.xlsx"))
        .output()
        .expect("python3");
    assert!(
        dumped.status.success(),
        "{}",
        String::from_utf8_lossy(&dumped.stderr)
    );
    let book: serde_json::Value = serde_json::from_slice(&dumped.stdout).expect("JSON");
    let sheets = book.as_array().expect("sheets");
    let names: Vec<&str> = sheets
        .iter()
        .map(|s| s["name"].as_str().expect("name"))
        .collect();
    assert_eq!(
        names,
        [
            "Visits",
            "Agreements",
            "Programs",
            "Countries",
            "Partner kinds",
            "Totals"
        ]
    );
    for s in sheets {
        assert_eq!(s["freeze"], "A2", "{} has its header row frozen", s["name"]);
        assert!(
            s["filter"].as_str().is_some_and(|f| f.starts_with("A1:")),
            "{}",
            s["name"]
        );
    }
    let visits = sheets[0]["rows"].as_array().expect("rows");
    assert_eq!(visits[0][0], serde_json::json!(["str", "Date", "General"]));
    assert_eq!(visits.len(), 1 + VISITS.len());
    // Dates are Excel dates on their first day, shown at the precision they were written.
    let formats = ["yyyy-mm", "yyyy-mm-dd", "yyyy", "yyyy-mm-dd"];
    let firsts = ["2024-03-01", "2024-02-12", "2024-01-01", "2023-12-30"];
    for (i, (_, title, direction, partners)) in VISITS.iter().enumerate() {
        let row = &visits[i + 1];
        assert_eq!(cell(&row[0], "date"), firsts[i]);
        assert_eq!(row[0][2], formats[i]);
        assert_eq!(cell(&row[2], "str"), title);
        assert_eq!(cell(&row[3], "str"), direction);
        assert_eq!(cell(&row[4], "str"), partners);
    }
    assert_eq!(cell(&visits[2][1], "date"), "2024-02-15");
    assert_eq!(cell(&visits[2][8], "str"), "A. Karimov; B. Aliyev");
    assert_eq!(
        sheets[0]["link"][1],
        "https://example.org/visits/seoul-2024/"
    );
    let programs = sheets[2]["rows"].as_array().expect("rows");
    assert_eq!(cell(&programs[2][6], "int"), 12);
    let countries = sheets[3]["rows"].as_array().expect("rows");
    for (i, (name, visits, partners)) in COUNTRIES.iter().enumerate() {
        assert_eq!(cell(&countries[i + 1][0], "str"), name);
        assert_eq!(cell(&countries[i + 1][1], "int"), visits);
        assert_eq!(cell(&countries[i + 1][2], "int"), partners);
    }
    let totals = sheets[5]["rows"].as_array().expect("rows");
    assert_eq!(totals.len(), 1 + TOTALS.len());
    for (i, (measure, n)) in TOTALS.iter().enumerate() {
        assert_eq!(cell(&totals[i + 1][0], "str"), measure);
        assert_eq!(cell(&totals[i + 1][1], "int"), n);
    }
    // Written by renaming a finished file: nothing else is left beside it.
    let left: Vec<String> = std::fs::read_dir(site.root())
        .expect("read root")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert_eq!(left, Vec::<String>::new());
}

#[test]
fn csv_tables_agree_with_the_spreadsheet_numbers() {
    let site = site();
    let visits = csv_rows(
        &report_ok(
            &site,
            &[
                "--quarter",
                "2024Q1",
                "--format",
                "csv",
                "--table",
                "visits",
            ],
        )
        .stdout,
    );
    assert_eq!(visits[0][..4], ["Date", "End date", "Title", "Direction"]);
    let got: Vec<(&str, &str, &str, &str)> = visits[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[2].as_str(), r[3].as_str(), r[4].as_str()))
        .collect();
    assert_eq!(got, VISITS);
    let totals = csv_rows(
        &report_ok(
            &site,
            &[
                "--quarter",
                "2024Q1",
                "--format",
                "csv",
                "--table",
                "totals",
            ],
        )
        .stdout,
    );
    let got: Vec<(&str, u64)> = totals[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[1].parse().expect("a count")))
        .collect();
    assert_eq!(got, TOTALS);
    let countries = csv_rows(
        &report_ok(
            &site,
            &[
                "--quarter",
                "2024Q1",
                "--format",
                "csv",
                "--table",
                "countries",
            ],
        )
        .stdout,
    );
    let got: Vec<(&str, u64, u64)> = countries[1..]
        .iter()
        .map(|r| {
            (
                r[0].as_str(),
                r[1].parse().expect("n"),
                r[2].parse().expect("n"),
            )
        })
        .collect();
    assert_eq!(got, COUNTRIES);
    let agreements = csv_rows(
        &report_ok(
            &site,
            &[
                "--quarter",
                "2024Q1",
                "--format",
                "csv",
                "--table",
                "agreements",
            ],
        )
        .stdout,
    );
    let got: Vec<[&str; 3]> = agreements[1..]
        .iter()
        .map(|r| [r[0].as_str(), r[4].as_str(), r[6].as_str()])
        .collect();
    assert_eq!(
        got,
        [
            ["University of Košice", "2024", "signed"],
            ["Yonsei University", "2024-02-10", "signed"],
            ["Yonsei University", "2019-04", "expires"],
        ]
    );
    // The same range of days given as --from and --to gives the same table.
    let by_days = report_ok(
        &site,
        &[
            "--from",
            "2024-01-01",
            "--to",
            "2024-03-31",
            "--format",
            "csv",
            "--table",
            "totals",
        ],
    );
    assert_eq!(csv_rows(&by_days.stdout), totals);
    // The second quarter: the April visit, the year-dated one and nothing from March.
    let q2 = csv_rows(
        &report_ok(
            &site,
            &[
                "--quarter",
                "2024Q2",
                "--format",
                "csv",
                "--table",
                "visits",
            ],
        )
        .stdout,
    );
    let titles: Vec<&str> = q2[1..].iter().map(|r| r[2].as_str()).collect();
    assert_eq!(titles, ["Delegation to Agra", "Summer school in Košice"]);
    // The contract signed in "2024" is signed in every quarter of the year.
    let q2 = report_ok(
        &site,
        &[
            "--quarter",
            "2024Q2",
            "--format",
            "csv",
            "--table",
            "agreements",
        ],
    );
    let partners: Vec<String> = csv_rows(&q2.stdout)[1..]
        .iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(partners, ["University of Košice"]);
}

#[test]
fn the_page_has_every_table_with_the_same_numbers() {
    let site = site();
    let r = report_ok(&site, &["--quarter", "2024Q1"]);
    let doc = scraper::Html::parse_document(&r.stdout);
    assert_eq!(
        texts(&doc, "caption"),
        [
            "Visits",
            "Agreements",
            "Programs",
            "Countries",
            "Partner kinds",
            "Totals"
        ]
    );
    assert_eq!(texts(&doc, "p.period"), ["Period: 2024Q1"]);
    let titles = texts(&doc, "#visits tbody td:nth-child(3)");
    assert_eq!(titles, VISITS.map(|v| v.1));
    let dates = common::attrs(&doc, "#visits tbody td:nth-child(1) time", "datetime");
    assert_eq!(dates, VISITS.map(|v| v.0));
    let measures = texts(&doc, "#totals tbody th");
    let counts = texts(&doc, "#totals tbody td");
    let got: Vec<(&str, u64)> = measures
        .iter()
        .zip(&counts)
        .map(|(m, n)| (m.as_str(), n.parse().expect("a count")))
        .collect();
    assert_eq!(got, TOTALS);
    assert_eq!(
        texts(&doc, "#countries tbody td:nth-child(2)"),
        COUNTRIES.map(|c| c.1.to_string())
    );
    // A period with nothing in it says so in each table.
    let empty = report_ok(&site, &["--quarter", "2019Q1"]);
    let doc = scraper::Html::parse_document(&empty.stdout);
    assert_eq!(texts(&doc, "#visits tbody td"), ["None in this period."]);
    if let Some(jar) = common::vnu::checker("the_page_has_every_table_with_the_same_numbers") {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("report.html"), &r.stdout).expect("write");
        common::vnu::assert_valid(&jar, dir.path());
    }
}

#[test]
fn russian_reports_have_russian_headings_and_titles() {
    let site = site();
    let r = report_ok(&site, &["--quarter", "2024Q1", "--lang", "ru"]);
    let doc = scraper::Html::parse_document(&r.stdout);
    assert_eq!(common::attrs(&doc, "html", "lang"), ["ru"]);
    assert_eq!(
        texts(&doc, "caption"),
        [
            "Визиты",
            "Соглашения",
            "Программы",
            "Страны",
            "Типы партнёров",
            "Итоги"
        ]
    );
    assert_eq!(
        texts(&doc, "#visits thead th")[..5],
        [
            "Дата",
            "Дата окончания",
            "Название",
            "Направление",
            "Партнёры"
        ]
    );
    assert_eq!(
        texts(&doc, "#visits tbody td:nth-child(5)"),
        [
            "Клиника «Аполло»; Кошицкий университет",
            "Университет Ёнсе",
            "Кошицкий университет",
            "Университет Ёнсе",
        ]
    );
    // Untranslated titles stay as written; translated ones are the translation's.
    assert_eq!(
        texts(&doc, "#visits tbody td:nth-child(3)")[..2],
        ["Guests from India and Slovakia", "Делегация в Сеул"]
    );
    assert_eq!(texts(&doc, "#totals tbody th")[0], "Визиты");
    assert_eq!(
        common::attrs(&doc, "#visits tbody a", "href")[1],
        "https://example.org/ru/visits/seoul-2024/"
    );
    let csv = report_ok(
        &site,
        &[
            "--quarter",
            "2024Q1",
            "--lang",
            "ru",
            "--format",
            "csv",
            "--table",
            "countries",
        ],
    );
    assert_eq!(csv_rows(&csv.stdout)[0], ["Страна", "Визиты", "Партнёры"]);
}

#[test]
fn usage_errors_exit_2_with_their_message() {
    let site = site();
    let cases: [(&[&str], &str); 8] = [
        (
            &["--from", "2024-04-01", "--to", "2024-03-31"],
            "error: the period ends before it begins: --from 2024-04-01 is after --to 2024-03-31\n\nUsage: hamkor report [OPTIONS]\n",
        ),
        (
            &["--quarter", "2024Q5"],
            "error: invalid value '2024Q5' for '--quarter <QUARTER>': '2024Q5' is not a quarter: write YYYYQ1 to YYYYQ4, e.g. 2024Q1\n",
        ),
        (
            &["--from", "2024-01", "--to", "2024-03-31"],
            "error: invalid value '2024-01' for '--from <FROM>': '2024-01' is not a whole date: write YYYY-MM-DD, e.g. 2024-01-01\n",
        ),
        (
            &[
                "--quarter",
                "2024Q1",
                "--from",
                "2024-01-01",
                "--to",
                "2024-03-31",
            ],
            "error: the argument '--quarter <QUARTER>' cannot be used with:\n  --from <FROM>\n  --to <TO>\n",
        ),
        (
            &["--from", "2024-01-01"],
            "error: the following required arguments were not provided:\n  --to <TO>\n",
        ),
        (
            &["--quarter", "2024Q1", "--format", "xlsx"],
            "error: the following required arguments were not provided:\n  --output <OUTPUT>\n",
        ),
        (
            &["--quarter", "2024Q1", "--format", "csv"],
            "error: the following required arguments were not provided:\n  --table <TABLE>\n",
        ),
        (
            &["--quarter", "2024Q1", "--table", "visits"],
            "error: --table chooses the table of --format csv; the other formats have every table\n",
        ),
    ];
    for (args, message) in cases {
        let r = report(&site, args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.starts_with(message), "{args:?}:\n{}", r.stderr);
        assert_eq!(r.stdout, "", "{args:?}");
    }
    let none = report(&site, &[]);
    assert_eq!(none.code, 2);
    assert!(
        none.stderr.starts_with(
            "error: the following required arguments were not provided:\n  --quarter <QUARTER>\n"
        ),
        "{}",
        none.stderr
    );
    site.edit(
        "site.yaml",
        "languages: [en, uz, ru]",
        "languages: [en, uz]",
    );
    for ru in [
        "partners/yonsei-university",
        "partners/university-of-kosice",
        "partners/apollo-clinic",
        "visits/seoul-2024",
    ] {
        site.remove(&format!("content/{ru}.ru.md"));
    }
    let r = report(&site, &["--quarter", "2024Q1", "--lang", "ru"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "error: --lang ru: the site is not published in that language (its languages: en, uz)\n"
    );
}

#[test]
fn content_errors_fail_like_check_and_write_nothing() {
    let site = site();
    site.write("q1.html", "the previous report");
    site.edit(
        "content/visits/seoul-2024.md",
        "partners: [yonsei-university]",
        "partners: [yonsei-universty]",
    );
    let r = report(&site, &["--quarter", "2024Q1", "--output", "q1.html"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let check = site.run(&["check", "--root", "."]);
    assert_eq!(check.code, 1);
    assert_eq!(r.stderr, check.stderr);
    assert!(
        r.stderr.starts_with(
            "content/visits/seoul-2024.md:8:12: error: unknown partner 'yonsei-universty'"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(r.stdout, "");
    assert_eq!(site.read("q1.html"), "the previous report");
    assert!(!Path::new(&site.root().join("q1.xlsx")).exists());
}
