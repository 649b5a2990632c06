// jit (with donation) and makeJaxpr: trace once per argument signature,
// run the compiled program (or evaluate the jaxpr under an outer transformation).
import { type Float0Array, isFloat0 } from "../core/float0.ts";
import { ShapedArray } from "../core/aval.ts";
import { ClosedJaxpr, evalJaxpr } from "../core/jaxpr.ts";
import { ValueError } from "../core/errors.ts";
import { itemsize } from "../core/dtypes.ts";
import { NDArray } from "../core/ndarray.ts";
import { isTracer } from "../core/trace.ts";
import { checkOptions } from "../core/options.ts";
import { argnumList, leavesAsArrays, tree, type TreeDef } from "./args.ts";
import { checkCallable } from "../core/scalar_args.ts";
import { traceToJaxpr } from "./staging.ts";
import { checkMayExecute, checkMayTrace, traceContextKey } from "../core/flags_state.ts";
import { JitCache, type JitKey, staticKey } from "./jit_cache.ts";
import { ArrayImpl, freeTemps } from "../core/array_impl.ts";
import { config } from "../core/config.ts";
import { compileJaxpr } from "../core/complex_hooks.ts";
import { defaultBackend, getBackend } from "../backend/backend.ts";
import { warn } from "../core/warn.ts";
import type { Executable } from "../backend/backend.ts";
import { withArgCheck } from "./arity.ts";
import { type CostAnalysis, costAnalysis } from "./cost_analysis.ts";
import type { AnyFn, InArgs, Transformed } from "./types.ts";

export interface JitOptions {
  /** Arguments passed to `f` as JS values (hashable: compared by value) instead of traced. */
  staticArgnums?: number | readonly number[];
  /** Arguments whose buffers the call may reuse for outputs; they are deleted by the call, as in JAX. */
  donateArgnums?: number | readonly number[];
}

export interface Compiled {
  asText(): string;
  kernelCount(): number;
  /** Estimated flops, transcendentals and bytes accessed, as JAX's `cost_analysis()`. */
  costAnalysis(): CostAnalysis;
}
export interface Lowered {
  asText(): string;
  jaxpr: ClosedJaxpr;
  compile(): Compiled;
}

/** The compiled program of a traced jaxpr on the default backend, or null where the backend interprets jaxprs. */
function compiledProgram(t: Traced): Executable | null {
  const b = getBackend();
  // One program per backend: the default may change between calls (setDefaultBackend).
  if (t.program !== undefined && t.programBackend === b.name) return t.program;
  t.program = b.compile && !t.closed.consts.some(isTracer) ? compileJaxpr(b, t.closed.jaxpr) : null;
  t.programBackend = b.name;
  return t.program;
}

function programFor(t: Traced, leaves: NDArray[]): Executable | null {
  if (config.checkFloats || !leaves.every((l) => l instanceof ArrayImpl)) return null;
  return compiledProgram(t);
}
/**
 * A jitted function: `f`'s signature (array arguments also accept JS numbers,
 * which become arrays; number leaves of the result come back as arrays), plus
 * `lower(...args)` (the traced program), `cacheSize()` and `clearCache()`.
 */
export type Jitted<F extends AnyFn> = Transformed<F> & {
  lower(...args: InArgs<Parameters<F>>): Lowered;
  cacheSize(): number;
  clearCache(): void;
};

interface Traced {
  closed: ClosedJaxpr;
  outTree: TreeDef;
  /** Output leaves that are float0 (integer tangents: a shape, no data), by leaf position; not outputs of the jaxpr. */
  float0Outs: Map<number, Float0Array>;
  program?: Executable | null;
  /** The backend `program` was compiled for. */
  programBackend?: string;
  /** Per argument leaf: whether a donated buffer of this aval can be reused for an output (computed once per trace). */
  donationUsable?: boolean[];
}

interface Prepared {
  key: JitKey;
  leaves: NDArray[];
  treedef: TreeDef;
  staticVals: Map<number, unknown>;
  temps: NDArray[];
  /** Per argument leaf, whether its argument is donated (null: nothing is). */
  donatedLeaves: boolean[] | null;
}

