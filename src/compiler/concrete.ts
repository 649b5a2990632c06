// Control-flow bodies on concrete arrays run as compiled programs (one per
// body jaxpr, kept as long as the jaxpr lives), like jit's own calls.
import { ArrayImpl } from "../core/array_impl.ts";
import { config } from "../core/config.ts";
import { type ClosedJaxpr, Jaxpr, JaxprEqn, Var, setConcreteRunner } from "../core/jaxpr.ts";
import { setLoopRunner } from "../core/eval_trace.ts";
import { ShapedArray } from "../core/aval.ts";
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

// An eager scan whose body is one kernel runs as the same single wasm loop jit
// would build; programs are cached per body jaxpr and operand avals.
const loops = new WeakMap<ClosedJaxpr, Map<string, Program | null>>();

setLoopRunner((prim, args, params) => {
  const b = getBackend();
  if (prim.name !== "scan" || !(b instanceof WasmBackend)) return null;
  const body = params.jaxpr as ClosedJaxpr;
  let byAvals = loops.get(body);
  if (!byAvals) { byAvals = new Map(); loops.set(body, byAvals); }
  const key = `${args.map((a) => a.aval.str()).join(",")}|${params.length}|${params.reverse}|${params.num_consts}|${params.num_carry}`;
  let p = byAvals.get(key);
  if (p === undefined) {
    const ins = args.map((a) => new Var(new ShapedArray(a.shape, a.dtype)));
    const outs = prim.rules.abstractEval(args.map((a) => a.aval), params).map((a) => new Var(a));
    const prog = compileProgram(new Jaxpr([], ins, [new JaxprEqn(prim, ins, params, outs)], outs), b);
    // Only a single loop helps; anything else would come straight back here.
    p = prog.isSingleLoop ? prog : null;
    byAvals.set(key, p);
  }
  return p ? p.run(args, []) : null;
});
