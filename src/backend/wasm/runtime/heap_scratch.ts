// Scratch blocks in the wasm heap for one operation, released together.
// Each is rounded up to a cache line, so float64 views of blocks taken
// after float32 ones stay aligned (heap.f64 indexes by address / 8).
import type { WasmHeap } from "../heap.ts";

export class Scratch {
  private readonly taken: [number, number][] = [];
  constructor(private readonly heap: WasmHeap) {}

  /** A block of at least `bytes` bytes (contents undefined). */
  take(bytes: number): number {
    const size = Math.ceil(bytes / 64) * 64;
    const at = this.heap.alloc(size);
    this.taken.push([at, size]);
    return at;
  }

  release(): void {
    for (const [at, size] of this.taken) this.heap.release(at, size);
    this.taken.length = 0;
  }
}

/** body(scratch), its blocks released afterwards (thrown or not). */
export function withScratch<T>(heap: WasmHeap, body: (s: Scratch) => T): T {
  const s = new Scratch(heap);
  try {
    return body(s);
  } finally {
    s.release();
  }
}
