// Differentiation: jvp and linearize (forward mode), vjp, grad and
// valueAndGrad (reverse mode), on pytrees of arrays and JS numbers.
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { isComplex, isFloat, isInexact, promoteTypes } from "../core/dtypes.ts";
import { NDArray } from "../core/ndarray.ts";
import { Float0Array, isFloat0 } from "../core/float0.ts";
import { type Tangent, Zero } from "../core/primitive.ts";
import { shapeStr } from "../core/shape.ts";
import type { ArrayImpl } from "../core/array_impl.ts";
import { freeOwned, owning } from "../core/temporaries.ts";
import { currentLevel, isEager } from "../core/trace.ts";
import { checkBoolOption, checkOptions, isPlainObject } from "../core/options.ts";
import { convert, full, instantiate } from "../lax/helpers.ts";
import {
  argnumList,
  checkFloatInputs,
  describe,
  diffLeaves,
  leavesAsArrays,
  normalizeArgnums,
  splitAux,
  tree,
  type TreeDef,
} from "./args.ts";
import { checkCallable } from "../core/scalar_args.ts";
import { jvpFlat, tangentAval } from "./jvp.ts";
import { linearizeFlat, applyLinear, transposeLinear } from "./linearize.ts";
import { withArgCheck } from "./arity.ts";
import type { AnyFn, Argnums, AuxOf, GradResult, In, InArgs, MainOf, Out, OutArgs, TangentInput, ValueAndGradResult } from "./types.ts";

// ---------------- forward mode ----------------

/** jax.jvp: `[f(...primals), the directional derivative along tangents]`, one primal and tangent per argument of f. */
export function jvp<F extends AnyFn>(
  f: F,
  primals: InArgs<Parameters<F>>,
  tangents: InArgs<Parameters<F>, TangentInput>,
  options: { hasAux: true },
): [MainOf<F>, MainOf<F>, AuxOf<F>];
export function jvp<F extends AnyFn>(
  f: F,
  primals: InArgs<Parameters<F>>,
  tangents: InArgs<Parameters<F>, TangentInput>,
  options?: { hasAux?: false },
): [Out<ReturnType<F>>, Out<ReturnType<F>>];
export function jvp(f: AnyFn, primals: unknown[], tangents: unknown[], options?: AuxOptions): unknown[] {
  checkCallable(f, "jvp");
  const hasAux = checkBoolOption(checkOptions(options, "jvp", ["hasAux"]).hasAux, "jvp: hasAux") ?? false;
  if (!Array.isArray(primals) || !Array.isArray(tangents)) {
    throw new JaxTypeError("jvp: primal and tangent arguments must be arrays (one entry per positional argument of f)");
  }
  if (primals.length !== tangents.length) {
    throw new JaxTypeError(
      `jvp: got ${primals.length} primals and ${tangents.length} tangents; they must have the same structure (one of each per argument of f)`,
    );
  }
  const [pl, ptree] = tree.flatten(primals);
  const [tl, ttree] = tree.flatten(tangents);
  if (!ptree.equals(ttree)) {
    throw new JaxTypeError(
      `primal and tangent arguments to jax.jvp must have the same tree structure; primals have tree structure ${ptree} whereas tangents have tree structure ${ttree}.`,
    );
  }
  const ps = diffLeaves(pl, "jvp primal");
  const ts = tangentLeaves(tl, ps, "jvp tangent");
  ps.forEach((p, i) => {
    const t = ts[i];
    if (shapeStr(p.shape) !== shapeStr(t.shape)) {
      throw new ValueError(
        `jvp called with different primal and tangent shapes; Got primal shape ${shapeStr(p.shape)} and tangent shape as ${shapeStr(t.shape)}`,
      );
    }
    if (isInexact(p.dtype) && p.dtype !== t.dtype) {
      throw new JaxTypeError(
        `primal and tangent arguments to jax.jvp do not match; dtypes must be equal, or in case of int/bool primal dtype the tangent dtype must be float0. Got primal dtype ${p.dtype} and so expected tangent dtype ${p.dtype}, but got tangent dtype ${t.dtype} instead.`,
      );
    }
  });
  const outs = new OutputsWithAux("jvp", hasAux);
  const [po, to] = withArgCheck("jvp", f, primals, () =>
    jvpFlat(
      (...xs) => outs.flatten(f(...(tree.unflatten(ptree, xs) as unknown[]))),
      ps,
      ts.map((t, i) => (isInexact(ps[i].dtype) ? t : new Zero(tangentAval(ps[i].aval)))),
    ),
  );
  const n = outs.count;
  const res = [
    tree.unflatten(outs.tree!, po.slice(0, n)),
    tree.unflatten(
      outs.tree!,
      to.slice(0, n).map((t, i) => tangentOut(t, po[i])),
    ),
  ];
  return hasAux ? [...res, outs.aux(po)] : res;
}

