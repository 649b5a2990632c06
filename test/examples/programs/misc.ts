// Ports of the nn, scipy, tree, custom-rule, transformation, control-flow and
// printing programs in scripts/gen_programs_goldens.py.
import { inspect } from "node:util";
import {
  checkpoint,
  checkpointPolicies,
  customGradient,
  customJvp,
  customVjp,
  debug,
  grad,
  hessian,
  jacfwd,
  jacrev,
  jit,
  jnp,
  jvp,
  lax,
  linearize,
  makeJaxpr,
  nn,
  random,
  scipy,
  tree,
  valueAndGrad,
  vjp,
  vmap,
  type NDArray,
} from "../../../src/index.ts";
import type { Rec } from "./rec.ts";

const i32 = (x: unknown) => jnp.array(x as number[], { dtype: "int32" });
const s = jnp.s;
const jss = scipy.special;
const jst = scipy.stats;

export function nn_funcs(o: Rec): void {
  const x = jnp.array([
    [-2.0, -0.5, 0.0, 0.5, 3.0],
    [1.0, 1.0, 1.0, 1.0, 1.0],
  ]);
  o("softmax", nn.softmax(x));
  o("softmax_ax0", nn.softmax(x, 0));
  o("softmax_where", nn.softmax(x, -1, { where: x.gt(-1) }));
  o("log_softmax", nn.logSoftmax(x));
  o("logsumexp", nn.logsumexp(x, 1));
  o("logsumexp_b", jss.logsumexp(x, 1, { b: jnp.array([1.0, 2.0, 0.0, 1.0, 1.0]) }));
  o("logsumexp_sign", jss.logsumexp(jnp.array([1.0, 2.0]), undefined, { b: jnp.array([1.0, -1.0]), returnSign: true }));
  o("gelu_tanh", nn.gelu(x));
  o("gelu_exact", nn.gelu(x, { approximate: false }));
  o("relu", nn.relu(x));
  o("relu_grad0", grad((v: NDArray | number) => nn.relu(v))(0.0));
  o("relu6", nn.relu6(jnp.array([-1.0, 3.0, 7.0])));
  o("silu", nn.silu(x));
  o("sigmoid", nn.sigmoid(x));
  o("softplus", nn.softplus(jnp.array([-30.0, 0.0, 30.0])));
  o("elu", nn.elu(x, { alpha: 0.5 }));
  o("leaky", nn.leakyRelu(x, { negativeSlope: 0.1 }));
  o("celu", nn.celu(x));
  o("selu", nn.selu(x));
  o("hard_tanh", nn.hardTanh(x));
  o("mish", nn.mish(x));
  o("log_sigmoid", nn.logSigmoid(x));
  o("one_hot", nn.oneHot(i32([0, 2, -1, 5]), 4));
  o("one_hot_i32", nn.oneHot(i32([1, 0]), 3, { dtype: jnp.int32 }));
  o("one_hot_axis0", nn.oneHot(i32([1, 0]), 3, { axis: 0 }));
  o("standardize", nn.standardize(x, 1));
  o("glu", nn.glu(jnp.arange(4, { dtype: "float32" })));
  o("softmax_grad", grad((v: NDArray) => nn.softmax(v).get(0))(jnp.array([1.0, 2.0, 3.0])));
  const q = jnp.arange(24, { dtype: "float32" }).reshape([1, 3, 2, 4]).div(10);
  o("dpa", nn.dotProductAttention(q, q, q));
  o("dpa_causal", nn.dotProductAttention(q, q, q, { isCausal: true }));
  // jax.nn.logsumexp is jax.scipy.special.logsumexp: weights, a mask, the sign.
  const lx = jnp.array([
    [-1.0, 0.5, 2.0],
    [3.0, -2.0, 0.25],
  ]);
  o("nn_logsumexp_b", nn.logsumexp(lx, 1, { b: jnp.array([1.0, 0.0, 2.0]) }));
  o("nn_logsumexp_where", nn.logsumexp(lx, 0, { where: lx.gt(0), keepdims: true }));
  o("nn_logsumexp_sign", nn.logsumexp(lx, 1, { b: lx, returnSign: true }));
}

