// The layout primitives: reshape, transpose, squeeze, rev, and moveaxis on
// top of transpose. They lean on nothing but each other, so every other
// primitive's rules can use them.
import { ShapedArray } from "../core/aval.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import { Primitive } from "../core/primitive.ts";
import { checkIntList } from "../core/scalar_args.ts";
import { checkShape, prod, shapeStr } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import { linearJvp, linearTranspose } from "./rule_pieces.ts";
import { tuple } from "./print_params.ts";

/** Move axis `from` of x to position `to`. */
export function moveaxis(x: NDArray, from: number, to: number): NDArray {
  if (from === to) return x;
  const perm = [...Array(x.ndim).keys()].filter((i) => i !== from);
  perm.splice(to, 0, from);
  return bind1(transposeP, [x], { permutation: perm });
}

export type ReshapeParams = { new_sizes: number[]; dimensions: null };
export type TransposeParams = { permutation: number[] };
/** squeeze: the dims to drop; rev: the dims to reverse. */
export type DimensionsParams = { dimensions: number[] };

// ---------- reshape ----------
export const reshapeP: Primitive<ReshapeParams> = new Primitive("reshape", {
  abstractEval([a], params) {
    const ns = checkShape(params.new_sizes, "reshape new_sizes");
    if (prod(ns) !== a.size) {
      throw new JaxTypeError(
        `reshape total size must be unchanged, got new_sizes ${shapeStr(ns)} (size ${prod(ns)}) ` +
          `for shape ${shapeStr(a.shape)} (size ${a.size}).`,
      );
    }
    return [new ShapedArray(ns, a.dtype, a.weakType)];
  },
  jvp: (...a) => linearJvp(reshapeP)(...a),
  transpose: linearTranspose((ct, aval) => bind1(reshapeP, [ct], { new_sizes: [...aval.shape], dimensions: null })),
  batch([x], [d], params) {
    const xm = moveaxis(x, d!, 0);
    const newSizes = [xm.shape[0], ...params.new_sizes];
    return [[bind1(reshapeP, [xm], { new_sizes: newSizes, dimensions: null })], [0]];
  },
  printParams: (p) => `dimensions=None new_sizes=${tuple(p.new_sizes)}`,
});

// ---------- transpose ----------
export const transposeP: Primitive<TransposeParams> = new Primitive("transpose", {
  abstractEval([a], params) {
    const perm = checkIntList(params.permutation, "transpose permutation");
    const sorted = [...perm].sort((x, y) => x - y);
    if (perm.length !== a.ndim || sorted.some((v, i) => v !== i)) {
      throw new ValueError(
        `transpose permutation must be a permutation of range(${a.ndim}); ` +
          `got ${shapeStr(perm)} for operand of shape ${shapeStr(a.shape)}`,
      );
    }
    return [
      new ShapedArray(
        perm.map((p) => a.shape[p]),
        a.dtype,
        a.weakType,
      ),
    ];
  },
  jvp: (...a) => linearJvp(transposeP)(...a),
  transpose: linearTranspose((ct, _aval, params) => {
    const perm = params.permutation;
    const inv = new Array<number>(perm.length);
    perm.forEach((p, i) => (inv[p] = i));
    return bind1(transposeP, [ct], { permutation: inv });
  }),
  batch([x], [d], params) {
    const xm = moveaxis(x, d!, 0);
    return [[bind1(transposeP, [xm], { permutation: [0, ...params.permutation.map((p) => p + 1)] })], [0]];
  },
  printParams: (p) => `permutation=${tuple(p.permutation)}`,
});

// ---------- squeeze ----------
export const squeezeP: Primitive<DimensionsParams> = new Primitive("squeeze", {
  abstractEval([a], params) {
    const dims = params.dimensions;
    for (const d of dims) {
      if (a.shape[d] !== 1) {
        throw new ValueError(
          "cannot select an axis to squeeze out which has size not equal to one, " +
            `got shape=${shapeStr(a.shape)} and dimensions=${shapeStr(dims)}`,
        );
      }
    }
    return [
      new ShapedArray(
        a.shape.filter((_, i) => !dims.includes(i)),
        a.dtype,
        a.weakType,
      ),
    ];
  },
  jvp: (...a) => linearJvp(squeezeP)(...a),
  transpose: linearTranspose((ct, aval) => bind1(reshapeP, [ct], { new_sizes: [...aval.shape], dimensions: null })),
  batch([x], [d], params) {
    const xm = moveaxis(x, d!, 0);
    return [[bind1(squeezeP, [xm], { dimensions: params.dimensions.map((i) => i + 1) })], [0]];
  },
  printParams: (p) => `dimensions=${tuple(p.dimensions)}`,
});

// ---------- rev ----------
export const revP: Primitive<DimensionsParams> = new Primitive("rev", {
  abstractEval([a]) {
    return [a];
  },
  jvp: (...a) => linearJvp(revP)(...a),
  transpose: linearTranspose((ct, _a, params) => bind1(revP, [ct], params)),
  batch([x], [d], params) {
    return [[bind1(revP, [x], { dimensions: params.dimensions.map((i) => (i >= d! ? i + 1 : i)) })], [d]];
  },
  printParams: (p) => `dimensions=${tuple(p.dimensions)}`,
});
