// lax.gather, lax.scatterAdd and lax.convGeneralDilated: dimension-number objects, index arrays, windows.
import { jnp, lax } from "../../../src/index.ts";
import { type FnSpec, fn } from "../battery/spec.ts";

const f23 = jnp.array([
  [1, 2, 3],
  [4, 5, 6],
]);
const rows = jnp.array([[0], [1]], { dtype: "int32" });
const gdn = { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0] };
const sdn = { updateWindowDims: [1], insertedWindowDims: [0], scatterDimsToOperandDims: [0] };
const image = jnp.ones([1, 1, 5, 5]);
const kernel = jnp.ones([1, 1, 3, 3]);

export const gatherConvSpecs: FnSpec[] = [
  fn(
    "lax.gather",
    {
      operand: { kind: "array", valid: f23 },
      startIndices: { kind: "intArray", valid: rows },
      dimensionNumbers: {
        kind: "other",
        valid: gdn,
        bad: [
          { label: "undefined", value: undefined, problem: /dimension_numbers/ },
          { label: "string", value: "abc", problem: /\babc\b/ },
          { label: "missing field", value: { offsetDims: [1], collapsedSliceDims: [0] }, problem: /start_index_map|startIndexMap/ },
          { label: "dim out of range", value: { ...gdn, startIndexMap: [5] }, problem: /start_index_map|out of bounds|range/ },
        ],
      },
      sliceSizes: {
        kind: "shape",
        valid: [1, 3],
        skip: ["too large to allocate"],
        bad: [{ label: "larger than operand", value: [1, 4], problem: /slice.size/i }],
      },
    },
    (a) => lax.gather(a.operand, a.startIndices, a.dimensionNumbers, a.sliceSizes),
    {
      // JAX's gather messages name the dimension-number fields and "indices" rather than the function.
      aliases: ["GatherDimensionNumbers", "start_index_map", "indices"],
      extra: [{ label: "unknown mode", call: () => lax.gather(f23, rows, gdn, [1, 3], { mode: "wrap" as never }), problem: /mode/ }],
    },
  ),
  fn(
    "lax.scatterAdd",
    {
      operand: { kind: "array", valid: f23 },
      scatterIndices: { kind: "intArray", valid: rows },
      updates: {
        kind: "array",
        valid: jnp.ones([2, 3]),
        bad: [{ label: "wrong update shape", value: jnp.ones([2, 4]), problem: /updates|shape/ }],
      },
      dimensionNumbers: {
        kind: "other",
        valid: sdn,
        bad: [
          { label: "undefined", value: undefined, problem: /dimension_numbers/ },
          { label: "string", value: "abc", problem: /\babc\b/ },
          { label: "missing field", value: { updateWindowDims: [1] }, problem: /inserted_window_dims|insertedWindowDims/ },
        ],
      },
    },
    (a) => lax.scatterAdd(a.operand, a.scatterIndices, a.updates, a.dimensionNumbers),
    { aliases: ["scatter_add", "scatter", "ScatterDimensionNumbers", "indices"] },
  ),
  fn(
    "lax.convGeneralDilated",
    {
      lhs: { kind: "array", valid: image },
      rhs: { kind: "array", valid: kernel },
      windowStrides: {
        kind: "shape",
        valid: [1, 1],
        skip: ["too large to allocate"],
        bad: [
          { label: "zero stride", value: [0, 1], problem: /stride/ },
          { label: "wrong length", value: [1], problem: /stride/ },
        ],
      },
      padding: {
        kind: "other",
        valid: "SAME",
        bad: [
          { label: "undefined", value: undefined, problem: /padding/ },
          { label: "plain object", value: { a: 1 }, problem: /object/ },
          { label: "unknown padding", value: "FULL", problem: /FULL/ },
          { label: "wrong pair count", value: [[1, 1]], problem: /explicit pads/ },
        ],
      },
    },
    (a) => lax.convGeneralDilated(a.lhs, a.rhs, a.windowStrides, a.padding),
    {
      aliases: ["conv_general_dilated", "conv", "convolution"],
      extra: [
        {
          label: "feature count differs",
          call: () => lax.convGeneralDilated(jnp.ones([1, 2, 5, 5]), kernel, [1, 1], "VALID"),
          problem: /feature|group/,
        },
        {
          label: "rank differs",
          call: () => lax.convGeneralDilated(jnp.ones([1, 5, 5]), kernel, [1, 1], "VALID"),
          problem: /ndim to be equal, got 3 and 4/,
        },
      ],
    },
  ),
];
