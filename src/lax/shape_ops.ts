// Shape primitives: broadcast_in_dim, reshape, transpose, squeeze, rev,
// slice, pad, concatenate, iota, dynamic_slice, dynamic_update_slice.
import { ShapedArray } from "../core/aval.ts";
import { isInteger, parseDType } from "../core/dtypes.ts";
import { describe } from "../core/describe.ts";
import { checkIntList } from "../core/scalar_args.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import { type BatchDim, type Params, Primitive, type Tangent, UndefinedPrimal, Zero } from "../core/primitive.ts";
import { checkShape, prod, shapeEqual, shapeStr } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import { allZero, batchSize, full, instantiate, matchBatch, moveaxis, zerosLikeAval } from "./helpers.ts";

type Linear1 = (t: NDArray, params: Params) => NDArray;

/** jvp for primitives linear in their (single) operand. */
function linearJvp(prim: Primitive) {
  return ([x]: NDArray[], [t]: Tangent[], params: Params): [NDArray[], Tangent[]] => {
    const ans = bind1(prim, [x], params);
    return [[ans], [t instanceof Zero ? new Zero(ans.aval.strongType()) : bind1(prim, [t], params)]];
  };
}

function linearTranspose(f: (ct: NDArray, operandAval: ShapedArray, params: Params) => NDArray) {
  return ([ct]: Tangent[], [x]: Array<NDArray | UndefinedPrimal>, params: Params): Array<Tangent | null> => {
    const aval = x instanceof UndefinedPrimal ? x.aval : x.aval;
    return [ct instanceof Zero ? new Zero(aval) : f(ct, aval, params)];
  };
}

// ---------- broadcast_in_dim ----------
export const broadcastInDimP: Primitive = new Primitive("broadcast_in_dim", {
  abstractEval([a], params) {
    const shape = checkShape(params.shape, "broadcast_in_dim shape");
    const bd = checkIntList(params.broadcast_dimensions, "broadcast_in_dim broadcast_dimensions");
    if (bd.length !== a.ndim) {
      throw new JaxTypeError(`broadcast_in_dim broadcast_dimensions must have length equal to operand ndim; got broadcast_dimensions ${shapeStr(bd)} for operand ndim ${a.ndim}.`);
    }
    for (let i = 0; i < bd.length; i++) {
      if (bd[i] < 0 || bd[i] >= shape.length || (i > 0 && bd[i] <= bd[i - 1])) {
        throw new JaxTypeError(`broadcast_in_dim broadcast_dimensions must be strictly increasing and within the output rank; got ${shapeStr(bd)} for shape ${shapeStr(shape)}`);
      }
      if (a.shape[i] !== 1 && a.shape[i] !== shape[bd[i]]) {
        throw new JaxTypeError(`broadcast_in_dim operand dimension sizes must either be 1, or be equal to their corresponding dimensions in the target broadcast shape; got operand of shape ${shapeStr(a.shape)}, target broadcast shape ${shapeStr(shape)}, broadcast_dimensions ${shapeStr(bd)}`);
      }
    }
    return [new ShapedArray(shape, a.dtype, a.weakType)];
  },
  jvp: (...a) => linearJvp(broadcastInDimP)(...a),
  transpose: linearTranspose((ct, aval, params) => {
    const bd = params.broadcast_dimensions as number[];
    const shape = params.shape as number[];
    const unit = aval.shape.map((s, i) => (s === 1 && shape[bd[i]] !== 1 ? i : -1)).filter((i) => i >= 0);
    const keptBd = bd.filter((_, i) => !unit.includes(i));
    const axes = shape.map((_, i) => i).filter((i) => !keptBd.includes(i));
    let r = axes.length ? bind1(reduceSumP_, [ct], { axes }) : ct;
    if (!shapeEqual(r.shape, aval.shape)) r = bind1(reshapeP, [r], { new_sizes: [...aval.shape], dimensions: null });
    return r;
  }),
  batch([x], [d], params) {
    const xm = moveaxis(x, d!, 0);
    const shape = [xm.shape[0], ...(params.shape as number[])];
    const bd = [0, ...(params.broadcast_dimensions as number[]).map((i) => i + 1)];
    return [[bind1(broadcastInDimP, [xm], { shape, broadcast_dimensions: bd })], [0]];
  },
  printParams: (p) => `broadcast_dimensions=${tuple(p.broadcast_dimensions as number[])} shape=${tuple(p.shape as number[])}`,
});

