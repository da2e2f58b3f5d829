//! Camera metadata removed from the files a site publishes as they are (bundle images that
//! are no photo of a gallery nor shown in the body, images outside bundles, logos): a phone's
//! JPEG carries where it was taken (EXIF GPS positions, XMP), and a file copied as it is
//! would publish that to anyone who downloads it.
//!
//! The metadata is cut out of the file's structure, never re-encoded: the published image
//! has the same pixels and the same compressed data, only without the segments or chunks
//! that describe the photo. Colour profiles stay, as they change how the pixels look.
//! Formats whose metadata hamkor cannot cut out (HEIC, AVIF, TIFF, phone videos) are refused
//! when they carry any, so that nothing is published with a position in it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// What publishing a file takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Published {
    /// The file as it is: no metadata to remove.
    AsIs,
    /// These bytes: the file without its metadata.
    Stripped(Arc<[u8]>),
}

/// Why a file cannot be published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
}

type Outcome = Result<Published, Refused>;

/// Outcomes by file, with the size and modification time they were found for: `serve`
/// renders after every change, and reads each image once rather than on every render.
static SEEN: Mutex<Option<HashMap<PathBuf, Seen>>> = Mutex::new(None);

/// A file's size and modification time, and the outcome for it.
type Seen = (u64, Option<SystemTime>, Outcome);

/// How to publish the file at `path` (`file` is its name in the content folder, for
/// messages).
pub fn publish(path: &Path, file: &str) -> Outcome {
    let stamp = std::fs::metadata(path)
        .ok()
        .map(|m| (m.len(), m.modified().ok()));
    if let Some((len, modified)) = stamp
        && let Ok(seen) = SEEN.lock()
        && let Some((l, m, outcome)) = seen.as_ref().and_then(|s| s.get(path))
        && (*l, *m) == (len, modified)
    {
        return outcome.clone();
    }
    let outcome = examine(path, file);
    if let Some((len, modified)) = stamp
        && let Ok(mut seen) = SEEN.lock()
    {
        seen.get_or_insert_with(HashMap::new)
            .insert(path.to_path_buf(), (len, modified, outcome.clone()));
    }
    outcome
}

fn examine(path: &Path, file: &str) -> Outcome {
    use std::io::Read;
    let unreadable = |e: std::io::Error| Refused {
        message: format!("cannot read '{file}': {}", crate::diagnostic::io_reason(&e)),
        help: "check that the file can be read".into(),
    };
    // Most published files (PDFs, documents) are no image: their first bytes say so.
    let mut head = [0u8; 16];
    let mut f = std::fs::File::open(path).map_err(unreadable)?;
    let mut n = 0;
    while n < head.len() {
        match f.read(&mut head[n..]).map_err(unreadable)? {
            0 => break,
            k => n += k,
        }
    }
    let kind = Kind::of(&head[..n]);
    if kind == Kind::Other {
        return Ok(Published::AsIs);
    }
    if kind == Kind::Isobmff {
        let described = boxes_but_media(&mut f).map_err(unreadable)?;
        return isobmff(&described, file);
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    strip(kind, &bytes, file)
}

/// The top-level boxes of an ISO base media file but its media data (`mdat`, the bulk of a
/// video): the boxes where metadata is.
fn boxes_but_media(f: &mut std::fs::File) -> std::io::Result<Vec<u8>> {
    use std::io::{Read, Seek, SeekFrom};
    let total = f.metadata()?.len();
    let mut out = Vec::new();
    let mut at = 0u64;
    while at + 8 <= total {
        f.seek(SeekFrom::Start(at))?;
        let mut head = [0u8; 16];
        f.read_exact(&mut head[..8])?;
        let mut size = u64::from(u32::from_be_bytes([head[0], head[1], head[2], head[3]]));
        let mut header = 8;
        if size == 1 && at + 16 <= total {
            f.read_exact(&mut head[8..])?;
            size = u64::from_be_bytes(head[8..16].try_into().unwrap_or_default());
            header = 16;
        } else if size == 0 {
            size = total - at;
        }
        // A box shorter than its header is damaged: what is left is read as it is.
        if size < header {
            size = total - at;
        }
        let size = size.min(total - at);
        if &head[4..8] != b"mdat" {
            f.seek(SeekFrom::Start(at))?;
            let mut b = Vec::new();
            f.by_ref().take(size).read_to_end(&mut b)?;
            out.extend(b);
        }
        at += size;
    }
    Ok(out)
}

/// HEIC and AVIF photos keep EXIF and XMP as items of their `meta` box, phones' videos their
/// position in `moov` (`©xyz`, or Apple's ISO 6709 location key).
fn isobmff(described: &[u8], file: &str) -> Outcome {
    let tells = [&b"Exif"[..], b"xmpmeta", b"\xa9xyz", b"ISO6709"];
    if !tells
        .iter()
        .any(|t| described.windows(t.len()).any(|w| w == *t))
    {
        return Ok(Published::AsIs);
    }
    let brand = described.get(8..12).unwrap_or_default();
    let photo = matches!(
        brand,
        b"heic" | b"heix" | b"heim" | b"heis" | b"mif1" | b"msf1" | b"avif" | b"avis"
    );
    Err(if photo {
        cannot(file, "photo", "HEIC and AVIF files")
    } else {
        let name = Path::new(file)
            .file_name()
            .map_or_else(|| file.into(), |n| n.to_string_lossy().into_owned());
        let stem = Path::new(&name)
            .file_stem()
            .map_or_else(|| "video".into(), |n| n.to_string_lossy().into_owned());
        Refused {
            message: format!(
                "'{file}' would publish where the video was filmed (its metadata gives the position), which hamkor cannot remove from videos"
            ),
            help: format!(
                "remove the metadata and replace the file, for instance with `ffmpeg -i {name} -map_metadata -1 -c copy {stem}-clean.mp4`"
            ),
        }
    })
}

/// File formats by their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Jpeg,
    Png,
    Webp,
    Tiff,
    /// ISO base media files: HEIC and AVIF photos, MP4 and MOV videos.
    Isobmff,
    Other,
}

