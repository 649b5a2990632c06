// The checks of webgpu.test.ts, run in a child process. The webgpu backend against the wasm backend: the same programs, eagerly and
// under jit, on the same inputs; results equal within float tolerance (ints,
// bools and threefry bits exactly). Runs on whatever adapter the platform
// gives: in Node, Dawn (the optional `webgpu` package) on SwiftShader's Vulkan
// ICD from Debian's Chromium when no GPU driver is configured.
import assert from "node:assert/strict";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { FLOAT16_BOUNDARIES, allFloat16Values } from "../helpers/float16_values.ts";
import { checkList, compareOnWebGpu, type Fn, home, jax, rand as randUnit, runChecks, values, within } from "./webgpu_check_runner.ts";

const { setDefaultBackend, devicePut, jit, grad, jnp, lax, random } = jax;
type NDArray = import("../../src/index.ts").NDArray;

const { checks, check } = checkList();
/** Registers a check (run by runChecks at the end, reported to the parent test), with node:test's signature. */
function test(name: string, _opts: unknown, fn: () => Promise<void>): void {
  check(name, fn);
}
const skip = false;

/** Runs f on wasm and on webgpu (eager and jitted); compares every output within tolerance. */
async function agree(name: string, f: Fn, args: NDArray[], rtol = 2e-5, atol = 1e-6): Promise<void> {
  await compareOnWebGpu(name, f, args, { accept: within(rtol, atol) });
}

const rand = (shape: number[], seed: number, scale = 2) => randUnit(shape, seed, scale);
const specials = () =>
  jnp.array([
    0,
    -0,
    1,
    -1,
    0.5,
    -0.5,
    2.5,
    -2.5,
    1e-30,
    1e30,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    3.7e9,
    -3.7e9,
    0.49999997,
  ]);
const ints = () => jnp.array(new Int32Array([0, 1, -1, 7, -7, 2147483647, -2147483648, 31, 32, 33, 5, -3]));

test("elementwise float math matches wasm, specials included", { skip }, async () => {
  const x = rand([4, 8], 1);
  const pos = rand([4, 8], 2).abs().add(0.1);
  const unit = rand([4, 8], 3, 0.99);
  await agree(
    "unary",
    (a, p, u) => [
      jnp.exp(a),
      jnp.log(p),
      jnp.sqrt(p),
      lax.rsqrt(p),
      jnp.tanh(a.mul(5)),
      jax.nn.sigmoid(a.mul(3)),
      jnp.sin(a),
      jnp.cos(a),
      jnp.floor(a),
      jnp.ceil(a),
      jnp.sign(a),
      jnp.abs(a),
      a.neg(),
      jnp.square(a),
      a.pow(3),
      p.pow(-2),
      lax.round(a.mul(3)),
      jnp.round(a.mul(3)),
      jnp.log1p(u),
      jnp.expm1(a),
    ],
    [x, pos, unit],
  );
  await agree("erf", (a, u) => [lax.erf(a), lax.erfInv(u)], [x, unit], 1e-5, 2e-6);
  await agree(
    "specials",
    (s) => [
      jnp.isfinite(s),
      jnp.floor(s),
      jnp.sign(s),
      s.astype("int32"),
      s.astype("uint32"),
      s.astype("bool"),
      jnp.maximum(s, 0),
      jnp.minimum(s, 0),
      jnp.tanh(s),
      lax.round(s),
      // Past 65536 the argument is reduced exactly (Payne-Hanek).
      jnp.sin(s),
      jnp.cos(s),
      jnp.sin(s.mul(-3.3e7)),
      jnp.cos(s.mul(123456.7)),
    ],
    [specials()],
  );
  await agree(
    "binary",
    (a, b) => [
      a.add(b),
      a.sub(b),
      a.mul(b),
      a.div(b),
      jnp.maximum(a, b),
      jnp.minimum(a, b),
      lax.rem(a, b),
      jnp.clip(a, -0.5, 0.5),
      jnp.where(a.gt(b), a, b),
    ],
    [x, rand([4, 8], 4)],
  );
});

