// float32 convolutions over one spatial dim with one or two output channels
// per group (jnp.convolve and correlate, a 1-D filter of a signal), computed
// directly: each output row is, channel by channel, the correlation of the
// zero-padded input row with the filter row, sixteen outputs at a time in
// f32x4 registers. im2col made them a patch matrix of kS times the output
// (31 taps over 1e5 points: a 12 MB matrix and its tap table copied in,
// then a GEMV that reads it once, 6.8 ms; directly 0.4). Wider filter banks
// keep the GEMM (conv.ts), whose register blocking reuses each patch across
// output channels.
import type { ShapedArray } from "../../../core/aval.ts";
import { stridesOf } from "../../../core/shape.ts";
import type { Params, Primitive } from "../../../core/primitive.ts";
import { float32ConvParams } from "./conv.ts";
import type { FunctionBuilder, ModuleBuilder } from "../emitter/index.ts";
import type { WasmBackend } from "../backend.ts";
import type { WasmBuffer } from "../buffer.ts";
import type { WasmHeap } from "../heap.ts";
import { heapModule } from "./heap_module.ts";
import { withScratch } from "./heap_scratch.ts";

/** Output channels per group up to which the direct path beats the GEMM's. */
const MAX_DIRECT_OUT = 2;

/**
 * (out, x, w, n, k, dil, accumulate): out[s] = (accumulate ? out[s] : 0) +
 * Σ_{t<k} w[t]·x[s + t·dil] for s < n, the taps summed in order (the same
 * rounding in the vector loops and the scalar tail). Pointers in bytes.
 */
type CorrelateFn = (out: number, x: number, w: number, n: number, k: number, dil: number, accumulate: number) => void;

const modules = new WeakMap<WasmHeap, CorrelateFn>();

function correlateOf(heap: WasmHeap): CorrelateFn {
  return heapModule(modules, heap, addCorrelate, (e) => e.correlate as CorrelateFn);
}

/**
 * The direct conv where it applies (else null, for the GEMM path): float32,
 * one spatial dim, unit window stride and input dilation, at most
 * MAX_DIRECT_OUT output channels per group, output rows contiguous.
 */
export function directConv(
  b: WasmBackend,
  prim: Primitive,
  [x, w]: WasmBuffer[],
  [la, ra]: ShapedArray[],
  params: Params,
  [oa]: ShapedArray[],
): WasmBuffer[] | null {
  const p = float32ConvParams(prim, params, [la, ra, oa]);
  if (p === null) return null;
  const { lhs_spec: ls, rhs_spec: rs, out_spec: os } = p.dimension_numbers;
  if (ls.length !== 3 || p.window_strides[0] !== 1 || p.lhs_dilation[0] !== 1) return null;
  const [lst, rst, ost] = [stridesOf(la.shape), stridesOf(ra.shape), stridesOf(oa.shape)];
  const F = p.feature_group_count;
  const [N, O, Cg] = [la.shape[ls[0]], ra.shape[rs[0]], ra.shape[rs[1]]];
  const Og = O / F;
  const [inLen, kS, outS] = [la.shape[ls[2]], ra.shape[rs[2]], oa.shape[os[2]]];
  if (Og > MAX_DIRECT_OUT || ost[os[2]] !== 1 || oa.size === 0 || kS === 0) return null;
  const dil = p.rhs_dilation[0];
  const lo = p.padding[0][0];
  const len = outS + (kS - 1) * dil; // a padded input row
  const C = Cg * F;
  const out = b.alloc(oa);
  const heap = b.heap;
  withScratch(heap, (s) => {
    const xBuf = s.take(4 * N * C * len);
    const wBuf = s.take(4 * O * Cg * kS);
    const correlate = correlateOf(heap);
    const f32 = heap.f32;
    // Input rows zero-padded to `len`: padded j holds input j - lo (negative padding crops).
    const xs = x.ptr >> 2;
    for (let n = 0; n < N; n++)
      for (let c = 0; c < C; c++) {
        const row = (xBuf >> 2) + (n * C + c) * len;
        f32.fill(0, row, row + len);
        const from = Math.max(0, lo);
        const to = Math.min(len, inLen + lo);
        const src = xs + n * lst[ls[0]] + c * lst[ls[1]];
        const step = lst[ls[2]];
        if (to <= from) continue;
        if (step === 1) f32.copyWithin(row + from, src + from - lo, src + to - lo);
        else for (let j = from; j < to; j++) f32[row + j] = f32[src + (j - lo) * step];
      }
    // Filter rows [o, c, tap], contiguous.
    const ws = w.ptr >> 2;
    for (let o = 0; o < O; o++)
      for (let c = 0; c < Cg; c++)
        for (let t = 0; t < kS; t++) f32[(wBuf >> 2) + (o * Cg + c) * kS + t] = f32[ws + o * rst[rs[0]] + c * rst[rs[1]] + t * rst[rs[2]]];
    for (let n = 0; n < N; n++)
      for (let o = 0; o < O; o++) {
        const g = Math.floor(o / Og);
        const to = out.ptr + 4 * (n * ost[os[0]] + o * ost[os[1]]);
        for (let c = 0; c < Cg; c++)
          correlate(to, xBuf + 4 * (n * C + g * Cg + c) * len, wBuf + 4 * (o * Cg + c) * kS, outS, kS, dil, c > 0 ? 1 : 0);
      }
  });
  return [out];
}

