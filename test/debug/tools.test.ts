// pureCallback, evalShape, the device API, configuration scopes, clearCaches,
// ensureCompileTimeEval and cost analysis.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ShapeDtypeStruct,
  clearCaches,
  debugInfs,
  debugNans,
  defaultBackend,
  devicePut,
  deviceGet,
  deviceCount,
  devices,
  disableJit,
  ensureCompileTimeEval,
  evalShape,
  FloatingPointError,
  grad,
  jit,
  jnp,
  localDevices,
  makeJaxpr,
  pureCallback,
  vmap,
  type NDArray,
} from "../../src/index.ts";

const f32 = (xs: number[]) => jnp.array(xs, { dtype: "float32" });
const close = (a: NDArray, b: NDArray) => assert.ok(jnp.allclose(a, b).item(), `${a} != ${b}`);

test("pureCallback runs a host function eagerly, under jit and makeJaxpr", () => {
  let calls = 0;
  const host = (x: NDArray) => {
    calls++;
    return x.mul(x).add(1);
  };
  const spec = new ShapeDtypeStruct([3], "float32");
  const f = (x: NDArray) => (pureCallback(host, spec, x) as NDArray).mul(2);
  const x = f32([1, 2, 3]);
  close(f(x), f32([4, 10, 20]));
  close(jit(f)(x), f32([4, 10, 20]));
  assert.equal(calls, 2);
  assert.match(
    makeJaxpr(f)(x).toString(),
    /pure_callback\[callback=<function host> result_avals=\(ShapedArray\(f32\[3\]\),\) vmap_method=None\]/,
  );
});

test("pureCallback under vmap follows vmapMethod, as JAX", () => {
  const shapes: string[] = [];
  const host = (x: NDArray, y: NDArray) => {
    shapes.push(`${x.shape}|${y.shape}`);
    return x.add(y);
  };
  const call = (method?: "sequential" | "expand_dims" | "broadcast_all") => (x: NDArray, y: NDArray) =>
    pureCallback(host, new ShapeDtypeStruct(x.shape, "float32"), x, y, ...(method ? [{ vmapMethod: method }] : [])) as NDArray;
  const xs = f32([1, 2, 3, 4, 5, 6]).reshape([2, 3]);
  const y = f32([10, 20, 30]);
  const want = xs.add(y);
  close(vmap(call("sequential"), { inAxes: [0, null] })(xs, y), want);
  assert.deepEqual(shapes.splice(0), ["3|3", "3|3"]);
  close(vmap(call("expand_dims"), { inAxes: [0, null] })(xs, y), want);
  assert.deepEqual(shapes.splice(0), ["2,3|1,3"]);
  close(vmap(call("broadcast_all"), { inAxes: [0, null] })(xs, y), want);
  assert.deepEqual(shapes.splice(0), ["2,3|2,3"]);
  assert.throws(
    () => vmap(call(), { inAxes: [0, null] })(xs, y),
    /vmap is only supported for the pure_callback primitive when vmapMethod is one of/,
  );
});

test("pureCallback has no derivative and checks what the callback returns", () => {
  const spec = new ShapeDtypeStruct([], "float32");
  assert.throws(() => grad((x: NDArray) => pureCallback((v: NDArray) => v, spec, x) as NDArray)(1.5), /Pure callbacks do not support JVP/);
  assert.throws(
    () => pureCallback(() => f32([1, 2]), spec, 1),
    /result 0 has shape \(2,\) and dtype float32, but resultShapeDtypes declares shape \(\) and dtype float32/,
  );
  assert.throws(() => pureCallback(() => jnp.array(1, { dtype: "int32" }), spec), /dtype int32/);
  // A JS number takes the declared dtype, as a Python scalar would.
  assert.equal((pureCallback(() => 2, spec) as NDArray).dtype, "float32");
});

test("evalShape gives shapes and dtypes of a pytree of outputs, computing nothing", () => {
  let ran = 0;
  const out = evalShape(
    (p: { w: NDArray; b: NDArray }, x: NDArray) => {
      ran++;
      return { y: jnp.matmul(x, p.w).add(p.b), n: x.sum(0).astype("int32") };
    },
    { w: new ShapeDtypeStruct([4, 5], "float32"), b: f32([0, 0, 0, 0, 0]) },
    new ShapeDtypeStruct([3, 4], "float32"),
  ) as { y: ShapeDtypeStruct; n: ShapeDtypeStruct };
  assert.equal(ran, 1);
  assert.equal(String(out.y), "ShapeDtypeStruct(shape=(3, 5), dtype=float32)");
  assert.equal(String(out.n), "ShapeDtypeStruct(shape=(4,), dtype=int32)");
  assert.equal(out.y.ndim, 2);
  assert.equal(out.y.size, 15);
  assert.throws(() => evalShape((x: NDArray) => x, "nope"), /expected a ShapeDtypeStruct, an array or a JS number/);
});

