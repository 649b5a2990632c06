// int8/uint8/int16/uint16 in compiled kernels (compiler/narrow_widen.ts):
// stored in their width, computed as int32 values wrapped back into the
// format, floats converted saturating. Bit for bit the reference kernels'
// values, eager and jitted, over values that wrap, saturate and divide by
// zero; arithmetic chains compile to one kernel.
import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultBackend, jit, jnp, lax, type NDArray, vmap } from "../../src/index.ts";
import { assertSameAsReference } from "../helpers/backends.ts";

const onWasm = defaultBackend() === "wasm";
const DTYPES = ["int8", "uint8", "int16", "uint16"] as const;

/** Floats across the formats' ranges and past them, with the edges, NaN and infinities first. */
function floats(n: number): Float32Array {
  const f = new Float32Array(n);
  let s = 7;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    f[i] = (s / 2 ** 32 - 0.5) * 80000;
  }
  f.set([0, -0, 127.9, -128.5, 255.5, 256, -1, 32767.7, -32768.9, 65535.2, 70000, -70000, Number.NaN, Infinity, -Infinity, 0.5, -0.5]);
  return f;
}

test("8- and 16-bit integer operations equal the reference kernels bit for bit", () => {
  const data = floats(1037);
  for (const dt of DTYPES) {
    const a = () => jnp.array(data).astype(dt);
    const b = () => jnp.array(data).mul(0.37).astype(dt);
    const other = dt === "int8" ? "uint16" : "int8";
    const cases: [string, () => NDArray][] = [
      ["cast from float32 (saturating)", a],
      ["add", () => a().add(b())],
      ["sub", () => a().sub(b())],
      ["mul", () => a().mul(b())],
      ["div (by zero too)", () => lax.div(a(), b())],
      ["rem", () => lax.rem(a(), b())],
      ["floor_divide", () => jnp.floorDivide(a(), b())],
      ["remainder", () => jnp.remainder(a(), b())],
      ["neg", () => a().neg()],
      ["abs", () => jnp.abs(a())],
      ["maximum", () => jnp.maximum(a(), b())],
      ["sign", () => jnp.sign(a())],
      ["square", () => jnp.square(a())],
      ["integer_pow", () => lax.integerPow(a(), 3)],
      ["bitwise and, or, xor, not", () => jnp.bitwiseXor(jnp.bitwiseOr(jnp.bitwiseAnd(a(), b()), b()), jnp.bitwiseNot(a()))],
      ["comparison", () => a().lt(b())],
      ["where", () => jnp.where(a().gt(0), a(), b())],
      ["clip", () => jnp.clip(a(), -5, 100)],
      ["to float32", () => a().astype("float32").mul(1.5)],
      ["to int32, uint32, bool", () => a().astype("int32").add(a().astype("uint32").astype("int32")).add(a().astype("bool"))],
      [
        "from int32 and uint32 (wrapping)",
        () => jnp.array(data).astype("int32").astype(dt).add(jnp.array(data).astype("int32").astype("uint32").astype(dt)),
      ],
      ["from bool", () => jnp.array(data).gt(0).astype(dt)],
      [`to ${other}`, () => a().astype(other)],
      ["a transposed operand", () => a().reshape([17, 61]).T.add(1)],
      ["a scalar operand", () => a().add(3)],
      ["iota", () => jnp.arange(300, { dtype: dt }).add(1)],
      ["jit chain", () => jit((u: NDArray, v: NDArray) => u.mul(v).add(u).sub(7))(a(), b())],
    ];
    for (const [name, make] of cases) assertSameAsReference(`${dt} ${name}`, make);
  }
});

test("8- and 16-bit integer arithmetic compiles to one kernel", { skip: !onWasm }, () => {
  for (const dt of DTYPES) {
    const x = jnp.ones([1000], { dtype: dt });
    const chain = jit((u: NDArray, v: NDArray) => jnp.where(u.gt(v), u.mul(v).add(3), jnp.abs(v.sub(u))).astype("float32"))
      .lower(x, x)
      .compile();
    assert.equal(chain.kernelCount(), 1, `${dt}\n${chain.asText()}`);
  }
});

test("8- and 16-bit integers in loop carries, scans, vmap, gathers and concatenations equal the reference", () => {
  const base = () => jnp.arange(1000, { dtype: "int32" }).mul(37);
  for (const dt of DTYPES) {
    const cases: [string, () => NDArray][] = [
      ["fori_loop carry", () => lax.foriLoop(0, 50, (i: NDArray, c: NDArray) => c.mul(3).add(i.astype(dt)), base().astype(dt))],
      [
        "scan ys",
        () =>
          lax.scan(
            (c: NDArray, x: NDArray) => [c.add(x), c.mul(x)],
            jnp.zeros([10], { dtype: dt }),
            base().reshape([100, 10]).astype(dt),
          )[1] as NDArray,
      ],
      [
        "while_loop",
        () =>
          (
            lax.whileLoop(
              (c: NDArray[]) => c[0].lt(20),
              (c: NDArray[]) => [c[0].add(1), c[1].sub(7).mul(3)],
              [jnp.int32(0), base().astype(dt)],
            ) as NDArray[]
          )[1],
      ],
      [
        "a scalar carry under jit",
        () => jit((x: NDArray) => lax.foriLoop(0, 300, (_i: NDArray, c: NDArray) => c.add(c).add(1), x))(jnp.array(5).astype(dt)),
      ],
      ["vmap", () => vmap((v: NDArray) => v.mul(v).sub(3))(base().reshape([10, 100]).astype(dt))],
      ["cumsum in the dtype", () => jnp.cumsum(base().astype(dt), 0, { dtype: dt })],
      ["max over an axis", () => jnp.max(base().astype(dt).reshape([10, 100]), 1)],
      ["take", () => jnp.take(base().astype(dt), jnp.array(Int32Array.from([5, 900, 3, 999])))],
      ["concatenate", () => jnp.concatenate([base().astype(dt), base().astype(dt).add(1)])],
    ];
    for (const [name, make] of cases) assertSameAsReference(`${dt} ${name}`, make);
  }
});
