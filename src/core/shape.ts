// Shape arithmetic: sizes, strides, broadcasting, axis normalisation.
import { describe } from "./describe.ts";
import { ValueError } from "./errors.ts";

export type Shape = readonly number[];

export function prod(xs: readonly number[]): number {
  let p = 1;
  for (const x of xs) p *= x;
  return p;
}

export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** Row-major coordinates of flat index i over `sizes`, into `into` (returned). */
export function unravel(i: number, sizes: readonly number[], into: number[] = new Array<number>(sizes.length)): number[] {
  for (let d = sizes.length - 1; d >= 0; d--) {
    into[d] = i % sizes[d];
    i = Math.floor(i / sizes[d]);
  }
  return into;
}

export function shapeEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function shapeStr(s: Shape): string {
  return s.length === 1 ? `(${s[0]},)` : `(${s.join(", ")})`;
}

/** NumPy broadcasting of several shapes; throws naming all shapes when incompatible. */
export function broadcastShapes(...shapes: Shape[]): number[] {
  const nd = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(nd).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const j = nd - s.length + i;
      const d = s[i];
      if (out[j] === 1) out[j] = d;
      else if (d !== 1 && d !== out[j]) {
        throw new ValueError(`Incompatible shapes for broadcasting: ${shapes.map(shapeStr).join(", ")}`);
      }
    }
  }
  return out;
}

/** Normalise a possibly negative axis, naming the argument on error. */
export function normalizeAxis(axis: number, ndim: number, what = "axis"): number {
  if (!Number.isInteger(axis)) throw new ValueError(`${what} must be an integer, got ${describe(axis)}`);
  if (axis < -ndim || axis >= ndim) {
    throw new ValueError(`${what} ${axis} is out of bounds for array of dimension ${ndim}`);
  }
  return axis < 0 ? axis + ndim : axis;
}

export function normalizeAxes(axis: number | readonly number[] | null | undefined, ndim: number, what = "axis"): number[] {
  if (axis === null || axis === undefined) return [...Array(ndim).keys()];
  // Anything but a list is one axis, so a string or object gets normalizeAxis's message.
  const list = Array.isArray(axis) ? [...axis] : [axis as number];
  const out = list.map((a) => normalizeAxis(a, ndim, what));
  if (new Set(out).size !== out.length) throw new ValueError(`repeated ${what} in ${JSON.stringify(list)}`);
  return out;
}

/** Validate a user-given shape: non-negative integers. */
export function checkShape(shape: unknown, what = "shape"): number[] {
  const arr = typeof shape === "number" ? [shape] : shape;
  if (!Array.isArray(arr)) throw new ValueError(`${what} must be an array of non-negative integers, got ${describe(shape)}`);
  for (const d of arr) {
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new ValueError(`${what} must contain only non-negative integers, got ${JSON.stringify(arr)} (bad entry: ${describe(d)})`);
    }
  }
  const size = prod(arr);
  if (size > 2 ** 31 - 1)
    throw new RangeError(`${what} ${JSON.stringify(arr)} has ${size} elements, more than can be allocated (2^31 - 1)`);
  return arr as number[];
}
