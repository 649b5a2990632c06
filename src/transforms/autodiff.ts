// Differentiation: jvp and linearize (forward mode), vjp, grad and
// valueAndGrad (reverse mode), on pytrees of arrays and JS numbers.
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { isComplex, isFloat, isInexact } from "../core/dtypes.ts";
import { NDArray } from "../core/ndarray.ts";
import { Float0Array, isFloat0 } from "../core/float0.ts";
import { type Tangent, Zero } from "../core/primitive.ts";
import { shapeStr } from "../core/shape.ts";
import type { ArrayImpl } from "../core/array_impl.ts";
import { freeOwned, owning } from "../core/temporaries.ts";
import { currentLevel, isEager } from "../core/trace.ts";
import { checkBoolOption, checkOptions } from "../core/options.ts";
import { convert, full, instantiate } from "../lax/helpers.ts";
import { argnumList, checkFloatInputs, describe, diffLeaves, leavesAsArrays, normalizeArgnums, tree, type TreeDef } from "./args.ts";
import { checkCallable } from "../core/scalar_args.ts";
import { jvpFlat, tangentAval } from "./jvp.ts";
import { linearizeFlat, applyLinear, transposeLinear } from "./linearize.ts";
import { withArgCheck } from "./arity.ts";
import type { AnyFn, Argnums, GradResult, In, InArgs, Out, OutArgs, TangentInput, ValueAndGradResult } from "./types.ts";

// ---------------- forward mode ----------------

/** jax.jvp: `[f(...primals), the directional derivative along tangents]`, one primal and tangent per argument of f. */
export function jvp<F extends AnyFn>(
  f: F,
  primals: InArgs<Parameters<F>>,
  tangents: InArgs<Parameters<F>, TangentInput>,
): [Out<ReturnType<F>>, Out<ReturnType<F>>] {
  checkCallable(f, "jvp");
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
  let outTree: TreeDef | null = null;
  const [po, to] = withArgCheck("jvp", f, primals, () =>
    jvpFlat(
      (...xs) => {
        const out = f(...(tree.unflatten(ptree, xs) as unknown[]));
        const [ol, td] = tree.flatten(out);
        outTree = td;
        return leavesAsArrays(ol, "jvp output");
      },
      ps,
      ts.map((t, i) => (isInexact(ps[i].dtype) ? t : new Zero(tangentAval(ps[i].aval)))),
    ),
  );
  return [
    tree.unflatten(outTree!, po),
    tree.unflatten(
      outTree!,
      to.map((t, i) => tangentOut(t, po[i])),
    ),
  ];
}

/** jax.linearize: `[f(...primals), the linear map tangents → the jvp]`. */
export function linearize<F extends AnyFn>(
  f: F,
  ...primals: InArgs<Parameters<F>>
): [Out<ReturnType<F>>, (...tangents: InArgs<Parameters<F>, TangentInput>) => Out<ReturnType<F>>] {
  checkCallable(f, "linearize");
  const [pl, ptree] = tree.flatten(primals);
  const ps = diffLeaves(pl, "linearize primal");
  let outTree: TreeDef | null = null;
  const lin = withArgCheck("linearize", f, primals, () =>
    linearizeFlat((...xs) => {
      const [ol, td] = tree.flatten(f(...(tree.unflatten(ptree, xs) as unknown[])));
      outTree = td;
      return leavesAsArrays(ol, "linearize output");
    }, ps),
  );
  // As JAX: the linear map would run a custom_vjp function forward.
  if (lin.jaxpr.eqns.some((e) => e.primitive.name === "custom_lin")) {
    throw new JaxTypeError("can't apply forward-mode autodiff (jvp) to a custom_vjp function.");
  }
  const fLin = (...tangents: unknown[]) => {
    const [tl, ttree] = tree.flatten(tangents);
    if (!ttree.equals(ptree)) throw new JaxTypeError(`linearized function called with tangents of structure ${ttree}, expected ${ptree}`);
    const outs = applyLinear(lin, tangentLeaves(tl, ps, "tangent"));
    return tree.unflatten(
      outTree!,
      outs.map((t, i) => tangentOut(t, lin.primalsOut[i])),
    ) as Out<ReturnType<F>>;
  };
  return [tree.unflatten(outTree!, lin.primalsOut), fLin];
}

// ---------------- reverse mode ----------------

/**
 * jax.vjp: `[f(...primals), vjpFn]`; `vjpFn(cotangent)` (the output's structure)
 * returns one cotangent per primal, in an array.
 */
export function vjp<F extends AnyFn>(
  f: F,
  ...primals: InArgs<Parameters<F>>
): [Out<ReturnType<F>>, (ct: In<Out<ReturnType<F>>, TangentInput>) => OutArgs<Parameters<F>>] {
  checkCallable(f, "vjp");
  const [pl, ptree] = tree.flatten(primals);
  const ps = diffLeaves(pl, "vjp primal");
  let outTree: TreeDef | null = null;
  const lin = withArgCheck("vjp", f, primals, () =>
    linearizeFlat((...xs) => {
      const [ol, td] = tree.flatten(f(...(tree.unflatten(ptree, xs) as unknown[])));
      outTree = td;
      return leavesAsArrays(ol, "vjp output");
    }, ps),
  );
  const out = tree.unflatten<Out<ReturnType<F>>>(outTree!, lin.primalsOut);
  const vjpFn = (ct: unknown): OutArgs<Parameters<F>> => {
    const [cl, ctree] = tree.flatten(ct);
    if (!ctree.equals(outTree!)) {
      throw new JaxTypeError(`Tree structure of cotangent input ${ctree}, does not match structure of primal output ${outTree}.`);
    }
    const cts = cl.map((leaf, i): Tangent => {
      const o = lin.primalsOut[i];
      if (isFloat0(leaf)) return float0Tangent(leaf, o, "cotangent");
      const c = leavesAsArrays([leaf], "cotangent")[0];
      if (shapeStr(c.shape) !== shapeStr(o.shape)) {
        throw new ValueError(
          `Shape of cotangent input to vjp pullback function ${shapeStr(c.shape)} must be the same as the shape of corresponding primal input ${shapeStr(o.shape)}.`,
        );
      }
      return c.dtype === o.dtype ? c : convert(c, o.dtype);
    });
    const res = transposeLinear(lin, cts).map((t, i) => cotangentOut(t, ps[i]));
    return tree.unflatten(ptree, res);
  };
  return [out, vjpFn];
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
          let out = f(...full);
          let auxLeaves: NDArray[] = [];
          if (opts.hasAux) {
            if (!Array.isArray(out) || out.length !== 2)
              throw new JaxTypeError("grad with hasAux=true requires the function to return a pair [output, aux]");
            const [al, at] = tree.flatten(out[1]);
            auxTree = at;
            auxLeaves = leavesAsArrays(al, "aux");
            nAux = auxLeaves.length;
            out = out[0];
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
