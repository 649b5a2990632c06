// Feature detection by validating tiny modules.
import { ModuleBuilder } from "./module.ts";
import { wasmApi } from "./wasm_api.ts";

let simd: boolean | undefined;
let relaxed: boolean | undefined;

function validates(build: (mb: ModuleBuilder) => void): boolean {
  try {
    const mb = new ModuleBuilder();
    mb.names = false;
    build(mb);
    return wasmApi().validate(mb.toBytes());
  } catch {
    return false;
  }
}

/** Whether the host supports fixed-width SIMD (v128). */
export function hasSimd(): boolean {
  simd ??= validates((mb) => {
    const f = mb.addFunction(undefined, ["v128", "v128"], ["v128"]);
    f.local_get(0).local_get(1).f32x4.add();
  });
  return simd;
}

const validatesRelaxed = () =>
  validates((mb) => {
    const f = mb.addFunction(undefined, ["v128", "v128", "v128"], ["v128"]);
    f.local_get(0).local_get(1).local_get(2).f32x4.relaxed_madd();
  });

/**
 * Whether the host supports relaxed SIMD (checked with f32x4.relaxed_madd,
 * 0xFD 0x105). Browsers ship it; Node 20's V8 has it behind
 * --experimental-wasm-relaxed-simd (on by default from Node 22), which is
 * turned on here at run time, before the first module that uses it is
 * compiled, unless JAXTS_RELAXED_SIMD=0. Fused multiply-adds make the math
 * kernels 10-25% faster per element, and Node then computes what the
 * browsers compute, bit for bit (docs/design.md, "Relaxed SIMD in Node").
 */
export function hasRelaxedSimd(): boolean {
  relaxed ??= validatesRelaxed() || (enableInNode() && validatesRelaxed());
  return relaxed;
}

interface NodeProcess {
  env?: Record<string, string | undefined>;
  getBuiltinModule?: (id: string) => unknown;
}

/** Sets Node's relaxed-SIMD flag (false where this is not Node, or the user opted out). */
function enableInNode(): boolean {
  const proc = (globalThis as { process?: NodeProcess }).process;
  if (proc?.env?.JAXTS_RELAXED_SIMD === "0") return false;
  const v8 = proc?.getBuiltinModule?.("node:v8") as { setFlagsFromString(flags: string): void } | undefined;
  if (!v8) return false;
  try {
    v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
    return true;
  } catch {
    return false;
  }
}

let fused: boolean | undefined;

/**
 * Whether f32x4.relaxed_madd rounds once (a fused multiply-add) on this
 * engine and CPU: (1 + 2^-12)^2 - (1 + 2^-11) is 2^-24 fused, 0 with the
 * product rounded first. Where it does, XLA's float32 algorithms that use
 * fused multiply-adds run natively and give XLA's bits (../math/xla_f32.ts).
 */
export function fusedMadd(): boolean {
  if (fused !== undefined) return fused;
  fused = false;
  if (!hasRelaxedSimd()) return fused;
  try {
    const mb = new ModuleBuilder();
    mb.names = false;
    const f = mb.addFunction("madd", ["f32", "f32", "f32"], ["f32"], { export: true });
    f.local_get(0).f32x4.splat().local_get(1).f32x4.splat().local_get(2).f32x4.splat().f32x4.relaxed_madd().f32x4.extract_lane(0);
    const api = wasmApi();
    const madd = new api.Instance(new api.Module(mb.toBytes()), {}).exports.madd as (a: number, b: number, c: number) => number;
    const a = 1 + 2 ** -12;
    fused = madd(a, a, -(1 + 2 ** -11)) === 2 ** -24;
  } catch {
    fused = false;
  }
  return fused;
}
