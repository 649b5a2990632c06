// One WebAssembly.Memory shared by every buffer and kernel of the wasm
// backend, with a first-fit free-list allocator that coalesces neighbours.
// Blocks are aligned to a cache line (64 bytes): threads splitting one buffer
// at multiples of 16 floats never write the same line (a compiled scan on two
// threads ran 3.0 ms instead of 2.0 in every other call, as its buffers fell
// on or off line boundaries), and v128 accesses are aligned.
import { type MemoryImport, ModuleBuilder, wasmApi, type WasmMemory } from "./emitter/index.ts";

const PAGE = 65536;
const ALIGN = 64;
/** The wasm32 address space: 65536 pages of 64 KiB. */
const MAX_PAGES = 65536;
/** Bump allocation past this point reports the rest of the initial memory as fresh (see onGrow). */
const WARM_AFTER = 1 << 20;
/** The first bytes stay unused so that no buffer has address 0 (a null-looking pointer). */
const RESERVED = 64;

interface Block {
  ptr: number;
  bytes: number;
}

/** How every module imports the heap's memory: shared (threads) or not. A shared memory's import must say so, with its maximum. */
export const SHARED_MEMORY: MemoryImport = { min: 1, max: MAX_PAGES, shared: true };
export const UNSHARED_MEMORY: MemoryImport = { min: 1 };

/** Requests up to this size come from per-size-class free lists (O(1) reuse, no coalescing). */
const SMALL = 4096;
/** Size classes: multiples of 16 up to 256 bytes, then powers of two up to SMALL. */
function sizeClass(bytes: number): number {
  if (bytes <= 256) return Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  return 1 << (32 - Math.clz32(bytes - 1));
}

export class WasmHeap {
  readonly memory: WasmMemory;
  /** Free blocks sorted by address, never adjacent (always coalesced). */
  private free: Block[] = [];
  /** Everything at or above `top` is unallocated. */
  private top = RESERVED;
  private live = 0;
  private small = new Map<number, number[]>();
  private viewBuffer: ArrayBufferLike | null = null;
  private mover: Mover | null = null;
  private _f32!: Float32Array;
  private _f64!: Float64Array;
  private _i32!: Int32Array;
  private _u32!: Uint32Array;
  private _u8!: Uint8Array;

  /** Shared memory (a SharedArrayBuffer) can be used by worker threads too. */
  constructor(
    initialPages = 256,
    readonly shared = false,
  ) {
    this.memory = new (wasmApi().Memory)({ initial: initialPages, maximum: MAX_PAGES, shared });
  }

  /** How every module imports this memory. */
  memoryImport(): MemoryImport {
    return this.shared ? SHARED_MEMORY : UNSHARED_MEMORY;
  }

  /** Bytes currently handed out (block sizes, for tests and soak runs). */
  get liveBytes(): number {
    return this.live;
  }
  /** The most bytes handed out at once. */
  get peakBytes(): number {
    return this.peak;
  }
  private peak = 0;

  alloc(bytes: number): number {
    // Callers check sizes at the API boundary; this catches a NaN or negative size
    // that got past them, before it corrupts the free lists. One compare: alloc is hot.
    if (!(bytes >= 0)) throw new RangeError(`WasmHeap.alloc: invalid allocation size ${bytes} bytes`);
    let ptr: number;
    let size: number;
    if (bytes <= SMALL) {
      size = sizeClass(bytes);
      ptr = this.small.get(size)?.pop() ?? this.takeFree(size) ?? this.bump(size);
    } else {
      size = Math.ceil(bytes / ALIGN) * ALIGN;
      ptr = this.takeFree(size) ?? this.bump(size);
    }
    this.live += size;
    if (this.live > this.peak) this.peak = this.live;
    return ptr;
  }

  /**
   * Returns a block; `bytes` is the size it was allocated with (callers know
   * it, so there is no per-block table to keep). Freeing a block twice is the
   * caller's bug: WasmBuffer's `freed` flag makes dispose() idempotent.
   */
  release(ptr: number, bytes: number): void {
    const size = bytes <= SMALL ? sizeClass(bytes) : Math.ceil(bytes / ALIGN) * ALIGN;
    this.live -= size;
    if (size <= SMALL) {
      let list = this.small.get(size);
      if (!list) {
        list = [];
        this.small.set(size, list);
      }
      list.push(ptr);
    } else this.insertFree(ptr, size);
  }

