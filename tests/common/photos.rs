//! Phone photos for tests: 4000 × 3000 JPEGs of about 4 MB, with hand-written EXIF (an
//! orientation, GPS positions), and readers of what published images carry.
//!
//! The photos are made here rather than kept in the repository (six of them are 24 MB). They
//! share their pixels, which take seconds to encode, and differ in a comment segment, so each
//! has bytes of its own, as each photo of a visit has.

use std::path::Path;
use std::sync::OnceLock;

/// Size of the photos.
pub const WIDTH: u32 = 4000;
/// See [`WIDTH`].
pub const HEIGHT: u32 = 3000;
/// The corner block that shows which way up a photo is: red, in the top left corner of the
/// stored pixels.
pub const MARKER: u32 = 400;

/// The JPEG of the pixels every photo shares: a gradient with detail and fine noise (which
/// make it as large as a phone's photo of a busy scene, and its resized copies as large as a
/// real photo's) and the red [`MARKER`] at the top left.
fn base() -> &'static [u8] {
    static BASE: OnceLock<Vec<u8>> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut seed: u32 = 0x9e37_79b9;
        let img = image::RgbImage::from_fn(WIDTH, HEIGHT, |x, y| {
            if x < MARKER && y < MARKER {
                return image::Rgb([230, 20, 20]);
            }
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let n = (seed & 0x3f) as i32 - 32;
            // Detail that survives resizing, as a scene's has: waves and tiles of a few
            // dozen pixels, under the sensor's noise.
            let wave = (30.0 * (x as f32 / 9.0).sin() * (y as f32 / 13.0).cos()) as i32;
            let tile = if (x / 40 + y / 40) % 2 == 0 { 20 } else { -20 };
            let c = |v: i32| (v + n + wave + tile).clamp(0, 255) as u8;
            image::Rgb([
                c(60 + (x * 120 / WIDTH) as i32),
                c(90 + (y * 100 / HEIGHT) as i32),
                c(150 - (x * 60 / WIDTH) as i32),
            ])
        });
        let mut out = std::io::Cursor::new(Vec::new());
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 88)
            .encode_image(&img)
            .expect("encode the test photo");
        out.into_inner()
    })
}

/// An EXIF APP1 segment (TIFF, little-endian) with the orientation `orientation` and, with
/// `gps`, a GPS position (41.3° N, 69.2° E).
pub fn exif_segment(orientation: Option<u16>, gps: bool) -> Vec<u8> {
    // TIFF: header, IFD0 at 8; entries are 12 bytes; values longer than 4 bytes follow.
    let mut ifd0: Vec<(u16, u16, u32, [u8; 4])> = Vec::new();
    if let Some(o) = orientation {
        let mut v = [0u8; 4];
        v[..2].copy_from_slice(&o.to_le_bytes());
        ifd0.push((0x0112, 3, 1, v));
    }
    let ifd0_len = 2 + 12 * (ifd0.len() + usize::from(gps)) + 4;
    let gps_at = 8 + ifd0_len as u32;
    if gps {
        ifd0.push((0x8825, 4, 1, gps_at.to_le_bytes()));
    }
    let mut tiff = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    let entries = |out: &mut Vec<u8>, list: &[(u16, u16, u32, [u8; 4])]| {
        out.extend((list.len() as u16).to_le_bytes());
        for (tag, kind, count, value) in list {
            out.extend(tag.to_le_bytes());
            out.extend(kind.to_le_bytes());
            out.extend(count.to_le_bytes());
            out.extend(value);
        }
        out.extend(0u32.to_le_bytes());
    };
    entries(&mut tiff, &ifd0);
    if gps {
        // GPS IFD: 4 entries, then the two triples of rationals (degrees, minutes, seconds).
        let values_at = gps_at + 2 + 12 * 4 + 4;
        let lat_at = values_at;
        let lon_at = values_at + 24;
        let list = [
            (0x0001, 2, 2, *b"N\0\0\0"),
            (0x0002, 5, 3, lat_at.to_le_bytes()),
            (0x0003, 2, 2, *b"E\0\0\0"),
            (0x0004, 5, 3, lon_at.to_le_bytes()),
        ];
        entries(&mut tiff, &list);
        for (d, m, s) in [(41u32, 18u32, 36u32), (69, 12, 0)] {
            for v in [d, m, s] {
                tiff.extend(v.to_le_bytes());
                tiff.extend(1u32.to_le_bytes());
            }
        }
    }
    let mut segment = vec![0xff, 0xe1];
    segment.extend(((2 + 6 + tiff.len()) as u16).to_be_bytes());
    segment.extend(b"Exif\0\0");
    segment.extend(tiff);
    segment
}

