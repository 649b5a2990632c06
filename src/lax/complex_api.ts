// lax.complex / real / imag / conj: checked wrappers over the complex primitives.
import { asOperand, scalarArray } from "../core/convert.ts";
import { type ArrayLike, NDArray } from "../core/ndarray.ts";
import { bind1 } from "../core/trace.ts";
import { complexP, conjP, imagP, realP } from "./complex.ts";
import "./complex_eval.ts";
import { broadcastInDimP } from "./broadcast.ts";

/** complex(x, y) = x + i·y, elementwise; x and y of one float dtype (JS numbers take the array's dtype). */
export function complex(x: ArrayLike, y: ArrayLike): NDArray {
  const arr = [x, y].find((v) => v instanceof NDArray) as NDArray | undefined;
  const [a, b] = [x, y].map((v, i) => {
    if (v instanceof NDArray || !arr || typeof v !== "number") return asOperand(v, `complex argument ${i}`);
    const s = scalarArray(v, arr.dtype, true);
    return arr.ndim ? bind1(broadcastInDimP, [s], { shape: [...arr.shape], broadcast_dimensions: [] }) : s;
  });
  return bind1(complexP, [a, b], {});
}
/** The real part of a complex array. */
export function real(x: ArrayLike): NDArray {
  return bind1(realP, [asOperand(x, "real argument")], {});
}
/** The imaginary part of a complex array. */
export function imag(x: ArrayLike): NDArray {
  return bind1(imagP, [asOperand(x, "imag argument")], {});
}
/** The complex conjugate (a float array comes back complex). */
export function conj(x: ArrayLike): NDArray {
  const a = asOperand(x, "conj argument");
  return bind1(conjP, [a], { input_dtype: a.dtype });
}
