//! `/404.html`: the page static hosts show for an address with no page.

use serde::Serialize;

use super::LangPath;
use super::context::{Common, Context};

/// The template.
pub const TEMPLATE: &str = "404.html";

/// The page's path.
pub fn path() -> LangPath {
    LangPath::new("404.html".into())
}

/// What the page reads: nothing of the content.
#[derive(Hash)]
pub struct Inputs;

/// `404.html`.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// Title, URL, permalink, description, section.
    #[serde(flatten)]
    pub common: Common,
}

/// The page's view.
pub fn view(_: &Inputs, cx: &Context) -> View {
    View {
        common: cx.common(cx.t("not_found_title"), &path(), "", "error"),
    }
}
