//! Images of a bundle become files of known size while their entry's file is parsed, so a
//! broken image is reported like any other mistake in the file, and pages can give every
//! `<img>` its width and height: partner logos become thumbnails ([`thumbnail`]), photos (the
//! `photos:` of visits and partners, and images in a bundle's body) become a set of resized
//! copies in their own format and in WebP ([`photo`]).
//!
//! Encoded files are cached under `.hamkor-cache/thumbnails/` in the site folder, named by a
//! hash of the source bytes and of the settings: an unchanged image is never decoded or
//! encoded again, by `build` or by `serve`. Parsing only reads the cache; [`store`] fills it
//! once a build has succeeded, so `check`, which validates the same images in memory, writes
//! nothing.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};

/// Box the thumbnail file fits in, in pixels: twice the displayed size, for sharp logos on
/// high-density screens.
pub const FILE_BOX: u32 = 192;
/// Box a logo is displayed in, in CSS pixels.
pub const DISPLAY_BOX: u32 = 96;
/// Changes whenever thumbnails would come out differently, so old cache entries are not used.
const SETTINGS: &str = "lanczos3;192;png;jpeg85;v1";
/// The cache folder, relative to the site root.
pub const CACHE_DIR: &str = ".hamkor-cache/thumbnails";

/// A logo ready for pages.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Thumbnail {
    /// File name the thumbnail gets in the bundle's output folder.
    pub name: String,
    /// Displayed width, CSS pixels.
    pub width: u32,
    /// Displayed height, CSS pixels.
    pub height: u32,
    /// The encoded thumbnail; `None` when the original is used as it is (vector images and
    /// images already small enough).
    pub bytes: Option<Arc<[u8]>>,
    /// Name of the encoded thumbnail's file in the cache folder (derived from the source
    /// bytes and the settings alone), for [`store`].
    pub cache_name: Option<String>,
}

/// Fits `w`×`h` into a `side`×`side` box keeping the aspect ratio, never enlarging.
pub fn fit(w: u32, h: u32, side: u32) -> (u32, u32) {
    if w <= side && h <= side {
        return (w.max(1), h.max(1));
    }
    let scale = f64::from(side) / f64::from(w.max(h));
    let size = |v: u32| ((f64::from(v) * scale).round() as u32).max(1);
    (size(w), size(h))
}

/// Why an image cannot be used: a sentence for the editor, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogoError {
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: Option<String>,
}

/// The decoder's own words ("ChunkType … appeared before IHDR") mean nothing to an editor.
fn damaged(what: &str, file: &str, format: ImageFormat) -> LogoError {
    let name = format
        .extensions_str()
        .first()
        .map_or("image".into(), |e| e.to_uppercase());
    LogoError {
        message: format!("{what} '{file}' is a damaged {name} file: it cannot be read as an image"),
        help: Some("export or save the image again and replace the file".into()),
    }
}

