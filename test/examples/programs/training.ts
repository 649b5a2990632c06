// Ports of the training-style programs in scripts/gen_programs_goldens.py.
import { grad, jit, jnp, lax, nn, random, tree, valueAndGrad, vmap, type NDArray } from "../../../src/index.ts";
import type { Rec } from "./rec.ts";

const s = jnp.s;
type Layer = { w: NDArray; b: NDArray };

export function mlp_sgd(o: Rec): void {
  let key = random.PRNGKey(0);
  const sizes = [3, 8, 2];
  let params: Layer[] = [];
  for (let i = 0; i < sizes.length - 1; i++) {
    const [din, dout] = [sizes[i], sizes[i + 1]];
    let wk: NDArray;
    [key, wk] = random.split(key);
    params.push({ w: random.normal(wk, [din, dout]).mul(jnp.sqrt(2.0 / din)), b: jnp.zeros([dout]) });
  }
  const predict = (params: Layer[], x: NDArray) => {
    for (const layer of params.slice(0, -1)) x = nn.relu(x.matmul(layer.w).add(layer.b));
    return x.matmul(params.at(-1)!.w).add(params.at(-1)!.b);
  };
  const loss = (params: Layer[], x: NDArray, y: NDArray) => jnp.mean(predict(params, x).sub(y).pow(2));
  const step = jit((params: Layer[], x: NDArray, y: NDArray): [Layer[], NDArray] => {
    const [l, g] = valueAndGrad(loss)(params, x, y);
    return [tree.map((p: NDArray, g: NDArray) => p.sub(g.mul(0.05)), params, g) as Layer[], l];
  });
  const x = random.uniform(random.PRNGKey(1), [16, 3], { minval: -1, maxval: 1 });
  const y = jnp.stack([x.sum(1), x.get(s(), 0).mul(x.get(s(), 1))], 1);
  const losses: NDArray[] = [];
  for (let i = 0; i < 25; i++) {
    let l: NDArray;
    [params, l] = step(params, x, y);
    losses.push(l);
  }
  o("losses", jnp.stack(losses), 1e-4);
  o("params", params, 1e-4);
  o("pred0", predict(params, x.get(s(null, 2))), 1e-4);
}

export function adam_dict(o: Rec): void {
  type P = Record<string, NDArray>;
  type State = { m: P; v: P; t: number | NDArray };
  const initAdam = (params: P): State => {
    const z = tree.map(jnp.zerosLike, params) as P;
    return { m: z, v: z, t: 0 };
  };
  const adamUpdate = (grads: P, state: State, params: P, lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8): [P, State] => {
    const t = jnp.add(state.t, 1);
    const m = tree.map((m: NDArray, g: NDArray) => m.mul(b1).add(g.mul(1 - b1)), state.m, grads) as P;
    const v = tree.map((v: NDArray, g: NDArray) => v.mul(b2).add(g.mul(1 - b2).mul(g)), state.v, grads) as P;
    const mhat = tree.map((m: NDArray) => m.div(jnp.subtract(1, jnp.power(b1, t))), m) as P;
    const vhat = tree.map((v: NDArray) => v.div(jnp.subtract(1, jnp.power(b2, t))), v) as P;
    const upd = tree.map((p: NDArray, m: NDArray, v: NDArray) => p.sub(m.mul(lr).div(jnp.sqrt(v).add(eps))), params, mhat, vhat) as P;
    return [upd, { m, v, t }];
  };
  const xs = jnp.linspace(-1, 1, 20);
  const ys = xs
    .mul(3)
    .sub(0.5)
    .add(jnp.sin(xs.mul(5)).mul(0.1));
  let params: P = { slope: jnp.array(0.0), intercept: jnp.array(0.0) };
  let state = initAdam(params);
  const loss = (p: P) => jnp.mean(p.slope.mul(xs).add(p.intercept).sub(ys).pow(2));
  const update = jit(adamUpdate);
  for (let i = 0; i < 40; i++) {
    const g = grad(loss)(params);
    [params, state] = update(g, state, params);
  }
  o("params", params, 1e-4);
  o("t", state.t);
  o("m", state.m, 1e-4);
  o("loss", loss(params), 1e-4);
}

