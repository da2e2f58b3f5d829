//! Diagnostics: problems in the site's input, collected as data and rendered for editors.
//!
//! Every stage collects its problems as [`Diagnostic`]s instead of stopping at the first one,
//! so one run lists everything that needs fixing. A diagnostic knows its file (relative to the
//! site root), the 1-based line and column of the offending key or value, and an optional hint.
//! Rendering follows the `file:line:col: error: message` convention that editors and CI log
//! parsers understand, followed by the source line with a caret.
//!
//! A problem is an error (the site is not written) or a warning: probably wrong but possibly
//! meant, so the site is still written unless `--deny-warnings` asks otherwise.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A position in a file: 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub col: usize,
}

impl Pos {
    /// The start of a file.
    pub const START: Pos = Pos { line: 1, col: 1 };

    /// The position of byte `offset` in `text`, clamped to the text.
    pub fn of_offset(text: &str, offset: usize) -> Pos {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Pos {
            line: before.matches('\n').count() + 1,
            col: before[line_start..].chars().count() + 1,
        }
    }
}

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The site cannot be built until it is fixed.
    Error,
    /// Probably a mistake, but possibly meant: shown, and the site is still built (unless
    /// warnings are denied).
    Warning,
}

impl Severity {
    /// The word shown in headlines, in JSON and as the GitHub workflow command.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// Where in the file; `None` for problems that concern the whole file.
    pub pos: Option<Pos>,
    /// What is wrong, in one sentence without a final full stop.
    pub message: String,
    /// How to fix it, if we can tell.
    pub help: Option<String>,
    /// The offending source line, for the excerpt under the message.
    pub source_line: Option<String>,
    /// How many characters the caret underlines.
    pub width: usize,
    /// Whether it stops the build.
    pub severity: Severity,
}

impl Diagnostic {
    /// A diagnostic for `file` at `pos`.
    pub fn new(file: impl Into<PathBuf>, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            pos,
            message: message.into(),
            help: None,
            source_line: None,
            width: 1,
            severity: Severity::Error,
        }
    }

    /// Makes this a warning: shown, but the site is still built.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Whether this stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Adds a hint.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a hint if there is one.
    pub fn maybe_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// Attaches the source line at the diagnostic's position, underlining `width` characters.
    pub fn excerpt(mut self, text: &str, width: usize) -> Self {
        if let Some(pos) = self.pos
            && let Some(line) = text.lines().nth(pos.line - 1)
        {
            self.source_line = Some(line.trim_end_matches('\r').to_string());
            self.width = width.max(1);
        }
        self
    }

    /// How bad the problem is.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// The first line: `file:line:col: error: message`.
    pub fn headline(&self) -> String {
        let file = display_path(&self.file);
        let severity = self.severity().as_str();
        match self.pos {
            Some(p) => format!("{file}:{}:{}: {severity}: {}", p.line, p.col, self.message),
            None => format!("{file}: {severity}: {}", self.message),
        }
    }

    /// The full text shown to editors: headline, excerpt with caret, hint.
    pub fn render(&self) -> String {
        let mut out = self.headline();
        out.push('\n');
        if let (Some(pos), Some(line)) = (self.pos, &self.source_line) {
            let number = pos.line.to_string();
            let pad = " ".repeat(number.len());
            let chars: Vec<char> = line
                .chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .collect();
            // A long line (a paragraph is one line) is shown around the mistake only.
            const AROUND: usize = 60;
            const LONG: usize = 160;
            let start = pos.col.saturating_sub(1).min(chars.len());
            let end = (start + self.width).min(chars.len());
            let (from, to) = if chars.len() > LONG {
                (
                    start.saturating_sub(AROUND),
                    (end + AROUND).min(chars.len()),
                )
            } else {
                (0, chars.len())
            };
            let mut shown: String = chars[from..to].iter().collect();
            let mut caret = start - from;
            if from > 0 {
                shown.insert(0, '…');
                caret += 1;
            }
            if to < chars.len() {
                shown.push('…');
            }
            let _ = writeln!(out, "{number} | {shown}");
            let _ = writeln!(
                out,
                "{pad} | {}{}",
                " ".repeat(caret),
                "^".repeat(self.width)
            );
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  = help: {help}");
        }
        out
    }

    fn sort_key(&self) -> (&Path, Pos, &str) {
        (
            &self.file,
            self.pos.unwrap_or(Pos { line: 0, col: 0 }),
            &self.message,
        )
    }
}

