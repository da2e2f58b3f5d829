//! The crate's layering: which top-level module may use which. Reads every file under `src/`,
//! finds its references to the crate's other top-level modules (`crate::x`, `use crate::{a, b}`,
//! a `super::` that climbs to the crate root, bare paths in `src/lib.rs`, `hamkor::x` in
//! `src/main.rs`; comments, doc comments and string literals do not count), and checks them
//! against the pipeline's order, bottom to top:
//!
//! helpers (`diagnostic`, `yaml`, `hash`, `values`, `lang`, `geo`, `markdown`) ← `config` ←
//! `content` ← `site` ← `routes` ← `render` ← `output` ← the commands (`session`, `serve`, `new`,
//! `init`, `report`, `fuzzing`, and the crate root's own items, called `lib` here) ← `main`.
//!
//! A module may use any module of a lower layer, and the modules of its own layer (helpers
//! among helpers, commands among commands) as long as that makes no circle. An import up the
//! pipeline, or a circle, fails the test with the file and line of every reference behind it.
//! A few known exceptions are listed in [`ALLOWED`]; an exception that no longer exists fails
//! the test too, so the list cannot outlive the imports it excuses.
//!
//! `cargo test --test layout -- --nocapture` prints the graph: each module, the modules it
//! uses, and the first place it uses each.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The layers, bottom first.
const LAYERS: &[&[&str]] = &[
    &[
        "diagnostic",
        "yaml",
        "hash",
        "values",
        "lang",
        "geo",
        "markdown",
        "url",
        "escape",
        "run",
    ],
    &["config"],
    &["content"],
    &["site"],
    &["pages"],
    &["render"],
    &["output"],
    &[
        "cms", "session", "serve", "new", "init", "report", "activity", "fuzzing", "lib",
    ],
    &["main"],
];

/// Imports that break the order today, each with the reason it is tolerated. Remove an entry
/// with the import it excuses: the test fails while an entry names an import that is gone.
const ALLOWED: &[(&str, &str, &str)] = &[];

/// One reference: the file and line it is on.
type Place = (PathBuf, usize);

/// Module → module it uses → every place it does.
type Graph = BTreeMap<String, BTreeMap<String, Vec<Place>>>;

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

#[test]
fn modules_import_only_down_the_pipeline_and_never_in_a_circle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = graph(&src);
    print!("{}", describe(&graph));
    let problems = problems(&graph);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Everything wrong with `graph`, one message each.
fn problems(graph: &Graph) -> Vec<String> {
    let mut problems = Vec::new();
    let allowed: BTreeSet<(&str, &str)> = ALLOWED.iter().map(|&(a, b, _)| (a, b)).collect();
    for (from, uses) in graph {
        let Some(from_rank) = rank(from) else {
            problems.push(format!(
                "src: the module `{from}` is in no layer: add it to LAYERS in tests/layout.rs"
            ));
            continue;
        };
        for (to, places) in uses {
            let Some(to_rank) = rank(to) else {
                continue; // reported above, as a `from` of its own or below
            };
            if to_rank > from_rank && !allowed.contains(&(from.as_str(), to.as_str())) {
                problems.push(format!(
                    "`{from}` imports `{to}`, which is above it in the pipeline:\n{}",
                    places_text(places)
                ));
            }
        }
    }
    for to in graph.values().flat_map(|uses| uses.keys()) {
        if rank(to).is_none() && !graph.contains_key(to) {
            problems.push(format!(
                "`{to}` is in no layer: add it to LAYERS in tests/layout.rs"
            ));
        }
    }
    for &(from, to, why) in ALLOWED {
        if !graph.get(from).is_some_and(|uses| uses.contains_key(to)) {
            problems.push(format!(
                "`{from}` no longer imports `{to}` ({why}): remove the entry from ALLOWED in tests/layout.rs"
            ));
        }
    }
    for circle in circles(graph, &allowed) {
        let mut text = format!("a circle: {}\n", circle.join(" → "));
        for pair in circle.windows(2) {
            let places = &graph[&pair[0]][&pair[1]];
            let _ = writeln!(
                text,
                "  {} → {}:\n{}",
                pair[0],
                pair[1],
                places_text(places)
            );
        }
        problems.push(text);
    }
    problems
}

