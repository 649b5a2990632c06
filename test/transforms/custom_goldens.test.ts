// Custom derivative rules and checkpointing against real JAX
// (scripts/gen_custom_goldens.py writes test/goldens/custom.json; each case
// here is written as the generator's Python).
import { readFileSync } from "node:fs";
import { test } from "node:test";
import {
  checkpoint,
  checkpointName,
  checkpointPolicies,
  customGradient,
  customJvp,
  customVjp,
  grad,
  jit,
  jnp,
  jvp,
  lax,
  linearTranspose,
  type NDArray,
  nn,
  vmap,
} from "../../src/index.ts";
import { assertClose } from "../helpers/check_grads.ts";

const decode = (v: number | string) => (v === "nan" ? Number.NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number));
const golden = Object.fromEntries(
  Object.entries(
    JSON.parse(readFileSync(new URL("../goldens/custom.json", import.meta.url), "utf8")) as Record<
      string,
      { data: Array<number | string> }
    >,
  ).map(([k, v]) => [k, { data: v.data.map(decode) }]),
);
const check = (name: string, got: NDArray | NDArray[], rtol = 1e-5, atol = 1e-6) =>
  assertClose(Array.isArray(got) ? jnp.stack(got) : got, golden[name].data, rtol, atol, name);
type A = any;

const f = customJvp((x: A) => jnp.sin(x));
f.defjvp(([x]: A[], [t]: A[]) => [f(x), jnp.multiply(jnp.multiply(2.0, jnp.cos(x)), t)]);

const powr = customJvp((n: number, x: A) => jnp.power(x, n), { nondiffArgnums: [0] });
powr.defjvp((n: number, [x]: A[], [t]: A[]) => [powr(n, x), jnp.multiply(jnp.multiply(jnp.multiply(n, jnp.power(x, n - 1)), t), 10.0)]);

const k = customJvp((x: A, y: A) => jnp.multiply(x, y));
k.defjvps((t: A, _ans: A, _x: A, y: A) => jnp.multiply(jnp.multiply(t, y), 10.0), null);

const g = customVjp((x: A, y: A) => jnp.multiply(x, y));
g.defvjp(
  (x: A, y: A) => [jnp.multiply(x, y), [x, y]],
  ([, y]: A[], ct: A) => [jnp.multiply(jnp.multiply(y, ct), 10.0), null],
);

const h = customVjp((d: { a: A; b: A }) => jnp.multiply(d.a, jnp.sin(d.b)));
h.defvjp(
  (d: { a: A; b: A }) => [h(d), { s: jnp.sin(d.b), c: jnp.cos(d.b), a: d.a }],
  (r: A, ct: A) => [{ a: jnp.multiply(jnp.multiply(ct, r.s), 3.0), b: jnp.multiply(jnp.multiply(ct, r.a), r.c) }],
);

const s = customVjp((x: A) => jnp.sin(x));
s.defvjp(
  (x: A) => [jnp.sin(x), x],
  (x: A, ct: A) => [jnp.multiply(jnp.multiply(2.0, ct), jnp.cos(x))],
);

test("customJvp: grad, grad of grad, jvp, vmap, jit (JAX goldens)", () => {
  check("jvp_grad", grad(f)(1.5));
  check("jvp_gradgrad", grad(grad(f))(1.5));
  check("jvp_jvp", jvp(f, [1.5], [0.5])[1] as NDArray);
  check("jvp_vmap_grad", vmap(grad(f))(jnp.array([0.5, 1.0, 2.0])));
  check("jvp_jit_grad", jit(grad(f))(1.5));
  check("nondiff_grad", grad(powr, { argnums: 1 })(3, 2.0));
  check("defjvps_grad", grad(k, { argnums: [0, 1] })(2.0, 3.0) as NDArray[]);
});

