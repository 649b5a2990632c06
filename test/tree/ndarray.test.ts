// The seed notebook's pytree cells with real arrays as leaves, checked against
// what JAX printed (shared/goldens/notebook/001, 002, 003, 006).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { jnp, tree, NDArray } from "../../src/index.ts";

const close = (a: NDArray, expected: number[]): void => {
  const got = Array.from(a.dataSync() as ArrayLike<number>);
  assert.equal(got.length, expected.length);
  got.forEach((g, i) => assert.ok(Math.abs(g - expected[i]) <= 2e-5 * Math.max(1, Math.abs(expected[i])), `${g} vs ${expected[i]}`));
};

describe("pytrees of NDArrays (seed notebook goldens)", () => {
  it("001: arrays are leaves; structures print as JAX", () => {
    const pytree2 = [jnp.array([1, 2]), jnp.array([3, 4])];
    const pytree4 = { weights: jnp.ones([3, 3]), bias: jnp.zeros([3]) };
    const pytree5 = [
      { W: jnp.ones([2, 2]), b: jnp.zeros([2]) },
      { W: jnp.ones([2, 1]), b: jnp.zeros([1]) },
    ];
    assert.equal(tree.leaves(pytree2).length, 2);
    assert.equal(tree.structure(pytree4).toString(), "PyTreeDef({'bias': *, 'weights': *})");
    assert.equal(tree.structure(pytree5).toString(), "PyTreeDef([{'W': *, 'b': *}, {'W': *, 'b': *}])");
    const [pairs] = tree.flattenWithPath(pytree5);
    assert.deepEqual(
      pairs.map(([k, v]) => [tree.keystr(k), (v as NDArray).shape]),
      [
        ["[0]['W']", [2, 2]],
        ["[0]['b']", [2]],
        ["[1]['W']", [2, 1]],
        ["[1]['b']", [1]],
      ],
    );
  });

  it("002: flatten / unflatten", () => {
    const params = {
      weights: jnp.array([
        [1, 2],
        [3, 4],
      ]),
      bias: jnp.array([0.5, 1.5]),
    };
    const [leaves, treedef] = tree.flatten<NDArray>(params);
    assert.equal(leaves.length, 2);
    close(leaves[0], [0.5, 1.5]);
    close(leaves[1], [1, 2, 3, 4]);
    assert.equal(treedef.toString(), "PyTreeDef({'bias': *, 'weights': *})");
    const reconstructed = tree.unflatten<typeof params>(treedef, leaves);
    assert.equal(reconstructed.bias, params.bias);
    assert.ok(tree.structure(reconstructed).equals(treedef));
  });

  it("003: map over one and two trees", () => {
    const params = {
      weights: jnp.array([
        [1, 2],
        [3, 4],
      ]),
      bias: jnp.array([0.5, 1.5]),
    };
    const doubled = tree.map((x: NDArray) => x.mul(2), params);
    close(doubled.bias, [1, 3]);
    close(doubled.weights, [2, 4, 6, 8]);
    const params2 = { weights: jnp.ones([2, 2]), bias: jnp.ones([2]) };
    const sum = tree.map((x: NDArray, y: NDArray) => x.add(y), params, params2);
    close(sum.bias, [1.5, 2.5]);
    close(sum.weights, [2, 3, 4, 5]);
  });

  it("006: namedTuple of arrays", () => {
    const MLPParams = tree.namedTuple("MLPParams", ["w1", "b1", "w2", "b2"]);
    const params = new MLPParams({ w1: jnp.ones([10, 5]), b1: jnp.zeros([5]), w2: jnp.ones([5, 2]), b2: jnp.zeros([2]) });
    const scaled = tree.map((x: NDArray) => x.mul(0.5), params);
    close(params.w1.sum(), [50]);
    close(scaled.w1.sum(), [25]);
    close(scaled.w2, new Array(10).fill(0.5));
    assert.ok(scaled instanceof MLPParams);
    assert.equal(
      tree.leaves<NDArray>(params).reduce((s, x) => s + x.size, 0),
      67,
    );
    assert.equal(JSON.stringify(tree.leaves<NDArray>(params).map((l) => l.shape)).replace(/,/g, ", "), "[[10, 5], [5], [5, 2], [2]]");
  });

  it("all on boolean arrays uses their value", () => {
    assert.equal(tree.all({ a: jnp.array(true), b: [jnp.array(1)] }), true);
    assert.equal(tree.all({ a: jnp.array(true), b: [jnp.array(false)] }), false);
  });
});
