// Eager primitives on the wasm backend: each (primitive, avals, params) is
// fused as a one-equation jaxpr; when that is a single kernel it is compiled
// once and reused, otherwise the backend runs the reference kernel.
import { ShapedArray } from "../../../core/aval.ts";
import { Jaxpr, JaxprEqn, Var } from "../../../core/jaxpr.ts";
import { type Params, type Primitive, paramsKey, paramsOf } from "../../../core/primitive.ts";
import { dotGeneralP } from "../../../lax/dot.ts";
import { transposeP } from "../../../lax/shape_ops.ts";
import { convertElementTypeP } from "../../../lax/elementwise.ts";
import { fuse } from "../../../compiler/fusion.ts";
import { decompositionOf, hasDecomposition } from "../../../compiler/decompositions.ts";
import { ArrayImpl } from "../../../core/array_impl.ts";
import type { Executable } from "../../backend.ts";
import { planDot, relayoutDot } from "../../../compiler/gemm_plan.ts";
import { localize } from "../../../compiler/localize.ts";
import type { WasmBackend } from "../backend.ts";
import type { WasmBuffer } from "../buffer.ts";
import { type CompiledKernel, compileKernel } from "../codegen/kernel_cache.ts";
import { wasmTarget } from "../target.ts";
import { convOnGemm } from "./conv.ts";
import { directConv } from "./conv_direct.ts";
import { isCumulative, runCumulative } from "./cumulative.ts";
import { isFft, runFft } from "./fft.ts";
import { runGemm } from "./gemm.ts";
import { intDot } from "./int_gemm.ts";
import { type Move, NATIVE_MOVES } from "./native_moves.ts";

interface EagerKernel {
  compiled: CompiledKernel;
  inputOrder: number[];
}

const MAX_ENTRIES = 8192;
const cache = new Map<string, EagerKernel | null>();

/** Forget the kernels compiled for eager primitives. */
export function clearEagerCache(): void {
  cache.clear();
  programs.clear();
}

/** The cache key: dispatch cost matters here (elementwise ops take no params, so no JSON for them). */
function keyOf(prim: Primitive, inAvals: ShapedArray[], params: Params): string | null {
  let key = prim.name;
  for (const a of inAvals) key += `|${a.dtype}[${a.shape.join(",")}]`;
  const p = paramsKey(params);
  return p === null ? null : p === "" ? key : `${key}|${p}`;
}

/** The primitive applied once, as a jaxpr (operands strongly typed: the kernel computes values, not weak types). */
function oneEquation(prim: Primitive, inAvals: ShapedArray[], params: Params, outAvals: ShapedArray[]): Jaxpr {
  const ins = inAvals.map((a) => new Var(new ShapedArray(a.shape, a.dtype)));
  const outs = outAvals.map((a) => new Var(a));
  return new Jaxpr([], ins, [new JaxprEqn(prim, ins, params, outs)], outs);
}

function build(backend: WasmBackend, prim: Primitive, inAvals: ShapedArray[], params: Params, outAvals: ShapedArray[]): EagerKernel | null {
  const prog = fuse(oneEquation(prim, inAvals, params, outAvals), wasmTarget);
  if (prog.steps.length !== 1 || prog.steps[0].kind !== "kernel" || prog.literalSlots.size > 0) return null;
  const k = prog.steps[0].kernel;
  if (k.outputs.length !== outAvals.length || k.outputs.some((o, i) => o.slot !== prog.outputSlots[i])) return null;
  const { kernel, inSlots } = localize(k);
  return { compiled: compileKernel(backend, kernel), inputOrder: inSlots.map((s) => prog.inputSlots.indexOf(s)) };
}

const programs = new Map<string, Executable | null>();

/**
 * A primitive the compiler decomposes (compiler/decompositions.ts: igamma's
 * while loops), run eagerly as the program jit would build for it alone:
 * eager, vmapped and jitted uses then compute alike. The program's outputs
 * hand their buffers over; the operands are lent to it untracked.
 */
const runDecomposed: Move = (backend, prim, inputs, inAvals, params, outAvals) => {
  if (!hasDecomposition(prim.name)) return null;
  const key = keyOf(prim, inAvals, params);
  if (key === null) return null;
  let exe = programs.get(key);
  if (exe === undefined) {
    const jaxpr = oneEquation(prim, inAvals, params, outAvals);
    exe = decompositionOf(jaxpr.eqns[0]) ? backend.compile(jaxpr) : null;
    programs.set(key, exe);
    if (programs.size > MAX_ENTRIES) programs.delete(programs.keys().next().value!);
  }
  if (!exe) return null;
  const args = inputs.map((buf, i) => new ArrayImpl(inAvals[i], buf, backend, null, false));
  return exe.run(args, []).map((o) => (o as ArrayImpl).donate() as WasmBuffer);
};

const LOWP = new Set(["float16", "bfloat16"]);

