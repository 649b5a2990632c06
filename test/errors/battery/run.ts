// Runs a namespace's specs: one node:test per function, every generated bad
// input checked, then stillWorks(). Failures of one function are reported together.
import assert from "node:assert/strict";
import { test } from "node:test";
import { JaxTsError } from "../../../src/index.ts";
import { badValues } from "./kinds.ts";
import type { FnSpec } from "./spec.ts";
import { stillWorks } from "./still_works.ts";

// Messages that betray a crash inside the library rather than a check at its boundary.
const RAW =
  /Cannot read propert|Cannot set propert|is not a function|is not iterable|is not a constructor|undefined is not|Cannot convert|Invalid array length|Invalid typed array length|Maximum call stack|Array buffer allocation failed|Cannot mix BigInt/;

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const snake = (s: string): string => s.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();

function spellings(spec: FnSpec): string[] {
  const short = spec.name.slice(spec.name.lastIndexOf(".") + 1);
  return [short, snake(short), ...(spec.aliases ?? [])];
}

/** Why `call` did not fail well, or null when it threw a clear, named error synchronously. */
export function judge(call: () => unknown, names: string[], problem: RegExp): string | null {
  let err: unknown;
  try {
    const r = call();
    if (r instanceof Promise) r.catch(() => undefined);
    return "no error (the bad input was accepted)";
  } catch (e) {
    err = e;
  }
  if (!(err instanceof Error)) return `threw a non-Error: ${String(err)}`;
  const msg = err.message;
  const ours = err instanceof JaxTsError || (err instanceof RangeError && /allocat/.test(msg));
  if (!ours) return `threw a plain ${err.name}, not a jaxts error: ${msg}`;
  if (RAW.test(msg)) return `raw JS message: ${msg}`;
  if (!names.some((n) => new RegExp(`\\b${escapeRegex(n)}\\b`, "i").test(msg)))
    return `names neither the function nor the argument (${names.join(", ")}): ${msg}`;
  if (!problem.test(msg)) return `message does not say ${problem}: ${msg}`;
  return null;
}

interface Failure {
  key: string;
  arg: string | null;
  why: string;
}

/** The failures of one spec (empty when every bad input is rejected well). */
export function failuresOf(spec: FnSpec): Failure[] {
  const valid = Object.fromEntries(Object.entries(spec.args).map(([k, a]) => [k, a.valid]));
  const fails: Failure[] = [];
  try {
    spec.call(valid);
  } catch (e) {
    return [{ key: "valid call", arg: null, why: `the valid call itself throws: ${(e as Error).message}` }];
  }
  const fnNames = spellings(spec);
  for (const [name, arg] of Object.entries(spec.args)) {
    for (const bad of badValues(arg)) {
      // One- and two-letter argument names (x, a, b) would match any message; only longer ones count.
      const names = name.length > 2 ? [...fnNames, name] : fnNames;
      const why = judge(() => spec.call({ ...valid, [name]: bad.value }), names, bad.problem);
      if (why) fails.push({ key: `${name} = ${bad.label}`, arg: name, why });
    }
  }
  for (const x of spec.extra ?? []) {
    const why = judge(x.call, fnNames, x.problem);
    if (why) fails.push({ key: x.label, arg: null, why });
  }
  return fails;
}

/** Number of cases a spec generates (for the report). */
export function caseCount(spec: FnSpec): number {
  return Object.values(spec.args).reduce((n, a) => n + badValues(a).length, 0) + (spec.extra?.length ?? 0);
}

const gapOf = (spec: FnSpec, f: Failure): string | undefined =>
  spec.gaps === undefined ? undefined : f.key in spec.gaps ? f.key : f.arg !== null && f.arg in spec.gaps ? f.arg : undefined;
const listing = (name: string, fs: Failure[]): string => `${name}:\n  ${fs.map((f) => `${f.key}: ${f.why}`).join("\n  ")}`;

/**
 * One test per function: every bad input must be rejected well, except the
 * spec's known gaps, which must still fail (a strict expected failure: once a
 * gap is fixed the test says so, and the entry comes out of `gaps`).
 */
export function runBattery(specs: FnSpec[]): void {
  for (const spec of specs) {
    const where = spec.gaps ? ` (known gaps: fix in ${[...new Set(Object.values(spec.gaps))].join(", ")})` : "";
    test(`bad inputs: ${spec.name}${where}`, () => {
      const fails = failuresOf(spec);
      stillWorks();
      const real = fails.filter((f) => gapOf(spec, f) === undefined);
      assert.deepEqual(real, [], listing(spec.name, real));
      const stillFailing = new Set(fails.map((f) => gapOf(spec, f)));
      const fixed = Object.keys(spec.gaps ?? {}).filter((g) => !stillFailing.has(g));
      assert.deepEqual(fixed, [], `${spec.name}: these known gaps are now rejected well; remove them from its gaps: ${fixed.join(", ")}`);
    });
  }
}
