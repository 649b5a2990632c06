// Type tests of the transformations (compiled by tsc, never run; see expect.ts).
import {
  grad,
  hessian,
  jacfwd,
  jacrev,
  jit,
  jvp,
  linearize,
  makeJaxpr,
  valueAndGrad,
  vjp,
  vmap,
  jnp,
  type NDArray,
} from "../../src/index.ts";
import { type Equal, expectTrue } from "./expect.ts";

export function transformTypes(x: NDArray, y: NDArray): void {
  const f = (a: NDArray, b: NDArray) => jnp.sum(a.mul(b));
  type Params = { w: NDArray; b: NDArray };
  const loss = (p: Params, xb: NDArray) => jnp.sum(xb.matmul(p.w).add(p.b));
  const params: Params = { w: x, b: y };

  // grad: the type of the differentiated argument.
  const g0 = grad(f)(x, y);
  expectTrue<Equal<typeof g0, NDArray>>();
  const gp = grad(loss)(params, x);
  expectTrue<Equal<typeof gp, { w: NDArray; b: NDArray }>>();
  const g1 = grad(f, { argnums: 1 })(x, y);
  expectTrue<Equal<typeof g1, NDArray>>();
  const gl = grad(loss, { argnums: [0, 1] })(params, x);
  expectTrue<Equal<typeof gl, [{ w: NDArray; b: NDArray }, NDArray]>>();
  const gLast = grad(loss, { argnums: -1 })(params, x);
  expectTrue<Equal<typeof gLast, NDArray>>();
  // A JS number leaf of the argument comes back as an array.
  const gNum = grad((p: { a: number; b: NDArray }) => jnp.sum(p.b.mul(p.a)))({ a: 2, b: x });
  expectTrue<Equal<typeof gNum, { a: NDArray; b: NDArray }>>();
  // JS numbers are accepted where the function takes arrays.
  const gScalar = grad((t: NDArray) => t.mul(t))(3);
  expectTrue<Equal<typeof gScalar, NDArray>>();
  // hasAux: [gradient, aux].
  const withAux = (a: NDArray) => [jnp.sum(a), { count: a.size, norm: a }] as const;
  const ga = grad(withAux, { hasAux: true })(x);
  expectTrue<Equal<typeof ga, [NDArray, { count: NDArray; norm: NDArray }]>>();
  // valueAndGrad: [value, gradient]; with hasAux [[value, aux], gradient].
  const vg = valueAndGrad(loss)(params, x);
  expectTrue<Equal<typeof vg, [NDArray, { w: NDArray; b: NDArray }]>>();
  const vga = valueAndGrad(withAux, { hasAux: true, argnums: 0 })(x);
  expectTrue<Equal<typeof vga, [[NDArray, { count: NDArray; norm: NDArray }], NDArray]>>();
  // @ts-expect-error unknown option
  grad(f, { has_aux: true });
  // @ts-expect-error argnums is a number or a list of numbers
  grad(f, { argnums: "0" });
  // @ts-expect-error wrong argument type (a string where an array goes)
  grad(f)(x, "y");
  // @ts-expect-error too few arguments
  grad(f)(x);

  // jit and vmap keep the signature; number leaves of the result become arrays.
  const jf = jit(f);
  const jr = jf(x, 2);
  expectTrue<Equal<typeof jr, NDArray>>();
  expectTrue<
    Equal<
      Parameters<typeof jf>,
      [
        a: NDArray | number | boolean | import("../../src/core/dtypes.ts").TypedArray,
        b: NDArray | number | boolean | import("../../src/core/dtypes.ts").TypedArray,
      ]
    >
  >();
  const asF: (a: NDArray, b: NDArray) => NDArray = jf; // still usable as f
  void asF;
  const n: number = jf.cacheSize();
  void n;
  const text: string = jf.lower(x, y).asText();
  void text;
  const jt = jit((a: NDArray, k: number) => [a.mul(k), k] as const, { staticArgnums: 1 })(x, 3);
  expectTrue<Equal<typeof jt, [NDArray, NDArray]>>();
  // @ts-expect-error unknown jit option
  jit(f, { static_argnums: 1 });
  // @ts-expect-error too many arguments
  jf(x, y, y);
  const vf = vmap((row: NDArray, p: Params) => row.matmul(p.w), { inAxes: [0, null] });
  const vr = vf(x, params);
  expectTrue<Equal<typeof vr, NDArray>>();
  const vd = vmap((a: NDArray) => ({ s: a.sum(), n: 1 }))(x);
  expectTrue<Equal<typeof vd, { s: NDArray; n: NDArray }>>();

  // jvp, vjp, linearize.
  const [po, to] = jvp(f, [x, y], [x, y]);
  expectTrue<Equal<[typeof po, typeof to], [NDArray, NDArray]>>();
  // @ts-expect-error primals are one entry per argument
  jvp(f, [x], [x]);
  const [vo, pullback] = vjp(loss, params, x);
  expectTrue<Equal<typeof vo, NDArray>>();
  const cts = pullback(1);
  expectTrue<Equal<typeof cts, [{ w: NDArray; b: NDArray }, NDArray]>>();
  const [lo, fLin] = linearize((a: NDArray) => [jnp.sin(a), a] as const, x);
  expectTrue<Equal<typeof lo, [NDArray, NDArray]>>();
  expectTrue<Equal<ReturnType<typeof fLin>, [NDArray, NDArray]>>();
  // hasAux: jvp takes it after the tangents, vjp and linearize after the primals; aux comes last.
  const auxF = (a: NDArray) => [jnp.sin(a), { n: jnp.sum(a) }] as const;
  const [jo, jtan, ja] = jvp(auxF, [x], [x], { hasAux: true });
  expectTrue<Equal<[typeof jo, typeof jtan, typeof ja], [NDArray, NDArray, { n: NDArray }]>>();
  const [ao, aPull, aAux] = vjp(auxF, x, { hasAux: true });
  expectTrue<Equal<[typeof ao, ReturnType<typeof aPull>, typeof aAux], [NDArray, [NDArray], { n: NDArray }]>>();
  const [lao, laLin, laAux] = linearize(auxF, x, { hasAux: true });
  expectTrue<Equal<[typeof lao, ReturnType<typeof laLin>, typeof laAux], [NDArray, NDArray, { n: NDArray }]>>();
  // @ts-expect-error without hasAux there is no third entry
  vjp(auxF, x)[2];
  // A function taking any array input (ArrayLike, as jnp's do): its cotangent is an array.
  const sinCts = vjp(jnp.sin, x)[1](x);
  expectTrue<Equal<typeof sinCts, [NDArray]>>();

  // Jacobians and Hessians: the output's structure of the input's.
  const jfw = jacfwd((a: NDArray) => jnp.sin(a))(x);
  expectTrue<Equal<typeof jfw, NDArray>>();
  const jrv = jacrev((p: Params) => ({ out: p.w.sum() }))(params);
  expectTrue<Equal<typeof jrv, { out: { w: NDArray; b: NDArray } }>>();
  const jtwo = jacrev(f, { argnums: [0, 1] })(x, y);
  expectTrue<Equal<typeof jtwo, [NDArray, NDArray]>>();
  const h = hessian((a: NDArray) => jnp.sum(a.mul(a)))(x);
  expectTrue<Equal<typeof h, NDArray>>();
  const hp = hessian((p: Params) => p.w.sum())(params);
  expectTrue<Equal<typeof hp, { w: { w: NDArray; b: NDArray }; b: { w: NDArray; b: NDArray } }>>();

  // makeJaxpr takes f's arguments.
  const jx = makeJaxpr(f)(x, 1);
  const printed: string = jx.toString();
  void printed;

  // Composition.
  const perExample = vmap(grad(loss), { inAxes: [null, 0] })(params, x);
  expectTrue<Equal<typeof perExample, { w: NDArray; b: NDArray }>>();
  const step = jit((p: Params, xb: NDArray) => {
    const gr = grad(loss)(p, xb);
    return { w: p.w.sub(gr.w.mul(0.1)), b: p.b.sub(gr.b.mul(0.1)) };
  });
  const p2: Params = step(params, x);
  void p2;
  const gg = grad(grad((t: NDArray) => jnp.sin(t)))(1);
  expectTrue<Equal<typeof gg, NDArray>>();
}
