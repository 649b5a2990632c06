// NDArray: the one array type users see. Concrete arrays (ArrayImpl) and
// tracers both extend it, so the same methods work eagerly and under every
// transformation. Methods forward to jnp through a late-bound table (`ops`)
// because jnp is built on top of core.
import type { ShapedArray } from "./aval.ts";
import type { DType, DTypeLike, StorageArray, TypedArray } from "./dtypes.ts";
import { ConcretizationTypeError, JaxTypeError } from "./errors.ts";

/** A complex number as JS data: `jnp.array([{ re: 1, im: 2 }])` is complex64; `item()` of a complex array returns one. */
export interface Complex {
  re: number;
  im: number;
}
export type NestedArray = number | boolean | Complex | NestedArray[];
/** Nested input data: JS numbers, booleans, complex values and bigints (exact 64-bit integers). */
export type NestedInput = number | bigint | boolean | Complex | NestedInput[];
/** Anything accepted where an array is: arrays, JS numbers/booleans/complex values, nested JS arrays, typed arrays. */
export type ArrayLike = NDArray | number | bigint | boolean | Complex | NestedInput[] | TypedArray | BigInt64Array | BigUint64Array;

/** Whether a JS value is a complex number `{ re, im }`. */
export function isComplexValue(x: unknown): x is Complex {
  return (
    typeof x === "object" &&
    x !== null &&
    !Array.isArray(x) &&
    typeof (x as Complex).re === "number" &&
    typeof (x as Complex).im === "number" &&
    Object.keys(x).length === 2
  );
}

export type Axis = number | number[] | null | undefined;
export interface ReduceOpts {
  keepdims?: boolean;
}
export interface VarOpts {
  keepdims?: boolean;
  ddof?: number;
  /** The array API's name for ddof (give one of the two). */
  correction?: number;
  /** Only these elements count (broadcast against the array). */
  where?: ArrayLike | null;
  /** The float dtype the variance is computed and returned in. */
  dtype?: DTypeLike | null;
}
/** One index of `get`/`at`: a number, null (new axis), a slice, "..." or an index array. */
export type Index = number | null | Slice | DynamicSlice | "..." | NDArray | number[] | boolean[];

export class Slice {
  constructor(
    readonly start: number | null = null,
    readonly stop: number | null = null,
    readonly step: number | null = null,
  ) {}
  toString(): string {
    return `slice(${this.start}, ${this.stop}, ${this.step})`;
  }
}

/** JAX's `Slice` (made by `ds`): `size` elements from `start`, which may be traced, every `stride`. */
export class DynamicSlice {
  constructor(
    readonly start: number | NDArray,
    readonly size: number,
    readonly stride: number,
  ) {}
  toString(): string {
    return `Slice(start=${String(this.start)}, size=${this.size}, stride=${this.stride})`;
  }
}

