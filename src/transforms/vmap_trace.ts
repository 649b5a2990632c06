// vmap: a BatchTrace carries (value, batch dim); each primitive's batch rule
// says how to apply it to batched operands.
import { ShapedArray } from "../core/aval.ts";
import type { NDArray } from "../core/ndarray.ts";
import type { BatchDim, Params, Primitive } from "../core/primitive.ts";
import { ConcretizationTypeError, NotImplementedError } from "../core/errors.ts";
import { Trace, Tracer, bind, fullLower } from "../core/trace.ts";
import { axisNameOf, whileBatching } from "./axis_env.ts";

export class BatchTracer extends Tracer {
  constructor(
    readonly _trace: Trace,
    readonly val: NDArray,
    readonly bdim: BatchDim,
  ) {
    super();
  }
  override get aval(): ShapedArray {
    const a = this.val.aval;
    if (this.bdim === null) return a;
    const shape = a.shape.filter((_, i) => i !== this.bdim);
    return new ShapedArray(shape, a.dtype, a.weakType);
  }
  override fullLower(): NDArray {
    return this.bdim === null ? fullLower(this.val) : this;
  }
  private fail(what: string): never {
    throw new ConcretizationTypeError(
      `Abstract tracer value encountered where concrete value is expected: ${what} was called on a batched value of type ${this.aval.str()} inside vmap.`,
    );
  }
  override dataSync(): never {
    return this.fail("dataSync()");
  }
  override toArray(): never {
    return this.fail("toArray()");
  }
  override item(): never {
    return this.fail("item()");
  }
  override [Symbol.toPrimitive](): never {
    return this.fail("conversion to a JS number");
  }
  override toString(): string {
    return `BatchTracer(${this.aval.str()})`;
  }
}

export class BatchTrace extends Trace {
  get axisSize(): number {
    return this.main.globalData as number;
  }
  override pure(x: NDArray): NDArray {
    return new BatchTracer(this, x, null);
  }
  override lift(x: Tracer): NDArray {
    return new BatchTracer(this, x, null);
  }
  override processPrimitive(prim: Primitive, tracers: NDArray[], params: Params): NDArray[] {
    const ts = tracers as BatchTracer[];
    const vals = ts.map((t) => t.val);
    const dims = ts.map((t) => t.bdim);
    // A collective over this trace's named axis acts across the batch, batched or not (lax.psum(x, "i") of an unbatched x is n·x).
    const named = prim.rules.batchNamed;
    if (named && (params as { axis_name?: unknown }).axis_name === axisNameOf(this.main)) {
      const [outs, outDims] = named(vals, dims, params, this.axisSize);
      return outs.map((o, i) => new BatchTracer(this, o, outDims[i]));
    }
    if (dims.every((d) => d === null)) {
      return bind(prim, vals, params).map((o) => new BatchTracer(this, o, null));
    }
    const rule = prim.rules.batch;
    if (!rule) throw new NotImplementedError(`Batching rule for '${prim.name}' not implemented`);
    const [outs, outDims] = whileBatching(this.main, () => rule(vals, dims, params, this.axisSize));
    return outs.map((o, i) => new BatchTracer(this, o, outDims[i]));
  }
}
