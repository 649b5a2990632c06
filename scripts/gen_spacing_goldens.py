#!/usr/bin/env python3
"""Goldens for evenly spaced values that must round exactly as JAX's (JAX 0.10.2, CPU).

Writes test/goldens/spacing.json: the float32 bit patterns of
jnp.arange with float arguments (start + step * iota in float32, each
operation rounded; float16 ranges work in float32) and of jnp.linspace
between array bounds (XLA's form of start * (1 - t) + stop * t: the
division a multiply by 1/div, the stop term reassociated and fused), also
between JS numbers (the host's emulation of the same program). Values
on a bin edge fall in JAX's bin only when the edges are these bits.

Run: JAX_PLATFORMS=cpu bench/.venv/bin/python scripts/gen_spacing_goldens.py
"""
import json
import os

os.environ.setdefault("JAX_PLATFORMS", "cpu")
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

rng = np.random.default_rng(7)


def bits(a, dtype=np.float32):
    a = np.asarray(a)
    return a.astype(np.float32).view(np.uint32).tolist() if dtype == np.float32 else a.view(np.uint16).tolist()


aranges = []
for k in range(60):
    lo = float(np.round(rng.standard_normal() * 10, int(rng.integers(0, 4))))
    st = float(np.round(rng.random() * 3 + 0.01, int(rng.integers(1, 4)))) * (-1 if k % 3 == 0 else 1)
    hi = lo + st * int(rng.integers(1, 60)) + (rng.random() - 0.5) * st
    dt = "float16" if k % 7 == 0 else "float32"
    y = jnp.arange(lo, hi, st, dtype=dt)
    aranges.append({"start": lo, "stop": hi, "step": st, "dtype": dt, "bits": bits(y, np.float16 if dt == "float16" else np.float32)})

linspaces = []
for k in range(60):
    a = np.float32(rng.standard_normal() * 3)
    b = np.float32(rng.standard_normal() * 3)
    if k % 3 == 0:
        a, b = np.float32(round(float(a))), np.float32(round(float(b)))
    n = int(rng.integers(2, 80))
    y = jnp.linspace(jnp.float32(a), jnp.float32(b), n)
    linspaces.append({"start": bits([a])[0], "stop": bits([b])[0], "num": n, "bits": bits(y)})

numbers = []
for k in range(60):
    a = float(np.float32(rng.standard_normal() * 3))
    b = float(np.float32(rng.standard_normal() * 3))
    n = int(rng.integers(2, 60))
    numbers.append({"start": a, "stop": b, "num": n, "bits": bits(jnp.linspace(a, b, n))})

path = os.path.join(os.path.dirname(__file__), "..", "test", "goldens", "spacing.json")
with open(path, "w") as fh:
    json.dump({"arange": aranges, "linspace": linspaces, "linspace_numbers": numbers}, fh, separators=(",", ":"))
print(f"wrote {path}: {len(aranges)} ranges, {len(linspaces)} + {len(numbers)} linspaces")
