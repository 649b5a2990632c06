// The exponentially scaled modified Bessel functions i0e and i1e as float32
// kernel operations: Cephes' Chebyshev series on |x| <= 8 (in x/2 - 2) and
// beyond (in 32/x - 2, over sqrt|x|), evaluated as JAX's i0e and StableHLO's
// CHLO expansion of i1e evaluate them. On the reference kernels (float64
// series) i0e of 1e5 took 6 ms.
import { I0E_A, I0E_B, I1E_A, I1E_B } from "../core/cephes_tables.ts";
import { F32 } from "./f32_nodes.ts";
import type { Node, NodeBuilder } from "./kernel.ts";

/** The two series at z = |x|: [on |x| <= 8, beyond]. */
function series(m: F32, z: Node, a: readonly number[], bCoeffs: readonly number[]): [Node, Node] {
  const near = m.chebyshev(m.sub(m.mul(0.5, z), 2), a);
  const far = m.div(m.chebyshev(m.sub(m.div(32, z), 2), bCoeffs), m.op("sqrt", z));
  return [near, far];
}

export function besselI0eOf(b: NodeBuilder, x: Node): Node {
  const m = new F32(b, x.shape);
  const z = m.op("abs", x);
  const [near, far] = series(m, z, I0E_A, I0E_B);
  return m.pick(m.cmp("le", z, 8), near, far);
}

export function besselI1eOf(b: NodeBuilder, x: Node): Node {
  const m = new F32(b, x.shape);
  const z = m.op("abs", x);
  const [near, far] = series(m, z, I1E_A, I1E_B);
  return m.mul(m.op("sign", x), m.pick(m.cmp("le", z, 8), m.mul(z, near), far));
}
