// The Faddeeva function w(z) = exp(-z^2) erfc(-iz): Weideman's (1994) N = 32
// rational approximation in the upper half plane, reflected below it, with
// JAX's custom derivative dw/dz = -2 z w + 2i/sqrt(pi).
import type { ArrayLike, NDArray } from "../../core/ndarray.ts";
import { complex, imag, real } from "../../lax/complex_api.ts";
import * as jnp from "../../numpy/index.ts";
import { promoteComplex } from "../inexact.ts";
import { customJvp } from "../../transforms/custom_jvp.ts";

const WOFZ_L = 4.7568284600108841;
// Descending powers of Z = (L + iz) / (L - iz).
const WOFZ_C = [
  -1.3034426067909105e-12, 3.7411838373738471e-12, 8.030427700497756e-12, -2.1543593557490879e-11, -5.5442449963237932e-11,
  1.165824698850374e-10, 4.1537441121999766e-10, -5.2310202114920615e-10, -3.2080151339721323e-9, 8.1248864216535907e-10,
  2.3797556530014025e-8, 2.2930438438915445e-8, -1.4813078929137642e-7, -4.1840763750512053e-7, 4.2558331397138446e-7,
  4.4015317312832251e-6, 6.8210319443575151e-6, -2.1409619201999998e-5, -0.00013075449254579421, -0.00024532980270038237,
  0.00039259136070109705, 0.0045195411053493093, 0.019006155784845501, 0.057304403529837282, 0.14060716226893755, 0.29544451071508743,
  0.54601397206393376, 0.9019254893648001, 1.3455441692345449, 1.8256696296324815, 2.2635372999002676, 2.5722534081245696,
];

const cconst = (v: number, z: NDArray) => jnp.array(v, { dtype: z.dtype });

/** w(z) for Im z >= 0. */
function wofzUpper(z: NDArray): NDArray {
  const L = cconst(WOFZ_L, z);
  const iz = complex(jnp.negative(imag(z)), real(z));
  const denom = jnp.subtract(L, iz);
  const Z = jnp.divide(jnp.add(L, iz), denom);
  const p = jnp.polyval(jnp.array(WOFZ_C, { dtype: z.dtype }), Z);
  return jnp.add(jnp.divide(jnp.multiply(2, p), jnp.multiply(denom, denom)), jnp.divide(cconst(1 / Math.sqrt(Math.PI), z), denom));
}

/** w(z) on a complex array: below the real axis, w(z) = 2 exp(-z^2) - w(-z). */
export const wofzC = customJvp(function _wofz(z: NDArray): NDArray {
  const upper = jnp.greaterEqual(imag(z), jnp.zerosLike(real(z)));
  const w = wofzUpper(jnp.where(upper, z, jnp.negative(z)));
  const reflected = jnp.subtract(jnp.multiply(2, jnp.exp(jnp.negative(jnp.multiply(z, z)))), w);
  return jnp.where(upper, w, reflected);
});
wofzC.defjvps((g: NDArray, ans: NDArray, z: NDArray) =>
  jnp.multiply(
    g,
    jnp.add(
      jnp.negative(jnp.multiply(jnp.multiply(2, z), ans)),
      complex(jnp.zerosLike(real(z)), jnp.fullLike(real(z), 2 / Math.sqrt(Math.PI))),
    ),
  ),
);

/** scipy.special.wofz(z): the Faddeeva function, complex for real or complex z. */
export function wofz(z: ArrayLike): NDArray {
  return wofzC(promoteComplex("wofz", z)[0]);
}
