// jax.nn.dot_product_attention, JAX's XLA formulation: logits in float32 (or
// wider), scaled, biased and masked with a large negative number, softmax in
// float32, probabilities cast back to the key dtype. Query heads are grouped
// over the key/value heads (GQA/MQA) as [B, T, K, G, H].
import { type DType, promoteTypes } from "../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import * as jnp from "../numpy/index.ts";
import { asArray } from "../numpy/util.ts";
import { logsumexp, softmax } from "./index.ts";
import { stopGradientArray } from "../lax/stop_gradient.ts";

/** finfo(dtype).max of the float dtypes logits can have. */
const FLOAT_MAX: Partial<Record<DType, number>> = { float16: 65504, float32: 3.4028234663852886e38, float64: Number.MAX_VALUE };

export interface AttentionOptions {
  bias?: ArrayLike | null;
  mask?: ArrayLike | null;
  scale?: number | null;
  isCausal?: boolean;
  querySeqLengths?: ArrayLike | null;
  keyValueSeqLengths?: ArrayLike | null;
  localWindowSize?: number | [number, number] | null;
  implementation?: "xla" | "cudnn" | null;
  returnResidual?: boolean;
}

const OPTION_KEYS = [
  "bias",
  "mask",
  "scale",
  "isCausal",
  "querySeqLengths",
  "keyValueSeqLengths",
  "localWindowSize",
  "implementation",
  "returnResidual",
];

function ensure4d(t: NDArray): NDArray {
  return t.ndim >= 4 ? t : jnp.reshape(t, [...Array(4 - t.ndim).fill(1), ...t.shape]);
}

function checkShapeDtype(t: NDArray | null, shape: number[], dtype: DType | null, name: string): void {
  if (!t) return;
  if (t.ndim !== shape.length) throw new ValueError(`${name} ndim should be ${shape.length}, but got ${t.ndim}`);
  if (dtype !== null && t.dtype !== dtype) throw new ValueError(`${name} dtype should be ${dtype}, but got ${t.dtype}`);
  shape.forEach((d, i) => {
    if (d !== -1 && t.shape[i] !== d) {
      throw new ValueError(`${name} shape should be (${shape.join(", ")}): but got (${t.shape.join(", ")})`);
    }
  });
}

/** A [B|1, N|1, T|1, S|1] bias or mask laid out against the grouped logits [B, K, G, T, S]. */
function grouped(t: NDArray, K: number, G: number): NDArray {
  const [tB, tN, tT, tS] = t.shape;
  if (tN === 1) return jnp.reshape(t, [tB, 1, 1, tT, tS]);
  if (tN !== K * G) throw new ValueError(`bias/mask head dimension must be 1 or ${K * G}, got ${tN}`);
  return jnp.reshape(t, [tB, K, G, tT, tS]);
}

/**
 * dotProductAttention(query [B, T, N, H], key [B, S, K, H], value [B, S, K, H],
 * {bias, mask, scale = 1/sqrt(H), isCausal, querySeqLengths, keyValueSeqLengths,
 * localWindowSize, returnResidual}) → [B, T, N, H] (and the logsumexp [B, T, N]
 * with returnResidual). N must be a multiple of K. Leading dims may be left out
 * (3-D [T, N, H] inputs), as in JAX.
 */
