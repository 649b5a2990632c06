// dot_general on the wasm GEMM: the batch, free and contracting dimensions
// of each operand are collapsed into one strided dimension each (operands
// may be strided views such as transposes: no copy), and C is the contiguous
// [batch, M, N] result that dot_general's output layout already is.
import type { ShapedArray } from "../core/aval.ts";
import type { Params } from "../core/primitive.ts";
import { stridesOf } from "../core/shape.ts";
import { type WasmModule, wasmApi } from "../backend/wasm/emitter/index.ts";
import { SGEMM_PARAMS, sgemmWorkspaceBytes } from "../backend/wasm/gemm/index.ts";
import { wasmBackend, type WasmBackend } from "../backend/wasm/backend.ts";
import { type View, printKernel } from "./kernel.ts";
import { type Epilogue, buildEpilogueModule, buildGemmGlueModule, buildSgemmModule } from "./codegen/epilogue.ts";
import type { PoolFunction } from "../backend/wasm/threads/pool.ts";

type DotDims = [[number[], number[]], [number[], number[]]];

export interface GemmPlan {
  batch: number; m: number; n: number; k: number;
  /** Element strides (batch, row, col) and offset of A (m×k) and B (k×n). */
  a: { bs: number; rs: number; cs: number; offset: number };
  b: { bs: number; rs: number; cs: number; offset: number };
  /** How many output dims form the batch, row and column groups of C. */
  outGroups: [number, number, number];
}

/** Size and stride of a group of dims as one dim, or null if they are not one strided dim. */
function collapse(dims: readonly number[], shape: readonly number[], strides: readonly number[]): { size: number; stride: number } | null {
  const live = dims.filter((d) => shape[d] !== 1);
  const size = dims.reduce((acc, d) => acc * shape[d], 1);
  if (live.length === 0) return { size, stride: 0 };
  for (let i = 0; i + 1 < live.length; i++) {
    if (strides[live[i]] !== strides[live[i + 1]] * shape[live[i + 1]]) return null;
  }
  return { size, stride: strides[live[live.length - 1]] };
}

/** The GEMM for a float32 dot_general over operands seen through views (contiguous when omitted), or null. */
export function planDot(lhs: ShapedArray, rhs: ShapedArray, out: ShapedArray, params: Params, lv?: View, rv?: View): GemmPlan | null {
  if (lhs.dtype !== "float32" || rhs.dtype !== "float32" || out.dtype !== "float32") return null;
  const [[lc, rc], [lb, rb]] = params.dimension_numbers as DotDims;
  const lViews = lv ?? { strides: stridesOf(lhs.shape), offset: 0 };
  const rViews = rv ?? { strides: stridesOf(rhs.shape), offset: 0 };
  const lFree = lhs.shape.map((_, d) => d).filter((d) => !lc.includes(d) && !lb.includes(d));
  const rFree = rhs.shape.map((_, d) => d).filter((d) => !rc.includes(d) && !rb.includes(d));
  const parts = [
    collapse(lb, lhs.shape, lViews.strides), collapse(lFree, lhs.shape, lViews.strides), collapse(lc, lhs.shape, lViews.strides),
    collapse(rb, rhs.shape, rViews.strides), collapse(rc, rhs.shape, rViews.strides), collapse(rFree, rhs.shape, rViews.strides),
  ];
  if (parts.some((p) => p === null)) return null;
  const [ab, am, ak, bb, bk, bn] = parts as { size: number; stride: number }[];
  return {
    batch: ab.size, m: am.size, n: bn.size, k: ak.size,
    a: { bs: ab.stride, rs: am.stride, cs: ak.stride, offset: lViews.offset },
    b: { bs: bb.stride, rs: bk.stride, cs: bn.stride, offset: rViews.offset },
    outGroups: [lb.length, lFree.length, rFree.length],
  };
}

type Fn = (...args: number[]) => void;

/** A GEMM entry point: the calling thread's instance, and its handle in the thread pool (null when single-threaded). */
interface GemmFn { local: Fn; pooled: PoolFunction | null }

let sgemmModule: WasmModule | null = null;
const glueModules = new Map<number, WasmModule>();

/**
 * An sgemm linked to an epilogue (null: none): the epilogue module, a fresh
 * instance of the one compiled sgemm module importing it, and (with extra
 * inputs) the glue whose `run` sets them first; each step is registered
 * with the thread pool with the same links, so workers build the same chain.
 */
function linkGemm(e: Epilogue | null): GemmFn {
  if (!wasmBackend) throw new Error("internal: GEMM needs the wasm backend");
  const api = wasmApi();
  const memory = wasmBackend.heap.memory;
  const pool = wasmBackend.pool;
  const epiModule = new api.Module(buildEpilogueModule(e));
  const epi = new api.Instance(epiModule, { env: { memory } });
  sgemmModule ??= new api.Module(buildSgemmModule());
  const gemm = new api.Instance(sgemmModule, { env: { memory, epilogue: epi.exports.epilogue } });
  const epiFn = pool?.register(epiModule, "epilogue", epi.exports.epilogue as Fn) ?? null;
  const gemmFn = pool?.register(sgemmModule, "sgemm", gemm.exports.sgemm as Fn, { epilogue: [epiFn!, "epilogue"] }) ?? null;
  const extras = e?.inputs.length ?? 0;
  if (extras === 0) return { local: gemm.exports.sgemm as Fn, pooled: gemmFn };
  let glueModule = glueModules.get(extras);
  if (!glueModule) { glueModule = new api.Module(buildGemmGlueModule(extras)); glueModules.set(extras, glueModule); }
  const glue = new api.Instance(glueModule, { env: { memory, setExtras: epi.exports.setExtras, sgemm: gemm.exports.sgemm } });
  const glueFn = pool?.register(glueModule, "run", glue.exports.run as Fn, { setExtras: [epiFn!, "setExtras"], sgemm: [gemmFn!, "sgemm"] }) ?? null;
  return { local: glue.exports.run as Fn, pooled: glueFn };
}

