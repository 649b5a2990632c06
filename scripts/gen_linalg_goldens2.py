#!/usr/bin/env python3
"""Goldens for jnp.linalg (svd, qr, lstsq, pinv, norms, ...) and jax.scipy.linalg,
from real JAX 0.10.2 on CPU.

Writes test/goldens/linalg2.json. Every entry holds its inputs (float32 values
as JAX saw them) and JAX's outputs. An array is {"shape", "dtype", "data"} with
data flat; NaN is written as null and infinities as "inf"/"-inf".

Outputs that are unique up to signs (singular vectors, eigenvectors) are not
stored; the tests check reconstructions and invariants for those. QR's signs
are LAPACK's Householder signs, which jaxts reproduces, so q and r are stored.
Gradients are of sign-invariant scalar functions.

Run: JAX_PLATFORMS=cpu /work/jaxvenv/bin/python scripts/gen_linalg_goldens2.py
"""
import json
import math
import os

os.environ.setdefault("JAX_PLATFORMS", "cpu")
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import jax.scipy.linalg as jsl  # noqa: E402
import numpy as np  # noqa: E402

rng = np.random.default_rng(20261206)


def enc_one(v):
    v = float(v)
    if math.isnan(v):
        return None
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def enc(x):
    x = np.asarray(x)
    if x.dtype == np.bool_:
        data = [bool(v) for v in x.ravel()]
    elif np.issubdtype(x.dtype, np.integer):
        data = [int(v) for v in x.ravel()]
    else:
        data = [enc_one(v) for v in x.ravel()]
    return {"shape": list(x.shape), "dtype": str(x.dtype), "data": data}


def randn(*shape):
    return np.asarray(rng.standard_normal(shape), np.float32)


def well(n, batch=()):
    return np.asarray(rng.standard_normal((*batch, n, n)) + n * np.eye(n), np.float32)


def spd(n, batch=()):
    b = rng.standard_normal((*batch, n, n))
    return np.asarray(b @ np.swapaxes(b, -1, -2) + n * np.eye(n), np.float32)


def W(shape):
    return randn(*shape)


out = {"linalg": {}, "scipy": {}}
L = out["linalg"]
S = out["scipy"]

# ---------------------------------------------------------------- svd
svd_cases = []
for shape in [(3, 2), (2, 3), (4, 4), (2, 3, 4), (2, 4, 3), (1, 1), (5, 2)]:
    a = randn(*shape)
    s = jnp.linalg.svd(a, compute_uv=False)
    u, s2, vh = jnp.linalg.svd(a, full_matrices=False)
    uf, _, vhf = jnp.linalg.svd(a, full_matrices=True)
    svd_cases.append({"a": enc(a), "s": enc(s), "u_shape": list(u.shape), "vh_shape": list(vh.shape),
                      "uf_shape": list(uf.shape), "vhf_shape": list(vhf.shape)})
# rank deficient: repeated and zero singular values
a = np.asarray([[1, 2, 3], [2, 4, 6], [1, 0, 1], [0, 0, 0]], np.float32)
svd_cases.append({"a": enc(a), "s": enc(jnp.linalg.svd(a, compute_uv=False)),
                  "u_shape": [4, 3], "vh_shape": [3, 3], "uf_shape": [4, 4], "vhf_shape": [3, 3]})
L["svd"] = svd_cases

# Sign-invariant scalar function of the thin SVD, and its gradient.
def svd_fn(a, w1, w2, c):
    u, s, vh = jnp.linalg.svd(a, full_matrices=False)
    return jnp.sum(s * c) + jnp.sum(u * u * w1) + jnp.sum(vh * vh * w2)


svd_grads = []
for shape in [(3, 2), (2, 3), (3, 3), (2, 4, 3)]:
    a = randn(*shape)
    k = min(shape[-2:])
    w1 = W((*shape[:-1], k))
    w2 = W((*shape[:-2], k, shape[-1]))
    c = W((*shape[:-2], k))
    svd_grads.append({"a": enc(a), "w1": enc(w1), "w2": enc(w2), "c": enc(c),
                      "value": enc(svd_fn(a, w1, w2, c)), "grad": enc(jax.grad(svd_fn)(a, w1, w2, c))})
