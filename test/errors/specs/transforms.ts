// Transformations and the top-level helpers: functions, argnums, in/out axes,
// tangents and cotangents, traced values used as JS numbers, leaked tracers,
// backends and config.
import {
  config,
  defaultBackend,
  grad,
  hessian,
  jacfwd,
  jacrev,
  jit,
  jnp,
  jvp,
  linearize,
  makeJaxpr,
  setDefaultBackend,
  stopGradient,
  valueAndGrad,
  vjp,
  vmap,
  type NDArray,
} from "../../../src/index.ts";
import { type Arg, type FnSpec, fn } from "../battery/spec.ts";

const v3 = jnp.array([1, 2, 3]);
const sumSin = (x: NDArray) => jnp.sum(jnp.sin(x));
const f: Arg = { kind: "fn", valid: sumSin };
const x: Arg = { kind: "leaves", valid: v3 };
const argnums: Arg = {
  kind: "int",
  valid: 0,
  optional: true,
  bad: [{ label: "argnum past the arguments", value: 1, problem: /argnums=1 requires at least 2 positional arguments/ }],
};
let leaked: NDArray | null = null;
const leak = (v: NDArray) => {
  leaked = v;
  return v;
};

export const transformSpecs: FnSpec[] = [
  fn(
    "jit",
    {
      f,
      x,
      staticArgnums: {
        kind: "int",
        valid: undefined,
        optional: true,
        bad: [{ label: "argnum past the arguments", value: 3, problem: /staticArgnums=3 but was called with only 1 positional arguments/ }],
      },
    },
    (a) => jit(a.f, { staticArgnums: a.staticArgnums })(a.x),
    {
      aliases: ["Abstract tracer", "unexpected tracer", "static"],
      extra: [
        {
          label: "traced value as a JS number",
          call: () => jit((v: NDArray) => (Number(v) > 0 ? v : v))(jnp.array(1)),
          problem: /Abstract tracer value encountered/,
        },
        {
          label: "traced value read out",
          call: () => jit((v: NDArray) => jnp.array(v.toArray() as number[]))(v3),
          problem: /tracer|Tracer/,
        },
        {
          label: "array as a static argument",
          call: () => jit((v: NDArray, _o: unknown) => v, { staticArgnums: 1 })(v3, v3),
          problem: /Non-hashable static arguments are not supported/,
        },
        {
          label: "leaked tracer used later",
          call: () => {
            jit(leak)(v3);
            return leaked!.add(1);
          },
          problem: /Encountered an unexpected tracer/,
        },
      ],
    },
  ),
  // JAX's "Gradient only defined for scalar-output functions" names no function.
  fn("grad", { f, x, argnums }, (a) => grad(a.f, { argnums: a.argnums })(a.x), {
    aliases: ["Gradient"],
    extra: [
      { label: "non-scalar output", call: () => grad((v: NDArray) => v)(v3), problem: /Gradient only defined for scalar-output functions/ },
      {
        label: "integer input",
        call: () => grad(sumSin)(jnp.array([1, 2], { dtype: "int32" })),
        problem: /grad requires real- or complex-valued inputs/,
      },
      {
        label: "hasAux without a pair",
        call: () => grad(sumSin, { hasAux: true })(v3),
        problem: /hasAux=true requires the function to return a pair/,
      },
    ],
  }),
  fn("valueAndGrad", { f, x, argnums }, (a) => valueAndGrad(a.f, { argnums: a.argnums })(a.x), {
    aliases: ["grad", "value_and_grad"],
  }),
  fn(
    "jvp",
    {
      f,
      primals: {
        kind: "other",
        valid: [v3],
        bad: [{ label: "not a list", value: v3, problem: /primal and tangent arguments must be arrays/ }],
      },
      tangents: {
        kind: "other",
        valid: [v3],
        bad: [
          { label: "shape differs", value: [jnp.ones([2])], problem: /primal shape \(3,\) and tangent shape as \(2,\)/ },
          { label: "dtype differs", value: [jnp.ones([3], { dtype: "int32" })], problem: /dtypes must be equal/ },
          { label: "structure differs", value: [[v3]], problem: /same tree structure/ },
        ],
      },
    },
    (a) => jvp(a.f, a.primals, a.tangents),
  ),
  fn("vjp", { f, x }, (a) => vjp(a.f, a.x), {
    aliases: ["cotangent"],
    extra: [
      {
        label: "cotangent shape",
        call: () => vjp((v: NDArray) => v, v3)[1](jnp.ones([2])),
        problem: /for argument to VJP function: got float32\[2\], but expected float32\[3\]/,
      },
      {
        label: "cotangent dtype",
        call: () => vjp((v: NDArray) => v, v3)[1](jnp.ones([3], { dtype: "int32" })),
        problem: /for argument to VJP function: got int32\[3\], but expected float32\[3\]/,
      },
      {
        label: "cotangent structure",
        call: () => vjp((v: NDArray) => [v, v], v3)[1](v3 as never),
        problem: /Tree structure of cotangent input/,
      },
    ],
  }),
  fn("linearize", { f, x }, (a) => linearize(a.f, a.x), {
    aliases: ["linearized"],
    extra: [{ label: "tangent structure", call: () => linearize(sumSin, v3)[1]([v3, v3] as never), problem: /tangents of structure/ }],
  }),
  fn(
    "vmap",
    {
      f: { kind: "fn", valid: (v: NDArray) => v.mul(2) },
      x,
      inAxes: {
        kind: "other",
        valid: 0,
        optional: true,
        bad: [
          { label: "axis out of range", value: 1, problem: /axis 1, which implies that its rank should be at least 2, but is only 1/ },
          { label: "one entry too many", value: [0, 0], problem: /len\(in_axes\)=2, len\(args\)=1/ },
          { label: "not a prefix", value: [{ a: 0 }], problem: /tree prefix/ },
          { label: "fractional axis", value: 0.5, problem: /0\.5/ },
          { label: "string", value: "abc", problem: /in_axes/ },
        ],
      },
    },
    (a) => vmap(a.f, { inAxes: a.inAxes })(a.x),
    {
      extra: [
        {
          label: "inconsistent sizes",
          call: () => vmap((p: NDArray, q: NDArray) => p.add(q))(v3, jnp.ones([2])),
          problem: /inconsistent sizes/,
        },
        {
          label: "no mapped argument",
          call: () => vmap((p: NDArray) => p, { inAxes: null })(v3),
          problem: /at least one non-None value in in_axes/,
        },
        { label: "0-d argument", call: () => vmap((p: NDArray) => p)(jnp.array(1)), problem: /rank should be at least 1, but is only 0/ },
        {
          label: "traced value read out",
          call: () => vmap((p: NDArray) => jnp.array(p.toArray() as number[]))(jnp.ones([2, 3])),
          problem: /[Tt]racer/,
        },
      ],
    },
  ),
  fn("jacfwd", { f, x, argnums }, (a) => jacfwd(a.f, { argnums: a.argnums })(a.x)),
  fn("jacrev", { f, x, argnums }, (a) => jacrev(a.f, { argnums: a.argnums })(a.x)),
  fn("hessian", { f, x, argnums }, (a) => hessian(a.f, { argnums: a.argnums })(a.x), { aliases: ["jacfwd", "jacrev"] }),
  fn("makeJaxpr", { f, x }, (a) => makeJaxpr(a.f)(a.x), { aliases: ["make_jaxpr", "jit"] }),
  fn("stopGradient", { x }, (a) => stopGradient(a.x), { aliases: ["stop_gradient"] }),
  fn(
    "setDefaultBackend",
    {
      name: {
        kind: "other",
        valid: defaultBackend(),
        bad: [
          { label: "unknown backend", value: "tpu", problem: /tpu/ },
          { label: "number", value: 3, problem: /backend/ },
        ],
      },
    },
    (a) => setDefaultBackend(a.name),
    { aliases: ["backend"] },
  ),
  fn(
    "config.update",
    {
      name: { kind: "other", valid: "debugNans", bad: [{ label: "unknown option", value: "noSuchOption", problem: /noSuchOption/ }] },
      value: { kind: "other", valid: false, bad: [{ label: "wrong type", value: "yes", problem: /expects a boolean, got string/ }] },
    },
    (a) => config.update(a.name, a.value),
    { aliases: ["config", "update"] },
  ),
];
