// jnp.pad's non-constant modes (edge, wrap, reflect, symmetric): each padded
// axis gathers, for every output position, the source index the mode maps it
// to, so the result works under jit, vmap and grad like any gather.
import { arrayFromJs } from "../core/convert.ts";
import { ValueError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import { take } from "./take.ts";

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

export function padByIndex(a: NDArray, cfg: Array<[number, number]>, mode: IndexPadMode): NDArray {
  let out = a;
  cfg.forEach(([lo, hi], axis) => {
    if (lo === 0 && hi === 0) return;
    const n = a.shape[axis];
    if (n === 0) throw new ValueError(`pad: can't extend empty axis ${axis} using modes other than 'constant' or 'empty'`);
    const idx = Array.from({ length: lo + n + hi }, (_, i) => sourceIndex(mode, i - lo, n));
    out = take(out, arrayFromJs(idx, "int32"), axis);
  });
  return out;
}
