// Reference sort: per lane along `dimension`, sort an index permutation by the
// key operands (lexicographic), then apply it to every operand. Ties keep their
// original order, so the result is stable (and deterministic) whatever is_stable says.
import { type TypedArray, isFloat } from "../../core/dtypes.ts";
import { prod } from "../../core/shape.ts";
import { sortP } from "../../lax/sort.ts";
import { alloc, defKernel } from "./kernel.ts";

type Cmp = (a: number, b: number) => number;

/** JAX's float order: NaN last (all NaNs equal), -0.0 == 0.0. */
function floatCmp(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const an = a !== a;
  const bn = b !== b;
  return an === bn ? 0 : an ? 1 : -1;
}
const numCmp: Cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

defKernel(sortP, (ins, avals, p, outAvals) => {
  const dim = p.dimension;
  const numKeys = p.num_keys;
  const shape = avals[0].shape;
  const n = shape[dim];
  const inner = prod(shape.slice(dim + 1));
  const outer = prod(shape.slice(0, dim));
  const outs = outAvals.map(alloc);
  const keys = ins.slice(0, numKeys);
  const cmps = avals.slice(0, numKeys).map((a) => (isFloat(a.dtype) ? floatCmp : numCmp));
  const idx: number[] = new Array(n);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      for (let j = 0; j < n; j++) idx[j] = j;
      const compare = (x: number, y: number): number => {
        const ox = base + x * inner;
        const oy = base + y * inner;
        for (let k = 0; k < numKeys; k++) {
          const c = cmps[k](keys[k][ox], keys[k][oy]);
          if (c !== 0) return c;
        }
        return x - y;
      };
      idx.sort(compare);
      ins.forEach((src: TypedArray, q) => {
        const dst = outs[q];
        for (let j = 0; j < n; j++) dst[base + j * inner] = src[base + idx[j] * inner];
      });
    }
  }
  return outs;
});
