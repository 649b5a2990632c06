// The configuration scopes beyond disableJit/debugNans: each restores its flag,
// and those with an effect here act as JAX's do (messages probed from JAX 0.10.2).
import assert from "node:assert/strict";
import { test } from "node:test";
import * as jx from "../../src/index.ts";

const { jnp, random, jit, config } = jx;

test("numpyRankPromotion raise/warn/allow as jnp's promote_shapes", () => {
  const x = jnp.ones([2, 3]);
  const y = jnp.ones([3]);
  assert.throws(
    () => jx.numpyRankPromotion("raise", () => jnp.add(x, y)),
    (e: Error) =>
      e instanceof jx.ValueError &&
      e.message.startsWith(
        "Operands could not be broadcast together for add on shapes (2, 3) (3,) and with the config option jax_numpy_rank_promotion='raise'",
      ),
  );
  assert.throws(() => jx.numpyRankPromotion("raise", () => x.mul(y)), jx.ValueError);
  // Scalars, same ranks and where are not rank promotion.
  jx.numpyRankPromotion("raise", () => {
    assert.deepEqual(jnp.add(x, 1).shape, [2, 3]);
    assert.deepEqual(jnp.add(x, jnp.float32(2)).shape, [2, 3]);
    assert.deepEqual(jnp.add(x, jnp.ones([1, 3])).shape, [2, 3]);
    assert.deepEqual(jnp.where(x.gt(0), x, y).shape, [2, 3]);
    assert.deepEqual(jnp.interp(x, jnp.arange(3), jnp.arange(3)).shape, [2, 3]);
    assert.deepEqual(jnp.matmul(x, y).shape, [2]);
  });
  assert.equal(config.read("numpyRankPromotion"), "allow");
  assert.deepEqual(jnp.add(x, y).shape, [2, 3]);
  const warnings: string[] = [];
  const onWarn = (w: Error) => warnings.push(w.message);
  process.on("warning", onWarn);
  const orig = process.emitWarning;
  process.emitWarning = ((m: string) => warnings.push(m)) as typeof process.emitWarning;
  try {
    jx.numpyRankPromotion("warn", () => jnp.add(x, y));
  } finally {
    process.emitWarning = orig;
    process.off("warning", onWarn);
  }
  assert.ok(
    warnings.some((w) => w.startsWith("Following NumPy automatic rank promotion for add on shapes (2, 3) (3,).")),
    String(warnings),
  );
  assert.throws(() => jx.numpyRankPromotion("bogus" as "raise", () => 0), jx.ValueError);
  // Under jit, the check runs while tracing.
  assert.throws(() => jx.numpyRankPromotion("raise", () => jit((a: jx.NDArray, b: jx.NDArray) => a.add(b))(x, y)), jx.ValueError);
});

test("numpyDtypePromotion strict: only same dtypes and weak scalars of the kind", () => {
  const i32 = jnp.array([1], { dtype: "int32" });
  const f32 = jnp.array([1]);
  const f16 = jnp.array([1], { dtype: "float16" });
  const b = jnp.array([true]);
  const isPromotionError = (e: Error) =>
    e instanceof jx.TypePromotionError &&
    e instanceof jx.ValueError &&
    /no available implicit dtype promotion path when jax_numpy_dtype_promotion=strict/.test(e.message);
  jx.numpyDtypePromotion("strict", () => {
    assert.throws(() => jnp.add(i32, f32), isPromotionError);
    assert.throws(() => jnp.add(i32, 1.5), isPromotionError);
    assert.throws(() => jnp.add(f16, f32), isPromotionError);
    assert.throws(() => jnp.add(b, 1), isPromotionError);
    assert.throws(() => jnp.promoteTypes("int32", "float32"), isPromotionError);
    assert.throws(() => jnp.resultType("int32", "float32"), isPromotionError);
    assert.throws(() => jnp.array([i32, f32]), isPromotionError);
    assert.throws(() => jnp.concatenate([i32, f32]), isPromotionError);
    assert.equal(jnp.clip(f32, 0, 1).dtype, "float32");
    const a = jnp.add(f32, 1.5);
    assert.equal(a.dtype, "float32");
    assert.equal(jnp.add(i32, 2).dtype, "int32");
    assert.equal(jnp.add(f32, 2).dtype, "float32");
    assert.equal(jnp.multiply(i32, i32).dtype, "int32");
  });
  assert.equal(jnp.add(i32, f32).dtype, "float32");
  assert.equal(config.read("numpyDtypePromotion"), "standard");
});

test("legacyPrngKey error/warn on raw uint32 keys only", () => {
  const raw = random.PRNGKey(0);
  const typed = random.key(0);
  assert.throws(
    () => jx.legacyPrngKey("error", () => random.uniform(raw, [2])),
    (e: Error) => e instanceof jx.ValueError && e.message.startsWith("Legacy uint32 key array passed as key to jax.random function."),
  );
  assert.throws(() => jx.legacyPrngKey("error", () => random.split(raw)), jx.ValueError);
  assert.deepEqual(jx.legacyPrngKey("error", () => random.uniform(typed, [2])).shape, [2]);
  assert.deepEqual(random.uniform(raw, [2]).shape, [2]);
});

