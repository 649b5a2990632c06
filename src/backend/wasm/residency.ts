// Which arrays' data live in the wasm heap, and for how long.
//
// The heap is a bounded cache. An array's buffer is resident from its birth;
// its block returns to the heap when the array is disposed, when a finalizer
// finds the array dead, or when the buffer is evicted: its bytes are copied to
// a host Uint8Array (owned by the array, so the garbage collector frees it
// with the array, minor collections and synchronous loops included) and it is
// reloaded on its next use. Two limits drive this:
//
// - past the soft limit, garbage is collected now (Node: a full collection
//   and the finalizers of what it found dead, synchronously; see collect.ts),
//   so a loop that drops its arrays reuses their blocks, synchronous or not;
// - past the hard limit, the least recently used buffers not used by the
//   running operation are evicted down to the soft limit. This keeps memory
//   bounded where nothing can be collected on demand (browsers; there, large
//   buffers also carry external-memory stand-ins so that the engine collects
//   on its own and finalizers run between tasks).
//
// The default limits start small (fresh memory is costly to touch: a few
// microseconds a page in a VM) and double when they are too tight for the
// program (up to 256 MiB): when collections take over a quarter of the time, when they come
// more often than every half soft limit allocated (what survives them nearly
// fills it), when the engine's own collections give buffers back but a little
// later than the limit allows (a larger limit lets them do all the work: W6e
// with outputs dropped, 47 collections of ours per 1500 steps at 64 MiB, 2 at
// 256), or when evicted buffers keep coming back. A budget set with
// config.update("wasmMemoryBudget") is kept as set.
import { config, onConfigChange } from "../../core/config.ts";
import { canCollectNow, collectNow, finalizationRegistry, finalizeNow } from "../collect.ts";
import { type BufferHome, WasmBuffer } from "./buffer.ts";
import type { WasmHeap } from "./heap.ts";
import { hostCopy } from "./host_slab.ts";
import { beforeHostCopy } from "../host_allocator.ts";

const MiB = 2 ** 20;
/** Collections may take at most about 1 / COST_SHARE of the time between them before the limits grow. */
const COST_SHARE = 4;
/**
 * Buffers this small live in host memory (a Uint8Array the garbage collector
 * frees with the array, young collections included) and visit the heap only
 * for the operations that use them; outputs are copied home when they leave.
 * Registering them for finalization would cost more: V8 keeps every
 * registered object alive through young collections, so each small array
 * would be promoted to the old generation and wait for a full collection.
 */
const SMALL_BYTES = 4096;
/**
 * Small buffers stay for a few operations: the next operation often reads what
 * the last one wrote, and one disposed meanwhile leaves without a copy.
 */
const MAX_VISITORS = 64;
/**
 * Each resident buffer also counts this many bytes against the soft limit: the
 * JS objects of an array (and its finalization record) that a collection has
 * to find dead. Without it, a loop of small arrays would pile up hundreds of
 * thousands of them between collections, and each collection would be slow.
 */
const ARRAY_CHARGE = 4096;
/**
 * The default soft limit grows up to this (a budget set in config may be
 * larger). Dropped outputs cycle through the whole limit before a collection
 * frees them, so a larger one is colder: W1e with outputs dropped, medians of
 * three processes, 3.8-3.9 ms at 512 MiB, 3.6-3.7 at 256, 3.5-3.7 at 192
 * (with twice the collections); W1 1.02-1.04 → 0.94-1.00.
 */
const MAX_AUTO_SOFT = 256 * MiB;
/** The hard limit is this much above the soft one. */
const HARD_RATIO = 1.5;
/** The wasm32 address space is 4 GiB; leave room for workspaces and the stack. */
const MAX_HARD = 3.5 * 1024 * MiB;

/** Counters for memoryStats(). */
export interface ResidencyCounters {
  allocs: number;
  largestAlloc: number;
  evictions: number;
  evictedBytes: number;
  reloads: number;
  collections: number;
  collectionMs: number;
  collected: number;
}

export class Residency implements BufferHome {
  /** Bumped when an operation starts (see beginOperation). */
  epoch = 1;
  softLimit = 0;
  hardLimit = 0;
  readonly counters: ResidencyCounters = {
    allocs: 0,
    largestAlloc: 0,
    evictions: 0,
    evictedBytes: 0,
    reloads: 0,
    collections: 0,
    collectionMs: 0,
    collected: 0,
  };
  private readonly resident = new Set<WasmBuffer>();
  /** Held values are the buffers; each buffer is its own unregister token. */
  private readonly registry = finalizationRegistry<WasmBuffer>((b) => this.collected(b));
  /** Small buffers in the heap for recent operations (see SMALL_BYTES). */
  private visitors: WasmBuffer[] = [];
  /** Buffers of collected arrays that the running operation still uses: freed when it ends. */
  private deferred: WasmBuffer[] = [];
  private reloadedSinceEviction = 0;
  /** What resident buffers count against the soft limit: their bytes plus ARRAY_CHARGE each. */
  private charged = 0;
  /** Bytes allocated since start, and when the last collection was requested. */
  private allocated = 0;
  private allocatedAtCollection = 0;
  /** When the engine's own collections last gave buffers back (bytes allocated then). */
  private allocatedAtNaturalReclaim = -Infinity;
  /** When the last collection ended and how long it took (ms). */
  private lastCollectionEnd = -Infinity;
  private lastCollectionMs = 0;
  /** The default budget grows with the program's needs; one the user set is kept. */
  private growable = true;
  /** Whether garbage is collected on demand (tests turn it off to exercise what browsers do). */
  collects = canCollectNow();
  /** Where nothing can be collected on demand, large buffers carry external-memory stand-ins instead. */
  private readonly usePressure = !this.collects;