test("elementwise primitives outside the kernel IR (atan2, pow, lgamma, erfc, ...) match wasm, specials included", { skip }, async () => {
  const x = rand([40], 80, 3);
  const unit = rand([40], 81, 0.999);
  const wide = jnp.concatenate([rand([20], 82, 30), rand([20], 83, 0.01)]);
  const s = specials();
  await agree(
    "unary",
    (a, u, w, sp) => [
      lax.tan(sp.mul(-7.7e5)),
      ...[a, w, sp].flatMap((v) => [
        lax.exp2(v),
        lax.tan(v),
        lax.atan(v),
        lax.sinh(v),
        lax.cosh(v),
        lax.asinh(v),
        lax.cbrt(v),
        lax.erfc(v),
      ]),
      ...[u, sp].flatMap((v) => [lax.asin(v), lax.acos(v), lax.atanh(v)]),
      ...[a.abs().add(1), w.abs().add(1), sp].map((v) => lax.acosh(v)),
      ...[a, w.mul(10), sp].flatMap((v) => [lax.lgamma(v), lax.digamma(v)]),
    ],
    [x, unit, wide, s],
    3e-5,
    2e-5,
  );
  const y = rand([40], 84, 4);
  const t = jnp.array([
    0,
    -0,
    1,
    -1,
    2,
    -3,
    0.5,
    -0.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    1e-30,
    30,
    -30,
    3,
    0,
  ]);
  const e = jnp.array([0, 0, 2, 3, -2, 3, 0.5, -0.5, 2, -1, 3, 2, 0.5, 2, -20, Number.NaN]);
  await agree(
    "binary",
    (a, b, sx, se) => [
      lax.atan2(a, b),
      lax.atan2(sx, se),
      lax.atan2(se, sx),
      lax.pow(a.abs(), b),
      lax.pow(a, jnp.round(b)),
      lax.pow(sx, se),
      lax.pow(a, jnp.arange(40).sub(20)),
      lax.pow(jnp.arange(12).sub(4), jnp.arange(12).sub(2)),
      lax.nextafter(a, b),
      lax.nextafter(sx, se),
      jax.scipy.special.xlogy(sx, se.abs()),
      jax.scipy.special.xlog1py(sx, se),
    ],
    [x, y, t, e],
    2e-5,
    1e-6,
  );
  await agree(
    "bits",
    (k, k2) => [
      lax.populationCount(k),
      lax.clz(k),
      lax.populationCount(k.astype("uint32")),
      lax.clz(k.astype("uint32")),
      lax.mulhi(k, k2),
      lax.mulhi(k.astype("uint32"), k2.astype("uint32")),
    ],
    [ints(), jnp.array(new Int32Array([5, -7, 2147483647, -2147483648, 65537, -1, 3, 1 << 30, -99999, 123456789, 0, 77]))],
    0,
    0,
  );
  // JAX's pow (C's) where JS's Math.pow differs: pow(1, NaN) = 1, pow(-1, ±inf) = 1.
  setDefaultBackend("webgpu");
  try {
    const got = await values(
      lax.pow(
        jnp.array([1, -1, -1, 1]),
        jnp.array([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY]),
      ),
    );
    assert.deepEqual(got, [1, 1, 1, 1]);
  } finally {
    setDefaultBackend(home);
  }
});

test("integer and boolean ops match wasm exactly (division by zero, shifts, wrap-around)", { skip }, async () => {
  const a = ints();
  const b = jnp.array(new Int32Array([3, 0, 2, -2, 0, 1, -1, 1, 2, 3, 31, 40]));
  await agree(
    "int",
    (x, y) => [
      x.add(y),
      x.sub(y),
      x.mul(y),
      lax.div(x, y),
      lax.rem(x, y),
      jnp.maximum(x, y),
      x.abs(),
      x.neg(),
      lax.shiftLeft(x, y),
      lax.shiftRightLogical(x, y),
      lax.shiftRightArithmetic(x, y),
      lax.bitwiseAnd(x, y),
      lax.bitwiseXor(x, y),
      x.lt(y),
      x.eq(y),
      x.astype("float32"),
      x.astype("uint32"),
    ],
    [a, b],
    0,
    0,
  );
  await agree(
    "bool",
    (x, y) => [jnp.logicalAnd(x.gt(0), y.gt(0)), jnp.logicalNot(x.gt(0)), jnp.logicalXor(x.gt(0), y.lt(0)), x.gt(0).astype("int32")],
    [a, b],
    0,
    0,
  );
});

test("reductions, views and iota match wasm", { skip }, async () => {
  const x = rand([3, 4, 5], 5);
  await agree("reduce", (a) => [a.sum(), a.sum(1), a.max([0, 2]), a.min(2), a.prod(0), a.mean(1), jnp.any(a.gt(1)), jnp.all(a.gt(-3), 0)], [
    x,
  ]);
  // Long reductions run as workgroup trees (one workgroup per output point).
  const nanAt = (a: NDArray, i: number) => jnp.where(jnp.arange(a.size).reshape(a.shape).eq(i), Number.NaN, a);
  await agree(
    "tree",
    (a, b) => [
      a.sum(),
      a.sum(0),
      a.max(0),
      a.min(),
      jnp.mean(a.mul(a), 0),
      nanAt(a, 700).max(),
      b.sum(1),
      jnp.any(a.gt(2.5), 0),
      jnp.flip(a, 0).add(1),
      a.astype("int32").sum(),
    ],
    [rand([300, 7], 30, 3), rand([3, 1000], 31)],
    1e-4,
    1e-5,
  );
  await agree(
    "views",
    (a) => [
      a.transpose([2, 0, 1]).mul(2),
      jnp.flip(a, 1).add(1),
      a.get(jnp.s(null, null, 2), 1).sub(1),
      a.reshape([12, 5]).T.add(0),
      jnp.broadcastTo(a.get(0, 0), [2, 5]).mul(1),
      jnp.arange(7).mul(3),
      jnp.expandDims(a.sum(0), 0).add(1),
    ],
    [x],
  );
});

