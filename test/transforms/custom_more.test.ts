// customVjp with symbolicZeros, lax.customRoot / lax.customLinearSolve with
// hasAux, against real JAX (scripts/gen_custom_more_goldens.py writes
// test/goldens/custom_more.json; each case is written as the generator's Python).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import {
  CustomVJPPrimal,
  customJvp,
  customVjp,
  customVjpPrimalTreeValues,
  grad,
  jit,
  jnp,
  jvp,
  lax,
  type NDArray,
  SymbolicZero,
  vmap,
  zeroFromPrimal,
} from "../../src/index.ts";
import { assertClose } from "../helpers/check_grads.ts";

type A = any;
type Golden = { data?: number[]; log?: string[] };
const golden = JSON.parse(readFileSync(new URL("../goldens/custom_more.json", import.meta.url), "utf8")) as Record<string, Golden>;
const check = (name: string, got: NDArray | NDArray[], rtol = 1e-5, atol = 1e-6) =>
  assertClose(Array.isArray(got) ? jnp.stack(got) : got, golden[name].data!, rtol, atol, name);

// f(x, y) = (sin(x) * y, 2x); the rule scales the first output's x-cotangent by 3.
const log: string[] = [];
const f = customVjp((x: A, y: A) => [jnp.multiply(jnp.sin(x), y), jnp.multiply(x, 2.0)]);
f.defvjp(
  (x: CustomVJPPrimal, y: CustomVJPPrimal) => {
    assert.ok(x instanceof CustomVJPPrimal);
    log.push(`fwd ${x.perturbed ? "True" : "False"} ${y.perturbed ? "True" : "False"}`);
    const [xv, yv] = customVjpPrimalTreeValues([x, y]);
    return [f(xv, yv), [xv, yv]];
  },
  ([x, y]: A[], [g0, g1]: A[]) => {
    const z = (c: unknown) => (c instanceof SymbolicZero ? `zero${JSON.stringify(c.shape).replaceAll(",", ", ")}` : "ct");
    log.push(`bwd ${z(g0)} ${z(g1)}`);
    let cx = g0 instanceof SymbolicZero ? jnp.zerosLike(x) : jnp.multiply(jnp.multiply(jnp.multiply(g0, y), jnp.cos(x)), 3.0);
    if (!(g1 instanceof SymbolicZero)) cx = jnp.add(cx, jnp.multiply(g1, 2.0));
    const cy = g0 instanceof SymbolicZero ? SymbolicZero.fromPrimalValue(y) : jnp.multiply(g0, jnp.sin(x));
    return [cx, cy];
  },
  { symbolicZeros: true },
);
const x = jnp.array([0.5, 1.0]);
const y = jnp.array([2.0, 3.0]);
const sum = (v: A) => jnp.sum(v);
function sz(name: string, got: NDArray | NDArray[], anyOrder = false) {
  check(name, got);
  const want = golden[`${name}_log`].log!;
  assert.deepEqual(anyOrder ? [...log].sort() : log, anyOrder ? [...want].sort() : want, `${name}: rule calls`);
  log.length = 0;
}

test("customVjp symbolicZeros: fwd sees perturbed, bwd sees symbolic zero cotangents (JAX goldens)", () => {
  log.length = 0;
  sz("sz_grad_x", grad((a: A) => sum(f(a, y)[0]))(x));
  sz("sz_grad_y", grad((b: A) => sum(f(x, b)[0]))(y));
  sz("sz_grad_out1", grad((a: A) => sum(f(a, y)[1]))(x));
  sz("sz_grad_both", grad((a: A, b: A) => sum(jnp.add(f(a, b)[0], f(a, b)[1])), { argnums: [0, 1] })(x, y) as NDArray[], true);
  sz("sz_jit_grad", jit(grad((a: A) => sum(f(a, y)[0])))(x));
  sz("sz_vmap_grad", vmap(grad((a: A, b: A) => f(a, b)[0]))(x, y));
  sz("sz_grad_vmap", grad((b: A) => sum(vmap(f, { inAxes: [null, 0] })(1.5, b)[1]))(y));
  sz("sz_eval", f(x, y));
});

