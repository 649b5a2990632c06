// Valid edge inputs and JAX's results for them (checked against NumPy/JAX
// semantics: an empty sum is 0, an empty mean NaN, reductions over a non-empty
// axis of an empty array give empty results, lax.pad takes negative padding...).
import {
  blockUntilReady,
  defaultBackend,
  devices,
  grad,
  jit,
  jnp,
  jvp,
  lax,
  nn,
  random,
  tree,
  vmap,
  type NDArray,
} from "../../../src/index.ts";
import type { Edge } from "./check.ts";

const e0 = () => jnp.zeros([0]);
const e03 = () => jnp.zeros([0, 3]);
const s = (v: number) => jnp.array(v);
const key = () => random.PRNGKey(0);

export const jnpEdges: Edge[] = [
  ["zeros of shape []", () => jnp.zeros([]), { shape: [], dtype: "float32", value: 0 }],
  ["zeros of shape [0]", () => jnp.zeros([0]), { shape: [0], dtype: "float32", value: [] }],
  ["full of shape [] from a 0-d fill", () => jnp.full([], s(3)), { shape: [], value: 3 }],
  ["arange(0)", () => jnp.arange(0), { shape: [0], dtype: "int32", value: [] }],
  ["arange with start past stop", () => jnp.arange(5, 2), { shape: [0], dtype: "int32" }],
  ["linspace with num 0", () => jnp.linspace(0, 1, 0), { shape: [0], dtype: "float32" }],
  ["linspace with num 1", () => jnp.linspace(2, 5, 1), { shape: [1], value: [2] }],
  ["eye(0)", () => jnp.eye(0), { shape: [0, 0] }],
  ["array of []", () => jnp.array([]), { shape: [0], dtype: "float32" }],
  ["array of [[], []]", () => jnp.array([[], []]), { shape: [2, 0] }],
  ["exp of a 0-d array", () => jnp.exp(s(0)), { shape: [], value: 1 }],
  [
    "add of 0-d and [2, 3]",
    () => jnp.add(s(1), jnp.ones([2, 3])),
    {
      shape: [2, 3],
      value: [
        [2, 2, 2],
        [2, 2, 2],
      ],
    },
  ],
  ["add of two empty arrays", () => jnp.add(e03(), jnp.ones([3])), { shape: [0, 3] }],
  ["sum of an empty array", () => jnp.sum(e0()), { shape: [], dtype: "float32", value: 0 }],
  ["sum over an empty axis", () => jnp.sum(jnp.zeros([2, 0]), 1), { shape: [2], value: [0, 0] }],
  ["sum with axis []", () => jnp.sum(jnp.ones([2]), []), { shape: [2], value: [1, 1] }],
  ["prod of an empty array", () => jnp.prod(e0()), { shape: [], value: 1 }],
  ["mean of an empty array", () => jnp.mean(e0()), { shape: [], value: NaN }],
  ["max over the non-empty axis of an empty array", () => jnp.max(e03(), 1), { shape: [0] }],
  ["argmax over the non-empty axis of an empty array", () => jnp.argmax(e03(), 1), { shape: [0], dtype: "int32" }],
  ["all of an empty array", () => jnp.all(e0()), { shape: [], dtype: "bool", value: true }],
  ["any of an empty array", () => jnp.any(e0()), { shape: [], dtype: "bool", value: false }],
  ["cumsum of an empty array", () => jnp.cumsum(e0()), { shape: [0] }],
  ["max of a 0-d array", () => jnp.max(s(4)), { shape: [], value: 4 }],
  ["argmax of a 0-d array", () => jnp.argmax(s(4)), { shape: [], value: 0 }],
  ["reshape an empty array with -1", () => jnp.reshape(e03(), [-1]), { shape: [0] }],
  ["reshape a 0-d array to [1, 1]", () => jnp.reshape(s(5), [1, 1]), { shape: [1, 1], value: [[5]] }],
  ["transpose of a 0-d array", () => jnp.transpose(s(5)), { shape: [], value: 5 }],
  ["expandDims of a 0-d array", () => jnp.expandDims(s(5), 0), { shape: [1], value: [5] }],
  ["squeeze to 0-d", () => jnp.squeeze(jnp.ones([1, 1])), { shape: [], value: 1 }],
  [
    "broadcastTo from 0-d",
    () => jnp.broadcastTo(s(5), [2, 2]),
    {
      shape: [2, 2],
      value: [
        [5, 5],
        [5, 5],
      ],
    },
  ],
  ["concatenate with an empty array", () => jnp.concatenate([jnp.zeros([0, 2]), jnp.ones([1, 2])]), { shape: [1, 2], value: [[1, 1]] }],
  ["stack of 0-d arrays", () => jnp.stack([s(1), s(2)]), { shape: [2], value: [1, 2] }],
  ["split of an empty array", () => jnp.split(e0(), 2).map((p) => p.shape), { js: [[0], [0]] }],
  ["tile of a 0-d array", () => jnp.tile(s(2), [3]), { shape: [3], value: [2, 2, 2] }],
  ["repeat of an empty array", () => jnp.repeat(e0(), 3), { shape: [0] }],
  ["flip of a 0-d array", () => jnp.flip(s(5)), { shape: [], value: 5 }],
  ["roll of an empty array", () => jnp.roll(e0(), 2), { shape: [0] }],
  ["pad of an empty axis", () => jnp.pad(e0(), 1), { shape: [2], value: [0, 0] }],
  ["sort of an empty array", () => jnp.sort(e0()), { shape: [0] }],
  ["argsort of an empty array", () => jnp.argsort(e0()), { shape: [0], dtype: "int32" }],
  ["take with no indices", () => jnp.take(jnp.arange(3), jnp.array([], { dtype: "int32" })), { shape: [0], dtype: "int32" }],
  [
    "matmul over an empty contraction",
    () => jnp.matmul(jnp.zeros([2, 0]), jnp.zeros([0, 3])),
    {
      shape: [2, 3],
      value: [
        [0, 0, 0],
        [0, 0, 0],
      ],
    },
  ],
  ["dot of empty vectors", () => jnp.dot(e0(), e0()), { shape: [], value: 0 }],
  ["dot of a 0-d array and a vector", () => jnp.dot(s(2), jnp.array([1, 2])), { shape: [2], value: [2, 4] }],
  ["outer of empty vectors", () => jnp.outer(e0(), jnp.ones([3])), { shape: [0, 3] }],
  ["where with a 0-d condition", () => jnp.where(jnp.array(true), jnp.ones([2]), 0), { shape: [2], value: [1, 1] }],
  ["clip of a 0-d array", () => jnp.clip(s(5), 0, 3), { shape: [], value: 3 }],
  ["norm of an empty vector", () => jnp.linalg.norm(e0()), { shape: [], value: 0 }],
  ["allclose of empty arrays", () => jnp.allclose(e0(), e0()), { shape: [], value: true }],
  ["arrayEqual of 0-d arrays", () => jnp.arrayEqual(s(1), s(1)), { shape: [], value: true }],
  ["get() of a 0-d array", () => s(7).get(), { shape: [], value: 7 }],
  ["get('...') of a 0-d array", () => s(7).get("..."), { shape: [], value: 7 }],
  ["get of an empty slice", () => jnp.arange(5).get(jnp.s(3, 1)), { shape: [0] }],
  ["at[].set on a 0-d array", () => s(7).at().set(3), { shape: [], value: 3 }],
  ["item of a 0-d array", () => s(7).item(), { js: 7 }],
  ["toArray of an empty array", () => e03().toArray(), { js: [] }],
];

