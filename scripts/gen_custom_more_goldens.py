"""Golden outputs for test/transforms/custom_more.test.ts: custom_vjp with
symbolic_zeros=True (what fwd sees as `perturbed`, which cotangents reach bwd
as SymbolicZero) and lax.custom_root / lax.custom_linear_solve with has_aux.

    JAX_PLATFORMS=cpu /work/jaxvenv/bin/python scripts/gen_custom_more_goldens.py
Writes test/goldens/custom_more.json: {case: {"data": [...], "shape": [...]}}
plus {case: {"log": [...]}} for the rule call logs.
"""
import json
import numpy as np
import jax, jax.numpy as jnp
from jax import lax
from jax.custom_derivatives import SymbolicZero, custom_vjp_primal_tree_values

out = {}
def put(name, v):
    a = np.asarray(v, dtype=np.float64)
    out[name] = {"shape": list(a.shape), "data": [float(x) for x in a.ravel()]}

# 1. custom_vjp(symbolic_zeros=True): f(x, y) = (sin(x) * y, 2x) with a rule
# that scales the first output's x-cotangent by 3 (so the rule is visible).
log = []
@jax.custom_vjp
def f(x, y): return (jnp.sin(x) * y, x * 2.0)
def f_fwd(x, y):
    log.append(f"fwd {x.perturbed} {y.perturbed}")
    xv, yv = custom_vjp_primal_tree_values((x, y))
    return f(xv, yv), (xv, yv)
def f_bwd(res, g):
    x, y = res
    g0, g1 = g
    z = lambda c: "zero" + str(list(c.shape)) if type(c) is SymbolicZero else "ct"
    log.append(f"bwd {z(g0)} {z(g1)}")
    cx = jnp.zeros_like(x) if type(g0) is SymbolicZero else g0 * y * jnp.cos(x) * 3.0
    if type(g1) is not SymbolicZero: cx = cx + g1 * 2.0
    cy = SymbolicZero(jax.typeof(y).to_tangent_aval()) if type(g0) is SymbolicZero else g0 * jnp.sin(x)
    return (cx, cy)
f.defvjp(f_fwd, f_bwd, symbolic_zeros=True)
x = jnp.array([0.5, 1.0]); y = jnp.array([2.0, 3.0])
def case(name, v):
    put(name, v)
    out[name + "_log"] = {"log": list(log)}
    log.clear()
case("sz_grad_x", jax.grad(lambda a: jnp.sum(f(a, y)[0]))(x))
case("sz_grad_y", jax.grad(lambda b: jnp.sum(f(x, b)[0]))(y))
case("sz_grad_out1", jax.grad(lambda a: jnp.sum(f(a, y)[1]))(x))
case("sz_grad_both", jnp.stack(jax.grad(lambda a, b: jnp.sum(f(a, b)[0] + f(a, b)[1]), (0, 1))(x, y)))
case("sz_jit_grad", jax.jit(jax.grad(lambda a: jnp.sum(f(a, y)[0])))(x))
case("sz_vmap_grad", jax.vmap(jax.grad(lambda a, b: f(a, b)[0]))(x, y))
case("sz_grad_vmap", jax.grad(lambda b: jnp.sum(jax.vmap(f, (None, 0))(1.5, b)[1]))(y))
case("sz_eval", jnp.stack(f(x, y)))

# 1b. custom_jvp(symbolic_zeros=True) batched before differentiation: the
# rule still sees symbolic zeros (unbatched shapes).
@jax.custom_jvp
def m(x, y): return x * y
def m_jvp(p, t):
    (x, y), (tx, ty) = p, t
    z = lambda c: "zero" + str(list(c.shape)) if type(c) is SymbolicZero else "t"
    log.append(f"jvp {z(tx)} {z(ty)}")
    parts = [a for a in [None if type(tx) is SymbolicZero else tx * y, None if type(ty) is SymbolicZero else x * ty] if a is not None]
    return m(x, y), (sum(parts) if parts else tx)
