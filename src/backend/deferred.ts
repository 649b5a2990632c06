// Eager chains, fused. An eager elementwise operation (or view) on large
// arrays, a gather of single elements (fusion's gathered load), or a
// reduction of a deferred result, does not run at once: its
// result is a deferred array that records the primitive and its operands.
// When the value is first needed (a read, an operation that is not
// deferred, a jitted call) the chain of deferred
// operations behind it is compiled as one program, as jit would compile it,
// and run: `jnp.where(x.gt(0), x, jnp.exp(x).sub(1).mul(a)).mul(l)` is one
// kernel over x, and the intermediates it drops never reach memory. Dropped
// intermediates that were never computed cost neither time nor a collection,
// so eager code that drops its arrays runs as fast as code that disposes them
// (the memory manager's one gap: wasm/residency.ts).
//
// Results agree with running each operation by itself: fusion computes each
// operation as its own kernel would (no contraction, no reassociation).
// Errors in shapes and dtypes are raised when the operation is called (its
// abstract evaluation runs then); a deferred value is computed at most once.
// A deferred array another deferred computation still reads keeps what it
// needs alive, disposed or not (core/array_impl.ts `readers`).
import { lruGet } from "../core/lru.ts";
import { ArrayImpl, type Deferred } from "../core/array_impl.ts";
import type { ShapedArray } from "../core/aval.ts";
import { config } from "../core/config.ts";
import { setDeferral } from "../core/eval_trace.ts";
import { Jaxpr, JaxprEqn, Var } from "../core/jaxpr.ts";
import { type Params, type Primitive, paramsKey } from "../core/primitive.ts";
import { storageBytes } from "../core/dtypes.ts";
import type { Backend, DeviceBuffer, Executable } from "./backend.ts";
import { ktypeFor } from "../compiler/ktype.ts";
import { VIEW_PRIMS, isElementwise, isReduction, reduceOpOf } from "../compiler/lower.ts";
import { concatenationFuses, gatheredLoadType } from "../compiler/fuse_moves.ts";
import { concatenateP, iotaP } from "../lax/shape_ops.ts";
import type { Target } from "../compiler/target.ts";
import { gatherP } from "../lax/gather_scatter.ts";
import type { GatherParams } from "../lax/gather_scatter_params.ts";

/** Results this small run at once: their buffers live in host memory and cost no collection (wasm/residency.ts). */
const MIN_DEFERRED_BYTES = 4097;
/** Deferred operations one computation may take in; past it, the operands are computed first. */
const MAX_CHAIN = 32;
/** Compiled chains kept (least recently used dropped). */
const MAX_PROGRAMS = 512;

class DeferredOp implements Deferred {
  constructor(
    readonly prim: Primitive,
    readonly params: Params,
    readonly inputs: readonly ArrayImpl[],
    /** The params as they enter the program's cache key. */
    readonly paramsKey: string,
    /** Deferred operations behind this one, itself included: exact, or an upper bound below MAX_CHAIN. */
    readonly chain: number,
  ) {}
  /** Whether some computation took this value in without keeping it: the next one to read it keeps it. */
  inlined = false;

  compute(self: ArrayImpl): DeviceBuffer {
    return computeChain(self);
  }
}

/** Whether eager operations on `backend` are deferred and fused (such a backend has a target and compiles programs). */
export function defersEager(backend: Backend): boolean {
  return backend.defersEager === true && config.eagerFusion && !config.checkFloats;
}

function bytesOf(a: ShapedArray): number {
  return a.size * storageBytes(a.dtype);
}

/** Whether an array is deferred, or large enough that elementwise results of its size are. */
export function largeOrDeferred(x: unknown): boolean {
  return x instanceof ArrayImpl && (x.deferred !== null || bytesOf(x.aval) >= MIN_DEFERRED_BYTES);
}

