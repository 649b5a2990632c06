// argmin / argmax as two reductions a kernel computes (a decomposition: see
// compiler/decompositions.ts): the extremum along the axis, then the least
// index holding it. NaN is an extremum (min and max propagate it) that equals
// nothing, so the index reduction also takes the first NaN where the
// extremum is NaN, as XLA's comparator does; ties go to the first index.
// Fused, the extremum joins the kernel that computes its operand (k-means'
// distances) and the index pass reads them once more: the native argmin
// was a separate scalar pass (k-means over [10000, 64]: 1.2 ms of 3).
import type { ShapedArray } from "../core/aval.ts";
import type { ClosedJaxpr } from "../core/jaxpr.ts";
import type { NDArray } from "../core/ndarray.ts";
import type { Params } from "../core/primitive.ts";
import { registerDecomposition } from "../compiler/decompositions.ts";
import { traceToJaxpr } from "../transforms/staging.ts";
import * as lax from "./api.ts";
import type { ArgParams } from "./reduce.ts";
import { full } from "./zeros.ts";

/** Operand dtypes whose extremum and compares run in kernels' four-byte lanes. */
const KERNEL_DTYPES = new Set(["float32", "int32", "uint32"]);

function argReduction(kind: "min" | "max") {
  return (avals: ShapedArray[], params: Params): ClosedJaxpr | null => {
    const [a] = avals;
    const { axes, index_dtype } = params as ArgParams;
    if (!KERNEL_DTYPES.has(a.dtype) || (index_dtype !== "int32" && index_dtype !== "uint32")) return null;
    const axis = axes[0];
    const n = a.shape[axis];
    const kept = a.shape.map((_, d) => d).filter((d) => d !== axis);
    return traceToJaxpr(
      (x: NDArray) => {
        const extremum = kind === "min" ? lax.reduceMin(x, [axis]) : lax.reduceMax(x, [axis]);
        const e = lax.broadcastInDim(extremum, [...a.shape], kept);
        let hit = lax.eq(x, e);
        if (a.dtype === "float32") hit = lax.bitwiseOr(hit, lax.bitwiseAnd(lax.ne(e, e), lax.ne(x, x)));
        const index = lax.select(hit, lax.broadcastedIota("int32", [...a.shape], axis), full([...a.shape], n, "int32"));
        return [lax.convertElementType(lax.reduceMin(index, [axis]), index_dtype)];
      },
      [a],
    );
  };
}

registerDecomposition("argmin", argReduction("min"));
registerDecomposition("argmax", argReduction("max"));
