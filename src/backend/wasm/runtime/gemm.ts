// Running planned GEMMs (compiler/gemm_plan.ts) on the wasm sgemm: one
// sgemm module per process, linked to each fused epilogue, split over the
// worker threads by rows, batch elements or columns when big enough.
import type { Epilogue, GemmPlan } from "../../../compiler/gemm_plan.ts";
import { printKernel } from "../../../compiler/kernel.ts";
import type { WasmBackend } from "../backend.ts";
import { buildEpilogueModule, buildGemmGlueModule } from "../codegen/epilogue.ts";
import { type WasmModule, wasmApi } from "../emitter/index.ts";
import { SGEMM_PARAMS, sgemmWorkspaceBytes } from "../gemm/index.ts";
import { PREBUILT_SGEMM } from "../gemm/prebuilt.ts";
import type { PoolFunction } from "../threads/pool.ts";
import type { KernelHome } from "../codegen/kernel_cache.ts";

type Fn = (...args: number[]) => void;

/** A GEMM entry point: the calling thread's instance, and its handle in the thread pool (null when single-threaded). */
interface GemmFn {
  local: Fn;
  pooled: PoolFunction | null;
  /** The export `pooled` names ("sgemm", or the glue's "run" when the epilogue has extra inputs). */
  exportName: string;
}

let sgemmModule: WasmModule | null = null;
const glueModules = new Map<number, WasmModule>();

/**
 * An sgemm linked to an epilogue (null: none): the epilogue module, a fresh
 * instance of the one compiled sgemm module importing it, and (with extra
 * inputs) the glue whose `run` sets them first; each step is registered
 * with the thread pool with the same links, so workers build the same chain.
 */
function linkGemm(backend: WasmBackend, e: Epilogue | null): GemmFn {
  const api = wasmApi();
  const module = new api.Module(buildEpilogueModule(e, backend.heap.memoryImport()));
  const instance = new api.Instance(module, { env: { memory: backend.heap.memory } });
  return linkEpilogueAt(backend, e, { module, instance, prefix: "" });
}

/** Links the sgemm to the epilogue exported at `home` as `${prefix}epilogue` and `${prefix}setExtras`. */
function linkEpilogueAt(backend: WasmBackend, e: Epilogue | null, home: KernelHome): GemmFn {
  const api = wasmApi();
  const memory = backend.heap.memory;
  const pool = backend.pool;
  const { module: epiModule, instance: epi, prefix } = home;
  const epilogue = epi.exports[`${prefix}epilogue`] as Fn;
  const setExtras = epi.exports[`${prefix}setExtras`] as Fn;
  sgemmModule ??= new api.Module(sgemmBytes(backend.heap.shared));
  const gemm = new api.Instance(sgemmModule, { env: { memory, epilogue } });
  const epiFn = pool?.register(epiModule, `${prefix}epilogue`, epilogue) ?? null;
  const gemmFn = pool?.register(sgemmModule, "sgemm", gemm.exports.sgemm as Fn, { epilogue: [epiFn!, `${prefix}epilogue`] }) ?? null;
  const extras = e?.inputs.length ?? 0;
  if (extras === 0) return { local: gemm.exports.sgemm as Fn, pooled: gemmFn, exportName: "sgemm" };
  let glueModule = glueModules.get(extras);
  if (!glueModule) {
    glueModule = new api.Module(buildGemmGlueModule(extras, backend.heap.memoryImport()));
    glueModules.set(extras, glueModule);
  }
  const glue = new api.Instance(glueModule, { env: { memory, setExtras, sgemm: gemm.exports.sgemm } });
  const glueFn =
    pool?.register(glueModule, "run", glue.exports.run as Fn, {
      setExtras: [epiFn!, `${prefix}setExtras`],
      sgemm: [gemmFn!, "sgemm"],
    }) ?? null;
  return { local: glue.exports.run as Fn, pooled: glueFn, exportName: "run" };
}

