// jnp.repeat with per-element repeat counts, or with totalRepeatLength (which
// lets it run under jit): output position j takes the element whose running
// count of repeats first exceeds j; past the total the last element repeats.
import { ConcretizationTypeError, ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { arange } from "./creation.ts";
import { astype, minimum } from "./elementwise.ts";
import { cumsum, sum } from "./reductions.ts";
import { searchsorted } from "./searching.ts";
import { broadcastTo } from "./shape.ts";
import { take } from "./take.ts";
import { asArray, isConcrete } from "./util.ts";

export function repeatByCounts(a: NDArray, repeats: ArrayLike, axis: number, totalRepeatLength: number | null | undefined): NDArray {
  const n = a.shape[axis];
  let r = asArray(repeats, "repeat: repeats");
  if (r.ndim > 1) throw new ValueError(`repeat: repeats must be a scalar or a 1-D array, got shape ${JSON.stringify(r.shape)}`);
  if (r.ndim === 1 && r.shape[0] !== n && r.shape[0] !== 1)
    throw new ValueError(`repeat: repeats has ${r.shape[0]} entries for an axis of length ${n}`);
  r = broadcastTo(astype(r, "int32"), [n]);
  let total: number;
  if (totalRepeatLength === undefined || totalRepeatLength === null) {
    if (!isConcrete(r))
      throw new ConcretizationTypeError(
        "jnp.repeat with traced repeats needs a static totalRepeatLength: the output length depends on the values of repeats.",
      );
    total = Number(sum(r).item());
  } else total = totalRepeatLength;
  if (n === 0 || total === 0) return take(a, arange(0), axis);
  const idx = minimum(searchsorted(cumsum(r), arange(total), { side: "right" }), n - 1);
  return take(a, idx, axis);
}
