// sort on the webgpu backend: a bitonic network over an index permutation
// per lane (the lines along `dimension`), then one gather per operand.
//
// Each lane's length is padded to a power of two P with indices that sort
// last. The comparison is lexicographic over the first num_keys operands
// (floats as JAX orders them: NaN last, -0.0 equal to 0.0), ties broken by
// the original index: a total order, so the network's result is the stable
// sort the reference kernel gives, whatever is_stable says. A network step
// is one dispatch of L·P invocations (the lower element of each pair
// compares and swaps); its (k, j) come from a small cached buffer, so every
// step shares one pipeline: log2(P)·(log2(P)+1)/2 dispatches in all.
import type { ShapedArray } from "../../core/aval.ts";
import { prod } from "../../core/shape.ts";
import { type KType, ktypeOf as ktypeOfExact } from "../../compiler/ktype.ts";
import type { DType } from "../../core/dtypes.ts";

/** A dtype's kernel type here: float16/bfloat16 are f32 values (lowp.ts), which sorting only compares and moves. */
function ktypeOf(d: DType): KType | null {
  return ktypeOfExact(d) ?? (d === "float16" || d === "bfloat16" ? "f32" : null);
}
import type { SortParams } from "../../lax/sort.ts";
import type { GpuBuf, WebGpuBackend } from "./backend.ts";
import { HELPERS, WORKGROUP, storageType } from "./wgsl.ts";

const header = (points: number) => [
  `@compute @workgroup_size(${WORKGROUP})`,
  "fn main(@builtin(global_invocation_id) g: vec3u) {",
  `  let p = g.x + g.y * ${WORKGROUP * 65535}u;`,
  `  if (p >= ${points}u) { return; }`,
];

interface Lanes {
  /** The sorted dimension's length, its stride, the number of lanes. */
  n: number;
  inner: number;
  lanes: number;
  /** n rounded up to a power of two: each lane's row in the index buffer. */
  P: number;
  /** WGSL for the flat offset of element 0 of `lane`. */
  base: string;
}

function lanesOf(shape: readonly number[], dim: number): Lanes {
  const n = shape[dim];
  const inner = prod(shape.slice(dim + 1));
  let P = 1;
  while (P < n) P *= 2;
  return { n, inner, lanes: n === 0 ? 0 : prod(shape) / n, P, base: `(lane / ${inner}u) * ${n * inner}u + lane % ${inner}u` };
}

/**
 * The index permutation that orders each lane (an L·P buffer of u32, row per
 * lane), by the keys: ascending as sort orders (NaN last, -0.0 == 0.0), or
 * descending as top_k does (NaN first, +0.0 before -0.0); ties by index.
 */
