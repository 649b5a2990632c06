// Ports of the jax.random programs in scripts/gen_programs_goldens.py.
import { jnp, random, vmap, type NDArray } from "../../../src/index.ts";
import type { Rec } from "./rec.ts";

const i32 = (x: unknown) => jnp.array(x as number[], { dtype: "int32" });

export function random_basic(o: Rec): void {
  const key = random.PRNGKey(0);
  o("key", key);
  const [k1, k2] = random.split(key);
  o("split", [k1, k2]);
  o("split3", random.split(key, 3));
  o("fold_in", random.foldIn(key, 7));
  o("normal", random.normal(k1, [2, 3]));
  o("uniform", random.uniform(k2, [4], { minval: -2.0, maxval: 3.0 }));
  o("uniform_scalar", random.uniform(k2));
  o("randint", random.randint(k1, [6], 0, 10));
  o("randint_neg", random.randint(k2, [2, 2], -5, 5));
  o("bits", random.bits(k1, [3]));
  o("normal_f16", random.normal(k1, [3], { dtype: jnp.float16 }));
  const k = random.key(42);
  o("key_data", random.keyData(k));
  o("typed_split", random.keyData(random.split(k, 2)));
  o("typed_normal", random.normal(k, [3]));
  const keys = random.split(random.PRNGKey(5), 4);
  o("vmapped", vmap((k: NDArray) => random.uniform(k, [2]))(keys));
}

export function random_discrete(o: Rec): void {
  const key = random.PRNGKey(11);
  const ks = [...random.split(key, 8)];
  const logits = jnp.log(jnp.array([0.1, 0.2, 0.7]));
  o("categorical", random.categorical(ks[0], logits, { shape: [10] }));
  o("categorical_batch", random.categorical(ks[1], jnp.zeros([2, 5])));
  o("permutation_int", random.permutation(ks[2], 10));
  o("permutation_arr", random.permutation(ks[3], jnp.arange(12).reshape([4, 3])));
  o("permutation_axis1", random.permutation(ks[3], jnp.arange(12).reshape([4, 3]), { axis: 1, independent: true }));
  o("choice", random.choice(ks[4], 5, [3]));
  o("choice_noreplace", random.choice(ks[5], jnp.arange(10, 20), [5], { replace: false }));
  o("choice_p", random.choice(ks[6], 4, [6], { p: jnp.array([0.1, 0.2, 0.3, 0.4]) }));
  o("bernoulli", random.bernoulli(ks[7], 0.3, [8]));
  o("bernoulli_arr", random.bernoulli(ks[7], jnp.array([0.0, 0.5, 1.0])));
}

export function random_continuous(o: Rec): void {
  const ks = [...random.split(random.PRNGKey(2024), 8)];
  o("truncated_normal", random.truncatedNormal(ks[0], -1.0, 2.0, [5]), 1e-5);
  o("exponential", random.exponential(ks[1], [4]), 1e-5);
  o("gumbel", random.gumbel(ks[2], [4]), 1e-5);
  o("laplace", random.laplace(ks[3], [4]), 1e-5);
  o("gamma", random.gamma(ks[4], 2.5, [4]), 1e-4);
  o("beta", random.beta(ks[5], 2.0, 3.0, [3]), 1e-4);
  o("dirichlet", random.dirichlet(ks[6], jnp.array([1.0, 2.0, 3.0])), 1e-4);
  o("logistic", random.logistic(ks[7], [3]), 1e-5);
  o("poisson", random.poisson(ks[0], 3.0, [6]));
}

export { i32 };
