// Per-function batteries: checkGrads (JVP vs central differences in float64,
// VJP vs JVP by the dot-product identity) over the differentiable jnp/lax
// functions, and vmap vs a stacked loop over several in/out axes.
import { test } from "node:test";
import { jnp, lax, nn, scipy, vmap, type NDArray } from "../../src/index.ts";
import { assertClose, checkGrads } from "../helpers/check_grads.ts";

function grid(shape: number[], lo: number, hi: number, seed: number): NDArray {
  let s = seed;
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + (hi - lo) * (s / 4294967296);
  }
  return jnp.array(Array.from(out)).reshape(shape);
}

type F = (...xs: NDArray[]) => NDArray;
// [name, f, argument ranges]: ranges keep arguments inside each function's smooth domain.
const UNARY: Array<[string, F, [number, number]]> = [
  ["neg", (x) => jnp.negative(x), [-2, 2]],
  ["exp", jnp.exp, [-2, 2]],
  ["exp2", jnp.exp2, [-2, 2]],
  ["log", jnp.log, [0.5, 3]],
  ["log1p", jnp.log1p, [-0.5, 2]],
  ["expm1", jnp.expm1, [-2, 2]],
  ["tanh", jnp.tanh, [-2, 2]],
  ["sigmoid", nn.sigmoid, [-3, 3]],
  ["sin", jnp.sin, [-3, 3]],
  ["cos", jnp.cos, [-3, 3]],
  ["tan", jnp.tan, [-1, 1]],
  ["arcsin", jnp.arcsin, [-0.8, 0.8]],
  ["arccos", jnp.arccos, [-0.8, 0.8]],
  ["arctan", jnp.arctan, [-2, 2]],
  ["sinh", jnp.sinh, [-2, 2]],
  ["cosh", jnp.cosh, [-2, 2]],
  ["arcsinh", jnp.arcsinh, [-2, 2]],
  ["arccosh", jnp.arccosh, [1.5, 3]],
  ["arctanh", jnp.arctanh, [-0.8, 0.8]],
  ["sqrt", jnp.sqrt, [0.5, 3]],
  ["cbrt", jnp.cbrt, [0.5, 3]],
  ["square", jnp.square, [-2, 2]],
  ["abs", jnp.abs, [0.2, 2]],
  ["erf", scipy.special.erf, [-2, 2]],
  ["erfinv", scipy.special.erfinv, [-0.8, 0.8]],
  ["relu", nn.relu, [0.2, 2]],
  ["gelu", (x) => nn.gelu(x), [-2, 2]],
  ["softplus", nn.softplus, [-2, 2]],
  ["softmax", (x) => nn.softmax(x, -1), [-2, 2]],
  ["logSoftmax", (x) => nn.logSoftmax(x, -1), [-2, 2]],
  ["logsumexp", (x) => scipy.special.logsumexp(x, 1), [-2, 2]],
  ["sum", (x) => jnp.sum(x, 0), [-2, 2]],
  ["prod", (x) => jnp.prod(x, 1), [0.5, 2]],
  ["mean", (x) => jnp.mean(x, 1), [-2, 2]],
  ["var", (x) => jnp.var(x, 0), [-2, 2]],
  ["max", (x) => jnp.max(x, 1), [-2, 2]],
  ["cumsum", (x) => jnp.cumsum(x, 1), [-2, 2]],
  ["cumprod", (x) => jnp.cumprod(x, 1), [0.5, 1.5]],
  ["transpose", (x) => x.T, [-2, 2]],
  ["reshape", (x) => x.reshape([6, 2]), [-2, 2]],
  ["flip", (x) => jnp.flip(x, 1), [-2, 2]],
  ["slice", (x) => x.get(jnp.s(null, null, 2)), [-2, 2]],
  ["pad", (x) => jnp.pad(x, 1), [-2, 2]],
  ["roll", (x) => jnp.roll(x, 1, 1), [-2, 2]],
  ["concatenate", (x) => jnp.concatenate([x, x.mul(2)], 1), [-2, 2]],
  ["take", (x) => jnp.take(x, jnp.array([2, 0, 2], { dtype: "int32" }), 1), [-2, 2]],
  ["at.set", (x) => x.at(1).set(x.get(0).mul(3)), [-2, 2]],
  ["at.add", (x) => x.at(2).add(x.get(0).mul(x.get(1))), [-2, 2]],
  ["sort", (x) => jnp.sort(x, 1), [-2, 2]],
  ["integerPow", (x) => lax.integerPow(x, 3), [-2, 2]],
  ["pow", (x) => jnp.power(x, 2.5), [0.5, 2]],
  ["clip", (x) => jnp.clip(x, -1, 1), [-0.9, 0.9]],
  ["linalg.det", (x) => jnp.linalg.det(x.T.get(jnp.s(0, 3))), [-2, 2]],
];
const BINARY: Array<[string, F, [number, number], [number, number]]> = [
  ["add", jnp.add, [-2, 2], [-2, 2]],
  ["sub", jnp.subtract, [-2, 2], [-2, 2]],
  ["mul", jnp.multiply, [-2, 2], [-2, 2]],
  ["div", jnp.divide, [-2, 2], [0.5, 2]],
  ["pow", jnp.power, [0.5, 2], [-1, 2]],
  ["maximum", jnp.maximum, [-2, 0], [0.1, 2]],
  ["minimum", jnp.minimum, [-2, 0], [0.1, 2]],
  ["arctan2", jnp.arctan2, [0.5, 2], [0.5, 2]],
  ["where", (x, y) => jnp.where(x.gt(0), x, y), [-2, 2], [-2, 2]],
  ["matmul", (x, y) => jnp.matmul(x, y.T), [-2, 2], [-2, 2]],
  ["dot", (x, y) => jnp.dot(x.get(0), y.T), [-2, 2], [-2, 2]],
  ["einsum", (x, y) => jnp.einsum("ij,kj->ik", x, y), [-2, 2], [-2, 2]],
  ["hypot-ish", (x, y) => jnp.sqrt(x.mul(x).add(y.mul(y))), [0.5, 2], [0.5, 2]],
];