export function initializers(o: Rec): void {
  const key = random.PRNGKey(9);
  const init = nn.initializers;
  o("glorot_normal", init.glorotNormal()(key, [3, 4]), 1e-5);
  o("glorot_uniform", init.glorotUniform()(key, [3, 4]), 1e-5);
  o("he_uniform", init.heUniform()(key, [2, 3]), 1e-5);
  o("he_normal", init.heNormal()(key, [2, 3]), 1e-5);
  o("lecun_normal", init.lecunNormal()(key, [4, 2]), 1e-5);
  o("normal", init.normal(0.5)(key, [3]), 1e-5);
  o("uniform", init.uniform(2.0)(key, [3]), 1e-5);
  o("truncated", init.truncatedNormal({ stddev: 0.2 })(key, [3]), 1e-5);
  o("zeros", init.zeros(key, [2]));
  o("ones_i32", init.ones(key, [2], jnp.int32));
  o("constant", init.constant(3.5)(key, [2, 2]));
  o("vs_fan_avg", init.varianceScaling(2.0, "fan_avg", "uniform")(key, [5, 3]), 1e-5);
  o("vs_conv", init.varianceScaling(1.0, "fan_in", "normal", { inAxis: -2, outAxis: -1 })(key, [3, 3, 2, 4]).std().gt(0));
  const q = init.orthogonal()(key, [3, 3]);
  o("orthogonal_qtq", q.T.matmul(q), 1e-5);
  o("delta_orth", init.deltaOrthogonal()(key, [3, 3, 3]).shape);
}

export function scipy_special(o: Rec): void {
  const x = jnp.array([0.1, 0.5, 1.0, 2.5, 7.0]);
  o("gammaln", jss.gammaln(x));
  o("digamma", jss.digamma(x));
  o("erf", jss.erf(x.sub(1)));
  o("erfc", jss.erfc(x));
  o("erfinv", jss.erfinv(jnp.array([-0.9, 0.0, 0.5, 0.999])));
  o("logit", jss.logit(jnp.array([0.1, 0.5, 0.9])));
  o("expit", jss.expit(x));
  o("xlogy", jss.xlogy(jnp.array([0.0, 1.0, 2.0]), jnp.array([0.0, 2.0, 3.0])));
  o("xlog1py", jss.xlog1py(jnp.array([0.0, 1.0]), jnp.array([-1.0, 1.0])));
  o("betaln", jss.betaln(x, 2.0));
  o("gammainc", jss.gammainc(2.0, x));
  o("gammaincc", jss.gammaincc(2.0, x));
  o("i0e", jss.i0e(x));
  o("i1", jss.i1(x));
  o("ndtr", jss.ndtr(x.sub(2)));
  o("ndtri", jss.ndtri(jnp.array([0.01, 0.5, 0.975])));
  o("log_ndtr", jss.logNdtr(jnp.array([-10.0, 0.0, 3.0])));
  o("zeta", jss.zeta(x.add(1.5), 1.0));
  o("polygamma", jss.polygamma(1, x));
  o("entr", jss.entr(jnp.array([0.0, 0.5, 1.0, -1.0])));
  o("factorial", jss.factorial(jnp.array([0.0, 3.0, 5.0])));
  o("softmax", jss.softmax(jnp.array([1.0, 2.0])));
  o("sinc", jnp.sinc(jnp.array([0.0, 0.5, 1.0])));
  o("gammaln_grad", grad((v: NDArray | number) => jss.gammaln(v))(3.0));
  o("erf_int", jss.erf(i32([0, 1])));
}

