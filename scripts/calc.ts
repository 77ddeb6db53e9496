/**
 * Formula evaluator CLI.
 *   npm run --silent calc -- "=LEV.DECAY(3,0.8,1)"        → one line of JSON
 *   printf '=LEV.DECAY(3,0.8)\n=LEV.HEALTH(100,0.8,50)\n' | npm run --silent calc
 *                                                          → one JSON line per formula, in order
 *   npm run --silent calc -- --data '[[100],[110],[99]]' "=LEV.PATH(A1:A3,3)"
 *                                                          → formulas over cell data placed at A1
 * Output: a number, string or boolean; a 2-D array for spills; or {"error":"#NUM!","message":"…"}.
 * Only JSON goes to stdout (HyperFormula runs with its GPL licence key, so it prints no licence warning).
 */
import { FormulaEvaluator } from "./hf/evaluator";

function parseArgs(argv: string[]): { data?: unknown[][]; formulas: string[] } {
  const formulas: string[] = [];
  let data: unknown[][] | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--data") {
      const parsed = JSON.parse(argv[++i] ?? "");
      if (!Array.isArray(parsed) || !parsed.every(Array.isArray))
        throw new Error("--data must be a JSON 2-D array");
      data = parsed;
    } else formulas.push(argv[i]);
  }
  return { data, formulas };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function main(): Promise<void> {
  const { data, formulas } = parseArgs(process.argv.slice(2));
  const lines =
    formulas.length > 0
      ? formulas
      : (await readStdin()).split(/\r?\n/).filter((l) => l.trim() !== "");
  const ev = new FormulaEvaluator(data);
  const out: string[] = [];
  for (const f of lines) out.push(JSON.stringify(ev.evaluate(f)));
  ev.destroy();
  process.stdout.write(out.join("\n") + (out.length ? "\n" : ""));
}

main().catch((e) => {
  process.stderr.write(`calc: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
