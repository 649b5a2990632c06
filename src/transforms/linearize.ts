// linearize = jvp + partial evaluation; vjp = linearize + transpose.
import type { ArrayImpl } from "../core/array_impl.ts";
import type { ShapedArray } from "../core/aval.ts";
import type { Jaxpr } from "../core/jaxpr.ts";
import { evalJaxpr } from "../core/jaxpr.ts";
import type { NDArray } from "../core/ndarray.ts";
import { type Tangent, UndefinedPrimal, Zero } from "../core/primitive.ts";
import { jvpFlat, tangentAval, instantiateZero } from "./jvp.ts";
import { PartialVal, partialEvalFlat } from "./partial_eval.ts";
import { backwardPass } from "./transpose.ts";

export interface LinearizedFlat {
  primalsOut: NDArray[];
  /** The linear map: tangents in → tangents out. */
  jaxpr: Jaxpr;
  consts: NDArray[];
  tangentInAvals: ShapedArray[];
}

/** Where `owned` is given, the arrays the JVP rules make are recorded there (see core/temporaries.ts). */
export function linearizeFlat(f: (...xs: NDArray[]) => NDArray[], primals: NDArray[], owned: ArrayImpl[] | null = null): LinearizedFlat {
  const n = primals.length;
  const tangentInAvals = primals.map((p) => tangentAval(p.aval));
  const pvalsIn = [...primals.map((p) => PartialVal.known(p)), ...tangentInAvals.map((a) => PartialVal.unknown(a))];
  const fJvp = (...xs: NDArray[]): NDArray[] => {
    const [po, to] = jvpFlat(f, xs.slice(0, n), xs.slice(n), owned);
    return [...po, ...to.map(instantiateZero)];
  };
  const { pvalsOut, jaxpr, consts } = partialEvalFlat(fJvp, pvalsIn, (i, total) => i >= total / 2);
  const half = pvalsOut.length / 2;
  const primalsOut = pvalsOut.slice(0, half).map((p) => {
    if (!p.isKnown) throw new Error("internal: primal output of linearize is not known");
    return p.known!;
  });
  return { primalsOut, jaxpr, consts, tangentInAvals };
}

export function applyLinear(lin: LinearizedFlat, tangents: NDArray[]): NDArray[] {
  return evalJaxpr(lin.jaxpr, lin.consts, tangents);
}

/** Cotangents of the inputs for output cotangents (Zero where nothing flows). */
export function transposeLinear(lin: LinearizedFlat, cts: Tangent[]): Tangent[] {
  const args = lin.tangentInAvals.map((a) => new UndefinedPrimal(a));
  return backwardPass(lin.jaxpr, lin.consts, args, cts);
}

export function vjpFlat(f: (...xs: NDArray[]) => NDArray[], primals: NDArray[]): [NDArray[], (cts: Tangent[]) => Tangent[]] {
  const lin = linearizeFlat(f, primals);
  return [lin.primalsOut, (cts) => transposeLinear(lin, cts)];
}

export { Zero };
