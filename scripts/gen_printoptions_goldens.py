"""Arrays printed under jnp.printoptions, for test/jnp/printoptions.test.ts.

    JAX_PLATFORMS=cpu python scripts/gen_printoptions_goldens.py   # writes test/goldens/printoptions.json
"""
import json, pathlib
import jax.numpy as jnp

cases = [
    ({"precision": 3}, "array", [1 / 3, 2 / 3, 10]),
    ({"precision": 2}, "array", [[1e-5, 1], [2.5, 3.14159]]),
    ({"threshold": 5, "edgeitems": 2}, "arange", 10),
    ({"threshold": 10, "edgeitems": 1}, "arange2d", [6, 6]),
    ({"linewidth": 20}, "arange", 12),
]
out = []
for opts, kind, arg in cases:
    x = jnp.array(arg, dtype=jnp.float32) if kind == "array" else jnp.arange(arg) if kind == "arange" else jnp.arange(arg[0] * arg[1]).reshape(arg)
    with jnp.printoptions(**opts):
        out.append({"options": opts, "kind": kind, "arg": arg, "str": str(x), "repr": repr(x)})
path = pathlib.Path(__file__).resolve().parent.parent / "test" / "goldens" / "printoptions.json"
path.write_text(json.dumps(out, indent=1) + "\n")
print(f"wrote {path}")
