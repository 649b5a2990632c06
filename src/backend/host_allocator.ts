// Large host copies without fresh pages (Node on Linux).
//
// Every read of an array (`data()`, `dataSync()`) and every evicted buffer is
// a new host ArrayBuffer, which Node gets from the C allocator. glibc serves a
// block of 128 KiB or more with a fresh mmap and, once such blocks come back
// from the garbage collector in bulk, trims the freed memory back to the
// system: the next copies touch fresh pages again (about 1 µs per 4 KiB page
// here). Measured on W1 (reading a 4 MB output per call): 2.2 ms per call
// where 0.95 ms is the same work on reused memory, whether outputs were
// disposed or dropped.
//
// glibc adapts (mallopt(3), "M_MMAP_THRESHOLD"): when an mmapped block is
// freed, blocks up to its size come from the heap from then on, and the heap
// is trimmed only past twice that size. So one untouched 30 MiB ArrayBuffer,
// dropped at once, moves both thresholds when the collector frees it: no
// page is ever touched (calloc of fresh mmapped memory is already zero), and
// later reads up to 30 MiB reuse freed memory. Other allocators (macOS,
// musl, browsers) ignore it: a 30 MiB untouched reservation, freed at the
// next collection.

/** Copies this large and up make it worth priming the allocator. */
const PRIME_AT_BYTES = 1 << 20;
/** Just under glibc's largest dynamic threshold (32 MiB on 64-bit). */
const PRIME_BYTES = 30 * 2 ** 20;

let primed = false;

/** Call before making a host copy of `bytes` bytes: the first large one primes the allocator (Node on Linux). */
export function beforeHostCopy(bytes: number): void {
  if (primed || bytes < PRIME_AT_BYTES) return;
  primed = true;
  const proc = (globalThis as { process?: { platform?: string; versions?: { node?: string } } }).process;
  if (proc?.platform !== "linux" || !proc.versions?.node) return;
  // Allocated and dropped: the collector frees it, which is what moves the thresholds.
  void new ArrayBuffer(PRIME_BYTES);
}
