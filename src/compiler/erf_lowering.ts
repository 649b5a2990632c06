// erfc, erfcx, ndtri and dawsn as float32 kernel operations, in the order of
// the algorithms JAX compiles for them: erfc as StableHLO's CHLO expansion
// (Cephes' erfcf: 1 - x T(x^2) below |x| = 1, exp(-x^2) / |x| times a
// polynomial in 1/x^2 above), erfcx, ndtri and dawsn as jax.scipy.special
// writes them (exp(x^2) erfc(x) with an asymptotic series past overflow,
// Cephes' piecewise rationals, Cody's three rational regions). On the
// reference kernels (float64 continued fractions and Newton steps) erfc of
// 1e5 took 33 ms, ndtri 440.
import { F32 } from "./f32_nodes.ts";
import type { Node, NodeBuilder } from "./kernel.ts";

const ERF_T = [
  7.853861353153693e-5, -8.010193625184903e-4, 5.188327685732524e-3, -2.685381193529856e-2, 1.128358514861418e-1, -3.7612625824233e-1,
  1.12837916572671,
];
const ERFC_P = [
  2.326819970068386e-2, -1.387039388740657e-1, 3.687424674597105e-1, -5.824733027278666e-1, 6.210004621745983e-1, -4.944515323274145e-1,
  3.404879937665872e-1, -2.741127028184656e-1, 5.638259427386472e-1,
];
const ERFC_R = [
  -1.047766399936249e1, 1.297719955372516e1, -7.495518717768503, 2.921019019210786, -1.0152652792027, 4.218463358204948e-1,
  -2.820767439740514e-1, 5.641895067754075e-1,
];
/** log(FLT_MAX) in float64, as CHLO clamps with it. */
const MAXLOG = 88.72283905206835;

function erfcNodes(m: F32, x: Node): Node {
  const xSq = m.op("mul", x, x);
  const z = m.op("neg", xSq);
  const absX = m.op("abs", x);
  const recipXSq = m.div(1, xSq);
  const scaled = m.mul(m.op("exp", z), m.div(1, absX));
  const poly = m.pick(m.cmp("lt", absX, 2), m.poly(recipXSq, ERFC_P), m.poly(recipXSq, ERFC_R));
  const tail = m.pick(m.cmp("lt", z, -MAXLOG), 0, m.mul(scaled, poly));
  const big = m.pick(m.cmp("lt", x, 0), m.sub(2, tail), tail);
  const small = m.sub(1, m.mul(x, m.poly(xSq, ERF_T)));
  return m.pick(m.cmp("lt", absX, 1), small, big);
}

export function erfcOf(b: NodeBuilder, x: Node): Node {
  return erfcNodes(new F32(b, x.shape), x);
}

/** The asymptotic series' last five coefficients, (-1)^k (2k-1)!! / 2^k, highest degree first. */
const ERFCX_ASYMPTOTIC = [6.5625, -1.875, 0.75, -0.5, 1];

/** exp(x^2) erfc(x); past sqrt(log FLT_MAX), where exp(x^2) overflows, (1 / (sqrt(pi) x)) P(1 / x^2). */
export function erfcxOf(b: NodeBuilder, x: Node): Node {
  const m = new F32(b, x.shape);
  const threshold = Math.sqrt(Math.fround(Math.log(3.4028234663852886e38)));
  const large = m.cmp("gt", x, threshold);
  const safe = m.pick(large, 1, x);
  const direct = m.mul(m.op("exp", m.op("square", safe)), erfcNodes(m, safe));
  const p = m.poly(m.div(1, m.op("square", x)), ERFCX_ASYMPTOTIC);
  const asymptotic = m.div(p, m.mul(x, m.k(Math.sqrt(Math.PI))));
  return m.pick(large, asymptotic, direct);
}

