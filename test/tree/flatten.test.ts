// flatten / unflatten / leaves / flattenUpTo, including a fast-check round trip.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import * as tree from "../../src/tree/index.ts";
import { ValueError } from "../../src/core/errors.ts";

describe("flatten", () => {
  it("leaves come left to right with dict keys sorted", () => {
    const [leaves, td] = tree.flatten({ weights: "w", bias: "b", a: [1, { z: 2, y: 3 }] });
    assert.deepEqual(leaves, [1, 3, 2, "b", "w"]);
    assert.equal(td.numLeaves, 5);
    assert.deepEqual(tree.leaves({ weights: "w", bias: "b", a: [1, { z: 2, y: 3 }] }), leaves);
  });

  it("goldens 001: leaf counts", () => {
    assert.equal(tree.leaves([1, 2, 3]).length, 3);
    assert.equal(tree.structure({ bias: 0, weights: 1 }).numLeaves, 2);
    assert.equal(
      tree.leaves([
        { W: 1, b: 2 },
        { W: 3, b: 4 },
      ]).length,
      4,
    );
  });

  it("sorts keys by code point, as Python sorts str", () => {
    const keys = ["b", "B", "a", "_", "aa", "\u{1F600}", "\uFF5E", "10", "9"];
    const obj = Object.fromEntries(keys.map((k) => [k, k]));
    const expected = [...keys].sort((x, y) => {
      const a = [...x].map((c) => c.codePointAt(0)!);
      const b = [...y].map((c) => c.codePointAt(0)!);
      for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
      return a.length - b.length;
    });
    assert.deepEqual(tree.leaves(obj), expected);
    assert.deepEqual(tree.structure(obj).dictKeys, expected);
  });

  it("None (null/undefined) is an empty subtree, kept on unflatten", () => {
    const t = { a: null, b: [undefined, 1], c: undefined };
    const [leaves, td] = tree.flatten(t);
    assert.deepEqual(leaves, [1]);
    const back = tree.unflatten(td, [7]);
    assert.equal(back.a, null);
    assert.equal(back.b[0], undefined);
    assert.ok("c" in back && back.c === undefined);
    assert.deepStrictEqual(back, { a: null, b: [undefined, 7], c: undefined });
  });

  it("holes in sparse arrays are None", () => {
    // eslint-disable-next-line no-sparse-arrays
    const [leaves, td] = tree.flatten([1, undefined, 3]);
    assert.deepEqual(leaves, [1, 3]);
    assert.equal(td.toString(), "PyTreeDef([*, None, *])");
  });

  it("everything that is not a container is a leaf", () => {
    class Unregistered {
      x = 1;
    }
    const fn = (): number => 1;
    const u = new Unregistered();
    const map = new Map([[1, 2]]);
    const f32 = new Float32Array(2);
    const leaves = tree.leaves([0, "s", true, 3n, u, fn, map, f32, new Date(0), Symbol.for("s")]);
    assert.equal(leaves.length, 10);
    assert.equal(leaves[4], u);
    assert.equal(leaves[7], f32);
  });

  it("array and Object subclasses are leaves (exact-type lookup, as JAX)", () => {
    class MyList extends Array<number> {}
    const ml = MyList.from([1, 2]);
    assert.equal(tree.structure(ml).toString(), "PyTreeDef(*)");
    const nullProto = Object.assign(Object.create(null) as object, { b: 1, a: 2 });
    assert.deepEqual(tree.leaves(nullProto), [2, 1]);
  });

  it("isLeaf stops the traversal", () => {
    const t = { a: [1, 2], b: [3, [4]] };
    const [leaves, td] = tree.flatten(t, (x) => Array.isArray(x) && x.length === 2 && typeof x[0] === "number");
    assert.deepEqual(leaves, [
      [1, 2],
      [3, [4]],
    ]);
    assert.equal(td.toString(), "PyTreeDef({'a': *, 'b': *})");
    // isLeaf sees None too, so None can be made a leaf (vmap's inAxes does this).
    assert.deepEqual(
      tree.leaves([null, 1], (x) => x === null),
      [null, 1],
    );
    assert.equal(tree.structure(null, (x) => x === null).toString(), "PyTreeDef(*)");
  });

  it("a cyclic value raises instead of overflowing the stack", () => {
    const a: unknown[] = [1];
    a.push(a);
    assert.throws(
      () => tree.flatten(a),
      (e: Error) => e instanceof ValueError && /cyclical node references/.test(e.message),
    );
    assert.throws(() => tree.leaves(a), /cyclical/);
  });
});

describe("unflatten", () => {
  it("round trips and builds fresh containers", () => {
    const t = { b: [1, { c: 2 }], a: 3 };
    const [leaves, td] = tree.flatten(t);
    const back = tree.unflatten(td, leaves);
    assert.deepEqual(back, t);
    assert.notEqual(back, t);
    assert.deepEqual(Object.keys(back), ["a", "b"]);
    assert.deepEqual(tree.unflatten(td, [10, 20, 30]), { a: 10, b: [20, { c: 30 }] });
    assert.equal(tree.unflatten(tree.structure(5), ["x"]), "x");
  });

  it("accepts any iterable of leaves", () => {
    const td = tree.structure([0, [0]]);
    assert.deepEqual(td.unflatten(new Set([1, 2])), [1, [2]]);
    function* gen(): Generator<number> {
      yield 5;
      yield 6;
    }
    assert.deepEqual(tree.unflatten(td, gen()), [5, [6]]);
  });

  it("wrong leaf counts raise JAX's messages", () => {
    const td = tree.structure([1, 2, 3]);
    assert.throws(
      () => tree.unflatten(td, [1, 2]),
      (e: Error) => e instanceof ValueError && e.message === "Too few leaves for PyTreeDef; expected 3, got 2",
    );
    assert.throws(
      () => tree.unflatten(td, [1, 2, 3, 4]),
      (e: Error) => e instanceof ValueError && e.message === "Too many leaves for PyTreeDef; expected 3.",
    );
  });

  it("keeps a '__proto__' key as an own property", () => {
    const t = JSON.parse('{"__proto__": 1, "a": 2}') as object;
    const [leaves, td] = tree.flatten(t);
    assert.deepEqual(leaves, [1, 2]);
    const back = tree.unflatten(td, leaves) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(back), Object.prototype);
    assert.ok(Object.hasOwn(back, "__proto__"));
    assert.equal(Object.getOwnPropertyDescriptor(back, "__proto__")!.value, 1);
  });
});

