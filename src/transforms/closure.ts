// closureConvert and linearTranspose: tracing a function once to a jaxpr and
// handing back a function over it (with the hoisted constants explicit, or transposed).
import { isFloat, isInteger } from "../core/dtypes.ts";
import { JaxTypeError } from "../core/errors.ts";
import { evalJaxpr } from "../core/jaxpr.ts";
import type { NDArray } from "../core/ndarray.ts";
import { UndefinedPrimal } from "../core/primitive.ts";
import { checkCallable } from "../core/scalar_args.ts";
import { isTracer } from "../core/trace.ts";
import { instantiate } from "../lax/helpers.ts";
import { diffLeaves, leavesAsArrays, tree, type TreeDef } from "./args.ts";
import { flattenLike } from "./custom_common.ts";
import { PartialVal, partialEvalFlat } from "./partial_eval.ts";
import { traceToJaxpr } from "./staging.ts";
import { backwardPass } from "./transpose.ts";
import type { AnyFn } from "./types.ts";

/**
 * jax.closure_convert: `[g, consts]` where `g(...args, ...consts)` computes
 * `f(...args)` and `consts` are the traced values `f` closes over (so a custom
 * rule can take them as explicit arguments).
 */
export function closureConvert(f: AnyFn, ...exampleArgs: unknown[]): [(...argsAndConsts: unknown[]) => unknown, NDArray[]] {
  checkCallable(f, "closureConvert");
  const [raw, inTree] = tree.flatten(exampleArgs);
  const leaves = leavesAsArrays(raw, "closureConvert argument");
  let outTree: TreeDef | null = null;
  const cj = traceToJaxpr(
    (...xs) => {
      const out = f(...(tree.unflatten(inTree, xs) as unknown[]));
      outTree = tree.flatten(out)[1];
      return flattenLike(out, outTree, "closureConvert output");
    },
    leaves.map((l) => l.aval),
  );
  const ot = outTree! as TreeDef;
  // Only values a transformation may perturb (tracers) are hoisted; plain arrays stay closed over.
  const hoisted = cj.consts.filter(isTracer);
  const converted = (...argsAndConsts: unknown[]): unknown => {
    const nArgs = argsAndConsts.length - hoisted.length;
    const [ls, td] = tree.flatten(argsAndConsts.slice(0, nArgs));
    if (!td.equals(inTree))
      throw new JaxTypeError(`closureConvert: argument structure ${td} does not match the example arguments' ${inTree}`);
    const hs = leavesAsArrays(argsAndConsts.slice(nArgs), "closureConvert constant");
    let h = 0;
    const consts = cj.consts.map((c) => (isTracer(c) ? hs[h++] : c));
    return tree.unflatten(ot, evalJaxpr(cj.jaxpr, consts, leavesAsArrays(ls, "closureConvert argument")));
  };
  return [converted, hoisted];
}

/**
 * jax.linear_transpose: the transpose of the linear function `f` at
 * (the shapes and dtypes of) `primals`: `ct => [cotangent of each primal]`.
 */
export function linearTranspose(f: AnyFn, ...primals: unknown[]): (ct: unknown) => unknown[] {
  checkCallable(f, "linearTranspose");
  const [raw, inTree] = tree.flatten(primals);
  const leaves = diffLeaves(raw, "linearTranspose primal");
  const inAvals = leaves.map((l) => l.aval.strongType());
  let outTree: TreeDef | null = null;
  const { pvalsOut, jaxpr, consts } = partialEvalFlat(
    (...xs) => {
      const out = f(...(tree.unflatten(inTree, xs) as unknown[]));
      outTree = tree.flatten(out)[1];
      return flattenLike(out, outTree, "linearTranspose output");
    },
    inAvals.map((a) => PartialVal.unknown(a)),
    () => true,
  );
  const outAvals = pvalsOut.map((p) => p.aval);
  const dts = [...inAvals, ...outAvals].map((a) => a.dtype);
  if (!(dts.every(isFloat) || dts.every(isInteger))) {
    throw new JaxTypeError(
      `linear_transpose only supports [float or complex] -> [float or complex], and integer -> integer functions, but got [${inAvals.map((a) => a.dtype).join(", ")}] -> [${outAvals.map((a) => a.dtype).join(", ")}].`,
    );
  }
  const ot = outTree! as TreeDef;
  return (ct: unknown) => {
    const [cl, ctTree] = tree.flatten(ct);
    if (!ctTree.equals(ot)) throw new JaxTypeError(`cotangent tree does not match function output, expected ${ot} but got ${ctTree}`);
    const cts = diffLeaves(cl, "linearTranspose cotangent");
    cts.forEach((c, i) => {
      const a = outAvals[i];
      if (c.dtype !== a.dtype || c.shape.join() !== a.shape.join()) {
        throw new JaxTypeError(
          `cotangent type does not match function output, expected ${outAvals.map((o) => o.str()).join(", ")} but got ${cts.map((o) => o.aval.str()).join(", ")}`,
        );
      }
    });
    const res = backwardPass(
      jaxpr,
      consts,
      inAvals.map((a) => new UndefinedPrimal(a)),
      cts,
    );
    return tree.unflatten(inTree, res.map(instantiate)) as unknown[];
  };
}