/// Makes the thumbnail of the image at `path` (`file` is its name as written, for the output
/// name).
pub fn thumbnail(root: &Path, path: &Path, file: &str) -> Result<Thumbnail, LogoError> {
    let bytes = std::fs::read(path).map_err(|e| LogoError {
        message: format!(
            "cannot read logo '{file}': {}",
            crate::diagnostic::io_reason(&e)
        ),
        help: None,
    })?;
    let stem = Path::new(file)
        .file_stem()
        .map_or_else(|| "logo".into(), |s| s.to_string_lossy().into_owned());
    let dir = Path::new(file)
        .parent()
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| !p.is_empty())
        .map_or_else(String::new, |p| format!("{p}/"));
    let is_svg = Path::new(file)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if is_svg {
        let (w, h) = svg_size(&bytes).map_err(|e| LogoError {
            message: format!("logo '{file}' is not a usable SVG image: {e}"),
            help: Some("an SVG logo needs a viewBox, or a width and a height".into()),
        })?;
        let scale = f64::from(DISPLAY_BOX) / w.max(h);
        return Ok(Thumbnail {
            name: file.to_string(),
            width: ((w * scale).round() as u32).max(1),
            height: ((h * scale).round() as u32).max(1),
            bytes: None,
            cache_name: None,
        });
    }
    let format = image::guess_format(&bytes).map_err(|_| LogoError {
        message: format!("logo '{file}' is not an image in a format hamkor reads"),
        help: Some("use a PNG, JPEG, GIF, WebP or SVG file".into()),
    })?;
    let reader = ImageReader::with_format(Cursor::new(&bytes[..]), format);
    let (w, h) = reader
        .into_dimensions()
        .map_err(|_| damaged("logo", file, format))?;
    let (tw, th) = fit(w, h, FILE_BOX);
    let (dw, dh) = fit(tw, th, DISPLAY_BOX);
    if (tw, th) == (w, h) && matches!(format, ImageFormat::Png | ImageFormat::Jpeg) {
        return Ok(Thumbnail {
            name: file.to_string(),
            width: dw,
            height: dh,
            bytes: None,
            cache_name: None,
        });
    }
    let (out_format, ext) = match format {
        ImageFormat::Jpeg => (ImageFormat::Jpeg, "jpg"),
        _ => (ImageFormat::Png, "png"),
    };
    let key = {
        let mut h = crate::hash::hasher();
        std::hash::Hash::hash(&(SETTINGS, &bytes[..]), &mut h);
        std::hash::Hasher::finish(&h)
    };
    let cache_name = format!("{key:016x}.{ext}");
    let encoded: Arc<[u8]> = match std::fs::read(root.join(CACHE_DIR).join(&cache_name)) {
        Ok(b) => b.into(),
        Err(_) => {
            let image = ImageReader::with_format(Cursor::new(&bytes[..]), format)
                .decode()
                .map_err(|_| damaged("logo", file, format))?;
            let encoded: Arc<[u8]> = encode(&image, tw, th, out_format)
                .map_err(|e| LogoError {
                    message: format!("logo '{file}' cannot be made into a thumbnail: {e}"),
                    help: None,
                })?
                .into();
            encoded
        }
    };
    Ok(Thumbnail {
        name: format!("{dir}{stem}.thumb.{ext}"),
        width: dw,
        height: dh,
        bytes: Some(encoded),
        cache_name: Some(cache_name),
    })
}

fn encode(
    image: &DynamicImage,
    w: u32,
    h: u32,
    format: ImageFormat,
) -> image::ImageResult<Vec<u8>> {
    let small = image.resize_exact(w, h, image::imageops::FilterType::Lanczos3);
    let mut out = Cursor::new(Vec::new());
    match format {
        ImageFormat::Jpeg => {
            let rgb = DynamicImage::ImageRgb8(small.to_rgb8());
            rgb.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
                &mut out, 85,
            ))?;
        }
        _ => small.write_to(&mut out, ImageFormat::Png)?,
    }
    Ok(out.into_inner())
}

/// Widths, in pixels, of a photo's resized copies: those narrower than the photo, and the
/// photo's own width when it is at most the widest of them. Phones of 360 CSS pixels at two
/// or three device pixels per CSS pixel take the 720 or 1080; 1600 fills a laptop's screen.
pub const PHOTO_WIDTHS: [u32; 4] = [360, 720, 1080, 1600];
/// JPEG and WebP quality of the resized copies: indistinguishable from the original on a
/// screen, at a fraction of its size.
const PHOTO_QUALITY: u8 = 80;
/// libwebp's effort (0 to 6): its default, 4.
const WEBP_METHOD: i32 = 4;
/// Quality of the full-size copy published in place of the original.
const FULL_QUALITY: u8 = 85;
/// Changes whenever photo renditions would come out differently.
const PHOTO_SETTINGS: &str =
    "photo;fir-lanczos3;360,720,1080,1600;jpeg80-422;webp80;full85;strip;v3";
/// Photos larger than this (in pixels) are refused rather than decoded: 100 megapixels is
/// far beyond any camera an office uses, and decoding costs 4 bytes a pixel.
const MAX_PIXELS: u64 = 100_000_000;

/// An encoded image format of a photo's renditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// JPEG.
    Jpeg,
    /// PNG (for images with transparency, and full-size copies of PNG photos).
    Png,
    /// Lossy WebP.
    Webp,
}

impl Format {
    /// The file extension.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Webp => "webp",
        }
    }

    /// The media type, for `<source type>`.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Webp => "image/webp",
        }
    }
}

