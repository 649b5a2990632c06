// sgemm (src/backend/wasm/gemm) against a float64 reference: random and
// tile/block-edge shapes, strided / transposed / flipped / broadcast
// operands, batches, k = 0, the matrix-vector paths, the epilogue contract,
// and that nothing outside C and the workspace is written.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setFlagsFromString } from "node:v8";
import { hasRelaxedSimd, ModuleBuilder, wasmApi, type WasmMemory } from "../../../src/backend/wasm/emitter/index.ts";
import { emitSgemm, sgemmWorkspaceBytes } from "../../../src/backend/wasm/gemm/index.ts";
import { IN_PLACE_B_MAX_M, IN_PLACE_B_MAX_M_SPREAD, KC, MC, MR, NC, NR } from "../../../src/backend/wasm/gemm/params.ts";

// Node 20's V8 has relaxed SIMD behind a flag (default from Node 22). The feature
// probe is lazy, so setting it here, before any module is built, covers the FMA path.
setFlagsFromString("--experimental-wasm-relaxed-simd");

const W = wasmApi();
const PAGES = 256; // 16 MiB
const SENTINEL = -12345.5;
type Sgemm = (...args: number[]) => void;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** A bump allocator over the float32 heap; every region is 16-byte aligned and followed by a guard. */
class Heap {
  readonly f32: Float32Array;
  private top = 0;
  constructor(readonly memory: WasmMemory) {
    this.f32 = new Float32Array(memory.buffer);
  }
  alloc(floats: number): number {
    const at = this.top;
    this.top = Math.ceil((at + floats + 16) / 4) * 4;
    this.f32.fill(SENTINEL, at, this.top);
    return at;
  }
}

type LayoutKind = "row" | "col" | "strided" | "flip" | "bcast";
/** Element strides of a batch of rows×cols matrices; `base` is the element index of [0, 0, 0] inside the region. */
interface Layout {
  bs: number;
  rs: number;
  cs: number;
  base: number;
  floats: number;
}

function layout(kind: LayoutKind, rows: number, cols: number, batch: number, pad: number): Layout {
  const [rs, cs] = {
    row: [cols + pad, 1],
    col: [1, rows + pad],
    strided: [2 * cols + 1, 2],
    flip: [-(cols + pad), 1],
    bcast: [cols, 1],
  }[kind];
  const lo = Math.min(0, (rows - 1) * rs) + Math.min(0, (cols - 1) * cs);
  const span = Math.max(0, (rows - 1) * rs) + Math.max(0, (cols - 1) * cs) - lo + 1;
  const bs = kind === "bcast" ? 0 : span + pad;
  return { bs, rs, cs, base: -lo, floats: bs * (batch - 1) + span };
}

interface Case {
  m: number;
  n: number;
  k: number;
  batch?: number;
  a?: LayoutKind;
  b?: LayoutKind;
  pad?: number;
  ldcPad?: number;
}

interface Instance {
  heap: Heap;
  sgemm: Sgemm;
  globals: Record<string, { value: number }>;
}

/** A fresh heap for the next case (the memory is reused). */
function fresh(inst: Instance): Instance {
  return { ...inst, heap: new Heap(inst.heap.memory) };
}

