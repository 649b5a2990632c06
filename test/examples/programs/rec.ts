// The recorder the program ports write to: the same labels, flattening and
// encoding as scripts/gen_programs_goldens.py's Rec, so outputs compare
// one to one with JAX's.
import { NDArray, tree, random } from "../../../src/index.ts";
import { setPrintSink } from "../../../src/debug/index.ts";

export interface Out {
  label: string;
  shape?: number[];
  dtype?: string;
  weak?: boolean;
  data?: (number | boolean | string)[];
  text?: string;
  none?: boolean;
  py?: string;
  key?: boolean;
  error?: string;
  message?: string;
  tol?: number;
}

const isContainer = (v: unknown) =>
  Array.isArray(v) || (v !== null && typeof v === "object" && !(v instanceof NDArray) && !(v instanceof random.PRNGKeyArray));

function encode(v: unknown): Omit<Out, "label"> {
  if (typeof v === "string") return { text: v };
  if (v === null || v === undefined) return { none: true };
  if (typeof v === "number") return { py: "number", data: [v] };
  if (typeof v === "boolean") return { py: "bool", data: [v] };
  if (v instanceof random.PRNGKeyArray) {
    const d = random.keyData(v);
    return { key: true, shape: v.shape, data: Array.from(d.dataSync() as ArrayLike<number>) };
  }
  if (v instanceof NDArray) {
    const data = Array.from(v.dataSync() as ArrayLike<number | bigint>, (x) => (v.dtype === "bool" ? x !== 0 : Number(x)));
    return { shape: v.shape, dtype: v.dtype, weak: v.weakType, data };
  }
  if (typeof (v as { toString?: unknown }).toString === "function") return { text: String(v) };
  throw new Error(`cannot record ${typeof v}`);
}

export type Rec = ((label: string, value: unknown, tol?: number) => void) & {
  raises(label: string, thunk: () => unknown): void;
  printed(label: string, thunk: () => unknown): void;
  out: Out[];
};

export function makeRec(): Rec {
  const out: Out[] = [];
  const put = (label: string, v: unknown, tol?: number) => {
    const e: Out = { label, ...encode(v) };
    if (tol !== undefined) e.tol = tol;
    out.push(e);
  };
  const rec = ((label: string, value: unknown, tol?: number) => {
    if (isContainer(value)) {
      const [leaves] = tree.flattenWithPath(value, (x: unknown) => x === null || x instanceof random.PRNGKeyArray);
      for (const [path, leaf] of leaves) put(label + tree.keystr(path), leaf, tol);
    } else put(label, value, tol);
  }) as Rec;
  rec.out = out;
  rec.raises = (label, thunk) => {
    try {
      thunk();
    } catch (err) {
      const e = err as Error;
      out.push({ label, error: e.constructor.name, message: String(e.message).trim().split("\n")[0] });
      return;
    }
    out.push({ label, error: "none", message: "did not raise" });
  };
  rec.printed = (label, thunk) => {
    const lines: string[] = [];
    const prev = setPrintSink((l) => lines.push(l));
    try {
      thunk();
    } finally {
      setPrintSink(prev);
    }
    out.push({ label, text: lines.map((l) => `${l}\n`).join("") });
  };
  return rec;
}
