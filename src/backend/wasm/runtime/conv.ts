// float32 conv_general_dilated on the wasm GEMM (im2col): for a chunk of the
// batch and each feature group, the input patches are laid out as a matrix
// P[(c, tap), s] (zeros where a tap lands in padding or a dilation hole),
// the group's filters as W[o, (c, tap)], and C = W·P is the output block
// [o, s], scattered into the output layout. Where the input's channels are
// innermost (NHWC), the patches are P[s, (tap, c)] instead, copied channel
// runs at a time in wasm (conv_module.ts), and C = P·W is [s, o]: an NHWC
// output already, written in place (with few output channels, Cᵀ = Wᵀ·Pᵀ
// instead). A window larger than the output (a weight gradient) swaps the
// two roles (windowLedConv). Any dimension numbers, strides,
// padding (negative too), lhs/rhs dilation and feature groups; batch groups
// (only in some weight gradients) stay on the reference kernel.
import type { ShapedArray } from "../../../core/aval.ts";
import { prod, stridesOf, unravel } from "../../../core/shape.ts";
import { type Params, type Primitive, paramsOf } from "../../../core/primitive.ts";
import { type ConvParams, convGeneralDilatedP } from "../../../lax/conv.ts";
import type { WasmBackend } from "../backend.ts";
import type { WasmBuffer } from "../buffer.ts";
import type { GemmPlan } from "../../../compiler/gemm_plan.ts";
import { runGemm } from "./gemm.ts";
import { type PatchesFn, patchFunctions } from "./conv_module.ts";
import type { PoolFunction } from "../threads/pool.ts";
import { withScratch } from "./heap_scratch.ts";

/**
 * Output channels per group below which a channels-innermost conv runs its
 * product transposed, output positions along the micro-tile's 16 columns.
 */
const NARROW_OUT = 8;

/** The window (rhs spatial size) at least this many times the output's leads the product (windowLedConv). */
const SWAP_MIN = 4;

/** Patch matrices of at most this many floats per chunk of the batch (16 MiB). */
const MAX_PATCH_FLOATS = 1 << 22;

/** The params of a float32 conv without batch groups (the wasm paths' kind), else null. */
export function float32ConvParams(prim: Primitive, params: Params, avals: ShapedArray[]): ConvParams | null {
  const p = paramsOf(convGeneralDilatedP, prim, params);
  return avals.every((a) => a.dtype === "float32") && p.batch_group_count === 1 ? p : null;
}

