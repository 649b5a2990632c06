// jnp: the NumPy API of jaxts. Also wires NDArray's methods to these functions.
import { ops } from "../core/ndarray.ts";
import * as el from "./elementwise.ts";
import * as red from "./reductions.ts";
import * as sh from "./shape.ts";
import * as la from "./linalg_basic.ts";
import * as idx from "./indexing.ts";
import * as shx from "./shape_extra.ts";

export * from "./elementwise.ts";
// The builtin ufuncs shadow the plain functions of the same name exported above.
export {
  add,
  multiply,
  subtract,
  maximum,
  minimum,
  logicalAnd,
  logicalOr,
  logicalXor,
  bitwiseAnd,
  bitwiseOr,
  bitwiseXor,
  logaddexp,
  logaddexp2,
  negative,
} from "./ufuncs.ts";
export { frompyfunc, ufunc, type Ufunc, type UfuncReduceOptions, type UfuncIndex } from "./ufunc.ts";
export * from "./creation.ts";
export {
  sum,
  prod,
  max,
  min,
  amax,
  amin,
  all,
  any,
  mean,
  var,
  std,
  argmax,
  argmin,
  cumsum,
  cumprod,
  cummax,
  cummin,
  countNonzero,
  ptp,
  average,
} from "./reductions.ts";
export * from "./shape.ts";
export * from "./pad.ts";
export { dot, matmul, vdot, inner, outer, tensordot, einsum } from "./linalg_basic.ts";
export { s } from "./indexing.ts";
export { take, takeAlongAxis } from "./take.ts";
export { sort, argsort } from "./sorting.ts";
export * as linalg from "./linalg.ts";
export * as fft from "./fft.ts";
export { allclose, isclose, arrayEqual, arrayEquiv } from "./testing.ts";
export type { DType } from "../core/dtypes.ts";
export { NDArray } from "../core/ndarray.ts";
export type { DTypeLike } from "../core/dtypes.ts";
export * from "./dtype_objects.ts";
export {
  real,
  imag,
  conj,
  conjugate,
  angle,
  iscomplex,
  isreal,
  iscomplexobj,
  isrealobj,
  complex64,
  complex128,
  complex_,
  csingle,
  cdouble,
  sortComplex,
} from "./complex.ts";
import * as cx from "./complex.ts";
import * as sorting from "./sorting.ts";
import * as takeMod from "./take.ts";
import * as diag from "./diag.ts";
import * as searching from "./searching.ts";
import * as selection from "./selection.ts";
import * as lam from "./linalg_more.ts";
import { type DType, dtypeInfo } from "../core/dtypes.ts";
export * from "./dtype_info.ts";
export * from "./math_extra.ts";
export * from "./shape_extra.ts";
export * from "./diag.ts";
export { flatnonzero, compress, extract, select, piecewise, choose, place, put, putAlongAxis } from "./selection.ts";
export { vectorize } from "./vectorize.ts";
export * from "./index_tricks.ts";
export * from "./creation_extra.ts";
export * from "./products.ts";
export * from "./functional.ts";
export * from "./bits.ts";
export { arrayRepr, arrayStr, getPrintoptions, setPrintoptions, printoptions } from "./printing.ts";
export * from "./buffers.ts";

Object.assign(ops, {
  add: el.add,
  subtract: el.subtract,
  multiply: el.multiply,
  divide: el.divide,
  power: el.power,
  mod: el.mod,
  floorDivide: el.floorDivide,
  negative: el.negative,
  abs: el.abs,
  greater: el.greater,
  greaterEqual: el.greaterEqual,
  less: el.less,
  lessEqual: el.lessEqual,
  equal: el.equal,
  notEqual: el.notEqual,
  astype: el.astype,
  reshape: sh.reshape,
  stack: sh.stack,
  transpose: sh.transpose,
  ravel: sh.ravel,
  squeeze: sh.squeeze,
  sum: red.sum,
  mean: red.mean,
  max: red.max,
  min: red.min,
  prod: red.prod,
  argmax: red.argmax,
  argmin: red.argmin,
  var: red.var,
  std: red.std,
  matmul: la.matmul,
  dot: la.dot,
  getItem: idx.getItem,
  updateItem: idx.updateItem,
  real: cx.real,
  imag: cx.imag,
  conj: cx.conj,
  copy: shx.copy,
  all: red.all,
  any: red.any,
  ptp: red.ptp,
  clip: el.clip,
  round: el.round,
  cumsum: red.cumsum,
  cumprod: red.cumprod,
  sort: sorting.sort,
  argsort: sorting.argsort,
  take: takeMod.take,
  swapaxes: sh.swapaxes,
  diagonal: diag.diagonal,
  trace: diag.trace,
  repeat: sh.repeat,
  nonzero: searching.nonzero,
  searchsorted: searching.searchsorted,
  compress: selection.compress,
  choose: selection.choose,
  argpartition: searching.argpartition,
  matrixTranspose: lam.matrixTranspose,
  itemsize: (d: DType) => dtypeInfo(d).itemsize,
});
export * from "./nan_reductions.ts";
export * from "./statistics.ts";
export { nonzero, argwhere, searchsorted, digitize, bincount, lexsort, partition, argpartition } from "./searching.ts";
export type { NonzeroOpts, SearchSide, SearchsortedOpts, BincountOpts } from "./searching.ts";
export { unique, uniqueAll, uniqueCounts, uniqueInverse, uniqueValues, isin, intersect1d, setdiff1d, setxor1d, union1d } from "./setops.ts";
export type { UniqueOpts, UniqueSizeOpts, IsinOpts, SetOpts, Intersect1dOpts } from "./setops.ts";
export { diff, gradient, trapezoid, cross, kron, interp, unwrap, trimZeros, meshgrid } from "./numeric.ts";
export type { DiffOpts, GradientOpts, TrapezoidOpts, CrossOpts, InterpOpts, UnwrapOpts, TrimZerosOpts, MeshgridOpts } from "./numeric.ts";
export { convolve, correlate } from "./signal.ts";
export type { ConvolveMode, ConvolveOpts } from "./signal.ts";
export { histogram, histogramBinEdges, histogram2d, histogramdd } from "./histogram.ts";
export type { HistogramOpts, HistogramBinEdgesOpts, Histogram2dOpts, HistogramddOpts } from "./histogram.ts";
export { polyval, polyadd, polysub, polymul, polydiv, polyder, polyint, poly, polyfit } from "./polynomial.ts";
export type { PolyfitOpts } from "./polynomial.ts";
export { roots } from "./linalg_eig.ts";
