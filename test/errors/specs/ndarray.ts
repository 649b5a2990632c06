// NDArray methods: the ones that forward to jnp get one spec each for their own
// argument (the jnp battery covers the rest); indexing, at[], reads and dispose.
import { jnp, type NDArray } from "../../../src/index.ts";
import { type Arg, type FnSpec, fn } from "../battery/spec.ts";

const m23 = jnp.array([
  [1, 2, 3],
  [4, 5, 6],
]);
const self: Arg = { kind: "other", valid: m23 };
const other: Arg = { kind: "array", valid: [1, 2, 3] };
const axes: Arg = { kind: "axes", valid: 1, ndim: 2, optional: true };
const index: Arg = {
  kind: "other",
  valid: 1,
  bad: [
    { label: "fractional", value: 0.5, problem: /integer or boolean type/ },
    { label: "string", value: "abc", problem: /string indexing/ },
    { label: "plain object", value: { a: 1 }, problem: /valid indices/ },
    { label: "float array", value: jnp.array([0.5]), problem: /integer or boolean type, got indexer with type float32/ },
    { label: "undefined", value: undefined, problem: /undefined/ },
    { label: "slice with zero step", value: jnp.s(0, 2, 0), problem: /slice step cannot be zero/ },
    { label: "slice with fractional start", value: jnp.s(0.5), problem: /slice indices must be integers/ },
  ],
};

const binary = (name: string, f: (x: NDArray, y: unknown) => NDArray, aliases: string[]): FnSpec =>
  fn(`NDArray.${name}`, { self, other }, (a) => f(a.self, a.other), {
    aliases,
    extra: [{ label: "incompatible shapes", call: () => f(m23, jnp.ones([4])), problem: /Incompatible shapes for broadcasting/ }],
  });
const reduction = (name: string, f: (x: NDArray, axis?: number | number[]) => NDArray, aliases: string[] = []): FnSpec =>
  fn(`NDArray.${name}`, { self, axis: axes }, (a) => f(a.self, a.axis), { aliases });

export const ndarraySpecs: FnSpec[] = [
  binary("add", (x, y) => x.add(y as never), []),
  binary("sub", (x, y) => x.sub(y as never), ["subtract"]),
  binary("mul", (x, y) => x.mul(y as never), ["multiply"]),
  binary("div", (x, y) => x.div(y as never), ["true_divide"]),
  binary("pow", (x, y) => x.pow(y as never), ["power"]),
  binary("mod", (x, y) => x.mod(y as never), ["remainder"]),
  binary("floorDiv", (x, y) => x.floorDiv(y as never), ["floor_divide"]),
  binary("gt", (x, y) => x.gt(y as never), ["greater"]),
  binary("ge", (x, y) => x.ge(y as never), ["greater_equal"]),
  binary("lt", (x, y) => x.lt(y as never), ["less"]),
  binary("le", (x, y) => x.le(y as never), ["less_equal"]),
  binary("eq", (x, y) => x.eq(y as never), ["equal"]),
  binary("ne", (x, y) => x.ne(y as never), ["not_equal"]),
  fn("NDArray.matmul", { self, other }, (a) => a.self.matmul(a.other), {
    extra: [{ label: "core dims", call: () => m23.matmul(jnp.ones([4])), problem: /size 4 is different from 3/ }],
  }),
  fn("NDArray.dot", { self, other }, (a) => a.self.dot(a.other), {
    extra: [{ label: "not aligned", call: () => m23.dot(jnp.ones([4])), problem: /shapes \(2, 3\) and \(4,\) are not aligned/ }],
  }),
  fn("NDArray.reshape", { self, shape: { kind: "shape", valid: [3, 2], skip: ["negative entry", "too large to allocate"] } }, (a) =>
    a.self.reshape(a.shape),
  ),
  fn("NDArray.transpose", { self, axes: { kind: "axes", valid: [1, 0], ndim: 2, optional: true } }, (a) => a.self.transpose(a.axes)),
  fn("NDArray.astype", { self, dtype: { kind: "dtype", valid: "int32" } }, (a) => a.self.astype(a.dtype)),
  reduction("sum", (x, ax) => x.sum(ax)),
  reduction("mean", (x, ax) => x.mean(ax)),
  reduction("max", (x, ax) => x.max(ax)),
  reduction("min", (x, ax) => x.min(ax)),
  reduction("prod", (x, ax) => x.prod(ax)),
  reduction("var", (x, ax) => x.var(ax)),
  reduction("std", (x, ax) => x.std(ax)),
  fn("NDArray.argmax", { self, axis: { kind: "axis", valid: 1, ndim: 2, optional: true } }, (a) => a.self.argmax(a.axis)),
  fn("NDArray.argmin", { self, axis: { kind: "axis", valid: 1, ndim: 2, optional: true } }, (a) => a.self.argmin(a.axis)),
  fn(
    "NDArray.squeeze",
    { self: { kind: "other", valid: jnp.ones([1, 3]) }, axis: { kind: "axes", valid: 0, ndim: 2, optional: true } },
    (a) => a.self.squeeze(a.axis),
  ),
  fn("NDArray.get", { self, index }, (a) => a.self.get(a.index), {
    aliases: ["index", "indexer", "Indexer", "indices", "indexing", "slice"],
    extra: [
      { label: "too many indices", call: () => m23.get(0, 0, 0), problem: /Too many indices: array is 2-dimensional, but 3 were indexed/ },
    ],
  }),
  fn(
    "NDArray.at.set",
    {
      self,
      index,
      value: { kind: "array", valid: 7, bad: [{ label: "does not broadcast", value: jnp.ones([4]), problem: /broadcast|shape/ }] },
    },
    (a) => a.self.at(a.index).set(a.value),
    { aliases: ["index", "indexer", "Indexer", "indices", "indexing", "slice", "scatter", "set"] },
  ),
  ...(["add", "mul", "min", "max"] as const).map((mode) =>
    fn(
      `NDArray.at.${mode}`,
      {
        self,
        index,
        value: { kind: "array", valid: 2 },
      },
      (a) => a.self.at(a.index)[mode](a.value),
      { aliases: ["index", "indexer", "Indexer", "indices", "indexing", "slice", "scatter", mode] },
    ),
  ),
  fn("NDArray.at.get", { self, index }, (a) => a.self.at(a.index).get(), {
    aliases: ["index", "indexer", "Indexer", "indices", "indexing", "slice", "get"],
  }),
  fn("NDArray.neg", {}, () => m23.neg(), {
    extra: [{ label: "bool array", call: () => m23.gt(2).neg(), problem: /neg does not accept dtype bool/ }],
  }),
  fn(
    "NDArray.item",
    {
      self: {
        kind: "other",
        valid: jnp.array([5]),
        bad: [{ label: "size-3 array", value: jnp.ones([3]), problem: /item\(\) can only be called on arrays of size 1/ }],
      },
    },
    (a) => a.self.item(),
  ),
  fn("NDArray.dispose", {}, () => undefined, {
    aliases: ["dispose", "disposed"],
    extra: [
      {
        label: "use after dispose",
        call: () => {
          const d = jnp.ones([2]);
          d.dispose();
          return d.add(1);
        },
        problem: /has been disposed; it cannot be used after dispose\(\)/,
      },
      {
        label: "read after dispose",
        call: () => {
          const d = jnp.ones([2]);
          d.dispose();
          return d.toArray();
        },
        problem: /has been disposed/,
      },
    ],
  }),
];