  constructor(private readonly heap: WasmHeap) {
    this.setBudget(config.read("wasmMemoryBudget"));
    onConfigChange((name) => {
      if (name !== "wasmMemoryBudget") return;
      this.setBudget(config.read("wasmMemoryBudget"));
      this.growable = false;
    });
  }

  private setBudget(soft: number): void {
    this.softLimit = Math.min(soft, MAX_HARD / HARD_RATIO);
    this.hardLimit = this.softLimit * HARD_RATIO;
  }

  /**
   * Starts an operation: buffers used from now on stay resident until the next
   * one starts. Call where no heap address from an earlier operation is held.
   */
  beginOperation(): void {
    this.epoch++;
    if (this.visitors.length > MAX_VISITORS) this.sendVisitorsHome();
    if (this.deferred.length > 0) {
      for (const b of this.deferred) this.free(b);
      this.deferred = [];
    }
  }

  /**
   * An array was collected. Optimised code may drop an array while the
   * operation it feeds still runs on its buffer (the array is dead once its
   * buffer was taken), so a buffer used in the running operation waits for it to end.
   */
  private collected(b: WasmBuffer): void {
    this.counters.collected++;
    if (b.lastUse === this.epoch) this.deferred.push(b);
    else this.free(b);
  }

  /** A new resident buffer of `bytes` bytes (contents undefined). */
  alloc(bytes: number): WasmBuffer {
    const small = bytes <= SMALL_BYTES;
    if (!small) {
      // What the engine's own collections found dead comes back first (a few ns when there is nothing).
      if (this.collects) {
        const before = this.counters.collected;
        finalizeNow();
        if (this.counters.collected !== before) this.allocatedAtNaturalReclaim = this.allocated;
      }
      this.makeRoom(bytes);
    }
    const buf = new WasmBuffer(this, this.heapAlloc(bytes), bytes, small);
    this.arrive(buf);
    const c = this.counters;
    c.allocs++;
    if (bytes > c.largestAlloc) c.largestAlloc = bytes;
    if (this.usePressure && bytes >= PRESSURE_BYTES) buf.pressure = takePressure(bytes);
    return buf;
  }

  /** A new small buffer whose bytes are `host` (its home; it visits the heap when an operation takes its address). */
  atHome(host: Uint8Array): WasmBuffer {
    const buf = new WasmBuffer(this, 0, host.length, true);
    buf.host = host;
    this.counters.allocs++;
    return buf;
  }

  /** Frees `buf` when `owner` becomes garbage (a small buffer's host copy is garbage with it: nothing to do). */
  track(owner: object, buf: WasmBuffer): void {
    if (!buf.small) this.registry.register(owner, buf, buf);
  }

  /** Stops freeing `buf` with its owner (the buffer has a new owner, or left the heap). */
  untrack(buf: WasmBuffer): void {
    if (!buf.small) this.registry.unregister(buf);
  }

  /** Returns the buffer's memory (idempotent). */
  free(buf: WasmBuffer): void {
    if (buf.freed) return;
    buf.freed = true;
    this.leaveHeap(buf);
    buf.host = null;
  }

  reload(buf: WasmBuffer): number {
    if (buf.freed || buf.host === null) throw new Error("internal: a freed wasm buffer was used");
    if (!buf.small) this.makeRoom(buf.bytes);
    const at = this.heapAlloc(buf.bytes);
    this.heap.u8.set(buf.host, at);
    buf.at = at;
    this.arrive(buf);
    if (!buf.small) {
      this.counters.reloads++;
      this.reloadedSinceEviction += buf.bytes;
    }
    return at;
  }

  /** A buffer just placed in the heap: a small one visits for the running operation, a big one stays. */
  private arrive(buf: WasmBuffer): void {
    if (buf.small) {
      this.visitors.push(buf);
      return;
    }
    this.resident.add(buf);
    this.charged += buf.bytes + ARRAY_CHARGE;
    this.allocated += buf.bytes + ARRAY_CHARGE;
  }