export function scipy_stats(o: Rec): void {
  const x = jnp.array([-1.0, 0.0, 0.5, 2.0]);
  o("norm_pdf", jst.norm.pdf(x));
  o("norm_logpdf", jst.norm.logpdf(x, { loc: 1.0, scale: 2.0 }));
  o("norm_cdf", jst.norm.cdf(x));
  o("norm_ppf", jst.norm.ppf(jnp.array([0.1, 0.5, 0.9])));
  o("norm_sf", jst.norm.sf(x));
  o("t_logpdf", jst.t.logpdf(x, 3.0));
  o("beta_logpdf", jst.beta.logpdf(jnp.array([0.2, 0.5]), 2.0, 3.0));
  o("gamma_logpdf", jst.gamma.logpdf(jnp.array([0.5, 2.0]), 2.0, { scale: 1.5 }));
  o("poisson_logpmf", jst.poisson.logpmf(i32([0, 2, 5]), 3.5));
  o("binom_logpmf", jst.binom.logpmf(i32([0, 2, 5]), 5, 0.3));
  o("bernoulli_pmf", jst.bernoulli.pmf(i32([0, 1]), 0.3));
  o("uniform_pdf", jst.uniform.pdf(jnp.array([-0.5, 0.5, 1.5])));
  o("expon_logpdf", jst.expon.logpdf(jnp.array([-1.0, 1.0])));
  o("laplace_cdf", jst.laplace.cdf(x));
  o("cauchy_logpdf", jst.cauchy.logpdf(x));
  o("logistic_cdf", jst.logistic.cdf(x));
  o(
    "mvn_logpdf",
    jst.multivariateNormal.logpdf(
      jnp.array([
        [0.0, 0.0],
        [1.0, -1.0],
      ]),
      jnp.zeros([2]),
      jnp.array([
        [2.0, 0.5],
        [0.5, 1.0],
      ]),
    ),
  );
  o("dirichlet_logpdf", jst.dirichlet.logpdf(jnp.array([0.2, 0.3, 0.5]), jnp.array([1.0, 2.0, 3.0])));
  o("chi2_logpdf", jst.chi2.logpdf(jnp.array([0.5, 2.0]), 3.0));
}

export function tree_utils(o: Rec): void {
  const params = { layer2: { w: jnp.ones([2, 2]), b: null }, layer1: [jnp.zeros([2]), 3.0], name_free: [1, 2] };
  const [leaves, treedef] = tree.flatten(params);
  o("num_leaves", leaves.length);
  o("leaves", leaves);
  o("treedef", String(treedef));
  o("structure", String(tree.structure([1, [2, null], { b: 3, a: null }])));
  o("num_leaves_prop", treedef.numLeaves);
  o(
    "unflatten",
    tree.unflatten(
      treedef,
      leaves.map((_, i) => i),
    ),
  );
  o(
    "map_none",
    tree.map((x: any) => jnp.multiply(x, 2), params),
  );
  o(
    "map_is_leaf",
    tree.mapWithOptions((x: unknown) => x === null, [params], { isLeaf: (x: unknown) => x === null }),
  );
  o(
    "map_multi",
    tree.map((a: number, b: number) => a + b, { x: 1.0, y: [2.0, 3.0] }, { x: 10.0, y: [20.0, 30.0] }),
  );
  const [paths] = tree.flattenWithPath(params);
  o(
    "paths",
    paths.map(([p]) => tree.keystr(p)),
  );
  o(
    "reduce",
    tree.reduce((a: number, b: number) => a + b, [1, { q: 2, p: 3 }, [4]]),
  );
  o("all", tree.all([true, { a: false }]));
  o(
    "transpose",
    tree.transpose(tree.structure([0, 0]), tree.structure([0, 0, 0]), [
      [1, 2, 3],
      [4, 5, 6],
    ]),
  );
  o("leaves_none", tree.leaves([null, 1, [null, 2]]));
  o("structure_leaf", String(tree.structure(jnp.ones([3]))));
  o("structure_none", String(tree.structure(null)));
  o(
    "map_with_path",
    tree.mapWithPath((p: any, x: number) => `${tree.keystr(p)}=${x}`, { a: [1, 2], b: 3 }),
  );
  o.raises("map_mismatch", () => tree.map((a: number) => a, [1, 2], [1, 2, 3]));
  o(
    "map_arrays",
    tree.map((x: NDArray) => jnp.power(x, 2), { a: jnp.arange(3, { dtype: "float32" }), b: [jnp.array(2, { dtype: "int32" }), 5] }),
  );
}

