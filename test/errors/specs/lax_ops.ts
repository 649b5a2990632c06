// lax primitives and helpers: no implicit broadcasting or promotion, explicit
// dimension arguments (JAX's lax API, with its messages).
import { jnp, lax, type NDArray } from "../../../src/index.ts";
import { type Arg, type FnSpec, fn } from "../battery/spec.ts";

const f23 = jnp.array([
  [1, 2, 3],
  [4, 5, 6],
]);
const f32 = jnp.ones([3, 2]);
const i23 = jnp.arange(6).reshape([2, 3]);
const b23 = f23.gt(2);
const arr = (valid: unknown): Arg => ({ kind: "array", valid });
const flt = (valid: unknown = f23): Arg => ({ kind: "floatArray", valid });
const int = (valid: unknown = i23): Arg => ({ kind: "intArray", valid });
const num = (valid: unknown = f23): Arg => ({ kind: "array", valid, noBool: true });
const shapeMismatch = (f: (x: NDArray, y: NDArray) => NDArray, x: NDArray) => ({
  label: "shapes differ",
  call: () => f(x, x.reshape([3, 2])),
  problem: /incompatible shapes|\(2, 3\), \(3, 2\)/,
});
const dtypeMismatch = (f: (x: NDArray, y: NDArray) => NDArray) => ({
  label: "dtypes differ",
  call: () => f(f23, i23),
  problem: /same dtypes, got float32, int32/,
});

type Bin = (x: NDArray, y: NDArray) => NDArray;
function binary(name: string, f: Bin, x: (v?: unknown) => Arg, valid: NDArray, jaxName: string): FnSpec {
  return fn(`lax.${name}`, { x: x(valid), y: x(valid) }, (a) => f(a.x, a.y), {
    aliases: [jaxName],
    extra: [shapeMismatch(f, valid), ...(valid === f23 ? [dtypeMismatch(f)] : [])],
  });
}
function unary(name: string, f: (x: NDArray) => NDArray, x: Arg, jaxName = name): FnSpec {
  return fn(`lax.${name}`, { x }, (a) => f(a.x), { aliases: [jaxName] });
}