describe("flattenUpTo", () => {
  it("cuts a value at the prefix's leaves", () => {
    const td = tree.structure([0, { a: 0, b: 0 }]);
    assert.deepEqual(tree.flattenUpTo(td, [[1, 2], { a: { x: 3 }, b: null }]), [[1, 2], { x: 3 }, null]);
    assert.deepEqual(td.flattenUpTo([1, { a: 2, b: 3 }]), [1, 2, 3]);
    assert.deepEqual(tree.flattenUpTo(tree.structure(0), { any: "thing" }), [{ any: "thing" }]);
  });

  it("raises JAX's mismatch messages", () => {
    const check = (prefix: unknown, value: unknown, msg: string): void => {
      assert.throws(
        () => tree.flattenUpTo(tree.structure(prefix), value),
        (e: Error) => e instanceof ValueError && e.message.startsWith(msg),
        `expected message starting with ${msg}`,
      );
    };
    check([0, 0], [1, 2, 3], "List arity mismatch: 3 != 2; list: [1, 2, 3].");
    check([0, 0], { a: 1 }, "Expected list, got {'a': 1}.");
    check({ a: 0, b: 0 }, { a: 1 }, "Dict key mismatch; expected keys: ['a', 'b']; present keys: ['a'].");
    check({ a: 0 }, [1], "Expected dict, got [1].");
    check([null], [1], "Expected None, got 1.");
    const P = tree.namedTuple("P", ["x"]);
    const Q = tree.namedTuple("Q", ["x"]);
    check(new P({ x: 0 }), [1], "Expected named tuple, got [1].");
    check(new P({ x: 0 }), new Q({ x: 1 }), "Named tuple type mismatch: expected type: <class 'P'>, tuple: Q(x=1).");
  });

  it("None in the prefix accepts null or undefined", () => {
    assert.deepEqual(tree.flattenUpTo(tree.structure([null, 0]), [undefined, 5]), [5]);
  });
});

describe("flatten/unflatten round trip (property)", () => {
  const Pair = tree.namedTuple("Pair", ["first", "second"]);
  class Node2 {
    constructor(
      readonly kids: unknown[],
      readonly tag: string,
    ) {}
  }
  tree.registerNode(
    Node2,
    (n) => [n.kids, n.tag] as const,
    (tag, kids) => new Node2(kids, tag),
  );
  class Rec {
    constructor(
      public data: unknown,
      public label: string,
    ) {}
  }
  tree.registerDataclass(Rec, ["data"], ["label"]);

  const leaf = fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.string(), fc.boolean());
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      fc.constantFrom(null, undefined),
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(fc.string({ maxLength: 4 }), tie("value"), { maxKeys: 4, noNullPrototype: true }),
      fc.tuple(tie("value"), tie("value")).map(([a, b]) => new Pair({ first: a, second: b })),
      fc.tuple(fc.array(tie("value"), { maxLength: 3 }), fc.string({ maxLength: 3 })).map(([k, t]) => new Node2(k, t)),
      fc.tuple(tie("value"), fc.string({ maxLength: 3 })).map(([d, l]) => new Rec(d, l)),
    ),
  }));

  it("unflatten(flatten(t)) reproduces t", () => {
    fc.assert(
      fc.property(value, (t) => {
        const [leaves, td] = tree.flatten(t);
        assert.equal(leaves.length, td.numLeaves);
        assert.deepStrictEqual(tree.unflatten(td, leaves), t);
        assert.ok(tree.structure(tree.unflatten(td, leaves)).equals(td));
        assert.deepStrictEqual(tree.leaves(t), leaves);
      }),
      { numRuns: 300 },
    );
  });

  it("paths, map and flattenUpTo agree with flatten", () => {
    fc.assert(
      fc.property(value, (t) => {
        const [leaves, td] = tree.flatten(t);
        const [pairs, td2] = tree.flattenWithPath(t);
        assert.ok(td2.equals(td));
        assert.deepStrictEqual(
          pairs.map((p) => p[1]),
          leaves,
        );
        const strs = pairs.map(([p]) => tree.keystr(p));
        assert.equal(new Set(strs).size, strs.length);
        assert.deepStrictEqual(td.flattenUpTo(t), leaves);
        const idx = tree.unflatten(
          td,
          leaves.map((_, i) => i),
        );
        assert.deepStrictEqual(
          tree.map((i: number, x: unknown) => [i, x], idx, t),
          tree.unflatten(
            td,
            leaves.map((x, i) => [i, x]),
          ),
        );
        assert.equal(td.toString(), tree.structure(tree.map(() => 0, t)).toString());
      }),
      { numRuns: 200 },
    );
  });
});
