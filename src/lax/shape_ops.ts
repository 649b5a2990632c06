// Shape primitives: slice, pad, concatenate, iota. broadcast_in_dim,
// reshape, transpose, squeeze and rev are declared lower down (layout.ts,
// broadcast.ts: the rules of elementwise primitives use them) and
// re-exported here, so this stays the one import for shape primitives.
import { ShapedArray } from "../core/aval.ts";
import { type DType, parseDType } from "../core/dtypes.ts";
import { describe } from "../core/describe.ts";
import { checkIntList } from "../core/scalar_args.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import { Primitive, UndefinedPrimal, Zero } from "../core/primitive.ts";
import { checkShape, shapeStr } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import { batchSize, matchBatch } from "./batching.ts";
import { broadcastInDimP, reduceSumP } from "./broadcast.ts";
import { selectNP, subP } from "./elementwise.ts";
import { moveaxis } from "./layout.ts";
import { linearJvp, linearTranspose } from "./rule_pieces.ts";
import { tuple } from "./print_params.ts";
import { allZero, full, instantiate } from "./zeros.ts";

export { broadcastInDimP } from "./broadcast.ts";
export { reshapeP, revP, squeezeP, transposeP } from "./layout.ts";
export { tuple } from "./print_params.ts";

export type SliceParams = { start_indices: number[]; limit_indices: number[]; strides: number[] | null };
/** One (low, high, interior) triple per dimension. */
export type PadParams = { padding_config: number[][] };
export type ConcatenateParams = { dimension: number };
export type IotaParams = { dtype: DType; shape: number[]; dimension: number };