L["svd_grad"] = svd_grads
a = randn(3, 4)
L["svdvals_grad"] = {"a": enc(a), "grad": enc(jax.grad(lambda a: jnp.sum(jnp.linalg.svd(a, compute_uv=False) ** 2 * jnp.arange(1.0, 4.0)))(a))}

# ---------------------------------------------------------------- qr
qr_cases = []
for shape in [(3, 2), (2, 3), (4, 4), (2, 4, 3), (2, 3, 5), (1, 3), (3, 1)]:
    a = randn(*shape)
    q, r = jnp.linalg.qr(a)
    qc, rc = jnp.linalg.qr(a, mode="complete")
    qr_cases.append({"a": enc(a), "q": enc(q), "r": enc(r), "qc": enc(qc), "rc": enc(rc),
                     "r_only": enc(jnp.linalg.qr(a, mode="r"))})
a = np.asarray([[1, 0], [0, 1], [0, 0]], np.float32)  # zero columns below the diagonal: tau = 0
q, r = jnp.linalg.qr(a)
qc, rc = jnp.linalg.qr(a, mode="complete")
qr_cases.append({"a": enc(a), "q": enc(q), "r": enc(r), "qc": enc(qc), "rc": enc(rc), "r_only": enc(r)})
L["qr"] = qr_cases

qr_grads = []
for shape, mode in [((3, 2), "reduced"), ((2, 3), "reduced"), ((3, 3), "reduced"), ((4, 2), "complete"), ((2, 3, 3), "reduced")]:
    a = randn(*shape)
    q, r = jnp.linalg.qr(a, mode=mode)
    w1 = W(q.shape)
    w2 = W(r.shape)

    def f(a, w1=w1, w2=w2, mode=mode):
        q, r = jnp.linalg.qr(a, mode=mode)
        return jnp.sum(q * w1) + jnp.sum(r * w2)

    qr_grads.append({"a": enc(a), "mode": mode, "w1": enc(w1), "w2": enc(w2), "value": enc(f(a)), "grad": enc(jax.grad(f)(a))})
L["qr_grad"] = qr_grads

# ---------------------------------------------------------------- lstsq, pinv, rank, cond
lst = []
for ashape, bshape, rcond in [((4, 2), (4,), None), ((4, 3), (4, 2), None), ((2, 3), (2,), None), ((3, 3), (3, 1), 0.5)]:
    a = randn(*ashape)
    b = randn(*bshape)
    x, res, rank, sv = jnp.linalg.lstsq(a, b, rcond=rcond)
    lst.append({"a": enc(a), "b": enc(b), "rcond": rcond, "x": enc(x), "resid": enc(res), "rank": enc(rank), "sv": enc(sv)})
L["lstsq"] = lst
a = randn(4, 2)
b = randn(4)
L["lstsq_grad"] = {"a": enc(a), "b": enc(b), "grad_a": enc(jax.grad(lambda a, b: jnp.sum(jnp.linalg.lstsq(a, b)[0] ** 2))(a, b)),
                   "grad_b": enc(jax.grad(lambda a, b: jnp.sum(jnp.linalg.lstsq(a, b)[0] ** 2), argnums=1)(a, b))}

pinvs = []
for shape, hermitian in [((3, 2), False), ((2, 4), False), ((2, 3, 3), False), ((3, 3), True)]:
    a = randn(*shape)
    if hermitian:
        a = spd(3)
    pinvs.append({"a": enc(a), "hermitian": hermitian, "pinv": enc(jnp.linalg.pinv(a, hermitian=hermitian)),
                  "grad": enc(jax.grad(lambda a: jnp.sum(jnp.sin(jnp.linalg.pinv(a, hermitian=hermitian))))(a))})
# rank deficient: the cutoff drops a singular value
a = np.asarray([[1, 2], [2, 4], [3, 6]], np.float32)
pinvs.append({"a": enc(a), "hermitian": False, "pinv": enc(jnp.linalg.pinv(a)),
              "grad": enc(jax.grad(lambda a: jnp.sum(jnp.sin(jnp.linalg.pinv(a))))(a))})
L["pinv"] = pinvs

ranks = []
for a, kw in [(randn(3, 4), {}), (np.asarray([[1, 2], [2, 4]], np.float32), {}), (np.ones((2, 3, 3), np.float32), {}),
              (np.asarray([[1, 0], [0, 1e-3]], np.float32), {"rtol": 1e-2}), (spd(3), {"hermitian": True}),
              (np.asarray([0.0, 1.0], np.float32), {})]:
    ranks.append({"a": enc(a), "kw": kw, "rank": enc(jnp.linalg.matrix_rank(a, **kw))})
