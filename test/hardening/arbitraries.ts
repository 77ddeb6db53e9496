/**
 * fast-check generators of Excel-shaped raw arguments for every LEV function, derived from the adapter
 * table (functions/registry.ts): each parameter kind gets a mix of plausible values (so the success path
 * is exercised) and hostile ones (text, blanks, logicals, NaN/±Infinity, huge and tiny numbers, negatives
 * and zeros, wrong range shapes, unknown and duplicated option names). A function added to the table is
 * fuzzed without touching this file.
 *
 * Sizes are bounded so the whole suite stays fast: series ≤ 40 cells, tables ≤ 6 rows, options ≤ 6 rows;
 * LEV.SIMULATE always gets a `paths` and a `steps_per_year` row whose values are small or rejected up front
 * (the few huge inputs are in fuzz.test.ts's "huge inputs" block, not generated 10,000 times).
 */
import fc from "fast-check";
import type { RawArg, RawScalar } from "../../functions/args";
import type { FunctionSpec, ParamKind, ParamSpec } from "../../functions/registry";
import type { OptionType } from "../../functions/args";

// ---- scalars --------------------------------------------------------------------------------------
const blank: fc.Arbitrary<RawScalar> = fc.constantFrom<RawScalar>(null, undefined, "", "   ");
const hostileNumber: fc.Arbitrary<number> = fc.constantFrom(
  NaN,
  Infinity,
  -Infinity,
  0,
  -0,
  -1,
  1e308,
  -1e308,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  -Number.MIN_VALUE,
  1e-300,
  1e300,
  2 ** 53 + 2,
  -(2 ** 53),
  1e15,
  4294967296,
  0.5,
  -0.5,
  1e-9,
  1 - 1e-16,
  1 + 1e-15
);
const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "abc",
    "1e400",
    "-1e400",
    "NaN",
    "Infinity",
    "-Infinity",
    "0x10",
    "1,5",
    "  3  ",
    "-0",
    "1e-400",
    "TRUE",
    "FALSE",
    "#N/A",
    "#VALUE!",
    "=1+1",
    "long",
    "short",
    "LONG",
    "Binance",
    "period",
    "__proto__",
    "constructor",
    "toString",
    "\u0000",
    "😀",
    "١٢٣",
    "3 ",
    ".5",
    "5.",
    "+7",
    "1e5",
    "e5"
  ),
  fc.string({ maxLength: 12 })
);
/** A number an analyst might type for any argument: small, fractional, price-like, negative or zero. */
export const plausibleNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: -5, max: 10 }),
  fc.double({ min: -2, max: 2, noNaN: true }),
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.double({ min: 0.01, max: 100_000, noNaN: true }),
  fc.constantFrom(0.005, 0.8, 0.05, 0.1, 100, 1000, 3, -3, 2, 365, 12, 1)
);
export const anyDouble: fc.Arbitrary<number> = fc.double();

const hostileScalar: fc.Arbitrary<RawScalar> = fc.oneof(
  { weight: 3, arbitrary: hostileNumber },
  { weight: 3, arbitrary: hostileText },
  { weight: 2, arbitrary: blank },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: anyDouble }
);

// ---- range shapes ---------------------------------------------------------------------------------
const cellOf = (a: fc.Arbitrary<RawScalar>) =>
  fc.oneof({ weight: 8, arbitrary: a }, { weight: 1, arbitrary: hostileScalar });
/** Hostile shapes: empty, [[]], jagged, 2-D blocks, 1-cell, a bare 1-D array (never sent by Excel). */
export function hostileRange(cell: fc.Arbitrary<RawScalar> = hostileScalar): fc.Arbitrary<RawArg> {
  return fc.oneof(
    fc.constantFrom<RawArg>([], [[]], [[], []]),
    cell.map((c) => [[c]] as RawArg),
    fc.array(fc.array(cell, { minLength: 0, maxLength: 5 }), {
      minLength: 1,
      maxLength: 5,
    }) as fc.Arbitrary<RawArg>, // jagged
    fc
      .tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 4 }), cell)
      .map(([r, c, v]) => Array.from({ length: r }, () => new Array(c).fill(v)) as RawArg),
    fc.array(cell, { minLength: 1, maxLength: 4 }) as unknown as fc.Arbitrary<RawArg> // 1-D, not 2-D
  );
}

/** A row or a column holding these cells. */
function oriented(cells: fc.Arbitrary<RawScalar[]>): fc.Arbitrary<RawArg> {
  return fc
    .tuple(cells, fc.boolean())
    .map(([xs, asRow]) => (asRow ? [xs] : xs.map((x) => [x])) as RawArg);
}

// ---- per kind -------------------------------------------------------------------------------------
function numberArg(): fc.Arbitrary<RawArg> {
  return fc.oneof(
    { weight: 10, arbitrary: plausibleNumber },
    { weight: 1, arbitrary: plausibleNumber.map((n) => String(n)) },
    { weight: 1, arbitrary: plausibleNumber.map((n) => [[n]] as RawArg) },
    { weight: 4, arbitrary: hostileScalar },
    { weight: 1, arbitrary: hostileRange() }
  );
}

