// lax control flow: functions, carries and xs pytrees, predicates and indices.
import { jnp, lax, type NDArray } from "../../../src/index.ts";
import { type FnSpec, fn } from "../battery/spec.ts";

const xs = jnp.arange(4).astype("float32");
const id = (v: unknown) => v;
const step = (c: NDArray, x: NDArray): [NDArray, NDArray] => [c.add(x), c];
const fnArg = (valid: unknown) => ({ kind: "fn", valid }) as const;

export const controlSpecs: FnSpec[] = [
  fn(
    "lax.cond",
    {
      pred: {
        kind: "array",
        valid: true,
        bad: [
          { label: "float pred", value: jnp.array(1.0), problem: /Pred type must be either boolean or number, got float32/ },
          { label: "vector pred", value: jnp.array([true, false]), problem: /Pred must be a scalar/ },
        ],
      },
      trueFn: fnArg(id),
      falseFn: fnArg(id),
      operand: { kind: "leaves", valid: xs },
    },
    (a) => lax.cond(a.pred, a.trueFn, a.falseFn, a.operand),
    {
      aliases: ["true_fun", "false_fun"],
      extra: [
        {
          label: "branch outputs differ in structure",
          call: () =>
            lax.cond(
              true,
              (v: NDArray) => [v],
              (v: NDArray) => v,
              xs,
            ),
          problem: /same type structure/,
        },
        {
          label: "branch outputs differ in dtype",
          call: () =>
            lax.cond(
              true,
              (v: NDArray) => v,
              (v: NDArray) => v.astype("int32"),
              xs,
            ),
          problem: /identical types/,
        },
      ],
    },
  ),
  fn(
    "lax.switch",
    {
      index: { kind: "intArray", valid: 1, bad: [{ label: "vector index", value: jnp.array([0, 1]), problem: /scalar/ }] },
      branches: {
        kind: "fn",
        valid: [id, id],
        skip: ["undefined", "number", "string", "plain object"],
        bad: [
          { label: "empty list", value: [], problem: /non-empty/ },
          { label: "not a list", value: id, problem: /branches/ },
          { label: "a non-function branch", value: [id, 3], problem: /function/ },
        ],
      },
      operand: { kind: "leaves", valid: xs },
    },
    (a) => lax.switch(a.index, a.branches, a.operand),
  ),
  fn(
    "lax.whileLoop",
    {
      condFn: fnArg((v: NDArray) => v.lt(3)),
      bodyFn: fnArg((v: NDArray) => v.add(1)),
      initVal: { kind: "leaves", valid: jnp.array(0) },
    },
    (a) => lax.whileLoop(a.condFn, a.bodyFn, a.initVal),
    {
      aliases: ["while_loop", "cond_fun"],
      extra: [
        {
          label: "cond returns a vector",
          call: () =>
            lax.whileLoop(
              (v: NDArray) => v.lt(3),
              (v: NDArray) => v,
              jnp.zeros([2]),
            ),
          problem: /boolean scalar/,
        },
        {
          label: "body changes structure",
          call: () =>
            lax.whileLoop(
              (v: NDArray) => v.lt(3),
              (v: NDArray) => [v] as never,
              jnp.array(0),
            ),
          problem: /same pytree structure/,
        },
      ],
    },
  ),
  fn(
    "lax.foriLoop",
    {
      lower: { kind: "intArray", valid: 0 },
      upper: { kind: "intArray", valid: 3 },
      bodyFn: fnArg((i: NDArray, v: NDArray) => v.add(i)),
      initVal: { kind: "leaves", valid: jnp.array(0) },
    },
    (a) => lax.foriLoop(a.lower, a.upper, a.bodyFn, a.initVal),
    {
      // JAX: "lower and upper arguments to fori_loop must have equal types, got float32 and int32".
      aliases: ["fori_loop", "while_loop"],
    },
  ),
  fn(
    "lax.scan",
    {
      f: fnArg(step),
      init: { kind: "leaves", valid: jnp.array(0) },
      xs: { kind: "leaves", valid: xs, bad: [{ label: "0-d xs", value: jnp.array(1), problem: /no leading axis/ }] },
      length: {
        kind: "count",
        valid: 4,
        optional: true,
        bad: [{ label: "length disagrees", value: 3, problem: /disagrees with leading axis sizes 4/ }],
      },
    },
    (a) => lax.scan(a.f, a.init, a.xs, { length: a.length }),
    {
      extra: [
        {
          label: "xs of different lengths",
          call: () => lax.scan((c: NDArray, x: NDArray[]) => [c, x[0]], 0, [xs, jnp.ones([3])]),
          problem: /different leading axis sizes/,
        },
        { label: "body returns no pair", call: () => lax.scan((c: NDArray) => c as never, 0, xs), problem: /pair \[carry, y\]/ },
        { label: "no xs and no length", call: () => lax.scan(step, 0, null as never), problem: /no values to scan over/ },
        {
          label: "body changes the carry structure",
          call: () => lax.scan((c: NDArray, x: NDArray) => [[c], x] as never, jnp.array(0), xs),
          problem: /same pytree structure/,
        },
      ],
    },
  ),
  fn(
    "lax.associativeScan",
    {
      fn: fnArg((a: NDArray, b: NDArray) => a.add(b)),
      elems: { kind: "leaves", valid: xs },
      axis: { kind: "axis", valid: 0, ndim: 1, optional: true },
    },
    (a) => lax.associativeScan(a.fn, a.elems, { axis: a.axis }),
    {
      aliases: ["associative_scan"],
      extra: [
        {
          label: "leading sizes differ",
          call: () => lax.associativeScan((a: NDArray[], b: NDArray[]) => [a[0].add(b[0]), a[1]], [xs, jnp.ones([3])]),
          problem: /same first dimension/,
        },
      ],
    },
  ),
  fn(
    "lax.map",
    {
      f: fnArg((x: NDArray) => x.mul(2)),
      xs: { kind: "leaves", valid: xs, bad: [{ label: "0-d xs", value: jnp.array(1), problem: /no leading axis/ }] },
    },
    (a) => lax.map(a.f, a.xs),
    { aliases: ["scan"] },
  ),
];
