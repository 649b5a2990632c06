// The regularized incomplete gamma functions P(a, x) (igamma) and Q(a, x)
// (igammac) as JAX computes them in float32 (jax/_src/lax/special.py:
// igamma_impl, igammac_impl): the power series below x = max(1, a) and the
// continued fraction above, each a while loop over the whole array that
// runs until every element has converged to float32's eps (the fraction at
// most 2000 steps), elements masked out as they finish. Registered as the
// primitives' decompositions (compiler/decompositions.ts), so on targets
// with special kernels (wasm) the loops compile whole; the float64
// reference kernels, one element at a time in JS, took 11 ms for 1e5.
import type { ShapedArray } from "../core/aval.ts";
import type { NDArray } from "../core/ndarray.ts";
import { registerDecomposition } from "../compiler/decompositions.ts";
import { traceToJaxpr } from "../transforms/staging.ts";
import type { ClosedJaxpr } from "../core/jaxpr.ts";
import * as lax from "./api.ts";
import { whileLoop } from "./control/loops_api.ts";
import { full, fullLike } from "./zeros.ts";

const EPS = 2 ** -23;
/** -log(FLT_MAX) in float32. */
const NEG_LOG_MAX = -Math.fround(Math.log(3.4028234663852886e38));

const k = (like: NDArray, v: number) => fullLike(like, v);
const any = (p: NDArray) =>
  lax.reduceOr(
    p,
    p.shape.map((_, i) => i),
  );
const or = (...ps: NDArray[]) => ps.reduce((a, b) => lax.bitwiseOr(a, b));
const and = lax.bitwiseAnd;

/** P(a, x)'s series, ax · Σ x^n / (a (a+1) ... (a+n)), over the `enabled` elements. */
function series(ax: NDArray, x: NDArray, a: NDArray, enabled: NDArray): NDArray {
  const init = [enabled, a, k(a, 1), k(a, 1), x];
  const [, , , ans] = whileLoop(
    (v: NDArray[]) => any(v[0]),
    (v: NDArray[]) => {
      const [on, r0, c0, ans0, xs] = v;
      const r = lax.add(r0, k(r0, 1));
      const c = lax.mul(c0, lax.div(xs, r));
      const sum = lax.add(ans0, c);
      const more = and(on, lax.gt(lax.div(c, sum), k(c, EPS)));
      return [more, lax.select(on, r, r0), lax.select(on, c, c0), lax.select(on, sum, ans0), lax.select(on, xs, v[4])];
    },
    init,
  ) as NDArray[];
  return lax.div(lax.mul(ans, ax), a);
}

/** Q(a, x)'s continued fraction (Lentz-free, rescaled as Cephes' igamc), over the `enabled` elements. */
function continuedFraction(ax: NDArray, x: NDArray, a: NDArray, enabled: NDArray): NDArray {
  const y = lax.sub(k(a, 1), a);
  const z = lax.add(lax.add(x, y), k(x, 1));
  const pkm1 = lax.add(x, k(x, 1));
  const qkm1 = lax.mul(z, x);
  // The step count c is a scalar (the loop's bound), as JAX's.
  const init = [enabled, lax.div(pkm1, qkm1), k(x, 1), y, z, full([], 0, x.dtype), pkm1, qkm1, k(x, 1), x];
  const out = whileLoop(
    (v: NDArray[]) => and(lax.lt(v[5], k(v[5], 2000)), any(v[0])),
    (v: NDArray[]) => {
      const [on, ans0, t0, y0, z0, c0, p1, q1, p2, q2] = v;
      const c = lax.add(c0, k(c0, 1));
      const yy = lax.add(y0, k(y0, 1));
      const zz = lax.add(z0, k(z0, 2));
      const yc = lax.mul(yy, lax.broadcastInDim(c, [...yy.shape], []));
      const pk = lax.sub(lax.mul(p1, zz), lax.mul(p2, yc));
      const qk = lax.sub(lax.mul(q1, zz), lax.mul(q2, yc));
      const nonzero = lax.ne(qk, k(qk, 0));
      const r = lax.div(pk, qk);
      const t = lax.select(nonzero, lax.abs(lax.div(lax.sub(ans0, r), r)), k(r, 1));
      const ans = lax.select(nonzero, r, ans0);
      // Rescale when the numerators grow past 1/eps.
      const rescale = lax.gt(lax.abs(pk), k(pk, 1 / EPS));
      const scaled = (u: NDArray) => lax.select(rescale, lax.mul(u, k(u, EPS)), u);
      const [np2, np1, nq2, nq1] = [scaled(p1), scaled(pk), scaled(q1), scaled(qk)];
      const more = and(on, lax.gt(t, k(t, EPS)));
      return [
        more,
        lax.select(on, ans, ans0),
        lax.select(on, t, t0),
        lax.select(on, yy, y0),
        lax.select(on, zz, z0),
        c,
        lax.select(on, np1, p1),
        lax.select(on, nq1, q1),
        lax.select(on, np2, p2),
        lax.select(on, nq2, q2),
      ];
    },
    init,
  ) as NDArray[];
  return lax.mul(out[1], ax);
}