/** The deferred result of one eager primitive, or null where it runs now. */
function defer(
  prim: Primitive,
  args: readonly ArrayImpl[],
  params: Params,
  outAvals: readonly ShapedArray[],
  backend: Backend,
): ArrayImpl[] | null {
  if (outAvals.length !== 1 || !defersEager(backend)) return null;
  const target = backend.target!;
  if (isReduction(prim.name)) {
    // A reduction waits only to take in the deferred chain it reduces (its result may be small).
    if (!args.some((a) => a.deferred) || reduceOpOf(prim.name, args[0].dtype, target) === null) return null;
  } else if (
    bytesOf(outAvals[0]) < MIN_DEFERRED_BYTES ||
    !(
      isElementwise(prim.name) ||
      VIEW_PRIMS.has(prim.name) ||
      fusedGather(prim, params, args, target) ||
      prim === iotaP ||
      (prim === concatenateP && deferredConcatenation(target, outAvals[0], params, args))
    )
  )
    return null;
  if (ktypeFor(target, outAvals[0].dtype) === null) return null;
  for (const a of args) {
    if (a.backend !== backend || ktypeFor(target, a.dtype) === null) return null;
    if (a.isDeleted()) a.buffer(); // raises: a deleted operand is an error at the call, as when it runs now
  }
  const key = paramsKey(params);
  if (key === null) return null;
  // The sum over operands bounds the count (shared operations counted once per path); counted exactly past the bound.
  let behind = 0;
  for (const a of args) if (a.deferred) behind += (a.deferred as DeferredOp).chain;
  // A concatenation may take in one more per piece (a stack's expand_dims each).
  const limit = prim === concatenateP ? MAX_CHAIN + args.length : MAX_CHAIN;
  if (behind >= limit) behind = deferredBehind(args, limit);
  if (behind >= limit) {
    for (const a of args) if (a.deferred) a.bufferForReader();
    behind = 0;
  }
  return [new ArrayImpl(outAvals[0], null, backend, new DeferredOp(prim, params, args, key, behind + 1))];
}

/**
 * The deferred operations `args` depend on, each counted once (up to
 * `limit`). A sum over operands would count shared operations again on
 * every path: jnp.remainder's nine operations, whose divisor and zeros are
 * read several times, were counted past 32 and computed as three programs.
 */
function deferredBehind(args: readonly ArrayImpl[], limit: number): number {
  const seen = new Set<ArrayImpl>();
  const stack = args.filter((a) => a.deferred !== null);
  while (stack.length > 0 && seen.size < limit) {
    const a = stack.pop()!;
    if (seen.has(a)) continue;
    seen.add(a);
    for (const x of (a.deferred as DeferredOp).inputs) if (x.deferred !== null) stack.push(x);
  }
  return seen.size;
}

/**
 * A concatenation joins the chain where it fuses, and also where a piece is
 * deferred: the program then computes the pieces and moves them, and a
 * piece that is a reshape of a computed array (stack's expand_dims) is read
 * in place rather than copied first by a chain of its own.
 */
function deferredConcatenation(target: Target, out: ShapedArray, params: Params, args: readonly ArrayImpl[]): boolean {
  const axis = (params as { dimension: number }).dimension;
  return concatenationFuses(target, out, axis, args.length) || args.some((a) => a.deferred !== null);
}

/** A gather that compiles to a gathered load joins the chain: take's index arithmetic, the gather and what reads it are one kernel. */
function fusedGather(prim: Primitive, params: Params, args: readonly ArrayImpl[], target: Target): boolean {
  return prim === gatherP && gatheredLoadType(target, params as GatherParams, args[0].aval, args[1].aval) !== null;
}

setDeferral(defer);

const programs = new Map<string, Executable>();

/** Forget the compiled chains (jax.clear_caches). */
export function clearDeferredPrograms(): void {
  programs.clear();
}

