// Loads test/goldens/linalg2.json (written by scripts/gen_linalg_goldens2.py
// from JAX 0.10.2): arrays are {shape, dtype, data} with NaN as null and
// infinities as "inf"/"-inf".
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { jnp, type NDArray } from "../../src/index.ts";

export interface Enc {
  shape: number[];
  dtype: string;
  data: Array<number | boolean | null | string>;
}

export function decData(e: Enc): number[] {
  return e.data.map((v) => (v === null ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : Number(v)));
}

/** The golden array as an NDArray of its dtype (float32 inputs stay float32). */
export function arr(e: Enc): NDArray {
  const dtype =
    e.dtype === "bool" ? "bool" : e.dtype === "int32" || e.dtype === "int64" ? "int32" : e.dtype === "float64" ? "float64" : "float32";
  return jnp.array(decData(e), { dtype }).reshape(e.shape);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const g2: any = JSON.parse(readFileSync(fileURLToPath(new URL("../goldens/linalg2.json", import.meta.url)), "utf8"));
