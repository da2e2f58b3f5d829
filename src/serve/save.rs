//! Saves from the editor at `/admin/`: checked against the live site exactly as a build would
//! check them, refused with the diagnostics when the site would break, else written and
//! published like any other change.
//!
//! Markdown files are checked in memory
//! ([`Session::change`](crate::session::Session::change)): a refused save leaves every Markdown
//! file untouched, and an accepted one is written and shown from the build that checked it.
//! Other files (an uploaded logo, a removed photo) are read by the entries that use them, from
//! disk, so they are put in place first, with what they replace kept in memory, and put back
//! when the save is refused.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Live, State, lock, publish};
use crate::cms::api::{Change, Refused, Saver, apply};
use crate::content::Overlay;
use crate::run::Failure;
use crate::session::ChangeError;

/// The [`Saver`] of `hamkor serve`: checks against the session the preview shows.
pub(super) struct LiveSaver<'a> {
    pub(super) state: &'a State,
}

fn is_markdown(p: &Path) -> bool {
    p.extension().is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// Non-Markdown files changed on disk for the check, with what was there before.
#[derive(Default)]
struct Staged {
    /// Each path and its bytes before (`None`: it did not exist).
    before: Vec<(PathBuf, Option<Vec<u8>>)>,
}

impl Staged {
    fn remember(&mut self, root: &Path, rel: &Path) {
        if !self.before.iter().any(|(p, _)| p == rel) {
            self.before
                .push((rel.to_path_buf(), std::fs::read(root.join(rel)).ok()));
        }
    }

    fn write(&mut self, root: &Path, rel: &Path, bytes: &[u8]) -> std::io::Result<()> {
        self.remember(root, rel);
        write_one(root, rel.to_path_buf(), bytes.to_vec())
    }

    fn remove(&mut self, root: &Path, rel: &Path) -> std::io::Result<()> {
        self.remember(root, rel);
        match std::fs::remove_file(root.join(rel)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    fn paths(&self) -> Vec<PathBuf> {
        self.before.iter().map(|(p, _)| p.clone()).collect()
    }

    /// Puts every file back as it was.
    fn undo(self, root: &Path) {
        for (rel, before) in self.before.into_iter().rev() {
            let _ = match before {
                Some(bytes) => write_one(root, rel, bytes),
                None => std::fs::remove_file(root.join(&rel)),
            };
        }
    }
}

/// A diagnostic on one line: the editor shows the message in a notice that folds lines.
fn one_line(d: &crate::diagnostic::Diagnostic) -> String {
    let at = match d.pos {
        Some(p) => format!(
            "{}:{}:{}",
            crate::diagnostic::slash_path(&d.file),
            p.line,
            p.col
        ),
        None => crate::diagnostic::slash_path(&d.file),
    };
    match &d.help {
        Some(help) => format!("{at}: {} ({help})", d.message),
        None => format!("{at}: {}", d.message),
    }
}

/// Writes one file atomically, as every write of a save is.
fn write_one(root: &Path, rel: PathBuf, bytes: Vec<u8>) -> std::io::Result<()> {
    let change = Change {
        writes: vec![(rel, bytes)],
        ..Change::default()
    };
    apply(root, &change)
}

fn refused(message: impl Into<String>) -> Refused {
    Refused {
        message: message.into(),
    }
}

impl Saver for LiveSaver<'_> {
    fn save(&self, change: &Change) -> Result<(), Refused> {
        let state = self.state;
        let root = state.root.as_path();
        let mut live = lock(&state.live);
        let Live {
            session,
            had_problems,
        } = &mut *live;

        let mut overlay = Overlay::new();
        let mut markdown = Change {
            moves: Vec::new(),
            writes: Vec::new(),
            removes: Vec::new(),
        };
        let mut staged = Staged::default();
        let stage = |result: std::io::Result<()>| result.map_err(|e| format!("cannot save: {e}"));
        let mut failed = None;
        for (from, to) in &change.moves {
            if is_markdown(from) {
                let bytes = match overlay.get(from) {
                    Some(b) => b.clone(),
                    None => std::fs::read(root.join(from)).ok().map(Arc::from),
                };
                overlay.insert(from.clone(), None);
                overlay.insert(to.clone(), bytes);
                markdown.moves.push((from.clone(), to.clone()));
            } else {
                let moved = std::fs::read(root.join(from)).and_then(|bytes| {
                    staged.write(root, to, &bytes)?;
                    staged.remove(root, from)
                });
                if let Err(e) = stage(moved) {
                    failed = Some(e);
                    break;
                }
            }
        }
        if failed.is_none() {
            for (rel, bytes) in &change.writes {
                if is_markdown(rel) {
                    overlay.insert(rel.clone(), Some(Arc::from(&bytes[..])));
                    markdown.writes.push((rel.clone(), bytes.clone()));
                } else if let Err(e) = stage(staged.write(root, rel, bytes)) {
                    failed = Some(e);
                    break;
                }
            }
        }
        if failed.is_none() {
            for rel in &change.removes {
                if is_markdown(rel) {
                    overlay.insert(rel.clone(), None);
                    markdown.removes.push(rel.clone());
                } else if let Err(e) = stage(staged.remove(root, rel)) {
                    failed = Some(e);
                    break;
                }
            }
        }
        if let Some(message) = failed {
            staged.undo(root);
            return Err(refused(message));
        }

        let also = staged.paths();
        let result = match session.change(&overlay, &also, || apply(root, &markdown)) {
            Ok(update) => Ok(update),
            Err(ChangeError::Refused(Failure::Content(ds))) => {
                staged.undo(root);
                let errors: Vec<String> =
                    ds.iter().filter(|d| d.is_error()).map(one_line).collect();
                return Err(refused(errors.join(" · ")));
            }
            Err(ChangeError::Refused(Failure::Environment(m))) => {
                staged.undo(root);
                return Err(refused(format!("error: {m}")));
            }
            Err(ChangeError::Write(e)) => {
                staged.undo(root);
                return Err(refused(format!("cannot save: {e}")));
            }
        };
        *had_problems = publish(state, session, result, *had_problems);
        Ok(())
    }
}