/// Where a rendition's bytes are.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Stored {
    /// Encoded by this run, not yet in the cache (see [`store`]).
    Memory(Arc<[u8]>),
    /// In the cache folder (absolute path): copied from there, never held in memory.
    Cache(PathBuf),
    /// Encoded by this run and waiting in a temporary file of the cache folder (absolute
    /// path), which [`store`] renames into place (see [`spill_to_disk`]).
    Pending(PathBuf),
}

/// Whether photos encoded from now on wait on disk for [`store`] rather than in memory.
static SPILL: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Makes photos encoded from now on wait in temporary files of the cache folder instead of
/// in memory, so that building a site of thousands of new photos does not hold them all.
/// Only `build` calls this: it writes anyway, and [`store`] renames the files into place once
/// the build has succeeded (a failed build leaves them to be swept away by the next one).
/// `check` keeps them in memory and writes nothing; `serve` too, as its pages go on
/// referring to the files after each build.
pub fn spill_to_disk() {
    SPILL.store(true, Ordering::Relaxed);
}

/// One published file of a photo.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Rendition {
    /// File name in the bundle's output folder (`photo-1.720.webp`).
    pub name: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Its format.
    pub format: Format,
    /// Whether it is the full-size copy, published under the original's name.
    pub full: bool,
    /// Name in the cache folder (derived from the source bytes and the settings alone).
    pub cache_name: String,
    /// The bytes.
    pub bytes: Stored,
}

/// A photo of a bundle, ready for pages: its renditions, upright and without metadata.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Photo {
    /// Path relative to the bundle folder, as written.
    pub file: String,
    /// Width of the upright photo, pixels.
    pub width: u32,
    /// Height of the upright photo, pixels.
    pub height: u32,
    /// Format of the resized copies for browsers without WebP (JPEG, or PNG for images with
    /// transparency).
    pub fallback: Format,
    /// Hash of the source bytes and the settings: changes whenever any rendition would.
    pub key: u64,
    /// Every published file: the resized copies in [`Photo::fallback`] format and in WebP,
    /// narrowest first, then the full-size copy.
    pub renditions: Vec<Rendition>,
}

impl Photo {
    /// The resized copies in `format`, narrowest first.
    pub fn sized(&self, format: Format) -> impl Iterator<Item = &Rendition> {
        self.renditions
            .iter()
            .filter(move |r| !r.full && r.format == format)
    }

    /// The full-size copy (published under the original's name).
    pub fn full(&self) -> Option<&Rendition> {
        self.renditions.iter().find(|r| r.full)
    }
}

/// Counts photos decoded and encoded (not found in the cache) by this process, for tests and
/// timings.
pub static PHOTOS_ENCODED: AtomicU64 = AtomicU64::new(0);

/// Whether an EXIF orientation turns the image on its side.
fn turns(o: image::metadata::Orientation) -> bool {
    use image::metadata::Orientation as O;
    matches!(
        o,
        O::Rotate90 | O::Rotate270 | O::Rotate90FlipH | O::Rotate270FlipH
    )
}

