//! Building sites: what `hamkor build` writes, page by page, in every language, from the
//! fixture sites, the bundled institute site and the site `hamkor init` writes; the properties
//! every build keeps (URLs, slugs, dates, the same bytes every time); and a build killed at any
//! moment. See tests/README.md for where a new test goes.

#[path = "../common/mod.rs"]
mod common;

mod agreements;
mod cms;
mod crash;
mod figures;
mod github_fake;
mod init;
mod institute;
mod languages;
mod pages;
mod photos;
mod properties;
mod publishing;
mod report;