test("devicePut moves arrays between backends; x.devices() names where an array lives", () => {
  const here = defaultBackend();
  assert.deepEqual(localDevices(), [here]);
  assert.equal(deviceCount(), 1);
  const x = f32([1, 2, 3]);
  assert.deepEqual(x.devices(), [here]);
  for (const d of devices()) {
    const t = devicePut({ a: x, b: [2] }, d);
    assert.deepEqual(t.a.devices(), [d]);
    assert.deepEqual(t.a.toArray(), [1, 2, 3]);
    assert.deepEqual(t.b[0].devices(), [d]);
    // Computing with it gives the same values wherever it lives.
    assert.deepEqual(t.a.mul(2).toArray(), [2, 4, 6]);
  }
  assert.equal(devicePut(x), x as unknown);
  assert.equal((deviceGet({ x }) as { x: NDArray }).x, x);
  assert.throws(() => devicePut(x, "tpu"), /not available here/);
  assert.throws(() => jit((v: NDArray) => v.devices())(x), /traced array/);
});

test("disableJit runs jitted functions eagerly (JS control flow on values works)", () => {
  const f = jit((x: NDArray) => (x.sum().item() > 0 ? x : x.neg()));
  assert.throws(() => f(f32([-1, -2])));
  const out = disableJit(() => f(f32([-1, -2])));
  assert.deepEqual(out.toArray(), [1, 2]);
  assert.throws(() => f(f32([-1, -2])), "the option is restored afterwards");
});

test("debugNans and debugInfs raise at the primitive that makes the value, eager and jitted", () => {
  const f = (x: NDArray) => jnp.log(x).mul(2);
  assert.throws(
    () => debugNans(true, () => f(f32([-1]))),
    (e: unknown) => e instanceof FloatingPointError && /nan.*log/.test(String(e)),
  );
  assert.throws(
    () => debugInfs(true, () => jit(f)(f32([0]))),
    (e: unknown) => e instanceof FloatingPointError && /inf.*log/.test(String(e)),
  );
  assert.doesNotThrow(() => debugNans(true, () => f(f32([0]))));
  assert.ok(Number.isNaN(f(f32([-1])).item()));
});

test("clearCaches makes jitted functions trace again", () => {
  let traces = 0;
  const f = jit((x: NDArray) => {
    traces++;
    return x.add(1);
  });
  f(f32([1]));
  f(f32([2]));
  assert.equal(traces, 1);
  clearCaches();
  assert.equal(f.cacheSize(), 0);
  assert.deepEqual(f(f32([3])).toArray(), [4]);
  assert.equal(traces, 2);
});

test("ensureCompileTimeEval computes on constants inside jit", () => {
  const f = jit((x: NDArray) => {
    const n = ensureCompileTimeEval(() => jnp.arange(4).sum().item());
    return x.mul(n);
  });
  assert.deepEqual(f(f32([1, 2])).toArray(), [6, 12]);
});

test("lower(...).compile().costAnalysis() counts a matmul's flops as XLA does", () => {
  const c = jit((x: NDArray) => jnp.matmul(x, x.T))
    .lower(jnp.ones([4, 4]))
    .compile();
  assert.equal(c.costAnalysis().flops, 128);
  assert.ok(c.costAnalysis()["bytes accessed"] >= 192);
});

test("single-process host queries, copyToHostAsync and makeArrayFromCallback, as JAX on one CPU", async () => {
  const jax = await import("../../src/index.ts");
  assert.equal(jax.hostCount(), 1);
  assert.equal(jax.hostId(), 0);
  assert.deepEqual(jax.hostIds(), [0]);
  assert.deepEqual(jax.processIndices(), [0]);
  const x = f32([1, 2]);
  assert.equal(jax.copyToHostAsync(x), x);
  let seen: unknown[] = [];
  const a = jax.makeArrayFromCallback([2, 3], null, (idx) => {
    seen = idx;
    return [
      [0, 1, 2],
      [3, 4, 5],
    ];
  });
  assert.equal(seen.length, 2);
  assert.deepEqual(a.toArray(), [
    [0, 1, 2],
    [3, 4, 5],
  ]);
  assert.equal(a.dtype, "float32");
  assert.equal(jax.makeArrayFromCallback([2], "js", () => [1, 2], { dtype: "int32" }).dtype, "int32");
  assert.throws(() => jax.makeArrayFromCallback([3], null, () => [1, 2]), /returned shape \(2,\), expected \(3,\)/);
});
