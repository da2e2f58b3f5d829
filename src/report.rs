//! Diagnostics for machines: GitHub Actions workflow commands and JSON Lines.
//!
//! People read [`Diagnostic::render`] on stderr. CI and editors want one line per problem on
//! stdout that they can parse without knowing hamkor's layout, so `--format` picks one of
//! these instead:
//!
//! - [`Format::Github`]: one `::error …::message` (or `::warning …`) workflow command per
//!   problem, which GitHub
//!   Actions turns into an annotation on the file and line. GitHub shows only
//!   [`ANNOTATION_LIMIT`] error annotations per step, so with more problems a Markdown table of
//!   all of them ([`step_summary`]) belongs in the job summary.
//! - [`Format::Json`]: one JSON object per problem and line ([`json_line`]).
//!
//! In both, every problem is exactly one line: newlines inside a message or hint are escaped.

use std::io::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity, slash_path};

/// How problems are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// For people: `file:line:col: error: …` with the source line and a caret, on stderr.
    #[default]
    Human,
    /// GitHub Actions workflow commands (`::error file=…::…`, `::warning …`) on stdout.
    Github,
    /// One JSON object per problem and line on stdout.
    Json,
}

impl Format {
    /// Whether stdout is reserved for machine-readable lines: everything meant for people
    /// (summaries, counts) then goes to stderr.
    pub fn is_machine(self) -> bool {
        self != Format::Human
    }
}

/// GitHub shows at most this many error annotations per step; the rest only in the log.
pub const ANNOTATION_LIMIT: usize = 10;

/// The bold title above each annotation: the problem itself is the message, so the title
/// only says which tool found it.
pub const ANNOTATION_TITLE: &str = "hamkor";

/// Escapes a workflow command's message as the Actions toolkit does (`escapeData`): the runner
/// decodes these, and a raw newline would end the command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value as the Actions toolkit does
/// (`escapeProperty`): `:` would end the properties and `,` would start another one.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The last column `d` underlines, counted like `pos.col` (1-based, inclusive).
fn last_column(d: &Diagnostic, col: usize) -> usize {
    col + d.width.max(1) - 1
}

/// The message and, on a new line, the hint: what GitHub shows under the title.
fn message_with_help(d: &Diagnostic) -> String {
    match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    }
}

/// One workflow command for `d`, without the final newline:
/// `::error file=F,line=L,col=C,endColumn=E,title=hamkor::message%0Ahelp: hint`.
///
/// `endColumn` is the last underlined column, inclusive: GitHub's toolkit documents that it
/// defaults to `col`, so a one-character problem at column 12 is `col=12,endColumn=12`.
/// A problem without a position names only the file.
pub fn github_command(d: &Diagnostic) -> String {
    let mut props = vec![("file", slash_path(&d.file))];
    if let Some(pos) = d.pos {
        props.push(("line", pos.line.to_string()));
        props.push(("col", pos.col.to_string()));
        props.push(("endColumn", last_column(d, pos.col).to_string()));
    }
    props.push(("title", ANNOTATION_TITLE.to_string()));
    let props: Vec<String> = props
        .into_iter()
        .map(|(key, value)| format!("{key}={}", escape_property(&value)))
        .collect();
    format!(
        "::{} {}::{}",
        d.severity().as_str(),
        props.join(","),
        escape_data(&message_with_help(d))
    )
}

/// One problem as JSON, with its keys in this order.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    /// Exclusive, as in editors' ranges: `end_column - column` characters are underlined.
    end_column: Option<usize>,
    severity: Severity,
    message: &'a str,
    help: Option<&'a str>,
}

/// `d` as one line of JSON, without the final newline. Positions are 1-based and count
/// characters; `end_column` is exclusive (the column just after the underlined text), and
/// all four are `null` when the problem concerns the whole file.
pub fn json_line(d: &Diagnostic) -> String {
    let record = JsonDiagnostic {
        file: slash_path(&d.file),
        line: d.pos.map(|p| p.line),
        column: d.pos.map(|p| p.col),
        end_line: d.pos.map(|p| p.line),
        end_column: d.pos.map(|p| p.col + d.width.max(1)),
        severity: d.severity(),
        message: &d.message,
        help: d.help.as_deref(),
    };
    // Serializing a struct of strings and numbers cannot fail; should it ever, the line is
    // still valid JSON rather than a panic.
    serde_json::to_string(&record).unwrap_or_else(|_| {
        r#"{"file":null,"severity":"error","message":"this problem could not be written as JSON"}"#
            .to_string()
    })
}

