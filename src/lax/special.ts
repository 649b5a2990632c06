// Special-function primitives: JAX's lax special functions (igamma, zeta,
// bessel_i0e, regularized_incomplete_beta, ...) and the scipy.special
// functions that JAX builds from loops and custom derivatives (erfcx, expi,
// owens_t, ...), each computed by one elementwise kernel. Every primitive
// is declared here once, with its partial derivatives.
import { ShapedArray } from "../core/aval.ts";
import { isFloat } from "../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import { type NoParams, type Params, Primitive, type PrimitiveRules, type Tangent, Zero } from "../core/primitive.ts";
import { bind1 } from "../core/trace.ts";
import * as E from "./elementwise.ts";
import { fullLike } from "./zeros.ts";

/** The partial derivative of a primitive's output in one operand, or the error JAX raises for it. */
type Partial = ((args: NDArray[], ans: NDArray) => NDArray) | { raise: string };

const p1 = (p: Primitive, x: NDArray) => bind1(p, [x], {});
const p2 = (p: Primitive, x: NDArray, y: NDArray) => bind1(p, [x, y], {});
const mul = (x: NDArray, y: NDArray) => p2(E.mulP, x, y);
const add = (x: NDArray, y: NDArray) => p2(E.addP, x, y);
const sub = (x: NDArray, y: NDArray) => p2(E.subP, x, y);
const div = (x: NDArray, y: NDArray) => p2(E.divP, x, y);
const exp = (x: NDArray) => p1(E.expP, x);
const log = (x: NDArray) => p1(E.logP, x);
const neg = (x: NDArray) => p1(E.negP, x);
const k = (like: NDArray, v: number) => fullLike(like, v);

/** Operands of one shape and one floating dtype (elementwise.ts's check, then the kind). */
function checkOperands(name: string, avals: ShapedArray[]): void {
  E.sameShapeDtype(name, avals);
  if (!isFloat(avals[0].dtype)) {
    throw new JaxTypeError(`${name} does not accept dtype ${avals[0].dtype}. Accepted dtypes are subtypes of floating-point.`);
  }
}

/**
 * An elementwise float primitive of `partials.length` operands; a null partial is a zero derivative.
 * `strong`: the result is never weakly typed (JAX builds these scipy functions with NumPy constants).
 * Params (log_ndtr's series order) pass through to the derivative's and the batch rule's binds.
 */
