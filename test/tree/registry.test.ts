// Registered classes: registerNode, registerDataclass, namedTuple, registerStatic,
// registerPytreeWithKeys, registerPytreeNodeClass.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as tree from "../../src/tree/index.ts";
import { JaxTypeError, ValueError } from "../../src/core/errors.ts";

describe("registerNode", () => {
  class Point {
    constructor(
      readonly x: unknown,
      readonly y: unknown,
      readonly unit: string,
    ) {}
  }
  tree.registerNode(
    Point,
    (p) => [[p.x, p.y], p.unit] as const,
    (unit, [x, y]) => new Point(x, y, unit),
  );

  it("flattens to its children and rebuilds through unflatten", () => {
    const p = new Point(1, [2, 3], "m");
    const [leaves, td] = tree.flatten(p);
    assert.deepEqual(leaves, [1, 2, 3]);
    assert.equal(td.toString(), "PyTreeDef(CustomNode(Point[m], [*, [*, *]]))");
    const back = tree.unflatten(td, [4, 5, 6]) as Point;
    assert.ok(back instanceof Point);
    assert.deepEqual([back.x, back.y, back.unit], [4, [5, 6], "m"]);
  });

  it("lookup is by exact class: an unregistered subclass is a leaf", () => {
    class Point3 extends Point {}
    assert.equal(tree.structure(new Point3(1, 2, "m")).toString(), "PyTreeDef(*)");
  });

  it("duplicate and built-in registrations are rejected", () => {
    const noop = (): [unknown[], null] => [[], null];
    assert.throws(
      () => tree.registerNode(Point, noop, () => new Point(0, 0, "")),
      (e: Error) => e instanceof ValueError && e.message === "Duplicate custom PyTreeDef type registration for <class 'Point'>.",
    );
    assert.throws(() => tree.registerNode(Array, noop, () => []), /Duplicate custom PyTreeDef type registration for <class 'Array'>/);
    assert.throws(() => tree.registerNode(Object, noop, () => ({})), /Duplicate/);
    assert.throws(() => tree.registerNode((() => 0) as never, noop, () => ({})), ValueError);
  });

  it("a flatten function returning the wrong shape is reported", () => {
    class Bad {
      v = 1;
    }
    tree.registerNode(
      Bad,
      () => [1] as never,
      () => new Bad(),
    );
    assert.throws(() => tree.flatten(new Bad()), /should return a \(children, aux_data\) tuple, got \[1\]/);
  });

  it("children may be any iterable", () => {
    class Bag {
      constructor(readonly items: Set<unknown>) {}
    }
    tree.registerNode(
      Bag,
      (b) => [b.items, null] as const,
      (_aux, kids) => new Bag(new Set(kids)),
    );
    assert.deepEqual(tree.leaves(new Bag(new Set([1, 2]))), [1, 2]);
  });

  it("paths of registerNode children are flat indices", () => {
    const [pairs] = tree.flattenWithPath({ p: new Point(1, 2, "m") });
    assert.deepEqual(
      pairs.map(([k]) => tree.keystr(k)),
      ["['p'][<flat index 0>]", "['p'][<flat index 1>]"],
    );
  });
});

