// The regularized incomplete gamma functions P(a, x) (igamma) and Q(a, x)
// (igammac), P's derivative in a (igamma_grad_a) and a gamma sample's in its
// shape (random_gamma_grad), as JAX computes them in float32
// (jax/_src/lax/special.py: igamma_impl, igammac_impl, igamma_grad_a_impl,
// random_gamma_grad_impl): the power series below x = max(1, a) and the
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

/** What a loop computes: the function's value, its derivative in a, or the derivative of a gamma sample in a (random_gamma_grad). */
type Mode = "value" | "derivative" | "sampleDerivative";

/**
 * P(a, x)'s series ax · Σ x^n / (a (a+1) ... (a+n)) over the `enabled`
 * elements; in the derivative modes it carries the sum's derivative in a,
 * and stops when that has converged.
 */
function series(ax: NDArray, x: NDArray, a: NDArray, enabled: NDArray, mode: Mode): NDArray {
  const init = [enabled, a, k(a, 1), k(a, 1), x, k(a, 0), k(a, 0)];
  const [, , , ans, , , dansDa] = whileLoop(
    (v: NDArray[]) => any(v[0]),
    (v: NDArray[]) => {
      const [on, r0, c0, ans0, xs, dc0, dans0] = v;
      const r = lax.add(r0, k(r0, 1));
      const dc = lax.sub(lax.mul(dc0, lax.div(xs, r)), lax.div(lax.mul(c0, xs), lax.mul(r, r)));
      const dans = lax.add(dans0, dc);
      const c = lax.mul(c0, lax.div(xs, r));
      const sum = lax.add(ans0, c);
      const converging = mode === "value" ? lax.div(c, sum) : lax.abs(lax.div(dc, dans));
      const more = and(on, lax.gt(converging, k(c, EPS)));
      const keep = (n: NDArray, o: NDArray) => lax.select(on, n, o);
      return [more, keep(r, r0), keep(c, c0), keep(sum, ans0), keep(xs, xs), keep(dc, dc0), keep(dans, dans0)];
    },
    init,
  ) as NDArray[];
  if (mode === "value") return lax.div(lax.mul(ans, ax), a);
  const dlogaxDa = lax.sub(lax.log(x), lax.digamma(lax.add(a, k(a, 1))));
  const inner = lax.add(lax.mul(ans, dlogaxDa), dansDa);
  if (mode === "derivative") return lax.div(lax.mul(ax, inner), a);
  return lax.div(lax.mul(lax.neg(inner), x), a);
}

/**
 * Q(a, x)'s continued fraction (Cephes' igamc, rescaled past 1/eps) over the
 * `enabled` elements, and in the derivative modes its derivative in a.
 */
function continuedFraction(ax: NDArray, x: NDArray, a: NDArray, enabled: NDArray, mode: Mode): NDArray {
  const y = lax.sub(k(a, 1), a);
  const z = lax.add(lax.add(x, y), k(x, 1));
  const pkm1 = lax.add(x, k(x, 1));
  const qkm1 = lax.mul(z, x);
  const ans = lax.div(pkm1, qkm1);
  const dqkm1 = lax.neg(x);
  const dans = lax.div(lax.sub(k(x, 0), lax.mul(ans, dqkm1)), qkm1);
  // The step count c is a scalar (the loop's bound), as JAX's.
  const init = [enabled, ans, k(x, 1), y, z, full([], 0, x.dtype), pkm1, qkm1, k(x, 1), x, k(x, 0), k(x, 0), k(x, 0), dqkm1, dans];
  const out = whileLoop(
    (v: NDArray[]) => and(lax.lt(v[5], k(v[5], 2000)), any(v[0])),
    (v: NDArray[]) => {
      const [on, ans0, t0, y0, z0, c0, p1, q1, p2, q2, dp2, dq2, dp1, dq1, dans0] = v;
      const c = lax.add(c0, k(c0, 1));
      const cs = lax.broadcastInDim(c, [...y0.shape], []);
      const yy = lax.add(y0, k(y0, 1));
      const zz = lax.add(z0, k(z0, 2));
      const yc = lax.mul(yy, cs);
      const pk = lax.sub(lax.mul(p1, zz), lax.mul(p2, yc));
      const qk = lax.sub(lax.mul(q1, zz), lax.mul(q2, yc));
      const nonzero = lax.ne(qk, k(qk, 0));
      const r = lax.div(pk, qk);
      const t = lax.select(nonzero, lax.abs(lax.div(lax.sub(ans0, r), r)), k(r, 1));
      const ansNew = lax.select(nonzero, r, ans0);
      const dpk = lax.add(lax.sub(lax.sub(lax.mul(dp1, zz), p1), lax.mul(dp2, yc)), lax.mul(p2, cs));
      const dqk = lax.add(lax.sub(lax.sub(lax.mul(dq1, zz), q1), lax.mul(dq2, yc)), lax.mul(q2, cs));
      const dansNew = lax.select(nonzero, lax.div(lax.sub(dpk, lax.mul(ansNew, dqk)), qk), dans0);
      const gradStep = lax.select(nonzero, lax.abs(lax.sub(dansNew, dans0)), k(dans0, 1));
      // Rescale when the numerators grow past 1/eps (the derivatives with them).
      const rescale = lax.gt(lax.abs(pk), k(pk, 1 / EPS));
      const scaled = (u: NDArray) => lax.select(rescale, lax.mul(u, k(u, EPS)), u);
      const converging = mode === "value" ? t : gradStep;
      const more = and(on, lax.gt(converging, k(t, EPS)));
      const keep = (n: NDArray, o: NDArray) => lax.select(on, n, o);
      return [
        more,
        keep(ansNew, ans0),
        keep(t, t0),
        keep(yy, y0),
        keep(zz, z0),
        c,
        keep(scaled(pk), p1),
        keep(scaled(qk), q1),
        keep(scaled(p1), p2),
        keep(scaled(q1), q2),
        keep(scaled(dp1), dp2),
        keep(scaled(dq1), dq2),
        keep(scaled(dpk), dp1),
        keep(scaled(dqk), dq1),
        keep(dansNew, dans0),
      ];
    },
    init,
  ) as NDArray[];
  if (mode === "value") return lax.mul(out[1], ax);
  const dlogaxDa = lax.sub(lax.log(x), lax.digamma(a));
  const inner = lax.add(lax.mul(out[1], dlogaxDa), out[14]);
  if (mode === "derivative") return lax.mul(ax, inner);
  return lax.mul(lax.neg(inner), x);
}

