// Control-flow bodies on concrete arrays run as compiled programs (one per
// body jaxpr, kept as long as the jaxpr lives), like jit's own calls.
import { ArrayImpl } from "../core/array_impl.ts";
import { config } from "../core/config.ts";
import { type ClosedJaxpr, setConcreteRunner } from "../core/jaxpr.ts";
import { getBackend } from "../backend/backend.ts";
import { WasmBackend } from "../backend/wasm/backend.ts";
import { type Program, compileProgram } from "./program.ts";

const programs = new WeakMap<ClosedJaxpr, Program>();

setConcreteRunner((cj, args) => {
  const b = getBackend();
  if (!(b instanceof WasmBackend) || config.debugNans) return null;
  if (!args.every((a) => a instanceof ArrayImpl) || !cj.consts.every((c) => c instanceof ArrayImpl)) return null;
  let p = programs.get(cj);
  if (!p) { p = compileProgram(cj.jaxpr, b); programs.set(cj, p); }
  return p.run(args as ArrayImpl[], cj.consts);
});
