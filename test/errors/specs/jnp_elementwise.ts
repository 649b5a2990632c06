// jnp elementwise functions: every operand is array-like; binary ones broadcast.
import { jit, jnp, type NDArray } from "../../../src/index.ts";
import { type Arg, type FnSpec, fn } from "../battery/spec.ts";

type Unary = (x: NDArray) => NDArray;
type Binary = (x: NDArray, y: NDArray) => NDArray;

const m23 = jnp.array([
  [0.1, 0.2, 0.3],
  [0.4, 0.5, 0.6],
]);
const row = jnp.array([0.5, 0.25, 0.125]);
// JAX's lax.neg and lax.sign accept numbers only, so bool raises for these (the message names the lax op).
const NO_BOOL = new Set(["negative", "sign"]);

function x(name: string, valid: unknown = m23): Arg {
  return { kind: "array", valid, noBool: NO_BOOL.has(name) };
}

function unary(name: string, f: Unary, aliases: string[] = []): FnSpec {
  return fn(`jnp.${name}`, { x: x(name) }, (a) => f(a.x), { aliases });
}

function binary(name: string, f: Binary, aliases: string[] = []): FnSpec {
  return fn(`jnp.${name}`, { x: x(name), y: x(name, row) }, (a) => f(a.x, a.y), {
    aliases,
    extra: [
      {
        label: "incompatible shapes",
        call: () => f(jnp.ones([2, 3]), jnp.ones([4])),
        problem: /Incompatible shapes for broadcasting: \(2, 3\), \(4,\)/,
      },
    ],
  });
}

const bools = jnp.array([true, false]);

const UNARY: Array<[string, Unary, string[]?]> = [
  ["negative", jnp.negative, ["neg"]],
  ["abs", jnp.abs],
  ["sign", jnp.sign],
  ["exp", jnp.exp],
  ["exp2", jnp.exp2],
  ["expm1", jnp.expm1],
  ["log", jnp.log],
  ["log1p", jnp.log1p],
  ["log2", jnp.log2],
  ["log10", jnp.log10],
  ["sqrt", jnp.sqrt],
  ["rsqrt", jnp.rsqrt],
  ["cbrt", jnp.cbrt],
  ["square", jnp.square],
  ["reciprocal", jnp.reciprocal],
  ["sin", jnp.sin],
  ["cos", jnp.cos],
  ["tan", jnp.tan],
  ["arcsin", jnp.arcsin],
  ["arccos", jnp.arccos],
  ["arctan", jnp.arctan],
  ["sinh", jnp.sinh],
  ["cosh", jnp.cosh],
  ["tanh", jnp.tanh],
  ["arcsinh", jnp.arcsinh],
  ["arccosh", jnp.arccosh],
  ["arctanh", jnp.arctanh],
  ["floor", jnp.floor],
  ["ceil", jnp.ceil],
  ["trunc", jnp.trunc],
  ["isnan", jnp.isnan],
  ["isinf", jnp.isinf],
  ["isfinite", jnp.isfinite],
  ["logicalNot", jnp.logicalNot],
];

const BINARY: Array<[string, Binary, string[]?]> = [
  ["add", jnp.add],
  ["subtract", jnp.subtract, ["sub"]],
  ["multiply", jnp.multiply],
  ["divide", jnp.divide, ["true_divide"]],
  ["trueDivide", jnp.trueDivide],
  ["floorDivide", jnp.floorDivide],
  ["power", jnp.power],
  ["mod", jnp.mod, ["remainder"]],
  ["arctan2", jnp.arctan2],
  ["maximum", jnp.maximum],
  ["minimum", jnp.minimum],
  ["logicalAnd", jnp.logicalAnd],
  ["logicalOr", jnp.logicalOr],
  ["logicalXor", jnp.logicalXor],
  ["equal", jnp.equal],
  ["notEqual", jnp.notEqual],
  ["greater", jnp.greater],
  ["greaterEqual", jnp.greaterEqual],
  ["less", jnp.less],
  ["lessEqual", jnp.lessEqual],
];

function withExtra(spec: FnSpec, extra: NonNullable<FnSpec["extra"]>): FnSpec {
  return { ...spec, extra: [...(spec.extra ?? []), ...extra] };
}

export const elementwiseSpecs: FnSpec[] = [
  ...UNARY.map(([n, f, al]) => unary(n, f, al)),
  ...BINARY.map(([n, f, al]) =>
    n === "subtract"
      ? withExtra(binary(n, f, al), [{ label: "two bool arrays", call: () => f(bools, bools), problem: /sub does not accept dtype bool/ }])
      : binary(n, f, al),
  ),
  fn("jnp.round", { x: x("round"), decimals: { kind: "int", valid: 1, optional: true } }, (a) => jnp.round(a.x, a.decimals)),
  fn(
    "jnp.clip",
    {
      x: x("clip"),
      min: { kind: "array", valid: 0.2, optional: true },
      max: { kind: "array", valid: row, optional: true },
    },
    (a) => jnp.clip(a.x, a.min, a.max),
    {
      extra: [{ label: "bound does not broadcast", call: () => jnp.clip(m23, jnp.ones([4])), problem: /Incompatible shapes/ }],
    },
  ),
  fn(
    "jnp.where",
    {
      condition: { kind: "array", valid: m23.gt(0.3) },
      x: x("where"),
      y: x("where", row),
    },
    (a) => jnp.where(a.condition, a.x, a.y),
    {
      extra: [
        { label: "condition does not broadcast", call: () => jnp.where(jnp.ones([4]).gt(0), m23, row), problem: /Incompatible shapes/ },
        {
          label: "one-argument form under jit without a size",
          call: () => jit((c: NDArray) => jnp.where(c))(m23),
          problem: /size argument of jnp.nonzero must be statically specified/,
        },
        {
          label: "one-argument form with an unknown option",
          call: () => jnp.where(m23, { sise: 3 } as never),
          problem: /unexpected option 'sise'/,
        },
      ],
    },
  ),
];
