// The reference backend's kernel signature and the table kernels register in.
import type { ShapedArray } from "../../core/aval.ts";
import { type TypedArray, storageCtor } from "../../core/dtypes.ts";
import type { Params } from "../../core/primitive.ts";

export type Kernel = (ins: TypedArray[], inAvals: ShapedArray[], params: Params, outAvals: ShapedArray[]) => TypedArray[];

export const kernels = new Map<string, Kernel>();

export function defKernel(name: string, k: Kernel): void {
  if (kernels.has(name)) throw new Error(`duplicate JS kernel for ${name}`);
  kernels.set(name, k);
}

export function alloc(aval: ShapedArray): TypedArray {
  return new (storageCtor(aval.dtype))(aval.size);
}
