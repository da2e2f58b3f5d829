//! Fuzz target: see `hamkor::fuzzing::site`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hamkor::fuzzing::site(data));