export const laxEdges: Edge[] = [
  ["iota of size 0", () => lax.iota("int32", 0), { shape: [0], dtype: "int32" }],
  ["reduceSum of an empty array", () => lax.reduceSum(e0(), [0]), { shape: [], value: 0 }],
  ["reduceMax of an empty array is -inf", () => lax.reduceMax(e0(), [0]), { shape: [], value: -Infinity }],
  ["slice to an empty range", () => lax.slice(jnp.arange(5), [2], [2]), { shape: [0] }],
  ["negative padding trims", () => lax.pad(jnp.arange(5), 0, [[-1, -1, 0]]), { shape: [3], value: [1, 2, 3] }],
  ["dynamicSlice clamps its start", () => lax.dynamicSlice(jnp.arange(5), [4], [2]), { shape: [2], value: [3, 4] }],
  ["add of 0-d arrays", () => lax.add(s(1), s(2)), { shape: [], value: 3 }],
  ["cumsum of an empty array", () => lax.cumsum(e0()), { shape: [0] }],
  ["sort of an empty array", () => lax.sort(e0()), { shape: [0] }],
  ["concatenate of one operand", () => lax.concatenate([jnp.ones([2])], 0), { shape: [2], value: [1, 1] }],
  [
    "scan over zero steps",
    () => {
      const [c, ys] = lax.scan((carry: NDArray, x: NDArray) => [carry.add(x), carry], s(5), e0());
      return [c.item(), ys.shape];
    },
    { js: [5, [0]] },
  ],
  ["foriLoop with no iterations", () => lax.foriLoop(3, 3, (i: NDArray, v: NDArray) => v.add(i), s(1)), { shape: [], value: 1 }],
  [
    "whileLoop whose condition starts false",
    () =>
      lax.whileLoop(
        (v: NDArray) => v.lt(0),
        (v: NDArray) => v.add(1),
        s(2),
      ),
    { shape: [], value: 2 },
  ],
  ["map over an empty array", () => lax.map((x: NDArray) => x.mul(2), e03()), { shape: [0, 3] }],
  [
    "cond on a 0-d int predicate",
    () =>
      lax.cond(
        jnp.array(0, { dtype: "int32" }),
        () => s(1),
        () => s(2),
      ),
    { shape: [], value: 2 },
  ],
  ["switch clamps its index", () => lax.switch(7, [() => s(1), () => s(2)]), { shape: [], value: 2 }],
];

