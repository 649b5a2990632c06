// jit's cache: structural keys compared by equality, bucketed by a cheap
// fingerprint, bounded with least-recently-used eviction.
import type { ShapedArray } from "../core/aval.ts";
import { config } from "../core/config.ts";
import { ValueError } from "../core/errors.ts";
import { NDArray } from "../core/ndarray.ts";
import { isPlainObject } from "../core/options.ts";

export interface JitKey {
  treedef: { equals(o: any): boolean; toString(): string };
  avals: readonly ShapedArray[];
  statics: StaticKey[];
}

/** A static argument as a comparable value (plain data by value, functions by identity). */
export type StaticKey = { kind: "value"; value: unknown } | { kind: "ref"; value: unknown };

export function staticKey(v: unknown, argnum: number): StaticKey {
  checkHashable(v, argnum);
  return typeof v === "function" || (typeof v === "object" && v !== null && !isPlain(v))
    ? { kind: "ref", value: v }
    : { kind: "value", value: v };
}

/** An array or plain object: a container whose entries are checked one by one. */
function isPlain(v: object): boolean {
  return Array.isArray(v) || isPlainObject(v);
}

function checkHashable(v: unknown, argnum: number): void {
  if (v instanceof NDArray) {
    throw new ValueError(
      `Non-hashable static arguments are not supported. An error occurred while trying to hash an object of type NDArray (shape ${JSON.stringify(v.shape)}, dtype ${v.dtype}) passed as static argument ${argnum}. Arrays cannot be static; pass them as regular (traced) arguments.`,
    );
  }
  if (typeof v === "object" && v !== null && isPlain(v)) {
    for (const x of Object.values(v)) checkHashable(x, argnum);
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function keysEqual(a: JitKey, b: JitKey): boolean {
  if (a.avals.length !== b.avals.length || a.statics.length !== b.statics.length) return false;
  for (let i = 0; i < a.avals.length; i++) if (!a.avals[i].equals(b.avals[i])) return false;
  for (let i = 0; i < a.statics.length; i++) {
    const x = a.statics[i];
    const y = b.statics[i];
    if (x.kind !== y.kind) return false;
    if (x.kind === "ref" ? x.value !== y.value : !deepEqual(x.value, y.value)) return false;
  }
  return a.treedef.equals(b.treedef);
}

function fingerprint(k: JitKey): string {
  return k.avals.map((a) => a.str() + (a.weakType ? "w" : "")).join(",") + "|" + k.statics.length;
}

/** Bumped by clearCaches(): every cache empties itself on its next use. */
let epoch = 0;
/** jax.clear_caches for traced programs: every jitted function traces again on its next call. */
export function clearJitCaches(): void {
  epoch++;
}
/** The number of clearCaches() calls so far: a cache outside this file that remembers it knows when to empty itself. */
export const cacheEpoch = (): number => epoch;

export class JitCache<V> {
  private buckets = new Map<string, Array<{ key: JitKey; value: V; used: number }>>();
  private tick = 0;
  private count = 0;
  private epoch = epoch;
  get size(): number {
    this.sync();
    return this.count;
  }
  private sync(): void {
    if (this.epoch === epoch) return;
    this.epoch = epoch;
    this.clear();
  }
  get(key: JitKey): V | undefined {
    this.sync();
    const b = this.buckets.get(fingerprint(key));
    const e = b?.find((x) => keysEqual(x.key, key));
    if (e) e.used = ++this.tick;
    return e?.value;
  }
  set(key: JitKey, value: V): void {
    this.sync();
    const fp = fingerprint(key);
    let b = this.buckets.get(fp);
    if (!b) {
      b = [];
      this.buckets.set(fp, b);
    }
    b.push({ key, value, used: ++this.tick });
    this.count++;
    const limit = config.read("jitCacheSize");
    if (this.count > limit) this.evictOldest();
  }
  clear(): void {
    this.buckets.clear();
    this.count = 0;
  }
  private evictOldest(): void {
    let oldest: { fp: string; i: number; used: number } | null = null;
    for (const [fp, b] of this.buckets)
      b.forEach((e, i) => {
        if (!oldest || e.used < oldest.used) oldest = { fp, i, used: e.used };
      });
    if (!oldest) return;
    const o = oldest as { fp: string; i: number };
    const b = this.buckets.get(o.fp)!;
    b.splice(o.i, 1);
    if (b.length === 0) this.buckets.delete(o.fp);
    this.count--;
  }
}