L["matrix_rank"] = ranks

conds = []
for a in [randn(3, 3), randn(2, 4, 4), randn(3, 2), np.asarray([[1, 1], [1, 1]], np.float32)]:
    for p in [None, 2, -2, 1, -1, "inf", "-inf", "fro", "nuc"]:
        pp = {"inf": np.inf, "-inf": -np.inf}.get(p, p) if isinstance(p, str) else p
        if a.shape[-1] != a.shape[-2] and p not in (None, 2, -2):
            continue
        conds.append({"a": enc(a), "p": p, "cond": enc(jnp.linalg.cond(a, pp))})
L["cond"] = conds

# ---------------------------------------------------------------- norms
norms = []
x2 = randn(3, 4)
x3 = randn(2, 3, 4)
x1 = randn(5)
for x, ord_, axis, keepdims in [
    (x1, None, None, False), (x1, 2, None, False), (x1, 1, None, False), (x1, "inf", None, True), (x1, "-inf", None, False),
    (x1, 0, None, False), (x1, 3, None, False), (x1, -1, None, False), (x1, 0.5, None, False),
    (x2, None, None, False), (x2, "fro", None, True), (x2, "nuc", None, False), (x2, 2, None, False), (x2, -2, None, False),
    (x2, 1, None, False), (x2, -1, None, True), (x2, "inf", None, False), (x2, "-inf", None, False),
    (x3, None, None, False), (x3, 2, (0, 2), False), (x3, "nuc", (2, 1), True), (x3, -2, (-1, -2), False),
    (x3, 1, (1, 0), False), (x3, "inf", (2, 0), True), (x3, 3, 1, False), (x3, None, 2, True), (x3, "fro", (0, 1), False),
]:
    o = {"inf": np.inf, "-inf": -np.inf}.get(ord_, ord_) if isinstance(ord_, str) else ord_
    norms.append({"x": enc(x), "ord": ord_, "axis": list(axis) if isinstance(axis, tuple) else axis, "keepdims": keepdims,
                  "norm": enc(jnp.linalg.norm(x, o, axis, keepdims))})
L["norm"] = norms
L["norm_grad"] = [
    {"x": enc(x2), "ord": o, "grad": enc(jax.grad(lambda x, o=o: jnp.linalg.norm(x, {"inf": np.inf}.get(o, o)))(x2))}
    for o in [None, "nuc", 2, -2, 1, "inf"]
]
vn = []
for x, kw in [(x3, {}), (x3, {"ord": 1, "axis": 1}), (x3, {"ord": "inf", "axis": (0, 2), "keepdims": True}), (x3, {"ord": 0.5, "axis": -1}),
              (np.asarray([[1, -2], [3, 4]], np.int32), {"ord": 1}), (np.asarray([[1, -2], [3, 4]], np.int32), {})]:
    kk = dict(kw)
    if kk.get("ord") == "inf":
        kk["ord"] = np.inf
    if isinstance(kk.get("axis"), tuple):
        kw = dict(kw, axis=list(kw["axis"]))
    vn.append({"x": enc(x), "kw": kw, "out": enc(jnp.linalg.vector_norm(x, **kk))})
L["vector_norm"] = vn
mn = []
for kw in [{}, {"ord": "nuc"}, {"ord": 2, "keepdims": True}, {"ord": 1}, {"ord": "-inf"}]:
    kk = dict(kw)
    if kk.get("ord") == "-inf":
        kk["ord"] = -np.inf
    mn.append({"x": enc(x3), "kw": kw, "out": enc(jnp.linalg.matrix_norm(x3, **kk))})
L["matrix_norm"] = mn

# ---------------------------------------------------------------- the rest of jnp.linalg
a3 = well(3)
L["matrix_power"] = [{"a": enc(a3), "n": n, "out": enc(jnp.linalg.matrix_power(a3, n))} for n in [-3, -1, 0, 1, 2, 3, 5, 8]]
ai = np.asarray([[1, 2], [3, 4]], np.int32)
L["matrix_power_int"] = {"a": enc(ai), "out": enc(jnp.linalg.matrix_power(ai, 5))}
md = [randn(2, 5), randn(5, 3), randn(3, 4), randn(4)]
L["multi_dot"] = {"arrays": [enc(m) for m in md], "out": enc(jnp.linalg.multi_dot(md)),
                  "out3": enc(jnp.linalg.multi_dot([md[1][:, 0], md[1], md[2]]))}
