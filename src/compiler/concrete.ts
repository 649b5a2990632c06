// Control-flow bodies on concrete arrays run as compiled programs (one per
// body jaxpr, kept as long as the jaxpr lives), like jit's own calls.
import { ArrayImpl } from "../core/array_impl.ts";
import { config } from "../core/config.ts";
import { type ClosedJaxpr, setConcreteRunner } from "../core/jaxpr.ts";
import { setLoopRunner } from "../core/eval_trace.ts";
import { getBackend } from "../backend/backend.ts";
import { WasmBackend } from "../backend/wasm/backend.ts";
import { type Program, compileProgram } from "./program.ts";
import { type CompiledLoop, compileLoop, planScanLoop, planWhileLoop, runLoop } from "./loop.ts";

const programs = new WeakMap<ClosedJaxpr, Program>();

setConcreteRunner((cj, args) => {
  const b = getBackend();
  if (!(b instanceof WasmBackend) || config.debugNans) return null;
  if (!args.every((a) => a instanceof ArrayImpl) || !cj.consts.every((c) => c instanceof ArrayImpl)) return null;
  let p = programs.get(cj);
  if (!p) { p = compileProgram(cj.jaxpr, b); programs.set(cj, p); }
  return p.run(args as ArrayImpl[], cj.consts);
});

// An eager scan or while loop whose body compiles to kernels and GEMMs runs
// as the same single wasm loop jit would build; loops are cached per body
// jaxpr and operand avals (null: not loopable, run the primitive's own impl).
const loops = new WeakMap<ClosedJaxpr, Map<string, CompiledLoop | null>>();

setLoopRunner((prim, args, params) => {
  const b = getBackend();
  if ((prim.name !== "scan" && prim.name !== "while") || !(b instanceof WasmBackend)) return null;
  const body = (prim.name === "scan" ? params.jaxpr : params.body_jaxpr) as ClosedJaxpr;
  let byAvals = loops.get(body);
  if (!byAvals) { byAvals = new Map(); loops.set(body, byAvals); }
  const key = args.map((a) => a.aval.str()).join(",");
  let loop = byAvals.get(key);
  if (loop === undefined) {
    const outAvals = prim.rules.abstractEval(args.map((a) => a.aval), params);
    const plan = prim.name === "scan" ? planScanLoop(params, outAvals) : planWhileLoop(params, outAvals);
    loop = plan ? compileLoop(plan) : null;
    byAvals.set(key, loop);
  }
  return loop ? runLoop(loop, b, args) : null;
});
