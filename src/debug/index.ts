// jax.debug: print and callback that work under every transformation. The
// values are those the program computes (eagerly, inside jit, per element
// under vmap, primal values under grad), printed in program order.
import { JaxTypeError } from "../core/errors.ts";
import { NDArray } from "../core/ndarray.ts";
import { isPlainObject } from "../core/options.ts";
import { bind } from "../core/trace.ts";
import { describe } from "../core/describe.ts";
import { asOperand } from "../core/convert.ts";
import { flatten, unflatten } from "../tree/flatten.ts";
import { debugCallbackP, debugPrintP } from "./callback_prims.ts";
import { applyFormat, checkFields, parseFormat } from "./str_format.ts";

/** Where debug.print writes (console.log unless a test redirects it). */
let sink: (line: string) => void = (line) => console.log(line);

/** Redirect debug.print's output (returns the previous sink); for tests and custom loggers. */
export function setPrintSink(next: (line: string) => void): (line: string) => void {
  const prev = sink;
  sink = next;
  return prev;
}

/**
 * Splits pytree arguments into array operands (arrays and JS numbers/booleans,
 * which become arrays as in JAX) and a function that rebuilds the trees from
 * concrete operands. Other leaves (strings, null) pass through as they are.
 */
function stage(trees: unknown[]): [NDArray[], (ops: NDArray[]) => unknown[]] {
  const [leaves, treedef] = flatten(trees);
  const operands: NDArray[] = [];
  const slots = leaves.map((l) => {
    if (l instanceof NDArray || typeof l === "number" || typeof l === "boolean") {
      operands.push(asOperand(l as number));
      return operands.length - 1;
    }
    return -1;
  });
  const rebuild = (ops: NDArray[]) =>
    unflatten(
      treedef,
      leaves.map((l, i) => (slots[i] < 0 ? l : ops[slots[i]])),
    ) as unknown[];
  return [operands, rebuild];
}

/**
 * jax.debug.print: `debug.print("x={} y={y:.2f}", x, {y})`. Fields follow
 * Python's str.format; named fields come from a trailing plain object.
 */
export function print(fmt: string, ...args: unknown[]): void {
  formatted("debug.print", (line) => sink(line), fmt, args);
}

/** jax.debug.log: debug.print's formatting, written as an info-level log line (`console.info`, as JAX logs at INFO). */
export function log(fmt: string, ...args: unknown[]): void {
  formatted("debug.log", (line) => console.info(line), fmt, args);
}

function formatted(what: string, write: (line: string) => void, fmt: string, args: unknown[]): void {
  if (typeof fmt !== "string") throw new JaxTypeError(`${what}: the format string must be a string, got ${describe(fmt)}`);
  const parts = parseFormat(fmt);
  const hasNamed = parts.some((p) => typeof p !== "string" && typeof p.key === "string");
  const named = hasNamed && isPlainObject(args.at(-1)) ? (args.pop() as Record<string, unknown>) : {};
  const names = Object.keys(named);
  checkFields(parts, args.length, names);
  const [operands, rebuild] = stage([args, names.map((k) => named[k])]);
  bind(debugPrintP, operands, {
    callback: (ops: NDArray[]) => {
      const [pos, kw] = rebuild(ops) as [unknown[], unknown[]];
      write(applyFormat(parts, pos, Object.fromEntries(names.map((k, i) => [k, kw[i]]))));
    },
    label: fmt,
    ordered: false,
  });
}

/**
 * jax.debug.callback: calls `fn(...args)` with the concrete values (arrays in
 * the same pytrees) whenever the program runs; its result is ignored.
 */
export function callback(fn: (...args: never[]) => unknown, ...args: unknown[]): void {
  if (typeof fn !== "function") throw new JaxTypeError(`debug.callback: the callback must be a function, got ${describe(fn)}`);
  const [operands, rebuild] = stage(args);
  bind(debugCallbackP, operands, {
    callback: (ops: NDArray[]) => {
      (fn as (...a: unknown[]) => unknown)(...rebuild(ops));
    },
    label: `<function ${fn.name || "<lambda>"}>`,
    ordered: false,
  });
}
