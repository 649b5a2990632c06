// jnp.partition and jnp.argpartition as JAX computes them (two lax.top_ks,
// argpartition's second over a 0/1 proxy) against JAX's own results
// (test/goldens/partition.json, scripts/gen_partition_goldens.py): ties,
// NaNs of both signs, signed zeros, unsigned zeros, 2-D along either axis;
// eager and jitted.
import assert from "node:assert/strict";
import { test } from "node:test";
import { jit, jnp, type DType, type NDArray } from "../../src/index.ts";
import { loadGoldens } from "../helpers/goldens.ts";

type Enc = number | "nan" | "-nan" | "-0";
interface Case {
  a: Enc[];
  shape: number[];
  dtype: string;
  kth: number;
  axis: number;
  partition: Enc[];
  argpartition: number[];
  argdtype: string;
}
const { cases } = loadGoldens<{ cases: Case[] }>("partition.json");
const dec = (v: Enc) => (v === "nan" ? Number.NaN : v === "-nan" ? -Number.NaN : v === "-0" ? -0 : v);

/** The value as JAX printed it: NaN's sign, -0 and +0 told apart. */
function same(got: number, want: Enc): boolean {
  if (want === "nan" || want === "-nan") return Number.isNaN(got);
  return Object.is(got, dec(want));
}

test("partition and argpartition match JAX, eager and jitted", () => {
  for (const c of cases) {
    const buf =
      c.dtype === "float32"
        ? new Float32Array(c.a.map(dec))
        : c.dtype === "uint32"
          ? new Uint32Array(c.a as number[])
          : new Int32Array(c.a as number[]);
    // -NaN keeps its sign bit in the float32 buffer (JS's -NaN may not).
    if (c.dtype === "float32")
      c.a.forEach((v, i) => v === "-nan" && new Uint32Array(buf.buffer)[i] !== 0 && (new Uint32Array(buf.buffer)[i] = 0xffc00000));
    const a = jnp
      .array(buf)
      .reshape(c.shape)
      .astype(c.dtype as DType);
    const what = `${c.dtype}${JSON.stringify(c.shape)} kth=${c.kth} axis=${c.axis}`;
    for (const [mode, p, ap] of [
      ["eager", jnp.partition(a, c.kth, c.axis), jnp.argpartition(a, c.kth, c.axis)],
      ["jit", jit((x: NDArray) => jnp.partition(x, c.kth, c.axis))(a), jit((x: NDArray) => jnp.argpartition(x, c.kth, c.axis))(a)],
    ] as const) {
      const pv = Array.from(p.dataSync() as ArrayLike<number>);
      c.partition.forEach((w, i) => assert.ok(same(pv[i], w), `${what} ${mode} partition[${i}]: ${pv[i]}, JAX ${w}`));
      assert.equal(ap.dtype, c.argdtype, `${what} ${mode} argpartition dtype`);
      assert.deepEqual(Array.from(ap.dataSync() as Int32Array), c.argpartition, `${what} ${mode} argpartition`);
    }
  }
});