function integerArg(): fc.Arbitrary<RawArg> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: -2, max: 6 }) },
    { weight: 4, arbitrary: numberArg() }
  );
}

const SIDES: RawScalar[] = ["long", "short", "LONG", " Short ", 1, -1];
function sideArg(): fc.Arbitrary<RawArg> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom<RawScalar>(...SIDES) },
    { weight: 3, arbitrary: hostileScalar },
    { weight: 1, arbitrary: fc.constantFrom<RawScalar>("buy", 2, 0, "longs", -2) },
    { weight: 1, arbitrary: hostileRange(fc.constantFrom<RawScalar>(...SIDES)) }
  );
}

function choiceArg(choices: readonly string[]): fc.Arbitrary<RawArg> {
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .constantFrom(...choices)
        .chain((c) => fc.constantFrom(c, c.toUpperCase(), ` ${c} `)),
    },
    { weight: 3, arbitrary: hostileScalar },
    { weight: 1, arbitrary: hostileRange(fc.constantFrom(...choices)) }
  );
}

function seriesArg(): fc.Arbitrary<RawArg> {
  const price = fc.oneof(
    { weight: 6, arbitrary: fc.double({ min: 0.01, max: 1000, noNaN: true }) },
    { weight: 2, arbitrary: fc.double({ min: -0.5, max: 0.5, noNaN: true }) },
    { weight: 1, arbitrary: plausibleNumber }
  );
  return fc.oneof(
    { weight: 10, arbitrary: oriented(fc.array(price, { minLength: 1, maxLength: 40 })) },
    { weight: 3, arbitrary: oriented(fc.array(cellOf(price), { minLength: 1, maxLength: 10 })) },
    { weight: 1, arbitrary: price },
    { weight: 2, arbitrary: hostileScalar },
    { weight: 2, arbitrary: hostileRange(price) }
  );
}

type TableKind = Extract<ParamKind, { kind: "table" }>;
function tableArg(t: TableKind): fc.Arbitrary<RawArg> {
  const cell = (kind: string): fc.Arbitrary<RawScalar> =>
    kind === "side" ? fc.constantFrom<RawScalar>(...SIDES) : plausibleNumber;
  const row = fc.tuple(...t.columns.map((c) => cell(c.kind))) as fc.Arbitrary<RawScalar[]>;
  // Brackets-like tables: increasing floors, each cap the next floor, small rates (often valid).
  const sorted = fc
    .tuple(
      fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 5 }),
      fc.array(fc.double({ min: 0, max: 0.2, noNaN: true }), { minLength: 5, maxLength: 5 }),
      fc.boolean()
    )
    .map(([widths, rates, lastInf]) => {
      let floor = 0;
      return widths.map((w, i) => {
        const cap = floor + w;
        const r: RawScalar[] = [
          floor,
          i === widths.length - 1 && lastInf ? 1e12 : cap,
          rates[i],
          rates[i] * floor * 0.1,
        ];
        floor = cap;
        return r;
      });
    });
  const arbs: fc.Arbitrary<RawArg>[] = [
    fc.array(row, { minLength: 1, maxLength: 6 }) as fc.Arbitrary<RawArg>,
    fc.array(
      fc.array(cellOf(plausibleNumber), {
        minLength: t.columns.length,
        maxLength: t.columns.length,
      }),
      { minLength: 1, maxLength: 4 }
    ) as fc.Arbitrary<RawArg>,
    fc
      .tuple(fc.array(row, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 3 }))
      .map(
        ([rows, k]) =>
          [
            ...rows,
            ...Array.from({ length: k }, () => new Array(t.columns.length).fill(null)),
          ] as RawArg
      ),
    hostileRange(),
    hostileScalar,
  ];
  if (t.columns.length === 4 && t.columns.every((c) => c.kind === "number"))
    arbs.push(sorted as fc.Arbitrary<RawArg>, sorted as fc.Arbitrary<RawArg>);
  return fc.oneof(...arbs);
}

function optionValue(type: OptionType | undefined): fc.Arbitrary<RawScalar> {
  const v: fc.Arbitrary<RawScalar> =
    type?.kind === "choice"
      ? fc.constantFrom(...type.choices)
      : type?.kind === "integer"
        ? fc.integer({ min: -2, max: 50 })
        : type?.kind === "boolean"
          ? fc.boolean()
          : plausibleNumber;
  return fc.oneof({ weight: 6, arbitrary: v }, { weight: 2, arbitrary: hostileScalar });
}

/** Small-or-rejected values for LEV.SIMULATE's cost knobs (paths × steps stays ≤ 64 × 52 × 100). */
const SIM_PATHS: fc.Arbitrary<RawScalar> = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 64 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<RawScalar>(
      0,
      -1,
      1.5,
      1e7,
      2 ** 32,
      1e308,
      NaN,
      Infinity,
      "many",
      "",
      null,
      true,
      "12"
    ),
  }
);
const SIM_STEPS: fc.Arbitrary<RawScalar> = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 52 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<RawScalar>(
      0,
      -1,
      0.5,
      2.5,
      1e7,
      2e6,
      1e308,
      NaN,
      -Infinity,
      "daily",
      "",
      null,
      false
    ),
  }
);

