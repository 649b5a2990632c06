"""Golden outputs of jax.lax.rng_bit_generator (and friends) for test/lax/breadth.test.ts.

Run with a Python that has JAX 0.10.2 (CPU):
    JAX_PLATFORMS=cpu python scripts/gen_lax_breadth_goldens.py
Writes test/goldens/lax_breadth.json: {rng: [{key, shape, dtype, algorithm, newKey, bits}],
rng64: [...] (x64 on, uint64 bits as decimal strings)}.
"""
import json
import numpy as np
import jax, jax.numpy as jnp
from jax import lax

KEYS = [[1, 2, 3, 4], [0, 0, 0, 0], [0xDEADBEEF, 42, 0xFFFFFFFF, 0xFFFFFFFF], [5, 7, 0xFFFFFFFE, 12]]
SHAPES = [(), (1,), (5,), (2, 3), (3, 3), (4,), (2, 1, 3), (3, 5, 2), (7, 1)]
ALGS = ["RNG_DEFAULT", "RNG_THREE_FRY", "RNG_PHILOX"]


def run(dtype, dtypes_strs):
    out = []
    for key in KEYS:
        k = jnp.array(key, dtype=jnp.uint32)
        for shape in SHAPES:
            for alg in ALGS:
                for dt in dtypes_strs:
                    nk, b = lax.rng_bit_generator(k, shape, jnp.dtype(dt), getattr(lax.RandomAlgorithm, alg))
                    out.append({
                        "key": key, "shape": list(shape), "dtype": dt, "algorithm": alg,
                        "newKey": [int(v) for v in np.asarray(nk).ravel()],
                        "bits": [str(int(v)) if dt == "uint64" else int(v) for v in np.asarray(b).ravel()],
                    })
    return out


goldens = {"rng": run(None, ["uint32", "uint8", "uint16"])}


# conv_general_dilated_local: deterministic inputs (arange-based) so the test rebuilds them.
def ar(shape, scale):
    n = int(np.prod(shape))
    return (np.arange(n, dtype=np.float32).reshape(shape) % 7 - 3) * scale

local = []
for lhs_shape, filt, strides, padding, dn, ldil, rdil in [
    ((1, 2, 5, 5), (3, 3), (1, 1), "VALID", None, None, None),
    ((2, 3, 6, 4), (2, 3), (2, 1), "SAME", None, None, (1, 1)),
    ((1, 5, 5, 2), (3, 2), (1, 2), ((1, 0), (0, 1)), ("NHWC", "HWIO", "NHWC"), None, (2, 1)),
    ((1, 2, 4), (3,), (1,), ((1, 1),), None, (2,), None),
]:
    lhs = ar(lhs_shape, 0.5)
    dnums = lax.conv_dimension_numbers(lhs_shape, (1, 1) + filt, dn)
    # rhs: output spatial dims (in out layout order of rhs spec) from a probe run.
    patches = lax.conv_general_dilated_patches(lhs, filt, strides, padding, lhs_dilation=ldil, rhs_dilation=rdil, dimension_numbers=dn)
    out_sp = [patches.shape[d] for d in dnums.out_spec[2:]]
    rhs_shape = [0] * (2 + len(filt))
    cin = lhs_shape[dnums.lhs_spec[1]] * int(np.prod(filt))
    rhs_shape[dnums.rhs_spec[0]] = 3
    rhs_shape[dnums.rhs_spec[1]] = cin
    for i, d in enumerate(dnums.rhs_spec[2:]):
        rhs_shape[d] = out_sp[i]
    rhs = ar(tuple(rhs_shape), 0.25)
    out = lax.conv_general_dilated_local(lhs, rhs, strides, padding, filt, lhs_dilation=ldil, rhs_dilation=rdil, dimension_numbers=dn)
    local.append({"lhsShape": list(lhs_shape), "rhsShape": rhs_shape, "filterShape": list(filt), "strides": list(strides),
                  "padding": padding if isinstance(padding, str) else [list(p) for p in padding],
                  "dn": list(dn) if dn else None, "lhsDilation": list(ldil) if ldil else None, "rhsDilation": list(rdil) if rdil else None,
                  "shape": list(out.shape), "data": [float(v) for v in np.asarray(out).ravel()]})
goldens["convLocal"] = local


# ragged_dot_general in its three modes (lhs/rhs from ar(), group sizes given).
RD = lax.RaggedDotDimensionNumbers
ragged = []
for lhs_shape, rhs_shape, gs, dims, lragged, rgroup in [
    ((5, 3), (2, 3, 4), [2, 3], (([1], [1]), ([], [])), [0], [0]),          # non-contracting, plain ragged_dot
    ((5, 3), (2, 3, 4), [4, 1], (([1], [1]), ([], [])), [0], [0]),
    ((2, 5, 3), (2, 2, 3, 4), [[1, 4], [3, 2]], (([2], [2]), ([0], [1])), [1], [0]),  # batch + per-batch groups
    ((4, 6), (6, 3), [2, 1, 3], (([1], [0]), ([], [])), [1], []),          # contracting: output [g, m, n]
    ((2, 3, 4), (2, 4, 5), [1, 1], (([2], [1]), ([0], [0])), [0], []),     # batch ragged: plain dot_general
]:
    lhs = ar(lhs_shape, 0.5)
    rhs = ar(rhs_shape, 0.25)
    out = lax.ragged_dot_general(lhs, rhs, jnp.array(gs, dtype=jnp.int32), RD(dims, lragged, rgroup))
    ragged.append({"lhsShape": list(lhs_shape), "rhsShape": list(rhs_shape), "groupSizes": gs,
                   "dims": [[list(dims[0][0]), list(dims[0][1])], [list(dims[1][0]), list(dims[1][1])]],
                   "lhsRagged": lragged, "rhsGroup": rgroup,
                   "shape": list(out.shape), "data": [float(v) for v in np.asarray(out).ravel()]})
goldens["raggedDotGeneral"] = ragged
with open("test/goldens/lax_breadth.json", "w") as f:
    json.dump(goldens, f)
print(len(local))

jax.config.update("jax_enable_x64", True)
goldens["rng64"] = [c for c in run(None, ["uint64"]) if len(c["shape"]) <= 2]
with open("test/goldens/lax_breadth.json", "w") as f:
    json.dump(goldens, f)
print(len(goldens["rng"]), len(goldens["rng64"]))
