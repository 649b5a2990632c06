// Shared helpers for the Wasm backend tests: a map kernel (SIMD body +
// scalar tail) over a float32 buffer, ulp measurement, float64 references.
import { ModuleBuilder, wasmApi, type WasmMemory } from "../../../src/backend/wasm/emitter/index.ts";
import { jit, jnp, type NDArray } from "../../../src/index.ts";
import {
  FAST_MATH_FUNCTIONS,
  MATH_FUNCTIONS,
  WasmMath,
  type AccurateMathFn,
  type FastMathFn,
  type MathFn,
  type XlaMathFn,
} from "../../../src/backend/wasm/math/index.ts";

/** Any function a kernel module can be built for (fast variants: see KernelOptions). */
export type KernelFn = MathFn | XlaMathFn | FastMathFn;

export interface KernelOptions {
  /** Use WasmMath.fastVec / fastScalar instead of vec / scalar. */
  fast?: boolean;
  /** With `fast`: the relaxed-SIMD FMA variants. */
  fma?: boolean;
  /** With `fast`: emit the math inline in the loop body (WasmMath.emitFast) instead of calling fastVec. */
  inline?: boolean;
  /** XLA's log / log1p emulated on f64x2 lanes even where the engine fuses relaxed_madd (the path other engines take). */
  emulatedXla?: boolean;
}

export interface MathKernels {
  /** Applies fn to xs with the f32x4 kernel (scalar tail for n % 4). */
  map(fn: KernelFn, xs: Float32Array): Float32Array;
  /** Applies fn elementwise with the scalar f32 function only. */
  mapScalar(fn: KernelFn, xs: Float32Array): Float32Array;
  bytes: number;
}

/**
 * Builds one module with, per function, `map_<fn>(in, out, n)`: a loop of
 * v128.load / call vec / v128.store over 4-lane chunks, then a scalar tail.
 */
export function buildMathKernels(fns: readonly KernelFn[] = MATH_FUNCTIONS, opts: KernelOptions = {}): MathKernels {
  const pages = 2 * 256; // 32 MiB
  const mb = new ModuleBuilder();
  mb.importMemory({ min: pages, max: pages });
  const math = opts.emulatedXla ? new WasmMath(mb, "math.", false) : new WasmMath(mb);
  for (const fn of fns) {
    for (const scalarOnly of [false, true]) {
      let vec: number, sc: number;
      if (opts.fast) {
        if (!(FAST_MATH_FUNCTIONS as readonly string[]).includes(fn)) throw new Error(`no fast variant of ${fn}`);
        vec = math.fastVec(fn as FastMathFn, { fma: opts.fma });
        sc = math.fastScalar(fn as FastMathFn, { fma: opts.fma });
      } else {
        if (fn === "logistic") throw new Error("logistic has only a fast variant");
        vec = math.vec(fn as AccurateMathFn);
        sc = math.scalar(fn as AccurateMathFn);
      }
      const f = mb.addFunction(`${scalarOnly ? "scalar" : "map"}_${fn}`, ["i32", "i32", "i32"], [], { export: true });
      const i = f.addLocal("i32");
      const n4 = f.addLocal("i32");
      const x = f.addLocal("v128");
      f.local_get(2)
        .i32.const(scalarOnly ? 0 : -4)
        .i32.and()
        .local_set(n4);
      // SIMD body
      let out = f.block();
      let lp = f.loop();
      f.local_get(i).local_get(n4).i32.ge_u().br_if(out);
      f.local_get(1).local_get(i).i32.const(2).i32.shl().i32.add();
      f.local_get(0).local_get(i).i32.const(2).i32.shl().i32.add().v128.load();
      if (opts.fast && opts.inline) f.local_set(x).local_get(math.emitFast(f, fn as FastMathFn, x, { fma: opts.fma }));
      else f.call(vec);
      f.v128.store();
      f.local_get(i).i32.const(4).i32.add().local_set(i).br(lp);
      f.end();
      f.end();
      // scalar tail
      out = f.block();
      lp = f.loop();
      f.local_get(i).local_get(2).i32.ge_u().br_if(out);
      f.local_get(1).local_get(i).i32.const(2).i32.shl().i32.add();
      f.local_get(0).local_get(i).i32.const(2).i32.shl().i32.add().f32.load();
      f.call(sc).f32.store();
      f.local_get(i).i32.const(1).i32.add().local_set(i).br(lp);
      f.end();
      f.end();
    }
  }
  const bytes = mb.toBytes();
  const memory: WasmMemory = new (wasmApi().Memory)({ initial: pages, maximum: pages });
  const inst = new (wasmApi().Instance)(new (wasmApi().Module)(bytes), { env: { memory } });
  const cap = (pages * 65536) / 8; // floats per half
  const run = (name: string, xs: Float32Array): Float32Array => {
    const out = new Float32Array(xs.length);
    const fn = inst.exports[name] as (a: number, b: number, n: number) => void;
    const heap = new Float32Array(memory.buffer);
    for (let off = 0; off < xs.length; off += cap) {
      const chunk = xs.subarray(off, Math.min(xs.length, off + cap));
      heap.set(chunk, 0);
      fn(0, cap * 4, chunk.length);
      out.set(heap.subarray(cap, cap + chunk.length), off);
    }
    return out;
  };
  return {
    map: (fn, xs) => run(`map_${fn}`, xs),
    mapScalar: (fn, xs) => run(`scalar_${fn}`, xs),
    bytes: bytes.length,
  };
}

const F32_MIN_NORMAL_EXP = -126;

