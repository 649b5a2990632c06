// The rules the rule table (rule_table.test.ts) records as decisions:
// cumlogsumexp's JVP (against real JAX numbers and finite differences) and
// the zero tangents of the boolean reductions and bitcast_convert_type.
import assert from "node:assert/strict";
import { test } from "node:test";
import { config, Float0Array, grad, jnp, jvp, lax, type NDArray } from "../../src/index.ts";
import { Zero } from "../../src/core/primitive.ts";
import { bitcastConvertTypeP } from "../../src/lax/elementwise.ts";
import { reduceAndP, reduceOrP, reduceXorP } from "../../src/lax/reduce.ts";
import { assertClose, checkGrads } from "../helpers/check_grads.ts";

function withX64<T>(f: () => T): T {
  const prev = config.enableX64;
  config.update("enableX64", true);
  try {
    return f();
  } finally {
    config.update("enableX64", prev);
  }
}

// x spans 1000 in a row, where one cumsum of e^x·t / e^y would under- or overflow.
const X = [
  [-1000, 0, 3, 2.5, -1],
  [0.5, 0.25, -2, 1, 7],
];
const T = [
  [1, -2, 0.5, 3, 1.5],
  [-1, 2, 0.25, -0.5, 1],
];
// jax.jvp(lambda a: lax.cumlogsumexp(a, axis, reverse), (X,), (T,)) in float64, JAX 0.10.2.
const JAX_JVP: Array<{ axis: number; reverse: boolean; want: number[][] }> = [
  {
    axis: 0,
    reverse: false,
    want: [
      [1, -2, 0.5, 3, 1.5],
      [-1, 0.2487060035431925, 0.4983267872689287, 2.361510666677753, 1.000167675065233],
    ],
  },
  {
    axis: 1,
    reverse: false,
    want: [
      [1, -2, 0.3814353170560831, 1.3403333217805657, 1.3420796128067163],
      [-1, 0.31347049734260557, 0.31067076845098085, -0.07016107953829584, 0.9943829538528886],
    ],
  },
  {
    axis: 0,
    reverse: true,
    want: [
      [-1, 0.2487060035431925, 0.4983267872689287, 2.361510666677753, 1.000167675065233],
      [-1, 2, 0.25, -0.5, 1],
    ],
  },
  {
    axis: 1,
    reverse: true,
    want: [
      [1.342079612806716, 1.342079612806716, 1.4444845887831388, 2.956031653872966, 1.5],
      [0.9943829538528896, 0.9973701166619691, 0.9961992046670481, 0.9962910652650482, 1],
    ],
  },
];

test("cumlogsumexp jvp equals JAX's (float64, values 1000 apart)", () => {
  withX64(() => {
    const x = jnp.array(X, { dtype: "float64" });
    const t = jnp.array(T, { dtype: "float64" });
    for (const { axis, reverse, want } of JAX_JVP) {
      const f = (a: NDArray) => lax.cumlogsumexp(a, axis, { reverse });
      const [, dy] = jvp(f, [x], [t]) as unknown as [NDArray, NDArray];
      assertClose(dy, jnp.array(want, { dtype: "float64" }), 1e-12, 1e-12, `axis ${axis} reverse ${reverse}`);
    }
  });
});

test("cumlogsumexp gradient equals JAX's (float32)", () => {
  const x = jnp.array([
    [0.5, -1.0, 2.0],
    [3.0, 0.25, -0.75],
  ]);
  const f = (axis: number, reverse: boolean) => (v: NDArray) => jnp.sum(jnp.sin(lax.cumlogsumexp(v, axis, { reverse })));
  // jax.grad of the same functions, JAX 0.10.2.
  const want1 = [
    [1.3932294845581055, 0.1150563657283783, -0.4881618022918701],
    [-2.844980239868164, -0.11858540028333664, -0.021590525284409523],
  ];
  const want0r = [
    [-0.07570909708738327, 0.19523145258426666, -0.44331860542297363],
    [-1.9123181104660034, 1.6503371000289917, 0.7033484578132629],
  ];
  assertClose(grad(f(1, false))(x) as NDArray, jnp.array(want1), 1e-5, 1e-6, "axis 1");
  assertClose(grad(f(0, true))(x) as NDArray, jnp.array(want0r), 1e-5, 1e-6, "axis 0 reverse");
});

test("checkGrads: cumlogsumexp, both directions, first and second order", () => {
  const x = [
    [0.3, -1.2, 2.0, 0.7],
    [1.1, 0.4, -0.6, 2.2],
    [-0.9, 1.5, 0.1, -2.0],
  ];
  for (const axis of [0, 1]) {
    for (const reverse of [false, true]) {
      checkGrads((v: NDArray) => lax.cumlogsumexp(v, axis, { reverse }), [x], { order: 2 });
    }
  }
});

test("boolean reductions have zero tangents", () => {
  const b = jnp.array([
    [true, false],
    [true, true],
  ]);
  const cases = [
    [reduceAndP, [1, 0]],
    [reduceOrP, [1, 1]],
    [reduceXorP, [0, 1]],
  ] as const;
  for (const [p, want] of cases) {
    const [[ans], [t]] = p.rules.jvp!([b], [b], { axes: [0] });
    assert.deepEqual(Array.from(ans.dataSync() as ArrayLike<number>, Number), want, `${p.name} value`);
    assert.ok(t instanceof Zero, `${p.name} tangent is a symbolic zero`);
    assert.deepEqual(t.aval.shape, [2]);
  }
});

test("bitcast_convert_type has a zero tangent, as JAX's ad.defjvp_zero", () => {
  const x = jnp.array([1.5, -2, 3]);
  const [y, t] = jvp((v: NDArray) => lax.bitcastConvertType(v, "int32"), [x], [x]) as unknown as [NDArray, Float0Array];
  assert.equal(y.dtype, "int32");
  // An integer output's tangent is float0 zeros, as JAX's.
  assert.ok(t instanceof Float0Array);
  assert.deepEqual(t.shape, [3]);
  const [, [zt]] = bitcastConvertTypeP.rules.jvp!([x], [x], { new_dtype: "int32" });
  assert.ok(zt instanceof Zero);
  // jax.grad(lambda v: sum(v * bitcast(bitcast(v, int32), float32)))(x) == x: no gradient through the bits.
  const f = (v: NDArray) => jnp.sum(jnp.multiply(v, lax.bitcastConvertType(lax.bitcastConvertType(v, "int32"), "float32")));
  assertClose(grad(f)(x) as NDArray, x, 0, 0, "grad through bitcast");
});
