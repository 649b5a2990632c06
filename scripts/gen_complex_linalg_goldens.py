# Goldens for eig/eigvals, roots and the linear-algebra solvers on complex
# inputs, from JAX 0.10.2 (float32/complex64). Writes test/goldens/complex_linalg.json.
# Run: JAX_PLATFORMS=cpu /work/jaxvenv/bin/python scripts/gen_complex_linalg_goldens.py
import json
import os

import jax
import jax.numpy as jnp
import numpy as np

rng = np.random.default_rng(7)


def num(v):
    v = float(v)
    return None if np.isnan(v) else v


def enc(x):
    x = np.asarray(x)
    d = {"shape": list(x.shape), "dtype": str(x.dtype)}
    if np.iscomplexobj(x):
        d["re"] = [num(v) for v in x.real.ravel()]
        d["im"] = [num(v) for v in x.imag.ravel()]
    else:
        d["data"] = [num(v) if x.dtype.kind == "f" else int(v) for v in x.ravel()]
    return d


def cmat(*shape):
    return (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(np.complex64)


def rmat(*shape):
    return rng.standard_normal(shape).astype(np.float32)


out = {}

eig_inputs = {
    "real3": np.array([[1, 2, 0], [-3, 1, 4], [0.5, 2, -1]], np.float32),
    "real4": rmat(4, 4),
    "sym3": np.array([[2, 1, 0], [1, 3, 1], [0, 1, 4]], np.float32),
    "cplx3": cmat(3, 3),
    "cplx4": cmat(4, 4),
    "batch": rmat(2, 3, 3),
    "cbatch": cmat(2, 2, 2),
    "one": np.array([[2.5]], np.float32),
    "triu": np.array([[1, 2, 3], [0, 4, 5], [0, 0, 6]], np.float32),
}
out["eig"] = {}
for k, a in eig_inputs.items():
    w, v = jnp.linalg.eig(a)
    wl, vl, vr = jax.lax.linalg.eig(a)
    out["eig"][k] = {"a": enc(a), "w": enc(w), "v": enc(v), "vl": enc(vl), "eigvals": enc(jnp.linalg.eigvals(a))}

ga = eig_inputs["real3"]
out["eig_grad"] = {
    "a": enc(ga),
    "re_sum": enc(jax.grad(lambda x: jnp.real(jnp.linalg.eigvals(x)).sum())(ga)),
    "im_max": enc(jax.grad(lambda x: jnp.imag(jnp.linalg.eigvals(x)).max())(ga)),
    "abs_w2": enc(jax.grad(lambda x: jnp.abs(jnp.linalg.eigvals(x) ** 2).sum())(eig_inputs["real4"])),
    "vec": enc(
        jax.grad(
            lambda x: jnp.real(jax.lax.linalg.eig(x, compute_left_eigenvectors=False, enable_eigvec_derivs=True)[1]).sum()
        )(ga)
    ),
}

polys = {
    "cubic": np.array([1.0, -6.0, 11.0, -6.0], np.float32),
    "quad_c": np.array([1.0, 0.0, 1.0], np.float32),
    "lead0": np.array([0.0, 0.0, 1.0, -3.0, 2.0], np.float32),
    "trail0": np.array([2.0, -3.0, 1.0, 0.0, 0.0], np.float32),
    "const": np.array([5.0], np.float32),
    "cplx": np.array([1.0, 2j, -1.0 + 1j], np.complex64),
}
out["roots"] = {k: {"p": enc(p), "r": enc(jnp.roots(p))} for k, p in polys.items()}
out["roots_nostrip"] = {
    k: {"p": enc(p), "r": enc(jnp.roots(p, strip_zeros=False))} for k, p in polys.items() if k in ("cubic", "lead0", "cplx")
}

A = cmat(3, 3) + 3 * np.eye(3, dtype=np.complex64)
B = cmat(3, 2)
bv = cmat(3)
AB = cmat(2, 3, 3)
H = cmat(3, 3)
H = (H @ H.conj().T + 3 * np.eye(3)).astype(np.complex64)
M = cmat(4, 3)
LB = cmat(4, 2)
out["solvers"] = {
    "A": enc(A),
    "B": enc(B),
    "bv": enc(bv),
    "AB": enc(AB),
    "H": enc(H),
    "M": enc(M),
    "solve": enc(jnp.linalg.solve(A, B)),
    "solve_vec": enc(jnp.linalg.solve(A, bv)),
    "inv": enc(jnp.linalg.inv(A)),
    "inv_batch": enc(jnp.linalg.inv(AB)),
    "det": enc(jnp.linalg.det(A)),
    "det_batch": enc(jnp.linalg.det(AB)),
    "det2": enc(jnp.linalg.det(A[:2, :2])),
    "slogdet_sign": enc(jnp.linalg.slogdet(A)[0]),
    "slogdet_log": enc(jnp.linalg.slogdet(A)[1]),
    "cholesky": enc(jnp.linalg.cholesky(H)),
    "eigh_w": enc(jnp.linalg.eigh(H)[0]),
    "eigh_v": enc(jnp.linalg.eigh(H)[1]),
    "eigvalsh": enc(jnp.linalg.eigvalsh(H)),
    "svd_s": enc(jnp.linalg.svd(M, compute_uv=False)),
    "pinv": enc(jnp.linalg.pinv(M)),
    "lstsq": enc(jnp.linalg.lstsq(M, LB)[0]),
    "lstsq_b": enc(LB),
    "lstsq_resid": enc(jnp.linalg.lstsq(M, LB)[1]),
    "norm_nuc": enc(jnp.linalg.norm(A, "nuc")),
    "norm_1": enc(jnp.linalg.norm(A, 1)),
    "norm_v3": enc(jnp.linalg.norm(bv, 3)),
    "cond": enc(jnp.linalg.cond(A)),
    "grad_pinv": enc(jax.grad(lambda a: jnp.abs(jnp.linalg.pinv(a)).sum())(M)),
    "norm_fro": enc(jnp.linalg.norm(A)),
    "norm_2": enc(jnp.linalg.norm(A, 2)),
    "grad_det_abs": enc(jax.grad(lambda a: jnp.abs(jnp.linalg.det(a)))(A)),
    "grad_eigvalsh": enc(jax.grad(lambda a: (jnp.linalg.eigvalsh(a) * jnp.array([1.0, 2.0, 3.0])).sum())(H)),
    "grad_chol": enc(jax.grad(lambda a: jnp.abs(jnp.linalg.cholesky(a)).sum())(H)),
    "grad_eigh_v": enc(jax.grad(lambda a: jnp.abs(jnp.linalg.eigh(a)[1][0, :]).sum())(H)),
    "grad_svdvals": enc(jax.grad(lambda a: jnp.linalg.svd(a, compute_uv=False).sum())(M)),
    "grad_svd_u": enc(jax.grad(lambda a: jnp.abs(jnp.linalg.svd(a, full_matrices=False)[0]).sum())(M)),
    "lax_lu": enc(jax.lax.linalg.lu(A)[0]),
    "lax_lu_perm": enc(jax.lax.linalg.lu(A)[2]),
    "lax_tri": enc(jax.lax.linalg.triangular_solve(A, B, left_side=True, lower=True, transpose_a=True, conjugate_a=True)),
    "lax_tri_right": enc(jax.lax.linalg.triangular_solve(A, B.T, left_side=False, lower=False)),
    "grad_tri": enc(jax.grad(lambda a: jnp.abs(jax.lax.linalg.triangular_solve(a, B, left_side=True, lower=True, conjugate_a=True)).sum())(A)),
    "grad_solve": enc(jax.grad(lambda a: jnp.real(jnp.linalg.solve(a, B)).sum())(A)),
}
from jax.scipy import linalg as jsl, signal as jss

x1 = rmat(7)
y1 = rmat(3)
x2 = rmat(5, 6)
y2 = rmat(3, 2)
xc = cmat(6)
yc = cmat(4)
xb = rmat(3, 8)
yb = rmat(3, 4)
sig = {"x1": enc(x1), "y1": enc(y1), "x2": enc(x2), "y2": enc(y2), "xc": enc(xc), "yc": enc(yc), "xb": enc(xb), "yb": enc(yb)}
for mode in ("full", "same", "valid"):
    sig[f"fft1_{mode}"] = enc(jss.fftconvolve(x1, y1, mode=mode))
    sig[f"fft1s_{mode}"] = enc(jss.fftconvolve(y1, x1, mode=mode))
    sig[f"fft2_{mode}"] = enc(jss.fftconvolve(x2, y2, mode=mode))
    sig[f"fftc_{mode}"] = enc(jss.fftconvolve(xc, yc, mode=mode))
    sig[f"conv_fft_{mode}"] = enc(jss.convolve(x1, y1, mode=mode, method="fft"))
    sig[f"corr_fft_{mode}"] = enc(jss.correlate(x1, y1, mode=mode, method="fft"))
sig["fft_axes"] = enc(jss.fftconvolve(xb, yb, axes=1))
sig["grad_fft"] = enc(jax.grad(lambda a: (jss.fftconvolve(a, y1, mode="same") ** 2).sum())(x1))
out["signal"] = sig
out["dft"] = {"d4": enc(jsl.dft(4)), "d5_sqrtn": enc(jsl.dft(5, scale="sqrtn")), "d3_n": enc(jsl.dft(3, scale="n"))}

r3 = np.array([[1, 2, 3, 4], [2, 4, 6, 8], [0, 1, 0, 1], [1, 0, 2, 3]], np.float32)  # rank 3
r2 = np.array([[1, 2, 3, 4], [2, 4, 6, 8], [3, 6, 9, 12], [1, 0, 2, 3]], np.float32)  # rank 2
full4 = rmat(4, 4)
b5 = rmat(2, 5, 5)
c4 = cmat(4, 4)
out["det"] = {
    "r3": enc(r3), "r2": enc(r2), "full4": enc(full4), "b5": enc(b5), "c4": enc(c4),
    "g_r3": enc(jax.grad(jnp.linalg.det)(r3)),
    "g_r2": enc(jax.grad(jnp.linalg.det)(r2)),
    "g_full4": enc(jax.grad(jnp.linalg.det)(full4)),
    "g_b5": enc(jax.grad(lambda a: jnp.linalg.det(a).sum())(b5)),
    "g_c4": enc(jax.grad(lambda a: jnp.abs(jnp.linalg.det(a)))(c4)),
    "d_full4": enc(jnp.linalg.det(full4)),
    "h_r3": enc(jax.hessian(jnp.linalg.det)(r3)),
}

qt = cmat(4, 3)
qw = cmat(2, 4)
out["qr"] = {
    "tall": enc(qt), "wide": enc(qw),
    "tall_q": enc(jnp.linalg.qr(qt)[0]), "tall_r": enc(jnp.linalg.qr(qt)[1]),
    "tall_cq": enc(jnp.linalg.qr(qt, mode="complete")[0]), "tall_cr": enc(jnp.linalg.qr(qt, mode="complete")[1]),
    "wide_q": enc(jnp.linalg.qr(qw)[0]), "wide_r": enc(jnp.linalg.qr(qw)[1]),
    "g_tall": enc(jax.grad(lambda a: jnp.abs(jnp.linalg.qr(a)[0]).sum() + jnp.real(jnp.linalg.qr(a)[1]).sum())(qt)),
    "g_wide": enc(jax.grad(lambda a: jnp.abs(jnp.linalg.qr(a)[0]).sum() + jnp.imag(jnp.linalg.qr(a)[1]).sum())(qw)),
}

out["schur"] = {}
for k in ("real3", "real4", "cplx3"):
    a = eig_inputs[k]
    t, z = jsl.schur(a, output="complex")
    out["schur"][k] = {"a": enc(a), "t": enc(t), "z": enc(z)}

spd = np.array([[4, 1, 0], [1, 3, 1], [0, 1, 2]], np.float32)
out["sqrtm"] = {
    "spd": enc(spd), "spd_r": enc(jsl.sqrtm(spd)),
    "real3": enc(eig_inputs["real3"]), "real3_r": enc(jsl.sqrtm(eig_inputs["real3"])),
    "cplx3": enc(eig_inputs["cplx3"]), "cplx3_r": enc(jsl.sqrtm(eig_inputs["cplx3"])),
}

f2 = np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)
out["funm"] = {
    "a2": enc(f2), "a2_sin2cos": enc(jsl.funm(f2, lambda x: jnp.sin(x) + 2 * jnp.cos(x))),
    "real3": enc(eig_inputs["real3"]), "real3_exp": enc(jsl.funm(eig_inputs["real3"], jnp.exp)),
    "cplx3": enc(eig_inputs["cplx3"]), "cplx3_sq": enc(jsl.funm(eig_inputs["cplx3"], lambda x: x * x)),
}

out["rsf2csf"] = {}
for k in ("real3", "real4"):
    t, z = jsl.schur(eig_inputs[k])
    tc, zc = jsl.rsf2csf(t, z)
    out["rsf2csf"][k] = {"t": enc(t), "z": enc(z), "tc": enc(tc), "zc": enc(zc)}

path = os.path.join(os.path.dirname(__file__), "..", "test", "goldens", "complex_linalg.json")
with open(path, "w") as f:
    json.dump(out, f, allow_nan=False)
print("wrote", path)