export function custom_rules(o: Rec): void {
  const log1pexp = customJvp((x: NDArray | number) => jnp.log(jnp.add(1.0, jnp.exp(x))));
  log1pexp.defjvp(([x]: any[], [t]: any[]) => [log1pexp(x), jnp.multiply(t, jnp.subtract(1, jnp.divide(1, jnp.add(1, jnp.exp(x)))))]);
  o("log1pexp", log1pexp(jnp.array([0.0, 10.0, 100.0])));
  o("grad_100", grad(log1pexp)(100.0));
  o("vmap_grad", vmap(grad(log1pexp))(jnp.array([-1.0, 0.0, 1.0])));
  o("jit_grad", jit(grad(log1pexp))(3.0));

  const clipGradient = customVjp((x: NDArray, _lo: number, _hi: number) => x);
  clipGradient.defvjp(
    (x: NDArray, lo: number, hi: number) => [x, [lo, hi]],
    (res: any, g: NDArray) => [jnp.clip(g, res[0], res[1]), null, null],
  );
  const f = (x: NDArray) => jnp.sum(clipGradient(x, -0.5, 0.5).mul(jnp.array([3.0, 0.1, -2.0])));
  o("clip_grad", grad(f)(jnp.ones([3])));
  o("clip_val", clipGradient(jnp.array(2.0), 0.0, 1.0));

  const applyN = customJvp((n: number, x: NDArray | number) => jnp.multiply(x, n), { nondiffArgnums: [0] });
  applyN.defjvp((n: number, primals: any[], tangents: any[]) => [applyN(n, primals[0]), jnp.multiply(tangents[0], n * 10)]);
  o("nondiff", grad((x: number | NDArray) => applyN(3, x))(1.0));

  const f2 = customJvp((x: NDArray | number, y: NDArray | number) => jnp.multiply(x, y));
  f2.defjvps((t: NDArray, _ans: NDArray, _x: NDArray, y: NDArray) => jnp.multiply(t, y).mul(2), null);
  o("defjvps", grad(f2, { argnums: [0, 1] })(2.0, 5.0));

  const scaled = customGradient((x: NDArray) => [x.mul(2), (g: NDArray) => [g.mul(100)]]);
  o("custom_gradient", grad(scaled as any)(1.0));
}

export function checkpointing(o: Rec): void {
  const block = (w: NDArray, x: NDArray) => jnp.sin(jnp.tanh(x.matmul(w)).matmul(w.T));
  const w = jnp.arange(6, { dtype: "float32" }).reshape([3, 2]).div(6);
  const x = jnp.ones([2, 3]);
  const plain = grad((w: NDArray) => jnp.sum(block(w, block(w, x))))(w);
  const remat = grad((w: NDArray) => jnp.sum(checkpoint(block)(w, checkpoint(block)(w, x))))(w);
  const pol = grad((w: NDArray) => jnp.sum(checkpoint(block, { policy: checkpointPolicies.dotsSaveable })(w, x)))(w);
  o("plain", plain);
  o("remat", remat);
  o("policy", pol);
  o("same", jnp.allclose(plain, remat));
  const pw = checkpoint((x: NDArray | number, n: number) => jnp.power(x, n), { staticArgnums: [1] });
  o("static", grad(pw)(2.0, 3));
}

