// Options objects of jnp, linalg, testing and random functions: an unknown
// key (a typo, JAX's snake_case) is an error naming the function and the
// options it has; known keys keep working.
import { test } from "node:test";
import assert from "node:assert/strict";
import { jnp, lax, nn, random, scipy } from "../../src/index.ts";

const x = jnp.arange(6).reshape([2, 3]).astype("float32");
const key = random.PRNGKey(0);
/** Options of the wrong shape, past the type checker. */
const bad = (o: object): any => o;

test("jnp reductions, cumulative ops, sorting, norm and isclose reject unknown options", () => {
  const cases: [string, () => unknown, RegExp][] = [
    ["sum", () => jnp.sum(x, 0, bad({ keepdim: true })), /sum\(\) got an unexpected option 'keepdim'.*'keepdims'/],
    ["mean", () => jnp.mean(x, 0, bad({ keep_dims: true })), /mean\(\) got an unexpected option 'keep_dims' \(did you mean 'keepdims'\?\)/],
    ["var", () => jnp.var(x, 0, bad({ dof: 1 })), /var\(\) got an unexpected option 'dof'/],
    ["std", () => jnp.std(x, 0, bad({ dof: 1 })), /std\(\) got an unexpected option 'dof'/],
    ["argmax", () => jnp.argmax(x, 0, bad({ keepdim: true })), /argmax\(\) got an unexpected option/],
    ["cumsum", () => jnp.cumsum(x, 0, bad({ dtypes: "float32" })), /cumsum\(\) got an unexpected option 'dtypes'/],
    ["sort", () => jnp.sort(x, -1, bad({ kind: "stable" })), /sort\(\) got an unexpected option 'kind'/],
    ["norm", () => jnp.linalg.norm(x, bad({ order: 2 })), /linalg\.norm\(\) got an unexpected option 'order'/],
    ["nn.logsumexp", () => nn.logsumexp(x, 0, bad({ keepdim: true })), /logsumexp\(\) got an unexpected option 'keepdim'/],
    ["nn.oneHot", () => nn.oneHot(jnp.arange(3), 3, bad({ num_classes: 3 })), /one_hot\(\) got an unexpected option 'num_classes'/],
    [
      "isclose",
      () => jnp.isclose(x, x, bad({ equal_nan: true })),
      /isclose\(\) got an unexpected option 'equal_nan' \(did you mean 'equalNan'\?\)/,
    ],
  ];
  for (const [name, f, re] of cases) assert.throws(f, (e: Error) => e instanceof TypeError && re.test(e.message), name);
  assert.deepEqual(jnp.sum(x, 0, { keepdims: true }).shape, [1, 3]);
  assert.ok(Math.abs((jnp.var(x, null as unknown as undefined, { ddof: 1 }).item() as number) - 3.5) < 1e-6);
  assert.equal(jnp.allclose(x, x, { rtol: 0, atol: 0, equalNan: true }).item(), true);
});

test("random samplers reject unknown options", () => {
  const cases: [string, () => unknown, RegExp][] = [
    ["normal", () => random.normal(key, [2], bad({ dype: "float32" })), /normal\(\) got an unexpected option 'dype'/],
    ["uniform", () => random.uniform(key, [2], bad({ min_val: 0 })), /uniform\(\) got an unexpected option 'min_val'/],
    ["gumbel", () => random.gumbel(key, [2], bad({ method: "low" })), /gumbel\(\) got an unexpected option 'method'/],
    ["categorical", () => random.categorical(key, jnp.zeros([3]), bad({ axes: 0 })), /categorical\(\) got an unexpected option 'axes'/],
    ["permutation", () => random.permutation(key, 5, bad({ independant: true })), /permutation\(\) got an unexpected option/],
    ["choice", () => random.choice(key, 5, [2], bad({ replacement: false })), /choice\(\) got an unexpected option 'replacement'/],
    ["bits", () => random.bits(key, [2], bad({ dtypes: "uint32" })), /bits\(\) got an unexpected option 'dtypes'/],
  ];
  for (const [name, f, re] of cases) assert.throws(f, (e: Error) => e instanceof TypeError && re.test(e.message), name);
  assert.deepEqual(random.uniform(key, [3], { minval: 2, maxval: 3 }).shape, [3]);
  assert.equal(random.normal(key, [2], "float32").dtype, "float32");
});

