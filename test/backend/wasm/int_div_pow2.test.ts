// Integer division and remainder by a constant power of two compile to
// shifts and masks (vectorised; codegen/ops.ts): lax.div / lax.rem truncate
// toward zero, jnp's floor_divide / remainder round toward -inf, for int32
// (INT_MIN and -1 included) and uint32 (values past 2^31), every 2^k up to
// 2^30, and 1. Each agrees with the js reference backend, jitted.
import { test } from "node:test";
import { defaultBackend, jnp, lax, type NDArray } from "../../../src/index.ts";
import { agree } from "../../helpers/backends.ts";

const skip = defaultBackend() !== "wasm";

/** Edge values and a spread of others, 37 of them (a SIMD part and a tail). */
function int32s(): NDArray {
  const edges = [0, 1, -1, 2, -2, 3, -3, 7, -7, 8, -8, 2 ** 31 - 1, -(2 ** 31), -(2 ** 31) + 1, 1 << 30, -(1 << 30)];
  const spread = Array.from({ length: 21 }, (_, i) => Math.imul(i + 1, 0x9e3779b1) | 0);
  return jnp.array(Int32Array.from([...edges, ...spread]));
}

test("int32 and uint32 division and remainder by constant powers of two", { skip }, () => {
  const xi = int32s();
  const xu = xi.astype("uint32");
  for (let k = 0; k <= 30; k += k < 4 ? 1 : 3) {
    const d = 2 ** k;
    agree(`int32 div 2^${k}`, (x) => lax.div(x, jnp.array(d, { dtype: "int32" })), [xi], 0, 0, true);
    agree(`int32 rem 2^${k}`, (x) => lax.rem(x, jnp.array(d, { dtype: "int32" })), [xi], 0, 0, true);
    agree(`int32 floor_divide, remainder 2^${k}`, (x) => [jnp.floorDivide(x, d), jnp.remainder(x, d)], [xi], 0, 0, true);
    agree(
      `uint32 div, rem 2^${k}`,
      (x) => [lax.div(x, jnp.array(d, { dtype: "uint32" })), lax.rem(x, jnp.array(d, { dtype: "uint32" }))],
      [xu],
      0,
      0,
      true,
    );
  }
  // Divisors that are not powers of two keep the general path: the same answers.
  for (const d of [3, -2, -4, 6]) agree(`int32 by ${d}`, (x) => [jnp.floorDivide(x, d), jnp.remainder(x, d)], [xi], 0, 0, true);
});
