// lax's special functions (erfc, igamma family, polygamma, zeta, Bessel
// i0e/i1e, betainc): checked wrappers over the primitives of special.ts.
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import type { Primitive } from "../core/primitive.ts";
import { bind1 } from "../core/trace.ts";
import { operands } from "./api.ts";
import * as SP from "./special.ts";

const op =
  (p: Primitive) =>
  (...xs: ArrayLike[]): NDArray =>
    bind1(p, operands(p.name, xs), {});

export const erfc: (x: ArrayLike) => NDArray = op(SP.erfcP);
export const besselI0e: (x: ArrayLike) => NDArray = op(SP.besselI0eP);
export const besselI1e: (x: ArrayLike) => NDArray = op(SP.besselI1eP);
export const igamma: (a: ArrayLike, x: ArrayLike) => NDArray = op(SP.igammaP);
export const igammac: (a: ArrayLike, x: ArrayLike) => NDArray = op(SP.igammacP);
export const igammaGradA: (a: ArrayLike, x: ArrayLike) => NDArray = op(SP.igammaGradAP);
export const randomGammaGrad: (a: ArrayLike, x: ArrayLike) => NDArray = op(SP.randomGammaGradP);
export const polygamma: (m: ArrayLike, x: ArrayLike) => NDArray = op(SP.polygammaP);
export const zeta: (x: ArrayLike, q: ArrayLike) => NDArray = op(SP.zetaP);
export const betainc: (a: ArrayLike, b: ArrayLike, x: ArrayLike) => NDArray = op(SP.regularizedIncompleteBetaP);
