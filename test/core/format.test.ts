// Golden tests: array printing must match NumPy / JAX character for character.
// Regenerate the goldens with `python3 scripts/gen_format_goldens.py`.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { formatArrayRepr, formatArrayStr, formatScalar } from "../../src/core/format.ts";

type Encoded = number | string;

interface ArrayCase {
  name: string;
  dtype: string;
  shape: number[];
  data: Encoded[];
  str: string;
  repr: string;
  repr_weak?: string;
}

interface ScalarCase {
  dtype: string;
  value: Encoded;
  str: string;
}

interface Goldens {
  numpy_version: string;
  has_bfloat16: boolean;
  cases: ArrayCase[];
  scalars: ScalarCase[];
}

const goldens: Goldens = JSON.parse(readFileSync(fileURLToPath(new URL("../goldens/format.json", import.meta.url)), "utf8"));

function decodeFloat(v: Encoded): number {
  if (typeof v === "number") return v;
  if (v === "nan") return NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  return Number(v);
}

const isBigIntDtype = (d: string) => d === "int64" || d === "uint64";

/** Decode golden data into the host storage a jaxts array would hold for the dtype. */
function decode(c: ArrayCase): ArrayLike<number> | ArrayLike<bigint> {
  switch (c.dtype) {
    case "float64":
      return Float64Array.from(c.data, decodeFloat);
    case "float32":
    case "float16":
      return Float32Array.from(c.data, decodeFloat);
    case "bfloat16":
      return c.data.map(decodeFloat);
    case "int32":
    case "int16":
    case "int8":
      return Int32Array.from(c.data, Number);
    case "uint32":
    case "uint16":
    case "uint8":
      return Uint32Array.from(c.data, Number);
    case "bool":
      return Uint8Array.from(c.data, Number);
    case "int64":
    case "uint64":
      return c.data.map((v) => BigInt(v));
    default:
      throw new Error(`unknown dtype ${c.dtype}`);
  }
}

describe("format goldens", () => {
  test("golden file is populated", () => {
    assert.ok(goldens.cases.length > 500);
    assert.ok(goldens.scalars.length > 100);
  });

  const byDtype = new Map<string, ArrayCase[]>();
  for (const c of goldens.cases) {
    const list = byDtype.get(c.dtype) ?? [];
    list.push(c);
    byDtype.set(c.dtype, list);
  }

  for (const [dtype, cases] of byDtype) {
    test(`str/repr of ${dtype} arrays (${cases.length} cases)`, () => {
      for (const c of cases) {
        const data = decode(c);
        assert.equal(formatArrayStr(data, c.shape, c.dtype), c.str, `str ${c.name}`);
        assert.equal(formatArrayRepr(data, c.shape, c.dtype), c.repr, `repr ${c.name}`);
        if (c.repr_weak !== undefined) {
          assert.equal(formatArrayRepr(data, c.shape, c.dtype, true), c.repr_weak, `repr_weak ${c.name}`);
        }
      }
    });
  }

  test("int64 data given as numbers prints like bigint data", () => {
    for (const c of byDtype.get("int64") ?? []) {
      if (c.data.some((v) => typeof v === "string")) continue;
      const data = Float64Array.from(c.data, Number);
      assert.equal(formatArrayStr(data, c.shape, c.dtype), c.str, `str ${c.name}`);
      assert.equal(formatArrayRepr(data, c.shape, c.dtype), c.repr, `repr ${c.name}`);
    }
  });

  test("scalars (str of numpy scalars)", () => {
    for (const s of goldens.scalars) {
      const v =
        isBigIntDtype(s.dtype) && typeof s.value === "string"
          ? BigInt(s.value)
          : s.dtype === "bool" || s.dtype.includes("int")
            ? Number(s.value)
            : decodeFloat(s.value);
      assert.equal(formatScalar(v, s.dtype), s.str, `${s.dtype} ${String(s.value)}`);
    }
  });
});

describe("format examples", () => {
  test("documented examples", () => {
    assert.equal(formatArrayStr([1, 2, 3, 4], [2, 2], "float32"), "[[1. 2.]\n [3. 4.]]");
    assert.equal(formatArrayStr([1, 2, 3], [3], "int32"), "[1 2 3]");
    assert.equal(formatArrayStr([1, 0], [2], "bool"), "[ True False]");
    assert.equal(formatArrayStr([1.5], [], "float32"), "1.5");
    assert.equal(formatArrayStr([3], [], "int32"), "3");
    assert.equal(formatArrayStr([], [0], "float32"), "[]");
    assert.equal(formatArrayStr([0.1], [1], "float32"), "[0.1]");
    assert.equal(formatArrayStr([1 / 3], [1], "float32"), "[0.33333334]");
    assert.equal(formatArrayStr([-0, 1], [2], "float32"), "[-0.  1.]");
    assert.equal(formatArrayStr([NaN, 1.5, -Infinity], [3], "float32"), "[ nan  1.5 -inf]");
    assert.equal(formatArrayRepr([1, 2], [2], "float32"), "Array([1., 2.], dtype=float32)");
    assert.equal(formatArrayRepr([5], [], "float32"), "Array(5., dtype=float32)");
    assert.equal(formatArrayRepr([1, 2, 3, 4], [2, 2], "int32"), "Array([[1, 2],\n       [3, 4]], dtype=int32)");
    assert.equal(formatArrayRepr([2], [], "int32", true), "Array(2, dtype=int32, weak_type=True)");
    assert.equal(formatArrayRepr([1, 0], [2], "bool"), "Array([ True, False], dtype=bool)");
    assert.equal(formatArrayRepr([], [0, 3], "float32"), "Array([], shape=(0, 3), dtype=float32)");
    assert.equal(formatArrayRepr([], [0], "int32"), "Array([], shape=(0,), dtype=int32)");
    assert.equal(formatArrayRepr([9007199254740993n], [1], "int64"), "Array([9007199254740993], dtype=int64)");
    assert.equal(formatScalar(0.1, "float32"), "0.1");
    assert.equal(formatScalar(3, "float32"), "3.0");
    assert.equal(formatScalar(1e6, "float32"), "1e+06");
    assert.equal(formatScalar(1e16, "float64"), "1e+16");
    assert.equal(formatScalar(0.1, "float16"), "0.1");
    assert.equal(formatScalar(1, "bool"), "True");
    assert.equal(formatScalar(7, "int32"), "7");
  });

  test("summarisation uses only the printed corners", () => {
    const n = 1001;
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = i;
    data[500] = 1e30; // hidden: must not switch to scientific notation
    assert.equal(formatArrayStr(data, [n], "float32"), "[   0.    1.    2. ...  998.  999. 1000.]");
  });
});