/** jax.jit: `f` traced once per argument signature and compiled; see JitOptions. */
export function jit<F extends AnyFn>(f: F, options?: JitOptions): Jitted<F> {
  checkCallable(f, "jit");
  const opts = checkOptions(options, "jit", ["staticArgnums", "donateArgnums"]);
  const statics = opts.staticArgnums === undefined ? [] : argnumList(opts.staticArgnums, "jit: staticArgnums");
  const donated = opts.donateArgnums === undefined ? [] : argnumList(opts.donateArgnums, "jit: donateArgnums");
  for (const d of donated) {
    if (statics.includes(d)) throw new ValueError(`jit: staticArgnums and donateArgnums cannot intersect; argument ${d} appears in both`);
  }
  const cache = new JitCache<Traced>();

  const prepare = (args: unknown[]): Prepared => {
    const staticVals = new Map<number, unknown>();
    const dyn: unknown[] = [];
    const norm = statics.map((s) => (s < 0 ? s + args.length : s));
    args.forEach((a, i) => {
      if (norm.includes(i)) staticVals.set(i, a);
      else dyn.push(a);
    });
    for (const s of norm) {
      if (s < 0 || s >= args.length)
        throw new ValueError(
          `jitted function has staticArgnums=${JSON.stringify(opts.staticArgnums)} but was called with only ${args.length} positional arguments`,
        );
    }
    const [rawLeaves, treedef] = tree.flatten(dyn);
    const leaves = leavesAsArrays(rawLeaves, "jit argument");
    // Arrays made here from JS numbers (weak scalars) are the call's own temporaries.
    const temps = leaves.filter((l, i) => l !== rawLeaves[i]);
    const key: JitKey = {
      treedef,
      avals: leaves.map((l) => l.aval),
      statics: norm.map((i) => staticKey(staticVals.get(i), i)),
    };
    const ctx = traceContextKey();
    if (ctx) key.statics.push(ctx);
    const donatedLeaves = donated.length === 0 ? null : donatedLeafMask(args, donated, norm, opts.donateArgnums);
    return { key, leaves, treedef, staticVals, temps, donatedLeaves };
  };

  const trace = (p: Prepared, nargs: number): Traced => {
    let outTree: TreeDef | null = null;
    const flatF = (...xs: NDArray[]): NDArray[] => {
      const dyn = tree.unflatten(p.treedef, xs) as unknown[];
      const full: unknown[] = [];
      let k = 0;
      for (let i = 0; i < nargs; i++) full.push(p.staticVals.has(i) ? p.staticVals.get(i) : dyn[k++]);
      const out = f(...full);
      const [leaves, td] = tree.flatten(out);
      outTree = td;
      float0Outs.clear();
      leaves.forEach((l, i) => isFloat0(l) && float0Outs.set(i, l));
      return leavesAsArrays(float0Outs.size ? leaves.filter((l) => !isFloat0(l)) : leaves, "jit output");
    };
    const float0Outs = new Map<number, Float0Array>();
    const closed = traceToJaxpr(flatF, p.key.avals as ShapedArray[]);
    return { closed, outTree: outTree!, float0Outs };
  };

  const getTraced = (args: unknown[]) => {
    const p = prepare(args);
    let t = cache.get(p.key);
    if (!t) {
      checkMayTrace(f);
      t = trace(p, args.length);
      // A jaxpr that closes over another transformation's tracers is valid only now.
      if (!t.closed.consts.some(isTracer)) cache.set(p.key, t);
    }
    return { t, p };
  };

  const wrapped = ((...args: unknown[]) =>
    withArgCheck("jit", f, args, () => {
      if (config.disableJit) return f(...args);
      const { t, p } = getTraced(args);
      checkMayExecute(f);
      const give = p.donatedLeaves ? donationsOf(t, p) : null;
      // Concrete inputs run the compiled program; under an outer transformation
      // (or with debugNans, which checks primitive by primitive) the jaxpr is evaluated.
      const program = programFor(t, p.leaves);
      let outs: NDArray[];
      if (program) {
        outs = program.run(p.leaves as ArrayImpl[], t.closed.consts, give);
      } else {
        outs = evalJaxpr(t.closed.jaxpr, t.closed.consts, p.leaves);
        if (give) outs = deleteDonated(p.leaves as ArrayImpl[], give, outs);
      }
      freeTemps(outs, p.temps, []);
      return tree.unflatten(t.outTree, withFloat0(outs, t.float0Outs));
    })) as Jitted<F>;
  wrapped.lower = ((...args: unknown[]) => {
    const { t } = withArgCheck("jit(...).lower", f, args, () => getTraced(args));
    return {
      asText: () => t.closed.toString(),
      jaxpr: t.closed,
      compile: () => {
        const program = compiledProgram(t);
        return {
          asText: () => (program ? program.asText() : `(the ${defaultBackend()} backend interprets the jaxpr)\n${t.closed.toString()}`),
          kernelCount: () => program?.kernelCount ?? 0,
          costAnalysis: () => costAnalysis(t.closed.jaxpr),
        };
      },
    };
  }) as Jitted<F>["lower"];
  wrapped.cacheSize = () => cache.size;
  wrapped.clearCache = () => cache.clear();
  return wrapped;
}

/** The output leaves with the float0 ones put back at their positions. */
function withFloat0(outs: NDArray[], float0Outs: Map<number, Float0Array>): unknown[] {
  if (float0Outs.size === 0) return outs;
  const leaves: unknown[] = [];
  let k = 0;
  for (let i = 0; i < outs.length + float0Outs.size; i++) leaves.push(float0Outs.get(i) ?? outs[k++]);
  return leaves;
}