/// The lines `format` prints on stdout for `problems`, each ending in a newline; empty for
/// [`Format::Human`], whose output goes to stderr ([`human`]).
pub fn machine(format: Format, problems: &[Diagnostic]) -> String {
    let line: fn(&Diagnostic) -> String = match format {
        Format::Human => return String::new(),
        Format::Github => github_command,
        Format::Json => json_line,
    };
    problems.iter().map(|d| line(d) + "\n").collect()
}

/// What goes to stderr for a failed run: in the human format every problem rendered; in
/// every format the closing count ([`closing_line`]), so a CI log always says how the run
/// ended.
pub fn human(format: Format, problems: &[Diagnostic]) -> String {
    let mut out = rendered(format, problems);
    out.push_str(&closing_line(problems));
    out
}

/// What goes to stderr for a run that succeeded with warnings: each warning rendered (in the
/// human format), then `warning: N warnings found`; nothing when there are none.
pub fn warnings(format: Format, warnings: &[Diagnostic]) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    let mut out = rendered(format, warnings);
    out.push_str(&format!(
        "warning: {} found\n",
        counted(warnings.len(), "warning")
    ));
    out
}

fn rendered(format: Format, problems: &[Diagnostic]) -> String {
    if format.is_machine() {
        return String::new();
    }
    problems.iter().map(Diagnostic::render).collect()
}

/// `1 warning`, `2 warnings`.
pub fn counted(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// The last line of a failed run, with its newline. Errors are "problems", as they always
/// were; warnings are named beside them, and a failure of warnings alone can only come from
/// `--deny-warnings`, which the line then names:
///
/// - `error: 2 problems found; nothing was written`
/// - `error: 1 problem found, and 2 warnings; nothing was written`
/// - `error: 1 warning found, and --deny-warnings fails on warnings; nothing was written`
pub fn closing_line(problems: &[Diagnostic]) -> String {
    let errors = problems.iter().filter(|d| d.is_error()).count();
    let warnings = problems.len() - errors;
    match (errors, warnings) {
        (0, w) if w > 0 => format!(
            "error: {} found, and --deny-warnings fails on warnings; nothing was written\n",
            counted(w, "warning")
        ),
        (e, 0) => format!(
            "error: {} found; nothing was written\n",
            counted(e, "problem")
        ),
        (e, w) => format!(
            "error: {} found, and {}; nothing was written\n",
            counted(e, "problem"),
            counted(w, "warning")
        ),
    }
}

/// A Markdown section listing every problem, for `$GITHUB_STEP_SUMMARY`, when there are more
/// than GitHub annotates ([`ANNOTATION_LIMIT`]); `None` otherwise, as the annotations then
/// already show them all.
pub fn step_summary(problems: &[Diagnostic]) -> Option<String> {
    if problems.len() <= ANNOTATION_LIMIT {
        return None;
    }
    let mut out = format!(
        "### hamkor: {} problems found\n\n| Where | Problem | Help |\n| --- | --- | --- |\n",
        problems.len()
    );
    for d in problems {
        let place = match d.pos {
            Some(p) => format!("{}:{}:{}", slash_path(&d.file), p.line, p.col),
            None => slash_path(&d.file),
        };
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            markdown_cell(&place),
            markdown_cell(&d.message),
            d.help.as_deref().map(markdown_cell).unwrap_or_default()
        ));
    }
    out.push('\n');
    Some(out)
}

/// Appends [`step_summary`] to the job summary file at `path` (what `$GITHUB_STEP_SUMMARY`
/// names), if there is one for `problems`. Appending, because earlier steps of the job may
/// have written their own sections.
pub fn append_step_summary(path: &Path, problems: &[Diagnostic]) -> std::io::Result<()> {
    let Some(summary) = step_summary(problems) else {
        return Ok(());
    };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    file.write_all(summary.as_bytes())
}

