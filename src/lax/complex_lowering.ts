// Complex arithmetic in terms of real primitives. A complex value becomes a
// pair of real arrays (re, im); each primitive that accepts complex operands
// has a rule here that computes its result on pairs. The same rules serve
// eager execution (complex buffers are split into pairs, the rule runs on the
// backend's real kernels, the pair is interleaved back) and jit (a jaxpr with
// complex values is rewritten into a real one before it is compiled, so the
// compiler fuses and vectorises complex code like any other).
import { ShapedArray } from "../core/aval.ts";
import { type DType, isComplex, realDType } from "../core/dtypes.ts";
import { JaxTypeError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import type { Params, Primitive } from "../core/primitive.ts";
import { bind, bind1 } from "../core/trace.ts";
import "./complex.ts";
import { convGeneralDilatedP } from "./conv.ts";
import { scatterAddP, scatterMulP } from "./gather_scatter.ts";
import { dotGeneralP } from "./dot.ts";
import * as E from "./elementwise.ts";
import { reshapeP, transposeP } from "./layout.ts";
import { concatenateP, sliceP } from "./shape_ops.ts";
import { type SortParams, sortP } from "./sort.ts";
import { full } from "./zeros.ts";
import { associativeScan } from "./control/associative_scan.ts";

/** A complex array as its real and imaginary parts (real arrays of the same shape). */
export interface Pair {
  re: NDArray;
  im: NDArray;
}
export type Val = NDArray | Pair;
export const isPair = (v: Val | undefined): v is Pair => typeof v === "object" && v !== null && "re" in v && "im" in v && !("aval" in v);

/** A rule: the primitive's outputs (pairs where complex) from its inputs (pairs where complex). */
export type ComplexRule = (args: Val[], params: Params, inAvals: ShapedArray[], outAvals: ShapedArray[]) => Val[];
const rules = new Map<string, ComplexRule>();

/** Declares the complex rule of a primitive defined elsewhere (fft). */
export function defComplexRule(name: string, rule: ComplexRule): void {
  rules.set(name, rule);
}

/** The rule for a primitive applied to complex values, or undefined where jaxts has none. */
export function complexRule(prim: Primitive): ComplexRule | undefined {
  let r = rules.get(prim.name);
  if (!r && PARTWISE.includes(prim.name)) {
    r = partwise(prim);
    rules.set(prim.name, r);
  }
  return r;
}

// ---------------- real building blocks ----------------
const b1 = (p: Primitive, ...xs: NDArray[]) => bind1(p, xs, {});
const add = (x: NDArray, y: NDArray) => b1(E.addP, x, y);
const sub = (x: NDArray, y: NDArray) => b1(E.subP, x, y);
const mul = (x: NDArray, y: NDArray) => b1(E.mulP, x, y);
const div = (x: NDArray, y: NDArray) => b1(E.divP, x, y);
const neg = (x: NDArray) => b1(E.negP, x);
const abs = (x: NDArray) => b1(E.absP, x);
const k = (like: NDArray, v: number) => full(like.shape, v, like.dtype);
/** where(p, a, b) */
const where = (p: NDArray, a: NDArray, b: NDArray) => bind1(E.selectNP, [p, b, a], {});
const eq = (x: NDArray, y: NDArray) => b1(E.eqP, x, y);
const lt = (x: NDArray, y: NDArray) => b1(E.ltP, x, y);

const pairOf = (v: Val): Pair => (isPair(v) ? v : { re: v, im: k(v, 0) });

/** |re + i im| without overflow or underflow in the squares. */
function hypot(re: NDArray, im: NDArray): NDArray {
  const a = abs(re);
  const c = abs(im);
  const hi = b1(E.maxP, a, c);
  const lo = b1(E.minP, a, c);
  const safeHi = where(eq(hi, k(hi, 0)), k(hi, 1), hi);
  const r = div(lo, safeHi);
  const h = mul(hi, b1(E.sqrtP, add(k(r, 1), mul(r, r))));
  // inf beats nan (hypot(inf, nan) = inf), as C's hypot.
  const inf = k(hi, Infinity);
  return where(b1(E.orP, eq(a, inf), eq(c, inf)), inf, where(eq(lo, k(lo, 0)), hi, h));
}

function cmul(x: Pair, y: Pair): Pair {
  return { re: sub(mul(x.re, y.re), mul(x.im, y.im)), im: add(mul(x.re, y.im), mul(x.im, y.re)) };
}

/** Smith's algorithm: no overflow from squaring the divisor. */
function cdiv(x: Pair, y: Pair): Pair {
  const big = b1(E.geP, abs(y.re), abs(y.im));
  // |c| >= |d|: r = d/c, den = c + d r
  const r1 = div(y.im, y.re);
  const d1 = add(y.re, mul(y.im, r1));
  const re1 = div(add(x.re, mul(x.im, r1)), d1);
  const im1 = div(sub(x.im, mul(x.re, r1)), d1);
  // |d| > |c|: r = c/d, den = d + c r
  const r2 = div(y.re, y.im);
  const d2 = add(y.im, mul(y.re, r2));
  const re2 = div(add(mul(x.re, r2), x.im), d2);
  const im2 = div(sub(mul(x.im, r2), x.re), d2);
  return { re: where(big, re1, re2), im: where(big, im1, im2) };
}

function cexp(z: Pair): Pair {
  const e = b1(E.expP, z.re);
  // exp(x + 0i) is real even where exp(x) is inf.
  const im = where(eq(z.im, k(z.im, 0)), z.im, mul(e, b1(E.sinP, z.im)));
  return { re: mul(e, b1(E.cosP, z.im)), im };
}

function clog(z: Pair): Pair {
  return { re: b1(E.logP, hypot(z.re, z.im)), im: b1(E.atan2P, z.im, z.re) };
}

function csqrt(z: Pair): Pair {
  const m = hypot(z.re, z.im);
  const s = b1(E.sqrtP, mul(add(m, abs(z.re)), k(m, 0.5)));
  const zero = eq(s, k(s, 0));
  const safeS = where(zero, k(s, 1), s);
  const t = div(abs(z.im), mul(safeS, k(s, 2)));
  const pos = b1(E.geP, z.re, k(z.re, 0));
  const negIm = lt(z.im, k(z.im, 0));
  const re = where(zero, k(s, 0), where(pos, s, t));
  const imMag = where(zero, k(s, 0), where(pos, t, s));
  // The imaginary part takes the sign of z.im (the branch cut on the negative reals).
  const im = where(zero, z.im, where(negIm, neg(imMag), imMag));
  // sqrt(x ± i∞) = ∞ ± i∞ for every x, nan included (C99).
  const infIm = eq(abs(z.im), k(z.im, Infinity));
  return { re: where(infIm, k(re, Infinity), re), im: where(infIm, z.im, im) };
}

/** log(1 + z), accurate near 0: log|1+z| = ½ log1p(x(2+x) + y²). */
function clog1p(z: Pair): Pair {
  const x1 = add(z.re, k(z.re, 1));
  const small = b1(E.ltP, hypot(z.re, z.im), k(z.re, 0.5));
  const reSmall = mul(k(z.re, 0.5), b1(E.log1pP, add(mul(z.re, add(z.re, k(z.re, 2))), mul(z.im, z.im))));
  const reBig = b1(E.logP, hypot(x1, z.im));
  return { re: where(small, reSmall, reBig), im: b1(E.atan2P, z.im, x1) };
}
const cadd = (x: Pair, y: Pair): Pair => ({ re: add(x.re, y.re), im: add(x.im, y.im) });
/** asinh z = log(z + sqrt(z² + 1)), computed on the half-plane re ≥ 0 (odd symmetry for the rest). */
function casinh(z: Pair): Pair {
  const negRe = lt(z.re, k(z.re, 0));
  const w = { re: abs(z.re), im: where(negRe, neg(z.im), z.im) };
  const w2 = cmul(w, w);
  const s = csqrt(add1(w2));
  // Near 0, log1p(w + w²/(1 + s)) keeps the relative accuracy log(w + s) loses.
  const rSmall = clog1p(cadd(w, cdiv(w2, add1(s))));
  const rBig = clog(cadd(w, s));
  const small = lt(hypot(w.re, w.im), k(w.re, 1));
  const r = { re: where(small, rSmall.re, rBig.re), im: where(small, rSmall.im, rBig.im) };
  return { re: where(negRe, neg(r.re), r.re), im: where(negRe, neg(r.im), r.im) };
}
/** atanh z = ½ (log1p(z) − log1p(−z)). */
function catanh(z: Pair): Pair {
  const a = clog1p(z);
  const b = clog1p({ re: neg(z.re), im: neg(z.im) });
  return { re: mul(k(a.re, 0.5), sub(a.re, b.re)), im: mul(k(a.im, 0.5), sub(a.im, b.im)) };
}

function csin(z: Pair): Pair {
  return { re: mul(b1(E.sinP, z.re), b1(E.coshP, z.im)), im: mul(b1(E.cosP, z.re), b1(E.sinhP, z.im)) };
}
function ccos(z: Pair): Pair {
  return { re: mul(b1(E.cosP, z.re), b1(E.coshP, z.im)), im: neg(mul(b1(E.sinP, z.re), b1(E.sinhP, z.im))) };
}
function csinh(z: Pair): Pair {
  return { re: mul(b1(E.sinhP, z.re), b1(E.cosP, z.im)), im: mul(b1(E.coshP, z.re), b1(E.sinP, z.im)) };
}
function ccosh(z: Pair): Pair {
  return { re: mul(b1(E.coshP, z.re), b1(E.cosP, z.im)), im: mul(b1(E.sinhP, z.re), b1(E.sinP, z.im)) };
}
function ctanh(z: Pair): Pair {
  // tanh(a+bi) = (sinh 2a + i sin 2b) / (cosh 2a + cos 2b); for |a| > 20, sign(a) + 0i.
  const a2 = add(z.re, z.re);
  const b2 = add(z.im, z.im);
  const den = add(b1(E.coshP, a2), b1(E.cosP, b2));
  const big = b1(E.gtP, abs(z.re), k(z.re, 20));
  return {
    re: where(big, b1(E.signP, z.re), div(b1(E.sinhP, a2), den)),
    im: where(big, mul(k(z.im, 0), z.im), div(b1(E.sinP, b2), den)),
  };
}
const one = (z: Pair): Pair => ({ re: k(z.re, 1), im: k(z.im, 0) });

function cpowInt(z: Pair, y: number): Pair {
  let n = Math.abs(y);
  let base = z;
  let acc: Pair | null = null;
  while (n > 0) {
    if (n & 1) acc = acc ? cmul(acc, base) : base;
    n >>= 1;
    if (n > 0) base = cmul(base, base);
  }
  const r = acc ?? one(z);
  return y < 0 ? cdiv(one(z), r) : r;
}

function cpow(x: Pair, y: Pair): Pair {
  const r = cexp(cmul(y, clog(x)));
  // 0^0 = 1; 0^y = 0 otherwise (the log of 0 would give nan).
  const xz = b1(E.andP, eq(x.re, k(x.re, 0)), eq(x.im, k(x.im, 0)));
  const yz = b1(E.andP, eq(y.re, k(y.re, 0)), eq(y.im, k(y.im, 0)));
  const zre = where(yz, k(r.re, 1), k(r.re, 0));
  return { re: where(xz, zre, r.re), im: where(xz, k(r.im, 0), r.im) };
}

// ---------------- rules ----------------
const unaryRule = (f: (z: Pair) => Val) => (args: Val[]) => [f(pairOf(args[0]))];
const binaryRule = (f: (x: Pair, y: Pair) => Val) => (args: Val[]) => [f(pairOf(args[0]), pairOf(args[1]))];

/** Primitives that act on the real and imaginary parts separately, with the same params. */
const PARTWISE = [
  "reshape",
  "transpose",
  "squeeze",
  "rev",
  "broadcast_in_dim",
  "reduce_sum",
  "neg",
  "add",
  "sub",
  "copy",
  "select_n",
  "slice",
  "pad",
  "concatenate",
  "dynamic_slice",
  "dynamic_update_slice",
  "gather",
  "scatter-add",
  "scatter",
  "cumsum",
  "stop_gradient",
];
function partwise(prim: Primitive): ComplexRule {
  return (args, params, _inAvals, outAvals) => {
    const part = (key: "re" | "im") =>
      bind(
        prim,
        args.map((a) => (isPair(a) ? a[key] : a)),
        params,
      );
    const re = part("re");
    const im = part("im");
    return outAvals.map((a, i) => (isComplex(a.dtype) ? { re: re[i], im: im[i] } : re[i]));
  };
}

rules.set("mul", binaryRule(cmul));
rules.set("div", binaryRule(cdiv));
rules.set("exp", unaryRule(cexp));
rules.set("log", unaryRule(clog));
rules.set(
  "exp2",
  unaryRule((z) => cexp({ re: mul(z.re, k(z.re, Math.LN2)), im: mul(z.im, k(z.im, Math.LN2)) })),
);
rules.set("log1p", unaryRule(clog1p));
rules.set(
  "expm1",
  unaryRule((z) => {
    // expm1(x)·cos y − 2 sin²(y/2): no cancellation near 0.
    const h = b1(E.sinP, mul(z.im, k(z.im, 0.5)));
    const re = sub(mul(b1(E.expm1P, z.re), b1(E.cosP, z.im)), mul(k(h, 2), mul(h, h)));
    const im = where(eq(z.im, k(z.im, 0)), z.im, mul(b1(E.expP, z.re), b1(E.sinP, z.im)));
    return { re, im };
  }),
);
rules.set("asinh", unaryRule(casinh));
rules.set(
  "asin",
  unaryRule((z) => {
    // asin z = −i asinh(i z)
    const a = casinh({ re: neg(z.im), im: z.re });
    return { re: a.im, im: neg(a.re) };
  }),
);
rules.set(
  "acos",
  unaryRule((z) => {
    const a = casinh({ re: neg(z.im), im: z.re });
    return { re: sub(k(a.im, Math.PI / 2), a.im), im: a.re };
  }),
);
rules.set("atanh", unaryRule(catanh));
rules.set(
  "atan",
  unaryRule((z) => {
    // atan z = −i atanh(i z)
    const a = catanh({ re: neg(z.im), im: z.re });
    return { re: a.im, im: neg(a.re) };
  }),
);
rules.set(
  "acosh",
  unaryRule((z) => clog(cadd(z, cmul(csqrt(add1(z)), csqrt({ re: sub(z.re, k(z.re, 1)), im: z.im }))))),
);
rules.set("sqrt", unaryRule(csqrt));
rules.set(
  "rsqrt",
  unaryRule((z) => cdiv(one(z), csqrt(z))),
);
rules.set("sin", unaryRule(csin));
rules.set("cos", unaryRule(ccos));
rules.set(
  "tan",
  unaryRule((z) => cdiv(csin(z), ccos(z))),
);
rules.set("sinh", unaryRule(csinh));
rules.set("cosh", unaryRule(ccosh));
rules.set("tanh", unaryRule(ctanh));
const add1 = (z: Pair): Pair => ({ re: add(z.re, k(z.re, 1)), im: z.im });
rules.set(
  "logistic",
  unaryRule((z) => cdiv(one(z), add1(cexp({ re: neg(z.re), im: neg(z.im) })))),
);
rules.set("pow", binaryRule(cpow));
rules.set(
  "square",
  unaryRule((z) => cmul(z, z)),
);
rules.set("integer_pow", (args, params) => [cpowInt(pairOf(args[0]), (params as { y: number }).y)]);
rules.set(
  "abs",
  unaryRule((z) => hypot(z.re, z.im)),
);
rules.set(
  "sign",
  unaryRule((z) => {
    const m = hypot(z.re, z.im);
    const zero = eq(m, k(m, 0));
    const safe = where(zero, k(m, 1), m);
    return { re: where(zero, k(m, 0), div(z.re, safe)), im: where(zero, k(m, 0), div(z.im, safe)) };
  }),
);
rules.set(
  "eq",
  binaryRule((x, y) => b1(E.andP, eq(x.re, y.re), eq(x.im, y.im))),
);
rules.set(
  "ne",
  binaryRule((x, y) => b1(E.orP, b1(E.neP, x.re, y.re), b1(E.neP, x.im, y.im))),
);
rules.set(
  "is_finite",
  unaryRule((z) => b1(E.andP, b1(E.isFiniteP, z.re), b1(E.isFiniteP, z.im))),
);
rules.set("real", (args) => [pairOf(args[0]).re]);
rules.set("imag", (args) => [pairOf(args[0]).im]);
rules.set("complex", (args) => [{ re: args[0] as NDArray, im: args[1] as NDArray }]);
rules.set("conj", (args) => {
  const z = pairOf(args[0]);
  return [{ re: z.re, im: neg(z.im) }];
});

rules.set("convert_element_type", (args, params, [_a], [o]) => {
  const nd = (params as { new_dtype: DType }).new_dtype;
  const weak = (params as { weak_type: boolean }).weak_type;
  const cvt = (x: NDArray, d: DType) => (x.dtype === d ? x : bind1(E.convertElementTypeP, [x], { new_dtype: d, weak_type: weak }));
  const x = args[0];
  if (!isComplex(o.dtype)) return [cvt(isPair(x) ? x.re : x, nd)];
  const rd = realDType(nd);
  if (isPair(x)) return [{ re: cvt(x.re, rd), im: cvt(x.im, rd) }];
  const re = cvt(x, rd);
  return [{ re, im: k(re, 0) }];
});

/** A bilinear primitive (dot_general, conv_general_dilated) of complex operands: four real products (two with a real operand). */
function bilinearRule(prim: Primitive): ComplexRule {
  return (args, params) => {
    const pe = (params as { preferred_element_type: DType | null }).preferred_element_type;
    const q = { ...params, preferred_element_type: pe && isComplex(pe) ? realDType(pe) : pe };
    const op = (x: NDArray, y: NDArray) => bind1(prim, [x, y], q);
    const [x, y] = args;
    if (!isPair(x) && isPair(y)) return [{ re: op(x, y.re), im: op(x, y.im) }];
    if (isPair(x) && !isPair(y)) return [{ re: op(x.re, y), im: op(x.im, y) }];
    const a = pairOf(x);
    const c = pairOf(y);
    return [{ re: sub(op(a.re, c.re), op(a.im, c.im)), im: add(op(a.re, c.im), op(a.im, c.re)) }];
  };
}
// scatter-mul of complex updates: the product of each index's updates in polar form (magnitudes
// multiplied by a real scatter-mul, phases added by a scatter-add), times the operand.
rules.set("scatter-mul", (args, params) => {
  const [operand, indices, updates] = args as [Val, NDArray, Val];
  const z = pairOf(operand);
  const u = pairOf(updates);
  const mag = bind1(scatterMulP, [full(z.re.shape, 1, z.re.dtype), indices, hypot(u.re, u.im)], params);
  const phase = bind1(scatterAddP, [full(z.re.shape, 0, z.re.dtype), indices, b1(E.atan2P, u.im, u.re)], params);
  return [cmul(z, { re: mul(mag, b1(E.cosP, phase)), im: mul(mag, b1(E.sinP, phase)) })];
});
rules.set("dot_general", bilinearRule(dotGeneralP));
rules.set("conv_general_dilated", bilinearRule(convGeneralDilatedP));

/** A reduction over `axes` by pairwise halving with `combine` (the reduced axes moved last and flattened). */
function pairwiseReduce(combine: (x: Pair, y: Pair) => Pair, empty: [number, number]): ComplexRule {
  return (args, params, [a], [o]) => {
    const axes = (params as { axes: number[] }).axes;
    let z = pairOf(args[0]);
    const keep = a.shape.map((_, i) => i).filter((i) => !axes.includes(i));
    const perm = [...keep, ...axes];
    const n = axes.reduce((s, i) => s * a.shape[i], 1);
    const lead = keep.map((i) => a.shape[i]);
    const map = (f: (x: NDArray) => NDArray): Pair => ({ re: f(z.re), im: f(z.im) });
    z = map((x) => bind1(reshapeP, [bind1(transposeP, [x], { permutation: perm })], { new_sizes: [...lead, n], dimensions: null }));
    let len = n;
    if (len === 0) return [{ re: full(o.shape, empty[0], z.re.dtype), im: full(o.shape, empty[1], z.re.dtype) }];
    const last = lead.length;
    const sl = (x: NDArray, lo: number, hi: number) =>
      bind1(sliceP, [x], { start_indices: [...lead.map(() => 0), lo], limit_indices: [...lead, hi], strides: null });
    while (len > 1) {
      const h = Math.floor(len / 2);
      const r = combine(
        map((x) => sl(x, 0, h)),
        map((x) => sl(x, h, 2 * h)),
      );
      z = len % 2 ? { re: cat(r.re, sl(z.re, 2 * h, len), last), im: cat(r.im, sl(z.im, 2 * h, len), last) } : r;
      len = h + (len % 2);
    }
    return [map((x) => bind1(reshapeP, [x], { new_sizes: [...o.shape], dimensions: null }))];
  };
}

/** max/min of complex numbers: lexicographic on (re, im), as XLA's. */
function pick(greater: boolean) {
  return (x: Pair, y: Pair): Pair => {
    const c = greater ? E.gtP : E.ltP;
    const first = b1(E.orP, b1(c, x.re, y.re), b1(E.andP, eq(x.re, y.re), b1(c, x.im, y.im)));
    const tie = b1(E.andP, eq(x.re, y.re), eq(x.im, y.im));
    const takeX = b1(E.orP, first, tie);
    return { re: where(takeX, x.re, y.re), im: where(takeX, x.im, y.im) };
  };
}

rules.set("reduce_prod", pairwiseReduce(cmul, [1, 0]));
// sort: a complex operand becomes two (re, im), both keys where it was one: lexicographic, as XLA.
rules.set("sort", (args, params) => {
  const p = params as SortParams;
  const flat: NDArray[] = [];
  const starts: number[] = [];
  let numKeys = 0;
  args.forEach((a, i) => {
    starts.push(flat.length);
    const parts = isPair(a) ? [a.re, a.im] : [a];
    flat.push(...parts);
    if (i < p.num_keys) numKeys += parts.length;
  });
  const outs = bind(sortP, flat, { ...p, num_keys: numKeys });
  return args.map((a, i) => (isPair(a) ? { re: outs[starts[i]], im: outs[starts[i] + 1] } : outs[starts[i]]));
});
rules.set("max", binaryRule(pick(true)));
rules.set("min", binaryRule(pick(false)));
rules.set("reduce_max", pairwiseReduce(pick(true), [-Infinity, 0]));
rules.set("reduce_min", pairwiseReduce(pick(false), [Infinity, 0]));
const cat = (x: NDArray, y: NDArray, dim: number) => bind1(concatenateP, [x, y], { dimension: dim });

/** JAX's lax.logaddexp of complex numbers: max + log1p(exp(x + y - 2 max)), the phase wrapped into [-π, π). */
function clogaddexp(x: Pair, y: Pair): Pair {
  const m = pick(true)(x, y);
  const delta = { re: sub(add(x.re, y.re), mul(m.re, k(m.re, 2))), im: sub(add(x.im, y.im), mul(m.im, k(m.im, 2))) };
  const out = cadd(m, clog1p(cexp(delta)));
  const pi = k(out.im, Math.PI);
  const twoPi = k(out.im, 2 * Math.PI);
  let rem = b1(E.remP, add(out.im, pi), twoPi);
  rem = where(lt(rem, k(rem, 0)), add(rem, twoPi), rem);
  return { re: out.re, im: sub(rem, pi) };
}

/**
 * cumprod, cummax, cummin and cumlogsumexp of complex numbers: an
 * associative scan of the combining function on (re, im) pairs (XLA folds
 * the same products in window order; roundings may differ in the last bit).
 */
function cumulativeRule(combine: (x: Pair, y: Pair) => Pair): ComplexRule {
  return (args, params) => {
    const { axis, reverse } = params as { axis: number; reverse: boolean };
    const z = pairOf(args[0]);
    const step = ([ar, ai]: NDArray[], [br, bi]: NDArray[]) => {
      const r = combine({ re: ar, im: ai }, { re: br, im: bi });
      return [r.re, r.im];
    };
    const [re, im] = associativeScan(step, [z.re, z.im], { axis, reverse });
    return [{ re, im }];
  };
}
rules.set("cumprod", cumulativeRule(cmul));
rules.set("cummax", cumulativeRule(pick(true)));
rules.set("cummin", cumulativeRule(pick(false)));
rules.set("cumlogsumexp", cumulativeRule(clogaddexp));

/** Raised where a primitive has no complex rule. */
export function noComplexRule(prim: Primitive): Error {
  return new JaxTypeError(`${prim.name} does not support complex operands in jaxts yet`);
}

/** The real aval of a complex aval's parts. */
export function partAval(a: ShapedArray): ShapedArray {
  return new ShapedArray(a.shape, realDType(a.dtype), a.weakType);
}
