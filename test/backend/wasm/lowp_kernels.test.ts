// float16 and bfloat16 in wasm kernels (compiler/lowp_widen.ts: f32 values,
// each result rounded on its bits) against the js reference kernels, bit for
// bit: every float16 value through each operation the kernels compute,
// casts at the rounding boundaries (ties, subnormals, overflow, NaN, -0),
// bfloat16 alike, eagerly and under jit; and the operations left to the
// reference path (transcendentals, sums) still give its bits inside fused
// programs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultBackend, jit, jnp, lax, type NDArray, setDefaultBackend } from "../../../src/index.ts";
import { rand } from "../../helpers/backends.ts";

const skip = defaultBackend() !== "wasm";

/** Every float16 value (NaNs, infinities, subnormals, -0 included) as float32 numbers. */
function allFloat16Values(): Float32Array {
  const out = new Float32Array(65536);
  for (let b = 0; b < 65536; b++) {
    const e = (b >> 10) & 31;
    const m = b & 1023;
    const mag = e === 31 ? (m ? Number.NaN : Number.POSITIVE_INFINITY) : e === 0 ? m * 2 ** -24 : (1 + m / 1024) * 2 ** (e - 15);
    out[b] = b & 0x8000 ? -mag : mag;
  }
  return out;
}

/** Float32 values around the float16 and bfloat16 rounding boundaries. */
const BOUNDARIES = new Float32Array([
  65519.99,
  65520,
  -65520,
  65504,
  65535.99,
  1e-8,
  2.9802322e-8,
  2.9802326e-8,
  5.960464477539063e-8,
  8.940696716308594e-8,
  1 + 2 ** -11,
  1 + 3 * 2 ** -11,
  1 + 2 ** -11 + 2 ** -20,
  Number.NaN,
  3e-5,
  6.1e-5,
  6.097555e-5,
  6.103515625e-5,
  -0,
  1 / 3,
  3.3895314e38,
  3.4e38,
  1 + 2 ** -8,
  1 + 3 * 2 ** -8,
  1e-40,
  Number.NEGATIVE_INFINITY,
  Number.POSITIVE_INFINITY,
  -2.5e-8,
]);

type Fn = (...xs: NDArray[]) => NDArray[];

/** f's outputs on wasm (eagerly and jitted) and on the js reference: the same dtypes and storage values, bit for bit. */
function sameBits(name: string, f: Fn, make: () => NDArray[]): void {
  const run = (backend: "wasm" | "js", jitted: boolean) => {
    setDefaultBackend(backend);
    const args = make();
    const outs = jitted ? (jit(f)(...args) as NDArray[]) : f(...args);
    return outs.map((o) => ({ dtype: o.dtype, values: Array.from(o.dataSync() as ArrayLike<number>) }));
  };
  try {
    const want = run("js", false);
    for (const jitted of [false, true]) {
      const got = run("wasm", jitted);
      got.forEach((g, i) => {
        assert.equal(g.dtype, want[i].dtype, `${name} output ${i} dtype`);
        const bad = g.values.findIndex((v, j) => !Object.is(v, want[i].values[j]));
        assert.equal(bad, -1, `${name} output ${i} (${jitted ? "jit" : "eager"}): at ${bad} ${g.values[bad]} vs ${want[i].values[bad]}`);
      });
    }
  } finally {
    setDefaultBackend("wasm");
  }
}

test("float16 kernels: every float16 value through the arithmetic kernels, bit for bit with the reference", { skip }, () => {
  const every = () => [jnp.array(allFloat16Values()).astype("float16")];
  sameBits(
    "every float16",
    (x) => [
      jnp.square(x),
      x.mul(x).add(x).sub(0.3),
      x.div(3),
      jnp.reciprocal(x),
      jnp.sqrt(x),
      jnp.round(x.mul(7)),
      jnp.floor(x.mul(0.1)),
      jnp.abs(x).neg(),
      jnp.maximum(x, 0.5),
      jnp.clip(x, -2, 3),
      jnp.sign(x),
      jnp.where(x.gt(1), x, x.mul(2)),
      x.astype("int32"),
      x.astype("bool"),
      x.astype("bfloat16"),
      x.astype("float32").mul(1.0009765625).astype("float16"),
      x.add(jnp.flip(x)),
    ],
    every,
  );
  // Operations the kernels leave to the reference (transcendentals) next to ones they compute: still its bits.
  sameBits("mixed", (x) => [jnp.exp(x).mul(2), jnp.tanh(x.mul(3)).add(1)], every);
});

test("float16 and bfloat16 casts round as the reference at the boundaries (ties to even, subnormals, overflow, NaN, -0)", { skip }, () => {
  sameBits(
    "casts",
    (f, i, d) => [
      f.astype("float16"),
      f.astype("bfloat16"),
      i.astype("float16"),
      i.astype("bfloat16"),
      f.astype("float16").astype("bfloat16"),
      f.astype("bfloat16").astype("float16"),
      d.astype("float16"),
      lax.iota("float16", 5000),
      jnp.full([7], 1 / 3, { dtype: "float16" }),
    ],
    () => [
      jnp.array(BOUNDARIES),
      jnp.array(new Int32Array([65519, 65520, 2049, 2051, -70000, 123456789, 0, -7, 257, 16777217])),
      jnp.array(BOUNDARIES).add(jnp.array(BOUNDARIES).mul(2 ** -12)),
    ],
  );
});

test("bfloat16 kernels: arithmetic on random values, bit for bit with the reference", { skip }, () => {
  sameBits(
    "bfloat16",
    (x, y) => [x.add(y), x.mul(y), x.div(y), x.sub(y.mul(3)), jnp.sqrt(jnp.abs(x)), jnp.maximum(x, y), x.astype("float16")],
    () => [rand([5000], 1, 300).astype("bfloat16"), rand([5000], 2, 3).astype("bfloat16")],
  );
});

test("float16 reductions and scans: max/min in kernels, sums and cumulative sums on the reference path, bit for bit", { skip }, () => {
  sameBits(
    "reductions",
    (x) => [
      jnp.max(x, 1),
      jnp.min(x, 0),
      jnp.sum(x, 1),
      jnp.mean(x.mul(x), 1),
      jnp.prod(x.mul(0.01).add(1), 1),
      jnp.cumsum(x, 1),
      jnp.sum(x.astype("bfloat16"), 1),
    ],
    () => [rand([3, 700], 3, 100).astype("float16")],
  );
});

test("float16 kernels are fused: an eager float16 chain joins one program, its values the reference's", { skip }, () => {
  setDefaultBackend("wasm");
  const x = rand([20000], 4, 10).astype("float16");
  const y = x.mul(1.5).add(0.25).astype("float32");
  assert.equal(y.dtype, "float32");
  sameBits(
    "chain",
    (v) => [v.mul(1.5).add(0.25).astype("float32")],
    () => [rand([20000], 4, 10).astype("float16")],
  );
});
