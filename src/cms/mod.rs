//! Editing in the browser: `/admin/` serves Decap CMS, which edits the site's files through
//! the editing API that `hamkor serve` answers.

pub mod api;
pub mod paths;
pub mod write;
