// Loads test/goldens/linalg_sort.json (written by scripts/gen_linalg_sort_goldens.py)
// and decodes its number encoding: null is NaN, "inf"/"-inf" are infinities.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

type Enc = Array<number | null | string>;

export function dec(xs: Enc): number[] {
  return xs.map((v) => (v === null ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number)));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const goldens: any = JSON.parse(readFileSync(fileURLToPath(new URL("../goldens/linalg_sort.json", import.meta.url)), "utf8"));