/// Makes the renditions of the photo at `path` (`file` is its name as written). EXIF
/// orientation is applied; no rendition carries the original's metadata (EXIF, GPS
/// positions), as every one is encoded again from the pixels alone.
pub fn photo(root: &Path, path: &Path, file: &str) -> Result<Photo, LogoError> {
    let bytes = std::fs::read(path).map_err(|e| LogoError {
        message: format!(
            "cannot read photo '{file}': {}",
            crate::diagnostic::io_reason(&e)
        ),
        help: None,
    })?;
    let not_a_photo = || LogoError {
        message: format!("photo '{file}' is not an image in a format hamkor reads"),
        help: Some("use a JPEG, PNG or WebP file".into()),
    };
    let format = image::guess_format(&bytes).map_err(|_| not_a_photo())?;
    let source = match format {
        ImageFormat::Jpeg => Format::Jpeg,
        ImageFormat::Png => Format::Png,
        ImageFormat::WebP => Format::Webp,
        _ => return Err(not_a_photo()),
    };
    let reader = ImageReader::with_format(Cursor::new(&bytes[..]), format);
    let mut decoder = reader
        .into_decoder()
        .map_err(|_| damaged("photo", file, format))?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let alpha = decoder.color_type().has_alpha();
    let (w0, h0) = decoder.dimensions();
    if w0 == 0 || h0 == 0 {
        return Err(damaged("photo", file, format));
    }
    if u64::from(w0) * u64::from(h0) > MAX_PIXELS {
        return Err(LogoError {
            message: format!("photo '{file}' is too large: {w0}×{h0} pixels"),
            help: Some("reduce it to at most 100 megapixels (8000×6000 is plenty)".into()),
        });
    }
    let (w, h) = if turns(orientation) {
        (h0, w0)
    } else {
        (w0, h0)
    };
    let upright = orientation == image::metadata::Orientation::NoTransforms;
    let fallback = if alpha { Format::Png } else { Format::Jpeg };
    let key = {
        let mut hasher = crate::hash::hasher();
        std::hash::Hash::hash(&(PHOTO_SETTINGS, &bytes[..]), &mut hasher);
        std::hash::Hasher::finish(&hasher)
    };
    let stem = Path::new(file)
        .file_stem()
        .map_or_else(|| "photo".into(), |s| s.to_string_lossy().into_owned());
    let dir = Path::new(file)
        .parent()
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| !p.is_empty())
        .map_or_else(String::new, |p| format!("{p}/"));
    let mut steps: Vec<u32> = PHOTO_WIDTHS.into_iter().filter(|&s| s < w).collect();
    if w <= PHOTO_WIDTHS[PHOTO_WIDTHS.len() - 1] {
        steps.push(w);
    }
    let height_at = |s: u32| ((f64::from(h) * f64::from(s) / f64::from(w)).round() as u32).max(1);
    // (width, format, full): every file to publish, narrowest first.
    let mut plan: Vec<(u32, Format, bool)> = Vec::new();
    for &s in &steps {
        plan.push((s, fallback, false));
        plan.push((s, Format::Webp, false));
    }
    plan.push((w, source, true));
    let cache_dir = root.join(CACHE_DIR);
    let mut renditions: Vec<Rendition> = plan
        .iter()
        .map(|&(s, format, full)| {
            let cache_name = if full {
                format!("{key:016x}.full.{}", format.ext())
            } else {
                format!("{key:016x}.{s}.{}", format.ext())
            };
            let name = if full {
                file.to_string()
            } else {
                format!("{dir}{stem}.{s}.{}", format.ext())
            };
            let cached = cache_dir.join(&cache_name);
            Rendition {
                name,
                width: s,
                height: if full { h } else { height_at(s) },
                format,
                full,
                bytes: Stored::Cache(cached),
                cache_name,
            }
        })
        .collect();
    let all_cached = renditions
        .iter()
        .all(|r| matches!(&r.bytes, Stored::Cache(p) if p.is_file()));
    if !all_cached {
        PHOTOS_ENCODED.fetch_add(1, Ordering::Relaxed);
        let mut image =
            DynamicImage::from_decoder(decoder).map_err(|_| damaged("photo", file, format))?;
        image.apply_orientation(orientation);
        if !alpha {
            image = DynamicImage::ImageRgb8(image.to_rgb8());
        }
        let failed = |e: String| LogoError {
            message: format!("photo '{file}' cannot be resized and encoded: {e}"),
            help: None,
        };
        // Each copy is resized from the next larger one, not from the original: a fraction
        // of the work, and the same result at these ratios.
        let mut resizer = fast_image_resize::Resizer::new();
        let mut resized: Vec<(u32, DynamicImage)> = Vec::new();
        for &s in steps.iter().rev() {
            let from = resized.last().map_or(&image, |(_, i)| i);
            let next = if s == w {
                image.clone()
            } else {
                resize(&mut resizer, from, s, height_at(s)).map_err(failed)?
            };
            resized.push((s, next));
        }
        let encoded: Vec<Result<Arc<[u8]>, String>> = {
            use rayon::prelude::*;
            renditions
                .par_iter()
                .map(|r| {
                    let pixels = if r.full {
                        &image
                    } else {
                        resized
                            .iter()
                            .find(|(s, _)| *s == r.width)
                            .map_or(&image, |(_, i)| i)
                    };
                    // An upright JPEG keeps its own image data, without its metadata: the same
                    // pixels at the same size, and no 12-megapixel encoding.
                    if r.full
                        && source == Format::Jpeg
                        && upright
                        && let Some(stripped) = super::strip::jpeg(&bytes, false)
                    {
                        return Ok(Arc::from(stripped));
                    }
                    let quality = if r.full { FULL_QUALITY } else { PHOTO_QUALITY };
                    encode_photo(pixels, r.format, quality).map(Arc::from)
                })
                .collect()
        };
        let spill = SPILL.load(Ordering::Relaxed);
        for (r, bytes) in renditions.iter_mut().zip(encoded) {
            let bytes = bytes.map_err(failed)?;
            r.bytes = match spill.then(|| temporary(&cache_dir, &bytes)).flatten() {
                Some(tmp) => Stored::Pending(tmp),
                None => Stored::Memory(bytes),
            };
        }
    }
    Ok(Photo {
        file: file.to_string(),
        width: w,
        height: h,
        fallback,
        key,
        renditions,
    })
}

