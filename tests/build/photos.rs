//! Photos: a visit with six phone photos (4000 × 3000 JPEGs of about 4 MB, one turned by its
//! EXIF orientation, one with a GPS position) builds into a gallery whose files are upright,
//! carry no metadata and come in several widths; a second build encodes nothing again.

use crate::common::photos::{self, HEIGHT, MARKER, WIDTH};
use crate::common::{TestSite, attrs};

use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

fn site() -> TestSite {
    let site = TestSite::fixture("basic");
    site.edit("site.yaml", "theme: min", "theme: default");
    photos::write_visit(site.root(), "photo-visit");
    site
}

fn build(site: &TestSite) -> String {
    let r = site.run_env(&["build", "--root", "."], &[("HAMKOR_TIMINGS", "1")]);
    assert_eq!(r.code, 0, "build failed:\n{}", r.stderr);
    r.stderr
}

fn encoded(stderr: &str) -> usize {
    stderr
        .lines()
        .find_map(|l| l.strip_prefix("photos encoded: "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no count of photos encoded in:\n{stderr}"))
}

fn mtimes(dir: &Path) -> BTreeMap<String, SystemTime> {
    std::fs::read_dir(dir)
        .expect("cache folder")
        .flatten()
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (
                name,
                e.metadata().and_then(|m| m.modified()).expect("mtime"),
            )
        })
        .collect()
}

/// Whether the pixel at (x, y) is the red marker.
fn red(img: &image::RgbImage, x: u32, y: u32) -> bool {
    let p = img.get_pixel(x, y).0;
    p[0] > 180 && p[1] < 90 && p[2] < 90
}

#[test]
fn phone_photos_become_an_upright_gallery_without_metadata() {
    let site = site();
    let original =
        std::fs::read(site.root().join("content/visits/photo-visit/photo-2.jpg")).expect("photo");
    assert!(
        original.len() > 3_000_000,
        "the test photo is a phone's: {} bytes",
        original.len()
    );
    assert!(photos::jpeg_has_exif(&original), "the test photo has EXIF");
    let first = build(&site);
    assert_eq!(encoded(&first), 6, "{first}");

    let page = site.html("visits/photo-visit/index.html");
    let grid = "ul.gallery-grid img";
    assert_eq!(attrs(&page, grid, "alt").len(), 6);
    assert_eq!(
        attrs(&page, grid, "alt")[0],
        "Photo 1 of the delegation at the clinic"
    );
    for srcset in attrs(&page, grid, "srcset") {
        let widths: Vec<&str> = srcset
            .split(", ")
            .map(|c| c.rsplit(' ').next().unwrap_or(""))
            .collect();
        assert_eq!(widths, ["360w", "720w", "1080w", "1600w"], "{srcset}");
    }
    assert!(attrs(&page, grid, "sizes").iter().all(|s| !s.is_empty()));
    assert_eq!(
        attrs(&page, "ul.gallery-grid picture source", "type"),
        ["image/webp"; 6]
    );
    assert!(attrs(&page, grid, "loading").iter().all(|l| l == "lazy"));
    // Photo 1 is on its side in the file, upright on the page: taller than wide.
    assert_eq!(attrs(&page, grid, "width")[..2], ["720", "720"]);
    assert_eq!(attrs(&page, grid, "height")[..2], ["960", "540"]);
    // Each photo opens larger on the page itself.
    assert_eq!(
        attrs(&page, "a.gallery-link", "href"),
        [
            "#photo-1", "#photo-2", "#photo-3", "#photo-4", "#photo-5", "#photo-6"
        ]
    );
    assert_eq!(attrs(&page, ".lightbox", "id").len(), 6);

    // Every published file of the visit: no EXIF (so no GPS position), WebP without an EXIF
    // chunk, and the rotated photo upright with its marker at the top right.
    let out = site.out().join("visits/photo-visit");
    let mut files = 0;
    for e in std::fs::read_dir(&out).expect("output").flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let bytes = std::fs::read(e.path()).expect("read");
        if name.ends_with(".jpg") {
            assert!(!photos::jpeg_has_exif(&bytes), "{name} carries EXIF");
        } else if name.ends_with(".webp") {
            let chunks = photos::webp_chunks(&bytes);
            assert!(
                !chunks.iter().any(|c| c == "EXIF" || c == "XMP "),
                "{name}: {chunks:?}"
            );
        } else {
            continue;
        }
        files += 1;
        let img = image::load_from_memory(&bytes)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .to_rgb8();
        let (w, h) = img.dimensions();
        if name.starts_with("photo-1.") {
            assert!(h > w, "{name} is not upright: {w}×{h}");
            let m = MARKER * w / HEIGHT;
            assert!(
                red(&img, w - m / 2, m / 2),
                "{name}: no marker at the top right"
            );
            assert!(!red(&img, m / 2, m / 2), "{name}: marker at the top left");
        } else {
            assert!(w > h, "{name}: {w}×{h}");
            let m = MARKER * w / WIDTH;
            assert!(red(&img, m / 2, m / 2), "{name}: no marker at the top left");
        }
        if name == "photo-1.jpg" {
            assert_eq!(
                (w, h),
                (HEIGHT, WIDTH),
                "the full-size copy keeps every pixel"
            );
        }
    }
    // Six photos: four widths in two formats, and the full-size copy.
    assert_eq!(files, 6 * 9);
    let published = std::fs::read(out.join("photo-2.jpg")).expect("full size");
    assert_ne!(
        published, original,
        "the original is not published as it is"
    );

    // A second build finds every file in the cache.
    let cache = site.root().join(".hamkor-cache/thumbnails");
    let before = mtimes(&cache);
    assert_eq!(before.len(), 6 * 9);
    let second = build(&site);
    assert_eq!(encoded(&second), 0, "{second}");
    assert_eq!(mtimes(&cache), before);
}

