// WGSL kernels for primitives the kernel IR does not express: argmax/argmin,
// the cumulative ops, and the data-movement ops (concatenate, pad,
// dynamic_slice, dynamic_update_slice, gather; start indices are read in the shader,
// so nothing is read back). One invocation per output point (per line for the
// cumulative ops). Bindings: the inputs in order, then the output.
import type { ShapedArray } from "../../core/aval.ts";
import { stridesOf } from "../../core/shape.ts";
import type { Params, Primitive } from "../../core/primitive.ts";
import { ktypeOf as ktypeOfExact } from "../../compiler/ktype.ts";
import { type DType, roundToBfloat16, roundToFloat16 } from "../../core/dtypes.ts";
import { LOWP_HELPERS, lowpRound } from "./lowp.ts";
import type { GatherParams, ScatterParams } from "../../lax/gather_scatter_params.ts";
import { WORKGROUP, storageType } from "./wgsl.ts";
import { mathKernel } from "./math.ts";
import { specialKernel } from "./special.ts";
import { convKernel } from "./conv.ts";
import type { ConvParams } from "../../lax/conv.ts";

/**
 * The kernel type of a dtype here: float16/bfloat16 values are held as f32
 * (lowp.ts), which moving, comparing and selecting them need no more than;
 * kernels that compute new values round them (`lowpOf`).
 */
function ktypeOf(d: DType): ReturnType<typeof ktypeOfExact> {
  return ktypeOfExact(d) ?? (d === "float16" || d === "bfloat16" ? "f32" : null);
}
/** float16/bfloat16 as their kernel type (results to round), else null. */
function lowpOf(d: DType): "f16" | "bf16" | null {
  return d === "float16" ? "f16" : d === "bfloat16" ? "bf16" : null;
}

export interface PrimKernel {
  code: string;
  points: number;
}

const IS_NAN = "fn is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }";
/** log(exp(a) + exp(b)) around the larger; an infinite larger one is the result (NaN propagates). */
const LOGADDEXP = `fn logaddexp(a: f32, b: f32) -> f32 {
  if (is_nan(a) || is_nan(b)) { return a + b; }
  let m = max(a, b);
  if ((bitcast<u32>(m) & 0x7fffffffu) == 0x7f800000u) { return m; }
  return m + log(exp(a - m) + exp(b - m));
}`;

/** Coordinates `o0..` of output point `p` over `shape` (row-major). */
function coords(shape: readonly number[], v = "o"): string[] {
  const lines: string[] = [];
  let rest = "i32(p)";
  for (let d = shape.length - 1; d >= 0; d--) {
    lines.push(d === 0 ? `let ${v}${d} = ${rest};` : `let ${v}${d} = ${rest} % ${shape[d]};`);
    if (d > 0) {
      lines.push(`let ${v}q${d} = ${rest} / ${shape[d]};`);
      rest = `${v}q${d}`;
    }
  }
  return lines;
}

const flat = (strides: readonly number[], c: (d: number) => string) => strides.map((s, d) => `${s} * ${c(d)}`).join(" + ") || "0";

function kernel(
  bindings: { name: string; type: string; write?: boolean }[],
  points: number,
  body: string[],
  helpers: string[] = [],
): PrimKernel {
  // Every binding must be used, or the pipeline's automatic layout leaves it out (empty operands).
  const text = body.join("\n");
  const unused = bindings.filter((b) => !new RegExp(`\\b${b.name}\\[`).test(text)).map((b) => `_ = ${b.name}[0];`);
  const code = [
    ...bindings.map((b, i) => `@group(0) @binding(${i}) var<storage, ${b.write ? "read_write" : "read"}> ${b.name}: array<${b.type}>;`),
    ...helpers,
    `@compute @workgroup_size(${WORKGROUP})`,
    "fn main(@builtin(global_invocation_id) g: vec3u) {",
    `  let p = g.x + g.y * ${WORKGROUP * 65535}u;`,
    `  if (p >= ${points}u) { return; }`,
    ...unused.map((l) => `  ${l}`),
    ...body.map((l) => `  ${l}`),
    "}",
  ].join("\n");
  return { code, points };
}

