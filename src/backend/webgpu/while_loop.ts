// whileLoop (and foriLoop with traced bounds) on the webgpu backend.
//
// The predicate is computed on the GPU and WebGPU reads are asynchronous, so
// the loop cannot finish before the call returns. It returns output arrays
// at once and runs as an asynchronous task of the backend's work queue
// (queue.ts): work the program asks for meanwhile waits behind it, and
// `await x.data()` resolves once the loop and the work before the read ran.
//
// Reads are batched as JAX batches a while loop over a batched predicate: a
// compiled step runs the body and keeps the old carry where the predicate
// was false (select_n), then computes the predicate of the new carry; k such
// steps are recorded per readback, k = 1, 2, 4, ... 16. A loop of n
// iterations costs about log2(16) + n/16 readbacks and at most 15 masked
// steps of wasted work. A body holding a while loop or an effect runs
// exactly instead (one readback per iteration, the body only while the
// predicate holds): a masked inner loop could run on a carry the program
// never gives it, and might not end.
import { ArrayImpl } from "../../core/array_impl.ts";
import { ShapedArray } from "../../core/aval.ts";
import { ClosedJaxpr, Jaxpr } from "../../core/jaxpr.ts";
import type { NDArray } from "../../core/ndarray.ts";
import { bind1 } from "../../core/trace.ts";
import type { WhileParams } from "../../lax/control/while.ts";
import { andP, selectNP } from "../../lax/elementwise.ts";
import { broadcastInDimP } from "../../lax/shape_ops.ts";
import { evalClosed } from "../../transforms/jaxpr_transforms.ts";
import { traceToJaxpr } from "../../transforms/staging.ts";
import { type Executable, defaultBackend, setDefaultBackend } from "../backend.ts";
import type { GpuBuf, WebGpuBackend } from "./backend.ts";
import { WorkQueue } from "./queue.ts";

/** Most masked steps recorded per readback. */
const MAX_BATCH = 16;

interface Program {
  exe: Executable;
  consts: readonly NDArray[];
}
interface Plan {
  condJaxpr: ClosedJaxpr;
  cond: Program;
  /** The body (exact mode) or the masked step [cc, bc, pred, carry] → [pred', carry']. */
  step: Program;
  exact: boolean;
}

const plans = new WeakMap<ClosedJaxpr, Map<string, Plan>>();

function program(b: WebGpuBackend, cj: ClosedJaxpr): Program {
  return { exe: b.compile(cj.jaxpr), consts: cj.consts };
}

/** Whether a jaxpr (or one nested in its params) holds a while loop or an effectful primitive. */
function loopsOrEffects(j: Jaxpr): boolean {
  const inner = (v: unknown): boolean =>
    v instanceof ClosedJaxpr ? loopsOrEffects(v.jaxpr) : v instanceof Jaxpr ? loopsOrEffects(v) : Array.isArray(v) && v.some(inner);
  return j.eqns.some((e) => e.primitive.name === "while" || e.primitive.rules.effectful === true || Object.values(e.params).some(inner));
}

function planFor(b: WebGpuBackend, p: WhileParams, avals: readonly ShapedArray[]): Plan {
  let byAvals = plans.get(p.body_jaxpr);
  if (!byAvals) {
    byAvals = new Map();
    plans.set(p.body_jaxpr, byAvals);
  }
  const key = avals.map((a) => a.str()).join(",");
  let plan = byAvals.get(key);
  if (plan && plan.condJaxpr === p.cond_jaxpr) return plan;
  const exact = loopsOrEffects(p.body_jaxpr.jaxpr) || loopsOrEffects(p.cond_jaxpr.jaxpr);
  const nc = p.cond_nconsts;
  const nb = p.body_nconsts;
  const step = exact
    ? p.body_jaxpr
    : traceToJaxpr(
        (...xs) => {
          const cc = xs.slice(0, nc);
          const bc = xs.slice(nc, nc + nb);
          const pred = xs[nc + nb];
          const k = xs.slice(nc + nb + 1);
          const next = evalClosed(p.body_jaxpr, [...bc, ...k]).map((v, i) => {
            const which = v.ndim === 0 ? pred : bind1(broadcastInDimP, [pred], { shape: v.shape, broadcast_dimensions: [] });
            return bind1(selectNP, [which, k[i], v], {});
          });
          return [bind1(andP, [pred, evalClosed(p.cond_jaxpr, [...cc, ...next])[0]], {}), ...next];
        },
        [...avals.slice(0, nc + nb), new ShapedArray([], "bool"), ...avals.slice(nc + nb)],
      );
  plan = { condJaxpr: p.cond_jaxpr, cond: program(b, p.cond_jaxpr), step: program(b, step), exact };
  byAvals.set(key, plan);
  return plan;
}

