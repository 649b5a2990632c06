"""Generate test/goldens/indexing.json: NumPy results for index expressions.

Run from the repository root:  python3 scripts/gen_indexing_goldens.py

Each case names an operand (np.arange(prod(shape)).reshape(shape) in a dtype),
an operation, an encoded index expression and the expected result. Where JAX
deliberately differs from NumPy (out-of-bounds indices: reads clamp, updates
drop, take fills), the expected value is computed from JAX's documented rule
with NumPy on normalised indices, so the file stays NumPy-generated.

Index encoding (JSON):
  int               -> 3
  None              -> null
  Ellipsis          -> "..."
  slice(a, b, c)    -> {"slice": [a, b, c]}
  int ndarray       -> {"arr": nested list}     (a jnp.array of int32)
  bool ndarray      -> {"bool": nested list}    (a jnp.array of bool)
  plain JS list     -> {"list": nested list}    (passed as a JS array)
"""
import json
import os

import numpy as np
from golden_index import decode


def operand(shape, dtype):
    return np.arange(int(np.prod(shape))).reshape(shape).astype(dtype)


def clean(a):
    """Nested lists with NaN -> None (strict JSON)."""
    a = np.asarray(a)
    if a.dtype.kind == "f":
        obj = a.astype(object)
        obj[np.isnan(a)] = None
        return obj.tolist()
    if a.dtype == bool:
        return a.tolist()
    return a.astype(np.int64).tolist()


cases = []


def add(name, shape, dtype, op, index, expected, value=None, alt=None, extra=None):
    c = {"name": name, "shape": list(shape), "dtype": dtype, "op": op, "index": index,
         "expected": clean(expected), "expected_shape": list(np.shape(expected))}
    if value is not None:
        c["value"] = clean(value) if not isinstance(value, (int, float)) else value
    if alt is not None:
        c["alt"] = clean(alt)
    if extra:
        c.update(extra)
    cases.append(c)


S = lambda a=None, b=None, c=None: {"slice": [a, b, c]}
A = lambda v: {"arr": v}
B = lambda v: {"bool": v}
L = lambda v: {"list": v}


def get(name, shape, dtype, index):
    x = operand(shape, dtype)
    add(name, shape, dtype, "get", index, x[tuple(decode(i) for i in index)])


# ---- reads: basic, advanced, mixed ----
for dt in ["float32", "int32"]:
    get(f"int array axis0 {dt}", (2, 3, 4), dt, [A([1, 0, 1])])
