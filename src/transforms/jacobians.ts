// Jacobians and Hessians: jacfwd (pushing forward a basis, vmapped),
// jacrev (pulling back a basis, vmapped), hessian = jacfwd(jacrev(f)).
import { NDArray } from "../core/ndarray.ts";
import { bind1 } from "../core/trace.ts";
import { checkOptions } from "../core/options.ts";
import { convert, instantiate } from "../lax/helpers.ts";
import { reshapeP, sliceP } from "../lax/shape_ops.ts";
import { argnumList, checkFloatInputs, diffLeaves, leavesAsArrays, normalizeArgnums, tree, type TreeDef } from "./args.ts";
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
}

function checkJacOptions(options: JacobianOptions | undefined, fname: string): JacobianOptions {
  const opts = checkOptions(options, fname, ["argnums"]);
  if (opts.argnums !== undefined) argnumList(opts.argnums, `${fname}: argnums`);
  return opts;
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
      checkFloatInputs(ds, "jacfwd");
      const sizes = ds.map((d) => d.size);
      const total = sizes.reduce((a, b) => a + b, 0);
      const fFlat = (...xs: NDArray[]): NDArray[] => {
        const d = tree.unflatten(dtree, xs) as unknown[];
        const full = [...args];
        argnums.forEach((a, k) => (full[a] = d[k]));
        return leavesAsArrays(tree.flatten(f(...full))[0], "jacfwd output");
      };
      const [outLeaves, outTree] = tree.flatten(f(...args));
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
      return tree.unflatten(outTree, perOut);
    })) as (...args: InArgs<Parameters<F>>) => JacobianOf<F, O>;
}

/** jax.jacrev: the Jacobian by reverse mode (one vjp per output element); for each output leaf, the differentiated argument(s)' structure. */
export function jacrev<F extends AnyFn, const O extends JacobianOptions = {}>(
  f: F,
  options?: O,
): (...args: InArgs<Parameters<F>>) => JacobianOf<F, O> {
  checkCallable(f, "jacrev");
  const opts = checkJacOptions(options, "jacrev");
  return ((...args: unknown[]) =>
    withArgCheck("jacrev", f, args, () => {
      const argnums = normalizeArgnums(opts.argnums as number | number[] | undefined, args.length, "jacrev");
      const [dl, dtree] = tree.flatten(argnums.map((i) => args[i]));
      const ds = diffLeaves(dl, "jacrev argument");
      checkFloatInputs(ds, "jacrev");
      let outTree: TreeDef | null = null;
      const lin = linearizeFlat((...xs: NDArray[]) => {
        const d = tree.unflatten(dtree, xs) as unknown[];
        const full = [...args];
        argnums.forEach((a, k) => (full[a] = d[k]));
        const [ol, td] = tree.flatten(f(...full));
        outTree = td;
        return leavesAsArrays(ol, "jacrev output");
      }, ds);
      const outs = lin.primalsOut;
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
        return transposeLinear(lin, cts).map((t, i) => castCotangent(t, ds[i]));
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
      return tree.unflatten(outTree!, perOut);
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