export function logistic_regression(o: Rec): void {
  const [k1, k2, k3] = random.split(random.PRNGKey(42), 3);
  const X = random.normal(k1, [64, 4]);
  const trueW = jnp.array([1.5, -2.0, 0.5, 0.0]);
  const y = X.matmul(trueW)
    .add(random.normal(k2, [64]).mul(0.3))
    .gt(0)
    .astype(jnp.float32);
  let w = jnp.zeros([4]);
  let b: number | NDArray = 0.0;
  const nll = (w: NDArray, b: number | NDArray, X: NDArray, y: NDArray) => {
    const logits = X.matmul(w).add(b);
    return jnp.negative(jnp.mean(y.mul(nn.logSigmoid(logits)).add(jnp.subtract(1, y).mul(nn.logSigmoid(logits.neg())))));
  };
  const gradFn = jit(grad(nll, { argnums: [0, 1] }));
  for (let epoch = 0; epoch < 3; epoch++) {
    const perm = random.permutation(random.foldIn(k3, epoch), 64);
    for (const batch of perm.reshape([4, 16])) {
      const [gw, gb] = gradFn(w, b, X.get(batch), y.get(batch)) as unknown as NDArray[];
      w = w.sub(gw.mul(0.5));
      b = jnp.subtract(b, gb.mul(0.5));
    }
  }
  o("w", w, 1e-4);
  o("b", b, 1e-4);
  const acc = jnp.mean(X.matmul(w).add(b).gt(0).eq(y.gt(0.5)));
  o("acc", acc);
  o("nll", nll(w, b, X, y), 1e-4);
}

export function cnn_step(o: Rec): void {
  const key = random.PRNGKey(3);
  const [kx, kw, kd] = random.split(key, 3);
  const x = random.normal(kx, [2, 1, 6, 6]);
  const params = { conv: random.normal(kw, [4, 1, 3, 3]).mul(0.3), dense: random.normal(kd, [4 * 2 * 2, 3]).mul(0.1) };
  const labels = jnp.array([0, 2], { dtype: "int32" });
  const forward = (p: typeof params, x: NDArray) => {
    let h = lax.convGeneralDilated(x, p.conv, [1, 1], "SAME");
    h = nn.relu(h);
    h = lax.reduceWindow(h, -Infinity, lax.max, [1, 1, 3, 3], [1, 1, 3, 3], "VALID");
    h = h.reshape([h.shape[0], -1]);
    return h.matmul(p.dense);
  };
  const loss = (p: typeof params) => {
    const logits = forward(p, x);
    return jnp.negative(jnp.mean(jnp.sum(nn.logSoftmax(logits).mul(nn.oneHot(labels, 3)), -1)));
  };
  const [l, g] = jit(valueAndGrad(loss))(params);
  o("loss", l, 1e-4);
  o("grads", g, 1e-4);
  o("logits", forward(params, x), 1e-4);
}

export function per_example_grads(o: Rec): void {
  const loss = (w: NDArray, x: NDArray, y: NDArray) => jnp.tanh(x.matmul(w)).sub(y).pow(2);
  const w = jnp.array([0.5, -0.3, 0.1]);
  const xs = jnp.arange(12, { dtype: "float32" }).reshape([4, 3]).div(10);
  const ys = jnp.array([0.1, -0.2, 0.3, 0.0]);
  const g = vmap(grad(loss), { inAxes: [null, 0, 0] })(w, xs, ys);
  o("per_example", g);
  o("mean_matches", jnp.allclose(g.mean(0), grad((w: NDArray) => jnp.mean(vmap(loss, { inAxes: [null, 0, 0] })(w, xs, ys)))(w)));
  const norms = jnp.linalg.norm(g, { axis: 1 });
  const clipped = g.div(jnp.maximum(1.0, norms.div(0.1)).get(s(), null));
  o("clipped", clipped);
  o("jit_vmap", jit(vmap(valueAndGrad(loss), { inAxes: [null, 0, 0] }))(w, xs, ys));
}

export function jit_static(o: Rec): void {
  const poly = jit(
    (x: NDArray | number, n: number, mode: string) => {
      let acc = jnp.zerosLike(x);
      for (let k = 0; k < n; k++) acc = acc.add(jnp.power(x, k));
      return mode === "sum" ? acc : acc.div(n);
    },
    { staticArgnums: [1, 2] },
  );
  const x = jnp.array([0.5, 2.0]);
  o("sum3", poly(x, 3, "sum"));
  o("mean4", poly(x, 4, "mean"));
  o("int_in", poly(jnp.array([1, 2], { dtype: "int32" }), 2, "sum"));
  o("weak_in", poly(2.5, 2, "sum"));
  const f = jit((x: NDArray | number, y: NDArray | number) => jnp.multiply(x, y).add(1));
  o("py_scalars", f(2, 3));
  o("mixed", f(jnp.int8(2), 3));
  o("float_weak", f(2.5, jnp.ones([2], { dtype: jnp.float16 })));
}

