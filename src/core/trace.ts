// The trace stack (Autodidax-style). Every primitive application goes through
// `bind`, which finds the innermost transformation that owns one of the
// arguments and lets its Trace interpret the primitive.
import type { ShapedArray } from "./aval.ts";
import { UnexpectedTracerError } from "./errors.ts";
import { NDArray } from "./ndarray.ts";
import type { Params, Primitive } from "./primitive.ts";

export class MainTrace {
  active = true;
  constructor(
    readonly level: number,
    readonly traceType: new (main: MainTrace) => Trace,
    readonly globalData: unknown,
  ) {}
}

export abstract class Trace {
  constructor(readonly main: MainTrace) {}
  /** Wrap a value not traced by anything above the eval level. */
  abstract pure(x: NDArray): NDArray;
  /** Wrap a tracer of a lower-level trace. */
  abstract lift(x: Tracer): NDArray;
  abstract processPrimitive(prim: Primitive, tracers: NDArray[], params: Params): NDArray[];
}

/** A value being traced by some transformation. It is an NDArray, so user code sees one type. */
export abstract class Tracer extends NDArray {
  abstract readonly _trace: Trace;
  abstract override get aval(): ShapedArray;
  /** Lower to a plainer value if this tracer carries no information (e.g. unbatched). */
  fullLower(): NDArray {
    return this;
  }
  override get isTracer(): boolean {
    return true;
  }
}

export function isTracer(x: unknown): x is Tracer {
  return x instanceof Tracer;
}

const stack: MainTrace[] = [];
let dynamicTrace: MainTrace | null = null;

export function initEvalTrace(traceType: new (main: MainTrace) => Trace): void {
  stack.length = 0;
  stack.push(new MainTrace(0, traceType, null));
}

/** Run `fn` with a new transformation on top of the stack. */
export function withNewMain<T>(traceType: new (main: MainTrace) => Trace, globalData: unknown, fn: (main: MainTrace) => T): T {
  const main = new MainTrace(stack.length, traceType, globalData);
  stack.push(main);
  try {
    return fn(main);
  } finally {
    main.active = false;
    stack.pop();
  }
}

/** Like withNewMain, and every primitive is staged into this trace even on constants (jit). */
export function withNewDynamic<T>(traceType: new (main: MainTrace) => Trace, globalData: unknown, fn: (main: MainTrace) => T): T {
  return withNewMain(traceType, globalData, (main) => {
    const prev = dynamicTrace;
    dynamicTrace = main;
    try {
      return fn(main);
    } finally {
      dynamicTrace = prev;
    }
  });
}

/** While `fn` runs, primitives on constants are not staged (used for eager impls). */
export function withoutDynamic<T>(fn: () => T): T {
  const prev = dynamicTrace;
  dynamicTrace = null;
  try {
    return fn();
  } finally {
    dynamicTrace = prev;
  }
}

export function currentLevel(): number {
  return stack.length - 1;
}

function checkAlive(t: Tracer): void {
  if (!t._trace.main.active) {
    throw new UnexpectedTracerError(
      `Encountered an unexpected tracer: a value of type ${t.aval.str()} created inside a transformation ` +
        `(${t._trace.constructor.name}) was used after that transformation ended. This happens when a traced ` +
        `value escapes a jit/grad/vmap'd function through a side effect (a global, a closure, a cache). ` +
        `Return it from the transformed function instead.`,
    );
  }
}

export function findTopTrace(xs: readonly NDArray[]): Trace {
  let top = stack[0];
  for (const x of xs) {
    if (x instanceof Tracer) {
      checkAlive(x);
      const m = x._trace.main;
      if (m.level > top.level) top = m;
    }
  }
  if (dynamicTrace && dynamicTrace.level > top.level) top = dynamicTrace;
  return new top.traceType(top);
}

export function fullRaise(trace: Trace, val: NDArray): NDArray {
  if (!(val instanceof Tracer)) return trace.pure(val);
  checkAlive(val);
  const level = trace.main.level;
  if (val._trace.main === trace.main) return val;
  if (val._trace.main.level < level) return trace.lift(val);
  throw new UnexpectedTracerError(
    `Encountered a tracer of type ${val.aval.str()} from a transformation at a higher level than the current one; ` +
      `a traced value escaped its transformation.`,
  );
}

export function fullLower(x: NDArray): NDArray {
  return x instanceof Tracer ? x.fullLower() : x;
}

export function bind(prim: Primitive, args: readonly NDArray[], params: Params): NDArray[] {
  const trace = findTopTrace(args);
  const tracers = args.map((a) => fullRaise(trace, a));
  const outs = trace.processPrimitive(prim, tracers, params);
  return outs.map(fullLower);
}

export function bind1(prim: Primitive, args: readonly NDArray[], params: Params): NDArray {
  return bind(prim, args, params)[0];
}

/** Whether binding now on these values runs eagerly: nothing is being staged and no value is a tracer. */
export function isEager(xs: readonly unknown[]): boolean {
  return dynamicTrace === null && !xs.some((x) => x instanceof Tracer);
}
