"""Golden output of jax.debug.print for test/debug/print.test.ts.

Run with a Python that has JAX (x64 off, CPU):
    JAX_PLATFORMS=cpu python scripts/gen_debug_goldens.py
Writes test/goldens/debug_print.json: for each named program (the test builds
the same program in jaxts), the lines JAX prints, in order.
"""
import contextlib, io, json, pathlib
import jax, jax.numpy as jnp
from jax import lax

x3 = jnp.arange(3, dtype=jnp.float32)

def f(x):
    jax.debug.print("x={} y={y:.2f} z={}", x, 2 * x.sum(), y=x.sum())
    return x * 2

def body(c, x):
    jax.debug.print("c {} x {}", c, x)
    return c + x, c

def while_body(c):
    jax.debug.print("i={i} v={v:.3f}", i=c[0], v=c[1])
    return c[0] + 1, c[1] * 0.5

def cond_prog(p, x):
    return lax.cond(p, lambda v: (jax.debug.print("true {}", v), v)[1], lambda v: (jax.debug.print("false {}", v), -v)[1], x)

programs = {
    "eager": lambda: f(x3),
    "jit": lambda: jax.jit(f)(x3),
    "vmap": lambda: jax.vmap(f)(jnp.arange(6, dtype=jnp.float32).reshape(2, 3)),
    "grad": lambda: jax.grad(lambda x: f(x).sum())(x3),
    "jit_grad": lambda: jax.jit(jax.grad(lambda x: f(x).sum()))(x3),
    "scan": lambda: lax.scan(body, jnp.float32(0), x3),
    "jit_scan": lambda: jax.jit(lambda xs: lax.scan(body, jnp.float32(0), xs))(x3),
    "while": lambda: lax.while_loop(lambda c: c[0] < 3, while_body, (jnp.int32(0), jnp.float32(1))),
    "jit_while": lambda: jax.jit(lambda: lax.while_loop(lambda c: c[0] < 3, while_body, (jnp.int32(0), jnp.float32(1))))(),
    "cond": lambda: (cond_prog(True, x3), jax.jit(cond_prog)(False, x3)),
    "specs": lambda: jax.debug.print("{:>8.3f}|{:+e}|{:g}|{:5d}|{:%}|{:08.2f}|{:<6}|{:^7.1f}|{:,}", jnp.float32(1/3), jnp.float32(1/3), jnp.float32(1e-7), jnp.int32(42), jnp.float32(0.25), jnp.float32(-3.14159), jnp.int32(7), jnp.float32(2.5), jnp.int32(1234567)),
    "conversions": lambda: jax.debug.print("{!r} {!s} {{literal}} {0!r}".replace("{0!r}", ""), x3, x3),
    "containers": lambda: jax.debug.print("{}", {"b": [x3[:2], jnp.int32(1)], "a": jnp.bool_(True)}),
    "explicit": lambda: jax.debug.print("{1} {0} {1}", jnp.int32(1), jnp.int32(2)),
    "matrix": lambda: jax.debug.print("m =\n{}", jnp.arange(6, dtype=jnp.float32).reshape(2, 3) / 8 + 0.1),
    "strings": lambda: jax.debug.print("{} and {:>5}", "text", "ab"),
}

out = {}
for name, prog in programs.items():
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        jax.block_until_ready(prog())
        jax.effects_barrier()
    out[name] = buf.getvalue().splitlines()

path = pathlib.Path(__file__).resolve().parent.parent / "test" / "goldens" / "debug_print.json"
path.write_text(json.dumps(out, indent=1) + "\n")
print(f"wrote {path}")
