// The control block shared by the calling thread and the workers: one
// Int32Array over a SharedArrayBuffer (not the wasm heap, so the allocator
// never sees it). A job is one exported wasm function run over chunks, each
// chunk with its own argument list. Chunks are claimed with a compare-and-swap
// on NEXT, which packs (job tag, chunk count, next chunk): a claim succeeds
// only for the job it read, so a worker waking late can never run a chunk of
// a job whose description is being rewritten (the description changes only
// after every chunk of the previous job is DONE).
export const GEN = 0; // bumped once per job; workers wait on it
export const NEXT = 1; // tag << TAG_SHIFT | count << COUNT_SHIFT | next chunk
export const DONE = 2; // chunks finished
export const ERROR = 3; // 1 once a chunk has thrown (the worker posts the message)
export const FN = 4; // function id
export const NARGS = 5; // arguments per chunk
export const SLEEP = 6; // always 0: a slot to wait on with a timeout, as a short sleep
export const WORKED = 7; // chunks the workers have run, ever (for tests and benchmarks)
export const PREFAULT_FROM = 8; // a range of 4 KiB pages of the heap for one worker to touch
export const PREFAULT_TO = 9; // (exclusive; 0 when there is none; taken with an exchange)
export const PREFAULTED = 10; // pages the workers have touched, ever
export const ARGS = 12; // chunk c's arguments at ARGS + c * NARGS

/**
 * How long a thread spins for the next job (a worker) or for the last chunks
 * (the caller) before it sleeps: waking a sleeping thread costs tens of µs in
 * a VM, paid twice per job when the caller also slept, and eager code and
 * compiled programs start jobs back to back, a few µs apart.
 */
export const SPIN_MS = 0.3;

/**
 * Prefaulting fresh heap pages (ThreadPool.prefault) pauses this long after
 * every PREFAULT_BURST pages (~0.5 ms of first touches), unless a job comes.
 * Touching pages flat out took a core's worth of time for tens of ms after
 * each growth, and on this VM's two vCPUs the caller's thread then ran at
 * half speed: tracing the MLP step's first call took 12-15 ms instead of
 * 6.5, and the first call as a whole 42-62 ms instead of 36-39 (measured
 * 2026-12-06).
 */
export const PREFAULT_BURST = 32;
export const PREFAULT_PAUSE_MS = 0.5;

export const CHUNK_BITS = 11;
export const MAX_CHUNKS = (1 << CHUNK_BITS) - 1;
export const COUNT_SHIFT = CHUNK_BITS;
export const TAG_SHIFT = 2 * CHUNK_BITS;
export const TAG_MASK = (1 << (32 - TAG_SHIFT)) - 1;
export const CHUNK_MASK = MAX_CHUNKS;

/** Int32 slots in the control block (64 KiB). */
export const CONTROL_INTS = 16384;
export const MAX_ARG_INTS = CONTROL_INTS - ARGS;

/** Claims the next chunk of the current job: its index, or -1 when none is left. (worker_source.ts has the same loop in plain JS.) */
export function claimChunk(c: Int32Array): number {
  for (;;) {
    const v = Atomics.load(c, NEXT);
    const chunk = v & CHUNK_MASK;
    if (chunk >= ((v >>> COUNT_SHIFT) & CHUNK_MASK)) return -1;
    if (Atomics.compareExchange(c, NEXT, v, v + 1) === v) return chunk;
  }
}

/** The NEXT word that opens a job of `count` chunks under `tag`. */
export function openJob(tag: number, count: number): number {
  return ((tag & TAG_MASK) << TAG_SHIFT) | (count << COUNT_SHIFT);
}