get("2-d int array", (2, 3, 4), "float32", [A([[0, 1], [1, 0]])])
get("static negative int", (2, 3, 4), "float32", [-1])
get("negative int array", (2, 3, 4), "float32", [A([-1, 0, -2])])
get("array on middle axis", (2, 3, 4), "float32", [S(), A([0, 2])])
get("array on last axis", (2, 3, 4), "float32", [S(), S(), A([3, 0, 1])])
get("two adjacent arrays", (2, 3, 4), "float32", [A([0, 1]), A([1, 2])])
get("arrays separated by slice", (2, 3, 4), "float32", [A([0, 1]), S(), A([1, 2])])
get("int and array separated", (2, 3, 4), "float32", [1, S(), A([0, 3])])
get("int and array adjacent", (2, 3, 4), "float32", [S(), 1, A([0, 3])])
get("array then int adjacent", (2, 3, 4), "float32", [S(), A([0, 2]), 1])
get("broadcast index arrays", (2, 3, 4), "float32", [A([[0], [1]]), A([0, 2])])
get("broadcast against scalar-like", (2, 3, 4), "float32", [A([0]), A([0, 1, 2])])
get("three arrays broadcast", (2, 3, 4), "int32", [A([[1], [0]]), A([[0, 2, 1]]), A([3])])
get("ellipsis then array", (2, 3, 4), "float32", ["...", A([1, 2])])
get("array then ellipsis", (2, 3, 4), "float32", [A([1, 0]), "..."])
get("array ellipsis array", (2, 3, 4), "float32", [A([0, 1]), "...", A([1, 2])])
get("newaxis before array", (2, 3, 4), "float32", [None, A([0, 1])])
get("newaxis between arrays", (2, 3, 4), "float32", [A([0, 1]), None, A([1, 2])])
get("newaxis after arrays", (2, 3, 4), "float32", [A([0, 1]), A([1, 2]), None])
get("newaxis slice array int", (2, 3, 4), "float32", [S(), None, A([0, 2]), 1])
get("reversed slice with array", (2, 3, 4), "float32", [S(None, None, -1), A([0, 2])])
get("strided slice with array", (2, 3, 4), "float32", [S(), S(None, None, 2), A([1, 3])])
get("arrays with slices both kinds", (2, 3, 4), "float32", [A([0, 1]), S(1, 3), S(None, None, -2)])
get("2-d array in the middle", (2, 3, 4), "int32", [S(), A([[0, 1, 2], [2, 1, 0]]), S(1, 3)])
get("empty index array", (2, 3, 4), "float32", [A([])])
get("JS list index", (2, 3, 4), "float32", [L([1, 0])])
get("JS nested list index", (2, 3, 4), "float32", [S(), L([[2, 0], [1, 1]])])
get("0-d array index", (2, 3, 4), "float32", [A(1)])
get("0-d arrays with slice", (2, 3, 4), "float32", [A(1), S(), A(2)])
get("0-d array and reversed slice", (2, 3, 4), "float32", [A(1), S(None, None, -1)])
get("0-d array and strided slice", (2, 3, 4), "float32", [A(-1), S(None, None, 2), S(3, 0, -2)])
get("0-d array with 1-d array", (2, 3, 4), "float32", [A(1), S(), A([0, 3, 3])])
get("bool mask first axis", (2, 3, 4), "float32", [B([True, False])])
get("bool mask middle axis", (2, 3, 4), "float32", [S(), B([True, False, True])])
get("bool mask 2-d", (2, 3, 4), "float32", [B([[True, False, True], [False, True, True]])])
get("bool mask full shape", (2, 3, 4), "int32", [B((operand((2, 3, 4), "int32") % 5 == 1).tolist())])
get("bool mask with int", (2, 3, 4), "float32", [B([[True, False, True], [False, True, True]]), 2])
get("bool mask after slice with array", (2, 3, 4), "float32", [A([1, 0]), S(), B([False, True, True, False])])
get("JS bool list", (2, 3, 4), "float32", [S(), S(), L([True, False, False, True])])
get("all-false mask", (2, 3, 4), "float32", [B([False, False])])
# static (no arrays): slices with steps, negative steps, None, ellipsis
get("static strided", (2, 3, 4), "float32", [S(None, None, 2), S(None, None, -1), S(1, 3)])
get("static negative step from end", (2, 3, 4), "float32", ["...", S(None, None, -3)])
get("static slice negative bounds", (5, 6), "float32", [S(-4, -1), S(-1, -6, -2)])
get("static int and newaxis", (2, 3, 4), "float32", [1, None, S(None, None, -2), -1])
get("static empty slice", (2, 3, 4), "float32", [S(2, 1)])
get("static step beyond size", (5, 6), "int32", [S(None, None, 7), S(1, None, 4)])
get("1-d fancy", (7,), "int32", [A([6, 0, 3, 3, -7])])

# ---- out of bounds reads: JAX clamps (after wrapping negatives once) ----
def clamp_index(i, n):
    i = np.asarray(i)
    i = np.where(i < 0, i + n, i)
    return np.clip(i, 0, n - 1)


x = operand((2, 3, 4), "float32")
add("OOB int array clamps", (2, 3, 4), "float32", "get", [A([5, -7, 1])], x[clamp_index([5, -7, 1], 2)])
add("OOB static int clamps", (2, 3, 4), "float32", "get", [10], x[1])
add("OOB static negative clamps", (2, 3, 4), "float32", "get", [S(), -10], x[:, 0])
add("OOB 0-d array clamps", (2, 3, 4), "float32", "get", [S(), A(9)], x[:, 2])
add("OOB mixed arrays clamp", (2, 3, 4), "float32", "get", [A([0, 3]), S(), A([-9, 4])],
    x[clamp_index([0, 3], 2), :, clamp_index([-9, 4], 4)])