/** Runs the loop as a task of the current work queue; returns its outputs (filled when it ends). */
export function runWhile(b: WebGpuBackend, args: readonly ArrayImpl[], p: WhileParams): ArrayImpl[] {
  const avals = args.map((a) => a.aval);
  const plan = planFor(b, p, avals);
  const bufs = args.map((a) => a.buffer() as GpuBuf);
  const outs = avals.slice(p.cond_nconsts + p.body_nconsts).map((a) => new ArrayImpl(a, b.alloc(a), b));
  const outBufs = outs.map((o) => o.buffer() as GpuBuf);
  b.queue.run(() => drive(b, plan, p, bufs, avals, outBufs));
  return outs;
}

async function drive(
  b: WebGpuBackend,
  plan: Plan,
  p: WhileParams,
  bufs: readonly GpuBuf[],
  avals: readonly ShapedArray[],
  outBufs: readonly GpuBuf[],
): Promise<void> {
  const nc = p.cond_nconsts;
  const nb = p.body_nconsts;
  // Views of the arguments' buffers: the loop never frees them.
  const args = b.untracked(() => bufs.map((x, i) => new ArrayImpl(avals[i], x, b)));
  const cc = args.slice(0, nc);
  const bc = args.slice(nc, nc + nb);
  let carry = args.slice(nc + nb);
  let pred: ArrayImpl | null = null;
  const mine = new Set<WorkQueue>();
  /** Frees what the loop allocated and no longer holds. */
  const drop = (old: readonly (ArrayImpl | null)[], kept: readonly (ArrayImpl | null)[]) => {
    for (const a of old) if (a && !kept.includes(a) && !a.isDeleted() && mine.has((a.buffer() as GpuBuf).home)) a.dispose();
  };
  // Records work synchronously into a fresh queue (on this backend), then waits for that queue.
  const segment = async <T>(fn: () => T): Promise<T> => {
    const q = new WorkQueue();
    mine.add(q);
    const prevQueue = b.queue;
    const prevDefault = defaultBackend();
    b.queue = q;
    setDefaultBackend(b.name);
    let r: T;
    try {
      r = fn();
    } finally {
      b.queue = prevQueue;
      setDefaultBackend(prevDefault);
    }
    await q.idle();
    if (q.error) throw q.error;
    return r;
  };
  const holds = async (x: ArrayImpl) => (await b.readNow(x.buffer() as GpuBuf, x.aval))[0] !== 0;
  const run = (prog: Program, xs: ArrayImpl[]) => prog.exe.run(xs, prog.consts);

  if (plan.exact) {
    for (;;) {
      pred = await segment(() => run(plan.cond, [...cc, ...carry])[0]);
      if (!(await holds(pred))) break;
      carry = await segment(() => {
        const next = run(plan.step, [...bc, ...carry]);
        drop([...carry, pred], next);
        return next;
      });
    }
  } else {
    pred = await segment(() => run(plan.cond, [...cc, ...carry])[0]);
    for (let k = 1; ; k = Math.min(2 * k, MAX_BATCH)) {
      await segment(() => {
        for (let i = 0; i < k; i++) {
          const [np, ...next] = run(plan.step, [...cc, ...bc, pred!, ...carry]);
          drop([pred, ...carry], [np, ...next]);
          pred = np;
          carry = next;
        }
      });
      if (!(await holds(pred))) break;
    }
  }
  await segment(() => {
    carry.forEach((c, i) => b.copy(c.buffer() as GpuBuf, 0, outBufs[i], 0, outBufs[i].bytes));
    drop([pred, ...carry], []);
  });
}
