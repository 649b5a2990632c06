// lruGet (core/lru.ts): values made once per key, null values cached too,
// the least recently used entry dropped at the bound.
import { test } from "node:test";
import assert from "node:assert/strict";
import { lruGet } from "../../src/core/lru.ts";

test("lruGet makes each value once, keeps null values, and drops the least recently used at the bound", () => {
  const cache = new Map<string, number | null>();
  const made: string[] = [];
  const get = (k: string) =>
    lruGet(cache, k, 3, () => {
      made.push(k);
      return k === "none" ? null : k.length;
    });
  assert.equal(get("a"), 1);
  assert.equal(get("bb"), 2);
  assert.equal(get("none"), null);
  assert.equal(get("none"), null, "a cached null is not made again");
  assert.equal(get("a"), 1, "a hit makes nothing and refreshes a");
  assert.equal(get("cccc"), 4, "over the bound: bb, the least recently used, goes");
  assert.deepEqual([...cache.keys()], ["none", "a", "cccc"]);
  assert.equal(get("bb"), 2);
  assert.deepEqual(made, ["a", "bb", "none", "cccc", "bb"]);
});
