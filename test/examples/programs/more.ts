// Ports of the gradient-edge, custom-pytree, numpy-misc and random programs
// in scripts/gen_programs_goldens.py.
import { inspect } from "node:util";
import { grad, jit, jnp, lax, nn, random, scipy, tree, vmap, type NDArray } from "../../../src/index.ts";
import type { Rec } from "./rec.ts";

const i32 = (x: unknown) => jnp.array(x as number[], { dtype: "int32" });
const J = jnp as any;
type N = NDArray | number;

export function grad_edges(o: Rec): void {
  o("abs_at0", grad((v: N) => jnp.abs(v))(0.0));
  o("sqrt_at0", grad((v: N) => jnp.sqrt(v))(0.0));
  o("max_ties", grad((v: NDArray) => jnp.max(v))(jnp.array([1.0, 3.0, 3.0])));
  o("maximum_tie", grad((a: N) => jnp.maximum(a, 1.0))(1.0));
  o("relu_vec", grad((v: NDArray) => jnp.sum(nn.relu(v)))(jnp.array([-1.0, 0.0, 2.0])));
  o("where_nan", grad((v: NDArray) => jnp.sum(jnp.where(v.gt(0), jnp.sqrt(v), 0.0)))(jnp.array([-1.0, 4.0])));
  const safe = (v: NDArray) => jnp.sum(jnp.where(v.gt(0), jnp.sqrt(jnp.where(v.gt(0), v, 1.0)), 0.0));
  o("double_where", grad(safe)(jnp.array([-1.0, 4.0])));
  o("norm_at0", grad((v: NDArray) => jnp.linalg.norm(v))(jnp.zeros([2])));
  o("sort_grad", grad((v: NDArray) => jnp.sort(v).get(0).mul(2).add(jnp.sort(v).get(-1)))(jnp.array([3.0, 1.0, 2.0])));
  o("clip_grad", grad((v: NDArray) => jnp.sum(jnp.clip(v, 0.0, 1.0)))(jnp.array([-0.5, 0.0, 0.5, 1.0, 1.5])));
  o("round_grad", grad((v: NDArray) => jnp.sum(jnp.round(v).mul(v)))(jnp.array([0.4, 1.6])));
  o("stop_gradient", grad((v: N) => jnp.multiply(v, lax.stopGradient(v)).add(v))(3.0));
  o("xlogy_grad", grad((v: N) => scipy.special.xlogy(v, v))(1.0));
  o("logsumexp_inf", grad((v: NDArray) => nn.logsumexp(v))(jnp.array([-Infinity, 0.0, 1.0])));
  o("softmax_inf", nn.softmax(jnp.array([-Infinity, -Infinity])));
  o("integer_pow_neg", grad((v: N) => jnp.power(v, -2))(2.0));
  o("arctan2_grad", grad((a: N, b: N) => jnp.arctan2(a, b), { argnums: [0, 1] })(1.0, 2.0));
  o("prod_zero_grad", grad((v: NDArray) => jnp.prod(v))(jnp.array([2.0, 0.0, 3.0])));
  // Cumulative reductions differentiate as associative scans: exact at zeros, ties split in the scan's order.
  o("cumprod_zero_grad", grad((v: NDArray) => jnp.sum(jnp.cumprod(v)))(jnp.array([2.0, 0.0, 3.0, 0.0])));
  o("cummax_ties_grad", grad((v: NDArray) => jnp.sum(lax.cummax(v).mul(jnp.arange(1, 6))))(jnp.array([1.0, 3.0, 3.0, 2.0, 3.0])));
  o(
    "cummin_rev_ties_grad",
    grad((v: NDArray) => jnp.sum(lax.cummin(v, 0, { reverse: true }).mul(jnp.arange(1, 6))))(jnp.array([1.0, 3.0, 1.0, 2.0, 1.0])),
  );
  // custom_jvp rules: logaddexp2's weights (half each at a tie), frexp's mantissa (t * 2**-e, so ldexp's
  // derivative is 2**x2), i0's zero tangent at 0.
  o("logaddexp2_tie_grad", grad((v: NDArray) => jnp.sum(jnp.logaddexp2(v, jnp.array([0.0, 2.0, 2.0]))))(jnp.array([0.0, 1.0, 2.0])));
  o("frexp_grad", grad((v: NDArray) => jnp.sum(jnp.frexp(v)[0]))(jnp.array([1.0, 3.0, 0.5, -6.0])));
  o(
    "ldexp_grad",
    grad((v: NDArray) => jnp.sum(jnp.ldexp(v, jnp.array([1, 2, 3, -1], { dtype: "int32" }))))(jnp.array([1.0, 3.0, 0.5, -6.0])),
  );
  o("i0_grad", grad((v: NDArray) => jnp.sum(jnp.i0(v)))(jnp.array([0.0, 1.0, -2.0, 9.0])));
  o.raises("nextafter_grad", () => grad((v: NDArray) => jnp.sum(jnp.nextafter(v, 2.0)))(jnp.array([1.0, 3.0])));
}

