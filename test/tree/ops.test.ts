// map (multi-tree, prefix semantics, mismatch errors), mapWithPath, reduce,
// all, transpose, broadcast.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as tree from "../../src/tree/index.ts";
import { JaxTypeError, ValueError } from "../../src/core/errors.ts";

describe("map", () => {
  it("goldens 003: doubling and adding two trees", () => {
    const params = {
      weights: [
        [1, 2],
        [3, 4],
      ],
      bias: [0.5, 1.5],
    };
    assert.deepEqual(
      tree.map((x: number) => 2 * x, params),
      {
        bias: [1, 3],
        weights: [
          [2, 4],
          [6, 8],
        ],
      },
    );
    const params2 = {
      weights: [
        [1, 1],
        [1, 1],
      ],
      bias: [1, 1],
    };
    assert.deepEqual(
      tree.map((x: number, y: number) => x + y, params, params2),
      {
        bias: [1.5, 2.5],
        weights: [
          [2, 3],
          [4, 5],
        ],
      },
    );
  });

  it("rest trees may be deeper: the first tree's leaves map to whole subtrees", () => {
    const out = tree.map((n: number, sub: unknown) => [n, tree.leaves(sub).length], { a: 1, b: 2 }, { a: [1, 2, 3], b: { c: null } });
    assert.deepEqual(out, { a: [1, 3], b: [2, 0] });
  });

  it("keeps None and does not call f for it", () => {
    let calls = 0;
    const out = tree.map(
      (x: number) => {
        calls++;
        return x + 1;
      },
      [1, null, { a: undefined, b: 2 }],
    );
    assert.deepEqual(out, [2, null, { a: undefined, b: 3 }]);
    assert.equal(calls, 2);
  });

  it("structure mismatches name the key path where the trees differ, as JAX's pytree structure errors", () => {
    const f = (x: number, y: number): number => x + y;
    const expectMsg = (fn: () => unknown, ...parts: string[]): void => {
      assert.throws(fn, (e: Error) => {
        assert.ok(e instanceof ValueError, `not a ValueError: ${e}`);
        for (const p of parts) assert.ok(e.message.includes(p), `message ${JSON.stringify(e.message)} lacks ${JSON.stringify(p)}`);
        return true;
      });
    };
    expectMsg(
      () => tree.map(f, [1, 2], [1, 2, 3]),
      "pytree structure error: different lengths of list at key path\n    tree.map tree\n",
      "has a subtree of type list of length 2, but the full pytree has a subtree of the same type but of length 3.",
    );
    expectMsg(
      () => tree.map(f, { a: 1, b: 2 }, { a: 1, c: 2 }),
      "pytree structure error: different pytree metadata at key path",
      "with metadata\n    ('a', 'b')\nbut at the same key path the full pytree has a subtree of the same type but with metadata\n    ('a', 'c')",
    );
    expectMsg(
      () => tree.map(f, { a: 1 }, [1]),
      "different types at key path",
      "    <class 'dict'>\nbut at the same key path the full pytree has a subtree of different type\n    <class 'list'>.",
    );
    expectMsg(
      () => tree.map(f, [1, null], [1, 2]),
      "different types at key path\n    tree.map tree[1]\n",
      "<class 'NoneType'>",
      "<class 'int'>",
    );
    expectMsg(() => tree.map((x: number) => x, [1], [1], [1, 2]), "different lengths of list", "of length 1", "of length 2");
    expectMsg(
      () => tree.map(f, { a: [1, { c: 2 }] }, { a: [1, { c: [3], d: 4 }] }),
      "different numbers of pytree children at key path\n    tree.map tree['a'][1]\n",
      "with 1 child keys\n    c\n",
      "so the symmetric difference on key sets is\n    d",
    );

    class Foo {
      constructor(
        readonly v: unknown,
        readonly tag: string,
      ) {}
    }
    class Bar {
      constructor(readonly v: unknown) {}
    }
    tree.registerNode(
      Foo,
      (x) => [[x.v], x.tag] as const,
      (tag, [v]) => new Foo(v, tag),
    );
    tree.registerNode(
      Bar,
      (x) => [[x.v], null] as const,
      (_t, [v]) => new Bar(v),
    );
    expectMsg(() => tree.map(f, new Foo(1, "t"), new Bar(1)), "different types at key path", "<class 'Foo'>", "<class 'Bar'>");
    expectMsg(() => tree.map(f, new Foo(1, "t"), new Foo(1, "u")), "different pytree metadata", "with metadata\n    t\n", "    u");

    const P = tree.namedTuple("P", ["a", "b"]);
    expectMsg(() => tree.map(f, new P({ a: 1, b: 2 }), [1, 2]), "different types at key path", "<class 'P'>", "<class 'list'>");
    // The key path reaches into the children: the first tree's structure must be a prefix of each other's.
    expectMsg(() => tree.mapWithPath((_p: unknown, x: number) => x, { a: [1] }, { a: [1, 2] }), "tree.mapWithPath tree['a']");
  });

  it("mapWithOptions takes isLeaf", () => {
    const out = tree.mapWithOptions((x: unknown) => (x === null ? "none" : x), [[1, null]], { isLeaf: (x) => x === null });
    assert.deepEqual(out, [1, "none"]);
  });

  it("rejects a non-function", () => {
    assert.throws(() => tree.map(5 as never, [1]), JaxTypeError);
  });
});

