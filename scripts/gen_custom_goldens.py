"""Golden outputs of JAX's custom derivative rules and checkpointing for
test/transforms/custom_goldens.test.ts. Each case is a small program written
the same way in the test; the values are what real JAX returns.

    JAX_PLATFORMS=cpu /work/jaxvenv/bin/python scripts/gen_custom_goldens.py
Writes test/goldens/custom.json: {case: {"data": [...], "shape": [...]}}.
"""
import json
from functools import partial
import numpy as np
import jax, jax.numpy as jnp
from jax.ad_checkpoint import checkpoint_name

out = {}
def put(name, v):
    a = np.asarray(v, dtype=np.float64)
    enc = lambda x: "nan" if np.isnan(x) else "inf" if x == np.inf else "-inf" if x == -np.inf else float(x)
    out[name] = {"shape": list(a.shape), "data": [enc(x) for x in a.ravel()]}

# 1. custom_jvp with a rule that differs from the true derivative.
@jax.custom_jvp
def f(x): return jnp.sin(x)
@f.defjvp
def f_jvp(p, t): return f(p[0]), 2.0 * jnp.cos(p[0]) * t[0]
put("jvp_grad", jax.grad(f)(1.5))
put("jvp_gradgrad", jax.grad(jax.grad(f))(1.5))
put("jvp_jvp", jax.jvp(f, (1.5,), (0.5,))[1])
put("jvp_vmap_grad", jax.vmap(jax.grad(f))(jnp.array([0.5, 1.0, 2.0])))
put("jvp_jit_grad", jax.jit(jax.grad(f))(1.5))

# 2. nondiff_argnums.
@partial(jax.custom_jvp, nondiff_argnums=(0,))
def powr(n, x): return x ** n
@powr.defjvp
def powr_jvp(n, p, t): return powr(n, p[0]), n * p[0] ** (n - 1) * t[0] * 10.0
put("nondiff_grad", jax.grad(powr, 1)(3, 2.0))

# 3. defjvps.
@jax.custom_jvp
def k(x, y): return x * y
k.defjvps(lambda t, ans, x, y: t * y * 10.0, None)
put("defjvps_grad", jnp.stack(jax.grad(k, (0, 1))(2.0, 3.0)))

# 4. custom_vjp with a null cotangent.
@jax.custom_vjp
def g(x, y): return x * y
g.defvjp(lambda x, y: (x * y, (x, y)), lambda r, ct: (r[1] * ct * 10.0, None))
put("vjp_grad", jnp.stack(jax.grad(g, (0, 1))(1.5, 2.5)))
put("vjp_vmap_grad", jax.vmap(jax.grad(g))(jnp.array([1.0, 2.5]), jnp.array([3.0, 4.0])))
put("vjp_grad_vmap", jax.grad(lambda x: jnp.sum(jax.vmap(g, in_axes=(0, None))(x, 3.0)))(jnp.array([1.0, 2.5])))

# 5. pytree arguments and residuals.
@jax.custom_vjp
def h(d):
    return d["a"] * jnp.sin(d["b"])
def h_fwd(d): return h(d), {"s": jnp.sin(d["b"]), "c": jnp.cos(d["b"]), "a": d["a"]}
def h_bwd(r, ct): return ({"a": ct * r["s"] * 3.0, "b": ct * r["a"] * r["c"]},)
h.defvjp(h_fwd, h_bwd)
gh = jax.grad(lambda a, b: jnp.sum(h({"a": a, "b": b})), (0, 1))(jnp.array([1.0, 2.0]), jnp.array([0.5, 0.25]))
put("tree_grad_a", gh[0]); put("tree_grad_b", gh[1])

# 6. grad of grad through a differentiable bwd.
@jax.custom_vjp
def s(x): return jnp.sin(x)
s.defvjp(lambda x: (jnp.sin(x), x), lambda x, ct: (2.0 * ct * jnp.cos(x),))
put("vjp_gradgrad", jax.grad(jax.grad(s))(0.7))

# 7. inside scan.
def scan_loss(c0, xs):
    def body(c, x): return g(c, x) + s(c), c
    c, _ = jax.lax.scan(body, c0, xs)
    return c
put("scan_grad", jax.grad(scan_loss)(0.3, jnp.array([1.0, 2.0, 0.5])))
put("cond_grad", jax.grad(lambda x: jax.lax.cond(x > 0, lambda v: f(v) * 3.0, lambda v: s(v), x))(0.4))

