// Generic bad inputs for each argument kind, with the problem each message
// must name. Wrong-dtype and wrong-structure values are derived from the
// argument's valid value so that only one thing is wrong at a time.
import { jnp, random, type NDArray } from "../../../src/index.ts";
import type { Arg, Bad } from "./spec.ts";

const UNDEF: Bad = { label: "undefined", value: undefined, problem: /undefined/ };
// The message must show the value or say it is a string.
const STRING: Bad = { label: "string", value: "abc", problem: /\babc\b|string/ };
const OBJECT: Bad = { label: "plain object", value: { a: 1 }, problem: /object/i };

const asArr = (v: unknown): NDArray => jnp.asarray(v);

function arrayBads(arg: Arg): Bad[] {
  const out = [STRING, OBJECT, { label: "ragged nested array", value: [[1, 2], [3]], problem: /inhomogeneous/ }];
  if (!arg.optional) out.unshift(UNDEF);
  if (arg.noBool) out.push({ label: "bool array", value: asArr(arg.valid).astype("bool"), problem: /bool/ });
  return out;
}

/** Entries that are not non-negative integers, and a shape too large to allocate. */
function shapeBads(): Bad[] {
  return [
    STRING,
    OBJECT,
    { label: "NaN entry", value: [2, NaN], problem: /NaN/ },
    { label: "Infinity entry", value: [Infinity], problem: /Infinity/ },
    { label: "negative entry", value: [2, -1], problem: /-1|negative/ },
    { label: "fractional entry", value: [1.5], problem: /1\.5|integer/ },
    { label: "string entry", value: [2, "3"], problem: /"3"|integer/ },
    { label: "too large to allocate", value: [1e6, 1e6], problem: /allocat/ },
  ];
}

function axisBads(ndim: number): Bad[] {
  const range = /out of bounds|out of range/;
  return [
    STRING,
    OBJECT,
    { label: "NaN axis", value: NaN, problem: /NaN|integer/ },
    { label: "Infinity axis", value: Infinity, problem: /Infinity|integer|out of bounds/ },
    { label: "fractional axis", value: 0.5, problem: /0\.5|integer/ },
    { label: "axis = ndim", value: ndim, problem: range },
    { label: "axis = -ndim - 1", value: -ndim - 1, problem: range },
  ];
}

function countBads(): Bad[] {
  return [
    STRING,
    OBJECT,
    { label: "negative", value: -1, problem: /-1|negative/ },
    { label: "fractional", value: 1.5, problem: /1\.5|integer/ },
    { label: "NaN", value: NaN, problem: /NaN|integer/ },
    { label: "Infinity", value: Infinity, problem: /Infinity|integer|finite/ },
  ];
}

const FN_BADS: Bad[] = [
  { label: "undefined", value: undefined, problem: /function/ },
  { label: "number", value: 3, problem: /function/ },
  { label: "string", value: "f", problem: /function/ },
  { label: "plain object", value: { a: 1 }, problem: /function/ },
];

function keyBads(): Bad[] {
  const key = random.PRNGKey(0);
  return [
    { label: "undefined", value: undefined, problem: /key/i },
    { label: "string", value: "abc", problem: /key/i },
    { label: "plain object", value: { a: 1 }, problem: /key/i },
    { label: "JS number", value: 0, problem: /key/i },
    { label: "float array", value: key.astype("float32"), problem: /uint32|dtype/ },
    { label: "wrong key shape", value: jnp.array([1, 2, 3], { dtype: "uint32" }), problem: /shape/ },
    { label: "batched keys", value: random.split(key, 3), problem: /single key|vmap/ },
  ];
}

/** Every generic bad value for `arg`, minus its skips, plus its own extras. */
export function badValues(arg: Arg): Bad[] {
  let out: Bad[];
  switch (arg.kind) {
    case "array":
      out = arrayBads(arg);
      break;
    case "floatArray":
      out = [...arrayBads(arg), { label: "int array", value: asArr(arg.valid).astype("int32"), problem: /int32|float/ }];
      break;
    case "intArray":
      out = [...arrayBads(arg), { label: "float array", value: asArr(arg.valid).astype("float32"), problem: /float32|integer/ }];
      break;
    case "boolArray":
      out = [...arrayBads(arg), { label: "float array", value: asArr(arg.valid).astype("float32"), problem: /float32|bool/ }];
      break;
    case "arrays":
      out = [
        UNDEF,
        STRING,
        { label: "empty list", value: [], problem: /at least one|empty/i },
        { label: "string element", value: [...(arg.valid as unknown[]), "abc"], problem: /"abc"|string/ },
      ];
      break;
    case "shape":
      out = arg.optional ? shapeBads() : [UNDEF, ...shapeBads()];
      break;
    case "intList":
      out = [
        STRING,
        OBJECT,
        { label: "NaN entry", value: [NaN], problem: /NaN/ },
        { label: "fractional entry", value: [0.5], problem: /0\.5|integer/ },
        { label: "string entry", value: ["1"], problem: /"1"|integer/ },
      ];
      if (!arg.optional) out.unshift(UNDEF);
      break;
    case "axis":
      out = axisBads(arg.ndim ?? 0);
      break;
    case "axes":
      out = [
        ...axisBads(arg.ndim ?? 0),
        { label: "NaN in axis list", value: [NaN], problem: /NaN|integer/ },
        ...((arg.ndim ?? 0) >= 1 ? [{ label: "repeated axis", value: [0, 0], problem: /repeated|duplicate/ }] : []),
      ];
      break;
    case "dtype":
      out = [
        { label: "unknown dtype", value: "int3", problem: /dtype.*"?int3|int3.*dtype/ },
        { label: "unknown complex dtype", value: "complex256", problem: /complex256/ },
        { label: "number as dtype", value: 42, problem: /dtype/ },
        ...(arg.optional ? [] : [{ label: "undefined dtype", value: undefined, problem: /dtype/ }]),
      ];
      break;
    case "count":
      out = arg.optional ? countBads() : [UNDEF, ...countBads()];
      break;
    case "int":
      out = [
        STRING,
        OBJECT,
        { label: "fractional", value: 1.5, problem: /1\.5|integer/ },
        { label: "NaN", value: NaN, problem: /NaN|integer/ },
      ];
      if (!arg.optional) out.unshift(UNDEF);
      break;
    case "number":
      out = [STRING, OBJECT];
      if (!arg.optional) out.unshift(UNDEF);
      break;
    case "fn":
      out = FN_BADS;
      break;
    case "key":
      out = keyBads();
      break;
    case "other":
      out = [];
      break;
    case "leaves":
      out = [
        { label: "string leaf", value: "abc", problem: /"abc"|string/ },
        { label: "string leaf in a dict", value: { a: "abc" }, problem: /"abc"|string/ },
      ];
      break;
  }
  const skip = new Set(arg.skip ?? []);
  for (const s of skip) {
    if (!out.some((b) => b.label === s)) throw new Error(`battery spec: skip "${s}" names no generic bad value of kind ${arg.kind}`);
  }
  return [...out.filter((b) => !skip.has(b.label)), ...(arg.bad ?? [])];
}
