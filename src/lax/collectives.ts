// Collectives over a named vmap axis (vmap(f, {axisName})): lax.psum, pmean,
// pmax, pmin, allGather, ppermute, psumScatter. Each element of the mapped
// axis sees the result of the collective across all of them, as in JAX on one
// device. Each is a primitive whose `batchNamed` rule acts across the batch of
// the vmap that bound its axis name; under other vmaps it maps elementwise.
// Every bind raises its operand to that vmap's trace first, so an operand the
// vmap does not batch still meets it (psum of an unbatched x is n·x).
import { ShapedArray } from "../core/aval.ts";
import { ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { type BatchDim, Primitive, type Tangent, Zero } from "../core/primitive.ts";
import { asOperand } from "../core/convert.ts";
import { bind1, isTracer, type Tracer } from "../core/trace.ts";
import { lookupAxis } from "../transforms/axis_env.ts";
import * as tree from "../tree/index.ts";
import { type AxisName, axisIndex } from "./axis.ts";
import { fullLike } from "./api_extra.ts";
import {
  broadcastInDim,
  concatenate,
  convertElementType,
  div,
  eq,
  mul,
  reduceMax,
  reduceMin,
  reduceSum,
  reshape,
  select,
  sliceInDim,
} from "./api.ts";
import { defaultFloat, isInexact } from "../core/dtypes.ts";
import { moveaxis } from "./layout.ts";

type NamedParams = { axis_name: string; axis_size: number };
export type AllGatherParams = NamedParams & { all_gather_dimension: number; tiled: boolean };
export type PsumScatterParams = NamedParams & { scatter_dimension: number; tiled: boolean };
export type PpermuteParams = NamedParams & { perm: [number, number][] };
export type AllToAllParams = NamedParams & { split_axis: number; concat_axis: number; tiled: boolean };

/** Binds a collective with its operand raised to the trace of the vmap that bound the name. */
function bindNamed<P extends NamedParams>(prim: Primitive<P>, x: NDArray, params: P): NDArray {
  const { main } = lookupAxis(params.axis_name, prim.name);
  const below = !isTracer(x) || (x as Tracer)._trace.main.level < main.level;
  if (below) {
    const trace = new main.traceType(main);
    x = isTracer(x) ? trace.lift(x as Tracer) : trace.pure(x);
  }
  return bind1(prim, [x], params);
}

/** The batch rule under another vmap: the collective maps over that vmap's elements (batch dim moved to 0). */
function mapOver<P extends NamedParams>(prim: () => Primitive<P>, shift: (p: P) => P) {
  return ([x]: NDArray[], [d]: BatchDim[], params: P): [NDArray[], BatchDim[]] => [
    [bind1(prim(), [moveaxis(x, d!, 0)], shift(params))],
    [0],
  ];
}

/** Every element of the batch (dim d, or the same x for all when d is null) as a stack along dim 0. */
function stacked(x: NDArray, d: BatchDim, n: number): NDArray {
  if (d !== null) return moveaxis(x, d, 0);
  return broadcastInDim(
    x,
    [n, ...x.shape],
    x.shape.map((_, i) => i + 1),
  );
}

/** jvp of a collective linear in its operand: the collective of the tangent. */
function namedJvp<P extends NamedParams>(prim: () => Primitive<P>) {
  return ([x]: NDArray[], [t]: Tangent[], p: P): [NDArray[], Tangent[]] => {
    const y = bindNamed(prim(), x, p);
    return [[y], [t instanceof Zero ? new Zero(y.aval.strongType()) : bindNamed(prim(), t, p)]];
  };
}

export const psumP: Primitive<NamedParams> = new Primitive<NamedParams>("psum", {
  abstractEval: ([a]) => [a],
  jvp: namedJvp(() => psumP),
  // Σ over the axis, handed to every element: its own transpose.
  transpose: ([ct], _args, p) => [ct instanceof Zero ? ct : bindNamed(psumP, ct, p)],
  batch: ([x], [d], p) => [[bind1(psumP, [x], p)], [d]],
  batchNamed: ([x], [d], _p, n) => [[d === null ? mul(x, n) : reduceSum(x, [d])], [null]],
});

function extremum(name: string, reduce: (x: NDArray, axes: number[]) => NDArray): Primitive<NamedParams> {
  const prim: Primitive<NamedParams> = new Primitive<NamedParams>(name, {
    abstractEval: ([a]) => [a],
    batch: ([x], [d], p) => [[bind1(prim, [x], p)], [d]],
    batchNamed: ([x], [d]) => [[d === null ? x : reduce(x, [d])], [null]],
  });
  return prim;
}
export const pmaxP = extremum("pmax", reduceMax);
export const pminP = extremum("pmin", reduceMin);

export const allGatherP: Primitive<AllGatherParams> = new Primitive<AllGatherParams>("all_gather", {
  abstractEval: ([a], p) => {
    const s = [...a.shape];
    if (p.tiled) s[p.all_gather_dimension] *= p.axis_size;
    else s.splice(p.all_gather_dimension, 0, p.axis_size);
    return [new ShapedArray(s, a.dtype, false)];
  },
  jvp: namedJvp(() => allGatherP),
  transpose: ([ct], [x], p) => {
    const aval = (x as { aval: ShapedArray }).aval;
    if (ct instanceof Zero) return [new Zero(aval)];
    return [
      bindNamed(psumScatterP, ct, {
        axis_name: p.axis_name,
        axis_size: p.axis_size,
        scatter_dimension: p.all_gather_dimension,
        tiled: p.tiled,
      }),
    ];
  },
  batch: mapOver(
    () => allGatherP,
    (p) => ({ ...p, all_gather_dimension: p.all_gather_dimension + 1 }),
  ),
  batchNamed: ([x], [d], p, n) => {
    const all = stacked(x, d, n); // [n, ...x]
    const g = moveaxis(all, 0, p.all_gather_dimension);
    if (!p.tiled) return [[g], [null]];
    const s = [...g.shape];
    s.splice(p.all_gather_dimension, 2, s[p.all_gather_dimension]! * s[p.all_gather_dimension + 1]!);
    return [[reshape(g, s)], [null]];
  },
});

export const psumScatterP: Primitive<PsumScatterParams> = new Primitive<PsumScatterParams>("reduce_scatter", {
  abstractEval: ([a], p) => {
    const s = [...a.shape];
    const dim = s[p.scatter_dimension];
    if (p.tiled ? dim! % p.axis_size !== 0 : dim !== p.axis_size)
      throw new ValueError(
        `psumScatter: the scatter dimension ${p.scatter_dimension} of shape ${a.str()} must ${p.tiled ? "be divisible by" : "equal"} the axis size ${p.axis_size}`,
      );
    if (p.tiled) s[p.scatter_dimension] = dim! / p.axis_size;
    else s.splice(p.scatter_dimension, 1);
    return [new ShapedArray(s, a.dtype, false)];
  },
  jvp: namedJvp(() => psumScatterP),
  transpose: ([ct], [x], p) => {
    const aval = (x as { aval: ShapedArray }).aval;
    if (ct instanceof Zero) return [new Zero(aval)];
    return [
      bindNamed(allGatherP, ct, {
        axis_name: p.axis_name,
        axis_size: p.axis_size,
        all_gather_dimension: p.scatter_dimension,
        tiled: p.tiled,
      }),
    ];
  },
  batch: mapOver(
    () => psumScatterP,
    (p) => ({ ...p, scatter_dimension: p.scatter_dimension + 1 }),
  ),
  batchNamed: ([x], [d], p, n) => {
    const sum = d === null ? mul(x, n) : reduceSum(x, [d]);
    const sd = p.scatter_dimension;
    if (!p.tiled) return [[sum], [sd]]; // element b takes index b of the scatter dimension
    const s = [...sum.shape];
    s.splice(sd, 1, n, s[sd]! / n);
    return [[reshape(sum, s)], [sd]];
  },
});

export const ppermuteP: Primitive<PpermuteParams> = new Primitive<PpermuteParams>("ppermute", {
  abstractEval: ([a]) => [a],
  jvp: namedJvp(() => ppermuteP),
  transpose: ([ct], _args, p) => [ct instanceof Zero ? ct : bindNamed(ppermuteP, ct, { ...p, perm: p.perm.map(([s, t]) => [t, s]) })],
  batch: ([x], [d], p) => [[bind1(ppermuteP, [x], p)], [d]],
  batchNamed: ([x], [d], p, n) => {
    // Element t receives element s's value for each pair (s, t) (a full permutation: checked at bind).
    const all = stacked(x, d, n);
    const from = new Map(p.perm.map(([s, t]) => [t, s]));
    const rows = Array.from({ length: n }, (_, t) => sliceInDim(all, from.get(t)!, from.get(t)! + 1, 1, 0));
    return [[concatenate(rows, 0)], [0]];
  },
});

export const allToAllP: Primitive<AllToAllParams> = new Primitive<AllToAllParams>("all_to_all", {
  abstractEval: ([a], p) => {
    const s = [...a.shape];
    const n = p.axis_size;
    const size = s[p.split_axis]!;
    if (p.tiled ? size % n !== 0 : size !== n)
      throw new ValueError(
        `allToAll: the split axis ${p.split_axis} of shape ${a.str()} must ${p.tiled ? "be divisible by" : "equal"} the axis size ${n}`,
      );
    if (p.tiled) {
      s[p.split_axis] = size / n;
      s[p.concat_axis] *= n;
    } else {
      s.splice(p.split_axis, 1);
      s.splice(p.concat_axis, 0, n);
    }
    return [new ShapedArray(s, a.dtype, false)];
  },
  jvp: namedJvp(() => allToAllP),
  transpose: ([ct], [x], p) => {
    const aval = (x as { aval: ShapedArray }).aval;
    return [ct instanceof Zero ? new Zero(aval) : bindNamed(allToAllP, ct, { ...p, split_axis: p.concat_axis, concat_axis: p.split_axis })];
  },
  batch: mapOver(
    () => allToAllP,
    (p) => ({ ...p, split_axis: p.split_axis + 1, concat_axis: p.concat_axis + 1 }),
  ),
  batchNamed: ([x], [d], p, n) => {
    // all: [i (source), ...x]; element j takes block j of each source's split axis, ordered by source along the concat axis.
    let all = stacked(x, d, n);
    const sa = p.split_axis + 1;
    if (p.tiled) {
      const s = [...all.shape];
      s.splice(sa, 1, n, s[sa]! / n);
      all = reshape(all, s);
    }
    const bySource = moveaxis(moveaxis(all, sa, 0), 1, p.concat_axis + 1); // [j, ..., i at the concat axis, ...]
    if (!p.tiled) return [[bySource], [0]];
    const s = [...bySource.shape];
    s.splice(p.concat_axis + 1, 2, s[p.concat_axis + 1]! * s[p.concat_axis + 2]!);
    return [[reshape(bySource, s)], [0]];
  },
});

function names(axisName: AxisName): string[] {
  return typeof axisName === "string" ? [axisName] : [...axisName];
}

function overLeaves(x: unknown, f: (leaf: NDArray) => NDArray): unknown {
  return tree.map((l: ArrayLike) => f(asOperand(l, "collective operand")), x);
}

const named = (name: string, what: string): NamedParams => ({ axis_name: name, axis_size: lookupAxis(name, what).size });

/** A reduction collective over each named axis in turn (the sum over several axes is the sum over each), on every leaf. */
function overEachName<T>(prim: Primitive<NamedParams>, x: T, axisName: AxisName): T {
  return overLeaves(x, (l) => names(axisName).reduce((v, n) => bindNamed(prim, v, named(n, prim.name)), l)) as T;
}

/** lax.psum: the sum over the named vmap axis (or axes), for every leaf of a pytree. */
export function psum<T>(x: T, axisName: AxisName): T {
  return overEachName(psumP, x, axisName);
}

/** lax.pmean: the mean over the named axis (or axes). */
export function pmean<T>(x: T, axisName: AxisName): T {
  const size = names(axisName).reduce((p, n) => p * lookupAxis(n, "pmean").size, 1);
  // JAX divides the sum by the size (true division: integers give floats).
  return overLeaves(psum(x, axisName), (l) => div(isInexact(l.dtype) ? l : convertElementType(l, defaultFloat()), size)) as T;
}

/** lax.pmax: the maximum over the named axis (or axes). */
export function pmax<T>(x: T, axisName: AxisName): T {
  return overEachName(pmaxP, x, axisName);
}

/** lax.pmin: the minimum over the named axis (or axes). */
export function pmin<T>(x: T, axisName: AxisName): T {
  return overEachName(pminP, x, axisName);
}

function oneName(axisName: AxisName, what: string): string {
  const ns = names(axisName);
  if (ns.length !== 1) throw new ValueError(`${what} over several axis names at once is not supported here; nest one per name`);
  return ns[0]!;
}

/** lax.allGather: every element's value, stacked along `axis` (concatenated with `tiled`). */
export function allGather<T>(x: T, axisName: AxisName, options: { axis?: number; tiled?: boolean } = {}): T {
  const name = oneName(axisName, "allGather");
  return overLeaves(x, (l) => {
    const axis = options.axis ?? 0;
    const rank = options.tiled ? l.ndim : l.ndim + 1;
    const dim = axis < 0 ? axis + rank : axis;
    if (!Number.isInteger(dim) || dim < 0 || dim >= Math.max(rank, 1))
      throw new ValueError(`allGather: axis ${axis} is out of bounds for an operand of rank ${l.ndim}${options.tiled ? " (tiled)" : ""}`);
    return bindNamed(allGatherP, l, { ...named(name, "all_gather"), all_gather_dimension: dim, tiled: options.tiled ?? false });
  }) as T;
}

/** lax.psumScatter: the sum over the axis, each element keeping its block of `scatterDimension`. */
export function psumScatter<T>(x: T, axisName: AxisName, options: { scatterDimension?: number; tiled?: boolean } = {}): T {
  const name = oneName(axisName, "psumScatter");
  return overLeaves(x, (l) => {
    const sd = options.scatterDimension ?? 0;
    const dim = sd < 0 ? sd + l.ndim : sd;
    if (!Number.isInteger(dim) || dim < 0 || dim >= l.ndim)
      throw new ValueError(`psumScatter: scatterDimension ${sd} is out of bounds for an operand of rank ${l.ndim}`);
    const params = { ...named(name, "psum_scatter"), scatter_dimension: dim, tiled: options.tiled ?? false };
    psumScatterP.rules.abstractEval([l.aval], params); // the shape check, before any trace acts on it
    return bindNamed(psumScatterP, l, params);
  }) as T;
}

/** lax.ppermute: element t receives element s's value for each pair [s, t] of `perm` (a permutation of the axis). */
export function ppermute<T>(x: T, axisName: AxisName, perm: readonly (readonly [number, number])[]): T {
  const name = oneName(axisName, "ppermute");
  const p = named(name, "ppermute");
  const pairs = perm.map(([s, t]) => [s, t] as [number, number]);
  const srcs = new Set<number>();
  const dsts = new Set<number>();
  for (const [s, t] of pairs) {
    for (const v of [s, t])
      if (!Number.isInteger(v) || v < 0 || v >= p.axis_size)
        throw new ValueError(`ppermute: perm entry ${v} is out of range for axis '${name}' of size ${p.axis_size}`);
    if (srcs.has(s) || dsts.has(t)) throw new ValueError(`ppermute sources and destinations must be unique, got ${JSON.stringify(pairs)}.`);
    srcs.add(s);
    dsts.add(t);
  }
  // JAX's check under vmap: every element sends and receives once.
  if (pairs.length !== p.axis_size)
    throw new ValueError(`Permutation doesn't match the axis size! (${pairs.length} pairs for axis '${name}' of size ${p.axis_size})`);
  return overLeaves(x, (l) => bindNamed(ppermuteP, l, { ...p, perm: pairs })) as T;
}

/** lax.pshuffle: element i receives element perm[i]'s value. */
export function pshuffle<T>(x: T, axisName: AxisName, perm: readonly number[]): T {
  return ppermute(
    x,
    axisName,
    perm.map((src, i) => [src, i] as const),
  );
}

/**
 * lax.allToAll: each element splits `splitAxis` into one block per element of
 * the axis and sends block j to element j, which stacks what it receives
 * along `concatAxis` (with `tiled`, concatenates).
 */
export function allToAll<T>(x: T, axisName: AxisName, splitAxis: number, concatAxis: number, options: { tiled?: boolean } = {}): T {
  const name = oneName(axisName, "allToAll");
  return overLeaves(x, (l) => {
    const tiled = options.tiled ?? false;
    const norm = (a: number, rank: number, what: string) => {
      const v = a < 0 ? a + rank : a;
      if (!Number.isInteger(v) || v < 0 || v >= rank)
        throw new ValueError(`allToAll: ${what} ${a} is out of bounds for an operand of rank ${l.ndim}`);
      return v;
    };
    const params = {
      ...named(name, "all_to_all"),
      split_axis: norm(splitAxis, l.ndim, "splitAxis"),
      concat_axis: norm(concatAxis, l.ndim, "concatAxis"),
      tiled,
    };
    allToAllP.rules.abstractEval([l.aval], params); // the shape check, before any trace acts on it
    return bindNamed(allToAllP, l, params);
  }) as T;
}

/** lax.pswapaxes: allToAll(x, axisName, axis, axis): the named axis and `axis` trade places. */
export function pswapaxes<T>(x: T, axisName: AxisName, axis: number): T {
  return allToAll(x, axisName, axis, axis);
}

/** lax.pbroadcast: every element receives element `source`'s value. */
export function pbroadcast<T>(x: T, axisName: AxisName, source: number): T {
  const name = oneName(axisName, "pbroadcast");
  const mine = eq(axisIndex(name), source);
  const masked = overLeaves(x, (l) => select(broadcastInDim(mine, l.shape, []), l, fullLike(l, 0))) as T;
  return psum(masked, name);
}
