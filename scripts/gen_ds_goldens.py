"""Generate test/goldens/ds.json: JAX's results for indexing with jax.ds.

Run from the repository root:  /work/jaxvenv/bin/python scripts/gen_ds_goldens.py

Each case indexes x = arange(prod(shape)).reshape(shape) (int32) with an index
whose entries are ints, null, "...", {"slice": [a, b, c]}, {"arr": list} or
{"ds": [start, size, stride]}; `op` is "get" or an update ("set", "add",
"mul", "min", "max") with value `v`. Each case is run eagerly and under jit
with the ds starts as traced arguments (JAX gives the same answer both ways).
"""
import json
import os

os.environ.setdefault("JAX_PLATFORMS", "cpu")
import jax
import jax.numpy as jnp
import numpy as np
from golden_index import decode as decode_index


def decode(i, starts):
    """The indexing goldens' encoding, plus {"ds": [start, size, stride]} (start taken from `starts`)."""
    if isinstance(i, dict) and "ds" in i:
        _, size, stride = i["ds"]
        return jax.ds(starts.pop(0), size, stride)
    return decode_index(i)


def run(case, traced):
    x = jnp.arange(int(np.prod(case["shape"])), dtype=jnp.int32).reshape(case["shape"])
    starts = [e["ds"][0] for e in case["index"] if isinstance(e, dict) and "ds" in e]

    def index_of(st):
        st = list(st)
        return tuple(decode(e, st) for e in case["index"])

    def go(x, *st):
        idx = index_of(st)
        if case["op"] == "get":
            return x[idx]
        return getattr(x.at[idx], case["op"])(case["v"])

    if traced:
        return jax.jit(go)(x, *[jnp.int32(s) for s in starts])
    return go(x, *starts)


CASES = [
    ([10], [{"ds": [2, 3, 1]}], "get"),
    ([10], [{"ds": [8, 4, 1]}], "get"),
    ([10], [{"ds": [-3, 2, 1]}], "get"),
    ([10], [{"ds": [-12, 2, 1]}], "get"),
    ([10], [{"ds": [2, 3, 2]}], "get"),
    ([10], [{"ds": [8, 3, 2]}], "get"),
    ([10], [{"ds": [-4, 2, 2]}], "get"),
    ([10], [{"ds": [3, 3, 0]}], "get"),
    ([10], [{"ds": [0, 0, 1]}], "get"),
    ([3, 4], [1, {"ds": [1, 2, 1]}], "get"),
    ([3, 4], [{"ds": [1, 2, 1]}, None, 2], "get"),
    ([3, 4], [{"ds": [1, 2, 1]}, {"arr": [0, 3]}], "get"),
    ([3, 4], [{"arr": [0, 2]}, {"ds": [1, 2, 1]}], "get"),
    ([3, 4], ["...", {"ds": [3, 2, 1]}], "get"),
    ([2, 3, 4], [{"ds": [1, 1, 1]}, "...", {"ds": [1, 2, 1]}], "get"),
    ([2, 3, 4], [{"slice": [None, None, -1]}, {"ds": [2, 2, 1]}], "get"),
    ([10], [{"ds": [2, 3, 1]}], "set"),
    ([10], [{"ds": [8, 4, 1]}], "set"),
    ([10], [{"ds": [7, 3, 1]}], "add"),
    ([10], [{"ds": [-3, 2, 1]}], "set"),
    ([10], [{"ds": [1, 3, 3]}], "set"),
    ([10], [{"ds": [8, 3, 2]}], "mul"),
    ([10], [{"ds": [-2, 3, 2]}], "set"),
    ([3, 4], [1, {"ds": [2, 2, 1]}], "set"),
    ([3, 4], [{"ds": [2, 2, 1]}, 0], "set"),
    ([3, 4], [{"ds": [0, 2, 1]}, {"slice": [1, 3, None]}], "max"),
    ([3, 4], [{"ds": [1, 2, 1]}, {"arr": [0, 3]}], "min"),
]


def main():
    cases = []
    for shape, index, op in CASES:
        case = {"shape": shape, "index": index, "op": op}
        if op != "get":
            case["v"] = -7 if op != "mul" else 3
        eager = np.asarray(run(case, False))
        traced = np.asarray(run(case, True))
        assert (eager == traced).all(), case
        case["want"] = eager.tolist()
        case["wantShape"] = list(eager.shape)
        cases.append(case)
    out = {"jax": jax.__version__, "cases": cases}
    path = os.path.join(os.path.dirname(__file__), "..", "test", "goldens", "ds.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {path}")


if __name__ == "__main__":
    main()