// ---------- slice ----------
export const sliceP: Primitive<SliceParams> = new Primitive("slice", {
  abstractEval([a], params) {
    const st = checkIntList(params.start_indices, "slice start_indices");
    const li = checkIntList(params.limit_indices, "slice limit_indices");
    const sd = params.strides === null || params.strides === undefined ? st.map(() => 1) : checkIntList(params.strides, "slice strides");
    if (st.length !== a.ndim || li.length !== a.ndim || sd.length !== a.ndim) {
      throw new JaxTypeError(
        `slice start_indices, limit_indices and strides must have length ${a.ndim} for operand of shape ${shapeStr(a.shape)}`,
      );
    }
    const shape = a.shape.map((n, i) => {
      if (st[i] < 0 || li[i] > n || st[i] > li[i] || sd[i] < 1) {
        throw new ValueError(
          `slice indices out of range: start_indices ${shapeStr(st)}, limit_indices ${shapeStr(li)}, ` +
            `strides ${shapeStr(sd)} for operand of shape ${shapeStr(a.shape)}`,
        );
      }
      return Math.max(0, Math.ceil((li[i] - st[i]) / sd[i]));
    });
    return [new ShapedArray(shape, a.dtype, a.weakType)];
  },
  jvp: (...a) => linearJvp(sliceP)(...a),
  transpose: linearTranspose((ct, aval, params) => {
    const st = params.start_indices;
    const sd = params.strides ?? st.map(() => 1);
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
    return [
      [
        bind1(sliceP, [x], {
          start_indices: ins(params.start_indices, 0),
          limit_indices: ins(params.limit_indices, x.shape[d!]),
          strides: ins(params.strides, 1),
        }),
      ],
      [d],
    ];
  },
  printParams: (p) =>
    `limit_indices=${tuple(p.limit_indices)} start_indices=${tuple(p.start_indices)} ` + `strides=${p.strides ? tuple(p.strides) : "None"}`,
});

// ---------- pad ----------
export const padP: Primitive<PadParams> = new Primitive("pad", {
  abstractEval([a, pv], params) {
    const cfg = params.padding_config;
    if (!Array.isArray(cfg)) {
      throw new JaxTypeError(`pad padding_config must be a list of (lo, hi, interior) triples, got ${describe(cfg)}`);
    }
    cfg.forEach((c, i) => checkIntList(c, `pad padding_config[${i}]`));
    if (pv.ndim !== 0) throw new JaxTypeError(`pad padding_value must be a scalar, got shape ${shapeStr(pv.shape)}`);
    if (pv.dtype !== a.dtype) {
      throw new JaxTypeError(`pad operand and padding_value must have the same dtype, got ${a.dtype} and ${pv.dtype}`);
    }
    if (cfg.length !== a.ndim) {
      throw new ValueError(`pad padding_config must have one (lo, hi, interior) triple per dimension (${a.ndim}); got ${cfg.length}`);
    }
    const shape = a.shape.map((n, i) => {
      const [lo, hi, inter] = cfg[i];
      if (inter < 0) throw new ValueError(`pad interior padding must be non-negative, got ${inter}`);
      const r = lo + hi + n + Math.max(0, n - 1) * inter;
      if (r < 0) {
        throw new ValueError(`pad: dimension ${i} of size ${n} with padding (${lo}, ${hi}, ${inter}) would have negative size ${r}`);
      }
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
    const cfg = params.padding_config;
    const aval = x instanceof UndefinedPrimal ? x.aval : (x as NDArray).aval;
    // Undo negative padding by padding with zeros, then take every (interior+1)-th element.
    const neg = cfg.map(([lo, hi]) => [Math.max(0, -lo), Math.max(0, -hi), 0]);
    const ct2 = neg.some(([l, h]) => l > 0 || h > 0) ? bind1(padP, [ct, full([], 0, ct.dtype)], { padding_config: neg }) : ct;
    const st = cfg.map(([lo]) => Math.max(0, lo));
    const sd = cfg.map(([, , i]) => i + 1);
    const li = aval.shape.map((n, i) => (n === 0 ? st[i] : st[i] + (n - 1) * sd[i] + 1));
    const tOp = bind1(sliceP, [ct2], { start_indices: st, limit_indices: li, strides: sd });
    // The padding value's cotangent: everything that did not land on the operand.
    const total = (v: NDArray) => bind1(reduceSumP, [v], { axes: v.shape.map((_, i) => i) });
    const tPv = pv instanceof UndefinedPrimal ? bind1(subP, [total(ct), total(tOp)], {}) : null;
    return [x instanceof UndefinedPrimal ? tOp : null, tPv];
  },
  batch([x, pv], [dx, dpv], params) {
    const cfg = params.padding_config;
    const size = batchSize([x, pv], [dx, dpv]);
    const xm = matchBatch(x, dx, size, 0);
    const cfg2 = [[0, 0, 0], ...cfg];
    if (dpv === null) return [[bind1(padP, [xm, pv], { padding_config: cfg2 })], [0]];
    // Batched padding value: pad with zero, then select the per-example value where padding went.
    const zero = full([], 0, x.dtype);
    const padded = bind1(padP, [xm, zero], { padding_config: cfg2 });
    const mask = bind1(padP, [full(xm.shape, 1, "bool"), full([], 0, "bool")], { padding_config: cfg2 });
    const pvb = bind1(broadcastInDimP, [moveaxis(pv, dpv, 0)], { shape: padded.shape, broadcast_dimensions: [0] });
    return [[bind1(selectNP, [mask, pvb, padded], {})], [0]];
  },
  printParams: (p) => `padding_config=(${p.padding_config.map((c) => `(${c.join(", ")})`).join(", ")})`,
});

// ---------- concatenate ----------
export const concatenateP: Primitive<ConcatenateParams> = new Primitive("concatenate", {
  abstractEval(avals, params) {
    const dim = params.dimension;
    if (avals.length === 0) throw new ValueError("concatenate requires at least one operand");
    const a0 = avals[0];
    if (!Number.isInteger(dim)) throw new ValueError(`concatenate dimension must be an integer, got ${describe(dim)}`);
    if (dim < 0 || dim >= a0.ndim) throw new ValueError(`concatenate dimension ${dim} out of bounds for operands of rank ${a0.ndim}`);
    for (const a of avals) {
      if (a.dtype !== a0.dtype) {
        throw new JaxTypeError(`Cannot concatenate arrays with different dtypes: ${avals.map((x) => x.dtype).join(", ")}`);
      }
      if (a.ndim !== a0.ndim || a.shape.some((n, i) => i !== dim && n !== a0.shape[i])) {
        throw new JaxTypeError(
          "Cannot concatenate arrays with shapes that differ in dimensions other than the one being concatenated: " +
            `concatenating along dimension ${dim} for shapes ${avals.map((x) => shapeStr(x.shape)).join(", ")}.`,
        );
      }
    }
    const shape = [...a0.shape];
    shape[dim] = avals.reduce((s, a) => s + a.shape[dim], 0);
    return [
      new ShapedArray(
        shape,
        a0.dtype,
        avals.every((a) => a.weakType),
      ),
    ];
  },
  jvp(primals, tangents, params) {
    const ans = bind1(concatenateP, primals, params);
    if (allZero(tangents)) return [[ans], [new Zero(ans.aval.strongType())]];
    return [[ans], [bind1(concatenateP, tangents.map(instantiate), params)]];
  },
  transpose([ct], args, params) {
    const dim = params.dimension;
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
    const moved = args.map((a, i) => matchBatch(a, dims[i], size, 0));
    return [[bind1(concatenateP, moved, { dimension: params.dimension + 1 })], [0]];
  },
  printParams: (p) => `dimension=${p.dimension}`,
});

// ---------- iota ----------
export const iotaP: Primitive<IotaParams> = new Primitive("iota", {
  abstractEval(_a, params) {
    const shape = checkShape(params.shape, "iota shape");
    const dim = params.dimension;
    if (!Number.isInteger(dim) || dim < 0 || dim >= shape.length) {
      throw new ValueError(`iota dimension must be in range [0, ${shape.length}), got ${describe(dim)}`);
    }
    return [new ShapedArray(shape, parseDType(params.dtype, "iota dtype"), false)];
  },
  printParams: (p) => `dimension=${p.dimension} dtype=${p.dtype} shape=${tuple(p.shape)}`,
});
