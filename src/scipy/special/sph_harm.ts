// Spherical harmonics Y_n^m(theta, phi) from the orthonormalised associated
// Legendre functions (three-term recurrences along the bands l - m = 0, 1,
// 2, ..., as JAX's _gen_associated_legendre), with JAX's indexing: the i-th
// result reads the Legendre table at (|m_i|, n_i, point i), clipped.
import { isFloat, isInteger } from "../../core/dtypes.ts";
import { ConcretizationTypeError, JaxTypeError, NotImplementedError } from "../../core/errors.ts";
import type { ArrayLike, NDArray } from "../../core/ndarray.ts";
import { checkOptions } from "../../core/options.ts";
import { complex } from "../../lax/complex_api.ts";
import * as jnp from "../../numpy/index.ts";
import { asArray } from "../../numpy/util.ts";

/** Normalised P_l^m(x) for 0 <= m, l <= lMax: shape [lMax + 1 (l), lMax + 1 (m), x.size]. */
function normalizedLegendre(lMax: number, x: NDArray): NDArray {
  const M = lMax + 1;
  const dt = x.dtype;
  const col = (vals: number[]) => jnp.expandDims(jnp.array(vals, { dtype: dt }), 1);
  const xr = jnp.expandDims(x, 0);
  const y = jnp.sqrt(jnp.subtract(1, jnp.multiply(x, x)));
  // Diagonal P_l^l = P_0^0 prod_{a <= l} (-sqrt(1 + 1/(2a))) (1 - x^2)^(l/2).
  const diag: NDArray[] = [jnp.fullLike(x, 0.5 / Math.sqrt(Math.PI))];
  let fa = 0.5 / Math.sqrt(Math.PI);
  for (let l = 1; l <= lMax; l++) {
    fa *= -Math.sqrt(1 + 0.5 / l);
    diag.push(jnp.multiply(jnp.array(fa, { dtype: dt }), jnp.power(y, l)));
  }
  const unit = (m: number) => col(Array.from({ length: M }, (_, i) => (i === m ? 1 : 0)));
  const rows: NDArray[] = [];
  for (let l = 0; l <= lMax; l++) {
    let row = jnp.multiply(unit(l), jnp.expandDims(diag[l], 0));
    if (l >= 1)
      row = jnp.add(row, jnp.multiply(unit(l - 1), jnp.multiply(Math.sqrt(2 * l + 1), jnp.expandDims(jnp.multiply(x, diag[l - 1]), 0))));
    if (l >= 2) {
      const d0: number[] = [];
      const d1: number[] = [];
      for (let m = 0; m < M; m++) {
        const ok = m <= l - 2;
        const [c0, c1] = [l * l, m * m];
        d0.push(ok ? Math.sqrt((4 * c0 - 1) / (c0 - c1)) : 0);
        d1.push(ok ? Math.sqrt(((2 * l + 1) * ((l - 1) * (l - 1) - c1)) / ((2 * l - 3) * (c0 - c1))) : 0);
      }
      row = jnp.add(row, jnp.subtract(jnp.multiply(col(d0), jnp.multiply(xr, rows[l - 1])), jnp.multiply(col(d1), rows[l - 2])));
    }
    rows.push(row);
  }
  return jnp.stack(rows);
}

/** Degrees and orders index the table: integers (JS-number arrays, float32 here, are truncated to int32). */
function intArg(v: ArrayLike, what: string): NDArray {
  const a = asArray(v, `sph_harm_y ${what}`);
  if (isInteger(a.dtype)) return a;
  if (isFloat(a.dtype)) return a.astype("int32");
  throw new JaxTypeError(`sph_harm_y: ${what} must be an integer array, got dtype ${a.dtype}`);
}

export interface SphHarmYOptions {
  diffN?: number | null;
  nMax?: number | null;
}

/**
 * scipy.special.sphHarmY(n, m, theta, phi, {nMax}): the spherical harmonic of
 * degree n and order m at colatitude theta and longitude phi (1-D n, m);
 * degrees above nMax (default max(n), which must then be concrete) clip to it.
 */
export function sphHarmY(n: ArrayLike, m: ArrayLike, theta: ArrayLike, phi: ArrayLike, opts?: SphHarmYOptions): NDArray {
  const o = checkOptions(opts, "sph_harm_y", ["diffN", "nMax"]);
  if (o.diffN !== undefined && o.diffN !== null) {
    throw new NotImplementedError("The 'diff_n' argument to jax.scipy.special.sph_harm_y is not supported.");
  }
  const N = intArg(n, "n");
  const Mo = intArg(m, "m");
  let th = asArray(theta, "sph_harm_y theta");
  if (th.ndim === 0) th = jnp.reshape(th, [1]);
  let nMax = o.nMax;
  if (nMax === undefined || nMax === null) {
    if (asArray(n, "sph_harm_y n").isTracer) {
      throw new ConcretizationTypeError(
        "The `n_max` argument of `jnp.scipy.special.sph_harm` must be statically specified to use `sph_harm` within JAX transformations.",
      );
    }
    const raw = asArray(n, "sph_harm_y n");
    nMax = Math.trunc(Math.max(...Array.from(raw.dataSync() as Iterable<number>, Number)));
  }
  if (!Number.isInteger(nMax)) throw new JaxTypeError(`sph_harm_y: n_max must be an integer, got ${String(nMax)}`);
  if (N.ndim !== 1) throw new JaxTypeError(`sph_harm_y: n must be a 1-D array (JAX takes len(n)), got shape (${N.shape.join(", ")})`);
  const cosT = jnp.cos(th);
  if (cosT.ndim !== 1) throw new JaxTypeError(`sph_harm_y: theta must be a scalar or a 1-D array, got ${th.ndim} dimensions`);
  const table = normalizedLegendre(nMax, cosT);
  const am = jnp.abs(Mo);
  const [L, K] = [nMax + 1, cosT.shape[0]];
  const clip = (i: NDArray, size: number) => jnp.clip(i, 0, size - 1);
  const flat = jnp.add(jnp.multiply(jnp.add(jnp.multiply(clip(N, L), L), clip(am, L)), K), clip(jnp.arange(N.shape[0]), K));
  const leg = jnp.take(jnp.reshape(table, [-1]), flat);
  const angle = jnp.multiply(am, phi);
  const h = complex(jnp.multiply(leg, jnp.cos(angle)), jnp.multiply(leg, jnp.sin(angle)));
  const sign = jnp.where(jnp.equal(jnp.remainder(am, 2), 1), -1, 1);
  return jnp.where(jnp.less(Mo, 0), jnp.multiply(sign.astype(leg.dtype), jnp.conj(h)), h);
}
