// float32 max / min reductions accumulate with pmax / pmin (one instruction
// each, where a NaN-propagating max is several) and track NaNs on the side:
// a NaN anywhere (vector body, unrolled copies, scalar tail) makes the result
// NaN, infinities and all-equal inputs come out exact, and every size agrees
// with the js reference, eager and jitted, whole-array and per row.
import assert from "node:assert/strict";
import { test } from "node:test";
import { jnp } from "../../../src/index.ts";
import { agree, rand } from "../../helpers/backends.ts";

const SIZES = [1, 3, 4, 5, 16, 17, 63, 64, 65, 1000, 4099];

test("max and min reductions agree with the reference", () => {
  for (const n of SIZES) {
    const x = rand([n], 7 * n);
    agree(`max ${n}`, (a) => jnp.max(a), [x], 0, 0, true);
    agree(`min ${n}`, (a) => jnp.min(a), [x], 0, 0, true);
    agree(`row max ${n}`, (a) => jnp.max(a, 1), [rand([3, n], 7 * n + 1)], 0, 0, true);
    agree(`row min ${n}`, (a) => jnp.min(a, -1), [rand([3, n], 7 * n + 2)], 0, 0, true);
  }
});

test("a NaN anywhere makes a max or min NaN", () => {
  for (const n of SIZES) {
    for (const at of new Set([0, 1, Math.floor(n / 2), n - 4, n - 1].filter((i) => i >= 0 && i < n))) {
      const data = Float32Array.from({ length: n }, (_, i) => Math.sin(i + 1));
      data[at] = Number.NaN;
      const x = jnp.array(data);
      assert.ok(Number.isNaN(jnp.max(x).item()), `max of ${n} with a NaN at ${at}`);
      assert.ok(Number.isNaN(jnp.min(x).item()), `min of ${n} with a NaN at ${at}`);
      agree(`max with NaN ${n}@${at}`, (a) => jnp.max(a), [x], 0, 0, true);
    }
  }
});

test("infinities and constant inputs reduce exactly", () => {
  for (const n of [4, 64, 1001]) {
    const ramp = Float32Array.from({ length: n }, (_, i) => i - n / 2);
    ramp[n >> 1] = Number.POSITIVE_INFINITY;
    ramp[n >> 2] = Number.NEGATIVE_INFINITY;
    const x = jnp.array(ramp);
    assert.equal(jnp.max(x).item(), Number.POSITIVE_INFINITY);
    assert.equal(jnp.min(x).item(), Number.NEGATIVE_INFINITY);
    assert.equal(jnp.max(jnp.full([n], -3.4028234663852886e38)).item(), -3.4028234663852886e38);
    assert.equal(jnp.min(jnp.full([n], Number.NEGATIVE_INFINITY)).item(), Number.NEGATIVE_INFINITY);
    assert.equal(jnp.max(jnp.full([n], 2.5)).item(), 2.5);
  }
});

test("max and min over a leading axis (accumulated in memory) keep NaNs", () => {
  for (const [rows, cols] of [
    [5, 4],
    [7, 9],
    [64, 33],
    [3, 1001],
  ]) {
    const data = Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(i * 0.7) * 10);
    data[cols + 2] = Number.NaN; // row 1, column 2
    data[(rows - 1) * cols + cols - 1] = Number.NaN; // the last row's last column
    const x = jnp.array(data).reshape([rows, cols]);
    agree(`max/min axis 0 ${rows}x${cols}`, (a) => [jnp.max(a, 0), jnp.min(a, 0)], [x], 0, 0, true);
    const mx = jnp.max(x, 0).dataSync();
    assert.ok(Number.isNaN(mx[2]) && Number.isNaN(mx[cols - 1]), `NaN columns of ${rows}x${cols}`);
    assert.ok(!Number.isNaN(mx[0]), `a column without NaN of ${rows}x${cols}`);
  }
});
