// Abstract values: what a transformation knows about an array (shape, dtype, weak type).
import { type DType, shortName } from "./dtypes.ts";
import { type Shape, prod, shapeEqual } from "./shape.ts";

export class ShapedArray {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly weakType: boolean;
  constructor(shape: Shape, dtype: DType, weakType = false) {
    this.shape = shape;
    this.dtype = dtype;
    this.weakType = weakType;
  }
  get ndim(): number {
    return this.shape.length;
  }
  get size(): number {
    return prod(this.shape);
  }
  equals(o: ShapedArray): boolean {
    return this.dtype === o.dtype && this.weakType === o.weakType && shapeEqual(this.shape, o.shape);
  }
  /** Equal ignoring weak type (what primitives require of operands). */
  sameType(o: ShapedArray): boolean {
    return this.dtype === o.dtype && shapeEqual(this.shape, o.shape);
  }
  strongType(): ShapedArray {
    return this.weakType ? new ShapedArray(this.shape, this.dtype, false) : this;
  }
  withWeak(w: boolean): ShapedArray {
    return w === this.weakType ? this : new ShapedArray(this.shape, this.dtype, w);
  }
  /** JAX's short form: f32[3,4], i32[]. */
  str(): string {
    return `${shortName(this.dtype)}[${this.shape.join(",")}]`;
  }
  toString(): string {
    return this.str();
  }
}
