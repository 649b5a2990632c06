// dot, matmul, vdot, inner, outer, tensordot, einsum over dot_general.
import { type DType, type DTypeLike, canonicalize, isComplex, parseDType } from "../core/dtypes.ts";
import { checkOptions, isPlainObject } from "../core/options.ts";
import type { PrecisionLike } from "../lax/enums.ts";
import { conj } from "./complex.ts";
import { describe } from "../core/describe.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { checkInt } from "../core/scalar_args.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { normalizeAxes, shapeStr } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import { type DotDims, dotGeneralP } from "../lax/dot.ts";
import { multiply, notEqual } from "./elementwise.ts";
import { ravel, reshape, transpose, expandDims, squeeze } from "./shape.ts";
import { promoteArgs } from "./shape.ts";
import { arange } from "./creation.ts";
import { expandEllipsis } from "./einsum_ellipsis.ts";
import { getItem } from "./indexing.ts";
import { asArray, broadcastShapesNamed, broadcastTo, namedResultType, toType } from "./util.ts";

function promote2(name: string, x: ArrayLike, y: ArrayLike): [NDArray, NDArray] {
  const t = namedResultType(name, [x, y]);
  const a = toType(x, t.dtype, t.weakType, `${name} argument 0`);
  const b = toType(y, t.dtype, t.weakType, `${name} argument 1`);
  return [a, b];
}

/** dot_general in the operands' dtype; booleans as JAX's: any of the products true (counted in int32). */
function dg(a: NDArray, b: NDArray, dn: DotDims, precision: PrecisionLike | null = null, preferred: DType | null = null): NDArray {
  if (a.dtype === "bool") {
    const count = dg(toType(a, "int32", false), toType(b, "int32", false), dn, precision);
    return notEqual(count, 0);
  }
  return bind1(dotGeneralP, [a, b], { dimension_numbers: dn, precision, preferred_element_type: preferred ?? a.dtype });
}

/** einsum's keyword arguments, as a last argument after the operands. */
export interface EinsumOptions {
  /** Contraction order (JAX's "auto", "optimal", "greedy" or false): jaxts contracts left to right; accepted and checked. */
  optimize?: boolean | "auto" | "optimal" | "greedy" | "eager";
  precision?: PrecisionLike | null;
  /** The dtype the contractions accumulate in and return (int8 operands into int32, say). */
  preferredElementType?: DTypeLike | null;
}
const EINSUM_KEYS = ["optimize", "precision", "preferredElementType"];

/** Splits einsum's operands from a last options object (a plain object whose keys are all einsum's options). */
function einsumOperands(args: Array<ArrayLike | EinsumOptions>): [ArrayLike[], EinsumOptions] {
  const last = args[args.length - 1];
  const isOptions = isPlainObject(last) && Object.keys(last).every((k) => EINSUM_KEYS.includes(k));
  return isOptions
    ? [args.slice(0, -1) as ArrayLike[], checkOptions(last as EinsumOptions, "einsum", EINSUM_KEYS)]
    : [args as ArrayLike[], {}];
}

/** dot_general's contracting-size check, made here so that the message names the jnp function. */
function checkContracting(name: string, a: NDArray, b: NDArray, ca: number[], cb: number[]): void {
  const sa = ca.map((i) => a.shape[i]);
  const sb = cb.map((i) => b.shape[i]);
  if (sa.some((d, i) => d !== sb[i])) {
    throw new JaxTypeError(
      `${name}: dot_general requires contracting dimensions to have the same shape, got ${shapeStr(sa)} and ${shapeStr(sb)} (shapes ${shapeStr(a.shape)} and ${shapeStr(b.shape)}).`,
    );
  }
}

/** The keywords of dot, matmul, vdot, inner and tensordot: JAX's precision and preferred_element_type. */
export interface DotOptions {
  precision?: PrecisionLike | null;
  /** The dtype the product accumulates in and returns (int8 operands into int32, say). */
  preferredElementType?: DTypeLike | null;
}

