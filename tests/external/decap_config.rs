//! The editor's configuration for the repository's own site passes the check Decap CMS makes
//! of its config when it starts: Decap's schema with its widgets' schemas and ajv, run by
//! `scripts/decap-config-check.cjs`. A configuration with known mistakes is checked too, to
//! prove the harness reports them.
//!
//! Needs Node with the npm packages decap-cms-core and decap-cms-widget-* unpacked in
//! `DECAP_PACKAGES` and ajv, ajv-keywords and ajv-errors in `NODE_MODULES` (`.ci/run` puts
//! them there). Without them these tests say why they are skipped, except under CI, where
//! they fail.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use hamkor::cms::config::{CmsSettings, Target, generate};

/// The folders the checker needs, if Node and the packages are there.
fn checker(test: &str) -> Option<(PathBuf, PathBuf)> {
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let dir = |var: &str, inside: &str| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .filter(|d| d.join(inside).exists())
    };
    let found = match (
        dir(
            "DECAP_PACKAGES",
            "decap-cms-core/src/constants/configSchema.js",
        ),
        dir("NODE_MODULES", "ajv-keywords"),
    ) {
        (Some(p), Some(m)) if node => Some((p, m)),
        _ => None,
    };
    common::require_tool(
        test,
        found,
        "Node with Decap's packages (DECAP_PACKAGES) and ajv (NODE_MODULES)",
        "see .ci/run for the npm packages and where they go",
    )
}

/// Runs the checker on `configs`: whether they passed, and what it printed.
fn check(packages: &Path, modules: &Path, configs: &[(&str, serde_json::Value)]) -> (i32, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let files: Vec<PathBuf> = configs
        .iter()
        .map(|(name, config)| {
            let file = dir.path().join(format!("{name}.json"));
            std::fs::write(&file, config.to_string()).expect("write the config");
            file
        })
        .collect();
    let out = Command::new("node")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/decap-config-check.cjs"))
        .args(&files)
        .env("DECAP_PACKAGES", packages)
        .env("NODE_MODULES", modules)
        .output()
        .expect("run node");
    let printed =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), printed)
}

#[test]
fn the_bundled_sites_configuration_passes_decaps_own_check() {
    let Some((packages, modules)) =
        checker("the_bundled_sites_configuration_passes_decaps_own_check")
    else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = hamkor::config::load(root, &Default::default()).expect("the bundled site loads");
    let github = CmsSettings {
        backend: "github".into(),
        repo: "example/site".into(),
        branch: "main".into(),
        base_url: Some("https://auth.example.org".into()),
        auth_endpoint: Some("auth".into()),
        api_root: None,
    };
    let mut configs = Vec::new();
    for lang in ["en", "uz", "ru"] {
        configs.push((lang, generate(&config, &Target::Serve, lang)));
    }
    configs.push((
        "github",
        generate(&config, &Target::Published(&github), "en"),
    ));
    let (code, printed) = check(&packages, &modules, &configs);
    assert_eq!((code, printed.as_str()), (0, ""));
}

#[test]
fn the_check_reports_a_configuration_decap_refuses() {
    let Some((packages, modules)) = checker("the_check_reports_a_configuration_decap_refuses")
    else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = hamkor::config::load(root, &Default::default()).expect("the bundled site loads");
    let mut broken = generate(&config, &Target::Serve, "en");
    // A list's `i18n` is a boolean to Decap, and a select needs its options.
    let fields = &mut broken["collections"][0]["fields"];
    let fields = fields.as_array_mut().expect("fields");
    for f in fields.iter_mut() {
        if f["name"] == "agreements" {
            f["i18n"] = "none".into();
        }
        if f["name"] == "kind" {
            f.as_object_mut().expect("a field").remove("options");
        }
    }
    let (code, printed) = check(&packages, &modules, &[("broken", broken)]);
    assert_eq!(code, 1, "{printed}");
    assert!(
        printed.contains("'collections[0].fields[")
            && printed.contains("must have required property 'options'")
            && printed.contains(".i18n' must be boolean"),
        "{printed}"
    );
}

#[test]
fn the_date_pattern_takes_the_dates_hamkor_takes() {
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if common::require_tool(
        "the_date_pattern_takes_the_dates_hamkor_takes",
        node.then_some(()),
        "Node",
        "install Node",
    )
    .is_none()
    {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = hamkor::config::load(root, &Default::default()).expect("the bundled site loads");
    let generated = generate(&config, &Target::Serve, "en");
    let since = generated["collections"][0]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .find(|f| f["name"] == "since")
        .expect("a field `since`")
        .clone();
    let pattern = since["pattern"][0].as_str().expect("a pattern");
    let dates = [
        "2023",
        "2023-04",
        "2023-04-12",
        "2024-02-29",
        "2023-12-31",
        "23",
        "0023-1",
        "2023-4",
        "2023-13",
        "2023-00",
        "2023-04-32",
        "2023-04-00",
        "2023/04",
        "2023-04-12x",
        "2023-04-12-01",
    ];
    // Decap tests a field's pattern with JavaScript's RegExp.
    let script = format!(
        "const re = new RegExp({}); for (const d of {}) console.log(re.test(d) ? 'ok' : 'no');",
        serde_json::to_string(pattern).expect("json"),
        serde_json::to_string(&dates).expect("json"),
    );
    let out = Command::new("node")
        .args(["-e", &script])
        .output()
        .expect("run node");
    let verdicts = String::from_utf8_lossy(&out.stdout).into_owned();
    let verdicts: Vec<&str> = verdicts.lines().collect();
    assert_eq!(
        verdicts.len(),
        dates.len(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (date, verdict) in dates.iter().zip(verdicts) {
        // The pattern cannot know month lengths: 2023-02-30 passes it and hamkor's check
        // names the day; every date hamkor takes passes it, and every shape it refuses fails.
        let hamkor = hamkor::values::Date::parse(date).is_ok();
        assert_eq!(
            verdict == "ok",
            hamkor,
            "{date}: the pattern says {verdict}"
        );
    }
}
