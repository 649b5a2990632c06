// dot_general in WGSL: one invocation per output element (batch dims, then
// the lhs's free dims, then the rhs's, as lax orders them), a loop over the
// contracted elements; operands contiguous. Accumulates in the output type;
// float16 operands accumulate exactly (lowp.ts: each product of two float16
// values is exact in f32, the sum in fixed point), rounded once at the end,
// as the reference's float64 sum is; bfloat16 ones in f32, rounded at the end.
import type { ShapedArray } from "../../core/aval.ts";
import { type KType, ktypeOf } from "../../compiler/kernel.ts";
import type { DotDims } from "../../lax/dot.ts";
import { stridesOf } from "../../core/shape.ts";
import { WORKGROUP, helperCode, literal, storageType } from "./wgsl.ts";
import { lowpRound } from "./lowp.ts";
import type { DType } from "../../core/dtypes.ts";

/** float16/bfloat16 as their kernel type (values held as f32). */
function lowpOf(d: DType): "f16" | "bf16" | null {
  return d === "float16" ? "f16" : d === "bfloat16" ? "bf16" : null;
}

function toAcc(x: string, from: KType, to: KType): string {
  if (from === to) return x;
  if (from === "bool") return `select(${literal(to, 0)}, ${literal(to, 1)}, ${x} != 0u)`;
  return `${to}(${x})`;
}

export function emitDot(lhs: ShapedArray, rhs: ShapedArray, out: ShapedArray, dims: DotDims): { code: string; points: number } | null {
  const [[lc, rc], [lb, rb]] = dims;
  const held = (d: DType): KType | null => ktypeOf(d) ?? (lowpOf(d) ? "f32" : null);
  const lt = held(lhs.dtype);
  const rt = held(rhs.dtype);
  const ot = held(out.dtype);
  const exact = lhs.dtype === "float16" && rhs.dtype === "float16" && (out.dtype === "float16" || out.dtype === "float32");
  const low = lowpOf(out.dtype);
  if (!lt || !rt || !ot || [lt, rt, ot].some((t) => t === "f64") || ot === "bool") return null;
  const lFree = lhs.shape.map((_, d) => d).filter((d) => !lc.includes(d) && !lb.includes(d));
  const rFree = rhs.shape.map((_, d) => d).filter((d) => !rc.includes(d) && !rb.includes(d));
  const ls = stridesOf(lhs.shape);
  const rs = stridesOf(rhs.shape);
  const points = out.shape.reduce((a, b) => a * b, 1);
  const kSize = lc.reduce((p, d) => p * lhs.shape[d], 1);
  const lines: string[] = [];
  lines.push(`let p = g.x + g.y * ${WORKGROUP * 65535}u;`, `if (p >= ${points}u) { return; }`);
  // Output coordinates o0.. (row-major).
  let rest = "i32(p)";
  for (let d = out.shape.length - 1; d >= 0; d--) {
    lines.push(d === 0 ? `let o${d} = ${rest};` : `let o${d} = ${rest} % ${out.shape[d]};`);
    if (d > 0) {
      lines.push(`let q${d} = ${rest} / ${out.shape[d]};`);
      rest = `q${d}`;
    }
  }
  // Base offsets from batch and free coordinates.
  const lTerms: string[] = ["0"];
  const rTerms: string[] = ["0"];
  lb.forEach((d, i) => lTerms.push(`${ls[d]} * o${i}`));
  rb.forEach((d, i) => rTerms.push(`${rs[d]} * o${i}`));
  lFree.forEach((d, i) => lTerms.push(`${ls[d]} * o${lb.length + i}`));
  rFree.forEach((d, i) => rTerms.push(`${rs[d]} * o${lb.length + lFree.length + i}`));
  lines.push(`let lbase = ${lTerms.join(" + ")};`, `let rbase = ${rTerms.join(" + ")};`);
  lines.push(exact ? "var acc = vec4u(0u);" : `var acc: ${ot} = ${literal(ot, 0)};`);
  lines.push(`for (var k: i32 = 0; k < ${kSize}; k = k + 1) {`);
  // Contracted coordinates c0.. from k (row-major over the lhs's contracting dims).
  let kr = "k";
  for (let j = lc.length - 1; j >= 0; j--) {
    lines.push(j === 0 ? `  let c${j} = ${kr};` : `  let c${j} = ${kr} % ${lhs.shape[lc[j]]};`);
    if (j > 0) {
      lines.push(`  let kq${j} = ${kr} / ${lhs.shape[lc[j]]};`);
      kr = `kq${j}`;
    }
  }
  const lOff = lc.map((d, j) => `${ls[d]} * c${j}`).join(" + ") || "0";
  const rOff = rc.map((d, j) => `${rs[d]} * c${j}`).join(" + ") || "0";
  const prod = `${toAcc(`lhs[lbase + ${lOff}]`, lt, ot)} * ${toAcc(`rhs[rbase + ${rOff}]`, rt, ot)}`;
  lines.push(exact ? `  acc = fx_add(acc, fx_of(${prod}));` : `  acc = acc + ${prod};`);
  const result = exact ? "fx_value(acc)" : "acc";
  lines.push("}", `out[p] = ${low ? lowpRound(low, result) : result};`);
  const code = [
    `@group(0) @binding(0) var<storage, read> lhs: array<${storageType(lt)}>;`,
    `@group(0) @binding(1) var<storage, read> rhs: array<${storageType(rt)}>;`,
    `@group(0) @binding(2) var<storage, read_write> out: array<${storageType(ot)}>;`,
    ...(exact || low ? helperCode(new Set(), lines) : []),
    `@compute @workgroup_size(${WORKGROUP})`,
    "fn main(@builtin(global_invocation_id) g: vec3u) {",
    ...lines.map((l) => `  ${l}`),
    "}",
  ].join("\n");
  return { code, points };
}
