//! Photos on pages: the gallery of a visit or partner (`photos:`) and the photos of a body,
//! offered in several widths (`srcset`), in WebP and in the photo's own format (`<picture>`),
//! with their width and height so that the page does not move as they load.
//!
//! The functions here take plain data: the entry's photos and a function giving the URL
//! (base path included) of a file of the entry's bundle.

use serde::Serialize;

use crate::content::images::{Format, Photo, Rendition};
use crate::content::model::GalleryPhoto;

/// `sizes` of a photo in a body: the width of the text column (see the theme's `.prose`),
/// or the screen's on a phone.
pub const BODY_SIZES: &str = "(min-width: 48rem) 42rem, 100vw";

/// One file of a photo.
#[derive(Debug, Clone, Serialize)]
pub struct FileView {
    /// URL (base path included).
    pub url: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// A photo as pages show it: in several widths, in WebP and its own format.
#[derive(Debug, Clone, Serialize)]
pub struct PhotoView {
    /// An `id` for the page, unique among the gallery's photos (`photo-1`…), which the
    /// larger view of the photo has.
    pub id: String,
    /// The alt text.
    pub alt: String,
    /// The `src` for browsers without `srcset`: a copy of middle width (at most 720 pixels).
    pub src: FileView,
    /// `srcset` of the photo's own format (JPEG, or PNG for images with transparency).
    pub srcset: String,
    /// Media type of `srcset`'s files.
    pub srcset_type: &'static str,
    /// `srcset` of the WebP copies.
    pub webp_srcset: String,
    /// The full-size copy (upright, without the original's metadata).
    pub full: FileView,
    /// In a gallery, the `id`s of the photos before and after this one.
    pub previous: Option<String>,
    /// See `previous`.
    pub next: Option<String>,
}

fn srcset<'a>(
    files: impl Iterator<Item = &'a Rendition>,
    url_of: &dyn Fn(&str) -> String,
) -> String {
    files
        .map(|r| format!("{} {}w", url_of(&r.name), r.width))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The view of `photo`, shown with `alt`; `url_of` gives a bundle file's URL.
pub fn photo_view(
    photo: &Photo,
    alt: &str,
    id: String,
    url_of: &dyn Fn(&str) -> String,
) -> PhotoView {
    let file = |r: &Rendition| FileView {
        url: url_of(&r.name),
        width: r.width,
        height: r.height,
    };
    let full = photo.full().map(file).unwrap_or_else(|| FileView {
        url: url_of(&photo.file),
        width: photo.width,
        height: photo.height,
    });
    let src = photo
        .sized(photo.fallback)
        .take_while(|r| r.width <= 720)
        .last()
        .map(file)
        .unwrap_or_else(|| full.clone());
    PhotoView {
        id,
        alt: alt.to_string(),
        src,
        srcset: srcset(photo.sized(photo.fallback), url_of),
        srcset_type: photo.fallback.mime(),
        webp_srcset: srcset(photo.sized(Format::Webp), url_of),
        full,
        previous: None,
        next: None,
    }
}

/// The gallery of an entry: its `photos:`, in the order written.
pub fn gallery(photos: &[GalleryPhoto], url_of: &dyn Fn(&str) -> String) -> Vec<PhotoView> {
    let id = |i: usize| format!("photo-{}", i + 1);
    photos
        .iter()
        .enumerate()
        .map(|(i, g)| PhotoView {
            previous: i.checked_sub(1).map(id),
            next: (i + 1 < photos.len()).then(|| id(i + 1)),
            ..photo_view(&g.photo, &g.alt, id(i), url_of)
        })
        .collect()
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// The `<picture>` of a photo in a body, written `![alt](file "title")`. Only the first
/// photo of a body loads at once (it may be in view when the page opens); the others load
/// as the reader scrolls to them.
pub fn body_picture(
    photo: &Photo,
    alt: &str,
    title: &str,
    first: bool,
    url_of: &dyn Fn(&str) -> String,
) -> String {
    let v = photo_view(photo, alt, String::new(), url_of);
    let loading = if first {
        ""
    } else {
        r#" loading="lazy" decoding="async""#
    };
    let title = if title.is_empty() {
        String::new()
    } else {
        format!(r#" title="{}""#, escape(title))
    };
    format!(
        r#"<picture><source type="image/webp" srcset="{webp}" sizes="{BODY_SIZES}"><img src="{src}" srcset="{set}" sizes="{BODY_SIZES}" width="{w}" height="{h}" alt="{alt}"{title}{loading}></picture>"#,
        webp = escape(&v.webp_srcset),
        src = escape(&v.src.url),
        set = escape(&v.srcset),
        w = v.src.width,
        h = v.src.height,
        alt = escape(alt),
    )
}