test("argmax/argmin, cumulative ops, concatenate, pad, dynamic slices and gather match wasm", { skip }, async () => {
  const x = rand([5, 6], 40);
  const withNan = jnp.where(jnp.arange(30).reshape([5, 6]).eq(8), Number.NaN, x);
  const i = jnp.array(new Int32Array([3, -1, 7, 7, 0, 2]));
  await agree(
    "arg",
    (a, n, k) => [jnp.argmax(a, 1), jnp.argmin(a, 0), jnp.argmax(n, 1), jnp.argmin(n), jnp.argmax(k), jnp.argmin(a.gt(0), 1)],
    [x, withNan, i],
    0,
    0,
  );
  await agree(
    "cumulative",
    (a, n, k) => [
      jnp.cumsum(a, 1),
      jnp.cumsum(a, 0),
      lax.cumsum(a, 1, { reverse: true }),
      jnp.cumprod(a.mul(0.5), 0),
      lax.cummax(n, 1),
      lax.cummin(n, 0, { reverse: true }),
      jnp.cumsum(k),
      lax.cummax(k, 0),
      lax.cumlogsumexp(n, 1),
      lax.cumlogsumexp(jnp.where(a.gt(1), Number.NEGATIVE_INFINITY, a.mul(30)), 0, { reverse: true }),
    ],
    [x, withNan, i],
    1e-5,
    1e-6,
  );
  await agree(
    "movement",
    (a, k, s0, s1) => [
      jnp.concatenate([a, a.mul(2)], 1),
      jnp.concatenate([a, jnp.zeros([0, 6]), a.get(jnp.s(0, 2))], 0),
      jnp.concatenate([a.gt(0), a.lt(-1)], 0),
      jnp.pad(a, [
        [1, 2],
        [0, 3],
      ]),
      lax.pad(a, -1, [
        [-1, 2, 1],
        [2, -2, 0],
      ]),
      lax.dynamicSlice(a, [s0, s1], [2, 3]),
      lax.dynamicSlice(k, [s1], [4]),
      lax.dynamicUpdateSlice(a, jnp.ones([2, 2]), [s1, s0]),
      lax.dynamicUpdateSlice(k, jnp.array(new Int32Array([9, 9])), [s0]),
    ],
    [x, i, jnp.array(new Int32Array([4])).reshape([]), jnp.array(new Int32Array([-3])).reshape([])],
    0,
    0,
  );
  const rows = jnp.array(new Int32Array([4, 0, 2, 2, -1, 9]));
  await agree(
    "gather",
    (a, r) => [
      jnp.take(a, r, 0),
      jnp.take(a, r, 1, { mode: "fill" }),
      jnp.take(a, r, 1, { mode: "fill", fillValue: 7 }),
      a.get(r.get(jnp.s(0, 3)), jnp.s(1, 4)),
      jnp.takeAlongAxis(a, jnp.remainder(a.mul(3).astype("int32").abs(), 5), 0),
      jax.vmap((row: NDArray, k: NDArray) => row.get(k))(a, r.get(jnp.s(0, 5)).abs()),
    ],
    [x, rows],
    0,
    0,
  );
});

test("dot_general (matmul, batched, integer) matches wasm", { skip }, async () => {
  await agree("matmul", (a, b) => jnp.matmul(a, b), [rand([17, 33], 6), rand([33, 9], 7)], 1e-5, 1e-5);
  await agree("batched", (a, b) => jnp.einsum("bij,bjk->bik", a, b), [rand([3, 5, 4], 8), rand([3, 4, 6], 9)], 1e-5, 1e-5);
  await agree("vector", (a, b) => [jnp.dot(a, b), jnp.outer(a, b)], [rand([8], 10), rand([8], 11)], 1e-5, 1e-5);
  await agree("int", (a, b) => jnp.matmul(a, b), [jnp.arange(12).reshape([3, 4]), jnp.arange(8).reshape([4, 2])], 0, 0);
  // The tiled GEMM: several 64×64 tiles with ragged edges, K not a multiple of 16, every operand layout, two batch dims.
  await agree("tiled", (a, b) => jnp.matmul(a, b), [rand([70, 45], 20), rand([45, 130], 21)], 1e-4, 1e-5);
  await agree(
    "layouts",
    (a, b, c, d) => [
      lax.dotGeneral(a, c, [
        [[0], [0]],
        [[], []],
      ]),
      lax.dotGeneral(b, a, [
        [[1], [1]],
        [[], []],
      ]),
      lax.dotGeneral(c, d, [
        [[0], [1]],
        [[], []],
      ]),
    ],
    [rand([45, 70], 22), rand([30, 70], 23), rand([45, 30], 24), rand([20, 45], 27)],
    1e-4,
    1e-5,
  );
  await agree(
    "batched 2",
    (a, b) => [
      jnp.einsum("abij,abjk->abik", a, b),
      lax.dotGeneral(a, b, [
        [[3], [2]],
        [
          [1, 0],
          [1, 0],
        ],
      ]),
    ],
    [rand([2, 3, 20, 17], 25), rand([2, 3, 17, 66], 26)],
    1e-4,
    1e-5,
  );
  await agree("empty contraction", (a, b) => jnp.matmul(a, b), [jnp.zeros([5, 0]), jnp.zeros([0, 7])], 0, 0);
});

/** Dispatches recorded by the webgpu backend while `f` runs (its results read, so the work is recorded). */
async function dispatchesOf(f: () => NDArray[]): Promise<number> {
  const { getBackend } = await import("../../src/backend/backend.ts");
  const gpu = getBackend("webgpu") as unknown as { dispatches: number };
  const before = gpu.dispatches;
  const outs = f();
  const n = gpu.dispatches - before;
  for (const o of outs) await o.data();
  return n;
}

