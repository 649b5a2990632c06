// A tiled GEMM for the compiler's GEMM plans (float32; operands any strided
// views, C the contiguous [batch, M, N] result): each workgroup of 16×16
// invocations computes a 64×64 output tile, 4×4 per invocation, from 64×16
// slices of both operands staged in workgroup memory. The plan's epilogue (an
// elementwise kernel-IR expression over C and inputs read through [batch, m,
// n] strides) runs on each finished value before it is stored, so a GEMM and
// its epilogue are one dispatch.
import type { Epilogue, GemmPlan } from "../../compiler/gemm_plan.ts";
import { type Node, topoOrder } from "../../compiler/kernel.ts";
import { emitNodes, helperCode, literal, narrowF64, storageType } from "./wgsl.ts";

const TS = 64;
const TK = 16;
/** Workgroups per dispatch dimension (WebGPU's guaranteed limit). */
export const MAX_GROUPS = 65535;

export interface GemmKernel {
  code: string;
  /** Workgroups to dispatch (x: column tiles, y: row tiles, z: batch). */
  groups: [number, number, number];
}

/** The epilogue's expression with f64 computed as f32 (as kernels do), and the types of its inputs 1.. by input. */
function epilogueParts(e: Epilogue): { node: Node; types: Map<number, Node["type"]> } {
  const k = narrowF64({ shape: [], reduced: [], inputs: [], outputs: [{ node: e.node, reduce: null, type: e.node.type }] });
  const node = k.outputs[0].node;
  const types = new Map<number, Node["type"]>();
  for (const n of topoOrder([node])) if (n.kind === "load" && n.input > 0) types.set(n.input, n.type);
  return { node, types };
}

/**
 * WGSL for a GEMM plan: bindings A, B, the epilogue's inputs 1.. (when
 * given), then C. `batch0` is the first batch index of this dispatch (plans
 * with more than MAX_GROUPS batches run in several).
 */
export function emitGemmPlan(p: GemmPlan, epilogue: Epilogue | null, batch0 = 0): GemmKernel {
  const { m: M, n: N, k: K, a, b } = p;
  const bindings = [
    "@group(0) @binding(0) var<storage, read> lhs: array<f32>;",
    "@group(0) @binding(1) var<storage, read> rhs: array<f32>;",
  ];
  const used = new Set<string>();
  const use = (h: string) => {
    used.add(h);
    return h;
  };
  let store = "out[obase + m * N + n] = acc[i][j];";
  if (epilogue) {
    const { node, types } = epilogueParts(epilogue);
    epilogue.inputs.forEach((_, i) => {
      const t = types.get(i + 1) ?? "f32";
      bindings.push(`@group(0) @binding(${i + 2}) var<storage, read> x${i + 1}: array<${storageType(t)}>;`);
    });
    const { lines, name } = emitNodes(
      [node],
      (n) => {
        if (n.kind === "const") return literal(n.type, Number(n.value)); // no 64-bit types here
        if (n.kind !== "load") throw new Error("internal: an iota in a GEMM epilogue");
        if (n.input === 0) return "acc[i][j]";
        const v = epilogue.inputs[n.input - 1];
        const raw = `x${n.input}[${v.offset} + ${v.bs} * bz + ${v.rs} * m + ${v.cs} * n]`;
        return n.type === "bool" ? `(${raw} != 0u)` : raw;
      },
      use,
    );
    store = `${lines.join("\n        ")}\n        out[obase + m * N + n] = ${name.get(node.id)};`;
  }
  bindings.push(`@group(0) @binding(${bindings.length}) var<storage, read_write> out: array<f32>;`);
  const body = `@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let N = ${N};
  let bz = i32(wg.z) + ${batch0};
  let abase = ${a.offset} + ${a.bs} * bz;
  let bbase = ${b.offset} + ${b.bs} * bz;
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
      if (m0 + am < ${M} && k0 + ak < ${K}) { av = lhs[abase + (m0 + am) * ${a.rs} + (k0 + ak) * ${a.cs}]; }
      As[ak * ${TS} + am] = av;
      let bn = idx % ${TS};
      let bk = idx / ${TS};
      var bv: f32 = 0.0;
      if (n0 + bn < ${N} && k0 + bk < ${K}) { bv = rhs[bbase + (k0 + bk) * ${b.rs} + (n0 + bn) * ${b.cs}]; }
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
  let obase = bz * ${M * N};
  for (var i: i32 = 0; i < 4; i = i + 1) {
    for (var j: i32 = 0; j < 4; j = j + 1) {
      let m = m0 + ty + 16 * i;
      let n = n0 + tx + 16 * j;
      if (m < ${M} && n < N) {
        ${store}
      }
    }
  }
}`;
  const code = [
    ...bindings,
    `var<workgroup> As: array<f32, ${TK * TS}>;`,
    `var<workgroup> Bs: array<f32, ${TK * TS}>;`,
    ...(epilogue ? helperCode(used, [body]) : []),
    body,
  ].join("\n");
  return { code, groups: [Math.ceil(N / TS), Math.ceil(M / TS), Math.min(MAX_GROUPS, p.batch - batch0)] };
}

/** Every dispatch of a plan: one per MAX_GROUPS batches (none for an empty C). */
export function gemmDispatches(p: GemmPlan, epilogue: Epilogue | null): GemmKernel[] {
  if (p.m * p.n * p.batch === 0) return [];
  const out: GemmKernel[] = [];
  for (let b0 = 0; b0 < p.batch; b0 += MAX_GROUPS) out.push(emitGemmPlan(p, epilogue, b0));
  return out;
}
