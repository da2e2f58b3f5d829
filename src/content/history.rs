//! When each content file last changed, from the site's git history (if it has one).
//!
//! Feeds need a date for every entry, and archives are incomplete: many visits have no date.
//! The commit that last touched a file is when its record was last updated, and it is the same
//! on every clone of the same commit, so builds stay reproducible. Outside a git repository, or
//! without git, nothing is known and entries keep only the dates their front matter gives.

use std::path::Path;
use std::process::Command;

use crate::hash::FastMap;

/// Seconds since the Unix epoch of the newest commit touching each file, by path relative to
/// the site root with `/` separators. Empty when the root is not in a git work tree.
pub fn last_commits(root: &Path) -> FastMap<String, i64> {
    let mut out = FastMap::default();
    let git = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
    };
    let Some(prefix) = git(&["rev-parse", "--show-prefix"]) else {
        return out;
    };
    let prefix = String::from_utf8_lossy(&prefix.stdout).trim().to_string();
    let Some(log) = git(&[
        "log",
        "--format=%x00%ct",
        "--name-only",
        "--no-renames",
        "-z",
        "--",
        "content",
    ]) else {
        return out;
    };
    // With -z the log is a list of fields: a commit's time, then the paths it touched (each
    // after a newline for the first), then the next commit's time.
    let text = String::from_utf8_lossy(&log.stdout);
    let mut time: Option<i64> = None;
    for field in text
        .split('\0')
        .map(|f| f.trim_start_matches('\n'))
        .filter(|f| !f.is_empty())
    {
        if field.bytes().all(|b| b.is_ascii_digit()) {
            time = field.parse().ok();
        } else if let (Some(t), Some(rel)) = (time, field.strip_prefix(prefix.as_str())) {
            // Newest commits come first: the first time a path appears is its last change.
            out.entry(rel.to_string()).or_insert(t);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_last_commit_of_each_file() {
        let dir = tempfile::tempdir().unwrap();
        let run = |args: &[&str], date: &str| {
            let ok = Command::new("git")
                .arg("-C")
                .arg(dir.path())
                .args(["-c", "user.email=t@example.org", "-c", "user.name=t"])
                .args(args)
                .env("GIT_COMMITTER_DATE", date)
                .env("GIT_AUTHOR_DATE", date)
                .output()
                .map(|o| o.status.success());
            ok.unwrap_or(false)
        };
        if !run(&["init", "-q"], "2024-01-02T03:04:05Z") {
            // No git here; under CI that would hide this test, so it fails there.
            assert!(std::env::var_os("CI").is_none(), "git is required under CI");
            return;
        }
        std::fs::create_dir_all(dir.path().join("content/partners")).unwrap();
        std::fs::write(dir.path().join("content/a.md"), "a").unwrap();
        std::fs::write(dir.path().join("content/partners/b.md"), "b").unwrap();
        assert!(run(&["add", "."], "2024-01-02T03:04:05Z"));
        assert!(run(&["commit", "-qm", "one"], "2024-01-02T03:04:05Z"));
        std::fs::write(dir.path().join("content/a.md"), "c").unwrap();
        assert!(run(&["commit", "-qam", "two"], "2025-02-03T00:00:00Z"));
        let map = last_commits(dir.path());
        assert_eq!(map.get("content/a.md"), Some(&1738540800));
        assert_eq!(map.get("content/partners/b.md"), Some(&1704164645));
        assert!(
            !last_commits(&dir.path().join("content")).contains_key("a.md"),
            "a root without a content folder has no history"
        );
    }
}