/** The checked options, and a finisher giving the result the preferred dtype where the product did not. */
function dotOptions(
  name: string,
  o: DotOptions | undefined,
): { precision: PrecisionLike | null; preferred: DType | null; finish: (r: NDArray) => NDArray } {
  const opts = checkOptions(o, name, ["precision", "preferredElementType"]);
  const preferred =
    opts.preferredElementType == null ? null : canonicalize(parseDType(opts.preferredElementType, `${name} preferredElementType`));
  return {
    precision: opts.precision ?? null,
    preferred,
    finish: (r) => (preferred === null || r.dtype === preferred ? r : toType(r, preferred, false, `${name} result`)),
  };
}

export function dot(x: ArrayLike, y: ArrayLike, options?: DotOptions): NDArray {
  const { precision, preferred, finish } = dotOptions("dot", options);
  const [a, b] = promote2("dot", x, y);
  if (a.ndim === 0 || b.ndim === 0) return finish(multiply(a, b));
  const ca = a.ndim - 1;
  const cb = b.ndim === 1 ? 0 : b.ndim - 2;
  if (a.shape[ca] !== b.shape[cb]) {
    throw new JaxTypeError(
      `dot: shapes ${shapeStr(a.shape)} and ${shapeStr(b.shape)} are not aligned: ${a.shape[ca]} (dim ${ca}) != ${b.shape[cb]} (dim ${cb})`,
    );
  }
  return finish(
    dg(
      a,
      b,
      [
        [[ca], [cb]],
        [[], []],
      ],
      precision,
      preferred,
    ),
  );
}

export function matmul(x: ArrayLike, y: ArrayLike, options?: DotOptions): NDArray {
  const { precision, preferred, finish } = dotOptions("matmul", options);
  let [a, b] = promote2("matmul", x, y);
  if (a.ndim === 0 || b.ndim === 0)
    throw new ValueError(`matmul: operands must be at least 1-dimensional, got shapes ${shapeStr(a.shape)} and ${shapeStr(b.shape)}`);
  const aVec = a.ndim === 1;
  const bVec = b.ndim === 1;
  if (aVec) a = expandDims(a, 0);
  if (bVec) b = expandDims(b, -1);
  if (a.shape[a.ndim - 1] !== b.shape[b.ndim - 2]) {
    throw new JaxTypeError(
      `matmul: Input operand 1 has a mismatch in its core dimension 0 (size ${b.shape[b.ndim - 2]} is different from ${a.shape[a.ndim - 1]}); shapes ${shapeStr(asArray(x).shape)} and ${shapeStr(asArray(y).shape)}`,
    );
  }
  const batch = broadcastShapesNamed("matmul", [a.shape.slice(0, -2), b.shape.slice(0, -2)]);
  a = broadcastTo(a, [...batch, ...a.shape.slice(-2)]);
  b = broadcastTo(b, [...batch, ...b.shape.slice(-2)]);
  const nb = batch.length;
  const bd = [...Array(nb).keys()];
  let out = dg(
    a,
    b,
    [
      [[nb + 1], [nb]],
      [bd, bd],
    ],
    precision,
    preferred,
  );
  if (aVec) out = squeeze(out, out.ndim - 2);
  if (bVec) out = squeeze(out, out.ndim - 1);
  return finish(out);
}

export function vdot(x: ArrayLike, y: ArrayLike, options?: DotOptions): NDArray {
  dotOptions("vdot", options);
  const [a, b] = promote2("vdot", x, y).map((v) => ravel(v));
  checkContracting("vdot", a, b, [0], [0]);
  // The first argument is conjugated, as NumPy's vdot.
  return dot(isComplex(a.dtype) ? conj(a) : a, b, options);
}

export function inner(x: ArrayLike, y: ArrayLike, options?: DotOptions): NDArray {
  const { precision, preferred, finish } = dotOptions("inner", options);
  const [a, b] = promote2("inner", x, y);
  if (a.ndim === 0 || b.ndim === 0) return finish(multiply(a, b));
  checkContracting("inner", a, b, [a.ndim - 1], [b.ndim - 1]);
  return finish(
    dg(
      a,
      b,
      [
        [[a.ndim - 1], [b.ndim - 1]],
        [[], []],
      ],
      precision,
      preferred,
    ),
  );
}

