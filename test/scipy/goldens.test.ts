// jax.scipy against real JAX (test/goldens/scipy.json, written by
// scripts/gen_scipy_goldens.py): scipy.special, scipy.stats and scipy.signal
// over domains, edge values (0, ±inf, NaN, poles), broadcasting, weak
// scalars and integer inputs, and the error cases. Every case runs eagerly
// and under jit; dtype and weak type must match exactly.
import assert from "node:assert/strict";
import { test } from "node:test";
import { config, jit, NDArray, scipy } from "../../src/index.ts";
import { loadGoldens, goldenNumber, isEncodedArray, decodeArray } from "../helpers/goldens.ts";

interface Out {
  shape: number[];
  dtype: string;
  weak: boolean;
  data: unknown[];
}
interface Case {
  mod: string;
  fn: string;
  args: unknown[];
  kw: Record<string, unknown>;
  expect: Out | Out[] | { error: true; message: string };
  /** Generated with jax_enable_x64: run with enableX64 and compare to float64 precision. */
  x64: boolean;
}
const { cases } = loadGoldens<{ cases: Case[] }>("scipy.json");

function decode(a: unknown): unknown {
  if (isEncodedArray(a)) return decodeArray(a);
  return a;
}

/** Keyword arguments that jaxts takes positionally: name → argument index. */
const POSITIONAL: Record<string, Record<string, number>> = { logsumexp: { axis: 1 }, mode: { axis: 1 }, sem: { axis: 1 } };

// Functions whose float32 value JAX computes less accurately than jaxts's correctly rounded kernels.
const LOOSE: Record<string, number> = { hyp1f1: 1e-4, hyp2f1: 1e-4, owensT: 1e-4, zeta: 5e-5, polygamma: 5e-5, spence: 2e-5 };

function resolve(mod: string, fn: string): (...a: unknown[]) => unknown {
  let obj: unknown = scipy;
  for (const p of mod.split(".")) obj = (obj as Record<string, unknown>)[p];
  const f = (obj as Record<string, unknown> | undefined)?.[fn];
  assert.equal(typeof f, "function", `scipy.${mod}.${fn} is missing`);
  return f as (...a: unknown[]) => unknown;
}

function call(c: Case, args: unknown[]): unknown {
  const f = resolve(c.mod, c.fn);
  const kw = { ...c.kw };
  const pos = [...args];
  for (const [k, at] of Object.entries(POSITIONAL[c.fn] ?? {})) {
    while (pos.length < at) pos.push(undefined);
    if (k in kw) {
      pos[at] = decode(kw[k]);
      delete kw[k];
    } else if (pos.length === at) pos.push(undefined);
  }
  const opts = Object.fromEntries(Object.entries(kw).map(([k, v]) => [k, decode(v)]));
  return Object.keys(opts).length ? f(...pos, opts) : f(...pos);
}

function check(c: Case, e: Out, got: NDArray, how: string): void {
  const what = `${how} scipy.${c.mod}.${c.fn}(${JSON.stringify(c.args).slice(0, 160)}, ${JSON.stringify(c.kw).slice(0, 80)})`;
  assert.deepEqual(got.shape, e.shape, `${what}: shape`);
  assert.equal(got.dtype, e.dtype, `${what}: dtype`);
  assert.equal(got.weakType, e.weak, `${what}: weak_type`);
  const data = Array.from(got.dataSync() as ArrayLike<number>, Number);
  const exp = e.data.map(goldenNumber);
  // float64: JAX's own algorithms and jaxts's kernels each err by up to ~1e-12 in the hard regions.
  const rtol = c.x64 ? 1e-9 : (LOOSE[c.fn] ?? 1e-5);
  // Log densities are sums of terms of a few units: JAX's float32 sums are off by ulps of those terms.
  const atol = c.x64 ? 1e-12 : c.mod.startsWith("stats") || c.mod === "signal" ? 1e-5 : 1e-6;
  data.forEach((d, i) => {
    const x = exp[i];
    const ok = Number.isNaN(x) ? Number.isNaN(d) : d === x || Math.abs(d - x) <= atol + rtol * Math.abs(x);
    assert.ok(ok, `${what}: element ${i}: got ${d}, JAX gave ${x}`);
  });
}

function checkAll(c: Case, got: unknown, how: string): void {
  if (Array.isArray(c.expect)) {
    assert.ok(Array.isArray(got), `${c.fn}: expected a tuple`);
    c.expect.forEach((e, i) => check(c, e, (got as NDArray[])[i], how));
  } else check(c, c.expect as Out, got as NDArray, how);
}

const groups = new Map<string, Case[]>();
for (const c of cases) groups.set(`${c.mod}.${c.fn}`, [...(groups.get(`${c.mod}.${c.fn}`) ?? []), c]);

for (const [name, cs] of groups) {
  test(`scipy.${name} matches JAX (${cs.length} cases, eager and jit)`, () => {
    for (const c of cs) {
      const prev = config.enableX64;
      config.update("enableX64", c.x64);
      try {
        runCase(name, c);
      } finally {
        config.update("enableX64", prev);
      }
    }
  });
}

function runCase(name: string, c: Case): void {
  const args = c.args.map(decode);
  if ("error" in c.expect) {
    assert.throws(() => call(c, args), Error, `scipy.${name} should raise like JAX: ${c.expect.message}`);
    return;
  }
  checkAll(c, call(c, args), "eager");
  const arrayPos = args.map((a, i) => (a instanceof NDArray ? i : -1)).filter((i) => i >= 0);
  if (arrayPos.length) {
    const jf = jit((...xs: NDArray[]) => {
      const full = [...args];
      arrayPos.forEach((p, k) => (full[p] = xs[k]));
      return call(c, full) as NDArray;
    });
    checkAll(c, jf(...arrayPos.map((p) => args[p] as NDArray)), "jit");
  }
}
