// jax.nn.scaled_matmul, scaled_dot_general and get_scaled_dot_general_config:
// block-scaled matmuls (mxfp8: float8_e4m3fn data, e8m0 power-of-two scales
// per 32 values; nvfp4: float4_e2m1fn data, float8_e4m3fn scales per 16 and a
// global scale). JAX runs these through cuDNN only (on CPU it raises); jaxts
// computes what they stand for: (a · repeat(a_scales)) @ (b · repeat(b_scales))ᵀ
// in float32, and scaled_dot_general quantizes with JAX's own recipe, with
// its straight-through custom VJP.
import { type DType, type DTypeLike, canonicalize, parseDType } from "../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { shapeStr } from "../core/shape.ts";
import type { DotDims } from "../lax/dot.ts";
import * as lax from "../lax/index.ts";
import * as jnp from "../numpy/index.ts";
import { asArray } from "../numpy/util.ts";
import { customVjp } from "../transforms/custom_vjp.ts";

/** How scaled_dot_general quantizes one operand (JAX's BlockScaleConfig). */
export interface BlockScaleConfig {
  readonly mode: "mxfp8" | "nvfp4";
  readonly blockSize: number;
  readonly dataType: DType;
  readonly scaleType: DType;
  /** nvfp4 only: a float32 array of shape [1] the operand is divided by first. */
  readonly globalScale: NDArray | null;
  readonly inferOnly: boolean;
}

/** jax.nn.get_scaled_dot_general_config(mode, global_scale=None). */
export function getScaledDotGeneralConfig(mode: "mxfp8" | "nvfp4", globalScale: ArrayLike | null = null): BlockScaleConfig {
  if (mode === "nvfp4")
    return Object.freeze({
      mode,
      blockSize: 16,
      dataType: "float4_e2m1fn",
      scaleType: "float8_e4m3fn",
      globalScale: globalScale == null ? jnp.ones([1], { dtype: "float32" }) : asArray(globalScale, "global_scale"),
      inferOnly: false,
    });
  if (mode === "mxfp8")
    return Object.freeze({
      mode,
      blockSize: 32,
      dataType: "float8_e4m3fn",
      scaleType: "float8_e8m0fnu",
      globalScale: null,
      inferOnly: false,
    });
  throw new ValueError(`Unsupported mode: ${String(mode)}`);
}

const shp = (x: NDArray) => shapeStr(x.shape);

/** The product of block-scaled operands, each of shape [B, M|N, K], in float32, cast to `out`. */
function scaledMatmulCore(a: NDArray, b: NDArray, as: NDArray, bs: NDArray, out: DType): NDArray {
  const k = a.shape[2];
  const scaled = (x: NDArray, s: NDArray) => jnp.multiply(x.astype("float32"), jnp.repeat(s.astype("float32"), k / s.shape[2], 2));
  const prod = lax.dotGeneral(
    scaled(a, as),
    scaled(b, bs),
    [
      [[2], [2]],
      [[0], [0]],
    ],
    { preferredElementType: "float32" },
  );
  return prod.astype(out);
}

/**
 * jax.nn.scaled_matmul(lhs, rhs, lhs_scales, rhs_scales, preferred_element_type=float32):
 * lhs [B, M, K] and rhs [B, N, K] times their per-block scales [B, M, K/bs] and
 * [B, N, K/bs], contracted over K: [B, M, N].
 */
