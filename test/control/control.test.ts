import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { ConcretizationTypeError, grad, jit, jnp, jvp, lax, linearize, makeJaxpr, vmap, type NDArray } from "../../src/index.ts";
import { assertClose, checkGrads } from "../helpers/check_grads.ts";

const golden = (name: string, label: string): number[] => {
  const d = JSON.parse(readFileSync(new URL(`../goldens/notebook/${name}.json`, import.meta.url), "utf8"));
  return d.outputs.find((o: { label: string }) => o.label === label).data;
};
const cumBody = (c: NDArray, x: NDArray) => {
  const n = c.add(x);
  return [n, n];
};

test("seed notebook: cond, switch, whileLoop, select/clamp match JAX", () => {
  const x = jnp.array(5.0);
  assertClose(
    lax.cond(
      true,
      (v: NDArray) => v.add(1),
      (v: NDArray) => v.sub(1),
      x,
    ),
    golden("007_seed_lax_cond", "result_true"),
  );
  assertClose(
    lax.cond(
      false,
      (v: NDArray) => v.add(1),
      (v: NDArray) => v.sub(1),
      x,
    ),
    golden("007_seed_lax_cond", "result_false"),
  );
  const relu = jit((v: NDArray) =>
    lax.cond(
      v.gt(0),
      (y: NDArray) => y,
      () => 0.0,
      v,
    ),
  );
  const r = relu(jnp.array(-2.0)) as NDArray;
  assert.equal(r.dtype, "float32");
  assertClose(r, golden("007_seed_lax_cond", "relu_neg2"));
  assertClose(relu(jnp.array(3.0)), golden("007_seed_lax_cond", "relu_3"));
  const branches = [(v: NDArray) => v.pow(2), (v: NDArray) => v.pow(3), (v: NDArray) => jnp.sqrt(v)];
  for (let i = 0; i < 3; i++) assertClose(lax.switch(i, branches, jnp.array(4.0)), golden("008_seed_lax_switch", `branch${i}`));
  // switch clamps its index
  assertClose(lax.switch(7, branches, jnp.array(4.0)), 2);
  assertClose(lax.switch(-3, branches, jnp.array(4.0)), 16);
  const [fi, ft] = lax.whileLoop(
    ([i]: NDArray[]) => i.lt(10),
    ([i, t]: NDArray[]) => [i.add(1), t.add(i)],
    [0, 0],
  );
  assert.equal(ft.dtype, "int32");
  assertClose(fi, golden("009_seed_while_loop", "final_i"));
  assertClose(ft, golden("009_seed_while_loop", "final_total"));
});

test("seed notebook: scans (cumsum, reverse, Fibonacci, associative) match JAX", () => {
  const arr = jnp.arange(10, null, null, { dtype: "float32" });
  assertClose(lax.scan(cumBody, 0.0, arr)[1], golden("011_seed_cumsum_loop_scan_jnp", "cumsum_scan"));
  const xs = jnp.array([1.0, 2.0, 3.0, 4.0, 5.0]);
  const [c, ys] = lax.scan(cumBody, 0.0, xs);
  assert.equal(c.dtype, "float32");
  assertClose(ys, golden("016_seed_scan_body_fn", "outputs"));
  assertClose(c, golden("016_seed_scan_body_fn", "final_carry"));
  assertClose(lax.scan(cumBody, 0.0, xs, { reverse: true })[1], golden("019_seed_bidirectional_cumsum", "reverse"));
  const fib = (n: number) => lax.scan(([a, b]: NDArray[]) => [[b, a.add(b)], a], [0, 1], null, { length: n })[1] as NDArray;
  const f = fib(20);
  assert.equal(f.dtype, "int32");
  assert.deepEqual(Array.from(f.dataSync() as Int32Array), golden("017_seed_fibonacci_scan", "fib_scan_eager"));
  assert.deepEqual(
    Array.from((jit(fib, { staticArgnums: 0 })(20) as NDArray).dataSync() as Int32Array),
    golden("017_seed_fibonacci_scan", "fib_scan_static"),
  );
  assert.throws(
    () => jit(fib)(20),
    (e: Error) => e instanceof ConcretizationTypeError && /The `length` argument to `scan` expects a concrete `int` value/.test(e.message),
  );
  const add = (a: NDArray, b: NDArray) => a.add(b);
  assertClose(lax.associativeScan(add, jnp.arange(1, 9, null, { dtype: "float32" })), golden("021_seed_associative_scan", "parallel"));
  assertClose(
    lax.associativeScan(add, jnp.arange(100, null, null, { dtype: "float32" })),
    golden("021_seed_associative_scan", "parallel_100"),
  );
});

