// The static types of the transformations. A transformation takes pytrees
// whose leaves are arrays or JS numbers (numbers become arrays) and gives back
// pytrees of arrays; these mapped types say so:
//
//   In<T>   what a transformed function accepts where `f` takes T: every
//           NDArray leaf may also be a JS number, boolean or typed array;
//   Out<T>  what comes back where `f` returns T: every number/boolean leaf
//           is an NDArray, `readonly` dropped (a `const` init stays usable);
//   Grad    the gradient type: the differentiated argument(s) as Out<...>,
//           argnums-aware (one argnum: that parameter; a list: a tuple).
import type { Float0Array } from "../core/float0.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import type { TypedArray } from "../core/dtypes.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFn = (...args: any[]) => any;

type IsAny<T> = 0 extends 1 & T ? true : false;
type Fn = (...args: never[]) => unknown;
/**
 * Whether T has methods: a class instance (an NDArray-like object, a key, a
 * registered class) rather than a plain-data container; kept as it is, since
 * its type is more useful than a structural copy.
 */
type HasMethods<T> = { [K in keyof T]-?: IsAny<T[K]> extends true ? never : T[K] extends Fn ? K : never }[keyof T] extends never
  ? false
  : true;

/** What a transformed function accepts where an array goes: an array, or a JS value that becomes one. */
export type ArrayInput = NDArray | number | boolean | TypedArray;

/** Where a tangent or cotangent goes: an array input, or float0 zeros (the tangent of an integer value). */
export type TangentInput = ArrayInput | Float0Array;

/** A pytree type whose array leaves also accept JS numbers, booleans and typed arrays (L: what an array leaf accepts). */
export type In<T, L = ArrayInput> =
  IsAny<T> extends true
    ? any
    : NDArray extends T
      ? T | L // already accepts arrays (unknown, ArrayLike)
      : InLeaf<T, L>;
type InLeaf<T, L> = T extends NDArray
  ? L
  : T extends TypedArray | Fn
    ? T
    : T extends readonly unknown[]
      ? { readonly [K in keyof T]: In<T[K], L> }
      : T extends object
        ? HasMethods<T> extends true
          ? T
          : { readonly [K in keyof T]: In<T[K], L> }
        : T;

/**
 * What a loop body may return for a carry of type T (T as Out gives it): T
 * with JS numbers accepted, or for a tuple carry any array of its element types
 * (a body whose result TypeScript typed as `NDArray[]`).
 */
export type CarryIn<T> = In<T> | (T extends readonly unknown[] ? ReadonlyArray<In<T[number]>> : never);

/** A function's parameter list with In applied to each parameter (labels and optionality kept). */
export type InArgs<P extends readonly unknown[], L = ArrayInput> = { [K in keyof P]: In<P[K], L> };
/** A parameter list as a transformation gives it back (vjp's cotangents): Out on each. */
export type OutArgs<P extends readonly unknown[]> = { -readonly [K in keyof P]: Out<P[K]> };

/**
 * A pytree type as a transformation gives it back: JS number and boolean
 * leaves become arrays. Where f takes any array input (ArrayLike, whose
 * nested lists would map without end), an array comes back.
 */
export type Out<T> = IsAny<T> extends true ? any : unknown extends T ? T : [ArrayLike] extends [T] ? NDArray : OutOf<T>;
type OutOf<T> = T extends NDArray
  ? T
  : T extends number | boolean | TypedArray
    ? NDArray
    : T extends Fn
      ? T
      : T extends readonly unknown[]
        ? { -readonly [K in keyof T]: Out<T[K]> }
        : T extends object
          ? HasMethods<T> extends true
            ? T
            : { -readonly [K in keyof T]: Out<T[K]> }
          : T;

/** Every array leaf of T replaced by L (a Jacobian: the output's structure of the input's). */
export type ReplaceLeaves<T, L> =
  IsAny<T> extends true
    ? any
    : T extends NDArray
      ? L
      : T extends null | undefined
        ? T
        : T extends readonly unknown[]
          ? { -readonly [K in keyof T]: ReplaceLeaves<T[K], L> }
          : T extends object
            ? HasMethods<T> extends true
              ? L
              : { -readonly [K in keyof T]: ReplaceLeaves<T[K], L> }
            : L;

/** `f` transformed without changing its structure (jit, vmap): arguments as In, result as Out. */
export type Transformed<F extends AnyFn> = (...args: InArgs<Parameters<F>>) => Out<ReturnType<F>>;

/** argnums of grad and friends: an index (negative counts from the end) or a list of them. */
export type Argnums = number | readonly number[];

/** The parameter at index N (a literal); -1 is the last; anything else any parameter. */
type ArgAt<P extends readonly unknown[], N> = N extends number
  ? `${N}` extends `-${string}`
    ? N extends -1
      ? P extends readonly [...unknown[], infer L]
        ? L
        : P[number]
      : P[number]
    : number extends N
      ? P[number]
      : N extends keyof P
        ? P[N]
        : P[number]
  : never;

type DiffArgs<P extends readonly unknown[], A> = A extends undefined
  ? Out<ArgAt<P, 0>>
  : A extends number
    ? Out<ArgAt<P, A>>
    : A extends readonly number[]
      ? { -readonly [K in keyof A]: Out<ArgAt<P, A[K]>> }
      : never;

type ArgnumsOf<O> = O extends { readonly argnums?: infer A } ? ("argnums" extends keyof O ? A : undefined) : undefined;

/** The type of the gradient (or of the Jacobian's input side): the differentiated argument(s). */
export type GradOf<F extends AnyFn, O> = DiffArgs<Parameters<F>, ArgnumsOf<O>>;

/** The aux part of `f`'s `[out, aux]` result (hasAux). */
export type AuxOf<F extends AnyFn> =
  ReturnType<F> extends readonly [unknown, infer A] ? Out<A> : ReturnType<F> extends readonly unknown[] ? Out<ReturnType<F>[1]> : any;

/** The output part of `f`'s `[out, aux]` result (hasAux). */
export type MainOf<F extends AnyFn> =
  ReturnType<F> extends readonly [infer O, unknown] ? Out<O> : ReturnType<F> extends readonly unknown[] ? Out<ReturnType<F>[0]> : any;

type HasAux<O> = O extends { readonly hasAux: true } ? true : false;

/** What grad(f, opts) returns when called: the gradient, or `[gradient, aux]` with hasAux. */
export type GradResult<F extends AnyFn, O> = HasAux<O> extends true ? [GradOf<F, O>, AuxOf<F>] : GradOf<F, O>;

/** What valueAndGrad(f, opts) returns when called: `[value, gradient]`, value `[out, aux]` with hasAux. */
export type ValueAndGradResult<F extends AnyFn, O> = HasAux<O> extends true ? [[NDArray, AuxOf<F>], GradOf<F, O>] : [NDArray, GradOf<F, O>];

/** The Jacobian of `f` (jacfwd, jacrev): for each output leaf, the differentiated argument(s)' structure. */
export type JacobianOf<F extends AnyFn, O> = ReplaceLeaves<Out<ReturnType<F>>, GradOf<F, O>>;

/** The Hessian of `f`: the Jacobian of the Jacobian. */
export type HessianOf<F extends AnyFn, O> = ReplaceLeaves<JacobianOf<F, O>, GradOf<F, O>>;
