// Derivatives through gather / scatter: grad against central finite
// differences (float64), and forward vs reverse mode through checkGrads.
import assert from "node:assert/strict";
import { test } from "node:test";
import { type NDArray, config, grad, jnp, jvp, lax, makeJaxpr } from "../../src/index.ts";
import { checkGrads } from "../helpers/check_grads.ts";

type F = (x: NDArray) => NDArray;

function withX64<T>(fn: () => T): T {
  const prev = config.enableX64;
  config.update("enableX64", true);
  try {
    return fn();
  } finally {
    config.update("enableX64", prev);
  }
}

/** Central differences of a scalar function, one coordinate at a time. */
function numericGrad(f: F, x0: number[], eps = 1e-6): number[] {
  const at = (v: number[]) => Number(f(jnp.array(v, { dtype: "float64" })).item());
  return x0.map((_, i) => {
    const plus = [...x0],
      minus = [...x0];
    plus[i] += eps;
    minus[i] -= eps;
    return (at(plus) - at(minus)) / (2 * eps);
  });
}

function assertGradMatches(name: string, f: F, x0: number[]): void {
  withX64(() => {
    const g = Array.from(grad(f)(jnp.array(x0, { dtype: "float64" })).dataSync() as Float64Array);
    const fd = numericGrad(f, x0);
    g.forEach((v, i) =>
      assert.ok(Math.abs(v - fd[i]) < 1e-6 * (1 + Math.abs(fd[i])), `${name}: d/dx[${i}] = ${v}, finite differences ${fd[i]}`),
    );
  });
}

const x0 = [0.3, -1.2, 0.8, 2.1, -0.4, 1.5];
const idx = () => jnp.array([0, 2, 2, 5], { dtype: "int32" });

const cases: Array<[string, F]> = [
  ["gather by int array", (x) => jnp.sum(jnp.sin(x.get(idx())).mul(jnp.array([1, 2, 3, 4], { dtype: "float64" })))],
  ["gather 2-d mixed", (x) => jnp.sum(jnp.square(x.reshape([2, 3]).get([1, 0, 1], jnp.s(null, null, -1))))],
  ["bool mask read", (x) => jnp.sum(jnp.exp(x.get([true, false, true, true, false, true])))],
  ["at-set", (x) => jnp.sum(jnp.square(x.at([0, 4]).set(x.get(1).mul(3))))],
  ["at-set duplicates", (x) => jnp.sum(jnp.square(x.at([2, 2]).set(x.get(jnp.s(0, 2)).mul(x.get(jnp.s(3, 5))))))],
  ["at-set strided static", (x) => jnp.sum(jnp.sin(x.at(jnp.s(null, null, -2)).set(x.get(jnp.s(0, 3)).mul(2))))],
  ["at-add duplicates", (x) => jnp.sum(jnp.sin(x.at([1, 1, 3]).add(x.get([0, 0, 2]).mul(2))))],
  ["at-mul strided (unique)", (x) => jnp.sum(jnp.square(x.at(jnp.s(null, null, 2)).mul(x.get(jnp.s(1, null, 2)))))],
  ["at-max", (x) => jnp.sum(jnp.square(x.at([0, 3]).max(x.get([1, 2]).mul(2))))],
  ["at-min", (x) => jnp.sum(jnp.square(x.at([5, 1]).min(x.get([2, 0]).sub(1))))],
  ["take fill", (x) => jnp.sum(jnp.sin(jnp.take(x.reshape([2, 3]), [2, 0, -1], 1)))],
  ["take clip", (x) => jnp.sum(jnp.square(jnp.take(x, [9, -3, 1], null, { mode: "clip" })))],
  [
    "takeAlongAxis",
    (x) =>
      jnp.sum(
        jnp.square(
          jnp.takeAlongAxis(
            x.reshape([2, 3]),
            jnp.array(
              [
                [2, 2],
                [0, 1],
              ],
              { dtype: "int32" },
            ),
            1,
          ),
        ),
      ),
  ],
  ["dynamic index", (x) => jnp.sum(jnp.square(x.reshape([3, 2]).get(jnp.array(-2, { dtype: "int32" }))))],
  ["lax.cummax", (x) => jnp.sum(lax.cummax(x, 0).mul(jnp.arange(6).astype("float64")))],
];

for (const [name, f] of cases) {
  test(`grad vs finite differences: ${name}`, () => assertGradMatches(name, f, x0));
}

test("forward and reverse mode agree (checkGrads) through indexing", () => {
  const fs: Array<[string, F]> = [
    [
      "gather",
      (x) =>
        jnp.sin(
          x.get(
            jnp.array(
              [
                [0, 5],
                [3, 3],
              ],
              { dtype: "int32" },
            ),
          ),
        ),
    ],
    ["at-add", (x) => x.at([1, 1, 4]).add(jnp.cos(x.get([0, 1, 2])))],
    ["at-set dup", (x) => x.at([0, 0, 3]).set(jnp.square(x.get([5, 4, 1])))],
    ["at-max", (x) => x.at([0, 3, 3]).max(x.get([1, 2, 5]))],
    [
      "lax.gather fill",
      (x) =>
        lax.gather(
          x,
          jnp.array([[4], [1], [7]], { dtype: "int32" }),
          { offsetDims: [1], collapsedSliceDims: [], startIndexMap: [0] },
          [2],
          { mode: "fill", fillValue: 0 },
        ),
    ],
  ];
  for (const [name, f] of fs) {
    try {
      checkGrads(f, [x0]);
    } catch (e) {
      throw new Error(`${name}: ${(e as Error).message}`);
    }
  }
});

test("gather transposes to scatter-add; scatter-add to gather", () => {
  const f = (x: NDArray) => jnp.sum(x.get([1, 1, 2]));
  const text = makeJaxpr(grad(f))(jnp.zeros([4])).toString();
  assert.match(text, /scatter-add\[/);
  const g = grad((u: NDArray) =>
    jnp.sum(
      jnp
        .zeros([4])
        .at([3, 0, 3])
        .add(u)
        .mul(jnp.array([1, 2, 3, 4])),
    ),
  )(jnp.ones([3]));
  assert.deepEqual(g.toArray(), [4, 1, 4]);
  assert.match(makeJaxpr(grad((u: NDArray) => jnp.sum(jnp.zeros([4]).at([3, 0]).add(u))))(jnp.ones([2])).toString(), /gather\[/);
});

test("out-of-range updates get zero gradient (dropped)", () => {
  const g = grad((u: NDArray) => jnp.sum(jnp.zeros([3]).at([0, 7, -9]).add(u)))(jnp.ones([3]));
  assert.deepEqual(g.toArray(), [1, 0, 0]);
});

test("jvp of scatter-max averages tied tangents (as JAX)", () => {
  const x = jnp.array([1, 5, 0]);
  const [, t] = jvp((u: NDArray) => x.at([0, 0]).max(u), [jnp.array([3, 3])], [jnp.array([1, 3])]) as unknown as [NDArray, NDArray];
  assert.deepEqual(t.toArray(), [2, 0, 0]);
});

test("scatter-mul with repeated array indices has no updates gradient (JAX's NotImplementedError)", () => {
  assert.throws(() => grad((u: NDArray) => jnp.sum(jnp.ones([3]).at([0, 1]).mul(u)))(jnp.ones([2])), /unique_indices=True/);
});