# ---- updates ----
def update(name, shape, dtype, op, index, value, dup_set=False):
    x = operand(shape, dtype)
    idx = tuple(decode(i) for i in index)
    v = np.asarray(value, dtype=dtype)
    if op == "set":
        y = x.copy()
        y[idx] = v
        alt = None
        if dup_set:
            # Reversed application order: the other admissible winner.
            z = x.copy()
            flat_idx = np.arange(x.size).reshape(x.shape)[idx]
            vals = np.broadcast_to(v, flat_idx.shape)
            zf = z.reshape(-1)
            for fi, vv in reversed(list(zip(flat_idx.reshape(-1), vals.reshape(-1)))):
                zf[fi] = vv
            alt = z
        add(name, shape, dtype, "set", index, y, value=value, alt=alt)
        return
    ufunc = {"add": np.add, "mul": np.multiply, "min": np.minimum, "max": np.maximum}[op]
    y = x.copy()
    ufunc.at(y, idx, v)
    add(name, shape, dtype, op, index, y, value=value)


update("set scalar at int array", (2, 3, 4), "float32", "set", [A([0, 1])], 5)
update("set rows with broadcast value", (2, 3, 4), "float32", "set", [S(), A([0, 2])], [1, 2, 3, 4])
update("set separated arrays", (2, 3, 4), "float32", "set", [A([0, 1]), S(), A([1, 2])], [[10, 20, 30], [40, 50, 60]])
update("add with duplicates", (2, 3, 4), "float32", "add", [A([0, 0, 1, 0])], 1)
update("add duplicates 2-d index", (2, 3, 4), "int32", "add", [A([[0, 1], [1, 1]]), 2], [[[1], [2]], [[3], [4]]])
update("add on last axis with duplicates", (2, 3, 4), "float32", "add", ["...", A([1, 1, 3])], 10)
update("mul separated", (2, 3, 4), "float32", "mul", [A([0, 1]), S(), A([1, 2])], 2)
update("min with duplicates", (2, 3, 4), "float32", "min", [A([1, 1]), A([0, 0]), A([2, 2])], [5, 3])
update("max with duplicates", (2, 3, 4), "int32", "max", [A([0, 1, 0]), 1], [[100, 0, 0, 0], [7, 7, 7, 7], [0, 200, 0, 50]])
update("set with mask", (2, 3, 4), "float32", "set", [B((operand((2, 3, 4), "int32") % 3 == 0).tolist())], -1)
update("add with mask and slice", (2, 3, 4), "float32", "add", [S(), B([True, False, True])], [[1, 2, 3, 4]])
update("set strided static", (2, 3, 4), "float32", "set", [1, S(None, None, 2)], 0)
update("set negative step static", (2, 3, 4), "float32", "set", [S(None, None, -1), 0], [[1, 2, 3, 4], [5, 6, 7, 8]])
update("add strided both", (2, 3, 4), "int32", "add", [S(None, None, -1), S(0, 3, 2), S(3, 0, -2)], 100)
update("set static box", (2, 3, 4), "float32", "set", [1, S(0, 2)], [9, 8, 7, 6])
update("add static with newaxis", (2, 3, 4), "float32", "add", [None, 0, S(), 1], [[1, 2, 3]])
update("mul static int", (2, 3, 4), "int32", "mul", [1, 2], 3)
update("set negative index array", (2, 3, 4), "float32", "set", [A([-1]), A([-3, -1])], 77)
update("set with JS list index", (2, 3, 4), "float32", "set", [L([1]), S(), L([0, 3])], 1.5)
update("set 0-d array index", (2, 3, 4), "float32", "set", [A(1), 2], 0)
update("set duplicates", (5,), "float32", "set", [A([0, 2, 0])], [1, 2, 3], dup_set=True)
update("set duplicates 2-d", (3, 4), "int32", "set", [A([1, 1]), S()], [[1, 2, 3, 4], [5, 6, 7, 8]], dup_set=True)

# ---- out-of-bounds updates: JAX drops them (negative indices wrap once) ----
def drop_update(name, shape, dtype, op, index_list, value):
    x = operand(shape, dtype)
    n = shape[0]
    y = x.copy()
    ufunc = {"set": None, "add": np.add}[op]
    for i, v in zip(index_list, np.broadcast_to(np.asarray(value, dtype=dtype), (len(index_list),) + shape[1:])):
        k = i + n if i < 0 else i
        if 0 <= k < n:
            if ufunc is None:
                y[k] = v
            else:
                y[k] = ufunc(y[k], v)
    add(name, shape, dtype, op, [A(index_list)], y, value=value)


