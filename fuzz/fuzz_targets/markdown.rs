//! Fuzz target: see `hamkor::fuzzing::markdown`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hamkor::fuzzing::markdown(data));
