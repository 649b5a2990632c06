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

/** Whether the host supports relaxed SIMD (checked with f32x4.relaxed_madd, 0xFD 0x105). */
export function hasRelaxedSimd(): boolean {
  relaxed ??= validates((mb) => {
    const f = mb.addFunction(undefined, ["v128", "v128", "v128"], ["v128"]);
    f.local_get(0).local_get(1).local_get(2).f32x4.relaxed_madd();
  });
  return relaxed;
}
