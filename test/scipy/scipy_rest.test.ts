// The jax.scipy names of issue 16 against real JAX (test/goldens/scipy_rest.json,
// written by scripts/gen_scipy_rest_goldens.py): special.wofz/sphHarmY,
// signal.stft/istft/welch/csd, linalg.solveSylvester/qrMultiply/
// fiedlerCompanion. Every case runs eagerly and under jit (array arguments
// traced); dtype, shape and (eagerly) weak type must match, values within
// float32 tolerance; JAX's errors must be errors here with its message.
import assert from "node:assert/strict";
import { test } from "node:test";
import { config, jit, jnp, NDArray, scipy } from "../../src/index.ts";
import { loadGoldens, goldenNumber, isEncodedArray, decodeArray } from "../helpers/goldens.ts";

type Num = number | string | boolean;
interface Out {
  shape: number[];
  dtype: string;
  weak: boolean;
  data?: Num[];
  re?: Num[];
  im?: Num[];
}
interface Case {
  mod: string;
  fn: string;
  args: unknown[];
  kw: Record<string, unknown>;
  expect: Out | Out[] | { error: true; message: string };
  /** Generated with jax_enable_x64: run with enableX64, compared to float64 precision. */
  x64: boolean;
}
const { cases } = loadGoldens<{ cases: Case[] }>("scipy_rest.json");

function decode(a: unknown): unknown {
  if (isEncodedArray(a)) return decodeArray(a);
  if (Array.isArray(a)) return a.map(decode);
  return a;
}

function resolve(mod: string, fn: string): (...a: unknown[]) => unknown {
  const f = (scipy as unknown as Record<string, Record<string, unknown>>)[mod]?.[fn];
  assert.equal(typeof f, "function", `scipy.${mod}.${fn} is missing`);
  return f as (...a: unknown[]) => unknown;
}

function call(c: Case, args: unknown[], kw: Record<string, unknown>): unknown {
  return Object.keys(kw).length ? resolve(c.mod, c.fn)(...args, kw) : resolve(c.mod, c.fn)(...args);
}

const tol = (c: Case) => (c.x64 ? 1e-9 : c.mod === "linalg" ? 2e-4 : 2e-5);

function compare(got: unknown, want: Out, what: string, weak: boolean, tolerance: number): void {
  // x64 cases may still compute in float32 (int32 input, as JAX).
  const rtol = want.dtype === "float64" || want.dtype === "complex128" ? tolerance : Math.max(tolerance, 2e-5);
  assert.ok(got instanceof NDArray, `${what}: not an array`);
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  assert.equal(got.dtype, want.dtype, `${what}: dtype`);
  if (weak) assert.equal(got.weakType, want.weak, `${what}: weak type`);
  const parts: Array<[NDArray, Num[]]> = want.re
    ? [
        [jnp.real(got), want.re],
        [jnp.imag(got), want.im ?? []],
      ]
    : [[got.dtype.startsWith("complex") ? jnp.real(got) : got, want.data ?? []]];
  for (const [arr, exp] of parts) {
    const g = Array.from(arr.dataSync() as ArrayLike<number>, Number);
    const w = exp.map(goldenNumber);
    const scale = Math.max(1, ...w.filter(Number.isFinite).map(Math.abs));
    g.forEach((v, i) => {
      const e = w[i];
      if (Number.isNaN(e)) return assert.ok(Number.isNaN(v), `${what}[${i}]: got ${v}, want nan`);
      if (!Number.isFinite(e)) return assert.equal(v, e, `${what}[${i}]`);
      assert.ok(Math.abs(v - e) <= rtol * scale + rtol * Math.abs(e), `${what}[${i}]: got ${v}, want ${e}`);
    });
  }
}

function check(c: Case, got: unknown, what: string, weak: boolean): void {
  const exp = c.expect as Out | Out[];
  if (Array.isArray(exp)) {
    assert.ok(Array.isArray(got), `${what}: expected ${exp.length} outputs`);
    assert.equal(got.length, exp.length, `${what}: number of outputs`);
    exp.forEach((e, i) => compare(got[i], e, `${what} output ${i}`, weak, tol(c)));
  } else compare(got, exp, what, weak, tol(c));
}

/** Arguments kept concrete under jit (JAX needs them static: sph_harm_y's n gives n_max). */
const STATIC: Record<string, number[]> = { sphHarmY: [0] };

const label = (c: Case, i: number) => `${c.mod}.${c.fn} #${i} ${JSON.stringify(c.kw)}`;

for (const mod of ["special", "signal", "linalg"]) {
  test(`scipy.${mod}: the names of issue 16 against JAX, eagerly and under jit`, () => {
    cases.forEach((c, i) => {
      if (c.mod !== mod) return;
      const prev = config.enableX64;
      config.update("enableX64", c.x64);
      try {
        runCase(c, i);
      } finally {
        config.update("enableX64", prev);
      }
    });
  });
}

function runCase(c: Case, i: number): void {
  {
    {
      const args = c.args.map(decode);
      const kw = Object.fromEntries(Object.entries(c.kw).map(([k, v]) => [k, decode(v)]));
      if ("error" in c.expect) {
        const m = /^\w+: (.*)$/s.exec(c.expect.message)?.[1] ?? c.expect.message;
        const head = m.split("\n")[0].slice(0, 40);
        assert.throws(
          () => call(c, args, kw),
          (e: Error) => e.message.includes(head),
          `${label(c, i)}: expected an error like ${c.expect.message}`,
        );
        return;
      }
      check(c, call(c, args, kw), `${label(c, i)} (eager)`, true);
      // Under jit: array arguments traced, the rest closed over.
      const at = args.map((a, k) => (a instanceof NDArray && !(STATIC[c.fn] ?? []).includes(k) ? k : -1)).filter((k) => k >= 0);
      const f = jit((...xs: NDArray[]) => {
        const full = [...args];
        at.forEach((k, j) => {
          full[k] = xs[j];
        });
        return call(c, full, kw) as NDArray | NDArray[];
      });
      check(c, f(...at.map((k) => args[k] as NDArray)), `${label(c, i)} (jit)`, false);
    }
  }
}
