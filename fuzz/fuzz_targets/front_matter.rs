//! Fuzz target: see `hamkor::fuzzing::front_matter`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hamkor::fuzzing::front_matter(data));
