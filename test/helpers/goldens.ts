// Reading the golden files the scripts/gen_*_goldens.py generators write:
// numbers JSON cannot hold ("nan", "inf", "-inf"), booleans, and arrays
// encoded as {array: {shape, dtype, data}} ({re, im} for complex ones).
import { readFileSync } from "node:fs";
import { type DType, jnp, lax, type NDArray } from "../../src/index.ts";

/** The golden file test/goldens/<name>, parsed. */
export function loadGoldens<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../goldens/${name}`, import.meta.url), "utf8")) as T;
}

/** A golden's number: "nan"/"inf"/"-inf" as strings, booleans as 0/1. */
export function goldenNumber(v: unknown): number {
  if (v === "nan") return Number.NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  return typeof v === "boolean" ? Number(v) : (v as number);
}

export interface EncodedArray {
  array: { shape: number[]; dtype: string; data?: unknown[]; re?: unknown[]; im?: unknown[] };
}

export function isEncodedArray(a: unknown): a is EncodedArray {
  return typeof a === "object" && a !== null && !Array.isArray(a) && "array" in a;
}

/** The array an encoding describes (complex from its parts). */
export function decodeArray({ array: e }: EncodedArray): NDArray {
  if (e.re && e.im) {
    const part = (e.dtype === "complex128" ? "float64" : "float32") as DType;
    const mk = (xs: unknown[]) => jnp.array(xs.map(goldenNumber), { dtype: part }).reshape(e.shape);
    return lax.complex(mk(e.re), mk(e.im));
  }
  return jnp.array(e.data!.map(goldenNumber), { dtype: e.dtype as DType }).reshape(e.shape);
}