test("customJvp symbolicZeros batched before differentiation: the rule still sees unbatched symbolic zeros (JAX goldens)", () => {
  const m = customJvp((a: A, b: A) => jnp.multiply(a, b));
  m.defjvp(
    ([a, b]: A[], [ta, tb]: A[]) => {
      const z = (c: unknown) => (c instanceof SymbolicZero ? `zero${JSON.stringify(c.shape)}` : "t");
      log.push(`jvp ${z(ta)} ${z(tb)}`);
      const parts = [
        ta instanceof SymbolicZero ? null : jnp.multiply(ta, b),
        tb instanceof SymbolicZero ? null : jnp.multiply(a, tb),
      ].filter((p) => p !== null);
      return [m(a, b), parts.length === 0 ? ta : parts.reduce((u: A, v: A) => jnp.add(u, v))];
    },
    { symbolicZeros: true },
  );
  log.length = 0;
  sz("szjvp_grad_vmap_y", grad((b: A) => sum(vmap(m, { inAxes: [null, 0] })(1.5, b)))(y));
  sz("szjvp_grad_vmap_x", grad((a: A) => sum(vmap(m)(a, y)))(x));
  sz("szjvp_jit_grad_vmap", jit(grad((a: A) => sum(vmap(m)(a, y))))(x));
});

test("customVjp symbolicZeros: grads match finite differences of the rule's function; a bwd may return a symbolic zero", () => {
  const g = customVjp((a: A) => jnp.multiply(jnp.sin(a), a));
  g.defvjp(
    (a: CustomVJPPrimal) => [g(a.value), a.value],
    (a: A, ct: A) => [jnp.multiply(ct, jnp.add(jnp.multiply(jnp.cos(a), a), jnp.sin(a)))],
    { symbolicZeros: true },
  );
  // (checkGrads needs forward mode, which custom_vjp has not: central differences by hand.)
  const a0 = [0.3, -1.2, 2.0];
  const loss = (a: A) => sum(jnp.multiply(g(a), jnp.array([1.0, -2.0, 0.5])));
  const fd = a0.map((_, i) => {
    const at = (d: number) => Number(loss(jnp.array(a0.map((v, j) => (j === i ? v + d : v)))).item());
    return (at(1e-2) - at(-1e-2)) / 2e-2;
  });
  assertClose(grad(loss)(jnp.array(a0)), fd, 1e-3, 1e-3);
  assertClose(jit(grad(loss))(jnp.array(a0)), fd, 1e-3, 1e-3);
  const h = customVjp((a: A) => jnp.multiply(a, 2.0));
  h.defvjp(
    (a: CustomVJPPrimal) => [h(a.value), null],
    () => [zeroFromPrimal(jnp.zeros([2]), { symbolicZeros: true })],
    { symbolicZeros: true },
  );
  assertClose(grad((a: A) => sum(h(a)))(x), [0, 0]);
  assertClose(vmap(grad((a: A) => sum(h(a))))(jnp.ones([3, 2])), jnp.zeros([3, 2]));
});