export function jacobians(o: Rec): void {
  type P = { w: NDArray; b: NDArray };
  const f = (p: P, x: NDArray) => jnp.tanh(p.w.matmul(x).add(p.b));
  const p: P = {
    w: jnp.array([
      [1.0, 0.5],
      [-0.5, 2.0],
    ]),
    b: jnp.array([0.1, -0.1]),
  };
  const x = jnp.array([0.3, -0.2]);
  o("jacfwd_p", jacfwd(f)(p, x));
  o("jacrev_p", jacrev(f)(p, x));
  o("jacrev_x", jacrev(f, { argnums: 1 })(p, x));
  o("jac_both", jacfwd(f, { argnums: [0, 1] })(p, x));
  const g = (v: NDArray) => jnp.sum(v.pow(3)).add(v.get(0).mul(v.get(1)));
  o("hessian", hessian(g)(jnp.array([1.0, 2.0, 3.0])));
  o("hessian_dict", hessian((d: { a: any; b: any }) => jnp.multiply(jnp.power(d.a, 2), d.b))({ a: 1.5, b: 2.0 }));
  o("jac_scalar_out", jacrev((v: NDArray) => jnp.sum(v.pow(2)))(jnp.array([1.0, 2.0])));
  o("jac_tuple_out", jacfwd((v: NDArray) => [v.mul(2), v.sum()])(jnp.array([1.0, 2.0])));
  const [yv, tv] = jvp((v: NDArray) => jnp.sin(v).mul(v), [jnp.array([0.5, 1.0])], [jnp.array([1.0, 0.0])]);
  o("jvp", [yv, tv]);
  const [out, vjpFn] = vjp((a: NDArray, b: NDArray) => a.mul(b).add(jnp.exp(a)), jnp.array([1.0, 2.0]), jnp.array([3.0, 4.0]));
  o("vjp", [out, vjpFn(jnp.array([1.0, -1.0]))]);
  const [y, fJvp] = linearize(jnp.sin, 1.0);
  o("linearize", [y, fJvp(2.0)]);
  o("grad_has_aux", grad((v: NDArray) => [jnp.sum(v.pow(2)), { n: v.size }], { hasAux: true })(jnp.ones([3])));
  o("vag_argnums", valueAndGrad((a: number | NDArray, b: number | NDArray) => jnp.multiply(a, b), { argnums: 1 })(3.0, 4.0));
  o.raises("grad_nonscalar", () => grad((v: NDArray) => v.mul(2))(jnp.ones([2])));
  o.raises("grad_int", () => grad((v: NDArray | number) => jnp.multiply(v, 2))(jnp.array(3, { dtype: "int32" })));
  // hasAux on jvp, vjp and linearize (vjp and linearize take it after the primals): aux comes back last.
  const auxF = (v: NDArray) => [jnp.sin(v).mul(v), { sq: v.pow(2), n: jnp.sum(v) }] as const;
  const v2 = jnp.array([0.5, 1.0]);
  o("jvp_has_aux", jvp(auxF, [v2], [jnp.array([1.0, 2.0])], { hasAux: true }));
  const [outA, vjpA, auxA] = vjp(auxF, v2, { hasAux: true });
  o("vjp_has_aux", [outA, vjpA(jnp.array([1.0, -1.0])), auxA]);
  const [yA, linA, auxL] = linearize(auxF, v2, { hasAux: true });
  o("linearize_has_aux", [yA, linA(jnp.array([2.0, 0.5])), auxL]);
  o("vjp_has_aux_jit", jit((v: NDArray) => vjp(auxF, v, { hasAux: true })[1](jnp.ones([2])))(v2));
  o.raises("vjp_ct_dtype", () => vjp(jnp.sin, v2)[1](jnp.ones([2], { dtype: "int32" })));
}

export function vmap_patterns(o: Rec): void {
  const affine = (w: NDArray, b: number | NDArray, x: NDArray) => w.matmul(x).add(b);
  const w = jnp.arange(6, { dtype: "float32" }).reshape([2, 3]);
  const xs = jnp.arange(12, { dtype: "float32" }).reshape([4, 3]);
  o("in_axes_none", vmap(affine, { inAxes: [null, null, 0] })(w, 1.0, xs));
  o("out_axes1", vmap(affine, { inAxes: [null, null, 0], outAxes: 1 })(w, 1.0, xs));
  o("in_axes_1", vmap((v: NDArray) => jnp.sum(v), { inAxes: 1 })(xs));
  o(
    "nested",
    vmap(
      vmap((a: NDArray, b: NDArray) => a.mul(b), { inAxes: [0, null] }),
      { inAxes: [null, 0] },
    )(jnp.arange(3, { dtype: "float32" }), jnp.arange(2, { dtype: "float32" })),
  );
  o(
    "dict_tree",
    vmap((d: { a: NDArray; b: NDArray }) => d.a.add(d.b.sum()))({ a: jnp.arange(3, { dtype: "float32" }), b: jnp.ones([3, 2]) }),
  );
  o(
    "dict_in_axes",
    vmap((d: { a: NDArray; b: number }) => d.a.mul(d.b), { inAxes: [{ a: 0, b: null }] })({
      a: jnp.arange(3, { dtype: "float32" }),
      b: 2.0,
    }),
  );
  o("tuple_out", vmap((v: NDArray) => [v.sum(), v.mul(2)])(xs));
  o("axis_size", vmap(() => jnp.ones([2]), { axisSize: 3 })());
  o("matmul_batched", vmap(jnp.matmul)(jnp.ones([2, 3, 4]), jnp.ones([2, 4, 5])).shape);
  o("vmap_index", vmap((v: NDArray, i: NDArray) => v.get(i))(xs, i32([0, 2, 1, -1])));
  o("vmap_dyn_slice", vmap((v: NDArray, i: NDArray) => lax.dynamicSlice(v, [i], [2]))(xs, i32([0, 1, 2, 5])));
  o(
    "vmap_cond",
    vmap((v: NDArray) =>
      lax.cond(
        v.gt(1),
        () => v.mul(10),
        () => v.neg(),
      ),
    )(jnp.arange(4, { dtype: "float32" })),
  );
  o.raises("size_mismatch", () => vmap((a: NDArray, b: NDArray) => a.add(b))(jnp.ones([3]), jnp.ones([4])));
}