export function tuple(xs: readonly number[]): string { return `(${xs.join(", ")}${xs.length === 1 ? "," : ""})`; }

// ---------- reshape ----------
export const reshapeP: Primitive = new Primitive("reshape", {
  abstractEval([a], params) {
    const ns = checkShape(params.new_sizes, "reshape new_sizes");
    if (prod(ns) !== a.size) {
      throw new JaxTypeError(`reshape total size must be unchanged, got new_sizes ${shapeStr(ns)} (size ${prod(ns)}) for shape ${shapeStr(a.shape)} (size ${a.size}).`);
    }
    return [new ShapedArray(ns, a.dtype, a.weakType)];
  },
  jvp: (...a) => linearJvp(reshapeP)(...a),
  transpose: linearTranspose((ct, aval) => bind1(reshapeP, [ct], { new_sizes: [...aval.shape], dimensions: null })),
  batch([x], [d], params) {
    const xm = moveaxis(x, d!, 0);
    return [[bind1(reshapeP, [xm], { new_sizes: [xm.shape[0], ...(params.new_sizes as number[])], dimensions: null })], [0]];
  },
  printParams: (p) => `dimensions=None new_sizes=${tuple(p.new_sizes as number[])}`,
});

// ---------- transpose ----------
export const transposeP: Primitive = new Primitive("transpose", {
  abstractEval([a], params) {
    const perm = checkIntList(params.permutation, "transpose permutation");
    const sorted = [...perm].sort((x, y) => x - y);
    if (perm.length !== a.ndim || sorted.some((v, i) => v !== i)) {
      throw new ValueError(`transpose permutation must be a permutation of range(${a.ndim}); got ${shapeStr(perm)} for operand of shape ${shapeStr(a.shape)}`);
    }
    return [new ShapedArray(perm.map((p) => a.shape[p]), a.dtype, a.weakType)];
  },
  jvp: (...a) => linearJvp(transposeP)(...a),
  transpose: linearTranspose((ct, _aval, params) => {
    const perm = params.permutation as number[];
    const inv = new Array<number>(perm.length);
    perm.forEach((p, i) => (inv[p] = i));
    return bind1(transposeP, [ct], { permutation: inv });
  }),
  batch([x], [d], params) {
    const xm = moveaxis(x, d!, 0);
    return [[bind1(transposeP, [xm], { permutation: [0, ...(params.permutation as number[]).map((p) => p + 1)] })], [0]];
  },
  printParams: (p) => `permutation=${tuple(p.permutation as number[])}`,
});

// ---------- squeeze ----------
export const squeezeP: Primitive = new Primitive("squeeze", {
  abstractEval([a], params) {
    const dims = params.dimensions as number[];
    for (const d of dims) {
      if (a.shape[d] !== 1) throw new ValueError(`cannot select an axis to squeeze out which has size not equal to one, got shape=${shapeStr(a.shape)} and dimensions=${shapeStr(dims)}`);
    }
    return [new ShapedArray(a.shape.filter((_, i) => !dims.includes(i)), a.dtype, a.weakType)];
  },
  jvp: (...a) => linearJvp(squeezeP)(...a),
  transpose: linearTranspose((ct, aval) => bind1(reshapeP, [ct], { new_sizes: [...aval.shape], dimensions: null })),
  batch([x], [d], params) {
    const xm = moveaxis(x, d!, 0);
    return [[bind1(squeezeP, [xm], { dimensions: (params.dimensions as number[]).map((i) => i + 1) })], [0]];
  },
  printParams: (p) => `dimensions=${tuple(p.dimensions as number[])}`,
});

