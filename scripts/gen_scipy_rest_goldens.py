"""Golden outputs of the jax.scipy names of issue 16 (special.wofz/sph_harm_y,
signal.stft/istft/welch/csd, linalg.solve_sylvester/qr_multiply/fiedler_companion)
for test/scipy/scipy_rest.test.ts.

Run: JAX_PLATFORMS=cpu /work/jaxvenv/bin/python scripts/gen_scipy_rest_goldens.py
Writes test/goldens/scipy_rest.json: {cases: [{mod, fn, args, kw, expect}]}.
`args` are positional, `kw` the trailing options by jaxts (camelCase) names;
arrays are {"array": {shape, dtype, data | re + im}}, JS numbers plain (weak).
`expect` is {shape, dtype, weak, data | re + im}, a list of those for tuple
results, or {"error": true, "message"}.
"""
import json, math, re, warnings
import numpy as np
import jax, jax.numpy as jnp
import jax.scipy as jsp

warnings.simplefilter("ignore")
rng = np.random.default_rng(16)


def enc_val(v):
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    f = float(v)
    if math.isnan(f):
        return "nan"
    if math.isinf(f):
        return "inf" if f > 0 else "-inf"
    return int(v) if isinstance(v, (int, np.integer)) else f


def enc_data(a):
    a = np.asarray(a)
    if np.iscomplexobj(a):
        return {"re": [enc_val(v) for v in a.real.ravel()], "im": [enc_val(v) for v in a.imag.ravel()]}
    return {"data": [enc_val(v) for v in a.ravel()]}


def arr(a, dtype=None):
    a = np.asarray(a, dtype=dtype)
    return {"array": {"shape": list(a.shape), "dtype": str(a.dtype), **enc_data(a)}}


def dec(v):
    return float("nan") if v == "nan" else float("inf") if v == "inf" else float("-inf") if v == "-inf" else v


def to_jax(x):
    if isinstance(x, dict) and "array" in x:
        a = x["array"]
        if "re" in a:
            v = np.array([dec(r) for r in a["re"]]) + 1j * np.array([dec(i) for i in a["im"]])
        else:
            v = np.array([dec(r) for r in a["data"]])
        return jnp.asarray(v.astype(a["dtype"]).reshape(a["shape"]))
    if isinstance(x, list):
        # A JS array whose first item is a string is a window tuple.
        return tuple(to_jax(v) for v in x) if x and isinstance(x[0], str) else [to_jax(v) for v in x]
    return x


def snake(name):
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), name)


def enc_out(r):
    if isinstance(r, (tuple, list)):
        return [enc_out(v) for v in r]
    r = jnp.asarray(r)
    return {"shape": list(r.shape), "dtype": str(r.dtype), "weak": bool(getattr(r, "weak_type", False)), **enc_data(r)}


JAX_NAME = {"sphHarmY": "sph_harm_y"}
cases = []
X64 = False


def case(mod, fn, *args, **kw):
    f = getattr(getattr(jsp, mod), JAX_NAME.get(fn, snake(fn)))
    try:
        expect = enc_out(f(*[to_jax(a) for a in args], **{snake(k): to_jax(v) for k, v in kw.items()}))
    except Exception as e:  # noqa: BLE001
        expect = {"error": True, "message": f"{type(e).__name__}: {e}"}
    cases.append({"mod": mod, "fn": fn, "args": args, "kw": kw, "expect": expect, "x64": X64})