/** The options jvp takes after its tangents, and vjp and linearize after their primals. */
export interface AuxOptions {
  /** `f` returns `[out, aux]`: aux comes back last, undifferentiated. */
  hasAux?: boolean;
}

/**
 * vjp and linearize take JAX's has_aux as a last argument `{hasAux}` after
 * their primals: a plain object whose one key is hasAux, with a boolean
 * value (no primal pytree looks so: its leaves are arrays or numbers).
 */
function splitAuxOption(args: unknown[]): [unknown[], boolean] {
  const last = args[args.length - 1];
  if (isPlainObject(last)) {
    const keys = Object.keys(last);
    const v = (last as AuxOptions).hasAux;
    if (keys.length === 1 && keys[0] === "hasAux" && typeof v === "boolean") return [args.slice(0, -1), v];
  }
  return [args, false];
}

/**
 * A differentiated function's outputs as flat leaves, and with hasAux its
 * `[out, aux]` split: out's leaves first, aux's after them (carried through
 * the transformation as outputs whose derivatives nobody asks for).
 */
class OutputsWithAux {
  tree: TreeDef | null = null;
  count = 0;
  private auxTree: TreeDef | null = null;
  constructor(
    private readonly fname: string,
    private readonly hasAux: boolean,
  ) {}
  flatten(result: unknown): NDArray[] {
    const [out, aux] = splitAux(result, this.hasAux, this.fname);
    let auxLeaves: NDArray[] = [];
    if (this.hasAux) {
      const [al, at] = tree.flatten(aux);
      this.auxTree = at;
      auxLeaves = leavesAsArrays(al, "aux");
    }
    const [ol, td] = tree.flatten(out);
    this.tree = td;
    this.count = ol.length;
    return [...leavesAsArrays(ol, `${this.fname} output`), ...auxLeaves];
  }
  aux(outs: NDArray[]): unknown {
    return tree.unflatten(this.auxTree!, outs.slice(this.count));
  }
}

/**
 * jax.linearize: `[f(...primals), the linear map tangents → the jvp]`; with
 * a last argument `{hasAux: true}`, f returns `[out, aux]` and aux comes third.
 */
export function linearize<F extends AnyFn>(
  f: F,
  ...args: [...InArgs<Parameters<F>>, { hasAux: true }]
): [MainOf<F>, (...tangents: InArgs<Parameters<F>, TangentInput>) => MainOf<F>, AuxOf<F>];
export function linearize<F extends AnyFn>(
  f: F,
  ...primals: InArgs<Parameters<F>> | [...InArgs<Parameters<F>>, { hasAux: false }]
): [Out<ReturnType<F>>, (...tangents: InArgs<Parameters<F>, TangentInput>) => Out<ReturnType<F>>];
export function linearize(f: AnyFn, ...args: unknown[]): unknown[] {
  checkCallable(f, "linearize");
  const [primals, hasAux] = splitAuxOption(args);
  const [pl, ptree] = tree.flatten(primals);
  const ps = diffLeaves(pl, "linearize primal");
  const outs = new OutputsWithAux("linearize", hasAux);
  const lin = withArgCheck("linearize", f, primals, () =>
    linearizeFlat((...xs) => outs.flatten(f(...(tree.unflatten(ptree, xs) as unknown[]))), ps),
  );
  const n = outs.count;
  // As JAX: the linear map would run a custom_vjp function forward.
  if (lin.jaxpr.eqns.some((e) => e.primitive.name === "custom_lin")) {
    throw new JaxTypeError("can't apply forward-mode autodiff (jvp) to a custom_vjp function.");
  }
  const fLin = (...tangents: unknown[]) => {
    const [tl, ttree] = tree.flatten(tangents);
    if (!ttree.equals(ptree)) throw new JaxTypeError(`linearized function called with tangents of structure ${ttree}, expected ${ptree}`);
    const touts = applyLinear(lin, tangentLeaves(tl, ps, "tangent")).slice(0, n);
    return tree.unflatten(
      outs.tree!,
      touts.map((t, i) => tangentOut(t, lin.primalsOut[i])),
    );
  };
  const res = [tree.unflatten(outs.tree!, lin.primalsOut.slice(0, n)), fLin];
  return hasAux ? [...res, outs.aux(lin.primalsOut)] : res;
}

