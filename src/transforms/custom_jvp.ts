// jax.custom_jvp: a function with its own forward-mode rule. A call binds
// `custom_jvp_call`, which carries the traced function (call_jaxpr) and the
// rule as a flat closure: evaluation and staging run the function, JVP runs
// the rule (so reverse mode and grad-of-grad differentiate the rule), vmap
// batches both.
import { ShapedArray } from "../core/aval.ts";
import { ClosedJaxpr } from "../core/jaxpr.ts";
import { AttributeError, JaxTypeError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { Primitive, type Tangent, Zero } from "../core/primitive.ts";
import { checkCallable } from "../core/scalar_args.ts";
import { userCode } from "../core/temporaries.ts";
import { bind, isEager } from "../core/trace.ts";
import { shapeStr } from "../core/shape.ts";
import { addTangents, convert, instantiate } from "../lax/helpers.ts";
import { leavesAsArrays, tree } from "./args.ts";
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
import { batchJaxpr, evalClosed } from "./jaxpr_transforms.ts";
import { tangentAval } from "./jvp.ts";
import type { AnyFn } from "./types.ts";

/** The rule on flat inputs (consts, non-diff arrays, diff leaves): primal outputs and their tangents. */
export type FlatJvp = (primals: NDArray[], tangents: Tangent[]) => [NDArray[], Tangent[]];

/**
 * A zero tangent handed to a rule defined with `symbolicZeros: true`
 * (jax.custom_derivatives.SymbolicZero): it has the tangent's shape and dtype,
 * costs nothing, and a rule may return one.
 */
export class SymbolicZero extends Zero {
  get shape(): number[] {
    return [...this.aval.shape];
  }
  get dtype(): string {
    return this.aval.dtype;
  }
  get ndim(): number {
    return this.aval.shape.length;
  }
  get size(): number {
    return this.aval.shape.reduce((a, b) => a * b, 1);
  }
  /** The symbolic zero tangent of a primal value (SymbolicZero.from_primal_value; weak type kept, as JAX's). */
  static fromPrimalValue(val: unknown): SymbolicZero {
    return new SymbolicZero(leavesAsArrays([val], "SymbolicZero.fromPrimalValue")[0].aval);
  }
}

/**
 * jax.custom_derivatives.zero_from_primal: a zero tangent for each leaf of
 * `val`, symbolic (SymbolicZero) with `symbolicZeros`, else a zeros array.
 */
export function zeroFromPrimal<T>(val: T, options?: { symbolicZeros?: boolean }): T {
  const sym = checkOptions(options, "zeroFromPrimal", ["symbolicZeros"]).symbolicZeros === true;
  return tree.map((x: unknown) => {
    const z = SymbolicZero.fromPrimalValue(x);
    return sym ? z : instantiate(z);
  }, val) as T;
}

export type CustomJvpCallParams = {
  name: string;
  call_jaxpr: ClosedJaxpr;
  jvp: string;
  symbolic_zeros: boolean;
  _jvp: FlatJvp;
};

export const customJvpCallP: Primitive<CustomJvpCallParams> = new Primitive(
  "custom_jvp_call",
  {
    abstractEval: (_avals, p) => p.call_jaxpr.outAvals,
    impl: (args, p) => evalClosed(p.call_jaxpr, args),
    jvp(primals, tangents, p) {
      // symbolic_zeros=False (JAX's default): the rule sees every tangent, zeros instantiated.
      return userCode(primals, () =>
        p._jvp(
          primals,
          tangents.map((t) => (!(t instanceof Zero) ? t : p.symbolic_zeros ? new SymbolicZero(t.aval) : instantiate(t))),
        ),
      );
    },
    batch(args, dims, p, axisSize) {
      const [xs, ds] = batchToFront(args, dims);
      const call = batchJaxpr(
        p.call_jaxpr,
        axisSize,
        ds,
        p.call_jaxpr.outAvals.map(() => true),
      ).jaxpr;
      const n = xs.length;
      const nOut = call.outAvals.length;
      const jvp: FlatJvp = (ps, ts0) => {
        // With symbolic_zeros, zero tangents stay symbolic (unbatched) for the rule, as do zeros it returns.
        const ts = p.symbolic_zeros ? ts0 : ts0.map(instantiate);
        const nz = ts.filter((t): t is NDArray => !(t instanceof Zero));
        const nzDims = ds.filter((_, i) => !(ts[i] instanceof Zero));
        let outZero: boolean[] = [];
        const outs = vmapFlat(
          (...all) => {
            let k = 0;
            const tin = ts.map((t) => (t instanceof Zero ? new SymbolicZero(unbatchedAval(t.aval)) : all[n + k++]));
            const [o, t] = p._jvp(all.slice(0, n), tin);
            outZero = t.map((x) => x instanceof Zero);
            return [...o, ...t.filter((x): x is NDArray => !(x instanceof Zero))];
          },
          axisSize,
          [...ps, ...nz],
          [...ds, ...nzDims],
        );
        let k = nOut;
        const touts = outZero.map((z, i) => (z ? new Zero(tangentAval(outs[i].aval)) : outs[k++]));
        return [outs.slice(0, nOut), touts];
      };
      const outs = bind(customJvpCallP, xs, { ...p, call_jaxpr: call, _jvp: jvp });
      return [outs, outs.map(() => 0)];
    },
  },
  true,
);

/** A tangent output of a rule, checked against its primal and given the primal's tangent dtype. */
function matchTangent(t: NDArray, primal: ShapedArray, what: string): NDArray {
  const want = tangentAval(primal);
  if (shapeStr(t.shape) !== shapeStr(want.shape)) {
    throw new JaxTypeError(
      `${what} must produce primal and tangent outputs with corresponding shapes and dtypes, but got ${primal.str()} and ${t.aval.str()} respectively.`,
    );
  }
  return t.dtype === want.dtype && !t.weakType ? t : convert(t, want.dtype);
}

function checkPrimal(o: NDArray, want: ShapedArray, what: string): NDArray {
  if (shapeStr(o.shape) !== shapeStr(want.shape) || (o.dtype !== want.dtype && !o.weakType)) {
    throw new JaxTypeError(
      `${what} must produce primal outputs with equal shapes and dtypes to the primal function, but got ${o.aval.str()} where the function gives ${want.str()}.`,
    );
  }
  return o.dtype === want.dtype ? o : convert(o, want.dtype, want.weakType);
}

export interface CustomJvpOptions {
  /** Arguments passed to the rule as they are (before primals and tangents), never differentiated. */
  nondiffArgnums?: number | readonly number[];
}

/** A JVP rule: `(...nondiff, primals, tangents) => [primalOut, tangentOut]`. */
export type JvpRule = (...args: any[]) => [unknown, unknown];
/** One rule of defjvps: `(tangent, primalOut, ...primals) => tangent contribution`. */
export type JvpsRule = ((t: any, primalOut: any, ...primals: any[]) => unknown) | null;

export type CustomJvp<F extends AnyFn> = F & {
  /** Sets the JVP rule and returns it (decorator style). */
  defjvp<R extends JvpRule>(rule: R, options?: { symbolicZeros?: boolean }): R;
  /** One rule per argument (null: that argument's contribution is zero); contributions are summed. */
  defjvps(...rules: JvpsRule[]): void;
  readonly fun: F;
  readonly nondiffArgnums: number[];
};

/** jax.custom_jvp. */
export function customJvp<F extends AnyFn>(fn: F, options?: CustomJvpOptions): CustomJvp<F> {
  checkCallable(fn, "customJvp");
  const opts = checkOptions(options, "customJvp", ["nondiffArgnums"]);
  const nondiff = nondiffList(opts.nondiffArgnums, "customJvp");
  let rule: JvpRule | null = null;
  let symbolicZeros = false;
  const name = fnName(fn);

  const call = (...args: unknown[]): unknown => {
    if (!rule) throw new AttributeError(`No JVP defined for custom_jvp function ${name} using defjvp.`);
    const r = rule;
    const sp = splitArgs(args, nondiff, name);
    // Nothing traced: JAX's impl just runs the function.
    if (isEager([...sp.dynNondiff, ...sp.leaves])) return fn(...args);
    const { closed, consts, outTree: ot, k, nc } = traceUserFunction(fn, sp, name);
    const outAvals = closed.outAvals;
    const jvp: FlatJvp = (ps, ts) => {
      const dyn = ps.slice(nc, nc + k);
      const primals = sp.diffArgs(ps.slice(nc + k));
      const tangents = sp.diffArgs(ts.slice(nc + k));
      const res = r(...sp.nondiff(dyn), primals, tangents);
      if (!Array.isArray(res) || res.length !== 2) {
        throw new JaxTypeError(
          `Custom JVP rule ${fnName(r)} for function ${name} must produce a pair (list of length 2) representing primal and tangent outputs, got ${String(res)}.`,
        );
      }
      const po = flattenLike(res[0], ot, "Custom JVP rule").map((o, i) => checkPrimal(o, outAvals[i], "Custom JVP rule"));
      const [tls, ttd] = tree.flatten(res[1]);
      if (!ttd.equals(ot)) flattenLike(res[1], ot, "Custom JVP rule tangent output");
      const to = tls.map((t, i) =>
        t instanceof Zero
          ? new Zero(tangentAval(outAvals[i]))
          : matchTangent(leavesAsArrays([t], "Custom JVP rule tangent output")[0], outAvals[i], "Custom JVP rule"),
      );
      return [po, to];
    };
    const ins = [...consts, ...sp.dynNondiff, ...sp.leaves];
    const outs = bindApplying(ins, name, "custom_jvp", () =>
      bind(customJvpCallP, ins, {
        name,
        call_jaxpr: closed,
        jvp: fnName(r),
        symbolic_zeros: symbolicZeros,
        _jvp: jvp,
      }),
    );
    return tree.unflatten(ot, outs);
  };

  const f = call as CustomJvp<F>;
  Object.defineProperty(f, "name", { value: name });
  Object.defineProperty(f, "fun", { value: fn });
  Object.defineProperty(f, "nondiffArgnums", { value: nondiff });
  f.defjvp = <R extends JvpRule>(jvpRule: R, ruleOpts?: { symbolicZeros?: boolean }): R => {
    checkCallable(jvpRule, "defjvp");
    symbolicZeros = checkOptions(ruleOpts, "defjvp", ["symbolicZeros"]).symbolicZeros === true;
    rule = jvpRule;
    return jvpRule;
  };
  f.defjvps = (...rules: JvpsRule[]): void => {
    if (nondiff.length) throw new JaxTypeError("Can't use defjvps with nondiffArgnums.");
    const defjvpsRule = (primals: unknown[], tangents: unknown[]): [unknown, unknown] => {
      const out = f(...(primals as Parameters<F>));
      let acc: Tangent[] | null = null;
      const [ols, otd] = tree.flatten(out);
      rules.forEach((rl, i) => {
        if (!rl) return;
        const contrib = flattenLike(rl(tangents[i], out, ...primals), otd, "defjvps rule");
        acc = acc ? acc.map((a, j) => addTangents(a, contrib[j])) : contrib;
      });
      const zeros = leavesAsArrays(ols, "custom_jvp output").map((o) => new Zero(tangentAval(o.aval)));
      return [out, tree.unflatten(otd, (acc ?? zeros).map(instantiate))];
    };
    Object.defineProperty(defjvpsRule, "name", { value: "jvp" });
    rule = defjvpsRule;
    symbolicZeros = false;
  };
  return f;
}

export { ShapedArray };