export function convOnGemm(
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
  const lst = stridesOf(la.shape),
    rst = stridesOf(ra.shape),
    ost = stridesOf(oa.shape);
  const N = oa.shape[os[0]];
  const O = ra.shape[rs[0]];
  const Cg = ra.shape[rs[1]];
  const F = p.feature_group_count;
  const Og = O / F;
  const kSp = rs.slice(2).map((d) => ra.shape[d]);
  const outSp = os.slice(2).map((d) => oa.shape[d]);
  const outS = prod(outSp),
    kS = prod(kSp);
  const K = Cg * kS;
  const out = b.alloc(oa);
  const heap = b.heap;
  if (oa.size === 0) return [out];
  if (K === 0) {
    heap.u8.fill(0, out.ptr, out.ptr + out.bytes);
    return [out];
  }

  if (F === 1 && lst[ls[0]] === 1 && kS >= SWAP_MIN * outS && windowLedConv(b, x, w, out, p, la, ra, oa)) return [out];
  const { tap, kOff, oOff } = cached([la.shape, ra.shape, oa.shape, p], () => tapTables(p, la, ra, oa, lst, rst, ost));

  const chunk = Math.max(1, Math.min(N, Math.floor(MAX_PATCH_FLOATS / (K * outS))));
  if (lst[ls[1]] === 1) {
    const geometry = { N, O, Cg, F, Og, K, kS, outS, chunk, tap, kOff, oOff };
    channelsInnermost(b, x, w, out, geometry, rst[rs[0]], rst[rs[1]], lst[ls[0]], ost[os[0]], ost[os[1]]);
    return [out];
  }
  // Views are taken after allocations (growing the memory leaves older views short or detached).
  // The output takes C as it is when it is [n, o, s] row-major.
  const direct = F === 1 && ost[os[1]] === outS && ost[os[0]] === O * outS && oOff.every((v, s) => v === s);
  convScratch(
    heap,
    { w: 4 * O * K, tap: 4 * outS * kS, p: 4 * chunk * K * outS, c: direct ? 0 : 4 * chunk * Og * outS },
    ({ wBuf, tapBuf, pBuf, cBuf }) => {
      const { patchRows, pooledPatchRows } = patchFunctions(heap, b.pool);
      heap.i32.set(tap, tapBuf >> 2);
      let f32 = heap.f32;
      const ws = w.ptr >> 2,
        wp = wBuf >> 2;
      // Filters packed as [O, (c, tap)].
      for (let o = 0; o < O; o++) {
        for (let c = 0; c < Cg; c++) {
          const src = ws + o * rst[rs[0]] + c * rst[rs[1]];
          const dst = wp + o * K + c * kS;
          for (let t = 0; t < kS; t++) f32[dst + t] = f32[src + kOff[t]];
        }
      }
      for (let n0 = 0; n0 < N; n0 += chunk) {
        const nb = Math.min(chunk, N - n0);
        for (let g = 0; g < F; g++) {
          // Each image's patch rows, on the worker threads too when there are several images.
          const args: number[] = [];
          for (let j = 0; j < nb; j++)
            args.push(pBuf + 4 * j * K * outS, x.ptr + 4 * ((n0 + j) * lst[ls[0]] + g * Cg * lst[ls[1]]), tapBuf, outS, kS, Cg, lst[ls[1]]);
          if (pooledPatchRows && nb > 1) b.pool!.parallel(pooledPatchRows, 7, args);
          else for (let j = 0; j < nb; j++) patchRows(...(args.slice(7 * j, 7 * j + 7) as Parameters<typeof patchRows>));
          const plan: GemmPlan = {
            batch: nb,
            m: Og,
            n: outS,
            k: K,
            a: { bs: 0, rs: K, cs: 1, offset: g * Og * K },
            b: { bs: K * outS, rs: outS, cs: 1, offset: 0 },
            outGroups: [1, 1, 1],
          };
          runGemm(b, plan, wBuf, pBuf, direct ? out.ptr + 4 * n0 * O * outS : cBuf);
          if (direct) continue;
          f32 = heap.f32; // the GEMM's workspace may have grown the memory
          // C[j, o, s] -> out[n0 + j, g * Og + o, s] in the output's layout.
          const op = out.ptr >> 2,
            cp = cBuf >> 2;
          for (let j = 0; j < nb; j++) {
            for (let o = 0; o < Og; o++) {
              const dst = op + (n0 + j) * ost[os[0]] + (g * Og + o) * ost[os[1]];
              const src = cp + (j * Og + o) * outS;
              for (let s = 0; s < outS; s++) f32[dst + oOff[s]] = f32[src + s];
            }
          }
        }
      }
    },
  );
  return [out];
}

/** Offset tables of convs by their shapes and params (a training loop repeats the same few). */
const tables = new Map<string, unknown>();
const MAX_TABLES = 64;

function cached<T>(key: unknown, make: () => T): T {
  const k = JSON.stringify(key);
  const hit = tables.get(k);
  if (hit !== undefined) return hit as T;
  const made = make();
  if (tables.size >= MAX_TABLES) tables.delete(tables.keys().next().value!);
  tables.set(k, made);
  return made;
}

/** The tap, filter and output offset tables of a conv. */
function tapTables(
  p: ConvParams,
  la: ShapedArray,
  ra: ShapedArray,
  oa: ShapedArray,
  lst: number[],
  rst: number[],
  ost: number[],
): { tap: Int32Array; kOff: Int32Array; oOff: Int32Array } {
  const { lhs_spec: ls, rhs_spec: rs, out_spec: os } = p.dimension_numbers;
  const nsp = ls.length - 2;
  const inSp = ls.slice(2).map((d) => la.shape[d]);
  const kSp = rs.slice(2).map((d) => ra.shape[d]);
  const outSp = os.slice(2).map((d) => oa.shape[d]);
  const outS = prod(outSp),
    kS = prod(kSp);
  // tap[s * kS + t]: the lhs spatial offset that tap t of output position s reads, or -1.
  const tap = new Int32Array(outS * kS);
  const oOff = new Int32Array(outS);
  const kOff = new Int32Array(kS);
  const y = new Array<number>(nsp).fill(0),
    k = new Array<number>(nsp).fill(0);
  for (let t = 0; t < kS; t++) kOff[t] = spatialOffset(unravel(t, kSp, k), rst, rs);
  for (let s = 0; s < outS; s++) {
    oOff[s] = spatialOffset(unravel(s, outSp, y), ost, os);
    for (let t = 0; t < kS; t++) tap[s * kS + t] = lhsOffset(p, y, unravel(t, kSp, k), inSp, lst, ls);
  }
  return { tap, kOff, oOff };
}

