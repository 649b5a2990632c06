// Temporaries of an eager grad: the arrays its rules make for themselves.
//
// An eager grad computes primal intermediates, residuals for the backward
// pass and cotangents, and drops all of them but the value and the gradients.
// Left to the garbage collector, each would hold its wasm (or GPU) block until
// a full collection found it dead: in a training step, over half of what the
// step allocates (W6e: 4.5 of 7.5 MB per grad). No user code can reach them
// (user code inside grad sees tracers, and a tracer used after its grad ended
// raises), so grad frees them when it returns.
//
// What is recorded: the fresh outputs of primitives executed by a backend
// while grad's own rules run (owning). Not recorded: anything user code makes
// (the function being differentiated runs outside owning; custom rules and
// callbacks run inside `userCode`, which also marks the arrays they are handed
// as escaped), and the results of primitives run by an `impl` (control flow,
// callbacks: they may hand back their inputs or a closure's constants).
import { ArrayImpl } from "./array_impl.ts";

/** Where fresh backend outputs are recorded now (null: nowhere). */
let owner: ArrayImpl[] | null = null;
/** Owned arrays that user code was handed: never freed by grad. */
const escaped = new WeakSet<ArrayImpl>();

/** Records fresh outputs of a primitive a backend just ran. */
export function noteMade(outs: readonly ArrayImpl[]): void {
  if (owner !== null) for (const o of outs) owner.push(o);
}

/** Runs `fn` recording fresh backend outputs into `list` (a grad's rules), or nowhere (null). */
export function owning<T>(list: ArrayImpl[] | null, fn: () => T): T {
  const prev = owner;
  owner = list;
  try {
    return fn();
  } finally {
    owner = prev;
  }
}

/** Runs user code (a custom rule, a callback, an `impl`) handed `args`: nothing it makes is owned, and what it is handed is kept. */
export function userCode<T>(args: readonly unknown[], fn: () => T): T {
  if (owner === null) return fn();
  for (const a of args) if (a instanceof ArrayImpl) escaped.add(a);
  return owning(null, fn);
}

/** Frees the recorded arrays but those in `keep` (the results) and those user code was handed. */
export function freeOwned(list: readonly ArrayImpl[], keep: readonly unknown[]): void {
  const kept = new Set(keep);
  for (const a of list) if (!kept.has(a) && !escaped.has(a)) a.free("grad");
}
