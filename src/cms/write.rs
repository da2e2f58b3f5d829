//! Turns what Decap sends into files in hamkor's own style.

// replaced by the writer: this stub only keeps the editing API building on its own.

use crate::content::schema::Kind;

/// The text of a file after a save from the form: `existing` is the file's current text (None
/// for a new file), `sent` the file Decap sent (front matter + body).
pub fn file_text(
    _kind: Kind,
    _translation: bool,
    _existing: Option<&str>,
    sent: &str,
) -> Result<String, String> {
    Ok(sent.to_string())
}
