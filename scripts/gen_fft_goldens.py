"""Goldens for the wasm FFT kernel at sizes that run its radix-4 passes,
the transposed first pass, Bluestein and the threads (test/complex/fft_large.test.ts),
from real JAX (pocketfft/ducc on CPU). Inputs are a formula both sides
evaluate (nothing stored); each case also records JAX's own error against a
float64 numpy FFT of the same input, the accuracy the kernel should match.

Run: JAX_PLATFORMS=cpu /work/jaxvenv/bin/python scripts/gen_fft_goldens.py
"""
import json
import os

import jax

jax.config.update("jax_platforms", "cpu")
jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402


def part(shape, k):
    """The input formula (also in the test): sin((i + 1)(0.37 + 0.1k)) + cos(0.01 i^2) / 4 in float64."""
    i = np.arange(int(np.prod(shape)), dtype=np.float64)
    return (np.sin((i + 1) * (0.37 + 0.1 * k)) + 0.25 * np.cos(0.01 * i * i)).reshape(shape)


def make(shape, dtype):
    if dtype in ("float32", "float64"):
        return part(shape, 0).astype(dtype)
    real = "float32" if dtype == "complex64" else "float64"
    return part(shape, 0).astype(real) + 1j * part(shape, 1).astype(real)


CASES = [
    ("FFT", [2048], [2048], "complex64"),
    ("IFFT", [2, 1024], [1024], "complex64"),
    ("FFT", [1000], [1000], "complex64"),
    ("FFT", [2, 96, 6], [96, 6], "complex64"),
    ("FFT", [64, 64], [64, 64], "complex64"),
    ("RFFT", [4096], [4096], "float32"),
    ("RFFT", [3000], [3000], "float32"),
    ("IRFFT", [2, 513], [1024], "complex64"),
    ("FFT", [1024], [1024], "complex128"),
    ("IRFFT", [301], [600], "complex128"),
]


def reference(t, x, lengths):
    """The same transform in float64 (complex128) by numpy."""
    axes = tuple(range(x.ndim - len(lengths), x.ndim))
    x = x.astype(np.complex128) if t != "RFFT" else x.astype(np.float64)
    if t == "FFT":
        return np.fft.fftn(x, axes=axes)
    if t == "IFFT":
        return np.fft.ifftn(x, axes=axes)
    if t == "RFFT":
        return np.fft.rfftn(x, axes=axes)
    return np.fft.irfftn(x, s=lengths, axes=axes)


def rel_err(got, want):
    return float(np.max(np.abs(got - want)) / np.max(np.abs(want)))


out = []
for t, shape, lengths, dtype in CASES:
    x = make(shape, dtype)
    y = np.asarray(jax.lax.fft(jnp.asarray(x), t, tuple(lengths)))
    ref = reference(t, x, lengths)
    digits = 9 if y.dtype in (np.complex64, np.float32) else 17
    flat = y.ravel()
    data = [float(f"{v:.{digits}g}") for c in flat for v in ((c.real, c.imag) if np.iscomplexobj(flat) else (c,))]
    out.append({"t": t, "shape": shape, "lengths": lengths, "dtype": dtype, "out_shape": list(y.shape), "out_dtype": str(y.dtype),
                "data": data, "jax_err": rel_err(y, ref)})

path = os.path.join(os.path.dirname(__file__), "..", "test", "goldens", "fft_large.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print(path, [(c["t"], c["shape"], f"{c['jax_err']:.2e}") for c in out])
