// lax.custom_linear_solve and lax.custom_root: solvers differentiated
// implicitly. custom_linear_solve is a primitive linear in its right-hand
// side (as JAX's): its JVP solves again against b_dot - (d matvec) x, its
// transpose runs transpose_solve on the transposed matvec. custom_root is a
// custom_jvp whose rule solves the linearised system with tangent_solve.
import { scalarArray } from "../core/convert.ts";
import { defaultFloat } from "../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { registerDecomposition } from "../compiler/decompositions.ts";
import { Primitive, type Tangent, UndefinedPrimal, Zero } from "../core/primitive.ts";
import { checkCallable } from "../core/scalar_args.ts";
import { bind } from "../core/trace.ts";
import { jvp, linearize } from "../transforms/autodiff.ts";
import { leavesAsArrays, tree, type TreeDef } from "../transforms/args.ts";
import { closureConvert, linearTranspose } from "../transforms/closure.ts";
import { batchToFront, vmapFlat } from "../transforms/custom_common.ts";
import { customJvp } from "../transforms/custom_jvp.ts";
import { jvpFlat } from "../transforms/jvp.ts";
import { traceToJaxpr } from "../transforms/staging.ts";
import { tangentAval } from "../transforms/jvp.ts";
import { ShapedArray } from "../core/aval.ts";
import { broadcastBatch, instantiate } from "./helpers.ts";
import { negP, subP } from "./elementwise.ts";

/** A flat linear map or solver over the leaves of b, given the matvec's hoisted constants. */
type FlatLinear = (v: NDArray[], consts: NDArray[]) => NDArray[];

export type CustomLinearSolveParams = {
  const_lengths: string;
  /** All constants (matvec's, solve's, transposeSolve's). */
  _nc: number;
  /** matvec's constants (the differentiated ones), first. */
  _nm: number;
  _matvec: FlatLinear;
  _vecmat: FlatLinear | null;
  _solve: FlatLinear;
  _tsolve: FlatLinear | null;
  /** hasAux: avals of the auxiliary outputs solve (and transposeSolve) append to x. */
  _aux: ShapedArray[];
  _taux: ShapedArray[];
};

function transposed(p: CustomLinearSolveParams): CustomLinearSolveParams {
  if (!p._tsolve || !p._vecmat) {
    throw new JaxTypeError("transpose_solve required for backwards mode automatic differentiation of custom_linear_solve.");
  }
  return { ...p, _matvec: p._vecmat, _vecmat: p._matvec, _solve: p._tsolve, _tsolve: p._solve, _aux: p._taux, _taux: p._aux };
}

export const customLinearSolveP: Primitive<CustomLinearSolveParams> = new Primitive(
  "custom_linear_solve",
  {
    abstractEval: (avals, p) => [...avals.slice(p._nc).map((a) => a.strongType()), ...p._aux],
    impl: (args, p) => p._solve(args.slice(p._nc), args.slice(0, p._nc)),
    jvp(primals, tangents, p) {
      const consts = primals.slice(0, p._nc);
      const nb = primals.length - p._nc;
      const out = bind(customLinearSolveP, primals, p);
      const x = out.slice(0, nb);
      let rhs: NDArray[] = tangents.slice(p._nc).map((t, i) => (t instanceof Zero ? instantiate(t) : t) ?? x[i]);
      // Tangents of solve's and transposeSolve's constants do not matter (JAX: stop_gradient).
      const ct = tangents.slice(0, p._nc).map((t, i) => (i < p._nm ? t : new Zero(consts[i].aval.strongType())));
      if (ct.some((t) => !(t instanceof Zero))) {
        const [, mvDot] = jvpFlat((...cs) => p._matvec(x, cs), consts, ct);
        rhs = rhs.map((r, i) => (mvDot[i] instanceof Zero ? r : bind(subP, [r, mvDot[i] as NDArray], {})[0]));
      }
      // Auxiliary outputs get zero tangents.
      const xDot: Tangent[] = bind(customLinearSolveP, [...consts, ...rhs], p).slice(0, nb);
      return [out, [...xDot, ...p._aux.map((a) => new Zero(tangentAval(a)))]];
    },
    transpose(cts, args, p) {
      if (args.slice(0, p._nc).some((a) => a instanceof UndefinedPrimal)) {
        throw new JaxTypeError("custom_linear_solve is linear only in its right-hand side b");
      }
      const consts = args.slice(0, p._nc) as NDArray[];
      const nb = args.length - p._nc;
      if (cts.slice(nb).some((c) => !(c instanceof Zero))) {
        throw new JaxTypeError("custom_linear_solve: the auxiliary outputs of solve are not differentiable");
      }
      const ctB = bind(customLinearSolveP, [...consts, ...cts.slice(0, nb).map(instantiate)], transposed(p)).slice(0, nb);
      return [...consts.map(() => null), ...ctB];
    },
    batch(args, dims, p, axisSize) {
      const [xs0, ds0] = batchToFront(args, dims);
      // Every b leaf batched at 0; the constants keep their own batching.
      const xs = xs0.map((x, i) => (i >= p._nc && ds0[i] === null ? broadcastBatch(x, axisSize, 0) : x));
      const cd = ds0.slice(0, p._nc);
      const wrap = (fn: FlatLinear | null): FlatLinear | null =>
        fn &&
        ((v, c) => vmapFlat((...z) => fn(z.slice(0, v.length), z.slice(v.length)), axisSize, [...v, ...c], [...v.map(() => 0), ...cd]));
      const batched = (a: ShapedArray) => new ShapedArray([axisSize, ...a.shape], a.dtype, a.weakType);
      const q: CustomLinearSolveParams = {
        ...p,
        _aux: p._aux.map(batched),
        _taux: p._taux.map(batched),
        _matvec: wrap(p._matvec)!,
        _vecmat: wrap(p._vecmat),
        _solve: wrap(p._solve)!,
        _tsolve: wrap(p._tsolve),
      };
      const outs = bind(customLinearSolveP, xs, q);
      return [outs, outs.map(() => 0)];
    },
    printParams: (p) => `const_lengths=${p.const_lengths}`,
  },
  true,
);