/// A phone photo: the shared pixels, the EXIF segment `exif` (if any) and a comment naming
/// `n`, so that every photo's bytes differ.
pub fn phone_photo(n: usize, exif: Option<Vec<u8>>) -> Vec<u8> {
    let base = base();
    let mut out = base[..2].to_vec();
    if let Some(e) = exif {
        out.extend(e);
    }
    let comment = format!("photo {n}");
    out.extend([0xff, 0xfe]);
    out.extend(((2 + comment.len()) as u16).to_be_bytes());
    out.extend(comment.as_bytes());
    out.extend(&base[2..]);
    out
}

/// Writes a visit `content/visits/<slug>/index.md` with six phone photos in its gallery:
/// photo 1 rotated by EXIF (orientation 6: the camera was turned a quarter clockwise), photo
/// 2 with a GPS position.
pub fn write_visit(root: &Path, slug: &str) {
    write_visit_with(root, slug, phone_photo);
}

/// Like [`write_visit`], with small photos (800 × 600): the same pages, built in a moment,
/// for tests of the markup.
pub fn write_small_visit(root: &Path, slug: &str) {
    write_visit_with(root, slug, |n, exif| {
        let img = image::RgbImage::from_fn(800, 600, |x, y| {
            image::Rgb([(x / 4) as u8, (y / 3) as u8, (n * 40) as u8])
        });
        let mut out = std::io::Cursor::new(Vec::new());
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
            .encode_image(&img)
            .expect("encode");
        let jpeg = out.into_inner();
        let mut bytes = jpeg[..2].to_vec();
        bytes.extend(exif.unwrap_or_default());
        bytes.extend(&jpeg[2..]);
        bytes
    });
}

fn write_visit_with(root: &Path, slug: &str, photo: impl Fn(usize, Option<Vec<u8>>) -> Vec<u8>) {
    let dir = root.join("content/visits").join(slug);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let mut list = String::new();
    for n in 1..=6 {
        let exif = match n {
            1 => Some(exif_segment(Some(6), false)),
            2 => Some(exif_segment(Some(1), true)),
            _ => None,
        };
        std::fs::write(dir.join(format!("photo-{n}.jpg")), photo(n, exif)).expect("write");
        list.push_str(&format!(
            "  - file: photo-{n}.jpg\n    alt: \"Photo {n} of the delegation at the clinic\"\n"
        ));
    }
    let text = format!(
        "---\ntitle: Visit with photos\ndate: 2024-05-14\ndirection: incoming\nplace: Tashkent\nphotos:\n{list}---\nThe delegation toured the clinic.\n"
    );
    std::fs::write(dir.join("index.md"), text).expect("write");
}

/// Whether JPEG bytes carry an EXIF segment (APP1 starting `Exif`), read segment by segment
/// up to the image data.
pub fn jpeg_has_exif(bytes: &[u8]) -> bool {
    let mut at = 2;
    while at + 4 <= bytes.len() && bytes[at] == 0xff {
        let marker = bytes[at + 1];
        if marker == 0xda {
            return false;
        }
        let len = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        if marker == 0xe1 && bytes[at + 4..].starts_with(b"Exif") {
            return true;
        }
        at += 2 + len;
    }
    false
}

/// The chunk names of a WebP file (RIFF): `VP8 `, `VP8X`, `EXIF`…
pub fn webp_chunks(bytes: &[u8]) -> Vec<String> {
    assert!(
        bytes.starts_with(b"RIFF") && bytes[8..12] == *b"WEBP",
        "not a WebP file"
    );
    let mut out = Vec::new();
    let mut at = 12;
    while at + 8 <= bytes.len() {
        out.push(String::from_utf8_lossy(&bytes[at..at + 4]).into_owned());
        let len = u32::from_le_bytes([bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]]);
        at += 8 + len as usize + (len as usize & 1);
    }
    out
}

