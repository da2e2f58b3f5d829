//! Watching the site's sources: which paths changed, batched so that a burst of changes (an
//! editor's atomic save, a `git checkout` of another branch) becomes one rebuild.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

/// The folders whose changes matter, relative to the root; the root itself is watched too
/// (without its subfolders) for `site.yaml` and for these folders appearing.
pub const WATCHED: &[&str] = &["content", "templates", "static", "themes"];

/// A file watcher for one site; dropping it stops watching.
pub struct SiteWatcher {
    watcher: notify::RecommendedWatcher,
    root: PathBuf,
    watching: BTreeSet<PathBuf>,
}

/// Whether a path (relative to the root) can matter to the site: not the output, not version
/// control, not an editor's backup or swap file.
pub fn relevant(rel: &Path) -> bool {
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(first) = parts.next() else {
        return false;
    };
    let top_ok = first == crate::config::CONFIG_FILE || WATCHED.contains(&first.as_ref());
    top_ok
        && rel
            .components()
            .all(|c| !crate::content::discover::ignored(&c.as_os_str().to_string_lossy()))
}

impl SiteWatcher {
    /// Starts watching `root`, sending changed paths (relative to the root) to `tx`.
    pub fn start(root: &Path, tx: Sender<PathBuf>) -> notify::Result<SiteWatcher> {
        let root = dunce::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let base = root.clone();
        let watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            let Ok(event) = res else { return };
            if matches!(
                event.kind,
                EventKind::Access(
                    notify::event::AccessKind::Open(_) | notify::event::AccessKind::Read
                )
            ) {
                return;
            }
            for p in event.paths {
                if let Ok(rel) = p.strip_prefix(&base)
                    && relevant(rel)
                {
                    let _ = tx.send(rel.to_path_buf());
                }
            }
        })?;
        let mut w = SiteWatcher {
            watcher,
            root,
            watching: BTreeSet::new(),
        };
        w.watcher.watch(&w.root, RecursiveMode::NonRecursive)?;
        w.watch_folders();
        Ok(w)
    }

    /// Watches any of the [`WATCHED`] folders that exist and are not watched yet (called again
    /// when the root changes, since a folder may have been created).
    pub fn watch_folders(&mut self) {
        for name in WATCHED {
            let dir = self.root.join(name);
            if dir.is_dir()
                && !self.watching.contains(&dir)
                && self.watcher.watch(&dir, RecursiveMode::Recursive).is_ok()
            {
                self.watching.insert(dir);
            }
        }
        self.watching.retain(|d| d.is_dir());
    }
}

/// Waits for the next change, then gathers further changes until none came for `quiet`
/// (or `longest` passed since the first), and returns the changed paths without duplicates.
/// `None` when the watcher is gone.
pub fn next_batch(
    rx: &Receiver<PathBuf>,
    quiet: Duration,
    longest: Duration,
) -> Option<Vec<PathBuf>> {
    let first = rx.recv().ok()?;
    let started = Instant::now();
    let mut paths = BTreeSet::from([first]);
    loop {
        let left = longest.saturating_sub(started.elapsed());
        if left.is_zero() {
            break;
        }
        let wait = if paths.len() >= 3 { quiet * 5 } else { quiet };
        match rx.recv_timeout(wait.min(left)) {
            Ok(p) => {
                paths.insert(p);
            }
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    Some(paths.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_site_sources_are_relevant() {
        for yes in [
            "site.yaml",
            "content/partners/x.md",
            "templates/base.html",
            "static/style.css",
            "themes/default/templates/a.html",
        ] {
            assert!(relevant(Path::new(yes)), "{yes}");
        }
        for no in [
            "public/index.html",
            ".git/index",
            "target/debug/x",
            "content/.x.md.swp",
            "content/partners/x.md~",
            "README.md",
        ] {
            assert!(!relevant(Path::new(no)), "{no}");
        }
    }

    #[test]
    fn a_burst_is_one_batch() {
        let (tx, rx) = std::sync::mpsc::channel();
        for i in 0..100 {
            tx.send(PathBuf::from(format!("content/p{i}.md"))).unwrap();
        }
        tx.send(PathBuf::from("content/p1.md")).unwrap();
        let batch = next_batch(&rx, Duration::from_millis(20), Duration::from_secs(1)).unwrap();
        assert_eq!(batch.len(), 100);
    }
}
