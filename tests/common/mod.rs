//! Shared helpers: copy a fixture site into a temporary folder, run the real `hamkor` binary on
//! it, and read the output back as parsed HTML.
#![allow(dead_code)]

pub mod browser;
pub mod decap;
pub mod github;
pub mod photos;
pub mod server;
pub mod static_server;
pub mod vnu;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

/// A fixture site copied into a temporary folder, with the tiny test theme as `themes/min`.
pub struct TestSite {
    dir: tempfile::TempDir,
}

/// The result of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Builds the repository's own site (its `site.yaml`, `content/` and the default theme) into
/// `out`, with `extra` arguments; panics with hamkor's messages if it fails.
pub fn build_bundled_site(out: &Path, extra: &[&str]) {
    let mut args = vec![std::ffi::OsStr::new("--output"), out.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    build_site(Path::new(env!("CARGO_MANIFEST_DIR")), &args);
}

/// Builds the site at `root` with `extra` arguments; panics with hamkor's messages if it fails.
pub fn build_site(root: &Path, extra: &[&std::ffi::OsStr]) {
    let built = Run::of(
        Command::new(env!("CARGO_BIN_EXE_hamkor"))
            .args(["build", "--root"])
            .arg(root)
            .args(extra),
    );
    assert_eq!(built.code, 0, "{}", built.stderr);
}

/// Runs the real binary with `args` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    Run::of(
        Command::new(env!("CARGO_BIN_EXE_hamkor"))
            .args(args)
            .current_dir(dir),
    )
}

/// The day the tests' runs of hamkor take as today (`HAMKOR_TODAY`), unless a test sets its
/// own: the warning about agreements that expire soon counts from today, and a fixture's
/// agreement must not start warning as the calendar moves on.
pub const TODAY: &str = "2025-01-15";

impl Run {
    /// Runs `command` and keeps its exit code and what it printed, with paths in `/` form
    /// ([`slashed`]); today is [`TODAY`] unless the command says otherwise.
    pub fn of(command: &mut Command) -> Run {
        if !command.get_envs().any(|(k, _)| k == "HAMKOR_TODAY") {
            command.env("HAMKOR_TODAY", TODAY);
        }
        let out = command.output().expect("run hamkor");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: slashed(String::from_utf8_lossy(&out.stdout).into_owned()),
            stderr: slashed(String::from_utf8_lossy(&out.stderr).into_owned()),
        }
    }
}

