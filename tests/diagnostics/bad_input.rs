//! The bad-input corpus: every folder in `tests/bad-input/` is one broken (or merely unusual)
//! site, run through `hamkor build` and `hamkor check` with exact diagnostics asserted.
//!
//! A case `tests/bad-input/<NNN-name>/` has:
//!
//! - `site/`: an overlay on `tests/fixtures/basic` (plus the test theme as `themes/min`). Its
//!   files are copied over a fresh copy of the fixture, adding or replacing files; symbolic
//!   links are recreated as links. (`tests/bad-input/.gitattributes` keeps git from touching
//!   line endings or encodings.)
//! - `setup.txt` (optional): what a file in git cannot express, one directive a line, applied
//!   after the overlay, in order (`#` starts a comment):
//!   - `remove PATH`: deletes a file or folder of the fixture;
//!   - `mkdir PATH`: creates a folder (git stores no empty folders);
//!   - `symlink PATH -> TARGET`: creates a symbolic link (loops and dangling links are kept
//!     out of the repository, where they would trouble other tools);
//!   - `rename PATH -> NEW-PATH`: renames a file (for names that a Windows checkout of this
//!     repository could not hold);
//!   - `mkfifo PATH`: creates a named pipe;
//!   - `bom PATH`: puts a UTF-8 byte-order mark in front of the file;
//!   - `crlf PATH [FIRST-LAST]`: turns the file's LF line endings (or those of lines FIRST to
//!     LAST) into CRLF, so no git setting can normalise them away;
//!   - `repeat PATH PLACEHOLDER COUNT TEXT`: replaces PLACEHOLDER in the file with TEXT repeated
//!     COUNT times (big inputs without big files in git); TEXT runs to the end of the line.
//! - `expected.txt`: `#` comment lines saying what the case is about (and, for a case that
//!   fails until the code is fixed, `# Was: …`, what hamkor printed when it was written), then:
//!   - `exit: N`: the exit code of both `build` and `check`;
//!   - `args: ARG ARG…` (optional): more arguments for both commands, e.g. `--deny-warnings`;
//!   - `file: PATH contains: TEXT` / `file: PATH lacks: TEXT` / `file: PATH exists` /
//!     `file: PATH absent`: assertions on the output under `public/` (only for `exit: 0`);
//!   - `stderr:`: the rest of the file is the exact standard error of both commands.
//!
//!   A case with only warnings exits 0 and writes the site: its `stderr:` lists the warnings,
//!   and its file assertions say what was (and was not) published.
//!
//!   In TEXT of `repeat` and of file assertions, `\n`, `\r`, `\t` and `\\` stand for the
//!   characters.
//!
//! Every run has `HAMKOR_TODAY` set to [`common::TODAY`] (2025-01-15), so that the warning about agreements that expire
//! soon, counted from today, says the same whenever the corpus runs.
//!
//! For every case the unmodified fixture is built first; after a failed build or any check,
//! that output must be untouched (same files, same bytes, same modification times), nothing
//! may be left beside it and nothing printed to stdout. A run over a minute is killed and
//! reported as a hang. Every case runs, in parallel, and all failures are reported together.
//!
//! `UPDATE_EXPECT=1` rewrites every `expected.txt` from the actual output of `build` (keeping
//! the comments and file assertions); `UPDATE_EXPECT=name,name` only those cases. Use it to
//! start a case, then read the result and correct it: an expected file states what the
//! diagnostic *should* be, which is not always what hamkor prints today. `BAD_INPUT=text` runs
//! only the cases whose name contains `text`.

// Cases recreate symbolic links and named pipes, which need a Unix system.
#![cfg(unix)]

use crate::common;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::TestSite;

/// A run that takes longer than this is a hang.
const TIMEOUT: Duration = Duration::from_secs(60);

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-input")
}

