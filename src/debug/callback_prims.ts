// Host callbacks as primitives: debug_callback / debug_print (effects with no
// outputs: kept by DCE, run in program order, values only) and pure_callback
// (a host function with declared result shapes: no effects, no derivative).
import { ShapedArray } from "../core/aval.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import { type BatchDim, Primitive, type PrimitiveRules } from "../core/primitive.ts";
import { shapeEqual, shapeStr } from "../core/shape.ts";
import { bind } from "../core/trace.ts";
import { batchSize, matchBatch } from "../lax/batching.ts";
import { broadcastInDim, concatenate, expandDims, sliceInDim, squeeze } from "../lax/api.ts";

export type DebugCallbackParams = {
  /** Called with the concrete operands, in program order. */
  callback: (args: NDArray[]) => void;
  /** What the jaxpr prints for the callback (debug_print's format string). */
  label: string;
  ordered: boolean;
};

/** The operands of batch element `i` (unbatched operands as they are). */
function elementOf(args: NDArray[], dims: BatchDim[], i: number): NDArray[] {
  return args.map((a, k) => {
    const d = dims[k];
    return d === null ? a : squeeze(sliceInDim(a, i, i + 1, 1, d), [d]);
  });
}

/** vmap of an effect: the callback runs once per batch element, in order, as JAX's rule. */
function batchEffect(prim: Primitive<DebugCallbackParams>) {
  return (args: NDArray[], dims: BatchDim[], params: DebugCallbackParams, axisSize: number): [NDArray[], BatchDim[]] => {
    for (let i = 0; i < axisSize; i++) bind(prim, elementOf(args, dims, i), params);
    return [[], []];
  };
}

function effectRules(prim: () => Primitive<DebugCallbackParams>, key: "fmt" | "callback"): PrimitiveRules<DebugCallbackParams> {
  return {
    effectful: true,
    abstractEval: () => [],
    impl: (args, params) => {
      params.callback(args);
      return [];
    },
    // Only primal values are passed on: the effect sees what the program computes.
    jvp: (primals, _tangents, params) => {
      bind(prim(), primals, params);
      return [[], []];
    },
    batch: (args, dims, params, axisSize) => batchEffect(prim())(args, dims, params, axisSize),
    printParams: (p) => `${key}=${p.label} ordered=${p.ordered ? "True" : "False"}`,
  };
}

export const debugCallbackP: Primitive<DebugCallbackParams> = new Primitive(
  "debug_callback",
  effectRules(() => debugCallbackP, "callback"),
  true,
);
export const debugPrintP: Primitive<DebugCallbackParams> = new Primitive(
  "debug_print",
  effectRules(() => debugPrintP, "fmt"),
  true,
);

/** How a pure callback is vmapped (JAX's `vmap_method`). */
export type VmapMethod = "sequential" | "sequential_unrolled" | "expand_dims" | "broadcast_all" | "legacy_vectorized";

export type PureCallbackParams = {
  callback: (args: NDArray[]) => NDArray[];
  name: string;
  resultAvals: ShapedArray[];
  vmapMethod: VmapMethod | null;
};

function batchPure(args: NDArray[], dims: BatchDim[], params: PureCallbackParams, axisSize: number): [NDArray[], BatchDim[]] {
  const { vmapMethod } = params;
  if (vmapMethod === null) {
    throw new ValueError(
      "vmap is only supported for the pure_callback primitive when vmapMethod is one of 'sequential', " +
        "'sequential_unrolled', 'expand_dims', 'broadcast_all', or 'legacy_vectorized'. Got vmapMethod=None.",
    );
  }
  const outAvals = params.resultAvals;
  if (vmapMethod === "sequential" || vmapMethod === "sequential_unrolled") {
    const perElement: NDArray[][] = [];
    for (let i = 0; i < axisSize; i++) perElement.push(bind(pureCallbackP, elementOf(args, dims, i), params));
    const outs = outAvals.map((_, j) =>
      concatenate(
        perElement.map((o) => expandDims(o[j], [0])),
        0,
      ),
    );
    return [outs, outAvals.map(() => 0)];
  }
  // One call on the whole batch at axis 0; unbatched operands get a size-1
  // axis (expand_dims, legacy_vectorized) or the full batch (broadcast_all).
  const size = batchSize(args, dims);
  const batched = args.map((a, k) => {
    if (dims[k] !== null) return matchBatch(a, dims[k], size, 0);
    if (vmapMethod === "legacy_vectorized") return a;
    if (vmapMethod === "broadcast_all") {
      return broadcastInDim(
        a,
        [axisSize, ...a.shape],
        a.shape.map((_, i) => i + 1),
      );
    }
    return expandDims(a, [0]);
  });
  const resultAvals = outAvals.map((a) => new ShapedArray([axisSize, ...a.shape], a.dtype));
  return [bind(pureCallbackP, batched, { ...params, resultAvals }), outAvals.map(() => 0)];
}

export const pureCallbackP: Primitive<PureCallbackParams> = new Primitive(
  "pure_callback",
  {
    abstractEval: (_avals, p) => p.resultAvals,
    impl: (args, p) => {
      const outs = p.callback(args);
      checkResults(outs, p.resultAvals, p.name);
      return outs;
    },
    jvp: () => {
      throw new ValueError("Pure callbacks do not support JVP. Please use `customJvp` to use callbacks while taking gradients.");
    },
    transpose: () => {
      throw new ValueError("Pure callbacks do not support transpose. Please use `customVjp` to use callbacks while taking gradients.");
    },
    batch: batchPure,
    printParams: (p) =>
      `callback=<function ${p.name}> result_avals=(${p.resultAvals.map((a) => `ShapedArray(${a.str()})`).join(", ")}${p.resultAvals.length === 1 ? "," : ""}) vmap_method=${p.vmapMethod ?? "None"}`,
  },
  true,
);

function checkResults(outs: NDArray[], avals: ShapedArray[], name: string): void {
  if (outs.length !== avals.length) {
    throw new JaxTypeError(
      `pureCallback ${name}: the callback returned ${outs.length} arrays, but resultShapeDtypes describes ${avals.length}.`,
    );
  }
  outs.forEach((o, i) => {
    const a = avals[i];
    if (!shapeEqual(o.shape, a.shape) || o.dtype !== a.dtype) {
      throw new JaxTypeError(
        `pureCallback ${name}: result ${i} has shape ${shapeStr(o.shape)} and dtype ${o.dtype}, ` +
          `but resultShapeDtypes declares shape ${shapeStr(a.shape)} and dtype ${a.dtype}.`,
      );
    }
  });
}