test("dtype objects (jnp.float32, ...) are dtype arguments of the random samplers and nn.oneHot", () => {
  assert.equal(random.normal(key, [2], jnp.float32).dtype, "float32");
  assert.equal(random.uniform(key, [2], { dtype: jnp.float32 }).dtype, "float32");
  assert.equal(random.randint(key, [2], 0, 5, jnp.int32).dtype, "int32");
  assert.equal(random.bits(key, [2], jnp.uint32).dtype, "uint32");
  assert.equal(nn.oneHot(jnp.arange(3), 3, { dtype: jnp.int32 }).dtype, "int32");
  assert.throws(() => random.normal(key, [2], jnp.int32), /must be a float or complex dtype, got int32/);
});

test("lax.sort and lax.linalg.triangularSolve check their options", () => {
  assert.throws(
    () => lax.sort(jnp.arange(3), bad({ is_stable: true })),
    /sort\(\) got an unexpected option 'is_stable' \(did you mean 'isStable'\?\)/,
  );
  assert.throws(
    () => lax.linalg.triangularSolve(jnp.eye(2), jnp.ones([2, 2]), bad({ left_side: true })),
    /triangular_solve\(\) got an unexpected option 'left_side' \(did you mean 'leftSide'\?\)/,
  );
  assert.deepEqual([...(lax.sort(jnp.array([3, 1, 2]), { isStable: true }).dataSync() as Float32Array)], [1, 2, 3]);
});

test("pad, take, takeAlongAxis, linalg.cholesky/eigh/eigvalsh/slogdet, lax.dot/dotGeneral, scipy sqrtm and random.bernoulli check their options", () => {
  const i = jnp.array([0, 1], { dtype: "int32" });
  const cases: [string, () => unknown, RegExp][] = [
    [
      "pad",
      () => jnp.pad(x, 1, bad({ constant_values: 2 })),
      /pad\(\) got an unexpected option 'constant_values' \(did you mean 'constantValues'\?\)/,
    ],
    ["take", () => jnp.take(x, i, 0, bad({ fill_value: 0 })), /take\(\) got an unexpected option 'fill_value'/],
    [
      "takeAlongAxis",
      () => jnp.takeAlongAxis(x, i.reshape([1, 2]), 1, bad({ mod: "clip" })),
      /takeAlongAxis\(\) got an unexpected option 'mod'/,
    ],
    ["cholesky", () => jnp.linalg.cholesky(jnp.eye(2), bad({ lower: true })), /cholesky\(\) got an unexpected option 'lower'/],
    ["eigh", () => jnp.linalg.eigh(jnp.eye(2), bad({ uplo: "U" })), /eigh\(\) got an unexpected option 'uplo'/],
    ["eigvalsh", () => jnp.linalg.eigvalsh(jnp.eye(2), bad({ symmetrize_input: false })), /eigvalsh\(\) got an unexpected option/],
    ["slogdet", () => jnp.linalg.slogdet(jnp.eye(2), bad({ methd: "qr" })), /slogdet\(\) got an unexpected option 'methd'/],
    ["dot", () => lax.dot(x, x.T, bad({ preferred_element_type: "float32" })), /dot\(\) got an unexpected option/],
    ["bernoulli", () => random.bernoulli(key, 0.5, [2], bad({ mod: "high" })), /bernoulli\(\) got an unexpected option 'mod'/],
    [
      "dotGeneral",
      () =>
        lax.dotGeneral(
          x,
          x,
          [
            [[1], [1]],
            [[], []],
          ],
          bad({ precison: null }),
        ),
      /dotGeneral\(\) got an unexpected option 'precison'/,
    ],
    ["sqrtm", () => scipy.linalg.sqrtm(jnp.eye(2), bad({ block_size: 1 })), /sqrtm\(\) got an unexpected option 'block_size'/],
  ];
  for (const [name, f, re] of cases) assert.throws(f, (e: Error) => e instanceof TypeError && re.test(e.message), name);
  assert.deepEqual(jnp.pad(x, 1, { constantValues: 2 }).shape, [4, 5]);
  assert.deepEqual(jnp.take(x, i, 0, { mode: "clip" }).shape, [2, 3]);
});
