/**
 * `npm run bench` — performance of the LEV add-in, measured in ONE run on ONE machine:
 *   1. LEV.SIMULATE core (10,000 paths × 365 steps, 3x, σ 0.8): engine vs numpy vs C (gcc -O2);
 *   2. custom-function throughput: 100,000 LEV.LIQ.PRICE / LEV.DECAY through functions/functions.ts vs
 *      the bare engine call;
 *   3. LEV.PATH over 100,000 prices (daily and band) and LEV.CPPI.PATH over 100,000 returns;
 *   4. production bundle sizes (raw, gzip) and the time to evaluate functions.js.
 * Prints a table of medians (warm-up runs, then ≥ 5 repetitions), ratios and PASS/MISS per target, and
 * writes the same to bench/results.json. Not part of `npm test`.
 *
 * Flags: --quick (fewer repetitions, for a smoke run; results.json is then NOT written unless --out),
 *        --only=mc,fn,path,family,bundle,sheet (a subset), --rebuild (always build the bundles), --out=<file>,
 *        --modules=tsx (time the .ts modules as tsx loads them instead of an esbuild bundle; see lib/modules.ts).
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join, relative } from "node:path";
import { benchMonteCarlo } from "./sections/montecarlo";
import { benchAdapter } from "./sections/adapter";
import { benchPaths } from "./sections/paths";
import { benchBundle } from "./sections/bundle";
import { benchSheet } from "./sections/sheet";
import { benchFamilies } from "./sections/families";
import { loadModules } from "./lib/modules";
import { ratiosTable, rowsTable, targetsTable, type SectionResult } from "./lib/report";

const ROOT = join(__dirname, "..");

function flag(name: string): string | boolean | undefined {
  for (const a of process.argv.slice(2)) {
    if (a === `--${name}`) return true;
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
}

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"));
    if (m) return m[1].trim();
  } catch {
    /* not Linux */
  }
  return cpus()[0]?.model ?? "unknown";
}

function git(args: string[]): string {
  try {
    return execFileSync("git", args, {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return "";
  }
}

function nproc(): number {
  try {
    return Number(execFileSync("nproc", { encoding: "utf8" }).trim());
  } catch {
    return cpus().length;
  }
}

async function main(): Promise<void> {
  const quick = flag("quick") === true;
  const only =
    typeof flag("only") === "string"
      ? String(flag("only")).split(",")
      : ["mc", "fn", "path", "family", "bundle", "sheet"];
  const out =
    typeof flag("out") === "string"
      ? String(flag("out"))
      : quick
        ? undefined
        : join(ROOT, "bench", "results.json");
  const reps = quick ? 5 : 7;
  const warmup = quick ? 1 : 2;

  const machine = {
    nproc: nproc(),
    cpu: cpuModel(),
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform} ${process.arch}`,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
  };
  const commit = git(["rev-parse", "--short", "HEAD"]);
  const dirty = git(["status", "--porcelain", "--", "src", "functions"])
    .split("\n")
    .filter(Boolean).length;
  console.log(
    `LEV bench — ${machine.cpu}, ${machine.nproc} cores, Node ${machine.node}, commit ${commit}${dirty ? ` (+${dirty} uncommitted source files)` : ""}`
  );
  console.log(
    `warm-up ${warmup}, repetitions ${reps}, medians reported${quick ? " (--quick)" : ""}\n`
  );

  const t0 = Date.now();
  const modulesMode = flag("modules") === "tsx" ? "tsx" : "bundle";
  const mods = await loadModules(modulesMode);
  console.log(
    `code under test: ${mods.how}${mods.errors.length ? ` (${mods.errors.join("; ")})` : ""}\n`
  );
  const sections: Record<string, SectionResult> = {};
  const run = async (
    key: string,
    title: string,
    fn: () => Promise<SectionResult>
  ): Promise<void> => {
    if (!only.includes(key)) return;
    const s0 = Date.now();
    process.stdout.write(`${title} …\n`);
    sections[key] = await fn();
    process.stdout.write(`  done in ${((Date.now() - s0) / 1000).toFixed(1)} s\n`);
  };
  await run("mc", "1. Monte Carlo (LEV.SIMULATE core): engine, numpy, C", () =>
    benchMonteCarlo({ warmup, reps }, mods.engine)
  );
  await run("fn", "2. Custom-function throughput (LEV.LIQ.PRICE, LEV.DECAY)", () =>
    benchAdapter({ warmup, reps }, mods.engine, mods.functions)
  );
  await run("path", "3. LEV.PATH and LEV.CPPI.PATH: the largest spills Excel accepts", () =>
    benchPaths({ warmup, reps }, mods.engine, mods.functions)
  );
  await run("bundle", "4. Production bundles", () =>
    benchBundle({ reps: quick ? 5 : 7, rebuild: flag("rebuild") === true })
  );
  await run("family", "5. Part 2 families: cascades, probabilities, series statistics", () =>
    benchFamilies({ warmup, reps }, mods.engine, mods.functions)
  );
  await run("sheet", "6. A 10,000-cell workbook in headless Chromium (production bundles)", () =>
    benchSheet({ reps: quick ? 5 : 7, rebuild: flag("rebuild") === true })
  );
  const seconds = (Date.now() - t0) / 1000;

  const all = Object.values(sections);
  const rows = all.flatMap((s) => s.rows);
  const ratios = all.flatMap((s) => s.ratios);
  const targets = all.flatMap((s) => s.targets);
  const notes = [...mods.errors, ...all.flatMap((s) => s.notes)];

  console.log("\n" + rowsTable(rows));
  if (ratios.length) console.log("\n" + ratiosTable(ratios));
  if (targets.length) console.log("\n" + targetsTable(targets));
  const loadEnd = loadavg().map((x) => Math.round(x * 100) / 100);
  // The bench itself keeps one core busy, so the load at the end counts it.
  const busy =
    machine.loadAverageAtStart[0] > machine.nproc * 0.75 || loadEnd[0] > machine.nproc + 0.5;
  if (busy) {
    notes.push(
      `the machine was busy (1-min load average ${machine.loadAverageAtStart[0]} at start, ${loadEnd[0]} at end, ${machine.nproc} cores): ` +
        "absolute times are inflated and noisy; ratios measured side by side are more reliable. Re-run on an idle machine."
    );
  }
  if (notes.length) console.log("\nNotes:\n" + notes.map((n) => `- ${n}`).join("\n"));
  const missed = targets.filter((t) => t.pass === false).length;
  const na = targets.filter((t) => t.pass === null).length;
  console.log(
    `\n${targets.length - missed - na} PASS, ${missed} MISS${na ? `, ${na} not measured` : ""} — whole bench ${seconds.toFixed(0)} s`
  );

  if (out) {
    const result = {
      generated: new Date().toISOString(),
      commit,
      uncommittedSourceFiles: dirty,
      machine: { ...machine, loadAverageAtEnd: loadEnd },
      settings: { warmup, reps, quick, codeUnderTest: mods.how },
      durationSeconds: Math.round(seconds * 10) / 10,
      rows,
      ratios,
      targets,
      notes,
      details: Object.fromEntries(
        Object.entries(sections)
          .filter(([, s]) => s.details)
          .map(([k, s]) => [k, s.details])
      ),
    };
    writeFileSync(out, JSON.stringify(result, null, 2) + "\n");
    console.log(`results written to ${relative(process.cwd(), out) || out}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
