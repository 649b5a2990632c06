// The public transformations: jit, grad/valueAndGrad, jvp, vjp, linearize,
// vmap, jacfwd/jacrev/hessian, makeJaxpr, stopGradient.
import { ShapedArray } from "../core/aval.ts";
import { ClosedJaxpr, evalJaxpr } from "../core/jaxpr.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { isFloat, itemsize } from "../core/dtypes.ts";
import { NDArray } from "../core/ndarray.ts";
import { type Tangent, Zero } from "../core/primitive.ts";
import { fullRaise, isTracer, withNewMain } from "../core/trace.ts";
import { shapeStr } from "../core/shape.ts";
import { convert, full, instantiate, moveaxis, broadcastBatch } from "../lax/helpers.ts";
import { bind1 } from "../core/trace.ts";
import { reshapeP } from "../lax/shape_ops.ts";
import { argnumList, checkFloatInputs, describe, diffLeaves, leavesAsArrays, normalizeArgnums, tree, type TreeDef } from "./args.ts";
import { checkCallable } from "../core/scalar_args.ts";
import { jvpFlat, tangentAval } from "./jvp.ts";
import { linearizeFlat, applyLinear, transposeLinear } from "./linearize.ts";
import { traceToJaxpr } from "./staging.ts";
import { BatchTrace, BatchTracer } from "./vmap_trace.ts";
import { JitCache, type JitKey, staticKey } from "./jit_cache.ts";
import { ArrayImpl, freeTemps } from "../core/array_impl.ts";
import { config } from "../core/config.ts";
import { defaultBackend, getBackend } from "../backend/backend.ts";
import { warn } from "../core/warn.ts";
import type { Executable } from "../backend/backend.ts";

type AnyFn = (...args: any[]) => any;

// ---------------- jit ----------------

export interface JitOptions { staticArgnums?: number | number[]; donateArgnums?: number | number[] }

export interface Compiled { asText(): string; kernelCount(): number }
export interface Lowered { asText(): string; jaxpr: ClosedJaxpr; compile(): Compiled }

/** The compiled program of a traced jaxpr on the default backend, or null where the backend interprets jaxprs. */
function compiledProgram(t: Traced): Executable | null {
  if (t.program !== undefined) return t.program;
  const b = getBackend();
  t.program = b.compile && !t.closed.consts.some(isTracer) ? b.compile(t.closed.jaxpr) : null;
  return t.program;
}

function programFor(t: Traced, leaves: NDArray[]): Executable | null {
  if (config.debugNans || !leaves.every((l) => l instanceof ArrayImpl)) return null;
  return compiledProgram(t);
}
export type Jitted<F extends AnyFn> = F & { lower(...args: Parameters<F>): Lowered; cacheSize(): number; clearCache(): void };

interface Traced {
  closed: ClosedJaxpr;
  outTree: TreeDef;
  program?: Executable | null;
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

export function jit<F extends AnyFn>(f: F, opts: JitOptions = {}): Jitted<F> {
  checkCallable(f, "jit");
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
      if (s < 0 || s >= args.length) throw new ValueError(`jitted function has staticArgnums=${JSON.stringify(opts.staticArgnums)} but was called with only ${args.length} positional arguments`);
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
      return leavesAsArrays(leaves, "jit output");
    };
    const closed = traceToJaxpr(flatF, p.key.avals as ShapedArray[]);
    return { closed, outTree: outTree! };
  };

  const getTraced = (args: unknown[]) => {
    const p = prepare(args);
    let t = cache.get(p.key);
    if (!t) {
      t = trace(p, args.length);
      // A jaxpr that closes over another transformation's tracers is valid only now.
      if (!t.closed.consts.some(isTracer)) cache.set(p.key, t);
    }
    return { t, p };
  };

  const wrapped = ((...args: unknown[]) => {
    const { t, p } = getTraced(args);
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
    return tree.unflatten(t.outTree, outs);
  }) as Jitted<F>;
  wrapped.lower = ((...args: unknown[]) => {
    const { t } = getTraced(args);
    return {
      asText: () => t.closed.toString(),
      jaxpr: t.closed,
      compile: () => {
        const program = compiledProgram(t);
        return {
          asText: () => (program ? program.asText() : `(the ${defaultBackend()} backend interprets the jaxpr)\n${t.closed.toString()}`),
          kernelCount: () => program?.kernelCount ?? 0,
        };
      },
    };
  }) as Jitted<F>["lower"];
  wrapped.cacheSize = () => cache.size;
  wrapped.clearCache = () => cache.clear();
  return wrapped;
}

