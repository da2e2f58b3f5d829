//! Tests that run hamkor's output or hamkor itself through programs outside Rust: Chromium
//! (accessibility, phone widths, live reload), the W3C Nu HTML Checker (Java), the workflow
//! linters (Node, zizmor) and the Windows build under wine. Each test skips with a printed
//! reason when its program is missing, and fails instead when `CI` is set. See tests/README.md.

#[path = "../common/mod.rs"]
mod common;

mod accessibility;
mod agreements;
mod browser;
mod decap_config;
mod editor;
mod phones;
mod photos;
mod published_editor;
mod validity;
mod windows;
mod workflows;