export const laxOpSpecs: FnSpec[] = [
  // Arithmetic on numbers (JAX rejects bool), max/min on anything, pow on floats.
  binary("add", lax.add, num, f23, "add"),
  binary("sub", lax.sub, num, f23, "sub"),
  binary("mul", lax.mul, num, f23, "mul"),
  binary("div", lax.div, num, f23, "div"),
  binary("max", lax.max, arr, f23, "max"),
  binary("min", lax.min, arr, f23, "min"),
  // pow takes a float base with a float exponent of its dtype or an integer exponent (JAX's pow_p).
  fn("lax.pow", { x: flt(), y: num() }, (a) => lax.pow(a.x, a.y), { aliases: ["pow"], extra: [shapeMismatch(lax.pow, f23)] }),
  binary("shiftLeft", lax.shiftLeft, int, i23, "shift_left"),
  binary("shiftRightLogical", lax.shiftRightLogical, int, i23, "shift_right_logical"),
  binary("bitwiseAnd", lax.bitwiseAnd, int, i23, "and"),
  binary("bitwiseOr", lax.bitwiseOr, int, i23, "or"),
  binary("bitwiseXor", lax.bitwiseXor, int, i23, "xor"),
  unary("neg", lax.neg, num()),
  unary("abs", lax.abs, num()),
  unary("sign", lax.sign, num()),
  ...(["exp", "log", "tanh", "logistic", "sqrt", "rsqrt", "floor", "ceil"] as const).map((n) => unary(n, lax[n], flt())),
  unary("erf", lax.erf, flt()),
  unary("erfInv", lax.erfInv, flt(), "erf_inv"),
  fn(
    "lax.round",
    {
      x: flt(),
      roundingMethod: { kind: "int", valid: 1, optional: true, bad: [{ label: "unknown method", value: 2, problem: /rounding_method/ }] },
    },
    (a) => lax.round(a.x, a.roundingMethod),
  ),
  fn(
    "lax.select",
    { pred: { kind: "boolArray", valid: b23 }, onTrue: arr(f23), onFalse: arr(f23) },
    (a) => lax.select(a.pred, a.onTrue, a.onFalse),
    {
      extra: [
        {
          label: "pred shape",
          call: () => lax.select(b23.get(0), f23, f23),
          problem: /pred must be scalar or have the same shape as cases/,
        },
        { label: "case shapes", call: () => lax.select(b23, f23, f32), problem: /\(2, 3\).*\(3, 2\)|same shape/ },
      ],
    },
  ),
  fn("lax.clamp", { min: arr(0), x: arr(f23), max: arr(5) }, (a) => lax.clamp(a.min, a.x, a.max), {
    extra: [{ label: "bound shape", call: () => lax.clamp(jnp.zeros([3]), f23, 5), problem: /clamp/ }],
  }),
  fn(
    "lax.dotGeneral",
    {
      lhs: arr(f23),
      rhs: arr(f32),
      dimensionNumbers: {
        kind: "other",
        valid: [
          [[1], [0]],
          [[], []],
        ],
        bad: [
          { label: "string", value: "abc", problem: /dimension_numbers/ },
          {
            label: "NaN dimension",
            value: [
              [[NaN], [0]],
              [[], []],
            ],
            problem: /NaN/,
          },
          {
            label: "contracting dim out of range",
            value: [
              [[2], [0]],
              [[], []],
            ],
            problem: /out of range|out of bounds/,
          },
          { label: "not a pair of pairs", value: [[1], [0]], problem: /dimension_numbers/ },
          { label: "undefined", value: undefined, problem: /dimension_numbers|undefined/ },
        ],
      },
    },
    (a) => lax.dotGeneral(a.lhs, a.rhs, a.dimensionNumbers),
    {
      aliases: ["dot_general"],
      extra: [
        {
          label: "contracting sizes",
          call: () =>
            lax
              .dotGeneral(f23, f23, [
                [[1], [1]],
                [[], []],
              ])
              .add(
                lax.dotGeneral(f23, f32, [
                  [[0], [0]],
                  [[], []],
                ]),
              ),
          problem: /contracting dimensions to have the same shape/,
        },
      ],
    },
  ),
  fn(
    "lax.broadcastInDim",
    {
      x: arr(jnp.ones([3])),
      shape: {
        kind: "shape",
        valid: [2, 3],
        skip: ["too large to allocate"],
        bad: [{ label: "too large to allocate", value: [1e10, 3], problem: /allocat/ }],
      },
      broadcastDimensions: { kind: "intList", valid: [1], bad: [{ label: "out of range", value: [2], problem: /broadcast_dimensions/ }] },
    },
    (a) => lax.broadcastInDim(a.x, a.shape, a.broadcastDimensions),
    { aliases: ["broadcast_in_dim"] },
  ),
  // lax.reshape takes no -1, and a huge shape is a size mismatch.
  fn(
    "lax.reshape",
    { x: arr(f23), newSizes: { kind: "shape", valid: [3, 2], skip: ["too large to allocate"] } },
    (a) => lax.reshape(a.x, a.newSizes),
    {
      extra: [{ label: "size mismatch", call: () => lax.reshape(f23, [4, 2]), problem: /total size must be unchanged/ }],
    },
  ),
  fn(
    "lax.transpose",
    {
      x: arr(f23),
      permutation: {
        kind: "intList",
        valid: [1, 0],
        bad: [
          { label: "repeated", value: [0, 0], problem: /permutation/ },
          { label: "too short", value: [0], problem: /permutation/ },
        ],
      },
    },
    (a) => lax.transpose(a.x, a.permutation),
  ),
  ...(["reduceSum", "reduceMax", "reduceMin"] as const).map((n) =>
    fn(`lax.${n}`, { x: arr(f23), axes: { kind: "axes", valid: [1], ndim: 2 } }, (a) => lax[n](a.x, a.axes), {
      aliases: [n.replace("reduce", "reduce_").toLowerCase()],
    }),
  ),
  fn(
    "lax.slice",
    {
      x: arr(f23),
      startIndices: { kind: "intList", valid: [0, 1], bad: [{ label: "wrong length", value: [0], problem: /length 2/ }] },
      limitIndices: {
        kind: "intList",
        valid: [2, 3],
        bad: [{ label: "past the end", value: [2, 4], problem: /limit_indices|out of range/ }],
      },
      strides: { kind: "intList", valid: [1, 2], optional: true, bad: [{ label: "zero stride", value: [1, 0], problem: /strides/ }] },
    },
    (a) => lax.slice(a.x, a.startIndices, a.limitIndices, a.strides),
  ),
  fn(
    "lax.dynamicSlice",
    {
      x: arr(f23),
      // Start indices may also be arrays, so a string entry is an array-conversion error.
      startIndices: {
        kind: "intList",
        valid: [0, 1],
        bad: [{ label: "too few", value: [0], problem: /one start index per operand dimension/ }],
      },
      sliceSizes: { kind: "shape", valid: [1, 2], bad: [{ label: "larger than operand", value: [3, 2], problem: /slice_sizes/ }] },
    },
    (a) => lax.dynamicSlice(a.x, a.startIndices, a.sliceSizes),
    { aliases: ["dynamic_slice"] },
  ),
  fn(
    "lax.dynamicUpdateSlice",
    {
      x: arr(f23),
      update: arr(jnp.ones([1, 2])),
      startIndices: { kind: "intList", valid: [1, 1] },
    },
    (a) => lax.dynamicUpdateSlice(a.x, a.update, a.startIndices),
    {
      aliases: ["dynamic_update_slice"],
      extra: [{ label: "update too big", call: () => lax.dynamicUpdateSlice(f23, jnp.ones([3, 1]), [0, 0]), problem: /update shape/ }],
    },
  ),
  fn(
    "lax.dynamicIndexInDim",
    { x: arr(f23), index: { kind: "intArray", valid: 1 }, axis: { kind: "axis", valid: 1, ndim: 2, optional: true } },
    (a) => lax.dynamicIndexInDim(a.x, a.index, a.axis),
    { aliases: ["dynamic_index_in_dim", "dynamic_slice"] },
  ),
  fn(
    "lax.concatenate",
    { xs: { kind: "arrays", valid: [f23, f23] }, dimension: { kind: "axis", valid: 1, ndim: 2 } },
    (a) => lax.concatenate(a.xs, a.dimension),
    {
      extra: [
        { label: "shapes differ", call: () => lax.concatenate([f23, f32], 0), problem: /shapes that differ/ },
        { label: "dtypes differ", call: () => lax.concatenate([f23, i23], 0), problem: /different dtypes/ },
      ],
    },
  ),
  fn(
    "lax.pad",
    {
      x: arr(f23),
      paddingValue: arr(0),
      paddingConfig: {
        kind: "other",
        valid: [
          [1, 1, 0],
          [0, 0, 1],
        ],
        bad: [
          { label: "undefined", value: undefined, problem: /padding_config/ },
          { label: "string", value: "abc", problem: /padding_config/ },
          { label: "one triple short", value: [[1, 1, 0]], problem: /one \(lo, hi, interior\) triple per dimension/ },
          {
            label: "negative interior",
            value: [
              [0, 0, -1],
              [0, 0, 0],
            ],
            problem: /interior/,
          },
          {
            label: "NaN entry",
            value: [
              [NaN, 0, 0],
              [0, 0, 0],
            ],
            problem: /NaN/,
          },
        ],
      },
    },
    (a) => lax.pad(a.x, a.paddingValue, a.paddingConfig),
    {
      extra: [
        {
          label: "non-scalar padding value",
          call: () =>
            lax.pad(f23, jnp.zeros([2]), [
              [0, 0, 0],
              [0, 0, 0],
            ]),
          problem: /padding_value must be a scalar/,
        },
      ],
    },
  ),
  fn("lax.iota", { dtype: { kind: "dtype", valid: "int32" }, size: { kind: "count", valid: 4 } }, (a) => lax.iota(a.dtype, a.size), {
    extra: [{ label: "too large to allocate", call: () => lax.iota("int32", 1e10), problem: /allocat/ }],
  }),
  fn(
    "lax.convertElementType",
    { x: arr(f23), newDtype: { kind: "dtype", valid: "int32" } },
    (a) => lax.convertElementType(a.x, a.newDtype),
    {
      aliases: ["convert_element_type"],
    },
  ),
  fn(
    "lax.bitcastConvertType",
    { x: arr(f23), newDtype: { kind: "dtype", valid: "int32" } },
    (a) => lax.bitcastConvertType(a.x, a.newDtype),
    {
      aliases: ["bitcast_convert_type"],
      extra: [{ label: "width differs", call: () => lax.bitcastConvertType(f23, "bool"), problem: /bitcast/ }],
    },
  ),
  ...(["cumsum", "cumprod", "cummax"] as const).map((n) =>
    fn(`lax.${n}`, { x: arr(f23), axis: { kind: "axis", valid: 1, ndim: 2, optional: true } }, (a) => lax[n](a.x, a.axis)),
  ),
  // A JS list is lax.sort's list of operands (as a Python sequence is in JAX), so a ragged list is
  // operands of unequal shapes; an object in the dimension's place is the options object.
  fn(
    "lax.sort",
    {
      x: { kind: "array", valid: f23, skip: ["ragged nested array"] },
      dimension: { kind: "axis", valid: 0, ndim: 2, optional: true, skip: ["plain object"] },
    },
    (a) => lax.sort(a.x, a.dimension),
    {
      extra: [
        { label: "0-d operand", call: () => lax.sort(jnp.array(1)), problem: /rank >= 1/ },
        { label: "operands of unequal shapes", call: () => lax.sort([f23, f32]), problem: /equal shapes/ },
      ],
    },
  ),
  fn("lax.stopGradient", { x: { kind: "leaves", valid: { a: f23 } } }, (a) => lax.stopGradient(a.x), { aliases: ["stop_gradient"] }),
];
