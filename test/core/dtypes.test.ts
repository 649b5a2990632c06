// The dtype table (core/dtypes.ts): one row per dtype, everything else derived.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isLowp } from "../../src/core/lowp.ts";
import {
  DTYPES,
  dtypeInfo,
  isComplex,
  isFloat,
  isInexact,
  isInteger,
  isSigned,
  isUnsigned,
  itemsize,
  shortName,
  storageBytes,
  storageCtor,
} from "../../src/core/dtypes.ts";

test("every dtype has a row, and its storage constructor agrees with storageBytes", () => {
  for (const d of DTYPES) {
    const info = dtypeInfo(d);
    assert.equal(info.name, d);
    // A complex element is `lanes` slots of its real storage (interleaved re, im).
    assert.equal(new (storageCtor(d))(1).BYTES_PER_ELEMENT * info.lanes, storageBytes(d), d);
    assert.ok(info.storageBytes >= info.itemsize || d === "float16", `${d} stores at least its item size (float16 widens)`);
  }
});

test("predicates derive from the kinds, as NumPy's", () => {
  // The ml_dtypes types (core/lowp.ts) are checked in test/dtypes/lowp.test.ts.
  const CORE = DTYPES.filter((d) => !isLowp(d));
  assert.deepEqual(CORE.filter(isFloat), ["float16", "float32", "float64", "bfloat16"]);
  assert.deepEqual(CORE.filter(isInteger), ["int32", "uint32", "int64", "int8", "uint8", "int16", "uint16", "uint64"]);
  assert.deepEqual(CORE.filter(isSigned), ["int32", "int64", "int8", "int16"]);
  assert.deepEqual(CORE.filter(isUnsigned), ["uint32", "uint8", "uint16", "uint64"]);
  assert.deepEqual(CORE.filter(isComplex), ["complex64", "complex128"]);
  assert.deepEqual(CORE.filter(isInexact), ["float16", "float32", "float64", "complex64", "complex128", "bfloat16"]);
  assert.deepEqual(CORE.map(itemsize), [1, 4, 4, 8, 2, 4, 8, 8, 16, 1, 1, 2, 2, 2, 8]);
  assert.deepEqual(CORE.map(shortName), [
    "bool",
    "i32",
    "u32",
    "i64",
    "f16",
    "f32",
    "f64",
    "c64",
    "c128",
    "i8",
    "u8",
    "i16",
    "u16",
    "bf16",
    "u64",
  ]);
});
