// random_gamma_grad(a, x): d sample / d a for x ~ Gamma(a, 1), the implicit
// reparameterisation gradient -(∂F/∂a) / (∂F/∂x) of the regularised incomplete
// gamma function F, computed as JAX's lax.random_gamma_grad does: the series
// for P(a, x) when x ≤ max(1, a), the continued fraction for Q(a, x) otherwise,
// each carrying the derivative with respect to a beside the value.
import { scalarArray } from "../core/convert.ts";
import type { DType } from "../core/dtypes.ts";
import type { NDArray } from "../core/ndarray.ts";
import * as lax from "../lax/api.ts";
import { whileLoop } from "../lax/control/index.ts";
import { finfo } from "./args.ts";

const any = (x: NDArray) =>
  lax.reduceOr(
    x,
    x.shape.map((_, i) => i),
  );

function fullLike(x: NDArray, v: number): NDArray {
  return lax.broadcast(scalarArray(v, x.dtype, false), [...x.shape]);
}

function machEps(dtype: DType): number {
  return 2 ** -finfo(dtype).nmant;
}

/** _igamma_series in SAMPLE_DERIVATIVE mode. */
function series(x: NDArray, a: NDArray, enabled: NDArray): NDArray {
  const eps = fullLike(a, machEps(a.dtype));
  const init = [enabled, a, fullLike(a, 1), fullLike(a, 1), x, fullLike(a, 0), fullLike(a, 0)];
  const out = whileLoop(
    (v: NDArray[]) => any(v[0]),
    (v: NDArray[]) => {
      const [en, r0, c0, ans0, xx, dc0, dans0] = v;
      const r = lax.add(r0, 1);
      const dcDa = lax.sub(lax.mul(dc0, lax.div(xx, r)), lax.div(lax.mul(c0, xx), lax.mul(r, r)));
      const dansDa = lax.add(dans0, dcDa);
      const c = lax.mul(c0, lax.div(xx, r));
      const ans = lax.add(ans0, c);
      const conditional = lax.bitwiseAnd(en, lax.gt(lax.abs(lax.div(dcDa, dansDa)), eps));
      return [
        conditional,
        lax.select(en, r, r0),
        lax.select(en, c, c0),
        lax.select(en, ans, ans0),
        lax.select(en, xx, xx),
        lax.select(en, dcDa, dc0),
        lax.select(en, dansDa, dans0),
      ];
    },
    init,
  ) as NDArray[];
  const ans = out[3];
  const dansDa = out[6];
  const dlogaxDa = lax.sub(lax.log(x), lax.digamma(lax.add(a, 1)));
  return lax.div(lax.mul(lax.neg(lax.add(dansDa, lax.mul(ans, dlogaxDa))), x), a);
}