L["multi_dot"]["arrays3"] = [enc(md[1][:, 0]), enc(md[1]), enc(md[2])]
ta = well(6).reshape(2, 3, 6)
tb = randn(2, 3)
L["tensorsolve"] = {"a": enc(ta), "b": enc(tb), "out": enc(jnp.linalg.tensorsolve(ta, tb))}
ta2 = well(6).reshape(2, 6, 3)
L["tensorsolve_axes"] = {"a": enc(ta2), "b": enc(tb), "axes": [1], "out": enc(jnp.linalg.tensorsolve(ta2, tb, axes=(1,)))}
ti = well(6).reshape(6, 2, 3)
L["tensorinv"] = {"a": enc(ti), "ind": 1, "out": enc(jnp.linalg.tensorinv(ti, ind=1))}
c1, c2 = randn(2, 3), randn(3)
L["cross"] = {"x1": enc(c1), "x2": enc(c2), "out": enc(jnp.linalg.cross(c1, c2))}
c3, c4 = randn(3, 2), randn(3, 1)
L["cross_axis0"] = {"x1": enc(c3), "x2": enc(c4), "out": enc(jnp.linalg.cross(c3, c4, axis=0))}
L["diagonal"] = [{"x": enc(x3), "offset": k, "out": enc(jnp.linalg.diagonal(x3, offset=k))} for k in [0, 1, -1, 3, -2, 5]]
L["trace"] = [{"x": enc(x3), "offset": k, "out": enc(jnp.linalg.trace(x3, offset=k))} for k in [0, 2, -1]]
v1, v2 = randn(2, 1, 4), randn(3, 4)
L["vecdot"] = {"x1": enc(v1), "x2": enc(v2), "out": enc(jnp.linalg.vecdot(v1, v2))}
L["vecdot_axis0"] = {"x1": enc(x2), "x2": enc(x2), "out": enc(jnp.linalg.vecdot(x2, x2, axis=0))}

# ---------------------------------------------------------------- jax.scipy.linalg
A = well(4)
B = randn(4, 2)
P = spd(4)
S["solve_triangular"] = []
for trans in [0, 1, "T", 2]:
    for lower in [False, True]:
        for unit in [False, True]:
            S["solve_triangular"].append({"trans": trans, "lower": lower, "unit_diagonal": unit, "a": enc(A), "b": enc(B),
                                          "out": enc(jsl.solve_triangular(A, B, trans=trans, lower=lower, unit_diagonal=unit))})
S["solve_triangular_vec"] = {"a": enc(A), "b": enc(B[:, 0]), "out": enc(jsl.solve_triangular(A, B[:, 0], lower=True))}
for lower in [False, True]:
    c, low = jsl.cho_factor(P, lower=lower)
    S[f"cho_factor_{lower}"] = {"a": enc(P), "b": enc(B), "c": enc(c), "lower": low, "solve": enc(jsl.cho_solve((c, low), B)),
                                "cholesky": enc(jsl.cholesky(P, lower=lower))}
for shape in [(4, 4), (3, 5), (5, 3)]:
    a = randn(*shape)
    p, l, u = jsl.lu(a)
    pl, u2 = jsl.lu(a, permute_l=True)
    S.setdefault("lu", []).append({"a": enc(a), "p": enc(p), "l": enc(l), "u": enc(u), "pl": enc(pl)})
lu_, piv = jsl.lu_factor(A)
S["lu_factor"] = {"a": enc(A), "b": enc(B), "lu": enc(lu_), "piv": enc(piv),
                  "solve": [enc(jsl.lu_solve((lu_, piv), B, trans=t)) for t in [0, 1, 2]]}
S["expm"] = []
for a in [randn(3, 3) * 0.1, randn(3, 3), randn(2, 4, 4) * 3, np.zeros((2, 2), np.float32),
          np.asarray([[1, 2], [0, 3]], np.float32), randn(1, 1)]:
    S["expm"].append({"a": enc(a), "out": enc(jsl.expm(a))})
