// Complex numbers against real JAX (scripts/gen_complex_goldens.py), jit
// against eager, the default backend against the js reference, and
// gradients against finite differences.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { grad, jit, jnp, lax, type NDArray, vmap } from "../../src/index.ts";
import { agree } from "../helpers/backends.ts";
import { goldenNumber } from "../helpers/goldens.ts";

interface Enc {
  dtype: string;
  shape: number[];
  data: Array<number | string>;
  weak: boolean;
}
const G = JSON.parse(readFileSync(new URL("../goldens/complex.json", import.meta.url), "utf8"));

function dec(e: Enc): NDArray {
  const d = e.data.map(goldenNumber);
  if (e.dtype.startsWith("complex")) {
    const vals = [];
    for (let i = 0; i < d.length; i += 2) vals.push({ re: d[i], im: d[i + 1] });
    return jnp.array(vals, e.dtype as "complex64").reshape(e.shape);
  }
  return jnp.array(d, e.dtype as "float32").reshape(e.shape);
}

function close(name: string, got: NDArray, want: Enc, rtol = 2e-5, atol = 2e-6): void {
  assert.equal(got.dtype, want.dtype === "bool" ? "bool" : want.dtype, `${name}: dtype`);
  assert.deepEqual(got.shape, want.shape, `${name}: shape`);
  const a = Array.from(got.dataSync() as ArrayLike<number>, Number);
  const b = want.data.map(goldenNumber);
  assert.equal(a.length, b.length, `${name}: storage length`);
  a.forEach((x, k) => {
    const y = b[k];
    if (Number.isNaN(y)) return assert.ok(Number.isNaN(x), `${name}[${k}]: got ${x}, want NaN`);
    assert.ok(x === y || Math.abs(x - y) <= atol + rtol * Math.abs(y), `${name}[${k}]: got ${x}, want ${y}`);
  });
}

type F = (...xs: NDArray[]) => NDArray;
const j = jnp as unknown as Record<string, F>;
const OPS: Record<string, F> = {
  sum0: (x) => jnp.sum(x, 0),
  prod1: (x) => jnp.prod(x, 1),
  complex: (x, y) => lax.complex(x, y),
  astype_f32: (x) => x.astype("float32"),
  ipow3: (x) => lax.integerPow(x, 3),
  ipowm2: (x) => lax.integerPow(x, -2),
};
const opOf = (name: string): F => OPS[name] ?? j[name.replace(/_(\w)/g, (_m, ch: string) => ch.toUpperCase())];

test("complex ops match JAX (eager, jit; wasm and js agree)", () => {
  process.removeAllListeners("warning");
  for (const c of G.cases) {
    const f = opOf(c.op);
    assert.ok(f, `no op ${c.op}`);
    const args = c.args.map(dec);
    // Tiny arguments: relative accuracy (no absolute slack).
    const atol = c.tiny ? 0 : 2e-6;
    close(`${c.op} eager`, f(...args), c.out, 2e-5, atol);
    close(`${c.op} jit`, jit(f)(...args), c.out, 2e-5, atol);
    agree(c.op, f, args, 1e-5, 1e-6, true);
  }
});

test("complex grads match JAX (conjugate convention, holomorphic)", () => {
  const fs: Record<string, F> = {
    abs2: (z) => jnp.sum(jnp.square(jnp.abs(z))),
    re_sin_conj: (z) => jnp.real(jnp.sum(jnp.sin(z).mul(jnp.conj(z)))),
    abs_exp: (z) => jnp.sum(jnp.abs(jnp.exp(z).div(z.add(3)))),
    imag_log: (z) => jnp.sum(jnp.imag(jnp.log(z)).add(jnp.real(jnp.sqrt(z)))),
    angle: (z) => jnp.sum(jnp.angle(z)),
  };
  for (const g of G.grads) {
    close(`grad ${g.name}`, grad(fs[g.name])(dec(g.arg)), g.out, 1e-4, 1e-5);
    close(`jit grad ${g.name}`, jit(grad(fs[g.name]))(dec(g.arg)), g.out, 1e-4, 1e-5);
  }
  const hs: Record<string, F> = {
    sin_mul: (z) => jnp.sum(jnp.sin(z).mul(z)),
    exp_div: (z) => jnp.sum(jnp.exp(z).div(z.add(3))),
    tanh_sq: (z) => jnp.sum(jnp.square(jnp.tanh(z)).add(jnp.log(z))),
  };
  for (const g of G.holo) close(`holomorphic grad ${g.name}`, grad(hs[g.name], { holomorphic: true })(dec(g.arg)), g.out, 1e-4, 1e-5);
});

test("grad of a real function of complex input matches finite differences", () => {
  const f = (z: NDArray) => jnp.sum(jnp.abs(jnp.sin(z).mul(jnp.exp(z.mul(0.5)))));
  const z = dec(G.cases[0].args[0]);
  const g = grad(f)(z).dataSync() as Float32Array;
  const base = z.dataSync() as Float32Array;
  const h = 1e-2;
  for (let k = 0; k < base.length; k++) {
    const shifted = (s: number) => {
      const d = Float32Array.from(base);
      d[k] += s;
      const vals = [];
      for (let i = 0; i < d.length; i += 2) vals.push({ re: d[i], im: d[i + 1] });
      return f(jnp.array(vals).reshape(z.shape)).item();
    };
    const fd = (shifted(h) - shifted(-h)) / (2 * h);
    // JAX's convention: grad = df/dx - i df/dy.
    const want = k % 2 === 0 ? fd : -fd;
    assert.ok(Math.abs(g[k] - want) <= 2e-2 * (1 + Math.abs(want)), `d/d${k % 2 ? "im" : "re"}[${k >> 1}]: ${g[k]} vs ${want}`);
  }
});