/**
 * Computes a deferred array: the deferred operations behind it become one
 * program over the computed arrays they read. A deferred operand that some
 * computation outside this one also reads is computed as a second output
 * (once, rather than again by each reader).
 */
function computeChain(target: ArrayImpl): DeviceBuffer {
  const backend = target.backend;
  // Deferred arrays in dependency order, and the computed arrays they read.
  const order: ArrayImpl[] = [];
  const leaves: ArrayImpl[] = [];
  const index = new Map<ArrayImpl, number>();
  const readsInside = new Map<ArrayImpl, number>();
  const stack: Array<[ArrayImpl, number]> = [[target, 0]];
  index.set(target, -1);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [a, next] = top;
    const inputs = (a.deferred as DeferredOp).inputs;
    if (next < inputs.length) {
      top[1]++;
      const x = inputs[next];
      readsInside.set(x, (readsInside.get(x) ?? 0) + 1);
      if (index.has(x)) continue;
      if (x.deferred) {
        index.set(x, -1);
        stack.push([x, 0]);
      } else {
        index.set(x, leaves.length);
        leaves.push(x);
      }
      continue;
    }
    stack.pop();
    order.push(a);
  }
  // One operation: the backend's eager kernel for it (no program to compile: first calls cost what they did).
  if (order.length === 1) {
    const d = target.deferred as DeferredOp;
    return backend.execute(
      d.prim,
      d.inputs.map((x) => x.bufferForReader()),
      d.inputs.map((x) => x.aval),
      d.params,
      [target.aval],
    )[0];
  }
  // Operand ids: leaves first, then deferred arrays in dependency order.
  order.forEach((a, i) => index.set(a, leaves.length + i));
  const id = (x: ArrayImpl): number => index.get(x)!;
  // Also kept: a value an earlier computation already took in (read again, it would be computed again each time).
  const outputs = order.filter(
    (a) => a === target || (!a.isDeleted() && (a.readers > (readsInside.get(a) ?? 0) || (a.deferred as DeferredOp).inlined)),
  );
  let key = "";
  for (const l of leaves) key += `${l.dtype}[${l.shape}]${l.weakType ? "w" : ""};`;
  for (const a of order) {
    const d = a.deferred as DeferredOp;
    key += `${d.prim.name}${d.paramsKey}(`;
    for (const x of d.inputs) key += `${id(x)},`;
    key += a.weakType ? ")w;" : ");";
  }
  key += `->${outputs.map(id)}`;
  const program = lruGet(programs, key, MAX_PROGRAMS, () => compileChain(backend, leaves, order, outputs, id));
  // Deleted operands keep their buffers for their readers: the program reads them through stand-ins.
  const args = leaves.map((l) => (l.isDeleted() ? ArrayImpl.standIn(l) : l));
  const results = program.run(args, []);
  let buf: DeviceBuffer = null;
  outputs.forEach((a, i) => {
    const b = results[i].donate();
    if (a === target) buf = b;
    else a.settle(b);
  });
  for (const a of order) if (a !== target && a.deferred) (a.deferred as DeferredOp).inlined = true;
  return buf;
}

function compileChain(
  backend: Backend,
  leaves: readonly ArrayImpl[],
  order: readonly ArrayImpl[],
  outputs: readonly ArrayImpl[],
  id: (x: ArrayImpl) => number,
): Executable {
  const vars = [...leaves, ...order].map((a) => new Var(a.aval));
  const eqns = order.map((a) => {
    const d = a.deferred as DeferredOp;
    return new JaxprEqn(
      d.prim,
      d.inputs.map((x) => vars[id(x)]),
      d.params,
      [vars[id(a)]],
    );
  });
  const program = backend.compile!(
    new Jaxpr(
      [],
      vars.slice(0, leaves.length),
      eqns,
      outputs.map((a) => vars[id(a)]),
    ),
  );
  if (!program) throw new Error(`internal: backend ${backend.name} did not compile a deferred chain`);
  return program;
}
