// A primitive as JAX exposes it (lax.add_p): `name`, `multipleResults` and
// `bind(...operands, params?)`. Params are keyword arguments in JAX; here a
// trailing plain object, camelCase or snake_case keys (`{newDtype}` or
// `{new_dtype}`). Sharding and accuracy params, meaningless here, are ignored.
import { asOperand, scalarArray } from "../core/convert.ts";
import { JaxTypeError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import { isPlainObject } from "../core/options.ts";
import { type Params, getPrimitive, type Primitive } from "../core/primitive.ts";
import { bind } from "../core/trace.ts";
import { broadcastInDim } from "./api.ts";

const IGNORED = new Set(["sharding", "out_sharding", "accuracy"]);

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A JAX primitive that jaxts builds from other operations: its bind runs `fn`. */
export interface ComposedRule {
  multipleResults: boolean;
  fn: (operands: NDArray[], params: Params) => NDArray | NDArray[];
}

export class PublicPrimitive {
  constructor(
    readonly name: string,
    readonly composed?: ComposedRule,
  ) {}
  #prim(): Primitive {
    const p = getPrimitive(this.name);
    if (!p) throw new JaxTypeError(`primitive ${this.name} is not available`);
    return p;
  }
  /** Whether bind returns a list of arrays (JAX's multiple_results). */
  get multipleResults(): boolean {
    return this.composed ? this.composed.multipleResults : this.#prim().multipleResults;
  }
  /** `prim.bind(*operands, **params)`: operands are arrays (JS numbers become weakly typed scalars). */
  bind(...args: unknown[]): NDArray | NDArray[] {
    const last = args[args.length - 1];
    const hasParams = isPlainObject(last);
    const raw = hasParams ? args.slice(0, -1) : args;
    // JS numbers are weak scalars of the array operands' dtype, as Python scalars bound to a primitive.
    const ref = raw.find((a) => typeof a !== "number");
    const like = ref === undefined ? undefined : asOperand(ref as never, `${this.name} operand`).dtype;
    let operands = raw.map((a, i) =>
      typeof a === "number" && like !== undefined ? scalarArray(a, like, true) : asOperand(a as never, `${this.name} operand ${i}`),
    );
    // JS numbers take the other operands' shape (rank-0 operands broadcast in JAX's elementwise shape rule).
    const shape = operands.reduce<readonly number[]>((s, o) => (o.ndim > s.length ? o.shape : s), []);
    if (shape.length > 0) operands = operands.map((o, i) => (typeof raw[i] === "number" ? broadcastInDim(o, [...shape], []) : o));
    const params: Params = {};
    if (hasParams) {
      for (const [k, v] of Object.entries(last)) {
        const key = snake(k);
        if (IGNORED.has(key) && (v === null || v === undefined)) continue;
        params[key] = v;
      }
    }
    if (this.composed) return this.composed.fn(operands, params);
    const prim = this.#prim();
    const outs = bind(prim, operands, params);
    return prim.multipleResults ? outs : outs[0]!;
  }
  toString(): string {
    return this.name;
  }
}
