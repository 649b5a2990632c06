// Running complex values on real backends (see complex_lowering.ts for the
// rules). Eagerly, on a backend that compiles: the operation's one equation
// is compiled as jit would compile it (cached per avals and params), so its
// part reads, kernels and interleave fuse. Elsewhere a complex buffer is
// split into its parts by the backend's own slice kernel, the rule runs on
// real arrays, the parts are interleaved back. Under jit: the jaxpr is rewritten into a
// real one whose complex inputs and outputs are (..., 2) arrays of their real
// dtype (the same bytes as the complex buffer), compiled as any other.
import { type Backend, type Executable, getBackend } from "../backend/backend.ts";
import { lruGet } from "../core/lru.ts";
import { ArrayImpl } from "../core/array_impl.ts";
import { ShapedArray } from "../core/aval.ts";
import { anyComplex, jaxprHasComplex, paramsHaveComplex, setComplexHooks } from "../core/complex_hooks.ts";
import { isComplex, realDType } from "../core/dtypes.ts";
import { type ClosedJaxpr, Jaxpr, JaxprEqn, Literal, Var } from "../core/jaxpr.ts";
import { type ScanParams, scanP } from "./control/scan.ts";
import type { NDArray } from "../core/ndarray.ts";
import { type Params, type Primitive, paramsKey } from "../core/primitive.ts";
import { bind, bind1, withoutDynamic } from "../core/trace.ts";
import { traceToJaxpr } from "../transforms/staging.ts";
import { cacheEpoch } from "../transforms/jit_cache.ts";
import { type Pair, type Val, complexRule, isPair, noComplexRule } from "./complex_lowering.ts";
import { convertElementTypeP } from "./elementwise.ts";
import { reshapeP } from "./layout.ts";
import { broadcastInDimP, iotaP, sliceP } from "./shape_ops.ts";
import { eqP, selectNP } from "./elementwise.ts";
import { full } from "./zeros.ts";

/** The (..., 2) real aval with a complex aval's bytes. */
export function pairAval(a: ShapedArray): ShapedArray {
  return new ShapedArray([...a.shape, 2], realDType(a.dtype), a.weakType);
}
const partAvalOf = (a: ShapedArray) => new ShapedArray(a.shape, realDType(a.dtype), a.weakType);

const sliceParams = (shape: readonly number[], k: number) => ({
  start_indices: [...shape.map(() => 0), k],
  limit_indices: [...shape, k + 1],
  strides: null,
});

/** Part k (0 = re, 1 = im) of a (..., 2) array, staged or run as ordinary primitives. */
function partOf(x: NDArray, shape: readonly number[], k: number): NDArray {
  const s = bind1(sliceP, [x], sliceParams(shape, k));
  return bind1(reshapeP, [s], { new_sizes: [...shape], dimensions: null });
}
/**
 * The (..., 2) array of a pair, as one elementwise select between the parts
 * broadcast along a new last axis (the compiler fuses it into a single
 * kernel writing interleaved pairs; a concatenate of columns would not).
 */
function interleave(p: Pair): NDArray {
  const shape = [...p.re.shape, 2];
  const dims = p.re.shape.map((_, i) => i);
  const wide = (x: NDArray) => bind1(broadcastInDimP, [x], { shape, broadcast_dimensions: dims });
  const lane = bind1(iotaP, [], { dtype: "int32", shape, dimension: p.re.ndim });
  const isIm = bind1(eqP, [lane, full(shape, 1, "int32")], {});
  return bind1(selectNP, [isIm, wide(p.re), wide(p.im)], {});
}

// ---------------- eager ----------------

function splitEager(a: ArrayImpl, b: Backend): Pair {
  const pa = pairAval(a.aval);
  const buf = a.bufferOn(b);
  const part = (k: number): NDArray => {
    const sa = new ShapedArray([...a.shape, 1], pa.dtype, a.weakType);
    const [s] = b.execute(sliceP as Primitive, [buf], [pa], sliceParams(a.shape, k), [sa]);
    const out = partAvalOf(a.aval);
    const [r] = b.execute(reshapeP as Primitive, [s], [sa], { new_sizes: [...a.shape], dimensions: null }, [out]);
    b.dispose(s);
    return new ArrayImpl(out, r, b);
  };
  return { re: part(0), im: part(1) };
}

function joinEager(p: Pair, o: ShapedArray): ArrayImpl {
  const rd = realDType(o.dtype);
  const fix = (x: NDArray) => (x.dtype === rd ? x : bind1(convertElementTypeP, [x], { new_dtype: rd, weak_type: o.weakType }));
  return adopt(interleave({ re: fix(p.re), im: fix(p.im) }) as ArrayImpl, o);
}

