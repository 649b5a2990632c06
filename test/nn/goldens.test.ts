// jax.nn, jax.nn.initializers and the lax additions against real JAX
// (test/goldens/nn_lax.json, written by scripts/gen_nn_lax_goldens.py).
// Each case runs eagerly and under jit; shapes, dtypes and weak types must
// match exactly, values within float32 tolerance (initializers bit-for-bit
// up to an ulp).
import assert from "node:assert/strict";
import { test } from "node:test";
import { grad, jit, jnp, lax, nn, NDArray, random, type DType } from "../../src/index.ts";
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
interface Case {
  fn: string;
  args: unknown[];
  opts: Record<string, unknown> | null;
  expect: Out | Out[] | { error: true; message: string };
  /** Initializers: the factory's arguments (null: the name is an initializer itself). */
  factory?: unknown[] | null;
}
const { cases } = loadGoldens<{ cases: Case[] }>("nn_lax.json");

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
  plusOne: (a: A) => lax.add(a, 1),
  cos: (a: A) => lax.cos(a),
};

function decode(a: unknown): unknown {
  if (isObj(a) && "array" in a) {
    const e = (a as unknown as Enc).array;
    return jnp.array(e.data.map(goldenNumber), { dtype: e.dtype as DType }).reshape(e.shape);
  }
  if (isObj(a) && "key" in a) return random.PRNGKey(a.key as number);
  if (isObj(a) && "num" in a) return goldenNumber(a.num);
  if (isObj(a) && "op" in a) return (lax as unknown as Record<string, unknown>)[camel(a.op as string)];
  if (isObj(a) && "fn" in a) return CUSTOM[a.fn as string];
  if (Array.isArray(a)) return a.map(decode);
  if (isObj(a)) return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, decode(v)]));
  return a;
}

const rwSame = (a: A, init: number, op: typeof lax.max, dims: number[], strides: number[], o = {}) =>
  lax.reduceWindow(a, init, op, dims, strides, "SAME", o);
/** The generator's gradient checks (GRADS in scripts/gen_nn_lax_goldens.py). */
const GRADS: Record<string, (x: A) => A> = {
  maxPool: grad((a: A) => jnp.sum(jnp.sin(rwSame(nn.relu(a), -Infinity, lax.max, [1, 2, 2, 1], [1, 1, 1, 1])))),
  minPoolDilated: grad((a: A) =>
    jnp.sum(jnp.square(rwSame(a, Infinity, lax.min, [1, 2, 2, 1], [1, 2, 1, 1], { baseDilation: [1, 1, 2, 1] }))),
  ),
  avgPool: grad((a: A) => jnp.sum(jnp.square(rwSame(a, 0, lax.add, [1, 3, 3, 1], [1, 2, 2, 1])))),
  reluKinks: grad((a: A) => jnp.sum(jnp.add(jnp.add(nn.relu(a), nn.relu6(a)), nn.hardTanh(a)))),
  topKTies: grad((a: A) => jnp.sum(jnp.multiply(lax.topK(a, 3)[0], jnp.array([1, 2, 3])))),
  attention: grad((a: A) => {
    const kv = a.get("...", jnp.s(0, 1), jnp.s());
    return jnp.sum(jnp.sin(nn.dotProductAttention(a, jnp.multiply(kv, 0.5), kv, { isCausal: true })));
  }),
  reduceLogaddexp: grad((a: A) => jnp.sum(lax.reduce(a, -Infinity, (u: A, v: A) => jnp.logaddexp(u, v), [1]))),
  log1mexp: grad((a: A) => jnp.sum(nn.log1mexp(a))),
};

function resolve(path: string): (...a: unknown[]) => unknown {
  let o: unknown = { nn, lax, grad: GRADS };
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
  if (Array.isArray(got) && got.every((v) => typeof v === "number")) {
    // Shape utilities return plain number lists.
    assert.deepEqual(got, e.data.map(goldenNumber), `${what}: values`);
    return;
  }
  assert.ok(got instanceof NDArray, `${what}: expected an array`);
  const g = got as NDArray;
  assert.deepEqual(g.shape, e.shape, `${what}: shape`);
  assert.equal(g.dtype, e.dtype, `${what}: dtype`);
  assert.equal(g.weakType, e.weak, `${what}: weak_type`);
  const data = Array.from(g.dataSync() as ArrayLike<number>, Number);
  const exp = e.data.map(goldenNumber);
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
      // Initializers are bit-exact, except those built on a QR (float tolerance).
      const tol = /rthogonal/.test(fn) ? 2e-5 : fn.startsWith("nn.initializers") ? 0 : 2e-6;
      if (/rthogonal/.test(fn) && !("orthogonal" in random)) continue; // random.orthogonal comes with jnp.linalg.qr
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