// ---------------- reverse mode ----------------

/**
 * jax.vjp: `[f(...primals), vjpFn]`; `vjpFn(cotangent)` (the output's structure)
 * returns one cotangent per primal, in an array. With a last argument
 * `{hasAux: true}`, f returns `[out, aux]` and aux comes third.
 */
export function vjp<F extends AnyFn>(
  f: F,
  ...args: [...InArgs<Parameters<F>>, { hasAux: true }]
): [MainOf<F>, (ct: In<MainOf<F>, TangentInput>) => OutArgs<Parameters<F>>, AuxOf<F>];
export function vjp<F extends AnyFn>(
  f: F,
  ...primals: InArgs<Parameters<F>> | [...InArgs<Parameters<F>>, { hasAux: false }]
): [Out<ReturnType<F>>, (ct: In<Out<ReturnType<F>>, TangentInput>) => OutArgs<Parameters<F>>];
export function vjp(f: AnyFn, ...args: unknown[]): unknown[] {
  checkCallable(f, "vjp");
  const [primals, hasAux] = splitAuxOption(args);
  const [pl, ptree] = tree.flatten(primals);
  const ps = diffLeaves(pl, "vjp primal");
  const outs = new OutputsWithAux("vjp", hasAux);
  const lin = withArgCheck("vjp", f, primals, () =>
    linearizeFlat((...xs) => outs.flatten(f(...(tree.unflatten(ptree, xs) as unknown[]))), ps),
  );
  const n = outs.count;
  const outTree = outs.tree!;
  const out = tree.unflatten(outTree, lin.primalsOut.slice(0, n));
  const vjpFn = (ct: unknown): unknown => {
    const [cl, ctree] = tree.flatten(ct);
    if (!ctree.equals(outTree)) {
      throw new JaxTypeError(`Tree structure of cotangent input ${ctree}, does not match structure of primal output ${outTree}.`);
    }
    const cts = cl.map((leaf, i): Tangent => {
      const o = lin.primalsOut[i];
      if (isFloat0(leaf)) return float0Tangent(leaf, o, "cotangent");
      const c = leavesAsArrays([leaf], "cotangent")[0];
      // A weak cotangent (a JS number, which cannot say 1.0) takes the output's dtype where promotion keeps it.
      const fits =
        c.dtype === o.dtype || !isInexact(o.dtype) || (c.weakType && promoteTypes([c.aval, o.aval.strongType()]).dtype === o.dtype);
      if (shapeStr(c.shape) !== shapeStr(o.shape) || !fits) {
        const jaxType = (a: NDArray) => `${a.dtype}[${a.shape.join(",")}]`;
        throw new ValueError(
          `unexpected JAX type (e.g. shape/dtype) for argument to VJP function: got ${jaxType(c)}, but expected ${jaxType(o)} because the corresponding output of the differentiated function had JAX type ${jaxType(o)}`,
        );
      }
      return c.dtype === o.dtype ? c : convert(c, o.dtype);
    });
    const auxCts = lin.primalsOut.slice(n).map((a) => new Zero(a.aval.strongType()));
    const res = transposeLinear(lin, [...cts, ...auxCts]).map((t, i) => cotangentOut(t, ps[i]));
    return tree.unflatten(ptree, res);
  };
  return hasAux ? [out, vjpFn, outs.aux(lin.primalsOut)] : [out, vjpFn];
}

/**
 * A cotangent for the primal (a symbolic zero instantiated, a weak type made
 * the primal's). Its dtype is kept otherwise: the transposition rules give
 * each cotangent its primal's dtype, and where a custom_vjp bwd rule returns
 * another one for an inexact input, JAX hands it back as it is.
 */