test("complex promotion and dtypes match JAX", () => {
  const c = jnp.ones([2], "complex64");
  const f32 = jnp.ones([2], "float32");
  const i32 = jnp.ones([2], "int32");
  const iu = { re: 0, im: 1 };
  const got: Record<string, NDArray> = {
    "f32+c64": jnp.add(f32, c),
    "i32+c64": jnp.add(i32, c),
    "f32+weakc": jnp.add(f32, iu),
    "weakf+c64": jnp.add(1.5, c),
    "i32+weakc": jnp.add(i32, iu),
    abs_c64: jnp.abs(c),
    real_c64: jnp.real(c),
    angle_f32: jnp.angle(f32),
    angle_i32: jnp.angle(i32),
    imag_f32: jnp.imag(f32),
    conj_f32: jnp.conj(f32),
    mean_c64: jnp.mean(c),
  };
  for (const [k, [dtype, weak]] of Object.entries(G.promo as Record<string, [string, boolean]>)) {
    assert.deepEqual([got[k].dtype, got[k].weakType], [dtype, weak], k);
  }
  assert.equal(jnp.iscomplexobj(c), true);
  assert.equal(jnp.isrealobj(f32), true);
  assert.equal(jnp.iscomplexobj(iu), true);
});

test("complex arrays print as NumPy/JAX", () => {
  for (const p of G.printing) {
    const a = dec(p.arg);
    assert.equal(String(a), p.str);
    const repr = (a as unknown as Record<symbol, () => string>)[Symbol.for("nodejs.util.inspect.custom")]();
    // jnp.array of our data is strongly typed; JAX's scalars here were too.
    assert.equal(repr, p.repr);
  }
});

test("complex data in and out: {re, im} values, interleaved dataSync, item", () => {
  const z = jnp.array([{ re: 1, im: 2 }, 3]);
  assert.equal(z.dtype, "complex64");
  assert.deepEqual(Array.from(z.dataSync() as Float32Array), [1, 2, 3, 0]);
  assert.deepEqual(z.toArray(), [
    { re: 1, im: 2 },
    { re: 3, im: 0 },
  ]);
  assert.deepEqual(jnp.sum(z).item(), { re: 4, im: 2 });
  assert.deepEqual(z.real.toArray(), [1, 3]);
  assert.deepEqual(z.imag.toArray(), [2, 0]);
  assert.deepEqual(z.conj().toArray(), [
    { re: 1, im: -2 },
    { re: 3, im: -0 },
  ]);
});

test("complex under vmap, jvp and jit compile to real kernels", () => {
  const z = dec(G.cases[0].args[0]);
  const f = (r: NDArray) => jnp.sum(jnp.exp(r).mul(r));
  const v = vmap(f)(z);
  const loop = jnp.stack([0, 1].map((i) => f(z.get(i))));
  close("vmap", v, { dtype: "complex64", shape: [2], data: Array.from(loop.dataSync() as Float32Array), weak: false });
  const lowered = jit((a: NDArray) => jnp.exp(a).mul(a)).lower(z);
  assert.ok(lowered.compile().asText().length > 0);
});

test("jnp.fft matches JAX (all 18 functions, any length, norm/n/axis/s/axes)", () => {
  const fft = jnp.fft as unknown as Record<string, (...a: unknown[]) => NDArray>;
  for (const c of G.fft) {
    const args = c.args.map(dec);
    const f = (...xs: NDArray[]) => fft[c.op](...xs, c.opts);
    close(`fft.${c.op} ${JSON.stringify(c.opts)}`, f(...args), c.out, 2e-5, 2e-4);
    close(`jit fft.${c.op}`, jit(f)(...args), c.out, 2e-5, 2e-4);
  }
  const [f1, f2, r1, r2] = G.fftfreq;
  close("fftfreq", jnp.fft.fftfreq(5, { d: 0.5 }), f1);
  close("fftfreq", jnp.fft.fftfreq(6), f2);
  close("rfftfreq", jnp.fft.rfftfreq(6), r1);
  close("rfftfreq", jnp.fft.rfftfreq(7, { d: 2 }), r2);
});

test("jnp.fft gradients and vmap", () => {
  const g = G.fft_grad;
  const F = jnp.fft;
  const f = (z: NDArray) => jnp.sum(jnp.square(jnp.abs(F.fft(z)))).add(jnp.sum(jnp.real(F.ifft(z.mul(z)))));
  close("grad fft", grad(f)(dec(g.arg)), g.out, 1e-4, 1e-3);
  const h = (x: NDArray) => jnp.sum(jnp.abs(F.rfft2(x))).add(jnp.sum(F.irfft(F.rfft(x).mul({ re: 0, im: 2 }), { n: 4 })));
  close("grad rfft", grad(h)(dec(g.rarg)), g.rout, 1e-4, 1e-3);
  const z = dec(g.arg);
  const v = vmap((r: NDArray) => F.fft(r))(z);
  close("vmap fft", v, { dtype: "complex64", shape: [2, 6], data: Array.from(F.fft(z).dataSync() as Float32Array), weak: false });
});
