// jaxts.tree: pytrees are any value, so the bad inputs here are structural:
// cycles, mismatched structures, non-functions, non-treedefs, bad registrations.
import { tree } from "../../../src/index.ts";
import { type Arg, type FnSpec, fn } from "../battery/spec.ts";

const cyclic: Record<string, unknown> = { a: 1 };
cyclic.self = cyclic;
const CYCLE = { label: "cyclic tree", value: cyclic, problem: /depth|cycl/ };
const t: Arg = { kind: "other", valid: { a: [1, 2], b: 3 }, bad: [CYCLE] };
const isLeaf: Arg = { kind: "fn", valid: (x: unknown) => typeof x === "number", optional: true, skip: ["undefined"] };
const td = tree.structure({ a: [1, 2], b: 3 });
const add = (x: number, y: number) => x + y;

// Registrations must be fresh on every call (a class registers once); FRESH stands for a new class.
const FRESH = Symbol("a fresh class");
const classOr = (c: unknown) =>
  c === FRESH
    ? class Fresh {
        v = 1;
      }
    : c;
const CLASS_BADS = [
  { label: "number", value: 3, problem: /expects a class/ },
  { label: "plain object", value: { a: 1 }, problem: /expects a class/ },
  { label: "a built-in container", value: Array, problem: /Duplicate custom PyTreeDef type registration/ },
];

