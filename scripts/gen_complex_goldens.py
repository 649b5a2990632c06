"""Goldens for complex numbers (test/complex/goldens.test.ts), from real JAX.

Run: JAX_PLATFORMS=cpu /work/jaxvenv/bin/python scripts/gen_complex_goldens.py
"""
import json
import math
import os

import jax
import jax.numpy as jnp
import numpy as np

jax.config.update("jax_platforms", "cpu")


def num(v):
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def enc(x):
    x = jnp.asarray(x)
    a = np.asarray(x)
    if np.iscomplexobj(a):
        data = [num(p) for c in a.ravel() for p in (c.real, c.imag)]
    else:
        data = [num(v) for v in a.ravel().astype(np.float64)]
    return {"dtype": str(a.dtype), "shape": list(a.shape), "data": data, "weak": bool(x.weak_type)}


Z = np.array([[1 + 2j, 3 - 1j, -0.5 + 0.25j], [0 + 1j, -2 - 3j, 0.75 + 0j]], np.complex64)
W = np.array([[0.5 - 1j, 2 + 0.25j, 1 + 1j], [-1 + 0.5j, 0.3 - 0.7j, 2 - 2j]], np.complex64)
X = np.array([[1.5, -2.0, 0.5], [3.0, 0.25, -1.0]], np.float32)
M = np.array([[1 - 1j, 2 + 0.5j], [0.5 + 2j, -1 + 0j], [3 - 2j, 0.25 + 1j]], np.complex64)

UNARY = [
    "exp", "log", "sqrt", "sin", "cos", "tan", "tanh", "sinh", "cosh", "expm1", "log1p",
    "abs", "sign", "square", "reciprocal", "negative", "real", "imag", "conj", "angle",
    "sum", "prod", "mean", "iscomplex", "isreal", "exp2", "log2", "log10", "round", "isnan", "isinf", "isfinite",
    "var", "std", "max", "min", "sort", "argsort", "cumsum",
    "arcsin", "arccos", "arctan", "arcsinh", "arccosh", "arctanh",
]
BINARY = ["add", "subtract", "multiply", "divide", "power", "equal", "not_equal", "vdot", "maximum", "minimum"]

cases = []
for op in UNARY:
    cases.append({"op": op, "args": [enc(Z)], "out": enc(getattr(jnp, op)(Z))})
for op in BINARY:
    cases.append({"op": op, "args": [enc(Z), enc(W)], "out": enc(getattr(jnp, op)(Z, W))})
# Special values: nan, inf and zero parts.
S = np.array([1 + np.nan * 1j, np.inf - 1j, 0j, -np.inf + 2j, 3 + np.inf * 1j, -0.0 - 2j], np.complex64)
S[0] = complex(1, np.nan)
S[4] = complex(3, np.inf)
for op in ["isnan", "isinf", "isfinite", "abs", "exp", "log", "sqrt", "sign", "conj", "real", "imag"]:
    cases.append({"op": op, "args": [enc(S)], "out": enc(getattr(jnp, op)(S)), "special": True})
T = np.array([1e-4 + 2e-4j, -3e-5 + 1e-6j, 2e-3 - 1e-3j], np.complex64)
for op in ["log1p", "expm1", "arcsin", "arctan", "arcsinh", "arctanh", "sin", "tanh", "sqrt"]:
    cases.append({"op": op, "args": [enc(T)], "out": enc(getattr(jnp, op)(T)), "tiny": True})
