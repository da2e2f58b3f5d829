//! Step 6: the site in memory, written to disk atomically.
//!
//! [`Output`] maps each output file (a path below the output folder) to its bytes. `build`
//! writes it into a fresh folder beside the target, then swaps the two folders in one atomic
//! rename, so a failed or killed build never leaves a half-written site, and stale files from
//! earlier builds are gone. Files whose bytes did not change are hard-linked from the previous
//! output, keeping their modification times, so deploys that sync by size and time upload only
//! what changed.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use crate::render::{Bytes, Output};

/// What a write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Files written with new bytes.
    pub written: usize,
    /// Files kept from the previous output (unchanged bytes).
    pub unchanged: usize,
}

/// An I/O failure with the path it concerns.
#[derive(Debug)]
pub struct WriteError {
    /// The path.
    pub path: PathBuf,
    /// The failure.
    pub error: io::Error,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.error)
    }
}

impl std::error::Error for WriteError {}

fn at(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |error| WriteError {
        path: path.to_path_buf(),
        error,
    }
}

/// The hidden sibling folders a build uses beside `dest`: the new tree, and the old one while
/// it is being removed. Fixed names, so a build killed half-way leaves nothing that a later
/// build does not clean up.
pub fn staging_paths(dest: &Path) -> (PathBuf, PathBuf) {
    let name = dest
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let parent = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    (
        parent.join(format!(".{name}.hamkor-new")),
        parent.join(format!(".{name}.hamkor-old")),
    )
}

/// Takes the lock file beside `dest` (`.<name>.hamkor-lock`), failing at once if another
/// build holds it. The lock goes with the process, so a killed build never leaves it taken.
fn lock_beside(dest: &Path) -> Result<fs::File, WriteError> {
    let (dir, _) = staging_paths(dest);
    let path = dir.with_extension("hamkor-lock");
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(at(&path))?;
    // A lock goes with the open file, and a process started at the moment another thread
    // let it go holds a copy for an instant (until it runs its program): wait that long before
    // calling it another build, which holds the lock for the whole of its work.
    for attempt in 0..10 {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(fs::TryLockError::WouldBlock) if attempt < 9 => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(fs::TryLockError::WouldBlock) => break,
            // A file system without locks: build without one rather than not at all.
            Err(fs::TryLockError::Error(_)) => return Ok(file),
        }
    }
    Err(WriteError {
        path: dest.to_path_buf(),
        error: io::Error::other(
            "another hamkor build is writing this folder; wait for it to finish",
        ),
    })
}

fn same_file_content(old: &Path, bytes: &[u8]) -> bool {
    match fs::metadata(old) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            fs::read(old).is_ok_and(|b| b == bytes)
        }
        _ => false,
    }
}

/// A new output tree being written beside the current one, swapped in by [`Staging::commit`].
/// Files can be put from any number of threads; dropping it without committing removes it.
pub struct Staging {
    dest: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    /// Held until the staging folder is committed or removed: two builds into one folder
    /// would otherwise remove each other's staging folders.
    _lock: fs::File,
    written: std::sync::atomic::AtomicUsize,
    unchanged: std::sync::atomic::AtomicUsize,
    committed: bool,
}

