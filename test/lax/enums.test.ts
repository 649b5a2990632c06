// lax enums and parameter classes where lax functions take them (values probed from JAX 0.10.2).
import assert from "node:assert/strict";
import { test } from "node:test";
import { jnp, lax, ValueError } from "../../src/index.ts";

test("Precision and DotAlgorithmPreset are accepted by dot/dotGeneral; bad values raise", () => {
  const x = jnp.array([
    [1, 2],
    [3, 4],
  ]);
  const want = [
    [7, 10],
    [15, 22],
  ];
  for (const precision of [
    lax.Precision.HIGHEST,
    "highest",
    "bfloat16",
    [lax.Precision.HIGH, lax.Precision.DEFAULT],
    ["high", "default"],
    lax.DotAlgorithmPreset.F32_F32_F32,
    "F32_F32_F32",
    new lax.DotAlgorithm("float32", "float32", "float32"),
    null,
  ] as const) {
    assert.deepEqual(lax.dot(x, x, { precision: precision as lax.PrecisionLike }).toArray(), want, String(precision));
  }
  assert.deepEqual(
    lax
      .dotGeneral(
        x,
        x,
        [
          [[1], [0]],
          [[], []],
        ],
        { precision: "highest" },
      )
      .toArray(),
    want,
  );
  assert.throws(
    () => lax.dot(x, x, { precision: "nope" as never }),
    (e: Error) => e instanceof ValueError && /Precision argument must be one of/.test(e.message),
  );
  assert.throws(() => lax.dot(x, x, { precision: [lax.Precision.HIGH] as never }), ValueError);
  assert.equal(String(lax.Precision.HIGHEST), "HIGHEST");
  assert.equal(Object.keys(lax.DotAlgorithmPreset).length, 16);
  assert.equal(new lax.DotAlgorithm("bfloat16", "bfloat16", "float32", { numPrimitiveOperations: 3 }).numPrimitiveOperations, 3);
  assert.throws(() => new lax.DotAlgorithm("float32", "float32", "float32", { bogus: 1 } as never), TypeError);
});

test("RoundingMethod, FftType, RandomAlgorithm, AccuracyMode, Tolerance", () => {
  assert.equal(lax.round(jnp.array(2.5), lax.RoundingMethod.TO_NEAREST_EVEN).item(), 2);
  assert.equal(lax.round(jnp.array(2.5), lax.RoundingMethod.AWAY_FROM_ZERO).item(), 3);
  assert.deepEqual(lax.RoundingMethod, { AWAY_FROM_ZERO: 0, TO_NEAREST_EVEN: 1 });
  const r = lax.fft(jnp.array([1, 2, 3, 4]), lax.FftType.RFFT, [4]);
  assert.deepEqual(r.shape, [3]);
  assert.equal(r.dtype, "complex64");
  assert.deepEqual(Object.keys(lax.FftType), ["FFT", "IFFT", "RFFT", "IRFFT"]);
  assert.deepEqual(Object.keys(lax.RandomAlgorithm), ["RNG_DEFAULT", "RNG_THREE_FRY", "RNG_PHILOX"]);
  assert.deepEqual(Object.keys(lax.AccuracyMode), ["HIGHEST", "DEFAULT"]);
  const t = new lax.Tolerance({ atol: 1e-5 });
  assert.deepEqual([t.atol, t.rtol, t.ulps], [1e-5, 0, 0]);
});

test("ConvDimensionNumbers and RaggedDotDimensionNumbers", () => {
  const lhs = jnp.ones([1, 4, 4, 1]);
  const rhs = jnp.ones([2, 2, 1, 1]);
  const dn = new lax.ConvDimensionNumbers([0, 3, 1, 2], [3, 2, 0, 1], [0, 3, 1, 2]);
  const viaClass = lax.convGeneralDilated(lhs, rhs, [1, 1], "VALID", { dimensionNumbers: dn });
  const viaStrings = lax.convGeneralDilated(lhs, rhs, [1, 1], "VALID", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] });
  assert.deepEqual(viaClass.toArray(), viaStrings.toArray());
  assert.deepEqual(
    [...dn],
    [
      [0, 3, 1, 2],
      [3, 2, 0, 1],
      [0, 3, 1, 2],
    ],
  );
  const rd = new lax.RaggedDotDimensionNumbers(
    [
      [[1], [1]],
      [[], []],
    ],
    [0],
    [0],
  );
  assert.deepEqual(rd.lhsRaggedDimensions, [0]);
});
