// jnp reductions: an array, an axis (or axes) of it, and {keepdims, ddof}.
import { jnp, type NDArray } from "../../../src/index.ts";
import { type FnSpec, fn } from "../battery/spec.ts";

const m23 = jnp.array([
  [1, 2, 3],
  [4, 5, 6],
]);
const x = { kind: "array", valid: m23 } as const;
const axes = { kind: "axes", valid: 1, ndim: 2, optional: true } as const;
const axis = { kind: "axis", valid: -1, ndim: 2, optional: true } as const;
type Reduce = (x: NDArray, axis?: number | number[], o?: { keepdims?: boolean }) => NDArray;

function reduction(name: string, f: Reduce): FnSpec {
  return fn(`jnp.${name}`, { x, axis: axes }, (a) => f(a.x, a.axis, { keepdims: true }));
}

const emptyIdentity = (name: string, f: Reduce): FnSpec["extra"] => [
  {
    label: "empty array",
    call: () => f(jnp.zeros([0])),
    problem: new RegExp(`zero-size array to reduction operation ${name} which has no identity`),
  },
  { label: "empty axis", call: () => f(jnp.zeros([2, 0]), 1), problem: /zero-size array/ },
];

export const reductionSpecs: FnSpec[] = [
  reduction("sum", jnp.sum),
  reduction("prod", jnp.prod),
  reduction("mean", jnp.mean),
  reduction("all", jnp.all),
  reduction("any", jnp.any),
  { ...reduction("max", jnp.max), extra: emptyIdentity("max", jnp.max) },
  { ...reduction("min", jnp.min), extra: emptyIdentity("min", jnp.min) },
  fn("jnp.var", { x, axis: axes, ddof: { kind: "number", valid: 1, optional: true } }, (a) => jnp.var(a.x, a.axis, { ddof: a.ddof })),
  fn("jnp.std", { x, axis: axes, ddof: { kind: "number", valid: 1, optional: true } }, (a) => jnp.std(a.x, a.axis, { ddof: a.ddof })),
  fn("jnp.argmax", { x, axis }, (a) => jnp.argmax(a.x, a.axis), {
    extra: [{ label: "empty array", call: () => jnp.argmax(jnp.zeros([0])), problem: /attempt to get argmax of an empty sequence/ }],
  }),
  fn("jnp.argmin", { x, axis }, (a) => jnp.argmin(a.x, a.axis), {
    extra: [{ label: "empty axis", call: () => jnp.argmin(jnp.zeros([3, 0]), 1), problem: /attempt to get argmin of an empty sequence/ }],
  }),
  fn("jnp.cumsum", { x, axis }, (a) => jnp.cumsum(a.x, a.axis)),
  fn("jnp.cumprod", { x, axis }, (a) => jnp.cumprod(a.x, a.axis)),
];
