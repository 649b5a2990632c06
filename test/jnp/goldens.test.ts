// jnp against real JAX (test/goldens/jnp.json, written by scripts/gen_jnp_goldens.py
// with JAX): elementwise functions over shapes and dtypes, special values,
// broadcasting, the binary promotion table with weak scalars, integer
// floor-division/mod signs, reductions with axes/keepdims/ddof, creation.
// Every case runs eagerly and under jit; dtype and weak type must match exactly.
import assert from "node:assert/strict";
import { test } from "node:test";
import { jit, jnp, NDArray } from "../../src/index.ts";
import { loadGoldens, goldenNumber, isEncodedArray, decodeArray } from "../helpers/goldens.ts";

interface Case {
  fn: string;
  args: unknown[];
  opts: Record<string, unknown>;
  expect: { shape?: number[]; dtype?: string; weak?: boolean; data?: unknown[]; error?: boolean; message?: string };
}
const { cases } = loadGoldens<{ cases: Case[] }>("jnp.json");

function decode(a: unknown): unknown {
  if (isEncodedArray(a)) return decodeArray(a);
  if (Array.isArray(a) && a.some(isEncodedArray)) return a.map(decode);
  return a;
}

const REDUCTIONS = new Set(["sum", "prod", "mean", "max", "min", "var", "std", "all", "any"]);
function call(fn: string, args: unknown[], opts: Record<string, unknown>): NDArray {
  const f = (jnp as unknown as Record<string, (...a: unknown[]) => NDArray>)[fn];
  assert.equal(typeof f, "function", `jnp.${fn} is missing`);
  if (REDUCTIONS.has(fn)) return f(args[0], opts.axis ?? null, { keepdims: opts.keepdims, ddof: opts.ddof });
  if (fn === "argmax" || fn === "argmin") return f(args[0], opts.axis ?? null, { keepdims: opts.keepdims });
  if (fn === "cumsum" || fn === "cumprod") return f(args[0], opts.axis ?? null);
  if (fn === "linspace") return f(...args, { endpoint: opts.endpoint });
  if (fn === "arange") return f(...args);
  return f(...args);
}

// Creation from JS numbers gives float32 by jaxts's convention; JAX's weak flags there are not compared.
const CONVENTION = new Set(["zeros", "ones", "full", "linspace", "eye", "identity", "tri"]);

function check(c: Case, got: NDArray, how: string): void {
  const e = c.expect;
  const what = `${how} jnp.${c.fn}(${JSON.stringify(c.args).slice(0, 120)}, ${JSON.stringify(c.opts)})`;
  assert.deepEqual(got.shape, e.shape, `${what}: shape`);
  assert.equal(got.dtype, e.dtype, `${what}: dtype`);
  if (!CONVENTION.has(c.fn)) assert.equal(got.weakType, e.weak, `${what}: weak_type`);
  const data = Array.from(got.dataSync() as ArrayLike<number>, Number);
  const exp = e.data!.map(goldenNumber);
  const rtol = e.dtype === "float16" ? 1e-3 : 4e-6;
  data.forEach((d, i) => {
    const x = exp[i];
    const ok = Number.isNaN(x) ? Number.isNaN(d) : d === x || Math.abs(d - x) <= 1e-6 + rtol * Math.abs(x);
    assert.ok(ok, `${what}: element ${i}: got ${d}, JAX gave ${x}`);
  });
}

const groups = new Map<string, Case[]>();
for (const c of cases) groups.set(c.fn, [...(groups.get(c.fn) ?? []), c]);

for (const [fn, cs] of groups) {
  test(`jnp.${fn} matches JAX (${cs.length} cases, eager and jit)`, () => {
    for (const c of cs) {
      const args = c.args.map(decode);
      if (c.expect.error) {
        assert.throws(
          () => call(fn, args, c.opts),
          (err: Error) => err instanceof Error && err.message.length > 20,
          `jnp.${fn} should raise like JAX: ${c.expect.message}`,
        );
        continue;
      }
      check(c, call(fn, args, c.opts), "eager");
      // Lists of arrays (concatenate, stack) stay as Python-list arguments; only top-level arrays are traced.
      const arrayPos = args.map((a, i) => (a instanceof NDArray ? i : -1)).filter((i) => i >= 0);
      if (arrayPos.length) {
        const jf = jit((...xs: NDArray[]) => {
          const full = [...args];
          arrayPos.forEach((p, k) => (full[p] = xs[k]));
          return call(fn, full, c.opts);
        });
        check(c, jf(...arrayPos.map((p) => args[p] as NDArray)) as NDArray, "jit");
      }
    }
  });
}
