// Compile-time assertions for the type tests in this folder. These files are
// type-checked by `tsc --noEmit -p .` (part of `npm test`) and never run:
// `expectTrue<Equal<A, B>>()` fails to compile unless A and B are the same type, and
// each `@ts-expect-error` fails to compile unless the next line is an error.
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compiles only when T is `true`: `expectTrue<Equal<typeof x, NDArray>>()`. */
export function expectTrue<T extends true>(): T | undefined {
  return undefined;
}
