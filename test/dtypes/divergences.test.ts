// Small divergences from JAX fixed together: signbit of -0.0, weak types of
// *_like and softmax, pow's derivative at 0^0.
import assert from "node:assert/strict";
import { test } from "node:test";
import { grad, jit, jnp, nn, type NDArray } from "../../src/index.ts";

const pow2 = (x: NDArray, y: NDArray): NDArray => jnp.power(x, y);

const weak = () => jnp.add(jnp.zerosLike(1.5), 2.5); // a weak float32 array

test("signbit reads the sign bit (-0.0 and -nan are negative)", () => {
  assert.equal(jnp.signbit(-0.0).item(), true);
  assert.equal(jnp.signbit(0.0).item(), false);
  assert.deepEqual(jnp.signbit(jnp.array([-1.5, -0.0, 0.0, 1.5, -Infinity, Infinity])).toArray(), [true, true, false, false, true, false]);
  assert.deepEqual(jit(jnp.signbit)(jnp.array([-0.0, 0.0, -2])).toArray(), [true, false, true]);
  assert.deepEqual(jnp.signbit(jnp.array([-0.0, 0.0], "float16")).toArray(), [true, false]);
  assert.deepEqual(jnp.signbit(jnp.array([-2, 0, 3])).toArray(), [true, false, false]);
  assert.deepEqual(jnp.signbit(jnp.array([true, false])).toArray(), [false, false]);
  assert.equal(jnp.signbit(jnp.array([-2])).dtype, "bool");
});

test("zerosLike/onesLike/fullLike keep a weak type unless a dtype is given", () => {
  assert.equal(jnp.zerosLike(1.0).weakType, true);
  assert.equal(jnp.onesLike(weak()).weakType, true);
  assert.equal(jnp.fullLike(1.0, 3).weakType, true);
  assert.equal(jnp.fullLike(weak(), jnp.array(3)).weakType, true);
  assert.equal(jnp.fullLike(weak(), jnp.array(3)).dtype, "float32");
  assert.equal(jnp.zerosLike(1.0, "float32").weakType, false);
  assert.equal(jnp.zerosLike(jnp.array([1.0])).weakType, false);
  assert.equal(jnp.zerosLike(3).weakType, true);
  assert.equal(jnp.zerosLike(3).dtype, "int32");
});

test("softmax and reductions of a weak input are strong", () => {
  const w = weak();
  assert.equal(w.weakType, true);
  assert.equal(nn.softmax(w, []).weakType, false);
  assert.equal(nn.logSoftmax(w, []).weakType, false);
  assert.equal(jnp.max(w).weakType, false);
  assert.equal(jnp.min(w).weakType, false);
  assert.equal(jnp.sum(w).weakType, false);
  assert.equal(nn.softmax(w, []).item(), 1);
});

test("grad(power) at 0^0 is [nan, 0] with a float exponent", () => {
  const [gx, gy] = (grad(pow2, { argnums: [0, 1] }) as (x: number, y: number) => NDArray[])(0.0, 0.0);
  assert.ok(Number.isNaN(gx.item() as number));
  assert.equal(gy.item(), 0);
  const [ax, ay] = (grad(pow2, { argnums: [0, 1] }) as (x: number, y: number) => NDArray[])(0.0, 1.0);
  assert.equal(ax.item(), 1);
  assert.equal(ay.item(), 0);
  assert.equal(grad((x: NDArray) => jnp.power(x, 2.0))(3.0).item(), 6);
});