export function outer(x: ArrayLike, y: ArrayLike): NDArray {
  const a = ravel(asArray(x, "outer argument 0"));
  const b = ravel(asArray(y, "outer argument 1"));
  return multiply(reshape(a, [a.size, 1]), reshape(b, [1, b.size]));
}

type TensordotAxes = number | [number[] | number, number[] | number];
export function tensordot(
  x: ArrayLike,
  y: ArrayLike,
  axesOrOptions: TensordotAxes | (DotOptions & { axes?: TensordotAxes }) = 2,
  options?: DotOptions,
): NDArray {
  // tensordot(a, b, {axes, precision, preferredElementType}) as well as tensordot(a, b, axes, {...}).
  let axes: TensordotAxes = 2;
  const optionKeys = ["axes", "precision", "preferredElementType"];
  if (
    axesOrOptions !== null &&
    typeof axesOrOptions === "object" &&
    !Array.isArray(axesOrOptions) &&
    Object.keys(axesOrOptions).every((k) => optionKeys.includes(k))
  ) {
    const { axes: given, ...rest } = axesOrOptions;
    axes = given ?? 2;
    options = rest;
  } else axes = axesOrOptions as TensordotAxes;
  const { precision, preferred, finish } = dotOptions("tensordot", options);
  const [a, b] = promote2("tensordot", x, y);
  let ca: number[];
  let cb: number[];
  if (typeof axes === "number") {
    checkInt(axes, "tensordot axes", 0);
    if (axes > Math.min(a.ndim, b.ndim))
      throw new ValueError(`Number of tensordot axes (axes=${axes}) exceeds input ranks (${a.ndim} and ${b.ndim})`);
    ca = [...Array(axes).keys()].map((i) => a.ndim - axes + i);
    cb = [...Array(axes).keys()];
  } else {
    if (!Array.isArray(axes) || axes.length !== 2) {
      throw new JaxTypeError(`tensordot axes argument must be an int or a pair of axis lists, got ${describe(axes)}`);
    }
    ca = normalizeAxes(axes[0], a.ndim, "tensordot axes");
    cb = normalizeAxes(axes[1], b.ndim, "tensordot axes");
    if (ca.length !== cb.length)
      throw new JaxTypeError(
        `tensordot requires axes lists to have equal length, got ${JSON.stringify(axes[0])} and ${JSON.stringify(axes[1])}.`,
      );
  }
  checkContracting("tensordot", a, b, ca, cb);
  return finish(
    dg(
      a,
      b,
      [
        [ca, cb],
        [[], []],
      ],
      precision,
      preferred,
    ),
  );
}

/** einsum for explicit and implicit subscripts with two or more operands (pairwise contraction). */
export function einsum(subscripts: string, ...args: Array<ArrayLike | EinsumOptions>): NDArray {
  if (typeof subscripts !== "string") throw new JaxTypeError(`einsum: subscripts must be a string, got ${describe(subscripts)}`);
  const [operands, opts] = einsumOperands(args);
  const optimize = opts.optimize ?? "auto";
  if (![true, false, "auto", "optimal", "greedy", "eager"].includes(optimize as never))
    throw new ValueError(`einsum: optimize must be a bool or one of 'auto', 'optimal', 'greedy', got ${String(optimize)}`);
  const preferred =
    opts.preferredElementType == null ? null : canonicalize(parseDType(opts.preferredElementType, "einsum preferredElementType"));
  const precision = opts.precision ?? null;
  const result = einsumOf(subscripts, operands, precision, preferred);
  return preferred === null || result.dtype === preferred ? result : toType(result, preferred, false, "einsum result");
}

