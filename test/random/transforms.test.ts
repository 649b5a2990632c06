// Random numbers under transformations: jit gives the eager numbers bit for
// bit, vmap over keys gives what a loop over the keys gives, grad/jvp see
// random bits as constants, and typed keys pass through jit and vmap.
import assert from "node:assert/strict";
import { test } from "node:test";
import { type NDArray, grad, jit, jnp, jvp, makeJaxpr, random, vmap } from "../../src/index.ts";
import { Zero } from "../../src/core/primitive.ts";
import { threefry2x32P } from "../../src/random/threefry.ts";

type Key = random.KeyLike;
const data = (x: NDArray | Key) => (x instanceof random.PRNGKeyArray ? random.keyData(x) : (x as NDArray));
const bitsOf = (x: NDArray) => {
  const d = x.dataSync();
  return d instanceof Float32Array ? Array.from(new Uint32Array(d.buffer)) : Array.from(d as ArrayLike<number>);
};
function assertSame(a: NDArray, b: NDArray, what: string): void {
  assert.deepEqual(a.shape, b.shape, `${what}: shape`);
  assert.equal(a.dtype, b.dtype, `${what}: dtype`);
  assert.deepEqual(bitsOf(a), bitsOf(b), `${what}: values`);
}

const p4 = () => jnp.array([0.1, 0.2, 0.3, 0.4]);
const samplers: Record<string, (k: Key) => NDArray> = {
  bits: (k) => random.bits(k, [5]),
  uniform: (k) => random.uniform(k, [2, 3], { minval: -2, maxval: 5 }),
  normal: (k) => random.normal(k, [4]),
  truncatedNormal: (k) => random.truncatedNormal(k, -1, 2, [4]),
  bernoulli: (k) => random.bernoulli(k, 0.3, [6]),
  bernoulliHigh: (k) => random.bernoulli(k, jnp.array([0.2, 0.7]), null, { mode: "high" }),
  randint: (k) => random.randint(k, [5], -3, 17),
  permutation: (k) => random.permutation(k, 7),
  permutationAxis: (k) => random.permutation(k, jnp.arange(12).reshape([3, 4]), { axis: 1 }),
  choice: (k) => random.choice(k, 5, [3]),
  choiceNoReplace: (k) => random.choice(k, jnp.arange(10).reshape([5, 2]), [3], { replace: false }),
  choiceP: (k) => random.choice(k, 4, [6], { p: p4() }),
  choicePNoReplace: (k) => random.choice(k, 4, [3], { p: p4(), replace: false }),
  categorical: (k) =>
    random.categorical(
      k,
      jnp.array([
        [0, 1, 2],
        [2, 1, 0],
      ]),
    ),
  categoricalNoReplace: (k) => random.categorical(k, jnp.log(p4()), { shape: [3], replace: false }),
  gumbel: (k) => random.gumbel(k, [3]),
  gumbelHigh: (k) => random.gumbel(k, [3], { mode: "high" }),
  exponential: (k) => random.exponential(k, [3]),
  laplace: (k) => random.laplace(k, [3]),
  split: (k) => data(random.split(k, 3)),
  foldIn: (k) => data(random.foldIn(k, 5)),
};

for (const [name, f] of Object.entries(samplers)) {
  test(`${name}: jit == eager, for legacy and typed keys`, () => {
    const k = random.PRNGKey(11);
    assertSame(jit(f)(k), f(k), name);
    const tk = random.key(11);
    assertSame(jit(f)(tk), f(k), `${name} (typed key)`);
  });

  test(`${name}: vmap over split keys == a loop over them`, () => {
    const keys = random.split(random.PRNGKey(5), 3) as NDArray;
    const batched = vmap(f)(keys);
    const typed = vmap(f)(random.split(random.key(5), 3));
    for (let i = 0; i < 3; i++) {
      assertSame(batched.get(i), f(keys.get(i)), `${name}[${i}]`);
      assertSame(typed.get(i), f(keys.get(i)), `${name}[${i}] (typed keys)`);
    }
  });
}

