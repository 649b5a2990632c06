// Typed PRNG key arrays (jax.random.key): an array of threefry keys whose
// element type is key<fry>. It holds its uint32 key data, shape [...shape, 2],
// and is a pytree node whose one child is that data, so keys flow through jit,
// vmap, scan carries and tree utilities as their data and come back as keys.
import type { NDArray } from "../core/ndarray.ts";
import { Slice, type Index } from "../core/ndarray.ts";
import { JaxTypeError } from "../core/errors.ts";
import * as tree from "../tree/index.ts";
import { pyShape } from "./args.ts";

export const KEY_DTYPE_NAME = "key<fry>";

export class PRNGKeyArray {
  /** The uint32 key data, shape [...this.shape, 2] (JAX's key_data). */
  readonly data: NDArray;

  constructor(data: NDArray) {
    this.data = data;
  }

  get shape(): number[] {
    return this.data.shape.slice(0, -1);
  }
  get ndim(): number {
    return this.data.ndim - 1;
  }
  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }
  get dtype(): string {
    return KEY_DTYPE_NAME;
  }
  get isTracer(): boolean {
    return this.data.isTracer;
  }

  /** Index the key array like an array of keys (the key words stay whole). */
  get(...idx: Index[]): PRNGKeyArray {
    return new PRNGKeyArray(this.data.get(...idx, new Slice()));
  }

  reshape(...shape: Array<number | number[]>): PRNGKeyArray {
    const s = (shape.length === 1 && Array.isArray(shape[0]) ? shape[0] : shape) as number[];
    const known = s.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    const full = s.map((d) => (d === -1 ? this.size / known : d));
    return new PRNGKeyArray(this.data.reshape([...full, 2]));
  }

  /** `const [k1, k2] = random.split(key)` iterates over the leading axis, as JAX does. */
  *[Symbol.iterator](): IterableIterator<PRNGKeyArray> {
    if (this.ndim === 0) throw new JaxTypeError("iteration over a 0-d key array");
    for (let i = 0; i < this.shape[0]; i++) yield this.get(i);
  }

  async blockUntilReady(): Promise<this> {
    await this.data.blockUntilReady();
    return this;
  }
  dispose(): void {
    this.data.dispose();
  }

  toString(): string {
    if (this.data.isTracer) return `Traced<${KEY_DTYPE_NAME}[${this.shape.join(",")}]>`;
    return `Array(${pyShape(this.shape)}, dtype=${KEY_DTYPE_NAME}) overlaying:\n${this.data.toString()}`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

tree.registerNode(
  PRNGKeyArray,
  (k: PRNGKeyArray) => [[k.data], null] as const,
  (_aux: null, children: Iterable<unknown>) => new PRNGKeyArray([...children][0] as NDArray),
);

export function isKeyArray(x: unknown): x is PRNGKeyArray {
  return x instanceof PRNGKeyArray;
}
