import { strict as assert } from "assert";
import fs from "fs";
import path from "path";
import { XMLParser } from "fast-xml-parser";

const ROOT = path.join(__dirname, "..", "..");
const MANIFEST = fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8");

async function validate(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const mod = await import(path.join(ROOT, "scripts", "validate-manifest.mjs"));
  return mod.validateManifestText(xml);
}

// Attribute-preserving parse; every element as an array so the checks do not depend on counts.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  removeNSPrefix: true,
  isArray: (_name: string, _jpath: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
});
type Node = Record<string, any>;
function all(node: Node | Node[], name: string, out: Node[] = []): Node[] {
  const list = Array.isArray(node) ? node : [node];
  for (const n of list) {
    if (!n || typeof n !== "object") continue;
    for (const [k, v] of Object.entries(n)) {
      if (k === name) out.push(...(v as Node[]));
      if (typeof v === "object") all(v as Node, name, out);
    }
  }
  return out;
}
const doc = parser.parse(MANIFEST);

describe("manifest.xml", () => {
  it("validates offline against the Office add-in XSDs in schemas/office", async () => {
    const r = await validate(MANIFEST);
    assert.deepEqual(r.errors, []);
    assert.equal(r.valid, true);
  });

  const broken: [string, (s: string) => string, RegExp][] = [
    ["a misspelled element", (s) => s.replace("<DisplayName ", "<DisplayNme "), /DisplayNme/],
    ["a missing <Id>", (s) => s.replace(/<Id>[^<]*<\/Id>/, ""), /Version/],
    [
      "a runtime lifetime that is not short/long",
      (s) => s.replace('lifetime="long"', 'lifetime="forever"'),
      /forever|lifetime/,
    ],
    [
      "a five-part version",
      (s) => s.replace("<Version>1.0.0.0</Version>", "<Version>1.0.0.0.0</Version>"),
      /Version|pattern/i,
    ],
  ];
  for (const [what, mutate, mentions] of broken) {
    it(`fails validation with ${what}`, async () => {
      const r = await validate(mutate(MANIFEST));
      assert.equal(r.valid, false);
      assert.ok(
        r.errors.some((e) => mentions.test(e)),
        r.errors.join("\n")
      );
    });
  }

  it("declares a shared runtime: SharedRuntime 1.1 and one long-lived runtime used by functions, task pane and button", () => {
    const sets = all(doc, "Set").map((s) => `${s["@Name"]}@${s["@MinVersion"]}`);
    assert.ok(sets.includes("SharedRuntime@1.1"), sets.join());
    const runtimes = all(doc, "Runtime");
    assert.equal(runtimes.length, 1);
    assert.equal(runtimes[0]["@lifetime"], "long");
    const rid = runtimes[0]["@resid"];
    const page = all(all(doc, "Page"), "SourceLocation")[0]["@resid"];
    const functionFile = all(doc, "FunctionFile")[0]["@resid"];
    const action = all(all(doc, "Action"), "SourceLocation")[0]["@resid"];
    assert.deepEqual([page, functionFile, action], [rid, rid, rid]);
    assert.equal(
      all(doc, "TaskpaneId").length,
      0,
      "a shared runtime supports one task pane: no TaskpaneId"
    );
  });

  it("has the LEV namespace and a CustomFunctions extension point", () => {
    const strings = new Map(all(doc, "String").map((s) => [s["@id"], s["@DefaultValue"]]));
    const ns = all(doc, "Namespace")[0]["@resid"];
    assert.equal(strings.get(ns), "LEV");
    assert.ok(all(doc, "ExtensionPoint").some((e) => e["@type"] === "CustomFunctions"));
  });

  it("resolves every resid to a resource, with ids of at most 32 characters and string length limits", () => {
    const ids = new Map<string, string>();
    for (const kind of ["Image", "Url", "String"])
      for (const r of all(all(doc, "Resources"), kind)) {
        assert.ok(!ids.has(r["@id"]), `duplicate resource id ${r["@id"]}`);
        assert.ok(r["@id"].length <= 32, `resource id too long: ${r["@id"]}`);
        ids.set(r["@id"], r["@DefaultValue"]);
      }
    const resids = [...MANIFEST.matchAll(/resid="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(resids.length > 10);
    for (const r of resids) assert.ok(ids.has(r), `unresolved resid ${r}`);
    for (const s of all(all(doc, "ShortStrings"), "String"))
      assert.ok(s["@DefaultValue"].length <= 125, s["@id"]);
    for (const s of all(all(doc, "LongStrings"), "String"))
      assert.ok(s["@DefaultValue"].length <= 250, s["@id"]);
  });

  it("has ribbon icons at 16, 32 and 80 px that exist in assets/ at those sizes", () => {
    const images = all(all(doc, "Resources"), "Image");
    for (const size of [16, 32, 80]) {
      const img = images.find((i) => i["@id"] === `Icon.${size}x${size}`);
      assert.ok(img, `Icon.${size}x${size}`);
      const file = path.join(ROOT, "assets", path.basename(img["@DefaultValue"]));
      const png = fs.readFileSync(file);
      assert.equal(png.readUInt32BE(16), size, `${file} width`);
      assert.equal(png.readUInt32BE(20), size, `${file} height`);
    }
  });

  it("uses https URLs only, all on the add-in's own origin or Microsoft's", () => {
    const urls = [...MANIFEST.matchAll(/(?:DefaultValue|Value)="(https?:[^"]+)"/g)].map(
      (m) => m[1]
    );
    assert.ok(urls.length >= 8);
    for (const u of urls) assert.match(u, /^https:\/\/localhost:3000\//);
    // No AppDomains: the add-in's own origin (SourceLocation) needs no entry and nothing else is navigated to.
    assert.deepEqual(all(doc, "AppDomain"), []);
  });

  it("has a GUID id and a four-part version", () => {
    assert.match(
      all(doc, "Id")[0]["#text"] ?? all(doc, "Id")[0],
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
    );
    assert.match(
      String(all(doc, "Version")[0]["#text"] ?? all(doc, "Version")[0]),
      /^\d+\.\d+\.\d+\.\d+$/
    );
  });
});