let sgemm: GemmFn | null = null;

function sgemmFn(): GemmFn {
  sgemm ??= linkGemm(null);
  return sgemm;
}

/** The [batch, m, n] strides of a view over C's full shape, or null if it is not expressible so. */
export function collapseToGroups(p: GemmPlan, shape: readonly number[], v: View): { bs: number; rs: number; cs: number; offset: number } | null {
  const [nb, nm] = p.outGroups;
  const dims = shape.map((_, d) => d);
  const g = [collapse(dims.slice(0, nb), shape, v.strides), collapse(dims.slice(nb, nb + nm), shape, v.strides), collapse(dims.slice(nb + nm), shape, v.strides)];
  if (g.some((x) => x === null)) return null;
  return { bs: g[0]!.stride, rs: g[1]!.stride, cs: g[2]!.stride, offset: v.offset };
}

const epilogueModules = new Map<string, GemmFn>();

function epilogueFn(e: Epilogue): GemmFn {
  const key = `${printKernel({ shape: [], reduced: [], inputs: [], outputs: [{ node: e.node, reduce: null, type: "f32" }] })}|${JSON.stringify(e.inputs)}`;
  let fn = epilogueModules.get(key);
  if (!fn) {
    fn = linkGemm(e);
    epilogueModules.set(key, fn);
  }
  return fn;
}

/** The wasm export computing C = A·B (then the epilogue), for other modules to import. */
export function gemmEntry(epilogue?: Epilogue): Fn {
  return (epilogue ? epilogueFn(epilogue) : sgemmFn()).local;
}

const SGEMM_ARGS = SGEMM_PARAMS.length;

/** Multiply-adds below which a GEMM runs on the calling thread alone (about 80 µs of work). */
const PARALLEL_MACS = 1 << 22;

/** One thread's share of a GEMM: a range of rows, batch elements or columns. */
interface GemmPart { along: "rows" | "batch" | "cols"; from: number; to: number }

/** Splits the product over `threads`: rows when there are enough, else batch elements, else columns. */
function partition(p: GemmPlan, threads: number): GemmPart[] {
  if (threads < 2 || p.batch * p.m * p.n * p.k < PARALLEL_MACS) return [];
  const cut = (along: GemmPart["along"], size: number, align: number): GemmPart[] => {
    const parts = Math.min(threads, Math.floor(size / align));
    if (parts < 2) return [];
    const at = (i: number) => (i === parts ? size : Math.round((i * size) / parts / align) * align);
    return Array.from({ length: parts }, (_, i) => ({ along, from: at(i), to: at(i + 1) }));
  };
  if (p.m >= 32) return cut("rows", p.m, 8);
  if (p.batch >= 2) return cut("batch", p.batch, 1);
  return cut("cols", p.n, 64);
}

/** C = A·B (then C = epilogue(C, extras...) block by block); pointers in bytes (A and B at their views' element 0). */
export function runGemm(backend: WasmBackend, p: GemmPlan, aPtr: number, bPtr: number, cPtr: number, epilogue?: Epilogue, extraPtrs: number[] = []): void {
  const fn = epilogue ? epilogueFn(epilogue) : sgemmFn();
  const a = aPtr + 4 * p.a.offset, b = bPtr + 4 * p.b.offset;
  const extras = epilogue?.inputs ?? [];
  /** The sgemm arguments computing one part: pointers moved to its first row / batch element / column. */
  const partArgs = ({ along, from, to }: GemmPart, work: number): number[] => {
    const [da, db, dc] = along === "rows" ? [p.a.rs, 0, p.n] : along === "batch" ? [p.a.bs, p.b.bs, p.m * p.n] : [0, p.b.cs, 1];
    const dx = (x: Epilogue["inputs"][number]) => (along === "rows" ? x.rs : along === "batch" ? x.bs : x.cs);
    const size = to - from;
    return [
      a + 4 * from * da, p.a.bs, p.a.rs, p.a.cs, b + 4 * from * db, p.b.bs, p.b.rs, p.b.cs, cPtr + 4 * from * dc, p.m * p.n, p.n,
      along === "batch" ? size : p.batch, along === "rows" ? size : p.m, along === "cols" ? size : p.n, p.k, work,
      ...extraPtrs.map((e, j) => e + 4 * from * dx(extras[j])),
    ];
  };
  const pool = fn.pooled ? backend.pool : null;
  const parts = pool ? partition(p, pool.threads) : [];
  const workBytes = sgemmWorkspaceBytes(p.m, p.n, p.k);
  const works = (parts.length ? parts : [null]).map(() => backend.heap.alloc(workBytes));
  try {
    if (parts.length === 0) fn.local(...partArgs({ along: "rows", from: 0, to: p.m }, works[0]));
    else pool!.parallel(fn.pooled!, SGEMM_ARGS + extraPtrs.length, parts.flatMap((part, i) => partArgs(part, works[i])));
  } finally {
    for (const w of works) backend.heap.release(w, workBytes);
  }
}
