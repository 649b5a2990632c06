// The JS reference backend: buffers are TypedArrays, each primitive a plain loop.
import type { ShapedArray } from "../../core/aval.ts";
import { type StorageArray, type TypedArray, roundToBfloat16, roundToFloat16 } from "../../core/dtypes.ts";
import { lowpOutputRounding } from "../../core/lowp.ts";
import type { Params, Primitive } from "../../core/primitive.ts";
import { type Backend, registerBackend } from "../backend.ts";
import { kernels } from "./kernel.ts";
import { runKernel } from "./int64_boundary.ts";
import "./elementwise.ts";
import "./shape.ts";
import "./reduce.ts";
import "./dot.ts";
import "./indexing.ts";
import "./sort.ts";
import "./conv.ts";
import "./linalg.ts";
import "./linalg_decomp.ts";
import "./linalg_schur.ts";
import "./linalg_eig.ts";
import "./linalg_complex.ts";
import "./householder_complex.ts";
import "./threefry.ts";
import "./fft.ts";
import "./special_kernels.ts";
import "./nnlax.ts";

export class JsBackend implements Backend {
  readonly name = "js";
  fromHost(data: StorageArray): StorageArray {
    return data;
  }
  readSync(buf: unknown): StorageArray {
    return buf as StorageArray;
  }
  async read(buf: unknown): Promise<StorageArray> {
    return buf as StorageArray;
  }
  readAt(buf: unknown, _aval: ShapedArray, index: number): number | bigint {
    return (buf as StorageArray)[index];
  }
  withElement(buf: unknown, _aval: ShapedArray, index: number, value: number | bigint): StorageArray {
    const copy = (buf as StorageArray).slice();
    // A bigint for int64/uint64 storage, a number for the rest (the caller holds storage-format values).
    (copy as Float64Array)[index] = value as number;
    return copy;
  }
  dispose(): void {}
  supports(prim: Primitive): boolean {
    return kernels.has(prim.name);
  }
  execute(prim: Primitive, inputs: unknown[], inAvals: ShapedArray[], params: Params, outAvals: ShapedArray[]): StorageArray[] {
    const k = kernels.get(prim.name);
    if (!k) throw new Error(`The js backend has no kernel for primitive '${prim.name}'`);
    const outs = runKernel(prim.name, k, inputs as StorageArray[], inAvals, params, outAvals) as TypedArray[];
    outAvals.forEach((a, i) => {
      if (a.dtype === "float16") {
        const o = outs[i];
        for (let j = 0; j < o.length; j++) o[j] = roundToFloat16(o[j]);
      } else if (a.dtype === "bfloat16") {
        const o = outs[i];
        for (let j = 0; j < o.length; j++) o[j] = roundToBfloat16(o[j]);
      } else {
        const round = lowpOutputRounding(a.dtype);
        const o = outs[i];
        if (round) for (let j = 0; j < o.length; j++) o[j] = round(o[j]);
      }
    });
    return outs;
  }
}

export const jsBackend = new JsBackend();
registerBackend(jsBackend, 0);
