// jax.live_arrays: every array not yet deleted, found by walking the JS heap.
//
// Keeping a list of arrays as they are made would need a WeakRef per array,
// and a WeakRef keeps its target alive to the end of the current job: a
// synchronous `x = step(x)` loop would hold every array it made (see
// docs/design.md, "Memory that manages itself"). Nothing is recorded per
// array, then. Node's inspector can list the objects on a prototype chain
// (Runtime.queryObjects, which runs a full collection first, so an array
// counts as live exactly when the program can still reach it, as with
// CPython's reference counts); an in-process session answers synchronously.
// The prototype and a sink are reached from the session through a symbol on
// the global object, set only for the call. Constants that tracing made (a JS
// number in a jitted function becomes one) are the library's, as JAX's
// literals are: left out.
import { ArrayImpl, internalArrays } from "../core/array_impl.ts";
import { describe } from "../core/describe.ts";
import { JaxTsError, JaxTypeError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import { devices, getBackend } from "./backend.ts";

interface NodeProcess {
  getBuiltinModule?: (id: string) => unknown;
}
type Inspector = typeof import("node:inspector");

const KEY = Symbol.for("jaxts.liveArrays");

function inspectorModule(): Inspector | null {
  const proc = (globalThis as { process?: NodeProcess }).process;
  const m = proc?.getBuiltinModule?.("node:inspector") as Inspector | undefined;
  return m?.Session ? m : null;
}

/** Every ArrayImpl the program can still reach (a full collection runs first). */
function reachableArrays(inspector: Inspector): ArrayImpl[] {
  let found: ArrayImpl[] | null = null;
  const g = globalThis as Record<symbol, unknown>;
  g[KEY] = {
    proto: ArrayImpl.prototype,
    sink: (xs: ArrayImpl[]) => {
      found = xs;
    },
  };
  const session = new inspector.Session();
  session.connect();
  try {
    const post = <R>(method: string, params: object): R => {
      let out: { err: Error | null; res: R } | null = null;
      session.post(method, params, (err: Error | null, res?: object) => {
        out = { err, res: res as R };
      });
      const o = out as { err: Error | null; res: R } | null;
      if (o === null) throw new JaxTsError("liveArrays: the inspector did not answer synchronously");
      if (o.err) throw o.err;
      return o.res;
    };
    const where = `globalThis[Symbol.for(${JSON.stringify(KEY.description)})]`;
    const proto = post<{ result: { objectId: string } }>("Runtime.evaluate", { expression: `${where}.proto` });
    const list = post<{ objects: { objectId: string } }>("Runtime.queryObjects", { prototypeObjectId: proto.result.objectId });
    post("Runtime.callFunctionOn", {
      objectId: list.objects.objectId,
      functionDeclaration: `function () { ${where}.sink(Array.from(this)); }`,
    });
  } finally {
    session.disconnect();
    delete g[KEY];
  }
  if (found === null) throw new JaxTsError("liveArrays: the heap could not be listed");
  return found;
}

/**
 * jax.live_arrays: the arrays of a backend (the default one when no name is
 * given) that are not deleted, newest first. Needs Node (its inspector walks
 * the heap, after a full collection: a call costs tens of milliseconds).
 */
export function liveArrays(platform?: string): NDArray[] {
  if (platform !== undefined && typeof platform !== "string") {
    throw new JaxTypeError(`liveArrays expects a backend name (one of ${devices().join(", ")}), got ${describe(platform)}`);
  }
  const backend = getBackend(platform);
  const inspector = inspectorModule();
  if (inspector === null) {
    throw new JaxTsError("liveArrays needs Node's inspector (node:inspector) to list the heap; it is not available here");
  }
  let found = reachableArrays(inspector);
  // Deferred arrays (backend/deferred.ts) hold the intermediates they were made from, which the
  // program may have dropped: compute those nothing reads (the program's own), then look again.
  const roots = found.filter((a) => a.deferred !== null && a.readers === 0 && !a.isDeleted());
  if (roots.length > 0) {
    found = []; // (this list would keep them reachable)
    ArrayImpl.computeDeferred(roots);
    found = reachableArrays(inspector);
  }
  return found.filter((a) => a.backend === backend && !a.isDeleted() && !internalArrays.has(a)).sort((a, b) => b.serial - a.serial);
}
