"""JAX's times for the cases of scripts/bench_fft.ts (same shapes, dtypes and
medians of jitted calls after a warm-up), on CPU.

Run: JAX_PLATFORMS=cpu /work/jaxvenv/bin/python scripts/bench_fft_jax.py
"""
import os
import statistics
import time

import jax

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

CASES = [
    ("c64 fft 1024 ×256 rows", "FFT", (256, 1024), (1024,), np.complex64),
    ("c64 fft 2^16", "FFT", (1 << 16,), (1 << 16,), np.complex64),
    ("c64 fft 2^20", "FFT", (1 << 20,), (1 << 20,), np.complex64),
    ("c128 fft 2^20", "FFT", (1 << 20,), (1 << 20,), np.complex128),
    ("c64 ifft 2^18", "IFFT", (1 << 18,), (1 << 18,), np.complex64),
    ("c64 fft 1000 ×64 rows", "FFT", (64, 1000), (1000,), np.complex64),
    ("c64 fft2 512×512", "FFT", (512, 512), (512, 512), np.complex64),
    ("f32 rfft 2^20", "RFFT", (1 << 20,), (1 << 20,), np.float32),
]
RUNS = 11

print(f"# load average {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
print("| case | JAX (ms) |")
print("| --- | --- |")
for label, t, shape, lengths, dtype in CASES:
    size = int(np.prod(shape))
    i = np.arange(size)
    x = np.sin(i * 0.37).reshape(shape)
    if dtype != np.float32:
        x = x + 1j * np.sin(i * 1.37).reshape(shape)
    x = jnp.asarray(x.astype(dtype))
    f = jax.jit(lambda v, t=t, lengths=lengths: jax.lax.fft(v, t, lengths))
    f(x).block_until_ready()
    ts = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        f(x).block_until_ready()
        ts.append((time.perf_counter() - t0) * 1e3)
    print(f"| {label} | {statistics.median(ts):.2f} |")
print(f"# load average after {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
