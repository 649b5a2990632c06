// Type tests of tree.map and NDArray (compiled by tsc, never run; see expect.ts).
import { jnp, random, tree, type NDArray } from "../../src/index.ts";
import { type Equal, expectTrue } from "./expect.ts";

export function treeTypes(x: NDArray): void {
  const params = { w: x, layers: [{ b: x }, { b: x }], scale: 2 };
  const doubled = tree.map((leaf) => jnp.multiply(leaf, 2), params);
  expectTrue<Equal<typeof doubled, { w: NDArray; layers: { b: NDArray }[]; scale: NDArray }>>();
  const arr = tree.map((leaf: NDArray) => leaf.shape, [x, [x, null]] as const);
  expectTrue<Equal<typeof arr, [number[], [number[], null]]>>();
  const two = tree.map((u: NDArray, v: NDArray) => u.add(v), { a: x }, { a: x });
  expectTrue<Equal<typeof two, { a: NDArray }>>();
  const strs = tree.map((u) => String(u), { a: [x, 1] as const });
  expectTrue<Equal<typeof strs, { a: [string, string] }>>();
  // @ts-expect-error the leaves are arrays, not strings
  tree.map((u: string) => u, { a: x });
  const P = tree.namedTuple<{ w: NDArray; b: NDArray }>("P", ["w", "b"]);
  const np = tree.map((u) => u.shape.length, new P({ w: x, b: x }));
  expectTrue<Equal<typeof np.w, number>>();
}

export function ndarrayTypes(x: NDArray, mask: NDArray): void {
  const v = x.item();
  expectTrue<Equal<typeof v, number>>();
  const total: number = x.sum().item() + 1;
  void total;
  const flag = mask.item<boolean>();
  expectTrue<Equal<typeof flag, boolean>>();
  // @ts-expect-error item is a number or a boolean
  x.item<string>();
  // Arrays iterate over their first axis.
  const [k1, k2] = random.split(random.PRNGKey(0));
  expectTrue<Equal<[typeof k1, typeof k2], [NDArray, NDArray]>>();
  const [t1] = random.split(random.key(0));
  expectTrue<Equal<typeof t1, random.PRNGKeyArray>>();
  for (const row of x) {
    expectTrue<Equal<typeof row, NDArray>>();
  }
  // jnp.NDArray names the array type too.
  const same: jnp.NDArray = x;
  void same;
}

export function arrayMethodTypes(x: NDArray): void {
  // JAX's Array methods: arrays back, nonzero a list of them, sizes numbers.
  const clipped = x.clip(0, 1).round(2).cumsum(0).sort().take(x, 0);
  expectTrue<Equal<typeof clipped, NDArray>>();
  const nz = x.nonzero();
  expectTrue<Equal<typeof nz, NDArray[]>>();
  const sizes = [x.itemsize, x.nbytes] as const;
  expectTrue<Equal<typeof sizes, readonly [number, number]>>();
  expectTrue<Equal<typeof x.mT, NDArray>>();
}
