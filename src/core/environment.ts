// Top-level odds: typeof (an array's abstract value), the Device type, printEnvironmentInfo.
import { defaultBackend, devices } from "../backend/backend.ts";
import type { ShapedArray } from "./aval.ts";
import { asOperand } from "./convert.ts";
import type { DType } from "./dtypes.ts";
import { NDArray, type ArrayLike } from "./ndarray.ts";
import { checkOptions } from "./options.ts";

/** A device, as `devices()` and `x.devices()` name it (the backend's name). */
export type Device = string;

/** What jax.typeof returns (JAX's ShapedArray): shape, dtype and weak type; prints as `float32[2,3]`. */
export class ShapedArrayType {
  readonly shape: number[];
  readonly dtype: DType;
  readonly weakType: boolean;
  constructor(aval: ShapedArray) {
    this.shape = [...aval.shape];
    this.dtype = aval.dtype;
    this.weakType = aval.weakType;
  }
  get ndim(): number {
    return this.shape.length;
  }
  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }
  toString(): string {
    return `${this.dtype}[${this.shape.join(",")}]`;
  }
  /** JAX's repr: `ShapedArray(float32[2,3])`, with `, weak_type=True` when weak. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `ShapedArray(${this.toString()}${this.weakType ? ", weak_type=True" : ""})`;
  }
}

/** jax.typeof(x): the abstract value (shape, dtype, weak type) of an array or array-like, traced ones too. */
export function typeOf(x: ArrayLike): ShapedArrayType {
  return new ShapedArrayType((x instanceof NDArray ? x : asOperand(x, "typeof argument")).aval);
}

/** jax.print_environment_info({returnString}): versions and backends, printed or returned. */
export function printEnvironmentInfo(options?: { returnString?: boolean }): string | undefined {
  const opts = checkOptions(options, "printEnvironmentInfo", ["returnString"]);
  const proc = (globalThis as { process?: { version?: string; platform?: string; arch?: string } }).process;
  const nav = (globalThis as { navigator?: { userAgent?: string } }).navigator;
  const lines = [
    "jaxts",
    `runtime:  ${proc?.version ? `Node ${proc.version}` : (nav?.userAgent ?? "unknown")}`,
    ...(proc?.platform ? [`platform: ${proc.platform} ${proc.arch ?? ""}`.trimEnd()] : []),
    `backends: ${devices().join(", ")} (default ${defaultBackend()})`,
  ];
  const info = lines.join("\n");
  if (opts.returnString) return info;
  console.log(info);
  return undefined;
}