// ---------- rev ----------
export const revP: Primitive = new Primitive("rev", {
  abstractEval([a]) { return [a]; },
  jvp: (...a) => linearJvp(revP)(...a),
  transpose: linearTranspose((ct, _a, params) => bind1(revP, [ct], params)),
  batch([x], [d], params) {
    return [[bind1(revP, [x], { dimensions: (params.dimensions as number[]).map((i) => (i >= d! ? i + 1 : i)) })], [d]];
  },
  printParams: (p) => `dimensions=${tuple(p.dimensions as number[])}`,
});

// ---------- slice ----------
export const sliceP: Primitive = new Primitive("slice", {
  abstractEval([a], params) {
    const st = checkIntList(params.start_indices, "slice start_indices");
    const li = checkIntList(params.limit_indices, "slice limit_indices");
    const sd = params.strides === null || params.strides === undefined ? st.map(() => 1) : checkIntList(params.strides, "slice strides");
    if (st.length !== a.ndim || li.length !== a.ndim || sd.length !== a.ndim) {
      throw new JaxTypeError(`slice start_indices, limit_indices and strides must have length ${a.ndim} for operand of shape ${shapeStr(a.shape)}`);
    }
    const shape = a.shape.map((n, i) => {
      if (st[i] < 0 || li[i] > n || st[i] > li[i] || sd[i] < 1) {
        throw new ValueError(`slice indices out of range: start_indices ${shapeStr(st)}, limit_indices ${shapeStr(li)}, strides ${shapeStr(sd)} for operand of shape ${shapeStr(a.shape)}`);
      }
      return Math.max(0, Math.ceil((li[i] - st[i]) / sd[i]));
    });
    return [new ShapedArray(shape, a.dtype, a.weakType)];
  },
  jvp: (...a) => linearJvp(sliceP)(...a),
  transpose: linearTranspose((ct, aval, params) => {
    const st = params.start_indices as number[];
    const sd = (params.strides as number[] | null) ?? st.map(() => 1);
    const cfg = aval.shape.map((n, i) => {
      const realLimit = ct.shape[i] === 0 ? st[i] : st[i] + (ct.shape[i] - 1) * sd[i] + 1;
      return [st[i], n - realLimit, sd[i] - 1];
    });
    return bind1(padP, [ct, full([], 0, ct.dtype)], { padding_config: cfg });
  }),
  batch([x], [d], params) {
    const ins = (v: number[] | null, fill: number): number[] | null => {
      if (!v) return null;
      const r = [...v];
      r.splice(d!, 0, fill);
      return r;
    };
    return [[bind1(sliceP, [x], {
      start_indices: ins(params.start_indices as number[], 0),
      limit_indices: ins(params.limit_indices as number[], x.shape[d!]),
      strides: ins(params.strides as number[] | null, 1),
    })], [d]];
  },
  printParams: (p) => `limit_indices=${tuple(p.limit_indices as number[])} start_indices=${tuple(p.start_indices as number[])} strides=${p.strides ? tuple(p.strides as number[]) : "None"}`,
});

