// Exhaustive accuracy check of the fast float32 Wasm math (WasmMath.fastVec):
// runs every float32 in each function's non-trivial range (both signs)
// through the f32x4 kernel and reports the max error in ulps against a
// float64 reference (Math.*; erf: the f64 core of the accurate kernel, good
// to ~1e-12). Not a test (minutes per function); the quoted max-ulp figures
// in src/backend/wasm/README.md come from here. xlaLog / xlaLog1p (named
// explicitly) are instead checked bit for bit against xlaLogF32 / xlaLog1pF32
// over all 2^32 inputs.
//
//   npx tsx scripts/fast_math_exhaustive.ts [fn ...] [--fma] [--stride N]
import { ModuleBuilder, wasmApi, type WasmMemory } from "../src/backend/wasm/emitter/index.ts";
import {
  FAST_MATH_FUNCTIONS,
  WasmMath,
  XLA_MATH_FUNCTIONS,
  xlaLog1pF32,
  xlaLogF32,
  type FastMathFn,
  type XlaMathFn,
} from "../src/backend/wasm/math/index.ts";
import { FAST_REF } from "../test/backend/wasm/harness.ts";

const args = process.argv.slice(2);
const fma = args.includes("--fma");
const si = args.indexOf("--stride");
const stride = si >= 0 ? Number(args[si + 1]) : 1;
const fns = args.filter((a, i) => !a.startsWith("--") && (si < 0 || i !== si + 1));
const isXla = (fn: string): fn is XlaMathFn => (XLA_MATH_FUNCTIONS as readonly string[]).includes(fn);
const todo = (fns.length ? fns.filter((fn) => !isXla(fn)) : [...FAST_MATH_FUNCTIONS]) as FastMathFn[];
const xlaTodo = fns.filter(isXla);

/** Largest |x| checked, per sign: beyond it results saturate (checked by the tests' special values). */
const RANGE: Record<FastMathFn, [number, number]> = {
  exp: [105, 105],
  expm1: [90, 20],
  log: [Infinity, 0],
  log1p: [Infinity, 1],
  tanh: [10, 10],
  logistic: [20, 105],
  sin: [16384, 16384],
  cos: [16384, 16384],
  erf: [4, 4],
};

const CHUNK = 1 << 22;
const pages = Math.ceil((CHUNK * 4 * 2 + CHUNK * 8) / 65536);
const mb = new ModuleBuilder();
mb.importMemory({ min: pages, max: pages });
const math = new WasmMath(mb);
for (const fn of todo) {
  const vec = math.fastVec(fn, { fma });
  const f = mb.addFunction(`map_${fn}`, ["i32", "i32", "i32"], [], { export: true }); // (in, out, n), n % 4 == 0
  const i = f.addLocal("i32");
  const out = f.block();
  const lp = f.loop();
  f.local_get(i).local_get(2).i32.ge_u().br_if(out);
  f.local_get(1).local_get(i).i32.const(2).i32.shl().i32.add();
  f.local_get(0).local_get(i).i32.const(2).i32.shl().i32.add().v128.load();
  f.call(vec).v128.store();
  f.local_get(i).i32.const(4).i32.add().local_set(i).br(lp);
  f.end().end();
}
for (const fn of xlaTodo) {
  const vec = math.vec(fn);
  const f = mb.addFunction(`map_${fn}`, ["i32", "i32", "i32"], [], { export: true });
  const i = f.addLocal("i32");
  const out = f.block();
  const lp = f.loop();
  f.local_get(i).local_get(2).i32.ge_u().br_if(out);
  f.local_get(1).local_get(i).i32.const(2).i32.shl().i32.add();
  f.local_get(0).local_get(i).i32.const(2).i32.shl().i32.add().v128.load();
  f.call(vec).v128.store();
  f.local_get(i).i32.const(4).i32.add().local_set(i).br(lp);
  f.end().end();
}
// f64 reference for erf: the accurate kernel's f64x2 core on promoted inputs.
const erfCore = math.core("erf");
{
  const f = mb.addFunction("ref_erf", ["i32", "i32", "i32"], [], { export: true }); // (in f32*, out f64*, n)
  const i = f.addLocal("i32");
  const out = f.block();
  const lp = f.loop();
  f.local_get(i).local_get(2).i32.ge_u().br_if(out);
  f.local_get(1).local_get(i).i32.const(3).i32.shl().i32.add();
  f.local_get(0).local_get(i).i32.const(2).i32.shl().i32.add().v128.load64_zero();
  f.f64x2.promote_low_f32x4().call(erfCore).v128.store();
  f.local_get(i).i32.const(2).i32.add().local_set(i).br(lp);
  f.end().end();
}
const memory: WasmMemory = new (wasmApi().Memory)({ initial: pages, maximum: pages });
const inst = new (wasmApi().Instance)(new (wasmApi().Module)(mb.toBytes()), { env: { memory } });
const IN = 0,
  OUT = CHUNK * 4,
  REF = CHUNK * 8;
