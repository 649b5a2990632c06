// Jacobians and Hessians: jacfwd (pushing forward a basis, vmapped),
// jacrev (pulling back a basis, vmapped), hessian = jacfwd(jacrev(f)).
import { NDArray } from "../core/ndarray.ts";
import { bind1 } from "../core/trace.ts";
import { checkBoolOption, checkOptions } from "../core/options.ts";
import { JaxTypeError } from "../core/errors.ts";
import { isComplex, isFloat } from "../core/dtypes.ts";
import { Zero } from "../core/primitive.ts";
import { convert, instantiate } from "../lax/helpers.ts";
import { reshapeP, sliceP } from "../lax/shape_ops.ts";
import { argnumList, checkFloatInputs, diffLeaves, leavesAsArrays, normalizeArgnums, splitAux, tree, type TreeDef } from "./args.ts";
import { checkCallable } from "../core/scalar_args.ts";
import { jvpFlat } from "./jvp.ts";
import { linearizeFlat, transposeLinear } from "./linearize.ts";
import { castCotangent } from "./autodiff.ts";
import { vmap } from "./vmap.ts";
import { withArgCheck } from "./arity.ts";
import type { AnyFn, Argnums, HessianOf, InArgs, JacobianOf } from "./types.ts";

export interface JacobianOptions {
  /** Which positional argument(s) to differentiate (default 0); a list gives a tuple per output leaf. */
  argnums?: Argnums;
  /** `f` returns `[output, aux]`: the result is `[jacobian, aux]`. */
  hasAux?: boolean;
  /** `f` is holomorphic: complex inputs and outputs, the Jacobian is df/dz. */
  holomorphic?: boolean;
}
/** jacrev's options: integer and boolean inputs may be allowed (their Jacobians are integer zeros, as JAX's). */
export interface JacrevOptions extends JacobianOptions {
  allowInt?: boolean;
}

function checkJacOptions<O extends JacrevOptions>(options: O | undefined, fname: string, allowInt = false): O {
  const opts = checkOptions(
    options,
    fname,
    allowInt ? ["argnums", "hasAux", "holomorphic", "allowInt"] : ["argnums", "hasAux", "holomorphic"],
  );
  if (opts.argnums !== undefined) argnumList(opts.argnums, `${fname}: argnums`);
  checkBoolOption(opts.hasAux, `${fname}: hasAux`);
  checkBoolOption(opts.holomorphic, `${fname}: holomorphic`);
  checkBoolOption(opts.allowInt, `${fname}: allowInt`);
  return opts;
}

/** JAX's input checks: forward mode wants real floats (complex with holomorphic), reverse mode inexact values unless allowInt. */
function checkInputs(ds: NDArray[], fname: "jacfwd" | "jacrev", opts: JacrevOptions): void {
  for (const d of ds) {
    if (opts.holomorphic) {
      if (!isComplex(d.dtype))
        throw new JaxTypeError(`${fname} with holomorphic=True requires inputs with complex dtype, but got ${d.dtype}.`);
    } else if (fname === "jacfwd" && !isFloat(d.dtype)) {
      throw new JaxTypeError(
        `jacfwd requires real-valued inputs (input dtype that is a sub-dtype of np.floating), but got ${d.dtype}. For holomorphic differentiation, pass holomorphic=True. For differentiation of non-holomorphic functions involving complex inputs or integer inputs, use jax.jvp directly.`,
      );
    }
  }
  if (fname === "jacrev" && !opts.holomorphic && !opts.allowInt) checkFloatInputs(ds, "jacrev");
}

/** JAX's output checks: complex outputs need holomorphic (jacrev), holomorphic needs complex outputs, reverse mode real or complex ones. */
function checkOutputs(outs: NDArray[], fname: "jacfwd" | "jacrev", opts: JacobianOptions): void {
  for (const o of outs) {
    if (opts.holomorphic) {
      if (!isComplex(o.dtype))
        throw new JaxTypeError(`${fname} with holomorphic=True requires outputs with complex dtype, but got ${o.dtype}.`);
    } else if (fname === "jacrev" && !isFloat(o.dtype)) {
      const hint = isComplex(o.dtype)
        ? "For holomorphic differentiation, pass holomorphic=True. For differentiation of non-holomorphic functions involving complex outputs, use jax.vjp directly."
        : "For differentiation of functions with integer outputs, use jax.vjp directly.";
      throw new JaxTypeError(
        `jacrev requires real-valued outputs (output dtype that is a sub-dtype of np.floating), but got ${o.dtype}. ${hint}`,
      );
    }
  }
}

