// jax.checkpoint (remat): a call primitive `remat2` whose partial evaluation
// saves only the residuals its policy allows; the rest of the forward values
// the linear (backward) part needs are recomputed there from the saved ones
// and the checkpoint's inputs (JAX's remat_partial_eval). Its transpose stays
// a remat2 so the recomputation runs inside the backward pass.
import type { ShapedArray } from "../core/aval.ts";
import { ClosedJaxpr, Jaxpr, type JaxprEqn, Var } from "../core/jaxpr.ts";
import type { NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { type Params, Primitive, UndefinedPrimal, Zero, type NoParams } from "../core/primitive.ts";
import { checkCallable } from "../core/scalar_args.ts";
import { bind, bind1, isEager } from "../core/trace.ts";
import { ValueError } from "../core/errors.ts";
import { instantiate } from "../lax/helpers.ts";
import { dotGeneralP } from "../lax/dot.ts";
import { argnumList, leavesAsArrays, tree, type TreeDef } from "./args.ts";
import { batchToFront, flattenLike, fnName } from "./custom_common.ts";
import { dce } from "./dce.ts";
import { batchJaxpr, evalClosed, hoistConsts, jvpJaxpr, transposeJaxpr } from "./jaxpr_transforms.ts";
import type { PETracer, PartialEvalTrace } from "./partial_eval.ts";
import { traceToJaxpr } from "./staging.ts";
import type { AnyFn } from "./types.ts";

/** A rematerialisation policy: whether an equation's outputs may be saved for the backward pass. */
export type CheckpointPolicy = ((prim: Primitive, avals: ShapedArray[], params: Params) => boolean) & { toString(): string };

function policy(name: string, f: (prim: Primitive, avals: ShapedArray[], params: Params) => boolean, repr?: string): CheckpointPolicy {
  const p = f as CheckpointPolicy;
  Object.defineProperty(p, "name", { value: name });
  p.toString = () => repr ?? `<function ${name} at 0xXXXXXXXXXXXX>`;
  return p;
}

// ---------------- checkpointName ----------------

export type NameParams = { name: string };

/** `name`: identity that tags a value for the policies (checkpointName). */
export const nameP: Primitive<NameParams> = new Primitive("name", {
  abstractEval: ([a]) => [a],
  impl: (args) => args,
  // The tangent is not named.
  jvp: ([x], [t], p) => [[bind1(nameP, [x], p)], [t]],
  transpose: (cts) => [cts[0]],
  batch: ([x], [d], p) => [[bind1(nameP, [x], p)], [d]],
});

/** jax.ad_checkpoint.checkpoint_name: tags every leaf of `x` with `name` (identity on values). */
export function checkpointName<T>(x: T, name: string): T {
  const [ls, td] = tree.flatten(x);
  return tree.unflatten(
    td,
    leavesAsArrays(ls, "checkpointName").map((l) => bind1(nameP, [l], { name: String(name) })),
  ) as T;
}

// ---------------- policies ----------------

const isDot = (prim: Primitive) => prim === dotGeneralP || prim.name === "conv_general_dilated";
const setRepr = (names: string[]) => `frozenset({${names.map((n) => `'${n}'`).join(", ")}})`;

/** jax.checkpoint_policies. */
export const checkpointPolicies = {
  everythingSaveable: policy("everything_saveable", () => true),
  nothingSaveable: policy("nothing_saveable", () => false),
  dotsSaveable: policy("dots_saveable", (prim) => isDot(prim), "DotsSaveable(only_if_no_batch_dims=False)"),
  checkpointDots: policy("checkpoint_dots", (prim) => isDot(prim), "DotsSaveable(only_if_no_batch_dims=False)"),
  dotsWithNoBatchDimsSaveable: policy(
    "dots_with_no_batch_dims_saveable",
    (prim, _a, params) => prim === dotGeneralP && noBatchDims(params),
    "DotsSaveable(only_if_no_batch_dims=True)",
  ),
  checkpointDotsWithNoBatchDims: policy(
    "checkpoint_dots_with_no_batch_dims",
    (prim, _a, params) => prim === dotGeneralP && noBatchDims(params),
    "DotsSaveable(only_if_no_batch_dims=True)",
  ),
  /** As JAX 0.10.2: saves everything (the names are not consulted). */
  saveAnythingExceptTheseNames: (..._names: string[]): CheckpointPolicy => policy("<lambda>", () => true),
  saveAnyNamesButThese: (...names: string[]): CheckpointPolicy =>
    policy(
      "save_any_names_but_these",
      (prim, _a, params) => prim === nameP && !names.includes(params.name as string),
      `SaveAnyNamesButThese(names=${setRepr(names)})`,
    ),
  saveOnlyTheseNames: (...names: string[]): CheckpointPolicy =>
    policy(
      "save_only_these_names",
      (prim, _a, params) => prim === nameP && names.includes(params.name as string),
      `SaveOnlyTheseNames(saveable_names=${setRepr(names)})`,
    ),
  /** On CPU there is no host memory to offload to: offloadable values are saved. */
  saveAndOffloadOnlyTheseNames: (opts: {
    namesWhichCanBeSaved: readonly string[];
    namesWhichCanBeOffloaded: readonly string[];
    offloadSrc?: string;
    offloadDst?: string;
  }): CheckpointPolicy => {
    const names = [...opts.namesWhichCanBeSaved, ...opts.namesWhichCanBeOffloaded];
    return policy("policy", (prim, _a, params) => prim === nameP && names.includes(params.name as string));
  },
  /** As dotsWithNoBatchDimsSaveable (offloading is saving on CPU). */
  offloadDotWithNoBatchDims: (_src?: string, _dst?: string): CheckpointPolicy =>
    policy("policy", (prim, _a, params) => prim === dotGeneralP && noBatchDims(params)),
  saveFromBothPolicies: (p1: CheckpointPolicy, p2: CheckpointPolicy): CheckpointPolicy =>
    policy("policy", (prim, avals, params) => {
      const a = p1(prim, avals, params);
      const b = p2(prim, avals, params);
      if (typeof a !== "boolean" || typeof b !== "boolean") throw new ValueError("The return value of the policies should be a boolean");
      return a || b;
    }),
};

function noBatchDims(params: Params): boolean {
  const dn = params.dimension_numbers as [[number[], number[]], [number[], number[]]];
  return dn[1][0].length === 0 && dn[1][1].length === 0;
}

// ---------------- the primitive ----------------

export type RematParams = {
  differentiated: boolean;
  jaxpr: ClosedJaxpr;
  policy: CheckpointPolicy | null;
  prevent_cse: boolean;
};

interface RematSplit {
  /** known inputs → [known outputs..., residuals...] */
  known: ClosedJaxpr;
  /** [residuals..., unknown inputs...] → unknown outputs (recomputing what was not saved) */
  staged: ClosedJaxpr;
  outUnknown: boolean[];
  numRes: number;
}

/** JAX's partial_eval_jaxpr_custom: split by known inputs, saving only what the policy allows. */
export function rematPartialEval(cj: ClosedJaxpr, unknowns: boolean[], pol: CheckpointPolicy | null): RematSplit {
  const j = cj.jaxpr;
  const saveable = pol ?? checkpointPolicies.nothingSaveable;
  const unknown = new Set<Var>();
  j.inBinders.forEach((v, i) => unknowns[i] && unknown.add(v));
  const producer = new Map<Var, JaxprEqn>();
  const stagedEqns = new Set<JaxprEqn>();
  for (const e of j.eqns) {
    if (e.inputs.some((a) => a instanceof Var && unknown.has(a))) {
      stagedEqns.add(e);
      for (const o of e.outBinders) unknown.add(o);
    } else for (const o of e.outBinders) producer.set(o, e);
  }
  const constSet = new Set(j.constvars);
  const resVars: Var[] = [];
  const recompute = new Set<JaxprEqn>();
  const seen = new Set<Var>();
  const need = (v: Var): void => {
    if (seen.has(v) || unknown.has(v) || constSet.has(v)) return;
    seen.add(v);
    const e = producer.get(v);
    if (!e) {
      resVars.push(v);
      return;
    }
    if (
      saveable(
        e.primitive,
        e.inputs.map((a) => a.aval),
        e.params,
      )
    ) {
      resVars.push(v);
      return;
    }
    recompute.add(e);
    for (const a of e.inputs) if (a instanceof Var) need(a);
  };
  for (const e of stagedEqns) for (const a of e.inputs) if (a instanceof Var) need(a);
  const outUnknown = j.outs.map((o) => o instanceof Var && unknown.has(o));
  const knownIns = j.inBinders.filter((_, i) => !unknowns[i]);
  const knownEqns = j.eqns.filter((e) => !stagedEqns.has(e));
  const knownJ = dce(new Jaxpr(j.constvars, knownIns, knownEqns, [...j.outs.filter((_, i) => !outUnknown[i]), ...resVars]));
  const stagedJ = dce(
    new Jaxpr(
      j.constvars,
      [...resVars, ...j.inBinders.filter((_, i) => unknowns[i])],
      j.eqns.filter((e) => stagedEqns.has(e) || recompute.has(e)),
      j.outs.filter((_, i) => outUnknown[i]),
    ),
  );
  const close = (jj: Jaxpr) =>
    new ClosedJaxpr(
      jj,
      jj.constvars.map((v) => cj.consts[j.constvars.indexOf(v)]),
    );
  return { known: close(knownJ), staged: close(stagedJ), outUnknown, numRes: resVars.length };
}

/** The jaxpr with its constants as leading inputs, and those constants. */
function hoisted(cj: ClosedJaxpr): [ClosedJaxpr, NDArray[]] {
  const { closed, consts } = hoistConsts(cj);
  return [closed, consts];
}

export const rematP: Primitive<RematParams> = new Primitive(
  "remat2",
  {
    abstractEval: (_avals, p) => p.jaxpr.outAvals,
    impl: (args, p) => evalClosed(p.jaxpr, args),
    jvp(primals, tangents, p) {
      const nz = tangents.map((t) => !(t instanceof Zero));
      const { jaxpr, outNonzeros } = jvpJaxpr(
        p.jaxpr,
        nz,
        p.jaxpr.outAvals.map(() => false),
      );
      const [jj, consts] = hoisted(jaxpr);
      const outs = bind(rematP, [...consts, ...primals, ...(tangents.filter((_, i) => nz[i]) as NDArray[])], { ...p, jaxpr: jj });
      const n = p.jaxpr.outAvals.length;
      let k = n;
      return [outs.slice(0, n), p.jaxpr.outAvals.map((a, i) => (outNonzeros[i] ? outs[k++] : new Zero(a.strongType())))];
    },
    partialEval(traceU, tracers, p) {
      const trace = traceU as PartialEvalTrace;
      const ts = tracers as PETracer[];
      const unknowns = ts.map((t) => !t.pval.isKnown);
      const split = rematPartialEval(p.jaxpr, unknowns, p.policy);
      const knownIn = ts.filter((t) => t.pval.isKnown).map((t) => t.pval.known!);
      const knownOuts = evalClosed(split.known, knownIn);
      const nKnownOut = knownOuts.length - split.numRes;
      const [sj, sconsts] = hoisted(split.staged);
      const res = [...sconsts, ...knownOuts.slice(nKnownOut)].map((r) => trace.pure(r) as PETracer);
      const ukOuts = trace.stageEqn(rematP, [...res, ...ts.filter((t) => !t.pval.isKnown)], { ...p, jaxpr: sj, differentiated: true });
      let ki = 0;
      let ui = 0;
      return split.outUnknown.map((u) => (u ? ukOuts[ui++] : trace.pure(knownOuts[ki++])));
    },
    transpose(cts, args, p) {
      const linear = args.map((a) => a instanceof UndefinedPrimal);
      const [tj, consts] = hoisted(transposeJaxpr(p.jaxpr, linear));
      const nonLin = args.filter((a) => !(a instanceof UndefinedPrimal)) as NDArray[];
      const res = bind(rematP, [...consts, ...nonLin, ...cts.map(instantiate)], { ...p, jaxpr: tj, differentiated: true });
      let k = 0;
      return args.map((a) => (a instanceof UndefinedPrimal ? res[k++] : null));
    },
    batch(args, dims, p, axisSize) {
      const [xs, ds] = batchToFront(args, dims);
      const { jaxpr, outBatched } = batchJaxpr(
        p.jaxpr,
        axisSize,
        ds,
        p.jaxpr.outAvals.map(() => false),
      );
      const [jj, consts] = hoisted(jaxpr);
      const outs = bind(rematP, [...consts, ...xs], { ...p, jaxpr: jj });
      return [outs, outBatched.map((b) => (b ? 0 : null))];
    },
  },
  true,
);

export interface CheckpointOptions {
  /** Which intermediate values may be saved for the backward pass (default: none, everything is recomputed). */
  policy?: CheckpointPolicy | null;
  /** Arguments passed as JS values, not traced. */
  staticArgnums?: number | readonly number[];
  /** Kept for JAX parity (recomputation is never merged with the forward pass here). */
  preventCse?: boolean;
}

/** jax.checkpoint / jax.remat. */
export function checkpoint<F extends AnyFn>(fn: F, options?: CheckpointOptions): F {
  checkCallable(fn, "checkpoint");
  const opts = checkOptions(options, "checkpoint", ["policy", "staticArgnums", "preventCse"]);
  const statics = opts.staticArgnums === undefined ? [] : argnumList(opts.staticArgnums, "checkpoint: staticArgnums");
  let pol = opts.policy ?? null;
  if (pol !== null && typeof pol !== "function")
    throw new ValueError("checkpoint: policy must be a function (a checkpointPolicies entry) or null");
  // A user's policy prints as JAX prints a function, not as its source.
  if (pol && pol.toString === Function.prototype.toString) {
    const user = pol;
    pol = policy(fnName(user), (prim, avals, params) => user(prim, avals, params));
  }
  const preventCse = opts.preventCse ?? true;
  const name = fnName(fn);
  const wrapped = (...args: unknown[]): unknown => {
    const norm = statics.map((s) => (s < 0 ? s + args.length : s));
    const dyn = args.filter((_, i) => !norm.includes(i));
    const [raw, inTree] = tree.flatten(dyn);
    const leaves = leavesAsArrays(raw, `${name} argument`);
    if (isEager(leaves)) return fn(...args);
    let outTree: TreeDef | null = null;
    const traced = traceToJaxpr(
      (...xs) => {
        const d = tree.unflatten(inTree, xs) as unknown[];
        let k = 0;
        const out = fn(...args.map((a, i) => (norm.includes(i) ? a : d[k++])));
        outTree = tree.flatten(out)[1];
        return flattenLike(out, outTree, name);
      },
      leaves.map((l) => l.aval),
    );
    const [closed, consts] = hoisted(traced);
    const outs = bind(rematP, [...consts, ...leaves], { differentiated: false, jaxpr: closed, policy: pol, prevent_cse: preventCse });
    return tree.unflatten(outTree! as TreeDef, outs);
  };
  Object.defineProperty(wrapped, "name", { value: name });
  return wrapped as unknown as F;
}

/** jax.remat: the same as checkpoint. */
export const remat: typeof checkpoint = checkpoint;

export type { NoParams };