test("checkGrads: every differentiable unary function (first and second order)", () => {
  for (const [name, f, [lo, hi]] of UNARY) {
    const x = grid([3, 4], lo, hi, name.length * 7 + 1);
    try {
      checkGrads(f, [x], { order: 2, rtol: 1e-4, atol: 1e-5 });
    } catch (e) {
      throw new Error(`${name}: ${(e as Error).message}`);
    }
  }
});

test("checkGrads: gammaln and digamma (digamma' is polygamma(1, x))", () => {
  checkGrads(scipy.special.gammaln, [grid([3, 4], 0.5, 4, 3)], { rtol: 1e-4, atol: 1e-5 });
  checkGrads(scipy.special.digamma, [grid([3, 4], 0.5, 4, 3)], { order: 1, rtol: 2e-3, atol: 1e-3 });
});

test("checkGrads: every differentiable binary function", () => {
  for (const [name, f, [lo1, hi1], [lo2, hi2]] of BINARY) {
    const x = grid([3, 4], lo1, hi1, name.length * 5 + 3);
    const y = grid([3, 4], lo2, hi2, name.length * 11 + 5);
    try {
      checkGrads(f, [x, y], { order: 1, rtol: 1e-4, atol: 1e-5 });
    } catch (e) {
      throw new Error(`${name}: ${(e as Error).message}`);
    }
  }
});

test("vmap equals a stacked loop for every function, over several in/out axes", () => {
  for (const [name, f, [lo, hi]] of UNARY) {
    // Examples are [3, 4] wherever the batch axis sits.
    const base = grid([2, 3, 4], lo, hi, name.length * 3 + 9).astype("float32");
    const want0 = [0, 1].map((i) => f(base.get(i)));
    for (const [inAx, outAx] of [
      [0, 0],
      [1, 0],
      [2, 1],
      [1, -1],
    ] as const) {
      const xs = jnp.moveaxis(base, 0, inAx);
      const nd = want0[0].ndim;
      const oa = outAx < 0 ? -1 : Math.min(outAx, nd); // scalar outputs can only map to axis 0
      const batched = vmap(f, { inAxes: inAx, outAxes: oa })(xs) as NDArray;
      assertClose(batched, jnp.stack(want0, oa < 0 ? nd : oa), 1e-5, 1e-5, `${name} inAxes=${inAx} outAxes=${oa}`);
    }
  }
  for (const [name, f, [lo1, hi1], [lo2, hi2]] of BINARY) {
    const xs = grid([2, 3, 4], lo1, hi1, 41).astype("float32");
    const y = grid([3, 4], lo2, hi2, 43).astype("float32");
    const batched = vmap(f, { inAxes: [0, null] })(xs, y) as NDArray;
    const want = jnp.stack([0, 1].map((i) => f(xs.get(i), y)));
    assertClose(batched, want, 1e-5, 1e-5, `${name} inAxes=[0, null]`);
  }
});