function fixWeak(v: NDArray, o: ShapedArray): NDArray {
  return v.dtype === o.dtype && v.weakType === o.weakType
    ? v
    : bind1(convertElementTypeP, [v], { new_dtype: o.dtype, weak_type: o.weakType });
}

/** Compiled one-equation programs of eager complex operations, by backend, primitive, avals and params (least recently used dropped). */
const programs = new Map<string, Executable | null>();
const MAX_PROGRAMS = 512;
let programsEpoch = cacheEpoch();

/**
 * An eager complex operation as a compiled program of its one equation, as
 * JAX dispatches it: the lowering's part reads, real kernels and interleave
 * fuse into one kernel over the complex buffers (real(c) reads every other
 * float; c·c is one pass). Null where the backend compiles nothing or the
 * params cannot be keyed.
 */
function compiledEquation(b: Backend, prim: Primitive, params: Params, inAvals: ShapedArray[], outAvals: ShapedArray[]): Executable | null {
  if (!b.compile) return null;
  const p = paramsKey(params);
  if (p === null) return null;
  if (programsEpoch !== cacheEpoch()) {
    programs.clear();
    programsEpoch = cacheEpoch();
  }
  let key = `${b.name}|${prim.name}|${p}`;
  for (const a of inAvals) key += `|${a.str()}${a.weakType ? "w" : ""}`;
  for (const a of outAvals) key += `>${a.str()}${a.weakType ? "w" : ""}`;
  return lruGet(programs, key, MAX_PROGRAMS, () => {
    const ins = inAvals.map((a) => new Var(a));
    const outs = outAvals.map((a) => new Var(a));
    return compile(b, new Jaxpr([], ins, [new JaxprEqn(prim, ins, params, outs)], outs));
  });
}

function eager(prim: Primitive, args: ArrayImpl[], params: Params, inAvals: ShapedArray[], outAvals: ShapedArray[]): NDArray[] {
  const rule = complexRule(prim);
  if (!rule) throw noComplexRule(prim);
  const b = getBackend();
  const program = compiledEquation(b, prim, params, inAvals, outAvals);
  if (program) return program.run(args, []);
  return withoutDynamic(() => {
    const vals: Val[] = args.map((a) => (isComplex(a.dtype) ? splitEager(a, b) : a));
    const outs = rule(vals, params, inAvals, outAvals);
    return outs.map((v, i) => (isPair(v) ? joinEager(v, outAvals[i]) : fixWeak(v, outAvals[i])));
  });
}

// ---------------- jit ----------------

/**
 * The jaxpr rewritten on real values: inputs are the jaxpr's constvars then
 * its inputs, complex ones as (..., 2) arrays; outputs likewise. Null where
 * some equation has no complex rule or holds complex values in a sub-jaxpr
 * (then the jaxpr is interpreted, equation by equation).
 */
export function lowerComplexJaxpr(jaxpr: Jaxpr): ClosedJaxpr | null {
  // Scan bodies holding complex values are rewritten the same way (recursively).
  const bodies = new Map<JaxprEqn, ClosedJaxpr>();
  for (const e of jaxpr.eqns) {
    if (paramsHaveComplex(e.params)) {
      if (e.primitive !== scanP) return null;
      const body = lowerComplexJaxpr((e.params as ScanParams).jaxpr.jaxpr);
      if (!body) return null;
      bodies.set(e, body);
      continue;
    }
    const touches = anyComplex([...e.inputs.map((a) => a.aval), ...e.outBinders.map((v) => v.aval)]);
    if (touches && !complexRule(e.primitive)) return null;
  }
  const vars = [...jaxpr.constvars, ...jaxpr.inBinders];
  const inAvals = vars.map((v) => (isComplex(v.aval.dtype) ? pairAval(v.aval) : v.aval));
  return traceToJaxpr((...xs) => {
    const env = new Map<Var, Val>();
    vars.forEach((v, i) =>
      env.set(v, isComplex(v.aval.dtype) ? { re: partOf(xs[i], v.aval.shape, 0), im: partOf(xs[i], v.aval.shape, 1) } : xs[i]),
    );
    const read = (a: Var | Literal): Val => {
      if (!(a instanceof Literal)) return env.get(a)!;
      const v = a.value;
      return isComplex(v.dtype) ? splitLiteral(v) : v;
    };
    for (const e of jaxpr.eqns) {
      const ins = e.inputs.map(read);
      const inA = e.inputs.map((a) => a.aval);
      const outA = e.outBinders.map((v) => v.aval);
      let outs: Val[];
      const body = bodies.get(e);
      if (body) outs = lowerScan(e, body, ins);
      else if (anyComplex([...inA, ...outA])) {
        outs = complexRule(e.primitive)!(ins, e.params, inA, outA).map((v, i) => (isPair(v) ? v : fixWeak(v, outA[i])));
      } else outs = bind(e.primitive, ins as NDArray[], e.params);
      e.outBinders.forEach((v, i) => env.set(v, outs[i]));
    }
    return jaxpr.outs.map((a) => {
      const v = read(a);
      return isPair(v) ? interleave(v) : v;
    });
  }, inAvals);
}