/** The kernel for this primitive application, or null where there is none. */
export function primKernel(prim: Primitive, inAvals: readonly ShapedArray[], params: Params, out: ShapedArray): PrimKernel | null {
  const types = [...inAvals, out].map((a) => ktypeOf(a.dtype));
  if (types.some((t) => t === null || t === "f64")) return null;
  const st = (a: ShapedArray) => storageType(ktypeOf(a.dtype)!);
  const a = inAvals[0];
  switch (prim.name) {
    case "argmax":
    case "argmin": {
      const axis = (params.axes as number[])[0];
      if (out.dtype !== "int32" && out.dtype !== "uint32") return null;
      const t = ktypeOf(a.dtype)!;
      const strides = stridesOf(a.shape);
      const keptDims = a.shape.map((_, d) => d).filter((d) => d !== axis);
      const base = keptDims.map((d, j) => `${strides[d]} * o${j}`).join(" + ") || "0";
      const better = prim.name === "argmax" ? ">" : "<";
      const isNan = t === "f32" ? (v: string) => `is_nan(${v})` : () => "false";
      return kernel(
        [
          { name: "x", type: st(a) },
          { name: "out", type: st(out), write: true },
        ],
        out.size,
        [
          ...coords(out.shape),
          `let base = ${base};`,
          `var best = x[base];`,
          "var at = 0;",
          `if (!${isNan("best")}) {`,
          `  for (var k: i32 = 1; k < ${a.shape[axis]}; k = k + 1) {`,
          `    let v = x[base + k * ${strides[axis]}];`,
          `    if (${isNan("v")}) { at = k; break; }`,
          `    if (v ${better} best) { best = v; at = k; }`,
          "  }",
          "}",
          `out[p] = ${st(out)}(at);`,
        ],
        t === "f32" ? [IS_NAN] : [],
      );
    }
    case "cumsum":
    case "cumprod":
    case "cummax":
    case "cummin":
    case "cumlogsumexp": {
      const t = ktypeOf(a.dtype)!;
      if (t === "bool" || (prim.name === "cumlogsumexp" && t !== "f32")) return null;
      const { axis, reverse } = params as { axis: number; reverse: boolean };
      const n = a.shape[axis];
      const stride = stridesOf(a.shape)[axis];
      const lines = n === 0 ? 0 : a.size / n;
      const combine = {
        cumsum: "acc + v",
        cumprod: "acc * v",
        cummax: t === "f32" ? "select(select(max(acc, v), v, is_nan(v)), acc, is_nan(acc))" : "max(acc, v)",
        cummin: t === "f32" ? "select(select(min(acc, v), v, is_nan(v)), acc, is_nan(acc))" : "min(acc, v)",
        cumlogsumexp: "logaddexp(acc, v)",
      }[prim.name];
      // float16/bfloat16: the running value stays f32 and each stored one is rounded (the reference kernels' order).
      const low = lowpOf(out.dtype);
      const put = (v: string) => (low ? lowpRound(low, v) : v);
      return kernel(
        [
          { name: "x", type: st(a) },
          { name: "out", type: st(out), write: true },
        ],
        lines,
        [
          `let base = (i32(p) / ${stride}) * ${n * stride} + i32(p) % ${stride};`,
          `var acc = x[base + ${reverse ? (n - 1) * stride : 0}];`,
          `out[base + ${reverse ? (n - 1) * stride : 0}] = ${put("acc")};`,
          `for (var k: i32 = 1; k < ${n}; k = k + 1) {`,
          `  let at = base + ${reverse ? `(${n - 1} - k)` : "k"} * ${stride};`,
          "  let v = x[at];",
          `  acc = ${combine};`,
          `  out[at] = ${put("acc")};`,
          "}",
        ],
        t === "f32" ? [IS_NAN, LOGADDEXP, ...(low ? [LOWP_HELPERS[`round_${low}`]] : [])] : [],
      );
    }
    case "concatenate": {
      const dim = params.dimension as number;
      if (inAvals.some((x) => x.dtype !== out.dtype)) return null;
      const body = [...coords(out.shape)];
      let offset = 0;
      inAvals.forEach((x, i) => {
        const s = stridesOf(x.shape);
        const idx = flat(s, (d) => (d === dim ? `(o${d} - ${offset})` : `o${d}`));
        const cond = i === inAvals.length - 1 ? "" : `if (o${dim} < ${offset + x.shape[dim]}) `;
        if (x.size > 0) body.push(`${cond}{ out[p] = x${i}[${idx}]; return; }`);
        offset += x.shape[dim];
      });
      return kernel(
        [...inAvals.map((x, i) => ({ name: `x${i}`, type: st(x) })), { name: "out", type: st(out), write: true }],
        out.size,
        body,
      );
    }
    case "pad": {
      const cfg = params.padding_config as number[][];
      const s = stridesOf(a.shape);
      const body = [...coords(out.shape), "var inside = true;", "var at = 0;"];
      cfg.forEach(([lo, , interior], d) => {
        body.push(
          `let j${d} = o${d} - ${lo};`,
          `if (j${d} < 0 || j${d} % ${interior + 1} != 0 || j${d} / ${interior + 1} >= ${a.shape[d]}) { inside = false; }`,
          `at = at + ${s[d]} * (j${d} / ${interior + 1});`,
        );
      });
      body.push(a.size > 0 ? "if (inside) { out[p] = x[at]; } else { out[p] = pv[0]; }" : "out[p] = pv[0];");
      return kernel(
        [
          { name: "x", type: st(a) },
          { name: "pv", type: st(inAvals[1]) },
          { name: "out", type: st(out), write: true },
        ],
        out.size,
        body,
      );
    }
    case "dynamic_slice":
    case "dynamic_update_slice": {
      const update = prim.name === "dynamic_update_slice";
      const starts = inAvals.slice(update ? 2 : 1);
      const sizes = update ? inAvals[1].shape : (params.slice_sizes as number[]);
      if (starts.some((s) => s.dtype !== "int32" && s.dtype !== "uint32")) return null;
      const s = stridesOf(a.shape);
      const clamp = (d: number) => `clamp(i32(s${d}[0]), 0, ${a.shape[d] - sizes[d]})`;
      const bindings = [
        { name: "x", type: st(a) },
        ...(update ? [{ name: "u", type: st(inAvals[1]) }] : []),
        ...starts.map((x, d) => ({ name: `s${d}`, type: st(x) })),
        { name: "out", type: st(out), write: true },
      ];
      if (!update) {
        return kernel(bindings, out.size, [...coords(out.shape), `out[p] = x[${flat(s, (d) => `(o${d} + ${clamp(d)})`)}];`]);
      }
      const us = stridesOf(sizes);
      const body = [...coords(a.shape), "var inside = true;"];
      a.shape.forEach((_, d) => {
        body.push(`let j${d} = o${d} - ${clamp(d)};`, `if (j${d} < 0 || j${d} >= ${sizes[d]}) { inside = false; }`);
      });
      body.push(
        inAvals[1].size > 0 ? `if (inside) { out[p] = u[${flat(us, (d) => `j${d}`)}]; } else { out[p] = x[p]; }` : "out[p] = x[p];",
      );
      return kernel(bindings, out.size, body);
    }
    case "gather":
      return gatherKernel(inAvals[0], inAvals[1], params as GatherParams, out);
    case "conv_general_dilated":
      return convKernel(inAvals[0], inAvals[1], out, params as ConvParams);
  }
  return mathKernel(prim.name, inAvals, out) ?? specialKernel(prim.name, inAvals, out);
}