test("running mean/variance carries promote weak JS-number inits like JAX", () => {
  const xs = jnp.array(golden("020_seed_running_stats", "xs"));
  const body = ([count, mean, M2]: NDArray[], x: NDArray) => {
    const c = count.add(1);
    const delta = x.sub(mean);
    const m = mean.add(delta.div(c));
    const m2 = M2.add(delta.mul(x.sub(m)));
    return [
      [c, m, m2],
      [m, m2.div(c)],
    ];
  };
  const [[count], [means, vars]] = lax.scan(body, [0, 0.0, 0.0], xs) as [NDArray[], NDArray[]];
  assert.equal(count.dtype, "int32");
  assert.equal(means.dtype, "float32");
  assertClose(means, golden("020_seed_running_stats", "means"), 2e-5, 1e-5);
  assertClose(vars, golden("020_seed_running_stats", "variances"), 2e-5, 1e-5);
});

test("associativeScan: non-commutative linear recurrence, reverse, axis, pytrees", () => {
  const a = jnp.array([
    [0.5, 1.5, -0.3, 0.9, 1.1, 0.2, 0.7],
    [1, 1, 1, 1, 1, 1, 1],
  ]).T; // [7, 2]
  const b = jnp.array([
    [1, 2, 3, 4, 5, 6, 7],
    [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7],
  ]).T;
  // h_t = a_t h_{t-1} + b_t as a composition of affine maps.
  const fn = (l: [NDArray, NDArray], r: [NDArray, NDArray]): [NDArray, NDArray] => [l[0].mul(r[0]), r[0].mul(l[1]).add(r[1])];
  const [, h] = lax.associativeScan(fn, [a, b]);
  const [, hs] = lax.scan(
    (hp: NDArray, [at, bt]: NDArray[]) => {
      const n = at.mul(hp).add(bt);
      return [n, n];
    },
    jnp.zeros([2]),
    [a, b],
  );
  assertClose(h, hs, 1e-5, 1e-5, "recurrence");
  const x = jnp.arange(12).reshape([3, 4]).astype("float32");
  assertClose(
    lax.associativeScan((p: NDArray, q: NDArray) => p.add(q), x, { axis: 1 }),
    jnp.cumsum(x, 1),
  );
  assertClose(
    lax.associativeScan((p: NDArray, q: NDArray) => p.add(q), x, { reverse: true }),
    jnp.flip(jnp.cumsum(jnp.flip(x, 0), 0), 0),
  );
});