interface ConvGeometry {
  N: number;
  O: number;
  Cg: number;
  F: number;
  Og: number;
  K: number;
  kS: number;
  outS: number;
  chunk: number;
  /** tap[s * kS + t]: the input offset (elements, within an image) tap t of output position s reads, or -1. */
  tap: Int32Array;
  /** The filter offset of each tap. */
  kOff: Int32Array;
  /** The output offset of each output position (within an image and channel). */
  oOff: Int32Array;
}

/** The conv for inputs with channels innermost: P[s, (tap, c)] · W[(tap, c), o] = C[s, o]. */
function channelsInnermost(
  b: WasmBackend,
  x: WasmBuffer,
  w: WasmBuffer,
  out: WasmBuffer,
  g: ConvGeometry,
  wO: number,
  wI: number,
  xN: number,
  oN: number,
  oC: number,
): void {
  const { N, O, Cg, F, Og, K, kS, outS, chunk, tap, kOff, oOff } = g;
  const heap = b.heap;
  // Few output channels: the product runs transposed (below), its C is [o, s].
  const narrow = Og < NARROW_OUT && outS >= NARROW_OUT;
  // The output takes C as it is when it is [n, s, o] row-major.
  const direct = !narrow && F === 1 && oC === 1 && oN === outS * O && oOff.every((v, s) => v === s * O);
  convScratch(
    heap,
    { w: 4 * K * O, tap: 4 * outS * kS, p: 4 * chunk * outS * K, c: direct ? 0 : 4 * chunk * outS * Og },
    ({ wBuf, tapBuf, pBuf, cBuf }) => {
      const { patches, pooledPatches } = patchFunctions(heap, b.pool);
      heap.i32.set(tap, tapBuf >> 2);
      let f32 = heap.f32;
      // Filters packed as [g][(tap, c)][o].
      const ws = w.ptr >> 2,
        wp = wBuf >> 2;
      for (let gi = 0; gi < F; gi++)
        for (let t = 0; t < kS; t++)
          for (let c = 0; c < Cg; c++) {
            const row = wp + gi * K * Og + (t * Cg + c) * Og;
            const src = ws + c * wI + kOff[t];
            for (let o = 0; o < Og; o++) f32[row + o] = f32[src + (gi * Og + o) * wO];
          }
      for (let n0 = 0; n0 < N; n0 += chunk) {
        const nb = Math.min(chunk, N - n0);
        for (let gi = 0; gi < F; gi++) {
          const args: number[] = [];
          for (let j = 0; j < nb; j++) args.push(pBuf + 4 * j * outS * K, x.ptr + 4 * ((n0 + j) * xN + gi * Cg), tapBuf, outS, kS, Cg);
          patchesOfEach(b, patches, pooledPatches, args);
          if (narrow) {
            // Cᵀ[o, s] = Wᵀ[o, (tap, c)] · Pᵀ[(tap, c), s]: the 2×16 micro-tile spans 16 output positions, not
            // 16 of a few channels (the input gradient of a 3-channel conv: 3 of every 16 columns were real).
            const plan: GemmPlan = {
              batch: nb,
              m: Og,
              n: outS,
              k: K,
              a: { bs: 0, rs: 1, cs: Og, offset: gi * K * Og },
              b: { bs: outS * K, rs: 1, cs: K, offset: 0 },
              outGroups: [1, 1, 1],
            };
            runGemm(b, plan, wBuf, pBuf, cBuf);
            f32 = heap.f32;
            const op = out.ptr >> 2,
              cp = cBuf >> 2;
            for (let j = 0; j < nb; j++)
              for (let o = 0; o < Og; o++) {
                const dst = op + (n0 + j) * oN + (gi * Og + o) * oC;
                const src = cp + (j * Og + o) * outS;
                for (let s = 0; s < outS; s++) f32[dst + oOff[s]] = f32[src + s];
              }
            continue;
          }
          const plan: GemmPlan = {
            batch: nb,
            m: outS,
            n: Og,
            k: K,
            a: { bs: outS * K, rs: K, cs: 1, offset: 0 },
            b: { bs: 0, rs: Og, cs: 1, offset: gi * K * Og },
            outGroups: [1, 1, 1],
          };
          runGemm(b, plan, pBuf, wBuf, direct ? out.ptr + 4 * n0 * outS * O : cBuf);
          if (direct) continue;
          f32 = heap.f32; // the GEMM's workspace may have grown the memory
          // C[j, s, o] -> out[n0 + j, gi * Og + o, s] in the output's layout.
          const op = out.ptr >> 2,
            cp = cBuf >> 2;
          for (let j = 0; j < nb; j++)
            for (let s = 0; s < outS; s++) {
              const dst = op + (n0 + j) * oN + oOff[s] + gi * Og * oC;
              const src = cp + (j * outS + s) * Og;
              for (let o = 0; o < Og; o++) f32[dst + o * oC] = f32[src + o];
            }
        }
      }
    },
  );
}