describe("registerPytreeWithKeys / registerPytreeNodeClass / registerStatic", () => {
  it("keys from flattenWithKeys appear in paths", () => {
    class Special {
      constructor(
        readonly x: unknown,
        readonly y: unknown,
      ) {}
    }
    tree.registerPytreeWithKeys(
      Special,
      (s) =>
        [
          [
            [new tree.GetAttrKey("x"), s.x],
            [new tree.GetAttrKey("y"), s.y],
          ],
          null,
        ] as const,
      (_aux, [x, y]) => new Special(x, y),
    );
    const [pairs, td] = tree.flattenWithPath([new Special(1, { k: 2 })]);
    assert.deepEqual(
      pairs.map(([k, v]) => [tree.keystr(k), v]),
      [
        ["[0].x", 1],
        ["[0].y['k']", 2],
      ],
    );
    assert.equal(td.toString(), "PyTreeDef([CustomNode(Special[None], [*, {'k': *}])])");
    assert.deepEqual(tree.leaves(new Special(3, 4)), [3, 4]);
  });

  it("registerPytreeNodeClass uses treeFlatten / treeUnflatten", () => {
    class MyContainer {
      constructor(
        readonly a: unknown,
        readonly b: unknown,
      ) {}
      treeFlatten(): [unknown[], null] {
        return [[this.a, this.b], null];
      }
      static treeUnflatten(_aux: unknown, [a, b]: unknown[]): MyContainer {
        return new MyContainer(a, b);
      }
    }
    assert.equal(tree.registerPytreeNodeClass(MyContainer), MyContainer);
    const out = tree.map((x: number) => x * 10, new MyContainer(1, 2)) as MyContainer;
    assert.ok(out instanceof MyContainer);
    assert.deepEqual([out.a, out.b], [10, 20]);
  });

  it("registerStatic makes instances leafless and part of the structure", () => {
    class Mode {
      constructor(readonly name: string) {}
      toString(): string {
        return this.name;
      }
      equals(o: unknown): boolean {
        return o instanceof Mode && o.name === this.name;
      }
    }
    tree.registerStatic(Mode);
    const [leaves, td] = tree.flatten({ m: new Mode("add"), x: 1 });
    assert.deepEqual(leaves, [1]);
    assert.equal(td.toString(), "PyTreeDef({'m': CustomNode(Mode[add], []), 'x': *})");
    assert.ok(td.equals(tree.structure({ m: new Mode("add"), x: 2 })));
    assert.ok(!td.equals(tree.structure({ m: new Mode("sub"), x: 2 })));
    assert.equal((tree.unflatten(td, [5]) as { m: Mode }).m.name, "add");
  });
});

describe("registerDataclass", () => {
  let constructed = 0;
  class State {
    step: number;
    constructor(
      public params: unknown,
      public opt: unknown,
      public name: string,
    ) {
      constructed++;
      this.step = 0;
    }
    describe(): string {
      return `${this.name}@${this.step}`;
    }
  }
  tree.registerDataclass(State, ["params", "opt"], ["name", "step"]);

  it("flattens data fields in order; meta fields are aux data", () => {
    const s = new State({ w: 1, b: 2 }, [3], "adam");
    const [leaves, td] = tree.flatten(s);
    assert.deepEqual(leaves, [2, 1, 3]);
    assert.equal(td.toString(), "PyTreeDef(CustomNode(State[('adam', 0)], [{'b': *, 'w': *}, [*]]))");
  });

  it("rebuilds without calling the constructor", () => {
    const s = new State({ w: 1, b: 2 }, [3], "adam");
    const before = constructed;
    const out = tree.map((x: number) => x + 1, s) as State;
    assert.equal(constructed, before);
    assert.ok(out instanceof State);
    assert.deepEqual(out.params, { b: 3, w: 2 });
    assert.deepEqual(out.opt, [4]);
    assert.equal(out.describe(), "adam@0");
  });

  it("paths use attribute keys", () => {
    const [pairs] = tree.flattenWithPath(new State({ w: 1 }, 2, "n"));
    assert.deepEqual(
      pairs.map(([k]) => tree.keystr(k)),
      [".params['w']", ".opt"],
    );
  });

  it("different meta values are different structures", () => {
    const a = tree.structure(new State(1, 2, "a"));
    assert.ok(a.equals(tree.structure(new State(5, 6, "a"))));
    assert.ok(!a.equals(tree.structure(new State(1, 2, "b"))));
    assert.throws(
      () => tree.map((x: number, y: number) => x + y, new State(1, 2, "a"), new State(1, 2, "b")),
      /different pytree metadata at key path\n[\s\S]*with metadata\n {4}\('a', 0\)\n[\s\S]*with metadata\n {4}\('b', 0\)/,
    );
  });

  it("rejects bad field lists", () => {
    class X {
      a = 1;
    }
    assert.throws(() => tree.registerDataclass(X, ["a"], ["a"]), ValueError);
    assert.throws(() => tree.registerDataclass(class Y {}, ["a", "a"], []), /duplicate/);
  });
});