// Programs run the solver in place of the primitive (its forward value is
// solve's), inlined where it is, so it compiles and fuses with its neighbours.
registerDecomposition(
  "custom_linear_solve",
  (avals, params) => {
    const p = params as CustomLinearSolveParams;
    return traceToJaxpr((...ins) => p._solve(ins.slice(p._nc), ins.slice(0, p._nc)), avals);
  },
  { everyTarget: true },
);

export interface CustomLinearSolveOptions {
  /** Solves the transposed system: `transposeSolve(vecmat, b)`; needed for reverse mode unless `symmetric`. */
  transposeSolve?: ((vecmat: (x: any) => any, b: any) => any) | null;
  /** matvec is symmetric: reverse mode uses `solve` itself. */
  symmetric?: boolean;
  /** solve and transposeSolve return `[x, aux]`; the result is then `[x, aux]` (aux not differentiated). */
  hasAux?: boolean;
}

/**
 * jax.lax.custom_linear_solve: `solve(matvec, b)`, differentiated implicitly
 * (through the linear system, not through the solver).
 */
export function customLinearSolve(
  matvec: (x: any) => any,
  b: unknown,
  solve: (matvec: (x: any) => any, b: any) => any,
  options?: CustomLinearSolveOptions | ((vecmat: (x: any) => any, b: any) => any),
): any {
  checkCallable(matvec, "customLinearSolve: matvec");
  checkCallable(solve, "customLinearSolve: solve");
  const opts =
    typeof options === "function"
      ? { transposeSolve: options }
      : checkOptions(options, "customLinearSolve", ["transposeSolve", "symmetric", "hasAux"]);
  const hasAux = opts.hasAux === true;
  const [bRaw, bTree] = tree.flatten(b);
  const bLeaves = leavesAsArrays(bRaw, "customLinearSolve b");
  const asTree = (v: NDArray[]) => tree.unflatten(bTree, v);
  const leavesOf = (x: unknown, what: string): NDArray[] => {
    const [ls, td] = tree.flatten(x);
    if (!td.equals(bTree)) throw new JaxTypeError(`customLinearSolve: ${what} must return the structure of b (${bTree}), got ${td}`);
    return leavesAsArrays(ls, what).map((l, i) => (l.dtype === bLeaves[i].dtype ? l : l.astype(bLeaves[i].dtype)));
  };
  // Each function's traced closure values become inputs of the primitive (one
  // segment each: matvec's, solve's, transposeSolve's), as JAX's const_lengths;
  // only matvec's are differentiated.
  const [mv, mvConsts] = closureConvert(matvec, b);
  const nm = mvConsts.length;
  const matvecF: FlatLinear = (v, c) => leavesOf(mv(asTree(v), ...c.slice(0, nm)), "matvec");
  const mvFn = (c: NDArray[]) => (x: unknown) => asTree(matvecF(leavesOf(x, "matvec argument"), c));
  const vecmatF: FlatLinear = (v, c) => {
    const t = linearTranspose((x: unknown) => mvFn(c)(x), asTree(bLeaves));
    return leavesOf((t(asTree(v)) as unknown[])[0], "vecmat");
  };
  const vmFn = (c: NDArray[]) => (x: unknown) => asTree(vecmatF(leavesOf(x, "vecmat argument"), c));
  // With hasAux a solver returns [x, aux]: its flat outputs are x's leaves then aux's.
  const auxTrees: Record<string, TreeDef> = {};
  const solved = (out: unknown, what: string): NDArray[] => {
    if (!hasAux) return leavesOf(out, what);
    if (!Array.isArray(out) || out.length !== 2) {
      throw new ValueError(
        `${what}() produced a pytree with structure ${tree.flatten(out)[1]}, but a pytree tuple with auxiliary output was expected because has_aux was set to True.`,
      );
    }
    const [auxRaw, auxTree] = tree.flatten(out[1]);
    auxTrees[what] = auxTree;
    return [...leavesOf(out[0], what), ...leavesAsArrays(auxRaw, `${what} auxiliary output`)];
  };
  const [sv, svConsts] = closureConvert((x: unknown) => solve(mvFn(mvConsts), x), b);
  const ns = svConsts.length;
  const solveF: FlatLinear = (v, c) => solved(sv(asTree(v), ...c.slice(nm, nm + ns)), "solve");
  const ts = opts.transposeSolve;
  let tsolveF: FlatLinear | null = null;
  let tsConsts: NDArray[] = [];
  if (opts.symmetric) tsolveF = solveF;
  else if (ts) {
    const [tv, tc] = closureConvert((x: unknown) => ts(vmFn(mvConsts), x), b);
    tsConsts = tc;
    tsolveF = (v, c) => solved(tv(asTree(v), ...c.slice(nm + ns)), "transposeSolve");
  }
  const consts = [...mvConsts, ...svConsts, ...tsConsts];
  const nb = bLeaves.length;
  // The auxiliary outputs' avals, from tracing the solvers once.
  const auxAvals = (fn: FlatLinear | null): ShapedArray[] =>
    !hasAux || !fn
      ? []
      : traceToJaxpr(
          (...ins) => fn(ins.slice(0, nb), ins.slice(nb)),
          [...bLeaves, ...consts].map((l) => l.aval),
        ).outAvals.slice(nb);
  const aux = auxAvals(solveF);
  const outs = bind(customLinearSolveP, [...consts, ...bLeaves], {
    const_lengths: `_LinearSolveTuple(matvec=${nm}, vecmat=${nm}, solve=${ns}, transpose_solve=${tsConsts.length})`,
    _nc: consts.length,
    _nm: nm,
    _matvec: matvecF,
    _vecmat: opts.symmetric ? matvecF : vecmatF,
    _solve: solveF,
    _tsolve: tsolveF,
    _aux: aux,
    _taux: opts.symmetric ? aux : auxAvals(tsolveF),
  });
  if (!hasAux) return asTree(outs);
  return [asTree(outs.slice(0, nb)), tree.unflatten(auxTrees.solve!, outs.slice(nb))];
}

