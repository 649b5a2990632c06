// The compiler: kernel counts of fused programs, and compiled jit on the wasm
// backend against the js reference backend on programs that stress views,
// reductions, dtypes and loop tails.
import { test } from "node:test";
import assert from "node:assert/strict";
import { jit, jnp, lax, nn, random, defaultBackend, type NDArray } from "../../src/index.ts";
import { agree, rand, randInt } from "../helpers/backends.ts";

const onWasm = defaultBackend() === "wasm";

const selu = (x: NDArray) => jnp.where(x.gt(0), x, jnp.exp(x).mul(1.6732632).sub(1.6732632)).mul(1.0507009);
const kernels = (f: (...a: NDArray[]) => unknown, ...args: NDArray[]) =>
  jit(f as (...a: NDArray[]) => NDArray)
    .lower(...args)
    .compile()
    .kernelCount();

test("fused programs have the expected kernel counts", { skip: !onWasm }, () => {
  const x = rand([1000], 1);
  assert.equal(kernels(selu, x), 1, "selu");
  assert.equal(
    kernels((v) => v.add(1).mul(2).sub(3), x),
    1,
    "(x+1)*2-3",
  );
  assert.ok(kernels((v) => nn.softmax(v, -1), rand([8, 16], 2)) <= 3, "softmax");
  // Sibling reductions over the same space share a loop.
  assert.equal(
    kernels((v) => [jnp.sum(v, 0), jnp.sum(v.mul(v), 0)] as never, rand([8, 16], 3)),
    1,
    "sum and sum of squares",
  );
  // A reduction absorbs its producers.
  assert.equal(
    kernels((v) => jnp.sum(jnp.tanh(v.mul(2))), x),
    1,
    "sum(tanh(2x))",
  );
  // Views cost nothing: transpose + broadcast + add is one kernel.
  assert.equal(
    kernels((a, b) => a.T.add(b.reshape([1, 5])), rand([5, 7], 4), rand([5], 5)),
    1,
    "transpose + broadcast",
  );
  // An MLP layer is one GEMM whose epilogue adds the bias and applies tanh.
  const layer = jit((x: NDArray, w: NDArray, b: NDArray) => jnp.tanh(jnp.matmul(x, w).add(b)))
    .lower(rand([16, 30], 6), rand([30, 8], 7), rand([8], 8))
    .compile();
  assert.equal(layer.kernelCount(), 1, "MLP layer");
  assert.match(layer.asText(), /gemm .* with epilogue/);
  // A stack of many pieces is a move of the pieces (read in place: their expand_dims are no copies), not a
  // kernel computing every piece at every element; a few pieces stay fused.
  const pieces = Array.from({ length: 12 }, (_, i) => rand([100], 20 + i));
  const stack = (...ps: NDArray[]) => jnp.stack(ps, 0);
  assert.equal(kernels(stack, ...pieces), 0, "a stack of 12 arrays: no kernel");
  assert.match(
    jit(stack)
      .lower(...pieces)
      .compile()
      .asText(),
    /^step 0: concatenate[^\n]*$/,
    "one move",
  );
  assert.equal(
    kernels(
      (...ps: NDArray[]) =>
        jnp.stack(
          ps.map((p) => p.mul(2)),
          0,
        ),
      ...pieces,
    ),
    1,
    "12 products: one kernel, then the move",
  );
  assert.equal(kernels(stack, ...pieces.slice(0, 3)), 1, "a stack of 3 fused");
  // Attention's logits: a kernel transposes the query and key to [B, N, T, H] and the GEMM reads them.
  const logits = jit((q: NDArray, k: NDArray) => jnp.einsum("btnh,bsnh->bnts", q, k))
    .lower(rand([2, 16, 4, 8], 9), rand([2, 16, 4, 8], 10))
    .compile()
    .asText();
  assert.match(logits, /gemm/, "attention logits on the GEMM");
  assert.doesNotMatch(logits, /dot_general/, "attention logits without a dot_general step");
});