/// `image` resized to `w` × `h` with a Lanczos filter (which averages the pixels a new one
/// covers when shrinking, so the result is sharp without aliasing), in the processor's vector
/// instructions.
fn resize(
    resizer: &mut fast_image_resize::Resizer,
    image: &DynamicImage,
    w: u32,
    h: u32,
) -> Result<DynamicImage, String> {
    let mut out = match image {
        DynamicImage::ImageRgb8(_) => DynamicImage::new_rgb8(w, h),
        _ => DynamicImage::new_rgba8(w, h),
    };
    let rgba;
    let from = match image {
        DynamicImage::ImageRgb8(_) | DynamicImage::ImageRgba8(_) => image,
        _ => {
            rgba = DynamicImage::ImageRgba8(image.to_rgba8());
            &rgba
        }
    };
    let options = fast_image_resize::ResizeOptions::new().resize_alg(
        fast_image_resize::ResizeAlg::Convolution(fast_image_resize::FilterType::Lanczos3),
    );
    resizer
        .resize(from, &mut out, &options)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

/// Encodes `image` in `format`: from its pixels alone, so no metadata of the original (EXIF,
/// GPS positions, colour profiles) is carried over.
fn encode_photo(image: &DynamicImage, format: Format, quality: u8) -> Result<Vec<u8>, String> {
    let mut out = Cursor::new(Vec::new());
    match format {
        Format::Jpeg => {
            let rgb = image.to_rgb8();
            let (w, h) = rgb.dimensions();
            if let (Ok(w), Ok(h)) = (u16::try_from(w), u16::try_from(h)) {
                let mut bytes = Vec::new();
                let mut encoder = jpeg_encoder::Encoder::new(&mut bytes, quality);
                // Colour at half the width, as the `image` crate's encoder stored it before.
                encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::R_4_2_2);
                encoder
                    .encode(rgb.as_raw(), w, h, jpeg_encoder::ColorType::Rgb)
                    .map_err(|e| e.to_string())?;
                return Ok(bytes);
            }
            // Wider than JPEG's headers of that encoder hold (65,535 pixels).
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
                .encode_image(&rgb)
                .map_err(|e| e.to_string())?;
        }
        Format::Png => image
            .write_to(&mut out, ImageFormat::Png)
            .map_err(|e| e.to_string())?,
        Format::Webp => {
            let (w, h) = (image.width(), image.height());
            let mut config = webp::WebPConfig::new()
                .map_err(|()| "WebP encoder could not be set up".to_string())?;
            config.lossless = 0;
            config.alpha_compression = 1;
            config.quality = f32::from(quality);
            config.method = WEBP_METHOD;
            let encoded = if image.color().has_alpha() {
                let rgba = image.to_rgba8();
                webp::Encoder::from_rgba(&rgba, w, h).encode_advanced(&config)
            } else {
                let rgb = image.to_rgb8();
                webp::Encoder::from_rgb(&rgb, w, h).encode_advanced(&config)
            };
            return encoded
                .map(|m| m.to_vec())
                .map_err(|e| format!("WebP encoding failed ({e:?})"));
        }
    }
    Ok(out.into_inner())
}