test("noTracing and noExecution guard jit", () => {
  const f = jit((x: jx.NDArray) => x.mul(2));
  assert.throws(
    () => jx.noTracing(true, () => f(jnp.ones([3]))),
    (e: Error) => e instanceof jx.RuntimeError && /for `jit`, but 'no_tracing' is set/.test(e.message),
  );
  f(jnp.ones([3]));
  assert.deepEqual(jx.noTracing(true, () => f(jnp.ones([3]))).toArray(), [2, 2, 2]);
  assert.throws(
    () => jx.noExecution(true, () => f(jnp.ones([3]))),
    (e: Error) => e instanceof jx.RuntimeError && /but the no_execution config option is set/.test(e.message),
  );
  assert.deepEqual(f(jnp.ones([3])).toArray(), [2, 2, 2]);
  // Eager library functions (jitted internally on some backends) are not guarded.
  assert.deepEqual(
    jx.noExecution(true, () => jx.noTracing(true, () => jnp.add(jnp.ones([3]), 1).toArray())),
    [2, 2, 2],
  );
  assert.deepEqual(
    jx.noExecution(true, () => jx.nn.softmax(jnp.zeros([2])).toArray()),
    [0.5, 0.5],
  );
});

test("allowF16Reductions(false) refuses float16 reduce_sum", () => {
  const h = jnp.ones([4], { dtype: "float16" });
  assert.throws(
    () => jx.allowF16Reductions(false, () => jx.lax.reduceSum(h, [0])),
    (e: Error) => e instanceof jx.ValueError && /is not allowed when jax_allow_f16_reductions=False/.test(e.message),
  );
  assert.equal(jx.allowF16Reductions(false, () => jx.lax.reduceSum(jnp.ones([4]), [0])).item(), 4);
  assert.equal(jx.lax.reduceSum(h, [0]).item(), 4);
});

test("the other scopes validate, run the body, restore and pass results through", async () => {
  const x = jnp.arange(3);
  for (const [name, run] of [
    ["checkTracerLeaks", () => jx.checkTracerLeaks(true, () => x.sum())],
    ["checkingLeaks", () => jx.checkingLeaks(() => x.sum())],
    ["defaultMatmulPrecision", () => jx.defaultMatmulPrecision("highest", () => x.sum())],
    ["transferGuard", () => jx.transferGuard("disallow", () => x.sum())],
    ["transferGuardHostToDevice", () => jx.transferGuardHostToDevice("log", () => x.sum())],
    ["transferGuardDeviceToHost", () => jx.transferGuardDeviceToHost("allow", () => x.sum())],
    ["transferGuardDeviceToDevice", () => jx.transferGuardDeviceToDevice("allow", () => x.sum())],
    ["logCompiles", () => jx.logCompiles(true, () => x.sum())],
    ["explainCacheMisses", () => jx.explainCacheMisses(true, () => x.sum())],
    ["enableChecks", () => jx.enableChecks(true, () => x.sum())],
    ["debugKeyReuse", () => jx.debugKeyReuse(true, () => x.sum())],
    ["threefryPartitionable", () => jx.threefryPartitionable(true, () => x.sum())],
    ["softmaxCustomJvp", () => jx.softmaxCustomJvp(true, () => x.sum())],
    ["defaultPrngImpl", () => jx.defaultPrngImpl("threefry2x32", () => x.sum())],
    ["enableCustomPrng", () => jx.enableCustomPrng(true, () => x.sum())],
    ["arrayGarbageCollectionGuard", () => jx.arrayGarbageCollectionGuard("log", () => x.sum())],
  ] as const) {
    assert.equal((run() as jx.NDArray).item(), 3, name);
  }
  assert.throws(() => jx.defaultMatmulPrecision("nope", () => 0), jx.ValueError);
  assert.throws(() => jx.transferGuard("nope", () => 0), jx.ValueError);
  assert.throws(() => jx.logCompiles(1 as unknown as boolean, () => 0), jx.TypeError);
  assert.throws(() => jx.defaultPrngImpl("rbg", () => 0), /not supported/);
  assert.throws(() => jx.threefryPartitionable(false, () => 0), /not supported/);
  // A flag set inside is restored after a throw and after a Promise settles.
  assert.throws(() =>
    jx.noTracing(true, () => {
      throw new Error("x");
    }),
  );
  jit((a: jx.NDArray) => a.add(1))(x);
  await jx.noExecution(true, async () => 1);
  assert.equal(jit((a: jx.NDArray) => a.add(2))(x).shape[0], 3);
});

test("config.update takes JAX's jax_* spellings of its options", () => {
  assert.equal(config.enableX64, false);
  try {
    config.update("jax_enable_x64" as never, true as never);
    assert.equal(config.enableX64, true);
    assert.equal(jnp.array(0.1).dtype, "float64");
  } finally {
    config.update("enableX64", false);
  }
  assert.throws(() => config.update("jax_no_such_flag" as never, true as never), /Unrecognized config option: jax_no_such_flag/);
});
