//! Editing in the browser: the `/admin/` editor (Decap CMS) and what hamkor gives it.

pub mod config;
