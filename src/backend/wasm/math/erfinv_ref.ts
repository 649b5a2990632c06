// PLACEHOLDER (lead): XLA's float32 erfinv (Giles); the wasm helper replaces this file.
const f = Math.fround;
export function erfInvF32(x: number): number {
  x = f(x);
  if (Math.abs(x) === 1) return x * Infinity;
  if (Math.abs(x) > 1) return NaN;
  let w = f(-f(Math.log1p(f(-f(x * x)))));
  let p: number;
  if (w < 5) {
    w = f(w - 2.5);
    p = 2.81022636e-8;
    for (const c of [3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 0.00021858087, -0.00125372503, -0.00417768164, 0.246640727, 1.50140941]) p = f(f(c) + f(p * w));
  } else {
    w = f(f(Math.sqrt(w)) - 3);
    p = -0.000200214257;
    for (const c of [0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047, 1.00167406, 2.83297682]) p = f(f(c) + f(p * w));
  }
  return f(p * x);
}