export function control_flow(o: Rec): void {
  const branchy = (x: NDArray, p: boolean | NDArray) =>
    lax.cond(
      p,
      (t: NDArray[]) => [t[0].add(1), t[1].mul(2)],
      (t: NDArray[]) => [t[0].sub(1), t[1].mul(3)],
      [x, x],
    );
  o("cond_true", branchy(jnp.array(1.0), true));
  o("cond_false", branchy(jnp.array(1.0), jnp.array(false)));
  const fns = [(x: any) => jnp.add(x, 1), (x: any) => jnp.multiply(x, 10), (x: any) => jnp.negative(x)];
  o(
    "switch",
    [0, 1, 2].map((i) => lax.switch(i, fns, jnp.array(2.0))),
  );
  o(
    "switch_clamp",
    [-5, 7].map((i) => lax.switch(i, fns, jnp.array(2.0))),
  );
  o("switch_vmap", vmap((i: NDArray, x: NDArray) => lax.switch(i, fns, x))(i32([0, 1, 2, 3]), jnp.arange(4, { dtype: "float32" })));
  o("cond_grad", grad((x: NDArray | number) => lax.cond(jnp.greater(x, 0), jnp.sin, jnp.cos, x))(1.0));
  o("select", lax.select(jnp.array([true, false]), i32([1, 2]), i32([3, 4])));
  o("clamp", lax.clamp(0.0, jnp.array([-1.0, 0.5, 2.0]), 1.0));
  o(
    "map",
    lax.map((v: NDArray) => v.sum(), jnp.arange(6, { dtype: "float32" }).reshape([3, 2])),
  );
  o.raises("cond_mismatch", () =>
    lax.cond(
      true,
      () => jnp.ones([2]),
      () => jnp.ones([3]),
    ),
  );
  o.raises("concretization", () => jit((x: NDArray) => (x.gt(0).item() ? x.mul(2) : x))(1.0));
  o.raises("while_carry_type", () =>
    lax.whileLoop(
      (c: NDArray) => c.lt(3),
      (c: NDArray) => c.add(1.5),
      0,
    ),
  );
  // Loop carries' weak types: an init whose dtype the body changes is promoted; a weak
  // type alone may differ, so a weak init's ys stay weak while the final carry is strong.
  const xs = jnp.arange(3, { dtype: "float32" });
  o(
    "scan_weak_init",
    lax.scan((c: NDArray, x: NDArray) => [c.add(x), c.mul(2)], 1.5, xs),
  );
  o(
    "scan_int_init",
    lax.scan((c: NDArray, x: NDArray) => [c.add(x), c], 0, xs),
  );
  o(
    "while_weak_init",
    lax.whileLoop(
      (c: NDArray[]) => c[0].lt(3),
      (c: NDArray[]) => [c[0].add(1), c[1].add(xs.get(c[0]))],
      [0, 1.5],
    ),
  );
  o(
    "while_no_steps",
    lax.whileLoop(
      (c: NDArray) => c.gt(10),
      (c: NDArray) => c.add(xs.get(0)),
      1.5,
    ),
  );
  const m62 = jnp.arange(12, { dtype: "float32" }).reshape([6, 2]);
  o("map_batch_size", [
    lax.map((r: NDArray) => r.mul(2).add(1), m62, { batchSize: 4 }),
    lax.map((r: NDArray) => jnp.sum(r), m62, { batchSize: 3 }),
  ]);
}