const NDTRI_P0 = [
  -5.99633501014107895267e1, 9.80010754185999661536e1, -5.66762857469070293439e1, 1.39312609387279679503e1, -1.23916583867381258016,
];
const NDTRI_Q0 = [
  1.0, 1.95448858338141759834, 4.67627912898881538453, 8.63602421390890590575e1, -2.25462687854119370527e2, 2.00260212380060660359e2,
  -8.20372256168333339912e1, 1.59056225126211695515e1, -1.18331621121330003142,
];
const NDTRI_P1 = [
  4.05544892305962419923, 3.15251094599893866154e1, 5.71628192246421288162e1, 4.408050738932008347e1, 1.46849561928858024014e1,
  2.18663306850790267539, -1.40256079171354495875e-1, -3.50424626827848203418e-2, -8.57456785154685413611e-4,
];
const NDTRI_Q1 = [
  1.0, 1.57799883256466749731e1, 4.53907635128879210584e1, 4.1317203825467203044e1, 1.50425385692907503408e1, 2.50464946208309415979,
  -1.42182922854787788574e-1, -3.80806407691578277194e-2, -9.33259480895457427372e-4,
];
const NDTRI_P2 = [
  3.2377489177694603597, 6.91522889068984211695, 3.93881025292474443415, 1.33303460815807542389, 2.01485389549179081538e-1,
  1.23716634817820021358e-2, 3.01581553508235416007e-4, 2.65806974686737550832e-6, 6.2397453918498329373e-9,
];
const NDTRI_Q2 = [
  1.0, 6.02427039364742014255, 3.67983563856160859403, 1.37702099489081330271, 2.1623699359449663589e-1, 1.34204006088543189037e-2,
  3.28014464682127739104e-4, 2.89247864745380683936e-6, 6.79019408009981274425e-9,
];

/** The inverse of the standard normal CDF: Cephes' ndtri, three rational pieces by p, as jax.scipy.special. */
export function ndtriOf(b: NodeBuilder, p: Node): Node {
  const m = new F32(b, p.shape);
  const expNeg2 = Math.exp(-2);
  const complement = m.pick(m.cmp("gt", p, -Math.expm1(-2)), m.sub(1, p), p);
  // 0 would make NaNs in the unused pieces: any harmless value stands in.
  const q = m.pick(m.cmp("eq", complement, 0), 0.5, complement);
  const w = m.sub(q, 0.5);
  const ww = m.op("square", w);
  const central = m.mul(m.add(w, m.mul(m.mul(w, ww), m.div(m.poly(ww, NDTRI_P0), m.poly(ww, NDTRI_Q0)))), m.k(-Math.sqrt(2 * Math.PI)));
  const z = m.op("sqrt", m.mul(-2, m.op("log", q)));
  const first = m.sub(z, m.div(m.op("log", z), z));
  const inv = m.div(1, z);
  const farTail = m.sub(first, m.div(m.div(m.poly(inv, NDTRI_P2), m.poly(inv, NDTRI_Q2)), z));
  const tail = m.sub(first, m.div(m.div(m.poly(inv, NDTRI_P1), m.poly(inv, NDTRI_Q1)), z));
  const x = m.pick(m.cmp("gt", q, expNeg2), central, m.pick(m.cmp("ge", z, 8), farTail, tail));
  const signed = m.pick(m.cmp("gt", p, 1 - expNeg2), x, m.op("neg", x));
  return m.pick(m.cmp("eq", p, 0), -Infinity, m.pick(m.cmp("eq", p, 1), Infinity, signed));
}

const DAWSN_AN = [
  1.13681498971755972054e-11, 8.49262267667473811108e-10, 1.94434204175553054283e-8, 9.53151741254484363489e-7, 3.07828309874913200438e-6,
  3.52513368520288738649e-4, -8.50149846724410912031e-4, 4.2261822300554659427e-2, -9.17480371773452345351e-2, 9.99999999999999994612e-1,
];
const DAWSN_AD = [
  2.40372073066762605484e-11, 1.48864681368493396752e-9, 5.2126528101054166457e-8, 1.27258478273186970203e-6, 2.32490249820789513991e-5,
  3.25524741826057911661e-4, 3.48805814657162590916e-3, 2.79448531198828973716e-2, 1.58874241960120565368e-1, 5.74918629489320327824e-1,
  1.00000000000000000539,
];
const DAWSN_BN = [
  5.08955156417900903354e-1, -2.44754418142697847934e-1, 9.41512335303534411857e-2, -2.18711255142039025206e-2, 3.66207612329569181322e-3,
  -4.23209114460388756528e-4, 3.59641304793896631888e-5, -2.14640351719968974225e-6, 9.10010780076391431042e-8, -2.40274520828250956942e-9,
  3.59233385440928410398e-11,
];
const DAWSN_BD = [
  1.0, -6.31839869873368190192e-1, 2.36706788228248691528e-1, -5.31806367003223277662e-2, 8.48041718586295374409e-3,
  -9.47996768486665330168e-4, 7.81025592944552338085e-5, -4.55875153252442634831e-6, 1.8910035811142184617e-7, -4.91324691331920606875e-9,
  7.1846640323573454195e-11,
];
const DAWSN_CN = [
  -5.90592860534773254987e-1, 6.29235242724368800674e-1, -1.72858975380388136411e-1, 1.6483704782518963231e-2, -4.86827613020462700845e-4,
];
const DAWSN_CD = [
  1.0, -2.69820057197544900361, 1.73270799045947845857, -3.93708582281939493482e-1, 3.44278924041233391079e-2, -9.73655226040941223894e-4,
];

