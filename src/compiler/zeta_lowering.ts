// The Hurwitz zeta function and polygamma as float32 kernel operations, in
// the order of StableHLO's CHLO expansions JAX compiles for them: zeta as
// nine terms of its series plus a twelve-term Euler-Maclaurin tail (Horner's
// rule over the Bernoulli quotients), with its poles and domain errors;
// polygamma(n, x) as (-1)^(n+1) n! zeta(n + 1, x), digamma at n = 0. On the
// reference kernels (float64 series) zeta of 1e5 took 45 ms, polygamma 73.
import { F32 } from "./f32_nodes.ts";
import type { Node, NodeBuilder } from "./kernel.ts";
import { digammaOf, lgammaOf } from "./special_lowering.ts";

/** (2k)! / B_2k: the Euler-Maclaurin tail's denominators, largest first. */
const ZETA_COEFFS = [
  -7.1661652561756670113e18, 1.8152105401943546773e17, -4.5979787224074726105e15, 1.1646782814350067249e14, -2.950130727918164224e12,
  7.47242496e10, -1.8924375803183791606e9, 47900160.0, -1209600.0, 30240.0, -720.0, 12.0,
];
/** The smallest positive float32 (subnormal), CHLO's threshold for the series alone being exact. */
const SMALLEST = 2 ** -149;

/** fmod(v, 2), exactly, as v - 2 trunc(v / 2) (kernels have no float remainder). */
function remTwo(m: F32, v: Node): Node {
  return m.sub(v, m.mul(2, m.op("trunc", m.mul(0.5, v))));
}

function zetaNodes(m: F32, x: Node, q: Node): Node {
  const negX = m.op("neg", x);
  let a = q;
  let initialSum = m.op("pow", q, negX);
  for (let i = 0; i < 9; i++) {
    a = m.add(a, 1);
    initialSum = m.add(initialSum, m.op("pow", a, negX));
  }
  a = m.add(a, 1);
  const negPower = m.op("pow", a, negX);
  const xMinusOne = m.sub(x, 1);
  let s = m.add(initialSum, m.div(m.mul(negPower, a), xMinusOne));
  const aInverseSquare = m.div(1, m.op("mul", a, a));
  let horner = m.k(0);
  for (let i = 0; i < 11; i++) {
    const factor = m.op("mul", m.sub(x, 22 - 2 * i), m.sub(x, 21 - 2 * i));
    horner = m.mul(factor, m.mul(aInverseSquare, m.add(horner, 1 / ZETA_COEFFS[i])));
  }
  s = m.add(s, m.mul(negPower, m.add(m.k(0.5), m.mul(m.div(x, a), m.add(m.k(1 / ZETA_COEFFS[11]), horner)))));
  let out = m.pick(m.cmp("lt", m.op("abs", negPower), m.mul(m.op("abs", initialSum), m.k(SMALLEST))), initialSum, s);
  // Not defined for x < 1; for q <= 0, only at integer x; poles at the integers q <= 0 (+inf for even x).
  out = m.pick(m.cmp("lt", x, 1), Number.NaN, out);
  const qLeZero = m.cmp("le", q, 0);
  const xIsInt = m.cmp("eq", x, m.op("floor", x));
  out = m.pick(m.and(qLeZero, m.cmp("ne", x, m.op("floor", x))), Number.NaN, out);
  const atPole = m.and(qLeZero, m.cmp("eq", q, m.op("floor", q)));
  const xIsEvenInt = m.and(xIsInt, m.cmp("eq", remTwo(m, x), 0));
  out = m.pick(atPole, m.pick(xIsEvenInt, Infinity, Number.NaN), out);
  return m.pick(m.cmp("eq", x, 1), Infinity, out);
}

export function zetaOf(b: NodeBuilder, x: Node, q: Node): Node {
  return zetaNodes(new F32(b, x.shape), x, q);
}

export function polygammaOf(b: NodeBuilder, n: Node, x: Node): Node {
  const m = new F32(b, x.shape);
  const sign = m.sub(m.mul(2, remTwo(m, n)), 1);
  const nPlusOne = m.add(n, 1);
  const factorial = m.op("exp", lgammaOf(b, nPlusOne));
  let result = m.mul(m.mul(sign, factorial), zetaNodes(m, nPlusOne, x));
  result = m.pick(m.cmp("eq", n, 0), digammaOf(b, x), result);
  const nonNatural = m.or(m.cmp("ne", n, m.op("floor", n)), m.cmp("lt", n, 0));
  return m.pick(nonNatural, Number.NaN, result);
}
