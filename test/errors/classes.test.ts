// Error classes: instanceof both the jaxts class and the matching built-in,
// names that print plainly.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ConcretizationTypeError,
  FloatingPointError,
  IndexError,
  JaxTsError,
  NotImplementedError,
  TracerArrayConversionError,
  TypeError as JaxTypeError,
  UnexpectedTracerError,
  ValueError,
  grad,
  jit,
  jnp,
  scipy,
} from "../../src/index.ts";

test("each error class is a JaxTsError and the built-in JAX's Python class maps to", () => {
  const cases: Array<[Error, string, Array<abstract new (...a: never[]) => unknown>]> = [
    [new JaxTypeError("m"), "TypeError", [JaxTypeError, TypeError, Error]],
    [new ConcretizationTypeError("m"), "ConcretizationTypeError", [ConcretizationTypeError, JaxTypeError, TypeError]],
    [new UnexpectedTracerError("m"), "UnexpectedTracerError", [UnexpectedTracerError, JaxTypeError, TypeError]],
    [new TracerArrayConversionError("m"), "TracerArrayConversionError", [TracerArrayConversionError, JaxTypeError, TypeError]],
    [new IndexError("m"), "IndexError", [IndexError, RangeError, Error]],
    [new ValueError("m"), "ValueError", [ValueError, Error]],
    [new FloatingPointError("m"), "FloatingPointError", [FloatingPointError, Error]],
    [new NotImplementedError("m"), "NotImplementedError", [NotImplementedError, Error]],
  ];
  for (const [e, name, classes] of cases) {
    assert.ok(e instanceof JaxTsError, `${name} instanceof JaxTsError`);
    for (const c of classes) assert.ok(e instanceof c, `${name} instanceof ${c.name}`);
    assert.equal(e.name, name);
    assert.equal(e.constructor.name, name);
    assert.equal(String(e), `${name}: m`);
    assert.ok(e.stack!.startsWith(`${name}: m`), e.stack);
  }
  // Not every error is a jaxts error, and siblings stay apart.
  assert.ok(!(new TypeError("m") instanceof JaxTsError));
  assert.ok(!(new TypeError("m") instanceof JaxTypeError));
  assert.ok(!(new ValueError("m") instanceof JaxTypeError));
  assert.ok(!(new JaxTypeError("m") instanceof ConcretizationTypeError));
});

test("errors thrown by the library carry those classes", () => {
  assert.throws(
    () => jnp.add("a" as never, 1),
    (e: unknown) => e instanceof JaxTypeError && e instanceof TypeError && (e as Error).name === "TypeError",
  );
  assert.throws(
    () => jnp.zeros([2]).get(0, 0),
    (e: unknown) => e instanceof IndexError && e instanceof RangeError,
  );
  assert.throws(
    () => jit((x: jnp.NDArray) => x.item())(jnp.ones([])),
    (e: unknown) => e instanceof ConcretizationTypeError || e instanceof TracerArrayConversionError,
  );
  // What JAX does not implement raises Python's NotImplementedError, as JAX's.
  const notImplemented = (e: unknown) => e instanceof NotImplementedError && (e as Error).name === "NotImplementedError";
  assert.throws(() => jnp.take(jnp.ones([3]), jnp.array([0], { dtype: "int32" }), 0, { mode: "raise" }), notImplemented);
  assert.throws(
    () => grad((x: jnp.NDArray) => jnp.sum(x.at(jnp.array([1, 1], { dtype: "int32" })).mul(x.get(0))))(jnp.ones([3])),
    notImplemented,
  );
  assert.throws(() => scipy.linalg.eigh(jnp.eye(2), { b: jnp.eye(2) }), notImplemented);
  assert.throws(() => jnp.linalg.slogdet(jnp.eye(2).astype("complex64"), { method: "qr" }), notImplemented);
});