/** Dawson's integral: Cody, Paciorek and Thacher's rationals on [0, 3.25), [3.25, 6.25) and beyond, odd in x. */
export function dawsnOf(b: NodeBuilder, x: Node): Node {
  const m = new F32(b, x.shape);
  const ax = m.op("abs", x);
  const t = m.div(1, m.op("square", ax));
  const inner = m.cmp("lt", ax, 3.25);
  const middle = m.and(m.cmp("ge", ax, 3.25), m.cmp("lt", ax, 6.25));
  const outer = m.cmp("ge", ax, 6.25);
  // Each region on its own inputs, 1 elsewhere (an unused region's overflow must not make a NaN).
  const ax1 = m.pick(inner, ax, 1);
  const ax1Sq = m.op("square", ax1);
  const near = m.div(m.mul(ax1, m.poly(ax1Sq, DAWSN_AN)), m.poly(ax1Sq, DAWSN_AD));
  const far = (region: Node, num: readonly number[], den: readonly number[]) => {
    const tr = m.pick(region, t, 1);
    const axr = m.pick(region, ax, 1);
    return m.mul(m.div(0.5, axr), m.add(m.k(1), m.div(m.mul(tr, m.poly(tr, num)), m.poly(tr, den))));
  };
  const result = m.pick(inner, near, m.pick(m.cmp("lt", ax, 6.25), far(middle, DAWSN_BN, DAWSN_BD), far(outer, DAWSN_CN, DAWSN_CD)));
  return m.mul(m.op("sign", x), result);
}

/** ndtr(x) as JAX composes it: (1 + erf(x / sqrt 2)) / 2 near 0, erfc(|x| / sqrt 2) / 2 (or 1 minus it) beyond. */
function ndtrNodes(m: F32, x: Node): Node {
  const halfSqrt2 = 0.5 * Math.fround(Math.SQRT2);
  const w = m.mul(x, m.k(halfSqrt2));
  const z = m.op("abs", w);
  const ec = erfcNodes(m, z);
  const y = m.pick(m.cmp("lt", z, halfSqrt2), m.add(m.k(1), m.op("erf", w)), m.pick(m.cmp("gt", w, 0), m.sub(2, ec), ec));
  return m.mul(0.5, y);
}

/**
 * log ndtr(x), float32 as jax.scipy.special.log_ndtr: -ndtr(-x) above 5,
 * log ndtr(x) down to -10, and below it log of the asymptotic series
 * 1 - 1/x^2 + 3/x^4 - ... to `seriesOrder` terms times exp(-x^2/2) / (-x sqrt(2 pi)).
 */
export function logNdtrOf(b: NodeBuilder, x: Node, seriesOrder: number): Node {
  const m = new F32(b, x.shape);
  const lower = m.k(-10);
  const above = m.cmp("gt", x, 5);
  const ndtr = ndtrNodes(m, m.pick(above, m.op("neg", x), m.op("max", x, lower)));
  const xl = m.op("min", x, lower);
  const x2 = m.op("square", xl);
  const logScale = m.sub(m.sub(m.mul(-0.5, x2), m.op("log", m.op("neg", xl))), 0.5 * Math.log(2 * Math.PI));
  let series = m.k(1);
  if (seriesOrder > 0) {
    let even = m.k(0);
    let odd = m.k(0);
    let x2n = x2;
    let doubleFactorial = 1;
    for (let n = 1; n <= seriesOrder; n++) {
      if (n > 1) doubleFactorial *= 2 * n - 1;
      const y = m.div(doubleFactorial, x2n);
      if (n % 2) odd = m.add(odd, y);
      else even = m.add(even, y);
      x2n = m.mul(x2n, x2);
    }
    series = m.sub(m.add(m.k(1), even), odd);
  }
  const tail = m.add(logScale, m.op("log", series));
  return m.pick(above, m.op("neg", ndtr), m.pick(m.cmp("gt", x, -10), m.op("log", ndtr), tail));
}