test("gradients through scan (RNN), cond, switch, foriLoop, associativeScan vs finite differences", () => {
  const W = [
    [0.3, -0.2, 0.1],
    [0.05, 0.4, -0.3],
    [0.2, 0.1, 0.25],
  ];
  const rnnLoss = (w: NDArray, xs: NDArray) => {
    const [, hs] = lax.scan(
      (h: NDArray, x: NDArray) => {
        const n = jnp.tanh(jnp.dot(w, h).add(x));
        return [n, n];
      },
      jnp.zeros([3], { dtype: w.dtype }),
      xs,
    );
    return jnp.sum(jnp.square(hs));
  };
  const xs = [
    [0.1, 0.2, -0.1],
    [0.5, -0.3, 0.2],
    [-0.4, 0.1, 0.3],
    [0.2, 0.2, 0.2],
  ];
  checkGrads(rnnLoss, [W, xs]);
  checkGrads(
    (x: NDArray) =>
      lax.cond(
        jnp.sum(x).gt(0),
        (v: NDArray) => jnp.sin(v).mul(v),
        (v: NDArray) => jnp.cos(v),
        x,
      ),
    [[0.3, 0.5]],
  );
  checkGrads((x: NDArray) => lax.switch(1, [(v: NDArray) => v, (v: NDArray) => jnp.exp(v), (v: NDArray) => v.mul(v)], x), [[0.3, -0.5]]);
  checkGrads((x: NDArray) => lax.foriLoop(0, 4, (_i: NDArray, v: NDArray) => jnp.sin(v).add(v.mul(0.5)), x), [[0.3, -0.5]]);
  checkGrads((x: NDArray) => lax.associativeScan((a: NDArray, b: NDArray) => a.mul(b), x), [[0.9, 1.1, -0.7, 1.3, 0.5]]);
  checkGrads((x: NDArray) => lax.scan((c: NDArray, v: NDArray) => [c.mul(v), c.add(v)], 1.0, x, { reverse: true })[1], [[0.9, 1.1, -0.7]]);
});

test("jit(grad) through cond and scan with traced predicates matches eager grad", () => {
  const f = (x: NDArray) =>
    jnp.sum(
      lax.cond(
        jnp.sum(x).gt(0),
        (v: NDArray) => jnp.sin(v).mul(v),
        (v: NDArray) => jnp.cos(v),
        x,
      ),
    );
  const g = (x: NDArray) =>
    jnp.sum(
      lax.scan(
        (c: NDArray, v: NDArray) => {
          const n = lax.cond(
            v.gt(0),
            (a: NDArray) => a.mul(v),
            (a: NDArray) => a.add(v),
            c,
          );
          return [n, n];
        },
        1.0,
        x,
      )[1],
    );
  for (const x of [jnp.array([0.3, 0.5]), jnp.array([-0.3, -0.5])]) {
    assertClose(jit(grad(f))(x) as NDArray, grad(f)(x) as NDArray, 1e-6, 1e-7);
    assertClose(jit(grad(g))(x) as NDArray, grad(g)(x) as NDArray, 1e-6, 1e-7);
  }
  checkGrads(g, [[0.3, -0.5, 0.7]]);
});

test("whileLoop: forward mode works, reverse mode raises JAX's error", () => {
  const f = (x: NDArray) =>
    lax.whileLoop(
      ([i]: [NDArray, NDArray]) => i.lt(3),
      ([i, v]: [NDArray, NDArray]) => [i.add(1), v.mul(v)],
      [0, x],
    )[1];
  checkGrads(f, [[0.9, 1.1]], { modes: ["fwd"] });
  assert.throws(
    () => grad((x: NDArray) => jnp.sum(f(x)))(jnp.array([0.9, 1.1])),
    /Reverse-mode differentiation does not work for lax.while_loop/,
  );
});

test("whileLoop under linearize: known carries stay known, tangents from the staged loop (as JAX)", () => {
  // The counter is known, the value's tangent is not: linearize (jvp + partial evaluation) must work.
  const f = (x: NDArray) =>
    lax.whileLoop(
      ([i]: [NDArray, NDArray]) => i.lt(3),
      ([i, v]: [NDArray, NDArray]) => [i.add(1), v.mul(jnp.sin(v))],
      [0, x],
    )[1];
  const x = jnp.array([0.7, -1.3]);
  const [y, lin] = linearize(f, x) as [NDArray, (t: NDArray) => NDArray];
  const t = jnp.array([1, 0.5]);
  const [yJvp, tJvp] = jvp(f, [x], [t]) as [NDArray, NDArray];
  assertClose(y, f(x));
  assertClose(lin(t), tJvp, 1e-6);
  assertClose(yJvp, y);
  // And under jit, with a while loop inside a scan (the compiler partially evaluates scan bodies).
  const g = (xs: NDArray) => lax.scan((c: NDArray, v: NDArray) => [c.add(f(v)), c], jnp.zeros([2]), xs)[0];
  const xs = jnp.array([
    [0.3, 0.4],
    [0.5, -0.2],
    [1.1, 0.9],
  ]);
  assertClose(jit(g)(xs), g(xs), 1e-6);
  checkGrads(f, [[0.9, 1.1]], { modes: ["fwd"] });
});