/// Text as the content of one Markdown table cell, shown literally: `|` would end the cell
/// and a newline the row, and emphasis, links, code, HTML, entities and math (`$`) would
/// change what is shown, so their characters are backslash-escaped and newlines become
/// `<br>`.
pub fn markdown_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("<br>");
                }
            }
            '\n' => out.push_str("<br>"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '$' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Pos;

    #[test]
    fn escapes_data_and_properties_like_the_actions_toolkit() {
        let s = "50% a:b, c\r\nd";
        assert_eq!(escape_data(s), "50%25 a:b, c%0D%0Ad");
        assert_eq!(escape_property(s), "50%25 a%3Ab%2C c%0D%0Ad");
        // `%` first, so an escape already in the text stays literal.
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn a_newline_in_a_message_stays_on_one_line() {
        let d = Diagnostic::new(
            "content/a,b:c.md",
            Some(Pos { line: 3, col: 12 }),
            "100% wrong:\nsecond line\r",
        )
        .help("fix, then\nretry");
        assert_eq!(
            github_command(&d),
            "::error file=content/a%2Cb%3Ac.md,line=3,col=12,endColumn=12,title=hamkor::\
             100%25 wrong:%0Asecond line%0D%0Ahelp: fix, then%0Aretry"
        );
        assert_eq!(
            json_line(&d),
            r#"{"file":"content/a,b:c.md","line":3,"column":12,"end_line":3,"end_column":13,"severity":"error","message":"100% wrong:\nsecond line\r","help":"fix, then\nretry"}"#
        );
        for format in [Format::Github, Format::Json] {
            let lines = machine(format, std::slice::from_ref(&d));
            assert_eq!(lines.matches('\n').count(), 1, "{lines}");
        }
    }

    #[test]
    fn a_problem_without_position_names_only_the_file() {
        let d = Diagnostic::new("templates", None, "template 'x' not found");
        assert_eq!(
            github_command(&d),
            "::error file=templates,title=hamkor::template 'x' not found"
        );
        assert_eq!(
            json_line(&d),
            r#"{"file":"templates","line":null,"column":null,"end_line":null,"end_column":null,"severity":"error","message":"template 'x' not found","help":null}"#
        );
    }

    #[test]
    fn markdown_cells_cannot_break_the_table() {
        assert_eq!(
            markdown_cell("a | b\nc\r\nd `e` <b>*f*</b> [g](h) $x$ &amp; _i_"),
            r"a \| b<br>c<br>d \`e\` \<b\>\*f\*\</b\> \[g\](h) \$x\$ \&amp; \_i\_"
        );
    }

    #[test]
    fn warnings_carry_their_severity() {
        let d = Diagnostic::new("a.md", Some(Pos { line: 2, col: 3 }), "odd").warning();
        assert_eq!(
            github_command(&d),
            "::warning file=a.md,line=2,col=3,endColumn=3,title=hamkor::odd"
        );
        assert!(json_line(&d).contains(r#""severity":"warning""#));
        assert!(d.render().starts_with("a.md:2:3: warning: odd\n"));
    }

    #[test]
    fn closing_lines_count_errors_and_warnings() {
        let e = Diagnostic::new("a.md", None, "x");
        let w = e.clone().warning();
        assert_eq!(
            closing_line(&[e.clone(), e.clone()]),
            "error: 2 problems found; nothing was written\n"
        );
        assert_eq!(
            closing_line(&[e, w.clone(), w.clone()]),
            "error: 1 problem found, and 2 warnings; nothing was written\n"
        );
        assert_eq!(
            closing_line(std::slice::from_ref(&w)),
            "error: 1 warning found, and --deny-warnings fails on warnings; nothing was written\n"
        );
        assert_eq!(warnings(Format::Json, &[w]), "warning: 1 warning found\n");
    }

    #[test]
    fn the_summary_is_only_for_more_problems_than_github_annotates() {
        let d = Diagnostic::new("a.md", None, "x");
        assert_eq!(step_summary(&vec![d.clone(); ANNOTATION_LIMIT]), None);
        assert!(step_summary(&vec![d; ANNOTATION_LIMIT + 1]).is_some());
    }
}