/** Runs one case and checks C (within float32 error bounds) and every guard and gap. */
function runCase(inst: Instance, c: Case, seed: number, epilogue?: (ref: number, col: number) => number): void {
  const { heap } = inst;
  const f32 = heap.f32;
  const { m, n, k } = c;
  const batch = c.batch ?? 1,
    pad = c.pad ?? 0,
    ldc = n + (c.ldcPad ?? 0);
  const la = layout(c.a ?? "row", m, k, batch, pad),
    lb = layout(c.b ?? "row", k, n, batch, pad);
  const cbs = m * ldc + pad;
  const a = heap.alloc(la.floats),
    b = heap.alloc(lb.floats),
    cc = heap.alloc(cbs * batch);
  const work = heap.alloc(Math.ceil(sgemmWorkspaceBytes(m, n, k) / 4));
  const next = heap.alloc(0); // the guard after the workspace ends here
  const r = rng(seed);
  for (let i = a; i < a + la.floats; i++) f32[i] = 2 * r() - 1;
  for (let i = b; i < b + lb.floats; i++) f32[i] = 2 * r() - 1;
  // Unwritten C starts as NaN, so any read of it before the first store shows up.
  for (let bi = 0; bi < batch; bi++) for (let i = 0; i < m; i++) f32.fill(NaN, cc + bi * cbs + i * ldc, cc + bi * cbs + i * ldc + n);
  const before = f32.slice(a, next);
  const A = (bi: number, i: number, p: number) => f32[a + la.base + bi * la.bs + i * la.rs + p * la.cs];
  const B = (bi: number, p: number, j: number) => f32[b + lb.base + bi * lb.bs + p * lb.rs + j * lb.cs];
  const ref = new Float64Array(batch * m * n),
    mag = new Float64Array(batch * m * n);
  for (let bi = 0; bi < batch; bi++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0,
          t = 0;
        for (let p = 0; p < k; p++) {
          const x = A(bi, i, p) * B(bi, p, j);
          s += x;
          t += Math.abs(x);
        }
        ref[(bi * m + i) * n + j] = s;
        mag[(bi * m + i) * n + j] = t;
      }
  if (inst.globals.m) {
    inst.globals.m.value = m;
    inst.globals.n.value = n;
  }
  inst.sgemm(4 * (a + la.base), la.bs, la.rs, la.cs, 4 * (b + lb.base), lb.bs, lb.rs, lb.cs, 4 * cc, cbs, ldc, batch, m, n, k, 4 * work);

  const name = JSON.stringify(c);
  const inC = new Uint8Array(next - a);
  for (let bi = 0; bi < batch; bi++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        const at = cc + bi * cbs + i * ldc + j,
          e = (bi * m + i) * n + j;
        inC[at - a] = 1;
        let want = ref[e];
        if (epilogue) want = epilogue(want, j);
        const tol = (k + 2) * 2 ** -23 * mag[e] + (epilogue ? 2 ** -22 * (Math.abs(want) + 1) : 0);
        const got = f32[at];
        if (!(Math.abs(got - want) <= tol)) assert.fail(`${name}: C[${bi}][${i}][${j}] = ${got}, want ${want} ± ${tol}`);
      }
  // Everything else (A, B, gaps and guards, C's padding) is unchanged; the workspace may be scribbled on.
  for (let i = a; i < next; i++) {
    if (inC[i - a] || (i >= work && i < work + sgemmWorkspaceBytes(m, n, k) / 4)) continue;
    if (!Object.is(f32[i], before[i - a])) assert.fail(`${name}: wrote outside C at element ${i - a} (${f32[i]})`);
  }
}

function instantiate(opts: { fma: boolean; shared?: boolean; epilogue?: boolean }): Instance {
  const mb = new ModuleBuilder();
  const shared = opts.shared ?? true;
  mb.importMemory({ min: PAGES, max: PAGES, shared });
  const memory = new W.Memory({ initial: PAGES, maximum: PAGES, shared });
  const globals: Record<string, number> = {};
  let epilogue: number | undefined;
  if (opts.epilogue) {
    for (const g of ["bias", "count", "m", "n"]) {
      globals[g] = mb.addGlobal("i32", true);
      mb.exportGlobal(g, globals[g]);
    }
    epilogue = emitTestEpilogue(mb, globals).index;
  }
  mb.exportFunction("sgemm", emitSgemm(mb, "sgemm", { fma: opts.fma, epilogue }));
  const exports = mb.instantiate({ env: { memory } }).exports;
  const g = Object.fromEntries(Object.keys(globals).map((k) => [k, exports[k] as { value: number }]));
  return { heap: new Heap(memory), sgemm: exports.sgemm as Sgemm, globals: g };
}

const LO = -0.75,
  HI = 0.75;
/**
 * Epilogue: C = clamp(C + bias[col], LO, HI), and count[b][row][col] += 1
 * (bias, count: byte pointers in globals; count is batch×m×n).
 */
