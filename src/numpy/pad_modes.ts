// jnp.pad's non-constant modes (edge, wrap, reflect, symmetric): along each
// padded axis, the source index the mode maps every output position to runs
// in stretches that step by +1 (a slice), -1 (a reversed slice) or 0 (one
// element broadcast: edge), concatenated in order, as JAX builds these pads.
// Views and a concatenate compile to copies; a gather by an index array did
// not (along a last axis its windows are columns: the reference kernel).
import { ValueError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import { broadcastInDim, concatenate, rev, sliceInDim } from "../lax/api.ts";
import { compiledEager } from "../transforms/eager_compiled.ts";

export type IndexPadMode = "edge" | "wrap" | "reflect" | "symmetric";
export const INDEX_PAD_MODES: readonly string[] = ["edge", "wrap", "reflect", "symmetric"];

const mod = (a: number, n: number) => ((a % n) + n) % n;

function sourceIndex(mode: IndexPadMode, j: number, n: number): number {
  switch (mode) {
    case "edge":
      return Math.min(Math.max(j, 0), n - 1);
    case "wrap":
      return mod(j, n);
    case "reflect": {
      if (n === 1) return 0;
      const k = mod(j, 2 * n - 2);
      return k < n ? k : 2 * n - 2 - k;
    }
    case "symmetric": {
      const k = mod(j, 2 * n);
      return k < n ? k : 2 * n - 1 - k;
    }
  }
}

function padPieces(a: NDArray, cfg: Array<[number, number]>, mode: IndexPadMode): NDArray {
  let out = a;
  cfg.forEach(([lo, hi], axis) => {
    if (lo === 0 && hi === 0) return;
    const n = a.shape[axis];
    if (n === 0) throw new ValueError(`pad: can't extend empty axis ${axis} using modes other than 'constant' or 'empty'`);
    const idx = Array.from({ length: lo + n + hi }, (_, i) => sourceIndex(mode, i - lo, n));
    out = concatenate(
      indexRuns(idx).map(([first, step, length]) => runOf(out, axis, first, step, length)),
      axis,
    );
  });
  return out;
}

/** Eagerly one compiled program per shape and padding (its pieces are copies, not arrays). */
export const padByIndex = compiledEager(padPieces, [1, 2]);

/** idx as maximal runs [first, step, length] with step -1, 0 or 1 (a lone index: step 1). */
function indexRuns(idx: number[]): Array<[number, number, number]> {
  const runs: Array<[number, number, number]> = [];
  for (let i = 0; i < idx.length; ) {
    const step = i + 1 < idx.length ? idx[i + 1] - idx[i] : 1;
    if (Math.abs(step) > 1) {
      runs.push([idx[i], 1, 1]);
      i++;
      continue;
    }
    let j = i + 1;
    while (j < idx.length && idx[j] - idx[j - 1] === step) j++;
    runs.push([idx[i], step, j - i]);
    i = j;
  }
  return runs;
}

/** x's elements first, first + step, ... (`length` of them) along `axis`. */
function runOf(x: NDArray, axis: number, first: number, step: number, length: number): NDArray {
  if (step === 1) return sliceInDim(x, first, first + length, 1, axis);
  if (step === -1) return rev(sliceInDim(x, first - length + 1, first + 1, 1, axis), [axis]);
  const one = sliceInDim(x, first, first + 1, 1, axis);
  return broadcastInDim(
    one,
    one.shape.map((d, i) => (i === axis ? length : d)),
    one.shape.map((_, i) => i),
  );
}
