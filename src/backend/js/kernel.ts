// The reference backend's kernel signature and the table kernels register in.
//
// A kernel is registered for its primitive and receives that primitive's params
// type: `defKernel(integerPowP, ([x], [a], p, [o]) => ...)` reads `p.y` as a
// number, without a cast. Kernels of primitives that take no params may be
// registered by name (their params are NoParams). The table is keyed by name
// and erases P: `execute` finds a kernel by the primitive it applies, so the
// params it passes are of the type the kernel was registered with.
import type { ShapedArray } from "../../core/aval.ts";
import { type TypedArray, kernelCtor, lanesOf } from "../../core/dtypes.ts";
import type { NoParams, Params, Primitive } from "../../core/primitive.ts";

export type Kernel<P extends Params = Params> = (
  ins: TypedArray[],
  inAvals: ShapedArray[],
  params: P,
  outAvals: ShapedArray[],
) => TypedArray[];

export const kernels = new Map<string, Kernel>();

export function defKernel<P extends Params>(prim: Primitive<P>, k: Kernel<P>): void;
export function defKernel(name: string, k: Kernel<NoParams>): void;
export function defKernel(prim: Primitive | string, k: Kernel<never>): void {
  const name = typeof prim === "string" ? prim : prim.name;
  if (kernels.has(name)) throw new Error(`duplicate JS kernel for ${name}`);
  kernels.set(name, k as Kernel);
}

export function alloc(aval: ShapedArray): TypedArray {
  return new (kernelCtor(aval.dtype))(aval.size * lanesOf(aval.dtype));
}
