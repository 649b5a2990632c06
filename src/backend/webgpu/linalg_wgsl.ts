// The shape of every linalg kernel: one workgroup per matrix (or per
// matrix and right-hand side), `g` its index, `lid` the invocation's index in
// the workgroup. Steps of a factorization are separated by SYNC: storage
// writes of one step are visible to every invocation of the workgroup in the
// next (WGSL's barriers only order a workgroup, which is all one matrix needs).
import type { GpuBuf, WebGpuBackend } from "./backend.ts";
import { WORKGROUP } from "./wgsl.ts";

export interface Binding {
  name: string;
  type: "f32" | "i32" | "u32";
  write?: boolean;
}

export const SYNC = "storageBarrier(); workgroupBarrier();";

/** Invocations per workgroup for matrices of this size: a few idle lanes for small ones, 256 (WebGPU's guaranteed maximum) past 16. */
export function workgroupFor(n: number): number {
  return n <= 16 ? 64 : 256;
}

/**
 * A zero-sized dimension empties the loops that divide by it, but WGSL still
 * rejects a division by the constant 0: divide by 1 there instead.
 */
const noZeroDivisors = (code: string) => code.replace(/([/%]) 0u\b/g, "$1 1u");

const IS_NAN = "fn is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }";

/** WGSL of a kernel of `count` workgroups of `wg` invocations. */
export function matrixKernel(
  bindings: readonly Binding[],
  wg: number,
  count: number,
  body: readonly string[],
  decls: readonly string[] = [],
): string {
  return noZeroDivisors(
    [
      ...bindings.map((b, i) => `@group(0) @binding(${i}) var<storage, ${b.write ? "read_write" : "read"}> ${b.name}: array<${b.type}>;`),
      "var<private> NAN_BITS: u32 = 0x7fc00000u;",
      IS_NAN,
      ...decls,
      `@compute @workgroup_size(${wg})`,
      "fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {",
      "  let g = wid.x + wid.y * 65535u;",
      `  if (g >= ${count}u) { return; }`,
      ...body.map((l) => `  ${l}`),
      "}",
    ].join("\n"),
  );
}

/** Records `count` workgroups of the kernel over these buffers (bindings in order). */
export function dispatchMatrices(b: WebGpuBackend, code: string, count: number, buffers: GpuBuf[]): void {
  if (count === 0) return;
  b.dispatchGroups(code, [Math.min(count, 65535), Math.ceil(count / 65535), 1], buffers);
}

/**
 * WGSL that reduces per-invocation (value, index) candidates to the
 * workgroup's best in `red_v[0]`, `red_i[0]`: larger value first, then the
 * smaller index. Expects `red_v`, `red_i` (arrays of wg) filled; ends synced.
 */
export function argmaxTree(wg: number): string[] {
  return [
    "workgroupBarrier();",
    `for (var s = ${wg / 2}u; s > 0u; s = s >> 1u) {`,
    "  if (lid < s) {",
    "    let ov = red_v[lid + s];",
    "    let oi = red_i[lid + s];",
    "    if (ov > red_v[lid] || (ov == red_v[lid] && oi < red_i[lid])) { red_v[lid] = ov; red_i[lid] = oi; }",
    "  }",
    "  workgroupBarrier();",
    "}",
  ];
}

/**
 * Matrices past this size factor column by column: each column's steps are
 * dispatches over every element they touch (the pivot or reflector itself
 * one workgroup per matrix), so the trailing updates spread over the GPU.
 */
export const ONE_WORKGROUP_MAX = 64;

/**
 * WGSL of a kernel with one invocation per point `p` (below `points`, an
 * expression that may read the step's parameters `prm`).
 */
export function gridKernel(bindings: readonly Binding[], points: string, body: readonly string[]): string {
  return noZeroDivisors(
    [
      ...bindings.map((b, i) => `@group(0) @binding(${i}) var<storage, ${b.write ? "read_write" : "read"}> ${b.name}: array<${b.type}>;`),
      "var<private> NAN_BITS: u32 = 0x7fc00000u;",
      `@compute @workgroup_size(${WORKGROUP})`,
      "fn main(@builtin(global_invocation_id) gid: vec3u) {",
      `  let p = gid.x + gid.y * ${WORKGROUP * 65535}u;`,
      `  if (p >= ${points}) { return; }`,
      ...body.map((l) => `  ${l}`),
      "}",
    ].join("\n"),
  );
}
