import * as jt from "./src/index.ts";
const { jnp, lax, jit, grad, vmap } = jt as any;
const z = jnp.array([{ re: 1, im: 2 }, { re: 3, im: -1 }]);
const un: Record<string, (a: any) => any> = {
  exp: (a) => jnp.exp(a), log: (a) => jnp.log(a), sqrt: (a) => jnp.sqrt(a), sin: (a) => jnp.sin(a), cos: (a) => jnp.cos(a),
  tanh: (a) => jnp.tanh(a), abs: (a) => jnp.abs(a), sum: (a) => jnp.sum(a),
  prod: (a) => jnp.prod(a), mean: (a) => jnp.mean(a), real: (a) => jnp.real(a), imag: (a) => a.imag, conj: (a) => a.conj(), angle: (a) => jnp.angle(a), addf: (a) => jnp.add(a, 1.5), square: (a) => jnp.square(a), recip: (a) => jnp.reciprocal(a), sign: (a) => jnp.sign(a), neg: (a) => jnp.negative(a), f32: (a) => a.astype("float32"), ipow: (a) => jnp.power(a, 3),
};
for (const [n, f] of Object.entries(un)) {
  try { const e = f(z); const j = jit(f)(z); console.log(n, String(e), String(j)); } catch (err) { console.log(n, "ERR", (err as Error).stack!.slice(0, 600)); }
}
console.log(String(grad((x: any) => jnp.sum(jnp.square(jnp.abs(x))))(z)));
console.log(String(grad((x: any) => jnp.real(x * x))(jnp.array({ re: 1, im: 2 }))));
console.log(String(grad((x: any) => x.mul(x), { holomorphic: true })(jnp.array({ re: 1, im: 2 }))));
console.log(String(vmap((a: any) => jnp.sum(a.mul(a)))(jnp.array([[{ re: 1, im: 2 }], [{ re: 3, im: 1 }]]))));