/** ax = x^a e^-x / Γ(a) and whether it underflows (log ax below -log FLT_MAX). */
function prefactor(a: NDArray, x: NDArray): { ax: NDArray; underflow: NDArray } {
  const logAx = lax.sub(lax.sub(lax.mul(a, lax.log(x)), x), lax.lgamma(a));
  return { ax: lax.exp(logAx), underflow: lax.lt(logAx, k(logAx, NEG_LOG_MAX)) };
}

function isNan(v: NDArray): NDArray {
  return lax.ne(v, v);
}

/** The value functions' edge cases, as jax's igamma_impl and igammac_impl test them. */
function valueEdges(a: NDArray, x: NDArray) {
  const aZero = lax.eq(a, k(a, 0));
  const xZero = lax.eq(x, k(x, 0));
  const domain = or(lax.lt(x, k(x, 0)), lax.lt(a, k(a, 0)), and(aZero, xZero), isNan(a), isNan(x));
  return { aZero, xZero, xInf: lax.eq(x, k(x, Number.POSITIVE_INFINITY)), domain };
}

export function igammaImpl(a: NDArray, x: NDArray): NDArray {
  const { xZero, xInf, domain } = valueEdges(a, x);
  const useQ = and(lax.ge(x, k(x, 1)), lax.gt(x, a));
  const { ax, underflow } = prefactor(a, x);
  const enabled = lax.bitwiseNot(or(xZero, domain, underflow, xInf));
  let out = lax.select(
    useQ,
    lax.sub(k(a, 1), continuedFraction(ax, x, a, and(enabled, useQ), "value")),
    series(ax, x, a, and(enabled, lax.bitwiseNot(useQ)), "value"),
  );
  out = lax.select(xZero, k(a, 0), out);
  out = lax.select(xInf, k(a, 1), out);
  return lax.select(domain, k(a, Number.NaN), out);
}

export function igammacImpl(a: NDArray, x: NDArray): NDArray {
  const { aZero, xInf, domain } = valueEdges(a, x);
  const useP = or(lax.lt(x, k(x, 1)), lax.lt(x, a));
  const { ax, underflow } = prefactor(a, x);
  const enabled = lax.bitwiseNot(or(domain, underflow, xInf, aZero));
  let out = lax.select(
    useP,
    lax.sub(k(a, 1), series(ax, x, a, and(enabled, useP), "value")),
    continuedFraction(ax, x, a, and(enabled, lax.bitwiseNot(useP)), "value"),
  );
  out = lax.select(or(xInf, aZero), k(out, 0), out);
  return lax.select(domain, k(a, Number.NaN), out);
}

/**
 * d/da P(a, x) (igamma_grad_a) or, `sample`, the derivative of a gamma
 * sample x in its shape a (random_gamma_grad), as jax's igamma_grad_a_impl
 * and random_gamma_grad_impl.
 */
function derivativeImpl(a: NDArray, x: NDArray, sample: boolean): NDArray {
  const nan = or(isNan(a), isNan(x));
  const xZero = lax.eq(x, k(x, 0));
  const domain = or(lax.lt(x, k(x, 0)), lax.le(a, k(a, 0)));
  const useQ = and(lax.gt(x, k(x, 1)), lax.gt(x, a));
  const { ax, underflow } = prefactor(a, x);
  const enabled = lax.bitwiseNot(or(xZero, domain, underflow, nan));
  const mode: Mode = sample ? "sampleDerivative" : "derivative";
  let out = lax.select(
    useQ,
    lax.neg(continuedFraction(ax, x, a, and(enabled, useQ), mode)),
    series(ax, x, a, and(enabled, lax.bitwiseNot(useQ)), mode),
  );
  out = lax.select(xZero, k(out, 0), out);
  return lax.select(or(domain, nan), k(a, Number.NaN), out);
}

export const igammaGradAImpl = (a: NDArray, x: NDArray): NDArray => derivativeImpl(a, x, false);
export const randomGammaGradImpl = (a: NDArray, x: NDArray): NDArray => derivativeImpl(a, x, true);

/** The decomposition of a two-operand float32 primitive (decompositionOf traces it once per shape). */
function float32Decomposition(impl: (a: NDArray, x: NDArray) => NDArray) {
  return (avals: ShapedArray[]): ClosedJaxpr | null =>
    avals.length === 2 && avals.every((v) => v.dtype === "float32") ? traceToJaxpr((a, x) => [impl(a, x)], avals) : null;
}

registerDecomposition("igamma", float32Decomposition(igammaImpl));
registerDecomposition("igammac", float32Decomposition(igammacImpl));
registerDecomposition("igamma_grad_a", float32Decomposition(igammaGradAImpl));
registerDecomposition("random_gamma_grad", float32Decomposition(randomGammaGradImpl));