export function grad_weak_pow(o: Rec): void {
  o("pow_grad_0", grad((v: N) => jnp.power(v, 2.5))(0.0));
  o("pow_grad_weak_exp", grad((v: N) => jnp.power(v, 3))(2.0));
}

export function random_small_ints(o: Rec): void {
  o("randint_u8", random.randint(random.key(1), [4], 0, 100, { dtype: jnp.uint8 }));
  o("randint_i16", random.randint(random.key(2), [3], -5, 5, { dtype: jnp.int16 }));
  o("bits_u8", random.bits(random.key(3), [5], { dtype: jnp.uint8 }));
}

export function custom_pytrees(o: Rec): void {
  const Params = tree.namedTuple("Params", ["w", "b"]);
  type P = { w: NDArray; b: NDArray };
  const p = new Params({ w: jnp.ones([2, 2]), b: jnp.zeros([2]) }) as unknown as P;
  o("treedef", String(tree.structure(p)));
  o("leaves", tree.leaves(p));
  const g = grad((p: P, x: NDArray) => jnp.sum(x.matmul(p.w).add(p.b).pow(2)))(p, jnp.array([1.0, 2.0])) as P;
  o("grad_w", g.w);
  o("grad_b", g.b);
  o("grad_type", (g as object).constructor.name);
  const upd = jit((p: P, g: P) => tree.map((a: NDArray, b: NDArray) => a.sub(b.mul(0.1)), p, g) as P)(p, g);
  o("updated", [upd.w, upd.b]);
  o(
    "paths",
    tree.flattenWithPath(p)[0].map(([k]) => tree.keystr(k)),
  );
  o(
    "vmapped",
    vmap((p: P) => p.w.sum().add(p.b.sum()))(
      new Params({ w: jnp.ones([3, 2, 2]), b: jnp.arange(6, { dtype: "float32" }).reshape([3, 2]) }) as unknown as P,
    ),
  );
  o("nested", String(tree.structure({ layers: [p, p], step: 0 })));
}

