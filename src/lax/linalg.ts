// Linear-algebra primitives: cholesky, triangular_solve, lu, eigh. Every one
// accepts leading batch dimensions natively (the kernels loop over them), so
// batching only moves the vmapped axis to the front. JVP rules are JAX's
// (jax/_src/lax/linalg.py): cholesky_jvp_rule, the triangular_solve JVP in
// `a` plus its transpose in `b` (it is linear in b), lu_jvp_rule, eigh_jvp_rule.
import { ShapedArray } from "../core/aval.ts";
import { type DType, isComplex, isFloat, realDType } from "../core/dtypes.ts";
import "./linalg_complex.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import { type BatchDim, type NoParams, type Params, Primitive, type Tangent, UndefinedPrimal, Zero } from "../core/primitive.ts";
import { shapeStr } from "../core/shape.ts";
import { bind, bind1 } from "../core/trace.ts";
import { conjP, realP } from "./complex.ts";
import { dotGeneralP } from "./dot.ts";
import { addP, convertElementTypeP, divP, eqP, geP, leP, mulP, negP, selectNP, subP } from "./elementwise.ts";
import { full, matchBatch, moveaxis } from "./helpers.ts";
import { broadcastInDimP, iotaP, padP, reshapeP, sliceP, transposeP } from "./shape_ops.ts";
import { sortP } from "./sort.ts";
import { gatherI } from "./gather_scatter.ts";
import { type GatherDimensionNumbers, range } from "./gather_scatter_params.ts";

// ---------- small batched-matrix helpers (leading dims are batch dims) ----------

const b2 = (p: Primitive, x: NDArray, y: NDArray) => bind1(p, [x, y], {});
const add = (x: NDArray, y: NDArray) => b2(addP, x, y);
const sub = (x: NDArray, y: NDArray) => b2(subP, x, y);
const mul = (x: NDArray, y: NDArray) => b2(mulP, x, y);
const div = (x: NDArray, y: NDArray) => b2(divP, x, y);
const neg = (x: NDArray) => bind1(negP, [x], {});
const iota = (shape: readonly number[], dimension: number) => bind1(iotaP, [], { dtype: "int32", shape: [...shape], dimension });

/** Swap the last two axes. */
export function mT(x: NDArray): NDArray {
  const n = x.ndim;
  const perm = [...Array(n).keys()];
  [perm[n - 2], perm[n - 1]] = [perm[n - 1], perm[n - 2]];
  return bind1(transposeP, [x], { permutation: perm });
}

/** Batched matmul over equal leading batch dims: (..., m, k) @ (..., k, n). */
export function bmm(a: NDArray, b: NDArray): NDArray {
  const nb = a.ndim - 2;
  const bd = [...Array(nb).keys()];
  return bind1(dotGeneralP, [a, b], {
    dimension_numbers: [
      [[nb + 1], [nb]],
      [bd, bd],
    ],
    precision: null,
    preferred_element_type: a.dtype,
  });
}

/** (..., n, n) identity of x's batch shape and dtype; `shape` gives the full shape. */
export function eyeLike(shape: readonly number[], dtype: DType): NDArray {
  const nd = shape.length;
  const mask = b2(eqP, iota(shape, nd - 2), iota(shape, nd - 1));
  return bind1(selectNP, [mask, full(shape, 0, dtype), full(shape, 1, dtype)], {});
}

/** Keep entries with col - row <= k (lower) / >= k (upper), zero elsewhere. */
function triMask(x: NDArray, k: number, lower: boolean): NDArray {
  const nd = x.ndim;
  const rows = iota(x.shape, nd - 2);
  const cols = iota(x.shape, nd - 1);
  const shifted = add(rows, full(x.shape, k, "int32"));
  const keep = lower ? b2(geP, shifted, cols) : b2(leP, shifted, cols);
  return bind1(selectNP, [keep, full(x.shape, 0, x.dtype), x], {});
}
export const tril = (x: NDArray, k = 0) => triMask(x, k, true);
export const triu = (x: NDArray, k = 0) => triMask(x, k, false);

/**
 * x[..., perm, :] for a (batched) permutation of the rows: a gather of whole
 * rows (as JAX's lu_solve indexes), differentiable through gather's rules.
 */
