// jax.scipy.linalg.rsf2csf: a real Schur form (t, z) turned complex by one
// Givens rotation per 2x2 block, from the last row up (as JAX's _rsf2csf_2d;
// the rotation is applied where the subdiagonal entry is not negligible).
import { complexDType, isComplex, realDType } from "../core/dtypes.ts";
import { ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import * as jnp from "../numpy/index.ts";
import { Slice } from "../core/ndarray.ts";
import { vectorize } from "../numpy/vectorize.ts";

function rsf2csf2d(T0: NDArray, Z0: NDArray): [NDArray, NDArray] {
  const dtype = isComplex(T0.dtype) ? T0.dtype : complexDType(T0.dtype);
  const eps = realDType(dtype) === "float64" ? 2 ** -52 : 2 ** -23;
  let T = T0.astype(dtype);
  let Z = Z0.astype(dtype);
  const N = T.shape[0];
  const idx = jnp.arange(N);
  const sl = (a: number, b: number) => new Slice(a, b);
  const gh = (G: NDArray) => jnp.conj(jnp.transpose(G));
  for (let m = N - 1; m >= 1; m--) {
    const sub = T.get(m, m - 1);
    const apply = jnp.greater(jnp.abs(sub), jnp.multiply(eps, jnp.add(jnp.abs(T.get(m - 1, m - 1)), jnp.abs(T.get(m, m)))));
    const mu = jnp.subtract(jnp.linalg.eigvals(T.get(sl(m - 1, m + 1), sl(m - 1, m + 1))), T.get(m, m));
    const mu0 = mu.get(0);
    const r = jnp.sqrt(jnp.add(jnp.square(jnp.abs(mu0)), jnp.square(jnp.abs(sub)))).astype(dtype);
    const c = jnp.divide(mu0, r);
    const s = jnp.divide(sub, r);
    const G = jnp.stack([jnp.stack([jnp.conj(c), s]), jnp.stack([jnp.negative(s), c])]);
    // Rows m-1, m from column m-1 on: G @ rows.
    const rows = T.get(sl(m - 1, m + 1));
    const colMask = jnp.greaterEqual(idx, m - 1);
    const newRows = jnp.where(colMask, jnp.matmul(G, jnp.where(colMask, rows, 0)), rows);
    let Tn = jnp.concatenate([T.get(sl(0, m - 1)), newRows, T.get(sl(m + 1, N))], 0);
    // Columns m-1, m down to row m: cols @ G^H.
    const cols = Tn.get(new Slice(), sl(m - 1, m + 1));
    const rowMask = jnp.less(jnp.reshape(idx, [N, 1]), m + 1);
    const newCols = jnp.where(rowMask, jnp.matmul(jnp.where(rowMask, cols, 0), gh(G)), cols);
    Tn = jnp.concatenate([Tn.get(new Slice(), sl(0, m - 1)), newCols, Tn.get(new Slice(), sl(m + 1, N))], 1);
    const zc = jnp.matmul(Z.get(new Slice(), sl(m - 1, m + 1)), gh(G));
    const Zn = jnp.concatenate([Z.get(new Slice(), sl(0, m - 1)), zc, Z.get(new Slice(), sl(m + 1, N))], 1);
    T = jnp.where(apply, Tn, T);
    Z = jnp.where(apply, Zn, Z);
    // T[m, m-1] = 0.
    const hit = jnp.logicalAnd(jnp.equal(jnp.reshape(idx, [N, 1]), m), jnp.equal(idx, m - 1));
    T = jnp.where(hit, 0, T);
  }
  return [T, Z];
}

/** rsf2csf(t, z): the complex Schur form [t, z] from a real one (batched over leading dims). */
export function rsf2csf(T: ArrayLike, Z: ArrayLike): [NDArray, NDArray] {
  const t = jnp.asarray(T);
  const z = jnp.asarray(Z);
  if (t.ndim < 2 || t.shape[t.ndim - 1] !== t.shape[t.ndim - 2]) throw new ValueError("Input 'T' must be square.");
  if (z.ndim < 2 || z.shape[z.ndim - 1] !== z.shape[z.ndim - 2]) throw new ValueError("Input 'Z' must be square.");
  if (t.shape[t.ndim - 1] !== z.shape[z.ndim - 1]) {
    throw new ValueError(`Input array shapes must match: Z: (${z.shape.join(", ")}) vs. T: (${t.shape.join(", ")})`);
  }
  const f = vectorize((a: NDArray, b: NDArray) => rsf2csf2d(a, b), { signature: "(n,n),(n,n)->(n,n),(n,n)" });
  return f(t, z) as unknown as [NDArray, NDArray];
}
