// Integer seed → threefry key data, as JAX's random_seed + threefry_seed:
// the seed is taken as a 64-bit integer (a JS number must be an exact integer)
// and becomes [high word, low word]. Without x64 JAX first narrows the seed to
// int32 (wrapping), so the high word is 0 and the low word is the seed mod 2^32.
import { ArrayImpl } from "../core/array_impl.ts";
import { config } from "../core/config.ts";
import { scalarArray } from "../core/convert.ts";
import { isInteger } from "../core/dtypes.ts";
import { describe } from "../core/describe.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { NDArray } from "../core/ndarray.ts";
import * as lax from "../lax/api.ts";
import { pyShape } from "./args.ts";
import { isKeyArray } from "./key_array.ts";

const TWO_63 = 2n ** 63n;

function wordsOfInt(seed: bigint): Uint32Array {
  if (seed < -TWO_63 || seed >= TWO_63) {
    throw new ValueError(`PRNG key seed ${seed} is out of range: Python int too large to convert to C long (seeds are 64-bit integers).`);
  }
  // x32: np.int64(seed) is narrowed to int32 by wrapping, so the high word is 0.
  const wide = config.enableX64 ? BigInt.asUintN(64, seed) : BigInt.asUintN(32, seed);
  return new Uint32Array([Number(wide >> 32n), Number(wide & 0xffffffffn)]);
}

/** Key data (uint32[2]) for a scalar integer seed; `ctor` names the calling function in errors. */
export function seedToKeyData(seed: unknown, ctor: string): NDArray {
  if (isKeyArray(seed)) throw new JaxTypeError(`${ctor} accepts a scalar seed, but was given a PRNG key.`);
  if (typeof seed === "bigint") return ArrayImpl.fromHost(wordsOfInt(seed), [2], "uint32");
  if (typeof seed === "number") {
    if (!Number.isInteger(seed)) throw new JaxTypeError(`PRNG key seed must be an integer; got ${seed}`);
    return ArrayImpl.fromHost(wordsOfInt(BigInt(seed)), [2], "uint32");
  }
  if (!(seed instanceof NDArray)) {
    throw new JaxTypeError(`${ctor} accepts a scalar integer seed (a JS number, bigint or integer array); got ${describe(seed)}`);
  }
  if (seed.ndim !== 0) {
    throw new JaxTypeError(
      `${ctor} accepts a scalar seed, but was given an array of shape ${pyShape(seed.shape)} != (). Use jax.vmap for batching`,
    );
  }
  if (!isInteger(seed.dtype)) throw new JaxTypeError(`PRNG key seed must be an integer; got an array of dtype ${seed.dtype}`);
  if (seed.dtype === "int64" || seed.dtype === "uint64") {
    // threefry_seed: [convert(seed >>> 32), convert(seed)] as uint32 words (traced seeds too).
    const word = (x: NDArray) => lax.reshape(lax.convertElementType(x, "uint32"), [1]);
    const hi = lax.shiftRightLogical(seed, scalarArray(32, seed.dtype, false));
    return lax.concatenate([word(hi), word(seed)], 0);
  }
  // A 32-bit seed: shift_right_logical(seed, 32) is 0; the low word is the seed's bits.
  const lo = lax.reshape(lax.convertElementType(seed, "uint32"), [1]);
  const hi = lax.broadcastInDim(scalarArray(0, "uint32", false), [1], []);
  return lax.concatenate([hi, lo], 0);
}