function emitTestEpilogue(mb: ModuleBuilder, g: Record<string, number>) {
  const f = mb.addFunction("epilogue", ["i32", "i32", "i32", "i32", "i32", "i32", "i32"], []);
  const [cBlock, ldc, bi, row0, col0, rows, cols] = [0, 1, 2, 3, 4, 5, 6];
  const i = f.addLocal("i32"),
    j = f.addLocal("i32"),
    p = f.addLocal("i32");
  const forLoop = (idx: number, end: number, body: () => void) => {
    f.i32.const(0).local_set(idx);
    const done = f.block();
    const lp = f.loop();
    f.local_get(idx).local_get(end).i32.ge_s().br_if(done);
    body();
    f.local_get(idx).i32.const(1).i32.add().local_set(idx).br(lp);
    f.end().end();
  };
  forLoop(i, rows, () =>
    forLoop(j, cols, () => {
      f.local_get(cBlock).local_get(i).local_get(ldc).i32.mul().local_get(j).i32.add().i32.const(2).i32.shl().i32.add().local_tee(p);
      f.local_get(p).f32.load();
      f.global_get(g.bias).local_get(col0).local_get(j).i32.add().i32.const(2).i32.shl().i32.add().f32.load().f32.add();
      f.f32.const(HI).f32.min().f32.const(LO).f32.max().f32.store();
      // &count[bi][row0 + i][col0 + j]
      f.global_get(g.count);
      f.local_get(bi).global_get(g.m).i32.mul().local_get(row0).i32.add().local_get(i).i32.add();
      f.global_get(g.n).i32.mul().local_get(col0).i32.add().local_get(j).i32.add().i32.const(2).i32.shl().i32.add().local_tee(p);
      f.local_get(p).i32.load().i32.const(1).i32.add().i32.store();
    }),
  );
  return f;
}

const modes = hasRelaxedSimd() ? [false, true] : [false];

for (const fma of modes) {
  const label = fma ? "relaxed_madd" : "mul+add";

  test(`sgemm (${label}): random shapes 1..70, all operand layouts`, () => {
    const inst = instantiate({ fma });
    const r = rng(fma ? 2 : 1);
    const kinds: LayoutKind[] = ["row", "col", "strided", "flip"];
    const dim = () => 1 + Math.floor(r() * 70);
    for (let t = 0; t < 120; t++) {
      const c: Case = { m: dim(), n: dim(), k: dim(), a: kinds[t % 4], b: kinds[(t >> 2) % 4], pad: t % 3, ldcPad: t % 5 };
      runCase(fresh(inst), c, t);
    }
  });

  test(`sgemm (${label}): tile and block edges, k = 0`, () => {
    const inst = instantiate({ fma });
    const ms = [1, MR - 1, MR, MR + 1, 2 * MR + 1];
    const ns = [1, 3, NR - 1, NR, NR + 1, 2 * NR + 5];
    const ks = [0, 1, 2, 7];
    let seed = 0;
    for (const m of ms)
      for (const n of ns)
        for (const k of ks)
          for (const b of ["row", "col"] as const) {
            runCase(fresh(inst), { m, n, k, b }, seed++);
          }
    // Across KC, MC and NC: several K panels, row blocks and column panels.
    runCase(fresh(inst), { m: MC + 3, n: NR + 2, k: 2 * KC + 5 }, 1);
    runCase(fresh(inst), { m: 2 * MC + 1, n: 37, k: KC + 1, a: "col", b: "col" }, 2);
    runCase(fresh(inst), { m: 3, n: NC + NR + 1, k: KC - 1, a: "strided", b: "strided" }, 3);
    runCase(fresh(inst), { m: MC, n: NC, k: KC, ldcPad: 3 }, 4);
    // Few rows: B read in place, except its last partial NR-column panel.
    runCase(fresh(inst), { m: IN_PLACE_B_MAX_M, n: NC + NR + 3, k: KC + 3, pad: 1 }, 5);
    runCase(fresh(inst), { m: IN_PLACE_B_MAX_M_SPREAD, n: 3 * NR + 5, k: KC + 3 }, 7);
    runCase(fresh(inst), { m: 3, n: 2 * NR, k: 5, batch: 2, b: "bcast" }, 6);
  });

  test(`sgemm (${label}): batches with strides, broadcast B, matrix-vector shapes`, () => {
    const inst = instantiate({ fma });
    let seed = 100;
    for (const [m, n, k] of [
      [5, 19, 9],
      [1, 37, 21],
      [23, 1, 17],
      [1, 1, 5],
      [1, 9, 0],
      [8, 1, 0],
      [40, 40, 40],
    ]) {
      for (const a of ["row", "col", "strided"] as const)
        for (const b of ["row", "col", "strided", "bcast"] as const) {
          runCase(fresh(inst), { m, n, k, batch: 3, a, b, pad: 2, ldcPad: 1 }, seed++);
        }
    }
    // Matrix-vector paths over long vectors and all their tails.
    for (const [m, n, k] of [
      [1, 301, 257],
      [301, 1, 257],
      [1, 4, 3],
      [7, 1, 2],
      [1, 1, 300],
    ]) {
      for (const a of ["row", "col", "flip"] as const)
        for (const b of ["row", "col"] as const) {
          runCase(fresh(inst), { m, n, k, a, b, ldcPad: 2 }, seed++);
        }
    }
  });
}

