// Type tests of library functions handed to transformations (compiled by tsc,
// never run; see expect.ts). A transformation reads an overloaded function's
// last overload, so each overloaded jnp/nn function keeps its general form last,
// and an ArrayLike parameter (whose nested lists would map without end) comes
// back as an NDArray.
import {
  checkpoint,
  grad,
  hessian,
  jacfwd,
  jacrev,
  jit,
  jnp,
  jvp,
  lax,
  linearize,
  nn,
  valueAndGrad,
  vjp,
  vmap,
  type NDArray,
} from "../../src/index.ts";
import { type Equal, expectTrue } from "./expect.ts";

export function libraryFunctionTypes(x: NDArray, c: NDArray): void {
  const sinGrad = grad(jnp.sin)(x);
  expectTrue<Equal<typeof sinGrad, NDArray>>();
  const sinJit = jit(jnp.sin)(x);
  expectTrue<Equal<typeof sinJit, NDArray>>();
  const sums = vmap(jnp.sum)(x);
  expectTrue<Equal<typeof sums, NDArray>>();
  const jf = jacfwd(jnp.tanh)(x);
  expectTrue<Equal<typeof jf, NDArray>>();
  const jr = jacrev(nn.softmax)(x);
  expectTrue<Equal<typeof jr, NDArray>>();
  const hs = hessian(nn.logsumexp)(x);
  expectTrue<Equal<typeof hs, NDArray>>();
  const [value, g] = valueAndGrad(nn.logsumexp)(x);
  expectTrue<Equal<[typeof value, typeof g], [NDArray, NDArray]>>();
  const [po, to] = jvp(jnp.exp, [x], [x]);
  expectTrue<Equal<[typeof po, typeof to], [NDArray, NDArray]>>();
  const [lo, lf] = linearize(jnp.cos, x);
  expectTrue<Equal<[typeof lo, ReturnType<typeof lf>], [NDArray, NDArray]>>();
  const cts = vjp(jnp.add, x, x)[1](x);
  expectTrue<Equal<typeof cts, [NDArray, NDArray]>>();
  const remat = grad(checkpoint(jnp.sin))(x);
  expectTrue<Equal<typeof remat, NDArray>>();
  const mm = vmap(jnp.matmul)(x, x);
  expectTrue<Equal<typeof mm, NDArray>>();
  const cs = jit(lax.cumsum)(x);
  expectTrue<Equal<typeof cs, NDArray>>();
  const detGrad = grad(jnp.linalg.det)(x);
  expectTrue<Equal<typeof detGrad, NDArray>>();
  const reluGrads = vmap(grad(nn.relu))(x);
  expectTrue<Equal<typeof reluGrads, NDArray>>();
  // Overloads whose special forms come first: the general form is what a transformation sees.
  const sel = vmap(jnp.where)(c, x, x);
  expectTrue<Equal<typeof sel, NDArray>>();
  const att = jit(nn.dotProductAttention)(x, x, x);
  expectTrue<Equal<typeof att, NDArray>>();
  // ...and calls still pick the special forms.
  const idx = jnp.where(c);
  expectTrue<Equal<typeof idx, NDArray[]>>();
  const avgW = jnp.average(x, 0, { returned: true });
  expectTrue<Equal<typeof avgW, NDArray[]>>();
  const avg = jnp.average(x);
  expectTrue<Equal<typeof avg, NDArray>>();
  const lse = nn.logsumexp(x, 0, { returnSign: true });
  expectTrue<Equal<typeof lse, [NDArray, NDArray]>>();
  const res = nn.dotProductAttention(x, x, x, { returnResidual: true });
  expectTrue<Equal<typeof res, [NDArray, NDArray]>>();
}
