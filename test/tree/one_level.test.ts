// tree.Partial, flattenOneLevel(WithKeys), isTreeNode, reduceAssociative,
// registerPytreeWithKeysClass, defaultRegistry — expected values from JAX 0.10.2.
import assert from "node:assert/strict";
import { test } from "node:test";
import { jit, jnp, tree, vmap, type NDArray } from "../../src/index.ts";

test("Partial binds leading arguments and is a pytree of them", () => {
  const f = (a: number, b: number, c: number) => a * 100 + b * 10 + c;
  const p = tree.Partial(f, 1);
  assert.equal(p(2, 3), 123);
  assert.equal(new tree.Partial(f, 1, 2)(3), 123);
  assert.deepEqual(tree.leaves(p), [1]);
  assert.equal(p.func, f);
  // A Partial of a Partial keeps the inner one as its (static) function, as JAX's does.
  const pp = tree.Partial(p, 2);
  assert.equal(pp(3), 123);
  assert.deepEqual(tree.leaves(pp), [2]);
  // tree.map rebuilds a Partial over the mapped arguments.
  const doubled = tree.map((x: number) => x * 2, p as unknown) as unknown as typeof p;
  assert.equal(doubled(2, 3), 223);
  assert.deepEqual(
    tree.flattenWithPath(p)[0].map(([k]) => tree.keystr(k)),
    ["[<flat index 0>][0]"],
  );
  assert.ok(tree.isTreeNode(tree.Partial));
  assert.throws(() => tree.Partial(3 as never), TypeError);
});

test("Partial through jit and vmap: bound arrays are traced", () => {
  const mul = (a: NDArray, b: NDArray) => a.mul(b);
  const p = tree.Partial(mul, jnp.array([1, 2, 3]));
  const g = jit((q: typeof p, x: NDArray) => q(x));
  assert.deepEqual(g(p, jnp.array(2)).toArray(), [2, 4, 6]);
  assert.equal(g.cacheSize(), 1);
  assert.deepEqual(g(tree.Partial(mul, jnp.array([4, 5, 6])), jnp.array(2)).toArray(), [8, 10, 12]);
  assert.equal(g.cacheSize(), 1);
  const v = vmap((q: typeof p) => q(jnp.array(10)))(tree.Partial(mul, jnp.array([1, 2])));
  assert.deepEqual(v.toArray(), [10, 20]);
});

test("flattenOneLevel and flattenOneLevelWithKeys", () => {
  assert.deepEqual(tree.flattenOneLevel([1, 2]), [[1, 2], null]);
  assert.deepEqual(tree.flattenOneLevel({ b: 3, a: [1] }), [
    [[1], 3],
    ["a", "b"],
  ]);
  assert.deepEqual(tree.flattenOneLevel(null), [[], null]);
  const [pairs, meta] = tree.flattenOneLevelWithKeys({ b: 3, a: [1] });
  assert.deepEqual(
    pairs.map(([k, v]) => [String(k), v]),
    [
      ["['a']", [1]],
      ["['b']", 3],
    ],
  );
  assert.deepEqual(meta, ["a", "b"]);
  assert.deepEqual(
    tree.flattenOneLevelWithKeys([5, 6])[0].map(([k]) => String(k)),
    ["[0]", "[1]"],
  );
  const P = tree.namedTuple("P", ["x", "y"]);
  const [kids, cls] = tree.flattenOneLevel(new P({ x: 1, y: 2 }));
  assert.deepEqual(kids, [1, 2]);
  assert.equal(cls, P);
  assert.throws(() => tree.flattenOneLevel(3), /can't tree-flatten type: number/);
  assert.throws(() => tree.flattenOneLevel(jnp.ones([2])), /can't tree-flatten type/);
  const [pk] = tree.flattenOneLevel(tree.Partial((a: number) => a, 1));
  assert.deepEqual(pk, [[1], {}]);
});

test("isTreeNode", () => {
  class Leafy {}
  assert.equal(tree.isTreeNode(Array), true);
  assert.equal(tree.isTreeNode(Object), true);
  assert.equal(tree.isTreeNode(null), true);
  assert.equal(tree.isTreeNode(Leafy), false);
  assert.equal(tree.isTreeNode(tree.namedTuple("Q", ["a"])), true);
  assert.equal(tree.isTreeNode(Number), false);
});

test("reduceAssociative combines by halves; empty needs identity", () => {
  const op = (a: unknown, b: unknown) => `(${a}+${b})`;
  assert.equal(tree.reduceAssociative(op, [1, 2, 3, 4, 5]), "((1+2)+(3+(4+5)))");
  assert.equal(tree.reduceAssociative(op, { a: 1, b: [2, 3] }), "(1+(2+3))");
  assert.throws(
    () => tree.reduceAssociative((a: number, b: number) => a + b, []),
    /Must specify identity for parallel reduction of empty sequence/,
  );
  assert.equal(
    tree.reduceAssociative((a: number, b: number) => a + b, [], { identity: 0 }),
    0,
  );
  assert.equal(
    tree.reduceAssociative((a: number, b: number) => a + b, { a: [1, 2], b: 3 }, { isLeaf: (x: unknown) => Array.isArray(x) }) as unknown,
    "1,23",
  );
  assert.throws(() => tree.reduceAssociative((a: number) => a, [1], { bogus: 1 } as never), TypeError);
});

test("registerPytreeWithKeysClass and defaultRegistry", () => {
  class Special {
    constructor(
      readonly x: unknown,
      readonly y: unknown,
    ) {}
    treeFlattenWithKeys() {
      return [
        [
          [new tree.GetAttrKey("x"), this.x],
          [new tree.GetAttrKey("y"), this.y],
        ],
        null,
      ] as const;
    }
    static treeUnflatten(_aux: unknown, children: unknown[]) {
      return new Special(children[0], children[1]);
    }
  }
  tree.registerPytreeWithKeysClass(Special);
  const s = new Special(1, [2]);
  assert.deepEqual(tree.leaves(s), [1, 2]);
  assert.deepEqual(
    tree.flattenWithPath(s)[0].map(([k]) => tree.keystr(k)),
    [".x", ".y[0]"],
  );
  const back = tree.unflatten(tree.structure(s), [5, 6]) as Special;
  assert.ok(back instanceof Special);
  assert.deepEqual([back.x, back.y], [5, [6]]);
  assert.equal(tree.isTreeNode(Special), true);
  assert.equal(tree.defaultRegistry.isNode(Special), true);
  const [lv, td] = tree.defaultRegistry.flatten({ a: 1, b: [2] });
  assert.deepEqual(lv, [1, 2]);
  assert.equal(td.numLeaves, 2);
  assert.deepEqual(tree.defaultRegistry.flattenOneLevel([7])[0], [7]);
});
