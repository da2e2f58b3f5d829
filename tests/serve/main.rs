//! `hamkor serve` and the incremental session behind it: HTTP behaviour, updates after edits,
//! and incremental rebuilds that equal a fresh build. See tests/README.md.

#[path = "../common/mod.rs"]
mod common;

mod admin;
mod checked;
mod incremental;
mod server;