// ---------- pad ----------
export const padP: Primitive = new Primitive("pad", {
  abstractEval([a, pv], params) {
    const cfg = params.padding_config as number[][];
    if (!Array.isArray(cfg)) throw new JaxTypeError(`pad padding_config must be a list of (lo, hi, interior) triples, got ${describe(cfg)}`);
    cfg.forEach((c, i) => checkIntList(c, `pad padding_config[${i}]`));
    if (pv.ndim !== 0) throw new JaxTypeError(`pad padding_value must be a scalar, got shape ${shapeStr(pv.shape)}`);
    if (pv.dtype !== a.dtype) throw new JaxTypeError(`pad operand and padding_value must have the same dtype, got ${a.dtype} and ${pv.dtype}`);
    if (cfg.length !== a.ndim) throw new ValueError(`pad padding_config must have one (lo, hi, interior) triple per dimension (${a.ndim}); got ${cfg.length}`);
    const shape = a.shape.map((n, i) => {
      const [lo, hi, inter] = cfg[i];
      if (inter < 0) throw new ValueError(`pad interior padding must be non-negative, got ${inter}`);
      const r = lo + hi + n + Math.max(0, n - 1) * inter;
      if (r < 0) throw new ValueError(`pad: dimension ${i} of size ${n} with padding (${lo}, ${hi}, ${inter}) would have negative size ${r}`);
      return r;
    });
    return [new ShapedArray(shape, a.dtype, a.weakType && pv.weakType)];
  },
  jvp([x, pv], [tx, tpv], params) {
    const ans = bind1(padP, [x, pv], params);
    if (tx instanceof Zero && tpv instanceof Zero) return [[ans], [new Zero(ans.aval.strongType())]];
    return [[ans], [bind1(padP, [instantiate(tx), instantiate(tpv)], params)]];
  },
  transpose([ct], [x, pv], params) {
    if (ct instanceof Zero) return [null, null];
    const cfg = params.padding_config as number[][];
    const aval = x instanceof UndefinedPrimal ? x.aval : (x as NDArray).aval;
    // Undo negative padding by padding with zeros, then take every (interior+1)-th element.
    const neg = cfg.map(([lo, hi]) => [Math.max(0, -lo), Math.max(0, -hi), 0]);
    const ct2 = neg.some(([l, h]) => l > 0 || h > 0) ? bind1(padP, [ct, full([], 0, ct.dtype)], { padding_config: neg }) : ct;
    const st = cfg.map(([lo]) => Math.max(0, lo));
    const sd = cfg.map(([, , i]) => i + 1);
    const li = aval.shape.map((n, i) => (n === 0 ? st[i] : st[i] + (n - 1) * sd[i] + 1));
    const tOp = bind1(sliceP, [ct2], { start_indices: st, limit_indices: li, strides: sd });
    const tPv = pv instanceof UndefinedPrimal
      ? bind1(subP_, [bind1(reduceSumP_, [ct], { axes: ct.shape.map((_, i) => i) }), bind1(reduceSumP_, [tOp], { axes: tOp.shape.map((_, i) => i) })], {})
      : null;
    return [x instanceof UndefinedPrimal ? tOp : null, tPv];
  },
  batch([x, pv], [dx, dpv], params) {
    const cfg = params.padding_config as number[][];
    const size = batchSize([x, pv], [dx, dpv]);
    const xm = matchBatch(x, dx, size, 0);
    const cfg2 = [[0, 0, 0], ...cfg];
    if (dpv === null) return [[bind1(padP, [xm, pv], { padding_config: cfg2 })], [0]];
    // Batched padding value: pad with zero, then select the per-example value where padding went.
    const zero = full([], 0, x.dtype);
    const padded = bind1(padP, [xm, zero], { padding_config: cfg2 });
    const mask = bind1(padP, [full(xm.shape, 1, "bool"), full([], 0, "bool")], { padding_config: cfg2 });
    const pvb = bind1(broadcastInDimP, [moveaxis(pv, dpv, 0)], { shape: padded.shape, broadcast_dimensions: [0] });
    return [[bind1(selectNP_, [mask, pvb, padded], {})], [0]];
  },
  printParams: (p) => `padding_config=(${(p.padding_config as number[][]).map((c) => `(${c.join(", ")})`).join(", ")})`,
});