/** Functions the methods forward to; filled in by src/numpy when the package loads. */
export interface ArrayOps {
  add(a: ArrayLike, b: ArrayLike): NDArray;
  subtract(a: ArrayLike, b: ArrayLike): NDArray;
  multiply(a: ArrayLike, b: ArrayLike): NDArray;
  divide(a: ArrayLike, b: ArrayLike): NDArray;
  power(a: ArrayLike, b: ArrayLike): NDArray;
  mod(a: ArrayLike, b: ArrayLike): NDArray;
  floorDivide(a: ArrayLike, b: ArrayLike): NDArray;
  negative(a: ArrayLike): NDArray;
  abs(a: ArrayLike): NDArray;
  greater(a: ArrayLike, b: ArrayLike): NDArray;
  greaterEqual(a: ArrayLike, b: ArrayLike): NDArray;
  less(a: ArrayLike, b: ArrayLike): NDArray;
  lessEqual(a: ArrayLike, b: ArrayLike): NDArray;
  equal(a: ArrayLike, b: ArrayLike): NDArray;
  notEqual(a: ArrayLike, b: ArrayLike): NDArray;
  reshape(a: ArrayLike, shape: number[] | number): NDArray;
  stack(xs: readonly ArrayLike[], axis?: number): NDArray;
  transpose(a: ArrayLike, axes?: number[]): NDArray;
  astype(a: ArrayLike, dtype: DTypeLike): NDArray;
  sum(a: ArrayLike, axis?: Axis, opts?: ReduceOpts): NDArray;
  mean(a: ArrayLike, axis?: Axis, opts?: ReduceOpts): NDArray;
  max(a: ArrayLike, axis?: Axis, opts?: ReduceOpts): NDArray;
  min(a: ArrayLike, axis?: Axis, opts?: ReduceOpts): NDArray;
  prod(a: ArrayLike, axis?: Axis, opts?: ReduceOpts): NDArray;
  argmax(a: ArrayLike, axis?: number, opts?: ReduceOpts): NDArray;
  argmin(a: ArrayLike, axis?: number, opts?: ReduceOpts): NDArray;
  var(a: ArrayLike, axis?: Axis, opts?: VarOpts): NDArray;
  std(a: ArrayLike, axis?: Axis, opts?: VarOpts): NDArray;
  ravel(a: ArrayLike): NDArray;
  copy(a: ArrayLike): NDArray;
  squeeze(a: ArrayLike, axis?: Axis): NDArray;
  matmul(a: ArrayLike, b: ArrayLike): NDArray;
  dot(a: ArrayLike, b: ArrayLike): NDArray;
  getItem(a: NDArray, idx: Index[], opts?: AtGetOptions): NDArray;
  updateItem(a: NDArray, idx: Index[], v: ArrayLike, mode: "set" | "add" | "mul" | "min" | "max", opts?: AtUpdateOptions): NDArray;
  real(a: ArrayLike): NDArray;
  imag(a: ArrayLike): NDArray;
  conj(a: ArrayLike): NDArray;
  all(a: ArrayLike, axis?: Axis, opts?: ReduceOpts): NDArray;
  any(a: ArrayLike, axis?: Axis, opts?: ReduceOpts): NDArray;
  ptp(a: ArrayLike, axis?: Axis, opts?: ReduceOpts): NDArray;
  clip(a: ArrayLike, min?: ArrayLike | null, max?: ArrayLike | null): NDArray;
  round(a: ArrayLike, decimals?: number): NDArray;
  cumsum(a: ArrayLike, axis?: number | null, opts?: { dtype?: DTypeLike | null }): NDArray;
  cumprod(a: ArrayLike, axis?: number | null, opts?: { dtype?: DTypeLike | null }): NDArray;
  sort(a: ArrayLike, axis?: number | null, opts?: SortOptions): NDArray;
  argsort(a: ArrayLike, axis?: number | null, opts?: SortOptions): NDArray;
  take(a: ArrayLike, indices: ArrayLike, axis?: number | null, opts?: object): NDArray;
  swapaxes(a: ArrayLike, axis1: number, axis2: number): NDArray;
  diagonal(a: ArrayLike, opts?: DiagonalOptions | number): NDArray;
  trace(a: ArrayLike, opts?: DiagonalOptions | number): NDArray;
  repeat(a: ArrayLike, repeats: ArrayLike, axis?: number | null, opts?: { totalRepeatLength?: number | null }): NDArray;
  nonzero(a: ArrayLike, opts?: { size?: number | null; fillValue?: ArrayLike | null }): NDArray[];
  searchsorted(a: ArrayLike, v: ArrayLike, opts?: { side?: "left" | "right"; sorter?: ArrayLike | null }): NDArray;
  compress(condition: ArrayLike, a: ArrayLike, axis?: number | null): NDArray;
  choose(a: ArrayLike, choices: ArrayLike[] | NDArray, opts?: { mode?: "raise" | "wrap" | "clip" }): NDArray;
  argpartition(a: ArrayLike, kth: number, axis?: number): NDArray;
  matrixTranspose(a: ArrayLike): NDArray;
  itemsize(dtype: DType): number;
}
/** Sorting options of the sort/argsort methods (jnp.sort's). */
export interface SortOptions {
  stable?: boolean;
  descending?: boolean;
}
/** The diagonal/trace methods' options (jnp.diagonal's): which diagonal of which two axes. */
export interface DiagonalOptions {
  offset?: number;
  axis1?: number;
  axis2?: number;
}
export const ops = {} as ArrayOps;

