// Scatters of a few single elements per batch row (take_along_axis's
// transpose, x.at[arange(n), labels], vmap of x.at[i].add(v)) fuse as
// expressions (compiler/fuse_moves.ts fuseRowScatter): each point adds the
// updates of its row whose indices equal its coordinates, in order. Compared
// bit for bit with the js reference backend (its scatter runs update by
// update), duplicates, negative, clipped and out-of-bounds indices included.
import { test } from "node:test";
import assert from "node:assert/strict";
import { grad, jit, jnp, nn, vmap, defaultBackend, type NDArray } from "../../src/index.ts";
import { agree, assertSameAsReference, rand, randInt } from "../helpers/backends.ts";

const onWasm = defaultBackend() === "wasm";

test("take_along_axis gradients and row-wise .at updates agree with the reference", () => {
  for (const [r, c] of [
    [5, 7],
    [16, 33],
    [1, 4],
  ]) {
    const x = rand([r, c], r + c);
    for (const k of [1, 2, 3, 4, 6]) {
      // Duplicates within a row are likely at these widths: their updates add in order.
      const idx = randInt([r, k], r * k, -c, c);
      const w = rand([r, k], k);
      const loss = (a: NDArray) => jnp.sum(jnp.takeAlongAxis(a, idx, 1).mul(w));
      assertSameAsReference(`grad of take_along_axis ${r}x${c}, ${k} per row`, () => jit(grad(loss))(x));
      const idx0 = randInt([k, c], c * k, -r, r);
      const w0 = rand([k, c], c);
      const loss0 = (a: NDArray) => jnp.sum(jnp.takeAlongAxis(a, idx0, 0).mul(w0));
      assertSameAsReference(`along axis 0 ${r}x${c}, ${k} per column`, () => jit(grad(loss0))(x));
    }
    const labels = randInt([r], r, 0, c);
    const rows = jnp.arange(r);
    assertSameAsReference(`x.at[arange, labels].add ${r}x${c}`, () =>
      jit((a: NDArray, y: NDArray) => a.at(rows, y).add(jnp.arange(r).astype("float32").add(0.5)))(x, labels),
    );
    assertSameAsReference(`x.at[arange, labels].set ${r}x${c}`, () => jit((a: NDArray, y: NDArray) => a.at(rows, y).set(-1))(x, labels));
    assertSameAsReference(`x.at[arange, labels] clipped ${r}x${c}`, () =>
      jit((a: NDArray, y: NDArray) => a.at(rows, y.mul(3).sub(c)).add(2, { mode: "clip" }))(x, labels),
    );
    assertSameAsReference(`x.at[arange, labels] out of bounds dropped ${r}x${c}`, () =>
      jit((a: NDArray, y: NDArray) => a.at(rows, y.add(c - 2)).add(2, { mode: "drop" }))(x, labels),
    );
    const ints = randInt([r, c], c, -50, 50);
    assertSameAsReference(`int rows ${r}x${c}`, () => jit((a: NDArray, y: NDArray) => a.at(rows, y).add(7))(ints, labels));
    const bools = x.gt(0);
    assertSameAsReference(`bool rows ${r}x${c}`, () => jit((a: NDArray, y: NDArray) => a.at(rows, y).set(true))(bools, labels));
    // vmap of an element's gradient: a scatter of one-element windows along the addressed dim.
    const pick = vmap(
      grad((row: NDArray, i: NDArray) => row.at(i).get().mul(row.at(i).get())),
      { inAxes: [0, 0] },
    );
    assertSameAsReference(`vmap of grad of x[i] ${r}x${c}`, () => jit(pick)(x, labels));
    if (onWasm) assert.doesNotMatch(jit(pick).lower(x, labels).compile().asText(), /scatter/, "one-element windows fuse");
    assertSameAsReference(`vmap of x.at[i].add(v) ${r}x${c}`, () =>
      jit(vmap((row: NDArray, i: NDArray, v: NDArray) => row.at(i).add(v)))(x, labels, rand([r], c)),
    );
  }
});

test("cross-entropy's gradient with integer labels has no scatter step", { skip: !onWasm }, () => {
  const logits = rand([64, 10], 1);
  const labels = randInt([64], 2, 0, 10);
  const byTake = grad((l: NDArray) => jnp.mean(jnp.takeAlongAxis(nn.logSoftmax(l), labels.reshape([-1, 1]), 1)).neg());
  const byIndex = grad((l: NDArray) => jnp.mean(nn.logSoftmax(l).at(jnp.arange(64), labels).get()).neg());
  for (const [name, f] of [
    ["take_along_axis", byTake],
    ["x[arange, labels]", byIndex],
  ] as const) {
    const text = jit(f).lower(logits).compile().asText();
    assert.doesNotMatch(text, /scatter/, `${name}\n${text}`);
    agree(name, f, [logits], 1e-5, 1e-7);
  }
});