/**
 * A float16/bfloat16 dot_general as XLA's CPU backend computes it (its float
 * normalization): operands widened to float32, the float32 GEMM, the result
 * rounded once to its dtype. The reference kernel, in float64 per element in
 * JS, took 56 ms for 256 x 256 x 256.
 */
const lowpDot: Move = (backend, prim, inputs, inAvals, params, outAvals) => {
  const out = outAvals[0];
  if (!inAvals.every((a) => LOWP.has(a.dtype)) || !(LOWP.has(out.dtype) || out.dtype === "float32")) return null;
  const wide = (a: ShapedArray) => new ShapedArray(a.shape, "float32");
  const plan = planDot(wide(inAvals[0]), wide(inAvals[1]), wide(out), paramsOf(dotGeneralP, prim, params));
  if (!plan) return null;
  const convert = (buf: WasmBuffer, from: ShapedArray, to: ShapedArray): WasmBuffer | null =>
    runEager(backend, convertElementTypeP, [buf], [from], { new_dtype: to.dtype, weak_type: false }, [to])?.[0] ?? null;
  const [a, b] = inputs.map((buf, i) => convert(buf, inAvals[i], wide(inAvals[i])));
  if (!a || !b) return null;
  let c = backend.alloc(wide(out));
  runGemm(backend, plan, a.ptr, b.ptr, c.ptr);
  backend.dispose(a);
  backend.dispose(b);
  if (out.dtype !== "float32") {
    const rounded = convert(c, wide(out), out);
    backend.dispose(c);
    if (!rounded) return null;
    c = rounded;
  }
  return [c];
};

/**
 * A dot_general whose operands a GEMM cannot read in place (batch dims
 * between free ones, as attention's) runs on transposed copies of them, as
 * fusion.ts's fuseDot stores them in programs.
 */
const relaidDot: Move = (backend, prim, inputs, inAvals, params, outAvals) => {
  const relayout = relayoutDot(inAvals[0].shape, inAvals[1].shape, paramsOf(dotGeneralP, prim, params));
  if (!relayout) return null;
  const temps: WasmBuffer[] = [];
  const avals = [...inAvals];
  const bufs = [...inputs];
  try {
    for (const [i, perm] of [relayout.lhsPerm, relayout.rhsPerm].entries()) {
      if (!perm) continue;
      avals[i] = new ShapedArray(
        perm.map((d) => inAvals[i].shape[d]),
        inAvals[i].dtype,
      );
      const moved = runEager(backend, transposeP, [inputs[i]], [inAvals[i]], { permutation: perm }, [avals[i]]);
      if (!moved) return null;
      bufs[i] = moved[0];
      temps.push(moved[0]);
    }
    return runEager(backend, prim, bufs, avals, relayout.params, outAvals);
  } finally {
    for (const t of temps) backend.dispose(t);
  }
};

export function runEager(
  backend: WasmBackend,
  prim: Primitive,
  inputs: WasmBuffer[],
  inAvals: ShapedArray[],
  params: Params,
  outAvals: ShapedArray[],
): WasmBuffer[] | null {
  if (prim.rules.impl) return null;
  const move = NATIVE_MOVES[prim.name];
  if (move) return move(backend, prim, inputs, inAvals, params, outAvals);
  const decomposed = runDecomposed(backend, prim, inputs, inAvals, params, outAvals);
  if (decomposed) return decomposed;
  if (prim.name === "conv_general_dilated")
    return directConv(backend, prim, inputs, inAvals, params, outAvals) ?? convOnGemm(backend, prim, inputs, inAvals, params, outAvals);
  if (isCumulative(prim.name)) return runCumulative(backend, prim, inputs, inAvals, params, outAvals);
  if (isFft(prim.name)) return runFft(backend, prim, inputs, inAvals, params, outAvals);
  if (prim.name === "dot_general") {
    const relaid = relaidDot(backend, prim, inputs, inAvals, params, outAvals);
    if (relaid) return relaid;
  }
  if (prim.name === "dot_general" && inAvals.every((a) => wasmTarget.gemmDtypes.has(a.dtype))) {
    const plan = planDot(inAvals[0], inAvals[1], outAvals[0], paramsOf(dotGeneralP, prim, params));
    if (!plan) return null;
    const out = backend.alloc(outAvals[0]);
    runGemm(backend, plan, inputs[0].ptr, inputs[1].ptr, out.ptr);
    return [out];
  }
  if (prim.name === "dot_general")
    return lowpDot(backend, prim, inputs, inAvals, params, outAvals) ?? intDot(backend, prim, inputs, inAvals, params, outAvals);
  const key = keyOf(prim, inAvals, params);
  if (key === null) return null;
  let k = cache.get(key);
  if (k === undefined) {
    k = build(backend, prim, inAvals, params, outAvals);
    cache.set(key, k);
    if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  }
  if (k === null) return null;
  const outs = outAvals.map((a) => backend.alloc(a));
  k.compiled.run(...k.inputOrder.map((i) => inputs[i].ptr), ...outs.map((o) => o.ptr));
  return outs;
}