test("GEMM epilogues run inside the GEMM's dispatch and match wasm", { skip }, async () => {
  const relu = jax.nn.relu;
  // Bias as a row and as a column, activation chains, a second input, transposed operands, ragged sizes.
  const x = rand([37, 20], 40);
  const w = rand([20, 70], 41);
  const b = rand([70], 42);
  const c = rand([37, 1], 43);
  const r = rand([37, 70], 44);
  await agree(
    "epilogues",
    (x, w, b, c, r) => [
      relu(jnp.matmul(x, w).add(b)),
      jnp.tanh(jnp.matmul(x, w).mul(c).sub(1)),
      jax.nn.gelu(jnp.matmul(x, w).add(b)).mul(r).add(r.gt(0).astype("float32")),
      jnp.where(r.gt(0.5), jnp.matmul(w.T, x.T).T, b),
      jnp.exp(
        lax
          .dotGeneral(x, w, [
            [[1], [0]],
            [[], []],
          ])
          .mul(0.1),
      ),
    ],
    [x, w, b, c, r],
    1e-4,
    1e-5,
  );
  await agree(
    "batched epilogue",
    (a, bm, bias) => jax.nn.sigmoid(jnp.einsum("bij,bjk->bik", a, bm).add(bias)),
    [rand([3, 9, 17], 45), rand([3, 17, 5], 46), rand([3, 1, 5], 47)],
    1e-4,
    1e-5,
  );
  // Operands that are views read in place through the plan's strides: slices (offsets), a broadcast, a reversal.
  await agree(
    "views as operands",
    (x, w, v) => [
      relu(jnp.matmul(x.get(jnp.s(2, 15), jnp.s(1, 17)), w.get(jnp.s(3, 19))).add(1)),
      jnp.matmul(jnp.broadcastTo(v, [4, 20]), w).mul(2),
      jnp.matmul(x.get(jnp.s(null, null, -1)), w).sub(v.get(jnp.s(0, 1))),
    ],
    [x, w, rand([20], 39)],
    1e-4,
    1e-5,
  );
  // One dispatch for x @ W + b and its activation, under jit.
  setDefaultBackend("webgpu");
  try {
    const [xg, wg, bg] = [x, w, b].map((a) => devicePut(a, "webgpu") as NDArray);
    const f = jit((x: NDArray, w: NDArray, b: NDArray) => relu(jnp.matmul(x, w).add(b)));
    f(xg, wg, bg); // compiled before counting
    assert.equal(await dispatchesOf(() => [f(xg, wg, bg)]), 1);
    // Also with a column bias and a second input, a transposed operand, and batches.
    const [cg, rg] = [c, r].map((a) => devicePut(a, "webgpu") as NDArray);
    const chain = jit((x: NDArray, w: NDArray, c: NDArray, r: NDArray) => jax.nn.gelu(jnp.matmul(x, w).mul(c).sub(1)).mul(r));
    chain(xg, wg, cg, rg);
    assert.equal(await dispatchesOf(() => [chain(xg, wg, cg, rg)]), 1);
    const wtg = devicePut(w.T, "webgpu") as NDArray;
    const transposed = jit((x: NDArray, wt: NDArray, b: NDArray) => jnp.tanh(jnp.matmul(x, wt.T).add(b)));
    transposed(xg, wtg, bg);
    assert.equal(await dispatchesOf(() => [transposed(xg, wtg, bg)]), 1);
    const [ag, bmg] = [rand([3, 9, 17], 48), rand([3, 17, 5], 49)].map((a) => devicePut(a, "webgpu") as NDArray);
    const batched = jit((a: NDArray, bm: NDArray) => jax.nn.sigmoid(jnp.einsum("bij,bjk->bik", a, bm).add(1)));
    batched(ag, bmg);
    assert.equal(await dispatchesOf(() => [batched(ag, bmg)]), 1);
    const unfused = jit((x: NDArray, w: NDArray, b: NDArray) => {
      const y = jnp.matmul(x, w);
      return [y, relu(y.add(b))];
    });
    unfused(xg, wg, bg);
    assert.equal(
      await dispatchesOf(() => unfused(xg, wg, bg) as NDArray[]),
      2,
      "a GEMM whose result is also an output keeps its own kernel",
    );
  } finally {
    setDefaultBackend(home);
  }
  // W6's MLP step (bias adds and tanh fused into the forward GEMMs) at a small size, under jit(grad).
  const loss = (p: NDArray[], x: NDArray, y: NDArray) => {
    const h1 = jnp.tanh(jnp.matmul(x, p[0]).add(p[1]));
    const h2 = jnp.tanh(jnp.matmul(h1, p[2]).add(p[3]));
    const logits = jnp.matmul(h2, p[4]).add(p[5]);
    return jnp.sum(jax.nn.logSoftmax(logits).mul(y)).mul(-1 / 8);
  };
  const step = (...a: NDArray[]) => {
    const p = a.slice(0, 6);
    const g = grad(loss)(p, a[6], a[7]) as NDArray[];
    return p.map((w, i) => w.sub(g[i].mul(0.05)));
  };
  const sizes = [12, 10, 9, 4];
  const params = [0, 1, 2].flatMap((i) => [rand([sizes[i], sizes[i + 1]], 50 + i, 0.5), rand([sizes[i + 1]], 60 + i, 0.1)]);
  const y = jax.nn.oneHot(jnp.array(new Int32Array([0, 1, 2, 3, 0, 1, 2, 3])), 4);
  await agree("W6 step", step, [...params, rand([8, 12], 70), y], 1e-4, 1e-5);
});

/** f on wasm and on webgpu (eager and jitted): every output bit for bit (NaN for NaN, -0 for -0). */
async function agreeBits(name: string, f: Fn, args: NDArray[]): Promise<void> {
  await compareOnWebGpu(name, f, args, { accept: (v, w) => Object.is(v, w) || (Number.isNaN(v) && Number.isNaN(w)) });
}