# 8. library edges.
put("relu_grad", jax.vmap(jax.grad(jax.nn.relu))(jnp.array([-1.0, 0.0, 2.0])))
put("relu6_grad", jax.vmap(jax.grad(jax.nn.relu6))(jnp.array([-1.0, 0.0, 3.0, 6.0, 7.0])))
put("logaddexp_grad", jax.vmap(jax.grad(jnp.logaddexp, (0, 1)))(jnp.array([jnp.inf, -jnp.inf, 1.0, 3.0]), jnp.array([jnp.inf, -jnp.inf, 1.0, -jnp.inf])))
put("abs_grad", jax.vmap(jax.grad(jnp.abs))(jnp.array([-1.0, 0.0, 2.0])))

# 9. custom_gradient, linear_transpose, closure_convert.
@jax.custom_gradient
def cg(x): return jnp.sin(x), lambda ct: (ct * x * 7.0,)
put("custom_gradient_grad", jax.grad(cg)(2.0))
lt = jax.linear_transpose(lambda x, y: 2.0 * x + jnp.sum(y), 1.0, jnp.ones(3, jnp.float32))
ltv = lt(3.0)
put("linear_transpose_x", ltv[0]); put("linear_transpose_y", ltv[1])

# 10. checkpoint gradients equal the plain ones; policies change nothing numerically.
def mlp(ws, x):
    for w in ws:
        x = jnp.tanh(checkpoint_name(x @ w, "dot"))
    return jnp.sum(x)
ws = [jnp.asarray(np.linspace(-0.5, 0.5, 16).reshape(4, 4) * (i + 1) / 3, jnp.float32) for i in range(3)]
x0 = jnp.asarray(np.linspace(-1, 1, 8).reshape(2, 4), jnp.float32)
put("mlp_grad_x", jax.grad(mlp, 1)(ws, x0))
put("mlp_ckpt_grad_x", jax.grad(jax.checkpoint(mlp, policy=jax.checkpoint_policies.save_only_these_names("dot")), 1)(ws, x0))

# 11. custom_linear_solve and custom_root.
A_sym = jnp.array([[3.0, 1.0], [1.0, 2.0]])
A_gen = jnp.array([[3.0, 1.0], [0.5, 2.0]])
bv = jnp.array([1.0, 2.0])
def ls_sym(A, b):
    return jax.lax.custom_linear_solve(lambda x: A @ x, b, lambda mv, bb: jnp.linalg.solve(A, bb), symmetric=True)
def ls_gen(A, b):
    return jax.lax.custom_linear_solve(lambda x: A @ x, b, lambda mv, bb: jnp.linalg.solve(A, bb),
                                       transpose_solve=lambda vm, bb: jnp.linalg.solve(A.T, bb))
w = jnp.array([1.0, 3.0])
gs = jax.grad(lambda A, b: jnp.sum(ls_sym(A, b) * w), (0, 1))(A_sym, bv)
put("ls_sym_grad_A", gs[0]); put("ls_sym_grad_b", gs[1])
gg = jax.grad(lambda A, b: jnp.sum(ls_gen(A, b) * w), (0, 1))(A_gen, bv)
put("ls_gen_grad_A", gg[0]); put("ls_gen_grad_b", gg[1])
put("ls_gen_jvp", jax.jvp(lambda A: ls_gen(A, bv), (A_gen,), (jnp.ones((2, 2)),))[1])
B = jnp.array([[1.0, 2.0], [3.0, 4.0]])
put("ls_vmap_grad_A", jax.vmap(jax.grad(lambda A, b: jnp.sum(ls_gen(A, b))), in_axes=(None, 0))(A_gen, B))
def sqrt_root(y):
    f = lambda x: x ** 2 - y
    solve = lambda f, x0: jax.lax.while_loop(lambda x: jnp.abs(f(x)) > 1e-6, lambda x: x - f(x) / (2 * x), x0)
    return jax.lax.custom_root(f, 1.0, solve, lambda g, y: y / g(1.0))
put("root_value", sqrt_root(2.0))
put("root_vmap_grad", jax.vmap(jax.grad(sqrt_root))(jnp.array([2.0, 9.0])))

with open("test/goldens/custom.json", "w") as fh:
    json.dump(out, fh, indent=0)
print(len(out), "cases")