export function dotProductAttention(
  query: ArrayLike,
  key: ArrayLike,
  value: ArrayLike,
  opts: AttentionOptions & { returnResidual: true },
): [NDArray, NDArray];
export function dotProductAttention(query: ArrayLike, key: ArrayLike, value: ArrayLike, opts?: AttentionOptions): NDArray;
export function dotProductAttention(
  query: ArrayLike,
  key: ArrayLike,
  value: ArrayLike,
  opts: AttentionOptions = {},
): NDArray | [NDArray, NDArray] {
  const o = checkOptions(opts, "dot_product_attention", OPTION_KEYS);
  if (o.implementation !== undefined && o.implementation !== null && o.implementation !== "xla") {
    if (o.implementation === "cudnn")
      throw new ValueError("dot_product_attention: implementation 'cudnn' needs a CUDA GPU; use 'xla' or null");
    throw new ValueError(`Unsupported implementation option: ${String(o.implementation)}`);
  }
  const q0 = asArray(query, "dot_product_attention query");
  const outShape = q0.shape;
  const q = ensure4d(q0);
  const k = ensure4d(asArray(key, "dot_product_attention key"));
  const v = ensure4d(asArray(value, "dot_product_attention value"));
  const opt = (x: ArrayLike | null | undefined, what: string) =>
    x === undefined || x === null ? null : asArray(x, `dot_product_attention ${what}`);
  const bias4 = opt(o.bias, "bias");
  const mask4 = opt(o.mask, "mask");
  const bias = bias4 && ensure4d(bias4);
  const mask = mask4 && ensure4d(mask4);
  const qLen = opt(o.querySeqLengths, "query_seq_lengths");
  const kvLen = opt(o.keyValueSeqLengths, "key_value_seq_lengths");
  const [B, S, K, H] = k.shape;
  checkShapeDtype(v, [B, S, K, H], k.dtype, "value");
  checkShapeDtype(q, [B, -1, -1, H], k.dtype, "query");
  checkShapeDtype(mask, [-1, -1, -1, -1], "bool", "mask");
  checkShapeDtype(bias, [-1, -1, -1, -1], null, "bias");
  checkShapeDtype(qLen, [B], "int32", "query_seq_lengths");
  checkShapeDtype(kvLen, [B], "int32", "key_value_seq_lengths");
  const [, T, N] = q.shape;
  if (N % K !== 0) {
    throw new ValueError(`The number of query heads must be a multiple of key/value heads, but got ${N} vs ${K}`);
  }
  const G = N / K;
  const scale = o.scale ?? 1 / Math.sqrt(H);
  if (typeof scale !== "number") throw new JaxTypeError(`dot_product_attention scale must be a number, got ${typeof scale}`);
  const win = o.localWindowSize;
  const window: [number, number] | null = win === undefined || win === null ? null : typeof win === "number" ? [win, win] : win;

  const logitsDtype = promoteTypes([
    { dtype: q.dtype, weakType: false },
    { dtype: "float32", weakType: false },
  ]).dtype;
  // Logits [B, K, G, T, S]; float16 products are exact in float32, so casting first matches a float32 accumulation.
  const qg = jnp.reshape(q, [B, T, K, G, H]).astype(logitsDtype);
  let logits = jnp.einsum("BTKGH,BSKH->BKGTS", qg, k.astype(logitsDtype));
  logits = jnp.multiply(logits, jnp.full([], scale, { dtype: logitsDtype }));
  if (bias) logits = jnp.add(logits, grouped(bias, K, G)).astype(logitsDtype);

  let combined: NDArray | null = mask ? grouped(mask, K, G) : null;
  const and = (m: NDArray) => {
    combined = combined ? jnp.logicalAnd(combined, m) : m;
  };
  const tPos = jnp.reshape(jnp.arange(T), [T, 1]);
  const sPos = jnp.reshape(jnp.arange(S), [1, S]);
  if (o.isCausal) and(jnp.greaterEqual(tPos, sPos));
  if (window) {
    const [left, right] = window;
    and(jnp.logicalAnd(jnp.greaterEqual(tPos, jnp.subtract(sPos, right)), jnp.lessEqual(tPos, jnp.add(sPos, left))));
  }
  if (qLen || kvLen) {
    let pad: NDArray | null = null;
    if (qLen) pad = jnp.less(jnp.reshape(jnp.arange(T), [1, T, 1]), jnp.reshape(qLen, [B, 1, 1]));
    if (kvLen) {
      const kvMask = jnp.less(jnp.reshape(jnp.arange(S), [1, 1, S]), jnp.reshape(kvLen, [B, 1, 1]));
      pad = pad ? jnp.logicalAnd(pad, kvMask) : kvMask;
    }
    and(jnp.reshape(pad!, [B, 1, 1, pad!.shape[1], pad!.shape[2]]));
  }
  let padded = logits;
  if (combined) {
    const big = -0.7 * Math.min(FLOAT_MAX[logitsDtype] ?? Number.MAX_VALUE, FLOAT_MAX.float32!);
    padded = jnp.where(combined, logits, jnp.full([], big, { dtype: logitsDtype }));
  }
  const padded32 = padded.astype("float32");
  const probs = softmax(padded32, -1).astype(k.dtype);
  let encoded = jnp.einsum("BKGTS,BSKH->BTKGH", probs, v);
  if (qLen) {
    const keep = jnp.less(jnp.reshape(jnp.arange(T), [1, T, 1, 1, 1]), jnp.reshape(qLen, [B, 1, 1, 1, 1]));
    encoded = jnp.multiply(encoded, keep.astype(encoded.dtype));
  }
  const out = jnp.reshape(encoded, outShape);
  if (!o.returnResidual) return out;
  const lse = jnp.transpose(jnp.reshape(logsumexp(padded32, -1).astype(k.dtype), [B, N, T]), [0, 2, 1]);
  return [out, stopGradientArray(jnp.reshape(lse, outShape.slice(0, -1)))];
}