export function castCotangent(t: Tangent, primal: NDArray): NDArray {
  const v = instantiate(t instanceof Zero ? new Zero(primal.aval.strongType()) : t);
  // The cotangent has the primal's type, weak type included (grad(f)(3.0) is weak in JAX;
  // JAX's exceptions, where a rule's constants make it strong, as of x ** 2.0, are not followed).
  if (v.dtype === primal.dtype && v.weakType === primal.weakType) return v;
  return v.weakType || !isInexact(primal.dtype) || primal.weakType ? convert(v, primal.dtype, primal.weakType) : v;
}

/** The cotangent handed back for an input: float0 zeros for an integer or boolean one, as JAX's. */
function cotangentOut(t: Tangent, primal: NDArray): NDArray | Float0Array {
  return isInexact(primal.dtype) ? castCotangent(t, primal) : new Float0Array(primal.shape);
}

/** The tangent handed back for an output: float0 zeros for an integer or boolean one, as JAX's. */
function tangentOut(t: Tangent, primal: NDArray): NDArray | Float0Array {
  return isInexact(primal.dtype) ? instantiate(t) : new Float0Array(primal.shape);
}

/** A float0 (co)tangent given for `primal`: its shape must match, and only integer and boolean values take one. */
function float0Tangent(t: Float0Array, primal: NDArray, what: string): Tangent {
  if (isInexact(primal.dtype))
    throw new JaxTypeError(
      `a float0 ${what} was given for a value of dtype ${primal.dtype}; float0 is the tangent type of integer and boolean values only`,
    );
  if (shapeStr(t.shape) !== shapeStr(primal.shape))
    throw new ValueError(`${what} of shape ${shapeStr(t.shape)} (float0) for a value of shape ${shapeStr(primal.shape)}`);
  return new Zero(tangentAval(primal.aval));
}

/** Tangent leaves as arrays, float0 ones (for integer primals) as arrays of zeros of the primal's shape. */
function tangentLeaves(leaves: unknown[], primals: NDArray[], what: string): NDArray[] {
  return leaves.map((l, i) => {
    if (!isFloat0(l)) return diffLeaves([l], what)[0];
    float0Tangent(l, primals[i], what);
    return full(primals[i].shape, 0, primals[i].dtype);
  });
}

export interface GradOptions {
  /** Which positional argument(s) to differentiate: an index (default 0) gives that argument's gradient, a list a tuple of them. */
  argnums?: Argnums;
  /** `f` returns `[output, aux]`; aux comes back unchanged beside the gradient. */
  hasAux?: boolean;
  /** `f` is holomorphic: complex inputs and output, the gradient is df/dz. */
  holomorphic?: boolean;
  /** Integer and boolean arguments are allowed: their gradients are float0 zeros. */
  allowInt?: boolean;
}
const GRAD_KEYS = ["argnums", "hasAux", "holomorphic", "allowInt"];

/**
 * jax.value_and_grad: a function returning `[f(...args), gradient]` (with
 * hasAux, `[[output, aux], gradient]`). The gradient has the type of the
 * differentiated argument(s); JS-number leaves come back as arrays.
 */
export function valueAndGrad<F extends AnyFn, const O extends GradOptions = {}>(
  f: F,
  options?: O,
): (...args: InArgs<Parameters<F>>) => ValueAndGradResult<F, O> {
  const fname = "valueAndGrad";
  checkCallable(f, fname);
  return valueAndGradImpl(f, checkGradOptions(options, fname), fname) as (...args: InArgs<Parameters<F>>) => ValueAndGradResult<F, O>;
}

function checkGradOptions(options: GradOptions | undefined, fname: string): GradOptions {
  const opts = checkOptions(options, fname, GRAD_KEYS);
  checkBoolOption(opts.hasAux, `${fname}: hasAux`);
  checkBoolOption(opts.holomorphic, `${fname}: holomorphic`);
  checkBoolOption(opts.allowInt, `${fname}: allowInt`);
  if (opts.argnums !== undefined) argnumList(opts.argnums, `${fname}: argnums`);
  return opts;
}