test("customVjp symbolicZeros: errors and helpers as JAX's", () => {
  const h = customVjp((a: A) => jnp.multiply(a, 2.0));
  h.defvjp(
    (a: CustomVJPPrimal) => [h(a.value), null],
    () => [new SymbolicZero(zeroFromPrimal(jnp.zeros([3]), { symbolicZeros: true }).aval)],
    { symbolicZeros: true },
  );
  assert.throws(
    () => grad((a: A) => sum(h(a)))(x),
    /SymbolicZero with a shape\/dtype that does not match.*at output\[0\].*float32\[3\].*float32\[2\]/,
  );
  assert.throws(() => customVjpPrimalTreeValues([x]), /unexpected leaf type/);
  assert.throws(
    () =>
      h.defvjp(
        (a: A) => [a, null],
        (r: A, g: A) => [g],
        { symbolicZeros: true, optimizeRemat: true },
      ),
    /NotImplementedError: remat/,
  );
  const zs = zeroFromPrimal([x, 1.0]) as NDArray[];
  assert.deepEqual([zs[0].shape, zs[0].dtype, zs[1].shape, zs[1].weakType], [[2], "float32", [], true]);
  const s = zeroFromPrimal([x], { symbolicZeros: true }) as unknown[];
  assert.ok(s[0] instanceof SymbolicZero);
  assert.deepEqual(SymbolicZero.fromPrimalValue(x).shape, [2]);
  // Without the option fwd sees plain arrays and zero cotangents arrive instantiated.
  const k = customVjp((a: A, b: A) => [jnp.multiply(a, b), b]);
  k.defvjp(
    (a: A, b: A) => {
      assert.ok(!(a instanceof CustomVJPPrimal));
      return [k(a, b), [a, b]];
    },
    ([a, b]: A[], [g0, g1]: A[]) => {
      assert.ok(!(g1 instanceof SymbolicZero));
      return [jnp.multiply(g0, b), jnp.add(jnp.multiply(g0, a), g1)];
    },
  );
  assertClose(grad((a: A) => sum(k(a, y)[0]))(x), y);
});

// Newton's method for sqrt(a); aux: {res: g(x) + 10, x2: 2x}.
function newton(g: (x: A) => A, x0: A): [A, A] {
  const dg = grad(g);
  const [xs] = lax.whileLoop(
    (c: A) => jnp.less(c[1], 30),
    ([xc, i]: A) => [jnp.subtract(xc, jnp.divide(g(xc), dg(xc))), jnp.add(i, 1)],
    [x0, jnp.int32(0)],
  ) as A[];
  return [xs, { res: jnp.add(g(xs), 10.0), x2: jnp.multiply(xs, 2.0) }];
}
const sqrtRoot = (a: A): [A, A] =>
  lax.customRoot(
    (xv: A) => jnp.subtract(jnp.multiply(xv, xv), a),
    1.0,
    newton,
    (g: A, yv: A) => jnp.divide(yv, g(1.0)),
    {
      hasAux: true,
    },
  );

test("lax.customRoot hasAux: value, aux, grad, jit, vmap (JAX goldens)", () => {
  const [r, aux] = sqrtRoot(jnp.float32(2.0));
  check("root_val", r);
  check("root_aux", [aux.res, aux.x2]);
  check("root_grad", grad((a: A) => sqrtRoot(a)[0])(2.0));
  check("root_jit_grad", jit(grad((a: A) => jnp.square(sqrtRoot(a)[0])))(jnp.float32(3.0)));
  const as = jnp.array([2.0, 4.0, 9.0]);
  check("root_vmap", vmap((a: A) => sqrtRoot(a)[0])(as));
  check("root_vmap_aux", vmap((a: A) => sqrtRoot(a)[1].x2)(as));
  check("root_grad_aux", grad((a: A) => jnp.add(sqrtRoot(a)[0], sqrtRoot(a)[1].x2))(2.0));
  check("root_vmap_grad", vmap(grad((a: A) => sqrtRoot(a)[0]))(as));
  // d sqrt(a)/da = 1/(2 sqrt(a)): finite differences agree.
  const fd = (Number(sqrtRoot(jnp.float32(2.01))[0].item()) - Number(sqrtRoot(jnp.float32(1.99))[0].item())) / 0.02;
  assertClose(grad((a: A) => sqrtRoot(a)[0])(2.0), fd, 1e-3);
  assert.throws(
    () =>
      lax.customRoot(
        (xv: A) => xv,
        1.0,
        (_g: A, x0: A) => x0,
        (_g: A, yv: A) => yv,
        { hasAux: true },
      ),
    /but a pytree tuple with auxiliary output was expected because has_aux was set to True/,
  );
});

