// jax.nn, jax.nn.initializers and the lax additions against real JAX
// (test/goldens/nn_lax.json, written by scripts/gen_nn_lax_goldens.py).
// Each case runs eagerly and under jit; shapes, dtypes and weak types must
// match exactly, values within float32 tolerance (initializers bit-for-bit
// up to an ulp).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { jit, jnp, lax, nn, NDArray, random, type DType } from "../../src/index.ts";

interface Enc {
  array: { shape: number[]; dtype: string; data: unknown[] };
}
interface Out {
  shape: number[];
  dtype: string;
  weak: boolean;
  data: unknown[];
}
interface Case {
  fn: string;
  args: unknown[];
  opts: Record<string, unknown> | null;
  expect: Out | Out[] | { error: true; message: string };
  /** Initializers: the factory's arguments (null: the name is an initializer itself). */
  factory?: unknown[] | null;
}
const { cases } = JSON.parse(readFileSync(new URL("../goldens/nn_lax.json", import.meta.url), "utf8")) as { cases: Case[] };

const num = (v: unknown): number =>
  v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : typeof v === "boolean" ? Number(v) : (v as number);
const isObj = (a: unknown): a is Record<string, unknown> => typeof a === "object" && a !== null && !Array.isArray(a);
const camel = (s: string) => s.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
type A = NDArray;
/** The generator's custom monoids (CUSTOM in scripts/gen_nn_lax_goldens.py), as new closures. */
const CUSTOM: Record<string, (a: never, b: never) => unknown> = {
  addFn: (a: A, b: A) => lax.add(a, b),
  maxFn: (a: A, b: A) => lax.max(a, b),
  sumProd: (a: A[], b: A[]) => [lax.add(a[0], b[0]), lax.mul(a[1], b[1])],
  argmaxPair: (a: A[], b: A[]) => {
    const p = lax.ge(a[0], b[0]);
    return [lax.select(p, a[0], b[0]), lax.select(p, a[1], b[1])];
  },
  logaddexp: (a: A, b: A) => jnp.logaddexp(a, b),
  sumMax: (a: A[], b: A[]) => [lax.add(a[0], b[0]), lax.max(a[1], b[1])],
};

function decode(a: unknown): unknown {
  if (isObj(a) && "array" in a) {
    const e = (a as unknown as Enc).array;
    return jnp.array(e.data.map(num), { dtype: e.dtype as DType }).reshape(e.shape);
  }
  if (isObj(a) && "key" in a) return random.PRNGKey(a.key as number);
  if (isObj(a) && "num" in a) return num(a.num);
  if (isObj(a) && "op" in a) return (lax as unknown as Record<string, unknown>)[camel(a.op as string)];
  if (isObj(a) && "fn" in a) return CUSTOM[a.fn as string];
  if (Array.isArray(a)) return a.map(decode);
  if (isObj(a)) return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, decode(v)]));
  return a;
}

function resolve(path: string): (...a: unknown[]) => unknown {
  let o: unknown = { nn, lax };
  for (const p of path.split(".")) o = (o as Record<string, unknown>)[p];
  assert.equal(typeof o, "function", `${path} is missing`);
  return o as (...a: unknown[]) => unknown;
}

function check(what: string, got: unknown, e: Out | Out[], tol: number): void {
  if (Array.isArray(e)) {
    assert.ok(Array.isArray(got), `${what}: expected ${e.length} outputs`);
    assert.equal((got as unknown[]).length, e.length, `${what}: number of outputs`);
    e.forEach((ei, i) => check(`${what}[${i}]`, (got as unknown[])[i], ei, tol));
    return;
  }
  assert.ok(got instanceof NDArray, `${what}: expected an array`);
  const g = got as NDArray;
  assert.deepEqual(g.shape, e.shape, `${what}: shape`);
  assert.equal(g.dtype, e.dtype, `${what}: dtype`);
  assert.equal(g.weakType, e.weak, `${what}: weak_type`);
  const data = Array.from(g.dataSync() as ArrayLike<number>, Number);
  const exp = e.data.map(num);
  const rtol = e.dtype === "float16" ? 2e-3 : tol;
  data.forEach((d, i) => {
    const x = exp[i];
    const ok = Number.isNaN(x) ? Number.isNaN(d) : d === x || Math.abs(d - x) <= rtol + rtol * Math.abs(x);
    assert.ok(ok, `${what}: element ${i}: got ${d}, JAX gave ${x}`);
  });
}

const groups = new Map<string, Case[]>();
for (const c of cases) groups.set(c.fn, [...(groups.get(c.fn) ?? []), c]);

for (const [fn, cs] of groups) {
  test(`${fn} matches JAX (${cs.length} cases, eager and jit)`, () => {
    for (const c of cs) {
      const f = c.factory ? (resolve(fn)(...c.factory.map(decode)) as (...a: unknown[]) => unknown) : resolve(fn);
      const args = c.args.map(decode);
      const opts = c.opts === null ? [] : [decode(c.opts)];
      const what = `${fn}(${JSON.stringify(c.args).slice(0, 100)}, ${JSON.stringify(c.opts)?.slice(0, 80)})`;
      if ("error" in c.expect) {
        assert.throws(() => f(...args, ...opts), Error, `${what} should raise like JAX: ${c.expect.message}`);
        continue;
      }
      const tol = fn.startsWith("nn.initializers") ? 0 : 2e-6;
      check(`eager ${what}`, f(...args, ...opts), c.expect, tol);
      const pos = args.map((a, i) => (a instanceof NDArray ? i : -1)).filter((i) => i >= 0);
      if (!pos.length) continue;
      const jf = jit((...xs: NDArray[]) => {
        const full = [...args];
        pos.forEach((p, j) => {
          full[p] = xs[j];
        });
        return f(...full, ...opts) as NDArray;
      });
      check(`jit ${what}`, jf(...pos.map((p) => args[p] as NDArray)), c.expect, tol);
    }
  });
}
