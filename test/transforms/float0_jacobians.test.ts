// float0 tangents (grad({allowInt}), vjp/jvp/linearize with integer values)
// and jacfwd/jacrev/hessian's hasAux, holomorphic and allowInt, against
// JAX's results (scripts/gen_float0_goldens.py → test/goldens/float0.json).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { Float0Array, float0, grad, hessian, jacfwd, jacrev, jit, jnp, jvp, linearize, vjp, type NDArray } from "../../src/index.ts";

type Enc = { float0: number[]; str: string } | { dtype: string; shape: number[]; value: unknown } | Enc[] | { [k: string]: Enc };
const G = JSON.parse(readFileSync(new URL("../goldens/float0.json", import.meta.url), "utf8")) as Record<string, Enc> & {
  errors: Record<string, string>;
};

function flat(v: unknown): number[] {
  return Array.isArray(v) ? v.flatMap(flat) : [v as number];
}

/** Compares a result with its encoding (float0 by shape and printing, arrays by dtype, shape and values). */
function check(got: unknown, want: Enc, where: string): void {
  if (Array.isArray(want)) {
    assert.ok(Array.isArray(got) && got.length === want.length, `${where}: length`);
    want.forEach((w, i) => check((got as unknown[])[i], w, `${where}[${i}]`));
    return;
  }
  if ("float0" in want) {
    assert.ok(got instanceof Float0Array, `${where}: a float0 array`);
    assert.deepEqual(got.shape, want.float0, where);
    assert.equal(got.toString(), want.str, where);
    return;
  }
  if ("dtype" in want && "shape" in want) {
    const a = got as NDArray;
    assert.equal(a.dtype, want.dtype, `${where}: dtype`);
    assert.deepEqual(a.shape, want.shape, `${where}: shape`);
    const g = a.dtype.startsWith("complex")
      ? flat((a.toArray() as unknown[]).length === undefined ? a.toArray() : a.toArray()).flatMap((c) => [
          (c as unknown as { re: number }).re,
          (c as unknown as { im: number }).im,
        ])
      : flat(a.toArray());
    const w = flat(want.value);
    assert.equal(g.length, w.length, where);
    g.forEach((v, i) => assert.ok(Math.abs(v - w[i]) <= 1e-5 * (1 + Math.abs(w[i])), `${where}[${i}]: ${v} vs ${w[i]}`));
    return;
  }
  for (const k of Object.keys(want)) check((got as Record<string, unknown>)[k], (want as Record<string, Enc>)[k], `${where}.${k}`);
}

const x = jnp.array([1, 2, 3]);
const n = jnp.array([3, 4, 5], { dtype: "int32" });
const b = jnp.array([true, false, true]);

test("grad({allowInt}): float0 gradients for integer and boolean inputs, as JAX", () => {
  const f = (x: NDArray, n: NDArray, b: NDArray) => jnp.sum(jnp.where(b, x.mul(n), x.mul(x)));
  check(grad(f, { argnums: [0, 1, 2], allowInt: true })(x, n, b), G.grad_allow_int, "grad");
  check(jit(grad(f, { argnums: [0, 1, 2], allowInt: true }))(x, n, b), G.grad_allow_int, "jit(grad)");
});

test("vjp, jvp and linearize take and give float0 for integer values, as JAX", () => {
  const [, pull] = vjp((x: NDArray, n: NDArray) => [x.mul(n), n.mul(2)], x, n);
  check(pull([jnp.ones([3]), jnp.zeros([3], { dtype: float0 })]), G.vjp_int_input, "vjp");
  const t = jvp((x: NDArray, n: NDArray) => [x.mul(n), n.mul(2)], [x, n], [jnp.ones([3]), jnp.zeros([3], { dtype: float0 })]);
  check(t, G.jvp_float0_tangent, "jvp");
  const [, flin] = linearize((x: NDArray, n: NDArray) => [jnp.sin(x).mul(n), n.add(1)], x, n);
  check(flin(jnp.ones([3]), jnp.zeros([3], { dtype: float0 })), G.linearize_int, "linearize");
  assert.throws(
    () => jvp((x: NDArray) => x, [x], [jnp.zeros([3], { dtype: float0 })]),
    /float0 is the tangent type of integer and boolean values/,
  );
  assert.throws(
    () => jvp((n: NDArray) => n, [n], [jnp.zeros([2], { dtype: float0 })]),
    /shape \(2,\) \(float0\) for a value of shape \(3,\)/,
  );
});

test("float0 arrays print as NumPy's", () => {
  check(jnp.zeros([2, 3], float0), G.float0_str_2d, "2d");
  check(jnp.zeros([2, 1, 2], float0), G.float0_str_3d, "3d");
  check(jnp.zeros([], float0), G.float0_str_0d, "0d");
});

test("jacfwd / jacrev / hessian with hasAux, holomorphic and allowInt, as JAX", () => {
  const g = (x: NDArray) => [jnp.sin(x).mul(x.get(0)), { s: jnp.sum(x) }];
  check(jacfwd(g, { hasAux: true })(x), G.jacfwd_has_aux, "jacfwd hasAux");
  check(jacrev(g, { hasAux: true })(x), G.jacrev_has_aux, "jacrev hasAux");
  check(hessian((x: NDArray) => [jnp.sum(jnp.sin(x).mul(x)), x.mul(2)], { hasAux: true })(x), G.hessian_has_aux, "hessian hasAux");
  check(jacrev((x: NDArray, n: NDArray) => x.mul(n), { argnums: [0, 1], allowInt: true })(x, n), G.jacrev_allow_int, "jacrev allowInt");
  const z = jnp.array(
    [
      { re: 1, im: 2 },
      { re: 0.5, im: -1 },
    ],
    { dtype: "complex64" },
  );
  const h = (z: NDArray) => z.mul(z).mul(z.get(0));
  check(jacfwd(h, { holomorphic: true })(z), G.jacfwd_holomorphic, "jacfwd holomorphic");
  check(jacrev(h, { holomorphic: true })(z), G.jacrev_holomorphic, "jacrev holomorphic");
});

test("integer and complex inputs raise JAX's errors (allowInt spelled as ours)", () => {
  const z = jnp.array([{ re: 1, im: 2 }], { dtype: "complex64" });
  const ours = (m: string) => m.replace("set allow_int to True", "set allowInt to true");
  const cases: [string, () => unknown][] = [
    ["grad_int", () => grad((n: NDArray) => jnp.sum(n.mul(1.0)))(n)],
    ["jacfwd_int", () => jacfwd((n: NDArray) => n.mul(1.0))(n)],
    ["jacfwd_complex", () => jacfwd((z: NDArray) => z.mul(2))(z)],
    ["jacrev_int", () => jacrev((n: NDArray) => n.mul(1.0))(n)],
    ["jacrev_complex_out", () => jacrev((x: NDArray) => x.mul(jnp.array({ re: 1, im: 1 })))(x)],
    ["jacrev_holomorphic_real", () => jacrev((x: NDArray) => x, { holomorphic: true })(x)],
  ];
  for (const [k, thunk] of cases) assert.throws(thunk, (e: Error) => e.message === ours(G.errors[k]), k);
});
