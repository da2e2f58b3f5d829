//! The site as rendering leaves it: every output file and where its bytes are. Writing it is
//! the next step's ([`crate::output`]); rendering only hands pages to a [`Sink`] when the
//! caller gives one.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::PathBuf;

/// Where a file's bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bytes {
    /// Rendered in memory.
    Owned(std::sync::Arc<[u8]>),
    /// Copied from a file (absolute path).
    File(PathBuf),
    /// Built into the binary.
    Static(&'static [u8]),
}

impl Bytes {
    /// The bytes (reading the file if needed).
    pub fn read(&self) -> io::Result<std::borrow::Cow<'_, [u8]>> {
        Ok(match self {
            Bytes::Owned(v) => std::borrow::Cow::Borrowed(v),
            Bytes::Static(b) => std::borrow::Cow::Borrowed(b),
            Bytes::File(p) => std::borrow::Cow::Owned(fs::read(p)?),
        })
    }
}

/// The whole output: path below the output folder → bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    /// Every file, by path with `/` separators.
    pub files: BTreeMap<String, Bytes>,
}

/// Why a [`Sink`] could not take a page: its own error, shown as it is.
pub type SinkError = Box<dyn std::error::Error + Send + Sync>;

/// Where rendered pages can go as soon as they are made, from any thread, instead of being
/// kept in the [`Output`] (a build writes them straight into its staging folder).
pub trait Sink: Sync {
    /// Takes the page `file` (a path below the output folder, with `/` separators).
    fn put(&self, file: &str, bytes: &[u8]) -> Result<(), SinkError>;
}