/** Every float16 value (NaNs, infinities, subnormals, -0 included), as a float16 array. */
function allFloat16(): NDArray {
  return jnp.array(allFloat16Values()).astype("float16");
}

test("float16 and bfloat16 match wasm bit for bit (every float16 value; casts; reductions; matmul; cumsum; conv; scatter)", {
  skip,
}, async () => {
  // Each float16 operation rounds its f32 result on the bits, as the reference kernels round each stored result.
  await agreeBits(
    "every float16",
    (x) => [
      jnp.square(x),
      x.pow(3),
      x.pow(-2),
      jnp.reciprocal(x),
      x.mul(x).add(x).sub(0.3),
      x.div(3),
      jnp.round(x.mul(7)),
      jnp.sqrt(x),
      lax.rsqrt(x),
      jnp.exp(x),
      jnp.log(x),
      jnp.log1p(x),
      jnp.sin(x),
      jnp.cos(x),
      jnp.tanh(x),
      x.astype("int32"),
      x.astype("bool"),
      x.astype("bfloat16"),
      x.astype("float32").mul(1.0009765625).astype("float16"),
      // Near 0 these are x plus a small rest, so their f32 results are correctly rounded (see wgsl.ts).
      jax.nn.sigmoid(x),
      jnp.expm1(x),
      // The reference kernel's erf(-0) is +0 (JAX's is -0, as here): zeros left out.
      jnp.where(x.eq(0), 0, lax.erf(x)),
    ],
    [allFloat16()],
  );
  // Casts: ties (to even), subnormals, overflow at 65520 (65504 plus half an ulp), NaN, -0.
  const f32s = jnp.array(FLOAT16_BOUNDARIES);
  const i32s = jnp.array(new Int32Array([65519, 65520, 2049, 2051, -70000, 123456789, 0, -7]));
  await agreeBits(
    "casts",
    (f, i) => [
      f.astype("float16"),
      f.astype("bfloat16"),
      i.astype("float16"),
      i.astype("bfloat16"),
      f.astype("float16").astype("bfloat16"),
    ],
    [f32s, i32s],
  );
  // Sums of float16 accumulate exactly (as the reference's float64 sum), long ones as workgroup trees.
  const x = rand([3, 700], 80, 100).astype("float16");
  const a = rand([12, 40], 81).astype("float16");
  const b = rand([40, 7], 82).astype("float16");
  await agreeBits(
    "reductions and matmul",
    (x, a, b) => [
      jnp.sum(x, 1),
      jnp.mean(x, 1),
      jnp.max(x, 1),
      jnp.min(a, 0),
      jnp.sum(a, 0),
      jnp.sum(a.astype("bfloat16"), 1),
      jnp.matmul(a, b),
      jnp.einsum("bij,bjk->bik", a.reshape([2, 6, 40]), jnp.stack([b, b.mul(-2)])),
      jnp.cumsum(a, 1),
      lax.cumsum(a, 0, { reverse: true }),
      lax.cummax(a, 1),
      jax.nn.softmax(a, 1),
      jnp.sort(a, 1),
      jnp.argmax(a, 1),
      jnp.concatenate([a, a.mul(3)], 0),
      jnp.take(a, jnp.array(new Int32Array([3, 0, 11])), 0),
      jnp.exp(a.astype("bfloat16").mul(1.7).add(a.astype("bfloat16"))),
    ],
    [x, a, b],
  );
  // A float32 result of float16 operands keeps its sums' order: wasm's float32 GEMM (XLA's float
  // normalization) and WebGPU's exact accumulation agree to float32 rounding, not bit for bit.
  await agree(
    "float16 matmul to float32",
    (a, b) =>
      lax.dotGeneral(
        a,
        b,
        [
          [[1], [0]],
          [[], []],
        ],
        { preferredElementType: "float32" },
      ),
    [a, b],
    1e-6,
    1e-5,
  );
  // conv (exact float16 accumulation), and scatter-add/mul with duplicate indices (rounded once, after every update).
  const u = rand([40], 83, 700).astype("float16");
  const idx = jnp.array(new Int32Array(40).map((_, i) => (i * 7) % 10));
  await agreeBits(
    "conv and scatter",
    (img, w, a, u, i) => [
      lax.conv(img.astype("float16"), w.astype("float16"), [1, 1], "SAME"),
      lax.conv(img.astype("bfloat16"), w.astype("bfloat16"), [2, 2], "VALID"),
      a.at(i).add(u),
      a.at(i).mul(u.div(300)),
      a.astype("bfloat16").at(i).add(u.astype("bfloat16")),
      lax.scatterAdd(
        a,
        jnp.arange(10).astype("int32").reshape([10, 1]),
        u.get(jnp.s(0, 10)),
        { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] },
        { uniqueIndices: true },
      ),
    ],
    [rand([2, 3, 9, 9], 84), rand([4, 3, 3, 3], 85), rand([10], 86).astype("float16"), u, idx],
  );
  // A float16 MLP's grad step (transposed dots, broadcast sums) and float16 samplers.
  const loss = (p: NDArray[], x: NDArray, y: NDArray) => {
    const h = jnp.tanh(jnp.matmul(x, p[0]).add(p[1]));
    return jnp.mean(jnp.square(jnp.matmul(h, p[2]).add(p[3]).sub(y)));
  };
  const h16 = (shape: number[], seed: number, scale = 1) => rand(shape, seed, scale).astype("float16");
  await agreeBits(
    "float16 mlp step",
    (...a) => {
      const p = a.slice(0, 4);
      const g = grad(loss)(p, a[4], a[5]) as NDArray[];
      return [...p.map((w, i) => w.sub(g[i].mul(0.1))), loss(p, a[4], a[5])];
    },
    [h16([6, 8], 87), h16([8], 88, 0.1), h16([8, 3], 89), h16([3], 90, 0.1), h16([5, 6], 91), h16([5, 3], 92)],
  );
  await agreeBits(
    "float16 samplers",
    (k) => [random.uniform(k, [20], "float16"), random.normal(k, [20], "float16"), lax.topK(random.normal(k, [30], "bfloat16"), 5)[0]],
    [random.PRNGKey(3)],
  );
});

