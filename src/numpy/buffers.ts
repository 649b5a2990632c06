// jnp's buffer constructors: frombuffer, fromstring (fromiter raises, as in JAX).
import { type DTypeLike, canonicalize, canonicalizeQuiet, defaultFloat, parseDType } from "../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { arrayFromJs } from "../core/convert.ts";
import { array } from "./creation.ts";

/** jnp.fromiter raises, as in JAX: an iterator may be impure; use jnp.asarray([...it]). */
export function fromiter(..._args: unknown[]): never {
  throw new JaxTypeError(
    "jnp.fromiter() is not implemented because it may be non-pure and thus unsafe for use with JIT and other JAX transformations. Consider using jnp.asarray([...iterable]) instead.",
  );
}

export interface FromBufferOpts {
  dtype?: DTypeLike;
  count?: number;
  offset?: number;
}
const VIEW: Record<string, (b: ArrayBuffer, o: number, n: number) => unknown[]> = {
  float32: (b, o, n) => Array.from(new Float32Array(b, o, n)),
  float64: (b, o, n) => Array.from(new Float64Array(b, o, n)),
  int32: (b, o, n) => Array.from(new Int32Array(b, o, n)),
  uint32: (b, o, n) => Array.from(new Uint32Array(b, o, n)),
  bool: (b, o, n) => Array.from(new Uint8Array(b, o, n), (v) => v !== 0),
};
const ITEMSIZE: Record<string, number> = { float32: 4, float64: 8, int32: 4, uint32: 4, bool: 1 };

/** jnp.frombuffer(buffer, {dtype = float, count = -1, offset = 0}): the bytes of an ArrayBuffer (or typed array) as a 1-d array. */
export function frombuffer(buffer: ArrayBuffer | ArrayBufferView, opts: FromBufferOpts = {}): NDArray {
  checkOptions(opts, "frombuffer", ["dtype", "count", "offset"]);
  const dtype = parseDType(opts.dtype ?? "float64", "frombuffer dtype");
  const view = VIEW[dtype];
  if (!view) throw new ValueError(`frombuffer: dtype ${dtype} is not supported`);
  const bytes = (
    ArrayBuffer.isView(buffer) ? buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) : buffer
  ) as ArrayBuffer;
  const offset = opts.offset ?? 0;
  const avail = bytes.byteLength - offset;
  const size = ITEMSIZE[dtype];
  if (avail < 0 || avail % size !== 0) throw new ValueError("buffer size must be a multiple of element size");
  const count = opts.count === undefined || opts.count < 0 ? avail / size : opts.count;
  if (count * size > avail) throw new ValueError("buffer is smaller than requested size");
  const aligned = bytes.slice(offset, offset + count * size);
  return arrayFromJs(view(aligned, 0, count), canonicalizeQuiet(dtype), "frombuffer");
}

/** jnp.fromstring(string, {dtype = float, count = -1, sep}): numbers parsed from text separated by sep (required). */
export function fromstring(s: string, opts: { dtype?: DTypeLike; count?: number; sep: string }): NDArray {
  checkOptions(opts, "fromstring", ["dtype", "count", "sep"]);
  if (opts?.sep === undefined || opts.sep === "")
    throw new ValueError("fromstring: the binary mode (sep='') is not supported; give a separator");
  const dtype = canonicalize(parseDType(opts.dtype ?? defaultFloat(), "fromstring dtype"));
  const parts = s
    .split(opts.sep.trim() === "" ? /\s+/ : opts.sep)
    .map((t) => t.trim())
    .filter((t) => t !== "");
  let vals = parts.map(Number);
  if (opts.count !== undefined && opts.count >= 0) vals = vals.slice(0, opts.count);
  return array(vals, { dtype });
}