export interface CustomRootOptions {
  /** solve returns `[x, aux]`; the result is then `[x, aux]` (aux not differentiated). */
  hasAux?: boolean;
}

/**
 * jax.lax.custom_root: `solve(f, initialGuess)` finds x with f(x) = 0;
 * derivatives through the implicit function theorem, with
 * `tangentSolve(g, y)` solving the linearised system g(x) = y.
 */
export function customRoot(
  f: (x: any) => any,
  initialGuess: unknown,
  solve: (f: (x: any) => any, x0: any) => any,
  tangentSolve: (g: (x: any) => any, y: any) => any,
  options?: CustomRootOptions,
): any {
  checkCallable(f, "customRoot: f");
  checkCallable(solve, "customRoot: solve");
  checkCallable(tangentSolve, "customRoot: tangentSolve");
  const opts = checkOptions(options, "customRoot", ["hasAux"]);
  const hasAux = opts.hasAux === true;
  // A JS number guess is a float (JAX's `1.0`).
  const guess = tree.map((l: unknown) => (typeof l === "number" ? scalarArray(l, defaultFloat(), true) : l), initialGuess as never);
  const [fc, consts] = closureConvert(f, guess);
  const root = customJvp(function _custom_root(cs: NDArray[], x0: unknown) {
    const out = solve((x: unknown) => fc(x, ...cs), x0);
    if (hasAux && (!Array.isArray(out) || out.length !== 2)) {
      throw new ValueError(
        `solve() produced a pytree with structure ${tree.flatten(out)[1]}, but a pytree tuple with auxiliary output was expected because has_aux was set to True.`,
      );
    }
    return out;
  });
  root.defjvp(function _root_jvp([cs, x0]: [NDArray[], unknown], [dcs]: [NDArray[], unknown]) {
    const full = root(cs, x0);
    const sol = hasAux ? (full as unknown[])[0] : full;
    const fAt = (...c: NDArray[]) => fc(sol, ...c);
    let rhs: unknown;
    if (cs.length === 0) {
      rhs = tree.map((l: NDArray) => instantiate(new Zero(l.aval.strongType())), sol as never);
    } else {
      rhs = (jvp(fAt as never, cs as never, dcs as never) as unknown as [unknown, unknown])[1];
    }
    const lin = linearize as unknown as (g: (x: unknown) => unknown, x: unknown) => [unknown, (t: unknown) => unknown];
    const [, fl] = lin((x) => fc(x, ...cs), sol);
    const dx = tangentSolve(fl, rhs);
    const neg = tree.map((l: unknown) => bind(negP, [l as NDArray], {})[0], dx as never);
    if (!hasAux) return [sol, neg];
    // Auxiliary outputs get zero tangents.
    const auxZero = tree.map((l: unknown) => new Zero(tangentAval((l as NDArray).aval)), (full as unknown[])[1] as never);
    return [full, [neg, auxZero]];
  });
  return root(consts, guess);
}

export { NDArray, type TreeDef };
