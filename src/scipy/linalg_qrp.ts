// Column-pivoted Householder QR (LAPACK's geqp3, composed from jnp ops so it
// traces under jit and vmap): at step i the remaining column of largest norm
// below row i is swapped into place, then reflected as dlarfg does
// (beta = -sign(Re alpha) ||x||, tau = (beta - alpha) / beta).
import { isComplex } from "../core/dtypes.ts";
import type { NDArray } from "../core/ndarray.ts";
import { real } from "../lax/complex_api.ts";
import * as jnp from "../numpy/index.ts";
import { vmap } from "../transforms/vmap.ts";

function qrp2d(a: NDArray): [NDArray, NDArray, NDArray] {
  const [m, n] = a.shape;
  const k = Math.min(m, n);
  const cplx = isComplex(a.dtype);
  const abs2 = (x: NDArray) => (cplx ? real(jnp.multiply(x, jnp.conj(x))) : jnp.multiply(x, x));
  const rows = jnp.expandDims(jnp.arange(m, undefined, undefined, { dtype: "int32" }), 1);
  const cols = jnp.arange(n, undefined, undefined, { dtype: "int32" });
  let w = a;
  let perm = cols;
  let q = jnp.eye(m, undefined, 0, { dtype: a.dtype });
  for (let i = 0; i < k; i++) {
    const below = jnp.greaterEqual(rows, i);
    const norms = jnp.sum(jnp.where(below, abs2(w), 0), 0);
    const pvt = jnp.argmax(jnp.where(jnp.greaterEqual(cols, i), norms, -1));
    const swap = jnp.where(jnp.equal(cols, i), pvt, jnp.where(jnp.equal(cols, pvt), i, cols));
    w = jnp.take(w, swap, 1);
    perm = jnp.take(perm, swap);
    const x = w.get(jnp.s(), i);
    const alpha = x.get(i);
    const strictly = jnp.greater(jnp.squeeze(rows, 1), i);
    const xnorm2 = jnp.sum(jnp.where(strictly, abs2(x), 0));
    const norm = jnp.sqrt(jnp.add(abs2(alpha), xnorm2));
    const reAlpha = cplx ? real(alpha) : alpha;
    const beta = jnp.where(jnp.greaterEqual(reAlpha, 0), jnp.negative(norm), norm).astype(a.dtype);
    const trivial = jnp.logicalAnd(jnp.equal(xnorm2, 0), cplx ? jnp.equal(jnp.imag(alpha), 0) : true);
    const tau = jnp.where(trivial, 0, jnp.divide(jnp.subtract(beta, alpha), jnp.where(trivial, 1, beta)));
    const scale = jnp.divide(1, jnp.where(trivial, 1, jnp.subtract(alpha, beta)));
    const v = jnp.where(jnp.equal(jnp.squeeze(rows, 1), i), 1, jnp.where(strictly, jnp.multiply(x, scale), 0)).astype(a.dtype);
    const vc = jnp.expandDims(v, 1);
    const vh = jnp.expandDims(jnp.conj(v), 0);
    // w <- H^H w, q <- q H with H = I - tau v v^H.
    w = jnp.subtract(w, jnp.multiply(jnp.conj(tau), jnp.matmul(vc, jnp.matmul(vh, w))));
    q = jnp.subtract(q, jnp.multiply(tau, jnp.matmul(jnp.matmul(q, vc), vh)));
  }
  const r = jnp.triu(w.get(jnp.s(0, k)));
  return [q.get(jnp.s(), jnp.s(0, k)), r, perm];
}

/** Pivoted QR of a (..., M, N): [q (..., M, K), r (..., K, N), p (..., N) int32] with a[..., :, p] = q r. */
export function qrPivoted(a: NDArray): [NDArray, NDArray, NDArray] {
  const batch = a.shape.slice(0, -2);
  if (batch.length === 0) return qrp2d(a);
  const [m, n] = a.shape.slice(-2);
  const flat = jnp.reshape(a, [-1, m, n]);
  const [q, r, p] = vmap((x: NDArray) => qrp2d(x))(flat) as unknown as NDArray[];
  return [jnp.reshape(q, [...batch, ...q.shape.slice(1)]), jnp.reshape(r, [...batch, ...r.shape.slice(1)]), jnp.reshape(p, [...batch, n])];
}
