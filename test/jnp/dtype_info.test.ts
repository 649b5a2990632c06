// finfo, iinfo, promoteTypes, resultType, canCast, issubdtype and isdtype
// against JAX (test/goldens/jnp_dtype_info.json, from
// scripts/gen_jnp_breadth_goldens.py); the aliases and constants.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { jnp, type DType } from "../../src/index.ts";

const G = JSON.parse(readFileSync(new URL("../goldens/jnp_dtype_info.json", import.meta.url), "utf8")) as Record<
  string,
  Record<string, unknown>
>;
const classes = {
  generic: jnp.generic,
  number: jnp.number,
  inexact: jnp.inexact,
  floating: jnp.floating,
  integer: jnp.integer,
  signedinteger: jnp.signedinteger,
  unsignedinteger: jnp.unsignedinteger,
  complexfloating: jnp.complexfloating,
};

test("finfo and iinfo match JAX", () => {
  for (const d of ["float16", "float32"] as const) {
    const f = jnp.finfo(d) as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(G[`finfo_${d}`])) assert.equal(f[k], v, `finfo(${d}).${k}`);
    assert.equal(jnp.finfo(jnp.ones([2], { dtype: d })).eps, G[`finfo_${d}`].eps);
    assert.equal(jnp.finfo(d === "float16" ? jnp.float16 : jnp.float32).bits, G[`finfo_${d}`].bits);
  }
  for (const d of ["int32", "uint32"] as const) {
    const i = jnp.iinfo(d) as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(G[`iinfo_${d}`])) assert.equal(i[k], v, `iinfo(${d}).${k}`);
  }
  assert.throws(() => jnp.finfo("int32"), /not inexact/);
  assert.throws(() => jnp.iinfo("bool"), /Invalid integer data type/);
});

test("promoteTypes, canCast, issubdtype and isdtype match JAX", () => {
  for (const [k, v] of Object.entries(G.promote)) {
    const [a, b] = k.split(",") as DType[];
    assert.equal(jnp.promoteTypes(a, b), v, `promoteTypes(${k})`);
  }
  for (const [k, v] of Object.entries(G.canCast)) {
    const [a, b, c] = k.split(",");
    assert.equal(jnp.canCast(a as DType, b as DType, c as "safe"), v, `canCast(${k})`);
  }
  for (const [k, v] of Object.entries(G.issub)) {
    const [d, c] = k.split(",");
    assert.equal(jnp.issubdtype(d as DType, classes[c as keyof typeof classes]), v, `issubdtype(${k})`);
  }
  for (const [k, v] of Object.entries(G.issubcls)) {
    const [a, b] = k.split(",") as Array<keyof typeof classes>;
    assert.equal(jnp.issubdtype(classes[a], classes[b]), v, `issubdtype(${k})`);
  }
  for (const [k, v] of Object.entries(G.isdtype)) {
    const [d, kind] = k.split(",");
    assert.equal(jnp.isdtype(d as DType, kind), v, `isdtype(${k})`);
  }
  assert.equal(jnp.issubdtype(jnp.float32, jnp.float32), true);
  assert.equal(jnp.issubdtype("float32", "float64"), false);
  assert.equal(jnp.isdtype("int32", ["bool", "integral"]), true);
  assert.equal(jnp.isdtype("int32", jnp.int32), true);
});

test("resultType follows jnp's promotion with weak JS numbers", () => {
  assert.equal(jnp.resultType(3), "int32");
  assert.equal(jnp.resultType(3.5), "float32");
  assert.equal(jnp.resultType(jnp.ones([2], { dtype: "int32" }), 2.5), "float32");
  assert.equal(jnp.resultType("int32", "float16"), "float16");
  assert.equal(jnp.resultType(jnp.ones([2], { dtype: "uint32" }), jnp.ones([2], { dtype: "int32" })), "int32");
  assert.equal(jnp.resultType(jnp.ones([2], { dtype: "float16" }), 1.5), "float16");
  assert.equal(jnp.resultType(jnp.float16, 1.5), "float16");
});

test("dtype aliases, jnp.dtype and the constants", () => {
  assert.equal(String(jnp.double), "float64");
  assert.equal(jnp.double(1.5).dtype, "float32"); // float64 without x64, as JAX
  assert.equal(jnp.single(1).dtype, "float32");
  assert.equal(jnp.int_(2.7).dtype, "int32");
  assert.equal(jnp.int_(2.7).item(), 2);
  assert.equal(jnp.float_(3).dtype, "float32");
  assert.equal(jnp.dtype("float32"), "float32");
  assert.equal(jnp.dtype(jnp.int32), "int32");
  assert.equal(jnp.dtype(jnp.zeros([1], { dtype: "bool" })), "bool");
  assert.equal(jnp.pi, Math.PI);
  assert.equal(jnp.e, Math.E);
  assert.equal(jnp.eulerGamma, 0.5772156649015329);
  assert.equal(jnp.inf, Infinity);
  assert.ok(Number.isNaN(jnp.nan));
  assert.equal(jnp.newaxis, null);
  assert.deepEqual(jnp.ones([2, 3]).get(jnp.newaxis).shape, [1, 2, 3]);
  assert.equal(String(jnp.floating), "floating");
});