function valueAndGradImpl(f: AnyFn, opts: GradOptions, fname: string): (...args: unknown[]) => [unknown, unknown] {
  return (...args: unknown[]) =>
    withArgCheck(fname, f, args, () => {
      const argnums = normalizeArgnums(opts.argnums as number | number[] | undefined, args.length, fname);
      const diffTrees = argnums.map((i) => args[i]);
      const [dl, dtree] = tree.flatten(diffTrees);
      const ds = diffLeaves(dl, "grad argument");
      if (opts.holomorphic) {
        for (const d of ds)
          if (!isComplex(d.dtype))
            throw new JaxTypeError(`grad with holomorphic=True requires inputs with complex dtype, but got ${d.dtype}.`);
      } else if (!opts.allowInt) checkFloatInputs(ds, "grad");
      let auxTree: TreeDef | null = null;
      let nAux = 0;
      // At the top of an eager program, grad frees its own temporaries when it returns (core/temporaries.ts).
      const owned: ArrayImpl[] | null = currentLevel() === 0 && isEager([]) ? [] : null;
      const lin = linearizeFlat(
        (...xs) => {
          const d = tree.unflatten(dtree, xs) as unknown[];
          const full = [...args];
          argnums.forEach((a, k) => (full[a] = d[k]));
          const [out, aux] = splitAux(f(...full), opts.hasAux, "grad");
          let auxLeaves: NDArray[] = [];
          if (opts.hasAux) {
            const [al, at] = tree.flatten(aux);
            auxTree = at;
            auxLeaves = leavesAsArrays(al, "aux");
            nAux = auxLeaves.length;
          }
          const [ol] = tree.flatten(out);
          if (ol.length !== 1)
            throw new JaxTypeError(
              `Gradient only defined for scalar-output functions. Output was ${describe(out)} with ${ol.length} leaves.`,
            );
          const o = leavesAsArrays(ol, "grad output")[0];
          if (o.ndim !== 0)
            throw new JaxTypeError(`Gradient only defined for scalar-output functions. Output had shape: ${shapeStr(o.shape)}.`);
          if (opts.holomorphic && !isComplex(o.dtype)) {
            throw new JaxTypeError(`grad with holomorphic=True requires outputs with complex dtype, but got ${o.dtype}.`);
          }
          if (!opts.holomorphic && !isFloat(o.dtype)) {
            const hint = isComplex(o.dtype)
              ? "For holomorphic differentiation, pass holomorphic=True. For differentiation of non-holomorphic functions involving complex outputs, use jax.vjp directly."
              : "For differentiation of functions with integer outputs, use jax.vjp directly.";
            throw new JaxTypeError(
              `grad requires real-valued outputs (output dtype that is a sub-dtype of np.floating), but got ${o.dtype}. ${hint}`,
            );
          }
          return [o, ...auxLeaves];
        },
        ds,
        owned,
      );
      const value = lin.primalsOut[0];
      const cts: Tangent[] = [full([], 1, value.dtype), ...lin.primalsOut.slice(1).map((a) => new Zero(a.aval.strongType()))];
      const grads = owning(owned, () => transposeLinear(lin, cts)).map((t, i) => cotangentOut(t, ds[i]));
      const gTrees = tree.unflatten(dtree, grads) as unknown[];
      const g = typeof opts.argnums === "number" || opts.argnums === undefined ? gTrees[0] : gTrees;
      const v = opts.hasAux ? [value, tree.unflatten(auxTree!, lin.primalsOut.slice(1, 1 + nAux))] : value;
      if (owned) freeOwned(owned, [...lin.primalsOut, ...grads]);
      return [v, g] as [unknown, unknown];
    });
}

/**
 * jax.grad: a function returning the gradient of scalar-valued `f` with respect
 * to argument `argnums` (default 0): that argument's type, or a tuple for a
 * list of argnums; with hasAux, `[gradient, aux]`.
 */
export function grad<F extends AnyFn, const O extends GradOptions = {}>(
  f: F,
  options?: O,
): (...args: InArgs<Parameters<F>>) => GradResult<F, O> {
  checkCallable(f, "grad");
  const opts = checkGradOptions(options, "grad");
  const vg = valueAndGradImpl(f, opts, "grad");
  return ((...args: unknown[]) => {
    const [v, g] = vg(...args);
    return opts.hasAux ? [g, (v as unknown[])[1]] : g;
  }) as (...args: InArgs<Parameters<F>>) => GradResult<F, O>;
}
