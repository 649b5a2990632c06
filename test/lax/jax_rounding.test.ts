// Results that must round exactly as JAX's (test/goldens/rounding.json,
// scripts/gen_rounding_goldens.py): operations made only of IEEE-exact
// steps, so the order of those steps decides every bit. integer_pow with a
// negative exponent is 1 / x**n; div, sqrt, atanh, max and min
// differentiate with JAX's expressions in JAX's order. Checked bit for bit
// eager, under jit, and on the js reference backend.
import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultBackend, jit, jnp, jvp, lax, setDefaultBackend, type NDArray } from "../../src/index.ts";
import { loadGoldens } from "../helpers/goldens.ts";

interface RoundingGoldens {
  x: number[];
  y: number[];
  t: number[];
  u: number[];
  y_ties: number[];
  t_nan: number[];
  cases: Record<string, number[]>;
}
const G = loadGoldens<RoundingGoldens>("rounding.json");
const arr = (u32: number[]) => jnp.array(new Float32Array(new Uint32Array(u32).buffer));
const bitsOf = (a: NDArray) => Array.from(new Uint32Array(new Float32Array(a.dataSync() as Float32Array).buffer));

type Case = (x: NDArray, y: NDArray, t: NDArray, u: NDArray, yt: NDArray, tn: NDArray) => NDArray;
const tangent = (f: (...a: NDArray[]) => NDArray, primals: NDArray[], tangents: NDArray[]) =>
  (jvp(f, primals, tangents) as unknown as [NDArray, NDArray])[1];

const cases: Record<string, Case> = {
  div_jvp_x: (x, y, t) => tangent((a) => jnp.divide(a, y), [x], [t]),
  div_jvp_y: (x, y, t) => tangent((b) => jnp.divide(x, b), [y], [t]),
  sqrt_jvp: (x, _y, t) => tangent((a) => jnp.sqrt(a), [x], [t]),
  atanh_jvp: (_x, _y, t, u) => tangent((a) => jnp.arctanh(a), [u], [t]),
  max_jvp: (x, _y, t, u, yt) => tangent((a, b) => lax.max(a, b), [x, yt], [t, u]),
  min_jvp: (x, _y, t, u, yt) => tangent((a, b) => lax.min(a, b), [x, yt], [t, u]),
  max_jvp_nan_tangent: (x, _y, t, _u, yt, tn) => tangent((a, b) => lax.max(a, b), [x, yt], [t, tn]),
};
for (const n of [-1, -2, -3, -4, -5, 2, 3, 5]) cases[`integer_pow_${n}`] = (x) => lax.integerPow(x, n);

function checkAll(how: string, run: (f: Case, args: NDArray[]) => NDArray): void {
  const args = [G.x, G.y, G.t, G.u, G.y_ties, G.t_nan].map(arr);
  for (const [name, want] of Object.entries(G.cases)) {
    const f = cases[name];
    assert.ok(f, `no case for golden ${name}`);
    assert.deepEqual(bitsOf(run(f, args)), want, `${name} (${how}): float32 bits differ from JAX's`);
  }
}

test("integer_pow and the JVPs of div, sqrt, atanh, max, min round bit for bit as JAX's: eager, jit, js backend", () => {
  checkAll("eager", (f, a) => f(...(a as [NDArray, NDArray, NDArray, NDArray, NDArray, NDArray])));
  checkAll("jit", (f, a) => jit((...xs: NDArray[]) => f(...(xs as [NDArray, NDArray, NDArray, NDArray, NDArray, NDArray])))(...a));
  const prev = defaultBackend();
  setDefaultBackend("js");
  try {
    checkAll("js backend", (f, a) => f(...(a as [NDArray, NDArray, NDArray, NDArray, NDArray, NDArray])));
  } finally {
    setDefaultBackend(prev);
  }
});
