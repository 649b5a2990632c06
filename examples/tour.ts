// A short tour of jaxts (npm run tour).
import { grad, jit, jnp, makeJaxpr, tree, vmap, type NDArray } from "jaxts";

const x = jnp.arange(6).reshape([2, 3]).astype("float32");
console.log("x =\n" + String(x));
console.log("x.mul(2).sum(0) =", String(x.mul(2).sum(0)));

type Params = { w: NDArray; b: NDArray };
const loss = (p: Params, x: NDArray) => jnp.mean(jnp.square(jnp.dot(x, p.w).add(p.b)));
const params: Params = { w: jnp.ones([3, 2]), b: jnp.zeros([2]) };
console.log("grad(loss) structure:", String(tree.structure(grad(loss)(params, x))));

const step = jit((p: Params, x: NDArray): Params => tree.map((w: NDArray, dw: NDArray) => w.sub(dw.mul(0.02)), p, grad(loss)(p, x)));
let p = params;
for (let i = 0; i < 3; i++) {
  p = step(p, x);
  console.log(`step ${i}: loss = ${Number(loss(p, x).item()).toFixed(4)}`);
}
const perExample = vmap(grad(loss), { inAxes: [null, 0] })(params, x.reshape([2, 1, 3])) as Params;
console.log("per-example grads of w:", perExample.w.shape);
console.log(makeJaxpr((v: NDArray) => jnp.sin(v).mul(2))(jnp.ones([3])).toString());
