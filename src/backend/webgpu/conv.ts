// conv_general_dilated as one WGSL kernel: one invocation per output element,
// a loop over its group's input features and the kernel's taps; a tap that
// lands in padding or in a hole of the lhs dilation is skipped (as the
// reference kernel's tap lists do). Any dimension numbers, strides,
// dilations, padding, feature and batch groups. float32 accumulates in f32;
// integers wrap; float16 exactly (lowp.ts, as dot.ts), bfloat16 in f32, each
// rounded once at the end. Bindings: lhs, rhs, output.
import type { ShapedArray } from "../../core/aval.ts";
import { stridesOf } from "../../core/shape.ts";
import { ktypeOf } from "../../compiler/ktype.ts";
import type { ConvParams } from "../../lax/conv.ts";
import { WORKGROUP, helperCode, literal, storageType } from "./wgsl.ts";
import { lowpRound } from "./lowp.ts";

export function convKernel(la: ShapedArray, ra: ShapedArray, oa: ShapedArray, p: ConvParams): { code: string; points: number } | null {
  const low = oa.dtype === "float16" ? "f16" : oa.dtype === "bfloat16" ? "bf16" : null;
  const t = ktypeOf(oa.dtype) ?? (low ? "f32" : null);
  if (!t || t === "f64" || t === "bool" || la.dtype !== oa.dtype || ra.dtype !== oa.dtype) return null;
  const accumulate = (prod: string) => (low === "f16" ? `acc = fx_add(acc, fx_of(${prod}));` : `acc = acc + ${prod};`);
  const { lhs_spec: ls, rhs_spec: rs, out_spec: os } = p.dimension_numbers;
  const nsp = ls.length - 2;
  const lst = stridesOf(la.shape);
  const rst = stridesOf(ra.shape);
  const N = la.shape[ls[0]];
  const O = ra.shape[rs[0]];
  const Cg = ra.shape[rs[1]];
  const perF = O / p.feature_group_count;
  const perG = O / p.batch_group_count;
  const nPerG = N / p.batch_group_count;
  const kSp = rs.slice(2).map((d) => ra.shape[d]);
  const kS = kSp.reduce((a, b) => a * b, 1);
  const st = storageType(t);
  const body: string[] = [];
  // Output coordinates o0.. (row-major over the output's own layout).
  let rest = "i32(p)";
  for (let d = oa.shape.length - 1; d >= 0; d--) {
    body.push(d === 0 ? `let o${d} = ${rest};` : `let o${d} = ${rest} % ${oa.shape[d]};`);
    if (d > 0) {
      body.push(`let oq${d} = ${rest} / ${oa.shape[d]};`);
      rest = `oq${d}`;
    }
  }
  body.push(
    `let n = o${os[0]};`,
    `let f = o${os[1]};`,
    `let lBase = ((f / ${perG}) * ${nPerG} + n) * ${lst[ls[0]]} + (f / ${perF}) * ${Cg * lst[ls[1]]};`,
    `let rBase = f * ${rst[rs[0]]};`,
    low === "f16" ? "var acc = vec4u(0u);" : `var acc = ${literal(t, 0)};`,
    `for (var c: i32 = 0; c < ${Cg}; c = c + 1) {`,
    `  for (var kf: i32 = 0; kf < ${kS}; kf = kf + 1) {`,
    "    var lo = 0;",
    "    var ro = 0;",
    "    var ok = true;",
  );
  let kr = "kf";
  for (let i = nsp - 1; i >= 0; i--) {
    body.push(i === 0 ? `    let k${i} = ${kr};` : `    let k${i} = ${kr} % ${kSp[i]};`);
    if (i > 0) {
      body.push(`    let kq${i} = ${kr} / ${kSp[i]};`);
      kr = `kq${i}`;
    }
  }
  for (let i = 0; i < nsp; i++) {
    const ld = p.lhs_dilation[i];
    const inSize = la.shape[ls[2 + i]];
    body.push(
      `    let q${i} = o${os[2 + i]} * ${p.window_strides[i]} + k${i} * ${p.rhs_dilation[i]} - ${p.padding[i][0]};`,
      ld === 1
        ? `    if (q${i} < 0 || q${i} >= ${inSize}) { ok = false; }`
        : `    if (q${i} < 0 || q${i} % ${ld} != 0 || q${i} / ${ld} >= ${inSize}) { ok = false; }`,
      `    lo = lo + (q${i} / ${ld}) * ${lst[ls[2 + i]]};`,
      `    ro = ro + k${i} * ${rst[rs[2 + i]]};`,
    );
  }
  body.push(
    `    if (ok) { ${accumulate(`x[lBase + c * ${lst[ls[1]]} + lo] * w[rBase + c * ${rst[rs[1]]} + ro]`)} }`,
    "  }",
    "}",
    `out[p] = ${low === "f16" ? "round_f16(fx_value(acc))" : low ? lowpRound(low, "acc") : "acc"};`,
  );
  const code = [
    `@group(0) @binding(0) var<storage, read> x: array<${st}>;`,
    `@group(0) @binding(1) var<storage, read> w: array<${st}>;`,
    `@group(0) @binding(2) var<storage, read_write> out: array<${st}>;`,
    ...(low ? helperCode(new Set(), body) : []),
    `@compute @workgroup_size(${WORKGROUP})`,
    "fn main(@builtin(global_invocation_id) g: vec3u) {",
    `  let p = g.x + g.y * ${WORKGROUP * 65535}u;`,
    `  if (p >= ${oa.size}u) { return; }`,
    // Both operands bound even when a loop never reads them (an empty contraction).
    "  _ = x[0];",
    "  _ = w[0];",
    ...body.map((l) => `  ${l}`),
    "}",
  ].join("\n");
  return { code, points: oa.size };
}
