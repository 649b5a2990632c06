// jnp.convolve and jnp.correlate: 1-D discrete convolution as a lax convolution, as JAX does.
import { ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import type { DType } from "../core/dtypes.ts";
import { checkOptions } from "../core/options.ts";
import { convGeneralDilated } from "../lax/api.ts";
import { s } from "./indexing.ts";
import { conj, imag, real } from "./complex.ts";
import { complex } from "../lax/complex_api.ts";
import { add, subtract } from "./elementwise.ts";
import { isComplex } from "../core/dtypes.ts";
import { promoteToFloatSame } from "./numeric.ts";
import { reshape } from "./shape.ts";
import { namedResultType, toType } from "./util.ts";

export type ConvolveMode = "full" | "same" | "valid";
export interface ConvolveOpts {
  mode?: ConvolveMode;
  precision?: unknown;
  preferredElementType?: DType | null;
}

function conv(op: "convolve" | "correlate", a: ArrayLike, v: ArrayLike, mode: string, o: ConvolveOpts): NDArray {
  let x: NDArray;
  let y: NDArray;
  if (o.preferredElementType === undefined || o.preferredElementType === null) [x, y] = promoteToFloatSame(op, [a, v]);
  else {
    const t = namedResultType(op, [a, v]);
    [x, y] = [toType(a, t.dtype, t.weakType), toType(v, t.dtype, t.weakType)];
  }
  if (x.ndim !== 1 || y.ndim !== 1) throw new ValueError(`${op}() only support 1-dimensional inputs.`);
  if (x.shape[0] === 0 || y.shape[0] === 0) {
    throw new ValueError(`${op}: inputs cannot be empty, got shapes (${x.shape[0]},) and (${y.shape[0]},).`);
  }
  if (op === "correlate") y = conj(y);
  let reverse = false;
  if (x.shape[0] < y.shape[0]) {
    [x, y] = [y, x];
    reverse = op === "correlate";
  }
  if (op === "convolve") y = y.get(s(null, null, -1));
  const m = y.shape[0];
  let padding: [number, number];
  if (mode === "valid") padding = [0, 0];
  else if (mode === "same") padding = [Math.floor(m / 2), m - Math.floor(m / 2) - 1];
  else if (mode === "full") padding = [m - 1, m - 1];
  else throw new ValueError("mode must be one of ['full', 'same', 'valid']");
  const pet = o.preferredElementType ?? null;
  const conv1 = (p: NDArray, q: NDArray): NDArray =>
    convGeneralDilated(reshape(p, [1, 1, p.shape[0]]), reshape(q, [1, 1, m]), [1], [padding], pet ? { preferredElementType: pet } : {}).get(
      0,
      0,
    );
  let out: NDArray;
  if (isComplex(x.dtype)) {
    // The convolution is bilinear: four real ones give the real and imaginary parts.
    const [xr, xi, yr, yi] = [real(x), imag(x), real(y), imag(y)];
    out = complex(subtract(conv1(xr, yr), conv1(xi, yi)), add(conv1(xr, yi), conv1(xi, yr)));
  } else out = conv1(x, y);
  return reverse ? out.get(s(null, null, -1)) : out;
}

function parse(
  name: string,
  modeOrOpts: ConvolveMode | ConvolveOpts | undefined,
  opts: ConvolveOpts,
  dflt: ConvolveMode,
): [string, ConvolveOpts] {
  const o = typeof modeOrOpts === "string" ? { ...opts, mode: modeOrOpts } : (modeOrOpts ?? opts);
  checkOptions(o, name, ["mode", "precision", "preferredElementType"]);
  return [o.mode ?? dflt, o];
}

/** jnp.convolve(a, v, {mode = "full"}) (or mode positional): the discrete linear convolution. */
export function convolve(a: ArrayLike, v: ArrayLike, modeOrOpts?: ConvolveMode | ConvolveOpts, opts: ConvolveOpts = {}): NDArray {
  const [mode, o] = parse("convolve", modeOrOpts, opts, "full");
  return conv("convolve", a, v, mode, o);
}

/** jnp.correlate(a, v, {mode = "valid"}) (or mode positional): the cross-correlation. */
export function correlate(a: ArrayLike, v: ArrayLike, modeOrOpts?: ConvolveMode | ConvolveOpts, opts: ConvolveOpts = {}): NDArray {
  const [mode, o] = parse("correlate", modeOrOpts, opts, "valid");
  return conv("correlate", a, v, mode, o);
}