impl Staging {
    /// Prepares an empty staging folder beside `dest`, removing any a killed build left.
    pub fn begin(dest: &Path) -> Result<Staging, WriteError> {
        let (dir, old) = staging_paths(dest);
        if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(at(parent))?;
        }
        let lock = lock_beside(dest)?;
        // Where the file system cannot exchange two folders atomically, a build killed
        // between its two renames leaves the previous site only under the old name.
        if !dest.exists() && old.is_dir() {
            fs::rename(&old, dest).map_err(at(dest))?;
        }
        for leftover in [&dir, &old] {
            if leftover.exists() {
                fs::remove_dir_all(leftover).map_err(|error| WriteError {
                    path: leftover.clone(),
                    error: if busy(&error) {
                        io::Error::other(
                            "cannot remove this folder, left by an earlier build: another \
                             program has a file in it open; close that program and build again",
                        )
                    } else {
                        error
                    },
                })?;
            }
        }
        fs::create_dir(&dir).map_err(at(&dir))?;
        Ok(Staging {
            dest: dest.to_path_buf(),
            dir,
            old,
            _lock: lock,
            written: 0.into(),
            unchanged: 0.into(),
            committed: false,
        })
    }

    /// Writes one file (path with `/` separators below the output). A file whose bytes equal
    /// the current output's is hard-linked from it instead, keeping its modification time.
    pub fn put(&self, rel: &str, data: &[u8]) -> Result<(), WriteError> {
        use std::sync::atomic::Ordering::Relaxed;
        let target = self.dir.join(rel);
        if let Some(parent) = target.parent()
            && !parent.is_dir()
        {
            fs::create_dir_all(parent).map_err(at(parent))?;
        }
        let old = self.dest.join(rel);
        if same_file_content(&old, data) && fs::hard_link(&old, &target).is_ok() {
            self.unchanged.fetch_add(1, Relaxed);
            return Ok(());
        }
        fs::write(&target, data).map_err(at(&target))?;
        self.written.fetch_add(1, Relaxed);
        Ok(())
    }

    /// Writes every file of `output`, in parallel.
    pub fn put_all(&self, output: &Output) -> Result<(), WriteError> {
        output.files.par_iter().try_for_each(|(rel, bytes)| {
            let data = bytes.read().map_err(|error| WriteError {
                path: match bytes {
                    Bytes::File(p) => p.clone(),
                    _ => self.dir.join(rel),
                },
                error,
            })?;
            self.put(rel, &data)
        })
    }

    /// Swaps the new tree in for the current output and removes the old one.
    pub fn commit(mut self) -> Result<WriteStats, WriteError> {
        swap_in(&self.dir, &self.dest, &self.old)?;
        self.committed = true;
        Ok(WriteStats {
            written: self.written.load(std::sync::atomic::Ordering::Relaxed),
            unchanged: self.unchanged.load(std::sync::atomic::Ordering::Relaxed),
        })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

impl Output {
    /// Writes the output to `dest` atomically (see the module docs).
    pub fn write(&self, dest: &Path) -> Result<WriteStats, WriteError> {
        let staging = Staging::begin(dest)?;
        staging.put_all(self)?;
        staging.commit()
    }
}

fn swap_in(staging: &Path, dest: &Path, old: &Path) -> Result<(), WriteError> {
    swap_in_with(staging, dest, old, exchange)
}

/// [`swap_in`] with the one-step swap given, so that the two-rename path used where there is
/// none can be tested everywhere.
fn swap_in_with(
    staging: &Path,
    dest: &Path,
    old: &Path,
    exchange: fn(&Path, &Path) -> io::Result<()>,
) -> Result<(), WriteError> {
    match fs::symlink_metadata(dest) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return fs::rename(staging, dest).map_err(at(dest));
        }
        Err(e) => {
            return Err(WriteError {
                path: dest.to_path_buf(),
                error: e,
            });
        }
        Ok(m) if !m.is_dir() => {
            return Err(WriteError {
                path: dest.to_path_buf(),
                error: io::Error::other("exists and is not a folder"),
            });
        }
        Ok(_) => {}
    }
    // One atomic exchange where the system has one; readers see the old or the new site,
    // never a mix or nothing.
    if exchange(staging, dest).is_ok() {
        fs::rename(staging, old).map_err(at(old))?;
    } else {
        // Two renames: between them the folder is briefly missing, never half-written, and a
        // build killed there leaves the old site under `old`, which the next build restores.
        fs::rename(dest, old).map_err(|e| replace_error(dest, e))?;
        if let Err(e) = fs::rename(staging, dest) {
            let _ = fs::rename(old, dest);
            return Err(replace_error(dest, e));
        }
    }
    // The new site is in place: an old file still held open by another program only delays
    // its removal to the next build.
    let _ = fs::remove_dir_all(old);
    Ok(())
}

/// Swaps two folders in one step.
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    rustix::fs::renameat_with(
        rustix::fs::CWD,
        a,
        rustix::fs::CWD,
        b,
        rustix::fs::RenameFlags::EXCHANGE,
    )
    .map_err(io::Error::from)
}

/// Swaps two folders in one step: not possible here.
#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Whether `error` means that another program holds a file open.
fn busy(error: &io::Error) -> bool {
    // ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION.
    cfg!(windows) && matches!(error.raw_os_error(), Some(5 | 32 | 33))
        || matches!(
            error.kind(),
            io::ErrorKind::ResourceBusy | io::ErrorKind::PermissionDenied
        )
}

/// The error for an output folder that cannot be renamed. On Windows that almost always means
/// another program (a file manager, an editor, a local server, a terminal whose current folder
/// it is) has the folder or a file inside it open.
fn replace_error(dest: &Path, error: io::Error) -> WriteError {
    WriteError {
        path: dest.to_path_buf(),
        error: if busy(&error) {
            io::Error::other(
                "cannot replace this folder: another program has it or a file in it open; \
                 close that program (or its window showing the folder) and build again. \
                 The previous site is unchanged",
            )
        } else {
            error
        },
    }
}

