// Float32 arithmetic on kernel nodes of one shape, for the special functions
// that lower to kernel operations (special_lowering.ts, erf_lowering.ts,
// bessel_lowering.ts). Constants are rounded to float32 as JAX's float32
// constants are; polynomials evaluate in the order JAX's and XLA's do, so
// the results track JAX's own float32 values.
import type { Node, NodeBuilder } from "./kernel.ts";
import type { KernelOp } from "./ops.ts";

export class F32 {
  constructor(
    private readonly b: NodeBuilder,
    readonly shape: readonly number[],
  ) {}
  k(v: number): Node {
    return this.b.const("f32", this.shape, Math.fround(v));
  }
  op(op: KernelOp, ...args: Node[]): Node {
    return this.b.op(op, "f32", args, 0, this.shape);
  }
  add(a: Node, c: Node | number): Node {
    return this.op("add", a, typeof c === "number" ? this.k(c) : c);
  }
  sub(a: Node | number, c: Node | number): Node {
    return this.op("sub", typeof a === "number" ? this.k(a) : a, typeof c === "number" ? this.k(c) : c);
  }
  mul(a: Node | number, c: Node): Node {
    return this.op("mul", typeof a === "number" ? this.k(a) : a, c);
  }
  div(a: Node | number, c: Node): Node {
    return this.op("div", typeof a === "number" ? this.k(a) : a, c);
  }
  cmp(op: KernelOp, a: Node, c: Node | number): Node {
    return this.b.op(op, "bool", [a, typeof c === "number" ? this.k(c) : c], 0, this.shape);
  }
  test(op: KernelOp, a: Node): Node {
    return this.b.op(op, "bool", [a], 0, this.shape);
  }
  and(a: Node, c: Node): Node {
    return this.b.op("and", "bool", [a, c], 0, this.shape);
  }
  or(a: Node, c: Node): Node {
    return this.b.op("or", "bool", [a, c], 0, this.shape);
  }
  /** pred ? onTrue : onFalse. */
  pick(pred: Node, onTrue: Node | number, onFalse: Node | number): Node {
    const t = typeof onTrue === "number" ? this.k(onTrue) : onTrue;
    const f = typeof onFalse === "number" ? this.k(onFalse) : onFalse;
    return this.b.op("select", "f32", [pred, f, t], 0, this.shape);
  }
  /**
   * Horner's rule from the highest coefficient, p = p x + c: jnp.polyval's
   * order and XLA's (which start from 0 · x + c0, the same value for finite x).
   */
  poly(x: Node, coeffs: readonly number[]): Node {
    let p = this.k(coeffs[0]);
    for (const c of coeffs.slice(1)) p = this.add(this.mul(p, x), c);
    return p;
  }
  /** Clenshaw's recurrence for a Chebyshev series (Cephes' chbevl), as JAX and XLA evaluate it. */
  chebyshev(x: Node, coeffs: readonly number[]): Node {
    let b0 = this.k(coeffs[0]);
    let b1 = this.k(0);
    let b2: Node;
    for (const c of coeffs.slice(1)) {
      b2 = b1;
      b1 = b0;
      b0 = this.add(this.sub(this.mul(x, b1), b2), c);
    }
    // After the loop b2 is the value before the last step's b1.
    return this.mul(0.5, this.sub(b0, b2!));
  }
}