/** A conv's scratch in the heap (filters, tap table, patches, and C unless written in place: 0 bytes), freed however `body` ends. */
function convScratch(
  heap: WasmBackend["heap"],
  bytes: { w: number; tap: number; p: number; c: number },
  body: (bufs: { wBuf: number; tapBuf: number; pBuf: number; cBuf: number }) => void,
): void {
  withScratch(heap, (s) =>
    body({ wBuf: s.take(bytes.w), tapBuf: s.take(bytes.tap), pBuf: s.take(bytes.p), cBuf: bytes.c ? s.take(bytes.c) : 0 }),
  );
}

/**
 * A conv whose window is larger than its output (a weight gradient: the
 * window is the image, the output a filter's taps), with the lhs batch dim
 * innermost (the forward input's channels): the roles of window and output
 * swap. out[b, o, s] = Σ_{c, t} lhs[b, c, pos(s, t)]·rhs[o, c, t] is
 * C[(s, b), o] = Σ_{(c, t)} P[(c, t), (s, b)]·R[(c, t), o], where P is the
 * channels-innermost patch matrix of the lhs over window positions t with
 * the output positions s as its taps (one row per window position: the
 * forward conv's patches), and R the rhs itself read in place. Im2col over
 * the window made a [(c, t), s] matrix per batch element read at the
 * channel stride, and a JS copy of the whole rhs as filters: the 5×5
 * weight gradient of an [8, 64, 64, 3] conv took 5.9 ms. False where the
 * rhs' (c, t) is not one stride (the general path then runs).
 */
