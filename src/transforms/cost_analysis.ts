// A cheap estimate of what a traced program costs, in the spirit of XLA's
// cost_analysis: floating-point operations and bytes read and written by
// each equation (dot_general counts 2·M·N·K; elementwise math one per element).
import type { Jaxpr } from "../core/jaxpr.ts";
import { isPrim } from "../core/primitive.ts";
import { itemsize } from "../core/dtypes.ts";
import { prod } from "../core/shape.ts";
import { dotGeneralP } from "../lax/dot.ts";

export interface CostAnalysis {
  flops: number;
  transcendentals: number;
  "bytes accessed": number;
}

const TRANSCENDENTAL = new Set([
  "exp",
  "exp2",
  "expm1",
  "log",
  "log1p",
  "tanh",
  "logistic",
  "sin",
  "cos",
  "tan",
  "erf",
  "erf_inv",
  "pow",
  "sqrt",
  "rsqrt",
  "cbrt",
  "atan2",
  "asin",
  "acos",
  "atan",
  "sinh",
  "cosh",
  "asinh",
  "acosh",
  "atanh",
  "lgamma",
  "digamma",
]);
const ARITHMETIC = new Set([
  "add",
  "sub",
  "mul",
  "div",
  "rem",
  "neg",
  "max",
  "min",
  "abs",
  "sign",
  "square",
  "integer_pow",
  "reduce_sum",
  "reduce_max",
  "reduce_min",
  "reduce_prod",
  "select_n",
  "clamp",
  "floor",
  "ceil",
  "round",
]);

export function costAnalysis(jaxpr: Jaxpr): CostAnalysis {
  let flops = 0;
  let transcendentals = 0;
  let bytes = 0;
  for (const e of jaxpr.eqns) {
    const ins = e.inputs.map((a) => a.aval);
    const outs = e.outBinders.map((v) => v.aval);
    for (const a of [...ins, ...outs]) bytes += prod(a.shape) * itemsize(a.dtype);
    if (isPrim(e, dotGeneralP)) {
      const [[lc]] = e.params.dimension_numbers;
      const k = prod(lc.map((d) => ins[0].shape[d]));
      flops += 2 * prod(outs[0].shape) * k;
    } else if (TRANSCENDENTAL.has(e.primitive.name)) {
      transcendentals += prod(outs[0].shape);
    } else if (ARITHMETIC.has(e.primitive.name)) {
      flops += Math.max(prod(ins[0]?.shape ?? []), prod(outs[0]?.shape ?? []));
    }
  }
  return { flops, transcendentals, "bytes accessed": bytes };
}
