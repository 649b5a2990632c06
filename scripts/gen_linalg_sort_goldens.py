#!/usr/bin/env python3
"""Goldens for sort/argsort, conv_general_dilated and jnp.linalg, from NumPy.

Writes test/goldens/linalg_sort.json. Inputs are rounded to float32 first and
the expected outputs computed in float64 from those rounded values. NaN is
written as null and infinities as "inf"/"-inf" (JSON has neither); -0.0 is kept.

The convolution reference is written out here (lhs dilation, padding that may
be negative, rhs dilation, strides, feature and batch groups, any layout) so it
does not depend on the implementation under test.

Run: python3 scripts/gen_linalg_sort_goldens.py
"""
import json
import math
import os

import numpy as np

rng = np.random.default_rng(20240611)


def f32(x):
    return np.asarray(x, dtype=np.float32).astype(np.float64)


def enc_one(v):
    if math.isnan(v):
        return None
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return float(v)


def enc(x):
    """Flat list; NaN -> null and +-inf -> "inf"/"-inf" (JSON has neither)."""
    return [enc_one(v) for v in np.asarray(x, dtype=np.float64).ravel()]


def enc_int(x):
    return [int(v) for v in np.asarray(x).ravel()]


# ---------------------------------------------------------------- sort

def jax_argsort(x, axis, descending=False):
    """jnp.argsort's algorithm (stable): for descending, reverse, sort, reverse."""
    axis = axis % x.ndim
    iota = np.broadcast_to(
        np.arange(x.shape[axis]).reshape([-1 if i == axis else 1 for i in range(x.ndim)]), x.shape)
    if descending:
        x = np.flip(x, axis)
        iota = np.flip(iota, axis)
    order = np.argsort(x, axis=axis, kind="stable")  # NaN last, -0.0 == 0.0
    idx = np.take_along_axis(iota, order, axis)
    return np.flip(idx, axis) if descending else idx


def sort_cases():
    cases = []
    x1 = np.array([3, np.nan, 1, -0.0, 0.0, 2, -np.inf, 1, np.inf, np.nan, -2, 0.0, -0.0], np.float32)
    x2 = f32(rng.integers(-3, 4, size=(4, 5)))
    x2[1, 2] = np.nan
    x2[3, 0] = np.nan
    x2[0, 1] = 0.5
    x3 = rng.integers(0, 3, size=(2, 3, 4)).astype(np.int32)
    x4 = f32(rng.standard_normal((3, 4, 5)))
    for name, x, axes in [("1d_nan_zero_inf", x1.astype(np.float64), [-1, 0, None]),
                          ("2d_ties_nan", x2, [-1, 0, None]),
                          ("3d_int_ties", x3, [0, 1, 2, -1, None]),
                          ("3d_float", x4, [0, 1, 2])]:
        for axis in axes:
            xx = x.ravel() if axis is None else x
            ax = 0 if axis is None else axis
            for desc in (False, True):
                s = np.sort(xx, axis=ax, kind="stable")
                if desc:
                    s = np.flip(s, ax)
                cases.append({
                    "name": f"{name}_axis{axis}{'_desc' if desc else ''}",
                    "dtype": "int32" if x.dtype == np.int32 else "float32",
                    "x": enc(x), "shape": list(x.shape), "axis": axis, "descending": desc,
                    "sorted": enc(s), "argsort": enc_int(jax_argsort(xx, ax, desc)),
                })
    return cases


def multi_key_cases():
    k1 = rng.integers(0, 3, size=(2, 7)).astype(np.int32)
    k2 = f32(rng.integers(0, 3, size=(2, 7)))
    k2[0, 3] = np.nan
    v = f32(rng.standard_normal((2, 7)))
    order = np.stack([np.lexsort((k2[r], k1[r])) for r in range(2)])  # stable, NaN last
    return [{
        "name": "two_keys_axis1", "shape": [2, 7], "k1": enc_int(k1), "k2": enc(k2), "v": enc(v),
        "k1_sorted": enc_int(np.take_along_axis(k1, order, 1)),
        "k2_sorted": enc(np.take_along_axis(k2, order, 1)),
        "v_sorted": enc(np.take_along_axis(v, order, 1)),
    }]