function basis(n: number, dtype: NDArray["dtype"]): NDArray {
  const ar = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  return convert(leavesAsArrays([ar], "basis")[0], dtype);
}

/** jax.jacfwd: the Jacobian by forward mode (one jvp per input element); for each output leaf, the differentiated argument(s)' structure. */
export function jacfwd<F extends AnyFn, const O extends JacobianOptions = {}>(
  f: F,
  options?: O,
): (...args: InArgs<Parameters<F>>) => JacobianOf<F, O> {
  checkCallable(f, "jacfwd");
  const opts = checkJacOptions(options, "jacfwd");
  return ((...args: unknown[]) =>
    withArgCheck("jacfwd", f, args, () => {
      const argnums = normalizeArgnums(opts.argnums as number | number[] | undefined, args.length, "jacfwd");
      const [dl, dtree] = tree.flatten(argnums.map((i) => args[i]));
      const ds = diffLeaves(dl, "jacfwd argument");
      checkInputs(ds, "jacfwd", opts);
      const sizes = ds.map((d) => d.size);
      const total = sizes.reduce((a, b) => a + b, 0);
      const fFlat = (...xs: NDArray[]): NDArray[] => {
        const d = tree.unflatten(dtree, xs) as unknown[];
        const full = [...args];
        argnums.forEach((a, k) => (full[a] = d[k]));
        return leavesAsArrays(tree.flatten(splitAux(f(...full), opts.hasAux, "jacfwd")[0])[0], "jacfwd output");
      };
      const [primalOut, aux] = splitAux(f(...args), opts.hasAux, "jacfwd");
      const [outLeaves, outTree] = tree.flatten(primalOut);
      checkOutputs(leavesAsArrays(outLeaves, "jacfwd output"), "jacfwd", opts);
      // As JAX's: a Jacobian block is weakly typed where its output is.
      const outWeak = outLeaves.map((o) => typeof o === "number" || (o instanceof NDArray && o.weakType));
      // Push forward each standard basis vector (vmapped over the basis).
      const eye = basis(total, ds[0]?.dtype ?? "float32");
      const pushfwd = (e: NDArray): NDArray[] => {
        let off = 0;
        const ts = ds.map((d, i) => {
          const sl = sliceCols(e, off, sizes[i]);
          off += sizes[i];
          return bind1(reshapeP, [sl], { new_sizes: [...d.shape], dimensions: null });
        });
        return jvpFlat(fFlat, ds, ts)[1].map(instantiate);
      };
      const jacT = vmap(pushfwd, { inAxes: 0, outAxes: -1 })(eye) as NDArray[];
      // Each output leaf: shape out.shape + [total]; split the last axis per input leaf.
      const perOut = jacT.map((j, k) => {
        let off = 0;
        const parts = ds.map((d, i) => {
          const part = sliceLast(j, off, sizes[i]);
          off += sizes[i];
          const r = bind1(reshapeP, [part], { new_sizes: [...j.shape.slice(0, -1), ...d.shape], dimensions: null });
          return outWeak[k] ? convert(r, r.dtype, true) : r;
        });
        const t = tree.unflatten(dtree, parts) as unknown[];
        return typeof opts.argnums === "number" || opts.argnums === undefined ? t[0] : t;
      });
      const jac = tree.unflatten(outTree, perOut);
      return opts.hasAux ? [jac, aux] : jac;
    })) as (...args: InArgs<Parameters<F>>) => JacobianOf<F, O>;
}