test("conv_general_dilated (strides, dilations, padding, groups, layouts) matches wasm", { skip }, async () => {
  await agree(
    "conv",
    (x, w, wg, x1, w1) => [
      lax.conv(x, w, [1, 1], "SAME"),
      lax.convGeneralDilated(
        x,
        w,
        [2, 1],
        [
          [1, 2],
          [0, 1],
        ],
        { lhsDilation: [2, 1], rhsDilation: [1, 2] },
      ),
      lax.convGeneralDilated(x, wg, [1, 1], "VALID", { featureGroupCount: 2 }),
      lax.convGeneralDilated(x.transpose([0, 2, 3, 1]), w.transpose([2, 3, 1, 0]), [1, 2], "SAME", {
        dimensionNumbers: ["NHWC", "HWIO", "NHWC"],
      }),
      lax.convGeneralDilated(x, w.get(jnp.s(0, 2)), [1, 1], "VALID", { batchGroupCount: 2 }),
      jnp.convolve(x1, w1),
      jnp.convolve(x1, w1, { mode: "same" }),
      // Its transposes: convs with other dimension numbers, lhs dilation and batch groups.
      ...(grad((a: NDArray, k: NDArray) => jnp.tanh(lax.conv(a, k, [2, 1], "SAME")).sum(), { argnums: [0, 1] })(x, w) as NDArray[]),
    ],
    [rand([2, 4, 7, 6], 100), rand([6, 4, 3, 2], 101), rand([6, 2, 2, 3], 102), rand([20], 103), rand([5], 104)],
    1e-5,
    1e-5,
  );
  await agree(
    "int conv",
    (x, w) => lax.conv(x, w, [1, 1], "SAME"),
    [
      jnp
        .arange(2 * 3 * 5 * 5)
        .reshape([2, 3, 5, 5])
        .mod(7),
      jnp
        .arange(4 * 3 * 3 * 3)
        .reshape([4, 3, 3, 3])
        .mod(5)
        .sub(2),
    ],
    0,
    0,
  );
});

test("an MLP's jit(grad) step and threefry random bits match wasm", { skip }, async () => {
  const loss = (w1: NDArray, w2: NDArray, x: NDArray, y: NDArray) => {
    const h = jnp.tanh(jnp.matmul(x, w1));
    return jnp.mean(jnp.square(jnp.matmul(h, w2).sub(y)));
  };
  const step = (w1: NDArray, w2: NDArray, x: NDArray, y: NDArray) => {
    const [g1, g2] = grad(loss, { argnums: [0, 1] })(w1, w2, x, y) as NDArray[];
    return [w1.sub(g1.mul(0.1)), w2.sub(g2.mul(0.1)), loss(w1, w2, x, y)];
  };
  await agree("mlp step", step, [rand([6, 16], 12, 0.5), rand([16, 3], 13, 0.5), rand([8, 6], 14), rand([8, 3], 15)], 1e-4, 1e-5);
  await agree(
    "random",
    (k) => [
      random.bits(k, [40]),
      random.uniform(k, [3, 7]),
      random.normal(k, [50]),
      // Eager samplers whose float32 multiply-add widens to float64 (kept inside one compiled kernel).
      random.bernoulli(k, 0.3, [20]),
      random.categorical(k, jnp.zeros([3, 4])),
      // A sampler whose fused kernels read many buffers (the compiler keeps each within the device's limit).
      random.poisson(k, 3.5, [12]),
    ],
    [random.PRNGKey(42)],
    2e-6,
    1e-6,
  );
});

test("scan runs on the GPU step by step, without reading back", { skip }, async () => {
  await agree(
    "scan",
    (xs) => lax.scan((c: NDArray, x: NDArray) => [jnp.tanh(c.mul(0.9).add(x)), c.sum()], jnp.zeros([4]), xs) as NDArray[],
    [rand([10, 4], 16)],
    1e-5,
    1e-5,
  );
  await agree(
    "reverse scan, foriLoop",
    (xs) => [
      ...(lax.scan((c: NDArray, x: NDArray) => [c.add(x), c.mul(x)], jnp.ones([4]), xs, { reverse: true }) as NDArray[]),
      lax.foriLoop(0, 5, (i: NDArray, v: NDArray) => v.mul(0.5).add(i), xs.get(0)) as NDArray,
    ],
    [rand([6, 4], 17)],
    1e-5,
    1e-5,
  );
});