  /** Small buffers leave the heap (none is used by the running operation), outputs copied home first. */
  private sendVisitorsHome(): void {
    const u8 = this.heap.u8;
    for (const b of this.visitors) {
      if (b.at === 0) continue; // freed, or already home
      if (b.host === null) b.host = hostCopy(u8, b.at, b.bytes);
      this.heap.release(b.at, b.bytes);
      b.at = 0;
    }
    this.visitors.length = 0;
  }

  /** A block of the heap; when the address space is full, everything the running operation does not use is evicted first. */
  private heapAlloc(bytes: number): number {
    try {
      return this.heap.alloc(bytes);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      this.evict(0);
      return this.heap.alloc(bytes);
    }
  }

  /** Resident buffers (some may belong to arrays already dropped and not yet collected). */
  get residentBuffers(): number {
    return this.resident.size;
  }

  private leaveHeap(buf: WasmBuffer): void {
    if (buf.at !== 0) {
      this.heap.release(buf.at, buf.bytes);
      buf.at = 0;
      if (!buf.small) {
        this.resident.delete(buf);
        this.charged -= buf.bytes + ARRAY_CHARGE;
      }
    }
    if (buf.pressure) {
      keepPressure(buf.pressure);
      buf.pressure = null;
    }
  }

  private makeRoom(bytes: number): void {
    const need = this.charged + bytes + ARRAY_CHARGE;
    if (need <= this.softLimit) return;
    if (this.collects) {
      // Collections more often than every half soft limit allocated: what survives them nearly fills it.
      const tooSoon = this.allocated - this.allocatedAtCollection < this.softLimit / 2;
      // The engine's own collections give buffers back, but not often enough for this limit: a little more room saves ours.
      const natural = this.allocated - this.allocatedAtNaturalReclaim < 2 * this.softLimit;
      if ((tooSoon || natural) && this.grow()) {
        if (need <= this.softLimit) return;
      } else if (!tooSoon) {
        const start = performance.now();
        // Collections taking over 1/COST_SHARE of the time: fewer, larger ones (each costs a few ms, whatever its size).
        if (start - this.lastCollectionEnd < COST_SHARE * this.lastCollectionMs) this.grow();
        this.allocatedAtCollection = this.allocated;
        collectNow();
        this.lastCollectionEnd = performance.now();
        this.lastCollectionMs = this.lastCollectionEnd - start;
        this.counters.collections++;
        this.counters.collectionMs += this.lastCollectionMs;
      }
    }
    if (this.heap.liveBytes + bytes > this.hardLimit) this.evict(this.softLimit - bytes);
  }

  /** Doubles the default soft limit (up to MAX_AUTO_SOFT); false when it cannot grow. */
  private grow(): boolean {
    if (!this.growable || this.softLimit >= MAX_AUTO_SOFT) return false;
    this.setBudget(Math.min(this.softLimit * 2, MAX_AUTO_SOFT));
    return true;
  }

  /** Evicts least recently used buffers, none used by the running operation, until `target` bytes are live. */
  private evict(target: number): void {
    // Evicted buffers that came back since the last eviction mean the limits are too tight for the working set.
    if (this.reloadedSinceEviction > this.softLimit / 4) this.grow();
    this.reloadedSinceEviction = 0;
    const candidates: WasmBuffer[] = [];
    for (const b of this.resident) if (b.lastUse < this.epoch) candidates.push(b);
    candidates.sort((a, b) => a.lastUse - b.lastUse);
    const u8 = this.heap.u8;
    for (const b of candidates) {
      if (this.heap.liveBytes <= target) break;
      if (b.host === null) {
        beforeHostCopy(b.bytes);
        b.host = u8.slice(b.at, b.at + b.bytes);
      }
      this.leaveHeap(b);
      // The registration would keep the host copy reachable until a finalizer ran (never, in a synchronous loop).
      this.untrack(b);
      this.counters.evictions++;
      this.counters.evictedBytes += b.bytes;
    }
  }
}

/**
 * Where no collection can be requested, buffers this large also hold an
 * untouched ArrayBuffer of the same size: the engine counts it as external
 * memory, so it collects as often as if the array lived on the JS heap.
 */
const PRESSURE_BYTES = 1 << 20;
/** Stand-ins of freed buffers, by size: a fresh one is zero-filled (about 1 ms for 4 MiB). */
const spare = new Map<number, ArrayBuffer[]>();
let spareBytes = 0;
const MAX_SPARE_BYTES = 64 << 20;

function takePressure(bytes: number): ArrayBuffer {
  const reused = spare.get(bytes)?.pop();
  if (!reused) return new ArrayBuffer(bytes);
  spareBytes -= bytes;
  return reused;
}

function keepPressure(b: ArrayBuffer): void {
  if (spareBytes + b.byteLength > MAX_SPARE_BYTES) return;
  let list = spare.get(b.byteLength);
  if (!list) {
    list = [];
    spare.set(b.byteLength, list);
  }
  list.push(b);
  spareBytes += b.byteLength;
}
