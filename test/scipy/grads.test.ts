// Derivatives of scipy.special (and the lax primitives under it) against
// central finite differences in float64, the derivatives JAX refuses, and
// every special-function primitive under jit and vmap on this backend
// against the js reference backend and a loop.
import assert from "node:assert/strict";
import { test } from "node:test";
import { grad, jit, jnp, lax, type NDArray, scipy, vmap } from "../../src/index.ts";
import { agree } from "../helpers/backends.ts";
import { checkGrads } from "../helpers/check_grads.ts";

const S = scipy.special;

function grid(shape: number[], lo: number, hi: number, seed: number): NDArray {
  let s = seed;
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + (hi - lo) * (s / 4294967296);
  }
  return jnp.array(out).reshape(shape);
}

type F = (...xs: NDArray[]) => NDArray;
// [name, function, domains of the differentiated operands]
const CASES: Array<[string, F, Array<[number, number]>]> = [
  ["gammaln (2nd order via digamma, polygamma)", (x) => S.gammaln(x), [[0.5, 5]]],
  ["digamma", (x) => S.digamma(x), [[0.5, 5]]],
  ["polygamma(2, x)", (x) => S.polygamma(jnp.array(2, { dtype: "int32" }), x), [[0.5, 5]]],
  [
    "gammainc (a and x)",
    (a, x) => S.gammainc(a, x),
    [
      [0.5, 5],
      [0.2, 6],
    ],
  ],
  [
    "gammaincc (a and x)",
    (a, x) => S.gammaincc(a, x),
    [
      [0.5, 5],
      [0.2, 6],
    ],
  ],
  ["betainc (x)", (x) => S.betainc(2.5, 1.5, x), [[0.05, 0.95]]],
  [
    "betaln",
    (a, b) => S.betaln(a, b),
    [
      [0.5, 5],
      [0.5, 5],
    ],
  ],
  [
    "zeta (x and q)",
    (x, q) => S.zeta(x, q),
    [
      [1.5, 5],
      [0.5, 4],
    ],
  ],
  ["i0e", (x) => S.i0e(x), [[-5, 5]]],
  ["i1e", (x) => S.i1e(x), [[-5, 5]]],
  ["i0", (x) => S.i0(x), [[0.2, 4]]],
  ["erfc", (x) => S.erfc(x), [[-3, 3]]],
  ["erfcx", (x) => S.erfcx(x), [[-2, 6]]],
  ["ndtr", (x) => S.ndtr(x), [[-3, 3]]],
  ["logNdtr", (x) => S.logNdtr(x), [[-8, 4]]],
  ["ndtri", (p) => S.ndtri(p), [[0.05, 0.95]]],
  ["dawsn", (x) => S.dawsn(x), [[-4, 4]]],
  ["expi", (x) => S.expi(x), [[0.2, 5]]],
  ["exp1", (x) => S.exp1(x), [[0.2, 5]]],
  ["expn(3, x)", (x) => S.expn(3, x), [[0.2, 5]]],
  ["sici Si", (x) => S.sici(x)[0], [[0.2, 8]]],
  ["sici Ci", (x) => S.sici(x)[1], [[0.2, 8]]],
  ["fresnel S", (x) => S.fresnel(x)[0], [[-2, 2]]],
  ["fresnel C", (x) => S.fresnel(x)[1], [[-2, 2]]],
  ["spence", (x) => S.spence(x), [[0.2, 3]]],
  [
    "owensT (h and a)",
    (h, a) => S.owensT(h, a),
    [
      [-2, 2],
      [-2, 2],
    ],
  ],
  ["hyp1f1 (x)", (x) => S.hyp1f1(1.5, 2.5, x), [[-2, 2]]],
  ["hyp2f1 (x)", (x) => S.hyp2f1(0.5, 1.5, 2.5, x), [[-0.5, 0.5]]],
  [
    "xlogy",
    (x, y) => S.xlogy(x, y),
    [
      [0.2, 2],
      [0.2, 3],
    ],
  ],
  [
    "xlog1py",
    (x, y) => S.xlog1py(x, y),
    [
      [0.2, 2],
      [0.2, 3],
    ],
  ],
  ["entr", (x) => S.entr(x), [[0.2, 3]]],
  [
    "relEntr",
    (p, q) => S.relEntr(p, q),
    [
      [0.2, 2],
      [0.2, 2],
    ],
  ],
  ["gamma", (x) => S.gamma(x), [[0.5, 4]]],
  [
    "beta",
    (a, b) => S.beta(a, b),
    [
      [0.5, 4],
      [0.5, 4],
    ],
  ],
  [
    "poch",
    (z, m) => S.poch(z, m),
    [
      [0.5, 3],
      [0.5, 2],
    ],
  ],
  [
    "logsumexp with b",
    (x, b) => S.logsumexp(x, 1, { b }),
    [
      [-2, 2],
      [0.2, 2],
    ],
  ],
  ["stats.norm.logcdf", (x) => scipy.stats.norm.logcdf(x, { loc: 0.3, scale: 1.5 }), [[-5, 5]]],
  [
    "stats.gamma.cdf (x and a)",
    (x, a) => scipy.stats.gamma.cdf(x, a),
    [
      [0.2, 5],
      [0.5, 4],
    ],
  ],
  [
    "stats.t.logpdf",
    (x, df) => scipy.stats.t.logpdf(x, df),
    [
      [-3, 3],
      [1, 10],
    ],
  ],
  ["stats.truncnorm.logpdf", (x) => scipy.stats.truncnorm.logpdf(x, -1, 2), [[-0.9, 1.9]]],
  ["stats.multivariateNormal.logpdf", (x) => scipy.stats.multivariateNormal.logpdf(x, jnp.zeros([3]), jnp.eye(3)), [[-1, 1]]],
];

