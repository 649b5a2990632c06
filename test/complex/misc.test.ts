// Complex values through indexing, reductions, x64, jaxpr printing and errors.
import assert from "node:assert/strict";
import { test } from "node:test";
import { config, defaultBackend, grad, jit, jnp, jvp, lax, makeJaxpr, type NDArray, vmap } from "../../src/index.ts";

const z = () =>
  jnp.array([
    { re: 1, im: 2 },
    { re: 3, im: -1 },
    { re: 0, im: 0.5 },
  ]);

test("indexing reads and writes both parts", () => {
  const x = z();
  assert.deepEqual(x.get(1).item(), { re: 3, im: -1 });
  assert.deepEqual((x.at(1).set({ re: 9, im: 8 }).toArray() as unknown[])[1], { re: 9, im: 8 });
  assert.deepEqual((jnp.flip(x).toArray() as unknown[])[0], { re: 0, im: 0.5 });
  assert.deepEqual((jnp.where(jnp.array([true, false, true]), x, 0).toArray() as unknown[])[1], { re: 0, im: 0 });
  assert.equal(String(jnp.cumsum(x)), "[1.+2.j  4.+1.j  4.+1.5j]");
});

test("var and std of complex are real, as JAX's", () => {
  const v = jnp.var(z());
  assert.equal(v.dtype, "float32");
  assert.ok(Math.abs(v.item() - 3.0555556) < 1e-6);
  assert.ok(Math.abs(jnp.std(z()).item() - 1.7480148) < 1e-6);
});

test("jaxprs print complex literals and fft params as JAX", () => {
  const j = String(makeJaxpr((x: NDArray) => jnp.multiply(x, { re: 1, im: 2 }))(z()));
  assert.match(j, /\(1\+2j\):c64\[\]/);
  assert.match(String(makeJaxpr((x: NDArray) => lax.fft(x, "RFFT", [3]))(jnp.ones([3]))), /fft\[fft_lengths=\(3,\) fft_type=2\]/);
});

test("errors as JAX's", () => {
  assert.throws(() => jnp.less(z(), z()), /does not accept dtype complex64/);
  assert.throws(() => grad((x: NDArray) => jnp.sum(x))(z()), /grad requires real-valued outputs.*holomorphic=True/);
  assert.throws(() => grad((x: NDArray) => jnp.sum(jnp.abs(x)), { holomorphic: true })(z()), /requires outputs with complex dtype/);
  assert.throws(() => grad((x: NDArray) => jnp.sum(x), { holomorphic: true })(jnp.ones([2])), /requires inputs with complex dtype/);
  assert.throws(() => lax.complex(jnp.ones([2], "int32"), jnp.ones([2], "int32")), /complex does not accept dtype int32/);
});

test("complex128 under x64", () => {
  config.update("enableX64", true);
  try {
    const w = jnp.array([{ re: 1, im: 2 }], "complex128");
    assert.equal(w.dtype, "complex128");
    assert.equal(jnp.add(w, jnp.ones([1], "float64")).dtype, "complex128");
    assert.equal(jnp.add(jnp.ones([1], "complex64"), jnp.ones([1], "float64")).dtype, "complex128");
    const e = jit((a: NDArray) => jnp.exp(a))(w).item<{ re: number; im: number }>();
    assert.ok(Math.abs(e.re - -1.1312043837568135) < 1e-14 && Math.abs(e.im - 2.4717266720048188) < 1e-14);
    const f = jnp.fft.fft(jnp.array([1, 2, 3], "float64"));
    assert.equal(f.dtype, "complex128");
    assert.equal(String(jnp.abs(w).dtype), "float64");
  } finally {
    config.update("enableX64", false);
  }
});

