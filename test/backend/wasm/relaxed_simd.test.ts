// Relaxed SIMD in Node (emitter/features.ts): on by default (the V8 flag is
// set at run time), off with JAXTS_RELAXED_SIMD=0. Both paths run in child
// processes (the flag is process-wide): each is deterministic, and they agree
// within the fast-math bound (fused or not, <= 2 ulp of the exact result, so
// <= 4 ulp apart); the GEMM computes the same bits on both.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const child = fileURLToPath(new URL("./relaxed_simd_child.ts", import.meta.url));

interface Report {
  relaxed: boolean;
  outs: number[][];
}

function run(env: Record<string, string>): Report {
  const r = spawnSync(process.execPath, ["--conditions=source", "--import", "tsx", child], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Report;
}

const f32 = (bits: number) => new Float32Array(new Uint32Array([bits]).buffer)[0];
/** Distance in float32 steps between two finite values of the same sign (0 for equal bits). */
const ulps = (p: number, q: number) => Math.abs((p | 0) - (q | 0));

test("relaxed SIMD: on by default in Node, off with JAXTS_RELAXED_SIMD=0; each path deterministic, both within the math bound", () => {
  const on = run({});
  const onAgain = run({});
  const off = run({ JAXTS_RELAXED_SIMD: "0" });
  assert.equal(off.relaxed, false);
  // Node >= 20 has the flag (browsers and Node >= 22 have the feature on).
  assert.equal(on.relaxed, true);
  assert.deepEqual(onAgain.outs, on.outs, "the relaxed path is not deterministic");
  const mathOuts = on.outs.length - 1;
  let differ = 0;
  for (let k = 0; k < mathOuts; k++)
    on.outs[k].forEach((bits, i) => {
      const other = off.outs[k][i];
      if (bits !== other) differ++;
      assert.ok(ulps(bits, other) <= 4, `math output ${k}[${i}]: ${f32(bits)} (fma) vs ${f32(other)}`);
    });
  // The fused path really is a different code path on this machine (FMA hardware): some last bits move.
  assert.ok(differ > 0, "fused and unfused math gave identical bits everywhere");
  // The GEMM multiplies and adds in two roundings on both paths (relaxed_madd measured slower there).
  assert.deepEqual(on.outs[mathOuts], off.outs[mathOuts], "the GEMM's bits depend on relaxed SIMD");
});