/** Which leaves of the call's arguments belong to donated arguments. */
function donatedLeafMask(args: unknown[], donated: number[], statics: number[], spec: unknown): boolean[] {
  const norm = donated.map((d) => (d < 0 ? d + args.length : d));
  for (const d of norm) {
    if (d < 0 || d >= args.length)
      throw new ValueError(
        `jitted function has donateArgnums=${JSON.stringify(spec)} but was called with only ${args.length} positional arguments`,
      );
  }
  const mask: boolean[] = [];
  args.forEach((a, i) => {
    if (statics.includes(i)) return;
    const n = tree.leaves(a).length;
    for (let k = 0; k < n; k++) mask.push(norm.includes(i));
  });
  return mask;
}

/**
 * The argument leaves whose buffers this call takes, as JAX decides: a donated
 * leaf is taken when an output of the same element count and item size can
 * reuse its buffer (each output once); the others stay alive, with a warning
 * when the function is traced. JS numbers and tracers are never taken. A taken
 * array may appear only once among the arguments and not among the function's
 * captured constants.
 */
function donationsOf(t: Traced, p: Prepared): boolean[] | null {
  const mask = p.donatedLeaves!;
  if (!t.donationUsable) {
    const outs = t.closed.jaxpr.outAvals;
    const taken = new Array<boolean>(outs.length).fill(false);
    t.donationUsable = p.key.avals.map((a, i) => {
      if (!mask[i]) return false;
      const o = outs.findIndex((b, k) => !taken[k] && b.size === a.size && itemsize(b.dtype) === itemsize(a.dtype));
      if (o >= 0) taken[o] = true;
      return o >= 0;
    });
    const unusable = p.key.avals
      .filter((a, i) => mask[i] && !t.donationUsable![i])
      .map((a) => `${a.weakType ? "~" : ""}${a.dtype}[${a.shape.join(",")}]`);
    if (unusable.length > 0)
      warn(
        `Some donated buffers were not usable: ${unusable.join(", ")}. A donated argument is reused only for an output with as many elements of the same size.`,
      );
  }
  const give = p.leaves.map((l, i) => t.donationUsable![i] && l instanceof ArrayImpl && !p.temps.includes(l));
  if (!give.some(Boolean)) return null;
  give.forEach((g, i) => {
    if (!g) return;
    const again = p.leaves.findIndex((l, k) => k !== i && l === p.leaves[i]);
    if (again >= 0) {
      throw new ValueError(
        `jit: argument leaf ${i} is donated (donateArgnums) and the same array is also passed as leaf ${again}; a donated buffer can be used only once per call. Pass a copy (jnp.array(x)) to one of them.`,
      );
    }
    if (t.closed.consts.includes(p.leaves[i])) {
      throw new ValueError(
        `jit: argument leaf ${i} is donated (donateArgnums) but the jitted function also captures the same array as a constant; donating it would delete the constant.`,
      );
    }
  });
  return give;
}

/** After an interpreted call: the taken arguments are deleted; an output that is one of them gets its buffer. */
function deleteDonated(leaves: readonly ArrayImpl[], give: readonly boolean[], outs: NDArray[]): NDArray[] {
  give.forEach((g, i) => {
    if (!g) return;
    const x = leaves[i];
    const returned = outs.some((o) => o === x);
    const buf = x.donate();
    if (returned) {
      const y = new ArrayImpl(x.aval, buf, x.backend);
      outs = outs.map((o) => (o === x ? y : o));
    } else {
      x.backend.dispose(buf);
    }
  });
  return outs;
}

// ---------------- makeJaxpr ----------------

/** jax.make_jaxpr: `makeJaxpr(f)(...args)` traces `f` and returns the jaxpr (printable with toString()). */
export function makeJaxpr<F extends AnyFn>(
  f: F,
  options?: { staticArgnums?: number | readonly number[] },
): (...args: InArgs<Parameters<F>>) => ClosedJaxpr {
  checkCallable(f, "makeJaxpr");
  const opts = checkOptions(options, "makeJaxpr", ["staticArgnums"]);
  const statics = opts.staticArgnums === undefined ? [] : argnumList(opts.staticArgnums, "makeJaxpr: staticArgnums");
  return (...args: unknown[]) =>
    withArgCheck("makeJaxpr", f, args, () => {
      const dyn = args.filter((_, i) => !statics.includes(i));
      const [rawLeaves, treedef] = tree.flatten(dyn);
      const leaves = leavesAsArrays(rawLeaves, "makeJaxpr argument");
      return traceToJaxpr(
        (...xs) => {
          const d = tree.unflatten(treedef, xs) as unknown[];
          let k = 0;
          const full = args.map((a, i) => (statics.includes(i) ? a : d[k++]));
          const [outLeaves] = tree.flatten(f(...full));
          return leavesAsArrays(outLeaves, "makeJaxpr output");
        },
        leaves.map((l) => l.aval),
      );
    });
}