test("control flow with complex carries (eager, jit, grad)", () => {
  const step = (c: NDArray, x: NDArray): [NDArray, NDArray] => {
    const n = jnp.add(jnp.multiply(c, x), { re: 0, im: 0.5 });
    return [n, jnp.real(n)];
  };
  const run = (z0: NDArray) => lax.scan(step, z0, z()) as [NDArray, NDArray];
  const [c, ys] = run(jnp.array({ re: 1, im: 0 }));
  const [cj, ysj] = jit(run)(jnp.array({ re: 1, im: 0 }));
  // The same recurrence in plain JS.
  let re = 1;
  let im = 0;
  for (const [a, b] of [
    [1, 2],
    [3, -1],
    [0, 0.5],
  ]) {
    [re, im] = [re * a - im * b, re * b + im * a + 0.5];
  }
  for (const got of [c, cj]) {
    const v = got.item<{ re: number; im: number }>();
    assert.ok(Math.abs(v.re - re) < 1e-5 && Math.abs(v.im - im) < 1e-5, `${v.re},${v.im} vs ${re},${im}`);
  }
  assert.deepEqual(Array.from(ys.dataSync() as Float32Array), Array.from(ysj.dataSync() as Float32Array));
  // JAX: grad(lambda w: sum(scan(step, w, z)[1]))(1+0j) = (3.5+9.5j)
  const gf = (w: NDArray) => jnp.sum(run(w)[1]);
  for (const g of [grad(gf)(jnp.array({ re: 1, im: 0 })), jit(grad(gf))(jnp.array({ re: 1, im: 0 }))]) {
    const v = g.item<{ re: number; im: number }>();
    assert.ok(Math.abs(v.re - 3.5) < 1e-5 && Math.abs(v.im - 9.5) < 1e-5, `grad through scan: ${v.re}, ${v.im}`);
  }
  // Under jit the scan body is rewritten on real parts too: one compiled loop (wasm).
  if (defaultBackend() === "wasm")
    assert.match(
      jit(run)
        .lower(jnp.array({ re: 1, im: 0 }))
        .compile()
        .asText(),
      /scan loop/,
    );
  const viaCond = jit((w: NDArray) =>
    lax.cond(
      jnp.real(w).gt(0),
      (u: NDArray) => u.mul(2),
      (u: NDArray) => u,
      w,
    ),
  );
  assert.deepEqual(viaCond(jnp.array({ re: 1, im: 3 })).item(), { re: 2, im: 6 });
});

test("isclose/allclose compare complex values without dropping the imaginary part", () => {
  const a = z();
  assert.equal(jnp.allclose(a, a).item(), true);
  assert.equal(jnp.allclose(a, jnp.conj(a)).item(), false);
  assert.deepEqual(jnp.isclose(a, jnp.add(a, { re: 0, im: 1e-7 })).toArray(), [true, true, true]);
});

test("jit with a donated complex argument deletes it, as JAX", () => {
  const f = jit((x: NDArray) => jnp.multiply(x, 2), { donateArgnums: 0 });
  const x = z();
  const y = f(x);
  assert.deepEqual(y.toArray(), [
    { re: 2, im: 4 },
    { re: 6, im: -2 },
    { re: 0, im: 1 },
  ]);
  assert.equal(x.isDeleted(), true);
});

test("jvp of holomorphic functions is f'(z)·t; vmap of complex/real/imag/conj", () => {
  const x = z();
  const t = jnp.array([
    { re: 0.5, im: -1 },
    { re: 2, im: 0.25 },
    { re: -1, im: 1 },
  ]);
  const [y, dy] = jvp((u: NDArray) => jnp.sin(u).mul(u), [x], [t]) as [NDArray, NDArray];
  const want = jnp.cos(x).mul(x).add(jnp.sin(x)).mul(t);
  assert.ok(jnp.allclose(dy, want, { rtol: 1e-5, atol: 1e-5 }).item());
  assert.ok(jnp.allclose(y, jnp.sin(x).mul(x)).item());
  const re = jnp.array([
    [1, 2],
    [3, 4],
  ]);
  const im = jnp.array([5, 6]);
  const c = vmap((a: NDArray, b: NDArray) => lax.complex(a, b), { inAxes: [1, 0] })(re, jnp.stack([im, im]));
  assert.deepEqual(c.shape, [2, 2]);
  assert.deepEqual((c.toArray() as unknown[])[1], [
    { re: 2, im: 5 },
    { re: 4, im: 6 },
  ]);
  const parts = vmap((w: NDArray) => [lax.real(w), lax.imag(w), lax.conj(w)])(jnp.stack([x, x]));
  assert.deepEqual(
    (parts as NDArray[]).map((p) => p.shape),
    [
      [2, 3],
      [2, 3],
      [2, 3],
    ],
  );
});

test("sortComplex and complex_", () => {
  const s = jnp.sortComplex(jnp.array([3, 1, 2], "int32"));
  assert.equal(s.dtype, "complex64");
  assert.deepEqual(
    (s.toArray() as Array<{ re: number }>).map((v) => v.re),
    [1, 2, 3],
  );
  assert.equal(String(jnp.complex_), "complex128");
  assert.equal(jnp.zeros([1], { dtype: jnp.complex_ }).dtype, "complex64");
});
