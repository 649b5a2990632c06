import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ConcretizationTypeError,
  UnexpectedTracerError,
  grad,
  hessian,
  jacfwd,
  jacrev,
  jit,
  jnp,
  jvp,
  lax,
  linearize,
  makeJaxpr,
  nn,
  valueAndGrad,
  vjp,
  vmap,
  type NDArray,
} from "../../src/index.ts";
import { assertClose, checkGrads } from "../helpers/check_grads.ts";

test("grad of simple functions matches analytic derivatives", () => {
  const f = (x: NDArray) => jnp.sum(jnp.sin(x).mul(x));
  const x = jnp.array([0.5, 1.0, -2.0]);
  const g = grad(f)(x) as NDArray;
  const expected = [0.5, 1.0, -2.0].map((v) => Math.cos(v) * v + Math.sin(v));
  assertClose(g, expected, 1e-6, 1e-6, "grad sin(x)*x");
});

test("checkGrads over a range of jnp functions", () => {
  const x: unknown = [
    [0.3, -0.7, 1.1],
    [0.9, 0.2, -1.5],
  ];
  const unary: Array<[string, (x: NDArray) => NDArray]> = [
    ["exp", jnp.exp],
    ["sin", jnp.sin],
    ["cos", jnp.cos],
    ["tanh", jnp.tanh],
    ["sinh", jnp.sinh],
    ["arctan", jnp.arctan],
    ["square", jnp.square],
    ["abs", jnp.abs],
    ["sigmoid", nn.sigmoid],
    ["softplus", nn.softplus],
    ["gelu", (v) => nn.gelu(v)],
    ["softmax", (v) => nn.softmax(v)],
    ["logsumexp", (v) => nn.logsumexp(v, 1)],
    ["erf", lax.erf],
    ["cbrt", (v) => jnp.cbrt(jnp.add(v, 3))],
    ["log", (v) => jnp.log(jnp.add(jnp.square(v), 1))],
    ["sqrt", (v) => jnp.sqrt(jnp.add(jnp.square(v), 1))],
    ["sum", (v) => jnp.sum(v, 0)],
    ["mean", (v) => jnp.mean(v, 1)],
    ["max", (v) => jnp.max(v, 1)],
    ["prod", (v) => jnp.prod(v, 1)],
    ["var", (v) => jnp.var(v, 0)],
    ["cumsum", (v) => jnp.cumsum(v, 1)],
    ["cumprod", (v) => jnp.cumprod(v, 1)],
    ["transpose", (v) => v.T],
    ["reshape", (v) => v.reshape([3, 2])],
    ["slice", (v) => v.get(jnp.s(null, null, -1), jnp.s(1))],
    ["concat", (v) => jnp.concatenate([v, v.mul(2)], 1)],
    ["pad", (v) => jnp.pad(v, 1)],
    ["tile", (v) => jnp.tile(v, [2, 1])],
    ["power", (v) => jnp.power(jnp.add(jnp.square(v), 1), 1.5)],
    ["where", (v) => jnp.where(v.gt(0), v, jnp.sin(v))],
    ["clip", (v) => jnp.clip(v, -0.5, 0.5)],
    ["norm", (v) => jnp.linalg.norm(v)],
  ];
  for (const [name, f] of unary) {
    try {
      checkGrads(f, [x]);
    } catch (e) {
      throw new Error(`${name}: ${(e as Error).message}`);
    }
  }
  const y: unknown = [
    [1.2, 0.4, -0.3],
    [0.1, -0.8, 0.6],
  ];
  const binary: Array<[string, (a: NDArray, b: NDArray) => NDArray]> = [
    ["add", jnp.add],
    ["sub", jnp.subtract],
    ["mul", jnp.multiply],
    ["div", (a, b) => jnp.divide(a, jnp.add(jnp.square(b), 1))],
    ["maximum", jnp.maximum],
    ["minimum", jnp.minimum],
    ["arctan2", jnp.arctan2],
    ["matmul", (a, b) => jnp.matmul(a, b.T)],
    ["dot", (a, b) => jnp.dot(a.T, b)],
    ["einsum", (a, b) => jnp.einsum("ij,kj->ik", a, b)],
  ];
  for (const [name, f] of binary) {
    try {
      checkGrads(f, [x, y]);
    } catch (e) {
      throw new Error(`${name}: ${(e as Error).message}`);
    }
  }
});

test("second-order derivatives: hessian and grad of grad", () => {
  const f = (x: NDArray) => jnp.sum(jnp.power(x, 3));
  const x = jnp.array([1.0, 2.0]);
  const h = hessian(f)(x) as NDArray;
  assertClose(h, [6, 0, 0, 12], 1e-6, 1e-6, "hessian");
  const g2 = grad((v: NDArray) => grad((u: NDArray) => jnp.sin(u).mul(u))(v))(jnp.array(0.7)) as NDArray;
  assertClose(g2, 2 * Math.cos(0.7) - 0.7 * Math.sin(0.7), 1e-5, 1e-6, "grad(grad)");
  checkGrads((v) => jnp.sum(jnp.tanh(v).mul(v)), [[0.3, -0.2]], { order: 2 });
});