a = randn(3, 3)
S["expm_grad"] = {"a": enc(a), "grad": enc(jax.grad(lambda a: jnp.sum(jnp.sin(jsl.expm(a))))(a))}
ups = np.triu(randn(3, 3))
S["expm_upper"] = {"a": enc(ups), "out": enc(jsl.expm(ups, upper_triangular=True))}
S["block_diag"] = {"arrs": [enc(randn(2, 2)), enc(np.asarray(3.0, np.float32)), enc(randn(1, 3)), enc(randn(3))]}
S["block_diag"]["out"] = enc(jsl.block_diag(*[np.asarray(x["data"], np.float32).reshape(x["shape"]) for x in S["block_diag"]["arrs"]]))
S["block_diag_int"] = enc(jsl.block_diag(np.asarray([[1, 2]], np.int32), np.asarray([[3], [4]], np.int32)))
w, v = jsl.eigh(P)
S["eigh"] = {"a": enc(P), "w": enc(w), "w_only": enc(jsl.eigh(P, eigvals_only=True)), "w_upper": enc(jsl.eigh(P, lower=False, eigvals_only=True))}
for mode in ["full", "economic", "r"]:
    a = randn(4, 3)
    res = jsl.qr(a, mode=mode)
    S[f"qr_{mode}"] = {"a": enc(a), "out": [enc(r) for r in res]}
a = randn(4, 3)
S["svd"] = {"a": enc(a), "s": enc(jsl.svd(a, compute_uv=False)), "shapes": [list(r.shape) for r in jsl.svd(a)],
            "shapes_thin": [list(r.shape) for r in jsl.svd(a, full_matrices=False)]}
S["inv"] = {"a": enc(A), "out": enc(jsl.inv(A))}
S["det"] = {"a": enc(A), "out": enc(jsl.det(A))}
S["solve"] = [{"a": enc(A), "b": enc(B), "assume_a": "gen", "out": enc(jsl.solve(A, B))},
              {"a": enc(P), "b": enc(B), "assume_a": "pos", "out": enc(jsl.solve(P, B, assume_a="pos"))},
              {"a": enc(P), "b": enc(B[:, 0]), "assume_a": "sym", "out": enc(jsl.solve(P, B[:, 0], assume_a="sym"))}]
# Gradients of solve: "pos" is a symmetric custom_linear_solve, whose gradient in a is the full matrix (no new draws here).
solve_grads = []
for assume, lower, b in [("gen", False, B), ("pos", False, B), ("pos", True, B), ("pos", False, B[:, 0])]:
    def loss(a, b, assume=assume, lower=lower):
        return jnp.sum(jnp.sin(jsl.solve(a, b, assume_a=assume, lower=lower)))
    ga, gb = jax.grad(loss, argnums=(0, 1))(P, b)
    solve_grads.append({"a": enc(P), "b": enc(b), "assume_a": assume, "lower": lower, "grad_a": enc(ga), "grad_b": enc(gb)})
S["solve_grad"] = solve_grads
cv = np.asarray([1, 2, 3], np.float32)
rv = np.asarray([1, 5, 6, 7], np.float32)
S["toeplitz"] = [enc(jsl.toeplitz(cv)), enc(jsl.toeplitz(cv, rv))]
S["hankel"] = [enc(jsl.hankel(cv)), enc(jsl.hankel(cv, rv))]
S["circulant"] = enc(jsl.circulant(cv))
S["companion"] = enc(jsl.companion(np.asarray([2, -3, 1, 5], np.float32)))
S["hilbert"] = enc(jsl.hilbert(4))
S["pascal"] = [enc(jsl.pascal(4)), enc(jsl.pascal(4, kind="lower")), enc(jsl.pascal(4, kind="upper"))]
S["leslie"] = enc(jsl.leslie(np.asarray([0.1, 2.0, 1.0, 0.1], np.float32), np.asarray([0.2, 0.8, 0.7], np.float32)))
S["helmert"] = [enc(jsl.helmert(4)), enc(jsl.helmert(4, full=True))]
S["hadamard"] = [enc(jsl.hadamard(4)), enc(jsl.hadamard(8, dtype=jnp.float32))]
S["dtypes"] = {"toeplitz_int": str(jsl.toeplitz(np.asarray([1, 2], np.int32)).dtype), "hilbert": str(jsl.hilbert(3).dtype),
               "pascal": str(jsl.pascal(3).dtype), "helmert": str(jsl.helmert(3).dtype), "hadamard": str(jsl.hadamard(2).dtype),
               "companion_int": str(jsl.companion(np.asarray([1, 2, 3], np.int32)).dtype)}
