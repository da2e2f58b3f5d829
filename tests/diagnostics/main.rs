//! What hamkor says about input it cannot build: the bad-input corpus (`tests/bad-input/`, one
//! folder a case), the errors that need more than a folder to set up, the machine-readable
//! `--format` outputs, and the fuzzers' saved inputs replayed. See tests/README.md.

#[path = "../common/mod.rs"]
mod common;

mod bad_input;
mod errors;
mod formats;
mod fuzz_corpus;
mod positions;
