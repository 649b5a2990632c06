// float16/bfloat16 matrix products as XLA's CPU backend computes them (its
// float normalization: operands widened to float32, a float32 GEMM, the
// result rounded once): bit for bit with JAX (test/goldens/lowp_dot.json,
// scripts/gen_lowp_dot_goldens.py) on wasm, eager and jitted, with a float32
// preferred element type and batched; the js reference, which accumulates
// in float64, within a format ulp.
import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultBackend, jit, jnp, lax, type NDArray } from "../../src/index.ts";
import { loadGoldens } from "../helpers/goldens.ts";

type Case = { a: number[]; b: number[]; c: number[]; matmul: number[]; preferred_f32: number[]; einsum: number[] };
const G = loadGoldens<Record<"float16" | "bfloat16", Case>>("lowp_dot.json");
const onWasm = defaultBackend() === "wasm";

for (const dtype of ["float16", "bfloat16"] as const) {
  test(`${dtype} matmul, preferred float32 and batched einsum match JAX`, () => {
    const g = G[dtype];
    const a = jnp.array(g.a).reshape([24, 40]).astype(dtype);
    const b = jnp.array(g.b).reshape([40, 16]).astype(dtype);
    const c = jnp.array(g.c).reshape([3, 16, 8]).astype(dtype);
    const cases: Array<[string, () => NDArray, number[], string]> = [
      ["matmul", () => jnp.matmul(a, b), g.matmul, dtype],
      ["jit matmul", () => jit((x: NDArray, y: NDArray) => jnp.matmul(x, y))(a, b), g.matmul, dtype],
      [
        "preferred float32",
        () =>
          lax.dotGeneral(
            a,
            b,
            [
              [[1], [0]],
              [[], []],
            ],
            { preferredElementType: "float32" },
          ),
        g.preferred_f32,
        "float32",
      ],
      ["einsum", () => jnp.einsum("ij,bjk->bik", jnp.matmul(a, b), c), g.einsum, dtype],
    ];
    // A format ulp at the result's size: float16 has 11 significant bits, bfloat16 8.
    const ulp = (v: number) => 2 ** (Math.floor(Math.log2(Math.max(Math.abs(v), 1e-3))) - (dtype === "float16" ? 10 : 7));
    for (const [what, f, want, outDtype] of cases) {
      const r = f();
      assert.equal(r.dtype, outDtype, `${what}: dtype`);
      const got = r.astype("float32").dataSync() as Float32Array;
      want.forEach((w, i) => {
        // A float32 result keeps the sums' order (the GEMM's and XLA's differ): float32 eps times the
        // sum of |products| (40 terms of about 4 here).
        if (outDtype === "float32") assert.ok(Math.abs(got[i] - w) <= 2e-5, `${dtype} ${what}[${i}]: ${got[i]}, JAX ${w}`);
        else if (onWasm) assert.equal(got[i], w, `${dtype} ${what}[${i}]: ${got[i]}, JAX ${w}`);
        else assert.ok(Math.abs(got[i] - w) <= 2 * ulp(w), `${dtype} ${what}[${i}]: ${got[i]}, JAX ${w}`);
      });
    }
  });
}
