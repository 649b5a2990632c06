// Indexing with `ds(start, size, stride)` (JAX's `jax.ds`): a window whose
// start may be traced. As JAX does it:
// - reading with stride 1 is a dynamic_slice: a negative start counts from
//   the end, and the window is moved back inside the axis (x[ds(8, 4)] of
//   arange(10) is [6 7 8 9]);
// - writing with stride 1 drops the whole update when the window leaves the
//   axis (no counting from the end);
// - another stride indexes with start + stride·iota(size) (never counted from
//   the end): reads clamp each index, writes drop the indices out of range.
// The other entries of the index are applied to the window as usual.
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { type ArrayLike, DynamicSlice, type Index, NDArray, Slice } from "../core/ndarray.ts";
import { isInteger } from "../core/dtypes.ts";
import { isTracer } from "../core/trace.ts";
import { dynamicSlice, dynamicUpdateSlice, iota } from "../lax/api.ts";
import { expandEllipsis, parseIndex, type UpdateMode } from "./indexing.ts";
import { clip, logicalAnd, where } from "./elementwise.ts";

/**
 * JAX's `jax.ds` (`dslice`): `ds(null)` is `:`, `ds(j)` is `:j`, `ds(i, j)`
 * is `i:i+j` and `ds(i, j, k)` is `i:i+j:k`, where `i` may be a traced
 * integer scalar (the size and stride are static).
 */
export function ds(
  start: number | NDArray | null,
  size: number | NDArray | null = null,
  stride: number | null = null,
): Slice | DynamicSlice {
  if (start === null) return new Slice();
  const step = stride ?? 1;
  if (!Number.isInteger(step)) throw new ValueError(`Non-static stride in \`dslice\`: got ${String(stride)}`);
  if (step < 0) throw new ValueError("`stride` must be >= 0.");
  if (size === null) return new DynamicSlice(0, staticSize(start), step);
  return new DynamicSlice(checkStart(start), staticSize(size), step);
}

function staticSize(size: number | NDArray): number {
  let n: number;
  if (size instanceof NDArray) {
    if (isTracer(size) || size.ndim !== 0 || !isInteger(size.dtype))
      throw new JaxTypeError(
        `Shapes must be 1D sequences of concrete values of integer type, got [${size.toString()}]: the size of a ds(...) slice must be static (a JS integer)`,
      );
    n = Number(size.item());
  } else n = size;
  if (!Number.isInteger(n) || n < 0) throw new JaxTypeError(`the size of a ds(...) slice must be a non-negative integer, got ${String(n)}`);
  return n;
}

function checkStart(start: number | NDArray): number | NDArray {
  if (start instanceof NDArray) {
    if (!isInteger(start.dtype) || start.ndim !== 0)
      throw new JaxTypeError(`index arguments to dynamic_slice must be integer scalars, got: ${start.dtype}[${start.shape.join(",")}]`);
    return start;
  }
  if (!Number.isInteger(start)) throw new JaxTypeError(`index arguments to dynamic_slice must be integers, got: ${start}`);
  return start;
}

/** Whether the index holds a ds(...) entry. */
export function hasDynamicSlice(idx: readonly Index[]): boolean {
  return idx.some((i) => i instanceof DynamicSlice);
}

interface Window {
  /** The index with every ds(...) of stride 1 replaced (by a full slice, or a static one when its start is static). */
  rest: Index[];
  /** Per axis: the window's start (0 off the ds axes) and size. */
  starts: (number | NDArray)[];
  sizes: number[];
  /** The ds axes of stride 1 with a traced start. */
  traced: { axis: number; ds: DynamicSlice }[];
}

/** The axis each entry of the index starts at (null for newaxis and the ellipsis). */
function entryAxes(x: NDArray, idx: readonly Index[]): (number | null)[] {
  const probe = idx.map((i) => (i instanceof DynamicSlice ? new Slice() : i));
  const parsed = probe.map((i, k) => parseIndex(i, k));
  const used = parsed.reduce((n, p) => n + (p.kind === "bool" ? p.array.ndim : p.kind === "none" || p.kind === "ellipsis" ? 0 : 1), 0);
  expandEllipsis(parsed, x.ndim); // validates the ellipsis count against the rank
  let axis = 0;
  return parsed.map((p) => {
    if (p.kind === "ellipsis") {
      axis += x.ndim - used;
      return null;
    }
    if (p.kind === "none") return null;
    const at = axis;
    axis += p.kind === "bool" ? p.array.ndim : 1;
    return at;
  });
}