impl Kind {
    fn of(head: &[u8]) -> Kind {
        if head.starts_with(&[0xff, 0xd8, 0xff]) {
            Kind::Jpeg
        } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
            Kind::Png
        } else if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
            Kind::Webp
        } else if head.starts_with(b"II*\0") || head.starts_with(b"MM\0*") {
            Kind::Tiff
        } else if head.get(4..8) == Some(b"ftyp") {
            Kind::Isobmff
        } else {
            Kind::Other
        }
    }
}

fn damaged(file: &str, name: &str) -> Refused {
    Refused {
        message: format!(
            "'{file}' is a damaged {name} file: hamkor cannot remove its camera metadata (such as where it was taken) to publish it"
        ),
        help: "export or save the image again and replace the file".into(),
    }
}

fn strip(kind: Kind, bytes: &[u8], file: &str) -> Outcome {
    let stripped = match kind {
        Kind::Jpeg => jpeg(bytes, true).ok_or_else(|| damaged(file, "JPEG"))?,
        Kind::Png => png(bytes).ok_or_else(|| damaged(file, "PNG"))?,
        Kind::Webp => webp(bytes).ok_or_else(|| damaged(file, "WebP"))?,
        Kind::Tiff => return Err(cannot(file, "image", "TIFF files")),
        Kind::Isobmff => return isobmff(bytes, file),
        Kind::Other => return Ok(Published::AsIs),
    };
    Ok(if stripped.len() == bytes.len() {
        Published::AsIs
    } else {
        Published::Stripped(stripped.into())
    })
}

fn cannot(file: &str, what: &str, format: &str) -> Refused {
    Refused {
        message: format!(
            "'{file}' would publish where the {what} was taken (its EXIF or XMP metadata), which hamkor cannot remove from {format}"
        ),
        help: "save it as JPEG, PNG or WebP, which hamkor publishes without that metadata, and replace the file".into(),
    }
}

/// A JPEG file without its metadata: the segments that only describe the photo (EXIF with
/// GPS positions, XMP, IPTC, comments, and with `keep_icc` false the colour profile) are
/// left out, those needed to decode it (JFIF, Adobe's colour transform, tables, frame and
/// scans) kept, and nothing after its end: phones append further images there (previews,
/// depth maps, the video of a motion photo), each with metadata of its own. `None` when the
/// file's structure is not as expected.
pub fn jpeg(bytes: &[u8], keep_icc: bool) -> Option<Vec<u8>> {
    if !bytes.starts_with(&[0xff, 0xd8]) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..2]);
    let mut at = 2;
    loop {
        // Markers may be padded with any number of 0xff bytes.
        while bytes.get(at) == Some(&0xff) && bytes.get(at + 1) == Some(&0xff) {
            at += 1;
        }
        if bytes.get(at) != Some(&0xff) {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        if marker == 0xd9 {
            out.extend_from_slice(&bytes[at..at + 2]);
            return Some(out);
        }
        if matches!(marker, 0xd0..=0xd7 | 0x01) {
            out.extend_from_slice(&bytes[at..at + 2]);
            at += 2;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([
            *bytes.get(at + 2)?,
            *bytes.get(at + 3)?,
        ]));
        if len < 2 || at + 2 + len > bytes.len() {
            return None;
        }
        let body = &bytes[at + 4..at + 2 + len];
        let keep = match marker {
            // JFIF, and the Adobe segment that says how colours are stored.
            0xe0 | 0xee => true,
            0xe2 => keep_icc && body.starts_with(b"ICC_PROFILE\0"),
            0xe1 | 0xe3..=0xed | 0xef | 0xfe => false,
            _ => true,
        };
        if keep {
            out.extend_from_slice(&bytes[at..at + 2 + len]);
        }
        at += 2 + len;
        if marker == 0xda {
            // Entropy-coded data up to the next marker: 0xff is followed by 0x00 (a stuffed
            // byte) or a restart marker within it.
            let start = at;
            loop {
                // A file cut off in its image data shows in browsers as far as it goes.
                let Some(ff) = bytes[at..].iter().position(|&b| b == 0xff) else {
                    out.extend_from_slice(&bytes[start..]);
                    return Some(out);
                };
                at += ff;
                match bytes.get(at + 1).copied().unwrap_or(0xd9) {
                    0x00 | 0xd0..=0xd7 => at += 2,
                    _ if at + 1 >= bytes.len() => {
                        out.extend_from_slice(&bytes[start..at]);
                        return Some(out);
                    }
                    _ => break,
                }
            }
            out.extend_from_slice(&bytes[start..at]);
        }
    }
}

