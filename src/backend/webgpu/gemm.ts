// A tiled GEMM for dot_general's plain case (float32, one contracting dim, one
// free dim per side, any batch dims, any operand layout): each workgroup of
// 16×16 invocations computes a 64×64 output tile, 4×4 per invocation, from
// 64×16 slices of both operands staged in workgroup memory.
import type { ShapedArray } from "../../core/aval.ts";
import { stridesOf } from "../../core/shape.ts";
import type { DotDims } from "../../lax/dot.ts";

const TS = 64;
const TK = 16;

export interface GemmKernel {
  code: string;
  /** Workgroups to dispatch (x: column tiles, y: row tiles, z: batch). */
  groups: [number, number, number];
}

export function emitGemm(lhs: ShapedArray, rhs: ShapedArray, out: ShapedArray, dims: DotDims): GemmKernel | null {
  const [[lc, rc], [lb, rb]] = dims;
  if (lhs.dtype !== "float32" || rhs.dtype !== "float32" || out.dtype !== "float32") return null;
  if (lc.length !== 1 || rc.length !== 1) return null;
  const lFree = lhs.shape.map((_, d) => d).filter((d) => d !== lc[0] && !lb.includes(d));
  const rFree = rhs.shape.map((_, d) => d).filter((d) => d !== rc[0] && !rb.includes(d));
  if (lFree.length !== 1 || rFree.length !== 1) return null;
  const M = lhs.shape[lFree[0]];
  const N = rhs.shape[rFree[0]];
  const K = lhs.shape[lc[0]];
  const batch = lb.reduce((p, d) => p * lhs.shape[d], 1);
  if (M * N * batch === 0 || batch > 65535) return null;
  const ls = stridesOf(lhs.shape);
  const rs = stridesOf(rhs.shape);
  // Batch coordinates from the flat batch index (row-major over lb's sizes).
  const lines: string[] = [];
  let rest = "i32(wg.z)";
  const lTerms = ["0"];
  const rTerms = ["0"];
  for (let j = lb.length - 1; j >= 0; j--) {
    const size = lhs.shape[lb[j]];
    lines.push(j === 0 ? `let b${j} = ${rest};` : `let b${j} = ${rest} % ${size};`);
    if (j > 0) {
      lines.push(`let bq${j} = ${rest} / ${size};`);
      rest = `bq${j}`;
    }
    lTerms.push(`${ls[lb[j]]} * b${j}`);
    rTerms.push(`${rs[rb[j]]} * b${j}`);
  }
  const [sam, sak] = [ls[lFree[0]], ls[lc[0]]];
  const [sbk, sbn] = [rs[rc[0]], rs[rFree[0]]];
  const code = `@group(0) @binding(0) var<storage, read> lhs: array<f32>;
@group(0) @binding(1) var<storage, read> rhs: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
var<workgroup> As: array<f32, ${TK * TS}>;
var<workgroup> Bs: array<f32, ${TK * TS}>;
@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  ${lines.join("\n  ")}
  let abase = ${lTerms.join(" + ")};
  let bbase = ${rTerms.join(" + ")};
  let m0 = i32(wg.y) * ${TS};
  let n0 = i32(wg.x) * ${TS};
  let tx = i32(lid.x);
  let ty = i32(lid.y);
  let t = ty * 16 + tx;
  var acc: array<array<f32, 4>, 4>;
  for (var k0: i32 = 0; k0 < ${K}; k0 = k0 + ${TK}) {
    for (var l: i32 = 0; l < 4; l = l + 1) {
      let idx = t + l * 256;
      let ak = idx % ${TK};
      let am = idx / ${TK};
      var av: f32 = 0.0;
      if (m0 + am < ${M} && k0 + ak < ${K}) { av = lhs[abase + (m0 + am) * ${sam} + (k0 + ak) * ${sak}]; }
      As[ak * ${TS} + am] = av;
      let bn = idx % ${TS};
      let bk = idx / ${TS};
      var bv: f32 = 0.0;
      if (n0 + bn < ${N} && k0 + bk < ${K}) { bv = rhs[bbase + (k0 + bk) * ${sbk} + (n0 + bn) * ${sbn}]; }
      Bs[bk * ${TS} + bn] = bv;
    }
    workgroupBarrier();
    for (var kk: i32 = 0; kk < ${TK}; kk = kk + 1) {
      var a: array<f32, 4>;
      var b: array<f32, 4>;
      for (var i: i32 = 0; i < 4; i = i + 1) {
        a[i] = As[kk * ${TS} + ty + 16 * i];
        b[i] = Bs[kk * ${TS} + tx + 16 * i];
      }
      for (var i: i32 = 0; i < 4; i = i + 1) {
        for (var j: i32 = 0; j < 4; j = j + 1) { acc[i][j] = acc[i][j] + a[i] * b[j]; }
      }
    }
    workgroupBarrier();
  }
  let obase = i32(wg.z) * ${M * N};
  for (var i: i32 = 0; i < 4; i = i + 1) {
    for (var j: i32 = 0; j < 4; j = j + 1) {
      let m = m0 + ty + 16 * i;
      let n = n0 + tx + 16 * j;
      if (m < ${M} && n < ${N}) { out[obase + m * ${N} + n] = acc[i][j]; }
    }
  }
}`;
  return { code, groups: [Math.ceil(N / TS), Math.ceil(M / TS), batch] };
}