export function numpy_misc(o: Rec): void {
  const x = jnp.array([0.5, 1.5, 1.7, 3.2, 4.9, 2.2]);
  const [counts, edges] = jnp.histogram(x, { bins: 4, range: [0.0, 5.0] });
  o("histogram", [counts, edges]);
  o("histogram_density", jnp.histogram(x, { bins: 3, density: true })[0]);
  o("interp", jnp.interp(jnp.array([0.0, 1.5, 2.5, 10.0]), jnp.array([1.0, 2.0, 3.0]), jnp.array([10.0, 20.0, 15.0])));
  o("convolve", jnp.convolve(jnp.array([1.0, 2.0, 3.0]), jnp.array([0.0, 1.0, 0.5])));
  o("convolve_same", jnp.convolve(jnp.array([1.0, 2.0, 3.0, 4.0]), jnp.array([1.0, -1.0]), { mode: "same" }));
  o("correlate", jnp.correlate(jnp.array([1.0, 2.0, 3.0]), jnp.array([0.0, 1.0, 0.5]), { mode: "full" }));
  o("polyval", jnp.polyval(jnp.array([1.0, -2.0, 3.0]), jnp.array([0.0, 1.0, 2.0])));
  o("polyfit", jnp.polyfit(jnp.arange(5, { dtype: "float32" }), jnp.array([1.0, 3.0, 5.0, 7.0, 9.0]), 1), 1e-4);
  o("vectorize", jnp.vectorize((a: NDArray, b: NDArray) => a.mul(b).add(1))(jnp.arange(3, { dtype: "float32" }), 2.0));
  o("vectorize_sig", jnp.vectorize((v: NDArray) => v.sum(), { signature: "(n)->()" })(jnp.ones([2, 3])));
  o(
    "apply_along_axis",
    jnp.applyAlongAxis((v: NDArray) => v.max().sub(v.min()), 1, jnp.arange(6, { dtype: "float32" }).reshape([2, 3]).pow(2)),
  );
  o("select", jnp.select([x.lt(1), x.gt(3)], [x.mul(10), x.neg()], { default: 0.0 }));
  o("piecewise", jnp.piecewise(x, [x.lt(2), x.ge(2)], [(v: NDArray) => v.mul(2), (v: NDArray) => v.neg()]));
  const m = jnp.array([
    [1.0, 2.0, 4.0],
    [2.0, 1.0, 0.0],
  ]);
  o("cov", jnp.cov(m));
  o("corrcoef", jnp.corrcoef(m));
  o("percentile", jnp.percentile(x, jnp.array([25.0, 50.0]), undefined, { method: "nearest" }));
  o("nanstd", jnp.nanstd(jnp.array([1.0, NaN, 3.0, 4.0])));
  o("outer_add", J.add.outer(jnp.arange(2, { dtype: "float32" }), jnp.arange(3, { dtype: "float32" })));
  o("ufunc_reduce", J.multiply.reduce(jnp.arange(1, 5, { dtype: "float32" })));
  o("triu_indices", jnp.triuIndices(3, 1));
  o("unravel", jnp.unravelIndex(i32([5, 7]), [2, 4]));
  o("ravel_multi", jnp.ravelMultiIndex([i32([1, 0]), i32([1, 3])], [2, 4]));
  o("flatnonzero", jnp.flatnonzero(i32([0, 1, 0, 2])));
  o("count_bins", jnp.bincount(i32([1, 1, 2]), { weights: jnp.array([0.5, 0.25, 2.0]) }));
  o("logspace_base", jnp.logspace(0, 3, 4, { base: 2.0 }));
  o("isin_invert", jnp.isin(jnp.arange(4), i32([1, 3]), { invert: true }));
  o("round_half", jnp.around(jnp.array([0.125, 0.135]), 2));
  o("angle_deg", jnp.angle(lax.complex(jnp.array([0.0, -1.0]), jnp.array([1.0, 0.0])), { deg: true }));
  o("sign_int", jnp.sign(i32([-3, 0, 5])));
}

export function random_more(o: Rec): void {
  const key = random.key(0);
  const ks = random.split(key, 3);
  o("typed_keys_shape", ks.shape);
  o("typed_vmap", vmap((k: any) => random.normal(k, [2]))(ks));
  o("typed_fold", random.keyData(random.foldIn(key, 3)));
  o("key_repr", inspect(key));
  const [k0, k1, k2] = ks;
  o("shuffle_axis", random.permutation(k0, jnp.arange(6).reshape([2, 3]), { axis: 1 }));
  o("uniform_f16", random.uniform(k2, [3], { dtype: jnp.float16 }));
  o("normal_2d_jit", jit((k: any) => random.normal(k, [2, 2]))(k0));
  o("rademacher", random.rademacher(k1, [6]));
  o("orthogonal", jnp.abs(random.orthogonal(k2, 3)), 1e-5);
  o("ball_keywords", random.ball(k0, 3, { p: 1.5, shape: [2] }), 1e-5);
  o(
    "multivariate_normal",
    random.multivariateNormal(
      k0,
      jnp.zeros([2]),
      jnp.array([
        [1.0, 0.5],
        [0.5, 2.0],
      ]),
      [3],
    ),
    1e-4,
  );
  o("split_many", random.split(random.PRNGKey(1), 5));
  o("clone", random.keyData(random.clone(key)));
}