export function permuteRows(x: NDArray, perm: NDArray): NDArray {
  const nd = x.ndim;
  const batch = range(nd - 2);
  const idx = bind1(reshapeP, [perm], { new_sizes: [...perm.shape, 1], dimensions: null });
  const dn: GatherDimensionNumbers = {
    offset_dims: [nd - 1],
    collapsed_slice_dims: [nd - 2],
    start_index_map: [nd - 2],
    operand_batching_dims: batch,
    start_indices_batching_dims: batch,
  };
  return gatherI(x, idx, dn, [...batch.map(() => 1), 1, x.shape[nd - 1]]);
}
/** The inverse of permuteRows: y[..., perm[i], :] = x[..., i, :], a gather by perm's inverse (one sort of perm, as JAX's lu_solve). */
export function unpermuteRows(x: NDArray, perm: NDArray): NDArray {
  const positions = iota(perm.shape, perm.ndim - 1);
  const inverse = bind(sortP, [perm, positions], { dimension: perm.ndim - 1, is_stable: true, num_keys: 1 })[1];
  return permuteRows(x, inverse);
}

/**
 * JAX's lu_solve on a factorization P A = L U (perm the row permutation):
 * A x = b (trans 0), Aᵀ x = b (1) or Aᴴ x = b (2); b is [..., m, k] with lu's batch dims.
 */
export function luSolve(lu: NDArray, perm: NDArray, b: NDArray, trans: 0 | 1 | 2): NDArray {
  if (trans === 0) {
    const x = triangularSolve(lu, permuteRows(b, perm), { leftSide: true, lower: true, unitDiagonal: true });
    return triangularSolve(lu, x, { leftSide: true, lower: false });
  }
  const conjugateA = trans === 2;
  let x = triangularSolve(lu, b, { leftSide: true, lower: false, transposeA: true, conjugateA });
  x = triangularSolve(lu, x, { leftSide: true, lower: true, transposeA: true, conjugateA, unitDiagonal: true });
  return unpermuteRows(x, perm);
}

export function sliceLast2(x: NDArray, rows: [number, number], cols: [number, number]): NDArray {
  const nd = x.ndim;
  const st = x.shape.map((_, i) => (i === nd - 2 ? rows[0] : i === nd - 1 ? cols[0] : 0));
  const li = x.shape.map((s, i) => (i === nd - 2 ? rows[1] : i === nd - 1 ? cols[1] : s));
  return bind1(sliceP, [x], { start_indices: st, limit_indices: li, strides: null });
}
export function padLast2(x: NDArray, rows: [number, number], cols: [number, number]): NDArray {
  const nd = x.ndim;
  const cfg = x.shape.map((_, i) => (i === nd - 2 ? [...rows, 0] : i === nd - 1 ? [...cols, 0] : [0, 0, 0]));
  return bind1(padP, [x, full([], 0, x.dtype)], { padding_config: cfg });
}

// ---------- shared validation and batching ----------

export function checkMatrix(name: string, a: ShapedArray, i = 0, square = true, complexOk = false): void {
  if (a.ndim < 2) throw new JaxTypeError(`Input ${i} to ${name} must have rank at least 2, but got shape=${shapeStr(a.shape)}`);
  if (complexOk && isComplex(a.dtype)) {
    // Complex operands where their complex rules exist (linalg_complex.ts).
  } else if (!isFloat(a.dtype))
    throw new JaxTypeError(`${name} does not accept dtype ${a.dtype}. Accepted dtypes are subtypes of floating.`);
  if (square && a.shape[a.ndim - 1] !== a.shape[a.ndim - 2]) {
    throw new ValueError(
      `The input to ${name} must be a square matrix. Got shape ${shapeStr(a.shape.slice(-2))} (full shape ${shapeStr(a.shape)}).`,
    );
  }
}

/** Batch rule for unary matrix primitives: vmapped axis to the front of every output. */
export function batchAtFront<P extends Params>(prim: Primitive<P>) {
  return (args: NDArray[], dims: BatchDim[], params: P, _size?: number): [NDArray[], BatchDim[]] => {
    const outs = bind(prim, [moveaxis(args[0], dims[0]!, 0)], params);
    return [outs, outs.map(() => 0)];
  };
}