const [OUT, X, W, N, K, DIL, ACC] = [0, 1, 2, 3, 4, 5, 6];

function addCorrelate(mb: ModuleBuilder): void {
  const f = mb.addFunction("correlate", ["i32", "i32", "i32", "i32", "i32", "i32", "i32"], [], { export: true });
  const [s, t, xp, wp, step] = [0, 1, 2, 3, 4].map(() => f.addLocal("i32"));
  f.local_get(DIL).i32.const(2).i32.shl().local_set(step); // bytes between taps
  f.i32.const(0).local_set(s);
  block(f, s, t, xp, wp, step, 4);
  block(f, s, t, xp, wp, step, 1);
  block(f, s, t, xp, wp, step, 0);
}

/**
 * While `vectors` f32x4 (0: one scalar) of outputs fit before n: their
 * accumulators, the taps in order (the filter value splat, times the
 * input vectors a tap further on), stored; s advances.
 */
function block(f: FunctionBuilder, s: number, t: number, xp: number, wp: number, step: number, vectors: number): void {
  const width = vectors === 0 ? 1 : 4 * vectors;
  const acc = Array.from({ length: Math.max(1, vectors) }, () => f.addLocal(vectors === 0 ? "f32" : "v128"));
  const w = f.addLocal(vectors === 0 ? "f32" : "v128");
  const done = f.block();
  const lp = f.loop();
  f.local_get(s).i32.const(width).i32.add().local_get(N).i32.gt_u().br_if(done);
  // Accumulators: the output so far, or zero.
  acc.forEach((a, i) => {
    f.local_get(ACC);
    f.if_(vectors === 0 ? "f32" : "v128");
    f.local_get(OUT).local_get(s).i32.const(2).i32.shl().i32.add();
    if (vectors === 0) f.f32.load();
    else f.v128.load({ offset: 16 * i, align: 4 });
    f.else_();
    if (vectors === 0) f.f32.const(0);
    else f.f32x4.const([0, 0, 0, 0]);
    f.end();
    f.local_set(a);
  });
  f.local_get(X).local_get(s).i32.const(2).i32.shl().i32.add().local_set(xp);
  f.local_get(W).local_set(wp);
  f.i32.const(0).local_set(t);
  const taps = f.block();
  const tl = f.loop();
  f.local_get(t).local_get(K).i32.ge_u().br_if(taps);
  f.local_get(wp);
  if (vectors === 0) f.f32.load();
  else f.v128.load32_splat({ align: 4 });
  f.local_set(w);
  acc.forEach((a, i) => {
    f.local_get(a).local_get(w).local_get(xp);
    if (vectors === 0) f.f32.load().f32.mul().f32.add();
    else
      f.v128
        .load({ offset: 16 * i, align: 4 })
        .f32x4.mul()
        .f32x4.add();
    f.local_set(a);
  });
  f.local_get(wp).i32.const(4).i32.add().local_set(wp);
  f.local_get(xp).local_get(step).i32.add().local_set(xp);
  f.local_get(t).i32.const(1).i32.add().local_set(t).br(tl);
  f.end().end();
  acc.forEach((a, i) => {
    f.local_get(OUT).local_get(s).i32.const(2).i32.shl().i32.add().local_get(a);
    if (vectors === 0) f.f32.store();
    else f.v128.store({ offset: 16 * i, align: 4 });
  });
  f.local_get(s).i32.const(width).i32.add().local_set(s).br(lp);
  f.end().end();
}
