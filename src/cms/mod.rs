//! Editing in the browser: the `/admin/` pages that `hamkor serve` offers, where editors
//! change partners, visits, programs and pages through forms instead of text files.

pub mod write;