test("customVjp: null cotangent, vmap both ways, pytrees, grad of grad (JAX goldens)", () => {
  check("vjp_grad", grad(g, { argnums: [0, 1] })(1.5, 2.5) as NDArray[]);
  check("vjp_vmap_grad", vmap(grad(g))(jnp.array([1.0, 2.5]), jnp.array([3.0, 4.0])));
  check("vjp_grad_vmap", grad((x: A) => jnp.sum(vmap(g, { inAxes: [0, null] })(x, 3.0)))(jnp.array([1.0, 2.5])));
  const gh = grad((a: A, b: A) => jnp.sum(h({ a, b })), { argnums: [0, 1] })(jnp.array([1.0, 2.0]), jnp.array([0.5, 0.25])) as NDArray[];
  check("tree_grad_a", gh[0]);
  check("tree_grad_b", gh[1]);
  check("vjp_gradgrad", grad(grad(s))(0.7));
  check("vjp_gradgrad", jit(grad(grad(s)))(0.7));
});

test("custom rules inside scan and cond bodies (JAX goldens)", () => {
  const scanLoss = (c0: A, xs: A) => lax.scan((c: A, x: A) => [jnp.add(g(c, x), s(c)), c], c0, xs)[0];
  check("scan_grad", grad(scanLoss)(0.3, jnp.array([1.0, 2.0, 0.5])));
  check("scan_grad", jit(grad(scanLoss))(0.3, jnp.array([1.0, 2.0, 0.5])));
  const condF = (x: A) =>
    lax.cond(
      jnp.greater(x, 0),
      (v: A) => jnp.multiply(f(v), 3.0),
      (v: A) => s(v),
      x,
    );
  check("cond_grad", grad(condF)(0.4));
});

test("library functions with JAX's custom rules at their edges", () => {
  check("relu_grad", vmap(grad((x: NDArray) => nn.relu(x)))(jnp.array([-1.0, 0.0, 2.0])));
  check("relu6_grad", vmap(grad((x: NDArray) => nn.relu6(x)))(jnp.array([-1.0, 0.0, 3.0, 6.0, 7.0])));
  check("abs_grad", vmap(grad((x: NDArray) => jnp.abs(x)))(jnp.array([-1.0, 0.0, 2.0])));
  const la = jnp.array([Infinity, -Infinity, 1.0, 3.0]);
  const lb = jnp.array([Infinity, -Infinity, 1.0, -Infinity]);
  const lg = vmap(grad((a: NDArray, b: NDArray) => jnp.logaddexp(a, b), { argnums: [0, 1] }))(la, lb) as NDArray[];
  assertClose(jnp.stack(lg), golden.logaddexp_grad.data, 1e-6, 1e-6, "logaddexp_grad");
  check("abs_grad", jit(vmap(grad((x: NDArray) => jnp.abs(x))))(jnp.array([-1.0, 0.0, 2.0])));
});

test("customGradient, linearTranspose (JAX goldens)", () => {
  const cg = customGradient((x: A) => [jnp.sin(x), (ct: A) => [jnp.multiply(jnp.multiply(ct, x), 7.0)]]);
  check("custom_gradient_grad", grad(cg)(2.0));
  check("custom_gradient_grad", jit(grad(cg))(jnp.array(2, { dtype: "float32" })));
  const lt = linearTranspose((x: A, y: A) => jnp.add(jnp.multiply(2.0, x), jnp.sum(y)), 1.0, jnp.ones([3]));
  const [cx, cy] = lt(jnp.array(3, { dtype: "float32" })) as NDArray[];
  check("linear_transpose_x", cx);
  check("linear_transpose_y", cy);
});

