// conv_general_dilated with lhs dilation (conv_transpose, and the input
// gradient of a strided convolution) as ordinary convolutions, one per phase
// of the output. Dilating the input by s puts s - 1 zeros between its
// elements, so along each spatial dim the output positions o ≡ r (mod s) see
// only the taps k ≡ lo - r (mod s): phase r is a convolution of the
// undilated input with every s-th tap of the kernel, and the phases
// interleave into the output. The dilated form multiplies by the zeros too
// (s^d times the work: 4× for a stride-2 conv_transpose in 2-D).
// Registered as a decomposition (compiler/decompositions.ts): targets with
// special kernels (wasm) run it, eager and jitted alike; the primitive and
// its rules are unchanged.
import type { ShapedArray } from "../core/aval.ts";
import type { ClosedJaxpr } from "../core/jaxpr.ts";
import type { NDArray } from "../core/ndarray.ts";
import type { Params } from "../core/primitive.ts";
import { shapeEqual } from "../core/shape.ts";
import { registerDecomposition } from "../compiler/decompositions.ts";
import { traceToJaxpr } from "../transforms/staging.ts";
import * as lax from "./api.ts";
import { type ConvParams, convBind, convOutputShape } from "./conv.ts";
import { full } from "./zeros.ts";

/** Output phase r of one spatial dim: its first tap, tap count, padding of the undilated input, and output length. */
interface Phase {
  first: number;
  taps: number;
  padding: [number, number];
  length: number;
}

/**
 * Phase r of a dim with input length n, kernel length K, lhs dilation s,
 * low padding lo and output length outLen: y[s q + r] = Σ_m x[q + c + m] ·
 * w[first + s m], c = (r + first - lo) / s, i.e. a convolution padded by -c
 * below and by whatever gives its `length` outputs above.
 */
function phaseOf(n: number, K: number, s: number, lo: number, outLen: number, r: number): Phase {
  const first = (((lo - r) % s) + s) % s;
  const taps = first < K ? Math.ceil((K - first) / s) : 0;
  const length = r < outLen ? Math.ceil((outLen - r) / s) : 0;
  const below = -(r + first - lo) / s;
  return { first, taps, padding: [below, length - 1 + taps - n - below], length };
}

/** Every combination of one phase per spatial dim, the last dim's varying fastest. */
function combinations(sizes: number[]): number[][] {
  return sizes.reduce<number[][]>((acc, s) => acc.flatMap((c) => Array.from({ length: s }, (_, r) => [...c, r])), [[]]);
}

function phased(x: NDArray, w: NDArray, p: ConvParams, outShape: readonly number[]): NDArray {
  const { lhs_spec: ls, rhs_spec: rs, out_spec: os } = p.dimension_numbers;
  const s = p.lhs_dilation;
  const outSp = os.slice(2).map((d) => outShape[d]);
  const rows = outSp.map((o, i) => Math.ceil(o / s[i]));
  const dtype = p.preferred_element_type ?? x.dtype;
  // Each phase in the output's layout, its spatial dims padded to `rows`.
  const pieces = combinations(s).map((r) => {
    const ph = r.map((ri, i) => phaseOf(x.shape[ls[2 + i]], w.shape[rs[2 + i]], s[i], p.padding[i][0], outSp[i], ri));
    const shape = [...outShape];
    ph.forEach((q, i) => {
      shape[os[2 + i]] = q.length;
    });
    let y: NDArray;
    if (ph.some((q) => q.taps === 0 || q.length === 0)) y = full(shape, 0, dtype);
    else {
      const start = w.shape.map(() => 0);
      const strides = w.shape.map(() => 1);
      ph.forEach((q, i) => {
        start[rs[2 + i]] = q.first;
        strides[rs[2 + i]] = s[i];
      });
      const taps = lax.slice(w, start, [...w.shape], strides);
      y = convBind(x, taps, { ...p, lhs_dilation: s.map(() => 1), padding: ph.map((q) => q.padding) });
    }
    if (ph.every((q, i) => q.length === rows[i])) return y;
    const widths = shape.map(() => [0, 0, 0]);
    ph.forEach((q, i) => {
      widths[os[2 + i]][1] = rows[i] - q.length;
    });
    return lax.pad(y, full([], 0, dtype), widths);
  });
  // [s..., out dims (spatial ones `rows` long)] → each spatial dim followed by its phase → merged → cropped.
  const nsp = s.length;
  const padded = [...outShape];
  os.slice(2).forEach((d, i) => {
    padded[d] = rows[i];
  });
  const stacked = lax.reshape(
    lax.concatenate(
      pieces.map((y) => lax.expandDims(y, [0])),
      0,
    ),
    [...s, ...padded],
  );
  const perm = padded.flatMap((_, d) => {
    const i = os.indexOf(d) - 2;
    return i >= 0 ? [nsp + d, i] : [nsp + d];
  });
  const woven = lax.reshape(
    lax.transpose(stacked, perm),
    padded.map((n, d) => (os.indexOf(d) >= 2 ? n * s[os.indexOf(d) - 2] : n)),
  );
  if (shapeEqual(woven.shape, outShape)) return woven;
  return lax.slice(
    woven,
    woven.shape.map(() => 0),
    [...outShape],
  );
}

/** The decomposition where it pays and holds: float32, lhs dilation, unit window strides and rhs dilation, no batch groups. */
function lhsDilatedConv(avals: ShapedArray[], params: Params): ClosedJaxpr | null {
  const p = params as ConvParams;
  if (!p.lhs_dilation.some((s) => s > 1) || p.window_strides.some((s) => s !== 1) || p.rhs_dilation.some((d) => d !== 1)) return null;
  if (p.batch_group_count !== 1 || avals.some((a) => a.dtype !== "float32")) return null;
  return traceToJaxpr((x, w) => [phased(x, w, p, convOutputShape(avals[0], avals[1], p))], avals);
}

registerDecomposition("conv_general_dilated", lhsDilatedConv);