describe("namedTuple", () => {
  const MLPParams = tree.namedTuple("MLPParams", ["w1", "b1", "w2", "b2"]);

  it("fields are properties; leaf order is field order; instanceof works", () => {
    const p = new MLPParams({ b2: 4, w2: 3, b1: 2, w1: 1 });
    assert.equal(p.w1, 1);
    assert.equal(p.b2, 4);
    assert.ok(p instanceof MLPParams);
    assert.equal(MLPParams.name, "MLPParams");
    assert.deepEqual(tree.leaves(p), [1, 2, 3, 4]);
    assert.deepEqual(MLPParams._fields, ["w1", "b1", "w2", "b2"]);
    assert.deepEqual(p._fields, ["w1", "b1", "w2", "b2"]);
  });

  it("tree.map keeps the class (golden 006: scaled_is_mlpparams)", () => {
    const p = new MLPParams({ w1: 2, b1: 0, w2: 1, b2: 0 });
    const scaled = tree.map((x: number) => 0.5 * x, p) as typeof p;
    assert.ok(scaled instanceof MLPParams);
    assert.equal(scaled.w1, 1);
    assert.equal(scaled.w2, 0.5);
    assert.equal(tree.structure(scaled).toString(), "PyTreeDef(CustomNode(namedtuple[MLPParams], [*, *, *, *]))");
  });

  it("iterates like a tuple, prints like Python, supports _replace and _asdict", () => {
    const p = new MLPParams({ w1: 1, b1: "b", w2: null, b2: [1] });
    const [w1, b1] = p;
    assert.deepEqual([w1, b1], [1, "b"]);
    assert.equal(String(p), "MLPParams(w1=1, b1='b', w2=None, b2=[1])");
    const q = p._replace({ w1: 9 });
    assert.ok(q instanceof MLPParams);
    assert.equal(q.w1, 9);
    assert.equal(p.w1, 1);
    assert.deepEqual(p._asdict(), { w1: 1, b1: "b", w2: null, b2: [1] });
    assert.deepEqual(Object.keys(p), ["w1", "b1", "w2", "b2"]);
  });

  it("None fields are empty subtrees", () => {
    const p = new MLPParams({ w1: 1, b1: null, w2: 2, b2: undefined });
    const [leaves, td] = tree.flatten(p);
    assert.deepEqual(leaves, [1, 2]);
    assert.equal(td.toString(), "PyTreeDef(CustomNode(namedtuple[MLPParams], [*, None, *, None]))");
    const back = tree.unflatten(td, [5, 6]) as typeof p;
    assert.equal(back.b1, null);
    assert.equal(back.b2, undefined);
  });

  it("constructor errors name the missing or unexpected field", () => {
    const Ctor = MLPParams as unknown as new (v: unknown) => unknown; // runtime checks, past the types
    assert.throws(
      () => new Ctor({ w1: 1, b1: 2, w2: 3 }),
      (e: Error) => e instanceof JaxTypeError && e.message === "MLPParams.__new__() missing 1 required argument: 'b2'",
    );
    assert.throws(() => new Ctor({ w1: 1, b1: 2, w2: 3, b2: 4, c: 5 }), /unexpected keyword argument 'c'/);
    assert.throws(() => new Ctor(5), JaxTypeError);
    assert.throws(() => tree.namedTuple("Bad", ["a", "a"]), /duplicate field name/);
    assert.throws(() => tree.namedTuple("Bad", ["_a"]), /underscore/);
    assert.throws(() => tree.namedTuple("not valid", ["a"]), ValueError);
  });

  it("subclasses are namedtuples too (like JAX's _fields check) and keep their class", () => {
    class Params extends tree.namedTuple("Params", ["w", "b"]) {
      norm(): number {
        return (this.w as number) + (this.b as number);
      }
    }
    const p = new Params({ w: 1, b: 2 });
    assert.equal(tree.structure(p).toString(), "PyTreeDef(CustomNode(namedtuple[Params], [*, *]))");
    const q = tree.map((x: number) => x * 2, p) as Params;
    assert.ok(q instanceof Params);
    assert.equal(q.norm(), 6);
  });

  it("is typed: fields checked at compile time, explicit field types optional", () => {
    const Typed = tree.namedTuple<{ w: number; b: string }>("Typed", ["w", "b"]);
    const t = new Typed({ w: 1, b: "x" });
    const w: number = t.w;
    assert.equal(w + t.b.length, 2);
    // @ts-expect-error a missing field is a compile error (and a runtime one)
    assert.throws(() => new Typed({ w: 1 }), JaxTypeError);
    // @ts-expect-error so is an unknown one
    assert.throws(() => new MLPParams({ w1: 1, b1: 2, w2: 3, b2: 4, w3: 5 }), /unexpected keyword argument 'w3'/);
  });

  it("paths use attribute keys", () => {
    const [pairs] = tree.flattenWithPath({ a: [new MLPParams({ w1: 1, b1: 2, w2: 3, b2: 4 })] });
    assert.deepEqual(
      pairs.map(([k]) => tree.keystr(k)),
      ["['a'][0].w1", "['a'][0].b1", "['a'][0].w2", "['a'][0].b2"],
    );
  });
});