test("checkpoint: gradients as JAX's, with and without a policy", () => {
  const mlp = (ws: A[], x: A) => {
    for (const w of ws) x = jnp.tanh(checkpointName(jnp.matmul(x, w), "dot"));
    return jnp.sum(x);
  };
  const ws = [0, 1, 2].map((i) => jnp.multiply(jnp.linspace(-0.5, 0.5, 16).reshape([4, 4]), (i + 1) / 3));
  const x0 = jnp.linspace(-1, 1, 8).reshape([2, 4]);
  check("mlp_grad_x", grad(mlp, { argnums: 1 })(ws, x0));
  const ck = checkpoint(mlp, { policy: checkpointPolicies.saveOnlyTheseNames("dot") });
  check("mlp_ckpt_grad_x", grad(ck, { argnums: 1 })(ws, x0));
  check("mlp_ckpt_grad_x", jit(grad(ck, { argnums: 1 }))(ws, x0));
  check("mlp_ckpt_grad_x", grad(checkpoint(mlp), { argnums: 1 })(ws, x0));
  check("mlp_ckpt_grad_x", grad(checkpoint(mlp, { policy: checkpointPolicies.dotsSaveable }), { argnums: 1 })(ws, x0));
});

test("lax.customLinearSolve and lax.customRoot: implicit derivatives (JAX goldens)", () => {
  const aSym = jnp.array([
    [3.0, 1.0],
    [1.0, 2.0],
  ]);
  const aGen = jnp.array([
    [3.0, 1.0],
    [0.5, 2.0],
  ]);
  const bv = jnp.array([1.0, 2.0]);
  const w = jnp.array([1.0, 3.0]);
  const lsSym = (a: A, b: A) =>
    lax.customLinearSolve(
      (x: A) => jnp.matmul(a, x),
      b,
      (_mv: A, bb: A) => jnp.linalg.solve(a, bb),
      { symmetric: true },
    );
  const lsGen = (a: A, b: A) =>
    lax.customLinearSolve(
      (x: A) => jnp.matmul(a, x),
      b,
      (_mv: A, bb: A) => jnp.linalg.solve(a, bb),
      {
        transposeSolve: (_vm: A, bb: A) => jnp.linalg.solve(jnp.transpose(a), bb),
      },
    );
  const [sa, sb] = grad((a: A, b: A) => jnp.sum(jnp.multiply(lsSym(a, b), w)), { argnums: [0, 1] })(aSym, bv) as NDArray[];
  check("ls_sym_grad_A", sa);
  check("ls_sym_grad_b", sb);
  for (const gr of [grad, (fn: A, o: A) => jit(grad(fn, o))]) {
    const [ga, gb] = gr((a: A, b: A) => jnp.sum(jnp.multiply(lsGen(a, b), w)), { argnums: [0, 1] })(aGen, bv) as NDArray[];
    check("ls_gen_grad_A", ga);
    check("ls_gen_grad_b", gb);
  }
  check("ls_gen_jvp", jvp((a: A) => lsGen(a, bv), [aGen], [jnp.ones([2, 2])])[1] as NDArray);
  check(
    "ls_vmap_grad_A",
    vmap(
      grad((a: A, b: A) => jnp.sum(lsGen(a, b))),
      { inAxes: [null, 0] },
    )(
      aGen,
      jnp.array([
        [1.0, 2.0],
        [3.0, 4.0],
      ]),
    ),
  );
  const sqrtRoot = (y: A) => {
    const f = (x: A) => jnp.subtract(jnp.square(x), y);
    const solve = (fn: A, x0: A) =>
      lax.whileLoop(
        (x: A) => jnp.greater(jnp.abs(fn(x)), 1e-6),
        (x: A) => jnp.subtract(x, jnp.divide(fn(x), jnp.multiply(2, x))),
        x0,
      );
    return lax.customRoot(f, 1.0, solve, (g: A, v: A) => jnp.divide(v, g(1.0)));
  };
  check("root_value", sqrtRoot(jnp.array(2, { dtype: "float32" })));
  check("root_vmap_grad", vmap(grad(sqrtRoot))(jnp.array([2.0, 9.0])));
  check("root_vmap_grad", jit(vmap(grad(sqrtRoot)))(jnp.array([2.0, 9.0])));
});
