#!/usr/bin/env node
// Checks an editor configuration (JSON) the way Decap CMS checks its config.yml when it
// starts: with Decap's own schema (decap-cms-core's src/constants/configSchema.js), the
// schemas of its widgets (each decap-cms-widget-*'s src/schema.js) and the same ajv plugins.
//
//   DECAP_PACKAGES=folder NODE_MODULES=folder node scripts/decap-config-check.cjs CONFIG.json...
//
// DECAP_PACKAGES holds the npm packages decap-cms-core and decap-cms-widget-* unpacked, each
// in a folder of its name (`npm pack`, then the tarball's package/ as <name>/); NODE_MODULES
// holds ajv, ajv-keywords and ajv-errors. The schema's three imports from Decap's own modules
// (the format names, the widget registry and the i18n names) are given from those modules'
// sources, so nothing is copied from Decap by hand.
//
// Prints one line per problem; exits 1 if there were any, 2 if the checker could not be
// loaded, 0 otherwise.
"use strict";

const fs = require("node:fs");
const path = require("node:path");

function fail(message) {
  process.stderr.write(`decap-config-check: ${message}\n`);
  process.exit(2);
}

const packages = process.env.DECAP_PACKAGES;
const modules = process.env.NODE_MODULES;
if (!packages || !modules) fail("set DECAP_PACKAGES and NODE_MODULES");

function read(...parts) {
  const file = path.join(packages, ...parts);
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    fail(`cannot read ${file}: ${e.message}`);
  }
}

// `export default {...};` as a value.
function moduleDefault(text) {
  return new Function(text.replace(/export default/, "return"))();
}

// `export const NAME = <literal>;` from a TypeScript source, evaluated.
function constant(text, name) {
  const m = text.match(new RegExp(`export const ${name}[^=]*=\\s*(\\[[^\\]]*\\]|\\{[\\s\\S]*?\\n\\});`));
  if (!m) fail(`no ${name} in formats.ts`);
  return m[1];
}

// `export enum NAME { A = 'a', ... }` as an object.
function enumeration(text, name) {
  const m = text.match(new RegExp(`export enum ${name} \\{([^}]*)\\}`));
  if (!m) fail(`no enum ${name} in i18n.ts`);
  const out = {};
  for (const [, key, value] of m[1].matchAll(/(\w+)\s*=\s*'([^']*)'/g)) out[key] = value;
  return out;
}

const core = path.join("decap-cms-core", "src");
const formats = read(core, "formats", "formats.ts");
const frontmatterFormats = new Function(`return ${constant(formats, "frontmatterFormats")}`)();
// Only the names of the extensions matter to the schema.
const extensionFormatters = Object.fromEntries(
  [...constant(formats, "extensionFormatters").matchAll(/^\s*'?([\w-]+)'?:/gm)].map(m => [m[1], {}]),
);
const i18n = read(core, "lib", "i18n.ts");
const I18N_STRUCTURE = enumeration(i18n, "I18N_STRUCTURE");
const I18N_FIELD = enumeration(i18n, "I18N_FIELD");

const widgets = fs
  .readdirSync(packages)
  .filter(d => d.startsWith("decap-cms-widget-"))
  .sort()
  .map(d => {
    const index = read(d, "src", "index.js");
    const name = index.match(/name:\s*'([^']+)'/);
    if (!name) fail(`no widget name in ${d}/src/index.js`);
    return { name: name[1], schema: moduleDefault(read(d, "src", "schema.js")) };
  });
if (widgets.length === 0) fail(`no decap-cms-widget-* packages in ${packages}`);

const schemaSource = read(core, "constants", "configSchema.js")
  .replace(/^import[\s\S]*?from\s+'[^']+';\s*$/gm, "")
  .replace(/^export function /gm, "function ");

const need = name => require(path.join(modules, name));
const AJV = need("ajv").default;
const keywords = need("ajv-keywords/dist/keywords");
const ajvErrors = need("ajv-errors").default || need("ajv-errors");

const quiet = { error() {}, warn() {}, log() {} };
const validateConfig = new Function(
  "AJV",
  "select",
  "uniqueItemProperties",
  "instanceOf",
  "prohibited",
  "ajvErrors",
  "frontmatterFormats",
  "extensionFormatters",
  "getWidgets",
  "I18N_STRUCTURE",
  "I18N_FIELD",
  "console",
  `${schemaSource}\nreturn validateConfig;`,
)(
  AJV,
  keywords.select,
  keywords.uniqueItemProperties,
  keywords.instanceof,
  keywords.prohibited,
  ajvErrors,
  frontmatterFormats,
  extensionFormatters,
  () => widgets,
  I18N_STRUCTURE,
  I18N_FIELD,
  quiet,
);

let problems = 0;
for (const file of process.argv.slice(2)) {
  let config;
  try {
    config = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    fail(`cannot read ${file}: ${e.message}`);
  }
  try {
    validateConfig(config);
  } catch (e) {
    for (const line of String(e.message).split("\n")) {
      problems += 1;
      process.stdout.write(`${file}: ${line}\n`);
    }
  }
}
process.exit(problems > 0 ? 1 : 0);