/** ax = x^a e^-x / Γ(a) and whether it underflows (log ax below -log FLT_MAX). */
function prefactor(a: NDArray, x: NDArray): { ax: NDArray; underflow: NDArray } {
  const logAx = lax.sub(lax.sub(lax.mul(a, lax.log(x)), x), lax.lgamma(a));
  return { ax: lax.exp(logAx), underflow: lax.lt(logAx, k(logAx, NEG_LOG_MAX)) };
}

function isNan(v: NDArray): NDArray {
  return lax.ne(v, v);
}

export function igammaImpl(a: NDArray, x: NDArray): NDArray {
  const nan = or(isNan(a), isNan(x));
  const xInf = lax.eq(x, k(x, Number.POSITIVE_INFINITY));
  const aZero = lax.eq(a, k(a, 0));
  const xZero = lax.eq(x, k(x, 0));
  const domain = or(lax.lt(x, k(x, 0)), lax.lt(a, k(a, 0)), and(aZero, xZero), nan);
  const useQ = and(lax.ge(x, k(x, 1)), lax.gt(x, a));
  const { ax, underflow } = prefactor(a, x);
  const enabled = lax.bitwiseNot(or(xZero, domain, underflow, xInf));
  let out = lax.select(
    useQ,
    lax.sub(k(a, 1), continuedFraction(ax, x, a, and(enabled, useQ))),
    series(ax, x, a, and(enabled, lax.bitwiseNot(useQ))),
  );
  out = lax.select(xZero, k(a, 0), out);
  out = lax.select(xInf, k(a, 1), out);
  return lax.select(domain, k(a, Number.NaN), out);
}

export function igammacImpl(a: NDArray, x: NDArray): NDArray {
  const nan = or(isNan(a), isNan(x));
  const aZero = lax.eq(a, k(a, 0));
  const xZero = lax.eq(x, k(x, 0));
  const xInf = lax.eq(x, k(x, Number.POSITIVE_INFINITY));
  const domain = or(lax.lt(x, k(x, 0)), lax.lt(a, k(a, 0)), and(aZero, xZero), nan);
  const useP = or(lax.lt(x, k(x, 1)), lax.lt(x, a));
  const { ax, underflow } = prefactor(a, x);
  const enabled = lax.bitwiseNot(or(domain, underflow, xInf, aZero));
  let out = lax.select(
    useP,
    lax.sub(k(a, 1), series(ax, x, a, and(enabled, useP))),
    continuedFraction(ax, x, a, and(enabled, lax.bitwiseNot(useP))),
  );
  out = lax.select(or(xInf, aZero), k(out, 0), out);
  return lax.select(domain, k(a, Number.NaN), out);
}

/** The decomposition of a two-operand float32 primitive, traced once per shape. */
function float32Decomposition(impl: (a: NDArray, x: NDArray) => NDArray) {
  const cache = new Map<string, ClosedJaxpr>();
  return (avals: ShapedArray[]): ClosedJaxpr | null => {
    if (avals.length !== 2 || avals.some((v) => v.dtype !== "float32")) return null;
    const key = avals.map((v) => v.shape.join(",")).join(";");
    let j = cache.get(key);
    if (j === undefined) {
      j = traceToJaxpr((a, x) => [impl(a, x)], avals);
      cache.set(key, j);
    }
    return j;
  };
}

registerDecomposition("igamma", float32Decomposition(igammaImpl));
registerDecomposition("igammac", float32Decomposition(igammacImpl));