/// What `expected.txt` says.
#[derive(Debug, Default)]
struct Expected {
    /// The comment and file-assertion lines, kept when the file is rewritten.
    header: Vec<String>,
    exit: Option<i32>,
    /// More arguments for both commands.
    args: Vec<String>,
    files: Vec<FileCheck>,
    stderr: String,
}

#[derive(Debug)]
enum FileCheck {
    Contains(String, String),
    Lacks(String, String),
    Exists(String),
    Absent(String),
}

fn parse_expected(text: &str) -> Result<Expected, String> {
    let mut e = Expected::default();
    let mut rest = text;
    while !rest.is_empty() {
        let (line, after) = rest.split_once('\n').unwrap_or((rest, ""));
        rest = after;
        if line == "stderr:" {
            e.stderr = rest.to_string();
            return Ok(e);
        }
        if line.starts_with('#') || line.trim().is_empty() {
            e.header.push(line.to_string());
        } else if let Some(code) = line.strip_prefix("exit: ") {
            e.exit = Some(
                code.trim()
                    .parse()
                    .map_err(|_| format!("bad exit: {line}"))?,
            );
        } else if let Some(args) = line.strip_prefix("args: ") {
            e.header.push(line.to_string());
            e.args = args.split_whitespace().map(str::to_string).collect();
        } else if let Some(spec) = line.strip_prefix("file: ") {
            e.header.push(line.to_string());
            let check = if let Some((p, t)) = spec.split_once(" contains: ") {
                FileCheck::Contains(p.into(), unescape(t))
            } else if let Some((p, t)) = spec.split_once(" lacks: ") {
                FileCheck::Lacks(p.into(), unescape(t))
            } else if let Some(p) = spec.strip_suffix(" exists") {
                FileCheck::Exists(p.into())
            } else if let Some(p) = spec.strip_suffix(" absent") {
                FileCheck::Absent(p.into())
            } else {
                return Err(format!("bad file assertion: {line}"));
            };
            e.files.push(check);
        } else {
            return Err(format!("unknown line in expected.txt: {line}"));
        }
    }
    Err("expected.txt has no `stderr:` line".into())
}

/// Turns `\n`, `\r`, `\t` and `\\` in assertion and setup texts into the characters.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

fn render_expected(e: &Expected, code: i32, stderr: &str) -> String {
    let mut out = String::new();
    let (comments, files): (Vec<&String>, Vec<&String>) = e
        .header
        .iter()
        .partition(|l| !l.starts_with("file: ") && !l.starts_with("args: "));
    for l in comments.iter().filter(|l| !l.trim().is_empty()) {
        let _ = writeln!(out, "{l}");
    }
    let _ = writeln!(out, "exit: {code}");
    for l in files {
        let _ = writeln!(out, "{l}");
    }
    let _ = writeln!(out, "stderr:");
    out.push_str(stderr);
    out
}