test("compiled elementwise chains, broadcasts and views match the reference", () => {
  for (const n of [1, 3, 4, 5, 17, 1000]) {
    agree(`selu n=${n}`, selu, [rand([n], n)], 2e-6);
  }
  agree("transpose+broadcast", (a, b) => a.T.mul(2).add(b.reshape([1, 5])), [rand([5, 7], 4), rand([5], 5)]);
  agree("reshape of a transpose", (a) => a.T.reshape([35]).mul(3), [rand([5, 7], 6)]);
  agree(
    "strided slice and reversal",
    (a) =>
      jnp
        .flip(a, 1)
        .get(jnp.s(null, null, 2))
        .add(1),
    [rand([9, 6], 7)],
  );
  agree("scalar broadcasts", (a) => jnp.clip(a, -0.5, 0.5).sub(jnp.array(0.25)), [rand([33], 8)]);
  agree("iota", (a) => a.add(jnp.arange(12).astype("float32").reshape([3, 4])), [rand([3, 4], 9)]);
  agree(
    "math",
    (a) => jnp.stack([jnp.exp(a), jnp.log(jnp.abs(a)), jnp.tanh(a), jnp.sin(a), jnp.cos(a), jnp.sqrt(jnp.abs(a)), nn.sigmoid(a)]),
    [rand([101], 10, 5)],
    2e-6,
    1e-6,
  );
  agree(
    "rounding and signs",
    (a) =>
      jnp.stack([
        jnp.round(a),
        jnp.floor(a),
        jnp.ceil(a),
        jnp.trunc(a),
        jnp.sign(a),
        lax.round(a),
        lax.integerPow(a, 3),
        lax.integerPow(a, -2),
      ]),
    [rand([41], 11, 4).mul(jnp.array(1.5))],
    1e-6,
  );
});

test("compiled reductions over every axis pattern match the reference", () => {
  const x = rand([6, 5, 7], 12);
  for (const axes of [[0], [1], [2], [0, 1], [1, 2], [0, 2], [0, 1, 2]]) {
    agree(`sum ${axes}`, (a) => jnp.sum(a, axes), [x], 1e-5, 1e-5);
    agree(`max ${axes}`, (a) => jnp.max(a, axes), [x]);
    agree(`min ${axes}`, (a) => jnp.min(a.mul(2), axes), [x]);
    agree(`prod ${axes}`, (a) => jnp.prod(a.mul(0.5).add(1), axes), [x], 1e-5);
  }
  agree("mean/var keepdims", (a) => [jnp.mean(a, 1, { keepdims: true }), jnp.var(a, 0)] as never, [x], 1e-5, 1e-6);
  agree("long sum", (a) => jnp.sum(a), [rand([100003], 13)], 1e-4, 1e-3);
  agree("reduce over a size-1 axis", (a) => jnp.sum(a, 1), [rand([7, 1], 14)]);
  agree("empty reduction", (a) => jnp.sum(a, 0), [jnp.zeros([0, 3])]);
  agree("NaN in max", (a) => jnp.max(a.div(a), 0), [rand([4, 5], 15).mul(jnp.array([[1], [0], [1], [1]]))]);
});

test("compiled integer, unsigned and boolean programs match the reference", () => {
  const i = randInt([37], 20, -50, 50);
  const j = randInt([37], 21, -5, 5);
  agree(
    "int arithmetic",
    (a, b) => jnp.stack([a.mul(3).add(7), jnp.floorDivide(a, b), jnp.remainder(a, b), jnp.maximum(a, b), jnp.abs(a), a.neg()]),
    [i, j],
  );
  agree("int compare/select", (a, b) => jnp.where(a.gt(b), a, b.mul(2)), [i, j]);
  agree(
    "shifts and bits",
    (a, b) =>
      jnp.stack([
        lax.shiftLeft(a, jnp.full([37], 3, { dtype: "int32" })),
        lax.shiftRightArithmetic(a, jnp.abs(b).mul(9)),
        lax.shiftRightLogical(a, jnp.abs(b).mul(9)),
        lax.shiftLeft(a, jnp.abs(b).mul(9)),
        jnp.bitwiseXor(a, 0x55),
        jnp.bitwiseAnd(a, 12),
      ]),
    [i, j],
  );
  const u = i.astype("uint32");
  agree(
    "uint32",
    (a) =>
      jnp.stack([
        a.add(0xfffffff0),
        lax.shiftRightLogical(a, jnp.full([37], 1, { dtype: "uint32" })),
        a.mul(2654435761),
        jnp.maximum(a, 7),
      ]),
    [u],
  );
  agree("bool", (a, b) => jnp.stack([jnp.logicalAnd(a.gt(0), b.lt(0)), jnp.logicalNot(a.gt(b)), jnp.logicalXor(a.gt(0), b.gt(0))]), [i, j]);
  agree("any/all", (a) => [jnp.any(a.gt(40), 0), jnp.all(a.gt(-60))] as never, [i.reshape([37, 1])]);
  agree(
    "conversions",
    (a) => jnp.stack([a.astype("int32").astype("float32"), a.gt(0).astype("float32"), a.astype("uint32").astype("float32")]),
    [rand([19], 22, 100)],
  );
});