test("nested vmap over a [2, 3] grid of keys", () => {
  const grid = random.split(random.key(1), [2, 3]) as random.PRNGKeyArray;
  const out = vmap(vmap((k: Key) => random.normal(k, [2])))(grid);
  assert.deepEqual(out.shape, [2, 3, 2]);
  for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) assertSame(out.get(i, j), random.normal(grid.get(i, j), [2]), `[${i},${j}]`);
});

test("vmap with mapped parameters, unmapped keys, and mapped seeds", () => {
  const keys = random.split(random.PRNGKey(2), 4) as NDArray;
  const ps = jnp.array([0.1, 0.4, 0.6, 0.9]);
  const b = vmap((k: NDArray, p: NDArray) => random.bernoulli(k, p, [5]))(keys, ps);
  for (let i = 0; i < 4; i++) assertSame(b.get(i), random.bernoulli(keys.get(i), ps.get(i), [5]), `bernoulli[${i}]`);

  const k = random.PRNGKey(3);
  const xs = jnp.array([1, 2, 3]);
  const shifted = vmap((x: NDArray) => x.add(random.normal(k, [])), { inAxes: 0 })(xs);
  assertSame(shifted, xs.add(random.normal(k, [])), "unmapped key");

  const seeded = vmap((s: NDArray) => random.uniform(random.PRNGKey(s), [2]))(jnp.arange(3));
  for (let s = 0; s < 3; s++) assertSame(seeded.get(s), random.uniform(random.PRNGKey(s), [2]), `seed ${s}`);

  const folded = vmap((kk: NDArray, d: NDArray) => random.foldIn(kk, d) as NDArray)(keys, jnp.arange(4));
  for (let i = 0; i < 4; i++) assertSame(folded.get(i), random.foldIn(keys.get(i), i) as NDArray, `foldIn[${i}]`);
});

test("typed keys come out of jit and vmap as typed keys", () => {
  const tk = random.key(0);
  const viaJit = jit((k: Key) => random.split(k, 2))(tk);
  assert.ok(viaJit instanceof random.PRNGKeyArray);
  assertSame(random.keyData(viaJit), random.keyData(random.split(tk, 2)), "jit split");
  const viaVmap = vmap((k: Key) => random.split(k))(random.split(tk, 3));
  assert.ok(viaVmap instanceof random.PRNGKeyArray);
  assert.deepEqual(viaVmap.shape, [3, 2]);
});

test("jit traces once per shape; threefry2x32 is one equation of the jaxpr", () => {
  const f = jit((k: NDArray) => random.normal(k, [3]));
  f(random.PRNGKey(0));
  f(random.PRNGKey(1));
  assert.equal(f.cacheSize(), 1);
  const text = makeJaxpr((k: NDArray) => random.uniform(k, [3]))(random.PRNGKey(0)).toString();
  assert.match(text, /u32\[3\] \w+:u32\[3\] = threefry2x32 /);
});

test("random bits are constants for differentiation", () => {
  const k = random.PRNGKey(4);
  const noise = random.normal(k, [3]);
  const g = grad((x: NDArray) => jnp.sum(x.mul(random.normal(k, [3]))))(jnp.array(2.0));
  assert.ok(Math.abs((g.item() as number) - (jnp.sum(noise).item() as number)) < 1e-6);
  const [out, tangent] = jvp((x: NDArray) => x.mul(random.uniform(k, [])), [jnp.array(3.0)], [jnp.array(1.0)]);
  assert.equal((tangent as NDArray).item(), random.uniform(k, []).item());
  assert.equal((out as NDArray).item(), Math.fround(3 * (random.uniform(k, []).item() as number)));
  // The primitive's own JVP rule: outputs with symbolic zero tangents.
  const u = (v: number) => jnp.array(new Uint32Array([v])).reshape([]);
  const [, ts] = threefry2x32P.rules.jvp!([u(1), u(2), u(3), u(4)], [u(0), u(0), u(0), u(0)], {});
  assert.ok(ts.every((t) => t instanceof Zero));
});