/// A small JPEG (`w` × `h`) with the EXIF segment `exif` (if any), an XMP segment naming a
/// place, and a comment.
pub fn small_jpeg(w: u32, h: u32, exif: Option<Vec<u8>>) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x * 7 % 256) as u8, (y * 5 % 256) as u8, 120])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&img)
        .expect("encode");
    let jpeg = out.into_inner();
    let mut bytes = jpeg[..2].to_vec();
    bytes.extend(exif.unwrap_or_default());
    let xmp = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>41,18.6N</exif:GPSLatitude></x:xmpmeta>";
    bytes.extend([0xff, 0xe1]);
    bytes.extend(((2 + xmp.len()) as u16).to_be_bytes());
    bytes.extend(xmp);
    bytes.extend([0xff, 0xfe, 0, 10]);
    bytes.extend(b"Tashkent");
    bytes.extend(&jpeg[2..]);
    bytes
}

/// The TIFF part of an EXIF segment (what PNG's `eXIf` and WebP's `EXIF` chunks hold).
pub fn exif_tiff(orientation: Option<u16>, gps: bool) -> Vec<u8> {
    exif_segment(orientation, gps)[10..].to_vec()
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A small PNG with an `eXIf` chunk holding `tiff` and an XMP text chunk, before its image
/// data, as cameras and editors write them.
pub fn png_with_exif(tiff: &[u8]) -> Vec<u8> {
    let png = super::png(64, 48, |x, y| [(x * 4) as u8, (y * 5) as u8, 90]);
    let chunk = |kind: &[u8; 4], data: &[u8]| {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend(kind);
        c.extend(data);
        let mut crc_of = kind.to_vec();
        crc_of.extend(data);
        c.extend(crc32(&crc_of).to_be_bytes());
        c
    };
    // Signature (8) and IHDR (25) first.
    let mut out = png[..33].to_vec();
    out.extend(chunk(b"eXIf", tiff));
    out.extend(chunk(
        b"iTXt",
        b"XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>GPSLatitude 41,18.6N</x:xmpmeta>",
    ));
    out.extend(&png[33..]);
    out
}

/// A small lossless WebP with an extended header and an `EXIF` chunk holding `tiff`.
pub fn webp_with_exif(tiff: &[u8]) -> Vec<u8> {
    let (w, h) = (64u32, 48u32);
    let img = image::RgbaImage::from_fn(w, h, |x, y| {
        image::Rgba([(x * 4) as u8, (y * 5) as u8, 90, 255])
    });
    let mut simple = std::io::Cursor::new(Vec::new());
    image::codecs::webp::WebPEncoder::new_lossless(&mut simple)
        .encode(&img, w, h, image::ExtendedColorType::Rgba8)
        .expect("encode");
    let simple = simple.into_inner();
    let image_chunk = &simple[12..];
    let mut body = b"WEBP".to_vec();
    body.extend(b"VP8X");
    body.extend(10u32.to_le_bytes());
    body.extend([0x08, 0, 0, 0]);
    body.extend(&(w - 1).to_le_bytes()[..3]);
    body.extend(&(h - 1).to_le_bytes()[..3]);
    body.extend(image_chunk);
    body.extend(b"EXIF");
    body.extend((tiff.len() as u32).to_le_bytes());
    body.extend(tiff);
    if tiff.len() % 2 == 1 {
        body.push(0);
    }
    let mut out = b"RIFF".to_vec();
    out.extend((body.len() as u32).to_le_bytes());
    out.extend(body);
    out
}

/// What in `bytes` tells where a photo was taken: an EXIF block (`Exif\0\0` in JPEG, `eXIf`
/// in PNG, `EXIF` in WebP, the TIFF header of one), an XMP packet or a GPS tag name. Empty
/// when there is none.
pub fn metadata_in(bytes: &[u8]) -> Vec<&'static str> {
    let needles: [(&str, &[u8]); 7] = [
        ("Exif", b"Exif\0\0"),
        ("eXIf", b"eXIf"),
        ("EXIF chunk", b"EXIF"),
        ("TIFF header", b"II*\0\x08\0\0\0"),
        ("XMP", b"xmpmeta"),
        ("XMP", b"ns.adobe.com/xap"),
        ("GPS", b"GPSLatitude"),
    ];
    needles
        .into_iter()
        .filter(|(_, n)| bytes.windows(n.len()).any(|w| w == *n))
        .map(|(name, _)| name)
        .collect()
}