const u32 = new Uint32Array(memory.buffer, IN, CHUNK);
const xs = new Float32Array(memory.buffer, IN, CHUNK);
const ys = new Float32Array(memory.buffer, OUT, CHUNK);
const refs = new Float64Array(memory.buffer, REF, CHUNK);

// ulp of a float64 reference value, as test/backend/wasm/harness.ts's ulpError defines it.
const d64 = new Float64Array(1);
const w32 = new Uint32Array(d64.buffer);
const INV_ULP = new Float64Array(2048).map((_, e) => 2 ** (23 - Math.max(e - 1023, -126)));

const toBits = (v: number) => new Uint32Array(new Float32Array([v]).buffer)[0];
for (const fn of todo) {
  const t0 = Date.now();
  const ref = FAST_REF[fn];
  const map = inst.exports[`map_${fn}`] as (a: number, b: number, n: number) => void;
  const refErf = inst.exports.ref_erf as (a: number, b: number, n: number) => void;
  let worst = 0,
    worstX = 0,
    worstGot = 0,
    worstRef = 0,
    over1 = 0,
    count = 0;
  for (const [sign, lim] of [
    [0, RANGE[fn][0]],
    [0x80000000, RANGE[fn][1]],
  ] as const) {
    const hi = lim === Infinity ? 0x7f800000 : toBits(lim) + 1; // every finite pattern below |lim|
    for (let start = 0; start < hi; start += CHUNK * stride) {
      const n = Math.min(CHUNK, Math.ceil((hi - start) / stride));
      for (let k = 0; k < n; k++) u32[k] = (start + k * stride) | sign;
      const n4 = (n + 3) & ~3;
      for (let k = n; k < n4; k++) u32[k] = 0;
      map(IN, OUT, n4);
      if (fn === "erf") refErf(IN, REF, n4);
      for (let k = 0; k < n; k++) {
        const x = xs[k];
        const r = fn === "erf" ? refs[k] : ref(x);
        const y = ys[k];
        let e: number;
        const r32 = Math.fround(r);
        if (!Number.isFinite(r32) || !Number.isFinite(y)) e = Object.is(y, r32) || (Number.isNaN(y) && Number.isNaN(r)) ? 0 : Infinity;
        else {
          d64[0] = r;
          e = Math.abs(y - r) * INV_ULP[(w32[1] >>> 20) & 0x7ff];
        }
        if (e > 1) over1++;
        if (e > worst) {
          worst = e;
          worstX = x;
          worstGot = y;
          worstRef = r;
        }
      }
      count += n;
    }
  }
  console.log(
    `${fn}${fma ? " (fma)" : ""}: max ${worst.toFixed(4)} ulp at x = ${worstX} (got ${worstGot}, ref ${worstRef}); ` +
      `${over1} of ${count} inputs > 1 ulp; ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
}

for (const fn of xlaTodo) {
  const t0 = Date.now();
  const ref = fn === "xlaLog" ? xlaLogF32 : xlaLog1pF32;
  const map = inst.exports[`map_${fn}`] as (a: number, b: number, n: number) => void;
  const yb = new Uint32Array(memory.buffer, OUT, CHUNK);
  const rb = new Float32Array(1),
    rbu = new Uint32Array(rb.buffer);
  let bad = 0,
    count = 0,
    first = "";
  for (let start = 0; start < 2 ** 32; start += CHUNK * stride) {
    const n = Math.min(CHUNK, Math.ceil((2 ** 32 - start) / stride));
    for (let k = 0; k < n; k++) u32[k] = start + k * stride;
    map(IN, OUT, (n + 3) & ~3);
    for (let k = 0; k < n; k++) {
      rb[0] = ref(xs[k]);
      const y = ys[k];
      if (yb[k] !== rbu[0] && !(Number.isNaN(y) && Number.isNaN(rb[0]))) {
        if (!bad) first = `${fn}(${xs[k]}) = ${y}, ref ${rb[0]}`;
        bad++;
      }
    }
    count += n;
  }
  console.log(
    `${fn}: ${bad} of ${count} inputs differ from the JS reference${bad ? ` (first: ${first})` : ""}; ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
}
