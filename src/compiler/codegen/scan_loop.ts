// A scan whose body is one kernel becomes one wasm function with the loop
// inside: each step calls the body kernel with pointers into the stacked xs
// and ys, and the carry ping-pongs between two buffers (so a body may read
// any carry element while writing the next carry).
import { heapMemoryImport } from "../../backend/wasm/backend.ts";
import { ModuleBuilder } from "../../backend/wasm/emitter/index.ts";
import type { Kernel } from "../kernel.ts";
import { emitKernelFunction } from "./emit.ts";

export type Role = { kind: "const" | "carry" | "xs" | "ys"; index: number };

export interface ScanPlan {
  kernel: Kernel;
  /** What each kernel input is (const, carry or xs), and each output (carry or ys). */
  inputs: Role[];
  outputs: Role[];
  numConsts: number;
  numCarry: number;
  numXs: number;
  numYs: number;
  /** Bytes of one step's slice of each xs / ys. */
  xsBytes: number[];
  ysBytes: number[];
  length: number;
  reverse: boolean;
}

/**
 * Exports `scan(const..., carryA..., xs..., carryB..., ys...)`: carryA holds the
 * initial carry; the final carry is in A when length is even, else in B.
 */
export function buildScanModule(p: ScanPlan): { bytes: Uint8Array; simd: boolean } {
  const mb = new ModuleBuilder();
  mb.importMemory(heapMemoryImport());
  const body = emitKernelFunction(mb, "body", p.kernel, false);
  const nParams = p.numConsts + 2 * p.numCarry + p.numXs + p.numYs;
  const f = mb.addFunction("scan", Array(nParams).fill("i32"), [], { export: true });
  const constAt = (k: number) => k;
  const carryA = (k: number) => p.numConsts + k;
  const xsAt = (k: number) => p.numConsts + p.numCarry + k;
  const carryB = (k: number) => p.numConsts + p.numCarry + p.numXs + k;
  const ysAt = (k: number) => p.numConsts + 2 * p.numCarry + p.numXs + k;
  const t = f.addLocal("i32");
  const i = f.addLocal("i32");
  const odd = f.addLocal("i32");
  const out = f.block();
  const lp = f.loop();
  f.local_get(t).i32.const(p.length).i32.ge_u().br_if(out);
  if (p.reverse) f.i32.const(p.length - 1).local_get(t).i32.sub().local_set(i);
  else f.local_get(t).local_set(i);
  f.local_get(t).i32.const(1).i32.and().local_set(odd);
  // Even steps read A and write B; odd steps the reverse.
  const read = (k: number) => f.local_get(carryB(k)).local_get(carryA(k)).local_get(odd).select(); // odd ? B : A
  const write = (k: number) => f.local_get(carryA(k)).local_get(carryB(k)).local_get(odd).select(); // odd ? A : B
  for (const r of p.inputs) {
    if (r.kind === "const") f.local_get(constAt(r.index));
    else if (r.kind === "carry") read(r.index);
    else f.local_get(xsAt(r.index)).local_get(i).i32.const(p.xsBytes[r.index]).i32.mul().i32.add();
  }
  for (const r of p.outputs) {
    if (r.kind === "carry") write(r.index);
    else f.local_get(ysAt(r.index)).local_get(i).i32.const(p.ysBytes[r.index]).i32.mul().i32.add();
  }
  f.call(body.index);
  f.local_get(t).i32.const(1).i32.add().local_set(t).br(lp);
  f.end().end();
  return { bytes: mb.toBytes(), simd: body.simd };
}