// ---------- concatenate ----------
export const concatenateP: Primitive = new Primitive("concatenate", {
  abstractEval(avals, params) {
    const dim = params.dimension as number;
    if (avals.length === 0) throw new ValueError("concatenate requires at least one operand");
    const a0 = avals[0];
    if (!Number.isInteger(dim)) throw new ValueError(`concatenate dimension must be an integer, got ${describe(dim)}`);
    if (dim < 0 || dim >= a0.ndim) throw new ValueError(`concatenate dimension ${dim} out of bounds for operands of rank ${a0.ndim}`);
    for (const a of avals) {
      if (a.dtype !== a0.dtype) throw new JaxTypeError(`Cannot concatenate arrays with different dtypes: ${avals.map((x) => x.dtype).join(", ")}`);
      if (a.ndim !== a0.ndim || a.shape.some((n, i) => i !== dim && n !== a0.shape[i])) {
        throw new JaxTypeError(`Cannot concatenate arrays with shapes that differ in dimensions other than the one being concatenated: concatenating along dimension ${dim} for shapes ${avals.map((x) => shapeStr(x.shape)).join(", ")}.`);
      }
    }
    const shape = [...a0.shape];
    shape[dim] = avals.reduce((s, a) => s + a.shape[dim], 0);
    return [new ShapedArray(shape, a0.dtype, avals.every((a) => a.weakType))];
  },
  jvp(primals, tangents, params) {
    const ans = bind1(concatenateP, primals, params);
    if (allZero(tangents)) return [[ans], [new Zero(ans.aval.strongType())]];
    return [[ans], [bind1(concatenateP, tangents.map(instantiate), params)]];
  },
  transpose([ct], args, params) {
    const dim = params.dimension as number;
    let off = 0;
    return args.map((a) => {
      const aval = a instanceof UndefinedPrimal ? a.aval : a.aval;
      const start = off;
      off += aval.shape[dim];
      if (!(a instanceof UndefinedPrimal)) return null;
      if (ct instanceof Zero) return new Zero(aval);
      const st = ct.shape.map((_, i) => (i === dim ? start : 0));
      const li = ct.shape.map((n, i) => (i === dim ? start + aval.shape[dim] : n));
      return bind1(sliceP, [ct], { start_indices: st, limit_indices: li, strides: null });
    });
  },
  batch(args, dims, params) {
    const size = batchSize(args, dims);
    return [[bind1(concatenateP, args.map((a, i) => matchBatch(a, dims[i], size, 0)), { dimension: (params.dimension as number) + 1 })], [0]];
  },
  printParams: (p) => `dimension=${p.dimension}`,
});

// ---------- iota ----------
export const iotaP: Primitive = new Primitive("iota", {
  abstractEval(_a, params) {
    const shape = checkShape(params.shape, "iota shape");
    const dim = params.dimension as number;
    if (!Number.isInteger(dim) || dim < 0 || dim >= shape.length) {
      throw new ValueError(`iota dimension must be in range [0, ${shape.length}), got ${describe(dim)}`);
    }
    return [new ShapedArray(shape, parseDType(params.dtype, "iota dtype"), false)];
  },
  printParams: (p) => `dimension=${p.dimension} dtype=${p.dtype} shape=${tuple(p.shape as number[])}`,
});

// ---------- dynamic_slice / dynamic_update_slice ----------
function checkStarts(name: string, operand: ShapedArray, starts: ShapedArray[]): void {
  if (starts.length !== operand.ndim) {
    throw new JaxTypeError(`${name} requires one start index per operand dimension: got ${starts.length} start indices for operand of shape ${shapeStr(operand.shape)}`);
  }
  for (const s of starts) {
    if (s.ndim !== 0 || !isInteger(s.dtype)) throw new JaxTypeError(`${name} start indices must be integer scalars, got ${s.str()}`);
  }
}

export const dynamicSliceP: Primitive = new Primitive("dynamic_slice", {
  abstractEval([a, ...starts], params) {
    checkStarts("dynamic_slice", a, starts);
    const sizes = checkShape(params.slice_sizes, "dynamic_slice slice_sizes");
    if (sizes.length !== a.ndim || sizes.some((s, i) => s > a.shape[i])) {
      throw new JaxTypeError(`dynamic_slice slice_sizes ${shapeStr(sizes)} must be non-negative and fit in operand of shape ${shapeStr(a.shape)}`);
    }
    return [new ShapedArray(sizes, a.dtype, a.weakType)];
  },
  jvp([x, ...starts], [t], params) {
    const ans = bind1(dynamicSliceP, [x, ...starts], params);
    return [[ans], [t instanceof Zero ? new Zero(ans.aval.strongType()) : bind1(dynamicSliceP, [t, ...starts], params)]];
  },
  transpose([ct], [x, ...starts]) {
    const aval = (x as UndefinedPrimal).aval;
    if (ct instanceof Zero) return [new Zero(aval), ...starts.map(() => null)];
    const z = zerosLikeAval(aval.strongType());
    return [bind1(dynamicUpdateSliceP, [z, ct, ...(starts as NDArray[])], {}), ...starts.map(() => null)];
  },
  batch(args, dims, params) {
    const [x, ...starts] = args;
    if (dims.slice(1).some((d) => d !== null)) return batchDynamicSliceWithGather(args, dims, params);
    const d = dims[0]!;
    const zero = full([], 0, starts.length ? starts[0].dtype : "int32");
    const st = [...starts];
    st.splice(d, 0, zero);
    const sizes = [...(params.slice_sizes as number[])];
    sizes.splice(d, 0, x.shape[d]);
    return [[bind1(dynamicSliceP, [x, ...st], { slice_sizes: sizes })], [d]];
  },
  printParams: (p) => `slice_sizes=${tuple(p.slice_sizes as number[])}`,
});

