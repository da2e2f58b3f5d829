//! A build killed at any moment (SIGKILL: no cleanup runs) leaves the previous output whole,
//! or the new one whole, never a mix; and the next build cleans up after it and succeeds.

use crate::common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use common::{TestSite, contents};

/// A logo whose bytes differ with its width.
fn png(w: u32, h: u32) -> Vec<u8> {
    common::png(w, h, |x, y| [(x % 256) as u8, (y % 256) as u8, 90])
}

fn build(root: &Path, out: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_hamkor"));
    c.args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

fn build_ok(root: &Path, out: &Path) {
    let o = build(root, out).output().expect("run hamkor");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_site() {
    let site = TestSite::fixture("basic");
    // Enough pages that a build takes a while, and a logo so that the thumbnail cache is
    // written while the build is killed.
    for i in 0..300 {
        site.write(
            &format!("content/partners/partner-{i:03}.md"),
            format!(
                "---\ntitle: Partner {i}\nkind: university\ncountry: KR\nlocation: {{lat: {}, lon: {}}}\n---\nText of partner {i}.\n\n## History\n\nMore text.\n",
                30.0 + f64::from(i) / 20.0,
                100.0 + f64::from(i) / 10.0
            ),
        );
    }
    site.write(
        "content/partners/with-logo/index.md",
        "---\ntitle: With Logo\nkind: company\ncountry: DE\nlogo: logo.png\n---\nA logo.\n",
    );
    site.write("content/partners/with-logo/logo.png", png(800, 400));
    let out = site.out();
    let reference = site.root().join("reference");
    let started = Instant::now();
    build_ok(site.root(), &out);
    let full = started.elapsed();
    let mut current = contents(&out);
    assert!(current.len() > 300);

    let rounds = 16u32;
    let mut outcomes = (0, 0);
    let mut killed_working = 0;
    for round in 0..rounds {
        // Change what every list shows, and now and then the logo.
        site.write(
            "content/partners/partner-000.md",
            format!("---\ntitle: Partner zero, edit {round}\nkind: university\ncountry: KR\n---\nEdited {round}.\n"),
        );
        if round % 3 == 0 {
            site.write("content/partners/with-logo/logo.png", png(800 + round, 400));
        }
        let started = Instant::now();
        build_ok(site.root(), &reference);
        let this_build = started.elapsed();
        let next = contents(&reference);
        // Kill points spread from "at once" to "after a whole build" (as long as the same
        // build just took).
        let delay = this_build.mul_f64(f64::from(round) / f64::from(rounds - 1) * 1.5);
        let mut child = build(site.root(), &out).spawn().expect("spawn hamkor");
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        let now = contents(&out);
        if now == current {
            outcomes.0 += 1;
            // Round 0 kills before the build has started its work, which proves little.
            killed_working += u32::from(round > 0);
        } else {
            assert!(
                now == next,
                "round {round} (killed after {delay:?}): the output is neither the previous site nor the new one"
            );
            outcomes.1 += 1;
            current = next;
        }
    }
    eprintln!(
        "{} builds killed before the swap, {} after (a full build takes {full:?})",
        outcomes.0, outcomes.1
    );
    assert!(
        killed_working > 0,
        "no build was killed while it was working (all kill points came too late)"
    );

    // The next build cleans up whatever the killed ones left, and succeeds.
    build_ok(site.root(), &out);
    assert_eq!(contents(&out), contents(&reference));
    let parent = out.parent().expect("parent");
    let stray: Vec<String> = std::fs::read_dir(parent)
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.hamkor-") && n != ".public.hamkor-lock")
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
    let cache = site.root().join(".hamkor-cache/thumbnails");
    let leftovers: Vec<String> = std::fs::read_dir(&cache)
        .expect("cache")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Every cached thumbnail is whole: it decodes.
    for e in std::fs::read_dir(&cache).expect("cache").flatten() {
        image::open(e.path()).unwrap_or_else(|err| panic!("{}: {err}", e.path().display()));
    }
}