  private takeFree(size: number): number | null {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const b = this.free[i];
      if (b.bytes === size) {
        best = i;
        break;
      }
      if (b.bytes > size && (best < 0 || b.bytes < this.free[best].bytes)) best = i;
    }
    if (best < 0) return null;
    const b = this.free[best];
    const ptr = b.ptr;
    if (b.bytes === size) this.free.splice(best, 1);
    else {
      b.ptr += size;
      b.bytes -= size;
    }
    return ptr;
  }

  private bump(size: number): number {
    const end = this.top + size;
    if (end > this.memory.buffer.byteLength) this.grow(end);
    else if (!this.warm && end > WARM_AFTER) {
      // Past the first MiB the program is doing real work: the rest of the initial memory is fresh too.
      this.warm = true;
      this.onGrow?.(end, this.memory.buffer.byteLength);
    }
    const ptr = this.top;
    this.top = end;
    return ptr;
  }
  private warm = false;

  private grow(end: number): void {
    const have = this.memory.buffer.byteLength / PAGE;
    const need = Math.ceil(end / PAGE);
    if (need > MAX_PAGES) {
      throw new RangeError(
        `Out of memory on the wasm backend: ${fmtBytes(end - this.top)} requested with ${fmtBytes(this.liveBytes)} live, ` +
          `beyond the 4 GiB WebAssembly address space (arrays not used by the running operation were already moved to host memory). ` +
          `Arrays that are still referenced keep their memory: drop references you no longer need, free arrays early with dispose() ` +
          `(or \`using\`), donate jit arguments you replace (jit(f, {donateArgnums})), or work on smaller pieces. memoryStats() shows what is in use.`,
      );
    }
    // Grow geometrically so that a growing workload does not grow page by page.
    const target = Math.min(MAX_PAGES, Math.max(need, Math.ceil(have * 1.5)));
    try {
      this.memory.grow(target - have);
    } catch {
      this.memory.grow(need - have);
    }
    // The new pages are fresh: let a worker touch them before this thread needs them.
    this.onGrow?.(end, this.memory.buffer.byteLength);
  }

  /**
   * Called with a byte range [from, to) of fresh memory: after each growth
   * (beyond the block being handed out), and once for the rest of the initial memory.
   */
  onGrow: ((from: number, to: number) => void) | null = null;

  private insertFree(ptr: number, bytes: number): void {
    // Binary search for the insertion point, then merge with the neighbours.
    let lo = 0,
      hi = this.free.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.free[mid].ptr < ptr) lo = mid + 1;
      else hi = mid;
    }
    const prev = lo > 0 ? this.free[lo - 1] : null;
    const next = lo < this.free.length ? this.free[lo] : null;
    if (prev && prev.ptr + prev.bytes === ptr) {
      prev.bytes += bytes;
      if (next && prev.ptr + prev.bytes === next.ptr) {
        prev.bytes += next.bytes;
        this.free.splice(lo, 1);
      }
    } else if (next && ptr + bytes === next.ptr) {
      next.ptr = ptr;
      next.bytes += bytes;
    } else {
      this.free.splice(lo, 0, { ptr, bytes });
    }
    // A free block that reaches the top is returned to the bump region.
    const last = this.free[this.free.length - 1];
    if (last && last.ptr + last.bytes === this.top) {
      this.top = last.ptr;
      this.free.pop();
    }
  }

  private refresh(): void {
    const buf = this.memory.buffer;
    if (buf === this.viewBuffer) return;
    this.viewBuffer = buf;
    this._f32 = new Float32Array(buf);
    this._f64 = new Float64Array(buf);
    this._i32 = new Int32Array(buf);
    this._u32 = new Uint32Array(buf);
    this._u8 = new Uint8Array(buf);
  }
  // Views over the whole memory; re-taken after growth (growth detaches the old buffer).
  get f32(): Float32Array {
    this.refresh();
    return this._f32;
  }
  get f64(): Float64Array {
    this.refresh();
    return this._f64;
  }
  get i32(): Int32Array {
    this.refresh();
    return this._i32;
  }
  get u32(): Uint32Array {
    this.refresh();
    return this._u32;
  }
  /**
   * Copies `bytes` bytes from `from` to `to` inside the heap (the ranges may
   * overlap) with wasm's memory.copy: `copyWithin` on a shared memory is a
   * word-by-word relaxed copy, 2-4× slower (measured: 4 KiB 184 → 42 ns,
   * 4 MB 120 → 64 µs).
   */
  copy(to: number, from: number, bytes: number): void {
    (this.mover ??= buildMover(this)).copy(to, from, bytes);
  }

  /**
   * Fills `bytes` bytes from `to` with copies of the `unit` bytes already at
   * `to` (an element written once): a byte pattern by memory.fill, any other
   * by doubling memory.copy. TypedArray fill on a shared memory is a relaxed
   * element-by-element store (4 MB: 0.25 ms, 4x an unshared one's).
   */
  fillWith(to: number, unit: number, bytes: number): void {
    const mover = (this.mover ??= buildMover(this));
    if (bytes <= unit) return;
    const u8 = this.u8;
    let sameBytes = true;
    for (let i = 1; i < unit; i++) sameBytes &&= u8[to + i] === u8[to];
    if (sameBytes) {
      mover.fill(to + unit, u8[to], bytes - unit);
      return;
    }
    for (let done = unit; done < bytes; done *= 2) mover.copy(to + done, to, Math.min(done, bytes - done));
  }

  get u8(): Uint8Array {
    this.refresh();
    return this._u8;
  }
}

function fmtBytes(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(2)} GiB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(1)} MiB`;
  return `${n} bytes`;
}

interface Mover {
  copy(to: number, from: number, bytes: number): void;
  fill(to: number, byte: number, bytes: number): void;
}

/** A small module on the heap's memory: `copy(to, from, bytes)` is memory.copy, `fill(to, byte, bytes)` memory.fill. */
function buildMover(heap: WasmHeap): Mover {
  const mb = new ModuleBuilder();
  mb.names = false;
  mb.importMemory(heap.memoryImport());
  mb.addFunction("copy", ["i32", "i32", "i32"], [], { export: true }).local_get(0).local_get(1).local_get(2).memory_copy();
  mb.addFunction("fill", ["i32", "i32", "i32"], [], { export: true }).local_get(0).local_get(1).local_get(2).memory_fill();
  const instance = mb.instantiate({ env: { memory: heap.memory } });
  return instance.exports as unknown as Mover;
}
