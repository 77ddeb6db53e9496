#!/usr/bin/env node
// Offline validation of Office add-in XML manifests against the XSDs in schemas/office/
// (Microsoft's published schema set + the local edits documented in schemas/office/README.md).
// `office-addin-manifest validate` posts the manifest to an online service; this does not need the network.
//
// usage: node scripts/validate-manifest.mjs manifest.xml [more.xml ...]   → exit 0 valid, 1 invalid
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { validateXML } from "xmllint-wasm";

const here = path.dirname(fileURLToPath(import.meta.url));
export const SCHEMA_DIR = path.join(here, "..", "schemas", "office");
const ROOT_XSD = "OfficeAppManifestV1_1.xsd";

function xsd(name) {
  return { fileName: name, contents: fs.readFileSync(path.join(SCHEMA_DIR, name), "utf8") };
}

/** Validates manifest XML text; resolves to { valid, errors: string[] }. */
export async function validateManifestText(xml, fileName = "manifest.xml") {
  const others = fs.readdirSync(SCHEMA_DIR).filter((n) => n.endsWith(".xsd") && n !== ROOT_XSD);
  const r = await validateXML({
    xml: [{ fileName, contents: xml }],
    schema: [xsd(ROOT_XSD)],
    preload: others.map(xsd),
  });
  return { valid: r.valid, errors: r.errors.map((e) => e.rawMessage) };
}

async function main(files) {
  if (files.length === 0) {
    console.error("usage: validate-manifest.mjs manifest.xml [more.xml ...]");
    return 2;
  }
  let bad = 0;
  for (const f of files) {
    const { valid, errors } = await validateManifestText(
      fs.readFileSync(f, "utf8"),
      path.basename(f)
    );
    console.log(`${valid ? "VALID  " : "INVALID"} ${f}`);
    for (const e of errors) console.log("   ", e);
    if (!valid) bad++;
  }
  return bad ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
