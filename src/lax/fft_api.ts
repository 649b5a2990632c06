// lax.fft(x, fftType, fftLengths): JAX's lax.fft, with the type as a string
// ("FFT", "IFFT", "RFFT", "IRFFT", or lower case).
import { asOperand } from "../core/convert.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkIntList } from "../core/scalar_args.ts";
import { type FftType, fftBind, fftOperand } from "./fft.ts";
import { compiledEager } from "../transforms/eager_compiled.ts";

const TYPES: Record<string, FftType> = { fft: "FFT", ifft: "IFFT", rfft: "RFFT", irfft: "IRFFT" };

export function fft(x: ArrayLike, fftType: FftType | Lowercase<FftType>, fftLengths: readonly number[]): NDArray {
  if (typeof fftType !== "string") throw new JaxTypeError(`Unknown FFT type value '${String(fftType)}'`);
  const t = TYPES[fftType.toLowerCase()];
  if (!t || (fftType !== t && fftType !== t.toLowerCase())) throw new ValueError(`Unknown FFT type '${fftType}'`);
  checkIntList(fftLengths, "fft: fftLengths");
  return fftCompiled(asOperand(x, "fft argument"), t, [...fftLengths]);
}

// Jitted when called eagerly, so that the complex operand's split into parts
// and the interleave back fuse into the program around the transform.
const fftCompiled = compiledEager(
  (x: NDArray, t: FftType, lengths: number[]): NDArray => {
    const a = fftOperand(x, t);
    return lengths.length === 0 ? a : fftBind(a, t, lengths);
  },
  [1, 2],
);