// ---------- cholesky ----------

export const choleskyP: Primitive<NoParams> = new Primitive("cholesky", {
  abstractEval([a]) {
    checkMatrix("cholesky", a, 0, true, true);
    return [a];
  },
  jvp([x], [t]) {
    const L = bind1(choleskyP, [x], {});
    if (t instanceof Zero) return [[L], [new Zero(L.aval.strongType())]];
    // Forward-mode rule from https://arxiv.org/pdf/1602.07527.pdf
    const phi = (X: NDArray) => div(tril(X), add(full(X.shape, 1, X.dtype), eyeLike(X.shape, X.dtype)));
    const tmp = triangularSolve(L, t, { leftSide: false, transposeA: true, conjugateA: true, lower: true });
    const Ldot = bmm(L, phi(triangularSolve(L, tmp, { leftSide: true, transposeA: false, lower: true })));
    return [[L], [Ldot]];
  },
  batch: (...a) => batchAtFront(choleskyP)(...a),
});

// ---------- triangular_solve ----------

export interface TriangularSolveOpts {
  leftSide?: boolean;
  lower?: boolean;
  transposeA?: boolean;
  conjugateA?: boolean;
  unitDiagonal?: boolean;
}
export type TriangularSolveParams = {
  left_side: boolean;
  lower: boolean;
  transpose_a: boolean;
  conjugate_a: boolean;
  unit_diagonal: boolean;
};

export function triangularSolve(a: NDArray, b: NDArray, o: TriangularSolveOpts = {}): NDArray {
  return bind1(triangularSolveP, [a, b], {
    left_side: o.leftSide ?? false,
    lower: o.lower ?? false,
    transpose_a: o.transposeA ?? false,
    conjugate_a: o.conjugateA ?? false,
    unit_diagonal: o.unitDiagonal ?? false,
  });
}

function triJvpA(ga: NDArray, ans: NDArray, a: NDArray, p: TriangularSolveParams): NDArray {
  const [m, n] = ans.shape.slice(-2);
  const k = p.unit_diagonal ? 1 : 0;
  let g = p.lower ? tril(ga, -k) : triu(ga, k);
  g = neg(g);
  if (p.transpose_a) g = mT(g);
  if (p.conjugate_a && isComplex(g.dtype)) g = bind1(conjP, [g], { input_dtype: g.dtype });
  const aInv = (rhs: NDArray) => bind1(triangularSolveP, [a, rhs], p);
  // Order the products so the triangular solve is applied to the smaller operand.
  if (p.left_side) return m > n ? aInv(bmm(g, ans)) : bmm(aInv(g), ans);
  return m < n ? aInv(bmm(ans, g)) : bmm(ans, aInv(g));
}

