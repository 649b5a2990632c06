// jax.pure_callback: call a host function from inside a transformed program,
// given the shapes and dtypes it returns. The function must be pure (JAX may
// skip or repeat calls); it has no derivative, and vmap needs `vmapMethod`.
import { ShapedArray } from "../core/aval.ts";
import { asOperand } from "../core/convert.ts";
import { describe } from "../core/describe.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { NDArray } from "../core/ndarray.ts";
import { isPlainObject } from "../core/options.ts";
import { ShapeDtypeStruct } from "../core/shape_dtype_struct.ts";
import { bind } from "../core/trace.ts";
import { parseDType } from "../core/dtypes.ts";
import { flatten, unflatten } from "../tree/flatten.ts";
import { pureCallbackP, type VmapMethod } from "./callback_prims.ts";

const VMAP_METHODS: readonly VmapMethod[] = ["sequential", "sequential_unrolled", "expand_dims", "broadcast_all", "legacy_vectorized"];

export interface PureCallbackOptions {
  /** How vmap calls the callback (JAX's `vmap_method`); vmap raises without one. */
  vmapMethod?: VmapMethod;
}

function isOptions(x: unknown): x is PureCallbackOptions {
  if (!isPlainObject(x)) return false;
  const keys = Object.keys(x);
  return keys.length > 0 && keys.every((k) => k === "vmapMethod");
}

function resultAval(leaf: unknown, i: number): ShapedArray {
  if (leaf instanceof ShapeDtypeStruct) return new ShapedArray(leaf.shape, leaf.dtype);
  if (leaf instanceof NDArray) return new ShapedArray(leaf.shape, leaf.dtype);
  const s = leaf as { shape?: unknown; dtype?: unknown } | null;
  if (s && Array.isArray(s.shape) && s.dtype !== undefined) return new ShapedArray(s.shape as number[], parseDType(s.dtype));
  throw new JaxTypeError(
    `pureCallback: resultShapeDtypes leaf ${i} is ${describe(leaf)}; expected a ShapeDtypeStruct (or anything with shape and dtype).`,
  );
}

/**
 * `pureCallback(callback, resultShapeDtypes, ...args, {vmapMethod})`: calls
 * `callback(...args)` with concrete arrays (in the same pytrees) and returns
 * its results, shaped as `resultShapeDtypes` (a pytree of ShapeDtypeStruct).
 */
export function pureCallback<R>(callback: (...args: never[]) => unknown, resultShapeDtypes: R, ...rest: unknown[]): unknown {
  if (typeof callback !== "function") throw new JaxTypeError(`pureCallback: the callback must be a function, got ${describe(callback)}`);
  const opts = isOptions(rest.at(-1)) ? (rest.pop() as PureCallbackOptions) : {};
  const vmapMethod = opts.vmapMethod ?? null;
  if (vmapMethod !== null && !VMAP_METHODS.includes(vmapMethod)) {
    throw new ValueError(`pureCallback: vmapMethod must be one of ${VMAP_METHODS.join(", ")}; got ${describe(vmapMethod)}`);
  }
  const [resultLeaves, resultTree] = flatten(resultShapeDtypes, (x) => x instanceof ShapeDtypeStruct);
  const resultAvals = resultLeaves.map(resultAval);
  const [argLeaves, argTree] = flatten(rest);
  const operands = argLeaves.map((l, i) => {
    if (l instanceof NDArray || typeof l === "number" || typeof l === "boolean") return asOperand(l as number);
    throw new JaxTypeError(`pureCallback: argument leaf ${i} is ${describe(l)}; expected an array or a JS number.`);
  });
  const name = callback.name || "<lambda>";
  const outs = bind(pureCallbackP, operands, {
    callback: (ops: NDArray[]) => {
      const result = (callback as (...a: unknown[]) => unknown)(...(unflatten(argTree, ops) as unknown[]));
      const [leaves, tree] = flatten(result);
      if (!tree.equals(resultTree)) {
        throw new JaxTypeError(
          `pureCallback ${name}: the callback returned ${String(tree)}, but resultShapeDtypes has structure ${String(resultTree)}.`,
        );
      }
      return leaves.map((l, i) => {
        // A JS number (weakly typed) takes the declared dtype; arrays must match it.
        const a = asOperand(l as number);
        return a.weakType && a.dtype !== resultAvals[i].dtype ? a.astype(resultAvals[i].dtype) : a;
      });
    },
    name,
    resultAvals,
    vmapMethod,
  });
  return unflatten(resultTree, outs);
}