/**
 * A complex literal's parts, split on the host: literals keep host data, and
 * the compiler reads the parts' values (a backend whose buffers cannot be
 * read synchronously, webgpu, would give parts without them).
 */
function splitLiteral(v: ArrayImpl): Pair {
  const d = v.hostData();
  const rd = realDType(v.dtype);
  const part = (k: number) => {
    const out = new (d.constructor as new (n: number) => typeof d)(v.size);
    for (let i = 0; i < v.size; i++) out[i] = d[2 * i + k];
    return ArrayImpl.fromHost(out, v.shape, rd, v.weakType, v.backend);
  };
  return { re: part(0), im: part(1) };
}

/** (..., 2) form of a value: pairs interleaved, a concrete complex constant reinterpreted. */
function asPairArray(v: Val | NDArray): NDArray {
  if (isPair(v)) return interleave(v);
  if (v instanceof ArrayImpl && isComplex(v.dtype)) {
    const pa = pairAval(v.aval);
    return ArrayImpl.fromHost(v.hostData().slice(), pa.shape, pa.dtype, false, v.backend);
  }
  return v;
}

/**
 * A scan with complex values: its body rewritten (inputs: the body's own
 * constants, then consts, carry, xs, complex ones as (..., 2) arrays), the
 * body's constants passed as leading consts; complex results split again.
 */
function lowerScan(e: JaxprEqn, body: ClosedJaxpr, ins: Val[]): Val[] {
  const p = e.params as ScanParams;
  const own = p.jaxpr.consts.map(asPairArray);
  const outs = bind(scanP, [...own, ...ins.map(asPairArray)], { ...p, jaxpr: body, num_consts: own.length + p.num_consts });
  return e.outBinders.map((v, i) =>
    isComplex(v.aval.dtype) ? { re: partOf(outs[i], v.aval.shape, 0), im: partOf(outs[i], v.aval.shape, 1) } : outs[i],
  );
}

/** A backend executable of the lowered jaxpr, seen from outside with complex inputs and outputs. */
class ComplexExecutable implements Executable {
  constructor(
    private readonly inner: Executable,
    private readonly lowered: ClosedJaxpr,
    private readonly jaxpr: Jaxpr,
    private readonly backend: Backend,
  ) {}
  run(args: readonly ArrayImpl[], consts: readonly NDArray[], donated?: readonly boolean[] | null): ArrayImpl[] {
    const b = this.backend;
    const all = [...(consts as ArrayImpl[]), ...args];
    const views = all.map((a) => (isComplex(a.dtype) ? viewAs(a, pairAval(a.aval), b) : a));
    let outs = this.inner.run(views, this.lowered.consts).map((o, i) => {
      const want = this.jaxpr.outs[i].aval;
      const j = views.indexOf(o);
      if (j >= 0) return all[j];
      return isComplex(want.dtype) ? adopt(o, want) : o;
    });
    // Donated arguments are deleted, as jit's own programs do (their buffers are not reused here).
    donated?.forEach((give, i) => {
      if (!give) return;
      const x = args[i];
      const buf = x.donate();
      if (outs.includes(x)) outs = outs.map((o) => (o === x ? new ArrayImpl(x.aval, buf, x.backend) : o));
      else x.backend.dispose(buf);
    });
    return outs;
  }
  asText(): string {
    return this.inner.asText();
  }
  get kernelCount(): number {
    return this.inner.kernelCount;
  }
  get isSingleLoop(): boolean {
    return this.inner.isSingleLoop;
  }
}

/** An array aliasing `a`'s buffer under another aval of the same bytes; `a` stays the buffer's owner. */
function viewAs(a: ArrayImpl, aval: ShapedArray, b: Backend): ArrayImpl {
  const buf = a.bufferOn(b);
  const v = new ArrayImpl(aval, buf, b);
  if (a.backend === b) {
    b.untrack?.(buf);
    b.track?.(a, buf);
  }
  return v;
}

/** The buffer of `o` (a fresh result) as an array of aval `want`, which becomes its owner. */
function adopt(o: ArrayImpl, want: ShapedArray): ArrayImpl {
  const buf = o.donate();
  return new ArrayImpl(want, buf, o.backend);
}

function compile(b: Backend, jaxpr: Jaxpr): Executable | null {
  if (!b.compile) return null;
  const lowered = lowerComplexJaxpr(jaxpr);
  if (!lowered || jaxprHasComplex(lowered.jaxpr)) return null;
  const inner = b.compile(lowered.jaxpr);
  return inner ? new ComplexExecutable(inner, lowered, jaxpr, b) : null;
}

setComplexHooks({ eager, compile });