export const triangularSolveP: Primitive<TriangularSolveParams> = new Primitive("triangular_solve", {
  abstractEval([a, b], p) {
    checkMatrix("triangular_solve", a, 0, true, true);
    if (b.ndim !== a.ndim) {
      throw new JaxTypeError(
        `All inputs to triangular_solve must have the same number of batch dimensions, but got shapes ${shapeStr(a.shape)} and ${shapeStr(b.shape)}.`,
      );
    }
    if (a.dtype !== b.dtype)
      throw new JaxTypeError(`triangular_solve requires arguments to have the same dtypes, got ${a.dtype}, ${b.dtype}.`);
    const nb = a.ndim - 2;
    if (shapeStr(a.shape.slice(0, nb)) !== shapeStr(b.shape.slice(0, nb))) {
      throw new JaxTypeError(`triangular_solve batch dimensions must be equal, got shapes ${shapeStr(a.shape)} and ${shapeStr(b.shape)}.`);
    }
    const common = p.left_side ? b.shape[nb] : b.shape[nb + 1];
    if (a.shape[nb + 1] !== common) {
      throw new ValueError(`Incompatible shapes for arguments to triangular_solve: ${shapeStr(a.shape)} and ${shapeStr(b.shape)}.`);
    }
    return [b.withWeak(a.weakType && b.weakType)];
  },
  jvp([a, b], [ta, tb], p) {
    const ans = bind1(triangularSolveP, [a, b], p);
    const fromA = ta instanceof Zero ? null : triJvpA(ta, ans, a, p);
    const fromB = tb instanceof Zero ? null : bind1(triangularSolveP, [a, tb], p);
    const t = fromA && fromB ? add(fromA, fromB) : (fromA ?? fromB ?? new Zero(ans.aval.strongType()));
    return [[ans], [t]];
  },
  transpose([ct], [a, b], p) {
    if (a instanceof UndefinedPrimal) throw new Error("triangular_solve transpose: the matrix a cannot be linear (only b)");
    const ba = (b as UndefinedPrimal).aval;
    if (ct instanceof Zero) return [null, new Zero(ba)];
    return [null, bind1(triangularSolveP, [a, ct], { ...p, transpose_a: !p.transpose_a })];
  },
  batch([a, b], [da, db], p) {
    if (da === null) {
      // Fold the batch axis of b into its free (non-solved) dimension: one solve covers all.
      const nd = b.ndim;
      if (p.left_side) {
        const y = moveaxis(b, db!, nd - 1);
        const flat = bind1(reshapeP, [y], { new_sizes: [...y.shape.slice(0, -2), y.shape[nd - 2] * y.shape[nd - 1]], dimensions: null });
        const out = bind1(triangularSolveP, [a, flat], p);
        return [[bind1(reshapeP, [out], { new_sizes: [...y.shape], dimensions: null })], [nd - 1]];
      }
      const y = moveaxis(b, db!, nd - 2);
      const flat = bind1(reshapeP, [y], {
        new_sizes: [...y.shape.slice(0, -3), y.shape[nd - 3] * y.shape[nd - 2], y.shape[nd - 1]],
        dimensions: null,
      });
      const out = bind1(triangularSolveP, [a, flat], p);
      return [[bind1(reshapeP, [out], { new_sizes: [...y.shape], dimensions: null })], [nd - 2]];
    }
    const size = a.shape[da];
    return [[bind1(triangularSolveP, [moveaxis(a, da, 0), matchBatch(b, db, size, 0)], p)], [0]];
  },
  printParams: (p) =>
    `conjugate_a=${py(p.conjugate_a)} left_side=${py(p.left_side)} lower=${py(p.lower)} transpose_a=${py(p.transpose_a)} unit_diagonal=${py(p.unit_diagonal)}`,
});

export const py = (b: boolean) => (b ? "True" : "False");

// ---------- lu ----------

/** (..., m, m) lower factor with unit diagonal and (..., n, n) upper factor, padded square. */
function luFactors(lu: NDArray): [NDArray, NDArray] {
  const nd = lu.ndim;
  const [m, n] = lu.shape.slice(-2);
  const k = Math.min(m, n);
  const batch = lu.shape.slice(0, nd - 2);
  const l = add(padLast2(tril(sliceLast2(lu, [0, m], [0, k]), -1), [0, 0], [0, m - k]), eyeLike([...batch, m, m], lu.dtype));
  let uEye = eyeLike([...batch, n - k, n - k], lu.dtype);
  uEye = padLast2(uEye, [k, 0], [k, 0]);
  const u = add(padLast2(triu(sliceLast2(lu, [0, k], [0, n])), [0, n - k], [0, 0]), uEye);
  return [l, u];
}

export const luP: Primitive<NoParams> = new Primitive(
  "lu",
  {
    abstractEval([a]) {
      checkMatrix("lu", a, 0, false, true);
      const [m, n] = a.shape.slice(-2);
      const batch = a.shape.slice(0, -2);
      return [a, new ShapedArray([...batch, Math.min(m, n)], "int32"), new ShapedArray([...batch, m], "int32")];
    },
    jvp([a], [t]) {
      const [lu, pivots, perm] = bind(luP, [a], {});
      const zeros: Tangent[] = [new Zero(pivots.aval), new Zero(perm.aval)];
      if (t instanceof Zero)
        return [
          [lu, pivots, perm],
          [new Zero(lu.aval.strongType()), ...zeros],
        ];
      // De Hoog, Anderssen & Lukas: with L U = P A,
      //   L' = L tril(L^-1 P A' U^-1, -1),  U' = triu(L^-1 P A' U^-1) U.
      const [l, u] = luFactors(lu);
      const la = triangularSolve(l, permuteRows(t, perm), { leftSide: true, lower: true, unitDiagonal: true });
      const lau = triangularSolve(u, la, { leftSide: false, lower: false });
      const luDot = add(bmm(l, tril(lau, -1)), bmm(triu(lau), u));
      return [
        [lu, pivots, perm],
        [luDot, ...zeros],
      ];
    },
    batch: (...a) => batchAtFront(luP)(...a),
  },
  true,
);