/// A path as this system writes it (`content\partners\x.md` on Windows), for messages to
/// people. Machine formats and URLs use [`slash_path`].
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '\\' {
        text.replace('/', "\\")
    } else {
        text.into_owned()
    }
}

/// A relative path with `/` between its parts on every system: the form of paths in URLs,
/// in `site.yaml` and in the files that CI tools read.
pub fn slash_path(path: &Path) -> String {
    let parts: Vec<_> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    parts.join("/")
}

/// Sorts diagnostics by file, then position, and drops exact duplicates.
pub fn sort(items: &mut Vec<Diagnostic>) {
    items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    items.dedup();
}

/// The known name closest to `name`, if it is close enough to be a plausible typo.
///
/// Jaro-Winkler alone rewards a shared beginning: `korea-ginseng-export` scored 0.8 against
/// `german-giz`. So a candidate must also be a few edits away (a third of the longer name at
/// most), or be the name shortened or lengthened (`yonsei-univ`, `min` for `mini`).
pub fn suggest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in known {
        let Some(score) = closeness(name, candidate) else {
            continue;
        };
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// How close `candidate` is to `name` (higher is closer), or `None` if it is no plausible typo.
fn closeness(name: &str, candidate: &str) -> Option<f64> {
    let score = strsim::jaro_winkler(name, candidate);
    if score < 0.8 {
        return None;
    }
    let longer = name.chars().count().max(candidate.chars().count());
    let edits = strsim::osa_distance(name, candidate);
    let (short, long) = if name.len() <= candidate.len() {
        (name, candidate)
    } else {
        (candidate, name)
    };
    let shortened = short.chars().count() >= 3 && long.starts_with(short);
    (edits <= (longer / 3).max(1) || shortened).then_some(score)
}

/// The known path closest to `path`, compared by what distinguishes it: its last segment
/// (`partners/yonsei-univ.md` and `partners/yonsei-university/` are both `yonsei-univ…`), so
/// that a shared folder does not make two slugs look alike. A candidate in the same folder wins
/// over one elsewhere; a section's `_index` is offered only for an `_index`.
pub fn suggest_path<'a>(path: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let (dir, last) = distinctive(path);
    let mut best: Option<((bool, f64, f64), &str)> = None;
    for candidate in known {
        let (c_dir, c_last) = distinctive(candidate);
        if (c_last == "_index") != (last == "_index") {
            continue;
        }
        // A link to a file (`agreement.pdf`) is not meant for a page (`agreements/`), nor
        // the other way round.
        if c_last.contains('.') != last.contains('.') {
            continue;
        }
        let score = if c_last == last {
            Some(1.0)
        } else {
            closeness(last, c_last)
        };
        let Some(score) = score else { continue };
        let key = (c_dir == dir, score, strsim::jaro_winkler(dir, c_dir));
        if best.is_none_or(|(k, _)| key > k) {
            best = Some((key, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// A path's folder and last segment, without what only spells the same page differently:
/// `index.html`, `/index.md`, `.md` and a trailing `/`.
fn distinctive(path: &str) -> (&str, &str) {
    let p = path.trim_end_matches('/');
    let p = p
        .strip_suffix("index.html")
        .unwrap_or(p)
        .trim_end_matches('/');
    let p = p.strip_suffix(".md").unwrap_or(p);
    let p = p.strip_suffix("/index").unwrap_or(p);
    match p.rsplit_once('/') {
        Some((dir, last)) => (dir, last),
        None => ("", p),
    }
}

/// Why a file could not be read, in plain words (the system's own message ends in
/// "(os error 2)").
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    // ELOOP, "too many levels of symbolic links", has no stable ErrorKind.
    if e.raw_os_error() == Some(40) || e.to_string().contains("symbolic links") {
        return "this symbolic link points to itself or to a loop of links".into();
    }
    match e.kind() {
        ErrorKind::NotFound => "no such file".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        ErrorKind::IsADirectory => "it is a folder, not a file".into(),
        ErrorKind::InvalidData => "it is not valid UTF-8 text".into(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_lowercase(),
                None => text,
            }
        }
    }
}

/// A "did you mean" hint for `name` among `known`.
pub fn did_you_mean<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    suggest(name, known).map(|s| format!("did you mean '{s}'?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let text = "a: 1\nб: 22\n";
        assert_eq!(Pos::of_offset(text, 0), Pos { line: 1, col: 1 });
        assert_eq!(Pos::of_offset(text, 5), Pos { line: 2, col: 1 });
        // 'б' is two bytes but one column
        assert_eq!(Pos::of_offset(text, 9), Pos { line: 2, col: 4 });
    }

    #[test]
    fn renders_headline_excerpt_and_help() {
        let text = "---\npartners: [yonsei-univ]\n---\n";
        let d = Diagnostic::new(
            "content/visits/x.md",
            Some(Pos { line: 2, col: 12 }),
            "unknown partner 'yonsei-univ'",
        )
        .help("did you mean 'yonsei-university'?")
        .excerpt(text, 11);
        assert_eq!(
            d.render(),
            format!(
                "{}:2:12: error: unknown partner 'yonsei-univ'\n\
                 2 | partners: [yonsei-univ]\n  |            ^^^^^^^^^^^\n  = help: did you mean 'yonsei-university'?\n",
                if cfg!(windows) {
                    r"content\visits\x.md"
                } else {
                    "content/visits/x.md"
                }
            )
        );
    }

    #[test]
    fn paths_for_people_and_for_machines() {
        let p = Path::new("content/partners/x.md");
        assert_eq!(slash_path(p), "content/partners/x.md");
        let shown = display_path(p);
        assert_eq!(
            shown,
            if cfg!(windows) {
                r"content\partners\x.md"
            } else {
                "content/partners/x.md"
            }
        );
    }

    #[test]
    fn suggests_only_close_names() {
        assert_eq!(
            suggest("yonsei-univ", ["yonsei-university", "kazan"]),
            Some("yonsei-university")
        );
        assert_eq!(suggest("zzz", ["yonsei-university"]), None);
        assert_eq!(suggest("contry", ["country", "city"]), Some("country"));
        assert_eq!(suggest("mini", ["min"]), Some("min"));
        assert_eq!(suggest("logo.png", ["logo.svg"]), Some("logo.svg"));
        assert_eq!(
            suggest("memorandum-of-understanding", ["memorandum", "agreement"]),
            Some("memorandum")
        );
        // A shared beginning is not closeness.
        assert_eq!(
            suggest("korea-ginseng-export", ["german-giz", "kazan"]),
            None
        );
    }

    #[test]
    fn paths_are_compared_by_their_last_segment() {
        let pages = [
            "partners/_index.md",
            "partners/german-giz.md",
            "partners/university-of-kosice.md",
            "partners/apollo-clinic-agra/index.md",
            "visits/seoul-2023.md",
        ];
        assert_eq!(
            suggest_path("partners/korea-ginseng-export.md", pages),
            None
        );
        assert_eq!(
            suggest_path("partners/university-of-kosise.md", pages),
            Some("partners/university-of-kosice.md")
        );
        assert_eq!(
            suggest_path("partners/apolo-clinic-agra/index.md", pages),
            Some("partners/apollo-clinic-agra/index.md")
        );
        assert_eq!(
            suggest_path("partners/apollo-clinic-agra.md", pages),
            Some("partners/apollo-clinic-agra/index.md")
        );
        assert_eq!(
            suggest_path("partners/_index", pages),
            Some("partners/_index.md")
        );
        assert_eq!(suggest_path("partners/x.md", pages), None);
        // The same folder first, then another.
        let urls = [
            "ru/partners/yonsei-university/",
            "partners/yonsei-university/",
            "visits/yonsei-guests/",
        ];
        assert_eq!(
            suggest_path("partners/yonsei-univ/", urls),
            Some("partners/yonsei-university/")
        );
        assert_eq!(
            suggest_path("partner/yonsei-university/index.html", urls),
            Some("partners/yonsei-university/")
        );
        assert_eq!(
            suggest_path("partners/apollo/front.jpg", ["partners/apollo/front.svg"]),
            Some("partners/apollo/front.svg")
        );
    }
}
