// jnp's breadth functions against real JAX (test/goldens/jnp_breadth.json,
// written by scripts/gen_jnp_breadth_goldens.py): each case runs eagerly and,
// where it has array arguments, under jit (which must raise where JAX's jit
// raises); shapes, dtypes, weak types and values must match. Run on both
// backends (JAXTS_BACKEND=js for the reference one).
import assert from "node:assert/strict";
import { test } from "node:test";
import { jit, jnp, lax, NDArray, type DType } from "../../src/index.ts";
import { loadGoldens, goldenNumber } from "../helpers/goldens.ts";

interface Enc {
  array: { shape: number[]; dtype: string; data: unknown[] };
}
interface Out {
  shape: number[];
  dtype: string;
  weak: boolean;
  data: unknown[];
}
type Expect = { out: Out } | { list: Expect[] } | { value: unknown } | { error: string };
interface Case {
  fn: string;
  args: unknown[];
  opts: Record<string, unknown>;
  expect: Expect;
  jit: "ok" | "error" | "skip";
  tol?: number;
  noWeak?: boolean;
}
const { cases } = loadGoldens<{ cases: Case[] }>("jnp_breadth.json");

// Functions named in cases; scripts/gen_jnp_breadth_goldens.py has the same table.
const FUNCS: Record<string, (...a: never[]) => unknown> = {
  square: (x: NDArray) => jnp.multiply(x, x),
  sum: (x: NDArray) => jnp.sum(x),
  neg: (x: NDArray) => jnp.negative(x),
  triu: (x: NDArray, k: number) => jnp.triu(x, k),
  tril: (x: NDArray, k: number) => jnp.tril(x, k),
  addmul: (a: NDArray, b: NDArray) => jnp.add(jnp.multiply(a, 2), b),
  matvec: (m: NDArray, v: NDArray) => jnp.matmul(m, v),
  cumsum: (x: NDArray) => jnp.cumsum(x),
  sumaxis: (x: NDArray, axis: number) => jnp.sum(x, axis),
  ij: (i: NDArray, j: NDArray) => jnp.add(jnp.multiply(i, 10), j),
  sin: (x: NDArray) => jnp.sin(x),
  minmax: (x: NDArray) => [jnp.min(x), jnp.max(x)],
  scale: (x: NDArray, k: number) => jnp.multiply(x, k),
};

const isObj = (a: unknown): a is Record<string, unknown> => typeof a === "object" && a !== null && !Array.isArray(a);
function decode(a: unknown): unknown {
  if (isObj(a) && "array" in a) {
    const e = (a as unknown as Enc).array;
    return jnp.array(e.data.map(goldenNumber), { dtype: e.dtype as DType }).reshape(e.shape);
  }
  if (isObj(a) && "func" in a) return FUNCS[a.func as string];
  if (isObj(a) && "slice" in a) return jnp.s(...(a.slice as [number | null, number | null, number | null]));
  if (Array.isArray(a)) return a.map(decode);
  if (isObj(a)) return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, decode(v)]));
  return a;
}

function lookup(fn: string): (...a: unknown[]) => unknown {
  const [root, path] = fn.startsWith("lax.") ? [lax, fn.slice(4)] : [jnp, fn];
  let obj: unknown = root;
  for (const part of path.split(".")) obj = (obj as Record<string, unknown>)[part];
  assert.equal(typeof obj, "function", `jnp.${fn} is missing`);
  return obj as (...a: unknown[]) => unknown;
}
function call(c: Case, args: unknown[]): unknown {
  if (c.fn === "vectorize") {
    const opts = decode(c.opts) as Record<string, unknown>;
    return jnp.vectorize(args[0] as (...a: never[]) => unknown, opts)(...args.slice(1));
  }
  const f = lookup(c.fn);
  return Object.keys(c.opts).length ? f(...args, decode(c.opts)) : f(...args);
}

function check(c: Case, got: unknown, e: Expect, what: string): void {
  if ("list" in e) {
    assert.ok(Array.isArray(got), `${what}: expected a JS array of results`);
    assert.equal(got.length, e.list.length, `${what}: number of results`);
    e.list.forEach((x, i) => check(c, got[i], x, `${what}[${i}]`));
    return;
  }
  if ("value" in e) {
    const v = got instanceof NDArray ? got.item() : got;
    if (typeof e.value === "string") assert.equal(String(v), e.value, `${what}: value`);
    else if (Array.isArray(v) && typeof e.value !== "object") assert.fail(`${what}: got ${JSON.stringify(v)}`);
    else assert.deepEqual(typeof v === "number" || typeof v === "boolean" ? goldenNumber(v) : v, goldenNumber(e.value), `${what}: value`);
    return;
  }
  if (!("out" in e)) return;
  const o = e.out;
  assert.ok(got instanceof NDArray, `${what}: expected an array, got ${String(got)}`);
  assert.deepEqual(got.shape, o.shape, `${what}: shape`);
  assert.equal(got.dtype, o.dtype, `${what}: dtype`);
  if (!c.noWeak) assert.equal(got.weakType, o.weak, `${what}: weak_type`);
  const data = Array.from(got.dataSync() as ArrayLike<number>, Number);
  const exp = o.data.map(goldenNumber);
  const rtol = c.tol ?? (o.dtype === "float16" ? 1e-3 : 1e-5);
  data.forEach((d, i) => {
    const x = exp[i];
    const ok = Number.isNaN(x) ? Number.isNaN(d) : d === x || Math.abs(d - x) <= rtol * (1 + Math.abs(x));
    assert.ok(ok, `${what}: element ${i}: got ${d}, JAX gave ${x}`);
  });
}

const groups = new Map<string, Case[]>();
for (const c of cases) groups.set(c.fn, [...(groups.get(c.fn) ?? []), c]);

for (const [fn, cs] of groups) {
  test(`jnp.${fn} matches JAX (${cs.length} cases)`, () => {
    for (const c of cs) {
      const what = `jnp.${fn}(${JSON.stringify(c.args).slice(0, 100)}, ${JSON.stringify(c.opts).slice(0, 80)})`;
      const args = c.args.map(decode);
      if ("error" in c.expect) {
        assert.throws(() => call(c, args), Error, `${what} should raise like JAX: ${c.expect.error}`);
        continue;
      }
      check(c, call(c, args), c.expect, `${what} eager`);
      if (c.jit === "skip") continue;
      const pos = args.map((a, i) => (a instanceof NDArray ? i : -1)).filter((i) => i >= 0);
      const jf = jit((...xs: NDArray[]) => {
        const full = [...args];
        pos.forEach((p, k) => (full[p] = xs[k]));
        return call(c, full) as NDArray;
      });
      const xs = pos.map((p) => args[p] as NDArray);
      if (c.jit === "error") assert.throws(() => jf(...xs), Error, `${what} under jit should raise as JAX's does`);
      else check(c, jf(...xs), c.expect, `${what} jit`);
    }
  });
}
