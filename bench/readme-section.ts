/**
 * Prints the README "## Performance" section from bench/results.json (the tables of a real run), so the
 * README shows exactly what `npm run bench` measured:  npx tsx bench/readme-section.ts > /tmp/perf.md
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  ratiosTable,
  rowsTable,
  targetsTable,
  type Ratio,
  type Row,
  type Target,
} from "./lib/report";

interface Results {
  generated: string;
  commit: string;
  uncommittedSourceFiles: number;
  machine: {
    nproc: number;
    cpu: string;
    node: string;
    v8: string;
    platform: string;
    memoryGB: number;
    loadAverageAtStart: number[];
    loadAverageAtEnd: number[];
  };
  settings: { warmup: number; reps: number; codeUnderTest: string };
  durationSeconds: number;
  rows: Row[];
  ratios: Ratio[];
  targets: Target[];
  notes: string[];
}

const r = JSON.parse(readFileSync(join(__dirname, "results.json"), "utf8")) as Results;
const m = r.machine;
const out: string[] = [];
out.push("## Performance", "");
out.push(readFileSync(join(__dirname, "readme-intro.md"), "utf8").trim(), "");
out.push(
  `### Latest run`,
  "",
  `${r.generated.slice(0, 16).replace("T", " ")} UTC, commit \`${r.commit}\`${r.uncommittedSourceFiles ? ` (+${r.uncommittedSourceFiles} uncommitted source files)` : ""}; ` +
    `${m.nproc} cores (\`nproc\`), ${m.cpu} (\`/proc/cpuinfo\`), ${m.memoryGB} GB, Node ${m.node} (V8 ${m.v8}), ${m.platform}; ` +
    `1-min load average ${m.loadAverageAtStart[0]} at start, ${m.loadAverageAtEnd[0]} at end; ` +
    `${r.settings.warmup} warm-up runs (6 for the engine's Monte Carlo rows, 20 calls for the long-path rows, 1 pass of 100,000 calls for the adapter rows), medians of 5–${r.settings.reps} repetitions (reps column); code under test: ${r.settings.codeUnderTest}; whole bench ${Math.round(r.durationSeconds)} s.`,
  "",
  rowsTable(r.rows),
  "",
  ratiosTable(r.ratios),
  "",
  targetsTable(r.targets),
  "",
  "Checks printed by the same run:",
  "",
  ...r.notes.map((n) => `- ${n}`),
  ""
);
process.stdout.write(out.join("\n"));