function sortedIndices(b: WebGpuBackend, keyBufs: GpuBuf[], keyTypes: readonly KType[], l: Lanes, order: "sort" | "top_k"): GpuBuf {
  const { n, inner, lanes, P, base } = l;
  const idx = b.allocWords(lanes * P);
  b.dispatch(
    ["@group(0) @binding(0) var<storage, read_write> idx: array<u32>;", ...header(lanes * P), `  idx[p] = p % ${P}u;`, "}"].join("\n"),
    lanes * P,
    [idx],
  );
  if (P === 1) return idx;
  const less = keyTypes.map((t, k) => {
    const va = `keys${k}[${base} + a * ${inner}u]`;
    const vb = `keys${k}[${base} + c * ${inner}u]`;
    const lt = order === "top_k" ? (t === "f32" ? "fbefore_topk" : "igt") : t === "f32" ? "flt_total" : "ilt";
    return `  if (${lt}(${va}, ${vb})) { return true; }\n  if (${lt}(${vb}, ${va})) { return false; }`;
  });
  const code = [
    ...keyTypes.map((t, k) => `@group(0) @binding(${k}) var<storage, read> keys${k}: array<${storageType(t)}>;`),
    `@group(0) @binding(${keyTypes.length}) var<storage, read> step: array<u32>;`,
    `@group(0) @binding(${keyTypes.length + 1}) var<storage, read_write> idx: array<u32>;`,
    HELPERS.is_nan,
    // NaN last; -0.0 and 0.0 equal (the order JAX sorts floats in).
    "fn flt_total(x: f32, y: f32) -> bool { let xn = is_nan(x); let yn = is_nan(y); if (xn || yn) { return !xn && yn; } return x < y; }",
    // top_k's descending total order: NaN first, then larger, +0.0 before -0.0.
    "fn fbefore_topk(x: f32, y: f32) -> bool { let xn = is_nan(x); let yn = is_nan(y); if (xn || yn) { return xn && !yn; }" +
      " if (x == y) { return x == 0.0 && (bitcast<u32>(x) >> 31u) < (bitcast<u32>(y) >> 31u); } return x > y; }",
    ...(["i32", "u32"] as const).flatMap((t) => [
      `fn ilt_${t}(x: ${t}, y: ${t}) -> bool { return x < y; }`,
      `fn igt_${t}(x: ${t}, y: ${t}) -> bool { return x > y; }`,
    ]),
    // Element a of the lane before element c: padding (index >= n) last, ties by index.
    "fn less(lane: u32, a: u32, c: u32) -> bool {",
    `  if (a >= ${n}u || c >= ${n}u) { return a < c; }`,
    ...less.map((line, k) => line.replaceAll(/\b(ilt|igt)\(/g, `$1_${storageType(keyTypes[k])}(`)),
    "  return a < c;",
    "}",
    ...header(lanes * P),
    `  let lane = p / ${P}u;`,
    `  let i = p % ${P}u;`,
    "  let k = step[0];",
    "  let l = i ^ step[1];",
    "  if (l <= i) { return; }",
    `  let x = idx[lane * ${P}u + i];`,
    `  let y = idx[lane * ${P}u + l];`,
    "  let up = (i & k) == 0u;",
    "  if (select(less(lane, x, y), less(lane, y, x), up)) {",
    `    idx[lane * ${P}u + i] = y;`,
    `    idx[lane * ${P}u + l] = x;`,
    "  }",
    "}",
  ].join("\n");
  for (let k = 2; k <= P; k *= 2) {
    for (let j = k / 2; j >= 1; j /= 2) b.dispatch(code, lanes * P, [...keyBufs, b.constWords(k, j), idx]);
  }
  return idx;
}

/** Sorts the operands (already on this backend); null where a dtype has no kernel here. */
export function runSort(b: WebGpuBackend, bufs: GpuBuf[], avals: readonly ShapedArray[], p: SortParams): GpuBuf[] | null {
  const types = avals.map((a) => ktypeOf(a.dtype));
  if (types.some((t) => t === null || t === "f64")) return null;
  const outs = avals.map((a) => b.alloc(a));
  if (avals[0].size === 0) return outs;
  const l = lanesOf(avals[0].shape, p.dimension);
  const { n, inner, lanes, P, base } = l;
  const idx = sortedIndices(b, bufs.slice(0, p.num_keys), types.slice(0, p.num_keys) as KType[], l, "sort");
  avals.forEach((_, q) => {
    const t = storageType(types[q]!);
    const code = [
      `@group(0) @binding(0) var<storage, read> x: array<${t}>;`,
      "@group(0) @binding(1) var<storage, read> idx: array<u32>;",
      `@group(0) @binding(2) var<storage, read_write> out: array<${t}>;`,
      ...header(lanes * n),
      `  let lane = p / ${n}u;`,
      `  let pos = p % ${n}u;`,
      `  let at = ${base};`,
      `  out[at + pos * ${inner}u] = x[at + idx[lane * ${P}u + pos] * ${inner}u];`,
      "}",
    ].join("\n");
    b.dispatch(code, lanes * n, [bufs[q], idx, outs[q]]);
  });
  b.freeWords(idx);
  return outs;
}

/** top_k along `axis`: the first k of each lane in top_k's order, and their int32 indices; null where the dtype has no kernel here. */
export function runTopK(
  b: WebGpuBackend,
  x: GpuBuf,
  a: ShapedArray,
  k: number,
  axis: number,
  outs: readonly ShapedArray[],
): GpuBuf[] | null {
  const t = ktypeOf(a.dtype);
  if (!t || t === "f64" || t === "bool" || outs[1].dtype !== "int32") return null;
  const [vals, inds] = outs.map((o) => b.alloc(o));
  if (outs[0].size === 0) return [vals, inds];
  const l = lanesOf(a.shape, axis);
  const { inner, lanes, P, base } = l;
  const idx = sortedIndices(b, [x], [t], l, "top_k");
  const st = storageType(t);
  const code = [
    `@group(0) @binding(0) var<storage, read> x: array<${st}>;`,
    "@group(0) @binding(1) var<storage, read> idx: array<u32>;",
    `@group(0) @binding(2) var<storage, read_write> vals: array<${st}>;`,
    "@group(0) @binding(3) var<storage, read_write> inds: array<i32>;",
    ...header(lanes * k),
    `  let lane = p / ${k}u;`,
    `  let pos = p % ${k}u;`,
    `  let src = idx[lane * ${P}u + pos];`,
    `  let at = (lane / ${inner}u) * ${k * inner}u + lane % ${inner}u + pos * ${inner}u;`,
    `  vals[at] = x[${base} + src * ${inner}u];`,
    "  inds[at] = i32(src);",
    "}",
  ].join("\n");
  b.dispatch(code, lanes * k, [x, idx, vals, inds]);
  b.freeWords(idx);
  return [vals, inds];
}