export const otherEdges: Edge[] = [
  ["normal of shape [0]", () => random.normal(key(), [0]), { shape: [0], dtype: "float32" }],
  ["uniform with the default shape", () => random.uniform(key()), { shape: [] }],
  ["split into 0 keys", () => random.split(key(), 0), { shape: [0, 2], dtype: "uint32" }],
  ["choice of no samples", () => random.choice(key(), 3, [0]), { shape: [0] }],
  ["permutation of 0", () => random.permutation(key(), 0), { shape: [0], dtype: "int32" }],
  ["softmax over an empty axis", () => nn.softmax(jnp.zeros([2, 0])), { shape: [2, 0] }],
  ["logsumexp of an empty array is -inf", () => nn.logsumexp(e0()), { shape: [], value: -Infinity }],
  ["oneHot of no labels", () => nn.oneHot(jnp.array([], { dtype: "int32" }), 3), { shape: [0, 3] }],
  ["relu of a 0-d array", () => nn.relu(s(-2)), { shape: [], value: 0 }],
  ["flatten of null", () => tree.flatten(null)[0], { js: [] }],
  ["treedef of null prints as None", () => String(tree.structure(null)), { js: "PyTreeDef(None)" }],
  ["leaves of an empty list", () => tree.leaves([]), { js: [] }],
  ["unflatten of an empty structure", () => tree.unflatten(tree.structure({}), []), { js: {} }],
  ["map over an empty tree", () => tree.map((v: number) => v + 1, { a: [] }), { js: { a: [] } }],
  ["all of an empty tree", () => tree.all([]), { js: true }],
  ["reduce of an empty tree with an initializer", () => tree.reduce((a: number, b: number) => a + b, [], 7), { js: 7 }],
  ["keystr of the empty path", () => tree.keystr([]), { js: "" }],
  ["treedef equality with a non-treedef", () => tree.structure([1]).equals(3 as never), { js: false }],
  ["jit of a 0-d array", () => jit((v: NDArray) => v.mul(2))(s(3)), { shape: [], value: 6 }],
  ["jit of an empty array", () => jit((v: NDArray) => v.add(1))(e03()), { shape: [0, 3] }],
  ["grad at a 0-d array", () => grad((v: NDArray) => v.mul(v))(s(3)), { shape: [], value: 6 }],
  // grad traces with concrete primals, so JS control flow on the value works (as in JAX).
  ["grad through JS control flow", () => grad((v: NDArray) => (Number(v) > 0 ? v.mul(v) : v.neg()))(s(3)), { shape: [], value: 6 }],
  ["grad of a sum over an empty array", () => grad((v: NDArray) => jnp.sum(v))(e0()), { shape: [0] }],
  ["vmap over a size-0 axis", () => vmap((v: NDArray) => v.mul(2))(e03()), { shape: [0, 3] }],
  ["jvp at a 0-d array", () => jvp((v: NDArray) => v.mul(3), [s(1)], [s(1)])[1] as NDArray, { shape: [], value: 3 }],
  ["devices lists the default backend first", () => devices()[0] === defaultBackend(), { js: true }],
];

/** blockUntilReady passes non-array leaves through (JAX's block_until_ready does). */
export async function blockUntilReadyEdges(): Promise<Array<[string, unknown, unknown]>> {
  const t = { a: jnp.ones([2]), b: "text", c: null };
  return [
    ["a tree with non-array leaves", await blockUntilReady(t), t],
    ["a string", await blockUntilReady("abc"), "abc"],
  ];
}
