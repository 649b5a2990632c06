// jnp.vectorize(f, {signature, excluded}): NumPy's generalized ufunc
// broadcasting built on vmap, as JAX builds it: one vmap per broadcast
// dimension, over only the arguments that have that dimension, so that no
// argument is broadcast to the full shape first.
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { checkCallable } from "../core/scalar_args.ts";
import { shapeStr } from "../core/shape.ts";
import { vmap } from "../transforms/vmap.ts";
import { expandDims, squeeze } from "./shape.ts";
import { asArray, broadcastShapesNamed } from "./util.ts";

export interface VectorizeOpts {
  /** A generalized ufunc signature such as "(n,m),(m)->(n)". */
  signature?: string | null;
  /** Positions of arguments passed to f as they are, not vectorized. */
  excluded?: Iterable<number>;
}

type CoreDims = string[][];

/** "(m,n),(n)->(m)" → input and output core dimension names. */
function parseSignature(sig: string): [CoreDims, CoreDims | null] {
  const arg = String.raw`\(\s*(?:\w+(?:\s*,\s*\w+)*)?\s*\)`;
  const list = `(?:${arg}(?:\\s*,\\s*${arg})*)?`;
  if (!new RegExp(`^\\s*${list}\\s*->\\s*${list}\\s*$`).test(sig)) throw new ValueError(`not a valid gufunc signature: ${sig}`);
  const side = (s: string): CoreDims =>
    [...s.matchAll(/\(([^)]*)\)/g)].map((m) =>
      m[1]
        .split(",")
        .map((d) => d.trim())
        .filter((d) => d !== ""),
    );
  const [ins, outs] = sig.split("->");
  return [side(ins), side(outs)];
}

/** jnp.vectorize(f, {signature, excluded}): f applied elementwise (or over core dims) with broadcasting. */
export function vectorize<R>(pyfunc: (...args: never[]) => R, opts: VectorizeOpts = {}): (...args: unknown[]) => R {
  checkCallable(pyfunc, "vectorize");
  checkOptions(opts, "vectorize", ["signature", "excluded"]);
  const excluded = new Set(opts.excluded ?? []);
  for (const e of excluded) {
    if (!Number.isInteger(e) || e < 0)
      throw new JaxTypeError(`jax.numpy.vectorize can only exclude non-negative integer arguments, got ${e}`);
  }
  const f = pyfunc as unknown as (...args: unknown[]) => R;
  return (...allArgs: unknown[]): R => {
    const isEx = (i: number) => excluded.has(i);
    const args = allArgs.filter((_, i) => !isEx(i)).map((a, i) => asArray(a as ArrayLike, `vectorize argument ${i}`));
    // f over the vectorized arguments, with the excluded ones put back in place.
    const inner = (...xs: NDArray[]): R => {
      let k = 0;
      return f(...allArgs.map((a, i) => (isEx(i) ? a : xs[k++])));
    };
    let inCore: CoreDims;
    let outCore: CoreDims | null = null;
    if (opts.signature !== undefined && opts.signature !== null) {
      [inCore, outCore] = parseSignature(opts.signature);
      if (inCore.length !== args.length) {
        throw new TypeError(`wrong number of positional arguments: expected ${inCore.length}, got ${args.length}`);
      }
    } else inCore = args.map(() => []);
    const sizes = new Map<string, number>();
    const noncore = args.map((a, i) => {
      const core = inCore[i];
      if (a.ndim < core.length) {
        throw new ValueError(
          `input with shape ${shapeStr(a.shape)} does not have enough dimensions for its core dimensions (${core.join(",")}) in signature ${opts.signature}`,
        );
      }
      const coreShape = a.shape.slice(a.ndim - core.length);
      core.forEach((d, j) => {
        const s = coreShape[j];
        if (sizes.has(d) && sizes.get(d) !== s) {
          throw new ValueError(`inconsistent size for core dimension '${d}': ${s} vs ${sizes.get(d)} in signature ${opts.signature}`);
        }
        sizes.set(d, s);
      });
      return a.shape.slice(0, a.ndim - core.length);
    });
    const bshape = broadcastShapesNamed("vectorize", noncore);
    const checked = (...xs: NDArray[]): R => {
      const out = inner(...xs);
      if (outCore === null) return out;
      const outs = outCore.length === 1 ? [out] : (out as unknown as NDArray[]);
      if (!Array.isArray(outs) || outs.length !== outCore.length) {
        throw new ValueError(`wrong number of output arguments: expected ${outCore.length}`);
      }
      outs.forEach((o, i) => {
        const a = asArray(o as ArrayLike, "vectorize output");
        const core = outCore![i];
        if (a.ndim !== core.length) {
          throw new ValueError(
            `output shape ${shapeStr(a.shape)} does not match core dimensions (${core.join(",")}) in signature ${opts.signature}`,
          );
        }
        core.forEach((d, j) => {
          if (sizes.has(d) && sizes.get(d) !== a.shape[j]) {
            throw new ValueError(
              `inconsistent size for core dimension '${d}': ${a.shape[j]} vs ${sizes.get(d)} in signature ${opts.signature}`,
            );
          }
        });
      });
      return out;
    };
    const squeezed = args.map((a, i) => {
      const nc = noncore[i];
      const ones = nc.flatMap((d, j) => (d === 1 ? [j] : []));
      return ones.length ? squeeze(a, ones) : a;
    });
    const filled = noncore.map((nc) => [...Array(bshape.length - nc.length).fill(1), ...nc]);
    let fn = checked as (...xs: NDArray[]) => unknown;
    const expand: number[] = [];
    for (let d = bshape.length - 1; d >= 0; d--) {
      const inAxes = filled.map((s) => (s[d] === 1 ? null : 0));
      if (inAxes.every((x) => x === null)) expand.push(d);
      else fn = vmap(fn, { inAxes });
    }
    const result = fn(...squeezed) as R;
    if (expand.length === 0) return result;
    const ex = (r: unknown) =>
      expandDims(
        r as NDArray,
        expand.sort((p, q) => p - q),
      );
    return (Array.isArray(result) ? result.map(ex) : ex(result)) as R;
  };
}