test("vmap of control flow matches a loop (batched predicates included)", () => {
  const xs = jnp.array([
    [-1, 2, 0.5],
    [3, -4, 1],
    [0.2, 0.3, -0.9],
  ]);
  const fs: Array<(x: NDArray) => NDArray> = [
    (x) =>
      lax.cond(
        jnp.sum(x).gt(0),
        (v: NDArray) => v.mul(2),
        (v: NDArray) => v.neg(),
        x,
      ),
    (x) => lax.switch(jnp.argmax(x), [(v: NDArray) => v, (v: NDArray) => v.mul(10), (v: NDArray) => jnp.exp(v)], x),
    (x) =>
      lax.scan(
        (c: NDArray, v: NDArray) => {
          const n = c.mul(0.5).add(v);
          return [n, n];
        },
        0.0,
        x,
      )[1],
    (x) =>
      lax.whileLoop(
        ([i]: NDArray[]) => i.lt(5),
        ([i, v]: NDArray[]) => [i.add(1), v.mul(2).add(1)],
        [0, x],
      )[1],
    (x) =>
      lax.whileLoop(
        ([v]: NDArray[]) => jnp.max(v).lt(10),
        ([v]: NDArray[]) => [v.add(1.5)],
        [x],
      )[0],
    (x) => lax.foriLoop(0, 3, (i: NDArray, v: NDArray) => v.add(i), x),
    (x) => lax.associativeScan((a: NDArray, b: NDArray) => a.add(b), x),
  ];
  for (const [k, f] of fs.entries()) {
    const batched = vmap(f)(xs) as NDArray;
    const looped = jnp.stack([0, 1, 2].map((i) => f(xs.get(i))));
    assertClose(batched, looped, 1e-6, 1e-6, `function ${k}`);
    assertClose(jit(vmap(f))(xs) as NDArray, looped, 1e-6, 1e-6, `jit(vmap) function ${k}`);
  }
  const perExample = vmap(
    grad((w: NDArray, x: NDArray) =>
      jnp.sum(
        lax.scan(
          (c: NDArray, v: NDArray) => {
            const n = jnp.tanh(c.mul(w).add(v));
            return [n, n];
          },
          0.0,
          x,
        )[1],
      ),
    ),
    { inAxes: [null, 0] },
  )(jnp.array(0.7), xs) as NDArray;
  for (let i = 0; i < 3; i++) {
    const g = grad((w: NDArray) =>
      jnp.sum(
        lax.scan(
          (c: NDArray, v: NDArray) => {
            const n = jnp.tanh(c.mul(w).add(v));
            return [n, n];
          },
          0.0,
          xs.get(i),
        )[1],
      ),
    )(jnp.array(0.7)) as NDArray;
    assertClose(perExample.get(i), g, 1e-5, 1e-6, `per-example grad ${i}`);
  }
});