/** gather (XLA's semantics, index vector last): one invocation per output point, its window start computed in the shader. */
function gatherKernel(xa: ShapedArray, ia: ShapedArray, p: GatherParams, out: ShapedArray): PrimKernel | null {
  if (ia.dtype !== "int32" && ia.dtype !== "uint32") return null;
  const dn = p.dimension_numbers;
  const t = ktypeOf(out.dtype)!;
  const st = storageType(t);
  const opStrides = stridesOf(xa.shape);
  const batchShape = ia.shape.slice(0, -1);
  const batchStrides = stridesOf(batchShape);
  const nVec = ia.shape[ia.shape.length - 1];
  const winDims = xa.shape.map((_, d) => d).filter((d) => !dn.collapsed_slice_dims.includes(d) && !dn.operand_batching_dims.includes(d));
  const body = [...coords(out.shape)];
  const batchOut = out.shape.map((_, d) => d).filter((d) => !dn.offset_dims.includes(d));
  const pos = batchOut.map((d, j) => `${batchStrides[j]} * o${d}`).join(" + ") || "0";
  const off = dn.offset_dims.map((d, w) => `${opStrides[winDims[w]]} * o${d}`).join(" + ") || "0";
  body.push(`let pos = ${pos};`, `var start = ${off};`, "var inside = true;");
  const fill = p.mode === "fill";
  for (let k = 0; k < nVec; k++) {
    const d = dn.start_index_map[k];
    const hi = xa.shape[d] - p.slice_sizes[d];
    body.push(`var s${k} = i32(idx[pos * ${nVec} + ${k}]);`);
    if (fill) body.push(`if (s${k} < 0 || s${k} > ${hi}) { inside = false; }`);
    else body.push(`s${k} = clamp(s${k}, 0, ${hi});`);
    body.push(`start = start + s${k} * ${opStrides[d]};`);
  }
  dn.operand_batching_dims.forEach((od, i) => {
    body.push(`start = start + o${batchOut[dn.start_indices_batching_dims[i]]} * ${opStrides[od]};`);
  });
  const helpers: string[] = [];
  if (fill) {
    const v = p.fill_value ?? (t === "f32" ? Number.NaN : 0);
    const bits = new Uint32Array(1);
    if (t === "f32")
      new Float32Array(bits.buffer)[0] = out.dtype === "float16" ? roundToFloat16(v) : out.dtype === "bfloat16" ? roundToBfloat16(v) : v;
    else if (t === "bool") bits[0] = v ? 1 : 0;
    else bits[0] = t === "i32" ? v | 0 : v >>> 0;
    helpers.push(`var<private> FILL_BITS: u32 = ${bits[0]}u;`);
    body.push(`if (!inside) { out[p] = ${st === "u32" ? "FILL_BITS" : `bitcast<${st}>(FILL_BITS)`}; return; }`);
  }
  body.push("out[p] = x[start];");
  return kernel(
    [
      { name: "x", type: storageType(ktypeOf(xa.dtype)!) },
      { name: "idx", type: storageType(ktypeOf(ia.dtype)!) },
      { name: "out", type: st, write: true },
    ],
    out.size,
    body,
    helpers,
  );
}

