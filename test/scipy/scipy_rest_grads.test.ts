// Derivatives (JAX's custom rules against finite differences), vmap against a
// loop, and wasm jit against the js reference for the issue-16 scipy names.
import assert from "node:assert/strict";
import { test } from "node:test";
import { grad, jnp, lax, scipy, vmap, type NDArray } from "../../src/index.ts";
import { agree, rand } from "../helpers/backends.ts";
import { assertClose, checkGrads } from "../helpers/check_grads.ts";

const S = scipy.special;
const i32 = (xs: number[]) => jnp.array(xs, { dtype: "int32" });

test("wofz: JAX's derivative against finite differences, in both half planes; vmap; backends", () => {
  const re = jnp.array([0.3, -1.2, 2.0, 0.0]);
  const im = jnp.array([0.5, -0.7, -2.0, 1.5]);
  const parts = (x: NDArray, y: NDArray) => {
    const w = S.wofz(lax.complex(x, y));
    return jnp.add(jnp.real(w), jnp.multiply(0.7, jnp.imag(w)));
  };
  checkGrads(parts, [re, im], { rtol: 1e-4, atol: 1e-5 });
  checkGrads((x: NDArray) => jnp.imag(S.erfcx(lax.complex(x, jnp.multiply(0.5, x)))), [re], { rtol: 1e-4, atol: 1e-5 });
  // d Re w(x) / dx on the real axis is -2x Re w(x).
  const g = grad((x: NDArray) => jnp.real(S.wofz(x)))(1.0);
  assertClose(g, jnp.array(-2 * 0.36787944), 1e-5, 1e-5, "grad at 1");
  const z = lax.complex(rand([3, 4], 1), rand([3, 4], 2));
  const loop = jnp.stack([0, 1, 2].map((i) => S.wofz(z.get(i))));
  assertClose(jnp.real(vmap(S.wofz)(z)), jnp.real(loop), 1e-6, 1e-6, "vmap");
  agree("wofz", (a: NDArray, b: NDArray) => jnp.imag(S.wofz(lax.complex(a, b))), [rand([7], 3, 4), rand([7], 4, 4)], 1e-5, 1e-5, true);
});

test("sphHarmY: derivatives in theta and phi, vmap over points, backends, bad input", () => {
  const n = i32([0, 1, 2, 3, 4]);
  const m = i32([0, -1, 2, -3, 1]);
  const f = (t: NDArray, p: NDArray) => {
    const y = S.sphHarmY(n, m, t, p, { nMax: 4 });
    return jnp.add(jnp.real(y), jnp.imag(y));
  };
  checkGrads(f, [jnp.array([0.3, 0.7, 1.3, 2.0, 2.6]), jnp.array([0.2, 1.1, 2.5, 4.0, 5.0])], { rtol: 1e-4, atol: 1e-5 });
  const phis = jnp.array([0.1, 0.9, 2.0]);
  const th = jnp.array([0.4, 0.8, 1.2, 1.6, 2.0]);
  const loop = jnp.stack([0, 1, 2].map((i) => S.sphHarmY(n, m, th, phis.get(i))));
  const mapped = vmap((p: NDArray) => S.sphHarmY(n, m, th, p, { nMax: 4 }))(phis);
  assertClose(jnp.real(mapped), jnp.real(loop), 1e-6, 1e-6, "vmap re");
  assertClose(jnp.imag(mapped), jnp.imag(loop), 1e-6, 1e-6, "vmap im");
  agree("sphHarmY", (t: NDArray) => jnp.real(S.sphHarmY(n, m, t, 0.3, { nMax: 4 })), [th], 1e-5, 1e-5, true);
  assert.throws(() => S.sphHarmY(n, m, th, 0.3, { diffN: 1 }), /diff_n/);
  assert.throws(() => S.sphHarmY(n, m, th, 0.3, { bogus: 1 } as never), /bogus/);
  assert.throws(() => S.sphHarmY(jnp.array(2, { dtype: "int32" }), 0, th, 0.3), /1-D/);
});

test("linalg: fiedlerCompanion derivative; solveSylvester and qrMultiply under vmap against a loop, on both backends", () => {
  const L = scipy.linalg;
  checkGrads((a: NDArray) => L.fiedlerCompanion(a), [jnp.array([1.5, -2.0, 0.7, 3.0, -1.0, 0.4])], { rtol: 1e-4, atol: 1e-5 });
  const As = jnp.add(rand([3, 3, 3], 5), jnp.multiply(4, jnp.eye(3)));
  const B = jnp.add(rand([2, 2], 6), jnp.multiply(3, jnp.eye(2)));
  const Cs = rand([3, 3, 2], 7);
  const loop = jnp.stack([0, 1, 2].map((i) => L.solveSylvester(As.get(i), B, Cs.get(i))));
  assertClose(vmap((a: NDArray, c: NDArray) => L.solveSylvester(a, B, c))(As, Cs), loop, 1e-4, 1e-5, "sylvester vmap");
  // The solution solves the equation.
  const X = L.solveSylvester(As.get(0), B, Cs.get(0), { method: "eigen" });
  assertClose(jnp.add(jnp.matmul(As.get(0), X), jnp.matmul(X, B)), Cs.get(0), 1e-4, 1e-4, "A X + X B = C");
  agree("solveSylvester", (a: NDArray, c: NDArray) => L.solveSylvester(a, B, c), [As.get(1), Cs.get(1)], 1e-4, 1e-4);
  const a = rand([3, 4, 3], 8);
  const c = rand([3, 2, 4], 9);
  const pieces = [0, 1, 2].map((i) => L.qrMultiply(a.get(i), c.get(i), { pivoting: true }));
  const mapped = vmap((x: NDArray, y: NDArray) => L.qrMultiply(x, y, { pivoting: true }))(a, c) as unknown as NDArray[];
  for (const k of [0, 1, 2]) assertClose(mapped[k], jnp.stack(pieces.map((p) => p[k])), 1e-5, 1e-5, `qrMultiply vmap output ${k}`);
  agree(
    "qrMultiply pivoting",
    (x: NDArray, y: NDArray) => L.qrMultiply(x, y, { mode: "left", pivoting: true }),
    [a.get(0), rand([3, 2], 10)],
    1e-5,
    1e-5,
    true,
  );
  assert.throws(() => L.qrMultiply(a.get(0), c.get(0), { bogus: true } as never), /bogus/);
  assert.throws(() => L.solveSylvester(As.get(0), B, Cs.get(0), { method: "lu" as "schur" }), /Unrecognized method lu/);
});