# ---------------------------------------------------------------- conv

def conv_permutations(dn):
    """JAX's conv_general_permutations for string dimension numbers."""
    lhs_spec, rhs_spec, out_spec = dn

    def getperm(spec, pair, is_rhs):
        spatial = [i for i, c in enumerate(spec) if c not in pair]
        if not is_rhs:
            spatial = sorted(spatial, key=lambda i: rhs_spec.index(spec[i]))
        return [spec.index(pair[0]), spec.index(pair[1])] + spatial

    return (getperm(lhs_spec, "NC", False), getperm(rhs_spec, "OI", True), getperm(out_spec, "NC", False))


def padtype_to_pads(in_shape, window, strides, padding):
    if padding == "VALID":
        return [(0, 0)] * len(in_shape)
    out = [-(-d // s) for d, s in zip(in_shape, strides)]
    pads = [max((o - 1) * s + w - d, 0) for o, s, w, d in zip(out, strides, window, in_shape)]
    return [(p // 2, p - p // 2) for p in pads]


def dilate(x, dil, first_axis):
    if all(d == 1 for d in dil):
        return x
    shape = list(x.shape)
    for i, d in enumerate(dil):
        s = shape[first_axis + i]
        shape[first_axis + i] = (s - 1) * d + 1 if s > 0 else 0
    out = np.zeros(shape, x.dtype)
    idx = [slice(None)] * first_axis + [slice(None, None, d) for d in dil]
    out[tuple(idx)] = x
    return out


def pad_axis(x, ax, lo, hi):
    if lo > 0:
        x = np.concatenate([np.zeros(x.shape[:ax] + (lo,) + x.shape[ax + 1:]), x], ax)
    elif lo < 0:
        x = np.take(x, range(-lo, x.shape[ax]), ax)
    if hi > 0:
        x = np.concatenate([x, np.zeros(x.shape[:ax] + (hi,) + x.shape[ax + 1:])], ax)
    elif hi < 0:
        x = np.take(x, range(0, x.shape[ax] + hi), ax)
    return x


def conv_canonical(lhs, rhs, strides, pads, lhs_dil, rhs_dil, fgc, bgc):
    """XLA convolution on (N, C, *spatial) x (O, I, *window) -> (N/bgc, O, *out)."""
    n, _ = lhs.shape[:2]
    o_count, cg = rhs.shape[:2]
    nsp = lhs.ndim - 2
    x = dilate(lhs, lhs_dil, 2)
    for i, (lo, hi) in enumerate(pads):
        x = pad_axis(x, 2 + i, lo, hi)
    w = dilate(rhs, rhs_dil, 2)
    out_sp = [max(0, (x.shape[2 + i] - w.shape[2 + i]) // strides[i] + 1) for i in range(nsp)]
    ng = n // bgc
    out = np.zeros((ng, o_count) + tuple(out_sp))
    for o in range(o_count):
        gf = o // (o_count // fgc)
        gb = o // (o_count // bgc)
        xs = x[gb * ng:(gb + 1) * ng, gf * cg:(gf + 1) * cg]
        for pos in np.ndindex(*out_sp):
            win = xs[(slice(None), slice(None)) + tuple(
                slice(pos[i] * strides[i], pos[i] * strides[i] + w.shape[2 + i]) for i in range(nsp))]
            out[(slice(None), o) + pos] = np.tensordot(win, w[o], axes=(list(range(1, nsp + 2)), list(range(0, nsp + 1))))
    return out


def conv_general(lhs, rhs, strides, padding, lhs_dil, rhs_dil, dn, fgc=1, bgc=1):
    nd = lhs.ndim
    if dn is None:
        perms = [list(range(nd))] * 3
    else:
        perms = conv_permutations(dn)
    lp, rp, op = perms
    lhs_c = np.transpose(lhs, lp)
    rhs_c = np.transpose(rhs, rp)
    if isinstance(padding, str):
        eff = [(k - 1) * d + 1 for k, d in zip(rhs_c.shape[2:], rhs_dil)]
        pads = padtype_to_pads(lhs_c.shape[2:], eff, strides, padding)
    else:
        pads = padding
    out_c = conv_canonical(lhs_c, rhs_c, strides, pads, lhs_dil, rhs_dil, fgc, bgc)
    return np.transpose(out_c, np.argsort(op))


def conv_cases():
    specs = [
        # name, lhs shape, rhs shape, strides, padding, lhs_dil, rhs_dil, dn, fgc, bgc
        ("conv1d_stride_pad_rhsdil", (2, 3, 10), (4, 3, 3), [2], [(1, 2)], [1], [2], ["NCH", "OIH", "NCH"], 1, 1),
        ("conv1d_nwc_same", (2, 9, 3), (3, 3, 4), [2], "SAME", [1], [1], ["NWC", "WIO", "NWC"], 1, 1),
        ("conv2d_default_valid", (2, 3, 7, 6), (4, 3, 3, 2), [1, 1], "VALID", [1, 1], [1, 1], None, 1, 1),
        ("conv2d_nhwc_same_stride2", (2, 7, 6, 3), (3, 3, 3, 4), [2, 2], "SAME", [1, 1], [1, 1], ["NHWC", "HWIO", "NHWC"], 1, 1),
        ("conv2d_groups_lhsdil", (1, 4, 5, 5), (6, 2, 3, 3), [1, 2], [(1, 1), (0, 1)], [2, 1], [1, 1], ["NCHW", "OIHW", "NCHW"], 2, 1),
        ("conv2d_depthwise", (2, 3, 5, 4), (6, 1, 2, 2), [1, 1], [(1, 0), (0, 1)], [1, 1], [1, 2], ["NCHW", "OIHW", "NCHW"], 3, 1),
        ("conv2d_batch_groups", (4, 3, 5, 5), (4, 3, 2, 2), [1, 1], "VALID", [1, 1], [1, 1], ["NCHW", "OIHW", "NCHW"], 1, 2),
        ("conv2d_negative_pad", (1, 2, 6, 6), (2, 2, 3, 3), [1, 1], [(-1, 0), (1, -1)], [1, 1], [1, 1], None, 1, 1),
        ("conv2d_odd_layout", (5, 2, 3, 6), (3, 2, 2, 4), [1, 2], [(1, 1), (0, 0)], [1, 1], [1, 1], ["HCWN", "WIHO", "NWHC"], 1, 1),
        ("conv3d", (1, 2, 4, 4, 3), (2, 2, 2, 2, 2), [1, 2, 1], [(0, 0), (1, 1), (1, 0)], [1, 1, 1], [1, 1, 2], None, 1, 1),
    ]
    cases = []
    for name, ls, rs, st, pad, ld, rd, dn, fgc, bgc in specs:
        lhs = f32(rng.standard_normal(ls))
        rhs = f32(rng.standard_normal(rs))
        out = conv_general(lhs, rhs, st, pad, ld, rd, dn, fgc, bgc)
        cases.append({
            "name": name, "lhs": enc(lhs), "lhs_shape": list(ls), "rhs": enc(rhs), "rhs_shape": list(rs),
            "window_strides": st, "padding": pad if isinstance(pad, str) else [list(p) for p in pad],
            "lhs_dilation": ld, "rhs_dilation": rd, "dimension_numbers": dn,
            "feature_group_count": fgc, "batch_group_count": bgc,
            "out": enc(out), "out_shape": list(out.shape),
        })
    return cases


# ---------------------------------------------------------------- linalg

def well_conditioned(shape):
    n = shape[-1]
    return f32(rng.standard_normal(shape) + 2.0 * n ** 0.5 * np.eye(n) * rng.choice([-1, 1], size=shape[:-1])[..., None])


def spd(shape):
    n = shape[-1]
    b = rng.standard_normal(shape)
    return f32(b @ np.swapaxes(b, -1, -2) + n * np.eye(n))


def lu_partial_pivot(a):
    """Unblocked LU with partial pivoting (first row of largest magnitude), as getrf."""
    a = a.copy()
    m, n = a.shape
    k = min(m, n)
    piv = np.zeros(k, np.int32)
    perm = np.arange(m, dtype=np.int32)
    for c in range(k):
        p = c + int(np.argmax(np.abs(a[c:, c])))
        piv[c] = p
        a[[c, p]] = a[[p, c]]
        perm[[c, p]] = perm[[p, c]]
        if a[c, c] != 0:
            a[c + 1:, c] /= a[c, c]
        a[c + 1:, c + 1:] -= np.outer(a[c + 1:, c], a[c, c + 1:])
    return a, piv, perm


def linalg_cases():
    out = {"general": [], "spd": [], "tri": [], "lu": []}
    for shape, bshape in [((4, 4), (4,)), ((4, 4), (4, 2)), ((3, 4, 4), (3, 4, 2)), ((2, 5, 5), (5,)),
                          ((2, 2), (2, 3)), ((3, 3), (3,)), ((1, 1), (1,)), ((2, 3, 6, 6), (6, 1))]:
        a = well_conditioned(shape)
        b = f32(rng.standard_normal(bshape))
        if len(bshape) == 1:
            sol = np.linalg.solve(a, np.broadcast_to(b[:, None], shape[:-1] + (1,)))[..., 0]
        else:
            sol = np.linalg.solve(a, np.broadcast_to(b, shape[:-2] + bshape) if len(bshape) < len(shape) else b)
        sign, logdet = np.linalg.slogdet(a)
        out["general"].append({
            "a": enc(a), "a_shape": list(shape), "b": enc(b), "b_shape": list(bshape),
            "inv": enc(np.linalg.inv(a)), "det": enc(np.linalg.det(a)), "solve": enc(sol),
            "solve_shape": list(sol.shape), "sign": enc(sign), "logabsdet": enc(logdet),
        })
    for shape in [(3, 3), (2, 5, 5), (1, 1)]:
        a = spd(shape)
        w = np.linalg.eigvalsh(a)
        out["spd"].append({"a": enc(a), "a_shape": list(shape), "cholesky": enc(np.linalg.cholesky(a)), "eigvalsh": enc(w)})
    for left in (True, False):
        for lower in (True, False):
            for trans in (False, True):
                for unit in (False, True):
                    a = f32(rng.standard_normal((2, 4, 4)) + 4 * np.eye(4))
                    b = f32(rng.standard_normal((2, 4, 3) if left else (2, 3, 4)))
                    t = np.tril(a) if lower else np.triu(a)
                    if unit:  # the diagonal is not read: it is taken to be 1
                        t = t.copy()
                        for i in range(2):
                            np.fill_diagonal(t[i], 1.0)
                    op = np.swapaxes(t, -1, -2) if trans else t
                    x = np.linalg.solve(op, b) if left else np.swapaxes(np.linalg.solve(np.swapaxes(op, -1, -2), np.swapaxes(b, -1, -2)), -1, -2)
                    out["tri"].append({"a": enc(a), "b": enc(b), "b_shape": list(b.shape), "left_side": left, "lower": lower,
                                       "transpose_a": trans, "unit_diagonal": unit, "x": enc(x)})
    for shape in [(4, 4), (5, 3), (3, 5)]:
        a = f32(rng.standard_normal(shape))
        lu, piv, perm = lu_partial_pivot(a)
        out["lu"].append({"a": enc(a), "a_shape": list(shape), "lu": enc(lu), "pivots": enc_int(piv), "permutation": enc_int(perm)})
    return out


def main():
    goldens = {
        "generator": "scripts/gen_linalg_sort_goldens.py (numpy %s)" % np.__version__,
        "sort": sort_cases(),
        "multi_key": multi_key_cases(),
        "conv": conv_cases(),
        "linalg": linalg_cases(),
    }
    path = os.path.join(os.path.dirname(__file__), "..", "test", "goldens", "linalg_sort.json")
    with open(path, "w") as f:
        json.dump(goldens, f, separators=(",", ":"))
    print("wrote", os.path.normpath(path))


if __name__ == "__main__":
    main()
