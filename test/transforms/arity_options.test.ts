// Transformed functions called with the wrong number of arguments, and
// unknown options of the transformations, reported as such.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  grad,
  hessian,
  jacfwd,
  jacrev,
  jit,
  jnp,
  jvp,
  lax,
  linearize,
  makeJaxpr,
  TypeError as JaxTypeError,
  valueAndGrad,
  vjp,
  vmap,
  type NDArray,
} from "../../src/index.ts";

const add = (x: NDArray, y: NDArray) => x.mul(y).sum();
const missing = (what: string) => (e: unknown) =>
  e instanceof JaxTypeError &&
  e instanceof TypeError &&
  new RegExp(`^${what}: add\\(\\) missing 1 required positional argument: 'y'`).test((e as Error).message) &&
  (e as Error).cause instanceof Error;

test("a missing argument names the transformation, the function and the parameter", () => {
  const x = jnp.ones([2]);
  const call =
    (f: (...a: unknown[]) => unknown, ...args: unknown[]) =>
    () =>
      f(...args);
  assert.throws(call(jit(add) as never, x), missing("jit"));
  assert.throws(
    call(jit(add) as never, x, undefined),
    (e: unknown) => missing("jit")(e) && /argument 1 is undefined/.test((e as Error).message),
  );
  assert.throws(call(grad(add) as never, x), missing("grad"));
  assert.throws(call(valueAndGrad(add) as never, x), missing("valueAndGrad"));
  assert.throws(call(vmap(add) as never, x), missing("vmap"));
  assert.throws(call(jacfwd(add) as never, x), missing("jacfwd"));
  assert.throws(call(jacrev(add) as never, x), missing("jacrev"));
  assert.throws(call(makeJaxpr(add) as never, x), missing("makeJaxpr"));
  const loose = add as unknown as (...a: NDArray[]) => NDArray;
  assert.throws(() => vjp(loose, x), missing("vjp"));
  assert.throws(() => linearize(loose, x), missing("linearize"));
  assert.throws(() => jvp(loose, [x], [x]), missing("jvp"));
  // The library works as before afterwards.
  assert.equal(jit(add)(x, x).item(), 2);
});

test("too many arguments, where the function's parameters are plain", () => {
  const x = jnp.ones([2]);
  assert.throws(
    () => (jit(add) as (...a: unknown[]) => unknown)(x, x, x),
    /^TypeError: jit: add\(\) takes 2 positional arguments but 3 were given$/m,
  );
  assert.throws(() => (grad(add) as (...a: unknown[]) => unknown)(x, x, x), /grad: add\(\) takes 2 positional arguments but 3 were given/);
  // Rest and default parameters take any number.
  assert.equal(jit((...xs: NDArray[]) => xs.length)(x, x, x).item(), 3);
  assert.equal(jit((a: NDArray, b = 2) => a.mul(b).sum())(x).item(), 4);
});

test("optional parameters that the function handles are not reported", () => {
  const f = (x: NDArray, scale?: NDArray) => (scale === undefined ? x : x.mul(scale)).sum();
  assert.equal(jit(f)(jnp.ones([2])).item(), 2);
  assert.deepEqual(grad(f)(jnp.ones([2])).shape, [2]);
  // An error not about the missing argument is left as it is.
  const g = (x: NDArray, _y?: NDArray) => x.reshape([3]);
  assert.throws(
    () => jit(g)(jnp.ones([2])),
    (e: unknown) => !/missing/.test((e as Error).message),
  );
});

test("unknown options of the transformations throw, naming the camelCase spelling", () => {
  const f = (x: NDArray) => x.sum();
  assert.throws(
    () => jit(f, { static_argnums: 0 } as never),
    /jit\(\) got an unexpected option 'static_argnums' \(did you mean 'staticArgnums'\?\)/,
  );
  assert.throws(() => grad(f, { has_aux: true } as never), /grad\(\) got an unexpected option 'has_aux' \(did you mean 'hasAux'\?\)/);
  assert.throws(() => valueAndGrad(f, { argnum: 0 } as never), /valueAndGrad\(\) got an unexpected option 'argnum'/);
  assert.throws(() => vmap(f, { in_axes: 0 } as never), /did you mean 'inAxes'/);
  assert.throws(() => jacfwd(f, { allowInt: true } as never), /jacfwd\(\) got an unexpected option .allowInt./);
  assert.throws(() => hessian(f, { argnum: 0 } as never), /hessian\(\) got an unexpected option/);
  assert.throws(() => makeJaxpr(f, { donateArgnums: 0 } as never), /makeJaxpr\(\) got an unexpected option/);
  assert.throws(
    () => lax.scan((c: NDArray, x: NDArray) => [c, x], 0, jnp.ones([3]), { lenght: 3 } as never),
    /scan\(\) got an unexpected option 'lenght'/,
  );
  assert.throws(
    () => lax.associativeScan((a: NDArray, b: NDArray) => a.add(b), jnp.ones([3]), { axes: 0 } as never),
    /unexpected option 'axes'/,
  );
  assert.throws(() => grad(f, { hasAux: 1 } as never), /hasAux must be a boolean/);
  assert.throws(() => grad(f, { argnums: "0" } as never), /argnums must be an integer or a list of integers/);
  assert.throws(() => vmap(f, { axisSize: -1 }), /axisSize must be a non-negative integer/);
  assert.throws(() => jit(f, 3 as never), /options argument must be a plain object/);
});
