// jax.tree_util.Partial: functools.partial as a pytree. The bound arguments
// are the children (so arrays among them are traced by jit and vmap); the
// function is the static aux data. Instances are callable functions.
import { JaxTypeError } from "../core/errors.ts";
import { registerNode } from "./registry.ts";

/** A callable with bound leading arguments that is a pytree of those arguments. */
export interface Partial<F extends (...args: any[]) => any = (...args: any[]) => any> {
  (...rest: any[]): ReturnType<F>;
  /** The wrapped function. */
  readonly func: F;
  /** The bound leading arguments (the pytree children). */
  readonly args: readonly unknown[];
  /** Keyword arguments: always empty here (kept for JAX's structure, `(args, keywords)`). */
  readonly keywords: Readonly<Record<string, never>>;
}

interface PartialConstructor {
  <F extends (...args: any[]) => any>(func: F, ...args: unknown[]): Partial<F>;
  new <F extends (...args: any[]) => any>(func: F, ...args: unknown[]): Partial<F>;
  readonly prototype: Partial;
}

function makePartial(func: (...args: any[]) => any, args: unknown[]): Partial {
  if (typeof func !== "function") throw new JaxTypeError(`the first argument must be callable, got ${typeof func}`);
  const bound = Object.freeze([...args]);
  const p = ((...rest: unknown[]) => func(...bound, ...rest)) as unknown as Partial & { func: unknown };
  Object.setPrototypeOf(p, PartialImpl.prototype);
  Object.defineProperties(p, {
    func: { value: func, enumerable: true },
    args: { value: bound, enumerable: true },
    keywords: { value: Object.freeze({}), enumerable: true },
  });
  return p;
}

function PartialImpl(this: unknown, func: (...args: any[]) => any, ...args: unknown[]): Partial {
  return makePartial(func, args);
}
Object.setPrototypeOf(PartialImpl.prototype, Function.prototype);
Object.defineProperty(PartialImpl, "name", { value: "Partial" });

/**
 * jax.tree_util.Partial(func, ...args): `Partial(f, x)(y)` is `f(x, y)`, and the partial is a
 * pytree whose leaves are the bound arguments' leaves (as JAX's, `[args, keywords]` children),
 * so it can be passed through jit, vmap and tree.map. Works with or without `new`.
 */
export const Partial: PartialConstructor = PartialImpl as unknown as PartialConstructor;

registerNode(
  PartialImpl as unknown as abstract new (
    ...a: any[]
  ) => Partial,
  (p: Partial) => [[[...p.args], {}], p.func] as const,
  (func: (...args: any[]) => any, children: unknown[]) => makePartial(func, [...(children[0] as unknown[])]),
);