/// Copies the overlay over the site, recreating symbolic links as links.
fn overlay(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).min_depth(1).sort_by_file_name() {
        let entry = entry.expect("overlay readable");
        let rel = entry.path().strip_prefix(from).expect("inside");
        let target = to.join(rel);
        let kind = entry.file_type();
        if kind.is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
            continue;
        }
        if target.symlink_metadata().is_ok() {
            remove(&target);
        }
        if kind.is_symlink() {
            let link = std::fs::read_link(entry.path()).expect("readlink");
            std::os::unix::fs::symlink(link, &target).expect("symlink");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn remove(path: &Path) {
    let meta = path.symlink_metadata().expect("exists");
    if meta.is_dir() {
        std::fs::remove_dir_all(path).expect("remove folder");
    } else {
        std::fs::remove_file(path).expect("remove file");
    }
}

fn setup(root: &Path, script: &str) -> Result<(), String> {
    for line in script.lines() {
        // Trailing spaces may belong to a `repeat` text.
        let line = line.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (op, args) = line.split_once(' ').unwrap_or((line, ""));
        let arg = |i: usize| -> Result<&str, String> {
            args.split_whitespace()
                .nth(i)
                .ok_or_else(|| format!("setup: missing argument in `{line}`"))
        };
        let path = root.join(arg(0)?);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("setup `{line}`: {e}"))?;
        }
        let io = |e: std::io::Error| format!("setup `{line}`: {e}");
        match op {
            "remove" => remove(&path),
            "mkdir" => std::fs::create_dir_all(&path).map_err(io)?,
            "rename" => {
                let (_, to) = args
                    .split_once(" -> ")
                    .ok_or_else(|| format!("setup: `{line}` needs `PATH -> NEW-PATH`"))?;
                std::fs::rename(&path, root.join(to.trim())).map_err(io)?;
            }
            "symlink" => {
                let (_, target) = args
                    .split_once(" -> ")
                    .ok_or_else(|| format!("setup: `{line}` needs `PATH -> TARGET`"))?;
                std::os::unix::fs::symlink(target.trim(), &path).map_err(io)?;
            }
            "mkfifo" => {
                let ok = Command::new("mkfifo")
                    .arg(&path)
                    .status()
                    .map_err(io)?
                    .success();
                if !ok {
                    return Err(format!("setup `{line}`: mkfifo failed"));
                }
            }
            "bom" => {
                let mut bytes = b"\xEF\xBB\xBF".to_vec();
                bytes.extend(std::fs::read(&path).map_err(io)?);
                std::fs::write(&path, bytes).map_err(io)?;
            }
            "crlf" => {
                let text = std::fs::read(&path).map_err(io)?;
                let (first, last) = match args.split_whitespace().nth(1) {
                    Some(range) => {
                        let (a, b) = range.split_once('-').unwrap_or((range, range));
                        let n = |s: &str| {
                            s.parse::<usize>()
                                .map_err(|_| format!("setup: bad range in `{line}`"))
                        };
                        (n(a)?, n(b)?)
                    }
                    None => (1, usize::MAX),
                };
                let mut out = Vec::new();
                for (i, piece) in text.split_inclusive(|b| *b == b'\n').enumerate() {
                    let number = i + 1;
                    match piece.strip_suffix(b"\n") {
                        Some(body)
                            if (first..=last).contains(&number) && !body.ends_with(b"\r") =>
                        {
                            out.extend_from_slice(body);
                            out.extend_from_slice(b"\r\n");
                        }
                        _ => out.extend_from_slice(piece),
                    }
                }
                std::fs::write(&path, out).map_err(io)?;
            }
            "repeat" => {
                let mut words = args.splitn(4, ' ');
                let (_, placeholder, count, text) =
                    (words.next(), words.next(), words.next(), words.next());
                let (Some(placeholder), Some(count), Some(text)) = (placeholder, count, text)
                else {
                    return Err(format!("setup: `{line}` needs PATH PLACEHOLDER COUNT TEXT"));
                };
                let count: usize = count
                    .parse()
                    .map_err(|_| format!("setup: bad count in `{line}`"))?;
                let file = std::fs::read_to_string(&path).map_err(io)?;
                if !file.contains(placeholder) {
                    return Err(format!("setup `{line}`: no {placeholder} in the file"));
                }
                std::fs::write(
                    &path,
                    file.replace(placeholder, &unescape(text).repeat(count)),
                )
                .map_err(io)?;
            }
            _ => return Err(format!("setup: unknown directive `{line}`")),
        }
    }
    Ok(())
}

struct Outcome {
    code: i32,
    signal: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

/// Runs the binary with a time limit; a run over the limit is killed and reported as a hang.
fn run(root: &Path, command: &str, args: &[String]) -> Result<Outcome, String> {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_hamkor"))
        .args([command, "--root", "."])
        .args(args)
        .env("HAMKOR_TODAY", common::TODAY)
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run hamkor: {e}"))?;
    let mut out_pipe = child.stdout.take().expect("stdout");
    let mut err_pipe = child.stderr.take().expect("stderr");
    let out_reader = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = out_pipe.read_to_end(&mut b);
        b
    });
    let err_reader = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = err_pipe.read_to_end(&mut b);
        b
    });
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "`hamkor {command}` HUNG: killed after {} s",
                TIMEOUT.as_secs()
            ));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stdout = out_reader.join().expect("stdout reader");
    let stderr = err_reader.join().expect("stderr reader");
    Ok(Outcome {
        // A crash (stack overflow, abort) ends the process by a signal, without a code.
        code: status.code().unwrap_or(-1),
        signal: std::os::unix::process::ExitStatusExt::signal(&status),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        elapsed: start.elapsed(),
    })
}