export function scan_rnn(o: Rec): void {
  const [k1, k2, k3] = random.split(random.PRNGKey(7), 3);
  const Wh = random.normal(k1, [4, 4]).mul(0.5);
  const Wx = random.normal(k2, [2, 4]).mul(0.5);
  const xs = random.normal(k3, [5, 2]);
  type C = { h: NDArray; n: number | NDArray; s: number | NDArray };
  const cell = (carry: C, x: NDArray): [C, [NDArray, NDArray]] => {
    const h = jnp.tanh(carry.h.matmul(Wh).add(x.matmul(Wx)));
    return [{ h, n: jnp.add(carry.n, 1), s: jnp.add(carry.s, h.sum()) }, [h, h.mean()]];
  };
  const init: C = { h: jnp.zeros([4]), n: 0, s: 0.0 };
  const [carry, [hs, means]] = lax.scan(cell, init, xs);
  o("carry", carry);
  o("hs", hs);
  o("means", means);
  const [carryR, hsR] = lax.scan((c: NDArray, x: NDArray) => [c.add(x), c.mul(x)], jnp.zeros([2]), xs, { reverse: true });
  o("rev", [carryR, hsR]);
  const loss = (Wh: NDArray) => {
    const body = (h: NDArray, x: NDArray): [NDArray, null] => [jnp.tanh(h.matmul(Wh).add(x.matmul(Wx))), null];
    const [h] = lax.scan(body, jnp.zeros([4]), xs);
    return jnp.sum(h.pow(2));
  };
  o("grad", grad(loss)(Wh), 1e-4);
  const [c, ys] = lax.scan((c: NDArray, _: unknown) => [c.mul(2), c], 1, null, { length: 4 });
  o("counter", [c, ys]);
}

export function newton_loops(o: Rec): void {
  const newtonSqrt = (a: NDArray) =>
    lax.whileLoop(
      ([x, i]: [NDArray, NDArray | number]) => jnp.logicalAnd(jnp.abs(x.mul(x).sub(a)).gt(1e-6), jnp.less(i, 50)),
      ([x, i]: [NDArray, NDArray | number]) => [x.add(a.div(x)).mul(0.5), jnp.add(i, 1)],
      [a, 0],
    );
  o("sqrt2", newtonSqrt(jnp.float32(2.0)));
  o("vmapped", vmap(newtonSqrt)(jnp.array([4.0, 9.0, 0.25])));
  o(
    "fori",
    lax.foriLoop(0, 10, (i: NDArray, acc: NDArray) => acc.add(i.mul(i)), 0),
  );
  o(
    "fori_float",
    lax.foriLoop(0, 5, (_i: NDArray, x: NDArray) => x.mul(1.5), 1.0),
  );
  o(
    "fori_tuple",
    lax.foriLoop(1, 6, (i: NDArray, c: NDArray[]) => [c[0].mul(i), c[1].add(c[0])], [jnp.array(1.0), jnp.array(0.0)]),
  );
  const cubeRoot = (y: NDArray | number) =>
    lax.foriLoop(0, 20, (_i: NDArray, x: NDArray) => x.sub(x.pow(3).sub(y).div(x.pow(2).mul(3))), y) as NDArray;
  o("cube_root", jit(cubeRoot)(jnp.array([8.0, 27.0, 2.0])));
  o("cube_root_grad", grad(cubeRoot)(8.0), 1e-4);
}

export function kmeans(o: Rec): void {
  const key = random.PRNGKey(0);
  const [k1, k2] = random.split(key);
  const pts = jnp.concatenate([
    random
      .normal(k1, [10, 2])
      .mul(0.3)
      .add(jnp.array([2.0, 2.0])),
    random.normal(k2, [10, 2]).mul(0.3).sub(2.0),
  ]);
  let cent = pts.get(jnp.array([0, 19], { dtype: "int32" }));
  const step = jit((cent: NDArray): [NDArray, NDArray] => {
    const d = jnp.sum(pts.get(s(), null, s()).sub(cent.get(null)).pow(2), -1);
    const assign = jnp.argmin(d, 1);
    const oh = nn.oneHot(assign, 2);
    const upd = oh.T.matmul(pts).div(oh.sum(0).get(s(), null));
    return [upd, assign];
  });
  let assign!: NDArray;
  for (let i = 0; i < 4; i++) [cent, assign] = step(cent);
  o("centroids", cent);
  o("assign", assign);
  o("inertia", jnp.sum(jnp.min(jnp.sum(pts.get(s(), null).sub(cent).pow(2), -1), 1)));
}

export function attention_layer(o: Rec): void {
  const key = random.PRNGKey(1);
  const [kq, kk, kv, kx] = random.split(key, 4);
  const d = 4;
  const [Wq, Wk, Wv] = [kq, kk, kv].map((k) => random.normal(k, [d, d]).div(2));
  const x = random.normal(kx, [5, d]);
  const attend = (x: NDArray): [NDArray, NDArray] => {
    const [q, k, v] = [x.matmul(Wq), x.matmul(Wk), x.matmul(Wv)];
    let sc = q.matmul(k.T).div(jnp.sqrt(d));
    const mask = jnp.tril(jnp.ones([5, 5], { dtype: "bool" }));
    sc = jnp.where(mask, sc, -Infinity);
    const w = nn.softmax(sc, -1);
    return [w.matmul(v), w];
  };
  const [out, w] = attend(x);
  o("out", out);
  o("weights", w);
  o("grad_x", grad((x: NDArray) => jnp.sum(attend(x)[0].pow(2)))(x), 1e-4);
  const ln = x.sub(x.mean(-1, { keepdims: true })).div(jnp.sqrt(x.var(-1, { keepdims: true }).add(1e-5)));
  o("layernorm", ln);
}