/** jax.jacrev: the Jacobian by reverse mode (one vjp per output element); for each output leaf, the differentiated argument(s)' structure. */
export function jacrev<F extends AnyFn, const O extends JacrevOptions = {}>(
  f: F,
  options?: O,
): (...args: InArgs<Parameters<F>>) => JacobianOf<F, O> {
  checkCallable(f, "jacrev");
  const opts = checkJacOptions(options, "jacrev", true);
  return ((...args: unknown[]) =>
    withArgCheck("jacrev", f, args, () => {
      const argnums = normalizeArgnums(opts.argnums as number | number[] | undefined, args.length, "jacrev");
      const [dl, dtree] = tree.flatten(argnums.map((i) => args[i]));
      const ds = diffLeaves(dl, "jacrev argument");
      checkInputs(ds, "jacrev", opts);
      let outTree: TreeDef | null = null;
      let auxTree: TreeDef | null = null;
      let nOut = 0;
      const lin = linearizeFlat((...xs: NDArray[]) => {
        const d = tree.unflatten(dtree, xs) as unknown[];
        const full = [...args];
        argnums.forEach((a, k) => (full[a] = d[k]));
        const [out, aux] = splitAux(f(...full), opts.hasAux, "jacrev");
        const [ol, td] = tree.flatten(out);
        outTree = td;
        nOut = ol.length;
        const [al, at] = tree.flatten(aux);
        auxTree = at;
        return [...leavesAsArrays(ol, "jacrev output"), ...(opts.hasAux ? leavesAsArrays(al, "aux") : [])];
      }, ds);
      const outs = lin.primalsOut.slice(0, nOut);
      const auxZeros = lin.primalsOut.slice(nOut).map((a) => new Zero(a.aval.strongType()));
      checkOutputs(outs, "jacrev", opts);
      const osizes = outs.map((o) => o.size);
      const total = osizes.reduce((a, b) => a + b, 0);
      const eye = basis(total, outs[0]?.dtype ?? "float32");
      const pullback = (e: NDArray): NDArray[] => {
        let off = 0;
        const cts = outs.map((o, i) => {
          const sl = sliceCols(e, off, osizes[i]);
          off += osizes[i];
          return bind1(reshapeP, [sl], { new_sizes: [...o.shape], dimensions: null });
        });
        return transposeLinear(lin, [...cts, ...auxZeros]).map((t, i) => castCotangent(t, ds[i]));
      };
      const jac = vmap(pullback)(eye) as NDArray[]; // each: [total, ...in.shape]
      let off = 0;
      const perOut = outs.map((o, i) => {
        const parts = jac.map((j, k) => {
          const part = sliceFirst(j, off, osizes[i]);
          return bind1(reshapeP, [part], { new_sizes: [...o.shape, ...ds[k].shape], dimensions: null });
        });
        off += osizes[i];
        const t = tree.unflatten(dtree, parts) as unknown[];
        return typeof opts.argnums === "number" || opts.argnums === undefined ? t[0] : t;
      });
      const jacobian = tree.unflatten(outTree!, perOut);
      return opts.hasAux ? [jacobian, tree.unflatten(auxTree!, lin.primalsOut.slice(nOut))] : jacobian;
    })) as (...args: InArgs<Parameters<F>>) => JacobianOf<F, O>;
}

/** jax.hessian: jacfwd(jacrev(f)); for a scalar f of one array, an array of shape x.shape + x.shape. */
export function hessian<F extends AnyFn, const O extends JacobianOptions = {}>(
  f: F,
  options?: O,
): (...args: InArgs<Parameters<F>>) => HessianOf<F, O> {
  checkCallable(f, "hessian");
  const opts = checkJacOptions(options, "hessian");
  return jacfwd(jacrev(f, opts), opts) as (...args: InArgs<Parameters<F>>) => HessianOf<F, O>;
}

function sliceCols(e: NDArray, off: number, n: number): NDArray {
  return bind1(sliceP, [e], { start_indices: [off], limit_indices: [off + n], strides: null });
}
function sliceLast(j: NDArray, off: number, n: number): NDArray {
  return bind1(sliceP, [j], {
    start_indices: j.shape.map((_, i) => (i === j.ndim - 1 ? off : 0)),
    limit_indices: j.shape.map((d, i) => (i === j.ndim - 1 ? off + n : d)),
    strides: null,
  });
}
function sliceFirst(j: NDArray, off: number, n: number): NDArray {
  return bind1(sliceP, [j], {
    start_indices: j.shape.map((_, i) => (i === 0 ? off : 0)),
    limit_indices: j.shape.map((d, i) => (i === 0 ? off + n : d)),
    strides: null,
  });
}