/** The strided ds(...) entries as index arrays: start + stride·iota(size), each passed through `fix`. */
function stridedAsArrays(idx: readonly Index[], axes: (number | null)[], fix: (i: NDArray, n: number) => NDArray, x: NDArray): Index[] {
  return idx.map((i, k) => {
    if (!(i instanceof DynamicSlice) || i.stride === 1) return i;
    const positions = iota("int32", i.size).mul(i.stride).add(i.start);
    return fix(positions, x.shape[axes[k]!]);
  });
}

function windowOf(x: NDArray, idx: readonly Index[], axes: (number | null)[], readMode: boolean): Window {
  const starts: (number | NDArray)[] = x.shape.map(() => 0);
  const sizes = [...x.shape];
  const traced: Window["traced"] = [];
  const rest = idx.map((i, k) => {
    if (!(i instanceof DynamicSlice) || i.stride !== 1) return i;
    const axis = axes[k]!;
    const n = x.shape[axis];
    if (i.size > n) throw new JaxTypeError(`ds(...) of size ${i.size} on axis ${axis} of size ${n}: the slice must fit in the axis`);
    if (typeof i.start === "number") {
      // Reads count a negative start from the end and move the window inside; writes keep it as given.
      const s = readMode ? Math.min(Math.max(i.start < 0 ? i.start + n : i.start, 0), n - i.size) : i.start;
      return new Slice(s, s + i.size);
    }
    traced.push({ axis, ds: i });
    // Reads: counted from the end when negative, then clamped here (dynamic_slice would count from the end again).
    starts[axis] = readMode ? clip(where(i.start.lt(0), i.start.add(n), i.start), 0, n - i.size) : i.start;
    sizes[axis] = i.size;
    return new Slice();
  });
  return { rest, starts, sizes, traced };
}

/** x[idx] for an index holding ds(...) entries. */
export function getWithDynamicSlice(x: NDArray, idx: readonly Index[], getItem: (x: NDArray, idx: Index[]) => NDArray): NDArray {
  const axes = entryAxes(x, idx);
  const clampEach = (i: NDArray, n: number) => clip(i, 0, n - 1);
  const { rest, starts, sizes, traced } = windowOf(x, stridedAsArrays(idx, axes, clampEach, x), axes, true);
  const window = traced.length ? dynamicSlice(x, starts, sizes) : x;
  return getItem(window, rest);
}

/** x.at[idx].set/add/... for an index holding ds(...) entries. */
export function updateWithDynamicSlice(
  x: NDArray,
  idx: readonly Index[],
  v: ArrayLike,
  mode: UpdateMode,
  updateItem: (x: NDArray, idx: Index[], v: ArrayLike, mode: UpdateMode) => NDArray,
): NDArray {
  const axes = entryAxes(x, idx);
  // Out of range (negative included) is dropped: a negative index becomes the axis size.
  const dropNegative = (i: NDArray, n: number) => where(i.lt(0), n, i);
  const strided = stridedAsArrays(idx, axes, dropNegative, x);
  const { rest, starts, sizes, traced } = windowOf(x, strided, axes, false);
  // A static window outside its axis drops the whole update.
  const outside = rest.some((r, k) => {
    const d = strided[k];
    return (
      d instanceof DynamicSlice &&
      d.stride === 1 &&
      typeof d.start === "number" &&
      r instanceof Slice &&
      (d.start < 0 || d.start + d.size > x.shape[axes[k]!])
    );
  });
  if (outside) return x;
  if (!traced.length) return updateItem(x, rest, v, mode);
  const window = dynamicSlice(x, starts, sizes);
  const updated = dynamicUpdateSlice(x, updateItem(window, rest, v, mode), starts);
  let inside: NDArray | null = null;
  for (const { axis, ds: d } of traced) {
    const start = d.start as NDArray;
    const ok = logicalAnd(start.ge(0), start.le(x.shape[axis] - d.size));
    inside = inside ? logicalAnd(inside, ok) : ok;
  }
  return where(inside!, updated, x);
}