test("random samplers compile to kernels only: threefry as uint32 IR, fused with its words' xor; float64 in its own scalar kernel", () => {
  const k = random.key(42);
  if (onWasm) {
    const text = jit((key: typeof k) => random.normal(key, [64, 48]))
      .lower(k)
      .compile()
      .asText();
    assert.doesNotMatch(text, /reference or native kernel/);
    assert.match(text, /kernel\[64,48\]\(in0:u32\)/);
    // The float64 multiply-add reads stored random bits: the hash (its xors) stays in a vector kernel.
    const f64Step = text.split(/^step/m).find((st) => /f64/.test(st))!;
    assert.doesNotMatch(f64Step, /xor/);
    // uniform over [0, 1): the hash, the two words' xor and the float conversion are one kernel.
    const uniformText = jit((key: typeof k) => random.uniform(key, [64, 48]))
      .lower(k)
      .compile()
      .asText();
    assert.equal(uniformText.match(/^step/gm)?.length, 1, uniformText);
  }
  agree("bits", () => random.bits(k, [33, 7]), []);
  agree("normal", () => random.normal(k, [5, 41]), []);
  agree("uniform in [-2, 5)", () => random.uniform(k, [129], { minval: -2, maxval: 5 }), []);
});

test("float64 kernels (scalar code) match the reference", () => {
  const f64 = (x: NDArray) => lax.convertElementType(x, "float64");
  const f32 = (x: NDArray) => lax.convertElementType(x, "float32");
  const fma = (a: NDArray, b: NDArray) => f32(lax.add(lax.mul(f64(a), f64(b)), f64(a)));
  if (onWasm)
    assert.equal(
      jit(fma)
        .lower(rand([37], 50), rand([37], 51))
        .compile()
        .asText()
        .match(/^step/gm)?.length,
      1,
    );
  agree("float64 multiply-add rounded once", fma, [rand([37], 50), rand([37], 51)], 0, 0);
  agree(
    "float64 compare/select/convert",
    (a, b) => {
      const [x, y] = [f64(a), f64(b)];
      return [
        f32(lax.select(lax.gt(x, y), lax.sub(x, y), lax.div(y, lax.add(lax.abs(x), f64(jnp.ones([37])))))),
        lax.convertElementType(lax.mul(x, f64(jnp.full([37], 100))), "int32"),
      ] as never;
    },
    [rand([37], 52), rand([37], 53)],
    0,
    0,
  );
});

test("a scan whose body is one kernel compiles to a single loop and matches the reference", () => {
  const xs = rand([50, 3], 30);
  const cumsum = (v: NDArray) => lax.scan((c: NDArray, x: NDArray) => [c.add(x), c.add(x)], jnp.zeros([3]), v)[1] as NDArray;
  if (onWasm) assert.match(jit(cumsum).lower(xs).compile().asText(), /scan loop \(length 50\)/);
  agree("cumsum by scan", cumsum, [xs], 1e-6, 1e-6);
  agree(
    "reverse scan, two carries, reading the whole carry",
    (v) => {
      const [carry, ys] = lax.scan(
        ([a, b]: NDArray[], x: NDArray) => [[b.add(x), jnp.flip(a, 0).mul(0.5)], a.sub(b)],
        [jnp.ones([3]), jnp.zeros([3])],
        v,
        { reverse: true },
      );
      return [...(carry as NDArray[]), ys as NDArray] as never;
    },
    [xs],
    1e-6,
    1e-6,
  );
  agree(
    "scan with an odd length and int carry",
    (v) => {
      const [c, ys] = lax.scan((k: NDArray, x: NDArray) => [k.add(1), x.mul(k.astype("float32"))], jnp.array(0, { dtype: "int32" }), v);
      return [c, ys] as never;
    },
    [rand([7, 2], 31)],
  );
  agree("scan of length 0", (v) => lax.scan((c: NDArray, x: NDArray) => [c.add(x), c], jnp.zeros([3]), v)[0] as NDArray, [
    jnp.zeros([0, 3]),
  ]);
});

