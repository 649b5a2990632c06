// paramsKey keys caches of compiled primitives by their params: params that
// do not serialize faithfully must have no key, or two different solvers
// would share a cache entry.
import assert from "node:assert/strict";
import { test } from "node:test";
import { paramsKey } from "../../src/core/primitive.ts";

test("paramsKey: plain params serialize, none give '', functions and cycles give no key", () => {
  assert.equal(paramsKey({}), "");
  assert.equal(paramsKey({ axes: [0, 1], keepdims: false }), '{"axes":[0,1],"keepdims":false}');
  // JSON.stringify drops function members: {_solve: f} and {_solve: g} would read alike.
  assert.equal(paramsKey({ const_lengths: "x", _solve: (v: number) => v }), null);
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  assert.equal(paramsKey(cyclic), null);
});