test("scan equals the same loop unrolled; unroll changes nothing; jit equals eager", () => {
  const xs = jnp.array([
    [1, 2],
    [3, 4],
    [5, 6],
    [7, 8],
  ]);
  const step = (c: NDArray, x: NDArray): [NDArray, NDArray] => {
    const n = jnp.sin(c).add(x.mul(0.1));
    return [n, n.sum()];
  };
  let c = jnp.zeros([2]);
  const ys: NDArray[] = [];
  for (let i = 0; i < 4; i++) {
    const [n, y] = step(c, xs.get(i));
    c = n;
    ys.push(y);
  }
  for (const unroll of [1, 2, true]) {
    const [cs, yss] = lax.scan(step, jnp.zeros([2]), xs, { unroll });
    assertClose(cs, c, 1e-6, 1e-7);
    assertClose(yss, jnp.stack(ys), 1e-6, 1e-7);
  }
  const j = jit((v: NDArray) => lax.scan(step, jnp.zeros([2]), v));
  assertClose((j(xs) as NDArray[])[1], jnp.stack(ys), 1e-6, 1e-7);
  assert.match(makeJaxpr((v: NDArray) => lax.scan(step, jnp.zeros([2]), v))(xs).toString(), /scan\[\n\s+jaxpr=\{ lambda/);
  assert.match(
    makeJaxpr((v: NDArray) =>
      lax.cond(
        true,
        (a: NDArray) => a,
        (a: NDArray) => a.neg(),
        v,
      ),
    )(xs).toString(),
    /cond\[\n\s+branches=\(/,
  );
  assert.match(
    makeJaxpr((v: NDArray) =>
      lax.whileLoop(
        ([i]: NDArray[]) => i.lt(3),
        ([i, a]: NDArray[]) => [i.add(1), a],
        [0, v],
      ),
    )(xs).toString(),
    /while\[/,
  );
});

test("lax.map equals a loop, eagerly, under jit and grad", () => {
  const xs = jnp.array([
    [0.1, 0.2],
    [0.3, -0.4],
    [1.5, 2.0],
  ]);
  const f = (x: NDArray) => jnp.sin(x).sum();
  const m = lax.map(f, xs) as NDArray;
  assertClose(m, jnp.stack([0, 1, 2].map((i) => f(xs.get(i)))), 1e-6, 1e-7);
  assertClose(jit((v: NDArray) => lax.map(f, v))(xs) as NDArray, m, 1e-6, 1e-7);
  assertClose(grad((v: NDArray) => jnp.sum(lax.map(f, v) as NDArray))(xs) as NDArray, jnp.cos(xs), 1e-6, 1e-7);
  const pair = lax.map(([a, b]: NDArray[]) => ({ s: a.add(b), p: a.mul(b) }), [xs, xs]) as { s: NDArray; p: NDArray };
  assertClose(pair.p, xs.mul(xs), 1e-6, 1e-7);
});

test("control-flow errors read like JAX's", () => {
  assert.throws(
    () =>
      lax.cond(
        true,
        (v: NDArray) => v,
        (v: NDArray) => [v, v],
        jnp.ones([2]),
      ),
    /true_fun and false_fun output must have same type structure/,
  );
  assert.throws(
    () =>
      lax.cond(
        true,
        (v: NDArray) => v,
        (v: NDArray) => v.sum(),
        jnp.ones([2]),
      ),
    /true_fun and false_fun output must have identical types/,
  );
  assert.throws(
    () =>
      lax.cond(
        jnp.ones([2]).gt(0),
        (v: NDArray) => v,
        (v: NDArray) => v,
        1,
      ),
    /Pred must be a scalar/,
  );
  assert.throws(
    () =>
      lax.cond(
        jnp.array(1.5),
        (v: NDArray) => v,
        (v: NDArray) => v,
        1,
      ),
    /Pred type must be either boolean or number/,
  );
  assert.throws(
    () => lax.scan((c: NDArray, x: NDArray) => [c.astype("int32"), x], jnp.array(0.0), jnp.ones([3])),
    /carry input and carry output must have equal types[\s\S]*f32\[\][\s\S]*i32\[\]/,
  );
  assert.throws(
    () => lax.scan((c: NDArray, x: NDArray) => [jnp.stack([c, c]), x], jnp.array(0.0), jnp.ones([3])),
    /carry input and carry output must have equal types/,
  );
  assert.throws(
    () => lax.scan((c: NDArray, x: NDArray) => [c, x], 0, [jnp.ones([3]), jnp.ones([4])] as never),
    /different leading axis sizes: 3, 4/,
  );
  assert.throws(() => lax.scan((c: NDArray, x: NDArray) => [c, x], 0, jnp.ones([3]), { length: 5 }), /disagrees with leading axis sizes 3/);
  assert.throws(
    () =>
      lax.whileLoop(
        () => jnp.ones([2]).gt(0),
        (v: NDArray) => v,
        0,
      ),
    /cond_fun must return a boolean scalar/,
  );
  // still works afterwards
  assertClose(lax.scan(cumBody, 0.0, jnp.ones([3]))[1], [1, 2, 3]);
});