export function scaledMatmul(
  lhs: ArrayLike,
  rhs: ArrayLike,
  lhsScales: ArrayLike,
  rhsScales: ArrayLike,
  options?: { preferredElementType?: DTypeLike },
): NDArray {
  const o = checkOptions(options, "scaledMatmul", ["preferredElementType"]);
  const [a, b, as, bs] = [lhs, rhs, lhsScales, rhsScales].map((x, i) => asArray(x, `scaled_matmul argument ${i}`));
  if (![a, b, as, bs].every((x) => x.ndim === 3)) throw new ValueError("scaled_matmul requires all inputs to be 3-dimensional arrays");
  if (a.shape[2] !== b.shape[2] || a.shape[0] !== b.shape[0])
    throw new ValueError(
      `scaled_matmul requires inputs a and b to have matching batch (B) and contract (K) dimensions, but got shapes ${shp(a)} and ${shp(b)}`,
    );
  if (as.shape[2] !== bs.shape[2] || as.shape[0] !== bs.shape[0])
    throw new ValueError(
      `scaled_matmul requires scales to have matching batch (B) and contract (K) dimensions, but got shapes ${shp(as)} and ${shp(bs)}`,
    );
  if (as.shape[1] !== a.shape[1] || bs.shape[1] !== b.shape[1])
    throw new ValueError(
      `scaled_matmul requires scales to match non-contract dimensions of inputs, but got shapes a: ${shp(a)}, b: ${shp(b)}, a_scales: ${shp(as)}, b_scales: ${shp(bs)}`,
    );
  const out = canonicalize(parseDType(o.preferredElementType ?? "float32", "scaled_matmul preferred_element_type"));
  return scaledMatmulCore(a, b, as, bs, out);
}

// ---- quantization (JAX's cudnn/scaled_matmul_stablehlo.py) ----

/** A float32 scale as an e8m0 exponent byte, rounded up to the next power of two (subnormals ≤ 2^-127 stay at 2^-127). */
function castToE8m0RoundingUp(x: NDArray): NDArray {
  const bits = lax.bitcastConvertType(x.astype("float32"), "uint32");
  const exp = jnp.rightShift(bits, 23);
  const mant = jnp.bitwiseAnd(bits, 0x7fffff);
  const up = jnp.logicalAnd(
    jnp.logicalAnd(jnp.greater(mant, 0), jnp.notEqual(exp, 0xfe)),
    jnp.logicalNot(jnp.logicalAnd(jnp.equal(exp, 0), jnp.lessEqual(mant, 0x400000))),
  );
  return jnp.where(up, jnp.add(exp, 1), exp).astype("uint8");
}

/** The value of an e8m0 exponent byte in `dtype` (a zero byte reads as 2^-127, 2^-15 for float16). */
function e8m0ToDtype(q: NDArray, dtype: DType): NDArray {
  const v = lax.bitcastConvertType(jnp.leftShift(q.astype("uint32"), 23), "float32");
  const nearZero = dtype === "float16" ? 2 ** -15 : 2 ** -127;
  return jnp.where(jnp.equal(v, 0), jnp.array(nearZero, "float32"), v).astype(dtype);
}

/** Quantize x [B, M, K] by blocks of the contracting dim: [data [B, M, K], scales [B, M, K/bs]] (exported for tests). */
export function quantize(x: NDArray, c: BlockScaleConfig): [NDArray, NDArray] {
  const [bsz, m, k] = x.shape;
  if (!(k >= c.blockSize && k % c.blockSize === 0))
    throw new ValueError(`scaled_dot_general: the contracting size ${k} must be a positive multiple of the block size ${c.blockSize}`);
  let xb = jnp.reshape(x, [bsz, m, k / c.blockSize, c.blockSize]);
  const max = jnp.array(jnp.finfo(c.dataType).max, x.dtype);
  const blockScales = (v: NDArray) => jnp.divide(jnp.max(jnp.abs(v), -1, { keepdims: true }), max);
  let scalesQ: NDArray;
  let scaled: NDArray;
  if (c.mode === "mxfp8") {
    scalesQ = castToE8m0RoundingUp(blockScales(xb));
    scaled = jnp.divide(xb, e8m0ToDtype(scalesQ, x.dtype));
  } else {
    xb = jnp.divide(xb, c.globalScale!);
    const scaleMax = jnp.array(jnp.finfo(c.scaleType).max, x.dtype);
    scalesQ = jnp.clip(blockScales(xb), 0, scaleMax).astype(c.scaleType);
    scaled = jnp.divide(xb, scalesQ.astype("float32"));
  }
  const q = jnp.clip(scaled, jnp.negative(max), max).astype(c.dataType);
  const s = jnp.reshape(scalesQ, scalesQ.shape.slice(0, -1));
  return [jnp.reshape(q, [bsz, m, k]), s.dtype === c.scaleType ? s : lax.bitcastConvertType(s, c.scaleType)];
}

