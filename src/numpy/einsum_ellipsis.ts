// einsum's ellipsis ("...ij,...jk->...ik"): rewritten into labels no subscript
// uses, with the ellipsis dims broadcast as NumPy broadcasts them.
import { ValueError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import { broadcastShapesNamed, broadcastTo } from "./util.ts";

/** Subscripts and operands with every "..." replaced by explicit labels. */
export function expandEllipsis(ins: string[], rhs: string | undefined, arrs: NDArray[]): [string[], string | undefined, NDArray[]] {
  if (!ins.some((s) => s.includes(".")) && !rhs?.includes(".")) return [ins, rhs, arrs];
  const used = new Set([...ins.join(""), ...(rhs ?? "")]);
  const free = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"].filter((c) => !used.has(c));
  const ranks = ins.map((s, k) => {
    if (!s.includes(".")) return 0;
    if (s.split("...").length !== 2 || s.replace("...", "").includes("."))
      throw new ValueError(`einsum: invalid subscript '${s}': an ellipsis is written '...', at most once per operand`);
    const r = arrs[k].ndim - (s.length - 3);
    if (r < 0) throw new ValueError(`einsum: operand ${k} has ${arrs[k].ndim} dims, fewer than subscript '${s}' names`);
    return r;
  });
  const rank = Math.max(0, ...ranks);
  const labels = free.slice(0, rank).join("");
  // The ellipsis dims broadcast together (right-aligned), as in NumPy.
  const eShapes = ins.map((s, k) => (s.includes(".") ? arrs[k].shape.slice(s.indexOf("."), s.indexOf(".") + ranks[k]) : []));
  const bshape = broadcastShapesNamed("einsum", eShapes);
  const outArrs = arrs.map((a, k) => {
    const s = ins[k];
    if (!s.includes(".")) return a;
    const at = s.indexOf(".");
    const target = [...a.shape.slice(0, at), ...bshape.slice(rank - ranks[k]), ...a.shape.slice(at + ranks[k])];
    return target.every((d, i) => d === a.shape[i]) ? a : broadcastTo(a, target);
  });
  const outIns = ins.map((s, k) => s.replace("...", labels.slice(rank - ranks[k])));
  let outRhs: string | undefined;
  if (rhs !== undefined) outRhs = rhs.replace("...", labels);
  else {
    // Implicit output: the ellipsis dims, then the labels used once, sorted.
    const counts = new Map<string, number>();
    for (const s of ins) for (const ch of s.replace("...", "")) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    outRhs =
      labels +
      [...counts.keys()]
        .filter((c) => counts.get(c) === 1)
        .sort()
        .join("");
  }
  return [outIns, outRhs, outArrs];
}
