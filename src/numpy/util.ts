// Shared jnp plumbing: operand conversion with JAX's promotion and broadcasting.
import { ArrayImpl, freeTemps } from "../core/array_impl.ts";
import { asOperand, scalarArray, typeOfValue } from "../core/convert.ts";
import { type DType, isInexact, promoteTypes, toInexactDType } from "../core/dtypes.ts";
import { NDArray, type ArrayLike } from "../core/ndarray.ts";
import { broadcastShapes, shapeEqual } from "../core/shape.ts";
import { ValueError } from "../core/errors.ts";
import { isPlainObject } from "../core/options.ts";
import { bind1 } from "../core/trace.ts";
import { convert } from "../lax/helpers.ts";
import { checkRankPromotion, checkStrictPromotion } from "./promotion_flags.ts";
import { broadcastInDimP } from "../lax/shape_ops.ts";

export function asArray(x: ArrayLike, what = "argument"): NDArray {
  return asOperand(x, what);
}

/** JAX's result_type over operands (JS numbers weak). */
export function resultType(...xs: ArrayLike[]): { dtype: DType; weakType: boolean } {
  return namedResultType("", xs);
}

/** resultType naming the function in errors about bad operands. */
export function namedResultType(name: string, xs: ArrayLike[]): { dtype: DType; weakType: boolean } {
  const types = xs.map((x, i) => typeOfValue(x, `${name ? name + " " : ""}argument ${i}`));
  checkStrictPromotion(types);
  return promoteTypes(types);
}

/** Convert one operand to (dtype, weak); JS numbers are cast directly (no int32 detour). */
/**
 * A JS integer meeting a 8/16-bit int array wraps into its range, as a Python
 * int does in JAX (int8 array + 1000 → -24 modulo 256); one beyond int32 still
 * fails when converted, as JAX's overflow check does.
 */
function wrapWeakInt(x: number, dtype: DType): number {
  if (!Number.isInteger(x) || x < -(2 ** 31) || x >= 2 ** 31) return x;
  const bits = dtype === "int8" || dtype === "uint8" ? 8 : dtype === "int16" || dtype === "uint16" ? 16 : 0;
  if (bits === 0) return x;
  const m = 2 ** bits;
  const v = ((x % m) + m) % m;
  return dtype.startsWith("int") && v >= m / 2 ? v - m : v;
}

export function toType(x: ArrayLike, dtype: DType, weakType: boolean, what = "argument"): NDArray {
  if (typeof x === "number") return scalarArray(wrapWeakInt(x, dtype), dtype, weakType);
  const a = asOperand(x, what);
  return convert(a, dtype, weakType);
}

export function broadcastTo(x: NDArray, shape: readonly number[]): NDArray {
  if (shapeEqual(x.shape, shape)) return x;
  const nd = shape.length;
  const bd = x.shape.map((_, i) => nd - x.ndim + i);
  return bind1(broadcastInDimP, [x], { shape: [...shape], broadcast_dimensions: bd });
}

/** Promote and broadcast operands to a common dtype and shape (jnp's implicit rules). */
export function promoteArgs(name: string, ...xs: ArrayLike[]): NDArray[] {
  const t = namedResultType(name, xs);
  const fixed = xs.map((x, i) => toType(x, t.dtype, t.weakType, `${name} argument ${i}`));
  checkRankPromotion(
    name,
    fixed.map((a) => a.shape),
  );
  const shape = broadcastShapesNamed(
    name,
    fixed.map((a) => a.shape),
  );
  const out = fixed.map((a) => broadcastTo(a, shape));
  freeTemps(out, fixed, xs);
  return out;
}

/** The broadcast shape of xs, with `name` (the jnp function) leading the error message. */
export function broadcastShapesNamed(name: string, shapes: ReadonlyArray<readonly number[]>): number[] {
  try {
    return broadcastShapes(...shapes);
  } catch (e) {
    throw new ValueError(`${name}: ${(e as Error).message}`);
  }
}

/** Promote to an inexact (float) dtype as jnp does for true_divide, sin, ... */
export function promoteToFloat(name: string, ...xs: ArrayLike[]): NDArray[] {
  const t = namedResultType(name, xs);
  if (isInexact(t.dtype)) return promoteArgs(name, ...xs);
  const target = toInexactDType(t.dtype, t.weakType);
  // As JAX's promote_dtypes_inexact, every operand takes the joint weak flag: jnp.sin(2) is a weak
  // float32, and so is a bool array divided by 2 (bool ⊔ weak int is a weak int).
  return promoteArgs(name, ...xs.map((x) => toType(x, target, t.weakType)));
}

export function isConcrete(x: NDArray): x is ArrayImpl {
  return x instanceof ArrayImpl;
}

/**
 * `f(x, {opts})` with the positional axis left out: a plain object where the axis goes is the
 * options. An `axis` key in the options (JAX's keyword spelling) counts when no axis is positional.
 */
export function axisOrOpts<A, O extends object>(axis: A | O | undefined, opts: O | undefined): [A | undefined, O | undefined] {
  const plain = isPlainObject(axis);
  const [ax, o] = plain ? [undefined, axis as O] : [axis as A | undefined, opts];
  if (o === undefined || !("axis" in o)) return [ax, o];
  const { axis: keyAxis, ...rest } = o as O & { axis?: A };
  return [ax === undefined ? keyAxis : ax, rest as O];
}