// ---------- eigh ----------

/** The params of eigh (subset_by_index and algorithm are always None). */
export type EighParams = { lower: boolean; sort_eigenvalues: boolean; subset_by_index: null; algorithm: null };
export const eighP: Primitive<EighParams> = new Primitive(
  "eigh",
  {
    abstractEval([a]) {
      checkMatrix("eigh", a, 0, true, true);
      const n = a.shape[a.ndim - 1];
      return [a.strongType(), new ShapedArray([...a.shape.slice(0, -2), n], realDType(a.dtype))];
    },
    jvp([a], [t], params) {
      const [v, w] = bind(eighP, [a], params);
      if (t instanceof Zero)
        return [
          [v, w],
          [new Zero(v.aval), new Zero(w.aval)],
        ];
      // Non-degenerate perturbation theory (JAX's _eigh_jvp_rule). Like JAX, the
      // tangent is used as given: callers symmetrize (jnp.linalg.eigh does).
      const n = a.shape[a.ndim - 1];
      const eye = eyeLike(v.shape, a.dtype);
      const nb = w.ndim - 1;
      const cplx = isComplex(a.dtype);
      // Complex: eigenvalues in a's dtype for the products, v^H in place of v^T.
      const wa = cplx ? bind1(convertElementTypeP, [w], { new_dtype: a.dtype, weak_type: false }) : w;
      const wRow = bind1(broadcastInDimP, [wa], { shape: [...v.shape], broadcast_dimensions: [...Array(nb).keys(), nb + 1] });
      const wCol = bind1(broadcastInDimP, [wa], { shape: [...v.shape], broadcast_dimensions: [...Array(nb).keys(), nb] });
      // 1 / (w_j - w_i) off the diagonal, 0 on it (eye added first so the diagonal never divides by 0).
      const F = sub(div(full(v.shape, 1, a.dtype), add(eye, sub(wRow, wCol))), eye);
      const vdv = bmm(bmm(adjoint(v), t), v);
      const dv = bmm(v, mul(F, vdv));
      const dw = cplx ? bind1(realP, [diagonal(vdv, n)], {}) : diagonal(vdv, n);
      return [
        [v, w],
        [dv, dw],
      ];
    },
    batch: (...a) => batchAtFront(eighP)(...a),
    printParams: (p) => `algorithm=None lower=${py(p.lower)} sort_eigenvalues=${py(p.sort_eigenvalues)} subset_by_index=None`,
  },
  true,
);

/** (x + x^H) / 2. */
export function symmetrize(x: NDArray): NDArray {
  return div(add(x, adjoint(x)), full(x.shape, 2, x.dtype));
}

/** The conjugate transpose of the last two axes (the transpose for real x). */
export function adjoint(x: NDArray): NDArray {
  return isComplex(x.dtype) ? bind1(conjP, [mT(x)], { input_dtype: x.dtype }) : mT(x);
}

/** The main diagonal of (..., n, n) matrices, as (..., n): a strided slice of the flattened matrix. */
export function diagonal(x: NDArray, n: number): NDArray {
  const batch = x.shape.slice(0, -2);
  const flat = bind1(reshapeP, [x], { new_sizes: [...batch, n * n], dimensions: null });
  if (n === 0) return bind1(reshapeP, [flat], { new_sizes: [...batch, 0], dimensions: null });
  return bind1(sliceP, [flat], {
    start_indices: [...batch.map(() => 0), 0],
    limit_indices: [...batch, n * n],
    strides: [...batch.map(() => 1), n + 1],
  });
}
