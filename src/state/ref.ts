// JAX's mutable array references (jax.new_ref, jax.Ref): a box holding an
// array that `set`/`add` replace with functionally updated values. Eagerly it
// is a mutable array; inside jit/grad/vmap a Ref made in the traced function
// works the same (its updates are traced operations on the boxed value). A
// Ref made outside a transformation cannot be mutated from inside one here:
// pass its value in and return the new one instead.
import { asOperand } from "../core/convert.ts";
import { type DType, parseDType } from "../core/dtypes.ts";
import { JaxTypeError } from "../core/errors.ts";
import type { ArrayLike, Index, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { currentLevel, isTracer, type Tracer } from "../core/trace.ts";
import { zeros } from "../numpy/creation.ts";

/** A mutable reference to an array (JAX's `jax.Ref`). */
export class Ref {
  #value: NDArray;
  readonly #level: number;
  constructor(value: NDArray) {
    this.#value = value;
    this.#level = currentLevel();
  }
  get shape(): number[] {
    return this.#value.shape;
  }
  get dtype(): DType {
    return this.#value.dtype;
  }
  get ndim(): number {
    return this.#value.ndim;
  }
  get size(): number {
    return this.#value.size;
  }
  /** `ref[...]` (no index) or `ref[idx]`: the current value, or part of it. */
  get(...idx: Index[]): NDArray {
    return idx.length === 0 ? this.#value : this.#value.get(...idx);
  }
  /** `ref[...] = v`: replace the whole value (broadcast to the ref's shape and cast to its dtype). */
  set(v: ArrayLike): void {
    this.at("...").set(v);
  }
  /** `ref[...] += v`. */
  add(v: ArrayLike): void {
    this.at("...").add(v);
  }
  /** `ref[idx] = v`, `ref[idx] += v`, `ref[idx]` via `ref.at(...idx).set(v) | add(v) | get()`. */
  at(...idx: Index[]): { set(v: ArrayLike): void; add(v: ArrayLike): void; get(): NDArray } {
    return {
      set: (v) => this.#update(this.#value.at(...idx).set(v)),
      add: (v) => this.#update(this.#value.at(...idx).add(v)),
      get: () => this.get(...idx),
    };
  }
  #update(next: NDArray): void {
    if (isTracer(next) && (next as Tracer)._trace.main.level > this.#level) {
      throw new JaxTypeError(
        "a Ref created outside jit/grad/vmap was mutated inside it; jaxts does not support that: create the Ref inside the transformed function, or pass its value in and return the new one",
      );
    }
    this.#value = next;
  }
  toString(): string {
    return `Ref(${String(this.#value)})`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    const s = (this.#value as unknown as Record<symbol, () => string>)[Symbol.for("nodejs.util.inspect.custom")];
    const body = typeof s === "function" ? s.call(this.#value) : String(this.#value);
    return body.replace(/^Array\(/, "Ref(");
  }
}

/** jax.new_ref(initVal, {memorySpace, kind}): a Ref holding `initVal`. */
export function newRef(initVal: ArrayLike, options?: { memorySpace?: unknown; kind?: string | null }): Ref {
  checkOptions(options, "newRef", ["memorySpace", "kind"]);
  return new Ref(asOperand(initVal, "new_ref init_val"));
}

/** jax.empty_ref(ty): a Ref of that shape and dtype (`ShapeDtypeStruct`, `typeof(x)` or an array), zero-filled. */
export function emptyRef(ty: { shape: readonly number[]; dtype: DType | string }, _memorySpace?: unknown): Ref {
  if (ty === null || typeof ty !== "object" || !Array.isArray(ty.shape)) {
    throw new JaxTypeError("empty_ref expects a type with shape and dtype (ShapeDtypeStruct, typeof(x) or an array)");
  }
  return new Ref(zeros([...ty.shape], { dtype: parseDType(ty.dtype, "empty_ref dtype") }));
}

function checkRef(r: unknown, what: string): Ref {
  if (!(r instanceof Ref)) throw new JaxTypeError(`${what} expects a Ref, got ${typeof r}`);
  return r;
}

/** jax.freeze(ref): the ref's final value. */
export function freeze(ref: Ref): NDArray {
  return checkRef(ref, "freeze").get();
}

/** jax.free_ref(ref): invalidate a ref (nothing to release here); returns an empty tuple. */
export function freeRef(ref: Ref): [] {
  checkRef(ref, "free_ref");
  return [];
}