test("sgemm: non-shared memory; rows split into independent calls (as threads would), m = 0", () => {
  const inst = instantiate({ fma: false, shared: false });
  runCase(inst, { m: 33, n: 21, k: 300, a: "col", pad: 1 }, 7);
  // Rows [0, m) in three calls, each with its own offset pointers, m and workspace.
  const h = fresh(inst).heap,
    f32 = h.f32;
  const m = 37,
    n = 45,
    k = 70;
  const a = h.alloc(m * k),
    b = h.alloc(k * n),
    c = h.alloc(m * n),
    whole = h.alloc(m * n);
  const r = rng(9);
  for (let i = 0; i < m * k + k * n; i++) f32[a + i] = 2 * r() - 1;
  const call = (row0: number, rows: number, out: number) => {
    const work = h.alloc(sgemmWorkspaceBytes(rows, n, k) / 4);
    inst.sgemm(4 * (a + row0 * k), 0, k, 1, 4 * b, 0, n, 1, 4 * (out + row0 * n), 0, n, 1, rows, n, k, 4 * work);
  };
  call(0, m, whole);
  call(5, 0, c); // no rows: nothing written
  assert.ok(f32.subarray(c, c + m * n).every((x) => x === SENTINEL));
  for (const [row0, rows] of [
    [0, 10],
    [10, 1],
    [11, 26],
  ])
    call(row0, rows, c);
  assert.deepEqual(f32.slice(c, c + m * n), f32.slice(whole, whole + m * n));
});

test("sgemm: epilogue runs once per element, on the finished product", () => {
  for (const fma of modes) {
    const inst = instantiate({ fma, epilogue: true });
    let seed = 200;
    const cases: Case[] = [
      { m: 9, n: 13, k: 11, batch: 2, ldcPad: 3 },
      { m: MC + 5, n: NC + 3, k: 2 * KC + 1, b: "col" },
      { m: 1, n: 50, k: 33, batch: 3 },
      { m: 50, n: 1, k: 33, batch: 2, a: "col" },
      { m: 1, n: 20, k: 10, b: "strided" },
      { m: 6, n: 7, k: 0, batch: 2 },
      { m: IN_PLACE_B_MAX_M - 1, n: 2 * NR + 3, k: KC + 9 },
    ];
    for (const c of cases) {
      const h = fresh(inst).heap;
      const batch = c.batch ?? 1;
      const bias = h.alloc(c.n),
        count = h.alloc(batch * c.m * c.n);
      const r = rng(seed);
      for (let j = 0; j < c.n; j++) h.f32[bias + j] = r() - 0.5;
      new Int32Array(h.f32.buffer).fill(0, count, count + batch * c.m * c.n);
      inst.globals.bias.value = 4 * bias;
      inst.globals.count.value = 4 * count;
      const biasVals = h.f32.slice(bias, bias + c.n);
      runCase({ ...inst, heap: h }, c, seed++, (ref, col) => Math.min(HI, Math.max(LO, ref + biasVals[col])));
      const counts = new Int32Array(h.f32.buffer, 4 * count, batch * c.m * c.n);
      assert.ok(
        counts.every((x) => x === 1),
        `${JSON.stringify(c)}: epilogue visits ${[...new Set(counts)]}`,
      );
    }
  }
});
