// Movement primitives as index maps: each takes a strided view of an array
// (offset + Σ strides·index) to the view of the result, so broadcasts,
// transposes, slices, reversals and most reshapes cost no copy. A reshape that
// no strided view can express returns null (the caller materialises first).
import { stridesOf } from "../core/shape.ts";
import type { View } from "./kernel.ts";

export function contiguousView(shape: readonly number[]): View {
  return { strides: stridesOf(shape), offset: 0 };
}

export function broadcastView(v: View, inShape: readonly number[], outShape: readonly number[], dims: readonly number[]): View {
  const strides = new Array<number>(outShape.length).fill(0);
  dims.forEach((d, i) => {
    if (inShape[i] === outShape[d]) strides[d] = v.strides[i];
  });
  return { strides, offset: v.offset };
}

export function transposeView(v: View, perm: readonly number[]): View {
  return { strides: perm.map((p) => v.strides[p]), offset: v.offset };
}

export function revView(v: View, shape: readonly number[], dims: readonly number[]): View {
  let offset = v.offset;
  const strides = [...v.strides];
  for (const d of dims) {
    offset += (shape[d] - 1) * strides[d];
    strides[d] = -strides[d];
  }
  return { strides, offset };
}

export function sliceView(v: View, starts: readonly number[], steps: readonly number[] | null): View {
  let offset = v.offset;
  const strides = v.strides.map((s, d) => {
    offset += starts[d] * s;
    return s * (steps ? steps[d] : 1);
  });
  return { strides, offset };
}

export function squeezeView(v: View, dims: readonly number[]): View {
  return { strides: v.strides.filter((_, d) => !dims.includes(d)), offset: v.offset };
}

/**
 * Reshape without copying, if the view allows it (NumPy's attempt_nocopy_reshape):
 * runs of old dimensions that are contiguous with each other may be regrouped.
 */
export function reshapeView(v: View, oldShape: readonly number[], newShape: readonly number[]): View | null {
  const size = oldShape.reduce((a, b) => a * b, 1);
  if (size === 0) return { strides: newShape.map(() => 0), offset: v.offset };
  // Size-1 dims carry no information.
  const od: number[] = [],
    os: number[] = [];
  oldShape.forEach((s, i) => {
    if (s !== 1) {
      od.push(s);
      os.push(v.strides[i]);
    }
  });
  const nd = [...newShape];
  const ns = new Array<number>(nd.length).fill(0);
  let oi = 0,
    ni = 0;
  while (oi < od.length && ni < nd.length) {
    if (nd[ni] === 1) {
      ni++;
      continue;
    }
    let oj = oi + 1,
      nj = ni + 1;
    let op = od[oi],
      np = nd[ni];
    while (op !== np) {
      if (np < op) np *= nd[nj++];
      else op *= od[oj++];
    }
    // The old dims oi..oj-1 must be mutually contiguous.
    for (let k = oi; k < oj - 1; k++) if (os[k] !== od[k + 1] * os[k + 1]) return null;
    // New strides: the innermost takes the innermost old stride, then build outwards.
    ns[nj - 1] = os[oj - 1];
    for (let k = nj - 1; k > ni; k--) ns[k - 1] = ns[k] * nd[k];
    oi = oj;
    ni = nj;
  }
  return { strides: ns, offset: v.offset };
}
