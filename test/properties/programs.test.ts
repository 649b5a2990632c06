// Property tests over random small programs of jnp/lax ops: jit(f) == f,
// vmap(f) == a stacked loop, grad(f) agrees with finite differences, and the
// wasm backend (compiled and eager) agrees with the js reference.
// fast-check prints the seed and the shrunk counterexample on failure.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { config, defaultBackend, devices, grad, jit, jnp, lax, setDefaultBackend, vmap, type NDArray } from "../../src/index.ts";
import { assertClose } from "../helpers/check_grads.ts";

type Op = { name: string; apply: (x: NDArray, y: NDArray) => NDArray };
// Every op maps (x, y) of shape [n] to shape [n] and is smooth away from measure-zero sets.
const OPS: Op[] = [
  { name: "add", apply: (x, y) => x.add(y) },
  { name: "mul", apply: (x, y) => x.mul(y) },
  { name: "sub-scalar", apply: (x) => x.sub(0.5) },
  { name: "sin", apply: (x) => jnp.sin(x) },
  { name: "tanh", apply: (x) => jnp.tanh(x) },
  { name: "exp-small", apply: (x) => jnp.exp(jnp.tanh(x)) },
  { name: "square", apply: (x) => jnp.square(x) },
  { name: "softplus-ish", apply: (x) => jnp.log1p(jnp.exp(jnp.tanh(x))) },
  { name: "cumsum", apply: (x) => jnp.cumsum(x) },
  { name: "rev", apply: (x) => jnp.flip(x) },
  { name: "roll", apply: (x) => jnp.roll(x, 1) },
  { name: "outer-sum", apply: (x, y) => jnp.sum(jnp.outer(x, y), 1).mul(0.1) },
  { name: "mean-bcast", apply: (x) => x.sub(jnp.mean(x)) },
  { name: "max-bcast", apply: (x, y) => x.add(jnp.max(y)) },
  { name: "where", apply: (x, y) => jnp.where(x.gt(y), x, y.mul(0.5)) },
  {
    name: "scan",
    apply: (x) =>
      lax.scan(
        (c: NDArray, v: NDArray) => {
          const n = c.mul(0.5).add(v);
          return [n, n];
        },
        0.0,
        x,
      )[1] as NDArray,
  },
  // max, not sum: a sum near 0 may round to either side on different backends.
  {
    name: "cond",
    apply: (x, y) =>
      lax.cond(
        jnp.max(y).gt(0),
        (a: NDArray) => a.mul(2),
        (a: NDArray) => jnp.sin(a),
        x,
      ),
  },
];

const program = fc.array(fc.tuple(fc.integer({ min: 0, max: OPS.length - 1 }), fc.boolean()), { minLength: 1, maxLength: 5 });
const values = (n: number) => fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: n, maxLength: n });

function build(prog: Array<[number, boolean]>) {
  return (x: NDArray, y: NDArray): NDArray => {
    let a = x;
    let b = y;
    for (const [k, swap] of prog) {
      const r = OPS[k].apply(a, b);
      if (swap) {
        b = a;
        a = r;
      } else a = r;
    }
    return a;
  };
}
const describe = (prog: Array<[number, boolean]>) => prog.map(([k, s]) => OPS[k].name + (s ? "*" : "")).join(" → ");

test("jit(f) equals f on random programs", () => {
  fc.assert(
    fc.property(
      program,
      fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(values(n), values(n))),
      (prog, [xv, yv]) => {
        const f = build(prog);
        const x = jnp.array(xv);
        const y = jnp.array(yv);
        assertClose(jit(f)(x, y) as NDArray, f(x, y), 1e-5, 1e-6, describe(prog));
      },
    ),
    { numRuns: 40 },
  );
});

test("compiled on wasm equals the js reference backend on random programs (jit and eager)", { skip: !devices().includes("wasm") }, () => {
  fc.assert(
    fc.property(
      program,
      fc.integer({ min: 1, max: 9 }).chain((n) => fc.tuple(values(n), values(n))),
      (prog, [xv, yv]) => {
        const f = build(prog);
        const prev = defaultBackend();
        setDefaultBackend("wasm");
        let compiled: NDArray, eager: NDArray;
        try {
          compiled = jit(f)(jnp.array(xv), jnp.array(yv)) as NDArray;
          eager = f(jnp.array(xv), jnp.array(yv));
          setDefaultBackend("js");
          const ref = f(jnp.array(xv), jnp.array(yv));
          // Absolute tolerance from the data's scale: intermediates reach ~10 and a cumsum of up to 9 of them
          // after a mean subtraction can cancel to ~0, leaving a few float32 ulps of 10 (~1e-6 each) of the
          // two backends' different roundings (wasm's fast math is within 2 ulp; the js backend rounds float64).
          assertClose(compiled, ref, 1e-5, 1e-5, `jit on wasm vs js: ${describe(prog)}`);
          assertClose(eager, ref, 1e-5, 1e-5, `eager on wasm vs js: ${describe(prog)}`);
        } finally {
          setDefaultBackend(prev);
        }
      },
    ),
    { numRuns: 40 },
  );
});

test("vmap(f) equals a stacked loop on random programs", () => {
  fc.assert(
    fc.property(
      program,
      fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(values(3 * n), values(n), fc.constant(n))),
      (prog, [xv, yv, n]) => {
        const f = build(prog);
        const xs = jnp.array(xv).reshape([3, n]);
        const y = jnp.array(yv);
        const batched = vmap(f, { inAxes: [0, null] })(xs, y) as NDArray;
        const looped = jnp.stack([0, 1, 2].map((i) => f(xs.get(i), y)));
        assertClose(batched, looped, 1e-5, 1e-6, describe(prog));
      },
    ),
    { numRuns: 40 },
  );
});

test("grad(sum(f)) agrees with central finite differences (float64) on random programs", () => {
  const prev = config.enableX64;
  config.update("enableX64", true);
  try {
    fc.assert(
      fc.property(
        program,
        fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(values(n), values(n))),
        (prog, [xv, yv]) => {
          const f = build(prog);
          const x = jnp.array(xv, { dtype: "float64" });
          const y = jnp.array(yv, { dtype: "float64" });
          const loss = (v: NDArray) => jnp.sum(f(v, y));
          const g = grad(loss)(x) as NDArray;
          const eps = 1e-6;
          const fd = xv.map((_, i) => {
            const e = jnp.zeros([xv.length], { dtype: "float64" }).at(i).set(eps);
            return (Number(loss(x.add(e)).item()) - Number(loss(x.sub(e)).item())) / (2 * eps);
          });
          // Kinks (where/max/cond switching) can sit inside the FD stencil; skip those points.
          const gv = Array.from(g.dataSync() as Float64Array);
          const bad = gv.filter((v, i) => Math.abs(v - fd[i]) > 1e-4 * (1 + Math.abs(fd[i])));
          if (bad.length && !prog.some(([k]) => ["where", "max-bcast", "cond"].includes(OPS[k].name))) {
            assert.fail(`${describe(prog)}: grad ${gv} vs finite differences ${fd}`);
          }
        },
      ),
      { numRuns: 30 },
    );
  } finally {
    config.update("enableX64", prev);
  }
});
