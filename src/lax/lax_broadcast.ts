// lax's implicit broadcasting for n-ary elementwise ops (JAX's
// broadcasting_shape_rule): rank-0 operands broadcast to any shape; the
// others must have the same rank, and size-1 axes stretch to the common size.
import { JaxTypeError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import { shapeEqual, shapeStr } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import { broadcastInDimP } from "./broadcast.ts";

/** The common shape of lax operands, or a TypeError as JAX raises it. */
export function laxBroadcastShapes(name: string, shapes: readonly (readonly number[])[]): number[] {
  const ranked = shapes.filter((s) => s.length > 0);
  if (ranked.length === 0) return [];
  const ranks = [...new Set(ranked.map((s) => s.length))].sort((a, b) => a - b);
  if (ranks.length !== 1) {
    throw new JaxTypeError(`${name}: arrays must have the same number of dimensions, got {${ranks.join(", ")}}`);
  }
  return ranked[0].map((_, i) => {
    const sizes = ranked.map((s) => s[i]).filter((d) => d !== 1);
    if (sizes.some((d) => d !== sizes[0])) {
      throw new JaxTypeError(`${name} got incompatible shapes for broadcasting: ${shapes.map(shapeStr).join(", ")}.`);
    }
    return sizes.length ? sizes[0] : 1;
  });
}

/** Operands broadcast to their common lax shape (unchanged when they agree). */
export function laxBroadcast(name: string, xs: NDArray[]): NDArray[] {
  if (xs.every((x) => shapeEqual(x.shape, xs[0].shape))) return xs;
  const shape = laxBroadcastShapes(
    name,
    xs.map((x) => x.shape),
  );
  return xs.map((x) =>
    shapeEqual(x.shape, shape) ? x : bind1(broadcastInDimP, [x], { shape: [...shape], broadcast_dimensions: x.shape.map((_, i) => i) }),
  );
}
