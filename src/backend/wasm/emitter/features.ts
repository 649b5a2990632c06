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
