// customJvp / customVjp / customGradient / closureConvert / linearTranspose:
// printing, errors, finite differences, compositions, both backends.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  closureConvert,
  customJvp,
  customVjp,
  grad,
  jit,
  jnp,
  jvp,
  lax,
  linearize,
  makeJaxpr,
  type NDArray,
  SymbolicZero,
  vjp,
  vmap,
} from "../../src/index.ts";
import { agree, rand } from "../helpers/backends.ts";
import { assertClose, checkGrads } from "../helpers/check_grads.ts";
type A = any;

// log(1 + exp(x)) with the stable derivative sigmoid(x), as a custom_jvp.
const softplus = customJvp(function softplus(x: A) {
  return jnp.log1p(jnp.exp(x));
});
softplus.defjvp(function softplusJvp([x]: A[], [t]: A[]) {
  return [softplus(x), jnp.multiply(t, jnp.divide(1, jnp.add(1, jnp.exp(jnp.negative(x)))))];
});

// x * y with a hand-written VJP.
const mul = customVjp(function mul(x: A, y: A) {
  return jnp.multiply(x, y);
});
mul.defvjp(
  function mulFwd(x: A, y: A) {
    return [jnp.multiply(x, y), { x, y }];
  },
  function mulBwd(r: A, g: A) {
    return [jnp.multiply(g, r.y), jnp.multiply(g, r.x)];
  },
);