export const dynamicUpdateSliceP: Primitive = new Primitive("dynamic_update_slice", {
  abstractEval([a, u, ...starts]) {
    checkStarts("dynamic_update_slice", a, starts);
    if (u.dtype !== a.dtype) throw new JaxTypeError(`dynamic_update_slice update dtype ${u.dtype} must match operand dtype ${a.dtype}`);
    if (u.ndim !== a.ndim || u.shape.some((s, i) => s > a.shape[i])) {
      throw new JaxTypeError(`dynamic_update_slice update shape ${shapeStr(u.shape)} must have the operand's rank and fit in operand shape ${shapeStr(a.shape)}`);
    }
    return [a.withWeak(a.weakType && u.weakType)];
  },
  jvp([x, u, ...starts], [tx, tu], params) {
    const ans = bind1(dynamicUpdateSliceP, [x, u, ...starts], params);
    if (tx instanceof Zero && tu instanceof Zero) return [[ans], [new Zero(ans.aval.strongType())]];
    return [[ans], [bind1(dynamicUpdateSliceP, [instantiate(tx), instantiate(tu), ...starts], params)]];
  },
  transpose([ct], [x, u, ...starts]) {
    const uAval = u instanceof UndefinedPrimal ? u.aval : (u as NDArray).aval;
    if (ct instanceof Zero) return [null, null, ...starts.map(() => null)];
    const st = starts as NDArray[];
    const tOp = x instanceof UndefinedPrimal
      ? bind1(dynamicUpdateSliceP, [ct, zerosLikeAval(uAval.strongType()), ...st], {})
      : null;
    const tU = u instanceof UndefinedPrimal ? bind1(dynamicSliceP, [ct, ...st], { slice_sizes: [...uAval.shape] }) : null;
    return [tOp, tU, ...starts.map(() => null)];
  },
  batch(args, dims) {
    const [x, u, ...starts] = args;
    if (dims.slice(2).some((d) => d !== null)) return batchDynamicUpdateWithScatter(args, dims);
    const size = batchSize(args, dims);
    const xm = matchBatch(x, dims[0], size, 0);
    const um = matchBatch(u, dims[1], size, 0);
    const zero = full([], 0, starts.length ? starts[0].dtype : "int32");
    return [[bind1(dynamicUpdateSliceP, [xm, um, zero, ...starts], {})], [0]];
  },
});

// Batched start indices: the indexing family supplies these (gather/scatter based).
export const batchHooks: {
  dynamicSlice?: (args: NDArray[], dims: BatchDim[], params: Params) => [NDArray[], BatchDim[]];
  dynamicUpdateSlice?: (args: NDArray[], dims: BatchDim[]) => [NDArray[], BatchDim[]];
} = {};
function batchDynamicSliceWithGather(args: NDArray[], dims: BatchDim[], params: Params): [NDArray[], BatchDim[]] {
  if (!batchHooks.dynamicSlice) throw new Error("Batching rule for 'dynamic_slice' with batched start indices not implemented");
  return batchHooks.dynamicSlice(args, dims, params);
}
function batchDynamicUpdateWithScatter(args: NDArray[], dims: BatchDim[]): [NDArray[], BatchDim[]] {
  if (!batchHooks.dynamicUpdateSlice) throw new Error("Batching rule for 'dynamic_update_slice' with batched start indices not implemented");
  return batchHooks.dynamicUpdateSlice(args, dims);
}

// Late imports (cycles with elementwise/reduce are resolved at call time).
import { selectNP as selectNP_, subP as subP_ } from "./elementwise.ts";
import { reduceSumP as reduceSumP_ } from "./reduce.ts";
export type { Linear1 };
