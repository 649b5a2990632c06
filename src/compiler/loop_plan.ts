// scan and while loops whose bodies compile to kernels and GEMMs only run as
// one wasm function with the loop inside (codegen/loop_module.ts): every
// iteration calls the body's compiled kernels directly, wasm to wasm, with
// pointers into the stacked xs/ys, fixed scratch buffers for intermediates,
// and the carry ping-ponging between two buffers (so a body may read any
// element of the old carry while it writes the new one). No JS runs per
// iteration. Bodies with other steps (nested loops, reference primitives)
// return null here and run as host loops over compiled programs. Plans are
// data: a backend that runs loops (Target.loops) compiles them.
import { ArrayImpl } from "../core/array_impl.ts";
import type { ShapedArray } from "../core/aval.ts";
import { storageBytes } from "../core/dtypes.ts";
import type { ClosedJaxpr } from "../core/jaxpr.ts";
import { paramsOf } from "../core/primitive.ts";
import { condP } from "../lax/control/cond.ts";
import type { ScanParams } from "../lax/control/scan.ts";
import type { WhileParams } from "../lax/control/while.ts";
import type { Jaxpr } from "../core/jaxpr.ts";
import type { FusedProgram, LoopCall, LoopFrame, LoopPlan, SlotRole } from "./program_ir.ts";
import { kernelText } from "./kernel.ts";
import { localize } from "./localize.ts";

const bytesOf = (a: ShapedArray): number => a.size * storageBytes(a.dtype);

/**
 * The frame of one fused program inside the loop: the role of every slot
 * (operand, carry in/out, xs/ys slice, fixed array, scratch) and the calls.
 * `inputRole(k)` says what the program's k-th input is; outputs are carries
 * then ys for a body, scratch for a cond.
 */
/** Fuses a loop body (the caller's fusion, so that nested loops are planned too). */
export type FuseBody = (jaxpr: Jaxpr) => FusedProgram;

function frameOf(
  fuseBody: FuseBody,
  cj: ClosedJaxpr,
  inputRole: (k: number) => SlotRole,
  outputRole: (j: number) => SlotRole,
  parent: LoopFrame | null = null,
): LoopFrame | null {
  if (!cj.consts.every((c) => c instanceof ArrayImpl)) return null;
  const program: FusedProgram = fuseBody(cj.jaxpr);
  const roles = new Map<number, SlotRole>();
  const calls: LoopCall[] = [];
  const frame: LoopFrame = { program, roles, calls, parent };
  program.inputSlots.forEach((s, k) => roles.set(s, inputRole(k)));
  program.constSlots.forEach((s, k) => roles.set(s, { kind: "fixed", array: cj.consts[k] as ArrayImpl }));
  for (const [s, a] of program.literalSlots) roles.set(s, { kind: "fixed", array: a });
  program.outputSlots.forEach((s, j) => roles.set(s, outputRole(j)));
  for (const st of program.steps) {
    if (st.kind === "kernel") {
      const { kernel, inSlots } = localize(st.kernel);
      calls.push({ kind: "kernel", kernel, text: kernelText(kernel), slots: [...inSlots, ...st.kernel.outputs.map((o) => o.slot)] });
    } else if (st.kind === "gemm") {
      calls.push({
        kind: "gemm",
        plan: st.plan,
        epilogue: st.epilogue ?? null,
        a: st.inSlots[0],
        b: st.inSlots[1],
        c: st.outSlots[0],
        extras: st.extraSlots ?? [],
      });
    } else if (st.kind === "prim" && st.prim === condP) {
      // Each branch is a frame whose operands and results are this frame's slots.
      const branches = paramsOf(condP, st.prim, st.params).branches.map((br) =>
        frameOf(
          fuseBody,
          br,
          (k) => ({ kind: "outer", slot: st.inSlots[k + 1] }),
          (j) => ({ kind: "outer", slot: st.outSlots[j] }),
          frame,
        ),
      );
      if (branches.some((b) => b === null)) return null;
      calls.push({ kind: "cond", index: st.inSlots[0], branches: branches as LoopFrame[] });
    } else return null;
    const written = st.kind === "kernel" ? st.kernel.outputs.map((o) => o.slot) : st.outSlots;
    for (const s of written) if (!roles.has(s)) roles.set(s, { kind: "scratch", aval: program.slotAvals[s] });
  }
  return frame;
}

/** scan operands: [consts, init carry, xs]; the body reads them in the same order and returns [carry, ys]. */
export function planScanLoop(fuseBody: FuseBody, params: ScanParams, outAvals: ShapedArray[]): LoopPlan | null {
  const body = params.jaxpr;
  const nc = params.num_consts,
    nk = params.num_carry;
  const length = params.length;
  const frame = frameOf(
    fuseBody,
    body,
    (k) =>
      k < nc
        ? { kind: "operand", index: k }
        : k < nc + nk
          ? { kind: "carryIn", index: k - nc }
          : { kind: "xs", index: k - nc - nk, operand: k, bytes: bytesOf(body.jaxpr.inBinders[k].aval) },
    (j) => (j < nk ? { kind: "carryOut", index: j } : { kind: "ys", index: j - nk, bytes: bytesOf(body.jaxpr.outs[j].aval) }),
  );
  if (!frame) return null;
  return {
    kind: "scan",
    body: frame,
    cond: null,
    carryAvals: outAvals.slice(0, nk),
    carryOperands: [...Array(nk).keys()].map((k) => nc + k),
    ysAvals: outAvals.slice(nk),
    length,
    reverse: params.reverse,
  };
}

/** while operands: [cond consts, body consts, init carry]; cond reads [cond consts, carry], body [body consts, carry]. */
export function planWhileLoop(fuseBody: FuseBody, params: WhileParams, outAvals: ShapedArray[]): LoopPlan | null {
  const ncc = params.cond_nconsts,
    nbc = params.body_nconsts;
  const nk = outAvals.length;
  const cond = frameOf(
    fuseBody,
    params.cond_jaxpr,
    (k) => (k < ncc ? { kind: "operand", index: k } : { kind: "carryIn", index: k - ncc }),
    () => ({ kind: "scratch", aval: params.cond_jaxpr.jaxpr.outs[0].aval }),
  );
  if (!cond) return null;
  const body = frameOf(
    fuseBody,
    params.body_jaxpr,
    (k) => (k < nbc ? { kind: "operand", index: ncc + k } : { kind: "carryIn", index: k - nbc }),
    (j) => ({ kind: "carryOut", index: j }),
  );
  if (!body) return null;
  return {
    kind: "while",
    body,
    cond,
    carryAvals: outAvals,
    carryOperands: [...Array(nk).keys()].map((k) => ncc + nbc + k),
    ysAvals: [],
    length: 0,
    reverse: false,
  };
}
