// ArrayImpl: a concrete array holding a backend buffer.
import { type Backend, type DeviceBuffer, getBackend } from "../backend/backend.ts";
import { beforeHostCopy } from "../backend/host_allocator.ts";
import { ShapedArray } from "./aval.ts";
import { type DType, type StorageArray, isComplex, storageBytes } from "./dtypes.ts";
import { formatArrayRepr, formatArrayStr } from "./format.ts";
import { type Complex, NDArray, type NestedArray } from "./ndarray.ts";
import { prod, shapeEqual } from "./shape.ts";
import { JaxTypeError, ValueError } from "./errors.ts";

/** Arrays made so far (liveArrays lists the newest first, as JAX). */
let made = 0;
export const arraysMade = (): number => made;
/** Arrays the library made and keeps for itself (constants of traced programs): liveArrays leaves them out. */
export const internalArrays: WeakSet<object> = new WeakSet();
/** Marks the arrays among `xs` made after `since` (see arraysMade) as internal. */
export function markInternal(xs: readonly unknown[], since: number): void {
  for (const x of xs) if (x instanceof ArrayImpl && x.serial > since) internalArrays.add(x);
}

/**
 * The computation a deferred array waits for (see backend/deferred.ts): one
 * primitive over other arrays, run, fused with the deferred computations it
 * reads, when the value is first needed.
 */
export interface Deferred {
  readonly inputs: readonly ArrayImpl[];
  /** Computes the value (and perhaps settles other deferred arrays on the way); returns this array's buffer. */
  compute(self: ArrayImpl): DeviceBuffer;
}

export class ArrayImpl extends NDArray {
  /** Creation order (see liveArrays). */
  readonly serial: number = ++made;
  #aval: ShapedArray;
  /** The value's buffer: null once freed, or while the value is deferred. */
  #buf: DeviceBuffer | null;
  /** What computes the value when it is first needed (null once computed). */
  #deferred: Deferred | null = null;
  /** Why the array is gone: disposed, donated to a jitted call, or freed as a temporary of grad. */
  #deletedBy: "dispose" | "donation" | "grad" | null = null;
  /**
   * Deferred computations that read this array and have not run yet. While
   * there are any, a deleted array keeps its buffer for them (freed when the
   * last one runs, or with the array once it is garbage).
   */
  #readers = 0;
  readonly backend: Backend;

  /** `tracked`: false for a stand-in that shares another array's buffer (see standIn). */
  constructor(aval: ShapedArray, buf: DeviceBuffer | null, backend: Backend, deferred: Deferred | null = null, tracked = true) {
    super();
    this.#aval = aval;
    this.#buf = buf;
    this.backend = backend;
    this.#deferred = deferred;
    if (deferred) for (const a of deferred.inputs) a.#readers++;
    // Backends whose memory the garbage collector cannot see free the buffer with this array.
    else if (tracked) backend.track?.(this, buf);
  }

  /**
   * A live array over another's buffer, never freed through it: for a
   * deferred computation that still reads a deleted array, or a program step
   * reading a buffer in another shape of the same size (`aval`).
   */
  static standIn(a: ArrayImpl, aval: ShapedArray = a.#aval): ArrayImpl {
    return new ArrayImpl(aval, a.bufferForReader(), a.backend, null, false);
  }