/// Puts the encoded `thumbnails` and photo renditions that the cache under `root` lacks into
/// it, then removes what killed builds left there (see `sweep`). Only commands that write
/// call this: `build` once its output is in place, `serve` after each build. A cache that
/// cannot be written only costs time, so failures are ignored.
pub fn store<'a>(
    root: &Path,
    thumbnails: impl IntoIterator<Item = &'a Thumbnail>,
    photos: impl IntoIterator<Item = &'a Photo>,
) {
    let dir = root.join(CACHE_DIR);
    let logos = thumbnails
        .into_iter()
        .filter_map(|t| match (&t.cache_name, &t.bytes) {
            (Some(name), Some(bytes)) => Some((name.as_str(), &bytes[..])),
            _ => None,
        });
    let mut fresh = Vec::new();
    for r in photos.into_iter().flat_map(|p| &p.renditions) {
        match &r.bytes {
            Stored::Memory(bytes) => fresh.push((r.cache_name.as_str(), &bytes[..])),
            Stored::Pending(tmp) => {
                let path = dir.join(&r.cache_name);
                if path.exists() || std::fs::rename(tmp, &path).is_err() {
                    let _ = std::fs::remove_file(tmp);
                }
            }
            Stored::Cache(_) => {}
        }
    }
    for (name, bytes) in logos.chain(fresh) {
        let path = dir.join(name);
        if !path.exists() {
            let _ = store_file(&path, bytes);
        }
    }
    // Last: a long build's own photos, waiting in temporary files, are in place by now.
    sweep(root);
}

/// A name for a temporary file of the cache folder `dir`, which `sweep` removes once its
/// process has ended.
fn temporary_name(dir: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    dir.join(format!(
        ".{}.{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ))
}

/// Writes `bytes` to a new temporary file of the cache folder `dir`; `None` if it cannot.
fn temporary(dir: &Path, bytes: &[u8]) -> Option<PathBuf> {
    std::fs::create_dir_all(dir).ok()?;
    let tmp = temporary_name(dir);
    match std::fs::write(&tmp, bytes) {
        Ok(()) => Some(tmp),
        Err(_) => {
            let _ = std::fs::remove_file(&tmp);
            None
        }
    }
}

/// Writes a cache file whole or not at all: through a temporary file renamed into place, so
/// a build killed halfway leaves no truncated thumbnail to be served later.
fn store_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = temporary_name(dir);
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Whether no process `pid` is running; false where that cannot be known (no /proc: not
/// Linux), so that only age removes leftovers there.
pub(crate) fn process_gone(pid: u32) -> bool {
    Path::new("/proc/self").exists() && !Path::new(&format!("/proc/{pid}")).exists()
}

/// Removes temporary files that builds killed while writing to the cache left behind (a
/// file whose writer is still running is left alone).
fn sweep(root: &Path) {
    let Ok(entries) = std::fs::read_dir(root.join(CACHE_DIR)) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix('.')
            .and_then(|n| n.strip_suffix(".tmp"))
            .and_then(|n| n.split('.').next())
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let gone = pid != std::process::id() && process_gone(pid);
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 3600);
        if gone || old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Width and height of an SVG image from its `viewBox`, or its `width` and `height`.
fn svg_size(bytes: &[u8]) -> Result<(f64, f64), String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_string())?;
    let doc = roxmltree::Document::parse(text).map_err(|e| e.to_string())?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        return Err("its root element is not <svg>".into());
    }
    let number = |v: &str| {
        v.trim()
            .trim_end_matches("px")
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite() && *n > 0.0)
    };
    if let Some(vb) = root.attribute("viewBox") {
        let parts: Vec<f64> = vb
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.parse().ok())
            .collect();
        if let [_, _, w, h] = parts[..]
            && w > 0.0
            && h > 0.0
        {
            return Ok((w, h));
        }
    }
    match (
        root.attribute("width").and_then(number),
        root.attribute("height").and_then(number),
    ) {
        (Some(w), Some(h)) => Ok((w, h)),
        _ => Err("it has neither a viewBox nor a width and height".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_keeps_the_aspect_and_never_enlarges() {
        assert_eq!(fit(800, 400, 192), (192, 96));
        assert_eq!(fit(400, 800, 192), (96, 192));
        assert_eq!(fit(100, 50, 192), (100, 50));
        assert_eq!(fit(5000, 1, 192), (192, 1));
    }

    #[test]
    fn svg_sizes_come_from_the_view_box_or_the_size() {
        assert_eq!(
            svg_size(br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"/>"#),
            Ok((200.0, 100.0))
        );
        assert_eq!(
            svg_size(br#"<svg xmlns="http://www.w3.org/2000/svg" width="40px" height="20"/>"#),
            Ok((40.0, 20.0))
        );
        assert!(svg_size(b"<svg/>").is_err());
        assert!(svg_size(b"<html/>").is_err());
    }
}
