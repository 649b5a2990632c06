// jnp's statistics, nan-reductions, searching, set, polynomial and signal
// functions against real JAX (test/goldens/jnp_stats.json, written by
// scripts/gen_jnp_stats_goldens.py). Each case runs eagerly and, unless its
// output shape depends on values, under jit; shapes, dtypes and weak types
// must match exactly, values within float tolerance.
import assert from "node:assert/strict";
import { test } from "node:test";
import { config, jit, jnp, NDArray } from "../../src/index.ts";
import { loadGoldens, goldenNumber, isEncodedArray, decodeArray } from "../helpers/goldens.ts";

interface Out {
  shape?: number[];
  dtype?: string;
  weak?: boolean;
  data?: unknown[];
  tuple?: Out[];
  error?: boolean;
  message?: string;
}
interface Case {
  fn: string;
  args: unknown[];
  opts?: Record<string, unknown>;
  expect: Out;
  jit?: boolean;
  x64?: boolean;
}
const { cases } = loadGoldens<{ cases: Case[] }>("jnp_stats.json");

function decode(a: unknown): unknown {
  if (isEncodedArray(a)) return decodeArray(a);
  if (Array.isArray(a)) return a.map(decode);
  if (typeof a === "object" && a !== null) return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, decode(v)]));
  return a;
}

type Result = NDArray | Result[];
function call(c: Case, args: unknown[], opts: Record<string, unknown> | undefined): Result {
  const f = (jnp as unknown as Record<string, (...a: unknown[]) => Result>)[c.fn];
  assert.equal(typeof f, "function", `jnp.${c.fn} is missing`);
  return opts ? f(...args, opts) : f(...args);
}

function check(c: Case, got: Result, e: Out, what: string): void {
  if (e.tuple) {
    assert.ok(Array.isArray(got), `${what}: expected ${e.tuple.length} outputs`);
    assert.equal(got.length, e.tuple.length, `${what}: number of outputs`);
    e.tuple.forEach((t, i) => check(c, got[i], t, `${what} output ${i}`));
    return;
  }
  assert.ok(got instanceof NDArray, `${what}: expected an array`);
  assert.deepEqual(got.shape, e.shape, `${what}: shape`);
  assert.equal(got.dtype, e.dtype, `${what}: dtype`);
  assert.equal(got.weakType, e.weak, `${what}: weak_type`);
  const data = Array.from(got.dataSync() as ArrayLike<number>, Number);
  const exp = e.data!.map(goldenNumber);
  data.forEach((d, i) => {
    const x = exp[i];
    const ok = Number.isNaN(x) ? Number.isNaN(d) : d === x || Math.abs(d - x) <= 2e-5 + 2e-5 * Math.abs(x);
    assert.ok(ok, `${what}: element ${i}: got ${d}, JAX gave ${x}`);
  });
}

const groups = new Map<string, Case[]>();
for (const c of cases) groups.set(c.fn, [...(groups.get(c.fn) ?? []), c]);

for (const [fn, cs] of groups) {
  test(`jnp.${fn} matches JAX (${cs.length} cases, eager and jit)`, () => {
    for (const c of cs) {
      config.update("enableX64", c.x64 ?? false);
      try {
        runCase(fn, c);
      } finally {
        config.update("enableX64", false);
      }
    }
  });
}

function runCase(fn: string, c: Case): void {
  const args = c.args.map(decode);
  const opts = c.opts ? (decode(c.opts) as Record<string, unknown>) : undefined;
  const what = `jnp.${fn}(${JSON.stringify(c.args).slice(0, 150)}, ${JSON.stringify(c.opts ?? {}).slice(0, 100)})${c.x64 ? " [x64]" : ""}`;
  if (c.expect.error) {
    assert.throws(
      () => call(c, args, opts),
      (err: Error) => err instanceof Error && err.message.length > 10,
      `${what} should raise like JAX: ${c.expect.message}`,
    );
    return;
  }
  check(c, call(c, args, opts), c.expect, `eager ${what}`);
  const arrayPos = args.map((a, i) => (a instanceof NDArray ? i : -1)).filter((i) => i >= 0);
  if (c.jit !== false && arrayPos.length) {
    const body = (...xs: NDArray[]): NDArray => {
      const full = [...args];
      arrayPos.forEach((p, k) => (full[p] = xs[k]));
      return call(c, full, opts) as NDArray;
    };
    const jf = jit(body);
    check(c, jf(...arrayPos.map((p) => args[p] as NDArray)) as Result, c.expect, `jit ${what}`);
  }
}
