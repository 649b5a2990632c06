// ArrayImpl: a concrete array holding a backend buffer.
import { type Backend, type DeviceBuffer, getBackend } from "../backend/backend.ts";
import { ShapedArray } from "./aval.ts";
import type { DType, TypedArray } from "./dtypes.ts";
import { formatArrayRepr, formatArrayStr } from "./format.ts";
import { NDArray, type NestedArray } from "./ndarray.ts";
import { prod } from "./shape.ts";
import { ValueError } from "./errors.ts";

/**
 * Frees a buffer once its array is garbage. Registered without an unregister
 * token (cheaper on every array): after dispose() the finalizer still runs,
 * and backends ignore buffers already freed (they mark the buffer object, so
 * a reused address is never freed twice).
 */
const registry = new FinalizationRegistry<{ backend: Backend; buf: DeviceBuffer }>((held) => held.backend.dispose(held.buf));

export class ArrayImpl extends NDArray {
  #aval: ShapedArray;
  #buf: DeviceBuffer | null;
  readonly backend: Backend;

  constructor(aval: ShapedArray, buf: DeviceBuffer, backend: Backend) {
    super();
    this.#aval = aval;
    this.#buf = buf;
    this.backend = backend;
    registry.register(this, { backend, buf });
  }

  /** Wrap host data already in the dtype's storage format. */
  static fromHost(data: TypedArray, shape: readonly number[], dtype: DType, weakType = false, backend: Backend = getBackend()): ArrayImpl {
    const aval = new ShapedArray(shape, dtype, weakType);
    return new ArrayImpl(aval, backend.fromHost(data, aval), backend);
  }

  override get aval(): ShapedArray { return this.#aval; }

  /** The buffer on `backend` (copied over if this array lives elsewhere). */
  bufferOn(backend: Backend): DeviceBuffer {
    const buf = this.buffer();
    if (backend === this.backend) return buf;
    return backend.fromHost(this.backend.readSync(buf, this.#aval).slice(), this.#aval);
  }

  buffer(): DeviceBuffer {
    if (this.#buf === null) {
      throw new ValueError(`Array ${this.#aval.str()} has been disposed; it cannot be used after dispose().`);
    }
    return this.#buf;
  }

  get isDisposed(): boolean { return this.#buf === null; }

  override dispose(): void {
    if (this.#buf === null) return;
    this.backend.dispose(this.#buf);
    this.#buf = null;
  }

  /** Element `index` (row-major) in storage format. */
  readAt(index: number): number { return this.backend.readAt(this.buffer(), this.#aval, index); }

  /** A new array equal to this one but for element `index` (`value` in storage format). */
  withElement(index: number, value: number): ArrayImpl {
    return new ArrayImpl(this.#aval, this.backend.withElement(this.buffer(), this.#aval, index, value), this.backend);
  }

  /** Storage-format host data (read-only view; do not mutate). */
  hostData(): TypedArray { return this.backend.readSync(this.buffer(), this.#aval); }

  override dataSync(): TypedArray | BigInt64Array {
    const data = this.hostData();
    if (this.dtype === "int64") return BigInt64Array.from(data as Float64Array, (v) => BigInt(v));
    // The caller owns the result: copy unless the backend's read already did (a second 4 MB copy costs ~0.4 ms).
    return this.backend.readsCopy ? data : data.slice();
  }

  override toArray(): NestedArray {
    const data = this.hostData();
    const shape = this.shape;
    const isBool = this.dtype === "bool";
    const build = (dim: number, offset: number): NestedArray => {
      if (dim === shape.length) return isBool ? data[offset] !== 0 : data[offset];
      const stride = prod(shape.slice(dim + 1));
      const out: NestedArray[] = [];
      for (let i = 0; i < shape[dim]; i++) out.push(build(dim + 1, offset + i * stride));
      return out;
    };
    return build(0, 0);
  }

  override item(): number | boolean {
    if (this.size !== 1) {
      throw new ValueError(`item() can only be called on arrays of size 1; got an array of shape ${JSON.stringify(this.shape)}`);
    }
    const v = this.hostData()[0];
    return this.dtype === "bool" ? v !== 0 : v;
  }

  override [Symbol.toPrimitive](hint: string): number | string {
    if (hint === "string") return this.toString();
    if (this.size !== 1) {
      throw new ValueError(
        `Only size-1 arrays can be converted to JS numbers; got an array of shape ${JSON.stringify(this.shape)}`,
      );
    }
    return Number(this.item());
  }

  override toString(): string {
    return formatArrayStr(this.hostData(), this.shape, this.dtype);
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    if (this.#buf === null) return `Array(<disposed>, shape=${JSON.stringify(this.shape)}, dtype=${this.dtype})`;
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
