// The hand-picked bad inputs that predate the generated battery: one call and
// the message it must raise, across namespaces (kept as they were written).
import { grad, jit, jnp, jvp, lax, nn, tree, vjp, vmap, type NDArray } from "../../../src/index.ts";

export type Case = [string, () => unknown, RegExp];
export const handPicked: Case[] = [
  ["broadcasting", () => jnp.add(jnp.ones([2, 3]), jnp.ones([4])), /add: Incompatible shapes for broadcasting: \(2, 3\), \(4,\)/],
  ["axis out of range", () => jnp.sum(jnp.ones([2, 3]), 5), /axis 5 is out of bounds for array of dimension 2/],
  ["fractional axis", () => jnp.sum(jnp.ones([2, 3]), 0.5), /axis must be an integer, got 0.5/],
  ["negative shape", () => jnp.zeros([2, -1]), /zeros shape must contain only non-negative integers.*bad entry: -1/],
  ["NaN shape", () => jnp.ones([NaN]), /ones shape .*bad entry: NaN/],
  ["too large to allocate", () => jnp.zeros([1e6, 1e6]), /more than can be allocated/],
  ["ragged nested array", () => jnp.array([[1, 2], [3]]), /inhomogeneous shape/],
  ["string as array", () => jnp.array("abc" as never), /got the string "abc"/],
  ["undefined operand", () => jnp.add(undefined as never, 1), /add argument 0 .* got undefined/],
  ["string operand", () => jnp.exp("x" as never), /exp argument 0 .* got the string "x"/],
  ["bad dtype", () => jnp.ones([2]).astype("complex256" as never), /astype dtype must be one of .* got "complex256"/],
  ["bad dtype option", () => jnp.zeros([2], { dtype: "int3" as never }), /zeros dtype must be one of/],
  [
    "reshape size",
    () => jnp.reshape(jnp.ones([2, 3]), [4, 2]),
    /cannot reshape array of shape \(2, 3\) \(size 6\) into shape \(4, 2\) \(size 8\)/,
  ],
  ["transpose axes", () => jnp.transpose(jnp.ones([2, 3]), [0, 0]), /axes \[0,0\] don't match array of shape \(2, 3\)/],
  ["concatenate shapes", () => jnp.concatenate([jnp.ones([2, 3]), jnp.ones([2, 4])], 0), /shapes \(2, 3\), \(2, 4\)/],
  ["matmul core dims", () => jnp.matmul(jnp.ones([2, 3]), jnp.ones([4, 2])), /matmul: .*size 4 is different from 3/],
  ["dot alignment", () => jnp.dot(jnp.ones([2, 3]), jnp.ones([4, 2])), /shapes \(2, 3\) and \(4, 2\) are not aligned/],
  ["empty max", () => jnp.max(jnp.zeros([0])), /zero-size array to reduction operation max which has no identity/],
  ["empty argmax", () => jnp.argmax(jnp.zeros([0])), /attempt to get argmax of an empty sequence/],
  ["too many indices", () => jnp.ones([2]).get(0, 0), /Too many indices: array is 1-dimensional, but 2 were indexed/],
  [
    "squeeze non-unit",
    () => jnp.squeeze(jnp.ones([2, 3]), 0),
    /cannot select an axis to squeeze out which has size not equal to one, got shape=\(2, 3\)/,
  ],
  ["uneven split", () => jnp.split(jnp.ones([5]), 2), /axis of size 5 into 2 sections/],
  ["stack shapes", () => jnp.stack([jnp.ones([2]), jnp.ones([3])]), /same shape; got shapes \(2,\), \(3,\)/],
  ["broadcastTo", () => jnp.broadcastTo(jnp.ones([3]), [2, 4]), /Incompatible shapes for broadcasting: \(3,\), \(2, 4\)/],
  [
    "lax dtypes",
    () => lax.add(jnp.ones([2]), jnp.ones([2], { dtype: "int32" })),
    /add requires arguments to have the same dtypes, got float32, int32/,
  ],
  [
    "lax dot_general",
    () =>
      lax.dotGeneral(jnp.ones([2, 3]), jnp.ones([4, 2]), [
        [[1], [0]],
        [[], []],
      ]),
    /contracting dimensions to have the same shape, got \(3,\) and \(4,\)/,
  ],
  ["lax slice", () => lax.slice(jnp.ones([3]), [0], [5]), /limit_indices \(5,\).*operand of shape \(3,\)/],
  ["tree structure", () => tree.map((a: unknown) => a, { a: 1 }, { b: 2 }), /different pytree metadata at key path/],
  ["jit non-function", () => jit(3 as never), /jit expects a function, got 3/],
  [
    "vmap axis",
    () => vmap((x: NDArray) => x, { inAxes: 2 })(jnp.ones([3])),
    /axis 2, which implies that its rank should be at least 3, but is only 1/,
  ],
  ["vmap sizes", () => vmap((a: NDArray, b: NDArray) => a.add(b))(jnp.ones([2]), jnp.ones([3])), /inconsistent sizes/],
  ["jvp shapes", () => jvp((x: NDArray) => x, [jnp.ones([2])], [jnp.ones([3])]), /primal shape \(2,\) and tangent shape as \(3,\)/],
  [
    "vjp cotangent shape",
    () => vjp((x: NDArray) => x, jnp.ones([2]))[1](jnp.ones([3])),
    /for argument to VJP function: got float32\[3\], but expected float32\[2\]/,
  ],
  [
    "vjp cotangent structure",
    () => vjp((x: NDArray) => [x, x], jnp.ones([2]))[1](jnp.ones([2]) as never),
    /Tree structure of cotangent input/,
  ],
  ["linspace num", () => jnp.linspace(0, 1, -1), /num must be a non-negative integer, got -1/],
  ["arange NaN", () => jnp.arange(NaN), /start must be a finite number, got NaN/],
  ["oneHot classes", () => nn.oneHot(jnp.array([1, 2]), -1), /numClasses must be a non-negative integer, got -1/],
  ["traced value as number", () => jit((x: NDArray) => (Number(x) > 0 ? x : x))(jnp.array(1)), /Abstract tracer value encountered/],
  ["grad of non-scalar", () => grad((x: NDArray) => x)(jnp.ones([2])), /Gradient only defined for scalar-output functions/],
];