cases.append({"op": "add", "args": [enc(X), enc(W)], "out": enc(jnp.add(X, W))})
cases.append({"op": "multiply", "args": [enc(X), enc(W)], "out": enc(jnp.multiply(X, W))})
cases.append({"op": "matmul", "args": [enc(Z), enc(M)], "out": enc(jnp.matmul(Z, M))})
cases.append({"op": "matmul", "args": [enc(X), enc(M)], "out": enc(jnp.matmul(X, M))})
cases.append({"op": "sum0", "args": [enc(Z)], "out": enc(jnp.sum(Z, axis=0))})
cases.append({"op": "prod1", "args": [enc(Z)], "out": enc(jnp.prod(Z, axis=1))})
cases.append({"op": "complex", "args": [enc(X), enc(X[::-1])], "out": enc(jax.lax.complex(X, X[::-1]))})
cases.append({"op": "astype_f32", "args": [enc(Z)], "out": enc(Z.real)})
cases.append({"op": "ipow3", "args": [enc(Z)], "out": enc(jax.lax.integer_pow(Z, 3))})
cases.append({"op": "ipowm2", "args": [enc(Z)], "out": enc(jax.lax.integer_pow(Z, -2))})

# grads: real-valued functions of complex inputs (JAX's conjugate convention), holomorphic ones.
GRADS = {
    "abs2": lambda z: jnp.sum(jnp.abs(z) ** 2),
    "re_sin_conj": lambda z: jnp.real(jnp.sum(jnp.sin(z) * jnp.conj(z))),
    "abs_exp": lambda z: jnp.sum(jnp.abs(jnp.exp(z) / (z + 3))),
    "imag_log": lambda z: jnp.sum(jnp.imag(jnp.log(z)) + jnp.real(jnp.sqrt(z))),
    "angle": lambda z: jnp.sum(jnp.angle(z)),
}
grads = [{"name": k, "arg": enc(Z), "out": enc(jax.grad(f)(Z))} for k, f in GRADS.items()]
HOLO = {
    "sin_mul": lambda z: jnp.sum(jnp.sin(z) * z),
    "exp_div": lambda z: jnp.sum(jnp.exp(z) / (z + 3)),
    "tanh_sq": lambda z: jnp.sum(jnp.tanh(z) ** 2 + jnp.log(z)),
}
holo = [{"name": k, "arg": enc(Z), "out": enc(jax.grad(f, holomorphic=True)(Z))} for k, f in HOLO.items()]

# dtypes of mixed operations (dtype, weak_type).
def dt(x):
    return [str(x.dtype), bool(x.weak_type)]

promo = {
    "f32+c64": dt(jnp.ones(2, jnp.float32) + jnp.ones(2, jnp.complex64)),
    "i32+c64": dt(jnp.ones(2, jnp.int32) + jnp.ones(2, jnp.complex64)),
    "f32+weakc": dt(jnp.ones(2, jnp.float32) + 1j),
    "weakf+c64": dt(1.5 + jnp.ones(2, jnp.complex64)),
    "i32+weakc": dt(jnp.ones(2, jnp.int32) + 1j),
    "abs_c64": dt(jnp.abs(jnp.ones(2, jnp.complex64))),
    "real_c64": dt(jnp.real(jnp.ones(2, jnp.complex64))),
    "angle_f32": dt(jnp.angle(jnp.ones(2, jnp.float32))),
    "angle_i32": dt(jnp.angle(jnp.ones(2, jnp.int32))),
    "imag_f32": dt(jnp.imag(jnp.ones(2, jnp.float32))),
    "conj_f32": dt(jnp.conj(jnp.ones(2, jnp.float32))),
    "mean_c64": dt(jnp.mean(jnp.ones(2, jnp.complex64))),
}

P = np.array([[1.5 + 0.25j, -2e7 + 1j], [np.nan + 1j, 3 - np.inf * 1j]], np.complex64)
printing = []
for v in [Z, W, M, P, np.complex64(1 + 2j), np.complex64(2j), np.complex64(1e-5 + 3j), np.complex64(-1 + 0j),
          np.array([0j], np.complex64)]:
    a = jnp.asarray(v)
    printing.append({"arg": enc(a), "str": str(a), "repr": repr(a)})

out = {"cases": cases, "grads": grads, "holo": holo, "promo": promo, "printing": printing}
path = os.path.join(os.path.dirname(__file__), "..", "test", "goldens", "complex.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", path, len(cases), "cases")