test("signal: stft/istft/welch/csd derivatives against finite differences, vmap against a loop, both backends", () => {
  const Sg = scipy.signal;
  const x = rand([24], 11);
  const y = rand([24], 12);
  const parts = (z: NDArray) => jnp.add(jnp.real(z), jnp.multiply(0.3, jnp.imag(z)));
  checkGrads((a: NDArray) => parts(Sg.stft(a, { nperseg: 8, detrend: "linear" })[2]), [x], { rtol: 1e-4, atol: 1e-5 });
  checkGrads((a: NDArray) => Sg.welch(a, { nperseg: 8, window: ["tukey", 0.4] })[1], [x], { rtol: 1e-4, atol: 1e-5 });
  checkGrads((a: NDArray, b: NDArray) => parts(Sg.csd(a, b, { nperseg: 8, average: "median" })[1]), [x, y], { rtol: 1e-4, atol: 1e-5 });
  const Z = Sg.stft(x, { nperseg: 8 })[2];
  checkGrads((re: NDArray, im: NDArray) => Sg.istft(lax.complex(re, im))[1], [jnp.real(Z), jnp.imag(Z)], { rtol: 1e-4, atol: 1e-5 });
  // istft inverts stft.
  assertClose(Sg.istft(Z)[1], x, 1e-5, 1e-5, "istft(stft(x))");
  const xs = rand([3, 24], 13);
  const loop = jnp.stack([0, 1, 2].map((i) => Sg.welch(xs.get(i), { nperseg: 8 })[1]));
  assertClose(vmap((a: NDArray) => Sg.welch(a, { nperseg: 8 })[1])(xs), loop, 1e-6, 1e-6, "welch vmap");
  assertClose(Sg.welch(xs, { nperseg: 8 })[1], loop, 1e-6, 1e-6, "welch batched");
  const sLoop = jnp.stack([0, 1, 2].map((i) => parts(Sg.stft(xs.get(i), { nperseg: 6, boundary: "odd" })[2])));
  assertClose(vmap((a: NDArray) => parts(Sg.stft(a, { nperseg: 6, boundary: "odd" })[2]))(xs), sLoop, 1e-6, 1e-6, "stft vmap");
  agree("stft", (a: NDArray) => parts(Sg.stft(a, { nperseg: 8, boundary: "even" })[2]), [x], 1e-5, 1e-5, true);
  agree("csd", (a: NDArray, b: NDArray) => parts(Sg.csd(a, b, { nperseg: 8 })[1]), [x, y], 1e-5, 1e-5, true);
  agree("istft", (re: NDArray, im: NDArray) => Sg.istft(lax.complex(re, im))[1], [jnp.real(Z), jnp.imag(Z)], 1e-5, 1e-5, true);
  assert.throws(() => Sg.stft(x, { nperseg: 8, bogus: 1 } as never), /bogus/);
  assert.throws(() => Sg.welch(x, { detrend: true as never }), /Unsupported detrend type: true/);
});

test("welch with a callable detrend: JAX moves `axis` of the segments last before calling it", () => {
  const x = jnp.sin(jnp.multiply(jnp.arange(24), 0.7));
  const demean = (d: NDArray) => jnp.subtract(d, jnp.mean(d, -1, { keepdims: true }));
  const ramp = (d: NDArray) => jnp.multiply(d, jnp.arange(d.shape[d.ndim - 1]));
  // From JAX 0.10.2: welch(x, nperseg=8, detrend=lambda d: ...)[1].
  assertClose(
    scipy.signal.welch(x, { nperseg: 8, detrend: demean })[1],
    jnp.array([1.1256849, 2.6109445, 0.45791456, 5.2291976e-4, 3.0748201e-5]),
    1e-4,
    1e-6,
    "demean",
  );
  assertClose(
    scipy.signal.welch(x, { nperseg: 8, detrend: ramp })[1],
    jnp.array([9.9880419, 16.341043, 2.764693, 3.1139725e-3, 2.7282821e-4]),
    1e-4,
    1e-6,
    "ramp",
  );
});
