// Key constructors and key operations: key, PRNGKey, keyData, wrapKeyData,
// split, foldIn, bits. Functions accept typed keys (random.key) and legacy
// uint32[2] keys (random.PRNGKey) and return keys of the kind they were given.
import { config } from "../core/config.ts";
import { scalarArray } from "../core/convert.ts";
import { warn } from "../core/warn.ts";
import { type DTypeLike, dtypeOfLike, isDType } from "../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { NDArray } from "../core/ndarray.ts";
import * as lax from "../lax/api.ts";
import { type ShapeArg, canonicalShape, optsOf, pyShape } from "./args.ts";
import { keyWords, randomBits32, threefryWords } from "./bits.ts";
import { PRNGKeyArray, isKeyArray } from "./key_array.ts";
import { seedToKeyData } from "./seed.ts";
import { threefry2x32 } from "./threefry.ts";

/** A PRNG key: typed (random.key) or legacy uint32[..., 2] (random.PRNGKey). */
export type KeyLike = PRNGKeyArray | NDArray;

/** jax.random.key: a typed key array of shape []. */
export function key(seed: number | bigint | NDArray): PRNGKeyArray {
  return new PRNGKeyArray(seedToKeyData(seed, "key"));
}

/** jax.random.PRNGKey: a legacy key, the uint32[2] array JAX prints. */
export function PRNGKey(seed: number | bigint | NDArray): NDArray {
  return seedToKeyData(seed, "PRNGKey");
}

/** JAX's _check_prng_key_data: uint32 data whose trailing dimension is the key shape (2,). */
function checkKeyData(data: unknown, name: string): NDArray {
  if (!(data instanceof NDArray)) {
    const t = data === null ? "null" : typeof data === "object" ? (data as object).constructor?.name : typeof data;
    throw new JaxTypeError(`unexpected PRNG key type ${t} passed to ${name}; expected a key from random.key or random.PRNGKey`);
  }
  if (data.ndim < 1) throw new JaxTypeError(`JAX encountered invalid PRNG key data: expected key_data.ndim >= 1; got ndim=${data.ndim}`);
  if (data.shape[data.ndim - 1] !== 2) {
    throw new JaxTypeError(
      `JAX encountered invalid PRNG key data: expected key_data.shape to end with (2,); got shape=${pyShape(data.shape)} for impl=PRNGImpl(threefry2x32)`,
    );
  }
  if (data.dtype !== "uint32") {
    throw new JaxTypeError(`JAX encountered invalid PRNG key data: expected key_data.dtype = uint32; got dtype=${data.dtype}`);
  }
  return data;
}

/** legacyPrngKey("warn" | "error"): raw uint32 keys warn or raise, as JAX's jax_legacy_prng_key. */
function checkLegacyKeyAllowed(): void {
  const mode = config.read("legacyPrngKey");
  if (mode === "allow") return;
  const msg =
    "Legacy uint32 key array passed as key to jax.random function. Please create keys using jax.random.key(). " +
    'If use of a raw key array was intended, set jax_legacy_prng_key="allow".';
  if (mode === "error") throw new ValueError(msg);
  warn(msg);
}

export interface CheckedKey {
  /** Key data, uint32 [...keyShape, 2]. */
  data: NDArray;
  /** Whether the caller passed a typed key (and so gets typed keys back). */
  typed: boolean;
  shape: number[];
}

/** _check_prng_key: unwrap a key; samplers take a single key (use vmap for many). */
export function checkKey(name: string, k: unknown, allowBatched = false): CheckedKey {
  const typed = isKeyArray(k);
  const data = typed ? (k as PRNGKeyArray).data : checkKeyData(k, name);
  if (!typed) checkLegacyKeyAllowed();
  const shape = data.shape.slice(0, -1);
  if (!allowBatched && shape.length > 0) {
    throw new ValueError(
      `${name} accepts a single key, but was given a key array of shape ${pyShape(typed ? shape : data.shape)} != (). Use jax.vmap for batching.`,
    );
  }
  return { data, typed, shape };
}

