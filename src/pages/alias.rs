//! A redirect from an old address (`aliases:`) to the page that lives at a new one.

use super::context::Context;

/// What a redirect reads: where it leads, below the base.
#[derive(Hash)]
pub struct Inputs<'a> {
    target: &'a str,
}

/// The redirect to `target` (below the base).
pub fn inputs(target: &str) -> Inputs<'_> {
    Inputs { target }
}

/// A redirect page: works without JavaScript and tells search engines where the page lives
/// now.
pub fn file(i: &Inputs, cx: &Context) -> String {
    redirect_page(&cx.below_base(i.target))
}

/// The redirect page to `url`.
pub fn redirect_page(url: &str) -> String {
    let url = crate::escape::attr(url);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting…</title>\n\
         <link rel=\"canonical\" href=\"{url}\">\n<meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n\
         <p>This page has moved to <a href=\"{url}\">{url}</a>.</p>\n</body>\n</html>\n"
    )
}