function windowLedConv(
  b: WasmBackend,
  x: WasmBuffer,
  w: WasmBuffer,
  out: WasmBuffer,
  p: ConvParams,
  la: ShapedArray,
  ra: ShapedArray,
  oa: ShapedArray,
): boolean {
  const { lhs_spec: ls, rhs_spec: rs, out_spec: os } = p.dimension_numbers;
  const [lst, rst, ost] = [stridesOf(la.shape), stridesOf(ra.shape), stridesOf(oa.shape)];
  const nsp = ls.length - 2;
  const kSp = rs.slice(2).map((d) => ra.shape[d]);
  const outSp = os.slice(2).map((d) => oa.shape[d]);
  const [kS, outS] = [prod(kSp), prod(outSp)];
  const [B, C, O] = [la.shape[ls[0]], ra.shape[rs[1]], ra.shape[rs[0]]];
  // R[(c, t), o]: (c, t) must be one stride (row-major spatial dims, channels outside them).
  const st = nsp > 0 ? rst[rs[1 + nsp]] : rst[rs[1]];
  let run = st;
  for (let i = nsp - 1; i >= 0; i--) {
    if (rst[rs[2 + i]] !== run) return false;
    run *= kSp[i];
  }
  if (C > 1 && rst[rs[1]] !== run) return false;
  const M = outS * B;
  const tables = cached([la.shape, ra.shape, oa.shape, p], () => tapTables(p, la, ra, oa, lst, rst, ost));
  const oOff = tables.oOff;
  const tap = cached(["by window", la.shape, ra.shape, oa.shape, p], () => tapsByWindow(tables.tap, outS, kS));
  const heap = b.heap;
  const chunk = Math.max(1, Math.min(C, Math.floor(MAX_PATCH_FLOATS / (kS * M))));
  // The output takes C as it is when it is [s, b, o] row-major.
  const direct = chunk === C && ost[os[1]] === 1 && ost[os[0]] === O && oOff.every((v, s) => v === s * B * O);
  withScratch(heap, (sc) => {
    const tapBuf = sc.take(4 * tap.length);
    const pBuf = sc.take(4 * chunk * kS * M);
    const cBuf = direct ? out.ptr : sc.take(4 * M * O);
    const sumBuf = direct || chunk === C ? 0 : sc.take(4 * M * O);
    heap.i32.set(tap, tapBuf >> 2);
    const { patches, pooledPatches } = patchFunctions(heap, b.pool);
    for (let c0 = 0; c0 < C; c0 += chunk) {
      const nc = Math.min(chunk, C - c0);
      const args: number[] = [];
      for (let j = 0; j < nc; j++) args.push(pBuf + 4 * j * kS * M, x.ptr + 4 * (c0 + j) * lst[ls[1]], tapBuf, kS, outS, B);
      patchesOfEach(b, patches, pooledPatches, args);
      const plan: GemmPlan = {
        batch: 1,
        m: M,
        n: O,
        k: nc * kS,
        a: { bs: 0, rs: 1, cs: M, offset: 0 },
        b: { bs: 0, rs: st, cs: rst[rs[0]], offset: c0 * (C > 1 ? rst[rs[1]] : 0) },
        outGroups: [1, 1, 1],
      };
      runGemm(b, plan, pBuf, w.ptr, cBuf);
      if (sumBuf === 0) continue;
      // Chunks of the channels sum their products.
      const f32 = heap.f32;
      const [cp, sp] = [cBuf >> 2, sumBuf >> 2];
      for (let i = 0; i < M * O; i++) f32[sp + i] = c0 === 0 ? f32[cp + i] : f32[sp + i] + f32[cp + i];
    }
    if (direct) return;
    const f32 = heap.f32;
    const [op, cp] = [out.ptr >> 2, (sumBuf || cBuf) >> 2];
    for (let s = 0; s < outS; s++)
      for (let bi = 0; bi < B; bi++)
        for (let o = 0; o < O; o++) f32[op + oOff[s] + bi * ost[os[0]] + o * ost[os[1]]] = f32[cp + (s * B + bi) * O + o];
  });
  return true;
}

/** `patches` for each image's six arguments in `args`, on the worker threads too when there are several. */
function patchesOfEach(b: WasmBackend, patches: PatchesFn, pooled: PoolFunction | null, args: number[]): void {
  if (pooled && args.length > 6) b.pool!.parallel(pooled, 6, args);
  else for (let j = 0; j < args.length; j += 6) patches(...(args.slice(j, j + 6) as Parameters<PatchesFn>));
}

/** A tap table by output position (tap[s * kS + t]) as one by window position (tap[t * outS + s]). */
function tapsByWindow(tap: Int32Array, outS: number, kS: number): Int32Array {
  const out = new Int32Array(tap.length);
  for (let s = 0; s < outS; s++) for (let t = 0; t < kS; t++) out[t * outS + s] = tap[s * kS + t];
  return out;
}

/**
 * The lhs spatial offset that filter tap k of output position y reads
 * (y·stride + k·rhs dilation − low padding, through the lhs dilation), or
 * -1 where it lands in padding or a dilation hole.
 */
function lhsOffset(
  p: ConvParams,
  y: readonly number[],
  k: readonly number[],
  inSp: readonly number[],
  lst: readonly number[],
  ls: readonly number[],
): number {
  let off = 0;
  for (let i = 0; i < y.length; i++) {
    const q = y[i] * p.window_strides[i] + k[i] * p.rhs_dilation[i] - p.padding[i][0];
    const ld = p.lhs_dilation[i];
    if (q < 0 || q % ld !== 0 || q / ld >= inSp[i]) return -1;
    off += (q / ld) * lst[ls[2 + i]];
  }
  return off;
}

/** The element offset of spatial coordinates through an operand's strides and dimension spec (spatial dims from spec[2]). */
function spatialOffset(coords: readonly number[], strides: readonly number[], spec: readonly number[]): number {
  return coords.reduce((acc, c, i) => acc + c * strides[spec[2 + i]], 0);
}
