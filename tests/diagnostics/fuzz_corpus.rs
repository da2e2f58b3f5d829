//! Every input the fuzzers saved (their corpus in `fuzz/corpus/<target>/` and the crashes they
//! found, kept in `fuzz/regressions/<target>/`) runs through the same entry points here, so
//! what fuzzing explored and fixed stays fixed without a nightly compiler.

use std::path::Path;
use std::time::{Duration, Instant};

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut inputs: Vec<_> = ["corpus", "regressions"]
        .iter()
        .flat_map(|d| {
            std::fs::read_dir(root.join(d).join(target))
                .into_iter()
                .flatten()
        })
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    inputs.sort();
    for path in &inputs {
        let data = std::fs::read(path).expect("readable input");
        let started = Instant::now();
        run(&data);
        // Generous: a debug build, a busy machine; a hang or a blow-up is far beyond.
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{} took {:?}",
            path.display(),
            started.elapsed()
        );
    }
    inputs.len()
}

#[test]
fn the_fuzzing_setup_parses_real_files() {
    assert!(
        hamkor::fuzzing::ready(),
        "the scratch site for fuzzing does not load"
    );
}

#[test]
fn front_matter_inputs() {
    assert!(replay("front_matter", hamkor::fuzzing::front_matter) > 10);
}

#[test]
fn markdown_inputs() {
    assert!(replay("markdown", hamkor::fuzzing::markdown) > 10);
}

#[test]
fn whole_site_inputs() {
    assert!(replay("site", hamkor::fuzzing::site) >= 4);
}