type OptionsKind = Extract<ParamKind, { kind: "options" }>;
function optionsArg(t: OptionsKind, simulate: boolean): fc.Arbitrary<RawArg> {
  const names = [...t.names, "headers"];
  const nameCell: fc.Arbitrary<RawScalar> = fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom(...names) },
    { weight: 2, arbitrary: fc.constantFrom(...names).map((n) => ` ${n.toUpperCase()} `) },
    {
      weight: 2,
      arbitrary: fc.constantFrom<RawScalar>(
        "fee",
        "path",
        "band low",
        "bandLow",
        "__proto__",
        "constructor",
        "hasOwnProperty",
        "seed ",
        "",
        null,
        3,
        true
      ),
    },
    { weight: 1, arbitrary: hostileText }
  );
  const row: fc.Arbitrary<RawScalar[]> = nameCell.chain((n) => {
    const key = typeof n === "string" ? n.trim().toLowerCase() : "";
    const type = key === "headers" ? ({ kind: "boolean" } as OptionType) : t.types[key];
    return optionValue(type).map((v) => [n, v]);
  });
  const rows = fc.array(row, { minLength: 0, maxLength: 5 });
  // A duplicated name: the same option twice (case may differ).
  const dup = fc
    .tuple(fc.constantFrom(...names), optionValue(undefined), optionValue(undefined))
    .map(
      ([n, a, b]) =>
        [
          [n, a],
          [n.toUpperCase(), b],
        ] as RawScalar[][]
    );
  const table: fc.Arbitrary<RawScalar[][]> = fc.oneof(
    { weight: 8, arbitrary: rows },
    { weight: 1, arbitrary: dup }
  );
  const withCost: fc.Arbitrary<RawArg> = simulate
    ? fc
        .tuple(SIM_PATHS, SIM_STEPS, table, fc.integer({ min: 0, max: 2 }))
        .map(([p, s, rs, at]) => {
          const out = rs.slice();
          out.splice(Math.min(at, out.length), 0, ["paths", p], ["steps_per_year", s]);
          return out as RawArg;
        })
    : (table.map((rs) => (rs.length === 0 ? null : rs)) as fc.Arbitrary<RawArg>);
  const wrong: fc.Arbitrary<RawArg> = fc.oneof(
    hostileRange(),
    // blank options = LEV.SIMULATE's defaults (10,000 paths): not generated for it here (see below)
    simulate
      ? hostileScalar.filter((v) => v !== null && v !== undefined && v !== "")
      : hostileScalar,
    fc.array(fc.tuple(fc.constantFrom(...names), plausibleNumber, plausibleNumber), {
      minLength: 1,
      maxLength: 3,
    }) as fc.Arbitrary<RawArg>
  );
  // LEV.SIMULATE's options are never omitted here: the defaults (10,000 paths × 365 steps/year) are the
  // "small real run" block of fuzz.test.ts, not 10,000 generated calls.
  return fc.oneof(
    { weight: 8, arbitrary: withCost },
    { weight: simulate ? 1 : 2, arbitrary: wrong }
  );
}

export function paramArb(spec: FunctionSpec, p: ParamSpec): fc.Arbitrary<RawArg> {
  const t = p.type;
  let a: fc.Arbitrary<RawArg>;
  switch (t.kind) {
    case "number":
      a = numberArg();
      break;
    case "numbers":
      a = fc.oneof({ weight: 2, arbitrary: numberArg() }, { weight: 1, arbitrary: seriesArg() });
      break;
    case "integer":
      a = integerArg();
      break;
    case "side":
      a = sideArg();
      break;
    case "choice":
      a = choiceArg(t.choices);
      break;
    case "series":
      a = seriesArg();
      break;
    case "table":
      a = tableArg(t);
      break;
    case "options":
      a = optionsArg(t, spec.id === "SIMULATE");
      break;
  }
  if (p.optional && !(t.kind === "options" && spec.id === "SIMULATE")) {
    a = fc.oneof(
      { weight: 4, arbitrary: a },
      { weight: 1, arbitrary: fc.constantFrom<RawArg>(null, undefined) }
    );
  }
  return a;
}

/** The raw argument list of one call: every parameter, sometimes too few or one too many. */
export function callArb(spec: FunctionSpec): fc.Arbitrary<RawArg[]> {
  const full = fc.tuple(...spec.params.map((p) => paramArb(spec, p))) as fc.Arbitrary<RawArg[]>;
  // LEV.SIMULATE cut before its options would run the default 10,000 paths: cut it before `years` instead.
  const maxKept = spec.id === "SIMULATE" ? spec.params.length - 2 : spec.params.length;
  return fc.oneof(
    { weight: 20, arbitrary: full },
    {
      weight: 1,
      arbitrary: fc
        .tuple(full, fc.integer({ min: 0, max: maxKept }))
        .map(([args, k]) => args.slice(0, k)),
    },
    { weight: 1, arbitrary: fc.tuple(full, hostileScalar).map(([args, extra]) => [...args, extra]) }
  );
}