test("whileLoop and foriLoop with traced bounds run on the GPU (predicate read back in batches)", { skip }, async () => {
  await agree(
    "while",
    (x, n) => [
      // Newton's iteration for sqrt until converged: a predicate from a reduction.
      ...(lax.whileLoop(
        ([y, _k]: NDArray[]) => jnp.max(jnp.abs(y.mul(y).sub(x))).gt(1e-4),
        ([y, k]: NDArray[]) => [y.add(x.div(y)).mul(0.5), k.add(1)],
        [x, jnp.array(0)],
      ) as NDArray[]),
      // Zero iterations.
      lax.whileLoop(
        (v: NDArray) => v.sum().lt(-100),
        (v: NDArray) => v.mul(2),
        x,
      ) as NDArray,
      // Traced bounds (a GPU-computed upper bound), 37 iterations: several readback batches.
      lax.foriLoop(0, n.add(30), (i: NDArray, v: NDArray) => v.mul(0.9).add(i.astype("float32").mul(0.01)), x) as NDArray,
      // A nested loop (exact mode) and a scan in the body.
      ...(lax.whileLoop(
        ([i, v]: NDArray[]) => i.lt(n),
        ([i, v]: NDArray[]) => [
          i.add(1),
          lax.whileLoop(
            (w: NDArray) => w.sum().lt(i.astype("float32").mul(10)),
            (w: NDArray) => w.add(1),
            v,
          ) as NDArray,
        ],
        [jnp.array(0), x.abs()],
      ) as NDArray[]),
      ...(lax.whileLoop(
        ([i, v]: NDArray[]) => i.lt(3),
        ([i, v]: NDArray[]) => [i.add(1), (lax.scan((c: NDArray, r: NDArray) => [c.add(r), c], v, jnp.ones([2, 4])) as NDArray[])[0]],
        [jnp.array(0), x],
      ) as NDArray[]),
    ],
    [
      rand([4], 70).abs().add(0.5),
      jnp
        .array(new Int32Array([7]))
        .reshape([])
        .mul(1),
    ],
    1e-5,
    1e-5,
  );
  // Work queued behind a loop runs after it; vmap gives a batched predicate; jvp differentiates the loop.
  await agree(
    "while after",
    (x) => {
      const y = lax.whileLoop(
        (v: NDArray) => v.sum().lt(50),
        (v: NDArray) => v.mul(1.5),
        x,
      ) as NDArray;
      const z = jnp.exp(y.mul(0.01));
      // An argument disposed while the loop is queued stays alive for it.
      const x2 = x.mul(2);
      const y2 = lax.whileLoop(
        (v: NDArray) => v.sum().lt(50),
        (v: NDArray) => v.mul(1.5),
        x2,
      ) as NDArray;
      x2.dispose();
      const w = jax.vmap(
        (r: NDArray) =>
          lax.whileLoop(
            (v: NDArray) => v.lt(10),
            (v: NDArray) => v.mul(2),
            r,
          ) as NDArray,
      )(x);
      const [, t] = jax.jvp(
        (v: NDArray) =>
          lax.whileLoop(
            (u: NDArray) => u.sum().lt(20),
            (u: NDArray) => u.mul(u),
            v,
          ) as NDArray,
        [x],
        [jnp.onesLike(x)],
      ) as NDArray[];
      return [y, z, w, t, y2];
    },
    [rand([4], 71).abs().add(1.1)],
    1e-5,
    1e-5,
  );
});

test("sort (bitonic, stable, several operands and keys), argsort and top_k match wasm", { skip }, async () => {
  const x = rand([5, 37], 90, 3);
  // Ties, NaNs, signed zeros and infinities along the sorted axis.
  const ties = jnp.where(
    jnp
      .arange(5 * 37)
      .reshape([5, 37])
      .mod(7)
      .eq(3),
    Number.NaN,
    jnp.round(x),
  );
  const sp = specials();
  const k = jnp.array(new Int32Array([3, -1, 7, 7, 0, 2, 3, -2147483648, 2147483647, 0]));
  await agree(
    "sort",
    (a, t, s, ki) => [
      jnp.sort(a, 1),
      jnp.sort(a, 0),
      jnp.sort(t, 1),
      jnp.sort(s),
      jnp.sort(ki),
      jnp.sort(ki.astype("uint32")),
      jnp.argsort(t, 1),
      jnp.argsort(t, 0),
      jnp.argsort(s),
      jnp.argsort(ki, -1, { descending: true }),
      ...(lax.sort([t.get(0), a.get(1), a.get(2).gt(0)], { numKeys: 2 }) as NDArray[]),
      ...(lax.sort([ki.mod(3), ki, ki.astype("float32")], { numKeys: 1 }) as NDArray[]),
      jnp.argsort(t.reshape([185])),
      jnp.sort(a.get(0, jnp.s(0, 1))),
      jnp.sort(jnp.zeros([3, 0]), 1),
      // top_k's order: NaN first, larger first, +0.0 before -0.0, ties by index.
      ...(lax.topK(t, 5) as NDArray[]),
      ...(lax.topK(s, 16) as NDArray[]),
      ...(lax.topK(ki, 3) as NDArray[]),
      ...(lax.topK(a.transpose([1, 0]), 2) as NDArray[]),
    ],
    [x, ties, sp, k],
    0,
    0,
  );
});