/** Options of `x.at(...).get`: JAX's `mode` ("fill" reads `fillValue` out of bounds; "clip" clamps). */
export interface AtGetOptions {
  mode?: "fill" | "clip" | "promise_in_bounds" | "drop";
  fillValue?: number | null;
  indicesAreSorted?: boolean;
  uniqueIndices?: boolean;
}
/** Options of `x.at(...).set/add/...`: JAX's `mode` ("drop", the default, drops out-of-bounds updates; "clip" clamps). */
export interface AtUpdateOptions {
  mode?: "fill" | "clip" | "promise_in_bounds" | "drop";
  indicesAreSorted?: boolean;
  uniqueIndices?: boolean;
}

export class AtIndexer {
  constructor(
    private readonly x: NDArray,
    private readonly idx: Index[],
  ) {}
  get(opts?: AtGetOptions): NDArray {
    return ops.getItem(this.x, this.idx, opts);
  }
  set(v: ArrayLike, opts?: AtUpdateOptions): NDArray {
    return ops.updateItem(this.x, this.idx, v, "set", opts);
  }
  add(v: ArrayLike, opts?: AtUpdateOptions): NDArray {
    return ops.updateItem(this.x, this.idx, v, "add", opts);
  }
  mul(v: ArrayLike, opts?: AtUpdateOptions): NDArray {
    return ops.updateItem(this.x, this.idx, v, "mul", opts);
  }
  multiply(v: ArrayLike, opts?: AtUpdateOptions): NDArray {
    return this.mul(v, opts);
  }
  min(v: ArrayLike, opts?: AtUpdateOptions): NDArray {
    return ops.updateItem(this.x, this.idx, v, "min", opts);
  }
  max(v: ArrayLike, opts?: AtUpdateOptions): NDArray {
    return ops.updateItem(this.x, this.idx, v, "max", opts);
  }
}

export abstract class NDArray {
  abstract get aval(): ShapedArray;
  get shape(): number[] {
    return this.aval.shape as number[];
  }
  get dtype(): DType {
    return this.aval.dtype;
  }
  get ndim(): number {
    return this.aval.shape.length;
  }
  get size(): number {
    return this.aval.size;
  }
  get weakType(): boolean {
    return this.aval.weakType;
  }
  get isTracer(): boolean {
    return false;
  }

  // ---- host reads (throw on tracers) ----
  abstract dataSync(): StorageArray;
  abstract toArray(): NestedArray;
  /**
   * The one element of a size-1 array as a JS value (JAX's `x.item()`): a
   * number for numeric dtypes; a bool array gives a JS boolean, typed with
   * `mask.item<boolean>()`. Throws under jit, where the value is not known.
   */
  abstract item<T extends number | boolean | Complex = number>(): T;
  async data(): Promise<StorageArray> {
    return this.dataSync();
  }
  async blockUntilReady(): Promise<this> {
    return this;
  }
  dispose(): void {}
  [Symbol.dispose](): void {
    this.dispose();
  }
  /** Whether the buffer is gone (disposed, or donated to a jitted call), as JAX's `Array.is_deleted()`. */
  isDeleted(): boolean {
    return false;
  }
  /**
   * The devices holding this array, as JAX's `Array.devices()`: here the name
   * of its backend. Traced arrays have no device (JAX raises the same way).
   */
  devices(): string[] {
    throw new ConcretizationTypeError(
      "devices() was called on a traced array: the device of a value inside jit/grad/vmap is not known until it runs.",
    );
  }
  abstract [Symbol.toPrimitive](hint: string): number | string;

