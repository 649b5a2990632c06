// Complex-number primitives: complex(re, im), real, imag, conj. All are
// linear over the reals; their transposes are JAX's (real's cotangent comes
// back as complex(t, 0), imag's as complex(0, -t)), which is what makes
// grad of a real function of complex inputs return JAX's conjugate convention.
import { ShapedArray } from "../core/aval.ts";
import { type DType, complexDType, isComplex, isFloat, realDType } from "../core/dtypes.ts";
import { JaxTypeError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import { type NoParams, Primitive, type Tangent, Zero } from "../core/primitive.ts";
import { bind1 } from "../core/trace.ts";
import { batchElementwise, negP } from "./elementwise.ts";
import { linearJvp } from "./rule_pieces.ts";
import { full } from "./zeros.ts";

function checkComplex(name: string, a: ShapedArray): void {
  if (!isComplex(a.dtype))
    throw new JaxTypeError(`${name} does not accept dtype ${a.dtype}. Accepted dtypes are subtypes of complexfloating.`);
}

const zerosOf = (like: NDArray, dtype: DType) => full(like.shape, 0, dtype);
const ctOr = (ct: Tangent, f: (c: NDArray) => NDArray, aval: ShapedArray): Tangent => (ct instanceof Zero ? new Zero(aval) : f(ct));

export const realP: Primitive<NoParams> = new Primitive("real", {
  abstractEval([a]) {
    checkComplex("real", a);
    return [new ShapedArray(a.shape, realDType(a.dtype), a.weakType)];
  },
  jvp: (...a) => linearJvp(realP)(...a),
  transpose: ([ct], [x]) => [ctOr(ct, (t) => bind1(complexP, [t, zerosOf(t, t.dtype)], {}), x.aval)],
  batch: (args, dims) => [[bind1(realP, args, {})], dims],
});

export const imagP: Primitive<NoParams> = new Primitive("imag", {
  abstractEval([a]) {
    checkComplex("imag", a);
    return [new ShapedArray(a.shape, realDType(a.dtype), a.weakType)];
  },
  jvp: (...a) => linearJvp(imagP)(...a),
  transpose: ([ct], [x]) => [ctOr(ct, (t) => bind1(complexP, [zerosOf(t, t.dtype), bind1(negP, [t], {})], {}), x.aval)],
  batch: (args, dims) => [[bind1(imagP, args, {})], dims],
});

export const complexP: Primitive<NoParams> = new Primitive("complex", {
  abstractEval([a, b]) {
    for (const x of [a, b]) {
      if (!isFloat(x.dtype) || x.dtype === "float16") {
        throw new JaxTypeError(`complex does not accept dtype ${x.dtype}. Accepted dtypes are float32, float64.`);
      }
    }
    if (a.dtype !== b.dtype) throw new JaxTypeError(`complex requires arguments to have the same dtypes, got ${a.dtype}, ${b.dtype}.`);
    if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
      throw new JaxTypeError(`complex got incompatible shapes for broadcasting: (${a.shape}), (${b.shape}).`);
    }
    return [new ShapedArray(a.shape, complexDType(a.dtype), a.weakType && b.weakType)];
  },
  jvp([x, y], [tx, ty]) {
    const ans = bind1(complexP, [x, y], {});
    if (tx instanceof Zero && ty instanceof Zero) return [[ans], [new Zero(ans.aval.strongType())]];
    const t = (v: Tangent, like: NDArray) => (v instanceof Zero ? zerosOf(like, like.dtype) : v);
    return [[ans], [bind1(complexP, [t(tx, x), t(ty, y)], {})]];
  },
  transpose: ([ct], [x, y]) => {
    if (ct instanceof Zero) return [new Zero(x.aval), new Zero(y.aval)];
    return [bind1(realP, [ct], {}), bind1(imagP, [bind1(negP, [ct], {})], {})];
  },
  batch: (args, dims, p) => batchElementwise(complexP)(args, dims, p),
});

/** conj: the complex conjugate; a real operand comes back complex (JAX's conj_p with input_dtype). */
export type ConjParams = { input_dtype: DType };
export const conjP: Primitive<ConjParams> = new Primitive("conj", {
  abstractEval([a]) {
    if (!isComplex(a.dtype) && !isFloat(a.dtype)) {
      throw new JaxTypeError(`conj does not accept dtype ${a.dtype}. Accepted dtypes are subtypes of floating, complexfloating.`);
    }
    return [new ShapedArray(a.shape, complexDType(a.dtype), a.weakType)];
  },
  jvp: (...a) => linearJvp(conjP)(...a),
  transpose: ([ct], [x], p) => {
    if (ct instanceof Zero) return [new Zero(x.aval)];
    return [isComplex(p.input_dtype) ? bind1(conjP, [ct], { input_dtype: ct.dtype }) : bind1(realP, [ct], {})];
  },
  batch: (args, dims, p) => [[bind1(conjP, args, p)], dims],
  printParams: (p) => `input_dtype=${p.input_dtype}`,
});
