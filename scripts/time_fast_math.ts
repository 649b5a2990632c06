// Prints ns/element of the Wasm math kernels over 1e6 float32 elements
// (median of 15 timed runs after warm-up, so V8's optimising tier is in use):
// the fast f32x4 functions called per vector (fastVec) and emitted inline in
// the loop (emitFast), their accurate (f64-widening) counterparts, and the
// XLA-exact log / log1p. Not a test.
//
//   npx tsx scripts/time_fast_math.ts [--fma]
import { hasRelaxedSimd, ModuleBuilder, wasmApi, type WasmMemory } from "../src/backend/wasm/emitter/index.ts";
import { FAST_MATH_FUNCTIONS, WasmMath, XLA_MATH_FUNCTIONS, type FastMathFn } from "../src/backend/wasm/math/index.ts";

const N = 1_000_000;
const RUNS = 15;
const fma = process.argv.includes("--fma");
if (fma && !hasRelaxedSimd()) throw new Error("--fma: this engine has no relaxed SIMD (try node --experimental-wasm-relaxed-simd)");

/** Input range per function (sin/cos below the 16384 fast-path limit). */
const DOMAIN: Record<string, [number, number]> = {
  exp: [-10, 10],
  expm1: [-10, 10],
  tanh: [-10, 10],
  logistic: [-10, 10],
  erf: [-4, 4],
  sin: [-100, 100],
  cos: [-100, 100],
  log: [0, 100],
  log1p: [-1, 100],
  xlaLog: [0, 100],
  xlaLog1p: [-1, 100],
};

const pages = Math.ceil((N * 8) / 65536) + 1;
const mb = new ModuleBuilder();
mb.importMemory({ min: pages, max: pages });
const math = new WasmMath(mb);
// [name, function index to call, or the fast function to emit inline]
const kernels: [string, number | FastMathFn][] = [];
for (const fn of FAST_MATH_FUNCTIONS) kernels.push([`fast ${fn}`, math.fastVec(fn, { fma })]);
for (const fn of FAST_MATH_FUNCTIONS) kernels.push([`inline ${fn}`, fn]);
for (const fn of FAST_MATH_FUNCTIONS) if (fn !== "logistic") kernels.push([`accurate ${fn}`, math.vec(fn)]);
for (const fn of XLA_MATH_FUNCTIONS) kernels.push([fn, math.vec(fn)]);
for (const [name, vec] of kernels) {
  const f = mb.addFunction(name, ["i32", "i32", "i32"], [], { export: true }); // (in, out, n), n % 4 == 0
  const i = f.addLocal("i32");
  const x = f.addLocal("v128");
  const out = f.block();
  const lp = f.loop();
  f.local_get(i).local_get(2).i32.ge_u().br_if(out);
  f.local_get(1).local_get(i).i32.const(2).i32.shl().i32.add();
  f.local_get(0).local_get(i).i32.const(2).i32.shl().i32.add().v128.load();
  if (typeof vec === "number") f.call(vec);
  else f.local_set(x).local_get(math.emitFast(f, vec, x, { fma }));
  f.v128.store();
  f.local_get(i).i32.const(4).i32.add().local_set(i).br(lp);
  f.end().end();
}
const memory: WasmMemory = new (wasmApi().Memory)({ initial: pages, maximum: pages });
const inst = new (wasmApi().Instance)(new (wasmApi().Module)(mb.toBytes()), { env: { memory } });
const xs = new Float32Array(memory.buffer, 0, N);

let seed = 12345;
const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
console.log(`${N} elements, median of ${RUNS} runs${fma ? ", relaxed FMA" : ""} (${process.version})`);
for (const [name] of kernels) {
  const fn = name.replace(/^(fast|inline|accurate) /, "") as FastMathFn;
  const [a, b] = DOMAIN[fn];
  for (let i = 0; i < N; i++) xs[i] = a + (b - a) * rnd();
  const run = inst.exports[name] as (a: number, b: number, n: number) => void;
  for (let w = 0; w < 5; w++) run(0, N * 4, N);
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    run(0, N * 4, N);
    times.push(Number(process.hrtime.bigint() - t0));
  }
  times.sort((p, q) => p - q);
  console.log(`${name.padEnd(18)} ${(times[RUNS >> 1] / N).toFixed(2).padStart(7)} ns/element`);
}