function returnKeys(typed: boolean, data: NDArray): KeyLike {
  return typed ? new PRNGKeyArray(data) : data;
}

/** jax.random.key_data: the uint32 words under a key array (a legacy key is its own data). */
export function keyData(keys: KeyLike): NDArray {
  return checkKey("key_data", keys, true).data;
}

/** jax.random.wrap_key_data: a typed key array over uint32 [..., 2] data. */
export function wrapKeyData(data: NDArray): PRNGKeyArray {
  return new PRNGKeyArray(checkKeyData(data, "wrap_key_data"));
}

/** threefry_split (partitionable): key i of `shape` is the hash of counter i. */
export function splitData(data: NDArray, shape: readonly number[]): NDArray {
  const [b0, b1] = threefryWords(data, shape);
  const col = (b: NDArray) => lax.reshape(b, [...shape, 1]);
  return lax.concatenate([col(b0), col(b1)], shape.length);
}

/** threefry_fold_in: hash the counter (0, data) under the key. */
export function foldInData(data: NDArray, msg: NDArray): NDArray {
  const [k0, k1] = keyWords(data);
  const [y0, y1] = threefry2x32(k0, k1, scalarArray(0, "uint32", false), msg);
  return lax.concatenate([lax.reshape(y0, [1]), lax.reshape(y1, [1])], 0);
}

/** jax.random.split(key, num = 2): `num` new keys (a number or a shape) along new leading axes. */
export function split(k: PRNGKeyArray, num?: number | number[]): PRNGKeyArray;
export function split(k: NDArray, num?: number | number[]): NDArray;
export function split(k: KeyLike, num?: number | number[]): KeyLike;
export function split(k: KeyLike, num: number | number[] = 2): KeyLike {
  const { data, typed } = checkKey("split", k);
  const shape = canonicalShape(num, "split");
  return returnKeys(typed, splitData(data, shape));
}

/** jax.random.fold_in(key, data): a new key from a key and a 32-bit integer. */
export function foldIn(k: PRNGKeyArray, data: number | NDArray): PRNGKeyArray;
export function foldIn(k: NDArray, data: number | NDArray): NDArray;
export function foldIn(k: KeyLike, data: number | NDArray): KeyLike;
export function foldIn(k: KeyLike, data: number | NDArray): KeyLike {
  const { data: kd, typed } = checkKey("fold_in", k);
  let msg: NDArray;
  if (typeof data === "number") {
    if (!Number.isInteger(data)) throw new JaxTypeError(`fold_in data must be an integer, got ${data}`);
    msg = scalarArray(data, "uint32", false);
  } else if (data instanceof NDArray) {
    if (data.ndim !== 0)
      throw new JaxTypeError(
        `fold_in accepts a scalar, but was given an array of shape ${pyShape(data.shape)} != (). Use jax.vmap for batching.`,
      );
    msg = lax.convertElementType(data, "uint32");
  } else {
    throw new JaxTypeError(`fold_in data must be an integer or an integer scalar array, got ${String(data)}`);
  }
  return returnKeys(typed, foldInData(kd, msg));
}

/** jax.random.bits(key, shape = [], {dtype}): uniform random uint32 words. */
export function bits(k: KeyLike, shape?: ShapeArg, opts?: { dtype?: DTypeLike } | DTypeLike): NDArray {
  const { data } = checkKey("bits", k);
  const raw = optsOf(opts, "bits").dtype;
  const dtype = raw === undefined ? undefined : (dtypeOfLike(raw) ?? raw);
  if (dtype !== undefined && dtype !== "uint32" && dtype !== "uint8" && dtype !== "uint16") {
    throw new ValueError(
      `dtype argument to \`bits\` must be an unsigned int dtype, got ${isDType(dtype) ? dtype : JSON.stringify(dtype)} (uint8, uint16 or uint32 here)`,
    );
  }
  const words = randomBits32(data, canonicalShape(shape, "bits"));
  // Narrower words are the low bits of the 32-bit ones, as JAX's partitionable threefry draws them.
  return dtype === "uint8" || dtype === "uint16" ? lax.convertElementType(words, dtype) : words;
}
