// jax.custom_vjp: a function with its own reverse-mode rule. A call binds
// `custom_vjp_call` (the traced function plus fwd/bwd as flat closures).
// Its JVP runs fwd and binds `custom_lin` on the residuals and the input
// tangents: linear in the tangents, transposed by running bwd; evaluating it
// (forward mode proper) raises JAX's error.
import type { ShapedArray } from "../core/aval.ts";
import { AttributeError, JaxTypeError, NotImplementedError, UnexpectedTracerError, ValueError as ValueError_ } from "../core/errors.ts";
import type { ClosedJaxpr } from "../core/jaxpr.ts";
import { isInexact } from "../core/dtypes.ts";
import { NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { Primitive, type Tangent, UndefinedPrimal, Zero } from "../core/primitive.ts";
import { checkCallable } from "../core/scalar_args.ts";
import { userCode } from "../core/temporaries.ts";
import { bind, isEager, isTracer } from "../core/trace.ts";
import { shapeStr } from "../core/shape.ts";
import { convert, instantiate } from "../lax/helpers.ts";
import { reduceSumP } from "../lax/reduce.ts";
import { leavesAsArrays, tree, type TreeDef } from "./args.ts";
import {
  batchToFront,
  bindApplying,
  flattenLike,
  fnName,
  nondiffList,
  splitArgs,
  traceUserFunction,
  unbatchedAval,
  vmapFlat,
} from "./custom_common.ts";
import { SymbolicZero } from "./custom_jvp.ts";
import { batchJaxpr, evalClosed, hoistConsts } from "./jaxpr_transforms.ts";
import { tangentAval } from "./jvp.ts";
import { traceToJaxpr } from "./staging.ts";
import type { AnyFn } from "./types.ts";

/**
 * bwd on flat residuals and output cotangents: cotangents of the differentiated
 * inputs. Zero cotangents in or out are symbolic (`Zero`); without
 * symbolic_zeros the cotangents coming in are instantiated.
 */
export type FlatBwd = (res: NDArray[], cts: Tangent[]) => Tangent[];
/**
 * fwd on the primitive's flat inputs: outputs, residuals, and the bwd that
 * reads them. `perturbed` (one per differentiated input) says which inputs
 * have a nonzero tangent; absent under vmap's own tracing, where all are.
 */
export type FlatFwd = (ins: NDArray[], perturbed?: boolean[]) => { outs: NDArray[]; res: NDArray[]; bwd: FlatBwd };

/**
 * A leaf of an argument handed to a custom_vjp fwd rule defined with
 * `symbolicZeros: true` (jax.custom_derivatives.CustomVJPPrimal): the primal
 * `value` and whether it is `perturbed` (has a nonzero tangent).
 */
export class CustomVJPPrimal {
  constructor(
    readonly value: NDArray,
    readonly perturbed: boolean,
  ) {}
}

/** jax.custom_derivatives.custom_vjp_primal_tree_values: a fwd rule's argument tree with each CustomVJPPrimal replaced by its value. */
export function customVjpPrimalTreeValues<T>(t: T): T {
  return tree.map((leaf: unknown) => {
    if (!(leaf instanceof CustomVJPPrimal))
      throw new JaxTypeError(
        `unexpected leaf type ${leaf === null ? "null" : typeof leaf === "object" ? (leaf as object).constructor.name : typeof leaf}`,
      );
    return leaf.value;
  }, t) as T;
}

export type CustomVjpCallParams = {
  name: string;
  bwd: string;
  call_jaxpr: ClosedJaxpr;
  fwd: string;
  symbolic_zeros: boolean;
  _fwd: FlatFwd;
  /** Leading inputs (consts, non-differentiated arrays) that get no cotangent. */
  _numFixed: number;
};

export type CustomLinParams = {
  num_res: number;
  bwd: string;
  out_avals: ShapedArray[];
  symbolic_zeros: boolean;
  /** Per differentiated input: its tangent is a symbolic zero (not an input of the equation). */
  in_zeros: boolean[];
  _bwd: FlatBwd;
};

export const customLinP: Primitive<CustomLinParams> = new Primitive(
  "custom_lin",
  {
    abstractEval: (_avals, p) => p.out_avals,
    impl() {
      throw new JaxTypeError("can't apply forward-mode autodiff (jvp) to a custom_vjp function.");
    },
    transpose(cts, args, p) {
      const res = args.slice(0, p.num_res) as NDArray[];
      const ctsIn = userCode(res, () => p._bwd(res, p.symbolic_zeros ? cts : cts.map(instantiate)));
      return [...res.map(() => null), ...ctsIn.filter((_, i) => !p.in_zeros[i])];
    },
  },
  true,
);

export const customVjpCallP: Primitive<CustomVjpCallParams> = new Primitive(
  "custom_vjp_call",
  {
    abstractEval: (_avals, p) => p.call_jaxpr.outAvals,
    impl: (args, p) => evalClosed(p.call_jaxpr, args),
    jvp(primals, tangents, p) {
      const diffTangents = tangents.slice(p._numFixed);
      const inZeros = diffTangents.map((t) => t instanceof Zero);
      const { outs, res, bwd } = userCode(primals, () =>
        p._fwd(
          primals,
          inZeros.map((z) => !z),
        ),
      );
      // Without symbolic zeros the rule sees every input tangent (JAX instantiates them).
      const lin = p.symbolic_zeros ? diffTangents.filter((t) => !(t instanceof Zero)) : diffTangents.map(instantiate);
      const touts = bind(customLinP, [...res, ...(lin as NDArray[])], {
        num_res: res.length,
        bwd: p.bwd,
        out_avals: outs.map((o) => tangentAval(o.aval)),
        symbolic_zeros: p.symbolic_zeros,
        in_zeros: p.symbolic_zeros ? inZeros : inZeros.map(() => false),
        _bwd: bwd,
      });
      return [outs, touts];
    },
    batch(args, dims, p, axisSize) {
      const [xs, ds] = batchToFront(args, dims);
      const call = batchJaxpr(
        p.call_jaxpr,
        axisSize,
        ds,
        p.call_jaxpr.outAvals.map(() => true),
      ).jaxpr;
      const nOut = call.outAvals.length;
      const diffDims = ds.slice(p._numFixed);
      const fwd: FlatFwd = (ins, perturbed) => {
        let inner: FlatBwd | null = null;
        const all = vmapFlat(
          (...zs) => {
            const r = p._fwd(zs, perturbed);
            inner = r.bwd;
            return [...r.outs, ...r.res];
          },
          axisSize,
          ins,
          ds,
        );
        const bwdInner = inner! as FlatBwd;
        const bwd: FlatBwd = (res, cts) => {
          // Symbolic zero cotangents stay symbolic (unbatched); so do zero results.
          const nz = cts.filter((c): c is NDArray => !(c instanceof Zero));
          let outZero: boolean[] = [];
          const out = vmapFlat(
            (...zs) => {
              const nzIn = zs.slice(res.length);
              let k = 0;
              const cz = cts.map((c) => (c instanceof Zero ? new Zero(unbatchedAval(c.aval)) : nzIn[k++]));
              const r = bwdInner(zs.slice(0, res.length), cz);
              outZero = r.map((c) => c instanceof Zero);
              return r.filter((c): c is NDArray => !(c instanceof Zero));
            },
            axisSize,
            [...res, ...nz],
            [...res, ...nz].map(() => 0),
          );
          let k = 0;
          return outZero.map((z, i) => {
            if (z) return new Zero(tangentAval(xs[p._numFixed + i].aval));
            const c = out[k++];
            // Inputs that were not batched get the sum over the batch.
            return diffDims[i] === null ? bind(reduceSumP, [c], { axes: [0] })[0] : c;
          });
        };
        return { outs: all.slice(0, nOut), res: all.slice(nOut), bwd };
      };
      const outs = bind(customVjpCallP, xs, { ...p, call_jaxpr: call, _fwd: fwd });
      return [outs, outs.map(() => 0)];
    },
  },
  true,
);

/**
 * Binds custom_vjp_call on flat inputs: `fixed` (no cotangent) then `diff`.
 * `callJaxpr` takes the same inputs.
 */
export function bindCustomVjp(
  names: { name: string; fwd: string; bwd: string },
  callJaxpr: ClosedJaxpr,
  fixed: NDArray[],
  diff: NDArray[],
  fwd: FlatFwd,
  symbolicZeros = false,
): NDArray[] {
  return bind(customVjpCallP, [...fixed, ...diff], {
    name: names.name,
    bwd: names.bwd,
    call_jaxpr: callJaxpr,
    fwd: names.fwd,
    symbolic_zeros: symbolicZeros,
    _fwd: fwd,
    _numFixed: fixed.length,
  });
}

export interface CustomVjpOptions {
  /** Arguments passed to bwd first, never differentiated. */
  nondiffArgnums?: number | readonly number[];
}

export type CustomVjp<F extends AnyFn> = F & {
  /** fwd(...args) => [out, residuals]; bwd(...nondiff, residuals, g) => one cotangent per differentiated argument (null: zero). */
  defvjp(
    fwd: (...args: any[]) => [unknown, unknown],
    bwd: (...args: any[]) => unknown,
    options?: { symbolicZeros?: boolean; optimizeRemat?: boolean },
  ): void;
  readonly fun: F;
  readonly nondiffArgnums: number[];
};

/** An aval as JAX's str_short writes it (`float32[2,3]`). */
const shortStr = (a: ShapedArray): string => `${a.dtype}[${a.shape.join(",")}]`;

/**
 * One cotangent per leaf of an argument, from bwd's entry for it: null, a null
 * leaf or a SymbolicZero give a symbolic zero.
 */
function ctLeaves(ct: unknown, arg: unknown, argLeaves: NDArray[], what: string, argIndex = 0): Tangent[] {
  if (ct === null || ct === undefined) return argLeaves.map((l) => new Zero(tangentAval(l.aval)));
  const [, argTree] = tree.flatten(arg);
  const [cls, ctTree] = tree.flatten(ct);
  if (!ctTree.equals(argTree)) {
    throw new JaxTypeError(
      `${what}: the bwd rule must produce an output with the same container (pytree) structure as the args tuple of the primal function; expected ${argTree}, got ${ctTree}`,
    );
  }
  return cls.map((c, i) => {
    const want = tangentAval(argLeaves[i].aval);
    if (c === null || c === undefined) return new Zero(want);
    if (c instanceof Zero) {
      if (shapeStr(c.aval.shape) !== shapeStr(want.shape) || c.aval.dtype !== want.dtype) {
        throw new ValueError_(
          `Custom VJP bwd rule produced a SymbolicZero with a shape/dtype that does not match the corresponding input tangent shape/dtype: at output[${argIndex}] the SymbolicZero had shape/dtype ${shortStr(c.aval)} while the corresponding input had shape/dtype ${shortStr(argLeaves[i].aval)}. Consider just returning a null here instead of a SymbolicZero object.`,
        );
      }
      return new Zero(want);
    }
    const arr = leavesAsArrays([c], what)[0];
    if (shapeStr(arr.shape) !== shapeStr(want.shape)) {
      throw new ValueError_(
        `Custom VJP bwd rule must produce an output with the same type as the args tuple of the primal function, but at output[${argIndex}] the bwd rule produced an output of type ${shortStr(arr.aval)} corresponding to an input of type ${shortStr(argLeaves[i].aval)}`,
      );
    }
    // As JAX (its "temporary dtype exception"): a cotangent of another dtype for an inexact input passes through as it is.
    if (arr.weakType || (arr.dtype !== want.dtype && !isInexact(want.dtype))) return convert(arr, want.dtype);
    return arr;
  });
}

/** jax.custom_vjp. */
export function customVjp<F extends AnyFn>(fn: F, options?: CustomVjpOptions): CustomVjp<F> {
  checkCallable(fn, "customVjp");
  const opts = checkOptions(options, "customVjp", ["nondiffArgnums"]);
  const nondiff = nondiffList(opts.nondiffArgnums, "customVjp");
  const name = fnName(fn);
  let fwdFn: ((...args: any[]) => [unknown, unknown]) | null = null;
  let bwdFn: ((...args: any[]) => unknown) | null = null;
  let symbolicZeros = false;

  const call = (...args: unknown[]): unknown => {
    if (!fwdFn || !bwdFn) throw new AttributeError(`No VJP defined for custom_vjp function ${name} using defvjp.`);
    const [fw, bw, sz] = [fwdFn, bwdFn, symbolicZeros];
    for (const i of nondiff) {
      const a = args[i < 0 ? i + args.length : i];
      if (a !== undefined && tree.leaves(a).some(isTracer)) {
        throw new UnexpectedTracerError(
          "Found a JAX Tracer object passed as an argument to a custom_vjp function in a position indicated by nondiff_argnums as non-differentiable. Tracers cannot be passed as non-differentiable arguments to custom_vjp functions; instead, nondiff_argnums should only be used for arguments that can't be or contain JAX tracers, e.g. function-valued arguments. In particular, array-valued arguments should typically not be indicated as nondiff_argnums.",
        );
      }
    }
    const sp = splitArgs(args, nondiff, name);
    if (isEager([...sp.dynNondiff, ...sp.leaves])) return fn(...args);
    const { closed, consts, outTree: ot, k, nc } = traceUserFunction(fn, sp, name);
    const diffArgsTemplate = sp.diffArgs(sp.leaves);
    const fwd: FlatFwd = (ins, perturbed) => {
      const dyn = ins.slice(nc, nc + k);
      const diffIns = ins.slice(nc + k);
      // symbolicZeros: each differentiated leaf arrives as {value, perturbed}.
      const fwdLeaves = sz ? diffIns.map((x, i) => new CustomVJPPrimal(x, perturbed?.[i] ?? true)) : diffIns;
      const r = fw(...sp.rebuild(dyn, fwdLeaves as NDArray[]));
      if (!Array.isArray(r) || r.length !== 2) {
        throw new JaxTypeError(
          `Custom VJP fwd rule ${fnName(fw)} for function ${name} must produce a pair (list of length 2) where the first element represents the primal output (equal to the output of the custom_vjp-decorated function ${name}) and the second element represents residuals (i.e. values stored from the forward pass for use on the backward pass), but instead the fwd rule output was not a pair.`,
        );
      }
      const outs = flattenLike(r[0], ot, `Custom VJP fwd rule ${fnName(fw)} primal output`);
      const [resRaw, resTree] = tree.flatten(r[1]);
      const res = leavesAsArrays(resRaw, `Custom VJP fwd rule ${fnName(fw)} residual`);
      const bwd: FlatBwd = (resIn, cts) => {
        const g = tree.unflatten(
          ot,
          cts.map((c) => (c instanceof Zero ? new SymbolicZero(c.aval) : c)),
        );
        const out = bw(...sp.nondiff(dyn), tree.unflatten(resTree, resIn), g);
        const nArgs = diffArgsTemplate.length;
        if (!Array.isArray(out) || out.length !== nArgs) {
          throw new JaxTypeError(
            `Custom VJP bwd rule must produce a tuple (list) of length equal to the number of primal (differentiated) arguments ${nArgs}, but got ${Array.isArray(out) ? `length ${out.length}` : "a non-list"}.`,
          );
        }
        let start = 0;
        return diffArgsTemplate.flatMap((arg, i) => {
          const n = tree.flatten(arg)[0].length;
          const ls = sp.leaves.slice(start, start + n);
          start += n;
          return ctLeaves(out[i], arg, ls, `Custom VJP bwd rule ${fnName(bw)}`, i);
        });
      };
      return { outs, res, bwd };
    };
    const fixed = [...consts, ...sp.dynNondiff];
    const outs = bindApplying([...fixed, ...sp.leaves], name, "custom_vjp", () =>
      bindCustomVjp({ name, fwd: fnName(fw), bwd: fnName(bw) }, closed, fixed, sp.leaves, fwd, sz),
    );
    return tree.unflatten(ot, outs);
  };

  const f = call as CustomVjp<F>;
  Object.defineProperty(f, "name", { value: name });
  Object.defineProperty(f, "fun", { value: fn });
  Object.defineProperty(f, "nondiffArgnums", { value: nondiff });
  f.defvjp = (fwd, bwd, o) => {
    checkCallable(fwd, "defvjp: fwd");
    checkCallable(bwd, "defvjp: bwd");
    const ro = checkOptions(o, "defvjp", ["symbolicZeros", "optimizeRemat"]);
    if (ro.symbolicZeros && ro.optimizeRemat) {
      throw new NotImplementedError("remat optimization for custom_vjp does not support symbolic zeros");
    }
    symbolicZeros = ro.symbolicZeros === true;
    fwdFn = fwd;
    bwdFn = bwd;
  };
  return f;
}

/**
 * jax.custom_gradient: `f(...args)` returns `[out, g]` where `g(ct)` gives the
 * cotangents of the arguments (a list, one per argument; a lone value for one argument).
 */
export function customGradient<F extends (...args: any[]) => [unknown, (ct: any) => unknown]>(
  f: F,
): (...args: Parameters<F>) => ReturnType<F>[0] {
  checkCallable(f, "customGradient");
  const name = fnName(f);
  return (...args: unknown[]) => {
    const [raw, inTree] = tree.flatten(args);
    const leaves = leavesAsArrays(raw, `${name} argument`);
    if (isEager(leaves)) return f(...args)[0];
    let outTree: TreeDef | null = null;
    const traced = traceToJaxpr(
      (...xs) => {
        const [out] = f(...(tree.unflatten(inTree, xs) as unknown[]));
        outTree = tree.flatten(out)[1];
        return flattenLike(out, outTree, name);
      },
      leaves.map((x) => x.aval),
    );
    const { closed, consts } = hoistConsts(traced);
    const nc = consts.length;
    const ot = outTree! as TreeDef;
    const fwd: FlatFwd = (ins) => {
      const xs = ins.slice(nc);
      const argsNow = tree.unflatten(inTree, xs) as unknown[];
      const [out, rule] = f(...argsNow);
      const outs = flattenLike(out, ot, `${name} output`);
      // The rule closes over values of the forward pass: trace it, its constants are the residuals.
      const ruleJ = traceToJaxpr(
        (...cts) => {
          let r = rule(tree.unflatten(ot, cts));
          if (argsNow.length === 1 && !Array.isArray(r)) r = [r];
          if (!Array.isArray(r) || r.length !== argsNow.length) {
            throw new JaxTypeError(`${name}: the gradient function must return one cotangent per argument (${argsNow.length})`);
          }
          let start = 0;
          return argsNow.flatMap((arg, i) => {
            const n = tree.flatten(arg)[0].length;
            const ls = xs.slice(start, start + n);
            start += n;
            return ctLeaves((r as unknown[])[i], arg, ls, name).map(instantiate);
          });
        },
        outs.map((o) => tangentAval(o.aval)),
      );
      const { closed: rj, consts: res } = hoistConsts(ruleJ);
      return { outs, res, bwd: (r, cts) => evalClosed(rj, [...r, ...cts.map(instantiate)]) };
    };
    const outs = bindApplying([...consts, ...leaves], name, "custom_gradient", () =>
      bindCustomVjp({ name, fwd: "fwd", bwd: "bwd" }, closed, consts, leaves, fwd),
    );
    return tree.unflatten(ot, outs);
  };
}

export { NDArray, UndefinedPrimal };
