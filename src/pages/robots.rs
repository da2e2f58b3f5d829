//! `/robots.txt`: everything may be crawled; the sitemap is named. (Crawlers read robots.txt
//! only at the host's root, so under a sub-path it serves whoever copies it there.)

use super::context::Context;

/// What the file reads: nothing of the content.
#[derive(Hash)]
pub struct Inputs;

/// The file.
pub fn file(_: &Inputs, cx: &Context) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        cx.config.base_url.full()
    )
}