for (const [name, f, doms] of CASES) {
  test(`checkGrads: ${name}`, () => {
    const args = doms.map(([lo, hi], i) => grid([2, 3], lo, hi, name.length * 7 + i * 13));
    checkGrads(f, args, { rtol: 1e-5, atol: 1e-6, order: name.includes("2nd order") ? 2 : 1 });
  });
}

test("derivatives JAX does not define raise", () => {
  const x = jnp.array([0.3, 0.6]);
  assert.throws(() => grad((a: NDArray) => jnp.sum(S.betainc(a, 2, x)))(jnp.array([1.5, 2])), /Betainc gradient with respect to a and b/);
  assert.throws(
    () => grad((m: NDArray) => jnp.sum(lax.polygamma(m, x)))(jnp.array([1, 2], { dtype: "float32" })),
    /polygamma gradient with respect to m/,
  );
  assert.throws(() => grad((a: NDArray) => jnp.sum(lax.igammaGradA(a, x)))(jnp.array([1.5, 2])), /igamma_grad_a/);
});

test("lax.randomGammaGrad is the implicit derivative of a Gamma(a) sample: -dP/da / dP/dx", () => {
  const a = jnp.array([0.5, 1.5, 4.0]);
  const x = jnp.array([0.3, 1.2, 5.0]);
  const dPda = lax.igammaGradA(a, x);
  const pdf = jnp.exp(jnp.subtract(jnp.subtract(jnp.multiply(jnp.subtract(a, 1), jnp.log(x)), x), S.gammaln(a)));
  const want = jnp.negative(jnp.divide(dPda, pdf));
  assert.ok(jnp.allclose(lax.randomGammaGrad(a, x), want, { rtol: 1e-5 }).item());
  // And against a finite difference of the quantile: P(a, x(a)) = u fixed.
  const grads = grad((aa: NDArray) => jnp.sum(lax.igamma(aa, x)))(a);
  assert.ok(jnp.allclose(grads, dPda, { rtol: 1e-5 }).item());
});

