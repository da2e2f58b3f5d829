//! Every HTML page of the bundled site, in every language, passes the W3C Nu HTML Checker
//! with no errors. Needs Java and the checker (`vnu.jar`, from the npm package `vnu-jar`):
//! `.ci/run` installs both and names the jar in `VNU_JAR`. Without them the test says why it
//! is skipped, except under CI, where it fails.

use crate::common;

use common::vnu::{assert_valid, checker};

#[test]
fn every_page_of_the_bundled_site_is_valid_html() {
    let Some(jar) = checker("validity") else {
        return;
    };
    let out = tempfile::tempdir().expect("tempdir");
    let site = out.path().join("public");
    common::build_bundled_site(&site, &[]);
    assert_valid(&jar, &site);
}

/// What the bundled site lacks (coordinates, dated visits, logos, several pages of visits,
/// dated agreements with documents, photos) shows in the fixture: its map points, time line,
/// thumbnails, pager, agreements tables and a visit's photo gallery are valid too.
#[test]
fn map_points_figures_and_logos_are_valid_html() {
    let Some(jar) = checker("validity") else {
        return;
    };
    let site = common::TestSite::fixture("basic");
    site.edit("site.yaml", "theme: min", "theme: default");
    common::locate_partners(&site);
    site.edit(
        "content/partners/apollo-clinic-agra/index.md",
        "logo: logo.svg\n",
        "logo: logo.svg\nagreements:\n  - {type: agreement, signed: 2022-05-01, renewed: 2023-05-01, expires: 2024-05-01, document: agreement.pdf}\n  - {type: contract, signed: 2018-03, expires: 2021-03, document: logo.svg}\n",
    );
    site.write(
        "content/partners/apollo-clinic-agra/agreement.pdf",
        "%PDF-1.4\n",
    );
    common::photos::write_small_visit(site.root(), "photo-visit");
    site.build_ok();
    assert!(
        site.out()
            .join("partners/agreements/expiring/index.html")
            .is_file()
    );
    assert!(site.out().join("visits/photo-visit/index.html").is_file());
    assert_valid(&jar, &site.out());
}