/**
 * The scatter family, after the operand has been copied into the output:
 * one invocation applies every update in order (deterministic, as the
 * reference kernel; WGSL has no float atomics), or, where the indices are
 * declared unique (unique_indices, as JAX's `.at[].set(..., unique_indices=True)`
 * and slice indexing give), one invocation per update element. Bindings:
 * indices, updates, output. Windows out of bounds are clamped ("clip") or dropped.
 */
export function scatterKernel(prim: Primitive, xa: ShapedArray, ia: ShapedArray, ua: ShapedArray, p: ScatterParams): PrimKernel | null {
  const t = ktypeOf(xa.dtype);
  if (!t || t === "f64" || (ia.dtype !== "int32" && ia.dtype !== "uint32") || ua.dtype !== xa.dtype) return null;
  const dn = p.dimension_numbers;
  const opStrides = stridesOf(xa.shape);
  const batchStrides = stridesOf(ia.shape.slice(0, -1));
  const nVec = ia.shape[ia.shape.length - 1];
  const winDims = xa.shape.map((_, d) => d).filter((d) => !dn.inserted_window_dims.includes(d) && !dn.operand_batching_dims.includes(d));
  const windowSizes = xa.shape.map(() => 1);
  winDims.forEach((d, k) => {
    windowSizes[d] = ua.shape[dn.update_window_dims[k]];
  });
  const batchUpd = ua.shape.map((_, d) => d).filter((d) => !dn.update_window_dims.includes(d));
  const nan = (v: string) => `((bitcast<u32>(${v}) & 0x7fffffffu) > 0x7f800000u)`;
  const combine: Record<string, string> =
    t === "bool"
      ? { scatter: "v", "scatter-add": "a | v", "scatter-mul": "a & v", "scatter-min": "a & v", "scatter-max": "a | v" }
      : t === "f32"
        ? {
            scatter: "v",
            "scatter-add": "a + v",
            "scatter-mul": "a * v",
            "scatter-min": `select(min(a, v), a + v, ${nan("a")} || ${nan("v")})`,
            "scatter-max": `select(max(a, v), a + v, ${nan("a")} || ${nan("v")})`,
          }
        : { scatter: "v", "scatter-add": "a + v", "scatter-mul": "a * v", "scatter-min": "min(a, v)", "scatter-max": "max(a, v)" };
  const f = combine[prim.name];
  if (!f) return null;
  // float16/bfloat16 sums and products run in f32 and are rounded once every
  // update is in, as the reference rounds its output: a second pass over the
  // updates (one pass where each position is updated once).
  const low = prim.name === "scatter-add" || prim.name === "scatter-mul" ? lowpOf(xa.dtype) : null;
  const parallel = p.unique_indices;
  const body = [parallel ? "{" : `for (var q: i32 = 0; q < ${ua.size}; q = q + 1) {`];
  if (parallel) body.push("  let q = i32(p);");
  // Update coordinates u0.. from q.
  let rest = "q";
  for (let d = ua.shape.length - 1; d >= 0; d--) {
    body.push(d === 0 ? `  let u${d} = ${rest};` : `  let u${d} = ${rest} % ${ua.shape[d]};`);
    if (d > 0) {
      body.push(`  let uq${d} = ${rest} / ${ua.shape[d]};`);
      rest = `uq${d}`;
    }
  }
  const pos = batchUpd.map((d, j) => `${batchStrides[j]} * u${d}`).join(" + ") || "0";
  const off = dn.update_window_dims.map((d, w) => `${opStrides[winDims[w]]} * u${d}`).join(" + ") || "0";
  body.push(`  let pos = ${pos};`, `  var at = ${off};`, "  var inside = true;");
  for (let k = 0; k < nVec; k++) {
    const d = dn.scatter_dims_to_operand_dims[k];
    const hi = xa.shape[d] - windowSizes[d];
    body.push(`  var s${k} = i32(idx[pos * ${nVec} + ${k}]);`);
    if (p.mode === "clip") body.push(`  s${k} = clamp(s${k}, 0, ${hi});`);
    else body.push(`  if (s${k} < 0 || s${k} > ${hi}) { inside = false; }`);
    body.push(`  at = at + s${k} * ${opStrides[d]};`);
  }
  dn.operand_batching_dims.forEach((od, i) => {
    body.push(`  at = at + u${batchUpd[dn.scatter_indices_batching_dims[i]]} * ${opStrides[od]};`);
  });
  const locate = body.slice(1);
  body.push(
    "  if (inside) {",
    "    let a = out[at];",
    "    let v = upd[q];",
    `    out[at] = ${low && parallel ? lowpRound(low, f) : f};`,
    "  }",
    "}",
  );
  if (low && !parallel) {
    body.push(
      `for (var q: i32 = 0; q < ${ua.size}; q = q + 1) {`,
      ...locate,
      `  if (inside) { out[at] = ${lowpRound(low, "out[at]")}; }`,
      "}",
    );
  }
  const st = storageType(t);
  return kernel(
    [
      { name: "idx", type: storageType(ktypeOf(ia.dtype)!) },
      { name: "upd", type: st },
      { name: "out", type: st, write: true },
    ],
    parallel ? ua.size : 1,
    body,
    low ? [LOWP_HELPERS[`round_${low}`]] : [],
  );
}
