//! Editing in the browser: the `/admin/` pages that `hamkor serve` offers, where editors
//! change partners, visits, programs and pages through forms instead of text files. The
//! editor is Decap CMS, shipped inside hamkor ([`assets`]); its forms are generated from the
//! model ([`config`]); its saves arrive through the protocol of Decap's proxy backend
//! ([`api`], with the files it names mapped by [`paths`]) and are written in hamkor's own
//! style ([`write`](mod@write)).

pub mod api;
pub mod assets;
pub mod config;
pub mod paths;
pub mod write;
