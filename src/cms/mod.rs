//! The editing interface at `/admin/`: Decap CMS, shipped inside hamkor, for `hamkor serve`
//! and for published sites with a `cms:` section in `site.yaml`.

pub mod assets;