for side in ["right", "left"]:
    a = randn(3, 3)
    u, p = jsl.polar(a, side=side, method="svd")
    S[f"polar_{side}"] = {"a": enc(a), "u": enc(u), "p": enc(p)}
a = spd(3)
S["sqrtm"] = {"a": enc(a), "out": enc(jsl.sqrtm(a).real)} if hasattr(jsl, "sqrtm") else None

# Hessenberg (gehrd signs, deterministic), raw QR (geqrf), householder_product, Schur (checked by invariants and eigenvalues).
S["hessenberg"] = []
for a in [randn(4, 4), randn(2, 3, 3), randn(1, 1)]:
    h, q = jsl.hessenberg(a, calc_q=True) if a.ndim == 2 else (jnp.stack([jsl.hessenberg(x, calc_q=True)[0] for x in a]), jnp.stack([jsl.hessenberg(x, calc_q=True)[1] for x in a]))
    S["hessenberg"].append({"a": enc(a), "h": enc(h), "q": enc(q)})
a = randn(4, 3)
packed, taus = jnp.linalg.qr(a, mode="raw")
L["qr_raw"] = {"a": enc(a), "packed": enc(packed), "taus": enc(taus)}
from jax._src.lax import linalg as lax_linalg  # noqa: E402
a2, t2 = lax_linalg.geqrf(a)
L["householder_product"] = {"a": enc(a2), "taus": enc(t2), "q": enc(lax_linalg.householder_product(a2, t2))}
S["schur"] = []
for a in [randn(4, 4), randn(5, 5), np.asarray([[0, -1], [1, 0]], np.float32), np.asarray([[1, 2, 0], [0, 3, 1], [0, 0, 2]], np.float32)]:
    w = np.linalg.eigvals(np.asarray(a, np.float64))
    order = np.lexsort((w.imag, w.real))
    S["schur"].append({"a": enc(a), "eig_re": enc(w.real[order]), "eig_im": enc(w.imag[order]), "t": enc(jsl.schur(a)[0])})

# jaxts reproduces LAPACK gesdd (Householder bidiagonalization, dbdsqr QR sweeps, sign fix and sort),
# so its singular vectors, signs included, match JAX on CPU: store u and vh.
L["svd_exact"] = []
for a in [randn(2, 2), randn(2, 2), randn(3, 2), randn(5, 2), randn(2, 3), randn(2, 6), randn(4, 1), randn(1, 3), randn(2, 2, 2),
          np.diag(np.asarray([3, -1, 2, -5], np.float32)), np.asarray([[0, 1], [1, 0]], np.float32), np.asarray([[1, 1], [1, 1]], np.float32),
          randn(3, 3), randn(4, 4), randn(5, 3), randn(3, 4), randn(4, 6), randn(8, 8), randn(2, 3, 3)]:
    u, s_, vh = jnp.linalg.svd(a)
    ut, _, vht = jnp.linalg.svd(a, full_matrices=False)
    L["svd_exact"].append({"a": enc(a), "u": enc(u), "s": enc(s_), "vh": enc(vh), "ut": enc(ut), "vht": enc(vht)})

# jaxts reproduces LAPACK syevd for n <= 25 (sytd2 + steqr), so eigenvectors match JAX's signs there.
L["eigh_exact"] = []
for n in [2, 3, 4, 6, 10]:
    b = randn(n, n)
    a = np.asarray(b + b.T, np.float32)
    w, v = jnp.linalg.eigh(a)
    u, s_, vh = jnp.linalg.svd(a, hermitian=True)
    L["eigh_exact"].append({"a": enc(a), "w": enc(w), "v": enc(v), "hu": enc(u), "hs": enc(s_), "hvh": enc(vh)})
b = randn(2, 3, 3)
a = np.asarray(b + np.swapaxes(b, -1, -2), np.float32)
w, v = jnp.linalg.eigh(a)
u, s_, vh = jnp.linalg.svd(a, hermitian=True)
L["eigh_exact"].append({"a": enc(a), "w": enc(w), "v": enc(v), "hu": enc(u), "hs": enc(s_), "hvh": enc(vh)})

path = os.path.join(os.path.dirname(__file__), "..", "test", "goldens", "linalg2.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print("wrote", os.path.normpath(path))