/** _igammac_continued_fraction in SAMPLE_DERIVATIVE mode. */
function continuedFraction(x: NDArray, a: NDArray, enabled: NDArray): NDArray {
  const epsV = machEps(x.dtype);
  const eps = fullLike(x, epsV);
  const y = lax.sub(fullLike(a, 1), a);
  const z = lax.add(lax.add(x, y), 1);
  const c = scalarArray(0, x.dtype, false);
  const pkm2 = fullLike(x, 1);
  const qkm2 = x;
  const pkm1 = lax.add(x, 1);
  const qkm1 = lax.mul(z, x);
  const ans = lax.div(pkm1, qkm1);
  const t = fullLike(x, 1);
  const zeros = fullLike(x, 0);
  const dqkm1 = lax.neg(x);
  const dans = lax.div(lax.sub(zeros, lax.mul(ans, dqkm1)), qkm1);
  const init = [enabled, ans, t, y, z, c, pkm1, qkm1, pkm2, qkm2, zeros, zeros, zeros, dqkm1, dans];
  const out = whileLoop(
    (v: NDArray[]) => lax.bitwiseAnd(lax.lt(v[5], 2000), any(v[0])),
    (vals: NDArray[]) => {
      const en = vals[0];
      let [, ans, t, y, z, c, pkm1, qkm1, pkm2, qkm2, dpkm2, dqkm2, dpkm1, dqkm1, dans] = vals;
      c = lax.add(c, 1);
      y = lax.add(y, 1);
      z = lax.add(z, 2);
      const yc = lax.mul(y, lax.broadcast(c, [...y.shape]));
      const cb = lax.broadcast(c, [...y.shape]);
      const pk = lax.sub(lax.mul(pkm1, z), lax.mul(pkm2, yc));
      const qk = lax.sub(lax.mul(qkm1, z), lax.mul(qkm2, yc));
      const qkNonzero = lax.ne(qk, fullLike(qk, 0));
      const r = lax.div(pk, qk);
      t = lax.select(qkNonzero, lax.abs(lax.div(lax.sub(ans, r), r)), fullLike(r, 1));
      ans = lax.select(qkNonzero, r, ans);
      const dpk = lax.add(lax.sub(lax.sub(lax.mul(dpkm1, z), pkm1), lax.mul(dpkm2, yc)), lax.mul(pkm2, cb));
      const dqk = lax.add(lax.sub(lax.sub(lax.mul(dqkm1, z), qkm1), lax.mul(dqkm2, yc)), lax.mul(qkm2, cb));
      const dansNew = lax.select(qkNonzero, lax.div(lax.sub(dpk, lax.mul(ans, dqk)), qk), dans);
      const gradConditional = lax.select(qkNonzero, lax.abs(lax.sub(dansNew, dans)), fullLike(dans, 1));
      pkm2 = pkm1;
      pkm1 = pk;
      qkm2 = qkm1;
      qkm1 = qk;
      dpkm2 = dpkm1;
      dqkm2 = dqkm1;
      dpkm1 = dpk;
      dqkm1 = dqk;
      const rescale = lax.gt(lax.abs(pk), fullLike(pk, 1 / epsV));
      const sc = (v: NDArray) => lax.select(rescale, lax.mul(v, eps), v);
      pkm2 = sc(pkm2);
      pkm1 = sc(pkm1);
      qkm2 = sc(qkm2);
      qkm1 = sc(qkm1);
      dpkm2 = sc(dpkm2);
      dqkm2 = sc(dqkm2);
      dpkm1 = sc(dpkm1);
      dqkm1 = sc(dqkm1);
      const conditional = lax.bitwiseAnd(en, lax.gt(gradConditional, eps));
      const keep = (nv: NDArray, i: number) => lax.select(en, nv, vals[i]);
      return [
        conditional,
        keep(ans, 1),
        keep(t, 2),
        keep(y, 3),
        keep(z, 4),
        c,
        keep(pkm1, 6),
        keep(qkm1, 7),
        keep(pkm2, 8),
        keep(qkm2, 9),
        keep(dpkm2, 10),
        keep(dqkm2, 11),
        keep(dpkm1, 12),
        keep(dqkm1, 13),
        keep(dansNew, 14),
      ];
    },
    init,
  ) as NDArray[];
  const ansOut = out[1];
  const dansDa = out[14];
  const dlogaxDa = lax.sub(lax.log(x), lax.digamma(a));
  return lax.mul(lax.neg(lax.add(dansDa, lax.mul(ansOut, dlogaxDa))), x);
}

/** lax.random_gamma_grad(a, x), elementwise over arrays of one shape and float dtype. */
export function randomGammaGrad(a: NDArray, x: NDArray): NDArray {
  const isNan = lax.bitwiseOr(lax.ne(a, a), lax.ne(x, x));
  const xIsZero = lax.eq(x, fullLike(x, 0));
  const domainError = lax.bitwiseOr(lax.lt(x, fullLike(x, 0)), lax.le(a, fullLike(a, 0)));
  const useIgammac = lax.bitwiseAnd(lax.gt(x, fullLike(x, 1)), lax.gt(x, a));
  let ax = lax.sub(lax.sub(lax.mul(a, lax.log(x)), x), lax.lgamma(a));
  const maxF = a.dtype === "float16" ? 65504 : a.dtype === "float64" ? Number.MAX_VALUE : 3.4028234663852886e38;
  const underflow = lax.lt(ax, fullLike(ax, -Math.log(maxF)));
  ax = lax.exp(ax);
  const enabled = lax.bitwiseNot(lax.bitwiseOr(lax.bitwiseOr(lax.bitwiseOr(xIsZero, domainError), underflow), isNan));
  const cf = continuedFraction(x, a, lax.bitwiseAnd(enabled, useIgammac));
  const ser = series(x, a, lax.bitwiseAnd(enabled, lax.bitwiseNot(useIgammac)));
  let output = lax.select(useIgammac, lax.neg(cf), ser);
  output = lax.select(xIsZero, fullLike(output, 0), output);
  return lax.select(lax.bitwiseOr(domainError, isNan), fullLike(a, Number.NaN), output);
}