/** The sgemm module's bytes: emitted ahead of time (gemm/prebuilt.ts), so the first product skips the cold emitter. */
function sgemmBytes(shared: boolean): Uint8Array {
  const text = atob(shared ? PREBUILT_SGEMM.shared : PREBUILT_SGEMM.unshared);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

let sgemm: GemmFn | null = null;

function sgemmFn(backend: WasmBackend): GemmFn {
  sgemm ??= linkGemm(backend, null);
  return sgemm;
}

const epilogueModules = new Map<string, GemmFn>();

const epilogueKeys = new WeakMap<Epilogue, string>();
/** GEMMs linked to each program's epilogues: a run finds its own without printing a key. */
const linkedEpilogues = new WeakMap<Epilogue, GemmFn>();

/** The cache key of an epilogue: its expression and its extra inputs' layouts. */
export function epilogueKey(e: Epilogue): string {
  let key = epilogueKeys.get(e);
  if (key === undefined) {
    key = `${printKernel({ shape: [], reduced: [], inputs: [], outputs: [{ node: e.node, reduce: null, type: "f32" }] })}|${JSON.stringify(e.inputs)}`;
    epilogueKeys.set(e, key);
  }
  return key;
}

/** Whether the epilogue is linked already. */
export function epilogueLinked(e: Epilogue): boolean {
  return epilogueModules.has(epilogueKey(e));
}

/** Links the epilogue exported at `home` (compiled with others, see precompile.ts). */
export function linkEpilogue(backend: WasmBackend, e: Epilogue, home: KernelHome): void {
  epilogueModules.set(epilogueKey(e), linkEpilogueAt(backend, e, home));
}

function epilogueFn(backend: WasmBackend, e: Epilogue): GemmFn {
  let fn = linkedEpilogues.get(e);
  if (fn) return fn;
  const key = epilogueKey(e);
  fn = epilogueModules.get(key);
  if (!fn) {
    fn = linkGemm(backend, e);
    epilogueModules.set(key, fn);
  }
  linkedEpilogues.set(e, fn);
  return fn;
}

/** The wasm export computing C = A·B (then the epilogue), for other modules to import. */
export function gemmEntry(backend: WasmBackend, epilogue?: Epilogue): Fn {
  return (epilogue ? epilogueFn(backend, epilogue) : sgemmFn(backend)).local;
}

/** The same entry point as the workers know it (pool handle and export name), or null when single-threaded. */
export function gemmPoolLink(backend: WasmBackend, epilogue?: Epilogue): [PoolFunction, string] | null {
  const fn = epilogue ? epilogueFn(backend, epilogue) : sgemmFn(backend);
  return fn.pooled ? [fn.pooled, fn.exportName] : null;
}

const SGEMM_ARGS = SGEMM_PARAMS.length;

/** Multiply-adds below which a GEMM runs on the calling thread alone (about 80 µs of work). */
const PARALLEL_MACS = 1 << 22;

/** One thread's share of a GEMM: a range of rows, batch elements or columns. */
interface GemmPart {
  along: "rows" | "batch" | "cols";
  from: number;
  to: number;
}

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
export function runGemm(
  backend: WasmBackend,
  p: GemmPlan,
  aPtr: number,
  bPtr: number,
  cPtr: number,
  epilogue?: Epilogue,
  extraPtrs: number[] = [],
): void {
  const fn = epilogue ? epilogueFn(backend, epilogue) : sgemmFn(backend);
  const a = aPtr + 4 * p.a.offset,
    b = bPtr + 4 * p.b.offset;
  const extras = epilogue?.inputs ?? [];
  /** The sgemm arguments computing one part: pointers moved to its first row / batch element / column. */
  const partArgs = ({ along, from, to }: GemmPart, work: number): number[] => {
    const [da, db, dc] = along === "rows" ? [p.a.rs, 0, p.n] : along === "batch" ? [p.a.bs, p.b.bs, p.m * p.n] : [0, p.b.cs, 1];
    const dx = (x: Epilogue["inputs"][number]) => (along === "rows" ? x.rs : along === "batch" ? x.bs : x.cs);
    const size = to - from;
    return [
      a + 4 * from * da,
      p.a.bs,
      p.a.rs,
      p.a.cs,
      b + 4 * from * db,
      p.b.bs,
      p.b.rs,
      p.b.cs,
      cPtr + 4 * from * dc,
      p.m * p.n,
      p.n,
      along === "batch" ? size : p.batch,
      along === "rows" ? size : p.m,
      along === "cols" ? size : p.n,
      p.k,
      work,
      ...extraPtrs.map((e, j) => e + 4 * from * dx(extras[j])),
    ];
  };
  const pool = fn.pooled ? backend.pool : null;
  const parts = pool ? partition(p, pool.threads) : [];
  const workBytes = sgemmWorkspaceBytes(p.m, p.n, p.k);
  const works = (parts.length ? parts : [null]).map(() => backend.heap.alloc(workBytes));
  try {
    if (parts.length === 0) fn.local(...partArgs({ along: "rows", from: 0, to: p.m }, works[0]));
    else
      pool!.parallel(
        fn.pooled!,
        SGEMM_ARGS + extraPtrs.length,
        parts.flatMap((part, i) => partArgs(part, works[i])),
      );
  } finally {
    for (const w of works) backend.heap.release(w, workBytes);
  }
}
