// What the WebGPU check files (webgpu*_checks.ts, each run in a child process
// by test/helpers/webgpu_suite.ts) share: the library loaded with SwiftShader's
// ICD as the fallback adapter, seeded inputs, the comparison of a function on
// the default backend with the same on webgpu (eager and jitted), and the
// runner that prints one JSON line per check.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";

const ICD = "/usr/lib/chromium/vk_swiftshader_icd.json";
if (!process.env.VK_ICD_FILENAMES && existsSync(ICD)) process.env.VK_ICD_FILENAMES = ICD;
export const jax = await import("../../src/index.ts");
type NDArray = import("../../src/index.ts").NDArray;
const { initWebGpu, setDefaultBackend, defaultBackend, devicePut, jit, jnp } = jax;

export const adapter = await initWebGpu();
/** The backend webgpu is compared with (the default: wasm, or js under JAXTS_BACKEND=js). */
export const home = defaultBackend();

export type Fn = (...xs: NDArray[]) => NDArray | NDArray[];
export type Check = [string, () => Promise<void>];

/** Values (as numbers) of an array on any backend, read asynchronously. */
export async function values(x: NDArray): Promise<number[]> {
  return Array.from((await x.data()) as ArrayLike<number>, Number);
}

/** n seeded values uniform in [-scale, scale) (a linear congruential generator, so every run sees the same inputs). */
export function lcg(n: number, seed: number, scale = 1): Float32Array {
  let s = seed >>> 0 || 7;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 4294967296 - 0.5) * 2 * scale;
  }
  return out;
}

/** A seeded float32 array of `shape` (values in [-scale, scale)). */
export const rand = (shape: number[], seed: number, scale = 1): NDArray =>
  jnp
    .array(
      lcg(
        shape.reduce((a, b) => a * b, 1),
        seed,
        scale,
      ),
    )
    .reshape(shape);

export interface CompareOptions {
  modes?: ReadonlyArray<"eager" | "jit">;
  /** Whether webgpu's value v matches the default backend's w (all of the output `want` given for scale). */
  accept: (v: number, w: number, want: readonly number[]) => boolean;
  /** Where element j came from, for the message (e.g. the inputs there). */
  at?: (j: number, want: readonly number[]) => string;
}

/** f on the default backend and on webgpu (each mode): shapes, dtypes and devices equal, every value accepted. */
export async function compareOnWebGpu(name: string, f: Fn, args: NDArray[], o: CompareOptions): Promise<void> {
  setDefaultBackend(home);
  const want = [f(...args)].flat();
  const wantVals = await Promise.all(want.map(values));
  setDefaultBackend("webgpu");
  const bad: string[] = [];
  try {
    const gpuArgs = args.map((a) => devicePut(a, "webgpu") as NDArray);
    for (const mode of o.modes ?? ["eager", "jit"]) {
      const got = [(mode === "jit" ? jit(f) : f)(...gpuArgs)].flat();
      assert.equal(got.length, want.length);
      for (let i = 0; i < got.length; i++) {
        assert.deepEqual(got[i].shape, want[i].shape, `${name} (${mode}) output ${i} shape`);
        assert.equal(got[i].dtype, want[i].dtype, `${name} (${mode}) output ${i} dtype`);
        assert.deepEqual(got[i].devices(), ["webgpu"]);
        const w = wantVals[i];
        (await values(got[i])).forEach((v, j) => {
          if (!o.accept(v, w[j], w)) bad.push(`${name} (${mode}) output ${i}[${j}]${o.at?.(j, w) ?? ""}: webgpu ${v}, ${home} ${w[j]}`);
        });
      }
    }
    assert.equal(bad.length, 0, `${bad.length} values differ:\n${bad.slice(0, 12).join("\n")}`);
  } finally {
    setDefaultBackend(home);
  }
}

/** Equal within atol + rtol·|w| (NaN where the other is NaN). */
export const within =
  (rtol: number, atol: number) =>
  (v: number, w: number): boolean =>
    Object.is(v, w) || (Number.isNaN(v) && Number.isNaN(w)) || Math.abs(v - w) <= atol + rtol * Math.abs(w);

/** Runs every check (or the one named in argv[2]) and prints one JSON report line per check; `--list` names them. */
/** The checks a checks file registers (`check(name, fn)`), for runChecks at its end. */
export function checkList(): { checks: Check[]; check: (name: string, fn: () => Promise<void>) => void } {
  const checks: Check[] = [];
  return { checks, check: (name, fn) => void checks.push([name, fn]) };
}

export async function runChecks(checks: readonly Check[]): Promise<void> {
  if (process.argv[2] === "--list") {
    for (const [name] of checks) console.log(JSON.stringify({ name, listed: true }));
    return;
  }
  if (!adapter) {
    console.log(JSON.stringify({ adapter: null }));
    return;
  }
  console.log(JSON.stringify({ adapter }));
  const only = process.argv[2];
  for (const [name, fn] of checks) {
    if (only !== undefined && name !== only) continue;
    const t0 = performance.now();
    try {
      await fn();
      console.log(JSON.stringify({ name, ok: true, ms: Math.round(performance.now() - t0) }));
    } catch (e) {
      console.log(JSON.stringify({ name, ok: false, message: String((e as Error)?.stack ?? e) }));
    }
  }
}