test("jacfwd and jacrev agree", () => {
  const f = (x: NDArray) => jnp.sin(x).mul(x.get(0));
  const x = jnp.array([0.5, 1.5, -1.0]);
  const a = jacfwd(f)(x) as NDArray;
  const b = jacrev(f)(x) as NDArray;
  assert.deepEqual(a.shape, [3, 3]);
  assertClose(a, b, 1e-6, 1e-6, "jacfwd vs jacrev");
});

test("grad with pytrees, argnums and hasAux", () => {
  const loss = (p: { w: NDArray; b: NDArray }, x: NDArray) => jnp.sum(jnp.square(jnp.add(jnp.dot(x, p.w), p.b)));
  const p = {
    w: jnp.array([
      [1, 2],
      [3, 4],
    ]),
    b: jnp.array([0.5, -0.5]),
  };
  const x = jnp.array([
    [1, 0],
    [0, 1],
  ]);
  const g = grad(loss)(p, x) as { w: NDArray; b: NDArray };
  // d/dw sum((xw+b)^2) = 2 x^T (xw+b)
  const r = jnp.add(jnp.dot(x, p.w), p.b);
  assertClose(g.w, jnp.dot(x.T, r).mul(2), 1e-6, 1e-6, "dw");
  assertClose(g.b, jnp.sum(r, 0).mul(2), 1e-6, 1e-6, "db");
  const both = grad(loss, { argnums: [0, 1] })(p, x) as unknown[];
  assert.equal(both.length, 2);
  const [[v, aux], gx] = valueAndGrad((a: NDArray) => [jnp.sum(a.mul(a)), a.mul(3)], { hasAux: true })(jnp.array([1, 2])) as [
    [NDArray, NDArray],
    NDArray,
  ];
  assertClose(v, 5);
  assertClose(aux, [3, 6]);
  assertClose(gx, [2, 4]);
});

test("grad errors like JAX", () => {
  assert.throws(
    () => grad((x: NDArray) => x.mul(2))(jnp.array([1, 2])),
    /Gradient only defined for scalar-output functions. Output had shape: \(2,\)/,
  );
  assert.throws(
    () => grad((x: NDArray) => jnp.sum(x))(jnp.array([1, 2], { dtype: "int32" })),
    /grad requires real- or complex-valued inputs/,
  );
  assert.throws(() => grad((x: NDArray) => jnp.sum(x).astype("int32"))(jnp.array([1, 2])), /grad requires real-valued outputs/);
});

test("jvp, linearize and vjp agree", () => {
  const f = (x: NDArray, y: NDArray) => jnp.sin(x).mul(y);
  const x = jnp.array([0.1, 0.2]);
  const y = jnp.array([2.0, 3.0]);
  const tx = jnp.array([1.0, 0.0]);
  const ty = jnp.array([0.0, 1.0]);
  const [out, tout] = jvp(f, [x, y], [tx, ty]) as [NDArray, NDArray];
  const [out2, flin] = linearize(f, x, y);
  assertClose(out, out2 as NDArray);
  assertClose(tout, flin(tx, ty) as NDArray, 1e-6, 1e-7);
  const [, pull] = vjp(f, x, y);
  const [cx, cy] = pull(jnp.array([1.0, 1.0])) as NDArray[];
  assertClose(cx, jnp.cos(x).mul(y));
  assertClose(cy, jnp.sin(x));
});

test("vmap: in/out axes, nested, per-example gradients, errors", () => {
  const f = (a: NDArray, b: NDArray) => jnp.dot(a, b);
  const A = jnp.arange(12).reshape([3, 4]).astype("float32");
  const B = jnp.arange(8).reshape([4, 2]).astype("float32");
  const out = vmap(f, { inAxes: [0, null] })(A, B) as NDArray;
  assertClose(out, jnp.dot(A, B));
  const outT = vmap(f, { inAxes: [1, null], outAxes: 1 })(A.T, B) as NDArray;
  assertClose(outT, jnp.dot(A, B).T);
  const nested = vmap(
    vmap((a: NDArray, b: NDArray) => a.mul(b), { inAxes: [0, null] }),
    { inAxes: [null, 0] },
  )(jnp.array([1, 2, 3]), jnp.array([10, 20])) as NDArray;
  assert.deepEqual(nested.shape, [2, 3]);
  assertClose(nested, [10, 20, 30, 20, 40, 60]);
  const loss = (w: NDArray, x: NDArray) => jnp.sum(jnp.tanh(jnp.dot(x, w)));
  const w = jnp.array([0.1, -0.2, 0.3]);
  const xs = jnp.array([
    [1, 2, 3],
    [0.5, -1, 2],
  ]);
  const perEx = vmap(grad(loss), { inAxes: [null, 0] })(w, xs) as NDArray;
  for (let i = 0; i < 2; i++) assertClose(perEx.get(i), grad(loss)(w, xs.get(i)) as NDArray, 1e-6, 1e-7, `example ${i}`);
  assert.throws(
    () => vmap(f)(jnp.ones([2, 3]), jnp.ones([3, 3])),
    /vmap got inconsistent sizes for array axes to be mapped:[\s\S]*size 2[\s\S]*size 3/,
  );
});