/** Error of a float32 result against a float64 reference, in float32 ulps of the reference. */
export function ulpError(got: number, ref: number): number {
  if (Number.isNaN(ref)) return Number.isNaN(got) ? 0 : Infinity;
  if (Number.isNaN(got)) return Infinity;
  const r32 = Math.fround(ref);
  if (!Number.isFinite(r32) || !Number.isFinite(got)) return got === r32 ? 0 : Infinity;
  const a = Math.abs(ref);
  let e = a === 0 ? F32_MIN_NORMAL_EXP : Math.floor(Math.log2(a));
  if (a !== 0) {
    if (2 ** e > a) e--;
    else if (2 ** (e + 1) <= a) e++;
  }
  e = Math.max(e, F32_MIN_NORMAL_EXP);
  return Math.abs(got - ref) / 2 ** (e - 23);
}

/** Every `stride`-th float32 bit pattern (both signs), NaNs skipped. */
export function bitGrid(stride: number): Float32Array {
  const out: number[] = [];
  const u = new Uint32Array(1);
  const f = new Float32Array(u.buffer);
  for (let b = 0; b < 0x7f800000; b += stride) {
    u[0] = b;
    out.push(f[0]);
    u[0] = b | 0x80000000;
    out.push(f[0]);
  }
  return Float32Array.from(out);
}

/** n+1 evenly spaced float32 values over [a, b]. */
export function linGrid(a: number, b: number, n: number): Float32Array {
  const out = new Float32Array(n + 1);
  for (let i = 0; i <= n; i++) out[i] = a + ((b - a) * i) / n;
  return out;
}

/** All float32 values in [a, b] (a, b > 0, or both < 0 with |a| > |b|... ) stepping `stride` bit patterns. */
export function bitRange(a: number, b: number, stride = 1): Float32Array {
  const f = new Float32Array([a, b]);
  const u = new Uint32Array(f.buffer);
  const lo = Math.min(u[0], u[1]);
  const hi = Math.max(u[0], u[1]);
  const sign = a < 0 ? 0x80000000 : 0;
  const out = new Uint32Array(Math.floor((hi - lo) / stride) + 1);
  for (let i = 0; i < out.length; i++) out[i] = (lo + i * stride) | sign;
  return new Float32Array(out.buffer);
}

export function concat(...xs: (Float32Array | number[])[]): Float32Array {
  const n = xs.reduce((s, x) => s + x.length, 0);
  const out = new Float32Array(n);
  let o = 0;
  for (const x of xs) {
    out.set(x, o);
    o += x.length;
  }
  return out;
}

const SQRTPI = Math.sqrt(Math.PI);
/** erf in float64 (relative error ~1e-15): positive series below 2.5, continued fraction for erfc above. */
export function erfRef(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  let r: number;
  if (a < 2.5) {
    const x2 = a * a;
    let term = a;
    let sum = a;
    for (let n = 1; n < 200; n++) {
      term *= (2 * x2) / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    r = (2 / SQRTPI) * Math.exp(-x2) * sum;
  } else if (a < 10) {
    let K = a;
    for (let n = 300; n >= 1; n--) K = a + n / 2 / K;
    r = 1 - Math.exp(-a * a) / (SQRTPI * K);
  } else r = 1;
  return x < 0 || Object.is(x, -0) ? -r : r;
}

/** Float64 references (Math.*) for the ulp sweeps. */
export const REF: Record<Exclude<MathFn, "erfInv">, (x: number) => number> = {
  exp: Math.exp,
  log: Math.log,
  tanh: Math.tanh,
  sin: Math.sin,
  cos: Math.cos,
  erf: erfRef,
  log1p: Math.log1p,
  expm1: Math.expm1,
};

/** logistic in float64: 1 / (1 + e^-x), as e^x / (1 + e^x) for x < 0 (no overflow, full relative accuracy). */
export function logisticRef(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Float64 references for the fast functions. */
export const FAST_REF: Record<FastMathFn, (x: number) => number> = { ...REF, logistic: logisticRef };

/**
 * Checks a two-operand float32 function on every pair of `values` (as a, b):
 * eager, jitted, and fused between multiplications by one (which keep signed
 * zeros), each against `want(a, b)` (float64 of float32 operands) within
 * `relTol` relative, NaN for NaN, signed zeros exact. Returns the mismatches.
 */
export function gridMismatches(
  name: string,
  f: (a: NDArray, b: NDArray) => NDArray,
  values: readonly number[],
  want: (a: number, b: number) => number,
  relTol: number,
): string[] {
  const as = Float32Array.from(values.flatMap((a) => values.map(() => a)));
  const bs = Float32Array.from(values.flatMap(() => values));
  const [a, b] = [jnp.array(as), jnp.array(bs)];
  const bad: string[] = [];
  for (const [how, got] of [
    ["eager", f(a, b)],
    ["jit", jit(f)(a, b)],
    ["fused", jit((p: NDArray, q: NDArray) => f(p.mul(1), q.mul(1)).mul(1))(a, b)],
  ] as const) {
    const g = got.dataSync() as Float32Array;
    for (let i = 0; i < as.length && bad.length < 10; i++) {
      const w = Math.fround(want(as[i], bs[i]));
      const ok = Object.is(g[i], w) || (Number.isNaN(w) && Number.isNaN(g[i])) || (w !== 0 && Math.abs(g[i] - w) <= relTol * Math.abs(w));
      if (!ok) bad.push(`${how}: ${name}(${as[i]}, ${bs[i]}) = ${g[i]}, want ${w}`);
    }
  }
  return bad;
}