function defSpecial<P extends Params = NoParams>(name: string, partials: Array<Partial | null>, strong = false): Primitive<P> {
  const rules: PrimitiveRules<P> = {
    abstractEval(avals) {
      if (avals.length !== partials.length) throw new JaxTypeError(`${name} takes ${partials.length} operands, got ${avals.length}`);
      checkOperands(name, avals);
      return [new ShapedArray(avals[0].shape, avals[0].dtype, !strong && avals.every((a) => a.weakType))];
    },
    jvp(args, tangents: Tangent[], params) {
      const ans = bind1(prim, args, params);
      let out: NDArray | null = null;
      tangents.forEach((t, i) => {
        const d = partials[i];
        if (t instanceof Zero || d === null) return;
        if ("raise" in d) throw new ValueError(d.raise);
        const term = mul(t, d(args, ans));
        out = out === null ? term : add(out, term);
      });
      return [[ans], [out ?? new Zero(ans.aval.strongType())]];
    },
  };
  const prim = new Primitive<P>(name, rules);
  rules.batch = E.batchElementwise(prim);
  return prim;
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

// ---------- lax: JAX's special-function primitives ----------

export const erfcP = defSpecial("erfc", [([x]) => mul(k(x, -TWO_OVER_SQRT_PI), exp(neg(mul(x, x))))]);

export const polygammaP: Primitive<NoParams> = defSpecial("polygamma", [
  { raise: "polygamma gradient with respect to m is not supported" },
  ([m, x]) => p2(polygammaP, add(m, k(m, 1)), x),
]);

/** d/dx of P(a, x) and -Q(a, x): the gamma density at x. */
const igammaDx = ([a, x]: NDArray[]) => exp(sub(mul(sub(a, k(a, 1)), log(x)), add(x, p1(E.lgammaP, a))));

/** JAX defines no derivative of these two: differentiating them raises. */
const noRule = (name: string) => ({ raise: `Differentiation rule for '${name}' not implemented` });
export const igammaGradAP = defSpecial("igamma_grad_a", [noRule("igamma_grad_a"), noRule("igamma_grad_a")]);
export const igammaP = defSpecial("igamma", [([a, x]) => p2(igammaGradAP, a, x), igammaDx]);
export const igammacP = defSpecial("igammac", [([a, x]) => neg(p2(igammaGradAP, a, x)), (args) => neg(igammaDx(args))]);
export const randomGammaGradP = defSpecial("random_gamma_grad", [noRule("random_gamma_grad"), noRule("random_gamma_grad")]);

/** d/dx zeta(x, q) = -sum_k log(k + q) (k + q)^-x, by its own kernel (jaxts-internal). */
export const zetaGradXP = defSpecial("zeta_grad_x", [noRule("zeta_grad_x"), noRule("zeta_grad_x")]);
export const zetaP: Primitive<NoParams> = defSpecial("zeta", [
  ([x, q]) => p2(zetaGradXP, x, q),
  ([x, q]) => neg(mul(x, p2(zetaP, add(x, k(x, 1)), q))),
]);

export const besselI1eP: Primitive<NoParams> = defSpecial("bessel_i1e", [
  ([x], y) => {
    // d/dx i1e = i0e(x) - y (sign(x) + 1/x); 1/2 at 0.
    const eps = k(x, x.dtype === "float64" ? 2.220446049250313e-16 : 1.1920929e-7);
    const notTiny = p2(E.gtP, p1(E.absP, x), eps);
    const safe = bind1(E.selectNP, [notTiny, eps, x], {});
    const d = sub(p1(besselI0eP, safe), mul(y, add(p1(E.signP, safe), div(k(x, 1), safe))));
    return bind1(E.selectNP, [notTiny, k(x, 0.5), d], {});
  },
]);
export const besselI0eP: Primitive<NoParams> = defSpecial("bessel_i0e", [([x], y) => sub(p1(besselI1eP, x), mul(p1(E.signP, x), y))]);

const betaincNoGrad = { raise: "Betainc gradient with respect to a and b not supported." };
export const regularizedIncompleteBetaP = defSpecial("regularized_incomplete_beta", [
  betaincNoGrad,
  betaincNoGrad,
  ([a, b, x]) => {
    const lbeta = sub(add(p1(E.lgammaP, a), p1(E.lgammaP, b)), p1(E.lgammaP, add(a, b)));
    const one = k(x, 1);
    return exp(sub(add(mul(sub(b, one), p1(E.log1pP, neg(x))), mul(sub(a, one), log(x))), lbeta));
  },
]);

// ---------- scipy.special functions computed by a kernel ----------

export const erfcxP: Primitive<NoParams> = defSpecial("erfcx", [([x], y) => sub(mul(k(x, 2), mul(x, y)), k(x, TWO_OVER_SQRT_PI))], true);

/** log ndtr'(x) = pdf(x) / ndtr(x), as exp(-x^2/2 - log sqrt(2 pi) - log_ndtr(x)). */
/** seriesOrder: the asymptotic series' depth below x = -10 (float32) or -20 (float64), as JAX's series_order. */
export type LogNdtrParams = { seriesOrder: number };
export const logNdtrP = defSpecial<LogNdtrParams>(
  "log_ndtr",
  [([x], y) => exp(sub(mul(k(x, -0.5), mul(x, x)), add(y, k(x, 0.5 * Math.log(2 * Math.PI)))))],
  true,
);

export const ndtriP = defSpecial("ndtri", [(_args, y) => exp(add(mul(k(y, 0.5), mul(y, y)), k(y, 0.5 * Math.log(2 * Math.PI))))], true);

export const dawsnP: Primitive<NoParams> = defSpecial("dawsn", [([x], y) => sub(k(x, 1), mul(k(x, 2), mul(x, y)))], true);

export const expiP = defSpecial("expi", [([x]) => div(exp(x), x)], true);

export const expnP: Primitive<NoParams> = defSpecial(
  "expn",
  [{ raise: "expn: n is a non-differentiable argument (nondiff_argnums=(0,))" }, ([n, x]) => neg(p2(expnP, sub(n, k(n, 1)), x))],
  true,
);

export const siciSiP = defSpecial("sici_si", [([x]) => div(p1(E.sinP, x), x)], true);
export const siciCiP = defSpecial("sici_ci", [([x]) => div(p1(E.cosP, x), x)], true);

const halfPiSq = (x: NDArray) => mul(k(x, Math.PI / 2), mul(x, x));
export const fresnelSP = defSpecial("fresnel_s", [([x]) => p1(E.sinP, halfPiSq(x))], true);
export const fresnelCP = defSpecial("fresnel_c", [([x]) => p1(E.cosP, halfPiSq(x))], true);

/** spence'(x) = log(x) / (1 - x). */
export const spenceP = defSpecial("spence", [([x]) => div(log(x), sub(k(x, 1), x))], true);

export const owensTP = defSpecial(
  "owens_t",
  [
    ([h, a]) => {
      // -pdf(h) erf(a h / sqrt 2) / 2
      const pdf = exp(sub(mul(k(h, -0.5), mul(h, h)), k(h, 0.5 * Math.log(2 * Math.PI))));
      return mul(k(h, -0.5), mul(pdf, p1(E.erfP, mul(k(h, Math.SQRT1_2), mul(a, h)))));
    },
    ([h, a]) => {
      const s = add(k(a, 1), mul(a, a));
      return div(exp(mul(k(h, -0.5), mul(mul(h, h), s))), mul(k(a, 2 * Math.PI), s));
    },
  ],
  true,
);

const hypNoGrad = (f: string, v: string) => ({ raise: `${f}: the derivative with respect to ${v} is not implemented in jaxts` });
export const hyp1f1P: Primitive<NoParams> = defSpecial(
  "hyp1f1",
  [
    hypNoGrad("hyp1f1", "a"),
    hypNoGrad("hyp1f1", "b"),
    ([a, b, x]) => mul(div(a, b), bind1(hyp1f1P, [add(a, k(a, 1)), add(b, k(b, 1)), x], {})),
  ],
  true,
);
export const hyp2f1P: Primitive<NoParams> = defSpecial(
  "hyp2f1",
  [
    hypNoGrad("hyp2f1", "a"),
    hypNoGrad("hyp2f1", "b"),
    hypNoGrad("hyp2f1", "c"),
    ([a, b, c, x]) => mul(div(mul(a, b), c), bind1(hyp2f1P, [add(a, k(a, 1)), add(b, k(b, 1)), add(c, k(c, 1)), x], {})),
  ],
  true,
);

// x log y and x log1p y (0 where x == 0), with JAX's derivatives x' log y + y' x / y.
export const xlogyP = defSpecial("xlogy", [([, y]) => log(y), ([x, y]) => div(x, y)]);
export const xlog1pyP = defSpecial("xlog1py", [([, y]) => p1(E.log1pP, y), ([x, y]) => div(x, add(y, k(y, 1)))]);
/** x log x (0 at 0), entr's core: derivative 1 + log x. */
export const xlogxP = defSpecial("xlogx", [([x]) => add(k(x, 1), log(x))]);