test("jit: caching by shape/dtype/static args, nested jit, composition with grad and vmap", () => {
  let traces = 0;
  const f = jit((x: NDArray) => {
    traces++;
    return jnp.sin(x).mul(2);
  });
  f(jnp.array([1, 2]));
  f(jnp.array([3, 4]));
  assert.equal(f.cacheSize(), 1);
  assert.equal(traces, 1);
  f(jnp.array([1, 2, 3]));
  assert.equal(f.cacheSize(), 2);
  f(jnp.array([1, 2], { dtype: "int32" }));
  assert.equal(f.cacheSize(), 3);
  const g = jit((x: NDArray, axis: number) => jnp.sum(x, axis), { staticArgnums: 1 });
  const m = jnp.arange(6).reshape([2, 3]);
  assertClose(g(m, 0), [3, 5, 7]);
  assertClose(g(m, 1), [3, 12]);
  assert.equal(g.cacheSize(), 2);
  assert.throws(() => g(m, jnp.array(1) as unknown as number), /Non-hashable static arguments/);
  const h = (x: NDArray) => jnp.sum(jnp.tanh(x).mul(x));
  const x = jnp.array([0.3, -1.2, 2.0]);
  const ref = grad(h)(x) as NDArray;
  assertClose(jit(grad(h))(x) as NDArray, ref, 1e-6, 1e-7, "jit(grad)");
  assertClose(grad(jit(h))(x) as NDArray, ref, 1e-6, 1e-7, "grad(jit)");
  const vj = jit(vmap(jit((v: NDArray) => v.mul(v).sum())));
  assertClose(vj(jnp.ones([4, 3])) as NDArray, [3, 3, 3, 3]);
  assertClose(jacfwd(jacrev(h))(x) as NDArray, hessian(h)(x) as NDArray, 1e-5, 1e-6);
});

test("traced values used as JS values raise ConcretizationTypeError", () => {
  const f = jit((x: NDArray) => (Number(x) > 0 ? x : x.neg()));
  assert.throws(() => f(jnp.array(1)), ConcretizationTypeError);
  assert.throws(() => jit((x: NDArray) => x.item())(jnp.array(1)), ConcretizationTypeError);
  // The library still works afterwards.
  assertClose(jit((x: NDArray) => x.add(1))(jnp.array(1)) as NDArray, 2);
});

test("leaked tracers raise UnexpectedTracerError", () => {
  let leaked: NDArray | null = null;
  jit((x: NDArray) => {
    leaked = x;
    return x;
  })(jnp.array(1));
  assert.throws(() => jnp.add(leaked!, 1), UnexpectedTracerError);
});

test("makeJaxpr prints JAX-style jaxprs", () => {
  const j = makeJaxpr((x: NDArray) => jnp.sin(x).mul(2))(jnp.ones([3]));
  const s = j.toString();
  assert.match(s, /\{ lambda ; a:f32\[3\]\. let/);
  assert.match(s, /b:f32\[3\] = sin a/);
  assert.match(s, /broadcast_in_dim\[broadcast_dimensions=\(\) shape=\(3,\)\] 2\.0:f32\[\]/);
  assert.match(s, /:f32\[3\] = mul b c/);
  const lowered = jit((x: NDArray) => jnp.cos(x))
    .lower(jnp.ones([2]))
    .asText();
  assert.match(lowered, /cos a/);
});

test("jaxprs from jit, grad and vmap type-check; a corrupted jaxpr does not", async () => {
  const { typecheckJaxpr } = await import("../../src/core/typecheck.ts");
  const f = (x: NDArray) => jnp.sum(jnp.tanh(jnp.dot(x, x.T)).mul(2));
  const x = jnp.ones([3, 4]);
  const cases: Array<[(v: NDArray) => unknown, NDArray]> = [
    [f, x],
    [grad(f), x],
    [vmap(f), jnp.ones([2, 3, 4])],
    [jacrev(f), x],
  ];
  for (const [g, arg] of cases) typecheckJaxpr(makeJaxpr(g)(arg).jaxpr);
  const j = makeJaxpr(f)(x).jaxpr;
  const bad = new (j.constructor as any)(j.constvars, j.inBinders, [...j.eqns].reverse(), j.outs);
  assert.throws(() => typecheckJaxpr(bad), /typecheck: .* before it is bound/);
});