// Every special-function primitive: jit on this backend vs eager on js, and vmap vs a loop.
const PRIMS: Array<[string, F, Array<[number, number]>]> = [
  [
    "lax.igamma",
    (a, x) => lax.igamma(a, x),
    [
      [0.5, 5],
      [0.1, 6],
    ],
  ],
  [
    "lax.igammac",
    (a, x) => lax.igammac(a, x),
    [
      [0.5, 5],
      [0.1, 6],
    ],
  ],
  [
    "lax.igammaGradA",
    (a, x) => lax.igammaGradA(a, x),
    [
      [0.5, 5],
      [0.1, 6],
    ],
  ],
  [
    "lax.randomGammaGrad",
    (a, x) => lax.randomGammaGrad(a, x),
    [
      [0.5, 5],
      [0.1, 6],
    ],
  ],
  ["lax.polygamma", (x) => lax.polygamma(jnp.fullLike(x, 2), x), [[0.5, 5]]],
  [
    "lax.zeta",
    (x, q) => lax.zeta(x, q),
    [
      [1.5, 5],
      [0.5, 4],
    ],
  ],
  ["lax.besselI0e", (x) => lax.besselI0e(x), [[-8, 8]]],
  ["lax.besselI1e", (x) => lax.besselI1e(x), [[-8, 8]]],
  ["lax.erfc", (x) => lax.erfc(x), [[-4, 4]]],
  [
    "lax.betainc",
    (a, b, x) => lax.betainc(a, b, x),
    [
      [0.5, 4],
      [0.5, 4],
      [0, 1],
    ],
  ],
  ["erfcx", (x) => S.erfcx(x), [[-2, 8]]],
  ["logNdtr", (x) => S.logNdtr(x), [[-10, 5]]],
  ["ndtri", (x) => S.ndtri(x), [[0.01, 0.99]]],
  ["dawsn", (x) => S.dawsn(x), [[-5, 5]]],
  ["expi", (x) => S.expi(x), [[-5, 5]]],
  ["expn", (x) => S.expn(2, x), [[0.1, 5]]],
  ["sici", (x) => jnp.add(S.sici(x)[0], S.sici(x)[1]), [[0.1, 9]]],
  ["fresnel", (x) => jnp.add(S.fresnel(x)[0], S.fresnel(x)[1]), [[-3, 3]]],
  ["spence", (x) => S.spence(x), [[0, 4]]],
  [
    "owensT",
    (h, a) => S.owensT(h, a),
    [
      [-2, 2],
      [-3, 3],
    ],
  ],
  [
    "hyp1f1",
    (a, x) => S.hyp1f1(a, 2.5, x),
    [
      [0.5, 2],
      [-2, 2],
    ],
  ],
  [
    "hyp2f1",
    (a, x) => S.hyp2f1(a, 1.5, 3.5, x),
    [
      [0.5, 2],
      [-0.5, 0.8],
    ],
  ],
  [
    "xlogy",
    (x, y) => S.xlogy(x, y),
    [
      [-1, 1],
      [0.1, 3],
    ],
  ],
  ["entr", (x) => S.entr(x), [[0, 3]]],
  [
    "betaln",
    (a, b) => S.betaln(a, b),
    [
      [0.5, 9],
      [0.5, 9],
    ],
  ],
];

for (const [name, f, doms] of PRIMS) {
  test(`${name}: jit agrees with the js backend; vmap agrees with a loop`, () => {
    const args = doms.map(([lo, hi], i) => grid([3, 4], lo, hi, name.length * 5 + i).astype("float32"));
    agree(name, f, args, 1e-6, 1e-6, true);
    const batched = vmap(f)(...args) as NDArray;
    const looped = jnp.stack(Array.from({ length: 3 }, (_, i) => f(...args.map((a) => a.get(i)))));
    assert.ok(jnp.allclose(batched, looped, { rtol: 1e-6, atol: 1e-7, equalNan: true }).item(), `${name}: vmap vs loop`);
    const jitted = jit(f)(...args) as NDArray;
    assert.ok(jnp.allclose(jitted, f(...args), { rtol: 1e-6, atol: 1e-7, equalNan: true }).item(), `${name}: jit vs eager`);
  });
}