function einsumOf(subscripts: string, operands: ArrayLike[], precision: PrecisionLike | null, preferred: DType | null): NDArray {
  let arrs = promoteArgsList(operands);
  let [lhs, rhsRaw] = subscripts.replace(/\s/g, "").split("->") as [string, string | undefined];
  let ins = lhs.split(",");
  if (ins.length !== arrs.length) throw new ValueError(`einsum: ${ins.length} operand subscripts for ${arrs.length} operands`);
  [ins, rhsRaw, arrs] = expandEllipsis(ins, rhsRaw, arrs);
  const counts = new Map<string, number>();
  for (const s of ins) for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const rhs =
    rhsRaw ??
    [...counts.keys()]
      .filter((c) => counts.get(c) === 1)
      .sort()
      .join("");
  for (const c of rhs) {
    if (!counts.has(c)) throw new ValueError(`einsum: Output character '${c}' did not appear in the input`);
    if (rhs.indexOf(c) !== rhs.lastIndexOf(c))
      throw new ValueError(`einsum: Output character '${c}' appeared more than once in the output`);
  }
  const sizes = new Map<string, number>();
  ins.forEach((s, k) => {
    if (s.length !== arrs[k].ndim) throw new ValueError(`einsum: operand ${k} has ${arrs[k].ndim} dims but subscript '${s}'`);
    [...s].forEach((ch, i) => {
      const d = arrs[k].shape[i];
      if (sizes.has(ch) && sizes.get(ch) !== d)
        throw new ValueError(`einsum: size of label '${ch}' differs between operands (${sizes.get(ch)} vs ${d})`);
      sizes.set(ch, d);
    });
  });
  // A label repeated within one operand takes that operand's diagonal first.
  ins.forEach((s, k) => {
    if (new Set(s).size === s.length) return;
    [arrs[k], ins[k]] = diagonalOfRepeats(arrs[k], s);
  });
  let cur = arrs[0];
  let curS = ins[0];
  for (let k = 1; k < arrs.length; k++) {
    const other = arrs[k];
    const os = ins[k];
    const later = new Set([...rhs, ...ins.slice(k + 1).join("")]);
    const batch = [...curS].filter((c) => os.includes(c) && later.has(c));
    const contract = [...curS].filter((c) => os.includes(c) && !later.has(c));
    const dn: DotDims = [
      [contract.map((c) => curS.indexOf(c)), contract.map((c) => os.indexOf(c))],
      [batch.map((c) => curS.indexOf(c)), batch.map((c) => os.indexOf(c))],
    ];
    // Sum out labels of `cur` that appear nowhere else.
    cur = dg(cur, other, dn, precision, preferred);
    curS = [
      ...batch,
      ...[...curS].filter((c) => !batch.includes(c) && !contract.includes(c)),
      ...[...os].filter((c) => !batch.includes(c) && !contract.includes(c)),
    ].join("");
  }
  // Sum labels not in the output, then permute.
  const drop = [...curS].map((c, i) => (rhs.includes(c) ? -1 : i)).filter((i) => i >= 0);
  if (drop.length) {
    cur = sumAxes(cur, drop);
    curS = [...curS].filter((c) => rhs.includes(c)).join("");
  }
  const perm = [...rhs].map((c) => curS.indexOf(c));
  return transpose(cur, perm);
}

import { sum as sumAxes } from "./reductions.ts";

/** The operand with each repeated label's axes replaced by their diagonal, as one trailing axis per label. */
function diagonalOfRepeats(a: NDArray, subs: string): [NDArray, string] {
  const repeated = [...new Set(subs)].filter((c) => subs.indexOf(c) !== subs.lastIndexOf(c));
  for (const c of repeated) {
    const axes = [...subs].map((ch, i) => (ch === c ? i : -1)).filter((i) => i >= 0);
    const rest = [...subs].map((_, i) => i).filter((i) => !axes.includes(i));
    const moved = transpose(a, [...rest, ...axes]);
    const n = a.shape[axes[0]];
    const ar = arange(n);
    a = getItem(moved, ["...", ...axes.map(() => ar)]);
    subs = [...rest.map((i) => subs[i]), c].join("");
  }
  return [a, subs];
}
function promoteArgsList(xs: ArrayLike[]): NDArray[] {
  const t = namedResultType("einsum", xs);
  return xs.map((x, i) => toType(x, t.dtype, t.weakType, `einsum argument ${i}`));
}
export { promoteArgs };
