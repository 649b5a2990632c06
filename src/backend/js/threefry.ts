// Reference kernel for threefry2x32 (Salmon et al. 2011, 20 rounds), the hash
// behind jax.random. Inputs are uint32 arrays that broadcast against each other
// (a rank-0 operand is a scalar; otherwise every operand has the output's rank
// and each dimension equals the output's or is 1), as JAX's threefry2x32_p.
import type { ShapedArray } from "../../core/aval.ts";
import type { TypedArray } from "../../core/dtypes.ts";
import { KS_PARITY, ROT0, ROT1 } from "../../random/threefry_spec.ts";
import { alloc, defKernel } from "./kernel.ts";

/** Maps each flat output index to the flat index of a broadcast operand. */
function broadcastIndexer(inShape: readonly number[], outShape: readonly number[]): (i: number) => number {
  const inSize = inShape.reduce((a, b) => a * b, 1);
  const outSize = outShape.reduce((a, b) => a * b, 1);
  if (inShape.length === 0 || inSize === 1) return () => 0;
  if (inSize === outSize) return (i) => i;
  const nd = outShape.length;
  const inStrides = new Array<number>(nd).fill(0);
  let s = 1;
  for (let d = nd - 1; d >= 0; d--) {
    inStrides[d] = inShape[d] === 1 ? 0 : s;
    s *= inShape[d];
  }
  return (i) => {
    let rem = i;
    let off = 0;
    for (let d = nd - 1; d >= 0; d--) {
      const n = outShape[d];
      off += (rem % n) * inStrides[d];
      rem = Math.floor(rem / n);
    }
    return off;
  };
}

/** One threefry2x32 block; writes the two output words to out[0], out[1] (as int32 bit patterns). */
export function threefry2x32Block(key0: number, key1: number, x0In: number, x1In: number, out: Int32Array): void {
  const ks0 = key0 | 0;
  const ks1 = key1 | 0;
  const ks2 = ks0 ^ ks1 ^ KS_PARITY;
  const ks = [ks0, ks1, ks2];
  let x0 = (x0In + ks0) | 0;
  let x1 = (x1In + ks1) | 0;
  for (let block = 0; block < 5; block++) {
    const rot = block % 2 === 0 ? ROT0 : ROT1;
    for (let r = 0; r < 4; r++) {
      x0 = (x0 + x1) | 0;
      x1 = (x1 << rot[r]) | (x1 >>> (32 - rot[r]));
      x1 ^= x0;
    }
    // Key injection: after block b, add ks[(b+1)%3] and ks[(b+2)%3] + (b+1).
    x0 = (x0 + ks[(block + 1) % 3]) | 0;
    x1 = (x1 + ks[(block + 2) % 3] + block + 1) | 0;
  }
  out[0] = x0;
  out[1] = x1;
}

defKernel("threefry2x32", (ins: TypedArray[], inAvals: ShapedArray[], _p, outAvals: ShapedArray[]) => {
  const o = outAvals[0];
  const out0 = alloc(o);
  const out1 = alloc(o);
  const idx = inAvals.map((a) => broadcastIndexer(a.shape, o.shape));
  const [k0, k1, c0, c1] = ins;
  const [i0, i1, i2, i3] = idx;
  const pair = new Int32Array(2);
  for (let i = 0; i < out0.length; i++) {
    threefry2x32Block(k0[i0(i)], k1[i1(i)], c0[i2(i)], c1[i3(i)], pair);
    out0[i] = pair[0];
    out1[i] = pair[1];
  }
  return [out0, out1];
});
