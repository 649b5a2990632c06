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
import { ktypeOf } from "../../compiler/ktype.ts";
import type { SortParams } from "../../lax/sort.ts";
import type { GpuBuf, WebGpuBackend } from "./backend.ts";
import { HELPERS, WORKGROUP, storageType } from "./wgsl.ts";

const header = (points: number) => [
  `@compute @workgroup_size(${WORKGROUP})`,
  "fn main(@builtin(global_invocation_id) g: vec3u) {",
  `  let p = g.x + g.y * ${WORKGROUP * 65535}u;`,
  `  if (p >= ${points}u) { return; }`,
];

/** Sorts the operands (already on this backend); null where a dtype has no kernel here. */
export function runSort(b: WebGpuBackend, bufs: GpuBuf[], avals: readonly ShapedArray[], p: SortParams): GpuBuf[] | null {
  const types = avals.map((a) => ktypeOf(a.dtype));
  if (types.some((t) => t === null || t === "f64")) return null;
  const shape = avals[0].shape;
  const dim = p.dimension;
  const n = shape[dim];
  const inner = prod(shape.slice(dim + 1));
  const lanes = n === 0 ? 0 : avals[0].size / n;
  const outs = avals.map((a) => b.alloc(a));
  if (avals[0].size === 0) return outs;
  let P = 1;
  while (P < n) P *= 2;
  const base = `(lane / ${inner}u) * ${n * inner}u + lane % ${inner}u`;

  const idx = b.allocWords(lanes * P);
  b.dispatch(
    ["@group(0) @binding(0) var<storage, read_write> idx: array<u32>;", ...header(lanes * P), `  idx[p] = p % ${P}u;`, "}"].join("\n"),
    lanes * P,
    [idx],
  );

  if (P > 1) {
    const keys = avals.slice(0, p.num_keys);
    const less = keys.map((_, k) => {
      const va = `keys${k}[${base} + a * ${inner}u]`;
      const vb = `keys${k}[${base} + c * ${inner}u]`;
      const lt = { f32: "flt_total", i32: "ilt_i" }[types[k] as string] ?? "ilt_u";
      return `  if (${lt}(${va}, ${vb})) { return true; }\n  if (${lt}(${vb}, ${va})) { return false; }`;
    });
    const code = [
      ...keys.map((a, k) => `@group(0) @binding(${k}) var<storage, read> keys${k}: array<${storageType(ktypeOf(a.dtype)!)}>;`),
      `@group(0) @binding(${keys.length}) var<storage, read> step: array<u32>;`,
      `@group(0) @binding(${keys.length + 1}) var<storage, read_write> idx: array<u32>;`,
      HELPERS.is_nan,
      // NaN last; -0.0 and 0.0 equal (the order JAX sorts floats in).
      "fn flt_total(x: f32, y: f32) -> bool { let xn = is_nan(x); let yn = is_nan(y); if (xn || yn) { return !xn && yn; } return x < y; }",
      "fn ilt_i(x: i32, y: i32) -> bool { return x < y; }",
      "fn ilt_u(x: u32, y: u32) -> bool { return x < y; }",
      // Element a of the lane before element c: padding (index >= n) last, ties by index.
      "fn less(lane: u32, a: u32, c: u32) -> bool {",
      `  if (a >= ${n}u || c >= ${n}u) { return a < c; }`,
      ...less,
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
    const keyBufs = bufs.slice(0, p.num_keys);
    for (let k = 2; k <= P; k *= 2) {
      for (let j = k / 2; j >= 1; j /= 2) b.dispatch(code, lanes * P, [...keyBufs, b.constWords(k, j), idx]);
    }
  }

  avals.forEach((a, q) => {
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