const Am = jnp.array([
  [4.0, 1.0],
  [1.0, 3.0],
]);
const mv = (v: A) => jnp.matmul(Am, v);
const solveAux = (matvec: A, bv: A) => {
  const xs = jnp.linalg.solve(Am, bv);
  return [xs, jnp.add(jnp.sum(jnp.abs(jnp.subtract(matvec(xs), bv))), 7.0)];
};
const tsolveAux = (_vecmat: A, bv: A) => [jnp.linalg.solve(Am.T, bv), jnp.float32(5.0)];
const cls = (bv: A): [A, A] => lax.customLinearSolve(mv, bv, solveAux, { transposeSolve: tsolveAux, hasAux: true });

test("lax.customLinearSolve hasAux: value, aux, grad, jvp, jit, vmap, symmetric (JAX goldens)", () => {
  const bv = jnp.array([1.0, 2.0]);
  const [xs, aux] = cls(bv);
  check("ls_val", xs);
  check("ls_aux", aux, 1e-5, 1e-5);
  const loss = (b2: A) => jnp.sum(jnp.square(cls(b2)[0]));
  check("ls_grad", grad(loss)(bv));
  check("ls_jit_grad", jit(grad((b2: A) => jnp.sum(jnp.sin(cls(b2)[0]))))(bv));
  const bs = jnp.array([
    [1.0, 2.0],
    [3.0, -1.0],
  ]);
  check("ls_vmap", vmap((b2: A) => cls(b2)[0])(bs));
  check("ls_vmap_aux", vmap((b2: A) => cls(b2)[1])(bs), 1e-5, 1e-5);
  check("ls_jvp", jvp((b2: A) => cls(b2)[0], [bv], [jnp.array([0.5, -1.0])])[1] as NDArray);
  check("ls_sym", grad((b2: A) => jnp.sum(jnp.square(lax.customLinearSolve(mv, b2, solveAux, { symmetric: true, hasAux: true })[0])))(bv));
  // Finite differences of the loss along e0.
  const e = jnp.array([1e-2, 0]);
  const fd = (Number(loss(jnp.add(bv, e)).item()) - Number(loss(jnp.subtract(bv, e)).item())) / 2e-2;
  assertClose(jnp.take(grad(loss)(bv), 0), fd, 1e-3, 1e-4);
  assert.throws(
    () => lax.customLinearSolve(mv, bv, (_m: A, b2: A) => b2, { hasAux: true }),
    /solve\(\) produced a pytree with structure .* but a pytree tuple with auxiliary output was expected/,
  );
});

test("customVjp: a bwd cotangent of another dtype passes through for an inexact input; a wrong shape is JAX's error", () => {
  // JAX 0.10.2 (its "temporary dtype exception"): grad returns the bwd rule's bfloat16 as it is.
  const f = customVjp((x: NDArray) => x.mul(2));
  f.defvjp(
    (x: NDArray) => [x.mul(2), null],
    (_r: unknown, g: NDArray) => [g.astype("bfloat16")],
  );
  const g = grad((x: NDArray) => jnp.sum(f(x)))(jnp.ones([3])) as NDArray;
  assert.equal(g.dtype, "bfloat16");
  assert.deepEqual(Array.from(g.dataSync() as Float32Array), [1, 1, 1]); // the bwd rule returns g itself
  const h = customVjp((x: NDArray) => x.mul(2));
  h.defvjp(
    (x: NDArray) => [x.mul(2), null],
    () => [jnp.ones([2], { dtype: "float16" })],
  );
  assert.throws(
    () => grad((x: NDArray) => jnp.sum(h(x)))(jnp.ones([3])),
    /Custom VJP bwd rule must produce an output with the same type as the args tuple of the primal function, but at output\[0\] the bwd rule produced an output of type float16\[2\] corresponding to an input of type float32\[3\]/,
  );
});