/// hamkor's output with the paths it names in `/` form. Messages write paths as the system
/// does, `content\partners\x.md` on Windows; tests state them once, with `/`
/// (tests/external/windows.rs checks the Windows form itself). A path is a word of letters, digits,
/// `._@-` and backslashes that ends in a file extension; other backslashes (the `\n` of a
/// quoted YAML value in an excerpt) are kept. Inside JSON, where `\` is written `\\`, the
/// same holds.
pub fn slashed(text: String) -> String {
    if !cfg!(windows) {
        return text;
    }
    let is_path_char = |c: char| c.is_alphanumeric() || "._@-\\".contains(c);
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let extension = word.rsplit_once('.').is_some_and(|(_, e)| {
            (1..=5).contains(&e.len()) && e.chars().all(|c| c.is_ascii_alphanumeric())
        });
        if word.contains('\\') && extension {
            let mut last_was_slash = false;
            for c in word.chars() {
                if c == '\\' {
                    if !last_was_slash {
                        out.push('/');
                    }
                    last_was_slash = true;
                } else {
                    out.push(c);
                    last_was_slash = false;
                }
            }
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if is_path_char(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// A tool a test needs, or `None` after saying why the test is skipped; under CI a missing
/// tool fails the test instead, so CI can never pass by skipping.
pub fn require_tool<T>(test: &str, found: Option<T>, what: &str, install: &str) -> Option<T> {
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: {what} is required under CI"
        );
        eprintln!("skipping {test}: {what} is missing ({install})");
    }
    found
}

/// Puts three of the fixture's partners on the map: two in Seoul (close enough to share a
/// point) and one in Košice.
pub fn locate_partners(site: &TestSite) {
    site.edit(
        "content/partners/yonsei-university.md",
        "city: Seoul\n",
        "city: Seoul\nlocation: {lat: 37.5665, lon: 126.9780}\n",
    );
    site.edit(
        "content/partners/catholic-university-of-korea.md",
        "country: KR\n",
        "country: KR\nlocation: {lat: 37.5660, lon: 126.9790}\n",
    );
    site.edit(
        "content/partners/university-of-kosice.md",
        "country: sk\n",
        "country: sk\nlocation: {lat: 48.7164, lon: 21.2611}\n",
    );
}

/// The fixture sites and the test theme.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("fixture readable");
        let rel = entry.path().strip_prefix(from).expect("inside");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

impl TestSite {
    /// Copies `tests/fixtures/<name>` and the test theme.
    pub fn fixture(name: &str) -> TestSite {
        let dir = tempfile::tempdir().expect("tempdir");
        copy_dir(&fixtures().join(name), dir.path());
        copy_dir(
            &fixtures().join("theme-min"),
            &dir.path().join("themes/min"),
        );
        TestSite { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).expect("read")
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root().join(rel)).expect("remove");
    }

    /// Replaces `from` with `to` in a file, which must contain it.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, text.replacen(from, to, 1));
    }

    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.root(), args)
    }

    /// Runs hamkor in the site with more environment variables.
    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_hamkor"));
        command.args(args).current_dir(self.root());
        for (k, v) in env {
            command.env(k, v);
        }
        Run::of(&mut command)
    }

    pub fn build(&self) -> Run {
        self.run(&["build", "--root", "."])
    }

    /// Builds and fails the test unless the build succeeded.
    pub fn build_ok(&self) -> Run {
        self.build_ok_with(&[])
    }

    /// Builds with more arguments (`--base-url …`) and fails the test unless it succeeded.
    pub fn build_ok_with(&self, more: &[&str]) -> Run {
        let r = self.run(&[&["build", "--root", "."], more].concat());
        assert_eq!(r.code, 0, "build failed:\n{}", r.stderr);
        r
    }

    pub fn html(&self, rel: &str) -> scraper::Html {
        let text =
            std::fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        scraper::Html::parse_document(&text)
    }

    /// Every file of the output with its bytes and modification time.
    pub fn snapshot(&self) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
        snapshot(&self.out())
    }
}

/// Every file below `dir` with its bytes, by its path relative to `dir` with `/` separators.
pub fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("readable"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("inside");
            let rel = rel
                .iter()
                .map(|c| c.to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// A `w`×`h` PNG image with the colour `pixel(x, y)` at each point.
pub fn png(w: u32, h: u32, pixel: impl Fn(u32, u32) -> [u8; 3]) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb(pixel(x, y)));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("encode");
    out.into_inner()
}

pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("readable");
        if entry.file_type().is_file() {
            let meta = entry.metadata().expect("meta");
            out.insert(
                entry
                    .path()
                    .strip_prefix(dir)
                    .expect("inside")
                    .to_path_buf(),
                (
                    std::fs::read(entry.path()).expect("read"),
                    meta.modified().expect("mtime"),
                ),
            );
        }
    }
    out
}

/// Text of every element matching `selector`, trimmed.
pub fn texts(doc: &scraper::Html, selector: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).expect("selector");
    doc.select(&sel)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

/// The `attr` of every element matching `selector`.
pub fn attrs(doc: &scraper::Html, selector: &str, attr: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).expect("selector");
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// Decap CMS's script as vendored: `vendor/decap-cms/decap-cms.js.gz`, inflated here.
pub fn vendored_decap_script() -> Vec<u8> {
    let gz = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/vendor/decap-cms/decap-cms.js.gz"
    ))
    .expect("vendored script");
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut out).expect("gzip");
    out
}
