// jax.ShapeDtypeStruct: an array's shape and dtype without its data, for
// evalShape, jit(...).lower and pureCallback's result description.
import { ShapedArray } from "./aval.ts";
import { type DType, canonicalize, parseDType } from "./dtypes.ts";
import { JaxTypeError } from "./errors.ts";
import { prod } from "./shape.ts";

function pyShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

export class ShapeDtypeStruct {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly weakType: boolean;
  constructor(shape: readonly number[], dtype: unknown, opts: { weakType?: boolean } = {}) {
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new JaxTypeError(`ShapeDtypeStruct: shape must be an array of non-negative integers, got ${String(shape)}`);
    }
    this.shape = [...shape];
    this.dtype = canonicalize(parseDType(dtype, "ShapeDtypeStruct dtype"));
    this.weakType = opts.weakType ?? false;
  }
  static fromAval(a: ShapedArray): ShapeDtypeStruct {
    return new ShapeDtypeStruct(a.shape, a.dtype, { weakType: a.weakType });
  }
  get ndim(): number {
    return this.shape.length;
  }
  get size(): number {
    return prod(this.shape);
  }
  get aval(): ShapedArray {
    return new ShapedArray(this.shape, this.dtype, this.weakType);
  }
  toString(): string {
    return `ShapeDtypeStruct(shape=${pyShape(this.shape)}, dtype=${this.dtype}${this.weakType ? ", weak_type=True" : ""})`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
