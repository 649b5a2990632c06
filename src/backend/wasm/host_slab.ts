// Host copies of small buffers, carved from shared slabs.
//
// Every small array's bytes end up in host memory (residency.ts): an output
// is copied home when it leaves the heap. A fresh ArrayBuffer per copy costs
// an allocation and a zero fill (about twice the cost of a view into a slab,
// measured on 4 KiB copies), and that cost is what a dropped small output
// paid over a disposed one. Views into one 64 KiB slab are cheap to make, and
// the garbage collector frees the slab once no view of it is left: a long-lived
// small array keeps its slab alive, so at worst memory is SLAB_BYTES per
// long-lived piece (Node's Buffer pool makes the same trade for small Buffers).

const SLAB_BYTES = 1 << 16;
/** Pieces are 16-byte aligned, so any storage type can view them. */
const ALIGN = 16;

let slab = new Uint8Array(0);
let used = 0;

/** A host copy of `src[from, from + bytes)`, sharing a slab with other small copies (bytes ≤ 4 KiB). */
export function hostCopy(src: Uint8Array, from: number, bytes: number): Uint8Array {
  const size = (bytes + ALIGN - 1) & ~(ALIGN - 1);
  if (used + size > slab.length) {
    slab = new Uint8Array(SLAB_BYTES);
    used = 0;
  }
  const out = slab.subarray(used, used + bytes);
  used += size;
  out.set(src.subarray(from, from + bytes));
  return out;
}