  /** `a` as a step's operand of `aval`: itself, or a stand-in over its buffer where the step reads it in another shape. */
  static asOperand(a: ArrayImpl, aval: ShapedArray): ArrayImpl {
    return shapeEqual(a.#aval.shape, aval.shape) ? a : ArrayImpl.standIn(a, aval);
  }

  /**
   * Computes the deferred arrays among `xs` (deleted ones are left to raise
   * where they are used). Operations call it before they begin: a deferred
   * value computed mid-operation would start an operation of its own, and
   * the memory manager could then move the first one's operands.
   */
  static computeDeferred(xs: readonly unknown[]): void {
    for (const x of xs) if (x instanceof ArrayImpl && x.#deferred !== null && x.#deletedBy === null) x.#compute();
  }

  /** How many deferred computations that have not run read this array. */
  get readers(): number {
    return this.#readers;
  }

  /** Wrap host data already in the dtype's storage format. */
  static fromHost(
    data: StorageArray,
    shape: readonly number[],
    dtype: DType,
    weakType = false,
    backend: Backend = getBackend(),
  ): ArrayImpl {
    const aval = new ShapedArray(shape, dtype, weakType);
    return new ArrayImpl(aval, backend.fromHost(data, aval), backend);
  }

  override get aval(): ShapedArray {
    return this.#aval;
  }

  /** The buffer on `backend` (copied over if this array lives elsewhere). */
  bufferOn(backend: Backend): DeviceBuffer {
    const buf = this.buffer();
    if (backend === this.backend) return buf;
    // fromHost may keep what it is given: hand it a copy, the read's own where the read already copied.
    const data = this.backend.readSync(buf, this.#aval);
    return backend.fromHost(this.backend.readsCopy ? data : data.slice(), this.#aval);
  }

  buffer(): DeviceBuffer {
    if (this.#deletedBy !== null) {
      const why = {
        donation: `has been deleted: it was donated to a jitted function (donateArgnums), which may reuse its memory for an output. Use the function's outputs instead, or leave the argument out of donateArgnums.`,
        grad: `was an intermediate value of grad, freed when grad returned: a value traced inside the differentiated function was kept and used after grad ended (JAX raises UnexpectedTracerError here). Return it from the function instead (hasAux).`,
        dispose: `has been disposed; it cannot be used after dispose().`,
      };
      throw new ValueError(`Array ${this.#aval.str()} ${why[this.#deletedBy]}`);
    }
    return this.#buf ?? this.#compute();
  }

  /** The computation this array still waits for, or null once it has a buffer (backend/deferred.ts reads it). */
  get deferred(): Deferred | null {
    return this.#deferred;
  }

  /** The buffer as a deferred computation reading this array sees it: deleted arrays keep theirs for their readers. */
  bufferForReader(): DeviceBuffer {
    return this.#buf ?? this.#compute();
  }

  #compute(): DeviceBuffer {
    const d = this.#deferred;
    if (d === null) throw new Error("internal: an array without a buffer or a computation");
    const buf = d.compute(this);
    if (this.#buf === null) this.settle(buf);
    return buf;
  }

  /** Gives a deferred array its computed buffer (idempotent per array): its inputs lose a reader. */
  settle(buf: DeviceBuffer): void {
    const d = this.#deferred;
    if (d === null) return;
    this.#deferred = null;
    this.#buf = buf;
    this.backend.track?.(this, buf);
    for (const a of d.inputs) a.#lostReader();
    // Deleted while deferred: nothing else will read it.
    if (this.#deletedBy !== null && this.#readers === 0) this.#drop();
  }

  #lostReader(): void {
    if (--this.#readers === 0 && this.#deletedBy !== null) this.#drop();
  }

  /** A deleted array nothing reads any more: its buffer is freed, a computation it waited for forgotten. */
  #drop(): void {
    if (this.#buf !== null) this.backend.dispose(this.#buf);
    this.#buf = null;
    const d = this.#deferred;
    if (d === null) return;
    this.#deferred = null;
    for (const a of d.inputs) a.#lostReader();
  }

  override devices(): string[] {
    return [this.backend.name];
  }
  override isDeleted(): boolean {
    return this.#deletedBy !== null;
  }

  override dispose(): void {
    this.free("dispose");
  }

  /** Frees the buffer now (once no deferred computation reads it); later uses name `why`. */
  free(why: "dispose" | "grad"): void {
    if (this.#deletedBy !== null) return;
    this.#deletedBy = why;
    // Deferred computations that read it keep its buffer (or its own computation) until they run.
    if (this.#readers === 0) this.#drop();
  }

  /**
   * Donation: this array is deleted and its buffer handed to the caller, which
   * gives it to a new array (`adopt`) or frees it. Later uses name the donation.
   * A buffer that deferred computations still read is not handed over: the
   * caller gets a copy and they keep the original.
   */
  donate(): DeviceBuffer {
    const buf = this.buffer();
    if (this.#readers > 0) {
      this.#deletedBy = "donation";
      return this.backend.fromHost(this.ownCopy(this.backend.readSync(buf, this.#aval)), this.#aval);
    }
    this.backend.untrack?.(buf);
    this.#buf = null;
    this.#deletedBy = "donation";
    return buf;
  }

  /** Element `index` (row-major) in storage format (a bigint for int64/uint64). */
  readAt(index: number): number | bigint {
    return this.backend.readAt(this.buffer(), this.#aval, index);
  }

  /** A new array equal to this one but for element `index` (`value` in storage format). */
  withElement(index: number, value: number | bigint): ArrayImpl {
    return new ArrayImpl(this.#aval, this.backend.withElement(this.buffer(), this.#aval, index, value), this.backend);
  }

  /** Storage-format host data (read-only view; do not mutate). */
  hostData(): StorageArray {
    beforeHostCopy(this.#aval.size * storageBytes(this.#aval.dtype));
    return this.backend.readSync(this.buffer(), this.#aval);
  }

  override dataSync(): StorageArray {
    return this.ownCopy(this.hostData());
  }

  /** The backend's read, awaited: the only read every backend supports. */
  override async data(): Promise<StorageArray> {
    beforeHostCopy(this.#aval.size * storageBytes(this.#aval.dtype));
    return this.ownCopy(await this.backend.read(this.buffer(), this.#aval));
  }

  /** Waits for the backend (a GPU) to compute the value; then synchronous reads and devicePut work. */
  /**
   * What to wait for before the value is ready, or null where the backend
   * computes at once (a deferred value is computed here; a deleted one raises).
   * @internal
   */
  whenReady(): Promise<void> | null {
    const buf = this.buffer();
    return this.backend.ready?.(buf, this.#aval) ?? null;
  }

  override blockUntilReady(): Promise<this> {
    // Not an async function: its pending continuation would hold `this` until the current job ended, so a
    // synchronous loop calling blockUntilReady() on arrays it then drops would keep every one of them alive.
    try {
      const wait = this.whenReady();
      return wait ? wait.then(() => this) : Promise.resolve(this);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Storage-format data as the caller's own array (int64/uint64 as BigInt64Array/BigUint64Array). */
  private ownCopy(data: StorageArray): StorageArray {
    // The caller owns the result: copy unless the backend's read already did (a second 4 MB copy costs ~0.4 ms).
    return this.backend.readsCopy ? data : data.slice();
  }

  override toArray(): NestedArray {
    const data = this.hostData();
    const shape = this.shape;
    const isBool = this.dtype === "bool";
    const cplx = isComplex(this.dtype);
    const build = (dim: number, offset: number): NestedArray => {
      if (dim === shape.length) {
        if (cplx) return { re: data[2 * offset] as number, im: data[2 * offset + 1] as number };
        // int64/uint64 come out as JS numbers (rounded beyond 2^53): dataSync() has the exact values.
        return isBool ? data[offset] !== 0 : Number(data[offset]);
      }
      const stride = prod(shape.slice(dim + 1));
      const out: NestedArray[] = [];
      for (let i = 0; i < shape[dim]; i++) out.push(build(dim + 1, offset + i * stride));
      return out;
    };
    return build(0, 0);
  }

  override item<T extends number | boolean | Complex = number>(): T {
    if (this.size !== 1) {
      throw new ValueError(`item() can only be called on arrays of size 1; got an array of shape ${JSON.stringify(this.shape)}`);
    }
    const d = this.hostData();
    if (isComplex(this.dtype)) return { re: d[0], im: d[1] } as T;
    // int64/uint64: a JS number (rounded beyond 2^53), as toArray gives.
    const v = Number(d[0]);
    return (this.dtype === "bool" ? v !== 0 : v) as T;
  }

  override [Symbol.toPrimitive](hint: string): number | string {
    if (hint === "string") return this.toString();
    if (this.size !== 1) {
      throw new ValueError(`Only size-1 arrays can be converted to JS numbers; got an array of shape ${JSON.stringify(this.shape)}`);
    }
    if (isComplex(this.dtype)) throw new JaxTypeError("a complex array cannot be converted to a JS number; use item(), or real/imag");
    return Number(this.item());
  }

  override toString(): string {
    return formatArrayStr(this.hostData(), this.shape, this.dtype);
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    if (this.#deletedBy !== null)
      return `Array(<${this.#deletedBy === "donation" ? "donated" : this.#deletedBy === "grad" ? "freed by grad" : "disposed"}>, shape=${JSON.stringify(this.shape)}, dtype=${this.dtype})`;
    return formatArrayRepr(this.hostData(), this.shape, this.dtype, this.weakType);
  }
}

/**
 * Frees eagerly computed temporaries (promoted or broadcast operands,
 * intermediate reshapes) once their consumer has run: left to the garbage
 * collector, their wasm memory would come back late (finalizers wait for a
 * major GC) and the heap would grow into fresh pages. Only when every result
 * is concrete (nothing was traced, so no jaxpr captured a temporary as a
 * constant); the caller's own arrays and the results are never freed.
 */
export function freeTemps(done: NDArray | readonly NDArray[], temps: readonly NDArray[], keep: readonly unknown[]): void {
  const outs: readonly NDArray[] = Array.isArray(done) ? done : [done as NDArray];
  if (!outs.every((o) => o instanceof ArrayImpl)) return;
  for (const t of temps) if (t instanceof ArrayImpl && !keep.includes(t) && !outs.includes(t)) t.dispose();
}