describe("mapWithPath", () => {
  it("passes each leaf's key path", () => {
    const out = tree.mapWithPath((p, x: number, y: number) => `${tree.keystr(p)}=${x + y}`, { a: [1, 2], b: 3 }, { a: [10, 20], b: 30 });
    assert.deepEqual(out, { a: ["['a'][0]=11", "['a'][1]=22"], b: "['b']=33" });
  });

  it("mapWithPathOptions: isLeaf receives the path", () => {
    const seen: string[] = [];
    tree.mapWithPathOptions((_p, x) => x, [{ a: [1, 2] }], {
      isLeaf: (_x, path) => {
        seen.push(tree.keystr(path));
        return false;
      },
    });
    assert.deepEqual(seen, ["", "['a']", "['a'][0]", "['a'][1]"]);
  });
});

describe("reduce / all", () => {
  it("reduce folds the leaves left to right", () => {
    assert.equal(
      tree.reduce((a: string, x: string) => a + x, { b: "2", a: ["0", "1"] }),
      "012",
    );
    assert.equal(
      tree.reduce((a: number, x: number) => a + x, [1, 2, 3], 10),
      16,
    );
    assert.equal(
      tree.reduce((a: number, x: number) => a + x, [], 0),
      0,
    );
    assert.deepEqual(
      tree.reduce(
        (a: number[], x: number[]) => [...a, x.length],
        [[1, 2], [3]],
        [] as number[],
        (x) => Array.isArray(x) && typeof x[0] === "number",
      ),
      [2, 1],
    );
  });

  it("reduce of an empty tree without initializer raises as Python does", () => {
    assert.throws(() => tree.reduce((a: number, x: number) => a + x, { a: null }), /reduce\(\) of empty iterable with no initial value/);
  });

  it("reduce distinguishes an explicit undefined initializer", () => {
    assert.deepEqual(
      tree.reduce((a: unknown, x: number) => [a, x], [1], undefined),
      [undefined, 1],
    );
  });

  it("all", () => {
    assert.equal(tree.all({ a: true, b: [1, "x"] }), true);
    assert.equal(tree.all({ a: true, b: [0] }), false);
    assert.equal(tree.all([]), true);
    assert.equal(tree.all([null]), true);
    assert.equal(tree.all([""]), false);
  });

  it("all converts array-like leaves through Symbol.toPrimitive (Python's bool(x))", () => {
    class Scalar {
      constructor(readonly v: number) {}
      [Symbol.toPrimitive](): number {
        return this.v;
      }
    }
    assert.equal(tree.all([new Scalar(1), new Scalar(2)]), true);
    assert.equal(tree.all([new Scalar(1), new Scalar(0)]), false);
  });
});

describe("transpose", () => {
  it("swaps outer and inner structure", () => {
    const t = [
      { a: 1, b: 2 },
      { a: 3, b: 4 },
      { a: 5, b: 6 },
    ];
    const out = tree.transpose(tree.structure([0, 0, 0]), tree.structure({ a: 0, b: 0 }), t);
    assert.deepEqual(out, { a: [1, 3, 5], b: [2, 4, 6] });
  });

  it("infers the inner structure when given null", () => {
    const t = { x: [1, 2], y: [3, 4] };
    assert.deepEqual(tree.transpose(tree.structure({ x: 0, y: 0 }), null, t), [
      { x: 1, y: 3 },
      { x: 2, y: 4 },
    ]);
  });

  it("mismatched sizes raise JAX's TypeError", () => {
    assert.throws(
      () => tree.transpose(tree.structure([0, 0]), tree.structure([0, 0]), [[1, 2], [3]]),
      (e: Error) => e instanceof JaxTypeError && e.message === "Mismatch\nPyTreeDef([[*, *], [*]])\n != \nPyTreeDef([[*, *], [*, *]])",
    );
  });
});

describe("broadcast", () => {
  it("copies prefix leaves into the full tree (jax.tree.broadcast docs example)", () => {
    assert.deepEqual(tree.broadcast([1, 2, 3], [0, { a: 0, b: 0 }, [0, 0]]), [1, { a: 2, b: 2 }, [3, 3]]);
    assert.deepEqual(tree.broadcastPrefix([1, 2], [[0, 0, 0], null]), [1, 1, 1]);
  });

  it("allLeaves", () => {
    assert.equal(tree.allLeaves(tree.leaves({ a: [1, 2, 3] })), true);
    assert.equal(tree.allLeaves([{ a: [1, 2, 3] }]), false);
    assert.equal(tree.allLeaves([null]), false);
  });
});
