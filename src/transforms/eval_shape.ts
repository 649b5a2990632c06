// jax.eval_shape: the shapes and dtypes a function would return, found by
// tracing it on abstract values; nothing is computed.
import { ShapedArray } from "../core/aval.ts";
import { JaxTypeError } from "../core/errors.ts";
import { NDArray } from "../core/ndarray.ts";
import { checkCallable } from "../core/scalar_args.ts";
import { ShapeDtypeStruct } from "../core/shape_dtype_struct.ts";
import { describe, leavesAsArrays, tree } from "./args.ts";
import { traceToJaxpr } from "./staging.ts";

/** An abstract argument: a ShapeDtypeStruct, an array, or a JS number (weakly typed). */
function avalOf(leaf: unknown, i: number): ShapedArray {
  if (leaf instanceof ShapeDtypeStruct) return leaf.aval;
  if (leaf instanceof NDArray) return leaf.aval;
  if (typeof leaf === "number" || typeof leaf === "boolean") return leavesAsArrays([leaf], "evalShape argument")[0].aval;
  throw new JaxTypeError(`evalShape: argument leaf ${i} is ${describe(leaf)}; expected a ShapeDtypeStruct, an array or a JS number.`);
}

export function evalShape(f: (...args: never[]) => unknown, ...args: unknown[]): unknown {
  checkCallable(f, "evalShape");
  const isLeaf = (x: unknown) => x instanceof ShapeDtypeStruct;
  const [leaves, treedef] = tree.flatten(args, isLeaf);
  let outTree: ReturnType<typeof tree.flatten>[1] | undefined;
  const jaxpr = traceToJaxpr((...xs) => {
    const [outLeaves, def] = tree.flatten((f as (...a: unknown[]) => unknown)(...(tree.unflatten(treedef, xs) as unknown[])));
    outTree = def;
    return leavesAsArrays(outLeaves, "evalShape output");
  }, leaves.map(avalOf));
  const outs = jaxpr.jaxpr.outs.map((o) => ShapeDtypeStruct.fromAval(o.aval));
  return tree.unflatten(outTree!, outs);
}