const rows = { updateWindowDims: [1], insertedWindowDims: [0], scatterDimsToOperandDims: [0] };
test("the scatter family matches wasm (duplicates in order, dropped windows)", { skip }, async () => {
  const idx = jnp.array(new Int32Array([1, 3, 1, 7, -9, 0]));
  await agree(
    "scatter",
    (a, i, u, k) => [
      a.at(i).set(u),
      a.at(i).add(u),
      a.at(i).mul(u),
      a.at(i).min(u),
      a.at(i).max(u),
      k.at(i).add(jnp.array(new Int32Array([1, 2, 3, 4, 5, 6]))),
      a.gt(0).at(i).set(u.lt(0)),
    ],
    [rand([5], 60), idx, rand([6], 61), jnp.array(new Int32Array([10, 20, 30, 40, 50]))],
    1e-6,
    1e-7,
  );
  await agree(
    "scatter 2d",
    (m, i, r) => [
      m.at(i).set(r),
      m.at(jnp.s(null, 1)).add(1),
      // Declared unique: one invocation per update element.
      lax.scatter(m, i.reshape([2, 1]), r, rows, { uniqueIndices: true }),
      lax.scatterAdd(m, i.reshape([2, 1]), r, rows, { uniqueIndices: true }),
      lax.scatter(
        jnp.zeros([50]),
        jnp.arange(40).mul(7).mod(50).astype("int32").reshape([40, 1]),
        jnp.arange(40).astype("float32"),
        { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] },
        { uniqueIndices: true },
      ),
    ],
    [rand([4, 3], 62), idx.get(jnp.s(0, 2)), rand([2, 3], 63)],
    0,
    0,
  );
});

test("cond and switch on a predicate computed on the GPU run every branch and select", { skip }, async () => {
  await agree(
    "cond",
    (x, k) => [
      lax.cond(
        x.sum().gt(0),
        (a: NDArray) => a.mul(2),
        (a: NDArray) => a.sub(1),
        x,
      ) as NDArray,
      lax.cond(
        x.sum().lt(0),
        (a: NDArray) => a.mul(2),
        (a: NDArray) => a.sub(1),
        x,
      ) as NDArray,
      ...[-1, 1, 5].map(
        (off) => lax.switch(k.add(off), [(a: NDArray) => jnp.exp(a), (a: NDArray) => a.abs(), (a: NDArray) => jnp.cumsum(a)], x) as NDArray,
      ),
    ],
    [
      rand([6], 50),
      jnp
        .array(new Int32Array([4]))
        .reshape([])
        .sub(3),
    ],
    1e-5,
    1e-6,
  );
});

test("the backend survives garbage collection (Dawn's instance stays referenced)", { skip }, async () => {
  // Dawn's Node bindings destroy their instance when the object create()
  // returned is collected; a device in use then crashed the process natively.
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  setDefaultBackend("webgpu");
  try {
    const x = jnp.arange(32, { dtype: "float32" }).sub(16).div(7);
    const ys = [jnp.negative(x), jnp.abs(x), jnp.ceil(x), x.mul(2)];
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.deepEqual(
      (await Promise.all(ys.map(values))).map((v) => v[0]),
      [16 / 7, 16 / 7, -2, -32 / 7].map(Math.fround),
    );
  } finally {
    setDefaultBackend(home);
  }
});

test("synchronous reads say what to do; small uploads stay readable; errors name what is missing", { skip }, async () => {
  setDefaultBackend("webgpu");
  try {
    const x = jnp.arange(4, { dtype: "float32" });
    assert.deepEqual(x.toArray(), [0, 1, 2, 3], "a small upload keeps its host copy");
    const y = jnp.exp(x);
    assert.throws(() => y.dataSync(), /cannot read an array synchronously.*await x.data\(\)/);
    // blockUntilReady reads once and keeps the host copy: then synchronous reads and devicePut work, as the message says.
    const w = lax.whileLoop(
      (v: NDArray) => v.sum().lt(100),
      (v: NDArray) => v.mul(2),
      y,
    ) as NDArray;
    await w.blockUntilReady();
    assert.deepEqual(w.toArray(), await values(w));
    assert.deepEqual(Array.from((devicePut(w, home) as NDArray).dataSync() as Float32Array), await values(w));
    assert.deepEqual(await values(jnp.exp(jnp.zeros([2]))), [1, 1]);
    assert.throws(() => jnp.zeros([2], { dtype: "int8" }), /does not support dtype int8 \(it computes float32, float16, bfloat16, int32/);
    assert.throws(() => lax.linalg.schur(y.reshape([2, 2])), /has no kernel on the webgpu backend yet/);
    const stats = jax.memoryStats("webgpu")!;
    assert.ok(stats.bytesInUse > 0 && stats.peakBytesInUse >= stats.bytesInUse);
  } finally {
    setDefaultBackend(home);
  }
});

test("dispose frees the GPU buffer at once", { skip }, async () => {
  setDefaultBackend("webgpu");
  try {
    const x = jnp.zeros([1 << 16]);
    const big = jnp.exp(x);
    const live = jax.memoryStats("webgpu")!.bytesInUse;
    big.dispose();
    assert.equal(live - jax.memoryStats("webgpu")!.bytesInUse, 4 * (1 << 16));
    big.dispose(); // a second dispose does nothing
    assert.equal(live - jax.memoryStats("webgpu")!.bytesInUse, 4 * (1 << 16));
    assert.deepEqual((await values(x)).slice(0, 2), [0, 0]);
  } finally {
    setDefaultBackend(home);
  }
});

await runChecks(checks);