/// Every file published from the content folder — bundle images that are no photo of the
/// gallery nor shown in the body, images outside bundles, logos — comes out without the
/// camera's metadata (EXIF, GPS positions, XMP), with the same pixels.
#[test]
fn no_published_file_carries_where_a_photo_was_taken() {
    let site = TestSite::fixture("basic");
    photos::write_small_visit(site.root(), "photo-visit");
    let gps = || Some(photos::exif_segment(Some(1), true));
    let tiff = photos::exif_tiff(Some(1), true);
    let strays: [(&str, Vec<u8>); 5] = [
        // In the visit's bundle, but neither in `photos:` nor in the body.
        (
            "content/visits/photo-visit/stray.jpg",
            photos::small_jpeg(120, 90, gps()),
        ),
        (
            "content/visits/photo-visit/scan.png",
            photos::png_with_exif(&tiff),
        ),
        (
            "content/visits/photo-visit/map.webp",
            photos::webp_with_exif(&tiff),
        ),
        // Outside any bundle.
        ("content/files/where.jpg", photos::small_jpeg(80, 60, gps())),
        // A logo small enough to be published as it is.
        (
            "content/partners/apollo-clinic-agra/logo.jpg",
            photos::small_jpeg(100, 80, gps()),
        ),
    ];
    for (rel, bytes) in &strays {
        assert!(
            !photos::metadata_in(bytes).is_empty(),
            "{rel}: the test image carries metadata"
        );
        site.write(rel, bytes);
    }
    site.edit(
        "content/partners/apollo-clinic-agra/index.md",
        "logo: logo.svg",
        "logo: logo.jpg",
    );
    // A gallery photo as phones write them: a preview with EXIF of its own after the end of
    // the image.
    let gallery = "content/visits/photo-visit/photo-3.jpg";
    let mut photo = std::fs::read(site.root().join(gallery)).expect("photo");
    photo.extend(photos::small_jpeg(40, 30, gps()));
    site.write(gallery, &photo);
    site.build_ok();

    let out = site.out();
    let mut checked = 0;
    for e in walkdir::WalkDir::new(&out) {
        let e = e.expect("output");
        if !e.file_type().is_file() {
            continue;
        }
        let bytes = std::fs::read(e.path()).expect("read");
        let found = photos::metadata_in(&bytes);
        assert!(found.is_empty(), "{} carries {found:?}", e.path().display());
        checked += 1;
    }
    assert!(checked > 20, "{checked} files");
    for (rel, bytes) in &strays {
        let published = if rel.starts_with("content/visits/") {
            // A visit's bundle is published under its year.
            walkdir::WalkDir::new(&out)
                .into_iter()
                .flatten()
                .find(|e| {
                    e.file_name() == Path::new(rel).file_name().expect("name")
                        && e.path().starts_with(out.join("visits"))
                })
                .map(|e| e.into_path())
                .unwrap_or_else(|| panic!("{rel} is not published"))
        } else {
            out.join(rel.strip_prefix("content/").expect("content path"))
        };
        let got =
            std::fs::read(&published).unwrap_or_else(|e| panic!("{}: {e}", published.display()));
        let want = image::load_from_memory(bytes).expect("original").to_rgba8();
        let have = image::load_from_memory(&got)
            .unwrap_or_else(|e| panic!("{rel}: {e}"))
            .to_rgba8();
        assert!(want == have, "{rel}: the pixels changed");
    }
}