test("makeJaxpr prints custom_jvp_call and custom_vjp_call as JAX", () => {
  const t = String(makeJaxpr(softplus)(jnp.array([1.5])));
  assert.match(t, /custom_jvp_call\[\n\s+name=softplus\n\s+call_jaxpr=\{ lambda ; c:f32\[1\]\. let\n/);
  assert.match(t, /jvp=softplusJvp\n\s+symbolic_zeros=False\n\s+\] a/);
  const v = String(makeJaxpr(mul)(1.5, 2.5));
  assert.match(
    v,
    /custom_vjp_call\[\n\s+name=mul\n\s+bwd=mulBwd\n\s+call_jaxpr=\{ lambda ; d:f32\[\] e:f32\[\]\. let f:f32\[\] = mul d e in \(f,\) \}/,
  );
  assert.match(v, /fwd=mulFwd\n\s+symbolic_zeros=False\n\s+\] a b/);
});

test("errors as JAX's", () => {
  assert.throws(() => jvp(mul, [1.5, 2.5], [1.5, 1.5]), {
    name: "TypeError",
    message: "can't apply forward-mode autodiff (jvp) to a custom_vjp function.",
  });
  const noRule = customJvp((x: A) => x);
  assert.throws(() => noRule(jnp.ones([2])), { name: "AttributeError", message: /No JVP defined for custom_jvp function/ });
  const noVjp = customVjp((x: A) => x);
  assert.throws(() => noVjp(jnp.ones([2])), { name: "AttributeError", message: /No VJP defined for custom_vjp function/ });
  const bad = customVjp((x: A, y: A) => jnp.multiply(x, y));
  bad.defvjp(
    (x: A, y: A) => [jnp.multiply(x, y), null],
    (_r: A, g: A) => [g],
  );
  assert.throws(() => grad(bad)(1.5, 2.5), {
    name: "TypeError",
    message: /bwd rule must produce a tuple \(list\) of length equal to the number of primal/,
  });
  assert.throws(() => customJvp((x: A) => x, { nondiffArgnums: "0" as never }), { name: "TypeError" });
  // As JAX: a traced array in a custom_vjp's nondiffArgnums position.
  const nd = customVjp((k: A, x: A) => jnp.multiply(k, x), { nondiffArgnums: [0] });
  nd.defvjp(
    (k: A, x: A) => [nd(k, x), null],
    (k: A, _r: A, g: A) => [jnp.multiply(k, g)],
  );
  assertClose(grad((x: A) => nd(2.5, x))(1.5), 2.5);
  assert.throws(() => grad((k: A) => nd(k, 1.5))(2.5), { name: "UnexpectedTracerError", message: /nondiff_argnums as non-differentiable/ });
});

test("customJvp: finite differences to second order, vmap, jit, linearize, both backends", () => {
  const f = (x: NDArray) => jnp.sum(jnp.multiply(softplus(x), softplus(jnp.multiply(x, 2))));
  checkGrads(f, [rand([5], 1)], { order: 2 });
  const x = rand([4, 3], 2);
  assertClose(vmap(grad((r: A) => jnp.sum(softplus(r))))(x), jnp.divide(1, jnp.add(1, jnp.exp(jnp.negative(x)))), 1e-5, 1e-6);
  const [y, fl] = linearize(softplus, x);
  assertClose(y as NDArray, softplus(x));
  assertClose(fl(jnp.onesLike(x)) as NDArray, grad((r: A) => jnp.sum(softplus(r)))(x), 1e-5, 1e-6);
  agree("custom_jvp grad", (a) => grad((r: A) => jnp.sum(softplus(jnp.multiply(r, r))))(a), [x], 1e-5, 1e-6);
  agree("custom_jvp vmap", (a) => vmap((r: A) => softplus(r), { inAxes: 1 })(a), [x], 1e-6, 1e-6, true);
});

test("customJvp: nondiff array arguments, closures over traced values, forward mode through while", () => {
  const scaled = customJvp((k: A, x: A) => jnp.multiply(k, jnp.sin(x)), { nondiffArgnums: [0] });
  scaled.defjvp((k: A, [x]: A[], [t]: A[]) => [scaled(k, x), jnp.multiply(jnp.multiply(k, jnp.cos(x)), t)]);
  const k = jnp.array([2.0, 3.0]);
  const x = jnp.array([0.3, 0.7]);
  assertClose(grad((v: A) => jnp.sum(scaled(k, v)))(x), jnp.multiply(k, jnp.cos(x)), 1e-5, 1e-6);
  assertClose(jit(vmap(grad((kk: A, v: A) => scaled(kk, v), { argnums: 1 })))(k, x), jnp.multiply(k, jnp.cos(x)), 1e-5, 1e-6);
  // A rule closing over a value the applying JVP differentiates: JAX's escaped-tracer error.
  const outer = (a: A) => {
    const g = customJvp((v: A) => jnp.multiply(a, jnp.sin(v)));
    g.defjvp(([v]: A[], [t]: A[]) => [g(v), jnp.multiply(jnp.multiply(a, jnp.cos(v)), t)]);
    return grad(g)(0.5);
  };
  assert.throws(() => jit(grad(outer))(1.5), { name: "UnexpectedTracerError" });
  // Closing over a value of an outer vmap or jit is fine.
  const closes = (a: A) => {
    const g = customJvp((v: A) => jnp.multiply(a, jnp.sin(v)));
    g.defjvp(([v]: A[], [t]: A[]) => [g(v), jnp.multiply(jnp.multiply(a, jnp.cos(v)), t)]);
    return grad(g)(0.5);
  };
  assertClose(vmap(closes)(jnp.array([1.5, 2.0])), [1.5 * Math.cos(0.5), 2 * Math.cos(0.5)], 1e-5, 1e-6);
  assertClose(jit(closes)(jnp.array(1.5)), 1.5 * Math.cos(0.5), 1e-5, 1e-6);
  const loop = (v: A) =>
    lax.whileLoop(
      (c: A) => jnp.less(c[0], 3),
      (c: A) => [jnp.add(c[0], 1), softplus(c[1])],
      [0, v],
    )[1];
  const [, t] = jvp(loop, [0.2], [1.0]) as unknown as [NDArray, NDArray];
  const [, tRef] = jvp((v: A) => jnp.log1p(jnp.exp(jnp.log1p(jnp.exp(jnp.log1p(jnp.exp(v)))))), [0.2], [1.0]) as unknown as [
    NDArray,
    NDArray,
  ];
  assertClose(t, tRef, 1e-5, 1e-6);
});

test("customVjp: gradients against finite differences, vjp, jit, vmap, both backends", () => {
  const f = (x: A, y: A) => jnp.sum(jnp.sin(mul(x, y)));
  const x = rand([3], 4);
  const y = rand([3], 5);
  const [gx, gy] = grad(f, { argnums: [0, 1] })(x, y) as NDArray[];
  const fd = (i: number) => {
    const e = jnp.array([0, 1, 2].map((j) => (j === i ? 1e-3 : 0)));
    return (Number(f(jnp.add(x, e), y).item()) - Number(f(jnp.subtract(x, e), y).item())) / 2e-3;
  };
  assertClose(gx, [0, 1, 2].map(fd), 1e-2, 1e-3);
  assertClose(gy, jnp.multiply(jnp.cos(jnp.multiply(x, y)), x), 1e-5, 1e-6);
  const [out, pb] = vjp(mul, x, y);
  assertClose(out as NDArray, jnp.multiply(x, y));
  const [cx, cy] = pb(jnp.onesLike(x)) as NDArray[];
  assertClose(cx, y);
  assertClose(cy, x);
  agree("custom_vjp grad", (a, b) => grad(f, { argnums: [0, 1] })(a, b) as NDArray[], [x, y], 1e-5, 1e-6);
  agree("custom_vjp vmap grad", (a, b) => vmap(grad(f))(a, b), [rand([2, 3], 6), rand([2, 3], 7)], 1e-5, 1e-6);
  // linearize is forward mode, which JAX refuses for a custom_vjp function.
  assert.throws(() => linearize(mul, 1.5, 2.5), {
    name: "TypeError",
    message: "can't apply forward-mode autodiff (jvp) to a custom_vjp function.",
  });
});

test("closureConvert hoists traced constants so a custom_vjp can take them as arguments", () => {
  // A fixed-point style use: the inner function closes over a traced parameter.
  const outer = (a: A) => {
    const fn = (x: A) => jnp.multiply(a, jnp.sin(x));
    const [conv, consts] = closureConvert(fn, 0.5);
    assert.equal(consts.length, 1);
    const cv = customVjp((x: A, c: A) => conv(x, c) as NDArray);
    cv.defvjp(
      (x: A, c: A) => [conv(x, c), [x, c]],
      ([xx, c]: A[], g: A) => [jnp.multiply(jnp.multiply(g, c), jnp.cos(xx)), jnp.multiply(g, jnp.sin(xx))],
    );
    return cv(0.5, consts[0]);
  };
  assertClose(grad(outer)(1.5), Math.sin(0.5), 1e-5, 1e-6);
  const [conv, consts] = closureConvert((x: A) => jnp.multiply(x, 2), 1.5);
  assert.equal(consts.length, 0);
  assertClose(conv(jnp.array(4, { dtype: "float32" })) as NDArray, 8);
});

test("defjvp with symbolicZeros: zero tangents arrive as SymbolicZero, and a rule may return one", () => {
  const seen: string[] = [];
  const f = customJvp((x: A, y: A) => jnp.multiply(x, y));
  f.defjvp(
    ([x, y]: A[], [tx, ty]: A[]) => {
      seen.push(
        `${tx instanceof SymbolicZero ? `zero${JSON.stringify(tx.shape)}${tx.dtype}` : "t"},${ty instanceof SymbolicZero ? "zero" : "t"}`,
      );
      const parts = [
        tx instanceof SymbolicZero ? null : jnp.multiply(tx, y),
        ty instanceof SymbolicZero ? null : jnp.multiply(x, ty),
      ].filter((p) => p !== null);
      return [f(x, y), parts.length === 0 ? tx : parts.reduce((a, b) => jnp.add(a, b))];
    },
    { symbolicZeros: true },
  );
  const x = jnp.array([1.0, 2.0]);
  const y = jnp.array([3.0, 4.0]);
  assertClose(grad((a: A) => jnp.sum(f(a, y)))(x), y);
  assertClose(jit(vmap(grad((b: A, a: A) => f(a, b))))(y, x), x);
  assert.equal(seen[0], "t,zero");
  assert.equal(seen[1], "zero[]float32,t");
  // Without the option zeros are instantiated (JAX's default).
  const g = customJvp((x2: A) => jnp.sin(x2));
  g.defjvp(([x2]: A[], [t]: A[]) => {
    assert.ok(!(t instanceof SymbolicZero));
    return [g(x2), t];
  });
  assertClose(grad((a: A) => jnp.sum(g(a)))(x), [1, 1]);
});