/// A PNG file without its text chunks (where XMP and editors' notes are), `eXIf` and
/// `tIME`; every other chunk (the colour profile, animation) stays. `None` when the file's
/// structure is not as expected.
fn png(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(bytes.get(..8)?);
    let mut at = 8;
    loop {
        let len = u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize;
        let kind = bytes.get(at + 4..at + 8)?;
        let end = at.checked_add(12)?.checked_add(len)?;
        let chunk = bytes.get(at..end)?;
        if !matches!(kind, b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt" | b"tIME") {
            out.extend_from_slice(chunk);
        }
        at = end;
        if kind == b"IEND" {
            return Some(out);
        }
    }
}

/// A WebP file without its `EXIF` and `XMP ` chunks (and their flags in the `VP8X` header);
/// the colour profile and animation stay. `None` when the file's structure is not as
/// expected.
fn webp(bytes: &[u8]) -> Option<Vec<u8>> {
    let size = u32::from_le_bytes(bytes.get(4..8)?.try_into().ok()?) as usize;
    let end = size.checked_add(8)?.min(bytes.len());
    let mut body = b"WEBP".to_vec();
    let mut at = 12;
    while at + 8 <= end {
        let kind = &bytes[at..at + 4];
        let len = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().ok()?) as usize;
        let next = at.checked_add(8)?.checked_add(len)?.checked_add(len & 1)?;
        let chunk = bytes.get(at..next.min(end))?;
        if at + 8 + len > end {
            return None;
        }
        match kind {
            b"EXIF" | b"XMP " => {}
            b"VP8X" => {
                let mut c = chunk.to_vec();
                // Flags: 0x08 EXIF, 0x04 XMP.
                *c.get_mut(8)? &= !0x0c;
                body.extend(c);
            }
            _ => body.extend_from_slice(chunk),
        }
        at = next;
    }
    let mut out = b"RIFF".to_vec();
    out.extend(u32::try_from(body.len()).ok()?.to_le_bytes());
    out.extend(body);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jpeg_keeps_the_image_and_the_profile_and_drops_what_follows_its_end() {
        let mut j = vec![0xff, 0xd8];
        j.extend([0xff, 0xe1, 0, 8]);
        j.extend(b"Exif\0\0");
        j.extend([0xff, 0xe2, 0, 16]);
        j.extend(b"ICC_PROFILE\0\x01\x01");
        j.extend([
            0xff, 0xda, 0, 2, 1, 0xff, 0x00, 2, 0xff, 0xd0, 3, 0xff, 0xd9,
        ]);
        let tail = [0xff, 0xd8, 0xff, 0xe1, 0, 8, b'E', b'x', b'i', b'f', 0, 0];
        j.extend(tail);
        let s = jpeg(&j, true).unwrap();
        assert!(!s.windows(4).any(|w| w == b"Exif"));
        assert!(s.windows(11).any(|w| w == b"ICC_PROFILE"));
        assert!(s.ends_with(&[0xff, 0xd0, 3, 0xff, 0xd9]));
        assert!(!jpeg(&j, false).unwrap().windows(3).any(|w| w == b"ICC"));
        assert_eq!(jpeg(&j[..20], true), None);
    }

    #[test]
    fn damaged_files_are_refused_not_published() {
        assert_eq!(png(b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR"), None);
        assert_eq!(webp(b"RIFF\x20\0\0\0WEBPVP8X\xff\0\0\0"), None);
    }
}