/** Transpose and reshape x to [batch, kept, contracting] (JAX's shape_normalization). */
function toBMK(x: NDArray, contracting: number[], batch: number[]): NDArray {
  const all = x.shape.map((_, i) => i);
  const kept = all.filter((d) => !contracting.includes(d) && !batch.includes(d));
  const c = all.filter((d) => contracting.includes(d));
  const b = all.filter((d) => batch.includes(d));
  const size = (ds: number[]) => ds.reduce((p, d) => p * x.shape[d], 1);
  return jnp.reshape(jnp.transpose(x, [...b, ...kept, ...c]), [size(b), size(kept), size(c)]);
}

/** dot_general's output shape: batch dims, then lhs's kept dims, then rhs's. */
function dotOutShape(
  ls: readonly number[],
  rs: readonly number[],
  [lc, lb]: [number[], number[]],
  [rc, rb]: [number[], number[]],
): number[] {
  return [
    ...ls.filter((_, i) => lb.includes(i)),
    ...ls.filter((_, i) => !lc.includes(i) && !lb.includes(i)),
    ...rs.filter((_, i) => !rc.includes(i) && !rb.includes(i)),
  ];
}

function scaledDotImpl(lhs: NDArray, rhs: NDArray, dn: DotDims, preferred: DType, configs: readonly BlockScaleConfig[]): NDArray {
  const [[lc, rc], [lb, rb]] = dn;
  const [lq, ls] = quantize(toBMK(lhs, lc, lb), configs[0]);
  const [rq, rs] = quantize(toBMK(rhs, rc, rb), configs[1]);
  const nv = configs[0].mode === "nvfp4";
  let out = scaledMatmulCore(lq, rq, ls, rs, nv ? "float32" : preferred);
  if (nv) out = jnp.multiply(out, jnp.multiply(configs[0].globalScale!, configs[1].globalScale!)).astype(preferred);
  return jnp.reshape(out, dotOutShape(lhs.shape, rhs.shape, [lc, lb], [rc, rb]));
}

const remaining = (n: number, ...removed: number[][]) =>
  Array.from({ length: n }, (_, i) => i).filter((i) => !removed.some((r) => r.includes(i)));
const argsortNums = (xs: number[]) => xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b]);
function rangesLike(...xs: number[][]): number[][] {
  let start = 0;
  return xs.map((x) => {
    const r = Array.from({ length: x.length }, (_, i) => start + i);
    start += x.length;
    return r;
  });
}

/** The cotangent of x in dot_general(x, y) (or of y, with swapAns), quantized as JAX's backward pass does. */
function transposeLhs(
  g: NDArray,
  x: NDArray,
  y: NDArray,
  dn: DotDims,
  preferred: DType,
  configs: readonly BlockScaleConfig[],
  swapAns = false,
): NDArray {
  const [[xc, yc], [xb, yb]] = dn;
  const xKept = remaining(x.ndim, xc, xb);
  const yKept = remaining(y.ndim, yc, yb);
  const [ansBatch, ansY] = swapAns ? rangesLike(xb, yKept, xKept) : ((r) => [r[0], r[2]])(rangesLike(xb, xKept, yKept));
  const xcSortedByY = argsortNums(yc).map((i) => xc[i]);
  const outAxes = argsortNums([...xb, ...xKept, ...xcSortedByY]);
  const y3 = toBMK(y, yKept, yb);
  const g3 = toBMK(g, ansY, ansBatch);
  let out: NDArray;
  if (configs[0].mode !== "nvfp4") {
    const [gq, gs] = quantize(g3, configs[0]);
    const [yq, ys] = quantize(y3, configs[1]);
    out = scaledMatmulCore(gq, yq, gs, ys, preferred);
  } else
    out = lax.dotGeneral(
      g3,
      y3,
      [
        [[2], [2]],
        [[0], [0]],
      ],
      { preferredElementType: preferred },
    );
  const expanded = jnp.reshape(out, dotOutShape(g.shape, y.shape, [ansY, ansBatch], [yKept, yb]));
  return jnp.transpose(expanded, outAxes);
}

