// Integer division and remainder by anything but a power of two run vectorised
// as float64 lane pairs (codegen/int_div.ts emitIntDivSimd): lax.div and
// lax.rem (truncating), jnp's floor_divide and remainder, int32 and uint32,
// by constants (0 and -1 included, whose XLA results are no division's) and
// by arrays holding 0, -1, INT_MIN and INT_MAX, at lengths with a SIMD part and
// a tail. Each agrees with the js reference backend, jitted and eager.
import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultBackend, jnp, lax, makeJaxpr, type NDArray } from "../../../src/index.ts";
import { fuse } from "../../../src/compiler/fusion.ts";
import { localize } from "../../../src/compiler/localize.ts";
import { buildKernelModule } from "../../../src/backend/wasm/codegen/emit.ts";
import { wasmTarget } from "../../../src/backend/wasm/target.ts";
import { agree } from "../../helpers/backends.ts";

const skip = defaultBackend() !== "wasm";
const EDGES = [0, 1, -1, 2, -2, 3, -3, 7, -7, 2 ** 31 - 1, -(2 ** 31), -(2 ** 31) + 1, 1 << 30, -(1 << 30), 1000003, -999999];

/** The edge values and a spread of others: n values. */
function int32s(n: number, salt: number): NDArray {
  const spread = Array.from({ length: Math.max(0, n - EDGES.length) }, (_, i) => Math.imul(i + salt, 0x9e3779b1) >> (i % 24));
  return jnp.array(Int32Array.from([...EDGES, ...spread].slice(0, n)));
}

test("int32 and uint32 division and remainder by constants, vectorised", { skip }, () => {
  for (const n of [37, 1000]) {
    const xi = int32s(n, 1);
    const xu = xi.astype("uint32");
    for (const d of [7, -7, 3, 10, 1000003, 2 ** 31 - 1, -(2 ** 31), 0, -1, 1]) {
      const di = jnp.array(d, { dtype: "int32" });
      agree(`int32 div, rem ${d} (${n})`, (x) => [lax.div(x, di), lax.rem(x, di)], [xi], 0, 0, true);
      if (d !== 0) agree(`floor_divide, remainder ${d} (${n})`, (x) => [jnp.floorDivide(x, d), jnp.remainder(x, d)], [xi], 0, 0, true);
      const du = jnp.array(d >>> 0, { dtype: "uint32" });
      agree(`uint32 div, rem ${d >>> 0} (${n})`, (x) => [lax.div(x, du), lax.rem(x, du)], [xu], 0, 0, true);
    }
  }
});

test("int32 and uint32 division and remainder by arrays holding 0, -1 and the extremes, vectorised", { skip }, () => {
  const x = int32s(41, 3);
  const y = jnp.roll(int32s(41, 5), 3); // every edge value meets several dividends
  agree("int32 div, rem by an array", (a, b) => [lax.div(a, b), lax.rem(a, b)], [x, y], 0, 0, true);
  agree("uint32 div, rem by an array", (a, b) => [lax.div(a, b), lax.rem(a, b)], [x.astype("uint32"), y.astype("uint32")], 0, 0, true);
  agree("int32 x * 3 + 1 mod 7", (a) => a.mul(3).add(1).mod(7), [x], 0, 0, true);
});

test("a kernel holding an integer division by a constant runs SIMD", { skip }, () => {
  const jaxpr = makeJaxpr((a: NDArray) => jnp.remainder(a.mul(3).add(1), 7))(int32s(100, 1)).jaxpr;
  const steps = fuse(jaxpr, wasmTarget).steps;
  assert.deepEqual(
    steps.map((s) => s.kind),
    ["kernel"],
  );
  const s = steps[0];
  assert.ok(s.kind === "kernel");
  assert.ok(buildKernelModule(localize(s.kernel).kernel, { min: 1 }).simd);
});