m.defjvp(m_jvp, symbolic_zeros=True)
case("szjvp_grad_vmap_y", jax.grad(lambda b: jnp.sum(jax.vmap(m, (None, 0))(1.5, b)))(y))
case("szjvp_grad_vmap_x", jax.grad(lambda a: jnp.sum(jax.vmap(m)(a, y)))(x))
case("szjvp_jit_grad_vmap", jax.jit(jax.grad(lambda a: jnp.sum(jax.vmap(m)(a, y))))(x))

# 2. custom_root with has_aux: Newton's method for sqrt(a), aux = iterations.
def newton(g, x0):
    def body(c):
        x, i = c
        return x - g(x) / jax.grad(g)(x), i + 1
    xs, n = lax.while_loop(lambda c: c[1] < 30, body, (x0, 0))
    return xs, {"res": g(xs) + 10.0, "x2": xs * 2.0}
def sqrt_root(a):
    g = lambda x: x * x - a
    return lax.custom_root(g, 1.0, newton, lambda g, y: y / g(1.0), has_aux=True)
r, aux = sqrt_root(2.0)
put("root_val", r); put("root_aux", jnp.stack([aux["res"], aux["x2"]]))
put("root_grad", jax.grad(lambda a: sqrt_root(a)[0])(2.0))
put("root_jit_grad", jax.jit(jax.grad(lambda a: sqrt_root(a)[0] ** 2))(3.0))
put("root_vmap", jax.vmap(lambda a: sqrt_root(a)[0])(jnp.array([2.0, 4.0, 9.0])))
put("root_vmap_aux", jax.vmap(lambda a: sqrt_root(a)[1]["x2"])(jnp.array([2.0, 4.0, 9.0])))
put("root_grad_aux", jax.grad(lambda a: sqrt_root(a)[0] + sqrt_root(a)[1]["x2"])(2.0))
put("root_vmap_grad", jax.vmap(jax.grad(lambda a: sqrt_root(a)[0]))(jnp.array([2.0, 4.0, 9.0])))

# 3. custom_linear_solve with has_aux: solve returns (x, residual norm).
A = jnp.array([[4.0, 1.0], [1.0, 3.0]])
def mv(v): return A @ v
def solve_aux(matvec, b):
    xs = jnp.linalg.solve(A, b)
    return xs, jnp.sum(jnp.abs(matvec(xs) - b)) + 7.0
def tsolve_aux(vecmat, b):
    xs = jnp.linalg.solve(A.T, b)
    return xs, jnp.float32(5.0)
def cls(b):
    return lax.custom_linear_solve(mv, b, solve_aux, transpose_solve=tsolve_aux, has_aux=True)
b = jnp.array([1.0, 2.0])
xs, aux = cls(b)
put("ls_val", xs); put("ls_aux", aux)
put("ls_grad", jax.grad(lambda b: jnp.sum(cls(b)[0] ** 2))(b))
put("ls_jit_grad", jax.jit(jax.grad(lambda b: jnp.sum(jnp.sin(cls(b)[0]))))(b))
put("ls_vmap", jax.vmap(lambda b: cls(b)[0])(jnp.array([[1.0, 2.0], [3.0, -1.0]])))
put("ls_vmap_aux", jax.vmap(lambda b: cls(b)[1])(jnp.array([[1.0, 2.0], [3.0, -1.0]])))
put("ls_jvp", jax.jvp(lambda b: cls(b)[0], (b,), (jnp.array([0.5, -1.0]),))[1])
put("ls_sym", jax.grad(lambda b: jnp.sum(lax.custom_linear_solve(mv, b, solve_aux, symmetric=True, has_aux=True)[0] ** 2))(b))

with open("test/goldens/custom_more.json", "w") as fh:
    json.dump(out, fh, indent=0)