/// Every path under the site root outside `public/` and the thumbnail cache, to find
/// leftovers of a failed build.
fn tree(root: &Path) -> BTreeSet<PathBuf> {
    walkdir::WalkDir::new(root)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| {
            !(e.depth() == 1 && (e.file_name() == "public" || e.file_name() == ".hamkor-cache"))
        })
        .filter_map(Result::ok)
        .map(|e| e.path().strip_prefix(root).expect("inside").to_path_buf())
        .collect()
}

/// Runs one case; returns a description of every way it failed.
fn run_case(dir: &Path, update: bool) -> Result<(), String> {
    let name = dir
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let expected_path = dir.join("expected.txt");
    let expected_text = std::fs::read_to_string(&expected_path).unwrap_or_default();
    let expected = match parse_expected(&expected_text) {
        Ok(e) => e,
        // A new case: keep its comments and file assertions.
        Err(_) if update => Expected {
            header: expected_text
                .lines()
                .filter(|l| {
                    l.starts_with('#') || l.starts_with("file: ") || l.starts_with("args: ")
                })
                .map(str::to_string)
                .collect(),
            args: expected_text
                .lines()
                .find_map(|l| l.strip_prefix("args: "))
                .map(|a| a.split_whitespace().map(str::to_string).collect())
                .unwrap_or_default(),
            ..Expected::default()
        },
        Err(e) => return Err(format!("{name}/expected.txt: {e}")),
    };

    let site = TestSite::fixture("basic");
    let root = site.root();
    let good = run(root, "build", &[])?;
    if good.code != 0 {
        return Err(format!(
            "the unmodified fixture does not build:\n{}",
            good.stderr
        ));
    }
    let before = site.snapshot();
    if dir.join("site").is_dir() {
        overlay(&dir.join("site"), root);
    }
    if let Ok(script) = std::fs::read_to_string(dir.join("setup.txt")) {
        setup(root, &script)?;
    }
    let files_before = tree(root);

    let build = run(root, "build", &expected.args)?;
    if update {
        std::fs::write(
            &expected_path,
            render_expected(&expected, build.code, &build.stderr),
        )
        .expect("write expected.txt");
        return Ok(());
    }
    let exit = expected
        .exit
        .ok_or_else(|| format!("{name}/expected.txt has no `exit:` line"))?;

    let mut problems = Vec::new();
    let describe = |what: &str, o: &Outcome| {
        format!(
            "--- {what}: expected exit {exit}, got {} ({:.1} s)\n--- expected stderr:\n{}--- actual stderr:\n{}{}",
            match o.signal {
                Some(signal) => format!("a CRASH (killed by signal {signal})"),
                None => o.code.to_string(),
            },
            o.elapsed.as_secs_f64(),
            expected.stderr,
            o.stderr,
            if o.stdout.is_empty() || o.code == 0 {
                String::new()
            } else {
                format!("--- actual stdout:\n{}", o.stdout)
            }
        )
    };
    if build.code != exit || build.stderr != expected.stderr {
        problems.push(describe("hamkor build", &build));
    }
    // Whatever was expected, a failed build leaves the previous output and the site alone.
    if build.code != 0 {
        if !build.stdout.is_empty() {
            problems.push(format!(
                "the failed build printed to stdout:\n{}",
                build.stdout
            ));
        }
        if site.snapshot() != before {
            problems.push("the failed build touched the previous output".to_string());
        }
        let after = tree(root);
        if after != files_before {
            let new: Vec<_> = after.difference(&files_before).collect();
            let gone: Vec<_> = files_before.difference(&after).collect();
            problems.push(format!(
                "the failed build changed the site folder: new {new:?}, gone {gone:?}"
            ));
        }
    } else if exit == 0 {
        for check in &expected.files {
            let read = |p: &str| std::fs::read_to_string(site.out().join(p));
            match check {
                FileCheck::Contains(p, t) => match read(p) {
                    Ok(text) if text.contains(t.as_str()) => {}
                    Ok(_) => problems.push(format!("public/{p} does not contain {t:?}")),
                    Err(e) => problems.push(format!("public/{p}: {e}")),
                },
                FileCheck::Lacks(p, t) => match read(p) {
                    Ok(text) if !text.contains(t.as_str()) => {}
                    Ok(_) => problems.push(format!("public/{p} contains {t:?}")),
                    Err(e) => problems.push(format!("public/{p}: {e}")),
                },
                FileCheck::Exists(p) => {
                    if !site.out().join(p).exists() {
                        problems.push(format!("public/{p} was not written"));
                    }
                }
                FileCheck::Absent(p) => {
                    if site.out().join(p).exists() {
                        problems.push(format!("public/{p} was written"));
                    }
                }
            }
        }
    }

    let written = site.snapshot();
    let check = run(root, "check", &expected.args)?;
    if check.code != exit || check.stderr != expected.stderr {
        if check.code == build.code && check.stderr == build.stderr {
            problems.push("--- hamkor check: the same as build".to_string());
        } else {
            problems.push(describe("hamkor check", &check));
        }
    }
    if site.snapshot() != written {
        problems.push("`hamkor check` touched the output".to_string());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

#[test]
fn bad_input_corpus() {
    let update_spec = std::env::var("UPDATE_EXPECT").unwrap_or_default();
    let filter = std::env::var("BAD_INPUT").unwrap_or_default();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus())
        .expect("tests/bad-input")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().contains(&filter))
        })
        .collect();
    cases.sort();
    assert!(
        filter.is_empty() || !cases.is_empty(),
        "no case matches BAD_INPUT={filter}"
    );
    if filter.is_empty() {
        assert!(
            cases.len() >= 40,
            "the corpus has only {} cases",
            cases.len()
        );
    }
    let updating = |case: &Path| {
        let name = case.file_name().expect("name").to_string_lossy();
        matches!(update_spec.as_str(), "1" | "all")
            || update_spec
                .split(',')
                .any(|n| !n.is_empty() && n.trim() == name)
    };

    let queue = Mutex::new(cases.iter());
    let failures = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism()
        .map_or(4, |n| n.get())
        .min(8);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let Some(case) = queue.lock().expect("queue").next() else {
                        break;
                    };
                    let name = case
                        .file_name()
                        .expect("name")
                        .to_string_lossy()
                        .into_owned();
                    let result = std::panic::catch_unwind(|| run_case(case, updating(case)))
                        .unwrap_or_else(|p| {
                            Err(format!(
                                "the harness panicked: {}",
                                p.downcast_ref::<String>()
                                    .cloned()
                                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                                    .unwrap_or_default()
                            ))
                        });
                    if let Err(why) = result {
                        failures.lock().expect("failures").push((name, why));
                    }
                }
            });
        }
    });
    let mut failures = failures.into_inner().expect("failures");
    failures.sort();
    if !failures.is_empty() {
        let mut report = String::new();
        for (name, why) in &failures {
            let _ = writeln!(report, "\n===== tests/bad-input/{name}\n{why}");
        }
        let names: Vec<&str> = failures.iter().map(|(n, _)| n.as_str()).collect();
        panic!(
            "{report}\n{} of {} bad-input cases failed: {}",
            failures.len(),
            cases.len(),
            names.join(", ")
        );
    }
}