/** Which leaves of the call's arguments belong to donated arguments. */
function donatedLeafMask(args: unknown[], donated: number[], statics: number[], spec: unknown): boolean[] {
  const norm = donated.map((d) => (d < 0 ? d + args.length : d));
  for (const d of norm) {
    if (d < 0 || d >= args.length) throw new ValueError(`jitted function has donateArgnums=${JSON.stringify(spec)} but was called with only ${args.length} positional arguments`);
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
    const unusable = p.key.avals.filter((a, i) => mask[i] && !t.donationUsable![i]).map((a) => `${a.weakType ? "~" : ""}${a.dtype}[${a.shape.join(",")}]`);
    if (unusable.length > 0) warn(`Some donated buffers were not usable: ${unusable.join(", ")}. A donated argument is reused only for an output with as many elements of the same size.`);
  }
  const give = p.leaves.map((l, i) => t.donationUsable![i] && l instanceof ArrayImpl && !p.temps.includes(l));
  if (!give.some(Boolean)) return null;
  give.forEach((g, i) => {
    if (!g) return;
    const again = p.leaves.findIndex((l, k) => k !== i && l === p.leaves[i]);
    if (again >= 0) {
      throw new ValueError(`jit: argument leaf ${i} is donated (donateArgnums) and the same array is also passed as leaf ${again}; a donated buffer can be used only once per call. Pass a copy (jnp.array(x)) to one of them.`);
    }
    if (t.closed.consts.includes(p.leaves[i])) {
      throw new ValueError(`jit: argument leaf ${i} is donated (donateArgnums) but the jitted function also captures the same array as a constant; donating it would delete the constant.`);
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

export function makeJaxpr<F extends AnyFn>(f: F, opts: { staticArgnums?: number | number[] } = {}): (...args: Parameters<F>) => ClosedJaxpr {
  checkCallable(f, "makeJaxpr");
  const statics = opts.staticArgnums === undefined ? [] : argnumList(opts.staticArgnums, "makeJaxpr: staticArgnums");
  return (...args: unknown[]) => {
    const dyn = args.filter((_, i) => !statics.includes(i));
    const [rawLeaves, treedef] = tree.flatten(dyn);
    const leaves = leavesAsArrays(rawLeaves, "makeJaxpr argument");
    return traceToJaxpr((...xs) => {
      const d = tree.unflatten(treedef, xs) as unknown[];
      let k = 0;
      const full = args.map((a, i) => (statics.includes(i) ? a : d[k++]));
      const [outLeaves] = tree.flatten(f(...full));
      return leavesAsArrays(outLeaves, "makeJaxpr output");
    }, leaves.map((l) => l.aval));
  };
}

// ---------------- forward mode ----------------

export function jvp<F extends AnyFn>(f: F, primals: unknown[], tangents: unknown[]): [ReturnType<F>, ReturnType<F>] {
  checkCallable(f, "jvp");
  if (!Array.isArray(primals) || !Array.isArray(tangents)) {
    throw new JaxTypeError("jvp: primal and tangent arguments must be arrays (one entry per positional argument of f)");
  }
  const [pl, ptree] = tree.flatten(primals);
  const [tl, ttree] = tree.flatten(tangents);
  if (!ptree.equals(ttree)) {
    throw new JaxTypeError(`primal and tangent arguments to jax.jvp must have the same tree structure; primals have tree structure ${ptree} whereas tangents have tree structure ${ttree}.`);
  }
  const ps = diffLeaves(pl, "jvp primal");
  const ts = diffLeaves(tl, "jvp tangent");
  ps.forEach((p, i) => {
    const t = ts[i];
    if (shapeStr(p.shape) !== shapeStr(t.shape)) {
      throw new ValueError(`jvp called with different primal and tangent shapes; Got primal shape ${shapeStr(p.shape)} and tangent shape as ${shapeStr(t.shape)}`);
    }
    if (isFloat(p.dtype) && p.dtype !== t.dtype) {
      throw new JaxTypeError(`primal and tangent arguments to jax.jvp do not match; dtypes must be equal, or in case of int/bool primal dtype the tangent dtype must be float0. Got primal dtype ${p.dtype} and so expected tangent dtype ${p.dtype}, but got tangent dtype ${t.dtype} instead.`);
    }
  });
  let outTree: TreeDef | null = null;
  const [po, to] = jvpFlat((...xs) => {
    const out = f(...(tree.unflatten(ptree, xs) as unknown[]));
    const [ol, td] = tree.flatten(out);
    outTree = td;
    return leavesAsArrays(ol, "jvp output");
  }, ps, ts.map((t, i) => (isFloat(ps[i].dtype) ? t : new Zero(tangentAval(ps[i].aval)))));
  return [tree.unflatten(outTree!, po) as ReturnType<F>, tree.unflatten(outTree!, to.map(instantiate)) as ReturnType<F>];
}

export function linearize<F extends AnyFn>(f: F, ...primals: unknown[]): [ReturnType<F>, (...tangents: unknown[]) => ReturnType<F>] {
  checkCallable(f, "linearize");
  const [pl, ptree] = tree.flatten(primals);
  const ps = diffLeaves(pl, "linearize primal");
  let outTree: TreeDef | null = null;
  const lin = linearizeFlat((...xs) => {
    const [ol, td] = tree.flatten(f(...(tree.unflatten(ptree, xs) as unknown[])));
    outTree = td;
    return leavesAsArrays(ol, "linearize output");
  }, ps);
  const fLin = (...tangents: unknown[]) => {
    const [tl, ttree] = tree.flatten(tangents);
    if (!ttree.equals(ptree)) throw new JaxTypeError(`linearized function called with tangents of structure ${ttree}, expected ${ptree}`);
    return tree.unflatten(outTree!, applyLinear(lin, diffLeaves(tl, "tangent"))) as ReturnType<F>;
  };
  return [tree.unflatten(outTree!, lin.primalsOut) as ReturnType<F>, fLin];
}

// ---------------- reverse mode ----------------

export function vjp<F extends AnyFn>(f: F, ...primals: unknown[]): [ReturnType<F>, (ct: unknown) => unknown[]] {
  checkCallable(f, "vjp");
  const [pl, ptree] = tree.flatten(primals);
  const ps = diffLeaves(pl, "vjp primal");
  let outTree: TreeDef | null = null;
  const lin = linearizeFlat((...xs) => {
    const [ol, td] = tree.flatten(f(...(tree.unflatten(ptree, xs) as unknown[])));
    outTree = td;
    return leavesAsArrays(ol, "vjp output");
  }, ps);
  const out = tree.unflatten(outTree!, lin.primalsOut) as ReturnType<F>;
  const vjpFn = (ct: unknown): unknown[] => {
    const [cl, ctree] = tree.flatten(ct);
    if (!ctree.equals(outTree!)) {
      throw new JaxTypeError(`Tree structure of cotangent input ${ctree}, does not match structure of primal output ${outTree}.`);
    }
    const cts = leavesAsArrays(cl, "cotangent").map((c, i) => {
      const o = lin.primalsOut[i];
      if (shapeStr(c.shape) !== shapeStr(o.shape)) {
        throw new ValueError(`Shape of cotangent input to vjp pullback function ${shapeStr(c.shape)} must be the same as the shape of corresponding primal input ${shapeStr(o.shape)}.`);
      }
      return c.dtype === o.dtype ? c : convert(c, o.dtype);
    });
    const res = transposeLinear(lin, cts).map((t, i) => castCotangent(t, ps[i]));
    return tree.unflatten(ptree, res) as unknown[];
  };
  return [out, vjpFn];
}

function castCotangent(t: Tangent, primal: NDArray): NDArray {
  const v = instantiate(t instanceof Zero ? new Zero(primal.aval.strongType()) : t);
  return v.dtype === primal.dtype && !v.weakType ? v : convert(v, primal.dtype, false);
}

export interface GradOptions { argnums?: number | number[]; hasAux?: boolean }

export function valueAndGrad<F extends AnyFn>(f: F, opts: GradOptions = {}): (...args: Parameters<F>) => [any, any] {
  const fname = "valueAndGrad";
  checkCallable(f, fname);
  return (...args: unknown[]) => {
    const argnums = normalizeArgnums(opts.argnums, args.length, fname);
    const diffTrees = argnums.map((i) => args[i]);
    const [dl, dtree] = tree.flatten(diffTrees);
    const ds = diffLeaves(dl, "grad argument");
    checkFloatInputs(ds, "grad");
    let auxTree: TreeDef | null = null;
    let nAux = 0;
    const lin = linearizeFlat((...xs) => {
      const d = tree.unflatten(dtree, xs) as unknown[];
      const full = [...args];
      argnums.forEach((a, k) => (full[a] = d[k]));
      let out = f(...full);
      let auxLeaves: NDArray[] = [];
      if (opts.hasAux) {
        if (!Array.isArray(out) || out.length !== 2) throw new JaxTypeError("grad with hasAux=true requires the function to return a pair [output, aux]");
        const [al, at] = tree.flatten(out[1]);
        auxTree = at;
        auxLeaves = leavesAsArrays(al, "aux");
        nAux = auxLeaves.length;
        out = out[0];
      }
      const [ol] = tree.flatten(out);
      if (ol.length !== 1) throw new JaxTypeError(`Gradient only defined for scalar-output functions. Output was ${describe(out)} with ${ol.length} leaves.`);
      const o = leavesAsArrays(ol, "grad output")[0];
      if (o.ndim !== 0) throw new JaxTypeError(`Gradient only defined for scalar-output functions. Output had shape: ${shapeStr(o.shape)}.`);
      if (!isFloat(o.dtype)) {
        throw new JaxTypeError(`grad requires real-valued outputs (output dtype that is a sub-dtype of np.floating), but got ${o.dtype}. For differentiation of functions with integer outputs, use jax.vjp directly.`);
      }
      return [o, ...auxLeaves];
    }, ds);
    const value = lin.primalsOut[0];
    const cts: Tangent[] = [full([], 1, value.dtype), ...lin.primalsOut.slice(1).map((a) => new Zero(a.aval.strongType()))];
    const grads = transposeLinear(lin, cts).map((t, i) => castCotangent(t, ds[i]));
    const gTrees = tree.unflatten(dtree, grads) as unknown[];
    const g = typeof opts.argnums === "number" || opts.argnums === undefined ? gTrees[0] : gTrees;
    const v = opts.hasAux ? [value, tree.unflatten(auxTree!, lin.primalsOut.slice(1, 1 + nAux))] : value;
    return [v, g];
  };
}

export function grad<F extends AnyFn>(f: F, opts: GradOptions = {}): (...args: Parameters<F>) => any {
  checkCallable(f, "grad"); // before valueAndGrad's check, so that the message names grad
  const vg = valueAndGrad(f, opts);
  return (...args: unknown[]) => {
    const [v, g] = vg(...(args as Parameters<F>));
    return opts.hasAux ? [g, (v as unknown[])[1]] : g;
  };
}

// ---------------- vmap ----------------

export type InAxes = number | null | unknown[];
export interface VmapOptions { inAxes?: InAxes; outAxes?: unknown; axisSize?: number }

/** Per-leaf axes from a pytree prefix of axis specs (null = unmapped). */
function broadcastPrefix(spec: unknown, value: unknown, what: string): Array<number | null> {
  if (spec === null || typeof spec === "number") return tree.leaves(value).map(() => spec as number | null);
  const specDef = tree.structure(spec, (x: unknown) => x === null);
  const specLeaves = tree.leaves(spec, (x: unknown) => x === null) as Array<number | null>;
  let subtrees: unknown[];
  try {
    subtrees = tree.flattenUpTo(specDef, value);
  } catch (e) {
    throw new ValueError(`vmap ${what} specification must be a tree prefix of the corresponding value, got specification ${JSON.stringify(spec)} for value tree ${tree.structure(value)}. (${(e as Error).message})`);
  }
  return subtrees.flatMap((s, i) => tree.leaves(s).map(() => specLeaves[i]));
}

/** A spec for messages: a leaf as describe() shows it, a container as JSON with its bad leaf. */
function showAxes(spec: unknown, bad: unknown): string {
  if (spec === bad) return describe(spec);
  let json: string | undefined;
  try { json = JSON.stringify(spec); } catch { /* e.g. a BigInt leaf */ }
  return `${json ?? describe(spec)} (bad leaf: ${describe(bad)})`;
}

/** JAX's checks on in_axes / out_axes, when vmap is called: leaves must be integers or null. */
function checkAxesSpec(spec: unknown, what: "in_axes" | "out_axes"): void {
  if (what === "in_axes" && !(spec === null || typeof spec === "number" || Array.isArray(spec))) {
    throw new JaxTypeError(`vmap in_axes must be an int, None, or a tuple of entries corresponding to the positional arguments passed to the function, but got ${describe(spec)}.`);
  }
  const bad = tree.leaves(spec, (x: unknown) => x === null).find((l) => l !== null && !Number.isInteger(l));
  if (bad !== undefined) {
    throw new JaxTypeError(`vmap ${what} must be an int, None, or (nested) container with those types as leaves, but got ${showAxes(spec, bad)}.`);
  }
}

export function vmap<F extends AnyFn>(f: F, opts: VmapOptions = {}): F {
  checkCallable(f, "vmap");
  const inAxesOpt = opts.inAxes === undefined ? 0 : opts.inAxes;
  const outAxesOpt = opts.outAxes === undefined ? 0 : opts.outAxes;
  checkAxesSpec(inAxesOpt, "in_axes");
  checkAxesSpec(outAxesOpt, "out_axes");
  return ((...args: unknown[]) => {
    let axes: Array<number | null>;
    if (Array.isArray(inAxesOpt)) {
      if (inAxesOpt.length !== args.length) {
        throw new ValueError(`vmap in_axes must be an int, None, or a tuple of entries corresponding to the positional arguments passed to the function, but got len(in_axes)=${inAxesOpt.length}, len(args)=${args.length}`);
      }
      axes = args.flatMap((a, i) => broadcastPrefix(inAxesOpt[i], a, "in_axes"));
    } else axes = broadcastPrefix(inAxesOpt, args, "in_axes");
    const [rawLeaves, argTree] = tree.flatten(args);
    const leaves = leavesAsArrays(rawLeaves, "vmap argument");
    const argIndexOfLeaf: number[] = [];
    args.forEach((a, i) => tree.leaves(a).forEach(() => argIndexOfLeaf.push(i)));
    const norm = leaves.map((l, i) => {
      const ax = axes[i];
      if (ax === null) return null;
      if (!Number.isInteger(ax) || ax < -l.ndim || ax >= Math.max(l.ndim, 1) || l.ndim === 0) {
        throw new ValueError(`vmap was requested to map its argument along axis ${ax}, which implies that its rank should be at least ${ax < 0 ? -ax : ax + 1}, but is only ${l.ndim} (its shape is ${shapeStr(l.shape)})`);
      }
      return ax < 0 ? ax + l.ndim : ax;
    });
    const sizes = leaves.map((l, i) => (norm[i] === null ? null : l.shape[norm[i]!]));
    const mapped = sizes.filter((s): s is number => s !== null);
    let axisSize = opts.axisSize;
    if (axisSize === undefined) {
      if (mapped.length === 0) throw new ValueError("vmap must have at least one non-None value in in_axes");
      axisSize = mapped[0];
    }
    if (mapped.some((s) => s !== axisSize)) {
      const lines = leaves.map((l, i) => (norm[i] === null ? null : `  * one axis had size ${sizes[i]}: axis ${norm[i]} of argument ${argIndexOfLeaf[i]} of type ${l.aval.str()}`)).filter(Boolean);
      throw new ValueError(`vmap got inconsistent sizes for array axes to be mapped:\n${lines.join(";\n")}`);
    }
    const size = axisSize;
    return withNewMain(BatchTrace, size, (main) => {
      const trace = new BatchTrace(main);
      const tracers = leaves.map((l, i) => new BatchTracer(trace, l, norm[i]));
      const out = f(...(tree.unflatten(argTree, tracers) as unknown[]));
      const [ol, otree] = tree.flatten(out);
      const outArrs = leavesAsArrays(ol, "vmap output");
      const outAxes = broadcastPrefix(outAxesOpt, out, "out_axes");
      const res = outArrs.map((o, i) => {
        const t = fullRaise(trace, o) as BatchTracer;
        const dst = outAxes[i];
        if (dst === null) {
          if (t.bdim !== null) throw new ValueError("vmap has mapped output but out_axes is None");
          return t.val;
        }
        const nd = t.val.ndim + (t.bdim === null ? 1 : 0);
        const d = dst < 0 ? dst + nd : dst;
        return t.bdim === null ? broadcastBatch(t.val, size, d) : moveaxis(t.val, t.bdim, d);
      });
      return tree.unflatten(otree, res);
    });
  }) as F;
}

// ---------------- jacobians ----------------

function basis(n: number, dtype: NDArray["dtype"]): NDArray {
  const ar = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  return convert(leavesAsArrays([ar], "basis")[0], dtype);
}

export function jacfwd<F extends AnyFn>(f: F, opts: { argnums?: number | number[] } = {}): (...args: Parameters<F>) => any {
  checkCallable(f, "jacfwd");
  return (...args: unknown[]) => {
    const argnums = normalizeArgnums(opts.argnums, args.length, "jacfwd");
    const [dl, dtree] = tree.flatten(argnums.map((i) => args[i]));
    const ds = diffLeaves(dl, "jacfwd argument");
    checkFloatInputs(ds, "jacfwd");
    const sizes = ds.map((d) => d.size);
    const total = sizes.reduce((a, b) => a + b, 0);
    const fFlat = (...xs: NDArray[]): NDArray[] => {
      const d = tree.unflatten(dtree, xs) as unknown[];
      const full = [...args];
      argnums.forEach((a, k) => (full[a] = d[k]));
      return leavesAsArrays(tree.flatten(f(...full))[0], "jacfwd output");
    };
    const outTree = tree.structure(f(...args));
    // Push forward each standard basis vector (vmapped over the basis).
    const eye = basis(total, ds[0]?.dtype ?? "float32");
    const pushfwd = (e: NDArray): NDArray[] => {
      let off = 0;
      const ts = ds.map((d, i) => {
        const sl = sliceCols(e, off, sizes[i]);
        off += sizes[i];
        return bind1(reshapeP, [sl], { new_sizes: [...d.shape], dimensions: null });
      });
      return jvpFlat(fFlat, ds, ts)[1].map(instantiate);
    };
    const jacT = vmap(pushfwd, { inAxes: 0, outAxes: -1 })(eye) as NDArray[];
    // Each output leaf: shape out.shape + [total]; split the last axis per input leaf.
    const perOut = jacT.map((j) => {
      let off = 0;
      const parts = ds.map((d, i) => {
        const part = sliceLast(j, off, sizes[i]);
        off += sizes[i];
        return bind1(reshapeP, [part], { new_sizes: [...j.shape.slice(0, -1), ...d.shape], dimensions: null });
      });
      const t = tree.unflatten(dtree, parts) as unknown[];
      return typeof opts.argnums === "number" || opts.argnums === undefined ? t[0] : t;
    });
    return tree.unflatten(outTree, perOut);
  };
}

export function jacrev<F extends AnyFn>(f: F, opts: { argnums?: number | number[] } = {}): (...args: Parameters<F>) => any {
  checkCallable(f, "jacrev");
  return (...args: unknown[]) => {
    const argnums = normalizeArgnums(opts.argnums, args.length, "jacrev");
    const [dl, dtree] = tree.flatten(argnums.map((i) => args[i]));
    const ds = diffLeaves(dl, "jacrev argument");
    checkFloatInputs(ds, "jacrev");
    let outTree: TreeDef | null = null;
    const lin = linearizeFlat((...xs: NDArray[]) => {
      const d = tree.unflatten(dtree, xs) as unknown[];
      const full = [...args];
      argnums.forEach((a, k) => (full[a] = d[k]));
      const [ol, td] = tree.flatten(f(...full));
      outTree = td;
      return leavesAsArrays(ol, "jacrev output");
    }, ds);
    const outs = lin.primalsOut;
    const osizes = outs.map((o) => o.size);
    const total = osizes.reduce((a, b) => a + b, 0);
    const eye = basis(total, outs[0]?.dtype ?? "float32");
    const pullback = (e: NDArray): NDArray[] => {
      let off = 0;
      const cts = outs.map((o, i) => {
        const sl = sliceCols(e, off, osizes[i]);
        off += osizes[i];
        return bind1(reshapeP, [sl], { new_sizes: [...o.shape], dimensions: null });
      });
      return transposeLinear(lin, cts).map((t, i) => castCotangent(t, ds[i]));
    };
    const jac = vmap(pullback)(eye) as NDArray[]; // each: [total, ...in.shape]
    let off = 0;
    const perOut = outs.map((o, i) => {
      const parts = jac.map((j, k) => {
        const part = sliceFirst(j, off, osizes[i]);
        return bind1(reshapeP, [part], { new_sizes: [...o.shape, ...ds[k].shape], dimensions: null });
      });
      off += osizes[i];
      const t = tree.unflatten(dtree, parts) as unknown[];
      return typeof opts.argnums === "number" || opts.argnums === undefined ? t[0] : t;
    });
    return tree.unflatten(outTree!, perOut);
  };
}

export function hessian<F extends AnyFn>(f: F, opts: { argnums?: number | number[] } = {}): (...args: Parameters<F>) => any {
  checkCallable(f, "hessian");
  return jacfwd(jacrev(f, opts), opts);
}

import { sliceP } from "../lax/shape_ops.ts";
function sliceCols(e: NDArray, off: number, n: number): NDArray {
  return bind1(sliceP, [e], { start_indices: [off], limit_indices: [off + n], strides: null });
}
function sliceLast(j: NDArray, off: number, n: number): NDArray {
  return bind1(sliceP, [j], { start_indices: j.shape.map((_, i) => (i === j.ndim - 1 ? off : 0)), limit_indices: j.shape.map((d, i) => (i === j.ndim - 1 ? off + n : d)), strides: null });
}
function sliceFirst(j: NDArray, off: number, n: number): NDArray {
  return bind1(sliceP, [j], { start_indices: j.shape.map((_, i) => (i === 0 ? off : 0)), limit_indices: j.shape.map((d, i) => (i === 0 ? off + n : d)), strides: null });
}

export { NDArray };