const scaledDotFn = customVjp(
  (lhs: NDArray, rhs: NDArray, dn: DotDims, preferred: DType, configs: readonly BlockScaleConfig[]) =>
    scaledDotImpl(lhs, rhs, dn, preferred, configs),
  { nondiffArgnums: [2, 3, 4] },
);
scaledDotFn.defvjp(
  (lhs: NDArray, rhs: NDArray, dn: DotDims, preferred: DType, configs: readonly BlockScaleConfig[]) =>
    [scaledDotImpl(lhs, rhs, dn, preferred, configs), [lhs, rhs]] as [NDArray, [NDArray, NDArray]],
  (dn: DotDims, preferred: DType, configs: readonly BlockScaleConfig[], [lhs, rhs]: [NDArray, NDArray], g: NDArray) => {
    const [[lc, rc], [lb, rb]] = dn;
    let gl = transposeLhs(g, lhs, rhs, dn, preferred, [configs[2], configs[1]]);
    let gr = transposeLhs(
      g,
      rhs,
      lhs,
      [
        [rc, lc],
        [rb, lb],
      ],
      preferred,
      [configs[2], configs[0]],
      true,
    );
    // Straight-through estimator: inputs clipped by the nvfp4 quantization get no gradient.
    if (configs[2].mode === "nvfp4") {
      const lim = jnp.finfo(configs[0].dataType).max * jnp.finfo(configs[0].scaleType).max;
      const keep = (x: NDArray, gx: NDArray, c: BlockScaleConfig) =>
        jnp.where(jnp.lessEqual(jnp.abs(x), jnp.multiply(c.globalScale!, lim)), gx, 0);
      gl = keep(lhs, gl, configs[0]);
      gr = keep(rhs, gr, configs[1]);
    }
    return [gl, gr];
  },
);

export interface ScaledDotGeneralOptions {
  /** float32 (default), bfloat16 or float16. */
  preferredElementType?: DTypeLike;
  /** Quantization of lhs, rhs and the output cotangent; null: a plain lax.dotGeneral. */
  configs?: readonly BlockScaleConfig[] | null;
  /** Ignored (JAX's deprecated backend selector). */
  implementation?: "cudnn" | null;
}

/**
 * jax.nn.scaled_dot_general(lhs, rhs, dimension_numbers, preferred_element_type=float32, configs=None):
 * dot_general of lhs and rhs quantized block-wise per `configs` (see
 * getScaledDotGeneralConfig); differentiable, with JAX's straight-through VJP.
 */
export function scaledDotGeneral(lhs: ArrayLike, rhs: ArrayLike, dimensionNumbers: DotDims, options?: ScaledDotGeneralOptions): NDArray {
  const o = checkOptions(options, "scaledDotGeneral", ["preferredElementType", "configs", "implementation"]);
  const l = asArray(lhs, "scaled_dot_general lhs");
  const r = asArray(rhs, "scaled_dot_general rhs");
  const preferred = canonicalize(parseDType(o.preferredElementType ?? "float32", "scaled_dot_general preferred_element_type"));
  if (o.configs == null) return lax.dotGeneral(l, r, dimensionNumbers, { preferredElementType: preferred });
  if (!["float32", "bfloat16", "float16"].includes(preferred))
    throw new JaxTypeError(`Only support preferred_element_type in (f32, bf16, f16), but got ${preferred}`);
  const [[lc, rc], [lb, rb]] = dimensionNumbers;
  // Without batch dims, each operand gets a trailing one of size 1, squeezed from the output.
  const addBatch = lb.length === 0 || rb.length === 0;
  const l2 = lb.length === 0 ? jnp.expandDims(l, l.ndim) : l;
  const r2 = rb.length === 0 ? jnp.expandDims(r, r.ndim) : r;
  const dn: DotDims = [
    [[...lc], [...rc]],
    [lb.length === 0 ? [l.ndim] : [...lb], rb.length === 0 ? [r.ndim] : [...rb]],
  ];
  const out = scaledDotFn(l2, r2, dn, preferred, o.configs) as NDArray;
  return addBatch ? jnp.squeeze(out, 0) : out;
}