# ---- jnp.fft ----
R5 = np.array([0.5, -1.0, 2.0, 0.25, 3.0], np.float32)
C6 = np.array([[1 + 2j, 3 - 1j, -0.5 + 0.25j, 2j, -2 - 3j, 0.75], [0.5 - 1j, 2 + 0.25j, 1 + 1j, -1 + 0.5j, 0.3 - 0.7j, 2 - 2j]], np.complex64)
R34 = np.arange(12, dtype=np.float32).reshape(3, 4) ** 1.5 - 4
_rng = np.random.default_rng(0)
LONG = (_rng.standard_normal(1000) + 1j * _rng.standard_normal(1000)).astype(np.complex64)
LONG_R = _rng.standard_normal(1023).astype(np.float32)
F = jnp.fft
fft_cases = [
    ("fft", [R5], {}, F.fft(R5)),
    ("fft", [C6], {}, F.fft(C6)),
    ("fft", [C6], {"n": 8, "axis": 0}, F.fft(C6, n=8, axis=0)),
    ("fft", [C6], {"n": 4, "norm": "ortho"}, F.fft(C6, n=4, norm="ortho")),
    ("ifft", [C6], {}, F.ifft(C6)),
    ("ifft", [C6], {"norm": "forward"}, F.ifft(C6, norm="forward")),
    ("rfft", [R5], {}, F.rfft(R5)),
    ("rfft", [R34], {"n": 7, "axis": 0}, F.rfft(R34, n=7, axis=0)),
    ("irfft", [C6], {}, F.irfft(C6)),
    ("irfft", [C6], {"n": 7}, F.irfft(C6, n=7)),
    ("hfft", [C6], {}, F.hfft(C6)),
    ("ihfft", [R5], {}, F.ihfft(R5)),
    ("fft2", [C6], {}, F.fft2(C6)),
    ("ifft2", [C6], {"s": [3, 5]}, F.ifft2(C6, s=[3, 5])),
    ("fftn", [R34], {}, F.fftn(R34)),
    ("ifftn", [C6], {"axes": [0]}, F.ifftn(C6, axes=[0])),
    ("rfftn", [R34], {}, F.rfftn(R34)),
    ("rfft2", [R34], {"norm": "ortho"}, F.rfft2(R34, norm="ortho")),
    ("irfftn", [C6], {}, F.irfftn(C6)),
    ("irfft2", [C6], {"s": [2, 9]}, F.irfft2(C6, s=[2, 9])),
    ("fftshift", [R34], {}, F.fftshift(R34)),
    # Longer transforms: Bluestein lengths and a power of two, against XLA's.
    ("fft", [LONG], {}, F.fft(LONG)),
    ("rfft", [LONG_R], {"n": 1024}, F.rfft(LONG_R, n=1024)),
    ("irfft", [LONG[:200]], {"n": 397}, F.irfft(LONG[:200], n=397)),
    ("ifftshift", [R34], {"axes": 1}, F.ifftshift(R34, axes=1)),
]
out["fft"] = [{"op": op, "args": [enc(a) for a in args], "opts": o, "out": enc(r)} for op, args, o, r in fft_cases]
out["fftfreq"] = [enc(F.fftfreq(5, d=0.5)), enc(F.fftfreq(6)), enc(F.rfftfreq(6)), enc(F.rfftfreq(7, d=2.0))]
out["fft_grad"] = {"arg": enc(C6), "out": enc(jax.grad(lambda z: jnp.sum(jnp.abs(F.fft(z)) ** 2 + jnp.real(F.ifft(z * z))))(C6)),
                   "rarg": enc(R34), "rout": enc(jax.grad(lambda x: jnp.sum(jnp.abs(F.rfft2(x))) + jnp.sum(F.irfft(F.rfft(x) * 2j, n=4)))(R34))}
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("fft cases", len(fft_cases))