fn places_text(places: &[Place]) -> String {
    places
        .iter()
        .map(|(file, line)| format!("    {}:{line}", file.display()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The circles among the imports that are not allowed exceptions, each as a list of modules
/// whose first and last are the same, and each found once. Imports between layers go down
/// unless they are reported as going up, so only imports within a layer are followed.
fn circles(graph: &Graph, allowed: &BTreeSet<(&str, &str)>) -> Vec<Vec<String>> {
    let edges = |from: &str| -> Vec<String> {
        graph.get(from).map_or_else(Vec::new, |uses| {
            uses.keys()
                .filter(|to| !allowed.contains(&(from, to.as_str())))
                .filter(|to| rank(to).is_some() && rank(to) == rank(from))
                .cloned()
                .collect()
        })
    };
    let mut found: BTreeSet<Vec<String>> = BTreeSet::new();
    // Graphs here have a few dozen nodes: a search from every node is cheap and finds each
    // elementary circle through its smallest module.
    for start in graph.keys() {
        let mut path = vec![start.clone()];
        let mut stack = vec![edges(start)];
        while let Some(next) = stack.last_mut() {
            let Some(to) = next.pop() else {
                stack.pop();
                path.pop();
                continue;
            };
            if to == *start {
                let mut circle = path.clone();
                circle.push(to);
                found.insert(circle);
            } else if to > *start && !path.contains(&to) {
                stack.push(edges(&to));
                path.push(to);
            }
        }
    }
    found.into_iter().collect()
}

/// The graph as lines `module → used, used…`, each used module with its first place.
fn describe(graph: &Graph) -> String {
    let mut out = String::from("module → the modules it uses (first place each):\n");
    let mut modules: Vec<&String> = graph.keys().collect();
    modules.sort_by_key(|m| (rank(m), *m));
    for module in modules {
        let uses = &graph[module];
        let mut used: Vec<&String> = uses.keys().collect();
        used.sort_by_key(|m| (rank(m), *m));
        let list: Vec<String> = used
            .iter()
            .map(|to| {
                let (file, line) = &uses[*to][0];
                format!("{to} ({}:{line})", file.display())
            })
            .collect();
        let _ = writeln!(out, "{module} → {}", list.join(", "));
    }
    out
}

/// Reads every `.rs` file under `src` into the graph of top-level modules.
fn graph(src: &Path) -> Graph {
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("src/lib.rs");
    let modules = top_level_modules(&code_only(&lib));
    assert!(!modules.is_empty(), "src/lib.rs declares no module");
    let mut graph = Graph::new();
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(src)
        .into_iter()
        .map(|e| e.expect("walk src").into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    for file in files {
        let rel = file.strip_prefix(src).expect("under src");
        let shown = Path::new("src").join(rel);
        // The module path of the file: src/a/b.rs and src/a/b/mod.rs are a::b.
        let mut path: Vec<String> = rel
            .iter()
            .map(|part| part.to_string_lossy().trim_end_matches(".rs").to_string())
            .collect();
        if path.last().is_some_and(|last| last == "mod") {
            path.pop();
        }
        let (from, kind) = match path.as_slice() {
            [root] if root == "lib" => ("lib".to_string(), File::Root),
            [main] if main == "main" => ("main".to_string(), File::Main),
            _ => (path[0].clone(), File::Module),
        };
        if kind == File::Module && !modules.contains(&path[0]) {
            continue; // not part of the crate: no `mod` in src/lib.rs names it
        }
        if kind != File::Module {
            path.clear();
        }
        let text = std::fs::read_to_string(&file).expect("read a source file");
        graph.entry(from.clone()).or_default();
        for (target, line) in references(&code_only(&text), &path, kind, &modules) {
            if target != from {
                graph
                    .entry(from.clone())
                    .or_default()
                    .entry(target)
                    .or_default()
                    .push((shown.clone(), line));
            }
        }
    }
    graph
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum File {
    /// `src/lib.rs`: bare paths name the top-level modules.
    Root,
    /// `src/main.rs`: a crate of its own, reaching the library as `hamkor::`.
    Main,
    /// Any other file: a module of the library.
    Module,
}

/// The names of the `mod` items at the top of `src/lib.rs`.
fn top_level_modules(lib: &str) -> BTreeSet<String> {
    let tokens = tokens(lib);
    let mut depth = 0;
    let mut modules = BTreeSet::new();
    for (i, (token, _)) in tokens.iter().enumerate() {
        match token.as_str() {
            "{" => depth += 1,
            "}" => depth -= 1,
            "mod" if depth == 0 => {
                if let Some((name, _)) = tokens.get(i + 1) {
                    modules.insert(name.clone());
                }
            }
            _ => {}
        }
    }
    modules
}

/// The top-level module (or `lib`, for the crate root's own items) of each path in `code`
/// that leaves the file's top-level module, with its line. `path` is the file's module path.
fn references(
    code: &str,
    path: &[String],
    kind: File,
    modules: &BTreeSet<String>,
) -> Vec<(String, usize)> {
    let tokens = tokens(code);
    let target = |name: &str| {
        if modules.contains(name) {
            Some(name.to_string())
        } else if name == "self" || name == "super" || name == "crate" || name == "*" {
            None
        } else {
            Some("lib".to_string())
        }
    };
    let mut found = Vec::new();
    // Inline modules (`mod tests { … }`) open at a brace depth; `super::` climbs them first.
    let mut inline: Vec<(usize, String)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        let (token, line) = (&tokens[i].0, tokens[i].1);
        let after_path = i > 0 && tokens[i - 1].0 == "::";
        match token.as_str() {
            "{" => depth += 1,
            "}" => {
                depth = depth.saturating_sub(1);
                while inline.last().is_some_and(|(d, _)| *d > depth) {
                    inline.pop();
                }
            }
            "mod" => {
                if let (Some((name, _)), Some((brace, _))) = (tokens.get(i + 1), tokens.get(i + 2))
                    && brace == "{"
                {
                    inline.push((depth + 1, name.clone()));
                }
            }
            _ => {}
        }
        let starts_path = !after_path && tokens.get(i + 1).is_some_and(|(t, _)| t == "::");
        if starts_path {
            // The tokens after the root of the path, and the module path that root means.
            let root: Option<Vec<String>> = match (token.as_str(), kind) {
                ("crate", File::Root | File::Module) => Some(Vec::new()),
                ("hamkor", File::Main) => Some(Vec::new()),
                ("super", File::Root | File::Module) => {
                    let mut here: Vec<String> = path.to_vec();
                    here.extend(inline.iter().map(|(_, name)| name.clone()));
                    let mut j = i;
                    while tokens.get(j).is_some_and(|(t, _)| t == "super")
                        && tokens.get(j + 1).is_some_and(|(t, _)| t == "::")
                    {
                        here.pop();
                        j += 2;
                    }
                    // Only a climb to the crate root leaves the file's top-level module.
                    if here.is_empty() {
                        i = j - 2;
                        Some(Vec::new())
                    } else {
                        None
                    }
                }
                (name, File::Root) if inline.is_empty() && modules.contains(name) => {
                    found.push((name.to_string(), line));
                    None
                }
                _ => None,
            };
            if root.is_some() {
                match tokens.get(i + 2) {
                    Some((brace, _)) if brace == "{" => {
                        // `crate::{a, b::c, self}`: the first segment of each part.
                        let mut level = 0;
                        let mut expect_name = true;
                        for (t, l) in &tokens[i + 3..] {
                            match t.as_str() {
                                "{" => level += 1,
                                "}" if level == 0 => break,
                                "}" => level -= 1,
                                "," if level == 0 => expect_name = true,
                                name if expect_name && level == 0 => {
                                    expect_name = false;
                                    if let Some(m) = target(name) {
                                        found.push((m, *l));
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                    Some((name, l)) => {
                        if let Some(m) = target(name) {
                            found.push((m, *l));
                        }
                    }
                    None => {}
                }
            }
        }
        i += 1;
    }
    found
}

/// Words (identifiers and keywords), `::` and single punctuation characters, with their
/// lines. Whitespace separates tokens and is dropped.
fn tokens(code: &str) -> Vec<(String, usize)> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push((chars[start..i].iter().collect(), line));
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            out.push(("::".to_string(), line));
            i += 2;
        } else {
            out.push((c.to_string(), line));
            i += 1;
        }
    }
    out
}

/// `text` with comments (doc comments too), string literals and character literals blanked
/// out, newlines kept, so that what is left is code on its original lines.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |out: &mut String, c: char| out.push(if c == '\n' { '\n' } else { ' ' });
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut level = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    level += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    level -= 1;
                    out.push_str("  ");
                    i += 2;
                    if level == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
        } else if c == 'r'
            && matches!(next, Some('"' | '#'))
            // An `r` ending a word is not a raw string's, except in `br"…"` and `cr"…"`.
            && !(i > 0
                && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
                && !matches!(chars[i - 1], 'b' | 'c'))
            && raw_string_hashes(&chars[i + 1..]).is_some()
        {
            let hashes = raw_string_hashes(&chars[i + 1..]).unwrap_or(0);
            let close: Vec<char> = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            out.push(' ');
            i += 2 + hashes;
            while i < chars.len() && !chars[i..].starts_with(&close) {
                blank(&mut out, chars[i]);
                i += 1;
            }
            i += close.len();
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if let Some(&ch) = chars.get(i) {
                    blank(&mut out, ch);
                }
                i += 1;
            }
            i += 1;
        } else if c == '\'' && next == Some('\\') {
            // An escaped character literal: '\n', '\'', '\u{…}'.
            i += 2;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            i += 3; // 'x'; a lifetime ('a) has no closing quote
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// After an `r`: the number of `#` before the opening quote of a raw string, if it is one.
fn raw_string_hashes(rest: &[char]) -> Option<usize> {
    let hashes = rest.iter().take_while(|&&c| c == '#').count();
    (rest.get(hashes) == Some(&'"')).then_some(hashes)
}

#[test]
fn the_reader_sees_only_code() {
    let code = code_only(
        "use crate::a; // crate::b\n/* crate::c /* crate::d */ */ let s = \"crate::e\\\"\";\n\
         let r = r#\"crate::f\"#; let c = '\"'; fn x<'a>() { crate::g::h() }\n/// crate::i\n",
    );
    let modules: BTreeSet<String> = ["a", "g"].iter().map(|s| s.to_string()).collect();
    let found = references(&code, &["x".to_string()], File::Module, &modules);
    assert_eq!(found, [("a".to_string(), 1), ("g".to_string(), 3)]);
}

#[test]
fn groups_super_and_inline_modules_are_followed() {
    let modules: BTreeSet<String> = ["a", "b", "c", "x"].iter().map(|s| s.to_string()).collect();
    let code = "use crate::{a::{self, One}, b, self};\nuse super::c::Two;\n\
                mod tests {\n use super::*;\n use super::super::a::Three;\n}\nfn f() -> crate::Options {}\n";
    let found = references(code, &["x".to_string()], File::Module, &modules);
    assert_eq!(
        found,
        [
            ("a".to_string(), 1),
            ("b".to_string(), 1),
            ("c".to_string(), 2),
            ("a".to_string(), 5),
            ("lib".to_string(), 7),
        ]
    );
    // In a file one level down, `super::` stays inside its top-level module.
    let nested = references(
        "use super::c::Two;\n",
        &["x".to_string(), "y".to_string()],
        File::Module,
        &modules,
    );
    assert_eq!(nested, []);
}

#[test]
fn an_upward_import_and_a_circle_are_named_with_their_place() {
    let mut graph = Graph::new();
    let place = |line| vec![(PathBuf::from("src/f.rs"), line)];
    graph
        .entry("config".into())
        .or_default()
        .insert("render".into(), place(3));
    graph
        .entry("yaml".into())
        .or_default()
        .insert("hash".into(), place(4));
    graph
        .entry("hash".into())
        .or_default()
        .insert("yaml".into(), place(5));
    for &(from, to, _) in ALLOWED {
        graph
            .entry(from.into())
            .or_default()
            .insert(to.into(), place(1));
    }
    let problems = problems(&graph);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(problems[0].starts_with("`config` imports `render`, which is above it"));
    assert!(problems[0].ends_with("src/f.rs:3"));
    assert!(problems[1].starts_with("a circle: hash → yaml → hash\n"));
    assert!(problems[1].contains("src/f.rs:4") && problems[1].contains("src/f.rs:5"));
}