drop_update("OOB set dropped", (4, 2), "float32", "set", [5, 0, -1, -5], 100)
drop_update("OOB add dropped", (4, 2), "int32", "add", [1, 4, 1, -9], [[1, 1], [2, 2], [3, 3], [4, 4]])
x = operand((4, 2), "float32")
add("OOB static int update dropped", (4, 2), "float32", "set", [7], x, value=1)
add("OOB static negative update dropped", (4, 2), "float32", "add", [S(), -3], x, value=1)

# ---- take / take_along_axis ----
FILL = {"float32": np.nan, "int32": np.iinfo(np.int32).min}


def take(name, shape, dtype, indices, axis=None, mode=None):
    a = operand(shape, dtype)
    idx = np.asarray(indices)
    flat = a.reshape(-1) if axis is None else a
    ax = 0 if axis is None else axis
    n = flat.shape[ax]
    if mode is None or mode == "fill":
        k = np.where(idx < 0, idx + n, idx)
        ok = (k >= 0) & (k < n)
        res = np.take(flat, np.where(ok, k, 0), axis=ax)
        mask_shape = [1] * ax + list(idx.shape) + [1] * (flat.ndim - ax - 1)
        res = np.where(ok.reshape(mask_shape), res, FILL[dtype])
    elif mode == "clip":
        res = np.take(flat, np.clip(idx, 0, n - 1), axis=ax)
    else:
        res = np.take(flat, idx, axis=ax, mode="wrap")
    add(name, shape, dtype, "take", None, res.astype(dtype), extra={"indices": clean(idx), "axis": axis, "mode": mode})


take("take axis 1", (2, 3, 4), "float32", [0, 2], axis=1)
take("take 2-d indices axis 2", (2, 3, 4), "int32", [[0, 1], [3, 0]], axis=2)
take("take flattened", (2, 3, 4), "float32", [23, 0, 5])
take("take negative wraps", (2, 3, 4), "float32", [-1, -3], axis=2)
take("take fill float", (2, 3, 4), "float32", [1, 3, -4], axis=0)
take("take fill int", (2, 3, 4), "int32", [5, 0], axis=1)
take("take clip", (2, 3, 4), "float32", [-2, 9], axis=2, mode="clip")
take("take wrap", (2, 3, 4), "int32", [-5, 9, 4], axis=2, mode="wrap")
take("take scalar index", (2, 3, 4), "float32", 2, axis=1)


def take_along(name, shape, dtype, indices, axis):
    a = operand(shape, dtype)
    idx = np.asarray(indices)
    res = np.take_along_axis(a if axis is not None else a.reshape(-1), idx, axis=axis if axis is not None else 0)
    add(name, shape, dtype, "take_along_axis", None, res, extra={"indices": clean(idx), "axis": axis})


take_along("take_along last axis", (2, 3), "float32", [[2, 0], [1, 1]], -1)
take_along("take_along axis 0", (2, 3), "int32", [[1, 0, 1]], 0)
take_along("take_along broadcast dims", (2, 3, 4), "float32", [[[3], [0], [1]]], 2)
take_along("take_along index dim 1", (2, 3, 4), "float32", [[[0, 1, 2, 2]], [[2, 2, 1, 0]]], 1)
take_along("take_along negative", (2, 3, 4), "int32", np.array([[[-1, 0], [2, -2], [1, 1]], [[0, 0], [3, 3], [-4, 1]]]).tolist(), 2)
take_along("take_along flattened", (2, 3), "float32", [5, 0, 3], None)

out = os.path.join(os.path.dirname(__file__), "..", "test", "goldens", "indexing.json")
with open(out, "w") as f:
    json.dump({"generator": "scripts/gen_indexing_goldens.py", "numpy": np.__version__, "cases": cases}, f, allow_nan=False)
    f.write("\n")
print(f"wrote {len(cases)} cases to {os.path.normpath(out)}")