  // ---- arithmetic ----
  add(b: ArrayLike): NDArray {
    return ops.add(this, b);
  }
  sub(b: ArrayLike): NDArray {
    return ops.subtract(this, b);
  }
  mul(b: ArrayLike): NDArray {
    return ops.multiply(this, b);
  }
  div(b: ArrayLike): NDArray {
    return ops.divide(this, b);
  }
  pow(b: ArrayLike): NDArray {
    return ops.power(this, b);
  }
  mod(b: ArrayLike): NDArray {
    return ops.mod(this, b);
  }
  floorDiv(b: ArrayLike): NDArray {
    return ops.floorDivide(this, b);
  }
  neg(): NDArray {
    return ops.negative(this);
  }
  abs(): NDArray {
    return ops.abs(this);
  }
  gt(b: ArrayLike): NDArray {
    return ops.greater(this, b);
  }
  ge(b: ArrayLike): NDArray {
    return ops.greaterEqual(this, b);
  }
  lt(b: ArrayLike): NDArray {
    return ops.less(this, b);
  }
  le(b: ArrayLike): NDArray {
    return ops.lessEqual(this, b);
  }
  eq(b: ArrayLike): NDArray {
    return ops.equal(this, b);
  }
  ne(b: ArrayLike): NDArray {
    return ops.notEqual(this, b);
  }

  // ---- shape ----
  reshape(...shape: Array<number | number[]>): NDArray {
    const s = shape.length === 1 ? shape[0] : (shape as number[]);
    return ops.reshape(this, s as number[] | number);
  }
  transpose(axes?: number[]): NDArray {
    return ops.transpose(this, axes);
  }
  get T(): NDArray {
    return ops.transpose(this);
  }
  /** The real part (jnp.real). */
  get real(): NDArray {
    return ops.real(this);
  }
  /** The imaginary part (jnp.imag). */
  get imag(): NDArray {
    return ops.imag(this);
  }
  /** The complex conjugate (jnp.conj). */
  conj(): NDArray {
    return ops.conj(this);
  }
  conjugate(): NDArray {
    return ops.conj(this);
  }
  /** A copy converted to dtype (a name or a dtype object: `x.astype(jnp.int32)`). */
  astype(dtype: DTypeLike): NDArray {
    return ops.astype(this, dtype);
  }
  /** A new array with the same values (JAX's `x.copy()`). */
  copy(): NDArray {
    return ops.copy(this);
  }
  flatten(): NDArray {
    return ops.ravel(this);
  }
  ravel(): NDArray {
    return ops.ravel(this);
  }
  squeeze(axis?: Axis): NDArray {
    return ops.squeeze(this, axis);
  }

  // ---- reductions ----
  sum(axis?: Axis, opts?: ReduceOpts): NDArray {
    return ops.sum(this, axis, opts);
  }
  mean(axis?: Axis, opts?: ReduceOpts): NDArray {
    return ops.mean(this, axis, opts);
  }
  max(axis?: Axis, opts?: ReduceOpts): NDArray {
    return ops.max(this, axis, opts);
  }
  min(axis?: Axis, opts?: ReduceOpts): NDArray {
    return ops.min(this, axis, opts);
  }
  prod(axis?: Axis, opts?: ReduceOpts): NDArray {
    return ops.prod(this, axis, opts);
  }
  argmax(axis?: number, opts?: ReduceOpts): NDArray {
    return ops.argmax(this, axis, opts);
  }
  argmin(axis?: number, opts?: ReduceOpts): NDArray {
    return ops.argmin(this, axis, opts);
  }
  var(axis?: Axis, opts?: VarOpts): NDArray {
    return ops.var(this, axis, opts);
  }
  std(axis?: Axis, opts?: VarOpts): NDArray {
    return ops.std(this, axis, opts);
  }

  all(axis?: Axis, opts?: ReduceOpts): NDArray {
    return ops.all(this, axis, opts);
  }
  any(axis?: Axis, opts?: ReduceOpts): NDArray {
    return ops.any(this, axis, opts);
  }
  /** The range max - min along axis (jnp.ptp). */
  ptp(axis?: Axis, opts?: ReduceOpts): NDArray {
    return ops.ptp(this, axis, opts);
  }
  cumsum(axis?: number | null, opts?: { dtype?: DTypeLike | null }): NDArray {
    return ops.cumsum(this, axis, opts);
  }
  cumprod(axis?: number | null, opts?: { dtype?: DTypeLike | null }): NDArray {
    return ops.cumprod(this, axis, opts);
  }