test("dot_general on the GEMM matches the reference (batches, transposed operands, vectors)", () => {
  agree("matmul", (a, b) => jnp.matmul(a, b), [rand([33, 20], 40), rand([20, 17], 41)], 1e-5, 1e-5);
  agree("transposed operands read in place", (a, b) => jnp.matmul(a.T, b.T).mul(2), [rand([20, 33], 42), rand([17, 20], 43)], 1e-5, 1e-5);
  agree("batched", (a, b) => jnp.matmul(a, b), [rand([3, 9, 12], 44), rand([3, 12, 5], 45)], 1e-5, 1e-5);
  agree(
    "vector-matrix and matrix-vector",
    (v, m) => [jnp.dot(v, m), jnp.dot(m.T, v)] as never,
    [rand([12], 46), rand([12, 30], 47)],
    1e-5,
    1e-5,
  );
  agree(
    "einsum with batch and contraction",
    (a, b) => jnp.einsum("bij,bjk->bik", a, b),
    [rand([2, 4, 6], 48), rand([2, 6, 3], 49)],
    1e-5,
    1e-5,
  );
  agree("MLP layer", (x, w, b) => jnp.tanh(jnp.matmul(x, w).add(b)), [rand([16, 30], 50), rand([30, 8], 51), rand([8], 52)], 1e-5, 1e-5);
  // Batch dims between free ones (attention's heads) are transposed first, on one operand or both.
  const q = rand([2, 5, 3, 4], 53);
  const k = rand([2, 6, 3, 4], 54);
  agree("attention logits", (a, b) => jnp.einsum("btnh,bsnh->bnts", a, b), [q, k], 1e-5, 1e-5, true);
  agree("a producer fused into the transpose", (a, b) => jnp.einsum("btnh,bsnh->bnts", a.mul(2).add(1), b), [q, k], 1e-5, 1e-5, true);
  agree(
    "one operand transposed",
    (a, b) =>
      lax.dotGeneral(a, b, [
        [[3], [2]],
        [
          [0, 2],
          [0, 1],
        ],
      ]),
    [q, rand([2, 3, 4, 7], 55)],
    1e-5,
    1e-5,
    true,
  );
  agree(
    "contracting dims apart",
    (a, b) =>
      lax.dotGeneral(a, b, [
        [
          [1, 3],
          [0, 2],
        ],
        [[], []],
      ]),
    [q, rand([5, 6, 4], 56)],
    1e-5,
    1e-5,
    true,
  );
  agree("empty contraction", (a, b) => jnp.matmul(a, b), [jnp.zeros([3, 0]), jnp.zeros([0, 4])]);
});

test("cumulative kernels (cumsum, cumprod, cummax, cummin) match the reference on every axis, both directions", () => {
  const x = rand([5, 7, 6], 60, 1.2);
  const i = randInt([5, 7, 6], 61, -9, 9);
  const u = randInt([5, 7, 6], 62, 0, 60).astype("uint32");
  for (const axis of [0, 1, 2]) {
    for (const reverse of [false, true]) {
      agree(
        `float32 axis ${axis}${reverse ? " reverse" : ""}`,
        (a) =>
          [
            lax.cumsum(a, axis, { reverse }),
            lax.cumprod(a, axis, { reverse }),
            lax.cummax(a, axis, { reverse }),
            lax.cummin(a, axis, { reverse }),
          ] as never,
        [x],
        1e-6,
        1e-6,
        true,
      );
      agree(
        `int32 axis ${axis}${reverse ? " reverse" : ""}`,
        (a) =>
          [
            lax.cumsum(a, axis, { reverse }),
            lax.cumprod(a, axis, { reverse }),
            lax.cummax(a, axis, { reverse }),
            lax.cummin(a, axis, { reverse }),
          ] as never,
        [i],
        0,
        0,
        true,
      );
      agree(
        `uint32 axis ${axis}${reverse ? " reverse" : ""}`,
        (a) => [lax.cummax(a, axis, { reverse }), lax.cummin(a, axis, { reverse }), lax.cumsum(a, axis, { reverse })] as never,
        [u],
        0,
        0,
        true,
      );
    }
  }
  agree("NaN propagates through cummax", (a) => lax.cummax(a, 0) as never, [jnp.array([1, NaN, 3, 0, 5])], 0, 0, true);
});

test("an expensive value broadcast along an outer dim is computed once, not once per row", () => {
  const m = rand([20, 300], 1);
  const v = rand([300], 2);
  // exp(v) repeated down 20 rows: stored once over [300] (the kernel over [20, 300] reads it).
  const f = (a: NDArray, b: NDArray) => a.mul(jnp.exp(b).reshape([1, 300]));
  agree("rows times exp of a row", f, [m, v], 1e-6, 1e-6);
  // Along inner dims the emitter hoists it: no extra kernel.
  const g = (a: NDArray, b: NDArray) => a.mul(jnp.exp(b.reshape([20, 1])));
  agree("rows times exp of a column", g, [m, rand([20], 3)], 1e-6, 1e-6);
  if (!onWasm) return;
  const text = jit(f).lower(m, v).compile().asText();
  const big = text.split(/^step \d+: /m).find((s) => s.startsWith("kernel[20,300]"));
  assert.ok(big && !/ exp /.test(big), text);
  assert.equal(kernels(g, m, rand([20], 3)), 1, "exp of a column broadcast along rows: one kernel");
});