export const treeSpecs: FnSpec[] = [
  fn("tree.flatten", { t, isLeaf }, (a) => tree.flatten(a.t, a.isLeaf), { aliases: ["is_leaf"] }),
  fn("tree.leaves", { t, isLeaf }, (a) => tree.leaves(a.t, a.isLeaf), { aliases: ["flatten", "is_leaf"] }),
  fn("tree.structure", { t, isLeaf }, (a) => tree.structure(a.t, a.isLeaf), { aliases: ["flatten", "is_leaf"] }),
  fn(
    "tree.unflatten",
    {
      treedef: {
        kind: "other",
        valid: td,
        bad: [
          { label: "a plain object", value: { a: 1 }, problem: /expects a TreeDef/ },
          { label: "undefined", value: undefined, problem: /expects a TreeDef/ },
        ],
      },
      leaves: {
        kind: "other",
        valid: [1, 2, 3],
        bad: [
          { label: "too few leaves", value: [1, 2], problem: /Too few leaves for PyTreeDef; expected 3, got 2/ },
          { label: "too many leaves", value: [1, 2, 3, 4], problem: /Too many leaves for PyTreeDef; expected 3/ },
          { label: "not iterable", value: 5, problem: /leaves|iterable/ },
        ],
      },
    },
    (a) => tree.unflatten(a.treedef, a.leaves),
    { aliases: ["PyTreeDef"] },
  ),
  fn(
    "tree.map",
    {
      f: { kind: "fn", valid: add },
      t,
      rest: {
        kind: "other",
        valid: { a: [10, 20], b: 30 },
        bad: [
          { label: "dict keys differ", value: { a: [1, 2], c: 3 }, problem: /different pytree metadata at key path/ },
          {
            label: "list arity differs",
            value: { a: [1], b: 3 },
            problem: /different lengths of list at key path\n {4}tree.map tree\['a'\]/,
          },
          { label: "a leaf where a list is", value: { a: 1, b: 3 }, problem: /different types at key path\n {4}tree.map tree\['a'\]/ },
        ],
      },
    },
    (a) => tree.map(a.f, a.t, a.rest),
    { aliases: ["flatten"] },
  ),
  fn(
    "tree.reduce",
    { f: { kind: "fn", valid: add }, t, initializer: { kind: "other", valid: 0, optional: true } },
    (a) => (a.initializer === undefined ? tree.reduce(a.f, a.t) : tree.reduce(a.f, a.t, a.initializer)),
    {
      aliases: ["flatten"],
      extra: [
        {
          label: "empty tree without initializer",
          call: () => tree.reduce(add, []),
          problem: /reduce\(\) of empty iterable with no initial value/,
        },
      ],
    },
  ),
  fn("tree.all", { t }, (a) => tree.all(a.t), { aliases: ["flatten"] }),
  fn(
    "tree.transpose",
    {
      outer: { kind: "other", valid: tree.structure([0, 0]), bad: [{ label: "not a treedef", value: { a: 1 }, problem: /outer|TreeDef/ }] },
      inner: {
        kind: "other",
        valid: tree.structure({ x: 0, y: 0 }),
        bad: [{ label: "not a treedef", value: 3, problem: /inner|TreeDef/ }],
      },
      t: {
        kind: "other",
        valid: [
          { x: 1, y: 2 },
          { x: 3, y: 4 },
        ],
        bad: [{ label: "leaf count mismatch", value: [{ x: 1 }, { x: 3 }], problem: /Mismatch/ }],
      },
    },
    (a) => tree.transpose(a.outer, a.inner, a.t),
    { aliases: ["PyTreeDef"] },
  ), // JAX's "Mismatch" message shows both treedefs
  fn("tree.flattenWithPath", { t, isLeaf }, (a) => tree.flattenWithPath(a.t, a.isLeaf), { aliases: ["flatten", "is_leaf"] }),
  fn("tree.mapWithPath", { f: { kind: "fn", valid: (_p: unknown, x: number) => x }, t }, (a) => tree.mapWithPath(a.f, a.t), {
    aliases: ["flatten"],
  }),
  fn(
    "tree.keystr",
    {
      path: {
        kind: "other",
        valid: tree.flattenWithPath({ a: [1] })[0][0][0],
        bad: [
          { label: "string", value: "abc", problem: /path|list/ },
          { label: "undefined", value: undefined, problem: /path|list/ },
        ],
      },
    },
    (a) => tree.keystr(a.path),
  ),
  fn(
    "tree.registerNode",
    {
      cls: { kind: "other", valid: FRESH, bad: CLASS_BADS },
      flatten: { kind: "fn", valid: (x: { v: number }) => [[x.v], null] as const },
      unflatten: { kind: "fn", valid: () => ({}) },
    },
    (a) => tree.registerNode(classOr(a.cls) as never, a.flatten, a.unflatten),
    {
      // JAX's messages: "Duplicate custom PyTreeDef type registration", "The to_iterable function ...".
      aliases: ["PyTreeDef", "to_iterable"],
      extra: [
        {
          label: "flatten returns no pair",
          call: () => {
            class Bad {
              v = 1;
            }
            tree.registerNode(
              Bad,
              () => 5 as never,
              () => new Bad(),
            );
            return tree.leaves(new Bad());
          },
          problem: /should return a \(children, aux_data\) tuple/,
        },
      ],
    },
  ),
  fn(
    "tree.registerDataclass",
    {
      cls: { kind: "other", valid: FRESH, bad: CLASS_BADS },
      dataFields: {
        kind: "other",
        valid: ["v"],
        bad: [
          { label: "not a list", value: "v", problem: /must be an array of field names/ },
          { label: "repeated field", value: ["v", "v"], problem: /duplicate names/ },
        ],
      },
      metaFields: {
        kind: "other",
        valid: [],
        optional: true,
        bad: [{ label: "overlaps dataFields", value: ["v"], problem: /both dataFields and metaFields/ }],
      },
    },
    (a) => tree.registerDataclass(classOr(a.cls) as never, a.dataFields, a.metaFields),
    { aliases: ["PyTreeDef"] },
  ),
  fn(
    "tree.namedTuple",
    {
      name: {
        kind: "other",
        valid: "Point",
        bad: [
          { label: "not an identifier", value: "1abc", problem: /valid identifiers/ },
          { label: "number", value: 3, problem: /valid identifiers/ },
        ],
      },
      fields: {
        kind: "other",
        valid: ["x", "y"],
        bad: [
          { label: "not a list", value: "x", problem: /fields must be an array/ },
          { label: "repeated field", value: ["x", "x"], problem: /duplicate field name/ },
          { label: "underscore field", value: ["_x"], problem: /cannot start with an underscore/ },
          { label: "number field", value: [1], problem: /valid identifiers/ },
        ],
      },
    },
    (a) => tree.namedTuple(a.name, a.fields),
    {
      aliases: ["Point"], // Python's messages name the tuple type: Point.__new__() ...
      extra: [
        {
          label: "constructed without a field",
          call: () => new (tree.namedTuple("Point", ["x", "y"]))({ x: 1 } as never),
          problem: /missing 1 required argument: 'y'/,
        },
        {
          label: "constructed with an unknown field",
          call: () => new (tree.namedTuple("Point", ["x"]))({ x: 1, z: 2 } as never),
          problem: /unexpected keyword argument 'z'/,
        },
      ],
    },
  ),
];