  // ---- JAX's other Array methods, each its jnp function on this array ----
  clip(min?: ArrayLike | null, max?: ArrayLike | null): NDArray {
    return ops.clip(this, min, max);
  }
  round(decimals = 0): NDArray {
    return ops.round(this, decimals);
  }
  sort(axis: number | null = -1, opts?: SortOptions): NDArray {
    return ops.sort(this, axis, opts);
  }
  argsort(axis: number | null = -1, opts?: SortOptions): NDArray {
    return ops.argsort(this, axis, opts);
  }
  argpartition(kth: number, axis = -1): NDArray {
    return ops.argpartition(this, kth, axis);
  }
  /** jnp.take(this, indices, axis, {mode, fillValue, ...}). */
  take(indices: ArrayLike, axis?: number | null, opts?: object): NDArray {
    return ops.take(this, indices, axis, opts);
  }
  swapaxes(axis1: number, axis2: number): NDArray {
    return ops.swapaxes(this, axis1, axis2);
  }
  diagonal(opts?: DiagonalOptions | number): NDArray {
    return ops.diagonal(this, opts);
  }
  trace(opts?: DiagonalOptions | number): NDArray {
    return ops.trace(this, opts);
  }
  repeat(repeats: ArrayLike, axis?: number | null, opts?: { totalRepeatLength?: number | null }): NDArray {
    return ops.repeat(this, repeats, axis, opts);
  }
  nonzero(opts?: { size?: number | null; fillValue?: ArrayLike | null }): NDArray[] {
    return ops.nonzero(this, opts);
  }
  /** Where v's values would go in this sorted 1-D array (jnp.searchsorted(this, v)). */
  searchsorted(v: ArrayLike, opts?: { side?: "left" | "right"; sorter?: ArrayLike | null }): NDArray {
    return ops.searchsorted(this, v, opts);
  }
  /** The slices along axis where condition holds (jnp.compress(condition, this, axis)). */
  compress(condition: ArrayLike, axis: number | null = null): NDArray {
    return ops.compress(condition, this, axis);
  }
  /** This array's integers pick among choices (jnp.choose(this, choices)). */
  choose(choices: ArrayLike[] | NDArray, opts?: { mode?: "raise" | "wrap" | "clip" }): NDArray {
    return ops.choose(this, choices, opts);
  }
  /** The matrix transpose of the last two axes (JAX's `x.mT`). */
  get mT(): NDArray {
    return ops.matrixTranspose(this);
  }
  /** Bytes of one element as JAX counts them (float16: 2). */
  get itemsize(): number {
    return ops.itemsize(this.dtype);
  }
  /** Bytes of the whole array as JAX counts them (size * itemsize). */
  get nbytes(): number {
    return this.size * this.itemsize;
  }
  /** The values as nested JS arrays (JAX's `tolist`; `toArray` here). */
  tolist(): NestedArray {
    return this.toArray();
  }

  // ---- linear algebra ----
  matmul(b: ArrayLike): NDArray {
    return ops.matmul(this, b);
  }
  dot(b: ArrayLike): NDArray {
    return ops.dot(this, b);
  }

  // ---- indexing ----
  get(...idx: Index[]): NDArray {
    return ops.getItem(this, idx);
  }
  /** Iterates over the first axis, as JAX arrays do (`const [k1, k2] = random.split(key)`, `for (const row of x)`). */
  *[Symbol.iterator](): IterableIterator<NDArray> {
    if (this.ndim === 0) throw new JaxTypeError("iteration over a 0-d array");
    for (let i = 0; i < this.shape[0]; i++) yield this.get(i);
  }
  at(...idx: Index[]): AtIndexer {
    return new AtIndexer(this, idx);
  }
}