/// Rendering hands each page to the staging folder as soon as it is made, so that a build of
/// thousands of pages never holds them all in memory.
impl crate::render::Sink for Staging {
    fn put(&self, file: &str, bytes: &[u8]) -> Result<(), crate::render::SinkError> {
        Staging::put(self, file, bytes).map_err(|e| Box::new(e) as crate::render::SinkError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_swaps_and_keeps_unchanged_files() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("public");
        let mut out = Output::default();
        out.files
            .insert("index.html".into(), Bytes::Owned(b"one".as_slice().into()));
        out.files.insert(
            "a/b/index.html".into(),
            Bytes::Owned(b"two".as_slice().into()),
        );
        assert_eq!(
            out.write(&dest).unwrap(),
            WriteStats {
                written: 2,
                unchanged: 0
            }
        );
        fs::write(dest.join("stale.html"), "x").unwrap();
        out.files.insert(
            "index.html".into(),
            Bytes::Owned(b"changed".as_slice().into()),
        );
        assert_eq!(
            out.write(&dest).unwrap(),
            WriteStats {
                written: 1,
                unchanged: 1
            }
        );
        assert!(!dest.join("stale.html").exists());
        assert_eq!(fs::read(dest.join("index.html")).unwrap(), b"changed");
        let mut leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        leftovers.sort();
        assert_eq!(leftovers, [".public.hamkor-lock", "public"]);
    }

    #[test]
    fn a_second_build_into_the_same_folder_is_refused_while_the_first_runs() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("public");
        let first = Staging::begin(&dest).unwrap();
        let second = Staging::begin(&dest).map(|_| ()).unwrap_err();
        assert_eq!(
            second.to_string(),
            format!(
                "{}: another hamkor build is writing this folder; wait for it to finish",
                dest.display()
            )
        );
        assert!(
            staging_paths(&dest).0.is_dir(),
            "the first build's folder is kept"
        );
        drop(first);
        assert!(Staging::begin(&dest).is_ok());
    }

    #[test]
    fn a_site_left_only_under_the_old_name_is_restored() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("public");
        let (new, old) = staging_paths(&dest);
        fs::create_dir_all(&old).unwrap();
        fs::write(old.join("index.html"), "previous").unwrap();
        fs::create_dir_all(&new).unwrap();
        fs::write(new.join("half.html"), "half").unwrap();
        let staging = Staging::begin(&dest).unwrap();
        assert_eq!(fs::read(dest.join("index.html")).unwrap(), b"previous");
        assert!(!old.exists());
        assert!(!new.join("half.html").exists());
        drop(staging);
        assert_eq!(fs::read(dest.join("index.html")).unwrap(), b"previous");
    }

    fn no_exchange(_: &Path, _: &Path) -> io::Result<()> {
        Err(io::ErrorKind::Unsupported.into())
    }

    #[test]
    fn without_an_atomic_exchange_two_renames_swap_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("public");
        let (new, old) = staging_paths(&dest);
        fs::create_dir_all(&dest).unwrap();
        fs::write(dest.join("index.html"), "previous").unwrap();
        fs::create_dir_all(&new).unwrap();
        fs::write(new.join("index.html"), "next").unwrap();
        swap_in_with(&new, &dest, &old, no_exchange).unwrap();
        assert_eq!(fs::read(dest.join("index.html")).unwrap(), b"next");
        assert!(!old.exists() && !new.exists());
    }

    #[test]
    fn a_failed_second_rename_puts_the_previous_site_back() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("public");
        let (new, old) = staging_paths(&dest);
        fs::create_dir_all(&dest).unwrap();
        fs::write(dest.join("index.html"), "previous").unwrap();
        // No staging folder: the rename that would bring it in fails.
        let e = swap_in_with(&new, &dest, &old, no_exchange).unwrap_err();
        assert_eq!(e.error.kind(), io::ErrorKind::NotFound);
        assert_eq!(fs::read(dest.join("index.html")).unwrap(), b"previous");
        assert!(!old.exists());
    }

    #[test]
    fn a_folder_held_open_is_explained() {
        let dest = Path::new("public");
        let e = replace_error(dest, io::ErrorKind::PermissionDenied.into());
        assert_eq!(
            e.to_string(),
            "public: cannot replace this folder: another program has it or a file in it open; \
             close that program (or its window showing the folder) and build again. The \
             previous site is unchanged"
        );
        let other = replace_error(dest, io::ErrorKind::StorageFull.into());
        assert_eq!(other.error.kind(), io::ErrorKind::StorageFull);
    }
}