def cplx(*shape):
    return (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(np.complex64)


def real(*shape):
    return rng.standard_normal(shape).astype(np.float32)


# --- special.wofz -----------------------------------------------------------
zs = np.array([0, 1, -1, 2j, -2j, 1 + 1j, -1 - 1j, 3 - 0.5j, -4 + 2j, 0.1 + 6j, 6 + 0.1j, 1e-3j, -0.5 + 0j], np.complex64)
case("special", "wofz", arr(zs))
case("special", "wofz", arr(zs.astype(np.complex128)))
case("special", "wofz", arr(cplx(2, 3) * 3))
case("special", "wofz", arr([0.0, 0.5, -2.0, 5.0, 30.0], np.float32))
case("special", "wofz", arr([1, 2, -3], np.int32))
case("special", "wofz", arr(np.array([np.inf, -np.inf, np.nan, 1e3, -1e4, 1e3j, 1e-20], np.complex64)))
case("special", "wofz", 1.5)
case("special", "wofz", 2)
case("special", "erfcx", arr(np.array([1 + 1j, -0.5 + 2j, 3 - 1j, 0j], np.complex64)))

# --- special.sph_harm_y -----------------------------------------------------
n5 = np.array([0, 1, 2, 3, 4], np.int32)
m5 = np.array([0, -1, 2, -3, 1], np.int32)
th5 = np.array([0.1, 0.7, 1.3, 2.0, 2.9], np.float32)
ph5 = np.array([0.2, 1.1, 2.5, 4.0, 6.0], np.float32)
case("special", "sphHarmY", arr(n5), arr(m5), arr(th5), arr(ph5))
case("special", "sphHarmY", arr(n5), arr(m5), arr(th5), arr(ph5), nMax=2)
case("special", "sphHarmY", arr(n5), arr(m5), 0.4, 0.3)
case("special", "sphHarmY", arr([6, 6, 5], np.int32), arr([6, -4, 0], np.int32), arr([0.5, 1.0, 2.0], np.float32), 1.2)
case("special", "sphHarmY", arr([3], np.int32), arr([-2], np.int32), arr([0.3, 0.5], np.float32), 0.2)
case("special", "sphHarmY", arr([1, 2], np.int32), arr([0, 1], np.int32), 0.3, 0.2, diffN=0)

# --- signal.stft / istft / welch / csd -------------------------------------
sig = real(40)
sig2 = real(3, 40)
case("signal", "stft", arr(sig))
case("signal", "stft", arr(sig), nperseg=8)
case("signal", "stft", arr(sig), nperseg=8, noverlap=6, nfft=12, fs=10.0)
case("signal", "stft", arr(sig), nperseg=7, noverlap=2, detrend="constant")
case("signal", "stft", arr(sig), nperseg=8, detrend="linear", returnOnesided=False)
for b in ["even", "odd", "constant", None]:
    case("signal", "stft", arr(sig), nperseg=8, boundary=b)
case("signal", "stft", arr(sig), nperseg=8, padded=False, boundary=None)
case("signal", "stft", arr(sig2.T), nperseg=8, axis=0)
case("signal", "stft", arr(sig2), nperseg=8)
case("signal", "stft", arr(cplx(30)), nperseg=8)
case("signal", "stft", arr(np.arange(20, dtype=np.int32)), nperseg=6)
for w in ["hamming", "blackman", ["tukey", 0.3], ["kaiser", 6.0], "boxcar", "triang", "bartlett", "flattop", "parzen",
          "bohman", "nuttall", "blackmanharris", "barthann", "cosine", ["gaussian", 2.0], ["general_gaussian", 1.5, 3.0],
          "lanczos", ["general_hamming", 0.6], ["hann"], "hamm", ["tukey", 1.0], ["tukey", 0.0], "exponential",
          ["general_cosine", [0.5, 0.3, 0.2]]]:
    case("signal", "stft", arr(sig), nperseg=9, window=w)
for w in ["taylor", ["taylor", 5, 40], ["taylor", 3, 25, False], ["chebwin", 60], ["cheb", 50], "hann_symmetric",
          "hamming_periodic", ["kaiser_bessel_derived_symmetric", 4.0], ["exponential", None, 2.0],
          ["exponential", 3, 1.5], ["general cosine", [0.6, 0.4]], ["tuk"], ["kbd", 4.0], ["boxcar", 1],
          ["exponential_symmetric", 3, 1.0], "kbd"]:
    for n in (8, 9):
        case("signal", "stft", arr(sig), nperseg=n, window=w)
case("signal", "stft", arr(sig), window=arr(np.linspace(0.1, 1, 10, dtype=np.float32)))
case("signal", "stft", arr(sig), window=arr(np.linspace(0.1, 1, 10, dtype=np.float32)), nperseg=10, noverlap=3)
case("signal", "stft", arr(sig), nperseg=8, boundary="wrap")
case("signal", "stft", arr(sig), nperseg=0)
case("signal", "stft", arr(sig), nperseg=8, noverlap=8)
case("signal", "stft", arr(sig), nperseg=8, nfft=4)
case("signal", "stft", arr(sig), window=arr(np.ones((2, 4), np.float32)))
case("signal", "stft", arr(sig), window=arr(np.ones(6, np.float32)), nperseg=8)
case("signal", "stft", arr(sig[:4]), window=arr(np.ones(6, np.float32)))
case("signal", "stft", arr(sig), nperseg=8, window="kaiser")
case("signal", "stft", arr(sig), nperseg=8, window="nosuchwindow")

sigl = real(64)
case("signal", "welch", arr(sigl))
case("signal", "welch", arr(sigl), nperseg=16)
case("signal", "welch", arr(sigl), nperseg=16, scaling="spectrum", fs=100.0)
case("signal", "welch", arr(sigl), nperseg=16, average="median")
case("signal", "welch", arr(sigl), nperseg=15, noverlap=5, nfft=21, detrend="linear")
case("signal", "welch", arr(sigl), nperseg=16, detrend=False, returnOnesided=False)
case("signal", "welch", arr(real(64, 2)), nperseg=16, axis=0)
case("signal", "welch", arr(real(2, 3, 64)), nperseg=16, window="hamming")
case("signal", "welch", arr(cplx(64)), nperseg=16)
case("signal", "welch", arr(sigl), nperseg=16, scaling="power")
case("signal", "welch", arr(sigl), nperseg=16, average="max")
case("signal", "welch", arr(np.zeros((0,), np.float32)))

y64 = real(64)
case("signal", "csd", arr(sigl), arr(y64), nperseg=16)
case("signal", "csd", arr(sigl), None, nperseg=16)
case("signal", "csd", arr(sigl), arr(y64), nperseg=16, average="median")
case("signal", "csd", arr(sigl), arr(real(50)), nperseg=16, scaling="spectrum")
case("signal", "csd", arr(real(50)), arr(y64), nperseg=16)
case("signal", "csd", arr(real(2, 64)), arr(real(1, 64)), nperseg=16, detrend="linear")
case("signal", "csd", arr(cplx(64)), arr(y64), nperseg=16)
case("signal", "csd", arr(sigl), arr(y64), nperseg=64)
case("signal", "csd", arr(real(2, 64)), arr(y64), nperseg=16)
case("signal", "csd", arr(real(2, 64)), arr(real(3, 64)), nperseg=16)

_, _, Z1 = jsp.signal.stft(jnp.asarray(sig), nperseg=8)
_, _, Z2 = jsp.signal.stft(jnp.asarray(sig), nperseg=9, noverlap=5, window="hamming")
_, _, Z3 = jsp.signal.stft(jnp.asarray(cplx(32)), nperseg=8, return_onesided=False)
_, _, Z4 = jsp.signal.stft(jnp.asarray(sig2), nperseg=8)
case("signal", "istft", arr(Z1))
case("signal", "istft", arr(Z1), nperseg=8, noverlap=4, fs=2.0)
case("signal", "istft", arr(Z2), nperseg=9, noverlap=5, nfft=9, window="hamming")
case("signal", "istft", arr(Z1), nfft=8, boundary=False)
case("signal", "istft", arr(Z3), inputOnesided=False)
case("signal", "istft", arr(Z4))
case("signal", "istft", arr(np.swapaxes(np.asarray(Z4), 1, 2)), timeAxis=1, freqAxis=2)
case("signal", "istft", arr(np.moveaxis(np.asarray(Z4), 0, 2)), timeAxis=1, freqAxis=0)
case("signal", "istft", arr(Z1), window=arr(np.hanning(8).astype(np.float32)))
case("signal", "istft", arr(Z1), window=["tukey", 0.5])
case("signal", "istft", arr(np.asarray(Z1)[0]))
case("signal", "istft", arr(Z1), timeAxis=0, freqAxis=0)
case("signal", "istft", arr(Z1), nfft=6)
case("signal", "istft", arr(Z1), noverlap=9)
case("signal", "istft", arr(Z1), window=arr(np.ones(5, np.float32)))

# --- linalg.solve_sylvester ------------------------------------------------
A3, B2, C32 = real(3, 3) + 3 * np.eye(3, dtype=np.float32), real(2, 2) + 2 * np.eye(2, dtype=np.float32), real(3, 2)
case("linalg", "solveSylvester", arr([[1, 2], [3, 4]], np.float32), arr([[5, 6], [7, 8]], np.float32), arr([[6, 8], [10, 12]], np.float32))
case("linalg", "solveSylvester", arr(A3), arr(B2), arr(C32))
case("linalg", "solveSylvester", arr(A3), arr(B2), arr(C32), method="eigen")
case("linalg", "solveSylvester", arr(cplx(3, 3) + 3 * np.eye(3, dtype=np.float32)), arr(B2), arr(cplx(3, 2)))
case("linalg", "solveSylvester", arr(A3), arr(B2), arr(cplx(3, 2)), method="eigen")
case("linalg", "solveSylvester", arr(real(2, 3, 3) + 3 * np.eye(3, dtype=np.float32)), arr(B2), arr(C32))
case("linalg", "solveSylvester", arr(np.eye(2, dtype=np.float32)), arr(-np.eye(2, dtype=np.float32)), arr(real(2, 2)))
case("linalg", "solveSylvester", arr(np.eye(2, dtype=np.float32)), arr(-0.5 * np.eye(2, dtype=np.float32)), arr(real(2, 2)), tol=0.6)
case("linalg", "solveSylvester", arr([[2, 1], [0, 3]], np.int32), arr([[1]], np.int32), arr([[1], [2]], np.int32))
case("linalg", "solveSylvester", arr(A3), arr(B2), arr(real(2, 3)))
case("linalg", "solveSylvester", arr(A3), arr(B2), arr(C32), method="lu")

# --- linalg.qr_multiply -----------------------------------------------------
a42, a24, a33 = real(4, 2), real(2, 4), real(3, 3)
case("linalg", "qrMultiply", arr(a42), arr(real(3, 4)))
case("linalg", "qrMultiply", arr(a42), arr(real(2, 5)), mode="left")
case("linalg", "qrMultiply", arr(a24), arr(real(3, 2)))
case("linalg", "qrMultiply", arr(a24), arr(real(2, 3)), mode="left")
case("linalg", "qrMultiply", arr(a42), arr(real(4)))
case("linalg", "qrMultiply", arr(a42), arr(real(2)), mode="left")
case("linalg", "qrMultiply", arr(a33), arr(real(3, 3)), pivoting=True)
case("linalg", "qrMultiply", arr(a42), arr(real(2, 3)), mode="left", pivoting=True)
case("linalg", "qrMultiply", arr(a24), arr(real(3, 2)), pivoting=True)
case("linalg", "qrMultiply", arr(cplx(3, 2)), arr(cplx(2, 3)), mode="left", conjugate=True)
case("linalg", "qrMultiply", arr(cplx(3, 3)), arr(cplx(2, 3)), conjugate=True)
case("linalg", "qrMultiply", arr(cplx(3, 3)), arr(cplx(2, 3)), pivoting=True)
case("linalg", "qrMultiply", arr(real(2, 3, 2)), arr(real(4, 3)))
case("linalg", "qrMultiply", arr(real(2, 4, 3)), arr(real(3, 2)), mode="left", pivoting=True)
case("linalg", "qrMultiply", arr([[1, 2], [3, 4], [5, 7]], np.int32), arr([1, 0, 2], np.int32))
case("linalg", "qrMultiply", arr(a42), arr(real(3, 3)))
case("linalg", "qrMultiply", arr(a42), arr(real(3, 3)), mode="left")
case("linalg", "qrMultiply", arr(a42), arr(real(3, 4)), mode="up")

# --- linalg.fiedler_companion ----------------------------------------------
case("linalg", "fiedlerCompanion", arr([1.0, -16.0, 86.0, -176.0, 105.0], np.float32))
case("linalg", "fiedlerCompanion", arr(real(7)))
case("linalg", "fiedlerCompanion", arr(real(6)))
case("linalg", "fiedlerCompanion", arr(real(2, 5)))
case("linalg", "fiedlerCompanion", arr([2, 3], np.int32))
case("linalg", "fiedlerCompanion", arr([2, 3, 4], np.int32))
case("linalg", "fiedlerCompanion", arr([2.0], np.float32))
case("linalg", "fiedlerCompanion", arr(cplx(4)))
case("linalg", "fiedlerCompanion", arr(np.zeros((2, 0), np.float32)))


# --- a few cases in x64 (float64 / complex128 by default) --------------------
jax.config.update("jax_enable_x64", True)
X64 = True
case("special", "wofz", arr(zs.astype(np.complex128)))
case("special", "wofz", arr([0.5, -2.0, 7.0], np.float64))
case("special", "wofz", 1.5)
case("special", "sphHarmY", arr(n5), arr(m5), arr(th5.astype(np.float64)), arr(ph5.astype(np.float64)))
case("signal", "stft", arr(sig.astype(np.float64)), nperseg=8)
case("signal", "welch", arr(sigl.astype(np.float64)), nperseg=16, window=["kaiser", 5.0])
case("signal", "csd", arr(sigl.astype(np.float64)), arr(y64.astype(np.float64)), nperseg=16)
case("signal", "istft", arr(np.asarray(Z1).astype(np.complex128)))
case("signal", "stft", arr(np.arange(20, dtype=np.int32)), nperseg=6)
case("linalg", "solveSylvester", arr(A3.astype(np.float64)), arr(B2.astype(np.float64)), arr(C32.astype(np.float64)))
case("linalg", "qrMultiply", arr(a42.astype(np.float64)), arr(real(2, 3).astype(np.float64)), mode="left", pivoting=True)
case("linalg", "fiedlerCompanion", arr([2, 3, 4, 5], np.int32))

with open("test/goldens/scipy_rest.json", "w") as fh:
    json.dump({"cases": cases}, fh)
print(len(cases), "cases")