export function printing(o: Rec): void {
  const r = (x: unknown) => inspect(x);
  o(
    "f32_2d",
    String(
      jnp.array([
        [1.0, 2.5],
        [-3.0, 4.0],
      ]),
    ),
  );
  o(
    "f32_repr",
    r(
      jnp.array([
        [1.0, 2.5],
        [-3.0, 4.0],
      ]),
    ),
  );
  o("i32_repr", r(jnp.arange(5)));
  o("bool_repr", r(jnp.array([true, false])));
  o("u8_repr", r(jnp.array([1, 255], { dtype: "uint8" })));
  o("f16_repr", r(jnp.array([0.1, 1000.0], { dtype: "float16" })));
  o("scalar_repr", r(jnp.float32(5)));
  o("weak_repr", r(jnp.asarray(5.0)));
  o("weak_int_repr", r(jit((v: NDArray | number) => jnp.add(v, 1))(5)));
  o("scalar_str", String(jnp.array(2.5)));
  o("negzero", String(jnp.array([-0.0, 0.0, 1.0])));
  o("nan_inf", r(jnp.array([NaN, Infinity, -Infinity, 1.0])));
  o("small", r(jnp.array([1e-5, 1.0])));
  o("big", r(jnp.array([1e10, 1.0])));
  o("mixed_precision", String(jnp.array([0.1, 0.25, 1 / 3])));
  o("large", String(jnp.arange(2000)));
  o("large_repr", r(jnp.arange(1200, { dtype: "float32" }).reshape([40, 30])));
  o("large_3d", String(jnp.zeros([11, 11, 11])));
  o("empty", r(jnp.zeros([0, 3])));
  o("empty_int", r(jnp.array([], { dtype: "int32" })));
  o("3d", String(jnp.arange(12).reshape([2, 2, 3])));
  o("neg_ints", r(i32([-1, 10, -100])));
  o("long_row", r(jnp.linspace(0, 1, 12)));
  o("key_repr", r(random.PRNGKey(1)));
  o("bool_3d", String(jnp.ones([2, 1, 2], { dtype: "bool" })));
  o("f32_ints", r(jnp.array([1.0, 2.0, 3.0])));
  o("complex_str", String(lax.complex(jnp.array([1, 2.5]), jnp.array([1, -0.5]))));
  o("dtype_str", String(jnp.arange(3).dtype));
  o("shape_tuple", `(${jnp.zeros([2, 3]).shape.join(", ")})`);
}

export function debug_print(o: Rec): void {
  const f = (x: NDArray) => {
    debug.print("x = {}", x);
    debug.print("sum={s:.3f} first={f}", { s: x.sum(), f: x.get(0) });
    return x.mul(2);
  };
  o.printed("eager", () => f(jnp.array([1.0, 2.0])));
  o.printed("jit", () => jit(f)(jnp.array([0.5, 1.5])));
  o.printed("vmap", () => vmap((v: NDArray) => debug.print("v={}", v))(jnp.arange(3)));
  o.printed("ints", () => debug.print("{} {} {}", jnp.int32(3), true, jnp.arange(4).reshape([2, 2])));
  o.printed("fmt", () => debug.print("{:>6.2f}|{:e}", jnp.float32(3.14159), jnp.float32(12345.678)));
  const loop = (c: NDArray, x: NDArray): [NDArray, null] => {
    debug.print("step c={c} x={x}", { c, x });
    return [c.add(x), null];
  };
  o.printed("scan", () => lax.scan(loop, 0.0, jnp.array([1.0, 2.0])));
}

export function jaxpr_printing(o: Rec): void {
  const f = (x: NDArray | number, y: NDArray) => jnp.sin(x).mul(2.0).add(y);
  o("simple", String(makeJaxpr(f)(1.5, jnp.ones([3]))));
  o("ints", String(makeJaxpr((a: NDArray) => a.add(1).sum())(jnp.arange(4))));
  o("reduce", String(makeJaxpr((a: NDArray) => jnp.max(a, 0))(jnp.ones([2, 3]))));
}

export function jaxpr_small(o: Rec): void {
  o("sin", String(makeJaxpr((x: number | NDArray) => jnp.sin(x))(1.5)));
  o("reduce", String(makeJaxpr((a: NDArray) => jnp.max(a, 0))(jnp.ones([2, 3]))));
  o("chain", String(makeJaxpr((a: NDArray) => jnp.exp(jnp.cos(a)).add(a))(jnp.ones([3]))));
  o("cond", String(makeJaxpr((p: boolean, x: number) => lax.cond(p, jnp.sin, jnp.cos, x))(true, 1.5)));
}

export const _unused = s;
